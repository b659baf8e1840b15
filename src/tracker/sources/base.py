"""What every source is: something that reads a tracker's sheets into a RawBook (see tracker.files.cells)."""

from __future__ import annotations

from typing import Protocol

from tracker.definition import Tracker
from tracker.files.cells import ProgressFn, RawBook


class Source(Protocol):
    label: str

    def read(self, tracker: Tracker, progress: ProgressFn | None = None) -> RawBook: ...
