"""A folder of .csv files, one per unit, named after the unit's sheet (UTF-8 with or without BOM, UTF-16).

A file is named `<tab>.csv`, or `<spreadsheet title> - <tab>.csv` as Google Sheets' "Download as CSV"
names it; the title is dropped when what follows it names a unit's tab.
"""

from __future__ import annotations

from pathlib import Path

from tracker.definition import Tracker
from tracker.errors import SourceError
from tracker.files.cells import ProgressFn, RawBook
from tracker.files.tables import Limits, read_csv_sheet
from tracker.text import bare_sheet_key, sheet_key

_READ_ALL = Limits()


class CsvFolderSource:
    def __init__(self, folder: Path, limits: Limits = _READ_ALL) -> None:
        self.folder = folder
        self.label = str(folder)
        self.limits = limits

    def read(self, tracker: Tracker, progress: ProgressFn | None = None) -> RawBook:
        files = sorted(p for p in self.folder.iterdir() if p.suffix.lower() in (".csv", ".tsv", ".txt") and p.is_file())
        if not files:
            raise SourceError(f"no .csv files in {self.folder}",
                              vi=f"thư mục “{self.folder}” không có tệp .csv nào (cũng không có tệp .xlsx)")
        sheets = []
        names = [n for u in tracker.units for n in (u.sheet, u.name, *u.aliases)]
        known = {sheet_key(n) for n in names} | {bare_sheet_key(n) for n in names} - {""}  # 'Hải Lăng' too
        for i, path in enumerate(files):
            sheets.append(read_csv_sheet(path, tab_name(path.stem, known), self.folder.name, self.limits))
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
        if sheet_key(rest) in known or bare_sheet_key(rest) in known:
            return rest
    return stem
