"""The main commands' exit codes and exact output, and the check's report.html, pinned by tests/golden/.

Each command runs in a folder of its own and is given relative paths, so nothing of the test run's
temporary folders reaches the output. A change to any output fails here with a diff; when the change is
meant, `UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_cli_output.py` rewrites the files, and the
diff is reviewed before it is committed. (`tracker demo` is pinned in test_packaging, from the wheel.)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import SampleBook, SampleBooks, assert_golden
from openpyxl import load_workbook
from typer.testing import CliRunner, Result

from tracker import cli
from tracker.cli import app
from tracker.definition import bundled_tracker_ids, bundled_tracker_path

TRACKERS = bundled_tracker_ids()
SAMPLE = "du-lieu-mau.xlsx"  # the name `tracker demo` gives it

RUN_TIME = re.compile(r"(Tạo bởi tracker lúc )\d{2}/\d{2}/\d{4} \d{2}:\d{2}( \(UTC\+07:00\))")
"""The one thing in report.html that differs between two runs of the same check: the minute it ran."""


def without_run_time(html: str) -> str:
    fixed, found = RUN_TIME.subn(r"\1<giờ chạy>\2", html)
    assert found == 1, "report.html's footer no longer says when the check ran as RUN_TIME expects: update RUN_TIME"
    return fixed


@pytest.fixture()
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The current folder for one command; the console 80 columns wide, whatever the terminal."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli.out, "width", 80)
    return tmp_path


def _with_sample(sample_books: SampleBooks, tracker_id: str, workdir: Path) -> SampleBook:
    """The tracker's sample copied into the folder as du-lieu-mau.xlsx: the reports name their source."""
    sample_books.copy(tracker_id, workdir / SAMPLE)
    return sample_books[tracker_id]


def _invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


@pytest.mark.parametrize("tracker_id", TRACKERS)
def test_check_prints_the_golden_summary_and_writes_the_golden_report_html(
        tracker_id: str, sample_books: SampleBooks, workdir: Path) -> None:
    sample = _with_sample(sample_books, tracker_id, workdir)
    done = _invoke("check", tracker_id, "-s", SAMPLE, "--as-of", sample.as_of.isoformat(), "--no-history",
                   "--out", "bao-cao")
    assert done.exit_code == 0, done.output
    assert "…" not in done.output  # 80 columns wrap names and headings at words, never cut one to 'Phườ…'
    assert_golden(f"check-{tracker_id}.txt", done.output)
    html = (workdir / "bao-cao" / "report.html").read_text(encoding="utf-8")
    assert_golden(f"report-{tracker_id}.html", without_run_time(html))


@pytest.mark.parametrize("tracker_id", TRACKERS)
def test_remind_dry_run_prints_the_golden_list_and_writes_each_message(
        tracker_id: str, sample_books: SampleBooks, workdir: Path) -> None:
    sample = _with_sample(sample_books, tracker_id, workdir)
    done = _invoke("remind", tracker_id, "-s", SAMPLE, "--as-of", sample.as_of.isoformat(), "--no-history",
                   "--ledger", "so-gui.sqlite", "--outbox", "hop-thu")
    assert done.exit_code == 0, done.output
    assert_golden(f"remind-{tracker_id}.txt", done.output)
    listed = [line for line in done.output.splitlines() if line.startswith("  [")]
    assert len(listed) == len(list((workdir / "hop-thu").glob("*.eml"))) > 1


@pytest.mark.parametrize("tracker_id", TRACKERS)
def test_validate_definition_of_each_bundled_tracker_prints_the_golden_text(
        tracker_id: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = bundled_tracker_path(tracker_id)
    monkeypatch.chdir(path.parent)
    done = _invoke("validate-definition", path.name)
    assert done.exit_code == 0, done.output
    assert_golden(f"validate-definition-{tracker_id}.txt", done.output)


def test_validate_definition_warns_of_deadlines_before_the_campaign_and_units_without_mail(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A `first` typed as the day before the campaign puts a period's deadline before it; a unit with no address
    gets no reminder. Both load, and both are said, so that the first check does not find every unit overdue."""
    text = (Path(__file__).parent / "data" / "trackers" / "xa-mau.yaml").read_text(encoding="utf-8")
    for old, new in [("due: 2026-05-15, rule: {kind: evidence, evidence: document", "due: 2026-05-01, rule: {kind: "
                      "evidence, evidence: document"),
                     ("day: 20, first: 2026-05-04", "day: 20, first: 2026-04-04"),
                     ("sheet: Xã B, contacts: [xa-b@example.org],", "sheet: Xã B,")]:
        assert old in text
        text = text.replace(old, new)
    (tmp_path / "t.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    done = _invoke("validate-definition", "t.yaml")
    assert done.exit_code == 0, done.output
    tail = "(ngày ban hành văn bản hoặc bắt đầu thực hiện), nên mọi đơn vị sẽ quá hạn ngay lần kiểm tra đầu; kiểm tra lại "
    assert [line for line in done.output.splitlines() if line.startswith("Lưu ý") and "mã '90001'" not in line
                                                   and "người ký" not in line] == [
        f"Lưu ý: phần việc kh: hạn đầu tiên 01/05/2026 trước ngày 04/05/2026 {tail}`due` hoặc `recurs.first`",
        f"Lưu ý: phần việc thang: hạn đầu tiên 20/04/2026 trước ngày 04/05/2026 {tail}`due` hoặc `recurs.first`",
        "Lưu ý: 1/5 đơn vị chưa có địa chỉ thư nên sẽ không nhận được thư nhắc (UBND xã B); thêm `contacts` hoặc tệp "
        "danh bạ (`contacts_file`)"]


@pytest.mark.parametrize(("edit", "said"), [
    ("", ["Lưu ý: chưa có `province.signer` và `province.signer_title`: công văn đôn đốc, báo cáo tuần và báo cáo tổng "
          "kết sẽ để trống phần người ký"]),
    ("  signer: Trần Văn Cường\n", ["Lưu ý: chưa có `province.signer_title`: công văn đôn đốc, báo cáo tuần và báo cáo "
                                     "tổng kết sẽ để trống phần người ký"]),
    ("  signer: Trần Văn Cường\n  signer_title: KT. Giám đốc — Phó Giám đốc\n  office: Phòng Tổng hợp\n",
     ["Lưu ý: chưa có `province.office_signer`: báo cáo tuần của phòng gửi lãnh đạo sẽ để trống tên người ký"]),
    ("  signer: Trần Văn Cường\n  signer_title: KT. Giám đốc — Phó Giám đốc\n  office: Phòng Tổng hợp\n"
     "  office_signer: Lê Văn Dũng\n", []),
])
def test_validate_definition_warns_of_a_document_that_would_print_no_signer(
        edit: str, said: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A reminder letter or report signed by nobody cannot be sent unchanged: the gap is said before it is printed."""
    text = (Path(__file__).parent / "data" / "trackers" / "xa-mau.yaml").read_text(encoding="utf-8")
    assert "  short_name: Sở Mẫu\n" in text
    (tmp_path / "t.yaml").write_text(text.replace("  short_name: Sở Mẫu\n", "  short_name: Sở Mẫu\n" + edit),
                                     encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    done = _invoke("validate-definition", "t.yaml")
    assert done.exit_code == 0, done.output
    assert [line for line in done.output.splitlines() if "người ký" in line] == said


# Mistakes a person makes in a tracker YAML, as (old, new) edits of the first bundled tracker, line for line.
BROKEN = {
    "shape": [("title: ", "titel: "), ("start: 2023-07-01", "start: 2023-02-30")],  # unknown field, no such day
    "meaning": [("contacts: [", "contacts: [khong-phai-dia-chi, "),  # no @
                ("sheet: Đông Hà - TT VHTT-TT", "sheet: Đông Hà - Phòng VHTT")],  # two units on one tab
}


@pytest.mark.parametrize("mistakes", sorted(BROKEN))
def test_validate_definition_lists_every_problem_with_its_line_and_exits_2(mistakes: str, workdir: Path) -> None:
    text = bundled_tracker_path(TRACKERS[0]).read_text(encoding="utf-8")
    broken = text
    for old, new in BROKEN[mistakes]:
        assert old in broken, old
        broken = broken.replace(old, new, 1)
    (workdir / "hong.yaml").write_text(broken, encoding="utf-8")
    done = _invoke("validate-definition", "hong.yaml")
    assert done.exit_code == 2, done.output
    assert_golden(f"validate-definition-{mistakes}.txt", done.output)


def test_validate_definition_takes_a_bundled_trackers_id_as_every_command_does() -> None:
    tracker_id = bundled_tracker_ids()[0]
    done = CliRunner().invoke(app, ["validate-definition", tracker_id])
    assert done.exit_code == 0, done.output
    assert done.output.startswith(f"Hợp lệ: {bundled_tracker_path(tracker_id)} — ")
    unknown = CliRunner().invoke(app, ["validate-definition", "khong-co-tracker-nay"])
    assert unknown.exit_code == 2 and "Không có tracker “khong-co-tracker-nay”" in unknown.output


def test_validate_definition_says_in_vietnamese_why_a_file_cannot_be_read(tmp_path: Path) -> None:
    # A Latin-1 'à' (one byte, 0xe0) after 29 bytes of UTF-8 text: a file saved in the wrong encoding.
    (tmp_path / "latin.yaml").write_bytes('title: "Kế hoạch"\nnote: "'.encode() + b'\xe0"\n')
    said = {}
    for name in ("missing.yaml", "latin.yaml", "."):
        done = CliRunner().invoke(app, ["validate-definition", str(tmp_path / name)])
        assert done.exit_code == 2, done.output
        said[name] = done.output.splitlines()[-1].split("(đầu tệp): ")[1]
    assert said == {"missing.yaml": "không đọc được tệp: không có tệp này",
                    "latin.yaml": "tệp không phải văn bản mã UTF-8 (byte thứ 29): mở tệp và lưu lại với mã UTF-8",
                    ".": "không đọc được tệp: đó là một thư mục, không phải tệp"}


def test_a_units_tab_named_as_a_review_tab_or_with_an_apostrophe_at_an_end_is_a_definition_error(workdir: Path) -> None:
    # A tab named "Duyệt …" is never read as a unit's (it is the province's review tab): the unit would be told
    # every week that it has no tab. Excel refuses a tab name that begins or ends with an apostrophe.
    text = bundled_tracker_path(TRACKERS[0]).read_text(encoding="utf-8")
    for old, new in [("sheet: Đông Hà - Phòng VHTT", "sheet: Duyệt Đông Hà"), ("sheet: Đông Hà - TT VHTT-TT", "sheet: \"'Đông Hà\"")]:
        assert old in text
        text = text.replace(old, new, 1)
    (workdir / "hong.yaml").write_text(text, encoding="utf-8")
    done = _invoke("validate-definition", "hong.yaml")
    assert done.exit_code == 2, done.output
    assert done.output.splitlines()[1:] == [
        "  hong.yaml:81: units[0].sheet: tên trang tính “Duyệt Đông Hà” bắt đầu bằng “Duyệt”, là tên trang duyệt của "
        "cơ quan theo dõi, nên không bao giờ được đọc như trang của đơn vị; hãy đặt tên khác",
        "  hong.yaml:88: units[1].sheet: tên trang tính không được bắt đầu hay kết thúc bằng dấu nháy đơn (')"]


def test_a_task_whose_id_is_not_a_number_is_headed_by_its_id_not_nv_before_it(workdir: Path) -> None:
    """'NV' (nhiệm vụ) reads before a task's number ('NV2'); a draft's task from a section's prose ('II.P1') or an annex
    ('PL1.3') is named by its id alone, never 'NVII.P1'."""
    text = (Path(__file__).parent / "data" / "trackers" / "xa-mau.yaml").read_text(encoding="utf-8")
    assert '  - id: "3"' in text
    (workdir / "t.yaml").write_text(text.replace('  - id: "3"', "  - id: II.P1"), encoding="utf-8")
    assert _invoke("template", "t.yaml", "--out", "mau.xlsx").exit_code == 0
    done = _invoke("check", "t.yaml", "-s", "mau.xlsx", "--as-of", "2026-05-20", "--no-history", "--out", "bao-cao")
    assert done.exit_code == 0, done.output
    heading = next(line for line in done.output.splitlines() if "Đơn vị" in line)
    assert [cell.strip() for cell in heading.split("┃")[2:5]] == ["NV1", "NV2", "II.P1"]
    summary = load_workbook(workdir / "bao-cao" / "report.xlsx", read_only=True).worksheets[0]
    headers = [c for row in summary.iter_rows(values_only=True) if row and row[0] == "STT" for c in row]
    assert [h for h in headers if h in ("NV1", "NV2", "II.P1", "NVII.P1")] == ["NV1", "NV2", "II.P1"]


def test_the_check_summary_of_many_tasks_reads_at_80_columns_one_line_a_unit(sample_books: SampleBooks) -> None:
    # Seven tasks a column each at 80 columns wrapped every unit over three or four lines ('Đang / thực / hiện');
    # past four tasks, when they do not fit, a unit's row says how many of its tasks are done and which parts are
    # overdue, on one line.
    import io

    from rich.console import Console

    from tracker.check import check
    from tracker.sources import XlsxSource

    book = sample_books["quang-tri-2026-lua-dao-truc-tuyen"]
    result = check(book.tracker, XlsxSource([book.path]), book.as_of)
    shown = io.StringIO()
    cli._print_summary(result, Console(file=shown, width=80, color_system=None))
    lines = shown.getvalue().splitlines()
    lines = lines[next(i for i, line in enumerate(lines) if line.startswith("┏")):]  # the title centred above
    assert lines[:6] == [
        "┏━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━┳━━━━━━━━━┓",
        "┃ Đơn vị                 ┃ NV xong ┃ Phần việc quá hạn  ┃ Tính/Loại ┃ Cần sửa ┃",
        "┡━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━╇━━━━━━━━━┩",
        "│ Phường Ba Đồn          │     0/6 │ 1b, 3a             │       6/2 │       2 │",
        "│ Phường Bắc Gianh       │     0/6 │ 1a, 1b, 3a, 7a, 7b │       0/0 │       0 │",
        "│ Xã Hoàn Lão            │     0/5 │ 1a, 1b, 3a, 7a, 7b │       0/0 │       0 │",
    ]
    table = lines[3:lines.index("└────────────────────────┴─────────┴────────────────────┴───────────┴─────────┘")]
    assert len(table) == len(book.tracker.units)  # one line a unit
    assert lines[len(table) + 4] == "(Bảng gọn vì có 7 nhiệm vụ; từng nhiệm vụ xem trong report.html.)"
    assert max(len(line) for line in lines) <= 80
