"""The rows worth a look: what a provincial officer should open before deciding on a unit's rows.

The check judges rows by the tracker's rules; this list points at rows that pass the rules and still
deserve a human eye before the province accepts them (tracker.review.decisions). Four kinds, in this order:

- one evidence link claimed by more than one unit, or by several rows of one unit;
- an evidence link outside the units' official sites (the tracker's `review.official_domains`);
- a row changed, or added, after the check that first followed its week (needs history);
- a number (participants, quantity) far above the unit's usual, or far above every other unit's for
  the same form.

A lead is never a verdict: it names the unit, the tab and the row(s), says in Vietnamese why the row
is worth a look, and carries the evidence. Pure apart from reading history; one pass over the
activities with dicts: a national check (3,321 units, ~100k activities) takes about 1.5 s without
history and 4 s with it, most of that reading the stored rows (benchmarks/lookout.py).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeAlias
from urllib.parse import parse_qsl, quote, unquote, urlencode

from tracker.collector import bulk_allocation
from tracker.definition import Tracker
from tracker.rowid import row_digest, row_identity
from tracker.storage.rowdiff import StoredRow, diff_rows

if TYPE_CHECKING:
    from tracker.intake import Activity, RawRow
    from tracker.result import ChangedRow, CheckResult
    from tracker.storage.history import CheckInfo, History


class LeadKind(StrEnum):
    SHARED_LINK = "shared-link"
    UNOFFICIAL_LINK = "unofficial-link"
    CHANGED_AFTER_REPORT = "changed-after-report"
    UNUSUAL_NUMBER = "unusual-number"


KIND_VI: dict[LeadKind, str] = {
    LeadKind.SHARED_LINK: "Minh chứng dùng chung",
    LeadKind.UNOFFICIAL_LINK: "Link ngoài trang chính thức",
    LeadKind.CHANGED_AFTER_REPORT: "Sửa sau khi đã báo cáo",
    LeadKind.UNUSUAL_NUMBER: "Số liệu cao bất thường",
}
NEEDS_HISTORY = frozenset({LeadKind.CHANGED_AFTER_REPORT})
"""Kinds found only by comparing with earlier stored checks: without history they are not looked for."""

COUNT_KEYS = ("participants", "quantity")
COUNT_HEADERS = {"participants": "Số người tham gia", "quantity": "Số lượng"}
"""Headers of the built-in number columns when a tracker has no column of its own for them."""

# Unusual numbers. A number means something only beside numbers of the same kind of activity: a radio
# bulletin "reaches" thousands, a meeting seats fifty. So a row is compared with the unit's other rows of
# the same form: its typical value is their median (leave one out, so that the row judged cannot lift its
# own yardstick), over at least UNIT_MIN_OTHERS rows; the median ignores a few outliers where a mean
# would follow them, and below four rows there is no "usual" to speak of. FACTOR 5 lets a big event
# stand (a launch is often 2-3x an ordinary meeting) while a typed extra zero (10x) stands out.
FACTOR = 5
UNIT_MIN_OTHERS = 4
# A unit's first rows of a form have no usual of their own; there the yardstick is the other units: the
# largest value any other unit gave for the same form. Being above every other unit's largest by
# FACTOR, with at least PEER_MIN_OTHERS other units reporting that form, is rare even for the biggest
# unit of a province, and catches the figure the unit's own rows cannot.
PEER_MIN_OTHERS = 3

# Query parameters that say where a click came from, not what page it is: dropped before comparing.
_TRACKING = re.compile(r"utm_\w*|fbclid|gclid|gbraid|wbraid|dclid|msclkid|igshid|igsh|mibextid|zarsrc|zarsid|"
                       r"_gl|si|__cft__(\[\d*\])?|__tn__", re.IGNORECASE)
# scheme, user, host, port, path, query, fragment: one regular expression (urllib's urlsplit took most of the
# time of a national list) over links as parse_link keeps them: one URL, no spaces.
_PARTS = re.compile(r"(?:[a-z][a-z0-9+.-]*:)?/*(?:[^@/?#\s]*@)?(?P<host>[^/?#:@\s]+)(?::(?P<port>\d{1,5}))?"
                    r"(?P<path>/[^?#]*)?(?:\?(?P<query>[^#]*))?(?:#.*)?", re.IGNORECASE | re.DOTALL)
_HOST = re.compile(r"[\w.-]+")
_PATH_SAFE = "/:@!$&'()*+,;=-._~"
_SHOWN = 100  # characters of a cell quoted in an explanation


@dataclass(frozen=True)
class Lead:
    """One thing worth a look: a unit's row(s) of one tab, why (in Vietnamese) and the evidence."""

    kind: LeadKind
    unit: str
    sheet: str
    rows: tuple[int, ...]
    explanation: str
    evidence: Mapping[str, Any] = field(default_factory=dict, hash=False)

    @property
    def kind_vi(self) -> str:
        return KIND_VI[self.kind]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": str(self.kind), "kind_vi": self.kind_vi, "unit": self.unit, "sheet": self.sheet,
                "rows": list(self.rows), "explanation": self.explanation, "evidence": dict(self.evidence)}


def worth_a_look(result: CheckResult, history: History | None = None) -> tuple[Lead, ...]:
    """Every lead of this check, by kind, then unit (the tracker's order), then row. Without history, rows
    changed after their week was reported are not looked for (NEEDS_HISTORY)."""
    t = result.tracker
    activities = result.intake.activities
    with bulk_allocation():  # as the check does: the collector rescanning a national result took half the time
        links = _evidence_links(t, activities)
        leads = [*_shared_links(t, links), *_unofficial_links(t, links)]
        if history is not None:
            leads += _changed_after_report(result, history)
        leads += _unusual_numbers(t, activities)
    order = {u.id: i for i, u in enumerate(t.units)}
    kinds = list(LeadKind)
    return tuple(sorted(leads, key=lambda lead: (kinds.index(lead.kind), order.get(lead.unit, len(order)),
                                                 lead.sheet, lead.rows, lead.explanation)))


def looked_for(history: History | None) -> tuple[LeadKind, ...]:
    """The kinds worth_a_look looks for with (or without) history."""
    return tuple(k for k in LeadKind if history is not None or k not in NEEDS_HISTORY)


# --------------------------------------------------------------------------- links


def normalise_link(url: str) -> str | None:
    """The page a link points at, for comparing: no scheme, host in lower case without a leading www. or
    m., no trailing slash, no fragment, no tracking parameters (utm_*, fbclid …); the rest kept in order.
    None when the text names no host."""
    split = _split(url)
    if split is None:
        return None
    host, rest = split
    return host + rest


def host_of(url: str) -> str | None:
    """The link's host as normalise_link keeps it: 'https://M.Facebook.com/x' -> 'facebook.com'."""
    split = _split(url)
    return split[0] if split else None


def is_official(host: str, domains: Iterable[str]) -> bool:
    """The host is one of the domains or a sub-domain of one ('x.quangtri.gov.vn' is on 'gov.vn';
    'notgov.vn' is not)."""
    host = host.split(":", 1)[0]
    return any(host == d or host.endswith("." + d) for d in domains)


def _split(url: str) -> tuple[str, str] | None:
    m = _PARTS.fullmatch(url.strip())
    if m is None:
        return None
    host = m["host"].lower().rstrip(".")
    if "." not in host or not _HOST.fullmatch(host):
        return None
    while host.startswith(("www.", "m.")) and host.count(".") > 1:
        host = host.split(".", 1)[1]
    if m["port"] and int(m["port"]) not in (80, 443):
        host += f":{int(m['port'])}"
    path = m["path"] or ""
    if "%" in path or not path.isascii():  # one spelling of a Vietnamese slug, however the browser copied it
        path = quote(unquote(path), safe=_PATH_SAFE)
    if not m["query"]:
        return host, path.rstrip("/")
    query = [(k, v) for k, v in parse_qsl(m["query"], keep_blank_values=True) if not _TRACKING.fullmatch(k)]
    return host, path.rstrip("/") + ("?" + urlencode(query) if query else "")


@dataclass(frozen=True)
class _Link:
    activity: Activity
    typed: str
    host: str
    key: str
    """The link as normalise_link gives it."""


def _evidence_links(t: Tracker, activities: Sequence[Activity]) -> list[_Link]:
    """Every evidence link of the activities (the link column and the tracker's own link columns), split once."""
    own = [c.key for c in t.columns if not c.builtin and c.kind == "link"]
    out: list[_Link] = []
    for a in activities:
        typed = [a.link] if a.link else []
        for key in own:
            value = a.value(key)
            if isinstance(value, str) and value:
                typed.append(value)
        for link in typed:
            split = _split(link)
            if split is not None:
                out.append(_Link(a, link, split[0], split[0] + split[1]))
    return out


def _shared_links(t: Tracker, links: Sequence[_Link]) -> list[Lead]:
    users: dict[str, dict[tuple[str, str], list[tuple[int, str]]]] = defaultdict(lambda: defaultdict(list))
    for link in links:
        a = link.activity
        rows = users[link.key][(a.unit, a.sheet)]
        if not rows or rows[-1][0] != a.row:  # one row holding the same link twice is one use
            rows.append((a.row, link.typed))
    names = {u.id: u.name for u in t.units}
    leads: list[Lead] = []
    for key, by_tab in users.items():
        if len(by_tab) == 1 and len(next(iter(by_tab.values()))) == 1:
            continue
        for (unit, sheet), rows in by_tab.items():
            others = [(names.get(u, u), s, [r for r, _ in rs]) for (u, s), rs in by_tab.items() if u != unit]
            said: list[str] = []
            if len(rows) > 1:
                said.append(f"một link minh chứng dùng cho {_rows_vi(r for r, _ in rows)}")
            if others:
                where = "; ".join(f"{name} ({_rows_vi(rs)})" for name, _, rs in others)
                said.append(f"cùng link minh chứng với {len({n for n, _, _ in others})} {t.terms.unit} khác: {where}")
            text = "; ".join(said)
            leads.append(Lead(
                LeadKind.SHARED_LINK, unit, sheet, tuple(r for r, _ in rows),
                f"{text[0].upper()}{text[1:]}. Xem hoạt động có đúng của {t.terms.unit} này không.",
                {"link": key, "typed": [link for _, link in rows],
                 "others": [{"unit": u, "sheet": s, "rows": [r for r, _ in rs]}
                            for (u, s), rs in by_tab.items() if (u, s) != (unit, sheet)]}))
    return leads


def _unofficial_links(t: Tracker, links: Sequence[_Link]) -> list[Lead]:
    domains = t.review.official_domains
    if not domains:
        return []
    found: dict[tuple[str, str, str], list[tuple[int, str]]] = defaultdict(list)
    official: dict[str, bool] = {}
    for link in links:
        if link.host not in official:
            official[link.host] = is_official(link.host, domains)
        if not official[link.host]:
            found[(link.activity.unit, link.activity.sheet, link.host)].append((link.activity.row, link.typed))
    shown = ", ".join(domains)
    return [Lead(LeadKind.UNOFFICIAL_LINK, unit, sheet, tuple(dict.fromkeys(r for r, _ in rows)),
                 f"Link trên {host}, không thuộc trang chính thức ({shown}). Xem bài có đúng của {t.terms.unit} "
                 "và đúng hoạt động đã ghi không.",
                 {"host": host, "links": [link for _, link in rows], "official_domains": list(domains)})
            for (unit, sheet, host), rows in found.items()]


# --------------------------------------------------------------------------- history


def _changed_after_report(result: CheckResult, history: History) -> list[Lead]:
    """Rows whose week ended before an earlier stored check and which, compared with the first such check,
    were changed since or were not there yet (added late)."""
    checks = earlier_checks(result, history)
    if not checks:
        return []
    days = [c.day for c in checks]  # each stored date parsed once
    keys = _current_keys(result, history)
    due = _rows_first_reported(result, checks, days, keys)
    raw: dict[str, list[RawRow]] = defaultdict(list)
    for r in result.intake.raw_rows:
        raw[r.unit].append(r)
    reported_on = dict(zip((c.id for c in checks), days, strict=True))
    # Read only when a row was added late: most weeks no row is, and the table is the tracker's whole past.
    first_seen = functools.cache(functools.partial(history.first_seen, result.tracker.id))
    leads: list[Lead] = []
    for check_id, rows in due.items():
        digests: dict[str, set[str]] = defaultdict(set)
        for _, _, _, identity, digest in _snapshot_keys(history, check_id):
            digests[identity].add(digest)
        changed = [(a, identity) for a, identity, digest in rows if digest not in digests.get(identity, ())]
        if not changed:
            continue
        units = list(dict.fromkeys(a.unit for a, _ in changed))
        then = _snapshot_rows(history, check_id, units)
        for unit in units:
            now = [StoredRow(r.unit, r.sheet, r.row, *keys[(r.unit, r.sheet, r.row)], r.values, r.counted)
                   for r in raw[unit]]
            diff = diff_rows(then.get(unit, []), now)
            edits = _RowEdits({(e["sheet"], e["row"]): e for e in diff["edited"]},
                              {(e["sheet"], e["row"]) for e in diff["new"]})
            values = {(r.sheet, r.row): r.values for r in raw[unit]}
            for a, identity in (x for x in changed if x[0].unit == unit):
                lead = _changed_row_lead(result, a, identity, edits, values[(a.sheet, a.row)],
                                         (check_id, reported_on[check_id]), first_seen)
                if lead is not None:
                    leads.append(lead)
    return leads


def _rows_first_reported(result: CheckResult, checks: Sequence[CheckInfo], days: Sequence[date],
                         keys: Mapping[tuple[str, str, int], tuple[str, str]],
                         ) -> dict[int, list[tuple[Activity, str, str]]]:
    """check id -> the rows (with identity and digest) whose week that check was the first to report: the
    one snapshot each row is compared with."""
    due: dict[int, list[tuple[Activity, str, str]]] = defaultdict(list)
    for a in result.intake.activities:
        key = keys.get((a.unit, a.sheet, a.row))
        i = bisect.bisect_right(days, _week_end(a.date))
        if key is not None and i < len(checks):
            due[checks[i].id].append((a, *key))
    return due


@dataclass(frozen=True)
class _RowEdits:
    """One unit's rows against a stored check, by (sheet, row): built once per unit, looked up per row."""

    edited: dict[tuple[str, int], ChangedRow]
    added: set[tuple[str, int]]


def _changed_row_lead(result: CheckResult, a: Activity, identity: str, edits: _RowEdits, current: Mapping[str, str],
                      reported: tuple[int, date], first_seen: Callable[[], dict[str, str]]) -> Lead | None:
    """The lead for one row changed since the check that reported its week, or None when the row only moved
    (the same content under another row of that check)."""
    check_id, day = reported
    week = f"tuần {_week_end(a.date) - timedelta(days=6):%d/%m}–{_week_end(a.date):%d/%m/%Y}"
    head = f"Dòng ngày {a.date:%d/%m/%Y} ({week})"
    evidence: dict[str, Any] = {"date": a.date.isoformat(), "reported_at": day.isoformat(),
                                "check": check_id, "now": current}
    if (a.sheet, a.row) in edits.edited:
        old = edits.edited[(a.sheet, a.row)]["before"]
        said = _edits(result.tracker, old, current)
        text = (f"{head} đã có ở lần kiểm tra ngày {day:%d/%m/%Y}, sau đó được sửa: "
                f"{'; '.join(said) or 'nội dung khác'}.")
        evidence |= {"change": "edited", "before": old}
    elif (a.sheet, a.row) in edits.added:
        # Not in history yet: this check, not stored yet, is the first to see it.
        stored = first_seen().get(identity)
        seen = date.fromisoformat(stored) if stored else result.as_of
        later = f"; lần đầu thấy ở lần kiểm tra ngày {seen:%d/%m/%Y}" if seen > day else ""
        text = (f"{head} được thêm sau lần kiểm tra ngày {day:%d/%m/%Y}, khi tuần đó đã được "
                f"báo cáo{later}.")
        evidence |= {"change": "added", "first_seen": seen.isoformat()}
    else:
        return None  # the same content under another row of that check: moved, not changed
    return Lead(LeadKind.CHANGED_AFTER_REPORT, a.unit, a.sheet, (a.row,), text, evidence)


# History.rows decodes every row's values (about 3 s for a national check of 100k rows); comparing needs
# the identity and digest of each row, and the values only of the units with a changed row. These two
# read the same `rows` table narrowly; they belong in History (see the report of this change).
def _snapshot_keys(history: History, check_id: int) -> list[tuple[str, str, int, str, str]]:
    return history.row_keys(check_id)


def _snapshot_rows(history: History, check_id: int, units: Sequence[str]) -> dict[str, list[StoredRow]]:
    return history.rows_of_units(check_id, units)


def _current_keys(result: CheckResult, history: History) -> dict[tuple[str, str, int], tuple[str, str]]:
    """(identity, digest) of every row of this check: as history stored them when it has this check, else
    computed as history would."""
    if result.check_id is not None:
        stored = {(u, s, r): (i, d) for u, s, r, i, d in _snapshot_keys(history, result.check_id)}
        if stored.keys() == {(r.unit, r.sheet, r.row) for r in result.intake.raw_rows}:  # the same check
            return stored
    return {(r.unit, r.sheet, r.row): (row_identity(r.unit, r.values), row_digest(r.values))
            for r in result.intake.raw_rows}


def earlier_checks(result: CheckResult, history: History) -> list[CheckInfo]:
    """The stored checks of the tracker before this one (which may be stored already), oldest first."""
    return sorted((c for c in history.checks(result.tracker.id) if _before(c, result)), key=lambda c: (c.as_of, c.id))


def _before(check: CheckInfo, result: CheckResult) -> bool:
    if result.check_id is not None and check.id >= result.check_id:
        return False
    return check.day <= result.as_of


def _week_end(day: date) -> date:
    """The Sunday of the day's week (weeks run Monday to Sunday)."""
    return day + timedelta(days=6 - day.weekday())


def _edits(t: Tracker, old: Mapping[str, str], new: Mapping[str, str]) -> list[str]:
    headers = {c.key: c.header for c in t.columns}
    return [f"{headers.get(k, k)}: “{_short(old.get(k, ''))}” → “{_short(new.get(k, ''))}”"
            for k in dict.fromkeys([*old, *new]) if k != "stt" and old.get(k, "") != new.get(k, "")]


# --------------------------------------------------------------------------- numbers


# (unit, sheet, row, column) -> what is unusual about the value, and the evidence: one lead per cell, however
# many comparisons find it unusual.
_Found: TypeAlias = dict[tuple[str, str, int, str], tuple[list[str], dict[str, Any]]]
_PerUnit: TypeAlias = "dict[tuple[str, str, str], list[tuple[int, Activity]]]"
_PerForm: TypeAlias = "dict[tuple[str, str], dict[str, tuple[int, Activity]]]"


def _unusual_numbers(t: Tracker, activities: Sequence[Activity]) -> list[Lead]:
    headers = {k: t.column(k).header if t.has_column(k) else COUNT_HEADERS[k] for k in COUNT_KEYS}
    per_unit, per_form = _numbers_by_form(activities)
    found: _Found = {}
    _against_own_rows(t, per_unit, found)
    _against_other_units(t, per_form, found)
    return [Lead(LeadKind.UNUSUAL_NUMBER, unit, sheet, (row,),
                 f"{headers[key]} {_number(evidence['value'])}: "
                 f"{'; '.join(said)}. Xem số liệu có nhập nhầm không.", evidence)
            for (unit, sheet, row, key), (said, evidence) in found.items()]


def _numbers_by_form(activities: Sequence[Activity]) -> tuple[_PerUnit, _PerForm]:
    """Each unit's values per (column, form), and per (form, column) each unit's largest value: a number is
    only comparable with numbers of the same form of activity."""
    per_unit: _PerUnit = defaultdict(list)
    # (form, column) -> unit -> the unit's largest value for that form and its activity
    per_form: _PerForm = defaultdict(dict)
    for a in activities:
        for key, value in (("participants", a.participants), ("quantity", a.quantity)):
            if not value or value < 0:
                continue
            for form in a.forms:
                per_unit[(a.unit, key, form)].append((value, a))
                units = per_form[(form, key)]
                best = units.get(a.unit)
                if best is None or value > best[0]:
                    units[a.unit] = (value, a)
    return per_unit, per_form


def _note(found: _Found, a: Activity, key: str, said: str, evidence: dict[str, Any]) -> None:
    entry = found.setdefault((a.unit, a.sheet, a.row, key), ([], {"column": key}))
    entry[0].append(said)
    entry[1].update(evidence)


def _against_own_rows(t: Tracker, per_unit: _PerUnit, found: _Found) -> None:
    """A value FACTOR times the median of the unit's other rows of the same form and column."""
    for (_, key, form), items in per_unit.items():
        if len(items) <= UNIT_MIN_OTHERS:
            continue
        items.sort(key=lambda item: item[0])
        values = [v for v, _ in items]
        # Leaving out any value above the median gives the lowest median of the others: only values above
        # FACTOR times that can be flagged, so the largest are tried, down to the first that cannot.
        lowest = _median_without(values, len(values) - 1)
        for value, a in reversed(items):
            if value <= FACTOR * lowest:
                break
            usual = _median_without(values, bisect.bisect_left(values, value))
            if value > FACTOR * usual:
                _note(found, a, key, f"gấp {_times(value / usual)} lần mức thường của {t.terms.unit} với hình thức "
                                     f"“{form}” (trung vị {_number(usual)} trên {len(values) - 1} dòng khác)",
                      {"value": value, "form": form, "unit_median": usual, "unit_rows": len(values) - 1})


def _against_other_units(t: Tracker, per_form: _PerForm, found: _Found) -> None:
    """A unit's largest value FACTOR times the largest of every other unit for the same form and column."""
    names = {u.id: u.name for u in t.units}
    for (form, key), by_unit in per_form.items():
        if len(by_unit) <= PEER_MIN_OTHERS:
            continue
        (_, (value, a)), (second, (runner_up, _)) = sorted(by_unit.items(), key=lambda kv: -kv[1][0])[:2]
        if value > FACTOR * runner_up:
            _note(found, a, key, f"gấp {_times(value / runner_up)} lần con số lớn nhất của {len(by_unit) - 1} "
                                 f"{t.terms.unit} khác cho hình thức “{form}” ({_number(runner_up)}, "
                                 f"{names.get(second, second)})",
                  {"value": value, "form": form, "others_max": runner_up, "others_max_unit": second,
                   "other_units": len(by_unit) - 1})


def _median_without(values: Sequence[int], i: int) -> float:
    """The median of sorted `values` without the one at index i, in O(1)."""
    n = len(values) - 1

    def at(j: int) -> int:
        return values[j] if j < i else values[j + 1]

    return float(at(n // 2)) if n % 2 else (at(n // 2 - 1) + at(n // 2)) / 2


# --------------------------------------------------------------------------- words


def _rows_vi(rows: Iterable[int]) -> str:
    found = list(rows)
    return ("dòng " if len(found) == 1 else "các dòng ") + ", ".join(str(r) for r in found)


def _number(value: float) -> str:
    """12000 -> '12.000', 2.5 -> '2,5': as Vietnamese write numbers."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:.1f}".replace(".", ",")


def _times(ratio: float) -> str:
    return _number(round(ratio, 1) if ratio < 10 else round(ratio))


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"

