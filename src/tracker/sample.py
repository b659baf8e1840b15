"""Deterministic sample data: the demo workbook, and synthetic workbooks for tests and benchmarks.

Made by code (not a binary committed by hand) so that it can be remade and reviewed. The demo
stands as on Friday 2023-08-18: some units complete, some partly, one silent, and rows with the
mistakes districts really make.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl

from tracker.definition import Tracker, Unit, bundled_tracker_path, parse_tracker
from tracker.template import FIRST_DATA_ROW, write_template

DEMO_AS_OF = date(2023, 8, 18)
PER_SPREADSHEET = 200  # a Google spreadsheet holds at most 200 tabs
FB = "https://www.facebook.com/{slug}/posts/{n}"
PORTAL = "https://{slug}.quangtri.gov.vn/tin-tuc/phong-chong-mua-ban-nguoi-{n}"

CONTENT: dict[str, list[str]] = {
    "1": [
        "Hội nghị tuyên truyền Luật Phòng, chống mua bán người năm 2011",
        "Tuyên truyền hưởng ứng Ngày toàn dân phòng, chống mua bán người 30/7 trên hệ thống loa truyền thanh",
        "Treo băng rôn, khẩu hiệu hưởng ứng Ngày toàn dân phòng, chống mua bán người",
        "Đăng tin về chính sách, pháp luật của Nhà nước về phòng, chống mua bán người",
        "Xe loa tuyên truyền lưu động cao điểm tấn công, trấn áp tội phạm mua bán người",
    ],
    "2a": [
        "Cảnh báo thủ đoạn lừa đảo “việc nhẹ lương cao” qua mạng xã hội",
        "Thông tin tình hình, diễn biến tội phạm mua bán người trên địa bàn",
        "Cảnh giác với phương thức dụ dỗ lao động sang làm việc trái phép ở nước ngoài",
    ],
    "2b": [
        "Giới thiệu các biện pháp hỗ trợ nạn nhân bị mua bán trở về",
        "Thông tin cơ sở trợ giúp xã hội hỗ trợ nạn nhân tái hòa nhập cộng đồng",
    ],
    "3": [
        "Chuyên mục “Phòng, chống mua bán người” trên trang thông tin điện tử",
        "Chương trình phát thanh chuyên đề phòng, chống mua bán người",
    ],
}
FORM_FOR = {
    "1": ["Hội nghị, tọa đàm", "Phát thanh, truyền thanh cơ sở", "Pano, áp phích, băng rôn, khẩu hiệu",
          "Tin, bài trên trang thông tin điện tử", "Tuyên truyền lưu động"],
    "2a": ["Mạng xã hội (Facebook, Zalo, YouTube)", "Tin, bài trên trang thông tin điện tử", "Phát thanh, truyền thanh cơ sở"],
    "2b": ["Tin, bài trên trang thông tin điện tử", "Tờ rơi, tài liệu"],
    "3": ["Chuyên trang, chuyên mục, chương trình"],
}
OFFICIALS = "Cán bộ, công chức, viên chức, người lao động"
PUBLIC = ["Nhân dân", "Học sinh, sinh viên", "Đồng bào dân tộc thiểu số", "Phụ nữ"]

# (unit index in the bundled tracker) -> profile. Unlisted units are 'complete'.
DEMO_PROFILES = {
    1: "late_window", 3: "partial", 5: "no_victims", 7: "mistakes", 8: "partial", 10: "late_start",
    12: "mistakes", 14: "no_audience", 15: "partial", 17: "late_start", 19: "silent",
}


def _row(day: date, tag: str, rng: random.Random, slug: str, n: int, audience: str | None = None) -> list[Any]:
    form = rng.choice(FORM_FOR[tag])
    link = (FB if rng.random() < 0.5 else PORTAL).format(slug=slug, n=n) if tag == "3" or rng.random() < 0.4 else None
    return [None, day, tag, form, rng.choice(CONTENT[tag]), audience or rng.choice(PUBLIC),
            rng.choice([50, 120, 200, 350, 1200]), rng.choice([1, 2, 3, 5]), link, None]


def unit_rows(profile: str, as_of: date, rng: random.Random, slug: str) -> list[list[Any]]:
    """Rows for one unit, as of a date, following a profile of behaviour."""
    if profile == "silent":
        return []
    plan: list[tuple[date, str, str | None]] = [
        (d(7, 12), "1", OFFICIALS), (d(7, 28), "1", "Nhân dân"), (d(8, 2), "2a", None),
        (d(8, 9), "2b", None), (d(7, 20), "3", None), (d(8, 15), "1", None), (d(9, 8), "2a", None),
        (d(9, 20), "3", None),
    ]
    if profile == "late_window":
        plan = [p for p in plan if p[0] != d(7, 28)] + [(d(8, 10), "1", "Nhân dân")]
    if profile == "partial":
        plan = [p for p in plan if p[1] in ("1",)]
    if profile == "no_victims":
        plan = [p for p in plan if p[1] != "2b"]
    if profile == "no_audience":
        plan = [(day, tag, "Nhân dân" if tag == "1" else aud) for day, tag, aud in plan]
    if profile == "late_start":
        plan = [(day + timedelta(days=24), tag, aud) for day, tag, aud in plan]
    rows = [_row(day, tag, rng, slug, i, aud) for i, (day, tag, aud) in enumerate(plan) if day <= as_of]
    if profile == "mistakes":
        rows += [
            [None, "30/7", "1", "Phát thanh", "Phát sóng tin hưởng ứng ngày 30/7", "Nhân dân", "khoảng 200", 2, None, None],
            [None, "8/3/2023", "2", "Tin bài", "Tuyên truyền phòng, chống mua bán người", "Nhân dân", "150-200", 1, None, None],
            [None, date(2023, 8, 4), "NV2", "Loa truyền thanh", "Tuyªn truyÒn thñ ®o¹n lõa ®¶o viÖc nhÑ l­¬ng cao",
             "Nhân dân", "1.200", 3, None, None],
            [None, date(2023, 8, 8), "3", "Chuyên mục", "Chuyên mục phòng chống mua bán người", "Nhân dân", 300, 1,
             "đã đăng trên trang", None],
            [None, "ngày 16 tháng 8 năm 2023", "Nhiệm vụ 2b", "Hội nghị", "Tọa đàm hỗ trợ nạn nhân tái hòa nhập",
             "Phụ nữ", "60 người", 1, None, None],
            [None, "25/8/2023", "1", "Hội nghị", "Hội nghị tuyên truyền sắp tổ chức", OFFICIALS, 80, 1, None, None],
            [None, "Tổng cộng", None, None, None, None, 1860, None, None, None],
        ]
    for i, row in enumerate(rows, start=1):
        row[0] = i
    return rows


def build_demo_workbook(tracker: Tracker, out: str | Path, as_of: date = DEMO_AS_OF, seed: int = 2023) -> Path:
    """The demo's source workbook: the entry template, filled as the districts would have."""
    out = Path(out)
    write_template(tracker, out)
    wb = openpyxl.load_workbook(out)
    rng = random.Random(seed)
    for i, unit in enumerate(tracker.units):
        profile = DEMO_PROFILES.get(i, "complete")
        rows = unit_rows(profile, as_of, rng, _slug(unit))
        ws = wb[unit.sheet]
        for r, values in enumerate(rows, start=FIRST_DATA_ROW):
            for c, value in enumerate(values, start=1):
                ws.cell(row=r, column=c, value=value)
        if profile == "mistakes" and rows:
            end = FIRST_DATA_ROW + len(rows)
            # a copied row, a formula error, and a date merged over two activities
            for c, value in enumerate(rows[0], start=1):
                ws.cell(row=end, column=c, value=value)
            ws.cell(row=end + 1, column=1, value=len(rows) + 2)
            ws.cell(row=end + 1, column=2, value="#REF!")
            ws.cell(row=end + 1, column=3, value="1")
            ws.cell(row=end + 1, column=5, value="Tuyên truyền trên loa (dòng bị lỗi công thức)")
            ws.cell(row=end + 2, column=2, value=date(2023, 8, 17))
            ws.merge_cells(start_row=end + 2, start_column=2, end_row=end + 3, end_column=2)
            for rr, content in ((end + 2, "Phát thanh tin về thủ đoạn mua bán người"),
                                (end + 3, "Đăng tin hỗ trợ nạn nhân bị mua bán trở về")):
                ws.cell(row=rr, column=3, value="2a" if rr == end + 2 else "2b")
                ws.cell(row=rr, column=4, value="Phát thanh, truyền thanh cơ sở")
                ws.cell(row=rr, column=5, value=content)
                ws.cell(row=rr, column=6, value="Nhân dân")
    wb.save(out)
    return out


def d(month: int, day: int) -> date:
    return date(2023, month, day)


def _slug(unit: Unit) -> str:
    return unit.id.replace("-", "")


def synthetic_tracker(units: int, per_spreadsheet: int = PER_SPREADSHEET, key_prefix: str = "BENCH") -> Tracker:
    """The bundled tracker's tasks and lists, with `units` communes spread over spreadsheets of at most
    `per_spreadsheet` tabs (keys KEY_PREFIX0000, ...): the shape of a national campaign, for tests and benchmarks."""
    text = bundled_tracker_path().read_text(encoding="utf-8")
    head, tail = text.split("\nunits:\n", 1)
    tail = tail[tail.index("\nlists:"):]
    books = (units + per_spreadsheet - 1) // per_spreadsheet
    sheets = "\n".join(f"  - id: s{i}\n    key: {key_prefix}{i:04d}" for i in range(books))
    head = head.replace("spreadsheets:\n  - id: main\n    title: Theo dõi cao điểm phòng, chống mua bán người 2023",
                        "spreadsheets:\n" + sheets)
    body = "\n".join(
        f"  - {{id: xa-{i}, name: Ủy ban nhân dân xã số {i}, labels: {{huyen: Tỉnh {i // per_spreadsheet}}}, "
        f"sheet: Xã {i}, spreadsheet: s{i // per_spreadsheet}, contacts: [xa{i}@example.org]}}" for i in range(units))
    return parse_tracker(head + "\nunits:\n" + body + "\n" + tail, base_dir=bundled_tracker_path().parent)
