"""Reports of a check: Excel (report.xlsx), HTML (report.html) and JSON (findings.json, in check.py).

Labels and colours live here so that every report, the notebook and the emails show a status alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tracker.evaluate import STATUS_VI, PartStatus
from tracker.periods import due_words
from tracker.problems import Problem

STATUS_COLOURS: dict[str, tuple[str, str]] = {
    # status: (fill, text) — hex without '#'
    "done_on_time": ("C6EFCE", "006100"),
    "done_late": ("BDD7EE", "1F4E79"),
    "in_progress": ("FFEB9C", "7F6000"),
    "overdue": ("FFC7CE", "9C0006"),
    "not_applicable": ("EDEDED", "595959"),
}
STATUS_SHORT: dict[str, str] = {
    "done_on_time": "Đúng hạn",
    "done_late": "Hoàn thành muộn",
    "in_progress": "Đang thực hiện",
    "overdue": "Quá hạn",
    "not_applicable": "Không áp dụng",
}
SEVERITY_VI = {"error": "Lỗi (không tính)", "warning": "Cảnh báo (không bắt buộc sửa)"}


DECIDED_MARK = " (*)"
"""After a status a decision of the province changed; the legend and the part's lines say which decision."""


def part_label(part: PartStatus, marked: bool = True) -> str:
    """Short cell text: 'Quá hạn 12 ngày', 'Đúng hạn 28/07', 'Đang thực hiện 320/500 (64%)'; ' (*)' when decided
    (`marked`: a table with the legend; a message spells the decision out instead)."""
    mark = DECIDED_MARK if part.decided and marked else ""
    if part.status == "overdue":
        working = f" ({part.working_days_overdue} ngày làm việc)" if part.working_days_overdue is not None else ""
        return f"Quá hạn {part.days_overdue} ngày{working}{progress(part)}{mark}"
    if part.done_on:
        return f"{STATUS_SHORT[part.status]} {part.done_on:%d/%m}{mark}"
    return STATUS_SHORT[part.status] + progress(part) + mark


def explained(part: PartStatus) -> list[str]:
    """What a person reads about a part: the reasons, then the province's decisions that changed it."""
    return [*part.reasons, *(f"{d[:1].upper()}{d[1:]}." for d in part.decided)]


def decided_legend(speaker: str) -> str:
    return f"{DECIDED_MARK.strip()} Trạng thái theo quyết định của {speaker} (xem phần Quyết định)."


def progress(part: PartStatus) -> str:
    """' · đạt 320/500 (64%)' where a part asks for more than one of something and is not yet done; else ''.
    A fact of its own, set apart from the status ('Quá hạn 19 ngày · đạt 0/11 (0%)'), never run into it."""
    if part.need is None or part.need <= 1 or part.status in ("done_on_time", "done_late", "not_applicable"):
        return ""
    return f" · đạt {part.have}/{part.need} ({part.percent}%)"


def due_label(part: PartStatus) -> str:
    """'hạn 31/07/2026', or for a part judged period by period 'tháng 7/2026, hạn 31/07/2026'."""
    return due_words(part.due, part.period)


def to_fix(problems: Iterable[Problem]) -> list[Problem]:
    """The problems a unit must fix before the row counts (tracker.problems.Problem.blocking); a problem on a
    row the province accepted keeps nothing out and is not among them."""
    return [p for p in problems if p.blocking]


def advisory(problems: Iterable[Problem]) -> list[Problem]:
    """The rest: the row counts as it stands; worth correcting, never required."""
    return [p for p in problems if not p.blocking]


__all__ = ["DECIDED_MARK", "SEVERITY_VI", "STATUS_COLOURS", "STATUS_SHORT", "STATUS_VI", "advisory", "decided_legend",
           "due_label", "explained", "local_time", "part_label", "progress", "to_fix"]


def local_time(moment: datetime, zone: str) -> str:
    """'05/12/2026 14:05 (UTC+07:00)': a moment as the office reads its clock (the tracker's rhythm.timezone)."""
    try:
        local = moment.astimezone(ZoneInfo(zone))
    except (ZoneInfoNotFoundError, ValueError):  # a system without the tz database: Vietnam's own offset
        local = moment.astimezone(timezone(timedelta(hours=7)))
    offset = local.strftime("%z")
    return f"{local:%d/%m/%Y %H:%M} (UTC{offset[:3]}:{offset[3:]})"
