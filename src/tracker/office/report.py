"""The week's Word report to the office's leadership: "Báo cáo tình hình thực hiện các văn bản", laid out
as Decree 30/2020 asks, with the bundled report template and the office's letterhead (office.yaml).

The same figures as the portfolio page: each directive's parts (chart and table), the units overdue in
the most directives, the directives ending soon, what could not be checked, a proposal.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tracker.documents.content import (
    BLANK_NUMBER,
    Bars,
    Block,
    Content,
    Para,
    Table,
    division_author,
    num,
    office_author,
    place_date,
    text,
    vn_date,
)
from tracker.documents.render import render
from tracker.documents.templates import bundled_template
from tracker.office.pages import CHART_COLOURS, SEGMENTS
from tracker.office.portfolio import Portfolio, Row
from tracker.office.workspace import Office
from tracker.text import shortened


def build_report(office: Office, p: Portfolio, issued: date | None = None) -> Content:
    o = office.office
    # The division that runs the week reports to the office's leadership, as a directive's weekly report does
    # (docs/documents.md); an office without a division named reports to the body above it.
    who = division_author(o) if o.office else office_author(o)
    speaker = who.name
    issued = issued or date.today()
    checked = p.checked
    body: list[Block] = [
        Para(f"{speaker} theo dõi {len(p.rows)} văn bản; tuần này kiểm tra {len(checked)} văn bản đang trong thời gian "
             f"thực hiện" + (f" ({len(p.failed)} văn bản không kiểm tra được)" if p.failed else "")
             + f". Tính đến ngày {vn_date(p.as_of)}, kết quả như sau:"),
        Para("I. TÌNH HÌNH CHUNG", "heading"),
        Para(f"- Phần việc đã hoàn thành: {num(p.parts_done)}/{num(p.parts_total)}{_percent(p.parts_done, p.parts_total)}."),
        Para(f"- Đơn vị có phần việc quá hạn ở ít nhất một văn bản: {num(p.units_lagging)}/{num(p.units)}."),
        Para("Tình hình từng văn bản (tỷ lệ phần việc theo trạng thái):"),
        Bars(tuple((_short(r.title), (r.on_time, r.late, r.in_progress, r.overdue),
                    f"{r.parts_done}/{r.parts_total}") for r in checked),
             tuple(CHART_COLOURS[status] for _, status, _ in SEGMENTS),
             tuple(label for _, _, label in SEGMENTS)) if checked else Para("Không có văn bản nào được kiểm tra."),
        _table(checked),
        Para("II. CÁC ĐƠN VỊ QUÁ HẠN Ở NHIỀU VĂN BẢN NHẤT", "heading"),
        *_lagging(p),
        Para("III. VĂN BẢN SẮP KẾT THÚC", "heading"),
        *([Para(f"- {text(r.title)}: hạn cuối {vn_date(r.ends)}; còn {r.overdue + r.in_progress} phần việc chưa "
                "hoàn thành.") for r in p.ending] or [Para("Không có văn bản nào kết thúc trong 14 ngày tới.")]),
        Para("IV. VĂN BẢN KHÔNG KIỂM TRA TUẦN NÀY VÀ VẤN ĐỀ CẦN XEM", "heading"),
        *([Para(f"- {text(x.message)}") for x in p.problems]
          + [Para(f"- {text(r.title)}: đã kết thúc (lưu trữ)" + (f", hạn cuối {vn_date(r.ends)}." if r.ends else "."))
             for r in p.archived]
          + [Para(f"- {text(r.title)}: chưa bắt đầu.") for r in p.upcoming] or [Para("Không có.")]),
        Para("V. ĐỀ XUẤT", "heading"),
        Para(_proposal(p, speaker, f"Lãnh đạo {text(o.speaker)}" if o.office else "")),
        Para(f"Trên đây là báo cáo tình hình thực hiện các văn bản, {speaker} kính báo cáo {who.addressees[0]}./."),
    ]
    return Content(kind="weekly", parent=who.parent, issuer=who.issuer,
                   number=f"{BLANK_NUMBER}/{who.symbol}", place_date=place_date(o, issued), kind_name="BÁO CÁO",
                   abstract=f"Tình hình thực hiện các văn bản\n(tính đến ngày {vn_date(p.as_of)})",
                   addressees=who.addressees, body=tuple(body), recipients=("Như trên", who.archive),
                   authority=who.authority, title=who.title, signer=who.signer)


def write_report(office: Office, p: Portfolio, folder: Path, issued: date | None = None) -> Path:
    """folder/bao-cao-tinh-hinh-<as of>.docx."""
    out = folder / f"bao-cao-tinh-hinh-{p.as_of.isoformat()}.docx"
    return render(build_report(office, p, issued), bundled_template("report"), out)


def _table(rows: list[Row]) -> Block:
    if not rows:
        return Para("")
    body = tuple((str(i), text(r.title), f"{r.parts_done}/{r.parts_total}", str(r.on_time), str(r.late),
                  str(r.overdue), f"{r.units_overdue}/{r.units}", r.trend or "—") for i, r in enumerate(rows, 1))
    return Table(("STT", "Văn bản", "Hoàn thành", "Đúng hạn", "Muộn", "Quá hạn", "Đơn vị quá hạn",
                  "So với tuần trước"), body, (1.1, 4.6, 1.9, 1.5, 1.5, 1.5, 1.9, 2.5),
                 numeric=frozenset({0, 2, 3, 4, 5, 6}))


def _lagging(p: Portfolio) -> list[Block]:
    if not p.lagging:
        return [Para("Không đơn vị nào có phần việc quá hạn.")]
    rows = tuple((str(i), text(u.name), str(len(u.directives)),
                  "\n".join(f"{text(t)}: {d} ngày" for t, d in u.directives)) for i, u in enumerate(p.lagging, 1))
    more = p.units_lagging - len(p.lagging)
    return [Table(("STT", "Đơn vị", "Số văn bản quá hạn", "Văn bản (số ngày quá hạn)"), rows, (1.1, 4.5, 2.4, 8.5),
                  numeric=frozenset({0, 2})),
            *([Para(f"Ngoài ra còn {num(more)} đơn vị khác có phần việc quá hạn (xem báo cáo từng văn bản).")]
              if more > 0 else [])]


def _proposal(p: Portfolio, speaker: str, leadership: str) -> str:
    """What the author proposes; a division asks its leadership (`leadership`) to issue the công văn đôn đốc."""
    parts = []
    if p.lagging:
        ask = f"{leadership} ban hành văn bản đôn đốc" if leadership else "đôn đốc"
        parts.append(f"{ask} {num(p.units_lagging)} đơn vị có phần việc quá hạn, trước hết các đơn vị quá hạn ở nhiều "
                     "văn bản nêu tại Mục II")
    if p.failed:
        parts.append(f"kiểm tra lại nguồn dữ liệu của {len(p.failed)} văn bản nêu tại Mục IV")
    if not parts:
        return f"Các đơn vị đang thực hiện đúng tiến độ; {speaker} tiếp tục theo dõi hằng tuần."
    return f"{speaker} đề xuất " + "; ".join(parts) + "."


def _percent(done: int, total: int) -> str:
    return f" ({round(100 * done / total)}%)" if total else ""


def _short(title: str, limit: int = 48) -> str:
    return shortened(text(title), limit)
