"""Reading a workbook's own parts (tracker.files.tables): workbook.xml and its relationships parsed as XML, so that a
workbook another program wrote (attributes in another order, names as character references) reads the same."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from tracker.files.cells import CellError
from tracker.files.tables import read_workbook

NAME = "Hạ Lé"


def _book(tmp_path: Path, workbook_xml: str | None = None, rels_xml: str | None = None) -> Path:
    """A workbook with an error cell (#N/A at B2) in the tab NAME; its workbook.xml and rels replaced when given."""
    made = tmp_path / "made.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = NAME
    ws["A1"] = "x"
    ws["B2"] = "#N/A"
    wb.save(made)
    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(made) as src, zipfile.ZipFile(path, "w") as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/workbook.xml" and workbook_xml is not None:
                data = workbook_xml.encode("utf-8")
            if info.filename == "xl/_rels/workbook.xml.rels" and rels_xml is not None:
                data = rels_xml.encode("utf-8")
            out.writestr(info, data)
    return path


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def _workbook(sheet: str, settings: str = "<workbookPr/>") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{MAIN}" xmlns:rel="{REL}">'
            f"{settings}<sheets>{sheet}</sheets></workbook>")


def _error_cells(path: Path) -> list[tuple[str, str]]:
    sheets = read_workbook(path)
    return [(s.name, str(cell.code)) for s in sheets for row in s.rows for cell in row if isinstance(cell, CellError)]


@pytest.mark.parametrize("name", ["H&#x1EA1; L&#233;", "H&#7841; L&#xe9;", NAME])
def test_a_tab_named_with_character_references_keeps_its_error_cells(tmp_path: Path, name: str) -> None:
    book = _book(tmp_path, _workbook(f'<sheet name="{name}" sheetId="1" rel:id="rId1"/>'))
    assert _error_cells(book) == [(NAME, "#N/A")]


def test_attributes_in_another_order_and_prefix_read_the_same(tmp_path: Path) -> None:
    workbook = _workbook(f'<sheet rel:id="rId1" sheetId="1" name="{NAME}"/>',
                         settings='<workbookPr defaultThemeVersion="124226" date1904="true"/>')
    rels = (f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Target="worksheets/sheet1.xml" '
            f'Type="{REL}/worksheet"/><Relationship Target="styles.xml" Type="{REL}/styles" Id="rId2"/></Relationships>')
    book = _book(tmp_path, workbook, rels)
    assert _error_cells(book) == [(NAME, "#N/A")]
    assert [s.date1904 for s in read_workbook(book)] == [True]


def test_dates_count_from_1900_unless_the_workbook_says_1904(tmp_path: Path) -> None:
    assert [s.date1904 for s in read_workbook(_book(tmp_path))] == [False]


def test_a_workbook_xml_that_is_not_xml_is_one_source_error(tmp_path: Path) -> None:
    from tracker.errors import SourceError

    book = _book(tmp_path, "<workbook><sheets><sheet name=")
    with pytest.raises(SourceError, match=r"^cannot read workbook .*book\.xlsx: not an \.xlsx workbook"):
        read_workbook(book)


def _named_book(path: Path, tabs: list[str]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for tab in tabs:
        wb.create_sheet(tab).append([tab])
    wb.save(path)
    return path


def test_several_workbooks_are_read_in_the_order_given_and_progress_told_from_the_caller(tmp_path: Path) -> None:
    import threading

    from tracker.sources.xlsx import XlsxSource

    paths = [_named_book(tmp_path / f"b{i}.xlsx", [f"T{i}a", f"T{i}b"]) for i in range(5)]
    told: list[tuple[str, int, int, str]] = []
    book = XlsxSource(paths).read(None, lambda what, done, total: told.append(  # type: ignore[arg-type]
        (what, done, total, threading.current_thread().name)))
    assert [s.name for s in book.sheets] == [f"T{i}{x}" for i in range(5) for x in "ab"]
    assert [s.rows[0][0] for s in book.sheets] == [f"T{i}{x}" for i in range(5) for x in "ab"]
    assert [(w, d, t) for w, d, t, _ in told] == [(f"b{i}.xlsx", i + 1, 5) for i in range(5)]
    assert {name for *_, name in told} == {threading.current_thread().name}


def test_the_first_workbook_in_order_that_cannot_be_read_is_the_error(tmp_path: Path) -> None:
    from tracker.errors import SourceError
    from tracker.sources.xlsx import XlsxSource

    paths = [_named_book(tmp_path / "a.xlsx", ["A"]), tmp_path / "missing.xlsx", tmp_path / "broken.xlsx",
             _named_book(tmp_path / "d.xlsx", ["D"])]
    paths[2].write_bytes(b"PK\x03\x04 not a workbook")
    with pytest.raises(SourceError, match=r"missing\.xlsx"):
        XlsxSource(paths).read(None)  # type: ignore[arg-type]
    assert _reader_threads() == 0  # none left behind


def _reader_threads() -> int:
    import threading

    return sum(1 for t in threading.enumerate() if t.name.startswith("tracker-read"))
