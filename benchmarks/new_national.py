"""A national campaign from the registry, end to end: `tracker new --province all`, its entry workbook, a check.

Outside the test suite (the workbook of 3,321 tabs takes minutes to write): `python benchmarks/new_national.py`.
Prints the seconds of each step and appends them to benchmarks/results.jsonl.
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from tracker.authoring.scaffold import build, write_new_tracker
from tracker.check import check
from tracker.definition import load_tracker
from tracker.entry_workbook import write_template
from tracker.sources import XlsxSource

RESULTS = Path(__file__).resolve().parent / "results.jsonl"


def main() -> int:
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        scaffold = build("all", "toan-quoc", "Thử toàn quốc", out=folder / "toan-quoc.yaml")
        path = write_new_tracker(scaffold, folder / "toan-quoc.yaml")
        figures["new_s"] = time.perf_counter() - start
        start = time.perf_counter()
        tracker = load_tracker(path)
        figures["load_s"] = time.perf_counter() - start
        start = time.perf_counter()
        workbook = write_template(tracker, folder / "mau.xlsx")
        figures["template_s"] = time.perf_counter() - start
        start = time.perf_counter()
        result = check(tracker, XlsxSource([workbook]), date.today())
        figures["check_s"] = time.perf_counter() - start
        units, books = len(tracker.units), len(tracker.spreadsheets)
        problems = len(result.problems)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{units} units over {books} spreadsheets; problems in the empty workbook: {problems}")
    for name, seconds in figures.items():
        print(f"  {name:<12} {seconds:8.1f} s")
    print(f"  peak memory  {peak:8.0f} MiB")
    with RESULTS.open("a", encoding="utf-8") as f:
        f.write(json.dumps({"benchmark": "new_national", "at": datetime.now(UTC).isoformat(timespec="seconds"),
                            "units": units, "spreadsheets": books, "peak_mib": round(peak),
                            **{k: round(v, 2) for k, v in figures.items()}}) + "\n")
    return 0 if units == 3321 and problems == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
