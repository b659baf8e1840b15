"""The working calendar: Tết, 30/4–1/5, 2/9, substitute days, make-up Saturdays, and due dates in working days."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from tracker.authoring.scaffold import build
from tracker.check import check
from tracker.definition import Tracker, WorkingCalendar, parse_tracker, work_calendar
from tracker.errors import DefinitionError
from tracker.notices import compose_notices, reminder_deadline
from tracker.sources import XlsxSource
from tracker.workdays import (
    WorkCalendar,
    add_working_days,
    describe_due_in,
    is_working_day,
    previous_working_day,
    public_holiday,
    working_days_between,
)


def test_tet_2026_is_five_days_off_from_new_years_eve() -> None:
    off = [date(2026, 2, d) for d in range(16, 21)]
    assert [is_working_day(d) for d in off] == [False] * 5
    assert public_holiday(date(2026, 2, 17)) == "Tết Nguyên Đán"
    assert is_working_day(date(2026, 2, 13)) and is_working_day(date(2026, 2, 23))


def test_one_working_day_after_the_friday_before_tet_is_the_monday_after_it() -> None:
    assert add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)


def test_thirty_april_and_first_may_are_days_off() -> None:
    assert add_working_days(date(2026, 4, 29), 1) == date(2026, 5, 4)
    assert working_days_between(date(2026, 4, 30), date(2026, 5, 4)) == 1
    assert working_days_between(date(2026, 5, 4), date(2026, 4, 30)) == -1


def test_national_day_with_its_substitute_monday() -> None:
    # 2026: Monday 31/8 off in exchange for Saturday 22/8, then 1/9 and 2/9.
    assert previous_working_day(date(2026, 9, 2)) == date(2026, 8, 28)
    assert is_working_day(date(2026, 8, 22))  # the Saturday worked in exchange, known to `holidays`
    assert previous_working_day(date(2026, 9, 3)) == date(2026, 9, 3)


def test_five_working_days_from_12_may_2026_end_on_19_may() -> None:
    """'trong 05 ngày làm việc kể từ ngày 12/5/2026': the first day is not counted."""
    assert add_working_days(date(2026, 5, 12), 5) == date(2026, 5, 19)
    assert describe_due_in(5, date(2026, 5, 12)) == "trong 05 ngày làm việc kể từ ngày 12/05/2026"


def test_a_tracker_make_up_saturday_counts_and_an_extra_day_off_does_not() -> None:
    saturday, friday = date(2026, 10, 10), date(2026, 10, 9)
    cal = WorkCalendar(make_up_working_days=frozenset({saturday}), extra_days_off=frozenset({friday}))
    assert not is_working_day(saturday) and is_working_day(saturday, cal)
    assert is_working_day(friday) and not is_working_day(friday, cal)
    assert add_working_days(date(2026, 10, 8), 1, cal) == saturday
    assert previous_working_day(date(2026, 10, 9), cal) == date(2026, 10, 8)
    assert working_days_between(date(2026, 10, 8), date(2026, 10, 12), cal) == 2  # Saturday and Monday


def test_add_working_days_refuses_zero() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        add_working_days(date(2026, 5, 12), 0)


@pytest.mark.parametrize(
    ("check_date", "deadline"),
    [
        (date(2026, 4, 24), date(2026, 4, 29)),  # Thursday 30/4 is a holiday: Wednesday
        (date(2026, 4, 29), date(2026, 5, 4)),  # Wednesday is the check day itself: the Monday after
        (date(2026, 2, 13), date(2026, 2, 23)),  # Thursday of Tết: the first day back
        (date(2026, 5, 8), date(2026, 5, 14)),  # an ordinary Thursday
    ],
)
def test_reminder_deadline_never_falls_on_a_day_off(check_date: date, deadline: date) -> None:
    assert reminder_deadline(check_date, "thursday", WorkCalendar()) == deadline


# --------------------------------------------------------------------------- in a tracker


@pytest.fixture(scope="module")
def generated() -> str:
    return build("Quảng Trị", "thu-lich", "Thử lịch làm việc", today=date(2026, 5, 4)).text


def test_due_in_is_resolved_into_due_at_load_time(generated: str) -> None:
    text = generated.replace("due_in: {working_days: 10, from: 2026-05-04}",
                             "due_in: {working_days: 5, from: 2026-05-12}")
    t = parse_tracker(text)
    part = t.part("1")
    assert part.due == date(2026, 5, 19)
    assert part.due_in is not None and (part.due_in.working_days, part.due_in.start) == (5, date(2026, 5, 12))


def test_due_in_counts_the_trackers_own_days_off(generated: str) -> None:
    text = generated.replace("  extra_days_off: []", "  extra_days_off: [2026-05-15]").replace(
        "due_in: {working_days: 10, from: 2026-05-04}", "due_in: {working_days: 5, from: 2026-05-12}")
    t = parse_tracker(text)
    assert t.part("1").due == date(2026, 5, 20)
    assert work_calendar(t) == WorkCalendar(extra_days_off=frozenset({date(2026, 5, 15)}))


def _refused(text: str) -> list[str]:
    with pytest.raises(DefinitionError) as exc:
        parse_tracker(text, label="t.yaml")
    return [str(p) for p in exc.value.problems]


def test_due_and_due_in_together_are_refused_at_the_due_in_line(generated: str) -> None:
    text = generated.replace("        due_in:", "        due: 2026-05-30\n        due_in:")
    line = text.splitlines().index("        due_in: {working_days: 10, from: 2026-05-04}") + 1
    assert _refused(text) == [f"t.yaml:{line}: tasks[0].parts[0].due_in: give either `due` or `due_in`, not both"]


def test_a_day_both_off_and_worked_is_refused(generated: str) -> None:
    text = generated.replace("  extra_days_off: []", "  extra_days_off: [2026-10-10]").replace(
        "  make_up_working_days: []", "  make_up_working_days: [2026-10-10]")
    line = text.splitlines().index("calendar:") + 1
    assert _refused(text) == [
        f"t.yaml:{line}: calendar: a day cannot be both a day off and a make-up working day: 2026-10-10"]


def test_a_misspelt_from_is_named_with_the_right_word(generated: str) -> None:
    text = generated.replace("from: 2026-05-04", "form: 2026-05-04")
    line = next(i for i, x in enumerate(text.splitlines(), start=1) if "form: 2026-05-04" in x)
    assert _refused(text) == [f"t.yaml:{line}: tasks[0].parts[0].due_in.from: required field is missing",
                              f"t.yaml:{line}: tasks[0].parts[0].due_in.form: unknown field 'form': did you mean "
                              "'from'? (see docs/tracker-format.md)"]


def test_a_start_at_the_end_of_the_calendar_is_a_problem_not_a_traceback(generated: str) -> None:
    text = generated.replace("from: 2026-05-04", "from: 9999-12-30")
    line = next(i for i, x in enumerate(text.splitlines(), start=1) if "from: 9999-12-30" in x)
    assert _refused(text) == [f"t.yaml:{line}: tasks[0].parts[0].due_in: cannot count the working days: "
                              "date value out of range"]


def test_a_bad_working_day_count_names_its_field(generated: str) -> None:
    text = generated.replace("working_days: 10", "working_days: 0")
    with pytest.raises(DefinitionError) as exc:
        parse_tracker(text, label="t.yaml")
    assert [p.field for p in exc.value.problems] == ["tasks[0].parts[0].due_in.working_days"]


def test_reminder_asks_for_the_working_day_before_a_declared_day_off(tracker: Tracker, sample_book: Path) -> None:
    result = check(tracker, XlsxSource([sample_book]), date(2023, 8, 18))
    plain = [n.text for n in compose_notices(result, report_xlsx=b"x") if n.level == "reminder"]
    off = tracker.model_copy(update={"calendar": WorkingCalendar(extra_days_off=[date(2023, 8, 24)])})
    moved = [n.text for n in compose_notices(replace(result, tracker=off), report_xlsx=b"x") if n.level == "reminder"]
    assert plain and len(moved) == len(plain)
    assert all("trước 17:00 thứ Năm, ngày 24/08/2023." in text for text in plain)
    assert all("trước 17:00 thứ Tư, ngày 23/08/2023." in text for text in moved)
