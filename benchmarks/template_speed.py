"""The entry workbook (`tracker template`) for many units against a plain xlsxwriter writer of the same sheets.

`python benchmarks/template_speed.py` (`--units 300 --repeat 3`; `--national` for 3,321 units, about 5 minutes;
`--baseline-ref main` adds the template writer of another git ref). Each side runs in a fresh process, in turn,
round after round; the figure is the median ratio of `write_template` to the xlsxwriter writer of the same
round, which writes what a unit sheet holds: the title (merged), the header (filled, bordered), 25 ruled rows,
column widths and styles, the date, list and whole-number validations over 500 rows, frozen panes, sheet
protection, print titles, the hidden lists sheet with its defined names, and the instructions. Appends to
benchmarks/results.jsonl (`kind: template`).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import DATA, RESULTS, fresh, machine, median, source_tree  # noqa: E402

OURS = """
import json, resource, sys, time
from pathlib import Path
from tracker.sample import synthetic_tracker
from tracker.entry_workbook import write_template
tracker = synthetic_tracker({units})
t0 = time.perf_counter()
write_template(tracker, Path({out!r}))
print(json.dumps({{"seconds": time.perf_counter() - t0,
                  "peak_mib_self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""

PLAIN = """
import json, resource, sys, time
from pathlib import Path
import xlsxwriter
from tracker.sample import synthetic_tracker
from tracker.entry_workbook import (DATA_ROWS, FIRST_DATA_ROW, HEADER_ROW, INSTRUCTIONS_SHEET, LISTS_SHEET, RULED_ROWS,
                              entry_layout, instructions, unit_title)
tracker = synthetic_tracker({units})
t0 = time.perf_counter()
layout = entry_layout(tracker)
wb = xlsxwriter.Workbook({out!r})
head = wb.add_format({{"bold": True, "font_color": "#FFFFFF", "bg_color": "#1F4E79", "text_wrap": True,
                      "align": "center", "valign": "vcenter", "border": 1, "border_color": "#A6A6A6"}})
title = wb.add_format({{"bold": True, "font_size": 14, "font_color": "#1F4E79"}})
open_cell = wb.add_format({{"locked": False, "text_wrap": True, "valign": "top"}})
ruled = wb.add_format({{"locked": False, "text_wrap": True, "valign": "top", "border": 1, "border_color": "#A6A6A6"}})
ruled_date = wb.add_format({{"locked": False, "text_wrap": True, "valign": "top", "border": 1,
                            "border_color": "#A6A6A6", "num_format": "DD/MM/YYYY"}})
wrap = wb.add_format({{"text_wrap": True, "valign": "top"}})
guide = wb.add_worksheet(INSTRUCTIONS_SHEET)
guide.set_column(0, 0, 78)
for i, (style, text) in enumerate(instructions(tracker)):
    guide.write_string(i, 0, text, title if style == "title" else wrap)
keys = [c.key for c in tracker.columns]
end = FIRST_DATA_ROW + DATA_ROWS - 2
start, stop = tracker.campaign.start, tracker.campaign.end
for unit in tracker.units:
    ws = wb.add_worksheet(unit.sheet)
    ws.merge_range(0, 0, 0, len(keys) - 1, unit_title(tracker, unit), title)
    ws.set_row(0, 24)
    ws.set_row(1, 36)
    for col, (header, width) in enumerate(zip(layout.headers, layout.widths)):
        ws.write_string(HEADER_ROW - 1, col, header, head)
        ws.set_column(col, col, width, open_cell)
        for row in range(FIRST_DATA_ROW - 1, FIRST_DATA_ROW - 1 + RULED_ROWS):
            ws.write_blank(row, col, None, ruled_date if keys[col] == "date" else ruled)
    ws.data_validation(FIRST_DATA_ROW - 1, keys.index("date"), end, keys.index("date"),
                       {{"validate": "date", "criteria": "between", "minimum": start, "maximum": stop,
                        "error_title": "Ngày không hợp lệ", "error_message": "Nhập ngày trong đợt."}})
    for key, name in (("task", "DM_NhiemVu"), ("form", "DM_HinhThuc"), ("audience", "DM_DoiTuong")):
        col = keys.index(key)
        ws.data_validation(FIRST_DATA_ROW - 1, col, end, col, {{"validate": "list", "source": "=" + name,
                                                                "error_type": "warning"}})
    for key in ("participants", "quantity"):
        if key in keys:
            col = keys.index(key)
            ws.data_validation(FIRST_DATA_ROW - 1, col, end, col, {{"validate": "integer", "criteria": ">=",
                                                                    "value": 0}})
    ws.freeze_panes(FIRST_DATA_ROW - 1, 0)
    ws.protect("", {{"format_columns": True, "format_rows": True}})
    ws.repeat_rows(HEADER_ROW - 1)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
lists = wb.add_worksheet(LISTS_SHEET)
for col, (name, values) in enumerate((("DM_NhiemVu", layout.task_options), ("DM_HinhThuc", layout.form_options),
                                      ("DM_DoiTuong", layout.audience_options))):
    for row, value in enumerate(values):
        lists.write_string(row, col, value)
    letter = "ABC"[col]
    wb.define_name(name, f"='{{LISTS_SHEET}}'!${{letter}}$1:${{letter}}${{len(values)}}")
lists.hide()
wb.close()
print(json.dumps({{"seconds": time.perf_counter() - t0,
                  "peak_mib_self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def bench_template(units: int, repeat: int, baseline_ref: str | None) -> dict[str, Any]:
    old_src = source_tree(baseline_ref) if baseline_ref else None
    out = DATA / f"template-{units}"
    out.mkdir(parents=True, exist_ok=True)
    ours, plain, old = [], [], []
    for _ in range(repeat):
        plain.append(fresh(PLAIN.format(units=units, out=str(out / "plain.xlsx"))))
        ours.append(fresh(OURS.format(units=units, out=str(out / "ours.xlsx"))))
        if old_src:
            old.append(fresh(OURS.format(units=units, out=str(out / "old.xlsx")), old_src))
    row: dict[str, Any] = {
        "units": units, "rounds": repeat, "tracker_s": median([r["seconds"] for r in ours]),
        "xlsxwriter_s": median([r["seconds"] for r in plain]),
        "ratio_to_xlsxwriter": median([a["seconds"] / b["seconds"] for a, b in zip(ours, plain, strict=True)]),
        "peak_mib": round(max(r["peak_mib_tree"] for r in ours)),
        "xlsxwriter_peak_mib": round(max(r["peak_mib_tree"] for r in plain))}
    if old:
        row |= {"baseline_ref": baseline_ref, "baseline_ref_s": median([r["seconds"] for r in old]),
                "baseline_ref_ratio_to_xlsxwriter": median([a["seconds"] / b["seconds"]
                                                            for a, b in zip(old, plain, strict=True)]),
                "baseline_ref_peak_mib": round(max(r["peak_mib_tree"] for r in old))}
    row |= {"target": "<= 2x xlsxwriter", "met": row["ratio_to_xlsxwriter"] <= 2}
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--national", action="store_true", help="3,321 units")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline-ref", help="a git ref whose write_template also runs in every round")
    args = parser.parse_args()
    run_id = datetime.now(UTC).isoformat(timespec="seconds")
    row = bench_template(3321 if args.national else args.units, args.repeat, args.baseline_ref)
    print(json.dumps(row, ensure_ascii=False, indent=1))
    with RESULTS.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"run": run_id, "kind": "template", **row, **machine()}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
