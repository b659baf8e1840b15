"""The intake stage alone (raw sheets -> activities and problems), old code against new, with its profile.

`python benchmarks/intake_speed.py --units 700 --repeat 3 --baseline-ref main [--profile]`: the workbooks of
`run.py`'s dataset are read once per process; intake then runs `--best-of` times and the best time counts.
Each side runs in a fresh process, in turn, `--repeat` rounds; medians are printed. Wall and CPU seconds both: on this shared machine the CPU time is the steadier. `--profile` prints the
cProfile of one intake of the current code (the functions by their own time), which is what motivates a change.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import AS_OF, dataset, fresh, source_tree  # noqa: E402

CHILD = """
import cProfile, json, pstats, sys, time
sys.path.insert(0, {here!r})
from datetime import date
from pathlib import Path
from tracker.intake import intake
from tracker.sample import synthetic_tracker
from tracker.sources import open_source
tracker = synthetic_tracker({units})
book = open_source(Path({folder!r}), tracker).read(tracker, None)
times, cpu = [], []
for _ in range({best_of}):
    t0, c0 = time.perf_counter(), time.process_time()
    result = intake(tracker, book, date.fromisoformat({as_of!r}))
    times.append(time.perf_counter() - t0)
    cpu.append(time.process_time() - c0)
if {profile!r}:
    profiler = cProfile.Profile()
    profiler.enable()
    intake(tracker, book, date.fromisoformat({as_of!r}))
    profiler.disable()
    pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(18)
print(json.dumps({{"intake_s": min(times), "intake_cpu_s": min(cpu), "rows": result.counts.rows_read, "counted": result.counts.rows_counted,
                  "problems": len(result.problems)}}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=700)
    parser.add_argument("--rows", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--best-of", type=int, default=3)
    parser.add_argument("--baseline-ref", default=None)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    folder = dataset(args.units, args.rows)

    def code(profile: bool) -> str:
        return CHILD.format(here=str(HERE), units=args.units, folder=str(folder), best_of=args.best_of,
                            as_of=AS_OF.isoformat(), profile=profile)

    if args.profile:
        import subprocess

        subprocess.run([sys.executable, "-c", code(True)], check=True)
    old_src = source_tree(args.baseline_ref) if args.baseline_ref else None
    ours, old = [], []
    for _ in range(args.repeat):
        ours.append(fresh(code(False)))
        if old_src:
            old.append(fresh(code(False), old_src))
    row = {"units": args.units, "rows": ours[0]["rows"], "rounds": args.repeat,
           "intake_s": statistics.median(r["intake_s"] for r in ours),
           "intake_cpu_s": statistics.median(r["intake_cpu_s"] for r in ours)}
    if old:
        assert [(r["rows"], r["counted"], r["problems"]) for r in old] == [
            (r["rows"], r["counted"], r["problems"]) for r in ours], "the two sides read the rows differently"
        row |= {"baseline_ref": args.baseline_ref, "baseline_intake_s": statistics.median(r["intake_s"] for r in old),
                "baseline_intake_cpu_s": statistics.median(r["intake_cpu_s"] for r in old),
                "ratio": statistics.median(a["intake_s"] / b["intake_s"] for a, b in zip(ours, old, strict=True)),
                "cpu_ratio": statistics.median(a["intake_cpu_s"] / b["intake_cpu_s"]
                                               for a, b in zip(ours, old, strict=True))}
    print(json.dumps(row))


if __name__ == "__main__":
    main()
