"""The notebook's decision cell: `nb.decide` writes the officer's decisions through tracker.review.decide, and the next
check applies them (issue 19). Needs tracker.review.decide (the writing API); collected once it exists (conftest)."""

from __future__ import annotations

import importlib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tracker import notebook as nb
from tracker.definition import Tracker
from tracker.weekly import Workspace

REJECT: dict[str, Any] = {"Đơn vị": "Vĩnh Linh - Phòng VHTT", "Dòng": 9, "Quyết định": "Không chấp nhận",
                          "Lý do": "Bài của Cổng thông tin điện tử tỉnh, không phải hoạt động của đơn vị",
                          "Người quyết định": "Nguyễn Văn A", "Ngày quyết định": "18/08/2023"}


def test_decision_is_the_writing_apis_new_decision() -> None:
    from tracker.review.decide import NewDecision

    assert nb.Decision is NewDecision


def test_decisions_written_from_the_notebook_change_the_next_check(tracker: Tracker, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    ws = Workspace.of(tracker, tmp_path / "ws")
    before = nb.run(tracker, workdir=tmp_path / "nb", workspace=ws)
    assert "Minh chứng dùng chung" in set(nb.lookout_frame(before, ws)["Loại"])
    assert str(nb.matrix_frame(before).loc["Cồn Cỏ - TT VHTT-TT", "1a"]).startswith("Quá hạn")
    excuse = nb.Decision(unit="Cồn Cỏ - TT VHTT-TT", part="1a", decision="Miễn", reason="Đơn vị mới thành lập",
                         who="Nguyễn Văn A", decided_on=date(2023, 8, 18))
    written = nb.decide(before, [REJECT, excuse], workspace=ws)
    assert len(written) == 2 and all(isinstance(line, str) and line for line in written)
    assert capsys.readouterr().out.splitlines() == written
    after = nb.run(tracker, workdir=tmp_path / "nb", workspace=ws)
    decided = nb.decisions_frame(after)
    assert list(decided["Quyết định"]) == ["Không chấp nhận", "Miễn"]
    assert list(decided["Tình trạng"]) == ["Đã áp dụng", "Đã áp dụng"]
    assert list(decided["Dòng"]) == ["9", "Cả phần việc"]
    assert decided["Thay đổi"].iloc[1] == "1a: Quá hạn → Không áp dụng"
    assert nb.matrix_frame(after).loc["Cồn Cỏ - TT VHTT-TT", "1a"] == "Không áp dụng (*)"  # (*): decided
    # the rejected row no longer counts: the article is claimed by one unit only
    assert "Minh chứng dùng chung" not in set(nb.lookout_frame(after, ws)["Loại"])


def test_a_bad_decision_is_printed_in_vietnamese_and_nothing_is_written(tracker: Tracker, tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    ws = Workspace.of(tracker, tmp_path / "ws")
    result = nb.run(tracker, workdir=tmp_path / "nb", workspace=ws)
    no_reason = {**REJECT, "Lý do": ""}  # a unit told "not accepted" must be told why
    assert nb.decide(result, [REJECT, no_reason], workspace=ws) == []
    out = capsys.readouterr().out
    assert out.startswith("Chưa ghi quyết định nào. Hãy sửa rồi chạy lại ô này:\n") and "Traceback" not in out
    assert nb.decisions_frame(nb.run(tracker, workdir=tmp_path / "nb", workspace=ws)).empty  # not even the good one


def test_a_dict_the_notebook_cannot_read_stops_before_the_writing_api(tracker: Tracker, tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str],
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> list[str]:
        raise AssertionError("nothing may be written")

    monkeypatch.setattr(importlib.import_module("tracker.review.decide"), "decide", refuse)
    result = nb.run(tracker, workdir=tmp_path / "nb", workspace=Workspace.of(tracker, tmp_path / "ws"))
    assert nb.decide(result, [REJECT, {**REJECT, "Dòng": "chín"}, {"Đơn vị": "x", "Ghi chú thêm": "?"}]) == []
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Chưa ghi quyết định nào. Hãy sửa rồi chạy lại ô này:"
    assert out[1] == "- Quyết định thứ 2: “chín” không phải số dòng"
    assert out[2].startswith("- Quyết định thứ 3: không hiểu cột “Ghi chú thêm”")


def test_a_decision_dated_after_the_check_says_from_which_check_it_applies(tracker: Tracker, tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """The sample's check is dated 18/08/2023; a decision dated 21/08/2023 does not change it (decision-after-as-of):
    the cell says so when it writes the decision, not only the next check's problems."""
    ws = Workspace.of(tracker, tmp_path / "ws")
    result = nb.run(tracker, workdir=tmp_path / "nb", workspace=ws)
    assert len(nb.decide(result, [{**REJECT, "Ngày quyết định": "21/08/2023"}], workspace=ws)) == 1
    assert capsys.readouterr().out.splitlines()[-1] == (
        "Lưu ý: quyết định ghi ngày 21/08/2023, sau ngày kiểm tra 18/08/2023: lần kiểm tra tính đến ngày 18/08/2023 "
        "không áp dụng; quyết định được áp dụng từ lần kiểm tra tính đến ngày 21/08/2023 trở đi.")


def test_a_decision_typed_in_a_shape_the_notebook_cannot_read_is_a_line_not_a_traceback(
        tracker: Tracker, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A tuple or text in DECISIONS, DECISIONS = None, a Decision with a unit typed as a number or a row as text:
    each was an AttributeError or TypeError traceback in the review cell."""
    ws = Workspace.of(tracker, tmp_path / "ws")
    result = nb.run(tracker, workdir=tmp_path / "nb", workspace=ws)
    odd = ("Vĩnh Linh - Phòng VHTT", 9, "Không chấp nhận")
    typed = nb.Decision(unit=5, row="chín", decision="Chấp nhận", who="Nguyễn Văn A")  # type: ignore[arg-type]
    assert nb.decide(result, [REJECT, odd, typed, {**REJECT, "Dòng": True}], workspace=ws) == []
    assert capsys.readouterr().out.splitlines() == [
        "Chưa ghi quyết định nào. Hãy sửa rồi chạy lại ô này:",
        "- Quyết định thứ 2: “('Vĩnh Linh - Phòng VHTT', 9, 'Không chấp nhận')” không phải một quyết định; hãy ghi "
        "nb.Decision(unit=…, row=…, decision=…, reason=…, who=…) hoặc một dict với tên cột của trang “Duyệt”",
        "- Quyết định thứ 3: “chín” không phải số dòng",
        "- Quyết định thứ 4: “True” không phải số dòng"]
    assert nb.decide(result, None, workspace=ws) == []  # type: ignore[arg-type]
    assert capsys.readouterr().out == ("Chưa ghi quyết định nào: DECISIONS phải là một danh sách các quyết định, ví dụ "
                                       "[nb.Decision(unit=…, row=…, decision=…, reason=…, who=…)].\n")
    assert nb.decisions_frame(nb.run(tracker, workdir=tmp_path / "nb", workspace=ws)).empty
    assert len(nb.decide(result, REJECT, workspace=ws)) == 1  # one decision alone, without a list around it
