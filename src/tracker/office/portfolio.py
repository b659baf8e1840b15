"""The picture for the leadership, as data: every directive's figures, the units overdue in the most
directives, the directives ending soon, and what could not be checked. Pure: the week's checks and
last week's figures from history in, figures out; the page (pages.py), the Word report (report.py) and
the digest (messages.py) render the same figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from tracker.definition import Tracker
from tracker.evaluate import DONE
from tracker.office.identity import Identities
from tracker.office.workspace import STAGE_VI, Lifecycle, Stage, TrackerEntry, last_deadline
from tracker.periods import periods
from tracker.problems import Problem
from tracker.result import CheckResult
from tracker.text import vietnamese_key

ENDING_WITHIN = 14
"""Days ahead in which a directive's last deadline counts as ending soon."""
TOP_UNITS = 10


@dataclass(frozen=True)
class Before:
    """A directive's figures at its last check of an earlier day, from history."""

    as_of: date
    parts_done: int
    parts_total: int
    units_overdue: int

    @property
    def rate(self) -> float:
        return self.parts_done / self.parts_total if self.parts_total else 0.0


@dataclass(frozen=True)
class Directive:
    """One directive of the office this week: what it is, where it stands, and what its check found."""

    entry: TrackerEntry
    tracker: Tracker | None
    """None when its definition could not be loaded."""
    life: Lifecycle | None
    result: CheckResult | None = None
    """This week's check, when it ran and passed its guard."""
    failure: Problem | None = None
    before: Before | None = None
    last_check: str | None = None
    """For a directive not checked this week: the date of its last stored check."""
    reports: dict[str, Any] | None = None
    """Paths of its reports and documents, relative to the office folder."""

    @property
    def id(self) -> str:
        return self.tracker.id if self.tracker else self.entry.tracker

    @property
    def title(self) -> str:
        return self.tracker.title if self.tracker else self.entry.tracker

    @property
    def stage(self) -> Stage | None:
        return self.life.stage if self.life else None


@dataclass(frozen=True)
class Row:
    """One directive's line in the portfolio."""

    id: str
    title: str
    number: str
    stage: str
    checked: bool
    failure: str
    parts_total: int = 0
    parts_done: int = 0
    on_time: int = 0
    late: int = 0
    in_progress: int = 0
    overdue: int = 0
    units: int = 0
    units_overdue: int = 0
    before: Before | None = None
    ends: date | None = None
    next_due: date | None = None
    report: str | None = None

    @property
    def rate(self) -> float:
        return self.parts_done / self.parts_total if self.parts_total else 0.0

    @property
    def trend(self) -> str:
        """'tỷ lệ hoàn thành tăng 12 điểm phần trăm, số đơn vị quá hạn giảm 3' since the last check of an earlier day;
        '' without one. Each figure says which way it went: 'đơn vị quá hạn 0' read as no unit overdue."""
        if self.before is None or not self.checked:
            return ""
        points = round(100 * (self.rate - self.before.rate))
        units = self.units_overdue - self.before.units_overdue
        return (f"tỷ lệ hoàn thành {_change(points, ' điểm phần trăm')}, "
                f"số đơn vị quá hạn {_change(units, '')}")


@dataclass(frozen=True)
class Lagging:
    """A unit overdue in several directives: how many, and in which, with the days overdue in each."""

    key: str
    name: str
    directives: tuple[tuple[str, int], ...]
    """(directive title, days overdue of its most overdue part)."""

    @property
    def days(self) -> int:
        return sum(d for _, d in self.directives)


@dataclass(frozen=True)
class Portfolio:
    as_of: date
    rows: tuple[Row, ...]
    lagging: tuple[Lagging, ...]
    """The units overdue in the most directives (at most TOP_UNITS), most first."""
    units_lagging: int
    """Units of the office overdue in at least one directive."""
    units: int
    ending: tuple[Row, ...]
    problems: tuple[Problem, ...]

    @property
    def checked(self) -> list[Row]:
        return [r for r in self.rows if r.checked]

    @property
    def failed(self) -> list[Row]:
        return [r for r in self.rows if r.failure]

    @property
    def archived(self) -> list[Row]:
        return [r for r in self.rows if r.stage == STAGE_VI["archived"]]

    @property
    def upcoming(self) -> list[Row]:
        return [r for r in self.rows if r.stage == STAGE_VI["upcoming"]]

    @property
    def parts_done(self) -> int:
        return sum(r.parts_done for r in self.checked)

    @property
    def parts_total(self) -> int:
        return sum(r.parts_total for r in self.checked)


def build(as_of: date, directives: Sequence[Directive], identities: Identities,
          problems: Sequence[Problem] = ()) -> Portfolio:
    rows = tuple(_row(d, as_of) for d in directives)
    overdue: dict[str, list[tuple[str, int]]] = {}
    for d in directives:
        if d.result is None:
            continue
        worst: dict[str, int] = {}
        for p in d.result.evaluation.parts():
            if p.status == "overdue":
                worst[p.unit] = max(worst.get(p.unit, 0), p.days_overdue)
        for unit, days in worst.items():
            overdue.setdefault(identities.key_of(d.result.tracker.id, unit), []).append((d.title, days))
    lagging = sorted((Lagging(k, identities.unit(k).name, tuple(sorted(v, key=lambda x: -x[1])))
                      for k, v in overdue.items()), key=lambda u: (-len(u.directives), -u.days, vietnamese_key(u.name)))
    ending = tuple(r for r in rows if r.checked and r.ends and as_of <= r.ends <= as_of + timedelta(days=ENDING_WITHIN))
    return Portfolio(as_of, rows, tuple(lagging[:TOP_UNITS]), len(lagging), len(identities.units), ending,
                     tuple(problems))


def _row(d: Directive, as_of: date) -> Row:
    t = d.tracker
    base: dict[str, Any] = {
        "id": d.id, "title": d.title, "number": t.directive.number if t else "",
        "stage": STAGE_VI[d.stage] if d.stage else "Không đọc được định nghĩa", "checked": d.result is not None,
        "failure": d.failure.message if d.failure else "", "before": d.before,
        "ends": last_deadline(t) if t else None, "next_due": _next_due(t, as_of) if t else None,
        "report": (d.reports or {}).get("html"),
    }
    if d.result is None:
        return Row(**base)
    parts = [p for p in d.result.evaluation.parts() if p.status != "not_applicable"]
    count = {s: sum(1 for p in parts if p.status == s) for s in ("done_on_time", "done_late", "in_progress", "overdue")}
    return Row(**base, parts_total=len(parts), parts_done=sum(1 for p in parts if p.status in DONE),
               on_time=count["done_on_time"], late=count["done_late"], in_progress=count["in_progress"],
               overdue=count["overdue"], units=len(d.result.tracker.units),
               units_overdue=len({p.unit for p in parts if p.status == "overdue"}))


def _next_due(t: Tracker, as_of: date) -> date | None:
    days = [p.due for _, p in t.parts() if p.due and p.due >= as_of]
    days += [x.due for _, p in t.parts() if p.recurs for x in periods(p.recurs) if x.due >= as_of]
    return min(days, default=None)


def _change(n: int, unit: str) -> str:
    return f"tăng {n}{unit}" if n > 0 else ("không đổi" if n == 0 else f"giảm {-n}{unit}")
