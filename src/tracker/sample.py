"""Sample data: the demo workbook of a bundled tracker, and synthetic trackers for tests and benchmarks.

A bundled tracker's demo data lives beside it as `<id>.sample.yaml` (what each unit had typed as of a
date, mistakes included), so that no directive's rows live in code. The workbook is the tracker's own
entry template filled with those rows: remade on demand, reviewable as text, deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import yaml

from tracker.definition import Tracker, bundled_tracker_path, parse_tracker
from tracker.entry_workbook import FIRST_DATA_ROW, write_template
from tracker.errors import DefinitionError, DefinitionProblem
from tracker.files.atomic import replacing

PER_SPREADSHEET = 200  # a Google spreadsheet holds at most 200 tabs


@dataclass(frozen=True)
class UnitSample:
    sheet: str | None
    rows: list[dict[str, Any]]
    merge: list[str]


@dataclass(frozen=True)
class Sample:
    """What the units of a tracker had typed as of a date."""

    as_of: date
    units: dict[str, UnitSample]


def sample_path(tracker: Tracker) -> Path:
    return Path(tracker.base_dir) / f"{tracker.id}.sample.yaml"


def load_sample(tracker: Tracker, path: Path | None = None) -> Sample:
    """The tracker's sample file; a DefinitionError naming the file when it is missing or malformed."""
    path = path or sample_path(tracker)
    label = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DefinitionError(label, [DefinitionProblem(label, None, "", f"no usable sample data: {exc}")]) from exc
    problems: list[str] = []
    if not isinstance(data, dict) or not isinstance(data.get("as_of"), date):
        raise DefinitionError(label, [DefinitionProblem(label, None, "as_of", "the sample needs as_of: YYYY-MM-DD")])
    known = {u.id for u in tracker.units}
    keys = {c.key for c in tracker.columns}
    units: dict[str, UnitSample] = {}
    for unit_id, body in (data.get("units") or {}).items():
        if unit_id not in known or not isinstance(body, dict):
            problems.append(f"units.{unit_id}: not a unit of tracker {tracker.id}")
            continue
        rows = [r for r in body.get("rows") or [] if isinstance(r, dict)]
        for i, row in enumerate(rows):
            for key in set(row) - keys:
                problems.append(f"units.{unit_id}.rows[{i}]: {key!r} is not a column of the tracker")
        units[unit_id] = UnitSample(body.get("sheet"), rows, [str(m) for m in body.get("merge") or []])
    if problems:
        raise DefinitionError(label, [DefinitionProblem(label, None, "", p) for p in problems])
    return Sample(data["as_of"], units)


def build_demo_workbook(tracker: Tracker, out: str | Path, sample: Sample | None = None) -> Path:
    """The demo's source workbook: the tracker's entry template, filled as its sample says."""
    sample = sample or load_sample(tracker)
    out = Path(out)
    # The template is filled beside the file, which appears only whole: interrupted half-way (Ctrl-C), an empty
    # template left as the sample would be read by every later `tracker week --demo`, which keeps a sample found.
    blank = out.with_name(f".{out.name}.template.xlsx")
    try:
        write_template(tracker, blank)
        wb = openpyxl.load_workbook(blank)
    finally:
        blank.unlink(missing_ok=True)
    column_of = {c.key: i for i, c in enumerate(tracker.columns, start=1)}
    for unit in tracker.units:
        typed = sample.units.get(unit.id)
        if typed is None:
            continue
        ws = wb[unit.sheet]
        if typed.sheet:
            ws.title = typed.sheet
        for r, row in enumerate(typed.rows, start=FIRST_DATA_ROW):
            for key, value in row.items():
                ws.cell(row=r, column=column_of[key], value=value)
        for cells in typed.merge:
            ws.merge_cells(cells)
    with replacing(Path(out)) as temporary:
        wb.save(temporary)
    return out


def synthetic_tracker(units: int, per_spreadsheet: int = PER_SPREADSHEET, key_prefix: str = "BENCH") -> Tracker:
    """The first bundled tracker's tasks and lists, with `units` communes spread over spreadsheets of at most
    `per_spreadsheet` tabs (keys KEY_PREFIX0000, ...): the shape of a national campaign, for tests and benchmarks."""
    text = synthetic_yaml(units, per_spreadsheet, key_prefix)
    return parse_tracker(text, label=f"synthetic-{units}", base_dir=bundled_tracker_path().parent)


def synthetic_yaml(units: int, per_spreadsheet: int = PER_SPREADSHEET, key_prefix: str = "BENCH",
                   tracker_id: str | None = None) -> str:
    """synthetic_tracker's definition as YAML text (another id makes another directive of the same shape)."""
    path = bundled_tracker_path()
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if tracker_id:
        data["id"] = tracker_id
        data["title"] = f"{data['title']} ({tracker_id})"
        data["directive"].pop("text_file", None)
    books = (units + per_spreadsheet - 1) // per_spreadsheet
    data["spreadsheets"] = [{"id": f"s{i}", "key": f"{key_prefix}{i:04d}"} for i in range(books)]
    label = data["groupings"][0]["label"] if data.get("groupings") else "nhom"
    data["units"] = [{"id": f"xa-{i}", "name": f"Ủy ban nhân dân xã số {i}", "sheet": f"Xã {i}",
                      "labels": {label: f"Tỉnh {i // per_spreadsheet}"}, "spreadsheet": f"s{i // per_spreadsheet}",
                      "contacts": [f"xa{i}@example.org"]} for i in range(units)]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
