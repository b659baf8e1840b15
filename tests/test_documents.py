"""The official documents, opened as a person would: python-docx for structure and numbers, LibreOffice for pages."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from typer.testing import CliRunner

from tracker.check import check, findings
from tracker.cli import app
from tracker.definition import Tracker, bundled_tracker_path, load_tracker
from tracker.documents import write_document
from tracker.documents.content import archive, month, report_symbol, signer_lines
from tracker.documents.layout import PPR_ORDER, TBLPR_ORDER
from tracker.documents.templates import PLACEHOLDERS, Form, bundled_template, write_default_templates
from tracker.errors import DefinitionError, TrackerError
from tracker.sample import load_sample
from tracker.sources import XlsxSource

ROOT = Path(__file__).resolve().parents[1]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ISSUED = date(2026, 11, 29)
SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None or shutil.which("pdftotext") is None,
                                   reason="LibreOffice (soffice) or poppler-utils (pdftotext) is not installed: "
                                   "apt-get install libreoffice-writer-nogui poppler-utils fonts-liberation "
                                   "to check the rendered pages")
runner = CliRunner()


@pytest.fixture(scope="module")
def found(tracker: Tracker, sample_book: Path) -> dict[str, Any]:
    return findings(check(tracker, XlsxSource([sample_book]), load_sample(tracker).as_of))


@pytest.fixture(scope="module")
def docs(tracker: Tracker, found: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("docs")
    return {kind: write_document(kind, tracker, found, out, issued=ISSUED)
            for kind in ("weekly", "final", "reminder_letter")}


def open_doc(path: Path) -> Document:
    return docx.Document(str(path))


def cell_lines(table: Table, row: int, col: int) -> list[str]:
    return [p.text for p in table.rows[row].cells[col].paragraphs if p.text]


def table_with(doc: Document, heading: str) -> Table:
    for table in doc.tables:
        if table.rows[0].cells[0].text == heading or heading in [c.text for c in table.rows[0].cells]:
            return table
    raise AssertionError(f"no table headed {heading!r}")


def tables_with(doc: Document, heading: str) -> list[Table]:
    return [t for t in doc.tables if heading in [c.text for c in t.rows[0].cells]]


def run_of(doc: Document, text: str) -> Run:
    for paragraph in _all_paragraphs(doc):
        for run in paragraph.runs:
            if run.text == text:
                return run
    raise AssertionError(f"no run {text!r}")


def _all_paragraphs(doc: Document) -> list[Paragraph]:
    out = list(doc.paragraphs)
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                out += cell.paragraphs
    return out


def body_text(doc: Document) -> str:
    return "\n".join(p.text for p in _all_paragraphs(doc))


def unit_names(found: dict[str, Any]) -> dict[str, str]:
    return {u["id"]: u["name"] for u in found["units"]}


def overdue_units(found: dict[str, Any]) -> list[str]:
    return [u["id"] for u in found["units"]
            if any(p["status"] == "overdue" for m in found["matrix"] if m["unit"] == u["id"] for p in m["parts"])]


# --------------------------------------------------------------------------- letterhead and form


def test_report_letterhead_has_national_name_motto_bodies_number_and_place(docs: dict[str, Path]) -> None:
    head = open_doc(docs["weekly"]).tables[0]
    # the division that tracks the directive reports to the office's leadership (docs/documents.md)
    # each name too long for the column broken where a clerk breaks it (documents.layout.balanced)
    assert cell_lines(head, 0, 0) == ["SỞ THÔNG TIN VÀ\nTRUYỀN THÔNG", "PHÒNG THÔNG TIN -\nBÁO CHÍ - XUẤT BẢN"]
    assert cell_lines(head, 0, 1) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert cell_lines(head, 1, 0) == ["Số:      /BC-TTBCXB"]
    assert cell_lines(head, 1, 1) == ["Quảng Trị, ngày      tháng 11 năm 2026"]
    doc = open_doc(docs["weekly"])
    texts = [p.text for p in doc.paragraphs if p.text]
    assert texts[0] == "BÁO CÁO"
    assert texts[1].startswith("Tiến độ triển khai đợt cao điểm tuyên truyền") and "(tính đến ngày 18/08/2023)" in texts[1]
    assert texts[2] == "Kính gửi: Lãnh đạo Sở"


def test_letter_has_its_abstract_under_the_number_and_the_unit_as_addressee(
        tracker: Tracker, found: dict[str, Any], tmp_path: Path) -> None:
    path = write_document("reminder-letter", tracker, found, tmp_path, unit="Cồn Cỏ - TT VHTT-TT", issued=ISSUED)
    assert path.name == "cong-van-don-doc-2023-08-18-con-co-trung-tam.docx"
    doc = open_doc(path)
    head = doc.tables[0]
    assert cell_lines(head, 1, 0) == ["Số:      /STTTT-TTBCXB", "V/v đôn đốc triển khai đợt cao điểm tuyên truyền, "
                                      "truyền thông và cao điểm tấn công, trấn áp tội phạm mua bán người"]
    assert "Kính gửi: Trung tâm Văn hóa Thông tin - Thể dục thể thao huyện đảo Cồn Cỏ" in body_text(doc)
    overdue = [p for m in found["matrix"] if m["unit"] == "con-co-trung-tam" for p in m["parts"]
               if p["status"] == "overdue"]
    items = [p.text for p in doc.paragraphs if p.text.startswith("- ")]
    assert [i.split("(phần việc ")[1].split(",")[0] for i in items] == [p["id"] for p in overdue]
    assert "trước 17:00 thứ Năm, ngày 03/12/2026" in body_text(doc)  # the check's deadline is past on the day it is written


def test_signature_and_recipients_follow_the_tracker(docs: dict[str, Path]) -> None:
    sign = open_doc(docs["reminder_letter"]).tables[1]
    assert cell_lines(sign, 0, 0) == ["Nơi nhận:", "- Như trên;\n- Lãnh đạo Sở (để b/c);\n- Lưu: VT, TTBCXB."]
    assert cell_lines(sign, 0, 1) == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Hoàn"]


@pytest.mark.parametrize("kind", ["weekly", "final", "reminder_letter"])
def test_fonts_and_sizes_are_those_of_decree_30(docs: dict[str, Path], kind: str) -> None:
    doc = open_doc(docs[kind])
    expected = {  # text: (size, bold, italic), Appendix I of the decree (docs/documents.md)
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM": (12, True, False), "Độc lập - Tự do - Hạnh phúc": (13, True, False),
        "Số: ": (13, False, False), "Quảng Trị, ngày      tháng 11 năm 2026": (13, False, True),
        "Kính gửi: ": (14, False, False), "Nơi nhận:": (12, True, True),
    }
    if kind == "weekly":  # the division's report: the office above it, the division bold, its head signs
        expected |= {"SỞ THÔNG TIN VÀ\nTRUYỀN THÔNG": (12, False, False),
                     "PHÒNG THÔNG TIN -\nBÁO CHÍ - XUẤT BẢN": (12, True, False), "TRƯỞNG PHÒNG": (14, True, False),
                     "Trần Văn Bình": (14, True, False)}
    else:
        expected |= {"UBND TỈNH QUẢNG TRỊ": (12, False, False), "SỞ THÔNG TIN VÀ\nTRUYỀN THÔNG": (12, True, False),
                     "KT. GIÁM ĐỐC": (14, True, False), "PHÓ GIÁM ĐỐC": (14, True, False),
                     "Nguyễn Hoàn": (14, True, False)}
    if kind != "reminder_letter":
        expected["BÁO CÁO"] = (14, True, False)
    for text, (size, bold, italic) in expected.items():
        run = run_of(doc, text)
        assert (run.font.name, run.font.size, bool(run.font.bold), bool(run.font.italic)) == (
            "Times New Roman", Pt(size), bold, italic), text
    recipients = run_of(doc, {"weekly": "- Như trên;\n- Lưu: TTBCXB.", "final": "- Như trên;\n- Lưu: VT, TTBCXB.",
                              "reminder_letter": "- Như trên;\n- Lãnh đạo Sở (để b/c);\n- Lưu: VT, TTBCXB."}[kind])
    assert recipients.font.size == Pt(11)
    body = [p for p in doc.paragraphs if p.text.startswith("Thực hiện ")]
    assert body and all(r.font.size == Pt(14) and r.font.name == "Times New Roman" for r in body[0].runs)
    assert body[0].paragraph_format.first_line_indent == Cm(1.27)
    assert all(r.font.name == "Times New Roman" for p in _all_paragraphs(doc) for r in p.runs if r.text.strip())


@pytest.mark.parametrize("kind", ["weekly", "final", "reminder_letter"])
def test_page_is_a4_with_the_decree_margins_and_numbers_from_page_two(docs: dict[str, Path], kind: str) -> None:
    section = open_doc(docs[kind]).sections[0]
    # Word stores twentieths of a point: within 0.01 mm of the value asked for.
    measured = [section.page_width, section.page_height, section.top_margin, section.bottom_margin,
                section.left_margin, section.right_margin]
    assert [round(x.cm, 2) for x in measured if x is not None] == [21.0, 29.7, 2.0, 2.0, 3.0, 1.5]
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml and section.first_page_header.paragraphs[0].text == ""


# --------------------------------------------------------------------------- the numbers


def _sums(activities: list[dict[str, Any]]) -> tuple[str, str, str]:
    def n(x: int) -> str:
        return f"{x:,}".replace(",", ".")
    return (n(len(activities)), n(sum(a["quantity"] or 0 for a in activities)),
            n(sum(a["participants"] or 0 for a in activities)))


def test_final_report_sums_match_the_activities_of_the_findings(docs: dict[str, Path], found: dict[str, Any]) -> None:
    doc = open_doc(docs["final"])
    acts = found["activities"]
    assert len(acts) == 108
    by_form = table_with(doc, "Hình thức")
    assert tuple(c.text for c in by_form.rows[-1].cells[1:]) == _sums(acts)
    for row in by_form.rows[1:-1]:
        form = row.cells[0].text
        mine = [a for a in acts if form in a["forms"]]
        assert tuple(c.text for c in row.cells[1:]) == _sums(mine), form
    by_unit = table_with(doc, "Phần việc hoàn thành")
    names = unit_names(found)
    for row in by_unit.rows[1:-1]:
        unit = next(u for u, name in names.items() if name == row.cells[1].text)
        assert tuple(c.text for c in row.cells[2:5]) == _sums([a for a in acts if a["unit"] == unit])
    assert [c.text for c in by_unit.rows[-1].cells[1:5]] == ["Toàn tỉnh", *_sums(acts)]
    by_task = table_with(doc, "Nhiệm vụ")
    for row in by_task.rows[1:-1]:
        tag = row.cells[0].text.split(" - ")[0]
        assert tuple(c.text for c in row.cells[1:4]) == _sums([a for a in acts if tag in a["tags"]]), tag
    assert ("19/20 đơn vị đã triển khai 108 hoạt động; số lượng (tin, bài, buổi, lượt): 269; số người tham gia/tiếp "
            "cận: 48.190.") in body_text(doc)  # the column headings inside a sentence, lower-case after ';'


def test_final_report_names_every_unit_that_did_not_complete(docs: dict[str, Path], found: dict[str, Any]) -> None:
    doc = open_doc(docs["final"])
    unfinished = {u for u in unit_names(found) if any(p["status"] not in ("done_on_time", "done_late")
                                                       for m in found["matrix"] if m["unit"] == u for p in m["parts"])}
    table = table_with(doc, "Phần việc chưa hoàn thành")
    assert [r.cells[1].text for r in table.rows[1:]] == [n for u, n in unit_names(found).items() if u in unfinished]


def test_final_annex_lists_every_activity_with_its_evidence(docs: dict[str, Path], found: dict[str, Any]) -> None:
    doc = open_doc(docs["final"])
    annex = table_with(doc, "Nội dung, minh chứng")
    rows = [r for r in annex.rows[1:] if len({c._tc for c in r.cells}) > 1]
    assert [r.cells[0].text for r in rows] == [str(i) for i in range(1, len(found["activities"]) + 1)]
    links = sorted(a["link"] for a in found["activities"] if a["link"])
    # the evidence on its own line under the content
    shown = sorted(r.cells[4].text.split("\n")[1] for r in rows if "\n" in r.cells[4].text)
    assert links and shown == links
    assert "Phụ lục" in body_text(doc) and "DANH SÁCH HOẠT ĐỘNG ĐÃ THỰC HIỆN" in body_text(doc)


def test_weekly_report_names_the_units_with_overdue_parts(docs: dict[str, Path], found: dict[str, Any]) -> None:
    doc = open_doc(docs["weekly"])
    table = table_with(doc, "Phần việc quá hạn")
    names = unit_names(found)
    assert [r.cells[1].text for r in table.rows[1:]] == [names[u] for u in overdue_units(found)]
    assert "chưa có số liệu của lần kiểm tra trước để so sánh" in body_text(doc)
    to_fix = [p for p in found["problems"] if p["blocking"]]  # a totals row asks nothing of the unit
    assert len(table_with(doc, "Hướng dẫn sửa").rows) == 1 + len(to_fix) + len({p["unit"] for p in to_fix})


def test_the_weekly_report_and_the_reminder_letter_never_read_the_activities(tracker: Tracker, sample_book: Path) -> None:
    """The office's week builds their findings without the activities (a national directive's 100,000 models) unless
    it writes the final report too (tracker.office.week._documents)."""
    from tracker.documents import build_content
    from tracker.result import findings_model

    result = check(tracker, XlsxSource([sample_book]), load_sample(tracker).as_of)
    whole, bare = findings_model(result), findings_model(result, activities=False)
    assert whole.activities and bare.activities == () and bare.model_copy(update={"activities": whole.activities}) == whole
    for kind in ("weekly", "reminder_letter"):
        assert build_content(kind, tracker, bare, issued=ISSUED) == build_content(kind, tracker, whole, issued=ISSUED)
    assert build_content("final", tracker, bare, issued=ISSUED) != build_content("final", tracker, whole, issued=ISSUED)


def test_weekly_report_lists_new_rows_when_history_ran(tracker: Tracker, found: dict[str, Any], tmp_path: Path) -> None:
    with_history = {**found, "changes": {"previous_check": 1, "previous_as_of": "2023-08-11", "edited": [],
                                         "deleted": [], "reported_late": [], "new": [
                                             {"unit": "gio-linh-trung-tam", "row": 9, "id": "abc",
                                              "values": {"date": "16/08/2023", "content": "Hội nghị tuyên truyền"}}]}}
    doc = open_doc(write_document("weekly", tracker, with_history, tmp_path, issued=ISSUED))
    assert ("So với lần kiểm tra ngày 11/08/2023 (lần kiểm tra cuối của tuần trước): 1 dòng mới, 0 dòng được sửa, 0 "
            "dòng bị xóa.") in body_text(doc)
    new = tables_with(doc, "Nội dung")[0]
    assert [c.text for c in new.rows[1].cells] == [
        "1", "Trung tâm Văn hóa Thông tin - Thể dục thể thao huyện Gio Linh", "16/08/2023", "Hội nghị tuyên truyền"]


def test_weekly_report_counts_new_rows_since_last_weeks_check_whatever_ran_this_week(
        tracker: Tracker, sample_book: Path, tmp_path: Path) -> None:
    """Reminders on Friday 18/08; a row added and another edited; checks on Monday and Wednesday; Friday 25/08's
    reminders, then the weekly report: its section III counts from 18/08, the last check of the week before."""
    book = tmp_path / "du-lieu.xlsx"
    shutil.copyfile(sample_book, book)
    where = [str(bundled_tracker_path()), "-s", str(book), "--history", str(tmp_path / "h.sqlite")]

    def run(*command: str, as_of: str, options: tuple[str, ...]) -> None:
        done = runner.invoke(app, [*command, *where, "--as-of", as_of, *options])
        assert done.exit_code == 0, done.output

    run("remind", as_of="18/08/2023", options=("--outbox", str(tmp_path / "ob")))
    wb = openpyxl.load_workbook(book)
    ws = wb["Gio Linh - Phòng VHTT"]
    ws["E4"] = "Đăng tin về chính sách, pháp luật của Nhà nước về phòng, chống mua bán người năm 2023"
    for col, value in enumerate((7, date(2023, 8, 21), "1", "Tuyên truyền lưu động", "Xe loa tuyên truyền tại các xã",
                                 "Nhân dân", 300, 1), start=1):
        ws.cell(row=9, column=col, value=value)
    wb.save(book)
    for day in ("21/08/2023", "23/08/2023"):
        run("check", as_of=day, options=())
    run("remind", as_of="25/08/2023", options=("--outbox", str(tmp_path / "ob")))
    run("document", "weekly", as_of="25/08/2023", options=("-o", str(tmp_path)))
    text = body_text(open_doc(tmp_path / "bao-cao-tien-do-2023-08-25.docx"))
    assert ("So với lần kiểm tra ngày 18/08/2023 (lần kiểm tra cuối của tuần trước): 1 dòng mới, 1 dòng được sửa, 0 "
            "dòng bị xóa.") in text


def test_not_applicable_part_is_shown_as_such_and_never_lagging(
        tracker: Tracker, found: dict[str, Any], tmp_path: Path) -> None:
    changed = copy.deepcopy(found)
    unit = next(u for u in overdue_units(found)
                if sum(p["status"] == "overdue" for m in found["matrix"] if m["unit"] == u for p in m["parts"]) == 1)
    for m in changed["matrix"]:
        for p in m["parts"]:
            if m["unit"] == unit and p["status"] == "overdue":
                part = p["id"]
                p["status"] = "not_applicable"
    doc = open_doc(write_document("weekly", tracker, changed, tmp_path, issued=ISSUED))
    lagging = [r.cells[1].text for r in table_with(doc, "Phần việc quá hạn").rows[1:]]
    assert unit_names(found)[unit] not in lagging and len(lagging) == len(overdue_units(found)) - 1
    status = table_with(doc, "Không áp dụng")
    row = next(r for r in status.rows if r.cells[0].text.startswith(f"{part}. "))
    assert row.cells[5].text == "1"
    with pytest.raises(TrackerError, match="has no overdue part"):
        write_document("reminder_letter", tracker, changed, tmp_path, unit=unit, issued=ISSUED)


def test_reminder_letter_to_every_overdue_unit_has_one_annex_table(docs: dict[str, Path], found: dict[str, Any]) -> None:
    doc = open_doc(docs["reminder_letter"])
    annex = table_with(doc, "Số ngày quá hạn")
    expected = [(unit_names(found)[m["unit"]], p["id"]) for u in overdue_units(found)
                for m in found["matrix"] if m["unit"] == u for p in m["parts"] if p["status"] == "overdue"]
    assert [(r.cells[1].text, r.cells[2].text.split(".")[0]) for r in annex.rows[1:]] == expected
    addressee = next(p.text for p in doc.paragraphs if p.text.startswith("Kính gửi:"))
    names = [unit_names(found)[u] for u in overdue_units(found)]
    assert 1 < len(names) <= 6  # few enough to be named one a line (more point to the annex)
    assert addressee == "Kính gửi: \n" + "\n".join(f"- {n};" for n in names)[:-1] + "."


def test_hostile_text_passes_through_as_text(tracker: Tracker, found: dict[str, Any], tmp_path: Path) -> None:
    hostile = '=HYPERLINK("http://x.example","bấm")<b>{{ x }}{% if 1 %}\x07&amp;'
    changed = copy.deepcopy(found)
    unit = overdue_units(found)[0]
    for u in changed["units"]:
        if u["id"] == unit:
            u["name"] = hostile
    changed["activities"][0]["content"] = hostile
    for kind in ("weekly", "final", "reminder_letter"):
        text = body_text(open_doc(write_document(kind, tracker, changed, tmp_path / kind, issued=ISSUED)))
        assert '=HYPERLINK("http://x.example","bấm")<b>{{ x }}{% if 1 %}&amp;' in text, kind
        assert "\x07" not in text


def test_unknown_unit_and_no_overdue_unit_are_clear_errors(tracker: Tracker, found: dict[str, Any],
                                                           tmp_path: Path) -> None:
    with pytest.raises(TrackerError, match="no unit 'nowhere' in this tracker"):
        write_document("reminder_letter", tracker, found, tmp_path, unit="nowhere")
    calm = copy.deepcopy(found)
    for m in calm["matrix"]:
        for p in m["parts"]:
            p["status"] = "done_on_time"
    with pytest.raises(TrackerError, match="no unit has an overdue part as of 2023-08-18"):
        write_document("reminder_letter", tracker, calm, tmp_path)
    with pytest.raises(TrackerError, match="unknown document 'memo'"):
        write_document("memo", tracker, found, tmp_path)


# --------------------------------------------------------------------------- templates


def test_tracker_can_name_its_own_word_template(found: dict[str, Any], tmp_path: Path) -> None:
    own = docx.Document(str(bundled_template("report")))
    own.paragraphs[0].insert_paragraph_before("MẪU RIÊNG CỦA VĂN PHÒNG")
    own.save(str(tmp_path / "mau-bao-cao.docx"))
    yaml_text = bundled_tracker_path().read_text(encoding="utf-8")
    (tmp_path / "t.yaml").write_text(yaml_text + "\ndocuments:\n  weekly: mau-bao-cao.docx\n  weekly_to: [Giám đốc Sở]\n",
                                     encoding="utf-8")
    mine = load_tracker(tmp_path / "t.yaml")
    text = body_text(open_doc(write_document("weekly", mine, found, tmp_path / "out", issued=ISSUED)))
    assert "MẪU RIÊNG CỦA VĂN PHÒNG" in text and "Kính gửi: Giám đốc Sở" in text


def test_missing_or_wrong_template_is_a_definition_error_with_its_line(tmp_path: Path) -> None:
    yaml_text = bundled_tracker_path().read_text(encoding="utf-8")
    line = yaml_text.count("\n") + 3
    (tmp_path / "t.yaml").write_text(yaml_text + "\ndocuments:\n  final: khong-co.docx\n  weekly: mau.odt\n",
                                     encoding="utf-8")
    with pytest.raises(DefinitionError) as err:
        load_tracker(tmp_path / "t.yaml")
    assert [str(p) for p in err.value.problems] == [
        f"{tmp_path / 't.yaml'}:{line + 1}: documents.weekly: a document template must be a Word .docx file "
        "(found 'mau.odt')",
        f"{tmp_path / 't.yaml'}:{line}: documents.final: template 'khong-co.docx' not found "
        f"(looked for {tmp_path / 'khong-co.docx'})",
    ]


def test_broken_template_file_is_a_clear_error(found: dict[str, Any], tmp_path: Path) -> None:
    (tmp_path / "mau.docx").write_text("not a Word file", encoding="utf-8")
    yaml_text = bundled_tracker_path().read_text(encoding="utf-8")
    (tmp_path / "t.yaml").write_text(yaml_text + "\ndocuments:\n  weekly: mau.docx\n", encoding="utf-8")
    with pytest.raises(TrackerError, match="cannot open the Word template"):
        write_document("weekly", load_tracker(tmp_path / "t.yaml"), found, tmp_path)


def test_bundled_templates_are_what_the_generator_writes(tmp_path: Path) -> None:
    written = write_default_templates(tmp_path)
    assert sorted(p.name for p in written) == ["bao-cao.docx", "cong-van.docx"]
    for fresh in written:
        shipped = bundled_template("report" if fresh.name == "bao-cao.docx" else "letter")
        assert fresh.read_bytes() == shipped.read_bytes(), f"{shipped.name}: run `make docs`"


@pytest.mark.parametrize("form", ["report", "letter"])
def test_every_placeholder_is_in_the_template_and_documented(form: Form) -> None:
    with zipfile.ZipFile(bundled_template(form)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    guide = (ROOT / "docs" / "documents.md").read_text(encoding="utf-8")
    found_names = Counter(name for name in PLACEHOLDERS[form] if f" {name} }}}}" in xml)
    assert list(found_names) == list(PLACEHOLDERS[form])
    for name in PLACEHOLDERS[form]:
        assert f"`{name}`" in guide, name


# --------------------------------------------------------------------------- the command line


def test_document_command_writes_the_word_file(sample_book: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["document", "reminder-letter", str(bundled_tracker_path()), "--source", str(sample_book),
                                 "--as-of", "2023-08-18", "--unit", "con-co-trung-tam", "--out", str(tmp_path),
                                 "--no-history"])
    assert result.exit_code == 0, result.output
    path = tmp_path / "cong-van-don-doc-2023-08-18-con-co-trung-tam.docx"
    assert result.output == f"Đã ghi: {path}\n"
    assert "Cồn Cỏ" in body_text(open_doc(path))


def test_document_command_refuses_unknown_kind_and_calm_unit(sample_book: Path, tmp_path: Path) -> None:
    bad = runner.invoke(app, ["document", "memo", str(bundled_tracker_path()), "--source", str(sample_book)])
    assert bad.exit_code == 1
    assert bad.output == ("Lỗi: không có loại văn bản “memo”: chọn một trong weekly, final, reminder-letter (báo cáo "
                          "tiến độ, báo cáo kết quả, công văn đôn đốc)\n")
    calm = runner.invoke(app, ["document", "reminder-letter", str(bundled_tracker_path()), "--source", str(sample_book),
                               "--as-of", "2023-08-18", "--unit", "dong-ha-phong-vhtt", "--no-history",
                               "--out", str(tmp_path)])
    assert calm.exit_code == 1
    assert calm.output == ("Lỗi: Phòng Văn hóa và Thông tin thành phố Đông Hà không có phần việc quá hạn tính đến ngày "
                           "18/08/2023: không có gì để đôn đốc\n")


# --------------------------------------------------------------------------- rendered pages


@pytest.fixture(scope="module")
def pdfs(docs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pdf")
    profile = tmp_path_factory.mktemp("lo-profile")
    subprocess.run([str(SOFFICE), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), *map(str, docs.values())], check=True, capture_output=True, timeout=180)
    return {kind: out / (path.stem + ".pdf") for kind, path in docs.items()}


def _pdf(path: Path, tool: str, *args: str) -> str:
    return subprocess.run([tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])], check=True,
                          capture_output=True, text=True, timeout=60).stdout


@needs_soffice
@pytest.mark.parametrize("kind", ["weekly", "final", "reminder_letter"])
def test_rendered_pdf_is_a4_with_the_letterhead_in_its_text(pdfs: dict[str, Path], kind: str,
                                                            found: dict[str, Any]) -> None:
    info = _pdf(pdfs[kind], "pdfinfo")
    assert "595.304 x 841.89 pts (A4)" in info
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    first = _pdf(pdfs[kind], "pdftotext", "-layout", "-f", "1", "-l", "1")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first and "Độc lập - Tự do - Hạnh phúc" in first
    assert "SỞ THÔNG TIN VÀ" in first and "TRUYỀN THÔNG" in first and "Quảng Trị, ngày" in first
    text = " ".join(_pdf(pdfs[kind], "pdftotext").split())
    assert ("Trần Văn Bình" if kind == "weekly" else "Nguyễn Hoàn") in text
    # the letter on one page and its annex on the next; the weekly report on a few; the final one with its long annex
    assert {"reminder_letter": pages in (2, 3), "weekly": 3 <= pages <= 6, "final": pages >= 8}[kind], pages
    if kind == "reminder_letter":
        assert "Nơi nhận:" in first and "DANH SÁCH" not in first
        assert "Phụ lục\nDANH SÁCH" in _pdf(pdfs[kind], "pdftotext", "-f", str(pages), "-l", str(pages))
    if kind == "final":
        assert "DANH SÁCH HOẠT ĐỘNG ĐÃ THỰC HIỆN" in text
        assert _sums(found["activities"])[2] in text  # the people reached, as the total row prints it


def test_findings_file_round_trip_builds_the_same_document(docs: dict[str, Path], tracker: Tracker,
                                                           found: dict[str, Any], tmp_path: Path) -> None:
    """findings.json is the interface: a document built from the file read back says the same."""
    again = json.loads(json.dumps(found, ensure_ascii=False))
    path = write_document("final", tracker, again, tmp_path, issued=ISSUED)
    assert body_text(open_doc(path)) == body_text(open_doc(docs["final"]))


PROPERTY_ORDER = {"pPr": PPR_ORDER, "tblPr": TBLPR_ORDER}


@pytest.mark.parametrize("kind", ["weekly", "final", "reminder_letter"])
def test_properties_come_in_the_order_of_the_schema(docs: dict[str, Path], kind: str) -> None:
    """Word refuses a file whose paragraph or table properties are out of the schema's order."""
    from xml.etree import ElementTree

    with zipfile.ZipFile(docs[kind]) as z:
        root = ElementTree.fromstring(z.read("word/document.xml"))
    checked = 0
    for name, order in PROPERTY_ORDER.items():
        for props in root.iter(f"{{{W}}}{name}"):
            tags = [child.tag.split("}")[1] for child in props]
            assert tags == sorted(tags, key=order.index), tags
            checked += 1
    assert checked > 50


def test_placeholder_that_word_split_into_pieces_still_works(tracker: Tracker, found: dict[str, Any],
                                                             tmp_path: Path) -> None:
    """Word splits text into runs as it is edited; a placeholder in two runs is still one placeholder."""
    own = docx.Document(str(bundled_template("letter")))
    run = next(r for p in own.tables[0].rows[0].cells[0].paragraphs for r in p.runs if r.text == "{{ co_quan_ban_hanh }}")
    run.text = "{{ co_quan_"
    run._r.addnext(copy.deepcopy(run._r))
    run._r.getnext().find(f"{{{W}}}t").text = "ban_hanh }}"
    own.save(str(tmp_path / "cong-van.docx"))
    yaml_text = bundled_tracker_path().read_text(encoding="utf-8")
    (tmp_path / "t.yaml").write_text(yaml_text + "\ndocuments:\n  reminder_letter: cong-van.docx\n", encoding="utf-8")
    doc = open_doc(write_document("reminder_letter", load_tracker(tmp_path / "t.yaml"), found, tmp_path / "out"))
    assert cell_lines(doc.tables[0], 0, 0)[1] == "SỞ THÔNG TIN VÀ\nTRUYỀN THÔNG"


@pytest.mark.parametrize(("day", "expected"), [(date(2027, 1, 4), "01"), (date(2027, 2, 1), "02"),
                                               (date(2027, 3, 1), "3"), (date(2026, 11, 29), "11")])
def test_months_one_and_two_take_a_leading_zero(day: date, expected: str) -> None:
    assert month(day) == expected


@pytest.mark.parametrize(("title", "expected"), [
    ("KT. Giám đốc — Phó Giám đốc", ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")),
    ("TM. Ủy ban nhân dân – Chủ tịch", ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")),
    ("Giám đốc", ("GIÁM ĐỐC", "")),
    ("", ("", "")),
])
def test_signer_title_splits_into_authority_and_own_title(title: str, expected: tuple[str, str]) -> None:
    assert signer_lines(title) == expected


def test_symbols_and_archive_line_come_from_doc_symbol(tracker: Tracker) -> None:
    assert (report_symbol(tracker), archive(tracker)) == ("BC-STTTT", "Lưu: VT, TTBCXB.")
    bare = tracker.model_copy(update={"province": tracker.province.model_copy(update={"doc_symbol": ""})})
    assert (report_symbol(bare), archive(bare)) == ("BC", "Lưu: VT.")


def test_weekly_report_from_the_command_line_lists_the_row_new_since_the_stored_check(
        sample_book: Path, tmp_path: Path) -> None:
    """A stored check, then the weekly report a week later: the row typed between them is its new activity."""
    import openpyxl

    before = openpyxl.load_workbook(sample_book)
    before["Đông Hà - Phòng VHTT"].delete_rows(8)  # row 6 of the unit, dated 15/08/2023, not yet typed
    before.save(tmp_path / "before.xlsx")
    history = tmp_path / "history.sqlite"
    for command, source, as_of in ((["check"], tmp_path / "before.xlsx", "2023-08-11"),
                                   (["document", "weekly"], sample_book, "2023-08-18")):
        result = runner.invoke(app, [*command, str(bundled_tracker_path()), "--source", str(source),
                                     "--as-of", as_of, "--history", str(history), "--out", str(tmp_path)])
        assert result.exit_code == 0, result.output
    doc = open_doc(tmp_path / "bao-cao-tien-do-2023-08-18.docx")
    assert ("So với lần kiểm tra ngày 11/08/2023 (lần kiểm tra cuối của tuần trước): 1 dòng mới, 0 dòng được sửa, 0 "
            "dòng bị xóa.") in body_text(doc)
    new = tables_with(doc, "Nội dung")[0]
    assert [c.text for c in new.rows[1].cells] == [
        "1", "Phòng Văn hóa và Thông tin thành phố Đông Hà", "15/08/2023",
        "Đăng tin về chính sách, pháp luật của Nhà nước về phòng, chống mua bán người"]


@pytest.mark.parametrize(("typed", "says"), [("{{ co_quan_ban_hnah }}", "'co_quan_ban_hnah' is undefined"),
                                             ("{{ co_quan_ban_hanh", "expected token 'end of print statement'")])
def test_mistyped_placeholder_is_a_clear_error(found: dict[str, Any], tmp_path: Path, typed: str, says: str) -> None:
    own = docx.Document(str(bundled_template("report")))
    own.paragraphs[0].insert_paragraph_before(typed)
    own.save(str(tmp_path / "mau.docx"))
    yaml_text = bundled_tracker_path().read_text(encoding="utf-8")
    (tmp_path / "t.yaml").write_text(yaml_text + "\ndocuments:\n  final: mau.docx\n", encoding="utf-8")
    with pytest.raises(TrackerError, match=f"mau.docx has a mistyped or broken placeholder: .*{says}"):
        write_document("final", load_tracker(tmp_path / "t.yaml"), found, tmp_path / "out")


def test_text_a_person_reads_is_nfc_even_when_typed_decomposed(tracker: Tracker, found: dict[str, Any],
                                                               tmp_path: Path) -> None:
    import unicodedata

    decomposed = copy.deepcopy(found)
    decomposed["activities"][0]["content"] = unicodedata.normalize("NFD", "Hội nghị tuyên truyền")
    texts = {kind: body_text(open_doc(write_document(kind, tracker, decomposed, tmp_path / kind, issued=ISSUED)))
             for kind in ("weekly", "final", "reminder_letter")}
    assert all(text == unicodedata.normalize("NFC", text) for text in texts.values())
    assert "Hội nghị tuyên truyền" in texts["final"]  # the annex, composed


def test_a_document_already_in_the_out_folder_is_refused_with_a_way_out_that_fits_a_folder(
        tracker: Tracker, found: dict[str, Any], tmp_path: Path) -> None:
    from tracker.errors import OutputError

    first = write_document("weekly", tracker, found, tmp_path, issued=ISSUED, force=False)
    with pytest.raises(OutputError) as caught:
        write_document("weekly", tracker, found, tmp_path, issued=ISSUED, force=False)
    assert caught.value.vi == f"“{first}” đã có; chọn thư mục khác với --out, hoặc thêm --force để ghi đè"


def test_the_paragraph_that_ends_a_document_takes_no_height(docs: dict[str, Path]) -> None:
    """A Word body must end with a paragraph; after the signature block at the foot of a full page an ordinary empty
    one went over to a page of its own, printed blank but for its page number (the letter to Cồn Cỏ)."""
    assert set(docs) == {"weekly", "final", "reminder_letter"}
    for path in docs.values():
        last = open_doc(path).element.body.findall(qn("w:p"))[-1]
        assert (last.xpath("string(w:pPr/w:spacing/@w:line)"), last.xpath("string(w:pPr/w:spacing/@w:lineRule)"),
                last.xpath("string(w:pPr/w:spacing/@w:after)"), last.xpath("string(w:pPr/w:rPr/w:sz/@w:val)")) == (
            "20", "exact", "0", "2"), path.name


@needs_soffice
def test_a_letter_to_one_unit_that_fills_its_page_has_no_blank_page_after_it(tracker: Tracker, found: dict[str, Any],
                                                                             tmp_path: Path) -> None:
    path = write_document("reminder-letter", tracker, found, tmp_path, unit="con-co-trung-tam", issued=ISSUED)
    subprocess.run([str(SOFFICE), f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    info = _pdf(tmp_path / (path.stem + ".pdf"), "pdfinfo")
    assert next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")) == "1"


def test_a_weekly_report_without_history_says_so_without_instructions_to_the_operator(docs: dict[str, Path]) -> None:
    """The leadership reads the report: '(bật lưu lịch sử khi chạy kiểm tra để có mục này)' was a note to whoever ran
    the tool, printed in the document to be signed."""
    paragraphs = [p.text for p in open_doc(docs["weekly"]).paragraphs]
    assert paragraphs[paragraphs.index("III. HOẠT ĐỘNG MỚI SO VỚI LẦN KIỂM TRA TRƯỚC") + 1] == (
        "Báo cáo này chưa có số liệu của lần kiểm tra trước để so sánh, nên chưa nêu được các hoạt động mới.")


def test_a_letter_written_after_its_checks_deadline_asks_for_the_next_deadline_after_the_day_it_is_written(
        tracker: Tracker, found: dict[str, Any], tmp_path: Path) -> None:
    # The sample's check is of 18/08/2023; the letter is written (and dated) on ISSUED, 29/11/2026. A letter dated
    # November 2026 cannot ask for an update before 24/08/2023: the deadline is the tracker's deadline weekday after
    # the day the letter is written (a Thursday, 03/12/2026), and the body still says what the check found and when.
    path = write_document("reminder-letter", tracker, found, tmp_path, unit="Cồn Cỏ - TT VHTT-TT", issued=ISSUED)
    text = body_text(open_doc(path))
    assert "trước 17:00 thứ Năm, ngày 03/12/2026." in text
    assert "ngày 24/08/2023" not in text
    assert "tính đến ngày 18/08/2023, Trung tâm" in text
    assert cell_lines(open_doc(path).tables[0], 1, 1)[-1] == "Quảng Trị, ngày      tháng 11 năm 2026"


def test_a_letter_written_before_its_checks_deadline_asks_for_that_deadline_as_the_reminders_do(
        tracker: Tracker, found: dict[str, Any], tmp_path: Path) -> None:
    # Written the Monday after the check of Friday 18/08/2023: the deadline the week's reminders named, 24/08/2023, in
    # their words ("17:00 thứ Năm, ngày 24/08/2023"): the letter had dropped the weekday.
    path = write_document("reminder-letter", tracker, found, tmp_path, unit="Cồn Cỏ - TT VHTT-TT",
                          issued=date(2023, 8, 21))
    text = body_text(open_doc(path))
    assert "trước 17:00 thứ Năm, ngày 24/08/2023." in text
    assert cell_lines(open_doc(path).tables[0], 1, 1)[-1] == "Quảng Trị, ngày      tháng 8 năm 2023"


def test_a_unit_given_by_part_of_its_name_is_refused_naming_the_units_it_may_mean(
        tracker: Tracker, found: dict[str, Any], tmp_path: Path) -> None:
    with pytest.raises(TrackerError) as caught:
        write_document("reminder_letter", tracker, found, tmp_path, unit="cam lo")
    assert caught.value.vi == ("không có đơn vị “cam lo” trong tracker này; có phải một trong: “Cam Lộ - Phòng VHTT” "
                               "(cam-lo-phong-vhtt), “Cam Lộ - TT VHTT-TT” (cam-lo-trung-tam)? Ghi đúng mã, tên hoặc tên "
                               "trang tính")


def _part_renamed(found: dict[str, Any], old: str, new: str, letters: int = 0) -> dict[str, Any]:
    """findings.json with part `old` named `new`, and `letters` more parts named a, b, … in the first task."""
    import copy
    import string

    f = copy.deepcopy(found)
    for part in [p for t in f["tasks"] for p in t["parts"]] + [p for ts in f["matrix"] for p in ts["parts"]]:
        if part["id"] == old:
            part["id"] = new
    f["tasks"][0]["parts"] += [{"id": c, "title": f"Phần {c}", "due": None} for c in string.ascii_lowercase[:letters]]
    return f


@pytest.mark.parametrize(("part_id", "letters", "shown"), [
    ("ho", 0, "Triển khai tuyên truyền chính sách, pháp luật về phòng, chống mua bán người"),
    ("aa", 0, "Triển khai tuyên truyền chính sách, pháp luật về phòng, chống mua bán người"),
    ("aa", 26, "aa. Triển khai tuyên truyền chính sách, pháp luật về phòng, chống mua bán người"),
    ("b", 0, "b. Triển khai tuyên truyền chính sách, pháp luật về phòng, chống mua bán người"),
])
def test_a_part_of_two_letters_is_numbered_in_word_tables_only_after_a_to_z(
        tracker: Tracker, found: dict[str, Any], part_id: str, letters: int, shown: str) -> None:
    # A part id of two letters is a key ('ho', for 'hồ sơ') unless the parts went past 'z' as a drafter's do ('aa'
    # after 'z'): the status table printed 'ho. Triển khai …' as if 'ho' were a number.
    from tracker.documents.content import FindingsView, status_table

    view = FindingsView(tracker, _part_renamed(found, "1a", part_id, letters))
    assert status_table(view).rows[0][0] == shown
    assert view.part_name(next(p for p in view.parts_of("dong-ha-phong-vhtt") if p.id == part_id)) == shown
