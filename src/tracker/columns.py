"""Column kinds as a table: for each `type` a column may have, how a cell becomes a value and problems, what
the entry workbook shows for it and what docs/tracker-format.md says of it.

`COLUMN_KINDS` holds one `ColumnKind` per type of `definition.ColumnType`; intake reads the tracker's own
columns through it, `template` asks it for a column's number format and data validation, and a test holds
the docs' table of column types to it. A new column kind is its name in `definition.ColumnType` and one entry
here, with its test (tests/test_columns.py fails while a type has no entry).

The built-in columns (`definition.BUILTIN_COLUMNS`) have a kind each too; their cells also feed the row's
activity (date, tags, forms, audiences, counts, link), which intake reads with the tracker's lists.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from tracker.definition import COLUMN_TYPES, Column, ColumnType, Recurrence, Tracker
from tracker.files.cells import CellValue
from tracker.parse import PhraseMatcher, parse_count, parse_day, parse_link
from tracker.periods import parse_period, periods, resolve
from tracker.problems import Code
from tracker.text import clean, fold

Finding = tuple[Code, dict[str, Any]]
"""A problem of one cell: its code and its message's parameters (the cell's text is added where it is located)."""


@dataclass(frozen=True, slots=True)
class Cell:
    """One non-empty cell of a column, with what its reader may need to know."""

    column: Column
    raw: CellValue
    shown: str
    """The cell as a person reads it, cleaned."""
    day: date | None
    """The row's activity date, when it has one."""
    year: int
    """The campaign's first year: the year of a day typed without one."""
    choices: PhraseMatcher | None = None
    schedules: tuple[Recurrence, ...] = ()
    """For a period column, the schedules of the recurring parts that read it."""


Reader = Callable[[Cell], tuple[Any, list[Finding]]]
Validation = Callable[[Tracker, Column], "dict[str, Any] | None"]


@dataclass(frozen=True)
class ColumnKind:
    """One column type: its reader, its entry-workbook look, its line in docs/tracker-format.md."""

    name: ColumnType
    read: Reader
    holds: str
    """The docs' 'a cell holds' (Markdown)."""
    problems: tuple[Code, ...]
    """The docs' 'a bad cell gives': the problem codes its cells can raise."""
    validation: Validation | None = None
    """The entry workbook's data validation for a column (openpyxl DataValidation arguments), or None."""
    validation_order: int = 9
    """Where its validations come in a sheet's list (the entry workbook's order, unchanged since before)."""
    number_format: Callable[[Column], str | None] = lambda column: None

    def doc_row(self) -> str:
        problems = ", ".join(f"`{c.value}`" for c in self.problems) or "—"
        return f"| `{self.name}` | {self.holds} | {problems} |"


def _text(cell: Cell) -> tuple[Any, list[Finding]]:
    return cell.shown, []


def _integer(cell: Cell) -> tuple[Any, list[Finding]]:
    result = parse_count(cell.raw)
    return result.value, [(code, params) for code, params in result.findings]


def _date(cell: Cell) -> tuple[Any, list[Finding]]:
    found = cell.raw if isinstance(cell.raw, date) else parse_day(fold(cell.shown), cell.year)
    return found, [] if found is not None else [(Code.VALUE_NOT_DATE, {"header": cell.column.header})]


def _choice(cell: Cell) -> tuple[Any, list[Finding]]:
    assert cell.choices is not None  # intake builds a matcher for every choice column of the tracker's own
    values, leftover = cell.choices.match(cell.shown)
    if leftover or not values:
        return None, [(Code.CHOICE_UNKNOWN, {"header": cell.column.header, "options": "; ".join(cell.column.choices)})]
    return ", ".join(values), []


def _link(cell: Cell) -> tuple[Any, list[Finding]]:
    link = parse_link(cell.shown)
    return link, [] if link is not None else [(Code.LINK_INVALID, {})]


def _docref(cell: Cell) -> tuple[Any, list[Finding]]:
    return parse_docref(cell.shown), []  # an unusable number is reported with the evidence it fails to give


def _period(cell: Cell) -> tuple[Any, list[Finding]]:
    schedules = cell.schedules
    ref = parse_period(cell.shown, schedules[0].every if schedules else None)
    if ref is not None and (not schedules or any(resolve(r, ref) for r in schedules)):
        return ref, []
    span = ""
    if schedules:
        first, last = periods(schedules[0])[0], periods(schedules[0])[-1]
        span = f"{first.label} – {last.label}"
    return None, [(Code.PERIOD_INVALID, {"header": cell.column.header, "span": span})]


_DOCREF = re.compile(r"^(?:so\s*[:.]?\s*)?(\d{1,6})\s*/\s*(?:(\d{4})\s*/\s*)?([a-z0-9đ]+(?:\s*-\s*[a-z0-9đ]+)*)\b")


def parse_docref(text: str) -> str | None:
    """A document reference in the 'số/ký hiệu' form: '52/KH-UBND', '1234/UBND-VX', '12/2026/QĐ-UBND'; or None.

    Returned normalised (upper case, no spaces), as the registry writes it; trailing words such as
    'ngày 12/5/2026' are dropped.
    """
    folded = clean(text).lower()
    m = _DOCREF.match(folded.replace("số", "so", 1))
    if not m or not re.search(r"[a-zđ]", m.group(3)):
        return None
    symbol = re.sub(r"\s+", "", m.group(3)).upper()
    year = f"{m.group(2)}/" if m.group(2) else ""
    return f"{int(m.group(1))}/{year}{symbol}"


ENTRY_LISTS: dict[str, tuple[str, str]] = {
    "task": ("DM_NhiemVu", "Nhiệm vụ"), "form": ("DM_HinhThuc", "Hình thức"), "audience": ("DM_DoiTuong", "Đối tượng"),
}
"""The built-in choice columns whose dropdown is a named list of the entry workbook's hidden 'Danh mục' tab."""


def _date_validation(tracker: Tracker, column: Column) -> dict[str, Any] | None:
    if column.key != "date":  # a date column of the tracker's own also takes 'ngày 12 tháng 5': left free
        return None
    start, stop = tracker.campaign.start, tracker.campaign.end
    return dict(
        type="date", operator="between",
        formula1=f"DATE({start.year},{start.month},{start.day})",
        formula2=f"DATE({stop.year},{stop.month},{stop.day})",
        showErrorMessage=True, errorStyle="stop",
        errorTitle="Ngày không hợp lệ",
        error=f"Nhập ngày trong {tracker.terms.campaign}, từ {start:%d/%m/%Y} đến {stop:%d/%m/%Y}.",
        promptTitle=column.header[:32],
        prompt=f"Ngày/tháng/năm, ví dụ {tracker.example_date():%d/%m/%Y}", showInputMessage=True,
    )


def _choice_validation(tracker: Tracker, column: Column) -> dict[str, Any] | None:
    if column.key not in ENTRY_LISTS:
        return None
    name, title = ENTRY_LISTS[column.key]
    # 'warning' rather than 'stop': a unit may still type two values, comma-separated, after confirming.
    return dict(
        type="list", formula1=f"={name}", allow_blank=True, showErrorMessage=True, errorStyle="warning",
        errorTitle=f"{title} ngoài danh sách",
        error="Giá trị này không có trong danh sách. Chọn “Có” nếu ghi nhiều giá trị, cách nhau bằng dấu phẩy.",
    )


def _integer_validation(tracker: Tracker, column: Column) -> dict[str, Any] | None:
    if column.key == "stt":  # districts number rows as they like ('1a', 'I')
        return None
    return dict(
        type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
        showErrorMessage=True, errorStyle="stop", errorTitle="Cần một số nguyên",
        error="Nhập một số nguyên, ví dụ 200 (không ghi chữ, không ghi khoảng).",
    )


def _date_format(column: Column) -> str | None:
    return "DD/MM/YYYY" if column.key == "date" else None


COLUMN_KINDS: Mapping[ColumnType, ColumnKind] = {kind.name: kind for kind in (
    ColumnKind("text", _text, "free text", ()),
    ColumnKind("integer", _integer, "a whole number (`1.200`, `200 người`, `2 trăm`, `1,5 nghìn`, `2k` accepted)",
               (Code.COUNT_NOT_NUMBER, Code.COUNT_TOO_LARGE, Code.COUNT_RANGE, Code.COUNT_APPROXIMATE),
               _integer_validation, 2),
    ColumnKind("date", _date, "a day (`12/5/2026`, `ngày 12 tháng 5`)", (Code.VALUE_NOT_DATE,), _date_validation, 0,
               _date_format),
    ColumnKind("choice", _choice, "one of `choices` (a dropdown in the entry sheet)", (Code.CHOICE_UNKNOWN,),
               _choice_validation, 1),
    ColumnKind("link", _link, "a URL", (Code.LINK_INVALID,)),
    ColumnKind("docref", _docref, "a document reference in the *số/ký hiệu* form: `52/KH-UBND`, `1234/UBND-VX`, "
               "`12/2026/QĐ-UBND`", (Code.DOCREF_INVALID,)),
    ColumnKind("period", _period, "the reporting period a row is for: `Tuần 2`, `Tháng 7/2026`, `Kỳ 3`, a day",
               (Code.PERIOD_INVALID,)),
)}
assert tuple(COLUMN_KINDS) == COLUMN_TYPES, "one entry per column type, in definition.ColumnType's order"


def kind_of(column: Column) -> ColumnKind:
    return COLUMN_KINDS[column.kind]
