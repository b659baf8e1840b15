"""One control character must not stop the week (issue 23, item 2).

Every character U+0000–U+001F and U+007F–U+009F, lone surrogates, U+FFFE and Excel's `_xHHHH_`
escapes, typed into a unit's cells, a decision's reason, and the tracker's own names: intake cleans
the cells on the way in and says so at the cell; every writer (report.xlsx and its digest copy, the
entry template, the history restore workbook, annotate, the contacts template, the reviews file,
the Word documents, report.html and the units' pages, findings.json, the e-mails) writes a file that
reads back whole, holding no such character, and an `_xHHHH_` typed as text reads back as typed.
"""

from __future__ import annotations

import email
import email.policy
import json
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import docx
import openpyxl
import pytest
import python_calamine as pc
from helpers import SampleBooks, build_workbook
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.check import CheckResult, check, findings
from tracker.contacts import write_contacts_template
from tracker.definition import Tracker, load_tracker
from tracker.entry_workbook import FIRST_DATA_ROW, write_template
from tracker.files.cells import RawBook, RawSheet
from tracker.files.tables import read_workbook
from tracker.files.xlsxcells import safe
from tracker.notices import compose_notices
from tracker.report.restore import write_restore_workbook
from tracker.report.write import write_reports
from tracker.review.decide import NewDecision, decide
from tracker.review.files import read_review_file
from tracker.storage.history import History
from tracker.text import CONTROL, printable
from tracker.weekly import RunOptions, Workspace, run

CONTROLS = "".join(map(chr, [*range(0x00, 0x20), *range(0x7F, 0xA0)])) + "\ud800\udbff\udc00\udfff\ufffe\uffff"
ESCAPES = "_x000B_ _x0041_ _x005F_x0041_ _x00e9_"
"""Typed as text (a CSV, a Sheets cell): Excel would read them as VT, 'A', '_x0041_' and 'é' if written as is."""
HOSTILE = f"Họp dân {CONTROLS} {ESCAPES}"
EXPECTED = printable(HOSTILE)
"""What a person reads back: the controls gone (line-like ones a line break), the escapes literal."""


def _no_control(texts: list[str], where: str) -> None:
    bad = [t for t in texts if CONTROL.search(t)]
    assert not bad, f"{where}: control characters in {bad[:3]!r}"


def _xlsx_texts(path: Path) -> list[str]:
    """Every text of every sheet, as a reader that decodes Excel's escapes (calamine, like Excel) sees it."""
    book = pc.CalamineWorkbook.from_path(str(path))
    texts = [str(v) for name in book.sheet_names for row in book.get_sheet_by_name(name).to_python() for v in row
             if isinstance(v, str)]
    with zipfile.ZipFile(path) as zf:  # and the package is XML a strict parser accepts
        for name in zf.namelist():
            if name.endswith(".xml"):
                ElementTree.fromstring(zf.read(name))
    return texts


def _docx_texts(path: Path) -> list[str]:
    doc = docx.Document(str(path))
    texts = [p.text for p in doc.paragraphs]
    texts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return texts


def _hostile_book(sample: RawBook, tracker: Tracker) -> RawBook:
    """The sample with every text cell of the first unit's rows holding the hostile text (as a CSV or the
    Sheets API can give it), and one cell of it alone."""
    sheet = tracker.units[0].sheet
    sheets = []
    for s in sample.sheets:
        rows = [list(r) for r in s.rows]
        if s.name == sheet:
            for r in range(FIRST_DATA_ROW - 1, len(rows)):
                rows[r] = [f"{v} {HOSTILE}" if isinstance(v, str) and c not in (1, 2) else v for c, v in
                           enumerate(rows[r])]
            rows.append([len(rows), "\x0b", "1", HOSTILE, HOSTILE, HOSTILE, HOSTILE, 1, HOSTILE, HOSTILE])
        sheets.append(RawSheet(s.name, rows, s.spreadsheet, s.merged, s.date1904))
    return RawBook(sample.label, sheets)


class _Given:
    def __init__(self, book: RawBook) -> None:
        self.book = book
        self.label = book.label

    def read(self, tracker: Tracker, progress: Any = None) -> RawBook:
        return self.book


@pytest.fixture(scope="module")
def hostile_tracker(sample_books: SampleBooks) -> Tracker:
    t = sample_books.first.tracker
    unit = t.units[1].model_copy(update={"name": f"Phòng {CONTROLS} {ESCAPES}"})
    province = t.province.model_copy(update={"signer": f"Nguyễn {CONTROLS}"})
    return t.model_copy(update={"units": [t.units[0], unit, *t.units[2:]], "province": province,
                                "title": f"{t.title} {ESCAPES}"})


def test_every_writer_survives_every_control_character(sample_books: SampleBooks, hostile_tracker: Tracker,
                                                       tmp_path: Path) -> None:
    sample = sample_books.first
    tracker = hostile_tracker
    book = _hostile_book(RawBook("sample", read_workbook(sample.path)), tracker)
    ws = Workspace(tmp_path / "h.sqlite", tmp_path / "l.sqlite", tmp_path / "reviews.xlsx")
    run(tracker, _Given(book), date(2023, 8, 11), RunOptions(workspace=ws))
    weekly = run(tracker, _Given(book), sample.as_of, RunOptions(workspace=ws, reports=tmp_path / "report", outbox=tmp_path / "outbox"))
    result = weekly.result
    assert result.changes is not None

    # intake: cleaned on the way in, and said at the cell
    sheet = tracker.units[0].sheet
    cleaned = [p for p in result.problems if p.code == "text-control-characters" and p.sheet == sheet]
    assert {p.column for p in cleaned} >= {"D", "E", "F", "I", "J"}
    assert cleaned[0].message.startswith(f"Ô {cleaned[0].cell} có ký tự điều khiển không in được (U+0000, U+0001, ")
    contents = [a.content for a in result.intake.activities if a.unit == tracker.units[0].id]
    _no_control(contents, "activities")
    assert any(ESCAPES in c for c in contents)

    # report.xlsx, findings.json, report.html and the units' pages
    texts = _xlsx_texts(weekly.reports["xlsx"])
    _no_control(texts, "report.xlsx")
    assert any(ESCAPES in t for t in texts), "an _xHHHH_ typed as text must read back as typed"
    assert any(tracker.units[1].name.replace(CONTROLS, printable(CONTROLS)) in t for t in texts)
    raw = weekly.reports["json"].read_bytes().decode("utf-8")  # UTF-8 throughout, and JSON: C0 escaped as \u000b
    _no_control([raw], "findings.json")
    found = json.loads(raw)
    _no_control([a["content"] for a in found["activities"]], "findings.json activities")
    for page in [weekly.reports["html"], *sorted((tmp_path / "report" / "units").glob("*.html"))]:
        _no_control([page.read_bytes().decode("utf-8")], page.name)

    # e-mails, the outbox and the digest's attachment
    notices = compose_notices(result, report_xlsx=None)
    assert notices and weekly.outbox
    for n in notices:
        message = email.message_from_bytes(n.to_message("so@example.org", f"Sở {CONTROLS}").as_bytes(),
                                           policy=email.policy.default)
        _no_control([str(message["Subject"]), str(message["To"])], "headers")
        for part in message.walk():
            if part.get_content_maintype() == "text":
                _no_control([part.get_content()], f"{n.level} body")
    for path in weekly.outbox:
        email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    digest = next(n for n in weekly.notices if n.level == "digest")
    (tmp_path / "digest.xlsx").write_bytes(digest.attachments[0][1])
    _no_control(_xlsx_texts(tmp_path / "digest.xlsx"), "digest attachment")

    # the entry template, the contacts template, the restore workbook, annotate
    _no_control(_xlsx_texts(write_template(tracker, tmp_path / "template.xlsx")), "template")
    _no_control(_xlsx_texts(write_contacts_template(tracker.units, tmp_path / "contacts.xlsx")), "contacts")
    assert result.check_id is not None
    with History(ws.history) as h:
        rows = h.rows_of_units(result.check_id, [tracker.units[0].id])[tracker.units[0].id]
    assert rows
    restored = write_restore_workbook(tracker, rows, tmp_path / "restore.xlsx")
    restored_texts = _xlsx_texts(restored)
    _no_control(restored_texts, "restore")
    assert any(ESCAPES in t for t in restored_texts)
    from tracker.feedback.workbook import annotate_workbook

    (tmp_path / "copy").mkdir()
    copy = sample_books.copy(sample_books.first.tracker.id, tmp_path / "copy" / sample.path.name)
    assert annotate_workbook(result, copy, tmp_path / "annotated.xlsx") > 0
    _no_control(_xlsx_texts(tmp_path / "annotated.xlsx"), "annotate")

    # the reviews file, in both forms
    for suffix in (".xlsx", ".csv"):
        target = tmp_path / f"duyet{suffix}"
        decide(result, [NewDecision(tracker.units[0].sheet, "Miễn", HOSTILE, "Nguyễn Văn A", part="1a")], to=target,
               today=sample.as_of)
        [review] = read_review_file(target)
        _no_control([str(v) for row in review.rows for v in row if v is not None], f"reviews{suffix}")
        assert EXPECTED.strip().split("\n")[-1] in str(review.rows[1][4])

    # the Word documents
    from tracker.documents import write_document

    data = findings(result)
    for kind, unit in (("weekly", None), ("final", None), ("reminder_letter", tracker.units[1].id)):
        path = write_document(kind, tracker, data, tmp_path / "docs", unit=unit, issued=sample.as_of)
        texts = _docx_texts(path)
        _no_control(texts, kind)
        assert any("_x0041_" in t for t in texts), kind  # the tracker's title or the unit's name, as typed


def test_a_control_character_in_a_real_workbook_is_reported_at_its_cell(tracker: Tracker, tmp_path: Path) -> None:
    """Excel stores a vertical tab pasted from Word as _x000B_; calamine decodes it, intake cleans it."""
    from tracker.sources import XlsxSource

    sheet = tracker.units[0].sheet
    path = build_workbook(tracker, tmp_path / "vt.xlsx", {sheet: [
        (1, "28/07/2023", "1", "Hội nghị", "Hội nghị tuyên truyền_x000B_ở thôn 3", "Nhân dân", 120, 1)]})
    result = check(tracker, XlsxSource([path]), date(2023, 8, 18))
    [problem] = [p for p in result.problems if p.code == "text-control-characters"]
    assert (problem.cell, problem.severity, problem.message_en) == (
        f"E{FIRST_DATA_ROW}", "warning", f"Cell E{FIRST_DATA_ROW} held control characters (U+000B), usually pasted "
                                         "from Word or another program; they were removed.")
    assert [a.content for a in result.intake.activities] == ["Hội nghị tuyên truyền\nở thôn 3"]
    write_reports(result, tmp_path / "report")  # no IllegalCharacterError


PIECES = st.sampled_from([*CONTROLS, "a", "ệ", " ", "\n", "_", "x", "0", "B", "_x000B_", "_x0041_", "_x005F_"])


@settings(max_examples=200, deadline=None)
@given(text=st.lists(PIECES, min_size=1, max_size=20).map("".join).filter(lambda t: printable(t).strip() != ""))
def test_any_text_written_to_a_cell_reads_back_as_printed(text: str) -> None:
    from io import BytesIO

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"] = safe(text)
    buffer = BytesIO()
    wb.save(buffer)
    [[back]] = pc.CalamineWorkbook.from_filelike(BytesIO(buffer.getvalue())).get_sheet_by_index(0).to_python()
    assert back == printable(text)


def test_a_decided_result_with_control_characters_in_reasons_renders(tmp_path: Path) -> None:
    """A reason typed by the province is cleaned too: it reaches the units' reminders and the reports."""
    from test_decisions import _reviews, _rows
    from test_directives import AS_OF

    from tracker.sources import XlsxSource

    small = load_tracker(Path(__file__).parent / "data" / "trackers" / "xa-mau.yaml")
    book = build_workbook(small, tmp_path / "xa.xlsx", _rows())
    sheets = _reviews(book, [["Xã A", 6, None, "Không chấp nhận", "x", None, None, "Nguyễn Văn An", "10/06/2026"]])
    sheets = [replace(s, rows=[*s.rows[:1], [*s.rows[1][:4], f"Thiếu {HOSTILE}", *s.rows[1][5:]]]) for s in sheets]
    result: CheckResult = check(small, XlsxSource([book]), AS_OF, reviews=sheets)
    [outcome] = result.decisions
    assert not CONTROL.search(outcome.decision.reason)
    paths = write_reports(result, tmp_path / "report")
    _no_control(_xlsx_texts(paths["xlsx"]), "report.xlsx")
    for n in compose_notices(result):
        n.to_message("so@example.org").as_bytes()


def test_a_control_character_in_the_tracker_yaml_is_a_definition_error_at_its_line(tmp_path: Path) -> None:
    from tracker.definition import bundled_tracker_path, parse_tracker
    from tracker.errors import DefinitionError

    text = bundled_tracker_path().read_text(encoding="utf-8")
    line = text.splitlines().index("  - id: dong-ha-phong-vhtt") + 2
    text = text.replace("name: Phòng Văn hóa và Thông tin thành phố Đông Hà", 'name: "Phòng\\x0bVăn hóa\\ud800"', 1)
    with pytest.raises(DefinitionError) as caught:
        parse_tracker(text, label="hong.yaml", base_dir=tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        f"hong.yaml:{line}: units[0].name: holds the control character(s) U+000B, U+D800: invisible, and no workbook, "
        "letter or e-mail can hold them; remove them"]
