"""The restore workbook: rows a check no longer found (`tracker history restore`), in the entry sheet's layout, to
paste back into a unit's tab."""

from __future__ import annotations

from pathlib import Path

from tracker.definition import Tracker
from tracker.errors import OutputError
from tracker.storage.rowdiff import StoredRow


def write_restore_workbook(tracker: Tracker, rows: list[StoredRow], path: Path) -> Path:
    """Deleted rows in the entry sheet's layout, to paste back; typed text stays text."""
    import openpyxl

    from tracker.files.atomic import replacing
    from tracker.files.xlsxcells import append_literal

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Khôi phục"
    keys = [c.key for c in tracker.columns]
    append_literal(ws, ["Đơn vị", *[c.header for c in tracker.columns]])
    for r in rows:
        append_literal(ws, [tracker.unit(r.unit).sheet, *[r.values.get(k, "") for k in keys]])
    try:
        with replacing(path) as temporary:
            wb.save(temporary)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}",
                          vi=f"không ghi được “{path}”: {exc.strerror or exc}") from exc
    return path
