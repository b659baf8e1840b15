"""The rows worth a look: shared and unofficial evidence links, rows changed after their week was
reported, and numbers far above the usual, each with exact units, rows and kinds."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from helpers import build_workbook

from tracker.check import CheckResult, check
from tracker.definition import ReviewSettings, Tracker, bundled_tracker_path, load_tracker
from tracker.review.lookout import (
    Lead,
    LeadKind,
    host_of,
    is_official,
    looked_for,
    normalise_link,
    worth_a_look,
)
from tracker.sample import build_demo_workbook, load_sample
from tracker.sources import XlsxSource
from tracker.storage.history import History

OLD, NEW = "quang-tri-2023-phong-chong-mua-ban-nguoi", "quang-tri-2026-lua-dao-truc-tuyen"
MEETING, RADIO, NEWS = "Hội nghị, tọa đàm", "Phát thanh, truyền thanh cơ sở", "Tin, bài trên trang thông tin điện tử"


def _sample(tracker_id: str, tmp: Path) -> CheckResult:
    t = load_tracker(bundled_tracker_path(tracker_id))
    sample = load_sample(t)
    return check(t, XlsxSource([build_demo_workbook(t, tmp / "mau.xlsx", sample)]), sample.as_of)


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, CheckResult]:
    return {tid: _sample(tid, tmp_path_factory.mktemp(tid)) for tid in (OLD, NEW)}


def _row(n: int, day: date, form: str, content: str, participants: int | None = None, quantity: int | None = None,
         link: str | None = None, task: str = "1") -> list[Any]:
    return [n, day, task, form, content, "Nhân dân", participants, quantity, link]


def _check(tracker: Tracker, tmp: Path, name: str, rows: dict[str, list[list[Any]]], as_of: date) -> CheckResult:
    return check(tracker, XlsxSource([build_workbook(tracker, tmp / f"{name}.xlsx", rows)]), as_of)


def _of(leads: tuple[Lead, ...], kind: LeadKind) -> list[tuple[str, str, tuple[int, ...]]]:
    return [(lead.unit, lead.sheet, lead.rows) for lead in leads if lead.kind == kind]


# --------------------------------------------------------------------------- shared links


def test_the_samples_show_one_article_claimed_by_two_units(samples: dict[str, CheckResult]) -> None:
    old = worth_a_look(samples[OLD])
    assert _of(old, LeadKind.SHARED_LINK) == [("dong-ha-phong-vhtt", "Đông Hà - Phòng VHTT", (9,)),
                                              ("vinh-linh-phong-vhtt", "Vĩnh Linh - Phòng VHTT", (9,))]
    assert old[0].explanation == ("Cùng link minh chứng với 1 đơn vị khác: Phòng Văn hóa và Thông tin huyện Vĩnh Linh "
                                  "(dòng 9). Xem hoạt động có đúng của đơn vị này không.")
    assert old[0].evidence["link"] == ("quangtri.gov.vn/tin-tuc/canh-giac-thu-doan-moi-cua-toi-pham-mua-ban-nguoi-"
                                       "qua-mang-xa-hoi")
    assert old[0].evidence["others"] == [{"unit": "vinh-linh-phong-vhtt", "sheet": "Vĩnh Linh - Phòng VHTT", "rows": [9]}]
    new = worth_a_look(samples[NEW])
    assert _of(new, LeadKind.SHARED_LINK) == [("phuong-dong-ha", "Phường Đông Hà", (20,)),
                                              ("so-giao-duc-dao-tao", "Sở Giáo dục và Đào tạo", (12,))]


def test_one_link_on_two_rows_of_a_unit_and_on_another_unit(tracker: Tracker, tmp_path: Path) -> None:
    a, b, c = (u.sheet for u in tracker.units[:3])
    post = "https://www.facebook.com/xa/posts/77"
    result = _check(tracker, tmp_path, "w", {
        a: [_row(1, date(2023, 7, 10), NEWS, "Tin tuyên truyền luật", link=post),
            _row(2, date(2023, 7, 12), NEWS, "Tin tuyên truyền luật lần hai", link=post + "?fbclid=x"),
            _row(3, date(2023, 7, 13), NEWS, "Tin riêng", link="https://a.gov.vn/tin/1")],
        b: [_row(1, date(2023, 7, 14), NEWS, "Tin đăng lại", link="m.facebook.com/xa/posts/77/")],
        c: [_row(1, date(2023, 7, 14), NEWS, "Tin khác", link="https://a.gov.vn/tin/2")],
    }, date(2023, 7, 21))
    leads = worth_a_look(result)
    ids = [u.id for u in tracker.units[:2]]
    assert _of(leads, LeadKind.SHARED_LINK) == [(ids[0], a, (3, 4)), (ids[1], b, (3,))]
    first = next(lead for lead in leads if lead.kind == LeadKind.SHARED_LINK)
    assert first.explanation == (f"Một link minh chứng dùng cho các dòng 3, 4; cùng link minh chứng với 1 đơn vị khác: "
                                 f"{tracker.units[1].name} (dòng 3). Xem hoạt động có đúng của đơn vị này không.")


@pytest.mark.parametrize(("typed", "key"), [
    ("https://www.Example.gov.vn/tin-tuc/bai-1/", "example.gov.vn/tin-tuc/bai-1"),
    ("http://example.gov.vn/tin-tuc/bai-1#binh-luan", "example.gov.vn/tin-tuc/bai-1"),
    ("example.gov.vn/tin-tuc/bai-1?utm_source=zalo&utm_medium=share", "example.gov.vn/tin-tuc/bai-1"),
    ("https://m.facebook.com/story.php?story_fbid=123&id=456&fbclid=IwAR0", "facebook.com/story.php?story_fbid=123&id=456"),
    ("https://www.facebook.com/watch/?v=99&mibextid=abc", "facebook.com/watch?v=99"),
    ("https://youtu.be/abc?si=XYZ", "youtu.be/abc"),
    ("https://EXAMPLE.gov.vn:443/a", "example.gov.vn/a"),
    ("https://example.gov.vn:8080/a", "example.gov.vn:8080/a"),
    ("https://example.gov.vn/tin/ph%C3%B2ng-ch%E1%BB%91ng", "example.gov.vn/tin/ph%C3%B2ng-ch%E1%BB%91ng"),
    ("https://example.gov.vn/tin/phòng-chống", "example.gov.vn/tin/ph%C3%B2ng-ch%E1%BB%91ng"),
    ("https://example.gov.vn/Tin/Bai-1", "example.gov.vn/Tin/Bai-1"),  # a path's case is the site's business
    ("https://example.gov.vn/?page=2&utm_campaign=x&b=", "example.gov.vn?page=2&b="),
    ("https://www.example/a", "www.example/a"),
    ("//Example.gov.vn./a/", "example.gov.vn/a"),
    ("HTTPS://EXAMPLE.GOV.VN", "example.gov.vn"),
    ("https://user@example.gov.vn/a?id=1#x", "example.gov.vn/a?id=1"),  # a bare 'www.' host is not stripped to nothing
    ("đã đăng trên trang", None),
    ("https://[::1/x", None),
])
def test_links_are_compared_without_scheme_www_slash_fragment_or_tracking(typed: str, key: str | None) -> None:
    assert normalise_link(typed) == key


@pytest.mark.parametrize(("host", "official"), [
    ("gov.vn", True), ("quangtri.gov.vn", True), ("donghaphongvhtt.quangtri.gov.vn", True),
    ("notgov.vn", False), ("gov.vn.example.com", False), ("facebook.com", False), ("quangtri.gov.vn:8080", True),
])
def test_a_link_is_official_on_the_domain_or_a_sub_domain(host: str, official: bool) -> None:
    assert is_official(host, ["gov.vn"]) is official


def test_host_of_keeps_what_the_comparison_keeps() -> None:
    assert host_of("HTTPS://M.Facebook.com/x") == "facebook.com"
    assert host_of("not a link") is None


# --------------------------------------------------------------------------- official domains


def test_links_outside_the_official_domains_are_grouped_by_unit_and_host(tracker: Tracker, tmp_path: Path) -> None:
    a, b = (u.sheet for u in tracker.units[:2])
    result = _check(tracker, tmp_path, "w", {
        a: [_row(1, date(2023, 7, 10), NEWS, "Tin trên cổng của huyện", link="https://a.quangtri.gov.vn/tin/1"),
            _row(2, date(2023, 7, 11), NEWS, "Tin trên fanpage", link="https://www.facebook.com/a/posts/1"),
            _row(3, date(2023, 7, 12), NEWS, "Tin trên trang giống cổng", link="https://notgov.vn/tin/3"),
            _row(4, date(2023, 7, 13), NEWS, "Tin thứ hai trên fanpage", link="https://m.facebook.com/a/posts/2")],
        b: [_row(1, date(2023, 7, 14), NEWS, "Tin trên cổng tỉnh", link="https://gov.vn/tin/9")],
    }, date(2023, 7, 21))
    leads = [lead for lead in worth_a_look(result) if lead.kind == LeadKind.UNOFFICIAL_LINK]
    unit = tracker.units[0].id
    assert [(x.unit, x.sheet, x.rows, x.evidence["host"]) for x in leads] == [
        (unit, a, (4, 6), "facebook.com"), (unit, a, (5,), "notgov.vn")]
    assert leads[0].explanation == ("Link trên facebook.com, không thuộc trang chính thức (gov.vn). Xem bài có đúng "
                                    "của đơn vị và đúng hoạt động đã ghi không.")


def test_the_trackers_official_domains_decide_what_is_unofficial(samples: dict[str, CheckResult]) -> None:
    result = samples[NEW]
    assert result.tracker.review.official_domains == ["gov.vn", "example.org"]

    def hosts(r: CheckResult) -> list[tuple[str, str]]:
        return [(x.unit, x.evidence["host"]) for x in worth_a_look(r) if x.kind == LeadKind.UNOFFICIAL_LINK]

    fb = [("phuong-dong-ha", "facebook.com"), ("xa-my-thuy", "facebook.com"), ("so-giao-duc-dao-tao", "facebook.com")]
    assert hosts(result) == fb
    only_gov = replace(result, tracker=result.tracker.model_copy(
        update={"review": ReviewSettings(official_domains=["gov.vn"])}))
    assert hosts(only_gov) == [
        ("phuong-dong-ha", "phuongdongha.example.org"), ("phuong-dong-ha", "facebook.com"),
        ("phuong-dong-ha", "baotinh.example.org"), ("xa-my-thuy", "xamythuy.example.org"),
        ("xa-my-thuy", "facebook.com"), ("so-giao-duc-dao-tao", "sgddt.example.org"),
        ("so-giao-duc-dao-tao", "facebook.com"), ("so-giao-duc-dao-tao", "baotinh.example.org"),
        ("so-van-hoa-the-thao-du-lich", "svhttdl.example.org")]
    off = replace(result, tracker=result.tracker.model_copy(update={"review": ReviewSettings(official_domains=[])}))
    assert hosts(off) == []


# --------------------------------------------------------------------------- changed after the week was reported


def test_rows_changed_or_added_after_their_week_was_reported(tracker: Tracker, tmp_path: Path) -> None:
    sheet = tracker.units[0].sheet
    unit = tracker.units[0].id
    a = _row(1, date(2023, 7, 10), MEETING, "Hội nghị triển khai kế hoạch của huyện", 100, 1)
    b = _row(2, date(2023, 7, 12), NEWS, "Đăng tin cảnh báo thủ đoạn lừa đảo qua mạng xã hội", 50, 1)
    c = _row(3, date(2023, 7, 14), RADIO, "Phát thanh hưởng ứng ngày toàn dân phòng, chống tội phạm", 900, 3)
    d = _row(4, date(2023, 7, 19), NEWS, "Tin về hoạt động của tuần đang diễn ra", 40, 1)
    week1 = {sheet: [a, b, c, d]}
    b2 = [*b[:6], 500, 1]  # the number typed again after the week was reported
    c2 = [*c[:4], "Phát thanh hưởng ứng ngày toàn dân phòng, chống tội phạm trên loa xã", *c[5:]]  # re-worded
    d2 = [*d[:6], 45, 1]  # its week (17-23/7) was still open at the first check: not a lead
    late = _row(5, date(2023, 7, 13), MEETING, "Hội nghị nói chuyện chuyên đề tổ chức từ tuần trước", 60, 1)
    week2 = {sheet: [a, b2, c2, d2, late]}
    path = tmp_path / "h.sqlite"
    with History(path) as h:
        h.record(_check(tracker, tmp_path, "w1", week1, date(2023, 7, 21)))
        second = _check(tracker, tmp_path, "w2", week2, date(2023, 7, 28))
        leads = worth_a_look(second, h)
        stored = h.record_check(second)
        assert worth_a_look(stored, h) == leads  # the same whether or not this check is stored yet
    found = [x for x in leads if x.kind == LeadKind.CHANGED_AFTER_REPORT]
    assert [(x.unit, x.sheet, x.rows, x.evidence["change"]) for x in found] == [
        (unit, sheet, (4,), "edited"), (unit, sheet, (5,), "edited"), (unit, sheet, (7,), "added")]
    assert found[0].explanation == ("Dòng ngày 12/07/2023 (tuần 10/07–16/07/2023) đã có ở lần kiểm tra ngày "
                                    "21/07/2023, sau đó được sửa: Số người tham gia/tiếp cận: “50” → “500”.")
    assert found[1].explanation.endswith("sau đó được sửa: Nội dung: “Phát thanh hưởng ứng ngày toàn dân phòng, chống "
                                         "tội phạm” → “Phát thanh hưởng ứng ngày toàn dân phòng, chống tội phạm trên "
                                         "loa xã”.")
    assert found[2].explanation == ("Dòng ngày 13/07/2023 (tuần 10/07–16/07/2023) được thêm sau lần kiểm tra ngày "
                                    "21/07/2023, khi tuần đó đã được báo cáo; lần đầu thấy ở lần kiểm tra ngày "
                                    "28/07/2023.")
    assert found[0].evidence["before"]["participants"] == "50" and found[0].evidence["reported_at"] == "2023-07-21"


def test_without_history_rows_changed_after_reporting_are_not_looked_for(tracker: Tracker, tmp_path: Path) -> None:
    assert LeadKind.CHANGED_AFTER_REPORT not in looked_for(None)
    sheet = tracker.units[0].sheet
    result = _check(tracker, tmp_path, "w", {sheet: [_row(1, date(2023, 7, 10), MEETING, "Hội nghị", 100, 1)]},
                    date(2023, 7, 28))
    assert [x for x in worth_a_look(result) if x.kind == LeadKind.CHANGED_AFTER_REPORT] == []
    with History(tmp_path / "empty.sqlite") as h:
        assert LeadKind.CHANGED_AFTER_REPORT in looked_for(h)
        assert worth_a_look(result, h) == worth_a_look(result)  # no earlier check: nothing to compare with


# --------------------------------------------------------------------------- numbers


def test_a_number_far_above_the_units_usual_for_the_form(tracker: Tracker, tmp_path: Path) -> None:
    a, b = (u.sheet for u in tracker.units[:2])
    meetings = [40, 50, 60, 45, 600, 240]  # 600 is 12x the others' median; 240 only 4.8x
    radio = [900, 1000, 1100, 1200]  # broadcasts reach more people: not compared with meetings
    rows_a = [_row(i + 1, date(2023, 7, 10 + i), MEETING, f"Hội nghị số {i}", n, 1) for i, n in enumerate(meetings)]
    rows_a += [_row(10 + i, date(2023, 7, 3 + i), RADIO, f"Phát thanh số {i}", n, 1) for i, n in enumerate(radio)]
    rows_b = [_row(i + 1, date(2023, 7, 10 + i), MEETING, f"Hội nghị số {i}", n, 1) for i, n in enumerate([40, 50, 200])]
    result = _check(tracker, tmp_path, "w", {a: rows_a, b: rows_b}, date(2023, 7, 28))
    leads = [x for x in worth_a_look(result) if x.kind == LeadKind.UNUSUAL_NUMBER]
    assert [(x.unit, x.sheet, x.rows) for x in leads] == [(tracker.units[0].id, a, (7,))]
    assert leads[0].explanation == ("Số người tham gia/tiếp cận 600: gấp 12 lần mức thường của đơn vị với hình thức "
                                    "“Hội nghị, tọa đàm” (trung vị 50 trên 5 dòng khác). Xem số liệu có nhập nhầm không.")
    assert leads[0].evidence == {"column": "participants", "value": 600, "form": MEETING, "unit_median": 50.0,
                                 "unit_rows": 5}


@pytest.mark.parametrize(("others", "flagged"), [(3, True), (2, False)])
def test_a_number_far_above_every_other_units_for_the_form(tracker: Tracker, tmp_path: Path, others: int,
                                                          flagged: bool) -> None:
    sheets = [u.sheet for u in tracker.units[:others + 1]]
    values = [12000, 300, 900, 2000][:others + 1]  # 12000 is 6x the largest of the others (2000, or 900)
    rows = {s: [_row(1, date(2023, 7, 10), RADIO, "Phát thanh tuyên truyền", n, 1)] for s, n in zip(sheets, values, strict=True)}
    result = _check(tracker, tmp_path, "w", rows, date(2023, 7, 28))
    leads = [x for x in worth_a_look(result) if x.kind == LeadKind.UNUSUAL_NUMBER]
    if not flagged:
        assert leads == []  # two other units are too few to say what is usual
        return
    assert [(x.unit, x.rows) for x in leads] == [(tracker.units[0].id, (3,))]
    assert leads[0].explanation == (f"Số người tham gia/tiếp cận 12.000: gấp 6 lần con số lớn nhất của 3 đơn vị khác "
                                    f"cho hình thức “{RADIO}” (2.000, {tracker.units[3].name}). Xem số liệu có nhập "
                                    "nhầm không.")


# --------------------------------------------------------------------------- order


def test_leads_come_by_kind_then_unit_then_row(samples: dict[str, CheckResult]) -> None:
    for result in samples.values():
        leads = worth_a_look(result)
        order = {u.id: i for i, u in enumerate(result.tracker.units)}
        keys = [(list(LeadKind).index(x.kind), order[x.unit], x.rows) for x in leads]
        assert keys == sorted(keys) and len({x.kind for x in leads}) >= 2
    kinds = [x.kind for x in worth_a_look(samples[OLD])]
    assert kinds.count(LeadKind.UNOFFICIAL_LINK) == 14 and kinds.count(LeadKind.UNUSUAL_NUMBER) == 1
    assert worth_a_look(samples[OLD])[0].to_dict()["kind_vi"] == "Minh chứng dùng chung"
