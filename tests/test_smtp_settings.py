"""SMTP settings as people type them into a cron file or an .env: every value ends in a working run or one clear
Vietnamese line, never a traceback; and credentials with Vietnamese letters log in."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from typer.testing import CliRunner

from tracker.check import CheckResult, check
from tracker.cli import app
from tracker.definition import Tracker, bundled_tracker_path
from tracker.delivery import Ledger, SmtpSettings, deliver
from tracker.errors import DeliveryError, SmtpAuthError
from tracker.notices import compose_notices
from tracker.sources import XlsxSource

USER, PASSWORD = "cán.bộ", "mật khẩu Sở"


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.logins: list[tuple[str, bytes, bytes]] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        assert isinstance(envelope.content, bytes)
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted"

    def authenticate(self, server: SMTP, session: Session, envelope: Envelope, mechanism: str,
                     data: object) -> AuthResult:
        assert isinstance(data, LoginPassword)
        self.logins.append((mechanism, data.login, data.password))
        ok = data.login == USER.encode() and data.password == PASSWORD.encode()
        return AuthResult(success=ok, handled=False)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture()
def server() -> Iterator[tuple[_Inbox, int]]:
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port(), authenticator=inbox.authenticate,
                            auth_require_tls=False)
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()


@pytest.fixture(scope="module")
def result(tracker: Tracker, sample_book: Path) -> CheckResult:
    return check(tracker, XlsxSource([sample_book]), date(2023, 8, 18))


def test_a_user_and_password_with_vietnamese_letters_log_in_and_the_messages_go(
        result: CheckResult, server: tuple[_Inbox, int], tmp_path: Path) -> None:
    inbox, port = server
    settings = SmtpSettings("127.0.0.1", port, "none", "stttt@example.org", user=USER, password=PASSWORD)
    with Ledger(tmp_path / "l.sqlite") as ledger:
        notices = compose_notices(result, streaks={}, report_xlsx=b"x")
        report = deliver(notices, settings, ledger, rate_per_minute=6000, sleep=lambda _: None)
    assert report.ok and len(report.sent) == len(notices) == len(inbox.messages)
    assert inbox.logins == [("PLAIN", USER.encode(), PASSWORD.encode())]


def test_a_wrong_vietnamese_password_is_a_refused_login_not_a_traceback(
        result: CheckResult, server: tuple[_Inbox, int], tmp_path: Path) -> None:
    inbox, port = server
    settings = SmtpSettings("127.0.0.1", port, "none", "stttt@example.org", user=USER, password="mật khẩu sai")
    with Ledger(tmp_path / "l.sqlite") as ledger:
        notices = compose_notices(result, streaks={}, report_xlsx=b"x")
        with pytest.raises(SmtpAuthError, match=r"SMTP login refused for user 'cán\.bộ'"):
            deliver(notices, settings, ledger, rate_per_minute=6000, sleep=lambda _: None)
        assert [s for _, s, _, _ in ledger.rows()] == ["failed"]  # never 'sending': nothing went out
    assert inbox.messages == []


def _env(**values: str) -> dict[str, str]:
    return {"TRACKER_SMTP_HOST": "127.0.0.1", "TRACKER_MAIL_FROM": "stttt@example.org", **values}


@pytest.mark.parametrize(("values", "vi"), [
    ({"TRACKER_SMTP_PORT": "99999999999999999999"},
     "TRACKER_SMTP_PORT phải là một cổng từ 1 đến 65535 (thường là 587, 465 hoặc 25), không phải “99999999999999999999”"),
    ({"TRACKER_SMTP_PORT": "0"}, "TRACKER_SMTP_PORT phải là một cổng từ 1 đến 65535 (thường là 587, 465 hoặc 25), "
                                 "không phải “0”"),
    ({"TRACKER_SMTP_PORT": "-25"}, "TRACKER_SMTP_PORT phải là một cổng từ 1 đến 65535 (thường là 587, 465 hoặc 25), "
                                   "không phải “-25”"),
    ({"TRACKER_SMTP_HOST": "mail..example.org"},
     "TRACKER_SMTP_HOST không phải là tên máy chủ thư dùng được (“mail..example.org”): hãy ghi tên (ví dụ "
     "smtp.gmail.com) hoặc địa chỉ IP của máy chủ"),
    ({"TRACKER_SMTP_HOST": "x" * 64 + ".vn"},
     f"TRACKER_SMTP_HOST không phải là tên máy chủ thư dùng được (“{'x' * 64}.vn”): hãy ghi tên (ví dụ "
     "smtp.gmail.com) hoặc địa chỉ IP của máy chủ"),
    ({"TRACKER_SMTP_HOST": "smtp gmail.com"},
     "TRACKER_SMTP_HOST không phải là tên máy chủ thư dùng được (“smtp gmail.com”): hãy ghi tên (ví dụ "
     "smtp.gmail.com) hoặc địa chỉ IP của máy chủ"),
    ({"TRACKER_SMTP_HOST": "   "}, "thiếu thông tin máy chủ thư: hãy đặt TRACKER_SMTP_HOST (xem docs/scheduling.md)"),
])
def test_an_unusable_smtp_setting_is_one_vietnamese_line(values: dict[str, str], vi: str) -> None:
    with pytest.raises(DeliveryError) as caught:
        SmtpSettings.from_env(_env(**values))
    assert caught.value.vi == vi


def test_blanks_around_a_setting_are_not_part_of_it() -> None:
    settings = SmtpSettings.from_env(_env(TRACKER_SMTP_HOST=" smtp.example.org ", TRACKER_SMTP_PORT=" 2525 ",
                                          TRACKER_SMTP_SECURITY=" SSL "))
    assert (settings.host, settings.port, settings.security) == ("smtp.example.org", 2525, "ssl")
    unset = SmtpSettings.from_env(_env(TRACKER_SMTP_SECURITY="", TRACKER_SMTP_PORT=" "))
    assert (unset.security, unset.port) == ("starttls", 587)


def test_remind_with_a_port_past_65535_says_so_and_sends_nothing(tmp_path: Path, sample_book: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in _env(TRACKER_SMTP_PORT="99999999999999999999").items():
        monkeypatch.setenv(key, value)
    run = CliRunner().invoke(app, ["remind", str(bundled_tracker_path()), "-s", str(sample_book), "--as-of",
                                   "2023-08-18", "--no-history", "--ledger", str(tmp_path / "l.sqlite"), "--send"])
    assert (run.exit_code, run.output) == (1, "Lỗi: TRACKER_SMTP_PORT phải là một cổng từ 1 đến 65535 (thường là 587, "
                                              "465 hoặc 25), không phải “99999999999999999999”\n")


@pytest.mark.parametrize(("host", "port", "expected"), [
    ("smtp.example.org:2525", None, ("smtp.example.org", 2525)), ("smtp.example.org:587", "587", ("smtp.example.org", 587)),
    ("127.0.0.1:25", None, ("127.0.0.1", 25)), ("::1", None, ("::1", 587))])
def test_a_server_named_with_its_port_is_that_server_on_that_port(host: str, port: str | None,
                                                                   expected: tuple[str, int]) -> None:
    """TRACKER_SMTP_HOST=smtp.example.org:587, as mail programs show a server: the run tried 'smtp.example.org:587'
    on port 587 and said it could not find the server 'smtp.example.org:587:587'."""
    settings = SmtpSettings.from_env(_env(TRACKER_SMTP_HOST=host, **({"TRACKER_SMTP_PORT": port} if port else {})))
    assert (settings.host, settings.port) == expected


def test_a_server_named_with_a_port_other_than_the_port_setting_is_refused() -> None:
    with pytest.raises(DeliveryError) as caught:
        SmtpSettings.from_env(_env(TRACKER_SMTP_HOST="smtp.example.org:2525", TRACKER_SMTP_PORT="587"))
    assert caught.value.vi == ("TRACKER_SMTP_HOST ghi cổng 2525 (“smtp.example.org:2525”) nhưng TRACKER_SMTP_PORT là 587: "
                               "hãy ghi tên máy chủ ở TRACKER_SMTP_HOST và một cổng ở TRACKER_SMTP_PORT")
