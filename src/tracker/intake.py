"""Raw sheets -> typed activities and located problems, with every row accounted for.

Invariant, per unit and overall: rows_read == rows_counted + rows_rejected. Blank rows are counted
apart (rows_blank). A row is rejected when it has at least one error-severity problem; a sheet that
cannot be read (no header, a required column missing) rejects every non-blank row under that one
sheet-level problem.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property, lru_cache
from itertools import chain, pairwise
from operator import itemgetter
from typing import Any, Protocol, cast

from openpyxl.utils import get_column_letter

from tracker import problems as P
from tracker.columns import COLUMN_KINDS, Cell, parse_docref
from tracker.definition import (
    BUILTIN_COLUMNS,
    REQUIRED_COLUMNS,
    Column,
    EvidenceRule,
    ListItem,
    Recurrence,
    Tracker,
    Unit,
    docref_column,
)
from tracker.files.cells import (
    CELL_CHARS,
    CellError,
    CellValue,
    FormulaNoValue,
    RawBook,
    RawSheet,
    filled_rows,
    is_review_sheet,
)
from tracker.forking import Forked, may_fork
from tracker.parse import (
    GROUP_PREFIX,
    MAX_COUNT,
    PhraseMatcher,
    as_text,
    list_matcher,
    norm_phrase,
    parse_count,
    parse_date,
    parse_link,
    parse_tasks,
    phrase_words,
    task_matcher,
)
from tracker.problems import Code, Problem
from tracker.text import (
    CONTROL,
    bare_sheet_key,
    clean,
    control_characters,
    fold,
    printable,
    repair_legacy,
    series,
    sheet_key,
)

HEADER_SCAN_ROWS = 15
FEEDBACK_HEADER = "Kết quả kiểm tra"
"""The column the check writes beside the units' entries (tracker.feedback.rows); never read back as data."""
# Sheets the project writes itself; never a unit's.
SERVICE_SHEETS = {fold(n) for n in ("Hướng dẫn", "Danh mục", "Tổng hợp")}
TEXT_KEYS = tuple(c.key for c in BUILTIN_COLUMNS if c.kind in ("text", "choice"))  # task, form, content, audience, note
TOTALS_KEYS = frozenset({"stt", "date", "task", "form", "content"})  # where 'Tổng cộng' is written


@dataclass(frozen=True)
class Activity:
    """One counted row: an activity a unit reports, typed."""

    unit: str
    sheet: str
    row: int
    date: date
    tags: frozenset[str]
    forms: tuple[str, ...]
    audiences: tuple[str, ...]
    content: str
    participants: int | None
    quantity: int | None
    link: str | None
    note: str
    values: tuple[tuple[str, Any], ...] = ()
    """The typed cells of the tracker's own columns (int, date, str, PeriodRef), by column key."""

    def value(self, key: str) -> Any:
        if key in ("participants", "quantity"):
            return getattr(self, key)
        for k, v in self.values:
            if k == key:
                return v
        return None


@dataclass(frozen=True)
class RawRow:
    """A non-blank row below the header as typed, by column key; kept by history."""

    unit: str
    sheet: str
    row: int
    cells: tuple[tuple[str, CellValue | CellError], ...] = field(repr=False)
    counted: bool

    @cached_property
    def values(self) -> dict[str, str]:
        """The cells as a person reads them; computed when history asks, not for every check."""
        return {key: (v if type(v) is str else v.code if isinstance(v, CellError) else as_text(v))
                for key, v in self.cells if v is not None}


@dataclass
class Counts:
    rows_read: int = 0
    rows_counted: int = 0
    rows_rejected: int = 0
    rows_blank: int = 0
    rows_to_fix: int = 0
    """Of the rows rejected, those the unit must fix before they count (a blocking problem on the row or its sheet);
    the others are not activities at all (a totals row) and are no one's error."""

    @property
    def rows_not_activities(self) -> int:
        return self.rows_rejected - self.rows_to_fix

    def add(self, other: Counts) -> None:
        self.rows_read += other.rows_read
        self.rows_counted += other.rows_counted
        self.rows_rejected += other.rows_rejected
        self.rows_blank += other.rows_blank
        self.rows_to_fix += other.rows_to_fix


@dataclass
class UnitIntake:
    unit: str
    sheet: str | None = None
    header_row: int | None = None
    counts: Counts = field(default_factory=Counts)


@dataclass(frozen=True)
class Acceptance:
    """The province's acceptance of one row, as intake applies it (made by the review: tracker.review.rows): its
    problems no longer keep the row out, and the decision's day and part stand in for what the cells lack."""

    decided_on: date
    day: date | None
    part: str | None
    cannot_count: Callable[..., Problem]
    """The review line's problem when the row still cannot count, called with at=, what= and fix=."""


class SheetDecisions(Protocol):
    """The province's decisions on one unit's sheet, each tied to its row."""

    def acceptance(self, row: int) -> Acceptance | None: ...

    def decided(self, row: int) -> bool: ...

    def settle(self, row: int, activity: Activity | None, plain: Activity | None, problems: list[Problem],
               content_column: str | None) -> tuple[Activity | None, list[Problem]]: ...

    def close(self) -> None: ...


class RowReview(Protocol):
    """The province's row decisions, as intake asks for them without knowing what a decision is (the review stage
    provides them: tracker.review.rows.RowDecisions). Intake reads every row as the unit typed it; the review says
    which rows are accepted before they are read, and settles every decided row after."""

    def decides(self, unit: str) -> bool: ...

    def sheet(self, unit: Unit, sheet: str, listing: Sequence[RawRow]) -> tuple[SheetDecisions, list[Problem]]: ...

    def unread(self, unit: Unit) -> list[Problem]: ...


@dataclass
class IntakeResult:
    activities: list[Activity]
    problems: list[Problem]
    units: dict[str, UnitIntake]
    counts: Counts
    raw_rows: list[RawRow]


@dataclass(frozen=True)
class _Matchers:
    tasks: PhraseMatcher
    forms: PhraseMatcher
    audiences: PhraseMatcher
    headers: dict[str, str]
    sheets: dict[str, str]
    bare_sheets: dict[str, str | None]
    """A tab's name without the kind of unit ('Hải Lăng' for 'Xã Hải Lăng') -> the one unit it names, None when two
    units' names read alike so."""
    evidence_rules: tuple[EvidenceRule, ...]
    unit_names: dict[str, str]
    triggers: frozenset[str]
    """The first two words of every unit's names: a row naming another unit holds one of them."""
    trigger_words: _AnyWord
    """A search for any first word of those, as a whole word: most rows have none, found without splitting them."""
    max_words: int
    own_columns: tuple[Column, ...]
    choices: dict[str, PhraseMatcher]
    schedules: dict[str, tuple[Recurrence, ...]]
    """Per period column, the schedules of the recurring parts that read it."""
    words: dict[str, str]
    """The tracker's own words that problem messages quote (task choices, an example date, the campaign)."""
    speaker: str
    part_tags: dict[str, frozenset[str]]
    """Per part, the task tags its rule counts: a row the province accepts for a part is tagged so."""
    plain_tags: _PlainTags
    """The tags of a task cell the cell alone decides, by its cleaned text (the fast path's)."""
    shapes: _Shapes
    """A row's task, form and audience cells as the fast path reads them, by the cells as typed (the fast path's)."""
    binding: _Binding
    """The evidence rules binding a row of some tags, forms and audiences, asked once per distinct row shape."""
    counted: _Counted
    """Whether some part assigned to the row's unit counts a row of its tags, forms and audiences, asked once per
    distinct row shape: a row of a task whose parts all want another form counted for nothing, unsaid."""
    unassigned: dict[str, dict[str, str]]
    """Per unit, the task tags only parts not assigned to it name (`applies_to`), each with those parts' titles: a
    row of such a task counts for none of them. Empty for a tracker without `applies_to` (no work per row)."""


class _PlainTags(dict[str, "frozenset[str] | None"]):
    """Task cell text -> its tags when the cell alone decides them without a problem (parse_tasks' usual case),
    else None; made on first use."""

    def __init__(self, matcher: PhraseMatcher) -> None:
        super().__init__()
        self.matcher = matcher

    def __missing__(self, text: str) -> frozenset[str] | None:
        found, leftover = self.matcher.match(text) if text else ([], "x")
        tags = None if leftover or any(v.startswith(GROUP_PREFIX) for v in found) else frozenset(found)
        if len(self) < 50_000:
            self[text] = tags
        return tags


_Shape = tuple[str, str, str, frozenset[str], tuple[str, ...], tuple[str, ...]]
"""A row's dropdown cells as the fast path reads them: the task's, form's and audience's cleaned text, the task's tags,
the forms and the audiences."""


class _Shapes(dict[tuple[Any, Any, Any, bool, bool], "_Shape | None"]):
    """(task, form and audience cells as typed, whether the sheet has a form column, an audience column) -> what the
    fast path makes of them, or None when the full path must read the row. Made once per distinct cells: they come
    from dropdowns, the same few row after row."""

    def __init__(self, tags: _PlainTags, forms: PhraseMatcher, audiences: PhraseMatcher) -> None:
        super().__init__()
        self.tags, self.forms, self.audiences = tags, forms, audiences

    def __missing__(self, key: tuple[Any, Any, Any, bool, bool]) -> _Shape | None:
        shape = self._make(*key)
        if len(self) < 50_000:
            self[key] = shape
        return shape

    def _make(self, task: Any, form: Any, audience: Any, has_form: bool, has_audience: bool) -> _Shape | None:
        texts = [_plain_cell(task), _plain_cell(form), _plain_cell(audience)]
        if None in texts or (type(task) is str and _is_totals(task)) or (type(form) is str and _is_totals(form)):
            return None
        tags = self.tags[texts[0] or ""]
        if tags is None:
            return None
        lists: list[tuple[str, ...]] = []
        for typed, matcher, present in ((texts[1], self.forms, has_form), (texts[2], self.audiences, has_audience)):
            found, leftover = matcher.match(typed) if typed else ([], "")
            if present and (leftover or not found):
                return None
            lists.append(tuple(found) if present else ())
        return texts[0] or "", texts[1] or "", texts[2] or "", tags, lists[0], lists[1]


class _Binding(dict[tuple[frozenset[str], tuple[str, ...], tuple[str, ...]], tuple[tuple[EvidenceRule, str, str | None], ...]]):
    """(tags, forms, audiences) -> each evidence rule whose filter selects such a row, in order, with what needs the
    evidence ('Hình thức “…”') and the document column it reads."""

    def __init__(self, tracker: Tracker, rules: tuple[EvidenceRule, ...]) -> None:
        super().__init__()
        self.tracker, self.rules = tracker, rules

    def __missing__(self, key: tuple[frozenset[str], tuple[str, ...], tuple[str, ...]],
                    ) -> tuple[tuple[EvidenceRule, str, str | None], ...]:
        tags, forms, audiences = key
        bound = tuple((rule, f"Hình thức “{next(f for f in forms if f in rule.forms)}”",
                       docref_column(self.tracker, rule.column))
                      for rule in self.rules if rule.selects(tags, forms, audiences))
        if len(self) < 50_000:
            self[key] = bound
        return bound


_CACHE: dict[int, tuple[Tracker, _Matchers]] = {}


def _matchers(tracker: Tracker) -> _Matchers:
    # Trackers are frozen but hold lists, so they cannot be hashed; identity is the cache key.
    cached = _CACHE.get(id(tracker))
    if cached is not None and cached[0] is tracker:
        return cached[1]
    built = _build_matchers(tracker)
    if len(_CACHE) > 16:
        _CACHE.clear()
    _CACHE[id(tracker)] = (tracker, built)
    return built


class _AnyWord:
    """A search for any of some words standing as a whole word (a run of phrase_words' \\w), longest first.

    The pattern begins with the words themselves, not with a look-behind: Python's regular expressions skip ahead to
    a literal start, so a text without any of them is passed over ten times faster (0.17 µs against 1.8 µs a row on
    the national sample's contents). A hit inside a longer word is checked after, and is rare."""

    _WORD_CHAR = re.compile(r"\w")

    def __init__(self, words: Iterable[str]) -> None:
        body = "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))) or r"(?!x)x"
        pattern = re.compile(rf"(?:{body})(?!\w)")
        self._hits, self._any = pattern.finditer, pattern.search

    def search(self, text: str) -> bool:
        if self._any(text) is None:  # most rows: no generator made
            return False
        # A hit that starts inside a word is made of word characters, so no whole word can begin within it: going on
        # after it, as finditer does, misses none.
        return any(hit.start() == 0 or not self._WORD_CHAR.match(text, hit.start() - 1) for hit in self._hits(text))


_any_word = _AnyWord


def _build_matchers(tracker: Tracker) -> _Matchers:
    headers: dict[str, str] = {}
    for col in tracker.columns:
        for name in (col.header, *col.aliases):
            headers.setdefault(_header_key(name), col.key)
    sheets: dict[str, str] = {}
    names: dict[str, str] = {}
    for unit in tracker.units:
        for name in (unit.sheet, *unit.aliases, unit.name):
            sheets.setdefault(_sheet_key(name), unit.id)
        for name in (unit.name, *unit.aliases):
            names.setdefault(norm_phrase(name), unit.id)
    # Only a rule that names forms makes evidence part of a row of those forms (a "Chuyên mục" row is its
    # link). A rule on tags alone leaves other parts free to count the same rows: evaluation judges it.
    evidence = tuple(part.rule for _, part in tracker.parts()
                     if isinstance(part.rule, EvidenceRule) and part.rule.forms)
    triggers = frozenset(" ".join(n.split()[:2]) for n in names)
    schedules: dict[str, list[Recurrence]] = {}
    for _, part in tracker.parts():
        if part.recurs is not None and part.recurs.column:
            schedules.setdefault(part.recurs.column, []).append(part.recurs)
    tasks = task_matcher(tracker)
    plain_tags = _PlainTags(tasks)
    forms, audiences = list_matcher(tracker.lists.forms), list_matcher(tracker.lists.audiences)
    return _Matchers(
        tasks=tasks,
        forms=forms,
        audiences=audiences,
        headers=headers,
        sheets=sheets,
        bare_sheets=_bare_sheets(tracker),
        evidence_rules=evidence,
        unit_names=names,
        triggers=triggers,
        trigger_words=_any_word(t.split()[0] for t in triggers if t),
        max_words=max(len(n.split()) for n in names),
        own_columns=tuple(c for c in tracker.columns if not c.builtin),
        choices={c.key: list_matcher(ListItem(value=v) for v in c.choices) for c in tracker.columns
                 if c.kind == "choice" and not c.builtin},
        schedules={k: tuple(v) for k, v in schedules.items()},
        words={"choices": tracker.task_choices(), "example": f"{tracker.example_date():%d/%m/%Y}",
               "campaign": tracker.terms.campaign},
        speaker=tracker.province.speaker,
        part_tags={part.id: frozenset(getattr(part.rule, "tags", ()) or ()) for _, part in tracker.parts()},
        plain_tags=plain_tags,
        shapes=_Shapes(plain_tags, forms, audiences),
        binding=_Binding(tracker, evidence),
        unassigned=_unassigned(tracker),
        counted=_Counted(tracker),
    )


def _bare_sheets(tracker: Tracker) -> dict[str, str | None]:
    bare: dict[str, str | None] = {}
    for unit in tracker.units:
        for key in {bare_sheet_key(n) for n in (unit.sheet, unit.name, *unit.aliases)} - {""}:
            bare[key] = unit.id if bare.get(key, unit.id) == unit.id else None
    return bare


class _Counted:
    """Per unit and row shape (tags, forms, audiences), the titles of the unit's parts of those tags when none of them
    counts a row of that shape; "" when one does or when no part of the unit names the tags (task-not-assigned's)."""

    def __init__(self, tracker: Tracker) -> None:
        self.parts = tuple(part for _, part in tracker.parts())
        # A tracker without applies_to gives every unit every part: one signature, one answer per shape.
        scoped = any(part.applies_to is not None for part in self.parts)
        self.signature = {unit.id: tuple(i for i, part in enumerate(self.parts) if part.applies(unit))
                          for unit in tracker.units} if scoped else {}
        self.every = tuple(range(len(self.parts)))
        self.answers: dict[tuple[tuple[int, ...], frozenset[str], tuple[str, ...], tuple[str, ...]], str] = {}

    def missed(self, unit: str, tags: frozenset[str], forms: Sequence[str], audiences: Sequence[str]) -> str:
        key = (self.signature.get(unit, self.every), tags, tuple(forms), tuple(audiences))
        answer = self.answers.get(key)
        if answer is None:
            answer = self.answers[key] = self._answer(key[0], tags, forms, audiences)
        return answer

    def _answer(self, signature: tuple[int, ...], tags: frozenset[str], forms: Sequence[str],
                audiences: Sequence[str]) -> str:
        named = [self.parts[i] for i in signature if not tags.isdisjoint(getattr(self.parts[i].rule, "tags", ()) or ())]
        if not named or any(part.rule.selects(tags, forms, audiences) for part in named):
            return ""
        return series([part.title for part in named], "và")


def _unassigned(tracker: Tracker) -> dict[str, dict[str, str]]:
    """Per unit, each task tag named by parts that exclude the unit and by no part that applies to it."""
    parts = [part for _, part in tracker.parts()]
    if all(part.applies_to is None for part in parts):
        return {}
    out: dict[str, dict[str, str]] = {}
    for unit in tracker.units:
        assigned = {tag for part in parts if part.applies(unit) for tag in getattr(part.rule, "tags", ()) or ()}
        titles: dict[str, list[str]] = {}
        for part in parts:
            if not part.applies(unit):
                for tag in getattr(part.rule, "tags", ()) or ():
                    if tag not in assigned:
                        titles.setdefault(tag, []).append(part.title)
        if titles:
            out[unit.id] = {tag: series(names, "và") for tag, names in titles.items()}
    return out


def is_service_sheet(name: str) -> bool:
    """A tab the project writes itself ('Hướng dẫn', 'Danh mục', 'Tổng hợp'), also as Google Sheets' 'Download
    as CSV' names it: '<spreadsheet title> - Danh mục'."""
    folded = fold(name)
    return folded in SERVICE_SHEETS or any(folded.endswith(f" - {s}") for s in SERVICE_SHEETS)


def _header_key(text: str) -> str:
    text = re.sub(r"\(.*?\)", " ", fold(text)) or fold(text)
    return re.sub(r"[^0-9a-z]", "", text) or re.sub(r"[^0-9a-z]", "", fold(text))


_sheet_key = sheet_key


def is_feedback_header(value: object) -> bool:
    return isinstance(value, str) and fold(value) == fold(FEEDBACK_HEADER)


FORK_ABOVE = 20_000
"""Rows above which a forked child reads the last sheets while this process reads the first (tracker.forking)."""
CHILD_SHARE = 0.42
"""The child's share of the rows: less than half, since the child pickles what it made before this process can take
it, and this process then unpickles it. Both ends are on the check's critical path: reading a row costs the same
in either process, pickling it about 0.4 of that, so the child's share plus its pickling ends with this process's
share at about 0.42 (national check, CPU-seconds per branch: 0.45 left this process waiting on the child's pickling)."""

_Step = Problem | tuple[Unit, RawSheet]
"""One step of intake in order: a problem of the book (a stray tab), or a unit's sheet to read."""


def intake(tracker: Tracker, book: RawBook, as_of: date, review: RowReview | None = None) -> IntakeResult:
    """Read every sheet of the book against the tracker as of a date, with the province's row decisions when a
    review is given (tracker.review.rows.RowDecisions)."""
    m = _matchers(tracker)
    result = IntakeResult(activities=[], problems=[], units={u.id: UnitIntake(u.id) for u in tracker.units},
                          counts=Counts(), raw_rows=[])
    steps = _steps(tracker, book, m, result)
    split = _split(steps, review)
    child = Forked(_read_steps, tracker, steps[split:], as_of, m, review) if split < len(steps) else None
    try:
        _take_steps(tracker, steps[:split], as_of, m, result, review)
    except BaseException:  # Ctrl-C, or an error the user sees: the child's answer is not waited for
        if child is not None:
            child.cancel()
        raise
    read = child.result() if child is not None else None
    if read is None:  # no child, or it failed: read its share here
        _take_steps(tracker, steps[split:], as_of, m, result, review)
    else:
        _merge(steps[split:], read, result)
    for unit in tracker.units:
        state = result.units[unit.id]
        if state.sheet is None:
            renamed = next((i for i, p in enumerate(result.problems)
                            if p.code == Code.SHEET_LOOKS_LIKE_UNIT and p.unit == unit.id), None)
            if renamed is None:
                result.problems.append(P.make(Code.UNIT_SHEET_MISSING, unit=unit.id, expected=unit.sheet))
            else:  # its own tab is gone and one named nearly so is there: the unit renamed it
                found = result.problems[renamed].sheet
                result.problems[renamed] = P.make(Code.SHEET_RENAMED, unit=unit.id, sheet=found, expected=unit.sheet)
        result.counts.add(state.counts)
        if review is not None:  # decisions on a unit whose sheet was not found or could not be read
            result.problems.extend(review.unread(unit))
    return result


def _steps(tracker: Tracker, book: RawBook, m: _Matchers, result: IntakeResult) -> list[_Step]:
    """The book's sheets in order, each a unit's sheet to read or a problem (a tab no unit owns, a second tab for
    a unit, a review tab the source did not vouch for); the units' sheets are noted in `result`."""
    units = {u.id: u for u in tracker.units}
    vouched = {(r.spreadsheet, r.name) for r in book.reviews}
    own = {m.sheets.get(_sheet_key(sheet.name)) for sheet in book.sheets}  # units whose own tab is there
    steps: list[_Step] = []
    for sheet in book.sheets:
        key = _sheet_key(sheet.name)
        if is_service_sheet(sheet.name) and m.sheets.get(key) is None:
            continue
        if is_review_sheet(sheet.name):  # anyone who can write the units' source can add one: never read
            if (sheet.spreadsheet, sheet.name) not in vouched:  # the tab the source verified is not the units'
                steps.append(P.make(Code.DECISION_TAB_IN_SOURCE, sheet=sheet.name, speaker=m.speaker))
            continue
        unit_id = m.sheets.get(key)
        if unit_id is None:
            unit_id = _bare_match(sheet.name, m, units, own, result, steps)
        if unit_id is None or result.units[unit_id].sheet is not None:
            like = None if m.bare_sheets.get(bare_sheet_key(sheet.name), "") is None else _looks_like(key, tracker.units)
            if like is not None:  # named to the unit, so its reminder tells it which tab is not read
                steps.append(P.make(Code.SHEET_LOOKS_LIKE_UNIT, unit=like.id, sheet=sheet.name, expected=like.sheet))
            else:
                steps.append(P.make(Code.SHEET_UNMATCHED, sheet=sheet.name))
            continue
        result.units[unit_id].sheet = sheet.name
        steps.append((units[unit_id], sheet))
    return steps


def _bare_match(name: str, m: _Matchers, units: dict[str, Unit], own: set[str | None], result: IntakeResult,
                steps: list[_Step]) -> str | None:
    """The unit a tab named without its kind ('Hải Lăng') is, when it names one unit only and that unit has no tab
    of its own name: read as the unit's, with a warning to rename it (noted in `steps`)."""
    unit_id = m.bare_sheets.get(bare_sheet_key(name))
    if unit_id is None or unit_id in own or result.units[unit_id].sheet is not None:
        return None
    steps.append(P.make(Code.SHEET_NAME_DIFFERS, unit=unit_id, sheet=name, expected=units[unit_id].sheet))
    return unit_id


def tab_owners(tracker: Tracker, titles: Iterable[str]) -> dict[str, str]:
    """Each unit's id -> the title of the tab a check reads as its own among `titles` (its title in any case or
    spelling, an alias, its name, its name without its kind), for those that have one."""
    result = IntakeResult(activities=[], problems=[], units={u.id: UnitIntake(u.id) for u in tracker.units},
                          counts=Counts(), raw_rows=[])
    _steps(tracker, RawBook("", [RawSheet(title, []) for title in titles]), _matchers(tracker), result)
    return {unit: state.sheet for unit, state in result.units.items() if state.sheet is not None}


def _split(steps: list[_Step], review: RowReview | None) -> int:
    """Where the forked child's share begins (len(steps): no child). Only for a large book, on a machine where a
    fork is possible and worth it, and when no sheet of the child's share has the province's decisions (their
    review keeps a record of each row it settles, in this process)."""
    sizes = [len(step[1].rows) if isinstance(step, tuple) else 0 for step in steps]
    total = sum(sizes)
    if total <= FORK_ABOVE or not may_fork():
        return len(steps)
    split, tail = len(steps), 0
    while split > 0 and tail + sizes[split - 1] <= total * CHILD_SHARE:
        split -= 1
        tail += sizes[split]
    sheets = [step[0].id for step in steps[split:] if isinstance(step, tuple)]
    decided = review is not None and any(review.decides(unit) for unit in sheets)
    return len(steps) if decided or not sheets else split  # no sheet for the child (a last sheet too large): no fork


def _take_steps(tracker: Tracker, steps: list[_Step], as_of: date, m: _Matchers, result: IntakeResult,
                review: RowReview | None) -> None:
    for step in steps:
        if isinstance(step, tuple):
            _read_sheet(tracker, step[0], step[1], as_of, m, result, review)
        else:
            result.problems.append(step)


_SheetRead = tuple[int | None, Counts, list[Activity], list[Problem], list[RawRow]]
"""What reading one unit's sheet made: its header row, counts, activities, problems and rows."""


def _read_steps(tracker: Tracker, steps: list[_Step], as_of: date, m: _Matchers,
                review: RowReview | None) -> Iterator[_SheetRead]:
    """Each unit's sheet of `steps` read on its own (in the forked child), in order."""
    for step in steps:
        if isinstance(step, tuple):
            unit, sheet = step
            part = IntakeResult(activities=[], problems=[], units={unit.id: UnitIntake(unit.id, sheet.name)},
                                counts=Counts(), raw_rows=[])
            _read_sheet(tracker, unit, sheet, as_of, m, part, review)
            state = part.units[unit.id]
            yield state.header_row, state.counts, part.activities, part.problems, part.raw_rows


def _merge(steps: list[_Step], read: list[_SheetRead], result: IntakeResult) -> None:
    """The child's sheets and the steps' problems put in `result` in the order `_take_steps` would have."""
    sheets = iter(read)
    for step in steps:
        if not isinstance(step, tuple):
            result.problems.append(step)
            continue
        header_row, counts, activities, problems, raw_rows = next(sheets)
        state = result.units[step[0].id]
        state.header_row, state.counts = header_row, counts
        result.activities += activities
        result.problems += problems
        result.raw_rows += raw_rows


def _looks_like(key: str, units: list[Unit]) -> Unit | None:
    """The unit whose tab name a stray tab's holds ('Gio Linh (cập nhật)', or 'Bản sao của Gio Linh' and 'Copy of
    Gio Linh' as Google Sheets names a duplicated tab), or nearly spells."""
    from difflib import SequenceMatcher

    best: tuple[float, Unit | None] = (0.0, None)
    for unit in units:
        own = _sheet_key(unit.sheet)
        if len(own) < 4:  # a short name would be found inside too many tabs' names
            continue
        score = 1.0 + len(own) / 1000 if own in key else SequenceMatcher(None, key, own).ratio()
        if score > best[0]:
            best = (score, unit)
    return best[1] if best[0] >= 0.85 else None


def _read_sheet(tracker: Tracker, unit: Unit, sheet: RawSheet, as_of: date, m: _Matchers, out: IntakeResult,
                review: RowReview | None) -> None:
    counts = out.units[unit.id].counts
    rows = _fill_merged(sheet)
    found = _header(tracker, unit, sheet, rows, m, out)
    if found is None:
        return
    header_row, columns = found
    merged_cells = _merged_cells(sheet, header_row)
    rows, scrubbed = _scrub(rows, header_row + 1, columns)
    seen: dict[tuple[date, frozenset[str], str], int] = {}
    decided = _decided(unit, sheet, rows, header_row, columns, out, review)
    cells_of = _cells_of(columns)
    for r in range(header_row + 1, len(rows)):
        row = rows[r]
        cells = cells_of(row)
        if _blank(cells):
            counts.rows_blank += 1
            beside = _beside(row, columns)
            if beside is not None:  # a row typed next to the table: said, for it is not read
                out.problems.append(P.make(Code.ROW_OUTSIDE_TABLE, unit=unit.id, sheet=sheet.name, row=r + 1,
                                           column=get_column_letter(beside + 1), value=as_text(row[beside]),
                                           line=r + 1))
            continue
        counts.rows_read += 1
        accept = decided.acceptance(r + 1) if decided is not None else None
        if accept is not None:
            plain, _ = _read_row(tracker, unit, sheet, r + 1, cells, columns, as_of, m, merged_cells, dict(seen))
            activity, problems = _read_row(tracker, unit, sheet, r + 1, cells, columns, as_of, m, merged_cells, seen,
                                           accept)
        else:
            activity, problems = _read_row(tracker, unit, sheet, r + 1, cells, columns, as_of, m, merged_cells, seen)
            plain = activity
        if decided is not None and decided.decided(r + 1):
            content = get_column_letter(columns["content"] + 1) if "content" in columns else None
            activity, problems = decided.settle(r + 1, activity, plain, problems, content)
        for c, code, params in scrubbed.get(r, ()):
            out.problems.append(P.make(code, unit=unit.id, sheet=sheet.name, row=r + 1, column=get_column_letter(c + 1),
                                       **params))
        out.problems.extend(problems)
        counted = activity is not None
        out.raw_rows.append(RawRow(unit.id, sheet.name, r + 1, tuple(cells.items()), counted))
        if activity is not None:
            counts.rows_counted += 1
            out.activities.append(activity)
        else:
            counts.rows_rejected += 1
            counts.rows_to_fix += any(p.blocking for p in problems)
    if decided is not None:
        decided.close()


def _decided(unit: Unit, sheet: RawSheet, rows: list[list[CellValue | CellError]], header_row: int,
             columns: dict[str, int], out: IntakeResult, review: RowReview | None) -> SheetDecisions | None:
    """The province's decisions on this sheet's rows, tied to the rows by their content (None: there are none)."""
    if review is None or not review.decides(unit.id):
        return None
    listing = []
    for r in range(header_row + 1, len(rows)):
        row = rows[r]
        cells = {key: (row[c] if c < len(row) else None) for key, c in columns.items()}
        if not _blank(cells):
            listing.append(RawRow(unit.id, sheet.name, r + 1, tuple(cells.items()), False))
    decided, problems = review.sheet(unit, sheet.name, listing)
    out.problems.extend(problems)
    return decided


def _header(tracker: Tracker, unit: Unit, sheet: RawSheet, rows: list[list[CellValue | CellError]], m: _Matchers,
            out: IntakeResult) -> tuple[int, dict[str, int]] | None:
    """The sheet's header row and columns; None when the sheet cannot be read (its rows are rejected, said once)."""
    counts = out.units[unit.id].counts
    limits = {"last_column": get_column_letter(sheet.limits[1]), "max_rows": sheet.limits[0]}
    for far_row, far_column in sheet.stray_cells:
        out.problems.append(P.make(Code.CELL_OUT_OF_RANGE, unit=unit.id, sheet=sheet.name, row=far_row,
                                   column=get_column_letter(far_column), **limits))
    if sheet.rows_cut:
        out.problems.append(P.make(Code.SHEET_TOO_LARGE, unit=unit.id, sheet=sheet.name, value=sheet.rows_cut, **limits))
    header_row, columns = _find_header(rows, m)
    if header_row is None:
        out.problems.append(P.make(Code.HEADER_NOT_FOUND, unit=unit.id, sheet=sheet.name))
        _reject_all(rows, 0, counts)
        return None
    out.units[unit.id].header_row = header_row + 1
    missing = [k for k in REQUIRED_COLUMNS if k not in columns]
    if missing:
        for key in missing:
            out.problems.append(P.make(Code.COLUMN_MISSING, unit=unit.id, sheet=sheet.name, row=header_row + 1,
                                       value=tracker.column(key).header))
        _reject_all(rows, header_row + 1, counts, skip=columns.get("stt"))
        return None
    return header_row, columns


Scrubbed = dict[int, list[tuple[int, Code, dict[str, Any]]]]
"""Per 0-based row, the cells cleaned on the way in: (0-based column, problem code, its params)."""


def _scrub(rows: list[list[CellValue | CellError]], start: int,
           columns: dict[str, int]) -> tuple[list[list[CellValue | CellError]], Scrubbed]:
    """The rows with the tracker's cells made safe to keep and to write anywhere: control characters out
    (tracker.text.printable), text cut at what a spreadsheet cell holds; each change noted for its cell.

    The rows are copied only where a cell changes, so the sheet as read stays as it was.
    """
    found: Scrubbed = {}
    out = rows
    # Most sheets have nothing to clean: said by one search over the sheet, not one per row (199,260 at national scale).
    # (isinstance, not `type(v) is str`: a str subclass, if any, is then looked at by the row loop, which passes it over)
    texts = cast(list[str], list(filter(_IS_STR, chain.from_iterable(rows[start:]))))
    if max(map(len, texts), default=0) <= CELL_CHARS and not CONTROL.search("".join(texts)):
        return out, found
    wanted = sorted(set(columns.values()))
    for r in range(start, len(rows)):
        row = rows[r]
        # One search per row, not per cell: at national scale (two million cells) the difference is seconds.
        joined = "".join([v for v in row if type(v) is str])
        if len(joined) <= CELL_CHARS and not CONTROL.search(joined):
            continue
        for c in wanted:
            value = row[c] if c < len(row) else None
            if type(value) is not str or (len(value) <= CELL_CHARS and not CONTROL.search(value)):
                continue
            notes = found.setdefault(r, [])
            fixed = value
            if CONTROL.search(fixed):
                notes.append((c, Code.TEXT_CONTROL_CHARACTERS, {"chars": ", ".join(control_characters(fixed))}))
                fixed = printable(fixed)
            if len(fixed) > CELL_CHARS:
                notes.append((c, Code.CELL_TOO_LONG, {"length": len(fixed), "limit": CELL_CHARS}))
                fixed = fixed[:CELL_CHARS]
            if out is rows:
                out = list(rows)
            if out[r] is row:
                out[r] = list(row)
            out[r][c] = fixed
    return out, found


_IS_STR = str.__instancecheck__


def _cells_of(columns: dict[str, int]) -> Callable[[list[CellValue | CellError]], dict[str, CellValue | CellError]]:
    """A row's cells by column key, a cell beyond the row's end None: for a row as wide as the table, by one C call."""
    keys, where = tuple(columns), tuple(columns.values())
    width = max(where, default=0) + 1
    pick = itemgetter(*where) if len(where) > 1 else None

    def cells(row: list[CellValue | CellError]) -> dict[str, CellValue | CellError]:
        if pick is not None and len(row) >= width:
            return dict(zip(keys, pick(row), strict=True))
        return {key: (row[c] if c < len(row) else None) for key, c in columns.items()}
    return cells


def _accepted(problem: Problem, speaker: str, when: date) -> Problem:
    """A problem on a row the province accepted: still shown, no longer keeping the row out."""
    day = f"{when:%d/%m/%Y}"
    return replace(problem, severity="warning", message=f"{problem.message} (đã được {speaker} chấp nhận ngày {day})",
                   message_en=f"{problem.message_en} (accepted by the province on {day})",
                   params={**problem.params, "accepted": when.isoformat()})


def _reject_all(rows: list[list[CellValue | CellError]], start: int, counts: Counts, skip: int | None = None) -> None:
    for row in rows[start:]:
        cells = {str(i): v for i, v in enumerate(row) if i != skip}
        if _blank(cells):
            counts.rows_blank += 1
        else:
            counts.rows_read += 1
            counts.rows_rejected += 1
            counts.rows_to_fix += 1  # the sheet's header or a column is missing: the unit must fix it


def _beside(row: list[CellValue | CellError], columns: dict[str, int]) -> int | None:
    """The first cell of a row blank in the table's columns that holds something outside them, if any."""
    if len(row) <= len(columns):
        return None
    inside = set(columns.values())
    return next((c for c, value in enumerate(row) if c not in inside and not _blank({"x": value})), None)


def _blank(cells: dict[str, CellValue | CellError]) -> bool:
    # A row with only its STT filled is blank: districts pre-number the rows.
    for key, value in cells.items():
        if key == "stt" or value is None:
            continue
        if (isinstance(value, str) and not clean(value)) or type(value) is FormulaNoValue:
            continue  # a pre-filled formula with no value ('=ROW()-2' never computed) types nothing
        return False
    return True


def _fill_merged(sheet: RawSheet) -> list[list[CellValue | CellError]]:
    """Copy each merged range's top-left value into the range, as a person reading the sheet sees it."""
    return filled_rows(sheet)


def _merged_cells(sheet: RawSheet, header_row: int) -> dict[tuple[int, int], str]:
    out: dict[tuple[int, int], str] = {}
    for r0, c0, r1, c1 in sheet.merged:
        if r1 <= header_row or (r0 == r1 and c0 == c1):
            continue
        label = f"{get_column_letter(c0 + 1)}{r0 + 1}:{get_column_letter(c1 + 1)}{r1 + 1}"
        for r in range(max(r0, header_row + 1), r1 + 1):
            for c in range(c0, c1 + 1):
                out[(r + 1, c)] = label
    return out


def _find_header(rows: list[list[CellValue | CellError]], m: _Matchers) -> tuple[int | None, dict[str, int]]:
    best: tuple[int | None, dict[str, int]] = (None, {})
    for r, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns: dict[str, int] = {}
        for c, value in enumerate(row):
            if not isinstance(value, str) or is_feedback_header(value):  # the check's own column
                continue
            key = m.headers.get(_header_key(value))
            if key and key not in columns:
                columns[key] = c
        if len(columns) >= 3 and len(columns) > len(best[1]):
            best = (r, columns)
            if len(columns) == len(m.headers.values()) or all(k in columns for k in REQUIRED_COLUMNS):
                break
    return best


@dataclass(slots=True)
class _Row:
    """One row as it is read: its cells, what was made of them so far, and its problems in the order found."""

    tracker: Tracker
    unit: Unit
    sheet: RawSheet
    rownum: int
    cells: dict[str, CellValue | CellError]
    columns: dict[str, int]
    m: _Matchers
    problems: list[Problem] = field(default_factory=list)
    text: dict[str, str] = field(default_factory=dict)
    day: date | None = None
    tags: frozenset[str] = frozenset()
    forms: Sequence[str] = ()
    audiences: Sequence[str] = ()
    counts: dict[str, int | None] = field(default_factory=dict)
    link_text: str = ""
    link: str | None = None
    own: dict[str, Any] = field(default_factory=dict)
    evidence: tuple[Code, str | None, str] | None = None
    folded: str | None = None
    """The content folded (tracker.text.fold), made by the first check that needs it: two do."""

    def folded_content(self) -> str:
        if self.folded is None:
            self.folded = fold(self.text["content"])
        return self.folded

    def add(self, code: Code, key: str | None, value: Any = "", **params: Any) -> None:
        column = get_column_letter(self.columns[key] + 1) if key in self.columns else None
        self.problems.append(P.make(code, unit=self.unit.id, sheet=self.sheet.name, row=self.rownum, column=column,
                                    value=value, **{**self.m.words, **params}))

    def error(self, key: str) -> bool:
        return isinstance(self.cells.get(key), CellError)


def _read_row(
    tracker: Tracker,
    unit: Unit,
    sheet: RawSheet,
    rownum: int,
    cells: dict[str, CellValue | CellError],
    columns: dict[str, int],
    as_of: date,
    m: _Matchers,
    merged: dict[tuple[int, int], str],
    seen: dict[tuple[date, frozenset[str], str], int],
    accept: Acceptance | None = None,
    fast: bool = True,
) -> tuple[Activity | None, list[Problem]]:
    """One row -> its activity (None when an error keeps it out) and its problems.

    The cells are read column by column, then the row is checked as a whole (ROW_CHECKS), then the province's
    acceptance, if any, is applied (`accept`: its problems no longer keep the row out, and the decision may
    give the day or the part the unit's cells lacked). `fast`: a row whose built-in cells are all of the usual
    shape is read by `_read_plain`, to the same result (`fast=False` is for the test that holds it so).
    """
    row = _Row(tracker, unit, sheet, rownum, cells, columns, m)
    if not (fast and not merged and _read_plain(row, as_of)):
        _cell_errors(row, merged)
        _read_text(row)
        if _totals_row(cells):
            row.add(Code.TOTALS_ROW, "content" if "content" in columns else "date",
                    row.text.get("content") or "Tổng cộng")
            if accept is not None:
                row.problems.append(accept.cannot_count(at="day", what="ngày thực hiện", fix="Ngày thực hiện"))
            return None, row.problems
        for read in BUILTIN_READERS:
            read(row, as_of)
    row.own = _own_values(row)
    for check in ROW_CHECKS:
        check(row, seen)
    if accept is not None:
        return _accept(row, accept)
    if row.day is None or (row.problems and any(p.severity == "error" for p in row.problems)):
        return None, row.problems
    return _activity(row, row.day, row.tags), row.problems


def _activity(row: _Row, day: date, tags: frozenset[str]) -> Activity:
    return Activity(
        unit=row.unit.id, sheet=row.sheet.name, row=row.rownum, date=day, tags=tags, forms=tuple(row.forms), audiences=tuple(row.audiences),
        content=row.text["content"], participants=row.counts["participants"], quantity=row.counts["quantity"],
        link=row.link, note=row.text["note"], values=tuple(row.own.items()),
    )


def _accept(row: _Row, accept: Acceptance) -> tuple[Activity | None, list[Problem]]:
    """The province accepted the row: its problems are shown, no longer keeping it out; the decision's day and
    part stand in for what the unit's cells lacked. Without a day or a part, it still cannot count."""
    problems = [_accepted(p, row.m.speaker, accept.decided_on) for p in row.problems]
    day = accept.day or row.day
    tags = row.m.part_tags.get(accept.part or "") or row.tags
    if day is None or not tags:
        at, what, fix = ("day", "ngày thực hiện", "Ngày thực hiện") if day is None else ("part", "phần việc",
                                                                                         "Phần việc")
        problems.append(accept.cannot_count(at=at, what=what, fix=fix))
        return None, problems
    return _activity(row, day, tags), problems


def _cell_errors(row: _Row, merged: dict[tuple[int, int], str]) -> None:
    # Formula errors first: an error cell carries no value to interpret.
    for key, value in row.cells.items():
        if isinstance(value, FormulaNoValue):
            row.add(Code.FORMULA_NO_VALUE, key, value.code)
        elif isinstance(value, CellError):
            row.add(Code.FORMULA_ERROR, key, value.code)
    if merged:  # most sheets have no merged cells: skip the lookups
        for key in row.cells:
            label = merged.get((row.rownum, row.columns[key]))
            if label:
                row.add(Code.MERGED_CELLS, key, label)


def _read_text(row: _Row) -> None:
    for key in TEXT_KEYS:
        value = row.cells.get(key)
        if value is None or isinstance(value, CellError):
            row.text[key] = ""
            continue
        cleaned, encoding, raw_cleaned = _text_cell(as_text(value))
        if encoding:
            row.add(Code.TEXT_LEGACY_ENCODING, key, raw_cleaned, encoding=encoding)
        row.text[key] = cleaned


_PLAIN_TYPES = frozenset({str, float, int, date, type(None)})
"""The types of a cell the fast path reads: no formula error, no datetime, time or bool."""


def _read_plain(row: _Row, as_of: date) -> bool:
    """The fast path (issue 29): most rows have no problem, and their cells are of the usual shape (a date cell
    a day within the campaign and not after the check; text already clean, not in a legacy font; dropdown
    values; whole numbers). Such a row's built-in cells are read here without the parsers' general cases, to
    the values the full path gives; at the first cell out of the ordinary, nothing is set and False is returned,
    and the full path reads the row (tests/test_intake_fast.py holds both to the same result)."""
    cells = row.cells
    if not _PLAIN_TYPES.issuperset(map(type, cells.values())):
        return False
    day = cells.get("date")
    campaign = row.tracker.campaign
    if type(day) is not date or not campaign.start <= day <= campaign.end or day > as_of:
        return False
    columns = row.columns
    shape = row.m.shapes[cells.get("task"), cells.get("form"), cells.get("audience"), "form" in columns,
                         "audience" in columns]
    raw, stt = cells.get("content"), cells.get("stt")
    content, note = _plain_cell(raw), _plain_cell(cells.get("note"))
    # The dated row is a totals line only if a cell is a label alone: the task's and form's are the shape's.
    if (shape is None or not content or note is None or (type(raw) is str and _is_totals(raw))
            or (type(stt) is str and _is_totals(stt))):
        return False
    participants, quantity = _plain_count(cells.get("participants")), _plain_count(cells.get("quantity"))
    if participants == -1 or quantity == -1:
        return False
    row.text = {"task": shape[0], "form": shape[1], "content": content, "audience": shape[2], "note": note}
    row.day, row.tags, row.forms, row.audiences = day, shape[3], shape[4], shape[5]
    row.counts = {"participants": participants, "quantity": quantity}
    link = cells.get("link")
    if link is None or link == "":
        row.link_text, row.link = "", None  # what _read_link makes of a blank cell
    else:
        _read_link(row, as_of)
    return True


def _plain_cell(value: Any) -> str | None:
    """A text cell's cleaned text as the full path reads it ("" when blank), or None when it must read it (not text,
    or typed in a legacy font)."""
    if value is None:
        return ""
    if type(value) is not str:
        return None
    cleaned, encoding, _ = _text_cell(value)
    return None if encoding else cleaned


def _plain_count(raw: CellValue | CellError) -> int | None:
    """A count cell's value, or -1 when the full path must read it (anything but a whole number or a blank)."""
    if raw is None:
        return None
    if type(raw) is float:
        return int(raw) if 0 <= raw <= MAX_COUNT and raw.is_integer() else -1
    if type(raw) is int:
        return raw if 0 <= raw <= MAX_COUNT else -1
    result = parse_count(raw)
    return -1 if result.findings else result.value


# The built-in columns' cells, read in this order (the order their problems are listed in).

def _read_date(row: _Row, as_of: date) -> None:
    if row.error("date"):
        return
    parsed = parse_date(row.cells.get("date"), row.tracker, as_of, row.sheet.date1904)
    row.day = parsed.value
    for code, params in parsed.findings:
        shown = params.pop("shown", None)
        row.add(code, "date", shown or as_text(row.cells.get("date")), **params)


def _read_task(row: _Row, as_of: date) -> None:
    if row.error("task"):
        return
    tasks = parse_tasks(row.text["task"], row.text["content"], row.tracker, row.m.tasks)
    row.tags = tasks.tags
    for code, params in tasks.findings:
        row.add(code, "task", row.text["task"], **params)


def _read_list(key: str, matcher: Callable[[_Matchers], PhraseMatcher], missing: Code, unknown: Code,
               ) -> Callable[[_Row, date], None]:
    def read(row: _Row, as_of: date) -> None:
        if key not in row.columns or row.error(key):
            return
        typed = row.text[key]
        found, leftover = matcher(row.m).match(typed) if typed else ([], "")
        setattr(row, f"{key}s" if key == "form" else "audiences", found)
        if not typed:
            row.add(missing, key)
        elif leftover:
            row.add(unknown, key, typed)
    return read


def _read_content(row: _Row, as_of: date) -> None:
    if not row.text["content"] and not row.error("content"):
        row.add(Code.CONTENT_MISSING, "content")


def _read_counts(row: _Row, as_of: date) -> None:
    for key in ("participants", "quantity"):
        result = parse_count(row.cells.get(key))
        row.counts[key] = result.value
        for code, params in result.findings:
            row.add(code, key, as_text(row.cells.get(key)), **params)


def _read_link(row: _Row, as_of: date) -> None:
    # Its problems wait for the evidence check, which may say more (tracker.intake._check_link).
    row.link_text = "" if row.error("link") else clean(as_text(row.cells.get("link")))
    row.link = parse_link(row.link_text) if row.link_text else None


BUILTIN_READERS: tuple[Callable[[_Row, date], None], ...] = (
    _read_date, _read_task,
    _read_list("form", lambda m: m.forms, Code.FORM_MISSING, Code.FORM_UNKNOWN),
    _read_list("audience", lambda m: m.audiences, Code.AUDIENCE_MISSING, Code.AUDIENCE_UNKNOWN),
    _read_content, _read_counts, _read_link,
)


def _own_values(row: _Row) -> dict[str, Any]:
    """The typed values of the tracker's own columns, read by their kind (tracker.columns), each bad cell
    reported at its cell."""
    out: dict[str, Any] = {}
    m = row.m
    for col in m.own_columns:
        raw = row.cells.get(col.key)
        if col.key not in row.columns or isinstance(raw, CellError):
            continue
        shown = clean(as_text(raw))
        if not shown:
            if col.required:
                row.add(Code.VALUE_MISSING, col.key, header=col.header)
            continue
        cell = Cell(col, raw, shown, row.day, row.tracker.campaign.start.year, m.choices.get(col.key),
                    m.schedules.get(col.key, ()))
        value, findings = COLUMN_KINDS[col.kind].read(cell)
        for code, params in findings:
            row.add(code, col.key, shown, **params)
        if value is not None:
            out[col.key] = value
    return out


# The row checks, in this order: each looks at the row as read and adds its problems.

Seen = dict[tuple[date, frozenset[str], str], int]


def _check_evidence(row: _Row, seen: Seen) -> None:
    row.evidence = _evidence_problem(row.tracker, row.m, row.tags, row.forms, row.audiences, row.link, row.own,
                                     row.cells)
    if row.evidence is not None:
        missing_code, key, what = row.evidence
        shown = row.link_text if key == "link" else as_text(row.cells.get(key)) if key else ""
        row.add(missing_code, key, shown, what=what)


def _check_link(row: _Row, seen: Seen) -> None:
    if not row.link_text or row.link is not None:
        return
    if holds_docref(row.link_text):
        row.add(Code.LINK_HOLDS_DOCREF, "link", row.link_text, **_move_docref_hint(row.tracker))
    elif row.evidence is None:
        row.add(Code.LINK_INVALID, "link", row.link_text)


def _check_docrefs(row: _Row, seen: Seen) -> None:
    # A number typed in a form no registry uses, unless the evidence check said so.
    for col in row.m.own_columns:
        typed = row.cells.get(col.key)
        if (col.kind == "docref" and col.key not in row.own and col.key in row.columns
                and not isinstance(typed, CellError) and clean(as_text(typed))
                and (row.evidence is None or row.evidence[1] != col.key)):
            row.add(Code.DOCREF_INVALID, col.key, clean(as_text(typed)), header=col.header)


def _check_other_unit(row: _Row, seen: Seen) -> None:
    note = row.text["note"]
    other = _other_unit(row.unit, f"{row.folded_content()} {fold(note) if note else ''}", row.m)
    if other:
        row.add(Code.ROW_NAMES_OTHER_UNIT, "content", row.tracker.unit(other).name)


def _check_assigned(row: _Row, seen: Seen) -> None:
    unassigned = row.m.unassigned.get(row.unit.id)
    if unassigned and row.tags and not row.tags.isdisjoint(unassigned):
        for tag in sorted(row.tags.intersection(unassigned)):
            row.add(Code.TASK_NOT_ASSIGNED, "task", tag, parts=unassigned[tag], line=row.rownum)


_LIST_PROBLEMS = frozenset({Code.FORM_MISSING, Code.FORM_UNKNOWN, Code.AUDIENCE_MISSING, Code.AUDIENCE_UNKNOWN})


def _check_counted(row: _Row, seen: Seen) -> None:
    # Only a row nothing else was said of: a missing or unknown form already tells the unit what to choose.
    if not row.tags or (row.problems and any(p.severity == "error" or p.code in _LIST_PROBLEMS
                                             for p in row.problems)):
        return
    parts = row.m.counted.missed(row.unit.id, row.tags, row.forms, row.audiences)
    if parts:
        chosen = [f"hình thức “{series(row.forms, 'và')}”"] if row.forms else []
        chosen += [f"đối tượng “{series(row.audiences, 'và')}”"] if row.audiences else []
        row.add(Code.ACTIVITY_NOT_COUNTED, "form" if row.forms else "task", row.text["task"], parts=parts,
                chosen=", ".join(chosen) or "không ghi hình thức, đối tượng", line=row.rownum)


def _check_duplicate(row: _Row, seen: Seen) -> None:
    if row.day is None or not row.text["content"]:
        return
    identity = (row.day, row.tags, row.folded_content())
    if identity in seen:
        row.add(Code.DUPLICATE_ACTIVITY, "content", row.text["content"], first=seen[identity])
    else:
        seen[identity] = row.rownum


ROW_CHECKS: tuple[Callable[[_Row, Seen], None], ...] = (
    _check_evidence, _check_link, _check_docrefs, _check_assigned, _check_counted, _check_other_unit, _check_duplicate,
)


def _evidence_problem(tracker: Tracker, m: _Matchers, tags: frozenset[str], forms: Sequence[str], audiences: Sequence[str],
                      link: str | None, own: dict[str, Any], cells: dict[str, CellValue | CellError],
                      ) -> tuple[Code, str | None, str] | None:
    """(code, column key, what needs it) for the first evidence rule binding this row that it does not satisfy.

    A rule binds the rows its own filter selects: its forms, within its part's tags; never every row of a
    form in other tasks.
    """
    for rule, what, key in m.binding[tags, tuple(forms), tuple(audiences)]:
        has_doc = bool(key and own.get(key))
        if rule.evidence == "link" and link is None and not isinstance(cells.get("link"), CellError):
            return Code.EVIDENCE_LINK_MISSING, "link", what
        if rule.evidence == "document" and not has_doc:
            return Code.EVIDENCE_DOCUMENT_MISSING, key, what
        if rule.evidence == "link_or_document" and link is None and not has_doc:
            return Code.EVIDENCE_MISSING, key or "link", what
    return None


def holds_docref(text: str) -> bool:
    """A document's number somewhere in the text: '52/KH-UBND', 'Kế hoạch số 52/KH-UBND ngày 12/5/2026'."""
    return any(parse_docref(text[m.start():]) for m in re.finditer(r"(?<!\d)\d", text))


def _move_docref_hint(tracker: Tracker) -> dict[str, str]:
    """Where a document number typed into the link column belongs: the tracker's document-number column, else
    a note beside a link to the document."""
    column = docref_column(tracker, None)
    if column:
        header = tracker.column(column).header
        return {"hint": f"hãy chuyển số văn bản sang cột “{header}” và để ô này cho đường link (nếu có).",
                "hint_en": f"move it to the column '{header}' and keep this cell for a link, if any."}
    note = tracker.column("note").header if tracker.has_column("note") else "Ghi chú"
    return {"hint": f"ô này chỉ nhận đường link (http:// hoặc https://): hãy ghi số văn bản vào cột “{note}” "
                    "và dán vào đây đường link của văn bản hoặc bài đăng.",
            "hint_en": f"this cell takes a link only: note the number in the column '{note}' and paste a link here."}


_TOTALS_LABEL = re.compile(r"^(?:tong cong|tong so|tong|cong)\s*[:.]?\s*(?:\([^)]*\))?$")
"""A cell that is a totals line's label and nothing more: 'Tổng cộng', 'TỔNG CỘNG:', 'Cộng', 'Tổng (toàn xã)'."""
_TOTALS_START = re.compile(r"^(?:tong cong|tong so)\b")
"""A cell that starts as a totals line does ('Tổng cộng toàn xã'): such a line when the row has no date. Folded,
'Công tác …', 'Cộng đồng …', 'Tổng kết …' and 'Tổng công ty …' start so too ('cong', 'tong', 'tong cong'): a dated row
is an activity whatever its first word."""


def _is_totals(value: str) -> bool:
    """Whether a cell is a totals label alone; a long cell is none (folding a whole content cell is wasted work)."""
    return len(value) <= 40 and _totals_label(value)


@lru_cache(maxsize=1 << 14)
def _totals_label(value: str) -> bool:
    return bool(_TOTALS_LABEL.match(fold(value)))


@lru_cache(maxsize=1 << 14)
def _starts_totals(start: str) -> bool:
    return bool(_TOTALS_START.match(fold(start)))


def _totals_row(cells: Mapping[str, Any]) -> bool:
    """A totals line, no activity: a label alone in one of its first cells, or one starting as a label in a row
    without a date (the label may stand in the date cell itself)."""
    texts = [v for k, v in cells.items() if k in TOTALS_KEYS and type(v) is str]
    if any(_is_totals(v) for v in texts):
        return True
    day = cells.get("date")
    undated = day is None or (type(day) is str and (not day.strip() or _starts_totals(day[:16])))
    return undated and any(_starts_totals(v[:16]) for v in texts)


@lru_cache(maxsize=1 << 14)
def _text_cell(raw: str) -> tuple[str, str | None, str]:
    """A text cell's (cleaned text, legacy encoding it was typed in or None, the cell as typed, cleaned: for the
    message). Made once per distinct text: tasks, forms and audiences come from dropdowns, row after row the same.
    Repaired before cleaning: TCVN3 writes 'ư' as a soft hyphen, which clean() would delete."""
    fixed, encoding = repair_legacy(raw)
    return clean(fixed), encoding, clean(raw) if encoding else ""


def _other_unit(unit: Unit, folded: str, m: _Matchers) -> str | None:
    """The unit another unit's row names (its content and note, folded), if any."""
    if not m.trigger_words.search(folded):
        return None  # the common case: no word that starts a unit's name, decided without splitting the text
    words = phrase_words(folded)
    if len(words) < 2:
        return None
    bigrams = {f"{a} {b}" for a, b in pairwise(words)}
    if not bigrams & m.triggers:
        return None  # the next most common, decided without building n-grams
    for i in range(len(words)):
        for n in range(min(m.max_words, len(words) - i), 1, -1):
            hit = m.unit_names.get(" ".join(words[i:i + n]))
            if hit is not None:
                if hit != unit.id:
                    return hit
                break
    return None
