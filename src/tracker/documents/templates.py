"""The bundled Word templates: written by this module, shipped in templates/documents/, editable in Word.

A template is an ordinary .docx whose letterhead, signature block and "Nơi nhận" hold placeholders
such as {{ co_quan_ban_hanh }} (docs/documents.md lists them all). An office that wants its own
letterhead copies one, edits it in Word or LibreOffice and names it under `documents:` in the tracker.
`python -m tracker.documents` (or `make docs`) rewrites the bundled ones; a test checks they match this code.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Literal

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

import tracker.documents.layout as L

Form = Literal["report", "letter"]
TEMPLATE_FILES: dict[Form, str] = {"report": "bao-cao.docx", "letter": "cong-van.docx"}
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
# The placeholders each form holds, in reading order; docs/documents.md explains each.
PLACEHOLDERS: dict[Form, tuple[str, ...]] = {
    "report": ("co_quan_chu_quan", "co_quan_ban_hanh", "so_ky_hieu", "dia_danh_ngay", "ten_loai", "trich_yeu",
               "kinh_gui", "noi_dung", "noi_nhan", "quyen_han", "chuc_vu", "nguoi_ky", "phu_luc"),
    "letter": ("co_quan_chu_quan", "co_quan_ban_hanh", "so_ky_hieu", "trich_yeu", "dia_danh_ngay", "kinh_gui",
               "noi_dung", "noi_nhan", "quyen_han", "chuc_vu", "nguoi_ky", "phu_luc"),
}


def bundled_templates_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "templates" / "documents"


def bundled_template(form: Form) -> Path:
    return bundled_templates_dir() / TEMPLATE_FILES[form]


def build_template(form: Form) -> DocumentObject:
    doc = Document()
    section = doc.sections[0]
    L.set_page(section)
    L.page_numbers(section)
    normal = doc.styles["Normal"]
    normal.font.name = L.FONT
    normal.font.size = Pt(L.BODY.size)
    _letterhead(doc, form)
    if form == "report":
        _title(doc)
    _addressee(doc)
    doc.add_paragraph("{{p noi_dung }}")
    _signature(doc)
    doc.add_paragraph("{{p phu_luc }}")
    # A body must end with a paragraph; without one an empty annex would leave the signature table last. It holds
    # no height (1 pt, exactly): an ordinary one, after a signature block at the foot of a full page, went over to a
    # page of its own, printed blank but for its number.
    _closing_paragraph(doc)
    return doc


def _closing_paragraph(doc: DocumentObject) -> None:
    paragraph = doc.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(1)
    mark = OxmlElement("w:rPr")  # the paragraph mark's own size (python-docx gives no handle on it)
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    mark.append(size)
    paragraph._p.get_or_add_pPr().append(mark)  # after w:spacing, as the schema orders pPr


def _letterhead(doc: DocumentObject, form: Form) -> None:
    table = L.borderless(doc.add_table(rows=2, cols=2))
    L.fixed_widths(table, [L.LEFT_COLUMN_CM, L.RIGHT_COLUMN_CM])
    L.keep_rows_whole(table)
    left, right = table.cell(0, 0), table.cell(0, 1)
    L.add_text(L.paragraph_format(left.paragraphs[0]), "{{ co_quan_chu_quan }}", L.PARENT)
    L.add_text(L.paragraph_format(left.add_paragraph()), "{{ co_quan_ban_hanh }}", L.ISSUER)
    L.rule(left.add_paragraph(), L.ISSUER_RULE_CM, L.LEFT_COLUMN_CM)
    L.add_text(L.paragraph_format(right.paragraphs[0]), NATIONAL_NAME, L.NATIONAL)
    L.add_text(L.paragraph_format(right.add_paragraph()), MOTTO, L.MOTTO)
    L.rule(right.add_paragraph(), L.MOTTO_WIDTH_CM, L.RIGHT_COLUMN_CM)
    number, place = table.cell(1, 0), table.cell(1, 1)
    p = L.paragraph_format(number.paragraphs[0], before=6)
    L.add_text(p, "Số: ", L.NUMBER)
    L.add_text(p, "{{ so_ky_hieu }}", L.NUMBER)
    if form == "letter":
        L.add_text(L.paragraph_format(number.add_paragraph(), before=6), "{{ trich_yeu }}", L.LETTER_ABSTRACT)
    L.add_text(L.paragraph_format(place.paragraphs[0], before=6), "{{ dia_danh_ngay }}", L.PLACE_DATE)


def _title(doc: DocumentObject) -> None:
    L.add_text(L.paragraph_format(doc.add_paragraph(), before=18), "{{ ten_loai }}", L.KIND)
    L.add_text(L.paragraph_format(doc.add_paragraph()), "{{ trich_yeu }}", L.ABSTRACT)
    L.rule(doc.add_paragraph(), L.ABSTRACT_RULE_CM, L.TEXT_WIDTH_CM)


def _addressee(doc: DocumentObject) -> None:
    # II.9d: several addressees go one a line, their dashes aligned under the colon: a hanging indent.
    p = L.paragraph_format(doc.add_paragraph(), WD_ALIGN_PARAGRAPH.LEFT, before=12, after=12, left_cm=5.2)
    p.paragraph_format.first_line_indent = Cm(-2.3)
    L.add_text(p, "Kính gửi: ", L.ADDRESSEE)
    L.add_text(p, "{{ kinh_gui }}", L.ADDRESSEE)


def _signature(doc: DocumentObject) -> None:
    table = L.borderless(doc.add_table(rows=1, cols=2))
    L.fixed_widths(table, [L.TEXT_WIDTH_CM / 2, L.TEXT_WIDTH_CM / 2])
    L.keep_rows_whole(table)
    left, right = table.cell(0, 0), table.cell(0, 1)
    p = L.paragraph_format(left.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT, before=12)
    L.add_text(p, "Nơi nhận:", L.RECIPIENTS_WORD)
    L.add_text(L.paragraph_format(left.add_paragraph(), WD_ALIGN_PARAGRAPH.LEFT), "{{ noi_nhan }}", L.RECIPIENTS)
    L.add_text(L.paragraph_format(right.paragraphs[0], before=12), "{{ quyen_han }}", L.SIGNER_AUTHORITY)
    L.add_text(L.paragraph_format(right.add_paragraph(), after=72), "{{ chuc_vu }}", L.SIGNER_AUTHORITY)
    L.add_text(L.paragraph_format(right.add_paragraph()), "{{ nguoi_ky }}", L.SIGNER_NAME)


def write_default_templates(folder: Path | None = None) -> list[Path]:
    folder = folder or bundled_templates_dir()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for form, name in TEMPLATE_FILES.items():
        buffer = io.BytesIO()
        build_template(form).save(buffer)
        path = folder / name
        path.write_bytes(_reproducible(buffer.getvalue()))
        paths.append(path)
    return paths


def _reproducible(docx_bytes: bytes) -> bytes:
    """The same zip for the same content: fixed entry dates, so that regenerating changes no committed file."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), src.read(info.filename),
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
