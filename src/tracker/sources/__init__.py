"""Sources: where the units' sheets come from. Each yields the same RawBook, so intake never knows."""

from __future__ import annotations

import re
from pathlib import Path

from tracker.definition import Tracker
from tracker.errors import SourceError
from tracker.sources.base import Source
from tracker.sources.csv import CsvFolderSource
from tracker.sources.xlsx import XlsxSource

__all__ = ["CsvFolderSource", "Source", "XlsxSource", "open_source"]

_GSHEET_URL = re.compile(r"docs\.google\.com/spreadsheets/d/([A-Za-z0-9_-]+)")
_GSHEET_KEY = re.compile(r"^[A-Za-z0-9_-]{25,}$")


def open_source(spec: str | Path, tracker: Tracker, credentials: str | None = None) -> Source:
    """A source from what a user typed: an .xlsx file, a folder, a Google Sheets URL or key, or 'gsheets'."""
    text = str(spec)
    path = Path(text)
    if path.is_file() and path.suffix.lower() in (".xlsx", ".xlsm"):
        return XlsxSource([path])
    if path.is_dir():
        books = sorted(p for p in path.iterdir() if p.suffix.lower() in (".xlsx", ".xlsm") and not p.name.startswith("~$"))
        if books:
            return XlsxSource(books)
        return CsvFolderSource(path)
    if text == "gsheets" or _GSHEET_URL.search(text) or (_GSHEET_KEY.match(text) and not path.exists()):
        from tracker.sources.gsheets import GSheetsSource

        return GSheetsSource.from_spec(text, tracker, credentials=credentials)
    if path.suffix.lower() in (".xls", ".ods"):
        raise SourceError(f"{path}: save the workbook as .xlsx (Excel 2007 or later) and try again",
                          vi=f"{path}: hãy lưu bảng tính dưới dạng .xlsx (Excel 2007 trở lên) rồi chạy lại")
    if path.suffix.lower() == ".csv" and path.is_file():
        return CsvFolderSource(path.parent)
    raise SourceError(f"source not found or not understood: {text!r} (expected an .xlsx file, a folder of .csv "
                      "files, or a Google Sheets URL)",
                      vi=f"không tìm thấy hoặc không đọc được nguồn “{text}” (cần một tệp .xlsx, một thư mục chứa các "
                         "tệp .csv, hoặc đường link Google Sheets)")
