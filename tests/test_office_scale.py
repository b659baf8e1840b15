"""The office's week at national scale (docs/benchmarks.md, "The office's week"): what it holds of each directive
once that directive's own run is done, and how it writes the outbox of 3,322 messages."""

from __future__ import annotations

import email
import email.policy
import gc
import weakref
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from test_office import AS_OF, office_dir, sources  # noqa: F401  (fixtures used by name)

import tracker.office.week as week_module
from tracker.files import atomic
from tracker.intake import Activity
from tracker.notices import Notice, write_outbox
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
    # What the week keeps is a summary: findings and documents refuse it rather than say the check had no activities,
    # changes or history (found by the review: the notebook's weekly document said "no history" of a week's result).
    from tracker.errors import TrackerError
    from tracker.result import findings, findings_model

    for make in (findings, findings_model):
        with pytest.raises(TrackerError) as refused:
            make(week.results[0])
        assert "tóm tắt lần kiểm tra" in (refused.value.vi or "")


def test_the_outbox_is_written_message_by_message_whole_and_its_folder_synced_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not synced after each message: a national week's 3,322 waited 29 s on it. Two messages whose names would be
    one file (the same unit, date and level; units whose ids read alike in a file name) get a file each."""
    synced: list[Path] = []
    monkeypatch.setattr(atomic, "_fsync_folder", synced.append)
    notices = [Notice("t", f"xa-{i % 40}", AS_OF, "reminder", (f"xa{i % 40}@example.org",), (), f"Thư {i} — nhắc",
                      f"Kính gửi xã {i}", f"<p>Kính gửi xã {i}</p>") for i in range(41)]
    notices += [Notice("t", unit, AS_OF, "reminder", ("x@example.org",), (), f"Thư {unit}", unit, f"<p>{unit}</p>")
                for unit in ("xa-an.binh", "xa-an_binh", "xa-0-2")]
    paths = write_outbox(notices, tmp_path / "outbox")
    assert synced == [tmp_path / "outbox"]
    assert [p.name for p in paths[40:]] == [f"{AS_OF}-reminder-xa-0-2.eml", f"{AS_OF}-reminder-xa-an-binh.eml",
                                            f"{AS_OF}-reminder-xa-an-binh-2.eml", f"{AS_OF}-reminder-xa-0-2-2.eml"]
    assert sorted(p.name for p in (tmp_path / "outbox").iterdir()) == sorted(p.name for p in paths)
    read = {p.name: email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in paths}
    assert [(str(read[p.name]["Subject"]), read[p.name].get_body(("plain",)).get_content().strip())  # type: ignore[union-attr]
            for p in paths] == [*((f"Thư {i} — nhắc", f"Kính gửi xã {i}") for i in range(41)),
                                *((f"Thư {u}", u) for u in ("xa-an.binh", "xa-an_binh", "xa-0-2"))]
