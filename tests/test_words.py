"""No directive's words leak into another's outputs, and none live in code or templates.

Everything a person reads is rendered for the two bundled trackers (entry workbook, the three reports,
every e-mail kind, the notebook's helpers); the phrases that belong to one tracker alone must not
appear in what the other produces.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from helpers import SampleBook, SampleBooks

from tracker import notebook
from tracker.check import CheckResult, check
from tracker.definition import Tracker, bundled_tracker_ids, bundled_tracker_path, load_tracker
from tracker.entry_workbook import write_template
from tracker.notices import Notice, compose_notices
from tracker.report.write import write_reports
from tracker.sample import sample_path
from tracker.sources import XlsxSource
from tracker.weekly import Workspace

OLD, NEW = "quang-tri-2023-phong-chong-mua-ban-nguoi", "quang-tri-2026-lua-dao-truc-tuyen"
SRC = Path(__file__).parents[1] / "src" / "tracker"
# Words that belonged to the first directive and crept into code before: never in a .py or .j2 file.
CODE_WORDS = ("huyện", "cao điểm", "mua bán người", "Quảng Trị", "VHTT", "2023", "Đông Hà", "Tuần 2 tháng 7")


def _workbook_text(path: Path) -> Iterator[str]:
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        yield ws.title
        for row in ws.iter_rows(values_only=True):
            yield from (str(v) for v in row if v is not None)
        for dv in ws.data_validations.dataValidation:
            yield from (t for t in (dv.prompt, dv.error, dv.promptTitle, dv.errorTitle) if t)


def _everything(sample: SampleBook, folder: Path) -> str:
    """All text a person can read that the program makes for this tracker's sample."""
    tracker = sample.tracker
    result = check(tracker, XlsxSource([sample.path]), sample.as_of)
    write_template(tracker, folder / "template.xlsx")
    paths = write_reports(result, folder / "report")
    firm = {u: tracker.reminders.firm_after + 1 for u in result.evaluation.lagging_units()[:1]}
    notices = compose_notices(result, streaks=firm) + _acknowledgement(result)
    kinds = {n.level for n in notices}
    assert kinds >= {"reminder", "firm", "digest", "ack"}, kinds
    parts = [*_workbook_text(folder / "template.xlsx"), *_workbook_text(paths["xlsx"]),
             paths["html"].read_text(encoding="utf-8"), paths["json"].read_text(encoding="utf-8"),
             notebook.summary_html(result), notebook.heatmap_html(result), notebook.chart_html(result),
             notebook.emails_html(notices), notebook.problems_frame(result).to_string(),
             notebook.matrix_frame(result).to_string(),
             notebook.lookout_frame(result, Workspace.of(tracker, folder)).to_string(),
             notebook.decisions_frame(result).to_string()]
    for n in notices:
        parts += [n.subject, n.text, n.html]
        for _, content in n.attachments:
            (folder / "attachment.xlsx").write_bytes(content)
            parts += list(_workbook_text(folder / "attachment.xlsx"))
    return "\n".join(parts)


def _acknowledgement(result: CheckResult) -> list[Notice]:
    """The ack e-mail for a unit that did all that applies to it (made so if the sample has none)."""
    from tracker.report.html import environment

    t = result.tracker
    env = environment(None)
    unit = t.units[0]
    ctx = {"t": t, "as_of": result.as_of, "unit": unit, "rows": [], "level": "ack", "subject": "x"}
    text = env.overlay(autoescape=False).get_template("notices/ack.txt.j2").render(**ctx)
    html = env.get_template("notices/ack.html.j2").render(**ctx)
    return [Notice(t.id, unit.id, result.as_of, "ack", ("a@example.org",), (), "ack", text, html, ())]


def _own_phrases(tracker: Tracker) -> set[str]:
    """Phrases only this tracker says: its campaign word, title, issuer, tasks, units and groups."""
    out = {tracker.title, tracker.terms.campaign, tracker.directive.issuer, tracker.directive.number,
           tracker.province.name, *(t.title for t in tracker.tasks), *(p.title for _, p in tracker.parts()),
           *(u.name for u in tracker.units), *(g.heading for g in tracker.groupings),
           *(v for u in tracker.units for v in u.labels.values())}
    return {p for p in out if len(p) >= 6}


@pytest.fixture(scope="module")
def outputs(sample_books: SampleBooks, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return {tid: _everything(sample_books[tid], tmp_path_factory.mktemp(tid)) for tid in (OLD, NEW)}


@pytest.mark.parametrize(("mine", "theirs"), [(OLD, NEW), (NEW, OLD)])
def test_no_tracker_words_appear_in_the_other_trackers_outputs(outputs: dict[str, str], mine: str, theirs: str) -> None:
    definition = bundled_tracker_path(mine).read_text(encoding="utf-8").lower()
    sample = sample_path(load_tracker(bundled_tracker_path(mine))).read_text(encoding="utf-8").lower()
    theirs_only = {p for p in _own_phrases(load_tracker(bundled_tracker_path(theirs)))
                   if p.lower() not in definition and p.lower() not in sample}
    theirs_only |= {w for w in ("cao điểm", "huyện", "mua bán người", "Tháng hành động", "lừa đảo trực tuyến")
                    if w.lower() not in definition and w.lower() not in sample}
    assert len(theirs_only) > 10
    text = outputs[mine].lower()
    leaked = sorted(p for p in theirs_only if p.lower() in text)
    assert leaked == []


def test_each_tracker_speaks_its_own_words(outputs: dict[str, str]) -> None:
    assert "Theo huyện, thị xã, thành phố" in outputs[OLD] and "đợt cao điểm" in outputs[OLD]
    assert "Theo cụm thi đua" in outputs[NEW] and "Tháng hành động" in outputs[NEW]
    assert "Không áp dụng" in outputs[NEW]
    findings = json.loads(next(m for m in re.finditer(r"^\{.*?^\}$", outputs[NEW], re.S | re.M)).group(0))
    assert findings["tracker"] == NEW


def test_code_and_templates_hold_no_directives_words() -> None:
    files = [p for p in SRC.rglob("*") if p.suffix in (".py", ".j2") and "trackers" not in p.parts]
    assert len(files) > 20
    found = {(str(p.relative_to(SRC)), w) for p in files for w in CODE_WORDS if w in p.read_text(encoding="utf-8")}
    assert found == set()


def test_both_bundled_trackers_are_listed() -> None:
    assert bundled_tracker_ids() == [OLD, NEW]


def test_notebook_helpers_show_not_applicable_parts(sample_books: SampleBooks, tmp_path: Path) -> None:
    sample = sample_books[NEW]
    t = sample.tracker
    ws = Workspace.of(t, tmp_path)
    result = notebook.run(t, str(sample.path), sample.as_of, workdir=tmp_path, workspace=ws)
    css = notebook.matrix_css(result)
    frame = notebook.matrix_frame(result)
    parts = [p.id for _, p in t.parts()]
    assert (frame[parts] == "Không áp dụng").to_numpy().sum() == sum(
        1 for p in result.evaluation.parts() if p.status == "not_applicable")
    assert "background-color: #EDEDED; color: #595959" in set(css.to_numpy().ravel())
    # a second check: the trend reads statuses of every kind
    notebook.run(t, str(sample.path), sample.as_of, workdir=tmp_path, workspace=ws)
    assert notebook.trend_frame(t, ws).shape == (len(t.units), 1)

