"""Delivery over SMTP with a send ledger: nothing sent twice, nothing skipped after a crash.

The ledger (SQLite) records each message by key (tracker/unit/check date/level) as `sending` before
the SMTP transaction and `sent` after the server accepted it. A rerun skips `sent`, sends what was
never started, and resends a `sending` one (the server may or may not have accepted it before the
crash) with the same Message-ID, reporting it as ambiguous: the one case no sender can settle.

Two runs at once (the notebook and cron, two terminals) never both send a message: a run holds the
ledger's lock file while it sends (the operating system's lock, released if the run dies), and claims
each key in a write transaction (BEGIN IMMEDIATE) that reads its state again before marking it
`sending`; a key another run sent meanwhile is skipped.
"""

from __future__ import annotations

import base64
import contextlib
import logging
import os
import re
import smtplib
import socket
import sqlite3
import ssl
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.errors import MessageError
from email.message import EmailMessage
from pathlib import Path
from typing import Literal

from email_validator import EmailNotValidError, validate_email

from tracker.errors import DeliveryError, LedgerError, OutputError, SmtpAuthError, Terminated
from tracker.files.atomic import locked
from tracker.notices import Escalation, Notice
from tracker.retry import backoff as retry_backoff
from tracker.retry import retry
from tracker.storage.store import CannotOpenError, Migration, NewerSchemaError, add_column, open_database
from tracker.workdays import check_week

log = logging.getLogger("tracker.delivery")
RUN_LOCK_WAIT = 3600.0
"""Seconds a run waits for another run sending from the same ledger (at 60 a minute, 3,000 messages take 50)."""
Security = Literal["starttls", "ssl", "none"]

LEDGER_MIGRATIONS: tuple[Migration, ...] = (
    # 1: one row per message key
    ("""CREATE TABLE IF NOT EXISTS sends (
        key TEXT PRIMARY KEY, tracker TEXT NOT NULL, unit TEXT NOT NULL, check_date TEXT NOT NULL,
        level TEXT NOT NULL, message_id TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL,
        updated_at TEXT NOT NULL, error TEXT)""",),
    # 2: the recipients a server refused in a message it accepted for the others
    (add_column("sends", "refused", "TEXT"),),
    # 3: the process (host:pid) that claimed the key, for whoever reads the ledger after a crash
    (add_column("sends", "owner", "TEXT"),),
    # 4: the key of the combined message (tracker.office) that carried the row's reminder
    (add_column("sends", "via", "TEXT"), "CREATE INDEX IF NOT EXISTS sends_via ON sends (via)"),
)
"""The ledger's schema by version (tracker.storage.store). Ledgers written before the version was kept are at 0 with
any of these columns already there: hence CREATE ... IF NOT EXISTS and add_column, which adds only what is
missing."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: Security
    sender: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    sender_name: str = ""
    timeout: float = 30.0
    rate_per_minute: int | None = None
    """E-mails a minute the mail server takes (TRACKER_SMTP_RATE): over the definitions' reminders.rate_per_minute and
    the office's, since the limit is the server's, set where its address is."""
    ssl_context: ssl.SSLContext | None = field(default=None, repr=False, compare=False)

    def __repr__(self) -> str:  # the password never reaches a log line
        return (f"SmtpSettings(host={self.host!r}, port={self.port}, security={self.security!r}, "
                f"sender={self.sender!r}, user={self.user!r}, password={'***' if self.password else None})")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> SmtpSettings:
        env = os.environ if env is None else env
        # A value of blanks is unset: a line `TRACKER_SMTP_HOST= ` in a cron file or an .env is a slip, not a name.
        missing = [k for k in ("TRACKER_SMTP_HOST", "TRACKER_MAIL_FROM") if not env.get(k, "").strip()]
        if missing:
            raise DeliveryError("SMTP settings missing: set " + ", ".join(missing) + " (see docs/scheduling.md)",
                                vi="thiếu thông tin máy chủ thư: hãy đặt " + ", ".join(missing)
                                   + " (xem docs/scheduling.md)")
        security = (env.get("TRACKER_SMTP_SECURITY") or "").strip().lower() or "starttls"
        if security not in ("starttls", "ssl", "none"):
            raise DeliveryError(f"TRACKER_SMTP_SECURITY must be starttls, ssl or none, not {security!r}",
                                vi=f"TRACKER_SMTP_SECURITY phải là starttls, ssl hoặc none, không phải “{security}”")
        host, port = _host_and_port(env["TRACKER_SMTP_HOST"], env.get("TRACKER_SMTP_PORT") or "",
                                    {"starttls": 587, "ssl": 465, "none": 25}[security])
        name, sender = parse_sender(env["TRACKER_MAIL_FROM"], env.get("TRACKER_MAIL_FROM_NAME", ""))
        return cls(host=host, port=port, security=security,  # type: ignore[arg-type]
                   sender=sender, user=(env.get("TRACKER_SMTP_USER") or "").strip() or None,
                   password=env.get("TRACKER_SMTP_PASSWORD") or None, sender_name=name,
                   rate_per_minute=_rate(env.get("TRACKER_SMTP_RATE", "")))


MAX_RATE = 100_000
"""The most e-mails a minute TRACKER_SMTP_RATE may say: beyond it a typing slip, not a mail server."""


def _rate(raw: str) -> int | None:
    """TRACKER_SMTP_RATE: blank or unset says nothing (the definitions' rate stands); else a whole number of e-mails a
    minute, 1 to MAX_RATE."""
    text = raw.strip()
    if not text:
        return None
    if re.fullmatch(r"[0-9]{1,7}", text) and 1 <= int(text) <= MAX_RATE:
        return int(text)
    limit = f"{MAX_RATE:,}".replace(",", ".")  # Vietnamese groups thousands with dots
    raise DeliveryError(f"TRACKER_SMTP_RATE must be a whole number of e-mails a minute from 1 to {MAX_RATE}, "
                        f"not {raw!r}",
                        vi=f"TRACKER_SMTP_RATE phải là số thư mỗi phút mà máy chủ thư nhận, một số nguyên từ 1 đến "
                           f"{limit}, không phải “{raw}”")


def _port(value: str, default: int) -> int:
    """TRACKER_SMTP_PORT as a port number (1-65535), the security's usual port when unset or blank."""
    if not value.strip():
        return default
    try:
        port = int(value)
    except ValueError as exc:
        raise DeliveryError("TRACKER_SMTP_PORT must be a number",
                            vi=f"TRACKER_SMTP_PORT phải là một số (cổng của máy chủ thư, thường là 587, 465 hoặc "
                               f"25), không phải “{value}”") from exc
    if not 1 <= port <= 65535:
        raise DeliveryError(f"TRACKER_SMTP_PORT must be a port between 1 and 65535, not {value.strip()!r}",
                            vi=f"TRACKER_SMTP_PORT phải là một cổng từ 1 đến 65535 (thường là 587, 465 hoặc 25), không "
                               f"phải “{value.strip()}”")
    return port


def _host_and_port(host_value: str, port_value: str, default: int) -> tuple[str, int]:
    """TRACKER_SMTP_HOST and TRACKER_SMTP_PORT; a host written with its port ('smtp.example.org:587', as mail programs
    show a server) is that host on that port, when TRACKER_SMTP_PORT says no other (an IPv6 address keeps its
    colons)."""
    named = re.fullmatch(r"\s*([^:\s]+):([0-9]{1,5})\s*", host_value)
    if named is None:
        return _host(host_value), _port(port_value, default)
    port = _port(named.group(2), default)
    if port_value.strip() and _port(port_value, default) != port:
        raise DeliveryError(f"TRACKER_SMTP_HOST names port {port} ({host_value.strip()!r}) but TRACKER_SMTP_PORT is "
                            f"{port_value.strip()}: give the server's name in TRACKER_SMTP_HOST and one port in "
                            "TRACKER_SMTP_PORT",
                            vi=f"TRACKER_SMTP_HOST ghi cổng {port} (“{host_value.strip()}”) nhưng TRACKER_SMTP_PORT là "
                               f"{port_value.strip()}: hãy ghi tên máy chủ ở TRACKER_SMTP_HOST và một cổng ở "
                               "TRACKER_SMTP_PORT")
    return _host(named.group(1)), port


def _host(value: str) -> str:
    """TRACKER_SMTP_HOST without the blanks around it; a name with a blank or control character inside, or one the
    resolver cannot encode (an empty label as in 'mail..vn', a label over 63 characters), is refused here rather
    than by the first connection, whose error would not say which setting is wrong."""
    host = value.strip()
    try:
        if re.search(r"[\s\x00-\x1f\x7f]", host):
            raise UnicodeError("blank or control character")
        host.encode("idna")
    except UnicodeError as exc:
        raise DeliveryError(f"TRACKER_SMTP_HOST is not a usable server name ({value!r}): {exc}",
                            vi=f"TRACKER_SMTP_HOST không phải là tên máy chủ thư dùng được (“{value.strip()}”): hãy "
                               "ghi tên (ví dụ smtp.gmail.com) hoặc địa chỉ IP của máy chủ") from exc
    return host


MAX_SENDER_NAME = 120
"""The longest sender's name, in characters: the From line holds it as one base64 encoded word (notices._mailbox),
and 120 characters of four UTF-8 bytes each beside the longest address (254) keep that line under SMTP's 998
(RFC 5321 4.5.3.1.6), which a server enforces by refusing the message mid-send."""

_NAME_ADDR = re.compile(r'\s*(?:"([^"]*)"|([^"<>]*?))\s*<([^<>]*)>\s*')


def parse_sender(value: str, name: str = "") -> tuple[str, str]:
    """(display name, address) from TRACKER_MAIL_FROM, which may be `addr` or `Name <addr>` (the form
    every mail tool takes); TRACKER_MAIL_FROM_NAME, when set, names the sender instead."""
    match = _NAME_ADDR.fullmatch(value)
    address = match.group(3) if match else value
    display = name or (match.group(1) or match.group(2) or "" if match else "")
    if re.search(r"[\x00-\x1f\x7f\u2028\u2029]", display + address):
        raise DeliveryError(f"TRACKER_MAIL_FROM/TRACKER_MAIL_FROM_NAME hold a line break or control character: {value!r}",
                            vi="TRACKER_MAIL_FROM hoặc TRACKER_MAIL_FROM_NAME có ký tự xuống dòng hoặc ký tự điều khiển")
    if len(display.strip()) > MAX_SENDER_NAME:
        n = len(display.strip())
        raise DeliveryError(f"the sender's name (TRACKER_MAIL_FROM_NAME, or the name in TRACKER_MAIL_FROM) is {n} "
                            f"characters long, over the {MAX_SENDER_NAME} a From line mail servers accept can hold",
                            vi=f"tên người gửi (TRACKER_MAIL_FROM_NAME, hoặc tên ghi trong TRACKER_MAIL_FROM) dài {n} ký "
                               f"tự, quá {MAX_SENDER_NAME} ký tự mà máy chủ thư nhận được: hãy ghi tên ngắn hơn")
    try:
        valid = validate_email(address.strip(), check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as exc:
        raise DeliveryError(f"TRACKER_MAIL_FROM is not a usable e-mail address ({value!r}): {exc}",
                            vi=f"TRACKER_MAIL_FROM không phải là một địa chỉ thư dùng được (“{value}”)") from exc
    return display.strip(), valid.ascii_email or valid.normalized


class Ledger:
    """The send ledger. One row per message key; states: sending, sent, failed, uncertain.

    `refused` lists the recipients a server refused in a message it accepted for the others: the
    message is `sent` (never sent again to those who have it) and the refused addresses are kept to be
    reported and fixed.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LedgerError(f"cannot open the send ledger {self.path}: {exc}",
                              vi=f"không mở được sổ gửi thư “{self.path}” ({_os_vi(exc)})") from exc
        try:
            self.db = open_database(self.path, LEDGER_MIGRATIONS)
        except NewerSchemaError as exc:
            raise LedgerError(f"the send ledger {exc}", vi=f"sổ gửi thư “{exc.path}” do một phiên bản tracker mới hơn ghi (lược đồ {exc.found} > {exc.known}): hãy nâng cấp tracker để dùng") from exc
        except CannotOpenError as exc:
            raise LedgerError(f"cannot open the send ledger {self.path}: {exc}",
                              vi=f"không mở được sổ gửi thư “{self.path}” ({_os_vi(exc)})") from exc
        except sqlite3.Error as exc:
            raise self._unreadable(exc) from exc
        try:
            self._settle_combined()
        except sqlite3.Error as exc:
            self.db.close()
            raise self._unreadable(exc) from exc

    def _unreadable(self, exc: sqlite3.Error) -> LedgerError:
        return LedgerError(f"the send ledger {self.path} is unreadable ({exc}); move it aside only if you "
                           "accept that messages already sent may be sent again",
                           vi=f"không đọc được sổ gửi thư “{self.path}” ({exc}); chỉ chuyển tệp này đi chỗ khác "
                              "nếu chấp nhận rằng thư đã gửi có thể bị gửi lại")

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.db.close()

    def state(self, key: str) -> str | None:
        row = self.db.execute("SELECT state FROM sends WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def mark(self, notice: Notice, state: str, error: str | None = None, refused: str | None = None) -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        self.db.execute(
            """INSERT INTO sends (key, tracker, unit, check_date, level, message_id, state, attempts, updated_at, error,
               refused) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)
               ON CONFLICT(key) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at,
               error = excluded.error, refused = excluded.refused,
               attempts = attempts + (excluded.state = 'sending')""",
            (notice.key, notice.tracker, notice.unit, notice.check_date.isoformat(), notice.level, notice.message_id,
             state, now, error, refused),
        )

    @contextlib.contextmanager
    def exclusive(self, timeout: float = RUN_LOCK_WAIT) -> Iterator[None]:
        """This run alone sends from the ledger; another waits up to `timeout` seconds, then gives up."""
        try:
            with locked(self.path, timeout):
                yield
        except OutputError as exc:
            raise DeliveryError(f"another run is sending from the ledger {self.path}; nothing was sent by this "
                                f"run, and the next run sends what is left ({exc})",
                                vi=f"một lần chạy khác đang gửi thư theo sổ “{self.path}”; lần chạy này chưa gửi thư "
                                   "nào, lần chạy sau sẽ gửi phần còn lại") from exc

    def claim(self, notice: Notice) -> str | None:
        """Take the key for this run before its message goes out: None when it is already `sent`, else the
        state it had ('' for a new key). One write transaction reads and marks, so that of two runs only
        one can take a key."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise LedgerError(f"the send ledger {self.path} stayed locked: {exc}",
                              vi=f"sổ gửi thư “{self.path}” bị khóa quá lâu; hãy chạy lại sau") from exc
        try:
            row = self.db.execute("SELECT state FROM sends WHERE key = ?", (notice.key,)).fetchone()
            before = str(row[0]) if row else ""
            if before != "sent":
                self.mark(notice, "sending")
                # who claimed it (host:process), for whoever reads the ledger after a crash
                self.db.execute("UPDATE sends SET owner = ? WHERE key = ?", (f"{socket.gethostname()}:{os.getpid()}", notice.key))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return None if before == "sent" else before

    def refused(self, key: str) -> str | None:
        row = self.db.execute("SELECT refused FROM sends WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row and row[0] else None

    def sent_recently(self, tracker: str, unit: str, level: str, day: date, days: int) -> bool:
        """The same level went to the unit within the cool-down, on an earlier check date."""
        since = (day - timedelta(days=days)).isoformat()
        row = self.db.execute(
            "SELECT 1 FROM sends WHERE tracker=? AND unit=? AND level=? AND state='sent' AND check_date >= ? "
            "AND check_date < ? LIMIT 1", (tracker, unit, level, since, day.isoformat())).fetchone()
        return row is not None

    def ever_sent(self, tracker: str, unit: str, level: str) -> bool:
        row = self.db.execute("SELECT 1 FROM sends WHERE tracker=? AND unit=? AND level=? AND state='sent' LIMIT 1",
                              (tracker, unit, level)).fetchone()
        return row is not None

    def escalation(self, tracker: str, units: Iterable[str], day: date, cooldown_days: int,
                   check_weekday: int | None = None) -> Escalation:
        """What this ledger says earlier runs sent, as the data the notices need. Reminders are counted by
        reporting week (tracker.workdays.check_week, the week closed by `check_weekday`; by default the weekday of
        `day`)."""
        units = list(units)
        weekday = day.weekday() if check_weekday is None else check_weekday
        return Escalation(
            reminded_before={u: self.previous_reminder_streak(tracker, u, day, weekday) for u in units},
            cooled=frozenset((u, level) for u in units for level in ("reminder", "firm")
                             if self.sent_recently(tracker, u, level, day, cooldown_days)),
            acknowledged=frozenset(u for u in units if self.ever_sent(tracker, u, "ack")),
            sent_keys=self.sent_keys(tracker, "fix"))

    def sent_keys(self, tracker: str, level: str) -> frozenset[str]:
        """Keys of the messages of a level sent once per change (`fix`: keyed by what they list, not by the check
        date) that went out: the same list is never sent twice, a changed one is sent as a new message."""
        return frozenset(str(r[0]) for r in self.db.execute(
            "SELECT key FROM sends WHERE tracker=? AND level=? AND state='sent'", (tracker, level)))

    def previous_reminder_streak(self, tracker: str, unit: str, day: date, check_weekday: int | None = None) -> int:
        """Consecutive reporting weeks before the week of `day` in which the unit was reminded: two reminders of one
        week count once, and a week without one ends the count."""
        weekday = day.weekday() if check_weekday is None else check_weekday
        weeks = sorted({check_week(date.fromisoformat(r[0]), weekday) for r in self.db.execute(
            "SELECT DISTINCT check_date FROM sends WHERE tracker=? AND unit=? AND level IN ('reminder','firm') "
            "AND state='sent' AND check_date < ?", (tracker, unit, day.isoformat()))}, reverse=True)
        streak, expected = 0, check_week(day, weekday) - timedelta(days=7)
        for week in weeks:
            if week > expected:
                continue  # a reminder earlier in this same week
            if week < expected:
                break
            streak, expected = streak + 1, week - timedelta(days=7)
        return streak

    # ---------------------------------------------------------------- combined messages (tracker.office)

    def _settle_combined(self) -> None:
        """A row whose combined message (its `via`) is `sent` is sent: settled on opening, so that a run that died
        between the message's record and its sections' leaves nothing to send twice."""
        self.db.execute("UPDATE sends SET state = 'sent' WHERE via IS NOT NULL AND state IN ('sending', 'uncertain') "
                        "AND via IN (SELECT key FROM sends WHERE state = 'sent')")

    def states(self, keys: Iterable[str]) -> dict[str, str]:
        """The state of each key the ledger holds (keys it does not hold are left out)."""
        keys = list(keys)
        out: dict[str, str] = {}
        for i in range(0, len(keys), 500):  # under SQLite's limit of bound parameters
            chunk = keys[i:i + 500]
            out.update((str(k), str(s)) for k, s in self.db.execute(
                f"SELECT key, state FROM sends WHERE key IN ({','.join('?' * len(chunk))})", chunk))
        return out

    def claim_sections(self, carrier: Notice, sections: Iterable[Notice], owner: str,
              alive: Callable[[str], bool]) -> list[str]:
        """Claim, in one transaction, every section a combined message carries (each the key a single tracker's
        run would send on its own), before the message is sent. Returns the keys already sent, or being sent
        by another live process (`alive(owner)`); then nothing is claimed and the message must not go."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        self.db.execute("BEGIN IMMEDIATE")
        try:
            held = []
            for s in sections:
                row = self.db.execute("SELECT state, owner FROM sends WHERE key = ?", (s.key,)).fetchone()
                if row and (row[0] == "sent" or (row[0] == "sending" and row[1] and row[1] != owner and alive(row[1]))):
                    held.append(s.key)
            if held:
                self.db.execute("ROLLBACK")
                return held
            self.db.executemany(
                """INSERT INTO sends (key, tracker, unit, check_date, level, message_id, state, attempts, updated_at,
                   via, owner) VALUES (?, ?, ?, ?, ?, ?, 'sending', 1, ?, ?, ?)
                   ON CONFLICT(key) DO UPDATE SET state = 'sending', message_id = excluded.message_id,
                   updated_at = excluded.updated_at, via = excluded.via, owner = excluded.owner,
                   attempts = attempts + 1""",
                [(s.key, s.tracker, s.unit, s.check_date.isoformat(), s.level, carrier.message_id, now, carrier.key,
                  owner) for s in sections])
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return []

    def settle_sections(self, carrier: Notice, owner: str, state: str) -> None:
        """The sections this process claimed for `carrier` take the state the message ended in."""
        self.db.execute("UPDATE sends SET state = ?, updated_at = ? WHERE via = ? AND owner = ?",
                        (state, datetime.now(UTC).isoformat(timespec="seconds"), carrier.key, owner))

    def rows(self) -> list[tuple[str, str, str, int]]:
        return [(str(k), str(s), str(m), int(a)) for k, s, m, a in
                self.db.execute("SELECT key, state, message_id, attempts FROM sends ORDER BY key")]


@dataclass
class DeliveryReport:
    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """Already sent by an earlier run: never sent twice."""
    resent_ambiguous: list[str] = field(default_factory=list)
    """Started by a run that died before the ledger heard back; resent with the same Message-ID."""
    failed: dict[str, str] = field(default_factory=dict)
    partly_refused: dict[str, str] = field(default_factory=dict)
    """Sent to the recipients the server accepted; these addresses were refused. Never sent again."""
    uncertain: list[str] = field(default_factory=list)
    """The connection dropped after the message data went out: the server may hold a copy already."""

    @property
    def ok(self) -> bool:
        return not self.failed and not self.partly_refused


# Why a message failed, as `Attempt.error` and the ledger keep it (English, for the log), and its words for the
# person at the terminal. A reason none of these starts stays as it is.
_FAILURES_VI: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"cannot connect to SMTP server (\S+): (.*)", re.S), "không kết nối được máy chủ thư {0} ({1})"),
    (re.compile(r"not tried: cannot connect to SMTP server (\S+) \(previous message\)", re.S),
     "chưa gửi: không kết nối được máy chủ thư {0} ở thư trước; lần chạy sau sẽ gửi"),
    (re.compile(r"connection lost: (.*)", re.S), "mất kết nối với máy chủ thư ({0})"),
    (re.compile(r"server refused the message: (.*)", re.S), "máy chủ thư từ chối thư: {0}"),
    (re.compile(r"recipients refused: (.*)", re.S), "máy chủ thư từ chối người nhận: {0}"),
    (re.compile(r"recipients temporarily refused: (.*)", re.S), "máy chủ thư tạm thời từ chối người nhận: {0}"),
    (re.compile(r"message cannot be built: (.*)", re.S), "không tạo được thư: {0}"),
    (re.compile(r"SMTP login refused for user '(.*)' at (\S+);.*", re.S),
     "máy chủ thư {1} từ chối đăng nhập của “{0}”; hãy kiểm tra TRACKER_SMTP_USER và TRACKER_SMTP_PASSWORD"),
)
_ERRNO_VI = {"Connection refused": "máy chủ từ chối kết nối", "timed out": "hết thời gian chờ",
             "Name or service not known": "không tìm thấy tên máy chủ",
             "Temporary failure in name resolution": "không tìm thấy tên máy chủ",
             "Network is unreachable": "không tới được mạng", "No route to host": "không tới được máy chủ",
             "Connection reset by peer": "máy chủ ngắt kết nối"}


def _os_vi(detail: object) -> str:
    """'[Errno 111] Connection refused' -> 'máy chủ từ chối kết nối' where the words are known."""
    text = str(detail)
    return next((vi for en, vi in _ERRNO_VI.items() if en in text), text)


def failure_vi(reason: str) -> str:
    """A message's failure (DeliveryReport.failed) in Vietnamese, for the person who sent it."""
    for pattern, words in _FAILURES_VI:
        m = pattern.fullmatch(reason)
        if m:
            return words.format(*(_os_vi(g) for g in m.groups()))
    return reason


class DeliveryInterrupted(KeyboardInterrupt):
    """Ctrl-C while sending: what went out before it. The ledger holds the same: the next run sends the rest, and a
    message cut off mid-transaction (`in_flight`) again with the same Message-ID."""

    def __init__(self, report: DeliveryReport, total: int, in_flight: str | None, terminated: bool = False) -> None:
        super().__init__()
        self.report = report
        self.total = total
        self.in_flight = in_flight
        self.terminated = terminated
        """Stopped by SIGTERM (tracker.errors.Terminated), not Ctrl-C."""


class _Connection:
    """One SMTP connection for the batch, reopened when the server drops it."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self.smtp: smtplib.SMTP | None = None

    def get(self) -> smtplib.SMTP:
        if self.smtp is None:
            self.smtp = self._open()
        return self.smtp

    def _open(self) -> smtplib.SMTP:
        s = self.settings
        context = s.ssl_context or ssl.create_default_context()
        try:
            smtp: smtplib.SMTP
            if s.security == "ssl":
                smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=context)
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
                if s.security == "starttls":
                    smtp.starttls(context=context)
            if s.user:
                _login(smtp, s.user, s.password or "")
        except smtplib.SMTPNotSupportedError as exc:
            if s.user is None or "AUTH" not in str(exc):
                raise DeliveryError(f"cannot connect to SMTP server {s.host}:{s.port}: {exc}",
                                    vi=f"không kết nối được máy chủ thư {s.host}:{s.port} ({_os_vi(exc)})") from exc
            # A relay that offers no login (or offers it only over TLS) refuses it for every message alike.
            raise SmtpAuthError(f"SMTP server {s.host}:{s.port} offers no login (no AUTH) for user {s.user!r}: unset "
                                "TRACKER_SMTP_USER and TRACKER_SMTP_PASSWORD, or set TRACKER_SMTP_SECURITY to "
                                "starttls or ssl",
                                vi=f"máy chủ thư {s.host}:{s.port} không nhận đăng nhập (không có AUTH): hãy bỏ "
                                   "TRACKER_SMTP_USER và TRACKER_SMTP_PASSWORD nếu máy chủ không cần đăng nhập, hoặc "
                                   "đặt TRACKER_SMTP_SECURITY là starttls hay ssl nếu máy chủ chỉ cho đăng nhập qua "
                                   "kết nối mã hóa") from exc
        except smtplib.SMTPAuthenticationError as exc:
            raise SmtpAuthError(f"SMTP login refused for user {s.user!r} at {s.host}:{s.port}; "
                                "check TRACKER_SMTP_USER and TRACKER_SMTP_PASSWORD",
                                vi=f"máy chủ thư {s.host}:{s.port} từ chối đăng nhập của “{s.user}”; hãy kiểm tra "
                                   "TRACKER_SMTP_USER và TRACKER_SMTP_PASSWORD") from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError(f"cannot connect to SMTP server {s.host}:{s.port}: {exc}",
                                vi=f"không kết nối được máy chủ thư {s.host}:{s.port} ({_os_vi(exc)})") from exc
        return smtp

    def drop(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.close()
            finally:
                self.smtp = None

    def quit(self) -> None:
        if self.smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self.smtp.quit()
            self.smtp = None


def _login(smtp: smtplib.SMTP, user: str, password: str) -> None:
    """smtplib's login, which encodes the user and password as ASCII; a user or password with other letters (a
    Vietnamese word with its marks) goes as SASL PLAIN, whose credentials are UTF-8 (RFC 4616), when the server
    offers it."""
    if (user + password).isascii():
        smtp.login(user, password)
        return
    smtp.ehlo_or_helo_if_needed()
    if not smtp.has_extn("auth"):
        raise smtplib.SMTPNotSupportedError("SMTP AUTH extension not supported by server.")
    if "PLAIN" not in smtp.esmtp_features["auth"].upper().split():
        raise SmtpAuthError("TRACKER_SMTP_USER or TRACKER_SMTP_PASSWORD holds non-ASCII letters and the server offers "
                            "no PLAIN login to carry them",
                            vi="TRACKER_SMTP_USER hoặc TRACKER_SMTP_PASSWORD có chữ có dấu hoặc ký tự ngoài bảng ASCII, "
                               "mà máy chủ thư không nhận kiểu đăng nhập PLAIN để chuyển chúng: hãy dùng mật khẩu "
                               "không dấu (mật khẩu ứng dụng)")
    token = base64.b64encode(f"\0{user}\0{password}".encode()).decode("ascii")
    code, reply = smtp.docmd("AUTH", "PLAIN " + token)
    if code not in (235, 503):  # 503: already authenticated, as smtplib takes it
        raise smtplib.SMTPAuthenticationError(code, reply)


@dataclass(frozen=True)
class Attempt:
    """How one message fared: accepted (error None), perhaps with some recipients refused."""

    error: str | None = None
    refused: str = ""
    after_data: bool = False
    """The last connection loss came after the message data was sent: the server may have it."""


def deliver(notices: list[Notice], settings: SmtpSettings, ledger: Ledger, *, rate_per_minute: int = 60,
            retries: int = 3, backoff: float = 1.0, sleep: Callable[[float], None] = time.sleep,
            after_accept: Callable[[Notice], None] | None = None) -> DeliveryReport:
    """Send each notice once, `rate_per_minute` at most (the definition's; the mail server's, TRACKER_SMTP_RATE in
    `settings`, goes first). `after_accept` is a seam for crash tests, called between the server's
    acceptance and the ledger's record. Every message is built before the first is sent, so a notice
    that cannot become a message fails alone instead of cutting the batch off part-way."""
    with ledger.exclusive():
        return deliver_locked(notices, settings, ledger, rate_per_minute=rate_per_minute, retries=retries,
                              backoff=backoff, sleep=sleep, after_accept=after_accept)


def deliver_locked(notices: list[Notice], settings: SmtpSettings, ledger: Ledger, *, rate_per_minute: int = 60,
                   retries: int = 3, backoff: float = 1.0, sleep: Callable[[float], None] = time.sleep,
                   after_accept: Callable[[Notice], None] | None = None) -> DeliveryReport:
    """`deliver` for a caller that already holds `ledger.exclusive()`: the office's week claims the sections of
    its combined messages and sends them under one hold, so that no other run sees a claim it could take for a
    crashed one."""
    report = DeliveryReport()
    pending = _build_messages(notices, settings, ledger, report)
    conn = _Connection(settings)
    interval = 60.0 / (settings.rate_per_minute or rate_per_minute)
    last_send = 0.0
    in_flight: str | None = None
    unreachable: str | None = None  # the server could not be reached: the rest wait for the next run
    try:
        for notice, message in pending:
            in_flight = None
            if unreachable is not None:
                ledger.mark(notice, "failed", unreachable)
                report.failed[notice.key] = unreachable
                continue
            # The pause between messages comes before the claim: a run killed while it waits (most of its time at a
            # server's pace) leaves the next message unclaimed, to be sent as any other, not 'sending' (uncertain).
            wait = interval - (time.monotonic() - last_send)
            if last_send and wait > 0:
                sleep(wait)
            before = ledger.claim(notice)
            if before is None:  # sent by another run since this one read the ledger
                report.skipped.append(notice.key)
                continue
            ambiguous = before in ("sending", "uncertain")
            in_flight = notice.key
            try:
                attempt = _send_with_retries(conn, message, retries, backoff, sleep)
            except SmtpAuthError as exc:  # the same password will be refused for every message
                ledger.mark(notice, "failed", str(exc))
                raise
            last_send = time.monotonic()
            _record(notice, attempt, ambiguous, ledger, report, after_accept)
            in_flight = None
            # Each message would wait out the timeout and the retries again (30 s, three times, per unit).
            if attempt.error and attempt.error.startswith(_UNREACHABLE):
                unreachable = f"not tried: cannot connect to SMTP server {settings.host}:{settings.port} (previous message)"
    except KeyboardInterrupt as exc:
        log.warning("interrupted after %d of %d messages", len(report.sent) + len(report.resent_ambiguous), len(pending))
        raise DeliveryInterrupted(report, len(pending), in_flight, isinstance(exc, Terminated)) from None
    finally:
        conn.quit()
    return report


_UNREACHABLE = "cannot connect to SMTP server"


def _build_messages(notices: list[Notice], settings: SmtpSettings, ledger: Ledger,
                    report: DeliveryReport) -> list[tuple[Notice, EmailMessage]]:
    """The messages still to send, each built and serialised before the first is sent: a notice that cannot
    become a message is marked failed alone instead of cutting the batch off part-way."""
    pending: list[tuple[Notice, EmailMessage]] = []
    for notice in notices:
        state = ledger.state(notice.key)
        if state == "sent":
            report.skipped.append(notice.key)
            continue
        try:
            message = notice.to_message(settings.sender, settings.sender_name)
            message.as_bytes()  # serialising is where bad header text shows itself
        except (ValueError, TypeError, MessageError) as exc:
            ledger.mark(notice, "failed", f"message cannot be built: {exc}")
            report.failed[notice.key] = f"message cannot be built: {exc}"
            continue
        pending.append((notice, message))
    return pending


def _record(notice: Notice, attempt: Attempt, ambiguous: bool, ledger: Ledger, report: DeliveryReport,
            after_accept: Callable[[Notice], None] | None) -> None:
    """Write one attempt's outcome to the ledger and the report. A failure after DATA is "uncertain", not
    "failed": the server may have delivered it, so the next run resends it under the same Message-ID."""
    if attempt.after_data:
        report.uncertain.append(notice.key)
    if attempt.error is None:
        if after_accept:
            after_accept(notice)
        ledger.mark(notice, "sent", refused=attempt.refused or None)
        (report.resent_ambiguous if ambiguous else report.sent).append(notice.key)
        if attempt.refused:
            report.partly_refused[notice.key] = attempt.refused
        log.info("sent %s %s", notice.key, notice.message_id)
    else:
        ledger.mark(notice, "uncertain" if attempt.after_data else "failed", attempt.error)
        report.failed[notice.key] = attempt.error
        log.warning("failed %s: %s", notice.key, attempt.error)


def _refusals(refused: Mapping[str, tuple[int, bytes]]) -> str:
    return ", ".join(f"{a} ({c})" for a, (c, _) in refused.items())


def _transaction(smtp: smtplib.SMTP, sender: str, message: EmailMessage,
                 data_sent: list[bool]) -> dict[str, tuple[int, bytes]]:
    """One SMTP transaction, step by step so that a connection lost after DATA can be told apart from
    one lost before it. Returns the refused recipients of an accepted message (smtplib's contract)."""
    recipients = [a.addr_spec for h in ("To", "Cc") if message[h] for a in message[h].addresses]
    data = message.as_bytes()
    smtp.ehlo_or_helo_if_needed()
    code, reply = smtp.mail(sender)
    if code != 250:
        smtp.rset()
        raise smtplib.SMTPSenderRefused(code, reply, sender)
    refused: dict[str, tuple[int, bytes]] = {}
    for address in recipients:
        code, reply = smtp.rcpt(address)
        if code not in (250, 251):
            refused[address] = (code, reply)
    if len(refused) == len(recipients):
        smtp.rset()
        raise smtplib.SMTPRecipientsRefused(refused)
    data_sent[0] = True
    code, reply = smtp.data(data)
    if code != 250:
        smtp.rset()
        raise smtplib.SMTPDataError(code, reply)
    return refused


def _send_with_retries(conn: _Connection, message: EmailMessage, retries: int, backoff: float,
                       sleep: Callable[[float], None]) -> Attempt:
    """Accepted (perhaps with some recipients refused), or why it failed for good. Permanent (5xx)
    refusals are not retried."""
    after_data = False
    failed: tuple[Exception, str] | None = None  # the last failure and its words

    def once() -> Attempt:
        nonlocal after_data
        data_sent = [False]
        try:
            refused = _transaction(conn.get(), conn.settings.sender, message, data_sent)
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPResponseException):
            raise  # the server answered: it knows what it accepted
        except OSError:  # the connection dropped (smtplib's errors are OSErrors too: the answered ones are above)
            after_data = after_data or data_sent[0]
            raise
        return Attempt(refused=_refusals(refused), after_data=after_data)

    def decide(exc: Exception, attempt: int) -> float | None:
        nonlocal failed
        failure = _smtp_failure(exc)
        if failure is None:  # a refused login, or not a mail error: raised as is
            return None
        text, permanent = failure
        failed = (exc, text)
        if permanent:
            return None
        if not isinstance(exc, smtplib.SMTPRecipientsRefused):
            conn.drop()  # the next attempt starts on a fresh connection
        return retry_backoff(attempt, backoff) if attempt < retries else None

    try:
        return retry(once, decide, sleep)
    except Exception as exc:
        if failed is None or failed[0] is not exc:
            raise
        return Attempt(failed[1] or "unknown failure", after_data=after_data)


def _smtp_failure(exc: Exception) -> tuple[str, bool] | None:
    """(what went wrong, whether it is permanent) of a failed SMTP transaction; None for a refused login (retrying
    with the same password cannot help) and for anything that is not a mail error."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = {a: c for a, (c, _) in exc.recipients.items()}
        if all(c >= 500 for c in codes.values()):
            return "recipients refused: " + _refusals(exc.recipients), True
        return f"recipients temporarily refused: {codes}", False
    if isinstance(exc, smtplib.SMTPResponseException):
        if exc.smtp_code >= 500 and not isinstance(exc, smtplib.SMTPServerDisconnected):
            return f"server refused the message: {exc.smtp_code} {exc.smtp_error!r}", True
        return f"{exc.smtp_code} {exc.smtp_error!r}", False
    if isinstance(exc, (smtplib.SMTPServerDisconnected, OSError)):
        return f"connection lost: {exc}", False
    if isinstance(exc, DeliveryError) and not isinstance(exc, SmtpAuthError):
        return str(exc), False
    return None
