"""History: every check's snapshot in one SQLite file, what changed since, and deleted rows restored.

A shared sheet is mutable; the province must see the record as it stood at each check. Each check
is written in one transaction (a crash leaves the previous state), the file runs in WAL mode so
readers never block the writer, and the schema moves forward by numbered migrations (MIGRATIONS, applied by
tracker.storage.store, the version kept in `PRAGMA user_version`; a newer file is refused, never rewritten). What changed
between two checks is computed by tracker.storage.rowdiff.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from tracker.definition import WEEKDAYS, Tracker
from tracker.errors import HistoryError
from tracker.result import ChangedRow, Changes, CheckResult, TrendPoint, findings
from tracker.rowid import row_digest, row_identity
from tracker.storage.rowdiff import RowDiff as RowDiff
from tracker.storage.rowdiff import StoredRow as StoredRow
from tracker.storage.rowdiff import diff_rows as diff_rows
from tracker.storage.store import Migration, NewerSchemaError, open_database
from tracker.text import json_chunks, json_text
from tracker.workdays import check_week

# StoredRow, RowDiff and diff_rows live in tracker.storage.rowdiff; imported "as" themselves, they are still named here
# for the modules and benchmarks that import them from tracker.storage.history.

if TYPE_CHECKING:
    from tracker.intake import RawRow

MIGRATIONS: tuple[Migration, ...] = (
    # 1: checks and the rows as read
    (
        """CREATE TABLE checks (
            id INTEGER PRIMARY KEY,
            tracker TEXT NOT NULL,
            as_of TEXT NOT NULL,
            checked_at TEXT NOT NULL,
            source TEXT NOT NULL,
            findings TEXT NOT NULL
        )""",
        "CREATE INDEX checks_tracker ON checks (tracker, id)",
        """CREATE TABLE rows (
            check_id INTEGER NOT NULL REFERENCES checks (id),
            unit TEXT NOT NULL,
            sheet TEXT NOT NULL,
            row INTEGER NOT NULL,
            identity TEXT NOT NULL,
            digest TEXT NOT NULL,
            vals TEXT NOT NULL,
            counted INTEGER NOT NULL
        )""",
        "CREATE INDEX rows_check ON rows (check_id)",
        "CREATE INDEX rows_identity ON rows (identity)",
    ),
    # 2: when each row identity was first seen, kept rather than recomputed over every check
    (
        """CREATE TABLE first_seen (
            tracker TEXT NOT NULL,
            identity TEXT NOT NULL,
            check_id INTEGER NOT NULL,
            as_of TEXT NOT NULL,
            PRIMARY KEY (tracker, identity)
        )""",
        """INSERT OR IGNORE INTO first_seen (tracker, identity, check_id, as_of)
            SELECT c.tracker, r.identity, MIN(c.id), MIN(c.as_of) FROM rows r JOIN checks c ON c.id = r.check_id
            GROUP BY c.tracker, r.identity""",
    ),
    # 3: statuses per check in their own table, so trends and streaks need not parse every findings file
    (
        """CREATE TABLE statuses (
            check_id INTEGER NOT NULL REFERENCES checks (id),
            unit TEXT NOT NULL,
            task TEXT NOT NULL,
            status TEXT NOT NULL
        )""",
        "CREATE INDEX statuses_check ON statuses (check_id)",
        """INSERT INTO statuses (check_id, unit, task, status)
            SELECT c.id, json_extract(m.value, '$.unit'), json_extract(m.value, '$.task'),
                json_extract(m.value, '$.status')
            FROM checks c, json_each(c.findings, '$.matrix') m""",
    ),
    # 4: the province's decisions as each check applied them: who decided what, when, and what it changed
    (
        """CREATE TABLE decisions (
            check_id INTEGER NOT NULL REFERENCES checks (id),
            key TEXT NOT NULL,
            unit TEXT NOT NULL,
            row INTEGER,
            part TEXT,
            decision TEXT NOT NULL,
            reason TEXT NOT NULL,
            who TEXT NOT NULL,
            decided_on TEXT NOT NULL,
            state TEXT NOT NULL,
            applied_row INTEGER,
            digest TEXT NOT NULL,
            effects TEXT NOT NULL
        )""",
        "CREATE INDEX decisions_check ON decisions (check_id)",
        "CREATE INDEX decisions_key ON decisions (key)",
    ),
)
"""The schema, one migration per version (tracker.storage.store): a file at version N has had the first N."""
SCHEMA_VERSION = len(MIGRATIONS)
LATE_AFTER_DAYS = 7  # a row first seen more than a reporting week after its date was reported late


def history_path_for(tracker: Tracker) -> Path:
    """The tracker's `history:` file, relative to its YAML; by default `tracker-history.sqlite` beside the YAML
    (tracker.weekly.Workspace.of decides for bundled trackers and the notebook)."""
    return Path(tracker.base_dir) / (tracker.history or "tracker-history.sqlite")


class DecisionEntry(TypedDict):
    """One decision as one check applied it (History.decision_log)."""

    check_id: int
    as_of: str
    key: str
    unit: str
    row: int | None
    part: str | None
    decision: str
    reason: str
    who: str
    decided_on: str
    state: str
    applied_row: int | None
    effects: list[dict[str, str]]


@dataclass(frozen=True)
class CheckInfo:
    id: int
    tracker: str
    as_of: str
    checked_at: str
    source: str

    @property
    def day(self) -> date:
        """`as_of` as a date (stored as ISO text)."""
        return date.fromisoformat(self.as_of)


class History:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = open_database(self.path, MIGRATIONS)
        except NewerSchemaError as exc:
            raise HistoryError(str(exc)) from exc
        except sqlite3.DatabaseError as exc:
            raise HistoryError(f"cannot open history {self.path}: {exc}",
                               vi=f"không mở được tệp lịch sử “{self.path}” ({exc})") from exc

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    # ------------------------------------------------------------------ writing

    def record(self, result: CheckResult) -> Changes:
        """Store the check; returns what changed since the previous one (record_check gives the whole result)."""
        changes = self.record_check(result).changes
        assert changes is not None  # record_check always sets them
        return changes

    def record_check(self, result: CheckResult) -> CheckResult:
        """Store the check; returns it as stored: with its number, what changed, and the trend. The
        given result is not changed."""
        try:
            return self._record(result)
        except sqlite3.DatabaseError as exc:  # a file damaged past its header shows it only here
            raise HistoryError(f"cannot write to history {self.path}: {exc}",
                               vi=f"không ghi được vào tệp lịch sử “{self.path}” ({exc})") from exc

    def _record(self, result: CheckResult) -> CheckResult:
        tracker = result.tracker.id
        rows = [_stored(r) for r in result.intake.raw_rows]
        self.db.execute("BEGIN IMMEDIATE")
        try:
            changes = self._changes(result, rows)
            cur = self.db.execute(
                "INSERT INTO checks (tracker, as_of, checked_at, source, findings) VALUES (?, ?, ?, ?, '{}')",
                (tracker, result.as_of.isoformat(), result.checked_at.isoformat(timespec="seconds"), result.source),
            )
            check_id = int(cur.lastrowid or 0)
            # The parameters as generators: a national check's rows as one list of tuples was tens of MiB at once.
            self.db.executemany(
                "INSERT INTO rows (check_id, unit, sheet, row, identity, digest, vals, counted) VALUES (?,?,?,?,?,?,?,?)",
                ((check_id, r.unit, r.sheet, r.row, r.identity, r.digest, json_text(r.values),
                  int(r.counted)) for r in rows),
            )
            self.db.executemany(
                # a check stored out of order (an earlier date, later) moves a row's first sight back, never forward
                "INSERT INTO first_seen (tracker, identity, check_id, as_of) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (tracker, identity) DO UPDATE SET check_id = excluded.check_id, as_of = excluded.as_of "
                "WHERE excluded.as_of < first_seen.as_of",
                ((tracker, r.identity, check_id, result.as_of.isoformat()) for r in rows),
            )
            self.db.executemany(
                "INSERT INTO statuses (check_id, unit, task, status) VALUES (?, ?, ?, ?)",
                ((check_id, ts.unit, ts.task, ts.status) for ts in result.evaluation.matrix),
            )
            self.db.executemany(
                "INSERT INTO decisions (check_id, key, unit, row, part, decision, reason, who, decided_on, state, "
                "applied_row, digest, effects) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [(check_id, o.decision.key, o.decision.unit, o.decision.row, o.decision.part, str(o.decision.kind),
                  o.decision.reason, o.decision.who, o.decision.decided_on.isoformat(), o.state, o.row,
                  o.digest or o.decision.digest, json_text(list(o.effects)))
                 for o in result.decisions],
            )
            del rows  # what changed keeps the rows' values; their records are not needed while the findings are made
            stored = result.with_history(check_id, changes, self.status_trend(tracker))
            self._before_commit()
            self._store_findings(check_id, stored)
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return stored

    def _store_findings(self, check_id: int, stored: CheckResult) -> None:
        """The check's findings into its row as text, byte for byte `json_text(findings(stored))`: made as UTF-8 a
        piece at a time (`findings_utf8`), written into a blob of their length, then that blob made text in place.
        Bound as text, the findings' text was in memory four times over (as Python's text, its UTF-8 copy, SQLite's
        copy and the row SQLite made of it): at national scale each of them is about 90 MB."""
        data = findings_utf8(stored)
        self.db.execute("UPDATE checks SET findings = zeroblob(?) WHERE id = ?", (len(data), check_id))
        with self.db.blobopen("checks", "findings", check_id) as blob:
            blob.write(data)
        del data
        self.db.execute("UPDATE checks SET findings = CAST(findings AS TEXT) WHERE id = ?", (check_id,))

    def compare(self, result: CheckResult) -> CheckResult:
        """The check with what changed since the stored checks and their trend, without storing it: a document
        written from the week's data is not another check (four drafts of a letter are not four weeks)."""
        try:
            changes = self._changes(result, [_stored(r) for r in result.intake.raw_rows])
            return result.with_history(None, changes, self.status_trend(result.tracker.id))
        except sqlite3.DatabaseError as exc:
            raise HistoryError(f"cannot read history {self.path}: {exc}",
                               vi=f"không đọc được tệp lịch sử “{self.path}” ({exc})") from exc

    def _changes(self, result: CheckResult, rows: list[StoredRow]) -> Changes:
        base = self.base_check(result.tracker, result.as_of)
        diff = diff_rows(self.rows(base.id) if base else [], rows)
        # On the first check everything is new: lateness means something only after one check.
        return Changes(new=diff["new"], edited=diff["edited"], deleted=diff["deleted"],
                       reported_late=_reported_late(result, diff["new"]) if base else [],
                       previous_check=base.id if base else None, previous_as_of=base.as_of if base else None)

    def base_check(self, tracker: Tracker, as_of: date) -> CheckInfo | None:
        """The stored check a check of `as_of` is compared with ("new since"): the last check of an earlier reporting
        week (the previous week's, tracker.workdays.check_week), else the last one of an earlier date in this week;
        never one of the same date (a rerun, a document run earlier that day), nor one dated later (a check stored
        out of order)."""
        week_start = check_week(as_of, WEEKDAYS.index(tracker.rhythm.check_weekday)) - timedelta(days=6)
        for before in (week_start, as_of):
            row = self.db.execute(
                "SELECT id, tracker, as_of, checked_at, source FROM checks WHERE tracker = ? AND as_of < ? "
                "ORDER BY as_of DESC, id DESC LIMIT 1", (tracker.id, before.isoformat())).fetchone()
            if row:
                return CheckInfo(*row)
        return None

    def _before_commit(self) -> None:
        """A seam for the crash tests: nothing happens here in normal runs."""

    # ------------------------------------------------------------------ reading

    def _last_check(self, tracker: str) -> CheckInfo | None:
        row = self.db.execute(
            "SELECT id, tracker, as_of, checked_at, source FROM checks WHERE tracker = ? ORDER BY id DESC LIMIT 1",
            (tracker,),
        ).fetchone()
        return CheckInfo(*row) if row else None

    def units_found(self, tracker: str) -> tuple[int, str] | None:
        """How many units' sheets the last stored check of the tracker found, and its as-of date; None before any.
        Counted inside SQLite (JSON1): the stored findings are not parsed in Python for one number."""
        last = self._last_check(tracker)
        if last is None:
            return None
        row = self.db.execute("SELECT count(*) FROM checks, json_each(checks.findings, '$.units') "
                              "WHERE checks.id = ? AND json_extract(json_each.value, '$.sheet_found')",
                              (last.id,)).fetchone()
        return int(row[0]), last.as_of

    def checks(self, tracker: str | None = None) -> list[CheckInfo]:
        sql = "SELECT id, tracker, as_of, checked_at, source FROM checks"
        args: tuple[Any, ...] = ()
        if tracker:
            sql += " WHERE tracker = ?"
            args = (tracker,)
        return [CheckInfo(*r) for r in self.db.execute(sql + " ORDER BY id", args)]

    def check(self, check_id: int) -> CheckInfo:
        row = self.db.execute("SELECT id, tracker, as_of, checked_at, source FROM checks WHERE id = ?",
                              (check_id,)).fetchone()
        if not row:
            raise HistoryError(f"no check {check_id} in {self.path}",
                               vi=f"không có lần kiểm tra số {check_id} trong “{self.path}”")
        return CheckInfo(*row)

    def findings(self, check_id: int) -> dict[str, Any]:
        self.check(check_id)
        row = self.db.execute("SELECT findings FROM checks WHERE id = ?", (check_id,)).fetchone()
        data: dict[str, Any] = json.loads(row[0])
        return data

    def rows(self, check_id: int) -> list[StoredRow]:
        return [StoredRow(u, s, r, i, d, json.loads(v), bool(c)) for u, s, r, i, d, v, c in self.db.execute(
            "SELECT unit, sheet, row, identity, digest, vals, counted FROM rows WHERE check_id = ? ORDER BY unit, row",
            (check_id,))]

    def diff(self, a: int, b: int) -> RowDiff:
        self.check(a)
        self.check(b)
        return diff_rows(self.rows(a), self.rows(b))

    def deleted_rows(self, tracker: str, identity_prefix: str | None = None, edited: bool = False) -> list[StoredRow]:
        """Rows deleted from the units' sheets and not typed back since, as last seen, for restore: what each check
        found deleted since the one before (history diff's 'Đã xóa', in the order the checks read the sheets), less
        what the latest check holds again. An edited row's old version is not a deleted row: pasting it back would
        count the activity twice; `edited` adds the old versions of rows edited since (asked for on purpose)."""
        deleted, old_versions = self.removed_rows(tracker)
        rows = deleted + (old_versions if edited else [])
        if identity_prefix:
            rows = [r for r in rows if r.identity.startswith(identity_prefix)]
        return sorted(rows, key=lambda r: (r.unit, r.row))

    def removed_rows(self, tracker: str) -> tuple[list[StoredRow], list[StoredRow]]:
        """(deleted rows, old versions of edited rows) over the tracker's stored checks, each as last seen, none that
        the latest check holds."""
        checks = self.checks(tracker)
        if not checks:
            return [], []
        deleted: dict[str, StoredRow] = {}
        edited: dict[str, StoredRow] = {}
        before = self.rows(checks[0].id)
        for info in checks[1:]:
            after = self.rows(info.id)
            changes = diff_rows(before, after)
            for row in changes["deleted"]:
                deleted[row["id"]] = _from_changed(row)
            for row in changes["edited"]:
                old = StoredRow(row["unit"], row["sheet"], row.get("before_row", row["row"]),
                                row_identity(row["unit"], row["before"]), row_digest(row["before"]), row["before"],
                                row["counted"])
                if old.identity != row["id"]:
                    edited[old.identity] = old
            before = after
        present = {r.identity for r in before}
        return ([r for i, r in deleted.items() if i not in present],
                [r for i, r in edited.items() if i not in present and i not in deleted])

    def first_seen(self, tracker: str) -> dict[str, str]:
        return dict(self.db.execute("SELECT identity, as_of FROM first_seen WHERE tracker = ?", (tracker,)).fetchall())

    def row_keys(self, check_id: int) -> list[tuple[str, str, int, str, str]]:
        """(unit, sheet, row, identity, digest) of a check's rows: what comparing checks needs, without decoding
        every row's values (seconds at national scale)."""
        return [tuple(r) for r in self.db.execute(
            "SELECT unit, sheet, row, identity, digest FROM rows WHERE check_id = ?", (check_id,))]

    def rows_of_units(self, check_id: int, units: Sequence[str]) -> dict[str, list[StoredRow]]:
        """A check's rows of the given units only, in sheet order, values decoded."""
        out: dict[str, list[StoredRow]] = defaultdict(list)
        for i in range(0, len(units), 500):  # under SQLite's limit of bound parameters
            chunk = units[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for unit, sheet, row, identity, digest, vals, counted in self.db.execute(
                    "SELECT unit, sheet, row, identity, digest, vals, counted FROM rows "
                    f"WHERE check_id = ? AND unit IN ({marks}) ORDER BY unit, row", (check_id, *chunk)):
                out[unit].append(StoredRow(unit, sheet, row, identity, digest, json.loads(vals), bool(counted)))
        return out

    def decision_pins(self, tracker: str) -> dict[str, str]:
        """Per decision, the row digest the first check that applied it tied it to: a hand-typed line
        stays tied to what its row held then, however the row changes later."""
        pins: dict[str, str] = {}
        for key, digest in self.db.execute(
                "SELECT d.key, d.digest FROM decisions d JOIN checks c ON c.id = d.check_id "
                "WHERE c.tracker = ? AND d.digest != '' AND d.row IS NOT NULL ORDER BY d.check_id", (tracker,)):
            pins.setdefault(key, digest)
        return pins

    def decision_log(self, tracker: str) -> list[DecisionEntry]:
        """Every decision as each check applied it, oldest first: who decided what, when, and what it changed."""
        cur = self.db.execute(
            "SELECT d.check_id, c.as_of, d.key, d.unit, d.row, d.part, d.decision, d.reason, d.who, d.decided_on, "
            "d.state, d.applied_row, d.effects FROM decisions d JOIN checks c ON c.id = d.check_id "
            "WHERE c.tracker = ? ORDER BY d.check_id, d.rowid", (tracker,))
        names = [c[0] for c in cur.description]
        out: list[DecisionEntry] = []
        for values in cur:
            entry = dict(zip(names, values, strict=True))
            entry["effects"] = json.loads(entry["effects"])
            out.append(DecisionEntry(**entry))  # type: ignore[typeddict-item]  # the columns are the keys
        return out

    def figures_before(self, tracker: str, as_of: str) -> tuple[str, dict[str, Any]] | None:
        """The tracker's last check of a day before `as_of` (ISO): its date and its roll-up over every unit
        (findings' rollups.province), read by SQLite without decoding the whole findings."""
        row = self.db.execute(
            "SELECT as_of, json_extract(findings, '$.rollups.province') FROM checks WHERE tracker = ? AND as_of < ? "
            "ORDER BY as_of DESC, id DESC LIMIT 1", (tracker, as_of)).fetchone()
        if not row or not row[1]:
            return None
        figures: dict[str, Any] = json.loads(row[1])
        return str(row[0]), figures

    def status_trend(self, tracker: str) -> list[TrendPoint]:
        """Each unit's status per task at every check: rows of {check, as_of, unit, task, status}."""
        return [TrendPoint(check=c, as_of=d, unit=u, task=t, status=s) for c, d, u, t, s in self.db.execute(
            "SELECT c.id, c.as_of, s.unit, s.task, s.status FROM statuses s JOIN checks c ON c.id = s.check_id "
            "WHERE c.tracker = ? ORDER BY c.id, s.rowid", (tracker,))]

    def overdue_streaks(self, tracker: str, units: Sequence[str], as_of: date, check_weekday: int) -> dict[str, int]:
        """For units overdue at the check of `as_of`: how many reporting weeks in a row they have been overdue, this
        week included. Weeks, not checks (tracker.workdays.check_week): the checks of one week count once, judged
        by the week's last check (its latest date); the order in which checks were stored changes nothing, and a
        check dated after `as_of` is not looked at. Walking back from the week before this one, each earlier week
        whose last check found the unit overdue adds one, up to the first that did not; a week without any stored
        check neither adds nor stops the count. This week is counted whether or not its check is stored."""
        this_week = check_week(as_of, check_weekday)
        last_of_week: dict[date, int] = {}
        for check_id, day in self.db.execute(
                "SELECT id, as_of FROM checks WHERE tracker = ? AND as_of <= ? ORDER BY as_of DESC, id DESC",
                (tracker, as_of.isoformat())):
            week = check_week(date.fromisoformat(day), check_weekday)
            if week < this_week:
                last_of_week.setdefault(week, int(check_id))
        out = dict.fromkeys(units, 1)
        going = set(units)
        for week in sorted(last_of_week, reverse=True):
            if not going:
                break
            overdue = {str(u) for (u,) in self.db.execute(
                "SELECT DISTINCT unit FROM statuses WHERE check_id = ? AND status = 'overdue'", (last_of_week[week],))}
            for unit in list(going):
                if unit in overdue:
                    out[unit] += 1
                else:
                    going.discard(unit)
        return out


def findings_utf8(result: CheckResult) -> bytearray:
    """`json_text(findings(result))` encoded as UTF-8, made a piece at a time (tracker.text.json_chunks; the activities
    as their own JSON and what changed a row at a time: `findings(lazy=True, encoded=True)`). Made whole, the
    findings' dictionary, their text (two bytes a character: Vietnamese) and its UTF-8 copy were the national week's
    peak of memory: 1,104 MiB while one directive of 3,321 communes was stored, 370 MiB before it (docs/benchmarks.md,
    "The office's week")."""
    out = bytearray()
    for chunk in json_chunks(findings(result, lazy=True, encoded=True)):
        out += chunk.encode("utf-8")
    return out


def _reported_late(result: CheckResult, new_rows: list[ChangedRow]) -> list[ChangedRow]:
    """New rows whose activity is dated more than a reporting week before this check."""
    dates = {(a.unit, a.row): a.date for a in result.intake.activities}
    late = []
    for row in new_rows:
        day = dates.get((row["unit"], row["row"]))
        if day is not None and (result.as_of - day).days > LATE_AFTER_DAYS:
            late.append(ChangedRow(**row, days_late=(result.as_of - day).days))
    return late


def _from_changed(row: ChangedRow) -> StoredRow:
    return StoredRow(row["unit"], row["sheet"], row["row"], row["id"], row_digest(row["values"]), row["values"],
                     row["counted"])


def _stored(row: RawRow) -> StoredRow:
    return StoredRow(row.unit, row.sheet, row.row, row_identity(row.unit, row.values), row_digest(row.values),
                     dict(row.values), row.counted)
