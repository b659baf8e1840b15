"""Score `tracker draft` on real published directives (tests/data/published/), per half, against hand-written truth.

Each `NAME.truth.json` beside `NAME.txt` says what a careful reader takes from the document (format in
tests/data/published/README.md). The draft is made with today's `tracker.authoring.draft.draft_file` and scored by
what issue 28's criteria mean, not by the draft's internals:

- metadata: kind, number, issuer, parent, place, issue date, subject, signer, signer title (compared
  normalised: case, spacing, punctuation, "UBND" = "Ủy ban nhân dân", a leading "V/v", old and new
  tone placement "hoá" = "hóa"; diacritics kept);
- assignees recall and precision: the draft's units are what it claims the text gives tasks to, so
  both are measured on them, never on the copy list (`Draft.recipients`, where "Nơi nhận" only
  suggests). The draft's claims are the phrases its units came from, once each (`DraftUnit.recipient`:
  "UBND các xã, phường" once, not its 78 communes) and the groups it leaves to a person
  (`Draft.unexpanded`). Recall: each truth assignee of role `lead` or `assigned` matches a claim or a
  unit's name. Precision: each claim matches a truth assignee of any role or a truth group; a body
  only copied (`recipients_only`) or not in the text's tasks counts wrong. Names match when equal after `norm`, or
  when one holds the other whole (two words or more); a head's title before its body reads as the body
  (`as_bodies`: "Bộ trưởng, Thủ trưởng cơ quan ngang bộ" = "Các Bộ, cơ quan ngang bộ", "Chủ tịch UBND tỉnh" = "UBND
  tỉnh", "Giám đốc Sở Y tế" = "Sở Y tế"; not a deputy's "Phó …"), since a tracker tracks bodies and the head of a
  body given a task stands for it (the fifteenth round's convention, every half alike, no truth file rewritten);
- deadlines exactly right: a truth deadline of role task, report, period or event with an exact value
  is right when a part's deadline reads the same (each part's value used once), written as the truth
  writes values (`Deadline.spec()` translated: a yearly `year 15 m12` is `year 12-15`, a year, quarter
  or half-year without a day or month falls on the period's last day and month as the tracker format
  reads it, a weekly report without an hour is due at the format's 17:00 on both sides and its weekday
  reads in English or Vietnamese; the truth
  writes quarterly and half-yearly schedules without a day, so any quarterly or half-yearly
  recurrence matches them). A `period` value is right when it is the draft's campaign period; an
  `event` also when it is a key date's day or the campaign's first or last day;
- references misread: a reference's, example's or the issue date's day put on a part as a deadline
  (unless the same day is also a true deadline);
- recurring reports scheduled: a truth recurring report is scheduled when a part recurs with its
  interval and, where the truth gives them, its day, month, weekday and hour;
- duplicate ids: task ids, part ids (across tasks), unit ids and sheet names that repeat, each among its own
  kind as the tracker format requires;
- dated phrases lost: every truth dated phrase but the issue date (which is metadata) must end
  somewhere in the draft, as the issue asks of "every dated phrase": on a part (its exact value, or a
  deadline phrase of the same wording (dates compared in one spelling: "ngày 15 tháng 12 năm 2020" is the
  draft's "ngày 15/12/2020"), a TODO's included, on a part that or whose task starts at most 40 lines above the
  phrase, or at the first line of the annex row printed a cell per line that holds the phrase),
  on the campaign period, on a key date, or in `Draft.unused_dates` at the phrase's line (or the two
  after it, where a wrapped phrase's date falls) with a text holding its date. References and targets
  count here too: they are dated phrases a person must be able to find;
- numbered task items kept: a truth item with `task: true` whose line starts a draft task or part;
- numbered items lost: a truth item (task or not) whose line starts no task or part and is in no
  `Draft.not_tasks` entry;
- validation: problems `tracker validate-definition` finds in the draft's YAML, and of them those the
  draft itself caused (approximated: no TODO is written on the node the problem names, `todo_in_node`;
  until 2026-12-06 only the problem's line and the one before it were read, which counted a part's missing
  deadline as the draft's own while its TODO stood three lines down).

    .venv/bin/python benchmarks/published_score.py --half train     # a table, then every miss
    .venv/bin/python benchmarks/published_score.py --half train --json
    .venv/bin/python benchmarks/published_score.py                  # both halves (held-out: to report only)
"""

from __future__ import annotations

import calendar
import json
import re
import sys
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tracker.authoring.draft import Deadline, Draft, Found, draft_file, open_problems, render_yaml
from tracker.text import fold

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "published"
PDF_CORPUS = ROOT / "tests" / "data" / "published-pdf"
"""Truth files of published PDFs whose documents may not be committed (a `fetch`ed snapshot's files): the PDFs and
their text live in PDF_DATA, rebuilt by benchmarks/published_pdf_fetch.py."""
PDF_DATA = ROOT / "benchmarks" / "data" / "published-pdf"
PDF_HALVES = ("fresh13", "fresh14-pdf")
"""Scored only when asked for (`--half fresh13`): their documents are not in git, so a clean clone has none."""
HALVES = ("heldout", "train", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8", "fresh9", "fresh10", "fresh11", "fresh12",
          "fresh14")
"""fresh/ to fresh12/ and fresh14/: the batches gathered on 2026-12-05 and 2026-12-06 after the held-out half was spent, each held
out until scored at first sight, then tuned on in a later round (tests/data/published/README.md)."""
DEADLINE_ROLES = ("task", "report", "period", "event")
NOT_DEADLINE_ROLES = ("reference", "example", "issue-date")
METADATA = ("kind", "number", "issuer", "parent", "place", "issued_on", "subject", "signer", "signer_title")
CATEGORIES = ("metadata", "assignees recall", "assignees precision", "deadlines exact", "references misread",
              "recurring reports", "duplicate ids", "dated phrases lost", "task items kept", "numbered items lost",
              "validation own/all")
COUNTED = ("duplicate ids", "dated phrases lost", "numbered items lost", "validation own/all")
"""Categories whose first figure counts faults (the fewer the better), not what is right."""
QUOTE_REACH = 40
"""A part's deadline phrase lies at most this many lines below the line its task starts on."""

# Old and new tone placement ('hoá'/'hóa', 'thuỷ'/'thủy') are one spelling.
_TONES = str.maketrans({"á": "a\u0301", "à": "a\u0300", "ả": "a\u0309", "ã": "a\u0303", "ạ": "a\u0323",
                        "é": "e\u0301", "è": "e\u0300", "ẻ": "e\u0309", "ẽ": "e\u0303", "ẹ": "e\u0323",
                        "ý": "y\u0301", "ỳ": "y\u0300", "ỷ": "y\u0309", "ỹ": "y\u0303", "ỵ": "y\u0323"})


def _tone_first(match: re.Match[str]) -> str:
    """'oá' -> 'óa': the mark on the first vowel of 'oa', 'oe', 'uy', as the new spelling writes it."""
    first, second = match.group(1), match.group(2).translate(_TONES)
    return unicodedata.normalize("NFC", first + second[1:]) + second[0]


def norm(text: str | None) -> str:
    """A name or phrase compared loosely: NFC, lower case, one space, no punctuation, 'UBND' for 'Ủy ban nhân
    dân', one tone placement, no leading 'V/v', no 'các'."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFC", str(text)).casefold()
    s = re.sub(r"([ou])([áàảãạéèẻẽẹýỳỷỹỵ])(?![a-zà-ỹđ])", _tone_first, s)
    s = re.sub(r"ủy ban nhân dân", "ubnd", s)
    s = re.sub(r"^\s*(v/v|về việc)\s*:?\s*", "", s)
    s = re.sub(r"[.,;:()\"“”]", " ", s)
    s = re.sub(r"\bcác\b", " ", s)
    return " ".join(s.split())


# A head's title before its body ('Bộ trưởng', 'Thủ trưởng cơ quan …', 'Chủ tịch UBND …', 'Giám đốc Sở …'; not a
# deputy's, 'Phó …'): the head of a body given a task stands for the body, so the title reads as the body's name.
_HEADS = ((re.compile(r"(?<!phó )\bbộ trưởng(?: bộ\b)?"), "bộ"),
          (re.compile(r"(?<!phó )\b(?:thủ trưởng|chủ tịch(?= ubnd\b)|giám đốc(?= sở\b)) "), ""))


def as_bodies(name: str) -> str:
    """A normalised name with its heads' titles read as their bodies: 'bộ trưởng thủ trưởng cơ quan ngang bộ' ->
    'bộ cơ quan ngang bộ' (the draft's 'Các Bộ, cơ quan ngang bộ'), 'chủ tịch ubnd tỉnh' -> 'ubnd tỉnh'."""
    for pattern, body in _HEADS:
        name = pattern.sub(body, name)
    return " ".join(name.split())


def names_match(a: str, b: str) -> bool:
    """Equal when normalised, or one holds the other whole (at least two words): 'Sở Nội vụ' ⊂ 'Giao Sở Nội vụ'; a
    head's title with its body is the body ('Bộ trưởng, Thủ trưởng cơ quan ngang bộ' = 'Các Bộ, cơ quan ngang bộ')."""
    x, y = as_bodies(norm(a)), as_bodies(norm(b))
    if not x or not y:
        return False
    if x == y:
        return True
    short, long_ = (x, y) if len(x) <= len(y) else (y, x)
    return len(short.split()) >= 2 and f" {short} " in f" {long_} "


@dataclass
class Score:
    """One category of one document: right out of total, and what was wrong."""

    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, miss: str) -> None:
        self.total += 1
        if ok:
            self.right += 1
        else:
            self.misses.append(miss)


def _value(found: Found | None) -> Any:
    return None if found is None else found.value


def draft_metadata(d: Draft) -> dict[str, Any]:
    return {"kind": _value(d.kind), "number": _value(d.number), "issuer": _value(d.issuer), "parent": _value(d.parent),
            "place": _value(d.place), "issued_on": d.issued_on.isoformat() if d.issued_on else None,
            "subject": _value(d.subject), "signer": _value(d.signer), "signer_title": _value(d.signer_title)}


def score_metadata(truth: dict[str, Any], got: dict[str, Any]) -> Score:
    s = Score()
    for key in METADATA:
        want = truth["metadata"].get(key)
        have = got.get(key)
        ok = (want is None and have is None) or (want is not None and have is not None and norm(want) == norm(have))
        s.add(ok, f"{key}: {have!r} ≠ {want!r}")
    return s


def unit_claims(d: Draft) -> list[str]:
    """What the draft says the text gives tasks to: the phrase each unit came from, once, and the groups left to
    a person. Drafts made before issue 28 have no `unexpanded` groups of their own kind: what they have counts."""
    seen: set[int] = set()
    out: list[str] = []
    for u in d.units:
        if id(u.recipient) not in seen:
            seen.add(id(u.recipient))
            out.append(str(u.recipient.value))
    return out + [str(r.value) for r in d.unexpanded]


def score_assignees(truth: dict[str, Any], d: Draft) -> tuple[Score, Score]:
    required = [a["name"] for a in truth["assignees"] if a["role"] in ("lead", "assigned")]
    acceptable = [a["name"] for a in truth["assignees"]] + [g["name"] for g in truth["groups"]]
    claims = unit_claims(d)
    named = claims + [u.name for u in d.units]
    recall, precision = Score(), Score()
    for name in dict.fromkeys(required):
        recall.add(any(names_match(name, r) for r in named), f"missing assignee {name!r}")
    for claim in claims:
        precision.add(any(names_match(claim, a) for a in acceptable), f"not an assignee {claim!r}")
    return recall, precision


def truth_value(dl: Deadline) -> str | None:
    """A draft deadline in the truth's spelling of values (README, "Truth format"); None for a TODO."""
    if dl.due is not None:
        return f"due {dl.due.isoformat()}"
    if dl.every == "week":
        return f"week {dl.weekday} {dl.time or '17:00'}"
    if dl.every == "month" and dl.day:
        return f"month {dl.day}"
    if dl.every in ("quarter", "half-year"):
        return dl.every
    if dl.every == "year":
        month = dl.month or 12
        return f"year {month:02d}-{dl.day or calendar.monthrange(2001, month)[1]:02d}"
    if dl.every == "day":
        return f"day {dl.time or '17:00'}"
    return None


_WEEKDAYS = {"thứ hai": "monday", "thứ ba": "tuesday", "thứ tư": "wednesday", "thứ năm": "thursday",
             "thứ sáu": "friday", "thứ bảy": "saturday", "chủ nhật": "sunday"}


def weekday(name: Any) -> str:
    """A weekday as the draft spells it, from English or Vietnamese ('friday', 'Friday', 'thứ Sáu')."""
    key = " ".join(str(name or "").casefold().split())
    return _WEEKDAYS.get(key, key)


def canonical(value: str) -> str:
    """A truth value in one spelling: a weekly 'week thứ Sáu' is 'week friday 17:00' (the format's hour)."""
    m = re.fullmatch(r"week\s+(.+?)(?:\s+(\d{1,2}:\d{2}))?", value.strip())
    if m is None:
        return value
    return f"week {weekday(m.group(1))} {m.group(2) or '17:00'}"


def part_values(d: Draft) -> list[tuple[str, int, Deadline]]:
    """(truth-spelled value, the line its task starts on, deadline) for every part with a deadline."""
    out: list[tuple[str, int, Deadline]] = []
    for t in d.tasks:
        for p in t.parts:
            value = truth_value(p.deadline) if p.deadline is not None else None
            if value is not None and p.deadline is not None:
                out.append((value, min(t.line, p.line), p.deadline))
    return out


def _period(d: Draft) -> tuple[date, date] | None:
    if d.period is None:
        return None
    start, end = d.period.value
    assert isinstance(start, date) and isinstance(end, date)
    return start, end


def _held_elsewhere(x: dict[str, Any], d: Draft) -> bool:
    """A period that is the campaign's; an event on a key date or on the campaign's first or last day."""
    period = _period(d)
    if period is not None and x["value"] == f"period {period[0].isoformat()}..{period[1].isoformat()}":
        return True
    if x["role"] == "event" and x["value"].startswith("due "):
        days = {f"due {k.value[1].isoformat()}" for k in d.key_dates}
        if period is not None:
            days |= {f"due {period[0].isoformat()}", f"due {period[1].isoformat()}"}
        return bool(x["value"] in days)
    return False


def score_deadlines(truth: dict[str, Any], d: Draft) -> tuple[Score, Score]:
    targets = [x for x in truth["deadlines"] if x["role"] in DEADLINE_ROLES and x["value"] != "vague"]
    pool = Counter(value for value, _, _ in part_values(d))
    exact = Score()
    for x in sorted(targets, key=lambda x: x["line"]):
        value = canonical(x["value"])
        on_part = pool[value] > 0
        if on_part:
            pool[value] -= 1
        exact.add(on_part or _held_elsewhere(x, d), f"line {x['line']} {x['phrase']!r}: {x['value']} not on any part")
    wanted = {x["value"] for x in targets}
    placed = Counter(value for value, _, _ in part_values(d))
    misread = Score()
    for x in truth["deadlines"]:
        if x["role"] in NOT_DEADLINE_ROLES and x["value"] not in wanted:
            # right when the draft did NOT turn this date into a part's deadline
            misread.add(placed[x["value"]] == 0, f"line {x['line']} {x['phrase']!r} ({x['role']}) became a deadline")
    return exact, misread


def schedule_of(report: dict[str, Any]) -> str:
    """A truth recurring report, spelled for the listing of misses."""
    extras = [f"{k} {report[k]}" for k in ("weekday", "day", "month", "time") if report.get(k) is not None]
    return " ".join([str(report["every"]), *extras])


def _schedules(report: dict[str, Any], dl: Deadline) -> bool:
    """Whether a part's recurrence is the truth report's: its interval, and each of day, month, weekday and
    hour the truth gives (a weekly report without an hour is due at the format's 17:00)."""
    every = report["every"]
    if dl.every != every:
        return False
    if every == "week":
        return dl.weekday == weekday(report.get("weekday")) and (dl.time or "17:00") == (report.get("time") or "17:00")
    if every == "year" and report.get("month") is not None:
        return truth_value(dl) == f"year {int(report['month']):02d}-{int(report.get('day') or 0):02d}" \
            or (report.get("day") is None and (dl.month or 12) == report["month"])
    return report.get("day") is None or dl.day == report["day"]


def score_recurring(truth: dict[str, Any], d: Draft) -> Score:
    deadlines = [dl for _, _, dl in part_values(d)]
    s = Score()
    for r in truth["recurring_reports"]:
        s.add(any(_schedules(r, dl) for dl in deadlines), f"line {r['line']}: {schedule_of(r)} not scheduled")
    return s


def duplicate_ids(d: Draft) -> list[str]:
    """Ids that repeat where the tracker format needs them unique: task ids, part ids (across all tasks), unit
    ids and sheet names (a task whose one part carries the task's id repeats nothing)."""
    namespaces = {"task": [t.id for t in d.tasks], "part": [p.id for t in d.tasks for p in t.parts],
                  "unit": [u.id for u in d.units], "sheet": [fold(u.sheet) for u in d.units]}
    return [f"{kind} {i}" for kind, ids in namespaces.items() for i, n in Counter(ids).items() if n > 1]


def _date_words(text: str) -> str:
    """Dates in one spelling, as the draft quotes them: 'ngày 15 tháng 12 năm 2020' is 'ngày 15/12/2020'."""
    text = re.sub(r"(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", r"\1/\2/\3", text, flags=re.I)
    return re.sub(r"(ngày\s+\d{1,2})\s+tháng\s+(\d{1,2})\b", r"\1/\2", text, flags=re.I)


def _same_words(phrase: str, quote: str) -> bool:
    """One phrase's wording holds the other's (at least six characters), normalised, dates in one spelling."""
    a, b = norm(_date_words(phrase)), norm(_date_words(quote))
    return bool(a and b) and (a in b or (b in a and len(b) >= 6))


def _holds_date(phrase: str, text: str) -> bool:
    """A 'not used' entry's text holds the phrase: its wording, or every number the phrase writes (a clause
    may be cut at its width or joined across the lines the phrase wrapped over)."""
    if _same_words(phrase, text):
        return True
    numbers = re.findall(r"\d+", phrase)
    found = re.findall(r"\d+", text)
    return bool(numbers) and all(n in found or n.lstrip("0") in found for n in numbers)


def _reach(d: Draft, start: int) -> int:
    """How far below `start` a part's phrase may lie: QUOTE_REACH lines, or to the end of the annex row starting there
    when the row is printed a cell per line (the gazette's rows run to 70 lines, their time cell at the bottom)."""
    for table in d.tables:
        if start in table.starts:
            k = table.starts.index(start)
            end = table.starts[k + 1] - 1 if k + 1 < len(table.starts) else table.end
            return max(QUOTE_REACH, end - start)
    return QUOTE_REACH


def _near_deadlines(d: Draft, line: int) -> list[Deadline]:
    """The deadlines, TODOs included, of parts whose own line or task's line starts at most QUOTE_REACH lines above
    `line` (or the annex row they were read from holds it): a TODO quoting a phrase on the part that needs it keeps
    the phrase as much as a date does."""
    return [p.deadline for t in d.tasks for p in t.parts if p.deadline is not None
            and any(start <= line <= start + _reach(d, start) for start in (t.line, p.line))]


def _kept(x: dict[str, Any], d: Draft) -> bool:
    line, phrase = x["line"], x["phrase"]
    if any(truth_value(dl) == canonical(x["value"]) or _same_words(phrase, dl.phrase) for dl in _near_deadlines(d, line)):
        return True
    if _held_elsewhere(x, d) or (d.period is not None and _same_words(phrase, d.period.quote)):
        return True
    if any(_same_words(phrase, k.quote) for k in d.key_dates):
        return True
    unused = getattr(d, "unused_dates", ())  # a draft made before issue 28 lists none: what it dropped is lost
    return any(line <= u.line <= line + 2 and _holds_date(phrase, u.text) for u in unused)


def score_lost(truth: dict[str, Any], d: Draft) -> Score:
    """Right = kept somewhere; the table prints the lost count."""
    s = Score()
    for x in truth["deadlines"]:
        if x["role"] != "issue-date":
            s.add(_kept(x, d), f"line {x['line']} {x['phrase']!r} ({x['role']}) lost")
    return s


def _task_lines(d: Draft) -> set[int]:
    return {t.line for t in d.tasks} | {p.line for t in d.tasks for p in t.parts}


def score_items(truth: dict[str, Any], d: Draft) -> tuple[Score, Score]:
    """(task items kept, numbered items kept somewhere): the second's misses are the items lost."""
    lines = _task_lines(d)
    listed = {u.line for u in getattr(d, "not_tasks", ())}
    kept, somewhere = Score(), Score()
    for item in truth["numbered_items"]:
        if item["task"]:
            kept.add(item["line"] in lines, f"line {item['line']} item {item['label']} is no task or part")
        somewhere.add(item["line"] in lines | listed,
                      f"line {item['line']} item {item['label']} is no task or part and not listed as not a task")
    return kept, somewhere


def validation(d: Draft) -> tuple[int, int, list[str]]:
    """(the draft's own problems, all problems, messages) for the YAML the draft writes."""
    text = render_yaml(d)
    yaml_lines = text.split("\n")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "draft.yaml"
        path.write_text(text, encoding="utf-8")
        problems = open_problems(path)
    own = [f"{p.field}: {p.message}" for p in problems if p.line and not todo_in_node(yaml_lines, p.line)]
    return len(own), len(problems), own


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def todo_in_node(yaml_lines: list[str], line: int) -> bool:
    """Whether a TODO is written on the node a problem names at `line` (1-based). The node is the list item the
    line starts ("- id: …", a task or part) or, for a `key: value` line, the mapping that holds the key
    ("campaign:" for `campaign.start`, "recurs:" for `recurs.last`); it is read with the comments just above it
    and every line below indented deeper. A part's problem names its `- id:` line while the draft's TODO sits
    above its `due:` a few lines down, and one TODO above `first:` speaks for `last:` too: those problems are
    the TODO's, not the draft's own."""
    start = line - 1
    depth = _indent(yaml_lines[start])
    if not yaml_lines[start].lstrip().startswith("- "):
        parents = [k for k in range(start - 1, -1, -1)
                   if yaml_lines[k].strip() and not yaml_lines[k].lstrip().startswith("#")
                   and _indent(yaml_lines[k]) < depth]
        if parents:
            start = parents[0]
            depth = _indent(yaml_lines[start])
    node = [yaml_lines[start]]
    for above in reversed(yaml_lines[:start]):
        if not above.lstrip().startswith("#"):
            break
        node.append(above)
    for below in yaml_lines[start + 1:]:
        if below.strip() and _indent(below) <= depth:
            break
        node.append(below)
    return any("TODO" in text for text in node)


def score_document(truth: dict[str, Any], d: Draft) -> dict[str, Any]:
    recall, precision = score_assignees(truth, d)
    exact, misread = score_deadlines(truth, d)
    lost = score_lost(truth, d)
    items, numbered = score_items(truth, d)
    dups = duplicate_ids(d)
    own, total, messages = validation(d)
    scores: dict[str, Score] = {
        "metadata": score_metadata(truth, draft_metadata(d)), "assignees recall": recall,
        "assignees precision": precision, "deadlines exact": exact, "references misread": misread,
        "recurring reports": score_recurring(truth, d), "task items kept": items}
    out: dict[str, Any] = {k: [v.right, v.total] for k, v in scores.items()}
    out["dated phrases lost"] = [lost.total - lost.right, lost.total]
    out["numbered items lost"] = [numbered.total - numbered.right, numbered.total]
    out["duplicate ids"] = [len(dups), len(dups)]
    out["validation own/all"] = [own, total]
    out["misses"] = {k: v.misses for k, v in scores.items() if v.misses}
    for name, score in (("dated phrases lost", lost), ("numbered items lost", numbered)):
        if score.misses:
            out["misses"][name] = score.misses
    if dups:
        out["misses"]["duplicate ids"] = dups
    if messages:
        out["misses"]["validation own"] = messages[:10]
    return out


def document_of(truth_path: Path, truth: dict[str, Any], data: Path | None) -> Path:
    """The document a truth file describes: beside it, or for a PDF half the PDF of that name in `data/<half>/`
    (the truth's line numbers count the lines `read_document` gives that PDF, as the draft reads them)."""
    if data is None:
        return truth_path.parent / str(truth["document"])
    pdf = data / truth_path.parent.name / (Path(truth["document"]).stem + ".pdf")
    if not pdf.is_file():
        raise SystemExit(f"{pdf} is missing: run benchmarks/published_pdf_fetch.py first (the PDFs stay out of git)")
    return pdf


def score_half(half: str, corpus: Path | None = None, data: Path | None = None) -> dict[str, Any]:
    if corpus is None:
        corpus, data = (PDF_CORPUS, PDF_DATA) if half in PDF_HALVES else (CORPUS, None)
    documents: dict[str, Any] = {}
    for path in sorted((corpus / half).glob("*.truth.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        documents[truth["document"]] = score_document(truth, draft_file(document_of(path, truth, data)))
    totals = {c: [sum(doc[c][0] for doc in documents.values()), sum(doc[c][1] for doc in documents.values())]
              for c in CATEGORIES}
    return {"documents": documents, "totals": totals}


def _cell(category: str, pair: list[int]) -> str:
    right, total = pair
    if category == "duplicate ids":
        return str(right)
    if category in COUNTED:
        return f"{right}/{total}"
    if category == "references misread":
        return f"{total - right}/{total}"
    return f"{right}/{total} ({100 * right / total:.0f}%)" if total else "–"


def table(half: str, result: dict[str, Any]) -> str:
    lines = [f"### {half}", "", "| document | " + " | ".join(CATEGORIES) + " |", "| --- |" + " ---: |" * len(CATEGORIES)]
    for name, doc in result["documents"].items():
        lines.append(f"| {name} | " + " | ".join(_cell(c, doc[c]) for c in CATEGORIES) + " |")
    lines.append("| **all** | " + " | ".join(f"**{_cell(c, result['totals'][c])}**" for c in CATEGORIES) + " |")
    return "\n".join(lines)


def halves(argv: list[str]) -> tuple[str, ...]:
    """`--half train` (or `heldout`, `fresh`, … or a PDF half) scores one half; without it, every text half."""
    if "--half" not in argv:
        return HALVES
    k = argv.index("--half")
    wanted = argv[k + 1] if k + 1 < len(argv) else ""
    if wanted not in HALVES + PDF_HALVES:
        raise SystemExit(f"--half takes one of {', '.join(HALVES + PDF_HALVES)}")
    return (wanted,)


def main(argv: list[str]) -> None:
    results = {half: score_half(half) for half in halves(argv)}
    if "--json" in argv:
        print(json.dumps({half: r["totals"] for half, r in results.items()}, ensure_ascii=False))
        return
    for half, result in results.items():
        print(table(half, result))
        print()
    for half, result in results.items():
        for name, doc in result["documents"].items():
            for category, misses in doc["misses"].items():
                for miss in misses:
                    print(f"  {half}/{name}: {category}: {miss}")


if __name__ == "__main__":
    main(sys.argv[1:])
