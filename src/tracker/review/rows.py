"""The province's decisions on units' rows, as intake reads the rows (the review stage's part in reading).

Intake knows nothing of decisions: it asks a `tracker.intake.RowReview` which rows of a unit's sheet are decided,
reads an accepted row with its `Acceptance`, and hands each decided row back to be settled. `RowDecisions` is
that review: it ties each decision line to the row whose content the officer saw (where it was, where it moved,
or nowhere), applies a rejection or a hold, and keeps what became of every row decision (`decided`) for the
review stage (tracker.review.stage) and the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from tracker import problems as P
from tracker.definition import Unit
from tracker.intake import Acceptance, Activity, RawRow
from tracker.problems import Code, Problem
from tracker.review.decisions import Decision, Kind, Outcome, Review
from tracker.rowid import row_digest


@dataclass(frozen=True)
class RowDecided:
    """A row decision as this check applied it: the row's activity as counted, and as the rules alone would."""

    outcome: Outcome
    counted: Activity | None = None
    plain: Activity | None = None


def decision_problem(code: Code, decision: Decision, unit: Unit, at: str = "row", **params: Any) -> Problem:
    """A problem of a review line, for the province: located at the line's cell `at`, never sent to a unit."""
    return P.make(code, sheet=decision.sheet, row=decision.line, column=decision.column(at) or decision.column("row"),
                  value=decision.row or "", target_row=decision.row, unit_name=unit.name,
                  decided_on=f"{decision.decided_on:%d/%m/%Y}", **params)


@dataclass
class SheetRows:
    """One unit's sheet: which row each of its decisions decides, and what became of each decision."""

    owner: RowDecisions
    unit: Unit
    sheet: str
    decisions: list[Decision]
    by_row: dict[int, Decision] = field(default_factory=dict)
    outcomes: dict[str, Outcome] = field(default_factory=dict)

    def acceptance(self, row: int) -> Acceptance | None:
        d = self.by_row.get(row)
        if d is None or d.kind != Kind.ACCEPT:
            return None
        return Acceptance(decided_on=d.decided_on, day=d.day, part=d.part,
                          cannot_count=lambda **params: decision_problem(Code.DECISION_CANNOT_COUNT, d, self.unit,
                                                                         **params))

    def decided(self, row: int) -> bool:
        return row in self.by_row

    def settle(self, row: int, activity: Activity | None, plain: Activity | None, problems: list[Problem],
               content_column: str | None) -> tuple[Activity | None, list[Problem]]:
        """Apply the row's decision: a rejected row is not counted and says why; a held one says what is awaited."""
        decision = self.by_row[row]
        outcome = self.outcomes[decision.key]
        if decision.kind in (Kind.REJECT, Kind.HOLD):
            code = Code.ROW_REJECTED if decision.kind == Kind.REJECT else Code.ROW_ON_HOLD
            problems = [*problems, P.make(code, unit=self.unit.id, sheet=self.sheet, row=outcome.row,
                                          column=content_column, value=decision.reason, speaker=self.owner.speaker,
                                          reason=decision.reason, decided_on=f"{decision.decided_on:%d/%m/%Y}")]
            if decision.kind == Kind.REJECT:
                activity = None
        elif activity is None:  # accepted, yet still without a day or a part (decision-cannot-count says which)
            outcome = replace(outcome, state="incomplete")
        self.owner.decided.append(RowDecided(outcome, counted=activity, plain=plain))
        return activity, problems

    def close(self) -> None:
        """The decisions that found no row to apply to (moved away, changed, missing) are recorded too."""
        for decision in self.decisions:
            outcome = self.outcomes.get(decision.key)
            if outcome is not None and not outcome.applied:
                self.owner.decided.append(RowDecided(outcome))


@dataclass
class RowDecisions:
    """The row decisions of a review, for intake (tracker.intake.RowReview)."""

    review: Review
    speaker: str
    decided: list[RowDecided] = field(default_factory=list)

    def decides(self, unit: str) -> bool:
        return bool(self.review.rows_of(unit))

    def sheet(self, unit: Unit, sheet: str, listing: Sequence[RawRow]) -> tuple[SheetRows, list[Problem]]:
        """Tie each decision to the row whose content the officer saw: where it was, where it moved, or nowhere.

        A line typed by hand carries no digest (unless history pinned one): it is tied to what its row holds now,
        and this check pins that."""
        rows = SheetRows(self, unit, sheet, self.review.rows_of(unit.id))
        digests: dict[int, str] = {}
        where: dict[str, list[int]] = {}
        for raw in listing:
            digest = row_digest(raw.values)
            digests[raw.row] = digest
            where.setdefault(digest, []).append(raw.row)
        problems: list[Problem] = []
        for d in rows.decisions:
            assert d.row is not None  # row decisions always name a row (tracker.review.decisions)
            current = digests.get(d.row)
            if (not d.digest and current is not None) or (d.digest and d.digest == current):
                target, state = d.row, "applied"
            elif d.digest and any(r not in rows.by_row for r in where.get(d.digest, [])):
                target, state = next(r for r in where[d.digest] if r not in rows.by_row), "moved"
                problems.append(decision_problem(Code.DECISION_ROW_MOVED, d, unit, moved_to=target))
            else:
                state = "missing" if current is None else "changed"
                code = Code.DECISION_ROW_MISSING if current is None else Code.DECISION_ROW_CHANGED
                problems.append(decision_problem(code, d, unit))
                rows.outcomes[d.key] = Outcome(d, state, digest=d.digest)
                continue
            if target in rows.by_row:  # two lines about one row: the later is in force (tracker.review.decisions)
                continue
            rows.by_row[target] = d
            rows.outcomes[d.key] = Outcome(d, state, row=target, digest=digests[target])
        return rows, problems

    def unread(self, unit: Unit) -> list[Problem]:
        """The decisions on a unit whose sheet was not found or could not be read: each is missing its row."""
        seen = {d.outcome.decision.key for d in self.decided}
        problems = []
        for decision in self.review.rows_of(unit.id):
            if decision.key not in seen:
                problems.append(decision_problem(Code.DECISION_ROW_MISSING, decision, unit))
                self.decided.append(RowDecided(Outcome(decision, "missing")))
        return problems
