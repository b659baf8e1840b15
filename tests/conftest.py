from __future__ import annotations

from collections.abc import Iterator

import pytest

from tracker.definition import Tracker, bundled_tracker_path, load_tracker
from tracker.testing.sheets_emulator import SheetsEmulator


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
