"""What the weekly-check notebook shows, as library calls: each notebook cell is one of these.

Nothing here is notebook-only logic: tables are pandas DataFrames (styled with the reports' colours),
pictures are the reports' own HTML fragments, and the e-mails are the ones `tracker remind` composes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from tracker import weekly
from tracker.definition import Tracker, bundled_tracker_path, find_tracker, load_tracker
from tracker.delivery import DeliveryReport, SmtpSettings
from tracker.evaluate import STATUS_VI, WORST_FIRST
from tracker.history import History
from tracker.notices import Notice
from tracker.report import SEVERITY_VI, STATUS_COLOURS, STATUS_SHORT, part_label
from tracker.report.html import context, environment
from tracker.result import CheckResult
from tracker.sample import build_demo_workbook, load_sample
from tracker.weekly import Workspace

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler

__all__ = [
    "chart_html",
    "document",
    "emails",
    "emails_html",
    "heatmap_html",
    "load",
    "matrix_css",
    "matrix_frame",
    "problems_frame",
    "run",
    "send",
    "styled_matrix",
    "summary_html",
    "trend_frame",
]


def load(tracker: str | Path | None = None) -> Tracker:
    """The tracker by path or id; the first bundled tracker by default."""
    return load_tracker(find_tracker(str(tracker)) if tracker else bundled_tracker_path())


def run(tracker: Tracker, source: str | None = None, as_of: date | None = None, workdir: str | Path = "tracker-work",
        history: bool = True, credentials: str | None = None, workspace: Workspace | None = None) -> CheckResult:
    """The weekly run, as the command line does it (same history and send ledger: the tracker's workspace).
    Without a source, the tracker's sample workbook is built in workdir and read."""
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    if not source:
        sample = load_sample(tracker)
        source = str(build_demo_workbook(tracker, workdir / "du-lieu-mau.xlsx", sample))
        as_of = as_of or sample.as_of
    return weekly.run(tracker, source, as_of, workspace=workspace, history=history, credentials=credentials).result


def summary_html(result: CheckResult) -> str:
    ev, c = result.evaluation, result.intake.counts
    p = ev.province
    assert p is not None
    items = [
        (f"{p.rate:.0%}", f"phần việc đã hoàn thành ({p.parts_done}/{p.parts_total})"),
        (f"{p.units_overdue}/{len(result.tracker.units)}", "đơn vị có phần quá hạn"),
        (str(c.rows_counted), "hoạt động được tính"),
        (str(c.rows_rejected), f"dòng bị loại do lỗi (trên {c.rows_read} dòng đã đọc)"),
    ]
    boxes = "".join(f'<div style="border:1px solid #ccc;border-radius:6px;padding:6px 12px;margin:4px;'
                    f'display:inline-block"><b style="font-size:20px;color:#1F4E79">{v}</b><br>{label}</div>'
                    for v, label in items)
    return f"<div><p>Số liệu tính đến <b>{result.as_of:%d/%m/%Y}</b>.</p>{boxes}</div>"


def _fragment(result: CheckResult, name: str) -> str:
    env = environment()
    ctx = {**context(result), "compact": True}
    style = env.get_template("report/_style.html.j2").render(**ctx)
    # The report's stylesheet styles body and headings too; a notebook keeps only the table rules.
    style = "\n".join(line for line in style.splitlines() if not line.strip().startswith(("body", "h1", "h2", "@page")))
    return style + env.get_template(f"report/_{name}.html.j2").render(**ctx)


def heatmap_html(result: CheckResult) -> str:
    """Units x task parts, coloured by status: the report's matrix."""
    return _fragment(result, "matrix")


def chart_html(result: CheckResult) -> str:
    """Activities per week per group (or unit), on a shared scale: the report's chart."""
    return _fragment(result, "chart")


def matrix_frame(result: CheckResult) -> pd.DataFrame:
    """One row per unit, one column per task part, cells such as 'Quá hạn 12 ngày'."""
    t = result.tracker
    rows = []
    for unit in t.units:
        row: dict[str, Any] = {"Đơn vị": unit.sheet}
        for ts in result.evaluation.unit_tasks(unit.id):
            row[f"NV{ts.task}"] = STATUS_SHORT[ts.status]
            for part in ts.parts:
                row[part.part] = part_label(part)
        rows.append(row)
    return pd.DataFrame(rows).set_index("Đơn vị")


def styled_matrix(result: CheckResult) -> Styler:
    css = matrix_css(result)
    return matrix_frame(result).style.apply(lambda _: css, axis=None)


def matrix_css(result: CheckResult) -> pd.DataFrame:
    """The CSS of each cell of matrix_frame: the reports' colour for its status."""
    frame = matrix_frame(result)
    statuses: dict[str, dict[str, str]] = {unit.sheet: {} for unit in result.tracker.units}
    for unit in result.tracker.units:
        for ts in result.evaluation.unit_tasks(unit.id):
            statuses[unit.sheet][f"NV{ts.task}"] = ts.status
            for part in ts.parts:
                statuses[unit.sheet][part.part] = part.status
    return pd.DataFrame(
        [[_css(statuses[idx][col]) for col in frame.columns] for idx in frame.index], index=frame.index,
        columns=frame.columns)


def _css(status: str) -> str:
    fill, text = STATUS_COLOURS[status]
    return f"background-color: #{fill}; color: #{text}"


def problems_frame(result: CheckResult, unit: str | None = None, severity: str | None = None) -> pd.DataFrame:
    """The problems, optionally of one unit (id or sheet name) and one severity."""
    names = {u.id: u.sheet for u in result.tracker.units}
    rows = [{"Đơn vị": names.get(p.unit or "", p.sheet or ""), "Ô": p.cell or "", "Mức": SEVERITY_VI[p.severity], "Mã": p.code,
             "Giá trị": p.value, "Hướng dẫn sửa": p.message}
            for p in result.problems
            if (unit is None or unit in (p.unit, names.get(p.unit or ""))) and (severity is None or p.severity == severity)]
    return pd.DataFrame(rows, columns=["Đơn vị", "Ô", "Mức", "Mã", "Giá trị", "Hướng dẫn sửa"])


def trend_frame(tracker: Tracker, workspace: Workspace | None = None, task: str | None = None) -> pd.DataFrame:
    """Each unit's status per check (rows: units; columns: check dates), worst over tasks unless one is named."""
    path = (workspace or Workspace.of(tracker)).history
    if not path.exists():
        return pd.DataFrame()
    order: dict[str, int] = {s: i for i, s in enumerate(reversed(WORST_FIRST))}
    with History(path) as h:
        trend = h.status_trend(tracker.id)
    worst: dict[tuple[str, str], str] = {}
    for item in trend:
        if task and item["task"] != task:
            continue
        key = (item["as_of"], item["unit"])
        if key not in worst or order[item["status"]] > order[worst[key]]:
            worst[key] = item["status"]
    sheets = {u.id: u.sheet for u in tracker.units}
    frame = pd.DataFrame([{"Ngày kiểm tra": d, "Đơn vị": sheets[u], "Trạng thái": STATUS_VI[s]}
                          for (d, u), s in worst.items()])
    if frame.empty:
        return frame
    table = frame.pivot(index="Đơn vị", columns="Ngày kiểm tra", values="Trạng thái")
    return table.reindex([s for s in sheets.values() if s in table.index])


def emails(result: CheckResult, workspace: Workspace | None = None) -> list[Notice]:
    """The messages this check calls for, escalated as the scheduled run would (same ledger, same history)."""
    return weekly.compose(result, workspace)


def send(result: CheckResult, notices: Sequence[Notice], workspace: Workspace | None = None) -> DeliveryReport:
    """Deliver with the TRACKER_SMTP_* settings, against the same ledger as `tracker remind --send`."""
    return weekly.deliver_notices(result.tracker, list(notices), SmtpSettings.from_env(), workspace)


def emails_html(notices: Sequence[Notice]) -> str:
    """A preview of each message: who gets it, the subject, and the HTML body in a frame."""
    import html

    parts = []
    for n in notices:
        cc = f" — cc: {html.escape(', '.join(n.cc))}" if n.cc else ""
        parts.append(f"<details><summary><b>[{n.level}]</b> {html.escape(', '.join(n.to))}{cc} — "
                     f"{html.escape(n.subject)}</summary><iframe style='width:100%;height:420px;border:1px solid #ccc' "
                     f"srcdoc=\"{html.escape(n.html, quote=True)}\"></iframe></details>")
    return "".join(parts)


def document(result: CheckResult, kind: str, unit: str | None = None, workdir: str | Path = "tracker-work") -> Path:
    """Write an official document (weekly, final or reminder-letter) as a .docx in workdir; returns its path."""
    from tracker.documents import write_document

    return write_document(kind, result.tracker, result.findings(), workdir, unit=unit)
