"""The tracker definition: a YAML file in trackers/ loaded into typed, frozen models.

A directive becomes trackable by writing one of these files, never by changing code. Loading
keeps "the definition is wrong" (a DefinitionError listing every problem with file, line and
field) apart from "the data is wrong" (problems found later, in intake).
"""

from __future__ import annotations

import calendar
import contextlib
import difflib
import functools
import re
import typing
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

import yaml
from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator

from tracker.collector import bulk_allocation
from tracker.contacts import ContactProblem, read_contacts
from tracker.errors import DefinitionError, DefinitionProblem, UnknownTrackerError
from tracker.files.cells import is_review_sheet
from tracker.targets import read_targets
from tracker.text import control_characters, fold, series
from tracker.workdays import WorkCalendar, add_working_days

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
CAMPAIGN_YEARS = (1900, 2199)
"""The years a campaign may start and end in: 0001 or 9999 is a slip, and a check's week, the history's previous week
and the reminders' cooldown, reckoned from such a date, would run off the calendar."""
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
    kind: str = Field(default="Công văn", description="Công văn, Kế hoạch, Chỉ thị, Quyết định …")
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


def _hh_mm(value: str) -> str:
    if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
        raise ValueError("a time must be HH:MM, 24-hour, for example \"17:00\"")
    return value


HourMinute = Annotated[str, AfterValidator(_hh_mm)]


def _time_zone(value: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"{value!r} is not a time zone name such as \"Asia/Ho_Chi_Minh\"") from exc
    return value


class Rhythm(Model):
    check_weekday: Weekday = "friday"
    deadline_weekday: Weekday = "thursday"
    deadline_time: HourMinute = "17:00"
    timezone: Annotated[str, AfterValidator(_time_zone)] = Field(
        default="Asia/Ho_Chi_Minh", description="Where the office is: report times are shown in its local time.")


class Spreadsheet(Model):
    id: str
    title: str = ""
    key: str | None = Field(default=None, description="Google spreadsheet key or URL, if any.")

    @field_validator("key")
    @classmethod
    def _key_or_link(cls, value: str | None) -> str | None:
        return _http_link(value) if value is not None and "/" in value else value


class Terms(Model):
    """The tracker's own words, so that no directive's vocabulary lives in code or templates."""

    unit: str = Field(default="đơn vị", description="What one reporting unit is called in sentences.")
    campaign: str = Field(default="thời gian thực hiện",
                          description="The campaign's own word: 'Tháng hành động', 'đợt thi đua', 'kế hoạch'.")
    whole: str = Field(default="Toàn bộ đơn vị", description="Heading of the roll-up over every unit.")


class Grouping(Model):
    """A roll-up of units by one of their labels, under the heading the tracker gives."""

    label: str = Field(description="The unit label whose values form the groups.")
    name: str = Field(description="What one group is called, as a column heading: 'Cụm thi đua', 'Khu vực'.")
    heading: str = Field(description="The roll-up's heading: 'Theo cụm thi đua', 'Theo khu vực'.")


class Unit(Model):
    id: str
    name: str
    sheet: str
    code: str | None = Field(default=None, description="Official registry code, where the unit has one.")
    labels: dict[str, str] = Field(default={}, description="Free labels: zone, type, emulation cluster …")
    targets: dict[str, Annotated[int, Field(ge=0)]] = Field(default={}, description="Per-unit numbers that sum rules aim at.")
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
        description="For task tags: a bare value typed by units (e.g. '2') that stands for "
        "every tag of this group; keywords in the content then pick the tag.",
    )
    keywords: list[str] = []

    @property
    def display(self) -> str:
        return f"{self.value} - {self.label}" if self.label else self.value


class Lists(Model):
    tasks: list[ListItem] = Field(min_length=1)
    forms: list[ListItem] = []
    audiences: list[ListItem] = []


ColumnType = Literal["text", "integer", "date", "choice", "link", "docref", "period"]
COLUMN_TYPES: tuple[ColumnType, ...] = typing.get_args(ColumnType)
"""What a cell of each type holds and how it is read, written into the entry workbook and documented:
tracker.columns.COLUMN_KINDS, one entry per type."""


class BuiltinColumn(typing.NamedTuple):
    """A built-in column: its key, its header in a new tracker, its type (not the tracker's to change), its width."""

    key: str
    header: str
    kind: ColumnType
    width: int = 16


BUILTIN_COLUMNS: tuple[BuiltinColumn, ...] = (
    BuiltinColumn("stt", "STT", "integer", 6),
    BuiltinColumn("date", "Ngày thực hiện", "date", 14),
    BuiltinColumn("task", "Nhiệm vụ", "choice"),
    BuiltinColumn("form", "Hình thức", "choice", 26),
    BuiltinColumn("content", "Nội dung", "text", 48),
    BuiltinColumn("audience", "Đối tượng", "choice", 26),
    BuiltinColumn("participants", "Số người tham gia/tiếp cận", "integer"),
    BuiltinColumn("quantity", "Số lượng (tin, bài, buổi, lượt)", "integer"),
    BuiltinColumn("link", "Link minh chứng", "link"),
    BuiltinColumn("note", "Ghi chú", "text"),
)
COLUMN_KEYS: tuple[str, ...] = tuple(c.key for c in BUILTIN_COLUMNS)
DEFAULT_HEADERS: dict[str, str] = {c.key: c.header for c in BUILTIN_COLUMNS}
REQUIRED_COLUMNS: tuple[str, ...] = ("date", "task", "content")
BUILTIN_TYPES: dict[str, ColumnType] = {c.key: c.kind for c in BUILTIN_COLUMNS}
_KEY = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")


class Column(Model):
    key: str = Field(description="One of the built-in keys, or the tracker's own (lowercase, '-' or '_').")
    header: str
    aliases: list[str] = []
    width: int = Field(default=14, ge=3, le=120)
    type: ColumnType | None = Field(default=None, description="Required for the tracker's own columns.")
    choices: list[str] = Field(default=[], description="The dropdown of a 'choice' column of the tracker's own.")
    required: bool = Field(default=False, description="An empty cell in this column rejects the row.")

    @property
    def builtin(self) -> bool:
        return self.key in BUILTIN_TYPES

    @property
    def kind(self) -> ColumnType:
        return BUILTIN_TYPES.get(self.key) or self.type or "text"


def _default_columns() -> list[Column]:
    return [Column(key=c.key, header=c.header, width=c.width) for c in BUILTIN_COLUMNS]


class Window(Model):
    start: date
    end: date


class Tagged(typing.Protocol):
    """What a filter looks at in an activity (tracker.intake.Activity)."""

    @property
    def tags(self) -> Iterable[str]: ...
    @property
    def forms(self) -> Iterable[str]: ...
    @property
    def audiences(self) -> Iterable[str]: ...


T_Tagged = typing.TypeVar("T_Tagged", bound=Tagged)


class Filter(Model):
    """Which activities a rule looks at: tagged with one of `tags`, of one of `forms`, for one of `audiences`.

    An empty list does not filter. Lists are alternatives (any of), the three fields together must all hold.
    """

    tags: list[str] = []
    forms: list[str] = []
    audiences: list[str] = []

    def selects(self, tags: Iterable[str], forms: Iterable[str], audiences: Iterable[str]) -> bool:
        lists, (tag_set, form_set, audience_set) = self._sets
        if lists[0] is not self.tags or lists[1] is not self.forms or lists[2] is not self.audiences:
            self.__dict__.pop("_sets", None)  # a model_copy carries the sets of the filter it was copied from
            return self.selects(tags, forms, audiences)
        return ((not tag_set or not tag_set.isdisjoint(tags))
                and (not form_set or not form_set.isdisjoint(forms))
                and (not audience_set or not audience_set.isdisjoint(audiences)))

    def select(self, items: Iterable[T_Tagged]) -> list[T_Tagged]:
        """The items `selects` takes, in their order: the sets looked up once, not once per item (evaluation asks
        every rule about each of a unit's activities: 1.35 million questions at national scale)."""
        lists, (tag_set, form_set, audience_set) = self._sets
        if lists[0] is not self.tags or lists[1] is not self.forms or lists[2] is not self.audiences:
            self.__dict__.pop("_sets", None)  # as in selects: a model_copy's sets are its original's
            return self.select(items)
        if not form_set and not audience_set:  # most rules filter by part alone
            return [a for a in items if not tag_set or not tag_set.isdisjoint(a.tags)]
        return [a for a in items if (not tag_set or not tag_set.isdisjoint(a.tags))
                and (not form_set or not form_set.isdisjoint(a.forms))
                and (not audience_set or not audience_set.isdisjoint(a.audiences))]

    @functools.cached_property
    def _sets(self) -> tuple[tuple[list[str], ...], tuple[frozenset[str], ...]]:
        """The three lists as sets, made once: evaluation asks every rule about every row of every unit (1.35
        million times at national scale), and a generator per question was most of the evaluation's time."""
        return (self.tags, self.forms, self.audiences), (frozenset(self.tags), frozenset(self.forms),
                                                         frozenset(self.audiences))


class OfWhich(Filter):
    """'… of which at least `min` for audience X': a condition on a subset of the counted activities."""

    min: int = Field(default=1, ge=1)


class RuleModel(Filter):
    """What every rule kind's model has beside its filter: its own checks against the tracker, and whether a
    recurring part may use it. Its judgement and reasons are its handler in tracker.rules."""

    recurring: ClassVar[bool] = False
    """A recurring part is judged period by period: only a kind that counts rows (count, evidence) can be."""

    def check(self, t: Tracker, part: Part, base: Loc) -> list[tuple[Loc, str]]:
        """The rule's mistakes beyond its filter (checked for every rule), each at its YAML location."""
        return []


class CountRule(RuleModel):
    """At least `min` matching activities, optionally in a window, with `of_which` conditions on subsets."""

    recurring: ClassVar[bool] = True
    kind: Literal["count"]
    min: int = Field(default=1, ge=1)
    window: Window | None = None
    of_which: list[OfWhich] = []

    def check(self, t: Tracker, part: Part, base: Loc) -> list[tuple[Loc, str]]:
        out = _check_window(t, self.window, base)
        for k, sub in enumerate(self.of_which):
            out += _check_filter(t, sub, (*base, "of_which", k))
            if sub.min > self.min:
                out.append(((*base, "of_which", k, "min"), f"of_which asks {sub.min}, more than the rule's min {self.min}"))
        return out


class SumRule(RuleModel):
    """The sum of a whole-number column over matching activities reaches a target: one number, or per unit."""

    kind: Literal["sum"]
    column: str = Field(description="'participants', 'quantity' or an integer column of the tracker's own.")
    target: int | None = Field(default=None, ge=1)
    target_from: str | None = Field(default=None, description="A key of the units' `targets`.")
    window: Window | None = None

    def check(self, t: Tracker, part: Part, base: Loc) -> list[tuple[Loc, str]]:
        out = _check_window(t, self.window, base)
        if self.column not in ("participants", "quantity") and (
                not t.has_column(self.column) or t.column(self.column).kind != "integer"):
            out.append(((*base, "column"), f"{self.column!r} is not a whole-number column "
                                           "(participants, quantity, or a column of type 'integer')"))
        if (self.target is None) == (self.target_from is None):
            out.append((base, "a sum rule needs exactly one of `target` (a number) or `target_from` (a units' target)"))
        if self.target_from is not None:
            lacking = [u.id for u in t.units if part.applies(u) and self.target_from not in u.targets]
            if lacking:
                shown = ", ".join(lacking[:5]) + (" …" if len(lacking) > 5 else "")
                out.append(((*base, "target_from"), f"{len(lacking)} unit(s) bound by this part have no "
                                                    f"targets.{self.target_from}: {shown}"))
        return out


class AudienceGroup(Model):
    name: str
    audiences: list[str]


class AudienceRule(RuleModel):
    """The matching activities together reach at least one audience of every group."""

    kind: Literal["audiences"]
    groups: list[AudienceGroup] = Field(min_length=1)

    def check(self, t: Tracker, part: Part, base: Loc) -> list[tuple[Loc, str]]:
        audiences = {i.value for i in t.lists.audiences}
        return [((*base, "groups", gi, "audiences", k), f"unknown audience {aud!r}")
                for gi, group in enumerate(self.groups) for k, aud in enumerate(group.audiences)
                if aud not in audiences]


class MonthlyRule(RuleModel):
    """At least `min` activities in every calendar month of the campaign; each month due at its end."""

    kind: Literal["monthly"]
    min: int = Field(default=1, ge=1)


class EvidenceRule(RuleModel):
    """At least `min` matching activities carrying evidence: a link, a document reference, or either."""

    recurring: ClassVar[bool] = True
    kind: Literal["evidence"]
    min: int = Field(default=1, ge=1)
    evidence: Literal["link", "document", "link_or_document"] = "link"
    column: str | None = Field(default=None, description="The docref column; the first one when not given.")

    def check(self, t: Tracker, part: Part, base: Loc) -> list[tuple[Loc, str]]:
        out: list[tuple[Loc, str]] = []
        if self.evidence != "link" and not _docref_column(t, self.column):
            out.append(((*base, "column"), "document evidence needs a column of type 'docref'"))
        if self.evidence != "document" and not t.has_column("link"):
            out.append(((*base, "evidence"), "link evidence needs the 'link' column"))
        return out


Rule = Annotated[CountRule | SumRule | AudienceRule | MonthlyRule | EvidenceRule, Field(discriminator="kind")]
RULE_KINDS: tuple[str, ...] = ("count", "sum", "audiences", "monthly", "evidence")


class AppliesTo(Model):
    """Which units a part binds. A unit is bound when named, or when its labels match every `labels` entry."""

    units: list[str] = []
    labels: dict[str, list[str]] = {}
    exclude: list[str] = []

    def covers(self, unit: Unit) -> bool:
        if unit.id in self.exclude:
            return False
        if unit.id in self.units:
            return True
        return bool(self.labels) and all(unit.labels.get(k) in values for k, values in self.labels.items())


class Recurrence(Model):
    """A part due again every period, from a first to a last one: every day, week (a weekday and an hour),
    month (a day), quarter, half-year or year (a day of one of the period's months; its last day by default).

    Weeks run Monday to Sunday; months, quarters, half-years and years are the calendar's. Each period is
    judged on its own due date.
    """

    every: Literal["day", "week", "month", "quarter", "half-year", "year"]
    weekday: Weekday | None = None
    day: int | None = Field(default=None, ge=1, le=31, description="Day of the month; clipped to the month's end.")
    month: int | None = Field(default=None, ge=1, le=12, description="For a quarter, half-year or year: which "
                              "month of the period the day falls in (1 = its first); its last month by default.")
    time: HourMinute = "17:00"
    first: date = Field(description="Any day of the first period.")
    last: date = Field(description="Any day of the last period.")
    due_next_period: bool = Field(default=False, description="The due date falls in the period after the one reported on.")
    column: str | None = Field(default=None, description="A 'period' column where units say which period a row reports.")


MONTHS_PER_PERIOD: dict[str, int] = {"month": 1, "quarter": 3, "half-year": 6, "year": 12}


class DueIn(Model):
    """'trong 05 ngày làm việc kể từ ngày 12/5/2026': resolved at load time into the part's `due`."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    working_days: int = Field(ge=1, le=366)
    start: date = Field(alias="from", description="The day the period is counted from (not itself counted).")


class Part(Model):
    id: str
    title: str
    quote: str = ""
    due: date | None = None
    due_in: DueIn | None = Field(default=None, description="A due date in working days; the loader sets `due` from it.")
    recurs: Recurrence | None = None
    applies_to: AppliesTo | None = None
    rule: Rule

    def applies(self, unit: Unit) -> bool:
        return self.applies_to is None or self.applies_to.covers(unit)


class Task(Model):
    id: str
    title: str
    quote: str
    parts: list[Part] = Field(min_length=1)


def task_column(task_id: str) -> str:
    """How a task's column is headed in the check's tables: 'NV2' (nhiệm vụ 2) for a numbered task; an id that is not a
    number (a draft's 'II.P1' from a section's prose, 'PL1.3' from an annex) is its own name, never 'NVII.P1'."""
    return f"NV{task_id}" if task_id[:1].isdigit() else task_id


class StaffMember(Model):
    """One of the office's staff who may record the province's decisions (docs/reviews.md)."""

    name: str = Field(default="", description="Full name as written in the review tab's 'Người quyết định'.")
    email: str = Field(default="", description="Address; a decision line may name the person by it instead.")


class Province(Model):
    """The office that tracks the directive: it signs reminders, receives the digest and issues documents."""

    name: str
    short_name: str = Field(default="", description="How the office names itself in a sentence: 'Sở', 'UBND tỉnh'.")
    parent: str = Field(default="", description="The body above the office, for the letterhead: 'UBND TỈNH QUẢNG TRỊ'.")
    place: str = Field(default="", description="The place written before the date: 'Huế', 'Đà Nẵng'.")
    doc_symbol: str = Field(default="", description="The symbol after the number on the office's letters: 'STTTT-TTBCXB'.")
    signer: str = ""
    signer_title: str = ""
    office: str = Field(default="", description="The division that tracks the directive: 'Phòng Thông tin - Báo chí - "
                        "Xuất bản'. It writes the weekly report to the office's leadership.")
    office_signer: str = Field(default="", description="Who signs the division's weekly report (its head).")
    office_signer_title: str = Field(default="", description="The division head's title: 'Trưởng phòng' (default for "
                                     "a 'Phòng'), 'Chánh Văn phòng' (for a 'Văn phòng'); 'KT. Trưởng phòng — Phó "
                                     "Trưởng phòng' when a deputy signs.")
    staff_emails: list[str] = []
    staff: list[StaffMember] = Field(default=[], description="Who may record decisions, by name and address; "
                                     "the addresses of `staff_emails` may too.")
    signature: list[str] = []
    sheet_url: str | None = None

    _url = field_validator("sheet_url")(_http_link)

    @property
    def speaker(self) -> str:
        return self.short_name or self.name

    def staff_addresses(self) -> list[str]:
        """Every staff address, `staff_emails` first, without repeats: who may decide (and edit the review tab)."""
        out: list[str] = []
        for address in [*self.staff_emails, *(m.email for m in self.staff if m.email)]:
            if address.casefold() not in {a.casefold() for a in out}:
                out.append(address)
        return out


class Reminders(Model):
    firm_after: int = Field(default=2, ge=1, description="Consecutive overdue checks before the firm level.")
    cooldown_days: int = Field(default=6, ge=0, le=366)  # a day count past the calendar ended remind in a traceback
    rate_per_minute: int = Field(default=60, ge=1)
    acknowledge_done: bool = False
    templates: str | None = Field(default=None, description="Folder of the tracker's own templates.")


class Documents(Model):
    """The official documents (docs/documents.md): the tracker's own Word templates and recipients.

    Template paths are relative to the YAML file; without one, the bundled template is used.
    """

    weekly: str | None = Field(default=None, description="Word template (.docx) of the weekly progress report.")
    final: str | None = Field(default=None, description="Word template (.docx) of the final report.")
    reminder_letter: str | None = Field(default=None, description="Word template (.docx) of the reminder letter.")
    weekly_from: Literal["office", "province"] = Field(
        default="office", description="Who writes the weekly report: `office`, the division (province.office) to the "
        "office's leadership (an internal report, signed by the division's head); `province`, the office itself to "
        "the body above it (province.parent), signed as its other documents.")
    weekly_to: list[str] = Field(default=[], description="'Kính gửi' of the weekly report; by default the office's "
                                 "leadership (weekly_from: office) or province.parent (weekly_from: province).")
    final_to: list[str] = Field(default=[], description="'Kính gửi' of the final report; province.parent by default.")


DOCUMENT_KINDS: tuple[str, ...] = ("weekly", "final", "reminder_letter")


class WorkingCalendar(Model):
    """The year's announced changes to the working week, on top of the public holidays."""

    extra_days_off: list[date] = Field(default=[], description="Working days declared off (nghỉ bù, nghỉ thêm).")
    make_up_working_days: list[date] = Field(default=[], description="Weekend days worked in exchange (làm bù).")
    show_working_days: bool = Field(default=False, description="Reports should count days overdue in working days.")


DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


def _domain(value: str) -> str:
    if not DOMAIN.fullmatch(value):
        raise ValueError(f"{value!r} is not a domain: write it in lower case without scheme, path or leading dot, "
                         "for example gov.vn")
    return value


class ReviewSettings(Model):
    """What the province's review looks for in the units' rows (tracker.review.lookout's "worth a look" list)."""

    official_domains: list[Annotated[str, AfterValidator(_domain)]] = Field(
        default=["gov.vn"], description="Evidence links on these domains (or their sub-domains) are the units' "
        "official pages; a link elsewhere is worth a look. An empty list turns that look off.")


class Tracker(Model):
    id: str
    title: str
    illustrative: bool = Field(default=False, description="True for a made-up directive used as an example.")
    directive: Directive
    campaign: Period
    key_dates: list[KeyDate] = []
    terms: Terms = Terms()
    rhythm: Rhythm = Rhythm()
    province: Province
    spreadsheets: list[Spreadsheet] = [Spreadsheet(id="main")]
    groupings: list[Grouping] = []
    units: list[Unit] = Field(min_length=1)
    lists: Lists
    columns: list[Column] = Field(default_factory=_default_columns)
    tasks: list[Task] = Field(min_length=1)
    reminders: Reminders = Reminders()
    documents: Documents = Documents()
    history: str | None = None
    calendar: WorkingCalendar = WorkingCalendar()
    review: ReviewSettings = ReviewSettings()
    targets_file: str | None = Field(default=None, description="The office's per-unit targets (.xlsx or .csv), "
                                     "relative to this file; added to the units' `targets` at load time.")
    contacts_file: str | None = Field(default=None, description="The office's contact list (.xlsx or .csv), "
                                      "relative to this file; its e-mails are added to the units at load time.")
    base_dir: str = Field(default=".", exclude=True, description="Set by the loader; not in YAML.")
    contact_problems: list[ContactProblem] = Field(default=[], exclude=True,
                                                   description="Set by the loader from `contacts_file`; not in YAML.")

    _id = field_validator("id")(_safe_id)

    # Convenience lookups; the models are frozen, so computing on demand keeps them derivable.
    def unit(self, unit_id: str) -> Unit:
        units, index = self._units_by_id
        if units is not self.units:  # a model_copy carries the cache of the tracker it was copied from
            self.__dict__.pop("_units_by_id", None)
            units, index = self._units_by_id
        return index[unit_id]  # KeyError(unit_id) for an unknown id, as the scan it replaces raised

    @functools.cached_property
    def _units_by_id(self) -> tuple[list[Unit], dict[str, Unit]]:
        """Every unit by its id, the first of a repeated id as a scan finds it: the evaluation asks for a unit
        per unit and task, so a scan of the list made it quadratic (23,247 calls over 3,321 units)."""
        index: dict[str, Unit] = {}
        for unit in self.units:
            index.setdefault(unit.id, unit)
        return self.units, index

    def parts(self) -> Iterator[tuple[Task, Part]]:
        for task in self.tasks:
            for part in task.parts:
                yield task, part

    def part(self, part_id: str) -> Part:
        for _, part in self.parts():
            if part.id == part_id:
                return part
        raise KeyError(part_id)

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    def has_column(self, key: str) -> bool:
        return any(c.key == key for c in self.columns)

    def spreadsheet_of(self, unit: Unit) -> Spreadsheet:
        wanted = unit.spreadsheet or self.spreadsheets[0].id
        for sheet in self.spreadsheets:
            if sheet.id == wanted:
                return sheet
        raise KeyError(wanted)

    def group_of(self, unit: Unit, grouping: Grouping) -> str:
        return unit.labels.get(grouping.label, "")

    def task_choices(self) -> str:
        """The task tags as a unit reads them in a message: '1, 2a, 2b hoặc 3'."""
        values = [i.value for i in self.lists.tasks]
        return series(values, "hoặc")

    def example_date(self) -> date:
        """A day inside the campaign for 'ví dụ …' hints: the campaign's 28th, or its first day."""
        c = self.campaign
        candidate = c.start.replace(day=min(28, calendar.monthrange(c.start.year, c.start.month)[1]))
        return candidate if c.contains(candidate) else c.start

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
    except OSError as exc:  # the reason alone ("No such file or directory"): definition_vi words the common ones
        raise DefinitionError(label, [DefinitionProblem(label, None, "", f"cannot read file: {exc.strerror or exc}")]
                              ) from exc
    except UnicodeDecodeError as exc:
        raise DefinitionError(label, [DefinitionProblem(
            label, None, "", f"the file is not UTF-8 text (byte {exc.start}): save it as UTF-8")]) from exc
    return parse_tracker(text, label=label, base_dir=path.parent)


def read_yaml(text: str, label: str) -> tuple[dict[str, Any], yaml.Node | None]:
    """A YAML mapping (duplicate keys refused) and its node tree, for locating fields by line; a syntax
    error or a file that is not a mapping is a DefinitionError naming its line."""
    try:
        data, node = load_yaml(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise DefinitionError(label, [DefinitionProblem(label, line, "", f"YAML syntax: {exc.problem}")]) from exc
    except yaml.YAMLError as exc:
        raise DefinitionError(label, [DefinitionProblem(label, None, "", f"YAML: {exc}")]) from exc
    if not isinstance(data, dict):
        raise DefinitionError(label, [DefinitionProblem(label, 1, "", "the file must be a mapping of fields")])
    controls = [DefinitionProblem(label, _line_of(node, loc), _dotted(loc), message) for loc, message in _controls(data)]
    if controls:  # invisible, and unwritable in a workbook or a letter: said where they are, before anything else
        raise DefinitionError(label, controls)
    return data, node


def validation_problems(label: str, node: yaml.Node | None, exc: ValidationError,
                        root: type[BaseModel] | None = None) -> list[DefinitionProblem]:
    """Every pydantic error of a file as a problem with its line and field; `root` is the model the file is
    (a tracker by default), so that an unknown field is told the fields allowed there."""
    return [DefinitionProblem(label, _line_of(node, err["loc"]), _dotted(err["loc"]),
                              _bare_number(node, err) or _pydantic_message(err, root))
            for err in exc.errors()]


def parse_tracker(text: str, *, label: str = "<tracker>", base_dir: Path | str = ".") -> Tracker:
    # The collector paused (and what was made frozen) as in the check: for a 3,321-unit file it made three full passes
    # over the node tree and the models, finding nothing, 0.25 of the load's 0.64 CPU-seconds (issue 29).
    with bulk_allocation():
        return _parse_tracker(text, label, base_dir)


def _parse_tracker(text: str, label: str, base_dir: Path | str) -> Tracker:
    data, node = read_yaml(text, label)
    data = {**data, "base_dir": str(base_dir), "contact_problems": []}
    try:
        tracker = Tracker.model_validate(data)
    except ValidationError as exc:
        raise DefinitionError(label, validation_problems(label, node, exc)) from exc
    tracker, found = _after_validation(tracker)
    problems = [
        DefinitionProblem(label, _line_of(node, loc), _dotted(loc), message)
        for loc, message in [*found, *_cross_check(tracker)]
    ]
    if problems:
        raise DefinitionError(label, problems)
    return tracker


def _controls(value: Any, loc: Loc = ()) -> list[tuple[Loc, str]]:
    """Every text of the file (a YAML escape such as "\\x0b" or "\\ud800") holding a control character."""
    if isinstance(value, str):
        found = control_characters(value)
        return [(loc, f"holds the control character(s) {', '.join(found)}: invisible, and no workbook, letter or "
                      "e-mail can hold them; remove them")] if found else []
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in (*_controls(k, loc), *_controls(v, (*loc, str(k))))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _controls(v, (*loc, i))]
    return []


def _after_validation(tracker: Tracker) -> tuple[Tracker, list[tuple[Loc, str]]]:
    """What the loader derives from a valid file: due dates counted in working days, contacts from a file."""
    out: list[tuple[Loc, str]] = []
    spec = tracker.calendar
    both = sorted(set(spec.extra_days_off) & set(spec.make_up_working_days))
    if both:
        out.append((("calendar",), "a day cannot be both a day off and a make-up working day: "
                                   + ", ".join(d.isoformat() for d in both)))
    cal = work_calendar(tracker)
    tasks = []
    for ti, task in enumerate(tracker.tasks):
        parts = []
        for pi, part in enumerate(task.parts):
            if part.due_in is not None:
                if part.due is not None:
                    out.append((("tasks", ti, "parts", pi, "due_in"), "give either `due` or `due_in`, not both"))
                else:
                    try:
                        due = add_working_days(part.due_in.start, part.due_in.working_days, cal)
                    except (ValueError, OverflowError) as exc:  # a start at the end of the calendar
                        out.append((("tasks", ti, "parts", pi, "due_in"), f"cannot count the working days: {exc}"))
                        continue  # the load fails on this problem; left out, the part raises no second one
                    part = part.model_copy(update={"due": due})
            parts.append(part)
        tasks.append(task.model_copy(update={"parts": parts}))
    tracker = tracker.model_copy(update={"tasks": tasks})
    if tracker.targets_file is not None:
        # Read before the cross-checks, which ask every unit bound by a `target_from` rule for its number.
        found, problems = read_targets(beside(tracker.base_dir, tracker.targets_file), tracker.units)
        out += [(("targets_file",), message) for message in problems]
        if found:
            tracker = tracker.model_copy(update={"units": [u.model_copy(update={"targets": found.get(u.id, u.targets)})
                                                           for u in tracker.units]})
    if tracker.contacts_file is not None:
        try:
            tracker = _with_contacts(tracker, beside(tracker.base_dir, tracker.contacts_file))
        except DefinitionError as exc:
            # The contacts file is read after the YAML; its fatal problems name the field that points to it.
            out += [(("contacts_file",), p.message) for p in exc.problems]
    return tracker, out


def beside(folder: str | Path, written: str) -> Path:
    """A file a YAML file names, as a person wrote it: relative to the YAML's folder, absolute as it is, and `~` the
    home folder (nothing else would expand it: taken literally, `~/danh-ba.xlsx` was a folder named `~`)."""
    path = Path(written.strip())
    with contextlib.suppress(RuntimeError):  # `~someone` of no such user: as written, said to be missing when read
        path = path.expanduser()
    return Path(folder) / path


def _with_contacts(tracker: Tracker, path: Path) -> Tracker:
    """The tracker with each unit's e-mails from the contacts file, and the problems found on the way."""
    found, problems = read_contacts(path, tracker.units)
    units = [u.model_copy(update={"contacts": found[u.id].emails, "leaders_cc": found[u.id].leaders_cc})
             for u in tracker.units]
    return tracker.model_copy(update={"units": units, "contact_problems": problems})


def work_calendar(tracker: Tracker) -> WorkCalendar:
    """The tracker's working calendar: public holidays plus its own announced days off and make-up days."""
    return WorkCalendar(extra_days_off=frozenset(tracker.calendar.extra_days_off),
                        make_up_working_days=frozenset(tracker.calendar.make_up_working_days))


def locate(path: str | Path, locs: Sequence[Loc]) -> list[int | None]:
    """The lines of fields in a definition file, for problems found after loading (warnings); one parse."""
    try:
        _, node = load_yaml(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return [None] * len(locs)
    return [_line_of(node, loc) for loc in locs]


class NamedUnit(typing.Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def sheet(self) -> str: ...


def find_unit(units: Sequence[NamedUnit], wanted: str) -> str:
    """The id of the unit a person named by its id, name or sheet (any case, marks or spacing); a name that is no
    unit's is a TrackerError naming the units whose words hold it (part of a name: 'Cam Lộ'), else a few ids."""
    from tracker.errors import TrackerError

    key = fold(wanted)
    for u in units:
        if key in {fold(u.id), fold(u.name), fold(u.sheet)}:
            return u.id
    words = set(re.findall(r"\w+", key))
    near = [u for u in units if words and words <= set(re.findall(r"\w+", f"{fold(u.id)} {fold(u.name)} {fold(u.sheet)}"))]
    if near:  # part of a name ('Cam Lộ'): the units it may mean, not five that it does not
        listed = ", ".join(f"“{u.sheet or u.name}” ({u.id})" for u in near[:8]) + (" …" if len(near) > 8 else "")
        raise TrackerError(f"no unit {wanted!r} in this tracker; perhaps one of: {listed}? Give its id, name or "
                           "sheet name exactly",
                           vi=f"không có đơn vị “{wanted}” trong tracker này; có phải một trong: {listed}? Ghi đúng "
                              "mã, tên hoặc tên trang tính")
    known = ", ".join(u.id for u in units[:5]) + (" …" if len(units) > 5 else "")
    raise TrackerError(f"no unit {wanted!r} in this tracker (give an id, a name or a sheet name, e.g. {known})",
                       vi=f"không có đơn vị “{wanted}” trong tracker này (ghi mã, tên hoặc tên trang tính, ví dụ "
                          f"{known})")


def find_tracker(name: str | Path, search: Sequence[Path] | None = None) -> Path:
    """A path as given, or a tracker id looked up in ./trackers and then among the bundled trackers."""
    path = Path(name)
    if path.is_file():
        return path  # a folder named like a tracker id (a demo's output, say) is not the tracker
    dirs = [*(search or []), Path.cwd() / "trackers", bundled_trackers_dir()]
    for folder in dirs:
        for candidate in (folder / f"{name}.yaml", folder / f"{name}.yml"):
            if candidate.exists():
                return candidate
    return path  # load_tracker reports it cannot be read


def locate_tracker(name: str | Path, search: Sequence[Path] | None = None) -> Path:
    """find_tracker, and for a name that is no file and no known tracker id, UnknownTrackerError naming the trackers
    there are and the closest to what was typed."""
    path = find_tracker(name, search)
    text = str(name)
    if path.exists() or "/" in text or "\\" in text or text.endswith((".yaml", ".yml")):
        return path  # a path the user typed: load_tracker says exactly what is wrong with it
    folders = [*(search or []), Path.cwd() / "trackers"]
    known = sorted({p.stem for f in folders if f.is_dir() for p in f.glob("*.y*ml") if ".sample." not in p.name}
                   | set(bundled_tracker_ids()))
    close = [k for k in known if k.startswith(text)][:1] or difflib.get_close_matches(text, known, n=1, cutoff=0.3)
    hint = f" Có phải “{close[0]}”?" if close else ""
    hint_en = f" Did you mean {close[0]!r}?" if close else ""
    raise UnknownTrackerError(
        f"no tracker {text!r}: not a file, and no such id among {', '.join(known)}.{hint_en}",
        vi=f"Không có tracker “{text}” (không phải tệp, cũng không phải mã tracker nào). Các tracker hiện có: "
           f"{', '.join(known)}.{hint}")


def bundled_trackers_dir() -> Path:
    """The trackers shipped inside the package, so that an installed wheel finds them by id."""
    return Path(__file__).resolve().parent / "trackers"


def bundled_tracker_ids() -> list[str]:
    return sorted(p.stem for p in bundled_trackers_dir().glob("*.yaml") if not p.name.endswith(".sample.yaml"))


def bundled_tracker_path(tracker_id: str | None = None) -> Path:
    """A bundled tracker by id; the first bundled one (the oldest, by its id) when none is named."""
    return bundled_trackers_dir() / f"{tracker_id or bundled_tracker_ids()[0]}.yaml"


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
    """An impossible date (2026-02-30) stays text, so validation names its field and line instead of
    the YAML library raising a bare ValueError."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_UniqueKeyLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


class _UniqueKeyCLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """_UniqueKeyLoader over libyaml's parser: a 3,321-unit definition composes in 0.3 s instead of 2.6 s."""


_UniqueKeyCLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_UniqueKeyCLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
YAML_LOADERS: tuple[type[Any], ...] = (
    (_UniqueKeyCLoader, _UniqueKeyLoader) if getattr(yaml, "__with_libyaml__", False) else (_UniqueKeyLoader,))
"""The loaders load_yaml tries in turn: libyaml's when PyYAML was built with it, then the pure-Python one."""


def load_yaml(text: str, loaders: Sequence[type[Any]] = YAML_LOADERS) -> tuple[Any, yaml.Node | None]:
    """The document's data (duplicate keys refused, impossible dates kept as text) and its node tree, from one
    parse. The first loader that succeeds gives both; only the last one's error is raised, so a file libyaml
    refuses or reads in its own way is told by the pure-Python loader, in the words it always used."""
    for loader_class in loaders[:-1]:
        try:
            return _load_once(text, loader_class)
        except OutsizedYAMLError:
            raise  # said with its line; the reference loader would only overflow on it
        except Exception:  # any surprise of the fast path is the reference loader's to tell
            continue
    return _load_once(text, loaders[-1])


MAX_YAML_DEPTH = 64
"""How deeply a definition's values may nest: a tracker's deepest field is under ten levels; a file of thousands of
`[` would overflow every recursive walk of the data (the pure-Python parser, validation, the location of a field)."""
MAX_YAML_VALUES = 2_000_000
"""How many values a definition may hold once its aliases (`*name`) are expanded: a 2 MB file holds under a million
without them, while ten aliases of ten aliases … ("billion laughs") make billions from a few lines."""


class OutsizedYAMLError(yaml.composer.ComposerError):
    """A file nested too deeply or whose aliases expand too far (MAX_YAML_DEPTH, MAX_YAML_VALUES)."""


def _load_once(text: str, loader_class: type[Any]) -> tuple[Any, yaml.Node | None]:
    loader = loader_class(text)
    try:
        try:
            node = loader.get_single_node()
        except RecursionError as exc:  # the pure-Python composer recurses once per level of nesting
            raise OutsizedYAMLError(None, None, f"the file nests values more than {MAX_YAML_DEPTH} "
                                              "levels deep", None) from exc
        if node is not None:
            _refuse_outsized(node)
        return (loader.construct_document(node) if node is not None else None), node
    finally:
        loader.dispose()


def _refuse_outsized(root: yaml.Node) -> None:
    """A ComposerError at the first node nested past MAX_YAML_DEPTH, or whose aliases expand past MAX_YAML_VALUES.
    A file without aliases within both limits (every tracker written by hand or by the tool) is told so by one
    plain walk (`_plainly_within`); any other is walked again by `_refuse_outsized_exactly`, which names the node."""
    if not _plainly_within(root):
        _refuse_outsized_exactly(root)


def _plainly_within(root: yaml.Node) -> bool:
    """Whether the tree holds no alias (no node reached twice), is at most MAX_YAML_DEPTH deep and holds at most
    MAX_YAML_VALUES nodes: then no node is past either limit. One visit a node, no sizes kept: a 3,321-unit
    definition in 0.03 CPU-s instead of the exact walk's 0.16 (issue 29: the load is on one core ahead of the check)."""
    seen: set[int] = set()
    stack = [(root, 1)]
    deepest = 0
    while stack:
        node, level = stack.pop()
        if id(node) in seen:
            return False  # an alias: what it expands to is the exact walk's to count
        seen.add(id(node))
        deepest = max(deepest, level)
        if isinstance(node, yaml.MappingNode):
            stack += [(child, level + 1) for pair in node.value for child in pair]
        elif isinstance(node, yaml.SequenceNode):
            stack += [(child, level + 1) for child in node.value]
    return deepest <= MAX_YAML_DEPTH and len(seen) <= MAX_YAML_VALUES


def _refuse_outsized_exactly(root: yaml.Node) -> None:
    """`_refuse_outsized`'s whole walk: each node's depth and expanded size, the first past a limit refused.
    Walked without recursion, each node once (an alias is the node it names): a node's depth and expanded size come
    from its children's. A node that holds itself is left to the constructor, which refuses it."""
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    visiting: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        children = [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else (
            list(node.value) if isinstance(node, yaml.SequenceNode) else [])
        if not children_done:
            if key in size or key in visiting:
                continue
            visiting.add(key)
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in size)
            continue
        visiting.discard(key)
        size[key] = 1 + sum(size.get(id(child), 0) for child in children)
        depth[key] = 1 + max((depth.get(id(child), 0) for child in children), default=0)
        if depth[key] > MAX_YAML_DEPTH:
            raise OutsizedYAMLError(None, None, f"the file nests values more than {MAX_YAML_DEPTH} levels "
                                              "deep", node.start_mark)
        if size[key] > MAX_YAML_VALUES:
            raise OutsizedYAMLError(None, None, f"the file's aliases (*name) expand to more than "
                                              f"{MAX_YAML_VALUES:,} values", node.start_mark)


def _line_of(node: yaml.Node | None, loc: Iterable[Any]) -> int | None:
    """Follow a validation location through the YAML node tree to the nearest line."""
    return None if node is None else _walk(node, loc)[1]


def _walk(node: yaml.Node, loc: Iterable[Any]) -> tuple[yaml.Node | None, int]:
    """The node at a validation location (None when the path leaves the tree) and the nearest line to it."""
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
                return None, line
            node = found
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if step >= len(node.value):
                return None, line
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            # discriminator tags such as 'count' appear in loc without a YAML node
            continue
    return node, line


def _bare_number(node: yaml.Node | None, err: Any) -> str | None:
    """A text field typed as a bare number: YAML reads a code `00070` as the number 56, and pydantic's "should be a
    valid string" does not tell the person why a code is not text; say it with the value as typed."""
    typed = err.get("input")
    if err.get("type") != "string_type" or isinstance(typed, bool) or not isinstance(typed, int | float):
        return None
    scalar = None if node is None else _walk(node, err.get("loc", ()))[0]
    shown = scalar.value if isinstance(scalar, yaml.ScalarNode) else str(typed)
    return f'must be text, and {shown} reads as a number: write it in double quotes, "{shown}"'


def _dotted(loc: Iterable[Any]) -> str:
    out = ""
    previous: Any = None
    for step in loc:
        if isinstance(step, int):
            out += f"[{step}]"
        elif previous == "rule" and step in RULE_KINDS:
            pass  # the discriminated-union branch, not a field
        elif isinstance(step, str) and ("[" in step or step.startswith("function-")):
            pass  # pydantic's names for union members and validators, not fields
        else:
            out += f".{step}" if out else str(step)
        previous = step
    return out


def _pydantic_message(err: Any, root: type[BaseModel] | None = None) -> str:
    kind = err.get("type", "")
    loc = tuple(err.get("loc", ()))
    if kind == "extra_forbidden":
        return _unknown_field_message(loc, root)
    if kind == "missing":
        return "required field is missing"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return "rule kind must be one of: " + ", ".join(RULE_KINDS)
    if kind.startswith("date_") or kind == "date_type":
        typed = err.get("input")
        if isinstance(typed, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", typed.strip()):
            return f"{typed!r} is not a real date ({str(err.get('msg', '')).removeprefix('Input should be a valid date or datetime, ')})"
        return f"a date must be YYYY-MM-DD, for example 2026-05-29 (found {typed!r})"
    msg = str(err.get("msg", "invalid value"))
    return msg.removeprefix("Value error, ")


def _unknown_field_message(loc: Loc, root: type[BaseModel] | None = None) -> str:
    known = _fields_at(loc[:-1], root)
    name = str(loc[-1]) if loc else ""
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return f"unknown field {name!r}: did you mean {close[0]!r}? (see docs/tracker-format.md)"
    listed = ", ".join(sorted(known)) if known else "none"
    return f"unknown field {name!r}: the format has no such field here (fields allowed here: {listed})"


def _fields_at(loc: Loc, root: type[BaseModel] | None = None) -> list[str]:
    """The field names the format allows at a location, by walking the models along it."""
    model: Any = root or Tracker
    for step in loc:
        if isinstance(step, int) or (isinstance(step, str) and step in RULE_KINDS):
            if isinstance(step, str):
                model = {"count": CountRule, "sum": SumRule, "audiences": AudienceRule, "monthly": MonthlyRule,
                         "evidence": EvidenceRule}[step]
            continue
        field = getattr(model, "model_fields", {}).get(step)
        if field is None:
            return []
        model = _model_in(field.annotation)
        if model is None:
            return []
    return [f.alias or name for name, f in getattr(model, "model_fields", {}).items() if not f.exclude]


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


Loc = tuple[Any, ...]


def _campaign_years(campaign: Period) -> list[tuple[Loc, str]]:
    """A campaign's start or end outside CAMPAIGN_YEARS (0001, 9999): a slip, and every date reckoned from it runs off
    the calendar."""
    low, high = CAMPAIGN_YEARS
    return [(("campaign", key), f"the year {day.year} is outside {low}–{high}")
            for key, day in (("start", campaign.start), ("end", campaign.end)) if not low <= day.year <= high]


def _sheet_name_problems(sheet: str) -> list[str]:
    """What is wrong with a unit's tab name: what Excel and Sheets refuse, and a name intake never reads as a unit's."""
    out = []
    if len(sheet) > SHEET_NAME_MAX:
        out.append(f"sheet name is {len(sheet)} characters; the limit is 31")
    bad = sorted(SHEET_NAME_FORBIDDEN & set(sheet))
    if bad:
        out.append(f"sheet name contains forbidden character(s) {' '.join(bad)}")
    if not sheet.strip():
        out.append("sheet name is empty")
    elif is_review_sheet(sheet):  # the province's review tab: intake never reads it as a unit's
        out.append(f"sheet name '{sheet}' begins with 'Duyệt', the province's review tab, and is never read as a unit's")
    if sheet.startswith("'") or sheet.endswith("'"):
        out.append("sheet name begins or ends with an apostrophe, which Excel refuses")
    return out


def _cross_check(t: Tracker) -> list[tuple[Loc, str]]:
    """Rules pydantic cannot express field by field: uniqueness and references between fields."""
    out: list[tuple[Loc, str]] = []
    if t.campaign.start > t.campaign.end:
        out.append((("campaign", "end"), "campaign ends before it starts"))
    out += _campaign_years(t.campaign)
    out += _duplicates([u.id for u in t.units], ("units",), "id", "unit id")
    out += _duplicates([fold(u.sheet) for u in t.units], ("units",), "sheet", "sheet name")
    sheet_ids = {s.id for s in t.spreadsheets}
    for i, unit in enumerate(t.units):
        out += [(("units", i, "sheet"), problem) for problem in _sheet_name_problems(unit.sheet)]
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
    for j, member in enumerate(t.province.staff):
        if not member.name.strip() and not member.email.strip():
            out.append((("province", "staff", j), "a staff member needs a name, an email, or both"))
        problem = _email_problem(member.email) if member.email else None
        if problem:
            out.append((("province", "staff", j, "email"), problem))
    for name in ("tasks", "forms", "audiences"):
        items: list[ListItem] = getattr(t.lists, name)
        keys = [fold(a) for item in items for a in [item.value, item.label, *item.aliases] if a]
        seen: set[str] = set()
        for key in keys:
            if key in seen:
                out.append((("lists", name), f"'{key}' names two entries of the list"))
            seen.add(key)
    out += _duplicates([p.id for _, p in t.parts()], ("tasks",), None, "part id")
    out += _check_groupings(t)
    out += _check_columns(t)
    out += _check_parts(t)
    out += _check_documents(t)
    return out


def _check_documents(t: Tracker) -> list[tuple[Loc, str]]:
    out: list[tuple[Loc, str]] = []
    for kind in DOCUMENT_KINDS:
        name = getattr(t.documents, kind)
        if name is None:
            continue
        path = Path(t.base_dir) / name
        if path.suffix.lower() != ".docx":
            out.append((("documents", kind), f"a document template must be a Word .docx file (found {name!r})"))
        elif not path.is_file():
            out.append((("documents", kind), f"template {name!r} not found (looked for {path})"))
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


def _check_groupings(t: Tracker) -> list[tuple[Loc, str]]:
    out: list[tuple[Loc, str]] = []
    for gi, grouping in enumerate(t.groupings):
        unlabelled = [u.id for u in t.units if not u.labels.get(grouping.label)]
        if len(unlabelled) == len(t.units):
            out.append((("groupings", gi, "label"), f"no unit has the label {grouping.label!r}"))
        elif unlabelled:
            shown = ", ".join(unlabelled[:5]) + (" …" if len(unlabelled) > 5 else "")
            out.append((("groupings", gi, "label"),
                        f"{len(unlabelled)} unit(s) lack the label {grouping.label!r} this grouping uses: {shown}"))
    return out


def _check_columns(t: Tracker) -> list[tuple[Loc, str]]:
    out: list[tuple[Loc, str]] = _duplicates([c.key for c in t.columns], ("columns",), "key", "column key")
    for ci, col in enumerate(t.columns):
        where: Loc = ("columns", ci)
        if col.builtin:
            if col.type is not None and col.type != col.kind:
                out.append(((*where, "type"), f"the built-in column {col.key!r} is always of type {col.kind!r}"))
            continue
        if not _KEY.match(col.key):
            out.append(((*where, "key"), f"column key {col.key!r} must be lowercase letters, digits, '-' or '_' "
                                         f"(or one of the built-in keys: {', '.join(COLUMN_KEYS)})"))
        if col.type is None:
            out.append(((*where, "type"), "a column of the tracker's own needs a type: "
                                          f"{', '.join(COLUMN_TYPES[:-1])} or {COLUMN_TYPES[-1]}"))
        if col.type == "choice" and not col.choices:
            out.append(((*where, "choices"), "a choice column needs its list of choices"))
    missing = [k for k in REQUIRED_COLUMNS if not t.has_column(k)]
    if missing:
        out.append((("columns",), f"the entry sheet needs the columns {', '.join(missing)}"))
    return out


def _check_filter(t: Tracker, rule: Filter, base: Loc) -> list[tuple[Loc, str]]:
    out: list[tuple[Loc, str]] = []
    known = {"tags": {i.value for i in t.lists.tasks}, "forms": {i.value for i in t.lists.forms},
             "audiences": {i.value for i in t.lists.audiences}}
    for field, allowed in known.items():
        for k, value in enumerate(getattr(rule, field)):
            if value not in allowed:
                what = {"tags": "task tag", "forms": "form", "audiences": "audience"}[field]
                out.append(((*base, field, k), f"unknown {what} {value!r}; lists.{field if field != 'tags' else 'tasks'}"
                                               f" has {sorted(allowed)}"))
    return out


def _check_window(t: Tracker, window: Window | None, base: Loc) -> list[tuple[Loc, str]]:
    if window is None:
        return []
    c = t.campaign
    out: list[tuple[Loc, str]] = []
    if window.start > window.end:
        out.append(((*base, "window"), "window ends before it starts"))
    if not (c.contains(window.start) and c.contains(window.end)):
        out.append(((*base, "window"), f"window {window.start} – {window.end} lies outside the campaign "
                                       f"({c.start} – {c.end})"))
    return out


def _check_parts(t: Tracker) -> list[tuple[Loc, str]]:
    out: list[tuple[Loc, str]] = []
    unit_ids = {u.id for u in t.units}
    for ti, task in enumerate(t.tasks):
        for pi, part in enumerate(task.parts):
            where: Loc = ("tasks", ti, "parts", pi)
            if (part.due is None) == (part.recurs is None):
                out.append((where, "a part needs exactly one of `due` (a date) or `recurs` (a schedule)"))
            if part.recurs is not None:
                out += _check_recurrence(t, part.recurs, (*where, "recurs"))
                if not part.rule.recurring:
                    out.append(((*where, "rule", "kind"), "a recurring part is judged period by period with a "
                                                          "count or evidence rule"))
            if part.applies_to is not None:
                out += _check_applies(t, part.applies_to, unit_ids, (*where, "applies_to"))
            out += _check_rule(t, part, (*where, "rule"))
    return out


def _check_recurrence(t: Tracker, r: Recurrence, base: Loc) -> list[tuple[Loc, str]]:
    out: list[tuple[Loc, str]] = []
    if r.every == "week" and r.weekday is None:
        out.append(((*base, "weekday"), "a weekly schedule needs the weekday it falls due (monday … sunday)"))
    if r.every == "month" and r.day is None:
        out.append(((*base, "day"), "a monthly schedule needs the day of the month it falls due (1 … 31)"))
    if r.weekday is not None and r.every != "week":
        out.append(((*base, "weekday"), "only a weekly schedule falls due on a weekday"))
    if r.day is not None and r.every in ("day", "week"):
        out.append(((*base, "day"), f"a {'daily' if r.every == 'day' else 'weekly'} schedule has no day of the month"))
    months = MONTHS_PER_PERIOD.get(r.every, 0)
    if r.month is not None and months < 3:
        out.append(((*base, "month"), "only a quarterly, half-yearly or yearly schedule names a month"))
    elif r.month is not None and r.month > months:
        out.append(((*base, "month"), f"a {r.every} has {months} months: `month` is 1 … {months}"))
    if r.first > r.last:
        out.append(((*base, "last"), "the last period comes before the first"))
    if r.column is not None and (not t.has_column(r.column) or t.column(r.column).kind != "period"):
        out.append(((*base, "column"), f"{r.column!r} is not a column of type 'period'"))
    return out


def _check_applies(t: Tracker, a: AppliesTo, unit_ids: set[str], base: Loc) -> list[tuple[Loc, str]]:
    out: list[tuple[Loc, str]] = []
    if not a.units and not a.labels:
        out.append((base, "applies_to must name `units` or `labels`"))
    for field in ("units", "exclude"):
        for k, unit in enumerate(getattr(a, field)):
            if unit not in unit_ids:
                out.append(((*base, field, k), f"unknown unit {unit!r}"))
    for key, values in a.labels.items():
        seen = {u.labels.get(key) for u in t.units}
        for value in values:
            if value not in seen:
                out.append(((*base, "labels", key), f"no unit has the label {key}: {value!r}"))
    return out


def _check_rule(t: Tracker, part: Part, base: Loc) -> list[tuple[Loc, str]]:
    return _check_filter(t, part.rule, base) + part.rule.check(t, part, base)


def _docref_column(t: Tracker, key: str | None) -> str | None:
    """The docref column an evidence rule reads: the one it names, else the first of that type."""
    for column in t.columns:
        if column.kind == "docref" and (key is None or column.key == key):
            return column.key
    return None


def docref_column(t: Tracker, key: str | None = None) -> str | None:
    return _docref_column(t, key)


def _email_problem(address: str) -> str | None:
    local, _, domain = address.rpartition("@")
    if domain in _DOMAINS_SEEN and len(address) <= 254 and len(local) <= 64 and _PLAIN_LOCAL.fullmatch(local):
        return None  # what validate_email would say: a domain it accepted, a local part of the plainest kind
    try:
        # ASCII before the @ (SMTPUTF8 is not something to count on); domains may be internationalised
        validate_email(address, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as exc:
        return f"invalid e-mail address {address!r}: {exc}"
    if domain.isascii() and len(_DOMAINS_SEEN) < 1024:
        _DOMAINS_SEEN.add(domain)
    return None


_DOMAINS_SEEN: set[str] = set()
"""ASCII domains of addresses validate_email accepted. A national tracker's 3,321 addresses share a few domains, and
checking each domain again was half of loading the definition (0.3 of 0.6 s)."""

_PLAIN_LOCAL = re.compile(r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*")
"""Local parts every address validator accepts (dot-atoms of letters, digits, '_', '+', '-'): a subset of RFC 5322's."""
