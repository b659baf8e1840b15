"""The intake's fast path (issue 29) reads a row to exactly what the full path reads: the same activity and the
same problems, in the same order, for any cells, usual or not."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.definition import Tracker, bundled_tracker_path, load_tracker, parse_tracker
from tracker.files.cells import CellError, CellValue, RawSheet
from tracker.intake import _matchers, _read_plain, _read_row, _Row

TRACKER = load_tracker(bundled_tracker_path())
DOC = (Path(__file__).parents[1] / "docs" / "tracker-format.md").read_text(encoding="utf-8")
OWN = parse_tracker(DOC.split("```yaml\n", 1)[1].split("```", 1)[0], base_dir=Path(__file__).parents[1] / "docs")
"""The docs' example: its own columns (an integer, a period) and a link column."""


def _values(tracker: Tracker, field: str) -> list[str]:
    items = getattr(tracker.lists, field)
    return [n for i in items for n in (i.value, i.label or i.value, *i.aliases)]


def _as_of(tracker: Tracker) -> date:
    """A check date two thirds into the campaign: rows dated after it exist too."""
    c = tracker.campaign
    return c.start + (c.end - c.start) * 2 // 3


def _text(extra: list[str]) -> st.SearchStrategy[CellValue | CellError]:
    return st.one_of(st.none(), st.sampled_from(["", " ", "Tổng cộng", "Cộng", "Tuyªn truyÒn", "xã A\u00ad",
                                                 "Ủy ban nhân dân xã A", "UBND phường B", *extra]),
                     st.text(max_size=30), st.just(CellError("#REF!")), st.floats(allow_nan=False), st.integers())


def _cells(tracker: Tracker) -> st.SearchStrategy[dict[str, CellValue | CellError]]:
    """A usual row (the fast path's) with none, one or a few of its cells replaced by anything a unit may type."""
    c = tracker.campaign
    days = st.dates(min_value=date(c.start.year - 1, 1, 1), max_value=date(c.end.year + 1, 12, 31))
    counts = st.one_of(st.none(), st.integers(-5, 10**7), st.floats(-5, 1e7, allow_nan=False), st.booleans(),
                       st.sampled_from(["200", "200 người", "1.200", "khoảng 50", "10-20", "", "nhiều", "2.5"]))
    usual_days = st.dates(min_value=c.start, max_value=_as_of(tracker))
    whole = st.one_of(st.none(), st.integers(0, 5000), st.integers(0, 5000).map(float))
    usual: dict[str, st.SearchStrategy[Any]] = {
        "stt": st.floats(1, 100, allow_nan=False), "date": usual_days,
        "task": st.sampled_from(_values(tracker, "tasks")), "form": st.sampled_from(_values(tracker, "forms")),
        "content": st.sampled_from(["Hội nghị tuyên truyền", "Phát thanh tin (lần 1)", "Tin bài về phòng chống"]),
        "audience": st.sampled_from(_values(tracker, "audiences")), "participants": whole, "quantity": whole,
        "link": st.sampled_from(["", "https://xa-a.gov.vn/tin/1"]), "note": st.sampled_from(["", "ghi chú"]),
        "so-truong": whole, "ky-bao-cao": st.sampled_from(["Tuần 2", "Tháng 7/2026", ""]),
    }
    anything: dict[str, st.SearchStrategy[Any]] = {
        "stt": st.one_of(st.none(), st.floats(0, 100, allow_nan=False), st.text(max_size=3),
                         st.sampled_from(["Tổng cộng", "Cộng", "TỔNG SỐ:"])),
        "date": st.one_of(days, st.dates(min_value=_as_of(tracker), max_value=c.end), st.datetimes(), st.none(), st.booleans(), st.integers(0, 60000),
                          st.sampled_from(["12/8/2023", "31/6/2023", "7/28/2023", "", "ngày 5/8", "Tổng cộng"]),
                          st.just(CellError("#VALUE!"))),
        "task": _text([*_values(tracker, "tasks"), "2", "1, 2a", "NV9"]),
        "form": _text([*_values(tracker, "forms"), "họp thôn"]),
        "content": _text(["Hội nghị tuyên truyền", "Phát thanh tin (lần 1)"]),
        "audience": _text(_values(tracker, "audiences")),
        "participants": counts,
        "quantity": counts,
        "link": _text(["https://xa-a.gov.vn/tin/1", "www.facebook.com/x", "52/KH-UBND", "chưa có link"]),
        "note": _text(["ghi chú"]),
        "so-truong": counts,
        "ky-bao-cao": _text(["Tuần 2", "Tháng 7/2026", "Kỳ 3"]),
    }
    keys = [col.key for col in tracker.columns if col.key in usual]

    @st.composite
    def row(draw: st.DrawFn) -> dict[str, CellValue | CellError]:
        cells = {k: draw(usual[k]) for k in keys}
        for k in draw(st.lists(st.sampled_from(keys), max_size=3)):
            cells[k] = draw(anything[k])
        return cells

    return row()


def _both(tracker: Tracker, cells: dict[str, CellValue | CellError],
          columns: dict[str, int] | None = None) -> tuple[Any, Any]:
    m = _matchers(tracker)
    unit, sheet = tracker.units[0], RawSheet(tracker.units[0].sheet, [])
    columns = columns if columns is not None else {col.key: i for i, col in enumerate(tracker.columns)}
    as_of = _as_of(tracker)
    seen = {(tracker.campaign.start, frozenset({"1"}), "hoi nghi tuyen truyen"): 3}
    fast = _read_row(tracker, unit, sheet, 9, dict(cells), columns, as_of, m, {}, dict(seen))
    full = _read_row(tracker, unit, sheet, 9, dict(cells), columns, as_of, m, {}, dict(seen), fast=False)
    return fast, full


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cells=_cells(TRACKER))
def test_the_fast_path_reads_any_row_of_the_bundled_tracker_as_the_full_path_does(
        cells: dict[str, CellValue | CellError]) -> None:
    fast, full = _both(TRACKER, cells)
    assert fast == full


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cells=_cells(OWN))
def test_the_fast_path_reads_any_row_of_a_tracker_with_its_own_columns_as_the_full_path_does(
        cells: dict[str, CellValue | CellError]) -> None:
    fast, full = _both(OWN, cells)
    assert fast == full


ODD_SHEETS = [(), ("form",), ("audience",), ("form", "audience"), ("link", "note")]
"""Columns a unit's sheet may lack (its header without them): the fast path reads a row's dropdown cells once per
distinct cells, and a form typed in a sheet without the form column is no form."""


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.tuples(_cells(TRACKER), st.sampled_from(ODD_SHEETS)), min_size=1, max_size=6))
def test_rows_of_sheets_with_and_without_some_columns_are_read_by_the_fast_path_as_by_the_full_path(
        rows: list[tuple[dict[str, CellValue | CellError], tuple[str, ...]]]) -> None:
    # One tracker's rows in turn, so what the fast path keeps from one row (its dropdown cells' reading) meets the
    # next, of the same cells in a sheet with other columns.
    for cells, lacking in rows:
        keys = [col.key for col in TRACKER.columns if col.key not in lacking]
        columns = {key: i for i, key in enumerate(keys)}
        fast, full = _both(TRACKER, {k: v for k, v in cells.items() if k in columns}, columns)
        assert fast == full


def test_a_form_typed_in_a_sheet_without_the_form_column_is_no_form_on_either_path() -> None:
    cells: dict[str, CellValue | CellError] = {
        "stt": 1.0, "date": date(2023, 8, 7), "task": "1", "content": "Hội nghị tuyên truyền", "audience": "Nhân dân",
        "participants": 30.0, "quantity": 1.0, "link": "", "note": ""}
    keys = [col.key for col in TRACKER.columns]
    with_form = {key: i for i, key in enumerate(keys)}
    without = {key: i for i, key in enumerate(k for k in keys if k != "form")}
    read = [_both(TRACKER, {**cells, "form": None}, with_form), _both(TRACKER, cells, without)]
    assert [fast == full for fast, full in read] == [True, True]
    (_, missing), (activity, none) = read[0][0], read[1][0]
    assert [p.code for p in missing] == ["form-missing"]
    assert activity is not None and activity.forms == () and none == []


def test_a_usual_row_takes_the_fast_path_and_an_unusual_cell_sends_it_to_the_full_path() -> None:
    m = _matchers(TRACKER)
    columns = {col.key: i for i, col in enumerate(TRACKER.columns)}
    usual: dict[str, CellValue | CellError] = {
        "stt": 1.0, "date": date(2023, 8, 7), "task": "1", "form": "Hội nghị, tọa đàm", "content": "Hội nghị tuyên truyền",
        "audience": "Nhân dân", "participants": 30.0, "quantity": 1.0, "link": "", "note": ""}

    def plain(**changed: Any) -> bool:
        row = _Row(TRACKER, TRACKER.units[0], RawSheet("x", []), 9, {**usual, **changed}, columns, m)
        return _read_plain(row, date(2023, 8, 18))

    assert plain()
    assert not plain(date=datetime(2023, 8, 7))  # a datetime: the full path says whether it has a time
    assert not plain(date=date(2023, 8, 19))  # after the check date
    assert not plain(task="2")  # a group: the content decides the part
    assert not plain(participants=2.5)
    assert not plain(content="Tuyªn truyÒn")  # a legacy font
    assert not plain(note=CellError("#N/A"))


@settings(max_examples=300, deadline=None)
@given(content=st.text(max_size=40), note=st.text(max_size=40))
def test_a_rows_words_for_other_units_are_those_of_its_content_and_note_folded_together(content: str,
                                                                                         note: str) -> None:
    # The other-unit check folds the content once (the duplicate check reuses it) and the note apart: the words
    # must be those of the two folded together, as before.
    from tracker.parse import norm_phrase, phrase_words
    from tracker.text import fold

    assert phrase_words(f"{fold(content)} {fold(note)}") == norm_phrase(f"{content} {note}").split()


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="ab xy.,-_1đĐủ", max_size=30),
       words=st.lists(st.text(alphabet="abxy1_đ", min_size=1, max_size=3), max_size=4))
def test_a_search_for_the_first_words_of_units_names_finds_exactly_the_rows_holding_one_as_a_word(
        text: str, words: list[str]) -> None:
    # The other-unit check decides most rows by one search instead of splitting them into words: the same answer.
    from tracker.intake import _any_word
    from tracker.parse import phrase_words

    assert bool(_any_word(words).search(text)) == (not set(words).isdisjoint(phrase_words(text)))
