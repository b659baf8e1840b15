"""units/<unit-id>.html: one page per unit, for the unit itself, readable on a phone.

What the unit's own statuses are (every part, "Không áp dụng" included, each period of a recurring
part), which cells to fix with a link straight to the cell when the source is Google Sheets, and
what to do next. Self-contained (inline CSS), autoescaped, nothing of a particular directive.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.definition import Unit
from tracker.evaluate import MONTH_VI, PERIOD_VI, STATUS_VI, PartStatus
from tracker.files.atomic import write_all_atomic
from tracker.periods import late_periods_words
from tracker.problems import Problem
from tracker.report import STATUS_COLOURS, advisory, due_label, to_fix
from tracker.report.html import environment
from tracker.text import numbered

if TYPE_CHECKING:
    from tracker.result import CheckResult

# Period states shown with the colour of the status they amount to.
_PERIOD_STATUS = {"on_time": "done_on_time", "late": "done_late", "missing": "overdue", "open": "in_progress",
                  "upcoming": "not_applicable"}


def cell_link(sheet_link: str | None, problem: Problem) -> str | None:
    """A link that opens the tab at the cell: only a Google Sheets tab link (with #gid) can carry a range."""
    if not sheet_link or "#gid=" not in sheet_link:
        return None
    return f"{sheet_link}&range={problem.cell}" if problem.cell else sheet_link


def overdue_words(part: PartStatus, as_of: date) -> str:
    """'hạn 20/05/2026, đã quá hạn 30 ngày'; a part late for several periods names each of them."""
    late = [(pd.label, pd.due) for pd in part.periods if pd.state == "missing"]
    if len(late) > 1:
        return late_periods_words(late, as_of)
    return f"{due_label(part)}, đã quá hạn {part.days_overdue} ngày"


def unit_context(result: CheckResult, unit: Unit) -> dict[str, Any]:
    t = result.tracker
    tasks = {task.id: task for task in t.tasks}
    sheet = result.intake.units[unit.id].sheet
    link = result.sheet_link(sheet)
    rows = []
    todo: list[str] = []
    parts = [p for ts in result.evaluation.unit_tasks(unit.id) for p in ts.parts]
    ids = [part.id for _, part in t.parts()]
    for ts in result.evaluation.unit_tasks(unit.id):
        for p in ts.parts:
            words = PERIOD_VI if t.part(p.part).recurs else MONTH_VI
            rows.append({"task": tasks[ts.task], "part": t.part(p.part), "s": p, "due": due_label(p),
                         "periods": [{"p": pd, "label": words[pd.state], "css": _PERIOD_STATUS[pd.state]}
                                     for pd in p.periods]})
    # Overdue first, then what is in progress: the order a unit should work in.
    todo += [f"Thực hiện và nhập hoạt động cho phần việc {numbered(p.part, t.part(p.part).title, ' – ', ids)} "
             f"({overdue_words(p, result.as_of)})." for p in parts if p.status == "overdue"]
    # A period not yet begun is no task for now: the part's card names it as "Kỳ tới".
    todo += [f"Hoàn thành phần việc {numbered(p.part, t.part(p.part).title, ' – ', ids)} "
             f"({due_label(p)})." for p in parts
             if p.status == "in_progress" and (not p.periods or any(pd.state == "open" for pd in p.periods))]
    # A stray tab's problem links to that tab, not to the unit's own.
    found = result.unit_problems(unit.id)
    fix = [{"p": p, "link": cell_link(result.sheet_link(p.sheet) or link, p)} for p in to_fix(found)]
    advice = [{"p": p, "link": cell_link(result.sheet_link(p.sheet) or link, p)} for p in advisory(found)]
    if fix:
        todo.append(f"Sửa {len(fix)} lỗi trong trang tính (mục “Cần sửa” bên dưới); dòng có lỗi chưa được tính.")
    if sheet is None and not any(p.code in ("sheet-renamed",) for p in found):
        todo.append(f"Không tìm thấy trang tính “{unit.sheet}”: hãy nhập hoạt động vào đúng trang của đơn vị.")
    return {"t": t, "r": result, "unit": unit, "rows": rows, "fix": fix, "advice": advice, "todo": todo,
            "counts": result.intake.units[unit.id].counts, "sheet": sheet, "link": link,
            "status_vi": STATUS_VI, "colours": STATUS_COLOURS}


def write_unit_pages(result: CheckResult, out_dir: Path, which: Iterable[int] | None = None) -> list[Path]:
    """Write out_dir/units/<unit-id>.html for every unit (or the units at the positions `which` gives, as they come:
    at national scale two processes share the pages, tracker.report.write); returns the paths."""
    template = environment(None).get_template("report/unit.html.j2")
    (out_dir / "units").mkdir(parents=True, exist_ok=True)
    units = result.tracker.units
    chosen = units if which is None else (units[i] for i in which)
    return write_all_atomic((page_path(out_dir, unit), template.render(**unit_context(result, unit)))
                            for unit in chosen)


def page_path(out_dir: Path, unit: Unit) -> Path:
    return out_dir / "units" / f"{unit.id}.html"
