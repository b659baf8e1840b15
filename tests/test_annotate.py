"""`check --annotate` writes a copy, never the units' workbook (issue 23, item 5): an .xlsx, within the limits."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from helpers import build_workbook
from typer.testing import CliRunner

from tracker.check import check
from tracker.cli import app
from tracker.definition import Tracker, bundled_tracker_path
from tracker.errors import OutputError, SourceError
from tracker.feedback.workbook import annotate_workbook
from tracker.sources import XlsxSource

AS_OF = date(2023, 8, 18)
FUTURE_ROW = (1, "25/08/2023", "1", "Hội nghị", "Hội nghị tuyên truyền", "Nhân dân", 120, 1)


@pytest.fixture()
def book(tracker: Tracker, tmp_path: Path) -> Path:
    return build_workbook(tracker, tmp_path / "don-vi.xlsx", {tracker.units[0].sheet: [FUTURE_ROW]})


def test_annotating_onto_the_source_itself_is_refused_and_the_workbook_left_as_it_was(book: Path,
                                                                                     tmp_path: Path) -> None:
    before = book.read_bytes()
    args = ["check", str(bundled_tracker_path()), "-s", str(book), "--as-of", "2023-08-18", "--no-history"]
    for target in (book, tmp_path / "." / "don-vi.xlsx"):
        done = CliRunner().invoke(app, [*args, "--annotate", str(target)])
        assert done.exit_code == 1 and "Traceback" not in done.output
        assert "sẽ ghi đè lên chính bảng tính các đơn vị nhập: hãy chọn tên tệp khác" in done.output.replace("\n", "")
    assert book.read_bytes() == before


def test_annotate_writes_only_an_xlsx(tracker: Tracker, book: Path, tmp_path: Path) -> None:
    result = check(tracker, XlsxSource([book]), AS_OF)
    with pytest.raises(OutputError) as caught:
        annotate_workbook(result, book, tmp_path / "ket-qua.csv")
    assert str(caught.value) == "--annotate writes an .xlsx workbook: give a name ending in .xlsx, not ket-qua.csv"
    assert not (tmp_path / "ket-qua.csv").exists()


def test_a_workbook_without_calc_properties_is_annotated(tracker: Tracker, book: Path, tmp_path: Path) -> None:
    """Some tools write no <calcPr>: openpyxl then has no calculation properties to set."""
    bare = tmp_path / "bare.xlsx"
    with zipfile.ZipFile(book) as zin, zipfile.ZipFile(bare, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = re.sub(rb"<calcPr[^>]*/>", b"", data)
                assert b"calcPr" not in data
            zout.writestr(info, data)
    result = check(tracker, XlsxSource([bare]), AS_OF)
    out = tmp_path / "annotated.xlsx"
    assert annotate_workbook(result, bare, out) == 20
    wb = openpyxl.load_workbook(out)
    assert wb.calculation is not None and wb.calculation.fullCalcOnLoad
    assert wb[tracker.units[0].sheet]["K3"].value.startswith("✗ ")


def test_a_source_past_the_row_limit_is_not_copied(tracker: Tracker, book: Path, tmp_path: Path) -> None:
    from tracker.files.tables import Limits

    wb = openpyxl.load_workbook(book)
    for r in range(20, 40):
        wb[tracker.units[0].sheet].cell(row=r, column=5, value=f"dòng {r}")
    wb.save(book)
    result = check(tracker, XlsxSource([book], Limits(rows=10)), AS_OF)
    first = next(s.name for s in result.book.sheets if s.rows_cut)
    with pytest.raises(SourceError) as caught:
        annotate_workbook(result, book, tmp_path / "out.xlsx")
    assert str(caught.value) == (f"cannot annotate {book}: tab {first!r} has more than 10 rows (sheet-too-large); "
                                 "fix the tab first")
    assert not (tmp_path / "out.xlsx").exists()


def test_a_far_stray_cell_does_not_make_annotate_walk_the_whole_sheet(tracker: Tracker, book: Path,
                                                                      tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(book)
    wb[tracker.units[0].sheet]["XFD1048576"] = "gõ nhầm"
    wb.save(book)
    result = check(tracker, XlsxSource([book]), AS_OF)
    out = tmp_path / "out.xlsx"
    assert annotate_workbook(result, book, out) == 20
    assert openpyxl.load_workbook(out, read_only=True)[tracker.units[0].sheet]["K3"].value.startswith("✗ ")


def test_check_says_where_it_wrote_the_annotated_copy(book: Path, tmp_path: Path) -> None:
    target = tmp_path / "co-ghi-chu.xlsx"
    done = CliRunner().invoke(app, ["check", str(bundled_tracker_path()), "-s", str(book), "--as-of", "2023-08-18",
                                    "--no-history", "--annotate", str(target)])
    assert done.exit_code == 0, done.output
    assert f"Bản có ghi chú từng dòng: {target}" in done.output.replace("\n", "") and target.is_file()
