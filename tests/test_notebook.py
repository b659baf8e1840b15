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
from tracker.errors import TrackerError
from tracker.result import CheckResult
from tracker.weekly import WORKSPACE_ENV, Workspace

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "weekly_check.ipynb"


def test_notebook_is_committed_without_outputs() -> None:
    book = nbformat.read(NOTEBOOK, as_version=4)
    for cell in book.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.slow
def test_notebook_executes_against_the_sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(WORKSPACE_ENV, str(tmp_path / "workspace"))  # its own history: no other test's checks
    book = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(book, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for c in book.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = "\n".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "18/08/2023" in html
    assert "st-overdue" in html and "<svg" in html
    assert "background-color: #FFC7CE" in html  # the styled matrix
    assert "[tổng hợp]" in html and "srcdoc=" in html and "[digest]" not in html
    text = "\n".join(o.get("text", "") for o in outputs)
    assert "Chưa gửi thư nào (SEND = False)." in text
    # the review: the rows worth a look (the sample's shared article), the decision cell off, no decision read
    assert "Minh chứng dùng chung" in html and "Phòng Văn hóa và Thông tin huyện Vĩnh Linh (dòng 9)" in html
    assert ("17 mục đáng xem lại (Minh chứng dùng chung: 2; Link ngoài trang chính thức: 14; Số liệu cao bất thường: "
            "1). Chưa có lần kiểm tra nào được lưu trước lần này") in text
    assert (tmp_path / "workspace" / "quang-tri-2023-phong-chong-mua-ban-nguoi" / "history.sqlite").exists()
    assert "Chưa ghi quyết định nào (WRITE = False, 0 quyết định trong DECISIONS)." in text
    assert "0 quyết định" in text
    headings = [c.source.splitlines()[0] for c in book.cells if c.cell_type == "markdown"]
    assert headings[8:12] == ["## 8. Lỗi dữ liệu cần các đơn vị sửa", "## 9. Duyệt: những dòng đáng xem lại",
                              "## 10. Ghi quyết định", "## 11. Các quyết định đã đọc ở lần kiểm tra này"]
    assert not [h for h in headings if "huyện" in h]  # a tracker's units may be communes: headings stay neutral
    assert (tmp_path / "tracker-work" / "du-lieu-mau.xlsx").exists()
    # the office's week: every bundled directive, one message per unit, the portfolio page in a frame
    assert headings[-2] == "## 15. Cả cơ quan: mọi văn bản trong một tuần"
    assert "Tình hình thực hiện các văn bản" in html and "thư (mỗi đơn vị một thư)" in html
    assert "đã kết thúc (lưu trữ)" in html  # the 2023 directive, as of the 2026 sample
    assert (tmp_path / "tracker-work" / "co-quan-mau" / "tuan-2026-06-19" / "bao-cao-tinh-hinh-2026-06-19.docx").exists()
    assert sorted(p.name for p in (tmp_path / "tracker-work").glob("*.docx")) == [
        "bao-cao-ket-qua-2023-08-18.docx", "bao-cao-tien-do-2023-08-18.docx", "cong-van-don-doc-2023-08-18.docx"]


@pytest.fixture(scope="module")
def result(sample_books: SampleBooks, tmp_path_factory: pytest.TempPathFactory) -> CheckResult:
    sample = sample_books.first
    return nb.run(sample.tracker, str(sample.path), sample.as_of, workdir=tmp_path_factory.mktemp("nb"))


def test_the_summary_says_where_history_stored_the_check(tracker: Tracker, sample_book: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(WORKSPACE_ENV, str(tmp_path / "ws"))
    stored = nb.run(tracker, str(sample_book), date(2023, 8, 18), workdir=tmp_path)
    path = Workspace.of(tracker).history
    assert path.exists()
    assert (f"<p>Lịch sử: đã lưu lần kiểm tra số 1 (tính đến 18/08/2023) vào {path}</p>"
            in nb.summary_html(stored))
    assert "Lịch sử" not in nb.summary_html(nb.run(tracker, str(sample_book), date(2023, 8, 18), workdir=tmp_path,
                                                   history=False))


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
    assert list(trend.columns) == ["11/08/2023", "18/08/2023"]
    assert list(trend.index) == [u.sheet for u in tracker.units]
    assert trend.loc["Cồn Cỏ - TT VHTT-TT", "18/08/2023"] == "Quá hạn"


def test_lookout_frame_names_units_their_group_and_the_rows_to_open(result: CheckResult, tracker: Tracker) -> None:
    frame = nb.lookout_frame(result, Workspace.of(tracker, Path("/nonexistent-workspace")))
    assert list(frame.columns) == ["Loại", tracker.groupings[0].name, "Đơn vị", "Dòng", "Giải thích",
                                   "Link minh chứng", "Mở trang tính", "Quyết định đã có"]
    shared = frame[frame["Loại"] == "Minh chứng dùng chung"]
    assert list(shared["Đơn vị"]) == ["Phòng Văn hóa và Thông tin thành phố Đông Hà",
                                      "Phòng Văn hóa và Thông tin huyện Vĩnh Linh"]
    assert list(shared[tracker.groupings[0].name]) == ["Đông Hà", "Vĩnh Linh"]
    assert list(shared["Dòng"]) == ["9", "9"]
    assert list(shared["Link minh chứng"])[1] == ("http://www.quangtri.gov.vn/tin-tuc/canh-giac-thu-doan-moi-cua-toi-"
                                                  "pham-mua-ban-nguoi-qua-mang-xa-hoi/?fbclid=IwAR2xQ7")
    assert set(frame["Mở trang tính"]) == {""}  # a workbook on disk has no link to a tab
    assert len(frame) == 17 and list(frame["Loại"]).count("Link ngoài trang chính thức") == 14
    note = nb.lookout_note(result, frame, Workspace.of(tracker, Path("/nonexistent-workspace")))
    assert note == ("17 mục đáng xem lại (Minh chứng dùng chung: 2; Link ngoài trang chính thức: 14; Số liệu cao bất "
                    "thường: 1). Chưa có lần kiểm tra nào được lưu trước lần này, nên chưa so được để tìm dòng sửa "
                    "hoặc thêm sau khi tuần đã được báo cáo.")
    assert "<a href=\"http://www.quangtri.gov.vn/" in nb.styled_lookout(frame).to_html()


def test_lookout_frame_reads_the_workspace_history_and_links_to_the_row(tracker: Tracker, tmp_path: Path) -> None:
    from dataclasses import replace

    from helpers import build_workbook

    from tracker.check import check
    from tracker.files.cells import CellValue
    from tracker.sources import XlsxSource
    from tracker.storage.history import History

    sheet = tracker.units[0].sheet
    row: list[CellValue] = [1, date(2023, 7, 12), "2a", "Tin bài", "Đăng tin cảnh báo thủ đoạn lừa đảo qua mạng xã hội",
                            "Nhân dân", 50, 1]
    ws = Workspace.of(tracker, tmp_path)
    with History(ws.history) as h:
        for n, (people, as_of) in enumerate([(50, date(2023, 7, 21)), (5000, date(2023, 7, 28))]):
            book = build_workbook(tracker, tmp_path / f"w{n}.xlsx", {sheet: [[*row[:6], people, 1]]})
            stored = h.record_check(check(tracker, XlsxSource([book]), as_of))
    link = "https://docs.google.com/spreadsheets/d/KEY/edit#gid=7"
    stored = replace(stored, book=replace(stored.book, links={sheet: link}))
    frame = nb.lookout_frame(stored, ws)
    edited = frame[frame["Loại"] == "Sửa sau khi đã báo cáo"]
    assert list(edited["Dòng"]) == ["3"] and list(edited["Mở trang tính"]) == [f"{link}&range=3:3"]
    assert "“50” → “5000”" in edited["Giải thích"].iloc[0]
    assert nb.lookout_note(stored, frame, ws) == ("1 mục đáng xem lại (Minh chứng dùng chung: 0; Link ngoài trang chính "
                                                  "thức: 0; Sửa sau khi đã báo cáo: 1; Số liệu cao bất thường: 0).")


def test_decisions_frame_lists_each_decision_its_state_and_what_it_changed(tracker: Tracker, tmp_path: Path) -> None:
    import openpyxl

    from tracker.check import check
    from tracker.files.tables import read_workbook
    from tracker.review.decisions import COLUMNS
    from tracker.sample import build_demo_workbook, load_sample
    from tracker.sources import XlsxSource

    sample = load_sample(tracker)
    path = build_demo_workbook(tracker, tmp_path / "mau.xlsx", sample)
    wb = openpyxl.Workbook()  # the province's reviews file: a units' workbook is never read for decisions
    review = wb.active
    assert review is not None
    review.title = "Duyệt"
    review.append([c.header for c in COLUMNS])
    review.append(["Vĩnh Linh - Phòng VHTT", 9, None, "Không chấp nhận", "Bài của Cổng thông tin điện tử tỉnh", None,
                   None, "Nguyễn Văn A", "18/08/2023"])
    review.append(["Cồn Cỏ - TT VHTT-TT", None, "1a", "Miễn", "Đơn vị mới thành lập", None, None, "Nguyễn Văn A",
                   "18/08/2023"])
    wb.save(tmp_path / "duyet.xlsx")
    checked = check(tracker, XlsxSource([path]), sample.as_of, reviews=read_workbook(tmp_path / "duyet.xlsx"))
    frame = nb.decisions_frame(checked)
    assert frame.to_dict("records") == [
        {"Đơn vị": "Phòng Văn hóa và Thông tin huyện Vĩnh Linh", "Dòng": "9", "Phần việc": "",
         "Quyết định": "Không chấp nhận", "Lý do": "Bài của Cổng thông tin điện tử tỉnh", "Người quyết định": "Nguyễn Văn A",
         "Ngày quyết định": "18/08/2023", "Tình trạng": "Đã áp dụng", "Thay đổi": ""},
        {"Đơn vị": "Trung tâm Văn hóa Thông tin - Thể dục thể thao huyện đảo Cồn Cỏ", "Dòng": "Cả phần việc",
         "Phần việc": "1a", "Quyết định": "Miễn", "Lý do": "Đơn vị mới thành lập", "Người quyết định": "Nguyễn Văn A",
         "Ngày quyết định": "18/08/2023", "Tình trạng": "Đã áp dụng", "Thay đổi": "1a: Quá hạn → Không áp dụng"}]
    # the rejected row no longer counts, so the article is no longer claimed twice
    leads = nb.lookout_frame(checked, Workspace.of(tracker, tmp_path))
    assert "Minh chứng dùng chung" not in set(leads["Loại"])
    assert list(nb.decisions_frame(nb.run(tracker, workdir=tmp_path / "nb", history=False)).columns) == list(frame.columns)


def test_decision_dicts_take_the_review_tabs_headings_or_the_fields() -> None:
    fields, wrong = nb._decision_fields({"Đơn vị": "Vĩnh Linh - Phòng VHTT", "dong": "9", "Quyết định": "Không chấp nhận",
                                        "Lý do": " Bài  của tỉnh ", "Người duyệt": "Nguyễn Văn A",
                                        "Ngày quyết định": "19/08/2023"})
    assert (fields, wrong) == ({"unit": "Vĩnh Linh - Phòng VHTT", "row": 9, "decision": "Không chấp nhận",
                                "reason": "Bài của tỉnh", "who": "Nguyễn Văn A", "decided_on": date(2023, 8, 19)}, "")
    assert nb._decision_fields({"unit": "x", "part": "1a", "decision": "Miễn", "day": date(2023, 8, 1), "row": None})[0] == {
        "unit": "x", "part": "1a", "decision": "Miễn", "day": date(2023, 8, 1), "row": None}
    assert nb._decision_fields({"Đơn vị": "x", "Ghi chú thêm": "?"})[1].startswith("không hiểu cột “Ghi chú thêm” (dùng: Đơn vị, Dòng,")
    assert nb._decision_fields({"Dòng": "chín"})[1] == "“chín” không phải số dòng"
    assert nb._decision_fields({"Ngày quyết định": "hôm qua"})[1] == (
        "“hôm qua” không phải ngày (ghi dd/mm/yyyy, ví dụ 05/08/2026)")


@pytest.mark.parametrize("typed", ["18/08/2023", "2023-08-18", " 18-08-2023 ", "18.08.2023"])
def test_a_check_date_typed_as_text_in_the_notebook_is_read_as_the_command_line_reads_it(
        tracker: Tracker, sample_book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, typed: str) -> None:
    """AS_OF = "18/08/2023" (the cell says 'ngày kiểm tra'): it ended in TypeError: '<' not supported between
    instances of 'str' and 'datetime.date'."""
    monkeypatch.setenv(WORKSPACE_ENV, str(tmp_path / "ws"))
    assert nb.run(tracker, str(sample_book), typed, workdir=tmp_path, history=False).as_of == date(2023, 8, 18)  # type: ignore[arg-type]


@pytest.mark.parametrize("typed", ["hôm nay", "31/02/2023", 20230818])
def test_a_check_date_that_is_no_day_is_said_in_vietnamese(tracker: Tracker, sample_book: Path, tmp_path: Path,
                                                           typed: object) -> None:
    with pytest.raises(TrackerError) as caught:
        nb.run(tracker, str(sample_book), typed, workdir=tmp_path, history=False)  # type: ignore[arg-type]
    assert caught.value.vi == (f"AS_OF “{typed}” không phải là một ngày: viết date(2026, 6, 19) hoặc "
                               "\"19/06/2026\" (DD/MM/YYYY, DD-MM-YYYY hoặc YYYY-MM-DD), hoặc None là hôm nay")


def test_an_error_in_a_notebook_cell_is_one_vietnamese_line_not_a_traceback(tmp_path: Path,
                                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """The notebook showed a TrackerError as a Python traceback with its English message (a source typed wrong:
    'source not found or not understood: …'); the command line says the Vietnamese words."""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    nb.show_errors_in_vietnamese(shell)
    shell.run_cell("from tracker import notebook as nb\nnb.run(nb.load(None), 'khong-co.xlsx', None, "  # type: ignore[no-untyped-call]
                   f"workdir={str(tmp_path)!r})")
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    assert ("Lỗi: không tìm thấy hoặc không đọc được nguồn “khong-co.xlsx” (cần một tệp .xlsx, một thư mục chứa các tệp "
            ".csv, hoặc đường link Google Sheets)") in out.out + out.err


def test_the_problems_of_one_unit_are_found_by_its_name_and_a_unit_that_is_none_is_said(result: CheckResult) -> None:
    """UNIT = "Phòng Văn hóa và Thông tin huyện Hải Lăng" (the unit's name) or a typo gave an empty table, as if the
    unit had nothing to fix; SEVERITY = "lỗi" likewise."""
    by_sheet = nb.problems_frame(result, unit="Hải Lăng - Phòng VHTT")
    assert len(by_sheet) > 0
    assert nb.problems_frame(result, unit="Phòng Văn hóa và Thông tin huyện Hải Lăng").equals(by_sheet)
    assert nb.problems_frame(result, unit="hai-lang-phong-vhtt").equals(by_sheet)
    with pytest.raises(TrackerError) as caught:
        nb.problems_frame(result, unit="Vinh Linh Phong VH")
    assert caught.value.vi is not None and caught.value.vi.startswith("không có đơn vị “Vinh Linh Phong VH” trong tracker này")
    assert len(nb.problems_frame(result, severity="Lỗi")) == len(nb.problems_frame(result, severity="error")) > 0
    with pytest.raises(TrackerError) as caught:
        nb.problems_frame(result, severity="nặng")
    assert caught.value.vi == "SEVERITY “nặng” không phải là một mức: ghi \"error\" (lỗi) hoặc \"warning\" (cảnh báo), hoặc None"
