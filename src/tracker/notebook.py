"""What the weekly-check notebook shows, as library calls: each notebook cell is one of these.

Nothing here is notebook-only logic: tables are pandas DataFrames (styled with the reports' colours),
pictures are the reports' own HTML fragments, and the e-mails are the ones `tracker remind` composes.
"""

from __future__ import annotations

import dataclasses
import html
import logging
import re
from collections.abc import Hashable, Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from tracker import weekly
from tracker.definition import Tracker, bundled_tracker_path, find_tracker, find_unit, load_tracker, task_column
from tracker.delivery import DeliveryReport, SmtpSettings
from tracker.errors import TrackerError
from tracker.evaluate import STATUS_VI, WORST_FIRST
from tracker.notices import LEVEL_VI, Notice
from tracker.parse import parse_day, typed_day
from tracker.report import SEVERITY_VI, STATUS_COLOURS, STATUS_SHORT, part_label
from tracker.report.html import context, environment
from tracker.result import CheckResult
from tracker.review.decide import NewDecision as Decision  # nb.Decision(...) in the notebook's review cell
from tracker.review.decide import decide as record
from tracker.review.decisions import COLUMNS, ROW_KINDS, WHOLE_PART
from tracker.review.lookout import KIND_VI, NEEDS_HISTORY, Lead, earlier_checks, worth_a_look
from tracker.sample import build_demo_workbook, load_sample
from tracker.storage.history import History
from tracker.text import clean, fold
from tracker.weekly import Workspace

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler

__all__ = [
    "Decision",
    "chart_html",
    "decide",
    "decisions_frame",
    "document",
    "emails",
    "emails_html",
    "heatmap_html",
    "load",
    "lookout_frame",
    "lookout_note",
    "matrix_css",
    "matrix_frame",
    "problems_frame",
    "run",
    "send",
    "styled_lookout",
    "styled_matrix",
    "summary_html",
    "trend_frame",
    "week",
    "week_html",
    "workspace_of",
]


def load(tracker: str | Path | None = None) -> Tracker:
    """The tracker by path or id; the first bundled tracker by default."""
    return load_tracker(find_tracker(str(tracker)) if tracker else bundled_tracker_path())


WORKDIR = "tracker-work"
log = logging.getLogger(__name__)
"""The notebook's working folder (run's `workdir`): the sample workbook, and the history and send ledger of a
tracker without a workspace of its own ($TRACKER_WORKSPACE or the tracker's `history:` file)."""
_workdir: dict[str, Path] = {}


def workspace_of(tracker: Tracker) -> Workspace:
    """The workspace the notebook's cells share: as the command line finds it, else in the working folder of the
    last run (tracker.weekly.Workspace.of)."""
    return Workspace.of(tracker, default_root=_workdir.get("path", Path(WORKDIR)))


def run(tracker: Tracker, source: str | None = None, as_of: date | None = None, workdir: str | Path = WORKDIR,
        history: bool = True, credentials: str | None = None, workspace: Workspace | None = None,
        allow_missing: bool = False) -> CheckResult:
    """The weekly run, as the command line does it (same history and send ledger: the tracker's workspace).
    Without a source, the tracker's sample workbook is built in workdir and read."""
    as_of = _as_of(as_of)
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    _workdir["path"] = workdir
    if not source:
        sample = load_sample(tracker)
        source = str(build_demo_workbook(tracker, workdir / "du-lieu-mau.xlsx", sample))
        as_of = as_of or sample.as_of
    steps = weekly.RunOptions(workspace=workspace or workspace_of(tracker), history=history, credentials=credentials,
                              allow_missing=allow_missing)
    return weekly.run(tracker, source, as_of, steps).result


def _as_of(value: object) -> date | None:
    """The notebook's AS_OF as an officer types it: None (today), a date, or text read as `--as-of` reads it."""
    if value is None or isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    day = typed_day(value) if isinstance(value, str) else None
    if day is None:
        raise TrackerError(f"AS_OF {value!r} is not a day: write date(2026, 6, 19) or \"19/06/2026\" (DD/MM/YYYY, "
                           "DD-MM-YYYY or YYYY-MM-DD), or None for today",
                           vi=f"AS_OF “{value}” không phải là một ngày: viết date(2026, 6, 19) hoặc \"19/06/2026\" "
                              "(DD/MM/YYYY, DD-MM-YYYY hoặc YYYY-MM-DD), hoặc None là hôm nay")
    return day


def show_errors_in_vietnamese(shell: Any = None) -> None:
    """A TrackerError in a cell is shown as the command line shows it, one line in Vietnamese ('Lỗi: …'), its English
    words logged, not as a Python traceback of English (a source typed wrong, a definition with mistakes). Done on
    import inside IPython; `shell` for another."""
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return
        shell = get_ipython()
        if shell is None:
            return
    shell.set_custom_exc((TrackerError,), _show_error)


def _show_error(shell: Any, etype: type[BaseException], value: BaseException, tb: Any,
                tb_offset: int | None = None) -> None:
    vi = getattr(value, "vi", None)
    print(f"Lỗi: {vi or value}")
    log.error("%s", value)


def summary_html(result: CheckResult) -> str:
    ev, c = result.evaluation, result.intake.counts
    p = ev.province
    assert p is not None
    items = [
        (f"{p.rate:.0%}", f"phần việc đã hoàn thành ({p.parts_done}/{p.parts_total})"),
        (f"{p.units_overdue}/{len(result.tracker.units)}", "đơn vị có phần quá hạn"),
        (str(c.rows_counted), "hoạt động được tính"),
        (str(c.rows_to_fix), f"dòng chưa được tính do nhập chưa đúng (trên {c.rows_read} dòng đã đọc)"),
    ]
    boxes = "".join(f'<div style="border:1px solid #ccc;border-radius:6px;padding:6px 12px;margin:4px;'
                    f'display:inline-block"><b style="font-size:20px;color:#1F4E79">{v}</b><br>{label}</div>'
                    for v, label in items)
    stored = ""
    if result.check_id is not None:  # where the check went: a bundled tracker's history is not in the working folder
        where = html.escape(str(workspace_of(result.tracker).history))
        stored = (f"<p>Lịch sử: đã lưu lần kiểm tra số {result.check_id} (tính đến {result.as_of:%d/%m/%Y}) vào "
                  f"{where}</p>")
    return f"<div><p>Số liệu tính đến <b>{result.as_of:%d/%m/%Y}</b>.</p>{boxes}{stored}</div>"


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
            row[task_column(ts.task)] = STATUS_SHORT[ts.status]
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
            statuses[unit.sheet][task_column(ts.task)] = ts.status
            for part in ts.parts:
                statuses[unit.sheet][part.part] = part.status
    return pd.DataFrame(
        [[_css(statuses[idx][col]) for col in frame.columns] for idx in frame.index], index=frame.index,
        columns=frame.columns)


def _css(status: str) -> str:
    fill, text = STATUS_COLOURS[status]
    return f"background-color: #{fill}; color: #{text}"


def problems_frame(result: CheckResult, unit: str | None = None, severity: str | None = None) -> pd.DataFrame:
    """The problems, optionally of one unit (its id, name or sheet) and one severity ('error', 'warning', or their
    Vietnamese); a unit or severity that is none is a TrackerError, not an empty table."""
    names = {u.id: u.sheet for u in result.tracker.units}
    wanted = find_unit(result.tracker.units, unit) if unit is not None else None
    level = _severity(severity)
    rows = [{"Đơn vị": names.get(p.unit or "", p.sheet or ""), "Ô": p.cell or "", "Mức": SEVERITY_VI[p.severity], "Mã": p.code,
             "Giá trị": p.value, "Hướng dẫn sửa": p.message}
            for p in result.problems
            if (wanted is None or p.unit == wanted) and (level is None or p.severity == level)]
    return pd.DataFrame(rows, columns=["Đơn vị", "Ô", "Mức", "Mã", "Giá trị", "Hướng dẫn sửa"])


def _severity(value: str | None) -> str | None:
    """SEVERITY as typed: 'error' or 'warning', or the Vietnamese the tables show ('Lỗi', 'Cảnh báo')."""
    if value is None:
        return None
    key = fold(value)
    for level, words in SEVERITY_VI.items():
        if key in (level, fold(words), fold(words.split(" (")[0])):
            return level
    raise TrackerError(f"SEVERITY {value!r} is not a severity: give 'error' or 'warning', or None",
                       vi=f"SEVERITY “{value}” không phải là một mức: ghi \"error\" (lỗi) hoặc \"warning\" (cảnh báo), "
                          "hoặc None")


def trend_frame(tracker: Tracker, workspace: Workspace | None = None, task: str | None = None) -> pd.DataFrame:
    """Each unit's status per check (rows: units; columns: check dates), worst over tasks unless one is named."""
    path = (workspace or workspace_of(tracker)).history
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
    table = frame.pivot(index="Đơn vị", columns="Ngày kiểm tra", values="Trạng thái")  # ISO days: in date order
    table.columns = [f"{d[8:10]}/{d[5:7]}/{d[:4]}" for d in table.columns]  # then as an officer reads a day
    table.columns.name = "Ngày kiểm tra"
    return table.reindex([s for s in sheets.values() if s in table.index])


def emails(result: CheckResult, workspace: Workspace | None = None) -> list[Notice]:
    """The messages this check calls for, escalated as the scheduled run would (same ledger, same history)."""
    return weekly.compose(result, workspace or workspace_of(result.tracker))


def send(result: CheckResult, notices: Sequence[Notice], workspace: Workspace | None = None) -> DeliveryReport:
    """Deliver with the TRACKER_SMTP_* settings, against the same ledger as `tracker remind --send`."""
    return weekly.deliver_notices(result.tracker, list(notices), SmtpSettings.from_env(),
                                  workspace or workspace_of(result.tracker))


def emails_html(notices: Sequence[Notice]) -> str:
    """A preview of each message: who gets it, the subject, and the HTML body in a frame."""
    import html

    parts = []
    for n in notices:
        cc = f" — cc: {html.escape(', '.join(n.cc))}" if n.cc else ""
        parts.append(f"<details><summary><b>[{LEVEL_VI[n.level]}]</b> {html.escape(', '.join(n.to))}{cc} — "
                     f"{html.escape(n.subject)}</summary><iframe style='width:100%;height:420px;border:1px solid #ccc' "
                     f"srcdoc=\"{html.escape(n.html, quote=True)}\"></iframe></details>")
    return "".join(parts)


def document(result: CheckResult, kind: str, unit: str | None = None, workdir: str | Path = "tracker-work") -> Path:
    """Write an official document (weekly, final or reminder-letter) as a .docx in workdir; returns its path."""
    from tracker.documents import write_document
    from tracker.result import findings_model

    return write_document(kind, result.tracker, findings_model(result), workdir, unit=unit)


# --------------------------------------------------------------------------- the office's week


def week(office: str | Path | None = None, as_of: date | None = None, workdir: str | Path = "tracker-work") -> Any:
    """The office's week (tracker.office.week.run_week), as `tracker week` and cron run it; nothing is sent.
    Without an office folder, a sample office of the bundled trackers is made in workdir/co-quan-mau."""
    from tracker.office.demo import demo_office
    from tracker.office.week import run_week

    if office is None:
        office, sample_day = demo_office(Path(workdir) / "co-quan-mau")
        as_of = as_of or sample_day
    today = date.today()
    return run_week(office, as_of or today, today=today)


def week_html(done: Any) -> str:
    """The week in short: each directive's line, what to look at, and the portfolio page itself in a frame."""
    import html

    lines = []
    for r in done.portfolio.rows:
        state = (f"{r.parts_done}/{r.parts_total} phần việc hoàn thành, {r.units_overdue}/{r.units} đơn vị quá hạn"
                 if r.checked else (r.failure or r.stage))
        lines.append(f"<li><b>{html.escape(r.title)}</b>: {html.escape(state)}</li>")
    page = done.files["html"].read_text(encoding="utf-8")
    return (f"<ul>{''.join(lines)}</ul><p>{len(done.messages)} thư (mỗi đơn vị một thư) · "
            f"trang tổng hợp: {html.escape(str(done.files['html']))} · báo cáo Word: "
            f"{html.escape(str(done.files['docx']))}</p><iframe style='width:100%;height:640px;border:1px solid #ccc' "
            f"srcdoc=\"{html.escape(page, quote=True)}\"></iframe>")


# --------------------------------------------------------------------------- the province's review


LOOKOUT_COLUMNS = ("Loại", "Đơn vị", "Dòng", "Giải thích", "Link minh chứng", "Mở trang tính", "Quyết định đã có")


def lookout_frame(result: CheckResult, workspace: Workspace | None = None) -> pd.DataFrame:
    """The rows worth a look (tracker.review.lookout) as a table: kind, the unit's group and name, the row(s), why,
    the evidence links, a link that opens the row in the unit's sheet, and any decision already taken on it.
    Rows changed after their week was reported are looked for in the workspace's history, when there is one."""
    t = result.tracker
    path = (workspace or workspace_of(t)).history
    if path.exists():
        with History(path) as h:
            leads = worth_a_look(result, h)
    else:
        leads = worth_a_look(result)
    grouping = t.groupings[0] if t.groupings else None
    columns = [*LOOKOUT_COLUMNS[:1], *([grouping.name] if grouping else []), *LOOKOUT_COLUMNS[1:]]
    decided = _row_decisions(result)
    units = {u.id: u for u in t.units}
    rows = []
    for lead in leads:
        unit = units.get(lead.unit)
        row: dict[str, Any] = {"Loại": lead.kind_vi, "Đơn vị": unit.name if unit else lead.sheet,
                               "Dòng": ", ".join(str(r) for r in lead.rows), "Giải thích": lead.explanation,
                               "Link minh chứng": "\n".join(_lead_links(lead)),
                               "Mở trang tính": _row_link(result.sheet_link(lead.sheet), lead.rows[0]),
                               "Quyết định đã có": "; ".join(d for r in lead.rows for d in decided.get((lead.unit, r), []))}
        if grouping:
            row[grouping.name] = unit.labels.get(grouping.label, "") if unit else ""
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)


def lookout_note(result: CheckResult, frame: pd.DataFrame, workspace: Workspace | None = None) -> str:
    """One paragraph above the list: how many of each kind, and what could not be looked for."""
    path = (workspace or workspace_of(result.tracker)).history
    earlier = []
    if path.exists():
        with History(path) as h:
            earlier = earlier_checks(result, h)
    counts = frame["Loại"].value_counts() if len(frame) else pd.Series(dtype=int)
    found = "; ".join(f"{KIND_VI[k]}: {int(counts.get(KIND_VI[k], 0))}" for k in KIND_VI
                      if earlier or k not in NEEDS_HISTORY)
    text = f"{len(frame)} mục đáng xem lại ({found})."
    if not earlier:
        text += (" Chưa có lần kiểm tra nào được lưu trước lần này, nên chưa so được để tìm dòng sửa hoặc thêm "
                 "sau khi tuần đã được báo cáo.")
    return text


def styled_lookout(frame: pd.DataFrame) -> Styler:
    """The list with its links clickable and its text left-aligned, for the notebook."""
    def link(url: object) -> str:
        import html

        return "<br>".join(f'<a href="{html.escape(u, quote=True)}" target="_blank">{html.escape(u)}</a>'
                           for u in str(url or "").splitlines() if u)

    links: list[Hashable] = [c for c in ("Link minh chứng", "Mở trang tính") if c in frame.columns]
    return frame.style.hide(axis="index").format(link, subset=links).set_properties(
        subset=None, **{"text-align": "left", "white-space": "pre-wrap"})


def decisions_frame(result: CheckResult) -> pd.DataFrame:
    """The province's decisions read for this check, what became of each and the statuses it changed."""
    names = {u.id: u.name for u in result.tracker.units}
    rows = []
    for o in result.decisions:
        d = o.decision
        if d.row is None:
            where = WHOLE_PART
        elif o.row is not None and o.row != d.row:
            where = f"{d.row} → {o.row}"
        else:
            where = str(d.row)
        changed = "; ".join(f"{e.get('part', '')}: {e.get('before_vi', '')} → {e.get('after_vi', '')}" for e in o.effects)
        rows.append({"Đơn vị": names.get(d.unit, d.unit), "Dòng": where, "Phần việc": d.part or "",
                     "Quyết định": d.kind_vi, "Lý do": d.reason, "Người quyết định": d.who,
                     "Ngày quyết định": f"{d.decided_on:%d/%m/%Y}", "Tình trạng": o.state_vi, "Thay đổi": changed})
    return pd.DataFrame(rows, columns=["Đơn vị", "Dòng", "Phần việc", "Quyết định", "Lý do", "Người quyết định",
                                       "Ngày quyết định", "Tình trạng", "Thay đổi"])


def decide(result: CheckResult, decisions: Sequence[Any] | Mapping[str, Any] | Decision, to: str | Path | None = None,
           *, workspace: Workspace | None = None, credentials: str | None = None) -> list[str]:
    """Write the officer's decisions where every later check reads them (tracker.review.decide.decide): the review tab
    of a Google spreadsheet (`to` = its link), a reviews .xlsx/.csv (`to` = a path), or the workspace's
    reviews.xlsx. Each decision is a `Decision(...)` or a dict keyed as the review tab's headings
    ("Đơn vị", "Dòng", "Quyết định", "Lý do", "Người quyết định" …) or as Decision's fields. Prints and
    returns one line per decision written; a mistake in any of them is printed and nothing is written. A Decision is
    checked as a dict is (a row typed as text, a date as "05/08/2026"); one decision alone needs no list around it."""
    if isinstance(decisions, Mapping | Decision):
        decisions = [decisions]
    if isinstance(decisions, str | bytes) or not isinstance(decisions, Iterable):
        print("Chưa ghi quyết định nào: DECISIONS phải là một danh sách các quyết định, ví dụ [nb.Decision(unit=…, "
              "row=…, decision=…, reason=…, who=…)].")
        return []
    new, bad = [], []
    for i, item in enumerate(decisions, start=1):
        if isinstance(item, Decision):  # typed by hand: checked as a dict is, not trusted to hold the right types
            item = {k: v for k, v in dataclasses.asdict(item).items() if v is not None}
        if not isinstance(item, Mapping):
            bad.append(f"Quyết định thứ {i}: “{str(item)[:80]}” không phải một quyết định; hãy ghi nb.Decision(unit=…, "
                       "row=…, decision=…, reason=…, who=…) hoặc một dict với tên cột của trang “Duyệt”")
            continue
        fields, wrong = _decision_fields(item)
        if wrong:
            bad.append(f"Quyết định thứ {i}: {wrong}")
            continue
        new.append(Decision(**fields))
    if bad:
        print("Chưa ghi quyết định nào. Hãy sửa rồi chạy lại ô này:\n" + "\n".join(f"- {b}" for b in bad))
        return []
    try:
        reviews = (workspace or workspace_of(result.tracker)).reviews
        written = record(result, new, to, reviews_file=reviews, credentials=credentials)
    except TrackerError as exc:  # a decision the tracker cannot take, or a file or sheet it cannot write
        print(f"Chưa ghi quyết định nào. Hãy sửa rồi chạy lại ô này:\n{exc}")
        return []
    for line in written:
        print(line)
    _say_when_they_apply(result, new)
    return written


def _say_when_they_apply(result: CheckResult, new: Sequence[Any]) -> None:
    """A decision dated after the check's day is not applied to that check (decision-after-as-of, so that a decision
    never rewrites a past week): say so now, not only as a warning in the next check's problems."""
    today = date.today()
    later = sorted({d.decided_on or today for d in new if (d.decided_on or today) > result.as_of})
    if later:
        print(f"Lưu ý: quyết định ghi ngày {later[0]:%d/%m/%Y}, sau ngày kiểm tra {result.as_of:%d/%m/%Y}: lần kiểm "
              f"tra tính đến ngày {result.as_of:%d/%m/%Y} không áp dụng; quyết định được áp dụng từ lần kiểm tra tính "
              f"đến ngày {later[0]:%d/%m/%Y} trở đi.")




def _key(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", fold(text))


# A dict's keys as the review tab's headings and their aliases, or Decision's own field names.
_DECISION_KEYS: dict[str, str] = {
    **{_key(n): c.key for c in COLUMNS if c.key != "digest" for n in (c.header, *c.aliases)},
    **{_key(k): k for k in ("unit", "decision", "reason", "who", "row", "part", "day", "evidence", "decided_on")},
    _key("người duyệt"): "who", _key("ngày"): "decided_on",
}


def _decision_fields(item: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
    """Decision's fields from a dict an officer typed, or what is wrong with it (in Vietnamese)."""
    fields: dict[str, Any] = {}
    for name, value in item.items():
        key = _DECISION_KEYS.get(_key(str(name)))
        if key is None:
            return {}, f"không hiểu cột “{name}” (dùng: {', '.join(c.header for c in COLUMNS if c.key != 'digest')})"
        if key == "row":
            text = clean(str(value)) if value is not None else ""
            if text and not (type(value) is int or text.isdigit()):  # True is an int to isinstance
                return {}, f"“{value}” không phải số dòng"
            fields[key] = int(text) if text else None
        elif key in ("day", "decided_on"):
            if value is None or value == "":
                fields[key] = None
            elif isinstance(value, datetime):
                fields[key] = value.date()
            elif isinstance(value, date):
                fields[key] = value
            else:
                day = parse_day(fold(clean(str(value))))
                if day is None:
                    return {}, f"“{value}” không phải ngày (ghi dd/mm/yyyy, ví dụ 05/08/2026)"
                fields[key] = day
        else:
            fields[key] = "" if value is None else clean(str(value))
    return fields, ""


def _lead_links(lead: Lead) -> list[str]:
    typed = lead.evidence.get("typed") or lead.evidence.get("links") or []
    return list(dict.fromkeys(str(x) for x in typed))


def _row_link(sheet_link: str | None, row: int) -> str:
    """The unit's sheet, opened at the row where the link can say so (a Google Sheets tab link)."""
    if not sheet_link:
        return ""
    return f"{sheet_link}&range={row}:{row}" if "#gid=" in sheet_link else sheet_link


def _row_decisions(result: CheckResult) -> dict[tuple[str, int], list[str]]:
    """Per (unit, row), the row decisions read for this check, as the officer would say them."""
    out: dict[tuple[str, int], list[str]] = {}
    for o in result.decisions:
        d = o.decision
        row = o.row or d.row
        if d.kind in ROW_KINDS and row is not None and o.state != "superseded":
            out.setdefault((d.unit, row), []).append(f"{d.kind_vi} ngày {d.decided_on:%d/%m/%Y} ({o.state_vi})")
    return out


show_errors_in_vietnamese()
