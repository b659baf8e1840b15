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

from tracker.definition import SHEET_NAME_FORBIDDEN, SHEET_NAME_MAX, WEEKDAYS, Rhythm, load_tracker
from tracker.errors import DefinitionError, DefinitionProblem, TrackerError
from tracker.reader import Document, Table, read_document, tidy
from tracker.text import fold
from tracker.yaml_writer import YamlLines, quoted

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
    d = Draft(source=source, lines=[tidy(line) for line in lines], tables=tuple(tables), ocr=ocr, notes=tuple(notes))
    _header(d)
    spans = _body_spans(d)
    paragraphs = _paragraphs(d.lines, spans)
    d.implements = _implements(d.lines, paragraphs, spans[0][1])
    d.period = _period(d, paragraphs)
    d.key_dates = _key_dates(d, paragraphs)
    book = _Book()
    sections = _outline(d, paragraphs)
    d.tasks = _tasks(d, sections, book)
    d.tasks += _prose_tasks(d, sections, d.tasks, book)
    d.report = _report(paragraphs)
    _signature(d)
    d.recipients = _recipients(d, paragraphs, spans[0][0], spans[0][1])
    d.province = _province(d, registry_province)
    d.assigned = _assigned(d)
    d.units, d.unexpanded, d.suggested = _units(d)
    d.unused_dates = _unused_dates(d, [*_decision_paragraphs(d, spans), *paragraphs], sections, book)
    d.not_tasks = book.not_tasks
    return d


# --------------------------------------------------------------------------- header


_UPPER_SKIP = re.compile(r"^(CỘNG HÒA|CỘNG HOÀ|Độc lập|ĐỘC LẬP|-{3,}|_{3,}|\|)", re.I)
_NUMBER = re.compile(r"^\|?\s*Số\s*[:.]?\s*(.*?)\s*\|?$")
_DATE_LINE = re.compile(r"(?P<place>[^,|\d]{2,40}?)\s*,\s*ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})",
                        re.I)
_VV = re.compile(r"^(V/v|V/V|Về việc)\b")
_SUBJECT_STOP = re.compile(r"^(Căn cứ|Thực hiện|Kính gửi|Theo đề nghị|\(|Số\s*:|Điều \d)", re.I)


def _strip_marks(line: str) -> str:
    return line.replace("*", "").strip(" |")


def _is_upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _header(d: Draft) -> None:
    lines = d.lines
    top = min(len(lines), 40)
    org: list[tuple[int, str]] = []
    for i in range(top):
        text = _strip_marks(lines[i])
        if not text:
            continue
        if _UPPER_SKIP.match(text) or _NUMBER.match(text) or not _is_upper(text):
            break
        org.append((i, text))
    _issuer(d, org)
    for i in range(top):
        m = _NUMBER.match(lines[i])
        if m:
            value = m.group(1) or (lines[i + 1].strip(" |") if i + 1 < len(lines) and "/" in lines[i + 1] else "")
            value = re.sub(r"^(\.{2,}|…)?\s*/", "…/", value.replace(" ", ""))
            if value:
                d.number = Found(value, i + 1, lines[i])
            break
    for i in range(top):
        joined = lines[i] + (" " + lines[i + 1] if i + 1 < len(lines) else "")
        m = _DATE_LINE.search(lines[i]) or (_DATE_LINE.search(joined) if "ngày" in lines[i] else None)
        if m:
            place = m.group("place").strip(" |")
            day = m.group("d") or " "
            dated = f"{place}, ngày {day} tháng {m.group('m') or ' '} năm {m.group('y')}"
            d.place = Found(place, i + 1, lines[i])
            d.dated = Found(dated, i + 1, lines[i])
            if m.group("d") and m.group("m"):
                d.issued_on = _safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            break
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
                break
            if end > top:
                break
    if d.subject is None:
        for i in range(top):
            if _VV.match(lines[i]):
                subject, _ = _subject_after(lines, i, first=True)
                d.subject = Found(subject, i + 1, lines[i])
                if d.kind is None:
                    d.kind = Found("Công văn", i + 1, lines[i])
                break


def _subject_after(lines: list[str], start: int, first: bool = False) -> tuple[str, int]:
    parts: list[str] = []
    i = start
    while i < len(lines) and len(parts) < 5:
        text = _strip_marks(lines[i])
        if not text:
            if parts:
                break
            i += 1
            continue
        stop = (_SUBJECT_STOP.match(text) or _DATE_LINE.search(text) or (_is_upper(text) and parts)
                or (_is_upper(text) and not first))
        if stop and not (first and not parts):
            break
        parts.append(text)
        i += 1
    return " ".join(parts), i


def _issuer(d: Draft, org: list[tuple[int, str]]) -> None:
    if not org:
        return
    committee = {fold(c) for c in words()["committee"]}
    names = [t for _, t in org]
    if len(names) >= 2 and fold(names[0]) not in committee:
        parent, issuer_lines = names[0], names[1:]
        d.parent = Found(recase_org(parent), org[0][0] + 1, parent)
    else:
        issuer_lines = names
    issuer = recase_org(" ".join(issuer_lines))
    if fold(issuer) in committee or (issuer.split()[0] in ("Ủy", "UBND") and len(issuer.split()) <= 3):
        issuer = recase_org(" ".join(names))
    if d.parent is not None and not _level_at(issuer):
        where = _level_at(d.parent.value)
        if where:
            issuer = f"{issuer} {where}"
    index = org[1][0] if d.parent is not None else org[0][0]
    d.issuer = Found(issuer, index + 1, " ".join(issuer_lines))


def _level_at(name: str) -> str:
    """The '<level> <place>' tail of a body's name: 'tỉnh Nghệ An' in 'UBND tỉnh Nghệ An'."""
    for level in sorted({*words()["levels"]["province"], *words()["levels"]["district"],
                         *words()["levels"]["commune"]}, key=len, reverse=True):
        m = re.search(rf"(?<!\w){re.escape(level)}\s+[A-ZĐÀ-Ỹ]", name)
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
        out.append(_title_word(token) if proper or capitalise_next else token.lower())
        capitalise_next = token.endswith(",") or token in ("VÀ", "-", "–") or (len(out) == 1 and not proper)
        i += 1
    return " ".join(out).replace(" Và ", " và ")


def recase_title(line: str) -> str:
    """'KT. GIÁM ĐỐC' -> 'KT. Giám đốc'; 'PHÓ CHỦ TỊCH' -> 'Phó Chủ tịch'; 'TM. ỦY BAN NHÂN DÂN' -> 'TM. Ủy ban nhân dân'."""
    m = re.match(r"^((?:KT|TM|TL|TUQ|Q)\.)\s*(.*)$", line)
    prefix, rest = (m.group(1) + " ", m.group(2)) if m else ("", line)
    if not _is_upper(rest):
        return line
    if fold(rest) == fold("Ủy ban nhân dân"):
        return prefix + "Ủy ban nhân dân"
    tokens = rest.lower().split()
    tokens[0] = _title_word(tokens[0])
    if tokens[0] == "Phó" and len(tokens) > 1:
        tokens[1] = _title_word(tokens[1])
    return prefix + " ".join(tokens)




# --------------------------------------------------------------------------- body layout


@dataclass(frozen=True)
class Paragraph:
    line: int  # 1-based line of its first line
    text: str
    starts: tuple[int, ...] = (0,)
    """Where each joined line starts in `text`: the line of any phrase can be told."""

    def line_at(self, offset: int) -> int:
        return self.line + bisect_right(self.starts, offset) - 1


_MARKER = re.compile(r"^([IVXLC]+\.\s|[A-H]\.\s|\d{1,2}(\.\d{1,2})*[.)]\s|\(\d{1,2}\)\.?\s|[a-zđ][).]\s|[-–+•]\s?|\||"
                     r"Điều \d|Nơi nhận|Kính gửi|Căn cứ|Thực hiện|Trên đây|Theo đề nghị|PHỤ LỤC|Phụ lục\s+[IVX\d])")


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
        if lines[i].startswith("Kính gửi"):
            j = i + 1
            while j < len(lines) and (not lines[j] or lines[j][:1] in "-+•"):
                j += 1
            start = j
            break
        if lines[i].strip(" |") and (len(lines[i]) > 80 or _MARKER.match(lines[i])):
            break
    end = len(lines)
    for i in range(start, len(lines)):
        if lines[i].startswith("Nơi nhận") or lines[i].startswith("Trên đây"):
            end = i
            break
    spans = [(start, end)]
    annexes = [i for i in range(end, len(lines)) if _ANNEX.match(lines[i])]
    for k, i in enumerate(annexes):
        spans.append((i, annexes[k + 1] if k + 1 < len(annexes) else len(lines)))
    return spans


_ANNEX = re.compile(r"^(PHỤ LỤC|Phụ lục)(\s+(số\s+)?[IVX\d]+[.:]?)?(\s|$)")


def _paragraphs(lines: list[str], spans: Sequence[tuple[int, int]]) -> list[Paragraph]:
    """Lines joined where a PDF or a narrow column wrapped a sentence."""
    out: list[Paragraph] = []
    for start, end in spans:
        out.append(Paragraph(start + 1, ""))
        for i in range(start, end):
            text = lines[i] if lines[i].strip(" |") else ""  # a lone '|' is what remains of a header's table
            if not text:
                out.append(Paragraph(i + 1, ""))
                continue
            prev = out[-1] if out else None
            # '(2) Điều 5 …' after a long line cut mid-sentence ('… khoản 1 và khoản') is that sentence's end, not
            # item (2): an item's number would follow a finished sentence, and the items here are written '(2).'.
            wrapped = bool(re.match(r"^\(\d{1,2}\)\s", text)) and i > 0 and len(lines[i - 1]) >= 60
            joins = (prev is not None and prev.text and (wrapped or not _MARKER.match(text)) and not _is_upper(text)
                     and not _is_upper(prev.text) and prev.text[-1] not in ".;:!?" and not prev.text.startswith("|"))
            if joins and prev is not None:
                out[-1] = Paragraph(prev.line, f"{prev.text} {text}", (*prev.starts, len(prev.text) + 1))
            else:
                out.append(Paragraph(i + 1, text))
    return [p for p in out if p.text]


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


_RANGE = re.compile(r"từ\s+(?:ngày\s+)?(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?:\s*\([^()]{0,40}\))?\s+đến\s+(?:hết\s+)?(?:ngày\s+)?(\d{1,2})/(\d{1,2})/(\d{4})",
                    re.I)
_MONTH_RANGE = re.compile(r"từ\s+tháng\s+(\d{1,2})/(\d{4})\s+đến\s+(?:hết\s+)?tháng\s+(\d{1,2})/(\d{4})", re.I)
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
        timing = "thoi gian" in fold(p.text) or "thoi gian" in fold(heading)
        if not timing and (index >= first_item or _item(p.text)):
            continue
        for start, end, phrase in _ranges(p.text):
            candidates.append((0 if timing else 1, Found((start, end), p.line, phrase)))
    if not candidates:
        return None
    return min(candidates, key=lambda c: (c[0], c[1].line))[1]


# 'Ngày toàn dân … - 30/7' and 'Ngày Gia đình Việt Nam (28/6)'.
_KEY_DATE = re.compile(r"(Ngày\s+[^\d“”\"();:.\n]{2,90}?)\s*(?:[-–]\s*|\(\s*)(\d{1,2})/(\d{1,2})(?![\d/])")


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
    return out


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


_ITEM_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("num", re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})[.)]\s+(.*)$")),
    ("paren", re.compile(r"^\((\d{1,2})\)\.?\s+(.*)$")),
    ("letter", re.compile(r"^([a-zđ])[).]\s+(.*)$")),
    ("plus", re.compile(r"^()[+]\s*(.*)$")),
    ("dash", re.compile(r"^()[-–•]\s*(.*)$")),
    ("row", re.compile(r"^\|\s*([\dIVXivx]{1,4}(?:\.\d{1,2}){0,2})\.?\s*\|(.*)\|$")),
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
    for role, starts in words()["section_roles"].items():
        if any(key.startswith(fold(w)) for w in starts):
            return str(role)
    return "content"


_ROLE_WORDS = {"purpose": "purpose and requirements", "basis": "grounds", "timing": "timing", "scope": "scope and theme",
               "funding": "funding", "closing": "closing"}


def _skipped(heading: str) -> bool:
    key = fold(heading)
    return any(key.startswith(fold(w)) for w in words()["skip_sections"])


def _outline(d: Draft, paragraphs: list[Paragraph]) -> list[_Section]:
    """Sections (roman headings, annexes, or one unnamed) with their items, the items under them and their prose."""
    sections = [_Section("", "", "content", 0)]
    for p in paragraphs:
        section = _section_of(p.text)
        if section:
            role = "annex" if section[0].startswith("PL") else _role(section[1])
            sections.append(_Section(section[0], section[1], role, p.line))
            continue
        current = sections[-1]
        if p.text.startswith("|") and _item(p.text) is None:
            columns = _table_columns(_row_cells(d, p))
            if columns:
                current.columns = columns
            else:
                current.prose.append(p)
            continue
        parsed = _item(p.text)
        if parsed is None:
            _prose(current, p)
            continue
        kind, number, text = parsed
        item = _Item(kind, number, text, p.line, current.key, current.role)  # type: ignore[arg-type]
        if kind == "row":
            _row_item(d, current, item, p)
        _place(current, item)
    return sections


def _place(section: _Section, item: _Item) -> None:
    """An item goes under the item it belongs to: '1.1.' under '1.', 'a)' and '-' under a number, '+' under '-'."""
    items = section.items
    top = items[-1] if items else None
    kind = item.kind
    if top is None or kind == "row" or top.kind == "para":
        items.append(item)
    elif kind == "num" and "." in item.number and top.kind == "num" and item.number.split(".")[0] == top.number:
        top.children.append(item)
    elif (kind == "num" and top.kind != "num" and top.kind in ("letter", "dash", "plus", "paren")) or kind == "num":
        items.append(item)
    elif kind == top.kind:
        items.append(item)  # siblings: '(1)' after '(1)', '-' after '-' at the top
    elif top.children and kind in ("plus", "dash") and top.children[-1].kind != kind:
        top.children[-1].children.append(item)  # '+' under '- …' under '1.': a point of that part
    else:
        top.children.append(item)


def _prose(section: _Section, p: Paragraph) -> None:
    """A paragraph that is not an item: the end of a wrapped item, a task written as prose, or a section's text."""
    items = section.items
    last = items[-1] if items else None
    if last is not None and last.kind != "para":
        target = last.children[-1] if last.children else last
        if target.children:
            target = target.children[-1]
        # '(2) …' on a new line, a lower-case start, or text after a colon continues the item above it.
        if p.text[:1].islower() or re.match(r"^(\(\d{1,2}\)|\(?[a-zđ]\)|[…(])", p.text) \
                or target.text.endswith((":", ",")):
            target.text = f"{target.text} {p.text}"
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


def _row_cells(d: Draft, p: Paragraph) -> list[str]:
    """A table row's cells: from the reader's table when there is one (cells keep their line feeds)."""
    for table in d.tables:
        k = p.line - table.line
        if 0 <= k < len(table.rows):
            return list(table.rows[k])
    return [c.strip() for c in p.text.strip().strip("|").split("|")]


def _table_columns(cells: list[str]) -> dict[str, int]:
    """Which column holds what, read from a heading row in any order and wording: number, task, lead, support,
    deadline (and products or notes, which are no deadline). Empty when the row is no heading."""
    found: dict[str, int] = {}
    vocabulary = words()["table_columns"]
    for k, cell in enumerate(cells):
        key = fold(cell)
        if not key or len(key) > 80:
            continue
        for role in ("support", "lead", "deadline", "number", "product", "note", "task"):
            if role not in found and any(re.search(rf"(?<!\w){re.escape(fold(w))}(?!\w)", key) for w in vocabulary[role]):
                found[role] = k
                break
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
    item.lead = tuple(_split_actor(cell("lead")))
    item.support = tuple(_split_actor(cell("support")))


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
        if section.role in _ROLE_WORDS:
            why = f'in the section "{section.heading}" ({_ROLE_WORDS[section.role]}), which gives no tasks'
            for item in _walk(section.items):
                if section.role == "timing" and item.kind in ("num", "paren", "letter") and _deadlines(d, item.text):
                    continue
                book.leave(item.line, item.text, why, why)
            timing = [i for i in section.items if section.role == "timing" and _deadlines(d, i.text)]
            for item in timing:  # a dated event in a timing section ('Thời gian dự kiến: …') is a task
                tasks.append(_task(d, _task_id(section, item, 0, tasks), item, section, book))
            continue
        kinds = {i.kind for i in section.items}
        level = (("num", "row") if kinds & {"num", "row"} else ("paren",) if "paren" in kinds
                 else ("letter",) if "letter" in kinds else ("dash", "plus") if kinds & {"dash", "plus"} else ("para",))
        count = 0
        for item in section.items:
            reason = _not_a_task(d, item, level)
            if reason:
                book.leave(item.line, item.text, reason)
                for child in _walk(item.children):
                    book.leave(child.line, child.text, f"under an item that is not a task ({reason})")
                continue
            count += 1
            tasks.append(_task(d, _task_id(section, item, count, tasks), item, section, book))
    return tasks


def _walk(items: list[_Item]) -> Iterator[_Item]:
    for item in items:
        yield item
        yield from _walk(item.children)


def _not_a_task(d: Draft, item: _Item, level: tuple[str, ...]) -> str:
    if item.kind == "para" and item.line and d.lines[item.line - 1].startswith("|"):
        return "the heading of a group of the table's rows"
    if item.kind not in level:
        return f"a '{item.kind}' item beside the section's numbered items; add it to a task by hand if it is one"
    if _skipped(item.text):
        if d.period is not None and d.period.line <= item.line and d.period.quote in item.text:
            return "states the campaign period"
        return "states the timing, purpose or scope, not a task"
    if (_ATTACHMENT.match(item.text) or _TO_ANNEX.search(item.text)) and len(item.text) < 200 \
            and not _deadlines(d, item.text) and not item.children:
        return "points to an annex or attachment; its tasks are read from the annex"
    return ""


def _task_id(section: _Section, item: _Item, count: int, tasks: list[DraftTask]) -> str:
    number = item.number or str(count or len(tasks) + 1)
    if section.key.startswith("PL"):
        tid = f"{section.key}.{number}"
    elif _ROMAN.fullmatch(section.key) and section.key and "." not in number:
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


def _task(d: Draft, tid: str, item: _Item, section: _Section, book: _Book) -> DraftTask:
    quote = item.text if item.deadline_cell is None else f"{item.text} — {item.deadline_cell}"
    own = _deadlines(d, item.deadline_cell, bare=True) if item.deadline_cell is not None else _deadlines(d, item.text)
    labels = tuple(fold(w) for w in words()["deadline_labels"])
    stated = [c for c in item.children if fold(c.text).split(":")[0].strip() in labels and ":" in c.text]
    if stated:
        # '- Hoàn thành: 15/11/2026' under a task is its deadline, not a part of it.
        own = _deadlines(d, " ".join(c.text for c in stated)) + own
        for c in stated:
            book.use(c.line, c.text)
        item.children = [c for c in item.children if c not in stated]
        quote = " ".join([quote, *(c.text for c in stated)])
    lead = item.lead or tuple(_actors_at_start(item.text)) or section.actor
    parts: list[DraftPart] = []
    flat: list[_Item] = []
    for child in item.children:
        if child.children and not _deadlines(d, child.text):
            # 'a) Tuyên truyền:' with '-' points under it: the points are the parts.
            book.leave(child.line, child.text, "a heading whose points below are the parts")
            flat += _walk(child.children)
        else:
            child.text = " ".join([child.text, *(g.text for g in _walk(child.children))])
            flat.append(child)
    for k, child in enumerate(flat):
        letter = child.number if child.kind == "letter" and child.number not in {p.id[len(tid):] for p in parts} \
            else letters(k)
        found = _deadlines(d, child.text)
        deadline = found[0] if found else (own[0] if own else None)
        for dl in found[:1] or own[:1]:
            book.use(child.line if found else item.line, dl.phrase)
        parts.append(DraftPart(f"{tid}{letter}", child.text, child.line, deadline))
    if not parts:
        if len(own) > 1:
            clauses = [c.strip() for c in re.split(r";\s*", item.text) if c.strip()]
            for k, deadline in enumerate(own):
                clause = next((c for c in clauses if deadline.phrase in c), item.text)
                parts.append(DraftPart(f"{tid}{letters(k)}", clause, item.line, deadline))
        else:
            parts.append(DraftPart(tid, quote, item.line, own[0] if own else None))
        for dl in own:
            book.use(item.line, dl.phrase)
    return DraftTask(tid, _title(item.text), quote, item.line, parts, lead, item.support)


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


def _prose_tasks(d: Draft, sections: list[_Section], tasks: list[DraftTask], book: _Book) -> list[DraftTask]:
    """'Giao các Bộ … có ý kiến … trước ngày 10 tháng 5 năm 2026': a task written as a sentence. A sentence
    'đề nghị <units> …:' that opens a list gives those units the items that follow."""
    out: list[DraftTask] = []
    for section in sections:
        if section.role in _ROLE_WORDS:
            continue
        for p in section.prose:
            for sentence, start in _sentences(p.text):
                m, rest, actors = None, sentence, []
                for trigger in _TRIGGER.finditer(sentence):
                    actors = _actors_at_start(sentence[trigger.end():])
                    if actors:
                        m, rest = trigger, sentence[trigger.end():]
                        break
                if m is None and not _TRIGGER.search(sentence):
                    actors = _actors_at_start(sentence)  # 'Bộ Nội vụ chủ trì, … trong tháng 6 năm 2026'
                # (with a trigger but no body after it, the subject is the one asking, not the one asked)
                if not actors or sentence.rstrip().endswith(":"):
                    continue  # no body named, or a sentence opening a list (its units went to the items: _prose)
                verb = rest[_actor_end(rest):].strip()
                dated = bool(_deadlines(d, sentence))
                # 'Giao X …' gives a task; 'đề nghị X …' and 'X làm …' do so with a deadline, else they close
                # the letter ('… đề nghị các đơn vị quan tâm, thực hiện').
                if (_BOILERPLATE.match(verb) or m is None or m.group(1).lower() != "giao") and not dated:
                    continue
                tid = f"{section.key + '.' if section.key else ''}P{len(out) + 1}"
                while any(t.id == tid for t in [*tasks, *out]):
                    tid += "'"
                item = _Item("para", "", sentence.strip(), p.line_at(start), section.key, section.role)
                task = _task(d, tid, item, section, book)
                out.append(replace(task, units=tuple(actors)))
    return out


def _sentences(text: str) -> Iterator[tuple[str, int]]:
    start = 0
    for m in re.finditer(r"(?<=[.;!?])\s+(?=[A-ZĐÀ-Ỹ0-9(])", text):
        yield text[start:m.start()], start
        start = m.end()
    yield text[start:], start


# --------------------------------------------------------------------------- deadlines


_WEEKDAY = r"thứ\s+(?:hai|ba|tư|năm|sáu|bảy|2|3|4|5|6|7)|chủ\s+nhật"
_PERIODIC = r"(?:định\s+kỳ\s+)?(?:vào\s+)?"
_BY_DAY = r"(?:trước|chậm\s+nhất(?:\s+là)?|vào|trong)\s+(?:ngày\s+)?"
_QUARTER_WORDS = r"(?:hằng|hàng|mỗi)\s+quý|quý\s+một\s+lần|báo\s+cáo\s+(?:định\s+kỳ\s+)?quý\b"
_HALF_WORDS = r"(?:06|6)\s+tháng\s+(?:một|1)\s+lần|định\s+kỳ\s+(?:06|6)\s+tháng|báo\s+cáo\s+(?:sơ\s+kết\s+)?(?:06|6)\s+tháng"
_YEAR_WORDS = r"(?:hằng|hàng|mỗi)\s+năm|báo\s+cáo\s+(?:tổng\s+kết\s+)?năm\b"
_DEADLINE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("week", re.compile(rf"{_PERIODIC}(?:trước\s+)?(?:(\d{{1,2}})\s*(?:giờ|h)\s*(?:(\d{{2}})\s*(?:phút)?)?\s*,?\s*)?"
                        rf"(?:(sáng|chiều|tối)\s+)?(?:ngày\s+)?({_WEEKDAY})\s+(?:hằng|hàng|mỗi)\s+tuần", re.I)),
    ("day", re.compile(r"(?:định\s+kỳ\s+)?(?:trước\s+(\d{1,2})\s*(?:giờ|h)\s*(\d{2})?\s*(?:phút)?\s*)?(?:hằng|hàng|mỗi)\s+ngày"
                       r"(?:[^.;]{0,30}?trước\s+(\d{1,2})\s*(?:giờ|h)\s*(\d{2})?)?", re.I)),
    ("month", re.compile(rf"{_PERIODIC}(?:trước\s+|chậm\s+nhất\s+)?ngày\s+(\d{{1,2}})\s+(?:hằng|hàng|mỗi)\s+tháng", re.I)),
    ("month_after", re.compile(rf"(?:định\s+kỳ\s+)?(?:hằng|hàng|mỗi)\s+tháng[^.;]{{0,50}}?{_BY_DAY}(\d{{1,2}})(?![\d/])"
                               r"(?!\s*(?:tháng|giờ|h\b))", re.I)),
    ("month_next", re.compile(r"(?:trước\s+)?ngày\s+(\d{1,2})\s+(?:của\s+)?tháng\s+(?:tiếp\s+theo|sau|kế\s+tiếp)", re.I)),
    ("quarter", re.compile(rf"(?:định\s+kỳ\s+)?(?:{_QUARTER_WORDS})(?:[^.;]{{0,50}}?{_BY_DAY}(\d{{1,2}})(?![\d/])"
                           r"(?:\s+(?:của\s+)?tháng\s+(cuối|đầu)\s+quý(\s+(?:sau|tiếp\s+theo))?)?)?", re.I)),
    ("quarter_day", re.compile(rf"{_BY_DAY}(\d{{1,2}})\s+(?:của\s+)?tháng\s+(cuối|đầu)\s+(?:mỗi\s+|hằng\s+)?quý(\s+(?:sau|tiếp\s+theo))?",
                               re.I)),
    ("half", re.compile(rf"(?:{_HALF_WORDS})(?:[^.;]{{0,50}}?{_BY_DAY}(\d{{1,2}})/(\d{{1,2}})(?![\d/]))?", re.I)),
    ("year", re.compile(rf"(?:{_BY_DAY}(\d{{1,2}})/(\d{{1,2}})\s+)?(?:định\s+kỳ\s+)?(?:{_YEAR_WORDS})"
                        rf"(?:[^.;]{{0,50}}?{_BY_DAY}(\d{{1,2}})/(\d{{1,2}})(?![\d/]))?", re.I)),
    ("workdays", re.compile(r"trong\s+(?:thời\s+hạn\s+|vòng\s+)?(\d{1,3})\s+ngày\s+làm\s+việc"
                            r"(?:[,\s]+(?:kể\s+)?từ\s+(?:ngày\s+)?([^,;.]*))?", re.I)),
    ("after_event", re.compile(r"(?:chậm\s+nhất\s+)?(?:(?:sau|trong)\s+)?\d{1,3}\s+ngày\s+(?:làm\s+việc\s+)?sau\s+(?:khi\s+)?[^,;.]*",
                               re.I)),
    ("range", _RANGE),
    ("in_quarter", re.compile(r"(?:hoàn\s+thành\s+)?trong\s+quý\s+(IV|I{1,3}|[1-4])(?:\s*/\s*(\d{4})|\s+năm\s+(\d{4}))?",
                              re.I)),
    ("half_of_year", re.compile(r"(?:trong|hoàn\s+thành\s+trong)\s+(?:06|6)\s+tháng\s+(đầu|cuối)\s+năm(?:\s+(\d{4}))?", re.I)),
    ("occasion", re.compile(r"(?:vào|nhân)\s+dịp\s+Ngày\s+[^\d“”\"();:.\n]{2,90}?\s*(?:[-–]\s*|\(\s*)(\d{1,2})/(\d{1,2})(?![\d/])")),
    ("in_month", re.compile(r"(?:hoàn\s+thành\s+)?(?:trong|thời\s+gian\s*:?)\s+tháng\s+(\d{1,2})(?:\s*[-–]\s*(\d{1,2}))?"
                            r"(?:\s*/\s*(\d{4})|\s+năm\s+(\d{4}))?", re.I)),
    ("year_end", re.compile(r"(?:đến\s+hết|trong|hoàn\s+thành\s+trong)\s+năm\s+(\d{4})", re.I)),
    # An hour before the day ('trước 15h00 ngày 20/11') is dropped: `due` is a day.
    ("due", re.compile(r"(?:trước|chậm\s+nhất(?:\s+là)?|hoàn\s+thành|xong|vào|hạn\s+chót|thời\s+hạn|hạn|đến\s+hết|"
                       r"thời\s+gian(?:\s+dự\s+kiến)?(?:\s+(?:tổ\s+chức|thực\s+hiện|hoàn\s+thành))?|dự\s+kiến)\s*:?\s+"
                       r"(?:trước\s+)?(?:\d{1,2}\s*(?:giờ|h)\s*(?:\d{2})?\s*(?:phút)?\s*(?:sáng|chiều)?\s*,?\s*)?(?:ngày\s+)?"
                       r"(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?![\d/])", re.I)),
    # 'trước Tết Nguyên đán', 'trước khi …': due on an event the text does not date. Not 'trách nhiệm
    # trước UBND' (answerable to a body) nor 'trước Chủ tịch …': a body is no deadline.
    ("relative", re.compile(r"(?:hoàn\s+thành\s+)?trước\s+"
                            r"(?:(?!ngày\b|\d|giờ\b)(?!(?:UBND|Ủy ban|Chủ tịch|Hội đồng|HĐND|Thường trực|Ban\b|Sở\b|Bộ\b|"
                            r"Chính phủ|Thủ tướng|Tỉnh ủy|Thành ủy|Huyện ủy|Đảng|Nhà nước|Quốc hội|Giám đốc|Trưởng|"
                            r"Pháp luật|Nhân dân|Tổ quốc))[A-ZĐÀ-Ỹ][^,;.]*|khi\s[^,;.]*)")),
    ("periodic", re.compile(r"(?:định\s+kỳ\s+)?(?:hằng|hàng)\s+(?:tuần|tháng)|định\s+kỳ", re.I)),
]
_BARE = re.compile(r"(?:ngày\s+)?(\d{1,2})/(\d{1,2})/(\d{4})", re.I)
# A table's deadline cell may hold a period alone: 'Quý II/2026', 'Tháng 6/2026', 'Năm 2026'.
_BARE_PERIODS: list[tuple[str, re.Pattern[str]]] = [
    ("in_quarter", re.compile(r"(?:trong\s+)?quý\s+(IV|I{1,3}|[1-4])(?:\s*/\s*(\d{4})|\s+năm\s+(\d{4}))?", re.I)),
    ("in_month", re.compile(r"()(?:trong\s+)?tháng\s+(\d{1,2})(?:\s*/\s*(\d{4})|\s+năm\s+(\d{4}))?", re.I)),
    ("year_end", re.compile(r"^(?:trong\s+)?năm\s+(\d{4})$", re.I)),
]
_ANSWERABLE = re.compile(r"trách\s+nhiệm\s*$", re.I)


def _normalise_dates(text: str) -> str:
    """'ngày 15 tháng 6 năm 2021' is read as 'ngày 15/6/2021', the form the patterns know."""
    text = re.sub(r"(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", r"\1/\2/\3", text)
    return re.sub(r"(ngày\s+\d{1,2})\s+tháng\s+(\d{1,2})\b", r"\1/\2", text, flags=re.I)


def _deadlines(d: Draft, text: str, bare: bool = False) -> list[Deadline]:
    """Every deadline phrase in a task's text, in reading order; overlapping phrases count once."""
    text = _normalise_dates(text)
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, Deadline]] = []
    patterns = [*_DEADLINE_PATTERNS, ("bare", _BARE), *_BARE_PERIODS] if bare else _DEADLINE_PATTERNS
    for kind, pattern in patterns:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            if kind == "relative" and _ANSWERABLE.search(text[:m.start()]):
                continue  # 'chịu trách nhiệm trước UBND tỉnh': answerable to a body, not due before anything
            # A phrase that names no deadline (the campaign's own window) still hides the words inside it.
            taken.append((m.start(), m.end()))
            deadline = _deadline(d, kind, m)
            if deadline is not None:
                found.append((m.start(), deadline))
    return [dl for _, dl in sorted(found, key=lambda f: f[0])]


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
    if kind == "week":
        weekday = _weekday(m.group(4))
        time = _hour(m.group(1), m.group(2), m.group(3))
        note = "" if time else "no hour in the text: the format's 17:00 applies"
        return Deadline(phrase, every="week", weekday=weekday, time=time, note=note)
    if kind == "day":
        time = _hour(m.group(1) or m.group(3), m.group(2) or m.group(4))
        return Deadline(phrase, every="day", time=time, note="" if time else "no hour in the text: 17:00 applies")
    if kind in ("month", "month_after", "month_next"):
        day = int(m.group(1))
        if not 1 <= day <= 31:
            return None
        return Deadline(phrase, every="month", day=day, next_period=kind == "month_next",
                        note="due in the month after the one reported on" if kind == "month_next" else "")
    if kind in ("quarter", "quarter_day", "half", "year"):
        return _calendar_deadline(kind, m, phrase)
    if kind == "half_of_year":
        y = int(m.group(2) or year or 0)
        return Deadline(phrase, due=date(y, 6, 30) if m.group(1).lower() == "đầu" else date(y, 12, 31)) if y else None
    if kind == "year_end":
        return Deadline(phrase, due=date(int(m.group(1)), 12, 31), note="the year's last day")
    if kind == "workdays":
        anchor = (m.group(2) or "").lower()
        if d.issued_on and re.search(r"ký|ban hành", anchor):
            return Deadline(phrase, due=_add_working_days(d.issued_on, int(m.group(1))),
                            note="working days counted Monday to Friday from the date of issue; public holidays are not")
        return Deadline(phrase, todo=f"'{phrase}': counted from a day the text does not give")
    if kind == "range":
        if d.period and m.group(0) == d.period.quote:
            return None
        end = _safe_date(int(m.group(6)), int(m.group(5)), int(m.group(4)))
        return Deadline(phrase, due=end, note="the end of the window the text gives") if end else None
    if kind == "in_quarter":
        quarter = {"i": 1, "ii": 2, "iii": 3, "iv": 4}.get(m.group(1).lower()) or int(m.group(1))
        y = int(m.group(2) or m.group(3) or year or 0)
        return Deadline(phrase, due=_month_end(y, 3 * quarter), note="the quarter's last day") if y else None
    if kind == "occasion":
        at_day = _safe_date(year, int(m.group(2)), int(m.group(1))) if year else None
        return Deadline(phrase, due=at_day, note="the day of the occasion") if at_day else None
    if kind == "in_month":
        y = int(m.group(3) or m.group(4) or year or 0)
        month = int(m.group(2) or m.group(1))  # 'tháng 7-8/2024': the last month
        return Deadline(phrase, due=_month_end(y, month)) if y and 1 <= month <= 12 else None
    if kind in ("due", "bare"):
        at: int | None = int(m.group(3)) if m.group(3) else year
        due = _safe_date(at, int(m.group(2)), int(m.group(1))) if at else None
        return Deadline(phrase, due=due) if due else None
    if kind in ("relative", "after_event"):
        return Deadline(phrase, todo=f"'{phrase}': due on an event the text gives no date for")
    return Deadline(phrase, todo=f"'{phrase}': a period without a day to be due")


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
    r"|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?"
    r"|(?<![\d/])tháng\s+\d{1,2}(?:\s*(?:/|năm)\s*\d{4})?(?![\d/])"
    r"|quý\s+(?:IV|I{1,3}|[1-4])\b(?:\s*(?:/|năm)\s*\d{4})?"
    r"|(?:hằng|hàng|mỗi)\s+(?:ngày|tuần|tháng|quý|năm)"
    r"|định\s+kỳ|(?:06|6)\s+tháng\s+(?:đầu|cuối)\s+năm",
    re.I)
_CITED = re.compile(r"(?:số\s+[\w./&-]+|\d+/[\w./&Đđ-]*[A-ZĐ][\w./&Đđ-]*)\s*(?:của\s+[^,;]{0,60}?\s*)?(?:ban\s+hành\s+|ký\s+)?"
                    r"(?:ngày\s*)?$|(?:Căn cứ|Thực hiện|Theo|tại|ban hành|kèm theo)\b[^;.]{0,120}?ngày\s*$", re.I)


def _date_key(text: str) -> str:
    return re.sub(r"\s+", "", fold(_normalise_dates(text)))


def _mentions(text: str) -> Iterator[re.Match[str]]:
    for m in _MENTION.finditer(text):
        numbers = re.fullmatch(r"(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*\d{4})?", m.group(0))
        if numbers and not (1 <= int(numbers.group(1)) <= 31 and 1 <= int(numbers.group(2)) <= 12):
            continue  # '15/30' is no date
        if re.fullmatch(r"tháng\s+(\d{1,2})", m.group(0), re.I) and not 1 <= int(m.group(0).split()[-1]) <= 12:
            continue
        yield m


def _decision_paragraphs(d: Draft, spans: list[tuple[int, int]]) -> list[Paragraph]:
    """A quyết định's own text before the plan it carries ('Căn cứ …', 'Điều 1 …'): no tasks, but its dates count."""
    if d.carries is None:
        return []
    start = max(f.line for f in (d.subject, d.dated, d.number) if f is not None)
    end = next((i for i in range(start, spans[0][0]) if d.lines[i].startswith("Nơi nhận")), spans[0][0])
    return _paragraphs(d.lines, [(start, end)]) if start < end else []


def _unused_dates(d: Draft, paragraphs: list[Paragraph], sections: list[_Section], book: _Book) -> list[Unused]:
    """The dated phrases of the body that no part, campaign period or key date took, each with why."""
    for f in [*([d.period] if d.period else []), *d.key_dates]:
        book.use(f.line, f.quote)
    role_of = {}
    for section in sections:
        role_of[section.line] = section
    out: list[Unused] = []
    current: _Section | None = None
    for p in paragraphs:
        current = role_of.get(p.line, current)
        if _section_of(p.text):
            continue
        for m in _mentions(p.text):
            if book.is_used(p.line, m.group(0)):
                continue
            out.append(Unused(p.line_at(m.start()), _clause(p.text, m.start(), m.end()),
                              _why_unused(p, m, current, book)))
    return out


def _clause(text: str, start: int, end: int) -> str:
    """The clause around a phrase, as far as the nearest ';' or sentence end, clipped."""
    left = max(text.rfind(";", 0, start), text.rfind(". ", 0, start))
    right_candidates = [k for k in (text.find(";", end), text.find(". ", end)) if k != -1]
    right = min(right_candidates) if right_candidates else len(text)
    return _clip(text[left + 1:right].strip(" .;"), 200)


def _why_unused(p: Paragraph, m: re.Match[str], section: _Section | None, book: _Book) -> str:
    before = p.text[max(0, m.start() - 160):m.start()]
    if _CITED.search(before):
        return "the date of a document cited, not a deadline"
    if p.line in book.where:
        return book.where[p.line]
    if section is not None and section.role in _ROLE_WORDS:
        return f'in the section "{section.heading}" ({_ROLE_WORDS[section.role]}), which gives no tasks'
    if any(u.line == p.line for u in book.not_tasks):
        reason = next(u.reason for u in book.not_tasks if u.line == p.line)
        return f"in an item that is not a task ({reason})"
    if book.used.get(p.line):
        return "a second date in the text of a part: the part takes the first; split the part if both are deadlines"
    return "no task or deadline wording around it: check whether a task is due then"


# --------------------------------------------------------------------------- signature


_SIGN_PREFIX = re.compile(r"^(KT|TM|TL|TUQ|Q)\.\s")


def _signature(d: Draft) -> None:
    lines = d.lines
    start = next((i for i, t in enumerate(lines) if t.startswith("Nơi nhận")), max(0, len(lines) - 15))
    title: list[tuple[int, str]] = []
    for i in range(start + 1, len(lines)):
        text = _strip_marks(lines[i])
        if not text or (text[:1] in "-+•" and not title):
            continue
        if _is_upper(text) and (title or _SIGN_PREFIX.match(text) or len(text.split()) <= 4):
            title.append((i, text))
            continue
        if title and re.fullmatch(r"(?:[A-ZĐÀ-Ỹ][^\s]*\s?){2,6}", text):
            d.signer = Found(text, i + 1, lines[i])
            d.signer_title = Found(" — ".join(recase_title(t) for _, t in title), title[0][0] + 1,
                                   " / ".join(t for _, t in title))
            return
        if title:
            title = []



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
    return re.compile(rf"\s(?:{verbs})(?=[\s,;:.]|$)|\s\(|:|\.(?:\s|$)|;")


@lru_cache(maxsize=1)
def _title_pattern() -> re.Pattern[str]:
    titles = "|".join(re.escape(t) for t in sorted(words()["person_titles"], key=len, reverse=True))
    return re.compile(rf"^(?:(?:{titles})\s+)+(?=(?:các\s+)?[A-ZĐÀ-Ỹ]|các\s)", re.I)


@lru_cache(maxsize=1)
def _body_start() -> re.Pattern[str]:
    """A body's name: a head word followed by a capital or a level ('Sở Y tế', 'UBND tỉnh', not 'Báo cáo' or
    'Ban hành'), or 'các' and a kind of body ('các sở, ban, ngành', 'các xã')."""
    heads = "|".join(re.escape(h) for h in _heads())
    levels = "|".join(re.escape(lv) for lv in sorted({*words()["levels"]["commune"], *words()["levels"]["district"],
                                                       *words()["levels"]["province"]}, key=len, reverse=True))
    groups = "|".join(re.escape(g) for g in sorted(words()["group_heads"], key=len, reverse=True))
    return re.compile(rf"^(?:(?:{heads})(?:\s+(?:[A-ZĐÀ-Ỹ0-9]|(?:{levels}|các)\b)|$)|(?i:các\s+(?:{groups}))\b)")


def _starts_with_body(text: str) -> bool:
    return bool(_body_start().match(text))


def _generic(name: str) -> bool:
    """'các đơn vị', 'các cơ quan, đơn vị liên quan': the addressees again, not a body of their own."""
    key = re.sub(r"^cac\s+", "", fold(name).strip(" ,."))
    pieces = [re.sub(r"\s*(?:co\s+)?lien\s+quan$", "", p.strip()) for p in re.split(r",|\bva\b", key)]
    generic = {fold(g) for g in words()["generic_actors"]}
    return all(p in generic for p in pieces if p)


def _group_list(text: str) -> re.Match[str] | None:
    """'Các Bộ: Công an, Tư pháp' and 'UBND các tỉnh: Lạng Sơn, Cao Bằng': a group with its members named."""
    m = re.match(rf"^(?:({'|'.join(re.escape(c) for c in words()['committee'])})\s+)?[Cc]ác\s+([^:;.]{{2,40}}?)\s*:\s*", text)
    if m is None or _verb_pattern().search(f" {m.group(2)} ") or not _body_start().match(f"các {m.group(2)}"):
        return None  # 'các đơn vị thực hiện như sau:' opens a list; it names no members
    return m


def _actor_end(text: str) -> int:
    """Where the body (or bodies) a sentence starts with ends: at its verb, a colon or a bracket; 0 if none."""
    t = _title_pattern().sub("", text)
    offset = len(text) - len(t)
    if not _starts_with_body(t):
        return 0
    group = _group_list(t)
    begin = group.end() if group else 0
    m = _verb_pattern().search(t, begin + 1)
    end = m.start() if m else len(t)
    if end > 160 or (m is None and len(t) > 120):
        return 0
    return offset + end


def _actors_at_start(text: str) -> list[str]:
    """The bodies a task's text starts with ('Sở Y tế chủ trì …', 'Giao các Bộ: Công an, Tư pháp có ý kiến …')."""
    t = re.sub(r"^(?:Giao|Đề nghị|Yêu cầu|Chỉ đạo|Phân công)\s+", "", text.strip(), flags=re.I)
    end = _actor_end(t)
    return [a for a in _split_actor(t[:end]) if not _generic(a)] if end else []


def _split_actor(text: str) -> list[str]:
    """One name per body: groups with their members expanded, 'A, B và C' split where each piece is a body,
    a person's title dropped ('Giám đốc Sở Y tế' is Sở Y tế)."""
    out: list[str] = []
    for piece in re.split(r"\n|;\s*", text):
        piece = re.sub(r"^[-–+•]\s*", "", piece.strip()).strip(" ,.;:")
        piece = re.sub(r"\s*\((?:chủ trì|cơ quan chủ trì|phối hợp|t/h|thực hiện)\)$", "", piece, flags=re.I)
        if not piece:
            continue
        group = _group_list(piece)
        if group:
            out += _members(group, piece[group.end():])
            continue
        pieces = [_title_pattern().sub("", p.strip()).replace("\u201a", ",")
                  for p in _and_split(re.split(r",\s*", _keep_names(piece)))]
        if len(pieces) > 1 and all(_starts_with_body(p) and not p.lower().startswith("các") for p in pieces if p):
            out += _shared_tail([p for p in pieces if p])
        else:
            out.append(_title_pattern().sub("", piece))
    return [o for o in dict.fromkeys(out) if o]


def _and_split(pieces: list[str]) -> list[str]:
    """'Sở Y tế và Công an tỉnh' is two bodies; 'Sở Thông tin và Truyền thông' is one."""
    out: list[str] = []
    for piece in pieces:
        parts = re.split(r"\s+và\s+", piece)
        current = parts[0]
        for nxt in parts[1:]:
            if _starts_with_body(nxt) and _starts_with_body(current):
                out.append(current)
                current = nxt
            else:
                current = f"{current} và {nxt}"
        out.append(current)
    return out


def _shared_tail(pieces: list[str]) -> list[str]:
    """'Phòng Văn hóa và Thông tin, Trung tâm Văn hóa các <levels>': the places at the end belong to each."""
    m = re.search(rf"\s(các\s+(?:{_levels_pattern()}))$", pieces[-1])
    if m is None or any(re.search(rf"\bcác\b|\b(?:{_levels_pattern()})\b", p) for p in pieces[:-1]):
        return pieces
    return [*(f"{p} {m.group(1)}" for p in pieces[:-1]), pieces[-1]]


def _keep_names(text: str) -> str:
    """Commas inside a body's official name ('Văn hóa, Thể thao và Du lịch') hidden from the splitting."""
    for name in words()["names_with_commas"]:
        text = re.sub(re.escape(name).replace(",\\ ", ",\\s*").replace("\\ ", "\\s+"),
                      lambda m: m.group(0).replace(",", "\u201a"), text, flags=re.I)
    return text


def _members(group: re.Match[str], members: str) -> list[str]:
    head = group.group(2).split(",")[0].split()[0]
    head = head[:1].upper() + head[1:]
    committee = group.group(1)
    out = []
    # Members are parted by commas: 'và' belongs to a name ('Giáo dục và Đào tạo', 'Văn hóa, Thể thao và Du lịch').
    for member in re.split(r",\s*|;\s*", _keep_names(members.strip(" .;"))):
        member = member.strip().replace("\u201a", ",")
        if not member:
            continue
        if committee:
            out.append(f"{committee} {group.group(2).split(',')[0].strip()} {member}")
        elif _starts_with_body(member) and member not in _heads():
            out.append(member)  # 'Công an tỉnh' in 'Các sở, ngành: Tư pháp, Công an tỉnh' is named in full
        else:
            out.append(f"{head} {member}")
    return out


# --------------------------------------------------------------------------- recipients and units


def _levels_pattern() -> str:
    levels = sorted({*words()["levels"]["commune"], *words()["levels"]["district"]}, key=len, reverse=True)
    one = "(?:" + "|".join(re.escape(lv) for lv in levels) + r")(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)*"
    return rf"{one}(?:\s*(?:,|và)\s*{one})*"


def _committee_pattern() -> str:
    return "(?:" + "|".join(re.escape(c) for c in words()["committee"]) + ")"


def _recipient_key(name: str) -> str:
    key = fold(_title_pattern().sub("", name.strip()))
    for c in words()["committee"]:
        key = key.replace(fold(c), "ubnd")
    return re.sub(r"[^a-z0-9 ]", "", key).strip()


def _split_recipient(text: str) -> list[str]:
    text = text.strip().rstrip(";.,").strip()
    group = _group_list(text)
    if group:
        return _members(group, text[group.end():])
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
        if text.startswith("Kính gửi"):
            rest = text.split(":", 1)[1].strip() if ":" in text else ""
            if rest:
                for name in re.split(r";\s*", rest.rstrip(".")):
                    for one in _split_recipient(name.strip(" -.")):
                        add(one, i + 1, text, addressed=True)
            else:
                for line, item in _dash_block(lines, i + 1):
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
        text = lines[j]
        if text[:1] in "-+•":
            items.append((j + 1, text.lstrip("-+• ")))
        elif text and items and items[-1][1][-1:] not in ";." and not _is_upper(text) and not _MARKER.match(text):
            items[-1] = (items[-1][0], f"{items[-1][1]} {text}")
        elif text:
            break
    return items


def _assigned(d: Draft) -> list[Found]:
    """Each body a task is given to, once, at the first task that names it."""
    out: list[Found] = []
    seen: set[str] = set()
    for task in d.tasks:
        for name in task.units:
            key = _recipient_key(name)
            if key and key not in seen:
                seen.add(key)
                out.append(Found(name, task.line, d.lines[task.line - 1] if 0 < task.line <= len(d.lines) else name))
    return out


def _province(d: Draft, wanted: str | None) -> str | None:
    from vietnam_provinces import Province

    provinces = list(Province.iter_all())
    if wanted:
        key = fold(wanted)
        for p in provinces:
            if key in (fold(p.name), str(p.code.value), fold(p.name).removeprefix("thanh pho ")):
                return str(p.code.value)
        from tracker.registry import unknown_province

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
        key = _recipient_key(r.value)
        same = next((k for k in keys if _same_body(k, key)), None)
        if key and same is None:
            keys.add(key)
            chosen.append(r)
        elif same is not None:
            keys.add(key)
    for r in chosen:
        name = _title_pattern().sub("", r.value)
        m = re.search(rf"\bcác\s+({_levels_pattern()})", name)
        if m is None and re.match(r"^(Các|các|Những)\s", name):
            unexpanded.append(r)  # 'Các sở, ban, ngành': a group whose members the text does not name
            continue
        if m is None:
            units.append(_named_unit(r, wards, labels))
            continue
        named = {fold(x.strip()) for x in re.split(r",|\bvà\b", m.group(1)) if x.strip()}
        if not (named <= communes and wards):
            unexpanded.append(r)
            continue
        prefix = name[:m.start()].strip()
        wanted = {labels[n] for n in named if n in labels}
        for ward in wards:
            kind = labels.get(fold(ward.division_type.value))
            if kind is not None and kind in wanted:
                full = f"{prefix} {ward.name[:1].lower()}{ward.name[1:]}" if prefix else ward.name
                units.append(DraftUnit(ward.codename.replace("_", "-"), full, sheet_name(ward.name),
                                       f"{ward.code.value:05d}", {"loai": kind}, r))
    suggested = [r for r in d.recipients if not any(_same_body(_recipient_key(r.value), k) for k in keys)]
    return _distinct(units), unexpanded, suggested


def _same_body(a: str, b: str) -> bool:
    """'Công chức Tài chính - Kế toán' and 'Công chức Tài chính - Kế toán xã': one body, named with and without
    its place."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if not long_.startswith(short + " "):
        return False
    levels = {fold(lv) for group in words()["levels"].values() for lv in group}
    rest = long_[len(short) + 1:]
    return any(rest == lv or rest.startswith(lv + " ") for lv in levels)


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
        found = [u.id for u in d.units if _same_body(_recipient_key(u.recipient.value), key)]
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
    for t in d.tasks:
        y.item({"value": t.id, "label": t.title}, 4)
    y.todo("lists", "forms and audiences, if the rules need them", 2, blocking=False).blank()


def _applies_to(d: Draft, task: DraftTask) -> dict[str, Any] | None:
    ids = unit_ids(d, task.units)
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
        applies = _applies_to(d, t)
        y.open("parts", 4)
        for p in t.parts:
            y.item_field("id", p.id, 6).field("title", _title(p.quote), 8).field("quote", p.quote, 8)
            if applies is not None:
                y.field("applies_to", applies, 8)
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
    rows: list[SummaryRow] = []

    def one(name: str, found: Found | None, check: bool = False) -> None:
        if found is None:
            rows.append(SummaryRow(name, "", None, "missing"))
        else:
            rows.append(SummaryRow(name, _short(found.value), found.line, "check" if check else "found"))

    def many(name: str, value: str, line: int | None, ok: bool) -> None:
        rows.append(SummaryRow(name, value, line, "found" if ok else "check" if value else "missing"))

    if d.ocr:
        many("Nguồn văn bản", "nhận dạng ký tự (OCR) từ bản quét: kiểm tra từng tên, số, ngày", None, False)
    one("Loại văn bản", d.kind)
    one("Số, ký hiệu", d.number, check=d.number is not None and d.number.value.startswith("…"))
    one("Cơ quan ban hành", d.issuer)
    one("Cơ quan chủ quản", d.parent)
    one("Địa danh, ngày", d.dated, check=d.issued_on is None and d.dated is not None)
    one("Trích yếu", d.subject)
    one("Văn bản thực hiện", d.carries or (d.implements[0] if d.implements else None))
    one("Thời gian thực hiện", d.period)
    many("Mốc thời gian", "; ".join(f"{n} {day:%d/%m/%Y}" for n, day in (f.value for f in d.key_dates)),
         d.key_dates[0].line if d.key_dates else None, bool(d.key_dates))
    many("Nơi nhận", "; ".join(_short(r.value, 40) for r in d.recipients),
         d.recipients[0].line if d.recipients else None, bool(d.recipients))
    coded = sum(1 for u in d.units if u.code)
    value = f"{len(d.units)} ({coded} theo danh mục hành chính)" if d.units else ""
    if d.unexpanded:
        value += ("; " if value else "") + f"{len(d.unexpanded)} nhóm cần liệt kê"
    many("Đơn vị", value, None, bool(d.units) and not d.unexpanded)
    if d.suggested:
        many("Gợi ý (chưa giao việc)", f"{len(d.suggested)} tên trong Nơi nhận, văn bản không giao nhiệm vụ", None, False)
    parts = [p for t in d.tasks for p in t.parts]
    dated = sum(1 for p in parts if p.deadline is not None and p.deadline.spec() != "todo")
    many("Nhiệm vụ", f"{len(d.tasks)} nhiệm vụ, {len(parts)} phần" if d.tasks else "",
         d.tasks[0].line if d.tasks else None, bool(d.tasks))
    many("Thời hạn", f"{dated}/{len(parts)} phần có thời hạn" if parts else "", None, bool(parts) and dated == len(parts))
    one("Chế độ báo cáo", d.report)
    one("Người ký", d.signer)
    one("Chức vụ người ký", d.signer_title)
    if d.unused_dates:
        many("Ngày chưa dùng", f"{len(d.unused_dates)} cụm ngày tháng không gắn với phần việc nào (xem cuối tệp)",
             d.unused_dates[0].line, False)
    if d.not_tasks:
        many("Mục không thành nhiệm vụ", f"{len(d.not_tasks)} mục đánh số (xem cuối tệp)", d.not_tasks[0].line, False)
    todos = render(d).todos
    blocking = sum(1 for t in todos if t.blocking)
    many("Cần điền (TODO)", f"{blocking} chỗ phải điền để tệp nạp được, {len(todos) - blocking} chỗ cần kiểm tra",
         None, not todos)
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
