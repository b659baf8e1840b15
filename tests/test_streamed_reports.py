"""Reports written in pieces (issue 29): findings.json and report.xlsx's long sheets are streamed into their files,
never held whole, and come out byte for byte as when they were built whole."""

from __future__ import annotations

import json
import re
import threading
import zipfile
import zlib
from collections.abc import Iterator
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from tracker import text as text_module
from tracker.check import CheckResult, check
from tracker.definition import Tracker
from tracker.files import atomic as files
from tracker.files.zipped import FAST, deflated
from tracker.problems import Code
from tracker.report import write as report_writer
from tracker.report import xlsx
from tracker.report.write import write_reports
from tracker.result import findings
from tracker.sources import open_source
from tracker.text import json_chunks, json_text


@pytest.fixture(scope="module")
def result(tracker: Tracker, sample_book: Path) -> CheckResult:
    return check(tracker, open_source(sample_book, tracker), date(2023, 8, 18))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(value=json_values, indent=st.sampled_from([None, 0, 2]), depth=st.integers(0, 4))
def test_json_in_pieces_joins_to_exactly_the_text_of_json_text(value: Any, indent: int | None, depth: int) -> None:
    assert "".join(json_chunks(value, indent, depth)) == json_text(value, indent)
    chunk, batch = text_module.JSON_CHUNK, text_module.JSON_BATCH
    text_module.JSON_CHUNK = 3  # a yield every few pieces, as in a national document
    text_module.JSON_BATCH = 2  # a long list's items encoded two at a time: every list here spans batches
    try:
        assert "".join(json_chunks(value, indent, depth)) == json_text(value, indent)
    finally:
        text_module.JSON_CHUNK, text_module.JSON_BATCH = chunk, batch


def test_an_iterator_in_the_document_is_written_as_the_list_it_gives() -> None:
    rows = [{"a": 1, "b": "x\u0085y"}, {"c": [1, 2]}, [3, "\u2028"], "z", None]
    for indent in (None, 2):
        assert "".join(json_chunks({"k": iter(rows), "e": iter([])}, indent)) == json_text({"k": rows, "e": []}, indent)
        nested = {"k": iter([iter([1, 2]), iter([]), {"x": iter(["y"])}][:2]), "m": [iter([{"a": 1}])]}
        assert "".join(json_chunks(nested, indent)) == json_text({"k": [[1, 2], []], "m": [[{"a": 1}]]}, indent)


@pytest.mark.parametrize("compact", [False, True])
def test_findings_json_streamed_equals_the_document_built_whole_byte_for_byte(
        result: CheckResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compact: bool) -> None:
    if compact:  # the national case: compact JSON (and report.xlsx written beside it)
        monkeypatch.setattr(report_writer, "PARALLEL_ABOVE", 0)
    paths = write_reports(result, tmp_path)
    whole = json_text(findings(result), indent=None if compact else 2).encode("utf-8")
    assert paths["json"].read_bytes() == whole
    assert json.loads(whole)["activities"] and len(whole) > 10_000


def _spliced_whole(package: bytes, sheets: dict[str, list[list[Any]]], widths: dict[str, Any]) -> bytes:
    """report.xlsx's long sheets as they were written before streaming: each sheet's XML made whole, then zipped."""
    source = zipfile.ZipFile(BytesIO(package))
    letters = [get_column_letter(i) for i in range(1, 27)]
    replaced = {}
    for title, rows in sheets.items():
        if not rows:
            continue
        member = xlsx._sheet_member(source, title)
        text = source.read(member).decode("utf-8")
        numbers = re.findall(r'<row r="(\d+)"', text)
        start = int(numbers[-1]) + 1
        styles = dict(re.findall(r'<c r="([A-Z]+)\d+"[^>]*?( s="\d+")', text[text.rfind("<row "):]))
        body = "".join(xlsx._row_xml(n, v, letters, styles, widths.get(title, ()))
                       for n, v in enumerate(rows, start=start))
        text = text.replace("</sheetData>", body + "</sheetData>", 1)
        text = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:J{start + len(rows) - 1}"/>', text, count=1)
        replaced[member] = text.encode("utf-8")
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(deflated(info), replaced.get(info.filename) or source.read(info.filename))
    return out.getvalue()


def test_report_xlsx_streamed_a_few_rows_at_a_time_equals_the_package_built_whole(
        result: CheckResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "BULK_ROWS", 3)  # many batches, and a last one that is not full
    buffer = BytesIO()
    xlsx.build_workbook(result).save(buffer)
    package = buffer.getvalue()
    sheets = {xlsx.ACTIVITIES_SHEET: list(xlsx._activity_rows(result, skip=1)),
              xlsx.PROBLEMS_SHEET: list(xlsx._problem_rows(result, skip=1))}
    assert len(sheets[xlsx.ACTIVITIES_SHEET]) > 10 and len(sheets[xlsx.PROBLEMS_SHEET]) > 10
    expected = _spliced_whole(package, sheets, {xlsx.PROBLEMS_SHEET: xlsx.PROBLEM_WIDTHS})
    counted = {title: xlsx._Counted(len(rows), iter(rows)) for title, rows in sheets.items()}
    path = tmp_path / "report.xlsx"
    with path.open("wb") as fh:
        assert xlsx.bulk_append(package, counted, {xlsx.PROBLEMS_SHEET: xlsx.PROBLEM_WIDTHS}, fh) == b""
    assert path.read_bytes() == expected
    assert xlsx.bulk_append(package, sheets, {xlsx.PROBLEMS_SHEET: xlsx.PROBLEM_WIDTHS}) == expected


def test_report_xlsx_members_are_deflated_at_the_fast_level_not_zlibs_default(result: CheckResult,
                                                                              tmp_path: Path) -> None:
    # An entry taken from openpyxl's package has no level of its own: zipfile deflated it at 6 (2.2 s of CPU for a
    # national report's activities sheet, 0.5 s at FAST).
    path = xlsx.write_xlsx(result, tmp_path / "report.xlsx")
    differs = 0
    with zipfile.ZipFile(path) as package:
        for info in package.infolist():
            data = package.read(info)
            sizes = {level: len(_deflate(data, level)) for level in (FAST, 6)}
            assert (info.filename, info.compress_type, info.compress_size) == \
                (info.filename, zipfile.ZIP_DEFLATED, sizes[FAST])
            differs += sizes[FAST] != sizes[6]
    assert differs >= 1  # the sample's package tells the two levels apart


def _deflate(data: bytes, level: int) -> bytes:
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


cell_values = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False),
    st.dates(), st.sampled_from(list(Code)[:3]),
    st.text(alphabet=st.sampled_from("ab \n&<>_xÀ\x0b"), max_size=60), st.sampled_from(["", "Xã A", "Xã A\nB"]))


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.lists(cell_values, max_size=12), min_size=1, max_size=8),
       widths=st.lists(st.integers(1, 12), max_size=10), styled=st.sets(st.sampled_from("ABCDEFGHIJKL")))
def test_rows_made_in_one_pass_equal_each_cell_made_and_each_row_measured_on_its_own(
        rows: list[list[Any]], widths: list[int], styled: set[str]) -> None:
    # The cells' ends are kept per column and text, and the lines counted in the same pass: the sheet must be the
    # one made cell by cell, with the row heights _row_lines gives.
    letters = [get_column_letter(i) for i in range(1, 27)]
    styles = {letter: f' s="{i}"' for i, letter in enumerate(sorted(styled), start=1)}
    made = "".join(xlsx._rows_xml(rows, 7, letters, styles, widths))
    assert made == "".join(_row_cell_by_cell(n, values, letters, styles, widths)
                           for n, values in enumerate(rows, start=7))


def _row_cell_by_cell(number: int, values: list[Any], letters: list[str], styles: dict[str, str],
                      widths: list[int]) -> str:
    cells = []
    for letter, value in zip(letters, values, strict=False):
        s, at = styles.get(letter, ""), f'<c r="{letter}{number}"'
        if value is None or value == "":
            cells += [f"{at}{s}/>"] if s else []
        elif type(value) is bool:
            cells.append(f'{at}{s} t="b"><v>{int(value)}</v></c>')
        elif type(value) in (int, float):
            cells.append(f"{at}{s}><v>{value}</v></c>")
        elif isinstance(value, date):
            cells.append(f"{at}{s}><v>{(value - date(1899, 12, 30)).days}</v></c>")
        else:
            cells.append(f'{at}{s} t="inlineStr"><is><t xml:space="preserve">{xlsx._xml_text(str(value))}</t></is></c>')
    lines = xlsx._row_lines(values, widths)
    height = f' ht="{15 * lines}" customHeight="1"' if lines > 1 else ""
    return f'<row r="{number}"{height}>{"".join(cells)}</row>'


def test_rows_fewer_than_announced_fail_instead_of_writing_a_wrong_sheet(result: CheckResult) -> None:
    buffer = BytesIO()
    xlsx.build_workbook(result).save(buffer)
    rows = list(xlsx._activity_rows(result, skip=1))
    with pytest.raises(ValueError, match="rows made"):
        xlsx.bulk_append(buffer.getvalue(), {xlsx.ACTIVITIES_SHEET: xlsx._Counted(len(rows) + 1, rows)})


def test_reports_are_not_written_by_a_forked_child_while_another_thread_runs(
        result: CheckResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report_writer, "PARALLEL_ABOVE", 0)
    forks: list[str] = []
    from tracker.forking import may_fork as real

    def may_fork() -> bool:
        forks.append("asked")
        return real()

    monkeypatch.setattr(report_writer, "may_fork", may_fork)
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert not real()
        paths = write_reports(result, tmp_path)
    finally:
        stop.set()
        worker.join()
    assert forks == ["asked"]
    assert zipfile.ZipFile(paths["xlsx"]).testzip() is None


def test_many_files_are_each_written_whole_and_their_folder_synced_once(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[Path] = []
    monkeypatch.setattr(files, "_fsync_folder", synced.append)
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "0.html").write_text("cũ", encoding="utf-8")
    paths = files.write_all_atomic((tmp_path / "a" / f"{i}.html", f"trang {i} — đơn vị") for i in range(50))
    assert [p.read_text(encoding="utf-8") for p in paths] == [f"trang {i} — đơn vị" for i in range(50)]
    assert synced == [tmp_path / "a"]
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted(f"{i}.html" for i in range(50))


def test_a_failure_among_many_files_leaves_the_written_ones_whole_and_no_temporary_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[Path] = []
    monkeypatch.setattr(files, "_fsync_folder", synced.append)

    def pages() -> Iterator[tuple[Path, str]]:
        yield tmp_path / "1.html", "một"
        yield tmp_path / "2.html", "hai"
        raise RuntimeError("render failed")

    with pytest.raises(RuntimeError, match="render failed"):
        files.write_all_atomic(pages())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["1.html", "2.html"]
    assert (tmp_path / "2.html").read_text(encoding="utf-8") == "hai" and synced == [tmp_path]


def test_a_file_that_cannot_be_written_stops_the_rest_and_leaves_no_temporary_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[Path] = []
    monkeypatch.setattr(files, "_fsync_folder", synced.append)
    (tmp_path / "3.html").mkdir()  # a folder where a page goes: the rename over it fails
    made: list[int] = []

    def pages() -> Iterator[tuple[Path, str]]:
        for i in range(1, 400):
            made.append(i)
            yield tmp_path / f"{i}.html", f"trang {i}"

    with pytest.raises(OSError):
        files.write_all_atomic(pages())
    names = sorted(p.name for p in tmp_path.iterdir())
    assert not [n for n in names if n.endswith(".tmp")]
    assert len(made) < 399  # it stopped making pages soon after the failure
    assert all((tmp_path / n).read_text(encoding="utf-8") == f"trang {n.split('.')[0]}"
               for n in names if n != "3.html")
    assert "1.html" in names and synced == [tmp_path]


def test_a_file_that_cannot_be_written_is_the_error_raised_not_a_later_page_that_cannot_be_made(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As written in turn: the file that failed first stops the run, and no page after it is begun."""
    monkeypatch.setattr(files, "_fsync_folder", lambda folder: None)
    (tmp_path / "3.html").mkdir()  # a folder where a page goes: the rename over it fails

    def pages() -> Iterator[tuple[Path, str]]:
        for i in range(1, 400):
            if i == 10:
                raise RuntimeError("render failed")  # after the failing file, while it is still pending
            yield tmp_path / f"{i}.html", f"trang {i}"

    with pytest.raises(IsADirectoryError):
        files.write_all_atomic(pages())
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def _members(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(BytesIO(package)) as z:
        return {name: z.read(name) for name in z.namelist() if name != "docProps/core.xml"}  # its time differs


def test_report_xlsx_with_the_summarys_rows_made_beside_openpyxl_equals_the_one_openpyxl_writes_whole(
        result: CheckResult) -> None:
    # The summary's and the starts' plain rows are made as openpyxl's lxml writer makes them and put in place of the
    # empty rows openpyxl wrote: every member, styles.xml included (each style registered when first written), equal.
    buffer = BytesIO()
    xlsx.build_workbook(result).save(buffer)  # every row through openpyxl
    sheets = {xlsx.ACTIVITIES_SHEET: list(xlsx._activity_rows(result, skip=1)),
              xlsx.PROBLEMS_SHEET: list(xlsx._problem_rows(result, skip=1))}
    whole = xlsx.bulk_append(buffer.getvalue(), sheets, {xlsx.PROBLEMS_SHEET: xlsx.PROBLEM_WIDTHS,
                                                         xlsx.ACTIVITIES_SHEET: xlsx.ACTIVITY_WIDTHS})
    made = xlsx.xlsx_bytes(result)
    rows_at: dict[str, dict[str, str]] = {}
    xlsx.build_workbook(result, rows_at).save(BytesIO())  # saved: a write-only workbook left open warns when collected
    assert len(rows_at[xlsx.SUMMARY_SHEET]) > len(result.tracker.units)  # the units' lines and the heading's rows
    assert _members(made) == _members(whole)


summary_values = st.one_of(
    st.integers(-10**20, 10**20), st.sampled_from(["", " ", "=1+1", "#N/A", "Xã A", "Xã A\nB", " lề ", "a\tb"]),
    st.text(alphabet=st.sampled_from("ab \n\t\r&<>\"'_xÀĐ\u0085\x0b\x7f\ud800\U0001f600\ufffe"), max_size=12),
    st.none(), st.floats(allow_nan=False), st.booleans(), st.dates())


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.tuples(st.lists(summary_values, max_size=6),
                               st.sampled_from([None, "t_title", "t_cell", ["t_cell", "st_overdue_b", None] * 2])),
                     min_size=1, max_size=6))
def test_a_row_made_beside_openpyxl_is_the_row_openpyxl_writes(rows: list[tuple[list[Any], Any]]) -> None:
    # Text (escaped as lxml escapes it, or written by openpyxl when it holds what lxml writes otherwise), whole
    # numbers, a row's height, the styles' registration: the sheet and styles.xml as when openpyxl writes every row.
    def package(made: bool) -> dict[str, bytes]:
        wb = Workbook(write_only=True)
        for style in xlsx._styles():
            wb.add_named_style(style)
        ws = wb.create_sheet(xlsx.SUMMARY_SHEET)
        rows_at: dict[str, dict[str, str]] = {xlsx.SUMMARY_SHEET: {}}
        out = xlsx._Rows(ws, [5, 3, 8, 2, 4, 6], rows_at[xlsx.SUMMARY_SHEET] if made else None)
        for values, styles in rows:
            out.add(values, styles[: len(values)] if isinstance(styles, list) else styles)
        buffer = BytesIO()
        wb.save(buffer)
        return _members(xlsx.bulk_append(buffer.getvalue(), {}, rows_at=rows_at))

    assert package(made=True) == package(made=False)
