"""Row feedback: what the check says about each row, placed next to it in the unit's own tab.

Pure: a CheckResult in, one SheetFeedback per unit tab out. Writers put it on the wire
(`tracker.sheets_write`) or into a copy of a workbook (`tracker.feedback.workbook`); neither decides what to say.
The feedback column sits right of every column the unit uses, so nothing a unit typed is moved or
overwritten, and intake skips its header (`is_feedback_header`) so it is never read back as data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from openpyxl.utils import column_index_from_string

from tracker.files.cells import RawSheet
from tracker.intake import RawRow, is_feedback_header
from tracker.problems import Problem

if TYPE_CHECKING:  # intake imports this module for the header; the result type only annotates
    from tracker.result import CheckResult

COUNTED = "✓ Được tính"
NOTE_AUTHOR = "Kiểm tra tự động"
PROTECTION = "Kết quả kiểm tra — do cơ quan theo dõi ghi, không sửa"


@dataclass(frozen=True)
class SheetFeedback:
    """The feedback for one unit tab. Rows are 1-based sheet rows; columns 0-based."""

    unit: str
    sheet: str
    spreadsheet: str
    header_row: int
    column: int
    """Where the feedback column goes: reused when a previous check wrote it, else the first free one."""
    last_row: int
    """Rows header_row+1..last_row are written: a row without feedback is cleared."""
    texts: dict[int, str]
    notes: dict[tuple[int, int], str]
    """(row, column) of an offending cell -> its message(s)."""


def row_text(problems: list[Problem], counted: bool, tags: frozenset[str]) -> str:
    """What the feedback column says: the problems, or what the row counts toward."""
    errors = [p.message for p in problems if p.severity == "error"]
    warnings = [p.message for p in problems if p.severity == "warning"]
    if not counted:
        return "✗ " + " ".join(errors + warnings)
    text = COUNTED + (f" (nhiệm vụ {', '.join(sorted(tags))})" if tags else "")
    return text + (" — Lưu ý: " + " ".join(warnings) if warnings else "")


def feedback(result: CheckResult) -> list[SheetFeedback]:
    """One SheetFeedback per unit tab whose header row was found."""
    tags = {(a.unit, a.row): a.tags for a in result.intake.activities}
    by_row: dict[tuple[str, int], list[Problem]] = {}
    for p in result.intake.problems:
        if p.unit and p.row:
            by_row.setdefault((p.unit, p.row), []).append(p)
    rows_of: dict[str, list[RawRow]] = {}
    for raw_row in result.intake.raw_rows:  # once, not once per unit: 3,321 units x 200,000 rows otherwise
        rows_of.setdefault(raw_row.unit, []).append(raw_row)
    sheets = {s.name: s for s in reversed(result.book.sheets)}  # the first of a name, as before
    out = []
    for unit in result.tracker.units:
        state = result.intake.units[unit.id]
        raw = sheets.get(state.sheet) if state.sheet else None
        if raw is None or state.header_row is None:
            continue
        column = feedback_column(raw, state.header_row)
        texts: dict[int, str] = {}
        notes: dict[tuple[int, int], str] = {}
        for row in rows_of.get(unit.id, []):
            found = by_row.get((unit.id, row.row), [])
            texts[row.row] = row_text(found, row.counted, tags.get((unit.id, row.row), frozenset()))
            for p in found:
                if p.column:
                    at = (row.row, column_index_from_string(p.column) - 1)
                    notes[at] = notes[at] + "\n" + p.message if at in notes else p.message
        out.append(SheetFeedback(unit=unit.id, sheet=raw.name, spreadsheet=raw.spreadsheet,
                                 header_row=state.header_row, column=column,
                                 last_row=max(len(raw.rows), state.header_row), texts=texts, notes=notes))
    return out


def feedback_column(sheet: RawSheet, header_row: int) -> int:
    """The column a previous check wrote, else the first column right of the header with no cell typed in it.
    (A workbook copy; on Google Sheets the tool finds its own column by a marker, never by its heading.)"""
    header = sheet.rows[header_row - 1] if header_row <= len(sheet.rows) else []
    for c, value in enumerate(header):
        if is_feedback_header(value):
            return c
    return first_free_column(sheet, header_row)


def first_free_column(sheet: RawSheet, header_row: int) -> int:
    """The first column right of the header's last heading with no cell typed in it, in any row."""
    header = sheet.rows[header_row - 1] if header_row <= len(sheet.rows) else []
    c = max((i for i, v in enumerate(header) if v not in (None, "")), default=-1) + 1
    while any(c < len(row) and row[c] not in (None, "") for row in sheet.rows):
        c += 1
    return c
