"""The official documents an office writes from the weekly check, as Word files (Decree 30/2020/NĐ-CP).

weekly: the báo cáo tiến độ to the leadership; final: the báo cáo kết quả to the body that issued
the plan, with an annex of every activity; reminder_letter: a công văn đôn đốc to one lagging unit or
to all of them. Each is built from (tracker, findings.json read into tracker.findings' typed models), never from
the check's internal types.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from tracker.definition import Tracker
from tracker.documents.content import FORM_OF, KINDS, Content, FindingsView, Kind, build_content
from tracker.documents.templates import bundled_template
from tracker.errors import TrackerError
from tracker.files.atomic import refuse_overwrite
from tracker.findings import Findings, read_findings

__all__ = ["FILE_NAMES", "KINDS", "Content", "Kind", "build_content", "document_kind", "template_for",
           "write_document"]

FILE_NAMES: dict[Kind, str] = {"weekly": "bao-cao-tien-do", "final": "bao-cao-ket-qua",
                               "reminder_letter": "cong-van-don-doc"}


def document_kind(name: str) -> Kind:
    """'reminder-letter' or 'reminder_letter' -> the kind; anything else is a clear error."""
    wanted = name.strip().lower().replace("-", "_")
    for kind in KINDS:
        if kind == wanted:
            return kind
    choices = ", ".join(k.replace("_", "-") for k in KINDS)
    raise TrackerError(f"unknown document {name!r}: choose one of {choices}",
                       vi=f"không có loại văn bản “{name}”: chọn một trong {choices} (báo cáo tiến độ, báo cáo kết "
                          "quả, công văn đôn đốc)")


def template_for(tracker: Tracker, kind: Kind) -> Path:
    """The tracker's own template for this document (documents: in the YAML), else the bundled one."""
    own = getattr(tracker.documents, kind)
    return Path(tracker.base_dir) / own if own else bundled_template(FORM_OF[kind])


def write_document(kind: Kind | str, tracker: Tracker, findings: Findings | Mapping[str, Any], out_dir: str | Path, *,
                   unit: str | None = None, issued: date | None = None, force: bool = True) -> Path:
    """Write one document into out_dir and return its path, e.g. out_dir/bao-cao-tien-do-<as_of>.docx. Without
    `force`, a document already there (perhaps edited in Word since) is refused rather than replaced. `findings`:
    findings.json as read (parsed here), or already parsed (tracker.findings.read_findings) when several documents
    are written from one check."""
    from tracker.documents.render import render

    kind = document_kind(kind)
    parsed = findings if isinstance(findings, Findings) else read_findings(findings)
    unit_id = FindingsView(tracker, parsed).find_unit(unit) if unit else None
    content = build_content(kind, tracker, parsed, unit=unit_id, issued=issued)
    suffix = f"-{unit_id}" if unit_id else ""
    out = Path(out_dir) / f"{FILE_NAMES[kind]}-{parsed.as_of.isoformat()}{suffix}.docx"
    refuse_overwrite(out, force, out_is_folder=True)
    return render(content, template_for(tracker, kind), out)
