"""report.html: one self-contained page (inline CSS and SVG) that prints well on A4."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup

from tracker import citation
from tracker.evaluate import STATUS_VI, WORST_FIRST, weekly_counts
from tracker.files.atomic import write_atomic
from tracker.periods import short_deadline
from tracker.problems import Problem, title_vi
from tracker.report import (
    SEVERITY_VI,
    STATUS_COLOURS,
    STATUS_SHORT,
    advisory,
    decided_legend,
    due_label,
    explained,
    local_time,
    part_label,
    to_fix,
)
from tracker.text import CONTROL, numbered, part_ref, printable

if TYPE_CHECKING:
    from tracker.result import CheckResult

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def environment(extra: Path | None = None) -> jinja2.Environment:
    """Templates are files; a tracker may point to a folder of its own that overrides ours."""
    paths = [str(extra)] if extra else []
    paths.append(str(TEMPLATES))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(paths),
        autoescape=jinja2.select_autoescape(["html", "htm", "xml", "j2"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_printable,  # every value printed, in pages and e-mails alike (tracker.text.printable)
        # Each environment reads a template once: a run never edits them (a new run makes a new environment), and
        # checking every file's time at each include cost 16,580 stat calls for a national check's unit pages.
        auto_reload=False,
    )
    env.filters["vn"] = lambda d: d.strftime("%d/%m/%Y") if d else ""
    env.filters["pct"] = lambda x: f"{x * 100:.0f}%"
    env.filters["capitalize_first"] = lambda s: s[:1].upper() + s[1:]
    env.filters["reference"] = citation.reference  # the directive as a sentence cites it (tracker.citation)
    env.filters["cite"] = citation.cite
    env.globals["explained"] = explained
    env.globals["due_label"] = due_label
    env.globals["title_vi"] = title_vi
    env.globals["level_vi"] = level_vi
    env.globals["numbered"] = numbered  # a part as people read it: "1a. …", or its title when its id is a key
    env.globals["part_ref"] = part_ref
    return env


def level_vi(problem: Problem) -> str:
    """The problem's weight as a unit reads it: to fix before the row counts, or worth a look."""
    if problem.blocking:
        return "Cần sửa (chưa tính)"
    if problem.severity == "error":
        return "Không tính, không cần sửa"
    return "Lưu ý (không bắt buộc sửa)"


def _printable(value: Any) -> Any:
    if isinstance(value, str) and CONTROL.search(value):
        return Markup(printable(value)) if isinstance(value, Markup) else printable(value)
    return value


def context(result: CheckResult) -> dict[str, Any]:
    t, ev = result.tracker, result.evaluation
    weekly = weekly_counts(t, result.intake.activities, result.as_of)
    # The matrix is sectioned by the tracker's first grouping; a tracker without one gets one section.
    sections: list[dict[str, Any]] = []
    first = ev.by_group[0] if ev.by_group else None
    for rollup in (first.groups if first else [None]):
        units = [u for u in t.units if rollup is None or u.labels.get(first.label if first else "", "") == rollup.key]
        sections.append({"rollup": rollup, "units": [
            {"unit": u, "tasks": ev.unit_tasks(u.id), "counts": result.intake.units[u.id].counts,
             "fix": len(to_fix(result.unit_problems(u.id))), "advice": len(advisory(result.unit_problems(u.id)))}
            for u in units]})
    problems_by_unit = []
    for u in t.units:
        found = result.unit_problems(u.id)
        if found:
            problems_by_unit.append({"unit": u, "fix": to_fix(found), "advice": advisory(found),
                                     "link": result.sheet_link(result.intake.units[u.id].sheet)})
    review_problems = result.review_problems
    listed = {id(p) for p in review_problems}
    orphan = [p for p in result.problems if p.unit is None and id(p) not in listed]
    decided = any(p.decided for p in ev.parts())
    return {
        "t": t, "r": result, "ev": ev, "counts": result.intake.counts, "sections": sections,
        "group_rollups": [r for g in ev.by_group for r in g.groups],
        "parts": [p for _, p in t.parts()], "status_vi": STATUS_VI, "status_short": STATUS_SHORT,
        "colours": STATUS_COLOURS, "order": list(reversed(WORST_FIRST)), "part_label": part_label, "short_deadline": short_deadline,
        "severity_vi": SEVERITY_VI, "weekly": weekly, "chart": _chart(weekly), "problems_by_unit": problems_by_unit,
        "orphan_problems": orphan, "changes": result.changes, "trend": _trend(result),
        "decisions": result.decisions,
        "decision_problems": review_problems,
        "decided_legend": decided_legend(t.province.speaker) if decided else "",
        "names": {u.id: u.name for u in t.units},
        "fix_count": len(to_fix(result.problems)), "advice_count": len(advisory(result.problems)),
        "checked_local": local_time(result.checked_at, t.rhythm.timezone),
    }


def _trend(result: CheckResult) -> dict[str, Any] | None:
    """Units x check dates, each cell the worst status over the unit's tasks; None before two checks."""
    if not result.trend:
        return None
    order: dict[str, int] = {s: i for i, s in enumerate(reversed(WORST_FIRST))}
    worst: dict[tuple[str, str], str] = {}
    for item in result.trend:
        key = (item["unit"], item["as_of"])
        if key not in worst or order[item["status"]] > order[worst[key]]:
            worst[key] = item["status"]
    dates = sorted({d for _, d in worst})
    if len(dates) < 2:
        return None
    rows = [{"unit": u, "cells": [worst.get((u.id, d)) for d in dates]} for u in result.tracker.units]
    return {"dates": dates, "rows": rows}


def _chart(weekly: Any) -> dict[str, Any]:
    """Geometry for small multiples: one row of weekly bars per group (or unit), on a shared scale."""
    bar, gap, height = 22, 6, 34
    peak = max(1, weekly.peak)
    rows = []
    for name, counts in weekly.rows.items():
        bars = [{"x": i * (bar + gap), "h": round(height * n / peak, 1), "n": n} for i, n in enumerate(counts)]
        rows.append({"name": name, "bars": bars, "total": sum(counts)})
    return {"bar": bar, "gap": gap, "height": height, "peak": peak, "rows": rows,
            "width": max(1, len(weekly.weeks)) * (bar + gap), "weeks": weekly.weeks}


def render_html(result: CheckResult) -> str:
    return environment().get_template("report/report.html.j2").render(**context(result))


def write_html(result: CheckResult, path: Path) -> Path:
    write_atomic(path, render_html(result))
    return path
