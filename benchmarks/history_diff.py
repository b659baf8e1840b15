"""History diff at scale, outside the test suite: `python benchmarks/history_diff.py [--rows 1000,10000]`.

One tab whose every row was re-worded between two checks (a word changed in each content), the worst
case for pairing vanished rows with new ones: every row is both vanished and new. Prints the time of
tracker.storage.history.diff_rows for each size and checks that every row was paired as edited.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from tracker.rowid import row_digest, row_identity
from tracker.storage.history import StoredRow, diff_rows

RESULTS = Path(__file__).resolve().parent / "results.jsonl"
TASKS = ("1", "2a", "2b", "3")
WORDS = ("hội nghị", "phát thanh", "tin bài", "pano áp phích", "tờ rơi", "sân khấu hóa", "chuyên mục", "tọa đàm")


def _row(unit: str, row: int, values: dict[str, str]) -> StoredRow:
    return StoredRow(unit, "Tab", row, row_identity(unit, values), row_digest(values), values, True)


def snapshots(rows: int) -> tuple[list[StoredRow], list[StoredRow]]:
    before, after = [], []
    start = date(2023, 7, 1)
    for i in range(rows):
        day = (start + timedelta(days=i % 92)).strftime("%d/%m/%Y")
        task = TASKS[i % len(TASKS)]
        content = (f"Tổ chức {WORDS[i % len(WORDS)]} tuyên truyền phòng, chống mua bán người tại thôn {i}, "
                   f"xã {i // 50}, cho {20 + i % 300} người")
        old = {"stt": str(i + 1), "date": day, "task": task, "content": content}
        new = {**old, "content": content.replace("Tổ chức", "Đã tổ chức").replace("tại thôn", "ở thôn")}
        before.append(_row("xa-1", i + 3, old))
        after.append(_row("xa-1", i + 3, new))
    return before, after


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", default="1000,10000")
    args = parser.parse_args()
    run = datetime.now(UTC).isoformat(timespec="seconds")
    print("| edited rows | diff time | paired as edited |\n| ---: | ---: | ---: |")
    for n in (int(x) for x in args.rows.split(",")):
        before, after = snapshots(n)
        t0 = time.perf_counter()
        changes = diff_rows(before, after)
        seconds = time.perf_counter() - t0
        print(f"| {n:,} | {seconds:.2f} s | {len(changes['edited']):,} |")
        with RESULTS.open("a", encoding="utf-8") as f:
            f.write(json.dumps({"run": run, "kind": "history-diff", "edited_rows": n, "seconds": seconds,
                                "paired": len(changes["edited"]), "new": len(changes["new"]),
                                "deleted": len(changes["deleted"])}) + "\n")


if __name__ == "__main__":
    main()
