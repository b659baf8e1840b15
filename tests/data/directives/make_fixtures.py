"""Rebuild the corpus's .docx and .pdf from sources/*.txt (python-docx, then LibreOffice for the PDF).

Lines starting with "|" become rows of one Word table, as plans lay out their tasks. Run by hand
when a source changes: `.venv/bin/python tests/data/directives/make_fixtures.py`; the outputs are
committed so that the tests never need LibreOffice.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import docx

HERE = Path(__file__).resolve().parent
AS_PDF = {"ke-hoach-2026-chuyen-doi-so-bao-cao-hang-thang"}


def build_docx(source: Path, target: Path) -> Path:
    document = docx.Document()
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, cells in enumerate(rows):
                for c, text in enumerate(cells):
                    table.cell(r, c).text = text
            rows.clear()

    for line in source.read_text(encoding="utf-8").splitlines():
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
            continue
        flush()
        document.add_paragraph(line)
    flush()
    document.save(str(target))
    return target


def main() -> None:
    for source in sorted((HERE / "sources").glob("*.txt")):
        if source.stem in AS_PDF:
            with tempfile.TemporaryDirectory() as tmp:
                made = build_docx(source, Path(tmp) / f"{source.stem}.docx")
                subprocess.run([shutil.which("soffice") or "soffice", "--headless", "--convert-to", "pdf",
                                "--outdir", str(HERE), str(made)], check=True, capture_output=True)
        else:
            build_docx(source, HERE / f"{source.stem}.docx")


if __name__ == "__main__":
    main()
