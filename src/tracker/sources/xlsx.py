"""Local .xlsx workbooks: each a list of the units' tabs, read by tracker.files.tables.read_workbook."""

from __future__ import annotations

from pathlib import Path

from tracker.definition import Tracker
from tracker.files.cells import ProgressFn, RawBook, RawSheet
from tracker.files.tables import Limits, read_workbook

_READ_ALL = Limits()


class XlsxSource:
    def __init__(self, paths: list[Path], limits: Limits = _READ_ALL) -> None:
        self.paths = paths
        self.label = ", ".join(str(p) for p in paths)
        self.limits = limits

    def read(self, tracker: Tracker, progress: ProgressFn | None = None) -> RawBook:
        sheets: list[RawSheet] = []
        for path in self.paths:
            sheets += read_workbook(path, progress, self.limits)
        return RawBook(label=self.label, sheets=sheets)
