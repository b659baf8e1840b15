"""Synthetic but realistic data at any scale: a tracker of N units and workbooks of their sheets.

Units are communes ("Xã ..."), grouped 200 to a spreadsheet as a Google spreadsheet allows; rows
are Vietnamese activity records, about 5% of them carrying a mistake from the problem catalogue.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from tracker.definition import Tracker

CONTENT = [
    "Hội nghị tuyên truyền Luật Phòng, chống mua bán người năm 2011 cho cán bộ, công chức",
    "Phát thanh tin hưởng ứng Ngày toàn dân phòng, chống mua bán người 30/7",
    "Cảnh báo thủ đoạn lừa đảo việc nhẹ lương cao qua mạng xã hội",
    "Giới thiệu các biện pháp hỗ trợ nạn nhân bị mua bán trở về tái hòa nhập cộng đồng",
    "Chuyên mục phòng, chống mua bán người trên trang thông tin điện tử xã",
    "Treo băng rôn, khẩu hiệu tuyên truyền tại trung tâm xã",
]
TAGS = ["1", "1", "2a", "2b", "3", "1, 2a"]
FORMS = ["Hội nghị, tọa đàm", "Phát thanh, truyền thanh cơ sở", "Mạng xã hội (Facebook, Zalo, YouTube)",
         "Tin, bài trên trang thông tin điện tử", "Chuyên trang, chuyên mục, chương trình",
         "Pano, áp phích, băng rôn, khẩu hiệu"]
AUDIENCES = ["Nhân dân", "Cán bộ, công chức, viên chức, người lao động", "Học sinh, sinh viên", "Nhân dân, phụ nữ"]
# (column index, bad value): mistakes districts make, one per defective row
DEFECTS: list[tuple[int, Any]] = [
    (1, "31/6/2023"), (1, "7/28/2023"), (1, None), (1, "15/06/2023"), (2, "NV9"), (2, None), (3, "họp thôn"),
    (6, "150-200"), (6, "khoảng 200"), (4, "Tuyªn truyÒn phßng chèng mua b¸n ng\u00adêi"), (8, "chưa có link"),
]


def unit_rows(rng: random.Random, rows: int, defect_rate: float = 0.05) -> list[list[Any]]:
    out: list[list[Any]] = []
    for n in range(1, rows + 1):
        day = date(2023, 7, 1) + timedelta(days=rng.randrange(0, 48))
        i = rng.randrange(len(CONTENT))
        link = f"https://www.facebook.com/xa/posts/{rng.randrange(10**9)}" if FORMS[i % len(FORMS)].startswith("Chuyên") or rng.random() < 0.3 else None
        row: list[Any] = [n, day, TAGS[i], FORMS[i % len(FORMS)], f"{CONTENT[i]} (lần {n})", rng.choice(AUDIENCES),
                          rng.choice([30, 120, "1.200", "200 người"]), rng.randrange(1, 6), link, None]
        if rng.random() < defect_rate:
            col, bad = rng.choice(DEFECTS)
            row[col] = bad
        out.append(row)
    return out


def write_workbooks(tracker: Tracker, rows: int, folder: Path, seed: int = 7) -> list[Path]:
    """One .xlsx per spreadsheet of the tracker, written in openpyxl's streaming mode."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    header = [c.header for c in tracker.columns]
    paths = []
    by_book: dict[str, list[Any]] = {}
    for unit in tracker.units:
        by_book.setdefault(tracker.spreadsheet_of(unit).id, []).append(unit)
    for book_id, units in by_book.items():
        wb = Workbook(write_only=True)
        for unit in units:
            ws = wb.create_sheet(unit.sheet)
            ws.append([f"{unit.name} — báo cáo hoạt động"])
            ws.append(header)
            for row in unit_rows(rng, rows):
                ws.append(row)
        path = folder / f"{book_id}.xlsx"
        wb.save(path)
        paths.append(path)
    return paths
