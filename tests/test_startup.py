"""Start-up: the command line's help loads none of the library's heavy modules (issue 29: every command paid
about 0.4 s of imports). Checked in a fresh interpreter, by the modules it holds, never by a clock."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("pydantic", "openpyxl", "jinja2", "docx", "docxtpl", "gspread", "pdfplumber", "yaml", "python_calamine",
         "numpy", "email_validator", "tracker.definition", "tracker.check", "tracker.report", "rich", "logging",
         "sqlite3", "filelock")

PROBE = """
import json, sys
sys.argv = ["tracker", *json.loads(sys.argv[1])]
from tracker.cli import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)))
"""


def _modules_after(*args: str) -> set[str]:
    proc = subprocess.run([sys.executable, "-c", PROBE, json.dumps(list(args))], capture_output=True, text=True,
                          check=True, timeout=120)
    return set(json.loads(proc.stdout.strip().splitlines()[-1]))


def test_help_imports_no_heavy_module() -> None:
    loaded = _modules_after("--help")
    assert "typer" in loaded and "tracker.cli" in loaded
    assert sorted(m for m in HEAVY if m in loaded) == []


def test_a_commands_help_imports_no_heavy_module_either() -> None:
    loaded = _modules_after("check", "--help")
    assert "tracker.cli" in loaded
    # typer itself imports pydantic (typer._adapters) to build a command's parameters: not ours to avoid; the log is
    # configured before any command's own parsing (the app's callback), its help included
    assert sorted(m for m in HEAVY if m in loaded and m not in ("pydantic", "logging")) == []


def test_the_package_still_offers_tracker_and_load_tracker() -> None:
    import tracker
    from tracker.definition import Tracker, load_tracker

    assert tracker.Tracker is Tracker and tracker.load_tracker is load_tracker
    assert {"Tracker", "load_tracker"} <= set(dir(tracker)) | set(tracker.__all__)
