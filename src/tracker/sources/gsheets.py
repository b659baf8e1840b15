"""Google Sheets: the one module that touches the Sheets and Drive wire (through gspread's HTTP client).

A check costs one request per spreadsheet: a `spreadsheets.get` with grid data and a field mask that
carries, for every tab, its title and id, grid size, merges, protections (with their editors), the
developer metadata the tool wrote, and each cell's effective value, number format and note. Dates come
back as dates (the cell's number format says so), merged ranges as merges, so a spreadsheet reads
exactly as the .xlsx of the same data. The same answer is kept as a `Snapshot` for the write-back,
which then needs only one `batchUpdate`. A spreadsheet whose locale reads 07/08 month first is
refused: the dates units typed in it cannot be trusted. A tab named like the province's review tab is
read as decisions only when it is the one the tool provisioned (its project-only marker) and is
protected with only the province's staff and the service account as editors (`RawBook.reviews`).

429 answers (and Drive's 403 rate limits) are waited out over whole quota windows; 5xx and network
failures are retried with exponential backoff and jitter within a bounded time, then raised as a
SourceError naming the spreadsheet; a check that could not read everything writes nothing. Writes
are never resent blindly: `call(..., resend=False)` raises `Ambiguous` and the writer re-reads first.

With SHEETS_EMULATOR_HOST=host:port set, every call goes to http://host:port with anonymous
credentials, as Google's own emulators do (the caller's address and scopes travel in headers).
"""

from __future__ import annotations

import os
import re
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

import requests

from tracker.definition import Tracker, Unit
from tracker.errors import SourceError
from tracker.files.cells import (
    ERROR_CODES,
    READ_COLUMNS,
    READ_ROWS,
    CellError,
    CellValue,
    ProgressFn,
    RawBook,
    RawSheet,
)
from tracker.retry import backoff, retry

READONLY = ["https://www.googleapis.com/auth/spreadsheets.readonly"]
READWRITE = ["https://www.googleapis.com/auth/spreadsheets", "https://www.googleapis.com/auth/drive.file"]
SHARING = ["https://www.googleapis.com/auth/spreadsheets", "https://www.googleapis.com/auth/drive"]
"""Sharing a spreadsheet a person created: drive.file sees only files the app created (Drive answers 404)."""
GOOGLE_HOSTS = ("https://sheets.googleapis.com", "https://www.googleapis.com")
SUMMARY_TAB = "Tổng hợp"
EMULATOR_ACCOUNT = "tracker@tracker-emulator.iam.gserviceaccount.com"
"""Who the tool is against the emulator when SHEETS_EMULATOR_USER does not say otherwise."""
LOCALE, TIME_ZONE = "vi_VN", "Asia/Ho_Chi_Minh"
MONTH_FIRST = frozenset({"en_US", "en", "es_US", "en_PH", "fil", "fil_PH", "en_AS", "en_GU", "en_MH", "en_MP",
                         "en_PR", "en_UM", "en_VI"})
"""Locales whose short date is month/day/year (CLDR): a unit typing 07/08 there gets 8 July."""
MARK_REVIEW, MARK_SUMMARY, MARK_FEEDBACK, MARK_NOTES = "tracker.review", "tracker.summary", "tracker.feedback", "tracker.notes"
"""Developer-metadata keys (PROJECT visibility: only the tool's own Cloud project sees or writes them)."""
EPOCH = date(1899, 12, 30)
_KEY = re.compile(r"/spreadsheets/d/([A-Za-z0-9_-]+)")
_ERRORS = {"REF": "#REF!", "N_A": "#N/A", "VALUE": "#VALUE!", "DIVIDE_BY_ZERO": "#DIV/0!", "NAME": "#NAME?",
           "NUM": "#NUM!", "NULL_VALUE": "#NULL!", "ERROR": "#ERROR!", "LOADING": "#ERROR!"}
_META = "developerMetadata(metadataId,metadataKey,metadataValue,visibility,location)"
_PROTECTION = "protectedRanges(protectedRangeId,range,description,warningOnly,editors,unprotectedRanges,requestingUserCanEdit)"
READ_FIELDS = ("properties(title,locale,timeZone),sheets(properties(sheetId,title,index,hidden,gridProperties(rowCount,"
               f"columnCount)),merges,{_PROTECTION},{_META},data(rowData(values(effectiveValue,"
               f"effectiveFormat/numberFormat/type,note)),columnMetadata({_META})))")
STATE_FIELDS = ("properties(title,locale,timeZone),sheets(properties(sheetId,title,index,hidden,gridProperties(rowCount,"
                f"columnCount)),{_PROTECTION},{_META},data(rowData(values(effectiveValue,note)),columnMetadata({_META})))")
"""What a writer reads: the check's read but for number formats and merges."""
RATE_LIMITS = frozenset({"rateLimitExceeded", "userRateLimitExceeded", "sharingRateLimitExceeded"})
SCOPE_REASONS = frozenset({"insufficientPermissions", "ACCESS_TOKEN_SCOPE_INSUFFICIENT"})
"""A token without the method's scope: Drive's errors[0].reason, Sheets' ErrorInfo reason."""
NO_STORAGE = "storageQuotaExceeded"
PROTECTED_CELL = "protected cell or object"
"""Google's words for an edit a protection refuses (Sheets answers it with 400 INVALID_ARGUMENT)."""

T = TypeVar("T")


class Ambiguous(Exception):
    """A write whose fate is unknown (5xx, timeout, dropped connection): re-read before sending it again."""

    def __init__(self, reason: str, cause: BaseException) -> None:
        super().__init__(reason)
        self.reason = reason
        self.cause = cause


class _EmulatorSession(requests.Session):
    """Sends every Google API call to the emulator instead, saying who calls and with which scopes."""

    def __init__(self, host: str, user: str, scopes: list[str]) -> None:
        super().__init__()
        self.base = f"http://{host}"
        self.headers.update({"X-Emulator-User": user, "X-Emulator-Scopes": " ".join(scopes)})

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        text = url.decode() if isinstance(url, bytes) else url
        for google in GOOGLE_HOSTS:
            if text.startswith(google):
                text = self.base + text[len(google):]
        return super().request(method, text, *args, **kwargs)


@dataclass
class RetryPolicy:
    attempts: int = 5
    """Attempts for a 5xx answer or a network failure."""
    base: float = 0.5
    budget: float = 60.0
    """Seconds of backing off after which a 5xx or network failure is given up."""
    timeout: float = 30.0
    """Seconds without a byte from the server (per socket read)."""
    write_timeout: float = 190.0
    """The same for a client that writes: Sheets may process one request for up to 180 s before it answers (*Usage
    limits*), and a write given up sooner is read back before it lands and sent again, landing twice."""
    deadline: float = 300.0
    """Seconds for one call, all attempts included, however the server drips its answer."""
    quota_window: float = 60.0
    """Google's per-minute quota: a 429 is retried until at least one whole window has passed."""
    quota_windows: int = 3
    """Windows a 429 is waited out before giving up: provinces sharing one service account take turns."""
    max_delay: float = 20.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic


def http_client(credentials: str | None = None, readonly: bool = True, timeout: float = 30.0,
                scopes: list[str] | None = None) -> Any:
    """gspread's HTTPClient with the right credentials: emulator, service account, OAuth, or Colab."""
    from gspread.http_client import HTTPClient

    scopes = scopes or (READONLY if readonly else READWRITE)
    host = os.environ.get("SHEETS_EMULATOR_HOST")
    if host:
        from google.auth.credentials import AnonymousCredentials

        session = _EmulatorSession(host, account_email(credentials) or EMULATOR_ACCOUNT, scopes)
        client = HTTPClient(auth=AnonymousCredentials(), session=session)  # type: ignore[no-untyped-call]
    else:
        path = credentials or os.environ.get("GOOGLE_APPLICATION_CREDENTIALS")
        try:
            if path:
                from google.oauth2.service_account import Credentials

                creds = Credentials.from_service_account_file(path, scopes=scopes)  # type: ignore[no-untyped-call]
            elif os.environ.get("TRACKER_GOOGLE_OAUTH"):
                import gspread

                return gspread.oauth(scopes=scopes).http_client
            else:  # Colab after google.colab.auth.authenticate_user(), or gcloud's default login
                import google.auth

                creds, _ = google.auth.default(scopes=scopes)
        except Exception as exc:
            if path:  # a key was given: say what is wrong with it, not that there is none
                raise SourceError(f"the Google key {path} cannot be used: {exc}", vi=_key_unusable_vi(path, exc)) from exc
            raise SourceError("no Google credentials: set GOOGLE_APPLICATION_CREDENTIALS to a service-account "
                              f"JSON file or pass --credentials (see docs/google-sheets.md): {exc}",
                              vi="chưa có khóa tài khoản Google: đặt GOOGLE_APPLICATION_CREDENTIALS là đường dẫn tệp "
                                 "JSON của tài khoản dịch vụ, hoặc dùng --credentials TỆP (xem docs/google-sheets.md, "
                                 "bước 3)") from exc
        client = HTTPClient(auth=creds)
    client.set_timeout(timeout)
    return client


def _key_unusable_vi(path: str, exc: Exception) -> str:
    """Why a service-account key file named by --credentials or GOOGLE_APPLICATION_CREDENTIALS cannot be used."""
    from tracker.files.atomic import os_reason_vi

    if isinstance(exc, FileNotFoundError):
        why = "không có tệp này"
    elif isinstance(exc, OSError):  # a folder, no permission, a name too long: the system's reason in Vietnamese
        why = os_reason_vi(exc)
    else:
        why = "tệp không phải khóa JSON của tài khoản dịch vụ Google (tải lại khóa ở Google Cloud, mục Service accounts)"
    return f"không dùng được khóa tài khoản Google “{path}”: {why} (xem docs/google-sheets.md, bước 3)"


def service_account_email(credentials: str | None) -> str | None:
    path = credentials or os.environ.get("GOOGLE_APPLICATION_CREDENTIALS")
    if not path:
        return None
    try:
        import json

        with open(path, encoding="utf-8") as fh:
            return str(json.load(fh).get("client_email") or "") or None
    except (OSError, ValueError):
        return None


def account_email(credentials: str | None) -> str | None:
    """The address the tool acts as: the service account's, or the emulator's caller; None for OAuth/Colab."""
    if os.environ.get("SHEETS_EMULATOR_HOST"):
        return os.environ.get("SHEETS_EMULATOR_USER") or service_account_email(credentials) or EMULATOR_ACCOUNT
    return service_account_email(credentials)


def writer_account(credentials: str | None) -> str:
    """The service account a write needs: only its Cloud project sees the marks the tool finds its own things by."""
    account = account_email(credentials)
    if account is None:
        raise SourceError("writing to Google Sheets (provision, --write-back, decisions) needs the service account's "
                          "key (--credentials or GOOGLE_APPLICATION_CREDENTIALS): the tool knows its own column, notes "
                          "and tabs by marks that only its service account's project can see (docs/google-sheets.md)",
                          vi="muốn ghi vào Google Sheets (provision, --write-back, ghi quyết định) phải có khóa của tài "
                             "khoản dịch vụ (--credentials hoặc GOOGLE_APPLICATION_CREDENTIALS): công cụ nhận ra cột, "
                             "ghi chú và trang tính của mình bằng dấu mà chỉ dự án của tài khoản dịch vụ đó thấy "
                             "(docs/google-sheets.md)")
    return account


def spreadsheet_key(text: str) -> str:
    m = _KEY.search(text)
    return m.group(1) if m else text.strip()


def _reason(exc: Any) -> str:
    """Why Google refused: Drive v3 says it in `errors[0].reason`; Sheets v4 has no `errors[]` and says it, when
    at all, in a google.rpc.ErrorInfo of `details` (ACCESS_TOKEN_SCOPE_INSUFFICIENT, RATE_LIMIT_EXCEEDED)."""
    error = exc.error if isinstance(getattr(exc, "error", None), dict) else {}
    errors = error.get("errors")
    if errors and isinstance(errors[0], dict):
        return str(errors[0].get("reason", ""))
    for detail in error.get("details") or []:
        if isinstance(detail, dict) and str(detail.get("@type", "")).endswith("google.rpc.ErrorInfo"):
            return str(detail.get("reason", ""))
    return ""


def call(what: str, key: str, fn: Callable[[], T], policy: RetryPolicy, account: str | None = None,
         resend: bool = True) -> T:
    """Run one API call with bounded retries; turn transport errors into a SourceError saying what to do.

    With resend=False (a write that is not idempotent), a 5xx or a network failure raises Ambiguous
    instead of resending: the write may have been applied, and only a fresh read can tell."""
    started = policy.clock()
    wall = time.monotonic()

    def once() -> T:
        return _before_deadline(fn, policy.deadline - (time.monotonic() - wall), policy.deadline, what, key)

    def decide(exc: Exception, attempt: int) -> float | None:
        failure = _transient(exc, what, key, account)
        if failure is None:
            return None
        code, text = failure
        if not resend and code != 429:
            raise Ambiguous(text, exc)
        delay = backoff(attempt, policy.base, policy.max_delay)
        waited = policy.clock() - started
        if code == 429:  # quota: worth waiting out whole windows, whatever the attempts
            give_up = waited + delay > max(policy.budget, policy.quota_window * policy.quota_windows + policy.max_delay)
        else:
            give_up = attempt + 1 >= policy.attempts or waited + delay > policy.budget
        if give_up:
            done = "nothing was read" if resend else "this write was not applied"
            done_vi = "chưa đọc được gì" if resend else "lần ghi này chưa được thực hiện"
            raise SourceError(f"spreadsheet {key}: {what} still failing after {attempt + 1} attempts ({text}); "
                              f"{done}. Try again later.",
                              vi=f"bảng tính {key}: {what} vẫn lỗi sau {attempt + 1} lần thử ({text}); {done_vi}. Hãy "
                                 "chạy lại sau ít phút.") from exc
        return delay

    return retry(once, decide, policy.sleep)


def _transient(exc: Exception, what: str, key: str, account: str | None) -> tuple[int, str] | None:
    """(code, what went wrong) of a failure worth another attempt (code 0: no answer); raises SourceError, saying
    what to do, for one that another attempt cannot mend; None for an error that is not Google's (raised as is)."""
    from google.auth.exceptions import RefreshError, TransportError
    from gspread.exceptions import APIError

    if isinstance(exc, APIError):
        code = exc.code
        message = str(exc.error.get("message", ""))
        reason = _reason(exc)
        if code == 403 and what == "spreadsheets.create" and not reason:
            reason = NO_STORAGE  # Sheets tells a service account only "The caller does not have permission"
        if code == 403 and reason in RATE_LIMITS:
            code = 429  # Drive says "rate limit" with a 403: the same wait-and-retry as Sheets' 429
        elif code in (401, 403) or (code == 400 and PROTECTED_CELL in message):  # Sheets refuses a protected cell with 400
            raise SourceError(denied(key, exc.code, message, reason, account),
                              vi=denied_vi(key, exc.code, message, reason, account)) from exc
        if code == 404:
            raise SourceError(f"spreadsheet {key} not found (404): check the URL or key, and that it is shared "
                              f"with {account or 'the service account'}",
                              vi=f"không tìm thấy bảng tính {key} (404): kiểm tra lại đường dẫn hoặc mã bảng tính, "
                                 f"và bảng tính đã được chia sẻ với {account or 'tài khoản dịch vụ'}") from exc
        if not (code == 429 or code >= 500):
            raise SourceError(f"spreadsheet {key}: Google refused {what} ({exc.code}: {message})",
                              vi=f"bảng tính {key}: Google từ chối yêu cầu {what} ({exc.code}: {message})") from exc
        return code, f"{exc.code}: {message}"
    if isinstance(exc, RefreshError):  # a revoked or deleted key, a wrong clock: retrying cannot help
        raise SourceError(f"Google sign-in refused ({_first_line(exc)}): check the service-account key "
                          "(see docs/google-sheets.md)",
                          vi=f"Google từ chối đăng nhập ({_first_line(exc)}): kiểm tra khóa của tài khoản dịch vụ; "
                             "khóa bị thu hồi thì tạo khóa mới (docs/google-sheets.md, bước 3)") from exc
    if isinstance(exc, TransportError):
        return 0, f"Google sign-in unreachable ({_first_line(exc)})"
    if isinstance(exc, (requests.Timeout, requests.ConnectionError)):
        return 0, f"no answer in time ({type(exc).__name__})"
    return None


def denied(key: str, code: int, message: str, reason: str, account: str | None) -> str:
    """What a 401/403 means, in words that say what to do."""
    who = account or "the service account's address"
    if reason == NO_STORAGE:
        return (f"Google refused the service account creating a spreadsheet ({code}: {message.rstrip('.')}; a service "
                f"account owns no Drive storage). Create it yourself (or in a Shared Drive), share it with {who} as "
                "Editor, then run `tracker provision TRACKER --key KEY` (docs/google-sheets.md, steps 4 to 6)")
    if PROTECTED_CELL in message:
        return (f"spreadsheet {key}: a protected range leaves out {who} ({code}: {message}). Open Data → Protected "
                f"sheets and ranges and add {who} to its editors, or run `tracker provision TRACKER --key {key}` as "
                "the spreadsheet's owner")
    if reason in SCOPE_REASONS:
        return f"spreadsheet {key}: the credentials lack the scope for this call ({code}: {message})"
    return (f"spreadsheet {key}: access denied ({code}: {message}). Share the spreadsheet with {who} "
            "(Viewer is enough for check and remind; Editor for --write-back, provision and decisions)")


def denied_vi(key: str, code: int, message: str, reason: str, account: str | None) -> str:
    """`denied` for the person at the terminal."""
    who = account or "địa chỉ của tài khoản dịch vụ"
    if reason == NO_STORAGE:
        return (f"Google không cho tài khoản dịch vụ tạo bảng tính ({code}: {message.rstrip('.')}; tài khoản dịch vụ "
                f"không có dung lượng Drive). Hãy tự tạo bảng tính (hoặc trong Bộ nhớ dùng chung), chia sẻ quyền Người "
                f"chỉnh sửa cho {who}, rồi chạy `tracker provision TRACKER --key KEY` (docs/google-sheets.md, bước 4 "
                "đến 6)")
    if PROTECTED_CELL in message:
        return (f"bảng tính {key}: một vùng được bảo vệ không cho {who} sửa ({code}: {message}). Mở Dữ liệu → Trang "
                f"tính và dải ô được bảo vệ, thêm {who} vào danh sách được sửa, hoặc để chủ bảng tính chạy "
                f"`tracker provision TRACKER --key {key}`")
    if reason in SCOPE_REASONS:
        return (f"bảng tính {key}: thông tin đăng nhập thiếu quyền cho thao tác này ({code}: {message}); đăng nhập lại "
                "và cấp quyền Google Sheets, Drive")
    return (f"bảng tính {key}: không có quyền truy cập ({code}: {message}). Hãy chia sẻ bảng tính với {who} (quyền Người "
            "xem đủ cho check và remind; cần Người chỉnh sửa cho --write-back, provision và ghi quyết định)")


def _first_line(exc: BaseException) -> str:
    text = str(exc.args[0] if exc.args else exc)
    return text.splitlines()[0][:200] if text else type(exc).__name__


def _before_deadline(fn: Callable[[], T], seconds: float, deadline: float, what: str, key: str) -> T:
    """fn() in a daemon thread, given up after `seconds`: a socket timeout only bounds the wait for the
    next byte, and a server dripping one byte at a time would hold the check for ever."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # handed to the caller's thread below
            box["error"] = exc

    if seconds > 0:
        worker = threading.Thread(target=run, daemon=True, name=f"sheets {what}")
        worker.start()
        worker.join(seconds)
        if not worker.is_alive():
            if "error" in box:
                raise box["error"]
            return box["value"]  # type: ignore[no-any-return]
    raise SourceError(f"spreadsheet {key}: {what} gave no complete answer within {deadline:g} s "
                      "(the server answers too slowly); nothing was written. Try again later.",
                      vi=f"bảng tính {key}: {what} không trả lời đủ trong {deadline:g} giây (máy chủ trả lời quá chậm); "
                         "chưa ghi gì. Hãy chạy lại sau ít phút.")


def _quote(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


# ---------------------------------------------------------------------------- one spreadsheet, as read


@dataclass
class TabState:
    """One tab as the tool last read it: what a writer needs to decide what to send."""

    sheet_id: int
    title: str
    rows: int
    columns: int
    protections: list[dict[str, Any]] = field(default_factory=list)
    metadata: list[dict[str, Any]] = field(default_factory=list)
    """The tab's own developer metadata (the tool's, PROJECT-visible)."""
    column_metadata: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    notes: dict[tuple[int, int], str] = field(default_factory=dict)
    """(row, column), 0-based -> the cell's note as it is now."""
    empty: bool = False
    """No cell holds a value (the read asked for values and found none)."""

    def mark(self, key: str) -> dict[str, Any] | None:
        """The tool's marker: PROJECT-visible metadata, which no other project (no unit) can see or write."""
        return next((m for m in self.metadata if _ours(m, key)), None)

    def marked_column(self, key: str) -> int | None:
        return next((c for c, ms in sorted(self.column_metadata.items()) if any(_ours(m, key) for m in ms)), None)


def title_key(title: str) -> str:
    """A tab title as Sheets' users see it: case and Unicode normal form do not make two titles."""
    return unicodedata.normalize("NFC", title).casefold()


def _ours(meta: dict[str, Any], key: str) -> bool:
    return meta.get("metadataKey") == key and meta.get("visibility") == "PROJECT"


@dataclass
class Snapshot:
    key: str
    locale: str
    time_zone: str
    tabs: dict[str, TabState]

    def find(self, title: str) -> TabState | None:
        """The tab of that title, in any case and either Unicode form: Sheets refuses a second tab whose title differs
        only in case, and a title typed on a Mac (NFD, "a" + combining marks) looks the same as the NFC one."""
        return self.tabs.get(title) or next((t for t in self.tabs.values() if title_key(t.title) == title_key(title)),
                                            None)

    def by_mark(self, key: str) -> TabState | None:
        return next((t for t in self.tabs.values() if t.mark(key)), None)

    def ids(self) -> set[int]:
        return {t.sheet_id for t in self.tabs.values()}


def get(client: Any, key: str, policy: RetryPolicy, account: str | None, fields: str) -> dict[str, Any]:
    answer: dict[str, Any] = call("spreadsheets.get", key, lambda: client.spreadsheets_get(
        key, params={"includeGridData": "true", "fields": fields}), policy, account)
    return answer


def snapshot(meta: dict[str, Any], key: str) -> Snapshot:
    tabs: dict[str, TabState] = {}
    for s in meta.get("sheets", []):
        props = s.get("properties", {})
        grid = props.get("gridProperties", {})
        valued = False
        tab = TabState(sheet_id=int(props.get("sheetId", 0)), title=str(props.get("title", "")),
                       rows=int(grid.get("rowCount", 1000)), columns=int(grid.get("columnCount", 26)),
                       protections=list(s.get("protectedRanges", [])), metadata=list(s.get("developerMetadata", [])))
        for block in s.get("data", []):
            c0, r0 = int(block.get("startColumn", 0)), int(block.get("startRow", 0))
            for i, col in enumerate(block.get("columnMetadata", [])):
                if col.get("developerMetadata"):
                    tab.column_metadata[c0 + i] = list(col["developerMetadata"])
            for r, row in enumerate(block.get("rowData", [])):
                for c, cell in enumerate(row.get("values", [])):
                    if cell.get("note"):
                        tab.notes[(r0 + r, c0 + c)] = str(cell["note"])
                    valued = valued or bool(cell.get("effectiveValue"))
        tab.empty = "data" in s and not valued
        tabs[tab.title] = tab
    props = meta.get("properties", {})
    return Snapshot(key=key, locale=str(props.get("locale", "")), time_zone=str(props.get("timeZone", "")), tabs=tabs)


def cell_value(cell: dict[str, Any]) -> CellValue | CellError:
    """A cell of grid data as a workbook reader gives it: dates as dates, errors as CellError."""
    value = cell.get("effectiveValue")
    if not value:
        return None
    if "errorValue" in value:
        return CellError(_ERRORS.get(str(value["errorValue"].get("type")), "#ERROR!"))
    if "stringValue" in value:
        text = str(value["stringValue"])
        return CellError(text) if text in ERROR_CODES else text
    if "boolValue" in value:
        return bool(value["boolValue"])
    number = value.get("numberValue")
    if not isinstance(number, int | float):
        return None
    kind = cell.get("effectiveFormat", {}).get("numberFormat", {}).get("type")
    try:
        if kind == "DATE":
            return EPOCH + timedelta(days=int(number))
        if kind == "DATE_TIME":
            return datetime.combine(EPOCH, datetime.min.time()) + timedelta(days=float(number))
        if kind == "TIME":
            return (datetime.min + timedelta(days=float(number) % 1)).time()
    except (OverflowError, ValueError):
        return number
    return number


def raw_sheet(entry: dict[str, Any], key: str) -> RawSheet:
    """One tab of the grid-data answer as a RawSheet, within the read limits (as tables.py reads a workbook)."""
    title = str(entry.get("properties", {}).get("title", ""))
    rows: list[list[CellValue | CellError]] = []
    stray: list[tuple[int, int]] = []
    for block in entry.get("data", []):
        r0, c0 = int(block.get("startRow", 0)), int(block.get("startColumn", 0))
        for r, row in enumerate(block.get("rowData", [])):
            values = [cell_value(c) for c in row.get("values", [])]
            while values and values[-1] is None:
                values.pop()
            at = r0 + r
            far = [c0 + c for c, v in enumerate(values) if v is not None and c0 + c >= READ_COLUMNS]
            stray += [(at + 1, c + 1) for c in far]
            values = ([None] * c0 + values)[:READ_COLUMNS]
            while len(rows) < at:
                rows.append([])
            rows.append(values)
    while rows and not any(v is not None for v in rows[-1]):
        rows.pop()
    cut = sum(1 for row in rows[READ_ROWS:] if any(v is not None for v in row))
    # As a workbook reads (python-calamine from A1): a rectangle, an empty cell "" — so a row digests alike.
    width = max((len(r) for r in rows), default=0)
    blank: CellValue | CellError = ""
    rows = [[blank if v is None else v for v in row] + [blank] * (width - len(row)) for row in rows[:READ_ROWS]]
    merged = [(int(m.get("startRowIndex", 0)), int(m.get("startColumnIndex", 0)), int(m.get("endRowIndex", 1)) - 1,
               int(m.get("endColumnIndex", 1)) - 1) for m in entry.get("merges", [])]
    return RawSheet(name=title, rows=rows, spreadsheet=key, merged=merged, stray_cells=stray[:10],
                    rows_cut=cut)


def misreads_dates(locale: str) -> bool:
    return locale in MONTH_FIRST


def grid(range_: dict[str, Any]) -> dict[str, int]:
    """A GridRange as comparable: Google leaves out fields at their default 0 (sheetId 0, startRowIndex 0)."""
    return {k: int(v) for k, v in range_.items() if v}


def whole_sheet(range_: dict[str, Any]) -> bool:
    """The range of a protected sheet (a protection listed under its tab): no bounds at all."""
    return not set(grid(range_)) - {"sheetId"} and not {"endRowIndex", "endColumnIndex"} & set(range_)


def vouched_review(tab: TabState, staff: set[str], account: str | None) -> str | None:
    """Why a review-named tab cannot be trusted (a key of check.UNTRUSTED), or None when it is the tool's own,
    protected for the staff (and the service account) alone."""
    if account is None:  # a personal login (OAuth, Colab) works in another Cloud project: the marks are not seen
        return "login"
    if tab.mark(MARK_REVIEW) is None:
        return "unmarked"
    whole = [p for p in tab.protections if whole_sheet(p.get("range", {}))]
    if not whole:
        return "unprotected"
    allowed = {a.lower() for a in staff} | ({account.lower()} if account else set())
    for p in whole:
        editors = p.get("editors")
        if p.get("warningOnly") or p.get("unprotectedRanges") or editors is None:
            continue
        users = {u.lower() for u in editors.get("users", [])}
        if users <= allowed and not editors.get("groups") and not editors.get("domainUsersCanEdit"):
            return None
    return "outsiders"


class GSheetsSource:
    def __init__(self, tracker: Tracker, keys: dict[str, list[Unit]], credentials: str | None = None,
                 policy: RetryPolicy | None = None) -> None:
        self.keys = keys
        self.credentials = credentials
        self.policy = policy or RetryPolicy()
        self.label = ", ".join(f"gsheets:{k}" for k in keys)
        self.requests = 0
        self.snapshots: dict[str, Snapshot] = {}
        """What the last read saw of each spreadsheet: the write-back's state, so it needs no read of its own."""
        self.untrusted: dict[str, str] = {}
        """Review-named tabs not read as decisions -> why."""

    @classmethod
    def from_spec(cls, spec: str, tracker: Tracker, credentials: str | None = None) -> GSheetsSource:
        """'gsheets' uses the definition's spreadsheet keys; a URL or key puts every unit in that spreadsheet."""
        keys: dict[str, list[Unit]] = {}
        if spec == "gsheets":
            for unit in tracker.units:
                sheet = tracker.spreadsheet_of(unit)
                if not sheet.key:
                    raise SourceError(f"spreadsheet {sheet.id!r} has no Google key in the definition",
                                      vi=f"bảng tính “{sheet.id}” chưa có mã Google (key) trong tệp định nghĩa "
                                         "(docs/google-sheets.md, bước 7)")
                keys.setdefault(spreadsheet_key(sheet.key), []).append(unit)
        else:
            keys[spreadsheet_key(spec)] = list(tracker.units)
        return cls(tracker, keys, credentials)

    def read(self, tracker: Tracker, progress: ProgressFn | None = None) -> RawBook:
        from tracker.files.cells import is_review_sheet

        client = http_client(self.credentials, readonly=True, timeout=self.policy.timeout)
        account = account_email(self.credentials)
        self.snapshots, self.untrusted = {}, {}
        staff = set(tracker.province.staff_addresses())
        sheets: list[RawSheet] = []
        reviews: list[RawSheet] = []
        links: dict[str, str] = {}
        for i, key in enumerate(self.keys):
            self.requests += 1
            meta = get(client, key, self.policy, account, READ_FIELDS)
            state = snapshot(meta, key)
            if misreads_dates(state.locale):
                raise SourceError(
                    f"spreadsheet {key}: its locale is {state.locale}, which reads a typed 07/08 as 8 July, so the "
                    "dates the units typed cannot be trusted. Set File → Settings → Locale to Việt Nam (or run "
                    f"`tracker provision TRACKER --key {key}`, which does it), then check the dates typed so far",
                    vi=f"bảng tính {key} đặt ngôn ngữ và vùng {state.locale}, đọc ngày gõ 07/08 thành ngày 8 tháng 7, "
                       "nên không tin được các ngày đơn vị đã nhập. Đặt Tệp → Cài đặt → Ngôn ngữ và vùng thành Việt Nam "
                       f"(hoặc chạy `tracker provision TRACKER --key {key}`, lệnh này làm việc đó), rồi xem lại các "
                       "ngày đã nhập")
            self.snapshots[key] = state
            url = f"https://docs.google.com/spreadsheets/d/{key}/edit"
            for entry in meta.get("sheets", []):
                raw = raw_sheet(entry, key)
                links[raw.name] = f"{url}#gid={state.tabs[raw.name].sheet_id}"
                if is_review_sheet(raw.name):
                    why = vouched_review(state.tabs[raw.name], staff, account)
                    if why is None:
                        reviews.append(raw)
                        continue
                    self.untrusted[raw.name] = why
                sheets.append(raw)
            if progress:
                progress(f"spreadsheet {i + 1}", i + 1, len(self.keys))
        return RawBook(label=self.label, sheets=sheets, links=links, reviews=tuple(reviews))
