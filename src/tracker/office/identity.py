"""Which units of several trackers are one unit: by registry code, else contact address, else same_units.

Pure. Links are made by a shared `code`; by a shared contact address where the units' codes do not
disagree; by office.yaml's `same_units`. A group that would hold two units of one tracker, or units
with different codes, is ambiguity: a problem for the office (office-unit-ambiguous), and each of its
units stays on its own, so nobody's reminder is merged by a guess and none is lost.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from tracker.definition import Tracker, Unit
from tracker.notices import clean_addresses
from tracker.problems import Code, Problem, make
from tracker.text import fold

Ref = tuple[str, str]
"""(tracker id, unit id)."""


@dataclass(frozen=True)
class OfficeUnit:
    """One unit of the office across its trackers."""

    key: str
    """Stable and safe in file names, ledger keys and URLs: `ma-<code>` for a unit with a registry code."""
    name: str
    members: tuple[Ref, ...]
    """Its unit in each tracker, in the office's order of trackers."""
    code: str | None = None


@dataclass(frozen=True)
class Identities:
    units: tuple[OfficeUnit, ...]
    problems: tuple[Problem, ...]
    index: dict[Ref, str]
    """Each tracker's unit -> the key of its office unit."""

    def key_of(self, tracker: str, unit: str) -> str:
        return self.index[(tracker, unit)]

    def unit(self, key: str) -> OfficeUnit:
        return self._by_key[key]

    @cached_property
    def _by_key(self) -> dict[str, OfficeUnit]:
        return {u.key: u for u in self.units}


class _Links:
    """Union-find over the trackers' units, remembering why two were linked."""

    def __init__(self, refs: list[Ref]) -> None:
        self.parent = {r: r for r in refs}
        self.why: dict[Ref, set[str]] = defaultdict(set)

    def find(self, r: Ref) -> Ref:
        while self.parent[r] != r:
            self.parent[r] = self.parent[self.parent[r]]
            r = self.parent[r]
        return r

    def union(self, refs: Sequence[Ref], why: str) -> None:
        first = self.find(refs[0])
        for r in refs[1:]:
            root = self.find(r)
            if root != first:
                self.parent[root] = first
        self.why[self.find(refs[0])].add(why)


def resolve(trackers: Sequence[Tracker], same_units: Sequence[Sequence[str]] = ()) -> Identities:
    units: dict[Ref, Unit] = {(t.id, u.id): u for t in trackers for u in t.units}
    order = list(units)
    links = _Links(order)
    code = {r: (u.code or "").strip() or None for r, u in units.items()}
    problems = _link_by_code_and_address(units, code, links)
    problems += _link_declared(same_units, units, code, links)
    out, ambiguous = _office_units(order, links, units, code)
    problems += ambiguous
    problems += _same_names(out, units)
    problems += _names_differ(out, units)
    return Identities(tuple(out), tuple(problems), {ref: u.key for u in out for ref in u.members})


def _codes_differ(codes: set[str]) -> tuple[str, str]:
    """Why units cannot be one, in Vietnamese and English, when their official codes differ."""
    listed = ", ".join(sorted(codes))
    return f"các mã đơn vị khác nhau ({listed})", f"their codes differ ({listed})"


def _link_by_code_and_address(units: dict[Ref, Unit], code: dict[Ref, str | None], links: _Links) -> list[Problem]:
    """Units of several trackers with the same official code, or the same e-mail address, are one unit; an
    address shared by units whose codes differ links nothing (a shared inbox of two communes) and is reported."""
    problems: list[Problem] = []
    by_code: dict[str, list[Ref]] = defaultdict(list)
    by_address: dict[str, list[Ref]] = defaultdict(list)
    for r, u in units.items():
        if code[r]:
            by_code[code[r] or ""].append(r)
        for address in clean_addresses(u.contacts)[0]:
            by_address[address.lower()].append(r)
    for value, refs in by_code.items():
        if len(refs) > 1:
            links.union(refs, f"mã {value}")
    for address, refs in by_address.items():
        codes = {c for r in refs if (c := code[r])}
        if len(refs) > 1 and len(codes) <= 1:
            links.union(refs, f"địa chỉ {address}")
        elif len(refs) > 1:
            problems.append(_ambiguous(units, refs, f"địa chỉ {address}", f"address {address}", *_codes_differ(codes)))
    return problems


def _link_declared(same_units: Sequence[Sequence[str]], units: dict[Ref, Unit], code: dict[Ref, str | None],
                   links: _Links) -> list[Problem]:
    """The groups the office declared one unit (`same_units`): an unknown unit or differing codes are reported."""
    problems: list[Problem] = []
    for group in same_units:
        refs = [_ref(x) for x in group]
        missing = [x for x, r in zip(group, refs, strict=True) if r not in units]
        problems += [make(Code.OFFICE_UNIT_UNKNOWN, ref=x) for x in missing]
        known = [r for r in refs if r in units]
        codes = {c for r in known if (c := code[r])}
        if len(codes) > 1:
            problems.append(_ambiguous(units, known, "same_units", "same_units", *_codes_differ(codes)))
        elif len(known) > 1:
            links.union(known, "same_units")
    return problems


def _office_units(order: list[Ref], links: _Links, units: dict[Ref, Unit], code: dict[Ref, str | None],
                  ) -> tuple[list[OfficeUnit], list[Problem]]:
    """One office unit per linked group, in the trackers' order; a group that holds two units of one tracker, or
    whose codes differ (linked through a chain), is reported and its members kept apart."""
    groups: dict[Ref, list[Ref]] = defaultdict(list)
    for r in order:
        groups[links.find(r)].append(r)
    out: list[OfficeUnit] = []
    problems: list[Problem] = []
    taken: set[str] = set()
    for root, members in groups.items():
        trackers_seen = [t for t, _ in members]
        codes = {c for r in members if (c := code[r])}
        twice = sorted({t for t in trackers_seen if trackers_seen.count(t) > 1})
        if twice or len(codes) > 1:
            via = ", ".join(sorted(links.why[root]))
            why_vi, why_en = ((f"văn bản {', '.join(twice)} có nhiều đơn vị trong nhóm",
                               f"tracker {', '.join(twice)} has several units in the group") if twice
                              else _codes_differ(codes))
            problems.append(_ambiguous(units, members, via, _via_en(via), why_vi, why_en))
            out += [_unit([r], units, code, taken) for r in members]
        else:
            out.append(_unit(members, units, code, taken))
    return out, problems


def _ref(text: str) -> Ref:
    tracker, _, unit = text.partition("/")
    return tracker, unit


def _unit(members: list[Ref], units: dict[Ref, Unit], code: dict[Ref, str | None], taken: set[str]) -> OfficeUnit:
    codes = sorted({c for r in members if (c := code[r])})
    first = members[0]
    base = f"ma-{_slug(codes[0])}" if codes else first[1]
    key = base if base not in taken else f"{base}--{first[0]}"
    n = 2
    while key in taken:
        key, n = f"{base}--{first[0]}-{n}", n + 1
    taken.add(key)
    return OfficeUnit(key, units[first].name, tuple(members), codes[0] if codes else None)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9._-]+", "-", fold(text)).strip("-") or "x"


def _via_en(via: str) -> str:
    return via.replace("mã ", "code ").replace("địa chỉ ", "address ")


def _ambiguous(units: dict[Ref, Unit], refs: Sequence[Ref], via: str, via_en: str, why: str, why_en: str) -> Problem:
    names = "; ".join(f"{units[r].name} ({r[0]}/{r[1]})" for r in refs)
    return make(Code.OFFICE_UNIT_AMBIGUOUS, units=names, via=via, via_en=via_en, why=why, why_en=why_en,
                refs=[f"{t}/{u}" for t, u in refs])


_TITLE_WORDS = re.compile(r"\b(ubnd|uy ban nhan dan)\b")


def _same_names(out: list[OfficeUnit], units: dict[Ref, Unit]) -> list[Problem]:
    """Units of different trackers with the same name (without 'UBND') that were not taken as one."""
    by_name: dict[str, list[OfficeUnit]] = defaultdict(list)
    for u in out:
        by_name[" ".join(_TITLE_WORDS.sub(" ", fold(u.name)).split())].append(u)
    problems = []
    for same in by_name.values():
        trackers = {t for u in same for t, _ in u.members}
        if len(same) < 2 or len(trackers) < 2:
            continue
        codes = sorted({u.code for u in same if u.code})
        why = "mã khác nhau: " + ", ".join(codes) if len(codes) > 1 else "không cùng mã, không cùng địa chỉ thư"
        why_en = "different codes: " + ", ".join(codes) if len(codes) > 1 else "no shared code or address"
        problems.append(make(Code.OFFICE_UNIT_SAME_NAME, name=same[0].name, why=why, why_en=why_en,
                             units=", ".join(f"{t}/{x}" for u in same for t, x in u.members)))
    return problems


_KIND_WORDS = re.compile(r"\b(xa|phuong|dac khu|thi tran|huyen|quan|thi xa|thanh pho|tinh|p|x|tt)\b\.?")


def _place(name: str) -> str:
    """A unit's name as the place it names: 'UBND xã Cam Lộ', 'Ủy ban nhân dân xã Cam Lộ' and 'X. Cam Lộ' are one."""
    bare = _KIND_WORDS.sub(" ", _TITLE_WORDS.sub(" ", fold(name)))
    return " ".join(re.sub(r"[^\w()]+", " ", bare).split())


def _names_differ(out: list[OfficeUnit], units: dict[Ref, Unit]) -> list[Problem]:
    """Units taken as one whose names name different places ('UBND xã Cam Lộ' and 'UBND xã Gio Linh' sharing one
    code): a code or address typed for a neighbour would merge two communes' messages without a word otherwise.
    A name that holds the other ('Sở B' and 'Sở B (văn phòng)') is one unit written two ways."""
    problems = []
    for u in out:
        names = list(dict.fromkeys(units[r].name for r in u.members))
        places = [_place(n) for n in names]
        if any(a not in b and b not in a for i, a in enumerate(places) for b in places[i + 1:]):
            via = f"mã {u.code}" if u.code else "cùng địa chỉ thư hoặc same_units"
            via_en = f"code {u.code}" if u.code else "a shared address or same_units"
            problems.append(make(Code.OFFICE_UNIT_NAMES_DIFFER, via=via, via_en=via_en,
                                 names="; ".join(f"{units[r].name} ({r[0]}/{r[1]})" for r in u.members),
                                 refs=[f"{t}/{x}" for t, x in u.members]))
    return problems
