"""The weekly check: the one call the CLI and the notebook share.

check(tracker, source, as_of) reads the source (all of it, or raises SourceError: a partial read is
never shown as complete), runs intake and evaluation, and returns a CheckResult that renders to
findings.json, report.xlsx and report.html.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from tracker.definition import Tracker
from tracker.errors import OutputError, TrackerError
from tracker.evaluate import STATUS_VI, Evaluation, evaluate
from tracker.intake import IntakeResult, intake
from tracker.problems import Problem
from tracker.sources import ProgressFn, RawBook, Source

SCHEMA = 2  # 2: units carry `labels`, roll-ups come `groups` by the tracker's groupings; not_applicable


@dataclass
class CheckResult:
    tracker: Tracker
    as_of: date
    source: str
    book: RawBook
    intake: IntakeResult
    evaluation: Evaluation
    checked_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    changes: dict[str, Any] | None = None
    """Set by history: rows new, edited and deleted since the previous check."""
    check_id: int | None = None
    trend: list[dict[str, Any]] | None = None
    """Set by history: every unit's status per task at every stored check, this one included."""
    _problems_index: tuple[Any, int, dict[str | None, list[Problem]]] = field(
        default=(None, -1, {}), init=False, repr=False, compare=False)

    @property
    def problems(self) -> list[Problem]:
        return self.intake.problems

    def unit_problems(self, unit: str) -> list[Problem]:
        # Reports ask once per unit; at national scale a scan per unit costs seconds, so index once.
        problems = self.intake.problems
        if self._problems_index[0] is not problems or self._problems_index[1] != len(problems):
            index: dict[str | None, list[Problem]] = {}
            for p in problems:
                index.setdefault(p.unit, []).append(p)
            self._problems_index = (problems, len(problems), index)
        return list(self._problems_index[2].get(unit, []))

    def sheet_link(self, sheet: str | None) -> str | None:
        return self.book.links.get(sheet) if sheet else None

    def findings(self) -> dict[str, Any]:
        return findings(self)


@contextmanager
def bulk_allocation() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of small, acyclic objects are made.

    At national scale the collector rescans the growing heap again and again: measured on 3,321
    units it took a third of the check (16.1 s with it, 10.7 s without). Reference counting still
    frees everything as usual; the collector resumes afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check(tracker: Tracker, source: Source, as_of: date | None = None, progress: ProgressFn | None = None) -> CheckResult:
    as_of = as_of or date.today()
    with bulk_allocation():
        book = source.read(tracker, progress)
        taken = intake(tracker, book, as_of)
        judged = evaluate(tracker, taken.activities, as_of)
    return CheckResult(tracker=tracker, as_of=as_of, source=source.label, book=book, intake=taken, evaluation=judged)


def findings(result: CheckResult) -> dict[str, Any]:
    """findings.json (docs/findings.md): statuses and severities use exactly the catalogue's words."""
    t = result.tracker
    ev = result.evaluation
    intake_units = result.intake.units
    out: dict[str, Any] = {
        "schema": SCHEMA,
        "tracker": t.id,
        "title": t.title,
        "as_of": result.as_of.isoformat(),
        "checked_at": result.checked_at.isoformat(timespec="seconds"),
        "source": result.source,
        "counts": result.intake.counts.to_dict(),
        "units": [
            {"id": u.id, "name": u.name, "labels": dict(u.labels), "sheet": intake_units[u.id].sheet or u.sheet,
             "sheet_found": intake_units[u.id].sheet is not None, "counts": intake_units[u.id].counts.to_dict(),
             "first_activity": _iso(ev.starts[u.id].first_activity),
             "days_to_start": ev.starts[u.id].days_after_start,
             "problems": len(result.unit_problems(u.id))}
            for u in t.units
        ],
        "tasks": [
            {"id": task.id, "title": task.title,
             "parts": [{"id": p.id, "title": p.title, "due": p.due.isoformat() if p.due else None} for p in task.parts]}
            for task in t.tasks
        ],
        "statuses": STATUS_VI,
        "matrix": [
            {"unit": ts.unit, "task": ts.task, "status": ts.status, "parts": [p.to_dict() for p in ts.parts]}
            for ts in ev.matrix
        ],
        "rollups": {
            "province": ev.province.to_dict() if ev.province else None,
            "groups": [{"label": g.label, "heading": g.heading, "groups": [r.to_dict() for r in g.groups]}
                       for g in ev.by_group],
            "tasks": [r.to_dict() for r in ev.by_task],
        },
        "problems": [p.to_dict() for p in result.intake.problems],
        "activities": [a.to_dict() for a in result.intake.activities],
    }
    if result.changes is not None:
        out["changes"] = result.changes
    return out


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


PARALLEL_ABOVE = 20_000
"""Activities above which report.xlsx is written by a forked process while JSON and HTML are written here."""


def write_reports(result: CheckResult, out_dir: str | Path) -> dict[str, Path]:
    """Write findings.json, report.xlsx and report.html into out_dir; returns their paths."""
    out = Path(out_dir)
    paths = {"json": out / "findings.json", "xlsx": out / "report.xlsx", "html": out / "report.html"}
    try:
        out.mkdir(parents=True, exist_ok=True)
        with bulk_allocation():
            _write_reports(result, paths)
    except OSError as exc:
        raise OutputError(f"cannot write the reports into {out}: {exc.strerror or exc}") from exc
    return paths


def _write_reports(result: CheckResult, paths: dict[str, Path]) -> None:
    import json
    import multiprocessing
    import os

    from tracker.report.html import write_html
    from tracker.report.unit_page import write_unit_pages
    from tracker.report.xlsx import write_xlsx

    child = None
    # The workbook is the slow part at national scale; on a machine with a second core a forked
    # process writes it from the same memory (copy-on-write, nothing pickled) while this one goes on.
    if len(result.intake.activities) > PARALLEL_ABOVE and hasattr(os, "fork") and (os.cpu_count() or 1) > 1:
        child = multiprocessing.get_context("fork").Process(target=write_xlsx, args=(result, paths["xlsx"]))
        child.start()
    else:
        write_xlsx(result, paths["xlsx"])
    # Indented for a person to read; compact when large, where json's C encoder is five times faster.
    indent = 2 if len(result.intake.activities) <= PARALLEL_ABOVE else None
    paths["json"].write_text(json.dumps(findings(result), ensure_ascii=False, indent=indent), encoding="utf-8")
    write_html(result, paths["html"])
    write_unit_pages(result, paths["html"].parent)
    if child is not None:
        child.join()
        if child.exitcode != 0:
            raise TrackerError(f"report.xlsx could not be written (writer exited with {child.exitcode})")
