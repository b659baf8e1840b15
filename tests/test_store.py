"""The SQLite layer (tracker.storage.store): numbered migrations in one transaction, and the history and send ledger files
written by earlier versions of tracker opening and upgrading without losing a row."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

from tracker.delivery import LEDGER_MIGRATIONS, Ledger
from tracker.errors import HistoryError, LedgerError
from tracker.storage.history import SCHEMA_VERSION, History
from tracker.storage.store import Migration, NewerSchemaError, add_column, open_database, schema_version

# The send ledger's table as each earlier tracker left it (always at user_version 0): first the original, then
# with the refusals, then with the claiming process, then with the office's combined messages (via, then owner).
OLD_SENDS = """CREATE TABLE sends (
    key TEXT PRIMARY KEY, tracker TEXT NOT NULL, unit TEXT NOT NULL, check_date TEXT NOT NULL,
    level TEXT NOT NULL, message_id TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL,
    updated_at TEXT NOT NULL, error TEXT)"""
LEDGER_SHAPES = {
    "2026-11-28": [],
    "refusals": ["ALTER TABLE sends ADD COLUMN refused TEXT"],
    "claims": ["ALTER TABLE sends ADD COLUMN refused TEXT", "ALTER TABLE sends ADD COLUMN owner TEXT"],
    "office": ["ALTER TABLE sends ADD COLUMN refused TEXT", "ALTER TABLE sends ADD COLUMN via TEXT",
               "ALTER TABLE sends ADD COLUMN owner TEXT", "CREATE INDEX sends_via ON sends (via)"],
    "sections": ["ALTER TABLE sends ADD COLUMN refused TEXT", "ALTER TABLE sends ADD COLUMN owner TEXT",
                 "ALTER TABLE sends ADD COLUMN via TEXT", "CREATE INDEX sends_via ON sends (via)"],
}
LEDGER_COLUMNS = {"key", "tracker", "unit", "check_date", "level", "message_id", "state", "attempts", "updated_at",
                  "error", "refused", "owner", "via"}

# The history's first schema as tracker 2026-11-28 wrote it (one script, at user_version 1).
OLD_HISTORY_V1 = """
    CREATE TABLE checks (id INTEGER PRIMARY KEY, tracker TEXT NOT NULL, as_of TEXT NOT NULL,
        checked_at TEXT NOT NULL, source TEXT NOT NULL, findings TEXT NOT NULL);
    CREATE INDEX checks_tracker ON checks (tracker, id);
    CREATE TABLE rows (check_id INTEGER NOT NULL REFERENCES checks (id), unit TEXT NOT NULL, sheet TEXT NOT NULL,
        row INTEGER NOT NULL, identity TEXT NOT NULL, digest TEXT NOT NULL, vals TEXT NOT NULL,
        counted INTEGER NOT NULL);
    CREATE INDEX rows_check ON rows (check_id);
    CREATE INDEX rows_identity ON rows (identity);
"""

OLD_HISTORY_LATER = (  # versions 2, 3 and 4, as the same tracker wrote them
    """CREATE TABLE first_seen (tracker TEXT NOT NULL, identity TEXT NOT NULL, check_id INTEGER NOT NULL,
        as_of TEXT NOT NULL, PRIMARY KEY (tracker, identity));
    INSERT OR IGNORE INTO first_seen (tracker, identity, check_id, as_of)
        SELECT c.tracker, r.identity, MIN(c.id), MIN(c.as_of) FROM rows r JOIN checks c ON c.id = r.check_id
        GROUP BY c.tracker, r.identity;""",
    """CREATE TABLE statuses (check_id INTEGER NOT NULL REFERENCES checks (id), unit TEXT NOT NULL,
        task TEXT NOT NULL, status TEXT NOT NULL);
    CREATE INDEX statuses_check ON statuses (check_id);
    INSERT INTO statuses (check_id, unit, task, status)
        SELECT c.id, json_extract(m.value, '$.unit'), json_extract(m.value, '$.task'), json_extract(m.value, '$.status')
        FROM checks c, json_each(c.findings, '$.matrix') m;""",
    """CREATE TABLE decisions (check_id INTEGER NOT NULL REFERENCES checks (id), key TEXT NOT NULL,
        unit TEXT NOT NULL, row INTEGER, part TEXT, decision TEXT NOT NULL, reason TEXT NOT NULL, who TEXT NOT NULL,
        decided_on TEXT NOT NULL, state TEXT NOT NULL, applied_row INTEGER, digest TEXT NOT NULL,
        effects TEXT NOT NULL);
    CREATE INDEX decisions_check ON decisions (check_id);
    CREATE INDEX decisions_key ON decisions (key);""",
)


def _schema(db: sqlite3.Connection) -> dict[str, object]:
    """Each table's columns (name, type, not null, default, key) and indexes (name, unique, columns)."""
    tables = [str(r[0]) for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {t: ([tuple(c[1:]) for c in db.execute(f"PRAGMA table_info({t})")],
                sorted((str(i[1]), i[2], [str(c[2]) for c in db.execute(f"PRAGMA index_info('{i[1]}')")])
                       for i in db.execute(f"PRAGMA index_list({t})"))) for t in tables}


@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_a_history_of_every_earlier_schema_ends_with_the_schema_of_a_new_one(tmp_path: Path, version: int) -> None:
    with History(tmp_path / "new.sqlite") as new:
        expected = _schema(new.db)
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    for script in (OLD_HISTORY_V1, *OLD_HISTORY_LATER)[:version]:
        db.executescript(script)
    db.execute(f"PRAGMA user_version = {version}")
    db.commit()
    db.close()
    with History(path) as old:
        assert (schema_version(old.db), _schema(old.db)) == (SCHEMA_VERSION, expected)


def _old_ledger(path: Path, shape: list[str]) -> None:
    db = sqlite3.connect(path)
    db.execute(OLD_SENDS)
    for statement in shape:
        db.execute(statement)
    db.execute("INSERT INTO sends (key, tracker, unit, check_date, level, message_id, state, attempts, updated_at) "
               "VALUES ('t/u/2026-11-27/reminder', 't', 'u', '2026-11-27', 'reminder', '<m1@x>', 'sent', 1, 'x')")
    db.execute("INSERT INTO sends (key, tracker, unit, check_date, level, message_id, state, attempts, updated_at) "
               "VALUES ('t/v/2026-11-27/reminder', 't', 'v', '2026-11-27', 'reminder', '<m2@x>', 'sending', 2, 'x')")
    db.commit()
    db.close()


def _columns(db: sqlite3.Connection, table: str) -> set[str]:
    return {str(r[1]) for r in db.execute(f"PRAGMA table_info({table})")}


@pytest.mark.parametrize("shape", list(LEDGER_SHAPES))
def test_a_ledger_written_by_an_earlier_tracker_opens_upgraded_with_its_rows(tmp_path: Path, shape: str) -> None:
    path = tmp_path / "ledger.sqlite"
    _old_ledger(path, LEDGER_SHAPES[shape])
    with Ledger(path) as ledger:
        assert schema_version(ledger.db) == len(LEDGER_MIGRATIONS) == 4
        assert _columns(ledger.db, "sends") == LEDGER_COLUMNS
        assert ledger.rows() == [("t/u/2026-11-27/reminder", "sent", "<m1@x>", 1),
                                 ("t/v/2026-11-27/reminder", "sending", "<m2@x>", 2)]
        indexes = {str(r[1]) for r in ledger.db.execute("PRAGMA index_list(sends)")}
        assert "sends_via" in indexes
    with Ledger(path) as ledger:  # opened again: nothing left to do, nothing changed
        assert schema_version(ledger.db) == 4 and len(ledger.rows()) == 2


def test_a_new_ledger_has_the_same_table_as_an_upgraded_one(tmp_path: Path) -> None:
    with Ledger(tmp_path / "new.sqlite") as new:
        made = list(new.db.execute("PRAGMA table_info(sends)"))
    _old_ledger(tmp_path / "old.sqlite", [])
    with Ledger(tmp_path / "old.sqlite") as old:
        assert list(old.db.execute("PRAGMA table_info(sends)")) == made


def test_a_ledger_from_a_newer_tracker_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite"
    _old_ledger(path, [])
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 9")
    db.close()
    with pytest.raises(LedgerError, match=r"written by a newer tracker \(schema 9 > 4\)"):
        Ledger(path)
    db = sqlite3.connect(path)
    assert _columns(db, "sends") == LEDGER_COLUMNS - {"refused", "owner", "via"}
    db.close()


def test_a_ledger_that_cannot_be_opened_is_not_called_damaged(tmp_path: Path) -> None:
    folder = tmp_path / "ledger.sqlite"
    folder.mkdir()  # a folder where the file should be: nothing to move aside, nothing at risk of being resent
    with pytest.raises(LedgerError) as raised:
        Ledger(folder)
    assert str(raised.value) == f"cannot open the send ledger {folder}: unable to open database file"


def test_a_history_written_at_its_first_schema_upgrades_with_every_row(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.executescript(OLD_HISTORY_V1)
    db.execute("INSERT INTO checks VALUES (1, 't', '2023-08-04', 'x', 'file', "
               "'{\"matrix\": [{\"unit\": \"u\", \"task\": \"1\", \"status\": \"overdue\"}]}')")
    db.execute("INSERT INTO rows VALUES (1, 'u', 's', 3, 'abc', 'd', '{\"content\": \"giữ lại\"}', 1)")
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    with History(path) as h:
        assert schema_version(h.db) == SCHEMA_VERSION == 4
        assert h.rows(1)[0].values == {"content": "giữ lại"}
        assert h.first_seen("t") == {"abc": "2023-08-04"}
        assert h.status_trend("t") == [{"check": 1, "as_of": "2023-08-04", "unit": "u", "task": "1", "status": "overdue"}]
        assert h.overdue_streaks("t", ["u"], date(2023, 8, 11), 4) == {"u": 2}  # the week to 04/08, and this one
        assert _columns(h.db, "decisions") >= {"key", "effects"}


def test_a_history_that_is_not_a_database_is_a_history_error(tmp_path: Path) -> None:
    bad = tmp_path / "h.sqlite"
    bad.write_bytes(b"not a database" * 100)
    with pytest.raises(HistoryError, match=r"cannot open history .*file is not a database"):
        History(bad)


TRIGGERED: list[Migration] = [
    ("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
     "CREATE TABLE log (name TEXT NOT NULL)",
     # a trigger's body holds ';': splitting the migration on ';' would cut it in three
     """CREATE TRIGGER items_logged AFTER INSERT ON items BEGIN
            INSERT INTO log (name) VALUES (new.name);
            INSERT INTO log (name) VALUES (new.name || '; again');
        END"""),
]


def test_a_migration_holding_a_trigger_runs_whole(tmp_path: Path) -> None:
    db = open_database(tmp_path / "t.sqlite", TRIGGERED)
    db.execute("INSERT INTO items (name) VALUES ('a')")
    assert [r[0] for r in db.execute("SELECT name FROM log ORDER BY rowid")] == ["a", "a; again"]
    assert schema_version(db) == 1
    db.close()


def test_a_failing_migration_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "t.sqlite"
    open_database(path, TRIGGERED).close()
    broken: list[Migration] = [*TRIGGERED, ("CREATE TABLE second (x)", "INSERT INTO missing VALUES (1)")]
    with pytest.raises(sqlite3.OperationalError, match="no such table: missing"):
        open_database(path, broken)
    db = sqlite3.connect(path)
    assert schema_version(db) == 1
    assert {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")} == {"items", "log"}
    db.close()


def test_a_file_from_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.sqlite"
    open_database(path, [*TRIGGERED, ("CREATE TABLE later (x)",)]).close()
    with pytest.raises(NewerSchemaError) as raised:
        open_database(path, TRIGGERED)
    assert (raised.value.found, raised.value.known) == (2, 1)


def test_files_are_opened_in_wal_with_foreign_keys(tmp_path: Path) -> None:
    db = open_database(tmp_path / "t.sqlite", TRIGGERED)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    db.close()


def test_add_column_adds_only_a_missing_column(tmp_path: Path) -> None:
    db = open_database(tmp_path / "t.sqlite", [("CREATE TABLE t (a TEXT, b TEXT)",),
                                               (add_column("t", "b", "TEXT"), add_column("t", "c", "TEXT"))])
    assert [str(r[1]) for r in db.execute("PRAGMA table_info(t)")] == ["a", "b", "c"]
    db.close()


@pytest.mark.slow
def test_four_runs_opening_an_old_ledger_at_once_all_open_it(tmp_path: Path) -> None:
    import time

    path = tmp_path / "ledger.sqlite"
    _old_ledger(path, LEDGER_SHAPES["refusals"])
    start = time.time() + 4  # all four open the file at this moment, after their imports
    code = textwrap.dedent(f"""
        import time
        from tracker.delivery import Ledger
        time.sleep(max(0.0, {start} - time.time()))
        with Ledger({str(path)!r}) as ledger:
            assert len(ledger.rows()) == 2
    """)
    procs = [subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE) for _ in range(4)]
    errors = [p.communicate(timeout=120)[1].decode()[-800:] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    db = sqlite3.connect(path)
    assert _columns(db, "sends") == LEDGER_COLUMNS and schema_version(db) == 4
    db.close()
