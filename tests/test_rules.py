"""Rule kinds as objects (tracker.rules): every kind of the tracker format has its model's checks and a handler."""

from __future__ import annotations

import typing
from datetime import date

from tracker.definition import RULE_KINDS, EvidenceRule, Rule, RuleModel, bundled_tracker_path, load_tracker
from tracker.intake import Activity
from tracker.rules import HANDLERS, Evidence, Met, RuleKind, handler, judge


def _rule_models() -> list[type[RuleModel]]:
    union = typing.get_args(Rule)[0]  # Annotated[Union[...], Field(discriminator=...)]
    return list(typing.get_args(union))


def test_every_rule_model_of_the_union_has_a_handler_and_its_kind_is_listed() -> None:
    models = _rule_models()
    assert len(models) == 5
    assert set(HANDLERS) == set(models)
    assert all(isinstance(HANDLERS[m], RuleKind) for m in models)
    kinds = [typing.get_args(m.model_fields["kind"].annotation)[0] for m in models]
    assert kinds == list(RULE_KINDS)


def test_only_kinds_that_count_rows_may_recur_and_only_monthly_is_judged_by_month() -> None:
    assert {m.__name__ for m in _rule_models() if m.recurring} == {"CountRule", "EvidenceRule"}
    assert {m.__name__ for m in _rule_models() if HANDLERS[m].by_month} == {"MonthlyRule"}


def _activity(row: int, link: str | None) -> Activity:
    return Activity(unit="u", sheet="s", row=row, date=date(2026, 6, row), tags=frozenset({"t"}), forms=("f",),
                    audiences=(), content="c", participants=None, quantity=None, link=link, note="")


def test_the_evidence_handler_counts_only_rows_with_a_link_and_says_how_many_it_found() -> None:
    tracker = load_tracker(bundled_tracker_path())
    unit = tracker.units[0]
    rule = EvidenceRule(kind="evidence", min=2)
    assert isinstance(handler(rule), Evidence)
    acts = [_activity(1, "https://a.vn/1"), _activity(2, None), _activity(3, "https://a.vn/3")]
    met = judge(tracker, unit, rule, acts)
    assert met == Met(date(2026, 6, 3), (1, 3), (), 2, 2)
    short = judge(tracker, unit, rule, acts[:2])
    assert (short.done_on, short.rows, short.have, short.need) == (None, (), 1, 2)
    assert [r.code for r in short.reasons] == ["evidence-short"]
