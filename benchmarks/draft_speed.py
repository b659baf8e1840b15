"""How long `tracker draft` takes per document, start-up apart (target: under 2 s a document without OCR).

For every document of tests/data/directives (and the bundled dispatch) and of the published corpus's halves
asked for (tests/data/published, `--published train` by default; `--published heldout,train` once held-out
documents may be drafted): reading (tracker.authoring.reader) and drafting (tracker.authoring.draft, the YAML rendered) timed in
one warm process, best of three; then, separately, the cost of starting: a fresh interpreter importing the
draft module, and the whole `tracker draft` command on the largest document.

    .venv/bin/python benchmarks/draft_speed.py          # a table
    .venv/bin/python benchmarks/draft_speed.py --json   # the figures
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "directives"
BUNDLED = ROOT / "src" / "tracker" / "trackers" / "texts" / "directive-2023-anti-trafficking.vi.txt"


PUBLISHED = ROOT / "tests" / "data" / "published"


def _documents(published: tuple[str, ...] = ()) -> list[Path]:
    ours = sorted([BUNDLED, *(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".docx", ".pdf"))])
    return ours + [p for half in published for p in sorted((PUBLISHED / half).glob("*.txt"))]


def per_document(repeat: int = 3, published: tuple[str, ...] = ("train",)) -> list[dict[str, Any]]:
    from tracker.authoring.draft import extract_document, render_yaml
    from tracker.authoring.reader import read_document

    out = []
    for path in _documents(published):
        read_s, draft_s = [], []
        for _ in range(repeat):
            t0 = time.perf_counter()
            doc = read_document(path)
            t1 = time.perf_counter()
            render_yaml(extract_document(doc))
            t2 = time.perf_counter()
            read_s.append(t1 - t0)
            draft_s.append(t2 - t1)
        name = path.name if path.parent.parent != PUBLISHED else f"{path.parent.name}/{path.name}"
        out.append({"document": name, "lines": len(doc.lines), "read_s": round(min(read_s), 3),
                    "draft_s": round(min(draft_s), 3), "total_s": round(min(read_s) + min(draft_s), 3)})
    return out


def start_up() -> dict[str, Any]:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import tracker.authoring.draft"], check=True)
    imports = time.perf_counter() - t0
    largest = max(_documents(), key=lambda p: p.stat().st_size if p.suffix != ".pdf" else 0)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "tracker.cli", "draft", str(largest), "--out", f"{tmp}/d.yaml"],
                       check=True, capture_output=True)
        command = time.perf_counter() - t0
    return {"import_tracker_draft_s": round(imports, 2), "command_s": round(command, 2), "command_on": largest.name}


def main(argv: list[str]) -> None:
    halves: tuple[str, ...] = ("train",)
    if "--published" in argv and argv.index("--published") + 1 < len(argv):
        halves = tuple(h for h in argv[argv.index("--published") + 1].split(",") if h in ("heldout", "train"))
    rows = per_document(published=halves)
    first = start_up()
    if "--json" in argv:
        print(json.dumps({"documents": rows, "start_up": first}, ensure_ascii=False))
        return
    print("| document | lines | read | draft | **total** |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(f"| {r['document']} | {r['lines']} | {r['read_s']:.3f} s | {r['draft_s']:.3f} s | **{r['total_s']:.3f} s** |")
    print(f"\nStart-up: `import tracker.authoring.draft` in a fresh interpreter {first['import_tracker_draft_s']} s; the whole "
          f"`tracker draft` command on {first['command_on']}: {first['command_s']} s.")


if __name__ == "__main__":
    main(sys.argv[1:])
