"""The entry workbook the units fill: instructions, one sheet per unit, dropdowns from a hidden list.

The same layout is provisioned in Google Sheets (sheets_write.provision); both read their texts from
`entry_layout` so that the two never disagree.
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from tracker import citation
from tracker.columns import ENTRY_LISTS, kind_of
from tracker.definition import WEEKDAYS, EvidenceRule, Part, Tracker, Unit
from tracker.files.atomic import replacing
from tracker.files.xlsxcells import literal, safe
from tracker.periods import WEEKDAY_VI, deadline_text
from tracker.text import numbered

INSTRUCTIONS_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh mục"
TITLE_ROW = 1
HEADER_ROW = 2
FIRST_DATA_ROW = 3
DATA_ROWS = 500  # rows prepared with validations; units may type below, intake reads all rows
RULED_ROWS = 25

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
TITLE_FONT = Font(bold=True, size=14, color="1F4E79")
THIN = Side(style="thin", color="A6A6A6")


@dataclass(frozen=True)
class EntryLayout:
    headers: list[str]
    widths: list[int]
    task_options: list[str]
    form_options: list[str]
    audience_options: list[str]


def entry_layout(tracker: Tracker) -> EntryLayout:
    return EntryLayout(
        headers=[c.header for c in tracker.columns],
        widths=[c.width for c in tracker.columns],
        task_options=[item.display for item in tracker.lists.tasks],
        form_options=[item.value for item in tracker.lists.forms],
        audience_options=[item.value for item in tracker.lists.audiences],
    )


def unit_title(tracker: Tracker, unit: Unit) -> str:
    return f"{unit.name} — báo cáo kết quả thực hiện ({tracker.campaign.start:%d/%m/%Y}–{tracker.campaign.end:%d/%m/%Y})"


def instructions(tracker: Tracker) -> list[tuple[str, str]]:
    """(style, text) lines of the instructions sheet; style is 'title', 'head' or 'text'. All from the tracker."""
    c = tracker.campaign
    r = tracker.rhythm
    lines: list[tuple[str, str]] = [
        ("title", tracker.title),
        ("text", f"Theo {citation.reference(tracker.directive)}."),
        ("text", f"{_capital(tracker.terms.campaign)}: từ {c.start:%d/%m/%Y} đến hết {c.end:%d/%m/%Y}."),
        ("head", "Cách nhập"),
        ("text", f"Mỗi {tracker.terms.unit} nhập vào trang tính mang tên mình; mỗi hoạt động là một dòng, bắt đầu từ "
                 f"dòng {FIRST_DATA_ROW}. Không xóa, không đổi tên cột và trang tính; không gộp ô; không nhập dòng tổng cộng."),
    ]
    lines += [("text", f"{i}. {text}") for i, text in enumerate(column_hints(tracker), start=1)]
    lines += [
        ("head", "Lịch cập nhật"),
        ("text", f"Các {tracker.terms.unit} cập nhật trước {r.deadline_time} {WEEKDAY_VI[WEEKDAYS.index(r.deadline_weekday)]} "
                 f"hằng tuần; {tracker.province.speaker} tổng hợp, kiểm tra vào "
                 f"{WEEKDAY_VI[WEEKDAYS.index(r.check_weekday)]} và gửi thư nhắc các {tracker.terms.unit} còn thiếu."),
        ("head", "Các nhiệm vụ (trích văn bản)"),
    ]
    ids = [part.id for _, part in tracker.parts()]
    for task in tracker.tasks:
        lines.append(("text", f"Nhiệm vụ {task.id}. {task.title}: “{task.quote}”"))
        for part in task.parts:
            lines.append(("text", f"    {numbered(part.id, part.title, siblings=ids)} — {deadline_text(part)}{_scope(tracker, part)}."))
    lines.append(("head", "Giá trị của cột Nhiệm vụ"))
    for item in tracker.lists.tasks:
        lines.append(("text", f"    {item.display}"))
    return lines


def _scope(tracker: Tracker, part: Part) -> str:
    if part.applies_to is None:
        return ""
    names = [u.name for u in tracker.units if part.applies(u)]
    shown = ", ".join(names[:6]) + (f" và {len(names) - 6} {tracker.terms.unit} khác" if len(names) > 6 else "")
    return f" (chỉ áp dụng cho: {shown})"


def column_hints(tracker: Tracker) -> list[str]:
    """One line per entry column saying what to type, in the tracker's words and with examples it makes valid."""
    example = f"{tracker.example_date():%d/%m/%Y}"
    tags = [i.value for i in tracker.lists.tasks]
    evidence_parts = [p.id for _, p in tracker.parts() if isinstance(p.rule, EvidenceRule) and p.rule.evidence == "link"]
    out: list[str] = []
    for col in tracker.columns:
        kind, header = col.kind, f"“{col.header}”"
        if col.key == "stt":
            continue
        if col.key == "date":
            out.append(f"{header}: nhập theo dạng ngày/tháng/năm, ví dụ {example}; chỉ nhập hoạt động đã diễn ra.")
        elif col.key == "task":
            several = f", ví dụ “{tags[0]}, {tags[1]}”" if len(tags) > 1 else ""
            out.append(f"{header}: chọn {tracker.task_choices()} trong danh sách; một hoạt động thuộc nhiều nhiệm vụ "
                       f"thì ghi cách nhau bằng dấu phẩy{several}.")
        elif kind == "choice":
            out.append(f"{header}: chọn trong danh sách thả xuống.")
        elif kind == "integer":
            out.append(f"{header}: chỉ nhập số nguyên, ví dụ 200 (không ghi “khoảng”).")
        elif kind == "link":
            need = f"; bắt buộc với phần việc {', '.join(evidence_parts)}" if evidence_parts else ""
            out.append(f"{header}: đường link minh chứng (bắt đầu bằng https://){need}.")
        elif kind == "docref":
            out.append(f"{header}: số và ký hiệu văn bản, ví dụ 52/KH-UBND.")
        elif kind == "period":
            out.append(f"{header}: kỳ báo cáo của dòng, ví dụ “Tuần 2” hoặc “Tháng {tracker.campaign.start.month}/"
                       f"{tracker.campaign.start.year}”; để trống thì tính theo ngày thực hiện.")
        elif kind == "date":
            out.append(f"{header}: nhập theo dạng ngày/tháng/năm, ví dụ {example}.")
        elif col.required:
            out.append(f"{header}: bắt buộc nhập.")
    return out


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def write_template(tracker: Tracker, out: str | Path) -> Path:
    """Write the entry workbook; returns its path."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook()
    layout = entry_layout(tracker)
    _instructions_sheet(wb.active, tracker)
    lists = _lists_sheet(wb, layout)
    styles: _SheetStyles | None = None
    for unit in tracker.units:
        ws = wb.create_sheet(unit.sheet)
        _unit_sheet(ws, tracker, unit, layout, styles)
        styles = styles or _SheetStyles.of(ws, len(layout.headers))
    lists.sheet_state = "hidden"
    wb.move_sheet(lists, offset=len(wb.sheetnames))
    with replacing(out) as temporary:
        wb.save(temporary)
    return out


def _instructions_sheet(ws: Worksheet, tracker: Tracker) -> None:
    ws.title = INSTRUCTIONS_SHEET
    width = 78  # fits A4 portrait; long lines wrap
    ws.column_dimensions["A"].width = width
    for i, (style, text) in enumerate(instructions(tracker), start=1):
        cell = literal(ws.cell(row=i, column=1, value=safe(text)))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        # Spreadsheet programs do not grow a row for wrapped text written by a library: size it here.
        per_line = width * (0.75 if style == "title" else 1.05)
        lines = max(1, -(-len(text) // int(per_line)))
        ws.row_dimensions[i].height = (20 if style == "title" else 15) * lines
        if style == "title":
            cell.font = TITLE_FONT
        elif style == "head":
            cell.font = Font(bold=True, size=12, color="1F4E79")
    ws.sheet_view.showGridLines = False
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _lists_sheet(wb: Workbook, layout: EntryLayout) -> Worksheet:
    ws = wb.create_sheet(LISTS_SHEET)
    for col, (name, values) in enumerate(
        ((ENTRY_LISTS["task"][0], layout.task_options), (ENTRY_LISTS["form"][0], layout.form_options),
         (ENTRY_LISTS["audience"][0], layout.audience_options)),
        start=1,
    ):
        letter = get_column_letter(col)
        for row, value in enumerate(values, start=1):
            literal(ws.cell(row=row, column=col, value=safe(value)))
        ref = f"'{LISTS_SHEET}'!${letter}$1:${letter}${len(values)}"
        wb.defined_names[name] = DefinedName(name, attr_text=ref)
    return ws


@dataclass(frozen=True)
class _SheetStyles:
    """The styles of a unit sheet's cells and columns, as openpyxl resolved them for the first sheet.

    Every unit sheet is styled alike; assigning a style object to a cell makes openpyxl hash it against the
    workbook's styles each time (about 90% of the time of a national entry workbook: 65–75 s for 3,321 sheets).
    The next sheets copy the resolved style arrays instead, which gives the same cells and the same styles.xml."""

    title: tuple[StyleArray, ...]
    header: tuple[StyleArray, ...]
    ruled: tuple[StyleArray, ...]
    columns: tuple[StyleArray, ...]

    @classmethod
    def of(cls, ws: Worksheet, ncol: int) -> _SheetStyles:
        letters = [get_column_letter(col) for col in range(1, ncol + 1)]
        return cls(title=tuple(copy(ws.cell(row=TITLE_ROW, column=c)._style) for c in range(1, ncol + 1)),
                   header=tuple(copy(ws.cell(row=HEADER_ROW, column=c)._style) for c in range(1, ncol + 1)),
                   ruled=tuple(copy(ws.cell(row=FIRST_DATA_ROW, column=c)._style) for c in range(1, ncol + 1)),
                   columns=tuple(copy(ws.column_dimensions[letter]._style) for letter in letters))


def _unit_sheet(ws: Worksheet, tracker: Tracker, unit: Unit, layout: EntryLayout,
                styles: _SheetStyles | None = None) -> None:
    if styles is not None:
        _styled_like(ws, tracker, unit, layout, styles)
    else:
        _style_cells(ws, tracker, unit, layout)
    _validations(ws, tracker, [c.key for c in tracker.columns])
    _protect_and_print(ws)


def _styled_like(ws: Worksheet, tracker: Tracker, unit: Unit, layout: EntryLayout, styles: _SheetStyles) -> None:
    """The cells and columns of _style_cells, their styles copied from the first sheet's."""
    ncol = len(layout.headers)
    literal(ws.cell(row=TITLE_ROW, column=1, value=safe(unit_title(tracker, unit))))
    ws.merge_cells(f"A{TITLE_ROW}:{get_column_letter(ncol)}{TITLE_ROW}")
    ws.row_dimensions[TITLE_ROW].height = 24
    ws.row_dimensions[HEADER_ROW].height = 36
    for col, (header, width) in enumerate(zip(layout.headers, layout.widths, strict=True), start=1):
        literal(ws.cell(row=HEADER_ROW, column=col, value=safe(header)))._style = copy(styles.header[col - 1])
        dim = ws.column_dimensions[get_column_letter(col)]
        dim.width = width
        dim._style = copy(styles.columns[col - 1])
        for row in range(FIRST_DATA_ROW, FIRST_DATA_ROW + RULED_ROWS):
            ws.cell(row=row, column=col)._style = copy(styles.ruled[col - 1])
        ws.cell(row=TITLE_ROW, column=col)._style = copy(styles.title[col - 1])


def _style_cells(ws: Worksheet, tracker: Tracker, unit: Unit, layout: EntryLayout) -> None:
    ncol = len(layout.headers)
    last = get_column_letter(ncol)
    literal(ws.cell(row=TITLE_ROW, column=1, value=safe(unit_title(tracker, unit)))).font = TITLE_FONT
    ws.merge_cells(f"A{TITLE_ROW}:{last}{TITLE_ROW}")
    ws.row_dimensions[TITLE_ROW].height = 24
    ws.row_dimensions[HEADER_ROW].height = 36
    for col, (header, width) in enumerate(zip(layout.headers, layout.widths, strict=True), start=1):
        cell = literal(ws.cell(row=HEADER_ROW, column=col, value=safe(header)))
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        cell.border = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
        ws.column_dimensions[get_column_letter(col)].width = width
    unlocked = Protection(locked=False)
    wrap = Alignment(wrap_text=True, vertical="top")
    box = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
    # Column styles make every cell below the header editable without writing thousands of cells;
    # the title and header cells carry their own (locked) style.
    for col, column in enumerate(tracker.columns, start=1):
        dim = ws.column_dimensions[get_column_letter(col)]
        dim.protection = unlocked
        dim.alignment = wrap
        number_format = kind_of(column).number_format(column)
        if number_format:
            dim.number_format = number_format
        # A printed form shows its first rows ruled; ruling all 500 would print 500 empty rows.
        for row in range(FIRST_DATA_ROW, FIRST_DATA_ROW + RULED_ROWS):
            cell = ws.cell(row=row, column=col)
            cell.protection, cell.alignment, cell.border = unlocked, wrap, box
            if number_format:
                cell.number_format = number_format
    for col in range(1, ncol + 1):
        ws.cell(row=TITLE_ROW, column=col).protection = Protection(locked=True)


def _validations(ws: Worksheet, tracker: Tracker, keys: list[str]) -> None:
    """Each column's data validation, as its kind (tracker.columns) gives it, over the sheet's data rows."""
    end_row = FIRST_DATA_ROW + DATA_ROWS - 1
    found: list[tuple[tuple[int, int], str, dict[str, Any]]] = []
    for index, column in enumerate(tracker.columns):
        kind = kind_of(column)
        spec = kind.validation(tracker, column) if kind.validation else None
        if spec is not None:
            within = list(ENTRY_LISTS).index(column.key) if column.key in ENTRY_LISTS else index
            found.append(((kind.validation_order, within), get_column_letter(keys.index(column.key) + 1), spec))
    for _, letter, spec in sorted(found, key=lambda f: f[0]):
        dv = DataValidation(**spec)
        dv.add(f"{letter}{FIRST_DATA_ROW}:{letter}{end_row}")
        ws.add_data_validation(dv)


def _protect_and_print(ws: Worksheet) -> None:
    ws.freeze_panes = f"A{FIRST_DATA_ROW}"
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.insertRows = False
    ws.protection.deleteRows = False
    ws.protection.autoFilter = False
    ws.protection.sort = False
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
