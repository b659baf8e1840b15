"""Cell parsers: one typed value out of whatever a district typed, plus what was wrong with it.

Each parser is pure and total: any input gives a result and a (possibly empty) list of findings,
never an exception. Findings are (code, params) pairs that intake turns into located problems.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from tracker.definition import Period, Tracker
from tracker.files.cells import CellError, CellValue
from tracker.problems import Code
from tracker.text import clean, fold, series

Finding = tuple[Code, dict[str, Any]]

EPOCH_1900 = date(1899, 12, 30)  # Excel's day 0, counting its fictitious 29/02/1900
EPOCH_1904 = date(1904, 1, 1)


def as_text(value: CellValue | CellError) -> str:
    """The cell as a person would read it; integral floats lose their '.0'."""
    if value is None:
        return ""
    if type(value) is str:
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M") if value.time() != time(0) else value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


# ----------------------------------------------------------------------------- dates

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?)?$")
_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})(?:\s+\d{1,2}[:h]\d{2}(?::\d{2})?)?$")
_DM = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})$")
_WORDS = re.compile(r"^(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})(?:\s*(?:nam|,)?\s*(\d{4}))?$")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
# A time ('8h30', '14 giờ'), a part of the day ('sáng', 'chiều'), a weekday ('Thứ Sáu', 'T6', 'Chủ nhật', 'CN') and/or
# the word "ngày" before the date itself; "ngày 12 tháng 5" keeps its "ngày" for _WORDS.
_DAY_WORDS = re.compile(r"^(?:\d{1,2}\s*(?:h|gio)\s*(?:\d{1,2}\s*(?:phut)?)?\s*[,\-]?\s*)?"
                        r"(?:(?:sang|trua|chieu|toi|dem)\s*[,\-]?\s*)?"
                        r"(?:(?:chu\s*nhat|thu\s*\w+|t[2-7]|cn)\s*[,\-]?\s*)?(?:ngay\s*[:.]?\s*(?=\d{1,4}\s*[/.\-]))?")
_DAY_NOTE = re.compile(r"\s*\((?:sang|trua|chieu|toi|dem|chu\s*nhat|thu\s*\w+|t[2-7]|cn)\)$")
"""A part of the day or a weekday in brackets after the date: '15/6/2026 (sáng)', '14/6/2026 (CN)'."""
_MONTH_WORDS = {"mot": 1, "gieng": 1, "hai": 2, "ba": 3, "tu": 4, "bon": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8,
                "chin": 9, "muoi": 10, "muoi mot": 11, "muoi hai": 12, "chap": 12}
_MONTH_WORD = re.compile(r"\bthang\s+(" + "|".join(sorted(_MONTH_WORDS, key=len, reverse=True)) + r")\b")
"""A month in words, folded: 'tháng Bảy', 'tháng Mười Hai', 'tháng Giêng'."""


def _make(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def from_serial(serial: float, date1904: bool = False) -> date | None:
    if not 1 <= serial < 2958466:
        return None
    return (EPOCH_1904 if date1904 else EPOCH_1900) + timedelta(days=int(serial))


@dataclass(frozen=True)
class DateResult:
    value: date | None
    findings: list[Finding]


TYPED_DAY_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


def typed_day(text: str) -> date | None:
    """A day an officer types for a run (`--as-of`, the notebook's AS_OF): ISO, or day first as Vietnamese offices
    write it; None for anything else (never today)."""
    for fmt in TYPED_DAY_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def parse_date(raw: CellValue | CellError, tracker: Tracker, as_of: date, date1904: bool = False) -> DateResult:
    c = tracker.campaign
    if raw is None or (isinstance(raw, str) and not clean(raw)):
        return DateResult(None, [(Code.DATE_MISSING, {})])
    if isinstance(raw, datetime):
        found = DateResult(raw.date(), [])
    elif isinstance(raw, date):
        found = DateResult(raw, [])
    elif isinstance(raw, bool | time):
        return DateResult(None, [(Code.DATE_INVALID, {})])
    elif isinstance(raw, int | float):
        found = DateResult(from_serial(float(raw), date1904) if raw >= 20000 else None, [])
    else:
        found = _date_of_text(str(raw), c, date1904)
    day = found.value
    if day is None:
        # A text's own reason (an ambiguous day and month) stands; anything else that is no day is invalid.
        return found if found.findings else DateResult(None, [(Code.DATE_INVALID, {})])
    findings = list(found.findings)
    if not c.contains(day):
        findings.append((Code.DATE_OUTSIDE_CAMPAIGN, {"start": f"{c.start:%d/%m/%Y}", "end": f"{c.end:%d/%m/%Y}",
                                                   "shown": f"{day:%d/%m/%Y}"}))
    elif day > as_of:
        findings.append((Code.DATE_AFTER_AS_OF, {"as_of": f"{as_of:%d/%m/%Y}", "shown": f"{day:%d/%m/%Y}"}))
    return DateResult(day, findings)


def _date_of_text(raw: str, c: Period, date1904: bool, ranges: bool = True) -> DateResult:
    """A day typed as text: ISO, a serial number, d/m[/y] or in words. Without a value, the result's findings
    say why (empty: simply no day). A day without its year takes the campaign's year in which it falls inside the
    campaign (the first such year), else the year the campaign starts."""
    text = fold(clean(raw)).rstrip(".")
    text = _DAY_WORDS.sub("", _DAY_NOTE.sub("", text))  # "Thứ Sáu, 12/6/2026", "ngày 19/6/2026", "Sáng 18/06/2026"
    if "thang " in text:
        text = _MONTH_WORD.sub(lambda m: f"thang {_MONTH_WORDS[m.group(1)]}", text)
    m = _ISO.match(text)
    if m:
        return DateResult(_make(int(m.group(1)), int(m.group(2)), int(m.group(3))), [])
    if _SERIAL.match(text):
        return DateResult(from_serial(float(text), date1904), [])
    d = m2 = y = None
    m = _DMY.match(text) or _WORDS.match(text)
    if m:
        d, m2 = int(m.group(1)), int(m.group(2))
        year_text = m.group(3)
        if year_text:
            y = int(year_text) + (2000 if len(year_text) == 2 else 0)
    else:
        m = _DM.match(text)
        if m:
            d, m2 = int(m.group(1)), int(m.group(2))
    if d is None or m2 is None:
        return _range_of(text, c, date1904) if ranges else DateResult(None, [])
    findings: list[Finding] = []
    if y is None:
        y = _year_of(d, m2, c)
        findings.append((Code.DATE_NO_YEAR, {"year": y}))
    day = _make(y, m2, d)
    # '5/6' read as 5 June outside the campaign while 6 May is inside it: the unit's meaning is unclear.
    swapped = _make(y, d, m2) if d != m2 else None
    if swapped and c.contains(swapped) and (day is None or not c.contains(day)):
        return DateResult(None, [(Code.DATE_AMBIGUOUS, {})])
    if day is None:
        return DateResult(None, [])
    return DateResult(day, findings)


_RANGE_FROM = re.compile(r"^(?:tu\s*)?(?:ngay\s*)?")
_RANGE_SEP = re.compile(r"\s+[-\u2013\u2014~]\s*|\s*[-\u2013\u2014~]\s+|[\u2013\u2014~]|-|\s*(?:den ngay|den|toi|va)\s+|\s*,\s*")
_WORD_SEP = re.compile(r"[\u2013\u2014~]|\s|den|toi|va")
"""A separator that says 'range' by itself: a dash with spaces, an en or em dash, 'đến', 'tới', 'và'. A bare '-'
is a date's own separator as often ('28-7-2026')."""
_SOME_DAY = re.compile(r"^(?:ngay\s*)?\d{1,4}(?:\s*[/.\-]\s*\d{1,4}){0,2}$")


def _range_of(text: str, c: Period, date1904: bool) -> DateResult:
    """A range of days ('01/08 - 05/08/2026', '1-5/8/2026', 'từ 01/8 đến 05/8', 'ngày 1 và 2/8/2026') is its last
    day: an activity over several days is done when it ends, and the unit is told which day was taken
    (date-range). A range whose end is no day, or before its start, is date-range-invalid; any other text that is no
    day has no findings (date-invalid)."""
    body = _RANGE_FROM.sub("", text, count=1)
    said = body != text and text.startswith("tu")
    unreadable = False
    for sep in _RANGE_SEP.finditer(body):
        left, right = body[: sep.start()].strip(), body[sep.end():].strip()
        if not left or not right:
            continue
        looks = said or bool(_WORD_SEP.search(sep.group())) or ("/" in left and "/" in right)
        end = _date_of_text(right, c, date1904, ranges=False).value
        start = _start_of(left, end, c, date1904) if end else None
        if end and start and start <= end:
            return DateResult(end, [(Code.DATE_RANGE, {"day": f"{end:%d/%m/%Y}"})])
        unreadable |= looks and bool(_SOME_DAY.match(left)) and any(ch.isdigit() for ch in right)
        unreadable |= said and bool(_SOME_DAY.match(left))
    return DateResult(None, [(Code.DATE_RANGE_INVALID, {})] if unreadable else [])


def _start_of(left: str, end: date, c: Period, date1904: bool) -> date | None:
    """The first day of a range, which may leave out what its end gives: '1' of '1-5/8/2026', '1/8' of '1/8 - 5/8/2026'."""
    if left.isdigit() and len(left) <= 2:
        return _make(end.year, end.month, int(left))
    m = _DM.match(left)
    if m:
        return _make(end.year, int(m.group(2)), int(m.group(1)))
    return _date_of_text(left, c, date1904, ranges=False).value


def _year_of(d: int, month: int, c: Period) -> int:
    """The year of a day typed as 'd/m': the first of the campaign's years that puts it inside the campaign ('5/1' of a
    campaign from November to February is in its second year). Never the check's date: in a plan of several years the
    same row read in a later year would move to that year, and the history, which keeps the typed text, would not see
    it move (the unit is asked to write the year: date-no-year)."""
    inside = [y for y in range(c.start.year, c.end.year + 1) if (day := _make(y, month, d)) and c.contains(day)]
    return inside[0] if inside else c.start.year


def parse_day(text: str, year: int | None = None) -> date | None:
    """A day out of folded text in the forms units type (d/m/yyyy, ISO, 'ngày 5 tháng 6 năm 2026'), or None.

    For cells other than the activity date (a period cell, a date column of the tracker's own); a
    missing year is taken from `year` when given.
    """
    text = _DAY_WORDS.sub("", text)
    m = _ISO.match(text)
    if m:
        return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _DMY.match(text) or _WORDS.match(text)
    if m:
        y = m.group(3)
        full = (int(y) + (2000 if len(y) == 2 else 0)) if y else year
        return _make(full, int(m.group(2)), int(m.group(1))) if full else None
    m = _DM.match(text)
    if m and year:
        return _make(year, int(m.group(2)), int(m.group(1)))
    return None


# ----------------------------------------------------------------------------- list values

_PUNCT = re.compile(r"[^\w]+")
_WORD = re.compile(r"\w+")
_SEPARATORS = re.compile(r"^(?:\s|\b(?:va|and|voi|cac|nhiem vu|nv)\b)*$")


@lru_cache(maxsize=1 << 16)
def norm_phrase(text: str) -> str:
    """fold() with punctuation turned into single spaces, for phrase matching."""
    return " ".join(phrase_words(fold(text)))


def phrase_words(folded: str) -> list[str]:
    """The words of norm_phrase(text), given fold(text): for a caller that has folded the text already."""
    return _WORD.findall(folded)  # the runs between punctuation: _PUNCT's pieces, found in one pass


_LEADING_ZEROS = re.compile(r"(?<![0-9])0+(?=[0-9])")
_NUMBER_LETTER = re.compile(r"(?<![0-9a-z])([0-9]+) ([a-z])(?![0-9a-z])")
_DIGIT = re.compile(r"[^\W0-9_a-z]")


def plain_phrase(text: str) -> str:
    """norm_phrase with every digit plain, without leading zeros, and a number's letter set apart joined to it: '０１',
    '01', '١' and '1' read alike, '2.a', '2-a' and '2 a' as '2a' (NFKC makes full-width and other compatibility forms
    plain; a decimal digit of another script is its value)."""
    norm = norm_phrase(unicodedata.normalize("NFKC", text))
    norm = _DIGIT.sub(lambda m: str(unicodedata.decimal(m.group(), "")) or m.group(), norm)
    return _NUMBER_LETTER.sub(r"\1\2", _LEADING_ZEROS.sub("", norm))


class PhraseMatcher:
    """Finds known phrases (values and aliases of a list) in free text, longest first, on word bounds."""

    def __init__(self, phrases: dict[str, str]) -> None:
        exact = {norm_phrase(k): v for k, v in phrases.items() if norm_phrase(k)}
        plain = {plain_phrase(k): v for k, v in exact.items()}
        # '01' and '１' read as '1' unless the list itself tells such forms apart (tasks '1' and '01')
        told_apart = any(plain[plain_phrase(k)] != v for k, v in exact.items())
        self._key = norm_phrase if told_apart else plain_phrase
        self.map = exact if told_apart else plain
        alternatives = sorted(self.map, key=len, reverse=True)
        body = "|".join(re.escape(p) for p in alternatives) or r"(?!x)x"
        self.regex = re.compile(rf"(?<![0-9a-z])(?:{body})(?![0-9a-z])")
        self._memo: dict[str, tuple[list[str], str]] = {}

    def match(self, text: str) -> tuple[list[str], str]:
        """(values found in order, without repeats; the leftover text that matched nothing)."""
        # Districts pick these cells from dropdowns, so the same few strings come back row after row.
        hit = self._memo.get(text)
        if hit is None:
            hit = self._match(text)
            if len(self._memo) < 50_000:
                self._memo[text] = hit
        return list(hit[0]), hit[1]

    def _match(self, text: str) -> tuple[list[str], str]:
        norm = self._key(text)
        found: list[str] = []
        for m in self.regex.finditer(norm):
            value = self.map[m.group(0)]
            if value not in found:
                found.append(value)
        leftover = " ".join(self.regex.sub(" ", norm).split())
        if _SEPARATORS.match(leftover):
            leftover = ""
        return found, leftover


GROUP_PREFIX = "group:"


def task_matcher(tracker: Tracker) -> PhraseMatcher:
    phrases: dict[str, str] = {}
    groups: set[str] = set()
    for item in tracker.lists.tasks:
        for base in (item.value, *item.aliases):
            for variant in _task_variants(base):
                phrases[variant] = item.value
        if item.label:
            phrases[item.label] = item.value
            phrases[item.display] = item.value
        if item.group:
            groups.add(item.group)
    for group in groups:
        for variant in _task_variants(group):
            phrases.setdefault(variant, GROUP_PREFIX + group)
    return PhraseMatcher(phrases)


def _task_variants(value: str) -> Iterable[str]:
    yield value
    for prefix in ("nv", "nv ", "nhiem vu ", "nhiem vu so ", "nhiệm vụ ", "nhiệm vụ số "):
        yield prefix + value


def list_matcher(items: Iterable[Any]) -> PhraseMatcher:
    phrases: dict[str, str] = {}
    for item in items:
        for name in (item.value, item.label, *item.aliases):
            if name:
                phrases[name] = item.value
    return PhraseMatcher(phrases)


@dataclass(frozen=True)
class TaskResult:
    tags: frozenset[str]
    findings: list[Finding]


def parse_tasks(raw: str, content: str, tracker: Tracker, matcher: PhraseMatcher) -> TaskResult:
    if not raw:
        return TaskResult(frozenset(), [(Code.TASK_MISSING, {})])
    found, leftover = matcher.match(raw)
    if leftover:
        return TaskResult(frozenset(), [(Code.TASK_UNKNOWN, {})])
    if not any(v.startswith(GROUP_PREFIX) for v in found):  # the usual case: the cell alone decides
        return TaskResult(frozenset(found), [])
    tags = {v for v in found if not v.startswith(GROUP_PREFIX)}
    findings: list[Finding] = []
    for marker in (v for v in found if v.startswith(GROUP_PREFIX)):
        group = marker[len(GROUP_PREFIX):]
        members = [i for i in tracker.lists.tasks if i.group == group]
        if any(m.value in tags for m in members):
            continue  # "2, 2a": the explicit part already says which
        text = norm_phrase(content)
        decided = [m.value for m in members if any(_contains(text, norm_phrase(k)) for k in m.keywords)]
        if len(decided) == 1:
            tags.update(decided)
            findings.append((Code.TASK_FROM_KEYWORDS, {"parts": decided[0]}))
        elif decided:  # one activity is never counted for two parts: the unit must say which
            findings.append((Code.TASK_SEVERAL_PARTS, {"parts": _or([m.display for m in members if m.value in decided])}))
        else:
            findings.append((Code.TASK_AMBIGUOUS, {"options": _or([m.display for m in members])}))
    return TaskResult(frozenset(tags), findings)


def _or(items: list[str]) -> str:
    return series(items, "hoặc", sep="; ")


def _contains(text: str, phrase: str) -> bool:
    return bool(phrase) and re.search(rf"(?<![0-9a-z]){re.escape(phrase)}(?![0-9a-z])", text) is not None


# ----------------------------------------------------------------------------- counts

_NUMBER = re.compile(r"\d{1,3}(?:[.,]\d{3})+(?![.,]?\d)|\d+(?:[.,]\d+)?")
_RANGE = re.compile(r"(\d[\d.,]*)\s*(?:-|–|—|~|den|toi)\s*(\d[\d.,]*)")
_APPROX = re.compile(r"\b(?:khoang|hon|tren|gan|xap xi|uoc tinh|uoc|chung|toi thieu|it nhat)\b|[~>≈]|\+\s*$")


_SCALES = {"trăm": 100, "nghìn": 1000, "ngàn": 1000, "ngìn": 1000, "k": 1000, "triệu": 1_000_000}
_SCALE = re.compile(r"\d\s*(" + "|".join(_SCALES) + r")(?!\w)")
"""A word for hundreds, thousands or millions after the number: '2 trăm', '1,5 nghìn', '2k', '2 triệu lượt xem'."""

MAX_COUNT = 1_000_000_000
"""The largest count a cell may hold: more than any activity reaches, and far below the numbers that cannot be read
(a 4,300-digit text is refused by int()) or written (a spreadsheet's numbers are doubles)."""
_TOO_LARGE = (Code.COUNT_TOO_LARGE, {"limit": f"{MAX_COUNT:,}".replace(",", ".")})


@dataclass(frozen=True)
class CountResult:
    value: int | None
    findings: list[Finding]


def parse_count(raw: CellValue | CellError) -> CountResult:
    if type(raw) is str:
        return _parse_count_text(raw)
    if raw is None or isinstance(raw, CellError):
        return CountResult(None, [])
    if isinstance(raw, bool | date | time | timedelta):
        return CountResult(None, [(Code.COUNT_NOT_NUMBER, {})])
    if isinstance(raw, int | float):
        if raw < 0 or (isinstance(raw, float) and not raw.is_integer()):
            return CountResult(None, [(Code.COUNT_NOT_NUMBER, {})])
        if raw > MAX_COUNT:
            return CountResult(None, [_TOO_LARGE])
        return CountResult(int(raw), [])
    return _parse_count_text(raw)


@lru_cache(maxsize=1 << 14)
def _parse_count_text(raw: str) -> CountResult:
    text = fold(clean(raw))
    if not text:
        return CountResult(None, [])
    if _RANGE.search(text):
        return CountResult(None, [(Code.COUNT_RANGE, {})])
    numbers = _NUMBER.findall(text)
    if len(numbers) != 1 or re.match(r"^\s*-\s*\d", text) or "%" in text:  # a share ('100%') is no count
        return CountResult(None, [(Code.COUNT_NOT_NUMBER, {})])
    token = numbers[0]
    if sum(c.isdigit() for c in token) > len(str(MAX_COUNT)):  # before int(): thousands of digits are refused by it
        return CountResult(None, [_TOO_LARGE])
    scale = _SCALE.search(unicodedata.normalize("NFC", clean(raw)).lower())  # marks kept: 'trạm' is no 'trăm'
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", token):
        number = int(re.sub(r"[.,]", "", token)) * (_SCALES[scale.group(1)] if scale else 1)
    elif token.isdigit():
        number = int(token) * (_SCALES[scale.group(1)] if scale else 1)
    elif scale:  # "1,5 nghìn": a fraction of a thousand that is a whole number of people
        many = Decimal(token.replace(",", ".")) * _SCALES[scale.group(1)]
        if many != many.to_integral_value():
            return CountResult(None, [(Code.COUNT_NOT_NUMBER, {})])
        number = int(many)
    else:
        return CountResult(None, [(Code.COUNT_NOT_NUMBER, {})])  # "2.5": no fraction of a person
    if number > MAX_COUNT:
        return CountResult(None, [_TOO_LARGE])
    if _APPROX.search(text):
        return CountResult(number, [(Code.COUNT_APPROXIMATE, {"number": number})])
    return CountResult(number, [])


# ----------------------------------------------------------------------------- links

_URL = re.compile(r"(?i)\b(?:https?://[^\s<>\"]+\.[^\s<>\"]+|www\.[^\s<>\"]+\.[^\s<>\"]+)")
_BARE_DOMAIN = re.compile(
    r"(?i)\b(?:(?:m\.|web\.)?facebook\.com|fb\.com|fb\.watch|zalo\.me|youtu\.be|(?:m\.)?youtube\.com|tiktok\.com|"
    r"[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:gov\.vn|vn|com|org|net))/[^\s<>\"]*"
)


def parse_link(text: str) -> str | None:
    """The first URL in the cell, with https:// added to a bare www. or well-known domain; else None."""
    m = _URL.search(text)
    if m:
        url = m.group(0).rstrip(".,;)")
        return url if url.lower().startswith("http") else "https://" + url
    m = _BARE_DOMAIN.search(text)
    if m:
        return "https://" + m.group(0).rstrip(".,;)")
    return None
