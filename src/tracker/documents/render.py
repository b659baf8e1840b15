"""Content -> .docx: the template's placeholders filled (docxtpl), the body written with python-docx.

The template owns the letterhead, the signature block and the page; the body and the annexes are
built here as sub-documents, so that a template needs no loops, only plain {{ placeholders }}.
Every value goes in as text: docxtpl escapes it, and Jinja2 never evaluates what it inserts, so a
unit named '{{ x }}' or '<b>' prints exactly that.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docxtpl import DocxTemplate, Listing
from jinja2 import Environment, StrictUndefined

import tracker.documents.layout as L
from tracker.documents.content import Annex, Bars, Block, Content, Para, Table
from tracker.errors import TrackerError
from tracker.files.atomic import replacing


def render(content: Content, template: Path, out: Path) -> Path:
    try:
        tpl = DocxTemplate(str(template))
        tpl.get_docx()  # opens the file: a broken or non-Word file fails here, not halfway through
    except Exception as exc:  # docxtpl and zipfile raise many kinds for a file that is not a .docx
        raise TrackerError(f"cannot open the Word template {template}: {exc}") from exc
    body = tpl.new_subdoc()
    _blocks(body, content.body)
    if body.paragraphs:  # the closing line goes over the page with the signature block, never leaves it alone
        body.paragraphs[-1].paragraph_format.keep_with_next = True
    annexes = tpl.new_subdoc()
    for annex in content.annexes:
        _annex(annexes, annex)
    context: dict[str, Any] = {
        "co_quan_chu_quan": Listing(L.balanced(content.parent, L.LETTERHEAD_CHARS)),
        "co_quan_ban_hanh": Listing(L.balanced(content.issuer, L.LETTERHEAD_BOLD_CHARS)),
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
    with replacing(out) as temporary:
        tpl.save(str(temporary))
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
        elif isinstance(block, Bars):
            doc.element.body._insert_tbl(parse_xml(bars_xml(block)))
            L.paragraph_format(doc.add_paragraph(), after=L.PARAGRAPH_AFTER_PT)
        else:
            _table(doc, block)


def _para(doc: Any, para: Para) -> None:
    p = doc.add_paragraph()
    if para.kind == "heading":
        L.paragraph_format(p, WD_ALIGN_PARAGRAPH.JUSTIFY, before=6, after=L.PARAGRAPH_AFTER_PT,
                           first_line_cm=L.FIRST_LINE_CM)
        L.add_text(p, para.text, L.HEADING)
        p.paragraph_format.keep_with_next = True  # a heading never ends a page
    elif para.kind == "subheading":
        L.paragraph_format(p, WD_ALIGN_PARAGRAPH.JUSTIFY, after=L.PARAGRAPH_AFTER_PT, first_line_cm=L.FIRST_LINE_CM)
        L.add_text(p, para.text, L.SUBHEADING)
        p.paragraph_format.keep_with_next = True
    else:
        L.paragraph_format(p, WD_ALIGN_PARAGRAPH.JUSTIFY, after=L.PARAGRAPH_AFTER_PT, first_line_cm=L.FIRST_LINE_CM)
        L.add_text(p, para.text, L.BODY)


def _table(doc: Any, table: Table) -> None:
    doc.element.body._insert_tbl(parse_xml(table_xml(table)))
    # a little air between the table and the next paragraph
    L.paragraph_format(doc.add_paragraph(), after=L.PARAGRAPH_AFTER_PT)


def table_xml(table: Table) -> str:
    """The table as WordprocessingML, written as text: python-docx sets each run's properties through its
    object model at about a millisecond a cell, which made the annex of a national campaign take minutes."""
    look = L.TABLE_SMALL if table.small else L.TABLE
    twips = [round(w / 2.54 * 1440) for w in table.widths]
    rows = [table.headers, *table.rows, *([table.total] if table.total else [])]
    out = [f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/><w:tblBorders>',
           *(f'<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
             for edge in ("top", "left", "bottom", "right", "insideH", "insideV")),
           # narrow padding (1 mm) so that a date or 'STT' fits a narrow column on one line
           '</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="57" w:type="dxa"/>'
           '<w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>',
           *(f'<w:gridCol w:w="{w}"/>' for w in twips), "</w:tblGrid>"]
    last = len(rows) - 1
    for r, values in enumerate(rows):
        group = r - 1 in table.groups
        bold = r == 0 or group or (table.total is not None and r == last)
        # No row is split across two pages; the heading row is printed again on every page the table runs onto.
        out.append("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if r == 0 else
                   "<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        for c, value in enumerate(values):
            width, span = (sum(twips), len(twips)) if group else (twips[c], 1)
            align = "center" if r == 0 else "right" if c in table.numeric and not group else "left"
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
                       + (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "")
                       + f'</w:tcPr><w:p><w:pPr>{"<w:keepNext/>" if group else ""}<w:spacing w:before="40" '
                       f'w:after="40" w:line="240" w:lineRule="auto"/><w:jc w:val="{align}"/></w:pPr>'
                       f'{_run_xml(value, look.size, bold)}</w:p>'
                       "</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


BAR_STEPS = 40
"""Grid columns of a bar: each segment spans a whole number of them (2.5 % each)."""


def bars_xml(chart: Bars, label_cm: float = 6.0, bar_cm: float = 8.0, note_cm: float = 2.5) -> str:
    """A chart as a borderless table: the label, the bar in BAR_STEPS narrow grid columns (a segment spans its
    share of them, shaded in its colour), then the note; a legend row below."""
    step = round(bar_cm / BAR_STEPS / 2.54 * 1440)
    label, note = round(label_cm / 2.54 * 1440), round(note_cm / 2.54 * 1440)
    size = L.TABLE_SMALL.size
    # a hairline of white between cells: the bars stand apart, their segments read as steps
    out = [f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/>'
           '<w:tblCellSpacing w:w="12" w:type="dxa"/><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/>'
           '</w:tblCellMar></w:tblPr><w:tblGrid>', f'<w:gridCol w:w="{label}"/>',
           *(f'<w:gridCol w:w="{step}"/>' for _ in range(BAR_STEPS)), f'<w:gridCol w:w="{note}"/></w:tblGrid>']

    def cell(width: int, span: int, value: str, fill: str | None = None, align: str = "left") -> str:
        shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
        return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
                + (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "") + shade
                + f'<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:spacing w:before="30" w:after="30"/>'
                f'<w:jc w:val="{align}"/></w:pPr>{_run_xml(value, size, False) if value else ""}</w:p></w:tc>')

    for name, values, text in chart.rows:
        total = sum(values) or 1
        spans = [round(BAR_STEPS * v / total) for v in values]
        while sum(spans) > BAR_STEPS:  # rounding: take the excess from the largest segment
            spans[spans.index(max(spans))] -= 1
        out.append("<w:tr>" + cell(label, 1, name))
        for span, colour in zip(spans, chart.colours, strict=True):
            if span:
                out.append(cell(step * span, span, "", colour))
        if sum(spans) < BAR_STEPS:
            rest = BAR_STEPS - sum(spans)
            out.append(cell(step * rest, rest, ""))
        out.append(cell(note, 1, f" {text}") + "</w:tr>")
    # The legend under the bars, two entries a row: a shaded square, then the segment's name.
    half = BAR_STEPS // 2
    items = list(zip(chart.legend, chart.colours, strict=True))
    for i in range(0, len(items), 2):
        row = ["<w:tr>", cell(label, 1, "")]
        for name, colour in items[i:i + 2]:
            row += [cell(step, 1, "", colour), cell(step * (half - 1), half - 1, f" {name}")]
        if len(items[i:i + 2]) == 1:
            row.append(cell(step * half, half, ""))
        out.append("".join(row) + cell(note, 1, "") + "</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _run_xml(value: str, size: float, bold: bool) -> str:
    half_points = round(size * 2)
    props = (f'<w:rPr><w:rFonts w:ascii="{L.FONT}" w:hAnsi="{L.FONT}" w:eastAsia="{L.FONT}" w:cs="{L.FONT}"/>'
             + ("<w:b/>" if bold else "") + f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr>')
    lines = '</w:t><w:br/><w:t xml:space="preserve">'.join(escape(line) for line in value.split("\n"))
    return f'<w:r>{props}<w:t xml:space="preserve">{lines}</w:t></w:r>'


def _annex(doc: Any, annex: Annex) -> None:
    # III.1b: a page of its own, 'Phụ lục' 14 bold, the name uppercase bold, the reference italic.
    p = L.paragraph_format(doc.add_paragraph())
    p.add_run().add_break(WD_BREAK.PAGE)
    L.add_text(p, "Phụ lục", L.ANNEX_WORD)
    L.add_text(L.paragraph_format(doc.add_paragraph()), annex.title, L.ANNEX_TITLE)
    L.add_text(L.paragraph_format(doc.add_paragraph(), after=12), annex.reference, L.ANNEX_REF)
    _blocks(doc, annex.blocks)
