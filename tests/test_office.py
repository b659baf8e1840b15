"""The office's week: four directives of different shapes in one workspace (tests/data/office), one command.

Mail goes to a real SMTP server on loopback (aiosmtpd, STARTTLS and AUTH); two weeks race as real
processes; single-tracker runs share the office's ledger through TRACKER_WORKSPACE.
"""

from __future__ import annotations

import email
import email.policy
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from email.message import EmailMessage
from pathlib import Path

import docx
import openpyxl
import pytest
import trustme
from helpers import SampleBooks, assert_golden
from test_reminders import FAST_SERVER, PASSWORD, USER, Smtp, ca, smtp  # noqa: F401  (fixtures used by name)
from test_words import _own_phrases
from typer.testing import CliRunner

from tracker.cli import app
from tracker.definition import load_tracker
from tracker.delivery import Ledger
from tracker.errors import DefinitionError, TrackerError
from tracker.office.identity import resolve
from tracker.office.week import run_week
from tracker.office.workspace import lifecycle, load_entry, load_office
from tracker.sample import build_demo_workbook, load_sample
from tracker.storage.history import History
from tracker.text import vietnamese_key
from tracker.weekly import WORKSPACE_ENV

DATA = Path(__file__).parent / "data" / "office"
AS_OF = date(2026, 6, 19)
ISSUED = date(2026, 6, 22)
"""The day a week's documents are written, read once by the front-end (`today`), not by each document."""
NEW, MONTHLY, MIXED = ("quang-tri-2026-lua-dao-truc-tuyen", "quang-tri-2026-bao-cao-thang-cds",
                       "quang-tri-2026-phong-chong-thien-tai")
OLD = "quang-tri-2023-phong-chong-mua-ban-nguoi"
VINH_HOANG = "vanphong.vinhhoang@example.org"


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory, sample_books: SampleBooks) -> Path:
    """Each directive's source workbook, built once from its sample (the bundled ones shared read-only)."""
    folder = tmp_path_factory.mktemp("office-sources")
    office = load_office(DATA)
    for entry in office.trackers:
        t = load_entry(office, entry)
        out = folder / Path(entry.source).name
        if t.id in (OLD, NEW):
            sample_books.copy(t.id, out)
        else:
            build_demo_workbook(t, out, load_sample(t))
    return folder


@pytest.fixture()
def office_dir(tmp_path: Path, sources: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "office"
    shutil.copytree(DATA, root)
    shutil.copytree(sources, root / "nguon")
    monkeypatch.setenv(WORKSPACE_ENV, str(root))  # single-tracker runs find the office's history and ledger
    return root


@pytest.fixture()
def smtp_env(smtp: Smtp, ca: trustme.CA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Smtp]:  # noqa: F811
    _, settings = smtp
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    for k, v in {"TRACKER_SMTP_HOST": "127.0.0.1", "TRACKER_SMTP_PORT": str(settings.port),
                 "TRACKER_SMTP_SECURITY": "starttls", "TRACKER_SMTP_USER": USER, "TRACKER_SMTP_PASSWORD": PASSWORD,
                 "TRACKER_MAIL_FROM": "theodoi.skhcn@example.org", "SSL_CERT_FILE": str(tmp_path / "ca.pem"),
                 "TRACKER_SMTP_RATE": FAST_SERVER}.items():
        monkeypatch.setenv(k, v)
    yield smtp


def _week(root: Path, *extra: str) -> tuple[int, str]:
    run = CliRunner().invoke(app, ["week", str(root), "--as-of", AS_OF.isoformat(), *extra])
    return run.exit_code, run.output


def _to(inbox_messages: list[EmailMessage], address: str) -> list[EmailMessage]:
    return [m for m in inbox_messages if address in [a.addr_spec for a in m["To"].addresses]]


def _text(msg: EmailMessage) -> str:
    body = msg.get_body(("plain",))
    assert body is not None
    text: str = body.get_content()
    return text.replace("\r\n", "\n")  # as the message was written; SMTP carries CRLF


# --------------------------------------------------------------------------- the week, end to end


@pytest.mark.slow
def test_one_command_runs_the_week_and_a_unit_lagging_in_three_gets_one_email(office_dir: Path,
                                                                              smtp_env: Smtp) -> None:
    inbox, _ = smtp_env
    code, output = _week(office_dir, "--send")
    assert code == 0, output
    assert output.splitlines()[:4] == [
        "[đã kết thúc (lưu trữ)] Cao điểm tuyên truyền phòng, chống mua bán người năm 2023 — tỉnh Quảng Trị",
        "[đã kiểm tra] Tháng hành động phòng, chống lừa đảo trực tuyến năm 2026 — tỉnh Quảng Trị (minh họa): "
        "46/374 phần việc hoàn thành; 31/36 đơn vị quá hạn.",
        "[đã kiểm tra] Báo cáo tháng về chuyển đổi số năm 2026 (thử nghiệm): 0/10 phần việc hoàn thành; "
        "2/5 đơn vị quá hạn.",
        "[đã kiểm tra] Phòng, chống thiên tai mùa mưa bão năm 2026 (thử nghiệm): 8/21 phần việc hoàn thành; "
        "4/7 đơn vị quá hạn."]
    assert output.splitlines()[-1] == ("Đã gửi 33 thư; bỏ qua 0 thư đã gửi trước đó hoặc đang được gửi; gửi lại 0 thư "
                                       "chưa rõ trạng thái; lỗi 0.")
    # one message per unit: no address got two
    to = [a.addr_spec for m in inbox.messages for a in m["To"].addresses]
    assert len(inbox.messages) == 33 and len(to) == len(set(to)) == 35  # two units have two mailboxes
    mine = _to(inbox.messages, VINH_HOANG)
    assert len(mine) == 1
    msg = mine[0]
    assert str(msg["Subject"]) == "V/v nhắc thực hiện 3 văn bản — UBND xã Vĩnh Hoàng"
    assert_golden("office-week-unit.txt", _text(msg))
    # a unit with nothing overdue anywhere gets nothing; the office gets the digest with the Word report
    assert _to(inbox.messages, "vanphong.lethuy@example.org") == []
    (digest,) = _to(inbox.messages, "theodoi.skhcn@example.org")
    assert [(p.get_filename(), p.get_content_type()) for p in digest.iter_attachments()] == [
        ("bao-cao-tinh-hinh-2026-06-19.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    assert "Đơn vị quá hạn ở nhiều văn bản nhất:\n- UBND xã Vĩnh Hoàng: 3 văn bản" in _text(digest)
    # the rerun sends nothing
    before = len(inbox.messages)
    code, output = _week(office_dir, "--send", "--no-documents")
    assert code == 0 and len(inbox.messages) == before
    # what an earlier run sent is said, not counted as nothing (a rerun after a kill said 'bỏ qua 0 thư')
    assert output.splitlines()[-2:] == [
        "Không gửi lại 40 mục đã gửi ở lần chạy trước (mục của một văn bản trong thư gửi một đơn vị, hoặc thư tổng "
        "hợp).",
        "Đã gửi 0 thư; bỏ qua 0 thư đã gửi trước đó hoặc đang được gửi; gửi lại 0 thư chưa rõ trạng thái; lỗi 0."]


def test_each_section_speaks_only_its_own_directives_words(office_dir: Path) -> None:
    """tests/test_words.py's leak check, inside one combined message: each directive's section holds its own
    title and number and none of the phrases only another directive says."""
    week = run_week(office_dir, AS_OF, documents=False)
    msg = next(m for m in week.messages if VINH_HOANG in m.to)
    trackers = {d.result.tracker.id: d.result.tracker for d in week.directives if d.result is not None}
    text = msg.text
    order = sorted(trackers.values(), key=lambda t: text.find(f". {t.title}\n"))
    assert len(msg.sections) == 3 and all(text.find(f". {t.title}\n") > 0 for t in order)
    cuts = [text.index(f". {t.title}\n") for t in order] + [text.index("Đề nghị đơn vị cập nhật")]
    for i, mine in enumerate(order):
        section = text[cuts[i]:cuts[i + 1]].lower()
        own_text = "\n".join(p.lower() for p in _own_phrases(mine)) + "\n" + mine.model_dump_json().lower()
        for other in order:
            if other.id == mine.id:
                continue
            theirs_only = {p for p in _own_phrases(other) if p.lower() not in own_text}
            assert len(theirs_only) >= 3
            assert sorted(p for p in theirs_only if p.lower() in section) == [], (mine.id, other.id)
        assert mine.title.lower() in section and mine.directive.number.lower() in section


def test_a_single_trackers_run_after_the_week_sends_nothing_twice(office_dir: Path, smtp_env: Smtp) -> None:
    inbox, _ = smtp_env
    assert _week(office_dir, "--send", "--no-documents")[0] == 0
    sent = len(inbox.messages)
    book = office_dir / "nguon" / f"{NEW}.xlsx"
    alone = CliRunner().invoke(app, ["remind", NEW, "-s", str(book), "--as-of", AS_OF.isoformat(), "--send"])
    assert alone.exit_code == 0, alone.output
    assert len(inbox.messages) == sent
    assert alone.output.splitlines()[-1].startswith("Đã gửi 0 thư; bỏ qua 32 thư đã gửi trước đó;")  # 31 units and its digest (the fix list went in the week)


def test_the_week_after_a_single_trackers_run_leaves_out_what_it_sent(office_dir: Path, smtp_env: Smtp) -> None:
    inbox, _ = smtp_env
    book = office_dir / "nguon" / f"{NEW}.xlsx"
    alone = CliRunner().invoke(app, ["remind", NEW, "-s", str(book), "--as-of", AS_OF.isoformat(), "--send"])
    assert alone.exit_code == 0, alone.output
    first = len(inbox.messages)
    assert first == 33
    code, output = _week(office_dir, "--send", "--no-documents")
    assert code == 0, output
    later = inbox.messages[first:]
    mine = _to(later, VINH_HOANG)
    assert len(mine) == 1 and str(mine[0]["Subject"]) == "V/v nhắc thực hiện 2 văn bản — UBND xã Vĩnh Hoàng"
    assert "Tháng hành động" not in _text(mine[0])
    # units only that directive chased got nothing more; the digest still covers every directive
    assert _to(later, "vanphong.badon@example.org") == []
    (digest,) = _to(later, "theodoi.skhcn@example.org")
    assert "Tháng hành động phòng, chống lừa đảo trực tuyến năm 2026" in _text(digest)
    assert len(later) == 5  # Cửa Tùng, Vĩnh Hoàng, the two departments, the digest


@pytest.mark.slow
def test_two_weeks_started_at_once_deliver_each_message_once(office_dir: Path, smtp_env: Smtp) -> None:
    inbox, _ = smtp_env
    cmd = [sys.executable, "-m", "tracker.cli", "week", str(office_dir), "--as-of", AS_OF.isoformat(), "--send",
           "--no-documents"]
    runs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ.copy())
            for _ in range(2)]
    outs = [r.communicate(timeout=240) for r in runs]
    assert [r.returncode for r in runs] == [0, 0], outs
    ids = [m["Message-ID"] for m in inbox.messages]
    assert len(ids) == 33 and len(set(ids)) == 33
    lines = sorted(o.splitlines()[-1] for o, _ in outs)
    assert lines[0].startswith("Đã gửi 0 thư;") and lines[1].startswith("Đã gửi 33 thư;")


@pytest.mark.slow
def test_a_week_stopped_by_sigterm_while_sending_says_how_many_went_and_the_rerun_sends_the_rest(
        office_dir: Path, smtp_env: Smtp) -> None:
    # A service stopped (systemd), a `kill` or a scheduler's timeout sends SIGTERM: the run ended without a word,
    # the person left to guess what went out.
    import signal

    from test_interrupt import stopped_at_the_fourth

    inbox, _ = smtp_env
    cmd = [str(Path(sys.executable).with_name("tracker")), "week", str(office_dir), "--as-of", AS_OF.isoformat(),
           "--send", "--no-documents"]
    code, out, errors = stopped_at_the_fourth(inbox, cmd, os.environ.copy(), signal.SIGTERM)
    assert len(inbox.messages) == 3
    log, said = errors.splitlines()[-2:]
    assert (code, out, log) == (143, "", "WARNING tracker.delivery: interrupted after 3 of 33 messages")
    assert said.startswith("Đã dừng (tín hiệu SIGTERM) khi đang gửi: đã gửi 3/33 thư; 30 thư còn lại sẽ được gửi ở "
                           "lần chạy sau (sổ gửi thư đã ghi những thư đã đi: chúng không được gửi lại); thư đang gửi dở (")
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=240, env=os.environ.copy())
    assert again.returncode == 0, again.stderr
    summary = next(line for line in again.stdout.splitlines() if line.startswith("Đã gửi"))
    assert summary.startswith("Đã gửi 29 thư; ") and summary.endswith("; gửi lại 1 thư chưa rõ trạng thái; lỗi 0."), summary
    ids = [m["Message-ID"] for m in inbox.messages]
    assert len(ids) == 33 and len(set(ids)) == 33


def test_two_processes_claiming_one_message_at_once_only_one_gets_it(office_dir: Path, tmp_path: Path) -> None:
    week = run_week(office_dir, AS_OF, documents=False)
    ledger = office_dir / "ledger.sqlite"
    script = tmp_path / "claim.py"
    script.write_text(
        "import pickle, sys, time\n"
        "from tracker.delivery import Ledger\n"
        "from tracker.office.week import OWNER, _alive\n"
        "messages = pickle.load(open(sys.argv[2], 'rb'))\n"
        "while time.time() < float(sys.argv[3]): time.sleep(0.001)\n"
        "with Ledger(sys.argv[1]) as ledger:\n"
        "    won = [m.key for m in messages if not ledger.claim_sections(m, m.sections, OWNER, _alive)]\n"
        "print(len(won), flush=True)\n"
        "time.sleep(3)  # a claimer is alive while it sends: the other must find it so\n", encoding="utf-8")
    import pickle
    import time

    (tmp_path / "m.pickle").write_bytes(pickle.dumps(list(week.messages)))
    start = str(time.time() + 2)
    runs = [subprocess.Popen([sys.executable, str(script), str(ledger), str(tmp_path / "m.pickle"), start],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    won = [int(r.communicate(timeout=120)[0]) for r in runs]
    assert sum(won) == len(week.messages) > 30, won


# --------------------------------------------------------------------------- failures stop nothing, blame nobody


def test_a_directive_that_cannot_be_read_stops_nothing_and_blames_nobody(office_dir: Path) -> None:
    (office_dir / "nguon" / f"{MONTHLY}.xlsx").unlink()
    code, output = _week(office_dir, "--no-documents")
    assert code == 1
    assert ("[KHÔNG KIỂM TRA ĐƯỢC] Báo cáo tháng về chuyển đổi số năm 2026 (thử nghiệm): Không kiểm tra được văn bản "
            "“Báo cáo tháng về chuyển đổi số năm 2026 (thử nghiệm)” tuần này: không tìm thấy hoặc không đọc được nguồn "
            "“nguon/quang-tri-2026-bao-cao-thang-cds.xlsx”") in output
    week = run_week(office_dir, AS_OF, documents=False)
    assert [d.id for d in week.directives if d.result is not None] == [NEW, MIXED]
    assert all("Báo cáo tháng về chuyển đổi số" not in m.text for m in week.messages if m.level != "digest")
    vinh_hoang = next(m for m in week.messages if VINH_HOANG in m.to)
    assert len(vinh_hoang.sections) == 2


def test_a_source_with_far_fewer_sheets_than_last_time_is_not_stored_and_blames_nobody(office_dir: Path) -> None:
    run_week(office_dir, AS_OF, documents=False)
    book = office_dir / "nguon" / f"{NEW}.xlsx"
    wb = openpyxl.load_workbook(book)
    for name in wb.sheetnames[5:]:
        del wb[name]
    wb.save(book)
    week = run_week(office_dir, date(2026, 6, 26), documents=False)
    failed = next(d for d in week.directives if d.id == NEW)
    assert failed.result is None and failed.failure is not None
    assert failed.failure.code == "office-source-shrunk"
    assert "chỉ có 4/36 trang tính của đơn vị, lần kiểm tra trước có 36" in failed.failure.message
    with History(office_dir / NEW / "history.sqlite") as h:
        assert [c.as_of for c in h.checks(NEW)] == ["2026-06-19"]
    assert not any(s.tracker == NEW for m in week.messages for s in m.sections)


def test_a_finished_directive_is_archived_with_its_history_and_report_kept(office_dir: Path) -> None:
    early = run_week(office_dir, date(2023, 8, 18), documents=False)
    assert {d.id: d.stage for d in early.directives} == {OLD: "active", NEW: "upcoming", MONTHLY: "upcoming",
                                                          MIXED: "upcoming"}
    assert early.results and early.results[0].tracker.id == OLD
    week = run_week(office_dir, AS_OF, documents=False)
    old = next(d for d in week.directives if d.id == OLD)
    assert (old.stage, old.result, old.last_check) == ("archived", None, "2023-08-18")
    assert old.reports and old.reports["html"] == f"{OLD}/report/report.html"
    page = week.files["html"].read_text(encoding="utf-8")
    assert f'href="../{OLD}/report/report.html">báo cáo lần cuối</a>' in page


# --------------------------------------------------------------------------- office.yaml and the lifecycle


def test_every_mistake_in_office_yaml_is_named_with_its_line(tmp_path: Path) -> None:
    text = (DATA / "office.yaml").read_text(encoding="utf-8")
    text = text.replace("grace_days: 14", "grace_day: 14").replace("https://theodoi", "ftp://theodoi")
    text = text.replace("quang-tri-2026-phong-chong-thien-tai/so-vhttdl", "so-vhttdl")
    (tmp_path / "office.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_office(tmp_path)
    assert [str(p).removeprefix(str(tmp_path) + "/") for p in caught.value.problems] == [
        "office.yaml:18: grace_day: unknown field 'grace_day': did you mean 'grace_days'? (see docs/tracker-format.md)",
        "office.yaml:19: pages_url: must be an http:// or https:// link",
        "office.yaml:31: same_units[0][1]: 'so-vhttdl' is not TRACKER-ID/UNIT-ID, for example "
        "quang-tri-2026-lua-dao-truc-tuyen/xa-cua-tung",
    ]
    run = CliRunner().invoke(app, ["week", str(tmp_path)])
    assert run.exit_code == 2 and "Traceback" not in run.output


def test_a_directive_is_active_from_its_start_to_its_last_deadline_and_the_grace_days() -> None:
    office = load_office(DATA)
    entry = office.trackers[1]
    t = load_entry(office, entry)  # campaign 06/05–10/07/2026, its last deadline 10/07, 14 days' grace
    stages = {day: lifecycle(office, entry, t, day).stage
              for day in (date(2026, 5, 5), date(2026, 5, 6), date(2026, 7, 24), date(2026, 7, 25))}
    assert stages == {date(2026, 5, 5): "upcoming", date(2026, 5, 6): "active", date(2026, 7, 24): "active",
                      date(2026, 7, 25): "archived"}


# --------------------------------------------------------------------------- one unit across directives


def _tracker_with(units: list[dict[str, object]], tracker_id: str) -> object:
    base = load_tracker(Path(__file__).parent / "data" / "trackers" / "xa-mau.yaml")
    from tracker.definition import Unit

    return base.model_copy(update={"id": tracker_id, "units": [Unit.model_validate(u) for u in units]})


def test_units_are_one_by_code_then_address_then_same_units_and_ambiguity_is_never_a_guess() -> None:
    from tracker.definition import Tracker

    a = _tracker_with([{"id": "xa-a", "name": "UBND xã A", "sheet": "A", "code": "1", "contacts": ["a@x.org"]},
                       {"id": "so-b", "name": "Sở B", "sheet": "B", "contacts": ["b@x.org"]},
                       {"id": "so-c", "name": "Sở C", "sheet": "C", "contacts": ["c@x.org"]},
                       {"id": "xa-d", "name": "Xã D", "sheet": "D", "code": "4", "contacts": ["chung@x.org"]},
                       {"id": "xa-e", "name": "Xã E", "sheet": "E", "code": "5", "contacts": ["chung@x.org"]},
                       {"id": "xa-g", "name": "Xã G", "sheet": "G", "code": "7", "contacts": ["g@x.org"]}], "a")
    b = _tracker_with([{"id": "a", "name": "Xã A", "sheet": "A", "code": "1", "contacts": ["khac@x.org"]},
                       {"id": "b", "name": "Sở B (văn phòng)", "sheet": "B", "contacts": ["b@x.org"]},
                       {"id": "c", "name": "Sở C", "sheet": "C", "contacts": ["c2@x.org"]},
                       {"id": "g1", "name": "Xã G", "sheet": "G1", "contacts": ["g@x.org"]},
                       {"id": "g2", "name": "Xã G (cũ)", "sheet": "G2", "contacts": ["g@x.org"]}], "b")
    assert isinstance(a, Tracker) and isinstance(b, Tracker)
    found = resolve([a, b], [["a/so-c", "b/c"]])
    groups = sorted(sorted(f"{t}/{u}" for t, u in x.members) for x in found.units)
    assert groups == [["a/so-b", "b/b"], ["a/so-c", "b/c"], ["a/xa-a", "b/a"], ["a/xa-d"], ["a/xa-e"], ["a/xa-g"],
                      ["b/g1"], ["b/g2"]]
    assert found.key_of("b", "a") == "ma-1"
    assert [(p.code, p.severity) for p in found.problems] == [
        ("office-unit-ambiguous", "error"), ("office-unit-ambiguous", "error"), ("office-unit-same-name", "warning")]
    assert found.problems[0].message == (
        "Không xác định được đơn vị: Xã D (a/xa-d); Xã E (a/xa-e) được nối với nhau qua địa chỉ chung@x.org nhưng "
        "các mã đơn vị khác nhau (4, 5). Mỗi đơn vị vẫn nhận thư riêng cho từng văn bản cho đến khi sửa mã đơn vị, "
        "địa chỉ thư điện tử hoặc mục same_units trong office.yaml.")
    assert "văn bản b có nhiều đơn vị trong nhóm" in found.problems[1].message


def test_same_name_with_different_codes_is_shown_to_the_office() -> None:
    a = _tracker_with([{"id": "x", "name": "UBND xã Hòa", "sheet": "X", "code": "11", "contacts": ["x@x.org"]}], "a")
    b = _tracker_with([{"id": "y", "name": "Xã Hòa", "sheet": "Y", "code": "12", "contacts": ["y@x.org"]}], "b")
    found = resolve([a, b])  # type: ignore[list-item]
    assert len(found.units) == 2
    assert [p.message for p in found.problems] == [
        "“UBND xã Hòa” có trong nhiều văn bản (a/x, b/y) nhưng không được coi là một đơn vị (mã khác nhau: 11, 12). "
        "Nếu là một đơn vị, hãy ghi cùng mã, cùng địa chỉ thư hoặc thêm vào same_units trong office.yaml."]


def test_one_unit_named_as_two_places_in_two_directives_is_shown_to_the_office() -> None:
    """A code typed for the neighbour merged two communes' messages, each getting the other's sections, without a word;
    the same commune written two ways ('UBND xã Cam Lộ', 'Xã Cam Lộ') is said nothing of."""
    a = _tracker_with([{"id": "cam-lo", "name": "UBND xã Cam Lộ", "sheet": "A", "code": "19", "contacts": ["a@x.org"]},
                       {"id": "hoa", "name": "UBND xã Hòa", "sheet": "H", "code": "30", "contacts": ["h@x.org"]}], "a")
    b = _tracker_with([{"id": "gio-linh", "name": "Xã Gio Linh", "sheet": "B", "code": "19", "contacts": ["b@x.org"]},
                       {"id": "hoa", "name": "Ủy ban nhân dân X. Hòa", "sheet": "H", "code": "30",
                        "contacts": ["h2@x.org"]}], "b")
    found = resolve([a, b])  # type: ignore[list-item]
    assert [sorted(f"{t}/{x}" for t, x in u.members) for u in found.units] == [["a/cam-lo", "b/gio-linh"],
                                                                              ["a/hoa", "b/hoa"]]
    assert [(p.code, p.severity, p.message) for p in found.problems] == [(
        "office-unit-names-differ", "warning",
        "Các văn bản coi là một đơn vị (mã 19) những đơn vị mang tên khác nhau: UBND xã Cam Lộ (a/cam-lo); Xã Gio Linh "
        "(b/gio-linh). Thư gửi đơn vị này gộp mục của các văn bản đó; nếu thật ra là hai đơn vị (ghi nhầm mã hoặc địa "
        "chỉ thư), hãy sửa ở văn bản ghi sai.")]


def test_a_single_trackers_ledger_in_the_office_is_taken_in_before_the_first_week(office_dir: Path) -> None:
    week = run_week(office_dir, AS_OF, documents=False)
    some = next(m for m in week.messages if VINH_HOANG in m.to).sections[0]
    (office_dir / "ledger.sqlite").unlink()
    own = office_dir / some.tracker / "ledger.sqlite"
    with Ledger(own) as ledger:
        ledger.mark(some, "sent")
    again = run_week(office_dir, AS_OF, documents=False)
    mine = next(m for m in again.messages if VINH_HOANG in m.to)
    assert some.key not in [s.key for s in mine.sections] and len(mine.sections) == 2


# --------------------------------------------------------------------------- the picture, rendered

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SOFFICE = shutil.which("soffice")
PHONE = ('<style>html{width:390px}</style><script>window.addEventListener("load", () => {'
         'const r = Math.max(...[...document.querySelectorAll("body *")].map(e => e.getBoundingClientRect().right));'
         'document.body.setAttribute("data-right", Math.ceil(r)); });</script>')


@pytest.fixture(scope="module")
def pictured(sources: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A week of the test office, for its page, units' pages and Word report."""
    root = tmp_path_factory.mktemp("pictured") / "office"
    shutil.copytree(DATA, root)
    shutil.copytree(sources, root / "nguon")
    return run_week(root, AS_OF, documents=False).files["html"].parent


def test_the_portfolio_page_says_what_the_leadership_asks(pictured: Path) -> None:
    page = (pictured / "tong-hop.html").read_text(encoding="utf-8")
    assert "Hoàn thành <b>8/21</b> (38%): đúng hạn 8, muộn 0; quá hạn <b class=\"err\">9</b> phần việc ở <b>4/7</b>" in page
    assert "<li><b>UBND xã Vĩnh Hoàng</b>:" in page and page.count("<svg class=\"bar\"") == 3
    assert "Cao điểm tuyên truyền phòng, chống mua bán người năm 2023 — tỉnh Quảng Trị — đã kết thúc (lưu trữ)" in page
    unit = (pictured / "don-vi" / "ma-19372.html").read_text(encoding="utf-8")
    assert [t in unit for t in ("Báo cáo tháng về chuyển đổi số", "Phòng, chống thiên tai", "Tháng hành động")] == [
        True, True, True]
    assert 'href="../../quang-tri-2026-phong-chong-thien-tai/report/units/xa-vinh-hoang.html"' in unit


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed: the phone-width check needs it")
@pytest.mark.parametrize("page", ["tong-hop.html", "don-vi/ma-19372.html", "don-vi/ma-19414.html"])
def test_pages_fit_a_phone_390_px_wide_without_sideways_scrolling(pictured: Path, page: str, tmp_path: Path) -> None:
    html = (pictured / page).read_text(encoding="utf-8").replace("</head>", PHONE + "</head>", 1)
    probe = (pictured / page).with_name("probe-" + Path(page).name)
    probe.write_text(html, encoding="utf-8")
    dom = subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--window-size=390,800",
                          "--virtual-time-budget=3000", f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
                          probe.as_uri()], capture_output=True, text=True, timeout=120).stdout
    probe.unlink()
    right = int(dom.split('data-right="', 1)[1].split('"', 1)[0])
    assert 300 < right <= 390


@pytest.mark.skipif(SOFFICE is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice (soffice) or poppler-utils (pdftotext) is not installed")
def test_the_word_report_renders_in_the_decree_30_layout(pictured: Path, tmp_path: Path) -> None:
    docx = pictured / "bao-cao-tinh-hinh-2026-06-19.docx"
    subprocess.run([str(SOFFICE), f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(docx)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / (docx.stem + ".pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "595.304 x 841.89 pts (A4)" in info
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
    for words in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "BÁO CÁO Tình hình thực hiện các văn bản",
                  "(tính đến ngày 19/06/2026)", "I. TÌNH HÌNH CHUNG", "Phần việc đã hoàn thành: 54/405 (13%).",
                  "II. CÁC ĐƠN VỊ QUÁ HẠN Ở NHIỀU VĂN BẢN NHẤT", "UBND xã Vĩnh Hoàng 3", "Lưu: CĐS.", "Phạm Minh Tuấn"):
        assert words in text, words


def test_a_directive_whose_definition_does_not_load_is_reported_and_the_others_run(office_dir: Path) -> None:
    text = (office_dir / "office.yaml").read_text(encoding="utf-8")
    (office_dir / "office.yaml").write_text(text.replace("trackers/bao-cao-thang.yaml", "trackers/khong-co.yaml"),
                                            encoding="utf-8")
    week = run_week(office_dir, AS_OF, documents=False)
    failed = next(d for d in week.directives if d.failure is not None)
    assert (failed.id, failed.tracker, failed.failure.code if failed.failure else None) == (
        "trackers/khong-co.yaml", None, "office-tracker-failed")
    assert [d.id for d in week.directives if d.result is not None] == [NEW, MIXED]
    page = week.files["html"].read_text(encoding="utf-8")
    assert "Không kiểm tra được văn bản “trackers/khong-co.yaml” tuần này: định nghĩa có 1 lỗi" in page
    assert "không đọc được tệp" in page and "cannot read" not in page  # the office reads Vietnamese


def test_the_final_report_is_written_once_the_week_after_the_campaigns_end(sample_books: SampleBooks,
                                                                         tmp_path: Path) -> None:
    from tracker.check import check
    from tracker.office.week import _documents
    from tracker.sources import XlsxSource

    sample = sample_books[OLD]
    during = check(sample.tracker, XlsxSource([sample.path]), sample.as_of)
    assert sorted(_documents(during, tmp_path, ISSUED)) == ["reminder_letter", "weekly"]
    after = check(sample.tracker, XlsxSource([sample.path]), date(2023, 10, 6))
    assert sorted(_documents(after, tmp_path, ISSUED)) == ["final", "reminder_letter", "weekly"]
    assert sorted(_documents(after, tmp_path, ISSUED)) == ["reminder_letter", "weekly"]
    assert [p.name for p in tmp_path.glob("bao-cao-ket-qua-*.docx")] == ["bao-cao-ket-qua-2023-10-06.docx"]
    from docx import Document

    header = Document(str(next(tmp_path.glob("bao-cao-ket-qua-*.docx")))).tables[0]
    # The place-and-date line carries the month and year of the day given (the day is the signer's), whatever day
    # the test runs.
    assert [c.text for r in header.rows for c in r.cells if "năm" in c.text] == ["Quảng Trị, ngày      tháng 6 năm 2026"]


def test_no_final_report_on_the_last_deadline_day_itself(sample_books: SampleBooks, tmp_path: Path) -> None:
    """The 2026 plan ends on Friday 10/07/2026, the day its summary report (7c) is due: the week checked that day had
    written the final report to the province, with 7c "đang thực hiện trong hạn" for all 36 units, and no later week
    wrote it again. It waits for the first check after the last deadline."""
    from tracker.check import check
    from tracker.office.week import _documents
    from tracker.sources import XlsxSource

    sample = sample_books[NEW]
    assert sample.tracker.campaign.end == date(2026, 7, 10)
    last_day = check(sample.tracker, XlsxSource([sample.path]), date(2026, 7, 10))
    assert sorted(_documents(last_day, tmp_path, ISSUED)) == ["reminder_letter", "weekly"]
    after = check(sample.tracker, XlsxSource([sample.path]), date(2026, 7, 17))
    assert sorted(_documents(after, tmp_path, ISSUED)) == ["final", "reminder_letter", "weekly"]
    assert [p.name for p in tmp_path.glob("bao-cao-ket-qua-*.docx")] == ["bao-cao-ket-qua-2026-07-17.docx"]


def test_with_no_grace_days_the_last_deadline_days_check_writes_the_final_report(sample_books: SampleBooks,
                                                                                tmp_path: Path) -> None:
    """With `grace_days: 0` the check of the last deadline day is the directive's last: the day after it is archived
    and never checked, so that check writes the final report rather than none at all."""
    from tracker.check import check
    from tracker.office.week import _documents
    from tracker.sources import XlsxSource

    sample = sample_books[NEW]
    last_day = check(sample.tracker, XlsxSource([sample.path]), date(2026, 7, 10))
    assert sorted(_documents(last_day, tmp_path, ISSUED, last_check=True)) == ["final", "reminder_letter", "weekly"]


def test_week_demo_writes_a_sample_office_and_runs_its_week(tmp_path: Path) -> None:
    run = CliRunner().invoke(app, ["week", str(tmp_path / "co-quan"), "--demo", "--no-documents"])
    assert run.exit_code == 0, run.output
    week = tmp_path / "co-quan" / "tuan-2026-06-19"
    assert run.output.splitlines()[:2] == [
        "[đã kết thúc (lưu trữ)] Cao điểm tuyên truyền phòng, chống mua bán người năm 2023 — tỉnh Quảng Trị",
        "[đã kiểm tra] Tháng hành động phòng, chống lừa đảo trực tuyến năm 2026 — tỉnh Quảng Trị (minh họa): "
        "46/374 phần việc hoàn thành; 31/36 đơn vị quá hạn."]
    assert f"Chạy thử: 33 thư được ghi vào {week / 'outbox'} (không gửi)." in run.output
    assert len(list((week / "outbox").glob("*.eml"))) == 33


def test_a_demo_office_interrupted_while_its_sample_is_built_leaves_no_blank_sample_to_be_reused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.office.demo import demo_office

    real = openpyxl.load_workbook

    def interrupted(*args: object, **kwargs: object) -> object:
        raise KeyboardInterrupt  # Ctrl-C between the blank template and the filled sample

    monkeypatch.setattr(openpyxl, "load_workbook", interrupted)
    with pytest.raises(KeyboardInterrupt):
        demo_office(tmp_path)
    assert sorted(p.name for p in (tmp_path / "nguon").iterdir()) == []  # no blank sample, no temporary file
    monkeypatch.setattr(openpyxl, "load_workbook", real)
    folder, _ = demo_office(tmp_path)
    for source in sorted((folder / "nguon").glob("*.xlsx")):
        wb = openpyxl.load_workbook(source, read_only=True)
        filled = sum(1 for ws in wb.worksheets for row in ws.iter_rows(min_row=8, values_only=True) if any(row))
        assert filled > 10, source.name  # the sample's rows, not the blank template


def test_a_week_for_a_folder_without_an_office_says_how_to_make_one(tmp_path: Path) -> None:
    for where in (tmp_path / "khong-co", tmp_path):  # no such folder; a folder without office.yaml
        run = CliRunner().invoke(app, ["week", str(where)])
        assert run.exit_code == 1, run.output
        assert "chưa có cơ quan ở đây" in run.output and "--demo" in run.output
        assert "định nghĩa tracker" not in run.output and "Errno" not in run.output


def test_the_office_sets_its_mail_servers_pace_else_the_slowest_tracker_does(office_dir: Path) -> None:
    from dataclasses import replace

    from tracker.office.week import send_rate

    week = run_week(office_dir, AS_OF, documents=False)
    assert send_rate(week) == 6000  # office.yaml's rate_per_minute
    unset = replace(week, office=week.office.model_copy(update={"rate_per_minute": None}))
    assert send_rate(unset) == min(r.tracker.reminders.rate_per_minute for r in week.results) == 60


def test_a_weeks_message_the_server_refuses_is_said_in_vietnamese_with_its_reason(office_dir: Path,
                                                                                    smtp_env: Smtp) -> None:
    # `tracker week --send` printed "FAILED <key>: <English reason>" where `remind` says it in Vietnamese.
    inbox, _ = smtp_env
    inbox.refuse.add(VINH_HOANG)
    code, output = _week(office_dir, "--send", "--no-documents")
    refused = [line for line in output.splitlines() if VINH_HOANG in line or "LỖI" in line]
    assert code == 1 and "FAILED" not in output and "held (" not in output
    assert len(refused) == 1 and refused[0].startswith("  LỖI ") and "550" in refused[0], refused
    assert output.splitlines()[-2].endswith("lỗi 1.")


@pytest.mark.parametrize(("typed", "why"), [
    ("2099-06-19", "ở sau hôm nay (22/06/2026) hơn 7 ngày"),
    ("0001-01-01", "ở trước ngày bắt đầu sớm nhất (01/07/2023) hơn một năm"),
])
def test_a_week_dated_a_wrong_year_with_no_directive_running_writes_and_sends_nothing(
        office_dir: Path, typed: str, why: str) -> None:
    """0099 or 2099 for 2026: every directive not running, the week wrote its folder and a digest of nothing."""
    day = date.fromisoformat(typed)
    with pytest.raises(TrackerError) as caught:
        run_week(office_dir, day, documents=False, today=ISSUED, outbox=office_dir / "ob")
    assert caught.value.vi == (f"ngày {day.day:02d}/{day.month:02d}/{day.year:04d} không có công văn nào của cơ quan "
                               f"đang theo dõi, và {why}: kiểm tra lại năm. Chưa ghi báo cáo, chưa soạn hay gửi thư "
                               "nào.")
    assert not list(office_dir.glob("tuan-*")) and not (office_dir / "ob").exists()


def test_an_office_source_written_from_the_home_folder_is_found_there(office_dir: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """`source: ~/nguon/…` in office.yaml, as a person writes it: a scheduler never expands `~` for us."""
    monkeypatch.setenv("HOME", str(office_dir))
    yaml_file = office_dir / "office.yaml"
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8").replace(
        f"source: nguon/{NEW}.xlsx", f"source: ~/nguon/{NEW}.xlsx"), encoding="utf-8")
    office = load_office(office_dir)
    entry = next(e for e in office.trackers if load_entry(office, e).id == NEW)
    assert entry.source == f"~/nguon/{NEW}.xlsx"
    assert office.source_of(entry) == str(office_dir / "nguon" / f"{NEW}.xlsx")


def test_the_word_report_is_the_division_reporting_to_its_leadership_under_one_place_name(pictured: Path) -> None:
    """The office's week report goes from the division (office.office) to the office's leadership, as a directive's
    weekly report does: not the Sở to 'Lãnh đạo Sở' signed by its own deputy director; the letterhead names the
    province once ('UBND TỈNH QUẢNG TRỊ' over 'SỞ KHOA HỌC VÀ CÔNG NGHỆ', not '… TỈNH QUẢNG TRỊ' twice)."""
    doc = docx.Document(str(pictured / "bao-cao-tinh-hinh-2026-06-19.docx"))
    head = doc.tables[0]
    assert head.rows[0].cells[0].text == "SỞ KHOA HỌC\nVÀ CÔNG NGHỆ\nPHÒNG CHUYỂN ĐỔI SỐ\nVÀ AN TOÀN THÔNG TIN\n"
    assert head.rows[1].cells[0].text == "Số:      /BC-CĐS"
    paragraphs = [p.text for p in doc.paragraphs]
    assert "Kính gửi: Lãnh đạo Sở" in paragraphs
    assert paragraphs[paragraphs.index("I. TÌNH HÌNH CHUNG") - 1] == (
        "Phòng Chuyển đổi số và An toàn thông tin theo dõi 4 văn bản; tuần này kiểm tra 3 văn bản đang trong thời gian "
        "thực hiện. Tính đến ngày 19/06/2026, kết quả như sau:")
    assert paragraphs[paragraphs.index("V. ĐỀ XUẤT") + 1:paragraphs.index("V. ĐỀ XUẤT") + 3] == [
        "Phòng Chuyển đổi số và An toàn thông tin đề xuất Lãnh đạo Sở ban hành văn bản đôn đốc 31 đơn vị có phần việc "
        "quá hạn, trước hết các đơn vị quá hạn ở nhiều văn bản nêu tại Mục II.",
        "Trên đây là báo cáo tình hình thực hiện các văn bản, Phòng Chuyển đổi số và An toàn thông tin kính báo cáo "
        "Lãnh đạo Sở./."]
    assert [c.text for c in doc.tables[-1].rows[0].cells] == ["Nơi nhận:\n- Như trên;\n- Lưu: CĐS.",
                                                             "TRƯỞNG PHÒNG\n\nPhạm Minh Tuấn"]


def test_units_tied_in_the_leaderships_list_are_in_vietnamese_alphabetical_order(pictured: Path) -> None:
    """Đ is the letter after D, not after Z: 'UBND phường Đồng Sơn' comes before 'UBND phường Quảng Trị' (the list
    shows the first ten, so the order also decides who is named)."""
    names = ["UBND xã Đakrông", "UBND phường Quảng Trị", "UBND phường Đồng Sơn", "UBND xã Dân Hóa", "Sở Y tế",
             "UBND phường Đông Hà", "UBND phường Bắc Gianh", "UBND phường Ba Đồn", "UBND xã Ân Hảo", "UBND xã Ấp Bắc",
             "UBND xã Cửa Việt", "UBND xã Cam Lộ", "UBND phường Đồng Thuận", "UBND xã Ea Kar", "UBND xã Ê Rông"]
    assert sorted(names, key=vietnamese_key) == [
        "Sở Y tế", "UBND phường Ba Đồn", "UBND phường Bắc Gianh", "UBND phường Đông Hà", "UBND phường Đồng Sơn",
        "UBND phường Đồng Thuận", "UBND phường Quảng Trị", "UBND xã Ân Hảo", "UBND xã Ấp Bắc", "UBND xã Cam Lộ",
        "UBND xã Cửa Việt", "UBND xã Dân Hóa", "UBND xã Đakrông", "UBND xã Ea Kar", "UBND xã Ê Rông"]
    portfolio = json.loads((pictured / "portfolio.json").read_text(encoding="utf-8"))
    groups: dict[tuple[int, int], list[str]] = {}
    for u in portfolio["lagging"]:
        groups.setdefault((len(u["directives"]), max(d["days_overdue"] for d in u["directives"])), []).append(u["name"])
    assert any(len(g) > 1 for g in groups.values())  # some units tie, so their order is the names'
    assert [g for g in groups.values() if g != sorted(g, key=vietnamese_key)] == []


def test_a_message_about_one_directive_has_one_blank_line_after_its_addressee(office_dir: Path) -> None:
    week = run_week(office_dir, AS_OF, documents=False)
    msg = next(m for m in week.messages if "vanphong.dongthuan@example.org" in m.to)
    assert len(msg.sections) == 1
    assert msg.text.split("\n")[5:8] == [
        "Kính gửi: UBND phường Đồng Thuận.", "",
        "Thực hiện Kế hoạch số 128/KH-UBND ngày 06/5/2026 của Ủy ban nhân dân tỉnh Quảng Trị về tổ chức “Tháng hành "
        "động phòng, chống lừa đảo trực tuyến và bảo đảm an toàn thông tin trên không gian mạng” năm 2026, qua kiểm tra "
        "số liệu đơn vị cập nhật đến ngày 19/06/2026, đơn vị đã hoàn thành 0/11 phần việc; còn 5 phần việc quá hạn."]


def test_the_word_report_names_the_directives_not_checked_this_week_as_the_page_does(pictured: Path) -> None:
    """The page lists the archived directive under 'Văn bản không kiểm tra tuần này'; the Word report said 'Không có.'"""
    paragraphs = [p.text for p in docx.Document(str(pictured / "bao-cao-tinh-hinh-2026-06-19.docx")).paragraphs]
    start = paragraphs.index("IV. VĂN BẢN KHÔNG KIỂM TRA TUẦN NÀY VÀ VẤN ĐỀ CẦN XEM")
    assert paragraphs[start + 1:paragraphs.index("V. ĐỀ XUẤT")] == [
        "- Cao điểm tuyên truyền phòng, chống mua bán người năm 2023 — tỉnh Quảng Trị: đã kết thúc (lưu trữ), hạn cuối "
        "30/09/2023."]


def test_the_word_reports_chart_shortens_a_title_at_the_end_of_a_phrase_never_inside_a_word(pictured: Path) -> None:
    """The chart's labels read 'Báo cáo tháng về chuyển đổi số năm 2026 (thử ng…' and '… năm 2026 (th…'."""
    doc = docx.Document(str(pictured / "bao-cao-tinh-hinh-2026-06-19.docx"))
    chart = next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("Tháng hành động"))
    assert [r.cells[0].text for r in chart.rows if r.cells[0].text] == [
        "Tháng hành động phòng, chống lừa đảo trực tuyến…", "Báo cáo tháng về chuyển đổi số năm 2026…",
        "Phòng, chống thiên tai mùa mưa bão năm 2026…"]


@pytest.mark.slow
def test_a_second_directive_with_the_id_of_another_is_not_checked_and_the_first_runs_alone(office_dir: Path) -> None:
    # A tracker YAML copied for a new directive with its id left as it was: the two would share one folder, one
    # history and one key per reminder in the ledger (the second's section taken for the first's, or its report
    # written over the first's).
    copy = (office_dir / "trackers" / "thien-tai.yaml").read_text(encoding="utf-8")
    (office_dir / "trackers" / "ban-sao.yaml").write_text(copy.replace("title: ", "title: Bản sao — ", 1), encoding="utf-8")
    text = (office_dir / "office.yaml").read_text(encoding="utf-8")
    (office_dir / "office.yaml").write_text(text.replace("# The culture department", "  - tracker: trackers/ban-sao.yaml\n"
                                                         "    source: nguon/quang-tri-2026-phong-chong-thien-tai.xlsx\n"
                                                         "# The culture department", 1), encoding="utf-8")
    week = run_week(office_dir, AS_OF, documents=False)
    failed = next(d for d in week.directives if d.failure is not None)
    assert (failed.id, failed.failure.code if failed.failure else None) == ("trackers/ban-sao.yaml", "office-tracker-failed")
    assert [d.id for d in week.directives if d.result is not None] == [NEW, MONTHLY, MIXED]
    page = week.files["html"].read_text(encoding="utf-8")
    assert (f"Không kiểm tra được văn bản “trackers/ban-sao.yaml” tuần này: có cùng mã “{MIXED}” với văn bản "
            "“trackers/thien-tai.yaml”; mỗi văn bản cần một mã (id) riêng vì thư mục, lịch sử và sổ gửi thư theo mã") in page
    assert week.messages and all("Bản sao —" not in m.text for m in week.messages)


def test_mistakes_in_office_yamls_list_of_trackers_and_same_units_are_said_in_vietnamese(tmp_path: Path) -> None:
    text = (DATA / "office.yaml").read_text(encoding="utf-8")
    text = text.replace("same_units:\n", "  - tracker: trackers/thien-tai.yaml\n    source: nguon/khac.xlsx\nsame_units:\n"
                        "  - [quang-tri-2026-lua-dao-truc-tuyen/xa-cua-tung]\n  - [a/b, khong-co-gach]\n", 1)
    (tmp_path / "office.yaml").write_text(text, encoding="utf-8")
    run = CliRunner().invoke(app, ["week", str(tmp_path)])
    assert run.exit_code == 2
    assert [line.removeprefix(f"  {tmp_path}/") for line in run.output.splitlines()[1:]] == [
        "office.yaml:33: same_units[0]: mỗi mục ghi ít nhất hai đơn vị, ví dụ [tracker-a/so-gd, tracker-b/so-giao-duc]",
        "office.yaml:34: same_units[1][1]: 'khong-co-gach' không có dạng MÃ-VĂN-BẢN/MÃ-ĐƠN-VỊ, ví dụ "
        "quang-tri-2026-lua-dao-truc-tuyen/xa-cua-tung",
    ]
    (tmp_path / "office.yaml").write_text(text.replace("  - [quang-tri-2026-lua-dao-truc-tuyen/xa-cua-tung]\n  - [a/b, "
                                                       "khong-co-gach]\n", ""), encoding="utf-8")
    run = CliRunner().invoke(app, ["week", str(tmp_path)])
    assert run.exit_code == 2
    assert [line.removeprefix(f"  {tmp_path}/") for line in run.output.splitlines()[1:]] == [
        "office.yaml:30: trackers[4].tracker: 'trackers/thien-tai.yaml' được ghi hai lần (cả ở trackers[3])"]


@pytest.mark.parametrize(("edits", "said", "addressee"), [
    ([], [], "Lãnh đạo Sở"),
    ([("  office_signer: Phạm Minh Tuấn  # a made-up name\n", "")],
     ["chưa có `office.office_signer`: báo cáo tình hình của phòng gửi lãnh đạo sẽ để trống tên người ký"], "Lãnh đạo Sở"),
    ([("  office: Phòng Chuyển đổi số và An toàn thông tin\n", ""), ("  parent: UBND tỉnh Quảng Trị\n", ""),
      ("  signer: Lê Thị Hạnh  # a made-up name\n", "")],
     ["chưa có `office.signer`: báo cáo tình hình sẽ để trống phần người ký"], "Lãnh đạo Sở"),
    ([("  office: Phòng Chuyển đổi số và An toàn thông tin\n", "")], [], "UBND tỉnh Quảng Trị"),
])
def test_the_office_report_is_never_addressed_to_nobody_and_a_missing_signer_is_said(
        edits: list[tuple[str, str]], said: list[str], addressee: str, tmp_path: Path) -> None:
    """An office.yaml naming neither a division nor the body above printed "Kính gửi:" followed by nothing; one whose
    division has no head named printed "TRƯỞNG PHÒNG" over no name, with nothing said before it was printed."""
    from tracker.documents.content import division_author, office_author, unsigned_report

    text = (DATA / "office.yaml").read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    shutil.copytree(DATA, tmp_path / "office")
    (tmp_path / "office" / "office.yaml").write_text(text, encoding="utf-8")
    o = load_office(tmp_path / "office").office
    assert unsigned_report(o) == said
    assert (division_author(o) if o.office else office_author(o)).addressees == (addressee,)


def test_a_part_whose_id_is_no_number_is_printed_by_its_title_alone(office_dir: Path) -> None:
    """The monthly directive's parts are 'bc-thang' and 'tin-thang': keys for the YAML, not numbering. Its Word
    documents, e-mails and pages printed "bc-thang. Báo cáo tháng …" as if it were "1a."; a numbered part keeps its
    number ("1a. Ban hành …")."""
    from test_documents import body_text

    code, output = _week(office_dir)
    assert code == 0, output
    week = office_dir / f"tuan-{AS_OF.isoformat()}"
    read = {path: body_text(docx.Document(str(path))) for path in (office_dir / MONTHLY / "van-ban").glob("*.docx")}
    read |= {path: path.read_text(encoding="utf-8") for path in [*(office_dir / MONTHLY / "report").rglob("*.html"),
                                                                  *(week / "don-vi").glob("*.html")]}
    read |= {path: _text(email.message_from_bytes(path.read_bytes(), policy=email.policy.default))
             for path in (week / "outbox").glob("*.eml")}
    assert len(read) > 10
    for slug in ("bc-thang", "tin-thang"):
        shown = [(path.name, line) for path, text in read.items() for line in text.splitlines()
                 if f"{slug}." in line or f"<b>{slug}</b>" in line or f"phần việc {slug}" in line
                 or f"{slug} (" in line]
        assert shown == []
    weekly = read[office_dir / MONTHLY / "van-ban" / f"bao-cao-tien-do-{AS_OF.isoformat()}.docx"]
    assert "\nBáo cáo tháng (trước ngày 25)\n" in weekly
    numbered = body_text(docx.Document(str(office_dir / NEW / "van-ban" / f"bao-cao-tien-do-{AS_OF.isoformat()}.docx")))
    assert "\n1a. Ban hành kế hoạch triển khai của đơn vị\n" in numbered


def test_a_directive_without_a_signer_of_its_own_is_signed_by_the_offices_signer(office_dir: Path) -> None:
    """The monthly directive names no signer: its documents printed "TRƯỞNG PHÒNG" over nobody though office.yaml
    names the division's head and the Sở's signer. A directive's own signer still comes first (the 2026 plan's)."""
    from test_documents import body_text

    code, output = _week(office_dir)
    assert code == 0, output
    day = AS_OF.isoformat()
    weekly = body_text(docx.Document(str(office_dir / MONTHLY / "van-ban" / f"bao-cao-tien-do-{day}.docx")))
    assert [line for line in weekly.split("Nơi nhận:")[1].splitlines() if line][-2:] == ["TRƯỞNG PHÒNG",
                                                                                        "Phạm Minh Tuấn"]
    letter = body_text(docx.Document(str(office_dir / MONTHLY / "van-ban" / f"cong-van-don-doc-{day}.docx")))
    assert "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nLê Thị Hạnh" in letter
    own = load_tracker(office_dir / "trackers" / "bao-cao-thang.yaml")
    assert (own.province.signer, own.province.office_signer) == ("", "")
    # the directive's own signer first: the 2023 campaign's, an office in another Sở, keeps its own
    office = load_office(office_dir)
    old = load_entry(office, office.trackers[0])
    assert (old.province.signer, old.province.signer_title, old.province.office_signer) == (
        "Nguyễn Hoàn", "KT. Giám đốc — Phó Giám đốc", "Trần Văn Bình")


def test_a_unit_late_for_several_periods_sees_each_late_period_in_the_word_documents(office_dir: Path) -> None:
    """Vĩnh Hoàng has sent no monthly report for March, April or May: the weekly report and the letter's annex named
    March alone ("tháng 3/2026, hạn 25/03/2026, quá 86 ngày"), as if April and May were in."""
    from test_documents import body_text, cell_lines, table_with

    code, output = _week(office_dir)
    assert code == 0, output
    day = AS_OF.isoformat()
    weekly = body_text(docx.Document(str(office_dir / MONTHLY / "van-ban" / f"bao-cao-tien-do-{day}.docx")))
    assert ("Báo cáo tháng (trước ngày 25) (3 kỳ quá hạn: tháng 3/2026 (hạn 25/03/2026, quá 86 ngày), tháng 4/2026 "
            "(hạn 25/04/2026, quá 55 ngày), tháng 5/2026 (hạn 25/05/2026, quá 25 ngày))") in weekly
    # one period late: as before
    assert "Báo cáo tháng (trước ngày 25) (tháng 5/2026, hạn 25/05/2026, quá 25 ngày)" in weekly
    letter = docx.Document(str(office_dir / MONTHLY / "van-ban" / f"cong-van-don-doc-{day}.docx"))
    annex = table_with(letter, "Phần việc quá hạn")
    rows = [[" / ".join(cell_lines(annex, r, c)).replace("\n", " / ") for c in range(5)] for r in range(1, len(annex.rows))]
    assert ["3", "UBND xã Vĩnh Hoàng", "Báo cáo tháng (trước ngày 25)",
            "25/03/2026 (tháng 3/2026) / 25/04/2026 (tháng 4/2026) / 25/05/2026 (tháng 5/2026)", "86 / 55 / 25"] in rows
    # a letter to the unit alone: its reasons name each period with its deadline; the bracket counts them
    run = CliRunner().invoke(app, ["document", "reminder-letter", str(office_dir / "trackers" / "bao-cao-thang.yaml"),
                                   "-s", str(office_dir / "nguon" / "quang-tri-2026-bao-cao-thang-cds.xlsx"),
                                   "--as-of", day, "--unit", "vinh-hoang", "-o", str(office_dir / "thu")])
    assert run.exit_code == 0, run.output
    (one,) = (office_dir / "thu").glob("*.docx")
    assert ("- Báo cáo tháng (trước ngày 25) (3 kỳ quá hạn, kỳ đầu đã quá 86 ngày): Chưa có báo cáo Tháng 3/2026, hạn "
            "17:00 thứ Tư 25/03/2026. Chưa có báo cáo Tháng 4/2026") in body_text(docx.Document(str(one)))


@pytest.mark.parametrize("taken", [f"tuan-{AS_OF.isoformat()}", "tuan-2026-06-26", "trackers", "office.yaml",
                                   "ledger.sqlite"])
def test_a_directive_whose_id_is_the_name_of_a_folder_or_file_of_the_office_is_not_checked(
        office_dir: Path, taken: str) -> None:
    """A directive's folder is <office>/<id>/: an id 'tuan-2026-06-19' put its history and reports inside the week's
    folder (another week's too), 'trackers' inside the folder of YAMLs, 'office.yaml' or 'ledger.sqlite' over the
    office's own files."""
    path = office_dir / "trackers" / "thien-tai.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(f"id: {MIXED}", f"id: {taken}", 1), encoding="utf-8")
    code, output = _week(office_dir, "--no-documents")
    assert code == 1
    assert (f"“trackers/thien-tai.yaml” tuần này: mã “{taken}” trùng tên một thư mục hoặc tệp của cơ quan (thư mục tuần "
            "“tuan-<ngày>”, “trackers”, “office.yaml”, “ledger.sqlite”); hãy đặt cho văn bản một mã (id) khác") in output
    assert not (office_dir / taken / "history.sqlite").exists()
    assert (office_dir / "office.yaml").is_file() and (office_dir / MONTHLY / "history.sqlite").is_file()


def test_an_id_that_only_starts_like_a_weeks_folder_is_the_directives_own(office_dir: Path) -> None:
    """'tuần tra' (patrol) and 'tuần lễ' (a week of events) fold to 'tuan-…': only a week's folder name is the office's."""
    office = load_office(office_dir)
    ids = ("tuan-2026-06-19", "tuan-tra-bien-gioi-2026", "tuan-le-van-hoa", "tuan-2026", "trackers")
    assert [i for i in ids if office.holds_as_its_own(i)] == ["tuan-2026-06-19", "trackers"]


def test_an_office_yaml_tracking_no_directive_is_said_in_vietnamese_under_its_own_heading(tmp_path: Path) -> None:
    """`trackers: []` printed pydantic's 'List should have at least 1 item after validation, not 0' under the heading
    'Lỗi trong tệp định nghĩa tracker', though the file is the office's."""
    (tmp_path / "office.yaml").write_text("id: co-quan\noffice: {name: Sở Mẫu}\ntrackers: []\n", encoding="utf-8")
    run = CliRunner().invoke(app, ["week", str(tmp_path)])
    assert run.exit_code == 2
    assert run.output.splitlines() == [
        "Lỗi trong tệp office.yaml — 1 lỗi (tệp:dòng: trường: nội dung):",
        f"  {tmp_path}/office.yaml:3: trackers: danh sách cần ít nhất 1 mục (đang có 0)"]


@pytest.mark.parametrize(("done", "overdue", "words"), [
    (47, 36, "tỷ lệ hoàn thành không đổi, số đơn vị quá hạn không đổi"),
    (94, 33, "tỷ lệ hoàn thành tăng 13 điểm phần trăm, số đơn vị quá hạn giảm 3"),
    (40, 38, "tỷ lệ hoàn thành giảm 2 điểm phần trăm, số đơn vị quá hạn tăng 2"),
])
def test_the_change_since_last_week_says_which_way_each_figure_went(done: int, overdue: int, words: str) -> None:
    """A week like the one before read '0 điểm %; đơn vị quá hạn 0' beside '36/36' units overdue: as if none were."""
    from tracker.office.portfolio import Before, Row

    before = Before(date(2026, 6, 26), 47, 374, 36)
    row = Row("x", "X", "", "active", True, "", parts_total=374, parts_done=done, units=36, units_overdue=overdue,
              before=before)
    assert row.trend == words
