"""The weekly cycle as one call: check → history → reports → notices → delivery.

The command line (`check`, `remind`, `document`), the notebook and the scheduled run all call `run`,
so they share one workspace per tracker (one history, one send ledger): a reminder sent from the
notebook is never sent again by the scheduled run, and escalation is worked out the same way everywhere.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from tracker.check import check
from tracker.definition import WEEKDAYS, Tracker, beside, bundled_trackers_dir
from tracker.delivery import DeliveryReport, Ledger, SmtpSettings, deliver
from tracker.errors import HistoryError, SourceError, SourceMismatchError, TrackerError
from tracker.files.cells import ProgressFn
from tracker.notices import Notice, compose_notices, write_outbox
from tracker.report.write import write_reports
from tracker.result import CheckResult
from tracker.review.files import read_review_file
from tracker.sources import CsvFolderSource, Source, XlsxSource, open_source
from tracker.storage.history import History, history_path_for

WORKSPACE_ENV = "TRACKER_WORKSPACE"
log = logging.getLogger("tracker.weekly")
OFFICE_FILE = "office.yaml"
"""A workspace folder holding this file is an office's (tracker.office): one ledger for all its trackers."""
OFFICE_LEDGER = "ledger.sqlite"


@dataclass(frozen=True)
class Workspace:
    """Where a tracker's history and send ledger live. Every front-end finds the same one."""

    history: Path
    ledger: Path
    reviews: Path
    """The province's decisions recorded from the notebook for a workbook source; read by every check when present."""

    @classmethod
    def of(cls, tracker: Tracker, root: str | Path | None = None, default_root: str | Path | None = None) -> Workspace:
        """Where the tracker's files go (docs/tracker-format.md, `history`), the first that applies:

        1. `root`, or $TRACKER_WORKSPACE: one folder per tracker, `<root>/<id>/`;
        2. the tracker's own `history:` file (relative to its YAML), the ledger and reviews file beside it;
        3. `default_root` (the notebook's working folder): `<default_root>/<id>/`;
        4. a tracker file of the office's own: beside its YAML, `tracker-history.sqlite` and `<id>.ledger.sqlite`;
        5. a bundled tracker (named by id): the user's data folder, `~/.local/share/tracker/<id>/` on Linux.

        Never the current folder by accident: the same tracker finds the same history from any folder."""
        chosen = workspace_root(root) or workspace_root(os.environ.get(WORKSPACE_ENV))
        if chosen:
            # An office's folder (one holding office.yaml) keeps one ledger for every tracker, so that the office's
            # week and a single tracker's run never send the same reminder twice.
            workspace = cls.folder(Path(chosen) / tracker.id)
            if (Path(chosen) / OFFICE_FILE).is_file():
                return cls(workspace.history, Path(chosen) / OFFICE_LEDGER, workspace.reviews)
            return workspace
        if tracker.history or (not _bundled(tracker) and default_root is None):
            history = history_path_for(tracker)
            return cls(history, history.with_name(f"{tracker.id}.ledger.sqlite"),
                       history.with_name(f"{tracker.id}.reviews.xlsx"))
        if default_root is not None:
            return cls.folder(Path(default_root) / tracker.id)
        import platformdirs

        return cls.folder(platformdirs.user_data_path("tracker", appauthor=False) / tracker.id)

    @classmethod
    def folder(cls, folder: Path) -> Workspace:
        return cls(folder / "history.sqlite", folder / "ledger.sqlite", folder / "reviews.xlsx")


def workspace_root(value: str | Path | None) -> Path | None:
    """A workspace folder as set: None when unset or only blanks (a `TRACKER_WORKSPACE= ` line), and `~` read as the
    home folder, which cron and systemd never expand. Taken literally, `~/theo-doi` was a folder named `~` inside
    whichever folder the command ran from: a new, empty send ledger there, and the reminders sent again."""
    if value is None:
        return None
    text = str(value).strip()
    return beside(".", text) if text else None  # `~someone` of no such user: as typed, said to be missing when used


def _bundled(tracker: Tracker) -> bool:
    """A tracker shipped inside the package: its folder may not be writable, and is no place for an office's data."""
    try:
        return Path(tracker.base_dir).resolve() == bundled_trackers_dir().resolve()
    except OSError:
        return False


@dataclass(frozen=True)
class WeeklyRun:
    """What one run did: the check as stored, the files written, the messages composed and what was sent."""

    result: CheckResult
    reports: dict[str, Path]
    notices: tuple[Notice, ...]
    outbox: tuple[Path, ...]
    delivery: DeliveryReport | None


@dataclass(frozen=True)
class RunOptions:
    """What a weekly run does around its check, and where. Every step is off unless asked, except comparing with
    (and storing in) history: a check that is not remembered cannot escalate."""

    workspace: Workspace | None = None
    """Where history, ledger and reviews live (default: `Workspace.of(tracker)`)."""
    history: bool = True
    """Compare with the stored checks (what changed, escalation)."""
    store: bool = True
    """Store this check too; `tracker document` compares without storing (a file from the week's data is not
    another check)."""
    reports: Path | None = None
    """Folder for report.xlsx, report.html, findings.json and the unit pages."""
    notify: bool = False
    """Compose the notices."""
    outbox: Path | None = None
    """Write the notices there as .eml (unless they are sent)."""
    send: SmtpSettings | None = None
    """Deliver the notices over SMTP against the workspace's ledger."""
    write_back: bool = False
    """Write the summary tab and each row's result beside it to the Google Sheet."""
    reviews: Sequence[Path] = ()
    """Reviews files named by the officer, read with the workspace's own."""
    allow_missing: bool = False
    """The units' sheets really are gone: do not take a near-empty source for the wrong one."""
    credentials: str | None = None
    """Google credentials for a Sheets source."""

    @property
    def composes(self) -> bool:
        return bool(self.notify or self.outbox or self.send)


def run(tracker: Tracker, source: str | Source, as_of: date | None = None, options: RunOptions = RunOptions(), *,
        progress: ProgressFn | None = None, guard: Callable[[CheckResult], None] | None = None,
        today: date | None = None) -> WeeklyRun:
    """Check the source, with the province's decisions (the source's review tabs, the `reviews` files and
    the workspace's reviews file); store the check in history; write the reports to `reports`; compose
    the notices (with `notify`, `outbox` or `send`) against the workspace's ledger; write them to `outbox`
    as .eml, or deliver them with `send`. Settings for sending are read before anything is written.

    A source that holds no unit's sheet, or under half as many as the last stored check found, is taken for
    the wrong source (a mistyped folder, a renamed spreadsheet's tabs): SourceMismatchError, and nothing is
    stored, written, composed or sent, unless `allow_missing` says the units' sheets really are gone. `guard` sees the check before
    anything is stored or written, and raises to stop the run there (the office's week words its own).

    With `history` and not `store`, the check is compared with the stored ones (what changed, escalation) but not
    stored itself: `tracker document` writes a file from the week's data, which is not another check.

    `today` is read once, here or by the front-end that calls: the check's date when none is given, and the limit
    of `guard_as_of`."""
    today = today or date.today()
    as_of = as_of or today
    guard_as_of(tracker, as_of, today)
    o = options
    if o.composes:
        guard_campaign_over(tracker, as_of)
    ws = o.workspace or Workspace.of(tracker)
    src = open_source(source, tracker, credentials=o.credentials) if isinstance(source, str) else source
    files = [*o.reviews, *([ws.reviews] if ws.reviews.is_file() and ws.reviews not in o.reviews else [])]
    _refuse_units_files(src, files)
    sheets = [s for f in files for s in read_review_file(f)]
    pins, previous = _remembered(tracker, ws, o)
    result = check(tracker, src, as_of, progress=progress, reviews=sheets, pins=pins)
    if not o.allow_missing:
        guard_source(result, previous)
    if guard is not None:
        guard(result)
    result, streaks = _with_history(result, ws, o)
    paths = write_reports(result, o.reports) if o.reports else {}
    if o.write_back:  # the summary tab and each row's result beside it: one batchUpdate per spreadsheet
        from tracker.sheets_write import write_back as to_sheets

        to_sheets(result, credentials=o.credentials, source=src)
    if not o.composes:
        return WeeklyRun(result, paths, (), (), None)
    notices = tuple(compose(result, ws, streaks))
    written = tuple(write_outbox(list(notices), o.outbox)) if o.outbox and o.send is None else ()
    report = deliver_notices(tracker, notices, o.send, ws) if o.send else None
    return WeeklyRun(result, paths, notices, written, report)


def _remembered(tracker: Tracker, ws: Workspace, o: RunOptions) -> tuple[dict[str, str], tuple[int, str] | None]:
    """What the history holds before the check: the decisions' pins (with `history`) and the units the last
    stored check found (for the source guard)."""
    pins: dict[str, str] = {}
    previous: tuple[int, str] | None = None
    if ws.history.exists():
        try:
            with History(ws.history) as h:
                pins = h.decision_pins(tracker.id) if o.history else {}
                previous = h.units_found(tracker.id)
        except (HistoryError, sqlite3.Error):
            if o.history:  # without history (--no-history) a damaged file only costs the source guard its memory
                raise
    return pins, previous


def _with_history(result: CheckResult, ws: Workspace, o: RunOptions) -> tuple[CheckResult, dict[str, int] | None]:
    """The check stored (`store`) or only compared with the stored ones, and each unit's overdue streak for the
    escalation; without history, the check as it is and no streaks."""
    if not (o.history and (o.store or ws.history.exists())):
        return result, None
    with History(ws.history) as h:
        result = h.record_check(result) if o.store else h.compare(result)
        return result, overdue_streaks(h, result)


AS_OF_AHEAD = timedelta(days=7)
"""How far past both today and the campaign's end a check may be dated (a letter composed before its date)."""


AS_OF_BEHIND = timedelta(days=366)
"""How long before its campaign's start a check may be dated (a preview of a campaign still to come)."""


def guard_as_of(tracker: Tracker, as_of: date, today: date | None = None) -> None:
    """Refuse a check dated in the future beyond the campaign: a year typed wrong (a decade ahead) would judge every
    part years overdue and send the firmest letters. A date within a campaign still to come is a preview, allowed;
    one more than a year before the campaign starts is a year typed wrong too (a decade early; year 1 ran past
    the calendar's first day), and would be stored in the history as the campaign's earliest check."""
    today = today or date.today()
    if as_of < tracker.campaign.start - AS_OF_BEHIND:
        raise TrackerError(
            f"as-of {as_of.isoformat()} is more than a year before the campaign's start "
            f"({tracker.campaign.start.isoformat()}): a wrong year?",
            vi=f"ngày kiểm tra {as_of.day:02d}/{as_of.month:02d}/{as_of.year:04d} trước ngày bắt đầu {tracker.terms.campaign} "
               f"({tracker.campaign.start:%d/%m/%Y}) hơn một năm: kiểm tra lại năm. Chưa kiểm tra, chưa soạn hay gửi "
               "thư nào.")
    limit = max(today, tracker.campaign.end) + AS_OF_AHEAD
    if as_of > limit:
        raise TrackerError(
            f"as-of {as_of.isoformat()} is after both today ({today.isoformat()}) and the campaign's end "
            f"({tracker.campaign.end.isoformat()}) by more than {AS_OF_AHEAD.days} days: a wrong year?",
            vi=f"ngày kiểm tra {as_of:%d/%m/%Y} còn ở tương lai, sau cả hôm nay ({today:%d/%m/%Y}) và ngày kết thúc "
               f"{tracker.terms.campaign} ({tracker.campaign.end:%d/%m/%Y}): kiểm tra lại năm. Chưa kiểm tra, chưa soạn "
               "hay gửi thư nào.")


REMIND_AFTER_END = timedelta(days=14)
"""How long after its campaign's end a directive's units are still reminded: the office's default `grace_days`, the
weeks in which late reports come in and the final report is written."""


def guard_campaign_over(tracker: Tracker, as_of: date) -> None:
    """Refuse to compose reminders for a campaign that ended more than REMIND_AFTER_END before the check: a cron job
    left running would otherwise write to every unit, years on, that it is a thousand days late."""
    end = tracker.campaign.end
    if as_of > end + REMIND_AFTER_END:
        raise TrackerError(
            f"the campaign ended on {end.isoformat()}, more than {REMIND_AFTER_END.days} days before the check "
            f"({as_of.isoformat()}): no reminder is composed or sent; give --as-of for a week of the campaign",
            vi=f"{_first_upper(tracker.terms.campaign)} đã kết thúc ngày {end:%d/%m/%Y}, quá {REMIND_AFTER_END.days} "
               f"ngày trước ngày kiểm tra {as_of:%d/%m/%Y}: không soạn hay gửi thư nhắc nào nữa (nếu còn lịch chạy tự "
               "động, hãy gỡ). Để soạn thư cho một tuần trong đợt, dùng --as-of; báo cáo kết quả: tracker document "
               "final.")


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]  # str.capitalize would lower a place's name further on


def guard_source(result: CheckResult, previous: tuple[int, str] | None = None) -> None:
    """Raise SourceMismatchError when the source cannot be the units' own: it holds no unit's sheet, or units' sheets
    none of which has the entry header (the tool's own report.xlsx), or under half as many as the last stored check
    found (`previous`: that count and its as-of date). Every unit would otherwise be
    told its sheet is missing, and history would record every row as deleted."""
    total = len(result.tracker.units)
    found = sum(1 for u in result.intake.units.values() if u.sheet is not None)
    if found == 0 and total:
        log.info("source %s holds none of the %d units' sheets; nothing written or sent", result.source, total)
        raise SourceMismatchError(
            f"“{result.source}” không có trang tính của đơn vị nào trong {total} đơn vị: có thể đã chọn "
            "nhầm tệp, thư mục hoặc bảng tính. Chưa ghi báo cáo, chưa soạn hay gửi thư nào; nếu đúng là các đơn vị "
            "chưa có trang tính, chạy lại với --allow-missing.", found=0, total=total,
            before=previous[0] if previous else None)
    readable = sum(1 for u in result.intake.units.values() if u.sheet is not None and u.header_row is not None)
    if found and not readable:
        log.info("source %s holds %d units' sheets, none with the entry header; nothing written or sent", result.source,
                 found)
        raise SourceMismatchError(
            f"“{result.source}” có {found} trang tính mang tên đơn vị nhưng không trang nào có dòng tiêu đề của mẫu "
            f"nhập liệu ({', '.join(c.header for c in result.tracker.columns[:3])}, …): có thể đã chọn nhầm tệp (ví "
            "dụ báo cáo do công cụ viết ra, không phải trang tính của các đơn vị). Chưa ghi báo cáo, chưa soạn hay gửi "
            "thư nào; nếu đúng là vậy, chạy lại với --allow-missing.", found=found, total=total,
            before=previous[0] if previous else None)
    if previous is not None and found * 2 < previous[0]:
        count, day = previous
        log.info("source %s holds %d of %d units' sheets where the last check (%s) found %d; nothing written or sent",
                  result.source, found, total, day, count)
        raise SourceMismatchError(
            f"“{result.source}” chỉ có trang tính của {found}/{total} đơn vị, trong khi lần kiểm tra "
            f"trước (ngày {_vn_day(day)}) có {count}: có thể đã chọn nhầm nguồn, hoặc các trang tính bị xóa, đổi tên. "
            "Chưa ghi báo cáo, chưa soạn hay gửi thư nào; nếu đúng là vậy, chạy lại với --allow-missing.",
            found=found, total=total, before=count)


def _vn_day(iso: str) -> str:
    try:
        return f"{date.fromisoformat(iso):%d/%m/%Y}"
    except ValueError:
        return iso


def _refuse_units_files(source: Source, files: Sequence[Path]) -> None:
    """A reviews file inside the units' source is theirs to write: decisions are never read from it."""
    theirs = [p.resolve() for p in source.paths] if isinstance(source, XlsxSource) else []
    folder = source.folder.resolve() if isinstance(source, CsvFolderSource) else None
    for f in files:
        where = f.resolve()
        if where in theirs or (folder is not None and where.parent == folder):
            raise SourceError(f"{f} is part of the units' source ({source.label}): the province's decisions are read "
                              "only from a reviews file kept apart from the units' data (docs/reviews.md)",
                              vi=f"“{f}” thuộc nguồn dữ liệu của các đơn vị ({source.label}): quyết định duyệt chỉ "
                                 "được đọc từ tệp duyệt để riêng, ngoài dữ liệu các đơn vị nhập (xem docs/reviews.md). "
                                 "Chưa kiểm tra, chưa gửi thư nào.")


def compose(result: CheckResult, workspace: Workspace | None = None,
            streaks: dict[str, int] | None = None) -> list[Notice]:
    """The messages a stored check calls for, escalated and cooled down by the workspace's ledger and history."""
    tracker = result.tracker
    ws = workspace or Workspace.of(tracker)
    if streaks is None and ws.history.exists():
        with History(ws.history) as h:
            streaks = overdue_streaks(h, result)
    with Ledger(ws.ledger) as ledger:
        escalation = ledger.escalation(tracker.id, [u.id for u in tracker.units], result.as_of,
                                       tracker.reminders.cooldown_days, WEEKDAYS.index(tracker.rhythm.check_weekday))
    return compose_notices(result, escalation, streaks)


def overdue_streaks(history: History, result: CheckResult) -> dict[str, int]:
    """Each lagging unit's overdue streak in reporting weeks, up to this check's week (History.overdue_streaks)."""
    t = result.tracker
    return history.overdue_streaks(t.id, result.evaluation.lagging_units(), result.as_of,
                                   WEEKDAYS.index(t.rhythm.check_weekday))


def deliver_notices(tracker: Tracker, notices: tuple[Notice, ...] | list[Notice], settings: SmtpSettings,
                    workspace: Workspace | None = None) -> DeliveryReport:
    """Send over SMTP against the workspace's ledger: what any front-end sent before is not sent again."""
    with Ledger((workspace or Workspace.of(tracker)).ledger) as ledger:
        return deliver(list(notices), settings, ledger, rate_per_minute=tracker.reminders.rate_per_minute)
