"""What the office's week holds of each directive once that directive's own run is done: what the week's pages,
messages, portfolio and Word report read, never the rows, activities, changes and trend of its check (ten
national directives held whole took 3.2 GiB; docs/benchmarks.md)."""

from __future__ import annotations

import gc
import weakref
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from test_office import AS_OF, office_dir, sources  # noqa: F401  (fixtures used by name)

import tracker.office.week as week_module
from tracker.intake import Activity
from tracker.office.week import run_week
from tracker.weekly import run as run_tracker


def test_a_directives_activities_changes_and_trend_are_released_once_its_run_is_written(
        office_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    seen: list[weakref.ref[Activity]] = []
    def run(*args: Any, **kwargs: Any) -> Any:
        done = run_tracker(*args, **kwargs)
        assert done.result.intake.activities and done.result.changes is not None and done.result.trend
        seen.extend(weakref.ref(a) for a in done.result.intake.activities)
        return done

    monkeypatch.setattr(week_module, "run_tracker", run)
    week = run_week(office_dir, AS_OF, documents=False, today=date(2026, 6, 22))
    gc.collect()
    assert len(week.results) == 3 and seen
    assert [a for a in seen if a() is not None] == []
    for r in week.results:
        assert (r.intake.activities, r.intake.raw_rows, r.book.sheets, r.changes, r.trend) == ([], [], [], None, None)
