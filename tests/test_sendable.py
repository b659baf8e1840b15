"""Every output right and sendable as it is (issue 24): what an officer reads, prints and sends.

Each test pins one thing a provincial officer would otherwise fix by hand before sending: the deadline and
period a recurring part is late for, the source that holds no unit's sheet, who the weekly report is from and
to, blocking versus advisory problems, dates, CSV encodings, documents' layout, the report on a phone, the
workbook, the CLI's language, where files go, names in letters, helper tabs and the Colab install cell.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sys
import types
import unicodedata
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from docx import Document
from helpers import AS_OF, build_workbook
from typer.testing import CliRunner

from tracker.check import CheckResult, check, findings
from tracker.cli import app
from tracker.definition import Tracker, bundled_tracker_path, load_tracker, parse_tracker
from tracker.documents import build_content, write_document
from tracker.documents.content import Para, Table
from tracker.errors import SourceError
from tracker.evaluate import PartStatus
from tracker.notices import compose_notices
from tracker.parse import parse_date
from tracker.report.html import render_html
from tracker.report.unit_page import unit_context
from tracker.report.xlsx import xlsx_bytes
from tracker.sources import CsvFolderSource, XlsxSource
from tracker.weekly import RunOptions, Workspace, run

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "weekly_check.ipynb"
TRIEU_PHONG = "trieu-phong-phong-vhtt"
GIO_LINH_TT = "gio-linh-trung-tam"


@pytest.fixture(scope="module")
def result(tracker: Tracker, sample_book: Path) -> CheckResult:
    return check(tracker, XlsxSource([sample_book]), AS_OF)


def part(result: CheckResult, unit: str, part_id: str) -> PartStatus:
    return next(p for ts in result.evaluation.unit_tasks(unit) for p in ts.parts if p.part == part_id)


def docx_text(path: Path) -> str:
    """Every paragraph of the body, the tables' cells one a line, in reading order."""
    doc = Document(str(path))
    lines: list[str] = []
    for block in doc.element.body.iter():
        if block.tag.endswith("}p") and block.getparent().tag.endswith("}body"):
            lines.append("".join(t.text or "" for t in block.iter() if t.tag.endswith("}t")))
        elif block.tag.endswith("}tc"):
            lines.append(" | ".join("".join(t.text or "" for t in p.iter() if t.tag.endswith("}t"))
                                    for p in block if p.tag.endswith("}p")))
    return "\n".join(lines)


# --------------------------------------------------------------------------- 1. recurring parts


def test_monthly_part_is_late_for_the_month_missed_with_that_months_deadline(result: CheckResult) -> None:
    late = part(result, TRIEU_PHONG, "3a")
    assert (late.status, late.due, late.days_overdue, late.period) == ("overdue", date(2023, 7, 31), 18, "Tháng 7/2023")
    # September has not begun on 18/08/2023: never listed as missing, at most as the next period due
    assert late.reasons == ("Không có hoạt động nào trong tháng 7/2023 (hạn 31/07/2023).",
                            "Kỳ tới: tháng 9/2023, hạn 30/09/2023.")
    assert [(p.label, p.state) for p in late.periods] == [("Tháng 7/2023", "missing"), ("Tháng 8/2023", "on_time"),
                                                          ("Tháng 9/2023", "upcoming")]


def test_monthly_part_in_progress_is_due_at_the_end_of_the_next_month(result: CheckResult) -> None:
    going = part(result, "dong-ha-phong-vhtt", "3a")
    assert (going.status, going.due, going.period, going.reasons) == (
        "in_progress", date(2023, 9, 30), "Tháng 9/2023", ("Kỳ tới: tháng 9/2023, hạn 30/09/2023.",))


def test_findings_name_the_late_period_and_its_deadline(result: CheckResult) -> None:
    data = findings(result)
    entry = next(p for ts in data["matrix"] if ts["unit"] == TRIEU_PHONG for p in ts["parts"] if p["id"] == "3a")
    assert (entry["due"], entry["period"], entry["days_overdue"]) == ("2023-07-31", "Tháng 7/2023", 18)
    assert not any("tháng 9/2023 (hạn" in r for r in entry["reasons"])


def test_report_html_lists_the_late_month_once_with_its_own_deadline(result: CheckResult) -> None:
    html = render_html(result)
    gaps = html[html.index("Việc còn thiếu"):html.index("Lỗi dữ liệu theo đơn vị")]
    line = next(li for li in re.findall(r"<li>.*?</li>", gaps) if "Quá hạn 18 ngày" in li and "<b>3a</b>" in li)
    assert "30/09/2023" not in line.split("Kỳ tới")[0]
    assert line.count("(hạn 31/07/2023)") == 1
    assert "Chưa có hoạt động nào trong tháng 9" not in html


def test_unit_page_card_gives_the_late_month_and_its_deadline(result: CheckResult, tracker: Tracker) -> None:
    ctx = unit_context(result, tracker.unit(TRIEU_PHONG))
    card = next(r for r in ctx["rows"] if r["s"].part == "3a")
    assert card["due"] == "tháng 7/2023, hạn 31/07/2023"
    assert [(pd["p"].label, pd["label"]) for pd in card["periods"]] == [
        ("Tháng 7/2023", "Không có hoạt động (quá hạn)"), ("Tháng 8/2023", "Có hoạt động"),
        ("Tháng 9/2023", "Chưa bắt đầu")]  # a month holds activities, not a report
    assert ctx["todo"][0] == ("Thực hiện và nhập hoạt động cho phần việc 3a – Tuyên truyền thường xuyên, mỗi tháng "
                              "trong đợt cao điểm (tháng 7/2023, hạn 31/07/2023, đã quá hạn 18 ngày).")


def test_weekly_report_and_letters_name_the_late_month(result: CheckResult, tracker: Tracker, tmp_path: Path) -> None:
    data = findings(result)
    weekly = docx_text(write_document("weekly", tracker, data, tmp_path))
    assert ("3a. Tuyên truyền thường xuyên, mỗi tháng trong đợt cao điểm (tháng 7/2023, hạn 31/07/2023, quá 18 ngày)"
            in weekly)
    one = docx_text(write_document("reminder_letter", tracker, data, tmp_path, unit=TRIEU_PHONG))
    assert "(phần việc 3a, tháng 7/2023, hạn 31/07/2023, đã quá 18 ngày)" in one
    assert "tháng 9/2023 (hạn" not in one
    every = docx_text(write_document("reminder_letter", tracker, data, tmp_path))
    assert "3a. Tuyên truyền thường xuyên, mỗi tháng trong đợt cao điểm\n31/07/2023 (tháng 7/2023)\n18\n" in every


def test_reminder_email_names_the_late_month_and_its_deadline(result: CheckResult) -> None:
    mail = next(n for n in compose_notices(result, report_xlsx=b"x") if n.unit == TRIEU_PHONG)
    assert ("- 3a. Tuyên truyền thường xuyên, mỗi tháng trong đợt cao điểm: Quá hạn 18 ngày · đạt 1/3 (33%). Không có "
            "hoạt động nào trong tháng 7/2023 (hạn 31/07/2023). Kỳ tới: tháng 9/2023, hạn 30/09/2023.") in mail.text
    assert "Tháng 7/2023: 31/07/2023" in mail.html


# --------------------------------------------------------------------------- 2. a source that is not the units'


@pytest.fixture()
def stray_folder(tmp_path: Path) -> Path:
    """A folder of CSVs named for no unit: what a mistyped --source finds."""
    folder = tmp_path / "nham"
    folder.mkdir()
    (folder / "bang-ke.csv").write_text("STT,Ngày,Nội dung\n1,12/07/2023,x\n", encoding="utf-8")
    return folder


def test_remind_from_a_source_without_any_unit_sheet_stops_with_one_line(stray_folder: Path, tmp_path: Path) -> None:
    outbox = tmp_path / "outbox"
    out = CliRunner().invoke(app, ["remind", str(bundled_tracker_path()), "-s", str(stray_folder), "--as-of",
                                   "2023-08-18", "--outbox", str(outbox), "--history", str(tmp_path / "h.sqlite")])
    assert out.exit_code == 1
    lines = [line for line in out.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Lỗi nguồn dữ liệu: ")
    assert "không có trang tính của đơn vị nào trong 20 đơn vị" in lines[0] and "--allow-missing" in lines[0]
    assert not outbox.exists() and not (tmp_path / "h.sqlite").exists()


def test_allow_missing_goes_on_and_tells_every_unit(stray_folder: Path, tmp_path: Path) -> None:
    outbox = tmp_path / "outbox"
    out = CliRunner().invoke(app, ["remind", str(bundled_tracker_path()), "-s", str(stray_folder), "--as-of",
                                   "2023-08-18", "--outbox", str(outbox), "--no-history", "--allow-missing"])
    assert out.exit_code == 0, out.output
    assert len(list(outbox.glob("*-reminder-*.eml"))) == 20


@pytest.mark.parametrize("command", ["check", "document"])
def test_check_and_document_stop_too(command: str, stray_folder: Path, tmp_path: Path) -> None:
    args = (["document", "weekly"] if command == "document" else ["check"]) + [
        str(bundled_tracker_path()), "-s", str(stray_folder), "--as-of", "2023-08-18", "--out", str(tmp_path / "out"),
        "--no-history"]
    out = CliRunner().invoke(app, args)
    assert out.exit_code == 1 and "--allow-missing" in out.output
    assert not (tmp_path / "out").exists()


def test_the_tools_own_report_given_as_the_source_stops_with_one_line(sample_book: Path, tmp_path: Path) -> None:
    """report.xlsx has a sheet named for every unit, none laid out as the entry workbook: not the units' source."""
    made = CliRunner().invoke(app, ["check", str(bundled_tracker_path()), "-s", str(sample_book), "--as-of", "2023-08-18",
                                    "--no-history", "--out", str(tmp_path / "bao-cao")])
    assert made.exit_code == 0, made.output
    report = tmp_path / "bao-cao" / "report.xlsx"
    outbox = tmp_path / "outbox"
    out = CliRunner().invoke(app, ["remind", str(bundled_tracker_path()), "-s", str(report), "--as-of", "2023-08-18",
                                   "--outbox", str(outbox), "--history", str(tmp_path / "h.sqlite")])
    assert (out.exit_code, out.output) == (1, (
        f"Lỗi nguồn dữ liệu: “{report}” có 20 trang tính mang tên đơn vị nhưng không trang nào có dòng tiêu đề của "
        "mẫu nhập liệu (STT, Ngày thực hiện, Nhiệm vụ, …): có thể đã chọn nhầm tệp (ví dụ báo cáo do công cụ viết ra, "
        "không phải trang tính của các đơn vị). Chưa ghi báo cáo, chưa soạn hay gửi thư nào; nếu đúng là vậy, chạy lại "
        "với --allow-missing.\n"))
    assert not outbox.exists() and not (tmp_path / "h.sqlite").exists()


def test_far_fewer_sheets_than_the_last_check_stops_and_stores_nothing(tracker: Tracker, sample_book: Path,
                                                                          tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "h.sqlite", tmp_path / "l.sqlite", tmp_path / "r.xlsx")
    run(tracker, XlsxSource([sample_book]), AS_OF, RunOptions(workspace=ws))
    wb = openpyxl.load_workbook(sample_book)
    for name in [u.sheet for u in tracker.units][:12]:  # 8 of 20 left: under half of the 20 found last time
        del wb[name]
    wb.save(tmp_path / "few.xlsx")
    with pytest.raises(SourceError, match="8/20"):
        run(tracker, XlsxSource([tmp_path / "few.xlsx"]), AS_OF, RunOptions(workspace=ws, notify=True, outbox=tmp_path / "ob"))
    assert not (tmp_path / "ob").exists()
    from tracker.storage.history import History

    with History(ws.history) as h:
        assert len(h.checks(tracker.id)) == 1
    done = run(tracker, XlsxSource([tmp_path / "few.xlsx"]), AS_OF, RunOptions(workspace=ws, allow_missing=True))
    assert sum(1 for u in done.result.intake.units.values() if u.sheet) == 8


def test_sheets_tabs_renamed_en_masse_stop_the_run(tracker: Tracker, emulator: Any, unmerged_sample_book: Path,
                                                   tmp_path: Path) -> None:
    from test_gsheets import load_into

    from tracker.sources.gsheets import GSheetsSource

    book = load_into(emulator, unmerged_sample_book, "KEYGONE")
    for unit in tracker.units:
        tab = book.sheet(unit.sheet)
        assert tab is not None
        tab.title = f"Bản sao {len(unit.id)}-{unit.id[::-1]}"  # names no unit would be matched by
    ws = Workspace(tmp_path / "h.sqlite", tmp_path / "l.sqlite", tmp_path / "r.xlsx")
    with pytest.raises(SourceError, match="không có trang tính của đơn vị nào"):
        run(tracker, GSheetsSource.from_spec("KEYGONE", tracker), AS_OF, RunOptions(workspace=ws, notify=True))
    assert not ws.history.exists() and not ws.ledger.exists()


# --------------------------------------------------------------------------- 3. who the weekly report is from and to


def test_weekly_report_goes_from_the_division_to_the_offices_leadership(result: CheckResult, tracker: Tracker) -> None:
    c = build_content("weekly", tracker, findings(result), issued=date(2023, 8, 21))
    assert (c.parent, c.issuer, c.number) == ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "PHÒNG THÔNG TIN - BÁO CHÍ - XUẤT BẢN",
                                              "     /BC-TTBCXB")
    assert c.addressees == ("Lãnh đạo Sở",)
    assert (c.authority, c.title, c.signer) == ("TRƯỞNG PHÒNG", "", "Trần Văn Bình")
    assert c.recipients == ("Như trên", "Lưu: TTBCXB.")
    closing = [b.text for b in c.body if isinstance(b, Para)][-1]
    assert closing == ("Trên đây là báo cáo tiến độ thực hiện, Phòng Thông tin - Báo chí - Xuất bản kính báo cáo "
                       "Lãnh đạo Sở./.")
    assert not any("KT. GIÁM ĐỐC" in x for x in (c.authority, c.title))


def test_weekly_report_from_the_office_upward_when_the_tracker_says_so(tracker: Tracker, result: CheckResult) -> None:
    text = bundled_tracker_path().read_text(encoding="utf-8").replace("\nprovince:\n", "\ndocuments:\n  weekly_from: province\n\nprovince:\n", 1)
    upward = parse_tracker(text, base_dir=bundled_tracker_path().parent)
    c = build_content("weekly", upward, findings(result), issued=date(2023, 8, 21))
    assert (c.parent, c.issuer, c.addressees) == ("UBND TỈNH QUẢNG TRỊ", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
                                                  ("UBND tỉnh Quảng Trị",))
    assert (c.authority, c.title, c.number) == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "     /BC-STTTT")
    assert [b.text for b in c.body if isinstance(b, Para)][-1].endswith(
        "Sở Thông tin và Truyền thông kính báo cáo UBND tỉnh Quảng Trị./.")


# --------------------------------------------------------------------------- 4. blocking and advisory problems


def test_weekly_report_lists_only_the_rows_to_fix(result: CheckResult, tracker: Tracker, tmp_path: Path) -> None:
    text = docx_text(write_document("weekly", tracker, findings(result), tmp_path))
    section = text[text.index("IV. DỮ LIỆU CÒN LỖI CẦN SỬA"):text.index("V. ĐỀ XUẤT")]
    assert "không cần sửa" not in section and "thiếu năm" not in section
    assert "Còn 10 lỗi làm dòng chưa được tính ở 2 đơn vị" in section
    assert section.count("Ô B17 chứa lỗi công thức") == 2


def test_unit_page_separates_what_to_fix_from_what_to_look_at(result: CheckResult, tracker: Tracker) -> None:
    ctx = unit_context(result, tracker.unit(GIO_LINH_TT))
    assert (len(ctx["fix"]), len(ctx["advice"])) == (5, 11)
    assert "Sửa 5 lỗi trong trang tính (mục “Cần sửa” bên dưới); dòng có lỗi chưa được tính." in ctx["todo"]
    assert {i["p"].code for i in ctx["advice"]} >= {"totals-row", "date-no-year"}


def test_cli_and_report_count_the_same_problems_to_fix(sample_book: Path, result: CheckResult,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker import cli

    monkeypatch.setattr(cli.out, "width", 200)  # one line per unit
    out = CliRunner().invoke(app, ["check", str(bundled_tracker_path()), "-s", str(sample_book), "--as-of",
                                   "2023-08-18", "--no-history"])
    assert out.exit_code == 0, out.output
    row = next(line for line in out.output.splitlines() if "Gio Linh - TT VHTT-TT" in line)
    assert re.search(r"│\s+11/6\s+│\s+5\s+│$", row), row
    html = render_html(result)
    cell = re.search(r'title="Trung tâm Văn hóa Thông tin - Thể dục thể thao huyện Gio Linh">.*?<td class="num">(.*?)</td>',
                     html, re.S)
    assert cell and re.sub(r"<[^>]+>", "", cell.group(1)) == "11 / 5"


# --------------------------------------------------------------------------- 5. dates


@pytest.mark.parametrize(("typed", "day"), [("ngày 19/8/2023", date(2023, 8, 19)), ("Ngày 18/08/2023", date(2023, 8, 18)),
                                            ("ngày: 5/8/2023", date(2023, 8, 5)), ("Thứ Sáu, ngày 11/8/2023", date(2023, 8, 11)),
                                            ("ngày 12 tháng 8", date(2023, 8, 12))])
def test_dates_with_the_word_ngay_are_read(tracker: Tracker, typed: str, day: date) -> None:
    assert parse_date(typed, tracker, date(2023, 8, 31)).value == day


def test_reminder_letter_deadline_follows_the_as_of_date_unless_it_is_gone_when_written(
        result: CheckResult, tracker: Tracker) -> None:
    def deadline_text(issued: date) -> str:
        letter = build_content("reminder_letter", tracker, findings(result), issued=issued)
        return " ".join(b.text for b in letter.body if isinstance(b, Para))

    assert "trước 17:00 thứ Năm, ngày 24/08/2023" in deadline_text(date(2023, 8, 21))  # the Thursday after 18/08/2023
    assert "trước 17:00 thứ Năm, ngày 10/12/2026" in deadline_text(date(2026, 12, 5))  # that one is gone: after the letter's day


def test_report_footer_time_is_the_offices_local_time(result: CheckResult) -> None:
    from dataclasses import replace
    from datetime import UTC, datetime

    html = render_html(replace(result, checked_at=datetime(2023, 8, 18, 20, 30, tzinfo=UTC)))
    assert "Tạo bởi tracker lúc 19/08/2023 03:30 (UTC+07:00)." in html


# --------------------------------------------------------------------------- 6. Windows-1258 CSV


def _cp1258(text: str) -> bytes:
    """As Excel in a Vietnamese locale saves CSV: Windows-1258, tone marks as separate combining characters."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


def test_windows_1258_csv_is_read_without_false_legacy_warnings(tracker: Tracker, tmp_path: Path) -> None:
    unit = tracker.units[0]
    rows = [["STT", "Ngày thực hiện", "Nhiệm vụ", "Hình thức", "Nội dung", "Đối tượng", "Số người tham gia/tiếp cận",
             "Số lượng (tin, bài, buổi, lượt)", "Link minh chứng", "Ghi chú"],
            ["1", "12/07/2023", "1", "Tuyên truyền lưu động", "Tuyên truyền pháp luật", "Học sinh, sinh viên", "120",
             "1", "", "Tuyên truyền"],
            ["2", "28/07/2023", "1", "Hội nghị, tọa đàm", "Hội nghị tuyên truyền cho đồng bào", "Nhân dân", "80", "1",
             "", ""]]
    folder = tmp_path / "csv"
    folder.mkdir()
    lines = "\r\n".join(",".join(f'"{c}"' for c in r) for r in rows) + "\r\n"
    (folder / f"{unit.sheet}.csv").write_bytes(_cp1258(lines))
    checked = check(tracker, CsvFolderSource(folder), AS_OF)
    assert [p.code for p in checked.unit_problems(unit.id) if p.code == "text-legacy-encoding"] == []
    assert [a.content for a in checked.intake.activities] == ["Tuyên truyền pháp luật", "Hội nghị tuyên truyền cho đồng bào"]
    assert [a.audiences for a in checked.intake.activities] == [("Học sinh, sinh viên",), ("Nhân dân",)]


# --------------------------------------------------------------------------- 8. Word layout


@pytest.fixture(scope="module")
def documents(result: CheckResult, tracker: Tracker, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("docs")
    data = findings(result)
    return {kind: write_document(kind, tracker, data, folder) for kind in ("weekly", "final", "reminder_letter")}


def test_no_table_row_splits_across_pages(documents: dict[str, Path]) -> None:
    for path in documents.values():
        doc = Document(str(path))
        body_rows = [tr for tbl in doc.element.body.iter() if tbl.tag.endswith("}tbl")
                     for tr in tbl if tr.tag.endswith("}tr")]
        assert body_rows
        for tr in body_rows:
            assert tr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}trPr/"
                           "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}cantSplit") is not None, path


def test_annex_columns_fit_their_longest_word_and_give_the_text_the_room(result: CheckResult,
                                                                         tracker: Tracker) -> None:
    annex = build_content("final", tracker, findings(result)).annexes[0].blocks[0]
    assert isinstance(annex, Table)
    widths = dict(zip(annex.headers, annex.widths, strict=True))
    assert abs(sum(annex.widths) - 16.5) < 0.05
    assert widths["Nhiệm vụ"] >= 1.4  # 'Nhiệm' bold at 11 pt, never broken inside the word
    assert widths["Nội dung, minh chứng"] == max(annex.widths) >= 6
    assert "Minh chứng" not in annex.headers  # the evidence goes under the content, not in a column of its own


def test_signature_block_keeps_the_closing_line_with_it(documents: dict[str, Path]) -> None:
    for path in documents.values():
        doc = Document(str(path))
        body = [p for p in doc.paragraphs if p.text.strip()]
        closing = next(p for p in reversed(body) if p.text.endswith("./."))
        assert closing.paragraph_format.keep_with_next, path


def test_letterhead_does_not_repeat_the_province(result: CheckResult, tracker: Tracker) -> None:
    letter = build_content("reminder_letter", tracker, findings(result))
    assert (letter.parent, letter.issuer) == ("UBND TỈNH QUẢNG TRỊ", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG")


def test_letter_to_every_unit_refers_to_the_annex_not_to_parts_above(documents: dict[str, Path]) -> None:
    text = docx_text(documents["reminder_letter"])
    body = text[:text.index("DANH SÁCH ĐƠN VỊ CÓ PHẦN VIỆC QUÁ HẠN")]
    assert "nêu trên" not in body
    assert "các phần việc quá hạn nêu tại Phụ lục kèm theo" in body


# --------------------------------------------------------------------------- 9. report.html on a phone


def test_wide_tables_scroll_in_their_own_box_and_codes_read_in_vietnamese(result: CheckResult) -> None:
    html = render_html(result)
    body = html[html.index("<body>"):]
    depth = 0
    for tag in re.finditer(r'<(/?)(div|table|svg)\b([^>]*)>', body):
        closing, name, attrs = tag.groups()
        if name == "div" and 'class="scroll' in attrs and not closing:
            depth += 1
        elif name == "div" and closing and depth:
            depth -= 1
        elif not closing and name in ("table", "svg"):
            assert depth, f"a <{name}> outside a scroll box: {tag.group(0)}"
    assert ".scroll { max-width: 100%; overflow-x: auto;" in html
    assert "<td>date-no-year</td>" not in html and ">Ngày thiếu năm</td>" in html


# --------------------------------------------------------------------------- 10. report.xlsx


def test_workbook_unit_sheet_has_its_own_problems_table_and_every_styled_cell_a_font(result: CheckResult) -> None:
    from io import BytesIO

    wb = openpyxl.load_workbook(BytesIO(xlsx_bytes(result)))
    ws = wb["Gio Linh - TT VHTT-TT"]
    header = next(r for r in ws.iter_rows(values_only=True) if r[0] == "Ô")
    assert header[:6] == ("Ô", "Dòng", "Hướng dẫn sửa", "Mức", "Loại lỗi", "Giá trị đã nhập") and not any(header[6:])
    assert ws.print_title_rows is None and ws.row_breaks.brk
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.has_style and cell.value is not None:
                    assert cell.font.name == "Arial", (sheet.title, cell.coordinate)
    problems = wb["Lỗi dữ liệu"]  # appended in bulk, yet bordered, wrapped and as tall as their text
    rows = list(problems.iter_rows(min_row=4))
    assert len(rows) == len(result.problems) and all(r[7].alignment.wrap_text and r[7].font.name == "Arial" for r in rows)
    assert any((problems.row_dimensions[r[0].row].height or 0) > 15 for r in rows)
    summary = wb["Tổng hợp"]
    totals = next(r for r in summary.iter_rows() if str(r[1].value or "").startswith("Toàn tỉnh:"))
    assert totals[1].font.bold and totals[-1].value == 10 and totals[-1].font.bold
    assert summary.page_setup.fitToWidth == 1 and summary.sheet_properties.pageSetUpPr.fitToPage


# --------------------------------------------------------------------------- 11. e-mails


def test_reminder_lists_overdue_before_in_progress_and_keeps_subjects_short(result: CheckResult) -> None:
    notices = compose_notices(result, report_xlsx=b"x")
    for n in notices:
        assert len(n.subject) <= 100, n.subject
        if n.unit in {u.id for u in result.tracker.units}:
            assert n.subject.endswith(f" — {result.tracker.unit(n.unit).name}")
    mail = next(n for n in notices if n.unit == TRIEU_PHONG)
    assert mail.text.index("1. Phần việc quá hạn:") < mail.text.index("2. Phần việc đang thực hiện (chưa đến hạn):")
    assert "Quá hạn 18 ngày · đạt 1/3 (33%)" in mail.text


def test_reminder_links_the_units_tab_when_the_source_is_sheets(result: CheckResult) -> None:
    from dataclasses import replace

    link = "https://docs.google.com/spreadsheets/d/KEY/edit#gid=77"
    sheet = result.intake.units[TRIEU_PHONG].sheet
    assert sheet
    linked = replace(result, book=replace(result.book, links={sheet: link}))
    mail = next(n for n in compose_notices(linked, report_xlsx=b"x") if n.unit == TRIEU_PHONG)
    assert f'trang tính “{sheet}” (<a href="{link}">mở trang tính</a>) trước' in mail.html
    assert f'trang tính “{sheet}” ({link}) trước' in mail.text


# --------------------------------------------------------------------------- 12. the CLI's language


def test_a_mistyped_tracker_id_lists_the_trackers_and_the_closest() -> None:
    out = CliRunner().invoke(app, ["check", "quang-tri-2023", "-s", "x"])
    assert out.exit_code == 2
    assert out.output.strip() == (
        "Lỗi: Không có tracker “quang-tri-2023” (không phải tệp, cũng không phải mã tracker nào). Các tracker hiện có: "
        "quang-tri-2023-phong-chong-mua-ban-nguoi, quang-tri-2026-lua-dao-truc-tuyen. Có phải "
        "“quang-tri-2023-phong-chong-mua-ban-nguoi”?")


def test_the_cli_speaks_vietnamese_to_the_user(tmp_path: Path, sample_book: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(app, ["check", str(bundled_tracker_path()), "-s", str(tmp_path / "khong-co.xlsx")])
    assert missing.exit_code == 1
    assert missing.output.startswith("Lỗi nguồn dữ liệu: không tìm thấy hoặc không đọc được nguồn")
    ok = runner.invoke(app, ["validate-definition", str(bundled_tracker_path())])
    assert ok.output.startswith("Hợp lệ: ") and "20 đơn vị, 3 nhiệm vụ, 7 phần việc." in ok.output
    made = runner.invoke(app, ["template", str(bundled_tracker_path()), "-o", str(tmp_path / "mau.xlsx")])
    assert made.output.startswith("Đã ghi ") and "Wrote" not in made.output


# --------------------------------------------------------------------------- 13. where files go


def test_bundled_tracker_keeps_its_history_out_of_the_current_folder(tracker: Tracker, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRACKER_WORKSPACE", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    ws = Workspace.of(tracker)
    assert ws.history.parent == ws.ledger.parent
    assert tmp_path not in (ws.history.parent, ws.history.parent.parent) and ws.history.parent.name == tracker.id
    assert Workspace.of(tracker, default_root=tmp_path / "nb").history == tmp_path / "nb" / tracker.id / "history.sqlite"


def test_own_tracker_keeps_its_history_beside_its_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRACKER_WORKSPACE", raising=False)
    folder = tmp_path / "so" / "trackers"
    folder.mkdir(parents=True)
    shutil.copy(bundled_tracker_path(), folder / "cua-so.yaml")
    own = load_tracker(folder / "cua-so.yaml")
    monkeypatch.chdir(tmp_path)
    ws = Workspace.of(own)
    assert (ws.history, ws.ledger) == (folder / "tracker-history.sqlite", folder / f"{own.id}.ledger.sqlite")


def test_check_with_out_elsewhere_writes_nothing_in_the_current_folder(sample_book: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRACKER_WORKSPACE", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    out = CliRunner().invoke(app, ["check", "quang-tri-2023-phong-chong-mua-ban-nguoi", "-s", str(sample_book),
                                   "--as-of", "2023-08-18", "--out", str(tmp_path / "report")])
    assert out.exit_code == 0, out.output
    assert list(here.iterdir()) == []
    assert list((tmp_path / "data").rglob("history.sqlite"))


def test_readme_demos_write_where_git_ignores() -> None:
    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    ignored = [line.strip().strip("/") for line in (root / ".gitignore").read_text().splitlines()]
    outs = re.findall(r"tracker demo[^\n`]*--out ([\w./-]+)", readme)
    assert outs
    for folder in outs:
        assert folder.split("/")[0] in ignored, folder


# --------------------------------------------------------------------------- 14. names in letters and in messages


def test_new_tracker_addresses_communes_by_their_peoples_committee(tmp_path: Path) -> None:
    from tracker.authoring.scaffold import build

    made = build("Quảng Trị", "thu-xa", "Thử", out=tmp_path / "t.yaml")
    unit = made.tracker.units[0]
    bare = unit.name.removeprefix("UBND ")
    assert unit.name.startswith("UBND ") and unit.sheet == bare[:1].upper() + bare[1:]


def test_a_renamed_tab_is_named_in_the_message(tracker: Tracker, sample_book: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(sample_book)
    wb["Gio Linh - Phòng VHTT"].title = "Gio Linh - Phòng VHTT (18-6)"
    wb.save(tmp_path / "renamed.xlsx")
    checked = check(tracker, XlsxSource([tmp_path / "renamed.xlsx"]), AS_OF)
    (only,) = checked.unit_problems("gio-linh-phong-vhtt")
    assert (only.code, only.message) == (
        "sheet-renamed", "Trang tính “Gio Linh - Phòng VHTT (18-6)” không đúng tên nên chưa được đọc; hãy "
                         "đổi tên trang lại thành “Gio Linh - Phòng VHTT”.")


def test_a_document_number_in_the_link_column_gets_a_hint_to_move_it(tracker: Tracker, tmp_path: Path) -> None:
    unit = tracker.units[0]
    book = build_workbook(tracker, tmp_path / "b.xlsx", {unit.sheet: [
        [1, "12/07/2023", "1", "Tuyên truyền lưu động", "Tuyên truyền", "Nhân dân", 50, 1, "Kế hoạch số 52/KH-UBND"]]})
    checked = check(tracker, XlsxSource([book]), AS_OF)
    hint = [p.message for p in checked.unit_problems(unit.id) if p.code == "link-holds-docref"]
    assert hint == ["Ô I3 ghi số văn bản “Kế hoạch số 52/KH-UBND” ở cột link minh chứng; ô này chỉ nhận đường link "
                    "(http:// hoặc https://): hãy ghi số văn bản vào cột “Ghi chú” và dán vào đây đường link của văn bản "
                    "hoặc bài đăng."]


# --------------------------------------------------------------------------- 15. helper tabs of a CSV download


def test_helper_tabs_of_a_csv_download_are_recognised(tracker: Tracker, sample_book: Path, tmp_path: Path) -> None:
    folder = tmp_path / "tai-ve"
    folder.mkdir()
    title = "Theo dõi cao điểm 2023"
    for raw in XlsxSource([sample_book]).read(tracker).sheets:
        with (folder / f"{title} - {raw.name}.csv").open("w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows([["" if v is None else str(v) for v in row] for row in raw.rows])
    checked = check(tracker, CsvFolderSource(folder), AS_OF)
    assert [p.sheet for p in checked.problems if p.code == "sheet-unmatched"] == []
    assert all(u.sheet for u in checked.intake.units.values())


# --------------------------------------------------------------------------- 16. the Colab install cell


class _Shell:
    def __init__(self) -> None:
        self.magics: list[tuple[str, str]] = []

    def run_line_magic(self, name: str, line: str) -> None:
        self.magics.append((name, line))


def _install_cell() -> str:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return next("".join(c["source"]) for c in cells if c["cell_type"] == "code" and "TRACKER_PACKAGE" in "".join(c["source"]))


@pytest.fixture()
def colab(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[types.ModuleType]:
    """A fake google.colab (the cell signs in to read Sheets) in a folder of its own; no network."""
    auth = types.ModuleType("google.colab.auth")
    auth.calls = []  # type: ignore[attr-defined]
    auth.authenticate_user = lambda: auth.calls.append("signed in")  # type: ignore[attr-defined]
    colab = types.ModuleType("google.colab")
    colab.auth = auth  # type: ignore[attr-defined]
    google = types.ModuleType("google")
    google.colab = colab  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "google.colab", colab)
    monkeypatch.setitem(sys.modules, "google.colab.auth", auth)
    monkeypatch.chdir(tmp_path)
    yield auth


def _run_cell(source: str, package: str = "", installed: bool = True) -> tuple[_Shell, list[str], dict[str, Any]]:
    shell = _Shell()
    printed: list[str] = []
    code = source.replace('TRACKER_PACKAGE = ""', f"TRACKER_PACKAGE = {package!r}")
    spec = None if not installed else object()
    namespace: dict[str, Any] = {"get_ipython": lambda: shell, "print": lambda *a: printed.append(" ".join(map(str, a)))}
    import importlib.util

    real = importlib.util.find_spec
    importlib.util.find_spec = lambda name, *a: spec if name == "tracker" else real(name, *a)  # type: ignore[assignment]
    try:
        exec(compile(code, "install-cell", "exec"), namespace)
    finally:
        importlib.util.find_spec = real
    return shell, printed, namespace


def test_colab_cell_without_a_package_says_what_to_do_and_installs_nothing(colab: types.ModuleType) -> None:
    shell, printed, _ = _run_cell(_install_cell(), installed=False)
    assert shell.magics == []
    assert printed == ["CHƯA CÀI ĐƯỢC tracker: hãy tải tệp tracker-….whl lên Colab (biểu tượng thư mục bên trái) hoặc "
                       "dán địa chỉ tệp .whl vào TRACKER_PACKAGE, rồi chạy lại ô này."]


def test_colab_cell_installs_an_uploaded_wheel(colab: types.ModuleType, tmp_path: Path) -> None:
    (tmp_path / "tracker-0.9-py3-none-any.whl").write_bytes(b"")
    (tmp_path / "tracker-1.0-py3-none-any.whl").write_bytes(b"")
    shell, printed, _ = _run_cell(_install_cell(), installed=False)
    assert shell.magics == [("pip", "install -q tracker-1.0-py3-none-any.whl")]
    assert printed == ["Đang cài tracker từ tệp đã tải lên tracker-1.0-py3-none-any.whl …"]


def test_colab_cell_installs_the_named_package_and_signs_in(colab: Any) -> None:
    url = "https://example.org/tracker-1.0-py3-none-any.whl"
    shell, _, _ = _run_cell(_install_cell(), package=url, installed=True)
    assert shell.magics == [("pip", f"install -q {url}")]
    assert colab.calls == ["signed in"]


def test_install_cell_outside_colab_with_tracker_installed_does_nothing(monkeypatch: pytest.MonkeyPatch,
                                                                        tmp_path: Path) -> None:
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    monkeypatch.chdir(tmp_path)
    shell, printed, _ = _run_cell(_install_cell(), installed=True)
    assert (shell.magics, printed) == ([], ["tracker đã được cài sẵn; chuyển sang ô tiếp theo."])


def test_readme_names_how_to_open_the_notebook_on_colab() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "colab.research.google.com" in readme and "TRACKER_PACKAGE" in readme and ".whl" in readme


def test_rows_not_counted_for_a_wrong_entry_leave_out_the_totals_rows(tracker: Tracker, sample_book: Path,
                                                                      tmp_path: Path) -> None:
    """Of the sample's 12 rows not counted, 2 are 'Tổng cộng' lines: not activities, and no one's error."""
    result = check(tracker, XlsxSource([sample_book]), AS_OF)
    doc = Document(str(write_document("weekly", tracker, findings(result), tmp_path)))
    assert ("- Hoạt động được tính: 108; dòng chưa được tính do nhập chưa đúng: 10; dòng không phải hoạt động (như "
            "dòng tổng cộng), không tính: 2.") in [p.text for p in doc.paragraphs]
    digest = next(n for n in compose_notices(result, report_xlsx=b"x") if n.level == "digest")
    assert ("Đã đọc 120 dòng: 108 được tính, 10 chưa được tính do nhập chưa đúng, 2 không phải hoạt động (như dòng "
            "tổng cộng).") in digest.text
    assert findings(result)["counts"] == {"rows_read": 120, "rows_counted": 108, "rows_rejected": 12, "rows_blank": 0,
                                          "rows_to_fix": 10}


def test_a_warning_whose_row_counts_for_no_part_is_not_said_to_count(sample_books: Any) -> None:
    """Xã Hải Lăng's row 6 names task 4, not given to it: a warning whose row counts for no part. report.xlsx's
    'Lỗi dữ liệu' labelled it 'Lưu ý (vẫn tính)' (still counted) beside its own 'không được tính'; every warning
    is one the unit need not fix, which is what its label now says."""
    book = sample_books["quang-tri-2026-lua-dao-truc-tuyen"]
    result = check(book.tracker, XlsxSource([book.path]), book.as_of)
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(result)))["Lỗi dữ liệu"]
    row = next(r for r in sheet.iter_rows(min_row=3, values_only=True) if r[0] == "UBND xã Hải Lăng" and r[2] == "C6")
    assert (row[4], row[5]) == ("Lưu ý (không bắt buộc sửa)", "Nhiệm vụ không giao cho đơn vị")
    assert "không được tính cho phần việc đó" in str(row[7])


def test_a_deadline_in_an_emails_table_is_never_cut_inside_its_digits(result: CheckResult) -> None:
    """On a phone 390 px wide the reminder's 'Hạn' column (17% of a fixed table, under a body that may break words
    anywhere) printed '30/06/2\\n026'. The column is wider and breaks only between words: a date stays whole."""
    mail = next(n for n in compose_notices(result, report_xlsx=b"x") if n.unit == TRIEU_PHONG)
    assert '<col style="width:30%"><col style="width:23%"><col style="width:16%"><col style="width:31%">' in mail.html
    assert '<td style="overflow-wrap:normal">Tháng 7/2023: 31/07/2023</td>' in mail.html
    assert '<td style="overflow-wrap:normal">30/09/2023</td>' in mail.html


def test_an_emails_text_quotes_the_units_tab_as_its_html_does(result: CheckResult) -> None:
    """The text part quoted the tab with straight quotes ("Đông Hà - TT VHTT-TT") where the HTML part and every other
    quotation of the message use “…”."""
    for mail in compose_notices(result, report_xlsx=b"x"):
        sheet = result.intake.units[mail.unit].sheet if mail.unit in result.intake.units else None
        if sheet and f"“{sheet}”" in mail.html:
            assert f'"{sheet}"' not in mail.text and f"“{sheet}”" in mail.text, mail.unit
    fix = next(n for n in compose_notices(result, report_xlsx=b"x") if n.level == "fix")
    assert "đến khi được sửa trong trang tính “" in fix.text


def test_a_duplicate_rows_value_is_what_was_typed_not_the_first_rows_number(sample_books: Any) -> None:
    """Xã Triệu Phong's row 10 repeats row 9: report.xlsx's 'Giá trị đã nhập' beside cell E10 read '9', a number
    nobody typed there. It is the content typed in E10; the message still names row 9."""
    book = sample_books["quang-tri-2026-lua-dao-truc-tuyen"]
    result = check(book.tracker, XlsxSource([book.path]), book.as_of)
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(result)))["Lỗi dữ liệu"]
    row = next(r for r in sheet.iter_rows(min_row=3, values_only=True) if r[0] == "UBND xã Triệu Phong" and r[2] == "E10")
    typed = openpyxl.load_workbook(book.path, read_only=True)["Xã Triệu Phong"]["E10"].value
    assert (row[5], row[6]) == ("Hoạt động nhập trùng", typed) and typed and not str(typed).isdigit()
    assert row[7] == "Hoạt động này trùng với dòng 9 (cùng ngày, nhiệm vụ và nội dung) nên chỉ được tính một lần."
