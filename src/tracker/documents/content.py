"""What each official document says: (tracker, findings.json) -> letterhead fields and body blocks.

Pure: no Word here. The words come from the tracker (terms, province, directive, tasks, columns)
and the figures from findings.json (docs/findings.md), the stable interface of the weekly check.
A part that does not bind a unit ('not_applicable') is shown as such and never counts as lagging.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from tracker import citation
from tracker.definition import WEEKDAYS, Province, Tracker, find_unit, work_calendar
from tracker.errors import TrackerError
from tracker.findings import ActivityFinding, Findings, PartFinding, PeriodFinding, ProblemFinding, read_findings
from tracker.periods import WEEKDAY_VI, due_words, late_periods_words, period_short_name
from tracker.problems import origin_of
from tracker.text import clean, fold, is_numbering, lower_first, numbered, series
from tracker.workdays import check_week, update_deadline

Form = Literal["report", "letter"]
Kind = Literal["weekly", "final", "reminder_letter"]
KINDS: tuple[Kind, ...] = ("weekly", "final", "reminder_letter")
FORM_OF: dict[Kind, Form] = {"weekly": "report", "final": "report", "reminder_letter": "letter"}

DONE = frozenset({"done_on_time", "done_late"})
NOT_APPLICABLE = "not_applicable"
STATUS_ORDER: tuple[str, ...] = ("done_on_time", "done_late", "in_progress", "overdue", NOT_APPLICABLE)
STATUS_LABELS: dict[str, str] = {
    "done_on_time": "Hoàn thành đúng hạn",
    "done_late": "Hoàn thành quá hạn",
    "in_progress": "Đang thực hiện trong hạn",
    "overdue": "Quá hạn",
    NOT_APPLICABLE: "Không áp dụng",
}
BLANK_NUMBER = "     "  # the office's registry writes the number by hand: left blank, as on the dispatch
BLANK_DAY = "      "  # six spaces between "ngày" and "tháng": room for a handwritten day
MANY_ADDRESSEES = 6  # above this, "Kính gửi" points to the annex instead of listing every unit


@dataclass(frozen=True)
class Para:
    text: str
    kind: Literal["body", "heading", "subheading", "item"] = "body"


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    """Column widths in cm; they add up to the text width."""
    numeric: frozenset[int] = frozenset()
    """Columns aligned right (counts and sums)."""
    total: tuple[str, ...] | None = None
    small: bool = False
    groups: frozenset[int] = frozenset()
    """Rows (0 = first row after the headings) that are one heading across the table, e.g. a unit's name."""


@dataclass(frozen=True)
class Bars:
    """A chart drawn as a table (no image, so Word keeps it editable and it prints sharp): one row a label,
    its bar in shaded cells, each segment a share of the row's total; `legend` names each segment."""

    rows: tuple[tuple[str, tuple[int, ...], str], ...]
    """(label, segment values, text after the bar)."""
    colours: tuple[str, ...]
    """Fill of each segment, hex without '#'."""
    legend: tuple[str, ...]


Block = Para | Table | Bars


@dataclass(frozen=True)
class Annex:
    title: str
    reference: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Content:
    kind: Kind
    parent: str
    issuer: str
    number: str
    place_date: str
    kind_name: str
    abstract: str
    addressees: tuple[str, ...]
    body: tuple[Block, ...]
    recipients: tuple[str, ...]
    authority: str
    title: str
    signer: str
    annexes: tuple[Annex, ...] = field(default=())

    @property
    def form(self) -> Form:
        return FORM_OF[self.kind]


# --------------------------------------------------------------------------- entry points


def build_content(kind: Kind, tracker: Tracker, findings: Findings | Mapping[str, Any], *, unit: str | None = None,
                  issued: date | None = None) -> Content:
    """The document of this kind for these findings; `unit` picks the one unit a reminder letter goes to."""
    view = FindingsView(tracker, findings)
    issued = issued or date.today()
    if kind == "weekly":
        return _weekly(view, issued)
    if kind == "final":
        return _final(view, issued)
    if kind == "reminder_letter":
        return _reminder(view, issued, unit)
    raise TrackerError(f"unknown document {kind!r}: choose one of {', '.join(KINDS)}")


class FindingsView:
    """findings.json read with the tracker's words: the typed models of tracker.findings (any schema version, fields
    later versions add ignored)."""

    def __init__(self, tracker: Tracker, findings: Findings | Mapping[str, Any]) -> None:
        self.t = tracker
        self.f = findings if isinstance(findings, Findings) else read_findings(findings)
        f = self.f
        self.as_of = f.as_of
        self.units = f.units
        self.unit_names = {u.id: text(u.name or u.id) for u in self.units}
        self.part_titles: dict[str, str] = {}
        for task in f.tasks:
            for part in task.parts:
                self.part_titles[part.id] = text(part.title or part.id)
        self.labels = {**STATUS_LABELS, **{k: text(v) for k, v in f.statuses.items()}}
        self.activities = f.activities
        # The province's own review lines are not the units' data: they stay in report.xlsx/html, not in letters.
        review = {d.sheet for d in f.decisions or ()}
        self.problems: list[ProblemFinding] = [
            p for p in f.problems if not (p.unit is None and (origin_of(p.code) == "review" or p.sheet in review))]
        # Indexed once: at national scale (3,321 units) a scan of the matrix per unit took most of the time.
        self._parts: dict[str, list[PartFinding]] = {}
        for ts in f.matrix:
            self._parts.setdefault(ts.unit, []).extend(ts.parts)
        self.order = {u.id: i for i, u in enumerate(self.units)}

    def parts_of(self, unit: str) -> list[PartFinding]:
        return self._parts.get(unit, [])

    def overdue(self, unit: str) -> list[PartFinding]:
        return [p for p in self.parts_of(unit) if p.status == "overdue"]

    def lagging(self) -> list[str]:
        return [u.id for u in self.units if self.overdue(u.id)]

    def to_fix(self, unit: str | None = None) -> list[ProblemFinding]:
        """The problems a unit must fix before its rows count (all units' when `unit` is None)."""
        return [p for p in self.problems if p.blocking and (unit is None or p.unit == unit)]

    def unfinished(self, unit: str) -> list[PartFinding]:
        return [p for p in self.parts_of(unit) if p.status not in DONE and p.status != NOT_APPLICABLE]

    def part_title(self, part: PartFinding) -> str:
        return text(self.part_titles.get(part.id) or part.id)

    def part_name(self, part: PartFinding) -> str:
        """'1a. Ban hành kế hoạch', or the title alone when the part's id is a key ('bc-thang'), not numbering."""
        return numbered(text(part.id), self.part_title(part), siblings=self.part_titles)

    def find_unit(self, wanted: str) -> str:
        return find_unit([_Named(u.id, text(u.name), text(u.sheet)) for u in self.units], wanted)


@dataclass(frozen=True)
class _Named:
    id: str
    name: str
    sheet: str


# --------------------------------------------------------------------------- the weekly progress report


def _weekly(v: FindingsView, issued: date) -> Content:
    t, unit_word = v.t, v.t.terms.unit
    lagging = v.lagging()
    done, total = _done_total(v)
    counts = v.f.counts
    # Rows that only wait for the unit's fix; a totals row is no one's error (older findings: every rejected row).
    to_fix = counts.rows_to_fix
    others = counts.rows_not_activities
    who = weekly_author(t)
    to = tuple(text(a) for a in t.documents.weekly_to) or who.addressees
    body: list[Block] = [
        Para(f"Thực hiện {directive_reference(t)}, {who.name} theo dõi hằng tuần việc triển khai của "
             f"{len(v.units)} {unit_word}. Tính đến ngày {vn_date(v.as_of)}, kết quả như sau:"),
        Para("I. TÌNH HÌNH CHUNG", "heading"),
        Para(f"- Phần việc đã hoàn thành: {done}/{total}{_percent(done, total)}."),
        Para(f"- Số {unit_word} có phần việc quá hạn: {len(lagging)}/{len(v.units)}."),
        Para(f"- Hoạt động được tính: {num(counts.rows_counted)}; dòng chưa được tính "
             f"do nhập chưa đúng: {num(to_fix)}" + (f"; dòng không phải hoạt động (như dòng tổng cộng), không tính: "
                                                   f"{num(others)}." if others else ".")),
        *_decision_blocks(v),
        Para("Tình hình từng phần việc (số " + unit_word + " theo trạng thái):"),
        status_table(v),
        Para(f"II. CÁC {unit_word.upper()} CÓ PHẦN VIỆC QUÁ HẠN", "heading"),
        *_lagging_blocks(v, lagging),
        Para("III. HOẠT ĐỘNG MỚI SO VỚI LẦN KIỂM TRA TRƯỚC", "heading"),
        *_changes_blocks(v),
        Para("IV. DỮ LIỆU CÒN LỖI CẦN SỬA", "heading"),
        *_problem_blocks(v),
        Para("V. ĐỀ XUẤT", "heading"),
        Para(_proposal(v, who, lagging, bool(v.to_fix()))),
        Para(f"Trên đây là báo cáo tiến độ thực hiện, {who.name} kính báo cáo{_whom(to)}./."),
    ]
    return Content(
        kind="weekly", parent=who.parent, issuer=who.issuer, number=f"{BLANK_NUMBER}/{who.symbol}",
        place_date=place_date(t, issued), kind_name="BÁO CÁO",
        abstract=f"Tiến độ {topic(t)}\n(tính đến ngày {vn_date(v.as_of)})", addressees=to, body=tuple(body),
        recipients=("Như trên", who.archive), authority=who.authority, title=who.title, signer=who.signer)


@dataclass(frozen=True)
class Author:
    """Who writes a report and how it is headed, addressed and signed (Decree 30/2020, Appendix I)."""

    name: str
    """How the body names the author: 'Phòng Thông tin - Báo chí - Xuất bản', 'Sở Thông tin và Truyền thông'."""
    parent: str
    issuer: str
    symbol: str
    addressees: tuple[str, ...]
    archive: str
    authority: str
    title: str
    signer: str


def weekly_author(t: Tracker) -> Author:
    """The weekly report's author. By default (documents.weekly_from: office) the division that tracks the directive
    reports to the office's leadership: an internal report under the division's name, "Kính gửi: Lãnh đạo Sở",
    signed by the division's head, never by the director to himself. With weekly_from: province (or no
    province.office) the office reports to the body above it, signed as its other documents."""
    if t.documents.weekly_from == "office" and t.province.office:
        return division_author(t.province)
    return office_author(t)


def division_author(p: Province) -> Author:
    """The division (province.office) reporting to its office's leadership: the office's name over the division's,
    'BC-' and the division's abbreviation, 'Kính gửi: Lãnh đạo Sở', signed by the division's head."""
    unit = drafting_unit(p)
    authority, title = signer_lines(p.office_signer_title or head_title(p.office))
    return Author(name=text(p.office), parent=issuer_name(p).upper(), issuer=text(p.office).upper(),
                  symbol=f"BC-{unit}" if unit else "BC", addressees=(f"Lãnh đạo {text(p.speaker)}",),
                  archive=f"Lưu: {unit}." if unit else "Lưu.", authority=authority, title=title,
                  signer=text(p.office_signer))


def unsigned_documents(t: Tracker) -> list[str]:
    """The signature blocks the tracker's Word documents would print without a name or title, in Vietnamese, one line
    each: a letter signed by nobody cannot be sent unchanged, and nothing else says so before it is printed."""
    by_division = t.documents.weekly_from == "office" and bool(text(t.province.office))
    office_signs = ["công văn đôn đốc", *([] if by_division else ["báo cáo tuần"]), "báo cáo tổng kết"]
    return _unsigned(t.province, "province.", office_signs, "báo cáo tuần của phòng" if by_division else "")


def unsigned_report(p: Province) -> list[str]:
    """The same for the office's week report (office.yaml's `office`): signed by the division's head where a division
    is named, else by the office's signer."""
    return _unsigned(p, "office.", [] if text(p.office) else ["báo cáo tình hình"],
                     "báo cáo tình hình của phòng" if text(p.office) else "")


def _unsigned(p: Province, prefix: str, office_signs: list[str], division_signs: str) -> list[str]:
    out = []
    missing = [f"`{prefix}{name}`" for name in ("signer", "signer_title") if not text(getattr(p, name))]
    if missing and office_signs:
        out.append(f"chưa có {' và '.join(missing)}: {series(office_signs, 'và')} sẽ để trống phần người ký")
    if division_signs and not text(p.office_signer):
        out.append(f"chưa có `{prefix}office_signer`: {division_signs} gửi lãnh đạo sẽ để trống tên người ký")
    return out


def office_author(t: Tracker | Province) -> Author:
    """The office itself, reporting to the body above it: its letterhead, its symbol, its usual signer."""
    p = t.province if isinstance(t, Tracker) else t
    # (An office.yaml naming neither a division nor the body above reports to its own leadership: never "Kính gửi:"
    # followed by nothing.)
    above = p.parent or (t.directive.issuer if isinstance(t, Tracker) else "") or f"Lãnh đạo {text(p.speaker)}"
    authority, title = signer_lines(p.signer_title)
    return Author(name=issuer_name(p), parent=text(p.parent).upper(), issuer=issuer_name(p).upper(),
                  symbol=report_symbol(p), addressees=(text(above),), archive=archive(p), authority=authority,
                  title=title, signer=text(p.signer))


def head_title(division: str) -> str:
    """The usual title of a division's head, from the kind of division: Phòng -> Trưởng phòng, Văn phòng -> Chánh
    Văn phòng, Ban -> Trưởng ban, Trung tâm -> Giám đốc."""
    key = fold(division)
    for start, title in (("van phong", "Chánh Văn phòng"), ("phong", "Trưởng phòng"), ("ban", "Trưởng ban"),
                         ("trung tam", "Giám đốc"), ("chi cuc", "Chi cục trưởng")):
        if key.startswith(start):
            return title
    return "Thủ trưởng đơn vị"


def _whom(addressees: tuple[str, ...]) -> str:
    """' Lãnh đạo Sở' after 'kính báo cáo' when the report goes to one addressee; nothing for several."""
    return f" {addressees[0]}" if len(addressees) == 1 else ""


def _proposal(v: FindingsView, who: Author, lagging: Sequence[str], rows_to_fix: bool) -> str:
    unit_word, t = v.t.terms.unit, v.t
    fix = f" và đề nghị các {unit_word} sửa các dòng nêu tại Mục IV" if rows_to_fix else ""
    if not lagging:
        return (f"Các {unit_word} đang thực hiện đúng tiến độ{'; đề nghị các ' + unit_word + ' sửa các dòng nêu tại Mục IV' if rows_to_fix else ''}; "
                f"{who.name} tiếp tục theo dõi hằng tuần.")
    if t.documents.weekly_from == "office" and t.province.office:
        return (f"{who.name} đề xuất Lãnh đạo {t.province.speaker} ban hành văn bản đôn đốc {len(lagging)} {unit_word} "
                f"có phần việc quá hạn nêu tại Mục II{fix}.")
    return f"{who.name} tiếp tục đôn đốc {len(lagging)} {unit_word} có phần việc quá hạn nêu tại Mục II{fix}."


def _decision_blocks(v: FindingsView) -> list[Block]:
    """One line on the province's own decisions, when there are any: the report says which statuses are its."""
    decisions = v.f.decisions or ()
    if not decisions:
        return []
    applied = [d for d in decisions if d.applied]
    stale = [d for d in decisions if d.state in ("changed", "missing", "incomplete")]
    changed = len({(e.unit, e.part) for d in applied for e in d.effects})
    return [Para(f"- Quyết định của {v.t.province.speaker} được áp dụng: {num(len(applied))}, làm thay đổi "
                 f"{num(changed)} trạng thái phần việc" + (f"; {num(len(stale))} quyết định chưa áp dụng được (dòng "
                                                          "đã bị sửa, không còn, hoặc chưa đủ thông tin)."
                                                          if stale else "."))]


def _lagging_blocks(v: FindingsView, lagging: Sequence[str]) -> list[Block]:
    if not lagging:
        return [Para(f"Không có {v.t.terms.unit} nào có phần việc quá hạn.")]
    return [_parts_by_unit(v, lagging, v.overdue, "Phần việc quá hạn",
                           lambda p: f"{v.part_name(p)} ({overdue_words(v, p)})")]


def _parts_by_unit(v: FindingsView, units: Sequence[str], parts_of: Callable[[str], list[PartFinding]],
                   heading: str, describe: Callable[[PartFinding], str]) -> Table:
    """One row per unit, its parts one a line: the overdue ones, or the ones not completed."""
    rows = tuple((str(i), v.unit_names[u], "\n".join(describe(p) for p in parts_of(u))) for i, u in enumerate(units, 1))
    return Table(("STT", v.t.terms.unit.capitalize(), heading), rows, (1.1, 5.4, 10.0), numeric=frozenset({0}))


def _changes_blocks(v: FindingsView) -> list[Block]:
    changes = v.f.changes
    if changes is None:
        # Said to the leadership who read it; how to keep history is the operator's (the CLI says it apart).
        return [Para("Báo cáo này chưa có số liệu của lần kiểm tra trước để so sánh, nên chưa nêu được các hoạt động "
                     "mới.")]
    new, edited, deleted = changes.new, changes.edited, changes.deleted
    previous = changes.previous_as_of
    if previous is None:
        return [Para(f"Đây là lần kiểm tra đầu tiên được lưu lịch sử: {num(len(new))} dòng đã nhập đều được coi là "
                     "mới; từ lần kiểm tra sau, mục này nêu các hoạt động mới.")]
    late = changes.reported_late
    out: list[Block] = [Para(f"So với lần kiểm tra ngày {vn_date(previous)} ({_which_check(v, previous)}): "
                             f"{num(len(new))} dòng mới, "
                             f"{num(len(edited))} dòng được sửa, {num(len(deleted))} dòng bị xóa"
                             + (f"; {num(len(late))} dòng mới ghi hoạt động đã diễn ra hơn một tuần trước (báo cáo "
                                "muộn)." if late else "."))]
    if new:
        rows = []
        for i, row in enumerate(sorted(new, key=lambda r: (_unit_order(v, r.unit), r.row)), 1):
            rows.append((str(i), v.unit_names.get(row.unit, text(row.unit)),
                         text(row.values.get("date", "")), text(row.values.get("content", ""))))
        out.append(Table(("STT", v.t.terms.unit.capitalize(), "Ngày", "Nội dung"), tuple(rows),
                         (1.1, 4.4, 2.5, 8.5), numeric=frozenset({0})))
    return out


def _which_check(v: FindingsView, previous: date) -> str:
    """Which stored check the changes are counted from (History.base_check): the previous week's last, an earlier
    week's when the previous week had none, or an earlier one of this week when no earlier week has any."""
    weekday = WEEKDAYS.index(v.t.rhythm.check_weekday)
    this_week = check_week(v.as_of, weekday)
    week = check_week(previous, weekday)
    if week == this_week - timedelta(days=7):
        return "lần kiểm tra cuối của tuần trước"
    if week < this_week:
        return "lần kiểm tra gần nhất trước tuần này"
    return "lần kiểm tra trước trong tuần này"


def _problem_blocks(v: FindingsView) -> list[Block]:
    fix = v.to_fix()
    rest = [p for p in v.problems if not p.blocking]
    if not v.problems:
        return [Para("Không còn lỗi nhập liệu.")]
    if not fix:
        return [Para(f"Không còn lỗi phải sửa; còn {num(len(rest))} lưu ý (dòng vẫn được ghi nhận, không bắt buộc sửa).")]
    units = list(dict.fromkeys(p.unit for p in sorted(fix, key=lambda p: _unit_order(v, p.unit))))
    out: list[Block] = [Para(f"Còn {num(len(fix))} lỗi làm dòng chưa được tính ở {len(units)} {v.t.terms.unit}, cần "
                             f"sửa như sau (ngoài ra còn {num(len(rest))} lưu ý: dòng vẫn được ghi nhận, không bắt buộc "
                             "sửa):")]
    rows: list[tuple[str, ...]] = []
    groups: set[int] = set()
    n = 0
    for unit in units:  # one heading row per unit, its cells under it
        groups.add(len(rows))
        rows.append((v.unit_names.get(unit or "", text(unit or "")),))
        for p in sorted((p for p in fix if p.unit == unit), key=lambda p: p.row or 0):
            n += 1
            rows.append((str(n), text(p.cell or (f"dòng {p.row}" if p.row else "")), text(p.message)))
    headers = ("STT", "Ô", "Hướng dẫn sửa")
    out.append(Table(headers, tuple(rows), fit_widths(headers, [r for r in rows if len(r) > 1], 12, numeric={0, 1}),
                     numeric=frozenset({0}), groups=frozenset(groups)))
    return out


# --------------------------------------------------------------------------- the final report


@dataclass
class Sums:
    activities: int = 0
    quantity: int = 0
    participants: int = 0
    units: set[str] = field(default_factory=set)

    def add(self, a: ActivityFinding) -> None:
        self.activities += 1
        self.quantity += a.quantity or 0
        self.participants += a.participants or 0
        self.units.add(a.unit)


def sums_by(activities: Iterable[ActivityFinding], keys_of: Callable[[ActivityFinding], Iterable[str]]) -> dict[str, Sums]:
    out: dict[str, Sums] = {}
    for a in activities:
        for key in keys_of(a):
            out.setdefault(key, Sums()).add(a)
    return out


def _final(v: FindingsView, issued: date) -> Content:
    t, unit_word = v.t, v.t.terms.unit
    c = t.campaign
    whole = Sums()
    for a in v.activities:
        whole.add(a)
    q_head, p_head = column_header(t, "quantity"), column_header(t, "participants")
    unfinished = [u.id for u in v.units if v.unfinished(u.id)]
    who = office_author(t)
    to = tuple(text(a) for a in t.documents.final_to) or who.addressees
    body: list[Block] = [
        Para(f"Thực hiện {directive_reference(t)}, {who.name} báo cáo kết quả thực hiện {t.terms.campaign} "
             f"(từ ngày {vn_date(c.start)} đến ngày {vn_date(c.end)}; số liệu tính đến ngày {vn_date(v.as_of)}) "
             "như sau:"),
        Para("I. KẾT QUẢ THỰC HIỆN", "heading"),
        Para(f"{len(whole.units)}/{len(v.units)} {unit_word} đã triển khai {num(whole.activities)} hoạt động; "
             f"{lower_first(q_head)}: {num(whole.quantity)}; {lower_first(p_head)}: {num(whole.participants)}."),
        Para("1. Theo nhiệm vụ", "subheading"),
        _by_task(v, whole),
        Para("2. Mức độ hoàn thành từng phần việc", "subheading"),
        Para(f"Số {unit_word} theo trạng thái của từng phần việc:"),
        status_table(v),
        Para("3. Theo hình thức", "subheading"),
        _by_form(v, whole),
        Para(f"4. Theo {unit_word}", "subheading"),
        _by_unit(v, whole),
        Para(f"II. CÁC {unit_word.upper()} CHƯA HOÀN THÀNH", "heading"),
        *_unfinished_blocks(v, unfinished),
        Para(f"Danh sách từng hoạt động, kèm đường dẫn minh chứng hoặc số văn bản, tại Phụ lục kèm theo Báo cáo "
             f"này. Trên đây là báo cáo kết quả thực hiện, {who.name} kính báo cáo{_whom(to)}./."),
    ]
    return Content(
        kind="final", parent=who.parent, issuer=who.issuer, number=f"{BLANK_NUMBER}/{who.symbol}",
        place_date=place_date(t, issued), kind_name="BÁO CÁO", abstract=f"Kết quả {topic(t)}", addressees=to,
        body=tuple(body), recipients=("Như trên", who.archive), authority=who.authority, title=who.title,
        signer=who.signer, annexes=(_activity_annex(v, issued),))


def _sum_row(label: Sequence[str], s: Sums) -> tuple[str, ...]:
    return (*label, num(s.activities), num(s.quantity), num(s.participants))


def _by_task(v: FindingsView, whole: Sums) -> Table:
    sums = sums_by(v.activities, lambda a: a.tags or [""])
    items = [(i.value, text(i.display)) for i in v.t.lists.tasks]
    known = {value for value, _ in items}
    items += [(tag, text(tag) or "(Không ghi nhiệm vụ)") for tag in sums if tag not in known]
    empty = Sums()
    rows = tuple((*_sum_row([label], sums.get(tag, empty)), str(len(sums.get(tag, empty).units))) for tag, label in items)
    return Table((column_header(v.t, "task"), "Số hoạt động", column_header(v.t, "quantity"),
                  column_header(v.t, "participants"), f"Số {v.t.terms.unit} có hoạt động"), rows,
                 (6.5, 2.2, 2.6, 2.6, 2.6), numeric=frozenset({1, 2, 3, 4}),
                 total=(*_sum_row(["Tổng (mỗi hoạt động tính một lần)"], whole), str(len(whole.units))))


def _by_form(v: FindingsView, whole: Sums) -> Table:
    sums = sums_by(v.activities, lambda a: a.forms or [""])
    order = [i.value for i in v.t.lists.forms]
    order += sorted(k for k in sums if k not in order and k)
    if "" in sums:
        order.append("")
    empty = Sums()
    rows = tuple(_sum_row([text(form) or "(Không ghi hình thức)"], sums.get(form, empty)) for form in order)
    return Table((column_header(v.t, "form"), "Số hoạt động", column_header(v.t, "quantity"),
                  column_header(v.t, "participants")), rows, (8.1, 2.6, 2.9, 2.9), numeric=frozenset({1, 2, 3}),
                 total=_sum_row(["Tổng (mỗi hoạt động tính một lần)"], whole))


def _by_unit(v: FindingsView, whole: Sums) -> Table:
    sums = sums_by(v.activities, lambda a: [a.unit])
    empty = Sums()
    rows = []
    for i, u in enumerate(v.units, 1):
        parts = [p for p in v.parts_of(u.id) if p.status != NOT_APPLICABLE]
        done = sum(1 for p in parts if p.status in DONE)
        verdict = "Hoàn thành" if done == len(parts) else "Chưa hoàn thành"
        rows.append((str(i), *_sum_row([v.unit_names[u.id]], sums.get(u.id, empty)), f"{done}/{len(parts)}",
                     verdict))
    done, total = _done_total(v)
    return Table(("STT", v.t.terms.unit.capitalize(), "Số hoạt động", column_header(v.t, "quantity"),
                  column_header(v.t, "participants"), "Phần việc hoàn thành", "Đánh giá"), tuple(rows),
                 (1.1, 4.5, 1.9, 2.2, 2.4, 2.1, 2.3), numeric=frozenset({0, 2, 3, 4, 5}),
                 total=("", *_sum_row([t_whole(v.t)], whole), f"{done}/{total}", ""))


def _unfinished_blocks(v: FindingsView, unfinished: Sequence[str]) -> list[Block]:
    if not unfinished:
        return [Para(f"Tất cả {v.t.terms.unit} đã hoàn thành các phần việc được giao.")]
    return [Para(f"Có {len(unfinished)}/{len(v.units)} {v.t.terms.unit} chưa hoàn thành đầy đủ các phần việc:"),
            _parts_by_unit(v, unfinished, v.unfinished, "Phần việc chưa hoàn thành",
                           lambda p: f"{v.part_name(p)} — {v.labels.get(p.status, '')}")]


def _activity_annex(v: FindingsView, issued: date) -> Annex:
    t = v.t
    ordered = sorted(v.activities, key=lambda a: (_unit_order(v, a.unit), a.date, a.row))
    rows: list[tuple[str, ...]] = []
    groups: set[int] = set()
    unit = None
    for i, a in enumerate(ordered, 1):
        if a.unit != unit:
            unit = a.unit
            groups.add(len(rows))
            rows.append((v.unit_names.get(unit, text(unit)),))
        # The evidence goes on its own line under the content, in the widest column (the heading says so): a link
        # in a column of its own wrapped over five to seven lines and made every row that tall.
        proof = evidence(t, a)
        rows.append((str(i), vn_date(a.date), ", ".join(text(x) for x in a.tags), "; ".join(text(x) for x in a.forms),
                     text(a.content) + (f"\n{proof}" if proof else ""), num_or_blank(a.quantity),
                     num_or_blank(a.participants)))
    headers = ("STT", "Ngày", column_header(t, "task"), column_header(t, "form"), "Nội dung, minh chứng",
               "Số lượng", "Số người")
    table = Table(headers, tuple(rows), fit_widths(headers, [r for r in rows if len(r) > 1], 11, numeric={0, 5, 6}),
                  numeric=frozenset({0, 5, 6}), small=True, groups=frozenset(groups))
    return Annex(title="DANH SÁCH HOẠT ĐỘNG ĐÃ THỰC HIỆN",
                 reference=f"(Kèm theo Báo cáo số {BLANK_NUMBER}/{report_symbol(t)} ngày{BLANK_DAY}tháng "
                           f"{month(issued)} năm {issued.year} của {t.province.name})",
                 blocks=(table,))


TEXT_WIDTH_CM = 16.5
"""The width between the margins (documents.layout: A4, 30 mm left, 15 mm right), which tables fill."""


def fit_widths(headers: Sequence[str], rows: Sequence[Sequence[str]], size_pt: float, numeric: Set[int] = frozenset(),
               total: float = TEXT_WIDTH_CM) -> tuple[float, ...]:
    """Column widths (cm) sized to their content: no column narrower than its longest word (so 'Nhiệm vụ' never
    breaks inside a word), numbers as narrow as they can be, and the rest as wide as it takes for the text of a
    typical row (three rows in four) to wrap over the same number of lines in every column, so that no column
    makes a row taller than the others do. Estimated from Times New Roman's letter widths; Word and LibreOffice
    wrap the rest."""
    per_char = size_pt * 0.5 / 72 * 2.54
    bold_char = size_pt * 0.62 / 72 * 2.54  # headings are bold, and capitals are wide
    pad = 0.3  # the cell's left and right margins (1 mm each) and a little air

    def longest_word(values: Iterable[str], cap: int) -> int:
        return max((min(len(w), cap) for v in values for w in v.split()), default=1)

    mins: list[float] = []
    typical: list[float] = []
    for c, head in enumerate(headers):
        cells = sorted(len(r[c]) for r in rows if c < len(r))
        mins.append(max(longest_word([head], 40) * bold_char, longest_word([r[c] for r in rows if c < len(r)], 18)
                        * per_char) + pad)
        typical.append(0.0 if c in numeric or not cells else cells[(3 * len(cells)) // 4] * per_char)

    def widths(lines: float) -> list[float]:
        return [max(m, t / lines + pad) for m, t in zip(mins, typical, strict=True)]

    if sum(mins) >= total:  # more columns than the page holds at their minimum: shrink them all alike
        return tuple(round(m * total / sum(mins), 2) for m in mins)
    low, high = 0.05, 1000.0  # lines per typical row: more lines, narrower columns
    for _ in range(60):
        mid = (low + high) / 2
        low, high = (low, mid) if sum(widths(mid)) < total else (mid, high)
    chosen = widths(high)
    spare = total - sum(chosen)  # what rounding leaves goes to the widest column
    chosen[chosen.index(max(chosen))] += spare
    return tuple(round(w, 2) for w in chosen)


# --------------------------------------------------------------------------- the reminder letter


def _reminder(v: FindingsView, issued: date, unit: str | None) -> Content:
    t, unit_word, speaker = v.t, v.t.terms.unit, v.t.province.speaker
    targets = _reminder_targets(v, unit)
    deadline = next_deadline(t, v.as_of, issued)
    body: list[Block] = [
        Para(f"Thực hiện {directive_reference(t)}, {speaker} đã đề nghị các {unit_word} triển khai thực hiện và cập "
             "nhật kết quả hằng tuần vào trang tính theo dõi."),
    ]
    annexes: tuple[Annex, ...] = ()
    if len(targets) == 1:
        (only,) = targets
        name = v.unit_names[only]
        body += _unit_overdue(v, only)
        addressees: tuple[str, ...] = (name,)
        whom = name
    else:
        body.append(Para(f"Qua theo dõi, tính đến ngày {vn_date(v.as_of)}, còn {len(targets)}/{len(v.units)} "
                         f"{unit_word} có phần việc quá hạn (danh sách tại Phụ lục kèm theo)."))
        addressees = (tuple(v.unit_names[u] for u in targets) if len(targets) <= MANY_ADDRESSEES
                      else (f"Các {unit_word} có tên tại Phụ lục kèm theo",))
        whom = f"các {unit_word}"
        annexes = (_overdue_annex(v, targets, issued),)
    body += [
        Para(f"Để bảo đảm tiến độ {t.terms.campaign}, {speaker} đề nghị {whom} khẩn trương triển khai các phần "
             f"việc {'nêu trên' if len(targets) == 1 else 'quá hạn nêu tại Phụ lục kèm theo'} và cập nhật kết quả, "
             f"kèm đường dẫn minh chứng, vào trang tính theo dõi trước {t.rhythm.deadline_time} "
             f"{WEEKDAY_VI[deadline.weekday()]}, ngày {vn_date(deadline)}."),
        Para("Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị liên hệ "
             f"{t.province.office or t.province.name} để được hướng dẫn./."),
    ]
    authority, title = signer_lines(t.province.signer_title)
    return Content(
        kind="reminder_letter", parent=text(t.province.parent).upper(), issuer=issuer_name(t).upper(),
        number=f"{BLANK_NUMBER}/{t.province.doc_symbol}" if t.province.doc_symbol else BLANK_NUMBER,
        place_date=place_date(t, issued), kind_name="", abstract=f"V/v đôn đốc {topic(t)}",
        addressees=addressees, body=tuple(body),
        recipients=("Như trên", f"Lãnh đạo {speaker} (để b/c)", archive(t)),
        authority=authority, title=title, signer=text(t.province.signer), annexes=annexes,
    )


def _reminder_targets(v: FindingsView, unit: str | None) -> list[str]:
    """The units the letter reminds: the one asked for, or every lagging unit. A letter with nothing to remind
    of is refused rather than written empty."""
    if unit is not None:
        targets = [v.find_unit(unit)]
        if not v.overdue(targets[0]):
            raise TrackerError(f"{v.unit_names[targets[0]]} has no overdue part as of {v.as_of.isoformat()}: "
                               "there is nothing to remind it of",
                               vi=f"{v.unit_names[targets[0]]} không có phần việc quá hạn tính đến ngày "
                                  f"{vn_date(v.as_of)}: không có gì để đôn đốc")
        return targets
    targets = v.lagging()
    if not targets:
        raise TrackerError(f"no unit has an overdue part as of {v.as_of.isoformat()}: no reminder letter to write",
                           vi=f"không có đơn vị nào có phần việc quá hạn tính đến ngày {vn_date(v.as_of)}: không "
                              "có công văn đôn đốc nào để viết")
    return targets


def _unit_overdue(v: FindingsView, only: str) -> list[Block]:
    """A letter to one unit lists its overdue parts (with why each is not done) and its rejected rows in the body,
    where a letter to many puts them in an annex."""
    body: list[Block] = [Para(f"Qua theo dõi, tính đến ngày {vn_date(v.as_of)}, {v.unit_names[only]} chưa hoàn thành "
                              "các phần việc sau:")]
    for p in v.overdue(only):
        reasons = " ".join([*(text(r) for r in p.reasons), *(f"{text(d)}." for d in p.decided)])
        number = f"phần việc {p.id}, " if is_numbering(p.id, v.part_titles) else ""
        # Its reasons name each late period with its deadline: the bracket only counts them.
        late = len(late_periods(p))
        when = (f"{late} kỳ quá hạn, kỳ đầu đã quá {p.days_overdue} ngày" if late > 1
                else f"{due_of(p)}, đã quá {p.days_overdue} ngày")
        body.append(Para(f"- {v.part_title(p)} ({number}{when})"
                         f"{': ' + reasons if reasons else '.'}", "item"))
    return body + _rejected_rows(v, only)


def _rejected_rows(v: FindingsView, unit: str) -> list[Block]:
    rejected = [p for p in v.problems if p.unit == unit and p.severity == "error"]
    if not rejected:
        return []
    sheet = next((text(u.sheet) for u in v.units if u.id == unit), "")
    return [Para(f"Ngoài ra, trang tính “{sheet}” còn {len(rejected)} lỗi làm dòng chưa được tính (ô "
                 f"{', '.join(text(p.cell or '?') for p in rejected)}); đề nghị kiểm tra, sửa theo hướng dẫn "
                 "trong thư nhắc.")]


def _overdue_annex(v: FindingsView, targets: Sequence[str], issued: date) -> Annex:
    rows = []
    n = 0
    for unit in targets:
        for p in v.overdue(unit):
            n += 1
            late = late_periods(p)
            if len(late) > 1:
                due = "\n".join(f"{vn_date(pd.due)} ({period_name(pd)})" for pd in late)
                days = "\n".join(str((v.as_of - pd.due).days) for pd in late)
            else:
                period = f" ({text(p.period)[:1].lower()}{text(p.period)[1:]})" if p.period else ""
                due, days = vn_date(p.due) + period, str(p.days_overdue)
            rows.append((str(n), v.unit_names[unit], v.part_name(p), due, days))
    t = v.t
    headers = ("STT", t.terms.unit.capitalize(), "Phần việc quá hạn", "Hạn", "Số ngày quá hạn")
    return Annex(
        title=f"DANH SÁCH {t.terms.unit.upper()} CÓ PHẦN VIỆC QUÁ HẠN",
        reference=f"(Kèm theo Công văn số {BLANK_NUMBER}/{t.province.doc_symbol} ngày{BLANK_DAY}tháng "
                  f"{month(issued)} năm {issued.year} của {t.province.name})",
        blocks=(Table(headers, tuple(rows), fit_widths(headers, rows, 12, numeric={0, 4}), numeric=frozenset({0, 4})),))


# --------------------------------------------------------------------------- shared pieces


def status_table(v: FindingsView) -> Table:
    counts: dict[str, dict[str, int]] = {}
    for ts in v.f.matrix:
        for p in ts.parts:
            counts.setdefault(p.id, dict.fromkeys(STATUS_ORDER, 0))
            if p.status in counts[p.id]:
                counts[p.id][p.status] += 1
    order = [pid for pid in v.part_titles if pid in counts] + [pid for pid in counts if pid not in v.part_titles]
    rows = tuple((numbered(text(pid), text(v.part_titles.get(pid, pid)), siblings=v.part_titles),
                  *(str(counts[pid][s]) for s in STATUS_ORDER)) for pid in order)
    return Table(("Phần việc", *(v.labels[s] for s in STATUS_ORDER)), rows, (6.5, 2.0, 2.0, 2.0, 2.0, 2.0),
                 numeric=frozenset({1, 2, 3, 4, 5}))


def _done_total(v: FindingsView) -> tuple[int, int]:
    parts = [p for u in v.units for p in v.parts_of(u.id) if p.status != NOT_APPLICABLE]
    return sum(1 for p in parts if p.status in DONE), len(parts)


def _percent(done: int, total: int) -> str:
    return f" ({round(100 * done / total)}%)" if total else ""


def _unit_order(v: FindingsView, unit: str | None) -> int:
    return v.order.get(unit or "", len(v.units))


def t_whole(t: Tracker) -> str:
    return text(t.terms.whole)


def directive_reference(t: Tracker) -> str:
    """'Kế hoạch số … và Công văn số … ngày … của … về việc …': how the body cites what it reports on
    (tracker.citation: a number left blank is never printed)."""
    own = citation.reference(t.directive)
    return f"{text(t.directive.plan)} và {own}" if t.directive.plan else own


def topic(t: Tracker) -> str:
    """What the abstracts are about: 'triển khai …' for a V/v subject, 'thực hiện Kế hoạch số … của …' for a title."""
    return citation.topic(t.directive)


def signer_lines(signer_title: str) -> tuple[str, str]:
    """'KT. Giám đốc — Phó Giám đốc' -> ('KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC'): authority line and own title."""
    parts = [p.strip() for p in re.split(r"\s+[—–]\s+|\n", text(signer_title)) if p.strip()]
    if not parts:
        return "", ""
    return parts[0].upper(), " ".join(parts[1:]).upper()


def late_periods(part: PartFinding) -> list[PeriodFinding]:
    """The periods of a recurring part (or the months of a `monthly` rule) past their deadline with nothing in."""
    return [pd for pd in part.periods if pd.state == "missing"]


def overdue_words(v: FindingsView, part: PartFinding) -> str:
    """'tháng 5/2026, hạn 25/05/2026, quá 25 ngày'; a part late for several periods names each of them, by its short
    name ('3 kỳ quá hạn: tháng 3/2026 (hạn 25/03/2026, quá 86 ngày), tháng 4/2026 (…), …'; a week without its span of
    days): the first alone read as if the others were in."""
    late = late_periods(part)
    if len(late) < 2:
        return f"{due_of(part)}, quá {part.days_overdue} ngày"
    return late_periods_words([(text(pd.label), pd.due) for pd in late], v.as_of)


def period_name(period: PeriodFinding) -> str:
    """A period as a list names it: 'tuần 3' of 'Tuần 3 (16/03–22/03/2026)', 'tháng 4/2026'."""
    return period_short_name(text(period.label))


def due_of(part: PartFinding) -> str:
    """'hạn 31/07/2026', or 'tháng 7/2026, hạn 31/07/2026' for a part judged period by period (findings `period`)."""
    return due_words(part.due, text(part.period) if part.period else None)


def issuer_name(t: Tracker | Province) -> str:
    """province.name without the place its parent's line already names (Decree 30/2020, II.2: 'UBND TỈNH QUẢNG TRỊ'
    over 'SỞ THÔNG TIN VÀ TRUYỀN THÔNG', not '... TỈNH QUẢNG TRỊ' twice)."""
    p = t.province if isinstance(t, Tracker) else t
    name, parent = text(p.name), fold(text(p.parent))
    words = name.split()
    for k in range(1, len(words)):
        tail = fold(" ".join(words[k:]))
        if fold(words[k]) in _PLACE_WORDS and (parent == tail or parent.endswith(" " + tail)):
            return " ".join(words[:k])
    return name


_PLACE_WORDS = frozenset({"tinh", "thanh", "huyen", "quan", "thi", "xa", "phuong", "dac"})


def drafting_unit(t: Tracker | Province) -> str:
    """The drafting division's abbreviation: doc_symbol after its first dash ('STTTT-TTBCXB' -> 'TTBCXB')."""
    p = t.province if isinstance(t, Tracker) else t
    groups = p.doc_symbol.split("-")[1:] if p.doc_symbol else []
    return "-".join(groups)


def report_symbol(t: Tracker | Province) -> str:
    """II.3b: a report's symbol is the kind's abbreviation and the office's: 'BC-' + the first group of doc_symbol."""
    p = t.province if isinstance(t, Tracker) else t
    office = p.doc_symbol.split("-")[0] if p.doc_symbol else ""
    return f"BC-{office}" if office else "BC"


def archive(t: Tracker | Province) -> str:
    """II.9d: the last line of 'Nơi nhận': 'Lưu: VT, <drafting unit>.' (the drafting unit from doc_symbol)."""
    p = t.province if isinstance(t, Tracker) else t
    groups = p.doc_symbol.split("-")[1:] if p.doc_symbol else []
    return f"Lưu: VT, {'-'.join(groups)}." if groups else "Lưu: VT."


def place_date(t: Tracker | Province, issued: date) -> str:
    """II.4: 'Huế, ngày    tháng 11 năm 2026': the day is the registry's to write, so left blank."""
    p = t.province if isinstance(t, Tracker) else t
    return f"{text(p.place) or '…'}, ngày{BLANK_DAY}tháng {month(issued)} năm {issued.year}"


def month(day: date) -> str:
    # II.4b: months 1 and 2 take a leading zero (so that no one can add a digit by hand).
    return f"{day.month:02d}" if day.month < 3 else str(day.month)


def next_deadline(t: Tracker, as_of: date, issued: date) -> date:
    """The deadline a letter dated `issued` gives: the units' next weekly deadline after the check it reports, as
    that check's reminders name it (the tracker's deadline weekday, kept off days off); or, when that day is not
    after the day the letter is written (a letter written after that deadline, or for a past --as-of), the next
    deadline after the day it is written: a letter never asks for an update by a day already gone."""
    weekday, calendar = WEEKDAYS.index(t.rhythm.deadline_weekday), work_calendar(t)
    deadline = update_deadline(as_of, weekday, calendar)
    return deadline if deadline > issued else update_deadline(issued, weekday, calendar)


def column_header(t: Tracker, key: str) -> str:
    return text(t.column(key).header) if t.has_column(key) else key


def evidence(t: Tracker, activity: ActivityFinding) -> str:
    """The activity's evidence: its link, else the number of a document in a 'docref' column of the tracker."""
    if activity.link:
        return text(activity.link)
    for column in t.columns:
        if column.kind == "docref":
            value = activity.value(column.key)
            if value:
                return text(str(value))
    return ""


def vn_date(value: date | str | None) -> str:
    if value is None or value == "":
        return ""
    day = value if isinstance(value, date) else _parse_date(str(value))
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if day else text(str(value))


def _parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def num(value: int) -> str:
    """Vietnamese digit grouping: 12.345."""
    return f"{int(value):,}".replace(",", ".")


def num_or_blank(value: Any) -> str:
    return num(value) if isinstance(value, int) and not isinstance(value, bool) else ""


def text(value: Any) -> str:
    """Text a person typed, made safe for Word: NFC, no control characters XML cannot hold. Nothing else changes."""
    return clean(str(value)) if value is not None else ""
