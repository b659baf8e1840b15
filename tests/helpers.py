"""Shared fixtures: the bundled tracker, workbooks built from rows, and real servers on loopback."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

import openpyxl

from tracker.definition import Tracker
from tracker.sources import CellValue
from tracker.template import FIRST_DATA_ROW, write_template

AS_OF = date(2023, 8, 18)

Row = Sequence[CellValue]
"""What a test types into one row of a unit's tab, column A first."""


def build_workbook(tracker: Tracker, path: Path, rows_by_sheet: Mapping[str, Sequence[Row]],
                   drop: Sequence[str] = ()) -> Path:
    """The entry template with the given rows typed in (column A = STT), some sheets removed."""
    write_template(tracker, path)
    wb = openpyxl.load_workbook(path)
    for name in drop:
        del wb[name]
    for sheet, rows in rows_by_sheet.items():
        ws = wb[sheet] if sheet in wb.sheetnames else wb.create_sheet(sheet)
        for r, values in enumerate(rows, start=FIRST_DATA_ROW):
            for c, value in enumerate(values, start=1):
                if value is not None:
                    ws.cell(row=r, column=c, value=value)
    wb.save(path)
    return path
