"""Notices: a check's findings + the escalation policy -> the emails to send (jinja2 templates as files).

Levels: `reminder` (a unit with an overdue part), `firm` (still overdue after `firm_after` consecutive
checks; leadership in cc), `fix` (a unit with nothing overdue but rows that do not count until fixed: the
list of those rows, sent once for each different list), `ack` (optional, a unit that has finished),
`digest` (to the province, naming every lagging unit, with the gap matrix attached). Nothing here sends;
delivery.py does.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date
from email.charset import BASE64, Charset
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from email_validator import EmailNotValidError, validate_email

from tracker.definition import WEEKDAYS, Tracker, Unit, work_calendar
from tracker.evaluate import DONE, STATUS_VI
from tracker.files.atomic import write_all_atomic
from tracker.periods import WEEKDAY_VI
from tracker.report import STATUS_COLOURS, advisory, due_label, part_label, to_fix
from tracker.report.html import environment
from tracker.report.unit_page import cell_link
from tracker.text import opening_phrase
from tracker.workdays import WorkCalendar, next_weekday, update_deadline

if TYPE_CHECKING:
    from tracker.problems import Problem
    from tracker.result import CheckResult

Level = Literal["reminder", "firm", "fix", "ack", "digest"]
LEVEL_VI: dict[str, str] = {"reminder": "nhắc", "firm": "đôn đốc", "fix": "sửa dữ liệu", "ack": "ghi nhận",
                             "digest": "tổng hợp"}
"""Each level as the province's staff read it where messages are listed (the command line, the notebook)."""
PROVINCE = "__province__"
ATTACHMENT_TYPES = {
    ".xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".pdf": ("application", "pdf"),
    ".html": ("text", "html"),
}
"""An attachment's type by its file name's suffix: a mail client opens a Word report with Word only when told so."""


def attachment_type(name: str) -> tuple[str, str]:
    return ATTACHMENT_TYPES.get(Path(name).suffix.lower(), ("application", "octet-stream"))


@dataclass(frozen=True)
class Notice:
    tracker: str
    unit: str
    check_date: date
    level: Level
    to: tuple[str, ...]
    cc: tuple[str, ...]
    subject: str
    text: str
    html: str
    attachments: tuple[tuple[str, bytes], ...] = field(default=(), repr=False)
    topic: str = ""
    """What the message is about when it is sent once per change rather than once per check: the digest of
    the rows to fix of a `fix` notice. The key then holds it instead of the check date."""

    @property
    def key(self) -> str:
        if self.topic:
            return f"{self.tracker}/{self.unit}/{self.level}/{self.topic}"
        return f"{self.tracker}/{self.unit}/{self.check_date.isoformat()}/{self.level}"

    @property
    def message_id(self) -> str:
        """Stable for the key, so a resend after a crash can be recognised by the receiver."""
        digest = hashlib.sha256(self.key.encode("utf-8")).hexdigest()[:32]
        return f"<{digest}@{_safe_domain(self.tracker)}.tracker.invalid>"

    def to_message(self, sender: str, sender_name: str = "") -> EmailMessage:
        msg = EmailMessage(policy=_POLICY)
        msg.set_raw("Subject", encoded_header("Subject", _one_line(self.subject)))
        msg.set_raw("From", _mailbox(_one_line(sender_name), sender))
        msg["To"] = [Address(addr_spec=a) for a in self.to]
        if self.cc:
            msg["Cc"] = [Address(addr_spec=a) for a in self.cc]
        msg["Message-ID"] = self.message_id
        msg["Date"] = format_datetime(_noon(self.check_date))
        msg["X-Tracker-Key"] = self.key
        msg.set_content(self.text)
        msg.add_alternative(self.html, subtype="html")
        for name, data in self.attachments:
            maintype, subtype = attachment_type(name)
            msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
        return msg


def _noon(day: date) -> Any:
    from datetime import datetime

    return datetime(day.year, day.month, day.day, 1, 0, tzinfo=UTC)  # 08:00 in Hà Nội


def _safe_domain(text: str) -> str:
    return re.sub(r"[^a-z0-9-]", "-", text.lower()).strip("-")[:50] or "tracker"


def _one_line(text: str) -> str:
    """Header text can never carry a line break (header injection) or a control character; Unicode's
    own line breaks (U+2028, U+2029, NEL) count, since the email package splits headers on them too; a lone
    surrogate cannot be encoded at all."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]+", " ", text).strip()


def encoded_header(name: str, text: str) -> str:
    """The header value folded by hand into RFC 2047 encoded words, each holding its own spaces.

    The email package folds a long non-ASCII header into encoded words with the space between two
    words left outside them, and decoders drop whitespace between encoded words: "tuyên truyền" arrives
    as "tuyêntruyền". email.header.Header encodes the whole text, spaces included, in chunks under the
    line limit; set_raw keeps that folding as it is.
    """
    if text.isascii():
        return text
    return Header(text, _BASE64_UTF8, header_name=name).encode(linesep="\r\n")


def _mailbox(name: str, address: str) -> str:
    """From's value: an ASCII name quoted where needed, any other as ONE base64 encoded word.

    Split into several words, the name reads back with a space inserted at each split in Python's
    parser (which keeps whitespace between encoded words in a phrase) or with one lost in readers that
    follow RFC 2047: one word is read the same by both. It may pass RFC 2047's 75 characters; mail
    readers accept that, and the line stays far under SMTP's 998.
    """
    if not name or name.isascii():
        return formataddr((name, address))
    return f"{_BASE64_UTF8.header_encode(name)} <{address}>"


_POLICY = SMTP.clone(refold_source="none")  # headers set with set_raw are already folded: keep them
_BASE64_UTF8 = Charset("utf-8")
_BASE64_UTF8.header_encoding = BASE64


def clean_addresses(addresses: list[str]) -> tuple[list[str], list[str]]:
    """(valid, rejected): anything that is not exactly one address is rejected, never split or guessed."""
    valid: list[str] = []
    rejected: list[str] = []
    for raw in addresses:
        if re.search(r"[\r\n,;<>\"]", raw):
            rejected.append(raw)
            continue
        try:
            # ASCII for SMTP: an internationalised domain travels as its xn-- form; a non-ASCII local
            # part needs SMTPUTF8, which many servers lack, so it is refused here (and at validation).
            checked = validate_email(raw.strip(), check_deliverability=False, allow_smtputf8=False)
            valid.append(checked.ascii_email or checked.normalized)
        except EmailNotValidError:
            rejected.append(raw)
    return valid, rejected


def next_deadline(check_date: date, weekday: str) -> date:
    return next_weekday(check_date, WEEKDAYS.index(weekday))


def reminder_deadline(check_date: date, weekday: str, cal: WorkCalendar) -> date:
    """The units' deadline to update after a check (tracker.workdays.update_deadline)."""
    return update_deadline(check_date, WEEKDAYS.index(weekday), cal)


SUBJECT_MAX = 100
"""Mail readers show about this much of a subject; the unit's name is always kept whole."""


def subject_line(prefix: str, title: str, unit_name: str = "", suffix: str = "", short: str = "") -> str:
    """'V/v nhắc thực hiện <title> — <unit>' under SUBJECT_MAX characters: the unit's name is never cut. A title
    too long is shortened to its longest opening phrase that fits ('… trực tuyến' before 'năm 2026 — tỉnh …'),
    else replaced by `short` (the tracker's word for its campaign), else cut at a word with '…'."""
    tail = f" — {unit_name}" if unit_name else ""
    room = SUBJECT_MAX - len(prefix) - len(tail) - len(suffix)
    if len(title) > room:
        phrase = opening_phrase(title, room)
        if phrase:
            title = phrase
        elif short:  # a few characters over SUBJECT_MAX read better than a word cut in two
            title = short
        else:
            title = title[: max(0, room - 1)].rsplit(" ", 1)[0].rstrip(" ,;:—–-") + "…"
    return f"{prefix}{title}{suffix}{tail}"


def _unit_context(result: CheckResult, unit_id: str) -> dict[str, Any]:
    t = result.tracker
    unit = t.unit(unit_id)
    titles = {p.id: p for _, p in t.parts()}
    rows: list[dict[str, Any]] = []
    for ts in result.evaluation.unit_tasks(unit_id):
        task = next(x for x in t.tasks if x.id == ts.task)
        for part in ts.parts:
            if part.status == "not_applicable":
                continue  # nobody is reminded of, or thanked for, a part that does not apply to them
            rows.append({"task": task, "part": titles[part.part], "status": part, "label": part_label(part, marked=False),
                         "due": due_label(part), "status_vi": STATUS_VI[part.status],
                         "colour": STATUS_COLOURS[part.status]})
    sheet = result.intake.units[unit_id].sheet
    link = result.sheet_link(sheet)
    # A problem on a row the province accepted is shown in reports, but nobody is chased to fix it.
    problems = [p for p in result.unit_problems(unit_id) if not p.params.get("accepted")]
    fix = [{"p": p, "link": cell_link(result.sheet_link(p.sheet) or link, p)} for p in to_fix(problems)]
    advice = [{"p": p, "link": cell_link(result.sheet_link(p.sheet) or link, p)} for p in advisory(problems)]
    return {"unit": unit, "rows": rows, "problems": problems, "fix": fix, "advice": advice, "sheet": sheet or unit.sheet,
            "sheet_link": link or t.province.sheet_url,
            "overdue": [r for r in rows if r["status"].status == "overdue"],
            "in_progress": [r for r in rows if r["status"].status == "in_progress"],
            "done": [r for r in rows if r["status"].status in DONE]}


def fix_topic(problems: list[Problem]) -> str:
    """The digest of a unit's rows to fix: the same list gives the same `fix` notice key, a changed one a new key."""
    lines = sorted(f"{p.sheet}|{p.cell or p.row or ''}|{p.code}|{p.value}" for p in problems)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Escalation:
    """What earlier runs sent, as data (the send ledger is read by the weekly run, not here).

    `reminded_before`: consecutive earlier checks at which each unit was reminded, for when no history
    gives the overdue streak; `cooled`: (unit, level) pairs sent within the cool-down; `acknowledged`:
    units already thanked; `sent_keys`: the `fix` notices already sent.
    """

    reminded_before: Mapping[str, int] = field(default_factory=dict)
    cooled: frozenset[tuple[str, str]] = frozenset()
    acknowledged: frozenset[str] = frozenset()
    sent_keys: frozenset[str] = frozenset()
    """Keys of messages sent once per change (`fix`) that were sent already: the same list is not sent again."""


@dataclass(frozen=True)
class UnitNotice:
    """What a check calls for one unit, before it is written: the level, its streak and the recipients."""

    unit: Unit
    level: Level
    streak: int
    to: tuple[str, ...]
    cc: tuple[str, ...]
    context: dict[str, Any] = field(repr=False, compare=False)
    """The unit's part of the templates' context (_unit_context)."""
    topic: str = ""
    """For a `fix` notice, the digest of its rows to fix (Notice.topic)."""


def unit_notices(result: CheckResult, escalation: Escalation | None = None,
                 streaks: Mapping[str, int] | None = None) -> list[UnitNotice]:
    """Per unit with an address, the level this check calls for after escalation and cool-down: the
    decision both a tracker's own run and the office's week (tracker.office) take the same way."""
    esc = escalation or Escalation()
    t = result.tracker
    policy = t.reminders
    out: list[UnitNotice] = []
    lagging = set(result.evaluation.lagging_units())
    for unit in t.units:
        to, _ = clean_addresses(unit.contacts)
        if not to:
            continue
        ctx = _unit_context(result, unit.id)
        if unit.id in lagging:
            streak = (streaks or {}).get(unit.id) or esc.reminded_before.get(unit.id, 0) + 1
            level: Level = "firm" if streak > policy.firm_after else "reminder"
            if (unit.id, level) in esc.cooled:
                continue
            cc, _ = clean_addresses(unit.leaders_cc) if level == "firm" else ([], [])
            out.append(UnitNotice(unit, level, streak, tuple(to), tuple(cc), ctx))
            continue
        if ctx["fix"]:  # nothing overdue, yet rows that do not count until fixed: the list, once per change
            topic = fix_topic([f["p"] for f in ctx["fix"]])
            if f"{t.id}/{unit.id}/fix/{topic}" not in esc.sent_keys:
                out.append(UnitNotice(unit, "fix", 0, tuple(to), (), ctx, topic))
        if (policy.acknowledge_done and ctx["rows"] and all(r["status"].status in DONE for r in ctx["rows"])
                and unit.id not in esc.acknowledged):
            out.append(UnitNotice(unit, "ack", 0, tuple(to), (), ctx))
    return out


SUBJECT_PREFIX: dict[str, str] = {"reminder": "V/v nhắc thực hiện ", "fix": "V/v đề nghị sửa dữ liệu ",
                                  "ack": "V/v ghi nhận hoàn thành "}


def unit_subject(t: Tracker, unit_name: str, level: Level, streak: int) -> str:
    """A unit's message about one directive: 'V/v nhắc thực hiện <title> — <unit>' and its firmer, corrective and
    thankful kin, kept under about 100 characters with the unit's name whole."""
    prefix = f"V/v đôn đốc lần thứ {streak} thực hiện " if level == "firm" else SUBJECT_PREFIX[level]
    return subject_line(prefix, t.title, unit_name, short=t.terms.campaign)


def notice_base(result: CheckResult) -> dict[str, Any]:
    """The templates' context every message of a check shares: the tracker, the date, the deadline to update."""
    t = result.tracker
    deadline = reminder_deadline(result.as_of, t.rhythm.deadline_weekday, work_calendar(t))
    return {"t": t, "as_of": result.as_of, "deadline": deadline, "deadline_time": t.rhythm.deadline_time,
            "deadline_weekday": WEEKDAY_VI[deadline.weekday()], "status_vi": STATUS_VI}


def notice_environment(t: Tracker) -> Any:
    """The templates of a tracker's messages: its own folder (reminders.templates) over the bundled ones."""
    return environment(Path(t.base_dir) / t.reminders.templates if t.reminders.templates else None)


def compose_notices(result: CheckResult, escalation: Escalation | None = None, streaks: Mapping[str, int] | None = None,
                    report_xlsx: bytes | None = None) -> list[Notice]:
    """Every message this check calls for, after escalation and cool-down."""
    t = result.tracker
    env = notice_environment(t)
    base = notice_base(result)
    notices: list[Notice] = []
    lagging = result.evaluation.lagging_units()
    for n in unit_notices(result, escalation, streaks):
        unit, level, streak = n.unit, n.level, n.streak
        subject = unit_subject(t, unit.name, level, streak)
        if level in ("ack", "fix"):
            notices.append(_render(env, level, t.id, unit.id, result.as_of, level, list(n.to), [], subject,
                                   {**base, **n.context, "level": level}, topic=n.topic))
            continue
        ctx = {**base, **n.context, "level": level, "streak": streak}
        notices.append(_render(env, "reminder", t.id, unit.id, result.as_of, level, list(n.to), list(n.cc), subject,
                               ctx))
    staff, _ = clean_addresses(t.province.staff_emails)
    if staff:
        lag = [{**_unit_context(result, u), "streak": (streaks or {}).get(u, 1)} for u in lagging]
        if report_xlsx is None:
            report_xlsx = _matrix_bytes(result)
        subject = subject_line("V/v tổng hợp tình hình thực hiện ", t.title, suffix=f" đến ngày {result.as_of:%d/%m/%Y}",
                               short=t.terms.campaign)
        # Units with rejected rows but nothing overdue get a `fix` notice, not a reminder; the province sees them here.
        rejected = [(u, count) for u in t.units if u.id not in lagging
                    and (count := len(to_fix(p for p in result.unit_problems(u.id) if not p.params.get("accepted"))))]
        ctx = {**base, "lagging": lag, "rejected": rejected, "r": result, "ev": result.evaluation,
               "counts": result.intake.counts,
               "changes": result.changes, "names": {u.id: u.name for u in t.units}, "level": "digest"}
        notices.append(_render(env, "digest", t.id, PROVINCE, result.as_of, "digest", staff, [], subject, ctx,
                               attachments=((f"tong-hop-{result.as_of:%Y-%m-%d}.xlsx", report_xlsx),)))
    return notices


def _render(env: Any, name: str, tracker: str, unit: str, day: date, level: Level, to: list[str], cc: list[str],
            subject: str, ctx: dict[str, Any], attachments: tuple[tuple[str, bytes], ...] = (),
            topic: str = "") -> Notice:
    html = env.get_template(f"notices/{name}.html.j2").render(**ctx, subject=subject)
    text_env = env.overlay(autoescape=False)
    text = text_env.get_template(f"notices/{name}.txt.j2").render(**ctx, subject=subject)
    return Notice(tracker, unit, day, level, tuple(to), tuple(cc), subject, text, html, attachments, topic)


def _matrix_bytes(result: CheckResult) -> bytes:
    from tracker.report.xlsx import xlsx_bytes

    return xlsx_bytes(result)


def write_outbox(notices: list[Notice], folder: str | Path, sender: str = "tracker@example.org",
                 sender_name: str = "") -> list[Path]:
    """Dry run: each message as an .eml file a mail client can open."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = _outbox_paths(notices, folder)
    # Each file whole, the folder synced once at the end, not after each file: a national week's 3,322 messages
    # waited 29 s on those syncs (docs/benchmarks.md).
    write_all_atomic((path, n.to_message(sender, sender_name).as_bytes()) for path, n in zip(paths, notices,
                                                                                               strict=True))
    return paths


def _outbox_paths(notices: list[Notice], folder: Path) -> list[Path]:
    """A file name for each message, one each: units whose ids read alike in a file name ('xa-an.binh',
    'xa-an_binh', two long ids alike in their first 50 characters) or two messages of one unit, day and level get
    '-2', '-3', … rather than one file holding the last of them."""
    used: set[str] = set()
    paths = []
    for n in notices:
        base = name = f"{n.check_date:%Y-%m-%d}-{n.level}-{_safe_domain(n.unit)}"
        count = 1
        while name in used:
            count += 1
            name = f"{base}-{count}"
        used.add(name)
        paths.append(folder / f"{name}.eml")
    return paths
