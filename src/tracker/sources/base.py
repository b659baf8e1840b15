"""What every source is: something that reads a tracker's sheets into a RawBook (see tracker.cells)."""

from __future__ import annotations

from typing import Protocol

from tracker.cells import ProgressFn, RawBook
from tracker.definition import Tracker


class Source(Protocol):
    label: str

    def read(self, tracker: Tracker, progress: ProgressFn | None = None) -> RawBook: ...
