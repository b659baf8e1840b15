"""Column kinds as a table (tracker.columns): every column type has a reader, its entry-workbook look and its
line in docs/tracker-format.md, in one entry."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tracker.columns import COLUMN_KINDS, Cell, kind_of
from tracker.definition import BUILTIN_COLUMNS, COLUMN_TYPES, Column, ListItem, bundled_tracker_path, load_tracker
from tracker.files.cells import CellValue
from tracker.parse import list_matcher
from tracker.periods import PeriodRef

DOC = Path(__file__).parents[1] / "docs" / "tracker-format.md"


def test_every_column_type_has_one_entry_and_every_built_in_column_a_known_type() -> None:
    assert tuple(COLUMN_KINDS) == COLUMN_TYPES == ("text", "integer", "date", "choice", "link", "docref", "period")
    assert all(COLUMN_KINDS[t].name == t for t in COLUMN_TYPES)
    assert {c.kind for c in BUILTIN_COLUMNS} <= set(COLUMN_KINDS)


def test_the_docs_table_of_column_types_is_the_table_of_column_kinds_line_for_line() -> None:
    text = DOC.read_text(encoding="utf-8")
    table = text.split("| `type` | a cell holds | a bad cell gives |\n| --- | --- | --- |\n", 1)[1].split("\n\n", 1)[0]
    documented = table.splitlines()
    assert documented == [kind.doc_row() for kind in COLUMN_KINDS.values()]
    assert documented[1] == ("| `integer` | a whole number (`1.200`, `200 người`, `2 trăm`, `1,5 nghìn`, `2k` accepted) "
                             "| `count-not-number`, `count-too-large`, `count-range`, `count-approximate` |")


def _cell(kind: str, raw: CellValue, **column: Any) -> Cell:
    col = Column(key="own", header="Cột riêng", type=kind, **column)
    choices = list_matcher(ListItem(value=v) for v in col.choices) if col.choices else None
    return Cell(col, raw, str(raw), date(2026, 6, 1), 2026, choices)


@pytest.mark.parametrize(("kind", "good", "value", "bad", "codes"), [
    ("text", "ghi chú", "ghi chú", None, []),
    ("integer", "1.200", 1200, "nhiều", ["count-not-number"]),
    ("date", "12/5/2026", date(2026, 5, 12), "hôm qua", ["value-not-date"]),
    ("choice", "Có", "Có", "Chưa rõ", ["choice-unknown"]),
    ("link", "www.example.vn/a", "https://www.example.vn/a", "không có", ["link-invalid"]),
    ("docref", "Số 52/KH-UBND ngày 12/5/2026", "52/KH-UBND", "52", []),
    ("period", "Tuần 2", PeriodRef(number=2), "sắp tới", ["period-invalid"]),
])
def test_each_kind_reads_a_good_cell_to_its_value_and_a_bad_one_to_its_documented_problems(
        kind: str, good: str, value: Any, bad: str | None, codes: list[str]) -> None:
    extra = {"choices": ["Có", "Không"]} if kind == "choice" else {}
    entry = COLUMN_KINDS[kind]  # type: ignore[index]
    assert entry.read(_cell(kind, good, **extra)) == (value, [])
    if bad is not None:
        got, findings = entry.read(_cell(kind, bad, **extra))
        assert got is None
        assert [c.value for c, _ in findings] == codes
        assert {c.value for c, _ in findings} <= {c.value for c in entry.problems}


def test_the_entry_workbook_validates_the_date_the_three_lists_and_whole_numbers_as_their_kinds_say() -> None:
    tracker = load_tracker(bundled_tracker_path())
    specs = {c.key: (kind_of(c).validation or (lambda t, c: None))(tracker, c) for c in tracker.columns}
    assert {k for k, s in specs.items() if s} == {"date", "task", "form", "audience", "participants", "quantity"}
    assert specs["date"] is not None and specs["date"]["type"] == "date"
    assert specs["form"] is not None and specs["form"]["formula1"] == "=DM_HinhThuc"
    assert specs["quantity"] is not None and specs["quantity"]["type"] == "whole"
    assert [kind_of(c).number_format(c) for c in tracker.columns if c.key in ("stt", "date")] == [None, "DD/MM/YYYY"]
