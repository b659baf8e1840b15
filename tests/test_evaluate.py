from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from string import Formatter

import pytest

from tracker.definition import Part, Task, Tracker, bundled_tracker_ids, bundled_tracker_path, load_tracker
from tracker.evaluate import evaluate, judge_part
from tracker.intake import Activity, intake
from tracker.problems import REASON_BY_CODE, REASONS, Phrase, Reason, ReasonKind, explain
from tracker.sample import build_demo_workbook, load_sample
from tracker.sources import XlsxSource

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


def test_reasons_name_the_window_in_english_with_their_code(tracker: Tracker) -> None:
    task, p = part(tracker, "1b")
    s = judge_part(tracker, U, task.id, p, [act(date(2023, 7, 20))], date(2023, 8, 7))
    assert [(e.code, e.en) for e in s.explanations] == [
        (Reason.COUNT_NONE, "No activity of task 1 dated from 23/07/2023 to 06/08/2023 yet.")]
    assert s.to_dict()["reason_codes"] == ["count-none"]
    assert s.to_dict()["reasons_en"] == ["No activity of task 1 dated from 23/07/2023 to 06/08/2023 yet."]


def test_every_reason_evaluation_gives_is_the_catalogue_s_and_the_samples_give_them_all(tmp_path: Path) -> None:
    seen: set[str] = set()
    for tracker_id in bundled_tracker_ids():
        t = load_tracker(bundled_tracker_path(tracker_id))
        sample = load_sample(t)
        book = XlsxSource([build_demo_workbook(t, tmp_path / f"{tracker_id}.xlsx", sample)]).read(t)
        for as_of in (t.campaign.start, sample.as_of):
            for s in evaluate(t, intake(t, book, as_of).activities, as_of).parts():
                assert s.reasons == tuple(e.vi for e in s.explanations)
                for e in s.explanations:
                    again = explain(Reason(e.code), **e.params)  # the words are the catalogue's, nothing added
                    assert (again.vi, again.en) == (e.vi, e.en)
                    seen.add(e.code)
    # An excused part comes from a decision of the province, not from data: tests/test_decisions.py gives it.
    assert seen | {Reason.EXCUSED} == {r.value for r in Reason}, \
        "a reason no sample gives: add a row to a sample, or drop the reason"


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


def test_every_reason_code_has_one_entry_with_a_stable_code() -> None:
    assert [k.code for k in REASONS] == list(Reason)
    assert set(REASON_BY_CODE) == {r.value for r in Reason}
    for k in REASONS:
        assert k.code == k.code.lower() and " " not in k.code and k.title and k.text.vi and k.text.en


@pytest.mark.parametrize("kind", REASONS, ids=lambda k: str(k.code))
def test_reason_templates_format_with_their_params_in_both_languages(kind: ReasonKind) -> None:
    fields = _fields(kind.text.vi)
    assert _fields(kind.text.en) <= fields, "the English template uses a word the Vietnamese one lacks"
    said = explain(kind.code, **{f: Phrase(f"<{f}>", f"[{f}]") for f in fields})
    assert all(f"<{f}>" in said.vi for f in fields)
    assert "{" not in said.vi + said.en and "<" not in said.en and "[" not in said.vi
    assert str(said) == said.vi
    for left_out in fields:
        with pytest.raises(KeyError):
            explain(kind.code, **{f: "x" for f in fields - {left_out}})


def test_lagging_units_are_each_unit_with_an_overdue_part_once_in_the_order_of_the_first(tracker: Tracker) -> None:
    # Nothing done, months after the campaign: every unit has several overdue parts, and is named once, in order.
    judged = evaluate(tracker, [], tracker.campaign.end + timedelta(days=60))
    overdue = [p.unit for p in judged.parts() if p.status == "overdue"]
    assert len(overdue) > len(set(overdue)) > 1
    assert judged.lagging_units() == sorted(set(overdue), key=overdue.index) == [u.id for u in tracker.units]


def test_rollups_of_a_matrix_in_any_order_count_each_groups_and_tasks_parts_in_the_order_groups_first_appear(
        tracker: Tracker) -> None:
    # The review stage hands back a matrix of its own: rolled up again, each group gathers its units' parts wherever
    # they stand in it (here task by task, so no group's parts stand together).
    from tracker.evaluate import summarised

    ev = evaluate(tracker, [act(date(2023, 7, 28), audiences=(OFF, "Nhân dân"))], date(2023, 8, 18))
    by_task = sorted(ev.matrix, key=lambda t: t.task)
    again = summarised(tracker, ev, by_task)
    groups = [(g.name, g.units, g.parts_total, g.parts_done, g.parts_overdue, g.units_overdue)
              for g in again.by_group[0].groups]
    assert groups[:3] == [("Đông Hà", 2, 14, 3, 3, 1), ("Quảng Trị", 2, 14, 0, 6, 2), ("Vĩnh Linh", 2, 14, 0, 6, 2)]
    assert [g.name for g in again.by_group[0].groups] == list(dict.fromkeys(u.labels["huyen"] for u in tracker.units))
    assert [(t.key, t.units, t.parts_total, t.parts_done) for t in again.by_task] == [
        ("1", 20, 60, 3), ("2", 20, 40, 0), ("3", 20, 40, 0)]
    assert again.by_group == ev.by_group and again.by_task == ev.by_task and again.province == ev.province
