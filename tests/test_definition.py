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
from tracker.definition import YAML_LOADERS, Filter, bundled_tracker_path, load_tracker, load_yaml, parse_tracker
from tracker.errors import DefinitionError
from tracker.sample import synthetic_yaml

BUNDLED = bundled_tracker_path().read_text(encoding="utf-8")


def test_bundled_tracker_has_twenty_units_and_seven_parts() -> None:
    t = load_tracker(bundled_tracker_path())
    assert len(t.units) == 20
    assert len({u.labels["huyen"] for u in t.units}) == 10
    assert [p.id for _, p in t.parts()] == ["1a", "1b", "1c", "2a", "2b", "3a", "3b"]
    assert all(u.contacts and all(c.endswith("@example.org") for c in u.contacts) for u in t.units)
    assert "Kính gửi" in t.directive_text()


def _line_of(text: str, needle: str) -> int:
    return [i for i, line in enumerate(text.splitlines(), start=1) if needle in line][-1]


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        ("title: Cao điểm", "titel: Cao điểm", "titel", "unknown field"),
        ("  start: 2023-07-01", "  start: tháng bảy", "campaign.start", "date"),
        ("  - id: cam-lo-trung-tam", "  - id: cam-lo-phong-vhtt", "units[9].id", "duplicate unit id"),
        ("    sheet: Hải Lăng - TT VHTT-TT", "    sheet: Trung tâm Văn hóa Thông tin Hải Lăng 2023", "units[13].sheet", "31"),
        ("    sheet: Gio Linh - Phòng VHTT", "    sheet: Gio Linh / Phòng VHTT", "units[6].sheet", "forbidden"),
        ("          window: {start: 2023-07-23, end: 2023-08-06}", "          window: {start: 2023-06-23, end: 2023-08-06}",
         "tasks[0].parts[1].rule.window", "outside the campaign"),
        ("        rule: {kind: count, tags: [2a], min: 1}", "        rule: {kind: count, tags: [2c], min: 1}",
         "tasks[1].parts[0].rule.tags[0]", "unknown task tag"),
        ('          forms: ["Chuyên trang, chuyên mục, chương trình"]', '          forms: ["Trang riêng"]',
         "tasks[2].parts[1].rule.forms[0]", "unknown form"),
        ("              audiences: [\"Cán bộ, công chức, viên chức, người lao động\"]",
         "              audiences: [\"Cán bộ\"]", "tasks[0].parts[2].rule.groups[0].audiences[0]", "unknown audience"),
        # ids travel into file names, ledger keys and headers: no path, no line break
        ("  - id: cam-lo-trung-tam", "  - id: ../../etc/cam-lo", "units[9].id", "must be 1-64 characters"),
        ("  - id: cam-lo-trung-tam", '  - id: "cam-lo\\r\\nBcc: x@example.org"', "units[9].id", "must be 1-64"),
        ("id: quang-tri-2023-phong-chong-mua-ban-nguoi", "id: Quảng Trị 2023", "id", "must be 1-64 characters"),
        # impossible dates and times, a mailbox that needs SMTPUTF8, a link that is not http(s)
        ("  start: 2023-07-01", "  start: 2023-02-30", "campaign.start", "day value is outside expected range"),
        ('  deadline_time: "17:00"', "  deadline_time: 25:61", "rhythm.deadline_time", "must be HH:MM"),
        ("    contacts: [phongvhtt.dongha@example.org]", "    contacts: [phòng.vhtt@example.org]",
         "units[0].contacts[0]", "Internationalized characters before the @-sign are not supported"),
        ("province:\n", "province:\n  sheet_url: javascript:alert(1)\n", "province.sheet_url", "http:// or https://"),
    ],
)
def test_bad_definition_names_file_line_and_field(old: str, new: str, field: str, words: str) -> None:
    assert old in BUNDLED, old
    text = BUNDLED.replace(old, new, 1)
    with pytest.raises(DefinitionError) as info:
        parse_tracker(text, label="bad.yaml")
    problems = info.value.problems
    match = [p for p in problems if p.field == field]
    assert match, [str(p) for p in problems]
    assert words in match[0].message
    assert match[0].file == "bad.yaml"
    assert match[0].line == _line_of(text, new.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("old", "new", "field", "vietnamese"),
    [
        ("  start: 2023-07-01", "  start:", "campaign.start", "cần một ngày, viết YYYY-MM-DD, ví dụ 2026-05-29 (đang để trống)"),
        ("  start: 2023-07-01", "  start: 01/07/2023", "campaign.start",
         "ngày phải viết YYYY-MM-DD, ví dụ 2026-05-29 (đang ghi '01/07/2023')"),
        ('  deadline_time: "17:00"', "  deadline_time: 25:61", "rhythm.deadline_time",
         'giờ phải viết HH:MM (24 giờ), ví dụ "17:00"'),
        ("  deadline_weekday: thursday", "  deadline_weekday: thu-nam", "rhythm.deadline_weekday",
         "phải là một trong: 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'"),
        ("  end: 2023-09-30", "  end: 2023-06-30", "campaign.end", "ngày kết thúc đợt (end) ở trước ngày bắt đầu (start)"),
        ("title: Cao điểm", "titel: Cao điểm", "titel",
         "định dạng không có trường 'titel': có phải là 'title'? (xem docs/tracker-format.md)"),
    ],
)
def test_the_definitions_problems_are_said_in_vietnamese(old: str, new: str, field: str, vietnamese: str) -> None:
    assert old in BUNDLED, old
    text = BUNDLED.replace(old, new, 1)
    with pytest.raises(DefinitionError) as info:
        parse_tracker(text, label="bad.yaml")
    match = [p for p in info.value.problems if p.field == field]
    assert match, [str(p) for p in info.value.problems]
    line = BUNDLED[:BUNDLED.index(old)].count("\n") + 1
    assert match[0].vi_line() == f"bad.yaml:{line}: {field}: {vietnamese}"
    assert match[0].vi_line() in (info.value.vi or "")  # the notebook's words too


def test_duplicate_unit_id_points_at_the_second_unit_line() -> None:
    text = BUNDLED.replace("  - id: cam-lo-trung-tam", "  - id: cam-lo-phong-vhtt", 1)
    with pytest.raises(DefinitionError) as info:
        parse_tracker(text, label="bad.yaml")
    problem = next(p for p in info.value.problems if "duplicate unit id" in p.message)
    second = [i for i, line in enumerate(text.splitlines(), start=1) if "- id: cam-lo-phong-vhtt" in line][1]
    assert problem.line == second


def test_yaml_syntax_error_gives_line_not_traceback() -> None:
    text = BUNDLED.replace("campaign:\n", "campaign: [\n", 1)
    with pytest.raises(DefinitionError) as info:
        parse_tracker(text, label="bad.yaml")
    assert info.value.problems[0].line is not None
    assert "YAML syntax" in info.value.problems[0].message


def test_duplicate_yaml_key_is_refused() -> None:
    text = BUNDLED.replace("campaign:\n", "title: again\ncampaign:\n", 1)
    with pytest.raises(DefinitionError, match="duplicate key 'title'"):
        parse_tracker(text, label="bad.yaml")


def test_validate_definition_cli_ok_and_bad(tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(app, ["validate-definition", str(bundled_tracker_path())])
    assert ok.exit_code == 0
    assert ok.output.startswith("Hợp lệ: ")
    bad = tmp_path / "bad.yaml"
    bad.write_text(BUNDLED.replace("title: Cao điểm", "titel: Cao điểm", 1), encoding="utf-8")
    result = runner.invoke(app, ["validate-definition", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:4: titel: định dạng không có trường 'titel': có phải là 'title'?" in result.output
    assert "Traceback" not in result.output


SMALL = (Path(__file__).parent / "data" / "trackers" / "xa-mau.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("old", "new", "message"), [
    ("title: Cao điểm", "titel: Cao điểm",
     "unknown field 'titel': did you mean 'title'? (see docs/tracker-format.md)"),
    ("  start: 2023-07-01", "  start: 01/07/2023",
     "a date must be YYYY-MM-DD, for example 2026-05-29 (found '01/07/2023')"),
    ("          window: {start: 2023-07-23, end: 2023-08-06}", "          window: {start: 2023-06-23, end: 2023-08-06}",
     "window 2023-06-23 – 2023-08-06 lies outside the campaign (2023-07-01 – 2023-09-30)"),
    ("  check_weekday: friday", "  check_weekday: friday\n  reminder_hour: 9",
     "unknown field 'reminder_hour': the format has no such field here (fields allowed here: check_weekday, "
     "deadline_time, deadline_weekday, timezone)"),
])
def test_definition_errors_say_how_to_fix_them(old: str, new: str, message: str) -> None:
    assert old in BUNDLED, old
    with pytest.raises(DefinitionError) as info:
        parse_tracker(BUNDLED.replace(old, new, 1), label="bad.yaml")
    messages = [p.message for p in info.value.problems]
    assert message in messages
    assert len(messages) == (2 if "titel" in new else 1)  # a renamed required field is also missing


@pytest.mark.parametrize(("old", "new", "field", "message"), [
    ("        rule: {kind: count, tags: [BC]}\n      - {id: tk",
     "        rule: {kind: sum, column: participants, target: 3}\n      - {id: tk",
     "tasks[2].parts[0].rule.kind", "a recurring part is judged period by period with a count or evidence rule"),
    ("recurs: {every: week, weekday: thursday,", "recurs: {every: week,", "tasks[2].parts[0].recurs.weekday",
     "a weekly schedule needs the weekday it falls due (monday … sunday)"),
    ("applies_to: {labels: {khu-vuc: [Ven biển]}}", "applies_to: {labels: {khu-vuc: [Ven bien]}}",
     "tasks[1].parts[3].applies_to.labels.khu-vuc", "no unit has the label khu-vuc: 'Ven bien'"),
    ("applies_to: {units: [so-gd]}", "applies_to: {units: [so-gd-x]}", "tasks[1].parts[5].applies_to.units[0]",
     "unknown unit 'so-gd-x'"),
    ("rule: {kind: sum, column: so-truong, target_from: truong-hoc}",
     "rule: {kind: sum, column: so-truong, target_from: lop-hoc}", "tasks[1].parts[2].rule.target_from",
     "4 unit(s) bound by this part have no targets.lop-hoc: xa-a, xa-b, phuong-c, xa-d"),
    ("{key: so-truong, header: Số trường học, type: integer}", "{key: so-truong, header: Số trường học}",
     "columns[10].type", "a column of the tracker's own needs a type: text, integer, date, choice, link, docref or period"),
    ("  - {label: cum, name: Cụm thi đua", "  - {label: nhom, name: Cụm thi đua", "groupings[0].label",
     "no unit has the label 'nhom'"),
    ("      - {id: nguoi, title: 500 người, due: 2026-06-28,", "      - {id: nguoi, title: 500 người,",
     "tasks[1].parts[1]", "a part needs exactly one of `due` (a date) or `recurs` (a schedule)"),
])
def test_new_fields_are_checked_with_line_and_field(old: str, new: str, field: str, message: str) -> None:
    assert old in SMALL, old
    text = SMALL.replace(old, new, 1)
    with pytest.raises(DefinitionError) as info:
        parse_tracker(text, label="small.yaml")
    found = [(p.field, p.message) for p in info.value.problems]
    assert (field, message) in found, found
    assert all(p.line for p in info.value.problems)
def test_oversized_definition_is_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as f:
        f.truncate(50_000_000)  # sparse: 50 MB on paper, nothing to read
    result = CliRunner().invoke(app, ["validate-definition", str(big)])
    assert result.exit_code == 2
    assert result.output == (f"Lỗi trong tệp định nghĩa tracker — 1 lỗi (tệp:dòng: trường: nội dung):\n  {big}: (đầu tệp): tệp nặng "
                             "50,000,000 byte; tệp định nghĩa tracker không quá 2,000,000 byte (có đúng tệp không?)\n")


def test_official_domains_default_to_gov_vn_and_the_tracker_may_name_its_own() -> None:
    assert load_tracker(bundled_tracker_path()).review.official_domains == ["gov.vn"]
    text = BUNDLED.replace("province:\n", "review: {official_domains: [gov.vn, baoquangtri.vn]}\nprovince:\n", 1)
    assert parse_tracker(text, label="ok.yaml").review.official_domains == ["gov.vn", "baoquangtri.vn"]
    off = BUNDLED.replace("province:\n", "review: {official_domains: []}\nprovince:\n", 1)
    assert parse_tracker(off, label="ok.yaml").review.official_domains == []


@pytest.mark.parametrize("domain", ["https://gov.vn", "Gov.vn", ".gov.vn", "gov.vn/tin-tuc", "gov vn", "gov.vn."])
def test_an_official_domain_is_lower_case_without_scheme_or_path(domain: str) -> None:
    text = BUNDLED.replace("province:\n", f'review:\n  official_domains: [gov.vn, "{domain}"]\nprovince:\n', 1)
    with pytest.raises(DefinitionError) as info:
        parse_tracker(text, label="bad.yaml")
    [problem] = info.value.problems
    assert problem.field == "review.official_domains[1]"
    assert problem.message == (f"{domain!r} is not a domain: write it in lower case without scheme, path or "
                               "leading dot, for example gov.vn")
    assert problem.line == _line_of(text, "official_domains:")


def test_unit_lookup_by_id_finds_each_unit_and_refuses_an_unknown_id_with_key_error() -> None:
    t = load_tracker(bundled_tracker_path())
    assert [t.unit(u.id) for u in t.units] == t.units
    with pytest.raises(KeyError) as info:
        t.unit("no-such-unit")
    assert info.value.args == ("no-such-unit",)


def test_unit_lookup_follows_a_copy_with_other_units() -> None:
    t = load_tracker(bundled_tracker_path())
    first = t.unit(t.units[0].id)  # the index is built here, then copied along with the model
    renamed = t.model_copy(update={"units": [u.model_copy(update={"name": "Đổi tên"}) for u in t.units[:3]]})
    assert renamed.unit(first.id).name == "Đổi tên"
    with pytest.raises(KeyError):
        renamed.unit(t.units[3].id)
    assert t.unit(first.id) is first
    assert renamed == renamed.model_copy() and t == load_tracker(bundled_tracker_path())  # no field added


def _lines(node: Any) -> list[tuple[int, int, str]]:
    """Every node's start line and column, with its kind: what locating a field by its line reads."""
    out = [(node.start_mark.line, node.start_mark.column, type(node).__name__)]
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            out += _lines(key) + _lines(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            out += _lines(item)
    return out


YAML_FILES = sorted([*Path(bundled_tracker_path()).parent.glob("*.yaml"),
                     *(Path(__file__).parent / "data" / "trackers").glob("*.yaml")])


@pytest.mark.parametrize("path", YAML_FILES, ids=[p.name for p in YAML_FILES])
def test_libyaml_and_pure_python_loaders_read_the_same_data_and_lines(path: Path) -> None:
    assert yaml.__with_libyaml__ and len(YAML_LOADERS) == 2  # the fast path is what this compares
    text = path.read_text(encoding="utf-8")
    fast_data, fast_node = load_yaml(text, YAML_LOADERS[:1] + YAML_LOADERS[1:])
    data, node = load_yaml(text, YAML_LOADERS[1:])
    assert fast_data == data and _lines(fast_node) == _lines(node)
    assert (fast_data, _lines(fast_node)) == (yaml.load(text, Loader=yaml.SafeLoader),
                                            _lines(yaml.compose(text, Loader=yaml.SafeLoader)))


def test_a_synthetic_national_definition_loads_equal_through_either_loader() -> None:
    text = synthetic_yaml(400)
    fast = load_yaml(text)
    assert fast[0] == load_yaml(text, YAML_LOADERS[1:])[0]
    assert parse_tracker(text, label="x") == parse_tracker(text, label="x")


@pytest.mark.parametrize(("old", "new", "words"), [
    ("campaign:\n", "campaign: [\n", "YAML syntax: "),
    ("campaign:\n", "title: again\ncampaign:\n", "duplicate key 'title'"),
    ("  start: 2023-07-01", '  start: "\\ud800"', "control character"),
    ("  start: 2023-07-01", "  start: 2023-02-30", "day value is outside expected range"),
])
def test_a_file_the_fast_loader_refuses_is_told_as_the_pure_python_loader_tells_it(
        old: str, new: str, words: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = BUNDLED.replace(old, new, 1)
    with pytest.raises(DefinitionError) as fast:
        parse_tracker(text, label="bad.yaml")
    monkeypatch.setattr(definition, "YAML_LOADERS", YAML_LOADERS[1:])
    monkeypatch.setattr(definition.load_yaml, "__defaults__", (YAML_LOADERS[1:],))
    with pytest.raises(DefinitionError) as pure:
        parse_tracker(text, label="bad.yaml")
    assert [str(p) for p in fast.value.problems] == [str(p) for p in pure.value.problems]
    assert words in str(fast.value.problems[0])



@settings(max_examples=200, deadline=None)
@given(rule=st.lists(st.lists(st.sampled_from(["1", "2a", "x", "y"]), max_size=3), min_size=3, max_size=3),
       row=st.lists(st.lists(st.sampled_from(["1", "2a", "x", "y", "z"]), max_size=3), min_size=3, max_size=3))
def test_a_filter_selects_a_row_when_each_of_its_lists_is_empty_or_shares_an_item_with_the_rows(
        rule: list[list[str]], row: list[list[str]]) -> None:
    f = Filter(tags=rule[0], forms=rule[1], audiences=rule[2])
    expected = all(not wanted or any(item in wanted for item in have) for wanted, have in zip(rule, row, strict=True))
    assert f.selects(frozenset(row[0]), tuple(row[1]), tuple(row[2])) is expected
    other = f.model_copy(update={"tags": ["z"]})  # a copy carries the sets made for the original: never used
    assert other.selects(frozenset(row[0]), tuple(row[1]), tuple(row[2])) is all(
        not wanted or any(item in wanted for item in have)
        for wanted, have in zip([["z"], rule[1], rule[2]], row, strict=True))


def test_loading_a_definition_runs_no_pass_of_the_garbage_collector_and_leaves_it_running(tmp_path: Path) -> None:
    """Issue 29: a 3,321-unit definition took three full passes of the collector over its node tree and models (0.25
    of 0.64 CPU-s, nothing found); the loader pauses it as the check does (tracker.collector.bulk_allocation)."""
    import gc

    path = tmp_path / "t.yaml"
    path.write_text(synthetic_yaml(300), encoding="utf-8")
    passes: list[int] = []

    def counted(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            passes.append(info["generation"])

    assert gc.isenabled()
    gc.callbacks.append(counted)
    try:
        tracker = load_tracker(path)
    finally:
        gc.callbacks.remove(counted)
    assert passes == []
    assert gc.isenabled()
    assert len(tracker.units) == 300


def test_every_problem_the_definitions_checks_word_is_said_in_vietnamese() -> None:
    """Every message tracker.definition appends as (place, words) has its Vietnamese (tracker.definition_vi): a task
    tag or form a rule names that the lists lack, a sum over a column that is not a number, a schedule's month...
    were printed in English under validate-definition's Vietnamese heading (found writing a directive by hand)."""
    import ast

    from tracker import definition
    from tracker.definition_vi import in_vietnamese

    tree = ast.parse(Path(definition.__file__).read_text(encoding="utf-8"))
    worded: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "append" \
                and node.args and isinstance(node.args[0], ast.Tuple) and len(node.args[0].elts) == 2:
            words = node.args[0].elts[1]
            if isinstance(words, ast.Constant) and isinstance(words.value, str):
                worded.append((node.lineno, words.value))
            elif isinstance(words, ast.JoinedStr):  # each value as a value of its kind: 'x' where repr'd, else 1
                worded.append((node.lineno, "".join(
                    str(v.value) if isinstance(v, ast.Constant)
                    else "'x'" if isinstance(v, ast.FormattedValue) and v.conversion == ord("r") else "1"
                    for v in words.values)))
    assert len(worded) > 30
    assert [(line, text) for line, text in worded if in_vietnamese(text) == text] == []
