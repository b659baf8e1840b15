"""The result of a weekly check, as a value: what was read, judged and (once history has it) what changed.

Frozen, and built only from data modules, so that every report, history and the notices take it and
return new things; none of them sets a field on it. findings.json is its documented form.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from functools import cached_property
from typing import Any, TypedDict

from tracker.cells import RawBook
from tracker.decisions import EMPTY, Outcome, Review
from tracker.definition import Tracker
from tracker.evaluate import STATUS_VI, Evaluation
from tracker.intake import IntakeResult
from tracker.problems import Problem

SCHEMA = 2  # 2: units carry `labels`, roll-ups come `groups` by the tracker's groupings; not_applicable


class ChangedRow(TypedDict, total=False):
    """A row of a unit's sheet in the history's words: where it is, what it holds, and for edits what it held."""

    id: str
    unit: str
    sheet: str
    row: int
    values: dict[str, str]
    counted: bool
    before: dict[str, str]
    before_row: int
    days_late: int


class Changes(TypedDict):
    """What changed since the stored check this one is compared with (History.base_check): the last check of the
    previous week, else the last one of an earlier date; `previous_as_of` says which."""

    new: list[ChangedRow]
    edited: list[ChangedRow]
    deleted: list[ChangedRow]
    reported_late: list[ChangedRow]
    previous_check: int | None
    previous_as_of: str | None


class TrendPoint(TypedDict):
    """One unit's status on one task at one stored check."""

    check: int
    as_of: str
    unit: str
    task: str
    status: str


@dataclass(frozen=True)
class CheckResult:
    tracker: Tracker
    as_of: date
    source: str
    book: RawBook
    intake: IntakeResult
    evaluation: Evaluation
    checked_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    changes: Changes | None = None
    """From history: rows new, edited and deleted since the previous check."""
    check_id: int | None = None
    trend: tuple[TrendPoint, ...] | None = None
    """From history: every unit's status per task at every stored check, this one included."""
    review: Review = EMPTY
    """The province's decisions read for this check (tracker.decisions)."""

    @cached_property
    def decisions(self) -> tuple[Outcome, ...]:
        """Every decision line read, what became of it and the statuses it changed, in the review tab's order."""
        effects: dict[str, list[dict[str, str]]] = {}
        for e in self.evaluation.effects:
            effects.setdefault(e.decision, []).append(e.to_dict())
        rows = {d.outcome.decision.key: d.outcome for d in self.intake.decided}
        out = [rows.get(d.key) or Outcome(d, "applied") for d in self.review.decisions]
        out = [replace(o, effects=tuple(effects.get(o.decision.key, ()))) for o in out]
        out += [Outcome(d, "superseded") for d in self.review.superseded]  # replaced: changed nothing
        names = list(self.review.sheets)
        return tuple(sorted(out, key=lambda o: (names.index(o.decision.sheet), o.decision.line)))

    @property
    def problems(self) -> list[Problem]:
        return self.intake.problems

    @cached_property
    def _problems_by_unit(self) -> dict[str | None, list[Problem]]:
        # Reports ask once per unit; at national scale a scan per unit costs seconds, so index once.
        index: dict[str | None, list[Problem]] = {}
        for p in self.intake.problems:
            index.setdefault(p.unit, []).append(p)
        return index

    def unit_problems(self, unit: str) -> list[Problem]:
        return list(self._problems_by_unit.get(unit, []))

    def sheet_link(self, sheet: str | None) -> str | None:
        return self.book.links.get(sheet) if sheet else None

    def with_history(self, check_id: int | None, changes: Changes, trend: list[TrendPoint]) -> CheckResult:
        """The same check as history stored it: its number (None when compared, not stored), what changed, and the
        trend."""
        return replace(self, check_id=check_id, changes=changes, trend=tuple(trend))

    @property
    def decided_parts(self) -> int:
        """Unit x parts whose status the province's decisions changed (several decisions may share one)."""
        return len({(e.unit, e.part) for e in self.evaluation.effects})

    @property
    def review_problems(self) -> list[Problem]:
        """Problems of the review lines themselves: for the province, never for a unit."""
        sheets = set(self.review.sheets)
        return [p for p in self.intake.problems if p.unit is None and p.sheet in sheets]

    def findings(self) -> dict[str, Any]:
        return findings(self)


def findings(result: CheckResult, lazy: bool = False) -> dict[str, Any]:
    """findings.json (docs/findings.md): statuses and severities use exactly the catalogue's words.

    `lazy`: the matrix, problems and activities as iterators made while they are written (tracker.text.json_chunks),
    not lists: at national scale those lists are most of the document's memory."""
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
        "matrix": _listed((
            {"unit": ts.unit, "task": ts.task, "status": ts.status, "parts": [p.to_dict() for p in ts.parts]}
            for ts in ev.matrix), lazy),
        "rollups": {
            "province": ev.province.to_dict() if ev.province else None,
            "groups": [{"label": g.label, "heading": g.heading, "groups": [r.to_dict() for r in g.groups]}
                       for g in ev.by_group],
            "tasks": [r.to_dict() for r in ev.by_task],
        },
        "problems": _listed((p.to_dict() for p in result.intake.problems), lazy),
        "activities": _listed((a.to_dict() for a in result.intake.activities), lazy),
    }
    if result.review.sheets:
        out["decisions"] = [o.to_dict() for o in result.decisions]
    if result.changes is not None:
        out["changes"] = result.changes
    return out


def _listed(items: Iterator[dict[str, Any]], lazy: bool) -> Iterator[dict[str, Any]] | list[dict[str, Any]]:
    return items if lazy else list(items)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
