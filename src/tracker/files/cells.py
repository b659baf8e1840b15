"""Cells as every reader yields them: values, formula errors, raw sheets and books, and the read limits.

The lowest layer of reading: it knows nothing of a tracker, so the definition (through the contacts
file), the file readers, the sources and intake can all build on it without a circle.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from tracker.text import fold

CellValue = str | int | float | bool | date | datetime | time | timedelta | None

ProgressFn = Callable[[str, int, int], None]
"""progress(label, done, total): sources call it as they read, so the CLI can draw a bar."""


READ_ROWS = 100_000
"""Rows read per tab. A tab with more rows than this is reported as too large (`sheet-too-large`)."""
READ_COLUMNS = 64
"""Columns read per tab (A to BL): the tracker's columns with room for a district's own. A cell further
out is stray (`cell-out-of-range`), reported and not read."""

CELL_CHARS = 32_767
"""Characters a cell holds (Excel's limit): longer text, which only a CSV file or a hostile workbook can carry,
is cut on the way in and reported at its cell (`cell-too-long`)."""

ERROR_CODES = frozenset({"#REF!", "#N/A", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#ERROR!", "#SPILL!", "#CALC!"})


@dataclass(frozen=True)
class CellError:
    """A formula error cell (#REF!, #N/A, ...), kept apart from text so it can never pass for a value."""

    code: str

    def __str__(self) -> str:
        return self.code


@dataclass(frozen=True)
class FormulaNoValue(CellError):
    """A formula saved with no computed value (`code` is the formula, '=DATE(2026,5,12)'): a workbook written by a
    program that does not compute formulas (openpyxl, a script) and never opened and saved in a spreadsheet. Neither a
    value nor an empty cell: its value is not known."""


@dataclass
class RawSheet:
    """One tab as read. rows[0] is sheet row 1; rows may be ragged; merged ranges are 0-based inclusive."""

    name: str
    rows: list[list[CellValue | CellError]]
    spreadsheet: str = ""
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    date1904: bool = False
    stray_cells: list[tuple[int, int]] = field(default_factory=list)
    """(row, column), 1-based, of valued cells beyond the limits a source reads: reported, not read."""
    rows_cut: int = 0
    """Rows with values beyond the rows a source reads per tab: the tab is too large to read in full."""
    limits: tuple[int, int] = (READ_ROWS, READ_COLUMNS)
    """(rows, columns) the source read at most; the numbers quoted in the two problems above."""


@dataclass
class RawBook:
    """Everything a source read for one check."""

    label: str
    sheets: list[RawSheet]
    links: dict[str, str] = field(default_factory=dict)
    """Per sheet name, a link a district can open (a Google Sheets tab URL); empty for files."""
    reviews: tuple[RawSheet, ...] = ()
    """The province's review tabs that the source itself vouches for (only the Sheets source, for the
    provisioned tab verified as protected); a tab of the units' own workbook or folder is never read as
    decisions."""


def put_cell(rows: list[list[Any]], r: int, c: int, value: Any) -> None:
    """Set rows[r][c] (0-based), growing the ragged grid as needed."""
    while len(rows) <= r:
        rows.append([])
    row = rows[r]
    while len(row) <= c:
        row.append(None)
    row[c] = value


def filled_rows(sheet: RawSheet) -> list[list[CellValue | CellError]]:
    """The rows with each merged range's top-left value copied into the range, as a person reading the sheet
    sees it (a copy; the sheet itself is left as read)."""
    if not sheet.merged:
        return sheet.rows
    rows = [list(r) for r in sheet.rows]
    for r0, c0, r1, c1 in sheet.merged:
        if r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            while len(row) <= c1:
                row.append(None)
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    row[c] = value
    return rows


def is_review_sheet(name: str) -> bool:
    """'Duyệt', 'duyet', 'DUYỆT (2)', 'Duyệt tuần 33' — a review tab, however it is typed; never a unit's sheet.

    Here, with the sheets, because every reader must tell such a tab apart (intake never reads one as a unit's;
    the Sheets source vouches for the one the tool provisioned) without knowing what a decision is."""
    return re.sub(r"[^0-9a-z]", "", fold(name)).startswith("duyet")
