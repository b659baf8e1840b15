"""The week's pages: the portfolio page for the leadership (tong-hop.html), one page per unit across all
its directives (don-vi/<unit>.html) and portfolio.json for scripts. Self-contained HTML (inline CSS and
SVG), autoescaped, readable on a phone 390 px wide without sideways scrolling.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from tracker.errors import OutputError
from tracker.files.atomic import os_reason_vi
from tracker.office.identity import Identities
from tracker.office.portfolio import Directive, Portfolio, Row
from tracker.office.workspace import Office
from tracker.report import STATUS_COLOURS
from tracker.report.html import environment
from tracker.report.unit_page import unit_context

SEGMENTS = (("on_time", "done_on_time", "Đúng hạn"), ("late", "done_late", "Hoàn thành muộn"),
            ("in_progress", "in_progress", "Đang thực hiện"), ("overdue", "overdue", "Quá hạn"))
CHART_COLOURS: dict[str, str] = {"done_on_time": "2E7D32", "done_late": "4A86C5", "in_progress": "E0B000",
                                 "overdue": "C62828"}
"""The bars' colours: the statuses' own hues, strong enough to read at a glance (the tables keep the pale fills)."""


def bar(row: Row) -> list[dict[str, Any]]:
    """The stacked bar of a directive's parts: on time, late, in progress, overdue, as shares of 100."""
    total = row.parts_total or 1
    out, x = [], 0.0
    for attr, status, label in SEGMENTS:
        n = int(getattr(row, attr))
        width = 100 * n / total
        out.append({"x": round(x, 2), "w": round(width, 2), "n": n, "label": label, "fill": CHART_COLOURS[status]})
        x += width
    return out


def context(office: Office, p: Portfolio, base: str = "") -> dict[str, Any]:
    """What the page, the digest and the Word report say, with links relative to the week's folder."""
    peak = max((len(u.directives) for u in p.lagging), default=1)
    return {"o": office.office, "office": office, "p": p, "as_of": p.as_of, "bar": bar, "base": base,
            "segments": [(label, CHART_COLOURS[status]) for _, status, label in SEGMENTS], "peak": peak,
            "pct": lambda x: f"{round(100 * x)}%"}


def digest_context(p: Portfolio, page: str | None) -> dict[str, Any]:
    return {"p": p, "page": page}


def write_pages(office: Office, p: Portfolio, directives: Sequence[Directive], identities: Identities,
                folder: Path) -> dict[str, Path]:
    """tong-hop.html, portfolio.json and don-vi/<unit>.html in the week's folder; returns their paths."""
    env = environment()
    try:
        (folder / "don-vi").mkdir(parents=True, exist_ok=True)
        page = folder / "tong-hop.html"
        page.write_text(env.get_template("office/portfolio.html.j2").render(**context(office, p, "../")),
                        encoding="utf-8")
        data = folder / "portfolio.json"
        data.write_text(json.dumps(portfolio_json(p), ensure_ascii=False, indent=2, default=str), encoding="utf-8")
        units = _unit_pages(office, directives, identities, folder / "don-vi")
    except OSError as exc:
        raise OutputError(f"cannot write the week's pages into {folder}: {exc.strerror or exc}",
                          vi=f"không ghi được các trang của tuần vào “{folder}”: {os_reason_vi(exc)}") from exc
    return {"html": page, "json": data, "units": units}


def portfolio_json(p: Portfolio) -> dict[str, Any]:
    """portfolio.json: the same figures for scripts (docs/portfolio.md)."""
    return {"schema": 1, "as_of": p.as_of.isoformat(),
            "directives": [{**asdict(r), "rate": round(r.rate, 4), "trend": r.trend} for r in p.rows],
            "units_lagging": p.units_lagging, "units": p.units,
            "lagging": [{"unit": u.key, "name": u.name, "directives": [{"title": t, "days_overdue": d}
                                                                      for t, d in u.directives]} for u in p.lagging],
            "ending": [r.id for r in p.ending], "problems": [x.to_dict() for x in p.problems]}


def _unit_pages(office: Office, directives: Sequence[Directive], identities: Identities, folder: Path) -> Path:
    template = environment().get_template("office/unit_page.html.j2")
    checked = {d.result.tracker.id: d for d in directives if d.result is not None}
    for unit in identities.units:
        sections = []
        for tracker_id, unit_id in unit.members:
            d = checked[tracker_id]
            assert d.result is not None
            ctx = unit_context(d.result, d.result.tracker.unit(unit_id))
            own = office.root / tracker_id / "report" / "units" / f"{unit_id}.html"
            ctx["own_page"] = os.path.relpath(own, folder) if own.is_file() else None
            sections.append(ctx)
        sections.sort(key=lambda s: (not s["todo"], -sum(r["s"].status == "overdue" for r in s["rows"])))
        html = template.render(unit=unit, sections=sections, o=office.office, as_of=_as_of(directives),
                               colours=STATUS_COLOURS)
        (folder / f"{unit.key}.html").write_text(html, encoding="utf-8")
    return folder


def _as_of(directives: Sequence[Directive]) -> date | None:
    return next((d.result.as_of for d in directives if d.result is not None), None)
