"""Every output names the directive by its kind: a công văn by its "V/v" subject, a kế hoạch by its title, and a
number left blank never printed as "số …/…" (tracker.citation)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
from helpers import SampleBooks

from tracker import citation
from tracker.check import check, findings
from tracker.definition import Directive, bundled_tracker_path, load_tracker
from tracker.documents import write_document
from tracker.entry_workbook import instructions
from tracker.notices import compose_notices
from tracker.report.html import render_html
from tracker.sources import XlsxSource

HERE = Path(__file__).parent
OLD = "quang-tri-2023-phong-chong-mua-ban-nguoi"
NEW = "quang-tri-2026-lua-dao-truc-tuyen"
SUBJECT_2023 = ("triển khai đợt cao điểm tuyên truyền, truyền thông và cao điểm tấn công, trấn áp tội phạm mua bán "
                "người")
TITLE_2026 = ("tổ chức “Tháng hành động phòng, chống lừa đảo trực tuyến và bảo đảm an toàn thông tin trên không gian "
              "mạng” năm 2026")
CITE_2023 = "Công văn của Sở Thông tin và Truyền thông tỉnh Quảng Trị ban hành tháng 7/2023"
CITE_2026 = "Kế hoạch số 128/KH-UBND ngày 06/5/2026 của Ủy ban nhân dân tỉnh Quảng Trị"

TRACKERS = {
    OLD: (f"{CITE_2023} về việc {SUBJECT_2023}", SUBJECT_2023),
    NEW: (f"{CITE_2026} về {TITLE_2026}", f"thực hiện {CITE_2026}"),
    "xa-mau": ("Kế hoạch số 12/KH-UBND ngày 28/4/2026 của UBND tỉnh Mẫu",
               "thực hiện Kế hoạch số 12/KH-UBND ngày 28/4/2026 của UBND tỉnh Mẫu"),
}


def _path(tracker_id: str) -> Path:
    return HERE / "data" / "trackers" / f"{tracker_id}.yaml" if tracker_id == "xa-mau" else bundled_tracker_path(tracker_id)


@pytest.mark.parametrize("tracker_id", list(TRACKERS))
def test_each_tracker_is_cited_by_its_kind(tracker_id: str) -> None:
    d = load_tracker(_path(tracker_id)).directive
    assert (citation.reference(d), citation.topic(d)) == TRACKERS[tracker_id]


def _directive(**changes: Any) -> Directive:
    fields: dict[str, Any] = {"kind": "Công văn", "number": "45/STTTT-TTBCXB", "issuer": "Sở Thông tin và Truyền thông",
                              "dated": "Quảng Trị, ngày   tháng 02 năm 2024", "subject": "V/v báo cáo số liệu",
                              "issued_on": None, **changes}
    return Directive(**fields)


@pytest.mark.parametrize(("changes", "cited"), [
    ({}, "Công văn số 45/STTTT-TTBCXB của Sở Thông tin và Truyền thông"),
    ({"issued_on": date(2024, 2, 5)}, "Công văn số 45/STTTT-TTBCXB ngày 05/02/2024 của Sở Thông tin và Truyền thông"),
    ({"number": "…/STTTT-TTBCXB"}, "Công văn của Sở Thông tin và Truyền thông ban hành tháng 02/2024"),
    ({"number": "…"}, "Công văn của Sở Thông tin và Truyền thông ban hành tháng 02/2024"),
    ({"number": ""}, "Công văn của Sở Thông tin và Truyền thông ban hành tháng 02/2024"),
    ({"number": "Số: /STTTT-…"}, "Công văn của Sở Thông tin và Truyền thông ban hành tháng 02/2024"),
    ({"number": "...", "dated": "Huế, ngày 9 tháng 10 năm 2024"}, "Công văn ngày 09/10/2024 của Sở Thông tin và "
                                                                  "Truyền thông"),
    ({"number": "", "dated": ""}, "Công văn của Sở Thông tin và Truyền thông"),
    ({"number": "Số: 7/KH-UBND", "kind": "Kế hoạch"}, "Kế hoạch số 7/KH-UBND của Sở Thông tin và Truyền thông"),
])
def test_a_blank_number_is_never_printed(changes: dict[str, Any], cited: str) -> None:
    assert citation.cite(_directive(**changes)) == cited


def test_a_title_or_a_vv_line_becomes_the_phrase_after_ve() -> None:
    plan = _directive(kind="Kế hoạch", number="88/KH-UBND", subject="Kế hoạch Triển khai Đề án 06 năm 2026")
    order = _directive(kind="Chỉ thị", number="05/CT-UBND", subject="Về việc tăng cường phòng, chống dịch")
    assert citation.reference(plan) == "Kế hoạch số 88/KH-UBND của Sở Thông tin và Truyền thông về triển khai Đề án 06 năm 2026"
    assert citation.reference(order) == ("Chỉ thị số 05/CT-UBND của Sở Thông tin và Truyền thông về việc tăng cường "
                                         "phòng, chống dịch")
    assert citation.topic(order) == "tăng cường phòng, chống dịch"


def _texts(path: Path) -> list[str]:
    doc = docx.Document(str(path))
    out = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        out += [p.text for row in table.rows for cell in row.cells for p in cell.paragraphs]
    return out


@pytest.mark.parametrize("tracker_id", [OLD, NEW])
def test_documents_emails_report_and_workbook_cite_the_directive_by_its_kind(
        tracker_id: str, sample_books: SampleBooks, tmp_path: Path) -> None:
    sample = sample_books[tracker_id]
    result = check(sample.tracker, XlsxSource([sample.path]), sample.as_of)
    f = findings(result)
    docs = {k: _texts(write_document(k, sample.tracker, f, tmp_path, issued=date(2026, 12, 5)))
            for k in ("weekly", "final", "reminder_letter")}
    reference, topic = TRACKERS[tracker_id]
    plan = "Kế hoạch số 156/KH-UBND ngày 11/7/2023 của UBND tỉnh và " if tracker_id == OLD else ""
    as_of = f"{sample.as_of:%d/%m/%Y}"
    assert f"Tiến độ {topic}\n(tính đến ngày {as_of})" in docs["weekly"]
    assert f"Kết quả {topic}" in docs["final"]
    assert f"V/v đôn đốc {topic}" in docs["reminder_letter"]
    for kind, who in (("weekly", "Phòng"), ("final", "Sở"), ("reminder_letter", "Sở")):
        opening = next(p for p in docs[kind] if p.startswith("Thực hiện "))
        assert opening.startswith(f"Thực hiện {plan}{reference}, {who}"), (kind, opening)
    mails = compose_notices(result, report_xlsx=b"x")
    reminder = next(n for n in mails if n.level in ("reminder", "firm"))
    assert f"Thực hiện {reference}, qua kiểm tra số liệu" in reminder.text
    html = render_html(result)
    assert f'<p class="meta">{reference[0].upper()}{reference[1:]}</p>' in html
    assert ("text", f"Theo {reference}.") in instructions(sample.tracker)
    everything = "\n".join([*(p for d in docs.values() for p in d), *(n.text for n in mails), html])
    assert "số …" not in everything and "…/STTTT" not in everything
