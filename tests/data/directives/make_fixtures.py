"""Rebuild the corpus's .docx and .pdf from sources/*.txt (python-docx, LibreOffice, pypdfium2).

Lines starting with "|" become rows of one ruled Word table, as plans lay out their tasks (a row whose cells
all say the same is one merged cell: a group heading). A block between "@layout" and "@end" becomes a
borderless table of two columns, as Word users lay out the header ("UBND …" beside "CỘNG HÒA …") and the
signature ("Nơi nhận" beside the signer): "left || right" per row, " // " between a cell's lines. A line
starting "#" is a paragraph of Word's automatic numbering ("List Number"), written without its number; a line
starting "^" is centred (the kind of document, its subject, an annex's title).

The printer's PDF (`PRINTED`) is drawn a glyph at a time with pypdfium2, each glyph its own text object at
its own place and no space glyphs, as some PDF printer drivers write: a reader that takes the text objects
in order reads one character per line.

Run by hand when a source changes: `.venv/bin/python tests/data/directives/make_fixtures.py`; the outputs
are committed so that the tests never need LibreOffice or the fonts.
"""

from __future__ import annotations

import ctypes
import shutil
import subprocess
import tempfile
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH

HERE = Path(__file__).resolve().parent
AS_PDF = {"ke-hoach-2026-chuyen-doi-so-bao-cao-hang-thang"}
AS_BOTH = {"ke-hoach-2026-tinh-phu-luc-nhiem-vu"}  # a .docx and, from it, the PDF LibreOffice exports
PRINTED = {"cong-van-2026-vpcp-lay-y-kien": "cong-van-2026-vpcp-may-in"}  # .txt -> a printer driver's PDF
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")


def build_docx(source: Path, target: Path) -> Path:
    document = docx.Document()
    rows: list[list[str]] = []
    layout: list[list[str]] | None = None

    def flush() -> None:
        if rows:
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for r, cells in enumerate(rows):
                if len(set(cells)) == 1:
                    merged = table.cell(r, 0).merge(table.cell(r, len(cells) - 1))
                    merged.text = cells[0]
                    continue
                for c, text in enumerate(cells):
                    table.cell(r, c).text = text
            rows.clear()

    for line in source.read_text(encoding="utf-8").splitlines():
        if line == "@layout":
            flush()
            layout = []
            continue
        if line == "@end" and layout is not None:
            _layout_table(document, layout)
            layout = None
            continue
        if layout is not None:
            layout.append([cell.strip() for cell in line.split("||")])
            continue
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
            continue
        flush()
        if line.startswith("#"):
            document.add_paragraph(line[1:], style="List Number")
        elif line.startswith("^"):
            document.add_paragraph(line[1:]).alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            document.add_paragraph(line)
    flush()
    document.save(str(target))
    return target


def _layout_table(document: docx.document.Document, rows: list[list[str]]) -> None:
    """A borderless table placing text side by side; each cell's lines are paragraphs of their own."""
    table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            cell = table.cell(r, c)
            lines = [x.strip() for x in text.split("//")]
            cell.text = lines[0]
            for more in lines[1:]:
                cell.add_paragraph(more)
            for paragraph in cell.paragraphs:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def to_pdf(made: Path, outdir: Path) -> None:
    subprocess.run([shutil.which("soffice") or "soffice", "--headless", "--convert-to", "pdf", "--outdir", str(outdir),
                    str(made)], check=True, capture_output=True)


def printed_pdf(source: Path, target: Path, size: float = 11.0) -> Path:
    """Each glyph a text object of its own, placed where the previous glyph ended; spaces only as gaps."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument.new()
    data = FONT.read_bytes()
    buffer = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
    font = raw.FPDFText_LoadFont(pdf.raw, buffer, len(data), raw.FPDF_FONT_TRUETYPE, 1)
    lines = source.read_text(encoding="utf-8").splitlines()
    page, y = None, 0.0
    for line in lines:
        if page is None or y < 60:
            if page is not None:
                raw.FPDFPage_GenerateContent(page.raw)
            page = pdf.new_page(595, 842)
            y = 790.0
        x = 60.0
        for ch in line:
            if ch == " ":
                x += size * 0.3
                continue
            glyph = raw.FPDFPageObj_CreateTextObj(pdf.raw, font, ctypes.c_float(size))
            encoded = (ch + "\0").encode("utf-16-le")
            raw.FPDFText_SetText(glyph, ctypes.cast(ctypes.c_char_p(encoded), ctypes.POINTER(raw.FPDF_WCHAR)))
            raw.FPDFPageObj_Transform(glyph, 1, 0, 0, 1, x, y)
            raw.FPDFPage_InsertObject(page.raw, glyph)
            left, bottom, right, top = (ctypes.c_float() for _ in range(4))
            raw.FPDFPageObj_GetBounds(glyph, left, bottom, right, top)
            x = max(right.value, x + size * 0.25) + 0.2
        y -= size * 1.6
    if page is not None:
        raw.FPDFPage_GenerateContent(page.raw)
    pdf.save(str(target))
    return target


def main() -> None:
    for source in sorted((HERE / "sources").glob("*.txt")):
        if source.stem in AS_PDF:
            with tempfile.TemporaryDirectory() as tmp:
                to_pdf(build_docx(source, Path(tmp) / f"{source.stem}.docx"), HERE)
        else:
            made = build_docx(source, HERE / f"{source.stem}.docx")
            if source.stem in AS_BOTH:
                with tempfile.TemporaryDirectory() as tmp:
                    copy = Path(tmp) / f"{source.stem}-xuat.docx"
                    shutil.copy(made, copy)
                    to_pdf(copy, HERE)
    for stem, printed in PRINTED.items():
        printed_pdf(HERE / f"{stem}.txt", HERE / f"{printed}.pdf")


if __name__ == "__main__":
    main()
