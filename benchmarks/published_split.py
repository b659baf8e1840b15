"""The held-out/train split of the published corpus (tests/data/published), fixed once before any tuning.

Rule: sort the documents by (kind, SHA-256 of the source address) and deal them out alternately,
held-out first, so both halves get every kind in proportion. The split was computed once over the 33
documents gathered on 2026-12-05, before any rule of `tracker draft` was changed for them. A document
added later joins `heldout/` when int(SHA-256(source)[:8], 16) is even, else `train/` (a rule that
never moves an existing document).

    .venv/bin/python benchmarks/published_split.py           # print where each document belongs
    .venv/bin/python benchmarks/published_split.py --apply   # git mv the files there
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "published"


def placement() -> dict[Path, str]:
    """Each truth file and the half it belongs to."""
    docs = []
    # Only the two halves split once: the fresh batch (fresh/) is a held-out set of its own, never re-dealt.
    for truth in sorted([*CORPUS.glob("heldout/*.truth.json"), *CORPUS.glob("train/*.truth.json")]):
        data = json.loads(truth.read_text(encoding="utf-8"))
        docs.append((str(data["kind"]), hashlib.sha256(str(data["source"]).encode()).hexdigest(), truth))
    docs.sort(key=lambda d: (d[0], d[1]))
    return {truth: ("heldout" if i % 2 == 0 else "train") for i, (_, _, truth) in enumerate(docs)}


def main(argv: list[str]) -> int:
    for truth, half in placement().items():
        stem = truth.name.removesuffix(".truth.json")
        print(f"{half:8} {stem}")
        if "--apply" in argv and truth.parent.name != half:
            for path in (truth, truth.with_name(f"{stem}.txt")):
                subprocess.run(["git", "mv", str(path), str(CORPUS / half / path.name)], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
