"""Everything a person reads is Vietnamese in NFC: templates, trackers, the catalogue, the notebook."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from tracker.problems import KINDS, PIECES, REASONS

ROOT = Path(__file__).resolve().parents[1]
# Each kind of file by where it lives; a pattern that finds nothing (a folder moved) fails below.
KINDS_OF_FILE = [("src/tracker/templates", "*.j2"), ("src/tracker/trackers", "*.yaml"), ("src/tracker/trackers", "*.txt"),
                 ("notebooks", "weekly_check.ipynb"), ("tests/golden", "*.txt"), ("tests/golden", "*.html")]
FILES = sorted(path for folder, pattern in KINDS_OF_FILE for path in ROOT.joinpath(folder).rglob(pattern))


@pytest.mark.parametrize(("folder", "pattern"), KINDS_OF_FILE)
def test_each_kind_of_user_facing_file_is_found(folder: str, pattern: str) -> None:
    assert list(ROOT.joinpath(folder).rglob(pattern)), f"no {pattern} under {folder}: update KINDS_OF_FILE"


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_user_facing_file_is_nfc(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    bad = [i for i, line in enumerate(text.splitlines(), start=1) if line != unicodedata.normalize("NFC", line)]
    assert not bad, f"{path}: lines not in NFC: {bad[:10]}"


def test_catalogue_messages_are_nfc_and_carry_diacritics() -> None:
    for kind in KINDS:
        assert kind.vi == unicodedata.normalize("NFC", kind.vi)
        assert any(ord(ch) > 0x7F for ch in kind.vi), f"{kind.code}: Vietnamese message without diacritics"


def test_reasons_and_their_pieces_are_nfc_and_carry_diacritics() -> None:
    for text in [k.text.vi for k in REASONS] + [p.vi for p in PIECES.values()]:
        assert text == unicodedata.normalize("NFC", text)
        assert any(ord(ch) > 0x7F for ch in text), f"Vietnamese text without diacritics: {text!r}"
