"""The reports of a check, written together: findings.json, report.xlsx, report.html and one page per unit.

At national scale report.xlsx is written by a forked process while this one writes the rest (`PARALLEL_ABOVE`).
"""

from __future__ import annotations

from pathlib import Path

from tracker.check import bulk_allocation
from tracker.errors import OutputError, TrackerError
from tracker.files.atomic import os_reason_vi, write_chunks
from tracker.forking import may_fork
from tracker.result import CheckResult, findings
from tracker.text import json_chunks

PARALLEL_ABOVE = 20_000
"""Activities above which report.xlsx is written by a forked process while JSON and HTML are written here."""


def write_reports(result: CheckResult, out_dir: str | Path) -> dict[str, Path]:
    """Write findings.json, report.xlsx and report.html into out_dir; returns their paths."""
    out = Path(out_dir)
    paths = {"json": out / "findings.json", "xlsx": out / "report.xlsx", "html": out / "report.html"}
    try:
        out.mkdir(parents=True, exist_ok=True)
        with bulk_allocation():
            _write_reports(result, paths)
    except OSError as exc:
        raise OutputError(f"cannot write the reports into {out}: {exc.strerror or exc}",
                          vi=f"không ghi được báo cáo vào “{out}”: {os_reason_vi(exc)}") from exc
    return paths


def _write_reports(result: CheckResult, paths: dict[str, Path]) -> None:
    import multiprocessing

    from tracker.report.html import write_html
    from tracker.report.unit_page import write_unit_pages
    from tracker.report.xlsx import write_xlsx

    child = None
    # The workbook is the slow part at national scale; on a machine with a second core a forked
    # process writes it from the same memory (copy-on-write, nothing pickled) while this one goes on.
    # Only from a process without other threads (tracker.forking.may_fork); there it is written here, in turn.
    if len(result.intake.activities) > PARALLEL_ABOVE and may_fork():
        child = multiprocessing.get_context("fork").Process(target=write_xlsx, args=(result, paths["xlsx"]))
        child.start()
    else:
        write_xlsx(result, paths["xlsx"])
    # Indented for a person to read; compact when large, where json's C encoder is five times faster.
    indent = 2 if len(result.intake.activities) <= PARALLEL_ABOVE else None
    # Streamed into the file: built whole, the text and its UTF-8 copy were the national check's peak of memory.
    write_chunks(paths["json"], json_chunks(findings(result, lazy=True), indent=indent))
    write_html(result, paths["html"])
    write_unit_pages(result, paths["html"].parent)
    if child is not None:
        child.join()
        if child.exitcode != 0:
            raise TrackerError(f"report.xlsx could not be written (writer exited with {child.exitcode})")
