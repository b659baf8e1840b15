"""Reporting periods of recurring parts: the days, weeks, months, quarters, half-years or years a part falls
due in, and which one a row reports.

Pure and shared by intake (to tell a unit its period cell names no period) and evaluation (to judge
each period on its own due date). Weeks run Monday to Sunday; months, quarters, half-years and years are
the calendar's; a row
belongs to the period its unit wrote in the period column, else to the period its date falls in (the
period before, when the part falls due in the period after the one reported on).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from tracker.definition import MONTHS_PER_PERIOD, WEEKDAYS, MonthlyRule, Part, Recurrence, Tracker
from tracker.parse import parse_day
from tracker.text import clean, fold, lower_first

WEEKDAY_VI = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


@dataclass(frozen=True)
class ReportPeriod:
    index: int
    """1-based, as units count them: "Tuần 1" is the first period of the schedule."""
    start: date
    end: date
    due: date
    label: str
    label_en: str
    """The label in English, for the English twin of a reason: "Week 1 (...)", "Month 7/2026"."""


@dataclass(frozen=True)
class PeriodRef:
    """What a unit wrote in a period cell, parsed: a period number, a month, or a day inside the period."""

    number: int | None = None
    month: int | None = None
    year: int | None = None
    day: date | None = None


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    month0 = month - 1 + n
    return year + month0 // 12, month0 % 12 + 1


@lru_cache(maxsize=256)
def periods(r: Recurrence) -> tuple[ReportPeriod, ...]:
    if r.every == "week":
        return _weeks(r)
    if r.every == "day":
        return _days(r)
    out: list[ReportPeriod] = []
    size = MONTHS_PER_PERIOD[r.every]
    year, month = r.first.year, (r.first.month - 1) // size * size + 1
    while date(year, month, 1) <= r.last:
        end_year, end_month = _add_months(year, month, size - 1)
        end = date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])
        # The due day falls in the period's `month` (its last by default), or in the next period's.
        within = (r.month or 1) if r.due_next_period else (r.month or size)
        due_year, due_month = _add_months(year, month, (size if r.due_next_period else 0) + within - 1)
        last_day = calendar.monthrange(due_year, due_month)[1]
        due = date(due_year, due_month, min(r.day or last_day, last_day))
        label, label_en = _labels(r.every, year, month)
        out.append(ReportPeriod(len(out) + 1, date(year, month, 1), end, due, label, label_en))
        year, month = _add_months(year, month, size)
    return tuple(out)


def _labels(every: str, year: int, month: int) -> tuple[str, str]:
    if every == "quarter":
        q = (month - 1) // 3 + 1
        return f"Quý {q}/{year}", f"Quarter {q}/{year}"
    if every == "half-year":
        first = month <= 6
        return (f"6 tháng {'đầu' if first else 'cuối'} năm {year}",
                f"{'First' if first else 'Second'} half of {year}")
    if every == "year":
        return f"Năm {year}", f"Year {year}"
    return f"Tháng {month}/{year}", f"Month {month}/{year}"


def _weeks(r: Recurrence) -> tuple[ReportPeriod, ...]:
    out: list[ReportPeriod] = []
    start = r.first - timedelta(days=r.first.weekday())
    offset = WEEKDAYS.index(r.weekday or "friday") + (7 if r.due_next_period else 0)
    while start <= r.last:
        end = start + timedelta(days=6)
        span = f"({start:%d/%m}–{end:%d/%m/%Y})"
        out.append(ReportPeriod(len(out) + 1, start, end, start + timedelta(days=offset),
                                f"Tuần {len(out) + 1} {span}", f"Week {len(out) + 1} {span}"))
        start += timedelta(days=7)
    return tuple(out)


def _days(r: Recurrence) -> tuple[ReportPeriod, ...]:
    out: list[ReportPeriod] = []
    day = r.first
    while day <= r.last and len(out) < 3660:  # ten years of days: a schedule, not a loop without end
        due = day + timedelta(days=1) if r.due_next_period else day
        out.append(ReportPeriod(len(out) + 1, day, day, due, f"Ngày {day:%d/%m/%Y}", f"Day {day:%d/%m/%Y}"))
        day += timedelta(days=1)
    return tuple(out)


def due_phrase(r: Recurrence, p: ReportPeriod) -> str:
    """'17:00 thứ Năm 18/06/2026' — the moment a unit reads as its deadline."""
    return f"{r.time} {WEEKDAY_VI[p.due.weekday()]} {p.due:%d/%m/%Y}"


def due_phrase_en(r: Recurrence, p: ReportPeriod) -> str:
    """'17:00 Thursday 18/06/2026': due_phrase in English."""
    return f"{r.time} {WEEKDAYS[p.due.weekday()].capitalize()} {p.due:%d/%m/%Y}"


def period_of_day(r: Recurrence, day: date) -> ReportPeriod | None:
    for p in periods(r):
        if p.start <= day <= p.end:
            if not r.due_next_period:
                return p
            previous = [q for q in periods(r) if q.index == p.index - 1]
            return previous[0] if previous else None
    return None


def resolve(r: Recurrence, ref: PeriodRef) -> ReportPeriod | None:
    """The period a parsed cell names under a schedule, or None when it names none of its periods."""
    all_periods = periods(r)
    if ref.day is not None:
        return next((p for p in all_periods if p.start <= ref.day <= p.end), None)
    if ref.month is not None:
        for p in all_periods:
            months = {(p.start.year, p.start.month), (p.end.year, p.end.month)}
            if r.every == "month" and p.start.month == ref.month and ref.year in (None, p.start.year):
                return p
            if r.every in ("quarter", "half-year", "year") and p.start.month <= ref.month <= p.end.month \
                    and ref.year in (None, p.start.year):
                return p
            if r.every == "week" and ref.number is not None and (ref.year, ref.month) in months | {
                    (None, p.start.month)} and _week_of_month(p) == ref.number:
                return p
        return None
    if ref.number is not None and 1 <= ref.number <= len(all_periods):
        return all_periods[ref.number - 1]
    return None


def _week_of_month(p: ReportPeriod) -> int:
    # "Tuần 2 tháng 6": the second week that starts in June.
    return (p.start.day - 1) // 7 + 1


_NUMBERED = re.compile(r"^(?:tuan|ky|lan|dot|t|w)\s*(?:thu\s*)?(\d{1,2})\b(?:.*?\bthang\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?)?")
_MONTH = re.compile(r"^(?:thang|t)\s*(\d{1,2})(?:\s*(?:[/.-]|nam)\s*(\d{4}))?$")
_MONTH_NUM = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{4})$")
_BARE = re.compile(r"^(\d{1,2})$")


_QUARTER = re.compile(r"^(?:quy|q)\s*(iv|i{1,3}|[1-4])(?:\s*(?:[/.-]|nam)\s*(\d{4}))?$")
_HALF = re.compile(r"^(?:0?6\s*thang|nua\s*nam)\s*(dau|cuoi)(?:\s*nam)?(?:\s*(\d{4}))?$")
_YEAR = re.compile(r"^nam\s*(\d{4})$")


def _calendar_period(text: str) -> PeriodRef | None:
    """'Quý II/2026', '6 tháng đầu năm 2026', 'Năm 2026': named by a month inside them (the last)."""
    m = _QUARTER.match(text)
    if m:
        q = {"i": 1, "ii": 2, "iii": 3, "iv": 4}.get(m.group(1)) or int(m.group(1))
        return PeriodRef(month=3 * q, year=int(m.group(2)) if m.group(2) else None)
    m = _HALF.match(text)
    if m:
        return PeriodRef(month=6 if m.group(1) == "dau" else 12, year=int(m.group(2)) if m.group(2) else None)
    m = _YEAR.match(text)
    return PeriodRef(month=12, year=int(m.group(1))) if m else None


def parse_period(raw: str, every: str | None = None) -> PeriodRef | None:
    """'Tuần 2', 'tuần 02 (8-14/6)', 'Kỳ 3', 'T3', 'Tháng 7/2026', 'tháng 7', '07/2026', '3', or a date;
    for a quarterly, half-yearly or yearly schedule also 'Quý II/2026', '6 tháng đầu năm 2026', 'Năm 2026'."""
    text = fold(clean(raw)).strip(" .:")
    if not text:
        return None
    if every in ("quarter", "half-year", "year"):
        named = _calendar_period(text)
        if named is not None:
            return named
    m = _MONTH.match(text)
    if m and (every == "month" or text.startswith("thang")):
        return PeriodRef(month=int(m.group(1)), year=int(m.group(2)) if m.group(2) else None)
    m = _MONTH_NUM.match(text)
    if m:
        return PeriodRef(month=int(m.group(1)), year=int(m.group(2)))
    m = _NUMBERED.match(text)
    if m:
        month = int(m.group(2)) if m.group(2) else None
        return PeriodRef(number=int(m.group(1)), month=month, year=int(m.group(3)) if m.group(3) else None)
    m = _BARE.match(text)
    if m:
        return PeriodRef(number=int(m.group(1)))
    day = parse_day(text)
    return PeriodRef(day=day) if day else None


_EVERY_VI = {"day": "hằng ngày", "quarter": "hằng quý", "half-year": "6 tháng một lần", "year": "hằng năm"}


def deadline_text(part: Part) -> str:
    """'hạn 15/05/2026', or for a recurring part 'hằng tuần, hạn 17:00 thứ Năm (Tuần 1 … Tuần 8)'."""
    r = part.recurs
    if r is None and isinstance(part.rule, MonthlyRule):
        return "mỗi tháng, hạn ngày cuối tháng"
    if r is None:
        return f"hạn {part.due:%d/%m/%Y}" if part.due else ""
    all_periods = periods(r)
    span = f" ({all_periods[0].label} – {all_periods[-1].label})" if all_periods else ""
    if r.every == "week":
        return f"hằng tuần, hạn {r.time} {WEEKDAY_VI[WEEKDAYS.index(r.weekday or 'friday')]}{span}"
    if r.every == "month":
        when = "tháng sau" if r.due_next_period else "hằng tháng"
        return f"trước ngày {r.day} {when}{span}"
    if r.every == "day":
        return f"hằng ngày, hạn {r.time}{' ngày hôm sau' if r.due_next_period else ''}{span}"
    first = f", kỳ đầu hạn {all_periods[0].due:%d/%m/%Y}" if all_periods else ""
    return f"{_EVERY_VI[r.every]}{first}{span}"


def short_deadline(part: Part) -> str:
    """For a narrow column heading: 'hạn 15/05', 'thứ Năm hằng tuần', 'ngày 20 hằng tháng', 'hằng quý'."""
    r = part.recurs
    if r is None and isinstance(part.rule, MonthlyRule):
        return "cuối mỗi tháng"
    if r is None:
        return f"hạn {part.due:%d/%m}" if part.due else ""
    if r.every == "week":
        return f"{WEEKDAY_VI[WEEKDAYS.index(r.weekday or 'friday')]} hằng tuần"
    if r.every == "month":
        return f"ngày {r.day} hằng tháng"
    return _EVERY_VI[r.every]


def due_words(due: date, period: str | None = None) -> str:
    """'hạn 15/05/2026', or for a part judged period by period 'tháng 7/2026, hạn 31/07/2026': the period whose
    deadline it is, so that a unit never reads one period's deadline beside another period's delay."""
    if not period:
        return f"hạn {due:%d/%m/%Y}"
    return f"{period[:1].lower()}{period[1:]}, hạn {due:%d/%m/%Y}"


def period_short_name(label: str) -> str:
    """A period as a list names it: 'tuần 3' of 'Tuần 3 (16/03–22/03/2026)', 'tháng 4/2026'."""
    return lower_first(clean(label).split(" (", 1)[0])


def late_periods_words(late: Sequence[tuple[str, date]], as_of: date) -> str:
    """'3 kỳ quá hạn: tuần 1 (hạn 04/06/2026, quá 15 ngày), tuần 2 (…), …' for the (label, deadline) of each period
    of a part late with nothing in: every output names each of them, as the first alone reads as if the others were
    in."""
    return f"{len(late)} kỳ quá hạn: " + ", ".join(
        f"{period_short_name(label)} (hạn {due:%d/%m/%Y}, quá {(as_of - due).days} ngày)" for label, due in late)


def early_deadlines(tracker: Tracker) -> list[str]:
    """Parts due before the directive was issued or its campaign began, in Vietnamese, one line each: a `first`
    typed as the campaign's start puts a recurring part's first deadline before the plan existed (a quarter's
    report due 15/03 for a plan of 20/03), and the first check finds every unit overdue."""
    starts = [d for d in (tracker.directive.issued_on, tracker.campaign.start) if d is not None]
    if not starts:
        return []
    floor = max(starts)
    out = []
    for _, part in tracker.parts():
        first = min((p.due for p in periods(part.recurs)), default=None) if part.recurs else part.due
        if first is not None and first < floor:
            out.append(f"phần việc {part.id}: hạn đầu tiên {first:%d/%m/%Y} trước ngày {floor:%d/%m/%Y} (ngày ban hành "
                       "văn bản hoặc bắt đầu thực hiện), nên mọi đơn vị sẽ quá hạn ngay lần kiểm tra đầu; kiểm tra "
                       "lại `due` hoặc `recurs.first`")
    return out
