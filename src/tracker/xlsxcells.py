"""Cells we write into any workbook hold what we mean: typed text never becomes a formula.

openpyxl stores every string that starts with '=' as a formula, so a district typing
=HYPERLINK("http://…","Xem") in a cell, or a unit named "=…" in the YAML, would become a live formula
in report.xlsx, the digest's attachment, a restored-rows workbook or the entry template. Every cell
the project writes goes through `literal`; formulas we mean (the template's validations) are not cells.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from openpyxl.worksheet.worksheet import Worksheet

C = TypeVar("C")


def literal(cell: C) -> C:
    """The cell, with a string value kept as a string whatever its first character."""
    if isinstance(getattr(cell, "value", None), str) and getattr(cell, "data_type", None) == "f":
        cell.data_type = "s"  # type: ignore[attr-defined]
    return cell


def append_literal(ws: Worksheet, values: Iterable[Any]) -> None:
    """ws.append for a normal (not write-only) sheet, every string kept as text."""
    ws.append(list(values))
    for cell in ws[ws.max_row]:
        literal(cell)
