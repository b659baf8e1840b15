"""Recurring parts by day, quarter, half-year and year (tracker.periods), beside weeks and months."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.definition import Recurrence, parse_tracker
from tracker.errors import DefinitionError
from tracker.periods import PeriodRef, parse_period, periods, resolve


def _dues(**kw: object) -> list[tuple[str, str]]:
    r = Recurrence.model_validate({"first": date(2026, 2, 1), "last": date(2026, 12, 31), **kw})
    return [(p.label, p.due.isoformat()) for p in periods(r)]


def test_a_quarterly_report_is_due_on_the_quarters_last_day_or_the_day_given() -> None:
    assert _dues(every="quarter") == [("Quý 1/2026", "2026-03-31"), ("Quý 2/2026", "2026-06-30"),
                                      ("Quý 3/2026", "2026-09-30"), ("Quý 4/2026", "2026-12-31")]
    assert _dues(every="quarter", day=15)[0] == ("Quý 1/2026", "2026-03-15")
    assert _dues(every="quarter", day=5, month=1, due_next_period=True)[-1] == ("Quý 4/2026", "2027-01-05")


def test_half_yearly_yearly_and_daily_reports() -> None:
    assert _dues(every="half-year", day=15, month=6) == [("6 tháng đầu năm 2026", "2026-06-15"),
                                                         ("6 tháng cuối năm 2026", "2026-12-15")]
    assert _dues(every="year", day=15, month=12) == [("Năm 2026", "2026-12-15")]
    assert _dues(every="year") == [("Năm 2026", "2026-12-31")]
    daily = _dues(every="day", time="15:00")
    assert (len(daily), daily[0]) == (334, ("Ngày 01/02/2026", "2026-02-01"))


def test_months_are_due_as_before() -> None:
    assert _dues(every="month", day=20)[:2] == [("Tháng 2/2026", "2026-02-20"), ("Tháng 3/2026", "2026-03-20")]
    assert _dues(every="month", day=31)[:2] == [("Tháng 2/2026", "2026-02-28"), ("Tháng 3/2026", "2026-03-31")]
    assert _dues(every="month", day=5, due_next_period=True)[-1] == ("Tháng 12/2026", "2027-01-05")


def test_a_unit_names_a_quarter_half_year_or_year_in_its_period_cell() -> None:
    r = Recurrence(every="quarter", first=date(2026, 1, 1), last=date(2026, 12, 31))
    ref = parse_period("Quý II/2026", "quarter")
    assert ref == PeriodRef(month=6, year=2026)
    found = resolve(r, ref)
    assert found is not None and found.label == "Quý 2/2026"
    assert parse_period("6 tháng cuối năm 2026", "half-year") == PeriodRef(month=12, year=2026)
    assert parse_period("Năm 2026", "year") == PeriodRef(month=12, year=2026)


TRACKER = """
id: t
title: T
directive: {number: "1/KH", issuer: UBND, dated: "…", subject: S}
campaign: {start: 2026-01-01, end: 2026-12-31}
province: {name: UBND}
units: [{id: a, name: A, sheet: A}]
lists: {tasks: [{value: "1"}]}
tasks:
  - id: "1"
    title: T
    quote: Q
    parts:
      - {id: "1", title: P, recurs: RECURS, rule: {kind: count, tags: ["1"]}}
"""


@pytest.mark.parametrize(("recurs", "message"), [
    ("{every: quarter, month: 4, first: 2026-01-01, last: 2026-12-31}", "a quarter has 3 months: `month` is 1 … 3"),
    ("{every: month, day: 5, month: 2, first: 2026-01-01, last: 2026-12-31}",
     "only a quarterly, half-yearly or yearly schedule names a month"),
    ("{every: day, day: 5, first: 2026-01-01, last: 2026-12-31}", "a daily schedule has no day of the month"),
    ("{every: year, weekday: monday, first: 2026-01-01, last: 2026-12-31}", "only a weekly schedule falls due on a weekday"),
    ("{every: fortnight, first: 2026-01-01, last: 2026-12-31}",
     "Input should be 'day', 'week', 'month', 'quarter', 'half-year' or 'year'"),
])
def test_a_schedule_that_cannot_be_is_a_definition_error(recurs: str, message: str) -> None:
    with pytest.raises(DefinitionError) as caught:
        parse_tracker(TRACKER.replace("RECURS", recurs))
    assert [p.message for p in caught.value.problems] == [message]
