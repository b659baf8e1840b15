"""`tracker new`: trackers generated from the official registry validate, and a check reads their workbooks."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from tracker.authoring.registry import (
    OldUnit,
    RegistryError,
    communes,
    find_province,
    name_warnings,
)
from tracker.authoring.scaffold import MAX_TABS_PER_SPREADSHEET, build, letter_name, parse_kinds, sheet_names, tab_key
from tracker.cli import app
from tracker.definition import SHEET_NAME_FORBIDDEN, load_tracker, parse_tracker
from tracker.entry_workbook import FIRST_DATA_ROW
from tracker.text import fold

runner = CliRunner()

# What validate-definition says of a tracker `tracker new` wrote: its office has no signer yet.
UNSIGNED = ("Lưu ý: chưa có `province.signer` và `province.signer_title`:"
            " công văn đôn đốc, báo cáo tuần và báo cáo tổng kết sẽ để trống phần người ký")


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def quang_tri(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("new")
    path = folder / "qt.yaml"
    code, output = _run("new", "--province", "Quang Tri", "--id", "qt-thu", "--title", "Thử kế hoạch", "--out", str(path))
    assert (code, output) == (0, f"Đã ghi {path}: 78 đơn vị trong 1 bảng tính. Điền các dòng ghi TODO, "
                                 "rồi chạy `tracker validate-definition`.\n")
    return path


def test_new_quang_tri_has_its_78_communes_with_official_names_codes_and_kinds(quang_tri: Path) -> None:
    t = load_tracker(quang_tri)
    registry = {c.code: c for c in communes(find_province("Quảng Trị"))}
    assert len(t.units) == len(registry) == 78
    # letters name a commune by its People's Committee; its tab keeps the registry's name
    assert {u.code: u.name for u in t.units} == {code: letter_name(c.name) for code, c in registry.items()}
    assert t.unit("dac-khu-con-co").name == "UBND đặc khu Cồn Cỏ"
    assert all(u.labels == {"loai": registry[u.code or ""].label} for u in t.units)
    assert sorted({u.labels["loai"] for u in t.units}) == ["Phường", "Xã", "Đặc khu"]
    assert t.unit("dac-khu-con-co").sheet == "Đặc khu Cồn Cỏ"
    assert [s.id for s in t.spreadsheets] == ["main"] and all(u.spreadsheet is None for u in t.units)


def test_validate_definition_accepts_the_generated_tracker_and_says_its_units_have_no_address_yet(quang_tri: Path) -> None:
    assert _run("validate-definition", str(quang_tri)) == (
        0, f"Hợp lệ: {quang_tri} — 78 đơn vị, 1 nhiệm vụ, 1 phần việc.\n{UNSIGNED}\nLưu ý: 78/78 đơn vị chưa có địa chỉ "
           "thư nên sẽ "
           "không nhận được thư nhắc (UBND phường Đồng Thuận, UBND phường Đồng Sơn, UBND phường Đồng Hới, …); thêm "
           "`contacts` hoặc tệp danh bạ (`contacts_file`)\n")


def test_check_reads_the_generated_entry_workbook_and_tab_names_typed_without_diacritics(
        quang_tri: Path, tmp_path: Path) -> None:
    t = load_tracker(quang_tri)
    due = t.part("1").due
    assert due is not None and t.part("1").due_in is not None
    workbook = tmp_path / "mau.xlsx"
    assert _run("template", str(quang_tri), "--out", str(workbook)) == (0, f"Đã ghi {workbook} (78 trang tính của đơn vị).\n")
    wb = openpyxl.load_workbook(workbook)
    wb["Xã Đakrông"].title = "Xa Dakrong"
    del wb["Phường Đông Hà"]
    typed = {"stt": 1, "date": t.campaign.start.strftime("%d/%m/%Y"), "task": "1", "content": "Họp dân triển khai"}
    keys = [c.key for c in t.columns]
    for key, value in typed.items():
        wb["Xa Dakrong"].cell(row=FIRST_DATA_ROW, column=keys.index(key) + 1, value=value)
    wb.save(workbook)
    as_of = due + timedelta(days=1)
    code, output = _run("check", str(quang_tri), "--source", str(workbook), "--as-of", as_of.isoformat(),
                        "--no-history", "--json")
    assert code == 0
    found = json.loads(output)
    missing = sorted({p["unit"] for p in found["problems"]})
    assert missing == ["phuong-dong-ha"]  # the deleted tab only; the renamed one was found and its row taken
    assert found["counts"]["rows_counted"] == 1 and len(found["units"]) == 78
    statuses = {cell["unit"]: cell["status"] for cell in found["matrix"]}
    assert [u for u, s in statuses.items() if s != "overdue"] == ["xa-dakrong"]
    assert statuses["xa-dakrong"] == "done_on_time" and len(statuses) == 78


@pytest.mark.parametrize("typed", ["Quảng Trị", "tỉnh Quảng Trị", "Quang Tri", "QUẢNG TRỊ", "  tinh quang  tri "])
def test_province_is_found_with_or_without_diacritics_and_prefix(typed: str) -> None:
    assert find_province(typed).name == "Quảng Trị"


def test_city_is_found_with_or_without_thanh_pho() -> None:
    assert find_province("TP. Hà Nội") == find_province("Ha Noi") == find_province("Thành phố Hà Nội")


def test_unknown_province_lists_close_matches(tmp_path: Path) -> None:
    code, output = _run("new", "--province", "Quang Tru", "--id", "x", "--title", "X", "--out", str(tmp_path / "x.yaml"))
    assert code == 1
    assert output.startswith("Lỗi: “Quang Tru” không phải tên một trong 34 tỉnh, thành phố của danh mục hành chính "
                             "(từ ngày 01/7/2025); có phải là “Quảng Trị” hay “Quảng Ninh” hay “Quảng Ngãi”? (34 "
                             "tỉnh, thành phố: Hà Nội, Cao Bằng,")
    assert not (tmp_path / "x.yaml").exists()


@pytest.mark.parametrize(("typed", "message"), [
    ("Quang Nam", "Lỗi: “Quang Nam” không còn là một tỉnh: tỉnh Quảng Nam đã được nhập vào Thành phố Đà Nẵng theo "
                  "Nghị quyết 202/2025/QH15 (từ ngày 01/7/2025); hãy dùng “Đà Nẵng”\n"),
    ("tỉnh Quảng Bình", "Lỗi: “tỉnh Quảng Bình” không còn là một tỉnh: tỉnh Quảng Bình đã được nhập vào tỉnh Quảng Trị "
                        "theo Nghị quyết 202/2025/QH15 (từ ngày 01/7/2025); hãy dùng “Quảng Trị”\n"),
    ("ba ria - vung tau", "Lỗi: “ba ria - vung tau” không còn là một tỉnh: tỉnh Bà Rịa - Vũng Tàu đã được nhập vào "
                          "Thành phố Hồ Chí Minh theo Nghị quyết 202/2025/QH15 (từ ngày 01/7/2025); hãy dùng “Hồ Chí "
                          "Minh”\n"),
])
def test_a_province_merged_in_2025_names_the_province_it_went_into(typed: str, message: str, tmp_path: Path) -> None:
    code, output = _run("new", "--province", typed, "--id", "x", "--title", "X", "--out", str(tmp_path / "x.yaml"))
    assert (code, output) == (1, message)
    assert not (tmp_path / "x.yaml").exists()


def test_every_merged_province_goes_into_one_of_the_34() -> None:
    from tracker.authoring.registry import merged_2025, provinces

    shorts = {p.short for p in provinces()}
    assert len(merged_2025()) == 63 - 34 and set(merged_2025().values()) <= shorts
    assert not set(merged_2025()) & shorts


def test_only_keeps_the_kinds_asked(tmp_path: Path) -> None:
    s = build("Quảng Trị", "qt-phuong", "Phường", only=["phuong", "dac-khu"], out=tmp_path / "p.yaml")
    expected = [c.name for c in communes(find_province("Quảng Trị")) if c.kind in ("phuong", "dac-khu")]
    assert [u.sheet for u in s.tracker.units] == expected
    assert s.tracker.terms.unit == "phường, đặc khu"
    assert parse_kinds("Phường, dac khu") == ["phuong", "dac-khu"]
    code, output = _run("new", "--province", "Quảng Trị", "--id", "x", "--title", "X", "--only", "xa,thi-tran",
                        "--out", str(tmp_path / "x.yaml"))
    assert (code, output) == (1, "Lỗi: --only “thi-tran”: chỉ nhận các loại phuong (phường), xa (xã), dac-khu (đặc khu)\n")


def test_units_file_picks_communes_by_name_or_code_and_names_unknown_lines(tmp_path: Path) -> None:
    listed = tmp_path / "ds.txt"
    listed.write_text("Tên đơn vị\nXã Cửa Tùng\n19742\nĐa Krông\n", encoding="utf-8")
    s = build("Quảng Trị", "qt-ba", "Ba xã", units_file=listed, out=tmp_path / "b.yaml")
    assert [(u.id, u.code) for u in s.tracker.units] == [("xa-cua-tung", "19414"), ("dac-khu-con-co", "19742"),
                                                         ("xa-dakrong", "19564")]
    listed.write_text("Xã Cửa Tùng\nXã Triệu Thành\n", encoding="utf-8")
    with pytest.raises(RegistryError) as exc:
        build("Quảng Trị", "qt-ba", "Ba xã", units_file=listed)
    assert str(exc.value).startswith(f"1 listed unit(s) are not one commune of Quảng Trị:\n  {listed}, line 2: "
                                     "'Xã Triệu Thành' (closest: ")


def test_a_name_shared_by_several_provinces_asks_for_the_code(tmp_path: Path) -> None:
    listed = tmp_path / "ds.csv"
    listed.write_text("Mã\nXã Đakrông\nPhường Việt Hưng\n", encoding="utf-8")
    with pytest.raises(RegistryError) as exc:
        build("all", "vn", "Cả nước", units_file=listed)
    assert str(exc.value) == (
        f"1 listed unit(s) are not one commune of the registry:\n  {listed}, line 3: 'Phường Việt Hưng' names 2 "
        "communes (Phường Việt Hưng, Hà Nội, code 00127; Phường Việt Hưng, Quảng Ninh, code 06661): give the code")


def test_an_existing_file_is_not_replaced_without_force(quang_tri: Path) -> None:
    before = quang_tri.read_text(encoding="utf-8")
    code, output = _run("new", "--province", "Quảng Trị", "--id", "qt-thu", "--title", "Khác", "--out", str(quang_tri))
    assert (code, output) == (1, f"Lỗi: “{quang_tri}” đã có; chọn tên khác với --out, hoặc thêm --force để ghi đè\n")
    assert quang_tri.read_text(encoding="utf-8") == before


def test_a_bad_id_is_refused_with_a_suggestion() -> None:
    with pytest.raises(RegistryError, match="--id 'Quảng Trị 2026': use lowercase letters, digits and '-', "
                                            "for example 'quang-tri-2026'") as caught:
        build("Quảng Trị", "Quảng Trị 2026", "X")
    assert caught.value.vi == ("--id “Quảng Trị 2026”: chỉ dùng chữ thường không dấu, chữ số và dấu '-', ví dụ "
                               "“quang-tri-2026”")


def test_every_commune_of_the_country_gets_a_safe_unique_tab_name() -> None:
    every = communes()
    names = sheet_names(every)
    assert len(every) == 3321
    # a tab is found by letters and digits alone, and by the unit's name too: no tab may read as another unit's
    keys = {tab_key(n): i for i, n in enumerate(names)}
    assert len(keys) == len(names)
    assert [n for i, (n, c) in enumerate(zip(names, every, strict=True)) if keys.get(tab_key(c.name), i) != i] == []
    assert max(len(n) for n in names) <= 31
    assert not [n for n in names if SHEET_NAME_FORBIDDEN & set(n) or n.startswith("'") or n.endswith("'") or n != n.strip()]
    qualified = [n for n, c in zip(names, every, strict=True) if n != c.name]
    assert qualified and all(c.province.short in n or c.code in n for n, c in zip(names, every, strict=True)
                             if n != c.name)


@pytest.mark.slow
def test_national_campaign_spreads_3321_tabs_over_spreadsheets_of_at_most_200(tmp_path: Path) -> None:
    s = build("all", "toan-quoc-thu", "Thử toàn quốc", out=tmp_path / "vn.yaml")
    t = s.tracker
    assert len(t.units) == 3321 and len(t.spreadsheets) == 34
    per_book: dict[str, int] = {}
    for u in t.units:
        assert u.spreadsheet is not None and u.labels["tinh"] == t.spreadsheet_of(u).title.split(" — ")[1].removeprefix(
            "Thành phố ")
        per_book[u.spreadsheet] = per_book.get(u.spreadsheet, 0) + 1
    assert max(per_book.values()) <= MAX_TABS_PER_SPREADSHEET
    assert len({u.id for u in t.units}) == 3321


# --------------------------------------------------------------------------- names checked against the registry


def _with_units(base: str, units: str) -> str:
    head = base.split("\nunits:\n")[0].split("\ngroupings:\n")[0]
    tail = base.split("\nlists:\n")[1]
    return f"{head}\nunits:\n{units}\nlists:\n{tail}"


@pytest.fixture(scope="module")
def base_text(quang_tri: Path) -> str:
    return quang_tri.read_text(encoding="utf-8")


UNITS = """\
  - {id: so-vh, name: Sở Văn hóa Thể thao và Du lịch, sheet: Sở VHTTDL}
  - {id: dakrong, name: Xã Đa Krông, sheet: Xã Đa Krông}
  - {id: con-co, name: Xã Cồn Cỏ, code: "19742", sheet: Cồn Cỏ}
  - {id: ma-sai, name: Xã Cửa Tùng, code: "99999", sheet: Cửa Tùng}
  - {id: trieu-thanh, name: Xã Triệu Thành, sheet: Triệu Thành}
  - {id: cua-viet, name: Xã Cửa Việt, code: "19496", sheet: Cửa Việt}
"""


def test_names_not_in_the_registry_are_warned_with_the_closest_entry(base_text: str) -> None:
    t = parse_tracker(_with_units(base_text, UNITS))
    old: dict[str, tuple[OldUnit, ...]] = {fold("Xã Triệu Thành"): (OldUnit("Xã Triệu Thành", "Huyện Triệu Phong, Tỉnh Quảng Trị"),)}
    assert [(w.unit, w.field, w.message) for w in name_warnings(t, old)] == [
        ("dakrong", "name", "'Xã Đa Krông' is not a commune in the registry; closest registry entry: Xã Đakrông "
                            "(Quảng Trị, code 19564)"),
        ("con-co", "name", "the registry names code 19742 'Đặc khu Cồn Cỏ', not 'Xã Cồn Cỏ'"),
        ("ma-sai", "code", "code '99999' is not a commune code in the registry; closest registry entry: "
                           "Xã Cửa Tùng (Quảng Trị, code 19414)"),
        ("trieu-thanh", "name", "'Xã Triệu Thành' is not a commune in the registry: đơn vị cũ trước sắp xếp 2025 "
                                "(Huyện Triệu Phong, Tỉnh Quảng Trị); closest registry entry: Xã Triệu Bình "
                                "(Quảng Trị, code 19645)"),
    ]


def test_validate_definition_prints_name_warnings_with_their_line_and_still_succeeds(
        base_text: str, tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    text = _with_units(base_text, UNITS)
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  - {id: dakrong, name: Xã Đa Krông, sheet: Xã Đa Krông}") + 1
    code, output = _run("validate-definition", str(path))
    assert code == 0
    lines = output.splitlines()
    assert lines[0] == f"Hợp lệ: {path} — 6 đơn vị, 1 nhiệm vụ, 1 phần việc."
    assert lines[1] == (f"Lưu ý: {path}:{line}: units[1].name: 'Xã Đa Krông' không phải là xã, phường, đặc khu trong "
                        "danh mục hành chính; gần nhất trong danh mục: Xã Đakrông (Quảng Trị, mã 19564)")
    assert len(lines) == 7 and lines[-2] == UNSIGNED
    assert lines[-1].startswith("Lưu ý: 6/6 đơn vị chưa có địa chỉ thư nên sẽ không nhận được thư nhắc (")
