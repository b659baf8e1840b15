"""A Sheets- and Drive-API server for loopback use that holds every request to Google's published contract.

Run it for a try-out (docs/google-sheets.md): `python -m tracker.testing.sheets_emulator --port 8089`,
then `export SHEETS_EMULATOR_HOST=127.0.0.1:8089`. The test suite starts it in a thread.

Every request is first checked against Google's discovery documents for Sheets v4 and Drive v3
(tracker.testing.contract, documents vendored in testing/discovery/): the method and its path, each
query parameter, the body's fields, types and enums, update masks and response masks. Then the
behaviour the documents and Google's guides describe, which an emulator easily skips:

- who calls: `X-Emulator-User` (default: a service account, DEFAULT_ACCOUNT) and `X-Emulator-Scopes`;
  a method outside the token's scopes is 403; with only `drive.file`, Drive answers 404 for a file the
  app did not create; a caller the file is not shared with gets 403, a reader who writes 403;
- a service account owns no Drive storage: creating a spreadsheet is refused (Sheets: a bare 403
  PERMISSION_DENIED; Drive: 403 storageQuotaExceeded), except in a Shared Drive it is a member of
  (`shared_drives`);
- errors worded as each API words them: Drive's `errors[]` with a reason, Sheets' RPC `status` with a
  google.rpc.ErrorInfo in `details` where Google gives one (`_error`);
- sharing with sendNotificationEmail=false to an address with no Google account (`no_google_account`)
  is 400 invalidSharingRequest;
- 60 read and 60 write requests per minute per user, 300 of each per project (`quota_per_minute`,
  `quota_per_project`, `quota_window`, `clock`): 429;
- grids: a write outside a tab's rows and columns is 400; 10,000,000 cells per spreadsheet, 18,278
  columns per tab, 50,000 characters per cell; a URL over 8 KB is 414, a body over 10 MB is 413;
- the spreadsheet's locale: created without one it is en_US; USER_ENTERED values and data-validation
  condition values are parsed as typed in that locale (07/08 is 8 July in en_US, 7 August in vi_VN;
  30/09 is not a date in en_US);
- protected ranges: only their editors (and the owner) may change the cells, the validations or the
  protection itself (else 400 INVALID_ARGUMENT, as Sheets answers it); a caller who cannot edit a range
  does not see its editors;
- developer metadata with PROJECT visibility is seen only by the project that wrote it;
- sharing by an editor of a file whose owner turned off `writersCanShare` is 403 insufficientFilePermissions;
- `includeGridData` is ignored when a `fields` mask is set; null values in `ValueRange.values` are skipped;
- a batchUpdate is atomic: one refused request and nothing of it is applied.

Faults (status codes, delays, trickled answers, lost answers after applying) can be queued per path.
"""

from __future__ import annotations

import argparse
import copy
import json
import pickle
import re
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from tracker.files.cells import put_cell
from tracker.testing.contract import Contract, ContractError, Mask, Method, condition_arity, field_mask

EPOCH = date(1899, 12, 30)
STATUS = {400: "INVALID_ARGUMENT", 403: "PERMISSION_DENIED", 404: "NOT_FOUND", 413: "INVALID_ARGUMENT",
          414: "INVALID_ARGUMENT", 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 501: "UNIMPLEMENTED",
          503: "UNAVAILABLE"}
ERROR_TYPES = {"#REF!": "REF", "#N/A": "N_A", "#VALUE!": "VALUE", "#DIV/0!": "DIVIDE_BY_ZERO", "#NAME?": "NAME",
               "#NUM!": "NUM", "#NULL!": "NULL_VALUE", "#ERROR!": "ERROR"}
DEFAULT_ACCOUNT = "tracker@tracker-emulator.iam.gserviceaccount.com"
OWNER = "can-bo@so-emulator.gov.vn"
"""The person who created a spreadsheet made with `SheetsEmulator.create` (as in the Sheets UI)."""
MAX_CELLS = 10_000_000
MAX_COLUMNS = 18_278
MAX_CELL_CHARS = 50_000
MAX_URL = 8192
MAX_BODY = 10 * 1024 * 1024
MAX_METADATA_CHARS = 30_000
MONTH_FIRST = frozenset({"en_US", "en", "es_US", "en_PH", "fil", "fil_PH", "en_AS", "en_GU", "en_MH", "en_MP",
                         "en_PR", "en_UM", "en_VI"})
"""Locales whose short date is month/day/year (CLDR): 07/08 is 8 July there."""
SCOPE_READONLY = "https://www.googleapis.com/auth/spreadsheets.readonly"
DRIVE_FILE = "https://www.googleapis.com/auth/drive.file"
DRIVE = "https://www.googleapis.com/auth/drive"
PROTECTED = ("You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove "
             "protection if you need to edit.")
SPREADSHEET_MIME = "application/vnd.google-apps.spreadsheet"


@dataclass(frozen=True)
class DateCell:
    """A cell holding a date: a serial number with a date format, as Sheets stores it."""

    serial: float

    @classmethod
    def of(cls, day: date) -> DateCell:
        return cls(float((day - EPOCH).days))

    def formatted(self) -> str:
        return (EPOCH + timedelta(days=int(self.serial))).strftime("%d/%m/%Y")


@dataclass(frozen=True)
class ErrorCell:
    code: str


@dataclass
class Sheet:
    sheet_id: int
    title: str
    index: int
    rows: list[list[Any]] = field(default_factory=list)
    frozen_rows: int = 0
    validations: list[dict[str, Any]] = field(default_factory=list)
    protected: list[dict[str, Any]] = field(default_factory=list)
    notes: dict[tuple[int, int], str] = field(default_factory=dict)
    """(row, column), 0-based -> the cell's note."""
    columns: int = 26
    row_count: int = 1000
    merges: list[dict[str, int]] = field(default_factory=list)
    """GridRanges (sheetId, start/end row and column indexes, ends exclusive), as the API gives them."""
    hidden: bool = False

    @property
    def grid_rows(self) -> int:
        return max(self.row_count, len(self.rows))

    def properties(self) -> dict[str, Any]:
        return {"sheetId": self.sheet_id, "title": self.title, "index": self.index, "sheetType": "GRID",
                "hidden": self.hidden,
                "gridProperties": {"rowCount": self.grid_rows, "columnCount": self.columns,
                                   "frozenRowCount": self.frozen_rows}}


@dataclass
class Book:
    id: str
    title: str
    sheets: list[Sheet] = field(default_factory=list)
    permissions: list[dict[str, Any]] = field(default_factory=list)
    shared_with_caller: bool = True
    """The tests' shortcut for "the person shared it with the service account" (DEFAULT_ACCOUNT, as writer)."""
    owner: str = OWNER
    locale: str = "vi_VN"
    time_zone: str = "Asia/Ho_Chi_Minh"
    metadata: list[dict[str, Any]] = field(default_factory=list)
    """Developer metadata, each with its `location` and the `project` that wrote it."""
    app_project: str = ""
    """The project whose app created the file (what Drive's drive.file scope lets it see)."""
    writers_can_share: bool = True
    """Drive's `File.writersCanShare`: the owner may stop editors from sharing (Share → ⚙ "Editors can change
    permissions and share"); an editor's permissions.create is then refused."""

    def sheet(self, title: str) -> Sheet | None:
        return next((s for s in self.sheets if s.title == title), None)

    def add_sheet(self, title: str, index: int | None = None, sheet_id: int | None = None) -> Sheet:
        taken = {s.sheet_id for s in self.sheets}
        sid = sheet_id if sheet_id is not None else 1000 + len(self.sheets) * 7 + len(title)
        while sid in taken:
            sid += 1
        sheet = Sheet(sheet_id=sid, title=title, index=len(self.sheets))
        if index is not None:
            self.sheets.insert(index, sheet)
            for i, s in enumerate(self.sheets):
                s.index = i
        else:
            self.sheets.append(sheet)
        return sheet

    def cells(self) -> int:
        return sum(s.grid_rows * s.columns for s in self.sheets)


@dataclass
class Fault:
    path_contains: str
    status: int = 500
    delay: float = 0.0
    times: int = 1
    message: str = "The service is currently unavailable."
    trickle: float = 0.0
    """Seconds between each of the answer's first TRICKLE_BYTES bytes: a server that drips its answer."""
    reason: str = ""
    """The error's reason (Drive's `errors[0].reason`, e.g. userRateLimitExceeded)."""
    after: bool = False
    """Apply the request, then answer with the fault: the answer lost on the way back."""
    method: str = ""
    """Only requests of this HTTP verb (any when empty)."""
    skip: int = 0
    """Matching requests let through before the fault starts."""


TRICKLE_BYTES = 40


ApiError = ContractError
"""What the emulator refuses, as the contract's checks do: status, Google's message, reason."""


@dataclass(frozen=True)
class Caller:
    email: str
    scopes: tuple[str, ...] = ()

    @property
    def service_account(self) -> bool:
        return self.email.endswith(".iam.gserviceaccount.com")

    @property
    def project(self) -> str:
        """A service account's project is in its address; a person works through the UI (no project of ours)."""
        if self.service_account:
            return self.email.split("@", 1)[1].split(".", 1)[0]
        return f"ui:{self.email}"


@dataclass
class Call:
    """One request as the emulator received it (for tests and the benchmark)."""

    http: str
    path: str
    method: str
    user: str
    url_length: int
    body_bytes: int
    status: int = 200


class SheetsEmulator:
    def __init__(self) -> None:
        self.books: dict[str, Book] = {}
        self.log: list[tuple[str, str]] = []
        self.calls: list[Call] = []
        self.faults: list[Fault] = []
        self.trickling: dict[int, float] = {}  # handler thread -> seconds between bytes of its answer
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None
        self.contract = Contract()
        self.default_user = DEFAULT_ACCOUNT
        self.no_google_account: set[str] = set()
        """Addresses with no Google account: sharing to them without a notification e-mail is refused."""
        self.shared_drives: dict[str, set[str]] = {}
        """Shared Drive (folder) id -> its members' addresses."""
        self.quota_per_minute = 60
        """Per user (per project), per kind (read, write)."""
        self.quota_per_project = 300
        """Per project, per kind: what several service accounts of one Cloud project share."""
        self.quota_window = 60.0
        self.clock: Callable[[], float] = time.monotonic
        self.used: dict[tuple[str, str, int], int] = {}
        """(user, or "project:" and the project; read or write; minute) -> requests let through."""
        self._ids: dict[int, Sheet] = {}
        self._ids_of: Book | None = None

    # ------------------------------------------------------------------ setup helpers (tests and try-outs)

    def create(self, title: str = "Bảng tính", key: str | None = None, locale: str = "vi_VN") -> Book:
        """A spreadsheet a person made in the Sheets UI and shared with the default service account."""
        book = Book(id=key or uuid.uuid4().hex + "emu", title=title, locale=locale)
        self.books[book.id] = book
        return book

    def requests_for(self, key: str) -> int:
        return sum(1 for _, path in self.log if f"/{key}" in path)

    def start(self, port: int = 0) -> str:
        emulator = self

        class Handler(_Handler):
            owner = emulator

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"127.0.0.1:{self.server.server_address[1]}"

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    # ------------------------------------------------------------------ dispatch

    def handle(self, http: str, raw_path: str, query: dict[str, list[str]], body: Any, *, user: str = "",
               scopes: str = "", url_length: int = 0, body_bytes: int = 0) -> tuple[int, Any]:
        caller = Caller(user or self.default_user, tuple(scopes.split()) if scopes else ())
        path = unquote(raw_path)
        drive = path.startswith("/drive/")
        call = Call(http, path, "", caller.email, url_length, body_bytes)
        with self.lock:
            self.log.append((http, path))
            self.calls.append(call)
            fault = next((f for f in self.faults if f.path_contains in path and f.times > 0
                          and (not f.method or f.method == http)), None)
            if fault and fault.skip:
                fault.skip -= 1
                fault = None
            elif fault:
                fault.times -= 1
        if fault and not fault.after:
            if fault.delay:
                time.sleep(fault.delay)
            if fault.status >= 400:
                call.status = fault.status
                return fault.status, _error(fault.status, fault.message, fault.reason, drive)
            if fault.trickle:
                self.trickling[threading.get_ident()] = fault.trickle
        try:
            with self.lock:
                answer = self._dispatch(http, raw_path, query, body, caller, call)
        except ContractError as exc:
            call.status = exc.code
            return exc.code, _error(exc.code, exc.message, exc.reason, drive)
        if fault and fault.after:  # applied, but the answer never arrives whole
            if fault.delay:
                time.sleep(fault.delay)
            call.status = fault.status
            return fault.status, _error(fault.status, fault.message, fault.reason, drive)
        return 200, answer

    def _dispatch(self, http: str, raw_path: str, query: dict[str, list[str]], body: Any, caller: Caller,
                  call: Call) -> Any:
        if call.url_length > MAX_URL:
            raise ApiError(414, "The requested URL is too large to process.", "uriTooLong")
        if call.body_bytes > MAX_BODY:
            raise ApiError(413, f"Request payload size exceeds the limit: {MAX_BODY} bytes.", "requestTooLarge")
        method, params = self.contract.resolve(http, raw_path)
        call.method = method.id
        self.contract.check_query(method, query)
        self.contract.check_body(method, body)
        if "fields" in query:
            self.contract.check_response_mask(method, query["fields"][0])
        if caller.scopes and not set(caller.scopes) & set(method.scopes):
            raise ApiError(403, "Request had insufficient authentication scopes.", "insufficientPermissions")
        if method.api == "sheets":
            self._quota(caller, method)
        answer = self._route(method, params, query, body or {}, caller)
        fields = query.get("fields", [""])[0]
        return _masked(answer, field_mask(fields)) if fields and method.http == "GET" else answer

    def _quota(self, caller: Caller, method: Method) -> None:
        """Sheets *Usage limits*: 60 reads and 60 writes per minute per user per project, and 300 of each per minute
        per project (several service accounts of one Cloud project share those)."""
        kind = "write" if method.writes else "read"
        minute = int(self.clock() // self.quota_window)
        user, project = (caller.email, kind, minute), ("project:" + caller.project, kind, minute)
        metric = "Write requests" if kind == "write" else "Read requests"
        for slot, limit, per in ((user, self.quota_per_minute, "per minute per user"),
                                 (project, self.quota_per_project, "per minute")):
            if self.used.get(slot, 0) >= limit:
                raise ApiError(429, f"Quota exceeded for quota metric '{metric}' and limit '{metric} {per}' of service "
                                    f"'sheets.googleapis.com' for consumer 'project_number:{caller.project}'.",
                               "rateLimitExceeded")
        for slot in (user, project):
            self.used[slot] = self.used.get(slot, 0) + 1

    def _route(self, method: Method, params: dict[str, str], query: dict[str, list[str]], body: dict[str, Any],
               caller: Caller) -> Any:
        mid = method.id
        if mid == "sheets.spreadsheets.create":
            return self._create(body, caller)
        if mid == "drive.files.create":
            return self._drive_create(body, query, caller)
        if mid == "drive.about.get":
            if "fields" not in query:
                raise ApiError(400, "The 'fields' parameter is required for this method.", "required")
            return {"kind": "drive#about", "user": {"kind": "drive#user", "emailAddress": caller.email,
                                                    "displayName": caller.email.split("@")[0]}}
        if mid == "drive.permissions.create":
            return self._share(params["fileId"], query, body, caller)
        if mid.startswith("drive."):
            raise ApiError(501, f"The emulator does not implement {mid}.", "notImplemented")
        book = self._book(params["spreadsheetId"], caller, write=method.writes)
        if mid == "sheets.spreadsheets.get":
            return self._get(book, query, caller)
        if mid == "sheets.spreadsheets.batchUpdate":
            return self._batch_update(book, body, caller)
        if mid == "sheets.spreadsheets.values.batchGet":
            return {"spreadsheetId": book.id, "valueRanges": [self._values(book, r, query)
                                                              for r in query.get("ranges", [])]}
        if mid == "sheets.spreadsheets.values.get":
            return self._values(book, params["range"], query)
        if mid == "sheets.spreadsheets.values.batchUpdate":
            option = body.get("valueInputOption", "")
            _input_option(option)
            saved = _copy(book)
            try:
                results = [self._update(book, d["range"], d.get("values", []), option, caller)
                           for d in body.get("data", [])]
            except ApiError:
                self._restore(book, saved)
                raise
            return {"spreadsheetId": book.id, "totalUpdatedCells": sum(r["updatedCells"] for r in results),
                    "responses": results}
        if mid == "sheets.spreadsheets.values.update":
            return self._update(book, params["range"], body.get("values", []),
                                _input_option(query.get("valueInputOption", [""])[0]), caller)
        if mid == "sheets.spreadsheets.values.append":
            return self._append(book, params["range"], body.get("values", []),
                                _input_option(query.get("valueInputOption", [""])[0]),
                                query.get("insertDataOption", ["OVERWRITE"])[0], caller)
        raise ApiError(501, f"The emulator does not implement {mid}.", "notImplemented")

    def _restore(self, book: Book, saved: Book) -> None:
        book.__dict__.update(saved.__dict__)
        self._ids_of = None

    # ------------------------------------------------------------------ Drive

    def _create(self, body: dict[str, Any], caller: Caller) -> dict[str, Any]:
        if caller.service_account:  # Sheets says only this (xing5/mcp-google-sheets#24); Drive says why (below)
            raise ApiError(403, "The caller does not have permission")
        props = body.get("properties", {})
        book = Book(id=uuid.uuid4().hex + "emu", title=props.get("title", "Untitled spreadsheet"), owner=caller.email,
                    locale=props.get("locale", "en_US"), time_zone=props.get("timeZone", "America/Los_Angeles"),
                    app_project=caller.project)
        self.books[book.id] = book
        book.add_sheet("Sheet1")
        return self._get(book, {}, caller)

    def _drive_create(self, body: dict[str, Any], query: dict[str, list[str]], caller: Caller) -> dict[str, Any]:
        if body.get("mimeType") != SPREADSHEET_MIME:
            raise ApiError(501, "The emulator creates only Google spreadsheets.", "notImplemented")
        parents = body.get("parents", [])
        drive = next((d for d in parents if d in self.shared_drives), None)
        if drive is not None:
            if query.get("supportsAllDrives", ["false"])[0] != "true":
                raise ApiError(404, f"File not found: {drive}.", "notFound")
            if caller.email not in self.shared_drives[drive]:
                raise ApiError(403, "The user does not have sufficient permissions for this file.",
                               "insufficientFilePermissions")
        elif caller.service_account:
            raise ApiError(403, "The user's Drive storage quota has been exceeded.", "storageQuotaExceeded")
        book = Book(id=uuid.uuid4().hex + "emu", title=body.get("name", "Untitled spreadsheet"),
                    owner=f"drive:{drive}" if drive else caller.email, locale="en_US",
                    time_zone="America/Los_Angeles", app_project=caller.project, shared_with_caller=False)
        if drive:
            book.permissions += [{"id": f"perm-{m}", "type": "user", "role": "writer", "emailAddress": m}
                                 for m in sorted(self.shared_drives[drive])]
        book.add_sheet("Sheet1")
        self.books[book.id] = book
        return {"kind": "drive#file", "id": book.id, "name": book.title, "mimeType": SPREADSHEET_MIME}

    def _share(self, key: str, query: dict[str, list[str]], body: dict[str, Any], caller: Caller) -> dict[str, Any]:
        book = self.books.get(key)
        if book is None or self._role(book, caller) is None:
            raise ApiError(404, f"File not found: {key}.", "notFound")
        if DRIVE_FILE in caller.scopes and DRIVE not in caller.scopes and book.app_project != caller.project:
            raise ApiError(404, f"File not found: {key}.", "notFound")  # drive.file sees only the app's own files
        role = self._role(book, caller)
        if role not in ("owner", "writer") or (role == "writer" and not book.writers_can_share):
            raise ApiError(403, "The user does not have sufficient permissions for this file.",
                           "insufficientFilePermissions")
        email = str(body.get("emailAddress", ""))
        if body.get("type") in ("user", "group") and not email:
            raise ApiError(400, "The permission emailAddress field is required for type user.", "required")
        notify = query.get("sendNotificationEmail", ["true"])[0] == "true"
        if email.lower() in {a.lower() for a in self.no_google_account} and not notify:
            raise ApiError(400, f"Bad Request. User message: \"You are trying to invite {email}. Since there is no "
                                "Google account associated with this email address, you must check the \"Notify "
                                "people\" box to invite this recipient.\"", "invalidSharingRequest")
        found = next((p for p in book.permissions if p.get("emailAddress", "").lower() == email.lower()), None)
        if found is not None:
            found["role"] = body.get("role", found["role"])
            return {"kind": "drive#permission", **found}
        perm = {"id": f"perm{len(book.permissions)}", **body}
        if email.lower() in {a.lower() for a in self.no_google_account}:
            perm["pendingInvitation"] = True
        book.permissions.append(perm)
        return {"kind": "drive#permission", **perm}

    def _role(self, book: Book, caller: Caller) -> str | None:
        if caller.email == book.owner:
            return "owner"
        perm = next((p for p in book.permissions if p.get("emailAddress", "").lower() == caller.email.lower()), None)
        if perm is not None:
            return str(perm.get("role", "reader"))
        if book.shared_with_caller and caller.email == self.default_user:
            return "writer"
        return None

    def _book(self, key: str, caller: Caller, write: bool = False) -> Book:
        book = self.books.get(key)
        if book is None:
            raise ApiError(404, "Requested entity was not found.", "notFound")
        role = self._role(book, caller)
        if role is None or (write and role not in ("owner", "writer")):
            raise ApiError(403, "The caller does not have permission", "forbidden")
        return book

    # ------------------------------------------------------------------ reading

    def _get(self, book: Book, query: dict[str, list[str]], caller: Caller) -> dict[str, Any]:
        grid = query.get("includeGridData", ["false"])[0] == "true"
        if "fields" in query:  # "This parameter is ignored if a field mask was set in the request" (discovery)
            sheets_mask = field_mask(query["fields"][0]).get("sheets", {})
            grid = sheets_mask is None or "data" in sheets_mask
        sheets = []
        for s in book.sheets:
            entry: dict[str, Any] = {"properties": s.properties()}
            if s.protected:
                entry["protectedRanges"] = [self._visible_protection(book, p, caller) for p in s.protected]
            if s.merges:
                entry["merges"] = [dict(m) for m in s.merges]
            own = [self._metadata_view(m) for m in book.metadata if self._sees(m, caller)
                   and m["location"].get("sheetId") == s.sheet_id]
            if own:
                entry["developerMetadata"] = own
            if grid:
                entry["data"] = [self._grid(book, s, caller)]
            sheets.append(entry)
        out: dict[str, Any] = {
            "spreadsheetId": book.id,
            "properties": {"title": book.title, "locale": book.locale, "timeZone": book.time_zone,
                           "autoRecalc": "ON_CHANGE"},
            "sheets": sheets, "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{book.id}/edit"}
        top = [self._metadata_view(m) for m in book.metadata if self._sees(m, caller) and m["location"].get("spreadsheet")]
        if top:
            out["developerMetadata"] = top
        return out

    def _grid(self, book: Book, s: Sheet, caller: Caller) -> dict[str, Any]:
        rows: list[dict[str, Any]] = [{"values": [_cell_data(v) for v in _trim(row)]} for row in _rows(s)]
        for (r, c), note in s.notes.items():  # notes live on cells, valued or not
            while len(rows) <= r:
                rows.append({"values": []})
            while len(rows[r]["values"]) <= c:
                rows[r]["values"].append({})
            rows[r]["values"][c]["note"] = note
        columns: list[dict[str, Any]] = [{"pixelSize": 100} for _ in range(s.columns)]
        for m in book.metadata:
            dim = m["location"].get("dimensionRange")
            if (dim and dim["sheetId"] == s.sheet_id and dim["dimension"] == "COLUMNS" and self._sees(m, caller)
                    and dim["startIndex"] < len(columns)):
                columns[dim["startIndex"]].setdefault("developerMetadata", []).append(self._metadata_view(m))
        return {"startRow": 0, "startColumn": 0, "rowData": rows, "columnMetadata": columns}

    def _visible_protection(self, book: Book, p: dict[str, Any], caller: Caller) -> dict[str, Any]:
        can = self._can_edit(book, p, caller)
        shown = {k: copy.deepcopy(v) for k, v in p.items() if k != "editors" or can}
        shown["requestingUserCanEdit"] = can
        return shown

    def _can_edit(self, book: Book, p: dict[str, Any], caller: Caller) -> bool:
        if self._role(book, caller) == "owner":
            return True
        return caller.email.lower() in {u.lower() for u in p.get("editors", {}).get("users", [])}

    def _sees(self, m: dict[str, Any], caller: Caller) -> bool:
        return bool(m["visibility"] == "DOCUMENT" or m["project"] == caller.project)

    @staticmethod
    def _metadata_view(m: dict[str, Any]) -> dict[str, Any]:
        return {k: copy.deepcopy(v) for k, v in m.items() if k != "project"}

    def _values(self, book: Book, a1: str, query: dict[str, list[str]]) -> dict[str, Any]:
        sheet, (r0, c0, r1, c1) = self._range(book, a1)
        render = query.get("valueRenderOption", ["FORMATTED_VALUE"])[0]
        dates = query.get("dateTimeRenderOption", ["SERIAL_NUMBER"])[0]
        out = []
        for row in sheet.rows[r0:r1]:
            out.append([_render(v, render, dates) for v in row[c0:c1]])
        while out and not any(v != "" for v in out[-1]):
            out.pop()
        out = [_trim_rendered(r) for r in out]
        end_r, end_c = min(r1, sheet.grid_rows), min(c1, sheet.columns)
        result: dict[str, Any] = {"range": f"{_quote(sheet.title)}!{_a1(r0, c0)}:{_a1(max(r0, end_r - 1), max(c0, end_c - 1))}",
                                  "majorDimension": "ROWS"}
        if out:
            result["values"] = out
        return result

    # ------------------------------------------------------------------ writing values

    def _update(self, book: Book, a1: str, values: list[list[Any]], option: str, caller: Caller) -> dict[str, Any]:
        sheet, (r0, c0, r1, c1) = self._range(book, a1)
        height, width = len(values), max((len(r) for r in values), default=0)
        bounded = ":" in a1.rsplit("!", 1)[-1]  # one cell ("A1") only anchors the block
        if bounded and (r1 - r0 < height or c1 - c0 < width):
            raise ApiError(400, f"Requested writing within range [{a1}], but tried writing beyond it "
                                f"({height} rows, {width} columns)")
        self._within(sheet, r0 + height, c0 + width)
        self._guard(book, sheet, r0, c0, r0 + height, c0 + width, caller)
        cells = 0
        for i, row in enumerate(values):
            for j, value in enumerate(row):
                if value is None:  # ValueRange.values: "Null values will be skipped" (the cell keeps its value)
                    continue
                put_cell(sheet.rows, r0 + i, c0 + j, _input(value, option, book.locale))
                cells += 1
        return {"spreadsheetId": book.id, "updatedRange": a1, "updatedRows": len(values), "updatedCells": cells}

    def _append(self, book: Book, a1: str, values: list[list[Any]], option: str, insert: str,
                caller: Caller) -> dict[str, Any]:
        """spreadsheets.values.append: the rows go below the last row of the range's table that holds a value."""
        sheet, (r0, c0, _, _) = self._range(book, a1)
        last = max((r for r, row in enumerate(sheet.rows) if r >= r0 and any(v not in (None, "") for v in row[c0:])),
                   default=r0 - 1)
        width = max((len(r) for r in values), default=1)
        self._within(sheet, 0, c0 + width)
        self._guard(book, sheet, last + 1, c0, last + 1 + len(values), c0 + width, caller)
        if insert == "INSERT_ROWS":
            sheet.row_count = sheet.grid_rows + len(values)
        else:
            sheet.row_count = max(sheet.grid_rows, last + 1 + len(values))
        self._cells_limit(book)
        for i, row in enumerate(values):
            for j, value in enumerate(row):
                if value is not None:  # "Null values will be skipped"
                    put_cell(sheet.rows, last + 1 + i, c0 + j, _input(value, option, book.locale))
        updated = f"{_quote(sheet.title)}!{_a1(last + 1, c0)}:{_a1(last + len(values), c0 + width - 1)}"
        return {"spreadsheetId": book.id, "tableRange": a1,
                "updates": {"spreadsheetId": book.id, "updatedRange": updated, "updatedRows": len(values),
                            "updatedCells": sum(len(r) for r in values)}}

    def _range(self, book: Book, a1: str) -> tuple[Sheet, tuple[int, int, int, int]]:
        """(sheet, (first row, first col, end row, end col)) with ends exclusive; open ends run far."""
        m = re.fullmatch(r"(?:'((?:[^']|'')+)'|([^!']+))(?:!(.*))?", a1)
        if not m:
            raise ApiError(400, f"Unable to parse range: {a1}")
        title = m.group(1).replace("''", "'") if m.group(1) is not None else m.group(2)
        sheet = book.sheet(title)
        part = m.group(3)
        if sheet is None and m.group(1) is None and part is None and re.fullmatch(r"[A-Z]*\d*(?::[A-Z]*\d*)?", title):
            sheet, part = (book.sheets[0] if book.sheets else None), title  # "A1:B2" on the first tab
        if sheet is None:
            raise ApiError(400, f"Unable to parse range: {a1}")
        far = 10**7
        if not part:
            return sheet, (0, 0, far, far)
        cells = re.fullmatch(r"([A-Z]*)(\d*)(?::([A-Z]*)(\d*))?", part)
        if not cells or (cells.group(2) and int(cells.group(2)) < 1) or (cells.group(4) and int(cells.group(4)) < 1):
            raise ApiError(400, f"Unable to parse range: {a1}")
        c0 = _col(cells.group(1)) if cells.group(1) else 0
        r0 = int(cells.group(2)) - 1 if cells.group(2) else 0
        if cells.group(3) is None and cells.group(4) is None:  # one cell: "A1"
            if not (cells.group(1) and cells.group(2)):
                raise ApiError(400, f"Unable to parse range: {a1}")
            return sheet, (r0, c0, r0 + 1, c0 + 1)
        c1 = _col(cells.group(3)) + 1 if cells.group(3) else far
        r1 = int(cells.group(4)) if cells.group(4) else far
        if c1 <= c0 or r1 <= r0:
            raise ApiError(400, f"Unable to parse range: {a1}")
        return sheet, (r0, c0, r1, c1)

    def _within(self, sheet: Sheet, r1: int, c1: int) -> None:
        if r1 > sheet.grid_rows or c1 > sheet.columns:
            raise ApiError(400, f"Range ('{sheet.title}'!A1:{_a1(max(r1, 1) - 1, max(c1, 1) - 1)}) exceeds grid limits. "
                                f"Max rows: {sheet.grid_rows}, max columns: {sheet.columns}")

    def _cells_limit(self, book: Book) -> None:
        if book.cells() > MAX_CELLS:
            raise ApiError(400, f"This action would increase the number of cells in the workbook above the limit of "
                                f"{MAX_CELLS} cells.")
        wide = next((s for s in book.sheets if s.columns > MAX_COLUMNS), None)
        if wide is not None:
            raise ApiError(400, f"This action would increase the number of columns in sheet '{wide.title}' above the "
                                f"limit of {MAX_COLUMNS}.")

    def _guard(self, book: Book, sheet: Sheet, r0: int, c0: int, r1: int, c1: int, caller: Caller) -> None:
        """A write to cells of a protected range by someone who is not among its editors is refused."""
        if r1 <= r0 or c1 <= c0:
            return
        for p in sheet.protected:
            if p.get("warningOnly") or not _overlaps(p["range"], r0, c0, r1, c1):
                continue
            if any(_covers(u, r0, c0, r1, c1) for u in p.get("unprotectedRanges", [])):
                continue
            if not self._can_edit(book, p, caller):
                raise ApiError(400, PROTECTED)

    # ------------------------------------------------------------------ batchUpdate

    def _batch_update(self, book: Book, body: dict[str, Any], caller: Caller) -> dict[str, Any]:
        """Atomic, as Google's: if any request is refused, nothing of the batch is applied."""
        saved = _copy(book)
        self._ids_of = None  # sheets are added, removed and restored below
        replies: list[dict[str, Any]] = []
        try:
            for i, request in enumerate(body.get("requests", [])):
                if len(request) != 1:
                    raise ApiError(400, f"Invalid requests[{i}]: exactly one kind of request must be set.")
                (kind, args), = request.items()
                handler = getattr(self, f"_r_{kind}", None)
                if handler is None:
                    raise ApiError(501, f"Invalid requests[{i}]: the emulator does not implement {kind}.")
                try:
                    replies.append(handler(book, args, caller) or {})
                except ApiError as exc:
                    if exc.code == 400 and not exc.message.startswith("Invalid requests"):
                        exc.message = f"Invalid requests[{i}].{kind}: {exc.message}"
                    raise
            self._cells_limit(book)
        except ApiError:
            self._restore(book, saved)
            raise
        return {"spreadsheetId": book.id, "replies": replies}

    def _r_addSheet(self, book: Book, args: dict[str, Any], caller: Caller) -> dict[str, Any]:
        props = args.get("properties", {})
        title = props.get("title") or f"Sheet{len(book.sheets) + 1}"
        if any(s.title.casefold() == title.casefold() for s in book.sheets):
            raise ApiError(400, f"A sheet with the name \"{title}\" already exists. Please enter another name.")
        if "sheetId" in props and any(s.sheet_id == props["sheetId"] for s in book.sheets):
            raise ApiError(400, f"Sheet with id {props['sheetId']} already exists.")
        if "sheetId" in props and int(props["sheetId"]) < 0:
            raise ApiError(400, "sheetId must be non-negative.")
        sheet = book.add_sheet(title, props.get("index"), props.get("sheetId"))
        grid = props.get("gridProperties", {})
        sheet.row_count = int(grid.get("rowCount", 1000))
        sheet.columns = int(grid.get("columnCount", 26))
        sheet.frozen_rows = int(grid.get("frozenRowCount", 0))
        sheet.hidden = bool(props.get("hidden", False))
        return {"addSheet": {"properties": sheet.properties()}}

    def _r_deleteSheet(self, book: Book, args: dict[str, Any], caller: Caller) -> None:
        sheet = self._by_id(book, args["sheetId"])
        if len(book.sheets) == 1:
            raise ApiError(400, "You can't remove all the sheets in a document.")
        self._guard(book, sheet, 0, 0, sheet.grid_rows, sheet.columns, caller)
        book.sheets = [s for s in book.sheets if s is not sheet]
        self._ids_of = None
        book.metadata = [m for m in book.metadata if _sheet_of(m) != sheet.sheet_id]

    def _r_updateSheetProperties(self, book: Book, args: dict[str, Any], caller: Caller) -> None:
        self.contract.check_mask("sheets", "SheetProperties", str(args.get("fields", "")), "updateSheetProperties")
        props = args["properties"]
        sheet = self._by_id(book, props.get("sheetId", 0))
        wanted = {f.strip() for f in str(args["fields"]).split(",")}
        for name in wanted:
            head, _, rest = name.partition(".")
            value: Any = props.get(head, {})
            for part in rest.split(".") if rest else []:
                value = value.get(part) if isinstance(value, dict) else None
            if name == "title":
                if any(s is not sheet and s.title.casefold() == str(value).casefold() for s in book.sheets):
                    raise ApiError(400, f"A sheet with the name \"{value}\" already exists. Please enter another name.")
                sheet.title = str(value)
            elif name == "hidden":
                sheet.hidden = bool(value)
            elif name in ("gridProperties.frozenRowCount",):
                sheet.frozen_rows = int(value or 0)
            elif name == "gridProperties.rowCount":
                sheet.row_count = int(value)
                del sheet.rows[int(value):]
            elif name == "gridProperties.columnCount":
                sheet.columns = int(value)
                for row in sheet.rows:
                    del row[int(value):]
            elif name == "gridProperties":
                grid = props.get("gridProperties", {})
                sheet.frozen_rows = int(grid.get("frozenRowCount", 0))
                sheet.row_count = int(grid.get("rowCount", sheet.row_count))
                sheet.columns = int(grid.get("columnCount", sheet.columns))
            elif name != "sheetId":
                raise ApiError(501, f"the emulator does not update {name}")

    def _r_updateSpreadsheetProperties(self, book: Book, args: dict[str, Any], caller: Caller) -> None:
        self.contract.check_mask("sheets", "SpreadsheetProperties", str(args.get("fields", "")),
                                 "updateSpreadsheetProperties")
        props = args.get("properties", {})
        for name in (f.strip() for f in str(args["fields"]).split(",")):
            if name == "title":
                book.title = props.get("title", book.title)
            elif name == "locale":
                if not re.fullmatch(r"[a-z]{2,3}(_[A-Z]{2})?", str(props.get("locale", ""))):
                    raise ApiError(400, f"Unsupported locale: {props.get('locale')}")
                book.locale = props["locale"]
            elif name == "timeZone":
                if not re.fullmatch(r"[A-Za-z_]+(/[A-Za-z_+\-0-9]+)*", str(props.get("timeZone", ""))):
                    raise ApiError(400, f"Invalid time zone: {props.get('timeZone')}")
                book.time_zone = props["timeZone"]
            else:
                raise ApiError(501, f"the emulator does not update {name}")

    def _r_setDataValidation(self, book: Book, args: dict[str, Any], caller: Caller) -> None:
        sheet, (r0, c0, r1, c1) = self._grid_range(book, args["range"])
        self._guard(book, sheet, r0, c0, r1, c1, caller)
        rule = args.get("rule")
        if rule is not None:
            condition = rule.get("condition", {})
            kind = condition.get("type", "CONDITION_TYPE_UNSPECIFIED")
            values = condition.get("values", [])
            arity = condition_arity(kind)
            if arity is not None and (len(values) < arity[0] or (arity[1] is not None and len(values) > arity[1])):
                raise ApiError(400, f"Invalid ConditionValue count for {kind}: {len(values)}")
            parsed: list[Any] = []
            for v in values:
                text = str(v.get("userEnteredValue", ""))
                if text.startswith(("=", "+")):
                    parsed.append(None)
                    continue
                value = _input(text, "USER_ENTERED", book.locale)
                if kind.startswith("DATE_") and kind != "DATE_IS_VALID" and not isinstance(value, DateCell):
                    raise ApiError(400, f"Invalid ConditionValue.userEnteredValue: {text} is not a date in locale "
                                        f"{book.locale}")
                if kind.startswith("NUMBER_") and not isinstance(value, int | float):
                    raise ApiError(400, f"Invalid ConditionValue.userEnteredValue: {text} is not a number in locale "
                                        f"{book.locale}")
                parsed.append(value)
            args = {**args, "parsed": parsed}
        sheet.validations.append(args)

    def _r_appendDimension(self, book: Book, args: dict[str, Any], caller: Caller) -> None:
        sheet = self._by_id(book, args["sheetId"])
        if int(args.get("length", 0)) <= 0:
            raise ApiError(400, "length must be positive")
        if args["dimension"] == "COLUMNS":
            sheet.columns += int(args["length"])
        else:
            sheet.row_count = sheet.grid_rows + int(args["length"])

    def _r_updateCells(self, book: Book, args: dict[str, Any], caller: Caller) -> None:
        """Google's rule: with a range, every cell of it the rows leave out has the masked fields cleared."""
        mask = str(args.get("fields", ""))
        self.contract.check_mask("sheets", "CellData", mask, "updateCells")
        fields = {f.strip().split(".")[0] for f in mask.split(",")} if mask.strip() != "*" else {"userEnteredValue", "note"}
        if ("range" in args) == ("start" in args):
            raise ApiError(400, "Exactly one of start or range must be specified.")
        rows = [row.get("values", []) for row in args.get("rows", [])]
        if "range" in args:
            sheet, (r0, c0, r1, c1) = self._grid_range(book, args["range"])
            r1 = min(r1, sheet.grid_rows) if "endRowIndex" not in args["range"] else r1
            c1 = min(c1, sheet.columns) if "endColumnIndex" not in args["range"] else c1
        else:
            start = args["start"]
            sheet = self._by_id(book, start.get("sheetId", 0))
            r0, c0 = start.get("rowIndex", 0), start.get("columnIndex", 0)
            r1, c1 = r0 + len(rows), c0 + max((len(r) for r in rows), default=0)
        self._within(sheet, r1, c1)
        self._guard(book, sheet, r0, c0, r1, c1, caller)
        for r in range(r0, r1):
            for c in range(c0, c1):
                row = rows[r - r0] if r - r0 < len(rows) else []
                data = row[c - c0] if c - c0 < len(row) else None
                if data is None and "range" not in args:
                    continue
                data = data or {}
                if "note" in fields:
                    if data.get("note"):
                        _length(str(data["note"]))
                        sheet.notes[(r, c)] = str(data["note"])
                    else:
                        sheet.notes.pop((r, c), None)
                if "userEnteredValue" in fields:
                    entered = data.get("userEnteredValue", {})
                    if "formulaValue" in entered:
                        raise ApiError(501, "the emulator does not evaluate formulas")
                    value = next((entered[k] for k in ("stringValue", "numberValue", "boolValue") if k in entered),
                                 None)
                    if isinstance(value, str):
                        _length(value)
                    if value is not None or (r < len(sheet.rows) and c < len(sheet.rows[r])):
                        put_cell(sheet.rows, r, c, value)

    def _r_addProtectedRange(self, book: Book, args: dict[str, Any], caller: Caller) -> dict[str, Any]:
        pr = copy.deepcopy(args["protectedRange"])
        self._grid_range(book, pr.get("range", {}))
        if pr.get("warningOnly") and pr.get("editors"):
            raise ApiError(400, "Editors are not supported with warning_only protection.")
        taken = {p["protectedRangeId"] for s in book.sheets for p in s.protected}
        if "protectedRangeId" in pr and pr["protectedRangeId"] in taken:
            raise ApiError(400, f"A protected range with id {pr['protectedRangeId']} already exists.")
        pid = pr.get("protectedRangeId") or (max(taken, default=100) + 1)
        pr["protectedRangeId"] = pid
        pr.setdefault("warningOnly", False)
        if not pr["warningOnly"]:
            pr.setdefault("editors", {"users": []})
        self._by_id(book, pr["range"].get("sheetId", 0)).protected.append(pr)
        return {"addProtectedRange": {"protectedRange": copy.deepcopy(pr)}}

    def _protection(self, book: Book, pid: int, caller: Caller) -> tuple[Sheet, dict[str, Any]]:
        for s in book.sheets:
            for p in s.protected:
                if p["protectedRangeId"] == pid:
                    if not self._can_edit(book, p, caller):
                        raise ApiError(400, PROTECTED)
                    return s, p
        raise ApiError(400, f"No protected range with id: {pid}")

    def _r_updateProtectedRange(self, book: Book, args: dict[str, Any], caller: Caller) -> None:
        self.contract.check_mask("sheets", "ProtectedRange", str(args.get("fields", "")), "updateProtectedRange")
        pr = args["protectedRange"]
        sheet, found = self._protection(book, pr["protectedRangeId"], caller)
        for name in (f.strip() for f in str(args["fields"]).split(",")):
            head = name.split(".")[0]
            if head in pr:
                found[head] = copy.deepcopy(pr[head])
            else:
                found.pop(head, None)
        if found.get("warningOnly") and found.get("editors"):
            raise ApiError(400, "Editors are not supported with warning_only protection.")
        moved = self._by_id(book, found["range"].get("sheetId", 0))
        if moved is not sheet:
            sheet.protected.remove(found)
            moved.protected.append(found)

    def _r_deleteProtectedRange(self, book: Book, args: dict[str, Any], caller: Caller) -> None:
        sheet, found = self._protection(book, args["protectedRangeId"], caller)
        sheet.protected.remove(found)

    def _r_createDeveloperMetadata(self, book: Book, args: dict[str, Any], caller: Caller) -> dict[str, Any]:
        meta = copy.deepcopy(args.get("developerMetadata", {}))
        if not meta.get("metadataKey"):
            raise ApiError(400, "Developer metadata must always have a key specified.")
        if meta.get("visibility") in (None, "DEVELOPER_METADATA_VISIBILITY_UNSPECIFIED"):
            raise ApiError(400, "Developer metadata must always have visibility specified.")
        location = meta.get("location", {})
        kinds = [k for k in ("spreadsheet", "sheetId", "dimensionRange") if k in location]
        if len(kinds) != 1:
            raise ApiError(400, "A metadata location must name exactly one of spreadsheet, sheetId, dimensionRange.")
        if "sheetId" in location:
            self._by_id(book, location["sheetId"])
            location["locationType"] = "SHEET"
        elif "dimensionRange" in location:
            dim = location["dimensionRange"]
            self._by_id(book, dim.get("sheetId", 0))
            if "startIndex" not in dim or "endIndex" not in dim or dim["endIndex"] != dim["startIndex"] + 1:
                raise ApiError(400, "The specified DimensionRange must represent a single row or column.")
            location["locationType"] = "COLUMN" if dim.get("dimension") == "COLUMNS" else "ROW"
        else:
            location["locationType"] = "SPREADSHEET"
        taken = {m["metadataId"] for m in book.metadata}
        if "metadataId" in meta and (meta["metadataId"] in taken or int(meta["metadataId"]) <= 0):
            raise ApiError(400, f"Developer metadata id {meta['metadataId']} already exists or is not positive.")
        meta.setdefault("metadataId", max(taken, default=0) + 1)
        meta["location"] = location
        meta["project"] = caller.project
        same = [m for m in book.metadata if m["location"] == location] + [meta]
        if sum(len(m["metadataKey"]) + len(m.get("metadataValue", "")) for m in same) > MAX_METADATA_CHARS:
            raise ApiError(400, f"Developer metadata at this location would exceed {MAX_METADATA_CHARS} characters.")
        book.metadata.append(meta)
        return {"createDeveloperMetadata": {"developerMetadata": self._metadata_view(meta)}}

    def _r_deleteDeveloperMetadata(self, book: Book, args: dict[str, Any], caller: Caller) -> dict[str, Any]:
        lookup = args.get("dataFilter", {}).get("developerMetadataLookup")
        if lookup is None:
            raise ApiError(501, "the emulator deletes developer metadata by developerMetadataLookup only")
        gone = [m for m in book.metadata if self._sees(m, caller)
                and all(m.get(k) == lookup[k] for k in ("metadataId", "metadataKey", "metadataValue") if k in lookup)]
        book.metadata = [m for m in book.metadata if m not in gone]
        return {"deleteDeveloperMetadata": {"deletedDeveloperMetadata": [self._metadata_view(m) for m in gone]}}

    def _grid_range(self, book: Book, grid: dict[str, Any]) -> tuple[Sheet, tuple[int, int, int, int]]:
        sheet = self._by_id(book, grid.get("sheetId", 0))
        r0, c0 = int(grid.get("startRowIndex", 0)), int(grid.get("startColumnIndex", 0))
        r1, c1 = int(grid.get("endRowIndex", sheet.grid_rows)), int(grid.get("endColumnIndex", sheet.columns))
        if r0 < 0 or c0 < 0 or r1 < r0 or c1 < c0:
            raise ApiError(400, f"Invalid GridRange {grid}")
        self._within(sheet, r1, c1)
        return sheet, (r0, c0, r1, c1)

    def _by_id(self, book: Book, sheet_id: int) -> Sheet:
        if self._ids_of is not book or len(self._ids) != len(book.sheets):
            self._ids, self._ids_of = {s.sheet_id: s for s in book.sheets}, book
        sheet = self._ids.get(sheet_id)
        if sheet is None:
            raise ApiError(400, f"No grid with id: {sheet_id}")
        return sheet


class _Handler(BaseHTTPRequestHandler):
    owner: SheetsEmulator
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet in tests
        return

    def _serve(self, method: str) -> None:
        url = urlparse(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else {}
            status, payload = self.owner.handle(
                method, url.path, parse_qs(url.query, keep_blank_values=True), body,
                user=self.headers.get("X-Emulator-User", ""), scopes=self.headers.get("X-Emulator-Scopes", ""),
                url_length=len(self.path.encode()) + len(self.headers.get("Host", "")) + 8, body_bytes=len(raw))
        except ValueError:
            status, payload = 400, _error(400, "Invalid JSON payload received.", "parseError")
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=UTF-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            pause = self.owner.trickling.pop(threading.get_ident(), 0.0)
            if pause:
                for i in range(min(TRICKLE_BYTES, len(data))):
                    self.wfile.write(data[i:i + 1])
                    self.wfile.flush()
                    time.sleep(pause)
                data = data[TRICKLE_BYTES:]
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
            pass

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def do_PATCH(self) -> None:
        self._serve("PATCH")


def _masked(value: Any, mask: Mask | None) -> Any:
    if mask is None:
        return value
    if isinstance(value, list):
        return [_masked(v, mask) for v in value]
    if isinstance(value, dict):
        return {k: _masked(value[k], m) for k, m in mask.items() if k in value}
    return value


def _copy(book: Book) -> Book:
    """The state to restore if a batch fails (pickle: ten times faster than deepcopy on a full spreadsheet)."""
    copied: Book = pickle.loads(pickle.dumps(book, protocol=pickle.HIGHEST_PROTOCOL))
    return copied


SHEETS_REASONS = {"insufficientPermissions": "ACCESS_TOKEN_SCOPE_INSUFFICIENT", "rateLimitExceeded": "RATE_LIMIT_EXCEEDED"}
"""The google.rpc.ErrorInfo reasons Sheets gives where the emulator's Drive-style reasons have one."""


def _error(code: int, message: str, reason: str = "", drive: bool = False) -> dict[str, Any]:
    """The error body as each API words it. Drive v3 keeps the older shape, `errors[]` with a domain and a
    reason (Drive guide *Resolve errors*); Sheets v4 answers Google's standard error model (AIP-193): an RPC
    `status`, and a `google.rpc.ErrorInfo` in `details` only for some errors (ACCESS_TOKEN_SCOPE_INSUFFICIENT,
    RATE_LIMIT_EXCEEDED); never `errors[]`, so a client reading only `errors[0].reason` finds nothing there."""
    error: dict[str, Any] = {"code": code, "message": message}
    if drive:
        if reason:
            usage = "Limit" in reason or reason == "storageQuotaExceeded"
            error["errors"] = [{"message": message, "domain": "usageLimits" if usage else "global", "reason": reason}]
        return {"error": error}
    error["status"] = STATUS.get(code, "UNKNOWN")
    info = SHEETS_REASONS.get(reason)
    if info:
        error["details"] = [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": info,
                             "domain": "googleapis.com", "metadata": {"service": "sheets.googleapis.com"}}]
    return {"error": error}


def _input_option(option: str) -> str:
    if option not in ("RAW", "USER_ENTERED"):
        raise ApiError(400, "Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED")
    return option


def _length(text: str) -> None:
    if len(text) > MAX_CELL_CHARS:
        raise ApiError(400, f"Your input contains more than the maximum of {MAX_CELL_CHARS} characters in a single cell.")


def _overlaps(grid: dict[str, Any], r0: int, c0: int, r1: int, c1: int) -> bool:
    gr0, gc0 = grid.get("startRowIndex", 0), grid.get("startColumnIndex", 0)
    gr1, gc1 = grid.get("endRowIndex", 10**9), grid.get("endColumnIndex", 10**9)
    return bool(gr0 < r1 and r0 < gr1 and gc0 < c1 and c0 < gc1)


def _covers(grid: dict[str, Any], r0: int, c0: int, r1: int, c1: int) -> bool:
    return bool(grid.get("startRowIndex", 0) <= r0 and r1 <= grid.get("endRowIndex", 10**9)
                and grid.get("startColumnIndex", 0) <= c0 and c1 <= grid.get("endColumnIndex", 10**9))


def _sheet_of(m: dict[str, Any]) -> int | None:
    loc = m["location"]
    if "sheetId" in loc:
        return int(loc["sheetId"])
    if "dimensionRange" in loc:
        return int(loc["dimensionRange"].get("sheetId", 0))
    return None


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _a1(r: int, c: int) -> str:
    letters = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{r + 1}"


def _quote(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _input(value: Any, option: str, locale: str = "vi_VN") -> Any:
    """What Sheets stores for a value written with valueInputOption, in the spreadsheet's locale."""
    if isinstance(value, str):
        _length(value)
    if value is None or value == "":
        return None
    if isinstance(value, str) and value in ERROR_TYPES:
        return ErrorCell(value)
    if option == "USER_ENTERED" and isinstance(value, str):
        text = value.strip()
        iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)  # read alike in every locale
        m = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", text)
        if iso or m:
            if iso:
                y, mo, d = int(iso.group(1)), int(iso.group(2)), int(iso.group(3))
            elif m and locale in MONTH_FIRST:
                mo, d, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
            else:
                assert m is not None
                d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
            try:
                return DateCell.of(date(y, mo, d))
            except ValueError:
                return value
        if re.fullmatch(r"-?\d+", text):
            return int(text)
        decimal = "." if locale in MONTH_FIRST or locale.startswith(("en", "ja", "zh", "ko", "th")) else ","
        if re.fullmatch(r"-?\d+" + re.escape(decimal) + r"\d+", text):
            return float(text.replace(decimal, "."))
    return value


def _render(value: Any, render: str, dates: str) -> Any:
    if value is None:
        return ""
    if isinstance(value, ErrorCell):
        return value.code
    if isinstance(value, DateCell):
        if render == "FORMATTED_VALUE" or dates == "FORMATTED_STRING":
            return value.formatted()
        return int(value.serial) if value.serial.is_integer() else value.serial
    if isinstance(value, bool):
        return value if render != "FORMATTED_VALUE" else ("TRUE" if value else "FALSE")
    if isinstance(value, float | int):
        if render == "FORMATTED_VALUE":
            return str(int(value)) if float(value).is_integer() else str(value)
        return int(value) if float(value).is_integer() else value
    return value


def _cell_data(value: Any) -> dict[str, Any]:
    """A cell as spreadsheets.get with grid data gives it: entered and effective value, format, shown text."""
    if value is None:
        return {}
    if isinstance(value, ErrorCell):
        return {"userEnteredValue": {"formulaValue": "=" + value.code},
                "effectiveValue": {"errorValue": {"type": ERROR_TYPES.get(value.code, "ERROR"), "message": value.code}},
                "formattedValue": value.code}
    if isinstance(value, DateCell):
        fmt = {"numberFormat": {"type": "DATE", "pattern": "dd/mm/yyyy"}}
        return {"userEnteredValue": {"numberValue": value.serial}, "effectiveValue": {"numberValue": value.serial},
                "userEnteredFormat": fmt, "effectiveFormat": fmt, "formattedValue": value.formatted()}
    if isinstance(value, bool):
        return {"userEnteredValue": {"boolValue": value}, "effectiveValue": {"boolValue": value},
                "formattedValue": "TRUE" if value else "FALSE"}
    if isinstance(value, float | int):
        return {"userEnteredValue": {"numberValue": value}, "effectiveValue": {"numberValue": value},
                "formattedValue": _render(value, "FORMATTED_VALUE", "")}
    return {"userEnteredValue": {"stringValue": str(value)}, "effectiveValue": {"stringValue": str(value)},
            "formattedValue": str(value)}


def _rows(sheet: Sheet) -> list[list[Any]]:
    rows = list(sheet.rows)
    while rows and not any(v is not None for v in rows[-1]):
        rows.pop()
    return rows


def _trim(row: list[Any]) -> list[Any]:
    row = list(row)
    while row and row[-1] is None:
        row.pop()
    return row


def _trim_rendered(row: list[Any]) -> list[Any]:
    row = list(row)
    while row and row[-1] == "":
        row.pop()
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description="A Sheets-API emulator on loopback that holds requests to Google's "
                                                 "published contract, for try-outs.")
    parser.add_argument("--port", type=int, default=8089)
    args = parser.parse_args()
    emulator = SheetsEmulator()
    host = emulator.start(args.port)
    print(f"Sheets emulator on http://{host}; export SHEETS_EMULATOR_HOST={host}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        emulator.stop()


if __name__ == "__main__":
    main()
