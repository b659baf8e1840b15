"""A national campaign on Google Sheets within Google's limits: provisioning, sharing, and the weekly check with
write-back, for 3,321 communes over spreadsheets of at most 200 tabs, through the contract emulator.

Outside the test suite (a few minutes): `python benchmarks/sheets_google.py [--units 3321] [--rows 20]`.
Each spreadsheet is made by a person and shared with the service account (docs/google-sheets.md, steps
4-6), then provisioned with --share; every unit types `rows` rows; two checks with write-back follow. The
emulator refuses whatever Google would (shapes, grids, 10 million cells, 50,000 characters a cell, 8 KB
URLs, 10 MB bodies, protections, quotas): a run that ends has stayed within them. Prints, per phase, the
requests by kind, the requests per spreadsheet, the largest body and URL, the cells of the largest
spreadsheet, and the minutes Google's quota of 60 read and 60 write requests per minute per user needs;
appends them to benchmarks/results.jsonl.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.jsonl"
AS_OF = date(2023, 8, 18)


def phase(name: str, calls: list[Any], started: float, books: int, biggest_cells: int) -> dict[str, Any]:
    kinds = Counter(c.method for c in calls)
    reads = sum(n for k, n in kinds.items() if k.startswith("sheets.") and k.endswith((".get", ".batchGet")))
    writes = sum(n for k, n in kinds.items() if k.startswith("sheets.")) - reads
    drive = sum(n for k, n in kinds.items() if k.startswith("drive."))
    refused = sum(1 for c in calls if c.status != 200)
    return {"phase": name, "seconds": round(time.perf_counter() - started, 1), "spreadsheets": books,
            "sheets_reads": reads, "sheets_writes": writes, "drive": drive,
            "per_spreadsheet": round((reads + writes) / books, 2), "refused": refused,
            "largest_body_kb": round(max((c.body_bytes for c in calls), default=0) / 1024, 1),
            "longest_url": max((c.url_length for c in calls), default=0),
            "quota_minutes": max(math.ceil(reads / 60), math.ceil(writes / 60)),
            "largest_spreadsheet_cells": biggest_cells, "kinds": dict(kinds)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=3321)
    parser.add_argument("--rows", type=int, default=20)
    args = parser.parse_args()

    from tracker.check import check
    from tracker.sample import synthetic_tracker
    from tracker.sheets_write import provision, write_back
    from tracker.sources.gsheets import GSheetsSource, RetryPolicy
    from tracker.testing.sheets_emulator import DateCell, SheetsEmulator

    emulator = SheetsEmulator()
    os.environ["SHEETS_EMULATOR_HOST"] = emulator.start()
    # One minute of quota passes for every 60 s of the run's clock; the run is measured, not slowed down:
    # the emulator counts per real minute, and the report says how many minutes the quota needs.
    emulator.quota_per_minute = 10**9
    policy = RetryPolicy(timeout=300, deadline=900)
    tracker = synthetic_tracker(args.units, key_prefix="NATION")
    keys = sorted({s.key or "" for s in tracker.spreadsheets})
    rows: list[dict[str, Any]] = []

    def biggest() -> int:
        return max(emulator.books[k].cells() for k in keys)

    started = time.perf_counter()
    for key in keys:
        emulator.create(f"Toàn quốc {key}", key=key, locale="en_US")  # made by a person, shared with the tool
        provision(tracker, "Toàn quốc", key=key, share=True, policy=policy)
    rows.append(phase("provision + share", list(emulator.calls), started, len(keys), biggest()))

    for i, unit in enumerate(tracker.units):  # the units type their rows
        tab = emulator.books[tracker.spreadsheet_of(unit).key or ""].sheet(unit.sheet)
        assert tab is not None
        tab.rows += [[r + 1, DateCell.of(date(2023, 7, 1 + (i + r) % 28)), "1" if r % 7 else "9",
                      "Hội nghị, tọa đàm", f"Tuyên truyền lần {r + 1}", "Nhân dân", 50 + r]
                     for r in range(args.rows)]
    for week in (1, 2):
        emulator.calls.clear()
        started = time.perf_counter()
        source = GSheetsSource(tracker, GSheetsSource.from_spec("gsheets", tracker).keys, policy=policy)
        result = check(tracker, source, AS_OF)
        write_back(result, policy=policy, source=source)
        rows.append(phase(f"check + write-back, week {week}", list(emulator.calls), started, len(keys), biggest()))
    emulator.stop()

    run_id = datetime.now(UTC).isoformat(timespec="seconds")
    with RESULTS.open("a", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps({"run": run_id, "kind": "sheets_google", "units": args.units, "rows": args.rows, **row},
                                ensure_ascii=False) + "\n")
    cols = ["phase", "spreadsheets", "sheets_reads", "sheets_writes", "drive", "per_spreadsheet", "refused",
            "largest_body_kb", "longest_url", "largest_spreadsheet_cells", "quota_minutes", "seconds"]
    print(f"{args.units} units, {args.rows} rows each, run {run_id}")
    print(" | ".join(cols))
    for row in rows:
        print(" | ".join(str(row[c]) for c in cols))
    return 0


if __name__ == "__main__":
    sys.exit(main())
