"""The row diff (tracker.storage.rowdiff) on its own: rows in, new / edited / deleted out."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.rowid import row_digest, row_identity
from tracker.storage.rowdiff import StoredRow, diff_rows


def _row(unit: str, row: int, day: str, content: str, task: str = "1", count: str = "10") -> StoredRow:
    values = {"date": day, "task": task, "content": content, "count": count}
    return StoredRow(unit, unit.upper(), row, row_identity(unit, values), row_digest(values), values, True)


def _summary(before: list[StoredRow], after: list[StoredRow]) -> dict[str, list[tuple[str, int, int | None]]]:
    diff = diff_rows(before, after)
    return {kind: [(r["unit"], r["row"], r.get("before_row")) for r in diff[kind]]
            for kind in ("new", "edited", "deleted")}


HOI_NGHI = "Hội nghị triển khai Luật phòng, chống mua bán người"
TIN_BAI = "Đăng tin cảnh báo thủ đoạn lừa đảo qua mạng xã hội"


def test_a_moved_row_is_no_change() -> None:
    before = [_row("a", 3, "10/07/2023", HOI_NGHI), _row("a", 4, "20/07/2023", TIN_BAI)]
    after = [_row("a", 3, "20/07/2023", TIN_BAI), _row("a", 9, "10/07/2023", HOI_NGHI)]
    assert _summary(before, after) == {"new": [], "edited": [], "deleted": []}


def test_a_changed_count_is_an_edit_of_the_same_row() -> None:
    before = [_row("a", 3, "10/07/2023", HOI_NGHI, count="100")]
    after = [_row("a", 5, "10/07/2023", HOI_NGHI, count="120")]
    diff = diff_rows(before, after)
    assert _summary(before, after) == {"new": [], "edited": [("a", 5, 3)], "deleted": []}
    assert diff["edited"][0]["before"]["count"] == "100" and diff["edited"][0]["values"]["count"] == "120"


def test_reworded_content_is_an_edit_and_other_content_is_new_and_deleted() -> None:
    reworded = "Đăng tin cảnh báo thủ đoạn lừa đảo việc làm qua mạng xã hội"
    before = [_row("a", 3, "20/07/2023", TIN_BAI), _row("a", 4, "10/07/2023", HOI_NGHI)]
    after = [_row("a", 3, "20/07/2023", reworded), _row("a", 4, "11/07/2023", "Phát thanh lưu động ở các thôn")]
    assert _summary(before, after) == {"new": [("a", 4, None)], "edited": [("a", 3, 3)], "deleted": [("a", 4, None)]}


def test_a_row_is_never_paired_with_another_units_row() -> None:
    before = [_row("a", 3, "20/07/2023", TIN_BAI)]
    after = [_row("b", 3, "20/07/2023", TIN_BAI + " mới")]
    assert _summary(before, after) == {"new": [("b", 3, None)], "edited": [], "deleted": [("a", 3, None)]}


WORDS = ["hội", "nghị", "tin", "bài", "phát", "thanh", "tờ", "rơi", "xã", "thôn", "người", "mua", "bán"]
rows = st.lists(st.tuples(st.sampled_from(["a", "b"]), st.sampled_from(["01/07/2023", "02/07/2023", "03/07/2023"]),
                          st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join),
                          st.sampled_from(["1", "2a"]), st.sampled_from(["5", "10"])), max_size=12)


def _rows(specs: list[tuple[str, str, str, str, str]]) -> list[StoredRow]:
    return [_row(unit, i + 3, day, content, task, count) for i, (unit, day, content, task, count) in enumerate(specs)]


@settings(max_examples=150, deadline=None)
@given(rows, rows)
def test_every_row_is_accounted_for_once(before_specs: list[tuple[str, str, str, str, str]],
                                         after_specs: list[tuple[str, str, str, str, str]]) -> None:
    before, after = _rows(before_specs), _rows(after_specs)
    diff = diff_rows(before, after)
    reported_after = [r["row"] for r in diff["new"]] + [r["row"] for r in diff["edited"]]
    reported_before = [r["row"] for r in diff["deleted"]] + [r["before_row"] for r in diff["edited"]]
    # each row is reported at most once, on its own side
    assert len(set(reported_after)) == len(reported_after) and set(reported_after) <= {r.row for r in after}
    assert len(set(reported_before)) == len(reported_before) and set(reported_before) <= {r.row for r in before}
    # the rows left unreported are the unchanged ones: the same (identity, content) on both sides, one for one
    quiet_after = sorted((r.identity, r.digest) for r in after if r.row not in reported_after)
    quiet_before = sorted((r.identity, r.digest) for r in before if r.row not in reported_before)
    assert quiet_after == quiet_before
    # an edit pairs two rows of one unit
    units = {r.row: r.unit for r in before}
    assert all(units[e["before_row"]] == e["unit"] for e in diff["edited"])


@settings(max_examples=100, deadline=None)
@given(rows, st.randoms(use_true_random=False))
def test_a_snapshot_compared_with_itself_reshuffled_has_no_changes(specs: list[tuple[str, str, str, str, str]],
                                                                   shuffler: random.Random) -> None:
    before = _rows(specs)
    after = list(before)
    shuffler.shuffle(after)
    after = [StoredRow(r.unit, r.sheet, i + 3, r.identity, r.digest, r.values, r.counted) for i, r in enumerate(after)]
    assert _summary(before, after) == {"new": [], "edited": [], "deleted": []}


@settings(max_examples=100, deadline=None)
@given(rows)
def test_from_nothing_everything_is_new_and_to_nothing_everything_is_deleted(
        specs: list[tuple[str, str, str, str, str]]) -> None:
    snapshot = _rows(specs)
    assert len(diff_rows([], snapshot)["new"]) == len(snapshot)
    assert len(diff_rows(snapshot, [])["deleted"]) == len(snapshot)
