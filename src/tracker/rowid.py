"""A unit's row, told apart: its identity (which activity it is, wherever it moves) and its digest (what it holds).

Both are computed from the row's cells as a person reads them (`intake.RawRow.values`, by column key). History
follows rows by identity across checks (tracker.storage.rowdiff) and the province's decisions are tied to a row's
digest (tracker.review.decisions): one place, so that both keep agreeing on what "the same row" means.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from tracker.text import fold


def row_identity(unit: str, values: Mapping[str, str]) -> str:
    """Stable across moves and re-sorts: the unit and the normalised date and content."""
    key = "\x1f".join([unit, fold(values.get("date", "")), fold(values.get("content", ""))])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def row_digest(values: Mapping[str, str]) -> str:
    """The content of a unit's row as the officer saw it: stable across moves, changed by any edit."""
    body = json.dumps({k: fold(v) for k, v in sorted(values.items()) if k != "stt"}, ensure_ascii=False)
    return hashlib.sha1(body.encode("utf-8")).hexdigest()[:16]
