"""Reviews files: the province's decisions in a workbook or CSV of their own, for a workbook source.

Units never see this file (their entries come in their own workbooks or tabs), so it needs no
protection; it carries the same columns, dropdowns and hints as the "Duyệt" tab of a spreadsheet.
Every write replaces the file whole (tracker.files.atomic): a check reading it, or a process killed while
writing it, sees the old file or the new one.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from tracker.definition import Tracker
from tracker.errors import SourceError
from tracker.files.atomic import replacing, write_atomic
from tracker.files.cells import RawSheet, is_review_sheet
from tracker.files.tables import read_csv, read_workbook
from tracker.files.xlsxcells import literal, safe
from tracker.review.decisions import COLUMNS, KIND_VI, REVIEW_SHEET, header_row
from tracker.text import printable, sheet_key

LISTS_SHEET = "Danh mục"
VALIDATED_ROWS = 2000


def write_review_workbook(tracker: Tracker, path: Path) -> Path:
    """An empty reviews workbook: the header with a hint on each heading, dropdowns for the unit, the part
    and the decision. A .csv path gets the header line alone (UTF-8 with BOM, as Excel opens it)."""
    if path.suffix.lower() == ".csv":
        _write_csv(path, [[c.header for c in COLUMNS]])
        return path
    with replacing(path) as temporary:
        _new_workbook(tracker).save(temporary)
    return path


def _new_workbook(tracker: Tracker) -> Workbook:
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new workbook has its sheet
    _review_sheet(ws, tracker, wb)
    return wb


def _review_sheet(ws: Worksheet, tracker: Tracker, wb: Workbook, lists: bool = True) -> None:
    """The header, hints and dropdowns; `lists`: the unit and part dropdowns read a hidden list sheet, which a
    units' workbook (that has a list sheet of its own) does without."""
    ws.title = REVIEW_SHEET
    for c, col in enumerate(COLUMNS, 1):
        cell = literal(ws.cell(row=1, column=c, value=col.header))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.comment = Comment(col.hint, tracker.province.speaker or "tracker")
        ws.column_dimensions[get_column_letter(c)].width = col.width
    ws.freeze_panes = "A2"
    letter = {c.key: get_column_letter(i) for i, c in enumerate(COLUMNS, 1)}
    decision = DataValidation(type="list", formula1='"' + ",".join(KIND_VI.values()) + '"', allow_blank=True,
                              showErrorMessage=True, errorTitle="Quyết định", error="Hãy chọn một quyết định trong danh sách.")
    decision.add(f"{letter['decision']}2:{letter['decision']}{VALIDATED_ROWS}")
    ws.add_data_validation(decision)
    if not lists:
        return
    lists_ws = wb.create_sheet(LISTS_SHEET)
    lists_ws.sheet_state = "hidden"
    units = [u.name for u in tracker.units]
    parts = [p.id for _, p in tracker.parts()]
    for r, name in enumerate(["Đơn vị", *units], 1):
        literal(lists_ws.cell(row=r, column=1, value=safe(name)))
    for r, name in enumerate(["Phần việc", *parts], 1):
        literal(lists_ws.cell(row=r, column=2, value=safe(name)))
    for key, formula in (("unit", f"'{LISTS_SHEET}'!$A$2:$A${len(units) + 1}"),
                         ("part", f"'{LISTS_SHEET}'!$B$2:$B${len(parts) + 1}")):
        rule = DataValidation(type="list", formula1=formula, allow_blank=True)
        rule.add(f"{letter[key]}2:{letter[key]}{VALIDATED_ROWS}")
        ws.add_data_validation(rule)


def units_tabs(tracker: Tracker, sheet_names: Sequence[str]) -> list[str]:
    """The tabs among `sheet_names` that are units' tabs: a workbook holding any is the units', not the province's."""
    own = {sheet_key(n) for u in tracker.units for n in (u.sheet, *u.aliases)}
    return [n for n in sheet_names if sheet_key(n) in own]


def append_to_workbook(tracker: Tracker, path: Path, lines: list[list[str]]) -> None:
    """The lines below the last line of the workbook's review sheet (a sheet named 'Duyệt', else one whose header
    is the review header); a new workbook is made first. The caller holds the file's lock (tracker.files.atomic)."""
    wb = load_workbook(path) if path.exists() else _new_workbook(tracker)
    ws = next((s for s in wb.worksheets if is_review_sheet(s.title)), None)
    if ws is None:
        ws = next((s for s in wb.worksheets if header_row(list(s.iter_rows(max_row=10, values_only=True)))
                   is not None), None)
    if ws is None:
        raise SourceError(f"{path} has no review sheet ('{REVIEW_SHEET}' or the review header): not a reviews file")
    last = max((row[0].row for row in ws.iter_rows() if any(c.value not in (None, "") for c in row)), default=1)
    for i, line in enumerate(lines, 1):
        for c, value in enumerate(line, 1):
            literal(ws.cell(row=last + i, column=c, value=safe(value) or None))
    with replacing(path) as temporary:
        wb.save(temporary)


def append_to_csv(path: Path, lines: Sequence[Sequence[str]]) -> None:
    """The file rewritten whole, with the lines after its own (read in whatever encoding and delimiter it was
    saved in): an Excel 'Unicode text' file or one without a final newline is never half-appended."""
    rows: list[Sequence[object]] = [[c.header for c in COLUMNS]]
    if path.exists() and path.stat().st_size:
        rows = [[v if isinstance(v, str | int | float) or v is None else str(v) for v in row] for row in read_csv(path)]
    _write_csv(path, [*rows, *lines])


def _write_csv(path: Path, rows: Sequence[Sequence[object]]) -> None:
    buffer = io.StringIO()
    out = csv.writer(buffer)
    # A cell starting with = + - @ would be a formula in Excel: guarded with an apostrophe, as Excel writes
    # it, and unguarded again when read (tracker.review.decisions).
    texts = [[printable(v) if isinstance(v, str) else v for v in row] for row in rows]  # no control reaches a file
    out.writerows([[f"'{v}" if isinstance(v, str) and v[:1] in "=+-@" and v[1:2] else v for v in row] for row in texts])
    write_atomic(path, buffer.getvalue(), encoding="utf-8-sig")


def read_review_file(path: Path) -> list[RawSheet]:
    """The review sheets of a reviews file: every sheet named 'Duyệt' of a workbook (else its first), or a CSV."""
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".csv"):
        raise SourceError(f"{path}: a reviews file must be .xlsx or .csv",
                          vi=f"“{path}”: tệp quyết định của tỉnh phải là tệp .xlsx hoặc .csv")
    if not path.is_file():
        raise SourceError(f"reviews file not found: {path}", vi=f"không tìm thấy tệp quyết định của tỉnh “{path}”")
    if suffix == ".csv":
        return [RawSheet(name=f"{REVIEW_SHEET} ({path.name})", rows=read_csv(path), spreadsheet=path.name)]
    sheets = read_workbook(path)
    chosen = ([s for s in sheets if is_review_sheet(s.name)]
              or [s for s in sheets if header_row(s.rows) is not None] or sheets[:1])
    return [RawSheet(name=f"{s.name} ({path.name})", rows=s.rows, spreadsheet=path.name, merged=s.merged,
                     date1904=s.date1904) for s in chosen]
