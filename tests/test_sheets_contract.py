"""The emulator holds requests to Google's published contract: every documented rejection, one test each.

Requests go through the unmodified gspread HTTP client (as the tool's own do) or plain `requests` where
gspread cannot send the bad request. The list, with where Google documents each, is in
docs/google-sheets.md ("What the contract emulator refuses").
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import quote

import pytest
import requests
from helpers import SampleBooks

from tracker.definition import bundled_tracker_ids
from tracker.testing.contract import Contract, ContractError, revision
from tracker.testing.sheets_emulator import DEFAULT_ACCOUNT, OWNER, Book, DateCell, SheetsEmulator

WRITE_SCOPES = "https://www.googleapis.com/auth/spreadsheets https://www.googleapis.com/auth/drive"


@pytest.fixture()
def emu() -> Iterator[tuple[SheetsEmulator, str]]:
    emulator = SheetsEmulator()
    host = emulator.start()
    yield emulator, f"http://{host}"
    emulator.stop()


def send(base: str, method: str, path: str, body: Any = None, params: dict[str, Any] | None = None,
         user: str = DEFAULT_ACCOUNT, scopes: str = WRITE_SCOPES) -> tuple[int, dict[str, Any]]:
    answer = requests.request(method, base + path, json=body, params=params, timeout=30,
                              headers={"X-Emulator-User": user, "X-Emulator-Scopes": scopes})
    return answer.status_code, answer.json()


def book_with_tab(emulator: SheetsEmulator, key: str = "K", locale: str = "vi_VN") -> Book:
    book = emulator.create(key=key, locale=locale)
    book.add_sheet("Xã A", sheet_id=7)
    return book


def batch(base: str, key: str, *requests_: dict[str, Any], user: str = DEFAULT_ACCOUNT) -> tuple[int, dict[str, Any]]:
    return send(base, "POST", f"/v4/spreadsheets/{key}:batchUpdate", {"requests": list(requests_)}, user=user)


def test_the_vendored_documents_are_googles_with_their_revisions() -> None:
    assert (revision("sheets"), revision("drive")) == ("20261019", "20261106")
    contract = Contract()
    method, params = contract.resolve("POST", "/v4/spreadsheets/ABC/values/'X%2FY'!A1:append")
    assert (method.id, params) == ("sheets.spreadsheets.values.append", {"spreadsheetId": "ABC", "range": "'X/Y'!A1"})
    with pytest.raises(ContractError):
        contract.resolve("DELETE", "/v4/spreadsheets/ABC")


# --- the discovery documents: shapes

def test_unknown_field_in_a_body_is_refused(emu: tuple[SheetsEmulator, str]) -> None:
    emulator, base = emu
    book_with_tab(emulator)
    status, body = batch(base, "K", {"addSheet": {"properties": {"title": "B", "colour": "red"}}})
    assert (status, body["error"]["message"]) == (400, "Invalid JSON payload received. Unknown name \"colour\" at "
                                                       "'requests[0].addSheet.properties': Cannot find field.")
    status, _ = batch(base, "K", {"addSheets": {}})
    assert status == 400


def test_unknown_enum_value_is_refused(emu: tuple[SheetsEmulator, str]) -> None:
    emulator, base = emu
    book_with_tab(emulator)
    status, body = batch(base, "K", {"setDataValidation": {"range": {"sheetId": 7}, "rule": {
        "condition": {"type": "DATE_BETWEN", "values": []}}}})
    assert status == 400 and "requests[0].setDataValidation.rule.condition.type" in body["error"]["message"]


def test_unknown_query_parameter_and_wrong_type_are_refused(emu: tuple[SheetsEmulator, str]) -> None:
    emulator, base = emu
    book_with_tab(emulator)
    assert send(base, "GET", "/v4/spreadsheets/K", params={"includeGridData": "yes"})[0] == 400
    status, body = send(base, "GET", "/v4/spreadsheets/K", params={"withGrid": "true"})
    assert status == 400 and "Unknown name \"withGrid\"" in body["error"]["message"]


def test_update_mask_and_response_mask_must_name_real_fields(emu: tuple[SheetsEmulator, str]) -> None:
    emulator, base = emu
    book_with_tab(emulator)
    status, body = batch(base, "K", {"updateCells": {"start": {"sheetId": 7}, "rows": [{"values": [{}]}],
                                                     "fields": "userEnteredValue,comment"}})
    assert status == 400 and "no field 'comment'" in body["error"]["message"]
    assert batch(base, "K", {"updateCells": {"start": {"sheetId": 7}, "rows": [], "fields": ""}})[0] == 400
    status, _ = send(base, "GET", "/v4/spreadsheets/K", params={"fields": "sheets(properties(titel))"})
    assert status == 400


def test_a1_ranges_must_parse(emu: tuple[SheetsEmulator, str]) -> None:
    emulator, base = emu
    book_with_tab(emulator)
    for bad in ("'Xã A'!A0", "'Không có'!A1", "'Xã A'!B2:A1", "'Xã A'!1A"):
        status, body = send(base, "GET", f"/v4/spreadsheets/K/values/{quote(bad, safe='')}")
        assert (status, body["error"]["message"]) == (400, f"Unable to parse range: {bad}"), bad


# --- grids, cells, bodies, URLs

def test_a_write_outside_the_grid_is_refused(emu: tuple[SheetsEmulator, str]) -> None:
    emulator, base = emu
    book_with_tab(emulator)
    status, body = batch(base, "K", {"updateCells": {"start": {"sheetId": 7, "columnIndex": 26},
                                                     "rows": [{"values": [{"note": "x"}]}], "fields": "note"}})
    assert status == 400 and "exceeds grid limits. Max rows: 1000, max columns: 26" in body["error"]["message"]
    status, _ = send(base, "PUT", "/v4/spreadsheets/K/values/'Xã A'!A1001", {"values": [["x"]]},
                     params={"valueInputOption": "RAW"})
    assert status == 400


def test_ten_million_cells_per_spreadsheet(emu: tuple[SheetsEmulator, str]) -> None:
    emulator, base = emu
    book_with_tab(emulator)
    status, body = batch(base, "K", {"addSheet": {"properties": {"title": "Lớn", "gridProperties": {
        "rowCount": 400_000, "columnCount": 26}}}})
    assert status == 400 and "above the limit of 10000000 cells" in body["error"]["message"]
    assert [s.title for s in emulator.books["K"].sheets] == ["Xã A"]  # atomic: nothing added
    emulator.books["K"].sheets[0].row_count = 10  # a short, very wide tab: under 10 million cells
    status, body = batch(base, "K", {"appendDimension": {"sheetId": 7, "dimension": "COLUMNS", "length": 18_253}})
    assert status == 400 and "above the limit of 18278" in body["error"]["message"]


def test_fifty_thousand_characters_per_cell(emu: tuple[SheetsEmulator, str]) -> None:
    emulator, base = emu
    book_with_tab(emulator)
    status, body = send(base, "PUT", "/v4/spreadsheets/K/values/'Xã A'!A1", {"values": [["x" * 50_001]]},
                        params={"valueInputOption": "RAW"})
    assert (status, body["error"]["message"]) == (
        400, "Your input contains more than the maximum of 50000 characters in a single cell.")


def test_url_over_8_kb_and_body_over_10_mb(emu: tuple[SheetsEmulator, str]) -> None:
    emulator, base = emu
    book_with_tab(emulator)
    ranges = [f"'Xã A'!A{i}" for i in range(1, 900)]
    assert send(base, "GET", "/v4/spreadsheets/K/values:batchGet", params={"ranges": ranges})[0] == 414
    big = {"requests": [{"updateCells": {"start": {"sheetId": 7}, "rows": [{"values": [{"note": "x" * 40_000}]}],
                                         "fields": "note"}}] * 270}
    assert send(base, "POST", "/v4/spreadsheets/K:batchUpdate", big)[0] == 413


# --- accounts, sharing, scopes

def test_a_service_account_cannot_create_a_spreadsheet(emu: tuple[SheetsEmulator, str]) -> None:
    emulator, base = emu
    status, body = send(base, "POST", "/v4/spreadsheets", {"properties": {"title": "T"}})
    assert (status, body["error"]["message"]) == (403, "The caller does not have permission")  # Sheets says no more
    status, body = send(base, "POST", "/drive/v3/files", {"name": "T", "mimeType": "application/vnd.google-apps.spreadsheet"})
    assert (status, body["error"]["message"]) == (403, "The user's Drive storage quota has been exceeded.")
    emulator.shared_drives["DRIVE1"] = {DEFAULT_ACCOUNT}  # in a Shared Drive it is a member of, it can
    status, body = send(base, "POST", "/drive/v3/files", {"name": "T", "mimeType": "application/vnd.google-apps.spreadsheet",
                                                         "parents": ["DRIVE1"]}, params={"supportsAllDrives": "true"})
    assert status == 200 and emulator.books[body["id"]].locale == "en_US"
    status, body = send(base, "POST", "/v4/spreadsheets", {"properties": {"title": "T"}}, user=OWNER)
    assert status == 200 and body["properties"]["locale"] == "en_US"  # a person can; created without a locale


def test_sharing_silently_with_an_address_without_a_google_account_is_refused(emu: tuple[SheetsEmulator, str]) -> None:
    emulator, base = emu
    book_with_tab(emulator)
    emulator.no_google_account.add("xa@ubnd.gov.vn")
    path = "/drive/v3/files/K/permissions"
    perm = {"type": "user", "role": "writer", "emailAddress": "xa@ubnd.gov.vn"}
    status, body = send(base, "POST", path, perm, params={"sendNotificationEmail": "false"})
    assert (status, body["error"]["errors"][0]["reason"]) == (400, "invalidSharingRequest")
    assert "you must check the \"Notify people\" box" in body["error"]["message"]
    assert send(base, "POST", path, perm, params={"sendNotificationEmail": "true"})[0] == 200


def test_drive_file_scope_does_not_see_a_file_a_person_created(emu: tuple[SheetsEmulator, str]) -> None:
    emulator, base = emu
    book_with_tab(emulator)
    perm = {"type": "user", "role": "writer", "emailAddress": "a@example.org"}
    scopes = "https://www.googleapis.com/auth/spreadsheets https://www.googleapis.com/auth/drive.file"
    status, body = send(base, "POST", "/drive/v3/files/K/permissions", perm, scopes=scopes)
    assert (status, body["error"]["message"]) == (404, "File not found: K.")


def test_scopes_and_sharing_bound_what_a_caller_may_do(emu: tuple[SheetsEmulator, str]) -> None:
    emulator, base = emu
    book = book_with_tab(emulator)
    readonly = "https://www.googleapis.com/auth/spreadsheets.readonly"
    assert send(base, "GET", "/v4/spreadsheets/K", scopes=readonly)[0] == 200
    status, body = send(base, "POST", "/v4/spreadsheets/K:batchUpdate", {"requests": []}, scopes=readonly)
    assert (status, body["error"]["message"]) == (403, "Request had insufficient authentication scopes.")
    book.shared_with_caller = False
    assert send(base, "GET", "/v4/spreadsheets/K")[0] == 403
    book.permissions.append({"type": "user", "role": "reader", "emailAddress": DEFAULT_ACCOUNT})
    assert send(base, "GET", "/v4/spreadsheets/K")[0] == 200
    assert batch(base, "K", {"addSheet": {"properties": {"title": "B"}}})[0] == 403
    assert send(base, "GET", "/v4/spreadsheets/NOPE")[0] == 404


# --- quotas

@pytest.mark.parametrize("kind", ["read", "write"])
def test_sixty_requests_per_minute_per_user(emu: tuple[SheetsEmulator, str], kind: str) -> None:
    emulator, base = emu
    book_with_tab(emulator)
    now = [0.0]
    emulator.clock = lambda: now[0]

    def one(user: str = DEFAULT_ACCOUNT) -> int:
        if kind == "read":
            return send(base, "GET", "/v4/spreadsheets/K", params={"fields": "spreadsheetId"}, user=user)[0]
        return batch(base, "K", {"updateSpreadsheetProperties": {"properties": {"title": "T"}, "fields": "title"}},
                     user=user)[0]

    assert [one() for _ in range(60)] == [200] * 60
    assert one() == 429
    assert one(OWNER) == 200  # per user
    now[0] = 60.0
    assert one() == 200  # a new minute


def test_three_hundred_requests_per_minute_per_project(emu: tuple[SheetsEmulator, str]) -> None:
    """Sheets *Usage limits*: service accounts of one Cloud project share its 300 reads a minute."""
    emulator, base = emu
    book = book_with_tab(emulator)
    emulator.clock = lambda: 0.0
    accounts = [f"bot{i}@tinh.iam.gserviceaccount.com" for i in range(6)] + ["bot@khac.iam.gserviceaccount.com"]
    book.permissions += [{"type": "user", "role": "reader", "emailAddress": a} for a in accounts]

    def read(user: str) -> tuple[int, str]:
        status, body = send(base, "GET", "/v4/spreadsheets/K", params={"fields": "spreadsheetId"}, user=user)
        return status, body.get("error", {}).get("message", "")

    assert [read(a)[0] for a in accounts[:5] for _ in range(60)] == [200] * 300
    status, message = read(accounts[5])  # a sixth account of the same project, under its own 60
    assert status == 429 and "limit 'Read requests per minute' of service" in message
    assert read(accounts[6])[0] == 200  # another project


# --- locale

def test_user_entered_dates_and_validation_values_follow_the_locale(emu: tuple[SheetsEmulator, str]) -> None:
    emulator, base = emu
    book_with_tab(emulator, "US", locale="en_US")
    book_with_tab(emulator, "VN", locale="vi_VN")
    for key, expected in (("US", date(2023, 7, 8)), ("VN", date(2023, 8, 7))):
        status, _ = send(base, "PUT", f"/v4/spreadsheets/{key}/values/'Xã A'!A1", {"values": [["07/08/2023", "2023-08-07"]]},
                         params={"valueInputOption": "USER_ENTERED"})
        assert status == 200
        assert emulator.books[key].sheets[0].rows[0] == [DateCell.of(expected), DateCell.of(date(2023, 8, 7))]
    rule = {"setDataValidation": {"range": {"sheetId": 7, "startRowIndex": 2}, "rule": {"condition": {
        "type": "DATE_BETWEEN", "values": [{"userEnteredValue": "01/07/2023"}, {"userEnteredValue": "30/09/2023"}]}}}}
    status, body = batch(base, "US", rule)
    assert status == 400 and "30/09/2023 is not a date in locale en_US" in body["error"]["message"]
    assert batch(base, "VN", rule)[0] == 200
    one = {"setDataValidation": {"range": {"sheetId": 7}, "rule": {"condition": {
        "type": "DATE_BETWEEN", "values": [{"userEnteredValue": "2023-07-01"}]}}}}
    assert batch(base, "VN", one)[0] == 400  # DATE_BETWEEN "requires exactly two ConditionValues"


# --- protections, metadata, atomic batches

def test_only_a_protected_ranges_editors_and_the_owner_change_its_cells(emu: tuple[SheetsEmulator, str]) -> None:
    emulator, base = emu
    book_with_tab(emulator)
    status, _ = batch(base, "K", {"addProtectedRange": {"protectedRange": {
        "range": {"sheetId": 7}, "editors": {"users": ["so@example.org"]}}}}, user=OWNER)
    assert status == 200
    status, body = send(base, "PUT", "/v4/spreadsheets/K/values/'Xã A'!A1", {"values": [["x"]]},
                        params={"valueInputOption": "RAW"})
    assert (status, body["error"]["message"]) == (400, "You are trying to edit a protected cell or object. Please "
                                                       "contact the spreadsheet owner to remove protection if you "
                                                       "need to edit.")
    got = send(base, "GET", "/v4/spreadsheets/K")[1]["sheets"][0]["protectedRanges"][0]
    assert "editors" not in got and got["requestingUserCanEdit"] is False  # editors hidden from a non-editor
    assert send(base, "PUT", "/v4/spreadsheets/K/values/'Xã A'!A1", {"values": [["x"]]},
                params={"valueInputOption": "RAW"}, user=OWNER)[0] == 200
    pid = got["protectedRangeId"]
    status, _ = batch(base, "K", {"updateProtectedRange": {"protectedRange": {"protectedRangeId": pid, "editors": {
        "users": [DEFAULT_ACCOUNT]}}, "fields": "editors"}})
    assert status == 400  # a non-editor cannot widen it either
    rule = {"setDataValidation": {"range": {"sheetId": 7}, "rule": {"condition": {"type": "BLANK"}}}}
    assert batch(base, "K", rule)[0] == 400
    status, body = batch(base, "K", {"addProtectedRange": {"protectedRange": {
        "range": {"sheetId": 7}, "warningOnly": True, "editors": {"users": ["a@b.c"]}}}}, user=OWNER)
    assert status == 400 and "Editors are not supported with warning_only protection" in body["error"]["message"]


def test_project_metadata_is_seen_only_by_its_project_and_batches_are_atomic(emu: tuple[SheetsEmulator, str]) -> None:
    emulator, base = emu
    book = book_with_tab(emulator)
    meta = {"createDeveloperMetadata": {"developerMetadata": {"metadataKey": "k", "visibility": "PROJECT",
                                                               "location": {"sheetId": 7}}}}
    assert batch(base, "K", meta)[0] == 200
    mask = {"fields": "sheets(developerMetadata)"}
    assert send(base, "GET", "/v4/spreadsheets/K", params=mask)[1]["sheets"][0]["developerMetadata"][0]["metadataKey"] == "k"
    book.permissions.append({"type": "user", "role": "writer", "emailAddress": "bot@khac.iam.gserviceaccount.com"})
    assert send(base, "GET", "/v4/spreadsheets/K", params=mask, user="bot@khac.iam.gserviceaccount.com")[1] == {"sheets": [{}]}
    no_visibility = {"createDeveloperMetadata": {"developerMetadata": {"metadataKey": "k", "location": {"sheetId": 7}}}}
    status, _ = batch(base, "K", {"addSheet": {"properties": {"title": "Mới"}}}, no_visibility)
    assert status == 400 and book.sheet("Mới") is None  # the first request was undone with the batch
    assert batch(base, "K", {"addSheet": {"properties": {"title": "xã a"}}})[0] == 400  # titles are unique, any case
    assert batch(base, "K", {"addSheet": {"properties": {"title": "Khác", "sheetId": 7}}})[0] == 400  # and ids
    no_key = {"createDeveloperMetadata": {"developerMetadata": {"visibility": "DOCUMENT", "location": {"sheetId": 7}}}}
    assert batch(base, "K", no_key)[0] == 400


# --- every request the tool sends, on both bundled trackers, passes the contract

@pytest.mark.slow
@pytest.mark.parametrize("tracker_id", bundled_tracker_ids())
def test_every_request_the_tool_sends_passes_the_contract(
        tracker_id: str, emulator: SheetsEmulator, sample_books: SampleBooks) -> None:
    from test_gsheets import FAST, _as_sheet_value

    from tracker.check import check
    from tracker.review.decide import NewDecision, decide
    from tracker.sheets_write import provision, write_back
    from tracker.sources import XlsxSource
    from tracker.sources.gsheets import GSheetsSource

    sample = sample_books[tracker_id]
    tracker = sample.tracker
    emulator.no_google_account.add(tracker.units[0].contacts[0])
    book = emulator.create("Theo dõi", key="KEYALL", locale="en_US")  # a person made it, shared it
    provision(tracker, "Theo dõi", key="KEYALL", share=True, policy=FAST)
    for raw in XlsxSource([sample.path]).read(tracker).sheets:  # the units type the sample's rows in their tabs
        tab = book.sheet(raw.name)
        if tab is None or raw.name not in {u.sheet for u in tracker.units}:
            continue
        tab.rows = [[_as_sheet_value(v) for v in row] for row in raw.rows]
        tab.merges = [{"sheetId": tab.sheet_id, "startRowIndex": r0, "endRowIndex": r1 + 1, "startColumnIndex": c0,
                       "endColumnIndex": c1 + 1} for r0, c0, r1, c1 in raw.merged]
    for _ in range(2):
        source = GSheetsSource(tracker, {"KEYALL": list(tracker.units)}, policy=FAST)
        result = check(tracker, source, sample.as_of)
        write_back(result, policy=FAST, source=source)
    row = next(r for r in result.intake.raw_rows if r.counted)
    decide(result, [NewDecision(row.unit, "Không chấp nhận", "Chưa có biên bản.", "Nguyễn Văn A", row=row.row)],
           to="KEYALL", today=sample.as_of)
    after = check(tracker, GSheetsSource(tracker, {"KEYALL": list(tracker.units)}, policy=FAST), sample.as_of)
    assert [o.state for o in after.decisions] == ["applied"]
    refused = [(c.method, c.status) for c in emulator.calls if c.status != 200]
    assert refused == [("drive.permissions.create", 400)]  # the one address without a Google account, then invited
    assert {c.method for c in emulator.calls} == {
        "sheets.spreadsheets.get", "sheets.spreadsheets.batchUpdate", "drive.permissions.create",
        "sheets.spreadsheets.values.append"}
