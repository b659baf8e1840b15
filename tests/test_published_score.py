"""The published-corpus scorer (benchmarks/published_score.py): its arithmetic on a hand-made draft, and a run on train documents."""

from __future__ import annotations

import importlib.util
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tracker.authoring.draft import Deadline, Draft, DraftPart, DraftTask, DraftUnit, Found, Unused, draft_file
from tracker.authoring.reader import Table

ROOT = Path(__file__).resolve().parent.parent
PUBLISHED = ROOT / "tests" / "data" / "published"


def _scorer() -> Any:
    spec = importlib.util.spec_from_file_location("published_score", ROOT / "benchmarks" / "published_score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


TRUTH: dict[str, Any] = {
    "metadata": {"kind": "Công văn", "number": "12/UBND-VX", "issuer": "Ủy ban nhân dân tỉnh Quảng Trị", "parent": None,
                 "place": "Quảng Trị", "issued_on": "2025-11-20", "subject": "V/v tuyên truyền",
                 "signer": "Lê Văn A", "signer_title": "KT. Chủ tịch — Phó Chủ tịch"},
    "assignees": [{"name": "Sở Y tế", "line": 10, "role": "lead"},
                  {"name": "UBND các xã, phường, đặc khu", "line": 12, "role": "assigned"},
                  {"name": "Công an tỉnh", "line": 14, "role": "coordinate"}],
    "recipients_only": [{"name": "Văn phòng UBND tỉnh", "line": 30}],
    "groups": [{"name": "UBND các xã, phường, đặc khu", "line": 12, "members": []}],
    "deadlines": [
        {"line": 3, "phrase": "ngày 20 tháng 11 năm 2025", "value": "due 2025-11-20", "role": "issue-date"},
        {"line": 11, "phrase": "trước ngày 30/11/2025", "value": "due 2025-11-30", "role": "task"},
        {"line": 13, "phrase": "trước ngày 20 hằng tháng", "value": "month 20", "role": "report"},
        {"line": 15, "phrase": "trước ngày 25/12 hàng năm", "value": "year 12-25", "role": "report"},
        {"line": 17, "phrase": "định kỳ hằng quý", "value": "quarter", "role": "report"},
        {"line": 18, "phrase": "Đến hết năm 2030", "value": "due 2030-12-31", "role": "target"},
        {"line": 20, "phrase": "năm 2025 và các năm tiếp theo", "value": "vague", "role": "task"},
        {"line": 5, "phrase": "ngày 01/11/2025", "value": "due 2025-11-01", "role": "reference"},
        {"line": 6, "phrase": "ngày 02/11/2025", "value": "due 2025-11-02", "role": "reference"}],
    "recurring_reports": [{"line": 13, "every": "month", "day": 20}, {"line": 15, "every": "year", "month": 12, "day": 25},
                          {"line": 17, "every": "quarter"}],
    "numbered_items": [{"line": 8, "label": "I.", "task": False}, {"line": 10, "label": "1.", "task": True},
                       {"line": 16, "label": "2.", "task": True}, {"line": 19, "label": "3.", "task": False}],
    "period": None,
}


def _found(value: Any, line: int = 1) -> Found:
    return Found(value, line, str(value))


def _unit(name: str, recipient: Found) -> DraftUnit:
    return DraftUnit(name.lower().replace(" ", "-"), name, name, None, {}, recipient)


def _hand_made_draft() -> Draft:
    parts = [DraftPart("1a", "…", 11, Deadline("trước ngày 30/11/2025", due=date(2025, 11, 30))),
             DraftPart("1b", "…", 13, Deadline("ngày 01/11/2025", due=date(2025, 11, 1))),  # a reference misread
             DraftPart("1b", "…", 13, None),  # an id repeated
             DraftPart("1c", "…", 15, Deadline("trước ngày 25/12 hàng năm", every="year", day=25, month=12)),
             DraftPart("1d", "…", 17, Deadline("định kỳ hằng quý", every="quarter", day=15)),
             DraftPart("1e", "…", 20, Deadline("năm 2025 và các năm tiếp theo", todo="a time without a day"))]
    d = Draft(source="hand-made", lines=[])
    d.kind, d.number, d.place = _found("Công văn"), _found("12/UBND-VX"), _found("Quảng Trị")
    d.issuer, d.subject = _found("UBND tỉnh Quảng Trị"), _found("tuyên truyền")  # equal once normalised
    d.issued_on, d.signer, d.signer_title = date(2025, 11, 21), _found("Lê Văn A"), None  # two wrong
    # The copy list names the communes, the units do not: recall and precision read the units.
    d.recipients = [_found("Sở Y tế"), _found("UBND các xã, phường, đặc khu"), _found("Văn phòng UBND tỉnh")]
    d.units = [_unit("Sở Y tế", _found("Sở Y tế")), _unit("Văn phòng UBND tỉnh", _found("Văn phòng UBND tỉnh"))]
    d.unexpanded = [_found("Các sở, ban, ngành")]
    # A part far below a phrase does not keep it, even with its value (the target of line 18).
    later = [DraftPart("2", "…", 200, Deadline("đến hết năm 2030", due=date(2030, 12, 31)))]
    d.tasks = [DraftTask("1", "…", "…", 10, parts), DraftTask("2", "…", "…", 200, later)]
    d.unused_dates = [Unused(13, "Báo cáo trước ngày 20 hằng tháng", "…"), Unused(5, "Căn cứ Kế hoạch số 3/KH-UBND "
                                                                                  "ngày 01/11/2025", "…")]
    d.not_tasks = [Unused(8, "MỤC ĐÍCH", "…")]
    return d


def test_scorer_arithmetic_on_a_hand_made_draft() -> None:
    scorer = _scorer()
    result = scorer.score_document(TRUTH, _hand_made_draft())
    assert result["metadata"] == [7, 9]
    assert result["assignees recall"] == [1, 2]  # the communes are only in the copy list; Công an is not required
    assert result["assignees precision"] == [1, 3]  # a copied office and a group nobody is given are wrong
    assert result["deadlines exact"] == [3, 4]  # 30/11, the yearly and the quarterly; month 20 on no part
    assert result["references misread"] == [2, 3]  # 01/11 became a deadline; 02/11 and the issue date did not
    assert result["recurring reports"] == [2, 3]
    # The target (its value only on a part 180 lines below) and the reference of line 6 are lost; the TODO of line 20
    # keeps its phrase; the issue date is not counted.
    assert result["dated phrases lost"] == [2, 8]
    assert result["duplicate ids"] == [1, 1]
    assert result["task items kept"] == [1, 2]  # line 16 has no task or part
    assert result["numbered items lost"] == [2, 4]  # lines 16 and 19 end nowhere; line 8 is listed as not a task
    assert result["misses"]["assignees recall"] == ["missing assignee 'UBND các xã, phường, đặc khu'"]
    assert result["misses"]["assignees precision"] == ["not an assignee 'Văn phòng UBND tỉnh'",
                                                       "not an assignee 'Các sở, ban, ngành'"]
    assert result["misses"]["dated phrases lost"] == ["line 18 'Đến hết năm 2030' (target) lost",
                                                      "line 6 'ngày 02/11/2025' (reference) lost"]
    assert result["misses"]["duplicate ids"] == ["part 1b"]


def test_a_group_expanded_into_its_communes_is_one_claim() -> None:
    scorer = _scorer()
    d = _hand_made_draft()
    group = _found("Ủy ban nhân dân các xã, phường, đặc khu")
    d.units = [_unit("Sở Y tế", _found("Sở Y tế")), *(_unit(f"UBND xã {k}", group) for k in "ABC")]
    d.unexpanded = []
    result = scorer.score_document(TRUTH, d)
    assert result["assignees recall"] == [2, 2]
    assert result["assignees precision"] == [2, 2]


@pytest.mark.parametrize(("deadline", "value"), [
    (Deadline("x", due=date(2025, 5, 29)), "due 2025-05-29"),
    (Deadline("x", every="month", day=20), "month 20"),
    (Deadline("x", every="week", weekday="friday"), "week friday 17:00"),
    (Deadline("x", every="week", weekday="monday", time="10:00"), "week monday 10:00"),
    (Deadline("x", every="year", day=15, month=11), "year 11-15"),
    (Deadline("x", every="year"), "year 12-31"),
    (Deadline("x", every="year", month=6), "year 06-30"),
    (Deadline("x", every="quarter", day=15), "quarter"),
    (Deadline("x", every="half-year"), "half-year"),
    (Deadline("x", every="day", time="15:00"), "day 15:00"),
    (Deadline("x", todo="a day the text does not give"), None),
])
def test_draft_deadlines_are_spelled_as_the_truth_spells_values(deadline: Deadline, value: str | None) -> None:
    assert _scorer().truth_value(deadline) == value


def test_truth_values_are_read_in_one_spelling() -> None:
    scorer = _scorer()
    assert [scorer.canonical(v) for v in ("week thứ Sáu", "week Friday 10:00", "month 20", "due 2025-05-29")] == [
        "week friday 17:00", "week friday 10:00", "month 20", "due 2025-05-29"]


@pytest.mark.parametrize(("report", "deadline", "scheduled"), [
    ({"every": "week", "weekday": "friday"}, Deadline("x", every="week", weekday="friday", time="17:00"), True),
    ({"every": "week", "weekday": "friday", "time": "10:00"}, Deadline("x", every="week", weekday="friday"), False),
    ({"every": "week", "weekday": "thứ Sáu"}, Deadline("x", every="week", weekday="friday"), True),
    ({"every": "year"}, Deadline("x", every="year", day=15, month=11), True),
    ({"every": "year", "month": 11, "day": 15}, Deadline("x", every="year", day=15, month=12), False),
    ({"every": "year", "month": 12}, Deadline("x", every="year"), True),
    ({"every": "quarter", "day": 15}, Deadline("x", every="quarter"), False),
    ({"every": "month", "day": 20}, Deadline("x", every="quarter", day=20), False),
])
def test_a_recurring_report_is_scheduled_only_by_its_own_interval_and_day(
        report: dict[str, Any], deadline: Deadline, scheduled: bool) -> None:
    assert _scorer()._schedules(report, deadline) is scheduled


def test_names_are_compared_without_case_ubnd_or_v_v_but_with_diacritics() -> None:
    scorer = _scorer()
    assert scorer.names_match("Ủy ban nhân dân các xã, phường", "UBND xã, phường")
    assert scorer.names_match("V/v tuyên truyền", "tuyên truyền")
    assert not scorer.names_match("Sở Y tế", "Sở Y tê")
    assert not scorer.names_match("Sở", "Sở Y tế")  # one word is too little to count as contained
    assert scorer.names_match("Sở Văn hoá, Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch")  # tone placement


def test_a_heads_title_with_its_body_is_the_body() -> None:
    scorer = _scorer()
    # the head of a body given a task stands for the body: the truth names the heads, the draft the bodies (units)
    assert scorer.names_match("Bộ trưởng, Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ",
                              "Các Bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ")
    assert scorer.names_match("Các Bộ trưởng, Thủ trưởng cơ quan ngang Bộ", "Các Bộ, cơ quan ngang bộ")
    assert scorer.names_match("Bộ trưởng các Bộ, Thủ trưởng cơ quan ngang bộ", "Các Bộ, cơ quan ngang bộ")
    assert scorer.names_match("Chủ tịch Ủy ban nhân dân các tỉnh, thành phố", "UBND các tỉnh, thành phố")
    assert scorer.names_match("Giám đốc Sở Tài chính", "Sở Tài chính")
    assert scorer.names_match("Thủ trưởng các sở, ban, ngành", "Các sở, ban, ngành")
    assert scorer.names_match("Giám đốc Sở, Thủ trưởng cơ quan, ban, ngành", "Các Sở, cơ quan, ban, ngành")
    assert not scorer.names_match("Bộ trưởng Bộ Tài chính", "Bộ Y tế")


def test_scorer_runs_on_train_documents_with_totals_the_truth_fixes() -> None:
    scorer = _scorer()
    for name in ("cong-van-2025-hcm-4240-co-so-du-lieu-can-bo", "cong-van-2025-vpcp-11554-chong-buon-lau"):
        truth = json.loads((PUBLISHED / "train" / f"{name}.truth.json").read_text(encoding="utf-8"))
        result = scorer.score_document(truth, draft_file(PUBLISHED / "train" / truth["document"]))
        required = {a["name"] for a in truth["assignees"] if a["role"] in ("lead", "assigned")}
        dated = [x for x in truth["deadlines"] if x["role"] != "issue-date"]
        assert result["metadata"][1] == 9
        assert result["assignees recall"][1] == len(required)
        assert result["dated phrases lost"][1] == len(dated)
        assert result["numbered items lost"][1] == len(truth["numbered_items"])
        for category in scorer.CATEGORIES:
            right, total = result[category]
            assert 0 <= right <= total or category == "validation own/all"


def test_a_phrase_quoted_with_its_date_respelt_is_kept() -> None:
    scorer = _scorer()
    truth = {**TRUTH, "deadlines": [{"line": 12, "phrase": "từ ngày 15 tháng 12 năm 2020 đến hết ngày 31 tháng 12 năm 2020",
                                     "value": "period 2020-12-15..2020-12-31", "role": "example"}]}
    d = _hand_made_draft()
    assert scorer.score_document(truth, d)["dated phrases lost"] == [1, 1]
    part = DraftPart("1z", "…", 12, Deadline("từ ngày 15/12/2020 đến hết ngày 31/12/2020", due=date(2020, 12, 31)))
    d.tasks = [DraftTask("1", "…", "…", 10, [part])]
    assert scorer.score_document(truth, d)["dated phrases lost"] == [0, 1]


def test_a_problem_is_the_drafts_own_only_when_no_todo_is_written_on_its_node() -> None:
    scorer = _scorer()
    yaml_lines = [
        "# TODO: the campaign period was not found in the text",  # 1
        "campaign:",  # 2
        "  start: null",  # 3: the TODO above its mapping speaks for it
        "tasks:",  # 4: holds its tasks' TODOs
        "  - id: '1'",  # 5
        "    parts:",  # 6
        "      - id: 1a",  # 7: its deadline's TODO is three lines down, inside the part
        "        title: Báo cáo",  # 8
        "        # TODO: the text gives this part no deadline",  # 9
        "        due: null",  # 10
        "      - id: 1b",  # 11: nothing to fill here
        "        title: Tuyên truyền",  # 12
        "        recurs:",  # 13
        "          every: year",  # 14
        "          # TODO: recurs: first and last",  # 15
        "          first: null",  # 16
        "          last: null",  # 17: the TODO above `first` speaks for it
        "        rule: {kind: count, tags: ['1'], min: 1}",  # 18: its part holds a TODO
        "  - id: '2'",  # 19
        "    title: Tổng kết",  # 20
    ]
    assert [n for n in range(1, 21) if not scorer.todo_in_node(yaml_lines, n)] == [19, 20]


def test_a_part_read_from_an_annex_row_printed_a_cell_per_line_reaches_to_the_rows_end() -> None:
    scorer = _scorer()
    truth = {**TRUTH, "deadlines": [{"line": 165, "phrase": "Tháng 11/2026", "value": "due 2026-11-30", "role": "task"},
                                    {"line": 185, "phrase": "Tháng 12/2026", "value": "due 2026-12-31", "role": "task"}]}
    d = _hand_made_draft()
    d.tables = (Table(100, (("TT", "Nội dung", "Thời gian"), ("1", "…", "Tháng 11/2026"), ("2", "…", "Tháng 12/2026")),
                      (100, 110, 170), 190),)
    parts = [DraftPart("PL1.1", "…", 110, Deadline("Tháng 11/2026", due=date(2026, 11, 30))),
             DraftPart("PL1.2", "…", 170, Deadline("Tháng 12/2026", due=date(2026, 12, 31)))]
    d.tasks = [DraftTask("PL1.1", "…", "…", 110, parts[:1]), DraftTask("PL1.2", "…", "…", 170, parts[1:])]
    # row 1 runs from line 110 to 169: its time cell 55 lines below its first line is still the row's
    assert scorer.score_document(truth, d)["dated phrases lost"] == [0, 2]
    d.tables = ()
    assert scorer.score_document(truth, d)["dated phrases lost"] == [1, 2]


def test_a_pdf_half_drafts_the_pdf_kept_out_of_git_and_says_how_to_get_a_missing_one(tmp_path: Path) -> None:
    scorer = _scorer()
    pdf = ROOT / "tests" / "data" / "directives" / "ke-hoach-2026-tinh-phu-luc-nhiem-vu-xuat.pdf"
    corpus, data = tmp_path / "truths", tmp_path / "data"
    (corpus / "batch").mkdir(parents=True)
    (data / "batch").mkdir(parents=True)
    truth = {**TRUTH, "document": "ke-hoach.txt"}
    (corpus / "batch" / "ke-hoach.truth.json").write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SystemExit) as missing:
        scorer.score_half("batch", corpus=corpus, data=data)
    assert str(missing.value) == (f"{data / 'batch' / 'ke-hoach.pdf'} is missing: run benchmarks/published_pdf_fetch.py "
                                  "first (the PDFs stay out of git)")
    (data / "batch" / "ke-hoach.pdf").write_bytes(pdf.read_bytes())
    result = scorer.score_half("batch", corpus=corpus, data=data)
    expected = scorer.score_document(truth, draft_file(pdf))
    assert result["documents"]["ke-hoach.txt"]["metadata"] == expected["metadata"]
    assert result["documents"]["ke-hoach.txt"]["metadata"][1] == 9
    assert result["totals"]["deadlines exact"] == expected["deadlines exact"]
