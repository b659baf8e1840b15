"""The province's decisions: lines of a review tab -> decisions that the check applies as data.

Provincial staff keep one line per decision in a "Duyệt" tab of the shared spreadsheet (or a reviews
.xlsx/.csv beside a workbook): the unit, the row of its tab or the whole part, the decision, the
reason, who and when. Who decided must be on the tracker's staff list (`StaffNames`). The check reads
lines only from places the province controls (tracker.check), never from a tab of the units' source. Row decisions (accept, reject, on hold) are tied to the content the officer
saw, not to a row number that moves: each carries the row's digest, written by the notebook that
records it or pinned by history the first time a check sees a hand-typed line (tracker.storage.history).

Reading is total: a bad line becomes a problem located at its cell, never an exception, and is not
applied. When two lines decide the same row or part, the later one (by date, then by line) is in
force and the earlier is kept as superseded.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from openpyxl.utils import get_column_letter

from tracker import problems as P
from tracker.definition import Tracker
from tracker.files.cells import CellError, CellValue, RawSheet, filled_rows
from tracker.files.cells import is_review_sheet as is_review_sheet  # the tab's name, read where sheets are
from tracker.parse import as_text, from_serial, parse_day
from tracker.problems import Code, Problem
from tracker.text import clean, fold

REVIEW_SHEET = "Duyệt"
WHOLE_PART = "Cả phần việc"
HEADER_SCAN_ROWS = 10
REASON_MAX = 500
"""Characters of a reason kept: it is quoted in reminders, cells and reports (the tab keeps it whole)."""
LINES_MAX = 20_000
"""Decision lines read per review sheet. A province decides a few thousand lines in a campaign; a sheet beyond
this is refused whole (`decision-too-many-lines`) rather than held in memory or read in part."""
_FORMULA_GUARD = re.compile(r"^'(?=[=+\-@])")


class Kind(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"
    HOLD = "hold"
    EXCUSE = "excuse"
    COMPLETE = "complete"


KIND_VI: dict[Kind, str] = {
    Kind.ACCEPT: "Chấp nhận",
    Kind.REJECT: "Không chấp nhận",
    Kind.HOLD: "Chờ làm rõ",
    Kind.EXCUSE: "Miễn",
    Kind.COMPLETE: "Hoàn thành",
}
ROW_KINDS = frozenset({Kind.ACCEPT, Kind.REJECT, Kind.HOLD})
PART_KINDS = frozenset({Kind.EXCUSE, Kind.COMPLETE})
REASON_REQUIRED = frozenset({Kind.REJECT, Kind.HOLD, Kind.EXCUSE})
"""A unit told 'not accepted' or 'excused' must be told why; accepting needs no reason."""

# What officers write for each decision, folded; the dropdown offers KIND_VI.
_WORDS: dict[str, Kind] = {
    **{w: Kind.ACCEPT for w in ("chap nhan", "dong y", "duyet", "dat", "hop le")},
    **{w: Kind.REJECT for w in ("khong chap nhan", "khong dong y", "khong duyet", "tu choi", "loai",
                                "khong dat", "khong hop le")},
    **{w: Kind.HOLD for w in ("cho lam ro", "cho", "can lam ro", "tam giu", "xem lai")},
    **{w: Kind.EXCUSE for w in ("mien", "duoc mien", "khong ap dung", "mien thuc hien")},
    **{w: Kind.COMPLETE for w in ("hoan thanh", "da hoan thanh", "xac nhan hoan thanh")},
}


@dataclass(frozen=True)
class ReviewColumn:
    key: str
    header: str
    aliases: tuple[str, ...]
    width: int
    hint: str


COLUMNS: tuple[ReviewColumn, ...] = (
    ReviewColumn("unit", "Đơn vị", ("ten don vi", "ma don vi", "trang tinh"), 28,
                 "Tên đơn vị (hoặc tên trang tính của đơn vị)."),
    ReviewColumn("row", "Dòng", ("so dong", "dong so", "hang"), 8,
                 f"Số dòng trong trang của đơn vị; để trống (hoặc ghi “{WHOLE_PART}”) khi quyết định cho cả phần việc."),
    ReviewColumn("part", "Phần việc", ("nhiem vu", "phan viec (neu co)", "ma phan viec"), 12,
                 "Mã phần việc (ví dụ 1a). Bắt buộc khi quyết định cho cả phần việc; với một dòng được chấp nhận, "
                 "phần việc mà dòng được tính vào (nếu đơn vị ghi sai hoặc thiếu)."),
    ReviewColumn("decision", "Quyết định", ("ket qua duyet", "ket luan"), 18,
                 "Với một dòng: Chấp nhận, Không chấp nhận, Chờ làm rõ. Với cả phần việc: Miễn, Hoàn thành."),
    ReviewColumn("reason", "Lý do", ("ly do, ghi chu", "nhan xet", "ghi chu"), 40,
                 "Bắt buộc khi không chấp nhận, chờ làm rõ hoặc miễn: đơn vị sẽ đọc lý do này."),
    ReviewColumn("day", "Ngày thực hiện", ("ngay hoat dong", "ngay hoan thanh"), 14,
                 "Khi chấp nhận một dòng mà đơn vị ghi ngày không đọc được: ngày thực hiện đúng. "
                 "Khi xác nhận hoàn thành cả phần việc: ngày hoàn thành."),
    ReviewColumn("evidence", "Minh chứng", ("link minh chung", "van ban", "so van ban"), 30,
                 "Khi xác nhận hoàn thành: minh chứng đã xem (đường link hoặc số văn bản)."),
    ReviewColumn("who", "Người quyết định", ("nguoi duyet", "can bo duyet", "nguoi xac nhan"), 20,
                 "Họ tên người quyết định."),
    ReviewColumn("decided_on", "Ngày quyết định", ("ngay duyet", "ngay xac nhan"), 14,
                 "Ngày quyết định (dd/mm/yyyy)."),
    ReviewColumn("digest", "Mã nội dung", ("ma dong",), 18,
                 "Do công cụ tự điền: gắn quyết định với nội dung dòng lúc quyết định. Không cần nhập."),
)
REQUIRED = ("unit", "decision")
"""The headings that make a row the review tab's header."""
ACCOUNTABLE = ("who", "decided_on")
"""Columns a review tab cannot do without: a decision names who took it and when."""
_HEADERS: dict[str, str] = {}
for _col in COLUMNS:
    for _name in (_col.header, *_col.aliases):
        _HEADERS.setdefault(re.sub(r"[^0-9a-z]", "", fold(_name)), _col.key)


def column(key: str) -> ReviewColumn:
    return next(c for c in COLUMNS if c.key == key)


def columns_letter(columns: Mapping[str, int], key: str) -> str | None:
    return get_column_letter(columns[key] + 1) if key in columns else None


@dataclass(frozen=True)
class Decision:
    """One line of the review tab, read and valid."""

    sheet: str
    line: int
    unit: str
    row: int | None
    part: str | None
    kind: Kind
    reason: str
    who: str
    decided_on: date
    day: date | None = None
    evidence: str = ""
    digest: str = ""
    letters: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    """The review tab's column letter of each field, so that a problem names the cell."""

    def column(self, key: str) -> str | None:
        return dict(self.letters).get(key)

    @property
    def key(self) -> str:
        """The decision's identity in history: what was decided, about what, by whom and when."""
        body = "\x1f".join([self.unit, str(self.row or ""), self.part or "", self.kind, fold(self.reason),
                            fold(self.who), self.decided_on.isoformat()])
        return hashlib.sha1(body.encode("utf-8")).hexdigest()[:16]

    @property
    def target(self) -> tuple[str, str]:
        return (self.unit, f"row:{self.row}" if self.kind in ROW_KINDS else f"part:{self.part}")

    @property
    def kind_vi(self) -> str:
        return KIND_VI[self.kind]


def by(speaker: str, decision: Decision) -> str:
    """The mark a report puts beside what a decision changed: 'theo quyết định của Sở ngày 05/08/2026'."""
    return f"theo quyết định của {speaker} ngày {decision.decided_on:%d/%m/%Y}"


@dataclass(frozen=True)
class Review:
    """The decisions in force, those a later line replaced, and what was wrong with the other lines."""

    decisions: tuple[Decision, ...] = ()
    superseded: tuple[Decision, ...] = ()
    problems: tuple[Problem, ...] = ()
    sheets: tuple[str, ...] = ()

    def rows_of(self, unit: str) -> list[Decision]:
        return [d for d in self.decisions if d.unit == unit and d.kind in ROW_KINDS]

    def parts_of(self, unit: str) -> dict[str, Decision]:
        return {d.part: d for d in self.decisions if d.unit == unit and d.kind in PART_KINDS and d.part}

    def pinned(self, pins: Mapping[str, str]) -> Review:
        """The same review with the digests history pinned for hand-typed lines that carry none."""
        if not pins:
            return self
        return replace(self, decisions=tuple(
            replace(d, digest=pins[d.key]) if not d.digest and d.key in pins else d for d in self.decisions))


EMPTY = Review()


def read_review(tracker: Tracker, sheets: Iterable[RawSheet], as_of: date | None = None) -> Review:
    """Every review line of the given tabs, checked against the tracker as of a date; bad lines are problems.

    A decision dated after `as_of` was not known then: a check of an earlier date leaves it out (and says so).
    """
    found: list[Decision] = []
    problems: list[Problem] = []
    names: list[str] = []
    for sheet in sheets:
        names.append(sheet.name)
        decisions, bad = _read_sheet(tracker, sheet, as_of)
        found += decisions
        problems += bad
    in_force: dict[tuple[str, str], Decision] = {}
    superseded: list[Decision] = []
    for d in sorted(found, key=lambda d: (d.decided_on, names.index(d.sheet), d.line)):
        earlier = in_force.get(d.target)
        if earlier is not None:
            superseded.append(earlier)
            if earlier.decided_on == d.decided_on and earlier.key != d.key:  # no later one to prefer: say so
                problems.append(P.make(Code.DECISION_CONFLICT, sheet=earlier.sheet, row=earlier.line,
                                       column=earlier.column("decision"), value=earlier.kind_vi,
                                       other=f"{d.sheet}!{d.column('decision') or ''}{d.line}",
                                       other_kind=d.kind_vi))
        in_force[d.target] = d
    ordered = sorted(in_force.values(), key=lambda d: (names.index(d.sheet), d.line))
    return Review(tuple(ordered), tuple(superseded), tuple(problems), tuple(names))


def header_row(rows: Sequence[Sequence[Any]]) -> int | None:
    """The 0-based row of a review header among the first rows, or None: tells a review sheet from others."""
    return _header(rows)[0]


def _header(rows: Sequence[Sequence[Any]]) -> tuple[int | None, dict[str, int]]:
    for r, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns: dict[str, int] = {}
        for c, value in enumerate(row):
            if isinstance(value, str):
                key = _HEADERS.get(re.sub(r"[^0-9a-z]", "", fold(value)))
                if key and key not in columns:
                    columns[key] = c
        if all(k in columns for k in REQUIRED):
            return r, columns
    return None, {}


def kind_of(text: str) -> Kind | None:
    """The decision a word names, however it is typed: 'không chấp nhận', 'KHONG CHAP NHAN', 'Từ chối'."""
    return _WORDS.get(fold(clean(text)).rstrip(". "))


def unit_finder(tracker: Tracker) -> _UnitNames:
    return _UnitNames(tracker)


class _UnitNames:
    """A unit named by id, tab name, name, alias or registry code, ignoring case, spacing and diacritics."""

    def __init__(self, tracker: Tracker) -> None:
        self.by_key: dict[str, str] = {}
        for unit in tracker.units:
            for name in (unit.id, unit.sheet, unit.name, *unit.aliases, unit.code or ""):
                if name:
                    self.by_key.setdefault(re.sub(r"[^0-9a-z]", "", fold(name)), unit.id)

    def find(self, text: str) -> str | None:
        return self.by_key.get(re.sub(r"[^0-9a-z]", "", fold(text)))


_ADDRESS = re.compile(r"[^\s<>,;:\"'()\[\]]+@[^\s<>,;:\"'()\[\]]+")


class StaffNames:
    """Who may decide: the tracker's `province.staff` (by name or address) and `province.staff_emails` (by address).

    A 'Người quyết định' cell that holds an address ('an@so.gov.vn', 'Nguyễn Văn An <an@so.gov.vn>') is
    matched by its address alone, ignoring case. Otherwise the cell is a name, matched ignoring case,
    spacing and diacritics when that names one staff member; when two staff names differ only by
    diacritics, the name must be typed exactly.
    """

    def __init__(self, tracker: Tracker) -> None:
        self.addresses = {a.casefold() for a in tracker.province.staff_addresses()}
        self.names: dict[str, list[str]] = {}
        for member in tracker.province.staff:
            if member.name.strip():
                self.names.setdefault(fold(member.name), []).append(member.name)

    def knows(self, text: str) -> bool:
        addresses = _ADDRESS.findall(text)
        if addresses:
            return all(a.casefold() in self.addresses for a in addresses)
        matches = self.names.get(fold(text), [])
        if len(matches) == 1:
            return True
        exact = unicodedata.normalize("NFC", text).casefold().split()
        return any(unicodedata.normalize("NFC", m).casefold().split() == exact for m in matches)


def part_id(tracker: Tracker, text: str) -> str | None:
    """'1a', 'NV1a', 'Nhiệm vụ 1a', 'Phần việc 1A' -> '1a'; None when no part has that id."""
    key = re.sub(r"^(nhiem vu|phan viec|nv)\s*", "", fold(text)).replace(" ", "")
    for _, part in tracker.parts():
        if fold(part.id).replace(" ", "") == key:
            return part.id
    return None


def _day(value: CellValue | CellError, date1904: bool) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool) or value is None or isinstance(value, CellError):
        return None
    if isinstance(value, int | float):
        return from_serial(float(value), date1904) if value >= 20000 else None
    text = fold(clean(str(value))).rstrip(".")
    if re.fullmatch(r"\d{5}(\.0+)?", text):
        return from_serial(float(text), date1904)
    return parse_day(text)


def _row_number(value: CellValue | CellError) -> int | str | None:
    """A row number, None for the whole part, or the text that is neither."""
    if value is None or isinstance(value, CellError):
        return None
    if isinstance(value, bool):
        return as_text(value)
    if isinstance(value, int | float):
        return int(value) if float(value).is_integer() and value >= 1 else as_text(value)
    text = clean(str(value))
    if not text or fold(text) in (fold(WHOLE_PART), "ca phan", "toan bo", "-"):
        return None
    m = re.fullmatch(r"(?:dong|d|hang|row)?\s*(\d{1,7})", fold(text))
    return int(m.group(1)) if m and int(m.group(1)) >= 1 else text


def _read_sheet(tracker: Tracker, sheet: RawSheet, as_of: date | None) -> tuple[list[Decision], list[Problem]]:
    header_at, columns = _header(sheet.rows)
    if header_at is None:
        if any(clean(as_text(v)) for row in sheet.rows for v in row if not isinstance(v, CellError)):
            return [], [P.make(Code.DECISION_HEADER_NOT_FOUND, sheet=sheet.name)]
        return [], []  # a review tab nobody has written in yet
    lacking = [c.header for c in COLUMNS if c.key in ACCOUNTABLE and c.key not in columns]
    if lacking:  # a decision nobody signed or dated is not applied: say so once, not on every line
        return [], [P.make(Code.DECISION_COLUMN_MISSING, sheet=sheet.name, row=header_at + 1, line=header_at + 1,
                           value=", ".join(f"“{h}”" for h in lacking))]
    if len(sheet.rows) - header_at - 1 > LINES_MAX:
        return [], [P.make(Code.DECISION_TOO_MANY_LINES, sheet=sheet.name, value=len(sheet.rows) - header_at - 1,
                           max_lines=LINES_MAX)]
    units = unit_finder(tracker)
    staff = StaffNames(tracker)
    out: list[Decision] = []
    problems: list[Problem] = []
    rows = filled_rows(sheet)  # a unit merged down over its lines is the unit of each, as the officer sees it
    for r in range(header_at + 1, len(rows)):
        row = rows[r]
        cells = {k: (row[c] if c < len(row) else None) for k, c in columns.items()}
        if not any(not isinstance(v, CellError) and clean(as_text(v)) for v in cells.values()):
            continue
        decision, bad = _read_line(tracker, sheet, r + 1, cells, columns, units, staff, as_of)
        problems += bad
        if decision is not None:
            out.append(decision)
    return out, problems


@dataclass
class _Line:
    """One decision line being read: its cells by key, and the problems found so far, each at its cell."""

    sheet: RawSheet
    line: int
    cells: dict[str, CellValue | CellError]
    columns: dict[str, int]
    problems: list[Problem] = field(default_factory=list)

    def text(self, key: str) -> str:
        v = self.cells.get(key)
        # A CSV written by decide() guards a leading '=' with an apostrophe, as spreadsheet programs do.
        return "" if isinstance(v, CellError) else _FORMULA_GUARD.sub("", clean(as_text(v)))

    def bad(self, code: Code, key: str, value: Any = "", **params: Any) -> None:
        col = get_column_letter(self.columns[key] + 1) if key in self.columns else None
        self.problems.append(P.make(code, sheet=self.sheet.name, row=self.line, column=col, value=value,
                                    header=column(key).header, **params))


def _read_line(tracker: Tracker, sheet: RawSheet, line: int, cells: dict[str, CellValue | CellError],
               columns: dict[str, int], units: _UnitNames, staff: StaffNames,
               as_of: date | None) -> tuple[Decision | None, list[Problem]]:
    at = _Line(sheet, line, cells, columns)
    unit = units.find(at.text("unit"))
    if not at.text("unit"):
        at.bad(Code.DECISION_UNIT_MISSING, "unit")
    elif unit is None:
        at.bad(Code.DECISION_UNIT_UNKNOWN, "unit", at.text("unit"))
    kind = kind_of(at.text("decision"))
    if kind is None:
        at.bad(Code.DECISION_WORD_UNKNOWN, "decision", at.text("decision"),
               choices=", ".join(f"“{v}”" for v in KIND_VI.values()))
    row, part = _line_target(tracker, at, kind)
    reason, who = _line_reason_and_who(tracker, at, kind, staff)
    decided_on, day = _line_days(tracker, at, kind, as_of)
    if not at.problems and decided_on is not None and as_of is not None and decided_on > as_of:
        return None, [P.make(Code.DECISION_AFTER_AS_OF, sheet=sheet.name, row=line, column=columns_letter(columns,
                             "decided_on"), value=f"{decided_on:%d/%m/%Y}", as_of=f"{as_of:%d/%m/%Y}")]
    if at.problems or unit is None or kind is None or decided_on is None:
        return None, at.problems
    return Decision(sheet=sheet.name, line=line, unit=unit, row=row, part=part, kind=kind, reason=reason, who=who,
                    decided_on=decided_on, day=day, evidence=at.text("evidence"), digest=at.text("digest").lower(),
                    letters=tuple((k, get_column_letter(c + 1)) for k, c in columns.items())), []


def _line_target(tracker: Tracker, at: _Line, kind: Kind | None) -> tuple[int | None, str | None]:
    """The row a line decides, or the part: a row decision needs a row, a part decision a part and no row."""
    target = _row_number(at.cells.get("row"))
    if isinstance(target, str):
        at.bad(Code.DECISION_ROW_INVALID, "row", target)
    part: str | None = None
    if at.text("part"):
        part = part_id(tracker, at.text("part"))
        if part is None:
            at.bad(Code.DECISION_PART_UNKNOWN, "part", at.text("part"),
                   parts=", ".join(p.id for _, p in tracker.parts()))
    row = target if isinstance(target, int) else None
    if kind in ROW_KINDS and row is None and not isinstance(target, str):
        at.bad(Code.DECISION_NEEDS_ROW, "row", at.text("decision"), whole=WHOLE_PART)
    if kind in PART_KINDS:
        if row is not None:
            at.bad(Code.DECISION_NEEDS_PART, "row", at.text("decision"), whole=WHOLE_PART)
        elif part is None and not at.text("part"):
            at.bad(Code.DECISION_NEEDS_PART, "part", at.text("decision"), whole=WHOLE_PART)
    return row, part


def _line_reason_and_who(tracker: Tracker, at: _Line, kind: Kind | None, staff: StaffNames) -> tuple[str, str]:
    """The reason (cut to REASON_MAX) and the decider, who must be on the province's staff list."""
    reason = at.text("reason")
    if len(reason) > REASON_MAX:
        reason = reason[: REASON_MAX - 1] + "…"
    if kind in REASON_REQUIRED and not reason:
        at.bad(Code.DECISION_REASON_MISSING, "reason", at.text("decision"))
    who = at.text("who")
    if not who:
        at.bad(Code.DECISION_WHO_MISSING, "who")
    elif not staff.knows(who):
        at.bad(Code.DECISION_WHO_NOT_STAFF, "who", who, speaker=tracker.province.speaker)
    return reason, who


def _line_days(tracker: Tracker, at: _Line, kind: Kind | None, as_of: date | None) -> tuple[date | None, date | None]:
    """The day of the decision, and the day an accepted or completed activity took place (within the campaign,
    and for an acceptance not after the check)."""
    decided_on = _day(at.cells.get("decided_on"), at.sheet.date1904)
    if decided_on is None:
        at.bad(Code.DECISION_DATE_INVALID, "decided_on", at.text("decided_on"))
    day = _day(at.cells.get("day"), at.sheet.date1904)
    if at.text("day") and day is None:
        at.bad(Code.DECISION_DATE_INVALID, "day", at.text("day"))
    elif day is not None and kind in (Kind.ACCEPT, Kind.COMPLETE):
        c = tracker.campaign
        last = min(c.end, as_of) if as_of and kind == Kind.ACCEPT else as_of
        if (kind == Kind.ACCEPT and day < c.start) or (last is not None and day > last):
            at.bad(Code.DECISION_DAY_UNUSABLE, "day", f"{day:%d/%m/%Y}", start=f"{c.start:%d/%m/%Y}",
                   end=f"{(last or c.end):%d/%m/%Y}")
    return decided_on, day


STATE_VI: dict[str, str] = {
    "applied": "Đã áp dụng", "moved": "Đã áp dụng (dòng đã chuyển chỗ)",
    "changed": "Chưa áp dụng: dòng đã bị sửa sau quyết định", "missing": "Chưa áp dụng: không còn dòng này",
    "superseded": "Đã được thay bằng quyết định sau",
    "incomplete": "Chưa áp dụng: dòng vẫn thiếu ngày hoặc phần việc",
}


@dataclass(frozen=True)
class Outcome:
    """What became of one decision in this check: applied (to which row), or why not."""

    decision: Decision
    state: str
    """applied | moved | changed | missing | superseded | incomplete (accepted, still not countable)"""
    row: int | None = None
    """The row it was applied to (a row decision that followed its row after a move)."""
    digest: str = ""
    """The row's digest the decision is tied to (pinned by this check when the line carried none)."""
    effects: tuple[dict[str, str], ...] = field(default=())
    """Statuses this decision changed: task, part, before, after."""

    @property
    def applied(self) -> bool:
        return self.state in ("applied", "moved")

    @property
    def state_vi(self) -> str:
        return STATE_VI[self.state]
