"""report.xlsx: the gap matrix coloured by status, one sheet per unit, the problems, the activities.

Written in openpyxl's streaming (write-only) mode with named styles: a national check has thousands of
units and hundreds of thousands of activities, and a cell-by-cell workbook in memory would not do.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence, Sized
from copy import copy
from datetime import date
from functools import lru_cache
from io import BytesIO
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from tracker.definition import task_column
from tracker.evaluate import STATUS_VI, WORST_FIRST
from tracker.files.atomic import replacing
from tracker.files.cells import CELL_CHARS
from tracker.files.xlsxcells import literal, safe
from tracker.files.zipped import deflated
from tracker.periods import deadline_text
from tracker.problems import title_vi
from tracker.report import (
    DECIDED_MARK,
    SEVERITY_VI,
    STATUS_COLOURS,
    STATUS_SHORT,
    advisory,
    decided_legend,
    explained,
    part_label,
    to_fix,
)
from tracker.report.html import level_vi

if TYPE_CHECKING:
    from tracker.definition import Grouping, Unit
    from tracker.result import CheckResult

SUMMARY_SHEET = "Tổng hợp"
GROUPS_SHEET = "Số liệu tổng hợp"
STARTS_SHEET = "Thời điểm bắt đầu"
PROBLEMS_SHEET = "Lỗi dữ liệu"
ACTIVITIES_SHEET = "Hoạt động"
CHANGES_SHEET = "Thay đổi"
DETAILS_SHEET = "Chi tiết đơn vị"
DECISIONS_SHEET = "Quyết định"
UNIT_SHEETS_MAX = 200
"""A sheet per unit up to a province's size; a national check gets one filterable details sheet instead."""

THIN = Side(style="thin", color="BFBFBF")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(wrap_text=True, horizontal="center", vertical="center")


FONT = "Arial"
"""Every styled cell names its font: a spreadsheet program's own default (Calibri, Liberation Sans) varies, and some
draw Vietnamese letters from a fallback font."""


def _font(**kw: Any) -> Font:
    return Font(name=FONT, size=kw.pop("size", 10), **kw)


def _styles() -> list[NamedStyle]:
    out = [
        NamedStyle("t_title", font=_font(bold=True, size=14, color="1F4E79")),
        NamedStyle("t_bold", font=_font(bold=True)),
        NamedStyle("t_text", font=_font(), alignment=Alignment(vertical="top")),
        NamedStyle("t_head", font=_font(bold=True, color="FFFFFF"), fill=PatternFill("solid", fgColor="1F4E79"),
                   alignment=CENTER, border=BOX),
        NamedStyle("t_cell", font=_font(), alignment=WRAP, border=BOX),
        NamedStyle("t_cell_b", font=_font(bold=True), alignment=WRAP, border=BOX),
        NamedStyle("t_center", font=_font(), alignment=CENTER, border=BOX),
        NamedStyle("t_center_b", font=_font(bold=True), alignment=CENTER, border=BOX),
        NamedStyle("t_date", font=_font(), alignment=WRAP, border=BOX, number_format="DD/MM/YYYY"),
        NamedStyle("t_pct", font=_font(), alignment=WRAP, border=BOX, number_format="0%"),
        NamedStyle("t_pct_b", font=_font(bold=True), alignment=WRAP, border=BOX, number_format="0%"),
        NamedStyle("t_err", font=_font(bold=True, color="9C0006"), alignment=WRAP, border=BOX),
        NamedStyle("t_warn", font=_font(color="7F6000"), alignment=WRAP, border=BOX),
    ]
    for status, (fill, text) in STATUS_COLOURS.items():
        for bold in (False, True):
            out.append(NamedStyle(f"st_{status}{'_b' if bold else ''}", font=_font(color=text, bold=bold),
                                  fill=PatternFill("solid", fgColor=fill), alignment=CENTER, border=BOX))
    return out


def write_xlsx(result: CheckResult, path: Path) -> Path:
    """report.xlsx, written whole or not at all, its long sheets streamed into the file (never held whole)."""
    with replacing(path) as temporary, temporary.open("wb") as fh:
        _write_package(result, fh)
    return path


def xlsx_bytes(result: CheckResult) -> bytes:
    buffer = BytesIO()
    _write_package(result, buffer)
    return buffer.getvalue()


def _write_package(result: CheckResult, target: BinaryIO) -> None:
    buffer = BytesIO()
    rows_at: dict[str, dict[str, str]] = {}
    build_workbook(result, rows_at).save(buffer)
    rows: dict[str, Iterable[Sequence[Any]]] = {
        ACTIVITIES_SHEET: _Counted(max(0, len(result.intake.activities) - 1), _activity_rows(result, skip=1)),
        PROBLEMS_SHEET: _Counted(max(0, len(result.problems) - 1), _problem_rows(result, skip=1))}
    if len(result.tracker.units) > UNIT_SHEETS_MAX:
        rows[DETAILS_SHEET] = _detail_rows(result)
    bulk_append(buffer.getvalue(), rows, {PROBLEMS_SHEET: PROBLEM_WIDTHS, ACTIVITIES_SHEET: ACTIVITY_WIDTHS}, target,
                rows_at)


class _Counted:
    """Rows that say how many they are before they are made: bulk_append writes a sheet's size ahead of its rows."""

    def __init__(self, count: int, rows: Iterable[Sequence[Any]]) -> None:
        self.count, self.rows = count, rows

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Sequence[Any]]:
        return iter(self.rows)


def build_workbook(result: CheckResult, rows_at: dict[str, dict[str, str]] | None = None) -> Workbook:
    """Every sheet through openpyxl, except the rows of the long plain tables (activities after the
    first, problems, details), which xlsx_bytes appends with bulk_append; given `rows_at`, the summary's and the
    starts' plain rows are made here, as openpyxl would write them, into rows_at[sheet title] for bulk_append to put
    in place of the empty rows openpyxl writes for them (_Rows)."""
    wb = Workbook(write_only=True)
    for style in _styles():
        wb.add_named_style(style)
    _summary(_sheet(wb, SUMMARY_SHEET), wb, result, None if rows_at is None else rows_at.setdefault(SUMMARY_SHEET, {}))
    _groups(_sheet(wb, GROUPS_SHEET), wb, result)
    _starts(_sheet(wb, STARTS_SHEET), wb, result, None if rows_at is None else rows_at.setdefault(STARTS_SHEET, {}))
    used = set(wb.sheetnames)
    problems_by_unit: dict[str, list[Any]] = {}
    for p in result.problems:
        if p.unit:
            problems_by_unit.setdefault(p.unit, []).append(p)
    if len(result.tracker.units) <= UNIT_SHEETS_MAX:
        for unit in result.tracker.units:
            title = _safe_title(unit.sheet, used)
            used.add(title)
            _unit(_sheet(wb, title), wb, result, unit.id, problems_by_unit.get(unit.id, []))
    else:
        _details(_sheet(wb, DETAILS_SHEET), wb, result)
    _problems(_sheet(wb, PROBLEMS_SHEET), wb, result)
    _activities(_sheet(wb, ACTIVITIES_SHEET), wb, result)
    if result.changes is not None:
        _changes(_sheet(wb, CHANGES_SHEET), wb, result)
    if result.review.sheets:
        _decisions(_sheet(wb, DECISIONS_SHEET), wb, result)
    return wb


def _decisions(ws: Worksheet, wb: Workbook, result: CheckResult) -> None:
    """Every decision line read, what became of it and what it changed; then the lines that could not be applied."""
    t = result.tracker
    names = {u.id: u.name for u in t.units}
    rows = _Rows(ws, _widths(ws, [8, 30, 12, 16, 40, 20, 12, 30, 44]))
    rows.heading(f"Quyết định của {t.province.speaker} ({len(result.decisions)})",
                 ["Dòng QĐ", "Đơn vị", "Dòng / phần", "Quyết định", "Lý do", "Người quyết định", "Ngày",
                  "Kết quả", "Trạng thái thay đổi"],
                 "Mỗi quyết định gắn với nội dung dòng lúc quyết định: dòng đã bị sửa thì quyết định chưa được áp dụng.")
    for o in result.decisions:
        d = o.decision
        where = f"dòng {o.row or d.row}" if d.row is not None else f"phần {d.part}"
        changed = "; ".join(f"{e['part']}: {e['before_vi']} → {e['after_vi']}" for e in o.effects)
        rows.add([d.line, names.get(d.unit, d.unit), where, d.kind_vi, d.reason, d.who, f"{d.decided_on:%d/%m/%Y}",
                  o.state_vi, changed],
                 ["t_cell"] * 7 + ["st_overdue" if o.state in ("changed", "missing") else "t_cell", "t_cell"])
    bad = result.review_problems
    if bad:
        rows.blank()
        rows.add([f"Dòng quyết định cần sửa ({len(bad)})"], "t_bold")
        rows.add(["Ô", "Trang", "Mức", "Mã", "", "", "", "", "Hướng dẫn sửa"], "t_head")
        for p in bad:
            rows.add([p.cell or "", p.sheet or "", SEVERITY_VI[p.severity], p.code, "", "", "", "", p.message], "t_cell")


def _sheet(wb: Workbook, title: str) -> Worksheet:
    ws = wb.create_sheet(title)
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return ws


def _safe_title(name: str, used: set[str]) -> str:
    title = name[:31]
    n = 2
    while title in used:
        title = f"{name[:26]} ({n})"
        n += 1
    return title


class _Rows:
    """Appends styled rows to a write-only sheet.

    Given `rows_at` (a row's number -> its XML), a row of plain text and whole numbers is made here as openpyxl
    would write it (lxml's serialisation: text in ASCII with character references) and openpyxl writes an empty row
    in its place, which the package's writer replaces (bulk_append's `rows_at`): openpyxl spends about 20
    microseconds on each cell, and a national summary has 50,000."""

    def __init__(self, ws: Worksheet, widths: Sequence[int] = (), rows_at: dict[str, str] | None = None) -> None:
        self.ws = ws
        self.row = 0
        self.widths = widths
        self._styles: dict[str, Any] = {}
        self._rows_at = rows_at
        self._ids: dict[str | None, str] = {}

    def add(self, values: Sequence[Any], styles: Sequence[str | None] | str | None = None) -> None:
        each: Sequence[str | None] = [styles] * len(values) if isinstance(styles, str) or styles is None else styles
        lines = 1
        if styles is not None and styles not in ("t_title", "t_bold", "t_text") and self.widths:
            # Spreadsheet programs do not grow a row for wrapped text written by a library: size it here.
            lines = _row_lines(values, self.widths)
        if self._rows_at is not None:
            made = self._made(values, each, lines)
            if made is not None:
                self.ws.append([])  # an empty row, replaced by this one when the package is written
                self._rows_at[str(self.row)] = made
                return
        cells = []
        for i, value in enumerate(values):
            style = each[i]
            cell = literal(WriteOnlyCell(self.ws, value=safe(value)))
            if style:
                # Resolving a named style costs more than writing the cell; resolve each name once and
                # copy its style array, as openpyxl itself does when it copies a worksheet.
                proto = self._styles.get(style)
                if proto is None:
                    cell.style = style
                    self._styles[style] = copy(cell._style)
                else:
                    cell._style = copy(proto)
            cells.append(cell)
        self.row += 1
        if lines > 1:
            self.ws.row_dimensions[self.row].height = 15 * lines
        self.ws.append(cells)

    def _made(self, values: Sequence[Any], each: Sequence[str | None], lines: int) -> str | None:
        """The row's XML as openpyxl writes it, numbered self.row + 1 (then counted), or None (nothing counted)
        when a value is not plain text or a whole number: openpyxl writes that row itself."""
        number = self.row + 1
        cells = []
        for i, value in enumerate(values):
            kind = type(value)
            if kind is str:
                text = safe(value)
                if _LXML_PLAIN.fullmatch(text) is None or text in ERROR_CODES:
                    return None
                space = ' xml:space="preserve"' if text != text.strip() else ""
                body = f"<is><t{space}>{_lxml_text(text)}</t></is></c>" if text else "</c>"
                kind_attr = ' t="inlineStr">'
            elif kind is int:
                body, kind_attr = f"<v>{value:.16g}</v></c>", ' t="n">'
            else:
                return None
            cells.append(f'<c r="{get_column_letter(i + 1)}{number}"{self._style_id(each[i])}{kind_attr}{body}')
        self.row = number
        height = f' ht="{15 * lines}" customHeight="1"' if lines > 1 else ""
        return f'<row r="{number}"{height}>{"".join(cells)}</row>'

    def _style_id(self, style: str | None) -> str:
        """A style's ' s="…"' attribute, its array registered with the workbook when first written, as openpyxl
        registers a cell's (no attribute for no style, as openpyxl writes an unstyled cell)."""
        made = self._ids.get(style)
        if made is None:
            array = None
            if style:
                array = self._styles.get(style)
                if array is None:
                    cell = WriteOnlyCell(self.ws)
                    cell.style = style
                    array = self._styles[style] = copy(cell._style)
            if array is not None and any(array):
                made = f' s="{self.ws.parent._cell_styles.add(StyleArray(array))}"'
            else:
                made = ""
            self._ids[style] = made
        return made

    def heading(self, title: str, headers: Sequence[str], subtitle: str | None = None, repeat: bool = True) -> None:
        """Title, optional subtitle, a blank row, then the table's header row, which every printed page of the
        sheet repeats unless `repeat` is False (a sheet holds one such table: a second table goes on a sheet of
        its own, or under its own heading on a page of its own)."""
        self.add([title], "t_title")
        if subtitle:
            self.add([subtitle], "t_text")
        self.blank()
        self.add(headers, "t_head")
        if repeat and not self.ws.print_title_rows:
            self.ws.print_title_rows = f"{self.row}:{self.row}"

    def blank(self) -> None:
        self.ws.append([])
        self.row += 1


_LXML_PLAIN = re.compile("[^\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]*")
"""Text that lxml writes as _lxml_text does (no carriage return, which it writes as a reference, nor anything
`safe` removes)."""


@lru_cache(maxsize=1 << 12)
def _lxml_text(text: str) -> str:
    """Text as openpyxl's lxml writer puts it in a cell of ASCII XML: &, < and > escaped, every other character
    beyond ASCII as a decimal character reference."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode(
        "ascii", "xmlcharrefreplace").decode("ascii")


def _lines(value: Any, width: int) -> int:
    if not isinstance(value, str):  # numbers and dates show in their cell's format, one line
        return 1
    text = value
    per_line = max(1, int(width * 1.1))
    if "\n" not in text:  # most text is one paragraph
        return max(1, -(-len(text) // per_line))
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def _row_lines(values: Sequence[Any], widths: Sequence[int]) -> int:
    """The lines of a row's tallest cell: `_lines` asked only of text that may wrap (longer than its column is wide
    or holding a line break; shorter text without one is a line), since most cells are short."""
    lines = 1
    for value, width in zip(values, widths, strict=False):
        if isinstance(value, str) and (len(value) > width or "\n" in value):  # a StrEnum code too, as _lines
            n = _lines(value, width)
            if n > lines:
                lines = n
    return lines


def _widths(ws: Worksheet, widths: Sequence[int]) -> Sequence[int]:
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    return widths


def _summary(ws: Worksheet, wb: Workbook, result: CheckResult, rows_at: dict[str, str] | None = None) -> None:
    t, ev = result.tracker, result.evaluation
    c = result.intake.counts
    definitions = [p for _, p in t.parts()]
    first = t.groupings[0] if t.groupings else None
    headers = ["STT", "Đơn vị", first.name if first else "Trang tính"]
    for task in t.tasks:
        headers.append(task_column(task.id))
        headers += [p.id for p in task.parts]
    headers += ["Dòng được tính", "Lỗi cần sửa"]
    widths = _widths(ws, [5, 58, 13] + [17] * (len(t.tasks) + len(definitions)) + [10, 8])
    ws.freeze_panes = "D5"
    rows = _Rows(ws, widths, rows_at)
    rows.heading(t.title, headers,
                 f"Số liệu tính đến ngày {result.as_of:%d/%m/%Y}. Nguồn: {result.source}. Đã đọc {c.rows_read} dòng: "
                 f"{c.rows_counted} dòng được tính, {c.rows_to_fix} dòng chưa được tính do nhập chưa đúng, "
                 + (f"{c.rows_not_activities} dòng không phải hoạt động (như dòng tổng cộng), " if c.rows_not_activities
                    else "") + f"{c.rows_blank} dòng trống.")
    errors: dict[str, int] = {}
    for p in result.problems:
        if p.unit and p.blocking:
            errors[p.unit] = errors.get(p.unit, 0) + 1
    for i, unit in enumerate(t.units, start=1):
        rows.add(*_unit_line(result, i, unit, first, errors.get(unit.id, 0)))
    if ev.province:  # the whole scope on one bold line under the units
        whole = ev.province
        totals: list[Any] = ["", f"{whole.name}: {whole.parts_done}/{whole.parts_total} phần việc hoàn thành "
                                 f"({whole.rate:.0%}), {whole.units_overdue} đơn vị có phần quá hạn", ""]
        totals += [""] * (len(headers) - 5)
        totals += [c.rows_counted, sum(errors.values())]
        rows.add(totals, ["t_center_b", "t_cell_b", "t_cell_b", *["t_cell_b"] * (len(headers) - 5),
                          "t_center_b", "t_center_b"])
    _legend(rows, result)


def _unit_line(result: CheckResult, i: int, unit: Unit, first: Grouping | None,
               errors: int) -> tuple[list[Any], list[str | None]]:
    """One unit's line of the summary: each task's status (marked when a decision changed a part), then each of
    its parts', each cell styled by its status; then its counted rows and errors."""
    values: list[Any] = [i, unit.name, unit.labels.get(first.label, "") if first else unit.sheet]
    styles: list[str | None] = ["t_center", "t_cell", "t_cell"]
    for ts in result.evaluation.unit_tasks(unit.id):
        values.append(STATUS_SHORT[ts.status] + (DECIDED_MARK if any(p.decided for p in ts.parts) else ""))
        styles.append(f"st_{ts.status}_b")
        for part in ts.parts:
            values.append(part_label(part))
            styles.append(f"st_{part.status}")
    values += [result.intake.units[unit.id].counts.rows_counted, errors]
    styles += ["t_center", "t_center"]
    return values, styles


def _legend(rows: _Rows, result: CheckResult) -> None:
    """Under the table: what each colour means, the decided mark when a decision is applied, and every part's
    title and deadline (the columns carry only its id)."""
    t = result.tracker
    rows.blank()
    rows.add(["", "Chú giải"], [None, "t_bold"])
    for status in reversed(WORST_FIRST):
        rows.add(["", STATUS_VI[status]], [None, f"st_{status}"])
    if any(p.decided for p in result.evaluation.parts()):
        rows.add(["", decided_legend(t.province.speaker)], [None, "t_text"])
    rows.blank()
    rows.add(["", "Các phần nhiệm vụ"], [None, "t_bold"])
    for definition in (p for _, p in t.parts()):
        rows.add(["", f"{definition.id}: {definition.title} ({deadline_text(definition)})"], [None, "t_text"])


def _groups(ws: Worksheet, wb: Workbook, result: CheckResult) -> None:
    t, ev = result.tracker, result.evaluation
    rows = _Rows(ws, _widths(ws, [44, 10, 11, 13, 9, 12, 14]))
    scopes = ", ".join([g.heading.lower() for g in ev.by_group] + ["theo nhiệm vụ", t.terms.whole.lower()])
    rows.heading(f"Tổng hợp {scopes}",
                 ["Phạm vi", "Số đơn vị", "Phần việc", "Đã hoàn thành", "Tỷ lệ", "Phần quá hạn", "Đơn vị có phần quá hạn"])
    styles = ["t_cell", "t_cell", "t_cell", "t_cell", "t_pct", "t_cell", "t_cell"]
    if ev.province:  # the whole scope first, in bold: the line a reader looks for
        r = ev.province
        rows.add([r.name, r.units, r.parts_total, r.parts_done, r.rate, r.parts_overdue, r.units_overdue],
                 ["t_cell_b", "t_cell_b", "t_cell_b", "t_cell_b", "t_pct_b", "t_cell_b", "t_cell_b"])
    for r in [r for g in ev.by_group for r in g.groups] + ev.by_task:
        rows.add([r.name, r.units, r.parts_total, r.parts_done, r.rate, r.parts_overdue, r.units_overdue], styles)


def _starts(ws: Worksheet, wb: Workbook, result: CheckResult, rows_at: dict[str, str] | None = None) -> None:
    """When each unit began: a sheet of its own, so that its printed pages repeat its own header row."""
    ev = result.evaluation
    rows = _Rows(ws, _widths(ws, [58, 20, 16]), rows_at)
    rows.heading(f"Thời điểm bắt đầu của từng {result.tracker.terms.unit}",
                 ["Đơn vị", "Hoạt động đầu tiên", "Số ngày sau khi bắt đầu đợt"])
    for unit in result.tracker.units:
        s = ev.starts[unit.id]
        rows.add([unit.name, f"{s.first_activity:%d/%m/%Y}" if s.first_activity else "Chưa có hoạt động",
                  s.days_after_start if s.days_after_start is not None else ""], "t_cell")


def _unit(ws: Worksheet, wb: Workbook, result: CheckResult, unit_id: str, problems: list[Any]) -> None:
    t, ev = result.tracker, result.evaluation
    unit = t.unit(unit_id)
    state = result.intake.units[unit_id]
    widths = _widths(ws, [9, 7, 46, 12, 26, 13, 10, 60])
    rows = _Rows(ws, widths)
    rows.heading(unit.name, ["Nhiệm vụ", "Phần", "Nội dung yêu cầu", "Hạn", "Trạng thái", "Ngày hoàn thành",
                             "Số ngày quá hạn", "Lý do / việc cần làm"],
                 f"Trang tính: {state.sheet or '(không tìm thấy)'} — {state.counts.rows_counted} dòng được tính, "
                 f"{state.counts.rows_to_fix} dòng chưa được tính do nhập chưa đúng"
                 + (f", {state.counts.rows_not_activities} dòng không phải hoạt động" if state.counts.rows_not_activities
                    else "") + f", tính đến {result.as_of:%d/%m/%Y}.",
                 # A unit's data problems print on a page of their own under their own header: the task header
                 # repeated there would head the wrong columns.
                 repeat=not problems)
    titles = {p.id: p.title for _, p in t.parts()}
    for ts in ev.unit_tasks(unit_id):
        for part in ts.parts:
            due = f"{part.due:%d/%m/%Y}" + (f"\n({part.period[:1].lower()}{part.period[1:]})" if part.period else "")
            rows.add([ts.task, part.part, titles[part.part], due, STATUS_VI[part.status],
                      f"{part.done_on:%d/%m/%Y}" if part.done_on else "", part.days_overdue or "",
                      "\n".join(explained(part))],
                     ["t_cell", "t_cell", "t_cell", "t_cell", f"st_{part.status}_b", "t_cell", "t_cell", "t_cell"])
    fix, advice = to_fix(problems), advisory(problems)
    rows.blank()
    if not problems:
        rows.add(["Không có lỗi dữ liệu."], "t_bold")
        return
    # The problems begin a page of their own, under their own heading row: the columns above hold tasks, and a
    # printed page 2 must not repeat the task table's heading over them.
    ws.row_breaks.append(Break(id=rows.row))
    rows.add([f"Lỗi dữ liệu: {len(fix)} cần sửa (dòng chưa được tính), {len(advice)} lưu ý (dòng vẫn được ghi nhận)"],
             "t_bold")
    rows.add(["Ô", "Dòng", "Hướng dẫn sửa", "Mức", "Loại lỗi", "Giá trị đã nhập"], "t_head")
    for p in [*fix, *advice]:
        rows.add([p.cell or "", p.row or "", p.message, level_vi(p), title_vi(p.code), p.value],
                 ["t_cell", "t_cell", "t_cell", "t_err" if p.blocking else "t_warn", "t_cell", "t_cell"])


def _detail_rows(result: CheckResult) -> Iterable[list[Any]]:
    t, ev = result.tracker, result.evaluation
    titles = {p.id: p.title for _, p in t.parts()}
    first = t.groupings[0] if t.groupings else None

    def group(unit: Any) -> str:
        return str(unit.labels.get(first.label, "") if first else unit.sheet)

    for unit in t.units:
        for ts in ev.unit_tasks(unit.id):
            for part in ts.parts:
                yield [unit.name, group(unit), ts.task, part.part, titles[part.part], f"{part.due:%d/%m/%Y}",
                       STATUS_VI[part.status], f"{part.done_on:%d/%m/%Y}" if part.done_on else "",
                       part.days_overdue or "", " ".join(explained(part))]


def _long_table(ws: Worksheet, title: str, headers: Sequence[str], widths: Sequence[int], count: int,
                rows: Iterable[Sequence[Any]], styles: Sequence[str | None] | str | None = None) -> None:
    """A filterable table under a title: frozen header, printed on every page, filter over all rows."""
    _widths(ws, widths)
    ws.freeze_panes = "A4"
    ws.auto_filter.ref = f"A3:{get_column_letter(len(headers))}{max(3, 3 + count)}"
    out = _Rows(ws, widths)
    out.heading(title, headers)
    for values in rows:
        out.add(values, styles)


def _details(ws: Worksheet, wb: Workbook, result: CheckResult) -> None:
    """Every unit x task part in one filterable table: what the per-unit sheets show, at national scale."""
    t = result.tracker
    _long_table(ws, f"Chi tiết từng đơn vị ({len(t.units)} đơn vị)",
                ["Đơn vị", t.groupings[0].name if t.groupings else "Trang tính", "Nhiệm vụ", "Phần", "Nội dung yêu cầu", "Hạn", "Trạng thái", "Ngày hoàn thành",
                 "Số ngày quá hạn", "Lý do / việc cần làm"], [40, 16, 9, 7, 46, 11, 22, 13, 10, 60],
                len(t.units) * sum(len(task.parts) for task in t.tasks), ())


PROBLEM_WIDTHS = (34, 22, 7, 6, 18, 26, 28, 60)
"""The office's workbook is Vietnamese: the problem's code and English message are in findings.json and the log."""


def _problem_rows(result: CheckResult, skip: int = 0) -> Iterable[list[Any]]:
    names = {u.id: u.name for u in result.tracker.units}
    for p in result.problems[skip:]:
        yield [names.get(p.unit or "", ""), p.sheet or "", p.cell or "", p.row or "", level_vi(p),
               title_vi(p.code), p.value, p.message]


def _problems(ws: Worksheet, wb: Workbook, result: CheckResult) -> None:
    _long_table(ws, f"Lỗi dữ liệu ({len(to_fix(result.problems))} cần sửa, {len(advisory(result.problems))} lưu ý)",
                ["Đơn vị", "Trang tính", "Ô", "Dòng", "Mức", "Loại lỗi", "Giá trị", "Hướng dẫn sửa"], PROBLEM_WIDTHS,
                len(result.problems),
                # the first row through openpyxl: the rest, appended in bulk, take its cells' style
                [next(iter(_problem_rows(result)))] if result.problems else [], "t_cell")


ACTIVITY_WIDTHS = (34, 6, 11, 10, 24, 50, 28, 10, 9, 30)
"""Printed on A4 landscape fitted to the width; every cell wraps, its row as tall as its text."""


def _activity_rows(result: CheckResult, skip: int = 0) -> Iterable[list[Any]]:
    names = {u.id: u.name for u in result.tracker.units}
    for a in result.intake.activities[skip:]:
        yield [names[a.unit], a.row, a.date, ", ".join(sorted(a.tags)), "; ".join(a.forms), a.content,
               "; ".join(a.audiences), a.participants, a.quantity, a.link or ""]


def _activities(ws: Worksheet, wb: Workbook, result: CheckResult) -> None:
    acts = result.intake.activities
    # Only the first row goes through openpyxl: bulk_append takes its date style for the rest.
    rows = [next(iter(_activity_rows(result)))] if acts else []
    _long_table(ws, f"Hoạt động được tính ({len(acts)})",
                ["Đơn vị", "Dòng", "Ngày", "Nhiệm vụ", "Hình thức", "Nội dung", "Đối tượng", "Số người", "Số lượng",
                 "Link minh chứng"], ACTIVITY_WIDTHS, len(acts), rows,
                ["t_cell", "t_cell", "t_date", *["t_cell"] * 7])


def _changes(ws: Worksheet, wb: Workbook, result: CheckResult) -> None:
    changes = result.changes
    if changes is None:
        return
    rows = _Rows(ws, _widths(ws, [14, 30, 22, 6, 12, 10, 50, 50]))
    rows.heading("Thay đổi so với lần kiểm tra trước",
                 ["Loại", "Đơn vị", "Trang tính", "Dòng", "Ngày", "Nhiệm vụ", "Nội dung", "Trước đây"])
    names = {u.id: u.name for u in result.tracker.units}
    kinds = (("Mới", changes["new"]), ("Đã sửa", changes["edited"]), ("Đã xóa", changes["deleted"]),
             ("Báo cáo muộn", changes["reported_late"]))
    for label, items in kinds:
        for item in items:
            values = item.get("values", {})
            before = item.get("before", {}) if label == "Đã sửa" else {}
            rows.add([label, names.get(item.get("unit", ""), ""), item.get("sheet", ""), item.get("row", ""),
                      values.get("date", ""), values.get("task", ""), values.get("content", ""),
                      before.get("content", "")],
                     ["st_overdue" if label == "Đã xóa" else "t_cell"] + ["t_cell"] * 7)


# ----------------------------------------------------------------------------- bulk rows
#
# openpyxl spends about 7 microseconds on each cell it writes; a national check lists some 200,000
# activities (2 million cells), which would take longer than the whole rest of the check. The rows of
# that one plain sheet are therefore written as sheet XML directly and spliced into the package that
# openpyxl made, after the first row that openpyxl wrote itself (from which the date style is taken).

_EPOCH = date(1899, 12, 30)


_XML_USUAL = re.compile("[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff&<>_]*")
"""Text that needs nothing done to it in sheet XML: no character `safe` changes or XML escapes, no underscore
(which may start an `_xHHHH_` escape)."""


def _xml_text(text: str) -> str:
    # Most cells repeat (a unit's name on each of its rows, a part, a form): short text is made once (the cache
    # holds no long text, which rarely repeats: a process writing many reports, a notebook's, stays small).
    return _short_xml_text(text) if len(text) <= 200 else _made_xml_text(text)


@lru_cache(maxsize=1 << 14)
def _short_xml_text(text: str) -> str:
    return _made_xml_text(text)


def _made_xml_text(text: str) -> str:
    # Nearly every cell is plain text: one match instead of `safe`'s searches and three `in` tests (national scale:
    # 1.3 million cells).
    if len(text) <= CELL_CHARS and _XML_USUAL.fullmatch(text):
        return text
    text = safe(text)
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def _row_xml(number: int, values: Sequence[Any], letters: Sequence[str], styles: Mapping[str, str],
             widths: Sequence[int] = ()) -> str:
    return _row_cells(number, values, _columns(letters, styles, widths))


_Column = tuple[str, str, "int | None", dict[str, tuple[str, int]]]
"""A column's cell opening up to its row number ('<c r="B'), its style attribute, its width when its text wraps, and
the ends of its text cells already made (after the row number) with the lines each text takes, by their text."""

_ENDS = 4096
"""Text cells whose end each column keeps: a unit's name, a form, a task repeat on thousands of rows; a sheet's
unique texts (an activity's content) stop being kept once a column holds this many: at most about 7 MB a column
(4,096 texts of 200 characters, each escaped), freed when the sheet is written."""


def _columns(letters: Sequence[str], styles: Mapping[str, str], widths: Sequence[int] = ()) -> list[_Column]:
    """Each column's parts of a cell, made once a sheet."""
    return [(f'<c r="{letter}', styles.get(letter, ""), widths[i] if i < len(widths) else None, {})
            for i, letter in enumerate(letters)]


def _row_cells(number: int, values: Sequence[Any], columns: Sequence[_Column]) -> str:
    # National scale: 2.3 million cells. Each text cell's end is made once per column and text, with its lines
    # (as _row_lines counts them, only for text that may wrap): a kept text's lines are not counted again (half a
    # million counts nationally). A cell's three pieces go into the row's list as they are: joined once, with the row.
    cells: list[str] = []
    append = cells.append
    at = f'{number}"'
    lines = 1
    for (opening, s, width, ends), value in zip(columns, values, strict=False):
        kind = type(value)
        if kind is str:
            if value:
                kept = ends.get(value)
                if kept is None:
                    end = f'{s} t="inlineStr"><is><t xml:space="preserve">{_made_xml_text(value)}</t></is></c>'
                    n = _lines(value, width) if width is not None and (len(value) > width or "\n" in value) else 1
                    if len(value) <= 200 and len(ends) < _ENDS:
                        ends[value] = (end, n)
                else:
                    end, n = kept
                append(opening)
                append(at)
                append(end)
                if n > lines:
                    lines = n
            elif s:
                append(f"{opening}{at}{s}/>")  # an empty cell keeps its border
        elif value is None:
            if s:
                append(f"{opening}{at}{s}/>")
        elif kind is int or kind is float:
            append(f"{opening}{at}{s}><v>{value}</v></c>")
        elif kind is bool:
            append(f'{opening}{at}{s} t="b"><v>{int(value)}</v></c>')
        elif isinstance(value, date):
            append(f"{opening}{at}{s}><v>{(value - _EPOCH).days}</v></c>")
        else:
            append(f'{opening}{at}{s} t="inlineStr"><is><t xml:space="preserve">{_xml_text(str(value))}'
                         "</t></is></c>")
            if isinstance(value, str) and width is not None and (len(value) > width or "\n" in value):  # a StrEnum
                lines = max(lines, _lines(value, width))
    height = f' ht="{15 * lines}" customHeight="1"' if lines > 1 else ""  # programs do not grow rows they read
    return f'<row r="{number}"{height}>{"".join(cells)}</row>'


BULK_ROWS = 2000
"""Rows of sheet XML made and compressed at a time: memory stays flat however long the sheet."""


def bulk_append(package: bytes, sheets: Mapping[str, Iterable[Sequence[Any]]],
                widths: Mapping[str, Sequence[int]] | None = None, target: BinaryIO | None = None,
                rows_at: Mapping[str, Mapping[str, str]] | None = None) -> bytes:
    """Append plain rows to the end of each named sheet's data in an .xlsx package, in one pass; rows of a sheet
    given its column `widths` are made as tall as their wrapped text. `rows_at` puts rows already made in place of
    the empty rows of their numbers (by sheet title, then row number: _Rows).

    The package is written to `target` when given (and b"" returned), else returned. Rows that know their number
    (Sized) are streamed, a few thousand at a time, into the compressed member; other rows are listed first, since
    the sheet's size comes before them."""
    source = zipfile.ZipFile(BytesIO(package))
    placed = {member: xml for member, xml in _placed(source, rows_at or {})}
    parts: dict[str, tuple[str, Iterator[str], str]] = {}
    letters = [get_column_letter(i) for i in range(1, 27)]
    for title, given in sheets.items():
        rows = given if isinstance(given, Sized) else list(given)
        if not len(rows):
            continue
        member = _sheet_member(source, title)
        xml = placed.pop(member) if member in placed else source.read(member).decode("utf-8")
        numbers = re.findall(r'<row r="(\d+)"', xml)
        start = int(numbers[-1]) + 1 if numbers else 1
        last_row = xml[xml.rfind("<row "):] if numbers else ""
        # each column as the last row openpyxl wrote styled it (a date format, a bordered wrapping cell)
        styles = dict(re.findall(r'<c r="([A-Z]+)\d+"[^>]*?( s="\d+")', last_row))
        end = start + len(rows) - 1
        xml = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:J{end}"/>', xml, count=1)
        if "</sheetData>" in xml:
            head, tail = xml.split("</sheetData>", 1)
            tail = "</sheetData>" + tail
        else:
            head, tail = xml.split("<sheetData/>", 1)
            head, tail = head + "<sheetData>", "</sheetData>" + tail
        made = _rows_xml(rows, start, letters, styles, (widths or {}).get(title, ()))
        parts[member] = (head, _checked(made, len(rows), title), tail)
    if not parts and not placed:
        if target is not None:
            target.write(package)
        return package if target is None else b""
    out = target if target is not None else BytesIO()
    _zip_members(source, parts, placed, out)
    return out.getvalue() if target is None and isinstance(out, BytesIO) else b""


def _zip_members(source: zipfile.ZipFile, parts: Mapping[str, tuple[str, Iterator[str], str]],
                 placed: Mapping[str, str], out: BinaryIO) -> None:
    """The package's members into `out`: a sheet with rows to append streamed, its rows made a few thousand at a
    time; a sheet given rows made beforehand as `placed` holds it; any other member as it was."""
    with zipfile.ZipFile(out, "w") as zipped:
        for info in source.infolist():
            if info.filename not in parts:
                made_xml = placed.get(info.filename)
                zipped.writestr(deflated(info),
                                source.read(info.filename) if made_xml is None else made_xml.encode("utf-8"))
                continue
            before, made, after = parts[info.filename]
            with zipped.open(deflated(info), "w") as member_file:
                member_file.write(before.encode("utf-8"))
                while batch := list(islice(made, BULK_ROWS)):
                    member_file.write("".join(batch).encode("utf-8"))
                member_file.write(after.encode("utf-8"))


def _placed(package: zipfile.ZipFile, rows_at: Mapping[str, Mapping[str, str]]) -> Iterator[tuple[str, str]]:
    """Each sheet given rows already made, as its member and its XML with them in place of their empty rows."""
    for title, made in rows_at.items():
        if not made:
            continue
        member = _sheet_member(package, title)
        pieces = _EMPTY_ROW.split(package.read(member).decode("utf-8"))
        # split: text, a number, text, …; each number an empty row's, put back as it was unless a row was made for it
        placed = 0
        for i in range(1, len(pieces), 2):
            text = made.get(pieces[i])
            if text is None:
                pieces[i] = f'<row r="{pieces[i]}"></row>'
            else:
                pieces[i] = text
                placed += 1
        if placed != len(made):
            raise ValueError(f"sheet {title!r}: {placed} rows placed, {len(made)} made")
        yield member, "".join(pieces)


_EMPTY_ROW = re.compile(r'<row r="(\d+)"></row>')


def _rows_xml(rows: Iterable[Sequence[Any]], start: int, letters: Sequence[str], styles: Mapping[str, str],
              widths: Sequence[int]) -> Iterator[str]:
    """Each row's XML, made when asked for (a function, so that each sheet keeps its own styles and widths)."""
    columns = _columns(letters, styles, widths)
    for number, values in enumerate(rows, start=start):
        yield _row_cells(number, values, columns)


def _checked(rows: Iterator[str], count: int, title: str) -> Iterator[str]:
    """The rows, failing loudly if they are not as many as the sheet's size already written says."""
    made = 0
    for row in rows:
        made += 1
        yield row
    if made != count:
        raise ValueError(f"sheet {title!r}: {made} rows made, {count} announced")


def _sheet_member(package: zipfile.ZipFile, title: str) -> str:
    workbook = package.read("xl/workbook.xml").decode("utf-8")
    rels = package.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    escaped = _xml_text(title).replace('"', "&quot;")
    rid = re.search(rf'<sheet [^>]*name="{re.escape(escaped)}"[^>]*r:id="([^"]+)"', workbook)
    if rid is None:
        raise KeyError(title)
    target = re.search(rf'<Relationship [^>]*Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels) or \
        re.search(rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels)
    if target is None:
        raise KeyError(title)
    path = target.group(1)
    return path.lstrip("/") if path.startswith("/") else f"xl/{path}"
