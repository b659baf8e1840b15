"""Who may decide (issue 23, item 1): decisions come only from places the province controls, by its staff.

A unit can write its own workbook, the shared spreadsheet and the CSV folder; a "Duyệt" tab it adds
there (even hidden) is reported to the province and never read. Decisions are read from the
province's reviews files (`--reviews`, the workspace's) and, on Google Sheets, from the provisioned tab
the source has verified as protected. Whoever a line names as deciding must be on the staff list.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from helpers import build_workbook
from test_decisions import AN, BINH, _reviews, _rows, counted_rows, status
from test_directives import AS_OF

from tracker.check import CheckResult, check
from tracker.definition import Tracker, load_tracker, parse_tracker
from tracker.errors import DecisionError, SourceError
from tracker.review.decide import NewDecision, decide
from tracker.review.decisions import COLUMNS
from tracker.sources import CsvFolderSource, XlsxSource
from tracker.weekly import RunOptions, Workspace, run

HERE = Path(__file__).parent
SMALL = HERE / "data" / "trackers" / "xa-mau.yaml"
# What a unit would like the province to have decided: its overdue part done, a neighbour's good row rejected.
FORGED: list[list[Any]] = [
    ["Phường C", "Cả phần việc", "kh", "Hoàn thành", "Đã xem.", "14/05/2026", "45/KH-UBND", AN, "12/06/2026"],
    ["Xã A", 6, None, "Không chấp nhận", "Không có biên bản.", None, None, AN, "10/06/2026"],
]
NOT_READ = ("Trang tính “Duyệt” nằm trong dữ liệu của các đơn vị và có tên như trang Duyệt, nhưng không được đọc: các "
            "đơn vị sửa được dữ liệu này, nên quyết định của Sở Mẫu chỉ được đọc từ tệp Duyệt do Sở Mẫu giữ hoặc từ "
            "trang Duyệt đã được bảo vệ trên Google Sheets. Hãy kiểm tra ai đã tạo trang này.")


@pytest.fixture(scope="module")
def small() -> Tracker:
    return load_tracker(SMALL)


def _untouched(result: CheckResult) -> None:
    """Nothing a unit typed as a decision changed anything."""
    assert result.decisions == ()
    assert status(result, "phuong-c", "kh").status == "overdue"
    assert counted_rows(result, "xa-a") == [3, 4, 5, 6, 7, 8]


@pytest.mark.parametrize("hidden", [False, True])
def test_a_review_tab_a_unit_adds_to_its_workbook_is_reported_and_never_read(small: Tracker, tmp_path: Path,
                                                                            hidden: bool) -> None:
    book = build_workbook(small, tmp_path / "xa.xlsx", _rows())
    wb = openpyxl.load_workbook(book)
    ws = wb.create_sheet("Duyệt")
    ws.append([c.header for c in COLUMNS])
    for line in FORGED:
        ws.append(line)
    if hidden:
        ws.sheet_state = "veryHidden"
    wb.save(book)
    result = check(small, XlsxSource([book]), AS_OF)
    _untouched(result)
    [problem] = [p for p in result.problems if p.sheet == "Duyệt"]
    assert (problem.code, problem.severity, problem.unit, problem.message) == (
        "decision-tab-in-source", "error", None, NOT_READ)
    # the same lines in the province's own reviews file are applied: the tab's place, not its lines, decides
    trusted = check(small, XlsxSource([book]), AS_OF, reviews=_reviews(book, FORGED))
    assert status(trusted, "phuong-c", "kh").status == "done_on_time"


def test_a_review_file_dropped_into_the_units_csv_folder_is_reported_and_never_read(small: Tracker,
                                                                                    tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    folder.mkdir()
    book = build_workbook(small, tmp_path / "xa.xlsx", _rows())
    for sheet in openpyxl.load_workbook(book, data_only=True).worksheets:
        if sheet.title in {u.sheet for u in small.units}:
            with (folder / f"{sheet.title}.csv").open("w", encoding="utf-8", newline="") as fh:
                csv.writer(fh).writerows([["" if v is None else v for v in row] for row in sheet.iter_rows(
                    values_only=True)])
    with (folder / "Duyệt.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([[c.header for c in COLUMNS], *[["" if v is None else v for v in line]
                                                                 for line in FORGED]])
    result = check(small, CsvFolderSource(folder), AS_OF)
    assert result.decisions == () and status(result, "phuong-c", "kh").status == "overdue"
    assert [(p.code, p.message) for p in result.problems if p.sheet == "Duyệt"] == [("decision-tab-in-source",
                                                                                      NOT_READ)]
    ws = Workspace(tmp_path / "h.sqlite", tmp_path / "l.sqlite", tmp_path / "none.xlsx")
    with pytest.raises(SourceError, match="is part of the units' source"):
        run(small, CsvFolderSource(folder), AS_OF, RunOptions(workspace=ws, reviews=[folder / "Duyệt.csv"], history=False))


def test_the_units_workbook_named_as_a_reviews_file_is_refused(small: Tracker, tmp_path: Path) -> None:
    book = build_workbook(small, tmp_path / "xa.xlsx", _rows())
    ws = Workspace(tmp_path / "h.sqlite", tmp_path / "l.sqlite", tmp_path / "none.xlsx")
    with pytest.raises(SourceError) as caught:
        run(small, XlsxSource([book]), AS_OF, RunOptions(workspace=ws, reviews=[book], history=False))
    assert str(caught.value) == (f"{book} is part of the units' source ({book}): the province's decisions are read "
                                 "only from a reviews file kept apart from the units' data (docs/reviews.md)")
    assert caught.value.vi == (f"“{book}” thuộc nguồn dữ liệu của các đơn vị ({book}): quyết định duyệt chỉ được đọc "
                               "từ tệp duyệt để riêng, ngoài dữ liệu các đơn vị nhập (xem docs/reviews.md). Chưa kiểm "
                               "tra, chưa gửi thư nào.")


def test_a_review_tab_a_unit_adds_to_the_shared_spreadsheet_is_never_read(small: Tracker, emulator: Any,
                                                                          tmp_path: Path) -> None:
    from test_gsheets import load_into

    from tracker.sources.gsheets import GSheetsSource

    book = build_workbook(small, tmp_path / "xa.xlsx", _rows())
    wb = openpyxl.load_workbook(book)
    ws = wb.create_sheet("Duyệt tuần 6")  # typed by a unit, who is a writer of the spreadsheet
    ws.append([c.header for c in COLUMNS])
    for line in FORGED:
        ws.append(line)
    wb.save(book)
    load_into(emulator, book, "KEYUNIT")
    result = check(small, GSheetsSource.from_spec("KEYUNIT", small), AS_OF)
    _untouched(result)
    assert [p.code for p in result.problems if p.sheet == "Duyệt tuần 6"] == ["decision-tab-untrusted"]  # the Sheets source says why


# --- who decided must be on the staff list

@pytest.mark.parametrize(("who", "applied"), [
    (AN, True), ("nguyen van an", True), ("AN@SO.EXAMPLE.ORG", True), (f"{AN} <an@so.example.org>", True),
    ("so@example.org", True),  # province.staff_emails
    (BINH, True), ("Trần Văn Cường", False), ("an@so.example.org.evil.example", False),
    ("Nguyễn Văn An <xa-a@example.org>", False),  # the address decides: a unit's own
])
def test_a_decision_applies_only_when_its_author_is_on_the_staff_list(small: Tracker, tmp_path: Path, who: str,
                                                                       applied: bool) -> None:
    book = build_workbook(small, tmp_path / "xa.xlsx", _rows())
    line = ["Xã B", None, "tk", "Miễn", "Xã mới thành lập.", None, None, who, "11/06/2026"]
    result = check(small, XlsxSource([book]), AS_OF, reviews=_reviews(book, [line]))
    assert (status(result, "xa-b", "tk").status == "not_applicable") is applied
    problems = [(p.code, p.cell, p.message) for p in result.review_problems]
    assert problems == ([] if applied else [(
        "decision-who-not-staff", "H2", f"Ô H2: “{who}” không có trong danh sách cán bộ của Sở Mẫu được ghi quyết định "
                                        "(province.staff trong tệp định nghĩa); quyết định chưa được áp dụng.")])


def test_two_staff_names_that_differ_only_by_diacritics_must_be_typed_exactly(tmp_path: Path) -> None:
    text = SMALL.read_text(encoding="utf-8").replace("    - {name: Lê Thị Bình}\n",
                                                     "    - {name: Lê Thị Bình}\n    - {name: Lê Thị Bính}\n")
    tracker = parse_tracker(text, label="two.yaml", base_dir=tmp_path)
    book = build_workbook(tracker, tmp_path / "xa.xlsx", _rows())
    lines = [["Xã B", None, "tk", "Miễn", "Mới thành lập.", None, None, who, "11/06/2026"]
             for who in ("Le Thi Binh", "lê thị  bính")]
    result = check(tracker, XlsxSource([book]), AS_OF, reviews=_reviews(book, lines))
    assert [p.cell for p in result.review_problems if p.code == "decision-who-not-staff"] == ["H2"]
    assert [o.decision.line for o in result.decisions] == [3]


def test_decide_refuses_a_decision_by_someone_not_on_the_staff_list(small: Tracker, tmp_path: Path) -> None:
    book = build_workbook(small, tmp_path / "xa.xlsx", _rows())
    result = check(small, XlsxSource([book]), AS_OF)
    target = tmp_path / "duyet.csv"
    with pytest.raises(DecisionError) as caught:
        decide(result, [NewDecision("Xã A", "Không chấp nhận", "Trùng.", "Cán bộ xã A", row=6)], to=target,
               today=date(2026, 6, 10))
    assert caught.value.lines == ["Quyết định 1 (Xã A): “Cán bộ xã A” không có trong danh sách cán bộ của Sở Mẫu được "
                                  "ghi quyết định (province.staff trong tệp định nghĩa)."]
    assert not target.exists()


def test_a_tracker_without_staff_applies_no_decision_and_says_why(tmp_path: Path) -> None:
    text = SMALL.read_text(encoding="utf-8")
    text = text.replace("    - {name: Nguyễn Văn An, email: an@so.example.org}\n    - {name: Lê Thị Bình}\n", "")
    text = text.replace("  staff:\n", "", 1).replace("  staff_emails: [so@example.org]\n", "")
    tracker = parse_tracker(text, label="nostaff.yaml", base_dir=tmp_path)
    assert tracker.province.staff == [] and tracker.province.staff_addresses() == []
    book = build_workbook(tracker, tmp_path / "xa.xlsx", _rows())
    result = check(tracker, XlsxSource([book]), AS_OF, reviews=_reviews(book, FORGED))
    assert result.decisions == ()
    assert [p.code for p in result.review_problems] == ["decision-who-not-staff"] * 2


def test_a_staff_member_needs_a_name_or_an_address(tmp_path: Path) -> None:
    from tracker.errors import DefinitionError

    text = SMALL.read_text(encoding="utf-8").replace("    - {name: Lê Thị Bình}\n",
                                                     "    - {name: Lê Thị Bình}\n    - {name: ' '}\n"
                                                     "    - {name: X, email: 'not an address'}\n")
    with pytest.raises(DefinitionError) as caught:
        parse_tracker(text, label="bad.yaml", base_dir=tmp_path)
    assert [(p.field, p.message.split(":")[0]) for p in caught.value.problems] == [
        ("province.staff[2]", "a staff member needs a name, an email, or both"),
        ("province.staff[3].email", "invalid e-mail address 'not an address'")]


def test_merged_unit_cells_in_a_reviews_sheet_name_the_unit_of_each_line(small: Tracker, tmp_path: Path) -> None:
    book = build_workbook(small, tmp_path / "xa.xlsx", _rows())
    path = tmp_path / "duyet.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Duyệt"
    ws.append([c.header for c in COLUMNS])
    ws.append(["Xã A", 6, None, "Không chấp nhận", "Chưa có biên bản.", None, None, AN, "10/06/2026"])
    ws.append([None, 3, None, "Chờ làm rõ", "Số văn bản?", None, None, AN, "10/06/2026"])
    ws.append([None, 4, None, "Chấp nhận", None, None, None, None, "10/06/2026"])
    ws.merge_cells("A2:A4")
    ws.append([None, 5, None, "Chấp nhận", None, None, None, AN, "10/06/2026"])  # not merged: no unit
    wb.save(path)
    from tracker.review.files import read_review_file

    result = check(small, XlsxSource([book]), AS_OF, reviews=read_review_file(path))
    assert [(o.decision.unit, o.decision.row) for o in result.decisions] == [("xa-a", 6), ("xa-a", 3)]
    assert [(p.code, p.cell, p.message) for p in result.review_problems] == [
        ("decision-who-missing", "H4", "Chưa ghi người quyết định ở ô H4; quyết định chưa được áp dụng."),
        ("decision-unit-missing", "A5", "Chưa ghi đơn vị ở ô A5; quyết định chưa được áp dụng.")]


def test_the_bundled_trackers_name_who_may_decide() -> None:
    from tracker.definition import bundled_tracker_ids, bundled_tracker_path

    for tracker_id in bundled_tracker_ids():
        tracker = load_tracker(bundled_tracker_path(tracker_id))
        assert [m.name for m in tracker.province.staff] == ["Nguyễn Văn A"], tracker_id


def test_units_tabs_are_told_apart_from_a_reviews_workbook(small: Tracker) -> None:
    from tracker.review.files import units_tabs

    assert units_tabs(small, ["Duyệt", "Danh mục"]) == []
    assert units_tabs(small, ["Hướng dẫn", "xã  a", "Duyệt"]) == ["xã  a"]


def test_a_reason_over_several_lines_stays_on_its_entrys_line_in_history_decisions(small: Tracker,
                                                                                   tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tracker.cli import app
    from tracker.review.files import read_review_file

    forged = "Thiếu biên bản.\n#99 2026-06-19 · xa-b phần tk · Miễn: giả mạo · Nguyễn Văn An, 2026-06-11 · Đã áp dụng"
    book = build_workbook(small, tmp_path / "xa.xlsx", _rows())
    _reviews(book, [["Xã A", 6, None, "Không chấp nhận", forged, None, None, AN, "10/06/2026"]])
    ws = Workspace(tmp_path / "h.sqlite", tmp_path / "l.sqlite", book.with_name("duyet.xlsx"))
    assert read_review_file(ws.reviews)
    run(small, XlsxSource([book]), AS_OF, RunOptions(workspace=ws))
    shown = CliRunner().invoke(app, ["history", "decisions", str(SMALL), "--history", str(ws.history)])
    assert shown.exit_code == 0
    assert shown.output.splitlines() == [
        "#1 2026-06-19 · xa-a dòng 6 · Không chấp nhận: Thiếu biên bản. ⏎ #99 2026-06-19 · xa-b phần tk · Miễn: giả mạo · "
        "Nguyễn Văn An, 2026-06-11 · Đã áp dụng · Nguyễn Văn An, 2026-06-10 · Đã áp dụng · tt: Hoàn thành đúng hạn → "
        "Đang thực hiện trong hạn; nguoi: Hoàn thành đúng hạn → Đang thực hiện trong hạn"]


def test_the_review_tab_a_source_vouches_for_is_read_and_not_reported(small: Tracker, tmp_path: Path) -> None:
    """The Sheets source puts the tab it verified as protected in RawBook.reviews (issue 25): applied, and not
    taken for a tab a unit added, even if the source also lists it among the book's sheets."""
    from tracker.files.cells import RawBook, RawSheet

    book = build_workbook(small, tmp_path / "xa.xlsx", _rows())
    [tab] = _reviews(book, FORGED)
    tab = RawSheet(tab.name, tab.rows, spreadsheet="KEY")
    read = XlsxSource([book]).read(small)

    class Vouching:
        label = "vouching"

        def read(self, tracker: Tracker, progress: Any = None) -> RawBook:
            return RawBook(self.label, [*read.sheets, tab], reviews=(tab,))

    result = check(small, Vouching(), AS_OF)
    assert status(result, "phuong-c", "kh").status == "done_on_time"
    assert [p.code for p in result.problems if p.code == "decision-tab-in-source"] == []
