"""Outputs asked for where nothing can be written: one Vietnamese line naming the file, never the English of the
log after "Lỗi:" (a read-only disk, a path through a file, a full disk all end here)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tracker.check import check
from tracker.cli import app
from tracker.definition import Tracker, bundled_tracker_path
from tracker.errors import OutputError
from tracker.review.decide import NewDecision, decide
from tracker.sources import XlsxSource

THROUGH_A_FILE = "ở đó đã có một tệp, mà ở đây cần một thư mục"  # the folder to make is a file


def test_an_annotated_copy_that_cannot_be_written_is_said_in_vietnamese(sample_book: Path, tmp_path: Path) -> None:
    (tmp_path / "tep").write_text("a file, not a folder", encoding="utf-8")
    target = tmp_path / "tep" / "ket-qua.xlsx"
    run = CliRunner().invoke(app, ["check", str(bundled_tracker_path()), "-s", str(sample_book), "--as-of",
                                   "2023-08-18", "--no-history", "-o", str(tmp_path / "r"), "--annotate", str(target)])
    assert run.exit_code == 1
    assert run.output.splitlines()[-1] == f"Lỗi: không ghi được “{target}”: {THROUGH_A_FILE}"


def test_decisions_that_cannot_be_written_are_said_in_vietnamese(tracker: Tracker, sample_book: Path,
                                                                  tmp_path: Path) -> None:
    (tmp_path / "tep").write_text("a file, not a folder", encoding="utf-8")
    target = tmp_path / "tep" / "duyet.csv"
    result = check(tracker, XlsxSource([sample_book]), date(2023, 8, 18))
    line = NewDecision(tracker.units[0].sheet, "Chấp nhận", who="Nguyễn Văn A", row=3,
                       decided_on=date(2023, 8, 18))
    with pytest.raises(OutputError) as caught:
        decide(result, [line], to=target)
    assert caught.value.vi == f"không ghi được quyết định vào “{target}”: {THROUGH_A_FILE}"
