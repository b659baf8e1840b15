"""Everything a person reads is Vietnamese in NFC: templates, trackers, the catalogue, the notebook."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from tracker.problems import KINDS, PIECES, REASONS

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted(
    [*ROOT.joinpath("src", "tracker", "templates").rglob("*.j2"), *ROOT.joinpath("trackers").rglob("*.yaml"),
     *ROOT.joinpath("trackers").rglob("*.txt"), ROOT / "notebooks" / "weekly_check.ipynb",
     *ROOT.joinpath("tests", "golden").glob("*.txt")]
)


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
