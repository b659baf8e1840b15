"""Rebuild benchmarks/data/published-pdf/<batch>/ (PDFs and their text) from local snapshots of public repositories.

The published PDFs of tests/data/published-pdf/ are not committed (nothing the search tool's `fetch` brings
may be); only their truth files and `sources.json` are. This script takes each PDF from the snapshot
(`git show COMMIT:PATH`), checks its SHA-256 against `sources.json`, and writes `NAME.pdf` and `NAME.txt`
(the lines `tracker.authoring.reader.read_document` gives, joined by line feeds, UTF-8): the text the truth
files' line numbers refer to. Scans are read by OCR (Tesseract with Vietnamese), so a different Tesseract
may give different lines; `sources.json` says which documents are scans.

Each source names its repository (`repo`, "owner/name"); its snapshot is read from `--mirror`/owner+name/repo
(the search tool's `fetch` puts it there), or from `--repo` for every source when given. fresh13's PDFs come
from nrl-ai/nom-vn, fresh14-pdf's from the repositories its sources.json names.

    python benchmarks/published_pdf_fetch.py [--batch fresh13] [--repo PATH | --mirror /work/.mirror]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from pathlib import Path

from tracker.authoring.reader import read_document

ROOT = Path(__file__).resolve().parent.parent
TRUTH = ROOT / "tests" / "data" / "published-pdf"
OUT = ROOT / "benchmarks" / "data" / "published-pdf"
MIRROR = Path("/work/.mirror")


def snapshot(source: dict[str, str], repo: Path | None, mirror: Path) -> Path:
    """The git directory holding `source`'s commit: `repo` when given, else the mirror's copy of its repository."""
    if repo is not None:
        return repo
    return mirror / source["repo"].replace("/", "+") / "repo"


def rebuild(batch: str, repo: Path | None, mirror: Path = MIRROR) -> int:
    """Write every document of `batch` under OUT/batch; return the number of documents that failed."""
    sources = json.loads((TRUTH / batch / "sources.json").read_text(encoding="utf-8"))
    out = OUT / batch
    out.mkdir(parents=True, exist_ok=True)
    failed = 0
    for name, source in sources.items():
        shown = subprocess.run(
            ["git", "-C", str(snapshot(source, repo, mirror)), "show", f"{source['commit']}:{source['path']}"], capture_output=True, check=False
        )
        if shown.returncode != 0:
            print(f"{name}: git show failed: {shown.stderr.decode(errors='replace').strip()}", file=sys.stderr)
            failed += 1
            continue
        digest = hashlib.sha256(shown.stdout).hexdigest()
        if digest != source["sha256"]:
            print(f"{name}: sha256 {digest} is not {source['sha256']}", file=sys.stderr)
            failed += 1
            continue
        pdf = out / f"{name}.pdf"
        pdf.write_bytes(shown.stdout)
        lines = read_document(pdf).lines
        (out / f"{name}.txt").write_text("\n".join(lines), encoding="utf-8")
        print(f"{name}: {len(lines)} lines")
    return failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", default="fresh13")
    parser.add_argument("--repo", type=Path, default=None, help="one snapshot's git directory, for every source")
    parser.add_argument("--mirror", type=Path, default=MIRROR, help="where owner+name/repo snapshots are")
    args = parser.parse_args()
    return 1 if rebuild(args.batch, args.repo, args.mirror) else 0


if __name__ == "__main__":
    sys.exit(main())
