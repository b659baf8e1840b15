"""The layout of an administrative document by Decree 30/2020/NĐ-CP, Appendix I, and python-docx helpers.

Every size here is one the appendix allows, usually the one its own example column uses
(docs/documents.md lists each with the clause it comes from). Runs carry their font and size
directly, so that an office's template with other styles cannot change what the decree fixes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

FONT = "Times New Roman"  # I.4: Times New Roman, Unicode (TCVN 6909:2001), black

# I.1 A4; I.3 top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
PAGE_WIDTH_CM, PAGE_HEIGHT_CM = 21.0, 29.7
MARGIN_TOP_CM, MARGIN_BOTTOM_CM, MARGIN_LEFT_CM, MARGIN_RIGHT_CM = 2.0, 2.0, 3.0, 1.5
TEXT_WIDTH_CM = PAGE_WIDTH_CM - MARGIN_LEFT_CM - MARGIN_RIGHT_CM


@dataclass(frozen=True)
class Look:
    """Size in points and weight of one element of the form."""

    size: float
    bold: bool = False
    italic: bool = False


# II.1-9 and the example column of section V of the appendix.
PARENT = Look(12)  # II.2b: body above the issuer, uppercase, 12-13, upright
ISSUER = Look(12, bold=True)  # II.2b: uppercase, 12-13, bold
NATIONAL = Look(12, bold=True)  # II.1a: Quốc hiệu, uppercase, 12-13, bold
MOTTO = Look(13, bold=True)  # II.1b: Tiêu ngữ, 13-14, bold, rule below as long as the line
NUMBER = Look(13)  # II.3c: "Số", 13, upright
PLACE_DATE = Look(13, italic=True)  # II.4c: 13-14, italic
KIND = Look(14, bold=True)  # II.5b: document kind, uppercase, 13-14, bold
ABSTRACT = Look(14, bold=True)  # II.5b: trích yếu, 13-14, bold, rule 1/3-1/2 of the line below
LETTER_ABSTRACT = Look(12)  # II.5b: "V/v ..." of a công văn, 12-13, upright, 6 pt below the number
ADDRESSEE = Look(14)  # II.9d (9a): "Kính gửi:", 13-14, upright
BODY = Look(14)  # II.6e: 13-14, justified, first line 1-1.27 cm, 6 pt between paragraphs
HEADING = Look(14, bold=True)  # V.6b: "I. NHỮNG KẾT QUẢ…", uppercase, 13-14, bold
SUBHEADING = Look(14, bold=True)  # V.6b: "1. …" with a title, 13-14, bold
SIGNER_AUTHORITY = Look(14, bold=True)  # II.7đ: "KT. GIÁM ĐỐC", uppercase, 13-14, bold
SIGNER_NAME = Look(14, bold=True)  # II.7đ: 13-14, bold, centred under the title
RECIPIENTS_WORD = Look(12, bold=True, italic=True)  # II.9d (9b): "Nơi nhận:", 12, bold italic
RECIPIENTS = Look(11)  # II.9d (9b): the list, 11, upright
ANNEX_WORD = Look(14, bold=True)  # III.1b: "Phụ lục", 14, bold
ANNEX_TITLE = Look(14, bold=True)  # III.1b: the annex's name, uppercase, 13-14, bold
ANNEX_REF = Look(14, italic=True)  # III.1c: "(Kèm theo …)", 13-14, italic
PAGE_NUMBER = Look(13)  # I.7: 13-14, centred in the top margin, not on the first page
TABLE = Look(12)  # tables are not sized by the decree; 12 keeps a unit table on one page
TABLE_SMALL = Look(11)  # the annex of every activity, eight columns wide

FIRST_LINE_CM = 1.27  # II.6e: 1 cm or 1.27 cm
PARAGRAPH_AFTER_PT = 6  # II.6e: at least 6 pt
LINE_SPACING = 1.0  # II.6e: single to 1.5 lines

# The letterhead's two columns; the right one holds the Quốc hiệu on one line.
LEFT_COLUMN_CM, RIGHT_COLUMN_CM = 6.3, TEXT_WIDTH_CM - 6.3
# II.1b: the rule under the Tiêu ngữ is as long as the line. Its width at 13 pt bold, measured on the
# rendered page (pdftotext -bbox, Liberation Serif, metric-compatible with Times New Roman).
MOTTO_WIDTH_CM = 6.05
# II.2b and II.5b: rules of 1/3 to 1/2 of the line above them.
ISSUER_RULE_CM = 2.2
ABSTRACT_RULE_CM = 5.0


# Upper-case letters a line of the letterhead's left column holds at 12 pt: the body above the issuer (upright), the
# issuer (bold, wider). Measured on the rendered page (LibreOffice, Liberation Serif): 'SỞ THÔNG TIN VÀ TRUYỀN'
# (22) fits, 'SỞ THÔNG TIN VÀ TRUYỀN THÔNG' (28) does not.
LETTERHEAD_CHARS, LETTERHEAD_BOLD_CHARS = 22, 20


def balanced(text: str, limit: int) -> str:
    """A name too long for its line, broken where a clerk would break it: into two lines as even as the words allow,
    never a line starting with a dash ('SỞ THÔNG TIN VÀ / TRUYỀN THÔNG', 'PHÒNG THÔNG TIN - / BÁO CHÍ - XUẤT BẢN'),
    instead of the word processor's 'SỞ THÔNG TIN VÀ TRUYỀN / THÔNG'. A line break the text has is kept."""
    if len(text) <= limit or "\n" in text:
        return text
    words = text.split(" ")
    best: tuple[float, str] | None = None
    for i in range(1, len(words)):
        first, second = " ".join(words[:i]), " ".join(words[i:])
        if second.startswith(("-", "–")):
            continue
        # the longer line decides; a break after a dash reads best, and a longer first line is the custom
        score = max(len(first), len(second)) - (3 if first.endswith(("-", "–")) else 0) - 0.1 * (len(first) >= len(second))
        if best is None or score < best[0]:
            best = (score, f"{first}\n{second}")
    return best[1] if best else text


def style_run(run: Run, look: Look) -> Run:
    run.font.name = FONT
    run.font.size = Pt(look.size)
    run.font.bold = look.bold
    run.font.italic = look.italic
    # Word picks the font of Vietnamese letters from the complex-script and East-Asian slots too.
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    return run


def paragraph_format(p: Paragraph, align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER, *, before: float = 0,
                     after: float = 0, first_line_cm: float = 0, left_cm: float = 0, right_cm: float = 0) -> Paragraph:
    f = p.paragraph_format
    f.alignment = align
    f.space_before = Pt(before)
    f.space_after = Pt(after)
    f.line_spacing = LINE_SPACING
    f.first_line_indent = Cm(first_line_cm) if first_line_cm else None
    f.left_indent = Cm(left_cm) if left_cm else None
    f.right_indent = Cm(right_cm) if right_cm else None
    return p


def add_text(p: Paragraph, text: str, look: Look) -> Run:
    return style_run(p.add_run(text), look)


def rule(p: Paragraph, width_cm: float, column_cm: float) -> Paragraph:
    """Turn an empty paragraph into a centred horizontal rule of the given length: the bottom border of a
    2-point line, so that the rule sits just clear of the text above."""
    side = max(0.0, (column_cm - width_cm) / 2)
    paragraph_format(p, left_cm=side, right_cm=side)
    p.paragraph_format.line_spacing = Pt(3)  # exact: the empty line must not take the height of the body font
    style_run(p.add_run(), Look(2))
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    insert_in_order(p._p.get_or_add_pPr(), borders, PPR_ORDER)
    return p


# The order the schema (ECMA-376 Part 1, CT_PPr and CT_TblPr) gives these children: Word refuses a file whose
# properties come in another order ("unreadable content"), even where LibreOffice reads it.
PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
             "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
             "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
             "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
             "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")
TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW",
               "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
               "tblCaption", "tblDescription", "tblPrChange")


def insert_in_order(parent: Any, child: Any, order: tuple[str, ...]) -> None:
    """Put child where the schema wants it among parent's children, replacing one of the same kind."""
    name = child.tag.split("}")[1]
    for old in parent.findall(qn(f"w:{name}")):
        parent.remove(old)
    later = set(order[order.index(name) + 1:])
    for i, existing in enumerate(parent):
        if existing.tag.split("}")[1] in later:
            parent.insert(i, child)
            return
    parent.append(child)


def set_page(section: Section) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
    section.top_margin, section.bottom_margin = Cm(MARGIN_TOP_CM), Cm(MARGIN_BOTTOM_CM)
    section.left_margin, section.right_margin = Cm(MARGIN_LEFT_CM), Cm(MARGIN_RIGHT_CM)
    section.header_distance = Cm(1.0)


def page_numbers(section: Section) -> None:
    """I.7: numbers from 1, centred in the top margin, none on the first page."""
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    p = paragraph_format(header.paragraphs[0])
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        run = style_run(p.add_run(), PAGE_NUMBER)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)


def borderless(table: Table) -> Table:
    """The letterhead and the signature block: a layout grid, no lines printed."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    insert_in_order(table._tbl.tblPr, borders, TBLPR_ORDER)
    return table


def keep_rows_whole(table: Table) -> None:
    """No row breaks across a page: the signature block stays on one page with its 'Nơi nhận'."""
    for tr in table._tbl.tr_lst:
        el = OxmlElement("w:cantSplit")
        el.set(qn("w:val"), "true")
        tr.get_or_add_trPr().append(el)


def fixed_widths(table: Table, widths_cm: list[float]) -> Table:
    """Column widths that Word and LibreOffice both keep: a fixed layout with each cell sized."""
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # python-docx writes <w:tblLayout w:type="fixed"/> in its place
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    return table
