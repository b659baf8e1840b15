"""From a directive's own text to a tracker draft: careful rules over the layout of Decree 30/2020/NĐ-CP.

`extract(lines)` reads the numbered lines of a công văn, kế hoạch, chỉ thị or quyết định (see
reader.py) and returns a Draft: every field found with the line it came from, nothing invented.
`render_yaml(draft)` writes it in the tracker format with a comment quoting each guess and a
`# TODO` on each field a person must fill; `summary(draft)` says what was found, missing, to check.
No network, no model: the vocabulary the rules read by is data (draft_words.yaml).
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml

from tracker.definition import SHEET_NAME_FORBIDDEN, SHEET_NAME_MAX, load_tracker
from tracker.errors import DefinitionError, DefinitionProblem, TrackerError
from tracker.reader import read_lines, tidy
from tracker.text import fold

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


@dataclass(frozen=True)
class Deadline:
    phrase: str
    due: date | None = None
    every: Literal["week", "month"] | None = None
    weekday: str | None = None
    day: int | None = None
    time: str | None = None
    todo: str = ""
    note: str = ""
    next_period: bool = False

    def spec(self) -> str:
        """A short comparable form: 'due 2024-05-29', 'week thursday 17:00', 'month 20', 'todo'."""
        if self.due is not None:
            return f"due {self.due.isoformat()}"
        if self.every == "week":
            return f"week {self.weekday} {self.time or '-'}"
        if self.every == "month":
            return f"month {self.day}"
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


@dataclass(frozen=True)
class DraftUnit:
    id: str
    name: str
    sheet: str
    code: str | None
    labels: dict[str, str]
    recipient: Found


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
    recipients: list[Found] = field(default_factory=list)
    units: list[DraftUnit] = field(default_factory=list)
    unexpanded: list[Found] = field(default_factory=list)
    province: str | None = None
    period: Found | None = None
    key_dates: list[Found] = field(default_factory=list)
    tasks: list[DraftTask] = field(default_factory=list)
    report: Found | None = None
    signer: Found | None = None
    signer_title: Found | None = None

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
    lines = read_lines(path)
    return extract(lines, source=str(path), registry_province=registry_province)


def extract(lines: list[str], source: str = "<text>", registry_province: str | None = None) -> Draft:
    d = Draft(source=source, lines=[tidy(line) for line in lines])
    _header(d)
    body_start, body_end = _body_span(d)
    paragraphs = _paragraphs(d.lines, body_start, body_end)
    d.implements = _implements(d.lines, body_end)
    d.period = _period(d, paragraphs)
    d.key_dates = _key_dates(d, paragraphs)
    d.tasks = _tasks(d, paragraphs)
    d.report = _report(paragraphs)
    _signature(d)
    d.recipients = _recipients(d, body_start, body_end)
    d.province = _province(d, registry_province)
    d.units, d.unexpanded = _units(d)
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


_MARKER = re.compile(r"^([IVXLC]+\.\s|[A-H]\.\s|\d{1,2}(\.\d{1,2})*[.)]\s|[a-zđ][).]\s|[-–+•]\s?|\||Điều \d|Nơi nhận|Kính gửi|"
                     r"Căn cứ|Thực hiện|Trên đây|Theo đề nghị)")


def _body_span(d: Draft) -> tuple[int, int]:
    """Line indexes (0-based, end exclusive) of the body: after the subject and salutation, before 'Nơi nhận'."""
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
        if lines[i] and (len(lines[i]) > 80 or _MARKER.match(lines[i])):
            break
    end = len(lines)
    for i in range(start, len(lines)):
        if lines[i].startswith("Nơi nhận") or lines[i].startswith("Trên đây"):
            end = i
            break
    return start, end


def _paragraphs(lines: list[str], start: int, end: int) -> list[Paragraph]:
    """Lines joined where a PDF or a narrow column wrapped a sentence."""
    out: list[Paragraph] = []
    for i in range(start, end):
        text = lines[i]
        if not text:
            out.append(Paragraph(i + 1, ""))
            continue
        prev = out[-1] if out else None
        joins = (prev is not None and prev.text and not _MARKER.match(text) and not _is_upper(text)
                 and not _is_upper(prev.text) and prev.text[-1] not in ".;:!?" and not prev.text.startswith("|"))
        if joins and prev is not None:
            out[-1] = Paragraph(prev.line, f"{prev.text} {text}")
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
        rf"Thông báo|Chương trình)\b.*?)(?=\s+(?:về|quy định|hướng dẫn)\s|;|,\s+(?:[a-zà-ỹđ]|(?:{bodies})\b)|\.$|$)")


def _implements(lines: list[str], end: int) -> list[Found]:
    out: list[Found] = []
    for i in range(min(end, len(lines))):
        for m in _implements_pattern().finditer(lines[i]):
            value = m.group(1).strip()
            if value and all(fold(f.value) != fold(value) for f in out):
                out.append(Found(value, i + 1, lines[i]))
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
    if m is None:
        return None
    if _ROMAN.fullmatch(m.group(1)) or (len(m.group(1)) == 1 and _is_upper(m.group(2))):
        return m.group(1), m.group(2)
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


# --------------------------------------------------------------------------- tasks and deadlines


@dataclass
class _Item:
    kind: Literal["num", "letter", "dash", "row", "para"]
    number: str
    text: str
    line: int
    section: str
    children: list[_Item] = field(default_factory=list)
    deadline_cell: str | None = None


def _item(text: str) -> tuple[str, str, str] | None:
    for kind, pattern in (("num", r"^(\d{1,2}(?:\.\d{1,2})?)[.)]\s+(.*)$"), ("letter", r"^([a-zđ])[).]\s+(.*)$"),
                          ("dash", r"^[-–+•]\s*(.*)$"), ("row", r"^\|\s*(\d{1,3})\s*\|(.*)\|$")):
        m = re.match(pattern, text)
        if m:
            if kind == "dash":
                return kind, "", m.group(1)
            return kind, m.group(1), m.group(2).strip()
    return None


def _skipped(heading: str) -> bool:
    key = fold(heading)
    return any(key.startswith(fold(w)) for w in words()["skip_sections"])


def _outline(paragraphs: list[Paragraph]) -> list[tuple[str, list[_Item]]]:
    """Sections (roman headings, or one unnamed) with their top-level items and the items under them."""
    sections: list[tuple[str, list[_Item]]] = [("", [])]
    deadline_col: int | None = None
    for p in paragraphs:
        section = _section_of(p.text)
        if section:
            sections.append((section[0], []))
            deadline_col = None
            continue
        if p.text.startswith("|") and not _item(p.text):
            cells = [fold(c) for c in p.text.strip("|").split("|")]
            deadline_col = next((k for k, c in enumerate(cells)
                                 if any(c.strip().startswith(fold(w)) for w in words()["deadline_columns"])), None)
            continue
        parsed = _item(p.text)
        items = sections[-1][1]
        if parsed is None:
            # A headed section in prose ('III. TỔ CHỨC THỰC HIỆN' then a paragraph per body): each paragraph a task.
            if sections[-1][0] and all(i.kind == "para" for i in items):
                items.append(_Item("para", "", p.text, p.line, sections[-1][0]))
            continue
        kind, number, text = parsed
        item = _Item(kind, number, text, p.line, sections[-1][0])  # type: ignore[arg-type]
        if kind == "row":
            cells = [c.strip() for c in text.split("|")]
            item.text = cells[0]
            item.deadline_cell = cells[deadline_col - 1] if deadline_col and deadline_col - 1 < len(cells) else None
            item.children = []
            items.append(item)
        elif kind == "num" and "." in number and items and items[-1].kind == "num" \
                and number.split(".")[0] == items[-1].number:
            items[-1].children.append(item)  # '1.1.' under '1.': a part of task 1
        elif kind == "num" or not items or items[-1].kind == "para":
            items.append(item)
        elif kind == "letter" or items[-1].kind in ("num", "row"):
            items[-1].children.append(item)
        else:
            items.append(item)
    return [(s, its) for s, its in sections if its]


def _roman(numeral: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for a, b in zip(numeral, numeral[1:] + " ", strict=True):
        total += -values[a] if values.get(b, 0) > values[a] else values[a]
    return total


def _tasks(d: Draft, paragraphs: list[Paragraph]) -> list[DraftTask]:
    headings = dict(s for p in paragraphs if (s := _section_of(p.text)))
    outline = [(s, items) for s, items in _outline(paragraphs) if not _skipped(headings.get(s, ""))]
    tasks: list[DraftTask] = []
    for section, items in outline:
        kinds = {i.kind for i in items}
        level = ("num", "row") if kinds & {"num", "row"} else ("dash",) if "dash" in kinds else ("para",)
        count = 0
        for item in items:
            if item.kind not in level:
                continue
            if _skipped(item.text):
                continue
            count += 1
            number = item.number or str(count)
            tid = f"{_roman(section)}.{number}" if _ROMAN.fullmatch(section) and "." not in number else number
            while any(t.id == tid for t in tasks):  # numbering that repeats itself must not repeat an id
                tid += "'"
            tasks.append(_task(d, tid, item))
    return tasks


def _task(d: Draft, tid: str, item: _Item) -> DraftTask:
    quote = item.text if item.deadline_cell is None else f"{item.text} — {item.deadline_cell}"
    own = _deadlines(d, item.deadline_cell, bare=True) if item.deadline_cell is not None else _deadlines(d, item.text)
    labels = tuple(fold(w) for w in words()["deadline_labels"])
    stated = [c for c in item.children if fold(c.text).split(":")[0].strip() in labels and ":" in c.text]
    if stated:
        # '- Hoàn thành: 15/11/2026' under a task is its deadline, not a part of it.
        own = _deadlines(d, " ".join(c.text for c in stated)) + own
        item.children = [c for c in item.children if c not in stated]
        quote = " ".join([quote, *(c.text for c in stated)])
    parts: list[DraftPart] = []
    for k, child in enumerate(item.children):
        letter = child.number if child.kind == "letter" else "abcdefghijklmnopqrstuvwxyz"[k % 26]
        found = _deadlines(d, child.text)
        deadline = found[0] if found else (own[0] if own else None)
        parts.append(DraftPart(f"{tid}{letter}", child.text, child.line, deadline))
    if not parts:
        if len(own) > 1:
            clauses = [c.strip() for c in re.split(r";\s*", item.text) if c.strip()]
            for k, deadline in enumerate(own):
                clause = next((c for c in clauses if deadline.phrase in c), item.text)
                parts.append(DraftPart(f"{tid}{'abcdefghijklmnopqrstuvwxyz'[k % 26]}", clause, item.line, deadline))
        else:
            parts.append(DraftPart(tid, quote, item.line, own[0] if own else None))
    return DraftTask(tid, _title(item.text), quote, item.line, parts)


def _title(text: str) -> str:
    head = re.split(r"[;:]\s|\.\s|,\s+(?:hoàn thành|xong|trước|chậm nhất)\b", text, maxsplit=1)[0].strip(" .;:")
    if len(head) > 90:
        head = head[:90].rsplit(" ", 1)[0] + " …"
    return head


_WEEKDAY = r"thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ\s+nhật"
_DEADLINE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("week", re.compile(rf"(?:trước\s+)?(?:(\d{{1,2}})\s*(?:giờ|h)\s*(?:(\d{{2}})\s*(?:phút)?)?\s*,?\s*)?"
                        rf"(?:(sáng|chiều|tối)\s+)?(?:ngày\s+)?({_WEEKDAY})\s+(?:hằng|hàng|mỗi)\s+tuần", re.I)),
    ("month", re.compile(r"(?:trước\s+)?ngày\s+(\d{1,2})\s+(?:hằng|hàng|mỗi)\s+tháng", re.I)),
    ("month_next", re.compile(r"(?:trước\s+)?ngày\s+(\d{1,2})\s+(?:của\s+)?tháng\s+(?:tiếp\s+theo|sau|kế\s+tiếp)", re.I)),
    ("workdays", re.compile(r"trong\s+(?:thời\s+hạn\s+|vòng\s+)?(\d{1,3})\s+ngày\s+làm\s+việc"
                            r"(?:[,\s]+(?:kể\s+)?từ\s+(?:ngày\s+)?([^,;.]*))?", re.I)),
    ("after_event", re.compile(r"(?:chậm\s+nhất\s+)?(?:(?:sau|trong)\s+)?\d{1,3}\s+ngày\s+(?:làm\s+việc\s+)?sau\s+(?:khi\s+)?[^,;.]*",
                               re.I)),
    ("range", _RANGE),
    ("in_quarter", re.compile(r"(?:hoàn\s+thành\s+)?trong\s+quý\s+(IV|I{1,3}|[1-4])(?:\s*/\s*(\d{4})|\s+năm\s+(\d{4}))?",
                              re.I)),
    ("occasion", re.compile(r"(?:vào|nhân)\s+dịp\s+Ngày\s+[^\d“”\"();:.\n]{2,90}?\s*(?:[-–]\s*|\(\s*)(\d{1,2})/(\d{1,2})(?![\d/])")),
    ("in_month", re.compile(r"(?:hoàn\s+thành\s+)?(?:trong|thời\s+gian\s*:?)\s+tháng\s+(\d{1,2})(?:\s*[-–]\s*(\d{1,2}))?"
                            r"(?:\s*/\s*(\d{4})|\s+năm\s+(\d{4}))?", re.I)),
    ("year_end", re.compile(r"(?:đến\s+hết|trong|hoàn\s+thành\s+trong)\s+năm\s+(\d{4})", re.I)),
    # An hour before the day ('trước 15h00 ngày 20/11') is dropped: `due` is a day.
    ("due", re.compile(r"(?:trước|chậm\s+nhất(?:\s+là)?|hoàn\s+thành|xong|vào|hạn\s+chót|thời\s+hạn|hạn|đến\s+hết)\s*:?\s+"
                       r"(?:trước\s+)?(?:\d{1,2}\s*(?:giờ|h)\s*(?:\d{2})?\s*(?:phút)?\s*(?:sáng|chiều)?\s*,?\s*)?(?:ngày\s+)?"
                       r"(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?![\d/])", re.I)),
    # 'trước Tết Nguyên đán', 'trước khi …': due on an event the text does not date.
    ("relative", re.compile(r"(?:hoàn\s+thành\s+)?trước\s+(?:(?!ngày\b|\d|giờ\b)[A-ZĐÀ-Ỹ][^,;.]*|khi\s[^,;.]*)")),
    ("periodic", re.compile(r"(?:định\s+kỳ\s+)?(?:hằng|hàng)\s+(?:ngày|tuần|tháng|quý|năm)|định\s+kỳ", re.I)),
]
_BARE = re.compile(r"(?:ngày\s+)?(\d{1,2})/(\d{1,2})/(\d{4})", re.I)


def _deadlines(d: Draft, text: str, bare: bool = False) -> list[Deadline]:
    """Every deadline phrase in a task's text, in reading order; overlapping phrases count once."""
    # 'ngày 15 tháng 6 năm 2021' is read as 'ngày 15/6/2021', the form the patterns know.
    text = re.sub(r"(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", r"\1/\2/\3", text)
    text = re.sub(r"(ngày\s+\d{1,2})\s+tháng\s+(\d{1,2})\b", r"\1/\2", text, flags=re.I)
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, Deadline]] = []
    patterns = [*_DEADLINE_PATTERNS, ("bare", _BARE)] if bare else _DEADLINE_PATTERNS
    for kind, pattern in patterns:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            # A phrase that names no deadline (the campaign's own window) still hides the words inside it.
            taken.append((m.start(), m.end()))
            deadline = _deadline(d, kind, m)
            if deadline is not None:
                found.append((m.start(), deadline))
    return [dl for _, dl in sorted(found, key=lambda f: f[0])]


def _deadline(d: Draft, kind: str, m: re.Match[str]) -> Deadline | None:
    phrase = m.group(0).strip()
    year = d.year()
    if kind == "week":
        weekday = words()["weekdays"].get(" ".join(m.group(4).lower().split()))
        hour = int(m.group(1)) if m.group(1) else None
        if hour is not None and hour < 12 and (m.group(3) or "").lower() in ("chiều", "tối"):
            hour += 12
        time = f"{hour:02d}:{m.group(2) or '00'}" if hour is not None and hour < 24 else None
        note = "" if time else "no hour in the text: the format's 17:00 applies"
        return Deadline(phrase, every="week", weekday=weekday, time=time, note=note)
    if kind in ("month", "month_next"):
        day = int(m.group(1))
        if not 1 <= day <= 31:
            return None
        return Deadline(phrase, every="month", day=day, next_period=kind == "month_next",
                        note="due in the month after the one reported on" if kind == "month_next" else "")
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


# --------------------------------------------------------------------------- recipients and units


def _levels_pattern() -> str:
    levels = sorted({*words()["levels"]["commune"], *words()["levels"]["district"]}, key=len, reverse=True)
    one = "(?:" + "|".join(re.escape(lv) for lv in levels) + r")(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)*"
    return rf"{one}(?:\s*(?:,|và)\s*{one})*"


def _committee_pattern() -> str:
    return "(?:" + "|".join(re.escape(c) for c in words()["committee"]) + ")"


def _recipient_key(name: str) -> str:
    key = fold(name)
    for c in words()["committee"]:
        key = key.replace(fold(c), "ubnd")
    return key


def _split_recipient(text: str) -> list[str]:
    text = text.strip().rstrip(";.,").strip()
    m = re.match(r"^Các\s+(sở|ban|ngành)\s*:\s*(.+)$", text, re.I)
    if m:
        head = _title_word(m.group(1))
        return [f"{head} {p.strip()}" for p in m.group(2).split(",") if p.strip()]
    pieces = [p.strip() for p in re.split(r"[,;]\s*", text) if p.strip()]
    bodies = sorted(words()["bodies"], key=len, reverse=True)
    if len(pieces) > 1 and all(any(p.startswith(b + " ") for b in bodies) for p in pieces):
        return pieces
    return [text]


def _recipients(d: Draft, body_start: int, body_end: int) -> list[Found]:
    lines = d.lines
    out: list[Found] = []
    seen: set[str] = set()

    def add(name: str, line: int, quote: str) -> None:
        name = re.sub(r"\s*\((?:để\s+)?(?:t/h|th|thực hiện|p/h|phối hợp|biết)\)$", "", name.strip(), flags=re.I)
        key = _recipient_key(name)
        if name and key not in seen:
            seen.add(key)
            out.append(Found(name, line, quote))

    blocked = [fold(w) for w in words()["not_recipients"]]
    for i, text in enumerate(lines):
        if text.startswith("Kính gửi"):
            rest = text.split(":", 1)[1].strip() if ":" in text else ""
            if rest:
                for name in re.split(r";\s*", rest.rstrip(".")):
                    add(name.strip(" -."), i + 1, text)
            else:
                for line, item in _dash_block(lines, i + 1):
                    for name in _split_recipient(item):
                        add(name, line, lines[line - 1])
        if text.startswith("Nơi nhận"):
            for line, item in _dash_block(lines, i + 1):
                if not any(b in fold(item) for b in blocked):
                    for name in _split_recipient(item):
                        add(name, line, lines[line - 1])
    collective = re.compile(rf"{_committee_pattern()}\s+các\s+{_levels_pattern()}")
    for i in range(len(lines)):
        for m in collective.finditer(lines[i]):
            add(m.group(0), i + 1, lines[i])
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


def _province(d: Draft, wanted: str | None) -> str | None:
    from vietnam_provinces import Province

    provinces = list(Province.iter_all())
    if wanted:
        key = fold(wanted)
        for p in provinces:
            if key in (fold(p.name), str(p.code.value), fold(p.name).removeprefix("thanh pho ")):
                return str(p.code.value)
        known = ", ".join(p.name for p in provinces)
        raise DraftError(f"--registry-province {wanted!r} is not one of the 34 provinces: {known}")
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


def _units(d: Draft) -> tuple[list[DraftUnit], list[Found]]:
    """Units from the recipients: a named body becomes one unit (with its registry code when it is a commune),
    'UBND các xã, phường' becomes the province's communes; what cannot be listed is left for a person."""
    communes = {fold(c) for c in words()["levels"]["commune"]}
    labels = {fold(k): v for k, v in words()["commune_labels"].items()}
    units: list[DraftUnit] = []
    unexpanded: list[Found] = []
    wards = _wards(d.province) if after_reform(d) else []
    for r in d.recipients:
        m = re.search(rf"\bcác\s+({_levels_pattern()})", r.value)
        if m is None and re.match(r"^(Các|Những)\s", r.value):
            unexpanded.append(r)  # 'Các sở, ban, ngành': a group whose members the text does not name
            continue
        if m is None:
            units.append(_named_unit(r, wards, labels))
            continue
        named = {fold(x.strip()) for x in re.split(r",|\bvà\b", m.group(1)) if x.strip()}
        if not (named <= communes and wards):
            unexpanded.append(r)
            continue
        prefix = r.value[:m.start()].strip()
        wanted = {labels[n] for n in named if n in labels}
        for ward in wards:
            kind = labels.get(fold(ward.division_type.value))
            if kind is not None and kind in wanted:
                name = f"{prefix} {ward.name[:1].lower()}{ward.name[1:]}" if prefix else ward.name
                units.append(DraftUnit(ward.codename.replace("_", "-"), name, sheet_name(ward.name),
                                       f"{ward.code.value:05d}", {"loai": kind}, r))
    return _distinct(units), unexpanded


def _distinct(units: list[DraftUnit]) -> list[DraftUnit]:
    """Ids and sheet names the loader accepts: communes such as 'Xã Sơn Hà' and 'Xã Sơn Hạ' (one province)
    share a codename and fold to one sheet name, so each such pair carries its registry code."""
    ids = Counter(u.id for u in units)
    sheets = Counter(fold(u.sheet) for u in units)
    out: list[DraftUnit] = []
    for u in units:
        if ids[u.id] > 1 or sheets[fold(u.sheet)] > 1:
            tag = u.code or str(len(out) + 1)
            u = replace(u, id=f"{u.id}-{tag}", sheet=sheet_name(f"{u.sheet[:SHEET_NAME_MAX - len(tag) - 3]} ({tag})"))
        out.append(u)
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
    return DraftUnit(slug(r.value), r.value, sheet_name(r.value), None, {}, r)


# --------------------------------------------------------------------------- YAML


def _q(value: Any) -> str:
    """A YAML scalar: JSON's double-quoted strings are valid YAML and keep Vietnamese as is."""
    if isinstance(value, date):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False)


def _from(found: Found | None) -> str:
    if found is None:
        return ""
    quote = found.quote if len(found.quote) <= 110 else found.quote[:107] + "…"
    return f"# line {found.line}: {_q(quote)}"


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
    out: list[str] = [
        f"# Draft made by `tracker draft` from {Path(d.source).name}. Each guessed field quotes the line it",
        "# came from; fix what is wrong, fill every TODO, then run `tracker validate-definition` on this file.",
        f"id: {_q(tracker_id(d))}",
    ]
    title = tracker_title(d)
    out += [_from(d.carries or d.subject), f"title: {_q(title)}"] if title else ["title: \"\"  # TODO: the tracker's title"]
    out += ["", "directive:"]
    out += _field("kind", d.kind, "the kind of document (Công văn, Kế hoạch, Chỉ thị, Quyết định …)")
    out += _field("number", d.number, "the number and symbol ('Số: …')")
    out += _field("issuer", d.issuer, "the issuing body")
    out += _field("signer", d.signer, "who signed", required=False)
    out += _field("signer_title", d.signer_title, "the signer's title", required=False)
    out += _field("dated", d.dated, "place and date as printed ('…, ngày … tháng … năm …')")
    out += _field("subject", d.subject, "the subject ('V/v …' or the plan's title)")
    plan = d.carries or (d.implements[0] if d.implements else None)
    if plan is not None:
        out += _field("plan", plan, "")
    for extra in d.implements[1:]:
        out.append(f"  # also implements: {_q(extra.value)} (line {extra.line})")
    if d.issued_on is not None:
        out += [f"  {_from(d.dated)}", f"  issued_on: {d.issued_on.isoformat()}"]
    else:
        out.append("  issued_on: null  # the day is blank or missing on the document")
    if text_file:
        out.append(f"  text_file: {_q(text_file)}")
    out += ["", *_campaign(d), *_key_dates_yaml(d), *_province_yaml(d), *_units_yaml(d), *_lists_yaml(d),
            *_tasks_yaml(d)]
    return "\n".join(line for line in out if line is not None) + "\n"


def _field(name: str, found: Found | None, what: str, required: bool = True, indent: str = "  ") -> list[str]:
    if found is None:
        if not required:
            return [f"{indent}# TODO: {name}: {what} was not found"]
        return [f"{indent}# TODO: {what} was not found in the text", f"{indent}{name}: \"\""]
    return [f"{indent}{_from(found)}", f"{indent}{name}: {_q(found.value)}"]


def _campaign(d: Draft) -> list[str]:
    if d.period is None:
        return ["# TODO: the campaign period (start, end) was not found in the text", "campaign:", ""]
    start, end = d.period.value
    return [_from(d.period), "campaign:", f"  start: {start.isoformat()}", f"  end: {end.isoformat()}", ""]


def _key_dates_yaml(d: Draft) -> list[str]:
    if not d.key_dates:
        return []
    out = ["key_dates:"]
    for f in d.key_dates:
        name, day = f.value
        out += [f"  {_from(f)}", f"  - id: {_q(slug(name)[:40].strip('-'))}", f"    name: {_q(name)}",
                f"    date: {day.isoformat()}"]
    return [*out, ""]


def _province_yaml(d: Draft) -> list[str]:
    out = ["# The office that tracks the directive: here, the issuer (change it if another office tracks it).",
           "province:"]
    out += _field("name", d.issuer, "the tracking office's name")
    if d.parent is not None:
        out += _field("parent", d.parent, "")
    if d.place is not None:
        out += _field("place", d.place, "")
    if d.number is not None and "/" in d.number.value:
        out += [f"  {_from(d.number)}", f"  doc_symbol: {_q(d.number.value.split('/', 1)[1])}"]
    for name in ("signer", "signer_title"):
        found = getattr(d, name)
        if found is not None:
            out.append(f"  {name}: {_q(found.value)}")
    out += ["  # TODO: short_name (how the office names itself: 'Sở', 'UBND tỉnh'), office, staff_emails, signature",
            ""]
    return out


def _units_yaml(d: Draft) -> list[str]:
    out: list[str] = []
    for r in d.unexpanded:
        if not re.search(rf"\bcác\s+({_levels_pattern()})", r.value):
            why = "a group the text does not list"
        elif not after_reform(d):
            why = "the registry holds only the communes of the 2025 reform"
        elif d.province is None:
            why = "the province is not named in the header: give it with --registry-province"
        else:
            why = "the registry lists communes only"
        out.append(f"# TODO: list the units of {_q(r.value)} (line {r.line}): {why}")
    if not d.units:
        return [*out, "# TODO: no unit could be listed from the recipients; add one entry per reporting unit",
                "units: []", ""]
    out.append("units:")
    recipient: Found | None = None
    for u in d.units:
        if u.recipient is not recipient:
            recipient = u.recipient
            source = "the registry (vietnam-provinces), for " if u.code else ""
            out.append(f"  # from {source}line {recipient.line}: {_q(recipient.value)}")
        labels = ", ".join(f"{k}: {_q(v)}" for k, v in u.labels.items())
        line = f"  - {{id: {_q(u.id)}, name: {_q(u.name)}, sheet: {_q(u.sheet)}"
        line += f", code: {_q(u.code)}" if u.code else ""
        line += f", labels: {{{labels}}}" if labels else ""
        out.append(line + "}")
    return [*out, "  # TODO: contacts (e-mail addresses) for each unit", ""]


def _lists_yaml(d: Draft) -> list[str]:
    out = ["lists:", "  # One tag per task for the entry sheet's 'Nhiệm vụ' dropdown; forms and audiences are the tracker's own.",
           "  tasks:"]
    if not d.tasks:
        return ["lists:", "  # TODO: no numbered task was found; list the task tags here", "  tasks: []", ""]
    for t in d.tasks:
        out.append(f"    - {{value: {_q(t.id)}, label: {_q(t.title)}}}")
    return [*out, "  # TODO: forms and audiences, if the rules need them", ""]


def _tasks_yaml(d: Draft) -> list[str]:
    if not d.tasks:
        return ["# TODO: no numbered task was found in the text; write the tasks by hand", "tasks: []"]
    out = [f"# The report regime (line {d.report.line}): {_q(d.report.value)}"] if d.report else []
    out.append("tasks:")
    for t in d.tasks:
        out += [f"  # line {t.line}", f"  - id: {_q(t.id)}", f"    title: {_q(t.title)}", f"    quote: {_q(t.quote)}",
                "    parts:"]
        for p in t.parts:
            out += [f"      - id: {_q(p.id)}", f"        title: {_q(_title(p.quote))}", f"        quote: {_q(p.quote)}"]
            out += _deadline_yaml(d, p.deadline)
            out += ["        # TODO: check the rule; a first guess: at least one activity tagged with the task",
                    f"        rule: {{kind: count, tags: [{_q(t.id)}], min: 1}}"]
    return out


def _deadline_yaml(d: Draft, dl: Deadline | None) -> list[str]:
    pad = "        "
    if dl is None:
        return [f"{pad}# TODO: the text gives this part no deadline; set `due` (a date) or `recurs` (a schedule)"]
    head = f"{pad}# from {_q(dl.phrase)}" + (f" ({dl.note})" if dl.note else "")
    if dl.due is not None:
        return [head, f"{pad}due: {dl.due.isoformat()}"]
    if dl.every is None:
        return [f"{pad}# TODO: {dl.todo}; set `due` or `recurs`"]
    out = [head, f"{pad}recurs:", f"{pad}  every: {dl.every}"]
    out.append(f"{pad}  weekday: {dl.weekday}" if dl.every == "week" else f"{pad}  day: {dl.day}")
    if dl.next_period:
        out.append(f"{pad}  due_next_period: true")
    if dl.time:
        out.append(f"{pad}  time: {_q(dl.time)}")
    if d.period is not None:
        out += [f"{pad}  first: {d.period.value[0].isoformat()}  # the campaign's first period",
                f"{pad}  last: {d.period.value[1].isoformat()}  # the campaign's last period"]
    else:
        out.append(f"{pad}  # TODO: first and last (any day of the first and last period): the text gives no campaign period")
    return out


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
    parts = [p for t in d.tasks for p in t.parts]
    dated = sum(1 for p in parts if p.deadline is not None and p.deadline.spec() != "todo")
    many("Nhiệm vụ", f"{len(d.tasks)} nhiệm vụ, {len(parts)} phần" if d.tasks else "",
         d.tasks[0].line if d.tasks else None, bool(d.tasks))
    many("Thời hạn", f"{dated}/{len(parts)} phần có thời hạn" if parts else "", None, bool(parts) and dated == len(parts))
    one("Chế độ báo cáo", d.report)
    one("Người ký", d.signer)
    one("Chức vụ người ký", d.signer_title)
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
