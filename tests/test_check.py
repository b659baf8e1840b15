from __future__ import annotations

import json
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from tracker.cli import app, command_paths
from tracker.definition import Tracker, bundled_tracker_path
from tracker.entry_workbook import DATA_ROWS, FIRST_DATA_ROW, RULED_ROWS, write_template
from tracker.sample import build_demo_workbook, load_sample

RULED = RULED_ROWS

runner = CliRunner()
TRACKER = str(bundled_tracker_path())


def test_template_has_exact_header_validations_and_protection(tracker: Tracker, tmp_path: Path) -> None:
    path = write_template(tracker, tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == "Hướng dẫn"
    assert wb["Danh mục"].sheet_state == "hidden"
    assert len([n for n in wb.sheetnames if n not in ("Hướng dẫn", "Danh mục")]) == 20
    ws = wb[tracker.units[0].sheet]
    assert tracker.units[0].name in ws["A1"].value
    header = [ws.cell(row=2, column=c).value for c in range(1, 11)]
    assert header == ["STT", "Ngày thực hiện", "Nhiệm vụ", "Hình thức", "Nội dung", "Đối tượng",
                      "Số người tham gia/tiếp cận", "Số lượng (tin, bài, buổi, lượt)", "Link minh chứng", "Ghi chú"]
    kinds = {(dv.type, str(dv.sqref)) for dv in ws.data_validations.dataValidation}
    end = FIRST_DATA_ROW + DATA_ROWS - 1
    assert ("date", f"B3:B{end}") in kinds
    assert {("list", f"{c}3:{c}{end}") for c in "CDF"} <= kinds
    assert {("whole", f"{c}3:{c}{end}") for c in "GH"} <= kinds
    formulas = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert formulas[f"C3:C{end}"] == "=DM_NhiemVu"
    assert ws.freeze_panes == "A3"
    assert ws.protection.sheet is True
    assert ws["B2"].protection.locked is True and ws["B3"].protection.locked is False
    lists = wb["Danh mục"]
    assert [lists.cell(row=i, column=1).value for i in range(1, 5)] == [i.display for i in tracker.lists.tasks]
    text = "\n".join(str(c.value) for c in wb["Hướng dẫn"]["A"] if c.value)
    for task in tracker.tasks:
        assert task.quote in text


def test_check_cli_prints_summary_and_writes_three_reports(sample_book: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["check", TRACKER, "--source", str(sample_book), "--as-of", "2023-08-18",
                                 "--out", str(out), "--no-history"])
    assert result.exit_code == 0, result.output
    assert "Dòng đã đọc: 120 — được tính: 108, bị loại: 12" in result.output
    findings = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert findings["schema"] == 2 and findings["as_of"] == "2023-08-18"
    c = findings["counts"]
    assert c["rows_read"] == c["rows_counted"] + c["rows_rejected"] == 120
    assert {m["status"] for m in findings["matrix"]} <= {"done_on_time", "done_late", "in_progress", "overdue"}
    assert len(findings["matrix"]) == 20 * 3
    silent = next(m for m in findings["matrix"] if m["unit"] == "con-co-trung-tam" and m["task"] == "1")
    assert silent["status"] == "overdue"
    assert silent["parts"][0]["days_overdue"] == 18
    assert all(set(p) >= {"code", "severity", "unit", "sheet", "row", "column", "cell", "value", "message"}
               for p in findings["problems"])


def test_report_xlsx_cells_and_fills(sample_book: Path, tmp_path: Path) -> None:
    runner.invoke(app, ["check", TRACKER, "-s", str(sample_book), "--as-of", "2023-08-18", "-o", str(tmp_path), "--no-history"])
    wb = openpyxl.load_workbook(tmp_path / "report.xlsx")
    assert wb.sheetnames[:2] == ["Tổng hợp", "Số liệu tổng hợp"]
    assert "Lỗi dữ liệu" in wb.sheetnames and "Hoạt động" in wb.sheetnames
    ws = wb["Tổng hợp"]
    row = next(r for r in range(5, 25) if ws.cell(row=r, column=2).value.startswith("Trung tâm") and "Cồn Cỏ" in ws.cell(row=r, column=2).value)
    assert ws.cell(row=row, column=4).value == "Quá hạn"
    assert ws.cell(row=row, column=4).fill.fgColor.rgb.endswith("FFC7CE")
    assert ws.cell(row=row, column=5).value == "Quá hạn 18 ngày"
    problems = wb["Lỗi dữ liệu"]
    found = {(problems.cell(row=r, column=6).value, problems.cell(row=r, column=3).value)
             for r in range(4, problems.max_row + 1)}
    assert ("Ngày nhập theo tháng/ngày", "B10") in found and ("Lỗi công thức", "B17") in found


def test_report_xlsx_prints_every_table_under_its_header_and_holds_no_english(sample_book: Path, tmp_path: Path) -> None:
    run = runner.invoke(app, ["check", TRACKER, "-s", str(sample_book), "--as-of", "2023-08-18", "-o", str(tmp_path),
                              "--no-history"])
    assert run.exit_code == 0, run.output
    wb = openpyxl.load_workbook(tmp_path / "report.xlsx")
    assert wb.sheetnames[:3] == ["Tổng hợp", "Số liệu tổng hợp", "Thời điểm bắt đầu"]
    repeated = {ws.title: ws.print_title_rows for ws in wb.worksheets}
    assert {k: repeated[k] for k in ("Tổng hợp", "Số liệu tổng hợp", "Thời điểm bắt đầu", "Lỗi dữ liệu", "Hoạt động")} == {
        "Tổng hợp": "$4:$4", "Số liệu tổng hợp": "$3:$3", "Thời điểm bắt đầu": "$3:$3", "Lỗi dữ liệu": "$3:$3",
        "Hoạt động": "$3:$3"}
    for ws in wb.worksheets:  # the header a printed page repeats is the table's, not a title or a blank row
        assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        if repeated[ws.title]:
            row = int(repeated[ws.title].split(":")[0].strip("$"))
            assert ws.cell(row=row, column=1).style == "t_head", ws.title
    # A unit sheet whose data problems print on a page of their own repeats no task header over them.
    gio_linh = wb["Gio Linh - TT VHTT-TT"]
    assert gio_linh.print_title_rows is None and gio_linh.row_breaks.brk
    assert wb["Đông Hà - Phòng VHTT"].print_title_rows == "$4:$4"
    problems = wb["Lỗi dữ liệu"]
    assert [c.value for c in problems[3]] == ["Đơn vị", "Trang tính", "Ô", "Dòng", "Mức", "Loại lỗi", "Giá trị",
                                              "Hướng dẫn sửa"]
    assert problems.max_column == 8
    activities = wb["Hoạt động"]
    assert activities.max_row == 3 + 108
    for row in (4, 5, activities.max_row):  # the first row through openpyxl, the others appended in bulk
        assert all(c.alignment.wrap_text and c.alignment.vertical == "top" for c in activities[row]), row
        assert activities.cell(row=row, column=3).number_format == "DD/MM/YYYY"
    # every counted activity is listed, with a real date, in the sheet whose rows are appended in bulk
    acts = list(wb["Hoạt động"].iter_rows(min_row=4, values_only=True))
    findings = json.loads((tmp_path / "findings.json").read_text(encoding="utf-8"))
    assert len(acts) == findings["counts"]["rows_counted"] == 108
    assert all(hasattr(row[2], "year") for row in acts)
    assert [r[5] for r in acts] == [a["content"] for a in findings["activities"]]
    import python_calamine

    calamine_rows = python_calamine.CalamineWorkbook.from_path(str(tmp_path / "report.xlsx")).get_sheet_by_name("Hoạt động").to_python()
    assert len(calamine_rows) == 3 + 108


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.classes: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.classes += (dict(attrs).get("class") or "").split()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_report_html_has_matrix_chart_and_problems(sample_book: Path, tmp_path: Path) -> None:
    runner.invoke(app, ["check", TRACKER, "-s", str(sample_book), "--as-of", "2023-08-18", "-o", str(tmp_path), "--no-history"])
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    parser = _Collect()
    parser.feed(html)
    assert parser.classes.count("st-overdue") >= 5
    assert "<svg" in html and html.count("<rect") >= 10
    text = " ".join(parser.text)
    assert "Trung tâm Văn hóa Thông tin - Thể dục thể thao huyện đảo Cồn Cỏ" in text
    assert "Ngày nhập theo tháng/ngày" in text and 'title="date-ambiguous"' in html  # the code's name, in Vietnamese
    assert "@page { size: A4" in html
    assert "http" not in html.split("<body>")[0].replace("http://www.w3.org", "")  # self-contained: no external assets


def test_json_flag_and_exit_codes(sample_book: Path, tmp_path: Path) -> None:
    ok = runner.invoke(app, ["check", TRACKER, "-s", str(sample_book), "--as-of", "18/08/2023", "--json", "--no-history"])
    assert ok.exit_code == 0
    assert json.loads(ok.output)["tracker"] == "quang-tri-2023-phong-chong-mua-ban-nguoi"
    gaps = runner.invoke(app, ["check", TRACKER, "-s", str(sample_book), "--as-of", "2023-08-18", "--fail-on-gaps", "--no-history"])
    assert gaps.exit_code == 3
    missing = runner.invoke(app, ["check", TRACKER, "-s", str(tmp_path / "nope.xlsx"), "--no-history"])
    assert missing.exit_code == 1
    assert "Lỗi nguồn dữ liệu" in missing.output
    usage = runner.invoke(app, ["check", TRACKER, "-s", str(sample_book), "--as-of", "hôm nay"])
    assert usage.exit_code == 2


@pytest.mark.parametrize("typed", ["18/08/2023", "18-08-2023", "2023-08-18", "18.08.2023", " 18/08/2023 "])
def test_as_of_is_read_in_the_day_month_year_forms_an_office_types(typed: str, sample_book: Path) -> None:
    run = runner.invoke(app, ["check", TRACKER, "-s", str(sample_book), "--as-of", typed, "--json", "--no-history"])
    assert run.exit_code == 0, run.output
    assert json.loads(run.output)["as_of"] == "2023-08-18"


def test_a_date_that_is_no_day_is_refused_in_vietnamese_with_exit_2(sample_book: Path) -> None:
    run = runner.invoke(app, ["check", TRACKER, "-s", str(sample_book), "--as-of", "18-13-2023", "--no-history"])
    today = date.today()  # the example the message gives: today, as it must be typed
    assert (run.exit_code, run.output) == (2, "Lỗi: --as-of “18-13-2023” không phải là một ngày (viết DD/MM/YYYY, "
                                              f"DD-MM-YYYY hoặc YYYY-MM-DD, ví dụ {today:%d/%m/%Y})\n")


BLANK = "(một biến chưa đặt?): hãy ghi giá trị, hoặc bỏ hẳn nó."


@pytest.mark.parametrize(("args", "said"), [
    # A script's "--as-of $DAY" with DAY unset: refused, not taken as today (nor any blank value as the folder '.').
    (["check", TRACKER, "-s", "{book}", "--as-of", ""], "“tracker check”: tùy chọn “--as-of” có giá trị trống"),
    (["check", TRACKER, "-s", "{book}", "--as-of", "  "], "“tracker check”: tùy chọn “--as-of” có giá trị trống"),
    (["check", TRACKER, "-s", ""], "“tracker check”: tùy chọn “-s” có giá trị trống"),
    (["check", TRACKER, "-s", "{book}", "-o", ""], "“tracker check”: tùy chọn “-o” có giá trị trống"),
    (["check", TRACKER, "-s", "{book}", "--out="], "“tracker check”: tùy chọn “--out” có giá trị trống"),
    (["check", "", "-s", "{book}"], "“tracker check”: một đối số trống"),
    (["check", TRACKER, "--json", " ", "-s", "{book}"], "“tracker check”: một đối số trống"),
    (["history", "show", TRACKER, ""], "“tracker history show”: một đối số trống"),
])
def test_a_blank_value_is_refused_in_vietnamese_with_exit_2_before_anything_is_read(
        args: list[str], said: str, sample_book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # a blank folder would have been this one
    run = runner.invoke(app, [a.replace("{book}", str(sample_book)) for a in args], prog_name="tracker")
    command = said.split("”")[0].removeprefix("“")
    assert run.exit_code == 2
    assert run.output.splitlines()[0] == f"Lỗi: {said} {BLANK} Xem hướng dẫn: {command} --help"
    assert list(tmp_path.iterdir()) == []


def test_a_check_dated_years_after_its_campaign_is_refused_a_preview_is_not(sample_book: Path, tmp_path: Path) -> None:
    """A wrong year (2032 for 2023) would judge every part years overdue and send the firmest letters."""
    today = date.today()
    wrong = date(today.year + 6, 8, 18)
    run = runner.invoke(app, ["remind", TRACKER, "-s", str(sample_book), "--as-of", f"{wrong:%d/%m/%Y}", "--no-history",
                              "--outbox", str(tmp_path / "ob")])
    assert (run.exit_code, run.output) == (1, f"Lỗi: ngày kiểm tra {wrong:%d/%m/%Y} còn ở tương lai, sau cả hôm nay "
                                              f"({today:%d/%m/%Y}) và ngày kết thúc đợt cao điểm (30/09/2023): kiểm tra "
                                              "lại năm. Chưa kiểm tra, chưa soạn hay gửi thư nào.\n")
    assert not (tmp_path / "ob").exists()
    ahead = today + timedelta(days=7)  # a letter composed before its date
    run = runner.invoke(app, ["check", TRACKER, "-s", str(sample_book), "--as-of", f"{ahead:%d/%m/%Y}", "--json",
                              "--no-history"])
    assert run.exit_code in (0, 3), run.output
    assert json.loads(run.output)["as_of"] == ahead.isoformat()


def test_unwritable_output_path_is_one_clear_line_and_exit_1(sample_book: Path, tmp_path: Path) -> None:
    (tmp_path / "some-file").write_text("not a folder", encoding="utf-8")
    target = tmp_path / "some-file" / "x"
    run = runner.invoke(app, ["check", TRACKER, "-s", str(sample_book), "--as-of", "2023-08-18", "--no-history",
                              "--out", str(target)])
    assert run.exit_code == 1
    assert run.output.endswith(f"Lỗi: không ghi được báo cáo vào “{target}”: một phần của đường dẫn là tệp, không phải "
                               "thư mục\n")
    assert "Traceback" not in run.output


def test_a_file_given_as_the_output_folder_is_said_in_vietnamese(sample_book: Path, tmp_path: Path) -> None:
    (tmp_path / "bao-cao").write_text("a file where the reports' folder should be", encoding="utf-8")
    run = runner.invoke(app, ["check", TRACKER, "-s", str(sample_book), "--as-of", "2023-08-18", "--no-history",
                              "--out", str(tmp_path / "bao-cao")])
    assert run.exit_code == 1
    assert run.output.endswith(f"Lỗi: không ghi được báo cáo vào “{tmp_path / 'bao-cao'}”: ở đó đã có một tệp, mà ở đây "
                               "cần một thư mục\n")


def test_demo_is_deterministic(tracker: Tracker, sample_book: Path, tmp_path: Path) -> None:
    again = build_demo_workbook(tracker, tmp_path / "again.xlsx")  # built later, in another folder
    wa, wb = openpyxl.load_workbook(sample_book), openpyxl.load_workbook(again)
    for name in wa.sheetnames:
        assert [[c.value for c in r] for r in wa[name].iter_rows()] == [[c.value for c in r] for r in wb[name].iter_rows()]
    assert load_sample(tracker).as_of.weekday() == 4  # a Friday


def test_every_command_has_help_and_is_documented() -> None:
    from tracker.cli import cli_markdown

    docs = (Path(__file__).resolve().parents[1] / "docs" / "cli.md").read_text(encoding="utf-8")
    for path in command_paths():
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, path
        assert result.output.split("\n")[0].startswith("Cách dùng: ")
        assert f"## `{' '.join(['tracker', *path])}`" in docs
    assert docs == cli_markdown(), "docs/cli.md is out of date: run `tracker docs cli`"


def test_any_typed_text_reaches_every_report_without_crashing(tracker: Tracker, tmp_path: Path) -> None:
    """Control characters, XML specials and odd Unicode typed by districts survive into all three reports."""
    from datetime import date

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from tracker.check import CheckResult
    from tracker.evaluate import evaluate
    from tracker.files.cells import CellError, CellValue, RawBook, RawSheet
    from tracker.intake import intake
    from tracker.report.write import write_reports

    header: list[CellValue | CellError] = [c.header for c in tracker.columns]
    sheet = tracker.units[0].sheet

    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(st.text(min_size=1, max_size=20), min_size=3, max_size=3))
    def run(texts: list[str]) -> None:
        rows: list[list[CellValue | CellError]] = [["t"], header,
                [1, "28/07/2023", "1", "\x07<b>&" + texts[0], "\x07<b>&" + texts[0], "Nhân dân", texts[1], 1, texts[2], "\x00"],
                [2, texts[0], texts[1], texts[2], texts[0], texts[1], texts[2], texts[0], texts[1], texts[2]]]
        book = RawBook("x", [RawSheet(sheet, rows)])
        taken = intake(tracker, book, date(2023, 8, 18))
        result = CheckResult(tracker, date(2023, 8, 18), "x", book, taken, evaluate(tracker, taken.activities, date(2023, 8, 18)))
        paths = write_reports(result, tmp_path / "r")
        assert openpyxl.load_workbook(paths["xlsx"])["Lỗi dữ liệu"].max_row >= 3
        html = paths["html"].read_text(encoding="utf-8")
        assert "&lt;b&gt;&amp;" in html and "<b>&" not in html  # the unknown form is shown, escaped

    run()


def test_what_a_bulk_allocation_made_is_frozen_out_of_the_collectors_passes_and_the_collector_runs_again() -> None:
    import gc

    from tracker.collector import bulk_allocation

    assert gc.isenabled()
    before = gc.get_freeze_count()
    with bulk_allocation():
        assert not gc.isenabled()
        made = [{"row": i} for i in range(1000)]
        with bulk_allocation():  # nested: only the outermost block resumes the collector
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc.get_freeze_count() >= before + len(made)
    gc.collect()
    assert made[999] == {"row": 999}


def test_every_unit_sheet_of_the_template_is_styled_as_the_first_cell_for_cell(tracker: Tracker, tmp_path: Path) -> None:
    """The sheets after the first copy its resolved styles (issue 29): the same fonts, fills, borders, protection,
    number formats and column styles, the same validations, panes and protection, only their own title."""
    wb = openpyxl.load_workbook(write_template(tracker, tmp_path / "t.xlsx"))
    sheets = [wb[u.sheet] for u in tracker.units]

    def shape(ws: Any) -> list[Any]:
        # a style as the workbook stores it: indexes of its font, fill, border, alignment, protection, number format
        cells = [(c.coordinate, c.value if c.row > 1 else None, tuple(c._style), c.number_format)
                 for row in ws.iter_rows() for c in row]
        columns = [(k, d.width, tuple(d._style)) for k, d in sorted(ws.column_dimensions.items())]
        validations = [(dv.type, str(dv.sqref), dv.formula1, dv.formula2, dv.error) for dv in ws.data_validations.dataValidation]
        return [cells, columns, validations, ws.freeze_panes, ws.protection.sheet, str(ws.merged_cells),
                ws.row_dimensions[1].height, ws.row_dimensions[2].height, ws.print_title_rows]

    first = shape(sheets[0])
    assert len(first[0]) >= 10 * (RULED + 2) and len(sheets) == 20
    for ws, unit in zip(sheets[1:], tracker.units[1:], strict=True):
        assert shape(ws) == first, ws.title
        assert ws["A1"].value.startswith(unit.name)


@pytest.mark.parametrize("typed", ["0001-01-01", "18/08/2003", "01/01/1900"])
def test_a_check_dated_years_before_its_campaign_is_refused_and_nothing_stored(
        typed: str, sample_book: Path, tmp_path: Path) -> None:
    """0001-01-01 ran past the calendar's first day (an OverflowError traceback); 2003 for 2023 was stored in the
    history as the campaign's first check."""
    history = tmp_path / "h.sqlite"
    shown = typed if "/" in typed else "01/01/0001"
    run = runner.invoke(app, ["check", TRACKER, "-s", str(sample_book), "--as-of", typed, "--history", str(history),
                              "--out", str(tmp_path / "r")])
    assert (run.exit_code, run.output) == (1, f"Lỗi: ngày kiểm tra {shown} trước ngày bắt đầu đợt cao điểm "
                                              "(01/07/2023) hơn một năm: kiểm tra lại năm. Chưa kiểm tra, chưa soạn "
                                              "hay gửi thư nào.\n")
    assert not history.exists() and not (tmp_path / "r").exists()
    preview = runner.invoke(app, ["check", TRACKER, "-s", str(sample_book), "--as-of", "2022-07-01", "--json",
                                  "--no-history"])
    assert preview.exit_code in (0, 3), preview.output
