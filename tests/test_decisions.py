"""The province has the last word (issue 19): decisions in a 'Duyệt' tab or a reviews file, applied as data.

On the small commune tracker (tests/data/trackers/xa-mau.yaml) with the rows of test_directives: a row
rejected, a row accepted with the day the officer knows, parts excused and declared done, a row on
hold, bad decision lines, decisions tied to row content (moved, changed, gone), history, the reviews
file written from the notebook's call, and the Sheets tab through the emulator and gspread.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from helpers import build_workbook
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_directives import AS_OF, ROWS, row

from tracker.check import CheckResult, check, findings
from tracker.definition import Tracker, load_tracker
from tracker.errors import DecisionError
from tracker.evaluate import PartStatus
from tracker.feedback.rows import feedback
from tracker.files.cells import RawSheet
from tracker.intake import Counts
from tracker.notices import compose_notices
from tracker.report.write import write_reports
from tracker.review.decide import NewDecision, decide
from tracker.review.decisions import COLUMNS, read_review
from tracker.rowid import row_digest
from tracker.sources import XlsxSource
from tracker.storage.history import History
from tracker.text import clean
from tracker.weekly import RunOptions, Workspace, run

HERE = Path(__file__).parent
AN, BINH = "Nguyễn Văn An", "Lê Thị Bình"
EXTRA = {"Xã D": [row(3, "Tuần 3 tháng 5", "TT", "Tuyên truyền lưu động", form="Hội nghị", participants=80)]}
# One line per decision, in COLUMNS order: unit, row, part, decision, reason, day, evidence, who, decided on.
LINES: list[list[Any]] = [
    ["Xã A", 6, None, "Không chấp nhận", "Họp dân chưa có biên bản.", None, None, AN, "10/06/2026"],
    ["Xã D", 5, None, "Chấp nhận", "Cán bộ xã xác nhận ngày qua điện thoại.", "20/05/2026", None, BINH, "11/06/2026"],
    ["Phường C", "Cả phần việc", "kh", "Hoàn thành", "Đã xem bản giấy.", "14/05/2026", "45/KH-UBND", AN, "12/06/2026"],
    ["Xã B", None, "tk", "Miễn", "Xã mới thành lập sau sắp xếp.", None, None, BINH, "11/06/2026"],
    ["Xã D", 3, None, "chờ làm rõ", "Trường nào, bao nhiêu học sinh?", None, None, BINH, "11/06/2026"],
    ["Xã Z", 4, None, "ok", None, None, None, None, "hôm qua"],
    ["Xã A", 3, None, "Không chấp nhận", None, None, None, AN, "10/06/2026"],
    ["Xã A", "dòng ba", None, "Chấp nhận", None, None, None, AN, "10/06/2026"],
    ["Xã A", None, "9z", "Miễn", "Không rõ.", None, None, AN, "10/06/2026"],
    ["Xã A", 12, None, "Chấp nhận", None, None, None, AN, "10/06/2026"],
    ["Xã D", 4, None, "Chờ làm rõ", "Số văn bản?", None, None, BINH, "05/06/2026"],
    ["Xã D", 4, None, "CHẤP NHẬN", None, None, None, BINH, "12/06/2026"],
]


@pytest.fixture(scope="module")
def small() -> Tracker:
    return load_tracker(HERE / "data" / "trackers" / "xa-mau.yaml")


def _rows() -> dict[str, list[list[Any]]]:
    return {sheet: [*ROWS.get(sheet, []), *EXTRA.get(sheet, [])] for sheet in {*ROWS, *EXTRA}}


def _reviews(book: Path, lines: list[list[Any]], header: list[str] | None = None) -> list[RawSheet]:
    """The lines in the province's own reviews workbook beside the units' `book`, read as a check reads it."""
    from tracker.files.tables import read_workbook

    path = book.with_name("duyet.xlsx")
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Duyệt"
    ws.append(header or [c.header for c in COLUMNS])
    for line in lines:
        ws.append(line)
    wb.save(path)
    return read_workbook(path)


@pytest.fixture(scope="module")
def plain_book(small: Tracker, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_workbook(small, tmp_path_factory.mktemp("plain") / "xa.xlsx", _rows())


@pytest.fixture(scope="module")
def plain(small: Tracker, plain_book: Path) -> CheckResult:
    return check(small, XlsxSource([plain_book]), AS_OF)


@pytest.fixture(scope="module")
def decided(small: Tracker, tmp_path_factory: pytest.TempPathFactory) -> CheckResult:
    path = build_workbook(small, tmp_path_factory.mktemp("decided") / "xa.xlsx", _rows())
    return check(small, XlsxSource([path]), AS_OF, reviews=_reviews(path, LINES))


def status(result: CheckResult, unit: str, part: str) -> PartStatus:
    return next(p for p in result.evaluation.parts() if p.unit == unit and p.part == part)


def counted_rows(result: CheckResult, unit: str) -> list[int]:
    return sorted(a.row for a in result.intake.activities if a.unit == unit)


# --- a rejected row

def test_rejected_row_is_not_counted_and_its_unit_reads_the_reason(plain: CheckResult, decided: CheckResult) -> None:
    assert counted_rows(plain, "xa-a") == [3, 4, 5, 6, 7, 8]
    assert counted_rows(decided, "xa-a") == [3, 4, 5, 7, 8]
    rejected = [p for p in decided.unit_problems("xa-a") if p.code == "row-rejected"]
    assert [(p.sheet, p.cell, p.severity, p.message) for p in rejected] == [
        ("Xã A", "E6", "error", "Dòng này không được Sở Mẫu chấp nhận (quyết định ngày 10/06/2026): "
                                "Họp dân chưa có biên bản.")]
    assert decided.intake.units["xa-a"].counts == Counts(  # the rejected row is one the unit must fix
        rows_read=6, rows_counted=5, rows_rejected=1, rows_blank=0, rows_to_fix=1)


def test_statuses_the_rejection_changed_are_marked_with_the_decision(plain: CheckResult,
                                                                     decided: CheckResult) -> None:
    assert (status(plain, "xa-a", "tt").status, status(plain, "xa-a", "nguoi").status) == ("done_on_time",) * 2
    for part in ("tt", "nguoi"):
        after = status(decided, "xa-a", part)
        assert after.status == "in_progress"
        assert after.decided == ("Dòng 6 không được chấp nhận theo quyết định của Sở Mẫu ngày 10/06/2026",)
    assert status(decided, "xa-a", "nguoi").reasons == ("Mới đạt 450/500 (90%) theo cột “Số người” thuộc nhiệm vụ TT.",)
    assert status(decided, "xa-a", "kh").decided == ()  # a part the row never counted for is not marked
    outcome = next(o for o in decided.decisions if o.decision.unit == "xa-a" and o.decision.row == 6)
    assert [(e["part"], e["before_vi"], e["after_vi"]) for e in outcome.effects] == [
        ("tt", "Hoàn thành đúng hạn", "Đang thực hiện trong hạn"),
        ("nguoi", "Hoàn thành đúng hạn", "Đang thực hiện trong hạn")]


def test_the_reminder_and_the_row_feedback_give_the_provinces_reason(decided: CheckResult) -> None:
    notice = next(n for n in compose_notices(decided) if "xa-a@example.org" in n.to)
    assert "Dòng này không được Sở Mẫu chấp nhận (quyết định ngày 10/06/2026): Họp dân chưa có biên bản." in notice.text
    assert "Dòng 6 không được chấp nhận theo quyết định của Sở Mẫu ngày 10/06/2026." in notice.text
    sheet = next(s for s in feedback(decided) if s.sheet == "Xã A")
    assert "Họp dân chưa có biên bản." in sheet.texts[6]


# --- an accepted row

def test_accepted_row_counts_on_the_day_the_officer_gives_and_its_problem_stays_visible(
        plain: CheckResult, decided: CheckResult) -> None:
    assert 5 not in counted_rows(plain, "xa-d")
    activity = next(a for a in decided.intake.activities if a.unit == "xa-d" and a.row == 5)
    assert (activity.date, activity.participants) == (date(2026, 5, 20), 80)
    shown = [(p.code, p.severity, p.message) for p in decided.unit_problems("xa-d") if p.row == 5]
    assert shown == [("date-invalid", "warning",
                      "Ô B5 “Tuần 3 tháng 5” không phải là ngày hợp lệ; hãy nhập theo dạng ngày/tháng/năm, ví dụ "
                      "28/05/2026. (đã được Sở Mẫu chấp nhận ngày 11/06/2026)")]


def test_accepted_problem_is_not_sent_to_the_unit_to_fix(decided: CheckResult) -> None:
    notices = [n for n in compose_notices(decided) if "xa-d@example.org" in n.to]
    assert all("Tuần 3 tháng 5" not in n.text for n in notices)


def test_accepting_a_row_without_a_usable_day_says_what_is_missing(small: Tracker, tmp_path: Path) -> None:
    path = build_workbook(small, tmp_path / "xa.xlsx", _rows())
    result = check(small, XlsxSource([path]), AS_OF, reviews=_reviews(path, [["Xã D", 5, None, "Chấp nhận", None, None,
                                                                             None, BINH, "11/06/2026"]]))
    assert 5 not in counted_rows(result, "xa-d")
    [problem] = [p for p in result.problems if p.code == "decision-cannot-count"]
    assert (problem.sheet, problem.cell, problem.message) == (
        "Duyệt", "F2", "Dòng 5 của UBND xã D được chấp nhận nhưng vẫn không tính được vì thiếu ngày thực hiện; "
                       "hãy ghi vào ô F2 (cột “Ngày thực hiện”) của quyết định.")


# --- part decisions

def test_part_declared_done_takes_the_day_and_the_evidence_the_officer_saw(plain: CheckResult,
                                                                          decided: CheckResult) -> None:
    assert status(plain, "phuong-c", "kh").status == "overdue"
    kh = status(decided, "phuong-c", "kh")
    assert (kh.status, kh.done_on, kh.days_overdue, kh.reasons) == ("done_on_time", date(2026, 5, 14), 0, ())
    assert kh.decided == ("Hoàn thành theo quyết định của Sở Mẫu ngày 12/06/2026; Đã xem bản giấy.; "
                          "minh chứng: 45/KH-UBND",)


def test_excused_part_is_not_applicable_with_the_reason_and_leaves_the_denominators(
        plain: CheckResult, decided: CheckResult) -> None:
    tk = status(decided, "xa-b", "tk")
    assert (status(plain, "xa-b", "tk").status, tk.status) == ("in_progress", "not_applicable")
    assert tk.reasons == ("Được miễn: Xã mới thành lập sau sắp xếp.",)
    assert [(e.code, e.en) for e in tk.explanations] == [("part-excused",
                                                           "Excused by the province: Xã mới thành lập sau sắp xếp.")]
    assert tk.decided == ("Miễn theo quyết định của Sở Mẫu ngày 11/06/2026",)
    assert plain.evaluation.province is not None and decided.evaluation.province is not None
    assert decided.evaluation.province.parts_total == plain.evaluation.province.parts_total - 1
    def told_of_tk(result: CheckResult) -> bool:
        return any("\n- Báo cáo tổng kết" in n.text for n in compose_notices(result) if "xa-b@example.org" in n.to)

    assert (told_of_tk(plain), told_of_tk(decided)) == (True, False)


# --- a row on hold

def test_row_on_hold_still_counts_and_asks_the_unit_to_clarify(plain: CheckResult, decided: CheckResult) -> None:
    assert 3 in counted_rows(decided, "xa-d")
    [held] = [p for p in decided.unit_problems("xa-d") if p.code == "row-on-hold"]
    assert (held.cell, held.severity, held.message) == (
        "E3", "warning", "Sở Mẫu đang chờ làm rõ dòng này (ngày 11/06/2026); hãy bổ sung hoặc liên hệ Sở Mẫu. "
                         "Nội dung cần làm rõ: Trường nào, bao nhiêu học sinh?")


# --- the review lines themselves

def test_bad_decision_lines_are_problems_at_their_cells_and_are_not_applied(decided: CheckResult) -> None:
    found = sorted((p.cell or "", p.code) for p in decided.problems if p.sheet == "Duyệt")
    assert found == [
        ("A7", "decision-unit-unknown"), ("B11", "decision-row-missing"), ("B9", "decision-row-invalid"),
        ("C10", "decision-part-unknown"), ("D7", "decision-word-unknown"), ("E8", "decision-reason-missing"),
        ("H7", "decision-who-missing"), ("I7", "decision-date-invalid")]
    assert all(p.unit is None for p in decided.problems if p.sheet == "Duyệt")  # for the province, not a unit
    word = next(p for p in decided.problems if p.code == "decision-word-unknown")
    assert word.message == ("Ô D7: “ok” không phải là một quyết định; hãy chọn “Chấp nhận”, “Không chấp nhận”, "
                            "“Chờ làm rõ”, “Miễn”, “Hoàn thành”.")


def test_the_later_of_two_decisions_on_one_row_is_in_force(decided: CheckResult) -> None:
    on_row_4 = [(o.decision.line, o.decision.kind_vi, o.state) for o in decided.decisions
                if o.decision.unit == "xa-d" and o.decision.row == 4]
    assert on_row_4 == [(12, "Chờ làm rõ", "superseded"), (13, "Chấp nhận", "applied")]
    assert not [p for p in decided.unit_problems("xa-d") if p.row == 4 and p.code == "row-on-hold"]


def test_findings_carry_every_decision_with_what_became_of_it(decided: CheckResult) -> None:
    data = json.loads(json.dumps(findings(decided), ensure_ascii=False))
    states = [(d["line"], d["decision"], d["state"]) for d in data["decisions"]]
    assert states == [(2, "reject", "applied"), (3, "accept", "applied"), (4, "complete", "applied"),
                      (5, "excuse", "applied"), (6, "hold", "applied"), (11, "accept", "missing"),
                      (12, "hold", "superseded"), (13, "accept", "applied")]
    kh = next(p for m in data["matrix"] if m["unit"] == "phuong-c" for p in m["parts"] if p["id"] == "kh")
    assert kh["decided"] == ["Hoàn thành theo quyết định của Sở Mẫu ngày 12/06/2026; Đã xem bản giấy.; "
                             "minh chứng: 45/KH-UBND"]
    assert "decisions" not in findings(check(decided.tracker, _NoReview(decided), AS_OF))


class _NoReview:
    """The decided check's book without its review tab: findings then carry no decisions at all."""

    def __init__(self, result: CheckResult) -> None:
        self.label = result.source
        self.sheets = [s for s in result.book.sheets if s.name != "Duyệt"]

    def read(self, tracker: Tracker, progress: Any = None) -> Any:
        from tracker.files.cells import RawBook

        return RawBook(label=self.label, sheets=self.sheets)


def test_reports_mark_decided_statuses_and_list_the_decisions(decided: CheckResult, tmp_path: Path) -> None:
    paths = write_reports(decided, tmp_path)
    html = paths["html"].read_text(encoding="utf-8")
    assert "(*) Trạng thái theo quyết định của Sở Mẫu (xem phần Quyết định)." in html
    assert "<h2>Quyết định của Sở Mẫu (8)</h2>" in html
    assert "Dòng quyết định cần sửa (8)" in html
    wb = openpyxl.load_workbook(paths["xlsx"])
    sheet = list(wb["Quyết định"].iter_rows(values_only=True))
    line_2 = next(r for r in sheet if r[0] == 2)
    assert line_2[1:] == ("UBND xã A", "dòng 6", "Không chấp nhận", "Họp dân chưa có biên bản.", AN, "10/06/2026",
                          "Đã áp dụng", "tt: Hoàn thành đúng hạn → Đang thực hiện trong hạn; "
                                        "nguoi: Hoàn thành đúng hạn → Đang thực hiện trong hạn")
    summary = [c for r in wb["Tổng hợp"].iter_rows(values_only=True) for c in r if isinstance(c, str)]
    assert "Đang thực hiện · đạt 2/3 (67%) (*)" in summary
    assert "Đang thực hiện (*)" in summary  # the task's own cell, whose parts a decision touched


# --- decisions are tied to the content the officer saw

def test_decision_follows_its_row_when_the_sheet_is_sorted_and_stops_when_the_row_is_edited(
        small: Tracker, plain: CheckResult, tmp_path: Path) -> None:
    raw = {r.row: r for r in plain.intake.raw_rows if r.unit == "xa-a"}
    seen = row_digest(raw[6].values)
    lines = [["Xã A", 8, None, "Không chấp nhận", "Trùng.", None, None, AN, "10/06/2026", seen],
             ["Xã A", 5, None, "Chờ làm rõ", "Số người?", None, None, AN, "10/06/2026", "0123456789abcdef"]]
    path = build_workbook(small, tmp_path / "xa.xlsx", _rows())
    result = check(small, XlsxSource([path]), AS_OF, reviews=_reviews(path, lines))
    assert [(o.decision.row, o.state, o.row) for o in result.decisions] == [(8, "moved", 6), (5, "changed", None)]
    assert 6 not in counted_rows(result, "xa-a") and 8 in counted_rows(result, "xa-a")
    messages = {p.code: p.message for p in result.problems if p.sheet == "Duyệt"}
    assert messages == {
        "decision-row-moved": "Dòng 8 của UBND xã A đã chuyển sang dòng 6; quyết định ở ô B2 được áp dụng cho dòng 6.",
        "decision-row-changed": "Dòng 5 của UBND xã A đã được sửa sau quyết định ngày 10/06/2026 (ô B3); quyết định "
                                "chưa được áp dụng. Hãy xem lại dòng và ghi quyết định mới."}


def test_history_ties_a_hand_typed_decision_to_the_row_as_first_seen_and_keeps_every_decision(
        small: Tracker, tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "h.sqlite", tmp_path / "l.sqlite", tmp_path / "reviews.xlsx")
    reviews = _review_file(tmp_path / "duyet.xlsx", [
        ["Xã A", 6, None, "Không chấp nhận", "Họp dân chưa có biên bản.", None, None, AN, "10/06/2026"]])
    book = build_workbook(small, tmp_path / "xa.xlsx", _rows())
    first = run(small, XlsxSource([book]), AS_OF, RunOptions(workspace=ws, reviews=[reviews])).result
    assert [o.state for o in first.decisions] == ["applied"]
    wb = openpyxl.load_workbook(book)
    wb["Xã A"]["G6"] = 300  # the unit raises the count of the rejected meeting
    wb.save(book)
    second = run(small, XlsxSource([book]), date(2026, 6, 20), RunOptions(workspace=ws, reviews=[reviews])).result
    assert [o.state for o in second.decisions] == ["changed"]
    assert 6 in counted_rows(second, "xa-a")
    with History(ws.history) as h:
        log = h.decision_log(small.id)
    assert [(e["as_of"], e["who"], e["decided_on"], e["state"], [x["part"] for x in e["effects"]]) for e in log] == [
        ("2026-06-19", AN, "2026-06-10", "applied", ["tt", "nguoi"]),
        ("2026-06-20", AN, "2026-06-10", "changed", [])]
    from typer.testing import CliRunner

    from tracker.cli import app

    shown = CliRunner().invoke(app, ["history", "decisions", str(HERE / "data" / "trackers" / "xa-mau.yaml"),
                                     "--history", str(ws.history)])
    assert (shown.exit_code, shown.output.splitlines()) == (0, [
        "#1 2026-06-19 · xa-a dòng 6 · Không chấp nhận: Họp dân chưa có biên bản. · Nguyễn Văn An, 2026-06-10 · "
        "Đã áp dụng · tt: Hoàn thành đúng hạn → Đang thực hiện trong hạn; nguoi: Hoàn thành đúng hạn → Đang thực hiện "
        "trong hạn",
        "#2 2026-06-20 · xa-a dòng 6 · Không chấp nhận: Họp dân chưa có biên bản. · Nguyễn Văn An, 2026-06-10 · "
        "Chưa áp dụng: dòng đã bị sửa sau quyết định"])


def _review_file(path: Path, lines: list[list[Any]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Duyệt"
    ws.append([c.header for c in COLUMNS])
    for line in lines:
        ws.append(line)
    wb.save(path)
    return path


# --- written from the notebook's call: to the workspace's file, a CSV, or the Sheets tab

def test_decide_writes_to_the_workspace_file_that_the_next_weekly_run_reads(small: Tracker, plain_book: Path,
                                                                            tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "h.sqlite", tmp_path / "l.sqlite", tmp_path / "reviews.xlsx")
    before = run(small, XlsxSource([plain_book]), AS_OF, RunOptions(workspace=ws)).result
    written = decide(before, [NewDecision("Xã A", "không chấp nhận", "Họp dân chưa có biên bản.", AN, row=6),
                              NewDecision("UBND xã B", "Miễn", "Xã mới thành lập.", BINH, part="TK")],
                     reviews_file=ws.reviews, today=date(2026, 6, 19))
    assert written == ["Không chấp nhận — UBND xã A, dòng 6: Họp dân chưa có biên bản.",
                       "Miễn — UBND xã B, phần việc tk: Xã mới thành lập."]
    after = run(small, XlsxSource([plain_book]), AS_OF, RunOptions(workspace=ws)).result
    assert [(o.decision.kind_vi, o.state, o.digest != "") for o in after.decisions] == [
        ("Không chấp nhận", "applied", True), ("Miễn", "applied", False)]
    assert status(after, "xa-b", "tk").status == "not_applicable"
    sheet = openpyxl.load_workbook(ws.reviews)["Duyệt"]
    assert [c.value for c in sheet[1]] == [c.header for c in COLUMNS]
    assert sheet["J2"].value == row_digest(next(r for r in before.intake.raw_rows if r.unit == "xa-a" and r.row == 6).values)


def test_decide_refuses_a_batch_with_any_bad_decision_and_writes_nothing(plain: CheckResult, tmp_path: Path) -> None:
    target = tmp_path / "duyet.csv"
    with pytest.raises(DecisionError) as caught:
        decide(plain, [NewDecision("Xã A", "Chấp nhận", who=AN, row=6),
                       NewDecision("Xã A", "Không chấp nhận", who=AN, row=6),
                       NewDecision("Xã Q", "Chấp nhận", who=AN, row=3),
                       NewDecision("Xã A", "Chấp nhận", who=AN, row=40),
                       NewDecision("Xã A", "Miễn", "x", AN, row=3)], to=target)
    assert caught.value.lines == [
        "Quyết định 2 (Xã A): quyết định “Không chấp nhận” cần ghi lý do: đơn vị sẽ đọc lý do này.",
        "Quyết định 3 (Xã Q): không có đơn vị “Xã Q”.",
        "Quyết định 4 (Xã A): dòng 40 của UBND xã A trống hoặc không có trong lần kiểm tra này.",
        "Quyết định 5 (Xã A): quyết định “Miễn” áp dụng cho cả phần việc: cần mã phần việc, không ghi dòng."]
    assert not target.exists()


def test_decisions_in_a_csv_file_apply_like_those_in_a_tab(small: Tracker, plain: CheckResult, plain_book: Path,
                                                           tmp_path: Path) -> None:
    target = tmp_path / "duyet.csv"
    decide(plain, [NewDecision("xa-a", "Không chấp nhận", "Họp dân chưa có biên bản.", AN, row=6)], to=target,
           today=date(2026, 6, 10))
    ws = Workspace(tmp_path / "h.sqlite", tmp_path / "l.sqlite", tmp_path / "none.xlsx")
    result = run(small, XlsxSource([plain_book]), AS_OF, RunOptions(workspace=ws, reviews=[target], history=False)).result
    assert counted_rows(result, "xa-a") == [3, 4, 5, 7, 8]
    assert result.review.sheets == ("Duyệt (duyet.csv)",)


def test_the_sheets_review_tab_is_protected_written_through_gspread_and_read_by_the_check(
        small: Tracker, emulator: Any, plain_book: Path) -> None:
    from test_gsheets import load_into

    from tracker.sheets_write import provision
    from tracker.sources.gsheets import GSheetsSource
    from tracker.testing.sheets_emulator import DEFAULT_ACCOUNT

    load_into(emulator, plain_book, "KEYREV")
    provision(small, "Theo dõi", key="KEYREV")
    tab = emulator.books["KEYREV"].sheet("Duyệt")
    assert tab is not None and tab.rows[0] == [c.header for c in COLUMNS]
    assert tab.protected[-1]["editors"]["users"] == ["so@example.org", "an@so.example.org", DEFAULT_ACCOUNT]  # the tool appends
    assert tab.protected[-1]["description"] == "Chỉ cán bộ Sở Mẫu được ghi quyết định"
    assert [v["rule"]["condition"]["values"][0]["userEnteredValue"] for v in tab.validations] == [
        "Chấp nhận", "kh", "UBND xã A"]
    before = check(small, GSheetsSource.from_spec("KEYREV", small), AS_OF)
    decide(before, [NewDecision("Xã A", "Không chấp nhận", "=HYPERLINK(\"x\")", AN, row=6)], to="KEYREV",
           today=date(2026, 6, 10))
    tab.rows.append(["Xã Z", 3, None, "Chấp nhận", None, None, None, AN, "10/06/2026"])  # typed by hand
    after = check(small, GSheetsSource.from_spec("KEYREV", small), AS_OF)
    assert tab.rows[1][4] == "=HYPERLINK(\"x\")"  # RAW: a reason is never a formula
    # The provisioned tab, verified as protected for the staff, is read (issue 25); a units' tab never is (issue 23).
    assert [(o.decision.unit, o.state) for o in after.decisions] == [("xa-a", "applied")]
    assert counted_rows(after, "xa-a") == [3, 4, 5, 7, 8]
    assert [(p.sheet, p.cell, p.code) for p in after.problems if p.sheet == "Duyệt"] == [
        ("Duyệt", "A3", "decision-unit-unknown")]


# --- nothing a user types ends in an exception, and nothing is silent

CELL = st.one_of(st.none(), st.text(max_size=12), st.integers(-5, 50), st.sampled_from(
    ["Xã A", "Chấp nhận", "Miễn", "kh", "10/06/2026", "Cả phần việc", "xa-d", "3"]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.lists(CELL, min_size=0, max_size=10), max_size=6))
def test_any_review_lines_give_decisions_or_problems_never_an_exception(small: Tracker,
                                                                          lines: list[list[Any]]) -> None:
    sheet = RawSheet(name="Duyệt", rows=[[c.header for c in COLUMNS], *lines])
    review = read_review(small, [sheet])
    typed = [i + 2 for i, line in enumerate(lines) if any(clean(str(v)) for v in line if v is not None)]
    decided_lines = {d.line for d in (*review.decisions, *review.superseded)}
    problem_lines = {p.row for p in review.problems}
    assert decided_lines | problem_lines == set(typed)  # every typed line is applied or said to be wrong
    assert not decided_lines & problem_lines


# --- the command line

def test_check_reads_a_reviews_file_and_says_what_the_decisions_changed(plain_book: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tracker.cli import app

    runner = CliRunner()
    definition = str(HERE / "data" / "trackers" / "xa-mau.yaml")
    template = tmp_path / "duyet.xlsx"
    made = runner.invoke(app, ["reviews", "template", definition, "--out", str(template)])
    assert (made.exit_code, made.output) == (0, f"Đã ghi {template}. Dùng với `tracker check --reviews {template}`.\n")
    wb = openpyxl.load_workbook(template)
    assert [c.value for c in wb["Duyệt"][1]] == [c.header for c in COLUMNS]
    assert [v.formula1 for v in wb["Duyệt"].data_validations.dataValidation] == [
        '"Chấp nhận,Không chấp nhận,Chờ làm rõ,Miễn,Hoàn thành"', "'Danh mục'!$A$2:$A$6", "'Danh mục'!$B$2:$B$11"]
    sheet = wb["Duyệt"]
    sheet.append(["Xã A", 6, None, "Không chấp nhận", "Họp dân chưa có biên bản.", None, None, AN, "10/06/2026"])
    wb.save(template)
    args = ["check", definition, "-s", str(plain_book), "--as-of", "2026-06-19", "--no-history"]
    done = runner.invoke(app, [*args, "--reviews", str(template)])
    assert done.exit_code == 0
    assert "Quyết định của Sở Mẫu: 1/1 được áp dụng, làm thay đổi 2 trạng thái." in done.output
    missing = runner.invoke(app, [*args, "--reviews", str(tmp_path / "khong-co.xlsx")])
    assert missing.exit_code == 1 and "Traceback" not in missing.output
    assert f"không tìm thấy tệp quyết định của tỉnh “{tmp_path / 'khong-co.xlsx'}”" in missing.output.replace("\n", "")
    named_nothing = runner.invoke(app, [*args, "--reviews", "."])  # said in Vietnamese, not the log's English
    assert named_nothing.exit_code == 1
    assert "tệp quyết định của tỉnh phải là tệp .xlsx hoặc .csv" in named_nothing.output.replace("\n", "")
    blank = runner.invoke(app, [*args, "--reviews", ""])  # an unset variable: refused before anything is read
    assert blank.exit_code == 2 and "tùy chọn “--reviews” có giá trị trống" in blank.output


def test_the_weekly_word_report_says_what_the_provinces_decisions_changed(decided: CheckResult,
                                                                          tmp_path: Path) -> None:
    import docx

    from tracker.documents import write_document

    path = write_document("weekly", decided.tracker, findings(decided), tmp_path, issued=date(2026, 6, 19))
    paragraphs = [p.text for p in docx.Document(str(path)).paragraphs]
    assert ("- Quyết định của Sở Mẫu được áp dụng: 6, làm thay đổi 4 trạng thái phần việc; 1 quyết định chưa áp dụng "
            "được (dòng đã bị sửa, không còn, hoặc chưa đủ thông tin).") in paragraphs
    assert not [p for p in paragraphs if "Duyệt" in p]  # the province's own line errors are not the units' to fix


# --- what a first try-out found

def _check_lines(small: Tracker, tmp_path: Path, lines: list[list[Any]], as_of: date = AS_OF) -> CheckResult:
    path = build_workbook(small, tmp_path / "xa.xlsx", _rows())
    return check(small, XlsxSource([path]), as_of, reviews=_reviews(path, lines))


def test_two_row_decisions_of_one_unit_each_carry_only_what_they_changed(small: Tracker, tmp_path: Path) -> None:
    result = _check_lines(small, tmp_path, [
        ["Xã A", 6, None, "Không chấp nhận", "Chưa có biên bản.", None, None, AN, "10/06/2026"],
        ["Xã A", 3, None, "Chờ làm rõ", "Số văn bản?", None, None, AN, "10/06/2026"]])
    assert [(o.decision.row, [e["part"] for e in o.effects]) for o in result.decisions] == [(6, ["tt", "nguoi"]),
                                                                                            (3, [])]
    assert result.decided_parts == 2


def test_a_decision_dated_after_the_check_and_a_day_after_it_are_not_applied(small: Tracker, tmp_path: Path) -> None:
    result = _check_lines(small, tmp_path, [
        ["Xã A", 6, None, "Không chấp nhận", "Chưa có biên bản.", None, None, AN, "01/01/2099"],
        ["Phường C", None, "kh", "Hoàn thành", None, "25/06/2026", None, AN, "12/06/2026"],
        ["Xã D", 5, None, "Chấp nhận", None, "20/04/2026", None, BINH, "11/06/2026"]])
    assert result.decisions == ()
    assert [(p.code, p.cell, p.message) for p in result.review_problems] == [
        ("decision-after-as-of", "I2", "Quyết định ở ô I2 ghi ngày 01/01/2099, sau ngày kiểm tra 19/06/2026: lần kiểm "
                                       "tra này chưa áp dụng quyết định đó."),
        ("decision-day-unusable", "F3", "Ô F3: ngày 25/06/2026 không dùng được cho quyết định này: ngày thực hiện phải "
                                        "từ 04/05/2026 đến 19/06/2026 (trong thời gian thực hiện và không sau ngày "
                                        "kiểm tra); quyết định chưa được áp dụng."),
        ("decision-day-unusable", "F4", "Ô F4: ngày 20/04/2026 không dùng được cho quyết định này: ngày thực hiện phải "
                                        "từ 04/05/2026 đến 19/06/2026 (trong thời gian thực hiện và không sau ngày "
                                        "kiểm tra); quyết định chưa được áp dụng.")]


def test_a_review_tab_without_who_or_when_applies_nothing_and_says_which_column(small: Tracker, tmp_path: Path) -> None:
    path = build_workbook(small, tmp_path / "xa.xlsx", _rows())
    result = check(small, XlsxSource([path]), AS_OF, reviews=_reviews(path, [["Xã A", 6, "Không chấp nhận",
                                                                              "Chưa có biên bản."]],
                                                                     header=["Đơn vị", "Dòng", "Quyết định", "Lý do"]))
    assert result.decisions == ()
    assert [(p.code, p.row, p.message) for p in result.review_problems] == [
        ("decision-column-missing", 1, "Trang “Duyệt” thiếu cột “Người quyết định”, “Ngày quyết định” ở dòng tiêu đề "
                                       "(dòng 1); mỗi quyết định phải ghi người quyết định và ngày quyết định, nên các "
                                       "quyết định trong trang chưa được áp dụng.")]


def test_two_different_decisions_on_one_row_on_one_day_are_flagged(small: Tracker, tmp_path: Path) -> None:
    result = _check_lines(small, tmp_path, [
        ["Xã A", 6, None, "Không chấp nhận", "Chưa có biên bản.", None, None, AN, "10/06/2026"],
        ["Xã A", 6, None, "Chấp nhận", None, None, None, BINH, "10/06/2026"]])
    assert [(o.decision.line, o.state) for o in result.decisions] == [(2, "superseded"), (3, "applied")]
    [conflict] = result.review_problems
    assert (conflict.code, conflict.cell) == ("decision-conflict", "D2")
    assert conflict.message.startswith("Quyết định “Không chấp nhận” ở ô D2 và quyết định “Chấp nhận” ở ô Duyệt!D3")


def test_accepted_row_that_still_cannot_count_is_not_called_applied(small: Tracker, tmp_path: Path) -> None:
    result = _check_lines(small, tmp_path, [["Xã D", 5, None, "Chấp nhận", None, None, None, BINH, "11/06/2026"]])
    assert [o.state_vi for o in result.decisions] == ["Chưa áp dụng: dòng vẫn thiếu ngày hoặc phần việc"]


def test_decide_refuses_a_units_workbook_and_writes_nothing(plain: CheckResult, tmp_path: Path) -> None:
    book = build_workbook(plain.tracker, tmp_path / "xa.xlsx", _rows())
    before = book.read_bytes()
    with pytest.raises(DecisionError) as caught:
        decide(plain, [NewDecision("Xã A", "Không chấp nhận", "Chưa có biên bản.", AN, row=6)], to=book,
               today=date(2026, 6, 10))
    assert caught.value.lines == [
        "Tệp xa.xlsx là sổ nhập liệu của các đơn vị (có trang “Xã A”): các đơn vị sửa được tệp này nên quyết định ghi "
        "ở đây không bao giờ được đọc. Hãy ghi vào tệp Duyệt riêng của Sở (tệp Duyệt của không gian làm việc, hoặc một "
        "tệp .xlsx/.csv đưa cho --reviews)."]
    assert book.read_bytes() == before


@pytest.mark.parametrize(("encoding", "delimiter", "final_newline"), [
    ("utf-16", "\t", True), ("utf-8", ";", True), ("utf-8-sig", ",", False)])
def test_decide_appends_to_a_csv_however_it_was_saved(plain: CheckResult, tmp_path: Path, encoding: str,
                                                       delimiter: str, final_newline: bool) -> None:
    target = tmp_path / "duyet.csv"
    first = delimiter.join(["Xã D", "3", "", "Chờ làm rõ", "Trường nào?", "", "", BINH, "11/06/2026"])
    text = delimiter.join(c.header for c in COLUMNS) + "\r\n" + first + ("\r\n" if final_newline else "")
    target.write_bytes(text.encode(encoding))
    decide(plain, [NewDecision("Xã A", "Không chấp nhận", "=HYPERLINK(\"http://x\")", AN, row=6)], to=target,
           today=date(2026, 6, 10))
    assert "'=HYPERLINK" in target.read_text(encoding="utf-8-sig")  # Excel shows it as text
    review = read_review(plain.tracker, [RawSheet("Duyệt", [list(r) for r in __import__("tracker.files.tables", fromlist=[
        "read_csv"]).read_csv(target)])], AS_OF)
    assert [(d.unit, d.row, d.kind_vi, d.reason) for d in review.decisions] == [
        ("xa-d", 3, "Chờ làm rõ", "Trường nào?"), ("xa-a", 6, "Không chấp nhận", "=HYPERLINK(\"http://x\")")]
    assert review.problems == ()


def test_reviews_template_never_overwrites_a_filled_file(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tracker.cli import app

    target = tmp_path / "duyet.xlsx"
    target.write_bytes(b"the province's record")
    definition = str(HERE / "data" / "trackers" / "xa-mau.yaml")
    refused = CliRunner().invoke(app, ["reviews", "template", definition, "--out", str(target)])
    assert refused.exit_code == 1 and target.read_bytes() == b"the province's record"
    assert "đã có; chọn tên khác với --out, hoặc thêm --force để ghi đè" in refused.output.replace("\n", "")
    as_csv = CliRunner().invoke(app, ["reviews", "template", definition, "--out", str(tmp_path / "d.csv")])
    assert as_csv.exit_code == 0
    assert (tmp_path / "d.csv").read_text(encoding="utf-8-sig").splitlines() == [",".join(c.header for c in COLUMNS)]


def test_the_review_stage_takes_the_rules_evaluation_and_gives_the_decided_one_and_its_effects(
        decided: CheckResult) -> None:
    from tracker.evaluate import evaluate
    from tracker.review import stage as review
    from tracker.review.decisions import EMPTY

    t, acts = decided.tracker, decided.intake.activities
    by_rules = evaluate(t, acts, AS_OF)
    assert by_rules.matrix != decided.evaluation.matrix  # the decisions changed statuses and marks
    out = review.apply(t, by_rules, acts, decided.review, decided.rows_decided, AS_OF)
    assert out.evaluation.matrix == decided.evaluation.matrix
    assert out.evaluation.province == decided.evaluation.province and out.evaluation.by_task == decided.evaluation.by_task
    assert [(e.unit, e.part, e.before, e.after) for e in out.effects] == [
        (e.unit, e.part, e.before, e.after) for e in decided.effects] and out.effects
    untouched = review.apply(t, by_rules, acts, EMPTY, (), AS_OF)
    assert untouched.evaluation is by_rules and untouched.effects == ()


def test_a_problem_takes_its_origin_from_the_catalogue_and_the_reports_list_the_review_lines_by_it(
        decided: CheckResult) -> None:
    from tracker.problems import origin_of

    lines = decided.review_problems
    assert lines and {(p.origin, p.code[:9], p.sheet) for p in lines} == {("review", "decision-", "Duyệt")}
    assert [origin_of(c) for c in ("row-rejected", "decision-who-missing", "date-ambiguous", "office-unit-unknown",
                                   "a-code-of-an-old-file")] == ["review", "review", "intake", "office", "intake"]
