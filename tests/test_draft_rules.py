"""`tracker draft` rules found on the train half of the published corpus (issue 28, third sitting), each tested on a
short text of our own written in the shape the rule reads; none is a copy of a corpus document."""

from __future__ import annotations

from tracker.draft import Draft, extract


def _plan(body: list[str]) -> Draft:
    return extract(["ỦY BAN NHÂN DÂN", "TỈNH ĐIỆN BIÊN", "Số: 95/KH-UBND", "Điện Biên, ngày 03 tháng 12 năm 2025",
                    "KẾ HOẠCH", "Phòng, chống ma túy năm 2025", *body])


def _parts(d: Draft) -> list[tuple[str, str]]:
    return [(p.id, p.deadline.spec() if p.deadline else "none") for t in d.tasks for p in t.parts]


def test_a_half_year_with_its_day_in_brackets_is_a_half_yearly_report() -> None:
    d = _plan(["I. NỘI DUNG", "1. Sở Y tế báo cáo định kỳ hàng tháng (trước ngày 16 hàng tháng), 6 tháng (trước ngày "
               "16/6), năm (trước ngày 20/11 hàng năm) về Sở Tài chính.",
               "2. Sở Nội vụ rà soát biên chế trong 6 tháng (trước ngày 30/6) và báo cáo kết quả."])
    assert _parts(d) == [("1.1a", "month 16"), ("1.1b", "half-year 16 m6"), ("1.1c", "year 20 m11"),
                         ("1.2", "due 2026-06-30")]


def test_a_scheduled_report_in_a_sections_prose_is_a_task_and_its_date_is_not_listed_unused() -> None:
    d = _plan(["I. NỘI DUNG", "1. Sở Y tế tổ chức tuyên truyền, hoàn thành trước ngày 20/12/2025.", "II. CHẾ ĐỘ BÁO CÁO",
               "Các cơ quan, đơn vị được giao nhiệm vụ theo dõi, đánh giá kết quả thực hiện.",
               "Định kỳ gửi báo cáo kết quả thực hiện trước ngày 15/11 hằng năm",
               "về Sở Tư pháp để tổng hợp."])
    assert _parts(d) == [("1.1", "due 2025-12-20"), ("II.P1", "year 15 m11")]
    assert d.unused_dates == []
