"""The "worth a look" list at national scale, outside the test suite: `python benchmarks/lookout.py`.

Checks the synthetic national workbooks (3,321 communes x 30 rows by default: ~100k rows, the shape of
benchmarks/generate.py, whose links are Facebook posts), stores the check in a fresh history as of
28/07, then checks again as of 18/08 with 1% of the rows edited, and times tracker.review.lookout.worth_a_look
without history, with history, and with this check stored too (as the notebook has it: the rows' digests
are read, not computed). Prints a table and appends the figures to benchmarks/results.jsonl.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import write_workbooks  # noqa: E402

from tracker.check import check  # noqa: E402
from tracker.intake import RawRow  # noqa: E402
from tracker.review.lookout import worth_a_look  # noqa: E402
from tracker.sample import synthetic_tracker  # noqa: E402
from tracker.sources import XlsxSource  # noqa: E402
from tracker.storage.history import History  # noqa: E402

RESULTS = HERE / "results.jsonl"


def _edited(row: RawRow) -> RawRow:
    cells = tuple((k, f"{v} (đã sửa)" if k == "content" else v) for k, v in row.cells)
    return replace(row, cells=cells)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=3321)
    parser.add_argument("--rows", type=int, default=30)
    args = parser.parse_args()
    tracker = synthetic_tracker(args.units)
    with tempfile.TemporaryDirectory() as tmp:
        books = write_workbooks(tracker, args.rows, Path(tmp) / "books")
        first = check(tracker, XlsxSource(books), date(2023, 7, 28))
        later = check(tracker, XlsxSource(books), date(2023, 8, 18))
        raw = [(_edited(r) if i % 100 == 0 else r) for i, r in enumerate(later.intake.raw_rows)]
        later = replace(later, intake=replace(later.intake, raw_rows=raw))
        t0 = time.perf_counter()
        plain = worth_a_look(later)
        without = time.perf_counter() - t0
        with History(Path(tmp) / "history.sqlite") as h:
            h.record(first)
            t0 = time.perf_counter()
            full = worth_a_look(later, h)
            with_history = time.perf_counter() - t0
            stored = h.record_check(later)  # as the notebook has it: this check stored too
            t0 = time.perf_counter()
            again = worth_a_look(stored, h)
            stored_seconds = time.perf_counter() - t0
    kinds = Counter(str(lead.kind) for lead in full)
    activities = len(later.intake.activities)
    print("| units | activities | without history | with history | with history, this check stored | leads by kind |")
    print("| ---: | ---: | ---: | ---: | ---: | --- |")
    print(f"| {args.units:,} | {activities:,} | {without:.2f} s | {with_history:.2f} s | {stored_seconds:.2f} s | "
          f"{', '.join(f'{k}: {n:,}' for k, n in sorted(kinds.items()))} |")
    assert len(plain) <= len(full) and again == full
    with RESULTS.open("a", encoding="utf-8") as f:
        f.write(json.dumps({"run": datetime.now(UTC).isoformat(timespec="seconds"), "kind": "lookout",
                            "units": args.units, "activities": activities, "seconds_without_history": without,
                            "seconds_with_history": with_history, "seconds_with_history_stored": stored_seconds,
                            "leads": dict(kinds)}) + "\n")


if __name__ == "__main__":
    main()
