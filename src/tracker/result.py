"""The result of a weekly check, as a value: what was read, judged and (once history has it) what changed.

Frozen, and built only from data modules, so that every report, history and the notices take it and
return new things; none of them sets a field on it. findings.json is its documented form.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from functools import cached_property, lru_cache
from json.encoder import encode_basestring as _json_string  # what json.dumps(..., ensure_ascii=False) uses
from typing import Any, TypedDict

from tracker import findings as F
from tracker.definition import Tracker
from tracker.evaluate import STATUS_VI, Evaluation, PartStatus, Rollup
from tracker.files.cells import RawBook
from tracker.intake import Activity, Counts, IntakeResult
from tracker.periods import PeriodRef
from tracker.problems import Problem
from tracker.review.decisions import EMPTY, Outcome, Review
from tracker.review.rows import RowDecided
from tracker.review.stage import Effect
from tracker.text import JsonText

SCHEMA = F.SCHEMA


class ChangedRow(TypedDict, total=False):
    """A row of a unit's sheet in the history's words: where it is, what it holds, and for edits what it held."""

    id: str
    unit: str
    sheet: str
    row: int
    values: dict[str, str]
    counted: bool
    before: dict[str, str]
    before_row: int
    days_late: int


class Changes(TypedDict):
    """What changed since the stored check this one is compared with (History.base_check): the last check of the
    previous week, else the last one of an earlier date; `previous_as_of` says which."""

    new: list[ChangedRow]
    edited: list[ChangedRow]
    deleted: list[ChangedRow]
    reported_late: list[ChangedRow]
    previous_check: int | None
    previous_as_of: str | None


class TrendPoint(TypedDict):
    """One unit's status on one task at one stored check."""

    check: int
    as_of: str
    unit: str
    task: str
    status: str


@dataclass(frozen=True)
class CheckResult:
    tracker: Tracker
    as_of: date
    source: str
    book: RawBook
    intake: IntakeResult
    evaluation: Evaluation
    checked_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    changes: Changes | None = None
    """From history: rows new, edited and deleted since the previous check."""
    check_id: int | None = None
    trend: tuple[TrendPoint, ...] | None = None
    """From history: every unit's status per task at every stored check, this one included."""
    review: Review = EMPTY
    """The province's decisions read for this check (tracker.review.decisions)."""
    effects: tuple[Effect, ...] = ()
    """What the decisions changed, in matrix order (the review stage, tracker.review.stage)."""
    rows_decided: tuple[RowDecided, ...] = ()
    """What became of each row decision as the rows were read (tracker.review.rows)."""
    summary_only: bool = False
    """The office's week keeps this of each directive once its own history, reports and documents are written
    (tracker.office.week): no cells, rows, activities, changes or trend. findings and documents refuse it, since
    they would say the check had none."""

    @cached_property
    def decisions(self) -> tuple[Outcome, ...]:
        """Every decision line read, what became of it and the statuses it changed, in the review tab's order."""
        effects: dict[str, list[dict[str, str]]] = {}
        for e in self.effects:
            effects.setdefault(e.decision, []).append(e.to_dict())
        rows = {d.outcome.decision.key: d.outcome for d in self.rows_decided}
        out = [rows.get(d.key) or Outcome(d, "applied") for d in self.review.decisions]
        out = [replace(o, effects=tuple(effects.get(o.decision.key, ()))) for o in out]
        out += [Outcome(d, "superseded") for d in self.review.superseded]  # replaced: changed nothing
        names = list(self.review.sheets)
        return tuple(sorted(out, key=lambda o: (names.index(o.decision.sheet), o.decision.line)))

    @property
    def problems(self) -> list[Problem]:
        return self.intake.problems

    @cached_property
    def _problems_by_unit(self) -> dict[str | None, list[Problem]]:
        # Reports ask once per unit; at national scale a scan per unit costs seconds, so index once.
        index: dict[str | None, list[Problem]] = {}
        for p in self.intake.problems:
            index.setdefault(p.unit, []).append(p)
        return index

    def unit_problems(self, unit: str) -> list[Problem]:
        return list(self._problems_by_unit.get(unit, []))

    def sheet_link(self, sheet: str | None) -> str | None:
        return self.book.links.get(sheet) if sheet else None

    def with_history(self, check_id: int | None, changes: Changes, trend: list[TrendPoint]) -> CheckResult:
        """The same check as history stored it: its number (None when compared, not stored), what changed, and the
        trend."""
        return replace(self, check_id=check_id, changes=changes, trend=tuple(trend))

    @property
    def decided_parts(self) -> int:
        """Unit x parts whose status the province's decisions changed (several decisions may share one)."""
        return len({(e.unit, e.part) for e in self.effects})

    @property
    def review_problems(self) -> list[Problem]:
        """Problems of the review lines this check read: for the province, never for a unit (the reports list them
        with the decisions)."""
        sheets = set(self.review.sheets)
        return [p for p in self.intake.problems if p.origin == "review" and p.unit is None and p.sheet in sheets]

    def findings(self) -> dict[str, Any]:
        return findings(self)


def _whole(result: CheckResult) -> None:
    if result.summary_only:
        from tracker.errors import TrackerError

        raise TrackerError(
            f"{result.tracker.id}: this is the office week's summary of the check (no activities, changes or trend); "
            "its findings.json and documents are in the week's folder, or run the directive's own check",
            vi=f"{result.tracker.id}: đây là phần tóm tắt lần kiểm tra mà tuần làm việc của văn phòng giữ lại (không có "
               "hoạt động, thay đổi và diễn biến); findings.json và văn bản của nó nằm trong thư mục của tuần, hoặc "
               "hãy chạy lần kiểm tra riêng của văn bản này")


def findings(result: CheckResult, lazy: bool = False, encoded: bool = False) -> dict[str, Any]:
    """findings.json (docs/findings.md), dumped from its typed models (tracker.findings): statuses and severities use
    exactly the catalogue's words.

    `lazy`: the matrix, problems and activities as iterators made while they are written (tracker.text.json_chunks),
    not lists: at national scale those lists are most of the document's memory. `encoded` (with `lazy`, for a
    compact file only): the activities as their compact JSON text (`activity_json`), which json_chunks writes as is."""
    _whole(result)
    out = F.dump(_head(result, changes=not lazy))
    # The three long lists, dumped one entry at a time (in the head's key order: the keys are there already).
    out["matrix"] = _listed(F.dumped(_matrix(result), F.MatrixEntry), lazy)
    out["problems"] = _listed(F.dumped((_problem(p) for p in result.intake.problems), F.ProblemFinding), lazy)
    if encoded and lazy:
        out["activities"] = map(activity_json, result.intake.activities)
    else:
        out["activities"] = _listed((activity_dict(a) for a in result.intake.activities), lazy)
    if lazy and result.changes is not None:  # the last key, as the head would have it
        out["changes"] = _lazy_changes(result.changes)
    return out


def _lazy_changes(changes: Changes) -> dict[str, Any]:
    """`F.dump(F.Changes.model_validate(changes))` with its four lists of rows dumped a row at a time as they are
    written: at a first check every row is new, and the national week's history held them as models and then as
    dictionaries at once (docs/benchmarks.md, "The office's week")."""
    out = F.dump(F.Changes(previous_check=changes["previous_check"], previous_as_of=changes["previous_as_of"]))
    rows: dict[str, list[ChangedRow]] = {"new": changes["new"], "edited": changes["edited"],
                                         "deleted": changes["deleted"], "reported_late": changes["reported_late"]}
    for key, listed in rows.items():
        out[key] = F.dumped((F.ChangedRow.model_validate(row) for row in listed), F.ChangedRow)
    return out


def findings_model(result: CheckResult, activities: bool = True) -> F.Findings:
    """findings.json as its typed models, without writing and reading it back (documents/ take these). Without
    `activities`, their list is left empty: for documents that never read them (the weekly report, the reminder
    letter: tests/test_documents.py holds them to it)."""
    _whole(result)
    return _head(result).model_copy(update={
        "matrix": tuple(_matrix(result)), "problems": tuple(_problem(p) for p in result.intake.problems),
        "activities": tuple(_activity(a) for a in result.intake.activities) if activities else ()})


def _head(result: CheckResult, changes: bool = True) -> F.Findings:
    """Everything but the three long lists (matrix, problems, activities), left empty here; without `changes`, what
    changed is left out too (findings' lazy form adds it last, `_lazy_changes`)."""
    t = result.tracker
    ev = result.evaluation
    intake_units = result.intake.units
    return F.Findings(
        tracker=t.id, title=t.title, as_of=result.as_of, checked_at=result.checked_at, source=result.source,
        counts=_counts(result.intake.counts),
        units=tuple(F.UnitFinding(
            id=u.id, name=u.name, labels=dict(u.labels), sheet=intake_units[u.id].sheet or u.sheet,
            sheet_found=intake_units[u.id].sheet is not None, counts=_counts(intake_units[u.id].counts),
            first_activity=ev.starts[u.id].first_activity, days_to_start=ev.starts[u.id].days_after_start,
            problems=len(result.unit_problems(u.id))) for u in t.units),
        tasks=tuple(F.TaskFinding(id=task.id, title=task.title,
                                  parts=tuple(F.TaskPart(id=p.id, title=p.title, due=p.due) for p in task.parts))
                    for task in t.tasks),
        statuses=STATUS_VI,
        rollups=F.Rollups(province=_rollup(ev.province) if ev.province else None,
                          groups=tuple(F.GroupRollups(label=g.label, heading=g.heading,
                                                      groups=tuple(_rollup(r) for r in g.groups))
                                       for g in ev.by_group),
                          tasks=tuple(_rollup(r) for r in ev.by_task)),
        decisions=tuple(_decision(o) for o in result.decisions) if result.review.sheets else None,
        changes=F.Changes.model_validate(result.changes) if changes and result.changes is not None else None,
    )


def _matrix(result: CheckResult) -> Iterator[F.MatrixEntry]:
    for ts in result.evaluation.matrix:
        yield F.MatrixEntry(unit=ts.unit, task=ts.task, status=ts.status, parts=tuple(_part(p) for p in ts.parts))


def _listed(items: Iterator[dict[str, Any]], lazy: bool) -> Iterator[dict[str, Any]] | list[dict[str, Any]]:
    return items if lazy else list(items)


def _counts(c: Counts) -> F.Counts:
    return F.Counts(rows_read=c.rows_read, rows_counted=c.rows_counted, rows_rejected=c.rows_rejected,
                    rows_blank=c.rows_blank, rows_to_fix=c.rows_to_fix)


def _rollup(r: Rollup) -> F.Rollup:
    return F.Rollup(key=r.key, name=r.name, parts_total=r.parts_total, parts_done=r.parts_done,
                    parts_overdue=r.parts_overdue, rate=round(r.rate, 4), units=r.units, units_overdue=r.units_overdue)


def _part(p: PartStatus) -> F.PartFinding:
    return F.PartFinding(
        id=p.part, status=p.status, due=p.due, done_on=p.done_on, days_overdue=p.days_overdue, reasons=p.reasons,
        reasons_en=tuple(e.en for e in p.explanations), reason_codes=tuple(e.code.value for e in p.explanations),
        rows=p.rows, have=p.have, need=p.need, percent=p.percent,
        periods=tuple(F.PeriodFinding(index=q.index, label=q.label, due=q.due, state=q.state, done_on=q.done_on,
                                      rows=q.rows) for q in p.periods),
        working_days_overdue=p.working_days_overdue, decided=p.decided, period=p.period)


def _problem(p: Problem) -> F.ProblemFinding:
    return F.ProblemFinding(code=p.code, severity=p.severity, blocking=p.blocking, unit=p.unit, sheet=p.sheet,
                            row=p.row, column=p.column, cell=p.cell, value=p.value, message=p.message,
                            message_en=p.message_en)


def _activity(a: Activity) -> F.ActivityFinding:
    return F.ActivityFinding(
        unit=a.unit, sheet=a.sheet, row=a.row, date=a.date, tags=tuple(sorted(a.tags)), forms=a.forms,
        audiences=a.audiences, content=a.content, participants=a.participants, quantity=a.quantity, link=a.link,
        note=a.note, values={k: _value(v) for k, v in a.values})


def activity_dict(a: Activity) -> dict[str, Any]:
    """`F.dump(_activity(a))` without the models: activities are most of findings.json (200,000 at national scale),
    and going through pydantic made the file half as slow again to write. The same dictionary, key for key:
    tests/test_findings.py holds it to the model's dump for activities of every shape."""
    out: dict[str, Any] = {
        "unit": a.unit, "sheet": a.sheet, "row": a.row, "date": a.date.isoformat(), "tags": sorted(a.tags),
        "forms": list(a.forms), "audiences": list(a.audiences), "content": a.content, "participants": a.participants,
        "quantity": a.quantity, "link": a.link, "note": a.note}
    if a.values:
        out["values"] = {k: _value(v) for k, v in a.values}
    return out


def activity_json(a: Activity) -> JsonText:
    """`json.dumps(activity_dict(a), ensure_ascii=False)`, made directly: at national scale the dictionaries and
    json's encoder walking them were 1.6 CPU-seconds of findings.json's 2.3. The strings go through json's own
    encoder of strings, and the own columns' values through json.dumps, so the text is json's, byte for byte
    (tests/test_findings.py holds it so for activities of every shape). What repeats row after row (a unit's name
    and tab, the tags, forms and audiences chosen from lists) is encoded once."""
    text = _json_string
    out = (f'{{"unit": {_json_short(a.unit)}, "sheet": {_json_short(a.sheet)}, "row": {_json_number(a.row)}, '
           f'"date": "{a.date.isoformat()}", "tags": {_json_tags(a.tags)}, '
           f'"forms": {_json_strings(a.forms)}, "audiences": {_json_strings(a.audiences)}, '
           f'"content": {text(a.content)}, "participants": {_json_number(a.participants)}, '
           f'"quantity": {_json_number(a.quantity)}, "link": {"null" if a.link is None else text(a.link)}, '
           f'"note": {text(a.note)}')
    if a.values:
        out += f', "values": {json.dumps({k: _value(v) for k, v in a.values}, ensure_ascii=False)}'
    return JsonText(out + "}")


@lru_cache(maxsize=1 << 12)
def _json_short(value: str) -> str:
    return _json_string(value)


@lru_cache(maxsize=1 << 10)
def _json_tags(tags: frozenset[str]) -> str:
    return _json_list(sorted(tags))


@lru_cache(maxsize=1 << 10)
def _json_strings(values: tuple[str, ...]) -> str:
    return _json_list(values)


def _json_list(values: Iterable[str]) -> str:
    return f"[{', '.join(map(_json_string, values))}]"


def _json_number(value: int | None) -> str:
    return "null" if value is None else str(value) if type(value) is int else json.dumps(value)


def _value(value: Any) -> Any:
    """A typed cell of the tracker's own columns as findings.json holds it: a date or a period as an object."""
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, PeriodRef):
        return {"period": {k: (v.isoformat() if isinstance(v, date) else v) for k, v in vars(value).items()
                           if v is not None}}
    return value


def _decision(o: Outcome) -> F.DecisionFinding:
    d = o.decision
    return F.DecisionFinding(
        key=d.key, sheet=d.sheet, line=d.line, unit=d.unit, row=d.row, part=d.part, decision=d.kind.value,
        decision_vi=d.kind_vi, reason=d.reason, who=d.who, decided_on=d.decided_on, day=d.day, evidence=d.evidence,
        digest=d.digest, state=o.state, state_vi=o.state_vi, applied_row=o.row, pinned_digest=o.digest,
        effects=tuple(F.Effect.model_validate(e) for e in o.effects))
