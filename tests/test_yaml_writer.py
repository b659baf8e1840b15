"""One writer for the tracker YAML (tracker.authoring.yaml_writer): whatever a title, a name or a quote holds, the file
written reads back as the same values, through PyYAML and through the definition models."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tracker.authoring.registry import RegistryError
from tracker.authoring.scaffold import build
from tracker.authoring.yaml_writer import YamlLines, comment, flow, scalar
from tracker.cli import app
from tracker.definition import load_tracker, parse_tracker
from tracker.text import CONTROL

runner = CliRunner()

# Any text at all, save lone surrogates (no file can hold them): line feeds, quotes, colons, '#',
# leading '-' or '=', YAML's own words (null, yes, 1e3, 2026-05-12), NEL, LINE SEPARATOR, BOM, controls.
ANY_TEXT = st.text(alphabet=st.characters(codec=None, exclude_categories=["Cs"]))
TRICKY = st.sampled_from(["", " ", "null", "~", "yes", "No", "on", "1", "0x1F", "1_000", "1e3", ".inf", "2026-05-12",
                          "12:30", "- a", "=SUM(A1)", "a: b", "#x", "x #y", "'", '"', "\\", "\n", "a\nid: x",
                          "\r\n", "\x85", "\u2028", "\ufeff", "\x00", "\x7f", "\t", "Xã Cửa Tùng", "…/KH-UBND",
                          "&a *b !c %d @e `f |g >h", "[1]", "{a: 1}", "? x"])
TEXT = st.one_of(TRICKY, ANY_TEXT)
# What a tracker may hold: the definition refuses control characters (tracker.text.CONTROL) at their line.
TRACKER_TEXT = st.one_of(TRICKY.filter(lambda text: CONTROL.search(text) is None), st.text(alphabet=st.characters(codec=None, exclude_categories=["Cs"]).filter(
    lambda ch: CONTROL.match(ch) is None)))


@settings(max_examples=400)
@given(TEXT, TEXT)
def test_any_text_written_as_a_scalar_or_comment_reads_back_unchanged(value: str, note: str) -> None:
    y = YamlLines().comment(note).field("k", value, note=note).open("m").field(value, [value, 1, None], 2)
    y.open("l", note=note).item_field("id", value, 2, note).field("q", value, 4).comment(note, 4)
    assert yaml.safe_load(y.text()) == {"k": value, "m": {value: [value, 1, None]}, "l": [{"id": value, "q": value}]}


@settings(max_examples=300)
@given(st.dictionaries(TEXT, st.one_of(TEXT, st.integers(), st.booleans(), st.none(), st.dates()), max_size=4))
def test_flow_mappings_read_back_unchanged(value: dict[str, object]) -> None:
    assert yaml.safe_load(f"k: {flow(value)}\n") == {"k": value}


def test_plain_words_stay_plain_and_the_rest_is_quoted() -> None:
    assert [scalar(v) for v in ("xa-cua-tung", "1", "2026-05-12", "yes", "Xã", "a: b", None, 3, True,
                                date(2026, 5, 12))] == [
        "xa-cua-tung", '"1"', '"2026-05-12"', '"yes"', '"Xã"', '"a: b"', "null", "3", "true", "2026-05-12"]
    assert scalar("a\u2028b\x00\x7f\ufeff\"\\") == '"a\\Lb\\0\\x7F\\uFEFF\\"\\\\"'
    assert comment("first\nid: injected\r\nthird") == "# first / id: injected / third"


def _minimal(y: YamlLines, title: str, name: str, quote: str) -> str:
    """A tracker written with the writer from arbitrary strings, as the two generators write theirs."""
    y.field("id", "t").field("title", title).open("directive").field("number", name, 2).field("issuer", name, 2)
    y.field("dated", quote, 2).field("subject", title, 2).open("campaign").field("start", date(2026, 5, 1), 2)
    y.field("end", date(2026, 6, 30), 2).open("province").field("name", name, 2).open("units")
    y.item({"id": "u1", "name": name, "sheet": "Đơn vị 1", "labels": {"loai": name}}, 2)
    y.open("lists").open("tasks", 2).item({"value": "1", "label": "Nhiệm vụ"}, 4)
    y.open("tasks").item_field("id", "1", 2).field("title", title, 4).field("quote", quote, 4).open("parts", 4)
    y.item_field("id", "1a", 6).field("title", title, 8).field("quote", quote, 8).field("due", date(2026, 6, 1), 8)
    y.field("rule", {"kind": "count", "tags": ["1"], "min": 1}, 8, quote)
    return y.text()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TRACKER_TEXT, TRACKER_TEXT, TRACKER_TEXT)
def test_a_tracker_written_from_any_strings_loads_with_the_same_values(title: str, name: str, quote: str) -> None:
    t = parse_tracker(_minimal(YamlLines().comment(title), title, name, quote))
    assert (t.title, t.directive.issuer, t.directive.dated, t.units[0].name, t.units[0].labels["loai"]) == (
        title, name, quote, name, name)
    assert (t.tasks[0].title, t.tasks[0].quote, t.tasks[0].parts[0].title, t.tasks[0].parts[0].quote) == (
        title, quote, title, quote)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TRACKER_TEXT)
def test_tracker_new_keeps_any_title_as_its_title(title: str) -> None:
    made = build("Quảng Trị", "qt-thu", title, only=["dac-khu"], today=date(2026, 5, 1))
    assert made.tracker.title == title
    assert made.tracker.spreadsheets[0].title == title


def test_tracker_new_refuses_a_title_with_a_control_character_in_one_line() -> None:
    with pytest.raises(RegistryError) as refused:
        build("Quảng Trị", "qt-thu", "Kế hoạch\x00 số 1\x1f", only=["dac-khu"], today=date(2026, 5, 1))
    assert str(refused.value) == ("--title holds the control character(s) U+0000, U+001F: invisible, and no workbook, "
                                  "letter or e-mail can hold them; remove them")
    result = runner.invoke(app, ["new", "--province", "Quảng Trị", "--only", "dac-khu", "--id", "qt-thu",
                                 "--title", "a\x07b"])
    assert result.exit_code == 2 or result.exit_code == 1
    assert "--title có ký tự điều khiển U+0007" in result.output


def test_tracker_new_title_with_a_line_feed_cannot_add_keys(tmp_path: Path) -> None:
    out = tmp_path / "t.yaml"
    title = "Kế hoạch\nillustrative: true\nhistory: /etc/passwd"
    result = runner.invoke(app, ["new", "--province", "Quảng Trị", "--only", "dac-khu", "--id", "qt-thu",
                                 "--title", title, "--out", str(out)])
    assert result.exit_code == 0, result.output
    t = load_tracker(out)
    assert (t.title, t.illustrative, t.history) == (title, False, None)
    assert out.read_text(encoding="utf-8").startswith(
        "# Tracker for Kế hoạch / illustrative: true / history: /etc/passwd. Generated by `tracker new`")


@pytest.mark.parametrize("name", ["a\nid: evil.txt", "#x.txt"])
def test_a_file_name_with_a_line_feed_stays_in_the_drafts_comment(tmp_path: Path, name: str) -> None:
    source = tmp_path / name
    source.write_text("UBND TỈNH QUẢNG TRỊ\nSố: 1/UBND\nQuảng Trị, ngày 02 tháng 9 năm 2025\nV/v thử\n"
                      "1. Báo cáo trước ngày 10/9/2025.\n", encoding="utf-8")
    out = tmp_path / "d.yaml"
    result = runner.invoke(app, ["draft", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["id"] != "x" and "evil" not in str(data.get("id"))


def test_a_code_of_digits_is_always_quoted() -> None:
    # YAML reads 00008 as text and 00070 as the number 56: a draft wrote the first bare and the second quoted, and
    # an officer copying the bare form for another code got a number (Hà Nội's communes, QĐ 2280's draft).
    assert [scalar(v) for v in ("00008", "09556", "00070", "2.2.1")] == ['"00008"', '"09556"', '"00070"', "2.2.1"]
