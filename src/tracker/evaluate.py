"""Judgement, pure: (tracker, activities, as_of) -> a status for every unit x task part, and roll-ups.

No I/O here: evaluation never reads a sheet. Four statuses are the ones Vietnamese offices use for
assigned tasks; a fifth, not_applicable, marks a part the tracker does not ask of a unit (it stays
out of every denominator). The as-of boundaries are exact: on the due date a part is still in
progress; the day after, it is overdue. A recurring part is judged period by period, each on its own
due date: done on time, done late (for that period, never credited to the next), or missing.
Every reason a part is not done comes from the catalogue (tracker.problems.Reason), in both languages.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from operator import attrgetter
from typing import Any, Literal

from tracker.definition import Filter, Part, Recurrence, Tracker, Unit, work_calendar
from tracker.intake import Activity
from tracker.periods import PeriodRef, ReportPeriod, due_phrase, due_phrase_en, period_of_day, periods, resolve
from tracker.problems import Explanation, Phrase, Reason, explain
from tracker.rules import Met, handler, judge, matches, rule_phrase
from tracker.workdays import working_days_between

Status = Literal["done_on_time", "done_late", "in_progress", "overdue", "not_applicable"]
STATUSES: tuple[Status, ...] = ("done_on_time", "done_late", "in_progress", "overdue", "not_applicable")
STATUS_VI: dict[str, str] = {
    "done_on_time": "Hoàn thành đúng hạn",
    "done_late": "Hoàn thành quá hạn",
    "in_progress": "Đang thực hiện trong hạn",
    "overdue": "Quá hạn",
    "not_applicable": "Không áp dụng",
}
# A task takes the worst of its parts; it is "not applicable" only when none of its parts applies.
WORST_FIRST: tuple[Status, ...] = ("overdue", "in_progress", "done_late", "done_on_time", "not_applicable")
DONE: frozenset[str] = frozenset({"done_on_time", "done_late"})
PeriodState = Literal["on_time", "late", "missing", "open", "upcoming"]
PERIOD_VI: dict[str, str] = {
    "on_time": "Đúng hạn", "late": "Muộn", "missing": "Chưa báo cáo (quá hạn)", "open": "Chưa đến hạn",
    "upcoming": "Chưa bắt đầu",
}
MONTH_VI: dict[str, str] = {
    "on_time": "Có hoạt động", "late": "Muộn", "missing": "Không có hoạt động (quá hạn)", "open": "Đang diễn ra",
    "upcoming": "Chưa bắt đầu",
}
"""The months of a `monthly` rule: a month holds activities, not a report."""


@lru_cache(maxsize=4096)
def vn(day: date) -> str:
    # Cached: a month's last day and a part's due date are written again for each unit (23,247 parts nationally).
    return day.strftime("%d/%m/%Y")


_BY_DAY_AND_ROW = attrgetter("date", "row")


@dataclass(frozen=True)
class PeriodStatus:
    """One period of a recurring part for one unit."""

    index: int
    label: str
    due: date
    state: PeriodState
    done_on: date | None
    rows: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "label": self.label, "due": self.due.isoformat(), "state": self.state,
                "done_on": self.done_on.isoformat() if self.done_on else None, "rows": list(self.rows)}


@dataclass(frozen=True)
class PartStatus:
    unit: str
    task: str
    part: str
    status: Status
    due: date
    done_on: date | None
    days_overdue: int
    explanations: tuple[Explanation, ...]
    """Why the part is not done (or what comes next), each with its catalogue code."""
    rows: tuple[int, ...] = ()
    """The sheet rows of the activities that met the rule (evidence for the report)."""
    have: int | None = None
    need: int | None = None
    """Progress towards a number the rule asks for (activities, a sum): shown as 3/5 (60%)."""
    periods: tuple[PeriodStatus, ...] = ()
    working_days_overdue: int | None = None
    """Days overdue counted in working days, where the tracker's calendar asks for it."""
    decided: tuple[str, ...] = ()
    """Marks of the province's decisions that changed this status: 'Miễn theo quyết định của Sở ngày …'."""
    period: str | None = None
    """For a part judged period by period: the period `due` belongs to (the first one missed while overdue,
    the next one due while in progress), as units name it: 'Tháng 7/2026', 'Tuần 3 (15/06–21/06/2026)'."""

    @property
    def percent(self) -> int | None:
        if self.have is None or not self.need:
            return None
        return min(100, round(100 * self.have / self.need))

    @property
    def reasons(self) -> tuple[str, ...]:
        """The reasons in Vietnamese, as the unit reads them in reports and reminders."""
        return tuple(e.vi for e in self.explanations)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.part, "status": self.status, "due": self.due.isoformat(),
            "done_on": self.done_on.isoformat() if self.done_on else None,
            "days_overdue": self.days_overdue, "reasons": list(self.reasons),
            "reasons_en": [e.en for e in self.explanations], "reason_codes": [e.code.value for e in self.explanations],
            "rows": list(self.rows),
        }
        if self.need is not None:
            out.update(have=self.have, need=self.need, percent=self.percent)
        if self.periods:
            out["periods"] = [p.to_dict() for p in self.periods]
        if self.working_days_overdue is not None:
            out["working_days_overdue"] = self.working_days_overdue
        if self.decided:
            out["decided"] = list(self.decided)
        if self.period:
            out["period"] = self.period
        return out


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
class GroupRollups:
    """The roll-ups of one grouping the tracker names, under its heading."""

    label: str
    heading: str
    groups: list[Rollup]


@dataclass(frozen=True)
class UnitStart:
    unit: str
    first_activity: date | None
    days_after_start: int | None


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
        """The units with an overdue part, in the order of their first one. A dict keeps the order: a list's `in`
        made this quadratic (0.5 s a call for 3,321 units, several calls a directive)."""
        return list(dict.fromkeys(part.unit for part in self.parts() if part.status == "overdue"))


def evaluate(tracker: Tracker, activities: Sequence[Activity], as_of: date) -> Evaluation:
    """Every unit judged against every part by the rules alone; the province's decisions are the review stage's
    (tracker.review.stage), applied after."""
    by_unit: dict[str, list[Activity]] = defaultdict(list)
    for activity in activities:
        if activity.date <= as_of:
            by_unit[activity.unit].append(activity)
    for acts in by_unit.values():
        acts.sort(key=_BY_DAY_AND_ROW)
    matrix: list[TaskStatus] = []
    for unit in tracker.units:
        acts = by_unit.get(unit.id, [])
        for task in tracker.tasks:
            parts = tuple(judge_part(tracker, unit.id, task.id, part, acts, as_of, known=True) for part in task.parts)
            found = {p.status for p in parts}
            worst = next(s for s in WORST_FIRST if s in found)
            matrix.append(TaskStatus(unit.id, task.id, worst, parts))
    result = Evaluation(as_of=as_of, matrix=matrix)
    _rollups(tracker, result)
    origin = tracker.directive.issued_on or tracker.campaign.start
    for unit in tracker.units:
        acts = by_unit.get(unit.id, [])
        first = acts[0].date if acts else None
        result.starts[unit.id] = UnitStart(unit.id, first, (first - origin).days if first else None)
    return result


def summarised(tracker: Tracker, evaluation: Evaluation, matrix: list[TaskStatus]) -> Evaluation:
    """The evaluation with another matrix (the review stage's, decisions applied) and its roll-ups counted again."""
    result = Evaluation(as_of=evaluation.as_of, matrix=matrix, starts=evaluation.starts)
    _rollups(tracker, result)
    return result


def part_due(tracker: Tracker, part: Part) -> date:
    """A one-off part's due date; for a recurring part, its last period's."""
    if part.recurs is not None:
        return periods(part.recurs)[-1].due
    return part.due or tracker.campaign.end


def judge_part(tracker: Tracker, unit: str, task: str, part: Part, acts: Sequence[Activity], as_of: date,
               known: bool = False) -> PartStatus:
    """A unit's part judged on its activities as of a date; `known`: all of them are dated on or before it (evaluate
    leaves out the later ones once, not once per part: 23,000 parts at national scale)."""
    judged = _judge_part(tracker, unit, task, part, acts, as_of, known)
    if judged.status == "overdue" and tracker.calendar.show_working_days:
        days = working_days_between(as_of - timedelta(days=judged.days_overdue), as_of, work_calendar(tracker))
        return replace(judged, working_days_overdue=days)
    return judged


def _judge_part(tracker: Tracker, unit: str, task: str, part: Part, acts: Sequence[Activity], as_of: date,
                known: bool) -> PartStatus:
    who = tracker.unit(unit)
    if not part.applies(who):
        return PartStatus(unit, task, part.id, "not_applicable", part_due(tracker, part), None, 0,
                          (explain(Reason.NOT_APPLICABLE, unit_term=tracker.terms.unit),))
    if not known:
        acts = [a for a in acts if a.date <= as_of]  # what happened after the check date is not yet known
    if part.recurs is not None:
        return _recurring(tracker, who, task, part, part.recurs, acts, as_of)
    rule = part.rule
    if handler(rule).by_month:
        return _monthly(tracker, unit, task, part, rule, acts, as_of)
    met = judge(tracker, who, rule, acts)
    return _status(unit, task, part, part_due(tracker, part), met, as_of)


def _status(unit: str, task: str, part: Part, due: date, met: Met, as_of: date,
            overdue_since: date | None = None) -> PartStatus:
    if met.done_on is not None:
        status: Status = "done_on_time" if met.done_on <= due else "done_late"
        return PartStatus(unit, task, part.id, status, due, met.done_on, 0, (), met.rows, met.have, met.need)
    since = overdue_since or due
    if as_of > since:
        return PartStatus(unit, task, part.id, "overdue", due, None, (as_of - since).days, met.reasons, met.rows,
                          met.have, met.need)
    return PartStatus(unit, task, part.id, "in_progress", due, None, 0, met.reasons, met.rows, met.have, met.need)


def _monthly(tracker: Tracker, unit: str, task: str, part: Part, rule: Filter, acts: Sequence[Activity],
             as_of: date) -> PartStatus:
    """Each calendar month of the campaign judged on its own last day, like a recurring report: a month
    that has not yet ended is never missing; at most it is the next one due."""
    eligible = rule.select(acts)
    phrase = rule_phrase(rule)
    need: int = getattr(rule, "min", 1)
    states: list[PeriodStatus] = []
    for i, (first, last) in enumerate(tracker.campaign.months(), 1):
        label = f"Tháng {first.month}/{first.year}"
        inside = [a for a in eligible if first <= a.date <= last]
        if len(inside) >= need:
            met = inside[:need]
            states.append(PeriodStatus(i, label, last, "on_time", met[-1].date, tuple(a.row for a in met)))
        else:
            state: PeriodState = "missing" if as_of > last else ("open" if as_of >= first else "upcoming")
            states.append(PeriodStatus(i, label, last, state, None))
    reasons = [explain(Reason.MONTH_MISSED, filter=phrase, month=s.due.month, year=s.due.year, due=vn(s.due))
               for s in states if s.state == "missing"]
    return _from_periods(unit, task, part, states, reasons, as_of,
                         lambda s: Phrase(f"tháng {s.due.month}/{s.due.year}", f"month {s.due.month}/{s.due.year}"),
                         lambda s: Phrase(vn(s.due), vn(s.due)))


def _from_periods(unit: str, task: str, part: Part, states: list[PeriodStatus], reasons: list[Explanation],
                  as_of: date, label: Callable[[PeriodStatus], Phrase],
                  deadline: Callable[[PeriodStatus], Phrase]) -> PartStatus:
    """A part judged period by period: overdue from the first period missed, with that period's own deadline;
    else in progress towards the next period due (named, never listed as missing); else done."""
    missing = [s for s in states if s.state == "missing"]
    late = [s for s in states if s.state == "late"]
    pending = [s for s in states if s.state in ("open", "upcoming")]
    done = len(states) - len(missing) - len(pending)
    rows = tuple(row for s in states for row in s.rows)
    reasons = list(reasons)
    if pending:  # what comes next, also while an earlier period is overdue: the unit's next deadline
        reasons.append(explain(Reason.PERIOD_NEXT, period=label(pending[0]), deadline=deadline(pending[0])))

    def status(value: Status, at: PeriodStatus | None, done_on: date | None = None, days: int = 0) -> PartStatus:
        due = at.due if at else (states[-1].due if states else as_of)
        return PartStatus(unit, task, part.id, value, due, done_on, days, tuple(reasons), rows, done, len(states),
                          tuple(states), period=at.label if at else None)

    if missing:
        return status("overdue", missing[0], days=(as_of - missing[0].due).days)
    if pending:
        return status("in_progress", pending[0])
    last = max((s.done_on for s in states if s.done_on), default=None)
    return status("done_late" if late else "done_on_time", None, last)


def period_of(r: Recurrence, activity: Activity) -> ReportPeriod | None:
    """The period a row reports: the one its unit named in the period column, else the one of its date."""
    ref = activity.value(r.column) if r.column else None
    if isinstance(ref, PeriodRef):
        return resolve(r, ref)
    return period_of_day(r, activity.date)


def _recurring(tracker: Tracker, unit: Unit, task: str, part: Part, r: Recurrence, acts: Sequence[Activity],
               as_of: date) -> PartStatus:
    by_period: dict[int, list[Activity]] = defaultdict(list)
    for a in acts:
        if matches(a, part.rule):
            p = period_of(r, a)
            if p is not None:
                by_period[p.index].append(a)
    states: list[PeriodStatus] = []
    for p in periods(r):
        found = [a for a in by_period.get(p.index, []) if _counts_for(tracker, part, a)]
        need = getattr(part.rule, "min", 1)
        if len(found) >= need:
            done_on = found[need - 1].date
            state: PeriodState = "on_time" if done_on <= p.due else "late"
            states.append(PeriodStatus(p.index, p.label, p.due, state, done_on, tuple(a.row for a in found[:need])))
        else:
            state = "missing" if as_of > p.due else ("open" if as_of >= p.start else "upcoming")
            states.append(PeriodStatus(p.index, p.label, p.due, state, None))
    return _period_status(tracker, unit.id, task, part, r, states, as_of)


def _counts_for(tracker: Tracker, part: Part, activity: Activity) -> bool:
    return handler(part.rule).counts(tracker, part.rule, activity)


def _period_status(tracker: Tracker, unit: str, task: str, part: Part, r: Recurrence, states: list[PeriodStatus],
                   as_of: date) -> PartStatus:
    by_index = {p.index: p for p in periods(r)}
    reasons = [explain(Reason.PERIOD_MISSING, period=_label(by_index[s.index]),
                       deadline=_deadline(r, by_index[s.index])) for s in states if s.state == "missing"]
    reasons += [explain(Reason.PERIOD_LATE, period=_label(by_index[s.index]), done_on=vn(s.done_on),
                        due=vn(s.due)) for s in states if s.state == "late" and s.done_on]
    return _from_periods(unit, task, part, states, reasons, as_of, lambda s: _label(by_index[s.index]),
                         lambda s: _deadline(r, by_index[s.index]))


def _label(p: ReportPeriod) -> Phrase:
    return Phrase(p.label, p.label_en)


def _deadline(r: Recurrence, p: ReportPeriod) -> Phrase:
    return Phrase(due_phrase(r, p), due_phrase_en(r, p))


def _rollups(tracker: Tracker, result: Evaluation) -> None:
    # Parts that do not apply to a unit stay out of every denominator.
    parts = [p for p in result.parts() if p.status != "not_applicable"]

    def roll(key: str, name: str, chosen: list[PartStatus]) -> Rollup:
        return Rollup(
            key=key, name=name, parts_total=len(chosen),
            parts_done=sum(p.status in DONE for p in chosen),
            parts_overdue=sum(p.status == "overdue" for p in chosen),
            units_overdue=len({p.unit for p in chosen if p.status == "overdue"}),
            units=len({p.unit for p in chosen}),
        )

    # Each group's and task's parts gathered in one pass, in order (a scan of every part per group was quadratic).
    for grouping in tracker.groupings:
        group_of = {u.id: u.labels.get(grouping.label, "") for u in tracker.units}
        in_group: dict[str, list[PartStatus]] = {group_of[u.id]: [] for u in tracker.units}
        for p in parts:
            in_group[group_of[p.unit]].append(p)
        result.by_group.append(GroupRollups(grouping.label, grouping.heading, [
            roll(name, name, chosen) for name, chosen in in_group.items()]))
    in_task: dict[str, list[PartStatus]] = {t.id: [] for t in tracker.tasks}
    for p in parts:
        if p.task in in_task:
            in_task[p.task].append(p)
    result.by_task = [roll(t.id, t.title, in_task[t.id]) for t in tracker.tasks]
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
