"""Where real Google answers differently from a naive emulator, in ways the tool depends on: the shape of
Sheets' errors (google.rpc.ErrorInfo in `details`, not Drive's `errors[]`), the 400 a protected cell gets,
the 403 Sheets gives a service account creating a spreadsheet, and what changes between the check's read
and its write-back (a protection added, a tab deleted), Unicode forms of tab titles, and a write Google is slow
to apply. Through the unmodified gspread client."""

from __future__ import annotations

import os
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from test_gsheets import FAST, load_into
from test_sheets_contract import send
from test_sheets_google import LINE

from tracker.check import check
from tracker.definition import Tracker
from tracker.errors import SourceError
from tracker.sheets_write import append_review, provision, write_back
from tracker.sources.gsheets import READ_FIELDS, GSheetsSource, RetryPolicy, TabState, get, http_client
from tracker.testing.sheets_emulator import DEFAULT_ACCOUNT, OWNER, PROTECTED, Fault, SheetsEmulator

AS_OF = date(2023, 8, 18)
SHEETS_ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo"


def fail(*args: Any, **kwargs: Any) -> tuple[int, dict[str, Any]]:
    """(status, the error body) of a request sent as the contract tests send theirs, to the `emulator` fixture's."""
    status, body = send(f"http://{os.environ['SHEETS_EMULATOR_HOST']}", *args, **kwargs)
    error: dict[str, Any] = body.get("error", {})
    return status, error


# --- the emulator answers as Google does

def test_sheets_errors_carry_error_info_and_drive_errors_carry_reasons(emulator: SheetsEmulator) -> None:
    book = emulator.create(key="K")
    book.add_sheet("Xã A", sheet_id=7)
    readonly = "https://www.googleapis.com/auth/spreadsheets.readonly"
    status, error = fail("POST", "/v4/spreadsheets/K:batchUpdate", {"requests": []}, scopes=readonly)
    assert (status, error["status"], "errors" in error) == (403, "PERMISSION_DENIED", False)
    assert [(d["@type"], d["reason"], d["domain"]) for d in error["details"]] == [
        (SHEETS_ERROR_INFO, "ACCESS_TOKEN_SCOPE_INSUFFICIENT", "googleapis.com")]
    status, error = fail("POST", "/drive/v3/files", {"name": "T", "mimeType": "application/vnd.google-apps.spreadsheet"})
    assert (status, error["errors"][0]["reason"], error["errors"][0]["domain"]) == (403, "storageQuotaExceeded",
                                                                                   "usageLimits")


def test_a_service_account_creating_through_sheets_gets_a_bare_permission_denied(emulator: SheetsEmulator) -> None:
    status, error = fail("POST", "/v4/spreadsheets", {"properties": {"title": "T"}})
    assert (status, error) == (403, {"code": 403, "message": "The caller does not have permission",
                                     "status": "PERMISSION_DENIED"})


def test_editing_a_protected_cell_is_a_400_invalid_argument(emulator: SheetsEmulator) -> None:
    book = emulator.create(key="K")
    book.add_sheet("Xã A", sheet_id=7)
    book.sheets[0].protected.append({"protectedRangeId": 5, "range": {"sheetId": 7}, "warningOnly": False,
                                     "editors": {"users": ["so@example.org"]}})
    status, error = fail("PUT", "/v4/spreadsheets/K/values/'Xã A'!A1", {"values": [["x"]]},
                         params={"valueInputOption": "RAW"})
    assert (status, error["status"], error["message"]) == (400, "INVALID_ARGUMENT", PROTECTED)
    status, error = fail("POST", "/v4/spreadsheets/K:batchUpdate", {"requests": [{"updateCells": {
        "start": {"sheetId": 7}, "rows": [{"values": [{"note": "x"}]}], "fields": "note"}}]})
    assert (status, error["message"]) == (400, f"Invalid requests[0].updateCells: {PROTECTED}")


def test_a_quota_429_carries_rate_limit_exceeded(emulator: SheetsEmulator) -> None:
    emulator.create(key="K")
    emulator.quota_per_minute = 1
    assert fail("GET", "/v4/spreadsheets/K")[0] == 200
    status, error = fail("GET", "/v4/spreadsheets/K")
    assert (status, error["status"], error["details"][0]["reason"]) == (429, "RESOURCE_EXHAUSTED", "RATE_LIMIT_EXCEEDED")


# --- the tool reads those answers right

def test_a_login_without_a_sheets_scope_is_told_to_sign_in_again(emulator: SheetsEmulator) -> None:
    emulator.create(key="KEYSCOPE")
    client = http_client(scopes=["https://www.googleapis.com/auth/userinfo.email"])
    with pytest.raises(SourceError) as caught:
        get(client, "KEYSCOPE", FAST, DEFAULT_ACCOUNT, READ_FIELDS)
    assert caught.value.vi == ("bảng tính KEYSCOPE: thông tin đăng nhập thiếu quyền cho thao tác này (403: Request had "
                               "insufficient authentication scopes.); đăng nhập lại và cấp quyền Google Sheets, Drive")


def test_provision_refused_by_sheets_create_says_to_create_and_share(tracker: Tracker, emulator: SheetsEmulator) -> None:
    with pytest.raises(SourceError) as caught:
        provision(tracker, "Theo dõi", policy=FAST)
    assert caught.value.vi == (
        "Google không cho tài khoản dịch vụ tạo bảng tính (403: The caller does not have permission; tài khoản dịch vụ "
        "không có dung lượng Drive). Hãy tự tạo bảng tính (hoặc trong Bộ nhớ dùng chung), chia sẻ quyền Người chỉnh sửa "
        f"cho {DEFAULT_ACCOUNT}, rồi chạy `tracker provision TRACKER --key KEY` (docs/google-sheets.md, bước 4 đến 6)")
    assert emulator.books == {}


def _provisioned(tracker: Tracker, emulator: SheetsEmulator, key: str, sample: Path) -> GSheetsSource:
    book = emulator.create(key=key)
    book.owner = OWNER
    load_into(emulator, sample, key)
    provision(tracker, "x", key=key, policy=FAST)
    return GSheetsSource(tracker, {key: list(tracker.units)}, policy=FAST)


def test_a_protection_added_after_the_checks_read_leaves_that_tab_out_and_writes_the_rest(
        tracker: Tracker, emulator: SheetsEmulator, unmerged_sample_book: Path) -> None:
    source = _provisioned(tracker, emulator, "KEYLATE", unmerged_sample_book)
    result = check(tracker, source, AS_OF)
    tab = emulator.books["KEYLATE"].sheet(tracker.units[0].sheet)
    assert tab is not None
    tab.protected.append({"protectedRangeId": 9001, "range": {"sheetId": tab.sheet_id}, "warningOnly": False,
                          "description": "Khóa tay", "editors": {"users": [OWNER]}})  # by hand, after the read
    with pytest.raises(SourceError) as caught:
        write_back(result, policy=FAST, source=source)
    assert caught.value.vi == (
        f"chưa ghi kết quả vào 1 trang tính vì vùng được bảo vệ không cho {DEFAULT_ACCOUNT} sửa (thêm địa chỉ đó vào "
        f"danh sách được sửa: Dữ liệu → Trang tính và dải ô được bảo vệ): KEYLATE: “{tab.title}” (protection “Khóa tay”)")
    other = emulator.books["KEYLATE"].sheet(tracker.units[1].sheet)
    assert other is not None and any("Kết quả kiểm tra" in row for row in other.rows)
    assert emulator.books["KEYLATE"].sheet("Tổng hợp") is not None


def test_a_tab_deleted_after_the_checks_read_is_named(tracker: Tracker, emulator: SheetsEmulator,
                                                      unmerged_sample_book: Path) -> None:
    source = _provisioned(tracker, emulator, "KEYGONE", unmerged_sample_book)
    result = check(tracker, source, AS_OF)
    book = emulator.books["KEYGONE"]
    gone = book.sheet(tracker.units[0].sheet)
    assert gone is not None
    book.sheets.remove(gone)
    with pytest.raises(SourceError) as caught:
        write_back(result, policy=FAST, source=source)
    assert caught.value.vi is not None and caught.value.vi.startswith(
        f"trang tính “{gone.title}” đã bị xóa khỏi bảng tính KEYGONE trong lúc kiểm tra; hãy chạy lại")


def test_a_protection_whose_answer_leaves_out_requesting_user_can_edit_is_not_written_into() -> None:
    """Output-only booleans may be left out of an answer when false: absent is not 'may edit'."""
    from tracker.sheets_write import _locking_protection

    tab = TabState(sheet_id=3, title="Xã A", rows=10, columns=5,
                   protections=[{"protectedRangeId": 4, "range": {"sheetId": 3}, "description": "Khóa"}])
    assert _locking_protection(tab, [(0, 4, 10, 5)]) == "“Xã A” (protection “Khóa”)"


def test_a_unit_tab_titled_in_nfd_is_the_units_and_gets_no_twin(tracker: Tracker, emulator: SheetsEmulator) -> None:
    """A title typed on a Mac comes as NFD ("a" + combining marks): it is the unit's tab, as intake reads it."""
    book = emulator.create(key="KEYNFD")
    unit = tracker.units[0]
    nfd = unicodedata.normalize("NFD", unit.sheet)
    assert nfd != unit.sheet
    book.add_sheet(nfd)
    provision(tracker, "x", key="KEYNFD", policy=FAST)
    same = [s.title for s in book.sheets if unicodedata.normalize("NFC", s.title) == unit.sheet]
    assert same == [nfd]


@pytest.mark.parametrize("title", ["VHTT Đông Hà", "phong van hoa va thong tin thanh pho dong ha"])
def test_a_unit_tab_the_check_reads_by_another_name_gets_no_twin(tracker: Tracker, emulator: SheetsEmulator,
                                                                 title: str) -> None:
    """A tab named by one of the unit's aliases, or by its name, is read by the check as the unit's: provision added
    an empty tab of the unit's own title beside it, two tabs for one unit, one of them said every week not to be read."""
    book = emulator.create(key="KEYALIAS")
    unit = tracker.units[0]
    book.add_sheet(title)
    provision(tracker, "x", key="KEYALIAS", policy=FAST)
    titles = [s.title for s in book.sheets]
    assert title in titles and unit.sheet not in titles


def test_a_write_google_takes_long_to_apply_is_waited_for_not_sent_twice(
        tracker: Tracker, emulator: SheetsEmulator, unmerged_sample_book: Path) -> None:
    """Sheets *Usage limits*: Google may process one request for up to 180 s before it answers. A write abandoned
    sooner (after a read's 1 s timeout, here) is read back before it lands, so it is sent again: twice the decision."""
    book = load_into(emulator, unmerged_sample_book, "KEYSLOWW")
    provision(tracker, "x", key="KEYSLOWW", policy=FAST)
    emulator.faults = [Fault(":append", status=200, delay=2.5)]  # applied 2.5 s after it arrives
    policy = RetryPolicy(attempts=5, base=0.01, budget=5, timeout=1, sleep=lambda s: None)
    append_review(tracker, "KEYSLOWW", [LINE], policy=policy)
    assert [c.http for c in emulator.calls if c.path.endswith(":append")] == ["POST"]  # sent once
    review = book.sheet("Duyệt")
    assert review is not None and [r[4] for r in review.rows[1:]] == ["Đơn vị tự miễn."]


def test_a_field_mask_decides_grid_data_and_null_values_are_skipped(emulator: SheetsEmulator) -> None:
    """Discovery: includeGridData "is ignored if a field mask was set"; ValueRange.values: "Null values will be
    skipped" (the cell keeps what it holds; an empty string clears it)."""
    book = emulator.create(key="K")
    book.add_sheet("Xã A", sheet_id=7).rows = [["a", "x", "y"]]
    data = "sheets(data(rowData(values(effectiveValue))))"
    status, body = send(f"http://{os.environ['SHEETS_EMULATOR_HOST']}", "GET", "/v4/spreadsheets/K",
                        params={"includeGridData": "false", "fields": data})
    assert status == 200 and body["sheets"][0]["data"][0]["rowData"][0]["values"][0] == {
        "effectiveValue": {"stringValue": "a"}}
    status, body = send(f"http://{os.environ['SHEETS_EMULATOR_HOST']}", "GET", "/v4/spreadsheets/K",
                        params={"includeGridData": "true", "fields": "sheets(properties(title))"})
    assert body == {"sheets": [{"properties": {"title": "Xã A"}}]}
    assert fail("PUT", "/v4/spreadsheets/K/values/'Xã A'!A1", {"values": [[None, "b", ""]]},
                params={"valueInputOption": "RAW"})[0] == 200
    assert book.sheets[0].rows == [["a", "b", None]]


def test_sharing_refused_to_an_editor_is_said_once_for_every_address(tracker: Tracker, emulator: SheetsEmulator) -> None:
    """Drive `File.writersCanShare`: an owner who unticks "Editors can change permissions and share" leaves the
    service account (an editor) unable to share: one refusal, said for every address in words that say so."""
    book = emulator.create(key="KEYNOSHARE")
    book.owner, book.writers_can_share = OWNER, False
    made = provision(tracker, "x", key="KEYNOSHARE", share=True, policy=FAST)
    wanted = {e.lower() for u in tracker.units for e in u.contacts} | {e.lower() for e in tracker.province.staff_addresses()}
    assert (made.shared, made.invited, {e.lower() for e in made.failed}) == ([], [], wanted)
    assert set(made.failed.values()) == {
        f"Google không cho {DEFAULT_ACCOUNT} chia sẻ bảng tính (403: The user does not have sufficient permissions for "
        f"this file.): {DEFAULT_ACCOUNT} phải có quyền Người chỉnh sửa, và chủ bảng tính không được tắt “Người chỉnh sửa "
        "có thể thay đổi quyền và chia sẻ” (Chia sẻ → biểu tượng bánh răng); hoặc chủ bảng tính tự chia sẻ cho địa chỉ "
        "này"}
    assert len([c for c in emulator.calls if c.method == "drive.permissions.create"]) == 1
