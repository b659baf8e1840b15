"""Row feedback in a copy of the source workbook, for offices that exchange workbooks by email.

The copy has, in each unit tab, the "Kết quả kiểm tra" column and a comment on each offending cell;
every cell a unit typed keeps its value (the workbook is loaded and saved by openpyxl, formulas kept
as formulas; their cached results are dropped by openpyxl, so the copy asks to be recalculated on
opening, and a reader that does not calculate, such as calamine, sees those cells empty until then). Comments the check wrote before are removed first, so a fixed cell loses its comment.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.workbook.properties import CalcProperties
from openpyxl.worksheet.worksheet import Worksheet

from tracker.errors import OutputError, SourceError
from tracker.feedback.rows import NOTE_AUTHOR, SheetFeedback, feedback
from tracker.files.atomic import os_reason_vi, replacing
from tracker.files.xlsxcells import literal, safe
from tracker.intake import FEEDBACK_HEADER

if TYPE_CHECKING:
    from tracker.result import CheckResult

_FILL = PatternFill("solid", fgColor="EFEFEF")


def annotate_workbook(result: CheckResult, source: Path, out: Path) -> int:
    """Write `out`, a copy of `source` with the feedback; returns the number of tabs annotated.

    Never the source itself: openpyxl drops the cached results of formulas, so a unit's date typed as a
    formula would read empty next week. The copy is an .xlsx, and a source the check could not read in
    full (a tab past the row limit) is not copied: openpyxl would load every row of it.
    """
    _refuse(result, source, out)
    try:
        wb = openpyxl.load_workbook(source)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise SourceError(f"cannot annotate {source}: {exc}") from exc
    written = 0
    for sheet in feedback(result):
        if sheet.sheet not in wb.sheetnames or sheet.spreadsheet not in ("", source.name):
            continue
        _annotate_sheet(wb[sheet.sheet], sheet)
        written += 1
    # openpyxl keeps a formula but not its cached result: Excel and LibreOffice recompute on opening. A workbook
    # written without <calcPr> (some tools leave it out) gets one.
    if wb.calculation is None:
        wb.calculation = CalcProperties()
    wb.calculation.fullCalcOnLoad = True
    try:
        with replacing(out) as temporary:
            wb.save(temporary)
    except OSError as exc:
        raise OutputError(f"cannot write {out}: {exc.strerror or exc}",
                          vi=f"không ghi được “{out}”: {os_reason_vi(exc)}") from exc
    return written


def _refuse(result: CheckResult, source: Path, out: Path) -> None:
    """Refuse, before anything is read or written, what `annotate_workbook` must not do (see its docstring)."""
    if source.suffix.lower() != ".xlsx" or not source.is_file():
        raise SourceError(f"--annotate needs one .xlsx workbook as the source, not {source}")
    if out.suffix.lower() != ".xlsx":
        raise OutputError(f"--annotate writes an .xlsx workbook: give a name ending in .xlsx, not {out.name}")
    if out.resolve() == source.resolve() or (out.exists() and out.samefile(source)):
        raise OutputError(f"--annotate {out} would overwrite the units' own workbook: give another file name",
                          vi=f"--annotate “{out}” sẽ ghi đè lên chính bảng tính các đơn vị nhập: hãy chọn tên tệp khác")
    too_large = [s for s in result.book.sheets if s.spreadsheet == source.name and s.rows_cut]
    if too_large:
        raise SourceError(f"cannot annotate {source}: tab {too_large[0].name!r} has more than "
                          f"{too_large[0].limits[0]:,} rows (sheet-too-large); fix the tab first")


def _annotate_sheet(ws: Worksheet, sheet: SheetFeedback) -> None:
    """One tab: the feedback column beside the rows, and the notes on the cells (the last run's notes removed)."""
    col = sheet.column + 1
    # The notes the check wrote before, wherever they are: the cells that exist, never the grid (a stray
    # value at XFD1048576 would make a walk over rows and columns create a billion cells).
    for cell in list(ws._cells.values()):
        if cell.comment is not None and cell.comment.author == NOTE_AUTHOR:
            cell.comment = None
    head = literal(ws.cell(row=sheet.header_row, column=col, value=FEEDBACK_HEADER))
    head.font = Font(bold=True)
    head.fill = _FILL
    ws.column_dimensions[head.column_letter].width = 60
    for r in range(sheet.header_row + 1, sheet.last_row + 1):
        cell = literal(ws.cell(row=r, column=col, value=safe(sheet.texts.get(r))))
        if r in sheet.texts:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.fill = _FILL
    for (r, c), note in _on_merges(ws, sheet.notes).items():
        ws.cell(row=r, column=c).comment = Comment(note, NOTE_AUTHOR, width=320, height=120)


def _on_merges(ws: Worksheet, notes: dict[tuple[int, int], str]) -> dict[tuple[int, int], str]:
    """Notes by 1-based (row, column); a cell inside a merged range cannot hold a comment, its range's first cell can."""
    out: dict[tuple[int, int], str] = {}
    for (r, c0), note in notes.items():
        at = (r, c0 + 1)
        for rng in ws.merged_cells.ranges:
            if rng.min_row <= r <= rng.max_row and rng.min_col <= c0 + 1 <= rng.max_col:
                at = (rng.min_row, rng.min_col)
        if at in out and note not in out[at]:
            out[at] += "\n" + note
        else:
            out.setdefault(at, note)
    return out
