"""findings.json's activities encoded ahead (issue 29): at national scale a forked child encodes them from the end of
intake, while the check evaluates with the other core idle, and the reports copy its bytes. The file is exactly the
one encoded in turn, and a child that fails, or a list changed since, leaves the encoding to the reports."""

from __future__ import annotations

import io
import multiprocessing
import os
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import IO

import pytest

from tracker import forking
from tracker import result as result_module
from tracker.check import CheckResult, check
from tracker.definition import Tracker
from tracker.intake import Activity
from tracker.report import write as report_writer
from tracker.report.write import write_reports
from tracker.result import ActivitiesAhead
from tracker.sources import open_source
from tracker.text import JsonEncoded, json_chunks, json_spliced, json_text

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="a fork is POSIX only; elsewhere none is ahead")

UNSAFE = "Nội dung\x85có ký tự lạ\x9f, \ud800 một nửa cặp, \ufffe và \x7f"
"""What json's encoder leaves and findings.json must not hold: NEL, a C1 control, a lone surrogate, U+FFFE, DEL."""


@pytest.fixture(scope="module")
def result(tracker: Tracker, sample_book: Path) -> CheckResult:
    """The sample's check, one activity's content given every character findings.json replaces or drops."""
    checked = check(tracker, open_source(sample_book, tracker), date(2023, 8, 18))
    activities = list(checked.intake.activities)
    activities[1] = replace(activities[1], content=UNSAFE, note="ghi chú\x80")
    return replace(checked, intake=replace(checked.intake, activities=activities))


def _findings(result: CheckResult, folder: Path) -> bytes:
    """findings.json as the reports write it at national scale (compact), in turn."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(report_writer, "PARALLEL_ABOVE", 0)
        patch.setattr(report_writer, "may_fork", lambda: False)
        return write_reports(result, folder)["json"].read_bytes()


def test_activities_encoded_ahead_give_findings_json_byte_for_byte(result: CheckResult, tmp_path: Path) -> None:
    in_turn = _findings(result, tmp_path / "in-turn")
    ahead = ActivitiesAhead(result.intake.activities)
    assert _findings(replace(result, activities_ahead=ahead), tmp_path / "ahead") == in_turn
    assert ahead.text(result.intake.activities) is not None  # the child's text was there to copy
    assert b"\\n" in in_turn and "\ufffd".encode() in in_turn and b"\xc2\x85" not in in_turn


def test_the_check_encodes_activities_ahead_above_its_threshold(
        tracker: Tracker, sample_book: Path, result: CheckResult, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(result_module, "AHEAD_ABOVE", 0)
    monkeypatch.setattr(forking, "may_fork", lambda: True)  # a test runner's worker has threads of its own
    checked = check(tracker, open_source(sample_book, tracker), date(2023, 8, 18))
    assert checked.activities_ahead is not None
    plain = replace(checked, activities_ahead=None)
    assert _findings(checked, tmp_path / "ahead") == _findings(plain, tmp_path / "in-turn")


def test_an_encoder_that_fails_leaves_the_activities_to_the_reports(
        result: CheckResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(out: IO[bytes], activities: list[Activity]) -> None:
        out.write(b"[half")
        raise RuntimeError("the child's own failure")

    monkeypatch.setattr(result_module, "write_activities_json", failing)
    ahead = ActivitiesAhead(result.intake.activities)
    assert ahead.text(result.intake.activities) is None
    in_turn = _findings(result, tmp_path / "in-turn")
    assert _findings(replace(result, activities_ahead=ahead), tmp_path / "ahead") == in_turn


def test_activities_changed_since_are_encoded_by_the_reports(result: CheckResult, tmp_path: Path) -> None:
    ahead = ActivitiesAhead(result.intake.activities)
    fewer = result.intake.activities[:-1]
    assert ahead.text(list(result.intake.activities)) is None  # another list, even with the same items
    changed = replace(result, intake=replace(result.intake, activities=fewer), activities_ahead=ahead)
    assert _findings(changed, tmp_path / "ahead") == _findings(replace(changed, activities_ahead=None),
                                                              tmp_path / "in-turn")


def test_an_encoder_whose_result_is_dropped_unread_is_stopped(
        result: CheckResult, monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(out: IO[bytes], activities: list[Activity]) -> None:
        time.sleep(60)

    monkeypatch.setattr(result_module, "write_activities_json", slow)
    before = set(multiprocessing.active_children())
    ahead = ActivitiesAhead(result.intake.activities)
    started = set(multiprocessing.active_children()) - before
    assert len(started) == 1
    del ahead
    child = started.pop()
    assert child.exitcode is not None and child.exitcode < 0  # killed and reaped, not left to run its minute


def test_encoded_json_is_spliced_where_its_value_would_be_written() -> None:
    value = {"a": [1, "x"], "b": [{"c": "\x85"}, 2], "d": "e"}
    encoded = JsonEncoded(io.BytesIO(json_text(value["b"]).encode()))
    pieces = list(json_spliced({**value, "b": encoded}))
    assert encoded.file in pieces
    text = "".join(p if isinstance(p, str) else p.read().decode() for p in pieces)
    assert text == json_text(value)
    with pytest.raises(TypeError):
        list(json_chunks({"b": JsonEncoded(io.BytesIO(b"[]"))}))
    with pytest.raises(ValueError):
        list(json_spliced({"b": JsonEncoded(io.BytesIO(b"[]"))}, indent=2))


def test_a_check_that_cannot_make_the_temporary_file_encodes_in_the_reports(
        tracker: Tracker, sample_book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    monkeypatch.setattr(result_module, "AHEAD_ABOVE", 0)
    monkeypatch.setattr(forking, "may_fork", lambda: True)  # a test runner's worker has threads of its own
    with pytest.MonkeyPatch.context() as patch:  # TMPDIR names a folder that is not there, while the check runs
        patch.setattr(tempfile, "tempdir", str(tmp_path / "gone"))
        checked = check(tracker, open_source(sample_book, tracker), date(2023, 8, 18))
    assert checked.activities_ahead is None
    assert _findings(checked, tmp_path / "out") == _findings(replace(checked, activities_ahead=None), tmp_path / "turn")


def test_the_report_writer_is_forked_once_the_activities_child_has_ended(
        result: CheckResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_encoder, real_forked = result_module.write_activities_json, report_writer._write_forked

    def slow(out: IO[bytes], activities: list[Activity]) -> None:
        time.sleep(0.5)
        real_encoder(out, activities)

    monkeypatch.setattr(result_module, "write_activities_json", slow)
    before = set(multiprocessing.active_children())
    ahead = ActivitiesAhead(result.intake.activities)
    alive_at_fork: list[set[multiprocessing.process.BaseProcess]] = []

    def noted(checked: CheckResult, paths: dict[str, Path]) -> None:
        alive_at_fork.append(set(multiprocessing.active_children()) - before)
        real_forked(checked, paths)

    monkeypatch.setattr(report_writer, "_write_forked", noted)
    monkeypatch.setattr(report_writer, "PARALLEL_ABOVE", 0)
    monkeypatch.setattr(report_writer, "may_fork", lambda: True)
    paths = write_reports(replace(result, activities_ahead=ahead), tmp_path / "out")
    assert alive_at_fork == [set()]  # its copied pages and the writer's are never held at once
    assert paths["json"].read_bytes() == _findings(result, tmp_path / "in-turn")
