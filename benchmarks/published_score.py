"""Score `tracker draft` on real published directives (tests/data/published/), per half, against hand-written truth.

Each `NAME.truth.json` beside `NAME.txt` says what a careful reader takes from the document (format in
tests/data/published/README.md). The draft is made with today's `tracker.draft.draft_file` and scored:

- metadata: kind, number, issuer, parent, place, issue date, subject, signer, signer title (names
  compared normalised: case, spacing, "UBND" = "Ủy ban nhân dân", a leading "V/v", diacritics kept);
- recipients: recall over the units the text assigns tasks to (roles `lead`, `assigned`) and
  precision over the draft's recipients (right when they name an assignee, a coordinating unit or a
  group the text assigns);
- deadlines exactly right: a truth deadline (role task, report, period or event, exact value) is
  right when a part carries that exact value (or the campaign period starts or ends on it), each
  draft value used once;
- references misread: a reference's, example's or the issue date's day put on a part as a deadline;
- recurring reports scheduled: a truth recurring report whose schedule some part recurs on;
- duplicate ids: task, part and unit ids that repeat;
- dated phrases lost: a truth dated phrase (role task, report, period, event, vague included) that is
  on no part, not the period, not a key date and in no "not used" list the Draft exposes
  (`dates_not_used`, if present; today's Draft has none, so such phrases count as lost);
- numbered task items kept: a truth item with `task: true` whose line starts a draft task or part;
- validation: problems `tracker validate-definition` finds in the draft's YAML, and of them those the
  draft itself caused (approximated: the problem's line and the line before it carry no TODO).

    .venv/bin/python benchmarks/published_score.py            # a table per half, then every miss
    .venv/bin/python benchmarks/published_score.py --json     # the figures, for scripts
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tracker.draft import Draft, Found, draft_file, open_problems, render_yaml

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "published"
HALVES = ("heldout", "train")
DEADLINE_ROLES = ("task", "report", "period", "event")
NOT_DEADLINE_ROLES = ("reference", "example", "issue-date")
METADATA = ("kind", "number", "issuer", "parent", "place", "issued_on", "subject", "signer", "signer_title")
CATEGORIES = ("metadata", "recipients recall", "recipients precision", "deadlines exact", "references misread",
              "recurring reports", "duplicate ids", "dated phrases lost", "task items kept", "validation own/all")


def norm(text: str | None) -> str:
    """A name or phrase compared loosely: NFC, lower case, one space, 'UBND' for 'Ủy ban nhân dân', no 'V/v', no 'các'."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFC", str(text)).casefold()
    s = s.replace("uỷ", "ủy")
    s = re.sub(r"ủy ban nhân dân", "ubnd", s)
    s = re.sub(r"^\s*(v/v|về việc)\s*:?\s*", "", s)
    s = re.sub(r"[.,;:()\"“”]", " ", s)
    s = re.sub(r"\bcác\b", " ", s)
    return " ".join(s.split())


def names_match(a: str, b: str) -> bool:
    """Equal when normalised, or one holds the other whole (at least two words): 'Sở Nội vụ' ⊂ 'Giao Sở Nội vụ'."""
    x, y = norm(a), norm(b)
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


def score_recipients(truth: dict[str, Any], recipients: list[str]) -> tuple[Score, Score]:
    required = [a["name"] for a in truth["assignees"] if a["role"] in ("lead", "assigned")]
    acceptable = [a["name"] for a in truth["assignees"]] + [g["name"] for g in truth["groups"]]
    recall, precision = Score(), Score()
    for name in dict.fromkeys(required):
        recall.add(any(names_match(name, r) for r in recipients), f"missing assignee {name!r}")
    for r in recipients:
        precision.add(any(names_match(r, a) for a in acceptable), f"not an assignee {r!r}")
    return recall, precision


def part_specs(d: Draft) -> list[tuple[str, int, str]]:
    """(value, line, phrase) for every part's deadline, in the truth's spelling of values."""
    out: list[tuple[str, int, str]] = []
    for t in d.tasks:
        for p in t.parts:
            if p.deadline is None:
                continue
            spec = p.deadline.spec()
            if spec != "todo":
                out.append((spec, p.line, p.deadline.phrase))
    return out


def period_values(d: Draft) -> list[str]:
    if d.period is None:
        return []
    start, end = d.period.value
    assert isinstance(start, date) and isinstance(end, date)
    return [f"period {start.isoformat()}..{end.isoformat()}", f"due {start.isoformat()}", f"due {end.isoformat()}"]


def score_deadlines(truth: dict[str, Any], d: Draft) -> tuple[Score, Score]:
    targets = [x for x in truth["deadlines"] if x["role"] in DEADLINE_ROLES and x["value"] != "vague"]
    pool = Counter(spec for spec, _, _ in part_specs(d))
    periods = set(period_values(d))
    exact = Score()
    for x in sorted(targets, key=lambda x: x["line"]):
        ok = pool[x["value"]] > 0 or x["value"] in periods
        if pool[x["value"]] > 0:
            pool[x["value"]] -= 1
        exact.add(ok, f"line {x['line']} {x['phrase']!r}: {x['value']} not on any part")
    wanted = {x["value"] for x in targets}
    misread = Score()
    placed = Counter(spec for spec, _, _ in part_specs(d))
    for x in truth["deadlines"]:
        if x["role"] in NOT_DEADLINE_ROLES and x["value"] not in wanted:
            # right when the draft did NOT turn this date into a part's deadline
            misread.add(placed[x["value"]] == 0, f"line {x['line']} {x['phrase']!r} ({x['role']}) became a deadline")
    return exact, misread


def schedule_of(report: dict[str, Any]) -> str:
    every = report["every"]
    if every == "month":
        return f"month {report['day']}"
    if every == "week":
        return f"week {report['weekday']} {report.get('time', '-')}"
    return str(every)


def score_recurring(truth: dict[str, Any], d: Draft) -> Score:
    specs = {spec for spec, _, _ in part_specs(d)}
    s = Score()
    for r in truth["recurring_reports"]:
        s.add(schedule_of(r) in specs, f"line {r['line']}: {schedule_of(r)} not scheduled")
    return s


def duplicate_ids(d: Draft) -> list[str]:
    ids = [t.id for t in d.tasks] + [p.id for t in d.tasks for p in t.parts]
    repeated = [i for i, n in Counter(ids).items() if n > 1]
    repeated += [f"unit {i}" for i, n in Counter(u.id for u in d.units).items() if n > 1]
    return repeated


def _quotes(d: Draft) -> list[tuple[int, str]]:
    """Every place a dated phrase can end in the draft: parts' phrases, the period, key dates, a 'not used' list."""
    out = [(line, phrase) for _, line, phrase in part_specs(d)]
    out += [(p.line, p.deadline.phrase) for t in d.tasks for p in t.parts if p.deadline is not None]
    if d.period is not None:
        out.append((d.period.line, d.period.quote))
    out += [(k.line, k.quote) for k in d.key_dates]
    unused = getattr(d, "dates_not_used", None)
    if isinstance(unused, Iterable):
        for item in unused:
            line = getattr(item, "line", 0)
            quote = getattr(item, "quote", None) or getattr(item, "phrase", None) or str(getattr(item, "value", ""))
            out.append((int(line), str(quote)))
    return out


def score_lost(truth: dict[str, Any], d: Draft) -> Score:
    """Right = kept somewhere; the table prints the lost count."""
    quotes = [(line, norm(q)) for line, q in _quotes(d)]
    values = {spec for spec, _, _ in part_specs(d)} | set(period_values(d))
    s = Score()
    for x in truth["deadlines"]:
        if x["role"] not in DEADLINE_ROLES:
            continue
        phrase = norm(x["phrase"])
        kept = x["value"] in values  # its exact value is on a part or the period, whatever the quote's wording
        kept = kept or any(phrase and (phrase in q or (q and q in phrase and len(q) >= 6)) for _, q in quotes)
        s.add(kept, f"line {x['line']} {x['phrase']!r} lost")
    return s


def score_items(truth: dict[str, Any], d: Draft) -> Score:
    lines = {t.line for t in d.tasks} | {p.line for t in d.tasks for p in t.parts}
    s = Score()
    for item in truth["numbered_items"]:
        if item["task"]:
            s.add(item["line"] in lines, f"line {item['line']} item {item['label']} is no task or part")
    return s


def validation(d: Draft) -> tuple[int, int, list[str]]:
    """(the draft's own problems, all problems, messages) for the YAML the draft writes."""
    text = render_yaml(d)
    yaml_lines = text.split("\n")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "draft.yaml"
        path.write_text(text, encoding="utf-8")
        problems = open_problems(path)
    own: list[str] = []
    for p in problems:
        near = "\n".join(yaml_lines[max(0, (p.line or 1) - 2):(p.line or 0)]) if p.line else ""
        if p.line and "TODO" not in near:
            own.append(f"{p.field}: {p.message}")
    return len(own), len(problems), own


def score_document(truth: dict[str, Any], d: Draft) -> dict[str, Any]:
    recall, precision = score_recipients(truth, [str(r.value) for r in d.recipients])
    exact, misread = score_deadlines(truth, d)
    lost = score_lost(truth, d)
    dups = duplicate_ids(d)
    own, total, messages = validation(d)
    scores: dict[str, Score] = {
        "metadata": score_metadata(truth, draft_metadata(d)), "recipients recall": recall,
        "recipients precision": precision, "deadlines exact": exact, "references misread": misread,
        "recurring reports": score_recurring(truth, d), "task items kept": score_items(truth, d)}
    out: dict[str, Any] = {k: [v.right, v.total] for k, v in scores.items()}
    out["dated phrases lost"] = [lost.total - lost.right, lost.total]
    out["duplicate ids"] = [len(dups), len(dups)]
    out["validation own/all"] = [own, total]
    out["misses"] = {k: v.misses for k, v in scores.items() if v.misses}
    if lost.misses:
        out["misses"]["dated phrases lost"] = lost.misses
    if dups:
        out["misses"]["duplicate ids"] = dups
    if messages:
        out["misses"]["validation own"] = messages[:10]
    return out


def score_half(half: str, corpus: Path = CORPUS) -> dict[str, Any]:
    documents: dict[str, Any] = {}
    for path in sorted((corpus / half).glob("*.truth.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        documents[truth["document"]] = score_document(truth, draft_file(path.parent / truth["document"]))
    totals = {c: [sum(doc[c][0] for doc in documents.values()), sum(doc[c][1] for doc in documents.values())]
              for c in CATEGORIES}
    return {"documents": documents, "totals": totals}


def _cell(category: str, pair: list[int]) -> str:
    right, total = pair
    if category == "duplicate ids":
        return str(right)
    if category == "dated phrases lost":
        return f"{right}/{total}"
    if category == "validation own/all":
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


def main(argv: list[str]) -> None:
    results = {half: score_half(half) for half in HALVES}
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
