"""`tracker draft`: from a directive's text (.txt, .docx, .pdf) to a tracker YAML, measured on the corpus."""

from __future__ import annotations

import contextlib
import importlib.util
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tracker.authoring.draft import Draft, draft_file, extract, render, render_yaml, summary, write_draft
from tracker.authoring.reader import DocumentError, read_lines
from tracker.check import check
from tracker.cli import app
from tracker.definition import Tracker, bundled_tracker_path, load_tracker, parse_tracker
from tracker.errors import DefinitionError
from tracker.sample import load_sample
from tracker.sources import XlsxSource
from tracker.text import _TCVN3_DST, _TCVN3_SRC

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "directives"
BUNDLED_TEXT = ROOT / "src" / "tracker" / "trackers" / "texts" / "directive-2023-anti-trafficking.vi.txt"
WEEKLY = CORPUS / "cong-van-2025-quoc-khanh-bao-cao-hang-tuan.txt"
PDF = CORPUS / "ke-hoach-2026-chuyen-doi-so-bao-cao-hang-thang.pdf"
DOCX = CORPUS / "quyet-dinh-2025-ke-hoach-ra-quan-ve-sinh.docx"
DOCUMENTS = sorted([BUNDLED_TEXT, *(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".docx", ".pdf"))])


def _draft_of(lines: list[str]) -> Draft:
    header = ["UBND TỈNH QUẢNG TRỊ", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "Số: 10/SVHTTDL-QLVH",
              "Quảng Trị, ngày 14 tháng 8 năm 2025", "V/v thử", "Kính gửi: Ủy ban nhân dân các xã, phường.", ""]
    return extract(header + lines)


# --------------------------------------------------------------------------- reading


def test_pdf_and_docx_are_read_as_lines_with_the_header_first() -> None:
    pdf = read_lines(PDF)
    assert pdf[:6] == ["ỦY BAN NHÂN DÂN", "TỈNH GIA LAI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                       "Độc lập - Tự do - Hạnh phúc", "Số: 45/KH-UBND", "Gia Lai, ngày 20 tháng 01 năm 2026"]
    table_rows = [line for line in read_lines(DOCX) if line.startswith("|")]
    assert table_rows[1] == ("| 1 | Ra quân đồng loạt tổng vệ sinh đường phố, khu dân cư, bờ sông | UBND các xã, phường "
                             "| Ngày 05/10/2025 |")
    assert len(table_rows) == 5


def test_a_pdf_of_blank_pages_is_refused_with_a_message(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    blank = tmp_path / "blank.pdf"
    pdf.save(str(blank))
    with pytest.raises(DocumentError, match="the PDF has no text layer and no image to read"):
        read_lines(blank)
    result = runner.invoke(app, ["draft", str(blank), "--out", str(tmp_path / "x.yaml")])
    assert result.exit_code == 1
    assert result.output == f"Lỗi: “{blank}”: tệp PDF không có chữ và không có ảnh để đọc (trang trắng?)\n"
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("name", "content", "message"), [
    ("plan.doc", b"\xd0\xcf\x11\xe0", "không đọc được tệp .doc; hãy dùng tệp .txt, .docx hoặc .pdf (tệp .doc thì lưu lại "
                                       "thành .docx trước)"),
    ("broken.docx", b"not a zip", "không đọc được tệp Word .docx (tệp bị hỏng)"),
    # Word saves a .docx locked with a password as an OLE compound file holding an 'EncryptedPackage' stream
    ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"),
     "tệp Word được khóa bằng mật khẩu nên không đọc được; hãy mở bằng Word, bỏ mật khẩu (Tệp > Thông tin > Bảo vệ "
     "tài liệu > Mã hóa bằng mật khẩu), lưu lại rồi chạy lại, hoặc dùng bản .txt của văn bản"),
    ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64,
     "đây là tệp Word 97-2003 (.doc) mang đuôi .docx; hãy mở bằng Word và lưu lại thành .docx"),
    ("broken.pdf", b"%PDF-1.4 garbage", "không đọc được tệp PDF (tệp bị hỏng hoặc không phải PDF)"),
    ("empty.txt", b"\n\n", "tệp không có chữ nào"),
])
def test_unreadable_files_end_in_a_clear_message(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = runner.invoke(app, ["draft", str(path), "--out", str(tmp_path / "x.yaml")])
    assert (result.exit_code, result.output) == (1, f"Lỗi: “{path}”: {message}\n")  # the English goes to the log
    assert not (tmp_path / "x.yaml").exists()


def test_a_pdf_locked_with_a_password_is_said_to_be_locked_not_damaged(tmp_path: Path) -> None:
    """A PDF that asks for a password to open (tests/data/pdf/co-mat-khau.pdf, a blank page locked with pypdf) was
    called damaged or not a PDF; an officer then sends the same file again."""
    locked = ROOT / "tests" / "data" / "pdf" / "co-mat-khau.pdf"
    with pytest.raises(DocumentError, match=r"the PDF is locked with a password"):
        read_lines(locked)
    result = runner.invoke(app, ["draft", str(locked), "--out", str(tmp_path / "x.yaml")])
    assert (result.exit_code, result.output) == (
        1, f"Lỗi: “{locked}”: tệp PDF được khóa bằng mật khẩu nên không đọc được; hãy mở tệp bằng mật khẩu rồi lưu "
           "(hoặc in) ra một tệp PDF không có mật khẩu, hoặc dùng bản .docx hay .txt của văn bản\n")
    assert not (tmp_path / "x.yaml").exists()


def test_text_typed_in_a_legacy_tcvn3_font_is_repaired(tmp_path: Path) -> None:
    sentence = "báo cáo kết quả trước ngày 20 hằng tháng"
    legacy = sentence.translate(str.maketrans(_TCVN3_DST, _TCVN3_SRC))
    assert legacy != sentence
    path = tmp_path / "legacy.txt"
    path.write_bytes(legacy.encode("latin-1"))
    assert read_lines(path) == [sentence]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed: "
                    "apt-get install libreoffice-writer-nogui to convert .docx to .pdf")
def test_a_pdf_made_by_libreoffice_drafts_like_its_text(tmp_path: Path) -> None:
    document = docx.Document()
    for line in BUNDLED_TEXT.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line.replace("**", ""))
    document.save(str(tmp_path / "dispatch.docx"))
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(tmp_path / "dispatch.docx")], check=True, capture_output=True, timeout=180)
    from_pdf, from_txt = draft_file(tmp_path / "dispatch.pdf"), draft_file(BUNDLED_TEXT)
    for name in ("kind", "number", "issuer", "parent", "dated", "subject", "period", "signer", "signer_title"):
        assert getattr(from_pdf, name).value == getattr(from_txt, name).value, name
    assert [r.value for r in from_pdf.recipients] == [r.value for r in from_txt.recipients]
    assert [t.quote for t in from_pdf.tasks] == [t.quote for t in from_txt.tasks]


# --------------------------------------------------------------------------- deadlines


@pytest.mark.parametrize(("sentence", "spec"), [
    ("1. Treo băng rôn trước ngày 29/9.", "due 2025-09-29"),  # the document is of 14/8/2025
    ("1. Xây dựng chuyên mục, hoàn thành trong tháng 6.", "due 2025-06-30"),
    ("1. Cập nhật kết quả trước 17 giờ thứ Năm hằng tuần.", "week thursday 17:00"),
    ("1. Tổng hợp số thu trước 16 giờ 30 phút thứ Sáu hàng tuần.", "week friday 16:30"),
    ("1. Báo cáo kết quả trước ngày 20 hằng tháng.", "month 20"),
    ("1. Kiện toàn bộ phận trong 05 ngày làm việc kể từ ngày ban hành.", "due 2025-08-21"),
    ("1. Gửi ý kiến trong 05 ngày làm việc kể từ ngày nhận được hồ sơ.", "todo"),
    ("1. Hoàn thành thu ngân sách trong Quý IV năm 2025.", "due 2025-12-31"),
    ("1. Rà soát số liệu, hoàn thành trước ngày 15 tháng 7 năm 2025.", "due 2025-07-15"),
    ("1. Tổng hợp, báo cáo định kỳ hằng quý.", "quarter end"),
    ("1. Báo cáo tiến độ trước 3 giờ chiều thứ Tư hàng tuần.", "week wednesday 15:00"),
    ("1. Báo cáo bằng văn bản trước ngày 05 của tháng tiếp theo.", "month 5"),
    ("1. Kiện toàn tổ công tác. Hạn chót: 15/11/2025.", "due 2025-11-15"),
    ("1. Tập huấn cho thành viên, trước 15h00 ngày 20/11/2025.", "due 2025-11-20"),
    ("1. Hướng dẫn người dân, thực hiện từ nay đến hết năm 2025.", "due 2025-12-31"),
    ("1. Thăm hỏi, tặng quà gia đình chính sách, hoàn thành trước Tết Nguyên đán.", "todo"),
    ("1. Báo cáo tình hình hằng ngày về Văn phòng.", "day -"),
    ("1. Tập huấn kỹ năng cho học sinh, thời gian: tháng 9/2025.", "due 2025-09-30"),
    ("1. Xây dựng chuyên mục, thực hiện trong tháng 7-8/2025.", "due 2025-08-31"),
    ("1. Đăng tải thông tin cảnh báo từ 15/7 đến 15/8/2025.", "due 2025-08-15"),
    ("1. Báo cáo tổng kết chậm nhất 05 ngày sau khi kết thúc chiến dịch.", "todo"),
])
def test_deadline_phrases_become_due_dates_or_schedules(sentence: str, spec: str) -> None:
    parts = [p for t in _draft_of([sentence]).tasks for p in t.parts]
    assert [p.deadline.spec() if p.deadline else "none" for p in parts] == [spec]


def test_a_plain_number_with_dotted_items_under_it_is_one_task_with_parts() -> None:
    d = extract(["UBND TỈNH HÀ TĨNH", "BAN AN TOÀN GIAO THÔNG", "Số: 5/KH-BATGT", "Hà Tĩnh, ngày 10 tháng 6 năm 2024",
                 "KẾ HOẠCH", "Thử", "", "I. NỘI DUNG", "1. Tuyên truyền", "1.1. Chuyên mục, trong tháng 7/2024.",
                 "1.2. Cảnh báo trước ngày 15/8/2024.", "2. Ra quân trước 30/6."])
    assert d.issuer is not None and d.issuer.value == "Ban An toàn giao thông tỉnh Hà Tĩnh"
    assert [(t.id, [p.id for p in t.parts]) for t in d.tasks] == [("1.1", ["1.1a", "1.1b"]), ("1.2", ["1.2"])]


def test_a_report_due_the_next_month_is_due_in_the_next_period() -> None:
    text = render_yaml(_draft_of(["1. Báo cáo bằng văn bản trước ngày 05 của tháng tiếp theo."]))
    assert "        recurs:\n          every: month\n          day: 5\n          due_next_period: true\n" in text


def test_a_task_without_deadline_gets_none_and_a_todo_saying_so() -> None:
    d = _draft_of(["1. Tổ chức thăm hỏi, tặng quà cho gia đình chính sách."])
    assert d.tasks[0].parts[0].deadline is None
    assert "# TODO: the text gives this part no deadline; set `due` (a date) or `recurs` (a schedule)" in render_yaml(d)


def test_weekly_report_is_written_as_a_recurring_part_over_the_campaign() -> None:
    data = yaml.safe_load(render_yaml(draft_file(WEEKLY)))
    part = next(p for t in data["tasks"] for p in t["parts"] if p["id"] == "4a")
    assert part["recurs"] == {"every": "week", "weekday": "thursday", "time": "17:00",
                              "first": date(2025, 8, 15), "last": date(2025, 9, 15)}
    assert part["quote"] == ("Chế độ báo cáo: UBND các xã, phường, đặc khu cập nhật kết quả thực hiện vào bảng "
                             "theo dõi dùng chung trước 17 giờ thứ Năm hằng tuần")


@pytest.mark.parametrize(("sentence", "rhythm"), [
    ("1. Các xã báo cáo kết quả trước 17 giờ thứ Sáu hằng tuần.",
     {"deadline_weekday": "friday", "deadline_time": "17:00", "check_weekday": "monday"}),
    ("1. Các xã báo cáo tiến độ trước 10 giờ 00 sáng thứ Hai hàng tuần.",
     {"deadline_weekday": "monday", "deadline_time": "10:00", "check_weekday": "tuesday"}),
    ("1. Các xã gửi báo cáo vào thứ 4 hằng tuần.",
     {"deadline_weekday": "wednesday", "deadline_time": "17:00", "check_weekday": "thursday"}),
])
def test_the_weekly_deadline_of_the_text_becomes_the_trackers_weekly_deadline(
        sentence: str, rhythm: dict[str, str], tmp_path: Path) -> None:
    from tracker.entry_workbook import instructions

    text = render_yaml(_draft_of(["Thời gian: từ ngày 15/8/2025 đến ngày 15/9/2025.", sentence]))
    assert yaml.safe_load(text)["rhythm"] == rhythm
    tracker = parse_tracker(_fill_todos(text), base_dir=tmp_path)
    weekday_vi = {"friday": "thứ Sáu", "monday": "thứ Hai", "wednesday": "thứ Tư"}[rhythm["deadline_weekday"]]
    assert any(f"cập nhật trước {rhythm['deadline_time']} {weekday_vi} hằng tuần" in line
               for _, line in instructions(tracker))


def test_a_text_without_a_weekly_deadline_leaves_a_todo_saying_the_default_applies() -> None:
    text = render_yaml(_draft_of(["1. Báo cáo kết quả trước ngày 20/9/2025."]))
    assert "rhythm" not in yaml.safe_load(text)
    assert ("# TODO: the text gives no weekly deadline: the format's default applies (units update before 17:00 "
            "thursday, the check runs on friday); set `rhythm` if the office uses another day") in text


# --------------------------------------------------------------------------- the YAML draft


def _fill_todos(text: str) -> str:
    """What a person does with the draft's blocking TODOs: a period, a unit, a date for each part without one."""
    data: dict[str, Any] = yaml.safe_load(text)
    if data["campaign"]["start"] is None:
        data["campaign"] = {"start": date(2026, 1, 1), "end": date(2026, 12, 31)}
    if not data["units"]:
        data["units"] = [{"id": "don-vi-1", "name": "Đơn vị 1", "sheet": "Đơn vị 1"}]
    if not data["tasks"]:
        data["lists"]["tasks"] = [{"value": "1", "label": "Nhiệm vụ"}]
        data["tasks"] = [{"id": "1", "title": "Nhiệm vụ", "quote": "…",
                          "parts": [{"id": "1", "title": "…", "due": None, "rule": {"kind": "count", "min": 1}}]}]
    unit_ids = {u["id"] for u in data["units"]}
    for task in data["tasks"]:
        for part in task["parts"]:
            if "recurs" in part and part["recurs"]["first"] is None:
                part["recurs"].update(first=data["campaign"]["start"], last=data["campaign"]["end"])
            elif "recurs" not in part and part.get("due") is None:
                part["due"] = data["campaign"]["end"]
            if "applies_to" in part and not set(part["applies_to"].get("units", [])) <= unit_ids:
                del part["applies_to"]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_draft_loads_once_its_blocking_todos_are_filled_and_only_then(path: Path, tmp_path: Path) -> None:
    d = draft_file(path)
    rendered = render(d)
    written = write_draft(d, tmp_path / "draft.yaml")
    try:
        load_tracker(written)
        loads = True
    except DefinitionError as exc:
        loads = False
        text = written.read_text(encoding="utf-8").splitlines()
        for problem in exc.problems:
            # Each field that stops it is one a TODO marks: the comment stands within the lines above it.
            assert problem.line is not None
            near = text[max(0, problem.line - 8):problem.line + 12]
            assert any("# TODO" in line for line in near), (problem, near)
    assert loads == (not rendered.to_fill)
    parse_tracker(_fill_todos(rendered.text), base_dir=tmp_path)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_every_guess_quotes_the_line_it_came_from(path: Path) -> None:
    source = read_lines(path)
    text = render_yaml(draft_file(path))
    quotes = re.findall(r'# line (\d+): (".*")$', text, flags=re.M)
    assert len(quotes) >= 8
    for number, quoted in quotes:
        # A block printed on several lines (the signer's title) is quoted as 'first / second'.
        for k, piece in enumerate(yaml.safe_load(quoted).removesuffix("…").split(" / ")):
            assert piece in " ".join(source[int(number) - 1 + k:int(number) + k + 1]), (number, piece)


def test_communes_that_fold_alike_get_distinct_ids_and_sheets() -> None:
    d = extract(["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI", "Số: 1/UBND", "Quảng Ngãi, ngày 02 tháng 9 năm 2025", "V/v thử",
                 "Kính gửi: UBND các xã, phường, đặc khu.", "", "1. Báo cáo trước ngày 10/9/2025."])
    assert [(u.id, u.sheet) for u in d.units if u.sheet.startswith(("Xã Sơn H", "Xã Ba T"))] == [
        ("xa-son-ha-21292", "Xã Sơn Hạ (21292)"), ("xa-son-ha-21289", "Xã Sơn Hà (21289)"),
        ("xa-ba-to-21523", "Xã Ba Tô (21523)"), ("xa-ba-to-21484", "Xã Ba Tơ (21484)")]
    assert len(d.units) == 96


def test_communes_come_from_the_registry_with_code_and_labels() -> None:
    d = draft_file(WEEKLY)
    assert len(d.units) == 78
    assert len({u.id for u in d.units}) == 78 and len({u.sheet for u in d.units}) == 78
    first = d.units[0]
    assert (first.id, first.name, first.sheet, first.code, first.labels) == (
        "phuong-dong-hoi", "Ủy ban nhân dân phường Đồng Hới", "Phường Đồng Hới", "18880", {"loai": "Phường"})
    assert {u.labels["loai"] for u in d.units} == {"Phường", "Xã", "Đặc khu"}


def test_an_unknown_registry_province_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["draft", str(WEEKLY), "--registry-province", "Atlantis",
                                 "--out", str(tmp_path / "x.yaml")])
    assert result.exit_code == 1
    assert result.output.startswith("Lỗi: --registry-province “Atlantis” không phải tên một trong 34 tỉnh, thành phố "
                                    "của danh mục hành chính (từ ngày 01/7/2025);")
    merged = runner.invoke(app, ["draft", str(WEEKLY), "--registry-province", "Quảng Nam",
                                 "--out", str(tmp_path / "x.yaml")])
    assert (merged.exit_code, merged.output) == (1, "Lỗi: --registry-province “Quảng Nam” không còn là một tỉnh: tỉnh "
                                                    "Quảng Nam đã được nhập vào Thành phố Đà Nẵng theo Nghị quyết "
                                                    "202/2025/QH15 (từ ngày 01/7/2025); hãy dùng “Đà Nẵng”\n")


def test_registry_province_option_chooses_whose_communes_are_listed() -> None:
    d = draft_file(WEEKLY, registry_province="Thành phố Huế")
    assert len(d.units) == 40
    assert (d.units[0].name, d.units[0].code) == ("Ủy ban nhân dân phường Thuận An", "19900")


# --------------------------------------------------------------------------- the command


def test_cli_draft_writes_the_yaml_prints_the_summary_and_refuses_to_overwrite(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker import cli

    # The console is made when the CLI is imported, with that process's width: give it room for the whole table.
    monkeypatch.setattr(cli.out, "width", 200)
    target = tmp_path / "trackers" / "draft.yaml"
    result = runner.invoke(app, ["draft", str(DOCX), "--out", str(target)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "│ Số, ký hiệu              │ 2150/QĐ-UBND" in result.output
    assert "│ Đơn vị                   │ 41 (40 theo danh mục hành chính)" in result.output
    assert "│ Thời hạn                 │ 5/5 phần có thời hạn" in result.output
    # The numbered items not made tasks are the plan's three section headings and the decision's three articles.
    assert "│ Mục không thành nhiệm vụ │ 6 mục đánh số (xem cuối tệp)" in result.output
    assert result.output.endswith(
        f"Đã ghi {target}.\nBản nháp dùng được ngay; hãy đối chiếu từng chỗ đoán với văn bản.\nCòn 8 chỗ TODO khác "
        "cần xem lại; 4 mốc ngày và 6 mục đánh số của văn bản không được dùng, liệt kê ở cuối tệp.\n")
    tracker = load_tracker(target)
    assert (tracker.directive.number, tracker.campaign.start, len(tracker.units)) == ("2150/QĐ-UBND", date(2025, 10, 1), 41)
    again = runner.invoke(app, ["draft", str(DOCX), "--out", str(target)])
    assert again.exit_code == 1
    assert again.output == f"Lỗi: “{target}” đã có; chọn tên khác với --out, hoặc thêm --force để ghi đè\n"


def test_cli_draft_names_how_many_fields_remain(tmp_path: Path) -> None:
    target = tmp_path / "d.yaml"
    result = runner.invoke(app, ["draft", str(PDF), "--out", str(target)])
    assert result.exit_code == 0, result.output
    assert (f"Còn 1 trường cần điền trước khi dùng được (xem các chú thích # TODO; rồi chạy `tracker "
            f"validate-definition {target}`).\n  - phần việc 2.3 (dòng 23): văn bản không nêu thời hạn; ghi `due` "
            "(một ngày) hoặc `recurs` (lịch định kỳ)\nCòn 9 chỗ TODO khác cần xem lại;") in result.output


def test_cli_draft_of_a_text_that_is_no_directive_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "hello.txt").write_text("hello\n", encoding="utf-8")
    result = runner.invoke(app, ["draft", str(tmp_path / "hello.txt"), "--out", str(tmp_path / "d.yaml")])
    assert (result.exit_code, result.output) == (1, f"Lỗi: “{tmp_path / 'hello.txt'}” không giống một văn bản chỉ "
                                                    "đạo: không tìm thấy loại văn bản, số, cơ quan ban hành hay nhiệm "
                                                    "vụ nào; chưa ghi tệp tracker nào.\n")
    assert not (tmp_path / "d.yaml").exists()


# --------------------------------------------------------------------------- measured


def _scorer() -> Any:
    spec = importlib.util.spec_from_file_location("draft_score", ROOT / "benchmarks" / "draft_score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# What the rules reach on the corpus (docs/benchmarks.md); a change that loses any field fails here.
FLOORS = {"metadata": 209, "recipients": 98, "period": 19, "key dates": 21, "tasks": 182, "deadlines": 96,
          "report regime": 19}


def test_scorer_figures_stay_at_or_above_what_the_rules_reached() -> None:
    totals = _scorer().score_corpus()["totals"]
    assert {c: totals[c][0] for c in FLOORS} == FLOORS
    assert all(right == total for right, total in totals.values()), totals


def test_scorer_counts_a_wrong_field_as_wrong() -> None:
    scorer = _scorer()
    expected = yaml.safe_load((CORPUS / "ke-hoach-2024-thang-hanh-dong-tre-em.expected.json").read_text(encoding="utf-8"))
    expected["metadata"]["number"] = "90/KH-UBND"
    expected["parts"]["3.3"] = "due 2024-06-30"
    scores = scorer.score_document(expected, draft_file(CORPUS / expected["document"]))
    assert scores["metadata"][:2] == (10, 11)
    assert scores["deadlines"][:2] == (6, 7)


# --------------------------------------------------------------------------- the bundled dispatch


def _fill_from(draft_yaml: str, hand: Tracker) -> dict[str, Any]:
    """Fill the draft's TODOs from the hand-written tracker: units, lists, columns, words, parts' rules and dues."""
    data: dict[str, Any] = yaml.safe_load(draft_yaml)
    written = hand.model_dump(mode="json", exclude_none=True)
    for key in ("units", "lists", "columns", "terms", "groupings", "reminders", "spreadsheets"):
        data[key] = written[key]
    data["province"] = {**data["province"], **{k: written["province"][k] for k in ("short_name", "office",
                                                                                  "staff_emails", "signature")}}
    parts = {t["id"]: t["parts"] for t in written["tasks"]}
    for task in data["tasks"]:
        task["parts"] = parts[task["id"]]
    return data


def test_the_bundled_dispatch_drafted_and_filled_gets_the_hand_written_statuses(
        tracker: Tracker, sample_book: Path) -> None:
    d = draft_file(BUNDLED_TEXT)
    assert d.number and d.dated and d.subject and d.signer and d.period, "the draft missed a header field"
    # What the draft took from the text is what the hand-written tracker says.
    assert (d.number.value, d.dated.value, d.subject.value, d.signer.value) == (
        tracker.directive.number, tracker.directive.dated, " ".join(tracker.directive.subject.split()),
        tracker.directive.signer)
    assert d.period.value == (tracker.campaign.start, tracker.campaign.end)
    assert [t.id for t in d.tasks] == [t.id for t in tracker.tasks]
    filled = _fill_from(render_yaml(d), tracker)
    drafted = parse_tracker(yaml.safe_dump(filled, allow_unicode=True, sort_keys=False),
                            base_dir=bundled_tracker_path().parent)

    def statuses(t: Tracker) -> list[tuple[str, str, str]]:
        result = check(t, XlsxSource([sample_book]), load_sample(tracker).as_of)
        return [(p.unit, p.part, p.status) for p in result.evaluation.parts()]

    expected = statuses(tracker)
    assert len(expected) == 20 * 7
    assert statuses(drafted) == expected


def test_a_commune_named_in_full_gets_its_registry_code() -> None:
    d = extract(["UBND TỈNH QUẢNG TRỊ", "SỞ Y TẾ", "Số: 7/SYT-VP", "Quảng Trị, ngày 02 tháng 9 năm 2025", "V/v thử",
                 "Kính gửi:", "- UBND phường Đông Hà;", "- Trung tâm Y tế khu vực Vĩnh Linh.", "",
                 "1. Báo cáo trước ngày 10/9/2025."])
    assert [(u.name, u.code, u.labels) for u in d.units] == [
        ("UBND phường Đông Hà", "19333", {"loai": "Phường"}),
        ("Trung tâm Y tế khu vực Vĩnh Linh", None, {}),
    ]


def test_communes_addressed_without_a_province_are_left_to_a_person() -> None:
    d = extract(["SỞ Y TẾ", "Số: 7/SYT-VP", "Đồng Hới, ngày 02 tháng 9 năm 2025", "V/v thử",
                 "Kính gửi: UBND các xã, phường.", "", "1. Báo cáo trước ngày 10/9/2025."])
    assert d.units == [] and [r.value for r in d.unexpanded] == ["UBND các xã, phường"]
    assert ('# TODO: list the units of "UBND các xã, phường" (line 5): the province is not named in the header: '
            'give it with --registry-province') in render_yaml(d)


_FRAGMENTS = sorted({line for path in DOCUMENTS for line in read_lines(path)} | {"", "Số:", "ngày", "1.", "a)", "-", "|",
                                                                              "Kính gửi:", "Nơi nhận:", "I.", "trước ngày 31/2"})


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=40), st.lists(st.text(max_size=30), max_size=5))
def test_any_jumble_of_directive_lines_drafts_without_a_traceback(lines: list[str], noise: list[str]) -> None:
    text = render_yaml(extract([*lines, *noise]))
    assert isinstance(yaml.safe_load(text), dict)
    with contextlib.suppress(DefinitionError):  # fields left to a person; drafting and loading must not crash
        parse_tracker(text)


# --------------------------------------------------------------------------- what issue 28 found on published texts


def test_part_ids_go_on_past_z_and_never_repeat() -> None:
    d = _draft_of(["1. Rà soát các nội dung sau:", *(f"- Nội dung {k}, xong trước ngày {k % 28 + 1}/9/2025;"
                                                       for k in range(30))])
    ids = [p.id for t in d.tasks for p in t.parts]
    assert ids[24:] == ["1y", "1z", "1aa", "1ab", "1ac", "1ad"]
    assert len(ids) == len(set(ids)) == 30


def test_communes_addressed_twice_are_listed_once() -> None:
    d = extract(["UBND TỈNH QUẢNG TRỊ", "SỞ Y TẾ", "Số: 7/SYT-VP", "Quảng Trị, ngày 02 tháng 9 năm 2025", "V/v thử",
                 "Kính gửi: Ủy ban nhân dân các xã, phường, đặc khu.", "",
                 "1. Giao UBND các xã, phường tổ chức tiêm chủng, xong trước ngày 30/9/2025.",
                 "2. UBND các xã, phường, đặc khu báo cáo trước ngày 05/10/2025."])
    assert len(d.units) == 78
    assert len({u.id for u in d.units}) == len({u.code for u in d.units}) == 78


def test_answerable_to_a_body_is_no_deadline_and_a_monthly_day_is_a_monthly_report() -> None:
    d = _draft_of(["1. Sở Tư pháp chủ trì, định kỳ ngày 20 hàng tháng báo cáo UBND tỉnh; chịu trách nhiệm trước "
                   "UBND tỉnh về kết quả thực hiện."])
    assert [(p.id, p.deadline.spec() if p.deadline else None) for t in d.tasks for p in t.parts] == [("1", "month 20")]
    assert d.unused_dates == []


def test_a_group_with_its_members_on_the_line_is_expanded_and_an_unlisted_group_is_one_todo() -> None:
    d = _draft_of(["1. Các Bộ: Công an, Tư pháp, Văn hóa, Thể thao và Du lịch có ý kiến trước ngày 10/9/2025.",
                   "2. Các sở, ban, ngành liên quan phối hợp thực hiện, xong trước ngày 20/9/2025."])
    assert [t.units for t in d.tasks] == [("Bộ Công an", "Bộ Tư pháp", "Bộ Văn hóa, Thể thao và Du lịch"),
                                          ("Các sở, ban, ngành liên quan",)]
    names = [u.name for u in d.units if not u.code]
    assert names == ["Bộ Công an", "Bộ Tư pháp", "Bộ Văn hóa, Thể thao và Du lịch"]
    assert [r.value for r in d.unexpanded] == ["Các sở, ban, ngành liên quan"]
    assert 'TODO: list the units of "Các sở, ban, ngành liên quan" (line 9): a group the text does not list' in \
        render_yaml(d)


def test_a_task_written_as_a_sentence_becomes_a_task_for_the_bodies_it_names() -> None:
    d = _draft_of(["Văn phòng đề nghị như sau: Giao các Bộ: Tư pháp, Công an có ý kiến về dự thảo, gửi Sở trước "
                   "ngày 10 tháng 5 năm 2026. Trân trọng."])
    assert [(t.id, t.units, [p.deadline.spec() for p in t.parts if p.deadline]) for t in d.tasks] == [
        ("P1", ("Bộ Tư pháp", "Bộ Công an"), ["due 2026-05-10"])]


def test_the_copy_list_only_suggests_units() -> None:
    d = extract(["UBND TỈNH QUẢNG TRỊ", "Số: 7/KH-UBND", "Quảng Trị, ngày 02 tháng 9 năm 2025", "KẾ HOẠCH", "Thử",
                 "1. Sở Y tế tổ chức tiêm chủng, xong trước ngày 30/9/2025.", "Nơi nhận:", "- Sở Y tế;",
                 "- Báo Quảng Trị;", "- Lưu: VT.", "CHỦ TỊCH", "Nguyễn Văn A"])
    assert [u.name for u in d.units] == ["Sở Y tế"]
    assert [r.value for r in d.suggested] == ["Báo Quảng Trị"]
    assert '#   line 9: "Báo Quảng Trị"' in render_yaml(d)


_DATE = re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}(?:/\d{4})?(?![\d/])|tháng \d{1,2}(?:/| năm )\d{4}|hằng quý|hàng tháng")
_NUMBERED = re.compile(r"^(\d{1,2}(\.\d{1,2})*[.)]|\(\d{1,2}\)\.?|[a-zđ]\)|[-+•]) ")


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_every_dated_line_and_numbered_item_of_the_body_ends_somewhere(path: Path) -> None:
    """Nothing silently dropped: a dated line is a part's, the period's, a key date's, or listed as unused; a
    numbered item is a task, a part, or listed as not a task."""
    d = draft_file(path)
    body = range(1, len(d.lines) + 1)
    start = next((d.lines.index(line) + 1 for line in d.lines if line.startswith("Kính gửi")), 0)
    while start and start < len(d.lines) and (not d.lines[start] or d.lines[start][:1] in "-+•"):
        start += 1  # the addressees listed under 'Kính gửi'
    start -= 2
    copies = next((k + 1 for k, line in enumerate(d.lines) if line.startswith("Nơi nhận")), len(d.lines) + 1)
    annex = next((k + 1 for k, line in enumerate(d.lines) if k + 1 > copies and line.startswith("PHỤ LỤC")),
                 len(d.lines) + 1)
    ended = {p.line for t in d.tasks for p in t.parts} | {t.line for t in d.tasks} | {u.line for u in d.unused_dates}
    ended |= {u.line for u in d.not_tasks} | {f.line for f in [*d.key_dates, *([d.period] if d.period else [])]}
    items: list[int] = []
    for n in body:
        text = d.lines[n - 1]
        in_body = (n > (d.subject.line if d.subject else 0) and n > start + 2 and n < copies) or n > annex
        if not in_body or text.startswith(("Kính gửi", "Nơi nhận")):
            continue
        if _NUMBERED.match(text) or _DATE.search(text):
            items.append(n)
    assert items, "the body holds no dated or numbered line"
    # A wrapped item counts where its paragraph starts: look a few lines up.
    lost = [n for n in items if not any(m in ended for m in range(n - 3, n + 1))]
    assert lost == [], [d.lines[n - 1] for n in lost]


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_the_summary_counts_every_todo_the_file_holds(path: Path) -> None:
    d = draft_file(path)
    rendered = render(d)
    assert len(rendered.todos) == rendered.text.count("# TODO")
    row = next(r for r in summary(d) if r.field == "Cần điền (TODO)")
    blocking = len(rendered.to_fill)
    assert row.value == f"{blocking} chỗ phải điền để tệp nạp được, {len(rendered.todos) - blocking} chỗ cần kiểm tra"
