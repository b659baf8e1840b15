"""Files built to hurt (issue 23, items 3 and 10, and the weak items about files): one clear line or a problem
at the cell, never a traceback, a MemoryError or the whole week stopped.

Zip bombs are refused from the sizes the workbook declares before anything is inflated, checked under
a 2 GiB address-space limit; a password-protected workbook is named as such; a CSV field longer than
Python's csv module allows, or rows past the limit, are reported at the cell or the tab; a UTF-16
reviews file without its byte-order mark is read.
"""

from __future__ import annotations

import struct
import subprocess
import sys
import textwrap
import zipfile
from datetime import date
from pathlib import Path

import pytest
from helpers import build_workbook

from tracker.check import check
from tracker.definition import Tracker, bundled_tracker_path
from tracker.errors import SourceError
from tracker.files.cells import CellError, CellValue, RawSheet
from tracker.files.tables import PACKAGE_BYTES, read_csv, read_workbook
from tracker.review.decisions import COLUMNS, read_review
from tracker.sources import CsvFolderSource, XlsxSource

AS_OF = date(2023, 8, 18)
ROW = (1, "28/07/2023", "1", "Hội nghị", "Hội nghị tuyên truyền", "Nhân dân", 120, 1)


@pytest.fixture()
def book(tracker: Tracker, tmp_path: Path) -> Path:
    return build_workbook(tracker, tmp_path / "base.xlsx", {tracker.units[0].sheet: [ROW]})


def _rewrite(source: Path, out: Path, member: str, chunks: int, chunk: bytes, close: bytes) -> Path:
    """`source` with `member` grown by `chunks` copies of `chunk` before its `close` tag, streamed at level 1."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename != member:
                zout.writestr(info, data)
                continue
            head, tail = data.rsplit(close, 1)
            grown = zipfile.ZipInfo(member)
            grown.compress_type = zipfile.ZIP_DEFLATED
            with zout.open(grown, "w", force_zip64=True) as fh:
                fh.write(head)
                for _ in range(chunks):
                    fh.write(chunk)
                fh.write(close + tail)
    return out


def _run_check_in_2_gib(source: Path) -> subprocess.CompletedProcess[str]:
    script = textwrap.dedent(f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
        from tracker.cli import main
        sys.argv = ["tracker", "check", {str(bundled_tracker_path())!r}, "-s", {str(source)!r},
                    "--as-of", "2023-08-18", "--no-history"]
        main()
    """)
    return subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=300, text=True)


@pytest.mark.slow
def test_a_zip_bomb_workbook_is_refused_in_one_line_within_2_gib(book: Path, tmp_path: Path) -> None:
    row = b'<row r="9"><c r="A9" t="inlineStr"><is><t>' + b"x" * 1000 + b"</t></is></c></row>"
    bomb = _rewrite(book, tmp_path / "bomb.xlsx", "xl/worksheets/sheet2.xml", 1000, row * 1000, b"</sheetData>")
    assert bomb.stat().st_size < 10 << 20  # a few MB that inflate to a gigabyte
    done = _run_check_in_2_gib(bomb)
    assert done.returncode == 1 and "Traceback" not in done.stdout + done.stderr
    lines = (done.stdout + done.stderr).strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Lỗi nguồn dữ liệu: không đọc “bomb.xlsx”: tệp bung ra ") and \
        lines[0].endswith(f" MB, quá {PACKAGE_BYTES >> 20} MB cho phép; hãy tách thành các bảng tính nhỏ hơn")


def test_a_part_that_inflates_far_more_than_xml_does_is_refused(book: Path, tmp_path: Path) -> None:
    bomb = _rewrite(book, tmp_path / "ratio.xlsx", "xl/styles.xml", 60, b"<!--" + b" " * 1_000_000 + b"-->",
                    b"</styleSheet>")
    with pytest.raises(SourceError) as caught:
        read_workbook(bomb)
    assert str(caught.value).startswith(f"cannot read workbook {bomb}: its part xl/styles.xml unpacks ")
    assert str(caught.value).endswith(" times its size (a zip bomb?); it is not read")


def test_a_part_larger_than_it_declares_is_refused(book: Path, tmp_path: Path) -> None:
    liar = _rewrite(book, tmp_path / "liar.xlsx", "xl/styles.xml", 20, b"<!--" + b"x" * 1_000_000 + b"-->",
                    b"</styleSheet>")
    data = bytearray(liar.read_bytes())
    at = data.find(b"PK\x01\x02")
    while at != -1:  # the central directory says the part is 1 KB
        name = bytes(data[at + 46:at + 46 + struct.unpack_from("<H", data, at + 28)[0]])
        if name == b"xl/styles.xml":
            struct.pack_into("<I", data, at + 24, 1024)
        at = data.find(b"PK\x01\x02", at + 4)
    liar.write_bytes(bytes(data))
    with pytest.raises(SourceError) as caught:
        read_workbook(liar)
    assert str(caught.value).startswith(f"cannot read workbook {liar}: ")


def test_a_password_protected_workbook_is_named_as_such(book: Path, tmp_path: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    locked = tmp_path / "mat-khau.xlsx"
    with book.open("rb") as plain, locked.open("wb") as out:
        OOXMLFile(plain).encrypt("mat-khau", out)
    with pytest.raises(SourceError) as caught:
        read_workbook(locked)
    assert str(caught.value) == (
        f"cannot read workbook {locked}: it is password-protected (encrypted). Open it in Excel, remove the password "
        "(File > Info > Protect Workbook > Encrypt with Password), save it and try again. — Tệp được đặt mật khẩu: "
        "hãy mở bằng Excel, bỏ mật khẩu rồi lưu lại.")
    old = tmp_path / "cu.xlsx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)  # an Excel 97-2003 file renamed
    with pytest.raises(SourceError, match="it is an Excel 97-2003"):
        read_workbook(old)


# --- CSV: a field past csv's own limit, rows past the tab's, a file too large

def _csv_folder(tracker: Tracker, tmp_path: Path, rows: list[list[str]]) -> Path:
    folder = tmp_path / "csv"
    folder.mkdir()
    header = ",".join(c.header for c in tracker.columns)
    body = "\n".join(",".join(r) for r in rows)
    (folder / f"{tracker.units[0].sheet}.csv").write_text(f"Tiêu đề\n{header}\n{body}\n", encoding="utf-8")
    return folder


def test_a_csv_field_longer_than_the_csv_module_allows_is_cut_and_reported_at_its_cell(tracker: Tracker,
                                                                                       tmp_path: Path) -> None:
    content = "Hội nghị " + "rất dài " * 20_000  # 160,009 characters: past csv's 131,072
    folder = _csv_folder(tracker, tmp_path, [["1", "28/07/2023", "1", "Hội nghị", content, "Nhân dân", "120", "1"]])
    result = check(tracker, CsvFolderSource(folder), AS_OF)
    [long] = [p for p in result.problems if p.code == "cell-too-long"]
    assert (long.cell, long.severity, long.message) == (
        "E3", "warning", "Ô E3 dài 160009 ký tự, quá giới hạn 32767 ký tự của một ô Excel; chỉ 32767 ký tự đầu được đọc.")
    [activity] = result.intake.activities
    assert len(activity.content) <= 32_767 and activity.content.startswith("Hội nghị rất dài")


def test_a_csv_tab_past_the_row_limit_is_reported_too_large(tracker: Tracker, tmp_path: Path) -> None:
    from tracker.files.tables import Limits

    rows = [["1", "28/07/2023", "1", "Hội nghị", "Hội nghị", "Nhân dân", "120", "1"]]
    rows += [[str(n), "", "", "", f"dòng {n}"] for n in range(2, 60)]
    folder = _csv_folder(tracker, tmp_path, rows)
    result = check(tracker, CsvFolderSource(folder, Limits(rows=40)), AS_OF)  # 100,000 by default, as for .xlsx
    [too_large] = [p for p in result.problems if p.code == "sheet-too-large"]
    assert too_large.message.startswith(f"Trang tính “{tracker.units[0].sheet}” có 21 dòng dữ liệu sau dòng 40;")
    assert result.intake.units[tracker.units[0].id].counts.rows_read == 38


def test_a_csv_file_too_large_to_read_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tracker.files.tables as tables

    path = tmp_path / "lon.csv"
    path.write_text("a,b\n" * 1000, encoding="utf-8")
    monkeypatch.setattr(tables, "CSV_BYTES", 1000)
    with pytest.raises(SourceError) as caught:
        read_csv(path)
    assert str(caught.value) == f"cannot read {path}: 0 MB, more than the 0 MB a CSV file may hold here; split it"


# --- the province's reviews file

def test_a_reviews_csv_reason_past_the_csv_limit_is_read_and_cut(small_tracker: Tracker, tmp_path: Path) -> None:
    path = tmp_path / "duyet.csv"
    reason = "Thiếu biên bản. " * 10_000  # 160,000 characters
    line = ["Xã B", "", "tk", "Miễn", reason, "", "", "Nguyễn Văn An", "11/06/2026"]
    path.write_text("\n".join([",".join(c.header for c in COLUMNS), ",".join(line)]) + "\n", encoding="utf-8")
    review = read_review(small_tracker, [RawSheet("Duyệt", read_csv(path))], date(2026, 6, 19))
    [decision] = review.decisions
    assert len(decision.reason) == 500 and decision.reason.endswith("…")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_utf16_reviews_csv_without_its_byte_order_mark_is_read(small_tracker: Tracker, tmp_path: Path,
                                                                  encoding: str) -> None:
    path = tmp_path / "duyet.csv"
    line = ["Xã B", "", "tk", "Miễn", "Đơn vị mới thành lập", "", "", "Lê Thị Bình", "11/06/2026"]
    text = "\t".join(c.header for c in COLUMNS) + "\r\n" + "\t".join(line) + "\r\n"
    path.write_bytes(text.encode(encoding))  # no BOM: 'Đơn vị' starts with a byte that is not NUL
    review = read_review(small_tracker, [RawSheet("Duyệt", read_csv(path))], date(2026, 6, 19))
    assert [(d.unit, d.part, d.reason) for d in review.decisions] == [("xa-b", "tk", "Đơn vị mới thành lập")]
    assert review.problems == ()


def test_a_reviews_sheet_past_the_line_limit_is_refused_whole(small_tracker: Tracker) -> None:
    from tracker.review.decisions import LINES_MAX

    line: list[CellValue | CellError] = ["Xã B", None, "tk", "Miễn", "Mới.", None, None, "Lê Thị Bình", "11/06/2026"]
    sheet = RawSheet("Duyệt", [[c.header for c in COLUMNS], *[line] * (LINES_MAX + 1)])
    review = read_review(small_tracker, [sheet], date(2026, 6, 19))
    assert review.decisions == ()
    assert [(p.code, p.message) for p in review.problems] == [(
        "decision-too-many-lines", f"Trang “Duyệt” có {LINES_MAX + 1} dòng quyết định, quá giới hạn {LINES_MAX} dòng; "
                                   "không quyết định nào trong trang được áp dụng. Hãy chuyển các quyết định cũ sang "
                                   "một tệp khác.")]


@pytest.fixture(scope="module")
def small_tracker() -> Tracker:
    from tracker.definition import load_tracker

    return load_tracker(Path(__file__).parent / "data" / "trackers" / "xa-mau.yaml")


def test_the_units_workbook_source_reads_within_the_limits(book: Path, tracker: Tracker) -> None:
    """A plain workbook passes the package checks untouched."""
    result = check(tracker, XlsxSource([book]), AS_OF)
    assert result.intake.counts.rows_counted == 1


def test_a_workbook_that_cannot_be_read_is_explained_to_the_person_in_vietnamese(tmp_path: Path) -> None:
    # The English stays in the error (and the log); the command line prints `vi`.
    text = tmp_path / "bao-cao.xlsx"
    text.write_text("không phải bảng tính", encoding="utf-8")
    old = tmp_path / "cu.xlsx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    said = {}
    for path in (text, old, tmp_path / "khong-co.xlsx"):
        with pytest.raises(SourceError) as caught:
            read_workbook(path)
        said[path.name] = caught.value.vi
    assert said == {
        "bao-cao.xlsx": "không đọc được “bao-cao.xlsx”: tệp này không phải bảng tính .xlsx (có thể là tệp khác được "
                        "đổi đuôi, hoặc tệp bị hỏng); hãy mở bằng Excel và lưu lại dạng .xlsx",
        "cu.xlsx": "“cu.xlsx” là tệp Excel 97-2003 (.xls) dù mang đuôi khác: hãy mở bằng Excel, lưu lại dạng .xlsx "
                   "(Excel 2007 trở lên) rồi chạy lại",
        "khong-co.xlsx": f"không tìm thấy bảng tính “{tmp_path / 'khong-co.xlsx'}”",
    }
    run = subprocess.run([sys.executable, "-c", "from tracker.entry import main; main()", "check",
                          "quang-tri-2023-phong-chong-mua-ban-nguoi", "--source", str(text), "--as-of", "18/08/2023",
                          "--no-history"], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 1
    assert "không phải bảng tính .xlsx" in run.stderr and "not an .xlsx" not in run.stderr and "Traceback" not in run.stderr
