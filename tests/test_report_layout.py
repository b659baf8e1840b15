"""report.html laid out by a real browser (headless Chromium): the headline cards and the weekly chart at a
desktop's 1280 px and a phone's 390 px. Skips, saying so, where Chromium is not installed."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tracker.cli import app
from tracker.definition import bundled_tracker_path

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed: report.html's layout is not "
                                                          "measured (apt-get install chromium)")

# The report in an iframe of the width measured (a headless window is never narrower than 500 px), and what the
# browser laid out, read back from the DOM once it loaded.
PROBE = """<!doctype html><html><body style="margin:0">
<iframe id="f" width="{width}" height="900" style="border:0" srcdoc="{page}"></iframe>
<script>
document.getElementById("f").addEventListener("load", () => {{
  const d = document.getElementById("f").contentDocument;
  const rows = {{}};
  for (const k of d.querySelectorAll(".kpi")) {{
    const top = Math.round(k.getBoundingClientRect().top);
    rows[top] = (rows[top] || 0) + 1;
  }}
  const svg = d.querySelector("svg.chart"), box = svg.parentElement;
  const total = [...svg.querySelectorAll("text")].filter(t => t.textContent.startsWith("tổng"));
  document.body.setAttribute("data-probe", JSON.stringify({{
    cards_per_row: Object.keys(rows).sort((a, b) => a - b).map(t => rows[t]),
    chart_scrolls: box.scrollWidth > box.clientWidth,
    totals_inside: total.length > 0 && total.every(t => t.getBoundingClientRect().right <= box.getBoundingClientRect().right),
  }}));
}});
</script></body></html>"""


def _layout(report: Path, width: int, tmp_path: Path) -> dict[str, object]:
    probe = tmp_path / f"probe-{width}.html"
    probe.write_text(PROBE.format(width=width, page=html.escape(report.read_text(encoding="utf-8"), quote=True)),
                     encoding="utf-8")
    assert CHROMIUM is not None
    dom = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000",
                          "--dump-dom", probe.as_uri()], capture_output=True, text=True, timeout=120).stdout
    found = re.search(r'data-probe="([^"]*)"', dom)
    assert found, dom[-500:]
    return dict(json.loads(html.unescape(found.group(1))))


@pytest.fixture(scope="module")
def report(sample_book: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("layout")
    run = CliRunner().invoke(app, ["check", str(bundled_tracker_path()), "-s", str(sample_book), "--as-of", "2023-08-18",
                                   "--no-history", "--out", str(out)])
    assert run.exit_code == 0, run.output
    return out / "report.html"


def test_the_six_headline_cards_fill_one_row_on_a_desktop(report: Path, tmp_path: Path) -> None:
    assert _layout(report, 1280, tmp_path)["cards_per_row"] == [6]


def test_on_a_phone_the_cards_pair_up_and_the_weekly_chart_fits_with_its_totals(report: Path, tmp_path: Path) -> None:
    assert _layout(report, 390, tmp_path) == {"cards_per_row": [2, 2, 2], "chart_scrolls": False, "totals_inside": True}
