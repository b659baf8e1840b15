"""The reports of a check, written together: findings.json, report.xlsx, report.html and one page per unit.

At national scale report.xlsx is written by a forked process while this one writes findings.json and report.html;
then both write the unit pages, a few at a time, whichever is free (`PARALLEL_ABOVE`).
"""

from __future__ import annotations

import logging
import os
import signal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.collector import bulk_allocation
from tracker.errors import OutputError
from tracker.files.atomic import os_reason_vi, remove_leftovers, remove_stale_temporaries, write_chunks
from tracker.forking import may_fork
from tracker.result import CheckResult, findings
from tracker.text import json_chunks

if TYPE_CHECKING:
    from tracker.forking import Shares

log = logging.getLogger("tracker.report")

PARALLEL_ABOVE = 20_000
"""Activities above which report.xlsx is written by a forked process while JSON and HTML are written here."""

PAGES_AT_ONCE = 32
"""Unit pages a process takes at a time when two share them: small enough that neither waits long for the other at
the end, large enough that taking them costs nothing (3,321 pages: 104 draws)."""


def write_reports(result: CheckResult, out_dir: str | Path) -> dict[str, Path]:
    """Write findings.json, report.xlsx and report.html into out_dir; returns their paths."""
    out = Path(out_dir)
    paths = {"json": out / "findings.json", "xlsx": out / "report.xlsx", "html": out / "report.html"}
    try:
        out.mkdir(parents=True, exist_ok=True)
        for folder in (out, out / "units"):  # what a run killed outright left (tracker.report.unit_page.page_path)
            remove_stale_temporaries(folder)
        with bulk_allocation():
            _write_reports(result, paths)
    except OSError as exc:
        raise OutputError(f"cannot write the reports into {out}: {exc.strerror or exc}",
                          vi=f"không ghi được báo cáo vào “{out}”: {os_reason_vi(exc)}") from exc
    return paths


def _write_reports(result: CheckResult, paths: dict[str, Path]) -> None:
    from tracker.report.html import write_html
    from tracker.report.unit_page import write_unit_pages
    from tracker.report.xlsx import write_xlsx

    # The workbook is the slow part at national scale; on a machine with a second core a forked
    # process writes it from the same memory (copy-on-write, nothing pickled) while this one goes on.
    # Only from a process without other threads (tracker.forking.may_fork); there it is written here, in turn.
    if len(result.intake.activities) > PARALLEL_ABOVE and may_fork():
        _write_forked(result, paths)
        return
    write_xlsx(result, paths["xlsx"])
    _write_json(result, paths["json"])
    write_html(result, paths["html"])
    write_unit_pages(result, paths["html"].parent)


def _write_json(result: CheckResult, path: Path) -> None:
    # Indented for a person to read; compact when large, where json's C encoder is five times faster.
    indent = 2 if len(result.intake.activities) <= PARALLEL_ABOVE else None
    # Streamed into the file: built whole, the text and its UTF-8 copy were the national check's peak of memory.
    write_chunks(path, json_chunks(findings(result, lazy=True, encoded=indent is None), indent=indent))


def _write_forked(result: CheckResult, paths: dict[str, Path]) -> None:
    """report.xlsx in a forked child, findings.json and report.html here; then the unit pages by whichever of the
    two is free, a few at a time (tracker.forking.Shares), so neither core waits for the other at the end.

    When the child fails (an error, killed), this process writes what the child had taken, report.xlsx included
    unless the child said it was written: no page is missing, and an error the user must see is raised here."""
    import multiprocessing

    from tracker.forking import Shares
    from tracker.report.html import write_html
    from tracker.report.unit_page import page_path, write_unit_pages
    from tracker.report.xlsx import write_xlsx

    context = multiprocessing.get_context("fork")
    shares = Shares(len(result.tracker.units), PAGES_AT_ONCE)
    xlsx_done = context.RawValue("b", 0)
    child = context.Process(target=_child, args=(result, paths, shares, xlsx_done, os.getpid()))
    # Ctrl-C blocked while the child is forked: it starts with SIGINT blocked, then ignores it (_child); one that
    # came meanwhile reaches this process once unblocked, and stops the child below.
    unblocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        child.start()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, unblocked)
    folder = paths["html"].parent

    def child_leftovers() -> None:
        # A child killed mid-write cannot remove its temporary files; the chunk where the two met may be marked
        # this process's while the child was writing it too (forking.Shares).
        pages = shares.touched(Shares.CHILD)
        remove_leftovers([paths["xlsx"], *(page_path(folder, result.tracker.units[i]) for i in pages)])

    try:
        _write_json(result, paths["json"])
        write_html(result, paths["html"])
        write_unit_pages(result, folder, shares.draw(Shares.PARENT))
        child.join()
    except BaseException:  # a failure here, or Ctrl-C (waiting too): the child stopped, nothing of it left behind
        child.kill()
        child.join()
        child_leftovers()
        raise
    if child.exitcode != 0:
        if child.exitcode is not None and child.exitcode < 0:  # killed (out of memory?): it could say nothing itself
            log.warning("the forked report writer was killed (signal %d); its share is written here", -child.exitcode)
        theirs = shares.drawn(Shares.CHILD)
        child_leftovers()
        write_unit_pages(result, folder, theirs)
        if not xlsx_done.value:
            write_xlsx(result, paths["xlsx"])


def _child(result: CheckResult, paths: dict[str, Path], shares: Shares, xlsx_done: Any, parent: int) -> None:
    from tracker.forking import Shares, die_with_parent
    from tracker.report.unit_page import write_unit_pages
    from tracker.report.xlsx import write_xlsx

    # A terminal's Ctrl-C reaches this process too: the parent decides (it stops this one if it stops itself).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    die_with_parent(parent)
    try:
        write_xlsx(result, paths["xlsx"])
        xlsx_done.value = 1
        write_unit_pages(result, paths["html"].parent, shares.draw(Shares.CHILD))
    except BaseException as exc:  # said once, in English, for the log; the parent redoes the child's share
        log.warning("the forked report writer failed (%s); its share is written in turn", type(exc).__name__)
        raise SystemExit(1) from None
