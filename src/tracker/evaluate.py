"""Judgement, pure: (tracker, activities, as_of) -> a status for every unit x task part, and roll-ups.

No I/O here: evaluation never reads a sheet. The four statuses are the ones Vietnamese offices use
for assigned tasks. The as-of boundaries are exact: on the due date a part is still in progress;
the day after, it is overdue.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from tracker.definition import AudienceRule, CountRule, EvidenceRule, MonthlyRule, Part, Tracker
from tracker.intake import Activity

Status = Literal["done_on_time", "done_late", "in_progress", "overdue"]
STATUSES: tuple[Status, ...] = ("done_on_time", "done_late", "in_progress", "overdue")
STATUS_VI: dict[str, str] = {
    "done_on_time": "Hoàn thành đúng hạn",
    "done_late": "Hoàn thành quá hạn",
    "in_progress": "Đang thực hiện trong hạn",
    "overdue": "Quá hạn",
}
# A task takes the worst of its parts.
WORST_FIRST: tuple[Status, ...] = ("overdue", "in_progress", "done_late", "done_on_time")
DONE: frozenset[str] = frozenset({"done_on_time", "done_late"})


def vn(day: date) -> str:
    return day.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class PartStatus:
    unit: str
    task: str
    part: str
    status: Status
    due: date
    done_on: date | None
    days_overdue: int
    reasons: tuple[str, ...]
    rows: tuple[int, ...] = ()
    """The sheet rows of the activities that met the rule (evidence for the report)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.part, "status": self.status, "due": self.due.isoformat(),
            "done_on": self.done_on.isoformat() if self.done_on else None,
            "days_overdue": self.days_overdue, "reasons": list(self.reasons), "rows": list(self.rows),
        }


@dataclass(frozen=True)
class TaskStatus:
    unit: str
    task: str
    status: Status
    parts: tuple[PartStatus, ...]


@dataclass(frozen=True)
class Rollup:
    key: str
    name: str
    parts_total: int
    parts_done: int
    parts_overdue: int
    units_overdue: int
    units: int

    @property
    def rate(self) -> float:
        return self.parts_done / self.parts_total if self.parts_total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "name": self.name, "parts_total": self.parts_total, "parts_done": self.parts_done,
                "parts_overdue": self.parts_overdue, "rate": round(self.rate, 4), "units": self.units,
                "units_overdue": self.units_overdue}


@dataclass(frozen=True)
class UnitStart:
    unit: str
    first_activity: date | None
    days_after_start: int | None


@dataclass(frozen=True)
class GroupRollups:
    """The roll-ups of one grouping the tracker names, under its heading."""

    label: str
    heading: str
    groups: list[Rollup]


@dataclass
class Evaluation:
    as_of: date
    matrix: list[TaskStatus]
    by_group: list[GroupRollups] = field(default_factory=list)
    by_task: list[Rollup] = field(default_factory=list)
    province: Rollup | None = None
    starts: dict[str, UnitStart] = field(default_factory=dict)

    _index: dict[str, list[TaskStatus]] = field(default_factory=dict, repr=False, compare=False)

    def unit_tasks(self, unit: str) -> list[TaskStatus]:
        # Reports ask per unit thousands of times at national scale: index once, not scan each time.
        if not self._index and self.matrix:
            for t in self.matrix:
                self._index.setdefault(t.unit, []).append(t)
        return list(self._index.get(unit, []))

    def parts(self) -> Iterable[PartStatus]:
        for task in self.matrix:
            yield from task.parts

    def lagging_units(self) -> list[str]:
        out: list[str] = []
        for part in self.parts():
            if part.status == "overdue" and part.unit not in out:
                out.append(part.unit)
        return out


def evaluate(tracker: Tracker, activities: Sequence[Activity], as_of: date) -> Evaluation:
    by_unit: dict[str, list[Activity]] = defaultdict(list)
    for activity in activities:
        if activity.date <= as_of:
            by_unit[activity.unit].append(activity)
    for acts in by_unit.values():
        acts.sort(key=lambda a: (a.date, a.row))
    matrix: list[TaskStatus] = []
    for unit in tracker.units:
        acts = by_unit.get(unit.id, [])
        for task in tracker.tasks:
            parts = tuple(judge_part(tracker, unit.id, task.id, part, acts, as_of) for part in task.parts)
            worst = next(s for s in WORST_FIRST if any(p.status == s for p in parts))
            matrix.append(TaskStatus(unit.id, task.id, worst, parts))
    result = Evaluation(as_of=as_of, matrix=matrix)
    _rollups(tracker, result)
    origin = tracker.directive.issued_on or tracker.campaign.start
    for unit in tracker.units:
        acts = by_unit.get(unit.id, [])
        first = acts[0].date if acts else None
        result.starts[unit.id] = UnitStart(unit.id, first, (first - origin).days if first else None)
    return result


def judge_part(tracker: Tracker, unit: str, task: str, part: Part, acts: Sequence[Activity], as_of: date) -> PartStatus:
    rule = part.rule
    acts = [a for a in acts if a.date <= as_of]  # what happened after the check date is not yet known
    if isinstance(rule, MonthlyRule):
        return _monthly(tracker, unit, task, part, rule, acts, as_of)
    eligible = [a for a in acts if _tagged(a, rule.tags)]
    met: list[Activity] = []
    reasons: list[str] = []
    if isinstance(rule, CountRule):
        if rule.window:
            eligible = [a for a in eligible if rule.window.start <= a.date <= rule.window.end]
        met = eligible[: rule.min] if len(eligible) >= rule.min else []
        if not met:
            reasons.append(_count_reason(tracker, rule.tags, rule.min, len(eligible), rule.window))
    elif isinstance(rule, AudienceRule):
        met, missing = _audiences(rule, eligible)
        if missing:
            met = []
            reasons.append(f"Chưa có hoạt động{_tag_phrase(tracker, rule.tags)} hướng tới: " + "; ".join(missing) + ".")
    elif isinstance(rule, EvidenceRule):
        with_link = [a for a in eligible if a.link and any(f in rule.forms for f in a.forms)]
        met = with_link[: rule.min] if len(with_link) >= rule.min else []
        if not met:
            forms = ", ".join(f"“{f}”" for f in rule.forms)
            reasons.append(f"Chưa có hoạt động hình thức {forms} kèm link minh chứng"
                           + (f" (mới có {len(with_link)}/{rule.min})." if with_link else "."))
    done_on = max(a.date for a in met) if met else None
    return _status(unit, task, part, _due(tracker, part), done_on, as_of, tuple(reasons), tuple(a.row for a in met))


def _status(unit: str, task: str, part: Part, due: date, done_on: date | None, as_of: date,
            reasons: tuple[str, ...], rows: tuple[int, ...], overdue_since: date | None = None) -> PartStatus:
    if done_on is not None:
        status: Status = "done_on_time" if done_on <= due else "done_late"
        return PartStatus(unit, task, part.id, status, due, done_on, 0, (), rows)
    since = overdue_since or due
    if as_of > since:
        return PartStatus(unit, task, part.id, "overdue", due, None, (as_of - since).days, reasons, rows)
    return PartStatus(unit, task, part.id, "in_progress", due, None, 0, reasons, rows)


def _monthly(tracker: Tracker, unit: str, task: str, part: Part, rule: MonthlyRule, acts: Sequence[Activity],
             as_of: date) -> PartStatus:
    eligible = [a for a in acts if _tagged(a, rule.tags)]
    reasons: list[str] = []
    met: list[Activity] = []
    first_missed: date | None = None
    month_done: list[date] = []
    for first, last in tracker.campaign.months():
        inside = [a for a in eligible if first <= a.date <= last]
        if len(inside) >= rule.min:
            met += inside[: rule.min]
            month_done.append(inside[rule.min - 1].date)
            continue
        label = f"tháng {first.month}/{first.year}"
        if last < as_of:
            first_missed = first_missed or last
            reasons.append(f"Không có hoạt động nào{_tag_phrase(tracker, rule.tags)} trong {label} (hạn {vn(last)}).")
        else:
            reasons.append(f"Chưa có hoạt động nào{_tag_phrase(tracker, rule.tags)} trong {label} (hạn {vn(last)}).")
    done_on = max(month_done) if not reasons else None
    return _status(unit, task, part, _due(tracker, part), done_on, as_of, tuple(reasons), tuple(a.row for a in met),
                   overdue_since=first_missed)


def _due(tracker: Tracker, part: Part) -> date:
    return part.due or tracker.campaign.end


def _tagged(activity: Activity, tags: Sequence[str]) -> bool:
    return not tags or any(t in activity.tags for t in tags)


def _audiences(rule: AudienceRule, eligible: Sequence[Activity]) -> tuple[list[Activity], list[str]]:
    covered: dict[str, Activity] = {}
    for activity in eligible:
        for group in rule.groups:
            if group.name not in covered and any(a in group.audiences for a in activity.audiences):
                covered[group.name] = activity
    missing = [g.name for g in rule.groups if g.name not in covered]
    met = sorted({id(a): a for a in covered.values()}.values(), key=lambda a: (a.date, a.row))
    return met, missing


def _tag_phrase(tracker: Tracker, tags: Sequence[str]) -> str:
    if not tags:
        return ""
    return " thuộc nhiệm vụ " + ", ".join(tags)


def _count_reason(tracker: Tracker, tags: Sequence[str], need: int, have: int, window: Any) -> str:
    span = f" được ghi ngày từ {vn(window.start)} đến {vn(window.end)}" if window else ""
    if have == 0:
        return f"Chưa có hoạt động nào{_tag_phrase(tracker, tags)}{span}."
    return f"Mới có {have}/{need} hoạt động{_tag_phrase(tracker, tags)}{span}."


def _rollups(tracker: Tracker, result: Evaluation) -> None:
    parts = list(result.parts())

    def roll(key: str, name: str, chosen: list[PartStatus]) -> Rollup:
        units = {p.unit for p in chosen}
        return Rollup(
            key=key, name=name, parts_total=len(chosen),
            parts_done=sum(p.status in DONE for p in chosen),
            parts_overdue=sum(p.status == "overdue" for p in chosen),
            units_overdue=len({p.unit for p in chosen if p.status == "overdue"}),
            units=len(units),
        )

    for grouping in tracker.groupings:
        group_of = {u.id: u.labels.get(grouping.label, "") for u in tracker.units}
        names = list(dict.fromkeys(group_of[u.id] for u in tracker.units))
        result.by_group.append(GroupRollups(grouping.label, grouping.heading, [
            roll(name, name, [p for p in parts if group_of[p.unit] == name]) for name in names]))
    result.by_task = [roll(t.id, t.title, [p for p in parts if p.task == t.id]) for t in tracker.tasks]
    result.province = roll("all", tracker.terms.whole, parts)


@dataclass(frozen=True)
class WeeklyCounts:
    weeks: list[date]
    """The Monday of each week from the campaign's first week to the as-of date's week."""
    rows: dict[str, list[int]]
    """Per group of the tracker's first grouping (per unit when it has none), the activities of each week."""

    @property
    def peak(self) -> int:
        return max((n for counts in self.rows.values() for n in counts), default=0)


def weekly_counts(tracker: Tracker, activities: Sequence[Activity], as_of: date) -> WeeklyCounts:
    from datetime import timedelta

    start = tracker.campaign.start - timedelta(days=tracker.campaign.start.weekday())
    end = min(as_of, tracker.campaign.end)
    weeks: list[date] = []
    monday = start
    while monday <= end:
        weeks.append(monday)
        monday += timedelta(days=7)
    first = tracker.groupings[0] if tracker.groupings else None
    row_of = {u.id: (u.labels.get(first.label, "") if first else u.name) for u in tracker.units}
    rows: dict[str, list[int]] = {}
    for unit in tracker.units:
        rows.setdefault(row_of[unit.id], [0] * len(weeks))
    for a in activities:
        index = (a.date - start).days // 7
        if 0 <= index < len(weeks) and a.date <= as_of:
            rows[row_of[a.unit]][index] += 1
    return WeeklyCounts(weeks, rows)
