"""findings.json, declared once: the typed models of the file, its one writer and its one reader.

The check builds these models (tracker.result.findings), `dump` turns one into the file's JSON shape, and
`read_findings` parses a file back into them, dates as dates, so that documents/ and scripts never read the
file with dict.get. Files written by earlier versions still load: the `before` validators below fill what an
older schema lacked (schema 1's `district`, counts without `rows_to_fix`, problems without `blocking`).
The schema section of docs/findings.md is generated from these models (`tracker docs findings`).

Only pydantic and the standard library here: documents/ reads this module without importing the check.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    TypeAdapter,
    field_serializer,
    model_serializer,
)
from pydantic import model_validator as _model_validator

SCHEMA = 2  # 2: units carry `labels`, roll-ups come `groups` by the tracker's groupings; not_applicable

Status = Literal["done_on_time", "done_late", "in_progress", "overdue", "not_applicable"]
Severity = Literal["error", "warning"]
PeriodState = Literal["on_time", "late", "missing", "open", "upcoming"]
DecisionKind = Literal["accept", "reject", "hold", "excuse", "complete"]
DecisionState = Literal["applied", "moved", "changed", "missing", "superseded", "incomplete"]
DONE: frozenset[str] = frozenset({"done_on_time", "done_late"})
NOTHING_TO_FIX = frozenset({"totals-row"})
"""Error codes that ask the unit to fix nothing (tracker.problems.NOTHING_TO_FIX; a test keeps them equal)."""


class _Model(BaseModel):
    """Frozen; fields a later version adds are ignored by an older reader, as the contract promises."""

    model_config = ConfigDict(frozen=True, extra="ignore")


_M = TypeVar("_M", bound=_Model)


def _none(value: Any) -> bool:
    return value is None


def _empty(value: Any) -> bool:
    return not value


# Fields written only when they hold something: pydantic leaves them out of the dump (`exclude_if`), which costs a
# fraction of a model serializer per object (measured: 1.7 µs an activity against 2.5).
_ABSENT_WHEN_NONE: Any = {"exclude_if": _none}
_ABSENT_WHEN_EMPTY: Any = {"exclude_if": _empty}


class Counts(_Model):
    rows_read: int = 0
    rows_counted: int = 0
    rows_rejected: int = 0
    rows_blank: int = 0
    rows_to_fix: int = Field(0, description="the rejected rows the unit must fix (a blocking problem on the row or "
                                            "its sheet); the rest are not activities (a totals row)")

    @_model_validator(mode="before")
    @classmethod
    def _older(cls, data: Any) -> Any:
        # Before rows_to_fix, every rejected row was the unit's to fix.
        if isinstance(data, dict) and "rows_to_fix" not in data:
            return {**data, "rows_to_fix": data.get("rows_rejected", 0)}
        return data

    @property
    def rows_not_activities(self) -> int:
        return self.rows_rejected - self.rows_to_fix


class UnitFinding(_Model):
    id: str
    name: str
    labels: dict[str, str] = Field(default_factory=dict, description="the tracker's free labels of the unit")
    sheet: str = Field(description="the tab found, or the expected name when `sheet_found` is false")
    sheet_found: bool = True
    counts: Counts = Field(default_factory=Counts)
    first_activity: date | None = None
    days_to_start: int | None = Field(None, description="days from the campaign's start to the first activity")
    problems: int = Field(0, description="how many problems the unit's sheet has")

    @_model_validator(mode="before")
    @classmethod
    def _older(cls, data: Any) -> Any:
        # Schema 1 named one grouping, the district, where schema 2 has free labels.
        if isinstance(data, dict) and "labels" not in data and data.get("district"):
            return {**data, "labels": {"district": data["district"]}}
        return data


class TaskPart(_Model):
    id: str
    title: str
    due: date | None = Field(None, description="null for a recurring part")


class TaskFinding(_Model):
    id: str
    title: str
    parts: tuple[TaskPart, ...] = ()


class PeriodFinding(_Model):
    """One period of a recurring part (or a month of a `monthly` rule) for one unit."""

    index: int
    label: str
    due: date
    state: PeriodState
    done_on: date | None = None
    rows: tuple[int, ...] = ()


class PartFinding(_Model):
    """One unit's status on one task part."""

    id: str
    status: Status
    due: date = Field(description="the part's deadline; for a recurring part the first missing period's while "
                                  "overdue (`days_overdue` counts from it), else the next period's")
    done_on: date | None = Field(None, description="the date of the activity that met the rule")
    days_overdue: int = 0
    reasons: tuple[str, ...] = Field((), description="why it is not done, or what comes next (Vietnamese)")
    reasons_en: tuple[str, ...] = Field((), description="the same in English")
    reason_codes: tuple[str, ...] = Field((), description="one per reason, in the same order (problems.md#reasons)")
    rows: tuple[int, ...] = Field((), description="sheet rows that met the rule")
    have: int | None = Field(None, description="where the rule asks for a number: what the unit has "
                                               "(`have`, `need` and `percent` come together)")
    need: int | None = None
    percent: int | None = None
    periods: tuple[PeriodFinding, ...] = Field((), description="for a recurring part (and a `monthly` rule)",
                                               **_ABSENT_WHEN_EMPTY)
    working_days_overdue: int | None = Field(None, description="where the tracker counts in working days",
                                             **_ABSENT_WHEN_NONE)
    decided: tuple[str, ...] = Field((), description="the marks of the province's decisions that changed the "
                                                     "part, e.g. 'Miễn theo quyết định của Sở ngày 11/06/2026'",
                                     **_ABSENT_WHEN_EMPTY)
    period: str | None = Field(None, description="the period `due` belongs to, as units name it: 'Tháng 7/2026'",
                               **_ABSENT_WHEN_EMPTY)

    @model_serializer(mode="wrap")
    def _written(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        if self.need is None:  # no number asked: none of the three
            for name in ("have", "need", "percent"):
                del data[name]
        return data


class MatrixEntry(_Model):
    unit: str
    task: str
    status: Status = Field(description="the worst of its parts")
    parts: tuple[PartFinding, ...] = ()


class Rollup(_Model):
    key: str
    name: str
    parts_total: int
    parts_done: int
    parts_overdue: int
    rate: float = Field(description="parts_done / parts_total, 4 decimals")
    units: int
    units_overdue: int


class GroupRollups(_Model):
    label: str = Field(description="the tracker's grouping label")
    heading: str
    groups: tuple[Rollup, ...] = ()


class Rollups(_Model):
    province: Rollup | None = Field(None, description="over all units, named by `terms.whole`")
    groups: tuple[GroupRollups, ...] = ()
    tasks: tuple[Rollup, ...] = ()

    @_model_validator(mode="before")
    @classmethod
    def _older(cls, data: Any) -> Any:
        if isinstance(data, dict) and "groups" not in data and data.get("districts"):
            return {**data, "groups": [{"label": "district", "heading": "", "groups": data["districts"]}]}
        return data


class ProblemFinding(_Model):
    code: str = Field(description="see problems.md")
    severity: Severity = Field(description="`error`: row not counted; `warning`: counted")
    blocking: bool = Field(description="the unit must fix it before the row counts: every `error` but a totals row "
                                       "(the reports' \"Cần sửa\")")
    unit: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    cell: str | None = None
    value: str = ""
    message: str = Field(description="Vietnamese")
    message_en: str = ""

    @_model_validator(mode="before")
    @classmethod
    def _older(cls, data: Any) -> Any:
        if isinstance(data, dict) and "blocking" not in data:
            blocking = data.get("severity") == "error" and data.get("code") not in NOTHING_TO_FIX
            return {**data, "blocking": blocking}
        return data


class ActivityFinding(_Model):
    """A counted activity, typed."""

    unit: str
    sheet: str
    row: int
    date: date
    tags: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    content: str = ""
    participants: int | None = None
    quantity: int | None = None
    link: str | None = None
    note: str = ""
    values: dict[str, Any] = Field(default_factory=dict, description="the tracker's own columns by key: text, "
                                   "numbers, {\"date\": ISO} or {\"period\": {…}}", **_ABSENT_WHEN_EMPTY)

    def value(self, key: str) -> Any:
        return self.values.get(key)


class Effect(_Model):
    """One status a decision changed."""

    unit: str
    task: str
    part: str
    before: Status
    after: Status
    before_vi: str = ""
    after_vi: str = ""


class DecisionFinding(_Model):
    """One line of the review tab or reviews file, and what became of it."""

    key: str = Field(description="its identity in history")
    sheet: str
    line: int
    unit: str
    row: int | None = Field(None, description="null for a part decision")
    part: str | None = None
    decision: DecisionKind
    decision_vi: str = ""
    reason: str = ""
    who: str = ""
    decided_on: date
    day: date | None = None
    evidence: str = ""
    digest: str = Field("", description="the row content it was written against")
    state: DecisionState
    state_vi: str = ""
    applied_row: int | None = None
    pinned_digest: str = ""
    effects: tuple[Effect, ...] = Field((), description="each status it changed")

    @property
    def applied(self) -> bool:
        return self.state in ("applied", "moved")


class ChangedRow(_Model):
    """A row of a unit's sheet in the history's words: where it is, what it holds, and for edits what it held."""

    unit: str
    sheet: str = ""
    row: int
    id: str = Field("", description="usable with `tracker history restore`")
    values: dict[str, str] = Field(default_factory=dict)
    counted: bool = False
    # An edit of a row to nothing still says what it held: `before` is left out only when None.
    before: dict[str, str] | None = Field(None, description="edited rows: what the row held", **_ABSENT_WHEN_NONE)
    before_row: int | None = Field(None, **_ABSENT_WHEN_NONE)
    days_late: int | None = Field(None, description="reported_late rows: days between the activity and the check",
                                  **_ABSENT_WHEN_NONE)


class Changes(_Model):
    """What changed since the stored check this one is compared with: the last check of the previous week, else
    the last one of an earlier date (never a check of the same date)."""

    new: tuple[ChangedRow, ...] = ()
    edited: tuple[ChangedRow, ...] = ()
    deleted: tuple[ChangedRow, ...] = ()
    reported_late: tuple[ChangedRow, ...] = Field((), description="new rows dated more than a week before this check")
    previous_check: int | None = None
    previous_as_of: date | None = None


class Findings(_Model):
    """findings.json."""

    schema_: int = Field(SCHEMA, alias="schema", description="bumped only when a listed field changes meaning")
    tracker: str = Field(description="the definition's `id`")
    title: str = Field(description="the definition's `title`")
    as_of: date = Field(description="the check date")
    checked_at: datetime | None = None
    source: str = Field("", description="what was read (file paths, or `gsheets:KEY` per spreadsheet)")
    counts: Counts = Field(default_factory=Counts, description="rows_read == rows_counted + rows_rejected; "
                                                               "rows_blank counted apart")
    units: tuple[UnitFinding, ...] = ()
    tasks: tuple[TaskFinding, ...] = ()
    statuses: dict[str, str] = Field(default_factory=dict, description="each status in Vietnamese")
    matrix: tuple[MatrixEntry, ...] = Field((), description="one entry per unit × task")
    rollups: Rollups = Field(default_factory=Rollups, description="`not_applicable` parts are left out")
    problems: tuple[ProblemFinding, ...] = ()
    activities: tuple[ActivityFinding, ...] = ()
    decisions: tuple[DecisionFinding, ...] | None = Field(
        None, description="present when a review tab or reviews file was read (reviews.md): every decision line in "
                          "force or superseded, in the tab's order", **_ABSENT_WHEN_NONE)
    changes: Changes | None = Field(None, description="present when history is on", **_ABSENT_WHEN_NONE)

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    @field_serializer("checked_at")
    def _seconds(self, value: datetime | None) -> str | None:
        return value.isoformat(timespec="seconds") if value else None


# --------------------------------------------------------------------------- writing and reading


def dump(model: _Model) -> dict[str, Any]:
    """The model in the file's JSON shape (dates as ISO text, optional fields left out when empty)."""
    data: dict[str, Any] = model.model_dump(mode="json", by_alias=True)
    return data


def dumped(models: Iterable[_M], kind: type[_M], chunk: int = 1024) -> Iterator[dict[str, Any]]:
    """Each model dumped as `dump` would, `chunk` at a time: one call into pydantic per chunk, not per model, while
    a long list is still never held dumped whole."""
    adapter = _list_adapter(kind)
    batch: list[_M] = []
    for model in models:
        batch.append(model)
        if len(batch) == chunk:
            yield from adapter.dump_python(batch, mode="json", by_alias=True)
            batch = []
    if batch:
        yield from adapter.dump_python(batch, mode="json", by_alias=True)


@functools.cache
def _list_adapter(kind: type[_Model]) -> TypeAdapter[list[Any]]:
    return TypeAdapter(list[kind])  # type: ignore[valid-type]


def read_findings(data: Mapping[str, Any] | str | bytes | Path) -> Findings:
    """findings.json (a parsed document, its text, or its path) as the typed models; any schema version."""
    if isinstance(data, Path):
        data = data.read_bytes()
    if isinstance(data, str | bytes):
        return Findings.model_validate_json(data)
    return Findings.model_validate(data)


# --------------------------------------------------------------------------- docs


def schema_markdown() -> str:
    """The generated schema section of docs/findings.md: one table per model, fields in the file's order."""
    lines: list[str] = []
    seen: set[type[_Model]] = set()
    order: list[type[_Model]] = []

    def visit(model: type[_Model]) -> None:
        if model in seen:
            return
        seen.add(model)
        order.append(model)
        for f in model.model_fields.values():
            for inner in _models_in(f.annotation):
                visit(inner)

    visit(Findings)
    for model in order:
        lines += [f"### {model.__name__}", ""]
        doc = (model.__doc__ or "").strip().splitlines()
        if doc and model.__doc__ != _Model.__doc__:
            lines += [" ".join(d.strip() for d in doc), ""]
        lines += ["| field | type | meaning |", "| --- | --- | --- |"]
        for name, f in model.model_fields.items():
            shown = f.alias or name
            kind = _type_words(f.annotation)
            if f.exclude_if is not None or (model is PartFinding and shown in ("have", "need", "percent")):
                kind += ", optional"
            lines.append(f"| `{shown}` | {kind} | {f.description or ''} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _models_in(annotation: Any) -> Iterator[type[_Model]]:
    if isinstance(annotation, type) and issubclass(annotation, _Model):
        yield annotation
    for arg in typing.get_args(annotation):
        yield from _models_in(arg)


def _type_words(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is Literal:
        return " \\| ".join(f"`{a}`" for a in args)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_type_words(a) for a in args)
    if origin is tuple:
        return f"list of {_type_words(args[0])}"
    if origin is dict:
        return f"object of {_type_words(args[1])}"
    if annotation is type(None):
        return "null"
    if isinstance(annotation, type) and issubclass(annotation, _Model):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    names = {str: "text", int: "integer", float: "number", bool: "boolean", date: "date (ISO)",
             datetime: "date-time (ISO, seconds)"}
    if annotation is Any:
        return "any"
    return names.get(annotation, str(annotation))


SCHEMA_HEADING = "## Schema"
SCHEMA_NOTE = "<!-- Generated from src/tracker/findings.py by `tracker docs findings`; do not edit below. -->"


def findings_doc(current: str) -> str:
    """docs/findings.md with its schema section (from SCHEMA_HEADING to the end) generated from the models; the
    prose above it is kept as written."""
    head = current.split(f"\n{SCHEMA_HEADING}\n", 1)[0].rstrip("\n")
    return (f"{head}\n\n{SCHEMA_HEADING}\n\n{SCHEMA_NOTE}\n\nEvery model below, fields in the file's order; "
            "`optional` fields are left out of the file when empty.\n\n" + schema_markdown())
