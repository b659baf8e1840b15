"""Shared by the tests: workbooks built from rows, the bundled samples built once per run, golden files."""

from __future__ import annotations

import difflib
import hashlib
import os
import shutil
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from tracker.definition import Tracker, bundled_tracker_ids, bundled_tracker_path, load_tracker
from tracker.entry_workbook import FIRST_DATA_ROW, write_template
from tracker.files.cells import CellValue
from tracker.sample import build_demo_workbook, load_sample

AS_OF = date(2023, 8, 18)
GOLDEN = Path(__file__).parent / "golden"
DIFF_LINES = 80

Row = Sequence[CellValue]
"""What a test types into one row of a unit's tab, column A first."""


def build_workbook(tracker: Tracker, path: Path, rows_by_sheet: Mapping[str, Sequence[Row]],
                   drop: Sequence[str] = ()) -> Path:
    """The entry template with the given rows typed in (column A = STT), some sheets removed."""
    write_template(tracker, path)
    wb = openpyxl.load_workbook(path)
    for name in drop:
        del wb[name]
    for sheet, rows in rows_by_sheet.items():
        ws = wb[sheet] if sheet in wb.sheetnames else wb.create_sheet(sheet)
        for r, values in enumerate(rows, start=FIRST_DATA_ROW):
            for c, value in enumerate(values, start=1):
                if value is not None:
                    ws.cell(row=r, column=c, value=value)
    wb.save(path)
    return path


@dataclass(frozen=True)
class SampleBook:
    """A bundled tracker's sample workbook as `tracker demo` builds it, and the date its sample is as of."""

    tracker: Tracker
    path: Path
    as_of: date


class SampleBooks:
    """Each bundled tracker's sample workbook, built at most once per test run and shared read-only.

    Building one costs seconds (the whole entry template, then the sample's rows); a dozen modules read
    it. Under pytest-xdist the workers share one folder and take turns through a lock file: the first
    to ask builds, the others read. A test that changes a workbook saves it elsewhere or works on
    `copy()`; `changed()` names any shared file a test wrote over, and the session fails on it.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._books: dict[str, SampleBook] = {}
        self._digests: dict[str, str] = {}

    def __getitem__(self, tracker_id: str) -> SampleBook:
        if tracker_id not in self._books:
            tracker = load_tracker(bundled_tracker_path(tracker_id))
            sample = load_sample(tracker)
            path = self.folder / f"{tracker_id}.xlsx"
            with _exclusive(self.folder / f"{tracker_id}.lock"):
                if not path.exists():
                    partial = self.folder / f"{tracker_id}.partial.xlsx"
                    build_demo_workbook(tracker, partial, sample)
                    partial.replace(path)  # whole or absent: another worker never reads half a file
            self._books[tracker_id] = SampleBook(tracker, path, sample.as_of)
            self._digests[tracker_id] = _digest(path)
        return self._books[tracker_id]

    @property
    def first(self) -> SampleBook:
        """The first bundled tracker's (the one the `tracker` fixture loads)."""
        return self[bundled_tracker_ids()[0]]

    def copy(self, tracker_id: str, to: Path) -> Path:
        """A private copy to change."""
        shutil.copyfile(self[tracker_id].path, to)
        return to

    def changed(self) -> list[str]:
        return [tid for tid, digest in self._digests.items() if _digest(self._books[tid].path) != digest]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@contextmanager
def _exclusive(lock: Path) -> Iterator[None]:
    """Held by one process at a time (flock; released if the holder dies)."""
    if sys.platform == "win32":  # no flock: each worker has its own folder there (see conftest)
        yield
        return
    import fcntl

    with lock.open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        yield


def assert_golden(name: str, actual: str) -> None:
    """`actual` is exactly tests/golden/<name>, to the byte. With UPDATE_GOLDEN=1 the file is rewritten
    instead: review its diff before committing. A mismatch fails with a unified diff of the first lines
    that differ (an HTML file's tags each on a line of their own there, so a long table row reads)."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):  # regenerate on purpose, then review the diff
        path.write_bytes(actual.encode("utf-8"))
    if not path.exists():
        pytest.fail(f"missing golden file {path}: run with UPDATE_GOLDEN=1 and review it", pytrace=False)
    expected = path.read_bytes().decode("utf-8")
    if actual == expected:
        return

    def lines(text: str) -> list[str]:
        return (text.replace("><", ">\n<") if path.suffix == ".html" else text).splitlines(keepends=True)

    diff = list(difflib.unified_diff(lines(expected), lines(actual), f"golden/{name}", "this run"))
    shown = "".join(line if line.endswith("\n") else line + "\n" for line in diff[:DIFF_LINES])
    cut = f"... and {len(diff) - DIFF_LINES} more lines of diff\n" if len(diff) > DIFF_LINES else ""
    pytest.fail(f"{name} differs from its golden file (if the change is meant, rerun with UPDATE_GOLDEN=1 and "
                f"review the diff):\n{shown}{cut}", pytrace=False)


@contextmanager
def loopback_smtp(handler: object) -> Iterator[int]:
    """An SMTP server on a free loopback port with neither STARTTLS nor AUTH, as a relay inside an office's
    network is; yields its port."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()
