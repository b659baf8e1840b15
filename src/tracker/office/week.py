"""The office's week as one call: every active directive checked, stored, reported; then one message per
unit and one digest, written to an outbox or delivered against the office's one send ledger.

`run_week` is what `tracker week`, the notebook and cron call. One directive's failure (a definition
that does not load, a source that cannot be read, a Sheets error, a source with far fewer units' sheets
than last time) is reported as a problem for the office and stops nothing else; that directive sends no
section, so its units are never blamed for what could not be read. Two weeks of one office never run at
once (a lock on the folder); a message claims its sections in the ledger before it goes, so that nothing
goes twice from any front-end and nothing is skipped after a crash.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from tracker.definition import WEEKDAYS, Tracker
from tracker.delivery import DeliveryReport, Ledger, SmtpSettings, deliver_locked
from tracker.errors import DefinitionError, OutputError, SourceMismatchError, TrackerError
from tracker.files.atomic import os_reason_vi
from tracker.notices import UnitNotice, unit_notices, write_outbox
from tracker.office.identity import Identities, resolve
from tracker.office.messages import (
    Combined,
    Section,
    combine,
    digest,
    digest_key,
    section_keys,
    sections,
)
from tracker.office.portfolio import Before, Directive, Portfolio, build
from tracker.office.workspace import Office, TrackerEntry, last_deadline, lifecycle, load_entry, load_office
from tracker.problems import Code, Problem, make
from tracker.result import CheckResult
from tracker.storage.history import History
from tracker.weekly import AS_OF_AHEAD, AS_OF_BEHIND, RunOptions, overdue_streaks
from tracker.weekly import run as run_tracker

log = logging.getLogger("tracker.office")
OWNER = f"{socket.gethostname()}:{os.getpid()}:{int(time.time())}"
CLAIM_HOURS = 6
"""A claim of another machine older than this is taken as the claim of a run that died."""


@dataclass(frozen=True)
class Week:
    """What the week did: each directive, the units across them, the picture, the messages and their fate."""

    office: Office
    as_of: date
    directives: tuple[Directive, ...]
    identities: Identities
    portfolio: Portfolio
    messages: tuple[Combined, ...]
    files: dict[str, Path]
    outbox: tuple[Path, ...] = ()
    delivery: DeliveryReport | None = None
    held: dict[str, list[str]] = field(default_factory=dict)
    """Messages not sent because another run had sent, or was sending, a section they carry."""
    sent_before: int = 0
    """Sections (a directive's part of a unit's message) and digests an earlier run sent: left out of `messages`."""

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self.portfolio.problems

    @property
    def results(self) -> list[CheckResult]:
        """Each checked directive's check as the week keeps it: its judgement, problems, units' tabs and links, not its
        cells, rows, activities, changes or trend (findings.json and history have them; `_slim`)."""
        return [d.result for d in self.directives if d.result is not None]


def run_week(office: Office | str | Path, as_of: date, *, send: SmtpSettings | None = None,
             outbox: Path | None = None, credentials: str | None = None, documents: bool = True,
             progress: Callable[[str], None] | None = None, today: date | None = None) -> Week:
    """Check every active directive of the office as of `as_of`; write each directive's reports (and, with
    `documents`, its Word documents) in its folder and the week's picture in <office>/tuan-<as of>/; compose
    the messages; write them to `outbox` as .eml files, or deliver them with `send`.

    `today` (read here when not given) dates the documents and bounds `as_of` for every directive alike: a week
    that runs across midnight still writes one date."""
    office = office if isinstance(office, Office) else load_office(office)
    today = today or date.today()
    say = progress or (lambda _: None)
    with _exclusive(office.root / ".week.lock"):
        directives: list[Directive] = []
        for entry in office.trackers:
            say(entry.tracker)
            directives.append(_directive(office, entry, as_of, credentials, documents, today,
                                         {d.tracker.id: d.entry.tracker for d in directives if d.tracker is not None}))
        _guard_week(as_of, today, directives)
        checked = [d.result for d in directives if d.result is not None]
        identities = resolve([r.tracker for r in checked], office.same_units)
        problems = [p for d in directives if d.failure for p in [d.failure]] + list(identities.problems)
        portfolio = build(as_of, directives, identities, problems)
        from tracker.office.pages import write_pages
        from tracker.office.report import write_report

        folder = office.week_folder(as_of)
        files = write_pages(office, portfolio, directives, identities, folder)
        files["docx"] = write_report(office, portfolio, folder, issued=today)
        week = Week(office, as_of, tuple(directives), identities, portfolio, (), files)
        with Ledger(office.ledger) as ledger:
            _import_tracker_ledgers(office, directives, ledger)
            messages, sent_before = compose(week, ledger)
            week = replace(week, messages=tuple(messages), sent_before=sent_before)
            if send is not None:
                return _send(week, send, ledger)
    written = tuple(write_outbox(list(messages), outbox, sender=_sender_of(office))) if outbox else ()
    return replace(week, outbox=written)


def _guard_week(as_of: date, today: date, directives: Sequence[Directive]) -> None:
    """Refuse a week none of whose directives runs on `as_of` when that day is past a week after today or a year before
    the first directive starts: a year typed wrong (2099, 0001), which would write a week's folder and send the
    province a digest of nothing. Each running directive's own check bounds its date (tracker.weekly.guard_as_of)."""
    if any(d.life is not None and d.life.stage == "active" for d in directives):
        return
    starts = [d.tracker.campaign.start for d in directives if d.tracker is not None]
    if as_of <= today + AS_OF_AHEAD and not (starts and as_of < min(starts) - AS_OF_BEHIND):
        return
    shown = f"{as_of.day:02d}/{as_of.month:02d}/{as_of.year:04d}"
    if as_of > today:
        why, why_vi = (f"more than {AS_OF_AHEAD.days} days after today ({today.isoformat()})",
                       f"sau hôm nay ({today:%d/%m/%Y}) hơn {AS_OF_AHEAD.days} ngày")
    else:
        why, why_vi = (f"more than a year before the first directive starts ({min(starts).isoformat()})",
                       f"trước ngày bắt đầu sớm nhất ({min(starts):%d/%m/%Y}) hơn một năm")
    raise TrackerError(f"no directive of the office runs on {as_of.isoformat()}, {why}: a wrong year?",
                       vi=f"ngày {shown} không có công văn nào của cơ quan đang theo dõi, và ở {why_vi}: kiểm tra lại "
                          "năm. Chưa ghi báo cáo, chưa soạn hay gửi thư nào.")


def compose(week: Week, ledger: Ledger) -> tuple[list[Combined], int]:
    """One message per unit with something to hear, and the digest; sections the ledger holds as sent left out, and
    how many they are."""
    office, as_of = week.office, week.as_of
    plans: list[tuple[CheckResult, list[UnitNotice]]] = []
    for d in week.directives:
        if d.result is None:
            continue
        t = d.result.tracker
        with History(office.workspace(t).history) as h:
            streaks = overdue_streaks(h, d.result)
        escalation = ledger.escalation(t.id, [u.id for u in t.units], as_of, t.reminders.cooldown_days,
                                       WEEKDAYS.index(t.rhythm.check_weekday))
        plans.append((d.result, unit_notices(d.result, escalation, streaks)))
    keys = [k for result, notices in plans for k in section_keys(result, notices)]
    keys += [digest_key(r.tracker, as_of).key for r in week.results]
    sent = ledger.states(keys)
    sent_before = sum(1 for state in sent.values() if state == "sent")
    found: list[Section] = [s for result, notices in plans for s in sections(result, notices, sent)]
    pages = _page_urls(office, week)
    messages = combine(office, week.identities, found, as_of, pages)
    pending = [digest_key(r.tracker, as_of) for r in week.results if sent.get(digest_key(r.tracker, as_of).key) != "sent"]
    if pending or not week.results:
        from tracker.office.pages import digest_context

        attachment = (week.files["docx"].name, week.files["docx"].read_bytes())
        made = digest(office, as_of, digest_context(week.portfolio, _page_url(office, as_of, "tong-hop.html")),
                      pending, (attachment,))
        if made is not None and ledger.state(made.key) != "sent":
            messages.append(made)
    return messages, sent_before


def send_rate(week: Week) -> int:
    """E-mails a minute: the office's own setting (its mail server's limit), else the slowest its trackers allow."""
    if week.office.rate_per_minute is not None:
        return week.office.rate_per_minute
    return min((r.tracker.reminders.rate_per_minute for r in week.results), default=60)


def _send(week: Week, settings: SmtpSettings, ledger: Ledger) -> Week:
    """Claim each message's sections, deliver the claimed ones over one connection, record how each ended; all
    under the ledger's hold, as a single directive's run sends, so that two runs never meet half-way."""
    claimed, held = [], {}
    rate = send_rate(week)
    with ledger.exclusive():
        for m in week.messages:
            busy = ledger.claim_sections(m, m.sections, OWNER, _alive)
            if busy:
                held[m.key] = busy
            else:
                claimed.append(m)
        try:
            report = deliver_locked(list(claimed), settings, ledger, rate_per_minute=rate)
        finally:
            states = ledger.states(m.key for m in claimed)
            for m in claimed:
                state = states.get(m.key)
                if state in ("sent", "failed", "uncertain"):
                    ledger.settle_sections(m, OWNER, state)
    return replace(week, delivery=report, held=held)


def _alive(owner: str) -> bool:
    """Whether the process that claimed a section may still be sending it."""
    host, _, rest = owner.partition(":")
    pid, _, started = rest.partition(":")
    if host != socket.gethostname():
        return time.time() - int(started or 0) < CLAIM_HOURS * 3600
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, ValueError):
        return True
    return True


# --------------------------------------------------------------------------- one directive


def _id_refused(office: Office, tracker_id: str, taken: Mapping[str, str]) -> tuple[str, str] | None:
    """Why a directive's id cannot be used, in Vietnamese and English: its folder, history and ledger keys go by it."""
    if tracker_id in taken:  # a YAML copied for a new directive, its id kept: one folder, history and ledger key
        other = taken[tracker_id]
        return (f"có cùng mã “{tracker_id}” với văn bản “{other}”; mỗi văn bản cần một mã (id) riêng vì thư mục, lịch "
                "sử và sổ gửi thư theo mã",
                f"it has the id {tracker_id!r} of {other!r}; each directive needs an id of its own (its folder, "
                "history and sent reminders go by it)")
    if office.holds_as_its_own(tracker_id):  # <office>/<id>/ would be a week's folder, or over the office's files
        return (f"mã “{tracker_id}” trùng tên một thư mục hoặc tệp của cơ quan (thư mục tuần “tuan-<ngày>”, "
                "“trackers”, “office.yaml”, “ledger.sqlite”); hãy đặt cho văn bản một mã (id) khác",
                f"its id {tracker_id!r} is the name of one of the office's own folders or files (a week's "
                "'tuan-<date>', 'trackers', 'office.yaml', 'ledger.sqlite'); give the directive another id")
    return None


def _directive(office: Office, entry: TrackerEntry, as_of: date, credentials: str | None,
               documents: bool, today: date, taken: Mapping[str, str]) -> Directive:
    """One directive's week; `taken` holds the ids of the directives before it (id -> its entry in office.yaml)."""
    try:
        tracker = load_entry(office, entry)
    except DefinitionError as exc:
        first = exc.problems[0] if exc.problems else None
        reason = f"định nghĩa có {len(exc.problems)} lỗi ({first.vi_line()})" if first else "định nghĩa có lỗi"
        return Directive(entry, None, None, failure=make(Code.OFFICE_TRACKER_FAILED, title=entry.tracker,
                                                         tracker=entry.tracker, reason=reason,
                                                         reason_en=f"its definition has {len(exc.problems)} problem(s)"))
    refused = _id_refused(office, tracker.id, taken)
    if refused:
        vi, en = refused
        return Directive(entry, None, None, failure=make(Code.OFFICE_TRACKER_FAILED, title=entry.tracker,
                                                         tracker=entry.tracker, reason=vi, reason_en=en))
    life = lifecycle(office, entry, tracker, as_of)
    ws = office.workspace(tracker)
    folder = ws.history.parent
    before, last = _history(ws.history, tracker, as_of)
    reports = _existing_reports(office, folder)
    if life.stage != "active":
        return Directive(entry, tracker, life, before=before, last_check=last, reports=reports)
    try:
        done = run_tracker(tracker, office.source_of(entry), as_of,
                           RunOptions(workspace=ws, reports=folder / "report", credentials=credentials), today=today)
        if documents:
            _documents(done.result, folder / "van-ban", today, last_check=as_of >= life.ends)
    except SourceMismatchError as exc:  # the wrong file, or tabs deleted: stored nothing, blames no unit
        shrunk = make(Code.OFFICE_SOURCE_SHRUNK, title=tracker.title, tracker=tracker.id, found=exc.found,
                      units=exc.total, before=exc.before if exc.before is not None else "chưa có")
        return Directive(entry, tracker, life, failure=shrunk, before=before, last_check=last, reports=reports)
    except Exception as exc:  # one directive's failure, whatever it is, must not stop the office's week
        if not isinstance(exc, TrackerError | OSError):
            log.exception("checking %s failed", tracker.id)
        if isinstance(exc, TrackerError):
            reason = exc.vi or str(exc)  # the office reads it (the run's summary, the staff's digest); English to the log
        elif isinstance(exc, OSError):
            reason = f"không dùng được{f' “{exc.filename}”' if exc.filename else ''}: {os_reason_vi(exc)}"
        else:
            reason = f"lỗi của chương trình ({type(exc).__name__})"
        return Directive(entry, tracker, life, before=before, last_check=last, reports=reports,
                         failure=make(Code.OFFICE_TRACKER_FAILED, title=tracker.title, tracker=tracker.id,
                                      reason=reason, reason_en=str(exc) or type(exc).__name__))
    return Directive(entry, tracker, life, _slim(done.result), before=before, reports=_existing_reports(office, folder))


def _slim(result: CheckResult) -> CheckResult:
    """What the week's later steps read of a directive's check, once its history, reports and documents are written:
    the judgement (the units' statuses), the problems, each unit's tab and counts, and the tabs' links. The cells and
    rows it read, its activities, what changed since last week and the trend are dropped: ten national directives
    held whole took 3.2 GiB (docs/benchmarks.md); the pages, messages, portfolio and Word report never read them."""
    from tracker.files.cells import RawBook

    return replace(result, book=RawBook(result.book.label, [], dict(result.book.links)),
                   intake=replace(result.intake, activities=[], raw_rows=[]), changes=None, trend=None,
                   summary_only=True)


def _history(path: Path, tracker: Tracker, as_of: date) -> tuple[Before | None, str | None]:
    """Last week's figures (the last check of an earlier day) and the date of the last check."""
    if not path.exists():
        return None, None
    with History(path) as h:
        figures = h.figures_before(tracker.id, as_of.isoformat())
        checks = h.checks(tracker.id)
    last = checks[-1].as_of if checks else None
    if figures is None:
        return None, last
    day, f = figures
    return Before(date.fromisoformat(day), int(f.get("parts_done", 0)), int(f.get("parts_total", 0)), int(f.get("units_overdue", 0))), last


def _documents(result: CheckResult, folder: Path, today: date, last_check: bool = False) -> dict[str, Path]:
    """The directive's own Word documents: the weekly report, the reminder letter to every overdue unit, and
    the final report in the first week after its last deadline (once: its annex lists every activity, heavy
    at national scale; `tracker document final` writes it again when the office closes the directive)."""
    from tracker.documents import FILE_NAMES, write_document
    from tracker.result import findings_model

    t = result.tracker
    # After the last deadline, not on it: checked that day, a part due that day is still in progress for every unit;
    # unless no check follows it (`last_check`: no grace days), when it is the only chance.
    final = ((result.as_of > last_deadline(t) or last_check)
             and not any(folder.glob(f"{FILE_NAMES['final']}-*.docx")))
    # Built once for the two or three documents; the activities only for the final report, the one that reads them
    # (its sums and annex): at national scale their models were most of the week's peak of memory.
    data = findings_model(result, activities=final)
    out = {"weekly": write_document("weekly", t, data, folder, issued=today)}
    if result.evaluation.lagging_units():
        out["reminder_letter"] = write_document("reminder_letter", t, data, folder, issued=today)
    if final:
        out["final"] = write_document("final", t, data, folder, issued=today)
    return out


def _existing_reports(office: Office, folder: Path) -> dict[str, Any]:
    """The directive's reports and documents kept in its folder (the latest), relative to the office folder."""
    out: dict[str, Any] = {}
    html = folder / "report" / "report.html"
    if html.is_file():
        out["html"] = html.relative_to(office.root).as_posix()
    docs = sorted((folder / "van-ban").glob("*.docx")) if (folder / "van-ban").is_dir() else []
    out["documents"] = [p.relative_to(office.root).as_posix() for p in docs]
    return out


def _page_url(office: Office, as_of: date, name: str) -> str | None:
    return f"{office.pages_url}/{office.week_folder(as_of).name}/{name}" if office.pages_url else None


def _page_urls(office: Office, week: Week) -> dict[str, str]:
    if not office.pages_url:
        return {}
    return {u.key: url for u in week.identities.units if (url := _page_url(office, week.as_of, f"don-vi/{u.key}.html"))}


def _sender_of(office: Office) -> str:
    from tracker.notices import clean_addresses

    staff, _ = clean_addresses(office.office.staff_emails)
    return staff[0] if staff else "tracker@example.org"


def _import_tracker_ledgers(office: Office, directives: Sequence[Directive], ledger: Ledger) -> None:
    """What a tracker's own ledger inside the office folder recorded before the office had one ledger (a
    workspace of trackers made an office): taken in, so that none of it is sent again."""
    for d in directives:
        own = office.root / d.id / "ledger.sqlite"
        if not own.is_file() or own == office.ledger:
            continue
        try:
            ledger.db.execute("ATTACH DATABASE ? AS own", (str(own),))
        except Exception as exc:  # an unreadable old ledger: say so, never stop the week for it
            log.warning("cannot read %s: %s", own, exc)
            continue
        try:
            ledger.db.execute("INSERT OR IGNORE INTO sends (key, tracker, unit, check_date, level, message_id, state, "
                              "attempts, updated_at, error) SELECT key, tracker, unit, check_date, level, message_id, "
                              "state, attempts, updated_at, error FROM own.sends WHERE state = 'sent'")
        except Exception as exc:
            log.warning("cannot take in %s: %s", own, exc)
        finally:
            ledger.db.execute("DETACH DATABASE own")


@contextmanager
def _exclusive(lock: Path) -> Iterator[None]:
    """One week of an office at a time: a second run waits for the first (flock; released if it dies)."""
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
        handle = lock.open("a")
    except OSError as exc:
        raise OutputError(f"cannot write in the office folder {lock.parent}: {exc.strerror or exc}",
                          vi=f"không ghi được vào thư mục cơ quan “{lock.parent}”: {os_reason_vi(exc)}") from exc
    with handle:
        try:
            import fcntl
        except ImportError:  # no flock on this system: runs are not kept apart (docs/portfolio.md)
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


__all__ = ["Week", "compose", "run_week"]
