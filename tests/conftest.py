from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

import pytest

from tracker.definition import Tracker, bundled_tracker_path, load_tracker
from tracker.weekly import WORKSPACE_ENV

# Histories and send ledgers of runs that name none go to a workspace of the test session, never the repo.
os.environ[WORKSPACE_ENV] = tempfile.mkdtemp(prefix="tracker-workspace-")
import importlib.util

from tracker.testing.sheets_emulator import SheetsEmulator

# test_notebook_decide.py drives tracker.decide, the writing API of issue 19 built on another branch: it is
# collected as soon as that module exists (after the merge), and these lines can go then.
collect_ignore = [] if importlib.util.find_spec("tracker.decide") else ["test_notebook_decide.py"]


@pytest.fixture(scope="session")
def tracker() -> Tracker:
    return load_tracker(bundled_tracker_path())


@pytest.fixture()
def emulator(monkeypatch: pytest.MonkeyPatch) -> Iterator[SheetsEmulator]:
    """The Sheets-API emulator on loopback; gspread's client is pointed at it."""
    emu = SheetsEmulator()
    monkeypatch.setenv("SHEETS_EMULATOR_HOST", emu.start())
    yield emu
    emu.stop()
