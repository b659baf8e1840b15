"""Per-unit targets from the office's spreadsheet (.xlsx or .csv): villages, households, schools … per unit.

A directive's "100% thôn, bản" needs each unit's count, and offices keep those counts in Excel. A
tracker points to the file with `targets_file`, as it does to its contacts with `contacts_file`, and the
file is read each time the tracker loads: one row per unit, matched by the tracker's unit id or official
code, else by name (with the words 'xã', 'phường', 'đặc khu', 'UBND' ignored); one column per target, its
heading the target's key (`truong-hoc`) or words made into one ("Số trường học" -> `so-truong-hoc`).
Every cell that is not a whole number, every row that names no unit (or several) and every unit given
two different numbers is a problem naming the file, the row and the column: the definition is wrong
until it is fixed, since a sum rule judged against a wrong target misleads.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from tracker.contacts import name_key, read_table
from tracker.errors import SourceError
from tracker.text import clean, fold

_HEADER_SCAN_ROWS = 10
_ID_HEADINGS = {"ma", "ma don vi", "ma dvhc", "ma so", "ma xa", "code", "id"}
_NAME_HEADINGS = {"ten don vi", "don vi", "ten", "ten xa", "ten xa, phuong", "name"}
_IGNORED = {"stt", "tt", "so tt", "ghi chu", "note"}
_NUMBER = re.compile(r"[0-9]{1,3}(?:[.,\s][0-9]{3})+|[0-9]+")


class TargetUnit(Protocol):
    """What matching needs of a unit; the definition's Unit has it (a protocol keeps this module below it)."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def code(self) -> str | None: ...
    @property
    def aliases(self) -> Sequence[str]: ...
    @property
    def targets(self) -> Mapping[str, int]: ...


def target_key(heading: str) -> str:
    """A column's target key: the heading itself when it is one ('truong-hoc'), else its words joined by '-'."""
    text = clean(heading)
    if re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,39}", text):
        return text
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:40]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean(str(value))


def _whole(text: str) -> int | None:
    """'1.200', '1,200', '1 200', '12' -> the number; anything else (12a, 3.5, -2, ~40) -> None."""
    if not _NUMBER.fullmatch(text):
        return None
    return int(re.sub(r"[.,\s]", "", text))


def read_targets(path: Path, units: Sequence[TargetUnit]) -> tuple[dict[str, dict[str, int]], list[str]]:
    """Per unit id, its targets with those of the file; and every problem as 'file, row N, column "X": …'."""
    label = str(path)
    try:
        rows = read_table(path)
    except SourceError as exc:
        return {}, [str(exc).replace("a contacts file", "a targets file")]
    header_at, id_col, name_col, columns = _header(rows)
    if header_at is None:
        return {}, [f"{label}: no heading row in the first {_HEADER_SCAN_ROWS} rows with a unit column ('Mã đơn vị' "
                    f"or 'Tên đơn vị') and at least one target column"]
    problems = [f"{label}, row {header_at + 1}: two columns give the target {key!r}"
                for key in {k for k in columns.values() if list(columns.values()).count(k) > 1}]
    by_key = _index(units)
    found: dict[str, dict[str, tuple[int, int]]] = {}
    for r in range(header_at + 1, len(rows)):
        cells = [_cell(value) for value in rows[r]]
        ident = cells[id_col] if id_col is not None and id_col < len(cells) else ""
        name = cells[name_col] if name_col is not None and name_col < len(cells) else ""
        values = {c: cells[c] for c in columns if c < len(cells) and cells[c]}
        if not (ident or name or values):
            continue
        unit, why = _find(by_key, ident, name)
        if unit is None:
            problems.append(f"{label}, row {r + 1}: {why}")
            continue
        for c, text in values.items():
            problems += _take(found.setdefault(unit.id, {}), columns[c], text, label, r + 1, rows[header_at][c], unit)
    out: dict[str, dict[str, int]] = {}
    for unit in units:
        merged = dict(unit.targets)
        for key, (value, at) in found.get(unit.id, {}).items():
            if key in merged and merged[key] != value:
                problems.append(f"{label}, row {at}: unit {unit.id!r} has targets.{key} = {merged[key]} in the "
                                f"definition and {value} in the file; keep one")
            merged[key] = value
        out[unit.id] = merged
    return out, problems


def _take(into: dict[str, tuple[int, int]], key: str, text: str, label: str, row: int, heading: Any,
          unit: TargetUnit) -> list[str]:
    value = _whole(text)
    where = f"{label}, row {row}, column {_cell(heading)!r}"
    if value is None:
        return [f"{where}: {text!r} is not a whole number (write a count such as 12 or 1.200)"]
    if key in into and into[key][0] != value:
        return [f"{where}: unit {unit.id!r} was given {into[key][0]} for {key!r} at row {into[key][1]}; keep one"]
    into[key] = (value, row)
    return []


def _header(rows: Sequence[Sequence[Any]]) -> tuple[int | None, int | None, int | None, dict[int, str]]:
    for r, row in enumerate(rows[:_HEADER_SCAN_ROWS]):
        id_col = name_col = None
        columns: dict[int, str] = {}
        for c, value in enumerate(row):
            heading = fold(_cell(value))
            if not heading:
                continue
            if heading in _ID_HEADINGS and id_col is None:
                id_col = c
            elif heading in _NAME_HEADINGS and name_col is None:
                name_col = c
            elif heading not in _IGNORED and target_key(_cell(value)):
                columns[c] = target_key(_cell(value))
        if (id_col is not None or name_col is not None) and columns:
            return r, id_col, name_col, columns
    return None, None, None, {}


def _index(units: Sequence[TargetUnit]) -> dict[str, list[TargetUnit]]:
    """Every way a row may name a unit: id, official code (with and without leading zeros), name, aliases."""
    index: dict[str, list[TargetUnit]] = {}
    for unit in units:
        keys = {f"id:{unit.id.casefold()}", *(f"name:{name_key(n)}" for n in (unit.name, *unit.aliases))}
        if unit.code:
            keys.add(f"id:{unit.code.strip().lstrip('0') or '0'}")
        for key in keys:
            index.setdefault(key, []).append(unit)
    return index


def _find(index: dict[str, list[TargetUnit]], ident: str, name: str) -> tuple[TargetUnit | None, str]:
    if ident:
        found = index.get(f"id:{ident.casefold()}") or index.get(f"id:{ident.strip().lstrip('0') or '0'}")
        if found:
            return found[0], ""
    if name:
        found = index.get(f"name:{name_key(name)}", [])
        if len(found) == 1:
            return found[0], ""
        if found:
            return None, f"{name!r} names {len(found)} units ({', '.join(u.id for u in found)}): give the unit's code"
    said = " and ".join(f"{what} {value!r}" for what, value in (("code", ident), ("name", name)) if value)
    return None, f"no unit of the tracker has {said or 'this row'}"
