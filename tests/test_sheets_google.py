"""The Sheets path against what real Google does (issue 25's ten points, and issue 23's Sheets items), through
the unmodified gspread client and the contract emulator on loopback."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from helpers import SampleBooks
from test_gsheets import FAST, _comparable, load_into
from typer.testing import CliRunner

from tracker.check import CheckResult, check
from tracker.cli import app
from tracker.definition import Tracker, bundled_tracker_ids, bundled_tracker_path
from tracker.errors import SourceError
from tracker.feedback.rows import PROTECTION, feedback
from tracker.intake import FEEDBACK_HEADER
from tracker.review.decisions import COLUMNS
from tracker.rowid import row_digest
from tracker.sample import synthetic_tracker
from tracker.sheets_write import append_review, provision, write_back
from tracker.sources import XlsxSource
from tracker.sources.gsheets import GSheetsSource, RetryPolicy
from tracker.storage.history import History
from tracker.testing.sheets_emulator import DEFAULT_ACCOUNT, OWNER, Book, DateCell, Fault, Sheet, SheetsEmulator

AS_OF = date(2023, 8, 18)
MAX_BATCH_BYTES = 2 * 1024 * 1024
"""Google's recommended maximum payload (Sheets API usage limits)."""
TAB = "Gio Linh - TT VHTT-TT"
CON_CO = "con-co-trung-tam"
PATIENT = RetryPolicy(attempts=5, base=0.01, budget=60, timeout=120, sleep=lambda s: None)
"""For the national-shape tests: a loaded machine answers a 2 MB batch slower than FAST's 2 s timeout."""
LINE = ["Cồn Cỏ - TT VHTT-TT", "Cả phần việc", "1a", "Miễn", "Đơn vị tự miễn.", "", "", "Nguyễn Văn A", "10/08/2023"]


def _source(tracker: Tracker, key: str) -> GSheetsSource:
    return GSheetsSource(tracker, {key: list(tracker.units)}, policy=FAST)


def _status(result: CheckResult, unit: str, part: str) -> str:
    return next(p.status for ts in result.evaluation.unit_tasks(unit) for p in ts.parts if p.part == part)


def _tab(book: Book, title: str) -> Sheet:
    sheet = book.sheet(title)
    assert sheet is not None, title
    return sheet


# --- 1. a service account cannot create the spreadsheet: a person (or a Shared Drive) does

def test_provision_without_a_key_says_how_to_create_and_share(emulator: SheetsEmulator) -> None:
    run = CliRunner().invoke(app, ["provision", str(bundled_tracker_path()), "--title", "Theo dõi"])
    assert run.exit_code == 1
    assert run.output.replace("\n", "") == (
        "Lỗi nguồn dữ liệu: Google không cho tài khoản dịch vụ tạo bảng tính (403: The caller does not have permission; "
        "tài khoản dịch vụ không có dung lượng Drive). Hãy tự tạo bảng tính (hoặc trong Bộ nhớ dùng chung), chia sẻ "
        f"quyền Người chỉnh sửa cho {DEFAULT_ACCOUNT}, rồi chạy `tracker provision TRACKER --key KEY` "
        "(docs/google-sheets.md, bước 4 đến 6)")
    assert emulator.books == {}


def test_provision_creates_in_a_shared_drive_the_service_account_belongs_to(tracker: Tracker,
                                                                             emulator: SheetsEmulator) -> None:
    emulator.shared_drives["0ADrive"] = {DEFAULT_ACCOUNT, OWNER}
    made = provision(tracker, "Theo dõi", folder="0ADrive", policy=FAST)
    book = emulator.books[made.key]
    assert (book.owner, book.locale, len(book.sheets)) == ("drive:0ADrive", "vi_VN", 22)  # its empty Sheet1 gone
    assert book.sheet("Sheet1") is None


def test_provision_of_a_new_spreadsheet_drops_its_empty_first_tab_only(tracker: Tracker, emulator: SheetsEmulator) -> None:
    book = emulator.create(key="KEYNEW", locale="en_US")
    book.add_sheet("Trang tính1")
    kept = book.add_sheet("Sheet2")
    kept.rows = [["ghi chép của Sở"]]
    provision(tracker, "x", key="KEYNEW", policy=FAST)
    assert book.sheet("Sheet2") is kept and book.sheet("Trang tính1") is None


def test_provision_keeps_tabs_whose_title_differs_only_in_case(tracker: Tracker, emulator: SheetsEmulator) -> None:
    book = emulator.create(key="KEYCASE")
    book.add_sheet(tracker.units[0].sheet.lower())
    book.add_sheet("TỔNG HỢP")
    provision(tracker, "x", key="KEYCASE", policy=FAST)  # Sheets refuses a second "Đông Hà - Phòng VHTT"
    assert [s.title.casefold() for s in book.sheets].count(tracker.units[0].sheet.casefold()) == 1
    write_back(check(tracker, _source(tracker, "KEYCASE"), AS_OF), policy=FAST)
    assert [s.title for s in book.sheets].count("TỔNG HỢP") == 1 and book.sheet("Tổng hợp") is None


def test_provision_adds_the_service_account_to_the_tools_older_protections(tracker: Tracker,
                                                                           emulator: SheetsEmulator) -> None:
    book = emulator.create(key="KEYLEGACY")
    book.owner = DEFAULT_ACCOUNT  # an older version created it as the service account
    unit = tracker.units[0]
    tab = book.add_sheet(unit.sheet)
    tab.protected.append({"protectedRangeId": 3, "range": {"sheetId": tab.sheet_id}, "warningOnly": False,
                          "description": f"Chỉ {unit.name} và Sở được sửa",
                          "editors": {"users": [*unit.contacts, "ttbcxb@example.org"]}})
    provision(tracker, "x", key="KEYLEGACY", policy=FAST)
    assert tab.protected[0]["editors"]["users"] == [*unit.contacts, "ttbcxb@example.org", DEFAULT_ACCOUNT]


def test_what_each_refusal_tells_the_user() -> None:
    from tracker.sources.gsheets import denied, denied_vi

    protected = ("You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove "
                 "protection if you need to edit.")
    assert denied("K", 403, protected, "forbidden", "sa@p.iam.gserviceaccount.com") == (
        f"spreadsheet K: a protected range leaves out sa@p.iam.gserviceaccount.com (403: {protected}). Open Data → "
        "Protected sheets and ranges and add sa@p.iam.gserviceaccount.com to its editors, or run `tracker provision "
        "TRACKER --key K` as the spreadsheet's owner")
    assert denied("K", 403, "Request had insufficient authentication scopes.", "insufficientPermissions", None) == (
        "spreadsheet K: the credentials lack the scope for this call (403: Request had insufficient authentication "
        "scopes.)")
    assert denied_vi("K", 403, "The caller does not have permission", "forbidden", "sa@p.iam.gserviceaccount.com") == (
        "bảng tính K: không có quyền truy cập (403: The caller does not have permission). Hãy chia sẻ bảng tính với "
        "sa@p.iam.gserviceaccount.com (quyền Người xem đủ cho check và remind; cần Người chỉnh sửa cho --write-back, "
        "provision và ghi quyết định)")


def test_a_check_without_google_credentials_says_where_to_set_them(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SHEETS_EMULATOR_HOST", "GOOGLE_APPLICATION_CREDENTIALS", "TRACKER_GOOGLE_OAUTH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))  # no gcloud login of the developer's own
    monkeypatch.setenv("CLOUDSDK_CONFIG", str(tmp_path / "gcloud"))
    monkeypatch.setenv("GCE_METADATA_HOST", "127.0.0.1:1")  # no metadata server either
    monkeypatch.setenv("GCE_METADATA_IP", "127.0.0.1:1")
    run = CliRunner().invoke(app, ["check", str(bundled_tracker_path()), "-s", "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd",
                                   "--as-of", "2023-08-18", "--no-history"])
    assert (run.exit_code, run.output) == (1, (
        "Lỗi nguồn dữ liệu: chưa có khóa tài khoản Google: đặt GOOGLE_APPLICATION_CREDENTIALS là đường dẫn tệp JSON của "
        "tài khoản dịch vụ, hoặc dùng --credentials TỆP (xem docs/google-sheets.md, bước 3)\n"))


def test_a_google_key_that_cannot_be_used_is_named_with_why_not_called_missing(tmp_path: Path,
                                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SHEETS_EMULATOR_HOST", "GOOGLE_APPLICATION_CREDENTIALS", "TRACKER_GOOGLE_OAUTH"):
        monkeypatch.delenv(name, raising=False)
    garbage = tmp_path / "khoa.json"
    garbage.write_text("{not json", encoding="utf-8")
    said = []
    for key in (garbage, tmp_path / "khong-co.json", tmp_path):
        run = CliRunner().invoke(app, ["check", str(bundled_tracker_path()), "-s",
                                       "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd", "--as-of", "2023-08-18",
                                       "--no-history", "--credentials", str(key)])
        assert run.exit_code == 1
        said.append(run.output)
    assert said == [
        f"Lỗi nguồn dữ liệu: không dùng được khóa tài khoản Google “{garbage}”: tệp không phải khóa JSON của tài "
        "khoản dịch vụ Google (tải lại khóa ở Google Cloud, mục Service accounts) (xem docs/google-sheets.md, bước 3)\n",
        f"Lỗi nguồn dữ liệu: không dùng được khóa tài khoản Google “{tmp_path / 'khong-co.json'}”: không có tệp này "
        "(xem docs/google-sheets.md, bước 3)\n",
        f"Lỗi nguồn dữ liệu: không dùng được khóa tài khoản Google “{tmp_path}”: đó là một thư mục, không phải tệp "
        "(xem docs/google-sheets.md, bước 3)\n"]


# --- 2. sharing: no Google account -> an invitation; every failure collected; drive.file would not see the file

def test_sharing_invites_addresses_without_a_google_account_and_collects_failures(tracker: Tracker,
                                                                                   emulator: SheetsEmulator) -> None:
    book = emulator.create(key="KEYSHARE")
    first, second = tracker.units[0].contacts[0], tracker.units[1].contacts[0]
    emulator.no_google_account.add(first)
    emulator.faults = [Fault("/permissions", 403, times=1, message="User rate limit exceeded.", reason="userRateLimitExceeded"),
                       Fault("/permissions", 403, times=1, skip=2, message="Sharing is not allowed", reason="forbidden")]
    made = provision(tracker, "Theo dõi", key="KEYSHARE", share=True, policy=FAST)
    assert made.invited == [first]
    assert list(made.failed) == [second] and "Sharing is not allowed" in made.failed[second]
    shared = {p["emailAddress"] for p in book.permissions}
    assert len(made.shared) == len(shared) - 1 == len({e for u in tracker.units for e in u.contacts} | set(tracker.province.staff_addresses())) - 2
    assert next(p for p in book.permissions if p["emailAddress"] == first)["pendingInvitation"] is True
    drive_calls = [c for c in emulator.calls if c.method == "drive.permissions.create"]
    assert all(c.status in (200, 400, 403) for c in drive_calls)  # the 403 rate limit was retried, not fatal


# --- 3. locale: set on provisioning, date rules no locale misreads, and a check that refuses a month-first one

def test_a_check_refuses_a_spreadsheet_whose_locale_reads_dates_month_first(tracker: Tracker, emulator: SheetsEmulator,
                                                                            unmerged_sample_book: Path) -> None:
    book = load_into(emulator, unmerged_sample_book, "KEYUS")
    book.locale = "en_US"
    with pytest.raises(SourceError) as caught:
        check(tracker, _source(tracker, "KEYUS"), AS_OF)
    assert str(caught.value) == (
        "spreadsheet KEYUS: its locale is en_US, which reads a typed 07/08 as 8 July, so the dates the units typed "
        "cannot be trusted. Set File → Settings → Locale to Việt Nam (or run `tracker provision TRACKER --key KEYUS`, "
        "which does it), then check the dates typed so far")
    assert caught.value.vi == (
        "bảng tính KEYUS đặt ngôn ngữ và vùng en_US, đọc ngày gõ 07/08 thành ngày 8 tháng 7, nên không tin được các ngày "
        "đơn vị đã nhập. Đặt Tệp → Cài đặt → Ngôn ngữ và vùng thành Việt Nam (hoặc chạy `tracker provision TRACKER --key "
        "KEYUS`, lệnh này làm việc đó), rồi xem lại các ngày đã nhập")
    provision(tracker, "x", key="KEYUS", policy=FAST)
    assert (book.locale, book.time_zone) == ("vi_VN", "Asia/Ho_Chi_Minh")
    assert check(tracker, _source(tracker, "KEYUS"), AS_OF).intake.counts.rows_read == 120


def test_a_date_typed_after_provisioning_is_read_day_first(tracker: Tracker, emulator: SheetsEmulator) -> None:
    from tracker.sources.gsheets import http_client

    emulator.create(key="KEYTYPE", locale="en_US")
    provision(tracker, "x", key="KEYTYPE", policy=FAST)
    unit = tracker.units[0]
    client = http_client(readonly=False)
    client.values_update("KEYTYPE", f"'{unit.sheet}'!A3", params={"valueInputOption": "USER_ENTERED"}, body={"values": [
        [1, "07/08/2023", "1", "Hội nghị, tọa đàm", "Hội nghị tuyên truyền", "Nhân dân", 50, 1]]})
    result = check(tracker, _source(tracker, "KEYTYPE"), AS_OF)
    row = next(a for a in result.intake.activities if a.unit == unit.id)
    assert row.date == date(2023, 8, 7)


# --- 4, 6, floor: per spreadsheet, batches within limits, summaries of their own units, 2 requests each

@pytest.mark.slow
def test_national_shape_provisions_and_writes_back_per_spreadsheet_within_limits(emulator: SheetsEmulator) -> None:
    big = synthetic_tracker(450, per_spreadsheet=200, key_prefix="NAT")
    for i in range(3):
        emulator.create(key=f"NAT{i:04d}", locale="en_US")
        made = provision(big, "Toàn quốc", key=f"NAT{i:04d}", policy=PATIENT)
        assert made.tabs == [200, 200, 50][i]
    assert max(c.body_bytes for c in emulator.calls) <= MAX_BATCH_BYTES
    assert all(c.status == 200 for c in emulator.calls)
    assert [len(emulator.books[f"NAT{i:04d}"].sheets) for i in range(3)] == [202, 202, 52]
    for i, unit in enumerate(big.units[::9]):  # a few units type one row each
        tab = _tab(emulator.books[big.spreadsheet_of(unit).key or ""], unit.sheet)
        tab.rows.append([1, DateCell.of(date(2023, 7, 20 + i % 5)), "1", "Hội nghị, tọa đàm", "Nội dung", "Nhân dân"])
    for run in range(2):
        emulator.calls.clear()
        source = GSheetsSource(big, GSheetsSource.from_spec("gsheets", big).keys, policy=PATIENT)
        result = check(big, source, AS_OF)
        write_back(result, policy=PATIENT, source=source)
        per_key = {f"NAT{i:04d}": [c.method for c in emulator.calls if f"NAT{i:04d}" in c.path] for i in range(3)}
        assert per_key == {k: ["sheets.spreadsheets.get", "sheets.spreadsheets.batchUpdate"] for k in per_key}, run
    for i, size in enumerate([200, 200, 50]):
        summary = _tab(emulator.books[f"NAT{i:04d}"], "Tổng hợp")
        assert len([r for r in summary.rows if any(v is not None for v in r)]) == size + 2
        assert summary.rows[2][0] == big.units[i * 200].name


def test_a_key_not_in_a_multi_spreadsheet_definition_needs_its_spreadsheet_named(emulator: SheetsEmulator) -> None:
    big = synthetic_tracker(450, per_spreadsheet=200, key_prefix="NAT")
    emulator.create(key="OTHER")
    with pytest.raises(SourceError, match=r"spreads its units over 3 spreadsheets; say which one this key is with "
                                          r"--spreadsheet ID \(one of s0, s1, s2\)"):
        provision(big, "x", key="OTHER", policy=FAST)
    assert provision(big, "x", key="OTHER", spreadsheet="s2", policy=FAST).tabs == 50


def test_the_summary_tab_grows_to_fit(tracker: Tracker, emulator: SheetsEmulator, unmerged_sample_book: Path) -> None:
    book = load_into(emulator, unmerged_sample_book, "KEYGROW")
    summary = book.add_sheet("Tổng hợp", index=0)
    summary.row_count, summary.columns = 5, 4
    write_back(check(tracker, _source(tracker, "KEYGROW"), AS_OF), policy=FAST)
    assert (summary.grid_rows, summary.columns) == (22, 12)
    assert summary.rows[21][0] == tracker.units[-1].name


# --- 5. reads never exceed the URL limit

def test_a_read_of_200_long_tab_names_stays_a_short_url(emulator: SheetsEmulator) -> None:
    big = synthetic_tracker(200, per_spreadsheet=200, key_prefix="LONG")
    data = big.model_dump()
    for i, unit in enumerate(data["units"]):
        unit["sheet"] = f"Ủy ban nhân dân xã có tên rất dài để thử giới hạn độ dài của địa chỉ yêu cầu số {i}"
    long = Tracker.model_validate(data)
    book = emulator.create(key="LONG0000")
    for unit in long.units:
        book.add_sheet(unit.sheet).rows = [["Tiêu đề"], [c.header for c in long.columns]]
    result = check(long, GSheetsSource.from_spec("gsheets", long), AS_OF)
    assert result.intake.counts.rows_read == 0 and not [p for p in result.problems if p.code == "unit-sheet-missing"]
    assert max(c.url_length for c in emulator.calls) < 1024


# --- 7. the service account in every editors list; a protection that leaves it out is named, not a crash

def test_write_back_works_on_a_spreadsheet_a_person_owns(tracker: Tracker, emulator: SheetsEmulator,
                                                         unmerged_sample_book: Path) -> None:
    book = load_into(emulator, unmerged_sample_book, "KEYOWN")
    provision(tracker, "x", key="KEYOWN", policy=FAST)
    assert all(DEFAULT_ACCOUNT in p["editors"]["users"] for s in book.sheets for p in s.protected)
    result = check(tracker, _source(tracker, "KEYOWN"), AS_OF)
    write_back(result, policy=FAST)
    assert _tab(book, TAB).rows[1][10] == FEEDBACK_HEADER


def test_a_protection_without_the_service_account_is_reported_and_the_rest_written(
        tracker: Tracker, emulator: SheetsEmulator, unmerged_sample_book: Path) -> None:
    book = load_into(emulator, unmerged_sample_book, "KEYOLD")
    sheet = _tab(book, TAB)
    sheet.protected.append({"protectedRangeId": 5, "range": {"sheetId": sheet.sheet_id}, "warningOnly": False,
                            "description": "Chỉ Gio Linh và Sở được sửa", "editors": {"users": ["ttbcxb@example.org"]}})
    with pytest.raises(SourceError) as caught:
        write_back(check(tracker, _source(tracker, "KEYOLD"), AS_OF), policy=FAST)
    assert str(caught.value) == (
        f"write-back left out 1 tab(s) whose protection leaves out {DEFAULT_ACCOUNT} (add that address to its "
        "editors: Data → Protected sheets and ranges): KEYOLD: “Gio Linh - TT VHTT-TT” (protection “Chỉ Gio Linh và "
        "Sở được sửa”)")
    assert caught.value.vi == (
        f"chưa ghi kết quả vào 1 trang tính vì vùng được bảo vệ không cho {DEFAULT_ACCOUNT} sửa (thêm địa chỉ đó vào "
        "danh sách được sửa: Dữ liệu → Trang tính và dải ô được bảo vệ): KEYOLD: “Gio Linh - TT VHTT-TT” (protection "
        "“Chỉ Gio Linh và Sở được sửa”)")
    assert len(sheet.rows[1]) == 10  # that tab untouched
    assert _tab(book, "Cam Lộ - TT VHTT-TT").rows[1][10] == FEEDBACK_HEADER  # the others written


# --- 8. writes are never repeated: an answer lost, a Drive rate limit

def test_a_write_back_whose_answer_was_lost_is_not_applied_twice(tracker: Tracker, emulator: SheetsEmulator,
                                                                 unmerged_sample_book: Path) -> None:
    book = load_into(emulator, unmerged_sample_book, "KEYLOST")
    emulator.faults = [Fault(":batchUpdate", 500, after=True, message="Internal error encountered.")]
    write_back(check(tracker, _source(tracker, "KEYLOST"), AS_OF), policy=FAST)
    assert [s.title for s in book.sheets].count("Tổng hợp") == 1
    sheet = _tab(book, TAB)
    assert len([p for p in sheet.protected if p["description"] == PROTECTION]) == 1
    assert len([m for m in book.metadata if m["location"].get("dimensionRange", {}).get("sheetId") == sheet.sheet_id]) == 1
    assert [c.method for c in emulator.calls if c.method.endswith("batchUpdate")] == ["sheets.spreadsheets.batchUpdate"] * 2


def test_decisions_whose_answer_was_lost_are_written_once(tracker: Tracker, emulator: SheetsEmulator,
                                                          unmerged_sample_book: Path) -> None:
    book = load_into(emulator, unmerged_sample_book, "KEYAPP")
    provision(tracker, "x", key="KEYAPP", policy=FAST)
    emulator.faults = [Fault(":append", 503, after=True)]
    append_review(tracker, "KEYAPP", [LINE, [*LINE[:4], "Lần hai.", *LINE[5:]]], policy=FAST)
    assert [r[4] for r in _tab(book, "Duyệt").rows[1:]] == ["Đơn vị tự miễn.", "Lần hai."]


def test_decisions_whose_append_keeps_failing_say_to_look_before_writing_again(
        tracker: Tracker, emulator: SheetsEmulator, unmerged_sample_book: Path) -> None:
    book = load_into(emulator, unmerged_sample_book, "KEYAPF")
    provision(tracker, "x", key="KEYAPF", policy=FAST)
    emulator.faults = [Fault(":append", 503, times=100, message="Service unavailable.")]
    with pytest.raises(SourceError) as caught:
        append_review(tracker, "KEYAPF", [LINE], policy=FAST)
    assert str(caught.value) == (
        "spreadsheet KEYAPF: values.append still failing (503: Service unavailable.); the decisions may be partly "
        "written: look at the review tab before writing them again")
    assert _tab(book, "Duyệt").rows[1:] == []
    appends = [c for c in emulator.calls if c.path.endswith(":append")]  # a faulted call is refused before it is named
    assert len(appends) == FAST.attempts


def test_write_back_that_keeps_failing_says_what_was_written(tracker: Tracker, emulator: SheetsEmulator,
                                                            unmerged_sample_book: Path) -> None:
    load_into(emulator, unmerged_sample_book, "KEYA")
    load_into(emulator, unmerged_sample_book, "KEYB")
    source = GSheetsSource(tracker, {"KEYA": list(tracker.units[:10]), "KEYB": list(tracker.units[10:])}, policy=FAST)
    result = check(tracker, source, AS_OF)
    emulator.faults = [Fault("KEYB:batchUpdate", 500, times=100, message="Internal error encountered.")]
    with pytest.raises(SourceError) as caught:
        write_back(result, policy=FAST, source=source)
    assert str(caught.value) == (
        "spreadsheet KEYB: batchUpdate still failing after 5 attempts (500: Internal error encountered.); it may be "
        "partly written (each batch is all or nothing). Run the same command again: it reads what is there and sends "
        "only what is missing. Written in full before it: KEYA; not written: none")


# --- 9 and issue 23 item 4: only the tool's column and notes; bodies under 2 MB

def test_a_units_own_column_and_notes_are_never_touched(tracker: Tracker, emulator: SheetsEmulator,
                                                        unmerged_sample_book: Path) -> None:
    book = load_into(emulator, unmerged_sample_book, "KEYOWNCOL")
    sheet = _tab(book, TAB)
    sheet.rows[1].append(FEEDBACK_HEADER)  # the unit heads its own column K "Kết quả kiểm tra"
    sheet.rows[2].append("ghi chú của đơn vị")
    sheet.notes[(13, 1)] = "Ngày này đúng theo biên bản."  # the unit's own note on B14, which the check flags
    sheet.notes[(2, 4)] = "Nguồn: báo cáo tháng."  # and one on a good cell
    for _ in range(2):
        write_back(check(tracker, _source(tracker, "KEYOWNCOL"), AS_OF), policy=FAST)
        assert (sheet.rows[1][10], sheet.rows[2][10]) == (FEEDBACK_HEADER, "ghi chú của đơn vị")
        assert (sheet.rows[1][11], sheet.rows[2][11]) == (FEEDBACK_HEADER, "✓ Được tính (nhiệm vụ 1)")
        assert sheet.notes[(13, 1)] == "Ngày này đúng theo biên bản."
        assert sheet.notes[(2, 4)] == "Nguồn: báo cáo tháng."
        assert sheet.notes[(16, 3)] == "Chưa chọn hình thức ở ô D17."  # the tool's note elsewhere
    mine = [p["range"] for p in sheet.protected if p["description"] == PROTECTION]
    assert mine == [{"sheetId": sheet.sheet_id, "startColumnIndex": 11, "endColumnIndex": 12}]
    sheet.rows[16][3] = "Hội nghị, tọa đàm"  # the unit fixes D17: the tool's note goes, the unit's stay
    write_back(check(tracker, _source(tracker, "KEYOWNCOL"), AS_OF), policy=FAST)
    assert (16, 3) not in sheet.notes and sheet.notes[(13, 1)] == "Ngày này đúng theo biên bản."


@pytest.mark.slow
def test_feedback_for_200_tabs_of_40_rows_stays_under_the_recommended_payload(emulator: SheetsEmulator) -> None:
    big = synthetic_tracker(200, per_spreadsheet=200, key_prefix="FAT")
    book = emulator.create(key="FAT0000")
    for unit in big.units:  # 40 rows a tab, each with a note: the old full-grid note update passed 2 MB here
        book.add_sheet(unit.sheet).rows = [["Tiêu đề"], [c.header for c in big.columns], *[
            [r, DateCell.of(date(2023, 7, 20)), "1", "Không có", f"Nội dung {r}", "Nhân dân"] for r in range(40)]]
    source = GSheetsSource.from_spec("gsheets", big)
    write_back(check(big, source, AS_OF), policy=PATIENT, source=source)
    posts = [c for c in emulator.calls if c.method == "sheets.spreadsheets.batchUpdate"]
    assert [c.status for c in posts] == [200, 200, 200], [c.body_bytes for c in posts]  # 5 MB as sent: three
    assert max(c.body_bytes for c in posts) <= MAX_BATCH_BYTES
    last = next(f for f in feedback(check(big, GSheetsSource.from_spec("gsheets", big), AS_OF)) if f.sheet == "Xã 199")
    assert _tab(book, "Xã 199").notes == {(r - 1, c): text for (r, c), text in last.notes.items()}
    assert len(last.notes) == 40


# --- 10. provinces sharing one service account in the same minute take turns

def test_two_provinces_on_one_service_account_in_the_same_minute_both_finish(
        tracker: Tracker, emulator: SheetsEmulator, unmerged_sample_book: Path) -> None:
    load_into(emulator, unmerged_sample_book, "KEYP1")
    load_into(emulator, unmerged_sample_book, "KEYP2")
    ticks = iter(range(10**6))  # the emulator's minute passes with the requests: ten to a window, three allowed
    emulator.clock, emulator.quota_per_minute, emulator.quota_window = lambda: next(ticks) / 10, 3, 1.0
    policy = RetryPolicy(base=0.01, budget=30, timeout=30, quota_window=0.5, max_delay=0.05)
    done: dict[str, int] = {}

    def province(key: str) -> None:
        for _ in range(3):
            source = GSheetsSource(tracker, {key: list(tracker.units)}, policy=policy)
            write_back(check(tracker, source, AS_OF), policy=policy, source=source)
        done[key] = 1

    threads = [threading.Thread(target=province, args=(k,)) for k in ("KEYP1", "KEYP2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert done == {"KEYP1": 1, "KEYP2": 1}
    assert any(c.status == 429 for c in emulator.calls)  # they did compete


# --- issue 23 item 1: decisions only from the provisioned review tab, verified as protected for staff only

def test_a_personal_login_reads_no_decision_and_writes_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Under OAuth or Colab the tool works in another Cloud project and cannot see its own marks."""
    from tracker.sources.gsheets import TabState, vouched_review, writer_account

    monkeypatch.delenv("SHEETS_EMULATOR_HOST", raising=False)
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    tab = TabState(sheet_id=5, title="Duyệt", rows=1000, columns=10, protections=[
        {"range": {"sheetId": 5}, "editors": {"users": ["ttbcxb@example.org"]}, "requestingUserCanEdit": True}],
        metadata=[{"metadataKey": "tracker.review", "visibility": "PROJECT"}])
    assert vouched_review(tab, {"ttbcxb@example.org"}, None) == "login"
    assert vouched_review(tab, {"ttbcxb@example.org"}, "sa@p.iam.gserviceaccount.com") is None
    with pytest.raises(SourceError, match=r"^writing to Google Sheets \(provision, --write-back, decisions\) needs "
                                          r"the service account's key"):
        writer_account(None)


def _unit_made_review_tab(book: Book, title: str = "Duyệt", hidden: bool = True) -> Sheet:
    tab = book.add_sheet(title)
    tab.hidden = hidden
    tab.rows = [[c.header for c in COLUMNS], LINE]
    return tab


def test_a_review_tab_a_unit_added_is_not_read_and_is_reported(tracker: Tracker, emulator: SheetsEmulator,
                                                               unmerged_sample_book: Path) -> None:
    book = load_into(emulator, unmerged_sample_book, "KEYFAKE")
    _unit_made_review_tab(book)
    book.metadata.append({"metadataId": 9, "metadataKey": "tracker.review", "metadataValue": "",
                          "visibility": "DOCUMENT", "location": {"sheetId": book.sheets[-1].sheet_id}, "project": "ui:x"})
    result = check(tracker, _source(tracker, "KEYFAKE"), AS_OF)
    assert _status(result, CON_CO, "1a") == "overdue"
    assert result.decisions == ()
    untrusted = [p for p in result.problems if p.code == "decision-tab-untrusted"]
    assert [p.message for p in untrusted] == [
        "Trang “Duyệt” của bảng tính không phải trang Duyệt do công cụ tạo và chỉ cán bộ của Sở được sửa (chưa được "
        "công cụ tạo); không quyết định nào trong trang này được đọc. Hãy ghi quyết định vào trang Duyệt do `tracker "
        "provision` tạo, và xóa trang “Duyệt”."]


def test_the_provisioned_review_tab_is_read_only_while_its_protection_holds(tracker: Tracker, emulator: SheetsEmulator,
                                                                           unmerged_sample_book: Path) -> None:
    book = load_into(emulator, unmerged_sample_book, "KEYREAL")
    provision(tracker, "x", key="KEYREAL", policy=FAST)
    tab = _tab(book, "Duyệt")
    tab.rows.append(LINE)
    assert _status(check(tracker, _source(tracker, "KEYREAL"), AS_OF), CON_CO, "1a") == "not_applicable"
    tab.protected[-1]["editors"]["users"].append(tracker.units[0].contacts[0])  # a unit made an editor of it
    result = check(tracker, _source(tracker, "KEYREAL"), AS_OF)
    assert _status(result, CON_CO, "1a") == "overdue"
    assert [p.params.get("why") for p in result.problems if p.code == "decision-tab-untrusted"] == [
        "người ngoài cán bộ của Sở cũng sửa được"]
    provision(tracker, "x", key="KEYREAL", policy=FAST)  # provisioning again puts the protection back
    assert tab.protected[-1]["editors"]["users"] == ["ttbcxb@example.org", "nguyenvana.ttbcxb@example.org", DEFAULT_ACCOUNT]
    assert _status(check(tracker, _source(tracker, "KEYREAL"), AS_OF), CON_CO, "1a") == "not_applicable"


def test_a_unit_tab_named_duyet_before_provisioning_is_never_adopted(tracker: Tracker, emulator: SheetsEmulator,
                                                                     unmerged_sample_book: Path) -> None:
    book = load_into(emulator, unmerged_sample_book, "KEYPRE")
    _unit_made_review_tab(book, hidden=False)
    provision(tracker, "x", key="KEYPRE", policy=FAST)
    assert [s.title for s in book.sheets][-2:] == ["Duyệt", "Duyệt 2"]
    result = check(tracker, _source(tracker, "KEYPRE"), AS_OF)
    assert _status(result, CON_CO, "1a") == "overdue"
    assert [p.sheet for p in result.problems if p.code == "decision-tab-untrusted"] == ["Duyệt"]


# --- findings through Sheets equal findings from the .xlsx; issue 23's weak items: merged dates, the same rows

@pytest.mark.parametrize("tracker_id", bundled_tracker_ids())
def test_findings_through_sheets_equal_the_xlsxs(tracker_id: str, emulator: SheetsEmulator,
                                                 sample_books: SampleBooks) -> None:
    sample = sample_books[tracker_id]
    load_into(emulator, sample.path, "KEYSAME")
    from_sheets = check(sample.tracker, _source(sample.tracker, "KEYSAME"), sample.as_of)
    assert _comparable(from_sheets) == _comparable(check(sample.tracker, XlsxSource([sample.path]), sample.as_of))
    assert from_sheets.intake.counts.rows_read > 100



def test_merged_date_cells_read_as_from_the_xlsx(tracker: Tracker, emulator: SheetsEmulator, sample_book: Path) -> None:
    book = load_into(emulator, sample_book, "KEYMERGED")
    assert any(s.merges for s in book.sheets)
    from_sheets = check(tracker, _source(tracker, "KEYMERGED"), AS_OF)
    from_xlsx = check(tracker, XlsxSource([sample_book]), AS_OF)
    assert _comparable(from_sheets) == _comparable(from_xlsx)
    assert any(p.code == "merged-cells" for p in from_sheets.problems)


def test_switching_the_source_from_xlsx_to_sheets_changes_no_row(tracker: Tracker, emulator: SheetsEmulator,
                                                                 sample_book: Path, tmp_path: Path) -> None:
    load_into(emulator, sample_book, "KEYSWITCH")
    from_xlsx = check(tracker, XlsxSource([sample_book]), AS_OF)
    from_sheets = check(tracker, _source(tracker, "KEYSWITCH"), AS_OF)

    def digests(result: CheckResult) -> dict[tuple[str, int], str]:
        return {(r.unit, r.row): row_digest(r.values) for r in result.intake.raw_rows}

    assert digests(from_sheets) == digests(from_xlsx) and len(digests(from_xlsx)) == 120
    with History(tmp_path / "h.sqlite") as h:
        first = h.record_check(from_xlsx).check_id
        second = h.record_check(from_sheets).check_id
        # the two stored checks compared row by row ('new since' itself counts from the previous week's last check)
        assert first is not None and second is not None
        changes = h.diff(first, second)
    assert (changes["new"], changes["edited"], changes["deleted"]) == ([], [], [])
