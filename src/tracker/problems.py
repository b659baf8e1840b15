"""The catalogue of what districts are told: problems in what they typed, and the reasons a part is not done.

Problems: every kind of thing wrong with what districts typed, with a stable code. Severity `error`
means the row is not counted; `warning` means it is counted and the district should still look.
Reasons: why evaluation finds a unit's part not yet done (too few activities, a report missing...),
with a stable code too. Both are templates: Vietnamese for the district, English for logs and scripts.
docs/problems.md is generated from this catalogue (`tracker docs problems`), and a test fails when
it drifts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, Literal

from tracker.text import series

Severity = Literal["error", "warning"]
Scope = Literal["source", "sheet", "row", "office"]
Origin = Literal["intake", "review", "office"]


class Code(StrEnum):
    """Every problem code, as a name the type checker sees: a typo is caught by mypy, not at run time."""

    SHEET_UNMATCHED = "sheet-unmatched"
    SHEET_LOOKS_LIKE_UNIT = "sheet-looks-like-unit"
    UNIT_SHEET_MISSING = "unit-sheet-missing"
    SHEET_RENAMED = "sheet-renamed"
    SHEET_NAME_DIFFERS = "sheet-name-differs"
    HEADER_NOT_FOUND = "header-not-found"
    COLUMN_MISSING = "column-missing"
    CELL_OUT_OF_RANGE = "cell-out-of-range"
    SHEET_TOO_LARGE = "sheet-too-large"
    TOTALS_ROW = "totals-row"
    FORMULA_ERROR = "formula-error"
    FORMULA_NO_VALUE = "formula-no-value"
    MERGED_CELLS = "merged-cells"
    DUPLICATE_ACTIVITY = "duplicate-activity"
    ROW_NAMES_OTHER_UNIT = "row-names-other-unit"
    ROW_OUTSIDE_TABLE = "row-outside-table"
    DATE_MISSING = "date-missing"
    DATE_INVALID = "date-invalid"
    DATE_AMBIGUOUS = "date-ambiguous"
    DATE_NO_YEAR = "date-no-year"
    DATE_OUTSIDE_CAMPAIGN = "date-outside-campaign"
    DATE_AFTER_AS_OF = "date-after-as-of"
    DATE_RANGE = "date-range"
    DATE_RANGE_INVALID = "date-range-invalid"
    TASK_MISSING = "task-missing"
    TASK_UNKNOWN = "task-unknown"
    TASK_AMBIGUOUS = "task-ambiguous"
    TASK_SEVERAL_PARTS = "task-several-parts"
    TASK_FROM_KEYWORDS = "task-from-keywords"
    TASK_NOT_ASSIGNED = "task-not-assigned"
    ACTIVITY_NOT_COUNTED = "activity-not-counted"
    FORM_MISSING = "form-missing"
    FORM_UNKNOWN = "form-unknown"
    AUDIENCE_MISSING = "audience-missing"
    AUDIENCE_UNKNOWN = "audience-unknown"
    COUNT_APPROXIMATE = "count-approximate"
    COUNT_RANGE = "count-range"
    COUNT_NOT_NUMBER = "count-not-number"
    COUNT_TOO_LARGE = "count-too-large"
    EVIDENCE_LINK_MISSING = "evidence-link-missing"
    EVIDENCE_DOCUMENT_MISSING = "evidence-document-missing"
    EVIDENCE_MISSING = "evidence-missing"
    LINK_INVALID = "link-invalid"
    LINK_HOLDS_DOCREF = "link-holds-docref"
    VALUE_MISSING = "value-missing"
    VALUE_NOT_DATE = "value-not-date"
    CHOICE_UNKNOWN = "choice-unknown"
    DOCREF_INVALID = "docref-invalid"
    PERIOD_INVALID = "period-invalid"
    CONTENT_MISSING = "content-missing"
    TEXT_LEGACY_ENCODING = "text-legacy-encoding"
    TEXT_CONTROL_CHARACTERS = "text-control-characters"
    CELL_TOO_LONG = "cell-too-long"
    ROW_REJECTED = "row-rejected"
    ROW_ON_HOLD = "row-on-hold"
    DECISION_HEADER_NOT_FOUND = "decision-header-not-found"
    DECISION_UNIT_UNKNOWN = "decision-unit-unknown"
    DECISION_WORD_UNKNOWN = "decision-word-unknown"
    DECISION_ROW_INVALID = "decision-row-invalid"
    DECISION_PART_UNKNOWN = "decision-part-unknown"
    DECISION_NEEDS_ROW = "decision-needs-row"
    DECISION_NEEDS_PART = "decision-needs-part"
    DECISION_REASON_MISSING = "decision-reason-missing"
    DECISION_WHO_MISSING = "decision-who-missing"
    DECISION_DATE_INVALID = "decision-date-invalid"
    DECISION_ROW_MISSING = "decision-row-missing"
    DECISION_ROW_CHANGED = "decision-row-changed"
    DECISION_ROW_MOVED = "decision-row-moved"
    DECISION_CANNOT_COUNT = "decision-cannot-count"
    DECISION_COLUMN_MISSING = "decision-column-missing"
    DECISION_DAY_UNUSABLE = "decision-day-unusable"
    DECISION_AFTER_AS_OF = "decision-after-as-of"
    DECISION_CONFLICT = "decision-conflict"
    DECISION_TAB_UNTRUSTED = "decision-tab-untrusted"
    DECISION_TAB_IN_SOURCE = "decision-tab-in-source"
    DECISION_WHO_NOT_STAFF = "decision-who-not-staff"
    DECISION_UNIT_MISSING = "decision-unit-missing"
    DECISION_TOO_MANY_LINES = "decision-too-many-lines"
    OFFICE_TRACKER_FAILED = "office-tracker-failed"
    OFFICE_SOURCE_SHRUNK = "office-source-shrunk"
    OFFICE_UNIT_AMBIGUOUS = "office-unit-ambiguous"
    OFFICE_UNIT_SAME_NAME = "office-unit-same-name"
    OFFICE_UNIT_NAMES_DIFFER = "office-unit-names-differ"
    OFFICE_UNIT_UNKNOWN = "office-unit-unknown"


@dataclass(frozen=True)
class ProblemKind:
    code: Code
    severity: Severity
    scope: Scope
    title: str
    vi: str
    en: str
    example: str
    origin: Origin = "intake"
    """`intake`: found in what units typed; `review`: from the province's decisions (tracker.review.decisions);
    `office`: found by the office's week across its trackers (tracker.office), for the office's staff."""


TITLES_VI: dict[str, str] = {
    "sheet-unmatched": "Trang tính không khớp đơn vị nào",
    "sheet-looks-like-unit": "Trang tính giống trang của đơn vị nhưng không được đọc",
    "unit-sheet-missing": "Không có trang tính của đơn vị",
    "sheet-renamed": "Trang tính của đơn vị bị đổi tên",
    "sheet-name-differs": "Tên trang tính khác tên đúng",
    "header-not-found": "Không tìm thấy dòng tiêu đề",
    "column-missing": "Thiếu cột bắt buộc",
    "cell-out-of-range": "Dữ liệu nằm ngoài bảng",
    "sheet-too-large": "Trang tính quá dài",
    "totals-row": "Dòng tổng cộng",
    "formula-error": "Lỗi công thức",
    "formula-no-value": "Công thức chưa có giá trị",
    "merged-cells": "Ô bị gộp",
    "duplicate-activity": "Hoạt động nhập trùng",
    "row-names-other-unit": "Dòng ghi tên đơn vị khác",
    "row-outside-table": "Dữ liệu ngoài các cột của bảng",
    "date-missing": "Thiếu ngày",
    "date-invalid": "Ngày không hợp lệ",
    "date-ambiguous": "Ngày nhập theo tháng/ngày",
    "date-no-year": "Ngày thiếu năm",
    "date-outside-campaign": "Ngày ngoài thời gian thực hiện",
    "date-after-as-of": "Ngày sau ngày kiểm tra",
    "date-range": "Ghi khoảng ngày thay cho một ngày",
    "date-range-invalid": "Khoảng ngày không đọc được",
    "task-missing": "Chưa chọn nhiệm vụ",
    "task-unknown": "Nhiệm vụ không có trong danh sách",
    "task-ambiguous": "Chưa rõ thuộc phần nhiệm vụ nào",
    "task-several-parts": "Nội dung khớp nhiều phần nhiệm vụ",
    "task-from-keywords": "Phần nhiệm vụ xác định theo nội dung",
    "task-not-assigned": "Nhiệm vụ không giao cho đơn vị",
    "activity-not-counted": "Hoạt động không được tính",
    "form-missing": "Chưa chọn hình thức",
    "form-unknown": "Hình thức không có trong danh sách",
    "audience-missing": "Chưa chọn đối tượng",
    "audience-unknown": "Đối tượng không có trong danh sách",
    "count-approximate": "Số ước lượng",
    "count-range": "Ghi khoảng thay cho một số",
    "count-not-number": "Không phải là số đếm",
    "count-too-large": "Số quá lớn",
    "evidence-link-missing": "Thiếu link minh chứng",
    "evidence-document-missing": "Thiếu số văn bản",
    "evidence-missing": "Thiếu minh chứng",
    "link-invalid": "Không phải đường link",
    "link-holds-docref": "Số văn bản ghi ở cột link",
    "value-missing": "Ô bắt buộc còn trống",
    "value-not-date": "Không phải là ngày",
    "choice-unknown": "Giá trị không có trong danh sách",
    "docref-invalid": "Số văn bản không đúng dạng",
    "period-invalid": "Kỳ báo cáo không khớp",
    "content-missing": "Thiếu nội dung",
    "text-legacy-encoding": "Chữ gõ bằng bảng mã cũ",
    "row-rejected": "Dòng không được chấp nhận",
    "row-on-hold": "Dòng đang chờ làm rõ",
    "decision-header-not-found": "Trang duyệt thiếu dòng tiêu đề",
    "decision-unit-unknown": "Quyết định ghi đơn vị không có",
    "decision-word-unknown": "Không rõ quyết định",
    "decision-row-invalid": "Số dòng không hợp lệ",
    "decision-part-unknown": "Quyết định ghi phần việc không có",
    "decision-needs-row": "Quyết định cho dòng thiếu số dòng",
    "decision-needs-part": "Quyết định cho phần việc thiếu phần việc",
    "decision-reason-missing": "Quyết định thiếu lý do",
    "decision-who-missing": "Quyết định thiếu người quyết định",
    "decision-date-invalid": "Ngày quyết định không hợp lệ",
    "decision-row-missing": "Dòng được quyết định không còn",
    "decision-row-changed": "Dòng đã sửa sau khi quyết định",
    "decision-row-moved": "Dòng được quyết định đã chuyển chỗ",
    "decision-cannot-count": "Dòng được chấp nhận vẫn chưa tính được",
    "decision-column-missing": "Trang duyệt thiếu cột người hoặc ngày quyết định",
    "decision-day-unusable": "Ngày của quyết định không dùng được",
    "decision-after-as-of": "Quyết định sau ngày kiểm tra",
    "decision-conflict": "Hai quyết định trái nhau cùng ngày",
    "decision-tab-untrusted": "Trang duyệt không do tỉnh quản lý",
    "text-control-characters": "Ô có ký tự điều khiển",
    "cell-too-long": "Ô quá dài",
    "decision-tab-in-source": "Trang duyệt nằm trong dữ liệu đơn vị",
    "decision-who-not-staff": "Người quyết định không thuộc danh sách cán bộ",
    "decision-unit-missing": "Quyết định thiếu đơn vị",
    "decision-too-many-lines": "Trang duyệt quá nhiều dòng",
    "office-tracker-failed": "Văn bản chưa kiểm tra được tuần này",
    "office-source-shrunk": "Nguồn dữ liệu thiếu nhiều trang tính",
    "office-unit-ambiguous": "Không xác định được đơn vị giữa các văn bản",
    "office-unit-same-name": "Trùng tên nhưng không phải một đơn vị",
    "office-unit-names-differ": "Một đơn vị mang tên khác nhau giữa các văn bản",
    "office-unit-unknown": "same_units nhắc đơn vị không có",
}
"""Each code's name in Vietnamese, for the tables a person reads (report.html, report.xlsx)."""


def title_vi(code: str) -> str:
    return TITLES_VI.get(code, code)


def _k(code: Code, severity: Severity, scope: Scope, title: str, vi: str, en: str, example: str) -> ProblemKind:
    origin: Origin = "review" if code.startswith("decision-") or code in ("row-rejected", "row-on-hold") else "intake"
    origin = "office" if code.startswith("office-") else origin
    return ProblemKind(code, severity, scope, title, vi, en, example, origin)


KINDS: tuple[ProblemKind, ...] = (
    # --- sheets and units
    _k(Code.SHEET_UNMATCHED, "warning", "sheet", "Sheet matches no unit",
       "Trang tính “{sheet}” không khớp với đơn vị nào trong danh sách; dữ liệu trong trang này không được tính.",
       "Sheet '{sheet}' matches no unit of the tracker; its rows are not read.",
       "a tab named 'Sheet1' or 'Bản nháp'"),
    _k(Code.SHEET_LOOKS_LIKE_UNIT, "warning", "sheet", "Sheet looks like a unit's but is not read",
       "Trang tính “{sheet}” có tên gần giống trang của đơn vị (“{expected}”) nhưng không được đọc; hãy nhập các "
       "dòng vào trang “{expected}” rồi xóa trang “{sheet}”.",
       "Sheet '{sheet}' looks like the unit's sheet ('{expected}') but is not read.",
       "a copy named 'Gio Linh (cập nhật)' beside the unit's own tab"),
    _k(Code.UNIT_SHEET_MISSING, "error", "sheet", "Unit has no sheet",
       "Không tìm thấy trang tính của đơn vị (tên mong đợi: “{expected}”).",
       "No sheet found for the unit (expected '{expected}').",
       "a unit's tab was deleted or renamed beyond recognition"),
    _k(Code.SHEET_RENAMED, "error", "sheet", "The unit's tab was renamed",
       "Trang tính “{sheet}” không đúng tên nên chưa được đọc; hãy đổi tên trang lại thành “{expected}”.",
       "The unit's tab is named '{sheet}', not '{expected}'; it is not read until renamed.",
       "'Gio Linh (cập nhật 18-6)' or 'Bản sao của Gio Linh' (Google Sheets' duplicate) where the unit's own tab "
       "'Gio Linh' is gone"),
    _k(Code.SHEET_NAME_DIFFERS, "warning", "sheet", "The unit's tab is read under another name",
       "Trang tính “{sheet}” đã được đọc là trang của đơn vị, nhưng tên trang phải là “{expected}”; hãy đổi tên "
       "trang thành “{expected}”.",
       "Sheet '{sheet}' is read as the unit's, whose sheet is named '{expected}'.",
       "'Hải Lăng' for 'Xã Hải Lăng' (the kind of unit left out), when no other unit's name reads so"),
    _k(Code.HEADER_NOT_FOUND, "error", "sheet", "Header row not found",
       "Không tìm thấy dòng tiêu đề cột (STT, Ngày thực hiện, Nhiệm vụ, ...) trong 15 dòng đầu.",
       "No header row (STT, Ngày thực hiện, Nhiệm vụ, ...) in the first 15 rows.",
       "the header row was deleted"),
    _k(Code.COLUMN_MISSING, "error", "sheet", "Required column missing",
       "Thiếu cột bắt buộc “{value}” ở dòng tiêu đề; các dòng của trang này không thể được tính.",
       "Required column '{value}' is missing from the header row; the sheet's rows cannot be counted.",
       "the 'Nhiệm vụ' column was deleted"),
    _k(Code.CELL_OUT_OF_RANGE, "warning", "sheet", "Value far outside the table",
       "Trang tính “{sheet}”: ô {cell} có dữ liệu nằm rất xa bảng (ngoài cột {last_column} hoặc dòng {max_rows}) "
       "nên không được đọc; hãy xóa ô này hoặc chuyển nội dung vào bảng.",
       "Sheet '{sheet}': cell {cell} holds a value far outside the table (beyond column {last_column} or row "
       "{max_rows}); it was not read.",
       "a stray value typed at XFD1048576"),
    _k(Code.SHEET_TOO_LARGE, "error", "sheet", "Sheet too large",
       "Trang tính “{sheet}” có {value} dòng dữ liệu sau dòng {max_rows}; chỉ {max_rows} dòng đầu được đọc. "
       "Hãy chuyển bớt dữ liệu sang một trang tính hoặc tệp khác.",
       "Sheet '{sheet}' has {value} rows of data beyond row {max_rows}; only the first {max_rows} rows were read.",
       "a tab of a million rows pasted from another system"),
    # --- structure of rows
    _k(Code.TOTALS_ROW, "error", "row", "Totals row",
       "Dòng tổng cộng không phải là một hoạt động nên không được tính (không cần sửa).",
       "Totals row; not an activity, not counted (nothing to fix).",
       "'Tổng cộng', 'Cộng:' alone in the STT, date or content column, or 'Tổng cộng toàn xã' in an undated row; a "
       "dated row starting 'Công tác …', 'Tổng kết …' is an activity"),
    _k(Code.FORMULA_ERROR, "error", "row", "Formula error in a cell",
       "Ô {cell} chứa lỗi công thức “{value}”; hãy nhập lại giá trị.",
       "Cell {cell} holds the formula error '{value}'.",
       "#REF!, #N/A, #VALUE!, #DIV/0!"),
    _k(Code.FORMULA_NO_VALUE, "error", "row", "Formula without a computed value",
       "Ô {cell} chứa công thức “{value}” nhưng chưa có giá trị đã tính (tệp được lưu bằng một chương trình không tính "
       "công thức); hãy mở tệp bằng Excel hoặc Google Trang tính rồi lưu lại, hoặc nhập thẳng giá trị vào ô.",
       "Cell {cell} holds the formula '{value}' with no computed value (saved by a program that does not compute "
       "formulas); open and save the file in a spreadsheet, or type the value.",
       "a date '=DATE(2026,5,12)' in a workbook a script wrote and no one opened in a spreadsheet"),
    _k(Code.MERGED_CELLS, "warning", "row", "Merged cells",
       "Ô {cell} nằm trong vùng ô gộp {value}; giá trị của ô đầu vùng đã được dùng. Nên bỏ gộp ô.",
       "Cell {cell} is inside the merged range {value}; the range's top-left value was used.",
       "a date merged down over three activities"),
    _k(Code.DUPLICATE_ACTIVITY, "error", "row", "Same activity entered twice",
       "Hoạt động này trùng với dòng {first} (cùng ngày, nhiệm vụ và nội dung) nên chỉ được tính một lần.",
       "Same activity as row {first} (same date, task and content); counted once.",
       "a row copied and pasted below itself"),
    _k(Code.ROW_OUTSIDE_TABLE, "warning", "row", "Row typed beside the table",
       "Trang tính “{sheet}”, dòng {line}: chỉ có dữ liệu ở ô {cell} “{value}”, ngoài các cột của bảng, nên dòng này "
       "không được đọc; nếu đó là một hoạt động, hãy nhập vào đúng các cột của bảng.",
       "Sheet '{sheet}', row {line}: only cell {cell} '{value}', outside the table's columns, holds anything; the row is "
       "not read (type an activity in the table's columns).",
       "an activity typed in the column after the table's last, beside an empty row"),
    _k(Code.ROW_NAMES_OTHER_UNIT, "warning", "row", "Row names another unit",
       "Nội dung nhắc đến đơn vị khác ({value}); nếu đây là hoạt động của đơn vị đó, hãy chuyển sang trang tính của họ.",
       "The row names another unit ({value}); if it is that unit's activity, move it to that unit's sheet.",
       "a row naming the neighbouring commune's committee in this unit's sheet"),
    # --- dates
    _k(Code.DATE_MISSING, "error", "row", "Date missing",
       "Chưa nhập ngày thực hiện ở ô {cell}.",
       "No date in cell {cell}.",
       "an empty 'Ngày thực hiện' cell"),
    _k(Code.DATE_INVALID, "error", "row", "Not a date",
       "Ô {cell} “{value}” không phải là ngày hợp lệ; hãy nhập theo dạng ngày/tháng/năm, ví dụ {example}.",
       "Cell {cell} '{value}' is not a valid date; expected dd/mm/yyyy.",
       "'31/6', 'tuần trước', a month 13"),
    _k(Code.DATE_AMBIGUOUS, "error", "row", "Date in month/day order",
       "Ngày “{value}” ở ô {cell} có vẻ được nhập theo thứ tự tháng/ngày; hãy nhập lại theo dạng ngày/tháng/năm.",
       "Date '{value}' in {cell} reads outside the campaign as day/month but inside as month/day; "
       "re-enter it as dd/mm/yyyy.",
       "'7/28' typed the American way"),
    _k(Code.DATE_NO_YEAR, "warning", "row", "Date without a year",
       "Ngày “{value}” ở ô {cell} thiếu năm; đã hiểu là năm {year}.",
       "Date '{value}' in {cell} has no year; the campaign's year {year} was assumed.",
       "'30/7' (the campaign's year that puts the day inside it: '5/1' of a campaign from November to February is "
       "in its second year)"),
    _k(Code.DATE_OUTSIDE_CAMPAIGN, "error", "row", "Date outside the campaign",
       "Ngày {value} ở ô {cell} nằm ngoài {campaign} ({start} – {end}).",
       "Date {value} in {cell} is outside the campaign ({start} – {end}).",
       "a day in the month before the campaign"),
    _k(Code.DATE_RANGE, "warning", "row", "Range of days instead of one day",
       "Trang tính “{sheet}”, ô {cell} ghi khoảng ngày “{value}”; đã tính là ngày kết thúc {day}. Hoạt động diễn ra "
       "nhiều ngày thì chỉ cần nhập ngày kết thúc; nếu ngày đó chưa đúng, hãy nhập một ngày cụ thể.",
       "Sheet '{sheet}', cell {cell} holds the range of days '{value}'; its last day {day} was taken. Enter one day, "
       "the day the activity ended.",
       "'01/08 - 05/08/2026', '1-5/8/2026', 'từ 01/8 đến 05/8' (an activity is done on its last day)"),
    _k(Code.DATE_RANGE_INVALID, "error", "row", "Range of days that cannot be read",
       "Trang tính “{sheet}”, ô {cell} ghi khoảng ngày “{value}” không đọc được (ngày cuối trước ngày đầu, hoặc có "
       "ngày không có thật); hãy nhập một ngày, là ngày hoạt động kết thúc, theo dạng ngày/tháng/năm, ví dụ {example}.",
       "Sheet '{sheet}', cell {cell} holds a range of days that cannot be read '{value}' (its end before its start, "
       "or a day that does not exist); enter one day, the day the activity ended.",
       "'từ 05/8 đến 01/8/2026', '01/08 - 35/08/2026'"),
    _k(Code.DATE_AFTER_AS_OF, "error", "row", "Date after the check date",
       "Ngày {value} ở ô {cell} sau ngày kiểm tra {as_of}; hoạt động chưa diễn ra không được tính.",
       "Date {value} in {cell} is after the check date {as_of}; not counted yet.",
       "a planned activity entered ahead of time"),
    # --- task column
    _k(Code.TASK_MISSING, "error", "row", "Task missing",
       "Chưa chọn nhiệm vụ ở ô {cell}; hãy chọn {choices} trong danh sách.",
       "No task in cell {cell}.",
       "an empty 'Nhiệm vụ' cell"),
    _k(Code.TASK_UNKNOWN, "error", "row", "Unknown task",
       "Nhiệm vụ “{value}” ở ô {cell} không có trong danh sách; hãy chọn {choices}.",
       "Task '{value}' in {cell} is not in the list.",
       "'NV5', 'tuyên truyền'"),
    _k(Code.TASK_AMBIGUOUS, "warning", "row", "Task group without its part",
       "Ô {cell} ghi “{value}” nhưng nội dung không cho biết thuộc phần nào: {options}; hãy chọn một phần trong "
       "danh sách. Hoạt động chỉ được tính cho các phần việc không phân biệt nhiệm vụ.",
       "Cell {cell} says '{value}' and the content does not tell which part of the group ({options}); counted only "
       "where any task counts.",
       "a bare group code whose content names none of the parts' keywords"),
    _k(Code.TASK_SEVERAL_PARTS, "warning", "row", "Content fits several parts of a group",
       "Ô {cell} ghi “{value}” và nội dung khớp với nhiều phần: {parts}; một hoạt động chỉ được tính cho một phần, "
       "hãy chọn phần đúng trong danh sách. Hoạt động chỉ được tính cho các phần việc không phân biệt nhiệm vụ.",
       "Cell {cell} says '{value}' and the content fits several parts ({parts}); counted for none of them, only "
       "where any task counts.",
       "a bare group code whose content names the keywords of two parts"),
    _k(Code.TASK_FROM_KEYWORDS, "warning", "row", "Task part taken from the content",
       "Ô {cell} ghi “{value}”; theo nội dung, hoạt động được tính cho nhiệm vụ {parts}. Nên chọn rõ trong danh sách.",
       "Cell {cell} says '{value}'; the content decided task part(s) {parts}.",
       "a bare group code whose content names one part's keywords"),
    _k(Code.TASK_NOT_ASSIGNED, "warning", "row", "Task of a part not assigned to the unit",
       "Trang tính “{sheet}”, dòng {line}: nhiệm vụ “{value}” ở ô {cell} thuộc phần việc không giao cho đơn vị này "
       "({parts}), nên dòng này không được tính cho phần việc đó; nếu chọn nhầm, hãy chọn lại nhiệm vụ trong danh sách.",
       "Sheet '{sheet}', row {line}: task '{value}' in {cell} belongs to a part not assigned to this unit ({parts}); "
       "the row does not count for it.",
       "an inland commune choosing the task of the part for coastal units only (`applies_to`)"),
    _k(Code.ACTIVITY_NOT_COUNTED, "warning", "row", "Activity counted for no part",
       "Trang tính “{sheet}”, dòng {line}: hoạt động của nhiệm vụ “{value}” không được tính cho phần việc nào "
       "({parts}) vì các phần việc này không tính {chosen} đã chọn; nếu chọn nhầm, hãy chọn lại hình thức hoặc đối "
       "tượng trong danh sách.",
       "Sheet '{sheet}', row {line}: the activity of task '{value}' counts for no part ({parts}): none counts "
       "the form and audience chosen.",
       "a plan typed with the form 'Hội nghị' where the plan's part counts only 'Văn bản'"),
    # --- lists
    _k(Code.FORM_MISSING, "warning", "row", "Form missing",
       "Chưa chọn hình thức ở ô {cell}.",
       "No form of activity in {cell}.",
       "an empty 'Hình thức' cell"),
    _k(Code.FORM_UNKNOWN, "warning", "row", "Unknown form",
       "Hình thức “{value}” ở ô {cell} không có trong danh sách; hãy chọn trong danh sách.",
       "Form '{value}' in {cell} is not in the list.",
       "'họp thôn'"),
    _k(Code.AUDIENCE_MISSING, "warning", "row", "Audience missing",
       "Chưa chọn đối tượng ở ô {cell}.",
       "No audience in {cell}.",
       "an empty 'Đối tượng' cell"),
    _k(Code.AUDIENCE_UNKNOWN, "warning", "row", "Unknown audience",
       "Đối tượng “{value}” ở ô {cell} không có trong danh sách; hãy chọn trong danh sách.",
       "Audience '{value}' in {cell} is not in the list.",
       "'khách du lịch'"),
    # --- numbers
    _k(Code.COUNT_APPROXIMATE, "warning", "row", "Approximate number",
       "Số “{value}” ở ô {cell} là số ước lượng; đã tính là {number}.",
       "Number '{value}' in {cell} is approximate; taken as {number}.",
       "'khoảng 200', 'hơn 150'"),
    _k(Code.COUNT_RANGE, "warning", "row", "Range instead of a number",
       "Ô {cell} ghi khoảng “{value}”; hãy nhập một số cụ thể.",
       "Cell {cell} holds the range '{value}'; enter one number.",
       "'150-200'"),
    _k(Code.COUNT_NOT_NUMBER, "warning", "row", "Not a count",
       "Ô {cell} “{value}” không phải là số đếm (số nguyên từ 0 trở lên); hãy nhập số nguyên, ví dụ 200.",
       "Cell {cell} '{value}' is not a count (a whole number, 0 or more).",
       "'đông đủ', '-5', '2.5'"),
    _k(Code.COUNT_TOO_LARGE, "warning", "row", "Number too large",
       "Ô {cell} “{value}” là số lớn hơn {limit}; hãy kiểm tra lại và nhập đúng số.",
       "Cell {cell} '{value}' is larger than {limit}.",
       "'20000000000' (a number typed twice, digits held down)"),
    # --- links and text
    _k(Code.EVIDENCE_LINK_MISSING, "error", "row", "Evidence link required",
       "{what} cần link minh chứng hợp lệ ở ô {cell} ({now}).",
       "{what} needs a valid evidence link in {cell} ({now_en}).",
       "a row of a form whose part asks for a link, with no link"),
    _k(Code.EVIDENCE_DOCUMENT_MISSING, "error", "row", "Document number required",
       "{what} cần số, ký hiệu văn bản ở ô {cell}, ví dụ 52/KH-UBND ({now}).",
       "{what} needs a document reference such as 52/KH-UBND in {cell} ({now_en}).",
       "'KH 45', 'số 45' or an empty cell where the part asks for the unit's own plan"),
    _k(Code.EVIDENCE_MISSING, "error", "row", "Evidence required",
       "{what} cần link minh chứng hoặc số, ký hiệu văn bản ở ô {cell} ({now}).",
       "{what} needs an evidence link or a document reference in {cell} ({now_en}).",
       "neither a link nor a document number where either would do"),
    _k(Code.LINK_INVALID, "warning", "row", "Not a link",
       "Ô {cell} “{value}” không phải là đường link (cần bắt đầu bằng http:// hoặc https://).",
       "Cell {cell} '{value}' is not a link.",
       "'đã đăng trên trang', 'facebook'"),
    _k(Code.LINK_HOLDS_DOCREF, "warning", "row", "A document number in the link column",
       "Ô {cell} ghi số văn bản “{value}” ở cột link minh chứng; {hint}",
       "Cell {cell} holds the document number '{value}' in the link column; {hint_en}",
       "'Kế hoạch số 52/KH-UBND' typed where the evidence link goes"),
    # --- the tracker's own columns
    _k(Code.VALUE_MISSING, "error", "row", "Required cell empty",
       "Chưa nhập “{header}” ở ô {cell}; đây là cột bắt buộc.",
       "Required column '{header}' is empty in {cell}.",
       "an empty cell in a column the tracker marks required"),
    _k(Code.VALUE_NOT_DATE, "warning", "row", "Not a date (own column)",
       "Ô {cell} “{value}” ở cột “{header}” không phải là ngày; hãy nhập theo dạng ngày/tháng/năm, ví dụ {example}.",
       "Cell {cell} '{value}' in column '{header}' is not a date.",
       "'đầu tháng' in a date column of the tracker's own"),
    _k(Code.CHOICE_UNKNOWN, "warning", "row", "Not one of the choices",
       "Ô {cell} “{value}” không có trong danh sách của cột “{header}” ({options}); hãy chọn trong danh sách.",
       "Cell {cell} '{value}' is not one of the choices of column '{header}'.",
       "a free-typed value in a dropdown column"),
    _k(Code.DOCREF_INVALID, "warning", "row", "Not a document number",
       "Ô {cell} “{value}” ở cột “{header}” không đúng dạng số, ký hiệu văn bản; hãy ghi như 52/KH-UBND.",
       "Cell {cell} '{value}' in column '{header}' is not a document reference such as 52/KH-UBND.",
       "'KH 45', 'số 45'"),
    _k(Code.PERIOD_INVALID, "warning", "row", "Period not recognised",
       "Ô {cell} “{value}” ở cột “{header}” không khớp kỳ báo cáo nào ({span}); hãy ghi như “Tuần 2” hoặc "
       "“Tháng 7”. Dòng được xếp vào kỳ theo ngày thực hiện.",
       "Cell {cell} '{value}' in column '{header}' names no reporting period ({span}); the row's date decides.",
       "'tuần trước', 'Tuần 40' when the schedule has 12 weeks"),
    _k(Code.CONTENT_MISSING, "error", "row", "Content missing",
       "Chưa nhập nội dung hoạt động ở ô {cell}.",
       "No activity content in {cell}.",
       "a row with a date and task but no content"),
    _k(Code.TEXT_LEGACY_ENCODING, "warning", "row", "Legacy Vietnamese encoding",
       "Ô {cell} dùng bảng mã cũ {encoding} (“{value}”); đã chuyển sang Unicode. Nên gõ lại bằng Unicode.",
       "Cell {cell} is in the legacy {encoding} encoding ('{value}'); converted to Unicode.",
       "'Tuyªn truyÒn' (TCVN3) or 'Tuyeân truyeàn' (VNI)"),
    _k(Code.TEXT_CONTROL_CHARACTERS, "warning", "row", "Control characters removed",
       "Ô {cell} có ký tự điều khiển không in được ({chars}), thường do dán từ Word hoặc phần mềm khác; đã bỏ các "
       "ký tự này. Nên gõ lại nội dung ô.",
       "Cell {cell} held control characters ({chars}), usually pasted from Word or another program; they were removed.",
       "a vertical tab (Excel's _x000B_) pasted with a line break from Word, an ESC or SOH"),
    _k(Code.CELL_TOO_LONG, "warning", "row", "Cell longer than a spreadsheet cell can be",
       "Ô {cell} dài {length} ký tự, quá giới hạn {limit} ký tự của một ô Excel; chỉ {limit} ký tự đầu được đọc.",
       "Cell {cell} holds {length} characters, beyond a spreadsheet cell's {limit}; only the first {limit} were read.",
       "a whole document pasted into one cell of a CSV file"),
    # --- the province's decisions (tracker.review.decisions): on a unit's row, for the unit to read
    _k(Code.ROW_REJECTED, "error", "row", "Row not accepted by the province",
       "Dòng này không được {speaker} chấp nhận (quyết định ngày {decided_on}): {reason}",
       "Row not accepted by the province (decision of {decided_on}): {reason}",
       "the evidence link opens a page about something else"),
    _k(Code.ROW_ON_HOLD, "warning", "row", "Row on hold until clarified",
       "{speaker} đang chờ làm rõ dòng này (ngày {decided_on}); hãy bổ sung hoặc liên hệ {speaker}. Nội dung cần làm "
       "rõ: {reason}",
       "The province holds this row until it is clarified ({decided_on}): {reason}",
       "the same article is claimed by two units"),
    # --- lines of the review tab, for the province; `error` means the decision is not applied
    _k(Code.DECISION_HEADER_NOT_FOUND, "error", "sheet", "Review tab without its header",
       "Trang “{sheet}”: không tìm thấy dòng tiêu đề (Đơn vị, Dòng, Phần việc, Quyết định, …) trong 10 dòng đầu; "
       "các quyết định trong trang này chưa được áp dụng.",
       "Review sheet '{sheet}': no header row (Đơn vị, Dòng, Phần việc, Quyết định, ...) in the first 10 rows; "
       "none of its decisions is applied.",
       "the header row of the 'Duyệt' tab was deleted"),
    _k(Code.DECISION_UNIT_UNKNOWN, "error", "row", "Decision names no known unit",
       "Ô {cell}: không có đơn vị “{value}” trong danh sách; quyết định chưa được áp dụng.",
       "Cell {cell}: no unit '{value}'; the decision is not applied.",
       "a unit's name misspelt in the review tab"),
    _k(Code.DECISION_WORD_UNKNOWN, "error", "row", "Not a decision",
       "Ô {cell}: “{value}” không phải là một quyết định; hãy chọn {choices}.",
       "Cell {cell}: '{value}' is not a decision; choose one of {choices}.",
       "'ok' or 'xem' in the decision column"),
    _k(Code.DECISION_ROW_INVALID, "error", "row", "Not a row number",
       "Ô {cell}: “{value}” không phải số dòng; hãy ghi số dòng trong trang của đơn vị, hoặc để trống khi quyết định "
       "cho cả phần việc.",
       "Cell {cell}: '{value}' is not a row number of the unit's sheet.",
       "'dòng thứ ba' in the row column"),
    _k(Code.DECISION_PART_UNKNOWN, "error", "row", "Decision names no known part",
       "Ô {cell}: không có phần việc “{value}”; các phần việc là {parts}.",
       "Cell {cell}: no part '{value}'; the parts are {parts}.",
       "'4' where the directive has three tasks"),
    _k(Code.DECISION_NEEDS_ROW, "error", "row", "Row decision without a row",
       "Quyết định “{value}” áp dụng cho một dòng: hãy ghi số dòng ở cột “Dòng” (ô {cell}).",
       "Decision '{value}' is about one row: give its row number in {cell}.",
       "'Không chấp nhận' with the row column left empty"),
    _k(Code.DECISION_NEEDS_PART, "error", "row", "Part decision without a part",
       "Quyết định “{value}” áp dụng cho cả phần việc: hãy ghi mã phần việc ở cột “Phần việc” và để trống cột “Dòng” "
       "(hoặc ghi “{whole}”).",
       "Decision '{value}' is about a whole part: name the part and leave the row empty (or write '{whole}').",
       "'Miễn' given for row 12"),
    _k(Code.DECISION_REASON_MISSING, "error", "row", "Decision without a reason",
       "Chưa ghi lý do ở ô {cell}: đơn vị cần biết vì sao “{value}”; quyết định chưa được áp dụng.",
       "No reason in {cell} for '{value}'; the unit must be told why. The decision is not applied.",
       "'Không chấp nhận' with an empty reason"),
    _k(Code.DECISION_WHO_MISSING, "error", "row", "Decision without who decided",
       "Chưa ghi người quyết định ở ô {cell}; quyết định chưa được áp dụng.",
       "No one named as deciding in {cell}; the decision is not applied.",
       "an empty 'Người quyết định' cell"),
    _k(Code.DECISION_DATE_INVALID, "error", "row", "Decision date missing or not a date",
       "Ô {cell} (“{header}”): “{value}” không phải ngày dd/mm/yyyy; quyết định chưa được áp dụng.",
       "Cell {cell} ('{header}'): '{value}' is not a dd/mm/yyyy date; the decision is not applied.",
       "'hôm qua' as the decision date"),
    _k(Code.DECISION_ROW_MISSING, "error", "row", "Decided row no longer there",
       "Quyết định ở ô {cell} nói về dòng {target_row} của {unit_name}, nhưng đó không phải một dòng hoạt động có "
       "dữ liệu (dòng trống, đã xóa, dòng tiêu đề, hoặc trang của đơn vị không đọc được); quyết định chưa được áp dụng.",
       "The decision in {cell} is about row {target_row} of {unit_name}, which is no longer there; not applied.",
       "the unit deleted the row after the decision"),
    _k(Code.DECISION_ROW_CHANGED, "error", "row", "Decided row changed since",
       "Dòng {target_row} của {unit_name} đã được sửa sau quyết định ngày {decided_on} (ô {cell}); quyết định chưa "
       "được áp dụng. Hãy xem lại dòng và ghi quyết định mới.",
       "Row {target_row} of {unit_name} was edited after the decision of {decided_on} ({cell}); not applied.",
       "the unit replaced the rejected link with another"),
    _k(Code.DECISION_ROW_MOVED, "warning", "row", "Decided row moved",
       "Dòng {target_row} của {unit_name} đã chuyển sang dòng {moved_to}; quyết định ở ô {cell} được áp dụng cho dòng "
       "{moved_to}.",
       "Row {target_row} of {unit_name} moved to row {moved_to}; the decision in {cell} follows it.",
       "the unit sorted its sheet by date"),
    _k(Code.DECISION_CANNOT_COUNT, "error", "row", "Accepted row still cannot count",
       "Dòng {target_row} của {unit_name} được chấp nhận nhưng vẫn không tính được vì thiếu {what}; hãy ghi vào ô "
       "{cell} (cột “{fix}”) của quyết định.",
       "Row {target_row} of {unit_name} is accepted but cannot count without {what}; fill '{fix}' in {cell}'s line.",
       "accepting a row dated 'Tuần 3 tháng 7' without giving the day"),
    _k(Code.DECISION_COLUMN_MISSING, "error", "sheet", "Review tab lacks who or when",
       "Trang “{sheet}” thiếu cột {value} ở dòng tiêu đề (dòng {line}); mỗi quyết định phải ghi người quyết định và "
       "ngày quyết định, nên các quyết định trong trang chưa được áp dụng.",
       "Review sheet '{sheet}' lacks the column(s) {value} in its header (row {line}); none of its decisions is applied.",
       "the 'Ngày quyết định' column deleted from the 'Duyệt' tab"),
    _k(Code.DECISION_DAY_UNUSABLE, "error", "row", "Decision's day outside what can be counted",
       "Ô {cell}: ngày {value} không dùng được cho quyết định này: ngày thực hiện phải từ {start} đến {end} "
       "(trong thời gian thực hiện và không sau ngày kiểm tra); quyết định chưa được áp dụng.",
       "Cell {cell}: day {value} cannot be used: it must fall from {start} to {end}; the decision is not applied.",
       "'Hoàn thành' dated after the check date"),
    _k(Code.DECISION_AFTER_AS_OF, "warning", "row", "Decision dated after the check",
       "Quyết định ở ô {cell} ghi ngày {value}, sau ngày kiểm tra {as_of}: lần kiểm tra này chưa áp dụng quyết định đó.",
       "The decision in {cell} is dated {value}, after the check date {as_of}: not applied in this check.",
       "re-running an earlier week's check after the decision was taken, or a mistyped year"),
    _k(Code.DECISION_CONFLICT, "warning", "row", "Two decisions on one thing on the same day",
       "Quyết định “{value}” ở ô {cell} và quyết định “{other_kind}” ở ô {other} cùng ngày cho cùng một dòng (hoặc "
       "phần việc); quyết định ghi sau được áp dụng. Hãy xóa quyết định không đúng.",
       "Decision '{value}' in {cell} and '{other_kind}' in {other} are about the same thing on the same day; the later "
       "line is applied.",
       "two officers deciding the same row on the same day"),
    _k(Code.DECISION_TAB_UNTRUSTED, "error", "sheet", "Review tab not the province's",
       "Trang “{sheet}” của bảng tính không phải trang Duyệt do công cụ tạo và chỉ cán bộ của {speaker} được sửa "
       "({why}); không quyết định nào trong trang này được đọc. Hãy ghi quyết định vào trang Duyệt do "
       "`tracker provision` tạo, và xóa trang “{sheet}”.",
       "Sheet '{sheet}' is not the review tab the tool provisioned and protected for the province's staff ({why_en}); "
       "no decision is read from it.",
       "a unit adds a (hidden) 'Duyệt' tab to the shared spreadsheet and approves its own rows"),
    _k(Code.DECISION_TAB_IN_SOURCE, "error", "sheet", "Review tab in the units' own source, not read",
       "Trang tính “{sheet}” nằm trong dữ liệu của các đơn vị và có tên như trang Duyệt, nhưng không được đọc: các "
       "đơn vị sửa được dữ liệu này, nên quyết định của {speaker} chỉ được đọc từ tệp Duyệt do {speaker} giữ hoặc từ "
       "trang Duyệt đã được bảo vệ trên Google Sheets. Hãy kiểm tra ai đã tạo trang này.",
       "Sheet '{sheet}' of the units' source is named like a review tab and is not read: units can write the source, "
       "so decisions are read only from the province's reviews file or the protected review tab on Google Sheets.",
       "a 'Duyệt' tab (even hidden) added to a workbook the units write, or Duyệt.csv dropped into the CSV folder"),
    _k(Code.DECISION_WHO_NOT_STAFF, "error", "row", "Decided by someone not on the staff list",
       "Ô {cell}: “{value}” không có trong danh sách cán bộ của {speaker} được ghi quyết định (province.staff trong "
       "tệp định nghĩa); quyết định chưa được áp dụng.",
       "Cell {cell}: '{value}' is not on the tracker's staff list (province.staff, province.staff_emails); the "
       "decision is not applied.",
       "a name or address that is not one of the office's staff"),
    _k(Code.DECISION_UNIT_MISSING, "error", "row", "Decision without a unit",
       "Chưa ghi đơn vị ở ô {cell}; quyết định chưa được áp dụng.",
       "No unit in {cell}; the decision is not applied.",
       "a line whose 'Đơn vị' cell was left empty"),
    _k(Code.DECISION_TOO_MANY_LINES, "error", "sheet", "Review sheet too long",
       "Trang “{sheet}” có {value} dòng quyết định, quá giới hạn {max_lines} dòng; không quyết định nào trong trang "
       "được áp dụng. Hãy chuyển các quyết định cũ sang một tệp khác.",
       "Review sheet '{sheet}' holds {value} decision lines, beyond the limit of {max_lines}; none of them is applied.",
       "a reviews file that a script filled with the same line hundreds of thousands of times"),
    # --- the office's week (tracker.office): for the office's staff; `error` leaves something out of the week
    _k(Code.OFFICE_TRACKER_FAILED, "error", "office", "Directive not checked this week",
       "Không kiểm tra được văn bản “{title}” tuần này: {reason}. Không đơn vị nào bị nhắc theo văn bản này cho "
       "đến khi kiểm tra lại được.",
       "Directive '{tracker}' could not be checked this week: {reason_en}. None of its units is reminded of it.",
       "the spreadsheet was unshared, or Google answered 500 for minutes"),
    _k(Code.OFFICE_SOURCE_SHRUNK, "error", "office", "Source with far fewer units' sheets than last time",
       "Nguồn dữ liệu của văn bản “{title}” chỉ có {found}/{units} trang tính của đơn vị, lần kiểm tra trước có "
       "{before}: có thể đã chọn nhầm tệp hoặc trang tính đã bị xóa. Tuần này không lưu lần kiểm tra và không "
       "nhắc đơn vị nào theo văn bản này.",
       "The source of '{tracker}' has {found}/{units} units' sheets, {before} at the last check: the wrong file, or "
       "tabs deleted? Not stored, and none of its units is reminded.",
       "last week's workbook given instead of this directive's, or the tabs of one spreadsheet deleted"),
    _k(Code.OFFICE_UNIT_AMBIGUOUS, "error", "office", "Units of several directives that cannot be told apart",
       "Không xác định được đơn vị: {units} được nối với nhau qua {via} nhưng {why}. Mỗi đơn vị vẫn nhận thư riêng "
       "cho từng văn bản cho đến khi sửa mã đơn vị, địa chỉ thư điện tử hoặc mục same_units trong office.yaml.",
       "Cannot tell units apart: {units} are linked by {via_en} but {why_en}. Each gets its own message per "
       "directive until a code, an address or same_units in office.yaml settles it.",
       "two communes of one directive sharing one address; one address given to units with different codes"),
    _k(Code.OFFICE_UNIT_SAME_NAME, "warning", "office", "Same name, not linked",
       "“{name}” có trong nhiều văn bản ({units}) nhưng không được coi là một đơn vị ({why}). Nếu là một đơn "
       "vị, hãy ghi cùng mã, cùng địa chỉ thư hoặc thêm vào same_units trong office.yaml.",
       "'{name}' is in several directives ({units}) but not taken as one unit ({why_en}): give the same code or "
       "address, or list them in same_units of office.yaml.",
       "a department with a different mailbox in each directive"),
    _k(Code.OFFICE_UNIT_NAMES_DIFFER, "warning", "office", "One unit, different names in different directives",
       "Các văn bản coi là một đơn vị ({via}) những đơn vị mang tên khác nhau: {names}. Thư gửi đơn vị này gộp mục "
       "của các văn bản đó; nếu thật ra là hai đơn vị (ghi nhầm mã hoặc địa chỉ thư), hãy sửa ở văn bản ghi sai.",
       "Units taken as one ({via_en}) have different names: {names}. Their directives' sections go in one message; if "
       "they are two units (a mistyped code or address), correct the directive that has it wrong.",
       "a commune's registry code typed for its neighbour in one directive"),
    _k(Code.OFFICE_UNIT_UNKNOWN, "warning", "office", "same_units names a unit no active directive has",
       "Mục same_units trong office.yaml nhắc đến “{ref}”, không có trong các văn bản đang theo dõi.",
       "same_units in office.yaml names '{ref}', which no active directive has.",
       "a unit id mistyped, or its directive archived"),
)

BY_CODE: dict[str, ProblemKind] = {k.code: k for k in KINDS}


def origin_of(code: str) -> Origin:
    """`intake`, `review` or `office` (ProblemKind.origin); a code no longer in the catalogue (an old file's) is
    the units' data's."""
    kind = BY_CODE.get(code)
    return kind.origin if kind else "intake"


@dataclass(frozen=True)
class Problem:
    """One problem found in the data, located down to the cell where it has one."""

    code: str
    severity: Severity
    message: str
    message_en: str
    unit: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str = ""
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def cell(self) -> str | None:
        if self.column and self.row:
            return f"{self.column}{self.row}"
        return None

    @property
    def origin(self) -> Origin:
        """Where the problem comes from: the catalogue's word for its code (origin_of)."""
        return origin_of(self.code)

    @property
    def blocking(self) -> bool:
        """To fix before the row (or the sheet) counts: an error, unless it asks nothing of the unit (a totals
        row is simply not an activity). Everything else is advice: the row counts as it stands."""
        return self.severity == "error" and self.code not in NOTHING_TO_FIX

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "blocking": self.blocking,
            "unit": self.unit,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "cell": self.cell,
            "value": self.value,
            "message": self.message,
            "message_en": self.message_en,
        }


class _Defaulting(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


NOTHING_TO_FIX: frozenset[str] = frozenset({Code.TOTALS_ROW})
"""Errors that keep a row out of the count yet ask the unit to change nothing."""


def make(
    code: Code,
    *,
    unit: str | None = None,
    sheet: str | None = None,
    row: int | None = None,
    column: str | None = None,
    value: Any = "",
    **params: Any,
) -> Problem:
    """Build a problem from the catalogue; unknown codes are a programming error (KeyError)."""
    kind = BY_CODE[code]
    shown = _short(value)
    cell = f"{column}{row}" if column and row else ""
    # What the cell holds now, as the evidence messages say it: a blank cell is said to be empty, not quoted as “”.
    now, now_en = (f"hiện là “{shown}”", f"found '{shown}'") if shown else ("ô này đang để trống", "the cell is empty")
    fill = _Defaulting(sheet=sheet or "", cell=cell, value=shown, now=now, now_en=now_en, **params)
    return Problem(
        code=code,
        severity=kind.severity,
        message=kind.vi.format_map(fill),
        message_en=kind.en.format_map(fill),
        unit=unit,
        sheet=sheet,
        row=row,
        column=column,
        value=shown,
        params=dict(params),
    )


class Reason(StrEnum):
    """Every reason evaluation gives for a part not done, as a name the type checker sees."""

    NOT_APPLICABLE = "part-not-applicable"
    COUNT_NONE = "count-none"
    COUNT_SHORT = "count-short"
    OF_WHICH_SHORT = "of-which-short"
    SUM_SHORT = "sum-short"
    AUDIENCES_MISSED = "audiences-missed"
    EVIDENCE_NONE = "evidence-none"
    EVIDENCE_SHORT = "evidence-short"
    MONTH_MISSED = "month-missed"
    PERIOD_MISSING = "period-missing"
    PERIOD_LATE = "period-late"
    PERIOD_NEXT = "period-next"
    EXCUSED = "part-excused"


@dataclass(frozen=True)
class Phrase:
    """Words in both languages: a template, or a placeholder's value whose words differ by language."""

    vi: str
    en: str

    def __add__(self, other: Phrase) -> Phrase:
        return Phrase(self.vi + other.vi, self.en + other.en)

    def format(self, **params: Any) -> Phrase:
        """Both templates filled; a Phrase among the params gives each language its own words."""
        return Phrase(self.vi.format_map(_words(params, "vi")), self.en.format_map(_words(params, "en")))


def _words(params: dict[str, Any], language: str) -> dict[str, Any]:
    return {k: getattr(v, language) if isinstance(v, Phrase) else v for k, v in params.items()}


NOTHING = Phrase("", "")


@dataclass(frozen=True)
class ReasonKind:
    code: Reason
    title: str
    text: Phrase


def _r(code: Reason, title: str, vi: str, en: str) -> ReasonKind:
    return ReasonKind(code, title, Phrase(vi, en))


# {filter} and {window} are pieces below (empty when the rule names no tag, form, audience or window);
# {period} and {deadline} are the reporting period and its deadline as tracker.periods words them.
REASONS: tuple[ReasonKind, ...] = (
    _r(Reason.NOT_APPLICABLE, "The part does not bind this unit",
       "Phần việc này không áp dụng cho {unit_term}.",
       "This part does not apply to this unit."),
    _r(Reason.COUNT_NONE, "No activity yet",
       "Chưa có hoạt động nào{filter}{window}.",
       "No activity{filter}{window} yet."),
    _r(Reason.COUNT_SHORT, "Fewer activities than asked",
       "Mới có {have}/{need} hoạt động{filter}{window}.",
       "Only {have}/{need} activities{filter}{window}."),
    _r(Reason.OF_WHICH_SHORT, "Too few of the activities that must be among them",
       "Trong đó mới có {have}/{need} hoạt động{filter}.",
       "Of these, only {have}/{need} activities{filter}."),
    _r(Reason.SUM_SHORT, "A column's total below its target",
       "Mới đạt {total}/{target}{percent} theo cột “{column}”{filter}{window}.",
       "Only {total}/{target}{percent} in column '{column}'{filter}{window}."),
    _r(Reason.AUDIENCES_MISSED, "Audience groups not reached",
       "Chưa có hoạt động{filter} hướng tới: {groups}.",
       "No activity{filter} reaches: {groups}."),
    _r(Reason.EVIDENCE_NONE, "No activity with its evidence",
       "Chưa có hoạt động{filter} kèm {proof}.",
       "No activity{filter} with {proof} yet."),
    _r(Reason.EVIDENCE_SHORT, "Fewer activities with evidence than asked",
       "Mới có {have}/{need} hoạt động{filter} kèm {proof}.",
       "Only {have}/{need} activities{filter} with {proof}."),
    _r(Reason.MONTH_MISSED, "A past month without activity",
       "Không có hoạt động nào{filter} trong tháng {month}/{year} (hạn {due}).",
       "No activity{filter} in {month}/{year} (due {due})."),
    _r(Reason.PERIOD_MISSING, "A recurring report missing",
       "Chưa có báo cáo {period}, hạn {deadline}.",
       "No report for {period}, due {deadline}."),
    _r(Reason.PERIOD_LATE, "A recurring report sent late",
       "Báo cáo {period} nộp muộn (ngày {done_on}, hạn {due}).",
       "The report for {period} came late ({done_on}, due {due})."),
    _r(Reason.PERIOD_NEXT, "The next period due (a period not yet due is never listed as missing)",
       "Kỳ tới: {period}, hạn {deadline}.",
       "Next: {period}, due {deadline}."),
    _r(Reason.EXCUSED, "Excused by the province (a decision, docs/reviews.md)",
       "Được miễn: {reason}",
       "Excused by the province: {reason}"),
)

REASON_BY_CODE: dict[str, ReasonKind] = {k.code: k for k in REASONS}

# The pieces some placeholders are made of; tracker words (tags, forms, column headings) fill them.
PIECES: dict[str, Phrase] = {
    "tags": Phrase(" thuộc nhiệm vụ {tags}", " of task {tags}"),
    "forms": Phrase(" hình thức {forms}", " in the form {forms}"),
    "audiences": Phrase(" hướng tới {audiences}", " for {audiences}"),
    "window": Phrase(" được ghi ngày từ {start} đến {end}", " dated from {start} to {end}"),
    "proof-link": Phrase("link minh chứng", "an evidence link"),
    "proof-document": Phrase("số, ký hiệu văn bản ở cột “{column}”", "a document number in column '{column}'"),
    "proof-either": Phrase("link minh chứng hoặc {document}", "an evidence link or {document}"),
}


def filter_phrase(tags: Sequence[str] = (), forms: Sequence[str] = (), audiences: Sequence[str] = ()) -> Phrase:
    """' thuộc nhiệm vụ 2a hoặc 3, hình thức “Hội nghị” hoặc “Tọa đàm”': what a rule counts, in both languages.

    A rule counts an activity of any of its tags, forms and audiences: the last of several is joined by 'hoặc', and
    a comma closes the tags before a form ('nhiệm vụ 2a, 2b, 3 hình thức …' read as 'task 2a, 2b and 3 forms')."""
    out = NOTHING
    if tags:
        out += PIECES["tags"].format(tags=_either(list(tags)))
        if forms or audiences:
            out += Phrase(",", ",")
    if forms:
        out += PIECES["forms"].format(forms=_either([f"“{v}”" for v in forms], "'"))
    if audiences:
        out += PIECES["audiences"].format(audiences=_either([f"“{v}”" for v in audiences], "'"))
    return out


def _either(values: list[str], quote: str = "") -> Phrase:
    """'a, b hoặc c' / 'a, b or c'; English quotes values with `quote` in place of the Vietnamese “ ”."""
    english = [v.replace("“", quote).replace("”", quote) for v in values] if quote else values
    return Phrase(series(values, "hoặc"), series(english, "or"))


def window_phrase(start: date, end: date) -> Phrase:
    return PIECES["window"].format(start=f"{start:%d/%m/%Y}", end=f"{end:%d/%m/%Y}")


def proof_phrase(evidence: Literal["link", "document", "link_or_document"], column: str | None) -> Phrase:
    """The evidence a rule asks for; `column` heads the document-number column, where there is one."""
    document = PIECES["proof-document"].format(column=column) if column else NOTHING
    if evidence == "link":
        return PIECES["proof-link"]
    if evidence == "document":
        return document
    return PIECES["proof-either"].format(document=document)


@dataclass(frozen=True)
class Explanation:
    """One reason given for one part of one unit: its code, and its text in both languages."""

    code: Reason
    vi: str
    en: str
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __str__(self) -> str:
        return self.vi


def explain(code: Reason, **params: Any) -> Explanation:
    """A reason from the catalogue; a placeholder without its param is a programming error (KeyError)."""
    text = REASON_BY_CODE[code].text.format(**params)
    return Explanation(code, text.vi, text.en, params)


_CONTROL = re.compile("[\x00-\x1f\x7f\ufffe\uffff]")


def _short(value: Any, limit: int = 80) -> str:
    # The value is shown in reports, e-mails and workbooks: no control character may reach them.
    text = "" if value is None else str(value)
    text = _CONTROL.sub(" ", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def catalogue_markdown() -> str:
    """docs/problems.md, generated; edit the catalogue above, then run `tracker docs problems`."""
    lines = [
        "# Problem catalogue",
        "",
        "<!-- Generated from src/tracker/problems.py by `tracker docs problems`; do not edit by hand. -->",
        "",
        f"The catalogue holds **{len(KINDS)} kinds** of problem. Codes are stable: scripts may rely on them.",
        "`error` means the row is not counted (or, for a sheet-level problem, the sheet's rows cannot be);",
        "`warning` means the row is counted and the district should still look. Every `error` but `totals-row`",
        "is one the unit must fix (`blocking` in findings.json, \"Cần sửa\" in the reports and e-mails); the",
        "rest is advice (\"Lưu ý\"): the row counts, or asks nothing of the unit. Every row-level problem",
        "carries the sheet, the row number, the column letter, the A1 cell and the offending value.",
        "Codes `row-rejected`, `row-on-hold` and `decision-*` come from the province's decisions",
        "(docs/reviews.md): on a `decision-*` line, `error` means the decision is not applied.",
        "Codes `office-*` come from the office's week across its directives (docs/portfolio.md), for the",
        "office's staff: `error` means a directive, or the merging of a unit's messages, is left out of the week.",
        "The reasons evaluation gives for a part not done are [below](#reasons).",
        "",
        "| code | severity | scope | what | name in the reports | example |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for k in KINDS:
        lines.append(f"| `{k.code}` | {k.severity} | {k.scope} | {k.title} | {TITLES_VI[k.code]} | {k.example} |")
    lines += ["", "## Messages", ""]
    for k in KINDS:
        reader = "the province's staff" if k.code.startswith(("decision-", "office-")) else "the unit"
        lines += [f"### `{k.code}`", "", f"- Vietnamese (to {reader}): {k.vi}", f"- English (logs): {k.en}", ""]
    lines += [
        "## Reasons",
        "",
        f"Evaluation gives **{len(REASONS)} reasons** why a unit's part is not done yet (or, for a recurring",
        "part, which report comes next). Each unit reads them in its reminder, its page and the reports;",
        "findings.json carries them as `reasons` (Vietnamese), `reasons_en` and `reason_codes`. Codes are",
        "stable. Words in braces are filled from the tracker and the data: `{filter}` and `{window}` from",
        "the pieces below (empty when the rule names no tag, form, audience or window); `{period}` and",
        "`{deadline}` name a recurring part's period and its deadline ('Tuần 3 (…)', '17:00 thứ Năm …';",
        "in English 'Week 3 (…)', '17:00 Thursday …').",
        "",
        "| code | when |",
        "| --- | --- |",
    ]
    lines += [f"| `{k.code}` | {k.title} |" for k in REASONS]
    lines.append("")
    for r in REASONS:
        lines += [f"### `{r.code}`", "", f"- Vietnamese (to the unit): {r.text.vi}", f"- English: {r.text.en}", ""]
    lines += ["### Pieces", "", "| piece | Vietnamese | English |", "| --- | --- | --- |"]
    lines += [f"| `{name}` | `{piece.vi}` | `{piece.en}` |" for name, piece in PIECES.items()]
    return "\n".join(lines)
