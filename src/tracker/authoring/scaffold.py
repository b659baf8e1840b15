"""`tracker new`: a tracker definition for a new directive, its units taken from the official registry.

The file written validates as it stands: every commune with its official name and code, a tab name
fit for Excel and Google Sheets, labels to group by, and task stubs whose comments say what to
fill in. Above 200 units the tabs are spread over several spreadsheets (a Google spreadsheet
holds at most 200 tabs), one per province where the campaign spans several.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from tracker.authoring.registry import (
    KIND_LABELS,
    Commune,
    CommuneKind,
    RegistryError,
    RegistryProvince,
    closest,
    communes,
    find_communes,
    find_province,
    slug,
)
from tracker.authoring.yaml_writer import YamlLines
from tracker.definition import SHEET_NAME_FORBIDDEN, SHEET_NAME_MAX, Tracker, _default_columns, parse_tracker
from tracker.errors import TrackerError
from tracker.files.atomic import refuse_overwrite, write_atomic
from tracker.text import control_characters, fold

MAX_TABS_PER_SPREADSHEET = 200
WHOLE_COUNTRY = ("all", "toan-quoc", "toàn quốc", "ca-nuoc", "cả nước")
_CAMPAIGN_DAYS = 90


@dataclass(frozen=True)
class NewUnit:
    id: str
    commune: Commune
    sheet: str
    spreadsheet: str | None


@dataclass(frozen=True)
class Scaffold:
    text: str
    tracker: Tracker
    units: list[NewUnit]
    spreadsheets: list[tuple[str, str]]  # (id, title)


def parse_kinds(text: str | None) -> list[CommuneKind]:
    """'phuong,xa' -> ['phuong', 'xa']; an unknown kind is a clear error."""
    if not text:
        return []
    out: list[CommuneKind] = []
    for word in (w.strip() for w in text.split(",")):
        kind = next((k for k, label in KIND_LABELS.items() if slug(word) in (k, slug(label))), None)
        if kind is None:
            raise RegistryError(f"--only {word!r}: the kinds are {', '.join(KIND_LABELS)}",
                                vi=f"--only “{word}”: chỉ nhận các loại "
                                   + ", ".join(f"{k} ({label.lower()})" for k, label in KIND_LABELS.items()))
        out.append(kind)
    return out


def select(province: str, only: Sequence[CommuneKind] = (), units_file: Path | None = None) -> list[Commune]:
    """The communes a new tracker covers: a province's (or, with 'all', the country's), some kinds, a listed subset."""
    where = None if fold(province) in {fold(w) for w in WHOLE_COUNTRY} else find_province(province)
    pool = communes(where, only)
    if units_file is None:
        return pool
    wanted = _listed(units_file)
    chosen: list[Commune] = []
    unknown: list[str] = []
    for line, text in wanted:
        found = find_communes(text, pool)
        if len(found) > 1:
            shown = "; ".join(f"{c.name}, {c.province.short}, code {c.code}" for c in found[:5])
            unknown.append(f"{units_file}, line {line}: {text!r} names {len(found)} communes ({shown}): give the code")
        elif not found:
            near = closest(text, pool)
            unknown.append(f"{units_file}, line {line}: {text!r}" + (f" (closest: {near.name})" if near else ""))
        elif found[0] not in chosen:
            chosen.append(found[0])
    if unknown:
        raise RegistryError(f"{len(unknown)} listed unit(s) are not one commune of "
                            f"{where.name if where else 'the registry'}:\n  " + "\n  ".join(unknown))
    if not chosen:
        raise RegistryError(f"{units_file} lists no unit")
    return chosen


def _listed(path: Path) -> list[tuple[int, str]]:
    """(line, name or code) from a .txt list, or the first column of a .csv/.xlsx; a heading row is skipped."""
    from tracker.contacts import read_table
    from tracker.errors import SourceError

    try:
        if path.suffix.lower() in (".xlsx", ".xlsm", ".csv"):
            cells = [str(row[0]).strip() if row and row[0] is not None else "" for row in read_table(path)]
        else:
            cells = [line.strip() for line in path.read_text(encoding="utf-8-sig").splitlines()]
    except (OSError, UnicodeDecodeError, SourceError) as exc:
        raise RegistryError(f"cannot read the list of units {path}: {exc}") from exc
    out = [(i + 1, c.removesuffix(".0")) for i, c in enumerate(cells) if c and not c.startswith("#")]
    if out and fold(out[0][1]) in {"ten don vi", "don vi", "ten", "ma", "ma don vi", "code", "name"}:
        out = out[1:]
    return out


def letter_name(official: str) -> str:
    """How a letter names a commune: by its People's Committee, 'Xã Cam Lộ' -> 'UBND xã Cam Lộ' (the sheet keeps the
    registry's short name, which the units know their tab by)."""
    kind, _, rest = official.partition(" ")
    if fold(official).startswith(("ubnd ", "uy ban nhan dan ")) or not rest:
        return official
    return f"UBND {kind.lower()} {rest}"  # 'Thị trấn …', 'Đặc khu …' too: only the first letter changes case


def sheet_names(chosen: Sequence[Commune]) -> list[str]:
    """One tab name per commune: unique ignoring case and diacritics, ≤ 31 characters, safe in Excel and Sheets.

    The official name when it is unique; else qualified by the province; else (too long or still
    taken) cut and followed by the code, which is unique.
    """
    counts: dict[str, int] = {}
    for c in chosen:
        counts[tab_key(c.name)] = counts.get(tab_key(c.name), 0) + 1
    taken: set[str] = set()
    out: list[str] = []
    for c in chosen:
        cut = SHEET_NAME_MAX - len(c.code) - 1
        candidates = [c.name] if counts[tab_key(c.name)] == 1 else []
        candidates += [f"{c.name} - {c.province.short}", f"{c.bare_name} - {c.province.short}",
                       f"{c.name[:cut].rstrip()} {c.code}"]
        for candidate in (_safe_sheet(x) for x in candidates):
            if len(candidate) <= SHEET_NAME_MAX and tab_key(candidate) not in taken:
                break
        taken.add(tab_key(candidate))
        out.append(candidate)
    return out


def tab_key(text: str) -> str:
    """How a check recognises a tab: letters and digits only, without case or diacritics.

    Stricter than the definition's own uniqueness check, so that 'Xã Đak Rong' (Lâm Đồng) and
    'Xã Đakrông' (another province) are told apart by their province rather than mistaken for each other.
    """
    return re.sub(r"[^0-9a-z]", "", fold(text))


def _safe_sheet(text: str) -> str:
    text = "".join("-" if ch in SHEET_NAME_FORBIDDEN else ch for ch in text)
    return text.strip().strip("'").strip()


def _spreadsheets(chosen: Sequence[Commune], title: str) -> tuple[list[str | None], list[tuple[str, str]]]:
    """Which spreadsheet each unit's tab goes to: one when ≤ 200 tabs, else by province, 200 at most each."""
    if len(chosen) <= MAX_TABS_PER_SPREADSHEET:
        return [None] * len(chosen), [("main", title)]
    groups: dict[RegistryProvince, list[int]] = {}
    for i, c in enumerate(chosen):
        groups.setdefault(c.province, []).append(i)
    assigned: list[str | None] = [None] * len(chosen)
    sheets: list[tuple[str, str]] = []
    for province, members in groups.items():
        chunks = [members[k:k + MAX_TABS_PER_SPREADSHEET] for k in range(0, len(members), MAX_TABS_PER_SPREADSHEET)]
        for n, chunk in enumerate(chunks, start=1):
            sid = province.slug if len(chunks) == 1 else f"{province.slug}-{n}"
            sheets.append((sid, f"{title} — {province.name}" + (f" ({n})" if len(chunks) > 1 else "")))
            for i in chunk:
                assigned[i] = sid
    return assigned, sheets


def _unit_ids(chosen: Sequence[Commune], national: bool) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for c in chosen:
        uid = f"{c.province.slug}-{slug(c.name)}" if national else slug(c.name)
        if uid in seen:
            uid = f"{uid}-{c.code}"
        seen.add(uid)
        out.append(uid)
    return out


def build(province: str, tracker_id: str, title: str, only: Sequence[CommuneKind] = (),
          units_file: Path | None = None, today: date | None = None, out: Path | None = None) -> Scaffold:
    """The definition text and its loaded tracker; raises RegistryError for an unknown province or unit."""
    if not tracker_id or slug(tracker_id) != tracker_id:
        example = slug(tracker_id or title) or "quang-tri-ten-ke-hoach"
        raise RegistryError(f"--id {tracker_id!r}: use lowercase letters, digits and '-', for example {example!r}",
                            vi=f"--id “{tracker_id}”: chỉ dùng chữ thường không dấu, chữ số và dấu '-', ví dụ "
                               f"“{example}”")
    if bad := control_characters(title):  # the definition refuses them at load: say it of the option, not the file
        raise RegistryError(f"--title holds the control character(s) {', '.join(bad)}: invisible, and no workbook, "
                            "letter or e-mail can hold them; remove them",
                            vi=f"--title có ký tự điều khiển {', '.join(bad)} (không nhìn thấy, không bảng tính, công "
                               "văn hay thư nào chứa được): hãy xóa chúng")
    chosen = select(province, only, units_file)
    provs = list(dict.fromkeys(c.province for c in chosen))
    national = len(provs) > 1 or fold(province) in {fold(w) for w in WHOLE_COUNTRY}
    sheets = sheet_names(chosen)
    assigned, books = _spreadsheets(chosen, title)
    ids = _unit_ids(chosen, national)
    start = today or date.today()
    out = out or Path("trackers") / f"{tracker_id}.yaml"
    text = _render(out, tracker_id, title, chosen, ids, sheets, assigned, books, provs, national, start)
    try:
        tracker = parse_tracker(text, label=str(out), base_dir=out.parent)
    except TrackerError as exc:  # pragma: no cover - a scaffold that does not load is a bug here
        raise RegistryError(f"the generated definition does not load: {exc}") from exc
    units = [NewUnit(i, c, s, a) for i, c, s, a in zip(ids, chosen, sheets, assigned, strict=True)]
    return Scaffold(text=text, tracker=tracker, units=units, spreadsheets=books)


def write_new_tracker(scaffold: Scaffold, out: Path, overwrite: bool = False) -> Path:
    refuse_overwrite(out, overwrite)
    return write_atomic(out, scaffold.text)


def _render(out: Path, tracker_id: str, title: str, chosen: Sequence[Commune], ids: Sequence[str], sheets: Sequence[str],
            assigned: Sequence[str | None], books: Sequence[tuple[str, str]], provs: Sequence[RegistryProvince],
            national: bool, start: date) -> str:
    kinds = [KIND_LABELS[k] for k in KIND_LABELS if any(c.kind == k for c in chosen)]
    y = YamlLines()
    _render_head(y, out, tracker_id, title, start)
    _render_office(y, kinds, provs, national)
    _render_units(y, chosen, ids, sheets, assigned, books, national)
    _render_columns_and_tasks(y, start)
    return y.text()


def _office_names(provs: Sequence[RegistryProvince], national: bool) -> tuple[str, str, str, str]:
    """(place, office, parent, whole): a national tracker has no one office, so a person fills them in."""
    if national:
        return "…", "…", "…", "Toàn quốc"
    p = provs[0]
    formal = p.name if p.name.startswith("Thành phố") else f"tỉnh {p.name}"
    whole = "Toàn thành phố" if p.name.startswith("Thành phố") else "Toàn tỉnh"
    return p.short, f"UBND {formal}", f"UBND {formal}".upper(), whole


def _render_head(y: YamlLines, out: Path, tracker_id: str, title: str, start: date) -> None:
    """The opening comments, the directive (all TODO: the registry knows nothing of it) and the campaign."""
    y.comment(f"Tracker for {title}. Generated by `tracker new` from the official registry of communes")
    y.comment("(vietnam-provinces). Fill in every line marked TODO, then run")
    y.comment(f"  tracker validate-definition {out.as_posix()}")
    y.comment("Format: docs/tracker-format.md; walk-through: docs/new-directive.md.")
    y.field("id", tracker_id).field("title", title).blank()
    y.open("directive")
    y.field("kind", "Công văn", 2, "TODO: Công văn, Kế hoạch, Chỉ thị, Quyết định …")
    y.field("number", "…", 2, "TODO: the number and symbol, as printed")
    y.field("issuer", "…", 2, "TODO: who issued it")
    y.field("dated", "…", 2, "TODO: the place and date line, as printed")
    y.field("subject", "…", 2, "TODO: the subject line (trích yếu)").blank()
    y.comment("TODO: the campaign's first and last day.").open("campaign")
    y.field("start", start, 2).field("end", start + timedelta(days=_CAMPAIGN_DAYS), 2).blank()


def _render_office(y: YamlLines, kinds: Sequence[str], provs: Sequence[RegistryProvince], national: bool) -> None:
    """The terms, the calendar, the office and its contacts: what the registry tells of who tracks."""
    place, office, parent, whole = _office_names(provs, national)
    y.comment("The words sheets, reports and e-mails use; change them to the directive's own.").open("terms")
    y.field("unit", ", ".join(k.lower() for k in kinds), 2).field("campaign", "kế hoạch", 2)
    y.field("whole", whole, 2).blank()
    y.comment("Announced days off and make-up working days of the year, beyond the public holidays.")
    y.open("calendar").field("extra_days_off", [], 2).field("make_up_working_days", [], 2).blank()
    y.open("province")
    y.field("name", office, 2, "TODO: the office that tracks the directive")
    y.field("parent", parent, 2, "TODO: the body above it, for the letterhead")
    y.field("place", place, 2)
    y.field("staff_emails", [], 2, "TODO: who receives the weekly digest").blank()
    y.comment("Contacts: list each unit's e-mails below (contacts: [...]), or keep them in the office's")
    y.comment("spreadsheet: run `tracker contacts template` and uncomment the next line.")
    y.comment("contacts_file: danh-ba.xlsx").blank()


def _render_units(y: YamlLines, chosen: Sequence[Commune], ids: Sequence[str], sheets: Sequence[str],
                  assigned: Sequence[str | None], books: Sequence[tuple[str, str]], national: bool) -> None:
    """The spreadsheets, the groupings and one entry per unit chosen from the registry."""
    y.open("spreadsheets")
    for sid, stitle in books:
        y.item({"id": sid, "title": stitle}, 2)
    y.blank().open("groupings")
    y.item({"label": "loai", "name": "Loại đơn vị", "heading": "Theo loại đơn vị"}, 2)
    if national:
        y.item({"label": "tinh", "name": "Tỉnh, thành phố", "heading": "Theo tỉnh, thành phố"}, 2)
    y.blank()
    y.comment(f"{len(chosen)} units from the registry: official name and code, tab name ≤ 31 characters.")
    y.comment("Departments or other recipients can be added by hand (id, name, sheet, labels, contacts).")
    y.open("units")
    for uid, c, sheet, book in zip(ids, chosen, sheets, assigned, strict=True):
        labels = {"loai": c.label, **({"tinh": c.province.short} if national else {})}
        y.item_field("id", uid, 2).field("name", letter_name(c.name), 4).field("code", c.code, 4)
        y.field("labels", labels, 4).field("sheet", sheet, 4).field("aliases", [c.name], 4)
        if book is not None:
            y.field("spreadsheet", book, 4)


def _render_columns_and_tasks(y: YamlLines, start: date) -> None:
    """The entry sheet's columns and one task to fill in: the directive's tasks are a person's reading."""
    # Without lists of forms and audiences their columns would only reject what units type: left out
    # until the tracker lists them.
    y.blank()
    y.comment("The entry sheet's columns. When the directive names forms of activity or audiences, add")
    y.comment("{key: form, header: Hình thức} or {key: audience, header: Đối tượng} here with lists.forms or "
              "lists.audiences.")
    y.open("columns")
    for column in _default_columns():
        if column.key not in ("form", "audience"):
            y.item({"key": column.key, "header": column.header, "width": column.width}, 2)
    y.blank()
    y.comment("TODO: the tags units type in the 'Nhiệm vụ' column, one per task of the directive.")
    y.open("lists").open("tasks", 2).item({"value": "1", "label": "…"}, 4, "TODO: a short name for the task").blank()
    y.comment("TODO: each task of the directive, with its parts, when each is due and what counts as done.")
    y.open("tasks").item_field("id", "1", 2).field("title", "…", 4, "TODO")
    y.field("quote", "…", 4, "TODO: the directive's own words for this task").open("parts", 4)
    y.item_field("id", "1", 6).field("title", "…", 8, "TODO")
    y.comment("TODO: `due: YYYY-MM-DD`, or in working days as the directive words it:", 8)
    y.field("due_in", {"working_days": 10, "from": start}, 8)
    y.field("rule", {"kind": "count", "min": 1}, 8, "TODO: count, sum, audiences, monthly or evidence")
