"""Cells we write into any workbook hold what we mean: typed text never becomes a formula.

openpyxl stores every string that starts with '=' as a formula, so a district typing
=HYPERLINK("http://…","Xem") in a cell, or a unit named "=…" in the YAML, would become a live formula
in report.xlsx, the digest's attachment, a restored-rows workbook or the entry template. Every cell
the project writes goes through `literal`; formulas we mean (the template's validations) are not cells.

Every text goes through `safe` first: a control character (a vertical tab pasted from Word) makes
openpyxl refuse the whole workbook, a lone surrogate cannot be encoded, and Excel reads `_x000B_` in a
cell as the character it escapes: such text would stop the weekly report for every unit, or change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, TypeVar

from openpyxl.worksheet.worksheet import Worksheet

from tracker.files.cells import CELL_CHARS
from tracker.text import printable

C = TypeVar("C")
V = TypeVar("V")
_ESCAPED = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
"""The underscore that starts an escape; one may also close another (`_x005F_x0041_`): each is escaped."""


def safe(value: V) -> V:
    """The value as a cell holds it: text printable (tracker.text.printable), an `_xHHHH_` in it escaped as
    `_x005F_xHHHH_` so that it reads back as typed, at most CELL_CHARS characters; other values unchanged."""
    if not isinstance(value, str):
        return value
    text = printable(value)
    if "_x" in text:
        text = _ESCAPED.sub("_x005F_", text)
    if len(text) > CELL_CHARS:
        text = text[: CELL_CHARS - 1] + "…"
    return text  # type: ignore[return-value]  # a str is what came in


def literal(cell: C) -> C:
    """The cell, with a string value kept as a string whatever its first character."""
    if isinstance(getattr(cell, "value", None), str) and getattr(cell, "data_type", None) == "f":
        cell.data_type = "s"  # type: ignore[attr-defined]
    return cell


def append_literal(ws: Worksheet, values: Iterable[Any]) -> None:
    """ws.append for a normal (not write-only) sheet, every string kept as text."""
    ws.append([safe(v) for v in values])
    for cell in ws[ws.max_row]:
        literal(cell)
