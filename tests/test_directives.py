"""What real directives ask of the format, on a small commune-era tracker (tests/data/trackers/xa-mau.yaml).

Applicability and the fifth status, groupings, recurring reports, counts with conditions and sums against
targets, typed columns, evidence bound to its part, and a row that fits two parts.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from helpers import SampleBooks, build_workbook
from test_intake import LIMITS, _every_problem_book

from tracker.check import CheckResult, check, findings
from tracker.columns import parse_docref
from tracker.definition import Tracker, load_tracker
from tracker.evaluate import PartStatus
from tracker.intake import intake
from tracker.problems import KINDS
from tracker.report import part_label
from tracker.sources import XlsxSource

HERE = Path(__file__).parent
AS_OF = date(2026, 6, 19)  # a Friday: weeks 1-7 of the weekly report are due, week 8 is not
KEYS = ["stt", "date", "task", "form", "content", "audience", "participants", "link", "so-van-ban", "ky-bao-cao",
        "so-truong", "muc-do", "ngay-ban-hanh", "nguoi-bao-cao"]


def row(n: int, day: Any, task: str, content: str, **cells: Any) -> list[Any]:
    values = {"stt": n, "date": day, "task": task, "content": content, "audience": "Nhân dân", "nguoi-bao-cao": "Lan",
              **cells}
    return [values.get(k) for k in KEYS]


ROWS: dict[str, list[list[Any]]] = {
    "Xã A": [
        row(1, date(2026, 5, 12), "KH", "Ban hành kế hoạch triển khai", form="Văn bản", **{"so-van-ban": "45/KH-UBND"}),
        row(2, date(2026, 5, 20), "TT", "Tuyên truyền tại trường", form="Hội nghị", audience="Học sinh",
            participants=200, **{"so-truong": 2}),
        row(3, date(2026, 6, 2), "TT", "Đăng bài cảnh báo", form="Mạng xã hội", audience="Nhân dân", participants=250,
            link="https://facebook.com/xa-a/posts/1", **{"so-truong": 2}),
        row(4, date(2026, 6, 10), "TT", "Họp dân", form="Hội nghị", audience="Nhân dân", participants=100),
        row(5, date(2026, 5, 7), "BC", "Báo cáo tuần 1", form="Văn bản", **{"ky-bao-cao": "Tuần 1"}),
        # week 2's report, sent on a day of week 3: late for week 2, never counted for week 3
        row(6, date(2026, 5, 20), "BC", "Báo cáo tuần 2", form="Văn bản", **{"ky-bao-cao": "tuần 02"}),
    ],
    "Phường C": [
        row(1, "12/5", "KH", "Ban hành kế hoạch", form="Văn bản", **{"so-van-ban": "KH 45"}),
        row(2, date(2026, 5, 15), "3", "Tuyên truyền cho học sinh và ngư dân", form="Hội nghị", audience="Nhân dân"),
        row(3, date(2026, 5, 18), "3", "Tuyên truyền cho ngư dân về an toàn tàu cá", form="Hội nghị", audience="Ngư dân"),
        row(4, date(2026, 5, 19), "TT", "Đăng tin trên trang của phường", form="Mạng xã hội", audience="Nhân dân"),
        row(5, date(2026, 5, 19), "BC", "Báo cáo gửi qua Zalo", form="Mạng xã hội", **{"ky-bao-cao": "tuần trước"}),
        row(6, date(2026, 5, 19), "TT", "Họp tổ dân phố", form="Hội nghị", audience="Nhân dân",
            **{"muc-do": "Rất cao", "ngay-ban-hanh": "đầu tháng", "nguoi-bao-cao": None}),
        row(7, date(2026, 5, 20), "TK", "Báo cáo tổng kết", form="Văn bản"),
    ],
    "Xã D": [
        row(1, date(2026, 5, 25), "TT", "Tuyên truyền ở trường", form="Hội nghị", **{"so-truong": 1}),
        # a document number typed loosely on a row no evidence rule binds (a warning); its form 'Hội nghị' is one
        # the plan's part does not count, so the row counts for nothing: said too (activity-not-counted)
        row(2, date(2026, 5, 26), "KH", "Kế hoạch của xã", form="Hội nghị", **{"so-van-ban": "số 45"}),
    ],
    "Sở GD": [row(1, date(2026, 6, 1), "TT", "Hội nghị hướng dẫn", form="Hội nghị", audience="Nhân dân")],
    # an inland commune reports the coast's part, assigned only to coastal units: it counts for nothing, and is said
    "Xã B": [row(1, date(2026, 6, 3), "3.2", "Tuyên truyền cho ngư dân", form="Hội nghị", audience="Ngư dân")],
}


@pytest.fixture(scope="module")
def small() -> Tracker:
    return load_tracker(HERE / "data" / "trackers" / "xa-mau.yaml")


@pytest.fixture(scope="module")
def book(small: Tracker, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_workbook(small, tmp_path_factory.mktemp("xa") / "xa.xlsx", ROWS)


@pytest.fixture(scope="module")
def result(small: Tracker, book: Path) -> CheckResult:
    return check(small, XlsxSource([book]), AS_OF)


def status(result: CheckResult, unit: str, part: str) -> PartStatus:
    return next(p for p in result.evaluation.parts() if p.unit == unit and p.part == part)


def codes_at(result: CheckResult, sheet: str) -> set[tuple[str, str | None]]:
    return {(p.code, p.cell) for p in result.problems if p.sheet == sheet}


# --- 1. applicability and the fifth status

def test_part_for_other_units_is_not_applicable_and_outside_every_denominator(result: CheckResult) -> None:
    assert status(result, "xa-b", "ngu-dan").status == "not_applicable"  # not on the coast
    assert status(result, "xa-a", "so").status == "not_applicable"  # named for the department only
    assert status(result, "so-gd", "truong").status == "not_applicable"  # communes and wards only
    assert status(result, "so-gd", "so").status == "done_on_time"
    ev = result.evaluation
    assert ev.province is not None
    applicable = sum(1 for p in ev.parts() if p.status != "not_applicable")
    # 50 unit x parts less 'so' for four units, 'ngu-dan' for three inland ones, 'truong' for the department
    assert (ev.province.parts_total, applicable) == (5 * 10 - 4 - 3 - 1, 42)
    data = findings(result)
    assert {p["status"] for m in data["matrix"] for p in m["parts"]} >= {"not_applicable"}
    assert data["statuses"]["not_applicable"] == "Không áp dụng"


def test_nobody_is_reminded_of_a_part_that_does_not_apply(result: CheckResult) -> None:
    from tracker.notices import compose_notices

    notices = {n.unit: n for n in compose_notices(result) if n.level in ("reminder", "firm")}
    assert "xa-b" in notices
    assert "ngu-dan" not in notices["xa-b"].text and "Hội nghị của Sở" not in notices["xa-b"].text
    assert "Ngư dân ven biển" in notices["xa-a"].text


def test_a_row_for_a_part_not_assigned_to_its_unit_is_said_with_its_sheet_row_and_cell(result: CheckResult) -> None:
    """Xã B (inland) typed task 3.2, the part for coastal units only: the row counted towards nothing, unsaid."""
    said = [p for p in result.problems if p.sheet == "Xã B"]
    assert [(p.code, p.severity, p.cell, p.unit, p.message, p.message_en) for p in said] == [
        ("task-not-assigned", "warning", "C3", "xa-b",
         "Trang tính “Xã B”, dòng 3: nhiệm vụ “3.2” ở ô C3 thuộc phần việc không giao cho đơn vị này (Ngư dân ven "
         "biển), nên dòng này không được tính cho phần việc đó; nếu chọn nhầm, hãy chọn lại nhiệm vụ trong danh sách.",
         "Sheet 'Xã B', row 3: task '3.2' in C3 belongs to a part not assigned to this unit (Ngư dân ven biển); the "
         "row does not count for it.")]
    assert status(result, "xa-b", "ngu-dan").status == "not_applicable"


# --- 2. groupings named by the tracker

def test_rollups_follow_the_trackers_groupings_and_headings(result: CheckResult) -> None:
    groups = result.evaluation.by_group
    assert [(g.heading, [r.name for r in g.groups]) for g in groups] == [
        ("Theo cụm thi đua", ["Cụm 1", "Cụm 2", "Khối sở"]),
        ("Theo khu vực", ["Ven biển", "Miền núi", "Toàn tỉnh"]),
    ]
    cum1 = groups[0].groups[0]
    assert (cum1.units, cum1.parts_total) == (2, 9 + 8)
    assert result.evaluation.province is not None and result.evaluation.province.name == "Toàn tỉnh Mẫu"


# --- 3. recurring reports, each period on its own due date

def test_weekly_report_is_judged_period_by_period_and_late_is_never_credited_to_the_next(result: CheckResult) -> None:
    weekly = status(result, "xa-a", "tuan")
    assert [p.state for p in weekly.periods] == ["on_time", "late", "missing", "missing", "missing", "missing",
                                                "missing", "upcoming"]
    assert weekly.periods[1].done_on == date(2026, 5, 20)
    assert weekly.status == "overdue"
    assert weekly.days_overdue == (AS_OF - date(2026, 5, 21)).days  # since week 3's Thursday
    assert weekly.reasons[0] == "Chưa có báo cáo Tuần 3 (18/05–24/05/2026), hạn 17:00 thứ Năm 21/05/2026."
    assert "Báo cáo Tuần 2 (11/05–17/05/2026) nộp muộn (ngày 20/05/2026, hạn 14/05/2026)." in weekly.reasons


def test_row_without_a_usable_period_falls_in_the_week_of_its_date(result: CheckResult) -> None:
    weekly = status(result, "phuong-c", "tuan")
    assert weekly.periods[2].state == "on_time"  # dated 19/05, week 3 falls due on 21/05
    assert ("period-invalid", "J7") in codes_at(result, "Phường C")


def test_monthly_report_falls_due_on_its_day(result: CheckResult) -> None:
    monthly = status(result, "xa-a", "thang")
    assert [(p.label, p.state) for p in monthly.periods] == [("Tháng 5/2026", "on_time"), ("Tháng 6/2026", "open")]
    assert monthly.status == "in_progress"


# --- 4. counting with conditions, sums against targets

def test_count_with_of_which_is_met_when_both_conditions_hold(result: CheckResult) -> None:
    assert status(result, "xa-a", "tt").done_on == date(2026, 6, 10)
    partial = status(result, "xa-d", "tt")
    assert partial.status == "in_progress"
    assert partial.reasons == ("Mới có 1/3 hoạt động thuộc nhiệm vụ TT.",
                               "Trong đó mới có 0/1 hoạt động hướng tới “Học sinh”.")


def test_sum_against_one_number_and_against_each_units_own_target(result: CheckResult) -> None:
    people = status(result, "xa-a", "nguoi")
    assert (people.status, people.done_on, people.have, people.need) == ("done_on_time", date(2026, 6, 10), 550, 500)
    schools = status(result, "phuong-c", "truong")
    assert (schools.have, schools.need, schools.percent) == (0, 5, 0)
    assert status(result, "xa-d", "truong").status == "done_on_time"  # 1 of its 1 school
    few = status(result, "so-gd", "nguoi")
    assert part_label(few) == "Đang thực hiện · đạt 0/500 (0%)"
    assert few.reasons == ("Mới đạt 0/500 (0%) theo cột “Số người” thuộc nhiệm vụ TT.",)


# --- 5. typed columns of the tracker's own; 6. evidence bound to its part

def test_typed_columns_and_evidence_problems_are_located_at_their_cells(result: CheckResult) -> None:
    assert codes_at(result, "Phường C") == {
        ("date-no-year", "B3"), ("evidence-document-missing", "I3"),
        ("task-several-parts", "C4"), ("task-from-keywords", "C5"),
        ("evidence-link-missing", "H6"), ("period-invalid", "J7"),
        ("choice-unknown", "L8"), ("value-not-date", "M8"), ("value-missing", "N8"),
        ("evidence-missing", "I9"),
    }
    assert codes_at(result, "Xã A") == set()
    assert codes_at(result, "Xã D") == {("docref-invalid", "I4"), ("activity-not-counted", "D4")}
    assert status(result, "xa-d", "kh").status == "overdue"  # typed as a 'Hội nghị', which the plan's part never counts
    doc = next(p for p in result.problems if p.code == "evidence-document-missing")
    assert doc.message == "Hình thức “Văn bản” cần số, ký hiệu văn bản ở ô I3, ví dụ 52/KH-UBND (hiện là “KH 45”)."


def test_an_empty_evidence_cell_is_said_to_be_empty_not_quoted_as_nothing(result: CheckResult) -> None:
    """The officer read 'cần link minh chứng hợp lệ ở ô L11 (hiện là “”)': an empty pair of quotes for a blank cell."""
    missing = {p.code: p for p in result.problems if p.sheet == "Phường C"}
    assert (missing["evidence-link-missing"].message, missing["evidence-link-missing"].message_en) == (
        "Hình thức “Mạng xã hội” cần link minh chứng hợp lệ ở ô H6 (ô này đang để trống).",
        "Hình thức “Mạng xã hội” needs a valid evidence link in H6 (the cell is empty).")


def test_document_reference_is_the_evidence_of_a_document_rule(result: CheckResult) -> None:
    assert status(result, "xa-a", "kh").status == "done_on_time"
    assert status(result, "phuong-c", "kh").status == "overdue"
    assert [a.value("so-van-ban") for a in result.intake.activities if a.unit == "xa-a" and "KH" in a.tags] == [
        "45/KH-UBND"]


@pytest.mark.parametrize(("typed", "expected"), [
    ("52/KH-UBND", "52/KH-UBND"), ("số 1234/UBND-VX", "1234/UBND-VX"), ("12/2026/QĐ-UBND", "12/2026/QĐ-UBND"),
    ("45/kh-ubnd ngày 12/5/2026", "45/KH-UBND"), ("Số: 07 / KH - UBND", "7/KH-UBND"),
    ("KH 45", None), ("số 45", None), ("45", None), ("", None),
])
def test_document_references_in_the_forms_units_type(typed: str, expected: str | None) -> None:
    assert parse_docref(typed) == expected


# --- 7. one activity, one part

def test_row_that_fits_two_parts_is_counted_for_neither(result: CheckResult) -> None:
    rows = {a.row: a.tags for a in result.intake.activities if a.unit == "phuong-c"}
    assert rows[4] == frozenset()  # "học sinh và ngư dân": both parts' keywords
    assert rows[5] == frozenset({"3.2"})
    several = next(p for p in result.problems if p.code == "task-several-parts")
    assert several.message.startswith("Ô C4 ghi “3” và nội dung khớp với nhiều phần: 3.1 - Trường học hoặc "
                                      "3.2 - Ngư dân;")


def test_every_kind_of_the_catalogue_is_found_in_the_two_test_workbooks(
        tracker: Tracker, small: Tracker, book: Path, tmp_path: Path) -> None:
    old = intake(tracker, XlsxSource([_every_problem_book(tracker, tmp_path)], LIMITS).read(tracker), date(2023, 8, 18))
    new = intake(small, XlsxSource([book]).read(small), AS_OF)
    # a cell longer than a spreadsheet cell holds comes only from a CSV file or the Sheets API (calamine cuts it)
    raw = XlsxSource([book]).read(small)
    xa_a = next(s for s in raw.sheets if s.name == "Xã A")
    xa_a.rows[-1] = [*xa_a.rows[-1][:4], "x" * 40_000, *xa_a.rows[-1][5:]]
    xa_a.name = "A"  # named without its kind: read as Xã A's, with a warning
    long = intake(small, raw, AS_OF)
    found = {p.code for p in old.problems + new.problems + long.problems}
    assert found == {k.code for k in KINDS if k.origin == "intake"}


def test_no_row_is_lost(result: CheckResult) -> None:
    c = result.intake.counts
    assert c.rows_read == sum(len(rows) for rows in ROWS.values())
    assert c.rows_read == c.rows_counted + c.rows_rejected
    assert c.rows_rejected == 4  # 'KH 45', the post without its link, the empty required cell, no evidence at all


def test_days_overdue_in_working_days_where_the_tracker_asks(small: Tracker, book: Path) -> None:
    # Week 3's report fell due on Thursday 21/05/2026; checked on Friday 19/06 that is 29 days, of which
    # 21 working days (every weekday from 22/05 to 19/06; no public holiday in between).
    asked = small.model_copy(update={"calendar": small.calendar.model_copy(update={"show_working_days": True})})
    weekly = next(p for p in check(asked, XlsxSource([book]), AS_OF).evaluation.parts()
                  if p.unit == "xa-a" and p.part == "tuan")
    assert (weekly.days_overdue, weekly.working_days_overdue) == (29, 21)
    assert part_label(weekly).startswith("Quá hạn 29 ngày (21 ngày làm việc)")
    default = next(p for p in check(small, XlsxSource([book]), AS_OF).evaluation.parts()
                   if p.unit == "xa-a" and p.part == "tuan")
    assert default.working_days_overdue is None and part_label(default).startswith("Quá hạn 29 ngày · đạt 2/8")


def test_a_rule_over_several_tasks_and_forms_reads_as_a_choice_and_a_short_count_as_short(
        sample_books: SampleBooks) -> None:
    """'thuộc nhiệm vụ 2a, 2b, 3 hình thức “…”, “…”, “…”' read as 'task 2a, 2b and three forms'; and a part short of
    its evidenced activities was said to have none: 'Chưa có hoạt động … kèm link minh chứng (mới có 1/3)'."""
    book = sample_books["quang-tri-2026-lua-dao-truc-tuyen"]
    result = check(book.tracker, XlsxSource([book.path]), book.as_of)
    assert status(result, "xa-trieu-phong", "2c").reasons == (
        "Mới có 3/4 hoạt động thuộc nhiệm vụ 2a, 2b hoặc 3, hình thức “Tuyên truyền trực tiếp, sinh hoạt chuyên đề”, "
        "“Hội nghị, lễ phát động” hoặc “Tuyên truyền lưu động”.",)
    assert status(result, "so-van-hoa-the-thao-du-lich", "6a").reasons == (
        "Mới có 1/3 hoạt động thuộc nhiệm vụ 6, hình thức “Tin, bài trên trang thông tin điện tử” hoặc “Mạng xã hội "
        "(Zalo, Facebook, TikTok)” kèm link minh chứng.",)
    assert [r.en for r in status(result, "so-van-hoa-the-thao-du-lich", "6a").explanations] == [
        "Only 1/3 activities of task 6, in the form 'Tin, bài trên trang thông tin điện tử' or 'Mạng xã hội (Zalo, "
        "Facebook, TikTok)' with an evidence link."]


def test_a_row_whose_form_no_part_of_its_task_counts_is_said_with_its_sheet_row_and_cell(result: CheckResult) -> None:
    """Xã D typed its plan (task KH) as a 'Hội nghị': the plan's part counts only 'Văn bản', so the row counted for
    nothing, unsaid."""
    said = [p for p in result.problems if p.sheet == "Xã D" and p.code == "activity-not-counted"]
    assert [(p.severity, p.cell, p.unit, p.message, p.message_en) for p in said] == [
        ("warning", "D4", "xa-d",
         "Trang tính “Xã D”, dòng 4: hoạt động của nhiệm vụ “KH” không được tính cho phần việc nào (Kế hoạch của đơn "
         "vị) vì các phần việc này không tính hình thức “Hội nghị”, đối tượng “Nhân dân” đã chọn; nếu chọn nhầm, hãy "
         "chọn lại hình thức hoặc đối tượng trong danh sách.",
         "Sheet 'Xã D', row 4: the activity of task 'KH' counts for no part (Kế hoạch của đơn vị): none counts the form "
         "and audience chosen.")]
    assert not [p for p in result.problems if p.code == "activity-not-counted" and p.sheet != "Xã D"]
