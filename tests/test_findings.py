"""findings.json as typed models (tracker.findings): the file the check writes reads back into them and writes the
same text again; files of earlier versions still load; the schema in docs/findings.md is generated from them."""

from __future__ import annotations

import json
import typing
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker import findings as F
from tracker.check import check, findings
from tracker.definition import Tracker
from tracker.documents.content import build_content
from tracker.evaluate import STATUSES
from tracker.evaluate import PeriodState as EvaluatePeriodState
from tracker.intake import Activity
from tracker.periods import PeriodRef
from tracker.problems import NOTHING_TO_FIX
from tracker.result import CheckResult, _activity, activity_dict, activity_json, findings_model
from tracker.review.decisions import STATE_VI, Kind
from tracker.sample import load_sample
from tracker.sources import XlsxSource
from tracker.storage.history import History
from tracker.text import json_text

ROOT = Path(__file__).resolve().parents[1]
OLD = ROOT / "tests" / "data" / "findings" / "schema-1.json"


@pytest.fixture(scope="module")
def result(tracker: Tracker, sample_book: Path) -> CheckResult:
    return check(tracker, XlsxSource([sample_book]), load_sample(tracker).as_of)


@pytest.fixture(scope="module")
def stored(tracker: Tracker, result: CheckResult, tmp_path_factory: pytest.TempPathFactory) -> CheckResult:
    """The sample checked twice with history: the second carries `changes`."""
    with History(tmp_path_factory.mktemp("history") / "h.sqlite") as h:
        h.record_check(result)
        return h.record_check(replace(result, as_of=date(2023, 8, 25)))


def test_findings_read_back_into_the_models_write_the_same_text(result: CheckResult, stored: CheckResult) -> None:
    for checked in (result, stored):
        text = json_text(findings(checked), indent=2)
        parsed = F.read_findings(text)
        assert json_text(F.dump(parsed), indent=2) == text
        assert json_text(F.dump(findings_model(checked)), indent=2) == text
    assert stored.changes is not None and F.read_findings(findings(stored)).changes is not None


def test_a_compact_findings_file_with_its_activities_written_directly_is_jsons_text(result: CheckResult) -> None:
    # At national scale findings.json is compact and its activities are written as their own JSON (encoded=True).
    from tracker.text import json_chunks

    assert result.intake.activities
    written = "".join(json_chunks(findings(result, lazy=True, encoded=True), indent=None))
    assert written == json_text(findings(result), indent=None)


def _with_every_kind_of_change(result: CheckResult) -> CheckResult:
    from tracker.result import ChangedRow, Changes

    def row(n: int, **more: typing.Any) -> ChangedRow:
        made = ChangedRow(unit="xa-a", sheet="Xã A", row=n, id=f"id{n}", values={"date": "01/08/2023",
                          "content": f"Tập huấn “số {n}”\ttại\\thôn"}, counted=n % 2 == 0)
        made.update(more)  # type: ignore[typeddict-item]  # before, before_row, days_late
        return made

    changes = Changes(new=[row(5), row(6)], edited=[row(7, before={"content": "cũ"}, before_row=9),
                                                    row(8, before={}, before_row=8)],
                      deleted=[row(10)], reported_late=[row(6, days_late=12)], previous_check=3,
                      previous_as_of="2023-08-18")
    return replace(result, changes=changes)


def test_findings_written_a_row_at_a_time_with_what_changed_are_the_whole_findings_text(result: CheckResult) -> None:
    """History stores, and findings.json writes, the lazy form: its rows of what changed dumped as they are written
    (at a first check of the nation, every one of 100,000 rows is new), the text the whole findings make."""
    from collections.abc import Iterator

    from tracker.text import json_chunks

    changed = _with_every_kind_of_change(result)
    lazy = findings(changed, lazy=True)
    assert [isinstance(lazy["changes"][k], Iterator) for k in ("new", "edited", "deleted", "reported_late")] == [
        True] * 4
    assert list(lazy)[-1] == "changes"
    for indent, encoded in ((None, True), (None, False), (2, False)):
        written = "".join(json_chunks(findings(changed, lazy=True, encoded=encoded), indent=indent))
        assert written == json_text(findings(changed), indent=indent)
    assert json.loads(written)["changes"]["edited"][1] == {
        "unit": "xa-a", "sheet": "Xã A", "row": 8, "id": "id8", "values": {"date": "01/08/2023",
        "content": "Tập huấn “số 8”\ttại\\thôn"}, "counted": True, "before": {}, "before_row": 8}


def test_history_stores_the_whole_findings_text(result: CheckResult, tmp_path: Path) -> None:
    """Made a piece at a time and handed to SQLite as UTF-8 (storage.history.findings_utf8): the stored value is
    still text, the very text of the whole findings."""
    with History(tmp_path / "h.sqlite") as h:
        stored = h.record_check(result)
        again = h.record_check(replace(result, as_of=date(2023, 8, 25)))
        for check in (stored, again):
            kind, text = h.db.execute("SELECT typeof(findings), findings FROM checks WHERE id = ?",
                                      (check.check_id,)).fetchone()
            assert (kind, text) == ("text", json_text(findings(check)))


def test_the_typed_view_holds_dates_as_dates(stored: CheckResult) -> None:
    parsed = F.read_findings(json_text(findings(stored)))
    assert parsed.as_of == date(2023, 8, 25)
    assert parsed.changes is not None and parsed.changes.previous_as_of == date(2023, 8, 18)
    assert all(isinstance(a.date, date) for a in parsed.activities) and parsed.activities
    assert all(isinstance(p.due, date) for m in parsed.matrix for p in m.parts) and parsed.matrix


def test_a_part_writes_have_need_and_percent_together_and_keeps_a_zero() -> None:
    bare = F.PartFinding(id="1a", status="overdue", due=date(2026, 7, 31), days_overdue=3)
    assert list(F.dump(bare)) == ["id", "status", "due", "done_on", "days_overdue", "reasons", "reasons_en",
                                  "reason_codes", "rows"]
    counted = F.PartFinding(id="1a", status="overdue", due=date(2026, 7, 31), days_overdue=3, have=0, need=0,
                            percent=None, working_days_overdue=0, period="")
    assert list(F.dump(counted).items()) == [*F.dump(bare).items(), ("have", 0), ("need", 0), ("percent", None),
                                             ("working_days_overdue", 0)]


def test_a_findings_file_of_schema_1_still_loads_and_makes_a_document(tracker: Tracker) -> None:
    old = F.read_findings(OLD)
    assert old.schema_ == 1 and old.as_of == date(2023, 8, 18)
    assert old.counts.rows_to_fix == 2  # before rows_to_fix, every rejected row was the unit's to fix
    assert old.units[0].labels == {"district": "Đông Hà"}
    assert [g.label for g in old.rollups.groups] == ["district"] and old.rollups.groups[0].groups[0].name == "Đông Hà"
    assert [p.blocking for p in old.problems] == [True, False]  # a totals row asks nothing of the unit
    assert old.matrix[0].parts[1].reasons_en == () and old.decisions is None and old.changes is None
    weekly = build_content("weekly", tracker, json.loads(OLD.read_text(encoding="utf-8")), issued=date(2023, 8, 21))
    said = "\n".join(getattr(b, "text", "") for b in weekly.body)
    assert "Phần việc đã hoàn thành: 1/2 (50%)." in said
    assert "dòng chưa được tính do nhập chưa đúng: 1; dòng không phải hoạt động" not in said
    assert "dòng chưa được tính do nhập chưa đúng: 2." in said


def test_the_contracts_words_are_the_checks() -> None:
    assert typing.get_args(F.Status) == STATUSES
    assert typing.get_args(F.PeriodState) == typing.get_args(EvaluatePeriodState)
    assert set(typing.get_args(F.DecisionKind)) == {k.value for k in Kind}
    assert set(typing.get_args(F.DecisionState)) == set(STATE_VI)
    assert F.NOTHING_TO_FIX == NOTHING_TO_FIX


def test_findings_schema_in_the_docs_is_generated_from_the_models() -> None:
    path = ROOT / "docs" / "findings.md"
    text = path.read_text(encoding="utf-8")
    assert text == F.findings_doc(text), "docs/findings.md is out of date: run `tracker docs findings`"
    for name in F.Findings.model_fields:
        assert f"| `{F.Findings.model_fields[name].alias or name}` |" in text


ACTIVITIES = st.builds(
    Activity, unit=st.text(max_size=5), sheet=st.text(max_size=5), row=st.integers(1, 10**6),
    date=st.dates(), tags=st.frozensets(st.text(max_size=3), max_size=3), forms=st.tuples(st.text(max_size=3)),
    audiences=st.lists(st.text(max_size=3), max_size=2).map(tuple), content=st.text(max_size=8),
    participants=st.none() | st.integers(0, 10**6), quantity=st.none() | st.integers(0, 10**6),
    link=st.none() | st.text(max_size=8), note=st.text(max_size=8),
    values=st.lists(st.tuples(st.sampled_from(["so", "ky", "ngay", "ghi"]), st.none() | st.integers() | st.text(max_size=5)
                              | st.dates() | st.builds(PeriodRef, number=st.none() | st.integers(1, 12),
                                                       month=st.none() | st.integers(1, 12),
                                                       year=st.none() | st.integers(2020, 2030),
                                                       day=st.none() | st.dates())),
                    max_size=3, unique_by=lambda kv: kv[0]).map(tuple))
"""Activities of every shape, with the own columns' values of every kind."""


@given(ACTIVITIES)
@settings(max_examples=200, deadline=None)
def test_an_activity_is_written_as_its_model_dumps_it(activity: Activity) -> None:
    """findings.json's activities skip pydantic for speed (result.activity_dict): the same keys and values, in the
    same order, as the typed model's dump, for activities of every shape."""
    assert json_text(activity_dict(activity)) == json_text(F.dump(_activity(activity)))


@given(ACTIVITIES | ACTIVITIES.map(lambda a: replace(a, values=(("so", float("nan")), ("ky", 1.5), ("ngay", -0.0)))))
@settings(max_examples=300, deadline=None)
def test_an_activitys_compact_json_is_jsons_own_text_of_its_dictionary(activity: Activity) -> None:
    """A national findings.json writes each activity's compact JSON directly (result.activity_json): byte for byte
    what json.dumps makes of its dictionary, quotes, backslashes, control characters and floats included."""
    assert activity_json(activity) == json.dumps(activity_dict(activity), ensure_ascii=False)
