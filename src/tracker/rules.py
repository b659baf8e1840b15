"""Rule kinds as objects: for each kind of `rule` a tracker's part may have, how it judges a unit's activities
and the reasons it gives when they fall short.

The rule's model (its YAML fields and its validation, `check`) stays in `definition.py`, where the tracker is
loaded; this module holds what evaluation does with it. `HANDLERS` maps every model class of the `Rule` union
to its handler, and evaluation dispatches through it instead of testing types. A new rule kind is a model in
`definition.py` (added to the union, with its `check`) and one handler here, with their tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from tracker.definition import (
    AudienceRule,
    CountRule,
    EvidenceRule,
    Filter,
    MonthlyRule,
    SumRule,
    Tracker,
    Unit,
    Window,
    docref_column,
)
from tracker.intake import Activity
from tracker.problems import (
    NOTHING,
    Explanation,
    Phrase,
    Reason,
    explain,
    filter_phrase,
    proof_phrase,
    window_phrase,
)

R = TypeVar("R", bound=Filter)


@dataclass(frozen=True)
class Met:
    """What a rule found in a unit's activities: when it was met (if it was), why not, and the progress."""

    done_on: date | None
    rows: tuple[int, ...]
    reasons: tuple[Explanation, ...]
    have: int | None = None
    need: int | None = None


class RuleKind(Generic[R]):
    """One kind of rule: its judgement of a unit's activities as of a date, and its reasons."""

    by_month = False
    """Judged month by month of the campaign (evaluation's calendar), not by `judge`."""

    def judge(self, tracker: Tracker, unit: Unit, rule: R, eligible: list[Activity]) -> Met:
        """The rule judged on the activities its filter selects, in the order they were typed."""
        raise TypeError(f"{type(rule).__name__} is judged month by month")

    def counts(self, tracker: Tracker, rule: R, activity: Activity) -> bool:
        """Whether a selected activity counts towards a period of a recurring part."""
        return True


def matches(activity: Activity, f: Filter) -> bool:
    """Tagged with one of the filter's tags, of one of its forms, for one of its audiences (empty: any)."""
    return f.selects(activity.tags, activity.forms, activity.audiences)


def in_window(acts: list[Activity], window: Window | None) -> list[Activity]:
    return [a for a in acts if window.start <= a.date <= window.end] if window else acts


def rule_phrase(f: Filter) -> Phrase:
    return filter_phrase(f.tags, f.forms, f.audiences)


def _window_phrase(window: Window | None) -> Phrase:
    return window_phrase(window.start, window.end) if window else NOTHING


class Count(RuleKind[CountRule]):
    """At least `min` matching activities (in a window), with `of_which` conditions on subsets."""

    def judge(self, tracker: Tracker, unit: Unit, rule: CountRule, eligible: list[Activity]) -> Met:
        eligible = in_window(eligible, rule.window)
        if not rule.of_which:
            met = eligible[: rule.min] if len(eligible) >= rule.min else []
            if met:
                return Met(met[-1].date, tuple(a.row for a in met), (), len(eligible), rule.min)
            return Met(None, (), (self.reason(rule, rule.min, len(eligible)),), len(eligible), rule.min)
        counts = [0] * len(rule.of_which)
        for i, a in enumerate(eligible):
            for k, sub in enumerate(rule.of_which):
                counts[k] += matches(a, sub)
            if i + 1 >= rule.min and all(n >= sub.min for n, sub in zip(counts, rule.of_which, strict=True)):
                return Met(a.date, tuple(x.row for x in eligible[: i + 1]), (), len(eligible), rule.min)
        reasons = [] if len(eligible) >= rule.min else [self.reason(rule, rule.min, len(eligible))]
        for n, sub in zip(counts, rule.of_which, strict=True):
            if n < sub.min:
                reasons.append(explain(Reason.OF_WHICH_SHORT, have=n, need=sub.min, filter=rule_phrase(sub)))
        return Met(None, (), tuple(reasons), len(eligible), rule.min)

    @staticmethod
    def reason(rule: CountRule, need: int, have: int) -> Explanation:
        span = _window_phrase(rule.window)
        phrase = rule_phrase(rule)
        if have == 0:
            return explain(Reason.COUNT_NONE, filter=phrase, window=span)
        return explain(Reason.COUNT_SHORT, have=have, need=need, filter=phrase, window=span)


class Sum(RuleKind[SumRule]):
    """The sum of a whole-number column over matching activities reaches a target."""

    def judge(self, tracker: Tracker, unit: Unit, rule: SumRule, eligible: list[Activity]) -> Met:
        eligible = in_window(eligible, rule.window)
        target = rule.target if rule.target is not None else unit.targets.get(rule.target_from or "", 0)
        header = tracker.column(rule.column).header if tracker.has_column(rule.column) else rule.column
        total = 0
        for i, a in enumerate(eligible):
            total += a.value(rule.column) or 0
            if total >= target:
                return Met(a.date, tuple(x.row for x in eligible[: i + 1]), (),
                           sum(x.value(rule.column) or 0 for x in eligible), target)
        pct = f" ({round(100 * total / target)}%)" if target else ""
        reason = explain(Reason.SUM_SHORT, total=total, target=target, percent=pct, column=header,
                         filter=rule_phrase(rule), window=_window_phrase(rule.window))
        return Met(None, (), (reason,), total, target)


class Audiences(RuleKind[AudienceRule]):
    """The matching activities together reach at least one audience of every group."""

    def judge(self, tracker: Tracker, unit: Unit, rule: AudienceRule, eligible: list[Activity]) -> Met:
        covered: dict[str, Activity] = {}
        for activity in eligible:
            for group in rule.groups:
                if group.name not in covered and any(a in group.audiences for a in activity.audiences):
                    covered[group.name] = activity
        missing = [g.name for g in rule.groups if g.name not in covered]
        if missing:
            reason = explain(Reason.AUDIENCES_MISSED, filter=rule_phrase(rule), groups="; ".join(missing))
            return Met(None, (), (reason,))
        met = sorted({id(a): a for a in covered.values()}.values(), key=lambda a: (a.date, a.row))
        return Met(max(a.date for a in met), tuple(a.row for a in met), ())


class Monthly(RuleKind[MonthlyRule]):
    """At least `min` activities in every calendar month: judged by evaluation's month calendar."""

    by_month = True


class Evidence(RuleKind[EvidenceRule]):
    """At least `min` matching activities carrying evidence: a link, a document reference, or either."""

    def judge(self, tracker: Tracker, unit: Unit, rule: EvidenceRule, eligible: list[Activity]) -> Met:
        column = docref_column(tracker, rule.column)  # once, not per activity
        with_evidence = [a for a in eligible if self._counts(rule, a, column)]
        met = with_evidence[: rule.min] if len(with_evidence) >= rule.min else []
        if met:
            return Met(met[-1].date, tuple(a.row for a in met), (), len(with_evidence), rule.min)
        return Met(None, (), (self.reason(tracker, rule, len(with_evidence)),), len(with_evidence), rule.min)

    def counts(self, tracker: Tracker, rule: EvidenceRule, activity: Activity) -> bool:
        return self._counts(rule, activity, docref_column(tracker, rule.column))

    @staticmethod
    def _counts(rule: EvidenceRule, activity: Activity, column: str | None) -> bool:
        document = bool(column and activity.value(column))
        if rule.evidence == "document":
            return document
        if rule.evidence == "link":
            return activity.link is not None
        return document or activity.link is not None

    @staticmethod
    def reason(tracker: Tracker, rule: EvidenceRule, have: int) -> Explanation:
        column = docref_column(tracker, rule.column)
        proof = proof_phrase(rule.evidence, tracker.column(column).header if column else None)
        counted = filter_phrase(rule.tags, rule.forms)  # the evidence, not the audience, is what is missing
        if have:
            return explain(Reason.EVIDENCE_SHORT, filter=counted, proof=proof, have=have, need=rule.min)
        return explain(Reason.EVIDENCE_NONE, filter=counted, proof=proof)


HANDLERS: dict[type[Filter], RuleKind[Any]] = {
    CountRule: Count(),
    SumRule: Sum(),
    AudienceRule: Audiences(),
    MonthlyRule: Monthly(),
    EvidenceRule: Evidence(),
}
"""Every model class of definition's `Rule` union -> its handler (tests/test_rules.py checks none is missing)."""


def handler(rule: Filter) -> RuleKind[Any]:
    return HANDLERS[type(rule)]


def judge(tracker: Tracker, unit: Unit, rule: Filter, acts: Sequence[Activity]) -> Met:
    """A rule judged on a unit's activities (a monthly rule excepted: evaluation judges it month by month)."""
    return handler(rule).judge(tracker, unit, rule, rule.select(acts))
