from __future__ import annotations

import pytest

from tracker.definition import Tracker, bundled_tracker_path, load_tracker


@pytest.fixture(scope="session")
def tracker() -> Tracker:
    return load_tracker(bundled_tracker_path())
