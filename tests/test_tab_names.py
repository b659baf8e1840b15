"""A unit's tab named without the kind of unit it is ('Hải Lăng' for 'Xã Hải Lăng'): read as the unit's, with a
warning, when no other unit's name reads the same; refused when one does."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from helpers import build_workbook

from tracker.definition import Tracker, bundled_tracker_path, load_tracker
from tracker.entry_workbook import FIRST_DATA_ROW
from tracker.intake import intake
from tracker.sources import XlsxSource

NEW = "quang-tri-2026-lua-dao-truc-tuyen"
ROW = [1, "15/05/2026", "1", "Văn bản", "Kế hoạch triển khai tháng hành động", "Cán bộ, công chức"]


def _commune_tracker() -> Tracker:
    # No aliases: a tracker made by `tracker new` or by hand lists none, and an alias 'Hải Lăng' is matched anyway.
    tracker = load_tracker(bundled_tracker_path(NEW))
    return tracker.model_copy(update={"units": [u.model_copy(update={"aliases": []}) for u in tracker.units]})


def _renamed(tracker: Tracker, path: Path, names: dict[str, str], drop: tuple[str, ...] = ()) -> Path:
    build_workbook(tracker, path, {}, drop=drop)
    book = openpyxl.load_workbook(path)
    for old, new in names.items():
        sheet = book[old]
        sheet.title = new
        for c, value in enumerate(ROW, start=1):
            sheet.cell(row=FIRST_DATA_ROW, column=c, value=value)
    book.save(path)
    return path


def test_a_units_tab_named_without_xa_is_read_as_the_units_with_a_warning(tmp_path: Path) -> None:
    tracker = _commune_tracker()
    path = _renamed(tracker, tmp_path / "doi-ten.xlsx", {"Xã Hải Lăng": "Hải Lăng"})
    result = intake(tracker, XlsxSource([path]).read(tracker), tracker.campaign.end)
    unit = next(u for u in tracker.units if u.sheet == "Xã Hải Lăng")
    assert result.units[unit.id].sheet == "Hải Lăng"
    found = [(p.code, p.severity, p.unit, p.sheet, p.message) for p in result.problems
             if p.sheet == "Hải Lăng" or (p.unit == unit.id and p.code.startswith(("sheet", "unit-sheet")))]
    assert found == [("sheet-name-differs", "warning", unit.id, "Hải Lăng",
                      "Trang tính “Hải Lăng” đã được đọc là trang của đơn vị, nhưng tên trang phải là “Xã Hải Lăng”; "
                      "hãy đổi tên trang thành “Xã Hải Lăng”.")]
    assert [a.unit for a in result.activities if a.sheet == "Hải Lăng"] == [unit.id]


def test_a_tab_named_without_its_kind_that_two_units_share_is_not_read(tmp_path: Path) -> None:
    tracker = _commune_tracker()
    hai_lang = next(u for u in tracker.units if u.sheet == "Xã Hải Lăng")
    twin = hai_lang.model_copy(update={"id": "phuong-hai-lang", "name": "UBND phường Hải Lăng",
                                       "sheet": "Phường Hải Lăng", "code": None, "aliases": []})
    tracker = tracker.model_copy(update={"units": [*tracker.units, twin]})
    path = _renamed(tracker, tmp_path / "hai-don-vi.xlsx", {"Xã Hải Lăng": "Hải Lăng"}, drop=("Phường Hải Lăng",))
    result = intake(tracker, XlsxSource([path]).read(tracker), tracker.campaign.end)
    assert result.units[hai_lang.id].sheet is None and result.units[twin.id].sheet is None
    assert [p.code for p in result.problems if p.sheet == "Hải Lăng"] == ["sheet-unmatched"]
    assert {p.unit for p in result.problems if p.code == "unit-sheet-missing"} >= {hai_lang.id, twin.id}


@pytest.mark.parametrize("tab", ["UBND Hải Lăng", "X.Hải Lăng", "Ủy ban nhân dân xã Hải Lăng", "Đặc khu Hải Lăng"])
def test_a_units_tab_named_with_other_words_for_its_kind_is_read_as_the_units(tmp_path: Path, tab: str) -> None:
    tracker = _commune_tracker()
    path = _renamed(tracker, tmp_path / "doi-ten.xlsx", {"Xã Hải Lăng": tab})
    result = intake(tracker, XlsxSource([path]).read(tracker), tracker.campaign.end)
    unit = next(u for u in tracker.units if u.sheet == "Xã Hải Lăng")
    assert result.units[unit.id].sheet == tab
    assert [(p.code, p.unit) for p in result.problems if p.sheet == tab and p.row is None] == [
        ("sheet-name-differs", unit.id)]


def test_a_csv_download_of_a_tab_named_without_its_kind_is_read_as_the_units(tmp_path: Path) -> None:
    # Google Sheets names a downloaded tab '<spreadsheet> - <tab>.csv': the spreadsheet's title was taken for part
    # of the tab's when the tab is named without its kind, and the unit was told it had no tab.
    from tracker.sources import CsvFolderSource

    tracker = _commune_tracker()
    header = ",".join(c.header for c in tracker.columns)
    (tmp_path / "Theo dõi 2026 - Hải Lăng.csv").write_text(f"{header}\n{','.join(map(str, ROW))}\n", encoding="utf-8")
    result = intake(tracker, CsvFolderSource(tmp_path).read(tracker), tracker.campaign.end)
    unit = next(u for u in tracker.units if u.sheet == "Xã Hải Lăng")
    assert result.units[unit.id].sheet == "Hải Lăng"
    assert [p.code for p in result.problems if p.sheet == "Hải Lăng" and p.row is None] == ["sheet-name-differs"]
