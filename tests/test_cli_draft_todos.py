"""What `tracker draft` prints of the fields left to fill: in Vietnamese, each group named, the same gap said once."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from tracker.cli import app

runner = CliRunner()

PLAN = """ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ
Số: 12/KH-UBND
Quảng Trị, ngày 05 tháng 3 năm 2026
KẾ HOẠCH
Tuyên truyền phòng, chống thiên tai năm 2026
1. Các cơ quan, đơn vị của Trung ương trên địa bàn tỉnh phối hợp tuyên truyền.
2. Các tổ chức chính trị - xã hội tổ chức diễn tập.
3. Các doanh nghiệp kiểm tra phương án phòng chống.
"""


def _fields_to_fill(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "ke-hoach.txt").write_text(text, encoding="utf-8")
    target = tmp_path / "d.yaml"
    result = runner.invoke(app, ["draft", str(tmp_path / "ke-hoach.txt"), "--out", str(target)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Còn ") and "trường cần điền" in line)
    return lines[start:]


def test_draft_names_each_unlisted_group_and_says_a_shared_gap_once_in_vietnamese(tmp_path: Path) -> None:
    # A 20-page plan printed 140 identical lines "part 2.1a (line 88): …" and three identical lines for three
    # different groups; the places are now said in Vietnamese and a gap shared by parts is one line.
    assert _fields_to_fill(tmp_path, PLAN) == [
        f"Còn 7 trường cần điền trước khi dùng được (xem các chú thích # TODO; rồi chạy `tracker validate-definition "
        f"{tmp_path / 'd.yaml'}`).",
        "  - campaign: văn bản không nêu thời gian thực hiện (ngày bắt đầu, ngày kết thúc)",
        "  - units: liệt kê các đơn vị của “Các cơ quan, đơn vị của Trung ương trên địa bàn tỉnh” (dòng 6): văn bản "
        "không liệt kê nhóm này",
        "  - units: liệt kê các đơn vị của “Các tổ chức chính trị - xã hội” (dòng 7): văn bản không liệt kê nhóm này",
        "  - units: liệt kê các đơn vị của “Các doanh nghiệp” (dòng 8): văn bản không liệt kê nhóm này",
        "  - phần việc 1 (dòng 6), 2 (dòng 7), 3 (dòng 8): văn bản không nêu thời hạn; ghi `due` (một ngày) hoặc "
        "`recurs` (lịch định kỳ)",
        "Còn 8 chỗ TODO khác cần xem lại; 0 mốc ngày và 0 mục đánh số của văn bản không được dùng, liệt kê ở cuối tệp.",
    ]


def test_draft_lists_the_first_parts_of_a_long_shared_gap_and_counts_the_rest(tmp_path: Path) -> None:
    items = "".join(f"{n}. Các doanh nghiệp kiểm tra phương án số {n}.\n" for n in range(1, 10))
    head = PLAN.split("1. ")[0]
    lines = _fields_to_fill(tmp_path, head + items)
    assert lines[-2] == (
        "  - phần việc 1 (dòng 6), 2 (dòng 7), 3 (dòng 8), 4 (dòng 9), 5 (dòng 10) và 4 phần việc khác: văn bản không "
        "nêu thời hạn; ghi `due` (một ngày) hoặc `recurs` (lịch định kỳ)")
