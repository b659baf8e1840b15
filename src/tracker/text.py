"""Vietnamese text as districts type it: NFC, invisible characters, legacy TCVN3 and VNI encodings."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""What no cell, XML file or UTF-8 text may hold, or should not: C0 controls but tab, line feed and carriage
return; DEL and the C1 controls; lone surrogates (a JSON answer or a YAML escape can carry one); U+FFFE/U+FFFF."""
_LINE_LIKE = {0x0B: "\n", 0x0C: "\n", 0x85: "\n"}  # Word's manual line break, form feed, NEL: a line break
_PRINTABLE = {**dict.fromkeys([*range(0x00, 0x09), 0x0E, *range(0x0F, 0x20), *range(0x7F, 0xA0), 0xFFFE, 0xFFFF],
                              None), **dict.fromkeys(range(0xD800, 0xE000), "\ufffd"), **_LINE_LIKE}


def printable(text: str) -> str:
    """`text` without the characters of CONTROL: line-like ones become line breaks, lone surrogates U+FFFD,
    the rest are dropped. Cheap when there is nothing to do (one search)."""
    return text.translate(_PRINTABLE) if CONTROL.search(text) else text


_JSON_SAFE = {**dict.fromkeys([0x7F, *range(0x80, 0x85), *range(0x86, 0xA0), 0xFFFE, 0xFFFF], None), 0x85: "\\n",
              **dict.fromkeys(range(0xD800, 0xE000), "\ufffd")}


def json_text(value: object, indent: int | None = None) -> str:
    """`value` as JSON (UTF-8 text, not ASCII-escaped) that any file or terminal can hold: json escapes C0
    controls itself; DEL, C1 controls and U+FFFE/U+FFFF are dropped, NEL becomes an escaped line break and a
    lone surrogate U+FFFD (it cannot be encoded at all)."""
    import json

    return _json_safe(json.dumps(value, ensure_ascii=False, indent=indent))


def json_chunks(value: object, indent: int | None = None, depth: int = 2) -> Iterator[str]:
    """json_text(value, indent) in pieces, for writing a large document without holding it whole: the mappings and
    lists of the first `depth` levels are walked here (an iterator at those levels streams as a list), everything
    below is encoded by json.dumps (its C encoder when compact). Joined, the pieces equal json_text's text exactly:
    the separators are json's, nested pieces are indented as json indents them (a line break inside a piece can
    only be json's own: it escapes those in strings), and the unsafe characters are replaced piece by piece, as
    json_text replaces them character by character."""
    batch: list[str] = []
    size = 0
    for piece in _json_pieces(value, indent, depth, 0):
        batch.append(piece)
        size += len(piece)
        if size >= JSON_CHUNK:  # a few large pieces: fewer writes and searches than one per value
            yield _json_safe("".join(batch))
            batch, size = [], 0
    if batch:
        yield _json_safe("".join(batch))


JSON_CHUNK = 1 << 16
"""Characters json_chunks gathers before it yields them."""


def _json_safe(text: str) -> str:
    return text.translate(_JSON_SAFE) if CONTROL.search(text) else text


def _json_pieces(value: object, indent: int | None, depth: int, level: int) -> Iterator[str]:
    import json

    streamed = isinstance(value, Iterator) or (isinstance(value, (dict, list)) and value)
    if depth == 1 and indent is None and streamed and not isinstance(value, dict):
        yield from _json_list_compact(value)  # type: ignore[arg-type]  # a list or an iterator
        return
    if depth == 0 and indent is None and isinstance(value, Iterator):
        yield from _json_list_compact(value)  # json's text of the list, never the list whole (findings' changes)
        return
    if depth == 0 or not streamed or (isinstance(value, dict) and not all(isinstance(k, str) for k in value)):
        text = json.dumps(list(value) if isinstance(value, Iterator) else value, ensure_ascii=False, indent=indent)
        yield text.replace("\n", "\n" + " " * (indent * level)) if indent is not None and level else text
        return
    inner = "\n" + " " * (indent * (level + 1)) if indent is not None else ""
    comma = "," if indent is not None else ", "
    items = value.items() if isinstance(value, dict) else ((None, v) for v in value)  # type: ignore[attr-defined]
    yield "{" if isinstance(value, dict) else "["
    empty = True
    for key, item in items:
        yield inner if empty else comma + inner
        empty = False
        if key is not None:
            yield json.dumps(key, ensure_ascii=False) + ": "
        yield from _json_pieces(item, indent, depth - 1, level + 1)
    closing = "}" if isinstance(value, dict) else "]"
    if empty:  # an iterator that gave nothing: json writes an empty list on one line
        yield closing
    else:
        yield ("\n" + " " * (indent * level) if indent is not None else "") + closing


JSON_BATCH = 512
"""Items of a long list json_chunks encodes with one json.dumps call."""


class JsonText(str):
    """Text that is already an item's compact JSON (json.dumps(item, ensure_ascii=False)): a compact list of these is
    written by json_chunks as is, joined by json's separator."""

    __slots__ = ()


def _json_list_compact(values: Iterable[object]) -> Iterator[str]:
    """A list's compact JSON (json's ", " between items), its items encoded JSON_BATCH at a time: one json.dumps
    per item cost more than the encoding itself (findings.json's 193,000 activities at national scale). The
    text is json's own: a list's items are joined by the separator that joins the batches."""
    import json
    from itertools import islice

    yield "["
    items = iter(values)
    first = True
    while batch := [list(v) if isinstance(v, Iterator) else v for v in islice(items, JSON_BATCH)]:
        if not first:
            yield ", "
        first = False
        if all(type(v) is JsonText for v in batch):
            yield ", ".join(batch)  # type: ignore[arg-type]  # all text
        else:
            yield json.dumps(batch, ensure_ascii=False)[1:-1]
    yield "]"


def control_characters(text: str) -> list[str]:
    """The distinct characters of CONTROL in `text`, as 'U+000B', in order of first appearance."""
    return list(dict.fromkeys(f"U+{ord(ch):04X}" for ch in CONTROL.findall(text)))


_BIDI = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Marks, embeddings, overrides and isolates of the bidirectional algorithm: Vietnamese needs none, and an override
(U+202E) shows a text's words reversed in every report, e-mail and document, so a cell can look unlike what it holds."""
# Zero-width characters, the soft hyphen, bidirectional controls and the control characters (tracker.text.CONTROL)
# no cell holds.
_INVISIBLE = {
    **_PRINTABLE,
    **dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\ufffe\uffff" + _BIDI), None),
}
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u3000]+")


def _strip_table() -> dict[int, str]:
    """Every Latin letter with marks (Vietnamese included) -> its base letter; combining marks -> nothing."""
    table: dict[int, str] = {ord("đ"): "d", ord("Đ"): "D"}
    for code in range(0xC0, 0x2000):
        ch = chr(code)
        if unicodedata.category(ch) == "Mn":
            table[code] = ""
            continue
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if unicodedata.category(c) != "Mn")
        if base != ch and base.isascii():
            table[code] = base
    for code in range(0x1AB0, 0x1B00):
        table[code] = ""
    for code in range(0x20D0, 0x2100):
        table[code] = ""
    return table


_STRIP = _strip_table()
_WS = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Case-, spacing- and diacritic-insensitive key: 'Nhiệm  vụ 2B' -> 'nhiem vu 2b'.

    A translation table built once does what NFD and a scan per character would; the cache serves
    the many cells (task, form, audience) that districts type alike.
    """
    text = unicodedata.normalize("NFC", text).translate(_STRIP)
    return _WS.sub(" ", text).strip().casefold()


_NEEDS_CLEANING = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\ufffe\uffff\u00a0\u2007\u202f\u3000\x00-\x1f"
                             "\x7f-\x9f\ud800-\udfff" + _BIDI + "]|  |^\\s|\\s$")


def clean(text: str) -> str:
    """NFC, no zero-width or control characters, non-breaking spaces made plain, runs of spaces folded."""
    if not _NEEDS_CLEANING.search(text):  # the common case: one search instead of five passes
        return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
    text = text.translate(_INVISIBLE)
    text = _SPACES.sub(" ", text)
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return unicodedata.normalize("NFC", "\n".join(line for line in lines if line))


# TCVN3 (ABC): one byte per precomposed lower-case letter, the .VnTime fonts draw them.
_TCVN3_SRC = (
    "µ¸¶·¹" "¨»¾¼½Æ" "©ÇÊÈÉË" "®" "ÌÐÎÏÑ" "ªÒÕÓÔÖ" "×ÝØÜÞ" "ßãáâä" "«åèæçé" "¬êíëìî" "ïóñòô"
    "\u00adõøö÷ù" "úýûüþ" "¡¢§£¤¥¦"
)
_TCVN3_DST = (
    "àáảãạ" "ăằắẳẵặ" "âầấẩẫậ" "đ" "èéẻẽẹ" "êềếểễệ" "ìíỉĩị" "òóỏõọ" "ôồốổỗộ" "ơờớởỡợ" "ùúủũụ"
    "ưừứửữự" "ỳýỷỹỵ" "ĂÂĐÊÔƠƯ"
)
_TCVN3 = str.maketrans(_TCVN3_SRC, _TCVN3_DST)

# VNI-Windows: a base letter followed by one or two marks drawn from Latin-1.
_VNI_TONES = {"ø": "\u0300", "ù": "\u0301", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_HAT_TONES = {"à": "\u0300", "á": "\u0301", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_VNI_BREVE_TONES = {"è": "\u0300", "é": "\u0301", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
_VNI_I = {"ì": "ì", "í": "í", "æ": "ỉ", "ó": "ĩ", "ò": "ị"}


def _vni_table() -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for upper in (False, True):
        def mark(ch: str, _upper: bool = upper) -> str:
            return ch.upper() if _upper else ch

        for base in "aeo":
            for m, tone in _VNI_HAT_TONES.items():
                pairs.append((mark(base) + mark(m), unicodedata.normalize("NFC", mark(base) + "\u0302" + tone)))
            pairs.append((mark(base) + mark("â"), unicodedata.normalize("NFC", mark(base) + "\u0302")))
        for m, tone in _VNI_BREVE_TONES.items():
            pairs.append((mark("a") + mark(m), unicodedata.normalize("NFC", mark("a") + "\u0306" + tone)))
        pairs.append((mark("a") + mark("ê"), mark("ă")))
        # ơ and ư (written ô and ö) can take a tone mark after them
        for src, base in (("ô", "ơ"), ("ö", "ư")):
            for m, tone in _VNI_TONES.items():
                pairs.append((mark(src) + mark(m), unicodedata.normalize("NFC", mark(base) + tone)))
        for base in "aeouy":
            for m, tone in _VNI_TONES.items():
                pairs.append((mark(base) + mark(m), unicodedata.normalize("NFC", mark(base) + tone)))
        for src, dst in _VNI_I.items():
            pairs.append((mark(src), mark(dst)))
        pairs += [(mark("ô"), mark("ơ")), (mark("ö"), mark("ư")), (mark("ñ"), mark("đ"))]
    pairs.sort(key=lambda p: -len(p[0]))
    return pairs


_VNI_PAIRS = _vni_table()
_VNI_RE = re.compile("|".join(re.escape(src) for src, _ in _VNI_PAIRS))
_VNI_MAP = dict(_VNI_PAIRS)

# Latin-1 letters that Unicode Vietnamese uses; any other Latin-1 symbol in text hints at a legacy font.
_VIET_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_LEGACY_HINT = re.compile("[\u00a1-\u00ff]")
_BEYOND_LATIN1 = re.compile("[\u0100-\u024f\u1e00-\u1eff]")
_COMBINING = re.compile("[\u0300-\u036f]")
_VNI_SIGNS = re.compile("[aeiouyAEIOUY][øùûõïâêàáåãäèéúüë]|[ñÑ]|[ôö][øùûõï]")


def _strange(text: str) -> int:
    return sum(1 for ch in _LEGACY_HINT.findall(text) if ch not in _VIET_LATIN1)


def from_vni(text: str) -> str:
    return unicodedata.normalize("NFC", _VNI_RE.sub(lambda m: _VNI_MAP[m.group(0)], text))


def from_tcvn3(text: str) -> str:
    return unicodedata.normalize("NFC", text.translate(_TCVN3))


def repair_legacy(text: str) -> tuple[str, str | None]:
    """(text, None) for Unicode text; (converted, 'TCVN3'|'VNI') for text typed in a legacy font.

    Text that already holds Unicode Vietnamese letters beyond Latin-1 is never touched: a legacy
    font cannot produce them, so a mix means the author typed Unicode. Nor is text with combining tone
    marks: Windows-1258 (what Excel in a Vietnamese locale writes as CSV) and decomposed Unicode write
    'ề' as 'ê' and a combining grave, which no legacy font does ('Tuyên truyền' read as VNI was a
    false alarm on correctly typed text).
    """
    if not _LEGACY_HINT.search(text) or _BEYOND_LATIN1.search(text) or _COMBINING.search(text):
        return text, None
    candidates: list[tuple[int, int, str, str]] = []
    vni_signs = len(_VNI_SIGNS.findall(text))
    if vni_signs:
        converted = from_vni(text)
        candidates.append((_strange(converted), -vni_signs, converted, "VNI"))
    strange = _strange(text)
    if strange:
        converted = from_tcvn3(text)
        candidates.append((_strange(converted), -strange, converted, "TCVN3"))
    if not candidates:
        return text, None
    leftover, signs, converted, name = min(candidates)
    # Accept only a conversion that leaves no legacy symbol and yields real Vietnamese letters.
    plausible = _BEYOND_LATIN1.search(converted) is not None or -signs >= 2
    if leftover == 0 and plausible and converted != text:
        return converted, name
    return text, None


def sheet_key(name: str) -> str:
    """A tab name as compared with a unit's: no case, spacing, punctuation or diacritics."""
    return re.sub(r"[^0-9a-z]", "", fold(name))


_KIND = re.compile(r"^(?:(?:uy ban nhan dan|ubnd)\s+)?(?:(?:xa|phuong|dac khu|thi tran)\s+|[xp]\.\s*)?")


def bare_sheet_key(name: str) -> str:
    """sheet_key without the kind of unit a name begins with ('Xã', 'Phường', 'Đặc khu', 'UBND xã'): 'Xã Hải Lăng'
    and 'Hải Lăng' read alike. Empty when nothing follows the kind."""
    return sheet_key(_KIND.sub("", fold(name)))


def series(items: Sequence[str], word: str, sep: str = ", ") -> str:
    """'a, b hoặc c', 'a, b và c': items listed as a sentence lists them, the last after `word`."""
    if len(items) < 2:
        return "".join(items)
    return sep.join(items[:-1]) + f" {word} " + items[-1]


def lower_first(text: str) -> str:
    """A heading put inside a sentence: 'Số người tham gia' -> 'số người tham gia', 'Tổ chức “Tháng …”' -> 'tổ chức
    “Tháng …”'; an abbreviation or a name in capitals ('UBND', 'ĐỀ ÁN') stays."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[0].isupper() and first[1:].islower():
        return text[0].lower() + text[1:]
    return text


_NUMBERING = re.compile(r"\d+(?:\.\d+)*[a-z]{0,2}|[a-z]")
"""A part's id that reads as numbering: '1a', '2', '2.1', 'b'."""
_LETTERS = re.compile(r"[a-z]{1,2}")


def is_numbering(part_id: str, siblings: Iterable[str] = ()) -> bool:
    """Whether a part's id is a number a person can read ('1a'), not a key ('bc-thang', 'ho') written for the YAML.
    Two letters are numbering only where the tracker's parts lettered alone (its `siblings`, every part's id) go past
    'z', as `tracker draft` letters them ('aa' after 'z'); without them, or fewer, 'ho' and 'aa' are keys."""
    if _NUMBERING.fullmatch(part_id) is not None:
        return True
    return _LETTERS.fullmatch(part_id) is not None and sum(_LETTERS.fullmatch(s) is not None for s in siblings) > 26


def numbered(part_id: str, title: str, sep: str = ". ", siblings: Iterable[str] = ()) -> str:
    """A part as a person reads it: '1a. Ban hành kế hoạch'; a part whose id is a key, not numbering, by its
    title alone ('Báo cáo tháng', never 'bc-thang. Báo cáo tháng')."""
    return f"{part_id}{sep}{title}" if is_numbering(part_id, siblings) else title


def part_ref(part_id: str, title: str) -> str:
    """A part named in a short list ('1a', '2b'): its id when that is a number, else its title."""
    return part_id if is_numbering(part_id) else title


_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {c: i for i, c in enumerate(_ALPHABET)}
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền, hỏi, ngã, sắc, nặng


def vietnamese_key(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...], str]:
    """A sort key in Vietnamese dictionary order: the letters a ă â b c d đ e ê … ư v x y compared first (đ after d,
    not after z as by code point), then the tones (none, huyền, hỏi, ngã, sắc, nặng), then the text as it is."""
    letters: list[tuple[int, int]] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFD", text.casefold()):
        if ch in _TONE_RANK:
            if tones:
                tones[-1] = _TONE_RANK[ch]
            continue
        if unicodedata.combining(ch) and letters:
            # a breve, circumflex or horn: the letter it makes is a letter of its own (ă, â, ê, ô, ơ, ư).
            made = unicodedata.normalize("NFC", _ALPHABET[letters[-1][1]] + ch) if letters[-1][0] else ""
            if made in _LETTER_RANK:
                letters[-1] = (1, _LETTER_RANK[made])
            continue
        letters.append((1, _LETTER_RANK[ch]) if ch in _LETTER_RANK else (0, ord(ch)))
        tones.append(0)
    return tuple(letters), tuple(tones), text


_PHRASE_END = re.compile(r"\s+[—–-]\s|\s*[(,;:]|\s+năm\s+\d{4}\b")
"""Where a title's phrase ends: before a dash, a bracket, a comma, a colon, or the year ('năm 2026')."""

TITLE_PHRASE_MIN = 30
"""Fewer characters of a title than this say nothing: the campaign's own word is clearer."""


def opening_phrase(title: str, room: int) -> str | None:
    """The longest opening phrase of `title` that fits in `room` characters ('… trực tuyến' before 'năm 2026 — tỉnh
    …'), at least TITLE_PHRASE_MIN long; None when none does."""
    phrases = [title[:m.start()].rstrip(" ,;:—–-") for m in _PHRASE_END.finditer(title)]
    fitting = [p for p in phrases if TITLE_PHRASE_MIN <= len(p) <= room]
    return max(fitting, key=len) if fitting else None


def shortened(title: str, limit: int) -> str:
    """`title` in at most `limit` characters: whole, else its longest opening phrase with '…', else cut at a word
    with '…' (never inside a word: 'Báo cáo tháng … năm 2026…', not '… năm 2026 (thử ng…')."""
    if len(title) <= limit:
        return title
    phrase = opening_phrase(title, limit - 1)
    if phrase:
        return phrase + "…"
    return title[: max(0, limit - 1)].rsplit(" ", 1)[0].rstrip(" ,;:—–-(") + "…"
