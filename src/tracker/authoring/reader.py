"""A directive's file (.txt, .docx, .pdf, a scanned .pdf) -> its text as numbered lines, and its tables as cells.

What a person sees on the page is what the draft reads: a PDF's words are placed by their position
(pdfplumber), so the two columns of a Decree 30 header ("UBND … / Số: …" beside "CỘNG HÒA … / …, ngày …")
and of the signature block ("Nơi nhận" beside the signer) come out one column after the other instead of
interleaved, and a PDF printed one glyph at a time reads as words. Tables (a plan's "Phụ lục" of tasks,
lead units, coordinating units and deadlines) come out both as lines ("| 1 | … | … |", for line numbers and
quotes) and as `Table` rows of cells; a Word table used only for layout (the header, the signature) reads
as its cells' lines. A page without a text layer is read by OCR where Tesseract with Vietnamese is
installed (the optional extra `ocr`), and the document says so.

Every file is treated as hostile until measured: sizes, a .docx's declared expansion, a PDF's inflated
streams, pages, paragraphs and characters are checked against the limits below before and while
parsing, and a file past one is refused with one line (DocumentError), never a traceback or gigabytes.
Heavy libraries are imported inside the functions that need them: drafting from a .txt loads none.
"""

from __future__ import annotations

import contextlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from tracker.errors import TrackerError
from tracker.text import fold, repair_legacy

SUFFIXES = (".txt", ".docx", ".pdf")

# Limits. A real directive, annexes included, is tens of pages, a few hundred paragraphs and well under
# half a million characters; each limit is many times that, and far below what exhausts memory.
MAX_FILE_BYTES = 64_000_000
"""A .txt, .docx or .pdf larger than this is refused unread (a scan of 60 pages is ~30 MB)."""
MAX_XML_BYTES = 64_000_000
"""The declared uncompressed size of a .docx's XML part."""
MAX_RATIO = 200
"""A .docx part that inflates more than this many times its compressed size (Word's XML: 5-20x)."""
MAX_PAGES = 300
MAX_BLOCKS = 100_000
"""Paragraphs and table rows of a .docx; lines of a .txt."""
MAX_CHARS = 3_000_000
MAX_STREAM_BYTES = 8_000_000
"""A PDF stream other than an image, inflated (a dense page's content is ~100 KB)."""
MAX_STREAMS_TOTAL = 128_000_000
"""All PDF streams other than images, inflated together."""
MAX_IMAGE_BYTES = 400_000_000
"""One PDF image, inflated (a 600 dpi colour A4 page is ~100 MB); counted, never held in memory."""
OCR_DPI = 300


class DocumentError(TrackerError):
    """The directive's file cannot be read as text."""


@dataclass(frozen=True)
class Table:
    """A table of the document: `rows` of cells (a merged cell's text in every grid cell it covers),
    the first row at line `line` (1-based) of the document's lines and each next row on the next line."""

    line: int
    rows: tuple[tuple[str, ...], ...]
    starts: tuple[int, ...] = ()
    """The line (1-based) each row starts on, when rows span several lines (a web page's table printed a cell
    per line); empty when each row is one line."""
    last: int = 0
    """The table's last line (1-based), when rows span several lines."""

    @property
    def end(self) -> int:
        return self.last or self.line + len(self.rows) - 1

    def row_at(self, line: int) -> int | None:
        """The index of the row that starts on `line`, or None."""
        if self.starts:
            return self.starts.index(line) if line in self.starts else None
        k = line - self.line
        return k if 0 <= k < len(self.rows) else None


@dataclass(frozen=True)
class Document:
    source: str
    lines: list[str]
    tables: tuple[Table, ...] = ()
    ocr: bool = False
    """Some or all of the text came from OCR (a scan): every character deserves a second look."""
    notes: tuple[str, ...] = ()
    """What reading repaired or could not read, in English, for the draft's header and summary."""


def read_lines(path: str | Path) -> list[str]:
    """The document's lines: NFC, legacy TCVN3/VNI repaired, spacing tidied, blank lines kept (numbering holds)."""
    return read_document(path).lines


def read_document(path: str | Path) -> Document:
    """Read a directive's .txt, .docx or .pdf within the limits; DocumentError says in one line why not."""
    path = Path(path)
    suffix = path.suffix.lower()
    if path.is_dir():
        raise DocumentError(f"{path}: a folder, not a directive's file",
                            vi=f"“{path}” là một thư mục; hãy chỉ tệp văn bản (.txt, .docx hoặc .pdf) trong đó")
    if not path.is_file():
        raise DocumentError(f"{path}: no such file", vi=f"không có tệp “{path}”")
    if suffix not in SUFFIXES:
        raise DocumentError(f"{path}: cannot read {suffix or 'a file without extension'}; "
                            f"give a .txt, .docx or .pdf file (save .doc as .docx first)",
                            vi=f"“{path}”: không đọc được tệp {suffix or 'không có phần mở rộng'}; hãy dùng tệp .txt, "
                               ".docx hoặc .pdf (tệp .doc thì lưu lại thành .docx trước)")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise DocumentError(f"{path}: the file is {size:,} bytes; a directive is read up to {MAX_FILE_BYTES:,}",
                            vi=f"“{path}”: tệp nặng {size:,} byte; văn bản chỉ được đọc tới {MAX_FILE_BYTES:,} byte")
    raw: _Raw = {".txt": _read_txt, ".docx": _read_docx, ".pdf": _read_pdf}[suffix](path)
    return _finish(path, raw)


@dataclass
class _Raw:
    """What a format reader gives: blocks of text (str) and tables (row lists), in reading order."""

    blocks: list[str | list[list[str]]] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _finish(path: Path, raw: _Raw) -> Document:
    lines: list[str] = []
    tables: list[Table] = []
    chars = 0
    for block in raw.blocks:
        if isinstance(block, str):
            fixed, _ = repair_legacy(block)
            new = [tidy(line) for line in fixed.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
        else:
            rows = tuple(tuple(tidy_cell(repair_legacy(c)[0]) for c in row) for row in block)
            tables.append(Table(len(lines) + 1, rows))
            new = [table_line(row) for row in rows]
        chars += sum(len(line) for line in new)
        if chars > MAX_CHARS or len(lines) > MAX_BLOCKS:
            raise DocumentError(f"{path}: more than {MAX_CHARS:,} characters or {MAX_BLOCKS:,} lines of text; "
                                f"a directive is read up to that",
                                vi=f"“{path}”: dài hơn {MAX_CHARS:,} ký tự hoặc {MAX_BLOCKS:,} dòng, mức tối đa một "
                                   "văn bản được đọc")
        lines += new
    notes = list(raw.notes)
    lines, repaired = repair_one_per_line(lines)
    if repaired:
        notes.append(f"{repaired} runs of one character per line (a PDF printer's output) were joined into words")
    lines = rejoin_split_fields(lines)
    tables += cell_tables(lines)
    tables += bare_tables(lines, tables)
    if not any(lines):
        raise DocumentError(f"{path}: the file holds no text", vi=f"“{path}”: tệp không có chữ nào")
    if raw.ocr_pages:
        pages = ", ".join(str(p) for p in raw.ocr_pages)
        notes.insert(0, f"the text of page(s) {pages} came from OCR (no text layer): check every name, number and date")
    return Document(str(path), lines, tuple(tables), ocr=bool(raw.ocr_pages), notes=tuple(notes))


def tidy(line: str) -> str:
    """NFC, one space between words, no control or zero-width characters (a PDF's and Word's leftovers)."""
    line = unicodedata.normalize("NFC", line).replace("\u00a0", " ").replace("\t", " ")
    line = "".join(ch for ch in line if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co"))
    return " ".join(line.split())


def tidy_cell(text: str) -> str:
    """A cell's text: its lines tidied, empty ones dropped, joined by line feeds."""
    return "\n".join(t for t in (tidy(x) for x in text.split("\n")) if t)


def table_line(row: Sequence[str]) -> str:
    """A row as one line, 'the pipe tables people paste': merged cells shown once."""
    cells: list[str] = []
    for cell in row:
        text = " ".join(cell.replace("|", "/").split())
        if not cells or cells[-1] != text:
            cells.append(text)
    return "| " + " | ".join(cells) + " |"


# --------------------------------------------------------------------------- repairs on the text


def repair_one_per_line(lines: list[str]) -> tuple[list[str], int]:
    """Join runs of lines holding one character each (some PDF printers place every glyph alone).

    A run is at least 12 such lines with at most one empty line between two of them; an empty line
    inside a run was a space, two or more end it. A run a quarter or more of whose lines are '|' is a table's cells.
    Returns the lines and the number of runs joined.
    """
    out: list[str] = []
    runs = 0
    i = 0
    while i < len(lines):
        j, chars, singles = i, [], 0
        while j < len(lines):
            if len(lines[j]) == 1:
                chars.append(lines[j])
                singles += 1
                j += 1
            elif not lines[j] and j + 1 < len(lines) and len(lines[j + 1]) == 1 and chars:
                chars.append(" ")
                j += 1
            else:
                break
        # (A web copy's table of figures prints a cell per line between lone '|' lines: '|', '7', '|', '0' … are cells,
        # not glyphs, and joining them would shift every line number after the table.)
        if singles >= 12 and chars.count("|") * 4 < singles:
            out.append(" ".join("".join(chars).split()))
            runs += 1
            i = j
        else:
            out.append(lines[i])
            i += 1
    return out, runs


_NUMBER_HEAD = re.compile(r"^(Số|SỐ)\s*[:.]?\s*(\S*)$")
_SYMBOL_TAIL = re.compile(r"^[\d…./]*/?[A-ZĐ0-9][A-ZĐ0-9./&-]*$")
_DATE_HEAD = re.compile(r",\s*ngày\b", re.I)
_DATE_DONE = re.compile(r"năm\s*\d{4}", re.I)
_DATE_TAIL = re.compile(r"^(?:ngày|tháng|năm|\d{1,4}|[ .…])+$", re.I)
_BROKEN_END = re.compile(r"(?:\d{1,2}/\d{1,2}/|\d{1,4}/|\d+/[A-ZĐ][A-ZĐ0-9&.]*-)$")
_BROKEN_START = re.compile(r"^([0-9A-ZĐ][0-9A-ZĐ&./-]*)(?=[\s,;.:)]|$)")


def rejoin_split_fields(lines: list[str]) -> list[str]:
    """Put back together what a narrow header column or a PDF's line end split.

    In the header: 'Số: 312' / '/UBND-VP' and 'Cam Lộ, ngày 03' / 'tháng 10 năm 2025' become one line
    each. Anywhere: a date or a document number cut after '/' or '-' ('ngày 15/5/' / '2026 …',
    '156/KH-' / 'UBND ngày …') gets its end back. The pieces moved leave an empty line, or the rest of
    their line, so every other line keeps its number.
    """
    out = list(lines)
    top = min(len(out), 40)
    for i in range(top):
        _rejoin_place(out, i)
        m = _NUMBER_HEAD.match(out[i])
        if m and not re.search(r"/[A-ZĐ]", m.group(2)):
            k = _next_text(out, i)
            if k is not None and k < top and _SYMBOL_TAIL.match(out[k].strip(" |")):
                # 'Số: 312' + '/UBND-VP' joins as it stands; 'Số:' + '312/UBND-VP' after a space.
                head = out[i] if m.group(2) else out[i].rstrip() + " "
                out[i], out[k] = head + out[k].strip(" |"), ""
        if _DATE_HEAD.search(out[i]) and not _DATE_DONE.search(out[i]):
            k = _next_text(out, i)
            while k is not None and k < top and _DATE_TAIL.match(out[k]) and not _DATE_DONE.search(out[i]):
                out[i], out[k] = f"{out[i]} {out[k]}", ""
                k = _next_text(out, i)
    for i in range(len(out) - 1):
        # 'Nơi' / 'nhận:' and 'Kính' / 'gửi:': a heading word cut by a narrow column.
        if out[i].strip() in ("Nơi", "Kính", "Đồng kính") and re.match(r"^(nhận|gửi)\s*:", out[i + 1]):
            out[i], out[i + 1] = f"{out[i].strip()} {out[i + 1].strip()}", ""
        if _BROKEN_END.search(out[i]) and out[i + 1]:
            m = _BROKEN_START.match(out[i + 1])
            if m:
                out[i] += m.group(1)
                out[i + 1] = out[i + 1][m.end():].strip()
    return out


# A web page's table as its text copy prints it: each cell's lines closed by a lone '|' line, each row opened by
# one ('|', 'STT', '|', 'Tên nhiệm vụ', '|', …, '|', '|', '1', '|', …). The lines stay as they are (their numbers
# are what a draft quotes); the table is found beside them.
_ROW_LABEL = re.compile(r"^(?:(?:\d{1,3}|[IVX]{1,5})(?:\.\d{1,3}){0,3}\.?|(?-i:[A-HK-UW-Z])\.)(?=\s|$)")
_CELL_LINES = 40
"""A 'cell' longer than this is the text between two tables, not a cell."""


def _pipe(line: str) -> bool:
    return line.strip() == "|"


def _segment(lines: list[str], start: int) -> tuple[list[int], int] | None:
    """The text lines from `start` up to the next lone '|' and that pipe's index; None when none comes soon."""
    held: list[int] = []
    for k in range(start, min(len(lines), start + _CELL_LINES)):
        if _pipe(lines[k]):
            return held, k
        if lines[k].strip():
            held.append(k)
    return None


def _cell_row(lines: list[str], pipe: int, width: int | None, numbered: bool = False) -> tuple[list[tuple[int, str]],
                                                                                               int] | None:
    """The row opened by the lone '|' at `pipe`: its cells (first text line, text) and the pipe that closes its last
    cell.
    Without a width (the heading row) the row ends at an empty cell; with one, when it has `width` cells, or
    when an empty cell is followed by a row's label ('2', '1.1.', 'II'): a merged row of fewer cells. In a table
    whose rows are `numbered`, a row that opens without its number has its first cells merged with a row above, so it
    never fills the width: an empty cell ends it when the cells after it would fill the row."""
    cells: list[tuple[int, str]] = []
    at = pipe
    while True:
        found = _segment(lines, at + 1)
        if found is None:
            return None
        held, end = found
        if not held:
            if not cells:
                return None
            nxt = _segment(lines, end + 1)
            label = nxt is not None and bool(nxt[0]) and bool(_ROW_LABEL.match(lines[nxt[0][0]].strip()))
            room = _room(cells, width, numbered)
            # (An empty cell is '| |' too; it is the row's end when the cells after it would not fit in this row:
            # they are a row whose first cells are merged with this one.)
            if room is None or label or len(cells) >= room or len(cells) + 1 + _cells_ahead(lines, end) > room:
                return cells, at
            cells.append((end, ""))
            at = end
            continue
        if width is None and (len(held) > 5 or sum(len(lines[k].strip()) + 1 for k in held) > 60):
            # A heading's cells are short, though a narrow column may wrap one a word a line ('Thời gian' / 'hoàn' /
            # 'thành'): longer is text between lone '|' lines, not a table.
            return None
        cells.append((held[0], " ".join(lines[k].strip() for k in held)))  # a cell's lines are the page's wrapping
        at = end
        if width is not None and len(cells) == _room(cells, width, numbered):
            return cells, end


def _room(cells: list[tuple[int, str]], width: int | None, numbered: bool) -> int | None:
    """How many cells a row may hold: one fewer than the width when the table's rows are numbered and this one opens
    without its number (the number cell is merged with a row above)."""
    return width - 1 if width is not None and numbered and not _ROW_LABEL.fullmatch(cells[0][1]) else width


def _cells_ahead(lines: list[str], pipe: int) -> int:
    """How many cells with text follow the lone '|' at `pipe` before an empty one."""
    count, at = 0, pipe
    while (found := _segment(lines, at + 1)) is not None and found[0] and count <= _CELL_LINES:
        count, at = count + 1, found[1]
    return count


def _next_opening(lines: list[str], at: int, headed: bool) -> tuple[list[int], int] | None:
    """The lone '|' that opens the next row, right after the row closing at `at`; in a table `headed` by words, past
    one surplus empty cell a web page's table leaves at a row's end ('Thương mại' | '' | '' | '' | '' then '|' / '|' /
    '5.1.1'): the pipe before the next row's number. (A table of figures whose heading is a row of data keeps its
    old reading: its rows are no tasks.)"""
    opening = _segment(lines, at + 1)
    if not headed or opening is None or opening[0]:
        return opening
    nxt = _segment(lines, opening[1] + 1)
    if nxt is None or nxt[0]:
        return opening
    after = _segment(lines, nxt[1] + 1)
    if after is not None and after[0] and _ROW_LABEL.fullmatch(lines[after[0][0]].strip()):
        return nxt
    return opening


def _continued(texts: list[str], width: int, above: int) -> tuple[str, ...]:
    """A row without its number, whose first cells are merged with the row above: after a full row (or one continued
    into the last columns), its cells are the last columns (the number and the object span down); after a short row,
    they go on from the task's column."""
    if above >= width:
        return tuple([""] * (width - len(texts)) + texts)
    return tuple(["", *texts] + [""] * (width - len(texts) - 1))


def _spread(cells: list[tuple[int, str]], width: int) -> tuple[str, ...]:
    """A row's cells in the table's width: a merged row's one cell in every column, its label apart ('I.' above
    'NÂNG CAO …' in one cell reads as the number and the heading)."""
    texts = [t for _, t in cells]
    if len(texts) == 1:
        m = _ROW_LABEL.match(texts[0])
        rest = texts[0][m.end():].strip() if m else ""
        if m and rest:
            return (m.group(0).rstrip("."), *([rest] * (width - 1)))
        return tuple(texts * width)
    return tuple(texts + [""] * (width - len(texts)))


def cell_tables(lines: list[str]) -> list[Table]:
    """Tables printed a cell per line between lone '|' lines: a heading row of three or more short cells, then
    rows of at most as many cells. Each row starts on its first line of text."""
    out: list[Table] = []
    i = 0
    while i < len(lines):
        if not _pipe(lines[i]):
            i += 1
            continue
        heading = _cell_row(lines, i, None)
        if heading is None or len(heading[0]) < 3 or any(len(t) > 60 for _, t in heading[0]):
            i += 1
            continue
        width = len(heading[0])
        rows = [tuple(t for _, t in heading[0])]
        starts = [heading[0][0][0] + 1]
        at = heading[1]
        above = width
        merged = _sub_heading(lines, at, rows[0])
        if merged is not None:
            rows[0], at = merged
            width = len(rows[0])
        numbered = False
        headed = not _ROW_LABEL.fullmatch(rows[0][0].strip())  # a heading of words, not a row of data read as one
        while True:
            opening = _next_opening(lines, at, headed)
            row = _cell_row(lines, opening[1], width, numbered) if opening is not None and not opening[0] else None
            if row is None or not any(t for _, t in row[0]):
                break
            texts = [t for _, t in row[0]]
            continued = 1 < len(texts) < width and texts[0] and not _ROW_LABEL.fullmatch(texts[0]) and len(rows) > 1
            rows.append(_continued(texts, width, above) if continued else _spread(row[0], width))
            numbered = numbered or bool(_ROW_LABEL.fullmatch(texts[0]))
            # A row continued into the last columns fills the row as a full one does, for the row after it.
            above = width if continued and rows[-1][-1] and not rows[-1][0] else len(texts)
            starts.append(next(k for k, t in row[0] if t) + 1)
            at = row[1]
        if len(rows) < 2:
            i += 1
            continue
        out.append(Table(starts[0], tuple(rows), tuple(starts), at + 1))
        i = at + 1
    return out


# A table a PDF's text layout printed a cell per line with no rules between cells (an official gazette's copy): its
# heading ('STT' / 'Nhiệm vụ' / 'Cơ quan' / 'chủ trì' / … / 'Thời gian' / 'thực hiện'), repeated on every page, then
# rows that each open with their number alone on a line ('1.1', '2.') or a group's number and heading ('II. Hoàn thiện …').
_BARE_NUMBER = re.compile(r"^(?:stt|tt|so tt|so thu tu)$")
_BARE_LABEL = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,2})\.?$")
_BARE_GROUP = re.compile(r"^([IVX]{1,4})(?:\.\s+|\s+(?=[A-ZĐ\u00c0-\u1ef8]))(\S.*)$")  # ('II. Hoàn thiện …', 'IV Huy động …')
_BARE_ROMAN = re.compile(r"^[IVX]{1,4}\.?$")  # a group's number alone on its line, its heading on the lines after
_BARE_TASK = re.compile(r"nhiem vu|noi dung|cong viec|hoat dong|giai phap")
_BARE_TIME = re.compile(r"^(?:thoi gian|thoi han|tien do)")
# Where a lead or coordinating cell starts: a body's kind, capitalised ('Bộ Tài chính', 'Ủy ban nhân' / 'dân cấp tỉnh',
# 'Các bộ, ngành', 'Cơ quan, tổ chức …').
_BARE_BODY = re.compile(r"^(?:[Cc]ác\s+)?(?i:bộ|ủy ban|uỷ ban|ubnd|sở|ban(?!\s+hành)|văn phòng|ngân hàng|bảo hiểm|tòa án|"
                        r"toà án|viện|kiểm toán|thanh tra|đài|thông tấn|tổng cục|cục|hội(?!\s+(?:nghị|thảo|thi|chợ))|"
                        r"liên đoàn|liên minh|mặt trận|đoàn|cơ quan|cơ sở|địa phương|doanh nghiệp|tổ chức|hiệp hội|đơn vị|"
                        r"khu|quỹ|tập đoàn|tổng công ty)(?:\s|,|;|:|$)")
# A time cell's first line ('Quý IV/2026', 'Năm 2027', 'Tháng 3/2027', 'Thường xuyên', 'Hằng năm', '2026-2030').
# A year starts a time cell when it stands alone or with another ('2026', '2027 - 2030', '2026 và' / 'hằng năm'), not
# when words follow it ('2026 được tổ' / 'chức thành công': the result's words, 'ASEAN' / '2026 với chủ đề …': the task's).
_BARE_WHEN = re.compile(r"^(?:Từ\s+(?i:quý|năm|tháng)|Quý|Năm|Tháng|Thường xuyên|Hằng năm|Hàng năm|Định kỳ|Trước|Trong|Giai đoạn|"
                        r"Nhiệm vụ thường|\d{4}(?=\s*$|\s*[-–,;(]|\s+(?:và|đến)\b))")
# A time cell in words ('Hoàn thành xây' / 'dựng chương trình' / 'trong quý II/2026', 'Hoàn thành trước' / 'tháng 10/2026'):
# it starts a time when a quarter, a month or a year follows within its first three lines.
_WORDED_WHEN = re.compile(r"^Hoàn thành\b")
_TIME_IN = re.compile(r"\b(?i:quý|tháng|năm)\s+[IVX\d]|\b20\d\d\b")


def _worded_when(rest: list[str], k: int) -> bool:
    return bool(_WORDED_WHEN.match(rest[k])) and bool(_TIME_IN.search(" ".join(rest[k:k + 3])))


_CONNECTOR = re.compile(r"(?:,|\b(?:và|của|ở|với|các|-|Bộ|Sở|Ủy|Ban))$")


# A task's last line that ends with the lead's name, where the layout printed the lead cell beside it ('… phù hợp Bộ Y tế').
# A line that ends with a word after which a body is the task's words ('… theo Nghị quyết số 72-NQ/TW của'; not 'cho',
# where a page may have cut the task before its lead: '… hỗ trợ vốn cho' / 'Ủy ban nhân' / 'dân các xã').
_OWNED = re.compile(r"\b(?:của|theo)$")
# Not after a word that makes the body part of the task's words ('… theo Nghị quyết' / 'của Bộ Chính trị').
_TAIL_BODY = re.compile(r"^(.*[a-zđ\u00e0-\u1ef9.,;])(?<!\bcủa)(?<!\bvới)(?<!\bcho)(?<!\btại)(?<!\btheo)(?<!\btrình)(?<!\bvà)"
                        r"\s+((?:Bộ|Sở|Ủy ban nhân dân|Ủy ban)\s+[A-ZĐ\u00c0-\u1ef8]\S*(?:\s+\S+){0,5})$")


def _starts_body(text: str, after: str = "") -> bool:
    """Whether a line starts with a body's kind, capitalised; 'Các' alone on its line with the line `after` it."""
    if text.lower() == "các" and after[:1].islower():
        text = f"{text} {after}"
    return text[:1].isupper() and bool(_BARE_BODY.match(text))


def _wraps(before: str, text: str) -> bool:
    """Whether a cell's line goes on to `text`: a word in lower case (or 'Và …'), or after a comma or a colon ('Các Bộ:' /
    'NN&MT,') any line, after
    another joining word ('và', 'của', 'ở') one that starts no body ('Bộ Khoa học và' / 'Công nghệ')."""
    if text[:1].islower() or text.startswith("Và ") or _last_word(before, text):
        return True
    return before.endswith((",", ":")) or (bool(_CONNECTOR.search(before)) and not _starts_body(text))


def _last_word(before: str, text: str) -> bool:
    """Whether `text` is a name's last word cut from the line before ('Bộ Công' / 'Thương', 'Thành phố Hồ Chí' / 'Minh'):
    one capitalised word, no body's kind and no time, after a line that ends in a capitalised word."""
    last = before.split()[-1] if before.split() else ""
    return (" " not in text and text[:1].isupper() and not text.isupper() and text.isalpha() and last[:1].isupper()
            and len(before.split()) > 1 and not _starts_body(text) and not _BARE_WHEN.match(text))


def _bare_cells(texts: list[str], width: int, cut: int, time_at: int = 0, time_first: bool = False) -> tuple[str, ...]:
    """A row's lines (its number's line first; from `cut` on, those after the page's repeated heading) in the heading's
    width: the task up to the first line that names a body; the lead cell that line and what wraps it ('Ủy ban nhân' /
    'dân cấp tỉnh'); the coordinating bodies after it; the time cell from the line that starts a time ('Quý IV/2026',
    'Thường xuyên'); what stands between, the result. After a page's heading, the lines in lower case go on with the
    task, and a lead cut after a joining word ('Bộ Khoa học và') takes the next line. A row whose lines name no body and
    no time is a group's heading. When the heading's time column (`time_at`) lies beyond the cells read (an approving
    level's column, 'Cấp trình', before the product and the time), the time goes there and the result just before it.
    When the heading puts the time before the lead (`time_first`), the row is read in that order."""
    label, rest = _row_label(texts[:cut])
    after = texts[cut:]
    whens = [k for k, t in enumerate(rest) if k and (_BARE_WHEN.match(t) or _worded_when(rest, k) or (" " not in t
                                                     and _BARE_WHEN.match(" ".join(rest[k:k + 2]))))]
    if time_first and whens:
        return _time_first_cells(label, [*rest, *after], whens[0], width)
    # (A body on the line after one that ends with 'của', 'theo' …: '… theo Nghị quyết số 72-NQ/TW của' / 'Bộ Chính trị'
    # is more of the task's words.)
    bodies = [k for k, t in enumerate(rest) if k and _starts_body(t, rest[k + 1] if k + 1 < len(rest) else "")
              and (not whens or k < whens[-1]) and not _OWNED.search(rest[k - 1])]
    if not bodies and not whens:
        text = " ".join([*rest, *after])
        return (label, *([text] * (width - 1)))
    first = bodies[0] if bodies else whens[0]
    task, lead, support, k = rest[:first], list[str](), list[str](), first
    tail = _TAIL_BODY.match(task[-1]) if bodies and task else None
    if tail:
        task[-1], lead = tail.group(1), [tail.group(2)]  # ('… theo lộ trình phù hợp Bộ Y tế': the lead on the task's line)
    elif bodies:
        lead = [rest[k]]
        k += 1
        while k < len(rest) and k not in whens and _wraps(lead[-1], rest[k]):
            lead.append(rest[k])
            k += 1
    while bodies and k < len(rest) and k not in whens and (_starts_body(rest[k]) or (support and _wraps(support[-1],
                                                                                                       rest[k]))):
        support.append(rest[k])
        k += 1
    when = next((w for w in whens if w >= k), len(rest))
    product, time = rest[k:when], rest[when:]
    time, note, after = _page_rest(task, lead, time, after, time_at < width - 1)
    cells = [label, " ".join(task), " ".join(lead), " ".join(support), " ".join([*product, *after]), " ".join(time)]
    if not bodies:
        cells[2:4] = []
    _place_time(cells, time_at, width)
    if note:
        cells.append(" ".join(note))
    return tuple((cells + [""] * width)[:width]) if width >= len(cells) else (*cells[:width - 1], cells[-1])


def _row_label(texts: list[str]) -> tuple[str, list[str]]:
    """A row's number and its other lines, the number's line split when a group's heading or the task follows the
    number on it ('II. Hoàn thiện …', '105 Phát triển …')."""
    if group := _BARE_GROUP.match(texts[0]) or re.match(r"^(\d{1,3}(?:\.\d{1,2}){0,2}\.?)\s+(\S.*)$", texts[0]):
        return group.group(1), [group.group(2), *texts[1:]]
    return texts[0], texts[1:]


def _place_time(cells: list[str], time_at: int, width: int) -> None:
    """Moves a row's time (its last cell) to the heading's time column: later, past an approving level's column
    ('Cấp trình') the row did not fill; or earlier, right after the coordinating bodies, when the heading has no product
    column."""
    if len(cells) - 1 < time_at < width:
        cells[-2:-2] = [""] * (time_at - len(cells) + 1)
    elif 0 < time_at < len(cells) - 1 and not any(cells[time_at:-1]):
        del cells[time_at:-1]


_LEAD_ITEM = re.compile(r"^\d{1,2}\.\s+\S")


def _time_first_cells(label: str, rest: list[str], when: int, width: int) -> tuple[str, ...]:
    """A row of an annex whose heading puts the time before the lead ('TT | Nhiệm vụ | Thời hạn hoàn thành | Cơ quan chủ
    trì | Cơ quan phối hợp'): the task up to the time, the time up to a line that names a body, the lead cell from it
    (its numbered pieces '1. Bộ Tài chính …' / '2. Bộ Tư pháp …' and their wrapped lines), the coordinating bodies after."""
    k = when + 1
    while k < len(rest) and not _starts_body(rest[k]) and not _LEAD_ITEM.match(rest[k]):
        k += 1
    lead, support = _lead_and_support(rest[k:])
    cells = [label, " ".join(rest[:when]), " ".join(rest[when:k]), lead, support]
    return tuple((cells + [""] * width)[:width])


def _lead_and_support(rest: list[str]) -> tuple[str, str]:
    """The lead cell and the coordinating cell of a row's lines from the lead's first line on: the lead is that line and
    what wraps it, or its numbered pieces ('1. Bộ Tài chính …' / '2. Bộ Tư pháp …') and their wrapped lines, each piece
    on a line of its own, its number dropped (the bodies are named one by one); the coordinating bodies after it."""
    lead: list[str] = []
    support: list[str] = []
    numbered = bool(rest) and bool(_LEAD_ITEM.match(rest[0]))
    for text in rest:
        if not lead or (not support and (_wraps(lead[-1], text) or (numbered and (_LEAD_ITEM.match(text)
                                                                                  or not _starts_body(text))))):
            lead.append(text)
        else:
            support.append(text)
    pieces = re.sub(r"(?:^|\s)\d{1,2}\.\s+(?=\S)", "\n", " ".join(lead)).strip() if numbered else " ".join(lead)
    return pieces, " ".join(support)


# Where a row of a table of indicators turns from the indicator to its value ('≥ 35', '95', '10,5 - 11,0', 'Phấn đấu ≥'),
# not a year ('… đến năm' / '2030') nor a figure that words follow.
_VALUE = re.compile(r"^(?:[≥≤<>~]|Phấn đấu\b|(?!(?:19|20)\d\d$)\d[\d.,]*(?:\s*[-–]\s*\d[\d.,]*)?\s*(?:%|\(\*\))?$)")
# A lead cell that names places ('Các tỉnh, thành phố', 'Các xã'), not a body's kind.
_PLACES = re.compile(r"^Các\s+(?:tỉnh|thành phố|xã|phường)\b")


def _value_cells(texts: list[str], width: int, lead_at: int) -> tuple[str, ...]:
    """A row of a table of indicators or targets with a lead column and no time ('TT | Chỉ tiêu | Mục tiêu | Cơ quan
    chủ trì | Cơ quan phối hợp'): the indicator up to its value, the value up to the line that names a body or starts a
    numbered piece of the lead ('1. Bộ Tài chính …'), then the lead and the coordinating bodies. A row that names no body
    keeps its indicator and value (a province's target: the province is the row's subject)."""
    label, rest = _row_label(texts)
    first = next((k for k, t in enumerate(rest) if k and (_starts_body(t, rest[k + 1] if k + 1 < len(rest) else "")
                                                         or _PLACES.match(t) or (_LEAD_ITEM.match(t) and _starts_body(
                                                             re.sub(r"^\d{1,2}\.\s+", "", t))))), len(rest))
    value = next((k for k in range(1, first) if _VALUE.match(rest[k])), first)
    lead, support = _lead_and_support(rest[first:])
    cells = [label, " ".join(rest[:value]), " ".join(rest[value:first])] + [""] * max(0, width - 3)
    cells[lead_at:lead_at + 2] = [lead, support]
    return tuple(cells[:width])


def _page_rest(task: list[str], lead: list[str], time: list[str], after: list[str],
               beside: bool) -> tuple[list[str], list[str], list[str]]:
    """A row's time and the column after it (`beside`: the heading has one), and the lines after the page's repeated
    heading left for the result, once those lines that go on with the task (in lower case, or starting with a figure
    and no time: '12 tháng 9 năm 2025 của …', where a cited date was cut) and with a lead cut after a joining word have
    been added to them."""
    note: list[str] = []
    if time and beside:
        time, note = _time_and_note(time)
    while after and (after[0][:1].islower() or (after[0][:1].isdigit() and not _BARE_WHEN.match(after[0]))):
        task.append(after.pop(0))
    if after and lead and _CONNECTOR.search(lead[-1]) and not _starts_body(after[0]):
        lead.append(after.pop(0))
    later = next((j for j, text in enumerate(after) if time and len(text) <= 20 and _BARE_NEXT_WHEN.match(text)), None)
    if later is not None and beside:
        # A row of several results, the next one's time after the page's repeated heading ('Báo cáo kết quả' /
        # 'Tháng' / '11/2026'): the row's times are both ('Tháng 5/2026; Tháng 11/2026').
        more, more_note = _time_and_note(after[later:])
        time, note, after = [*time[:-1], f"{time[-1]};", *more], [*note, *more_note], after[:later]
    return time, note, after


# A time that starts a row's next result and its time after the column beside the time ('Tháng' / '11/2026').
_BARE_NEXT_WHEN = re.compile(r"^(?:Quý|Năm|Tháng|Thường xuyên|Hằng năm|Hàng năm|Giai đoạn|\d{4}(?=\s*$|\s*[-–]))")


def _time_and_note(lines: list[str]) -> tuple[list[str], list[str]]:
    """A row's lines from its time on, where a column follows the time ('Căn cứ bổ sung', 'Ghi chú'): the time ends at
    a line that starts a word in capitals and no time ('Thường' / 'xuyên' / 'Nghị quyết' / 'số 66-NQ/TW'); the rest, a
    page's footnotes with it, is that column's, but for a short line that starts a time again: a row of several results,
    each with its time ('Báo cáo' / 'Tháng 5/2026' / 'Chương trình số 12' / 'Đề án' / 'Tháng 11/2026'), whose times are
    the row's ('Tháng 5/2026; Tháng 11/2026')."""
    time: list[str] = []
    note: list[str] = []
    timing = True
    for j, text in enumerate(lines):
        if j and timing and text[:1].isupper() and not _BARE_WHEN.match(text) and not _CONNECTOR.search(lines[j - 1]):
            timing = False
        elif not timing and len(text) <= 20 and _BARE_NEXT_WHEN.match(text):
            timing = True
            time[-1] = f"{time[-1]};"
        (time if timing else note).append(text)
    return time, note


def _next_label(text: str, above: str) -> bool:
    """'10. Xây dựng Luật …' after row 9's lines: a row whose number and task the layout printed on one line, taken as
    a row when its number follows the row above's ('9.' -> '10.', '1.3' -> '1.4' or '2.') or is its first sub-row's
    ('2' -> '2.1')."""
    m = re.match(r"^(\d{1,3})((?:\.\d{1,2}){0,2})\.?\s+[A-ZĐ\u00c0-\u1ef8]", text)
    n = re.match(r"^(\d{1,3})((?:\.\d{1,2}){0,2})", above)
    if m is None or n is None:
        return False
    if m.group(1) + m.group(2) == f"{n.group(1)}{n.group(2)}.1":
        return True
    if int(m.group(1)) == int(n.group(1)) + 1:
        return True
    return m.group(1) == n.group(1) and bool(m.group(2)) and bool(n.group(2)) \
        and m.group(2).split(".")[:-1] == n.group(2).split(".")[:-1] \
        and int(m.group(2).split(".")[-1]) == int(n.group(2).split(".")[-1]) + 1


# A heading printed in capitals wraps its cells without a lower-case line to show it: a cell goes on after a word that
# ends no column's name ('CƠ QUAN' / 'CHỦ TRÌ', 'CƠ QUAN CHỦ' / 'TRÌ, THEO DÕI', 'CẤP TRÌNH/' / 'PHÊ DUYỆT') or into one
# that starts none ('THỜI HẠN' / 'HOÀN THÀNH', 'CƠ QUAN PHỐI' / 'HỢP', 'MỤC TIÊU' / '2026 - 2030').
_CAPS_OPEN = re.compile(r"(?:\bco quan|\bdon vi|\bchu|\bphoi|\bthoi|\bhoan|\bthuc|\bphe|\bcap|[/,&-])$")
_CAPS_TAIL = re.compile(r"^(?:tri|hop|hoan thanh|thuc hien|phe duyet|theo doi|tien do|\d{4})\b")


def _caps_goes_on(cell: str, text: str) -> bool:
    """Whether a heading's line in capitals (`text`) goes on with the cell above, also in capitals."""
    if not (cell.isupper() and text.isupper()) and not (cell.isupper() and text[:1].isdigit()):
        return False
    return bool(_CAPS_OPEN.search(fold(cell)) or _CAPS_TAIL.match(fold(text)))


def _bare_heading(lines: list[str], i: int) -> list[str] | None:
    """The heading's cells when line i opens a heading printed a cell per line ('STT' then short lines, a cell's
    wrapped words in lower case), with a task and a time column among them; None otherwise."""
    if not _BARE_NUMBER.match(fold(lines[i].strip())):
        return None
    cells: list[str] = [lines[i].strip()]
    for k in range(i + 1, min(len(lines), i + 16)):
        text = lines[k].strip()
        if not text:
            continue
        if _BARE_LABEL.match(text) or _BARE_GROUP.match(text) or _BARE_ROMAN.match(text) or len(text) > 30 \
                or "|" in text:
            break
        if (text[:1].islower() or text[:1] == "(" or _caps_goes_on(cells[-1], text)) and len(cells) > 1:
            cells[-1] = f"{cells[-1]} {text}"
        else:
            cells.append(text)
    folded = [fold(c) for c in cells[1:]]
    if len(cells) >= 4 and "chu tri" in " ".join(folded[1:]) and not any(_BARE_TIME.match(c) for c in folded):
        return cells  # a table of indicators or targets: a lead column and no time ('TT | CHỈ TIÊU | … | CƠ QUAN CHỦ TRÌ')
    if len(cells) < 4 or not any(_BARE_TASK.search(c) for c in folded) or not any(_BARE_TIME.match(c) for c in folded):
        return None
    return cells


def _bare_heading_end(lines: list[str], i: int, heading: list[str]) -> int:
    """The line after a heading repeated at line i (its cells' words, in order), or i when none is there."""
    words = " ".join(heading).split()
    at, k = 0, i
    while k < len(lines) and at < len(words):
        piece = lines[k].split()
        if piece and piece != words[at:at + len(piece)]:
            return i
        at, k = at + len(piece), k + 1
    return k


def _flush_bare(rows: list[tuple[str, ...]], held: list[str], points: list[str], width: int, cut: int,
                time_at: int = 0, time_first: bool = False, lead_at: int = 0) -> None:
    """The row read (`held`, cut by a page's heading at `cut`), then its points after that heading as a row without a
    number: the task's words, in the order the text gives them."""
    if held:
        rows.append(_value_cells(held, width, lead_at) if lead_at and not time_at
                    else _bare_cells(held, width, cut or len(held), time_at, time_first))
    if points:
        rows.append(("", " ".join(points), *([""] * (width - 2))))


def bare_tables(lines: list[str], taken: Sequence[Table] = ()) -> list[Table]:
    """Tables printed a cell per line with no rules (a PDF's text layout of an annex): the heading's cells, then one row
    per number that opens a row, its cells guessed by what starts them (`_bare_cells`); the heading repeated on a
    later page is dropped from the row it cuts. A heading with the unit first is read by `_unit_first_table`."""
    out: list[Table] = []
    busy = {k for t in taken for k in range(t.line, t.end + 1)}
    i = 0
    while i < len(lines):
        heading = _bare_heading(lines, i) if i + 1 not in busy else None
        if heading is None:
            i += 1
            continue
        table, k = (_unit_first_table if _unit_first(heading) else _numbered_table)(lines, i, heading)
        out.extend([table] if table is not None else [])
        i = max(k, i + 1)
    return out


def _numbered_table(lines: list[str], i: int, heading: list[str]) -> tuple[Table | None, int]:
    """The table whose heading opens at line i (0-based), one row per number that opens a row, and the line after it."""
    width = len(heading)
    time_at = next((c for c, cell in enumerate(heading) if c and _BARE_TIME.match(fold(cell))), 0)
    lead_at = next((c for c, cell in enumerate(heading) if "chu tri" in fold(cell)), 0)
    time_first = 0 < time_at < lead_at and width == 5
    rows: list[tuple[str, ...]] = [tuple(heading)]
    starts = [i + 1]
    k = _bare_heading_end(lines, i, heading)
    held: list[str] = []
    points: list[str] = []  # a row's points ('- …') after the page's heading: more of its task, a row of their own
    last, cut, label = k, 0, ""
    while k < len(lines):
        text, end = lines[k].strip(), _past_heading(lines, k, heading)
        if end is None:
            break
        if end > k:
            k, cut = end, len(held) if held else 0
            continue
        if _opens_row(text, label, values=not time_at):
            _flush_bare(rows, held, points, width, cut, time_at, time_first, lead_at)
            held, points, cut = [text], [], 0
            label = text if text[:1].isdigit() else label  # (a group's number leaves the rows' count going on)
            starts.append(k + 1)
        elif held and cut and not points and text[:2] in ("- ", "+ "):
            points.append(text)
            starts.append(k + 1)
        elif text and (points or held):
            (points or held).append(text)
        if text:
            last = k + 1
        k += 1
    _flush_bare(rows, held, points, width, cut, time_at, time_first, lead_at)
    return (Table(starts[0], tuple(rows), tuple(starts), last) if len(rows) > 2 else None), k


def _past_heading(lines: list[str], k: int, heading: list[str]) -> int | None:
    """None where a table printed a cell per line ends at line k (the next annex, the signature, a piped line); the
    line after the heading a page repeats at k; else k."""
    text = lines[k].strip()
    if re.match(r"^(?:PHỤ LỤC|Phụ lục\s|Nơi nhận|KT\.|TM\.)", text) or "|" in text:
        return None
    return _bare_heading_end(lines, k, heading) if _BARE_NUMBER.match(fold(text)) else k


def _unit_first(heading: list[str]) -> bool:
    """Whether a heading puts the unit before its tasks ('STT | Đơn vị | Nhiệm vụ chủ trì | Đơn vị phối hợp | Thời
    gian hoàn thành'): each unit's cell spans several rows, its number and name printed amid them."""
    folded = [fold(c) for c in heading]
    return len(heading) == 5 and folded[1] in ("don vi", "co quan", "don vi chu tri", "co quan chu tri") \
        and bool(_BARE_TASK.search(folded[2])) and bool(_BARE_TIME.match(folded[4]))


def _table_body(lines: list[str], k: int, heading: list[str]) -> tuple[list[tuple[int, str]], int]:
    """A table's lines from line k (0-based) to its end, each with its index, the heading repeated on a page dropped."""
    body: list[tuple[int, str]] = []
    while k < len(lines):
        text, end = lines[k].strip(), _past_heading(lines, k, heading)
        if end is None:
            break
        if end > k:
            k = end
            continue
        if text:
            body.append((k, text))
        k += 1
    return body, k


# A unit's support cell's numbered pieces ('(1) Bộ Tư pháp', '(2) Văn phòng Chính phủ'); a time that is a plan's course
# ('Theo lộ trình của' / 'Đề án', 'Trong quá trình' / 'thực hiện Đề án').
_PIECE = re.compile(r"^\(\d{1,2}\)\s*")
_COURSE = re.compile(r"^(?:Theo lộ trình|Trong quá trình|Thường xuyên|Từ\s)")
_TIME_GOES_ON = re.compile(r"\b(?:theo|do|trong|tại|đến|của|và)$")


def _unit_first_table(lines: list[str], i: int, heading: list[str]) -> tuple[Table | None, int]:
    """A table whose unit cell spans its rows (`_unit_first`): its rows are read as records of task, partners and time
    (`_unit_records`); each unit's number and name, printed amid its rows, are taken out and given to the records
    around them (`_unit_of_records`). A unit's first record carries its number, the others none (more of its task)."""
    body, k = _table_body(lines, _bare_heading_end(lines, i, heading), heading)
    units: list[tuple[int, str, int]] = []  # (its place among the kept lines, its name, its number's line)
    kept: list[tuple[int, str]] = []
    j = 0
    while j < len(body):
        text = body[j][1]
        if re.fullmatch(r"\d{1,2}", text) and int(text) == len(units) + 1 and j + 1 < len(body):
            name = [body[j + 1][1]]
            j += 2
            while j < len(body) and len(name) < 6 and (_wraps(name[-1], body[j][1]) or len(body[j][1]) <= 16):
                name.append(body[j][1])
                j += 1
            units.append((len(kept), " ".join(name), body[j - len(name) - 1][0]))
            kept.append((body[j - 1][0], ""))  # (the unit's place among the records)
            continue
        kept.append(body[j])
        j += 1
    records = _unit_records(kept)
    if not units or len(records) < 2:
        return None, k
    rows: list[tuple[str, ...]] = [tuple(heading)]
    starts = [i + 1]
    owners = _unit_of_records([r[0] for r in records], [u for u, _, _ in units])
    for n, (place, line, task, support, time) in enumerate(records):
        first = n == 0 or owners[n] != owners[n - 1]
        rows.append((str(owners[n] + 1) if first else "", units[owners[n]][1], task, support, time))
        # (The record right after a unit's number starts on that number's line, as the row it is printed beside.)
        starts.append(next((at for u, _, at in units if u + 1 == place), line) + 1)
    return Table(starts[0], tuple(rows), tuple(starts), body[-1][0] + 1), k


def _unit_records(kept: list[tuple[int, str]]) -> list[tuple[int, int, str, str, str]]:
    """The records of a unit-first table's lines (a unit's place marked by an empty line): (its place among the lines,
    its first line, task, partners, time). A record's task runs to a line that names a body or starts a numbered piece
    ('(1) Bộ Tư pháp'), its partners to the first line that neither wraps them nor starts a piece, its time to a line
    that neither wraps it nor is in lower case, where the next record starts."""
    records: list[tuple[int, int, str, str, str]] = []
    cells: list[list[str]] = [[], [], []]
    state, place, first = 0, 0, 0
    for at, (line, text) in enumerate(kept):
        if not text:
            continue
        before = next((c[-1] for c in reversed(cells) if c), "")
        timed = bool(_BARE_WHEN.match(text) or _worded_when([before, text], 1) or _COURSE.match(text))
        if (state == 2 and not (text[:1].islower() or _wraps(before, text) or _TIME_GOES_ON.search(before))) or (
                state == 1 and not (_PIECE.match(text) or _wraps(before, text) or timed or len(text) <= 20)):
            # (A partners' cell the next task follows, its time run into it: 'Bộ Khoa học và Công nghệ Theo lộ trình'.)
            records.append((place, first, " ".join(cells[0]), "; ".join(cells[1]), " ".join(cells[2])))
            cells, state = [[], [], []], 0
        if not any(cells):
            place, first = at, line
        elif state == 0 and not _wraps(before, text) and (_PIECE.match(text) or _starts_body(text)):
            state = 1
        elif state in (0, 1) and not _PIECE.match(text) and not _wraps(before, text) and (state == 1 or (
                timed and not re.search(r"(?:giai đoạn|năm|đến|kỳ|từ)$", before))):
            state = 2
        if state == 1 and cells[1] and not _PIECE.match(text):
            cells[1][-1] = f"{cells[1][-1]} {text}"
        else:
            cells[state].append(_PIECE.sub("", text) if state == 1 else text)
    if any(cells):
        records.append((place, first, " ".join(cells[0]), "; ".join(cells[1]), " ".join(cells[2])))
    return records


def _unit_of_records(records: list[int], units: list[int]) -> list[int]:
    """Which unit each record is (records and units by their place among the table's lines): a unit's cell is printed
    amid its rows, so the records before the first unit's number are its, and those between two units' numbers are
    shared: the first unit takes as many after its number as it had before (all of them when it had none), the next
    the rest."""
    owner = [0] * len(records)
    before = sum(1 for r in records if r < units[0])
    for u, at in enumerate(units):
        after = [n for n, r in enumerate(records) if r > at and (u + 1 == len(units) or r < units[u + 1])]
        mine = after if u + 1 == len(units) or not before else after[:before]
        for n in after:
            owner[n] = u if n in mine else u + 1
        before = len(after) - len(mine)
    return owner


def _opens_row(text: str, label: str, values: bool) -> bool:
    """Whether a line opens a row of a table printed a cell per line, after the row numbered `label`: a number alone
    ('1.1', '2.', '100' after '99'), a group's ('II', 'II. Hoàn thiện …'), or a row whose number and task share a line.
    In a table of indicators (`values`), a figure alone is a row's number only when it goes on the count or starts it
    again ('95' is a value), and '2. Ủy ban nhân dân …' is a numbered piece of the lead cell."""
    if _BARE_GROUP.match(text) or _BARE_ROMAN.match(text):
        return True
    if values:
        number = re.match(r"^(\d{1,3})\.?$", text)
        return number is not None and (number.group(1) == "1" or re.match(rf"^{int(number.group(1)) - 1}\b", label)
                                       is not None)
    return bool(_BARE_LABEL.match(text) or _next_label(text, label)
                or (re.match(r"^\d{3}$", text) and re.match(rf"^{int(text) - 1}\b", label)))


# The heading cell over the units' columns ('Cơ quan thực hiện', 'Đơn vị', 'Trách nhiệm'), not over time or content.
_SPANNING = re.compile(r"thuc hien|co quan|don vi|trach nhiem|phan cong|to chuc")
_NOT_SPANNING = re.compile(r"thoi gian|thoi han|tien do|noi dung|nhiem vu|ket qua|san pham|chu tri|phoi hop")


def _sub_heading(lines: list[str], at: int, heading: tuple[str, ...]) -> tuple[tuple[str, ...], int] | None:
    """A heading of two levels ('Cơ quan thực hiện' over 'Chủ trì' | 'Phối hợp'): the heading with the spanning cell
    replaced by the cells under it, and the pipe that closes them; None when the next row is a row of data."""
    opening = _segment(lines, at + 1)
    sub = _cell_row(lines, opening[1], None) if opening is not None and not opening[0] else None
    if sub is None:
        return None
    texts = [t for _, t in sub[0]]
    if not 2 <= len(texts) < len(heading) or any(len(t) > 40 or re.search(r"\d", t) or _ROW_LABEL.match(t) or t.isupper()
                                                 for t in texts):
        return None  # a row of data, or a group's row ('I' | 'CƠ CHẾ, CHÍNH SÁCH')
    spanning = [k for k, cell in enumerate(heading) if _SPANNING.search(fold(cell)) and not _NOT_SPANNING.search(fold(cell))]
    if not spanning:
        return None
    k = spanning[0]
    return (*heading[:k], *texts, *heading[k + 1:]), sub[1]


_PLACE_PIECE = re.compile(r"^(?:[A-ZĐ\u00c0-\u1ef9][^\s,;:.\d]*|phố|xã|trấn|thị)(?:\s+(?:[A-ZĐ\u00c0-\u1ef9][^\s,;:.\d]*|phố|xã|"
                          r"trấn|thị)){0,3}$")
_UPPER_FIRST = re.compile(r"^[A-ZĐÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÈÉẺẼẸÊẾỀỂỄỆÌÍỈĨỊÒÓỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÙÚỦŨỤƯỨỪỬỮỰỲÝỶỸỴ]")


def _rejoin_place(out: list[str], i: int) -> None:
    """'Thành phố Hồ' / 'Chí Minh, ngày 18 …' and 'Đồng Tháp,' / 'ngày 01 tháng 12 năm 2025': the place and date
    line of a header cut by a narrow column, put back on the line of the date."""
    line = out[i].strip()
    if i + 1 < len(out) and line.endswith(",") and _PLACE_PIECE.match(line[:-1]) and _UPPER_FIRST.match(line) \
            and re.match(r"^ngày\b", out[i + 1].strip(), re.I):
        out[i], out[i + 1] = f"{line} {out[i + 1].strip()}", ""
        return
    if i == 0 or not re.match(r"^[^,|\d]{1,30},\s*ngày\b", line, re.I):
        return
    piece = out[i - 1].strip()
    if piece and _UPPER_FIRST.match(piece) and _PLACE_PIECE.match(piece) and not piece.isupper():
        out[i - 1], out[i] = "", f"{piece} {line}"


def _next_text(lines: list[str], i: int) -> int | None:
    """The next line after i that holds text (a lone '|' of a flattened header table does not)."""
    for k in range(i + 1, min(len(lines), i + 4)):
        if lines[k].strip(" |"):
            return k
    return None


# --------------------------------------------------------------------------- .txt


def _read_txt(path: Path) -> _Raw:
    data = path.read_bytes()
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 only with its mark: any even run of bytes would decode
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            # Old files typed in a legacy font are single-byte; Latin-1 keeps every byte for repair_legacy.
            text = data.decode("latin-1")
    raw = _Raw()
    pending: list[str] = []
    rows: list[list[str]] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        cells = _pipe_cells(line)
        if cells is not None:
            rows.append(cells)
            continue
        if rows:
            _flush_txt(raw, pending, rows)
        pending.append(line)
    _flush_txt(raw, pending, rows)
    return raw


def _pipe_cells(line: str) -> list[str] | None:
    """'| 1 | Ra quân | UBND các xã |' -> its cells; None for any other line (a lone '|' included)."""
    text = line.strip()
    if len(text) < 3 or not (text.startswith("|") and text.endswith("|")):
        return None
    cells = [c.strip() for c in text[1:-1].split("|")]
    return cells if len(cells) >= 2 else None


def _flush_txt(raw: _Raw, pending: list[str], rows: list[list[str]]) -> None:
    if pending:
        raw.blocks.append("\n".join(pending))
        pending.clear()
    if rows:
        width = max(len(r) for r in rows)
        raw.blocks.append([r + [""] * (width - len(r)) for r in rows])
        rows.clear()


# --------------------------------------------------------------------------- .docx


_WORD_NS = ("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
            "http://purl.oclc.org/ooxml/wordprocessingml/main")


def _w(tag: str) -> set[str]:
    return {f"{{{ns}}}{tag}" for ns in _WORD_NS}


W_P, W_TBL, W_TR, W_TC, W_T, W_TAB, W_BR, W_CR = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("t"), _w("tab"), _w("br"), _w("cr")
W_NOBREAK, W_BODY, W_TXBX = _w("noBreakHyphen"), _w("body"), _w("txbxContent")
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _open_member(path: Path, z: zipfile.ZipFile, name: str) -> IO[bytes] | None:
    """A .docx part, after checking what it declares it will inflate to; None when absent."""
    try:
        info = z.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_XML_BYTES or (info.file_size > 1_000_000
                                          and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
        raise DocumentError(f"{path}: its part {name} would inflate to {info.file_size:,} bytes from "
                            f"{info.compress_size:,} (a zip bomb?); refused")
    # zipfile never inflates past the declared size, so the check above bounds what is read.
    return z.open(info)


def _refuse_dtd(path: Path, head: bytes) -> None:
    """Word writes no DTD: one declaring entities is an attack ('billion laughs'), refused before any parser runs."""
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise DocumentError(f"{path}: its XML declares entities (a DTD), which Word never writes "
                            f"(a 'billion laughs' file?); refused")


def _xml_events(path: Path, source: IO[bytes], events: tuple[str, ...] = ("end",)) -> Iterator[tuple[str, Any]]:
    """lxml's iterparse with entities left unexpanded and any DTD refused (a 'billion laughs' file)."""
    from lxml import etree

    parser = etree.iterparse(source, events=("start", *events), resolve_entities=False, load_dtd=False,
                             no_network=True, huge_tree=False, remove_comments=True)
    checked = False
    try:
        for event, el in parser:
            if not checked:
                checked = True
                if el.getroottree().docinfo.internalDTD is not None:
                    raise DocumentError(f"{path}: its XML declares entities (a DTD), which Word never writes "
                                        f"(a 'billion laughs' file?); refused")
            if event in events:
                yield event, el
    except etree.XMLSyntaxError as exc:
        raise DocumentError(f"{path}: not a readable Word .docx file (damaged XML: {exc})",
                            vi=f"“{path}”: không đọc được tệp Word .docx (tệp bị hỏng)") from exc


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""An OLE compound file: a Word 97-2003 .doc, or a .docx Word locked with a password ('EncryptedPackage' inside)."""


def _read_docx(path: Path) -> _Raw:
    try:
        z = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        _refuse_ole(path)
        raise DocumentError(f"{path}: not a readable Word .docx file ({exc})",
                            vi=f"“{path}”: không đọc được tệp Word .docx (tệp bị hỏng)") from exc
    try:
        with z:
            numbering = _Numbering.load(path, z)
            body = _open_member(path, z, "word/document.xml")
            if body is None:
                raise DocumentError(f"{path}: not a readable Word .docx file (no word/document.xml)",
                                    vi=f"“{path}”: không đọc được tệp Word .docx (tệp bị hỏng)")
            with body:
                _refuse_dtd(path, body.read(65536))
            body = _open_member(path, z, "word/document.xml")
            assert body is not None
            with body:
                return _docx_blocks(path, body, numbering)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError) as exc:
        raise DocumentError(f"{path}: not a readable Word .docx file ({exc})",
                            vi=f"“{path}”: không đọc được tệp Word .docx (tệp bị hỏng)") from exc


def _refuse_ole(path: Path) -> None:
    """A .docx that is an OLE file is said for what it is: locked with a password, or an old .doc renamed."""
    try:
        with path.open("rb") as fh:
            head = fh.read(len(_OLE))
        if head != _OLE:
            return
        locked = "EncryptedPackage".encode("utf-16-le") in path.read_bytes()  # within MAX_FILE_BYTES: read_document checked
    except OSError:
        return
    if locked:
        raise DocumentError(f"{path}: the Word file is locked with a password; remove it in Word and save again",
                            vi=f"“{path}”: tệp Word được khóa bằng mật khẩu nên không đọc được; hãy mở bằng Word, bỏ "
                               "mật khẩu (Tệp > Thông tin > Bảo vệ tài liệu > Mã hóa bằng mật khẩu), lưu lại rồi chạy "
                               "lại, hoặc dùng bản .txt của văn bản")
    raise DocumentError(f"{path}: a Word 97-2003 .doc file named .docx; save it as .docx in Word",
                        vi=f"“{path}”: đây là tệp Word 97-2003 (.doc) mang đuôi .docx; hãy mở bằng Word và lưu lại "
                           "thành .docx")


def _docx_blocks(path: Path, body: IO[bytes], numbering: _Numbering) -> _Raw:
    raw = _Raw()
    count = 0
    pending: list[str] = []
    for _, el in _xml_events(path, body):
        tag = el.tag
        if tag not in W_P and tag not in W_TBL:
            continue
        if _inside(el, W_TBL) or _inside(el, W_P) or _inside(el, W_TXBX):
            continue  # read with the table or paragraph that holds it
        count += 1
        if count > MAX_BLOCKS:
            raise DocumentError(f"{path}: more than {MAX_BLOCKS:,} paragraphs; a directive is read up to that",
                                vi=f"“{path}”: nhiều hơn {MAX_BLOCKS:,} đoạn, mức tối đa một văn bản được đọc")
        if tag in W_P:
            pending.append(_paragraph_text(el, numbering))
        else:
            rows = _table_rows(el, numbering)
            if _layout_table(rows):
                pending += _layout_lines(rows)
            else:
                raw.blocks.append("\n".join(pending))
                pending = []
                raw.blocks.append(rows)
        # Parsed blocks are dropped as they are read: memory stays that of one block.
        el.clear()
        parent = el.getparent()
        while parent is not None and el.getprevious() is not None:
            del parent[0]
    raw.blocks.append("\n".join(pending))
    return raw


def _inside(el: Any, tags: set[str]) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def _paragraph_text(p: Any, numbering: _Numbering) -> str:
    out: list[str] = []
    for el in p.iter():
        tag = el.tag
        if tag in W_T:
            if not _inside_fallback(el, p):
                out.append(el.text or "")
        elif tag in W_TAB:
            out.append(" ")
        elif tag in W_BR or tag in W_CR:
            out.append("\n")
        elif tag in W_NOBREAK:
            out.append("-")
    text = "".join(out)
    label = numbering.label(p)
    return f"{label} {text}" if label and text.strip() else text


def _inside_fallback(el: Any, stop: Any) -> bool:
    """Text in mc:Fallback repeats the mc:Choice beside it (a text box written twice for old readers)."""
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == _FALLBACK:
            return True
        parent = parent.getparent()
    return False


def _table_rows(tbl: Any, numbering: _Numbering) -> list[list[str]]:
    """The table's grid: a cell spanning columns repeats its text across them, a vertically merged cell down them."""
    grid: list[list[str]] = []
    for tr in (el for el in tbl.iter() if el.tag in W_TR and _nearest(el, W_TBL) is tbl):
        row: list[str] = []
        for tc in (el for el in tr.iter() if el.tag in W_TC and _nearest(el, W_TR) is tr):
            text = "\n".join(_cell_lines(tc, numbering))
            span, merge = _cell_props(tc)
            if merge == "continue":
                above = grid[-1] if grid else []
                text = above[len(row)] if len(row) < len(above) else ""
            row += [text] * span
        grid.append(row)
    width = max((len(r) for r in grid), default=0)
    return [r + [""] * (width - len(r)) for r in grid]


def _nearest(el: Any, tags: set[str]) -> Any:
    parent = el.getparent()
    while parent is not None and parent.tag not in tags:
        parent = parent.getparent()
    return parent


def _cell_lines(tc: Any, numbering: _Numbering) -> list[str]:
    lines: list[str] = []
    for el in tc.iter():
        if el.tag in W_P and _nearest(el, W_TC) is tc and not _inside(el, W_TXBX):
            lines += _paragraph_text(el, numbering).split("\n")
        elif el.tag in W_TBL and _nearest(el, W_TC) is tc:
            lines += [table_line(r) for r in _table_rows(el, numbering)]
    return lines


def _cell_props(tc: Any) -> tuple[int, str]:
    span, merge = 1, ""
    for el in tc:
        if el.tag.endswith("}tcPr"):
            for prop in el:
                name = prop.tag.rsplit("}", 1)[-1]
                value = next((v for k, v in prop.attrib.items() if k.endswith("}val")), None)
                if name == "gridSpan" and value and value.isdigit():
                    span = max(1, min(int(value), 64))
                elif name == "vMerge":
                    merge = "restart" if value == "restart" else "continue"
    return span, merge


def _layout_table(rows: list[list[str]]) -> bool:
    """A table only placing text (the header's two columns, the signature beside 'Nơi nhận'), not data.

    Data tables (a plan's tasks) have at least three columns holding text, or a number down their first
    column; layout tables have one or two rows of two columns, or carry the document's own marks.
    """
    filled = [c for c in range(len(rows[0]) if rows else 0) if any(r[c].strip() for r in rows)]
    text = " ".join(c for r in rows for c in r)
    if re.search(r"CỘNG HÒA|CỘNG HOÀ|Nơi nhận|Độc lập\s*-\s*Tự do", text):
        return True
    numbered = sum(1 for r in rows[1:] if filled and re.match(r"^\s*[\dIVX]+[.)]?\s*$", r[filled[0]]))
    return not ((len(filled) >= 3 and len(rows) >= 2) or (len(filled) == 2 and numbered >= 2))


def _layout_lines(rows: list[list[str]]) -> list[str]:
    """A layout table's text, each row's cells one after the other (the left column first), merged cells once."""
    out: list[str] = []
    for row in rows:
        previous = None
        for cell in row:
            if cell != previous:
                out += cell.split("\n")
            previous = cell
    return out


class _Numbering:
    """Word's automatic list numbers ('1.', 'a)', 'II.', bullets): Word writes them nowhere in the text."""

    def __init__(self, levels: dict[str, dict[int, tuple[str, str, int]]], nums: dict[str, tuple[str, dict[int, int]]],
                 styles: dict[str, tuple[str, int]]) -> None:
        self.levels = levels  # abstract id -> level -> (format, text, start)
        self.nums = nums  # num id -> (abstract id, level -> start override)
        self.styles = styles  # paragraph style id -> (num id, level)
        self.counters: dict[str, list[int]] = {}
        self.started: set[str] = set()

    @classmethod
    def load(cls, path: Path, z: zipfile.ZipFile) -> _Numbering:
        levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        nums: dict[str, tuple[str, dict[int, int]]] = {}
        styles: dict[str, tuple[str, int]] = {}
        source = _open_member(path, z, "word/numbering.xml")
        if source is not None:
            with source:
                for _, el in _xml_events(path, source):
                    name = el.tag.rsplit("}", 1)[-1]
                    if name == "abstractNum":
                        levels[_attr(el, "abstractNumId")] = {
                            int(_attr(lvl, "ilvl") or 0): (_child_val(lvl, "numFmt") or "decimal",
                                                            _child_val(lvl, "lvlText") or "",
                                                            int(_child_val(lvl, "start") or 1))
                            for lvl in el if lvl.tag.endswith("}lvl") and (_attr(lvl, "ilvl") or "0").isdigit()}
                    elif name == "num":
                        overrides = {int(_attr(o, "ilvl") or 0): int(_child_val(o, "startOverride") or 1)
                                     for o in el if o.tag.endswith("}lvlOverride") and _child_val(o, "startOverride")}
                        nums[_attr(el, "numId")] = (_child_val(el, "abstractNumId") or "", overrides)
        source = _open_member(path, z, "word/styles.xml")
        if source is not None:
            with source:
                based: dict[str, str] = {}
                for _, el in _xml_events(path, source):
                    if el.tag.endswith("}style"):
                        sid = _attr(el, "styleId")
                        for ppr in (c for c in el if c.tag.endswith("}pPr")):
                            num = _num_pr(ppr)
                            if num is not None:
                                styles[sid] = num
                        parent = next((_attr(c, "val") for c in el if c.tag.endswith("}basedOn")), "")
                        if parent:
                            based[sid] = parent
                for sid in list(based):
                    seen, cur = 0, sid
                    while cur not in styles and cur in based and seen < 10:
                        cur, seen = based[cur], seen + 1
                    if cur in styles and sid not in styles:
                        styles[sid] = styles[cur]
        return cls(levels, nums, styles)

    def label(self, p: Any) -> str:
        ppr = next((c for c in p if c.tag.endswith("}pPr")), None)
        if ppr is None:
            return ""
        num = _num_pr(ppr)
        if num is None:
            style = next((_attr(c, "val") for c in ppr if c.tag.endswith("}pStyle")), "")
            num = self.styles.get(style)
        if num is None or num[0] in ("", "0") or num[0] not in self.nums:
            return ""
        num_id, level = num
        abstract, overrides = self.nums[num_id]
        defs = self.levels.get(abstract, {})
        if level not in defs:
            return ""
        counters = self.counters.setdefault(abstract, [0] * 10)
        if num_id not in self.started:
            self.started.add(num_id)
            for lv, start in overrides.items():
                if 0 <= lv < 10:
                    counters[lv] = start - 1
        level = max(0, min(level, 9))
        counters[level] = counters[level] + 1 if counters[level] else defs[level][2]
        for deeper in range(level + 1, 10):
            counters[deeper] = 0
        fmt, text, _ = defs[level]
        if fmt == "bullet":
            return "-"
        if fmt == "none":
            return ""

        def one(m: re.Match[str]) -> str:
            lv = int(m.group(1)) - 1
            if not 0 <= lv < 10:
                return ""
            value = counters[lv] or defs.get(lv, ("decimal", "", 1))[2]
            return _format_number(value, defs.get(lv, ("decimal", "", 1))[0])

        return re.sub(r"%(\d)", one, text).strip()


def _attr(el: Any, name: str) -> str:
    return next((v for k, v in el.attrib.items() if k.rsplit("}", 1)[-1] == name), "")


def _child_val(el: Any, name: str) -> str:
    return next((_attr(c, "val") for c in el if c.tag.rsplit("}", 1)[-1] == name), "")


def _num_pr(ppr: Any) -> tuple[str, int] | None:
    for c in ppr:
        if c.tag.endswith("}numPr"):
            num_id = _child_val(c, "numId")
            level = _child_val(c, "ilvl")
            return num_id, int(level) if level.isdigit() else 0
    return None


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        while n > 0:
            n, r = divmod(n - 1, 26)
            letters = "abcdefghijklmnopqrstuvwxyz"[r] + letters
        return letters if fmt == "lowerLetter" else letters.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(n)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + numeral, n - value
    return out


# --------------------------------------------------------------------------- .pdf


def _read_pdf(path: Path) -> _Raw:
    check_pdf_streams(path)
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    raw = _Raw()
    stamped = _flattened(path)
    try:
        with pdfplumber.open(stamped[0] if stamped else path) as pdf, \
                pdfplumber.open(path) if stamped else contextlib.nullcontext() as unstamped:
            if len(pdf.pages) > MAX_PAGES:
                raise DocumentError(f"{path}: {len(pdf.pages)} pages; a directive is read up to {MAX_PAGES}",
                                    vi=f"“{path}”: {len(pdf.pages)} trang; văn bản chỉ được đọc tới {MAX_PAGES} trang")
            chars = 0
            previous: list[list[str]] | None = None
            for number, page in enumerate(pdf.pages, start=1):
                chars += len(page.chars)
                if chars > MAX_CHARS:
                    raise DocumentError(f"{path}: more than {MAX_CHARS:,} characters; a directive is read up to that",
                                        vi=f"“{path}”: dài hơn {MAX_CHARS:,} ký tự, mức tối đa một văn bản được đọc")
                previous = _append_page(raw, _page_items(path, raw, page, number, unstamped, stamped), previous)
                page.close()
    except (PDFSyntaxError, PSException, OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise DocumentError(f"{path}: not a readable PDF ({type(exc).__name__}: {exc})",
                            vi=f"“{path}”: không đọc được tệp PDF (tệp bị hỏng hoặc không phải PDF)") from exc
    except Exception as exc:  # pdfminer raises bare Exception subclasses of its own on damaged files
        if isinstance(exc, TrackerError):
            raise
        if _locked(exc):
            raise DocumentError(f"{path}: the PDF is locked with a password; give a copy without one",
                                vi=f"“{path}”: tệp PDF được khóa bằng mật khẩu nên không đọc được; hãy mở tệp bằng "
                                   "mật khẩu rồi lưu (hoặc in) ra một tệp PDF không có mật khẩu, hoặc dùng bản .docx "
                                   "hay .txt của văn bản") from exc
        if type(exc).__module__.startswith(("pdfminer", "pdfplumber", "pypdfium2")):
            raise DocumentError(f"{path}: not a readable PDF ({type(exc).__name__}: {exc})",
                                vi=f"“{path}”: không đọc được tệp PDF (tệp bị hỏng hoặc không phải PDF)") from exc
        raise
    if not any(isinstance(b, list) or b.strip() for b in raw.blocks):
        raise DocumentError(f"{path}: the PDF has no text layer and no image to read (an empty page?)",
                            vi=f"“{path}”: tệp PDF không có chữ và không có ảnh để đọc (trang trắng?)")
    return raw


def _page_items(path: Path, raw: _Raw, page: Any, number: int, unstamped: Any,
                stamped: tuple[io.BytesIO, set[int]] | None) -> list[str | list[list[str]]]:
    """A page's lines and tables: its text read by its layout (a stamp flattened into it read in place, its lines cut
    by the page's own glyphs), or a scan read by OCR."""
    if page.chars:
        own = None
        if unstamped is not None and stamped and number in stamped[1]:
            own = _own_chars(unstamped.pages[number - 1])
        return _pdf_page(page, first=number == 1, own=own)
    if page.images:
        items = _ocr_page(path, page, number)
        raw.ocr_pages.append(number)
        return items
    return []


def _locked(exc: BaseException) -> bool:
    """pdfminer's PDFPasswordIncorrect, as raised or as pdfplumber wraps it (PdfminerException(PDFPasswordIncorrect()))."""
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    return isinstance(exc, PDFPasswordIncorrect) or any(isinstance(a, PDFPasswordIncorrect) for a in exc.args) or \
        isinstance(exc.__cause__, PDFPasswordIncorrect)
def _flattened(path: Path) -> tuple[io.BytesIO, set[int]] | None:
    """The PDF with its annotations' appearances drawn into the pages, and the pages (1-based) that had some.

    An electronically signed directive carries its number and day in the signature's widget annotations
    ('Số: 173/KH-UBND', 'ngày 28 tháng 4'): they are stamped on the page after signing, as appearance
    streams pdfplumber does not read. PDFium flattens them as a printer would; None when no page has an
    annotation to flatten on a page with text of its own (or PDFium cannot open the file: pdfplumber then says
    what is wrong with it).
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        doc = pdfium.PdfDocument(str(path))
    except Exception:  # a damaged or encrypted file: read as it is, and refused in words by pdfplumber if need be
        return None
    try:
        if len(doc) > MAX_PAGES:
            return None
        pages = set()
        for k in range(len(doc)):
            page = doc[k]
            # A scan's page (no text of its own) is read by OCR as it is: its stamps are in the picture read.
            if pdfium_c.FPDFPage_GetAnnotCount(page) and page.get_textpage().count_chars() and \
                    pdfium_c.FPDFPage_Flatten(page, pdfium_c.FLAT_PRINT) == pdfium_c.FLATTEN_SUCCESS:
                pages.add(k + 1)
            page.close()
        if not pages:
            return None
        out = io.BytesIO()
        doc.save(out)
    except Exception:
        return None
    finally:
        doc.close()
    out.seek(0)
    return out, pages


def _append_page(raw: _Raw, items: list[str | list[list[str]]], previous: list[list[str]] | None) -> list[list[str]] | None:
    """Add a page's lines and tables; a table that runs on from the page before continues it."""
    for k, item in enumerate(items):
        if isinstance(item, list):
            first_on_page = not any(isinstance(i, str) and i.strip() for i in items[:k])
            if first_on_page and previous is not None and len(item[0]) == len(previous[0]) and raw.blocks \
                    and raw.blocks[-1] is previous:
                rows = item[1:] if item[0] == previous[0] else item
                if rows and not rows[0][0].strip() and any(c.strip() for c in rows[0]):
                    # A row cut by the page break: its end is the next page's first row, without a number.
                    previous[-1] = [f"{a} {b}".strip() for a, b in zip(previous[-1], rows[0], strict=True)]
                    rows = rows[1:]
                previous.extend(rows)
                continue
            raw.blocks.append(item)
            previous = item
        else:
            raw.blocks.append(item)
            if item.strip():
                previous = None
    return previous


@dataclass(frozen=True)
class _Word:
    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    stamped: bool = False
    """Drawn by an annotation's appearance (an e-signature's number or day), not by the page."""
    own_x0: float = 0.0
    own_x1: float = 0.0
    """The part of the word the page draws itself, where a stamp's glyphs ran into it ('Số:173'); 0, 0: x0, x1."""

    @property
    def own(self) -> tuple[float, float] | None:
        if self.stamped:
            return None
        return (self.own_x0, self.own_x1) if self.own_x1 else (self.x0, self.x1)

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)


def _pdf_page(page: Any, first: bool, own: set[tuple[str, int, int]] | None = None) -> list[str | list[list[str]]]:
    """A page's lines and tables; `own` (the page's own glyphs, on a page with stamps flattened into it) tells the
    stamps' words apart, so that they fill the gaps they were drawn in without changing how the page is laid out."""
    if own is not None:
        page = _without_covered_blanks(page)
    words = [_Word(w["x0"], w["x1"], w["top"], w["bottom"], w["text"], *_own_span(w["chars"], own))
             for w in page.extract_words(x_tolerance=1.5, y_tolerance=3, keep_blank_chars=False, use_text_flow=False,
                                         return_chars=True)]
    tables: list[tuple[float, list[list[str]], tuple[float, float, float, float]]] = []
    if page.edges:  # ruled tables only: a page without lines has none, and finding them costs time
        for t in page.find_tables():
            rows = _pdf_table(t, words)
            if len(rows) >= 2 and len(rows[0]) >= 2 and not _layout_table(rows):
                tables.append((t.bbox[1], rows, t.bbox))
    if tables:
        words = [w for w in words if not any(_within(w, bbox) for _, _, bbox in tables)]
    return _layout(words, [(top, rows) for top, rows, _ in tables], page_furniture=not first)


def _char_key(c: dict[str, Any]) -> tuple[str, int, int]:
    return c["text"], round(c["x0"] * 2), round(c["top"] * 2)


def _own_chars(page: Any) -> set[tuple[str, int, int]]:
    """The glyphs a page draws itself (read before its annotations were flattened into it)."""
    return {_char_key(c) for c in page.chars}


def _own_span(chars: list[dict[str, Any]], own: set[tuple[str, int, int]] | None) -> tuple[bool, float, float]:
    """(drawn by a stamp only, the x0 and x1 of the word's own glyphs) for _Word; a page without stamps: all own."""
    mine = [c for c in chars if own is None or _char_key(c) in own]
    if not mine:
        return True, 0.0, 0.0
    return False, min(c["x0"] for c in mine), max(c["x1"] for c in mine)


def _without_covered_blanks(page: Any) -> Any:
    """The page without the blanks a stamp was drawn over: the form's 'Số:      /KH-UBND' left spaces where the
    number went, and those spaces, between the number's digits in reading order, would cut it ('1 7 3').
    A blank is covered when it starts inside a glyph; the one that starts where a word ends still parts them."""
    inked: dict[int, list[tuple[float, float]]] = {}
    for c in page.chars:
        if c["text"].strip():
            inked.setdefault(round(c["top"] / 4), []).append((c["x0"], c["x1"]))

    def covered(c: dict[str, Any]) -> bool:
        band, start = round(c["top"] / 4), c["x0"]
        return any(x0 - 0.5 < start < x1 - 0.5 for b in (band - 1, band, band + 1) for x0, x1 in inked.get(b, ()))

    return page.filter(lambda obj: obj.get("object_type") != "char" or obj["text"].strip() != "" or not covered(obj))


def _within(w: _Word, bbox: tuple[float, float, float, float]) -> bool:
    cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
    return bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]


def _pdf_table(table: Any, words: list[_Word]) -> list[list[str]]:
    """A ruled table's grid from its cells' boxes: each box's words, in every grid cell the box covers."""
    cells = [c for c in table.cells if c is not None]
    xs = sorted({round(c[0], 1) for c in cells} | {round(c[2], 1) for c in cells})
    ys = sorted({round(c[1], 1) for c in cells} | {round(c[3], 1) for c in cells})
    xs, ys = _merge_close(xs), _merge_close(ys)
    if len(xs) < 2 or len(ys) < 2:
        return []
    grid = [["" for _ in range(len(xs) - 1)] for _ in range(len(ys) - 1)]
    for box in cells:
        inside = [w for w in words if _within(w, box)]
        text = ""
        for line in _group_lines(inside):
            # A narrow column wraps its text: lines join with a space, save those that start a point of a list.
            piece = _line_text(line)
            text = piece if not text else f"{text}\n{piece}" if re.match(r"^([-+•]|\d{1,2}[.)])\s", piece) \
                else f"{text} {piece}"
        cols = [k for k in range(len(xs) - 1) if box[0] - 1 <= (xs[k] + xs[k + 1]) / 2 <= box[2] + 1]
        rows = [k for k in range(len(ys) - 1) if box[1] - 1 <= (ys[k] + ys[k + 1]) / 2 <= box[3] + 1]
        for r in rows:
            for c in cols:
                grid[r][c] = text
    # Columns too narrow to hold a cell (a rule drawn twice) leave empty columns: dropped.
    keep = [c for c in range(len(xs) - 1) if any(row[c] for row in grid)]
    return [[row[c] for c in keep] for row in grid if any(row[c] for c in keep)]


def _merge_close(values: list[float], gap: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in values:
        if not out or v - out[-1] > gap:
            out.append(v)
    return out


def _group_lines(words: Sequence[_Word]) -> list[list[_Word]]:
    """Words on one baseline, left to right; lines top to bottom."""
    lines: list[list[_Word]] = []
    for w in sorted(words, key=lambda w: (round(w.top, 0), w.x0)):
        centre = (w.top + w.bottom) / 2
        for line in reversed(lines[-3:]):
            top = min(x.top for x in line)
            bottom = max(x.bottom for x in line)
            if top - 0.2 * w.height <= centre <= bottom + 0.2 * w.height and abs(line[0].top - w.top) < 0.7 * w.height:
                line.append(w)
                break
        else:
            lines.append([w])
    for line in lines:
        line.sort(key=lambda w: w.x0)
    lines.sort(key=lambda line: min(w.top for w in line))
    return lines


def _line_text(line: Sequence[_Word]) -> str:
    return " ".join(w.text for w in line)


def _segments(line: list[_Word]) -> list[list[_Word]]:
    """A line cut where a gap is far wider than a space: the two columns of a header or a signature."""
    height = sorted(w.height for w in line)[len(line) // 2]
    out: list[list[_Word]] = [[line[0]]]
    end = line[0].own
    for w in line[1:]:
        span = w.own
        # A stamp's words fill the gap they were drawn in: the page's own words alone say where a line is cut.
        if span is not None and end is not None and span[0] - end[1] > max(2.2 * height, 20.0):
            out.append([w])
        else:
            out[-1].append(w)
        end = span or end
    return out


_PAGE_NUMBER = re.compile(r"^(?:[-–—\s]*\d{1,3}[-–—\s]*|Trang\s+\d{1,3}(?:\s*/\s*\d{1,3})?)$", re.I)


def _layout(words: list[_Word], tables: list[tuple[float, list[list[str]]]],
            page_furniture: bool) -> list[str | list[list[str]]]:
    """A page's lines in reading order: a two-column region (header, signature) column by column, tables in place."""
    lines = _group_lines(words)
    if page_furniture and lines and _PAGE_NUMBER.match(_line_text(lines[0])):
        lines = lines[1:]  # a page number at the head of a page cuts a paragraph in two
    if lines and _PAGE_NUMBER.match(_line_text(lines[-1])):
        lines = lines[:-1]
    segmented = [_segments(line) for line in lines]
    out: list[tuple[float, str | list[list[str]]]] = []
    i = 0
    while i < len(segmented):
        region = _column_region(segmented, i)
        if region is None:
            segs = segmented[i]
            top = min(w.top for w in lines[i])
            out += [(top + k * 0.001, _line_text(s)) for k, s in enumerate(segs)]
            i += 1
            continue
        start, end, gutter = region
        top = min(w.top for w in lines[start])
        left = [_line_text(s) for segs in segmented[start:end] for s in segs if s[-1].x1 <= gutter]
        right = [_line_text(s) for segs in segmented[start:end] for s in segs if s[-1].x1 > gutter]
        out += [(top + k * 0.001, text) for k, text in enumerate([*left, *right])]
        i = end
    out += [(top, rows) for top, rows in tables]
    out.sort(key=lambda item: item[0])
    return [item for _, item in out]


def _column_region(segmented: list[list[list[_Word]]], i: int) -> tuple[int, int, float] | None:
    """Lines i.. that sit in two columns with a common gutter: (start, end, the gutter's x), or None."""
    segs = segmented[i]
    if len(segs) < 2:
        return None
    # The widest gap of the line is the gutter's first guess; the lines around narrow it down.
    k = max(range(len(segs) - 1), key=lambda k: segs[k + 1][0].x0 - segs[k][-1].x1)
    lo, hi = segs[k][-1].x1, segs[k + 1][0].x0
    height = segs[0][0].height
    end = i + 1
    while end < len(segmented):
        nxt = segmented[end]
        spans = [(s[0].x0, s[-1].x1) for s in nxt]
        gap = min(w.top for s in nxt for w in s) - max(w.bottom for s in segmented[end - 1] for w in s)
        if len(nxt) == 1 and gap > 2.5 * height:
            break  # a line on its own far below (the title under the header) is no longer in the columns
        if any(a < hi and b > lo for a, b in spans):
            # A line reaching into the gutter ends the region, unless the gutter can narrow around it.
            band = _narrow(lo, hi, spans)
            if band is None:
                break
            lo, hi = band
        end += 1
    if end - i < 2 and len(segs) == 2:
        return None  # one line of two pieces: written piece by piece, in order, by the caller
    return i, end, (lo + hi) / 2


def _narrow(lo: float, hi: float, spans: list[tuple[float, float]]) -> tuple[float, float] | None:
    """The widest part of the band lo..hi that no span covers, if at least 6 points wide."""
    free = [(lo, hi)]
    for a, b in spans:
        free = [piece for x, y in free for piece in ((x, min(y, a)), (max(x, b), y)) if piece[1] - piece[0] > 0]
    best = max(free, key=lambda f: f[1] - f[0], default=None)
    return best if best is not None and best[1] - best[0] >= 6 else None


# --------------------------------------------------------------------------- inflating, counted


_STREAM = re.compile(rb"stream\r?\n")
_ZLIB_HEAD = re.compile(rb"\x78[\x01\x5e\x9c\xda]")


def check_pdf_streams(path: Path) -> None:
    """Refuse a PDF whose compressed streams inflate past the limits, before any parser inflates them.

    Every deflated stream of the file is inflated here chunk by chunk and counted, never kept (and its
    output inflated again when it is itself deflated data, as a filter chain would): an image up to
    MAX_IMAGE_BYTES, any other stream up to MAX_STREAM_BYTES, all other streams together up to
    MAX_STREAMS_TOTAL. An encrypted PDF's streams are checked after decryption, through pdfminer.
    """
    data = path.read_bytes()
    total = 0
    for m in _STREAM.finditer(data):
        start = m.end()
        if not _ZLIB_HEAD.match(data, start):
            continue
        image = b"/Image" in data[max(0, m.start() - 1500):m.start()].rsplit(b" obj", 1)[-1]
        limit = MAX_IMAGE_BYTES if image else MAX_STREAM_BYTES
        size = _inflated_size(memoryview(data)[start:], limit)
        if size > limit:
            kind = "an image" if image else "a stream"
            raise DocumentError(f"{path}: {kind} of the PDF inflates to more than {limit:,} bytes "
                                f"(a PDF bomb?); refused")
        if not image:
            total += size
            if total > MAX_STREAMS_TOTAL:
                raise DocumentError(f"{path}: the PDF's streams inflate to more than {MAX_STREAMS_TOTAL:,} bytes "
                                    f"together (a PDF bomb?); refused")
    if b"/Encrypt" in data:
        _check_encrypted(path, data)


def _inflated_size(source: memoryview, limit: int, depth: int = 0) -> int:
    """Bytes a zlib stream at the start of `source` inflates to (stopping past `limit`), nested streams too."""
    import zlib

    d = zlib.decompressobj()
    inner: Callable[[bytes], int] | None = None
    inner_size = 0
    size = 0
    pos = 0
    head = b""
    while pos < len(source) and not d.eof:
        chunk = bytes(source[pos:pos + 65536])
        pos += 65536
        try:
            out = d.decompress(chunk, 1 << 20)
            while out:
                size += len(out)
                if depth < 3:
                    if inner is None and len(head) < 2:
                        head += out[:2 - len(head)]
                        if len(head) == 2 and _ZLIB_HEAD.fullmatch(head):
                            inner = _nested(limit, depth)
                    if inner is not None:
                        inner_size = inner(out)
                if size > limit or inner_size > limit:
                    return max(size, inner_size)
                out = d.decompress(d.unconsumed_tail, 1 << 20) if d.unconsumed_tail else b""
        except zlib.error:
            break
    return max(size, inner_size)


def _nested(limit: int, depth: int) -> Callable[[bytes], int]:
    """A counter for deflated data inside deflated data (FlateDecode twice), fed chunk by chunk."""
    import zlib

    d = zlib.decompressobj()
    state = [0]

    def feed(chunk: bytes) -> int:
        if d.eof:
            return state[0]
        try:
            out = d.decompress(chunk, 1 << 20)
            while out:
                state[0] += len(out)
                if state[0] > limit:
                    break
                out = d.decompress(d.unconsumed_tail, 1 << 20) if d.unconsumed_tail else b""
        except zlib.error:
            pass
        return state[0]

    return feed


def _check_encrypted(path: Path, data: bytes) -> None:
    """Streams of an encrypted PDF (opened with the empty password, as readers do) checked after decryption."""
    import io

    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream

    try:
        doc = PDFDocument(PDFParser(io.BytesIO(data)))
        ids = [i for xref in doc.xrefs for i in xref.get_objids()]
    except Exception:  # the text reader reports an unreadable file in its own words
        return
    for objid in ids[:200_000]:
        try:
            obj = doc.getobj(objid)
        except Exception:
            continue
        if not isinstance(obj, PDFStream) or obj.rawdata is None:
            continue
        raw = obj.rawdata
        if obj.decipher is not None and obj.objid is not None and obj.genno is not None:
            raw = obj.decipher(obj.objid, obj.genno, raw, obj.attrs)
        if any(f in LITERALS_FLATE_DECODE for f, _ in obj.get_filters()):
            image = str(obj.attrs.get("Subtype", "")).endswith("Image'")
            limit = MAX_IMAGE_BYTES if image else MAX_STREAM_BYTES
            if _inflated_size(memoryview(raw), limit) > limit:
                raise DocumentError(f"{path}: a stream of the PDF inflates to more than {limit:,} bytes "
                                    f"(a PDF bomb?); refused")


# --------------------------------------------------------------------------- OCR


OCR_HINT = ("install the optional extra (pip install 'tracker[ocr]') and Tesseract with Vietnamese "
            "(apt-get install tesseract-ocr tesseract-ocr-vie), or give the .docx or a .txt copy of the text")


def ocr_available() -> str | None:
    """None when a scan can be read here; else why not, in one line."""
    try:
        import pytesseract
    except ImportError:
        return "pytesseract is not installed"
    try:
        languages = pytesseract.get_languages(config="")
    except (pytesseract.TesseractNotFoundError, pytesseract.TesseractError, OSError) as exc:
        return f"Tesseract cannot be run ({type(exc).__name__})"
    if "vie" not in languages:
        return "Tesseract has no Vietnamese data (vie)"
    return None


def _ocr_page(path: Path, page: Any, number: int) -> list[str | list[list[str]]]:
    why = ocr_available()
    if why is not None:
        raise DocumentError(f"{path}: page {number} has no text layer (a scan?) and cannot be read by OCR here: "
                            f"{why}; {OCR_HINT}")
    import pytesseract

    scale = OCR_DPI / 72
    image = page.to_image(resolution=OCR_DPI).original
    data = pytesseract.image_to_data(image, lang="vie", config="--psm 3", output_type=pytesseract.Output.DICT)
    words = [_Word(left / scale, (left + width) / scale, top / scale, (top + height) / scale, text.strip())
             for text, left, top, width, height, conf in zip(data["text"], data["left"], data["top"], data["width"],
                                                               data["height"], data["conf"], strict=True)
             if text.strip() and float(conf) >= 0]
    return _layout(words, [], page_furniture=number > 1)
