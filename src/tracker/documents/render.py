"""Content -> .docx: the template's placeholders filled (docxtpl), the body written with python-docx.

The template owns the letterhead, the signature block and the page; the body and the annexes are
built here as sub-documents, so that a template needs no loops, only plain {{ placeholders }}.
Every value goes in as text: docxtpl escapes it, and Jinja2 never evaluates what it inserts, so a
unit named '{{ x }}' or '<b>' prints exactly that.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docxtpl import DocxTemplate, Listing
from jinja2 import Environment, StrictUndefined

from tracker.documents import layout as L
from tracker.documents.content import Annex, Block, Content, Para, Table
from tracker.errors import TrackerError


def render(content: Content, template: Path, out: Path) -> Path:
    try:
        tpl = DocxTemplate(str(template))
        tpl.get_docx()  # opens the file: a broken or non-Word file fails here, not halfway through
    except Exception as exc:  # docxtpl and zipfile raise many kinds for a file that is not a .docx
        raise TrackerError(f"cannot open the Word template {template}: {exc}") from exc
    body = tpl.new_subdoc()
    _blocks(body, content.body)
    annexes = tpl.new_subdoc()
    for annex in content.annexes:
        _annex(annexes, annex)
    context: dict[str, Any] = {
        "co_quan_chu_quan": Listing(content.parent),
        "co_quan_ban_hanh": Listing(content.issuer),
        "so_ky_hieu": Listing(content.number),
        "dia_danh_ngay": Listing(content.place_date),
        "ten_loai": Listing(content.kind_name),
        "trich_yeu": Listing(content.abstract),
        "kinh_gui": Listing(_addressees(content.addressees)),
        "noi_dung": body,
        "noi_nhan": Listing(_recipients(content.recipients)),
        "quyen_han": Listing(content.authority),
        "chuc_vu": Listing(content.title),
        "nguoi_ky": Listing(content.signer),
        "phu_luc": annexes,
    }
    # StrictUndefined: a mistyped placeholder stops here instead of printing nothing where the text should be.
    env = Environment(autoescape=True, undefined=StrictUndefined)
    try:
        tpl.render(context, jinja_env=env, autoescape=True)
    except Exception as exc:  # a template edited into broken Jinja2: say where to look
        raise TrackerError(f"the Word template {template} has a mistyped or broken placeholder: {exc} "
                           "(the placeholders are listed in docs/documents.md)") from exc
    out.parent.mkdir(parents=True, exist_ok=True)
    tpl.save(str(out))
    return out


def _addressees(names: tuple[str, ...]) -> str:
    # II.9d (9a): one addressee on the line of "Kính gửi:"; several from the next line, one a line, '-' first,
    # ';' after, '.' last, the dashes under the colon (the template's hanging indent).
    if len(names) == 1:
        return names[0]
    return "\n" + "\n".join(f"- {name}{'.' if i == len(names) - 1 else ';'}" for i, name in enumerate(names))


def _recipients(lines: tuple[str, ...]) -> str:
    # II.9d (9b): '- ' first, ';' after each, the last line 'Lưu: VT, ….' ends with its own full stop.
    return "\n".join(f"- {line}" if line.endswith(".") else f"- {line};" for line in lines)


def _blocks(doc: Any, blocks: tuple[Block, ...]) -> None:
    for block in blocks:
        if isinstance(block, Para):
            _para(doc, block)
        else:
            _table(doc, block)


def _para(doc: Any, para: Para) -> None:
    p = doc.add_paragraph()
    if para.kind == "heading":
        L.paragraph_format(p, WD_ALIGN_PARAGRAPH.JUSTIFY, before=6, after=L.PARAGRAPH_AFTER_PT,
                           first_line_cm=L.FIRST_LINE_CM)
        L.add_text(p, para.text, L.HEADING)
    elif para.kind == "subheading":
        L.paragraph_format(p, WD_ALIGN_PARAGRAPH.JUSTIFY, after=L.PARAGRAPH_AFTER_PT, first_line_cm=L.FIRST_LINE_CM)
        L.add_text(p, para.text, L.SUBHEADING)
    else:
        L.paragraph_format(p, WD_ALIGN_PARAGRAPH.JUSTIFY, after=L.PARAGRAPH_AFTER_PT, first_line_cm=L.FIRST_LINE_CM)
        L.add_text(p, para.text, L.BODY)


def _table(doc: Any, table: Table) -> None:
    look = L.TABLE_SMALL if table.small else L.TABLE
    bold = L.Look(look.size, bold=True)
    rows = [table.headers, *table.rows, *([table.total] if table.total else [])]
    t = L.bordered(doc.add_table(rows=len(rows), cols=len(table.headers)))
    L.fixed_widths(t, list(table.widths))
    L.repeat_header(t)
    for r, (values, cells) in enumerate(zip(rows, L.grid(t), strict=True)):
        heading = r == 0 or (table.total is not None and r == len(rows) - 1) or r - 1 in table.groups
        if r - 1 in table.groups:
            cells = [cells[0].merge(cells[-1])]
        for c, (value, cell) in enumerate(zip(values, cells, strict=True)):
            p = cell.paragraphs[0]
            align = (WD_ALIGN_PARAGRAPH.CENTER if r == 0 else
                     WD_ALIGN_PARAGRAPH.RIGHT if c in table.numeric and r - 1 not in table.groups
                     else WD_ALIGN_PARAGRAPH.LEFT)
            L.paragraph_format(p, align, before=2, after=2)
            L.add_text(p, value, bold if heading else look)
    # a little air between the table and the next paragraph
    L.paragraph_format(doc.add_paragraph(), after=L.PARAGRAPH_AFTER_PT)


def _annex(doc: Any, annex: Annex) -> None:
    # III.1b: a page of its own, 'Phụ lục' 14 bold, the name uppercase bold, the reference italic.
    p = L.paragraph_format(doc.add_paragraph())
    p.add_run().add_break(WD_BREAK.PAGE)
    L.add_text(p, "Phụ lục", L.ANNEX_WORD)
    L.add_text(L.paragraph_format(doc.add_paragraph()), annex.title, L.ANNEX_TITLE)
    L.add_text(L.paragraph_format(doc.add_paragraph(), after=12), annex.reference, L.ANNEX_REF)
    _blocks(doc, annex.blocks)
