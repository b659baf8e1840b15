"""Text typed by districts or written in the YAML never becomes a live formula in any workbook we write."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import openpyxl
from helpers import Row, build_workbook
from typer.testing import CliRunner

from tracker.check import check
from tracker.cli import app
from tracker.definition import Tracker, bundled_tracker_path, parse_tracker
from tracker.entry_workbook import FIRST_DATA_ROW, write_template
from tracker.notices import compose_notices
from tracker.report.write import write_reports
from tracker.sources import XlsxSource
from tracker.storage.history import History

HOSTILE_NAME = '=HYPERLINK("http://evil.example/unit","Xem")'
LINK = '=HYPERLINK("http://evil.example/a","Xem")'
OFF = "Cán bộ, công chức, viên chức, người lao động"
R1 = (1, date(2023, 7, 10), "1", "Hội nghị", LINK, OFF, 100, 1, None, "=1+1")
R2 = (2, date(2023, 7, 20), "2a", "Tin bài", "=cmd|' /C calc'!A0 cảnh báo lừa đảo", "Nhân dân", 50, 1, None, None)
R3 = (3, date(2023, 7, 28), "1", "=SUM(1,2)", "@SUM(1+1)*cmd và phát thanh hưởng ứng", "Nhân dân", 900, 3, None, None)
R1_EDITED = (1, date(2023, 7, 10), "1", "Hội nghị", LINK + " (bản sửa)", OFF, 100, 1, None, "=1+1")


def _hostile_tracker(tmp_path: Path) -> Tracker:
    text = bundled_tracker_path().read_text(encoding="utf-8")
    text = text.replace("name: Phòng Văn hóa và Thông tin thành phố Đông Hà", f"name: '{HOSTILE_NAME}'", 1)
    return parse_tracker(text, label="hostile.yaml", base_dir=tmp_path)


def _typed_as_text(tracker: Tracker, path: Path, rows: Sequence[Row]) -> Path:
    """A district's workbook whose cells hold the hostile strings as text, as Excel stores what is typed
    after an apostrophe or pasted as text."""
    sheet = tracker.units[0].sheet
    build_workbook(tracker, path, {sheet: rows})
    wb = openpyxl.load_workbook(path)
    for row in wb[sheet].iter_rows(min_row=FIRST_DATA_ROW):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    wb.save(path)
    return path


def _formula_cells(path: Path) -> list[str]:
    wb = openpyxl.load_workbook(path, data_only=False)
    return [f"{ws.title}!{c.coordinate}={c.value}" for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if c.data_type == "f"]


def test_no_generated_workbook_holds_a_formula_from_typed_or_defined_text(tmp_path: Path) -> None:
    tracker = _hostile_tracker(tmp_path)
    history = tmp_path / "h.sqlite"
    week1 = _typed_as_text(tracker, tmp_path / "w1.xlsx", [R1, R2, R3])
    week2 = _typed_as_text(tracker, tmp_path / "w2.xlsx", [R1_EDITED, R2])
    with History(history) as h:
        h.record(check(tracker, XlsxSource([week1]), date(2023, 8, 4)))
        result = h.record_check(check(tracker, XlsxSource([week2]), date(2023, 8, 11)))
    assert result.changes is not None and result.changes["edited"] and result.changes["deleted"]
    assert [a.content for a in result.intake.activities][:2] == [R1_EDITED[4], R2[4]]
    reports = write_reports(result, tmp_path / "report")
    digest = next(n for n in compose_notices(result) if n.level == "digest")
    (tmp_path / "digest.xlsx").write_bytes(digest.attachments[0][1])
    template = write_template(tracker, tmp_path / "template.xlsx")
    yaml_path = tmp_path / "hostile.yaml"
    yaml_path.write_text(bundled_tracker_path().read_text(encoding="utf-8").replace(
        "name: Phòng Văn hóa và Thông tin thành phố Đông Hà", f"name: '{HOSTILE_NAME}'", 1), encoding="utf-8")
    restored = tmp_path / "restored.xlsx"
    # --edited: the edited row's old version (the hostile link) goes through the restore workbook too
    run = CliRunner().invoke(app, ["history", "restore", str(yaml_path), "--history", str(history), "-o", str(restored),
                                   "--edited"])
    assert run.exit_code == 0, run.output
    books = [reports["xlsx"], tmp_path / "digest.xlsx", restored, template]
    assert {str(p.name): _formula_cells(p) for p in books} == {p.name: [] for p in books}
    # ... and the text is all there, as text
    report = openpyxl.load_workbook(reports["xlsx"])
    texts = {c.value for ws in report.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert {HOSTILE_NAME, R1_EDITED[4], R2[4], LINK} <= texts
    restored_contents = [row[5] for row in openpyxl.load_workbook(restored).active.iter_rows(min_row=2, values_only=True)]
    assert sorted(restored_contents) == sorted([LINK, R3[4]])
    assert openpyxl.load_workbook(template)[tracker.units[0].sheet]["A1"].value.startswith(HOSTILE_NAME)


FORMULA_LIKE = ('=HYPERLINK("http://x","y")', "+cmd", "-1+2", "@SUM(A1)")
"""What Excel, LibreOffice or Sheets would run as a formula when opened from a CSV or typed: = + - @."""


def test_formula_like_text_typed_by_a_unit_is_text_in_every_output_read_back(tmp_path: Path) -> None:
    """A unit types each of = + - @ at the start of a content cell (and '+cmd' as participants): report.xlsx, the
    unit's workbook with the check's notes (annotate), the Word documents and the e-mails hold it as text."""
    import json
    import zipfile
    from xml.sax.saxutils import escape

    from tracker.documents import KINDS, write_document
    from tracker.feedback.workbook import annotate_workbook

    tracker = parse_tracker(bundled_tracker_path().read_text(encoding="utf-8"), base_dir=tmp_path)
    unit = tracker.units[0]
    rows = [(i + 1, date(2023, 8, i + 1), "1", "Hội nghị", text, "Nhân dân", "+cmd" if i == 1 else 100, 1, None, None)
            for i, text in enumerate(FORMULA_LIKE)]
    book = _typed_as_text(tracker, tmp_path / "in.xlsx", rows)
    result = check(tracker, XlsxSource([book]), date(2023, 8, 18))
    assert [a.content for a in result.intake.activities if a.unit == unit.id] == list(FORMULA_LIKE)
    reports = write_reports(result, tmp_path / "report")
    annotate_workbook(result, book, tmp_path / "annotated.xlsx")
    for path in (reports["xlsx"], tmp_path / "annotated.xlsx"):
        assert _formula_cells(path) == []
        wb = openpyxl.load_workbook(path)
        found = {c.value: c.data_type for ws in wb.worksheets for row in ws.iter_rows() for c in row
                 if c.value in FORMULA_LIKE}
        assert found == dict.fromkeys(FORMULA_LIKE, "s"), path.name
    data = json.loads(reports["json"].read_text(encoding="utf-8"))
    final = write_document("final", tracker, data, tmp_path / "docs")
    others = [write_document(k, tracker, data, tmp_path / "docs", unit=unit.id if k == "reminder_letter" else None)
              for k in KINDS if k != "final"]
    for path in (final, *others):
        xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
        assert "instrText" not in xml and "fldSimple" not in xml, path.name  # no field a word processor would run
    annex = zipfile.ZipFile(final).read("word/document.xml").decode("utf-8")
    assert all(f">{escape(text)}<" in annex for text in FORMULA_LIKE)  # each content a run of plain text
    notice = next(n for n in compose_notices(result) if n.unit == unit.id)
    assert "“+cmd”" in notice.text and "“+cmd”" in (notice.html or "")
