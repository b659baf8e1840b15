"""The office's contact list (.xlsx or .csv): one row per unit, matched to the tracker's units at load time.

Offices keep their address books in Excel; a tracker points to one with `contacts_file` instead of
listing e-mails in the YAML, so that editing the list never touches the definition. A row is matched
by code (the official code, or the tracker's unit id) first, then by name, with diacritics, spacing
and the words 'xã', 'phường', 'đặc khu', 'UBND', 'Ủy ban nhân dân' ignored. Nothing is dropped
silently: every unmatched row, every bad address and every unit left without contact is a problem
naming the file and the row. One row per unit: a later row naming a unit already matched is reported
and its addresses are not used (a row added under a neighbour's code would otherwise put foreign
addresses in that unit's To:). Matching is linear in the rows, and the file is read within the same
limits as a unit's tab.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel, ConfigDict

from tracker.errors import DefinitionError, DefinitionProblem, SourceError, Worded
from tracker.files.cells import RawSheet
from tracker.text import clean, fold

# The headings the template writes, and what an office's own file may call the same columns (folded).
HEADERS: dict[str, str] = {
    "code": "Mã đơn vị",
    "name": "Tên đơn vị",
    "emails": "Email đơn vị",
    "leaders": "Email lãnh đạo (CC)",
    "note": "Ghi chú",
}
_ALIASES: dict[str, set[str]] = {
    "code": {"ma", "ma don vi", "ma dvhc", "ma so", "ma xa", "code", "id"},
    "name": {"ten don vi", "don vi", "ten", "ten xa", "ten xa, phuong", "don vi nhan", "name"},
    "emails": {"email", "e-mail", "email don vi", "thu dien tu", "dia chi email", "dia chi thu dien tu"},
    "leaders": {"email lanh dao (cc)", "email lanh dao", "lanh dao", "lanh dao (cc)", "cc", "dong gui"},
    "note": {"ghi chu", "note"},
}
_HEADER_SCAN_ROWS = 10
MAX_ADDRESSES = 20
"""Addresses used per unit and column (To, Cc); the rest are reported, not used."""
_NOISE = re.compile(r"\b(uy ban nhan dan|ubnd|xa|phuong|dac khu)\b")
_SPLIT = re.compile(r"[;,\s]+")


class ContactUnit(Protocol):
    """What matching needs of a unit of the tracker; the definition's Unit has it all.

    A protocol and not the Unit itself, so that this module stays below the definition, which reads the
    contacts file while it loads.
    """

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def code(self) -> str | None: ...
    @property
    def aliases(self) -> Sequence[str]: ...
    @property
    def contacts(self) -> Sequence[str]: ...
    @property
    def leaders_cc(self) -> Sequence[str]: ...


class ContactProblem(BaseModel):
    """A row of the contacts file that matched no unit or held a bad address, or a unit left without contact."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str
    row: int | None = None
    column: str = ""
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, row {self.row}" if self.row else self.file
        return f"{where}{', column ' + repr(self.column) if self.column else ''}: {self.message}"

    def vi_line(self) -> str:
        """The same line for the office: where in its file, and the message in Vietnamese where its wording is known."""
        from tracker.definition_vi import in_vietnamese

        where = f"{self.file}, dòng {self.row}" if self.row else self.file
        return f"{where}{', cột ' + repr(self.column) if self.column else ''}: {in_vietnamese(self.message)}"


@dataclass(frozen=True)
class UnitContacts:
    """One unit's addresses: those the definition gave, then those the file adds, without repeats."""

    emails: list[str]
    leaders_cc: list[str]


def name_key(text: str) -> str:
    """'UBND xã Đa Krông' and 'Xã Đakrông' -> 'dakrong'."""
    return re.sub(r"[\s\-.]+", "", _NOISE.sub(" ", fold(text)))


def _column_of(heading: str) -> str | None:
    key = fold(heading)
    for column, names in _ALIASES.items():
        if key in names or key == fold(HEADERS[column]):
            return column
    return None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a code typed as a number: 19186.0
    return clean(str(value))


@dataclass
class _Found:
    """What the file says of one unit, gathered over its rows."""

    rows: list[int] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)


def read_table(path: Path) -> list[list[Any]]:
    """The first sheet of an .xlsx, or a .csv in any of the encodings offices save, as rows of cells."""
    return _read_sheet(path).rows


def _read_sheet(path: Path) -> RawSheet:
    from tracker.files.tables import read_csv_sheet, read_workbook

    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".csv"):
        raise SourceError(f"{path}: a contacts file must be .xlsx or .csv",
                          vi=f"“{path}”: tệp danh bạ phải là .xlsx hoặc .csv")
    if not path.exists():
        raise SourceError(f"{path}: no such file", vi=f"“{path}”: không có tệp này")
    if path.is_dir():
        raise SourceError(f"{path}: a folder, not a file", vi=f"“{path}” là một thư mục, không phải tệp danh bạ")
    if suffix == ".csv":
        return read_csv_sheet(path)
    sheets = read_workbook(path)
    return sheets[0] if sheets else RawSheet(name="", rows=[])


def read_contacts(path: Path, units: Sequence[ContactUnit]) -> tuple[dict[str, UnitContacts], list[ContactProblem]]:
    """Per unit id, the unit's e-mails with those of the contacts file at `path`; and the problems found on the way.

    Raises DefinitionError when the file cannot be read or has no e-mail column: a check cannot
    go on without knowing whom to remind.
    """
    label = str(path)
    try:
        sheet = _read_sheet(path)
    except SourceError as exc:
        raise DefinitionError(label, [DefinitionProblem(label, None, "", Worded(str(exc), exc.vi or ""))]) from exc
    contacts, problems = match_contacts(units, sheet.rows, label)
    if sheet.rows_cut or sheet.stray_cells:
        problems.append(ContactProblem(file=label, message=f"only the first {sheet.limits[0]:,} rows and "
                                       f"{sheet.limits[1]} columns are read; the rest of the file is not used"))
    return contacts, problems


def match_contacts(units: Sequence[ContactUnit], rows: Sequence[Sequence[Any]],
                   label: str) -> tuple[dict[str, UnitContacts], list[ContactProblem]]:
    header_at, columns = _find_header(rows)
    if header_at is None or "emails" not in columns or not ({"code", "name"} & set(columns)):
        wanted = ", ".join(repr(HEADERS[k]) for k in ("code", "name", "emails"))
        raise DefinitionError(label, [DefinitionProblem(label, None, "", Worded(
            f"{label}: no heading row found in the first {_HEADER_SCAN_ROWS} rows: the file needs the columns {wanted} "
            "(or 'Email' with 'Mã' or 'Tên'); `tracker contacts template` writes one",
            f"“{label}”: không thấy dòng tiêu đề trong {_HEADER_SCAN_ROWS} dòng đầu: tệp danh bạ cần các cột {wanted} "
            "(hoặc cột 'Email' cùng cột 'Mã' hoặc 'Tên'); lệnh `tracker contacts template` ghi sẵn một tệp như vậy"))])
    problems: list[ContactProblem] = []
    found: dict[str, _Found] = {}
    finder = _UnitFinder(units)
    for r in range(header_at + 1, len(rows)):
        cells = {key: _text(rows[r][i]) if i < len(rows[r]) else "" for key, i in columns.items()}
        if not any(cells.values()):
            continue
        row = r + 1
        unit, why = finder.find(cells.get("code", ""), cells.get("name", ""))
        if unit is None:
            problems.append(ContactProblem(file=label, row=row, message=why))
            continue
        entry = found.get(unit.id)
        if entry is not None:  # one row per unit: a second one would add addresses nobody checked
            problems.append(ContactProblem(file=label, row=row, message=(
                f"{unit.name} ({unit.id}) already has row {entry.rows[0]}; this row's addresses are not used "
                "(put every address of a unit in its one row)")))
            continue
        entry = found[unit.id] = _Found(rows=[row])
        for key, bucket in (("emails", entry.emails), ("leaders", entry.leaders)):
            problems += _read_addresses(cells.get(key, ""), bucket, unit, label, row, HEADERS[key])
    out: dict[str, UnitContacts] = {}
    for unit in units:
        entry = found.get(unit.id, _Found())
        contacts = _merged(unit.contacts, entry.emails)
        leaders = _merged(unit.leaders_cc, entry.leaders)
        if not contacts:
            where = (f" (row {', '.join(map(str, entry.rows))} has no valid e-mail)" if entry.rows
                     else ": no row of the file names it")
            problems.append(ContactProblem(file=label, message=f"unit {unit.id!r} ({unit.name}) has no contact{where}"))
        out[unit.id] = UnitContacts(contacts, leaders)
    return out, problems


def _read_addresses(cell: str, bucket: list[str], unit: ContactUnit, label: str, row: int,
                    column: str) -> list[ContactProblem]:
    """Add a cell's valid addresses to `bucket`, at most MAX_ADDRESSES; each one left out is a problem of that
    row and column."""
    problems: list[ContactProblem] = []
    for address in _SPLIT.split(cell):
        if not address:
            continue
        if len(bucket) == MAX_ADDRESSES:
            problems.append(ContactProblem(file=label, row=row, column=column, message=(
                f"more than {MAX_ADDRESSES} addresses for {unit.name}; only the first {MAX_ADDRESSES} are used")))
            break
        try:
            # ASCII before the @, as the definition asks of its own addresses (SMTPUTF8 is not to be
            # counted on): a row's bad address is that row's problem, never the YAML's.
            valid = validate_email(address, check_deliverability=False, allow_smtputf8=False)
            bucket.append(valid.ascii_email or valid.normalized)
        except EmailNotValidError as exc:
            problems.append(ContactProblem(file=label, row=row, column=column,
                                           message=f"invalid e-mail address {address!r} for "
                                                   f"{unit.name} ({str(exc).rstrip('.')}); the address is not used"))
    return problems


def _merged(first: Sequence[str], more: Sequence[str]) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for address in [*first, *more]:
        if address.casefold() not in seen:
            seen.add(address.casefold())
            out.append(address)
    return out


def _find_header(rows: Sequence[Sequence[Any]]) -> tuple[int | None, dict[str, int]]:
    for r, row in enumerate(rows[:_HEADER_SCAN_ROWS]):
        columns: dict[str, int] = {}
        for i, cell in enumerate(row):
            column = _column_of(_text(cell))
            if column is not None and column not in columns:
                columns[column] = i
        if "emails" in columns:
            return r, columns
    return None, {}


class _UnitFinder:
    """Code (official, or the tracker's id) first, then the name or an alias, noise words ignored."""

    def __init__(self, units: Sequence[ContactUnit]) -> None:
        self.by_code: dict[str, ContactUnit] = {}
        self.by_name: dict[str, list[ContactUnit]] = {}
        for unit in units:
            self.by_code[unit.id.casefold()] = unit
            if unit.code:
                self.by_code[_code_key(unit.code)] = unit
            for name in {name_key(n) for n in (unit.name, *unit.aliases)}:
                self.by_name.setdefault(name, []).append(unit)

    def find(self, code: str, name: str) -> tuple[ContactUnit | None, str]:
        if code:
            unit = self.by_code.get(_code_key(code)) or self.by_code.get(code.casefold())
            if unit is not None:
                return unit, ""
        if name:
            matches = self.by_name.get(name_key(name), [])
            if len(matches) == 1:
                return matches[0], ""
            if matches:
                return None, (f"{name!r} names {len(matches)} units ("
                              + ", ".join(u.id for u in matches) + "): give the unit's code")
        said = " and ".join(f"{what} {value!r}" for what, value in (("code", code), ("name", name)) if value)
        return None, f"no unit of the tracker has {said}"


def _code_key(code: str) -> str:
    code = code.strip()
    return code.zfill(5) if code.isdigit() else code.casefold()


def write_contacts_template(units: Sequence[ContactUnit], out: str | Path) -> Path:
    """The contacts file pre-filled with the tracker's units and the addresses it already knows."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from tracker.files.atomic import replacing
    from tracker.files.xlsxcells import append_literal

    wb = Workbook()
    ws = wb.active
    ws.title = "Danh bạ"
    append_literal(ws, list(HEADERS.values()))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for unit in units:  # a name typed '=…' in the YAML stays text (tracker.files.xlsxcells)
        append_literal(ws, [unit.code or unit.id, unit.name, "; ".join(unit.contacts), "; ".join(unit.leaders_cc), ""])
    for letter, width in zip("ABCDE", (12, 36, 40, 40, 24), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    path = Path(out)
    with replacing(path) as temporary:
        wb.save(temporary)
    return path
