"""The national check's reports written by two processes (issue 29): report.xlsx by a forked child while this
process writes findings.json and report.html, then the unit pages by whichever is free. The files are exactly those
written in turn, and a child that fails or dies leaves nothing missing."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tracker.check import CheckResult, check
from tracker.definition import Tracker
from tracker.forking import Shares
from tracker.report import unit_page, xlsx
from tracker.report import write as report_writer
from tracker.report.write import write_reports
from tracker.sources import open_source

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="a fork is POSIX only; elsewhere reports are in turn")


@pytest.fixture(scope="module")
def result(tracker: Tracker, sample_book: Path) -> CheckResult:
    return check(tracker, open_source(sample_book, tracker), date(2023, 8, 18))


@pytest.fixture(scope="module")
def in_turn(result: CheckResult, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The files of a national-sized check written in turn (findings.json compact, as at that size)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(report_writer, "PARALLEL_ABOVE", 0)
        patch.setattr(report_writer, "may_fork", lambda: False)
        return _files(write_reports(result, tmp_path_factory.mktemp("in-turn"))["json"].parent)


def _files(folder: Path) -> dict[str, bytes]:
    """Every file written, by its path in the folder; report.xlsx without its creation time."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            found[str(path.relative_to(folder))] = xlsx_parts(path) if path.suffix == ".xlsx" else path.read_bytes()
    return found


def xlsx_parts(path: Path) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as package:
        return b"".join(package.read(n) for n in package.namelist() if n != "docProps/core.xml")


def _forked(monkeypatch: pytest.MonkeyPatch, slow: float = 0.2) -> None:
    """Reports forked for any check from now on, the pages taken one at a time, this process slow at its pages so
    that the child, once report.xlsx is written, takes some too."""
    monkeypatch.setattr(report_writer, "PARALLEL_ABOVE", 0)
    monkeypatch.setattr(report_writer, "PAGES_AT_ONCE", 1)
    monkeypatch.setattr(report_writer, "may_fork", lambda: True)
    parent, real = os.getpid(), unit_page.unit_context

    def slow_here(result: CheckResult, unit: Any) -> dict[str, Any]:
        if not _in_child(parent):
            time.sleep(slow)
        return real(result, unit)

    monkeypatch.setattr(unit_page, "unit_context", slow_here)


def _in_child(parent: int) -> bool:
    return os.getpid() != parent


def test_pages_shared_by_two_processes_are_exactly_those_written_in_turn(
        result: CheckResult, in_turn: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _forked(monkeypatch)
    writers = tmp_path / "writers"
    writers.mkdir()
    real = unit_page.unit_context

    def noted(result: CheckResult, unit: Any) -> dict[str, Any]:
        (writers / f"{os.getpid()}-{unit.id}").touch()  # which process made which page
        return real(result, unit)

    monkeypatch.setattr(unit_page, "unit_context", noted)
    out = tmp_path / "out"
    write_reports(result, out)
    assert _files(out) == in_turn
    made = [p.name.split("-", 1)[1] for p in writers.iterdir()]
    assert set(made) == {u.id for u in result.tracker.units}  # every page made
    assert len(made) - len(set(made)) <= 1  # once, but the one chunk (a page here) where the two walks met
    assert len({p.name.split("-", 1)[0] for p in writers.iterdir()}) == 2  # and both processes made some
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_a_child_that_fails_leaves_its_share_to_this_process_and_nothing_missing(
        result: CheckResult, in_turn: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _forked(monkeypatch, slow=0)  # the child fails at once: nothing to wait for
    parent, real = os.getpid(), xlsx.write_xlsx

    def failing(result: CheckResult, path: Path) -> Path:
        if _in_child(parent):
            raise OSError(28, "No space left on device")
        return real(result, path)

    monkeypatch.setattr(xlsx, "write_xlsx", failing)
    out = tmp_path / "out"
    write_reports(result, out)
    assert _files(out) == in_turn


def test_a_child_killed_half_way_through_its_pages_leaves_them_to_this_process(
        result: CheckResult, in_turn: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _forked(monkeypatch)
    parent, real = os.getpid(), unit_page.unit_context
    drawn, died = tmp_path / "drawn", tmp_path / "died"

    def dying(result: CheckResult, unit: Any) -> dict[str, Any]:
        if _in_child(parent):
            if drawn.exists():
                died.touch()
                os._exit(9)  # the second page the child takes: killed with its first made, this one not
            drawn.touch()
        return real(result, unit)

    monkeypatch.setattr(unit_page, "unit_context", dying)
    out = tmp_path / "out"
    write_reports(result, out)
    assert died.exists()
    assert _files(out) == in_turn


def _walk(shares: Shares, who: int) -> list[int]:
    taken = []
    for item in shares.draw(who):
        taken.append(item)
        time.sleep(0.0005)  # an item's work: long enough for the other process to draw meanwhile
    return taken


def test_shares_deal_every_item_to_a_parent_and_its_child_at_most_one_chunk_to_both() -> None:
    both = 0
    for _ in range(10):
        shares = Shares(103, chunk=4)
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(reader)
            os.write(writer, ",".join(map(str, _walk(shares, Shares.CHILD))).encode())
            os._exit(0)
        os.close(writer)
        mine = _walk(shares, Shares.PARENT)
        with os.fdopen(reader) as fh:
            theirs = [int(x) for x in fh.read().split(",") if x]
        os.waitpid(pid, 0)
        assert set(mine) | set(theirs) == set(range(103))  # nothing missed
        assert len(set(mine) & set(theirs)) <= 4  # at most the chunk where they met, done twice
        assert set(shares.drawn(Shares.PARENT)) | set(shares.drawn(Shares.CHILD)) == set(range(103))
        assert list(shares.draw(Shares.PARENT)) == [] == list(shares.draw(Shares.CHILD))  # nothing left for anyone
        both += bool(mine) and bool(theirs)
    assert both  # the two did share the work


def test_shares_left_to_one_process_give_it_every_item_once() -> None:
    shares = Shares(10, chunk=3)
    assert list(shares.draw(Shares.PARENT)) == list(range(10))
    assert list(shares.draw(Shares.CHILD)) == []
    assert shares.drawn(Shares.PARENT) == list(range(10)) and shares.drawn(Shares.CHILD) == []


@pytest.mark.parametrize("stop", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_this_process_failing_or_interrupted_leaves_no_temporary_file_of_the_child(
        result: CheckResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stop: BaseException) -> None:
    """The child is killed half-way through report.xlsx when this process fails (a full disk) or is interrupted
    (Ctrl-C): the temporary file it was writing goes too, and the error is this process's."""
    from tracker.files.atomic import replacing
    from tracker.report import html

    _forked(monkeypatch, slow=0)
    parent, begun = os.getpid(), tmp_path / "begun"

    def stuck(result: CheckResult, path: Path) -> Path:
        if _in_child(parent):
            with replacing(path) as temporary:
                temporary.write_bytes(b"half a workbook")
                begun.touch()
                time.sleep(120)  # killed here
        return path

    def failing(result: CheckResult, path: Path) -> Path:
        for _ in range(3000):  # the child is inside report.xlsx (at most 30 s)
            if begun.exists():
                break
            time.sleep(0.01)
        raise stop

    monkeypatch.setattr(xlsx, "write_xlsx", stuck)
    monkeypatch.setattr(html, "write_html", failing)
    out = tmp_path / "out"
    with pytest.raises(Exception if isinstance(stop, OSError) else KeyboardInterrupt):
        write_reports(result, out)
    assert begun.exists()
    assert sorted(p.name for p in out.rglob("*") if p.name.endswith(".tmp")) == []


def test_shares_touched_adds_the_chunk_where_the_two_walks_met() -> None:
    shares = Shares(10, chunk=2)
    child = shares.draw(Shares.CHILD)
    assert [next(child) for _ in range(4)] == [8, 9, 6, 7]  # the child is writing chunk 3 (items 6, 7)
    assert list(shares.draw(Shares.PARENT)) == [0, 1, 2, 3, 4, 5]  # the parent stops at the child's mark
    assert shares.touched(Shares.CHILD) == [4, 5, 6, 7, 8, 9]  # chunk 2 too: the child may have been writing it
    assert shares.touched(Shares.PARENT) == [0, 1, 2, 3, 4, 5, 6, 7]
    assert Shares(4, chunk=2).touched(Shares.CHILD) == []  # nothing drawn by anyone: nothing touched


def test_leftovers_removed_are_the_temporary_files_of_the_paths_named_only(tmp_path: Path) -> None:
    from tracker.files.atomic import remove_leftovers

    names = [".a.html.0123456789ab.tmp", ".b.html.0123456789ab.tmp", ".a.html.tmp", "a.html", ".a.html.0123.tmp",
             ".report.xlsx.fedcba987654.tmp"]
    for name in names:
        (tmp_path / name).touch()
    remove_leftovers([tmp_path / "a.html", tmp_path / "report.xlsx", tmp_path / "missing" / "c.html"])
    assert sorted(p.name for p in tmp_path.iterdir()) == [".a.html.0123.tmp", ".a.html.tmp", ".b.html.0123456789ab.tmp",
                                                         "a.html"]


def test_a_ctrl_c_reaching_the_child_is_left_to_this_process(
        result: CheckResult, in_turn: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A terminal's Ctrl-C goes to both processes: the child does not stop on it (nor logs an English line promising
    its share 'written in turn' just as this process stops); this process alone decides, here not stopped."""
    import signal

    _forked(monkeypatch)
    parent, real_xlsx, real_page = os.getpid(), xlsx.write_xlsx, unit_page.unit_context
    writers = tmp_path / "writers"
    writers.mkdir()

    def interrupted(result: CheckResult, path: Path) -> Path:
        if _in_child(parent):
            os.kill(os.getpid(), signal.SIGINT)
        return real_xlsx(result, path)

    def noted(result: CheckResult, unit: Any) -> dict[str, Any]:
        (writers / f"{os.getpid()}-{unit.id}").touch()
        return real_page(result, unit)

    monkeypatch.setattr(xlsx, "write_xlsx", interrupted)
    monkeypatch.setattr(unit_page, "unit_context", noted)
    out = tmp_path / "out"
    write_reports(result, out)
    assert _files(out) == in_turn
    assert len({p.name.split("-", 1)[0] for p in writers.iterdir()}) == 2  # the child went on to its pages


def test_a_ctrl_c_while_this_process_waits_for_the_child_stops_the_child(
        result: CheckResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import signal
    import threading

    from tracker.files.atomic import replacing

    _forked(monkeypatch, slow=0)
    parent, real = os.getpid(), unit_page.write_unit_pages

    def stuck(result: CheckResult, path: Path) -> Path:
        if _in_child(parent):
            with replacing(path) as temporary:
                temporary.write_bytes(b"half a workbook")
                time.sleep(120)  # killed here
        return path

    timer = threading.Timer(0.3, os.kill, (parent, signal.SIGINT))  # not SIGALRM: pytest-timeout's

    def then_interrupted(*args: Any) -> list[Path]:
        written = real(*args)
        if not _in_child(parent):
            timer.start()  # Ctrl-C once this process is waiting for the child
        return written

    monkeypatch.setattr(xlsx, "write_xlsx", stuck)
    monkeypatch.setattr(unit_page, "write_unit_pages", then_interrupted)
    out = tmp_path / "out"
    try:
        with pytest.raises(KeyboardInterrupt):
            write_reports(result, out)
    finally:
        timer.cancel()
    assert sorted(p.name for p in out.rglob("*") if p.name.endswith(".tmp")) == []


def test_a_child_killed_by_a_signal_is_said_in_the_log(
        result: CheckResult, in_turn: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    """Killed (the kernel's out-of-memory killer sends SIGKILL), the child cannot say so itself: this process does."""
    import signal

    _forked(monkeypatch, slow=0)
    parent, real = os.getpid(), xlsx.write_xlsx

    def killed(result: CheckResult, path: Path) -> Path:
        if _in_child(parent):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(result, path)

    monkeypatch.setattr(xlsx, "write_xlsx", killed)
    out = tmp_path / "out"
    with caplog.at_level("WARNING", logger="tracker.report"):
        write_reports(result, out)
    assert _files(out) == in_turn
    assert [r.getMessage() for r in caplog.records if r.name == "tracker.report"] == [
        "the forked report writer was killed (signal 9); its share is written here"]


PARENT_THEN_CHILD = """
import multiprocessing, os, sys, time
from tracker.forking import die_with_parent

def child(parent):
    die_with_parent(parent)
    print(os.getpid(), flush=True)
    time.sleep(120)

process = multiprocessing.get_context("fork").Process(target=child, args=(os.getpid(),))
process.start()
time.sleep(120)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # a zombie has ended; only its exit status waits to be read


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_forked_writer_ends_when_its_parent_is_killed_outright() -> None:
    # A parent killed by SIGKILL (the out-of-memory killer) cannot stop its child, which would go on writing into the
    # reports folder while the next run writes there too: the child is killed with it.
    import signal
    import subprocess
    import sys

    parent = subprocess.Popen([sys.executable, "-c", PARENT_THEN_CHILD], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    assert _alive(child)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = _alive(child)
    if alive:
        os.kill(child, signal.SIGKILL)
    assert not alive


def test_temporary_files_a_killed_run_left_are_removed_by_the_next_after_an_hour(result: CheckResult,
                                                                                   tmp_path: Path) -> None:
    # A run killed outright cannot remove its own half-written files (tens of megabytes at national scale); the next
    # run removes those untouched for an hour, never a younger one, which may be another run's at work.
    out = tmp_path / "bao-cao"
    (out / "units").mkdir(parents=True)
    old = [out / ".report.xlsx.0123456789ab.tmp", out / "units" / ".xa-a.html.ba9876543210.tmp"]
    kept = [out / ".findings.json.fedcba987654.tmp", out / ".ghi-chu.tmp", out / "units" / "ghi-chu.txt"]
    for path in old + kept:
        path.write_bytes(b"x" * 10)
    hours_ago = time.time() - 2 * 3600
    for path in [*old, *kept[1:]]:
        os.utime(path, (hours_ago, hours_ago))
    write_reports(result, out)
    assert [p.exists() for p in old] == [False, False]
    assert [p.exists() for p in kept] == [True, True, True]
