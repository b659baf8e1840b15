"""The docs' example trackers load, and every rule kind the format has is documented."""

from __future__ import annotations

import re
from pathlib import Path

from tracker.definition import RULE_KINDS, parse_tracker

DOC = Path(__file__).parents[1] / "docs" / "tracker-format.md"


def test_every_complete_example_tracker_in_the_format_doc_validates() -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    complete = [b for b in blocks if b.startswith("id:")]
    assert complete
    for block in complete:
        tracker = parse_tracker(block, label="docs/tracker-format.md")
        assert {p.rule.kind for _, p in tracker.parts()} >= {"count", "sum"}


def test_every_rule_kind_and_column_type_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for kind in RULE_KINDS:
        assert f"| `{kind}` |" in text
    for column_type in ("text", "integer", "date", "choice", "link", "docref", "period"):
        assert f"| `{column_type}` |" in text


def test_every_test_docs_security_names_exists() -> None:
    """docs/security.md names a test for each guarantee: `file.py::test` or, after one, `::test` of that file."""
    import ast

    text = (DOC.parent / "security.md").read_text(encoding="utf-8")
    named: list[tuple[str, str]] = []
    current = ""
    for file, test in re.findall(r"`(?:(test_\w+\.py))?::(test_\w+)", text):
        current = file or current
        assert current, f"{test} named before any test file"
        named.append((current, test))
    assert len(named) >= 40
    tests = DOC.parents[1] / "tests"
    defined = {f.name: {n.name for n in ast.walk(ast.parse(f.read_text(encoding="utf-8"))) if
                        isinstance(n, ast.FunctionDef) and n.name.startswith("test_")} for f in tests.glob("test_*.py")}
    assert [(f, t) for f, t in named if t not in defined.get(f, set())] == []
