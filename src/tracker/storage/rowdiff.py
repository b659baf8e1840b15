"""The row diff: what is new, edited and deleted between two snapshots of the units' sheets. Pure: rows in,
changes out, no file and no clock (tracker.storage.history stores the snapshots and calls it).

A row is followed by its identity (unit, date, content: tracker.rowid.row_identity), so moves and re-sorts are
not changes; a row whose identity changed (its content re-worded) is paired with the vanished row most like it.
"""

from __future__ import annotations

import bisect
import difflib
from collections import defaultdict
from dataclasses import dataclass
from typing import TypedDict

from tracker.result import ChangedRow
from tracker.text import fold

SIMILAR = 0.75  # content similarity above which a vanished row and a new row are one edited row


@dataclass(frozen=True)
class StoredRow:
    unit: str
    sheet: str
    row: int
    identity: str
    digest: str
    values: dict[str, str]
    counted: bool

    def to_dict(self) -> ChangedRow:
        return ChangedRow(unit=self.unit, sheet=self.sheet, row=self.row, id=self.identity, values=self.values,
                          counted=self.counted)


class RowDiff(TypedDict):
    new: list[ChangedRow]
    edited: list[ChangedRow]
    deleted: list[ChangedRow]


def diff_rows(before: list[StoredRow], after: list[StoredRow]) -> RowDiff:
    """new / edited / deleted between two snapshots; moves and re-sorts are not changes."""
    old: dict[str, list[StoredRow]] = defaultdict(list)
    for r in before:
        old[r.identity].append(r)
    new_rows: list[StoredRow] = []
    edited: list[ChangedRow] = []
    for r in after:
        bucket = old.get(r.identity)
        if bucket:
            prev = next((p for p in bucket if p.digest == r.digest), bucket[0])
            bucket.remove(prev)
            if prev.digest != r.digest:
                edited.append(ChangedRow(**r.to_dict(), before=prev.values, before_row=prev.row))
        else:
            new_rows.append(r)
    gone = [r for bucket in old.values() for r in bucket]
    # A vanished row and a new one in the same unit that look alike are one edited row.
    pairs = _pair_similar(new_rows, gone)
    for r, best in pairs:
        edited.append(ChangedRow(**r.to_dict(), before=best.values, before_row=best.row))
    paired = {id(r) for r, _ in pairs}
    new_rows = [r for r in new_rows if id(r) not in paired]
    return RowDiff(new=[r.to_dict() for r in new_rows], edited=sorted(edited, key=lambda e: (e["unit"], e["row"])),
                   deleted=[r.to_dict() for r in sorted(gone, key=lambda x: (x.unit, x.row))])


MATCH_CANDIDATES = 16
"""Vanished rows considered for each new row, nearest in row number first, from each blocking key."""
MATCH_COMPARED = 2
"""Of those, the ones most alike in words whose text is compared character by character (difflib)."""


def _pair_similar(new_rows: list[StoredRow], gone: list[StoredRow]) -> list[tuple[StoredRow, StoredRow]]:
    """(new row, vanished row) pairs that are one edited row; matched vanished rows leave `gone`.

    Comparing every new row with every vanished row of its unit grew with the square of the edits
    (1,000 re-worded rows: 279 s). Now a new row meets only vanished rows that share its unit and its
    date, or its unit and its task (blocking keys), at most MATCH_CANDIDATES from each, nearest in
    row number first (an edited row rarely moves far). They are ranked by the words they share (a set
    operation), and only the best MATCH_COMPARED go through difflib's character comparison (about
    0.4 ms each), which keeps the thresholds (SIMILAR, or 0.5 on the same day) as they were.
    """
    if not gone or not new_rows:  # a first check (every row new, none vanished): nothing to pair
        return []
    blocks: dict[tuple[str, str, str], list[tuple[int, int]]] = defaultdict(list)
    contents = [fold(g.values.get("content", "")) for g in gone]
    words = [frozenset(c.split()) for c in contents]
    days = [fold(g.values.get("date", "")) for g in gone]
    for i, g in enumerate(gone):
        blocks[("date", g.unit, days[i])].append((g.row, i))
        blocks[("task", g.unit, fold(g.values.get("task", "")))].append((g.row, i))
    for rows in blocks.values():
        rows.sort()
    used = [False] * len(gone)
    pairs: list[tuple[StoredRow, StoredRow]] = []
    matcher = difflib.SequenceMatcher(None)
    for r in new_rows:
        day = fold(r.values.get("date", ""))
        content = fold(r.values.get("content", ""))
        mine = frozenset(content.split())
        candidates = dict.fromkeys(
            _nearest(blocks.get(("date", r.unit, day), []), r.row, used)
            + _nearest(blocks.get(("task", r.unit, fold(r.values.get("task", ""))), []), r.row, used))
        if not candidates:  # no vanished row of its unit on its day or task: difflib's index of it is not needed
            continue
        ranked = sorted(candidates, key=lambda i: -len(mine & words[i]) / (len(mine | words[i]) or 1))
        matcher.set_seq2(content)
        best, score = -1, 0.0
        for i in ranked[:MATCH_COMPARED]:
            floor = max(0.5 if days[i] == day else SIMILAR, score)
            matcher.set_seq1(contents[i])
            if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
                continue
            ratio = matcher.ratio()
            if ratio >= floor and ratio > score:
                best, score = i, ratio
        if best >= 0:
            used[best] = True
            pairs.append((r, gone[best]))
    taken = {id(g) for _, g in pairs}
    gone[:] = [g for g in gone if id(g) not in taken]
    return pairs


def _nearest(rows: list[tuple[int, int]], row: int, used: list[bool]) -> list[int]:
    """Indexes of up to MATCH_CANDIDATES unused entries of a block sorted by row, nearest `row` first."""
    right = bisect.bisect_left(rows, (row, -1))
    left = right - 1
    out: list[int] = []
    while len(out) < MATCH_CANDIDATES and (left >= 0 or right < len(rows)):
        if right >= len(rows) or (left >= 0 and row - rows[left][0] <= rows[right][0] - row):
            index = rows[left][1]
            left -= 1
        else:
            index = rows[right][1]
            right += 1
        if not used[index]:
            out.append(index)
    return out
