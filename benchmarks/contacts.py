"""The contacts file at national scale: matching grows with the rows, not with their square (issue 23, item 9).

Builds contacts files of 10,000, 30,000 and 100,000 rows for a 3,321-unit tracker (one row per unit with
two addresses, the rest rows a unit already has or names nobody, as an office's file that grew by
copy-paste does), then times `read_contacts` on each and prints seconds per 10,000 rows: a flat figure
means linear. Appends its figures to benchmarks/results.jsonl. Run: .venv/bin/python benchmarks/contacts.py
"""

from __future__ import annotations

import csv
import json
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from tracker.contacts import read_contacts  # noqa: E402
from tracker.sample import synthetic_tracker  # noqa: E402

RESULTS = HERE / "results.jsonl"
SIZES = (10_000, 30_000, 100_000)
UNITS = 3321


def write_file(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["Mã đơn vị", "Tên đơn vị", "Email đơn vị", "Email lãnh đạo (CC)"])
        for n in range(rows):
            i = n % (UNITS + 50)  # every unit once, then again; 50 codes that name no unit
            out.writerow([f"xa-{i}", f"Xã số {i}", f"vanthu{n}@xa{i}.example.org; ubnd{n}@xa{i}.example.org",
                          f"chutich{n}@xa{i}.example.org"])
    return path


def main() -> None:
    tracker = synthetic_tracker(UNITS)
    run = datetime.now(UTC).isoformat(timespec="seconds")
    figures = []
    with tempfile.TemporaryDirectory() as folder:
        for rows in SIZES:
            path = write_file(Path(folder) / f"danh-ba-{rows}.csv", rows)
            started = time.perf_counter()
            contacts, problems = read_contacts(path, tracker.units)
            seconds = time.perf_counter() - started
            figures.append({"rows": rows, "seconds": round(seconds, 2), "per_10k_rows": round(seconds / rows * 1e4, 3),
                            "units_with_contacts": sum(1 for c in contacts.values() if c.emails),
                            "problems": len(problems)})
    print(f"{'rows':>8}  {'seconds':>8}  {'s per 10k rows':>14}  {'problems':>8}")
    for f in figures:
        print(f"{f['rows']:>8,}  {f['seconds']:>8.2f}  {f['per_10k_rows']:>14.3f}  {f['problems']:>8,}")
    with RESULTS.open("a", encoding="utf-8") as fh:
        for f in figures:
            fh.write(json.dumps({"run": run, "kind": "contacts", "units": UNITS, **f}) + "\n")


if __name__ == "__main__":
    main()
