"""Local .xlsx workbooks, read with python-calamine (fast); error cells recovered from the sheet XML.

calamine returns formula-error cells as empty strings, which would make a '#REF!' date look like a
missing date. The workbook is a zip of XML, so the error cells (t="e") are found with one pass over
each sheet's XML, without loading the workbook a second time through openpyxl.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

import python_calamine as pc

from tracker.definition import Tracker
from tracker.errors import SourceError
from tracker.sources.base import CellError, CellValue, ProgressFn, RawBook, RawSheet, put_cell

_ERROR_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*?\bt="e"[^>]*>(?:<f[^>]*>.*?</f>|<f[^>]*/>)?<v>([^<]*)</v>', re.S)
_SHEET_ENTRY = re.compile(rb'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"')
_REL = re.compile(rb'<Relationship\b[^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"|<Relationship\b[^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"')


class XlsxSource:
    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        self.label = ", ".join(str(p) for p in paths)

    def read(self, tracker: Tracker, progress: ProgressFn | None = None) -> RawBook:
        sheets: list[RawSheet] = []
        for path in self.paths:
            sheets += read_workbook(path, progress)
        return RawBook(label=self.label, sheets=sheets)


def read_workbook(path: Path, progress: ProgressFn | None = None) -> list[RawSheet]:
    try:
        book = pc.CalamineWorkbook.from_path(str(path))
    except FileNotFoundError as exc:
        raise SourceError(f"workbook not found: {path}") from exc
    except Exception as exc:  # calamine raises several unrelated types for corrupt files
        raise SourceError(f"cannot read workbook {path}: {exc}") from exc
    try:
        errors, date1904 = _xml_facts(path)
        out: list[RawSheet] = []
        names = [m.name for m in book.sheets_metadata if m.typ == pc.SheetTypeEnum.WorkSheet]
        for i, name in enumerate(names):
            sheet = book.get_sheet_by_name(name)
            rows: list[list[CellValue | CellError]] = [list(r) for r in sheet.to_python(skip_empty_area=False)]  # calamine is untyped
            for (col, row), code in errors.get(name, {}).items():
                put_cell(rows, row - 1, _col_index(col), CellError(code))
            merged = [(a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])]
            out.append(RawSheet(name=name, rows=rows, spreadsheet=path.name, merged=merged, date1904=date1904))
            if progress:
                progress(f"{path.name}: {name}", i + 1, len(names))
        return out
    except SourceError:
        raise
    except Exception as exc:
        raise SourceError(f"cannot read workbook {path}: {exc}") from exc
    finally:
        book.close()


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _xml_facts(path: Path) -> tuple[dict[str, dict[tuple[str, int], str]], bool]:
    """Error cells per sheet name, and whether the workbook counts dates from 1904."""
    with zipfile.ZipFile(path) as zf:
        workbook = zf.read("xl/workbook.xml")
        date1904 = re.search(rb'date1904="(1|true)"', workbook) is not None
        try:
            rels_xml = zf.read("xl/_rels/workbook.xml.rels")
        except KeyError:
            return {}, date1904
        rels: dict[bytes, bytes] = {}
        for m in _REL.finditer(rels_xml):
            rid, target = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
            rels[rid] = target
        errors: dict[str, dict[tuple[str, int], str]] = {}
        for m in _SHEET_ENTRY.finditer(workbook):
            name = _unescape(m.group(1).decode("utf-8"))
            target = rels.get(m.group(2), b"").decode("utf-8")
            member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            try:
                xml = zf.read(member)
            except KeyError:
                continue
            if b't="e"' not in xml:
                continue
            errors[name] = {(e.group(1).decode(), int(e.group(2))): e.group(3).decode() for e in _ERROR_CELL.finditer(xml)}
        return errors, date1904


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))
