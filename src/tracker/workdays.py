"""The Vietnamese working calendar: weekends, public holidays (Tết included) and the year's announced swaps.

Public holidays come from the `holidays` package, which also knows the substitute days off and the
Saturdays worked in exchange that the government announced for past years. A tracker adds what
was announced after the package was released (`calendar.extra_days_off`,
`calendar.make_up_working_days`). Every function here is pure: a date and a calendar in, a date or
a number out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

# Nothing is due more than this far in working days; guards the loops against a calendar of all days off.
_MAX_SCAN_DAYS = 3 * 366


@dataclass(frozen=True)
class WorkCalendar:
    extra_days_off: frozenset[date] = frozenset()
    make_up_working_days: frozenset[date] = frozenset()


NO_CHANGES = WorkCalendar()


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> Any:
    import holidays

    return holidays.country_holidays("VN", years=year, language="vi")


def public_holiday(day: date) -> str | None:
    """The holiday's Vietnamese name ('Tết Nguyên Đán', 'Ngày Quốc khánh', a substitute day off), or None."""
    name = _public_holidays(day.year).get(day)
    return str(name) if name else None


def is_working_day(day: date, cal: WorkCalendar = NO_CHANGES) -> bool:
    if day in cal.extra_days_off:
        return False
    if day in cal.make_up_working_days:
        return True
    known = _public_holidays(day.year)
    if day in known:
        return False
    return day.weekday() < 5 or day in known.weekend_workdays


def add_working_days(start: date, count: int, cal: WorkCalendar = NO_CHANGES) -> date:
    """The day on which 'within `count` working days from `start`' ends.

    As the Civil Code counts periods in days (Bộ luật Dân sự 2015, Điều 147), the day of `start`
    itself is not counted: 5 working days from Tuesday 12/5/2026 end on Tuesday 19/5/2026.
    """
    if count < 1:
        raise ValueError("count must be at least 1")
    day, left = start, count
    for _ in range(_MAX_SCAN_DAYS):
        day += timedelta(days=1)
        if is_working_day(day, cal):
            left -= 1
            if left == 0:
                return day
    raise ValueError(f"no {count} working days within {_MAX_SCAN_DAYS} days of {start}")


def previous_working_day(day: date, cal: WorkCalendar = NO_CHANGES) -> date:
    """`day` itself when units work that day, else the last working day before it.

    A 'please update before …' deadline that would fall on a weekend or a day off moves earlier,
    never later, so that nobody is asked to work on a holiday and nothing slips.
    """
    for _ in range(_MAX_SCAN_DAYS):
        if is_working_day(day, cal):
            return day
        day -= timedelta(days=1)
    raise ValueError(f"no working day within {_MAX_SCAN_DAYS} days before {day}")


def working_days_between(a: date, b: date, cal: WorkCalendar = NO_CHANGES) -> int:
    """Working days after `a` up to and including `b`; negative when `b` comes before `a`.

    With `a` a due date and `b` the check date, this is how many working days a part is overdue:
    due Thursday 30/4/2026, checked Monday 4/5/2026 -> 1 (Thursday 30/4 and Friday 1/5 are holidays,
    the weekend is off, Monday counts).
    """
    if b < a:
        return -working_days_between(b, a, cal)
    return sum(1 for n in range(1, (b - a).days + 1) if is_working_day(a + timedelta(days=n), cal))


def describe_due_in(count: int, start: date) -> str:
    """How the directive words it: 'trong 05 ngày làm việc kể từ ngày 12/05/2026'."""
    return f"trong {count:02d} ngày làm việc kể từ ngày {start:%d/%m/%Y}"


def next_weekday(check_date: date, weekday: int) -> date:
    """The first `weekday` (0 = Monday) after the check date, never the check date itself."""
    delta = (weekday - check_date.weekday()) % 7 or 7
    return check_date + timedelta(days=delta)


def check_week(day: date, check_weekday: int) -> date:
    """The reporting week `day` falls in, named by the weekly check day that closes it: the days after one check
    weekday up to and including the next (`check_weekday`, 0 = Monday). A Friday check and the checks of the
    Monday to Thursday before it are one week; escalation and "new since last week" count weeks, not checks."""
    return day + timedelta(days=(check_weekday - day.weekday()) % 7)


def update_deadline(check_date: date, weekday: int, cal: WorkCalendar = NO_CHANGES) -> date:
    """The units' next weekly deadline after a check: the next `weekday`, moved to the working day before it when
    units are off that day (a holiday, a declared day off), or to the first working day after it when that would
    be the check day or earlier. Reckoned from the check's as-of date, so that every output of one check, read
    on any day, names the same deadline."""
    day = next_weekday(check_date, weekday)
    earlier = previous_working_day(day, cal)
    return earlier if earlier > check_date else add_working_days(day, 1, cal)
