"""A directive's file (.txt, .docx, text-layer .pdf) -> its text as numbered lines, normalised as intake does.

Word tables become lines of cells joined by " | ", so that a plan's table of tasks reads like the
pipe tables people paste into .txt files. A scanned PDF has no text layer; it is refused with a
message saying so rather than drafted from nothing.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from tracker.errors import TrackerError
from tracker.text import repair_legacy

SUFFIXES = (".txt", ".docx", ".pdf")


class DocumentError(TrackerError):
    """The directive's file cannot be read as text."""


def read_lines(path: str | Path) -> list[str]:
    """The document's lines: NFC, legacy TCVN3/VNI repaired, spacing tidied, blank lines kept (numbering holds)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise DocumentError(f"{path}: no such file")
    if suffix not in SUFFIXES:
        raise DocumentError(f"{path}: cannot read {suffix or 'a file without extension'}; "
                            f"give a .txt, .docx or .pdf file (save .doc as .docx first)")
    raw = {".txt": _read_txt, ".docx": _read_docx, ".pdf": _read_pdf}[suffix](path)
    fixed, _ = repair_legacy(raw)
    lines = [tidy(line) for line in fixed.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    if not any(lines):
        raise DocumentError(f"{path}: the file holds no text")
    return lines


def tidy(line: str) -> str:
    """NFC, one space between words, no control or zero-width characters (a PDF's and Word's leftovers)."""
    line = unicodedata.normalize("NFC", line).replace("\u00a0", " ").replace("\t", " ")
    line = "".join(ch for ch in line if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co"))
    return " ".join(line.split())


def _read_txt(path: Path) -> str:
    data = path.read_bytes()
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 only with its mark: any even run of bytes would decode
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # Old files typed in a legacy font are single-byte; Latin-1 keeps every byte for repair_legacy.
    return data.decode("latin-1")


def _read_docx(path: Path) -> str:
    import docx
    from docx.document import Document
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document: Document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise DocumentError(f"{path}: not a readable Word .docx file ({exc})") from exc
    out: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            out.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = " ".join(cell.text.split())
                    if not cells or cells[-1] != text:  # merged cells repeat their text
                        cells.append(text)
                out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def _read_pdf(path: Path) -> str:
    # pypdf rather than pdfplumber: the same lines on LibreOffice's and Word's PDFs, pure Python, one dependency.
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, OSError, ValueError) as exc:
        raise DocumentError(f"{path}: not a readable PDF ({exc})") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise DocumentError(f"{path}: the PDF has no text layer (a scan?). Run OCR on it first, or give the "
                            f".docx or a .txt copy of the text")
    return text
