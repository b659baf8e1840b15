from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tracker.cli import app
from tracker.definition import bundled_tracker_path, load_tracker, parse_tracker
from tracker.errors import DefinitionError

BUNDLED = bundled_tracker_path().read_text(encoding="utf-8")


def test_bundled_tracker_has_twenty_units_and_seven_parts() -> None:
    t = load_tracker(bundled_tracker_path())
    assert len(t.units) == 20
    assert len({u.district for u in t.units}) == 10
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
    assert ok.output.startswith("OK: ")
    bad = tmp_path / "bad.yaml"
    bad.write_text(BUNDLED.replace("title: Cao điểm", "titel: Cao điểm", 1), encoding="utf-8")
    result = runner.invoke(app, ["validate-definition", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:4: titel: unknown field" in result.output
    assert "Traceback" not in result.output


def test_oversized_definition_is_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as f:
        f.truncate(50_000_000)  # sparse: 50 MB on paper, nothing to read
    result = CliRunner().invoke(app, ["validate-definition", str(big)])
    assert result.exit_code == 2
    assert result.output == (f"Definition error — 1 problem(s):\n  {big}: (top): the file is 50,000,000 bytes; a "
                             "tracker definition may not exceed 2,000,000 (is this the right file?)\n")
