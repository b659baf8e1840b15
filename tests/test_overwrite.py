"""No command replaces a file a person may have filled or edited (an entry workbook, a contacts list, a reviews file,
a tracker, a Word document, a restore workbook) without --force, and every one says so in the same words."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import SampleBooks
from typer.testing import CliRunner

from tracker.cli import app
from tracker.definition import bundled_tracker_path

HERE = Path(__file__).parent
DIRECTIVE = HERE / "data" / "directives" / "cong-van-2025-so-y-te-tiem-chung.txt"
FILLED = b"120 rows typed by the units"


def _commands(target: Path) -> dict[str, list[str]]:
    tracker = str(bundled_tracker_path())
    return {
        "template": ["template", tracker, "--out", str(target)],
        "contacts template": ["contacts", "template", tracker, "--out", str(target)],
        "reviews template": ["reviews", "template", tracker, "--out", str(target)],
        "new": ["new", "--province", "Quảng Trị", "--id", "qt-thu", "--title", "Kế hoạch thử", "--out", str(target)],
        "draft": ["draft", str(DIRECTIVE), "--out", str(target)],
    }


@pytest.mark.parametrize("command", list(_commands(Path("x"))))
def test_a_filled_file_is_kept_unless_forced(command: str, tmp_path: Path) -> None:
    target = tmp_path / ("filled.yaml" if command in ("new", "draft") else "filled.xlsx")
    target.write_bytes(FILLED)
    refused = CliRunner().invoke(app, _commands(target)[command])
    assert (refused.exit_code, refused.output) == (
        1, f"Lỗi: “{target}” đã có; chọn tên khác với --out, hoặc thêm --force để ghi đè\n")
    assert target.read_bytes() == FILLED
    forced = CliRunner().invoke(app, [*_commands(target)[command], "--force"])
    assert forced.exit_code == 0, forced.output
    assert target.read_bytes() != FILLED
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # written whole: no temporary file left


def test_a_word_document_edited_since_is_kept_unless_forced(sample_books: SampleBooks, tmp_path: Path) -> None:
    sample = sample_books.first
    args = ["document", "weekly", str(bundled_tracker_path()), "-s", str(sample.path), "--as-of",
            sample.as_of.isoformat(), "--no-history", "-o", str(tmp_path)]
    target = tmp_path / f"bao-cao-tien-do-{sample.as_of.isoformat()}.docx"
    target.write_bytes(FILLED)
    refused = CliRunner().invoke(app, args)
    assert (refused.exit_code, refused.output) == (
        1, f"Lỗi: “{target}” đã có; chọn thư mục khác với --out, hoặc thêm --force để ghi đè\n")
    assert target.read_bytes() == FILLED
    forced = CliRunner().invoke(app, [*args, "--force"])
    assert forced.exit_code == 0, forced.output
    assert target.read_bytes().startswith(b"PK")


def test_a_restore_workbook_is_not_written_over_a_file_unless_forced(tmp_path: Path) -> None:
    from datetime import date

    from helpers import build_workbook

    from tracker.definition import load_tracker

    tracker = load_tracker(bundled_tracker_path())
    sheet = "Gio Linh - Phòng VHTT"
    row = (1, date(2023, 7, 10), "1", "Hội nghị", "Hội nghị triển khai Luật phòng, chống mua bán người", "Nhân dân", 9, 1)
    hist = str(tmp_path / "h.sqlite")
    for name, rows, day in (("w1", [row], "2023-08-04"), ("w2", [], "2023-08-11")):
        book = build_workbook(tracker, tmp_path / f"{name}.xlsx", {sheet: rows})
        done = CliRunner().invoke(app, ["check", str(bundled_tracker_path()), "-s", str(book), "--as-of", day,
                                        "--history", hist])
        assert done.exit_code == 0, done.output
    target = tmp_path / "khoi-phuc.xlsx"
    target.write_bytes(FILLED)
    args = ["history", "restore", str(bundled_tracker_path()), "--history", hist, "--out", str(target)]
    refused = CliRunner().invoke(app, args)
    assert (refused.exit_code, refused.output) == (
        1, f"Lỗi: “{target}” đã có; chọn tên khác với --out, hoặc thêm --force để ghi đè\n")
    assert target.read_bytes() == FILLED
    assert CliRunner().invoke(app, [*args, "--force"]).exit_code == 0
