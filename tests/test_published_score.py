"""The published-corpus scorer (benchmarks/published_score.py): its arithmetic on a hand-made draft, and a run on train documents."""

from __future__ import annotations

import importlib.util
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from tracker.draft import Deadline, Draft, DraftPart, DraftTask, Found, draft_file

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
    "recipients_only": [], "groups": [{"name": "UBND các xã, phường, đặc khu", "line": 12, "members": []}],
    "deadlines": [
        {"line": 11, "phrase": "trước ngày 30/11/2025", "value": "due 2025-11-30", "role": "task"},
        {"line": 13, "phrase": "trước ngày 20 hằng tháng", "value": "month 20", "role": "report"},
        {"line": 15, "phrase": "trước ngày 25/12 hàng năm", "value": "year 12-25", "role": "report"},
        {"line": 5, "phrase": "ngày 01/11/2025", "value": "due 2025-11-01", "role": "reference"},
        {"line": 6, "phrase": "ngày 02/11/2025", "value": "due 2025-11-02", "role": "reference"}],
    "recurring_reports": [{"line": 13, "every": "month", "day": 20}, {"line": 15, "every": "year", "month": 12, "day": 25}],
    "numbered_items": [{"line": 10, "label": "1.", "task": True}, {"line": 16, "label": "2.", "task": True}],
    "period": None,
}


def _found(value: Any, line: int = 1) -> Found:
    return Found(value, line, str(value))


def _hand_made_draft() -> Draft:
    parts = [DraftPart("1a", "…", 11, Deadline("trước ngày 30/11/2025", due=date(2025, 11, 30))),
             DraftPart("1b", "…", 13, Deadline("ngày 01/11/2025", due=date(2025, 11, 1))),  # a reference misread
             DraftPart("1b", "…", 13, None)]  # an id repeated
    d = Draft(source="hand-made", lines=[])
    d.kind, d.number, d.place = _found("Công văn"), _found("12/UBND-VX"), _found("Quảng Trị")
    d.issuer, d.subject = _found("UBND tỉnh Quảng Trị"), _found("tuyên truyền")  # equal once normalised
    d.issued_on, d.signer, d.signer_title = date(2025, 11, 21), _found("Lê Văn A"), None  # two wrong
    d.recipients = [_found("Sở Y tế"), _found("Văn phòng UBND tỉnh")]
    d.tasks = [DraftTask("1", "…", "…", 10, parts)]
    return d


def test_scorer_arithmetic_on_a_hand_made_draft() -> None:
    scorer = _scorer()
    result = scorer.score_document(TRUTH, _hand_made_draft())
    assert result["metadata"] == [7, 9]
    assert result["recipients recall"] == [1, 2]  # UBND các xã… missing; Công an (coordinate) not required
    assert result["recipients precision"] == [1, 2]  # Văn phòng UBND tỉnh is nobody's assignee
    assert result["deadlines exact"] == [1, 3]  # 30/11 right; month 20 and the yearly report not on any part
    assert result["references misread"] == [1, 2]  # 01/11 became a deadline, 02/11 did not
    assert result["recurring reports"] == [0, 2]
    assert result["dated phrases lost"] == [2, 3]  # the monthly and the yearly report end nowhere
    assert result["duplicate ids"] == [1, 1]
    assert result["task items kept"] == [1, 2]  # line 16 has no task or part
    assert result["misses"]["recipients recall"] == ["missing assignee 'UBND các xã, phường, đặc khu'"]


def test_names_are_compared_without_case_ubnd_or_v_v_but_with_diacritics() -> None:
    scorer = _scorer()
    assert scorer.names_match("Ủy ban nhân dân các xã, phường", "UBND xã, phường")
    assert scorer.names_match("V/v tuyên truyền", "tuyên truyền")
    assert not scorer.names_match("Sở Y tế", "Sở Y tê")
    assert not scorer.names_match("Sở", "Sở Y tế")  # one word is too little to count as contained


def test_scorer_runs_on_train_documents_with_totals_the_truth_fixes() -> None:
    scorer = _scorer()
    for name in ("cong-van-2025-hcm-4240-co-so-du-lieu-can-bo", "cong-van-2025-vpcp-11554-chong-buon-lau"):
        truth = json.loads((PUBLISHED / "train" / f"{name}.truth.json").read_text(encoding="utf-8"))
        result = scorer.score_document(truth, draft_file(PUBLISHED / "train" / truth["document"]))
        required = {a["name"] for a in truth["assignees"] if a["role"] in ("lead", "assigned")}
        targets = [x for x in truth["deadlines"] if x["role"] in ("task", "report", "period", "event")]
        assert result["metadata"][1] == 9
        assert result["recipients recall"][1] == len(required)
        assert result["dated phrases lost"][1] == len(targets)
        for category in scorer.CATEGORIES:
            right, total = result[category]
            assert 0 <= right <= total or category == "validation own/all"
