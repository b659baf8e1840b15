"""Score `tracker draft` on the corpus in tests/data/directives/, field by field, and print a table.

Each `*.expected.json` names its document and holds what a careful reader takes from it. A field is
right when the draft's value equals the expected one (dates as ISO, names compared as written);
deadlines are compared part by part in the short form Deadline.spec() prints ('none' when the text
gives a part no deadline, 'todo' when it gives one the rules cannot resolve).

    .venv/bin/python benchmarks/draft_score.py          # the table
    .venv/bin/python benchmarks/draft_score.py --json   # the figures, for scripts and the test
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from tracker.authoring.draft import Draft, Found, draft_file

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "directives"
CATEGORIES = ("metadata", "recipients", "period", "key dates", "tasks", "deadlines", "report regime")


def _value(found: Found | None) -> Any:
    return None if found is None else found.value


def _metadata(d: Draft) -> dict[str, Any]:
    plan = d.carries or (d.implements[0] if d.implements else None)
    return {
        "kind": _value(d.kind), "number": _value(d.number), "issuer": _value(d.issuer), "parent": _value(d.parent),
        "place": _value(d.place), "dated": _value(d.dated),
        "issued_on": d.issued_on.isoformat() if d.issued_on else None, "subject": _value(d.subject),
        "plan": _value(plan), "signer": _value(d.signer), "signer_title": _value(d.signer_title),
    }


def score_document(expected: dict[str, Any], d: Draft) -> dict[str, tuple[int, int, list[str]]]:
    """Per category: (right, total, what was wrong)."""
    out: dict[str, tuple[int, int, list[str]]] = {}
    got = _metadata(d)
    wrong = [f"{k}: {got.get(k)!r} ≠ {v!r}" for k, v in expected["metadata"].items() if got.get(k) != v]
    out["metadata"] = (len(expected["metadata"]) - len(wrong), len(expected["metadata"]), wrong)

    names = [r.value for r in d.recipients]
    wrong = [f"missing recipient {n!r}" for n in expected["recipients"] if n not in names]
    wrong += [f"extra recipient {n!r}" for n in names if n not in expected["recipients"]]
    units = expected["units"]
    got_units = {"count": len(d.units), "coded": sum(1 for u in d.units if u.code)}
    wrong += [f"units {k}: {got_units[k]} ≠ {v}" for k, v in units.items() if got_units[k] != v]
    total = len(expected["recipients"]) + len(units) + len([n for n in names if n not in expected["recipients"]])
    out["recipients"] = (total - len(wrong), total, wrong)

    period = [x.isoformat() for x in d.period.value] if d.period else None
    out["period"] = (int(period == expected["period"]), 1,
                     [] if period == expected["period"] else [f"period {period} ≠ {expected['period']}"])

    keys = [[name, day.isoformat()] for name, day in (f.value for f in d.key_dates)]
    wrong = [f"missing key date {k}" for k in expected["key_dates"] if k not in keys]
    wrong += [f"extra key date {k}" for k in keys if k not in expected["key_dates"]]
    total = max(len(expected["key_dates"]), len(keys), 1)
    out["key dates"] = (total - len(wrong), total, wrong) if expected["key_dates"] or keys else (1, 1, [])

    tasks = [t.id for t in d.tasks]
    parts = {p.id: (p.deadline.spec() if p.deadline else "none") for t in d.tasks for p in t.parts}
    wanted = [*expected["tasks"], *expected["parts"]]
    have = [*tasks, *parts]
    wrong = [f"missing {i}" for i in wanted if i not in have] + [f"extra {i}" for i in have if i not in wanted]
    total = len(wanted) + len([i for i in have if i not in wanted])
    out["tasks"] = (total - len(wrong), total, wrong)

    wrong = [f"{pid}: {parts.get(pid, 'no such part')} ≠ {spec}" for pid, spec in expected["parts"].items()
             if parts.get(pid) != spec]
    out["deadlines"] = (len(expected["parts"]) - len(wrong), len(expected["parts"]), wrong)

    report = d.report is not None
    out["report regime"] = (int(report == expected["report"]), 1,
                            [] if report == expected["report"] else [f"report regime found: {report}"])
    return out


def score_corpus(corpus: Path = CORPUS) -> dict[str, Any]:
    documents: dict[str, dict[str, tuple[int, int, list[str]]]] = {}
    for path in sorted(corpus.glob("*.expected.json")):
        expected = json.loads(path.read_text(encoding="utf-8"))
        draft = draft_file(corpus / expected["document"])
        documents[path.name.removesuffix(".expected.json")] = score_document(expected, draft)
    totals = {c: [sum(doc[c][0] for doc in documents.values()), sum(doc[c][1] for doc in documents.values())]
              for c in CATEGORIES}
    return {"documents": documents, "totals": totals}


def _pct(right: int, total: int) -> str:
    return f"{right}/{total} ({100 * right / total:.0f}%)" if total else "–"


def table(result: dict[str, Any]) -> str:
    lines = ["| document | " + " | ".join(CATEGORIES) + " |", "| --- |" + " ---: |" * len(CATEGORIES)]
    for name, doc in result["documents"].items():
        lines.append(f"| {name} | " + " | ".join(_pct(doc[c][0], doc[c][1]) for c in CATEGORIES) + " |")
    lines.append("| **all** | " + " | ".join(f"**{_pct(*result['totals'][c])}**" for c in CATEGORIES) + " |")
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    result = score_corpus()
    if "--json" in argv:
        print(json.dumps(result["totals"]))
        return
    print(table(result))
    for name, doc in result["documents"].items():
        for category, (_, _, wrong) in doc.items():
            for w in wrong:
                print(f"  {name}: {category}: {w}")


if __name__ == "__main__":
    main(sys.argv[1:])
