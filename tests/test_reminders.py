"""Reminders against a real SMTP server on loopback (aiosmtpd, with AUTH and STARTTLS)."""

from __future__ import annotations

import email
import email.policy
import ssl
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from helpers import assert_golden, loopback_smtp
from typer.testing import CliRunner

from tracker.check import CheckResult, check
from tracker.cli import app
from tracker.definition import Tracker, bundled_tracker_path
from tracker.delivery import DeliveryReport, Ledger, SmtpSettings, deliver
from tracker.errors import DeliveryError
from tracker.notices import Escalation, Notice, compose_notices, write_outbox
from tracker.sources import XlsxSource
from tracker.storage.history import History

USER, PASSWORD = "tracker", "s3cret-pass"
FAST_SERVER = "6000"
"""TRACKER_SMTP_RATE of the loopback server: it takes mail as fast as it comes, so the tests whose subject is not the
pacing do not wait a second between messages (the bundled definitions' 60 a minute)."""


class Inbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse: set[str] = set()
        self.drop_after: int | None = None  # drop the connection on this message number, once
        self.defer_after: int | None = None  # answer this message's DATA with a temporary refusal, once
        self.at_rcpt: Callable[[int], None] | None = None  # called with the number of messages received before

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope, address: str,
                          options: list[str]) -> str:
        if self.at_rcpt is not None:
            self.at_rcpt(len(self.messages))
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.drop_after is not None and len(self.messages) == self.drop_after:
            self.drop_after = None
            assert server.transport is not None  # set while a client is connected
            server.transport.close()
            return "421 closing"
        if self.defer_after is not None and len(self.messages) == self.defer_after:
            self.defer_after = None
            return "451 4.3.0 try again later"
        assert isinstance(envelope.content, bytes)  # the controller does not decode (decode_data=False)
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted"


def _auth(server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: object) -> AuthResult:
    ok = isinstance(data, LoginPassword) and data.login == USER.encode() and data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)  # a refusal answers 535, as real servers do


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


Smtp = tuple[Inbox, SmtpSettings]
"""The inbox of the loopback server and the settings that reach it."""


@pytest.fixture()
def smtp(ca: trustme.CA) -> Iterator[Smtp]:
    inbox = Inbox()
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(server_ctx)
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port, tls_context=server_ctx, require_starttls=True,
                            authenticator=_auth, auth_require_tls=True)
    controller.start()
    client_ctx = ssl.create_default_context()
    ca.configure_trust(client_ctx)
    settings = SmtpSettings(host="127.0.0.1", port=controller.port, security="starttls", sender="ttbcxb@example.org",
                            user=USER, password=PASSWORD, sender_name="Sở TT&TT Quảng Trị", ssl_context=client_ctx,
                            timeout=10)
    try:
        yield inbox, settings
    finally:
        controller.stop()


@pytest.fixture(scope="module")
def result(tracker: Tracker, sample_book: Path) -> CheckResult:
    return check(tracker, XlsxSource([sample_book]), date(2023, 8, 18))


def _notices(result: CheckResult, ledger: Ledger) -> list[Notice]:
    return compose_notices(result, _escalation(result, ledger), report_xlsx=b"xlsx")


def _escalation(result: CheckResult, ledger: Ledger) -> Escalation:
    t = result.tracker
    return ledger.escalation(t.id, [u.id for u in t.units], result.as_of, t.reminders.cooldown_days)


def _plain_text(msg: EmailMessage) -> str:
    body = msg.get_body(("plain",))
    assert body is not None, f"no text/plain part in {msg['Subject']}"
    text: str = body.get_content()
    return text


def test_each_lagging_unit_and_the_province_get_exactly_one_message(result: CheckResult, smtp: Smtp, tmp_path: Path) -> None:
    inbox, settings = smtp
    with Ledger(tmp_path / "l.sqlite") as ledger:
        notices = _notices(result, ledger)
        report = deliver(notices, settings, ledger, rate_per_minute=6000)
    lagging = result.evaluation.lagging_units()
    # and each unit with nothing overdue but rows to fix gets their list (tested on its own below)
    to_fix = {n.unit for n in notices if n.level == "fix"}
    assert to_fix == {"gio-linh-trung-tam", "hai-lang-phong-vhtt"} and not to_fix & set(lagging)
    assert report.ok and len(report.sent) == len(lagging) + 1 + len(to_fix)
    got = {m["To"]: m for m in inbox.messages}
    for unit in lagging:
        msg = got[result.tracker.unit(unit).contacts[0]]
        assert msg["Subject"].startswith("V/v nhắc thực hiện")
        body = _plain_text(msg)
        assert "Kính gửi: " + result.tracker.unit(unit).name in body
        assert "Quá hạn" in body
    digest = got["ttbcxb@example.org"]
    assert digest.is_multipart()
    names = [result.tracker.unit(u).name for u in lagging]
    text = _plain_text(digest)
    assert all(n in text for n in names)
    assert [(p.get_filename(), p.get_content_type()) for p in digest.iter_attachments()] == [
        ("tong-hop-2023-08-18.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]


def test_rerun_sends_nothing_twice(result: CheckResult, smtp: Smtp, tmp_path: Path) -> None:
    inbox, settings = smtp
    with Ledger(tmp_path / "l.sqlite") as ledger:
        first = deliver(_notices(result, ledger), settings, ledger, rate_per_minute=6000)
        second = deliver(_notices(result, ledger), settings, ledger, rate_per_minute=6000)
    assert len(inbox.messages) == len(first.sent)
    # the lists of rows to fix already sent are not composed again at all; the rest is skipped by the ledger
    assert second.sent == [] and len(second.skipped) == len([k for k in first.sent if "/fix/" not in k])


@pytest.mark.parametrize(("fault", "uncertain"), [
    ("drop_after", [2]),  # the connection fell after DATA: the server may hold a first copy, so the run says so
    ("defer_after", []),  # the server answered 451: it holds no copy, so the retry is a plain send
])
def test_a_message_failing_once_is_sent_again_and_uncertain_only_when_the_server_may_hold_it(
        result: CheckResult, smtp: Smtp, tmp_path: Path, fault: str, uncertain: list[int]) -> None:
    inbox, settings = smtp
    setattr(inbox, fault, 2)
    with Ledger(tmp_path / "l.sqlite") as ledger:
        notices = _notices(result, ledger)
        report = deliver(notices, settings, ledger, rate_per_minute=6000, backoff=0.01)
        states = {ledger.state(n.key) for n in notices}
    assert (report.ok, report.uncertain, report.failed, states) == (True, [notices[i].key for i in uncertain], {},
                                                                    {"sent"})
    assert sorted(m["Message-ID"] for m in inbox.messages) == sorted(n.message_id for n in notices)


def test_refused_recipient_is_reported_and_exit_is_not_ok(result: CheckResult, smtp: Smtp, tmp_path: Path) -> None:
    inbox, settings = smtp
    refused = result.tracker.unit(result.evaluation.lagging_units()[0]).contacts[0]
    inbox.refuse.add(refused)
    with Ledger(tmp_path / "l.sqlite") as ledger:
        report = deliver(_notices(result, ledger), settings, ledger, rate_per_minute=6000, backoff=0.01)
        assert not report.ok
        assert len(report.failed) == 1 and refused in next(iter(report.failed.values()))
        assert len(inbox.messages) == len(report.sent)


class Crash(Exception):
    pass


@pytest.mark.parametrize("point", ["before_send", "after_accept"])
@pytest.mark.parametrize("index", [0, 2, 4])
def test_crash_at_any_point_then_rerun_loses_nothing(result: CheckResult, smtp: Smtp, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch, point: str, index: int) -> None:
    inbox, settings = smtp
    ledger_path = tmp_path / "l.sqlite"
    with Ledger(ledger_path) as ledger:
        notices = _notices(result, ledger)
    target = notices[index]

    def after_accept(n: Notice) -> None:
        if point == "after_accept" and n.key == target.key:
            raise Crash

    import tracker.delivery as delivery

    real = delivery._send_with_retries

    def send(conn: delivery._Connection, message: EmailMessage, retries: int, backoff: float,
             sleep: Callable[[float], None]) -> delivery.Attempt:
        if point == "before_send" and message["X-Tracker-Key"] == target.key:
            raise Crash
        return real(conn, message, retries, backoff, sleep)

    monkeypatch.setattr(delivery, "_send_with_retries", send)
    with Ledger(ledger_path) as ledger, pytest.raises(Crash):
        deliver(notices, settings, ledger, rate_per_minute=6000, after_accept=after_accept)
    monkeypatch.setattr(delivery, "_send_with_retries", real)
    with Ledger(ledger_path) as ledger:
        report = deliver(notices, settings, ledger, rate_per_minute=6000)
    ids = [m["Message-ID"] for m in inbox.messages]
    assert set(ids) == {n.message_id for n in notices}, "nothing missing"
    duplicates = {i for i in ids if ids.count(i) > 1}
    if point == "after_accept":
        assert duplicates == {target.message_id} and report.resent_ambiguous == [target.key]
    else:
        assert duplicates == set()


def test_a_run_killed_while_waiting_between_messages_leaves_the_next_one_unsent_not_uncertain(
        result: CheckResult, smtp: Smtp, tmp_path: Path) -> None:
    """At the mail server's pace (20 a minute: 3 s between messages, a few milliseconds sending) a run killed by
    cron's timeout or systemd is nearly always waiting: the message it waited for was already marked 'sending', so
    the next run resent it 'with the same Message-ID (the recipient may get it twice)' though it never left."""
    inbox, settings = smtp
    ledger_path = tmp_path / "l.sqlite"
    with Ledger(ledger_path) as ledger:
        notices = _notices(result, ledger)
    assert len(notices) > 3

    def killed_at_the_third_wait(seconds: float) -> None:
        if len(inbox.messages) == 3:
            raise Crash

    with Ledger(ledger_path) as ledger, pytest.raises(Crash):
        deliver(notices, settings, ledger, rate_per_minute=20, sleep=killed_at_the_third_wait)
    assert len(inbox.messages) == 3
    with Ledger(ledger_path) as ledger:
        assert ledger.state(notices[3].key) is None  # never claimed: nothing left half-sent
        report = deliver(notices, settings, ledger, rate_per_minute=6000)
    assert (len(report.sent), report.resent_ambiguous, len(report.skipped)) == (len(notices) - 3, [], 3)
    assert sorted(m["Message-ID"] for m in inbox.messages) == sorted(n.message_id for n in notices)


def test_firm_level_after_consecutive_overdue_checks_copies_leaders(result: CheckResult) -> None:
    unit = result.evaluation.lagging_units()[0]
    notices = compose_notices(result, streaks={unit: result.tracker.reminders.firm_after + 1}, report_xlsx=b"x")
    firm = next(n for n in notices if n.unit == unit)
    assert firm.level == "firm"
    assert firm.cc == tuple(result.tracker.unit(unit).leaders_cc)
    assert "Đây là lần thứ 3 liên tiếp" in firm.text


def test_a_firm_reminder_still_cites_the_directive_the_check_and_the_counts(result: CheckResult) -> None:
    """The third reminder (đôn đốc) replaced the opening 'Thực hiện <the directive>, qua kiểm tra … đơn vị đã hoàn
    thành 5/7 phần việc; còn 1 phần việc quá hạn.' by its firm line: the firmer letter no longer said which directive,
    as of which day, nor how far behind the unit was. It says both, the firm line after."""
    notices = compose_notices(result, streaks={"dong-ha-trung-tam": 3}, report_xlsx=b"x")
    firm = next(n for n in notices if n.unit == "dong-ha-trung-tam")
    opening = ("Thực hiện Công văn của Sở Thông tin và Truyền thông tỉnh Quảng Trị ban hành tháng 7/2023 về việc triển "
               "khai đợt cao điểm tuyên truyền, truyền thông và cao điểm tấn công, trấn áp tội phạm mua bán người, qua "
               "kiểm tra số liệu đơn vị cập nhật đến ngày 18/08/2023, đơn vị đã hoàn thành 5/7 phần việc; còn 1 phần "
               "việc quá hạn.\n\nĐây là lần thứ 3 liên tiếp đơn vị còn phần việc quá hạn.")
    assert opening in firm.text
    assert firm.html.index("Thực hiện Công văn") < firm.html.index("Đây là lần thứ 3 liên tiếp")


def test_cooldown_stops_the_same_level_twice_within_days(result: CheckResult, smtp: Smtp, tmp_path: Path) -> None:
    _, settings = smtp
    from dataclasses import replace

    with Ledger(tmp_path / "l.sqlite") as ledger:
        deliver(_notices(result, ledger), settings, ledger, rate_per_minute=6000)
        two_days_later = replace(result, as_of=date(2023, 8, 20))
        again = compose_notices(two_days_later, _escalation(two_days_later, ledger), report_xlsx=b"x")
        assert [n.level for n in again] == ["digest"]


def test_header_injection_and_bad_addresses_are_refused(result: CheckResult) -> None:
    from dataclasses import replace

    t = result.tracker
    index = next(i for i, u in enumerate(t.units) if u.id in result.evaluation.lagging_units())
    evil = t.units[index].model_copy(update={"name": "Đơn vị\r\nBcc: victim@example.org",
                                         "contacts": ["a@example.org, b@example.org", "ok@example.org"]})
    tracker = t.model_copy(update={"units": [*t.units[:index], evil, *t.units[index + 1:]]})
    res = replace(result, tracker=tracker)
    notices = compose_notices(res, report_xlsx=b"x")
    n = next(x for x in notices if x.unit == evil.id)
    assert n.to == ("ok@example.org",)
    parsed = email.message_from_bytes(n.to_message("ttbcxb@example.org").as_bytes(), policy=email.policy.default)
    assert parsed["Bcc"] is None and parsed["Cc"] is None
    assert parsed["To"] == "ok@example.org"
    assert "\n" not in parsed["Subject"]


def test_sheet_text_is_escaped_in_html(result: CheckResult) -> None:
    from dataclasses import replace

    from tracker.problems import Code, make

    p = make(Code.FORM_UNKNOWN, unit=result.evaluation.lagging_units()[0], sheet="s", row=3, column="D",
             value="<script>alert(1)</script>")
    res = replace(result, intake=replace(result.intake, problems=[*result.intake.problems, p]))
    n = next(x for x in compose_notices(res, report_xlsx=b"x") if x.unit == p.unit)
    assert "<script>" not in n.html and "&lt;script&gt;" in n.html


@pytest.mark.parametrize("level", ["reminder", "firm", "digest", "ack"])
def test_golden_email_of_each_level(result: CheckResult, level: str, tracker: Tracker) -> None:
    from dataclasses import replace

    lagging = result.evaluation.lagging_units()
    res = result
    if level == "ack":
        done = next(u.id for u in tracker.units if u.id not in lagging)
        res = replace(result, as_of=date(2023, 8, 18))
        # an acknowledgement needs every part done: judge the same unit at the campaign's end with all parts met
        from tracker.evaluate import evaluate
        from tracker.intake import Activity

        acts = [Activity(done, "s", 3 + i, d, frozenset({tag}), ("Chuyên trang, chuyên mục, chương trình",),
                         ("Nhân dân", "Cán bộ, công chức, viên chức, người lao động"), "x", None, None, "https://x.vn/a", "")
                for i, (d, tag) in enumerate([(date(2023, 7, 25), "1"), (date(2023, 8, 5), "2a"), (date(2023, 9, 5), "2b")])]
        res = replace(result, as_of=date(2023, 9, 30), evaluation=evaluate(tracker, acts, date(2023, 9, 30)))
    streaks = {u: 3 for u in lagging} if level == "firm" else None
    notices = compose_notices(res, streaks=streaks, report_xlsx=b"x")
    chosen = next(n for n in notices if n.level == level)
    assert_golden(f"{level}.txt",
                  f"Subject: {chosen.subject}\nTo: {', '.join(chosen.to)}\nCc: {', '.join(chosen.cc)}\n\n{chosen.text}")


def test_remind_cli_twice_with_send_delivers_once(smtp: Smtp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  sample_book: Path, ca: trustme.CA) -> None:
    inbox, settings = smtp
    env = {"TRACKER_SMTP_HOST": "127.0.0.1", "TRACKER_SMTP_PORT": str(settings.port), "TRACKER_SMTP_SECURITY": "starttls",
           "TRACKER_SMTP_RATE": FAST_SERVER,
           "TRACKER_SMTP_USER": USER, "TRACKER_SMTP_PASSWORD": PASSWORD, "TRACKER_MAIL_FROM": "ttbcxb@example.org",
           "SSL_CERT_FILE": str(tmp_path / "ca.pem")}
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    args = ["remind", str(bundled_tracker_path()), "-s", str(sample_book), "--as-of", "2023-08-18", "--send",
            "--ledger", str(tmp_path / "l.sqlite"), "--history", str(tmp_path / "h.sqlite")]
    runner = CliRunner()
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    count = len(inbox.messages)
    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.output
    assert len(inbox.messages) == count
    assert PASSWORD not in first.output + second.output
    dry = runner.invoke(app, ["remind", str(bundled_tracker_path()), "-s", str(sample_book), "--as-of", "2023-08-18",
                              "--outbox", str(tmp_path / "outbox"), "--no-history", "--ledger", str(tmp_path / "l2.sqlite")])
    assert dry.exit_code == 0
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == count


def test_outbox_files_parse_back(result: CheckResult, tmp_path: Path) -> None:
    notices = compose_notices(result, report_xlsx=b"x")
    assert {n.level for n in notices} >= {"reminder", "digest"}  # a loop over nothing would prove nothing
    paths = write_outbox(notices, tmp_path)
    assert len(paths) == len(notices)
    for path in paths:
        msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert msg["Message-ID"] and msg["Subject"].startswith("V/v")


def test_the_mail_servers_rate_from_the_environment_paces_sending_over_the_definitions(
        result: CheckResult, smtp: Smtp, tmp_path: Path) -> None:
    inbox, settings = smtp
    waits: list[float] = []
    fast = replace(settings, rate_per_minute=6000)
    with Ledger(tmp_path / "l.sqlite") as ledger:
        report = deliver(_notices(result, ledger), fast, ledger, rate_per_minute=60, sleep=waits.append)
    assert report.ok and len(inbox.messages) == len(report.sent) > 3
    assert waits and max(waits) <= 0.01  # 6,000 a minute, not the definition's 60 (a second between messages)
    unset: list[float] = []  # no rate in the environment: the definition's 60 a minute stands
    with Ledger(tmp_path / "l2.sqlite") as ledger:
        deliver(_notices(result, ledger), settings, ledger, rate_per_minute=60, sleep=unset.append)
    assert unset and min(unset) > 0.9
    assert SmtpSettings.from_env({"TRACKER_SMTP_HOST": "h", "TRACKER_MAIL_FROM": "a@example.org",
                                  "TRACKER_SMTP_RATE": " 6000 "}).rate_per_minute == 6000
    assert SmtpSettings.from_env({"TRACKER_SMTP_HOST": "h", "TRACKER_MAIL_FROM": "a@example.org",
                                  "TRACKER_SMTP_RATE": ""}).rate_per_minute is None


@pytest.mark.parametrize("typed", ["0", "-5", "60/phút", "1e3", "sáu mươi", "100001", "６０", "99999999999999999999"])
def test_a_bad_smtp_rate_is_refused_in_vietnamese_naming_the_variable(typed: str) -> None:
    with pytest.raises(DeliveryError) as raised:
        SmtpSettings.from_env({"TRACKER_SMTP_HOST": "h", "TRACKER_MAIL_FROM": "a@example.org",
                               "TRACKER_SMTP_RATE": typed})
    assert raised.value.vi == ("TRACKER_SMTP_RATE phải là số thư mỗi phút mà máy chủ thư nhận, một số nguyên từ 1 đến "
                               f"100.000, không phải “{typed}”")


def test_password_never_in_settings_repr() -> None:
    s = SmtpSettings.from_env({"TRACKER_SMTP_HOST": "h", "TRACKER_MAIL_FROM": "a@example.org",
                               "TRACKER_SMTP_PASSWORD": "hunter2"})
    assert "hunter2" not in repr(s) and s.port == 587


def _with_unit(result: CheckResult, **changes: Any) -> tuple[CheckResult, str]:
    """The result with the first lagging unit's definition changed (contacts, leaders, name)."""
    from dataclasses import replace

    t = result.tracker
    index = next(i for i, u in enumerate(t.units) if u.id in result.evaluation.lagging_units())
    changed = t.units[index].model_copy(update=changes)
    tracker = t.model_copy(update={"units": [*t.units[:index], changed, *t.units[index + 1:]]})
    return replace(result, tracker=tracker), changed.id


@pytest.mark.parametrize("field", ["contacts", "leaders_cc"])
def test_message_refused_for_one_recipient_is_sent_once_and_the_refusal_recorded(
        result: CheckResult, smtp: Smtp, tmp_path: Path, field: str) -> None:
    inbox, settings = smtp
    dead = "hop-thu-da-xoa@example.org"
    res, unit = _with_unit(result, **{field: ["song@example.org", dead]})
    streaks = {unit: res.tracker.reminders.firm_after + 1}  # firm: the leaders are in cc
    with Ledger(tmp_path / "l.sqlite") as ledger:
        inbox.refuse.add(dead)
        notices = compose_notices(res, streaks=streaks, report_xlsx=b"x")
        key = next(n.key for n in notices if n.unit == unit)
        first = deliver(notices, settings, ledger, rate_per_minute=6000, backoff=0.01)
        second = deliver(notices, settings, ledger, rate_per_minute=6000, backoff=0.01)
        assert (ledger.state(key), ledger.refused(key)) == ("sent", f"{dead} (550)")
    assert first.partly_refused == {key: f"{dead} (550)"} and key in first.sent and not first.ok
    assert key in second.skipped and second.ok
    copies = [m for m in inbox.messages if m["Message-ID"] == next(n.message_id for n in notices if n.key == key)]
    assert len(copies) == 1


def test_wrong_password_stops_the_run_at_the_first_refusal(result: CheckResult, smtp: Smtp, tmp_path: Path) -> None:
    from dataclasses import replace

    from tracker.errors import SmtpAuthError

    inbox, settings = smtp
    slept: list[float] = []
    with Ledger(tmp_path / "l.sqlite") as ledger:
        notices = _notices(result, ledger)
        with pytest.raises(SmtpAuthError, match="SMTP login refused for user 'tracker'"):
            deliver(notices, replace(settings, password="sai-mat-khau"), ledger, rate_per_minute=6000,
                    sleep=slept.append)
        rows = ledger.rows()
    assert [(k, s) for k, s, _, _ in rows] == [(notices[0].key, "failed")]
    assert slept == [] and inbox.messages == []


def test_every_header_parses_back_to_the_intended_text(result: CheckResult, tmp_path: Path) -> None:
    long_name = "Trung tâm Văn hóa, Thông tin, Thể thao và Du lịch huyện Gio Linh\u2028(cơ sở 2)"
    res, unit = _with_unit(result, name=long_name, leaders_cc=["lanh.dao@bộ-ngành.vn"])
    notices = compose_notices(res, streaks={unit: 3}, report_xlsx=b"x")
    sender_name = "Sở Thông tin và Truyền thông tỉnh Quảng Trị — Phòng Thông tin, Báo chí, Xuất bản"
    paths = write_outbox(notices, tmp_path, sender="ttbcxb@example.org", sender_name=sender_name)
    assert len(paths) == len(notices) > 2
    for notice, path in zip(notices, paths, strict=True):
        msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert str(msg["Subject"]) == notice.subject.replace("\u2028", " ")
        # the unit's name whole; a title that cannot fit in 100 characters gives way to the campaign's word
        subject = str(msg["Subject"])
        assert (len(subject) <= 100 and "Cao điểm tuyên truyền" in subject) or " đợt cao điểm " in subject
        assert "…" not in subject
        assert (msg["From"].addresses[0].display_name, msg["From"].addresses[0].addr_spec) == (
            sender_name, "ttbcxb@example.org")
        assert [a.addr_spec for a in msg["To"].addresses] == list(notice.to)
        assert ([a.addr_spec for a in msg["Cc"].addresses] if msg["Cc"] else []) == list(notice.cc)
    firm = next(n for n in notices if n.unit == unit)
    assert firm.cc == ("lanh.dao@xn--b-ngnh-lta4942d.vn",)


def _remind_args(tmp_path: Path, book: Path, *extra: str) -> list[str]:
    return ["remind", str(bundled_tracker_path()), "-s", str(book), "--as-of", "2023-08-18", "--no-history",
            "--ledger", str(tmp_path / "l.sqlite"), *extra]


def test_mail_from_with_a_display_name_is_accepted_by_remind(smtp: Smtp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            sample_book: Path, ca: trustme.CA) -> None:
    inbox, _ = smtp
    _smtp_env(smtp, ca, tmp_path, monkeypatch, sender="Sở TTTT <stttt@example.org>")
    run = CliRunner().invoke(app, _remind_args(tmp_path, sample_book, "--send"))
    assert run.exit_code == 0, run.output
    senders = {(m["From"].addresses[0].display_name, m["From"].addresses[0].addr_spec) for m in inbox.messages}
    assert senders == {("Sở TTTT", "stttt@example.org")}


@pytest.mark.parametrize("value", ["Sở TTTT <không phải địa chỉ>", "Sở TTTT stttt@example.org", "a@b.c\nBcc: x@y.z"])
def test_unusable_mail_from_is_one_clear_line_and_exit_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         tracker: Tracker, value: str) -> None:
    monkeypatch.setenv("TRACKER_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("TRACKER_MAIL_FROM", value)
    run = CliRunner().invoke(app, _remind_args(tmp_path, tmp_path / "unused.xlsx", "--send"))
    assert run.exit_code == 1
    assert run.output.startswith("Lỗi: TRACKER_MAIL_FROM") and "Traceback" not in run.output
    assert len(run.output.strip().splitlines()) == 1


def test_corrupt_ledger_is_one_clear_line_and_exit_1(tmp_path: Path, sample_book: Path) -> None:
    (tmp_path / "l.sqlite").write_bytes(b"this is not a database, it was overwritten " * 200)
    run = CliRunner().invoke(app, _remind_args(tmp_path, sample_book, "--outbox", str(tmp_path / "out")))
    assert run.exit_code == 1
    assert run.output == (f"Lỗi: không đọc được sổ gửi thư “{tmp_path / 'l.sqlite'}” (file is not a database); chỉ "
                          "chuyển tệp này đi chỗ khác nếu chấp nhận rằng thư đã gửi có thể bị gửi lại\n")


@pytest.mark.parametrize(("env", "message"), [
    ({"TRACKER_SMTP_PORT": "năm trăm"}, "Lỗi: TRACKER_SMTP_PORT phải là một số (cổng của máy chủ thư, thường là 587, "
                                        "465 hoặc 25), không phải “năm trăm”\n"),
    ({"TRACKER_SMTP_SECURITY": "tls"}, "Lỗi: TRACKER_SMTP_SECURITY phải là starttls, ssl hoặc none, không phải “tls”\n"),
    ({"TRACKER_MAIL_FROM": "a@b.c\nBcc: x@y.z"},
     "Lỗi: TRACKER_MAIL_FROM hoặc TRACKER_MAIL_FROM_NAME có ký tự xuống dòng hoặc ký tự điều khiển\n"),
    ({"TRACKER_MAIL_FROM_NAME": "Sở" + "X" * 900},
     "Lỗi: tên người gửi (TRACKER_MAIL_FROM_NAME, hoặc tên ghi trong TRACKER_MAIL_FROM) dài 902 ký tự, quá 120 ký tự "
     "mà máy chủ thư nhận được: hãy ghi tên ngắn hơn\n"),
    ({"TRACKER_MAIL_FROM": f"{'Ñ' * 121} <stttt@example.org>"},
     "Lỗi: tên người gửi (TRACKER_MAIL_FROM_NAME, hoặc tên ghi trong TRACKER_MAIL_FROM) dài 121 ký tự, quá 120 ký tự "
     "mà máy chủ thư nhận được: hãy ghi tên ngắn hơn\n"),
])
def test_bad_smtp_settings_are_said_in_vietnamese(env: dict[str, str], message: str, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    for k, v in {"TRACKER_SMTP_HOST": "127.0.0.1", "TRACKER_MAIL_FROM": "stttt@example.org", **env}.items():
        monkeypatch.setenv(k, v)
    run = CliRunner().invoke(app, _remind_args(tmp_path, tmp_path / "unused.xlsx", "--send"))
    assert (run.exit_code, run.output) == (1, message)


def _deliver_to_a_closed_port(result: CheckResult, ledger: Ledger, count: int) -> tuple[int, list[Notice], DeliveryReport]:
    """The first `count` notices delivered to a loopback port nothing listens on: (the port, the notices, the report)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    notices = _notices(result, ledger)[:count]
    return port, notices, deliver(notices, SmtpSettings("127.0.0.1", port, "none", "stttt@example.org"), ledger,
                                  sleep=lambda _: None)


def test_a_server_that_refuses_the_connection_is_said_in_vietnamese(result: CheckResult, tmp_path: Path) -> None:
    from tracker.delivery import failure_vi

    with Ledger(tmp_path / "l.sqlite") as ledger:
        port, notices, report = _deliver_to_a_closed_port(result, ledger, 1)
    assert report.failed[notices[0].key].startswith(f"cannot connect to SMTP server 127.0.0.1:{port}: ")  # the log's
    assert failure_vi(report.failed[notices[0].key]) == (f"không kết nối được máy chủ thư 127.0.0.1:{port} (máy chủ "
                                                         "từ chối kết nối)")


def test_a_message_that_cannot_be_built_fails_alone_and_the_batch_goes_on(result: CheckResult, smtp: Smtp,
                                                                          tmp_path: Path) -> None:
    from dataclasses import replace

    inbox, settings = smtp
    with Ledger(tmp_path / "l.sqlite") as ledger:
        notices = _notices(result, ledger)
        broken = replace(notices[1], to=("tên@example.org",))  # a mailbox that needs SMTPUTF8
        report = deliver([notices[0], broken, *notices[2:]], settings, ledger, rate_per_minute=6000)
        assert ledger.state(broken.key) == "failed"
    assert list(report.failed) == [broken.key]
    assert report.failed[broken.key].startswith("message cannot be built: local-part contains non-ASCII")
    assert len(report.sent) == len(inbox.messages) == len(notices) - 1


@pytest.mark.slow
def test_notebook_send_cell_then_scheduled_remind_send_nothing_twice(
        smtp: Smtp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tracker: Tracker, ca: trustme.CA) -> None:
    """The notebook and `tracker remind --send` share the tracker's workspace: one ledger, one history."""
    import nbformat
    from nbclient import NotebookClient

    inbox, settings = smtp
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    env = {"TRACKER_SMTP_HOST": "127.0.0.1", "TRACKER_SMTP_PORT": str(settings.port), "TRACKER_SMTP_SECURITY": "starttls",
           "TRACKER_SMTP_RATE": FAST_SERVER,
           "TRACKER_SMTP_USER": USER, "TRACKER_SMTP_PASSWORD": PASSWORD, "TRACKER_MAIL_FROM": "ttbcxb@example.org",
           "SSL_CERT_FILE": str(tmp_path / "ca.pem"), "TRACKER_WORKSPACE": str(tmp_path / "workspace")}
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    book = nbformat.read(Path(__file__).resolve().parents[1] / "notebooks" / "weekly_check.ipynb", as_version=4)
    send_cell = next(c for c in book.cells if c.cell_type == "code" and c.source.startswith("SEND = False"))
    send_cell.source = send_cell.source.replace("SEND = False", "SEND = True", 1)
    NotebookClient(book, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    sent_by_notebook = len(inbox.messages)
    assert sent_by_notebook > 1
    sample = tmp_path / "tracker-work" / "du-lieu-mau.xlsx"
    scheduled = CliRunner().invoke(app, ["remind", tracker.id, "-s", str(sample), "--as-of", "2023-08-18", "--send"])
    assert scheduled.exit_code == 0, scheduled.output
    assert len(inbox.messages) == sent_by_notebook
    fix_lists = sum(1 for m in inbox.messages if str(m["Subject"]).startswith("V/v đề nghị sửa dữ liệu"))
    assert fix_lists == 2  # sent once per list: not even composed again
    assert f"Đã gửi 0 thư; bỏ qua {sent_by_notebook - fix_lists} thư đã gửi trước đó" in scheduled.output


def test_unit_with_rows_to_fix_and_nothing_overdue_gets_the_list_once_per_change(
        tracker: Tracker, sample_book: Path, smtp: Smtp, tmp_path: Path) -> None:
    """Hải Lăng's Phòng VHTT has nothing overdue but five rows that do not count: it is sent the list of those rows
    at a level of its own, once; the same list is not sent again at the next check, a changed list is."""
    inbox, settings = smtp
    ledger = Ledger(tmp_path / "l.sqlite")
    first = check(tracker, XlsxSource([sample_book]), date(2023, 8, 18))
    fix = [n for n in compose_notices(first, _escalation(first, ledger), report_xlsx=b"x") if n.level == "fix"]
    assert sorted(n.unit for n in fix) == ["gio-linh-trung-tam", "hai-lang-phong-vhtt"]
    hai_lang = next(n for n in fix if n.unit == "hai-lang-phong-vhtt")
    assert hai_lang.key.startswith(f"{tracker.id}/hai-lang-phong-vhtt/fix/") and "2023-08-18" not in hai_lang.key
    assert "1. Dòng cần sửa. Các dòng dưới đây chưa được tính" in hai_lang.text
    assert "- Ô B17 chứa lỗi công thức “#REF!”; hãy nhập lại giá trị." in hai_lang.text
    assert "Dòng tổng cộng" not in hai_lang.text.split("2. Lưu ý")[0]  # a totals row is advice, never a row to fix
    report = deliver(fix, settings, ledger, sleep=lambda s: None)
    assert sorted(report.sent) == sorted(n.key for n in fix) and len(inbox.messages) == 2
    # A week later the same rows still wait: nothing new to say, nothing sent.
    later = check(tracker, XlsxSource([sample_book]), date(2023, 8, 24))
    again = [n for n in compose_notices(later, _escalation(later, ledger), report_xlsx=b"x") if n.level == "fix"]
    assert again == []
    # One row fixed: the list changed, so it is sent again.
    wb = openpyxl.load_workbook(sample_book)
    wb["Hải Lăng - Phòng VHTT"]["B17"] = "2023-08-04"
    wb.save(tmp_path / "fixed.xlsx")
    changed = check(tracker, XlsxSource([tmp_path / "fixed.xlsx"]), date(2023, 8, 24))
    resent = [n for n in compose_notices(changed, _escalation(changed, ledger), report_xlsx=b"x") if n.level == "fix"]
    assert [n.unit for n in resent] == ["hai-lang-phong-vhtt"]
    assert "B17" not in resent[0].text.split("2. Lưu ý")[0]
    deliver(resent, settings, ledger, sleep=lambda s: None)
    assert len(inbox.messages) == 3
    ledger.db.close()


def _smtp_env(smtp: Smtp, ca: trustme.CA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
              sender: str = "ttbcxb@example.org") -> None:
    """TRACKER_SMTP_* and TRACKER_MAIL_FROM for the loopback server, its CA trusted."""
    _, settings = smtp
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    env = {"TRACKER_SMTP_HOST": "127.0.0.1", "TRACKER_SMTP_PORT": str(settings.port), "TRACKER_SMTP_USER": USER,
           "TRACKER_SMTP_PASSWORD": PASSWORD, "TRACKER_MAIL_FROM": sender,
           "SSL_CERT_FILE": str(tmp_path / "ca.pem"), "TRACKER_SMTP_RATE": FAST_SERVER}
    for k, v in env.items():
        monkeypatch.setenv(k, v)


def test_letters_get_firmer_by_week_not_by_stored_check(smtp: Smtp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       sample_book: Path, ca: trustme.CA) -> None:
    """The new user's week: reminders sent on Friday 18/08, checks on Monday 21/08 and Wednesday 23/08, two weekly
    reports written on Friday 25/08 before that day's reminders. 25/08 is the second week a unit is overdue (a
    reminder, no leaders in copy); 01/09 the third (firm, 'lần thứ 3', leaders in copy)."""
    inbox, _ = smtp
    _smtp_env(smtp, ca, tmp_path, monkeypatch)
    where = ["-s", str(sample_book), "--history", str(tmp_path / "h.sqlite")]
    runner = CliRunner()

    def run(*args: str) -> str:
        done = runner.invoke(app, [*args, str(bundled_tracker_path()), *where])
        assert done.exit_code == 0, done.output
        return done.output

    def letters_to_dong_ha() -> list[tuple[str, str | None]]:
        got = [(str(m["Subject"]), m["Cc"] and str(m["Cc"])) for m in inbox.messages
               if m["To"] == "trungtam.dongha@example.org"]
        inbox.messages.clear()
        return got

    run("remind", "--as-of", "18/08/2023", "--send", "--ledger", str(tmp_path / "l.sqlite"))
    assert letters_to_dong_ha() == [("V/v nhắc thực hiện đợt cao điểm — Trung tâm Văn hóa Thông tin - Thể dục thể thao "
                                     "thành phố Đông Hà", None)]
    run("check", "--as-of", "21/08/2023")
    run("check", "--as-of", "23/08/2023")
    for _ in range(2):
        run("document", "weekly", "--as-of", "25/08/2023", "-o", str(tmp_path), "--force")
    run("remind", "--as-of", "25/08/2023", "--send", "--ledger", str(tmp_path / "l.sqlite"))
    assert letters_to_dong_ha() == [("V/v nhắc thực hiện đợt cao điểm — Trung tâm Văn hóa Thông tin - Thể dục thể thao "
                                     "thành phố Đông Hà", None)]
    run("remind", "--as-of", "01/09/2023", "--send", "--ledger", str(tmp_path / "l.sqlite"))
    firm = [m for m in inbox.messages if m["To"] == "trungtam.dongha@example.org"]
    assert letters_to_dong_ha() == [("V/v đôn đốc lần thứ 3 thực hiện đợt cao điểm — Trung tâm Văn hóa Thông tin - Thể "
                                     "dục thể thao thành phố Đông Hà", "lanhdao.dongha@example.org")]
    assert "Đây là lần thứ 3 liên tiếp đơn vị còn phần việc quá hạn." in _plain_text(firm[0])
    with History(tmp_path / "h.sqlite") as h:  # the documents stored no check
        assert [c.as_of for c in h.checks()] == ["2023-08-18", "2023-08-21", "2023-08-23", "2023-08-25", "2023-09-01"]


def test_overdue_streak_counts_weeks_in_date_order_whatever_the_storage_order(tracker: Tracker, sample_book: Path,
                                                                              tmp_path: Path) -> None:
    days = [date(2023, 8, 11), date(2023, 8, 14), date(2023, 8, 18), date(2023, 8, 22), date(2023, 8, 25)]
    results = {d: check(tracker, XlsxSource([sample_book]), d) for d in days}
    unit = "dong-ha-trung-tam"
    assert all(unit in r.evaluation.lagging_units() for r in results.values())
    weekday = 4  # the bundled tracker checks on Fridays: weeks run Saturday to Friday
    streaks = []
    for name, order in (("in-order", days), ("shuffled", [days[4], days[0], days[3], days[2], days[1]])):
        with History(tmp_path / f"{name}.sqlite") as h:
            for d in order:
                h.record_check(results[d])
            streaks.append([h.overdue_streaks(tracker.id, [unit], d, weekday)[unit] for d in days])
    # 11/08 is week 1; 14/08 and 18/08 week 2; 22/08 and 25/08 week 3
    assert streaks == [[1, 2, 2, 3, 3], [1, 2, 2, 3, 3]]


def test_reminders_sent_twice_in_one_week_count_once_without_history(tmp_path: Path, result: CheckResult) -> None:
    t = result.tracker
    unit = result.evaluation.lagging_units()[0]
    with Ledger(tmp_path / "l.sqlite") as ledger:
        for day in (date(2023, 8, 4), date(2023, 8, 14), date(2023, 8, 15)):
            notice = next(n for n in compose_notices(replace(result, as_of=day), report_xlsx=b"x") if n.unit == unit)
            ledger.mark(notice, "sent")
        # before 25/08: reminders in the week to 18/08 (two, counted once); none in the week to 11/08, which ends it
        assert ledger.escalation(t.id, [unit], date(2023, 8, 25), 6, 4).reminded_before == {unit: 1}
        assert ledger.escalation(t.id, [unit], date(2023, 8, 18), 6, 4).reminded_before == {unit: 0}


@pytest.mark.parametrize(("prefix", "unit", "suffix", "short", "subject"), [
    ("V/v nhắc thực hiện ", "Sở Văn hóa, Thể thao và Du lịch", "", "Tháng hành động",
     "V/v nhắc thực hiện Tháng hành động phòng, chống lừa đảo trực tuyến — Sở Văn hóa, Thể thao và Du lịch"),
    ("V/v tổng hợp tình hình thực hiện ", "", " đến ngày 18/08/2023", "Tháng hành động",
     "V/v tổng hợp tình hình thực hiện Tháng hành động phòng, chống lừa đảo trực tuyến đến ngày 18/08/2023"),
    ("V/v nhắc thực hiện ", "Trung tâm Văn hóa Thông tin - Thể dục thể thao thành phố Đông Hà", "", "Tháng hành động",
     "V/v nhắc thực hiện Tháng hành động — Trung tâm Văn hóa Thông tin - Thể dục thể thao thành phố Đông Hà"),
    ("V/v nhắc thực hiện ", "Trung tâm Văn hóa Thông tin - Thể dục thể thao thành phố Đông Hà", "", "",
     "V/v nhắc thực hiện Tháng hành… — Trung tâm Văn hóa Thông tin - Thể dục thể thao thành phố Đông Hà"),
])
def test_a_long_title_becomes_its_opening_phrase_or_the_short_name_never_a_cut_word(
        prefix: str, unit: str, suffix: str, short: str, subject: str) -> None:
    from tracker.notices import SUBJECT_MAX, subject_line

    title = "Tháng hành động phòng, chống lừa đảo trực tuyến năm 2026 — tỉnh Quảng Trị (minh họa)"
    line = subject_line(prefix, title, unit, suffix, short)
    assert line == subject
    assert len(line) <= SUBJECT_MAX + len(short)  # the short name whole, even a little over


def test_the_digest_subject_uses_the_short_name_rather_than_a_cut_title(result: CheckResult, tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.sqlite") as ledger:
        digest = next(n for n in _notices(result, ledger) if n.level == "digest")
    assert digest.subject == "V/v tổng hợp tình hình thực hiện đợt cao điểm đến ngày 18/08/2023"


def test_a_campaign_over_for_weeks_composes_and_sends_nothing(smtp: Smtp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                sample_book: Path, ca: trustme.CA) -> None:
    """A cron job left running after the campaign (ended 30/09/2023) must not tell every unit, years on, that it is a
    thousand days late: one Vietnamese line, exit 1, no message written or sent. Two weeks after the end (the final
    report's weeks) reminders still go."""
    inbox, _ = smtp
    _smtp_env(smtp, ca, tmp_path, monkeypatch)
    monkeypatch.setenv("TRACKER_WORKSPACE", str(tmp_path / "ws"))
    runner = CliRunner()
    base = ["remind", str(bundled_tracker_path()), "-s", str(sample_book)]
    late = runner.invoke(app, [*base, "--as-of", "2023-10-15", "--send"])
    assert late.exit_code == 1
    assert late.output.splitlines()[-1].startswith("Lỗi: Đợt cao điểm đã kết thúc ngày 30/09/2023, quá 14 ngày trước "
                                                   "ngày kiểm tra 15/10/2023: không soạn hay gửi thư nhắc nào nữa")
    assert inbox.messages == [] and not (tmp_path / "ws").exists()
    dry = runner.invoke(app, [*base, "--as-of", "2023-10-15", "--outbox", str(tmp_path / "ob")])
    assert dry.exit_code == 1 and not (tmp_path / "ob").exists()
    within = runner.invoke(app, [*base, "--as-of", "2023-10-14", "--outbox", str(tmp_path / "ob")])
    assert within.exit_code == 0 and list((tmp_path / "ob").glob("*.eml"))


@pytest.mark.parametrize("name", ["Ư" * 120, "😀" * 120, "X" * 120, "Sở TTTT " * 15])
def test_a_sender_name_of_the_longest_allowed_keeps_every_line_within_smtps_limit(name: str) -> None:
    # 120 characters of any kind, beside the longest address there is, keep every header line under SMTP's 998
    # (RFC 5321 4.5.3.1.6): a 900-character name made a From line the server refused mid-send.
    address = "a" * 59 + "@" + ".".join(["b" * 63] * 3) + ".vn"
    settings = SmtpSettings.from_env({"TRACKER_SMTP_HOST": "127.0.0.1", "TRACKER_MAIL_FROM": address,
                                      "TRACKER_MAIL_FROM_NAME": name})
    notice = Notice(tracker="t", unit="u", check_date=date(2026, 12, 4), level="reminder", to=("x@example.org",), cc=(),
                    subject="S", text="t", html="<p>t</p>")
    raw = notice.to_message(settings.sender, settings.sender_name).as_bytes()
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert str(parsed["From"].addresses[0].display_name) == name.strip()


@pytest.fixture()
def plain_smtp() -> Iterator[tuple[Inbox, int]]:
    """A loopback server with neither STARTTLS nor AUTH, as a relay inside an office's network is."""
    inbox = Inbox()
    with loopback_smtp(inbox) as port:
        yield inbox, port


def _plain_env(port: int, monkeypatch: pytest.MonkeyPatch, **extra: str) -> None:
    env = {"TRACKER_SMTP_HOST": "127.0.0.1", "TRACKER_SMTP_PORT": str(port), "TRACKER_SMTP_SECURITY": "none",
           "TRACKER_MAIL_FROM": "ttbcxb@example.org", "TRACKER_SMTP_RATE": FAST_SERVER, **extra}
    for k, v in env.items():
        monkeypatch.setenv(k, v)


def test_a_smtp_user_of_blanks_is_unset_and_sends_without_logging_in(
        plain_smtp: tuple[Inbox, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_book: Path) -> None:
    # `TRACKER_SMTP_USER= ` in a cron file or an .env: a relay without AUTH took every message as failed.
    inbox, port = plain_smtp
    _plain_env(port, monkeypatch, TRACKER_SMTP_USER="  ", TRACKER_SMTP_PASSWORD="")
    run = CliRunner().invoke(app, _remind_args(tmp_path, sample_book, "--send"))
    assert run.exit_code == 0, run.output
    assert run.output.splitlines()[-1] == ("Đã gửi 7 thư; bỏ qua 0 thư đã gửi trước đó; gửi lại 0 thư chưa rõ trạng "
                                           "thái; lỗi 0.")
    assert len(inbox.messages) == 7


def test_a_server_that_takes_no_login_is_said_in_vietnamese_once(
        plain_smtp: tuple[Inbox, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_book: Path) -> None:
    inbox, port = plain_smtp
    _plain_env(port, monkeypatch, TRACKER_SMTP_USER="ttbcxb", TRACKER_SMTP_PASSWORD="mat-khau")
    run = CliRunner().invoke(app, _remind_args(tmp_path, sample_book, "--send"))
    assert run.exit_code == 1
    assert run.output == (f"Lỗi: máy chủ thư 127.0.0.1:{port} không nhận đăng nhập (không có AUTH): hãy bỏ "
                          "TRACKER_SMTP_USER và TRACKER_SMTP_PASSWORD "
                          "nếu máy chủ không cần đăng nhập, hoặc đặt TRACKER_SMTP_SECURITY là starttls hay ssl nếu "
                          "máy chủ chỉ cho đăng nhập qua kết nối mã hóa\n")
    assert inbox.messages == []


def test_a_server_that_cannot_be_reached_is_tried_for_the_first_message_only(result: CheckResult,
                                                                             tmp_path: Path) -> None:
    """Every message tried the unreachable server again, with its retries: 30 seconds of timeout each, three times,
    for each of 3,000 units, and the next week's run waited on the lock. The others now wait for the next run, said so."""
    from tracker.delivery import failure_vi

    with Ledger(tmp_path / "l.sqlite") as ledger:
        port, notices, report = _deliver_to_a_closed_port(result, ledger, 3)
        assert [failure_vi(report.failed[n.key]) for n in notices] == [
            f"không kết nối được máy chủ thư 127.0.0.1:{port} (máy chủ từ chối kết nối)",
            f"chưa gửi: không kết nối được máy chủ thư 127.0.0.1:{port} ở thư trước; lần chạy sau sẽ gửi",
            f"chưa gửi: không kết nối được máy chủ thư 127.0.0.1:{port} ở thư trước; lần chạy sau sẽ gửi"]
        assert [ledger.state(n.key) for n in notices] == ["failed", "failed", "failed"]
