"""The official registry of provinces and communes (wards, special zones), read from `vietnam-provinces`.

Since July 2025 Vietnam has two levels: 34 provinces and 3,321 communes. The package carries the
General Statistics Office's names and codes; nothing of it is copied into this repository. Names
from before the 2025 merger come from the package's `legacy` module, which only its releases for
Python 3.12+ ship: without it, an old name is reported as unknown, not as old.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from tracker.errors import DefinitionProblem, TrackerError
from tracker.text import fold

if TYPE_CHECKING:
    from tracker.definition import Tracker

CommuneKind = Literal["phuong", "xa", "dac-khu"]
# The official prefix of each kind, as the name starts and as the `loai` label shows it.
KIND_LABELS: dict[CommuneKind, str] = {"phuong": "Phường", "xa": "Xã", "dac-khu": "Đặc khu"}
_PROVINCE_PREFIX = re.compile(r"^(tinh|thanh pho|tp\.?)\s+")
_COMMUNE_PREFIX = re.compile(r"^(xa|phuong|dac khu|thi tran)\s+")


class RegistryError(TrackerError):
    """A province or commune named by the user is not in the official registry."""


@dataclass(frozen=True)
class RegistryProvince:
    code: str
    name: str  # as the registry writes it: "Nghệ An", "Thành phố Hà Nội"
    short: str  # without "Thành phố": "Hà Nội"
    slug: str


@dataclass(frozen=True)
class Commune:
    code: str  # five digits, as the statistics office writes it
    name: str  # "Xã Cửa Tùng", "Phường Vinh Phú", "Đặc khu Cồn Cỏ"
    kind: CommuneKind
    province: RegistryProvince

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def bare_name(self) -> str:
        """The name without its kind: "Cửa Tùng"."""
        return self.name[len(self.label):].strip()


def slug(text: str) -> str:
    """An id made of lowercase ASCII words joined by '-': "Xã Cửa Tùng" -> "xa-cua-tung"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def province_key(text: str) -> str:
    """'tỉnh Nghệ An', 'Nghe An', 'TP. Hà Nội' -> the key 'nghe an', 'ha noi'."""
    return _PROVINCE_PREFIX.sub("", fold(text)).strip()


def commune_key(text: str) -> str:
    """A commune's name without its kind, folded: 'Xã Đakrông' -> 'dakrong'; spaces dropped ('Đa Krông')."""
    return _COMMUNE_PREFIX.sub("", fold(text)).replace(" ", "").replace("-", "")


@lru_cache(maxsize=1)
def provinces() -> tuple[RegistryProvince, ...]:
    from vietnam_provinces import Province

    out = []
    for p in sorted(Province.iter_all(), key=lambda p: int(p.code)):
        short = re.sub(r"^Thành phố\s+", "", p.name)
        out.append(RegistryProvince(code=f"{int(p.code):02d}", name=p.name, short=short, slug=slug(short)))
    return tuple(out)


@lru_cache(maxsize=1)
def all_communes() -> tuple[Commune, ...]:
    from vietnam_provinces import Ward

    by_code = {p.code: p for p in provinces()}
    out = []
    for w in Ward.iter_all():
        kind = _kind_of(w.name)
        if kind is None:  # pragma: no cover - every 2025 unit is one of the three
            continue
        out.append(Commune(code=f"{int(w.code):05d}", name=w.name, kind=kind,
                           province=by_code[f"{int(w.province_code):02d}"]))
    return tuple(sorted(out, key=lambda c: (c.province.code, c.code)))


def _kind_of(name: str) -> CommuneKind | None:
    for kind, label in KIND_LABELS.items():
        if name.startswith(label + " "):
            return kind
    return None


def claims_commune(name: str) -> bool:
    """A name written the official way for a commune: 'Xã', 'Phường', 'Đặc khu' (or the pre-2025 'Thị trấn')."""
    return _COMMUNE_PREFIX.match(fold(name)) is not None


@lru_cache(maxsize=1)
def merged_2025() -> dict[str, str]:
    """The provinces Resolution 202/2025/QH15 merged away -> the one each went into (provinces_merged_2025.yaml)."""
    import yaml

    text = (Path(__file__).parent / "provinces_merged_2025.yaml").read_text(encoding="utf-8")
    return {str(k): str(v) for k, v in yaml.safe_load(text).items()}


def _merged_key(text: str) -> str:
    return slug(province_key(text))  # 'Bà Rịa – Vũng Tàu', 'ba ria vung tau' alike


def find_province(text: str, option: str = "") -> RegistryProvince:
    """The province a user named, with or without diacritics, 'tỉnh' or 'Thành phố'; else a RegistryError that
    names the close matches, or the province a name merged in 2025 went into. `option` ('--province') is
    named in the message."""
    key = province_key(text)
    for p in provinces():
        if province_key(p.name) == key:
            return p
    raise unknown_province(text, option)


def unknown_province(text: str, option: str = "") -> RegistryError:
    """The error for a name that is not one of the 34 provinces: English for the log, Vietnamese for the user."""
    label_en = f"{option} {text!r}" if option else repr(text)
    label_vi = f"{option} “{text}”" if option else f"“{text}”"
    merged = {_merged_key(old): (old, new) for old, new in merged_2025().items()}.get(_merged_key(text))
    if merged is not None:
        old, new = merged
        into = next(p for p in provinces() if p.short == new)
        return RegistryError(
            f"{label_en} is no longer a province: {old} was merged into {into.name} in 2025 (Resolution "
            f"202/2025/QH15); use {new!r}",
            vi=f"{label_vi} không còn là một tỉnh: tỉnh {old} đã được nhập vào {_with_kind(into)} theo Nghị quyết "
               f"202/2025/QH15 (từ ngày 01/7/2025); hãy dùng “{new}”")
    names = {province_key(p.name): p.name for p in provinces()}
    close = difflib.get_close_matches(province_key(text), list(names), n=3, cutoff=0.5)
    known = ", ".join(p.short for p in provinces())
    hint_en = (": did you mean " + ", ".join(repr(names[c]) for c in close) + "?") if close else ""
    hint_vi = ("; có phải là " + " hay ".join(f"“{names[c]}”" for c in close) + "?") if close else ""
    return RegistryError(f"{label_en} is not one of the 34 provinces in the registry{hint_en} (known: {known})",
                         vi=f"{label_vi} không phải tên một trong 34 tỉnh, thành phố của danh mục hành chính (từ "
                            f"ngày 01/7/2025){hint_vi} (34 tỉnh, thành phố: {known})")


def _with_kind(p: RegistryProvince) -> str:
    """'tỉnh Nghệ An', 'Thành phố Đà Nẵng': as a sentence names a province."""
    return p.name if p.name != p.short else f"tỉnh {p.name}"


def communes(province: RegistryProvince | None = None, only: Sequence[CommuneKind] = ()) -> list[Commune]:
    """The communes of a province (or of the whole country), optionally of some kinds only, by code."""
    return [c for c in all_communes()
            if (province is None or c.province == province) and (not only or c.kind in only)]


def find_communes(text: str, within: Iterable[Commune]) -> list[Commune]:
    """The communes a user named by code or by name (kind optional, diacritics and spacing ignored).

    Several when the name is shared (a national list: 'Xã Tân Lập' exists in many provinces).
    """
    within = list(within)
    wanted = text.strip()
    if wanted.isdigit():
        return [c for c in within if int(c.code) == int(wanted)]
    exact = [c for c in within if fold(c.name) == fold(wanted)]
    return exact or [c for c in within if commune_key(c.name) == commune_key(wanted)]


def closest(text: str, within: Iterable[Commune]) -> Commune | None:
    by_key: dict[str, Commune] = {}
    for c in within:
        by_key.setdefault(fold(c.name), c)
    found = difflib.get_close_matches(fold(text), list(by_key), n=1, cutoff=0.6)
    return by_key[found[0]] if found else None


# --------------------------------------------------------------------------- before 2025


@dataclass(frozen=True)
class OldUnit:
    """A commune of the three-level system before 1 July 2025, with the units it sat in."""

    name: str
    parents: str  # the units above it, as the legacy registry names them


@lru_cache(maxsize=1)
def old_units() -> dict[str, tuple[OldUnit, ...]]:
    """Pre-2025 communes by folded name; empty when the installed package has no `legacy` module."""
    try:
        from vietnam_provinces.legacy import District, Province, Ward
    except ImportError:
        return {}
    districts = {d.code: d for d in District.iter_all()}
    provs = {p.code: p for p in Province.iter_all()}
    out: dict[str, list[OldUnit]] = {}
    for w in Ward.iter_all():
        d = districts.get(w.district_code)
        p = provs.get(d.province_code) if d else None
        parents = ", ".join(x.name for x in (d, p) if x is not None)
        out.setdefault(fold(w.name), []).append(OldUnit(name=w.name, parents=parents))
    return {k: tuple(v) for k, v in out.items()}


# --------------------------------------------------------------------------- checking a tracker's units


@dataclass(frozen=True)
class NameWarning:
    unit: str  # the unit's index-free id
    index: int  # position in `units`, for the YAML line
    field: str  # "name" or "code"
    message: str


def name_warnings(tracker: Tracker, old: dict[str, tuple[OldUnit, ...]] | None = None) -> list[NameWarning]:
    """Units that claim to be communes (a `code`, or an official prefix) but are not in the registry.

    Warnings, not errors: a directive may go to a unit the registry does not know yet. `old` is the
    pre-2025 index (tests give a small one); by default the package's legacy data, when installed.
    """
    old = old_units() if old is None else old
    registry = all_communes()
    by_code = {c.code: c for c in registry}
    by_name: dict[str, list[Commune]] = {}
    for c in registry:
        by_name.setdefault(fold(c.name), []).append(c)
    # Closest entries are looked for first among the provinces the tracker's known units belong to.
    home = {c.province for u in tracker.units
            for c in [by_code.get(_code(u.code)), *by_name.get(_as_registry_names(u.name), [])[:1]]
            if c is not None}
    pool = [c for c in registry if c.province in home] or list(registry)
    out: list[NameWarning] = []
    for i, unit in enumerate(tracker.units):
        if unit.code is not None:
            official = by_code.get(_code(unit.code))
            if official is None:
                out.append(NameWarning(unit.id, i, "code", f"code {unit.code!r} is not a commune code in the "
                                                            f"registry{_hint(unit.name, pool)}"))
                continue
            if fold(official.name) != _as_registry_names(unit.name):
                out.append(NameWarning(unit.id, i, "name", f"the registry names code {official.code} "
                                                            f"{official.name!r}, not {unit.name!r}"))
            continue
        if claims_commune(unit.name) and _as_registry_names(unit.name) not in by_name:
            out.append(NameWarning(unit.id, i, "name", _unknown_name(unit.name, pool, old)))
    return out


def _as_registry_names(name: str) -> str:
    """'UBND xã Đakrông' as the registry writes it ('xa dakrong'): letters name a unit by its People's Committee."""
    return re.sub(r"^(ubnd|uy ban nhan dan)\s+", "", fold(name))


def _code(code: str | None) -> str:
    code = (code or "").strip()
    return code.zfill(5) if code.isdigit() else code


def _unknown_name(name: str, registry: Sequence[Commune], old: dict[str, tuple[OldUnit, ...]]) -> str:
    message = f"{name!r} is not a commune in the registry"
    former = old.get(fold(name))
    if former:
        where = "; ".join(u.parents for u in former[:3] if u.parents)
        message += f": đơn vị cũ trước sắp xếp 2025{' (' + where + ')' if where else ''}"
    return message + _hint(name, registry)


def _hint(name: str, registry: Sequence[Commune]) -> str:
    near = [c for c in registry if commune_key(c.name) == commune_key(name)]
    best = near[0] if near else closest(name, registry)
    return f"; closest registry entry: {best.name} ({best.province.short}, code {best.code})" if best else ""


def name_problems(tracker: Tracker, path: str | Path) -> list[DefinitionProblem]:
    """The name warnings located at the YAML line of the unit's field, for `validate-definition`."""
    from tracker.definition import locate

    warnings = name_warnings(tracker)
    lines = locate(path, [("units", w.index, w.field) for w in warnings]) if warnings else []
    return [DefinitionProblem(str(path), line, f"units[{w.index}].{w.field}", w.message)
            for w, line in zip(warnings, lines, strict=True)]
