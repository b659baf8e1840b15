"""Inputs built to exhaust memory end in a reported problem, within memory proportional to real data."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from helpers import build_workbook

from tracker.definition import Tracker, bundled_tracker_path

ROW = (1, "28/07/2023", "1", "Hội nghị", "Hội nghị tuyên truyền Luật phòng, chống mua bán người", "Nhân dân", 120, 1)


def test_one_far_away_cell_is_reported_and_the_check_completes_in_2_gib(tracker: Tracker, tmp_path: Path) -> None:
    sheet = tracker.units[0].sheet
    book = build_workbook(tracker, tmp_path / "far.xlsx", {sheet: [ROW]})
    wb = openpyxl.load_workbook(book)
    wb[sheet]["XFD1048576"] = "x"
    wb.save(book)
    _add_merged_range(book, "A200:XFD1048000")  # a merged range as large as the sheet, too
    assert book.stat().st_size < 80_000
    script = textwrap.dedent(f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
        from tracker.cli import main
        sys.argv = ["tracker", "check", {str(bundled_tracker_path())!r}, "-s", {str(book)!r},
                    "--as-of", "2023-08-18", "--no-history", "--json"]
        main()
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=300, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    found = json.loads(proc.stdout)
    far = [p for p in found["problems"] if p["code"] == "cell-out-of-range"]
    assert [(p["sheet"], p["cell"]) for p in far] == [(sheet, "XFD1048576")]
    assert far[0]["message"] == (f"Trang tính “{sheet}”: ô XFD1048576 có dữ liệu nằm rất xa bảng (ngoài cột BL hoặc "
                                 "dòng 100000) nên không được đọc; hãy xóa ô này hoặc chuyển nội dung vào bảng.")
    assert found["counts"]["rows_counted"] == 1


def _add_merged_range(book: Path, ref: str) -> None:
    """Written into the sheet XML: openpyxl would create a cell object for each of its billions of cells."""
    merged = f'<mergeCell ref="{ref}"/>'
    _edit_sheet_xml(book, lambda xml: re.sub(r"<mergeCells[^>]*>", lambda m: m.group(0) + merged, xml, count=1))


def _edit_sheet_xml(book: Path, edit: Callable[[str], str]) -> None:
    """Change the first unit's sheet (after the instructions) as raw XML, the way a hostile file would."""
    member = "xl/worksheets/sheet2.xml"
    with zipfile.ZipFile(book) as source:
        parts = {i.filename: source.read(i.filename) for i in source.infolist()}
    before = parts[member].decode("utf-8")
    after = edit(before)
    assert after != before
    parts[member] = after.encode("utf-8")
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


@pytest.mark.slow
def test_a_million_row_tab_is_reported_too_large_at_the_documented_limit(tracker: Tracker, tmp_path: Path) -> None:
    from datetime import date

    from tracker.files.cells import READ_ROWS
    from tracker.intake import intake
    from tracker.sources import XlsxSource

    sheet = tracker.units[0].sheet
    book = build_workbook(tracker, tmp_path / "big.xlsx", {sheet: [ROW]})
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(4, 1_000_001))
    _edit_sheet_xml(book, lambda xml: xml.replace("</sheetData>", rows + "</sheetData>", 1))
    result = intake(tracker, XlsxSource([book]).read(tracker), date(2023, 8, 18))
    too_large = [p for p in result.problems if p.code == "sheet-too-large"]
    assert READ_ROWS == 100_000
    assert [(p.sheet, p.severity, p.message) for p in too_large] == [(sheet, "error", (
        f"Trang tính “{sheet}” có 900000 dòng dữ liệu sau dòng 100000; chỉ 100000 dòng đầu được đọc. "
        "Hãy chuyển bớt dữ liệu sang một trang tính hoặc tệp khác."))]
    assert result.units[tracker.units[0].id].counts.rows_counted == 1
