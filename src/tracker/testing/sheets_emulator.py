"""A Sheets-API-compatible HTTP server for loopback use: the subset tracker calls, as Google answers it.

Run it for a try-out (docs/google-sheets.md): `python -m tracker.testing.sheets_emulator --port 8089`,
then `export SHEETS_EMULATOR_HOST=127.0.0.1:8089`. The test suite starts it in a thread.

Implemented: spreadsheets.create, spreadsheets.get (with includeGridData and a `fields` mask), values.get, values.update,
values.append (below the last row holding a value),
values.batchGet, values.batchUpdate, spreadsheets.batchUpdate (addSheet, updateSheetProperties,
setDataValidation, addProtectedRange, updateProtectedRange, appendDimension, updateCells with `note` and
`userEnteredValue`, deleteSheet, updateSpreadsheetProperties) and Drive
permissions.create. Ranges are A1 notation with quoted sheet names; trailing empty cells and rows are
omitted; valueRenderOption and dateTimeRenderOption are honoured; errors have Google's JSON body.
Faults (status codes, delays) can be queued per path for tests.
"""

from __future__ import annotations

import argparse
import json
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from tracker.cells import put_cell

EPOCH = date(1899, 12, 30)
STATUS = {400: "INVALID_ARGUMENT", 403: "PERMISSION_DENIED", 404: "NOT_FOUND", 429: "RESOURCE_EXHAUSTED",
          500: "INTERNAL", 503: "UNAVAILABLE"}
ERROR_TYPES = {"#REF!": "REF", "#N/A": "N_A", "#VALUE!": "VALUE", "#DIV/0!": "DIVIDE_BY_ZERO", "#NAME?": "NAME",
               "#NUM!": "NUM", "#NULL!": "NULL_VALUE", "#ERROR!": "ERROR"}


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

    def properties(self) -> dict[str, Any]:
        return {"sheetId": self.sheet_id, "title": self.title, "index": self.index, "sheetType": "GRID",
                "gridProperties": {"rowCount": max(1000, len(self.rows)), "columnCount": self.columns,
                                   "frozenRowCount": self.frozen_rows}}


@dataclass
class Book:
    id: str
    title: str
    sheets: list[Sheet] = field(default_factory=list)
    permissions: list[dict[str, Any]] = field(default_factory=list)
    shared_with_caller: bool = True

    def sheet(self, title: str) -> Sheet | None:
        return next((s for s in self.sheets if s.title == title), None)

    def add_sheet(self, title: str, index: int | None = None) -> Sheet:
        sheet = Sheet(sheet_id=1000 + len(self.sheets) * 7 + len(title), title=title, index=len(self.sheets))
        if index is not None:
            self.sheets.insert(index, sheet)
            for i, s in enumerate(self.sheets):
                s.index = i
        else:
            self.sheets.append(sheet)
        return sheet


@dataclass
class Fault:
    path_contains: str
    status: int = 500
    delay: float = 0.0
    times: int = 1
    message: str = "The service is currently unavailable."
    trickle: float = 0.0
    """Seconds between each of the answer's first TRICKLE_BYTES bytes: a server that drips its answer."""


TRICKLE_BYTES = 40


class ApiError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class SheetsEmulator:
    def __init__(self) -> None:
        self.books: dict[str, Book] = {}
        self.log: list[tuple[str, str]] = []
        self.faults: list[Fault] = []
        self.trickling: dict[int, float] = {}  # handler thread -> seconds between bytes of its answer
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None

    # ------------------------------------------------------------------ setup helpers (tests and try-outs)

    def create(self, title: str = "Bảng tính", key: str | None = None) -> Book:
        book = Book(id=key or uuid.uuid4().hex + "emu", title=title)
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

    def handle(self, method: str, path: str, query: dict[str, list[str]], body: Any) -> tuple[int, Any]:
        with self.lock:
            self.log.append((method, path))
            fault = next((f for f in self.faults if f.path_contains in path and f.times > 0), None)
            if fault:
                fault.times -= 1
        if fault:
            if fault.delay:
                time.sleep(fault.delay)
            if fault.status >= 400:
                return fault.status, _error(fault.status, fault.message)
            if fault.trickle:
                self.trickling[threading.get_ident()] = fault.trickle
        try:
            with self.lock:
                return 200, self._route(method, path, query, body)
        except ApiError as exc:
            return exc.code, _error(exc.code, exc.message)

    def _route(self, method: str, path: str, query: dict[str, list[str]], body: Any) -> Any:
        m = re.fullmatch(r"/drive/v3/files/([^/]+)/permissions", path)
        if m and method == "POST":
            book = self._book(m.group(1))
            perm = {"id": f"perm{len(book.permissions)}", **body}
            book.permissions.append(perm)
            return perm
        if path == "/v4/spreadsheets" and method == "POST":
            book = self.create(body.get("properties", {}).get("title", "Untitled"))
            book.add_sheet("Sheet1")
            return self._get(book, {})
        m = re.fullmatch(r"/v4/spreadsheets/([^/:]+)(.*)", path)
        if not m:
            raise ApiError(404, f"Requested entity was not found: {path}")
        book = self._book(m.group(1))
        rest = m.group(2)
        if rest == "" and method == "GET":
            got = self._get(book, query)
            fields = query.get("fields", [""])[0]
            return _masked(got, field_mask(fields)) if fields else got
        if rest == ":batchUpdate" and method == "POST":
            return self._batch_update(book, body)
        if rest == "/values:batchGet" and method == "GET":
            return {"spreadsheetId": book.id, "valueRanges": [
                self._values(book, r, query) for r in query.get("ranges", [])]}
        if rest == "/values:batchUpdate" and method == "POST":
            results = [self._update(book, d["range"], d.get("values", []), body.get("valueInputOption", "RAW"))
                       for d in body.get("data", [])]
            return {"spreadsheetId": book.id, "totalUpdatedCells": sum(r["updatedCells"] for r in results),
                    "responses": results}
        am = re.fullmatch(r"/values/(.+):append", rest)
        if am and method == "POST":
            return self._append(book, unquote(am.group(1)), body.get("values", []),
                                query.get("valueInputOption", ["RAW"])[0])
        vm = re.fullmatch(r"/values/(.+)", rest)
        if vm and method == "GET":
            return self._values(book, unquote(vm.group(1)), query)
        if vm and method == "PUT":
            return self._update(book, unquote(vm.group(1)), body.get("values", []),
                                query.get("valueInputOption", ["RAW"])[0])
        raise ApiError(404, f"Method not found: {method} {path}")

    def _book(self, key: str) -> Book:
        book = self.books.get(key)
        if book is None:
            raise ApiError(404, "Requested entity was not found.")
        if not book.shared_with_caller:
            raise ApiError(403, "The caller does not have permission")
        return book

    def _get(self, book: Book, query: dict[str, list[str]]) -> dict[str, Any]:
        grid = query.get("includeGridData", ["false"])[0] == "true"
        sheets = []
        for s in book.sheets:
            entry: dict[str, Any] = {"properties": s.properties()}
            if s.protected:
                entry["protectedRanges"] = s.protected
            if grid:
                entry["data"] = [{"rowData": [{"values": [_effective(v) for v in _trim(row)]} for row in _rows(s)]}]
                for (r, c), note in s.notes.items():  # notes live on cells, valued or not
                    rows = entry["data"][0]["rowData"]
                    while len(rows) <= r:
                        rows.append({"values": []})
                    while len(rows[r]["values"]) <= c:
                        rows[r]["values"].append({})
                    rows[r]["values"][c]["note"] = note
            sheets.append(entry)
        return {"spreadsheetId": book.id, "properties": {"title": book.title, "locale": "vi_VN",
                                                          "timeZone": "Asia/Ho_Chi_Minh"},
                "sheets": sheets, "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{book.id}/edit"}

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
        result: dict[str, Any] = {"range": f"{_quote(sheet.title)}!{_a1(r0, c0)}:{_a1(max(r0, r1 - 1), max(c0, c1 - 1))}",
                                  "majorDimension": "ROWS"}
        if out:
            result["values"] = out
        return result

    def _update(self, book: Book, a1: str, values: list[list[Any]], option: str) -> dict[str, Any]:
        sheet, (r0, c0, _, _) = self._range(book, a1)
        cells = 0
        for i, row in enumerate(values):
            for j, value in enumerate(row):
                put_cell(sheet.rows, r0 + i, c0 + j, _input(value, option))
                cells += 1
        return {"spreadsheetId": book.id, "updatedRange": a1, "updatedRows": len(values), "updatedCells": cells}

    def _append(self, book: Book, a1: str, values: list[list[Any]], option: str) -> dict[str, Any]:
        """spreadsheets.values.append: the rows go below the last row of the range's table that holds a value."""
        sheet, (r0, c0, _, _) = self._range(book, a1)
        last = max((r for r, row in enumerate(sheet.rows) if r >= r0 and any(v not in (None, "") for v in row[c0:])),
                   default=r0 - 1)
        for i, row in enumerate(values):
            for j, value in enumerate(row):
                put_cell(sheet.rows, last + 1 + i, c0 + j, _input(value, option))
        width = max((len(r) for r in values), default=1)
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
        if sheet is None:
            raise ApiError(400, f"Unable to parse range: {a1}")
        far = 10**7
        if not m.group(3):
            return sheet, (0, 0, far, far)
        cells = re.fullmatch(r"([A-Z]*)(\d*)(?::([A-Z]*)(\d*))?", m.group(3))
        if not cells:
            raise ApiError(400, f"Unable to parse range: {a1}")
        c0 = _col(cells.group(1)) if cells.group(1) else 0
        r0 = int(cells.group(2)) - 1 if cells.group(2) else 0
        if cells.group(3) is None and cells.group(4) is None:  # one cell: "A1"
            return sheet, (r0, c0, r0 + 1, c0 + 1)
        c1 = _col(cells.group(3)) + 1 if cells.group(3) else far
        r1 = int(cells.group(4)) if cells.group(4) else far
        return sheet, (r0, c0, r1, c1)

    def _batch_update(self, book: Book, body: dict[str, Any]) -> dict[str, Any]:
        replies: list[dict[str, Any]] = []
        for request in body.get("requests", []):
            (kind, args), = request.items()
            if kind == "addSheet":
                props = args.get("properties", {})
                if book.sheet(props["title"]):
                    raise ApiError(400, f"Invalid requests[0].addSheet: A sheet with the name \"{props['title']}\" "
                                        "already exists. Please enter another name.")
                sheet = book.add_sheet(props["title"], props.get("index"))
                replies.append({"addSheet": {"properties": sheet.properties()}})
            elif kind == "deleteSheet":
                book.sheets = [s for s in book.sheets if s.sheet_id != args["sheetId"]]
                replies.append({})
            elif kind == "updateSheetProperties":
                sheet = self._by_id(book, args["properties"]["sheetId"])
                grid = args["properties"].get("gridProperties", {})
                if "frozenRowCount" in grid:
                    sheet.frozen_rows = int(grid["frozenRowCount"])
                if "title" in args["properties"]:
                    sheet.title = args["properties"]["title"]
                replies.append({})
            elif kind == "updateSpreadsheetProperties":
                book.title = args["properties"].get("title", book.title)
                replies.append({})
            elif kind == "setDataValidation":
                self._by_id(book, args["range"]["sheetId"]).validations.append(args)
                replies.append({})
            elif kind == "appendDimension":
                sheet = self._by_id(book, args["sheetId"])
                if args["dimension"] == "COLUMNS":
                    sheet.columns += int(args["length"])
                replies.append({})
            elif kind == "updateCells":
                self._update_cells(book, args)
                replies.append({})
            elif kind == "updateProtectedRange":
                pr = args["protectedRange"]
                found = next((p for s in book.sheets for p in s.protected
                              if p["protectedRangeId"] == pr["protectedRangeId"]), None)
                if found is None:
                    raise ApiError(400, f"Invalid requests: No protected range with id: {pr['protectedRangeId']}")
                for name in str(args["fields"]).split(","):
                    found[name.strip()] = pr[name.strip()]
                replies.append({})
            elif kind == "addProtectedRange":
                pr = {"protectedRangeId": len(book.sheets) * 100 + len(replies), **args["protectedRange"]}
                self._by_id(book, args["protectedRange"]["range"]["sheetId"]).protected.append(pr)
                replies.append({"addProtectedRange": {"protectedRange": pr}})
            else:
                raise ApiError(400, f"Invalid JSON payload received. Unknown name \"{kind}\" at 'requests[0]'")
        return {"spreadsheetId": book.id, "replies": replies}

    def _update_cells(self, book: Book, args: dict[str, Any]) -> None:
        """Google's rule: with a range, every cell of it the rows leave out has the masked fields cleared."""
        fields = {f.strip() for f in str(args.get("fields", "")).split(",") if f.strip()}
        if not fields:
            raise ApiError(400, "Invalid requests[0].updateCells: At least one field must be specified.")
        rows = [row.get("values", []) for row in args.get("rows", [])]
        if "range" in args:
            grid = args["range"]
            sheet = self._by_id(book, grid["sheetId"])
            r0, c0 = grid.get("startRowIndex", 0), grid.get("startColumnIndex", 0)
            r1 = grid.get("endRowIndex", r0 + len(rows))
            c1 = grid.get("endColumnIndex", c0 + max((len(r) for r in rows), default=0))
        else:
            start = args["start"]
            sheet = self._by_id(book, start["sheetId"])
            r0, c0 = start.get("rowIndex", 0), start.get("columnIndex", 0)
            r1, c1 = r0 + len(rows), c0 + max((len(r) for r in rows), default=0)
        if c1 > sheet.columns:
            raise ApiError(400, f"Invalid requests[0].updateCells: Range ('{sheet.title}'!{_a1(r0, c0)}:"
                                f"{_a1(r1 - 1, c1 - 1)}) exceeds grid limits. Max rows: 1000, max columns: {sheet.columns}")
        for r in range(r0, r1):
            for c in range(c0, c1):
                row = rows[r - r0] if r - r0 < len(rows) else []
                data = row[c - c0] if c - c0 < len(row) else None
                if data is None and "range" not in args:
                    continue
                data = data or {}
                if "note" in fields:
                    if data.get("note"):
                        sheet.notes[(r, c)] = str(data["note"])
                    else:
                        sheet.notes.pop((r, c), None)
                if "userEnteredValue" in fields:
                    entered = data.get("userEnteredValue", {})
                    if "formulaValue" in entered:
                        raise ApiError(400, "the emulator does not evaluate formulas")
                    value = next((entered[k] for k in ("stringValue", "numberValue", "boolValue") if k in entered),
                                 None)
                    if value is not None or (r < len(sheet.rows) and c < len(sheet.rows[r])):
                        put_cell(sheet.rows, r, c, value)

    def _by_id(self, book: Book, sheet_id: int) -> Sheet:
        sheet = next((s for s in book.sheets if s.sheet_id == sheet_id), None)
        if sheet is None:
            raise ApiError(400, f"Invalid requests: No grid with id: {sheet_id}")
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
        except ValueError:
            body = {}
        query = parse_qs(url.query, keep_blank_values=True)
        status, payload = self.owner.handle(method, unquote(url.path), query, body)
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


Mask = dict[str, "Mask | None"]
"""A parsed field mask: the fields kept, each with the mask of its own fields (None: all of them)."""


def field_mask(text: str) -> Mask:
    """Google's partial-response syntax: 'sheets(properties(title,sheetId),protectedRanges)' or 'sheets.properties.title'."""
    mask, end = _mask(text.replace(" ", ""), 0)
    if end != len(text.replace(" ", "")):
        raise ApiError(400, f"Invalid field selection {text}")
    return mask


def _mask(text: str, i: int) -> tuple[Mask, int]:
    out: Mask = {}
    while i < len(text):
        j = i
        while j < len(text) and text[j] not in ",()":
            j += 1
        name, i = text[i:j], j
        path = name.split(".")
        if not name:
            raise ApiError(400, f"Invalid field selection {text}")
        sub: Mask | None = None
        if i < len(text) and text[i] == "(":
            sub, i = _mask(text, i + 1)
            if i >= len(text) or text[i] != ")":
                raise ApiError(400, f"Invalid field selection {text}")
            i += 1
        for name in reversed(path[1:]):
            sub = {name: sub}
        _merge(out, path[0], sub)
        if i < len(text) and text[i] == ",":
            i += 1
        elif i < len(text) and text[i] == ")":
            return out, i
    return out, i


def _merge(into: Mask, name: str, sub: Mask | None) -> None:
    if name in into and into[name] is not None and sub is not None:
        for key, value in sub.items():
            _merge(into[name], key, value)  # type: ignore[arg-type]
    else:
        into[name] = None if name in into and (into[name] is None or sub is None) else sub


def _masked(value: Any, mask: Mask | None) -> Any:
    if mask is None:
        return value
    if isinstance(value, list):
        return [_masked(v, mask) for v in value]
    if isinstance(value, dict):
        return {k: _masked(value[k], m) for k, m in mask.items() if k in value}
    return value


def _error(code: int, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "status": STATUS.get(code, "UNKNOWN")}}


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


def _input(value: Any, option: str) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, str) and value in ERROR_TYPES:
        return ErrorCell(value)
    if option == "USER_ENTERED" and isinstance(value, str):
        m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value.strip())
        if m:
            try:
                return DateCell.of(date(int(m.group(3)), int(m.group(2)), int(m.group(1))))
            except ValueError:
                return value
        if re.fullmatch(r"-?\d+(\.\d+)?", value.strip()):
            return float(value)
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


def _effective(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if isinstance(value, ErrorCell):
        return {"effectiveValue": {"errorValue": {"type": ERROR_TYPES.get(value.code, "ERROR"), "message": value.code}}}
    if isinstance(value, DateCell):
        return {"effectiveValue": {"numberValue": value.serial}, "effectiveFormat": {"numberFormat": {"type": "DATE"}}}
    if isinstance(value, bool):
        return {"effectiveValue": {"boolValue": value}}
    if isinstance(value, float | int):
        return {"effectiveValue": {"numberValue": value}}
    return {"effectiveValue": {"stringValue": str(value)}}


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
    parser = argparse.ArgumentParser(description="A Sheets-API-compatible emulator on loopback, for try-outs.")
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
