"""The weekly-check notebook runs top to bottom against the bundled sample, and its helpers hold."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import nbformat
import pytest
from helpers import SampleBooks
from nbclient import NotebookClient

from tracker import notebook as nb
from tracker.definition import Tracker
from tracker.result import CheckResult
from tracker.weekly import Workspace

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "weekly_check.ipynb"


def test_notebook_is_committed_without_outputs() -> None:
    book = nbformat.read(NOTEBOOK, as_version=4)
    for cell in book.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.slow
def test_notebook_executes_against_the_sample(tmp_path: Path) -> None:
    book = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(book, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for c in book.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = "\n".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "18/08/2023" in html
    assert "st-overdue" in html and "<svg" in html
    assert "background-color: #FFC7CE" in html  # the styled matrix
    assert "[digest]" in html and "srcdoc=" in html
    text = "\n".join(o.get("text", "") for o in outputs)
    assert "Chưa gửi thư nào (SEND = False)." in text
    assert (tmp_path / "tracker-work" / "du-lieu-mau.xlsx").exists()
    assert sorted(p.name for p in (tmp_path / "tracker-work").glob("*.docx")) == [
        "bao-cao-ket-qua-2023-08-18.docx", "bao-cao-tien-do-2023-08-18.docx", "cong-van-don-doc-2023-08-18.docx"]


@pytest.fixture(scope="module")
def result(sample_books: SampleBooks, tmp_path_factory: pytest.TempPathFactory) -> CheckResult:
    sample = sample_books.first
    return nb.run(sample.tracker, str(sample.path), sample.as_of, workdir=tmp_path_factory.mktemp("nb"))


def test_matrix_frame_has_a_row_per_unit_and_a_column_per_part(result: CheckResult, tracker: Tracker) -> None:
    frame = nb.matrix_frame(result)
    assert list(frame.index) == [u.sheet for u in tracker.units]
    assert list(frame.columns) == ["NV1", "1a", "1b", "1c", "NV2", "2a", "2b", "NV3", "3a", "3b"]
    assert frame.loc["Cồn Cỏ - TT VHTT-TT", "1a"] == "Quá hạn 18 ngày"
    css = nb.matrix_css(result)
    assert css.loc["Cồn Cỏ - TT VHTT-TT", "1a"] == "background-color: #FFC7CE; color: #9C0006"
    assert css.loc["Đông Hà - Phòng VHTT", "1a"] == "background-color: #C6EFCE; color: #006100"
    assert "#FFC7CE" in nb.styled_matrix(result).to_html()


def test_problems_frame_filters_by_unit_and_severity(result: CheckResult) -> None:
    everything = nb.problems_frame(result)
    one = nb.problems_frame(result, unit="Gio Linh - TT VHTT-TT")
    errors = nb.problems_frame(result, unit="gio-linh-trung-tam", severity="error")
    assert len(everything) == len(result.problems)
    assert 0 < len(errors) < len(one) < len(everything)
    assert set(one["Đơn vị"]) == {"Gio Linh - TT VHTT-TT"}


def test_trend_frame_shows_each_check(tracker: Tracker, sample_book: Path, tmp_path: Path) -> None:
    ws = Workspace.of(tracker, tmp_path)
    nb.run(tracker, str(sample_book), date(2023, 8, 11), workdir=tmp_path, workspace=ws)
    nb.run(tracker, str(sample_book), date(2023, 8, 18), workdir=tmp_path, workspace=ws)
    trend = nb.trend_frame(tracker, ws)
    assert list(trend.columns) == ["2023-08-11", "2023-08-18"]
    assert list(trend.index) == [u.sheet for u in tracker.units]
    assert trend.loc["Cồn Cỏ - TT VHTT-TT", "2023-08-18"] == "Quá hạn"
