"""The officer's decisions -> the review tab of the spreadsheet, or a reviews file; checked before writing.

The notebook's review cell and any script call `decide`. Every decision is checked against the check
the officer looked at: the unit exists, a row decision's row holds something (its content digest is
written with the line, so the decision stays tied to what the officer saw), a part decision names a
part, a rejection or an excuse gives its reason. One bad decision stops the whole batch before
anything is written: a half-written batch would be harder to put right than none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tracker.errors import DecisionError, OutputError
from tracker.files.atomic import locked, os_reason_vi
from tracker.result import CheckResult
from tracker.review.decisions import (
    COLUMNS,
    KIND_VI,
    REASON_REQUIRED,
    ROW_KINDS,
    WHOLE_PART,
    StaffNames,
    kind_of,
    part_id,
    unit_finder,
)
from tracker.review.files import append_to_csv, append_to_workbook, units_tabs
from tracker.rowid import row_digest
from tracker.text import clean

FILE_SUFFIXES = (".xlsx", ".xlsm", ".csv")


@dataclass(frozen=True)
class NewDecision:
    """What an officer decides, before it is written."""

    unit: str
    """The unit's id, tab name or name."""
    decision: str
    """'Chấp nhận', 'Không chấp nhận', 'Chờ làm rõ' (a row) or 'Miễn', 'Hoàn thành' (a whole part)."""
    reason: str = ""
    who: str = ""
    row: int | None = None
    part: str | None = None
    day: date | None = None
    evidence: str = ""
    decided_on: date | None = None


def review_line(result: CheckResult, d: NewDecision, today: date | None = None) -> list[str]:
    """The decision as a line of the review tab, in COLUMNS order; ValueError (Vietnamese) when it cannot stand."""
    tracker = result.tracker
    unit_id = unit_finder(tracker).find(d.unit)
    if unit_id is None:
        raise ValueError(f"không có đơn vị “{d.unit}”")
    unit = tracker.unit(unit_id)
    kind = kind_of(d.decision)
    if kind is None:
        raise ValueError(f"“{d.decision}” không phải là một quyết định; hãy chọn "
                         + ", ".join(f"“{v}”" for v in KIND_VI.values()))
    digest = ""
    part = part_id(tracker, d.part) if d.part else None
    if d.part and part is None:
        raise ValueError(f"không có phần việc “{d.part}”")
    if kind in ROW_KINDS:
        if d.row is None:
            raise ValueError(f"quyết định “{KIND_VI[kind]}” cần số dòng")
        raw = next((r for r in result.intake.raw_rows if r.unit == unit_id and r.row == d.row), None)
        if raw is None:
            raise ValueError(f"dòng {d.row} của {unit.name} trống hoặc không có trong lần kiểm tra này")
        digest = row_digest(raw.values)
    elif d.row is not None or part is None:
        raise ValueError(f"quyết định “{KIND_VI[kind]}” áp dụng cho cả phần việc: cần mã phần việc, không ghi dòng")
    if kind in REASON_REQUIRED and not d.reason.strip():
        raise ValueError(f"quyết định “{KIND_VI[kind]}” cần ghi lý do: đơn vị sẽ đọc lý do này")
    if not d.who.strip():
        raise ValueError("cần ghi người quyết định")
    if not StaffNames(tracker).knows(d.who.strip()):
        raise ValueError(f"“{d.who.strip()}” không có trong danh sách cán bộ của {tracker.province.speaker} được ghi "
                         "quyết định (province.staff trong tệp định nghĩa)")
    decided_on = d.decided_on or today or date.today()
    values = {"unit": unit.name, "row": str(d.row) if d.row is not None else WHOLE_PART, "part": part or "",
              "decision": KIND_VI[kind], "reason": clean(d.reason), "day": f"{d.day:%d/%m/%Y}" if d.day else "",
              "evidence": clean(d.evidence), "who": clean(d.who), "decided_on": f"{decided_on:%d/%m/%Y}",
              "digest": digest}
    return [values[c.key] for c in COLUMNS]


def describe(line: Sequence[str]) -> str:
    """One Vietnamese sentence of what a line records: 'Không chấp nhận — Xã A, dòng 12: link không đúng nội dung'."""
    v = dict(zip((c.key for c in COLUMNS), line, strict=True))
    where = f"dòng {v['row']}" if v["row"] != WHOLE_PART else f"phần việc {v['part']}"
    return f"{v['decision']} — {v['unit']}, {where}" + (f": {v['reason']}" if v["reason"] else "")


def decide(result: CheckResult, decisions: Sequence[NewDecision], to: str | Path | None = None, *,
           reviews_file: Path | None = None, credentials: str | None = None, today: date | None = None) -> list[str]:
    """Append the decisions to the review tab of a Google spreadsheet (`to` = its link or key), to a
    reviews .xlsx/.csv (`to` = a path), or else to `reviews_file` (the workspace's, which every later
    check reads). Returns one Vietnamese line per decision written. Raises DecisionError naming every
    bad decision before anything is written."""
    lines: list[list[str]] = []
    errors: list[str] = []
    for i, d in enumerate(decisions, 1):
        try:
            lines.append(review_line(result, d, today))
        except ValueError as exc:
            errors.append(f"Quyết định {i} ({d.unit}): {exc}.")
    if errors:
        raise DecisionError(errors)
    if not lines:
        return []
    target = to if to is not None else reviews_file
    if target is None:
        raise DecisionError(["Chưa có nơi ghi quyết định: hãy cho biết bảng tính Google hoặc tệp Duyệt (.xlsx/.csv)."])
    if isinstance(target, Path) or Path(str(target)).suffix.lower() in FILE_SUFFIXES:
        _to_file(result, Path(target), lines)
    else:
        from tracker.sheets_write import append_review

        append_review(result.tracker, str(target), lines, credentials=credentials)
    return [describe(line) for line in lines]


def _to_file(result: CheckResult, path: Path, lines: list[list[str]]) -> None:
    """Append under the file's lock, replacing it whole: two officers at once both keep their lines, and a
    check reading meanwhile sees the file before or after, never half of it."""
    suffix = path.suffix.lower()
    if suffix not in FILE_SUFFIXES:
        raise OutputError(f"{path}: a reviews file must be .xlsx or .csv",
                          vi=f"“{path}”: tệp quyết định của tỉnh phải là tệp .xlsx hoặc .csv")
    try:
        with locked(path):
            if suffix == ".csv":
                append_to_csv(path, lines)
                return
            if path.exists():
                _refuse_units_workbook(result, path)
            append_to_workbook(result.tracker, path, lines)
    except OSError as exc:
        raise OutputError(f"cannot write the decisions to {path}: {exc.strerror or exc}",
                          vi=f"không ghi được quyết định vào “{path}”: {os_reason_vi(exc)}") from exc


def _refuse_units_workbook(result: CheckResult, path: Path) -> None:
    """Units can write their own workbook: a decision kept there would be theirs to forge, so it is never read
    (docs/reviews.md) and never written there."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise OutputError(f"cannot read the reviews file {path}: {exc}") from exc
    try:
        tabs = units_tabs(result.tracker, wb.sheetnames)
    finally:
        wb.close()
    if tabs:
        raise DecisionError([f"Tệp {path.name} là sổ nhập liệu của các đơn vị (có trang “{tabs[0]}”): các đơn vị sửa "
                             "được tệp này nên quyết định ghi ở đây không bao giờ được đọc. Hãy ghi vào tệp Duyệt riêng "
                             "của Sở (tệp Duyệt của không gian làm việc, hoặc một tệp .xlsx/.csv đưa cho --reviews)."])
