"""The tracker definition: a YAML file in trackers/ loaded into typed, frozen models.

A directive becomes trackable by writing one of these files, never by changing code. Loading
keeps "the definition is wrong" (a DefinitionError listing every problem with file, line and
field) apart from "the data is wrong" (problems found later, in intake).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from tracker.errors import DefinitionError, DefinitionProblem
from tracker.text import fold

Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[str, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
# Excel refuses these in sheet names; Google Sheets accepts them but a tracker must work in both.
SHEET_NAME_FORBIDDEN = set("[]:*?/\\")
SHEET_NAME_MAX = 31
# Ids end up in ledger keys, file names, Message-IDs and URLs: a safe alphabet, no path or line break.
SAFE_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
MAX_DEFINITION_BYTES = 2_000_000
"""A tracker YAML is a few dozen KB even for a national directive; a larger file is refused unread."""


def _safe_id(value: str) -> str:
    if not SAFE_ID.fullmatch(value):
        raise ValueError("must be 1-64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit")
    return value


def _http_link(value: str | None) -> str | None:
    if value is not None and not re.match(r"https?://[^\s/]", value):
        raise ValueError("must be an http:// or https:// link")
    return value


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Directive(Model):
    number: str
    issuer: str
    signer: str = ""
    signer_title: str = ""
    dated: str = Field(description="As printed on the dispatch; the day may be blank.")
    subject: str
    plan: str = ""
    issued_on: date | None = Field(default=None, description="When known; units' start is measured from it.")
    text_file: str | None = None


class Period(Model):
    start: date
    end: date

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def months(self) -> list[tuple[date, date]]:
        """Each calendar month of the period as (first day, last day), clipped to the period."""
        out: list[tuple[date, date]] = []
        year, month = self.start.year, self.start.month
        while date(year, month, 1) <= self.end:
            last = date(year, month, calendar.monthrange(year, month)[1])
            out.append((max(self.start, date(year, month, 1)), min(self.end, last)))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out


class KeyDate(Model):
    id: str
    name: str
    date: date


class Rhythm(Model):
    check_weekday: Weekday = "friday"
    deadline_weekday: Weekday = "thursday"
    deadline_time: str = "17:00"
    timezone: str = "Asia/Ho_Chi_Minh"

    @field_validator("deadline_time")
    @classmethod
    def _hh_mm(cls, value: str) -> str:
        if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
            raise ValueError("must be HH:MM, 24-hour")
        return value


class Spreadsheet(Model):
    id: str
    title: str = ""
    key: str | None = Field(default=None, description="Google spreadsheet key or URL, if any.")

    @field_validator("key")
    @classmethod
    def _key_or_link(cls, value: str | None) -> str | None:
        return _http_link(value) if value is not None and "/" in value else value


class Unit(Model):
    id: str
    name: str
    district: str
    agency: str
    sheet: str
    spreadsheet: str | None = None
    aliases: list[str] = []
    contacts: list[str] = []
    leaders_cc: list[str] = []

    _id = field_validator("id")(_safe_id)


class ListItem(Model):
    value: str
    label: str = ""
    aliases: list[str] = []
    group: str | None = Field(
        default=None,
        description="For task tags: a bare value typed by districts (e.g. '2') that stands for "
        "every tag of this group; keywords in the content then pick the tag.",
    )
    keywords: list[str] = []

    @property
    def display(self) -> str:
        return f"{self.value} - {self.label}" if self.label else self.value


class Lists(Model):
    tasks: list[ListItem]
    forms: list[ListItem]
    audiences: list[ListItem]


COLUMN_KEYS: tuple[str, ...] = (
    "stt",
    "date",
    "task",
    "form",
    "content",
    "audience",
    "participants",
    "quantity",
    "link",
    "note",
)
DEFAULT_HEADERS: dict[str, str] = {
    "stt": "STT",
    "date": "Ngày thực hiện",
    "task": "Nhiệm vụ",
    "form": "Hình thức",
    "content": "Nội dung",
    "audience": "Đối tượng",
    "participants": "Số người tham gia/tiếp cận",
    "quantity": "Số lượng (tin, bài, buổi, lượt)",
    "link": "Link minh chứng",
    "note": "Ghi chú",
}
REQUIRED_COLUMNS: tuple[str, ...] = ("date", "task", "content")


class Column(Model):
    key: Literal[
        "stt", "date", "task", "form", "content", "audience", "participants", "quantity", "link", "note"
    ]
    header: str
    aliases: list[str] = []
    width: int = 14


def _default_columns() -> list[Column]:
    widths = {"stt": 6, "date": 14, "task": 16, "form": 26, "content": 48, "audience": 26}
    return [Column(key=k, header=h, width=widths.get(k, 16)) for k, h in DEFAULT_HEADERS.items()]


class Window(Model):
    start: date
    end: date


class CountRule(Model):
    """At least `min` activities tagged with one of `tags` (any tag if empty), optionally in a window."""

    kind: Literal["count"]
    tags: list[str] = []
    min: int = Field(default=1, ge=1)
    window: Window | None = None


class AudienceGroup(Model):
    name: str
    audiences: list[str]


class AudienceRule(Model):
    """The tagged activities together reach at least one audience of every group."""

    kind: Literal["audiences"]
    tags: list[str] = []
    groups: list[AudienceGroup] = Field(min_length=1)


class MonthlyRule(Model):
    """At least `min` activities in every calendar month of the campaign; each month due at its end."""

    kind: Literal["monthly"]
    tags: list[str] = []
    min: int = Field(default=1, ge=1)


class EvidenceRule(Model):
    """At least `min` activities of one of `forms` carrying a valid evidence link."""

    kind: Literal["evidence"]
    forms: list[str] = Field(min_length=1)
    tags: list[str] = []
    min: int = Field(default=1, ge=1)


Rule = Annotated[CountRule | AudienceRule | MonthlyRule | EvidenceRule, Field(discriminator="kind")]


class Part(Model):
    id: str
    title: str
    quote: str = ""
    due: date
    rule: Rule


class Task(Model):
    id: str
    title: str
    quote: str
    parts: list[Part] = Field(min_length=1)


class Province(Model):
    name: str
    office: str = ""
    staff_emails: list[str] = []
    signature: list[str] = []
    sheet_url: str | None = None

    _url = field_validator("sheet_url")(_http_link)


class Reminders(Model):
    firm_after: int = Field(default=2, ge=1, description="Consecutive overdue checks before the firm level.")
    cooldown_days: int = Field(default=6, ge=0)
    rate_per_minute: int = Field(default=60, ge=1)
    acknowledge_done: bool = False
    templates: str | None = Field(default=None, description="Folder of the tracker's own templates.")


class Tracker(Model):
    id: str
    title: str
    directive: Directive
    campaign: Period
    key_dates: list[KeyDate] = []
    rhythm: Rhythm = Rhythm()
    province: Province
    spreadsheets: list[Spreadsheet] = [Spreadsheet(id="main")]
    units: list[Unit] = Field(min_length=1)
    lists: Lists
    columns: list[Column] = Field(default_factory=_default_columns)
    tasks: list[Task] = Field(min_length=1)
    reminders: Reminders = Reminders()
    history: str | None = None
    base_dir: str = Field(default=".", exclude=True, description="Set by the loader; not in YAML.")

    _id = field_validator("id")(_safe_id)

    # Convenience lookups; the models are frozen, so computing on demand keeps them derivable.
    def unit(self, unit_id: str) -> Unit:
        for unit in self.units:
            if unit.id == unit_id:
                return unit
        raise KeyError(unit_id)

    def parts(self) -> Iterator[tuple[Task, Part]]:
        for task in self.tasks:
            for part in task.parts:
                yield task, part

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    def spreadsheet_of(self, unit: Unit) -> Spreadsheet:
        wanted = unit.spreadsheet or self.spreadsheets[0].id
        for sheet in self.spreadsheets:
            if sheet.id == wanted:
                return sheet
        raise KeyError(wanted)

    def directive_text(self) -> str:
        if not self.directive.text_file:
            return ""
        path = Path(self.base_dir) / self.directive.text_file
        return path.read_text(encoding="utf-8") if path.exists() else ""


# --------------------------------------------------------------------------- loading


def load_tracker(path: str | Path) -> Tracker:
    """Load and check a tracker definition; raise DefinitionError listing every problem."""
    path = Path(path)
    label = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_DEFINITION_BYTES:
            raise DefinitionError(label, [DefinitionProblem(
                label, None, "", f"the file is {size:,} bytes; a tracker definition may not exceed "
                f"{MAX_DEFINITION_BYTES:,} (is this the right file?)")])
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DefinitionError(label, [DefinitionProblem(label, None, "", f"cannot read file: {exc}")]) from exc
    return parse_tracker(text, label=label, base_dir=path.parent)


def parse_tracker(text: str, *, label: str = "<tracker>", base_dir: Path | str = ".") -> Tracker:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise DefinitionError(label, [DefinitionProblem(label, line, "", f"YAML syntax: {exc.problem}")]) from exc
    except yaml.YAMLError as exc:
        raise DefinitionError(label, [DefinitionProblem(label, None, "", f"YAML: {exc}")]) from exc
    if not isinstance(data, dict):
        raise DefinitionError(label, [DefinitionProblem(label, 1, "", "the file must be a mapping of fields")])
    data = {**data, "base_dir": str(base_dir)}
    try:
        tracker = Tracker.model_validate(data)
    except ValidationError as exc:
        problems = [
            DefinitionProblem(label, _line_of(node, err["loc"]), _dotted(err["loc"]), _pydantic_message(err))
            for err in exc.errors()
        ]
        raise DefinitionError(label, problems) from exc
    problems = [
        DefinitionProblem(label, _line_of(node, loc), _dotted(loc), message) for loc, message in _cross_check(tracker)
    ]
    if problems:
        raise DefinitionError(label, problems)
    return tracker


def find_tracker(name: str | Path, search: Sequence[Path] | None = None) -> Path:
    """A path as given, or a tracker id looked up in ./trackers and the repository's trackers/."""
    path = Path(name)
    if path.exists():
        return path
    dirs = [*(search or []), Path.cwd() / "trackers", bundled_trackers_dir()]
    for folder in dirs:
        for candidate in (folder / f"{name}.yaml", folder / f"{name}.yml"):
            if candidate.exists():
                return candidate
    return path  # load_tracker reports it cannot be read


def bundled_trackers_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "trackers"


def bundled_tracker_path() -> Path:
    return bundled_trackers_dir() / "quang-tri-2023-phong-chong-mua-ban-nguoi.yaml"


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys instead of keeping the last one silently."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _construct_timestamp(loader: _UniqueKeyLoader, node: yaml.ScalarNode) -> Any:
    """An impossible date (2023-02-30) stays text, so validation names its field and line instead of
    the YAML library raising a bare ValueError."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_UniqueKeyLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _line_of(node: yaml.Node | None, loc: Iterable[Any]) -> int | None:
    """Follow a validation location through the YAML node tree to the nearest line."""
    if node is None:
        return None
    line = node.start_mark.line + 1
    for step in loc:
        if isinstance(node, yaml.MappingNode):
            found = None
            for key_node, value_node in node.value:
                if key_node.value == step:
                    found = value_node
                    line = key_node.start_mark.line + 1
                    break
            if found is None:
                return line
            node = found
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if step >= len(node.value):
                return line
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            # discriminator tags such as 'count' appear in loc without a YAML node
            continue
    return line


def _dotted(loc: Iterable[Any]) -> str:
    out = ""
    previous: Any = None
    for step in loc:
        if isinstance(step, int):
            out += f"[{step}]"
        elif previous == "rule" and step in ("count", "audiences", "monthly", "evidence"):
            pass  # the discriminated-union branch, not a field
        else:
            out += f".{step}" if out else str(step)
        previous = step
    return out


def _pydantic_message(err: Any) -> str:
    kind = err.get("type", "")
    if kind == "extra_forbidden":
        return "unknown field (check the spelling; see docs/tracker-format.md)"
    if kind == "missing":
        return "required field is missing"
    if kind == "union_tag_invalid":
        return "rule kind must be one of: count, audiences, monthly, evidence"
    return str(err.get("msg", "invalid value"))


Loc = tuple[Any, ...]


def _cross_check(t: Tracker) -> list[tuple[Loc, str]]:
    """Rules pydantic cannot express field by field: uniqueness and references between fields."""
    out: list[tuple[Loc, str]] = []
    if t.campaign.start > t.campaign.end:
        out.append((("campaign", "end"), "campaign ends before it starts"))
    out += _duplicates([u.id for u in t.units], ("units",), "id", "unit id")
    out += _duplicates([fold(u.sheet) for u in t.units], ("units",), "sheet", "sheet name")
    sheet_ids = {s.id for s in t.spreadsheets}
    for i, unit in enumerate(t.units):
        bad = sorted(SHEET_NAME_FORBIDDEN & set(unit.sheet))
        if len(unit.sheet) > SHEET_NAME_MAX:
            out.append((("units", i, "sheet"), f"sheet name is {len(unit.sheet)} characters; the limit is 31"))
        if bad:
            out.append((("units", i, "sheet"), f"sheet name contains forbidden character(s) {' '.join(bad)}"))
        if not unit.sheet.strip():
            out.append((("units", i, "sheet"), "sheet name is empty"))
        if unit.spreadsheet is not None and unit.spreadsheet not in sheet_ids:
            out.append((("units", i, "spreadsheet"), f"unknown spreadsheet {unit.spreadsheet!r}"))
        for field in ("contacts", "leaders_cc"):
            for j, address in enumerate(getattr(unit, field)):
                problem = _email_problem(address)
                if problem:
                    out.append((("units", i, field, j), problem))
    for j, address in enumerate(t.province.staff_emails):
        problem = _email_problem(address)
        if problem:
            out.append((("province", "staff_emails", j), problem))
    for name in ("tasks", "forms", "audiences"):
        items: list[ListItem] = getattr(t.lists, name)
        keys = [fold(a) for item in items for a in [item.value, item.label, *item.aliases] if a]
        seen: set[str] = set()
        for key in keys:
            if key in seen:
                out.append((("lists", name), f"'{key}' names two entries of the list"))
            seen.add(key)
    out += _duplicates([p.id for _, p in t.parts()], ("tasks",), None, "part id")
    out += _check_rules(t)
    return out


def _duplicates(values: list[str], where: Loc, field: str | None, what: str) -> list[tuple[Loc, str]]:
    out: list[tuple[Loc, str]] = []
    seen: dict[str, int] = {}
    for i, value in enumerate(values):
        if value in seen:
            loc = (*where, i, field) if field else where
            out.append((loc, f"duplicate {what} {value!r} (first at item {seen[value]})"))
        else:
            seen[value] = i
    return out


def _check_rules(t: Tracker) -> list[tuple[Loc, str]]:
    out: list[tuple[Loc, str]] = []
    tags = {i.value for i in t.lists.tasks}
    forms = {i.value for i in t.lists.forms}
    audiences = {i.value for i in t.lists.audiences}
    for ti, task in enumerate(t.tasks):
        for pi, part in enumerate(task.parts):
            base: Loc = ("tasks", ti, "parts", pi, "rule")
            rule = part.rule
            for k, tag in enumerate(rule.tags):
                if tag not in tags:
                    out.append(((*base, "tags", k), f"unknown task tag {tag!r}; lists.tasks has {sorted(tags)}"))
            if isinstance(rule, CountRule) and rule.window:
                w = rule.window
                if w.start > w.end:
                    out.append(((*base, "window"), "window ends before it starts"))
                if not (t.campaign.contains(w.start) and t.campaign.contains(w.end)):
                    out.append(((*base, "window"), "window lies outside the campaign period"))
            if isinstance(rule, EvidenceRule):
                for k, form in enumerate(rule.forms):
                    if form not in forms:
                        out.append(((*base, "forms", k), f"unknown form {form!r}"))
            if isinstance(rule, AudienceRule):
                for gi, group in enumerate(rule.groups):
                    for k, aud in enumerate(group.audiences):
                        if aud not in audiences:
                            out.append(((*base, "groups", gi, "audiences", k), f"unknown audience {aud!r}"))
    return out


def _email_problem(address: str) -> str | None:
    try:
        # ASCII before the @ (SMTPUTF8 is not something to count on); domains may be internationalised
        validate_email(address, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as exc:
        return f"invalid e-mail address {address!r}: {exc}"
    return None
