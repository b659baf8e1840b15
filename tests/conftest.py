from __future__ import annotations

import os
import tempfile

import pytest

from tracker.definition import Tracker, bundled_tracker_path, load_tracker
from tracker.weekly import WORKSPACE_ENV

# Histories and send ledgers of runs that name none go to a workspace of the test session, never the repo.
os.environ[WORKSPACE_ENV] = tempfile.mkdtemp(prefix="tracker-workspace-")


@pytest.fixture(scope="session")
def tracker() -> Tracker:
    return load_tracker(bundled_tracker_path())
