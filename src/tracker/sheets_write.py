"""Writing to Google Sheets, over the one wire client in sources.gsheets (which only reads): provisioning
the shared spreadsheet, the summary tab, and the row feedback in each unit's tab.

Per spreadsheet: one `spreadsheets.get` (tab ids and the protections already there) and one
`spreadsheets.batchUpdate` holding everything: the feedback column's cells, the notes on offending
cells (cleared where a row was fixed), and the column's protection, added once and moved if the
column moved. Values go in as `userEnteredValue.stringValue`, which Sheets never parses, so a
message quoting a unit's "=…" stays text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tracker.decisions import COLUMNS as REVIEW_COLUMNS
from tracker.decisions import KIND_VI, REVIEW_SHEET, is_review_sheet
from tracker.definition import Tracker
from tracker.errors import SourceError
from tracker.feedback import PROTECTION, SheetFeedback, feedback
from tracker.intake import FEEDBACK_HEADER
from tracker.sources.gsheets import (
    SUMMARY_TAB,
    RetryPolicy,
    _quote,
    call,
    http_client,
    service_account_email,
    spreadsheet_key,
)
from tracker.template import HEADER_ROW, INSTRUCTIONS_SHEET, entry_layout, instructions, unit_title

if TYPE_CHECKING:
    from tracker.result import CheckResult

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


# ---------------------------------------------------------------- provisioning and the summary tab


def _sheet_ids(client: Any, key: str, policy: RetryPolicy) -> dict[str, int]:
    meta = call("spreadsheets.get", key, lambda: client.fetch_sheet_metadata(key), policy)
    return {s["properties"]["title"]: int(s["properties"]["sheetId"]) for s in meta.get("sheets", [])}


def provision(tracker: Tracker, title: str, key: str | None = None, share: bool = False,
              credentials: str | None = None, policy: RetryPolicy | None = None) -> str:
    """Create the shared spreadsheet (or complete an existing one); never touches a district's rows."""
    policy = policy or RetryPolicy()
    client = http_client(credentials, readonly=False, timeout=policy.timeout)
    if key is None:
        created = call("spreadsheets.create", "(new)", lambda: client.request(
            "post", "https://sheets.googleapis.com/v4/spreadsheets", json={"properties": {"title": title}}).json(), policy)
        key = str(created["spreadsheetId"])
    key = spreadsheet_key(key)
    existing = _sheet_ids(client, key, policy)
    layout = entry_layout(tracker)
    wanted = [INSTRUCTIONS_SHEET] + [u.sheet for u in tracker.units]
    missing = [name for name in wanted if name not in existing]
    if missing:
        body = {"requests": [{"addSheet": {"properties": {"title": name}}} for name in missing]}
        call("batchUpdate", key, lambda: client.batch_update(key, body), policy)
        existing = _sheet_ids(client, key, policy)
    new_units = [u for u in tracker.units if u.sheet in missing]
    data = []
    if INSTRUCTIONS_SHEET in missing:
        data.append({"range": f"{_quote(INSTRUCTIONS_SHEET)}!A1",
                     "values": [[text] for _, text in instructions(tracker)]})
    for unit in new_units:
        data.append({"range": f"{_quote(unit.sheet)}!A1", "values": [[unit_title(tracker, unit)], layout.headers]})
    if data:
        call("values:batchUpdate", key, lambda: client.values_batch_update(
            key, {"valueInputOption": "RAW", "data": data}), policy)
    requests_: list[dict[str, Any]] = []
    ncol = len(layout.headers)
    keys = [c.key for c in tracker.columns]
    staff = list(tracker.province.staff_emails)
    for unit in new_units:
        sid = existing[unit.sheet]
        requests_.append({"updateSheetProperties": {
            "properties": {"sheetId": sid, "gridProperties": {"frozenRowCount": HEADER_ROW}},
            "fields": "gridProperties.frozenRowCount"}})
        for col_key, options in (("task", layout.task_options), ("form", layout.form_options),
                                 ("audience", layout.audience_options)):
            if col_key in keys:
                c = keys.index(col_key)
                requests_.append({"setDataValidation": {
                    "range": {"sheetId": sid, "startRowIndex": HEADER_ROW, "startColumnIndex": c, "endColumnIndex": c + 1},
                    "rule": {"condition": {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": o} for o in options]},
                             "showCustomUi": True, "strict": False}}})
        if "date" in keys:
            c = keys.index("date")
            s, e = tracker.campaign.start, tracker.campaign.end
            requests_.append({"setDataValidation": {
                "range": {"sheetId": sid, "startRowIndex": HEADER_ROW, "startColumnIndex": c, "endColumnIndex": c + 1},
                "rule": {"condition": {"type": "DATE_BETWEEN", "values": [
                    {"userEnteredValue": f"{s:%d/%m/%Y}"}, {"userEnteredValue": f"{e:%d/%m/%Y}"}]}, "strict": True}}})
        for col_key in ("participants", "quantity"):
            if col_key in keys:
                c = keys.index(col_key)
                requests_.append({"setDataValidation": {
                    "range": {"sheetId": sid, "startRowIndex": HEADER_ROW, "startColumnIndex": c, "endColumnIndex": c + 1},
                    "rule": {"condition": {"type": "NUMBER_GREATER_THAN_EQ", "values": [{"userEnteredValue": "0"}]},
                             "strict": True}}})
        requests_.append({"addProtectedRange": {"protectedRange": {
            "range": {"sheetId": sid, "startRowIndex": 0, "endRowIndex": HEADER_ROW, "startColumnIndex": 0,
                      "endColumnIndex": ncol},
            "description": "Tiêu đề cột — không sửa", "editors": {"users": staff}}}})
        requests_.append({"addProtectedRange": {"protectedRange": {
            "range": {"sheetId": sid}, "description": f"Chỉ {unit.name} và Sở được sửa", "warningOnly": False,
            "editors": {"users": [*unit.contacts, *staff]}}}})
    if requests_:
        body = {"requests": requests_}
        call("batchUpdate", key, lambda: client.batch_update(key, body), policy)
    _review_tab(client, tracker, key, policy, credentials)
    if share:
        emails = sorted({e for u in tracker.units for e in u.contacts} | set(staff))
        for email in emails:
            def grant(email: str = email) -> Any:
                return client.request(
                    "post", f"https://www.googleapis.com/drive/v3/files/{key}/permissions",
                    params={"sendNotificationEmail": "false", "supportsAllDrives": "true"},
                    json={"type": "user", "role": "writer", "emailAddress": email}).json()

            call("permissions.create", key, grant, policy)
    return key


REVIEW_PROTECTION = "Chỉ cán bộ {speaker} được ghi quyết định"


def _review_tab(client: Any, tracker: Tracker, key: str, policy: RetryPolicy, credentials: str | None) -> str:
    """The spreadsheet's review tab, added when missing: headings with hints, dropdowns for the unit, the
    part and the decision, and a protection that leaves it to the province's staff alone."""
    existing = _sheet_ids(client, key, policy)
    found = next((t for t in existing if is_review_sheet(t)), None)
    if found is not None:
        return found
    body: dict[str, Any] = {"requests": [{"addSheet": {"properties": {"title": REVIEW_SHEET}}}]}
    call("batchUpdate", key, lambda: client.batch_update(key, body), policy)
    sid = _sheet_ids(client, key, policy)[REVIEW_SHEET]
    headers = [c.header for c in REVIEW_COLUMNS]
    call("values:batchUpdate", key, lambda: client.values_batch_update(key, {"valueInputOption": "RAW", "data": [
        {"range": f"{_quote(REVIEW_SHEET)}!A1", "values": [headers]}]}), policy)
    keys = [c.key for c in REVIEW_COLUMNS]
    lists = {"decision": list(KIND_VI.values()), "part": [p.id for _, p in tracker.parts()],
             "unit": [u.name for u in tracker.units] if len(tracker.units) <= 500 else []}  # Sheets' list limit
    requests_: list[dict[str, Any]] = [{"updateSheetProperties": {
        "properties": {"sheetId": sid, "gridProperties": {"frozenRowCount": 1}}, "fields": "gridProperties.frozenRowCount"}}]
    for col_key, options in lists.items():
        if options:
            c = keys.index(col_key)
            requests_.append({"setDataValidation": {
                "range": {"sheetId": sid, "startRowIndex": 1, "startColumnIndex": c, "endColumnIndex": c + 1},
                "rule": {"condition": {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": o} for o in options]},
                         "showCustomUi": True, "strict": col_key == "decision"}}})
    requests_.append({"updateCells": {
        "rows": [{"values": [{"note": c.hint} for c in REVIEW_COLUMNS]}], "fields": "note",
        "start": {"sheetId": sid, "rowIndex": 0, "columnIndex": 0}}})
    editors = list(tracker.province.staff_emails)
    account = service_account_email(credentials)
    if account and account not in editors:
        editors.append(account)  # the tool itself appends the decisions written from the notebook
    requests_.append({"addProtectedRange": {"protectedRange": {
        "range": {"sheetId": sid}, "description": REVIEW_PROTECTION.format(speaker=tracker.province.speaker),
        "warningOnly": False, "editors": {"users": editors}}}})
    call("batchUpdate", key, lambda: client.batch_update(key, {"requests": requests_}), policy)
    return REVIEW_SHEET


def append_review(tracker: Tracker, spec: str, lines: list[list[str]], credentials: str | None = None,
                  policy: RetryPolicy | None = None) -> str:
    """Append decision lines to the spreadsheet's review tab (added first when missing); returns the tab's name.
    RAW input: a reason starting with '=' stays text."""
    policy = policy or RetryPolicy()
    client = http_client(credentials, readonly=False, timeout=policy.timeout)
    key = spreadsheet_key(spec)
    title = _review_tab(client, tracker, key, policy, credentials)
    call("values.append", key, lambda: client.values_append(
        key, f"{_quote(title)}!A1", {"valueInputOption": "RAW", "insertDataOption": "INSERT_ROWS"},
        {"values": lines}), policy)
    return title


def write_back(result: CheckResult, credentials: str | None = None, policy: RetryPolicy | None = None) -> list[str]:
    """The 'Tổng hợp' tab in each spreadsheet read: the gap matrix and a status line per unit."""
    from tracker.evaluate import STATUS_VI
    from tracker.report import part_label

    policy = policy or RetryPolicy()
    keys = [label.removeprefix("gsheets:") for label in result.source.split(", ") if label.startswith("gsheets:")]
    if not keys:
        raise SourceError("--write-back needs a Google Sheets source")
    client = http_client(credentials, readonly=False, timeout=policy.timeout)
    t = result.tracker
    header = ["Đơn vị"] + [f"NV{task.id}" for task in t.tasks]
    header += [p.id for _, p in t.parts()] + ["Tình trạng"]
    values: list[list[Any]] = [[f"Tình hình thực hiện — tính đến {result.as_of:%d/%m/%Y}"], header]
    for unit in t.units:
        tasks = result.evaluation.unit_tasks(unit.id)
        overdue = [p.part for ts in tasks for p in ts.parts if p.status == "overdue"]
        line = ("Quá hạn: " + ", ".join(overdue)) if overdue else "Không có phần việc quá hạn"
        values.append([unit.name, *[STATUS_VI[ts.status] for ts in tasks],
                       *[part_label(p) for ts in tasks for p in ts.parts], line])
    for key in keys:
        ids = _sheet_ids(client, key, policy)
        add = {"requests": [{"addSheet": {"properties": {"title": SUMMARY_TAB, "index": 0}}}]}
        body = {"valueInputOption": "RAW", "data": [{"range": f"{_quote(SUMMARY_TAB)}!A1", "values": values}]}
        if SUMMARY_TAB not in ids:
            call("batchUpdate", key, lambda k=key, b=add: client.batch_update(k, b), policy)  # type: ignore[misc]
        call("values:batchUpdate", key, lambda k=key, b=body: client.values_batch_update(k, b), policy)  # type: ignore[misc]
    return keys
