"""units/<unit-id>.html: a unit's own page, read back with an HTML parser (no browser needed)."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from helpers import SampleBooks, build_workbook
from test_directives import AS_OF, HERE, ROWS
from test_gsheets import load_into

from tracker.check import check
from tracker.definition import Tracker, load_tracker
from tracker.report.unit_page import unit_context
from tracker.report.write import write_reports
from tracker.sources import XlsxSource
from tracker.sources.gsheets import GSheetsSource
from tracker.testing.sheets_emulator import SheetsEmulator


class Page(HTMLParser):
    """The parts of a unit page a test looks at: headings, status badges of the part cards, list items, links."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.metas: dict[str, str] = {}
        self.h2: list[str] = []
        self.cards = 0
        self.badges: list[str] = []
        self.items: list[str] = []
        self.links: list[str] = []
        self._in: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and "name" in a:
            self.metas[a["name"]] = a.get("content", "")
        if tag == "div" and a.get("class") == "card part":
            self.cards += 1
        if tag == "a":
            self.links.append(a["href"])
        if tag == "li":
            self.items.append("")
        self._in.append("badge" if "badge" in a.get("class", "") and tag == "span" else tag)

    def handle_endtag(self, tag: str) -> None:
        if self._in:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        where = self._in[-1] if self._in else ""
        if where == "h2":
            self.h2.append(data)
        if where == "badge":
            self.badges.append(data)
        if "li" in self._in and self.items:
            self.items[-1] += data


def test_unit_page_lists_every_part_periods_problems_and_next_steps(tmp_path: Path) -> None:
    small = load_tracker(HERE / "data" / "trackers" / "xa-mau.yaml")
    result = check(small, XlsxSource([build_workbook(small, tmp_path / "xa.xlsx", ROWS)]), AS_OF)
    write_reports(result, tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out" / "units").iterdir()) == [
        "phuong-c.html", "so-gd.html", "xa-a.html", "xa-b.html", "xa-d.html"]
    page = Page((tmp_path / "out" / "units" / "xa-b.html").read_text(encoding="utf-8"))
    assert page.metas["viewport"] == "width=device-width, initial-scale=1"
    # nothing to fix; one piece of advice: its row of the coast's part, not assigned to an inland commune
    assert page.h2 == ["Việc cần làm", "Tình trạng từng phần việc", "Cần sửa", "Lưu ý, không bắt buộc sửa (1)"]
    assert any(i.startswith("C3: Trang tính “Xã B”, dòng 3: nhiệm vụ “3.2” ở ô C3 thuộc phần việc không giao")
               for i in page.items)
    assert page.cards == 10  # every part of every task, the ones that do not apply included
    assert page.badges == ["Quá hạn", "Đang thực hiện trong hạn", "Đang thực hiện trong hạn",
                           "Đang thực hiện trong hạn", "Không áp dụng", "Đang thực hiện trong hạn", "Không áp dụng",
                           "Quá hạn", "Đang thực hiện trong hạn", "Quá hạn"]
    periods = [i for i in page.items if i.startswith("Tuần")]
    assert len(periods) == 8  # each week of the weekly report
    assert page.items[0].startswith("Thực hiện và nhập hoạt động cho phần việc Kế hoạch của đơn vị (")
    assert page.links == []  # an .xlsx source: plain cell references, no links


def test_unit_page_links_to_the_exact_cell_on_sheets(tracker: Tracker, emulator: SheetsEmulator, sample_book: Path,
                                                     tmp_path: Path) -> None:
    book = load_into(emulator, sample_book, "KEYUP")
    tab = book.sheet("Gio Linh - TT VHTT-TT")
    assert tab is not None
    result = check(tracker, GSheetsSource.from_spec("KEYUP", tracker), date(2023, 8, 18))
    write_reports(result, tmp_path / "out")
    page = Page((tmp_path / "out" / "units" / "gio-linh-trung-tam.html").read_text(encoding="utf-8"))
    url = f"https://docs.google.com/spreadsheets/d/KEYUP/edit#gid={tab.sheet_id}"
    assert f"{url}&range=B14" in page.links
    assert page.links[-1] == url
    assert "B14: Ngày 25/08/2023 ở ô B14 sau ngày kiểm tra 18/08/2023; hoạt động " \
           "chưa diễn ra không được tính." in page.items


def test_a_period_not_yet_begun_is_no_task_and_no_deadline_is_said_twice(tracker: Tracker, sample_book: Path,
                                                                        tmp_path: Path) -> None:
    """Cam Lộ's Phòng VHTT has July and August of monthly part 3a done as of 18/08: September, not begun, is named
    once, as what comes next, and is not among the things to do now."""
    write_reports(check(tracker, XlsxSource([sample_book]), date(2023, 8, 18)), tmp_path / "out")
    text = (tmp_path / "out" / "units" / "cam-lo-phong-vhtt.html").read_text(encoding="utf-8")
    page = Page(text)
    todo = page.items[:page.items.index("Tháng 7/2023: Có hoạt động")]
    assert todo == [
        "Hoàn thành phần việc 2a – Tình hình, diễn biến và phương thức, thủ đoạn mới của tội phạm mua bán người (hạn "
        "30/09/2023).",
        "Hoàn thành phần việc 2b – Biện pháp hỗ trợ nạn nhân bị mua bán trở về, tái hòa nhập cộng đồng (hạn 30/09/2023).",
        "Hoàn thành phần việc 3b – Xây dựng chuyên trang, chuyên mục, chương trình tuyên truyền (có link minh chứng) "
        "(hạn 30/09/2023)."]
    assert text.count("tháng 9/2023, hạn 30/09/2023") == 1
    assert '<p class="reason">Dòng: 3, 5</p>' in text and "<p class=\"reason\">Kỳ tới: tháng 9/2023, hạn 30/09/2023." in text


def test_a_part_late_for_several_periods_names_each_of_them_in_what_to_do(sample_books: SampleBooks) -> None:
    """Hướng Phùng has no weekly report (7a) for weeks 1 to 3 as of 19/06/2026: its list of what to do named week 1
    alone, as if weeks 2 and 3 were in, where its card, its e-mail and the Word report name all three."""
    book = sample_books["quang-tri-2026-lua-dao-truc-tuyen"]
    result = check(book.tracker, XlsxSource([book.path]), book.as_of)
    unit = next(u for u in book.tracker.units if u.name == "UBND xã Hướng Phùng")
    todo = unit_context(result, unit)["todo"]
    assert [line for line in todo if " 7a " in line] == [
        "Thực hiện và nhập hoạt động cho phần việc 7a – Báo cáo tuần (trước 17 giờ thứ Năm) (3 kỳ quá hạn: tuần 1 "
        "(hạn 04/06/2026, quá 15 ngày), tuần 2 (hạn 11/06/2026, quá 8 ngày), tuần 3 (hạn 18/06/2026, quá 1 ngày))."]
