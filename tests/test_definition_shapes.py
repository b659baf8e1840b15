"""Tracker YAML whose shape, not its fields, is hostile: values nested thousands deep, aliases of aliases. Each is
one line naming the file (and the line where known), never a RecursionError traceback or a run that never ends."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tracker import definition
from tracker.cli import app
from tracker.definition import (
    MAX_YAML_DEPTH,
    OutsizedYAMLError,
    _UniqueKeyLoader,
    bundled_tracker_path,
    load_yaml,
    parse_tracker,
)
from tracker.errors import DefinitionError

BUNDLED = bundled_tracker_path().read_text(encoding="utf-8")
NESTED = "\ntitle: Cao"
HEAD = "Lỗi trong tệp định nghĩa tracker — 1 lỗi (tệp:dòng: trường: nội dung):\n"


def _with_line_before_title(line: str) -> str:
    assert BUNDLED.count(NESTED) == 1
    return BUNDLED.replace(NESTED, f"\n{line}{NESTED}", 1)


@pytest.mark.parametrize("levels", [200, 500, 900])
def test_values_nested_hundreds_deep_are_one_line_naming_the_line(tmp_path: Path, levels: int) -> None:
    path = tmp_path / "sau.yaml"
    path.write_text(_with_line_before_title("ghi_chu: " + "[" * levels + "]" * levels), encoding="utf-8")
    line = BUNDLED[:BUNDLED.index(NESTED)].count("\n") + 2
    run = CliRunner().invoke(app, ["validate-definition", str(path)])
    assert (run.exit_code, run.output) == (2, f"{HEAD}  {path}:{line}: (đầu tệp): tệp lồng các giá trị sâu quá "
                                              f"{MAX_YAML_DEPTH} tầng; tệp định nghĩa tracker không cần nhiều tầng "
                                              "như vậy\n")


def test_values_nested_thousands_deep_are_refused_by_either_parser() -> None:
    text = "a: " + "[" * 5000 + "]" * 5000
    with pytest.raises(DefinitionError) as caught:
        parse_tracker(text, label="sau.yaml")
    assert [p.vi_line() for p in caught.value.problems] == [
        f"sau.yaml: (đầu tệp): tệp lồng các giá trị sâu quá {MAX_YAML_DEPTH} tầng; tệp định nghĩa tracker không cần "
        "nhiều tầng như vậy"]
    with pytest.raises(OutsizedYAMLError):  # the pure-Python parser, used without libyaml
        load_yaml("a: " + "[" * 300 + "]" * 300, loaders=(_UniqueKeyLoader,))


def test_aliases_of_aliases_are_refused_instead_of_expanded(tmp_path: Path) -> None:
    lines = ['lol0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 10)]  # 10^10 values expanded
    path = tmp_path / "cuoi.yaml"
    path.write_text("\n".join(lines) + "\n" + BUNDLED, encoding="utf-8")
    run = CliRunner().invoke(app, ["validate-definition", str(path)])
    assert (run.exit_code, run.output) == (2, f"{HEAD}  {path}:7: (đầu tệp): các tham chiếu (*tên) trong tệp nhân lên "
                                              "thành quá nhiều giá trị (hơn hai triệu); hãy viết thẳng các giá trị "
                                              "thay vì tham chiếu lồng nhau\n")


def test_an_alias_used_as_meant_still_loads() -> None:
    text = BUNDLED.replace("campaign:\n  start:", "campaign: &dot\n  start:", 1).replace(
        "\nrhythm:", "\nghi_chu_dot: *dot\nrhythm:", 1)
    with pytest.raises(DefinitionError) as caught:  # the alias is read; the unknown field is the only problem
        parse_tracker(text, label="t.yaml")
    assert [p.field for p in caught.value.problems] == ["ghi_chu_dot"]
    tracker = parse_tracker(BUNDLED.replace("campaign:\n  start:", "campaign: &dot\n  start:", 1), label="t.yaml")
    assert tracker.campaign.end.isoformat() == "2023-09-30"


def test_a_cooldown_past_a_year_is_a_definition_error_at_its_line() -> None:
    """99999999999999999 days passed validation, then ended every `remind` in an OverflowError traceback."""
    text = BUNDLED.replace("cooldown_days: 6", "cooldown_days: 99999999999999999", 1)
    with pytest.raises(DefinitionError) as caught:
        parse_tracker(text, label="t.yaml")
    line = text[:text.index("cooldown_days:")].count("\n") + 1
    assert [p.vi_line() for p in caught.value.problems] == [
        f"t.yaml:{line}: reminders.cooldown_days: phải nhỏ hơn hoặc bằng 366"]


@pytest.mark.parametrize(("old", "new", "said"), [
    ("  end: 2023-09-30", "  end: 9999-12-31", "campaign.end: năm 9999 nằm ngoài khoảng 1900–2199: có gõ nhầm năm không?"),
    ("  start: 2023-07-01", "  start: 0001-07-01",
     "campaign.start: năm 1 nằm ngoài khoảng 1900–2199: có gõ nhầm năm không?"),
])
def test_a_campaign_at_the_ends_of_the_calendar_is_a_definition_error_not_a_traceback_in_check(
        old: str, new: str, said: str, sample_book: Path, tmp_path: Path) -> None:
    """9999-12-31 and 0001-07-01 passed validation; every check then ran off the calendar (OverflowError)."""
    text = BUNDLED.replace(old, new, 1).replace("text_file: texts/", f"text_file: {bundled_tracker_path().parent}/texts/")
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    line = text[:text.index(new)].count("\n") + 1
    run = CliRunner().invoke(app, ["check", str(path), "-s", str(sample_book), "--as-of", "2023-08-18",
                                   "--no-history", "-o", str(tmp_path / "r")])
    assert (run.exit_code, run.output) == (2, f"{HEAD}  {path}:{line}: {said}\n")


_STR = "tag:yaml.org,2002:str"


@st.composite
def _node_graphs(draw: st.DrawFn) -> yaml.Node:
    """A YAML node tree of mappings, sequences and scalars, where a node may appear again (an alias)."""
    made: list[yaml.Node] = []

    def build(level: int) -> yaml.Node:
        kind = draw(st.sampled_from(["scalar", "seq", "map", "alias"] if made else ["scalar", "seq", "map"]))
        if kind == "alias":
            return draw(st.sampled_from(made))
        node: yaml.Node
        if kind == "scalar" or level > 9:
            node = yaml.ScalarNode(_STR, "x")
        elif kind == "seq":
            node = yaml.SequenceNode("tag:yaml.org,2002:seq", [build(level + 1) for _ in range(draw(st.integers(0, 3)))])
        else:
            node = yaml.MappingNode("tag:yaml.org,2002:map", [(yaml.ScalarNode(_STR, f"k{i}"), build(level + 1))
                                                              for i in range(draw(st.integers(0, 3)))])
        node.start_mark = yaml.Mark("t.yaml", len(made), len(made), 0, "", 0)  # each node its own line
        made.append(node)
        return node

    return build(1)


def _refusal(walk: Any, root: yaml.Node) -> tuple[str, int] | None:
    try:
        walk(root)
    except OutsizedYAMLError as exc:
        assert exc.problem_mark is not None
        return str(exc.problem), exc.problem_mark.line  # the node it names: each generated node has a line of its own
    return None


@settings(max_examples=400, deadline=None)
@given(root=_node_graphs(), depth=st.integers(2, 8), values=st.integers(5, 60))
def test_the_quick_walk_of_a_definition_refuses_what_the_exact_walk_refuses(
        root: yaml.Node, depth: int, values: int) -> None:
    """Issue 29: a file without aliases within the limits is passed by one plain walk; every other verdict (refused,
    and at which node) stays the exact walk's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(definition, "MAX_YAML_DEPTH", depth)
        patch.setattr(definition, "MAX_YAML_VALUES", values)
        assert _refusal(definition._refuse_outsized, root) == _refusal(definition._refuse_outsized_exactly, root)
