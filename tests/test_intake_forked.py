"""Intake with a forked child reading the last sheets (issue 29) gives exactly what reading them all here gives."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import tracker.intake as intake_module
from tracker.definition import Tracker, Unit
from tracker.files.cells import RawBook
from tracker.forking import Forked
from tracker.intake import IntakeResult, RawRow, SheetDecisions, intake
from tracker.problems import Problem
from tracker.sources import open_source

AS_OF = date(2023, 8, 18)
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="a fork is POSIX only; elsewhere intake reads in turn")


@pytest.fixture(scope="module")
def book(tracker: Tracker, sample_book: Path) -> RawBook:
    """The sample (rows with every kind of problem), with a stray tab, a unit's second tab and a review-named tab
    among the last sheets, which are the child's share."""
    read = open_source(sample_book, tracker).read(tracker)
    first, last = read.sheets[0], read.sheets[-1]
    extra = [replace(last, name="Trang lạ"), replace(first, name=first.name), replace(last, name="Duyệt")]
    return replace(read, sheets=[*read.sheets[:-1], *extra, last])


def _forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every forked read from now on (the steps given to it), while intake forks for any book."""
    made: list[int] = []

    class Counted(Forked[Any]):
        def __init__(self, fn: Any, tracker: Tracker, steps: list[object], *rest: object) -> None:
            made.append(len(steps))
            super().__init__(fn, tracker, steps, *rest)

    monkeypatch.setattr(intake_module, "Forked", Counted)
    monkeypatch.setattr(intake_module, "FORK_ABOVE", 0)
    monkeypatch.setattr(intake_module, "may_fork", lambda: True)
    return made


def _same(a: IntakeResult, b: IntakeResult) -> None:
    assert a.activities == b.activities
    assert a.problems == b.problems
    assert a.raw_rows == b.raw_rows
    assert a.units == b.units
    assert a.counts == b.counts


def test_a_forked_child_reads_the_last_sheets_to_exactly_the_result_read_in_turn(
        tracker: Tracker, book: RawBook, monkeypatch: pytest.MonkeyPatch) -> None:
    alone = intake(tracker, book, AS_OF)
    made = _forks(monkeypatch)
    forked = intake(tracker, book, AS_OF)
    assert len(made) == 1 and 0 < made[0] < len(book.sheets)
    _same(forked, alone)
    assert len(alone.problems) > 20 and alone.counts.rows_rejected > 0  # the sample's problems were all compared


def test_when_the_child_fails_its_sheets_are_read_here(tracker: Tracker, book: RawBook,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    alone = intake(tracker, book, AS_OF)
    made = _forks(monkeypatch)

    def dies(*args: object) -> object:
        os._exit(3)  # killed mid-way, as by the kernel's out-of-memory killer

    monkeypatch.setattr(intake_module, "_read_steps", dies)
    forked = intake(tracker, book, AS_OF)
    assert made
    _same(forked, alone)


def test_a_child_that_dies_half_way_has_all_its_sheets_read_here_once(tracker: Tracker, book: RawBook,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import tracker.forking as forking

    alone = intake(tracker, book, AS_OF)
    made = _forks(monkeypatch)
    monkeypatch.setattr(forking, "BATCH", 1)  # each sheet its own message: some arrive before the child dies
    real = intake_module._read_steps

    def dies_after_two(*args: object) -> object:
        for i, item in enumerate(real(*args)):  # type: ignore[arg-type]
            if i == 2:
                os._exit(3)
            yield item

    monkeypatch.setattr(intake_module, "_read_steps", dies_after_two)
    forked = intake(tracker, book, AS_OF)
    assert made and made[0] > 3
    _same(forked, alone)


class _Decides:
    """A review with decisions on one unit's rows (and none it cannot place)."""

    def __init__(self, unit: str) -> None:
        self.unit = unit

    def decides(self, unit: str) -> bool:
        return unit == self.unit

    def sheet(self, unit: Unit, sheet: str, listing: Sequence[RawRow]) -> tuple[SheetDecisions, list[Problem]]:
        raise AssertionError("not asked in this test: the child's share is what is checked")

    def unread(self, unit: Unit) -> list[Problem]:
        return []


def test_no_sheet_with_the_provinces_decisions_is_given_to_the_child(tracker: Tracker, book: RawBook,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    made = _forks(monkeypatch)
    steps = intake_module._steps(tracker, book, intake_module._matchers(tracker), intake(tracker, RawBook("x", []),
                                                                                           AS_OF))
    last_unit = next(step[0].id for step in reversed(steps) if isinstance(step, tuple))
    assert intake_module._split(steps, _Decides(last_unit)) == len(steps)
    assert intake_module._split(steps, _Decides("no-such-unit")) < len(steps)
    assert not made


def test_an_error_here_while_the_child_reads_leaves_no_child_behind(tracker: Tracker, book: RawBook,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C or an error in this process's share: the child is stopped and reaped, not left writing to a pipe no
    one reads (for as long as the error is kept: a notebook keeps the last one)."""
    children: list[Forked[Any]] = []

    class Kept(Forked[Any]):
        def __init__(self, *args: Any) -> None:
            super().__init__(*args)
            children.append(self)

    _forks(monkeypatch)
    monkeypatch.setattr(intake_module, "Forked", Kept)

    def endless(*args: object) -> object:
        while True:  # more than a pipe holds: the child waits for a reader
            yield (None, None, [], [], [])

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(intake_module, "_read_steps", endless)
    monkeypatch.setattr(intake_module, "_take_steps", interrupted)
    with pytest.raises(KeyboardInterrupt):
        intake(tracker, book, AS_OF)
    assert len(children) == 1
    child = children[0]._child
    try:
        child.join(timeout=10)
        assert child.exitcode is not None
    finally:
        if child.is_alive():
            child.kill()
            child.join()


def _read_in_worker(tracker: Tracker, book: RawBook) -> IntakeResult:
    return intake(tracker, book, AS_OF)


def test_a_daemonic_process_reads_in_turn_since_it_may_not_fork(tracker: Tracker, book: RawBook,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A script's multiprocessing.Pool worker (a daemonic process, which may have no child) checking a directive:
    the book is read there in turn, as any book is where a fork is not possible."""
    import multiprocessing

    alone = intake(tracker, book, AS_OF)
    monkeypatch.setattr(intake_module, "FORK_ABOVE", 0)  # the worker is forked from here: it sees this too
    with multiprocessing.get_context("fork").Pool(1) as pool:
        read = pool.apply(_read_in_worker, (tracker, book))
    _same(read, alone)
