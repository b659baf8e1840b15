"""Benchmarks at national scale, outside the test suite: `make bench` (or `python benchmarks/run.py`).

Measures, in one run, and prints a table for each, appending every figure to benchmarks/results.jsonl:
1. the whole check (read, validate, evaluate, write the three reports and the unit pages) for 20 and 700 units
   of 60 rows (and 3,321 with --national): its time as a ratio to pandas + openpyxl merely reading the same
   workbooks in the same round, each in a fresh process, in turn (and the check of --baseline-ref, for a
   before/after ratio); the peak memory of its whole process tree;
2. the project's .xlsx reader against pandas.read_excel(engine="openpyxl") on the same file;
3. Google Sheets requests per check through the emulator (one spreadsheet per 200 units);
4. e-mails per second to a loopback SMTP server: the project's sender (one connection) against a
   connection per message.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import smtplib
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import unit_rows, write_workbooks  # noqa: E402

from tracker.sample import synthetic_tracker  # noqa: E402

DATA = HERE / "data"
RESULTS = HERE / "results.jsonl"
AS_OF = date(2023, 8, 18)
TARGET_RATIO, TARGET_MIB = 0.3, 1024
"""Issue 29: the whole check at most 0.3 times a plain pandas + openpyxl read, at most 1 GiB for every process."""


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor()
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory_gib": round(mem, 1), "python": platform.python_version(),
            "system": platform.platform()}


def record(kind: str, rows: list[dict[str, Any]], run_id: str) -> None:
    with RESULTS.open("a", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps({"run": run_id, "kind": kind, **row}, ensure_ascii=False) + "\n")


def table(title: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    cols = list(rows[0])
    widths = [max(len(c), *(len(_fmt(r[c])) for r in rows)) for c in cols]
    print(f"\n{title}")
    print("  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)))
    for r in rows:
        print("  ".join(_fmt(r[c]).ljust(w) for c, w in zip(cols, widths, strict=True)))


def _fmt(v: Any) -> str:
    return f"{v:.2f}" if isinstance(v, float) else str(v)


def dataset(units: int, rows: int) -> Path:
    folder = DATA / f"u{units}-r{rows}"
    if not (folder / ".done").exists():
        print(f"generating {units} units x {rows} rows ...", flush=True)
        write_workbooks(synthetic_tracker(units), rows, folder)
        (folder / ".done").write_text("ok")
    definition_file(units)
    return folder


def definition_file(units: int) -> Path:
    """The synthetic tracker as the YAML file an office keeps (its directive's text by its full path): the check
    loads it as `tracker check` does. Made from the text synthetic_tracker parses, once per size."""
    import yaml

    from tracker.definition import bundled_tracker_path
    from tracker.sample import synthetic_yaml

    path = DATA / f"tracker-{units}.yaml"
    if not path.exists():
        data = yaml.safe_load(synthetic_yaml(units))
        text_file = data.get("directive", {}).get("text_file")
        if text_file:
            data["directive"]["text_file"] = str(bundled_tracker_path().parent / text_file)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


CHILD = """
import json, resource, sys, time
t0 = time.perf_counter()
sys.path.insert(0, {here!r})
from datetime import date
from pathlib import Path
from tracker.check import check
try:
    from tracker.report.write import write_reports
except ImportError:  # a baseline ref from before the report writers left check.py
    from tracker.check import write_reports
from tracker.definition import load_tracker
from tracker.sources import open_source
t1 = time.perf_counter()
tracker = load_tracker({definition!r})  # as `tracker check` loads it (it once timed making the YAML text too)
t2 = time.perf_counter()
result = check(tracker, open_source(Path({folder!r}), tracker), date(2023, 8, 18))
t3 = time.perf_counter()
write_reports(result, Path({out!r}))
t4 = time.perf_counter()
cpu = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
print(json.dumps({{"imports_s": t1 - t0, "definition_s": t2 - t1, "check_s": t3 - t2, "reports_s": t4 - t3,
                  "cpu_s": sum(u.ru_utime + u.ru_stime for u in cpu),
                  "rows_read": result.intake.counts.rows_read, "rows_rejected": result.intake.counts.rows_rejected,
                  "peak_mib_self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "peak_mib_child": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}}))
"""

PLAIN_READ = """
import json, resource, sys, time
from pathlib import Path
import pandas as pd
t0 = time.perf_counter()
cells = 0
for path in sorted(Path({folder!r}).glob("*.xlsx")):
    for frame in pd.read_excel(path, sheet_name=None, header=None, engine="openpyxl").values():
        cells += frame.size
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({{"read_s": time.perf_counter() - t0, "cells": cells, "cpu_s": usage.ru_utime + usage.ru_stime,
                  "peak_mib_self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""
"""The baseline of the whole check: pandas + openpyxl merely reading the same workbooks (issue 29)."""


def tree_memory_mib(pid: int, proportional: bool = True) -> tuple[float, float]:
    """(resident, proportional) memory of a process and all its descendants now, from /proc; 0 where none.

    Resident sizes count a forked child's copy-on-write pages in both processes (an upper bound); proportional
    sizes (PSS) share each page among the processes that map it, so their sum is the memory they hold together.
    The proportional size is costly: the kernel walks every page of the process to answer (about 18 ms of CPU
    for a 700 MiB process), so `proportional=False` reads only the resident size (0.05 ms) and gives 0 for it."""
    rss = pss = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            rss += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
            if proportional:
                rollup = Path(f"/proc/{p}/smaps_rollup").read_text()
                pss += int(next(line.split()[1] for line in rollup.splitlines() if line.startswith("Pss:")))
            for task in Path(f"/proc/{p}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, StopIteration, ValueError):
            continue
    return rss / 1024, pss / 1024


def fresh(code: str, pythonpath: str | None = None, proportional: bool = False) -> dict[str, Any]:
    """Run `code` in a fresh interpreter; its last line of JSON, with its wall time and the largest memory its
    process tree held at once (sampled every 20 ms).

    Only a round with `proportional` samples the proportional size (PSS). Sampling it for a check of 3,321 units
    took about 30 ms of kernel time per sample, the better part of a core: on a two-core machine it slowed the
    check, which uses both cores, and not the plain read, which uses one. So timed rounds sample the resident
    size alone, and the memory goal is measured in a round of its own whose time is not counted."""
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath + os.pathsep + env.get("PYTHONPATH", "")
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)
    peak = peak_pss = 0.0
    while proc.poll() is None:
        rss, pss = tree_memory_mib(proc.pid, proportional)
        peak, peak_pss = max(peak, rss), max(peak_pss, pss)
        time.sleep(0.02)
    stdout, stderr = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark child failed ({proc.returncode}):\n{stderr[-3000:]}")
    data: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    data["wall_s"] = time.perf_counter() - start
    data["peak_mib_tree"] = peak
    data["peak_mib_tree_pss"] = peak_pss
    return data


def median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def source_tree(ref: str) -> str:
    """The src folder of git ref `ref` of this repository, extracted once into the system's temporary folder
    (outside the repository, where the linters and the type checker would read it)."""
    commit = subprocess.run(["git", "rev-parse", "--short", ref], cwd=HERE, capture_output=True, text=True,
                            check=True).stdout.strip()
    folder = Path(tempfile.gettempdir()) / f"tracker-bench-src-{commit}"
    if not (folder / ".done").exists():
        folder.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", commit, "src"], cwd=HERE.parent, capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
        (folder / ".done").write_text(commit)
    return str(folder / "src")


def bench_check(sizes: list[int], rows: int, repeat: int, baseline_ref: str | None = None) -> list[dict[str, Any]]:
    """Each size `repeat` rounds; a round runs, each in a fresh process and in turn, pandas + openpyxl reading the
    same workbooks (the baseline), the check, and the check of `baseline_ref` when given (before/after). Every
    figure is a median over the rounds, and the check's time a ratio against the baseline of the same run, so
    a busy neighbour on this shared machine slows both sides alike. Memory is the largest the check's whole process
    tree (the forked report.xlsx writer included) held at once, sampled: resident (shared copy-on-write pages
    counted in each process) and proportional (counted once; the goal's figure, the largest of `repeat` more rounds
    per side whose time is not counted, since sampling it costs a core), and each process's own peak."""
    out = []
    old_src = source_tree(baseline_ref) if baseline_ref else None
    for units in sizes:
        folder = dataset(units, rows)
        code = CHILD.format(here=str(HERE), definition=str(definition_file(units)), folder=str(folder),
                            out=str(DATA / f"out-{units}"))
        plain_code = PLAIN_READ.format(folder=str(folder))
        plain, ours, old = [], [], []
        for _ in range(repeat):
            plain.append(fresh(plain_code))
            ours.append(fresh(code))
            if old_src:
                old.append(fresh(code, old_src))
        # The memory goal's figure, in rounds of their own: sampling it costs the check a core (see `fresh`). Each
        # sample takes tens of milliseconds, so a peak held briefly can fall between two: the largest of `repeat`.
        memory = {"": max((fresh(code, proportional=True) for _ in range(repeat)), key=lambda r: r["peak_mib_tree_pss"])}
        if old_src:
            memory["baseline_ref_"] = max((fresh(code, old_src, proportional=True) for _ in range(repeat)),
                                          key=lambda r: r["peak_mib_tree_pss"])
        row: dict[str, Any] = {"units": units, "rows": ours[0]["rows_read"], "rounds": repeat}
        for label, runs in (("", ours), ("baseline_ref_", old)):
            if not runs:
                continue
            whole = [r["definition_s"] + r["check_s"] + r["reports_s"] for r in runs]
            row |= {f"{label}definition_s": median([r["definition_s"] for r in runs]),
                    f"{label}check_s": median([r["check_s"] for r in runs]),
                    f"{label}reports_s": median([r["reports_s"] for r in runs]),
                    f"{label}whole_s": median(whole),
                    f"{label}process_wall_s": median([r["wall_s"] for r in runs]),
                    f"{label}ratio_to_plain_read": median([w / p["read_s"] for w, p in zip(whole, plain, strict=True)]),
                    f"{label}cpu_s": median([r["cpu_s"] for r in runs]),
                    f"{label}cpu_ratio_to_plain_read": median([r["cpu_s"] / p["cpu_s"]
                                                               for r, p in zip(runs, plain, strict=True)]),
                    f"{label}peak_mib_tree": round(max(r["peak_mib_tree"] for r in runs)),
                    f"{label}peak_mib_tree_pss": round(memory[label]["peak_mib_tree_pss"]),
                    f"{label}memory_round_whole_s": (memory[label]["definition_s"] + memory[label]["check_s"]
                                                     + memory[label]["reports_s"]),
                    f"{label}peak_mib_self": round(max(r["peak_mib_self"] for r in runs)),
                    f"{label}peak_mib_child": round(max(r["peak_mib_child"] for r in runs))}
        row["plain_read_s"] = median([p["read_s"] for p in plain])
        row["plain_read_cpu_s"] = median([p["cpu_s"] for p in plain])
        if old:
            row["baseline_ref"] = baseline_ref
            row["whole_vs_baseline_ref"] = median([(a["definition_s"] + a["check_s"] + a["reports_s"])
                                                   / (b["definition_s"] + b["check_s"] + b["reports_s"])
                                                   for a, b in zip(ours, old, strict=True)])
        row["target"] = f"<= {TARGET_RATIO}x plain read, <= {TARGET_MIB} MiB all processes"
        row["met"] = row["ratio_to_plain_read"] <= TARGET_RATIO and row["peak_mib_tree_pss"] <= TARGET_MIB
        out.append(row)
    return out


def bench_reader(units: int, rows: int) -> list[dict[str, Any]]:
    import pandas as pd

    from tracker.files.tables import read_workbook

    path = sorted(dataset(units, rows).glob("*.xlsx"))[0]
    best_ours = best_pandas = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        sheets = read_workbook(path)
        best_ours = min(best_ours, time.perf_counter() - start)
        start = time.perf_counter()
        frames = pd.read_excel(path, sheet_name=None, header=None, engine="openpyxl")
        best_pandas = min(best_pandas, time.perf_counter() - start)
    assert len(sheets) == len(frames)
    cells = sum(len(r) for s in sheets for r in s.rows)
    return [{"file": path.name, "sheets": len(sheets), "cells": cells, "tracker_reader_s": best_ours,
             "pandas_openpyxl_s": best_pandas, "speedup": best_pandas / best_ours, "target": ">= 8x",
             "met": best_pandas / best_ours >= 8}]


def bench_sheets(sizes: list[int], rows: int) -> list[dict[str, Any]]:
    import random

    from tracker.check import check
    from tracker.sources import open_source
    from tracker.testing.sheets_emulator import DateCell, SheetsEmulator

    out = []
    emulator = SheetsEmulator()
    os.environ["SHEETS_EMULATOR_HOST"] = emulator.start()
    try:
        for units in sizes:
            tracker = synthetic_tracker(units)
            header = [c.header for c in tracker.columns]
            rng = random.Random(units)
            keys = set()
            for unit in tracker.units:
                key = tracker.spreadsheet_of(unit).key or ""
                keys.add(key)
                book = emulator.books.get(key) or emulator.create(key=key)
                sheet = book.add_sheet(unit.sheet)
                sheet.rows = [["Tiêu đề"], header] + [
                    [DateCell.of(v) if isinstance(v, date) else v for v in row] for row in unit_rows(rng, rows)]
            emulator.log.clear()
            start = time.perf_counter()
            result = check(tracker, open_source("gsheets", tracker), AS_OF)
            elapsed = time.perf_counter() - start
            per = [emulator.requests_for(k) for k in sorted(keys)]
            out.append({"units": units, "spreadsheets": len(keys), "requests": len(emulator.log),
                        "max_per_spreadsheet": max(per), "rows_read": result.intake.counts.rows_read,
                        "seconds": elapsed, "target": "<= 2 per spreadsheet", "met": max(per) <= 2})
            emulator.books.clear()
    finally:
        emulator.stop()
        os.environ.pop("SHEETS_EMULATOR_HOST", None)
    return out


def bench_mail(messages: int) -> list[dict[str, Any]]:
    """Plain SMTP and STARTTLS (as a real server would ask), each against a connection per message."""
    import socket
    import ssl

    import trustme
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import SMTP, Envelope, Session

    from tracker.check import check
    from tracker.definition import bundled_tracker_path, load_tracker
    from tracker.delivery import Ledger, SmtpSettings, deliver
    from tracker.notices import Notice, compose_notices
    from tracker.sample import build_demo_workbook
    from tracker.sources import open_source

    class Sink:
        async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
            return "250 OK"

    tracker = load_tracker(bundled_tracker_path())
    result = check(tracker, open_source(build_demo_workbook(tracker, DATA / "demo.xlsx"), tracker), AS_OF)
    base = next(n for n in compose_notices(result, report_xlsx=b"x") if n.level != "digest")
    ca = trustme.CA()
    out = []
    for security in ("none", "starttls"):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server_ctx = None
        client_ctx = ssl.create_default_context()
        ca.configure_trust(client_ctx)
        if security == "starttls":
            server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            ca.issue_cert("127.0.0.1").configure_cert(server_ctx)
        controller = Controller(Sink(), hostname="127.0.0.1", port=port, tls_context=server_ctx,
                                require_starttls=security == "starttls")
        controller.start()
        try:
            notices = [Notice(base.tracker, f"{security}-{i}", base.check_date, "reminder", base.to, (), base.subject,
                              base.text, base.html) for i in range(messages)]
            settings = SmtpSettings(host="127.0.0.1", port=port, security=security,
                                    sender="ttbcxb@example.org", ssl_context=client_ctx)
            ledger_path = DATA / f"bench-ledger-{security}.sqlite"
            ledger_path.unlink(missing_ok=True)
            start = time.perf_counter()
            with Ledger(ledger_path) as ledger:
                report = deliver(notices, settings, ledger, rate_per_minute=10**9)
            ours = time.perf_counter() - start
            assert len(report.sent) == messages, report.failed
            start = time.perf_counter()
            for n in notices:
                with smtplib.SMTP("127.0.0.1", port) as smtp:
                    if security == "starttls":
                        smtp.starttls(context=client_ctx)
                    smtp.send_message(n.to_message(settings.sender))
            baseline = time.perf_counter() - start
        finally:
            controller.stop()
        out.append({"security": security, "messages": messages, "tracker_per_s": messages / ours,
                    "connection_per_message_per_s": messages / baseline, "ratio": baseline / ours,
                    "note": "tracker's figure includes two durable SQLite ledger writes per message"})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="20,700", help="units of each whole-check size (default: a few minutes)")
    parser.add_argument("--national", action="store_true", help="add the national size, 3,321 units (about "
                        "10 minutes more: the plain read alone takes 25 s a round)")
    parser.add_argument("--rows", type=int, default=60)
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3, help="rounds of each whole-check size (medians reported)")
    parser.add_argument("--baseline-ref", help="a git ref (main, a commit) whose check also runs in every round, "
                        "for a before/after ratio in the same run")
    parser.add_argument("--only", default="check,reader,sheets,mail")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")] + ([3321] if args.national else [])
    only = set(args.only.split(","))
    DATA.mkdir(exist_ok=True)
    run_id = datetime.now(UTC).isoformat(timespec="seconds")
    info = machine()
    print(f"run {run_id} on {info}")
    record("machine", [info], run_id)
    if "check" in only:
        rows = bench_check(sizes, args.rows, args.repeat, args.baseline_ref)
        table("Whole check (read, validate, evaluate, write report.xlsx, report.html, findings.json)", rows)
        record("check", rows, run_id)
    if "reader" in only:
        rows = bench_reader(min(700, max(sizes)), args.rows)
        table(".xlsx reader: tracker (python-calamine) vs pandas.read_excel(engine='openpyxl')", rows)
        record("reader", rows, run_id)
    if "sheets" in only:
        rows = bench_sheets(sizes, args.rows)
        table("Google Sheets requests per check (emulator, 200 tabs per spreadsheet)", rows)
        record("sheets", rows, run_id)
    if "mail" in only:
        rows = bench_mail(args.messages)
        table("E-mails per second to a loopback SMTP server", rows)
        record("mail", rows, run_id)
    _ = resource  # peak memory is measured in each child process


if __name__ == "__main__":
    main()
