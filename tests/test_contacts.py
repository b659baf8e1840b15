"""Contacts from the office's spreadsheet: matched by code, then by name; every bad row reported, none dropped."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

from tracker.authoring.scaffold import build
from tracker.cli import app
from tracker.contacts import HEADERS, name_key
from tracker.definition import load_tracker

runner = CliRunner()
DEPARTMENT = "  - {id: so-vh, name: \"Sở Văn hóa, Thể thao và Du lịch\", sheet: Sở VHTTDL, labels: {loai: Sở}}\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Three communes from the registry, a department added by hand, and `contacts_file: danh-ba.xlsx`."""
    listed = tmp_path / "ds.txt"
    listed.write_text("Xã Cửa Tùng\nXã Đakrông\nĐặc khu Cồn Cỏ\n", encoding="utf-8")
    text = build("Quảng Trị", "qt-ba", "Ba xã", units_file=listed, out=tmp_path / "t.yaml").text
    text = text.replace("# contacts_file: danh-ba.xlsx", "contacts_file: danh-ba.xlsx")
    text = text.replace("\n# The entry sheet's columns.", f"{DEPARTMENT}\n# The entry sheet's columns.")
    (tmp_path / "t.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["DANH BẠ CÁC ĐƠN VỊ"])  # a title above the heading row, as offices write
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_name_key_ignores_diacritics_spacing_and_the_words_for_the_body() -> None:
    assert name_key("UBND xã Đa Krông") == name_key("Xã Đakrông") == name_key("Ủy ban nhân dân XÃ ĐAKRÔNG") == "dakrong"
    assert name_key("Phường Đông Hà") == "dongha"


def test_contacts_are_matched_by_code_then_by_name_and_leaders_go_to_cc(folder: Path) -> None:
    _xlsx(folder / "danh-ba.xlsx", [
        ["Mã", "Tên đơn vị", "Email", "Email lãnh đạo"],
        [19414, "", "cuatung@example.org", "chutich.cuatung@example.org"],
        ["", "UBND xã Đa Krông", "dakrong@example.org; vanthu.dakrong@example.org", ""],
        ["19742", "Đặc khu Cồn Cỏ", "conco@example.org", ""],
        ["so-vh", "", "sovh@example.org", ""],
    ])
    t = load_tracker(folder / "t.yaml")
    assert [(u.id, u.contacts, u.leaders_cc) for u in t.units] == [
        ("xa-cua-tung", ["cuatung@example.org"], ["chutich.cuatung@example.org"]),
        ("xa-dakrong", ["dakrong@example.org", "vanthu.dakrong@example.org"], []),
        ("dac-khu-con-co", ["conco@example.org"], []),
        ("so-vh", ["sovh@example.org"], []),
    ]
    assert t.contact_problems == []


def test_unmatched_rows_bad_addresses_and_units_without_contact_are_reported_by_row(folder: Path) -> None:
    path = _xlsx(folder / "danh-ba.xlsx", [
        ["Mã đơn vị", "Tên đơn vị", "Email đơn vị", "Email lãnh đạo (CC)"],
        ["19414", "Xã Cửa Tùng", "cuatung@example.org", "lanhdao@@example"],
        ["", "Xã Triệu Thành", "trieuthanh@example.org", ""],
        ["", "Xã Đakrông", "khong-phai-email", ""],
        [None, None, None, None],
        ["", "Sở Văn hóa, Thể thao và Du lịch", "sovh@example.org", ""],
    ])
    t = load_tracker(folder / "t.yaml")
    assert [str(p) for p in t.contact_problems] == [
        f"{path}, row 3, column 'Email lãnh đạo (CC)': invalid e-mail address 'lanhdao@@example' for UBND xã Cửa Tùng "
        "(The part after the @-sign contains invalid characters: '@'); the address is not used",
        f"{path}, row 4: no unit of the tracker has name 'Xã Triệu Thành'",
        f"{path}, row 5, column 'Email đơn vị': invalid e-mail address 'khong-phai-email' for UBND xã Đakrông "
        "(An email address must have an @-sign); the address is not used",
        f"{path}: unit 'xa-dakrong' (UBND xã Đakrông) has no contact (row 5 has no valid e-mail)",
        f"{path}: unit 'dac-khu-con-co' (UBND đặc khu Cồn Cỏ) has no contact: no row of the file names it",
    ]
    assert [p.vi_line() for p in t.contact_problems] == [  # as validate-definition prints them
        f"{path}, dòng 3, cột 'Email lãnh đạo (CC)': địa chỉ email 'lanhdao@@example' của UBND xã Cửa Tùng không hợp "
        "lệ; địa chỉ này không được dùng",
        f"{path}, dòng 4: tracker không có đơn vị nào có tên 'Xã Triệu Thành'",
        f"{path}, dòng 5, cột 'Email đơn vị': địa chỉ email 'khong-phai-email' của UBND xã Đakrông không hợp lệ; địa "
        "chỉ này không được dùng",
        f"{path}: đơn vị 'xa-dakrong' (UBND xã Đakrông) chưa có địa chỉ liên hệ (dòng 5 không có email hợp lệ)",
        f"{path}: đơn vị 'dac-khu-con-co' (UBND đặc khu Cồn Cỏ) chưa có địa chỉ liên hệ: không dòng nào của tệp ghi "
        "đơn vị này",
    ]
    assert t.unit("xa-cua-tung").leaders_cc == [] and t.unit("so-vh").contacts == ["sovh@example.org"]


def test_validate_definition_prints_contact_problems_and_succeeds(folder: Path) -> None:
    path = folder / "danh-ba.csv"
    path.write_text("Tên đơn vị;Email\nXã Cửa Tùng;cuatung@example.org\nXã Triệu Thành;trieuthanh@example.org\n",
                    encoding="utf-8-sig")
    yaml_path = folder / "t.yaml"
    yaml_path.write_text(yaml_path.read_text(encoding="utf-8").replace("danh-ba.xlsx", "danh-ba.csv"), encoding="utf-8")
    result = runner.invoke(app, ["validate-definition", str(yaml_path)])
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        f"Hợp lệ: {yaml_path} — 4 đơn vị, 1 nhiệm vụ, 1 phần việc.",
        f"Lưu ý: {path}, dòng 3: tracker không có đơn vị nào có tên 'Xã Triệu Thành'",
        f"Lưu ý: {path}: đơn vị 'xa-dakrong' (UBND xã Đakrông) chưa có địa chỉ liên hệ: không dòng nào của tệp ghi đơn "
        "vị này",
        f"Lưu ý: {path}: đơn vị 'dac-khu-con-co' (UBND đặc khu Cồn Cỏ) chưa có địa chỉ liên hệ: không dòng nào của tệp "
        "ghi đơn vị này",
        f"Lưu ý: {path}: đơn vị 'so-vh' (Sở Văn hóa, Thể thao và Du lịch) chưa có địa chỉ liên hệ: không dòng nào của "
        "tệp ghi đơn vị này",
        "Lưu ý: chưa có `province.signer` và `province.signer_title`: công văn đôn đốc, báo cáo tuần và báo cáo tổng kết "
        "sẽ để trống phần người ký",
    ]


def test_a_missing_contacts_file_is_a_definition_error_naming_the_field(folder: Path) -> None:
    result = runner.invoke(app, ["validate-definition", str(folder / "t.yaml")])
    assert result.exit_code == 2
    line = (folder / "t.yaml").read_text(encoding="utf-8").splitlines().index("contacts_file: danh-ba.xlsx") + 1
    assert result.output.splitlines() == [
        "Lỗi trong tệp định nghĩa tracker — 1 lỗi (tệp:dòng: trường: nội dung):",
        f"  {folder / 't.yaml'}:{line}: contacts_file: “{folder / 'danh-ba.xlsx'}”: không có tệp này",
    ]


def test_a_contacts_file_without_an_email_column_is_refused(folder: Path) -> None:
    _xlsx(folder / "danh-ba.xlsx", [["Tên đơn vị", "Điện thoại"], ["Xã Cửa Tùng", "0233 000"]])
    result = runner.invoke(app, ["validate-definition", str(folder / "t.yaml")])
    assert result.exit_code == 2
    assert f"contacts_file: “{folder / 'danh-ba.xlsx'}”: không thấy dòng tiêu đề trong 10 dòng đầu: tệp danh bạ cần " \
           "các cột 'Mã đơn vị', 'Tên đơn vị', 'Email đơn vị' (hoặc cột 'Email' cùng cột 'Mã' hoặc 'Tên'); lệnh " \
           "`tracker contacts template` ghi sẵn một tệp như vậy\n" in result.output


@pytest.mark.parametrize(("name", "make", "said"), [
    ("danh-ba.xlsx", lambda p: p.mkdir(), "“{path}” là một thư mục, không phải tệp danh bạ"),
    ("danh-ba.xlsx", lambda p: p.write_bytes(b"not a workbook"),
     "không đọc được “danh-ba.xlsx”: tệp này không phải bảng tính .xlsx (có thể là tệp khác được đổi đuôi, hoặc tệp "
     "bị hỏng); hãy mở bằng Excel và lưu lại dạng .xlsx"),
    ("danh-ba.txt", lambda p: p.write_text("Mã đơn vị\tEmail đơn vị\n", encoding="utf-8"),
     "“{path}”: tệp danh bạ phải là .xlsx hoặc .csv"),
])
def test_a_contacts_file_that_cannot_be_read_is_said_in_vietnamese(
        folder: Path, name: str, make: Callable[[Path], object], said: str) -> None:
    yaml_path = folder / "t.yaml"
    yaml_path.write_text(yaml_path.read_text(encoding="utf-8").replace("contacts_file: danh-ba.xlsx",
                                                                       f"contacts_file: {name}"), encoding="utf-8")
    make(folder / name)
    result = runner.invoke(app, ["validate-definition", str(yaml_path)])
    assert result.exit_code == 2
    assert result.output.splitlines()[1].endswith(f": contacts_file: {said.format(path=folder / name)}")


def test_contacts_template_lists_every_unit_and_reads_back_as_a_contacts_file(folder: Path) -> None:
    yaml_path = folder / "t.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    yaml_path.write_text(text.replace("contacts_file: danh-ba.xlsx", "# contacts_file: danh-ba.xlsx"), encoding="utf-8")
    out = folder / "danh-ba.xlsx"
    result = runner.invoke(app, ["contacts", "template", str(yaml_path), "--out", str(out)])
    assert (result.exit_code, result.output) == (
        0, f"Đã ghi {out} (4 đơn vị). Thêm `contacts_file: danh-ba.xlsx` vào tệp tracker.\n")
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Danh bạ").to_python()
    assert rows == [
        list(HEADERS.values()),
        ["19414", "UBND xã Cửa Tùng", "", "", ""],
        ["19564", "UBND xã Đakrông", "", "", ""],
        ["19742", "UBND đặc khu Cồn Cỏ", "", "", ""],
        ["so-vh", "Sở Văn hóa, Thể thao và Du lịch", "", "", ""],
    ]
    wb = openpyxl.load_workbook(out)
    for r in range(2, 6):
        wb.active.cell(row=r, column=3, value=f"unit{r}@example.org")
    wb.save(out)
    yaml_path.write_text(text, encoding="utf-8")
    t = load_tracker(yaml_path)
    assert [u.contacts for u in t.units] == [[f"unit{r}@example.org"] for r in range(2, 6)]
    assert t.contact_problems == []
    assert yaml_path.read_text(encoding="utf-8") == text  # the definition itself is never rewritten


# --- issue 23: a second row for a unit, a non-ASCII address, formulas, size

def test_a_second_row_for_a_unit_is_reported_and_adds_no_address(folder: Path) -> None:
    path = _xlsx(folder / "danh-ba.xlsx", [
        ["Mã đơn vị", "Tên đơn vị", "Email đơn vị", "Email lãnh đạo (CC)"],
        ["19414", "Xã Cửa Tùng", "cuatung@example.org", ""],
        ["so-vh", "", "sovh@example.org", ""],
        ["19414", "Xã Cửa Tùng (bổ sung)", "ke-gian@evil.example", "ke-gian-2@evil.example"],
    ])
    t = load_tracker(folder / "t.yaml")
    assert (t.unit("xa-cua-tung").contacts, t.unit("xa-cua-tung").leaders_cc) == (["cuatung@example.org"], [])
    assert str(t.contact_problems[0]) == (
        f"{path}, row 5: UBND xã Cửa Tùng (xa-cua-tung) already has row 3; this row's addresses are not used (put every "
        "address of a unit in its one row)")


def test_a_non_ascii_address_is_the_contact_rows_problem_and_every_command_goes_on(folder: Path) -> None:
    path = _xlsx(folder / "danh-ba.xlsx", [
        ["Mã đơn vị", "Tên đơn vị", "Email đơn vị"],
        ["19414", "Xã Cửa Tùng", "cửatùng@example.org; cuatung@example.org"],
    ])
    t = load_tracker(folder / "t.yaml")  # no DefinitionError blaming a line of the YAML
    assert t.unit("xa-cua-tung").contacts == ["cuatung@example.org"]
    [problem] = [p for p in t.contact_problems if p.row == 3]
    assert str(problem).startswith(f"{path}, row 3, column 'Email đơn vị': invalid e-mail address "
                                   "'cửatùng@example.org' for UBND xã Cửa Tùng (")
    result = runner.invoke(app, ["validate-definition", str(folder / "t.yaml")])
    assert result.exit_code == 0 and "Traceback" not in result.output


def test_contacts_template_writes_a_name_beginning_with_equals_as_text(folder: Path) -> None:
    yaml_path = folder / "t.yaml"
    text = yaml_path.read_text(encoding="utf-8").replace("contacts_file: danh-ba.xlsx", "# contacts_file: x")
    yaml_path.write_text(text.replace('name: "Sở Văn hóa, Thể thao và Du lịch"',
                                      "name: '=HYPERLINK(\"http://evil.example\",\"Sở\")'"), encoding="utf-8")
    out = folder / "danh-ba.xlsx"
    assert runner.invoke(app, ["contacts", "template", str(yaml_path), "--out", str(out)]).exit_code == 0
    cell = openpyxl.load_workbook(out)["Danh bạ"]["B5"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://evil.example","Sở")', "s")


def test_a_contacts_file_longer_than_a_tab_is_read_up_to_the_limit_and_says_so(folder: Path) -> None:
    path = folder / "danh-ba.csv"
    lines = ["Mã đơn vị,Tên đơn vị,Email đơn vị", "19414,Xã Cửa Tùng,cuatung@example.org"]
    lines += [f"9{n:05d},Xã không có {n},x{n}@example.org" for n in range(100_010)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    yaml_path = folder / "t.yaml"
    yaml_path.write_text(yaml_path.read_text(encoding="utf-8").replace("danh-ba.xlsx", "danh-ba.csv"), encoding="utf-8")
    t = load_tracker(yaml_path)
    assert t.unit("xa-cua-tung").contacts == ["cuatung@example.org"]
    assert str(t.contact_problems[-1]) == (f"{path}: only the first 100,000 rows and 64 columns are read; the rest of "
                                           "the file is not used")
    assert len([p for p in t.contact_problems if "no unit of the tracker" in str(p)]) == 100_000 - 2


def test_a_contacts_file_written_from_the_home_folder_is_found_there(folder: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """`contacts_file: ~/danh-ba/…` as a person writes it: nothing else expands `~` (a scheduler passes it as typed)."""
    home = folder / "nha"
    (home / "danh-ba").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    _xlsx(home / "danh-ba" / "so-vh.xlsx", [["Mã", "Tên đơn vị", "Email"], ["so-vh", "", "sovh@example.org"]])
    yaml_file = folder / "t.yaml"
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8").replace(
        "contacts_file: danh-ba.xlsx", "contacts_file: ~/danh-ba/so-vh.xlsx"), encoding="utf-8")
    t = load_tracker(yaml_file)
    assert [(u.id, u.contacts) for u in t.units if u.contacts] == [("so-vh", ["sovh@example.org"])]
