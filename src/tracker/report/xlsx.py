"""report.xlsx: the gap matrix coloured by status, one sheet per unit, the problems, the activities."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tracker.evaluate import STATUS_VI, WORST_FIRST
from tracker.report import SEVERITY_VI, STATUS_COLOURS, STATUS_SHORT, part_label

if TYPE_CHECKING:
    from tracker.check import CheckResult

HEAD_FILL = PatternFill("solid", fgColor="1F4E79")
HEAD_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14, color="1F4E79")
THIN = Side(style="thin", color="BFBFBF")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(wrap_text=True, horizontal="center", vertical="center")

SUMMARY_SHEET = "Tổng hợp"
DISTRICT_SHEET = "Theo huyện"
PROBLEMS_SHEET = "Lỗi dữ liệu"
ACTIVITIES_SHEET = "Hoạt động"
CHANGES_SHEET = "Thay đổi"


def status_fill(status: str) -> PatternFill:
    return PatternFill("solid", fgColor=STATUS_COLOURS[status][0])


def status_font(status: str, bold: bool = False) -> Font:
    return Font(color=STATUS_COLOURS[status][1], bold=bold)


def write_xlsx(result: CheckResult, path: Path) -> Path:
    wb = build_workbook(result)
    wb.save(path)
    return path


def build_workbook(result: CheckResult) -> Workbook:
    wb = Workbook()
    _summary(wb.active, result)
    _districts(wb.create_sheet(DISTRICT_SHEET), result)
    for unit in result.tracker.units:
        _unit(wb.create_sheet(_safe_title(unit.sheet, wb)), result, unit.id)
    _problems(wb.create_sheet(PROBLEMS_SHEET), result)
    _activities(wb.create_sheet(ACTIVITIES_SHEET), result)
    if result.changes is not None:
        _changes(wb.create_sheet(CHANGES_SHEET), result)
    return wb


def _safe_title(name: str, wb: Workbook) -> str:
    title = name[:31]
    n = 2
    while title in wb.sheetnames:
        title = f"{name[:27]} ({n})"
        n += 1
    return title


def _header(ws: Worksheet, row: int, headers: Sequence[str], widths: Sequence[int] | None = None) -> None:
    for col, text in enumerate(headers, start=1):
        cell = ws.cell(row=row, column=col, value=text)
        cell.fill, cell.font, cell.alignment, cell.border = HEAD_FILL, HEAD_FONT, CENTER, BOX
        if widths:
            ws.column_dimensions[get_column_letter(col)].width = widths[col - 1]


def _rows(ws: Worksheet, start: int, rows: Sequence[Sequence[Any]]) -> int:
    r = start
    for values in rows:
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=col, value=value)
            cell.alignment, cell.border = WRAP, BOX
        r += 1
    return r


def _print_setup(ws: Worksheet, landscape: bool = True, title_rows: str | None = None) -> None:
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows


def _summary(ws: Worksheet, result: CheckResult) -> None:
    t, ev = result.tracker, result.evaluation
    ws.title = SUMMARY_SHEET
    ws["A1"] = t.title
    ws["A1"].font = TITLE_FONT
    c = result.intake.counts
    ws["A2"] = (f"Số liệu tính đến ngày {result.as_of:%d/%m/%Y}. Nguồn: {result.source}. "
                f"Đã đọc {c.rows_read} dòng: {c.rows_counted} dòng được tính, {c.rows_rejected} dòng bị loại "
                f"(có lỗi), {c.rows_blank} dòng trống.")
    ws["A2"].alignment = Alignment(wrap_text=False)
    parts = [(task, part) for task, part in t.parts()]
    headers = ["STT", "Đơn vị", "Huyện"]
    for task in t.tasks:
        headers.append(f"NV{task.id}")
        headers += [p.id for p in task.parts]
    headers += ["Dòng được tính", "Số lỗi"]
    widths = [5, 58, 13] + [17] * (len(t.tasks) + len(parts)) + [10, 8]
    _header(ws, 4, headers, widths)
    ws.row_dimensions[4].height = 30
    errors_by_unit: dict[str, int] = {}
    for p in result.problems:
        if p.unit and p.severity == "error":
            errors_by_unit[p.unit] = errors_by_unit.get(p.unit, 0) + 1
    r = 5
    for i, unit in enumerate(t.units, start=1):
        values: list[Any] = [i, unit.name, unit.district]
        fills: list[str | None] = [None, None, None]
        for ts in ev.unit_tasks(unit.id):
            values.append(STATUS_SHORT[ts.status])
            fills.append(ts.status)
            for part in ts.parts:
                values.append(part_label(part))
                fills.append(part.status)
        values += [result.intake.units[unit.id].counts.rows_counted, errors_by_unit.get(unit.id, 0)]
        fills += [None, None]
        for col, (value, status) in enumerate(zip(values, fills, strict=True), start=1):
            cell = ws.cell(row=r, column=col, value=value)
            cell.border, cell.alignment = BOX, (CENTER if col > 3 else WRAP)
            if status:
                cell.fill, cell.font = status_fill(status), status_font(status, bold=col in _task_cols(t))
        r += 1
    r += 1
    ws.cell(row=r, column=2, value="Chú giải").font = Font(bold=True)
    for status in reversed(WORST_FIRST):
        r += 1
        cell = ws.cell(row=r, column=2, value=STATUS_VI[status])
        cell.fill, cell.font, cell.border = status_fill(status), status_font(status), BOX
    r += 2
    ws.cell(row=r, column=2, value="Các phần nhiệm vụ").font = Font(bold=True)
    for _, definition in parts:
        r += 1
        ws.cell(row=r, column=2, value=f"{definition.id}: {definition.title} (hạn {definition.due:%d/%m/%Y})")
    ws.freeze_panes = "D5"
    _print_setup(ws, title_rows="4:4")


def _task_cols(t: Any) -> set[int]:
    cols, col = set(), 4
    for task in t.tasks:
        cols.add(col)
        col += 1 + len(task.parts)
    return cols


def _districts(ws: Worksheet, result: CheckResult) -> None:
    ev = result.evaluation
    ws["A1"] = "Tổng hợp theo huyện, theo nhiệm vụ và toàn tỉnh"
    ws["A1"].font = TITLE_FONT
    headers = ["Phạm vi", "Số đơn vị", "Phần việc", "Đã hoàn thành", "Tỷ lệ", "Phần quá hạn", "Đơn vị có phần quá hạn"]
    _header(ws, 3, headers, [44, 10, 11, 13, 9, 12, 14])
    rows = [[r.name, r.units, r.parts_total, r.parts_done, r.rate, r.parts_overdue, r.units_overdue]
            for r in ([ev.province] if ev.province else []) + ev.by_district + ev.by_task]
    end = _rows(ws, 4, rows)
    for r in range(4, end):
        ws.cell(row=r, column=5).number_format = "0%"
    ws.cell(row=4, column=1).font = Font(bold=True)
    r = end + 1
    ws.cell(row=r, column=1, value="Thời điểm bắt đầu của từng đơn vị").font = Font(bold=True)
    _header(ws, r + 1, ["Đơn vị", "Hoạt động đầu tiên", "Số ngày sau khi bắt đầu đợt"])
    start_rows = []
    for unit in result.tracker.units:
        s = ev.starts[unit.id]
        start_rows.append([unit.name, f"{s.first_activity:%d/%m/%Y}" if s.first_activity else "Chưa có hoạt động",
                           s.days_after_start if s.days_after_start is not None else ""])
    _rows(ws, r + 2, start_rows)
    _print_setup(ws, landscape=False)


def _unit(ws: Worksheet, result: CheckResult, unit_id: str) -> None:
    t, ev = result.tracker, result.evaluation
    unit = t.unit(unit_id)
    ws["A1"] = unit.name
    ws["A1"].font = TITLE_FONT
    counts = result.intake.units[unit_id].counts
    sheet = result.intake.units[unit_id].sheet
    ws["A2"] = (f"Trang tính: {sheet or '(không tìm thấy)'} — {counts.rows_counted} dòng được tính, "
                f"{counts.rows_rejected} dòng bị loại, tính đến {result.as_of:%d/%m/%Y}.")
    _header(ws, 4, ["Nhiệm vụ", "Phần", "Nội dung yêu cầu", "Hạn", "Trạng thái", "Ngày hoàn thành",
                    "Số ngày quá hạn", "Lý do / việc cần làm"], [9, 7, 46, 11, 22, 13, 10, 60])
    r = 5
    titles = {p.id: p.title for _, p in t.parts()}
    for ts in ev.unit_tasks(unit_id):
        for part in ts.parts:
            values = [ts.task, part.part, titles[part.part], f"{part.due:%d/%m/%Y}", STATUS_VI[part.status],
                      f"{part.done_on:%d/%m/%Y}" if part.done_on else "", part.days_overdue or "",
                      "\n".join(part.reasons)]
            _rows(ws, r, [values])
            cell = ws.cell(row=r, column=5)
            cell.fill, cell.font = status_fill(part.status), status_font(part.status, bold=True)
            r += 1
    problems = result.unit_problems(unit_id)
    r += 1
    ws.cell(row=r, column=1, value=f"Lỗi dữ liệu cần sửa ({len(problems)})").font = Font(bold=True, size=12)
    if problems:
        _header(ws, r + 1, ["Ô", "Dòng", "Mức", "Mã", "Giá trị", "", "", "Hướng dẫn sửa"])
        _rows(ws, r + 2, [[p.cell or "", p.row or "", SEVERITY_VI[p.severity], p.code, p.value, "", "", p.message]
                          for p in problems])
    _print_setup(ws, title_rows="4:4")


def _problems(ws: Worksheet, result: CheckResult) -> None:
    ws["A1"] = f"Lỗi dữ liệu ({len(result.problems)})"
    ws["A1"].font = TITLE_FONT
    names = {u.id: u.name for u in result.tracker.units}
    headers = ["Đơn vị", "Trang tính", "Ô", "Dòng", "Cột", "Mức", "Mã", "Giá trị", "Nội dung (tiếng Việt)",
               "Message (English)"]
    _header(ws, 3, headers, [34, 22, 7, 6, 5, 16, 20, 28, 60, 50])
    _rows(ws, 4, [[names.get(p.unit or "", ""), p.sheet or "", p.cell or "", p.row or "", p.column or "",
                   SEVERITY_VI[p.severity], p.code, p.value, p.message, p.message_en] for p in result.problems])
    ws.auto_filter.ref = f"A3:J{max(3, 3 + len(result.problems))}"
    ws.freeze_panes = "A4"
    _print_setup(ws, title_rows="3:3")


def _activities(ws: Worksheet, result: CheckResult) -> None:
    ws["A1"] = f"Hoạt động được tính ({len(result.intake.activities)})"
    ws["A1"].font = TITLE_FONT
    names = {u.id: u.name for u in result.tracker.units}
    headers = ["Đơn vị", "Dòng", "Ngày", "Nhiệm vụ", "Hình thức", "Nội dung", "Đối tượng", "Số người", "Số lượng",
               "Link minh chứng"]
    _header(ws, 3, headers, [34, 6, 11, 10, 24, 50, 28, 10, 9, 30])
    rows = [[names[a.unit], a.row, a.date, ", ".join(sorted(a.tags)), "; ".join(a.forms), a.content,
             "; ".join(a.audiences), a.participants, a.quantity, a.link or ""] for a in result.intake.activities]
    end = _rows(ws, 4, rows)
    for r in range(4, end):
        ws.cell(row=r, column=3).number_format = "DD/MM/YYYY"
    ws.auto_filter.ref = f"A3:J{max(3, end - 1)}"
    ws.freeze_panes = "A4"
    _print_setup(ws, title_rows="3:3")


def _changes(ws: Worksheet, result: CheckResult) -> None:
    changes = result.changes or {}
    ws["A1"] = "Thay đổi so với lần kiểm tra trước"
    ws["A1"].font = TITLE_FONT
    _header(ws, 3, ["Loại", "Đơn vị", "Trang tính", "Dòng", "Ngày", "Nhiệm vụ", "Nội dung", "Trước đây"],
            [14, 30, 22, 6, 12, 10, 50, 50])
    kinds = {"new": "Mới", "edited": "Đã sửa", "deleted": "Đã xóa"}
    rows = []
    for kind, label in kinds.items():
        for item in changes.get(kind, []):
            values = item.get("values", {})
            before = item.get("before", {})
            rows.append([label, item.get("unit_name", item.get("unit", "")), item.get("sheet", ""), item.get("row", ""),
                         values.get("date", ""), values.get("task", ""), values.get("content", ""),
                         before.get("content", "") if kind == "edited" else ""])
    end = _rows(ws, 4, rows)
    for r in range(4, end):
        if ws.cell(row=r, column=1).value == "Đã xóa":
            ws.cell(row=r, column=1).fill = status_fill("overdue")
    _print_setup(ws, title_rows="3:3")
