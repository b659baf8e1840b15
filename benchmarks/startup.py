"""Start-up of the command line: `tracker --help` in a fresh process, against the same of --baseline-ref.

`python benchmarks/startup.py --baseline-ref main` (`--repeat 11`): each side in turn, round after round; wall and
CPU seconds (the CPU time a process used is steadier than its wall time on a shared machine), medians, and the
median ratio of the two sides in the same round. Appends to benchmarks/results.jsonl (`kind: startup`).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import RESULTS, machine, median, source_tree  # noqa: E402

TRACKER = Path(sys.executable).with_name("tracker")
GOAL_S = 0.15


def once(args: list[str], pythonpath: str | None) -> tuple[float, float]:
    """(wall, CPU) seconds of one fresh `tracker <args>`."""
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([str(TRACKER), *args], env=env, stdout=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--baseline-ref", default="main")
    parser.add_argument("--args", default="--help", help="the command line measured (split on spaces)")
    args = parser.parse_args()
    old_src = source_tree(args.baseline_ref)
    command = args.args.split()
    ours, old = [], []
    for _ in range(args.repeat):
        old.append(once(command, old_src))
        ours.append(once(command, None))
    row: dict[str, Any] = {
        "command": f"tracker {args.args}", "rounds": args.repeat, "wall_s": median([w for w, _ in ours]),
        "cpu_s": median([c for _, c in ours]), "baseline_ref": args.baseline_ref,
        "baseline_ref_wall_s": median([w for w, _ in old]), "baseline_ref_cpu_s": median([c for _, c in old]),
        "cpu_ratio_to_baseline_ref": median([a[1] / b[1] for a, b in zip(ours, old, strict=True)]),
        "goal": f"< {GOAL_S} s", "met_cpu": median([c for _, c in ours]) < GOAL_S}
    print(json.dumps(row, indent=1))
    run_id = datetime.now(UTC).isoformat(timespec="seconds")
    with RESULTS.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"run": run_id, "kind": "startup", **row, **machine()}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
