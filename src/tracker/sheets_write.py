"""Row feedback written into each unit's Google Sheets tab, over the one wire client in sources.gsheets.

Per spreadsheet: one `spreadsheets.get` (tab ids and the protections already there) and one
`spreadsheets.batchUpdate` holding everything: the feedback column's cells, the notes on offending
cells (cleared where a row was fixed), and the column's protection, added once and moved if the
column moved. Values go in as `userEnteredValue.stringValue`, which Sheets never parses, so a
message quoting a unit's "=…" stays text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tracker.errors import SourceError
from tracker.feedback import FEEDBACK_HEADER, PROTECTION, SheetFeedback, feedback
from tracker.sources.gsheets import RetryPolicy, call, http_client

if TYPE_CHECKING:
    from tracker.check import CheckResult

_FIELDS = ("sheets(properties(title,sheetId,gridProperties(columnCount)),"
           "protectedRanges(protectedRangeId,description))")


def write_feedback(result: CheckResult, credentials: str | None = None,
                   policy: RetryPolicy | None = None) -> dict[str, int]:
    """Write every unit tab's feedback; returns, per spreadsheet key, the number of tabs written."""
    policy = policy or RetryPolicy()
    by_key: dict[str, list[SheetFeedback]] = {}
    for sheet in feedback(result):
        by_key.setdefault(sheet.spreadsheet, []).append(sheet)
    if not result.source.startswith("gsheets:"):
        raise SourceError("--write-back needs a Google Sheets source")
    client = http_client(credentials, readonly=False, timeout=policy.timeout)
    staff = list(result.tracker.province.staff_emails)
    done = {}
    for key, sheets in by_key.items():
        meta = call("spreadsheets.get", key, lambda k=key: client.spreadsheets_get(  # type: ignore[misc]
            k, params={"fields": _FIELDS}), policy)
        body = {"requests": [r for s in sheets for r in sheet_requests(s, meta, staff)]}
        call("batchUpdate", key, lambda k=key, b=body: client.batch_update(k, b), policy)  # type: ignore[misc]
        done[key] = len(sheets)
    return done


def sheet_requests(sheet: SheetFeedback, meta: dict[str, Any], staff: list[str]) -> list[dict[str, Any]]:
    """The batchUpdate requests for one tab: column values, notes, protection."""
    entry = next((s for s in meta.get("sheets", []) if s["properties"]["title"] == sheet.sheet), None)
    if entry is None:
        raise SourceError(f"tab {sheet.sheet!r} disappeared from spreadsheet {sheet.spreadsheet} during the check")
    sid = int(entry["properties"]["sheetId"])
    first = sheet.header_row  # 0-based index of the first data row
    column = [{"userEnteredValue": {"stringValue": FEEDBACK_HEADER}}]
    column += [{"userEnteredValue": {"stringValue": sheet.texts[r]}} if r in sheet.texts else {}
               for r in range(first + 1, sheet.last_row + 1)]
    notes = [{"values": [{"note": sheet.notes[(r, c)]} if (r, c) in sheet.notes else {}
                         for c in range(sheet.column)]}
             for r in range(first + 1, sheet.last_row + 1)]
    grid = {"sheetId": sid, "startRowIndex": first, "endRowIndex": sheet.last_row}
    requests: list[dict[str, Any]] = []
    columns = int(entry["properties"].get("gridProperties", {}).get("columnCount", 26))
    if sheet.column >= columns:  # Sheets refuses a write outside the grid: widen the tab first
        requests.append({"appendDimension": {"sheetId": sid, "dimension": "COLUMNS",
                                             "length": sheet.column + 1 - columns}})
    requests += [
        {"updateCells": {"range": {"sheetId": sid, "startRowIndex": first - 1, "endRowIndex": sheet.last_row,
                                   "startColumnIndex": sheet.column, "endColumnIndex": sheet.column + 1},
                         "rows": [{"values": [cell]} for cell in column], "fields": "userEnteredValue,note"}},
    ]
    if sheet.column and sheet.last_row > first:
        requests.append({"updateCells": {"range": {**grid, "startColumnIndex": 0, "endColumnIndex": sheet.column},
                                         "rows": notes, "fields": "note"}})
    protected = {"sheetId": sid, "startColumnIndex": sheet.column, "endColumnIndex": sheet.column + 1}
    mine = next((p for p in entry.get("protectedRanges", []) if p.get("description") == PROTECTION), None)
    if mine is None:
        requests.append({"addProtectedRange": {"protectedRange": {
            "range": protected, "description": PROTECTION, "warningOnly": False, "editors": {"users": staff}}}})
    else:
        requests.append({"updateProtectedRange": {"protectedRange": {
            "protectedRangeId": mine["protectedRangeId"], "range": protected}, "fields": "range"}})
    return requests
