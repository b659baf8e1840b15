from __future__ import annotations

from datetime import date, timedelta

import pytest

from tracker.definition import Part, Task, Tracker
from tracker.evaluate import evaluate, judge_part
from tracker.intake import Activity

U = "dong-ha-phong-vhtt"
OFF = "Cán bộ, công chức, viên chức, người lao động"
PAGE = "Chuyên trang, chuyên mục, chương trình"


def act(day: date, tags: set[str] | None = None, audiences: tuple[str, ...] = ("Nhân dân",),
        forms: tuple[str, ...] = ("Hội nghị, tọa đàm",), link: str | None = None, row: int = 3) -> Activity:
    return Activity(U, "s", row, day, frozenset(tags or {"1"}), forms, audiences, "nội dung", None, None, link, "")


def part(tracker: Tracker, pid: str) -> tuple[Task, Part]:
    return next((t, p) for t, p in tracker.parts() if p.id == pid)


def status(tracker: Tracker, pid: str, acts: list[Activity], as_of: date) -> tuple[str, int]:
    task, p = part(tracker, pid)
    s = judge_part(tracker, U, task.id, p, acts, as_of)
    return s.status, s.days_overdue


@pytest.mark.parametrize(("as_of", "expected"), [
    (date(2023, 7, 30), ("in_progress", 0)), (date(2023, 7, 31), ("in_progress", 0)), (date(2023, 8, 1), ("overdue", 1)),
    (date(2023, 8, 11), ("overdue", 11)),
])
def test_count_rule_boundaries_without_activity(tracker: Tracker, as_of: date, expected: tuple[str, int]) -> None:
    assert status(tracker, "1a", [], as_of) == expected


@pytest.mark.parametrize(("day", "expected"), [
    (date(2023, 7, 30), "done_on_time"), (date(2023, 7, 31), "done_on_time"), (date(2023, 8, 1), "done_late"),
])
def test_count_rule_done_on_time_or_late_by_the_first_activity(tracker: Tracker, day: date, expected: str) -> None:
    assert status(tracker, "1a", [act(day)], date(2023, 8, 18))[0] == expected


@pytest.mark.parametrize(("day", "met"), [
    (date(2023, 7, 22), False), (date(2023, 7, 23), True), (date(2023, 8, 6), True), (date(2023, 8, 7), False),
])
def test_window_edges_of_the_30_july_part(tracker: Tracker, day: date, met: bool) -> None:
    got = status(tracker, "1b", [act(day)], date(2023, 8, 18))
    assert got == (("done_on_time", 0) if met else ("overdue", 12))


def test_window_part_on_its_due_day_and_the_day_after(tracker: Tracker) -> None:
    assert status(tracker, "1b", [act(date(2023, 7, 20))], date(2023, 8, 6)) == ("in_progress", 0)
    assert status(tracker, "1b", [act(date(2023, 7, 20))], date(2023, 8, 7)) == ("overdue", 1)


def test_activity_after_as_of_does_not_count(tracker: Tracker) -> None:
    assert status(tracker, "1a", [act(date(2023, 7, 20))], date(2023, 7, 19)) == ("in_progress", 0)


def test_audience_rule_needs_every_group(tracker: Tracker) -> None:
    as_of = date(2023, 10, 1)
    task, p = part(tracker, "1c")
    only_public = judge_part(tracker, U, task.id, p, [act(date(2023, 7, 10))], as_of)
    assert only_public.status == "overdue"
    assert OFF in only_public.reasons[0]
    both = [act(date(2023, 7, 10)), act(date(2023, 9, 30), audiences=(OFF,), row=4)]
    assert status(tracker, "1c", both, as_of) == ("done_on_time", 0)
    assert status(tracker, "1c", [act(date(2023, 7, 10), audiences=(OFF, "Học sinh, sinh viên"))], as_of)[0] == "done_on_time"
    # activities of another task do not count for task 1's audiences
    other = [act(date(2023, 7, 10)), act(date(2023, 7, 11), tags={"2a"}, audiences=(OFF,))]
    assert status(tracker, "1c", other, as_of)[0] == "overdue"


@pytest.mark.parametrize(("as_of", "expected"), [
    (date(2023, 7, 31), ("in_progress", 0)), (date(2023, 8, 1), ("overdue", 1)), (date(2023, 8, 18), ("overdue", 18)),
])
def test_monthly_rule_month_falls_due_at_its_end(tracker: Tracker, as_of: date, expected: tuple[str, int]) -> None:
    assert status(tracker, "3a", [act(date(2023, 8, 2))], as_of) == expected


def test_monthly_rule_done_when_every_month_has_activity(tracker: Tracker) -> None:
    acts = [act(date(2023, 7, 5)), act(date(2023, 8, 5), tags={"2b"}), act(date(2023, 9, 5), tags={"3"})]
    assert status(tracker, "3a", acts, date(2023, 8, 31)) == ("in_progress", 0)
    assert status(tracker, "3a", acts, date(2023, 9, 30)) == ("done_on_time", 0)


def test_evidence_rule_needs_the_form_and_a_link(tracker: Tracker) -> None:
    as_of = date(2023, 10, 2)
    assert status(tracker, "3b", [act(date(2023, 8, 1), forms=(PAGE,))], as_of) == ("overdue", 2)
    assert status(tracker, "3b", [act(date(2023, 8, 1), link="https://x.vn/a")], as_of)[0] == "overdue"
    assert status(tracker, "3b", [act(date(2023, 8, 1), forms=(PAGE,), link="https://x.vn/a")], as_of)[0] == "done_on_time"


def test_task_takes_the_worst_part_and_rollups_add_up(tracker: Tracker) -> None:
    ev = evaluate(tracker, [act(date(2023, 7, 28), audiences=(OFF, "Nhân dân"))], date(2023, 8, 18))
    task1 = next(t for t in ev.unit_tasks(U) if t.task == "1")
    assert [p.status for p in task1.parts] == ["done_on_time", "done_on_time", "done_on_time"]
    task3 = next(t for t in ev.unit_tasks(U) if t.task == "3")
    assert task3.status == "in_progress"
    assert ev.province is not None
    assert ev.province.parts_total == 20 * 7
    assert ev.province.parts_done == 3
    assert ev.province.units_overdue == 19
    dong_ha = next(d for d in ev.by_group[0].groups if d.name == "Đông Hà")
    assert (dong_ha.parts_total, dong_ha.parts_done) == (14, 3)
    assert ev.starts[U].first_activity == date(2023, 7, 28)
    assert ev.starts[U].days_after_start == 27
    assert ev.starts["con-co-trung-tam"].first_activity is None


def test_reasons_name_the_window_in_vietnamese(tracker: Tracker) -> None:
    task, p = part(tracker, "1b")
    s = judge_part(tracker, U, task.id, p, [], date(2023, 8, 7) + timedelta(days=0))
    assert s.reasons == ("Chưa có hoạt động nào thuộc nhiệm vụ 1 được ghi ngày từ 23/07/2023 đến 06/08/2023.",)
