"""One message per unit per week, one digest for the office: composed from every directive checked.

Each directive decides, as its own run would (notices.unit_notices: level, streak, cool-down), what it
has to say to each unit. The sections are grouped by the office's unit (identity.py) into one message,
each rendered with the directive's own templates (notices/_section, notices/_ack_section) and its own
words; overdue first; one deadline to update. A section whose key (tracker/unit/check date/level) the
ledger holds as sent, from this office's week or from the tracker's own run, is left out; a unit left
with nothing gets nothing. The message claims its sections in the ledger before it goes (week.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tracker.definition import Tracker
from tracker.notices import PROVINCE, Level, Notice, UnitNotice, notice_base, notice_environment, unit_subject
from tracker.office.identity import Identities, OfficeUnit
from tracker.office.workspace import Office
from tracker.report.html import environment
from tracker.result import CheckResult

RANK: dict[str, int] = {"firm": 0, "reminder": 1, "fix": 2, "ack": 3}


@dataclass(frozen=True)
class Combined(Notice):
    """A message that carries several directives' sections: its key names the office, the unit, the date and
    which sections it carries, so that the same sections always make the same Message-ID."""

    sections: tuple[Notice, ...] = field(default=(), repr=False)
    """Each section as the tracker's own run would key it (no text: the key is what the ledger claims)."""

    @property
    def key(self) -> str:
        carried = hashlib.sha256("\n".join(sorted(s.key for s in self.sections)).encode()).hexdigest()[:10]
        return f"{super().key}+{carried}"


@dataclass(frozen=True)
class Section:
    """What one directive says to one unit this week."""

    result: CheckResult
    notice: UnitNotice
    key: Notice
    words: Words = field(repr=False, compare=False)

    @property
    def tracker(self) -> Tracker:
        return self.result.tracker

    @property
    def worst(self) -> int:
        """Days overdue of the unit's most overdue part in this directive."""
        return max((r["status"].days_overdue for r in self.notice.context["overdue"]), default=0)

    def render(self, text: bool) -> str:
        env = self.words.text if text else self.words.html
        name = {"ack": "_ack_section", "fix": "_fix_section"}.get(self.notice.level, "_section")
        ctx = {**self.words.base, **self.notice.context, "level": self.notice.level, "streak": self.notice.streak,
               "nested": True}
        return str(env.get_template(f"notices/{name}.{'txt' if text else 'html'}.j2").render(**ctx)).strip()


@dataclass(frozen=True)
class Words:
    """A directive's templates and the context all its sections share, made once per directive: a template
    environment compiles its templates again, and the deadline reads the working calendar (minutes at national
    scale when made per section)."""

    base: dict[str, Any]
    html: Any
    text: Any

    @classmethod
    def of(cls, result: CheckResult) -> Words:
        env = notice_environment(result.tracker)
        return cls(notice_base(result), env, env.overlay(autoescape=False))


def sender(office: Office) -> str:
    """The tracker column of the office's own messages in the ledger: never a tracker id (those hold no ':')."""
    return f"office:{office.id}"


def sections(result: CheckResult, notices: Iterable[UnitNotice], sent: Mapping[str, str]) -> list[Section]:
    """The directive's sections still to send: a key the ledger holds as sent (at either reminder level, so
    that a firmer or gentler run the same day counts) is left out."""
    t = result.tracker
    words = Words.of(result)
    out = []
    for n in notices:
        key = _key(t, n.unit.id, result.as_of, n.level, n)
        twins = [key.key] + ([_key(t, n.unit.id, result.as_of, other, n).key for other in ("reminder", "firm")]
                             if n.level in ("reminder", "firm") else [])
        if any(sent.get(k) == "sent" for k in twins):
            continue
        out.append(Section(result, n, key, words))
    return out


def section_keys(result: CheckResult, notices: Iterable[UnitNotice]) -> list[str]:
    """Every key `sections` looks up in the ledger."""
    t = result.tracker
    return [_key(t, n.unit.id, result.as_of, level, n).key for n in notices
            for level in (("reminder", "firm") if n.level in ("reminder", "firm") else (n.level,))]


def _key(t: Tracker, unit: str, day: date, level: Level, n: UnitNotice) -> Notice:
    return Notice(t.id, unit, day, level, n.to, n.cc, "", "", "", topic=n.topic if level == "fix" else "")


def combine(office: Office, identities: Identities, found: Sequence[Section], as_of: date,
            page_url: Mapping[str, str] | None = None) -> list[Combined]:
    """One message per office unit, its sections overdue first (the firmest, then the most days overdue)."""
    by_unit: dict[str, list[Section]] = {}
    for s in found:
        by_unit.setdefault(identities.key_of(s.tracker.id, s.notice.unit.id), []).append(s)
    out = []
    html_env = environment()
    env = (html_env, html_env.overlay(autoescape=False))  # made once: each environment compiles its templates
    for unit in identities.units:
        mine = by_unit.get(unit.key)
        if mine:
            mine.sort(key=lambda s: (RANK[s.notice.level], -s.worst))
            out.append(_message(office, unit, mine, as_of, (page_url or {}).get(unit.key), env))
    return out


def _message(office: Office, unit: OfficeUnit, found: list[Section], as_of: date, page: str | None,
             env: tuple[Any, Any]) -> Combined:
    to = list(dict.fromkeys(a for s in found for a in s.notice.to))
    cc = [a for a in dict.fromkeys(a for s in found for a in s.notice.cc) if a not in to]
    level: Level = min((s.notice.level for s in found), key=lambda lv: RANK[lv])
    if len(found) == 1:
        only = found[0]
        subject = unit_subject(only.tracker, unit.name, only.notice.level, only.notice.streak)
    elif level == "ack":
        subject = f"V/v ghi nhận hoàn thành {len(found)} văn bản — {unit.name}"
    elif level == "fix":
        subject = f"V/v đề nghị sửa dữ liệu báo cáo {len(found)} văn bản — {unit.name}"
    else:
        subject = f"V/v {'đôn đốc' if level == 'firm' else 'nhắc'} thực hiện {len(found)} văn bản — {unit.name}"
    due = [s.words.base for s in found if s.notice.level != "ack"]
    deadline = min(due, key=lambda b: (b["deadline"], b["deadline_time"])) if due else None
    ctx: dict[str, Any] = {
        "o": office.office, "unit": unit, "as_of": as_of, "subject": subject, "deadline": deadline, "page": page,
        "sections": [{"t": s.tracker, "level": s.notice.level, "text": s.render(True), "html": s.render(False)}
                     for s in found],
        "overdue": sum(1 for s in found if s.notice.level in ("reminder", "firm")),
    }
    html = env[0].get_template("office/unit.html.j2").render(**ctx)
    text = env[1].get_template("office/unit.txt.j2").render(**ctx)
    return Combined(sender(office), unit.key, as_of, level, tuple(to), tuple(cc), subject, text, html,
                    sections=tuple(s.key for s in found))


def digest(office: Office, as_of: date, ctx: dict[str, Any], constituents: Sequence[Notice],
           attachments: tuple[tuple[str, bytes], ...] = ()) -> Combined | None:
    """The office's digest of the week (every directive), claiming each checked directive's own digest."""
    from tracker.notices import clean_addresses

    staff, _ = clean_addresses(office.office.staff_emails)
    if not staff:
        return None
    subject = f"V/v tổng hợp tình hình thực hiện các văn bản đến ngày {as_of:%d/%m/%Y}"
    env = environment()
    full = {**ctx, "o": office.office, "subject": subject, "as_of": as_of}
    html = env.get_template("office/digest.html.j2").render(**full)
    text = env.overlay(autoescape=False).get_template("office/digest.txt.j2").render(**full)
    return Combined(sender(office), PROVINCE, as_of, "digest", tuple(staff), (), subject, text, html, attachments,
                    sections=tuple(constituents))


def digest_key(t: Tracker, as_of: date) -> Notice:
    """A directive's own digest, as `tracker remind` keys it."""
    return Notice(t.id, PROVINCE, as_of, "digest", (), (), "", "", "")
