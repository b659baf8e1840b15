"""Local .xlsx workbooks: each a list of the units' tabs, read by tracker.files.tables.read_workbook."""

from __future__ import annotations

import os
from pathlib import Path

from tracker.definition import Tracker
from tracker.files.cells import ProgressFn, RawBook, RawSheet
from tracker.files.tables import Limits, read_workbook

_READ_ALL = Limits()
READERS = 2
"""Workbooks read at once. calamine parses a sheet without holding the interpreter, so two workbooks read side by
side take about 0.6 of the time in turn (the national sample, 3,321 tabs in 17 workbooks: 3.9-4.4 s -> 2.5-2.7 s);
more threads than that wait on the interpreter for the rest of the work."""


class XlsxSource:
    def __init__(self, paths: list[Path], limits: Limits = _READ_ALL) -> None:
        self.paths = paths
        self.label = ", ".join(str(p) for p in paths)
        self.limits = limits

    def read(self, tracker: Tracker, progress: ProgressFn | None = None) -> RawBook:
        if len(self.paths) < 2 or (os.cpu_count() or 1) < 2:
            sheets: list[RawSheet] = []
            for path in self.paths:
                sheets += read_workbook(path, progress, self.limits)
            return RawBook(label=self.label, sheets=sheets)
        return RawBook(label=self.label, sheets=self._read_side_by_side(progress))

    def _read_side_by_side(self, progress: ProgressFn | None) -> list[RawSheet]:
        """Every workbook's sheets, in the order of the paths, READERS workbooks at a time; progress is told of each
        workbook as it is taken, from this thread only. The first workbook (in order) that cannot be read is the
        error raised, as when they are read in turn; those not yet begun are not read."""
        from concurrent.futures import ThreadPoolExecutor

        sheets: list[RawSheet] = []
        pool = ThreadPoolExecutor(max_workers=READERS, thread_name_prefix="tracker-read")
        try:
            futures = [pool.submit(read_workbook, path, None, self.limits) for path in self.paths]
            for done, (path, future) in enumerate(zip(self.paths, futures, strict=True), 1):
                sheets += future.result()
                if progress:
                    progress(path.name, done, len(self.paths))
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        return sheets
