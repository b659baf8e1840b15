"""Tables from files, with no tracker in sight: every sheet of an .xlsx workbook, or one .csv file.

Used by the sources (the units' sheets) and by the contacts file and the unit lists the definition and
the scaffold read, so it sits below the definition: it imports only the cell types (tracker.files.cells).

Workbooks are read with python-calamine (fast); error cells are recovered from the sheet XML.
calamine returns formula-error cells as empty strings, which would make a '#REF!' date look like a
missing date. The workbook is a zip of XML, so the error cells (t="e") are found with one pass over
each sheet's XML, without loading the workbook a second time through openpyxl.
"""

from __future__ import annotations

import csv
import html
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from io import BytesIO, StringIO
from pathlib import Path

import python_calamine as pc
from lxml import etree
from openpyxl.utils import get_column_letter

from tracker.errors import SourceError
from tracker.files.atomic import os_reason_vi
from tracker.files.cells import (
    ERROR_CODES,
    READ_COLUMNS,
    READ_ROWS,
    CellError,
    CellValue,
    FormulaNoValue,
    ProgressFn,
    RawSheet,
    put_cell,
)
from tracker.files.zipped import deflated

_FORMULA_CELL = re.compile(rb'<c\b([^>]*)>\s*<f\b[^>]*?(?:/>|>(.*?)</f>)\s*(?:<v>([^<]*)</v>|<v\s*/>)?\s*</c>', re.S)
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_ERROR_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*?\bt="e"[^>]*>(?:<f[^>]*>.*?</f>|<f[^>]*/>)?<v>([^<]*)</v>', re.S)
_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]+)(\d+)"[^>]*?(?:/>|>(.*?)</c>)', re.S)

STRAY_SHOWN = 10
"""Stray cells listed per tab; more rows than this beyond READ_ROWS make the tab `too large`."""


PACKAGE_BYTES = 256 << 20
"""Uncompressed bytes a workbook may declare in all. A national workbook of 200 tabs declares some 30 MB;
past this the workbook is refused before anything is inflated (a 2 MB zip bomb declares gigabytes)."""
PACKAGE_RATIO = 100
"""Compression ratio past which a part larger than 1 MiB is a bomb: real sheet XML compresses 5-20 times."""
PACKAGE_MEMBERS = 10_000
CSV_BYTES = 128 << 20
"""Bytes of one CSV file read; a larger file is refused with one line (the first 100,000 rows of a real one
are well under this)."""
_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""An OLE compound file: an Excel 97-2003 workbook, or an .xlsx encrypted with a password."""


@dataclass(frozen=True)
class Limits:
    rows: int = READ_ROWS
    columns: int = READ_COLUMNS


@dataclass
class _SheetFacts:
    errors: dict[tuple[str, int], str] = field(default_factory=dict)
    uncomputed: dict[tuple[str, int], str] = field(default_factory=dict)
    """Formulas saved with no computed value, by cell: '=DATE(2026,5,12)'."""
    stray: list[tuple[int, int]] = field(default_factory=list)
    rows_cut: int = 0


def read_workbook(path: Path, progress: ProgressFn | None = None, limits: Limits = Limits()) -> list[RawSheet]:
    """Every worksheet of the workbook, read only within `limits`.

    calamine allocates a dense grid as large as the furthest cell: one value typed at XFD1048576 in a
    39 KB file asks for some 512 GiB and the process aborts. The sheet XML is therefore scanned first
    (a cheap search, exact only when a reference looks far), the cells outside the limits are cut from
    a copy of the package, and calamine reads that copy.
    """
    try:
        _check_package(path)
        facts, date1904, bounded = _xml_facts(path, limits)
    except FileNotFoundError as exc:
        raise SourceError(f"workbook not found: {path}", vi=f"không tìm thấy bảng tính “{path}”") from exc
    except SourceError:
        raise
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, EOFError, etree.LxmlError) as exc:
        raise SourceError(f"cannot read workbook {path}: not an .xlsx workbook ({exc})",
                          vi=f"không đọc được “{path.name}”: tệp này không phải bảng tính .xlsx (có thể là tệp khác "
                             "được đổi đuôi, hoặc tệp bị hỏng); hãy mở bằng Excel và lưu lại dạng .xlsx") from exc
    try:
        book = pc.CalamineWorkbook.from_filelike(BytesIO(bounded)) if bounded else \
            pc.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several unrelated types for corrupt files
        raise SourceError(f"cannot read workbook {path}: {exc}", vi=_damaged_vi(path)) from exc
    try:
        out: list[RawSheet] = []
        names = [m.name for m in book.sheets_metadata if m.typ == pc.SheetTypeEnum.WorkSheet]
        for i, name in enumerate(names):
            sheet = book.get_sheet_by_name(name)
            rows: list[list[CellValue | CellError]] = [list(r) for r in sheet.to_python(skip_empty_area=False)]  # calamine is untyped
            fact = facts.get(name, _SheetFacts())
            _put_facts(rows, fact, limits)
            # A merged range reaches no further than the cells read: A1:XFD1048576 would be 17 billion cells.
            merged = [(a[0], a[1], min(b[0], len(rows) - 1), min(b[1], limits.columns - 1))
                      for a, b in (sheet.merged_cell_ranges or []) if a[0] < len(rows) and a[1] < limits.columns]
            out.append(RawSheet(name=name, rows=rows, spreadsheet=path.name, merged=merged, date1904=date1904,
                                stray_cells=fact.stray, rows_cut=fact.rows_cut,
                                limits=(limits.rows, limits.columns)))
            if progress:
                progress(f"{path.name}: {name}", i + 1, len(names))
        return out
    except SourceError:
        raise
    except Exception as exc:
        raise SourceError(f"cannot read workbook {path}: {exc}", vi=_damaged_vi(path)) from exc
    finally:
        book.close()


def _put_facts(rows: list[list[CellValue | CellError]], fact: _SheetFacts, limits: Limits) -> None:
    """The error cells calamine reads as empty, and the formulas saved with no value it reads as empty, put back."""
    for (col, row), code in fact.errors.items():
        if row <= limits.rows and _col_index(col) < limits.columns:
            put_cell(rows, row - 1, _col_index(col), CellError(code))
    for (col, row), formula in fact.uncomputed.items():
        c = _col_index(col)
        if row <= limits.rows and c < limits.columns and \
                (len(rows) < row or len(rows[row - 1]) <= c or rows[row - 1][c] in (None, "")):
            put_cell(rows, row - 1, c, FormulaNoValue(formula))


def _check_package(path: Path) -> None:
    """Refuse, before inflating anything, a workbook that is encrypted, or whose parts declare more than a
    workbook can hold or inflate far more than real XML does (a zip bomb).

    A part that holds more than it declares is caught as it is read: zipfile stops at the declared size
    (the CRC then fails) and so does calamine's reader ("larger than its declared uncompressed size").
    """
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == _CFB:
        data = path.read_bytes()
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise SourceError(f"cannot read workbook {path}: it is password-protected (encrypted). Open it in "
                              "Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password), "
                              "save it and try again. — Tệp được đặt mật khẩu: hãy mở bằng Excel, bỏ mật khẩu rồi lưu "
                              "lại.", vi=f"“{path.name}” được đặt mật khẩu: hãy mở bằng Excel, bỏ mật khẩu (Tệp > "
                                         "Thông tin > Bảo vệ sổ làm việc > Mã hóa bằng mật khẩu), lưu lại rồi chạy lại")
        raise SourceError(f"cannot read workbook {path}: it is an Excel 97-2003 (.xls) file; save it as .xlsx "
                          "(Excel 2007 or later) and try again",
                          vi=f"“{path.name}” là tệp Excel 97-2003 (.xls) dù mang đuôi khác: hãy mở bằng Excel, lưu lại "
                             "dạng .xlsx (Excel 2007 trở lên) rồi chạy lại")
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
        declared = sum(i.file_size for i in infos)
        if len(infos) > PACKAGE_MEMBERS or declared > PACKAGE_BYTES:
            raise SourceError(f"cannot read workbook {path}: its {len(infos)} parts unpack to {declared / 2**20:,.0f} MB, "
                              f"more than the {PACKAGE_BYTES >> 20} MB a workbook may hold here; split it into "
                              "smaller workbooks",
                              vi=f"không đọc “{path.name}”: tệp bung ra {declared / 2**20:,.0f} MB, quá "
                                 f"{PACKAGE_BYTES >> 20} MB cho phép; hãy tách thành các bảng tính nhỏ hơn")
        for info in infos:
            if info.file_size > 1 << 20 and info.file_size > PACKAGE_RATIO * max(info.compress_size, 1):
                raise SourceError(f"cannot read workbook {path}: its part {info.filename} unpacks "
                                  f"{info.file_size // max(info.compress_size, 1):,} times its size (a zip bomb?); "
                                  "it is not read",
                                  vi=f"không đọc “{path.name}”: một phần của tệp bung ra gấp "
                                     f"{info.file_size // max(info.compress_size, 1):,} lần (có thể là tệp độc hại)")


def _damaged_vi(path: Path) -> str:
    return (f"không đọc được bảng tính “{path.name}”: tệp bị hỏng hoặc không đúng dạng .xlsx; hãy mở bằng Excel, "
            "lưu lại rồi chạy lại")


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _xml_facts(path: Path, limits: Limits) -> tuple[dict[str, _SheetFacts], bool, bytes | None]:
    """Per sheet name: error cells and cells beyond the limits; whether dates count from 1904; and,
    when some sheet reaches beyond the limits, the package with those cells cut (else None)."""
    with zipfile.ZipFile(path) as zf:
        sheets, date1904 = _workbook_entries(zf.read("xl/workbook.xml"))
        try:
            rels = _relationships(zf.read("xl/_rels/workbook.xml.rels"))
        except KeyError:
            return {}, date1904, None
        facts: dict[str, _SheetFacts] = {}
        cut: dict[str, bytes] = {}
        far = _far_hint(limits)
        for name, rid in sheets:
            target = rels.get(rid, "")
            member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            try:
                xml = zf.read(member)
            except KeyError:
                continue
            fact = facts.setdefault(name, _SheetFacts())
            if far.search(xml):
                xml = _cut_far_cells(xml, limits, fact)
                cut[member] = xml
            if b't="e"' in xml:
                fact.errors = {(e.group(1).decode(), int(e.group(2))): e.group(3).decode()
                               for e in _ERROR_CELL.finditer(xml)}
            if b"<f" in xml:
                fact.uncomputed = _uncomputed(xml)
        if not cut:
            return facts, date1904, None
        buffer = BytesIO()
        with zipfile.ZipFile(buffer, "w") as copy:
            for info in zf.infolist():
                copy.writestr(deflated(info), cut.get(info.filename) or zf.read(info.filename))
        return facts, date1904, buffer.getvalue()


def _uncomputed(xml: bytes) -> dict[tuple[str, int], str]:
    """The formula cells saved with no computed value: no <v>, or an empty one on a cell that is not text (a
    spreadsheet saves a formula computed to an empty text as t="str" with an empty <v>: that is an empty cell)."""
    out: dict[tuple[str, int], str] = {}
    for cell in _FORMULA_CELL.finditer(xml):
        attrs, formula, value = cell.group(1), cell.group(2), cell.group(3)
        ref = _REF.search(attrs)
        if ref is None or value or re.search(rb'\bt="(?:str|inlineStr|e)"', attrs):
            continue
        text = html.unescape(formula.decode("utf-8", "replace")) if formula else ""
        out[(ref.group(1).decode(), int(ref.group(2)))] = "=" + text if text else "=…"
    return out


def _far_hint(limits: Limits) -> re.Pattern[bytes]:
    """A quick search that finds every reference beyond the limits (and some within, which the exact
    pass then keeps): as many column letters as the last column has, or as many row digits."""
    letters = len(get_column_letter(limits.columns))
    digits = len(str(limits.rows))
    # Starting with a literal lets the regex engine skip ahead: ~0.17 s for 47 MB of sheet XML, where
    # anchoring on '<c' cost 0.86 s. Row elements (r="123") never match: they have no letter.
    return re.compile(rb'r="[A-Z](?:[A-Z]{%d}|[A-Z]*\d{%d})' % (letters - 1, digits))


def _cut_far_cells(xml: bytes, limits: Limits, fact: _SheetFacts) -> bytes:
    """The sheet XML without the cells beyond the limits; the valued ones are noted in `fact`."""
    beyond_columns: list[tuple[int, int]] = []
    beyond_rows: list[tuple[int, int]] = []
    rows: set[int] = set()

    def keep(m: re.Match[bytes]) -> bytes:
        column, row = _col_index(m.group(1).decode()) + 1, int(m.group(2))
        if column <= limits.columns and row <= limits.rows:
            return m.group(0)
        if m.group(3) and (b"<v" in m.group(3) or b"<is" in m.group(3)):  # a styled empty cell is no news
            if column > limits.columns:
                if len(beyond_columns) < STRAY_SHOWN:
                    beyond_columns.append((row, column))
            else:
                rows.add(row)
                if len(beyond_rows) < STRAY_SHOWN:
                    beyond_rows.append((row, column))
        return b""

    xml = _CELL.sub(keep, xml)
    if len(rows) > STRAY_SHOWN:  # not a stray value but a table longer than is read
        fact.rows_cut = len(rows)
        fact.stray = beyond_columns
    else:
        fact.stray = sorted(beyond_columns + beyond_rows)[:STRAY_SHOWN]
    return xml


_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
"""Parses the workbook's small parts (workbook.xml, its rels): no entity a file declares is expanded, nothing fetched."""


def _workbook_entries(xml: bytes) -> tuple[list[tuple[str, str]], bool]:
    """(sheet name, relationship id) of every sheet in workbook.xml, in order, and whether dates count from 1904.
    Parsed as XML: the attributes may come in any order, under any prefix, with any character reference."""
    root = etree.fromstring(xml, _XML)
    sheets: list[tuple[str, str]] = []
    for el in root.iterfind("{*}sheets/{*}sheet"):
        rid = next((v for k, v in el.attrib.items() if etree.QName(k).namespace and etree.QName(k).localname == "id"), "")
        sheets.append((str(el.get("name", "")), str(rid)))
    settings = root.find("{*}workbookPr")
    date1904 = settings is not None and str(settings.get("date1904", "")).strip().lower() in ("1", "true")
    return sheets, date1904


def _relationships(xml: bytes) -> dict[str, str]:
    """Relationship id -> target of a .rels part."""
    return {str(el.get("Id")): str(el.get("Target", "")) for el in etree.fromstring(xml, _XML).iter("{*}Relationship")
            if el.get("Id")}


def decode(data: bytes) -> str:
    """UTF-16 (Excel's 'Unicode text'), UTF-8 with or without BOM; cp1258 as a last resort."""
    # A damaged file (a truncated UTF-16 one, say) keeps what can be read, marked with U+FFFD, rather
    # than stopping the check: the cells that are left are reported like any other.
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    # UTF-16 without BOM: NUL high bytes in the odd (little-endian) or even places. Vietnamese letters have
    # high bytes 0x01 or 0x1E, so count NULs over a sample instead of asking every other byte to be one.
    if b"\x00" in data[:4096]:
        sample = data[:4096]
        odd, even = sample[1::2].count(0), sample[0::2].count(0)
        if max(odd, even) >= len(sample) // 8:
            return data.decode("utf-16-le" if odd >= even else "utf-16-be", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace")


def read_csv(path: Path, limits: Limits = Limits()) -> list[list[CellValue | CellError]]:
    """The rows of a CSV file, at most `limits.rows` of them (read_csv_sheet says what was left out)."""
    return read_csv_sheet(path, limits=limits).rows


def _csv_text(path: Path) -> str:
    """A CSV file's text, decoded (`decode`), if it is not too large to read."""
    try:
        size = path.stat().st_size
        if size > CSV_BYTES:
            raise SourceError(f"cannot read {path}: {size / 2**20:,.0f} MB, more than the {CSV_BYTES >> 20} MB a CSV "
                              "file may hold here; split it",
                              vi=f"không đọc “{path.name}”: {size / 2**20:,.0f} MB, quá {CSV_BYTES >> 20} MB cho phép "
                                 "với một tệp CSV; hãy tách nhỏ")
        return decode(path.read_bytes())
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc}", vi=f"không đọc được “{path}”: {os_reason_vi(exc)}") from exc


def read_csv_sheet(path: Path, name: str | None = None, spreadsheet: str = "", limits: Limits = Limits()) -> RawSheet:
    """A CSV file as one tab, within the same limits as a workbook's: the rows and cells beyond them are noted
    (stray cells, rows cut), not read. A field may be as long as the file: intake cuts a cell's text at what a
    spreadsheet cell holds and says so at the cell."""
    text = _csv_text(path)
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:  # rows of unequal length confuse the sniffer: the sample's commonest separator
        separator = max(",;\t", key=sample.count)  # a tie keeps the comma
        dialect = csv.excel_tab if separator == "\t" else csv.excel
        if separator == ";":
            class _Semicolon(csv.excel):
                delimiter = ";"

            dialect = _Semicolon
    csv.field_size_limit(max(csv.field_size_limit(), CSV_BYTES))  # the file's size bounds a field already
    rows: list[list[CellValue | CellError]] = []
    beyond_columns: list[tuple[int, int]] = []
    beyond_rows: list[tuple[int, int]] = []
    rows_beyond = 0
    try:
        for r, row in enumerate(csv.reader(StringIO(text, newline=""), dialect), 1):
            valued = [c for c, cell in enumerate(row, 1) if cell != ""]
            if r > limits.rows:
                if valued:
                    rows_beyond += 1
                    if len(beyond_rows) < STRAY_SHOWN:
                        beyond_rows.append((r, valued[0]))
                continue
            for c in valued:
                if c > limits.columns and len(beyond_columns) < STRAY_SHOWN:
                    beyond_columns.append((r, c))
            # Excel writes a formula error into CSV as its code; keep it an error, as the .xlsx reader does.
            rows.append([CellError(cell) if cell in ERROR_CODES else (cell if cell != "" else None)
                         for cell in row[: limits.columns]])
    except csv.Error as exc:
        raise SourceError(f"cannot read {path}: not a CSV file ({exc})",
                          vi=f"“{path.name}” không phải tệp CSV đọc được ({exc})") from exc
    stray = beyond_columns if rows_beyond > STRAY_SHOWN else sorted(beyond_columns + beyond_rows)[:STRAY_SHOWN]
    return RawSheet(name=name or path.stem, rows=rows, spreadsheet=spreadsheet, stray_cells=stray,
                    rows_cut=rows_beyond if rows_beyond > STRAY_SHOWN else 0, limits=(limits.rows, limits.columns))
