"""From a directive's own text to a tracker draft: careful rules over the layout of Decree 30/2020/NĐ-CP.

`extract(lines)` reads the numbered lines of a công văn, kế hoạch, chỉ thị or quyết định (see
reader.py) and returns a Draft: every field found with the line it came from, nothing invented.
`render_yaml(draft)` writes it in the tracker format with a comment quoting each guess and a
`# TODO` on each field a person must fill; `summary(draft)` says what was found, missing, to check.
No network, no model: the vocabulary the rules read by is data (draft_words.yaml).
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml

from tracker.authoring.reader import Document, Table, read_document, table_line, tidy
from tracker.authoring.registry import RegistryProvince, province_key, provinces
from tracker.authoring.yaml_writer import YamlLines, quoted
from tracker.definition import SHEET_NAME_FORBIDDEN, SHEET_NAME_MAX, WEEKDAYS, Rhythm, load_tracker
from tracker.errors import DefinitionError, DefinitionProblem, TrackerError
from tracker.text import fold

# Vietnamese capital letters, for regular expressions ('À-Ỹ' would take lower-case letters too: 'đ', 'ư', 'à' …).
CAPITALS = "A-ZĐÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÈÉẺẼẸÊẾỀỂỄỆÌÍỈĨỊÒÓỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÙÚỦŨỤƯỨỪỬỮỰỲÝỶỸỴ"

# The registry (vietnam-provinces) holds the communes of the 2025 reform; before it, lists differ.
REFORM_DAY = date(2025, 7, 1)


@lru_cache(maxsize=1)
def words() -> dict[str, Any]:
    path = Path(__file__).resolve().parent / "draft_words.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


# --------------------------------------------------------------------------- the draft


@dataclass(frozen=True)
class Found:
    """A value read from the document, with its line (1-based) and the text it came from."""

    value: Any
    line: int
    quote: str


Every = Literal["day", "week", "month", "quarter", "half-year", "year"]


@dataclass(frozen=True)
class Deadline:
    phrase: str
    due: date | None = None
    every: Every | None = None
    weekday: str | None = None
    day: int | None = None
    month: int | None = None
    time: str | None = None
    todo: str = ""
    note: str = ""
    next_period: bool = False

    def spec(self) -> str:
        """A short comparable form: 'due 2024-05-29', 'week thursday 17:00', 'month 20', 'quarter end', 'todo'."""
        if self.due is not None:
            return f"due {self.due.isoformat()}"
        if self.every == "week":
            return f"week {self.weekday} {self.time or '-'}"
        if self.every == "day":
            return f"day {self.time or '-'}"
        if self.every is not None:
            where = f"{self.day}" if self.day else "end"
            return f"{self.every} {where}" + (f" m{self.month}" if self.month else "")
        return "todo"


@dataclass(frozen=True)
class DraftPart:
    id: str
    quote: str
    line: int
    deadline: Deadline | None
    units: tuple[str, ...] = ()
    """The bodies this part is given to, when the text names them for the part ('+ Sở Xây dựng: hướng dẫn …',
    '- Cơ quan thực hiện: …' under 'a) Hoạt động 1'); empty when the task's units do it."""
    support: tuple[str, ...] = ()


@dataclass(frozen=True)
class DraftTask:
    id: str
    title: str
    quote: str
    line: int
    parts: list[DraftPart]
    units: tuple[str, ...] = ()
    """The bodies the text gives the task to (the lead: 'chủ trì'), as written; empty when it names none."""
    support: tuple[str, ...] = ()
    """The bodies named to help ('phối hợp'), as written."""


@dataclass(frozen=True)
class DraftUnit:
    id: str
    name: str
    sheet: str
    code: str | None
    labels: dict[str, str]
    recipient: Found


@dataclass(frozen=True)
class Unused:
    """Something of the text the draft did not turn into a task, a part or a date it uses, and why."""

    line: int
    text: str
    reason: str


@dataclass
class Draft:
    source: str
    lines: list[str]
    kind: Found | None = None
    number: Found | None = None
    issuer: Found | None = None
    parent: Found | None = None
    place: Found | None = None
    dated: Found | None = None
    issued_on: date | None = None
    subject: Found | None = None
    carries: Found | None = None
    implements: list[Found] = field(default_factory=list)
    addressed: list[Found] = field(default_factory=list)
    """The bodies 'Kính gửi' names: a công văn's units unless its text gives tasks to others too."""
    recipients: list[Found] = field(default_factory=list)
    """Who the document addresses: 'Kính gửi', the acting lines of 'Nơi nhận', 'UBND các xã …' in the body."""
    assigned: list[Found] = field(default_factory=list)
    """Each body the text gives a task to (organisation sections, 'Giao …' in prose, an annex's lead column)."""
    units: list[DraftUnit] = field(default_factory=list)
    """The reporting units: those 'Kính gửi' addresses and those given a task, groups expanded."""
    unexpanded: list[Found] = field(default_factory=list)
    """Groups the text does not list ('các sở, ban, ngành'): one TODO each, never a made-up unit."""
    suggested: list[Found] = field(default_factory=list)
    """'Nơi nhận' lines that name a body no task is given to: suggestions, not units."""
    province: str | None = None
    period: Found | None = None
    key_dates: list[Found] = field(default_factory=list)
    tasks: list[DraftTask] = field(default_factory=list)
    report: Found | None = None
    signer: Found | None = None
    signer_title: Found | None = None
    unused_dates: list[Unused] = field(default_factory=list)
    """Every dated phrase of the body that ends on no part, campaign period or key date, with why."""
    not_tasks: list[Unused] = field(default_factory=list)
    """Every numbered item of the body that ends in no task or part, with why."""
    tables: tuple[Table, ...] = ()
    ocr: bool = False
    notes: tuple[str, ...] = ()

    def year(self) -> int | None:
        if self.issued_on:
            return self.issued_on.year
        if self.dated:
            return int(self.dated.value[-4:])
        return None


class DraftError(TrackerError):
    """The document cannot be drafted from (no text, or not a directive)."""


# --------------------------------------------------------------------------- entry points


def draft_file(path: str | Path, registry_province: str | None = None) -> Draft:
    return extract_document(read_document(path), registry_province)


def extract_document(doc: Document, registry_province: str | None = None) -> Draft:
    return extract(doc.lines, source=doc.source, registry_province=registry_province, tables=doc.tables,
                   ocr=doc.ocr, notes=doc.notes)


def extract(lines: list[str], source: str = "<text>", registry_province: str | None = None,
            tables: Sequence[Table] = (), ocr: bool = False, notes: Sequence[str] = ()) -> Draft:
    d = Draft(source=source, lines=[_new_tones(tidy(line)) for line in lines], ocr=ocr, notes=tuple(notes),
              tables=tuple(replace(t, rows=tuple(tuple(_new_tones(c) for c in row) for row in t.rows)) for t in tables))
    _header(d)
    spans = _body_spans(d)
    if d.number is None:
        _attached_to(d)  # (after the body is found: the annex's line is no header's end)
    paragraphs = _paragraphs(d.lines, spans, d.tables)
    d.implements = _implements(d.lines, paragraphs, spans[0][1])
    d.period = _period(d, paragraphs)
    decision = _decision_paragraphs(d, spans)
    footnotes = _footnote_paragraphs(d, spans)
    d.key_dates = _key_dates(d, [*decision, *paragraphs, *footnotes])
    book = _Book()
    sections = _outline(d, paragraphs, [start + 1 for start, _ in spans[1:]])
    d.tasks = _tasks(d, sections, book)
    d.tasks += _prose_tasks(d, sections, d.tasks, book)
    d.tasks += _closing_reports(d, spans[0][1], footnotes, book)
    d.key_dates += _ceremonies(d, [*paragraphs, *footnotes])
    d.key_dates += _sessions(d, [*paragraphs, *footnotes])
    d.report = _report(paragraphs)
    _signature(d)
    d.recipients = _recipients(d, paragraphs, spans[0][0], spans[0][1])
    d.province = _province(d, registry_province)
    d.assigned = _assigned(d)
    d.units, d.unexpanded, d.suggested = _units(d)
    for p in decision:
        if _ARTICLE.match(p.text):
            book.leave(p.line, p.text, "an article of the decision: what it issues and who carries it out")
    for p in footnotes:
        book.where.setdefault(p.line, "in a footnote of the text: check that it gives no deadline"
                              if _FOOTNOTE.match(p.text) else "after the body (its closing words or what is printed "
                              "after the signature): check that it gives no deadline")
    _leave_unlisted(d, [*paragraphs, *footnotes], spans, book)
    read = {p.line + k for p in [*decision, *paragraphs] for k in range(len(p.starts))}
    titles = [p for p in _title_paragraphs(d, spans, book) if p.line not in read]
    d.unused_dates = _unused_dates(d, [*titles, *decision, *paragraphs, *footnotes], sections, book)
    d.not_tasks = book.not_tasks
    return d


def _new_tones(line: str) -> str:
    """'Đảng uỷ', 'Uỷ ban', 'thuỷ' in the older placement of the tone mark are read as 'Đảng ủy', 'Ủy ban', 'thủy' (the
    spelling the rules and the registry use; the same letters, one per character, so every offset holds)."""
    return line.replace("uỷ", "ủy").replace("Uỷ", "Ủy").replace("UỶ", "ỦY") if "ỷ" in line or "Ỷ" in line else line


# --------------------------------------------------------------------------- header


# (The national motto's column, and the party's name that stands in its place on a party body's page: 'ĐẢNG CỘNG SẢN VIỆT
# NAM', however wrapped.)
_UPPER_SKIP = re.compile(r"^(CỘNG HÒA|CỘNG HOÀ|Độc lập|ĐỘC LẬP|ĐẢNG CỘNG(?:\s+SẢN)?(?:\s+VIỆT\s+NAM)?$|-{3,}|_{3,}|\|)", re.I)
# ('Số: 12/KH-UBND'; 'Nghị quyết số: 24/2022/UBTVQH15', the kind before it, with its colon: a title's 'Nghị quyết số 03/…'
# has none.)
_NUMBER = re.compile(r"^\|?\s*(?:Số\s*[:.]?|[A-ZĐ]\w*(?:\s+\w+){0,2}\s+số\s*:)\s*(.*?)\s*\|?$")
# (A day or month OCR could not read, 'ngày #3 tháng !}ƑỆ- năm 2026', leaves the place and year: no day is guessed.)
_DATE_LINE = re.compile(r"(?P<place>[^,|\d]{2,40}?)\s*,\s*ngày\s*(?:(?P<d>\d{1,2})\s*|[^\s\w,;]\S{0,5}\s*)?"
                        r"tháng\s*(?:(?P<m>\d{1,2})\s*|[^\s\w,;]\S{0,5}\s*)?năm\s*(?P<y>\d{4})", re.I)
_VV = re.compile(r"(?:^|(?<=\s))(?:V/v|V/V|Về việc)\b")
# A preamble, not a title: 'Thực hiện Kế hoạch số …' (but 'Thực hiện công tác bầu cử …' may be a plan's title, and a
# title wrapped before 'thực hiện Nghị quyết số …', in lower case, goes on).
_RULE_LINE = re.compile(r"[-–—_=.…~*]{3,}")
_SUBJECT_STOP = re.compile(r"^(Căn cứ|(?-i:T)hực hiện\s+(?:các\s+)?(?:Kế hoạch|Công văn|Chỉ thị|Quyết định|Nghị quyết|Thông báo|"
                           r"Kết luận|Chương trình|Luật|Nghị định|Thông tư|Công điện|ý kiến|chỉ đạo|sự chỉ đạo)\b|"
                           r"Kính gửi|Theo đề nghị|\(|Số\s*:|Điều \d|"
                           # ('Ngày 12/11/2024, tại trụ sở …': a notice's text opens with the meeting's day.)
                           r"(?-i:N)gày\s+\d{1,2}/\d{1,2}/\d{4}\s*,)", re.I)


def _strip_marks(line: str) -> str:
    return line.replace("*", "").strip(" |")


def _is_upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _header(d: Draft) -> None:
    # The header of a Vietnamese administrative text sits in its first lines (Decree 30/2020's layout): the
    # issuing body, the number, the place and date, the kind and subject; past 40 lines it is the body.
    top = min(len(d.lines), 40)
    _issuer(d, _org_lines(d.lines, top))
    number_line = _header_number(d, top)
    _header_date(d, top)
    if d.issued_on is None:
        _adopted_on(d)
    _header_kind(d, top)
    if d.kind is None:
        _titled_kind(d, top)
    if d.kind is None:
        _flat_kind(d, top)
    if d.subject is None:
        _vv_subject(d, top, number_line)


# '(Kèm theo Công văn số: 17899/BTC-TCCB ngày 18 tháng 11 năm 2025 của Bộ Tài chính)': an annex names the text it is
# attached to.
_ATTACHED_TO = re.compile(r"\(\s*(?:Ban\s+hành\s+)?[Kk]èm\s+theo\s+(?P<kind>[^\d()]{4,20}?)\s+số\s*:?\s*(?P<number>[\w.…]+/[\w/.-]+)"
                          r"\s+ngày\s+(?P<d>\d{1,2})(?:\s+tháng\s+|/)(?P<m>\d{1,2})(?:\s+năm\s+|/)(?P<y>\d{4})"
                          r"(?:\s+của\s+(?P<issuer>[^()]{3,80}?))?\s*\)")


def _attached_to(d: Draft) -> None:
    """A page that lost its header (a web copy that starts at 'Kính gửi') still names itself where its annexes say what
    they are attached to: the kind, number, day and issuer the header would have given, each only where it gave none."""
    kinds = {fold(k): k for k in words()["kinds"]}
    for i, line in enumerate(d.lines):
        if "kèm theo" not in line.lower() and "Kèm" not in line:
            continue
        m = _ATTACHED_TO.search(f"{line} {d.lines[i + 1]}" if i + 1 < len(d.lines) else line)
        if m is None or fold(m.group("kind")) not in kinds:
            continue
        d.number = Found(m.group("number"), i + 1, line)
        if d.kind is None:
            d.kind = Found(kinds[fold(m.group("kind"))], i + 1, line)
        if d.issued_on is None:
            d.issued_on = _safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if d.issuer is None and m.group("issuer"):
            d.issuer = Found(m.group("issuer").strip(), i + 1, line)
        return


# The national motto after the body's name on one line: a two-column header read across ('ỦY BAN NHÂN DÂN CỘNG HÒA XÃ
# HỘI CHỦ NGHĨA VIỆT NAM'), and what of the motto wrapped onto the next line ('NAM').
_MOTTO_AFTER = re.compile(r"\s+CỘNG\s+H[OÒ][AÀ](?:\s+XÃ\s+HỘI)?\b(?P<rest>.*)$")
_MOTTO_TAIL = ("chu nghia viet nam", "viet nam", "nam")
# The portal's signature stamp printed above a published scan's header ('Người ký: CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ',
# 'Email: …', 'Cơ quan: …', 'Thời gian ký: …'), in a few of OCR's spellings.
# A text PDF's e-signature stamp prints the signing body's name, its e-mail address and the time of signing on lines of
# their own ('ttcbth@example.gov.vn', '06.11.2024 09:27:05').
_SIGNATURE_STAMP = re.compile(r"Người\s+ký|Ký\s+bởi|(?:Thời\s+gian|Ngày)\s+ký|(?<!\w)ký\s*:|^Email\s*:|^\S+@\S+\.\w+$|"
                              r"^\d{2}\.\d{2}\.\d{4}\s+\d{2}:\d{2}:\d{2}", re.I)


def _org_lines(lines: Sequence[str], top: int) -> list[tuple[int, str]]:
    """The issuing body's lines: upper case from the top (below a signature stamp, from the first body's name), until
    the number or a line that is not; the motto read onto a body's line is not its name."""
    org: list[tuple[int, str]] = []
    tail = False
    for i in range(_below_stamp(lines, top), top):
        text = _strip_marks(lines[i])
        if not text:
            continue
        if tail and fold(text) in _MOTTO_TAIL:
            tail = False
            continue
        motto = _MOTTO_AFTER.search(text)
        if motto is not None:
            text, tail = _cell_text(text[:motto.start()]), not motto.group("rest").rstrip().endswith("NAM")
        if _UPPER_SKIP.match(text) or _NUMBER.match(text) or not _is_upper(text):
            break
        org.append((i, text))
    return org


def _cell_text(text: str) -> str:
    """A header cell's text without the rule under it and the table's border ('ỦY BAN NHÂN DÂN TỈNH X ------- |', the
    body's column of a Markdown row once the motto's column is cut off)."""
    return re.sub(r"(?:\s*(?:[-_]{3,}|\|))+\s*$", "", text)


def _below_stamp(lines: Sequence[str], top: int) -> int:
    """Where the header starts: 0, or below a signature stamp at the top, the first line that names a body (OCR reads
    the portal's other stamps as stray capitals: 'TTĐT -')."""
    stamp = [i for i in range(min(top, 8)) if _SIGNATURE_STAMP.search(lines[i])]
    if not stamp:
        return 0
    for i in range(stamp[-1] + 1, top):
        text = _strip_marks(lines[i])
        motto = _MOTTO_AFTER.search(text)
        text = text[:motto.start()] if motto is not None else text
        if _NUMBER.match(text):
            break
        if _is_upper(text) and (_head_of(text) is not None or _authority(text)):
            return i
    return stamp[-1] + 1


def _header_number(d: Draft, top: int) -> int:
    """Sets the number and symbol; returns the index of its line, -1 when none (a công văn's 'Về …' subject is
    looked for just under it)."""
    lines = d.lines
    for i in range(top):
        m = _NUMBER.match(lines[i])
        if m:
            # The symbol may wrap onto the next line of a two-column header.
            value = m.group(1) or (lines[i + 1].strip(" |") if i + 1 < len(lines) and "/" in lines[i + 1] else "")
            value = _symbol(value)
            if value:
                d.number = Found(value, i + 1, lines[i])
            return i
    return -1


def _header_date(d: Draft, top: int) -> None:
    """Sets the place and date line and the issue date (only when its day and month are printed)."""
    lines = d.lines
    for i in range(top):
        joined = lines[i] + (" " + lines[i + 1] if i + 1 < len(lines) else "")
        m = _DATE_LINE.search(lines[i]) or (_DATE_LINE.search(joined) if "ngày" in lines[i] else None)
        if m:
            place = _place_words(m.group("place"))
            day = m.group("d") or " "
            dated = f"{place}, ngày {day} tháng {m.group('m') or ' '} năm {m.group('y')}"
            d.place = Found(place, i + 1, lines[i])
            d.dated = Found(dated, i + 1, lines[i])
            if m.group("d") and m.group("m"):
                d.issued_on = _safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            return


# '… khóa XV, phiên họp thứ 14 thông qua ngày 11 tháng 8 năm 2022./.': a resolution adopted by an assembly or its
# standing committee prints no place-and-date line; the day it was adopted closes it.
_ADOPTED_ON = re.compile(r"\bthông\s+qua\s+ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})", re.I)


def _adopted_on(d: Draft) -> None:
    """Sets the issue date from the day of adoption in the text's last lines, when the header gave none."""
    for i in range(len(d.lines) - 1, max(-1, len(d.lines) - 40), -1):
        m = _ADOPTED_ON.search(" ".join(d.lines[i:i + 2]))
        if m is not None and _ADOPTED_ON.search(d.lines[i + 1] if i + 1 < len(d.lines) else "") is None:
            d.issued_on = _safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            return


def _header_kind(d: Draft, top: int) -> None:
    """Sets the kind and subject from the first kind's line; a Quyết định that issues another text (a Kế hoạch
    …) carries it, which becomes the tracked directive."""
    lines = d.lines
    kinds = {fold(k): k for k in words()["kinds"]}
    for i in range(len(lines)):
        text = _strip_marks(lines[i])
        if _is_upper(text) and fold(text) in kinds:
            found = Found(kinds[fold(text)], i + 1, lines[i])
            subject, end = _subject_after(lines, i + 1)
            if d.kind is None:
                d.kind = found
                if subject:
                    d.subject = Found(subject, i + 2, lines[i + 1])
            elif d.kind.value == "Quyết định" and found.value != "Quyết định" and subject:
                d.carries = Found(f"{found.value} {subject[0].lower()}{subject[1:]}", i + 1, lines[i])
                return
            if end > top:
                return


def _vv_subject(d: Draft, top: int, number_line: int) -> None:
    """A công văn's subject, which has no kind line above it."""
    lines = d.lines
    for i in range(top):
        # A công văn's subject: 'V/v …' on its line or after the number on the same line (a web page's copy
        # flattens the header), or 'Về …' on the line under the number.
        vv = _VV.search(lines[i])
        if vv is None and 0 <= number_line < i and not any(_strip_marks(x) for x in lines[number_line + 1:i]):
            vv = re.match(r"^Về\s", lines[i])
        if vv:
            cell = lines[i][vv.start():]
            # ('| Số: 12/BTP-KHTC V/v … | Hà Nội, ngày …|': in a header's table row the subject ends at its cell.)
            cell = cell.split("|")[0] if lines[i].lstrip().startswith("|") else cell
            subject, _ = _subject_after([cell, *lines[i + 1:]], 0, first=True)
            d.subject = Found(subject, i + 1, lines[i])
            if d.kind is None:
                d.kind = Found("Công văn", i + 1, lines[i])
            return


def _place_words(text: str) -> str:
    """The place before ', ngày …': its last words that name a place ('Kon Tum' in 'Số: 435/QĐ-UBND Kon Tum', 'Thành
    phố Hồ Chí Minh'), not the number a flattened header put before it."""
    tokens = text.strip(" |").split()
    k = len(tokens)
    while k > 0 and ((tokens[k - 1][:1].isupper() and any(c.islower() for c in tokens[k - 1]) and "/" not in tokens[k - 1])
                     or tokens[k - 1] in ("phố", "xã", "trấn", "thị") or re.fullmatch(r"[A-ZĐ]{1,3}\.", tokens[k - 1])):
        k -= 1
    return " ".join(tokens[k:]) or text.strip(" |")


def _titled_kind(d: Draft, top: int) -> None:
    """A kind line in capitals that runs into its title ('THÔNG BÁO KẾT LUẬN' / 'CỦA …'): the kind, and the title from
    that line on as the subject; a title that starts 'VỀ …' is the subject without the kind's word."""
    kinds = {fold(k): k for k in words()["kinds"]}
    pattern = re.compile(rf"^({'|'.join(re.escape(k) for k in kinds)})\s+(\S.*)$")
    for i in range(top):
        text = _strip_marks(d.lines[i])
        m = pattern.match(fold(text)) if _is_upper(text) else None
        if m is None or _authority(text):
            continue
        d.kind = Found(kinds[m.group(1)], i + 1, d.lines[i])
        lines = [*d.lines[:i], text[len(text) - len(m.group(2)):] if m.group(2).startswith("ve ") else text, *d.lines[i + 1:]]
        subject, _ = _subject_after(lines, i)
        if subject:
            d.subject = Found(subject, i + 1, d.lines[i])
        return


def _flat_kind(d: Draft, top: int) -> None:
    """A header a web page's copy ran into few lines: the kind in capitals inside a line ('… năm 2020 QUYẾT ĐỊNH Về
    việc ban hành …'), the subject after it up to the authority or the grounds ('CHỦ TỊCH ỦY BAN …', 'Căn cứ')."""
    kinds = {k.upper(): k for k in words()["kinds"]}
    pattern = re.compile(rf"(?<!\w)({'|'.join(re.escape(k) for k in kinds)})(?!\w)\s*(?!:)(.*)$")
    for i in range(min(top, 15)):
        m = pattern.search(d.lines[i])
        if m is None:
            continue
        d.kind = Found(kinds[m.group(1)], i + 1, d.lines[i])
        rest = re.split(r"\s(?=(?:CHỦ TỊCH|BỘ TRƯỞNG|GIÁM ĐỐC|THỦ TƯỚNG|TRƯỞNG BAN|ỦY BAN NHÂN DÂN)\b|Căn cứ\b)", m.group(2))[0]
        if rest.strip():
            d.subject = Found(recase_sentence(rest.strip()) if _is_upper(rest) else rest.strip(), i + 1, d.lines[i])
        return


def _symbol(value: str) -> str:
    """A document's number and symbol as printed after 'Số:': '…/' for a blank number, and only its own tokens
    ('2739/VPCP-ĐMDN V/v quy định …' on one line is the number, then the subject)."""
    tokens: list[str] = []
    for token in value.split():
        # After the first token, only the rest of the symbol ('12 /QĐ-UBND', '1105/ KH-SYT'), not 'V/v …'.
        # ('1906 /SGDĐT-CTrTT': a symbol's own lower case letters after its slash.)
        lower = any(c.islower() for c in token) and not re.match(r"/[A-ZĐ]", token)
        if tokens and (lower or not (token.startswith("/") or tokens[-1].endswith(("/", "-")))):
            break
        tokens.append(token)
    return re.sub(r"^(\.{2,}|…)?\s*/", "…/", "".join(tokens))


def _subject_after(lines: list[str], start: int, first: bool = False) -> tuple[str, int]:
    """The subject from line `start`: a 'V/v' line and the lines it wraps onto (`first`), or the title under a
    kind's name, in capitals as Decree 30 prints it or in sentence case, read in sentence case."""
    parts: list[str] = []
    at: list[int] = []
    upper = False
    i = start
    while i < len(lines) and len(parts) < 5:
        text = _strip_marks(lines[i])
        if not text:
            nxt = next((_strip_marks(x) for x in lines[i + 1:i + 3] if _strip_marks(x)), "")
            if parts and not (nxt[:1].islower() and not upper):  # a title cut by an empty line goes on in lower case
                break
            i += 1
            continue
        stop = bool(_SUBJECT_STOP.match(text) or _DATE_LINE.search(text) or re.search(r"(?:^|\s)Kính gửi\s*:", text)
                    or _RULE_LINE.fullmatch(text))  # ('______', '––––––': the rule printed under the title)
        if not first and not parts:
            upper = _is_upper(text)
            stop = stop or (upper and _authority(text))
        elif parts:
            # A title in capitals runs on while the lines are capitals; one in sentence case stops at capitals.
            stop = stop or _is_upper(text) != upper or (upper and _authority(text))
            # ('THỦ' / 'TƯỚNG CHÍNH PHỦ điện:': the telegram's authority wrapped after its first word.)
            after = _strip_marks(lines[i + 1]) if i + 1 < len(lines) else ""
            stop = stop or (upper and len(text.split()) <= 2 and _KINH_GUI.search(after) is not None
                            and _authority(f"{text} {after}"))
        if stop and not (first and not parts):
            break
        parts.append(text)
        at.append(i)
        i += 1
    if not upper and _SENTENCE_END.search(" ".join(parts)):
        # A title holds no full stop: 'Về việc treo cờ' / 'Nhân dịp …, nhiệm kỳ 2026 - 2031. Ủy ban … đề nghị …' is a
        # notice with no preamble whose text began at its first line in capitals after the title's.
        k = next((k for k in range(1, len(parts)) if parts[k][:1].isupper()), None)
        if k is not None:
            parts, i = parts[:k], at[k]
    subject = " ".join(parts)
    return (recase_sentence(subject) if upper else subject), i


# A sentence's end: a word or a year and a full stop ('… 2031. Ủy ban', '… quy định.'), not 'TP. Hồ Chí Minh'.
_SENTENCE_END = re.compile(r"(?:[a-zà-ỹđ]{3,}|\d{4})\.(?:\s+\S|$)")


def _authority(text: str) -> bool:
    """'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …', 'THỦ TƯỚNG CHÍNH PHỦ': the line a decision's preamble starts with."""
    # ('CHÍNH PHỦ' alone: the Government as the authority of its resolution, before 'Căn cứ'.)
    return bool(re.match(r"^(?:CHỦ TỊCH|BỘ TRƯỞNG|GIÁM ĐỐC|THỦ TƯỚNG|TRƯỞNG BAN|ỦY BAN NHÂN DÂN|UBND)\b|^CHÍNH PHỦ$", text))


def recase_sentence(text: str) -> str:
    """A title printed in capitals, in sentence case: 'VỀ VIỆC BAN HÀNH KẾ HOẠCH … TỈNH QUẢNG NGÃI' -> 'Về việc ban
    hành kế hoạch … tỉnh Quảng Ngãi'. Places after their level, the names draft_words.yaml lists and acronyms
    (words without a vowel: 'HĐND', 'MTTQ') keep their capitals."""
    tokens = [w if not _vowel(w) and len(w) > 1 else w.lower() for w in text.split()]
    levels = {*words()["levels"]["province"], *words()["levels"]["district"], *words()["levels"]["commune"]}
    places = _place_names()
    i = 0
    while i < len(tokens):
        # A place after its level ('tỉnh quảng ngãi' -> 'tỉnh Quảng Ngãi'), the longest name the registry knows.
        n = next((n for n in (2, 1) if " ".join(tokens[i:i + n]) in levels), 0)
        if n:
            for k in (4, 3, 2, 1):
                name = places.get(" ".join(tokens[i + n:i + n + k]).strip(",.;:"))
                if name is not None and i + n + k <= len(tokens):
                    tail = tokens[i + n + k - 1][len(tokens[i + n + k - 1].rstrip(",.;:")):]
                    tokens[i + n:i + n + k] = [*name.split()[:-1], name.split()[-1] + tail]
                    i += n + k - 1
                    break
        i += 1
    out = " ".join(tokens)
    out = out[:1].upper() + out[1:]
    for name in words()["proper_names"]:
        out = re.sub(rf"(?<!\w){re.escape(name.lower())}(?!\w)", name, out)
    return out


def _vowel(word: str) -> bool:
    return any(fold(c) in "aeiouy" for c in word if c.isalpha())


@lru_cache(maxsize=1)
def _place_names() -> dict[str, str]:
    """The registry's provinces and communes, bare and lower case, to their spelling ('quảng ngãi': 'Quảng Ngãi')."""
    from vietnam_provinces import Province, Ward

    names = {re.sub(r"^(?:Tỉnh|Thành phố|Xã|Phường|Đặc khu)\s+", "", p.name) for p in Province.iter_all()}
    names |= {re.sub(r"^(?:Tỉnh|Thành phố|Xã|Phường|Đặc khu)\s+", "", w.name) for w in Ward.iter_all()}
    return {n.lower(): n for n in names}


def _issuer(d: Draft, org: list[tuple[int, str]]) -> None:
    """The issuer (and the body above it) from the header's lines in capitals. A body's name may be cut over
    lines anywhere ('ỦY BAN NHÂN' / 'DÂN' / 'TỈNH ĐỒNG THÁP', 'VĂN' / 'PHÒNG CHÍNH PHỦ'); a new body starts on a
    line that begins with a body's head word once the lines before it name a whole body ('ỦY BAN NHÂN DÂN' /
    'THÀNH PHỐ HỒ CHÍ MINH' / 'SỞ GIÁO DỤC VÀ ĐÀO TẠO')."""
    org = [(i, t) for i, t in ((i, re.sub(r"\s*[-_]{3,}\s*$", "", t)) for i, t in org) if t]
    if not org:
        return
    committee = {fold(c) for c in words()["committee"]}
    segments: list[list[tuple[int, str]]] = [[org[0]]]
    for i, text in org[1:]:
        before = " ".join(t for _, t in segments[-1])
        head = _head_of(text)
        # A new body: its head and name ('SỞ Y TẾ'), or the People's Committee whose place is on the next line.
        # ('BAN CHẤP HÀNH' / 'TRUNG ƯƠNG' / 'VĂN PHÒNG': a head alone on the last line is the office of the body above.)
        if _whole_body(before) and head is not None and (len(text.split()) > len(head.split()) or fold(head) in committee
                                                         or (i == org[-1][0] and fold(text) == fold(head))):
            segments.append([(i, text)])
        else:
            segments[-1].append((i, text))
    if len(segments) >= 2:
        parent = " ".join(t for _, t in segments[-2])
        d.parent = Found(recase_org(parent), segments[-2][0][0] + 1, " / ".join(t for _, t in segments[-2]))
    issuer_lines = [t for _, t in segments[-1]]
    issuer = recase_org(" ".join(issuer_lines))
    if d.parent is not None and _head_of(issuer) is not None and fold(issuer) == fold(str(_head_of(issuer))):
        issuer = f"{issuer} {d.parent.value}"
    elif d.parent is not None and not _level_at(issuer):
        where = _level_at(d.parent.value)
        if where:
            issuer = f"{issuer} {where}"
    d.issuer = Found(issuer, segments[-1][0][0] + 1, " / ".join(issuer_lines))


def _head_of(text: str) -> str | None:
    """The body's head word a line in capitals starts with ('SỞ', 'ỦY BAN NHÂN DÂN'), or None."""
    key = fold(text)
    return next((h for h in _heads() if key == fold(h) or key.startswith(fold(h) + " ")), None)


def _whole_body(text: str) -> bool:
    """A head word and at least one word of name after it: 'ỦY BAN NHÂN DÂN TỈNH X', 'SỞ Y TẾ' (not 'ỦY BAN NHÂN
    DÂN' or 'VĂN')."""
    head = _head_of(text)
    return head is not None and len(text.split()) > len(head.split())


def _level_at(name: str) -> str:
    """The '<level> <place>' tail of a body's name: 'tỉnh Nghệ An' in 'UBND tỉnh Nghệ An'."""
    for level in sorted({*words()["levels"]["province"], *words()["levels"]["district"],
                         *words()["levels"]["commune"]}, key=len, reverse=True):
        m = re.search(rf"(?<!\w){re.escape(level)}\s+[{CAPITALS}]", name)
        if m:
            return name[m.start():]
    return ""


def _title_word(w: str) -> str:
    return w[:1].upper() + w[1:].lower()


def recase_org(text: str) -> str:
    """'SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH' -> 'Sở Văn hóa, Thể thao và Du lịch'; 'UBND TỈNH NGHỆ AN' -> 'UBND tỉnh Nghệ An'.

    Vietnamese names of bodies write the head as usual ('Sở', 'Trung tâm', 'Ủy ban nhân dân'), capitalise
    the first word after it and after each comma, 'và' or dash, and the place after its level; the
    rest is lower case. 'XÃ HỘI' (society) is not the level 'xã': such pairs are listed in draft_words.yaml.
    """
    if not _is_upper(text):
        return text
    ws = words()
    tokens = text.split()
    out: list[str] = []
    levels = sorted({*ws["levels"]["province"], *ws["levels"]["district"], *ws["levels"]["commune"]},
                    key=lambda s: -len(s.split()))
    heads = sorted([*ws["committee"], *ws["bodies"]], key=lambda s: -len(s.split()))
    i, capitalise_next, proper = 0, True, False
    while i < len(tokens):
        rest = fold(" ".join(tokens[i:]))
        head = next((h for h in heads if rest == fold(h) or rest.startswith(fold(h) + " ")), None) if not out else None
        if head is not None:
            out += head.split()
            i += len(head.split())
            capitalise_next = head not in ws["committee"]
            continue
        # Levels compare with their marks: 'TĨNH' in 'HÀ TĨNH' is not 'tỉnh'.
        exact = " ".join(tokens[i:]).lower()
        level = next((lv for lv in levels if exact == lv or exact.startswith(lv + " ")), None)
        if level and out and not any(exact == w or exact.startswith(w + " ") for w in ws["not_levels"]):
            n = len(level.split())
            out += [t.lower() for t in tokens[i:i + n]]
            i, proper = i + n, True
            continue
        token = tokens[i]
        if not _vowel(token) and any(c.isalpha() for c in token):
            out.append(token)  # an acronym: 'MTTQ', 'HĐND', 'KH&CN'
        else:
            out.append(_title_word(token) if proper or capitalise_next else token.lower())
        capitalise_next = token.endswith(",") or token in ("VÀ", "-", "–") or (len(out) == 1 and not proper)
        i += 1
    text = " ".join(out).replace(" Và ", " và ")
    for name in words()["proper_names"]:
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", name, text, flags=re.I)
    return text


def recase_title(line: str) -> str:
    """'KT. GIÁM ĐỐC' -> 'KT. Giám đốc'; 'PHÓ CHỦ TỊCH' -> 'Phó Chủ tịch'; 'TM. ỦY BAN NHÂN DÂN' -> 'TM. Ủy ban nhân dân'."""
    m = re.match(r"^((?:KT|TM|TL|TUQ|Q)\.?)\s+(.*)$", line)
    prefix, rest = (m.group(1) + " ", m.group(2)) if m else ("", line)
    if not _is_upper(rest):
        return line
    if fold(rest) == fold("Ủy ban nhân dân"):
        return prefix + "Ủy ban nhân dân"
    body = _body_after_title(rest)
    if body:
        return f"{prefix}{recase_title(rest[:-len(body)].strip())} {recase_org(body)}"
    tokens = rest.lower().split()
    tokens[0] = _title_word(tokens[0])
    for k in range(1, len(tokens)):
        # 'Phó Chủ tịch', 'Bộ trưởng, Chủ nhiệm': a title after 'Phó' or a comma starts with a capital.
        if tokens[k - 1] == "Phó" or tokens[k - 1].endswith(","):
            tokens[k] = _title_word(tokens[k])
    return prefix + " ".join(tokens)


def _body_after_title(rest: str) -> str:
    """The body named after a signer's title ('VỤ KẾ HOẠCH - TÀI CHÍNH' in 'VỤ TRƯỞNG VỤ KẾ HOẠCH - TÀI CHÍNH'), written
    as a body's name is; '' when none. A head alone is part of the title ('TRƯỞNG BAN', 'CHÁNH VĂN PHÒNG')."""
    tokens = rest.split()
    keys = [fold(t) for t in tokens]
    title = max((t for t in (fold(x).split() for x in words()["signer_titles"]) if keys[:len(t)] == t), key=len, default=[])
    body = " ".join(tokens[len(title):])
    # ('PHÓ TRƯỜNG BAN', a slip for 'PHÓ TRƯỞNG BAN': no school, a title's word the fold cannot tell apart.)
    more_title = any(fold(body).startswith(fold(x) + " ") for x in words()["signer_titles"])
    return body if title and body and _whole_body(body) and not more_title else ""



@dataclass(frozen=True)
class Paragraph:
    line: int  # 1-based line of its first line
    text: str
    starts: tuple[int, ...] = (0,)
    """Where each joined line starts in `text`: the line of any phrase can be told."""
    moved: tuple[tuple[int, int, int], ...] = ()
    """(start, end, line): a table row's text whose line comes out of order (the rest of a task cell after a page's
    repeated heading, below the row's other cells)."""

    def line_at(self, offset: int) -> int:
        line = next((line for start, end, line in self.moved if start <= offset < end), None)
        return line if line is not None else self.line + bisect_right(self.starts, offset) - 1


# An article of the text ('Điều 2. …', 'Điều 3: …'), not an article cited at a line's start ('Điều 9; khoản 3 …').
_ARTICLE = re.compile(r"^Điều\s+\d+(?:[.:]|\s+(?!Luật|Nghị|Thông|Bộ|của)[A-ZĐ])")
_MARKER = re.compile(r"^([IVXLC]+\.\s|[A-H]\.\s|\d{1,2}(\.\d{1,2})*[.)]\s|\d{1,2}(\.\d{1,2})+\s|\(\d{1,2}\)\.?\s|\((?:i{1,3}|iv|vi{0,3}|ix|x)\)\s|[a-zđ][).]\s|[-–+•]\s?|\||"
                     r"Điều\s+\d+(?:[.:]|\s+(?!Luật|Nghị|Thông|Bộ|của)[A-ZĐ])|Nơi nhận|Kính gửi|Căn cứ|Thực hiện|Trên đây|Theo đề nghị|PHỤ LỤC|Phụ lục\s+[IVX\d])")


def _body_spans(d: Draft) -> list[tuple[int, int]]:
    """Line indexes (0-based, end exclusive) of the body, after the subject and salutation and before
    'Nơi nhận', and of each annex ('PHỤ LỤC …') printed after the signature."""
    lines = d.lines
    start = 0
    for found in (d.subject, d.dated, d.number):
        if found is not None:
            start = max(start, found.line)
    if d.carries is not None:
        start = d.carries.line
    for i in range(start, len(lines)):
        if _KINH_GUI.search(lines[i]):
            start = _salutation_end(lines, i)
            break
        if lines[i].strip(" |") and (len(lines[i]) > 80 or _MARKER.match(lines[i])):
            break
    end = len(lines)
    for i in range(start, len(lines)):
        if lines[i].startswith("Nơi nhận") or lines[i].startswith("Trên đây"):
            end = i
            break
    spans = [(start, end)]
    annexes = sorted({i for i in range(end, len(lines)) if _ANNEX.match(lines[i])} | set(_attachments(lines, end)))
    for k, i in enumerate(annexes):
        spans.append((i, annexes[k + 1] if k + 1 < len(annexes) else len(lines)))
    return spans


def _attachments(lines: list[str], end: int) -> list[int]:
    """Documents printed after the signature under a title in capitals and '(Kèm theo …)' or '(Ban hành kèm theo
    …)' ('BẢNG TIÊU CHÍ …', 'DANH MỤC …'): each read like an annex, from its title."""
    out: list[int] = []
    for i in range(end, len(lines)):
        # A copy whose lines were joined prints the title and its note on one line: 'CHƯƠNG TRÌNH HÀNH ĐỘNG … (Ban
        # hành kèm theo Quyết định số …)'.
        joined = _JOINED_NOTE.match(lines[i].strip())
        if joined and _is_upper(joined.group(1)) and len(joined.group(1)) >= 8 and not _SIGN_PREFIX.match(lines[i]):
            out.append(i)
            continue
        note = lines[i].strip()
        if re.match(r"^\(\s*(?:Ban(?:\s+hành(?:\s+kèm)?)?|kèm)$", note, re.I) and i + 1 < len(lines):
            note += " " + lines[i + 1].strip()  # '(Ban hành kèm' / 'theo …)', '(Ban' / 'hành kèm theo …)': it wrapped
        if not re.match(r"^\(?\s*(?:Ban\s+hành\s+)?kèm\s+theo\b", note, re.I):
            continue
        k = i - 1
        while k > end and not lines[k].strip(" |"):
            k -= 1
        top = k
        while k > end and _is_upper(lines[k]) and not _SIGN_PREFIX.match(lines[k]) and lines[k].strip() != "|":
            k -= 1
        if k < top and not any(_ANNEX.match(lines[j]) for j in range(max(end, k - 4), i)):
            out.append(k + 1)
    return out


_JOINED_NOTE = re.compile(r"^(.+?)\s*\(\s*(?:Ban\s+hành\s+)?kèm\s+theo\b", re.I)
_ANNEX = re.compile(r"^(PHỤ LỤC|Phụ lục)(\s+(số\s+)?[IVX\d]+[.:]?)?(\s|$)")
# 'Kính gửi:' at a line's start, or after the date where a web page's copy ran the header into one line.
# A công điện names its addressees after 'THỦ TƯỚNG CHÍNH PHỦ điện:' as a letter does after 'Kính gửi:'.
_KINH_GUI = re.compile(rf"(?:^|(?<=\s))(?<!Đồng )(?<!đồng )(?i:Kính gửi)\s*:?|^\|?\s*[{CAPITALS}][{CAPITALS} ,-]*\sđiện\s*:")


def _salutation(lines: list[str], i: int) -> tuple[str, list[tuple[int, str]], int]:
    """The addressees of 'Kính gửi' at line i: the text after it on its line (with the short lines it wraps onto)
    or the '- …' items under it; and the index of the line after them."""
    m = _KINH_GUI.search(lines[i])
    rest = lines[i][m.end():].strip() if m else ""
    if rest:
        k = i + 1
        while k < len(lines) and rest[-1:] not in ".;:" and 0 < len(lines[k].split()) <= 3 and lines[k].strip() != "|" \
                and not _MARKER.match(lines[k]):
            rest, k = f"{rest} {lines[k].strip()}", k + 1  # '… cơ quan thuộc' / 'Chính phủ'
        return rest, [], k
    items = _dash_block(lines, i + 1)
    if not items:
        # 'Kính gửi:' then the addressees as a plain line, wrapped or not ('Chủ tịch Ủy ban nhân dân các tỉnh: Hưng Yên,
        # Ninh' / 'Bình, Phú Thọ.'), up to the line that ends them.
        k = i + 1
        while k < len(lines) and not lines[k].strip(" |"):
            k += 1
        text = ""
        while k < len(lines) and lines[k].strip(" |") and len(text) < 300 and not _MARKER.match(lines[k]):
            text = f"{text} {lines[k].strip()}".strip()
            k += 1
            if text[-1:] in ".;":
                break
        if text:
            return text, [], k
    return "", items, items[-1][0] if items else i + 1


def _salutation_end(lines: list[str], i: int) -> int:
    """The first line of the body after 'Kính gửi' at line i, its addressees and any 'Đồng kính gửi' (copies for
    information) under it."""
    _, items, j = _salutation(lines, i)
    while j < len(lines):
        text = lines[j].strip(" |")
        if re.match(r"^Đồng\s+kính\s+gửi", text, re.I):
            block = _dash_block(lines, j + 1)
            j = block[-1][0] if block else j + 1
            continue
        if text and not (items and text[:1] in "-+•"):
            break
        j += 1
    return j


_LABEL_ONLY = re.compile(r"^(?:[IVX]+\.|\d{1,2}(?:\.\d{1,2})*[.)]?|\(\d{1,2}\)\.?|[a-zđ][).]|[-–+•])$")


def _paragraphs(lines: list[str], spans: Sequence[tuple[int, int]], tables: Sequence[Table] = ()) -> list[Paragraph]:
    """Lines joined where a PDF or a narrow column wrapped a sentence; a table printed a cell per line is one
    paragraph per row, read as the reader's table row."""
    rows = _spread_rows(lines, tables)
    out: list[Paragraph] = []
    for start, end in spans:
        out.append(Paragraph(start + 1, ""))
        for i in range(start, end):
            if i in rows:
                row = rows[i]
                if row is not None:
                    out += [row, Paragraph(i + 1, "")]
                continue
            text = lines[i] if lines[i].strip(" |") else ""  # a lone '|' is what remains of a header's table
            text = _GLUED_LABEL.sub(r"\1 ", text)  # '1.Các sở, …': a label typed without its space
            if not text:
                out.append(Paragraph(i + 1, ""))
                continue
            prev = out[-1] if out else None
            # '(2) Điều 5 …' after a long line cut mid-sentence ('… khoản 1 và khoản') is that sentence's end, not
            # item (2): an item's number would follow a finished sentence, and the items here are written '(2).'.
            # So is '- Hải Phòng, …' after '… cao tốc Ninh Bình': a dash in a name that the line cut before.
            wrapped = bool(re.match(r"^(?:\(\d{1,2}\)|-)\s", text)) and i > 0 and len(lines[i - 1]) >= 60 \
                and lines[i - 1].rstrip()[-1:] not in ".;:!?" and not re.search(r"(?:sau|gồm|đây)$", lines[i - 1].rstrip()) \
                and not (text.startswith("-") and _MARKER.match(lines[i - 1]))
            joins = (prev is not None and prev.text and (wrapped or not _MARKER.match(text)) and not _is_upper(text)
                     and not _is_upper(prev.text) and prev.text[-1] not in ".;:!?" and not prev.text.startswith("|")
                     and not (len(lines[i - 1].strip()) <= 50 and _duty_under_body(prev.text, text)))
            # A label alone on its line ('1.' then 'Mục đích: …') and a heading cut in two ('II. HOÀN' then 'THIỆN
            # CƠ CHẾ …'), as a web page's copy wraps them, read as one line.
            # ('Điều' then '10. Cập nhật thông tin …': an article's word left alone on its line, its number on the next.)
            joins = joins or bool(prev is not None and prev.text == "Điều" and re.match(r"\d{1,3}[.:]\s", text))
            joins = joins or bool(prev is not None and _heads_wrapped(prev.text, text))
            joins = joins or bool(prev is not None and ((_LABEL_ONLY.match(prev.text) and not _LABEL_ONLY.match(text))
                                                        or (_section_of(prev.text) and _is_upper(prev.text)
                                                        and _is_upper(text) and not _MARKER.match(text))))
            if joins and prev is not None:
                out[-1] = Paragraph(prev.line, f"{prev.text} {text}", (*prev.starts, len(prev.text) + 1))
                continue
            tail = _TRAILING_LABEL.search(prev.text) if prev is not None and prev.text else None
            if prev is not None and tail is not None and re.match(rf"[{CAPITALS}]", text) and not _MARKER.match(text):
                # '… quan hệ lao động hài hòa, ổn định, tiến bộ 1.1.' / 'Tăng cường …': a crawler left the item's label
                # at the end of the line before; the item starts at the label, on that line.
                label = tail.group(1)
                out[-1] = Paragraph(prev.line, prev.text[:tail.start()].rstrip(), prev.starts)
                out.append(Paragraph(prev.line + len(prev.starts) - 1, f"{label} {text}", (0, len(label) + 1)))
            else:
                out.append(Paragraph(i + 1, text))
    return [piece for p in out if p.text for piece in _split_inline(p)]


def _duty_under_body(before: str, text: str) -> bool:
    """'2. Bộ Giáo dục và Đào tạo' / 'Chỉ đạo các cơ sở …': an item that only names a body, then a line that starts with a
    capitalised verb ('Chỉ đạo', 'Cân đối'), the body's duty, a paragraph of its own (not 'Lai Châu chủ trì …', more of
    the name; the caller asks it only after a short line, not after a full line a long name wrapped: '… Cổng' /
    'Thông tin điện tử tỉnh')."""
    parsed = _item(before)
    if parsed is None or not _names_only(parsed[2]) or not text[:1].isupper():
        return False
    key = f"{text[:1].lower()}{text[1:]}"
    return any(re.match(rf"{re.escape(v)}(?=[\s,;:.]|$)", key) for v in words()["actor_verbs"])


def _heads_wrapped(before: str, text: str) -> bool:
    """'Chánh Văn phòng …; Giám đốc Sở …;' / 'Chủ tịch UBND cấp xã; … chịu trách nhiệm thi hành …': the heads an execution
    clause lists, wrapped after a semicolon, are one sentence up to their verb."""
    return before.endswith(";") and bool(_title_pattern().match(before)) and bool(_title_pattern().match(text)) \
        and not _EXECUTES.search(before)


_EXECUTES = re.compile(r"(?:thi\s+hành|trách\s+nhiệm)\b", re.I)
_GLUED_LABEL = re.compile(rf"^(\d{{1,2}}(?:\.\d{{1,2}}){{0,3}}\.)(?=[{CAPITALS}][a-zà-ỹđ])")
# A label left alone at the end of a line, its item's text on the next ('… tiến bộ 1.1.'): not a law's 'Điều 2.'.
_TRAILING_LABEL = re.compile(r"(?<!Điều)(?<!khoản)(?<!điểm)(?<!Chương)(?<!Mục)(?<!số)(?<!ngày)(?<!tháng)(?<!năm)(?<!lần)(?<!thứ)"
                             r"\s((?:\d{1,2}\.\d{1,2}(?:\.\d{1,2})*|[IVX]{1,4}|[1-9]|[12]\d)\.|[a-hđ]\))$")


# An item's label run into the text before it by a crawler that joined paragraphs: '… tiến bộ. 1.1. Tăng cường …',
# '… như sau: a) Tuyên truyền …', 'I. MỤC ĐÍCH, YÊU CẦU 1. Mục đích …'.
# Also '… như sau: a) tuyên truyền …; b) tổ chức …' (a letter's text in lower case after ':' or ';'), '… thực hiện.
# - Tổ chức …' (a point's dash), '1) …', and a dotted label the crawler left at the end of the line before ('… tiến bộ
# 1.1. Tăng cường …').
_INLINE_LABEL = re.compile(rf"(?:(?<=[.;:!?])|(?<=[{CAPITALS}]{{2}}))\s+(?=(?:[IVX]+\.|\d{{1,2}}(?:\.\d{{1,2}})*\.|[a-zđ]\)|"
                           rf"\(\d{{1,2}}\)|\d{{1,2}}\)|[-–+]|Điều\s+\d+\.)\s+[{CAPITALS}])"
                           rf"|(?<=[;:])\s+(?=[a-zđ]\)\s+[a-zđà-ỹ])"
                           rf"|(?<=\w)\s+(?=\d{{1,2}}\.\d{{1,2}}(?:\.\d{{1,2}})*\.\s+[{CAPITALS}])"
                           rf"|(?<=\w)(?<!điểm)\s+(?=[a-hđ]\)\s+[{CAPITALS}])")


def _split_inline(p: Paragraph) -> list[Paragraph]:
    """A long paragraph holding the labels of several items is one paragraph per item, each at its own line."""
    if len(p.text) < 120 or p.text.startswith("|"):
        return [p]
    cuts = [m.end() for m in _INLINE_LABEL.finditer(p.text)]
    if not cuts:
        return [p]
    out: list[Paragraph] = []
    for a, b in zip([0, *cuts], [*cuts, len(p.text)], strict=True):
        piece = p.text[a:b].strip()
        if piece:
            first = p.line_at(a)
            starts = tuple(max(0, p.starts[k] - a) for k in range(len(p.starts))
                           if p.line + k >= first and p.starts[k] < b)
            out.append(Paragraph(first, piece, (0, *starts[1:]) if starts else (0,)))
    return out


def _spread_rows(lines: list[str], tables: Sequence[Table]) -> dict[int, Paragraph | None]:
    """For each line (0-based) of a table printed a cell per line: the row's paragraph on the line the row starts,
    None on the others; each line of the row keeps its place in the paragraph's text (for the line of a date)."""
    out: dict[int, Paragraph | None] = {}
    for table in tables:
        if not table.starts:
            continue
        bounds = [*table.starts, table.end + 1]
        for k, row in enumerate(table.rows):
            text = table_line(row)
            first, last = bounds[k] - 1, bounds[k + 1] - 1
            offsets: list[int] = []
            moved: list[tuple[int, int, int]] = []
            at = end = 0
            for j in range(first, last):
                piece = " ".join(lines[j].replace("|", "/").split())
                # A lone '|' between cells (or a blank line) holds no text of the row: it starts where the text before
                # it ends. (Looked for as a '/', it was found in a date further on and put every line after it there.)
                found = text.find(piece, at) if piece and piece != "/" else -1
                if found >= 0:
                    at, end = found, found + len(piece)
                elif len(piece) >= 12 and (back := text.rfind(piece, 0, at)) >= 0:
                    # The task's rest after a page's heading, at the end of the task's cell (the last place it is found
                    # before the cells it follows: a cited date written twice in the task is found at its second).
                    moved.append((back, back + len(piece), j + 1))
                offsets.append(max(at if found >= 0 else end, offsets[-1] if offsets else 0))
            out.update({j: None for j in range(first, last)})
            out[first] = Paragraph(first + 1, text, tuple(offsets), tuple(moved))
        for j in range(table.starts[0] - 1, table.end):
            out.setdefault(j, None)
    return out


@lru_cache(maxsize=1)
def _implements_pattern() -> re.Pattern[str]:
    # A document's name runs to 'về …', a semicolon, or a comma before a lower-case word or another body:
    # '… của Bộ Văn hóa, Thể thao và Du lịch, Sở … xây dựng' keeps the ministry's whole name.
    bodies = "|".join(re.escape(b) for b in sorted(words()["bodies"], key=len, reverse=True))
    return re.compile(
        r"(?:Thực hiện|Căn cứ)\s+((?:Kế hoạch|Công văn|Chỉ thị|Quyết định|Nghị quyết|Nghị định|Thông tư|Công điện|Luật|"
        rf"Thông báo|Chương trình)\b.*?)(?=\s+(?:về|quy định|hướng dẫn)(?:\s|$)|;|,\s+(?:[a-zà-ỹđ]|(?:{bodies})\b)|\.$|$)")


def _implements(lines: list[str], paragraphs: list[Paragraph], end: int) -> list[Found]:
    """The documents cited ('Thực hiện Kế hoạch số … của …'), read across the lines a PDF wrapped them onto."""
    out: list[Found] = []
    header = [Paragraph(i + 1, lines[i]) for i in range(min(end, len(lines))) if lines[i]
              and (not paragraphs or i + 1 < paragraphs[0].line)]
    for p in [*header, *(p for p in paragraphs if p.line <= end)]:
        for m in _implements_pattern().finditer(p.text):
            value = m.group(1).strip()
            if value and all(fold(f.value) != fold(value) for f in out):
                line = p.line_at(m.start())
                out.append(Found(value, line, lines[line - 1]))
    return out


# --------------------------------------------------------------------------- period, key dates


# 'từ ngày 01/12 đến 15/12/2025', and with a dash: 'từ 01/12/2025 - 15/12/2025'.
_RANGE = re.compile(r"từ\s+(?:ngày\s+)?(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?:\s*\([^()]{0,40}\))?(?:\s+(?:đến|tới)\s+|\s*[-–]\s*)"
                    r"(?:hết\s+)?(?:ngày\s+)?(\d{1,2})/(\d{1,2})/(\d{4})", re.I)
_MONTH_RANGE = re.compile(r"từ\s+tháng\s+(\d{1,2})(?:/|\s+năm\s+)(\d{4})\s+đến\s+(?:hết\s+)?tháng\s+(\d{1,2})(?:/|\s+năm\s+)(\d{4})",
                          re.I)
# 'Tháng 11 và tháng 12 năm 2025', 'tháng 6 - tháng 9/2021': two months of one year.
_MONTHS_OF_YEAR = re.compile(r"tháng\s+(\d{1,2})\s*(?:và|đến|-|–)\s*(?:hết\s+)?tháng\s+(\d{1,2})\s*(?:năm\s+|/)(\d{4})", re.I)


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_end(y: int, m: int) -> date:
    nxt = date(y + 1, 1, 1) if m == 12 else date(y, m + 1, 1)
    return nxt - timedelta(days=1)


def _ranges(text: str) -> Iterator[tuple[date, date, str]]:
    for m in _RANGE.finditer(text):
        end = _safe_date(int(m.group(6)), int(m.group(5)), int(m.group(4)))
        start = _safe_date(int(m.group(3) or m.group(6)), int(m.group(2)), int(m.group(1)))
        if start and end:
            yield start, end, m.group(0)
    for m in _MONTH_RANGE.finditer(text):
        start = _safe_date(int(m.group(2)), int(m.group(1)), 1)
        if start and 1 <= int(m.group(3)) <= 12:
            yield start, _month_end(int(m.group(4)), int(m.group(3))), m.group(0)
    for m in _MONTHS_OF_YEAR.finditer(text):
        start = _safe_date(int(m.group(3)), int(m.group(1)), 1)
        if start and int(m.group(1)) <= int(m.group(2)) <= 12:
            yield start, _month_end(int(m.group(3)), int(m.group(2))), m.group(0)


# Sections are headed 'II. NHIỆM VỤ' (roman, I to XXIX) or 'B. NHIỆM VỤ' (a capital letter, heading in capitals).
_ROMAN = re.compile(r"(?=[IVX])X{0,2}(?:IX|IV|V?I{0,3})")


def _section_of(text: str) -> tuple[str, str] | None:
    m = re.match(r"^([IVX]+|[A-H])\.\s+(\S.*)$", text)
    if m is not None and (_ROMAN.fullmatch(m.group(1)) or (len(m.group(1)) == 1 and _is_upper(m.group(2)))):
        return m.group(1), m.group(2)
    m = _ANNEX.match(text)
    if m is not None:
        number = (m.group(2) or "").strip(" .:").removeprefix("số").strip() or "1"
        return f"PL{_roman(number) if _ROMAN.fullmatch(number) else number}", text
    return None


def _sections(paragraphs: list[Paragraph]) -> Iterator[tuple[str, Paragraph]]:
    heading = ""
    for p in paragraphs:
        section = _section_of(p.text)
        if section:
            heading = section[1]
        yield heading, p


def _period(d: Draft, paragraphs: list[Paragraph]) -> Found | None:
    first_item = next((i for i, p in enumerate(paragraphs) if _item(p.text)), len(paragraphs))
    candidates: list[tuple[int, Found]] = []
    for index, (heading, p) in enumerate(_sections(paragraphs)):
        # Past the first item, a time counts only under a timing heading or as a timing item ('3. Thời gian tổ chức:
        # …'): 'thời gian quan trắc từ tháng 3 đến tháng 10' inside a part's text is that part's time, not the plan's.
        timing = "thoi gian" in fold(heading) or _timing_item(p.text)
        if not timing and (index >= first_item or _item(p.text)):
            continue
        for start, end, phrase in _ranges(p.text):
            if not timing and _CITED_TIME.search(p.text[:p.text.find(phrase)]):
                continue  # the time a bulletin or plan the text is based on covers, not the text's own
            candidates.append((0 if timing else 1, Found((start, end), p.line, phrase)))
        m = re.search(r"từ\s+nay\s+đến\s+(?:hết\s+)?năm\s+(\d{4})", p.text, re.I) if timing else None
        if m and d.issued_on is not None and int(m.group(1)) >= d.issued_on.year:
            candidates.append((0, Found((d.issued_on, date(int(m.group(1)), 12, 31)), p.line, m.group(0))))
        if timing and d.issued_on is not None:
            candidates += [(0, found) for found in _year_periods(p, d.issued_on.year)]
            candidates += [(0, found) for found in _periods_from_issue(p, d.issued_on)]
    if not candidates:
        return _applied_period(paragraphs) or _titled_period(d, paragraphs) or _forecast_period(d, paragraphs)
    return min(candidates, key=lambda c: (c[0], c[1].line))[1]


# A time inside the clause naming what the text is based on ('Trên cơ sở Bản tin dự báo khí hậu … (từ tháng 02/2026 đến
# tháng 01/2027) của Trung tâm …, UBND Thành phố ban hành Kế hoạch …'): the time that document covers.
_CITED_TIME = re.compile(r"(?<!\w)(?:Trên\s+cơ\s+sở|Căn\s+cứ(?:\s+vào)?)\s[^,;.:]{0,160}$", re.I)
_CITED_TIME_WHY = "the time a document cited covers ('Trên cơ sở …'), not the plan's period"


_APPLIED = re.compile(r"(?:Nghị\s+quyết|Quyết\s+định|Quy\s+định|Kế\s+hoạch|Chỉ\s+thị)\s+này\s+(?:được\s+)?áp\s+dụng\s+"
                      r"(?:trong\s+|cho\s+)?(?:năm\s+(\d{4})|từ\s+năm\s+(\d{4})\s+(?:đến|tới)\s+(?:hết\s+)?năm\s+(\d{4}))(?!\s*[-–]\d)")


def _applied_period(paragraphs: list[Paragraph]) -> Found | None:
    """The years a text says it applies in ('Nghị quyết này áp dụng trong năm 2026', '… áp dụng từ năm 2026 đến hết năm
    2030'): a budget resolution's own time, where no heading gives one."""
    for p in paragraphs:
        m = _APPLIED.search(p.text)
        if m is not None:
            first, last = int(m.group(1) or m.group(2)), int(m.group(1) or m.group(3))
            if first <= last <= first + 15:
                return Found((date(first, 1, 1), date(last, 12, 31)), p.line_at(m.start()), m.group(0))
    return None


_FORECAST_WINDOW = re.compile(r"(?:từ\s+)?(?:(?:tối|đêm|chiều|sáng)\s+)?(?:hôm\s+)?nay\s+(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?()()()"
                              r"(\d{1,2})/(\d{1,2})/(\d{4})|(?:từ\s+)?ngày\s+(\d{1,2})\s*(?:và|đến|[-–])\s*(?:ngày\s+)?()()"
                              r"(\d{1,2})/(\d{1,2})/(\d{4})", re.I)


def _forecast_period(d: Draft, paragraphs: list[Paragraph]) -> Found | None:
    """The days a forecast gives ('Theo dự báo …, từ tối nay đến ngày 18/11/2025 …', '… ngày 20 và 21/11/2025 …'): an
    emergency telegram's units respond over them, its first window from the day it is sent; a past flood's days, told
    without a forecast, are not."""
    if d.issued_on is None:
        return None
    for p in paragraphs:
        at = re.search(r"dự\s+báo", p.text, re.I)
        for m in _FORECAST_WINDOW.finditer(p.text, at.start() if at else len(p.text)):
            end = _safe_date(int(m.group(6) or m.group(12)), int(m.group(5) or m.group(11)), int(m.group(4) or m.group(10)))
            start = d.issued_on if m.group(4) else _safe_date(end.year, end.month, int(m.group(7))) if end else None
            if start is not None and end is not None and d.issued_on <= start <= end:
                return Found((start, end), p.line_at(m.start()), m.group(0))
    return None


def _year_periods(p: Paragraph, issued: int) -> list[Found]:
    """A plan's time in whole years, under a timing heading or item: 'Từ năm 2025 đến hết năm 2030' (its first day to its
    last), 'thường xuyên, liên tục trong năm 2026' (the year, unless something is to be finished in it); a year before
    the document's is another plan's."""
    out: list[Found] = []
    for m in re.finditer(r"từ\s+năm\s+(\d{4})\s+(?:đến|tới)\s+(?:hết\s+)?năm\s+(\d{4})|(?<!\S)trong\s+năm\s+(\d{4})",
                         p.text, re.I):
        if m.group(3) and re.search(r"(?:hoàn\s+thành|xong|trước|chậm\s+nhất)\s*$", p.text[:m.start()], re.I):
            continue  # 'c) Thời gian thực hiện: Hoàn thành trong năm 2025' is a task's deadline, not the plan's time
        first, last = (int(m.group(1)), int(m.group(2))) if m.group(1) else (int(m.group(3)), int(m.group(3)))
        if issued <= last and first <= last <= first + 15:
            out.append(Found((date(first, 1, 1), date(last, 12, 31)), p.line_at(m.start()), m.group(0)))
    return out


_FROM_ISSUE = re.compile(r"(?:từ\s+nay|(?:kể\s+)?từ\s+ngày\s+(?:ký|(?:Quyết\s+định|Kế\s+hoạch|Chỉ\s+thị|văn\s+bản|Công\s+văn)"
                         r"(?:\s+này)?(?:\s+được)?\s+(?:ký|ban\s+hành)))\s+(?:đến|tới)\s+(?:hết\s+)?ngày\s+"
                         r"(\d{1,2})(?:\s+tháng\s+|/)(\d{1,2})(?:\s+năm\s+|/)(\d{4})", re.I)


def _periods_from_issue(p: Paragraph, issued: date) -> list[Found]:
    """A time that runs from the text's own day to a day, under a timing heading or item ('b) Thời gian hỗ trợ: Từ nay đến
    hết ngày 31 tháng 12 năm 2025', 'Điều 2. Thời gian ủy quyền: Kể từ ngày Quyết định được ban hành đến hết ngày …')."""
    out: list[Found] = []
    for m in _FROM_ISSUE.finditer(p.text):
        end = _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if end is not None and end >= issued:
            out.append(Found((issued, end), p.line_at(m.start()), m.group(0)))
    return out


def _timing_item(text: str) -> bool:
    """'3. Thời gian tổ chức phong trào: …', 'b) Thời gian: …', a paragraph 'Thời gian thực hiện: …': about the plan's
    time (not a dash's field under a task, '- Thời gian thực hiện: …', which is that task's)."""
    item = _item(text)
    if item is None:
        # (an article that gives a time, 'Điều 2. Thời gian ủy quyền: …', too)
        return fold(re.sub(r"^Điều\s+\d+[.:]\s*", "", text)).startswith("thoi gian")
    return item[0] in ("num", "letter", "paren") and fold(item[2]).startswith("thoi gian")


# The quoted name of a document or scheme that holds a stage ('hoàn thiện “Đề án … giai đoạn 2026 - 2030”'): its years.
_DOC_NOUNS = r"(?:Đề\s+án|Dự\s+án|Chương\s+trình|Kế\s+hoạch|Quy\s+hoạch|Chiến\s+lược|Nghị\s+quyết|Quyết\s+định)"
_STAGE_NAMED = re.compile(rf"(?:[“\"]\s*{_DOC_NOUNS}|{_DOC_NOUNS}\s*[“\"])[^”\"]*$")


def _titled_period(d: Draft, paragraphs: list[Paragraph]) -> Found | None:
    """A plan for years ('KẾ HOẠCH … GIAI ĐOẠN 2026 - 2030', '… 5 NĂM 2026 - 2030'), to a year ('… ĐẾN NĂM 2030', from its issue) or for the
    next year ('… NĂM 2026' issued in 2025) runs over them, when the text gives no days or months; a stage the text names that ended
    before the document ('giai đoạn 2017-2021' in 2020) is another plan's."""
    issued = d.issued_on.year if d.issued_on else 0
    subject = [Paragraph(d.subject.line, d.subject.value)] if d.subject is not None else []
    body = next((p.line for p in paragraphs if _item(p.text) or _section_of(p.text)), len(d.lines))
    for p in [*subject, *paragraphs]:
        # ('… giai đoạn 2026 - 2030', a plan over years: '… trung hạn 5 năm 2026 - 2030')
        for m in re.finditer(r"(?:giai\s+đoạn|\b\d{1,2}\s+năm)\s+(\d{4})\s*[-–]\s*(\d{4})", p.text, re.I):
            first, last = int(m.group(1)), int(m.group(2))
            # ('… hoàn thiện “Đề án xử lý chống úng ngập … giai đoạn 2026 - 2030” …' in the body: the scheme's years.)
            named = p.line > body and _STAGE_NAMED.search(p.text[max(0, m.start() - 120):m.start()])
            if first <= last <= first + 10 and last >= issued and not named:
                return Found((date(first, 1, 1), date(last, 12, 31)), p.line, m.group(0))
        titled = _title_years(d, p) if p in subject else None
        if titled is not None:
            return titled
    return None


def _title_years(d: Draft, p: Paragraph) -> Found | None:
    """A plan's title to a year ('… đến năm 2030', from its issue) or for the next year ('… năm 2026' in 2025); a
    letter's 'năm 2026' ('… những tháng cuối năm 2025') is no campaign."""
    if d.issued_on is None or d.kind is None or fold(str(d.kind.value)) not in ("ke hoach", "chuong trinh", "quyet dinh"):
        return None
    to = re.search(r"(?<!giai đoạn )đến\s+năm\s+(\d{4})", p.text, re.I)
    if to and d.issued_on.year <= int(to.group(1)) <= d.issued_on.year + 15:
        return Found((d.issued_on, date(int(to.group(1)), 12, 31)), p.line, to.group(0))
    # (A plan for its own year, 'Rà soát hộ nghèo … năm 2025' of October 2025, runs from a day the text does not say.)
    year = re.search(r"(?<!đến )(?<!từ )(?<!cuối )(?<!đầu )(?<!\d )năm\s+(\d{4})\s*$", p.text, re.I)
    if year and int(year.group(1)) == d.issued_on.year + 1:
        return Found((date(int(year.group(1)), 1, 1), date(int(year.group(1)), 12, 31)), p.line, year.group(0))
    return None


# 'Ngày toàn dân … - 30/7' and 'Ngày Gia đình Việt Nam (28/6)'.
_KEY_DATE = re.compile(r"(Ngày\s+[^\d“”\"();:.\n]{2,90}?)[”\"]?\s*(?:[-–]\s*|\(\s*(?:ngày\s+)?)(\d{1,2})/(\d{1,2})(?![\d/])")


def _key_dates(d: Draft, paragraphs: list[Paragraph]) -> list[Found]:
    year = d.period.value[0].year if d.period else d.year()
    out: list[Found] = []
    if year is None:
        return out
    for p in paragraphs:
        for m in _KEY_DATE.finditer(p.text):
            day = _safe_date(year, int(m.group(3)), int(m.group(2)))
            name = m.group(1).strip(" ,")
            if day and all(f.value[1] != day for f in out):
                out.append(Found((name, day), p.line, m.group(0)))
        # 'Tổng kiểm kê … thời điểm 0h00 ngày 01 tháng 01 năm 2026': the moment the units count at, a day they act on.
        normal = _normalise_dates(p.text)
        for m in _MOMENT.finditer(normal):
            day = _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            # ('… hoàn thành, hoạt động ngay trước thời điểm 30/4/2026': a deadline, not a moment to act at.)
            if day and all(f.value[1] != day for f in out) and not _DEADLINE_WORD.search(normal, 0, m.start()):
                out.append(Found(("Thời điểm", day), p.line_at(m.start()) if len(p.text) == len(_normalise_dates(p.text))
                                 else p.line, m.group(0)))
        for m in _ANNIVERSARY.finditer(p.text):
            first, day = (_safe_date(int(m.group(k + 2)), int(m.group(k + 1)), int(m.group(k))) for k in (2, 5))
            if first and day and (first.month, first.day) == (day.month, day.day) and first < day \
                    and (d.issued_on is None or day >= d.issued_on) and all(f.value[1] != day for f in out):
                name = " ".join(m.group(1).strip(" “”\"").split())
                out.append(Found((name[:1].upper() + name[1:], day), p.line_at(m.start(2) - 1), m.group(0)))
    return out + _effective_days(d, paragraphs, {f.value[1] for f in out})


# 'chào mừng “Kỷ niệm 80 năm ngày Tổng tuyển cử …” (06/01/1946 - 06/01/2026)': the day of an anniversary the units mark,
# given by its first and latest day.
_ANNIVERSARY = re.compile(r"(kỷ\s+niệm\s+\d{1,4}\s+năm[^()“”\"]{2,120}?)[“”\"]?\s*\(\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*[-–]\s*"
                          r"(\d{1,2})/(\d{1,2})/(\d{4})\s*\)", re.I)


_DAY = r"(\d{1,2})(?:\s+tháng\s+|/|-)(\d{1,2})(?:\s+năm\s+|/|-)(\d{4})"
# The day a text, or what it sets, takes effect or applies from ('Quyết định này có hiệu lực kể từ ngày 01 tháng 12 năm
# 2025', '… có hiệu lực thi hành kể từ ngày ký', 'Bảng giá … áp dụng cho địa phương từ ngày 01/01/2026', 'bảo đảm từ
# ngày 01/01/2026 Luật … được thực hiện thống nhất'): one day, not the start of a range ('từ ngày … đến ngày …').
_EFFECTIVE = re.compile(r"(?:(hiệu\s+lực)(?:\s+thi\s+hành)?|(áp\s+dụng)[^.;:]{0,60}?|bảo\s+đảm(?:\s+việc[^.;:,]{0,60}?)?)"
                        rf"\s+(?:kể\s+)?từ\s+ngày\s+(?:(ký|ban\s+hành)\b|{_DAY}(?!\s*(?:đến|tới|[-–])))", re.I)


def _effective_days(d: Draft, paragraphs: list[Paragraph], taken: set[date]) -> list[Found]:
    """The day the units act from, the text's own or a law's ahead of it ('Luật … có hiệu lực thi hành từ ngày 01 tháng 01
    năm 2026'); a day before the text's is a cited text's past ('Thông tư có hiệu lực thi hành từ ngày 01/7/2025'). A
    decision that issues a plan takes effect on signing only to launch it: the plan's own days are what units act on,
    and where the plan names none (no period, no key date) that day is the one its units start from."""
    out: list[Found] = []
    if d.issued_on is None:
        return out
    for p in paragraphs:
        for m in _EFFECTIVE.finditer(p.text):
            if m.group(3) and d.carries is not None and (d.period is not None or taken):
                continue
            day = d.issued_on if m.group(3) else _safe_date(int(m.group(6)), int(m.group(5)), int(m.group(4)))
            if day is None or day < d.issued_on or day in taken:
                continue
            taken.add(day)
            name = "Ngày áp dụng" if m.group(2) and not m.group(1) else "Ngày có hiệu lực"
            out.append(Found((name, day), p.line_at(m.start()), m.group(0)))
    return out


def _ceremonies(d: Draft, paragraphs: list[Paragraph]) -> list[Found]:
    """The day of a ceremony the units prepare for ('chuẩn bị tổ chức lễ khánh thành … vào ngày 19 tháng 12 năm 2025',
    '[2] Dự kiến tổ chức ngày 19 tháng 12 năm 2025'), unless a part of the same line is due that day ('1. Tổ chức Lễ
    phát động … vào ngày 31/5/2024' is that task's deadline)."""
    due = _days_due_at(d)
    taken = {f.value[1] for f in d.key_dates}
    out: list[Found] = []
    for p in paragraphs:
        normal = _normalise_dates(p.text)
        for m in _CEREMONY.finditer(normal):
            day = _safe_date(int(m.group(5)), int(m.group(4)), int(m.group(3)))
            line = p.line_at(m.start()) if len(p.text) == len(normal) else p.line
            if day is None or day in taken or any((k, day) in due for k in range(p.line, line + 1)):
                continue
            taken.add(day)
            name = " ".join((m.group(1) or m.group(2)).split())
            out.append(Found((name[:1].upper() + name[1:], day), line, m.group(0)))
    return out


def _days_due_at(d: Draft) -> set[tuple[int, date]]:
    """(line, day) of every part's due day, at the part's line and at its task's."""
    due = {(p.line, p.deadline.due) for t in d.tasks for p in t.parts if p.deadline is not None and p.deadline.due}
    due |= {(t.line, p.deadline.due) for t in d.tasks for p in t.parts if p.deadline is not None and p.deadline.due}
    return due


def _sessions(d: Draft, paragraphs: list[Paragraph]) -> list[Found]:
    """The day of each session of a meeting or course the units attend, given with the hour or half-day it starts ('Hội
    nghị 1: … Thời gian: 01 buổi sáng, ngày 26/11/2025, bắt đầu từ 08h00', 'Lớp tập huấn khai giảng vào lúc 14 giờ ngày
    …'), named after the meeting the paragraph names; a day before the text's is a past meeting, and a part of the same
    line due that day keeps it."""
    due = _days_due_at(d)
    taken = {f.value[1] for f in d.key_dates}
    out: list[Found] = []
    name: tuple[str, int] | None = None
    for p in paragraphs:
        normal = _normalise_dates(p.text)
        # ('- Hội nghị 1: Gồm các tỉnh …' / '… phố: A, B.' / 'Thời gian: 01 buổi sáng, ngày …': the meeting is named a few
        # lines above its time.)
        found = _SESSION_NAME.search(normal)
        if found is not None:
            name = (found.group(0), p.line)
        if name is None or p.line - name[1] > 4:
            continue
        for m in _SESSION_DAY.finditer(normal):
            k = 1 if m.group(1) else 4
            day = _safe_date(int(m.group(k + 2)), int(m.group(k + 1)), int(m.group(k)))
            line = p.line_at(m.start(k)) if len(p.text) == len(normal) else p.line
            if day is None or day in taken or (d.issued_on is not None and day < d.issued_on) \
                    or any((j, day) in due for j in range(p.line, line + 1)):
                continue
            taken.add(day)
            label = " ".join(name[0].split())
            out.append(Found((label[:1].upper() + label[1:], day), line, m.group(0)))
    return out


_SESSION_NAME = re.compile(r"(?<!\w)(?:hội\s+nghị|hội\s+thảo|tọa\s+đàm|lớp\s+(?:tập\s+huấn|bồi\s+dưỡng|học)|tập\s+huấn|"
                           r"cuộc\s+họp|phiên\s+họp|buổi\s+làm\s+việc|giao\s+ban|diễn\s+tập|hội\s+thi)(?:\s+\d{1,2}(?!\d|/))?",
                           re.I)
_SESSION_HOUR = r"(?:từ|vào\s+lúc|lúc|vào)\s+\d{1,2}\s*(?:h|giờ)\s*(?:\d{2})?\s*(?:phút)?[’']?"
_SESSION_DAY = re.compile(rf"(?:buổi\s+(?:sáng|chiều|tối)|{_SESSION_HOUR})\s*,?\s*(?:(?:thứ\s+\w+|chủ\s+nhật)\s*,?\s*)?"
                          r"ngày\s+(\d{1,2})/(\d{1,2})/(\d{4})"
                          rf"|ngày\s+(\d{{1,2}})/(\d{{1,2}})/(\d{{4}})\s*,?\s*(?:bắt\s+đầu\s+)?(?:{_SESSION_HOUR})", re.I)
_CEREMONY = re.compile(r"(?<!\w)(?:(lễ\s+[^.;:()]{2,100}?)|(dự\s+kiến\s+tổ\s+chức))\s+(?:vào\s+)?ngày\s+(\d{1,2})"
                       r"(?:\s+tháng\s+|/)(\d{1,2})(?:\s+năm\s+|/)(\d{4})", re.I)
_DEADLINE_WORD = re.compile(r"(?:trước|chậm\s+nhất|hạn)\s+$", re.I)
_MOMENT = re.compile(r"thời\s+điểm\s+(?:\d{1,2}\s*(?:giờ|h)\s*(?:\d{2})?\s*(?:phút)?\s*)?(?:ngày\s+)?(\d{1,2})/(\d{1,2})/(\d{4})",
                     re.I)


# --------------------------------------------------------------------------- sections, items and what is left out


class _Book:
    """What the draft used of the text and what it left out: every dated phrase and numbered item ends here."""

    def __init__(self) -> None:
        self.used: dict[int, list[str]] = {}
        self.not_tasks: list[Unused] = []
        self.where: dict[int, str] = {}  # paragraph line -> why its dates go unused, when known

    def use(self, line: int, phrase: str) -> None:
        self.used.setdefault(line, []).append(_date_key(phrase))

    def leave(self, line: int, text: str, reason: str, dates_reason: str = "") -> None:
        self.not_tasks.append(Unused(line, _clip(text), reason))
        if dates_reason:
            self.where.setdefault(line, dates_reason)

    def is_used(self, line: int, mention: str) -> bool:
        key = _date_key(mention)
        return any(key in phrase for phrase in self.used.get(line, ()))


def _clip(text: str, width: int = 160) -> str:
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


@dataclass
class _Item:
    kind: Literal["num", "paren", "letter", "dash", "plus", "row", "para"]
    number: str
    text: str
    line: int
    section: str
    role: str = "content"
    children: list[_Item] = field(default_factory=list)
    deadline_cell: str | None = None
    lead: tuple[str, ...] = ()
    support: tuple[str, ...] = ()
    plain: bool = False
    """A row of a table that lists no tasks (criteria, figures): never a task."""
    actor: tuple[str, ...] = ()
    """The bodies the article it is under names in its heading ('Điều 5. Trách nhiệm của Sở Xây dựng')."""
    articled: bool = False
    """Under an article's heading, whether or not it names bodies: the section's last article's bodies are not its."""
    scope: bool = False
    """Under an article on the text's scope or terms ('Điều 2. Đối tượng áp dụng'): who it binds, not a task."""
    named: bool = False
    """A task named by a field ('1. Tên nhiệm vụ: …'), its other fields numbered after it ('2. Cơ quan chủ trì: …')."""


@dataclass
class _Section:
    key: str
    heading: str
    role: str
    line: int
    items: list[_Item] = field(default_factory=list)
    prose: list[Paragraph] = field(default_factory=list)
    columns: dict[str, int] = field(default_factory=dict)
    actor: tuple[str, ...] = ()
    plain: bool = False
    article: int = 0
    """What the last article heading said: 1 it named the bodies of `actor`, 0 it named none, -1 its number stood alone
    (the heading on the next line)."""
    article_line: int = 0
    articles: bool = False
    """Whether an article's heading ('Điều 3. …') has been read in it."""
    scope: bool = False
    """Whether the last article's heading is about the text's scope or terms ('Phạm vi điều chỉnh', 'Đối tượng áp dụng')."""


_ITEM_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("num", re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})[.)]\s+(.*)$")),
    ("num", re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,3})\s+([A-ZĐ\u00c0-\u1ef8].*)$")),  # '1.3 Xây dựng …' (no final dot)
    ("paren", re.compile(r"^\((\d{1,2})\)\.?\s+(.*)$")),
    ("paren", re.compile(r"^\(((?:i{1,3}|iv|vi{0,3}|ix|x))\)\.?\s+(.*)$")),  # '(i) Chủ đầu tư …', '(ii) …'
    ("letter", re.compile(r"^([a-zđ])[).]\s+(.*)$")),
    ("plus", re.compile(r"^()[+]\s*(.*)$")),
    ("dash", re.compile(r"^()[-–•]\s*(.*)$")),
    ("row", re.compile(r"^\|\s*([\dIVXivx]{1,4}(?:\.\d{1,2}){0,2})\.?\s*\|(.*)\|$")),
    # '| 1.1. Có đủ các chức danh … | 4 | … |': the row's number at the start of its first cell.
    ("row", re.compile(r"^\|\s*(\d{1,2}(?:\.\d{1,2}){1,2})\.?\s*(?=[^\d\s.])([^|]*\|.*)\|$")),
)


def _item(text: str) -> tuple[str, str, str] | None:
    for kind, pattern in _ITEM_PATTERNS:
        m = pattern.match(text)
        if m:
            return kind, m.group(1), m.group(2).strip()
    return None


def _role(heading: str) -> str:
    """What a section is for, by how its heading starts: purpose, basis, timing, scope, funding, organisation, content."""
    key = fold(heading)
    roles = words()["section_roles"]
    # 'V. THỜI GIAN VÀ TRÁCH NHIỆM THỰC HIỆN', 'KINH PHÍ VÀ TỔ CHỨC THỰC HIỆN': the units' tasks are in it.
    if any(key.split(" va ", 1)[-1].startswith(fold(w)) for w in roles["organisation"]) and " va " in key:
        return "organisation"
    # 'III. CHỦ ĐỀ, NỘI DUNG CÁC HOẠT ĐỘNG', 'CHỦ ĐỀ VÀ NỘI DUNG': the theme comes first, the activities are in it (not
    # 'ĐỐI TƯỢNG, NỘI DUNG THI ĐUA': who competes and on what, a campaign's terms).
    if re.match(r"chu de\b.*?(?:,| va )\s*(?:noi dung|nhiem vu|(?:cac )?hoat dong)\b", key):
        return "content"
    for role, starts in roles.items():
        if any(key.startswith(fold(w)) for w in starts):
            return str(role)
    return "content"


_ROLE_WORDS = {"purpose": "purpose and requirements", "basis": "grounds", "timing": "timing", "scope": "scope and theme",
               "funding": "funding", "closing": "closing"}


def _skipped(heading: str) -> bool:
    key = fold(heading)
    return any(key.startswith(fold(w)) for w in words()["skip_sections"])


def _outline(d: Draft, paragraphs: list[Paragraph], attachments: Sequence[int] = ()) -> list[_Section]:
    """Sections (roman headings, annexes and attachments, or one unnamed) with their items, the items under them and
    their prose."""
    sections = [_Section("", "", "content", 0)]
    for p in paragraphs:
        section = _section_of(p.text)
        if section is None and p.line in attachments:
            section = (f"PL{sum(1 for s in sections if s.key.startswith('PL')) + 1}", p.text)
        if section is None:
            _close_scheme(sections, p)
        if section:
            role = "annex" if section[0].startswith("PL") else _role(section[1])
            sections.append(_Section(section[0], section[1], role, p.line))
            continue
        current = sections[-1]
        if p.text.startswith("|") and _item(p.text) is None:
            cells = _row_cells(d, p)
            # (A row whose first cells are merged with a row above is no heading, though its cells hold a heading's
            # words: '- Hệ thống … được vận hành' | 'Thực hiện thường xuyên'.)
            columns = {} if current.columns and cells and not cells[0].strip() else _table_columns(cells)
            if columns:
                current.columns, current.plain = columns, False
            elif _table_heading(d, p) and len(cells) >= 3:
                current.columns, current.plain = {}, True  # a table of criteria or figures, not of tasks
            elif current.columns and current.items and current.items[-1].kind == "row" and not current.plain:
                # A row without its number, its first cells merged with the row above: more of that row's task.
                row = current.items[-1]
                if not row.children:  # the row's own cells are its first part
                    row.children.append(_Item("row", "", row.text, row.line, row.section, row.role,
                                              deadline_cell=row.deadline_cell))
                child = _Item("row", "", "", p.line, current.key, current.role)
                _row_item(d, current, child, p)
                child.text = child.text or row.text
                row.children.append(child)
            else:
                current.prose.append(p)
            continue
        parsed = _item(p.text)
        if parsed is None:
            _prose(current, p)
            continue
        kind, number, text = parsed
        item = _Item(kind, number, text, p.line, current.key, current.role)  # type: ignore[arg-type]
        item.actor = current.actor if current.article == 1 else ()
        item.articled, item.scope = current.articles, current.scope
        if kind == "row":
            item.plain = current.plain
            _row_item(d, current, item, p)
        _place(current, item)
    return sections


def _close_scheme(sections: list[_Section], p: Paragraph) -> None:
    """The article after a scheme its first article approves ('Điều 1. Phê duyệt Đề án … với những nội dung sau:' /
    'I. …' … 'IV. KINH PHÍ …' / 'Điều 2. Tổ chức thực hiện') ends the scheme's last section: an article's heading
    after roman sections that an article before them opened starts a section of its own, its role by its heading."""
    last = sections[-1]
    if len(sections) > 1 and sections[0].articles and last.key and _ROMAN.fullmatch(last.key) \
            and _ARTICLE.match(p.text):
        heading = re.sub(r"^Điều\s+\d+[.:]?\s*", "", p.text)
        sections.append(_Section("", heading, _role(heading), p.line))


def _row_line(d: Draft, line: int) -> bool:
    """Whether a line starts a table's row (a '| … |' line, or a row printed a cell per line)."""
    return d.lines[line - 1].startswith("|") or any(t.starts and t.row_at(line) is not None for t in d.tables)


def _table_heading(d: Draft, p: Paragraph) -> bool:
    """Whether a row is the first of a table the reader found."""
    return any(t.row_at(p.line) == 0 for t in d.tables)


def _place(section: _Section, item: _Item) -> None:
    """An item goes under the item it belongs to: '1.1.' under '1.', 'a)' and '-' under a number, '+' under '-'."""
    items = section.items
    top = items[-1] if items else None
    kind = item.kind
    named = _named_task(top, item)
    if named is not None:
        named.children.append(item)
        return
    if top is None or kind in ("row", "para") or top.kind == "para":
        items.append(item)
    elif kind == "num" and "." in item.number and top.kind == "num" and item.number.split(".")[0] == top.number:
        top.children.append(item)
    elif (kind == "num" and top.kind != "num" and top.kind in ("letter", "dash", "plus", "paren")) or kind == "num":
        items.append(item)
    elif kind == top.kind:
        items.append(item)  # siblings: '(1)' after '(1)', '-' after '-' at the top
    else:
        # Under the deepest open item of a higher level (Decree 30's order: 1., 1.1., a), (1), -, +); a field
        # ('- Thời gian hoàn thành: …') belongs to the numbered or lettered item, not to a '(3)' or '-' above it.
        rank = 3.5 if kind == "dash" and _field_of(item.text) else _RANKS[kind]
        chain = [top]
        while chain[-1].children:
            chain.append(chain[-1].children[-1])
        parent = next((i for i in reversed(chain) if _rank(i) < rank), None)
        (parent.children if parent is not None else items).append(item)


# A task given as numbered fields, its name the first: '1. Tên nhiệm vụ: Xây dựng Đề án …', '2. Cơ quan chủ trì: …'.
_TASK_NAME = re.compile(r"^Tên\s+(?:nhiệm\s+vụ|đề\s+án|dự\s+án|nhiệm\s+vụ,\s+đề\s+án)\s*:\s*(\S.*)$", re.I)


def _named_task(top: _Item | None, item: _Item) -> _Item | None:
    """The item a field numbered as its sibling belongs to ('2. Cơ quan chủ trì: Bộ Tư pháp.', '5. Thời gian hoàn
    thành: Quý IV/2026.' after '1. Tên nhiệm vụ: Xây dựng Đề án …'): the task its name's item states, named without its
    label; None for any other item."""
    if top is None or item.kind not in ("num", "letter") or _field_of(item.text) is None:
        return None
    chain = [top]
    while chain[-1].children:
        chain.append(chain[-1].children[-1])
    named = next((i for i in reversed(chain) if i.kind == item.kind and (i.named or _TASK_NAME.match(i.text))), None)
    if named is not None and not named.named:
        named.text, named.named = _TASK_NAME.sub(r"\1", named.text), True
    return named


_RANKS = {"num": 0.0, "letter": 3.0, "paren": 4.0, "dash": 5.0, "plus": 6.0, "row": 0.0, "para": 0.0}


def _rank(item: _Item) -> float:
    """How high an item stands: '1.' 0, '1.1.' 1, '1.1.1.' 2, 'a)' 3, '(1)' 4, '-' 5, '+' 6."""
    return float(item.number.count(".")) if item.kind == "num" else _RANKS[item.kind]


def _prose(section: _Section, p: Paragraph) -> None:
    """A paragraph that is not an item: the end of a wrapped item, a task written as prose, or a section's text."""
    _article_actor(section, p)
    items = section.items
    last = items[-1] if items else None
    if section.article == 1 and p.line > section.article_line \
            and (last is None or last.line < section.article_line or last.kind == "para"):
        # 'Điều 6. Nội dung Công an tỉnh có trách nhiệm chủ trì' then a paragraph of what it does: that body's task.
        items.append(_Item("para", "", p.text, p.line, section.key, section.role, actor=section.actor))
        return
    if last is not None and last.kind != "para":
        target = last
        while target.children:
            target = target.children[-1]  # the deepest point the text has reached
        # '(2) …' on a new line, a lower-case start, or text after a colon continues the item above it; so do
        # the paragraphs under an item that only names a body ('3. Sở Công Thương', '2.6. Sở Y tế', then what it
        # does; a group nested in a task, '2.12. Các Sở, ban, ngành khác', would take the text for its members).
        heading = not target.children and _names_only(target.text) \
            and (target is last or not target.text.lower().startswith("các"))
        if p.text[:1].islower() or re.match(r"^(\(\d{1,2}\)|\(?[a-zđ]\)|[…(])", p.text) \
                or target.text.endswith((":", ",")) or heading \
                or _field_of(p.text) == "deadline" \
                or re.match(r"^(?:Định\s+kỳ|Hằng|Hàng|Chậm\s+nhất|Hạn\s+chót)\s", p.text):
            # 'Thời gian thực hiện: …' on its own line under a point; 'Định kỳ báo cáo … hằng năm (trước ngày 15/11)'
            # after an item: its report, not a text of its own.
            target.text = f"{target.text.rstrip(' .:')}: {p.text}" if heading else f"{target.text} {p.text}"
            return
    if p.text.rstrip().endswith(":"):
        # 'Sở … đề nghị UBND các xã, phường thực hiện các nội dung sau:' gives those units the items below.
        for sentence, _ in _sentences(p.text):
            m = _TRIGGER.search(sentence)
            actors = _actors_at_start(sentence[m.end():]) if m else []
            if actors and sentence.rstrip().endswith(":"):
                section.actor = tuple(actors)
    # A headed section in prose ('III. TỔ CHỨC THỰC HIỆN' then a paragraph per body): each paragraph a task.
    if section.key and section.role in ("organisation", "content", "annex") and all(i.kind == "para" for i in items) \
            and (_actors_at_start(p.text) or section.role == "organisation"):
        items.append(_Item("para", "", p.text, p.line, section.key, section.role))
        return
    section.prose.append(p)


# A regulation's article named for the bodies that do what its points say: 'Điều 5. Nội dung Sở Xây dựng có trách nhiệm
# chủ trì', 'Điều 14. Trách nhiệm của Công an tỉnh', 'Điều 12. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh', 'Điều 9. Sở
# Tư pháp'.
_ARTICLE_OF = re.compile(r"^(?:(?:Trách\s+nhiệm|Nhiệm\s+vụ)(?:(?:,|\s+và)\s+quyền\s+hạn)?\s+của\s+|Đề\s+nghị\s+|"
                         r"Nội\s+dung\s+(?=.+\s+có\s+trách\s+nhiệm\s+(?:chủ\s+trì|thực\s+hiện|phối\s+hợp)\s*$))?"
                         r"(.+?)(?:\s+có\s+trách\s+nhiệm\s+(?:chủ\s+trì|thực\s+hiện|phối\s+hợp))?\s*$", re.I)


# An article on what and whom a rule covers or what its words mean: its points are no tasks.
_SCOPE_ARTICLE = re.compile(r"(?:Phạm\s+vi\s+điều\s+chỉnh|Đối\s+tượng\s+áp\s+dụng|Phạm\s+vi\s+(?:điều\s+chỉnh\s+)?và\s+đối\s+tượng"
                            r"|Giải\s+thích\s+từ\s+ngữ)\b", re.I)


def _article_actor(section: _Section, p: Paragraph) -> None:
    """An article's heading that names bodies gives them the points under it, until the next article; its number
    may stand alone on the line before ('Điều 14.' / 'Trách nhiệm của …')."""
    text = p.text
    m = re.match(r"^Điều\s+\d+\s*[.:]\s*", text) if _ARTICLE.match(text) else None
    if m is None and section.article != -1:
        return
    section.articles = True
    heading = text[m.end():] if m is not None else text
    section.scope = bool(_SCOPE_ARTICLE.match(heading.strip()))
    if m is not None and not heading.strip():
        section.article = -1
        return
    named = _ARTICLE_OF.match(heading.strip().rstrip(" .:"))
    bodies = _heading_bodies(named.group(1)) if named else ()
    if not bodies and re.match(r"^(?:Trách\s+nhiệm|Nhiệm\s+vụ)\b", heading.strip()):
        # ('Trách nhiệm của Văn phòng đăng ký đất đai': a name holding a verb's words is read as a duty's owner.)
        bodies = tuple(_actors_at_start(heading.strip().rstrip(" .:")))
    if bodies or section.article:
        section.actor, section.article, section.article_line = bodies, 1 if bodies else 0, p.line


def _names_only(text: str) -> bool:
    """Whether an item's text is only the bodies it is given to ('Sở Công Thương', 'Đề nghị: Hội Nông dân tỉnh,
    Liên minh Hợp tác xã tỉnh'), its tasks in the paragraphs below."""
    t = re.sub(r"^(?:Giao|Đề nghị|Yêu cầu|Chỉ đạo|Phân công)\s*:?\s+", "", text.strip(), flags=re.I).rstrip(" .:")
    t = _title_pattern().sub("", t)
    return bool(t) and _starts_with_body(t) and _actor_end(t) >= len(t)


def _row_cells(d: Draft, p: Paragraph) -> list[str]:
    """A table row's cells: from the reader's table when there is one (cells keep their line feeds)."""
    for table in d.tables:
        k = table.row_at(p.line)
        if k is not None:
            return list(table.rows[k])
    return [c.strip() for c in p.text.strip().strip("|").split("|")]


def _table_columns(cells: list[str]) -> dict[str, int]:
    """Which column holds what, read from a heading row in any order and wording: number, task, lead, support,
    deadline (and products or notes, which are no deadline). Empty when the row is no heading."""
    found: dict[str, int] = {}
    vocabulary = words()["table_columns"]
    # ('Ngành, lĩnh vực/Địa phương' | … | 'Cơ quan chủ trì': the cell that says who leads is the lead's, not the first
    # that names a body's kind.)
    # ('Đơn vị' | 'Nhiệm vụ chủ trì': a task's heading that says whose it is is the task's.)
    tasks = [fold(w) for w in vocabulary["task"]]
    chair = next((k for k, cell in enumerate(cells) if "chu tri" in fold(cell) and "phoi hop" not in fold(cell)
                  and not any(w in fold(cell) for w in tasks)), None)
    for k, cell in enumerate(cells):
        key = fold(cell)
        if not key or len(key) > 80:
            continue
        for role in ("support", "lead", "deadline", "number", "product", "note", "task"):
            if role == "lead" and chair is not None and k != chair:
                continue
            if role not in found and any(re.search(rf"(?<!\w){re.escape(fold(w))}(?!\w)", key) for w in vocabulary[role]):
                found[role] = k
                break
    if "task" not in found and "deadline" not in found and found.get("number") == 0 and chair is not None \
            and found.get("lead") == chair > 1:
        # A table of indicators or targets ('TT | Chỉ tiêu | Mục tiêu | Cơ quan chủ trì | Cơ quan phối hợp'): what the
        # row is about stands after its number, and the row is a task without a deadline.
        found["task"] = 1
    return found if len(found) >= 2 and ("task" in found or "deadline" in found) else {}


def _row_item(d: Draft, section: _Section, item: _Item, p: Paragraph) -> None:
    cells = _row_cells(d, p)
    columns = section.columns or {"number": 0, "task": 1}
    if not section.columns:
        # No heading read: the old layout '| STT | task | … | deadline |' with the deadline column found by its words.
        item.text = cells[1] if len(cells) > 1 else item.text
        return

    def cell(role: str) -> str:
        k = columns.get(role)
        return cells[k].strip() if k is not None and k < len(cells) else ""

    others = {c.strip() for k, c in enumerate(cells) if k != columns.get("number") and c.strip()}
    if len(others) == 1 and len(cells) > 2:
        item.kind, item.text = "para", next(iter(others))  # a merged row: the heading of a group of rows
        item.number = ""
        return
    item.text = " ".join(cell("task").split()) or item.text
    item.deadline_cell = " ".join(cell("deadline").split()) or None
    item.lead = tuple(_cell_name(a) for a in _split_actor(cell("lead")) if _cell_body(a)) \
        or _province_row(item.text, "lead" in columns)
    item.support = tuple(_cell_name(a) for a in _split_actor(cell("support")) if _cell_body(a))


def _province_row(text: str, lead_column: bool) -> tuple[str, ...]:
    """A row with an empty lead cell in a table with a lead column, whose subject is a province ('Đắk Lắk(*)', 'Thành
    phố Đà Nẵng': a table of each province's target), is that province's: the province is its lead."""
    name = re.sub(r"\s*\(\*+\)$", "", text.strip())
    bare = re.sub(r"^(?:Tỉnh|Thành phố)\s+", "", name)
    return (name,) if lead_column and bare[:1].isupper() and fold(bare) in _province_names() else ()


@lru_cache(maxsize=1)
def _province_names() -> frozenset[str]:
    """The registry's provinces, bare and folded ('dak lak', 'ha noi')."""
    from vietnam_provinces import Province

    return frozenset(fold(re.sub(r"^(?:Tỉnh|Thành phố)\s+", "", p.name)) for p in Province.iter_all())


def _cell_name(name: str) -> str:
    """A lead or support cell's body without what the cell says it does ('Bộ Tư pháp chủ trì hướng dẫn, tổng hợp',
    'Các bộ, cơ quan rà soát trong lĩnh vực được giao'): the body is its name."""
    end = _actor_end(name)
    return name[:end].strip(" ,;") if 0 < end < len(name) and _CELL_DOES.match(name[end:]) else name


# What a lead or support cell says its body does after the name (not 'quản lý', 'dữ liệu' …, which end many names).
_CELL_DOES = re.compile(r"\s*(?:chủ trì|phối hợp|rà soát|hướng dẫn|tổng hợp|đôn đốc|tham mưu|đầu mối|lập|triển khai|"
                        r"theo dõi|thực hiện)\b")


def _cell_body(name: str) -> bool:
    """Whether a lead or support cell's piece names a body: not a task's words (a row read against the wrong heading:
    'Ban hành quy chế phối hợp …', 'Triển khai thực hiện …': a verb first), a line in capitals (a heading), or a long
    phrase."""
    if _starts_with_body(_untitled(name)):
        return True
    verb = _verb_pattern().match(f" {name[:1].lower()}{name[1:]} ")
    return not (name.isupper() or len(name.split()) > 12 or (verb is not None and verb.group(0).strip()))


def _roman(numeral: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for a, b in zip(numeral, numeral[1:] + " ", strict=True):
        total += -values[a] if values.get(b, 0) > values[a] else values[a]
    return total


_TO_ANNEX = re.compile(r"(?:tại|theo|có|trong)\s+Phụ\s+lục\b|Phụ\s+lục[^.;]{0,40}(?:kèm\s+theo|đính\s+kèm)", re.I)
_ATTACHMENT = re.compile(r"^(?:Có|Kèm theo|Chi tiết (?:tại|theo)|Danh mục|Theo)\b[^.;]{0,80}?(?:Phụ lục|đính kèm|kèm theo)", re.I)


def _tasks(d: Draft, sections: list[_Section], book: _Book) -> list[DraftTask]:
    tasks: list[DraftTask] = []
    for section in sections:
        if section.key and not section.key.startswith("PL"):
            # A numbered heading ('II. NỘI DUNG') is an item of the text too: its items are read below it.
            what = _ROLE_WORDS.get(section.role, "")
            book.leave(section.line, f"{section.key}. {section.heading}", f"a section's heading{f' ({what})' if what else ''}; "
                                                      "its items are read below it")
        if section.role in _ROLE_WORDS:
            _role_section(d, section, tasks, book)
            continue
        for p in section.prose:
            if re.fullmatch(r"(?:\d{1,3}|[IVXL]{1,6})(?:\.\d{1,3}){0,2}\.?", p.text.strip()):
                # A row number alone on its line: a table of figures printed a cell per line that was not read as one.
                book.leave(p.line, p.text, "the number of a table's row, its cells read as lines: check that the row is "
                                           "no task")
        kinds = {i.kind for i in section.items}
        level = (("num", "row") if kinds & {"num", "row"} else ("paren",) if "paren" in kinds
                 else ("letter",) if "letter" in kinds else ("dash", "plus") if kinds & {"dash", "plus"} else ("para",))
        count = 0
        for item in section.items:
            reason = _not_a_task(d, item, level) or _describes(item, section, sections)
            if reason:
                book.leave(item.line, item.text, reason)
                for child in _walk(item.children):
                    book.leave(child.line, child.text, f"under an item that is not a task ({reason})")
                continue
            dotted = [c for c in item.children if c.kind == "num" and "." in c.number]
            if dotted and any(c.children for c in dotted):
                # '1. Nhiệm vụ của các thành viên' / '1.1. Sở Tài chính' / '- …': the numbered items with their
                # points are the tasks, the item above them their heading.
                book.leave(item.line, item.text, "the heading of the numbered tasks below it")
                for child in item.children:
                    if child not in dotted:
                        book.leave(child.line, child.text, "text under a heading of tasks, outside its numbered tasks")
                for child in dotted:
                    count += 1
                    tasks.append(_task(d, _task_id(section, child, count, tasks, dotted=True), child, section, book))
                continue
            count += 1
            tasks.append(_task(d, _task_id(section, item, count, tasks), item, section, book))
    return tasks


def _describes(item: _Item, section: _Section, sections: list[_Section]) -> str:
    """'1. Dự báo tình hình úng ngập trong mùa mưa năm 2026: …' in a plan's content, whose organisation section below
    gives the units their tasks: what may happen, not what is to be done."""
    if not item.children and not item.text.rstrip().endswith(":"):
        return ""
    if not any(fold(item.text).startswith(fold(w)) for w in words()["describing_items"]):
        return ""
    later = any(s.role == "organisation" and s.line > section.line for s in sections)
    return "a forecast or the situation: it describes, the section that assigns the tasks gives them" if later else ""


def _role_section(d: Draft, section: _Section, tasks: list[DraftTask], book: _Book) -> None:
    """A section of purpose, grounds, timing, scope or funding gives no tasks, but for its dated items: a dated event in
    a timing section ('Thời gian dự kiến: …') and a dated round under a timing item are tasks; the rest is listed."""
    why = f'in the section "{section.heading}" ({_ROLE_WORDS[section.role]}), which gives no tasks'
    rounds = _dated_rounds(d, section)
    for item in _walk(section.items):
        if item in rounds or (section.role == "timing" and item.kind in ("num", "paren", "letter")
                              and _deadlines(d, item.text)):
            continue
        book.leave(item.line, item.text, why, why)
    timing = [i for i in section.items if section.role == "timing" and _deadlines(d, i.text)]
    for item in [*timing, *rounds]:
        tasks.append(_task(d, _task_id(section, item, 0, tasks), item, section, book))


def _dated_rounds(d: Draft, section: _Section) -> list[_Item]:
    """Under a timing item of a section that gives no tasks ('II. ĐỐI TƯỢNG VÀ THỜI GIAN' / '2. Thời gian thi đua'), the
    points that date a round or a step ('- Đợt 01: … (từ ngày 20/11/2025 đến ngày 03/12/2025)', 'b) Thời gian chấm điểm
    … trước ngày 31/12/2025'): each is a task due its last day, as a timing section's dated items are. The plan's own
    period stays the period."""
    if section.role == "timing":
        return []
    out: list[_Item] = []
    for item in section.items:
        if not _timing_item(item.text):
            continue
        for point in _walk(item.children):
            period = d.period is not None and d.period.quote in point.text
            if not point.children and not period and any(dl.due for dl in _deadlines(d, point.text)):
                out.append(point)
    return out


def _walk(items: list[_Item]) -> Iterator[_Item]:
    for item in items:
        yield item
        yield from _walk(item.children)


def _not_a_task(d: Draft, item: _Item, level: tuple[str, ...]) -> str:
    if item.scope:
        return "in an article on the text's scope or terms (who and what it covers): not a task"
    if item.plain:
        return "a row of a table whose columns name no task, lead unit or deadline (criteria, figures)"
    if item.kind == "para" and item.line and _row_line(d, item.line):
        return "the heading of a group of the table's rows"
    if item.kind not in level and not (item.kind == "para" and item.actor):  # (an article's paragraph for its bodies)
        return f"a '{item.kind}' item beside the section's numbered items; add it to a task by hand if it is one"
    found = _deadlines(d, item.text) if _skipped(item.text) else []
    period = d.period is not None and d.period.line <= item.line and d.period.quote in item.text
    dated = [dl for dl in found if dl.due and not period and re.search(r"\d/\d|tháng", _normalise_dates(dl.phrase), re.I)]
    if _skipped(item.text) and not any(dl.every for dl in found) and not dated \
            and not (_based_on(item.text) and _actors_at_start(item.text)):
        # ('Thời gian kiểm tra … vào tháng 11 đến ngày 15 tháng 12 hàng năm' is a yearly task, not the plan's timing;
        # 'Căn cứ Kế hoạch này, các sở … xây dựng kế hoạch (hoàn thành trong tháng 11/2025)' and 'Thời gian trình khen
        # thưởng: hồ sơ gửi về Sở Nội vụ trước ngày 31/3/2026' give the units a day or a month; 'Thời gian thực hiện:
        # năm 2026' is the plan's time. 'Căn cứ Kế hoạch này, Sở Y tế …' gives a body a task; 'Căn cứ chức năng, nhiệm
        # vụ, các đơn vị chủ động …' only the addressees again.)
        return "states the campaign period" if period else "states the timing, purpose or scope, not a task"
    if (_ATTACHMENT.match(item.text) or _TO_ANNEX.search(item.text)) and len(item.text) < 200 \
            and not _deadlines(d, item.text) and not item.children:
        return "points to an annex or attachment; its tasks are read from the annex"
    return ""


def _task_id(section: _Section, item: _Item, count: int, tasks: list[DraftTask], dotted: bool = False) -> str:
    number = item.number or str(count or len(tasks) + 1)
    if section.key.startswith("PL"):
        tid = f"{section.key}.{number}"
    elif _ROMAN.fullmatch(section.key) and section.key and ("." not in number or dotted):
        tid = f"{_roman(section.key)}.{number}"
    else:
        tid = number
    base, n = tid, 2
    while any(t.id == tid for t in tasks):  # numbering that repeats itself must not repeat an id
        tid, n = f"{base}-{n}", n + 1
    return tid


def letters(k: int) -> str:
    """Part letters: a … z, then aa, ab, … (never a repeated id)."""
    out = ""
    k += 1
    while k > 0:
        k, r = divmod(k - 1, 26)
        out = "abcdefghijklmnopqrstuvwxyz"[r] + out
    return out


def _named_heading(item: _Item, section: _Section) -> tuple[str, ...]:
    """In an organisation section, an item that is only a short name ('3. Cán bộ phụ trách lĩnh vực giám sát') names
    who carries out the points under it, though no body's head word starts it."""
    text = item.text.split(":")[0].strip(" .")
    if section.role != "organisation" or not item.children or not text[:1].isupper() or len(text.split()) > 14 \
            or re.search(r"\d", text) or text != item.text.strip(" .:"):
        return ()
    # Only a person or a body ('Phó Chủ tịch …', 'Cán bộ phụ trách …', 'Các thành viên …'), not 'Chế độ báo cáo'.
    people = [*words()["person_titles"], *words()["people"], *_heads(), "Các"]
    key = fold(text)
    return (text,) if any(key == fold(w) or key.startswith(fold(w) + " ") for w in people) else ()


_BOARD_ROLE = re.compile(r"\s[-–]\s+(?:(?:Phó\s+)?(?:Trưởng|Tổ\s+trưởng)\s+(?:tiểu\s+ban|ban|tổ|đoàn)|Thành\s+viên|Ủy\s+viên|Thư\s+ký)\b",
                         re.I)


def _comrade(text: str) -> tuple[str, ...]:
    """'Đồng chí Phó Trưởng phòng Văn hóa - Xã hội - Phó Trưởng tiểu ban: Trực tiếp chỉ đạo …': a member named by
    their office, given the points after the colon (their role on the board dropped)."""
    m = re.match(r"^(?:Đồng\s+chí|đồng\s+chí|Đ/c|đ/c)\s+([^:;.]{3,120}?)\s*:", text.strip())
    if m is None:
        return ()
    office = _BOARD_ROLE.split(m.group(1), maxsplit=1)[0]
    return (office.strip(),) if office.strip() else ()


def _field_of(text: str) -> str | None:
    """Which of a task's fields a line states ('- Cơ quan chủ trì: Sở Y tế', '- Thời gian thực hiện: …'): lead,
    support, deadline or content; None for a line of its own."""
    if ":" not in text:
        return None
    head = fold(text).split(":")[0].strip(" -+•")
    for role, names in words()["field_labels"].items():
        if head in {fold(n) for n in names}:
            return str(role)
    # 'Thời hạn ban hành: …', 'Thời gian trình: …': a time field of any action, named by a word or three.
    if re.fullmatch(r"(?:thoi han|thoi gian|tien do)(?: [^\s,;]+){1,3}", head):
        return "deadline"
    return None


def _field_bodies(value: str) -> list[str]:
    """The bodies a field names ('Bộ Công an, Bộ Tư pháp và các cơ quan báo chí'; 'Bộ Công an tiến hành rà soát …;
    các bộ … rà soát …'): each clause up to its verb. A field names its unit explicitly, so a person named by
    their office ('Đồng chí Phó Chủ tịch Thường trực, phụ trách …') is taken too, up to the comma."""
    out: list[str] = []
    for clause in re.split(r";\s*", value):
        t = _title_pattern().sub("", clause.strip())
        if not _starts_with_body(t):
            person = re.sub(r"^(?:đồng\s+chí|đ/c|ông|bà)\s+", "", clause.strip(), flags=re.I).split(",")[0].strip(" .")
            if person[:1].isupper() and 0 < len(person.split()) <= 8 and not _verb_pattern().search(f" {person} "):
                out.append(person)
            continue
        m = _verb_pattern().search(t, 1)
        out += [a for a in _split_actor(t[:m.start()] if m else t) if not _generic(a)]
    return list(dict.fromkeys(out))


@dataclass
class _Fields:
    """What lines under an item state as its fields, and the children that are its points."""

    lead: tuple[str, ...] = ()
    support: tuple[str, ...] = ()
    stated: list[_Item] = field(default_factory=list)
    content: list[_Item] = field(default_factory=list)
    points: list[_Item] = field(default_factory=list)

    def any(self) -> bool:
        return bool(self.lead or self.support or self.stated or self.content)


def _take_fields(children: list[_Item], book: _Book) -> _Fields:
    """'- Cơ quan chủ trì: …' (its bodies, or the bodies its '+' points start with), '- Cơ quan phối hợp: …',
    '- Nội dung: …' and '- Thời gian thực hiện: …' under an item: who does it, with whom, what and when. A deadline
    field with dated points under it heads parts of their own, so it stays a point."""
    f = _Fields()
    for c in children:
        role = _field_of(c.text)
        value = c.text.split(":", 1)[1] if ":" in c.text else ""
        named = [a for g in c.children for a in _actors_at_start(g.text)]
        # ('c) Thời hạn gửi báo cáo: Các cơ quan … gửi báo cáo … trước ngày …': a field whose value says who does what by
        # when is a point of its own, not the time of the points beside it.)
        if role == "deadline" and not c.children and not _starts_with_body(_title_pattern().sub("", value.strip())):
            f.stated.append(c)
        elif role in ("lead", "support"):
            bodies = tuple(dict.fromkeys([*_field_bodies(value), *named]))
            if role == "lead":
                f.lead += bodies
            else:
                f.support += bodies
            # (The field's bodies are read; a date written in it is not: 'Cơ quan thực hiện: Sở Tư pháp … cập nhật định kỳ
            # … trước ngày 15/12/2025' goes to the dates not used, with its line, for a person to place.)
        elif role == "content" and not c.children:
            f.content.append(c)
            book.use(c.line, c.text)
        else:
            f.points.append(c)
    return f


def _task(d: Draft, tid: str, item: _Item, section: _Section, book: _Book) -> DraftTask:
    quote = item.text if item.deadline_cell is None else f"{item.text} — {item.deadline_cell}"
    own = _cell_deadlines(d, item.deadline_cell) if item.deadline_cell is not None else _deadlines(d, item.text)
    fields = _take_fields(item.children, book)
    if fields.stated:
        # '- Hoàn thành: 15/11/2026' under a task is its deadline, not a part of it.
        own = _deadlines(d, " ".join(c.text for c in fields.stated)) + own
        for c in fields.stated:
            book.use(c.line, c.text)
    quote = " ".join([quote, *(c.text for c in [*fields.content, *fields.stated])])
    item.lead = item.lead or fields.lead
    item.support = item.support or fields.support
    item.children = fields.points
    # ('Đồng chí Phó Giám đốc Trung tâm … - Thành viên: …' names a member of the board by their office, not the body.)
    member = _comrade(item.text) if _BOARD_ROLE.search(item.text.split(":", 1)[0]) else ()
    lead = item.lead or member or tuple(_actors_at_start(item.text) or _topic_actors(item.text)) \
        or _named_heading(item, section) or _comrade(item.text) or item.actor or (() if item.articled else section.actor)
    if lead and not item.lead:
        lead = (*lead, *(a for a in _sentence_bodies(item.text) if a not in lead))
    parts = _child_parts(d, tid, item, _flat_children(d, item, book), own, book)
    if not parts:
        parts = _own_parts(tid, item, quote, own, book)
    return DraftTask(tid, _title(item.text), quote, item.line, parts, lead, item.support)


def _cell_deadlines(d: Draft, cell: str) -> list[Deadline]:
    """A deadline cell's deadlines. A remark in brackets after a time ('Năm 2026 (sau khi Chính phủ ban hành Nghị định
    …)', 'Quý II/2026 (theo định hướng biên chế giai đoạn 2026 - 2031)') says what the time hangs on: the time before
    it is the row's deadline, and the remark's years are none (a remark that gives a day is read whole). A row of
    several results, each with its time ('2026; 2027 - 2030'), is due at each."""
    pieces = [piece.strip() for piece in cell.split(";")]
    if len(pieces) > 1:
        each = [_cell_deadlines(d, piece) for piece in pieces]
        if all(each):
            return [dl for found in each for dl in found]
    head, bracket, remark = cell.partition("(")
    if bracket and head.strip() and not _BARE.search(remark) and not re.search(r"\bngày\s+\d", remark, re.I):
        own = _deadlines(d, head.strip(), bare=True)
        if own and not any(dl.todo for dl in own):
            return own
    return _deadlines(d, cell, bare=True)


def _sentence_bodies(text: str) -> list[str]:
    """The bodies later sentences of a task's text start with ('Bộ Tài chính chủ trì rà soát …. Ủy ban nhân dân tỉnh
    Điện Biên khẩn trương hoàn thành …'): each is given its share of the task."""
    out: list[str] = []
    for sentence, start in _sentences(text):
        if start > 0:
            out += [a for a in _actors_at_start(sentence, triggers="Giao|Đề nghị|Yêu cầu") if a not in out]
    return out


def _flat_children(d: Draft, item: _Item, book: _Book) -> list[tuple[_Item, _Fields]]:
    """The task's items that become its parts, each with the fields written under it: the levels a text nests
    a task's points in become one list."""
    flat: list[tuple[_Item, _Fields]] = []
    for child in item.children:
        sub = _take_fields(child.children, book) if child.children else _Fields()
        if sub.any():
            # 'a) Hoạt động 1' with '- Nội dung: …', '- Cơ quan thực hiện: …' under it: a part with its own fields.
            child.text = "; ".join([child.text.rstrip(" .;:"), *(c.text for c in [*sub.content, *sub.stated, *sub.points])])
            flat.append((child, sub))
        elif child.children and not _deadlines(d, child.text):
            # 'a) Tuyên truyền:' with '-' points under it: the points are the parts.
            book.leave(child.line, child.text, "a heading whose points below are the parts")
            # 'a) Sở Xây dựng' with '-' points under it: the body the heading names does those points.
            bodies = _heading_bodies(child.text)
            flat += [(g, _Fields(lead=bodies)) for g in _walk(child.children)]
        else:
            child.text = " ".join([child.text, *(g.text for g in _walk(child.children))])
            flat.append((child, _Fields()))
            for g in _walk(child.children):
                book.leave(g.line, g.text, "a point of the part above it, in that part's text")
    return flat


def _heading_bodies(text: str) -> tuple[str, ...]:
    """The bodies a heading names when it names nothing else ('Sở Xây dựng', 'Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh',
    'Thuế tỉnh Đắk Lắk'); none for a heading that says what is done ('Tuyên truyền:', 'Sở Y tế chủ trì …')."""
    t = _untitled(text.strip().rstrip(" .:;"))
    if not t or len(t) > 160 or _verb_pattern().search(f" {t} ") or _actor_end(t) != len(t):
        return ()
    return tuple(a for a in _split_actor(t) if not _generic(a))


def _child_parts(d: Draft, tid: str, item: _Item, flat: list[tuple[_Item, _Fields]], own: list[Deadline],
                 book: _Book) -> list[DraftPart]:
    """One part per item under the task; a part without a deadline of its own takes the task's."""
    parts: list[DraftPart] = []
    for k, (child, sub) in enumerate(flat):
        used = {p.id[len(tid):].split("-")[0] for p in parts}
        letter, j = (child.number if child.kind == "letter" and child.number not in used else letters(k)), k
        while letter in used:  # 'l)' kept its letter; the '-' points of 'm)' after it count on from the next free one
            j += 1
            letter = letters(j)
        found = _cell_deadlines(d, child.deadline_cell) if child.deadline_cell else _deadlines(d, child.text)
        deadline = found[0] if found else (own[0] if own else None)
        for dl in found[:1] or own[:1]:
            book.use(child.line if found else item.line, dl.phrase)
        for c in sub.stated:
            book.use(c.line, c.text)
        # '+ Sở Xây dựng: hướng dẫn …': a point that starts with a body is that body's part of the task.
        # ('- Chỉ đạo Chi cục …' is what the task's unit does, not a task the text gives the Chi cục.)
        units = sub.lead or child.lead or tuple(_actors_at_start(child.text, triggers="Giao|Đề nghị"))
        if units or re.match(r"^Về\s[^:]{3,200}:", child.text):
            # ('(2) Về triển khai …: Chính phủ sẽ …. Bộ Dân tộc và Tôn giáo chịu trách nhiệm …': a conclusion's point
            # that names its matter first gives each body a later sentence starts with its share.)
            units = (*units, *(a for a in _sentence_bodies(child.text) if a not in units))
        if len(found) > 1 and all(dl.due or dl.every for dl in found):
            # '… sửa nhà, hoàn thành trước ngày 31/12/2025; xây dựng lại nhà chậm nhất trước ngày 31/01/2026', 'thời
            # gian quan trắc vào tháng 4 và tháng 8 năm 2026': a part for each deadline, quoting its clause.
            for n, dl in enumerate(found, 1):
                book.use(child.line, dl.phrase)
                parts.append(DraftPart(f"{tid}{letter}-{n}", _clause_of(child.text, dl.phrase), child.line, dl, units,
                                       sub.support))
            continue
        parts.append(DraftPart(f"{tid}{letter}", child.text, child.line, deadline, units, sub.support))
    return parts


def _clause_of(text: str, phrase: str) -> str:
    """The ';' clause of a text that names a phrase (the whole text when no one clause does)."""
    return next((c.strip() for c in re.split(r";\s*", text) if phrase in c), text)


def _own_parts(tid: str, item: _Item, quote: str, own: list[Deadline], book: _Book) -> list[DraftPart]:
    """The parts of a task with no items under it: one per deadline its text gives (each in the clause that
    names it), else the whole task as one part."""
    parts: list[DraftPart] = []
    if len(own) > 1:
        clauses = [c.strip() for c in re.split(r";\s*", item.text) if c.strip()]
        for k, deadline in enumerate(own):
            clause = next((c for c in clauses if deadline.phrase in c), item.text)
            parts.append(DraftPart(f"{tid}{letters(k)}", clause, item.line, deadline))
    else:
        parts.append(DraftPart(tid, quote, item.line, own[0] if own else None))
    for dl in own:
        book.use(item.line, dl.phrase)
    return parts


def _title(text: str) -> str:
    head = re.split(r"[;:]\s|\.\s|,\s+(?:hoàn thành|xong|trước|chậm nhất)\b", text, maxsplit=1)[0].strip(" .;:")
    if len(head) > 90:
        head = head[:90].rsplit(" ", 1)[0] + " …"
    return head


# --------------------------------------------------------------------------- tasks written as prose


_TRIGGER = re.compile(r"(?:^|[;.:]\s+|,\s+|\s)(?:Ủy ban nhân dân[^,;.]{0,40}?\s)?(giao|đề nghị|yêu cầu|chỉ đạo|phân công)\s+", re.I)
_BOILERPLATE = re.compile(r"^(?:quan tâm|khẩn trương|nghiêm túc|chủ động|triển khai|tổ chức|thực hiện|tốt|[,\s])*"
                          r"(?:(?:các\s+)?(?:nội dung|Chỉ thị|Kế hoạch|Công văn|Quyết định|Thông báo|văn bản)\s*(?:này|trên|nêu trên)?)?"
                          r"[\s./;]*$", re.I)


_ENACTING = re.compile(r"^\s*(?:QUYẾT\s+ĐỊNH|QUYẾT\s+NGHỊ)\s*:\s*$")
# A sentence that only schedules or dates the task of the sentence before it.
_FOLLOW_UP = re.compile(r"^(?:Định\s+kỳ|Hằng|Hàng|Hoàn\s+thành|Thời\s+(?:gian|hạn)(?:\s+(?:hoàn\s+thành|thực\s+hiện))?"
                        r"\s*:?|Chậm\s+nhất|Trước\s+ngày)\s", re.I)


def _bodiless_case(sentence: str) -> bool:
    """'Trường hợp các thủ tục … đã thực hiện trên phần mềm của Bộ thì cung cấp thông tin …, hoàn thành trước ngày …': a
    case of the task before, done by the same bodies (none named after the case)."""
    m = re.match(r"^Trường\s+hợp\b[^,;.]*?(?:\s+thì\s+|,\s*)", sentence)
    return m is not None and not _starts_with_body(_title_pattern().sub("", sentence[m.end():]))


def _prose_tasks(d: Draft, sections: list[_Section], tasks: list[DraftTask], book: _Book) -> list[DraftTask]:
    """'Giao các Bộ … có ý kiến … trước ngày 10 tháng 5 năm 2026': a task written as a sentence. A sentence
    'đề nghị <units> …:' that opens a list gives those units the items that follow."""
    out: list[DraftTask] = []
    # A decision's grounds ('Căn cứ Thông tư số … của Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ hướng dẫn …', 'Theo đề
    # nghị của …') come before its 'QUYẾT ĐỊNH:' and give no task, though a copy may run them into the body.
    enacting = next((i + 1 for i, line in enumerate(d.lines) if _ENACTING.match(line)), 0)
    for section in sections:
        if section.role in _ROLE_WORDS:
            continue
        previous: tuple[str, int, DraftTask] | None = None  # the last sentence that was a task, and its line
        after = -1  # the line after the last paragraph's last line
        for p in section.prose:
            if p.line < enacting and re.match(r"(?:Căn\s+cứ|Theo\s+đề\s+nghị|Xét\s+đề\s+nghị)\b", p.text):
                continue
            # (A date or a schedule follows its task in one paragraph, or opens the line right after it where a copy
            # broke the paragraph at a sentence's end: 'Hoàn thành trước ngày 21/11/2025.' alone on its line. A case of
            # the task, 'Trường hợp …', may open the next paragraph.)
            adjoining, after = p.line == after, p.line + len(p.starts)
            for k, (sentence, start) in enumerate(_sentences(p.text)):
                follows = _bodiless_case(sentence) or ((k > 0 or adjoining) and _FOLLOW_UP.match(sentence) is not None)
                if previous is not None and follows and not _actors_at_start(sentence) and _deadlines(d, sentence):
                    # '… xây dựng kế hoạch chi tiết. Hằng năm hoặc đột xuất báo cáo kết quả về Bộ Công an': the report
                    # of the task the sentence before gave; '… trình UBND tỉnh phê duyệt. Hoàn thành trước ngày
                    # 30/11/2025.': its deadline.
                    first, line, task = previous
                    joined = f"{first} {sentence.strip()}"
                    item = _Item("para", "", joined, line, section.key, section.role)
                    out[out.index(task)] = replace(_task(d, task.id, item, section, book), units=task.units)
                    previous = None
                    continue
                previous = None
                found = _sentence_task(d, sentence, p.line_at(start), section, (tasks, out), book)
                if found is not None:
                    out.append(found[0])
                    if found[1]:
                        previous = (sentence.strip(), p.line_at(start), found[0])
    return out


def _sentence_task(d: Draft, sentence: str, line: int, section: _Section,
                   taken: tuple[list[DraftTask], list[DraftTask]], book: _Book) -> tuple[DraftTask, bool] | None:
    """The task one sentence of a section's prose gives, if any, and whether it names its units: only such a
    task takes the next sentence when that one is its report ('Hằng năm … báo cáo …'). `taken` is the tasks
    found before (the numbered ones, then the prose ones), whose ids a new task must not repeat."""
    tasks, out = taken
    m, rest, actors, addressees = _asked_actors(sentence)
    if m is None:
        actors = _acting_subject(d, sentence)  # 'Bộ Nội vụ chủ trì, … trong tháng 6 năm 2026'
    tid = f"{section.key + '.' if section.key else ''}P{len(out) + 1}"
    item = _Item("para", "", sentence.strip(), line, section.key, section.role)
    if not actors and addressees and _deadlines(d, sentence) \
            and not sentence.rstrip().endswith(":"):
        return _task(d, tid, item, section, book), False
    if not actors and _recurring_report(d, sentence):
        # 'Định kỳ gửi báo cáo kết quả thực hiện trước ngày 15/11 hằng năm …' in a section's prose: a report
        # on a schedule, owed by the bodies given tasks, though the sentence names none of them.
        task = _task(d, tid, item, section, book)
        book.use(item.line, "định kỳ")  # the schedule's own word: the part is that schedule
        return task, False
    if not actors or sentence.rstrip().endswith(":") or _defines_members(sentence):
        return None  # no body named, or a sentence opening a list (its units went to the items: _prose)
    t = _title_pattern().sub("", rest.strip())
    verb = t[_actor_end(t):].strip()
    # 'Giao X …' and 'X làm …' give a task, dated or not; 'đề nghị X …' does so with a deadline, else it
    # closes the letter ('… đề nghị các đơn vị sớm triển khai thực hiện'); so does 'X quan tâm thực hiện'.
    # A conclusion notice ('Thông báo kết luận') asks by 'đề nghị' what another document would give by 'giao'.
    # A sentence that opens with the request and says what to do ('Đề nghị Ủy ban Mặt trận … và các tổ chức thành
    # viên, Thủ trưởng sở, ban, ngành … tổ chức quán triệt sâu rộng Chương trình …') gives a task too; 'Chỉ đạo các đơn
    # vị trực thuộc …' opening a sentence is what the unit above does.
    opening = m is not None and not sentence[:m.start(1)].strip(" ,;.:") and m.group(1).lower() in ("đề nghị", "yêu cầu")
    asked = m is not None and m.group(1).lower() != "giao" and not _conclusion(d) and not opening
    if (_BOILERPLATE.match(verb) or asked) and not _deadlines(d, sentence):
        return None
    while any(t.id == tid for t in [*tasks, *out]):
        tid += "'"
    return replace(_task(d, tid, item, section, book), units=tuple(actors)), True


def _defines_members(sentence: str) -> bool:
    """'Các đơn vị sản xuất kinh doanh, dịch vụ gồm: Công ty trách nhiệm hữu hạn, Công ty cổ phần, …;': a line of a list
    that says who a rule covers (the kinds a group is made of), no verb after them: no task."""
    m = re.search(r"\s(?:bao\s+)?gồm\s*:", sentence[:200])
    if m is None or not sentence.rstrip().endswith((";", ".")):
        return False
    verbs = "|".join(re.escape(v) for v in sorted(words()["actor_verbs"], key=len, reverse=True))
    return re.search(rf"\s(?:{verbs})(?=[\s,;:.]|$)", f" {sentence[m.end():]} ") is None


def _past(verb: str) -> bool:
    """Whether what follows a sentence's bodies reports what they did, past a group's members ('…, các Bộ: Quốc phòng,
    Công an và các bộ, ngành đã chỉ đạo, huy động …'): 'đã' is its first verb, not inside a clause after it ('…
    triển khai các nhiệm vụ đã đề ra')."""
    verbs = "|".join(re.escape(v) for v in sorted(words()["actor_verbs"], key=len, reverse=True))
    first = re.search(rf"\s(?:{verbs})(?=[\s,;:.]|$)", f" {verb} ")
    return first is not None and re.match(r"\sđã\s+(?!được\b)", f" {verb} "[first.start():]) is not None


def _closing_reports(d: Draft, end: int, after: list[Paragraph], book: _Book) -> list[DraftTask]:
    """'Trên đây là Kế hoạch …. Định kỳ hằng năm (trước ngày 30/11) báo cáo kết quả thực hiện về Sở Xây dựng': a report
    on a schedule asked in the closing words, after the body and before 'Nơi nhận', is a task like one in the body."""
    stop = next((i for i in range(end, len(d.lines)) if d.lines[i].startswith("Nơi nhận")), end)
    section = _Section("", "closing words", "content", end + 1)
    out: list[DraftTask] = []
    for p in after:
        if p.line > stop:
            break
        for sentence, start in _sentences(p.text):
            if _recurring_report(d, sentence):
                found = _sentence_task(d, sentence, p.line_at(start), section, (d.tasks, out), book)
                out += [found[0]] if found is not None else []
    return out


def _asked_actors(sentence: str) -> tuple[re.Match[str] | None, str, list[str], bool]:
    """The trigger ('Giao', 'đề nghị' …) followed by the bodies it asks, the words after it and those bodies;
    and, when no trigger names a body, whether one asks the letter's addressees."""
    m: re.Match[str] | None = None
    rest, actors = sentence, []
    addressees = False
    for trigger in _TRIGGER.finditer(sentence):
        if re.search(r"(?:đã|đang|vừa|từng)\s*$", sentence[:trigger.start(1)]):
            continue  # '… đã chỉ đạo các cơ quan … trước ngày 30/10': what was asked before, not now
        actors = _actors_at_start(sentence[trigger.end():])
        if actors:
            m, rest = trigger, sentence[trigger.end():]
            break
        # 'đề nghị bộ, ngành, địa phương … gửi về Bộ Nội vụ trước ngày 26/11/2025': the addressees' task.
        addressees = addressees or _addressees_asked(sentence[trigger.end():])
    return m, rest, actors, addressees


def _conclusion(d: Draft) -> bool:
    """Whether the document is a notice of conclusions (a Thông báo), whose 'đề nghị …' sentences are its tasks."""
    return d.kind is not None and fold(str(d.kind.value)) == "thong bao"


def _recurring_report(d: Draft, sentence: str) -> bool:
    """Whether a sentence asks for a report on a schedule ('gửi báo cáo … trước ngày 15/11 hằng năm')."""
    return re.search(r"báo\s+cáo", sentence, re.I) is not None and any(dl.every for dl in _deadlines(d, sentence))


def _addressees_asked(text: str) -> bool:
    """Whether the words after 'đề nghị' are the addressees again ('các đơn vị', 'bộ, ngành, địa phương', 'Quý cơ
    quan') followed by what they are to do."""
    m = _verb_pattern().search(f" {text}")
    return m is not None and m.start() > 1 and _generic(text[:m.start() - 1])


def _acting_subject(d: Draft, sentence: str) -> list[str]:
    """The bodies a sentence starts with, when they are the ones to act: not when the verb after them asks others
    ('Sở Y tế đề nghị …'), reports what was done ('Bộ Tài chính đã ban hành …'), or they are the issuer itself
    ('Văn phòng Chính phủ thông báo …')."""
    actors = _actors_at_start(sentence, triggers="Giao")
    lead_in = re.match(r"^(?:Căn\s+cứ|Trên\s+cơ\s+sở|Để|Theo\s+đó|Đồng\s+thời|Ngoài\s+ra|Trong\s+thời\s+gian)\b[^,]{0,240},\s*"
                       # ('Đối với hệ thống … đang giao Sở Xây dựng quản lý … thì Sở Xây dựng tiếp tục quản lý …': a case,
                       # then who acts in it.)
                       r"|^(?:Đối\s+với|Trường\s+hợp)\s[^.;:]{0,240}?\sthì\s+", sentence)
    if not actors and lead_in is not None:
        # 'Căn cứ nội dung Kế hoạch này, các bộ, cơ quan ngang bộ … xây dựng kế hoạch chi tiết': after the lead-in.
        sentence = sentence[lead_in.end():]
        actors = _actors_at_start(sentence, triggers="Giao")
    if not actors:
        return []
    t = _title_pattern().sub("", re.sub(r"^Giao\s*:?\s+", "", sentence.strip(), flags=re.I))
    verb = t[_actor_end(t):].strip().lower()
    if re.match(r"^(?:giao|đề nghị|yêu cầu|chỉ đạo|phân công|đã|đang|vừa|cũng đã|sẽ|thông báo|có ý kiến|ban hành kế hoạch)\b",
                verb) or _past(t[_actor_end(t):]):
        return []
    issuer = _recipient_key(d.issuer.value) if d.issuer is not None else ""
    if issuer and all(issuer.startswith(_recipient_key(a)) for a in actors):
        return []
    return actors


_TITLE_COLON = re.compile(rf"(?<=[a-zà-ỹđ])\s*:\s*(?=[{CAPITALS}])")


def _sentences(text: str) -> Iterator[tuple[str, int]]:
    start = 0
    # '… cụ thể: (i) Đánh giá …; (ii) Rà soát …; báo cáo … trong tháng 11': points (i), (ii) run inside one sentence.
    for m in re.finditer(rf"(?<=[.;!?])\s+(?=[{CAPITALS}0-9]|\((?![ivx]{{1,4}}\)))", text):
        clause = _listed_group(text[start:m.start()]).rstrip(";")
        # ('…; Giám đốc: Trung tâm …; Trung tâm … chịu trách nhiệm …': a title over the bodies after it, a body alone.)
        nxt = text[m.end():]
        if text[m.start() - 1] == ";" and _title_pattern().match(clause) \
                and (_title_pattern().match(nxt) or _starts_with_body(_untitled(nxt))) \
                and not _verb_pattern().search(f" {_TITLE_COLON.sub(', ', _whole_masked(clause)).replace(';', ',')} "):
            # 'Chánh Văn phòng …, Giám đốc các Sở: …; Chủ tịch …; Giám đốc Trung tâm …; Thủ trưởng … chịu trách nhiệm …':
            # heads listed, however many, one sentence.
            continue
        yield text[start:m.start()], start
        start = m.end()
    yield text[start:], start


# --------------------------------------------------------------------------- deadlines


_WEEKDAY = r"thứ\s+(?:hai|ba|tư|năm|sáu|bảy|2|3|4|5|6|7)|chủ\s+nhật"
# A period with its year: a day, a month, a quarter or a year.
_PERIOD = (r"(?:ngày\s+)?\d{1,2}/\d{1,2}/\d{4}|tháng\s+\d{1,2}(?:\s*/\s*|\s+năm\s+)\d{4}"
           r"|quý\s+(?:IV|I{1,3}|[1-4])(?:\s*/\s*|\s+năm\s+)\d{4}|năm\s+\d{4}")
_PERIODIC = r"(?:định\s+kỳ\s+)?(?:vào\s+)?"
_BY_DAY = r"(?:trước|chậm\s+nhất(?:\s+là)?|vào|trong)\s+(?:ngày\s+)?"
# 'Định kỳ 03 tháng, Trung tâm … thông báo …', '3 tháng một lần': every three months is every quarter ('trong 03
# tháng kể từ …' is a span of time).
_QUARTER_WORDS = (r"(?:hằng|hàng|mỗi)\s+quý|quý\s+một\s+lần|báo\s+cáo\s+(?:định\s+kỳ\s+)?quý\b"
                  r"|định\s+kỳ\s+(?:03|3)\s+tháng(?:\s+(?:một|1)\s+lần)?|(?<!\d)(?:03|3)\s+tháng\s+(?:một|1)\s+lần"
                  r"|(?<!\d)(?:03|3)\s+tháng\s*/\s*(?:(?:một|01|1)\s*)?lần")
# ('06 tháng/lần', '6 tháng/1 lần': once every six months, written with a slash.)
_HALF_WORDS = (r"(?:06|6)\s+tháng\s+(?:một|1)\s+lần|(?<!\d)(?:06|6)\s+tháng\s*/\s*(?:(?:một|01|1)\s*)?lần|định\s+kỳ\s+(?:06|6)\s+tháng|báo\s+cáo\s+(?:sơ\s+kết\s+)?(?:06|6)\s+tháng"
               # 'Định kỳ hàng tháng (trước ngày 16 hàng tháng), 6 tháng (trước ngày 16/6), …': a report's half-year, its
               # day and month in brackets after it ('trong 6 tháng (…)' is a span of time, not a report).
               r"|(?<!trong\s)(?<!sau\s)(?<!vòng\s)(?<!\d)(?:06|6)\s+tháng(?:\s+(?:đầu|cuối)\s+năm)?"
               r"(?=\s*\(\s*(?:trước|chậm\s+nhất)\s+ngày\s+\d{1,2}/\d{1,2}\s*\))")
_YEAR_WORDS = r"(?:hằng|hàng|mỗi)\s+năm|báo\s+cáo\s+(?:tổng\s+kết\s+)?năm\b"
# How far after 'hằng năm', 'hằng quý', … its day may come: past 'báo cáo kết quả thực hiện về Sở Nông nghiệp và Môi
# trường' (the body reported to can have a long name), not past the clause's end.
_REACH = 90
# A season of a year ('trước mùa mưa năm 2026', 'mùa mưa bão 2026'): a time the text gives no day for.
_SEASON = r"mùa\s+(?:mưa\s+bão|mưa\s+lũ|mưa|khô|lũ|bão)(?:\s+(?:năm\s+)?(?:19|20)\d\d)?"
_DEADLINE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # 'trước 16 giờ 30', 'trước 16h30' and 'trước 15:00 ngày thứ Sáu hàng tuần': the hour in each of its spellings.
    ("week", re.compile(rf"{_PERIODIC}(?:trước\s+)?(?:(\d{{1,2}})\s*(?:giờ|h|:)\s*(?:(\d{{2}})\s*(?:phút)?)?\s*,?\s*)?"
                        rf"(?:(sáng|chiều|tối)\s+)?(?:ngày\s+)?({_WEEKDAY})\s+(?:hằng|hàng|mỗi)\s+tuần", re.I)),
    # 'hằng tuần vào thứ Năm', 'định kỳ hằng tuần, trước 16 giờ thứ Sáu', 'hàng tuần (trước 15h00 thứ Năm)': the day after.
    ("week_after", re.compile(rf"(?:định\s+kỳ\s+)?(?:hằng|hàng|mỗi)\s+tuần[^.;()]{{0,40}}?[,(\s]\s*(?:vào\s+|trước\s+)?"
                              rf"(?:(\d{{1,2}})\s*(?:giờ|h|:)\s*(?:(\d{{2}})\s*(?:phút)?)?\s*,?\s*)?(?:(sáng|chiều|tối)\s+)?"
                              rf"(?:ngày\s+)?({_WEEKDAY})(?![\w])", re.I)),
    ("day", re.compile(r"(?:định\s+kỳ\s+)?(?:trước\s+(\d{1,2})\s*(?:giờ|h|:)\s*(\d{2})?\s*(?:phút)?\s*)?(?:hằng|hàng|mỗi)\s+ngày"
                       r"(?:[^.;]{0,30}?trước\s+(\d{1,2})\s*(?:giờ|h|:)\s*(\d{2})?)?", re.I)),
    ("month", re.compile(rf"{_PERIODIC}(?:trước\s+|chậm\s+nhất\s+)?ngày\s+(\d{{1,2}})\s+(?:hằng|hàng|mỗi)\s+tháng", re.I)),
    ("month_after", re.compile(rf"(?:định\s+kỳ\s+)?(?:hằng|hàng|mỗi)\s+tháng[^.;]{{0,{_REACH}}}?{_BY_DAY}(\d{{1,2}})(?![\d/])"
                               r"(?!\s*(?:tháng|giờ|h\b))", re.I)),
    # '… trước ngày 03 của tháng tiếp theo sau tháng cuối cùng của kỳ báo cáo đối với báo cáo quý': a quarterly report
    # due early in the quarter after ('đối với báo cáo tháng': a monthly one).
    ("month_next", re.compile(r"(?:trước\s+)?ngày\s+(\d{1,2})\s+(?:của\s+)?tháng\s+(?:tiếp\s+theo|sau|kế\s+tiếp)"
                              r"(?:\s+sau\s+tháng(?:\s+cuối(?:\s+cùng)?)?\s+(?:của\s+)?kỳ\s+báo\s+cáo)?"
                              r"(?:\s+đối\s+với\s+(?:các\s+)?báo\s+cáo\s+(quý|tháng))?", re.I)),
    ("quarter", re.compile(rf"(?:định\s+kỳ\s+)?(?:{_QUARTER_WORDS})(?:[^.;]{{0,{_REACH}}}?{_BY_DAY}(\d{{1,2}})(?![\d/])"
                           r"(?:\s+(?:của\s+)?tháng\s+(cuối|đầu)\s+quý(\s+(?:sau|tiếp\s+theo))?)?)?", re.I)),
    ("quarter_day", re.compile(rf"{_BY_DAY}(\d{{1,2}})\s+(?:của\s+)?tháng\s+(cuối|đầu)\s+(?:mỗi\s+|hằng\s+)?quý(\s+(?:sau|tiếp\s+theo))?",
                               re.I)),
    ("half", re.compile(rf"(?:{_HALF_WORDS})(?:[^.;]{{0,{_REACH}}}?{_BY_DAY}(\d{{1,2}})/(\d{{1,2}})(?![\d/]))?", re.I)),
    # 'trước ngày 15/12 hằng năm' (the day first: nothing after 'hằng năm' is its day) and 'hằng năm (trước ngày
    # 15/11)'; a day in brackets may come further in the clause ('Hàng năm, các cơ quan, đơn vị gửi báo cáo tình hình
    # quản lý, sử dụng hệ thống … (trước ngày 11/12) về …': the report's day, said after what it reports on).
    ("year", re.compile(rf"(?:định\s+kỳ\s*,?\s+)?(?:{_BY_DAY}|ngày\s+)(\d{{1,2}})/(\d{{1,2}})\s+(?:định\s+kỳ\s+)?(?:{_YEAR_WORDS})()()",
                        re.I)),
    ("year", re.compile(rf"()()(?:định\s+kỳ\s+)?(?:{_YEAR_WORDS})"
                        rf"(?:(?:[^.;]{{0,{_REACH}}}?|[^.;()]{{0,{2 * _REACH}}}?\(\s*){_BY_DAY}(\d{{1,2}})/(\d{{1,2}})(?![\d/]))?",
                        re.I)),
    ("workdays", re.compile(r"(?:trong|chậm\s+nhất(?:\s+là)?|không\s+quá)\s+(?:thời\s+hạn\s+|vòng\s+)?(\d{1,3})\s+ngày\s+làm\s+việc"
                            r"(?:[,\s]+(?:kể\s+)?từ\s+(?:ngày\s+)?([^,;.]*))?", re.I)),
    # 'trong thời hạn 15 ngày kể từ ngày ký': calendar days from the day of issue.
    ("days", re.compile(r"(?:trong|chậm\s+nhất(?:\s+là)?|không\s+quá)\s+(?:thời\s+hạn\s+|vòng\s+)?(\d{1,3})\s+ngày"
                        r"[,\s]+(?:kể\s+)?từ\s+(?:ngày\s+)?(?:ký|ban\s+hành)\b[^,;.]*", re.I)),
    ("after_event", re.compile(r"(?:chậm\s+nhất\s+)?(?:(?:sau|trong)\s+)?\d{1,3}\s+ngày\s+(?:làm\s+việc\s+)?sau\s+(?:khi\s+)?[^,;.]*",
                               re.I)),
    # 'chậm nhất sau 07 ngày kể từ ngày có Quyết định công bố …', 'Sau tối đa 05 ngày kể từ khi văn bản … được ban hành':
    # days counted from an event the text does not date.
    ("after_event", re.compile(r"(?:(?:chậm\s+nhất|tối\s+đa)\s+)?(?:sau|trong)\s+(?:(?:tối\s+đa|không\s+quá)\s+)?\d{1,3}\s+ngày"
                               r"\s+(?:làm\s+việc\s+)?(?:,\s*)?(?:kể\s+)?từ\s+(?:khi|ngày)\s+(?!ký\b|ban\s+hành\b)[^,;.]*", re.I)),
    # 'Chậm nhất là 30 ngày, trước ngày khai mạc kỳ họp …', '05 ngày làm việc trước khi tổ chức …': days before an event
    # the text does not date.
    ("before_event", re.compile(r"(?:(?:chậm\s+nhất|ít\s+nhất|tối\s+thiểu)(?:\s+là)?\s+)?\d{1,3}\s+ngày(?:\s+làm\s+việc)?"
                                r"\s*,?\s+trước\s+(?:ngày|khi)\s+(?!\d)[^,;.]*", re.I)),
    ("range", _RANGE),
    # 'từ ngày 08 đến ngày 10 tháng 12 năm 2025', 'trong tuần ngày 15 đến ngày 31/12/2025': days of one month, its
    # month and year written once, after the last.
    ("day_range", re.compile(r"(?:từ\s+)?ngày\s+\d{1,2}\s+(?:đến|tới)\s+(?:hết\s+)?ngày\s+(\d{1,2})/(\d{1,2})/(\d{4})",
                             re.I)),
    # 'Từ tháng 12/2025 đến quý I/2026': a window given for a task is due on its last day.
    # ('Từ tháng 01 đến ngày bầu cử 15/3/2026': the day of an event, named before its date.)
    ("window", re.compile(rf"từ\s+(?:nay|{_PERIOD}|tháng\s+\d{{1,2}}|quý\s+(?:IV|I{{1,3}}|[1-4]))\s+(?:đến|tới)\s+(?:hết\s+)?"
                          rf"(?:ngày\s+[^\d,;.()]{{2,40}}?\s+)?({_PERIOD})", re.I)),
    # 'từ tháng 3 đến tháng 10' (a time cell of the plan's year): due at the end of its last month, after the document.
    ("month_window", re.compile(r"từ\s+tháng\s+(\d{1,2})\s+(?:đến|tới)\s+(?:hết\s+)?tháng\s+(\d{1,2})(?!\s*(?:/|năm\b|[-–]))",
                                re.I)),
    ("in_quarter", re.compile(r"(?:(?:hoàn\s+thành|xong)\s+(?:trong\s+)?|trong\s+|(?:đến\s+hết|vào)\s+)"
                              r"quý\s+(IV|I{1,3}|[1-4])(?:\s*/\s*(\d{4})|\s+năm\s+(\d{4}))?",
                              re.I)),
    ("half_of_year", re.compile(r"(?:trong|hoàn\s+thành\s+trong)\s+(?:06|6)\s+tháng\s+(đầu|cuối)\s+năm(?:\s+(\d{4}))?", re.I)),
    ("occasion", re.compile(r"(?:vào|nhân)\s+dịp\s+Ngày\s+[^\d“”\"();:.\n]{2,90}?\s*(?:[-–]\s*|\(\s*)(\d{1,2})/(\d{1,2})(?![\d/])")),
    # ('vào kỳ chi trả tháng 12 năm 2025': a round held in a month is due at its end.)
    ("in_month", re.compile(r"(?:hoàn\s+thành\s+)?(?:trong|thời\s+gian\s*:?|vào\s+kỳ\s[^.;,()\d]{0,25}?)\s*tháng\s+(\d{1,2})(?:\s*[-–]\s*(\d{1,2}))?"
                            r"(?:\s*/\s*(\d{4})|\s+năm\s+(\d{4}))?", re.I)),
    # 'Tháng 3, 6, 9 và 12/2026' (a monitoring round in each): due at the end of each month.
    ("months", re.compile(r"(?:(?:vào|trong|thời\s+gian\s*:?)\s+)?(?:các\s+)?tháng\s+(\d{1,2}(?:\s*,\s*(?:tháng\s+)?\d{1,2})+"
                          r"(?:\s*(?:,|và)\s*(?:tháng\s+)?\d{1,2})?|\d{1,2}\s+và\s+(?:tháng\s+)?\d{1,2})\s*(?:/\s*|\s+năm\s+)(\d{4})",
                          re.I)),
    # 'hoàn thành năm 2026'; not 'trong năm 2026 và các năm tiếp theo' (no day to be due: a TODO quotes it).
    # 'bảo đảm tiến độ hoàn thành Dự án vào năm 2026': what is finished names its work before the year (a target's 'vào
    # năm 2050' without 'hoàn thành' stays a target).
    # 'Kết thúc năm 2026, … báo cáo …': what is done once the year ends is due on its last day.
    ("year_end", re.compile(r"(?:đến\s+hết|trong|kết\s+thúc|hoàn\s+thành(?:\s+trong|\s+xong|\s+trước\s+cuối|[^.;,()]{0,40}?\s+vào)?)"
                            r"\s+năm\s+(\d{4})"
                            r"(?!\s*(?:[-–]\s*\d{4}|(?:và|trở)\s+(?:các|những)\s+năm|trở\s+đi))", re.I)),
    # 'Trước năm 2030', 'hoàn thành trước năm 2028': due by the last day of the year before.
    ("before_year", re.compile(r"(?:hoàn\s+thành\s+)?trước\s+năm\s+(\d{4})(?!\s*[-–]\s*\d)", re.I)),
    # An hour before the day ('trước 15h00 ngày 20/11') is dropped: `due` is a day.
    ("due", re.compile(r"(?:trước|chậm\s+nhất(?:\s+là)?|hoàn\s+thành|xong|vào|hạn\s+chót|thời\s+hạn|hạn|đến\s+hết|"
                       r"thời\s+gian(?:\s+dự\s+kiến)?(?:\s+(?:tổ\s+chức|thực\s+hiện|hoàn\s+thành))?|dự\s+kiến)\s*:?\s+"
                       r"(?:trước\s+)?(?:\d{1,2}\s*(?:giờ|h|:)\s*(?:\d{2})?\s*(?:phút)?\s*(?:sáng|chiều)?\s*,?\s*)?"
                       r"(?:(?:ngày|thời\s+điểm)\s+)?(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?![\d/])", re.I)),
    # 'Tựu trường: Ngày 26/8/2024 (thứ Hai)': a day named with its weekday in brackets is the day an item is held.
    ("due", re.compile(rf"(?:ngày\s+)?(\d{{1,2}})/(\d{{1,2}})/(\d{{4}})\s*\(\s*(?:{_WEEKDAY})\s*\)", re.I)),
    # 'trước Tết Nguyên đán', 'trước khi …': due on an event the text does not date. Not 'trách nhiệm
    # trước UBND' (answerable to a body) nor 'trước Chủ tịch …': a body is no deadline.
    ("relative", re.compile(r"(?:hoàn\s+thành\s+)?trước\s+"
                            r"(?:(?!ngày\b|\d|giờ\b)(?!(?:UBND|Ủy ban|Chủ tịch|Hội đồng|HĐND|Thường trực|Ban\b|Sở\b|Bộ\b|"
                            r"Chính phủ|Thủ tướng|Tỉnh ủy|Thành ủy|Huyện ủy|Đảng|Nhà nước|Quốc hội|Giám đốc|Trưởng|"
                            rf"Pháp luật|Nhân dân|Tổ quốc))[{CAPITALS}][^,;.]*|khi\s[^,;.]*|{_SEASON})")),
    ("periodic", re.compile(r"(?:định\s+kỳ\s+)?(?:hằng|hàng)\s+(?:tuần|tháng)|định\s+kỳ", re.I)),
    # A task's years in brackets at its end: '… tiến tới thí điểm (2025 - 2026)', '(xuyên suốt 2025 - 2035)'; '(2026
    # trở đi)' has no end to be due.
    ("years", re.compile(r"\(\s*(?:xuyên\s+suốt\s+|giai\s+đoạn\s+|năm\s+|từ\s+(?:năm\s+)?)?((?:19|20)\d\d)\s*(?:[-–]|đến)\s*"
                         r"((?:19|20)\d\d)\s*\)", re.I)),
    ("onwards", re.compile(r"\(\s*(?:từ\s+)?(?:năm\s+)?(?:19|20)\d\d\s+trở\s+đi\s*\)", re.I)),
]
# Years that more years follow ('2026 - 2027 và 2028 - 2030', '2026 - 2027, 2029', '… và những năm tiếp theo') are no
# one span's end; other words after 'và' ('Hoàn thành trong giai đoạn 2026 - 2027 và vận hành thường xuyên') say what goes
# on once it is done.
_NO_MORE_YEARS = r"(?!\s*(?:và|,)\s*(?:(?:năm|giai\s+đoạn|từ|đến)\s+)?\d)(?!\s*(?:và|,)?\s*(?:(?:các|những)\s+năm|trở\s+đi|sau\s+đó))"
_BARE = re.compile(r"(?:ngày\s+)?(\d{1,2})/(\d{1,2})/(\d{4})", re.I)
# A table's deadline cell, or a '- Thời gian hoàn thành: …' line, may hold a period alone: 'Quý II/2026', 'Tháng 6/2026',
# 'Tháng 11 - 12/2025', 'Năm 2026', 'năm 2026 - 2027', 'Quý IV/2025 và Quý I/2026' (due at the end of the last).
_BARE_PERIODS: list[tuple[str, re.Pattern[str]]] = [
    # A monitoring table's time cell: 'Tháng 3, 6, 9, 12' (the rounds of the document's year).
    ("months", re.compile(r"^\s*(?:vào\s+)?(?:các\s+)?tháng\s+(\d{1,2}(?:\s*(?:,|;|và)\s*(?:tháng\s+)?\d{1,2})+)()\s*(?:hằng|hàng)?"
                          r"\s*(?:năm)?\s*\.?$", re.I)),
    # '02 tháng (tháng 4 và tháng 8)': how many rounds, then their months in brackets.
    ("months", re.compile(r"\(\s*(?:vào\s+)?(?:các\s+)?tháng\s+(\d{1,2}(?:\s*(?:,|;|và)\s*(?:tháng\s+)?\d{1,2})+)()\s*\)", re.I)),
    ("joined", re.compile(rf"(?:{_PERIOD}|tháng\s+\d{{1,2}}|quý\s+(?:IV|I{{1,3}}|[1-4]))\s*(?:và|đến|tới|-|–)\s*(?:hết\s+)?"
                          rf"({_PERIOD})", re.I)),
    ("years", re.compile(rf"năm\s+(\d{{4}})\s*[-–]\s*(\d{{4}}){_NO_MORE_YEARS}", re.I)),
    ("in_quarter", re.compile(r"(?:trong\s+)?quý\s+(IV|I{1,3}|[1-4])(?:\s*/\s*(\d{4})|\s+năm\s+(\d{4}))?", re.I)),
    ("in_month", re.compile(r"(?:trong\s+)?tháng\s+(\d{1,2})(?:\s*[-–]\s*(\d{1,2}))?(?:\s*/\s*(\d{4})|\s+năm\s+(\d{4}))?",
                            re.I)),
    ("year_end", re.compile(r"^(?:trong\s+)?năm\s+(\d{4})$", re.I)),
    # A table's time column often holds the year alone: '2026', '2026-2027', 'Giai đoạn 2026 - 2030' (the whole cell).
    ("years", re.compile(r"^\s*(?:giai\s+đoạn\s+)?((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\s*$", re.I)),
    ("year_end", re.compile(r"^\s*((?:19|20)\d\d)\s*$")),
    # Years given for a task inside a longer cell: '(2025 - 2030)', 'xuyên suốt 2025 - 2035', 'Năm 2025-2030'.
    ("years", re.compile(r"(?<![\d/])(?:(?:năm|giai\s+đoạn|xuyên\s+suốt|từ(?:\s+năm)?)\s+)?\(?((?:19|20)\d\d)\s*(?:[-–]|đến)\s*"
                         rf"((?:19|20)\d\d)\)?(?![\d/]){_NO_MORE_YEARS}", re.I)),
]


@lru_cache(maxsize=1)
def _field_value() -> re.Pattern[str]:
    """'Thời gian hoàn thành: Tháng 11 - 12/2025 (…)': a deadline stated as a field, its value read as a cell."""
    labels = "|".join(re.escape(w) for w in sorted(words()["field_labels"]["deadline"], key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{labels})\s*:\s*([^;.()]+)", re.I)


def _period_end(text: str, year: int | None) -> date | None:
    """The last day of a period written 'ngày 15/3/2026', 'tháng 4/2026', 'quý I/2026' or 'năm 2026'."""
    m = re.search(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if m:
        return _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    m = re.search(r"tháng\s+(\d{1,2})(?:\s*/\s*|\s+năm\s+)(\d{4})", text, re.I)
    if m and 1 <= int(m.group(1)) <= 12:
        return _month_end(int(m.group(2)), int(m.group(1)))
    m = re.search(r"quý\s+(IV|I{1,3}|[1-4])(?:\s*/\s*|\s+năm\s+)(\d{4})", text, re.I)
    if m:
        quarter = {"i": 1, "ii": 2, "iii": 3, "iv": 4}.get(m.group(1).lower()) or int(m.group(1))
        return _month_end(int(m.group(2)), 3 * quarter)
    m = re.search(r"năm\s+(\d{4})", text, re.I)
    return date(int(m.group(1)), 12, 31) if m else None
_ANSWERABLE = re.compile(r"trách\s+nhiệm\s*$", re.I)
_QUALIFIED = re.compile(r"(?:ngân\s+sách|dự\s+toán|kinh\s+phí|kế\s+hoạch|chương\s+trình|chỉ\s+tiêu)(?:\s+[^\s,;.]+){0,4}\s*$",
                        re.I)


_DASHED_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})[-.](\d{1,2})[-.]((?:19|20)\d\d)(?![\d.-]\d)")


def _normalise_dates(text: str) -> str:
    """'ngày 15 tháng 6 năm 2021' is read as 'ngày 15/6/2021', the form the patterns know."""
    text = re.sub(r"(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", r"\1/\2/\3", text)
    # 'trước ngày 11 /12', 'ngày 15/ 6/2026': a space typed beside a date's slash.
    text = re.sub(r"(ngày\s+\d{1,2})(?:\s+/\s*|/\s+)(\d{1,2})(?!\d)", r"\1/\2", text, flags=re.I)
    # 'ngày 15-12-2025', 'ngày 15.12.2025': the day written with dashes or dots.
    text = _DASHED_DATE.sub(r"\1/\2/\3", text)
    text = re.sub(r"(ngày\s+\d{1,2})\s+tháng\s+(\d{1,2})\b", r"\1/\2", text, flags=re.I)
    # 'Quí IV-2025' (the older spelling, a dash before the year) is 'Quý IV/2025'.
    text = re.sub(r"\b([Qq])u[íi]\b", r"\1uý", text)
    text = re.sub(r"(quý\s+(?:IV|I{1,3}|[1-4]))\s*[-–]\s*(\d{4})\b", r"\1/\2", text, flags=re.I)
    # 'định kỳ 6 tháng, hằng năm báo cáo … trước ngày 15/6 và 15/12', 'sơ kết 6 tháng, tổng kết năm trước ngày 20/6 và
    # 20/12': a half-yearly report on the first day, a yearly one on the second; '6 tháng (trước ngày 15/6) và năm
    # (trước ngày 15/12)': the year is the yearly report's.
    text = re.sub(r"((?:06|6)\s+tháng)\s*(?:,|và|/)\s*(?:báo\s+cáo\s+)?(?:tổng\s+kết\s+|cả\s+)?(?:hằng\s+|hàng\s+)?năm\b"
                  r"([^.;]{0,80}?)(trước|chậm\s+nhất(?:\s+là)?)\s+(?:ngày\s+)?(\d{1,2}/\d{1,2})\s+và\s+(?:ngày\s+)?"
                  r"(\d{1,2}/\d{1,2})(?![\d/])", r"\1\2\3 ngày \4 và hằng năm \3 ngày \5", text, flags=re.I)
    text = re.sub(r"((?:06|6)\s+tháng\s*\([^()]{0,40}\)\s*(?:,|và)\s*)(?:báo\s+cáo\s+)?năm(?=\s*\()", r"\1hằng năm", text,
                  flags=re.I)
    # 'Định kỳ 06 (sáu) tháng': a count with its word in brackets is the count.
    text = re.sub(r"(?<![\d/])(\d{1,2})\s*\(\s*(?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mười\s+hai)\s*\)(?=\s+(?:tháng|ngày|"
                  r"năm|quý|tuần|lần)\b)", r"\1", text, flags=re.I)
    # 'báo cáo định kỳ (trước ngày 15/12)', '(… ngày 30/01 năm sau)': a periodic report due by a day and month is yearly.
    text = re.sub(r"(định\s+kỳ)\s*\(\s*((?:trước|chậm\s+nhất(?:\s+là)?)\s+(?:ngày\s+)?\d{1,2}/\d{1,2})(?![\d/])"
                  r"(?:\s+(?:của\s+)?năm\s+(?:sau|tiếp\s+theo|kế\s+tiếp))?\s*\)", r"\1 hằng năm (\2)", text, flags=re.I)
    # 'báo cáo … trước ngày 30/01 của năm tiếp theo': a day and month of "the following year", no year named, is
    # each year's report, due in the year after the one it reports on: yearly on that day.
    text = re.sub(r"((?:trước|chậm\s+nhất(?:\s+là)?)\s+(?:ngày\s+)?\d{1,2}/\d{1,2})(?![\d/])\s+(?:của\s+)?năm\s+"
                  r"(?:sau|tiếp\s+theo|kế\s+tiếp)\b", r"\1 hằng năm", text, flags=re.I)
    # 'trước ngày 01/6 và 15/11 hằng năm': a yearly deadline on each of the days.
    return re.sub(r"(\d{1,2}/\d{1,2})\s+và\s+(?:ngày\s+)?(\d{1,2}/\d{1,2})\s+(hằng|hàng|mỗi)\s+năm",
                  r"\1 \3 năm và trước ngày \2 \3 năm", text, flags=re.I)


def _deadlines(d: Draft, text: str, bare: bool = False) -> list[Deadline]:
    """Every deadline phrase in a task's text, in reading order; overlapping phrases count once."""
    text = _normalise_dates(text)
    taken: list[tuple[int, int]] = []
    found, undated, periodic = [], [], set()  # periodic: the bare 'định kỳ', 'hằng tháng' a schedule makes redundant
    if not bare:
        for m in _field_value().finditer(text):
            value = m.group(1).strip()
            # 'Từ tháng 11/2025 đến khi kết thúc Tổng kiểm kê': it ends on an event the text does not date.
            inner = [] if not value or re.search(r"đến\s+(?:khi|lúc)\b", value, re.I) else _deadlines(d, value, bare=True)
            if not value or _own_window(d, value, [dl.due for dl in inner]):
                continue  # the campaign's own period is no task's deadline
            taken.append((m.start(1), m.end(1)))
            if not inner and any(_mentions(value)):
                # 'năm 2025 và các năm tiếp theo', 'Từ tháng 11/2025 đến khi kết thúc …': said, but not a day
                inner = [Deadline(value, todo=f"'{value}': a time the text gives without a day to be due")]
            elif not inner:
                # 'Thời gian thực hiện: Thực hiện thường xuyên trong năm': a time, but no date; the part's TODO quotes it
                # when nothing else in the text dates the part.
                undated.append(Deadline(value, todo=f"'{value}': a time the text gives without a date"))
            found += [(m.start(1), dl) for dl in inner]
    patterns = [*_DEADLINE_PATTERNS, ("bare", _BARE), *_BARE_PERIODS] if bare else _DEADLINE_PATTERNS
    for kind, pattern in patterns:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            if kind == "relative" and _ANSWERABLE.search(text[:m.start()]):
                continue  # 'chịu trách nhiệm trước UBND tỉnh': answerable to a body, not due before anything
            if kind in ("year", "quarter", "periodic") and not re.search(r"\d", m.group(0)) \
                    and _QUALIFIED.search(text[max(0, m.start() - 50):m.start()]):
                continue  # 'dự toán ngân sách nhà nước hằng năm', 'kế hoạch công tác hằng năm': a kind of budget or plan
            # A phrase that names no deadline (the campaign's own window) still hides the words inside it.
            taken.append((m.start(), m.end()))
            if kind == "months":
                if not _counted_months(text, m.start()):
                    found += [(m.start(), dl) for dl in _each_month(d, m)]
                continue
            deadline = _deadline(d, kind, m)
            if deadline is not None:
                found.append((m.start(), deadline))
                if kind == "periodic":
                    periodic.add(id(deadline))
    if any(dl.every and id(dl) not in periodic for _, dl in found):
        # 'Định kỳ báo cáo … hằng năm (trước ngày 15/11)': 'định kỳ' says the schedule given after it is one.
        found = [(at, dl) for at, dl in found if id(dl) not in periodic]
    if bare and not found and any(_mentions(text)):
        # A cell 'Năm 2026 và các năm tiếp theo' or 'Từ năm 2026': a time the text gives, but no day to be due.
        return [Deadline(text.strip(), todo=f"'{text.strip()}': a time the text gives without a day to be due")]
    return _without_step_order([dl for _, dl in sorted(found, key=lambda f: f[0])]) or undated[:1]


_STEP_ORDER = re.compile(r"^(?:hoàn\s+thành\s+)?trước\s+khi\b", re.I)


def _without_step_order(found: list[Deadline]) -> list[Deadline]:
    """'… báo cáo cấp ủy trước khi ban hành; hoàn thành trước ngày 10/6/2026': where a date is given, 'trước khi …'
    orders a step within the part, and the day it is done by is its deadline."""
    if not any(dl.due or dl.every for dl in found):
        return found
    return [dl for dl in found if not (dl.todo and _STEP_ORDER.match(dl.phrase))]


def _counted_months(text: str, at: int) -> bool:
    """Months listed in brackets after a count of months ('chi trả gộp 03 tháng lương hưu (tháng 12 năm 2025, tháng 01 và
    tháng 02 năm 2026) vào kỳ chi trả tháng 12 năm 2025'): which months are paid or counted, not when anything is due."""
    return re.search(r"\b\d{1,2}\s+tháng\s[^.;()\d]{0,80}\(\s*(?:các\s+)?$", text[:at], re.I) is not None


def _each_month(d: Draft, m: re.Match[str]) -> list[Deadline]:
    """'Tháng 3, 6, 9 và 12/2026': one deadline at the end of each month named (a cell without its year: the
    document's year, each month after the document)."""
    year = int(m.group(2)) if m.group(2) else d.year()
    months = [int(x) for x in re.findall(r"\d{1,2}", m.group(1))]
    if year is None or not all(1 <= x <= 12 for x in months):
        return []
    first = _ahead(d, _month_end(year, months[0]), bool(m.group(2)))
    year = first.year if first is not None else year  # the rounds of one year, that year after the document
    return [Deadline(m.group(0).strip(), due=_month_end(year, x), note=f"the end of month {x}, one of the months the "
                     "text gives") for x in months]


def _hour(h: str | None, minutes: str | None, part_of_day: str | None = None) -> str | None:
    if h is None:
        return None
    hour = int(h)
    if hour < 12 and (part_of_day or "").lower() in ("chiều", "tối"):
        hour += 12
    return f"{hour:02d}:{minutes or '00'}" if hour < 24 and int(minutes or 0) < 60 else None


def _deadline(d: Draft, kind: str, m: re.Match[str]) -> Deadline | None:
    phrase = m.group(0).strip()
    year = d.year()
    # Each group of kinds reads its match's groups its own way: recurring schedules, a period's calendar end,
    # a span's end, a day.
    if kind in ("week", "week_after", "day", "month", "month_after", "month_next"):
        return _recurring_deadline(kind, m, phrase)
    if kind in ("quarter", "quarter_day", "half", "year"):
        return _calendar_deadline(kind, m, phrase)
    if kind == "month_window":
        return _month_window(d, m, phrase, year)
    if kind in ("half_of_year", "year_end", "before_year", "workdays", "days", "range", "day_range", "window", "joined", "years"):
        return _span_deadline(d, kind, m, phrase, year)
    if kind in ("in_quarter", "occasion", "in_month", "due", "bare"):
        return _day_deadline(d, kind, m, phrase, year)
    if kind in ("relative", "after_event", "before_event"):
        return Deadline(phrase, todo=f"'{phrase}': due on an event the text gives no date for")
    if kind == "periodic" and re.search(r"tháng$", phrase, re.I) \
            and re.search(r"báo\s+cáo", m.string[max(0, m.start() - 240):m.start()], re.I):
        # '… nội dung báo cáo được lồng ghép vào Báo cáo … của đơn vị hàng tháng': a monthly report without its day is due
        # on the month's last day, as a quarter's or a year's is.
        return Deadline(phrase, every="month", day=31, note="no day in the text: due on the month's last day")
    if kind == "onwards":
        return Deadline(phrase, todo=f"'{phrase}': a time the text gives without a day to be due")
    return Deadline(phrase, todo=f"'{phrase}': a period without a day to be due")


def _recurring_deadline(kind: str, m: re.Match[str], phrase: str) -> Deadline | None:
    """A weekly, daily or monthly schedule; None for a day of the month that no month has."""
    if kind in ("week", "week_after"):
        weekday = _weekday(m.group(4))
        time = _hour(m.group(1), m.group(2), m.group(3))
        note = "" if time else "no hour in the text: the format's 17:00 applies"
        return Deadline(phrase, every="week", weekday=weekday, time=time, note=note)
    if kind == "day":
        time = _hour(m.group(1) or m.group(3), m.group(2) or m.group(4))
        return Deadline(phrase, every="day", time=time, note="" if time else "no hour in the text: 17:00 applies")
    day = int(m.group(1))
    if not 1 <= day <= 31:
        return None
    if kind == "month_next" and (m.group(2) or "").lower() == "quý":
        return Deadline(phrase, every="quarter", day=day, month=1, next_period=True,
                        note="due in the first month of the quarter after the one reported on")
    return Deadline(phrase, every="month", day=day, next_period=kind == "month_next",
                    note="due in the month after the one reported on" if kind == "month_next" else "")


def _span_deadline(d: Draft, kind: str, m: re.Match[str], phrase: str, year: int | None) -> Deadline | None:
    """The end of a span the text gives (a half-year, a window, years, working days from issue); None for the
    campaign's own window, which is its period, not a deadline."""
    if kind == "half_of_year":
        y = int(m.group(2) or year or 0)
        return Deadline(phrase, due=date(y, 6, 30) if m.group(1).lower() == "đầu" else date(y, 12, 31)) if y else None
    if kind == "year_end":
        return Deadline(phrase, due=date(int(m.group(1)), 12, 31), note="the year's last day")
    if kind == "before_year":
        return Deadline(phrase, due=date(int(m.group(1)) - 1, 12, 31), note="the last day of the year before")
    if kind == "workdays":
        anchor = (m.group(2) or "").lower()
        if d.issued_on and re.search(r"ký|ban hành", anchor):
            return Deadline(phrase, due=_add_working_days(d.issued_on, int(m.group(1))),
                            note="working days counted Monday to Friday from the date of issue; public holidays are not")
        return Deadline(phrase, todo=f"'{phrase}': counted from a day the text does not give")
    if kind == "days":
        return Deadline(phrase, due=d.issued_on + timedelta(days=int(m.group(1))),
                        note="calendar days counted from the date of issue") if d.issued_on else None
    if kind == "range":
        if d.period and m.group(0) == d.period.quote:
            return None
        end = _safe_date(int(m.group(6)), int(m.group(5)), int(m.group(4)))
        return Deadline(phrase, due=end, note="the end of the window the text gives") if end else None
    if kind in ("window", "joined", "day_range"):
        end = _period_end(m.group(1), year) if kind != "day_range" else \
            _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if _own_window(d, m.group(0), [end]):
            return None  # the campaign's own window
        return Deadline(phrase, due=end, note="the end of the window the text gives") if end else None
    if year is not None and int(m.group(2)) < year:
        return None  # '(2016 - 2020)' in a text of 2025: another plan's years, not a deadline
    return Deadline(phrase, due=date(int(m.group(2)), 12, 31), note="the end of the years the text gives")


def _month_window(d: Draft, m: re.Match[str], phrase: str, year: int | None) -> Deadline | None:
    """'từ tháng 3 đến tháng 10' without its year: the months after the document (a window past December ends in the
    next year)."""
    first, last = int(m.group(1)), int(m.group(2))
    if year is None or not (1 <= first <= 12 and 1 <= last <= 12):
        return None
    start = _ahead(d, _month_end(year, first), False) or _month_end(year, first)
    end = _month_end(start.year + (1 if last < first else 0), last)
    if d.period is not None and (start.replace(day=1), end) == d.period.value:
        return None  # the campaign's own window
    return Deadline(phrase, due=end, note="the end of the window the text gives")


def _own_window(d: Draft, text: str, ends: Sequence[date | None]) -> bool:
    """Whether a time the text gives is the campaign's own period: its words, ending on the period's last day (the
    plan's year, 'năm 2026', is in 'từ tháng 3 đến tháng 10 năm 2026' but that window ends in October)."""
    return d.period is not None and d.period.quote in text and all(e in (None, d.period.value[1]) for e in ends)


def _day_deadline(d: Draft, kind: str, m: re.Match[str], phrase: str, year: int | None) -> Deadline | None:
    """A day: of a quarter's or a month's end, of an occasion, or written out; a day without its year takes the
    document's (moved a year ahead by `_ahead` when it would fall before the issue)."""
    if kind == "in_quarter":
        quarter = {"i": 1, "ii": 2, "iii": 3, "iv": 4}.get(m.group(1).lower()) or int(m.group(1))
        y = int(m.group(2) or m.group(3) or year or 0)
        due = _ahead(d, _month_end(y, 3 * quarter), bool(m.group(2) or m.group(3))) if y else None
        return Deadline(phrase, due=due, note="the quarter's last day") if due else None
    if kind == "occasion":
        at_day = _safe_date(year, int(m.group(2)), int(m.group(1))) if year else None
        return Deadline(phrase, due=_ahead(d, at_day, False), note="the day of the occasion") if at_day else None
    if kind == "in_month":
        y = int(m.group(3) or m.group(4) or year or 0)
        month = int(m.group(2) or m.group(1))  # 'tháng 7-8/2024': the last month
        if not (y and 1 <= month <= 12):
            return None
        return Deadline(phrase, due=_ahead(d, _month_end(y, month), bool(m.group(3) or m.group(4))))
    at: int | None = int(m.group(3)) if m.group(3) else year
    due = _safe_date(at, int(m.group(2)), int(m.group(1))) if at else None
    if due is not None and d.issued_on is not None and due < d.issued_on - timedelta(days=366):
        return None  # 'đất được giao trước ngày 01/7/2014': a condition on the past, not a deadline
    return Deadline(phrase, due=_ahead(d, due, bool(m.group(3)))) if due else None


def _ahead(d: Draft, due: date | None, year_given: bool) -> date | None:
    """A day written without its year falls after the document, not months before it: 'trước ngày 10/01' in a
    công văn of 20 December is 10 January of the next year."""
    if due is None or year_given or d.issued_on is None or due >= d.issued_on - timedelta(days=60):
        return due
    return _safe_date(due.year + 1, due.month, due.day) or due


def _calendar_deadline(kind: str, m: re.Match[str], phrase: str) -> Deadline | None:
    """Quarterly, half-yearly and yearly reports: a day (of a month of the period) or the period's last day."""
    if kind in ("quarter", "quarter_day"):
        day = int(m.group(1)) if m.group(1) else None
        nxt = bool(m.group(3)) or (m.group(2) or "").lower() == "đầu"
        if day is not None and not 1 <= day <= 31:
            return None
        return Deadline(phrase, every="quarter", day=day, month=1 if nxt else None, next_period=nxt,
                        note="" if day else "no day in the text: due on the quarter's last day")
    every: Every = "half-year" if kind == "half" else "year"
    day_text, month_text = (m.group(1), m.group(2)) if m.group(1) or kind == "half" else (m.group(3), m.group(4))
    day = int(day_text) if day_text else None
    month = int(month_text) if month_text else None
    if (month is not None and not 1 <= month <= 12) or (day is not None and not 1 <= day <= 31):
        return None
    if every == "half-year" and month is not None:
        month = (month - 1) % 6 + 1  # '15/6' and '15/12' are the 6th month of their half-year
    return Deadline(phrase, every=every, day=day, month=month,
                    note="" if day else f"no day in the text: due on the {every}'s last day")


def _weekday(text: str) -> str | None:
    key = " ".join(text.lower().split())
    numbered = {"thứ 2": "thứ hai", "thứ 3": "thứ ba", "thứ 4": "thứ tư", "thứ 5": "thứ năm", "thứ 6": "thứ sáu",
                "thứ 7": "thứ bảy"}
    value = words()["weekdays"].get(numbered.get(key, key))
    return str(value) if value else None


def _add_working_days(start: date, n: int) -> date:
    day = start
    while n > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


_REPORT = re.compile(r"chế độ báo cáo|báo cáo[^.;]*(?:hằng|hàng|định kỳ)", re.I)


def _report(paragraphs: list[Paragraph]) -> Found | None:
    for p in paragraphs:
        # A table row reads as its cells after the number: 'Báo cáo kết quả … — Trước ngày 25 hằng tháng'.
        text = " — ".join(c.strip() for c in p.text.strip("|").split("|")[1:]) if p.text.startswith("|") else p.text
        m = _REPORT.search(text)
        if m:
            sentence = next((s for s in re.split(r"(?<=[.;])\s+", text) if m.group(0) in s), text)
            return Found(sentence.strip(), p.line, sentence.strip())
    return None


# --------------------------------------------------------------------------- every dated phrase accounted for


_MENTION = re.compile(
    r"(?<![\d/])\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?(?![\d/])"
    r"|(?<![\d/.-])\d{1,2}[-.]\d{1,2}[-.](?:19|20)\d\d(?![\d.-]\d)"
    r"|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?"
    r"|(?<![\d/])tháng\s+\d{1,2}(?:\s*(?:/|năm)\s*\d{4})?(?![\d/])"
    r"|qu[ýí]\s+(?:IV|I{1,3}|[1-4])\b(?:\s*(?:/|-|năm)\s*\d{4})?"
    r"|(?:hằng|hàng|mỗi|theo\s+từng)\s+(?:ngày|tuần|tháng|quý|năm)"
    r"|định\s+kỳ|(?:06|6)\s+tháng\s+(?:đầu|cuối)\s+năm"
    # The day a text takes effect, which it names by an event rather than a date ('có hiệu lực thi hành kể từ ngày ký').
    r"|hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:kể\s+)?từ\s+ngày\s+(?:ký|ban\s+hành)"
    # A year as a time, not as part of a name ('Luật Doanh nghiệp năm 2014'): after a word of time ('đến hết năm
    # 2030', 'từ năm 2025 trở đi', 'năm 2025 và các năm tiếp theo'), a span ('giai đoạn 2026 - 2030'), the months
    # of a year ('những tháng cuối năm 2025'), or alone where a cell or field holds it ('Năm 2026').
    r"|(?:(?:đến\s+hết|đến\s+cuối|đến|vào|trong|từ|cuối|đầu|sau|trước|hết)\s+)năm\s+\d{4}(?:\s*[-–]\s*\d{4})?"
    r"|năm\s+\d{4}\s+(?:và|trở)\s+(?:các\s+năm|những\s+năm|đi)"
    r"|giai\s+đoạn\s+\d{4}\s*[-–]\s*\d{4}|năm\s+\d{4}\s*[-–]\s*\d{4}"
    r"|(?:các|những)\s+tháng\s+(?:cuối|đầu)\s+năm(?:\s+\d{4})?"
    r"|(?:^|(?<=[|:]\s)|(?<=[|:]))năm\s+\d{4}"
    # A year in brackets ('báo cáo tổng kết (năm 2030)') and a target's year ('các chỉ tiêu, nhiệm vụ năm 2026', 'phấn
    # đấu năm 2025', 'tăng trưởng cả nước năm 2025'; in lower case: 'Kế hoạch … năm 2025' names a plan).
    r"|\(\s*năm\s+\d{4}\s*\)"
    # The year a figure is compared with ('giảm 20% so với mức trung bình năm 2024', 'tăng 5% so với năm 2024').
    r"|(?<=so\svới\s)(?:[^\s\d,;.()]+\s+){0,4}?năm\s+\d{4}"
    # A table's cell that holds a year, alone or after a word or two ('| Kế hoạch 2026 |', '| ƯTH Năm 2025 |', '| 2025 |').
    r"|(?<=\|)\s*(?:[^|\d]{1,30}\s)?(?:19|20)\d\d(?=\s*\|)"
    # A range of days in one month ('Tuần lễ … (01 - 08/6)': its last day may be another phrase's) and a count per day,
    # week … ('báo cáo 02 lần/ngày').
    r"|(?<![\d/])\d{1,2}\s*[-–]\s*\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?(?![\d/])"
    r"|(?:\d{1,2}\s+)?lần\s*/\s*(?:ngày|tuần|tháng|quý|năm)\b"
    # A year's whole or its first months ('tăng trưởng … cả năm 2025', 'Trong 10 tháng năm 2025'), a year's figure ('năm
    # 2026 đạt từ 10%'), a new year's holiday ('dịp Tết Nguyên đán 2026') and a time from the text's own day ('từ ngày ban
    # hành Kế hoạch đến khi …').
    r"|(?:cả|\d{1,2}\s+tháng(?:\s+đầu)?)\s+năm\s+\d{4}|năm\s+\d{4}(?=\s+(?:đạt|tăng|giảm|bằng|không\s+quá|tối\s+đa))"
    # The year whose results a report gives ('báo cáo kết quả thực hiện Nghị quyết năm 2026'): the year of the work, not
    # of a document's name.
    r"|(?:kết\s+quả|tình\s+hình)\s+(?:thực\s+hiện|triển\s+khai)(?:\s+[^\s\d,;.()]+){0,3}?\s+năm\s+\d{4}"
    r"|Tết\s+(?:Nguyên\s+đán\s+)?(?:[A-ZĐ]\w+\s+[A-ZĐ]\w+\s+)?\d{4}|(?:kể\s+)?từ\s+ngày\s+(?:ký|ban\s+hành)\b"
    r"|(?-i:(?:[Mm]ục tiêu|[Nn]hiệm vụ|[Cc]hỉ tiêu|kế hoạch|[Pp]hấn đấu|[Tt]ăng trưởng)(?:,\s*(?:mục tiêu|nhiệm vụ|chỉ tiêu|kế hoạch))?"
    r"(?:\s+[^\s\d,;.()]+){0,2}?\s+năm\s+\d{4})"
    # The year a clause's work is done in, ending it ('… thương mại điện tử tỉnh Sơn La năm 2025; nghiên cứu …', '… sắp
    # xếp đơn vị hành chính cấp xã năm 2025, bình quân …'), a table's cell printed alone on its line where a web copy
    # broke the row ('2025'), and a vision's year written without 'năm' ('Tầm nhìn đến 2045').
    r"|năm\s+\d{4}(?=\s*[;.,](?:\s|$))|^\s*(?:19|20)\d\d\s*$|(?<=\s)đến\s+(?:19|20)\d\d(?![\d/])"
    # A season of a year ('kích cầu du lịch hè 2026', 'mùa du lịch Hè năm 2026'), a school year or a term ('đầu năm
    # học 2026 - 2027', 'nhiệm kỳ 2026 - 2031') and a span of years in brackets ('Giai đoạn 1 (2026 - 2028)').
    r"|(?<!\w)(?:hè|xuân|thu|đông)\s+(?:năm\s+)?(?:19|20)\d\d(?![\d/])"
    r"|mùa\s+(?:mưa\s+bão|mưa\s+lũ|mưa|khô|lũ|bão)\s+(?:năm\s+)?(?:19|20)\d\d(?![\d/])"
    r"|(?:năm\s+học|nhiệm\s+kỳ)\s+(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d"
    r"|\(\s*(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d\s*\)",
    re.I)
_CITED = re.compile(r"(?:số\s+[\w./&-]+|\d+/[\w./&Đđ-]*[A-ZĐ][\w./&Đđ-]*)\s*(?:của\s+[^,;]{0,60}?\s*)?(?:ban\s+hành\s+|ký\s+)?"
                    r"(?:ngày\s*)?$|(?:Căn cứ|Thực hiện|Theo|tại|ban hành|kèm theo)\b[^;.]{0,120}?ngày\s*$", re.I)


def _date_key(text: str) -> str:
    return re.sub(r"\s+", "", fold(_normalise_dates(text)))


# A document or programme named in the clause before a year that ends it ('Kế hoạch tổ chức thi đua năm 2025.').
_NAMED_YEAR = re.compile(r"(?:Kế\s+hoạch|Chương\s+trình|Luật|Bộ\s+luật|Nghị\s+quyết|Nghị\s+định|Quyết\s+định|Chỉ\s+thị|Thông\s+tư|"
                         r"Đề\s+án|Dự\s+án|Công\s+văn|Thông\s+báo)\b[^;.:()]*$")


def _mentions(text: str) -> Iterator[re.Match[str]]:
    for m in _MENTION.finditer(text):
        numbers = re.fullmatch(r"(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*\d{4})?", m.group(0))
        if numbers and not (1 <= int(numbers.group(1)) <= 31 and 1 <= int(numbers.group(2)) <= 12):
            continue  # '15/30' is no date
        if re.fullmatch(r"tháng\s+(\d{1,2})", m.group(0), re.I) and not 1 <= int(m.group(0).split()[-1]) <= 12:
            continue
        if re.fullmatch(r"năm\s+\d{4}", m.group(0), re.I) and _NAMED_YEAR.search(text[max(0, m.start() - 120):m.start()]):
            continue  # '… Kế hoạch phòng, chống ma túy năm 2025.': the year of a document's or programme's name
        yield m


def _decision_paragraphs(d: Draft, spans: list[tuple[int, int]]) -> list[Paragraph]:
    """A quyết định's own text before the plan it carries ('Căn cứ …', 'Điều 1 …'): no tasks, but its dates count."""
    if d.carries is None:
        return []
    start = max(f.line for f in (d.subject, d.dated, d.number) if f is not None)
    end = next((i for i in range(start, spans[0][0]) if d.lines[i].startswith("Nơi nhận")), spans[0][0])
    return _paragraphs(d.lines, [(start, end)]) if start < end else []


_FOOTNOTE = re.compile(r"^\[\d{1,3}\]")


def _title_paragraphs(d: Draft, spans: list[tuple[int, int]], book: _Book) -> list[Paragraph]:
    """The title's lines before the body ('KẾ HOẠCH' / 'TRIỂN KHAI QUYẾT ĐỊNH SỐ 06/QĐ-TTG NGÀY 02 THÁNG 01 …'): the dates
    it cites are dated phrases too, listed, never lost (the document's own date, when a copy ran it into the title line,
    is the issue date)."""
    if d.subject is None or not 0 < d.subject.line <= spans[0][0]:
        return []
    if d.dated is not None:
        book.use(d.dated.line, str(d.dated.value))
    end = d.subject.line
    # The title's block ends at its first blank line or where a decision's grounds begin ('Căn cứ …', 'CHỦ TỊCH …').
    while end < spans[0][0] and d.lines[end].strip() and not re.match(r"^(?:Căn cứ|Thực hiện|Xét|Theo đề nghị|CHỦ TỊCH|"
                                                                      r"QUYẾT ĐỊNH|BỘ TRƯỞNG|THỦ TƯỚNG)", d.lines[end]):
        end += 1
    paragraphs = _paragraphs(d.lines, [(d.subject.line - 1, end)])
    for p in paragraphs:
        book.where.setdefault(p.line, "in the document's title: check that it gives no deadline")
    return paragraphs


def _footnote_paragraphs(d: Draft, spans: list[tuple[int, int]]) -> list[Paragraph]:
    """What is printed after the body outside its annexes: the closing words after 'Trên đây …', footnotes a web copy
    prints after the signature ('[1] Thông báo số 627/TB-VPCP ngày 18/11/2025 …'), a list of documents under the
    signature ('Danh mục các văn bản đã ban hành'). No tasks, but their dates count: each is listed, never lost."""
    inside = {i for start, end in spans for i in range(start, end)}
    out: list[tuple[int, int]] = []
    for i in range(spans[0][1], len(d.lines)):
        if i in inside:
            continue
        if out and out[-1][1] == i:
            out[-1] = (out[-1][0], i + 1)
        else:
            out.append((i, i + 1))
    return _paragraphs(d.lines, out) if out else []


def _leave_unlisted(d: Draft, paragraphs: list[Paragraph], spans: list[tuple[int, int]], book: _Book) -> None:
    """Every numbered item or article ('1.', 'a)', 'II.', 'Điều 3.') that ends in no task or part is listed with why,
    never dropped: one printed after the body (a list under the signature), an article with no task of its own."""
    taken = {t.line for t in d.tasks} | {p.line for t in d.tasks for p in t.parts} | {u.line for u in book.not_tasks}
    for p in paragraphs:
        # ('“2. Các Sở, ban, ngành …”', '“Điều 6. Quy trình thực hiện': the wording a text amends, quoted after 'như sau:'.)
        quoted = p.text[:1] in "“\"" and (_ARTICLE.match(p.text[1:].lstrip()) or _item(p.text[1:].lstrip())) is not None
        article = _ARTICLE.match(p.text) is not None
        if p.line in taken or not (article or _item(p.text) or _section_of(p.text) or quoted) \
                or p.text[:1] in "-–+•|" or _ANNEX.match(p.text):  # an annex's title heads what is read below it
            continue
        if p.line > spans[0][1] and not any(start <= p.line - 1 < stop for start, stop in spans[1:]):
            reason = "printed after the body (closing words, or a list under the signature): not read for tasks"
        elif quoted:
            reason = "the quoted wording of a provision the text amends: its tasks, if any, are the items read under it"
        elif article:
            reason = "an article of the text that gives no task of its own; add one by hand if it does"
        else:
            reason = "a numbered item the draft read no task from; add it to a task by hand if it is one"
        book.leave(p.line, p.text, reason)
        taken.add(p.line)


def _unused_dates(d: Draft, paragraphs: list[Paragraph], sections: list[_Section], book: _Book) -> list[Unused]:
    """The dated phrases of the body that no part, campaign period or key date took, each with why."""
    for f in [*([d.period] if d.period else []), *d.key_dates]:
        book.use(f.line, f.quote)
    role_of = {}
    for section in sections:
        role_of[section.line] = section
    out: list[Unused] = []
    current: _Section | None = None
    skip: dict[int, int] = {}  # paragraph line -> the offset before which its dates were listed with the one above
    for k, p in enumerate(paragraphs):
        current = role_of.get(p.line, current)
        after = paragraphs[k + 1] if k + 1 < len(paragraphs) else None
        crossing = _crossing_mentions(p, after) if after is not None else []
        for joined, m in crossing:
            assert after is not None
            skip[after.line] = max(skip.get(after.line, 0), m.end() - len(p.text) - 1)
            if not book.is_used(p.line, m.group(0)) and not book.is_used(after.line, m.group(0)):
                digit = re.search(r"\d", m.group(0))
                out.append(Unused(joined.line_at(m.start() + (digit.start() if digit else 0)),
                                  _clause(joined.text, m.start(), m.end()), _why_unused(joined, m, current, book)))
        for m in _mentions(p.text):
            # A sentence made a task inside a paragraph books its dates at the sentence's own line.
            if book.is_used(p.line, m.group(0)) or book.is_used(p.line_at(m.start()), m.group(0)) \
                    or m.start() < skip.get(p.line, 0) or any(c.start() <= m.start() < len(p.text) for _, c in crossing):
                continue
            # (At the line of its first figure: 'vào' ending one line, 'năm 2050' the next, is listed at 'năm 2050'.)
            digit = re.search(r"\d", m.group(0))
            out.append(Unused(p.line_at(m.start() + (digit.start() if digit else 0)), _clause(p.text, m.start(), m.end()),
                              _why_unused(p, m, current, book)))
        out += [Unused(p.line_at(m.start() + 4), _clause(p.text, m.start(), m.end()), _LAW_YEAR_WHY)
                for m in _law_years(p.text) if not book.is_used(p.line, m.group(0))]
    return out


# The year of a law's name ('Luật Tổ chức Chính phủ năm 2025', 'Bộ luật Lao động năm 2019'): no time of the text's, but a
# dated phrase all the same, listed as a reference so that every date of the text is accounted for.
_LAW_NAME = re.compile(r"(?:Luật|Bộ\s+luật|Pháp\s+lệnh)\s+[^;.:()\d]{2,80}?$")
_LAW_YEAR_WHY = "the year of a law's name ('Luật … năm 2025'): a reference, not a deadline"


def _law_years(text: str) -> Iterator[re.Match[str]]:
    """The years of laws' names in a text, but for a year after a word of time ('Luật Đất đai, hoàn thành trong năm 2026')
    and one a dated phrase already holds."""
    if "uật" not in text and "lệnh" not in text:
        return  # (most paragraphs name no law: no second pass over their dates)
    taken = [(m.start(), m.end()) for m in _mentions(text)]
    for m in re.finditer(r"\bnăm\s+(?:19|20)\d\d\b", text):
        before = text[max(0, m.start() - 90):m.start()].rstrip()
        if _LAW_NAME.search(before) and not re.search(r"\b(?:trong|đến|từ|trước|sau|hết|cuối|đầu|vào)$", before, re.I) \
                and not any(a < m.end() and m.start() < b for a, b in taken):
            yield m


def _crossing_mentions(p: Paragraph, q: Paragraph) -> list[tuple[Paragraph, re.Match[str]]]:
    """Dated phrases a heading in capitals wrapped over two lines cut in two ('… SỐ 06/QĐ-TTG NGÀY 12 THÁNG 01' / 'NĂM
    2025 CỦA …', '… (GIAI ĐOẠN' / '2026-2030)'), each line being a paragraph of its own: read across the break."""
    if q.line != p.line + len(p.starts) or not (_is_upper(p.text) or _is_upper(q.text)):
        return []
    joined = Paragraph(p.line, f"{p.text} {q.text}", (*p.starts, *(len(p.text) + 1 + s for s in q.starts)))
    return [(joined, m) for m in _mentions(joined.text) if m.start() < len(p.text) < m.end()]


def _clause(text: str, start: int, end: int, width: int = 200) -> str:
    """The clause around a phrase, as far as the nearest ';' or sentence end; a long one clipped around the phrase
    (with '…' where it was cut), so that the date always shows."""
    left = max(text.rfind(";", 0, start), text.rfind(". ", 0, start)) + 1
    right_candidates = [k for k in (text.find(";", end), text.find(". ", end)) if k != -1]
    right = min(right_candidates) if right_candidates else len(text)
    if right - left <= width:
        return text[left:right].strip(" .;")
    a = max(left, min(start - width // 3, right - width))
    b = min(right, a + width)
    if a > left:
        a = text.find(" ", a, start) + 1 or a  # cut between words
    if b < right:
        b = text.rfind(" ", end, b) if text.rfind(" ", end, b) > end else b
    head = "…" if a > left else ""
    tail = "…" if b < right else ""
    return head + text[a:b].strip(" .;") + tail


def _why_unused(p: Paragraph, m: re.Match[str], section: _Section | None, book: _Book) -> str:
    before = p.text[max(0, m.start() - 160):m.start()]
    # ('… theo Phụ lục số 2A) và gửi về Bộ Nội vụ trước ngày 26/11/2025' is due then, whatever is cited before it.)
    if _CITED.search(before) and not re.search(r"(?:trước|chậm\s+nhất|hạn|hoàn\s+thành|xong)\s+(?:ngày\s*)?$", before, re.I):
        return "the date of a document cited, not a deadline"
    if _CITED_TIME.search(before):
        return _CITED_TIME_WHY
    if p.line in book.where:
        return book.where[p.line]
    if _section_of(p.text) or _ANNEX.match(p.text):
        return "in a heading: check that it gives no deadline"
    if section is not None and section.role in _ROLE_WORDS:
        return f'in the section "{section.heading}" ({_ROLE_WORDS[section.role]}), which gives no tasks'
    if any(u.line == p.line for u in book.not_tasks):
        reason = next(u.reason for u in book.not_tasks if u.line == p.line)
        return f"in an item that is not a task ({reason})"
    sentence = next((x for x, at in _sentences(p.text) if at <= m.start() <= at + len(x)), p.text)
    if any(key in _date_key(sentence) for key in book.used.get(p.line, ())):
        return "a second date in the text of a part: the part takes the first; split the part if both are deadlines"
    return "no task or deadline wording around it: check whether a task is due then"


# --------------------------------------------------------------------------- signature


_SIGN_PREFIX = re.compile(r"^(KT|TM|TL|TUQ|Q)\.?\s")
# A signature image's trace a PDF's text leaves at the end of a line: a bracket, perhaps after a letter or two.
_TRACE = re.compile(r"(?<=\S)[a-z]{0,2}[\[\]]+$")


_NAME = re.compile(r"(?:[A-ZĐÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÈÉẺẼẸÊẾỀỂỄỆÌÍỈĨỊÒÓỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÙÚỦŨỤƯỨỪỬỮỰỲÝỶỸỴ][^\s\d]*\s?){1,6}")


def _signature(d: Draft) -> None:
    """The signer's title (its lines, a title cut over two joined: 'TM. ỦY BAN' / 'NHÂN DÂN', 'KT. BỘ TRƯỞNG,' /
    'CHỦ NHIỆM') and name (cut or not: 'Vũ' / 'Chiến Thắng'), after 'Nơi nhận' or at the end; a web page's copy
    may run the whole block onto the copy list's last line."""
    lines = d.lines
    start = next((i for i, t in enumerate(lines) if _strip_marks(t).startswith("Nơi nhận")), None)
    if start is not None and (_cell_signature(d, start) or _beside_copy_list(d, start)):
        return
    if start is None:
        # No copy list: the block starts at its first 'KT.', 'TM.' line, not in an annex printed after it.
        signs = [i for i, t in enumerate(lines) if _SIGN_PREFIX.match(f"{_strip_marks(t)} ") and _is_upper(_strip_marks(t))]
        start = signs[0] - 1 if signs else max(0, len(lines) - 15)
    title: list[tuple[int, str]] = []
    for i in range(start + 1, len(lines)):
        text = _strip_marks(lines[i])
        trace = _TRACE.search(text)
        if trace and _is_upper(text[:trace.start()]):
            text = text[:trace.start()]  # ('PHÓ CHỦ TỊCHy]': the signature image's mark at the end of the title's line)
        if not text or (text[:1] in "-+•" and not title):
            if text and not title and _flat_signature(d, i, text):
                return
            continue
        if not title and not _is_upper(text) and _flat_signature(d, i, text):
            return  # '… (2b). Trung Anh KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn A' on a line of its own
        if title and not re.search(r"\w", text):
            continue  # ('[' under the title: a mark the signature's image left in the text)
        # ('HP_VP11_QĐ' after the copy list: the typist's file code, in capitals but no title.)
        if _is_upper(text) and (title or _SIGN_PREFIX.match(text) or len(text.split()) <= 4) \
                and not re.search(r"[\d_]", text):
            title.append((i, text))
            continue
        if title and _NAME.fullmatch(text):
            name = text
            nxt = next((k for k in range(i + 1, min(len(lines), i + 3)) if _strip_marks(lines[k])), None)
            if nxt is not None and len(name.split()) < 4 and _NAME.fullmatch(_strip_marks(lines[nxt])) \
                    and not _is_upper(_strip_marks(lines[nxt])) \
                    and len(name.split()) + len(_strip_marks(lines[nxt]).split()) <= 5:
                name = f"{name} {_strip_marks(lines[nxt])}"  # 'Vũ' / 'Chiến Thắng'
            if len(name.split()) < 2:
                title = []
                continue
            d.signer = Found(name, i + 1, lines[i])
            d.signer_title = Found(_title_text([t for _, t in title]), title[0][0] + 1, " / ".join(t for _, t in title))
            return
        if title:
            title = []


def _title_text(pieces: list[str]) -> str:
    """The title's lines as one text, a line that does not start a title ('NHÂN DÂN', or anything after a
    comma) joined to the line above it: 'TM. Ủy ban nhân dân — KT. Chủ tịch — Phó Chủ tịch'."""
    starts = tuple(fold(t) for t in words()["signer_titles"])
    joined: list[str] = []
    for piece in pieces:
        key = fold(piece)
        new = _SIGN_PREFIX.match(piece) or any(key == s or key.startswith(s + " ") for s in starts)
        # ('KT.' alone on its line, then 'CHỦ TỊCH': the prefix and its title are one.)
        if joined and (joined[-1].endswith(",") or not new or _SIGN_PREFIX.fullmatch(f"{joined[-1]} ")):
            joined[-1] = f"{joined[-1]} {piece}"
        else:
            joined.append(piece)
    return " — ".join(recase_title(t) for t in joined)


def _flat_signature(d: Draft, i: int, text: str) -> bool:
    """'- Lưu: VT, ĐMDN (2b). Trung Anh BỘ TRƯỞNG, CHỦ NHIỆM Mai Tiến Dũng': the title in capitals and the name at
    the end of a line."""
    tokens = text.split()
    k = _name_start(tokens)
    j = k
    while j > 0 and _is_upper(tokens[j - 1]) and not re.search(r"[()\d:]", tokens[j - 1]):
        j -= 1
    return _set_signature(d, i, tokens[j:k], tokens[k:])


def _cell_signature(d: Draft, i: int) -> bool:
    """'| Nơi nhận: - …; - Lưu: VT. | TL. BỘ TRƯỞNG VỤ TRƯỞNG VỤ KẾ HOẠCH - TÀI CHÍNH Phạm Văn A |': a web page's copy
    as Markdown puts the copy list and the signature in one table row; its last cell is the title and the name."""
    cells = [c.strip() for c in d.lines[i].strip(" |").split("|")]
    tokens = cells[-1].split() if len(cells) >= 2 else []
    k = _name_start(tokens)
    if not all(_is_upper(t) or not any(c.isalpha() for c in t) for t in tokens[:k]):
        return False
    return _set_signature(d, i, tokens[:k], tokens[k:])


def _beside_copy_list(d: Draft, start: int) -> bool:
    """'Nơi nhận: GIÁM ĐỐC' / 'Như trên;' / 'Thành ủy, HĐND, UBND thành phố; Lê Thị Bích Thuận': the copy list and the
    signature read across, the title on the list's first line and the name after an entry a few lines below."""
    m = re.match(r"Nơi nhận\s*:?\s*(\S.*)$", _strip_marks(d.lines[start]))
    if m is None or not _is_upper(m.group(1)):
        return False
    for i in range(start + 1, min(len(d.lines), start + 8)):
        after = re.search(r";\s*([^;]+)$", _strip_marks(d.lines[i]))
        name = after.group(1).split() if after else []
        if name and all(_NAME.fullmatch(t) and not _is_upper(t) for t in name):
            return _set_signature(d, i, m.group(1).split(), name)
    return False


def _name_start(tokens: list[str]) -> int:
    """Where the signer's name starts at the end of a line's tokens (its words in title case)."""
    k = len(tokens)
    while k > 0 and _NAME.fullmatch(tokens[k - 1]) and not _is_upper(tokens[k - 1]):
        k -= 1
    return k


def _set_signature(d: Draft, i: int, title_tokens: list[str], name: list[str]) -> bool:
    """Sets the signer and the title from line `i` when the name has two to five words and the title starts as a
    signer's title does."""
    title = " ".join(title_tokens)
    starts = tuple(fold(t) for t in words()["signer_titles"])
    if not 2 <= len(name) <= 5 or not title or not (_SIGN_PREFIX.match(title) or fold(title).startswith(starts)):
        return False
    d.signer = Found(" ".join(name), i + 1, d.lines[i])
    d.signer_title = Found(_title_text(_title_pieces(title)), i + 1, d.lines[i])
    return True


def _title_pieces(text: str) -> list[str]:
    """A signature's titles run onto one line, one per line again: 'KT. BỘ TRƯỞNG THỨ TRƯỞNG' -> 'KT. BỘ TRƯỞNG',
    'THỨ TRƯỞNG'. A title starts at 'KT.', 'TM.' … or at a title word once the piece holds one ('PHÓ CHỦ TỊCH'
    is one)."""
    starts = sorted((fold(t).split() for t in words()["signer_titles"]), key=len, reverse=True)
    tokens = text.split()
    pieces: list[list[str]] = []
    titled = False
    k = 0
    while k < len(tokens):
        keys = [fold(t) for t in tokens[k:]]
        title = next((t for t in starts if keys[:len(t)] == t), None)
        prefix = bool(_SIGN_PREFIX.match(tokens[k] + " "))
        after_pho = k > 0 and fold(tokens[k - 1]) == "pho"
        if not pieces or prefix or (title and titled and not after_pho):
            pieces.append([])
            titled = False
        n = len(title) if title else 1
        pieces[-1] += tokens[k:k + n]
        titled = titled or title is not None
        k += n
    return [" ".join(p) for p in pieces]


# --------------------------------------------------------------------------- who is given the tasks


@lru_cache(maxsize=1)
def _heads() -> tuple[str, ...]:
    """Words a body's name starts with, longest first."""
    return tuple(sorted({*words()["bodies"], *words()["committee"]}, key=len, reverse=True))


@lru_cache(maxsize=1)
def _verb_pattern() -> re.Pattern[str]:
    # Case matters: the verbs that follow a body are lower case, the same words inside its name are not
    # ('Sở Thông tin và Truyền thông', 'Sở Nông nghiệp và Phát triển nông thôn').
    verbs = "|".join(re.escape(v) for v in sorted(words()["actor_verbs"], key=len, reverse=True))
    any_case = "|".join(re.escape(v) for v in sorted(words()["actor_verbs_any_case"], key=len, reverse=True))
    # ('Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội': after 'các', 'tổ chức' names bodies.)
    return re.compile(rf"(?<!\scác)(?<!\snhững)\s(?:{verbs}|(?i:{any_case}))(?=[\s,;:.]|$)|\s\(|:|\.(?:\s|$)|;")


@lru_cache(maxsize=1)
def _title_pattern() -> re.Pattern[str]:
    titles = "|".join(re.escape(t) for t in sorted(words()["person_titles"], key=len, reverse=True))
    return re.compile(rf"^(?:(?:{titles})\s+)+(?=(?:các\s+)?[A-ZĐÀ-Ỹ]|các\s)", re.I)


# 'Sở, ban, ngành thành phố': a group written without its 'các', as the same group with it; so is a level's bodies
# ('cơ quan, tổ chức, đơn vị cấp tỉnh').
_LEVEL_GROUP = re.compile(r"(?i:(?:cơ\s+quan|tổ\s+chức|đơn\s+vị)(?:,\s*|\s+và\s+))+(?i:cơ\s+quan|tổ\s+chức|đơn\s+vị)"
                          r"\s+cấp\s+[^\W\d_]+")
# ('Cấp ủy, chính quyền địa phương các cấp …', 'cấp ủy, tổ chức đảng, chính quyền, đoàn thể các cấp …': the party's
# committees with the bodies beside them at every level, a group too.)
_PARTY_GROUP = re.compile(r"(?i:cấp\s+ủy(?:\s+đảng)?)(?:,\s*|\s+và\s+)(?i:tổ\s+chức\s+đảng|chính\s+quyền|đoàn\s+thể|mặt\s+trận)")
_BARE_GROUP = re.compile(rf"[Ss]ở,\s*(?:ban|ngành)\b|{_LEVEL_GROUP.pattern}|{_PARTY_GROUP.pattern}")


@lru_cache(maxsize=1)
def _body_start() -> re.Pattern[str]:
    """A body's name: a head word followed by a capital or a level ('Sở Y tế', 'UBND tỉnh', not 'Báo cáo' or
    'Ban hành'), or 'các' and a kind of body ('các sở, ban, ngành', 'các xã')."""
    heads = "|".join(re.escape(h) for h in _heads())
    levels = "|".join(re.escape(lv) for lv in sorted({*words()["levels"]["commune"], *words()["levels"]["district"],
                                                       *words()["levels"]["province"]}, key=len, reverse=True))
    groups = "|".join(re.escape(g) for g in sorted(words()["group_heads"], key=len, reverse=True))
    # ('Kho bạc nhà nước khu vực IX', 'Ngân hàng nhà nước khu vực 5': a name some texts go on with in lower case.)
    whole = _whole_pattern().pattern
    # ('Thành phố Hà Nội và các tỉnh Bắc Ninh, Gia Lai đẩy nhanh …': a conclusion notice names provinces as places; 'Các
    # trường hợp …' are cases, not schools.)
    # ('Bộ Luật hình sự năm 2015', 'Bộ luật Lao động': a code of law, no ministry.)
    return re.compile(rf"^(?!Bộ\s+[Ll]uật\b)(?:(?:{heads})(?:\s+(?:[{CAPITALS}0-9]|(?:{levels}|các|nhà\s+nước|cấp\s+(?:{levels}))\b"
                      rf"|và\s+[{CAPITALS}])|$)"
                      rf"|(?:[Tt]ỉnh|[Tt]hành\s+phố)\s+[{CAPITALS}]|(?i:các\s+(?:{groups}))\b(?!(?<=[Tt]rường)\s+hợp\b)"
                      rf"|(?i:{whole})(?=[\s,;:(\u201a]|$)|{_BARE_GROUP.pattern})")


def _starts_with_body(text: str) -> bool:
    # ('Công ty cổ phần Môi trường …': a company's kind in lower case before its name.)
    return bool(_body_start().match(text) or _COMPANY_KIND.match(text))


_COMPANY_KIND = re.compile(r"(?:Tổng\s+)?[Cc]ông\s+ty\s+(?:cổ\s+phần|trách\s+nhiệm\s+hữu\s+hạn)\s")


def _generic(name: str) -> bool:
    """'các đơn vị', 'các cơ quan, đơn vị liên quan': the addressees again, not a body of their own."""
    key = re.sub(r"^cac\s+", "", fold(name).strip(" ,."))
    pieces = [re.sub(r"\s*(?:co\s+)?lien\s+quan$", "", p.strip()) for p in re.split(r",|\bva\b", key)]
    generic = {fold(g) for g in words()["generic_actors"]}
    # ('các tổ chức, cá nhân liên quan' is generic as a whole; 'các tổ chức chính trị - xã hội' is not.)
    whole = re.sub(r"\s*(?:co\s+)?lien\s+quan$", "", re.sub(r"\s*,\s*", " ", key))
    # Organisations and people ('các tổ chức, cá nhân sử dụng điện', 'các tổ chức, cá nhân khác', 'cá nhân sử dụng …')
    # are the public a rule binds, not a body that reports ('các cơ quan, đơn vị, cá nhân sử dụng …' names bodies first).
    people = r"(?:ca\s+nhan|ho\s+gia\s+dinh|cong\s+dong\s+dan\s+cu|nguoi\s+dan)\b"
    public = bool(re.match(rf"(?:to\s+chuc\b|{people})", pieces[0])) and any(re.match(people, p) for p in pieces)
    return whole in generic or all(p in generic for p in pieces if p) or public


def _group_list(text: str) -> re.Match[str] | None:
    """'Các Bộ: Công an, Tư pháp' and 'UBND các tỉnh: Lạng Sơn, Cao Bằng': a group with its members named."""
    committee = "|".join(re.escape(c) for c in words()["committee"])
    # 'Sở Xây dựng các tỉnh, thành phố: Gia Lai, Đắk Lắk': a body of each place named ('Sở Xây dựng tỉnh Gia Lai').
    bodies = "|".join(re.escape(b) for b in sorted(words()["bodies"], key=len, reverse=True))
    m = re.match(rf"^(?:({committee}|(?:{bodies})\s[^:;,.]{{2,40}}?)\s+)?[Cc]ác\s+([^:;.]{{2,40}}?)\s*:\s*", text)
    if m is None or _verb_pattern().search(f" {m.group(2)} ") or not _body_start().match(f"các {m.group(2)}"):
        return None  # 'các đơn vị thực hiện như sau:' opens a list; it names no members
    places = {fold(w) for level in ("province", "commune", "district") for w in words()["levels"][level]}
    if m.group(1) and not re.match(rf"^(?:{committee})$", m.group(1)) \
            and fold(m.group(2).split(",")[0].strip()) not in places:
        return None  # a body then 'các …:' names places only
    first = re.split(r"[,;]", text[m.end():], maxsplit=1)[0].strip()
    # ('Các Cục: Quản lý Dược, …' names its members by what they manage; a place is never a verb.)
    of_places = fold(m.group(2).split(",")[0].strip()) in places
    if len(first.split()) > 6 or _verb_pattern().search(f" {first} ") \
            or (of_places and _verb_pattern().search(f" {first.lower()} ")):
        # 'UBND các xã, phường: Xây dựng kế hoạch …', '…: Tổng hợp, phân tích, dự báo giá …' say what the group does, not
        # who is in it.
        return None
    return m


def _actor_end(text: str) -> int:
    """Where the body (or bodies) a sentence starts with ends: at its verb, a colon or a bracket; 0 if none."""
    t = _title_pattern().sub("", text)
    offset = len(text) - len(t)
    if not _starts_with_body(t):
        return 0
    group = _group_list(t)
    head = _body_start().match(t)
    # The verb comes after the body's head: 'Các tổ chức chính trị - xã hội' is a body, not 'Các' + 'tổ chức'.
    begin = group.end() if group else max(0, head.end() - 1) if head else 0
    masked = _whole_masked(t)
    m = _verb_pattern().search(masked, begin + 1)
    end = _trade_name_end(masked, m.start()) if m else len(t)
    # (A group with its members named may run long: 'Các Bộ, cơ quan: Tài chính, Xây dựng, … , Tập đoàn …'.)
    # (Bodies asked one after another may run long too: 'Đề nghị Văn phòng Tỉnh ủy, …, Chi cục Hải quan khu vực XI
    # tăng cường …', each piece between commas a body's name.)
    if end > 160 and not group and end <= 500 and _all_bodies(t[:end]):
        return offset + end
    if end > (400 if group else 160) or (m is None and len(t) > 120):
        return 0
    return offset + end


# A company's or a project board's name holds words of its trade that are verbs elsewhere ('Công ty Cổ phần tư vấn đầu tư
# xây dựng Hà Thành', 'Ban Quản lý dự án đầu tư xây dựng công trình … Thành phố'): it runs on past them to the proper name
# (a capital, or a number at its end: '… thương mại 68') that ends it.
_TRADE_HEAD = re.compile(r"(?:Tổng\s+[Cc]ông\s+ty|[Cc]ông\s+ty|Tập\s+đoàn|Ban\s+[Qq]uản\s+lý\s+(?:các\s+)?dự\s+án)\b")
_TRADE_WORD = re.compile(r"\s(?:xây\s+dựng|đầu\s+tư|phát\s+triển|tư\s+vấn|thương\s+mại|dịch\s+vụ|sản\s+xuất|kinh\s+doanh)(?=\s)")
_NAME_BREAK = re.compile(r"\s(?:theo|tại|trên|trong|của|để|về|với|cho)\s")  # ('… Sông Đà 9 theo địa bàn quản lý …')


def _trade_name_end(masked: str, end: int) -> int:
    """Where a body's name ends that its first verb would cut at `end`: past the words of a company's trade when a
    proper name follows them."""
    if not _TRADE_HEAD.match(masked):
        return end
    pos, best = end, end
    while _TRADE_WORD.match(masked, pos):
        stops = [m.start() for m in (_verb_pattern().search(masked, pos + 1), _NAME_BREAK.search(masked, pos + 1)) if m]
        pos = min(stops, default=len(masked))
        if re.search(rf"\s[{CAPITALS}]|\s\d+$", masked[end:pos].rstrip()):
            best = pos
    return best


@lru_cache(maxsize=1)
def _whole_pattern() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w).replace(",\\ ", "[,\u201a]\\s*").replace("\\ ", "\\s+")
                               for w in sorted(words()["whole_bodies"], key=len, reverse=True)), re.I)


def _whole_masked(text: str) -> str:
    """The text with the words inside whole bodies' names hidden from the verbs ('Cổng thông tin điện tử': 'thông tin'
    is no verb there), its length kept."""
    hide = lambda m: re.sub(r"[\s,\u201a]", "_", m.group(0))  # noqa: E731
    # ('cơ quan, tổ chức, đơn vị cấp tỉnh' is a group, its 'tổ chức' no verb; so is 'các cơ quan, tổ chức, đơn vị'.)
    text = re.sub(r"(?i:(?:cơ\s+quan|đơn\s+vị)\s*,\s*)tổ\s+chức(?=\s*[,;]|\s+(?:và|thuộc)\s)", hide, text)
    # ('… các nhà thầu thi công các công trình khẩn cấp phải …': the works, 'công trình', hold no verb 'trình'.)
    text = re.sub(r"(?<=\s)công\s+trình\b", hide, text)
    return _BARE_GROUP.sub(hide, _whole_pattern().sub(hide, text))


def _all_bodies(text: str) -> bool:
    """Whether every piece of a list between commas (and 'và') starts with a body's name."""
    pieces = [p.strip() for p in _and_split(re.split(r",\s*", _keep_names(text))) if p.strip()]
    return len(pieces) >= 2 and all(_starts_with_body(_title_pattern().sub("", p)) for p in pieces)


# A clause of time or occasion before the bodies ('Định kỳ (trước ngày 30 tháng 6 hằng năm), Ủy ban nhân dân cấp xã có
# trách nhiệm: …', 'Sau khi nhận được đề nghị của …, Sở Tài chính tham mưu …', 'Hằng năm, Sở Nội vụ …'): when, not who.
# So is a deadline ('Trước ngày 20 tháng 12 hằng năm, Ủy ban nhân dân xã lập danh sách …', 'Trong thời hạn 05 ngày làm việc,
# kể từ ngày nhận đủ hồ sơ, Phòng Kinh tế … thẩm định …').
_WHEN_CLAUSE = re.compile(r"^(?:Định\s+kỳ|[Hh][ằà]ng\s+(?:năm|quý|tháng|tuần)|Sau\s+khi|Trước\s+khi|Kết\s+thúc|Trước\s+ngày|"
                          r"Trong\s+(?:thời\s+hạn\s+)?\d{1,3}\s+ngày)\b[^;:.]{0,120}?,\s*")
# A further clause before the bodies: words without figures, or a time ('…, trong 05 ngày làm việc, Sở …').
_MORE_CLAUSE = r"(?:[^\d;:.,]{1,60}?|\s*(?:trong|chậm\s+nhất|trước\s+ngày)\s[^;:.,]{1,40}?),\s*"


def _based_on(text: str) -> int:
    """Where the bodies start after a clause that says what the task is based on ('Căn cứ Kế hoạch này, các sở …
    xây dựng kế hoạch'; 'Căn cứ chức năng, nhiệm vụ, Sở Y tế …'; 'Trên cơ sở đề xuất của các sở, ngành, Sở Tài chính
    …'): the task is theirs; 0 when no body follows one."""
    m = re.match(r"^(?:Căn\s+cứ|Trên\s+cơ\s+sở)\s+[^\d;:.]{3,80}?,\s*", text.strip())
    when = m is None
    m = m or _WHEN_CLAUSE.match(text.strip())
    while m is not None:
        rest = _untitled(text.strip()[m.end():])
        # ('Căn cứ vào các kiến nghị mà đoàn kiểm tra của Bộ Nội vụ, Sở Tư pháp đã chỉ ra, các sở …': a body that did
        # something is still the clause's.)
        if _starts_with_body(rest) and not re.match(r"\s*(?:đã|đang|vừa)\s", rest[_actor_end(rest):]):
            return m.end() + len(text) - len(text.lstrip())
        before = m.end()
        m = re.match(rf"{re.escape(m.group(0))}{_MORE_CLAUSE}", text.strip())
        clause = re.sub(r"\bngày\s+làm\s+việc\b", "", text.strip()[before:m.end()]) if m else ""
        if when and _verb_pattern().search(f" {clause.rstrip(', ')} "):
            return 0  # ('Trong thời hạn 02 ngày, gửi kết quả đến Thường trực …, Ban …': what is done, and to whom)
    return 0


# 'Khuyến khích Liên đoàn Lao động tỉnh, Hội Nông dân tỉnh xây dựng …': the bodies a plan encourages, outside the
# issuer's command (the Front, the mass organisations), named with a capital, are given the task ('Khuyến khích các thôn,
# xóm …', 'Khuyến khích các hộ gia đình …' encourage the public).
_ENCOURAGED = rf"Khuyến khích(?=\s+(?-i:[{CAPITALS}]))"


_HOTLINE = re.compile(r"^[^:;]{3,160}:\s*\(?\d[\d\s.()–-]{6,}\d\s*\.?\s*$")


def _members_after_group(t: str) -> list[str]:
    """'Đơn vị duy trì thoát nước trên địa bàn Thành phố: Công ty …; Công ty …; … Công ty … theo địa bàn quản lý … có
    trách nhiệm:': a group named by what its members do, then the members one after another, the last up to its verb.
    'Các cơ quan đăng ký đầu tư (Sở Tài chính, Ban quản lý Khu kinh tế tỉnh, …):' names its members in brackets."""
    listed = re.match(r"^[Cc]ác\s[^():;.]{2,60}?\s*\(([^()]{5,400})\)\s*:?\s*$", t)
    if listed is not None and _all_bodies(listed.group(1)):
        return _split_actor(listed.group(1))
    m = re.match(r"^([^:;()]{3,80}?):\s*([^:]+;[^:]+)", t)
    labels = {fold(w) for kind in words()["field_labels"].values() for w in kind}
    if m is None or _starts_with_body(t) or fold(m.group(1)).strip() in labels:
        return []  # ('Đơn vị phối hợp: Sở Tư pháp; các cơ quan …': a task's field, not a group)
    pieces = [piece.strip() for piece in m.group(2).split(";")]
    if not all(_starts_with_body(piece) for piece in pieces):
        return []
    last = _actor_end(pieces[-1])
    return [*pieces[:-1], pieces[-1][:last].strip()] if last else []


def _actors_at_start(text: str, triggers: str = f"Giao|Đề nghị|Yêu cầu|Chỉ đạo|Phân công|{_ENCOURAGED}") -> list[str]:
    """The bodies a task's text starts with ('Sở Y tế chủ trì …', 'Giao các Bộ: Công an, Tư pháp có ý kiến …'); a body
    and its telephone number ('Công ty … Hà Thành: 0246.6758.683') is where to call, no task's body."""
    text = "" if _HOTLINE.match(text) else text[_based_on(text):]
    # 'Sở Nội vụ, trên cơ sở báo cáo của các cơ quan, đơn vị, chủ trì …': the clause set between the body and its verb.
    text = re.sub(r",\s*(?:trên\s+cơ\s+sở|căn\s+cứ)\s+[^\d;:.]{3,120}?,\s*(?=(?:chủ\s+trì|phối\s+hợp|tổng\s+hợp|"
                  r"tham\s+mưu|xây\s+dựng|thực\s+hiện|triển\s+khai|hướng\s+dẫn|kiểm\s+tra|báo\s+cáo)\b)", " ", text, count=1)
    t = _listed_group(_untitled(re.sub(rf"^(?:{triggers})\s*:?\s+(?:\(1\)\s*)?", "", text.strip(), flags=re.I)))
    # 'Trách nhiệm của các cơ quan quản lý cấp trên:', 'Nhiệm vụ của đối tượng kiểm kê:' name who the points are for.
    # 'Các cơ quan tham mưu quản lý ngành (gồm các Sở: Xây dựng, Công Thương, Tài chính)': the members in brackets.
    within = re.search(r"\(\s*gồm(?:\s+có)?\s*:?\s*(các\s+[^():]{2,30}:\s*[^()]+)\)", t)
    if within is not None and (group := _group_list(within.group(1))) is not None:
        return _members(group, within.group(1)[group.end():])
    members = _members_after_group(t)
    if members:
        return members
    duty = re.match(r"^(?:Trách\s+nhiệm|Nhiệm\s+vụ)(?:\s+và\s+quyền\s+hạn)?\s+của\s+([^:(;.]{3,240}?)\s*(?:[:(;.]|$)", t)
    if duty:
        name = duty.group(1).strip()
        if len(name.split()) > 12 and _starts_with_body(name):
            # ('1. Trách nhiệm của Sở Tư pháp hướng dẫn, tổ chức thực hiện …': the heading ran on into what it does.)
            return _actors_at_start(name, triggers="(?!)")
        if _POSTS.match(name):
            return []  # 'Trách nhiệm của văn thư', '… của cán bộ quản trị hệ thống': people in a post, no unit
        # (A duty article for the bodies in general, 'Trách nhiệm của các cơ quan, đơn vị': a group left for a person to list.)
        return [name] if len(name.split()) <= 12 and (not _generic(name) or _ADDRESSEES.match(name)) else []
    end = _actor_end(t)
    asks = re.match(r"\s*(?:đề\s+nghị|yêu\s+cầu)\s+", t[end:], re.I) if end else None
    if asks is not None:
        asked = _asked_body(t[end + asks.end():])
        if asked is not None:
            return asked
    # ('Báo Đấu thầu ngày 26 tháng 3 năm 2019 đưa tin …': a name holds no date; this is a report, not a body. 'Quỹ BHYT chi
    # trả theo mức hưởng quy định tại khoản 3 Điều 22 …' is what the fund does, by a verb the draft does not know.)
    # ('Cấp ủy, chính quyền địa phương các cấp, nhất là thành phố Hà Nội, … phải đi đầu': the places stressed are of the
    # group, not bodies beside it.)
    stressed = re.search(r",\s*(?:nhất\s+là|đặc\s+biệt\s+là)\s", t[:end]) if end else None
    if end and not stressed and not re.match(r"(?i:các|những)\s", t) and _DESCRIBES.search(t[:end]):
        return []  # 'Cổng TTĐT tỉnh là kênh …', '… có các chức năng …': what a thing is ('Các chủ rừng là tổ chức …' is not)
    out = [a for a in _split_actor(t[:stressed.start() if stressed else end]) if not _generic(a) and not _MENTION.search(a)
           and not _SENTENCE_WORDS.search(a) and not _SECTORS.match(a)] if end else []
    out += _bracketed_unit(t[end:]) if len(out) == 1 else []
    more = re.match(r";\s*(?:\(\d{1,2}\)\s*)?", t[end:]) if out else None
    if more is not None and _starts_with_body(_untitled(t[end + more.end():])):
        # 'Sở Văn hóa, Thể thao và Du lịch; Báo Điện Biên; Đài Phát thanh và Truyền hình tỉnh đẩy mạnh …': bodies
        # listed with semicolons before their verb.
        out += [a for a in _actors_at_start(_untitled(t[end + more.end():]), triggers="(?!)") if a not in out]
    return out


def _bracketed_unit(rest: str) -> list[str]:
    """'1. Văn phòng UBND tỉnh (Trung tâm Công báo - Tin học tỉnh):': the heading of duties names, in brackets after the
    body, the unit of it that does them; a role ('(chủ trì)') or a date in brackets names none."""
    within = re.fullmatch(r"\s*\(([^()]{3,80})\)\s*:?\s*", rest)
    if within is None or not _starts_with_body(within.group(1).strip()) or _MENTION.search(within.group(1)):
        return []
    return _split_actor(within.group(1))


def _listed_group(t: str) -> str:
    """'Chánh Văn phòng …, Giám đốc các Sở: Tư pháp, Nông nghiệp và Môi trường; Chủ tịch …': a group with its members after
    another body of the list is written as its members ('Sở Tư pháp, Sở Nông nghiệp và Môi trường'), so that the list
    goes on past its colon."""
    m = re.search(r"(?<=,\s)((?:[^\s,;:]+\s){0,3}?)(các\s+[^:;,.]{2,40}?\s*:\s*[^;:.]{2,200}?)(?=;)", t[:400])
    group = _group_list(m.group(2)) if m is not None else None
    if m is None or group is None:
        return t
    return f"{t[:m.start(2)]}{', '.join(_members(group, m.group(2)[group.end():]))}{t[m.end(2):]}"


# What a rule says a thing is, has or works under ('X là kênh cung cấp thông tin …', 'X và Y có các chức năng …', 'X hoạt
# động dưới sự chỉ đạo của …'): a description, where the name would run on to these words.
_DESCRIBES = re.compile(r"\s(?:là|có\s+(?:các\s+)?chức\s+năng|hoạt\s+động\s+dưới)(?:\s|$)")
# People named by their post, in lower case ('văn thư cơ quan', 'cán bộ quản trị hệ thống', 'người quản trị …'); 'Công
# chức Tài chính - Kế toán xã' (capitalised, a post a commune reports as) is not among them.
_POSTS = re.compile(r"(?:người|văn\s+thư|cán\s+bộ|công\s+chức|viên\s+chức|chuyên\s+viên)\b")
_ADDRESSEES = re.compile(r"các\s+(?:cơ\s+quan|đơn\s+vị|địa\s+phương|sở|ngành)\b", re.I)
# 'Các ngành, lĩnh vực chủ yếu của nền kinh tế duy trì đà tăng …': the economy's sectors and fields, no bodies ('Sở quản lý
# ngành, lĩnh vực' is one).
_SECTORS = re.compile(r"^(?:các|những)\s+ngành\s*,\s*lĩnh\s+vực\b", re.I)
_SENTENCE_WORDS = re.compile(r"\s(?:theo|tại|khoản|điểm|Điều\s+\d+)\s")
"""Words of a sentence that no body's name holds: what runs on to them is a sentence, not a name."""


def _asked_body(rest: str) -> list[str] | None:
    """The bodies 'X đề nghị …' asks, when a body follows: 'Bộ Y tế đề nghị BHXH Việt Nam chỉ đạo …' (the body asked
    acts, not the one asking); none for the addressees asked again ('… đề nghị các cơ quan, đơn vị …'). None when no
    body follows: 'Bộ Xây dựng đề nghị sửa đổi …' proposes, and acts."""
    rest = _title_pattern().sub("", rest)
    if _starts_with_body(rest):
        return _actors_at_start(rest)
    if not rest[:1].isupper():
        return None
    verb = _verb_pattern().search(f" {rest}")
    name = rest[:verb.start() - 1].strip(" ,") if verb else ""
    return [name] if 2 <= len(name.split()) <= 8 and not _generic(name) else []


def _topic_actors(text: str) -> list[str]:
    """'Về dự án …: giao Bộ Xây dựng chủ trì …', 'Về kiến nghị …: Ủy ban nhân dân tỉnh rà soát …': a conclusion
    notice names the matter first, then after its colon the body to act (Thông báo kết luận's layout)."""
    t = text.strip()
    if not re.match(r"^Về\s[^:]{3,600}?(?::|,\s*(?:giao|đề nghị|yêu cầu)\s)", t):
        return []
    # The body may follow a later colon ('Về …: tăng số lượng …, bố trí đủ biên chế: giao Bộ Nội vụ chủ trì …').
    rest, out = "", []
    for colon in [*re.finditer(r":\s*", t[:1200]), *(m for m in _TRIGGER.finditer(t[:1200]) if m.start() > 3)]:
        # ('Về dự án …, đề nghị Ủy ban nhân dân tỉnh …': after the request, when no colon leads to a body.)
        at = colon.start(1) if colon.re is _TRIGGER else colon.end()
        out = _actors_at_start(t[at:])
        if out:
            rest = t[at:]
            break
    # '…: đề nghị các Tập đoàn: A, B tổ chức …; Bộ Khoa học và Công nghệ hướng dẫn …': each clause that starts with a
    # body gives that body its share.
    for clause in re.split(r";\s*", rest)[1:]:
        out += [a for a in _actors_at_start(clause) if a not in out]
    return out


_KINDS = r"(?:cơ\s+quan|đơn\s+vị|tổ\s+chức|cá\s+nhân|địa\s+phương)"
# (Only a tail that takes in persons: 'các cơ quan, đơn vị liên quan' may be a group a task is given to.)
_CONCERNED = re.compile(rf"(?<=\S)\s*(?:,|\bvà\b)\s*các\s+(?:{_KINDS}\s*,\s*)*cá\s+nhân(?:\s+khác)?\s+(?:có\s+)?liên\s+quan$",
                        re.I)


def _split_actor(text: str) -> list[str]:
    """One name per body: groups with their members expanded, 'A, B và C' split where each piece is a body,
    a person's title dropped ('Giám đốc Sở Y tế' is Sở Y tế), and the role it plays after a dash ('Sở Tài chính -
    Cơ quan thường trực Ban Chỉ đạo')."""
    out: list[str] = []
    for piece in re.split(r"\n|;\s*", _named_provinces(text)):
        piece = re.sub(r"^(?:[-–+•]|\(\d{1,2}\))\s*", "", piece.strip()).strip(" ,.;:")  # '(2) Cục trưởng Cục …'
        # ('… Chủ tịch Ủy ban nhân dân xã, phường và các tổ chức, cá nhân có liên quan': the closing 'all concerned' names
        # no body; the bodies before it are named on their own.)
        piece = _CONCERNED.sub("", piece)
        # 'UBND các tỉnh/thành phố', 'các xã/ phường': a slash between kinds of place is the usual comma.
        piece = re.sub(r"\b(tỉnh|xã)\s*/\s*(thành phố|phường|đặc khu)\b", r"\1, \2", piece, flags=re.I)
        piece = re.sub(r"\s+[-–]\s+(?:Cơ quan|Thường trực|Phó|Thành viên|Ủy viên|Trưởng|Tổ trưởng|Thư ký)\b.*$", "", piece)
        # The part it plays in brackets ('(chủ trì)', '(chủ trì phần đầu tư tại địa phương)') and a footnote's mark
        # ('… TRỰC THUỘC TRUNG ƯƠNG[2]') are no part of a name.
        piece = re.sub(r"\s*\((?:chủ trì|cơ quan chủ trì|phối hợp|t/h|thực hiện)\b[^()]*\)$|\[\d{1,2}\]$", "", piece,
                       flags=re.I)
        if not piece:
            continue
        group = _group_list(piece)
        if group or _province_range(piece):
            out += _members(group, piece[group.end():]) if group else _province_range(piece)
            continue
        pieces = [_title_pattern().sub("", p.strip()).replace("\u201a", ",")
                  for p in _and_split(re.split(r",\s*", _keep_names(piece)))]
        if len(pieces) > 1 and all(_starts_with_body(p) and not p.lower().startswith("các") for p in pieces if p):
            out += _shared_tail([p for p in pieces if p])
        else:
            out += _bodies_in(_title_pattern().sub("", piece))
    return [o for o in dict.fromkeys(expand_abbreviations(o) for o in out) if o]


def _named_provinces(text: str) -> str:
    """'Các tỉnh Nghệ An, Quảng Ngãi' and '… và các tỉnh Bắc Ninh, Gia Lai' name each province ('tỉnh Nghệ An, tỉnh
    Quảng Ngãi'), when every name after 'các tỉnh' is the registry's; 'Sở Y tế các tỉnh …' (a body of each) is left."""
    keys = {province_key(p.short): p for p in provinces()}

    def named(m: re.Match[str]) -> str:
        names = [n.strip() for n in re.split(r",\s*|\s+và\s+", m.group(2))]
        if not names or any(province_key(n) not in keys for n in names):
            return m.group(0)
        lead = ", " if m.group(1).strip() == "và" else m.group(1)
        return lead + ", ".join(f"{_place_level(keys[province_key(n)])} {n}" for n in names)

    return re.sub(rf"(^|,\s*|\svà\s+)[Cc]ác\s+tỉnh\s+([{CAPITALS}][^,;:()]*?(?:(?:,\s*|\s+và\s+)[{CAPITALS}][^,;:()]*?)*)"
                  r"(?=\s*$|\s*[;:(])", named, text)


def _bodies_in(text: str) -> list[str]:
    """'Các sở, ban, ngành tỉnh, Ủy ban nhân dân các xã, phường' names two: a new body starts after a comma where
    a body's name does ('Ủy ban nhân dân …', 'Sở …', 'các cơ quan …'); the words between are the kinds or places
    of the one before ('ban', 'ngành', 'phường')."""
    out: list[str] = []
    for piece in _and_split(re.split(r",\s*", _keep_names(text))):
        piece = piece.replace("\u201a", ",").strip()
        # ('các Ban, Sở, ngành có liên quan': kinds of body after one 'các', one group.)
        if out and _starts_with_body(_title_pattern().sub("", piece)) and _starts_with_body(out[-1]) \
                and not (_lone_kind(out[-1]) and _lone_kind(f"các {piece}")):
            out.append(_title_pattern().sub("", piece))
        elif out:
            out[-1] = f"{out[-1]}, {piece}"
        else:
            out.append(piece)
    # '…, Trung tâm Y tế các xã, phường trên địa bàn tỉnh': the places at the end belong to each body.
    m = re.search(rf"\s(các\s+(?:{_levels_pattern()})(?:\s.*)?)$", out[-1]) if len(out) > 1 else None
    if m is None or any(re.search(rf"(?i)\bcác\b|\btỉnh\b|\b(?:{_levels_pattern()})\b", o) for o in out[:-1]):
        return out
    return [*(f"{o} {m.group(1)}" for o in out[:-1]), out[-1]]


def _lone_kind(text: str) -> bool:
    """'các Ban', 'các sở': a kind of body after 'các', nothing else (the start of a group the next kinds belong to,
    each a kind alone: 'Sở', 'ngành có liên quan' is read as its kind and what follows it)."""
    groups = "|".join(re.escape(g) for g in words()["group_heads"])
    return re.fullmatch(rf"(?i:các\s+(?:{groups}))", text.strip()) is not None


def _and_split(pieces: list[str]) -> list[str]:
    """'Sở Y tế và Công an tỉnh' is two bodies; 'Sở Thông tin và Truyền thông' is one."""
    out: list[str] = []
    for piece in pieces:
        parts = re.split(r"\s+và\s+", piece)
        current = parts[0]
        for nxt in parts[1:]:
            # 'Sở Y tế và Công an tỉnh'; '… cơ quan thuộc Chính phủ và Ủy ban nhân dân các tỉnh' (a named body after 'và').
            named = _starts_with_body(nxt) and not nxt.lower().startswith("các")
            # ('UBND các quận, thị xã và thành phố X': a place in lower case after 'và' is one more of the levels.)
            more_places = re.match(r"(?:tỉnh|thành\s+phố)\s", nxt) is not None
            if _starts_with_body(nxt) and (_starts_with_body(current) or named) and not more_places:
                out.append(current)
                current = nxt
            else:
                current = f"{current} và {nxt}"
        out.append(current)
    return out


def _shared_tail(pieces: list[str]) -> list[str]:
    """'Phòng Văn hóa và Thông tin, Trung tâm Văn hóa các <levels>': the places at the end belong to each; not to a
    ministry or a department before them ('Sở Y tế, Ủy ban nhân dân các xã': a province's department is no commune's)."""
    m = re.search(rf"\s(các\s+(?:{_levels_pattern()}))$", pieces[-1])
    if m is None or any(re.search(rf"\bcác\b|\b(?:{_levels_pattern()})\b|^(?:Sở|Bộ)\s", p) for p in pieces[:-1]):
        return pieces
    return [*(f"{p} {m.group(1)}" for p in pieces[:-1]), pieces[-1]]


def _keep_names(text: str) -> str:
    """Commas inside a body's official name ('Văn hóa, Thể thao và Du lịch') hidden from the splitting."""
    for name in words()["names_with_commas"]:
        text = re.sub(re.escape(name).replace(",\\ ", ",\\s*").replace("\\ ", "\\s+"),
                      lambda m: m.group(0).replace(",", "\u201a"), text, flags=re.I)
    return _LEVEL_GROUP.sub(lambda m: m.group(0).replace(",", "\u201a"), text)


def _province_range(text: str) -> list[str]:
    """'Ủy ban nhân dân các tỉnh, thành phố từ Hà Tĩnh đến Lâm Đồng': the committee of each province from the first to
    the last in the registry's order (the statistics office's codes run north to south)."""
    committee = "|".join(re.escape(c) for c in words()["committee"])
    m = re.match(rf"^({committee}|Sở\s[^,;:]{{2,40}}?)\s+các\s+tỉnh(?:,\s*thành\s+phố)?\s+từ\s+([^,;:()]{{2,30}}?)\s+(?:đến|tới)\s+"
                 r"([^,;:()]{2,30}?)(?=\s*(?:[,;:(]|$|\s(?:trong|và|tổ|thực|khẩn|chỉ|triển)\b))", text)
    if m is None:
        return []
    keys = [province_key(p.short) for p in provinces()]
    first, last = province_key(m.group(2)), province_key(m.group(3))
    if first not in keys or last not in keys or keys.index(first) > keys.index(last):
        return []
    return [f"{m.group(1)} {_place_level(p)} {p.short}" for p in provinces()[keys.index(first):keys.index(last) + 1]]


def _registry_city(name: str) -> bool:
    return any(province_key(p.short) == province_key(name) and _place_level(p) == "thành phố" for p in provinces())


def _place_level(p: RegistryProvince) -> str:
    return "thành phố" if p.name.startswith("Thành phố") else "tỉnh"


def _members(group: re.Match[str], members: str) -> list[str]:
    kind = group.group(2).split(",")[0].strip()
    # The kind of body may be two words ('các Tập đoàn: Bưu chính Viễn thông Việt Nam' is 'Tập đoàn Bưu chính …').
    two = " ".join(kind.split()[:2])
    head = two if fold(two) in {fold(g) for g in words()["group_heads"]} else kind.split()[0]
    head = head[:1].upper() + head[1:]
    committee = group.group(1)
    out = []
    # Members are parted by commas: 'và' belongs to a name ('Giáo dục và Đào tạo', 'Văn hóa, Thể thao và Du lịch').
    for member in re.split(r",\s*|;\s*", _keep_names(members.strip(" .;"))):
        member = member.strip().replace("\u201a", ",")
        if not member:
            continue
        if committee:
            # 'UBND các tỉnh, thành phố: Gia Lai, Huế': each with its own level, a city's as the registry has it.
            level = group.group(2).split(',')[0].strip()
            city = re.search(r"thành\s+phố", group.group(2)) and _registry_city(member)
            out.append(f"{committee} {'thành phố' if city else level} {member}")
        elif _starts_with_body(member) and member not in _heads():
            out.append(member)  # 'Công an tỉnh' in 'Các sở, ngành: Tư pháp, Công an tỉnh' is named in full
        else:
            out.append(f"{head} {member}")
    return out


# --------------------------------------------------------------------------- recipients and units


def _levels_pattern() -> str:
    levels = sorted({*words()["levels"]["commune"], *words()["levels"]["district"]}, key=len, reverse=True)
    one = "(?:" + "|".join(re.escape(lv) for lv in levels) + rf")(?:\s+[{CAPITALS}][\w]*)*"
    return rf"{one}(?:\s*(?:,|và)\s*{one})*"


def _committee_pattern() -> str:
    return "(?:" + "|".join(re.escape(c) for c in words()["committee"]) + ")"


def _recipient_key(name: str) -> str:
    key = fold(_title_pattern().sub("", expand_abbreviations(name.strip())))
    for c in words()["committee"]:
        key = key.replace(fold(c), "ubnd")
    return re.sub(r"[^a-z0-9 ]", "", key).strip()


def _untitled(text: str) -> str:
    """A body's name without the titles of the person heading it: 'Bộ trưởng Bộ Công an - Phó Trưởng ban …' is Bộ
    Công an; 'Bộ trưởng các Bộ, Thủ trưởng cơ quan ngang bộ' is 'các Bộ, cơ quan ngang bộ'."""
    titles = "|".join(re.escape(t) for t in sorted(words()["person_titles"], key=len, reverse=True))
    text = re.sub(rf"\s+[-–]\s+(?:Phó\s+)?(?:{titles})\b.*$", "", text.strip())
    # 'Đồng chí Bí thư tỉnh ủy và Chủ tịch Ủy ban nhân dân các tỉnh: …': the comrade and the party post before the
    # body's head name the same places' committees.
    text = re.sub(r"^(?i:đồng\s+chí)\s+", "", text)
    # ('Giám đốc: Trung tâm Phục vụ hành chính công tỉnh; Trung tâm …': one title over the bodies listed after it.)
    text = re.sub(rf"^(?:{titles})\s*:\s*(?=[{CAPITALS}])", "", text)
    committees = "|".join(re.escape(w) for w in [*words()["not_levels"], "đảng ủy"] if w.endswith("ủy"))
    # 'Bí thư Tỉnh ủy, Thành ủy, Chủ tịch …': one party post over several committees.
    text = re.sub(rf"^(?i:bí\s+thư\s+(?:{committees})(?:\s*(?:,|\bvà\b)\s*(?:{committees}))*)\s*(?:,|\bvà\b)\s*", "",
                  text)
    for title, group in words()["lone_titles"].items():
        # 'Bộ trưởng, Thủ trưởng các cơ quan ngang Bộ': the title alone stands for the heads of its bodies.
        # ('Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ': the same heads, counted; 'Các Bộ trưởng, Chủ tịch Ủy ban nhân dân
        # cấp tỉnh' is left, the ministers standing for the ministries the text has just named.)
        text = re.sub(rf"^(?:(?i:các)\s+(?={re.escape(title)}\s*,\s*Thủ\s+trưởng\b))?{re.escape(title)}\s*,\s*",
                      f"{group}, ", text)
    # Before a group ('các …'), a head's title names the group's bodies ('Bộ trưởng các Bộ'); 'Trưởng các thôn' (the
    # village heads) are people, not the villages' bodies.
    heads = "|".join(re.escape(t) for t in sorted(words()["person_titles"], key=len, reverse=True) if " " in t)
    # 'Bí Thư, Chủ tịch Ủy ban nhân dân các tỉnh', 'Chủ tịch kiêm Tổng giám đốc Tập đoàn …', 'Chủ tịch HĐTV Tập đoàn …':
    # titles joined before the body, in any case.
    board = r"(?:\s+(?:HĐTV|HĐQT|Hội\s+đồng\s+(?:thành\s+viên|quản\s+trị)))?"
    joined = rf"^(?:(?i:{titles}){board}\s*(?:,|\bkiêm\b|\bvà\b)\s*)+(?i:{titles}){board}\s+(?=[{CAPITALS}]|các\s)"
    text = re.sub(rf"{joined}|^(?:{titles})\s+(?:HĐTV|HĐQT|Hội\s+đồng\s+(?:thành\s+viên|quản\s+trị))\s+(?=[{CAPITALS}]|các\s)", "",
                  text)
    text = re.sub(rf"(^|,\s*)(?:(?:{titles})\s+)+(?=[{CAPITALS}])|(^|,\s*)(?:{heads})\s+(?=các\s|cơ\s+quan\s)", r"\1\2",
                  text)
    return text


def expand_abbreviations(name: str) -> str:
    """'Sở KH&CN' -> 'Sở Khoa học và Công nghệ', 'Bộ TC' -> 'Bộ Tài chính': the usual short forms of a ministry's or
    department's name after its head word (draft_words.yaml), so that one body written two ways is one unit."""
    m = re.match(r"^(Sở|Bộ)\s+(\S+(?:\s*&\s*\S+)?)(.*)$", name)
    if m is None:
        return name
    full = words()["abbreviations"].get(m.group(2).replace(" ", ""))
    return f"{m.group(1)} {full}{m.group(3)}" if full else name


def _split_recipient(text: str) -> list[str]:
    text = _untitled(text.strip().rstrip(";.,").strip())
    titles = "|".join(re.escape(t) for t in sorted(words()["person_titles"], key=len, reverse=True))
    heads = re.match(rf"^(?i:{titles})\s*:\s*(?=\S)", text)
    if heads:
        # 'Tổng giám đốc: Đài truyền hình Việt Nam, Đài tiếng nói Việt Nam': the heads of the bodies listed.
        text = text[heads.end():]
    group = _group_list(text)
    if group:
        return _members(group, text[group.end():])
    if _province_range(text):
        return _province_range(text)
    pieces = [p.strip() for p in re.split(r"[,;]\s*", text) if p.strip()]
    bodies = sorted(words()["bodies"], key=len, reverse=True)
    if len(pieces) > 1 and all(any(p.startswith(b + " ") for b in bodies) for p in pieces):
        return pieces
    return [text]


def _recipients(d: Draft, paragraphs: list[Paragraph], body_start: int, body_end: int) -> list[Found]:
    lines = d.lines
    out: list[Found] = []
    seen: set[str] = set()

    def add(name: str, line: int, quote: str, addressed: bool = False) -> None:
        name = re.sub(r"\s*\((?:để\s+)?(?:t/h|th|thực hiện|p/h|phối hợp|biết)\)$", "", name.strip(), flags=re.I)
        key = _recipient_key(name)
        if name and key not in seen:
            seen.add(key)
            out.append(Found(name, line, quote))
            if addressed:
                d.addressed.append(out[-1])

    blocked = [fold(w) for w in words()["not_recipients"]]
    for i, text in enumerate(lines):
        if _KINH_GUI.search(text) and i < body_start:
            rest, items, _ = _salutation(lines, i)
            for name in re.split(r";\s*", rest.rstrip(".")) if rest else []:
                for one in _split_recipient(name.strip(" -.")):
                    add(one, i + 1, text, addressed=True)
            for line, item in items:
                for name in _split_recipient(item):
                    add(name, line, lines[line - 1], addressed=True)
        if text.startswith("Nơi nhận"):
            for line, item in _dash_block(lines, i + 1):
                if not any(b in fold(item) for b in blocked):
                    for name in _split_recipient(item):
                        add(name, line, lines[line - 1])
    collective = re.compile(rf"{_committee_pattern()}\s+các\s+{_levels_pattern()}")
    for p in paragraphs:
        if body_start < p.line <= body_end:
            for m in collective.finditer(p.text):
                line = p.line_at(m.start())
                add(m.group(0), line, lines[line - 1])
    return out


def _dash_block(lines: list[str], start: int) -> list[tuple[int, str]]:
    """The '- …' items from `start` on, each with the lines a PDF or a narrow column wrapped it onto."""
    items: list[tuple[int, str]] = []
    for j in range(start, len(lines)):
        text = lines[j] if lines[j].strip() != "|" else ""  # a lone '|' is a web page's table, not text
        if not text:
            continue
        if text[:1] in "-+•":
            items.append((j + 1, text.lstrip("-+• ")))
        elif text and items and items[-1][1][-1:] not in ";." and not _is_upper(text) and not _MARKER.match(text):
            items[-1] = (items[-1][0], f"{items[-1][1]} {text}")
        elif text:
            break
    return items


def _assigned(d: Draft) -> list[Found]:
    """Each body a task or a part is given to, once, at the first that names it."""
    out: list[Found] = []
    seen: set[str] = set()
    given = [(name, line) for task in d.tasks
             for name, line in [*((n, task.line) for n in task.units), *((n, p.line) for p in task.parts for n in p.units)]]
    for name, line in given:
        key = _recipient_key(name)
        if key and key not in seen:
            seen.add(key)
            out.append(Found(name, line, d.lines[line - 1] if 0 < line <= len(d.lines) else name))
    return out


def _province(d: Draft, wanted: str | None) -> str | None:
    from vietnam_provinces import Province

    provinces = list(Province.iter_all())
    if wanted:
        key = fold(wanted)
        for p in provinces:
            if key in (fold(p.name), str(p.code.value), fold(p.name).removeprefix("thanh pho ")):
                return str(p.code.value)
        from tracker.authoring.registry import unknown_province

        unknown = unknown_province(wanted, "--registry-province")
        raise DraftError(str(unknown), vi=unknown.vi)
    where = fold(" ".join(f.value for f in (d.issuer, d.parent, d.place) if f is not None))
    for p in sorted(provinces, key=lambda p: -len(p.name)):
        name = fold(p.name).removeprefix("thanh pho ")
        if re.search(rf"(?<!\w){re.escape(name)}$|(?<!\w){re.escape(name)}\W", where + " "):
            return str(p.code.value)
    return None


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def sheet_name(name: str) -> str:
    clean = "".join(" " if c in SHEET_NAME_FORBIDDEN else c for c in name)
    clean = " ".join(clean.split())
    return clean if len(clean) <= SHEET_NAME_MAX else clean[:SHEET_NAME_MAX].rstrip()


def _units(d: Draft) -> tuple[list[DraftUnit], list[Found], list[Found]]:
    """Units: the bodies 'Kính gửi' addresses and those given a task, each named body one unit (with its registry
    code when it is a commune), 'UBND các xã, phường' the province's communes; a group the text does not list is
    left for a person. 'Nơi nhận' lines naming no such body are suggestions."""
    communes = {fold(c) for c in words()["levels"]["commune"]}
    labels = {fold(k): v for k, v in words()["commune_labels"].items()}
    units: list[DraftUnit] = []
    unexpanded: list[Found] = []
    wards = _wards(d.province) if after_reform(d) else []
    chosen: list[Found] = []
    keys: set[str] = set()
    for r in [*d.addressed, *d.assigned]:
        r = replace(r, value=expand_abbreviations(r.value))  # a unit is named in full: 'Sở KH&CN' is Sở Khoa học …
        key = _recipient_key(r.value)
        same = next((k for k in keys if _same_body(k, key)), None)
        if key and same is None:
            keys.add(key)
            chosen.append(r)
        elif same is not None:
            keys.add(key)
    for r in chosen:
        name = _title_pattern().sub("", r.value)
        # ('UBND cấp xã': the committees of every commune, ward and special zone, as 'UBND các xã, phường, đặc khu'.)
        m = re.search(rf"\bcác\s+({_levels_pattern()})|\bcấp\s+(xã)$", name)
        if _referred(name, units):
            continue  # 'Các Sở Xây dựng nêu trên': the units named above, already listed
        # ('Sở quản lý ngành, lĩnh vực': the departments that manage each field, a group named by its role.)
        managing = re.match(r"^(?:Sở|[Cc]ơ\s+quan(?:\s+chuyên\s+môn)?)\s+quản\s+lý\s", name)
        if m is None and (re.match(r"^(Các|các|Những)\s", name) or _BARE_GROUP.match(name) or managing):
            unexpanded.append(r)  # 'Các sở, ban, ngành': a group whose members the text does not name
            continue
        if m is None:
            units.append(_named_unit(r, wards, labels))
            continue
        named = {fold(x.strip()) for x in re.split(r",|\bvà\b", m.group(1) or "") if x.strip()} or set(labels)
        if not (named <= communes and wards):
            unexpanded.append(r)
            continue
        each = _commune_units(r, name[:m.start()].strip(), {labels[n] for n in named if n in labels}, wards, labels)
        if any(u.code == e.code and _recipient_key(u.name) != _recipient_key(e.name) for u in units for e in each[:1]):
            # ('UBND cấp xã; …; Trung tâm Phục vụ hành chính công cấp xã': a second body in every commune, whose units
            # would share the communes' codes and sheets with the first: left for a person to split or merge.)
            unexpanded.append(r)
            continue
        units += each
    suggested = [r for r in d.recipients if not any(_same_body(_recipient_key(r.value), k) for k in keys)]
    return _distinct(units), unexpanded, suggested


def _commune_units(r: Found, prefix: str, wanted: set[str], wards: list[Any], labels: dict[str, str]) -> list[DraftUnit]:
    """The body of each commune of the kinds wanted ('UBND các xã, phường': 'UBND xã …', 'UBND phường …')."""
    return [DraftUnit(ward.codename.replace("_", "-"),
                      f"{prefix} {ward.name[:1].lower()}{ward.name[1:]}" if prefix else ward.name,
                      sheet_name(ward.name), f"{ward.code.value:05d}", {"loai": kind}, r)
            for ward in wards if (kind := labels.get(fold(ward.division_type.value))) is not None and kind in wanted]


def _referred(name: str, units: Sequence[DraftUnit]) -> list[DraftUnit]:
    """The units a group pointing back names ('Các Sở Xây dựng nêu trên' after 'Sở Xây dựng các tỉnh: Gia Lai, …'):
    those whose name starts with the group's kind of body."""
    m = re.match(r"^(?:Các|các|Những|những)\s+(.+?)\s+(?:nêu|kể|nói|có tên)\s+(?:trên|ở trên|tại [^,;]+)$", name.strip(" .:"))
    if m is None:
        return _provinces_referred(name, units)
    head = fold(m.group(1))
    return [u for u in units if fold(u.name).startswith(head + " ")]


def _provinces_referred(name: str, units: Sequence[DraftUnit]) -> list[DraftUnit]:
    """'UBND các tỉnh, thành phố trực thuộc Trung ương' in the body of a text addressed to named provinces'
    committees ('Chủ tịch UBND các tỉnh, thành phố: Điện Biên, Lai Châu'): those committees, at least two."""
    levels = "|".join(re.escape(lv) for lv in words()["levels"]["province"])
    m = re.match(rf"^{_committee_pattern()}\s+(?:các|cấp)\s+((?:{levels})(?:\s*,\s*(?:{levels}))*)"
                 r"(?:\s+trực\s+thuộc\s+Trung\s+ương)?(?:\s+(?:nêu|kể|nói)\s+(?:trên|ở\s+trên))?$", name.strip(" .:"))
    if m is None:
        return []
    # ('UBND cấp tỉnh' is every province's and city's committee.)
    named = words()["levels"]["province"] if re.search(r"\scấp\s", name) else m.group(1).split(",")
    heads = tuple(f"ubnd {fold(lv.strip())} " for lv in named)
    out = [u for u in units if _recipient_key(u.name).startswith(heads)]
    return out if len(out) > 1 else []


def _same_body(a: str, b: str) -> bool:
    """'Công chức Tài chính - Kế toán' and 'Công chức Tài chính - Kế toán xã': one body, named with and without
    its place."""
    if a == b or _commune_level(a) == _commune_level(b):
        return True
    short, long_ = sorted((a, b), key=len)
    if not long_.startswith(short + " "):
        return False
    levels = {fold(lv) for group in words()["levels"].values() for lv in group}
    rest = long_[len(short) + 1:]
    return any(rest == lv or rest.startswith(lv + " ") for lv in levels)


def _commune_level(key: str) -> str:
    """'UBND cấp xã', 'UBND các xã, phường' and 'UBND xã, phường' name one group: every commune's committee."""
    return re.sub(r"\bcac\s+(?=xa\b)", "", re.sub(r"\bcap xa$", "xa phuong", key))


def _distinct(units: list[DraftUnit]) -> list[DraftUnit]:
    """Each unit once (a commune reached by two lines of the text is one unit), with ids and sheet names the
    loader accepts: communes such as 'Xã Sơn Hà' and 'Xã Sơn Hạ' (one province) share a codename and fold to
    one sheet name, so each such pair carries its registry code."""
    once: dict[str, DraftUnit] = {}
    for u in units:
        once.setdefault(u.code or _recipient_key(u.name), u)
    units = list(once.values())
    ids = Counter(u.id for u in units)
    sheets = Counter(fold(u.sheet) for u in units)
    out: list[DraftUnit] = []
    taken: set[str] = set()
    for u in units:
        if ids[u.id] > 1 or sheets[fold(u.sheet)] > 1:
            tag = u.code or str(len(out) + 1)
            u = replace(u, id=f"{u.id}-{tag}", sheet=sheet_name(f"{u.sheet[:SHEET_NAME_MAX - len(tag) - 3]} ({tag})"))
        base, n = u.id or "don-vi", 2
        uid = base
        while uid in taken:
            uid, n = f"{base}-{n}", n + 1
        taken.add(uid)
        out.append(replace(u, id=uid[:64].strip("-") or f"don-vi-{len(out) + 1}"))
    return out


def after_reform(d: Draft) -> bool:
    return (d.issued_on is not None and d.issued_on >= REFORM_DAY) or (d.year() or 0) > REFORM_DAY.year


def _wards(province: str | None) -> list[Any]:
    from vietnam_provinces import Ward

    return list(Ward.iter_by_province(int(province))) if province else []  # type: ignore[arg-type]


def _named_unit(r: Found, wards: list[Any], labels: dict[str, str]) -> DraftUnit:
    """One unit for a named recipient; a commune named in full ('UBND phường Vinh Phú') gets its registry code."""
    key = fold(r.value)
    for ward in wards:
        if key.endswith(fold(ward.name)):
            kind = labels.get(fold(ward.division_type.value))
            return DraftUnit(ward.codename.replace("_", "-"), r.value, sheet_name(ward.name), f"{ward.code.value:05d}",
                             {"loai": kind} if kind else {}, r)
    return DraftUnit(slug(r.value)[:60].strip("-") or "don-vi", r.value, sheet_name(r.value), None, {}, r)


def unit_ids(d: Draft, names: Sequence[str]) -> list[str]:
    """The ids of the units a task's bodies became (a group's communes included); [] when one is not a unit."""
    out: list[str] = []
    for name in names:
        key = _recipient_key(name)
        found = [u.id for u in d.units if _same_body(_recipient_key(u.recipient.value), key)] \
            or [u.id for u in _referred(name, d.units)]
        if not found:
            return []
        out += found
    return list(dict.fromkeys(out))


# --------------------------------------------------------------------------- YAML


@dataclass(frozen=True)
class Todo:
    """A place in the draft a person must fill (`blocking`: the file does not load until then) or check."""

    field: str
    what: str
    blocking: bool


@dataclass(frozen=True)
class Rendered:
    text: str
    todos: tuple[Todo, ...]

    @property
    def to_fill(self) -> list[Todo]:
        return [t for t in self.todos if t.blocking]


class _Out(YamlLines):
    """The draft's lines, with every TODO written as a comment and kept in a list the summary counts."""

    def __init__(self) -> None:
        super().__init__()
        self.todos: list[Todo] = []

    def todo(self, where: str, what: str, indent: int = 0, blocking: bool = True) -> _Out:
        self.comment(f"TODO: {what}", indent)
        self.todos.append(Todo(where, what, blocking))
        return self

    def source(self, found: Found | None, indent: int = 0) -> _Out:
        if found is not None:
            quote = found.quote if len(found.quote) <= 110 else found.quote[:107] + "…"
            self.comment(f"line {found.line}: {quoted(quote)}", indent)
        return self


def tracker_id(d: Draft) -> str:
    kind = slug(d.kind.value) if d.kind else "van-ban"
    year = str(d.year() or "")
    subject = slug(re.sub(r"^(V/v|Về việc|Về)\s+", "", d.subject.value, flags=re.I)) if d.subject else ""
    head = "-".join(p for p in (kind, year) if p)
    words_ = subject.split("-")
    tail = ""
    for w in words_:
        if len(head) + len(tail) + len(w) + 2 > 60:
            break
        tail = f"{tail}-{w}" if tail else w
    return f"{head}-{tail}" if tail else head


def tracker_title(d: Draft) -> str:
    if d.carries is not None:
        return str(d.carries.value)
    if d.subject is None:
        return ""
    text = re.sub(r"^(V/v|Về việc|Về)\s+", "", d.subject.value, flags=re.I)
    return text[:1].upper() + text[1:]


def render_yaml(d: Draft, text_file: str | None = None) -> str:
    """The draft in the tracker format: comments quote the source line of each guess; TODOs name what is missing."""
    return render(d, text_file).text


def render(d: Draft, text_file: str | None = None) -> Rendered:
    y = _Out()
    y.comment(f"Draft made by `tracker draft` from {Path(d.source).name}. Each guessed field quotes the line it")
    y.comment("came from; fix what is wrong, fill every TODO, then run `tracker validate-definition` on this file.")
    for note in d.notes:
        y.comment(f"Reading: {note}.")
    y.field("id", tracker_id(d))
    title = tracker_title(d)
    if title:
        y.source(d.carries or d.subject).field("title", title)
    else:
        y.todo("title", "the tracker's title", blocking=False).field("title", "")
    y.blank().open("directive")
    _directive(y, d, text_file)
    y.blank()
    _campaign(y, d)
    _key_dates_yaml(y, d)
    _province_yaml(y, d)
    _units_yaml(y, d)
    _lists_yaml(y, d)
    _rhythm_yaml(y, d)
    _tasks_yaml(y, d)
    _left_out(y, d)
    return Rendered(y.text(), tuple(y.todos))


def _field(y: _Out, name: str, found: Found | None, what: str) -> None:
    if found is None:
        y.todo(f"directive.{name}", f"{what} was not found in the text", 2, blocking=False).field(name, "", 2)
    else:
        y.source(found, 2).field(name, found.value, 2)


def _directive(y: _Out, d: Draft, text_file: str | None) -> None:
    _field(y, "kind", d.kind, "the kind of document (Công văn, Kế hoạch, Chỉ thị, Quyết định …)")
    _field(y, "number", d.number, "the number and symbol ('Số: …')")
    _field(y, "issuer", d.issuer, "the issuing body")
    for name, what in (("signer", "who signed"), ("signer_title", "the signer's title")):
        found = getattr(d, name)
        if found is None:
            y.todo(f"directive.{name}", f"{name}: {what} was not found", 2, blocking=False)
        else:
            y.source(found, 2).field(name, found.value, 2)
    _field(y, "dated", d.dated, "place and date as printed ('…, ngày … tháng … năm …')")
    _field(y, "subject", d.subject, "the subject ('V/v …' or the plan's title)")
    plan = d.carries or (d.implements[0] if d.implements else None)
    if plan is not None:
        y.source(plan, 2).field("plan", plan.value, 2)
    for extra in d.implements[1:]:
        y.comment(f"also implements: {quoted(extra.value)} (line {extra.line})", 2)
    if d.issued_on is not None:
        y.source(d.dated, 2).field("issued_on", d.issued_on, 2)
    else:
        y.field("issued_on", None, 2, "the day is blank or missing on the document")
    if text_file:
        y.field("text_file", text_file, 2)


def _campaign(y: _Out, d: Draft) -> None:
    if d.period is None:
        y.todo("campaign", "the campaign period (start, end) was not found in the text").open("campaign")
        y.field("start", None, 2).field("end", None, 2).blank()
        return
    start, end = d.period.value
    y.source(d.period).open("campaign").field("start", start, 2).field("end", end, 2).blank()


def _key_dates_yaml(y: _Out, d: Draft) -> None:
    if not d.key_dates:
        return
    y.open("key_dates")
    taken: set[str] = set()
    for f in d.key_dates:
        name, day = f.value
        kid = slug(name)[:40].strip("-") or "ngay"
        base, n = kid, 2
        while kid in taken:
            kid, n = f"{base}-{n}", n + 1
        taken.add(kid)
        y.source(f, 2).item_field("id", kid, 2).field("name", name, 4).field("date", day, 4)
    y.blank()


def _province_yaml(y: _Out, d: Draft) -> None:
    y.comment("The office that tracks the directive: here, the issuer (change it if another office tracks it).")
    y.open("province")
    if d.issuer is None:
        y.todo("province.name", "the tracking office's name", 2, blocking=False).field("name", "", 2)
    else:
        y.source(d.issuer, 2).field("name", d.issuer.value, 2)
    for name in ("parent", "place"):
        found = getattr(d, name)
        if found is not None:
            y.source(found, 2).field(name, found.value, 2)
    if d.number is not None and "/" in d.number.value:
        y.source(d.number, 2).field("doc_symbol", d.number.value.split("/", 1)[1], 2)
    for name in ("signer", "signer_title"):
        found = getattr(d, name)
        if found is not None:
            y.field(name, found.value, 2)
    y.todo("province", "short_name (how the office names itself: 'Sở', 'UBND tỉnh'), office, staff_emails, signature",
           2, blocking=False)
    y.blank()


def _unexpanded_why(d: Draft, r: Found) -> str:
    if not re.search(rf"\bcác\s+({_levels_pattern()})", r.value):
        return "a group the text does not list"
    if not after_reform(d):
        return "the registry holds only the communes of the 2025 reform"
    if d.province is None:
        return "the province is not named in the header: give it with --registry-province"
    return "the registry lists communes only"


def _units_yaml(y: _Out, d: Draft) -> None:
    for r in d.unexpanded:
        y.todo("units", f"list the units of {quoted(r.value)} (line {r.line}): {_unexpanded_why(d, r)}",
               blocking=not d.units)
    if d.suggested:
        y.comment('"Nơi nhận" and the body also name these, given no task in the text (add any that reports):')
        for r in d.suggested:
            y.comment(f"  line {r.line}: {quoted(r.value)}")
    if not d.units:
        if not d.unexpanded:
            y.todo("units", "no unit could be listed from the text; add one entry per reporting unit")
        y.field("units", []).blank()
        return
    y.open("units")
    recipient: Found | None = None
    for u in d.units:
        if u.recipient is not recipient:
            recipient = u.recipient
            source = "the registry (vietnam-provinces), for " if u.code else ""
            y.comment(f"from {source}line {recipient.line}: {quoted(recipient.value)}", 2)
        entry: dict[str, Any] = {"id": u.id, "name": u.name, "sheet": u.sheet}
        if u.code:
            entry["code"] = u.code
        if u.labels:
            entry["labels"] = u.labels
        y.item(entry, 2)
    y.todo("units", "contacts (e-mail addresses) for each unit, inline or in a contacts_file", 2, blocking=False)
    y.blank()


def _lists_yaml(y: _Out, d: Draft) -> None:
    y.open("lists")
    if not d.tasks:
        y.todo("lists.tasks", "no numbered task was found; list the task tags here", 2).field("tasks", [], 2).blank()
        return
    y.comment("One tag per task for the entry sheet's 'Nhiệm vụ' dropdown; forms and audiences are the tracker's own.",
              2)
    y.open("tasks", 2)
    seen = {fold(t.id) for t in d.tasks}
    for t in d.tasks:
        # Two tasks titled alike ('Xây dựng và ban hành hướng dẫn …') would name one entry twice: the id tells them apart.
        label = t.title if fold(t.title) not in seen else f"{t.title} ({t.id})"
        seen.add(fold(label))
        y.item({"value": t.id, "label": label}, 4)
    y.todo("lists", "forms and audiences, if the rules need them", 2, blocking=False).blank()


def _applies_to(d: Draft, names: Sequence[str]) -> dict[str, Any] | None:
    ids = unit_ids(d, names)
    if not ids or len(ids) >= len(d.units):
        return None
    chosen = [u for u in d.units if u.id in ids]
    kinds = sorted({u.labels["loai"] for u in chosen if u.labels.get("loai")})
    by_label = {u.id for u in d.units if u.labels.get("loai") in kinds}
    if kinds and by_label <= set(ids):
        rest = [u.id for u in chosen if u.id not in by_label]
        return {"labels": {"loai": kinds}, **({"units": rest} if rest else {})}
    return {"units": ids}


def _tasks_yaml(y: _Out, d: Draft) -> None:
    if not d.tasks:
        y.todo("tasks", "no numbered task was found in the text; write the tasks by hand").field("tasks", [])
        return
    if d.report:
        y.comment(f"The report regime (line {d.report.line}): {quoted(d.report.value)}")
    y.open("tasks")
    for t in d.tasks:
        y.comment(f"line {t.line}", 2).item_field("id", t.id, 2).field("title", t.title, 4).field("quote", t.quote, 4)
        if t.units:
            y.comment(f"given to: {'; '.join(t.units)}", 4)
        if t.support:
            y.comment(f"with (phối hợp): {'; '.join(t.support)}", 4)
        applies = _applies_to(d, t.units)
        y.open("parts", 4)
        for p in t.parts:
            y.item_field("id", p.id, 6).field("title", _title(p.quote), 8).field("quote", p.quote, 8)
            if p.units:
                y.comment(f"given to: {'; '.join(p.units)}", 8)
            own = _applies_to(d, p.units) if p.units else applies
            if own is not None:
                y.field("applies_to", own, 8)
            _deadline_yaml(y, d, p.deadline, f"part {p.id} (line {p.line})")
            y.todo(f"part {p.id}", "check the rule; a first guess: at least one activity tagged with the task", 8,
                   blocking=False)
            y.field("rule", {"kind": "count", "tags": [t.id], "min": 1}, 8)


def _deadline_yaml(y: _Out, d: Draft, dl: Deadline | None, where: str) -> None:
    pad = 8
    if dl is None:
        y.todo(where, "the text gives this part no deadline; set `due` (a date) or `recurs` (a schedule)", pad)
        y.field("due", None, pad)
        return
    head = f"from {quoted(dl.phrase)}" + (f" ({dl.note})" if dl.note else "")
    if dl.due is not None:
        y.comment(head, pad).field("due", dl.due, pad)
        return
    if dl.every is None:
        y.todo(where, f"{dl.todo}; set `due` or `recurs`", pad).field("due", None, pad)
        return
    y.comment(head, pad).open("recurs", pad).field("every", dl.every, pad + 2)
    if dl.weekday:
        y.field("weekday", dl.weekday, pad + 2)
    if dl.day:
        y.field("day", dl.day, pad + 2)
    if dl.month:
        y.field("month", dl.month, pad + 2)
    if dl.next_period:
        y.field("due_next_period", True, pad + 2)
    if dl.time:
        y.field("time", dl.time, pad + 2)
    if d.period is not None:
        y.field("first", d.period.value[0], pad + 2, "the campaign's first period")
        y.field("last", d.period.value[1], pad + 2, "the campaign's last period")
    else:
        y.todo(where, "recurs: first and last (any day of the first and last period): the text gives no "
               "campaign period", pad + 2)
        y.field("first", None, pad + 2).field("last", None, pad + 2)


def _weekly_deadlines(d: Draft) -> list[tuple[Deadline, int]]:
    """Every weekly deadline the text gives (a part's, else the report regime's), with its line, in reading order."""
    found = [(p.deadline, p.line) for t in d.tasks for p in t.parts
             if p.deadline is not None and p.deadline.every == "week" and p.deadline.weekday]
    if not found and d.report is not None:
        found = [(dl, d.report.line) for dl in _deadlines(d, d.report.value) if dl.every == "week" and dl.weekday]
    return found


def _rhythm_yaml(y: _Out, d: Draft) -> None:
    """The tracker's weekly deadline (entry workbook, reminders) follows the text's weekly report deadline; the
    check runs on the next working day after it, as the format's own Thursday deadline and Friday check do."""
    default = Rhythm()
    weekly = _weekly_deadlines(d)
    if not weekly:
        y.todo("rhythm", f"the text gives no weekly deadline: the format's default applies (units update before "
               f"{default.deadline_time} {default.deadline_weekday}, the check runs on {default.check_weekday}); "
               "set `rhythm` if the office uses another day", blocking=False).blank()
        return
    first, line = weekly[0]
    assert first.weekday is not None  # _weekly_deadlines keeps only weekly deadlines with a weekday
    others = sorted({dl.spec() for dl, _ in weekly[1:]} - {first.spec()})
    y.comment(f"line {line}: from {quoted(first.phrase)}: the units' weekly deadline and the weekly check follow it")
    if others:
        y.todo("rhythm", f"the text gives other weekly deadlines too ({', '.join(others)}): the first one is used",
               blocking=False)
    after = WEEKDAYS.index(first.weekday) + 1
    check = WEEKDAYS[after] if after < 5 else WEEKDAYS[0]  # Friday, Saturday or Sunday: checked on Monday
    y.open("rhythm").field("deadline_weekday", first.weekday, 2)
    y.field("deadline_time", first.time or default.deadline_time, 2, "" if first.time else "no hour in the text")
    y.field("check_weekday", check, 2, "the next working day after the deadline")
    y.blank()


def _left_out(y: _Out, d: Draft) -> None:
    """What of the text the draft did not use, so that nothing is lost without a word."""
    if d.unused_dates:
        y.blank().comment(f"Dates in the text not used above ({len(d.unused_dates)}): check that none is a deadline.")
        for u in d.unused_dates:
            y.comment(f"  line {u.line}: {quoted(u.text)} ({u.reason})")
    if d.not_tasks:
        y.blank().comment(f"Numbered items not made tasks ({len(d.not_tasks)}): check that none is a task.")
        for u in d.not_tasks:
            y.comment(f"  line {u.line}: {quoted(u.text)} ({u.reason})")


# --------------------------------------------------------------------------- summary


@dataclass(frozen=True)
class SummaryRow:
    field: str
    value: str
    line: int | None
    status: Literal["found", "missing", "check"]


def summary(d: Draft) -> list[SummaryRow]:
    """What the draft found, what is missing and what a person should check, one row per field (in Vietnamese)."""
    return [*_summary_header(d), *_summary_work(d), *_summary_left(d)]


def _one(name: str, found: Found | None, check: bool = False) -> SummaryRow:
    """A field found once: missing, found, or found but to be checked."""
    if found is None:
        return SummaryRow(name, "", None, "missing")
    return SummaryRow(name, _short(found.value), found.line, "check" if check else "found")


def _many(name: str, value: str, line: int | None, ok: bool) -> SummaryRow:
    """A field summed up in words: found when ok, else to be checked when there is something, else missing."""
    return SummaryRow(name, value, line, "found" if ok else "check" if value else "missing")


def _summary_header(d: Draft) -> list[SummaryRow]:
    """The rows of the document's header: what it is, who issued it, when, and to whom."""
    rows: list[SummaryRow] = []
    if d.ocr:
        rows.append(_many("Nguồn văn bản", "nhận dạng ký tự (OCR) từ bản quét: kiểm tra từng tên, số, ngày", None,
                          False))
    rows += [
        _one("Loại văn bản", d.kind),
        _one("Số, ký hiệu", d.number, check=d.number is not None and d.number.value.startswith("…")),
        _one("Cơ quan ban hành", d.issuer),
        _one("Cơ quan chủ quản", d.parent),
        _one("Địa danh, ngày", d.dated, check=d.issued_on is None and d.dated is not None),
        _one("Trích yếu", d.subject),
        _one("Văn bản thực hiện", d.carries or (d.implements[0] if d.implements else None)),
        _one("Thời gian thực hiện", d.period),
        _many("Mốc thời gian", "; ".join(f"{n} {day:%d/%m/%Y}" for n, day in (f.value for f in d.key_dates)),
              d.key_dates[0].line if d.key_dates else None, bool(d.key_dates)),
        _many("Nơi nhận", "; ".join(_short(r.value, 40) for r in d.recipients),
              d.recipients[0].line if d.recipients else None, bool(d.recipients)),
    ]
    return rows


def _summary_work(d: Draft) -> list[SummaryRow]:
    """The rows of the work the draft found: units, tasks and their deadlines, the report, the signer."""
    rows: list[SummaryRow] = []
    coded = sum(1 for u in d.units if u.code)
    value = f"{len(d.units)} ({coded} theo danh mục hành chính)" if d.units else ""
    if d.unexpanded:
        value += ("; " if value else "") + f"{len(d.unexpanded)} nhóm cần liệt kê"
    rows.append(_many("Đơn vị", value, None, bool(d.units) and not d.unexpanded))
    if d.suggested:
        rows.append(_many("Gợi ý (chưa giao việc)", f"{len(d.suggested)} tên trong Nơi nhận, văn bản không giao nhiệm vụ",
                          None, False))
    parts = [p for t in d.tasks for p in t.parts]
    dated = sum(1 for p in parts if p.deadline is not None and p.deadline.spec() != "todo")
    rows.append(_many("Nhiệm vụ", f"{len(d.tasks)} nhiệm vụ, {len(parts)} phần" if d.tasks else "",
                      d.tasks[0].line if d.tasks else None, bool(d.tasks)))
    rows.append(_many("Thời hạn", f"{dated}/{len(parts)} phần có thời hạn" if parts else "", None,
                      bool(parts) and dated == len(parts)))
    rows += [_one("Chế độ báo cáo", d.report), _one("Người ký", d.signer), _one("Chức vụ người ký", d.signer_title)]
    return rows


def _summary_left(d: Draft) -> list[SummaryRow]:
    """The rows of what is left to a person: dates and numbered items the draft did not use, and the TODOs."""
    rows: list[SummaryRow] = []
    if d.unused_dates:
        rows.append(_many("Ngày chưa dùng", f"{len(d.unused_dates)} cụm ngày tháng không gắn với phần việc nào "
                                            "(xem cuối tệp)", d.unused_dates[0].line, False))
    if d.not_tasks:
        rows.append(_many("Mục không thành nhiệm vụ", f"{len(d.not_tasks)} mục đánh số (xem cuối tệp)",
                          d.not_tasks[0].line, False))
    todos = render(d).todos
    blocking = sum(1 for t in todos if t.blocking)
    rows.append(_many("Cần điền (TODO)", f"{blocking} chỗ phải điền để tệp nạp được, {len(todos) - blocking} chỗ cần "
                                         "kiểm tra", None, not todos))
    return rows


def _short(value: Any, width: int = 60) -> str:
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, date) for v in value):
        text = f"{value[0]:%d/%m/%Y} – {value[1]:%d/%m/%Y}"
    else:
        text = str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


# --------------------------------------------------------------------------- writing


def write_draft(d: Draft, path: str | Path, force: bool = False) -> Path:
    """Write the draft's YAML; refuse to overwrite a file (someone may have started filling it) unless forced."""
    path = Path(path)
    if path.exists() and not force:
        raise DraftError(f"{path} exists; give another --out, or --force to overwrite it")
    path.parent.mkdir(parents=True, exist_ok=True)
    text_file = None
    if Path(d.source).suffix.lower() == ".txt":
        text_file = os.path.relpath(Path(d.source).resolve(), path.parent.resolve())
    path.write_text(render_yaml(d, text_file=text_file), encoding="utf-8")
    return path


def open_problems(path: str | Path) -> list[DefinitionProblem]:
    """What still stops the written draft from loading: the fields a person must fill."""
    try:
        load_tracker(path)
    except DefinitionError as exc:
        return exc.problems
    return []
