"""A text field typed as a bare number (a commune's code with its leading zeros) is told to be quoted, as typed."""

from __future__ import annotations

import pytest

from tracker.definition import bundled_tracker_path, parse_tracker
from tracker.definition_vi import in_vietnamese
from tracker.errors import DefinitionError

TRACKER = bundled_tracker_path("quang-tri-2026-lua-dao-truc-tuyen").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("typed", "english", "vi"),
    [
        # YAML reads 00070 as the octal number 56: "must be a string" left the officer looking at a code
        ("00070", 'must be text, and 00070 reads as a number: write it in double quotes, "00070"',
         'phải là một đoạn chữ, mà 00070 được đọc thành một số: viết trong dấu nháy kép, "00070"'),
        ("19009", 'must be text, and 19009 reads as a number: write it in double quotes, "19009"',
         'phải là một đoạn chữ, mà 19009 được đọc thành một số: viết trong dấu nháy kép, "19009"'),
    ],
)
def test_a_code_typed_as_a_bare_number_is_told_to_be_quoted_as_typed(typed: str, english: str, vi: str) -> None:
    text = TRACKER.replace('code: "19009"', f"code: {typed}", 1)
    assert text != TRACKER
    line = text.splitlines().index(f"    code: {typed}") + 1
    with pytest.raises(DefinitionError) as refused:
        parse_tracker(text, label="t.yaml")
    assert [(p.line, p.field, p.message) for p in refused.value.problems] == [(line, "units[0].code", english)]
    assert in_vietnamese(english) == vi
