"""A folder of .csv files, one per unit, named after the unit's sheet (UTF-8 with or without BOM, UTF-16).

A file is named `<tab>.csv`, or `<spreadsheet title> - <tab>.csv` as Google Sheets' "Download as CSV"
names it; the title is dropped when what follows it names a unit's tab.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tracker.definition import Tracker
from tracker.errors import SourceError
from tracker.sources.base import ERROR_CODES, CellError, CellValue, ProgressFn, RawBook, RawSheet
from tracker.text import sheet_key


class CsvFolderSource:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.label = str(folder)

    def read(self, tracker: Tracker, progress: ProgressFn | None = None) -> RawBook:
        files = sorted(p for p in self.folder.iterdir() if p.suffix.lower() in (".csv", ".tsv", ".txt") and p.is_file())
        if not files:
            raise SourceError(f"no .csv files in {self.folder}")
        sheets = []
        known = {sheet_key(n) for u in tracker.units for n in (u.sheet, u.name, *u.aliases)}
        for i, path in enumerate(files):
            sheets.append(RawSheet(name=tab_name(path.stem, known), rows=read_csv(path), spreadsheet=self.folder.name))
            if progress:
                progress(path.name, i + 1, len(files))
        return RawBook(label=self.label, sheets=sheets)


def tab_name(stem: str, known: set[str]) -> str:
    """The tab a file holds: its name, or what follows a ' - ' when only that names a unit's tab."""
    if sheet_key(stem) in known:
        return stem
    pieces = stem.split(" - ")
    for i in range(1, len(pieces)):
        rest = " - ".join(pieces[i:])
        if sheet_key(rest) in known:
            return rest
    return stem


def decode(data: bytes) -> str:
    """UTF-16 (Excel's 'Unicode text'), UTF-8 with or without BOM; cp1258 as a last resort."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    # UTF-16 without BOM: every other byte is NUL for Latin text
    if len(data) >= 4 and data[1:8:2] == b"\x00" * len(data[1:8:2]):
        return data.decode("utf-16-le")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace")


def read_csv(path: Path) -> list[list[CellValue | CellError]]:
    try:
        text = decode(path.read_bytes())
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc}") from exc
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel_tab if sample.count("\t") > sample.count(",") else csv.excel
    rows: list[list[CellValue | CellError]] = []
    for row in csv.reader(io.StringIO(text, newline=""), dialect):
        # Excel writes a formula error into CSV as its code; keep it an error, as the .xlsx reader does.
        rows.append([CellError(cell) if cell in ERROR_CODES else (cell if cell != "" else None) for cell in row])
    return rows
