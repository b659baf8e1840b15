"""Per-unit targets from the office's spreadsheet (`targets_file`), as `contacts_file` does for addresses."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from tracker.definition import load_tracker, parse_tracker
from tracker.errors import DefinitionError
from tracker.targets import target_key

SAMPLE = Path(__file__).resolve().parent / "data" / "trackers" / "xa-mau.yaml"


def _tracker_with_file(tmp_path: Path, name: str) -> Path:
    """xa-mau.yaml with its units' inline targets taken out and `targets_file` pointing at `name`."""
    text = re.sub(r",\s*targets: \{truong-hoc: \d+\}", "", SAMPLE.read_text(encoding="utf-8"))
    assert "truong-hoc: 4" not in text
    path = tmp_path / "xa-mau.yaml"
    path.write_text(text.replace("\nunits:\n", f"\ntargets_file: {name}\nunits:\n", 1), encoding="utf-8")
    return path


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Chỉ tiêu các đơn vị năm 2026"])  # a title above the heading, as offices write
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_targets_are_read_from_an_xlsx_matched_by_code_id_or_name(tmp_path: Path) -> None:
    _xlsx(tmp_path / "chi-tieu.xlsx", [
        ["STT", "Mã đơn vị", "Tên đơn vị", "truong-hoc", "Số thôn, bản"],
        [1, 90001, "", 4, "12"],            # the official code, typed as a number
        [2, "xa-b", "", 2, "1.200"],        # the tracker's id; a number with a thousands dot
        [3, "", "Phường C", 5, None],       # the name, without 'UBND'
        [4, "", "UBND xã D", "1", 3],
    ])
    tracker = load_tracker(_tracker_with_file(tmp_path, "chi-tieu.xlsx"))
    assert {u.id: u.targets for u in tracker.units} == {
        "xa-a": {"truong-hoc": 4, "so-thon-ban": 12}, "xa-b": {"truong-hoc": 2, "so-thon-ban": 1200},
        "phuong-c": {"truong-hoc": 5}, "xa-d": {"truong-hoc": 1, "so-thon-ban": 3}, "so-gd": {}}


def test_targets_are_read_from_a_csv(tmp_path: Path) -> None:
    (tmp_path / "chi-tieu.csv").write_text("Mã đơn vị;truong-hoc\n90001;4\nxa-b;2\nphuong-c;5\nxa-d;1\n",
                                           encoding="utf-8-sig")
    tracker = load_tracker(_tracker_with_file(tmp_path, "chi-tieu.csv"))
    assert [u.targets.get("truong-hoc") for u in tracker.units] == [4, 2, 5, 1, None]


def test_every_bad_cell_and_row_is_named_by_file_row_and_column(tmp_path: Path) -> None:
    book = _xlsx(tmp_path / "chi-tieu.xlsx", [
        ["Mã đơn vị", "Tên đơn vị", "truong-hoc"],
        ["90001", "", "4a"],
        ["xa-b", "", -2],
        ["", "Xã Không Có", 3],
        ["phuong-c", "", 5],
        ["phuong-c", "", 6],
    ])
    path = _tracker_with_file(tmp_path, "chi-tieu.xlsx")
    with pytest.raises(DefinitionError) as caught:
        load_tracker(path)
    messages = [p.message for p in caught.value.problems if p.field == "targets_file"]
    assert messages == [
        f"{book}, row 3, column 'truong-hoc': '4a' is not a whole number (write a count such as 12 or 1.200)",
        f"{book}, row 4, column 'truong-hoc': '-2' is not a whole number (write a count such as 12 or 1.200)",
        f"{book}, row 5: no unit of the tracker has name 'Xã Không Có'",
        f"{book}, row 7, column 'truong-hoc': unit 'phuong-c' was given 5 for 'truong-hoc' at row 6; keep one",
    ]
    # The units left without the number are then named by the rule that needs it, as before.
    rule = [p.message for p in caught.value.problems if p.field.endswith("target_from")]
    assert rule == ["3 unit(s) bound by this part have no targets.truong-hoc: xa-a, xa-b, xa-d"]


def test_a_missing_targets_file_is_a_definition_error(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError) as caught:
        load_tracker(_tracker_with_file(tmp_path, "khong-co.xlsx"))
    assert [p.message for p in caught.value.problems if p.field == "targets_file"] == [
        f"{tmp_path / 'khong-co.xlsx'}: no such file"]


def _inline_and_in_a_file(tmp_path: Path, name: str) -> Path:
    """xa-mau.yaml, its inline targets kept, with a targets file `name` giving xa-a 7 schools (4 inline)."""
    _xlsx(tmp_path / name, [["Mã đơn vị", "truong-hoc"], ["xa-a", 7]])
    path = tmp_path / "xa-mau.yaml"
    path.write_text(SAMPLE.read_text(encoding="utf-8").replace("\nunits:\n", f"\ntargets_file: {name}\nunits:\n", 1),
                    encoding="utf-8")
    return path


def test_a_target_given_inline_and_in_the_file_differently_is_a_problem(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError) as caught:
        load_tracker(_inline_and_in_a_file(tmp_path, "chi-tieu.xlsx"))
    assert [p.message for p in caught.value.problems] == [
        f"{tmp_path / 'chi-tieu.xlsx'}, row 3: unit 'xa-a' has targets.truong-hoc = 4 in the definition and 7 in the "
        "file; keep one"]


@pytest.mark.parametrize(("heading", "key"), [("truong-hoc", "truong-hoc"), ("Số thôn, bản", "so-thon-ban"),
                                              ("Hộ gia đình", "ho-gia-dinh"), ("  Trường học ", "truong-hoc")])
def test_a_columns_heading_names_its_target_key(heading: str, key: str) -> None:
    assert target_key(heading) == key


def test_every_problem_of_a_targets_file_is_said_in_vietnamese(tmp_path: Path) -> None:
    """The office's officer read 'chi-tieu.xlsx, row 5: no unit of the tracker has name …' under the Vietnamese
    heading of validate-definition: the targets file's problems had no Vietnamese words."""
    from tracker.definition_vi import in_vietnamese

    book = _xlsx(tmp_path / "chi-tieu.xlsx", [
        ["Mã đơn vị", "Tên đơn vị", "truong-hoc"],
        ["90001", "", "4a"],
        ["", "Xã Không Có", 3],
        ["phuong-c", "", 5],
        ["phuong-c", "", 6],
        ["", "Xã", 1],
    ])
    with pytest.raises(DefinitionError) as caught:
        load_tracker(_tracker_with_file(tmp_path, "chi-tieu.xlsx"))
    assert [in_vietnamese(p.message) for p in caught.value.problems] == [
        f"{book}, dòng 3, cột 'truong-hoc': '4a' không phải là số nguyên (ghi số đếm như 12 hoặc 1.200)",
        f"{book}, dòng 4: tracker không có đơn vị nào có tên 'Xã Không Có'",
        f"{book}, dòng 6, cột 'truong-hoc': đơn vị 'phuong-c' đã được ghi 5 cho 'truong-hoc' ở dòng 5; chỉ giữ một",
        f"{book}, dòng 7: tracker không có đơn vị nào có tên 'Xã'",
        "3 đơn vị thuộc phần việc này chưa có targets.truong-hoc: xa-a, xa-b, xa-d"]
    with pytest.raises(DefinitionError) as caught:
        load_tracker(_tracker_with_file(tmp_path, "khong-co.xlsx"))
    assert in_vietnamese(caught.value.problems[0].message) == f"{tmp_path / 'khong-co.xlsx'}: không có tệp này"
    _xlsx(tmp_path / "tieu-de.xlsx", [["Ghi chú"], ["a"]])
    with pytest.raises(DefinitionError) as caught:
        load_tracker(_tracker_with_file(tmp_path, "tieu-de.xlsx"))
    assert in_vietnamese(caught.value.problems[0].message) == (
        f"{tmp_path / 'tieu-de.xlsx'}: trong 10 dòng đầu không có dòng tiêu đề có cột đơn vị ('Mã đơn vị' hoặc 'Tên "
        "đơn vị') và ít nhất một cột chỉ tiêu")
    with pytest.raises(DefinitionError) as caught:
        load_tracker(_inline_and_in_a_file(tmp_path, "hai.xlsx"))
    assert [in_vietnamese(p.message) for p in caught.value.problems] == [
        f"{tmp_path / 'hai.xlsx'}, dòng 3: đơn vị 'xa-a' có targets.truong-hoc = 4 trong tệp định nghĩa và 7 trong tệp "
        "chỉ tiêu; chỉ giữ một"]


def test_a_units_target_below_zero_is_a_definition_error_at_its_line(tmp_path: Path) -> None:
    """`targets: {truong-hoc: -4}` loaded, and a sum rule aiming at it was met by no activity at all ('Hoàn thành
    đúng hạn' for a unit that did nothing); a file's '-2' was already refused."""
    text = (Path(__file__).parent / "data" / "trackers" / "xa-mau.yaml").read_text(encoding="utf-8")
    text = text.replace("targets: {truong-hoc: 4}", "targets: {truong-hoc: -4}", 1)
    with pytest.raises(DefinitionError) as caught:
        parse_tracker(text, label="t.yaml", base_dir=tmp_path)
    line = next(i for i, x in enumerate(text.splitlines(), start=1) if "truong-hoc: -4" in x)
    assert [str(p) for p in caught.value.problems] == [
        f"t.yaml:{line}: units[0].targets.truong-hoc: Input should be greater than or equal to 0"]
