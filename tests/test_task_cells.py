"""A task cell typed with leading zeros or in other digits ('01', a full-width '１', '٣') names the task it would
name typed plainly, unless the tracker's own tasks tell those forms apart."""

from __future__ import annotations

import pytest

from tracker.definition import ListItem, Tracker
from tracker.parse import parse_tasks, task_matcher
from tracker.problems import Code


@pytest.mark.parametrize(("typed", "tags"), [
    ("01", {"1"}), ("１", {"1"}), ("NV ０１", {"1"}), ("Nhiệm vụ 003", {"3"}), ("١", {"1"}), ("02a", {"2a"}),
    ("０２Ａ", {"2a"}), ("01, 02b", {"1", "2b"}), ("1", {"1"}), ("2a", {"2a"}),
    ("2.a", {"2a"}), ("2 a", {"2a"}), ("2-b", {"2b"}), ("Nhiệm vụ 2.b", {"2b"}), ("1, 2.a", {"1", "2a"}),
])
def test_a_task_typed_with_leading_zeros_or_other_digits_names_its_task(tracker: Tracker, typed: str,
                                                                       tags: set[str]) -> None:
    found = parse_tasks(typed, "Hội nghị", tracker, task_matcher(tracker))
    assert (found.tags, found.findings) == (frozenset(tags), [])


def test_tasks_told_apart_by_a_leading_zero_are_matched_only_as_typed(tracker: Tracker) -> None:
    both = tracker.model_copy(update={"lists": tracker.lists.model_copy(update={"tasks": [
        ListItem(value="1"), ListItem(value="01")]})})
    matcher = task_matcher(both)
    assert parse_tasks("01", "", both, matcher).tags == frozenset({"01"})
    assert parse_tasks("1", "", both, matcher).tags == frozenset({"1"})
    assert parse_tasks("001", "", both, matcher).findings == [(Code.TASK_UNKNOWN, {})]
