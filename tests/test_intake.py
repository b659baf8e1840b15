from __future__ import annotations

import csv
import re
import zipfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from helpers import AS_OF, Row, build_workbook
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker import problems as P
from tracker.definition import Tracker
from tracker.files.cells import CellError, CellValue, RawBook, RawSheet
from tracker.files.tables import Limits
from tracker.intake import IntakeResult, intake
from tracker.parse import parse_count, parse_date, parse_link
from tracker.problems import KINDS, Code, catalogue_markdown
from tracker.sources import CsvFolderSource, XlsxSource, open_source
from tracker.text import repair_legacy

D = date(2023, 8, 2)
OFF = "Cán bộ, công chức, viên chức, người lao động"
GOOD: Row = [1, date(2023, 7, 28), "1", "Hội nghị", "Hội nghị tuyên truyền Luật phòng, chống mua bán người", OFF, 120, 1, None, None]
# (row values, expected problems as (code, cell)) — rows start at sheet row 3
ROWS: list[tuple[Row, list[tuple[str, str]]]] = [
    (GOOD, []),
    ([2, "30/7", "1", "Phát thanh", "Phát tin hưởng ứng 30/7", "Nhân dân", "khoảng 200", 2], [("date-no-year", "B4"), ("count-approximate", "G4")]),
    ([3, "7/28/2023", "1", "Hội nghị", "Hội nghị A", "Nhân dân"], [("date-ambiguous", "B5")]),
    ([4, "31/6/2023", "1", "Hội nghị", "Hội nghị B", "Nhân dân"], [("date-invalid", "B6")]),
    ([5, "15/06/2023", "1", "Hội nghị", "Hội nghị C", "Nhân dân"], [("date-outside-campaign", "B7")]),
    ([6, "25/08/2023", "1", "Hội nghị", "Hội nghị D", "Nhân dân"], [("date-after-as-of", "B8")]),
    ([7, None, "1", "Hội nghị", "Hội nghị E", "Nhân dân"], [("date-missing", "B9")]),
    ([8, D, None, "Hội nghị", "Hội nghị F", "Nhân dân"], [("task-missing", "C10")]),
    ([9, D, "NV5", "Hội nghị", "Hội nghị G", "Nhân dân"], [("task-unknown", "C11")]),
    ([10, D, "2", "Tin bài", "Tuyên truyền chung về phòng, chống mua bán người", "Nhân dân"], [("task-ambiguous", "C12")]),
    ([11, D, "2", "Tin bài", "Cảnh báo thủ đoạn lừa đảo việc nhẹ lương cao", "Nhân dân"], [("task-from-keywords", "C13")]),
    ([12, D, "1", None, "Hội nghị H", "Nhân dân"], [("form-missing", "D14")]),
    ([13, D, "1", "họp thôn", "Hội nghị I", "Nhân dân"], [("form-unknown", "D15")]),
    ([14, D, "1", "Hội nghị", "Hội nghị J", None], [("audience-missing", "F16")]),
    ([15, D, "1", "Hội nghị", "Hội nghị K", "khách du lịch"], [("audience-unknown", "F17")]),
    ([16, D, "1", "Hội nghị", "Hội nghị L", "Nhân dân", "150-200"], [("count-range", "G18")]),
    ([17, D, "1", "Hội nghị", "Hội nghị M", "Nhân dân", "đông đủ"], [("count-not-number", "G19")]),
    ([18, D, "3", "Chuyên mục", "Chuyên mục N", "Nhân dân", 10, 1, "chưa có"], [("evidence-link-missing", "I20")]),
    ([19, D, "1", "Hội nghị", "Hội nghị O", "Nhân dân", 10, 1, "đã đăng"], [("link-invalid", "I21")]),
    ([20, D, "1", "Hội nghị", None, "Nhân dân"], [("content-missing", "E22")]),
    ([21, D, "1", "Hội nghị", "Tuyªn truyÒn phßng chèng mua b¸n ng\u00adêi", "Nhân dân"], [("text-legacy-encoding", "E23")]),
    ([22, D, "1", "Hội nghị", "Trung tâm VHTT-TT Gio Linh phối hợp tổ chức", "Nhân dân"], [("row-names-other-unit", "E24")]),
    (GOOD, [("duplicate-activity", "E25")]),
    (["Tổng cộng", None, None, None, None, None, 1400], [("totals-row", "E26")]),
    ([25, "#REF!", "1", "Hội nghị", "Hội nghị P", "Nhân dân"], [("formula-error", "B27")]),
    ([26, date(2023, 8, 10), "2a", "Phát thanh", "Phát thanh Q", "Nhân dân"], [("merged-cells", "B28")]),
    ([27, None, "2b", "Phát thanh", "Phát thanh R", "Nhân dân"], [("merged-cells", "B29")]),
    ([28, D, "1", "Hội nghị", "Hội nghị S", "Nhân dân", 10, 1, "Kế hoạch số 52/KH-UBND"], [("link-holds-docref", "I30")]),
    ([None] * 10, []),
    ([29], []),  # a pre-numbered row with nothing else is blank
    # Excel's escape of a vertical tab pasted from Word (calamine decodes it), and a whole document in one cell
    ([30, D, "1", "Hội nghị", "Hội nghị S_x000B_ở thôn 2", "Nhân dân"], [("text-control-characters", "E33")]),
    ([31, D, "1", "Hội nghị", "Hội nghị T " + "dài " * 9000, "Nhân dân"], [("cell-too-long", "E34")]),
    ([32, D, "1", "Hội nghị", "Hội nghị U", "Nhân dân", "9" * 400], [("count-too-large", "G35")]),
    ([33, "01/08 - 05/08/2023", "1", "Hội nghị", "Hội nghị V", "Nhân dân"], [("date-range", "B36")]),
    ([34, "từ 05/8 đến 01/8/2023", "1", "Hội nghị", "Hội nghị W", "Nhân dân"], [("date-range-invalid", "B37")]),
    ([None] * 10 + ["Hội nghị 15/8, 40 người"], [("row-outside-table", "K38")]),  # typed beside the table
]
SHEET = "Vĩnh Linh - Phòng VHTT"
EXPECTED_SHEET_PROBLEMS = {("sheet-unmatched", "Sheet1"), ("unit-sheet-missing", None),
                           ("sheet-renamed", "Cam Lộ - TT VHTT-TT (cập nhật)"),
                           ("sheet-looks-like-unit", "Cam Lộ - Phòng VHTT (bản sao)"),
                           ("header-not-found", "Gio Linh - Phòng VHTT"), ("column-missing", "Hải Lăng - Phòng VHTT"),
                           ("cell-out-of-range", "XFD1048576"), ("sheet-too-large", "Đông Hà - TT VHTT-TT")}
LIMITS = Limits(rows=60)
"""Rows read per tab in the test book: low, so that a tab 'too large' stays small."""


def _every_problem_book(tracker: Tracker, tmp_path: Path) -> Path:
    # Cam Lộ's centre renamed its tab (its own is gone), Cam Lộ's office left a copy beside its own, and Cồn
    # Cỏ's centre has no tab at all.
    path = build_workbook(tracker, tmp_path / "all.xlsx", {SHEET: [r for r, _ in ROWS], "Sheet1": [["ghi chú"]],
                                                             "Cam Lộ - TT VHTT-TT (cập nhật)": [["ghi chú"]],
                                                             "Cam Lộ - Phòng VHTT (bản sao)": [["ghi chú"]]},
                          drop=["Cam Lộ - TT VHTT-TT", "Cồn Cỏ - TT VHTT-TT"])
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET]
    ws["B27"].value = "#REF!"
    ws["B27"].data_type = "e"
    ws["G27"] = "=10*5"  # a formula saved by a program, never computed
    ws.merge_cells("B28:B29")
    for c in range(1, 11):
        wb["Gio Linh - Phòng VHTT"].cell(row=2, column=c).value = None
    wb["Gio Linh - Phòng VHTT"]["B5"] = "dữ liệu không có tiêu đề"
    wb["Hải Lăng - Phòng VHTT"]["C2"] = None
    wb["Hải Lăng - Phòng VHTT"]["E3"] = "một dòng"
    wb["Triệu Phong - TT VHTT-TT"].title = "trieu phong  tt vhtt tt"  # no diacritics, odd spacing
    wb["Đông Hà - Phòng VHTT"]["XFD1048576"] = "gõ nhầm"  # calamine alone would ask for ~512 GiB
    for r in range(LIMITS.rows + 1, LIMITS.rows + 13):
        wb["Đông Hà - TT VHTT-TT"].cell(row=r, column=5, value=f"dòng {r}")
    wb.save(path)
    return path


def _cells(result: IntakeResult, sheet: str) -> set[tuple[str, str | None]]:
    return {(p.code, p.cell) for p in result.problems if p.sheet == sheet}


def test_every_problem_kind_is_found_with_its_cell_in_xlsx(tracker: Tracker, tmp_path: Path) -> None:
    book = XlsxSource([_every_problem_book(tracker, tmp_path)], LIMITS).read(tracker)
    result = intake(tracker, book, AS_OF)
    # calamine itself stops a text at 32,767 characters, as Excel does: a cell too long comes from CSV or Sheets
    expected = {pair for _, found in ROWS for pair in found if pair[0] != "cell-too-long"}
    assert _cells(result, SHEET) == expected | {("formula-no-value", "G27")}
    sheet_level = {(p.code, p.cell or p.sheet) for p in result.problems if p.sheet != SHEET}
    assert sheet_level == EXPECTED_SHEET_PROBLEMS
    unit = result.units["vinh-linh-phong-vhtt"].counts
    assert (unit.rows_read, unit.rows_blank) == (33, 3)
    rejected_rows = {p.row for p in result.problems if p.sheet == SHEET and p.severity == "error"}
    assert unit.rows_rejected == len(rejected_rows) == 13
    assert unit.rows_counted == 20
    assert result.units["trieu-phong-trung-tam"].sheet == "trieu phong  tt vhtt tt"
    hai_lang = result.units["hai-lang-phong-vhtt"].counts
    assert (hai_lang.rows_read, hai_lang.rows_rejected) == (1, 1)
    c = result.counts
    assert c.rows_read == c.rows_counted + c.rows_rejected


def test_same_problems_through_the_csv_source(tracker: Tracker, tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    folder.mkdir()
    headers = [col.header for col in tracker.columns]
    for unit in tracker.units:
        rows: list[Sequence[CellValue]] = [["Tiêu đề của đơn vị"], headers]
        if unit.sheet == SHEET:
            for values, _ in ROWS:
                rows.append([v.strftime("%d/%m/%Y") if isinstance(v, date) else
                             v.replace("_x000B_", "\x0b") if isinstance(v, str) else v for v in values])
        encoding = "utf-16" if unit.sheet.startswith("Đông Hà") else "utf-8-sig"
        with open(folder / f"{unit.sheet}.csv", "w", encoding=encoding, newline="") as fh:
            csv.writer(fh, delimiter="\t" if encoding == "utf-16" else ",").writerows(rows)
    (folder / "Đông Hà - Phòng VHTT.csv").write_text("Tiêu đề\n" + ",".join(headers) + "\n1,28/07/2023,1,Hội nghị,Nội dung,Nhân dân\n", encoding="utf-16")
    result = intake(tracker, open_source(folder, tracker).read(tracker), AS_OF)
    expected = {pair for _, found in ROWS for pair in found if pair[0] != "merged-cells"} | {("date-missing", "B29")}
    assert _cells(result, SHEET) == expected
    assert result.units["dong-ha-phong-vhtt"].counts.rows_counted == 1
    assert not [p for p in result.problems if p.sheet != SHEET]


@pytest.mark.parametrize(
    ("raw", "expected", "codes"),
    [
        ("28/07/2023", date(2023, 7, 28), []), ("28/7/23", date(2023, 7, 28), []), ("2023-07-28", date(2023, 7, 28), []),
        ("28-7-2023", date(2023, 7, 28), []), ("ngày 28 tháng 7 năm 2023", date(2023, 7, 28), []),
        ("30/7", date(2023, 7, 30), ["date-no-year"]), (45135, date(2023, 7, 28), []), ("45135", date(2023, 7, 28), []),
        (date(2023, 7, 28), date(2023, 7, 28), []), ("29/02/2023", None, ["date-invalid"]), ("hôm qua", None, ["date-invalid"]),
        ("7/28/2023", None, ["date-ambiguous"]), ("Thứ Sáu, 28/07/2023", date(2023, 7, 28), []),
        # Sunday is 'Chủ nhật' (as Google Sheets in Vietnamese writes it); the time of day and the month in words
        ("Chủ nhật, 30/07/2023", date(2023, 7, 30), []), ("Chủ Nhật 30/7/2023", date(2023, 7, 30), []),
        ("Sáng 28/7/2023", date(2023, 7, 28), []), ("chiều ngày 28/7/2023", date(2023, 7, 28), []),
        ("8h30 ngày 28/7/2023", date(2023, 7, 28), []), ("14 giờ, Thứ Sáu, 28/7/2023", date(2023, 7, 28), []),
        ("28/7/2023 (sáng)", date(2023, 7, 28), []), ("30/7/2023 (CN)", date(2023, 7, 30), []),
        ("28 tháng Bảy năm 2023", date(2023, 7, 28), []), ("ngày 01 tháng Tám năm 2023", date(2023, 8, 1), []),
        ("ngày 28 tháng bảy", date(2023, 7, 28), ["date-no-year"]),
    ],
)
def test_dates_in_the_forms_districts_type(tracker: Tracker, raw: CellValue, expected: date | None, codes: list[str]) -> None:
    result = parse_date(raw, tracker, AS_OF)
    assert result.value == expected
    assert [c for c, _ in result.findings] == codes


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("01/08 - 05/08/2023", date(2023, 8, 5)), ("1-5/8/2023", date(2023, 8, 5)), ("từ 01/8 đến 05/8", date(2023, 8, 5)),
     ("01/08/2023 - 05/08/2023", date(2023, 8, 5)), ("1/8–5/8/2023", date(2023, 8, 5)),
     ("Từ ngày 1/8/2023 đến ngày 5/8/2023", date(2023, 8, 5)), ("2023-08-01 - 2023-08-05", date(2023, 8, 5)),
     ("31/7 - 2/8/2023", date(2023, 8, 2)), ("ngày 1 và 2/8/2023", date(2023, 8, 2))],
)
def test_a_range_of_days_is_read_as_its_last_day_with_a_word_to_the_unit(tracker: Tracker, raw: str,
                                                                         expected: date) -> None:
    """An activity over several days is done on its last: the row counts from that day, and the unit is told."""
    result = parse_date(raw, tracker, AS_OF)
    assert (result.value, [c for c, _ in result.findings]) == (expected, ["date-range"])


@pytest.mark.parametrize("raw", ["từ 05/8 đến 01/8/2023", "05/08 - 01/08/2023", "01/08 - 35/08/2023", "từ 1/8 đến hôm nay"])
def test_a_range_of_days_that_cannot_be_read_says_to_type_one_day(tracker: Tracker, raw: str) -> None:
    result = parse_date(raw, tracker, AS_OF)
    assert (result.value, [c for c, _ in result.findings]) == (None, ["date-range-invalid"])


def test_a_range_of_days_is_said_with_its_sheet_cell_and_the_day_taken(tracker: Tracker, tmp_path: Path) -> None:
    path = build_workbook(tracker, tmp_path / "r.xlsx", {SHEET: [
        [1, "01/08 - 05/08/2023", "1", "Hội nghị", "Hội nghị A", "Nhân dân"],
        [2, "từ 05/8 đến 01/8/2023", "1", "Hội nghị", "Hội nghị B", "Nhân dân"]]})
    result = intake(tracker, XlsxSource([path]).read(tracker), AS_OF)
    said = [(p.message, p.message_en) for p in result.problems if p.sheet == SHEET]
    assert said == [
        ("Trang tính “Vĩnh Linh - Phòng VHTT”, ô B3 ghi khoảng ngày “01/08 - 05/08/2023”; đã tính là ngày kết thúc "
         "05/08/2023. Hoạt động diễn ra nhiều ngày thì chỉ cần nhập ngày kết thúc; nếu ngày đó chưa đúng, hãy nhập "
         "một ngày cụ thể.",
         "Sheet 'Vĩnh Linh - Phòng VHTT', cell B3 holds the range of days '01/08 - 05/08/2023'; its last day "
         "05/08/2023 was taken. Enter one day, the day the activity ended."),
        ("Trang tính “Vĩnh Linh - Phòng VHTT”, ô B4 ghi khoảng ngày “từ 05/8 đến 01/8/2023” không đọc được (ngày "
         "cuối trước ngày đầu, hoặc có ngày không có thật); hãy nhập một ngày, là ngày hoạt động kết thúc, theo dạng "
         "ngày/tháng/năm, ví dụ 28/07/2023.",
         "Sheet 'Vĩnh Linh - Phòng VHTT', cell B4 holds a range of days that cannot be read 'từ 05/8 đến 01/8/2023' "
         "(its end before its start, or a day that does not exist); enter one day, the day the activity ended.")]
    assert result.units["vinh-linh-phong-vhtt"].counts.rows_counted == 1


def test_serial_numbers_follow_the_1904_date_system(tracker: Tracker) -> None:
    assert parse_date(43673, tracker, AS_OF, date1904=True).value == date(2023, 7, 28)


@pytest.mark.parametrize(
    ("raw", "value", "codes"),
    [("1.200", 1200, []), ("1,200", 1200, []), ("200 người", 200, []), ("khoảng 200", 200, ["count-approximate"]),
     ("150-200", None, ["count-range"]), ("đông đủ", None, ["count-not-number"]), (35.0, 35, []),
     (-3, None, ["count-not-number"]), ("2.5", None, ["count-not-number"]), (None, None, []),
     # a number past any count (digits held down): refused with its own problem, never read (int() refuses 4,300
     # digits; report.xlsx cannot write 400 as a spreadsheet's number)
     ("1.000.000.000", 1_000_000_000, []), ("1000000001", None, ["count-too-large"]), (2e9, None, ["count-too-large"]),
     ("9" * 400, None, ["count-too-large"]), ("9" * 4400 + " người", None, ["count-too-large"]),
     # a share is no count: '100%' of the poor households had been read as 100 households, without a word
     ("100%", None, ["count-not-number"]), ("đạt 80 %", None, ["count-not-number"])],
)
def test_counts(raw: CellValue, value: int | None, codes: list[str]) -> None:
    result = parse_count(raw)
    assert (result.value, [c for c, _ in result.findings]) == (value, codes)


@pytest.mark.parametrize("typed", ["-5", "2.5", "đông đủ"])
def test_a_count_that_is_a_negative_or_a_fraction_is_told_it_is_not_a_count_not_that_it_is_no_number(
        typed: str) -> None:
    problem = P.make(Code.COUNT_NOT_NUMBER, unit="u", sheet="S", row=5, column="G", value=typed)
    assert problem.message == (f"Ô G5 “{typed}” không phải là số đếm (số nguyên từ 0 trở lên); hãy nhập số nguyên, "
                               "ví dụ 200.")
    assert problem.message_en == f"Cell G5 '{typed}' is not a count (a whole number, 0 or more)."


@pytest.mark.parametrize(
    ("text", "url"),
    [("https://www.facebook.com/vhtt/posts/1", "https://www.facebook.com/vhtt/posts/1"),
     ("xem tại zalo.me/g/abc", "https://zalo.me/g/abc"), ("www.youtube.com/watch?v=x", "https://www.youtube.com/watch?v=x"),
     ("đã đăng", None), ("facebook", None)],
)
def test_links(text: str, url: str | None) -> None:
    assert parse_link(text) == url


def test_legacy_encodings_are_converted() -> None:
    assert repair_legacy("Tuyªn truyÒn") == ("Tuyên truyền", "TCVN3")
    assert repair_legacy("Tuyeân truyeàn phoøng choáng") == ("Tuyên truyền phòng chống", "VNI")
    assert repair_legacy("Tuyên truyền") == ("Tuyên truyền", None)
    assert repair_legacy("© 2023") == ("© 2023", None)


def test_several_task_parts_in_one_cell_count_for_each(tracker: Tracker, tmp_path: Path) -> None:
    rows: list[Row] = [[1, D, "1, 2a", "Hội nghị", "Hội nghị về thủ đoạn", "Nhân dân"], [2, D, "Nhiệm vụ 2B", "Tin bài", "Hỗ trợ", "Nhân dân"],
            [3, D, "1 - Chinh sach phap luat va cao diem 30/7", "Tin bài", "Tin", "Nhân dân, học sinh"]]
    path = build_workbook(tracker, tmp_path / "t.xlsx", {SHEET: rows})
    result = intake(tracker, XlsxSource([path]).read(tracker), AS_OF)
    acts = sorted(result.activities, key=lambda a: a.row)
    assert [sorted(a.tags) for a in acts] == [["1", "2a"], ["2b"], ["1"]]
    assert acts[2].audiences == ("Nhân dân", "Học sinh, sinh viên")
    assert not [p for p in result.problems if p.sheet == SHEET]


cell_values = st.one_of(st.none(), st.text(max_size=30), st.integers(-10**6, 10**7), st.floats(allow_nan=True),
                        st.dates(), st.booleans(), st.sampled_from(["#REF!", "30/7", "2", "Tổng cộng", "khoảng 5"]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(cell_values, min_size=0, max_size=12), max_size=12))
def test_any_cells_never_raise_and_every_row_is_accounted_for(tracker: Tracker, rows: list[list[CellValue]]) -> None:
    header: list[CellValue | CellError] = [c.header for c in tracker.columns]
    cells = [[CellError("#REF!") if v == "#REF!" else v for v in row] for row in rows]
    book = RawBook("prop", [RawSheet(SHEET, [["tiêu đề"], header, *cells])])
    result = intake(tracker, book, AS_OF)
    c = result.counts
    assert c.rows_read == c.rows_counted + c.rows_rejected
    assert c.rows_read + c.rows_blank == len(rows)
    rejected = {p.row for p in result.problems if p.severity == "error" and p.row}
    assert len(rejected) == c.rows_rejected


def test_problem_docs_are_generated_from_the_catalogue() -> None:
    path = Path(__file__).resolve().parents[1] / "docs" / "problems.md"
    assert path.read_text(encoding="utf-8") == catalogue_markdown() + "\n", "run `tracker docs problems`"
    assert f"**{len(KINDS)} kinds**" in path.read_text(encoding="utf-8")


def test_every_catalogue_message_has_both_languages_and_stable_codes() -> None:
    codes = [k.code for k in KINDS]
    assert len(codes) == len(set(codes))
    for k in KINDS:
        assert k.vi and k.en and k.severity in ("error", "warning")
        assert k.code == k.code.lower() and " " not in k.code


def test_unreadable_source_is_a_clear_error(tracker: Tracker, tmp_path: Path) -> None:
    from tracker.errors import SourceError

    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(SourceError, match="cannot read workbook"):
        XlsxSource([bad]).read(tracker)
    with pytest.raises(SourceError, match="not found or not understood"):
        open_source(tmp_path / "missing.xlsx", tracker)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(SourceError, match=r"no \.csv files"):
        CsvFolderSource(empty).read(tracker)


def test_csv_files_named_as_google_sheets_downloads_them_are_matched(tracker: Tracker, tmp_path: Path) -> None:
    header = ",".join(c.header for c in tracker.columns)
    good = "1,28/07/2023,1,Hội nghị,Hội nghị tuyên truyền,Nhân dân,100,1,,"
    for name in ("Theo dõi 2023 - Đông Hà - Phòng VHTT.csv", "Gio Linh - TT VHTT-TT.csv", "Bản nháp - ghi chú.csv"):
        (tmp_path / name).write_text(f"{header}\n{good}\n", encoding="utf-8")
    result = intake(tracker, CsvFolderSource(tmp_path).read(tracker), AS_OF)
    assert result.units["dong-ha-phong-vhtt"].sheet == "Đông Hà - Phòng VHTT"
    assert result.units["gio-linh-trung-tam"].sheet == "Gio Linh - TT VHTT-TT"
    assert [p.sheet for p in result.problems if p.code == "sheet-unmatched"] == ["Bản nháp - ghi chú"]


def test_every_problem_code_has_a_vietnamese_name_for_the_tables() -> None:
    from tracker.problems import TITLES_VI, Code

    missing = [c.value for c in Code if c.value not in TITLES_VI]
    assert missing == []
    assert len(TITLES_VI) == len(Code)


def test_a_count_past_any_number_is_the_units_problem_and_the_reports_are_written(tracker: Tracker, sample_book: Path,
                                                                                  tmp_path: Path) -> None:
    # 4,400 digits typed in a count cell stopped the whole check with a traceback (int() refuses 4,300 digits), and
    # 400 stopped report.xlsx (a spreadsheet's numbers are doubles): now it is the unit's problem at its cell.
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    from tracker.check import check
    from tracker.report.write import write_reports
    from tracker.sample import load_sample
    from tracker.sources import open_source

    book = load_workbook(sample_book)
    sheet = book[tracker.units[0].sheet]
    column = next(c.column for c in sheet[2] if c.value == tracker.column("participants").header)
    sheet.cell(row=3, column=column, value="9" * 4400)
    sheet.cell(row=4, column=column, value="9" * 400)
    edited = tmp_path / "so-lon.xlsx"
    book.save(edited)
    result = check(tracker, open_source(edited, tracker), load_sample(tracker).as_of)
    found = [(p.code, p.cell) for p in result.intake.problems if p.code == "count-too-large"]
    letter = get_column_letter(column)
    assert found == [("count-too-large", f"{letter}3"), ("count-too-large", f"{letter}4")]
    assert "lớn hơn 1.000.000.000" in next(p.message for p in result.intake.problems if p.code == "count-too-large")
    assert set(write_reports(result, tmp_path / "bao-cao")) >= {"xlsx", "html", "json"}


def test_a_tab_duplicated_in_google_sheets_or_excel_in_place_of_the_units_own_is_the_unit_renaming_it(
        tracker: Tracker, tmp_path: Path) -> None:
    # Google Sheets' "Duplicate" names the copy "Bản sao của …" in Vietnamese ("Copy of …" in English); a unit that
    # copies its tab and deletes the original is told which tab to rename, not that it has none.
    copies = {"Bản sao của Cam Lộ - TT VHTT-TT": "cam-lo-trung-tam", "Copy of Gio Linh - Phòng VHTT": "gio-linh-phong-vhtt"}
    path = build_workbook(tracker, tmp_path / "copies.xlsx", {name: [["ghi chú"]] for name in copies},
                          drop=["Cam Lộ - TT VHTT-TT", "Gio Linh - Phòng VHTT"])
    result = intake(tracker, XlsxSource([path]).read(tracker), AS_OF)
    found = {(p.code, p.sheet, p.unit) for p in result.problems if p.sheet in copies or p.unit in copies.values()}
    assert found == {("sheet-renamed", name, unit) for name, unit in copies.items()}
    message = next(p.message for p in result.problems if p.sheet == "Bản sao của Cam Lộ - TT VHTT-TT")
    assert message == ("Trang tính “Bản sao của Cam Lộ - TT VHTT-TT” không đúng tên nên chưa được đọc; hãy đổi tên trang "
                       "lại thành “Cam Lộ - TT VHTT-TT”.")


@pytest.mark.parametrize(("typed", "as_of", "day"), [
    ("5/1", date(2026, 1, 20), date(2026, 1, 5)), ("ngày 5 tháng 1", date(2026, 1, 20), date(2026, 1, 5)),
    ("20/12", date(2026, 1, 20), date(2025, 12, 20)), ("20-11", date(2025, 12, 1), date(2025, 11, 20)),
])
def test_a_day_typed_without_its_year_in_a_campaign_across_new_year_takes_the_campaigns_year_of_that_month(
        tracker: Tracker, typed: str, as_of: date, day: date) -> None:
    # A winter campaign, 01/11/2025 – 28/02/2026: "5/1" typed in January is 05/01/2026, not 05/01/2025 (outside
    # the campaign, and the row rejected).
    winter = tracker.model_copy(update={"campaign": tracker.campaign.model_copy(
        update={"start": date(2025, 11, 1), "end": date(2026, 2, 28)})})
    assert parse_date(typed, winter, as_of) == parse_date_result(day)


@pytest.mark.parametrize("as_of", [date(2027, 7, 1), date(2028, 7, 1), date(2030, 12, 1)])
def test_a_day_typed_without_its_year_in_a_plan_of_several_years_reads_the_same_whatever_the_checks_date(
        tracker: Tracker, as_of: date) -> None:
    # A 2026–2030 plan: "5/6" is one day every week it is read (the first of the plan's years), never the check's
    # year, which would move the row to 2028 when checked in 2028 without the history seeing it change.
    plan = tracker.model_copy(update={"campaign": tracker.campaign.model_copy(
        update={"start": date(2026, 1, 1), "end": date(2030, 12, 31)})})
    assert parse_date("5/6", plan, as_of) == parse_date_result(date(2026, 6, 5))


def parse_date_result(day: date) -> object:
    from tracker.parse import DateResult

    return DateResult(day, [(Code.DATE_NO_YEAR, {"year": day.year})])


@pytest.mark.parametrize(("raw", "value", "codes"), [
    ("2 trăm", 200, []), ("3 nghìn người", 3000, []), ("1,5 nghìn", 1500, []), ("1.5 ngàn lượt", 1500, []),
    ("2 triệu lượt xem", 2_000_000, []), ("2k", 2000, []), ("khoảng 3 nghìn", 3000, ["count-approximate"]),
    ("2 trạm", 2, []),  # trạm, a station, is no hundred: told apart by its mark
    ("1,2345 nghìn", None, ["count-not-number"]), ("2000 triệu", None, ["count-too-large"]),
])
def test_a_count_written_with_a_word_for_hundreds_thousands_or_millions_is_that_many(
        raw: str, value: int | None, codes: list[str]) -> None:
    # "2 trăm" was counted as 2, without a word to the unit.
    result = parse_count(raw)
    assert (result.value, [c for c, _ in result.findings]) == (value, codes)


@pytest.mark.parametrize("content", ["Công tác tuyên truyền phòng, chống mua bán người", "Cộng đồng dân cư thôn 3 học tập",
                                     "Tổng kết đợt cao điểm", "Tổng vệ sinh đường làng", "Công an xã phối hợp tuyên truyền",
                                     "Tổng công ty Điện lực phối hợp tuyên truyền", "Tổng số 120 hộ tham gia"])
def test_an_activity_whose_content_starts_like_a_total_is_counted(tracker: Tracker, tmp_path: Path, content: str) -> None:
    """'Công tác …', 'Cộng đồng …', 'Tổng kết …' fold to 'cong …', 'tong …': such rows were dropped as totals rows,
    and the unit told there was nothing to fix."""
    path = build_workbook(tracker, tmp_path / "t.xlsx", {SHEET: [[1, D, "1", "Hội nghị", content, "Nhân dân", 120, 1]]})
    result = intake(tracker, XlsxSource([path]).read(tracker), AS_OF)
    assert [p.code for p in result.problems if p.sheet == SHEET] == []
    assert result.units["vinh-linh-phong-vhtt"].counts.rows_counted == 1


@pytest.mark.parametrize(("cells", "cell"), [
    (["Tổng cộng", None, None, None, None, None, 1400], "E3"), ([None, "TỔNG CỘNG:", None, None, None, None, 1400], "E3"),
    ([None, None, None, None, "Tổng cộng toàn huyện", None, 1400], "E3"), ([None, None, None, None, "Cộng", None, 9], "E3"),
    ([None, None, None, None, "Tổng số", None, 9], "E3")])
def test_a_totals_line_is_still_no_activity(tracker: Tracker, tmp_path: Path, cells: Row, cell: str) -> None:
    path = build_workbook(tracker, tmp_path / "t.xlsx", {SHEET: [cells]})
    result = intake(tracker, XlsxSource([path]).read(tracker), AS_OF)
    assert [(p.code, p.cell) for p in result.problems if p.sheet == SHEET] == [("totals-row", cell)]


def test_a_row_typed_only_beside_the_table_is_said_not_passed_over_as_blank(tracker: Tracker, tmp_path: Path) -> None:
    """An activity typed in the column after the table's last ('Ra quân 15/03, 40 người' in K) with the row's STT:
    the row was counted blank and nothing was said."""
    path = build_workbook(tracker, tmp_path / "b.xlsx", {SHEET: [[1, D, "1", "Hội nghị", "Hội nghị A", "Nhân dân"],
                                                                 [2], [3]]})
    wb = openpyxl.load_workbook(path)
    last = len(tracker.columns)
    wb[SHEET].cell(row=4, column=last + 1, value="Hội nghị 15/8, 40 người")
    wb.save(path)
    result = intake(tracker, XlsxSource([path]).read(tracker), AS_OF)
    column = openpyxl.utils.get_column_letter(last + 1)
    assert [(p.code, p.cell, p.severity, p.message) for p in result.problems if p.sheet == SHEET] == [
        ("row-outside-table", f"{column}4", "warning",
         f"Trang tính “{SHEET}”, dòng 4: chỉ có dữ liệu ở ô {column}4 “Hội nghị 15/8, 40 người”, ngoài các cột của bảng, "
         "nên dòng này không được đọc; nếu đó là một hoạt động, hãy nhập vào đúng các cột của bảng.")]
    unit = result.units["vinh-linh-phong-vhtt"].counts
    assert (unit.rows_read, unit.rows_counted, unit.rows_blank) == (1, 1, 2)


def test_a_formula_saved_without_its_value_is_said_as_a_formula_not_as_an_empty_cell(tracker: Tracker,
                                                                                     tmp_path: Path) -> None:
    """A workbook written by a program (openpyxl, a script) holds formulas with no computed value until a spreadsheet
    opens and saves it: the date cell's '=DATE(2023,8,10)' was said to be 'Chưa nhập ngày' and the participants'
    '=10*5' passed as empty. A formula computed to an empty text (t="str") is an empty cell, and a row of formulas
    with no value is blank."""
    path = build_workbook(tracker, tmp_path / "b.xlsx", {SHEET: [
        [1, "=DATE(2023,8,10)", "1", "Hội nghị", "Hội nghị A", "Nhân dân", "=10*5"],
        ["=ROW()-2", None, None, None, "=E3"],
        [3, D, "1", "Hội nghị", "Hội nghị B", "Nhân dân", "=IF(1,\"\",1)"]]})
    member = next(n for n in zipfile.ZipFile(path).namelist() if n.startswith("xl/worksheets/"))
    with zipfile.ZipFile(path) as zin:  # the third row's formula as a spreadsheet saves an empty text
        parts = {n: zin.read(n) for n in zin.namelist()}
    for name, xml in parts.items():
        if b'IF(1,"",1)' in xml or b"IF(1,&quot;&quot;,1)" in xml:
            parts[name] = re.sub(rb'<c r="G5"([^>]*)><f>', rb'<c r="G5"\1 t="str"><f>', xml)
            member = name
    assert b't="str"' in parts[member]
    with zipfile.ZipFile(path, "w") as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    result = intake(tracker, XlsxSource([path]).read(tracker), AS_OF)
    said = [(p.code, p.cell, p.severity, p.message, p.message_en) for p in result.problems if p.sheet == SHEET]
    assert said == [
        ("formula-no-value", "B3", "error",
         "Ô B3 chứa công thức “=DATE(2023,8,10)” nhưng chưa có giá trị đã tính (tệp được lưu bằng một chương trình "
         "không tính công thức); hãy mở tệp bằng Excel hoặc Google Trang tính rồi lưu lại, hoặc nhập thẳng giá trị "
         "vào ô.",
         "Cell B3 holds the formula '=DATE(2023,8,10)' with no computed value (saved by a program that does not "
         "compute formulas); open and save the file in a spreadsheet, or type the value."),
        ("formula-no-value", "G3", "error",
         "Ô G3 chứa công thức “=10*5” nhưng chưa có giá trị đã tính (tệp được lưu bằng một chương trình không tính "
         "công thức); hãy mở tệp bằng Excel hoặc Google Trang tính rồi lưu lại, hoặc nhập thẳng giá trị vào ô.",
         "Cell G3 holds the formula '=10*5' with no computed value (saved by a program that does not compute "
         "formulas); open and save the file in a spreadsheet, or type the value.")]
    unit = result.units["vinh-linh-phong-vhtt"].counts
    assert (unit.rows_read, unit.rows_counted, unit.rows_blank) == (2, 1, 1)


def test_bidirectional_controls_typed_in_a_cell_are_removed_as_zero_width_spaces_are(tracker: Tracker,
                                                                                   tmp_path: Path) -> None:
    """A right-to-left override (U+202E) pasted before 'Trao tiền mặt' shows the words reversed in report.html, the
    e-mails and Word ('tặm nềit oarT'), and an isolate or mark can hide a text's real order: Vietnamese needs none of
    them. A zero-width space was already dropped; these were kept."""
    marks = "\u202e\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
    path = build_workbook(tracker, tmp_path / "b.xlsx", {SHEET: [
        [1, D, "1", "Hội nghị", f"\u202eTrao tiền mặt\u202c cho{marks} hộ\u200b nghèo", "Nhân dân", 12]]})
    result = intake(tracker, XlsxSource([path]).read(tracker), AS_OF)
    assert [a.content for a in result.activities if a.sheet == SHEET] == ["Trao tiền mặt cho hộ nghèo"]
    assert [p.code for p in result.problems if p.sheet == SHEET] == []
