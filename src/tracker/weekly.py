"""The weekly cycle as one call: check → history → reports → notices → delivery.

The command line (`check`, `remind`, `document`), the notebook and the scheduled run all call `run`,
so they share one workspace per tracker (one history, one send ledger): a reminder sent from the
notebook is never sent again by the scheduled run, and escalation is worked out the same way everywhere.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tracker.cells import ProgressFn
from tracker.check import check, write_reports
from tracker.definition import Tracker
from tracker.delivery import DeliveryReport, Ledger, SmtpSettings, deliver
from tracker.history import History, history_path_for
from tracker.notices import Notice, compose_notices, write_outbox
from tracker.result import CheckResult
from tracker.review_files import read_review_file
from tracker.sources import Source, open_source

WORKSPACE_ENV = "TRACKER_WORKSPACE"
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
    def of(cls, tracker: Tracker, root: str | Path | None = None) -> Workspace:
        """`root` (or $TRACKER_WORKSPACE) holds one folder per tracker; without either, the history named by
        the tracker (or ./tracker-history.sqlite) with the ledger beside it. An office's folder (one holding
        office.yaml) keeps one ledger for every tracker, so that the office's week and a single tracker's run
        never send the same reminder twice."""
        chosen = root or os.environ.get(WORKSPACE_ENV)
        if chosen:
            folder = Path(chosen) / tracker.id
            office = Path(chosen) / OFFICE_FILE
            ledger = Path(chosen) / OFFICE_LEDGER if office.is_file() else folder / "ledger.sqlite"
            return cls(folder / "history.sqlite", ledger, folder / "reviews.xlsx")
        history = history_path_for(tracker)
        return cls(history, history.with_name(f"{tracker.id}.ledger.sqlite"),
                   history.with_name(f"{tracker.id}.reviews.xlsx"))


@dataclass(frozen=True)
class WeeklyRun:
    """What one run did: the check as stored, the files written, the messages composed and what was sent."""

    result: CheckResult
    reports: dict[str, Path]
    notices: tuple[Notice, ...]
    outbox: tuple[Path, ...]
    delivery: DeliveryReport | None


def run(tracker: Tracker, source: str | Source, as_of: date | None = None, *,
        workspace: Workspace | None = None, history: bool = True, reports: Path | None = None,
        notify: bool = False, outbox: Path | None = None, send: SmtpSettings | None = None,
        write_back: bool = False, credentials: str | None = None, progress: ProgressFn | None = None,
        reviews: Sequence[Path] = (), guard: Callable[[CheckResult], None] | None = None) -> WeeklyRun:
    """Check the source, with the province's decisions (the source's review tabs, the `reviews` files and
    the workspace's reviews file); store the check in history; write the reports to `reports`; compose
    the notices (with `notify`, `outbox` or `send`) against the workspace's ledger; write them to `outbox`
    as .eml, or deliver them with `send`. Settings for sending are read before anything is written.
    `guard` sees the check before anything is stored or written, and raises to stop the run there."""
    ws = workspace or Workspace.of(tracker)
    src = open_source(source, tracker, credentials=credentials) if isinstance(source, str) else source
    files = [*reviews, *([ws.reviews] if ws.reviews.is_file() and ws.reviews not in reviews else [])]
    sheets = [s for f in files for s in read_review_file(f)]
    pins: dict[str, str] = {}
    if history and ws.history.exists():
        with History(ws.history) as h:
            pins = h.decision_pins(tracker.id)
    result = check(tracker, src, as_of, progress=progress, reviews=sheets, pins=pins)
    if guard is not None:
        guard(result)
    streaks: dict[str, int] | None = None
    if history:
        with History(ws.history) as h:
            result = h.record_check(result)
            streaks = h.overdue_streaks(tracker.id, result.evaluation.lagging_units())
    paths = write_reports(result, reports) if reports else {}
    if write_back:  # the summary tab, then each row's result beside it in the unit's own tab
        from tracker.sheets_write import write_back as to_sheets
        from tracker.sheets_write import write_feedback

        to_sheets(result, credentials=credentials)
        write_feedback(result, credentials=credentials)
    if not (notify or outbox or send):
        return WeeklyRun(result, paths, (), (), None)
    notices = tuple(compose(result, ws, streaks))
    written = tuple(write_outbox(list(notices), outbox)) if outbox and send is None else ()
    report = deliver_notices(tracker, notices, send, ws) if send else None
    return WeeklyRun(result, paths, notices, written, report)


def compose(result: CheckResult, workspace: Workspace | None = None,
            streaks: dict[str, int] | None = None) -> list[Notice]:
    """The messages a stored check calls for, escalated and cooled down by the workspace's ledger and history."""
    tracker = result.tracker
    ws = workspace or Workspace.of(tracker)
    if streaks is None and ws.history.exists():
        with History(ws.history) as h:
            streaks = h.overdue_streaks(tracker.id, result.evaluation.lagging_units())
    with Ledger(ws.ledger) as ledger:
        escalation = ledger.escalation(tracker.id, [u.id for u in tracker.units], result.as_of,
                                       tracker.reminders.cooldown_days)
    return compose_notices(result, escalation, streaks)


def deliver_notices(tracker: Tracker, notices: tuple[Notice, ...] | list[Notice], settings: SmtpSettings,
                    workspace: Workspace | None = None) -> DeliveryReport:
    """Send over SMTP against the workspace's ledger: what any front-end sent before is not sent again."""
    with Ledger((workspace or Workspace.of(tracker)).ledger) as ledger:
        return deliver(list(notices), settings, ledger, rate_per_minute=tracker.reminders.rate_per_minute)
