"""The province's review as a stage: the evaluation and the decisions in, the evaluation as decided and the effects
out.

The check judges every unit by the rules alone (tracker.evaluate); this stage then applies what the province
decided (tracker.review.decisions: read from the review tab or a reviews file) and says what each decision changed:

- a part decision (excuse, complete) overrides the part's status, marked with the decision;
- a row decision (accept, reject, hold) has already changed which activities count (intake applies it to the
  row); here the part is judged again without it, to mark the parts whose status or progress it changed.

`read` takes the decisions in, `apply` applies them; `Effect` is one status a decision changed. The marks are Vietnamese words
put on the part (`PartStatus.decided`), as the reports and letters show them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from tracker.definition import Filter, Part, Tracker
from tracker.evaluate import (
    DONE,
    STATUS_VI,
    WORST_FIRST,
    Evaluation,
    PartStatus,
    Status,
    TaskStatus,
    judge_part,
    summarised,
)
from tracker.files.cells import RawSheet
from tracker.intake import Activity
from tracker.problems import Reason, explain
from tracker.review.decisions import PART_KINDS, Decision, Kind, Review, by, read_review
from tracker.review.rows import RowDecided
from tracker.rules import matches


@dataclass(frozen=True)
class Effect:
    """One status a decision changed."""

    decision: str
    """The decision's key."""
    unit: str
    task: str
    part: str
    before: Status
    after: Status

    def to_dict(self) -> dict[str, str]:
        return {"unit": self.unit, "task": self.task, "part": self.part, "before": self.before, "after": self.after,
                "before_vi": STATUS_VI[self.before], "after_vi": STATUS_VI[self.after]}


@dataclass(frozen=True)
class Reviewed:
    """What the stage gives back: the evaluation with the decisions applied, and what each one changed."""

    evaluation: Evaluation
    effects: tuple[Effect, ...] = ()


@dataclass(frozen=True)
class _Decided:
    """The decisions as the stage applies them: per (unit, part) the part decision in force, and per unit the row
    decisions intake applied."""

    parts: Mapping[tuple[str, str], Decision] = field(default_factory=dict)
    rows: Mapping[str, Sequence[RowDecided]] = field(default_factory=dict)
    speaker: str = ""


def read(tracker: Tracker, sheets: Sequence[RawSheet], as_of: date, pins: Mapping[str, str] | None = None) -> Review:
    """The stage's input: the decisions of the review sheets (tracker.review.decisions), each hand-typed one tied to the row
    content history pinned it to (`pins`, History.decision_pins)."""
    return read_review(tracker, sheets, as_of).pinned(pins or {})


def apply(tracker: Tracker, evaluation: Evaluation, activities: Sequence[Activity], review: Review,
          rows: Sequence[RowDecided], as_of: date) -> Reviewed:
    """The evaluation after the province's decisions in `review` (and the row decisions intake applied, `rows`):
    statuses overridden or marked, the roll-ups counted again, and every status a decision changed, in matrix
    order."""
    if not review.decisions:
        return Reviewed(evaluation)
    applied: dict[str, list[RowDecided]] = {}
    for d in rows:
        if d.outcome.applied:
            applied.setdefault(d.outcome.decision.unit, []).append(d)
    decided = _Decided(parts={(d.unit, d.part or ""): d for d in review.decisions if d.kind in PART_KINDS},
                       rows=applied, speaker=tracker.province.speaker)
    touched = set(decided.rows) | {unit for unit, _ in decided.parts}
    by_unit: dict[str, list[Activity]] = defaultdict(list)
    for activity in activities:
        if activity.date <= as_of and activity.unit in touched:
            by_unit[activity.unit].append(activity)
    for acts in by_unit.values():
        acts.sort(key=lambda a: (a.date, a.row))
    tasks = {t.id: t for t in tracker.tasks}
    effects: list[Effect] = []
    matrix: list[TaskStatus] = []
    plain_of: dict[str, tuple[list[RowDecided], list[Activity] | None]] = {}
    for ts in evaluation.matrix:
        if ts.unit not in touched:
            matrix.append(ts)
            continue
        acts = by_unit.get(ts.unit, [])
        if ts.unit not in plain_of:
            unit_rows = [d for d in decided.rows.get(ts.unit, ()) if d.counted != d.plain]
            plain_of[ts.unit] = (unit_rows, _plain(acts, unit_rows, as_of) if unit_rows else None)
        unit_rows, plain = plain_of[ts.unit]
        parts = tuple(_decide(tracker, p, part, acts, plain, unit_rows, decided, as_of, effects)
                      for p, part in zip(ts.parts, tasks[ts.task].parts, strict=True))
        worst = next(s for s in WORST_FIRST if any(p.status == s for p in parts))
        matrix.append(TaskStatus(ts.unit, ts.task, worst, parts))
    return Reviewed(summarised(tracker, evaluation, matrix), tuple(effects))


def _plain(acts: list[Activity], rows: Sequence[RowDecided], as_of: date) -> list[Activity]:
    """A unit's activities as the rules alone would count them, without the province's row decisions."""
    decided = {id(d.counted) for d in rows if d.counted is not None}
    out = [a for a in acts if id(a) not in decided]
    out += [d.plain for d in rows if d.plain is not None and d.plain.date <= as_of]
    return sorted(out, key=lambda a: (a.date, a.row))


def _decide(tracker: Tracker, judged: PartStatus, part: Part, acts: list[Activity], plain: list[Activity] | None,
            rows: Sequence[RowDecided], decided: _Decided, as_of: date, effects: list[Effect]) -> PartStatus:
    """The part's status after the province's decisions, marked where a decision changed it."""
    if plain is not None:
        before = judge_part(tracker, judged.unit, judged.task, part, plain, as_of)
        if _shown(before) != _shown(judged):
            relevant = [d for d in rows if _concerns(part, d)] or list(rows)
            if len(relevant) > 1:  # several decisions on the unit's rows: name those that alone make a difference
                alone = [d for d in relevant
                         if _shown(judge_part(tracker, judged.unit, judged.task, part, _plain(acts, [d], as_of),
                                              as_of)) != _shown(judged)]
                relevant = alone or relevant
            marks = tuple(f"Dòng {d.outcome.row} {_ROW_WORDS[d.outcome.decision.kind]} "
                          f"{by(decided.speaker, d.outcome.decision)}" for d in relevant)
            judged = replace(judged, decided=judged.decided + marks)
            if before.status != judged.status:
                effects += [Effect(d.outcome.decision.key, judged.unit, judged.task, judged.part, before.status,
                                   judged.status) for d in relevant]
    decision = decided.parts.get((judged.unit, part.id))
    if decision is None:
        return judged
    after = _overridden(judged, decision, decided.speaker)
    if after.status != judged.status:
        effects.append(Effect(decision.key, judged.unit, judged.task, judged.part, judged.status, after.status))
    return after


def _shown(part: PartStatus) -> tuple[Any, ...]:
    """What a person reads of a part: its status and date, and its progress while it is not done."""
    return (part.status, part.done_on, None if part.status in DONE else part.have)


_ROW_WORDS = {Kind.ACCEPT: "được chấp nhận", Kind.REJECT: "không được chấp nhận", Kind.HOLD: "đang chờ làm rõ"}


def _concerns(part: Part, row: RowDecided) -> bool:
    rule = part.rule
    if not isinstance(rule, Filter):
        return True
    return any(a is not None and matches(a, rule) for a in (row.counted, row.plain))


def _overridden(judged: PartStatus, decision: Decision, speaker: str) -> PartStatus:
    """A part the province excused (not applicable, with the reason) or declared done (on the day it gives)."""
    mark = f"{decision.kind_vi} {by(speaker, decision)}"
    if decision.kind == Kind.EXCUSE:  # periods go too: a unit excused from a report owes none of its weeks
        return replace(judged, status="not_applicable", done_on=None, days_overdue=0, working_days_overdue=None,
                       periods=(),
                       explanations=(explain(Reason.EXCUSED, reason=decision.reason),), decided=(*judged.decided, mark))
    done_on = decision.day or decision.decided_on
    status: Status = "done_on_time" if done_on <= judged.due else "done_late"
    detail = "".join(f"; {x}" for x in (decision.reason, f"minh chứng: {decision.evidence}" if decision.evidence else "")
                     if x)
    return replace(judged, status=status, done_on=done_on, days_overdue=0, working_days_overdue=None, explanations=(),
                   decided=(*judged.decided, mark + detail))
