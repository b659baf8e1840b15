"""Row feedback where the units work: their Google Sheets tab (through the unmodified gspread client and
the loopback emulator, requests counted) and an annotated copy of their workbook."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
from python_calamine import CalamineWorkbook
from test_gsheets import _comparable, load_into

from tracker.check import CheckResult, check
from tracker.definition import Tracker
from tracker.feedback.rows import NOTE_AUTHOR, PROTECTION
from tracker.feedback.workbook import annotate_workbook
from tracker.intake import FEEDBACK_HEADER
from tracker.sheets_write import write_feedback
from tracker.sources import XlsxSource
from tracker.sources.gsheets import GSheetsSource
from tracker.testing.sheets_emulator import DateCell, SheetsEmulator

AS_OF = date(2023, 8, 18)
TAB = "Gio Linh - TT VHTT-TT"
FUTURE = "✗ Ngày 25/08/2023 ở ô B14 sau ngày kiểm tra 18/08/2023; hoạt động chưa diễn ra không được tính."


def _check_and_write(tracker: Tracker, emulator: SheetsEmulator, key: str) -> list[tuple[str, str]]:
    result = check(tracker, GSheetsSource.from_spec(key, tracker), AS_OF)
    emulator.log.clear()
    write_feedback(result)
    return list(emulator.log)


def test_write_back_puts_column_notes_and_protection_in_one_batch_update(
        tracker: Tracker, emulator: SheetsEmulator, unmerged_sample_book: Path) -> None:
    book = load_into(emulator, unmerged_sample_book, "KEYFB")
    sheet = book.sheet(TAB)
    assert sheet is not None
    typed = [list(row[:10]) for row in sheet.rows]
    assert _check_and_write(tracker, emulator, "KEYFB") == [
        ("GET", "/v4/spreadsheets/KEYFB"), ("POST", "/v4/spreadsheets/KEYFB:batchUpdate")]
    assert [list(row[:10]) for row in sheet.rows] == typed  # nothing a unit typed changed or moved
    assert sheet.rows[1][10] == FEEDBACK_HEADER
    assert sheet.rows[2][10] == "✓ Được tính (nhiệm vụ 1)"
    assert sheet.rows[13][10] == FUTURE
    assert sheet.notes[(13, 1)] == FUTURE.removeprefix("✗ ")
    assert sheet.notes[(16, 3)] == "Chưa chọn hình thức ở ô D17."
    assert len(sheet.notes) == 15  # merges undone: B18, B19 are no longer merged, B19 is empty
    mine = [p for p in sheet.protected if p["description"] == PROTECTION]
    assert [p["range"] for p in mine] == [{"sheetId": sheet.sheet_id, "startColumnIndex": 10, "endColumnIndex": 11}]


def test_recheck_after_a_fix_clears_the_note_and_updates_the_column(
        tracker: Tracker, emulator: SheetsEmulator, unmerged_sample_book: Path) -> None:
    book = load_into(emulator, unmerged_sample_book, "KEYFX")
    sheet = book.sheet(TAB)
    assert sheet is not None
    _check_and_write(tracker, emulator, "KEYFX")
    sheet.rows[13][1] = DateCell.of(date(2023, 8, 10))  # the unit corrects B14
    assert len(_check_and_write(tracker, emulator, "KEYFX")) == 2
    assert (13, 1) not in sheet.notes
    assert sheet.rows[13][10].startswith("✓ Được tính")
    assert len(sheet.notes) == 14
    assert len([p for p in sheet.protected if p["description"] == PROTECTION]) == 1  # moved, not added again


def test_feedback_column_is_not_read_back_as_data(tracker: Tracker, emulator: SheetsEmulator, unmerged_sample_book: Path) -> None:
    load_into(emulator, unmerged_sample_book, "KEYFR")
    _check_and_write(tracker, emulator, "KEYFR")
    again = check(tracker, GSheetsSource.from_spec("KEYFR", tracker), AS_OF)
    assert _comparable(again) == _comparable(check(tracker, XlsxSource([unmerged_sample_book]), AS_OF))


def _cells(path: Path, sheet: str, columns: int) -> list[list[Any]]:
    return [row[:columns] for row in CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()]


def test_annotated_copy_keeps_every_unit_cell_and_adds_column_and_comments(
        tracker: Tracker, sample_book: Path, tmp_path: Path) -> None:
    result = check(tracker, XlsxSource([sample_book]), AS_OF)
    out = tmp_path / "annotated.xlsx"
    assert annotate_workbook(result, sample_book, out) == 20
    source, copy = openpyxl.load_workbook(sample_book), openpyxl.load_workbook(out)
    assert source.sheetnames == copy.sheetnames
    for name in source.sheetnames:
        if name in {u.sheet for u in tracker.units}:
            assert _cells(out, name, 10) == _cells(sample_book, name, 10), name
        for row in source[name].iter_rows(max_col=10):
            for cell in row:
                assert copy[name][cell.coordinate].value == cell.value, (name, cell.coordinate)
    ws = copy[TAB]
    assert ws["K2"].value == FEEDBACK_HEADER
    assert ws["K14"].value == FUTURE
    assert ws["B14"].comment.text == FUTURE.removeprefix("✗ ")
    assert ws["B14"].comment.author == NOTE_AUTHOR
    # annotating the annotated copy after a fix: the old comment goes, the column is rewritten in place
    ws["B14"].value = date(2023, 8, 10)
    copy.save(out)
    again = tmp_path / "again.xlsx"
    annotate_workbook(check(tracker, XlsxSource([out]), AS_OF), out, again)
    ws = openpyxl.load_workbook(again)[TAB]
    assert ws["B14"].comment is None
    assert str(ws["K14"].value).startswith("✓ Được tính")
    assert ws["L2"].value is None


def test_cli_check_annotate_writes_the_copy(sample_book: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tracker.cli import app
    from tracker.definition import bundled_tracker_path

    out = tmp_path / "ket-qua.xlsx"
    run = CliRunner().invoke(app, ["check", str(bundled_tracker_path()), "-s", str(sample_book), "--as-of", "2023-08-18",
                                   "--no-history", "--annotate", str(out)])
    assert run.exit_code == 0, run.output
    assert openpyxl.load_workbook(out)[TAB]["K14"].value == FUTURE
    folder = CliRunner().invoke(app, ["check", str(bundled_tracker_path()), "-s", str(tmp_path), "--as-of",
                                      "2023-08-18", "--no-history", "--annotate", str(tmp_path / "x.xlsx")])
    assert folder.exit_code == 1
    assert folder.output.endswith(f"--annotate needs one .xlsx workbook as the source, not {tmp_path}\n")


def test_stray_tabs_are_the_same_problems_from_sheets_as_from_xlsx(
        tracker: Tracker, emulator: SheetsEmulator, unmerged_sample_book: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(unmerged_sample_book)
    wb.create_sheet("Gio Linh - TT VHTT-TT (mới)")["B3"] = "một dòng gõ nhầm trang"
    wb.create_sheet("Sheet1")
    path = tmp_path / "strays.xlsx"
    wb.save(path)
    load_into(emulator, path, "KEYST")
    from_sheets = check(tracker, GSheetsSource.from_spec("KEYST", tracker), AS_OF)
    from_xlsx = check(tracker, XlsxSource([path]), AS_OF)

    def strays(result: CheckResult) -> set[tuple[str, str | None, str | None]]:
        return {(p.code, p.sheet, p.unit) for p in result.problems if p.code.startswith("sheet-")}

    assert strays(from_sheets) == strays(from_xlsx) == {
        ("sheet-unmatched", "Sheet1", None),
        ("sheet-looks-like-unit", "Gio Linh - TT VHTT-TT (mới)", "gio-linh-trung-tam")}
    assert emulator.requests_for("KEYST") == 1
    looks = next(p for p in from_sheets.problems if p.code == "sheet-looks-like-unit")
    assert looks.message == ("Trang tính “Gio Linh - TT VHTT-TT (mới)” có tên gần giống trang của đơn vị "
                             "(“Gio Linh - TT VHTT-TT”) nhưng không được đọc; hãy nhập các dòng vào trang "
                             "“Gio Linh - TT VHTT-TT” rồi xóa trang “Gio Linh - TT VHTT-TT (mới)”.")


def test_reminder_and_digest_name_a_stray_tab_that_looks_like_the_units(
        tracker: Tracker, sample_book: Path, tmp_path: Path) -> None:
    from tracker.notices import compose_notices

    wb = openpyxl.load_workbook(sample_book)
    wb.create_sheet("Triệu Phong - Phòng VHTT 2")["B3"] = "một dòng gõ nhầm trang"
    path = tmp_path / "stray.xlsx"
    wb.save(path)
    notices = compose_notices(check(tracker, XlsxSource([path]), AS_OF))
    reminder = next(n for n in notices if n.unit == "trieu-phong-phong-vhtt" and n.level != "digest")
    assert ("Trang tính “Triệu Phong - Phòng VHTT 2” có tên gần giống trang của đơn vị (“Triệu Phong - Phòng VHTT”) "
            "nhưng không được đọc") in reminder.text
    digest = next(n for n in notices if n.level == "digest")
    name = tracker.unit("trieu-phong-phong-vhtt").name
    assert (f"Trang tính có tên giống trang của đơn vị nhưng không được đọc:\n- {name}: “Triệu Phong - Phòng VHTT 2”\n"
            in digest.text)
    assert f"<li>{name}: “Triệu Phong - Phòng VHTT 2”</li>" in digest.html


def test_narrow_tab_is_widened_in_the_same_batch_update(tracker: Tracker, emulator: SheetsEmulator,
                                                         unmerged_sample_book: Path) -> None:
    book = load_into(emulator, unmerged_sample_book, "KEYNW")
    sheet = book.sheet(TAB)
    assert sheet is not None
    sheet.columns = 10  # a tab cut down to the entry columns: K does not exist yet
    assert len(_check_and_write(tracker, emulator, "KEYNW")) == 2
    assert (sheet.columns, sheet.rows[1][10]) == (11, FEEDBACK_HEADER)


def test_cli_check_write_back_writes_summary_and_feedback(tracker: Tracker, emulator: SheetsEmulator,
                                                          unmerged_sample_book: Path) -> None:
    from typer.testing import CliRunner

    from tracker.cli import app
    from tracker.definition import bundled_tracker_path

    book = load_into(emulator, unmerged_sample_book, "KEYCLI")
    run = CliRunner().invoke(app, ["check", str(bundled_tracker_path()), "-s", "https://docs.google.com/spreadsheets/d/KEYCLI/edit", "--as-of", "2023-08-18",
                                   "--no-history", "--write-back"])
    assert run.exit_code == 0, run.output
    sheet = book.sheet(TAB)
    assert sheet is not None and book.sheet("Tổng hợp") is not None
    assert sheet.rows[13][10] == FUTURE


def test_emulator_answers_only_the_fields_asked_for(emulator: SheetsEmulator) -> None:
    from gspread.http_client import HTTPClient

    from tracker.sources.gsheets import http_client

    book = emulator.create(key="KEYMASK")
    book.add_sheet("Một").protected.append({"protectedRangeId": 7, "description": "d", "range": {}})
    client: HTTPClient = http_client()
    got = client.spreadsheets_get("KEYMASK", params={"fields": "sheets.properties(title,sheetId)"})
    assert got == {"sheets": [{"properties": {"title": "Một", "sheetId": book.sheets[0].sheet_id}}]}
    got = client.spreadsheets_get("KEYMASK", params={"fields": "sheets(properties(title),protectedRanges(description))"})
    assert got == {"sheets": [{"properties": {"title": "Một"}, "protectedRanges": [{"description": "d"}]}]}
