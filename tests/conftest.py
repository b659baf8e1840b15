from __future__ import annotations

import os
import signal
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from helpers import SampleBooks

from tracker.definition import Tracker, bundled_tracker_path, load_tracker
from tracker.weekly import WORKSPACE_ENV

# Histories and send ledgers of runs that name none go to a workspace of the test session, never the repo.
os.environ[WORKSPACE_ENV] = tempfile.mkdtemp(prefix="tracker-workspace-")
from tracker.testing.sheets_emulator import SheetsEmulator

# A suite started in the background of a script (`make test &`, `( .ci/run & )`) inherits Ctrl-C ignored, as POSIX
# shells start such jobs: the tests that press Ctrl-C on this process or a child then saw nothing happen. Give the
# session the terminal's Ctrl-C (children started from it get Python's own again).
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Slow tests first. pytest-xdist hands tests out in this order: a slow one handed out last would keep
    one worker busy alone at the end of the run."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(scope="session")
def tracker() -> Tracker:
    return load_tracker(bundled_tracker_path())


@pytest.fixture(scope="session")
def sample_books(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SampleBooks]:
    """Each bundled tracker's sample workbook, built once per run; read-only (see SampleBooks)."""
    if os.environ.get("PYTEST_XDIST_WORKER") and sys.platform != "win32":
        # each xdist worker's basetemp is a folder of this run's own: their parent is the run's, shared
        folder = tmp_path_factory.getbasetemp().parent / "sample-books"
        folder.mkdir(exist_ok=True)
    else:
        folder = tmp_path_factory.mktemp("sample-books")
    books = SampleBooks(folder)
    yield books
    assert not books.changed(), f"a test wrote over the shared sample workbooks {books.changed()}: copy them first"


@pytest.fixture(scope="session")
def sample_book(sample_books: SampleBooks) -> Path:
    """The first bundled tracker's sample workbook (the `tracker` fixture's): read it, never write it."""
    return sample_books.first.path


@pytest.fixture(scope="session")
def unmerged_sample_book(sample_book: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with merged ranges undone, as Sheets' values API reads it (it does not repeat merged values)."""
    wb = openpyxl.load_workbook(sample_book)
    for ws in wb.worksheets:
        for merged in list(ws.merged_cells.ranges):
            ws.unmerge_cells(str(merged))
    path = tmp_path_factory.mktemp("unmerged") / "unmerged.xlsx"
    wb.save(path)
    return path


@pytest.fixture()
def emulator(monkeypatch: pytest.MonkeyPatch) -> Iterator[SheetsEmulator]:
    """The Sheets-API emulator on loopback; gspread's client is pointed at it."""
    emu = SheetsEmulator()
    monkeypatch.setenv("SHEETS_EMULATOR_HOST", emu.start())
    yield emu
    emu.stop()
