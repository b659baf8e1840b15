"""Reviews files: the province's decisions in a workbook or CSV of their own, for a workbook source.

Units never see this file (their entries come in their own workbooks or tabs), so it needs no
protection; it carries the same columns, dropdowns and hints as the "Duyệt" tab of a spreadsheet.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from tracker.cells import RawSheet
from tracker.decisions import COLUMNS, KIND_VI, REVIEW_SHEET, is_review_sheet
from tracker.definition import Tracker
from tracker.errors import SourceError
from tracker.tables import read_csv, read_workbook
from tracker.xlsxcells import literal

LISTS_SHEET = "Danh mục"
VALIDATED_ROWS = 2000


def write_review_workbook(tracker: Tracker, path: Path) -> Path:
    """An empty reviews workbook: the header with a hint on each heading, dropdowns for the unit, the part
    and the decision."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new workbook has its sheet
    ws.title = REVIEW_SHEET
    for c, col in enumerate(COLUMNS, 1):
        cell = literal(ws.cell(row=1, column=c, value=col.header))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.comment = Comment(col.hint, tracker.province.speaker or "tracker")
        ws.column_dimensions[get_column_letter(c)].width = col.width
    ws.freeze_panes = "A2"
    lists = wb.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    units = [u.name for u in tracker.units]
    parts = [p.id for _, p in tracker.parts()]
    for r, name in enumerate(["Đơn vị", *units], 1):
        literal(lists.cell(row=r, column=1, value=name))
    for r, name in enumerate(["Phần việc", *parts], 1):
        literal(lists.cell(row=r, column=2, value=name))
    letter = {c.key: get_column_letter(i) for i, c in enumerate(COLUMNS, 1)}
    choices = [
        ("unit", f"'{LISTS_SHEET}'!$A$2:$A${len(units) + 1}"),
        ("part", f"'{LISTS_SHEET}'!$B$2:$B${len(parts) + 1}"),
        ("decision", '"' + ",".join(KIND_VI.values()) + '"'),
    ]
    for key, formula in choices:
        rule = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=key == "decision",
                              errorTitle="Quyết định", error="Hãy chọn một quyết định trong danh sách.")
        rule.add(f"{letter[key]}2:{letter[key]}{VALIDATED_ROWS}")
        ws.add_data_validation(rule)
    wb.save(path)
    return path


def append_to_workbook(path: Path, lines: list[list[str]]) -> None:
    """The lines below the last line of the review sheet (the first sheet when none is named so)."""
    wb = load_workbook(path)
    ws = next((s for s in wb.worksheets if is_review_sheet(s.title)), wb.worksheets[0])
    last = max((row[0].row for row in ws.iter_rows() if any(c.value not in (None, "") for c in row)), default=1)
    for i, line in enumerate(lines, 1):
        for c, value in enumerate(line, 1):
            literal(ws.cell(row=last + i, column=c, value=value or None))
    wb.save(path)


def read_review_file(path: Path) -> list[RawSheet]:
    """The review sheets of a reviews file: every sheet named 'Duyệt' of a workbook (else its first), or a CSV."""
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".csv"):
        raise SourceError(f"{path}: a reviews file must be .xlsx or .csv")
    if not path.is_file():
        raise SourceError(f"reviews file not found: {path}")
    if suffix == ".csv":
        return [RawSheet(name=f"{REVIEW_SHEET} ({path.name})", rows=read_csv(path), spreadsheet=path.name)]
    sheets = read_workbook(path)
    chosen = [s for s in sheets if is_review_sheet(s.name)] or sheets[:1]
    return [RawSheet(name=f"{s.name} ({path.name})", rows=s.rows, spreadsheet=path.name, date1904=s.date1904)
            for s in chosen]
