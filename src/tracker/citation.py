"""How every output names the directive it tracks, whatever its kind.

A công văn's `subject` is its "V/v …" line, what it is about ("V/v triển khai Đề án …"); a kế hoạch's, chỉ thị's
or quyết định's is its title ("Kế hoạch tổ chức “Ngày …” năm 2026"). The two are cited differently:

- the body:    "Công văn số 12/SYT-NVY ngày 14/7/2026 của Sở … về việc triển khai Đề án …"
               "Kế hoạch số 88/KH-UBND ngày 06/5/2026 của Ủy ban nhân dân tỉnh … về tổ chức “Ngày …”"
- abstracts:   "V/v đôn đốc triển khai Đề án …" for a V/v subject, "V/v đôn đốc thực hiện Kế hoạch số 88/KH-UBND
               ngày 06/5/2026 của …" for a title (likewise "Tiến độ …", "Kết quả …" of the reports).

A number left blank on the document ("…/SYT-NVY", "", "Số: /KH-UBND") is never printed as "số …/…": the document
is named by its kind, issuer and date ("Công văn của Sở … ban hành tháng 7/2026"). Dates follow Decree 30/2020 (a
day under 10 and the months 1 and 2 with a leading zero: "ngày 06/5/2026", "ngày 05/01/2026").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from tracker.definition import Directive
from tracker.text import clean, fold, lower_first

_VV = re.compile(r"^\s*(?:v/v|về việc)\s*[:.]?\s*", re.IGNORECASE)
_FULL_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_MONTH = re.compile(r"tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)


@dataclass(frozen=True)
class Subject:
    """What the directive is about, as a phrase after "về việc"/"về", and whether its subject was a "V/v" line."""

    phrase: str
    vv: bool


def number(d: Directive) -> str | None:
    """The directive's number and symbol as printed ("128/KH-UBND"), or None when the number was left blank."""
    text = re.sub(r"^\s*số\s*:?\s*", "", _one_line(d.number), flags=re.IGNORECASE)
    digits = text.split("/", 1)[0]
    return text if re.search(r"\d", digits) else None


def issued(d: Directive) -> str:
    """'ngày 06/5/2026', 'tháng 7/2026' when the day was left blank, or '' when nothing is known."""
    if d.issued_on:
        return f"ngày {_vn_citation_date(d.issued_on)}"
    dated = _one_line(d.dated)
    if found := _FULL_DATE.search(dated):
        try:
            return f"ngày {_vn_citation_date(date(int(found[3]), int(found[2]), int(found[1])))}"
        except ValueError:
            pass
    if (found := _MONTH.search(dated)) and 1 <= int(found[1]) <= 12:
        return f"tháng {int(found[1]):02d}/{found[2]}" if int(found[1]) < 3 else f"tháng {int(found[1])}/{found[2]}"
    return ""


def cite(d: Directive) -> str:
    """The directive named as a document: kind, number, date, issuer."""
    kind, issuer, no, when = _one_line(d.kind) or "Văn bản", _one_line(d.issuer), number(d), issued(d)
    if no:
        day = f" {when}" if when.startswith("ngày") else ""
        return f"{kind} số {no}{day} của {issuer}"
    if when.startswith("ngày"):
        return f"{kind} {when} của {issuer}"
    return f"{kind} của {issuer}" + (f" ban hành {when}" if when else "")


def subject(d: Directive) -> Subject:
    """The subject as a phrase: 'V/v triển khai …' -> 'triển khai …' (vv); 'Kế hoạch tổ chức …' -> 'tổ chức …'."""
    text = _one_line(d.subject)
    if _VV.match(text):
        return Subject(_VV.sub("", text, count=1), True)
    kind = _one_line(d.kind)
    if kind and fold(text).startswith(fold(kind) + " "):
        text = text[len(kind):].strip()
    return Subject(lower_first(text), False)


def reference(d: Directive) -> str:
    """How a sentence cites it: 'Kế hoạch số … ngày … của … về …' ('về việc …' for a V/v subject)."""
    s = subject(d)
    about = "" if len(s.phrase.split()) < 2 else f" về việc {s.phrase}" if s.vv else f" về {s.phrase}"
    return cite(d) + about


def topic(d: Directive) -> str:
    """What the reports and letters are about, after 'Tiến độ', 'Kết quả', 'V/v đôn đốc': the V/v subject's phrase
    ('triển khai Đề án …'), else carrying out the directive ('thực hiện Kế hoạch số … của …')."""
    s = subject(d)
    return s.phrase if s.vv and s.phrase else f"thực hiện {cite(d)}"


def _one_line(value: str | None) -> str:
    return " ".join(clean(value or "").split())


def _vn_citation_date(day: date) -> str:
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"
