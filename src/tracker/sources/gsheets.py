"""Google Sheets: the one module that touches the Sheets and Drive wire (through gspread's HTTP client).

A check costs two requests per spreadsheet: a `spreadsheets.get` masked to the tabs' titles and ids,
then one `values:batchGet` of every tab, so stray and renamed tabs are seen (and reported) as they
are in a workbook, and each tab's link carries its `#gid`. 429 and 5xx
answers are retried with exponential backoff and jitter within a bounded time, then raised as a
SourceError naming the spreadsheet; a check that could not read everything writes nothing.

With SHEETS_EMULATOR_HOST=host:port set, every call goes to http://host:port with anonymous
credentials, as Google's own emulators do.
"""

from __future__ import annotations

import os
import random
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import requests

from tracker.cells import ERROR_CODES, CellError, CellValue, ProgressFn, RawBook, RawSheet
from tracker.definition import Tracker, Unit
from tracker.errors import SourceError

READONLY = ["https://www.googleapis.com/auth/spreadsheets.readonly"]
READWRITE = ["https://www.googleapis.com/auth/spreadsheets", "https://www.googleapis.com/auth/drive.file"]
GOOGLE_HOSTS = ("https://sheets.googleapis.com", "https://www.googleapis.com")
SUMMARY_TAB = "Tổng hợp"
_KEY = re.compile(r"/spreadsheets/d/([A-Za-z0-9_-]+)")

T = TypeVar("T")


class _EmulatorSession(requests.Session):
    """Sends every Google API call to the emulator instead."""

    def __init__(self, host: str) -> None:
        super().__init__()
        self.base = f"http://{host}"

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
    deadline: float = 300.0
    """Seconds for one call, all attempts included, however the server drips its answer."""
    quota_window: float = 60.0
    """Google's per-minute quota: a 429 is retried until at least one whole window has passed."""
    max_delay: float = 20.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic


def http_client(credentials: str | None = None, readonly: bool = True, timeout: float = 30.0) -> Any:
    """gspread's HTTPClient with the right credentials: emulator, service account, OAuth, or Colab."""
    from gspread.http_client import HTTPClient

    scopes = READONLY if readonly else READWRITE
    host = os.environ.get("SHEETS_EMULATOR_HOST")
    if host:
        from google.auth.credentials import AnonymousCredentials

        client = HTTPClient(auth=AnonymousCredentials(), session=_EmulatorSession(host))  # type: ignore[no-untyped-call]
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
            raise SourceError("no Google credentials: set GOOGLE_APPLICATION_CREDENTIALS to a service-account "
                              f"JSON file or pass --credentials (see docs/google-sheets.md): {exc}") from exc
        client = HTTPClient(auth=creds)
    client.set_timeout(timeout)
    return client


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


def spreadsheet_key(text: str) -> str:
    m = _KEY.search(text)
    return m.group(1) if m else text.strip()


def call(what: str, key: str, fn: Callable[[], T], policy: RetryPolicy, account: str | None = None) -> T:
    """Run one API call with bounded retries; turn transport errors into a SourceError saying what to do."""
    from google.auth.exceptions import RefreshError, TransportError
    from gspread.exceptions import APIError

    started = policy.clock()
    wall = time.monotonic()
    attempt = 0
    while True:
        try:
            return _before_deadline(fn, policy.deadline - (time.monotonic() - wall), policy.deadline, what, key)
        except APIError as exc:
            code = exc.code
            message = str(exc.error.get("message", ""))
            if code in (401, 403):
                who = f" with {account}" if account else " with the service account's address"
                raise SourceError(f"spreadsheet {key}: access denied ({code}: {message}). Share the spreadsheet{who} "
                                  "(Viewer is enough for check and remind)") from exc
            if code == 404:
                raise SourceError(f"spreadsheet {key} not found (404): check the URL or key") from exc
            retryable = code == 429 or code >= 500
            error: Exception = exc
            reason = f"{code}: {message}"
        except RefreshError as exc:  # a revoked or deleted key, a wrong clock: retrying cannot help
            raise SourceError(f"Google sign-in refused ({_first_line(exc)}): check the service-account key "
                              "(see docs/google-sheets.md)") from exc
        except (requests.Timeout, requests.ConnectionError, TransportError) as exc:
            code = 0
            retryable, error, reason = True, exc, f"no answer in time ({type(exc).__name__})"
            if isinstance(exc, TransportError):
                reason = f"Google sign-in unreachable ({_first_line(exc)})"
        if not retryable:
            raise SourceError(f"spreadsheet {key}: Google refused {what} ({reason})") from error
        delay = min(policy.max_delay, policy.base * (2 ** attempt) * (0.5 + random.random() / 2))
        waited = policy.clock() - started
        if code == 429:  # quota: worth waiting out a whole window, whatever the attempts
            give_up = waited + delay > max(policy.budget, policy.quota_window + policy.max_delay)
        else:
            give_up = attempt + 1 >= policy.attempts or waited + delay > policy.budget
        if give_up:
            raise SourceError(f"spreadsheet {key}: {what} still failing after {attempt + 1} attempts ({reason}); "
                              "nothing was written. Try again later.") from error
        policy.sleep(delay)
        attempt += 1


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
                      "(the server answers too slowly); nothing was written. Try again later.")


def _cell(value: Any) -> CellValue | CellError:
    if isinstance(value, str):
        return CellError(value) if value in ERROR_CODES else value
    if isinstance(value, bool | int | float):
        return value
    return None


def _quote(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


class GSheetsSource:
    def __init__(self, tracker: Tracker, keys: dict[str, list[Unit]], credentials: str | None = None,
                 policy: RetryPolicy | None = None) -> None:
        self.keys = keys
        self.credentials = credentials
        self.policy = policy or RetryPolicy()
        self.label = ", ".join(f"gsheets:{k}" for k in keys)
        self.requests = 0

    @classmethod
    def from_spec(cls, spec: str, tracker: Tracker, credentials: str | None = None) -> GSheetsSource:
        """'gsheets' uses the definition's spreadsheet keys; a URL or key puts every unit in that spreadsheet."""
        keys: dict[str, list[Unit]] = {}
        if spec == "gsheets":
            for unit in tracker.units:
                sheet = tracker.spreadsheet_of(unit)
                if not sheet.key:
                    raise SourceError(f"spreadsheet {sheet.id!r} has no Google key in the definition")
                keys.setdefault(spreadsheet_key(sheet.key), []).append(unit)
        else:
            keys[spreadsheet_key(spec)] = list(tracker.units)
        return cls(tracker, keys, credentials)

    def read(self, tracker: Tracker, progress: ProgressFn | None = None) -> RawBook:
        client = http_client(self.credentials, readonly=True, timeout=self.policy.timeout)
        account = service_account_email(self.credentials)
        sheets: list[RawSheet] = []
        links: dict[str, str] = {}
        for i, (key, units) in enumerate(self.keys.items()):
            sheets += self._read_one(client, key, units, links, account)
            if progress:
                progress(f"spreadsheet {i + 1}", i + 1, len(self.keys))
        return RawBook(label=self.label, sheets=sheets, links=links)

    def _read_one(self, client: Any, key: str, units: list[Unit], links: dict[str, str],
                  account: str | None) -> list[RawSheet]:
        """Every tab, known or not: intake reports strays and renamed tabs as it does for a workbook."""
        url = f"https://docs.google.com/spreadsheets/d/{key}/edit"
        params = {"valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "SERIAL_NUMBER",
                  "majorDimension": "ROWS"}

        def titles() -> Any:
            self.requests += 1
            return client.spreadsheets_get(key, params={"fields": "sheets.properties(title,sheetId)"})

        meta = call("spreadsheets.get", key, titles, self.policy, account)
        tabs = [(str(s["properties"]["title"]), int(s["properties"].get("sheetId", 0))) for s in meta.get("sheets", [])]
        if not tabs:
            return []

        def batch() -> Any:
            self.requests += 1
            return client.values_batch_get(key, [_quote(t) for t, _ in tabs], params=dict(params))

        data = call("values:batchGet", key, batch, self.policy, account)
        out = []
        for (title, sid), block in zip(tabs, data.get("valueRanges", []), strict=False):
            rows = [[_cell(v) for v in row] for row in block.get("values", [])]
            out.append(RawSheet(name=title, rows=rows, spreadsheet=key))
            links[title] = f"{url}#gid={sid}"
        return out


# ---------------------------------------------------------------------------- provisioning and write-back


