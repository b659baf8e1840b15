"""Reading a directive's file (tracker.authoring.reader): layout, tables, repairs, OCR, and files built to exhaust memory."""

from __future__ import annotations

import struct
import subprocess
import sys
import textwrap
import zipfile
import zlib
from pathlib import Path

import pytest

from tracker.authoring.draft import draft_file, extract_document
from tracker.authoring.reader import (
    MAX_BLOCKS,
    DocumentError,
    ocr_available,
    read_document,
    rejoin_split_fields,
    repair_one_per_line,
)

CORPUS = Path(__file__).resolve().parent / "data" / "directives"
PLAN_DOCX = CORPUS / "ke-hoach-2026-tinh-phu-luc-nhiem-vu.docx"
PLAN_PDF = CORPUS / "ke-hoach-2026-tinh-phu-luc-nhiem-vu-xuat.pdf"
PRINTED_PDF = CORPUS / "cong-van-2026-vpcp-may-in.pdf"


# --------------------------------------------------------------------------- layout


def test_a_pdf_header_in_two_columns_is_read_column_by_column() -> None:
    lines = read_document(PLAN_PDF).lines
    assert lines[:10] == ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG TRỊ", "-------", "Số: 88/KH-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA",
                          "VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "---------------",
                          "Quảng Trị, ngày 20 tháng 3 năm 2026", ""]


def test_a_pdf_signature_beside_the_copy_list_is_read_after_it() -> None:
    lines = read_document(PLAN_PDF).lines
    start = lines.index("Nơi nhận:")
    assert lines[start:start + 13] == [
        "Nơi nhận:", "- Bộ Công an (b/c);", "- TT Tỉnh ủy, TT HĐND tỉnh (b/c);", "- CT, các PCT UBND tỉnh;",
        "- Công an tỉnh;", "- Các sở: Tư pháp, Y tế, Giáo dục và", "Đào tạo;", "- UBND các xã, phường, đặc khu;",
        "- Lưu: VT, NC.", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Hoàng Văn Phúc"]


def test_a_ruled_pdf_table_running_over_a_page_break_is_one_table_of_cells() -> None:
    doc = read_document(PLAN_PDF)
    assert len(doc.tables) == 1
    rows = doc.tables[0].rows
    assert rows[0] == ("TT", "Nội dung công việc", "Thời gian hoàn thành", "Cơ quan chủ trì", "Cơ quan phối hợp")
    assert rows[4] == ("3", "Sử dụng tài khoản định danh điện tử trong tuyển sinh đầu cấp", "Tháng 7/2026",
                       "Sở Giáo dục và Đào tạo", "UBND các xã, phường, đặc khu")
    assert rows[5][3] == "Sở Tư pháp; Sở Y tế; Sở Giáo dục và Đào tạo"
    assert doc.lines[doc.tables[0].line - 1] == "| TT | Nội dung công việc | Thời gian hoàn thành | Cơ quan chủ trì | Cơ quan phối hợp |"


def test_word_layout_tables_read_as_lines_and_data_tables_as_cells_with_merged_rows_spread() -> None:
    doc = read_document(PLAN_DOCX)
    assert doc.lines[:8] == ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG TRỊ", "-------", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                             "Độc lập - Tự do - Hạnh phúc", "---------------", "Số: 88/KH-UBND",
                             "Quảng Trị, ngày 20 tháng 3 năm 2026"]
    assert len(doc.tables) == 1
    assert doc.tables[0].rows[1] == ("I", "Nhiệm vụ chung", "Nhiệm vụ chung", "Nhiệm vụ chung", "Nhiệm vụ chung")
    assert doc.lines[doc.tables[0].line] == "| I | Nhiệm vụ chung |"


def test_words_automatic_list_numbers_are_written_into_the_text() -> None:
    lines = read_document(PLAN_DOCX).lines
    assert [line[:30] for line in lines if line[:2] in ("1.", "2.", "3.")][:3] == [
        "1. Tổ chức hội nghị quán triệt", "2. Tuyên truyền lợi ích của tà", "3. Các nhiệm vụ cụ thể của từn"]


def test_a_pdf_drawn_a_glyph_at_a_time_reads_as_words() -> None:
    lines = read_document(PRINTED_PDF).lines
    assert "Số: 3125/VPCP-PL" in lines
    assert "Hà Nội, ngày 22 tháng 4 năm 2026" in lines
    d = draft_file(PRINTED_PDF)
    assert (d.number and d.number.value, d.issued_on and d.issued_on.isoformat()) == ("3125/VPCP-PL", "2026-04-22")


def _signed_pdf(path: Path) -> Path:
    """A one-page directive whose number and day are stamped after signing, as an e-signed text is published: the page
    leaves blanks after 'Số:' and 'ngày', and widget annotations draw '173', '28' and '4' there (appearance streams)."""
    glyphs: dict[str, int] = {}  # letters past Latin-1 get codes from 128 on, named /uniXXXX in the font's encoding

    def text(x: float, y: float, words: str) -> bytes:  # every glyph 6.5 points wide (13 points, width 500)
        coded = bytes(ord(ch) if ord(ch) < 128 or 0xC0 <= ord(ch) < 0x100 else glyphs.setdefault(ch, 128 + len(glyphs))
                      for ch in words)
        return f"BT /F1 13 Tf {x} {y} Td (".encode() + coded + b") Tj ET\n"

    def stream(body: bytes, extra: bytes = b"") -> bytes:
        return b"<< /Length " + str(len(body)).encode() + extra + b" >>\nstream\n" + body + b"\nendstream"

    page = (text(60, 780, "UBND TỈNH AN HÒA") + text(60, 760, "Số:        /KH-UBND")
            + text(300, 760, "An Hòa, ngày      tháng     năm 2026") + text(250, 700, "KẾ HOẠCH")
            + text(60, 680, "Sở Y tế chủ trì, hoàn thành trước ngày 30/6/2026."))
    stamps = [(86.0, 760.0, "173"), (391.0, 760.0, "28"), (462.5, 760.0, "4")]
    names = " ".join(f"/uni{ord(ch):04X}" for ch in glyphs).encode()
    font = (b"<< /Type /Font /Subtype /Type1 /BaseFont /PlainSans /FirstChar 32 /LastChar 255 /Widths ["
            + b" ".join([b"500"] * 224) + b"] /Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding "
            b"/Differences [128 " + names + b"] >> /FontDescriptor << /Type /FontDescriptor /FontName /PlainSans "
            b"/Flags 32 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >> >>")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R"
               b" >> >> /Annots [" + b" ".join(f"{6 + 2 * k} 0 R".encode() for k in range(len(stamps))) + b"] >>",
               stream(page), font]
    for k, (x, y, number) in enumerate(stamps):
        width = 6.5 * len(number)
        objects.append(f"<< /Type /Annot /Subtype /Widget /FT /Sig /T (Sig{k}) /F 4 /Rect [{x} {y - 3} {x + width} "
                       f"{y + 12}] /AP << /N {7 + 2 * k} 0 R >> >>".encode())
        objects.append(stream(text(0, 3, number), f" /Type /XObject /Subtype /Form /BBox [0 0 {width} 15] "
                                                  f"/Resources << /Font << /F1 5 0 R >> >>".encode()))
    return _pdf_of(path, objects)


def test_an_e_signed_pdfs_number_and_day_stamped_by_its_signature_are_read_in_place(tmp_path: Path) -> None:
    lines = read_document(_signed_pdf(tmp_path / "signed.pdf")).lines
    # The lines the stamps fill are read as without them ('Số:' and '/KH-UBND' far apart, put back together), so
    # a stamp changes no line's number: only what the lines say.
    assert lines == ["UBND TỈNH AN HÒA", "Số: 173/KH-UBND", "", "An Hòa, ngày 28 tháng 4 năm 2026", "", "", "KẾ HOẠCH",
                     "Sở Y tế chủ trì, hoàn thành trước ngày 30/6/2026."]
    d = draft_file(tmp_path / "signed.pdf")
    assert (d.number and d.number.value, d.issued_on and d.issued_on.isoformat()) == ("173/KH-UBND", "2026-04-28")


# --------------------------------------------------------------------------- repairs


def test_text_one_character_per_line_is_joined_and_said_so(tmp_path: Path) -> None:
    sentence = "Báo cáo kết quả trước ngày 20 hằng tháng"
    text = "KẾ HOẠCH\n" + "\n".join(" " if ch == " " else ch for ch in sentence) + "\nLưu: VT.\n"
    path = tmp_path / "in.txt"
    path.write_text(text, encoding="utf-8")
    doc = read_document(path)
    assert doc.lines[:3] == ["KẾ HOẠCH", sentence, "Lưu: VT."]
    assert doc.notes == ("1 runs of one character per line (a PDF printer's output) were joined into words",)


def test_short_lines_that_are_not_single_characters_are_left_alone() -> None:
    lines = ["I.", "II.", "a)", "b)", *"-" * 5, "1", "2"]
    assert repair_one_per_line(lines) == (lines, 0)


def test_a_number_and_a_date_split_by_the_layout_are_put_back() -> None:
    lines = ["ỦY BAN NHÂN DÂN", "XÃ CAM LỘ", "Số: 312", "/UBND-VP", "|", "Cam Lộ, ngày 03", "tháng 10 năm", "2025",
             "Thực hiện Kế hoạch số 156/KH-", "UBND ngày 11/7/", "2025 của UBND tỉnh."]
    assert rejoin_split_fields(lines) == [
        "ỦY BAN NHÂN DÂN", "XÃ CAM LỘ", "Số: 312/UBND-VP", "", "|", "Cam Lộ, ngày 03 tháng 10 năm 2025", "", "",
        "Thực hiện Kế hoạch số 156/KH-UBND", "ngày 11/7/2025", "của UBND tỉnh."]


def test_a_legal_websites_header_split_over_lines_drafts_the_right_number_and_year() -> None:
    d = draft_file(CORPUS / "cong-van-2026-vpcp-lay-y-kien.txt")
    assert (d.number and d.number.value, d.dated and d.dated.value, d.year()) == (
        "3125/VPCP-PL", "Hà Nội, ngày 22 tháng 4 năm 2026", 2026)


# --------------------------------------------------------------------------- OCR


def _scan_of(pdf: Path, out: Path) -> Path:
    """The PDF's first page as a picture in a PDF of its own: a scan, with no text layer."""
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(str(pdf))[0]
    image = page.render(scale=250 / 72).to_pil().convert("L")
    image.save(str(out), "PDF", resolution=250)
    return out


@pytest.mark.slow
@pytest.mark.skipif(ocr_available() is not None, reason=f"OCR cannot run here ({ocr_available()}): .ci/run installs "
                    "tesseract-ocr and tesseract-ocr-vie, and the dev extra installs pytesseract")
def test_a_scanned_pdf_is_read_by_ocr_and_the_draft_says_so(tmp_path: Path) -> None:
    scan = _scan_of(PLAN_PDF, tmp_path / "scan.pdf")
    doc = read_document(scan)  # OCR costs seconds a page: read once, drafted from what was read
    assert doc.ocr is True
    assert doc.notes[0] == ("the text of page(s) 1 came from OCR (no text layer): check every name, number and date")
    d = extract_document(doc)
    assert (d.kind and d.kind.value, d.number and d.number.value, d.dated and d.dated.value) == (
        "Kế hoạch", "88/KH-UBND", "Quảng Trị, ngày 20 tháng 3 năm 2026")
    assert [t.id for t in d.tasks][:2] == ["2.1", "2.2"]
    from tracker.authoring.draft import render_yaml, summary

    assert "# Reading: the text of page(s) 1 came from OCR" in render_yaml(d)
    assert summary(d)[0].field == "Nguồn văn bản"


def test_without_ocr_a_scan_is_refused_in_one_line_saying_what_to_install(tmp_path: Path) -> None:
    scan = _scan_of(PLAN_PDF, tmp_path / "scan.pdf")
    script = textwrap.dedent(f"""
        import sys
        sys.modules["pytesseract"] = None  # as when the optional extra is not installed
        from tracker.cli import main
        sys.argv = ["tracker", "draft", {str(scan)!r}, "--out", {str(tmp_path / "x.yaml")!r}]
        main()
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=300, text=True)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    assert ("page 1 has no text layer (a scan?) and cannot be read by OCR here: pytesseract is not installed; install "
            "the optional extra (pip install 'tracker[ocr]') and Tesseract with Vietnamese (apt-get install "
            "tesseract-ocr tesseract-ocr-vie)") in " ".join((proc.stderr + proc.stdout).split())


# --------------------------------------------------------------------------- files built to exhaust memory


def _zeros_deflated(n_mib: int) -> tuple[bytes, int, int]:
    """Raw deflate of n MiB of zero bytes, its CRC-32 and Adler-32, built from one repeated block (fast)."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b"\0" * (1 << 20)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)  # after a full flush every block is the same
    crc, adler = 0, 1
    for _ in range(n_mib):
        crc = zlib.crc32(chunk, crc)
        adler = zlib.adler32(chunk, adler)
    return block * n_mib + b"\x03\x00", crc, adler


def _zip(path: Path, members: dict[str, tuple[bytes, int, int, int]]) -> Path:
    """A zip written by hand: (deflated data, CRC, declared size, method) per member."""
    out, central = bytearray(), bytearray()
    for name, (data, crc, size, method) in members.items():
        offset, raw = len(out), name.encode()
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0, crc, len(data), size, len(raw), 0) + raw
        out += data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0, crc, len(data), size,
                               len(raw), 0, 0, 0, 0, 0, offset) + raw
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(out), 0)
    path.write_bytes(bytes(out + central + end))
    return path


# The package parts a Word reader needs to reach word/document.xml: the attack is on that part, not on these.
PACKAGE = {
    "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                           b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                           b'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                           b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                           b'officedocument.wordprocessingml.document.main+xml"/></Types>',
    "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
                   b'2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
}


def _docx(path: Path, document_xml: bytes) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in PACKAGE.items():
            z.writestr(name, data)
        z.writestr("word/document.xml", document_xml)
    return path


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _billion_laughs(path: Path) -> Path:
    entities = '<!ENTITY a0 "ha">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]><w:document {W}><w:body><w:p><w:r>'
           f'<w:t>&a9;</w:t></w:r></w:p></w:body></w:document>')
    return _docx(path, xml.encode())


def _inflating_docx(path: Path) -> Path:
    data, crc, _ = _zeros_deflated(1500)  # 1.5 MB that inflates to 1.5 GB
    stored = {name: (part, zlib.crc32(part), len(part), 0) for name, part in PACKAGE.items()}
    return _zip(path, {**stored, "word/document.xml": (data, crc, 1500 << 20, 8)})


def _paragraphs_docx(path: Path) -> Path:
    return _docx(path, f'<w:document {W}><w:body>{"<w:p/>" * 3_000_000}</w:body></w:document>'.encode())


def _inflating_pdf(path: Path) -> Path:
    data, _, adler = _zeros_deflated(1024)  # a content stream of 1 GB
    stream = b"\x78\xda" + data + struct.pack(">I", adler)
    return _pdf_of(path, [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                          b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                          b"<< /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >>\nstream\n" + stream
                          + b"\nendstream"])


def _pdf_of(path: Path, objects: list[bytes]) -> Path:
    """A PDF file of these objects (numbered from 1, the first the catalogue), with its cross-reference table."""
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for k, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{k} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


BOMBS = {
    "billion-laughs.docx": (_billion_laughs, "its XML declares entities (a DTD), which Word never writes "
                                             "(a 'billion laughs' file?); refused"),
    "inflates.docx": (_inflating_docx, "its part word/document.xml would inflate to 1,572,864,000 bytes from"),
    "paragraphs.docx": (_paragraphs_docx, "its part word/document.xml would inflate to 18,000,113 bytes from"),
    "inflates.pdf": (_inflating_pdf, "a stream of the PDF inflates to more than 8,000,000 bytes (a PDF bomb?); refused"),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(BOMBS))
def test_a_file_built_to_exhaust_memory_is_refused_in_one_line_within_2_gib(tmp_path: Path, name: str) -> None:
    build, message = BOMBS[name]
    bomb = build(tmp_path / name)
    assert bomb.stat().st_size < 20_000_000
    script = textwrap.dedent(f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
        from tracker.cli import main
        sys.argv = ["tracker", "draft", {str(bomb)!r}, "--out", {str(tmp_path / "x.yaml")!r}]
        main()
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=300, text=True)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output[-2000:]
    assert "Traceback" not in output and "MemoryError" not in output
    assert message in " ".join(output.split())
    assert len(output.strip().splitlines()) <= 2  # the error, and no stack of anything
    assert not (tmp_path / "x.yaml").exists()


def test_a_docx_of_more_paragraphs_than_the_budget_is_refused_while_it_is_read(tmp_path: Path) -> None:
    body = "".join(f"<w:p><w:r><w:t>{k * 7919 % 1000003}</w:t></w:r></w:p>" for k in range(MAX_BLOCKS + 10))
    path = _docx(tmp_path / "many.docx", f"<w:document {W}><w:body>{body}</w:body></w:document>".encode())
    with pytest.raises(DocumentError, match=f"more than {MAX_BLOCKS:,} paragraphs; a directive is read up to that"):
        read_document(path)


def test_a_damaged_docx_is_refused_in_words(tmp_path: Path) -> None:
    path = _docx(tmp_path / "broken.docx", b"<w:document><w:body><w:p>")
    with pytest.raises(DocumentError, match=r"not a readable Word \.docx file \(damaged XML"):
        read_document(path)



def test_a_folder_or_a_missing_file_given_as_the_directive_is_named_as_such(tmp_path: Path) -> None:
    said = []
    for path in (tmp_path, tmp_path / "khong-co.pdf"):
        with pytest.raises(DocumentError) as caught:
            read_document(path)
        said.append(caught.value.vi)
    assert said == [f"“{tmp_path}” là một thư mục; hãy chỉ tệp văn bản (.txt, .docx hoặc .pdf) trong đó",
                    f"không có tệp “{tmp_path / 'khong-co.pdf'}”"]
