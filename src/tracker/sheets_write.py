"""Writing to Google Sheets, over the one wire client in sources.gsheets (which only reads): provisioning
the shared spreadsheet, the write-back (summary tab and row feedback) and the province's review tab.

Every write is built from a `Snapshot` of the spreadsheet (the check's own read, or a fresh one) and sent
as few `spreadsheets.batchUpdate`s as Google's recommended 2 MB payload allows (one per spreadsheet for a
province): a check with write-back costs two requests per spreadsheet. What the tool made is known by
project-only developer metadata, never by a heading or a title a unit could type: the feedback column,
the summary tab, the review tab, and the index of the notes the tool wrote (a unit's own note is never
cleared or overwritten). Tabs are added with their own ids and grids sized before anything is written
into them; the service account is an editor of every protection the tool makes. A write whose answer is
lost is never resent blindly: the spreadsheet is read again and the batch rebuilt from what is there, so
nothing is added twice. Values go in as `userEnteredValue.stringValue` or RAW, which Sheets never
parses, so a message quoting a unit's "=…" stays text.
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tracker.definition import Tracker, Unit, task_column
from tracker.entry_workbook import HEADER_ROW, INSTRUCTIONS_SHEET, entry_layout, instructions, unit_title
from tracker.errors import SourceError
from tracker.feedback.rows import PROTECTION, SheetFeedback, feedback, first_free_column
from tracker.files.cells import RawSheet
from tracker.intake import FEEDBACK_HEADER, tab_owners
from tracker.retry import Decide, backoff, retry
from tracker.review.decisions import COLUMNS as REVIEW_COLUMNS
from tracker.review.decisions import KIND_VI, REVIEW_SHEET
from tracker.sources.gsheets import (
    LOCALE,
    MARK_FEEDBACK,
    MARK_NOTES,
    MARK_REVIEW,
    MARK_SUMMARY,
    PROTECTED_CELL,
    SHARING,
    STATE_FIELDS,
    SUMMARY_TAB,
    TIME_ZONE,
    Ambiguous,
    GSheetsSource,
    RetryPolicy,
    Snapshot,
    TabState,
    _quote,
    _reason,
    call,
    get,
    grid,
    http_client,
    snapshot,
    spreadsheet_key,
    title_key,
    vouched_review,
    whole_sheet,
    writer_account,
)

if TYPE_CHECKING:
    from tracker.result import CheckResult

MAX_BATCH_BYTES = 2 * 1024 * 1024
"""Google's recommended maximum payload for one request (Sheets API usage limits)."""
MAX_BATCH_REQUESTS = 20_000
"""No limit is documented; a bound keeps one batch's work on Google's side well inside its 180 s timeout."""
MAX_TABS = 200
NOTES_INDEX_CHARS = 25_000
"""The notes index stays under the 30,000 characters of developer metadata a location holds."""
UNIT_ROWS = 1000
HEADER_PROTECTION = "Tiêu đề cột — không sửa"
UNIT_PROTECTION = "Chỉ {name} và Sở được sửa"
REVIEW_PROTECTION = "Chỉ cán bộ {speaker} được ghi quyết định"
SUMMARY_PROTECTION = "Tổng hợp — do cơ quan theo dõi ghi, không sửa"

Request = dict[str, Any]
DEFAULT_TAB = re.compile(r"(Sheet|Trang tính|Trang tính )\d+")


# ---------------------------------------------------------------------------- the write loop


def read_state(client: Any, key: str, policy: RetryPolicy, account: str | None) -> Snapshot:
    return snapshot(get(client, key, policy, account, STATE_FIELDS), key)


def apply(client: Any, key: str, policy: RetryPolicy, account: str | None,
          build: Callable[[Snapshot], list[list[Request]]], state: Snapshot | None = None) -> int:
    """Send build(state)'s batches; after an answer lost or a 5xx, read the spreadsheet again and send what
    build says is still needed (adding a tab, a protection or a marker twice is impossible that way).
    Returns the number of batchUpdates sent."""
    current = state or read_state(client, key, policy, account)
    fresh = state is None
    sent = 0
    again = False

    def send() -> int:
        nonlocal current, sent, again, fresh
        if again:  # after an answer lost: what the spreadsheet holds now says what is still needed
            current, fresh = read_state(client, key, policy, account), True
        again = True
        for batch in build(current):
            try:
                call("batchUpdate", key, lambda b=batch: client.batch_update(key, {"requests": b}),  # type: ignore[misc]
                     policy, account, resend=False)
            except SourceError as exc:
                if fresh or not _refused(exc):
                    raise
                # Built on the check's read, which may be minutes old: a tab deleted or a protection added since
                # makes Google refuse the whole batch (nothing of it applied). Read again and rebuild, once.
                raise Ambiguous("the spreadsheet changed since it was read", exc) from exc
            sent += 1
        return sent

    def gave_up(exc: Ambiguous, attempts: int) -> str:
        return (f"spreadsheet {key}: batchUpdate still failing after {attempts} attempts ({exc.reason}); it may be "
                "partly written (each batch is all or nothing). Run the same command again: it reads what is there "
                "and sends only what is missing")

    return retry(send, _after_ambiguous(policy, gave_up), policy.sleep)


def _write_timeout(policy: RetryPolicy) -> float:
    """A writer's socket timeout: never shorter than Google's own limit on processing one request."""
    return max(policy.timeout, policy.write_timeout)


def _refused(exc: SourceError) -> bool:
    """A batch Google refused as it stands (400, or a protection's refusal), not a quota or an outage."""
    from gspread.exceptions import APIError

    cause = exc.__cause__
    return isinstance(cause, APIError) and (cause.code == 400 or PROTECTED_CELL in str(cause.error.get("message", "")))


def _after_ambiguous(policy: RetryPolicy, gave_up: Callable[[Ambiguous, int], str], jitter: bool = True) -> Decide:
    """Retry a write whose answer was lost (Ambiguous) up to policy.attempts times, backing off; then a SourceError
    in gave_up's words. Any other failure is raised as it is."""

    def decide(exc: Exception, attempt: int) -> float | None:
        if not isinstance(exc, Ambiguous):
            return None
        if attempt + 1 >= policy.attempts:
            raise SourceError(gave_up(exc, attempt + 1)) from exc.cause
        return backoff(attempt, policy.base, policy.max_delay, jitter=jitter)

    return decide


def batches(groups: Sequence[list[Request]]) -> list[list[Request]]:
    """Groups (a tab's requests, kept together) packed into batches under the payload and request limits."""
    out: list[list[Request]] = []
    size = 0
    for group in groups:
        if not group:
            continue
        weight = sum(len(json.dumps(r)) + 2 for r in group)  # as sent: ASCII JSON, "\u1ea1" for "ạ"
        if out and (size + weight > MAX_BATCH_BYTES or len(out[-1]) + len(group) > MAX_BATCH_REQUESTS):
            out.append([])
            size = 0
        if not out:
            out.append([])
        out[-1].extend(group)
        size += weight
    return out


def editors(*groups: Sequence[str | None]) -> list[str]:
    seen: dict[str, str] = {}
    for group in groups:
        for address in group:
            if address and address.lower() not in seen:
                seen[address.lower()] = address
    return list(seen.values())


def new_id(taken: set[int], seed: str) -> int:
    sid = zlib.crc32(seed.encode("utf-8")) % 2_000_000_000 + 1
    while sid in taken:
        sid += 1
    taken.add(sid)
    return sid


def mark(key: str, location: dict[str, Any], value: str = "") -> Request:
    return {"createDeveloperMetadata": {"developerMetadata": {
        "metadataKey": key, "metadataValue": value, "visibility": "PROJECT", "location": location}}}


def unmark(metadata_id: int) -> Request:
    return {"deleteDeveloperMetadata": {"dataFilter": {"developerMetadataLookup": {"metadataId": metadata_id}}}}


def protect(sheet_id: int, description: str, users: list[str], **bounds: int) -> Request:
    return {"addProtectedRange": {"protectedRange": {
        "range": {"sheetId": sheet_id, **bounds}, "description": description, "warningOnly": False,
        "editors": {"users": users}}}}


def text_cell(value: Any) -> dict[str, Any]:
    if value is None or value == "":
        return {}
    if isinstance(value, bool):
        return {"userEnteredValue": {"boolValue": value}}
    if isinstance(value, int | float):
        return {"userEnteredValue": {"numberValue": value}}
    return {"userEnteredValue": {"stringValue": str(value)}}


def repair_editors(tab: TabState, account: str | None, descriptions: tuple[str, ...]) -> list[Request]:
    """Protections the tool made without the service account (before this version): add it, where the tool may."""
    out: list[Request] = []
    if not account:
        return out
    for p in tab.protections:
        users = p.get("editors", {}).get("users", [])
        mine = any(str(p.get("description", "")).startswith(d) for d in descriptions)
        if mine and p.get("requestingUserCanEdit") and account.lower() not in {u.lower() for u in users}:
            out.append({"updateProtectedRange": {"protectedRange": {
                "protectedRangeId": p["protectedRangeId"], "editors": {"users": [*users, account]}},
                "fields": "editors"}})
    return out


# ---------------------------------------------------------------------------- write-back


def write_back(result: CheckResult, credentials: str | None = None, policy: RetryPolicy | None = None,
               source: object | None = None) -> list[str]:
    """The summary tab (this spreadsheet's units only) and every unit tab's feedback (column, notes,
    protection), in one batchUpdate per spreadsheet, built on the check's own read when `source` is the
    GSheetsSource that read it (else on one fresh read). Returns the keys written."""
    policy = policy or RetryPolicy()
    keys = [label.removeprefix("gsheets:") for label in result.source.split(", ") if label.startswith("gsheets:")]
    if not keys:
        raise SourceError("--write-back needs a Google Sheets source",
                          vi="--write-back chỉ dùng được với nguồn là Google Sheets")
    read = source if isinstance(source, GSheetsSource) else None
    units = read.keys if read is not None else _units_by_key(result.tracker, keys)
    account = writer_account(credentials)
    client = http_client(credentials, readonly=False, timeout=_write_timeout(policy))
    by_key: dict[str, list[SheetFeedback]] = {}
    for sheet in feedback(result):
        by_key.setdefault(sheet.spreadsheet, []).append(sheet)
    raws = {(s.spreadsheet, s.name): s for s in reversed(result.book.sheets)}
    written: list[str] = []
    blocked: list[str] = []
    for key in keys:
        def build(state: Snapshot, key: str = key) -> list[list[Request]]:
            blocked_here: list[str] = []
            groups = [summary_requests(result, units.get(key, []), state, account, blocked_here)]
            for sheet in by_key.get(key, []):
                groups.append(feedback_requests(result, sheet, state, account, blocked_here, raws))
            blocked[:] = [b for b in blocked if not b.startswith(f"{key}:")] + [f"{key}: {b}" for b in blocked_here]
            return batches(groups)

        try:
            apply(client, key, policy, account, build, read.snapshots.get(key) if read else None)
        except SourceError as exc:
            rest = keys[keys.index(key) + 1:]
            raise SourceError(f"{exc}. Written in full before it: {', '.join(written) or 'none'}; not written: "
                              f"{', '.join(rest) or 'none'}",
                              vi=exc.vi and f"{exc.vi}. Đã ghi đủ trước đó: {', '.join(written) or 'không có'}; chưa ghi: "
                                            f"{', '.join(rest) or 'không có'}") from exc
        written.append(key)
    if blocked:
        raise SourceError(f"write-back left out {len(blocked)} tab(s) whose protection leaves out "
                          f"{account or 'the service account'} (add that address to its editors: Data → Protected "
                          "sheets and ranges): " + "; ".join(blocked),
                          vi=f"chưa ghi kết quả vào {len(blocked)} trang tính vì vùng được bảo vệ không cho "
                             f"{account or 'tài khoản dịch vụ'} sửa (thêm địa chỉ đó vào danh sách được sửa: Dữ liệu → "
                             "Trang tính và dải ô được bảo vệ): " + "; ".join(blocked))
    return written


write_feedback = write_back
"""The same one batch per spreadsheet: the feedback never goes without the summary it belongs with."""


def _units_by_key(tracker: Tracker, keys: list[str]) -> dict[str, list[Unit]]:
    if len(keys) == 1:
        return {keys[0]: list(tracker.units)}
    out: dict[str, list[Unit]] = {}
    for unit in tracker.units:
        out.setdefault(spreadsheet_key(tracker.spreadsheet_of(unit).key or ""), []).append(unit)
    return out


def summary_values(result: CheckResult, units: Sequence[Unit]) -> list[list[Any]]:
    from tracker.evaluate import STATUS_VI
    from tracker.report import part_label

    t = result.tracker
    header = ["Đơn vị"] + [task_column(task.id) for task in t.tasks] + [p.id for _, p in t.parts()] + ["Tình trạng"]
    values: list[list[Any]] = [[f"Tình hình thực hiện — tính đến {result.as_of:%d/%m/%Y}"], header]
    for unit in units:
        tasks = result.evaluation.unit_tasks(unit.id)
        overdue = [p.part for ts in tasks for p in ts.parts if p.status == "overdue"]
        line = ("Quá hạn: " + ", ".join(overdue)) if overdue else "Không có phần việc quá hạn"
        values.append([unit.name, *[STATUS_VI[ts.status] for ts in tasks],
                       *[part_label(p) for ts in tasks for p in ts.parts], line])
    return values


def summary_requests(result: CheckResult, units: Sequence[Unit], state: Snapshot, account: str | None,
                     blocked: list[str]) -> list[Request]:
    """The summary tab: added (sized, marked, protected) or grown, then rewritten whole."""
    values = summary_values(result, units)
    rows, cols = len(values), max(len(r) for r in values)
    staff = editors(result.tracker.province.staff_addresses(), [account])
    tab = state.by_mark(MARK_SUMMARY) or state.find(SUMMARY_TAB)  # an unmarked one: written by an older version
    out: list[Request] = []
    if tab is None:
        sid = new_id(state.ids(), f"{state.key}/{SUMMARY_TAB}")
        out += [{"addSheet": {"properties": {"sheetId": sid, "title": SUMMARY_TAB, "index": 0, "gridProperties": {
                    "rowCount": rows, "columnCount": cols, "frozenRowCount": 2}}}},
                mark(MARK_SUMMARY, {"sheetId": sid}), protect(sid, SUMMARY_PROTECTION, staff)]
    else:
        sid = tab.sheet_id
        shut = next((p for p in tab.protections if not _may_edit(p) and not p.get("warningOnly")), None)
        if shut is not None:
            blocked.append(f"“{tab.title}” (protection “{shut.get('description', '')}”)")
            return []
        if tab.mark(MARK_SUMMARY) is None:
            out.append(mark(MARK_SUMMARY, {"sheetId": sid}))
        if tab.rows < rows or tab.columns < cols:
            out.append({"updateSheetProperties": {"properties": {"sheetId": sid, "gridProperties": {
                "rowCount": max(rows, tab.rows), "columnCount": max(cols, tab.columns)}},
                "fields": "gridProperties.rowCount,gridProperties.columnCount"}})
        if not any(whole_sheet(p.get("range", {})) for p in tab.protections):
            out.append(protect(sid, SUMMARY_PROTECTION, staff))
    out.append({"updateCells": {"range": {"sheetId": sid}, "fields": "userEnteredValue",
                                "rows": [{"values": [text_cell(v) for v in row]} for row in values]}})
    return out


def _a1(r: int, c: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(c + 1)}{r + 1}"


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def notes_index(tab: TabState) -> dict[tuple[int, int], str]:
    """The cells whose note the tool wrote, with a digest of what it wrote."""
    from openpyxl.utils import column_index_from_string

    meta = tab.mark(MARK_NOTES)
    out: dict[tuple[int, int], str] = {}
    for item in str(meta.get("metadataValue", "") if meta else "").split():
        cell, _, digest = item.partition(":")
        letters = cell.rstrip("0123456789")
        if letters and cell[len(letters):].isdigit():
            out[(int(cell[len(letters):]) - 1, column_index_from_string(letters) - 1)] = digest
    return out


def feedback_requests(result: CheckResult, sheet: SheetFeedback, state: Snapshot, account: str | None,
                      blocked: list[str], raws: dict[tuple[str, str], RawSheet]) -> list[Request]:
    """One unit tab: its feedback column (the tool's by its marker, else the first free one), the notes the
    tool owns (a unit's own note is left alone), and the column's protection."""
    tab = state.tabs.get(sheet.sheet)
    if tab is None:
        raise SourceError(f"tab {sheet.sheet!r} disappeared from spreadsheet {state.key} during the check",
                          vi=f"trang tính “{sheet.sheet}” đã bị xóa khỏi bảng tính {state.key} trong lúc kiểm tra; "
                             "hãy chạy lại")
    sid = tab.sheet_id
    column, out = _feedback_column(tab, raws[(sheet.spreadsheet, sheet.sheet)], sheet.header_row)
    first = sheet.header_row - 1  # 0-based index of the header row
    texts = [FEEDBACK_HEADER] + [sheet.texts.get(r, "") for r in range(sheet.header_row + 1, sheet.last_row + 1)]
    out.append({"updateCells": {"range": {"sheetId": sid, "startRowIndex": first, "startColumnIndex": column,
                                          "endColumnIndex": column + 1},
                                "rows": [{"values": [text_cell(t)]} for t in texts], "fields": "userEnteredValue"}})
    wanted = {(r - 1, c): text for (r, c), text in sheet.notes.items()}
    out += _note_requests(tab, wanted)
    staff = editors(result.tracker.province.staff_addresses(), [account])
    out += _protection_requests(tab, column, staff)
    touched = [(first, column, len(texts) + first, column + 1), *((r, c, r + 1, c + 1) for r, c in wanted)]
    lock = _locking_protection(tab, touched)
    if lock is not None:
        blocked.append(lock)
        return []
    return out


def _feedback_column(tab: TabState, raw: RawSheet, header_row: int) -> tuple[int, list[Request]]:
    """The feedback column's index and the requests that claim it: the tool's own column is found again by
    its marker, so a unit inserting columns never makes the tool write over their data."""
    sid = tab.sheet_id
    column = tab.marked_column(MARK_FEEDBACK)
    out: list[Request] = []
    if column is None:
        column = first_free_column(raw, header_row)
        out.append(mark(MARK_FEEDBACK, {"dimensionRange": {"sheetId": sid, "dimension": "COLUMNS",
                                                           "startIndex": column, "endIndex": column + 1}}))
    if column >= tab.columns:  # Sheets refuses a write outside the grid: widen the tab first
        out.insert(0, {"appendDimension": {"sheetId": sid, "dimension": "COLUMNS", "length": column + 1 - tab.columns}})
    return column, out


def _note_requests(tab: TabState, wanted: dict[tuple[int, int], str]) -> list[Request]:
    """The notes to write or clear, and the index of the notes the tool owns: a note is the tool's only while
    its digest matches, so a note a unit typed (or edited) is never overwritten or cleared."""
    index = notes_index(tab)
    owned = {cell for cell, digest in index.items() if cell in tab.notes and _digest(tab.notes[cell]) == digest}
    kept: dict[tuple[int, int], str] = {}
    changes: dict[tuple[int, int], str] = {}
    size = 0
    for cell, text in sorted(wanted.items()):
        now = tab.notes.get(cell)
        if now is not None and cell not in owned:
            continue  # the unit's own note: never overwritten
        item = len(_a1(*cell)) + 10
        if size + item > NOTES_INDEX_CHARS:
            break
        size += item
        kept[cell] = _digest(text)
        if now != text:
            changes[cell] = text
    for cell in owned - kept.keys():
        changes[cell] = ""  # a fixed cell: the tool's note goes
    out = note_requests(tab.sheet_id, changes)
    old = tab.mark(MARK_NOTES)
    value = " ".join(f"{_a1(*c)}:{d}" for c, d in sorted(kept.items()))
    if value != (str(old.get("metadataValue", "")) if old else ""):
        if old is not None:
            out.append(unmark(int(old["metadataId"])))
        if kept:
            out.append(mark(MARK_NOTES, {"sheetId": tab.sheet_id}, value))
    return out


def _protection_requests(tab: TabState, column: int, staff: list[str]) -> list[Request]:
    """Protect the feedback column so units cannot type in it; an existing protection only gains the staff
    missing from it (never loses an editor someone added by hand)."""
    sid = tab.sheet_id
    bounds = {"sheetId": sid, "startColumnIndex": column, "endColumnIndex": column + 1}
    mine = next((p for p in tab.protections if grid(p.get("range", {})) == grid(bounds)), None)
    if mine is None:
        return [protect(sid, PROTECTION, staff, startColumnIndex=column, endColumnIndex=column + 1)]
    if _may_edit(mine) and set(staff) - set(mine.get("editors", {}).get("users", [])):
        return [{"updateProtectedRange": {"protectedRange": {
            "protectedRangeId": mine["protectedRangeId"],
            "editors": {"users": editors(mine.get("editors", {}).get("users", []), staff)}}, "fields": "editors"}}]
    return []


def _locking_protection(tab: TabState, touched: list[tuple[int, int, int, int]]) -> str | None:
    """The protection we may not edit that covers a cell we would write, named for the report: the whole
    tab is then left alone rather than half-written."""
    for p in tab.protections:
        if _may_edit(p) or p.get("warningOnly"):
            continue
        if any(_overlaps(p.get("range", {}), *box) for box in touched):
            return f"“{tab.title}” (protection “{p.get('description', '')}”)"
    return None


def _may_edit(protection: dict[str, Any]) -> bool:
    """Whether the tool may edit inside a protection, as the read said: `requestingUserCanEdit` is output only, and
    an answer may leave a false boolean out, so absent means no."""
    return bool(protection.get("requestingUserCanEdit", False))


def note_requests(sheet_id: int, changes: dict[tuple[int, int], str]) -> list[Request]:
    """One updateCells per run of side-by-side cells of a row ("" clears): only those cells are touched."""
    out: list[Request] = []
    run: list[tuple[int, int]] = []
    for cell in [*sorted(changes), None]:
        if run and (cell is None or cell[0] != run[-1][0] or cell[1] != run[-1][1] + 1):
            out.append({"updateCells": {"start": {"sheetId": sheet_id, "rowIndex": run[0][0], "columnIndex": run[0][1]},
                                        "rows": [{"values": [{"note": changes[c]} if changes[c] else {} for c in run]}],
                                        "fields": "note"}})
            run = []
        if cell is not None:
            run.append(cell)
    return out


def _overlaps(grid: dict[str, Any], r0: int, c0: int, r1: int, c1: int) -> bool:
    return bool(grid.get("startRowIndex", 0) < r1 and r0 < grid.get("endRowIndex", 10**9)
                and grid.get("startColumnIndex", 0) < c1 and c0 < grid.get("endColumnIndex", 10**9))


# ---------------------------------------------------------------------------- provisioning


@dataclass
class Provisioned:
    key: str
    tabs: int
    shared: list[str] = field(default_factory=list)
    invited: list[str] = field(default_factory=list)
    """Addresses without a Google account: shared with an invitation e-mail (they sign up to open it)."""
    failed: dict[str, str] = field(default_factory=dict)


def units_for(tracker: Tracker, key: str, spreadsheet: str | None = None) -> list[Unit]:
    """The units whose tabs live in the spreadsheet `key`: the definition's spreadsheet of that key (or id)."""
    if spreadsheet is not None:
        if spreadsheet not in {s.id for s in tracker.spreadsheets}:
            raise SourceError(f"no spreadsheet {spreadsheet!r} in the definition (it names "
                              + ", ".join(s.id for s in tracker.spreadsheets) + ")",
                              vi=f"tệp định nghĩa không có bảng tính “{spreadsheet}” (các bảng tính: "
                                 + ", ".join(s.id for s in tracker.spreadsheets) + ")")
        chosen = [u for u in tracker.units if tracker.spreadsheet_of(u).id == spreadsheet]
    elif len(tracker.spreadsheets) == 1:
        chosen = list(tracker.units)
    else:
        ids = {s.id for s in tracker.spreadsheets if s.key and spreadsheet_key(s.key) == key}
        if not ids:
            raise SourceError(f"the definition spreads its units over {len(tracker.spreadsheets)} spreadsheets; say "
                              "which one this key is with --spreadsheet ID (one of "
                              + ", ".join(s.id for s in tracker.spreadsheets) + ")",
                              vi=f"các đơn vị được chia vào {len(tracker.spreadsheets)} bảng tính; hãy ghi mã này là "
                                 "bảng tính nào bằng --spreadsheet ID (một trong "
                                 + ", ".join(s.id for s in tracker.spreadsheets) + ")")
        chosen = [u for u in tracker.units if tracker.spreadsheet_of(u).id in ids]
    if len(chosen) > MAX_TABS:
        raise SourceError(f"{len(chosen)} unit tabs in one spreadsheet: more than {MAX_TABS} do not fit; spread the "
                          "units over several under `spreadsheets:` (docs/tracker-format.md)",
                          vi=f"{len(chosen)} trang tính đơn vị trong một bảng tính: quá {MAX_TABS}; hãy chia các đơn "
                             "vị vào nhiều bảng tính trong `spreadsheets:` (docs/tracker-format.md)")
    return chosen


def provision(tracker: Tracker, title: str, key: str | None = None, share: bool = False,
              credentials: str | None = None, policy: RetryPolicy | None = None, spreadsheet: str | None = None,
              folder: str | None = None) -> Provisioned:
    """Complete a spreadsheet a person (or a Shared Drive) created and shared with the service account: locale
    vi_VN and Asia/Ho_Chi_Minh, the instructions tab, a tab per unit of that spreadsheet, the review tab,
    protections and checks; never touches a district's rows. Without `key`, a new spreadsheet is created
    (by an OAuth user, or by the service account in the Shared Drive folder `folder`)."""
    policy = policy or RetryPolicy()
    account = writer_account(credentials)
    client = http_client(credentials, readonly=False, timeout=_write_timeout(policy), scopes=SHARING if share or folder else None)
    if key is None:
        key = create(client, title, policy, account, folder)
    key = spreadsheet_key(key)
    units = units_for(tracker, key, spreadsheet)
    apply(client, key, policy, account, lambda state: provision_batches(tracker, units, state, account))
    done = Provisioned(key, len(units))
    if share:
        share_with(client, key, editors(*(u.contacts for u in units), tracker.province.staff_addresses()), policy,
                   account, done)
    return done


def create(client: Any, title: str, policy: RetryPolicy, account: str | None, folder: str | None) -> str:
    if folder:
        made = call("files.create", "(new)", lambda: client.request(
            "post", "https://www.googleapis.com/drive/v3/files", params={"supportsAllDrives": "true"},
            json={"name": title, "mimeType": "application/vnd.google-apps.spreadsheet", "parents": [folder]}).json(),
            policy, account, resend=False)
        return str(made["id"])
    made = call("spreadsheets.create", "(new)", lambda: client.request(
        "post", "https://sheets.googleapis.com/v4/spreadsheets",
        json={"properties": {"title": title, "locale": LOCALE, "timeZone": TIME_ZONE}}).json(), policy, account,
        resend=False)
    return str(made["spreadsheetId"])


def provision_batches(tracker: Tracker, units: Sequence[Unit], state: Snapshot, account: str | None) -> list[list[Request]]:
    groups: list[list[Request]] = []
    if state.locale != LOCALE or state.time_zone != TIME_ZONE:
        groups.append([{"updateSpreadsheetProperties": {"properties": {"locale": LOCALE, "timeZone": TIME_ZONE},
                                                        "fields": "locale,timeZone"}}])
    taken = state.ids()
    if state.find(INSTRUCTIONS_SHEET) is None:
        lines = [text for _, text in instructions(tracker)]
        sid = new_id(taken, f"{state.key}/{INSTRUCTIONS_SHEET}")
        groups.append([{"addSheet": {"properties": {"sheetId": sid, "title": INSTRUCTIONS_SHEET, "index": 0,
                                                    "gridProperties": {"rowCount": max(len(lines), 20), "columnCount": 4}}}},
                       {"updateCells": {"start": {"sheetId": sid, "rowIndex": 0, "columnIndex": 0}, "fields": "userEnteredValue",
                                        "rows": [{"values": [text_cell(line)]} for line in lines]}}])
    staff = editors(tracker.province.staff_addresses(), [account])
    owners = tab_owners(tracker, state.tabs)  # a tab the check reads as the unit's gets no twin
    for unit in units:
        tab = state.find(unit.sheet) or (state.tabs.get(owners[unit.id]) if unit.id in owners else None)
        if tab is None:
            groups.append(unit_tab(tracker, unit, new_id(taken, f"{state.key}/{unit.sheet}"), staff))
        else:
            groups.append(repair_editors(tab, account, (HEADER_PROTECTION, UNIT_PROTECTION.split("{")[0], PROTECTION)))
    groups.append(review_tab(tracker, state, taken, account))
    unit_tabs = {u.sheet for u in tracker.units}
    for tab in state.tabs.values():  # the empty first tab a new spreadsheet comes with ("Sheet1", "Trang tính1")
        if tab.empty and tab.title not in unit_tabs and DEFAULT_TAB.fullmatch(tab.title):
            groups.append([{"deleteSheet": {"sheetId": tab.sheet_id}}])  # last: the new tabs are there by then
    return batches(groups)


def unit_tab(tracker: Tracker, unit: Unit, sid: int, staff: list[str]) -> list[Request]:
    """A new unit tab, sized, with its title and header, dropdowns and checks, and two protections."""
    layout = entry_layout(tracker)
    ncol = len(layout.headers)
    keys = [c.key for c in tracker.columns]
    out: list[Request] = [
        {"addSheet": {"properties": {"sheetId": sid, "title": unit.sheet, "gridProperties": {
            "rowCount": UNIT_ROWS, "columnCount": max(26, ncol + 2), "frozenRowCount": HEADER_ROW}}}},
        {"updateCells": {"start": {"sheetId": sid, "rowIndex": 0, "columnIndex": 0}, "fields": "userEnteredValue",
                         "rows": [{"values": [text_cell(unit_title(tracker, unit))]},
                                  {"values": [text_cell(h) for h in layout.headers]}]}}]

    def rule(c: int, condition: dict[str, Any], **extra: Any) -> Request:
        return {"setDataValidation": {"range": {"sheetId": sid, "startRowIndex": HEADER_ROW, "endRowIndex": UNIT_ROWS,
                                                "startColumnIndex": c, "endColumnIndex": c + 1},
                                      "rule": {"condition": condition, **extra}}}

    for col_key, options in (("task", layout.task_options), ("form", layout.form_options),
                             ("audience", layout.audience_options)):
        if col_key in keys:
            out.append(rule(keys.index(col_key), {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": o} for o in options]},
                            showCustomUi=True, strict=False))
    if "date" in keys:  # ISO dates: read alike in every locale, whatever the spreadsheet's
        s, e = tracker.campaign.start, tracker.campaign.end
        out.append(rule(keys.index("date"), {"type": "DATE_BETWEEN", "values": [
            {"userEnteredValue": s.isoformat()}, {"userEnteredValue": e.isoformat()}]}, strict=True))
    for col_key in ("participants", "quantity"):
        if col_key in keys:
            out.append(rule(keys.index(col_key), {"type": "NUMBER_GREATER_THAN_EQ", "values": [{"userEnteredValue": "0"}]},
                            strict=True))
    out.append(protect(sid, HEADER_PROTECTION, staff, startRowIndex=0, endRowIndex=HEADER_ROW, startColumnIndex=0,
                       endColumnIndex=ncol))
    out.append(protect(sid, UNIT_PROTECTION.format(name=unit.name), editors(unit.contacts, staff)))
    return out


def review_tab(tracker: Tracker, state: Snapshot, taken: set[int], account: str | None) -> list[Request]:
    """The province's review tab when the spreadsheet has none of the tool's: headings with hints, dropdowns,
    a protection that leaves it to the staff (and the tool), and the tool's project-only marker."""
    staff = set(tracker.province.staff_addresses())
    found = state.by_mark(MARK_REVIEW)
    if found is not None and vouched_review(found, staff, account) is None:
        return []
    if found is not None:  # the tool's tab, its protection widened since: put it back to the staff alone
        return [{"updateProtectedRange": {"protectedRange": {"protectedRangeId": p["protectedRangeId"], "editors": {
            "users": editors(tracker.province.staff_addresses(), [account])}, "unprotectedRanges": [], "warningOnly": False},
            "fields": "editors,unprotectedRanges,warningOnly"}} for p in found.protections
            if whole_sheet(p.get("range", {})) and p.get("requestingUserCanEdit")]
    title = REVIEW_SHEET
    names = {title_key(t) for t in state.tabs}
    n = 1
    while title_key(title) in names:  # a tab of that name the tool did not make is never adopted
        n += 1
        title = f"{REVIEW_SHEET} {n}"
    sid = new_id(taken, f"{state.key}/{title}")
    keys = [c.key for c in REVIEW_COLUMNS]
    lists = {"decision": list(KIND_VI.values()), "part": [p.id for _, p in tracker.parts()],
             "unit": [u.name for u in tracker.units] if len(tracker.units) <= 500 else []}  # Sheets' list limit
    out: list[Request] = [
        {"addSheet": {"properties": {"sheetId": sid, "title": title, "gridProperties": {
            "rowCount": 1000, "columnCount": len(REVIEW_COLUMNS), "frozenRowCount": 1}}}},
        {"updateCells": {"start": {"sheetId": sid, "rowIndex": 0, "columnIndex": 0}, "fields": "userEnteredValue,note",
                         "rows": [{"values": [{**text_cell(c.header), "note": c.hint} for c in REVIEW_COLUMNS]}]}}]
    for col_key, options in lists.items():
        if options:
            c = keys.index(col_key)
            out.append({"setDataValidation": {
                "range": {"sheetId": sid, "startRowIndex": 1, "endRowIndex": 1000, "startColumnIndex": c,
                          "endColumnIndex": c + 1},
                "rule": {"condition": {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": o} for o in options]},
                         "showCustomUi": True, "strict": col_key == "decision"}}})
    out.append(protect(sid, REVIEW_PROTECTION.format(speaker=tracker.province.speaker),
                       editors(tracker.province.staff_addresses(), [account])))
    out.append(mark(MARK_REVIEW, {"sheetId": sid}))
    return out


def share_with(client: Any, key: str, emails: list[str], policy: RetryPolicy, account: str | None,
               done: Provisioned) -> None:
    """Share with each address; one without a Google account gets an invitation e-mail instead (Drive refuses
    to share silently with it); every failure is collected (in Vietnamese, for the person at the terminal), none
    stops the others, except Drive's refusal to let the service account share at all, which every other
    address would meet too."""
    for i, email in enumerate(emails):
        for notify in ("false", "true"):
            def grant(email: str = email, notify: str = notify) -> Any:
                return client.request(
                    "post", f"https://www.googleapis.com/drive/v3/files/{key}/permissions",
                    params={"sendNotificationEmail": notify, "supportsAllDrives": "true"},
                    json={"type": "user", "role": "writer", "emailAddress": email}).json()

            try:
                call("permissions.create", key, grant, policy, account)
            except SourceError as exc:
                reason = _reason(exc.__cause__)
                if reason == "invalidSharingRequest" and notify == "false":
                    continue
                why = _share_failure_vi(exc, reason, account)
                if reason == "insufficientFilePermissions":  # the same for every address: asking again is no use
                    done.failed.update(dict.fromkeys(emails[i:], why))
                    return
                done.failed[email] = why
                break
            (done.invited if notify == "true" else done.shared).append(email)
            break


def _share_failure_vi(exc: SourceError, reason: str, account: str | None) -> str:
    """Why Drive would not share, for the person: not 'share the spreadsheet with the service account', which it is."""
    from gspread.exceptions import APIError

    cause = exc.__cause__
    if not isinstance(cause, APIError):  # no answer, or a quota waited out in vain: the call's own words
        return exc.vi or str(exc)
    said = f"{cause.code}: {cause.error.get('message', '')}"
    if reason == "insufficientFilePermissions":
        who = account or "tài khoản dịch vụ"
        return (f"Google không cho {who} chia sẻ bảng tính ({said}): {who} phải có quyền Người chỉnh sửa, và chủ bảng "
                "tính không được tắt “Người chỉnh sửa có thể thay đổi quyền và chia sẻ” (Chia sẻ → biểu tượng bánh "
                "răng); hoặc chủ bảng tính tự chia sẻ cho địa chỉ này")
    return f"Google từ chối chia sẻ ({said})"


# ---------------------------------------------------------------------------- the province's decisions


def ensure_review_tab(client: Any, tracker: Tracker, key: str, policy: RetryPolicy, account: str | None) -> str:
    """The title of the spreadsheet's review tab, the tool's own (added first when missing)."""
    state = read_state(client, key, policy, account)
    found = state.by_mark(MARK_REVIEW)
    if found is None or vouched_review(found, set(tracker.province.staff_addresses()), account) is not None:
        apply(client, key, policy, account, lambda st: batches([review_tab(tracker, st, st.ids(), account)]), state)
        state = read_state(client, key, policy, account)
        found = state.by_mark(MARK_REVIEW)
    if found is None:  # pragma: no cover - the batch above adds it or raises
        raise SourceError(f"spreadsheet {key}: the review tab could not be added",
                          vi=f"bảng tính {key}: không thêm được trang “{REVIEW_SHEET}”")
    return found.title


def append_review(tracker: Tracker, spec: str, lines: list[list[str]], credentials: str | None = None,
                  policy: RetryPolicy | None = None) -> str:
    """Append decision lines to the spreadsheet's review tab (added first when missing); returns the tab's name.
    RAW input: a reason starting with '=' stays text. After an answer lost, the tab is read again and only the
    lines not yet there are appended: a decision is never written twice."""
    policy = policy or RetryPolicy()
    account = writer_account(credentials)
    client = http_client(credentials, readonly=False, timeout=_write_timeout(policy))
    key = spreadsheet_key(spec)
    title = ensure_review_tab(client, tracker, key, policy, account)
    pending = list(lines)
    again = False

    def append() -> str:
        nonlocal pending, again
        if again:  # after an answer lost: append only the lines the tab does not hold yet
            there = call("values.get", key, lambda: client.values_get(
                key, _quote(title), params={"valueRenderOption": "UNFORMATTED_VALUE"}), policy, account)
            present = {_line(row) for row in there.get("values", [])}
            pending = [line for line in pending if _line(line) not in present]
            if not pending:
                return title
        again = True
        call("values.append", key, lambda: client.values_append(
            key, f"{_quote(title)}!A1", {"valueInputOption": "RAW", "insertDataOption": "INSERT_ROWS"},
            {"values": pending}), policy, account, resend=False)
        return title

    def gave_up(exc: Ambiguous, attempts: int) -> str:
        return (f"spreadsheet {key}: values.append still failing ({exc.reason}); the decisions may be partly "
                "written: look at the review tab before writing them again")

    return retry(append, _after_ambiguous(policy, gave_up, jitter=False), policy.sleep)


def _line(row: Sequence[Any]) -> tuple[str, ...]:
    cells = ["" if v is None else str(v) for v in row[:len(REVIEW_COLUMNS)]]
    while cells and cells[-1] == "":
        cells.pop()
    return tuple(cells)
