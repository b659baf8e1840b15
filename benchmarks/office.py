"""The office's week at scale: `python benchmarks/office.py [--scale province|national]`.

A province: 78 communes x 30 active directives; national: 3,321 communes x 10; between them, for profiling
before the 36-minute national run, a region: 1,000 communes x 4 (about 2.5 minutes; the same per-commune work
and four directives held at once); small: 20 x 3, for trying the script. Each directive is the
synthetic tracker (the first bundled tracker's tasks, one address per commune, so a commune is one unit
across directives) under its own id, all reading one set of generated workbooks (30 rows a unit). The
whole week runs in a fresh process: checks, history, reports and Word documents per directive, the
portfolio page, the units' pages, the Word report, one message per unit (written to an outbox). Wall
time and peak memory (this process and, separately, the largest child: the forked report writer) are
recorded in benchmarks/results.jsonl, with the CPU time (this process and its children: on a machine
shared with other work the wall time says more about the neighbours); the Sheets requests of one check at each size are counted on the
loopback emulator (benchmarks/run.py's bench_sheets) and multiplied by the directives.

With `--baseline`, the same office is also run the way an office ran it before the week: for each directive, one
after another, the commands a cron job would call (`tracker check -o`, `tracker remind --outbox`, `tracker document
weekly` and `tracker document reminder-letter`), each a fresh process, in a workspace of their own. The week's time is
reported as a ratio to theirs, in the same run.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import RESULTS, bench_sheets, dataset, machine, record, table  # noqa: E402

SCALES = {"small": (20, 3), "province": (78, 30), "region": (1000, 4), "national": (3321, 10)}
ROWS = 30
AS_OF = date(2023, 10, 6)
"""After every part's due date (30/09): every synthetic commune lags in every directive, so each gets one message
of a section per directive (the most a week composes)."""
CAMPAIGN_END = date(2023, 12, 31)
"""The campaign runs on past its parts' due dates, as a year-long directive would: the week writes the weekly
report and the reminder letter, not the final report (written once, the week after a campaign's end)."""
QUOTA_PER_MINUTE = 60


def make_office(units: int, directives: int, folder: Path) -> Path:
    """office.yaml and one tracker YAML per directive; every directive reads the same generated workbooks."""
    from tracker.sample import synthetic_yaml

    source = dataset(units, ROWS)
    (folder / "trackers").mkdir(parents=True, exist_ok=True)
    entries = []
    for k in range(directives):
        tracker_id = f"van-ban-{k + 1:02d}"
        data = yaml.safe_load(synthetic_yaml(units, tracker_id=tracker_id))
        data["campaign"]["end"] = CAMPAIGN_END
        (folder / "trackers" / f"{tracker_id}.yaml").write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        entries.append(f"  - {{tracker: trackers/{tracker_id}.yaml, source: {source}}}")
    (folder / "office.yaml").write_text(
        "id: bench\noffice: {name: Sở Thử nghiệm tỉnh Mẫu, short_name: Sở, staff_emails: [so@example.org]}\n"
        "grace_days: 14\ntrackers:\n" + "\n".join(entries) + "\n", encoding="utf-8")
    return folder


def one_week(folder: Path) -> dict[str, Any]:
    """Run in a child process: the week, timed, with its own peak memory."""
    from tracker.office.week import run_week

    start = time.perf_counter()
    week = run_week(folder, AS_OF, outbox=folder / "outbox")
    seconds = time.perf_counter() - start
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    return {"seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1), "checked": len(week.results),
            "messages": len(week.messages),
            "sections": sum(len(m.sections) for m in week.messages if m.level != "digest"),
            "peak_mib_self": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "peak_mib_child": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)}


BASELINE_COMMANDS = (("check", "-o", "{out}/report"), ("remind", "--outbox", "{out}/outbox"),
                     ("document", "weekly", "-o", "{out}/van-ban"), ("document", "reminder-letter", "-o", "{out}/van-ban"))


def one_by_one(folder: Path) -> dict[str, Any]:
    """The baseline: every directive's commands in fresh processes, one after another; their wall and CPU time
    (children's) and the largest peak memory of any of them."""
    import os

    office = yaml.safe_load((folder / "office.yaml").read_text(encoding="utf-8"))
    tracker_bin = Path(sys.executable).with_name("tracker")
    env = {**os.environ, "TRACKER_WORKSPACE": str(folder / "one-by-one")}
    start = time.perf_counter()
    for entry in office["trackers"]:
        out = folder / "one-by-one" / Path(entry["tracker"]).stem
        for command in BASELINE_COMMANDS:
            args = [a.format(out=out) for a in command]
            subprocess.run([str(tracker_bin), *args[:2 if args[0] == "document" else 1], str(folder / entry["tracker"]),
                            "--source", str(entry["source"]), "--as-of", AS_OF.isoformat(),
                            *args[2 if args[0] == "document" else 1:]],
                           env=env, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"seconds": round(seconds, 1), "cpu_seconds": round(children.ru_utime + children.ru_stime, 1),
            "peak_mib": round(children.ru_maxrss / 1024), "processes": len(office["trackers"]) * len(BASELINE_COMMANDS)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", choices=sorted(SCALES), action="append")
    parser.add_argument("--baseline", action="store_true", help="also run each directive's commands one by one")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--one-by-one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(one_week(args.child)))
        return
    if args.one_by_one:
        print(json.dumps(one_by_one(args.one_by_one)))
        return
    run_id = datetime.now(UTC).isoformat(timespec="seconds")
    rows = []
    requests = {r["units"]: r["requests"] for r in bench_sheets(sorted({SCALES[s][0] for s in args.scale or SCALES}),
                                                                ROWS)}
    for scale in args.scale or ["province", "national"]:
        units, directives = SCALES[scale]
        folder = HERE / "data" / f"office-{scale}"
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
        make_office(units, directives, folder)
        done = subprocess.run([sys.executable, __file__, "--child", str(folder)], capture_output=True, text=True,
                              check=True)
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        week_requests = requests[units] * directives
        row = {"scale": scale, "units": units, "directives": directives, **figures,
               "sheets_requests": week_requests, "quota_minutes": round(week_requests / QUOTA_PER_MINUTE, 1)}
        if args.baseline:
            done = subprocess.run([sys.executable, __file__, "--one-by-one", str(folder)], capture_output=True,
                                  text=True, check=True)
            base = json.loads(done.stdout.strip().splitlines()[-1])
            row.update({"baseline_seconds": base["seconds"], "baseline_cpu_seconds": base["cpu_seconds"],
                        "baseline_peak_mib": base["peak_mib"], "baseline_processes": base["processes"],
                        "ratio_wall": round(figures["seconds"] / base["seconds"], 2),
                        "ratio_cpu": round(figures["cpu_seconds"] / base["cpu_seconds"], 2),
                        "baseline_sheets_requests": week_requests * 4})
        rows.append(row)
    record("office_week", [{**r, **machine()} for r in rows], run_id)
    table(f"The office's week ({run_id}; {RESULTS.name})", rows)


if __name__ == "__main__":
    main()
