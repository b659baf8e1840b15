"""A sample office to try the week on: the bundled trackers, each with its sample workbook as source."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from tracker.definition import bundled_tracker_ids, bundled_tracker_path, load_tracker
from tracker.sample import build_demo_workbook, load_sample
from tracker.weekly import OFFICE_FILE


def demo_office(folder: str | Path) -> tuple[Path, date]:
    """Write folder/office.yaml and the samples as sources (kept if already there); returns the folder and
    the latest sample's date, when every bundled directive has its own state: active, or archived."""
    folder = Path(folder)
    (folder / "nguon").mkdir(parents=True, exist_ok=True)
    entries, days = [], []
    for tracker_id in bundled_tracker_ids():
        t = load_tracker(bundled_tracker_path(tracker_id))
        sample = load_sample(t)
        source = folder / "nguon" / f"{t.id}.xlsx"
        if not source.exists():
            build_demo_workbook(t, source, sample)
        entries.append({"tracker": t.id, "source": f"nguon/{source.name}"})
        days.append(sample.as_of)
        office = t.province
    data = {"id": "co-quan-mau", "office": office.model_dump(exclude_defaults=True), "grace_days": 14,
            "trackers": entries}
    (folder / OFFICE_FILE).write_text("# A sample office (tracker.office.demo): the bundled trackers.\n"
                                      + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder, max(days)
