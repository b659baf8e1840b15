"""`python -m tracker.documents [FOLDER]`: rewrite the bundled Word templates (or write them into FOLDER)."""

from __future__ import annotations

import sys
from pathlib import Path

from tracker.documents.templates import write_default_templates

for written in write_default_templates(Path(sys.argv[1]) if len(sys.argv) > 1 else None):
    print(f"Wrote {written}")
