"""Google Sheets through the unmodified gspread client, against the Sheets-API emulator on loopback."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tracker.check import CheckResult, check, findings
from tracker.cli import app
from tracker.definition import Tracker, bundled_tracker_path
from tracker.errors import SourceError
from tracker.files.cells import CellError, CellValue
from tracker.sample import synthetic_tracker
from tracker.sheets_write import provision, write_back
from tracker.sources import XlsxSource, open_source
from tracker.sources.gsheets import GSheetsSource, RetryPolicy
from tracker.testing.sheets_emulator import DEFAULT_ACCOUNT, Book, DateCell, ErrorCell, Fault, SheetsEmulator

AS_OF = date(2023, 8, 18)
FAST = RetryPolicy(attempts=5, base=0.01, budget=5, timeout=2, sleep=lambda s: None)


def _as_sheet_value(value: CellValue | CellError) -> CellValue | DateCell | ErrorCell:
    if isinstance(value, CellError):
        return ErrorCell(value.code)
    if isinstance(value, datetime):
        return DateCell.of(value.date())
    if isinstance(value, date):
        return DateCell.of(value)
    if value == "":
        return None
    return value


def load_into(emulator: SheetsEmulator, path: Path, key: str, only: set[str] | None = None) -> Book:
    """The same content as the workbook, as Sheets would hold it (dates as serial numbers, merged ranges as merges)."""
    book = emulator.create("Theo dõi", key=key)
    for raw in XlsxSource([path]).read(_tracker()).sheets:
        if only is not None and raw.name not in only:
            continue
        sheet = book.add_sheet(raw.name)
        sheet.rows = [[_as_sheet_value(v) for v in row] for row in raw.rows]
        sheet.merges = [{"sheetId": sheet.sheet_id, "startRowIndex": r0, "endRowIndex": r1 + 1, "startColumnIndex": c0,
                         "endColumnIndex": c1 + 1} for r0, c0, r1, c1 in raw.merged]
    return book


def _tracker() -> Tracker:
    from tracker.definition import load_tracker

    return load_tracker(bundled_tracker_path())


def _comparable(result: CheckResult) -> dict[str, Any]:
    data = findings(result)
    for key in ("source", "checked_at"):
        data.pop(key)
    return data


def test_same_findings_as_xlsx_in_one_request(tracker: Tracker, emulator: SheetsEmulator, unmerged_sample_book: Path) -> None:
    load_into(emulator, unmerged_sample_book, "KEY20")
    source = GSheetsSource.from_spec("https://docs.google.com/spreadsheets/d/KEY20/edit#gid=0", tracker)
    from_sheets = check(tracker, source, AS_OF)
    from_xlsx = check(tracker, XlsxSource([unmerged_sample_book]), AS_OF)
    assert _comparable(from_sheets) == _comparable(from_xlsx)
    assert emulator.log == [("GET", "/v4/spreadsheets/KEY20")]
    assert from_sheets.intake.counts.rows_read == 120


def test_renamed_tab_is_matched_in_the_same_one_request(tracker: Tracker, emulator: SheetsEmulator,
                                                               unmerged_sample_book: Path) -> None:
    book = load_into(emulator, unmerged_sample_book, "KEYR")
    renamed = book.sheet("Cam Lộ - TT VHTT-TT")
    assert renamed is not None
    renamed.title = "cam lo tt vhtt-tt"
    result = check(tracker, GSheetsSource.from_spec("KEYR", tracker), AS_OF)
    assert emulator.requests_for("KEYR") == 1
    assert result.intake.units["cam-lo-trung-tam"].sheet == "cam lo tt vhtt-tt"
    assert _comparable(result)["matrix"] == _comparable(check(tracker, XlsxSource([unmerged_sample_book]), AS_OF))["matrix"]
    assert any(p.code == "formula-error" for p in result.problems)


def test_700_units_over_spreadsheets_of_200_tabs_cost_one_request_each(emulator: SheetsEmulator) -> None:
    big = synthetic_tracker(700, per_spreadsheet=200, key_prefix="BIG")
    header = [c.header for c in big.columns]
    for i in range(4):
        book = emulator.create(key=f"BIG{i:04d}")
        for unit in big.units[i * 200:(i + 1) * 200]:
            sheet = book.add_sheet(unit.sheet)
            sheet.rows = [["Tiêu đề"], header, [1, DateCell.of(date(2023, 7, 28)), "1", "Hội nghị", "Nội dung", "Nhân dân"]]
    result = check(big, open_source("gsheets", big), AS_OF)
    assert result.intake.counts.rows_counted == 700
    assert [emulator.requests_for(f"BIG{i:04d}") for i in range(4)] == [1, 1, 1, 1]


@pytest.mark.parametrize(("faults", "requests"), [([Fault("KEYF", 429)], 2), ([Fault("KEYF", 503, times=2)], 3)])
def test_transient_errors_are_retried(tracker: Tracker, emulator: SheetsEmulator, unmerged_sample_book: Path,
                                      faults: list[Fault], requests: int) -> None:
    load_into(emulator, unmerged_sample_book, "KEYF")
    emulator.faults = faults
    source = GSheetsSource(tracker, {"KEYF": list(tracker.units)}, policy=FAST)
    assert check(tracker, source, AS_OF).intake.counts.rows_read == 120
    assert emulator.requests_for("KEYF") == requests


def test_persistent_500_is_a_clear_error_and_nothing_is_written(tracker: Tracker, emulator: SheetsEmulator,
                                                               unmerged_sample_book: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    load_into(emulator, unmerged_sample_book, "KEY500")
    emulator.faults = [Fault("KEY500", 500, times=100, message="Internal error encountered.")]
    source = GSheetsSource(tracker, {"KEY500": list(tracker.units)}, policy=FAST)
    with pytest.raises(SourceError, match=r"KEY500.*still failing after 5 attempts.*500: Internal error"):
        check(tracker, source, AS_OF)
    import tracker.sources.gsheets as gs

    monkeypatch.setattr(gs, "RetryPolicy", lambda: FAST)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["check", str(bundled_tracker_path()), "-s", "KEY500" + "x" * 25, "-o", str(out),
                                      "--history", str(tmp_path / "h.sqlite")])
    assert result.exit_code == 1
    assert "Lỗi nguồn dữ liệu:" in result.output and "500: Internal error encountered." in result.output
    assert not out.exists()
    from tracker.storage.history import History

    with History(tmp_path / "h.sqlite") as h:
        assert h.checks() == []


def test_slow_answer_times_out_then_retries(tracker: Tracker, emulator: SheetsEmulator, unmerged_sample_book: Path) -> None:
    load_into(emulator, unmerged_sample_book, "KEYSLOW")
    emulator.faults = [Fault("KEYSLOW", status=200, delay=1.5)]
    policy = RetryPolicy(attempts=3, base=0.01, budget=10, timeout=0.5, sleep=lambda s: None)
    result = check(tracker, GSheetsSource(tracker, {"KEYSLOW": list(tracker.units)}, policy=policy), AS_OF)
    assert result.intake.counts.rows_read == 120
    assert emulator.requests_for("KEYSLOW") == 2


def test_unshared_spreadsheet_says_which_address_to_share_with(tracker: Tracker, emulator: SheetsEmulator,
                                                              tmp_path: Path) -> None:
    emulator.create(key="KEYPRIV").shared_with_caller = False
    creds = tmp_path / "sa.json"
    creds.write_text(json.dumps({"client_email": "tracker-bot@du-an.iam.gserviceaccount.com"}), encoding="utf-8")
    source = GSheetsSource(tracker, {"KEYPRIV": list(tracker.units)}, credentials=str(creds), policy=FAST)
    with pytest.raises(SourceError, match=re.escape("Share the spreadsheet with tracker-bot@du-an.iam.gserviceaccount.com")):
        source.read(tracker)


def test_provision_completes_a_shared_spreadsheet_without_touching_rows(tracker: Tracker, emulator: SheetsEmulator) -> None:
    book = emulator.create("Theo dõi 2023", key="KEYPROV", locale="en_US")  # a person made it and shared it
    made = provision(tracker, "Theo dõi 2023", key=book.id, share=True, policy=FAST)
    assert (made.key, made.tabs, made.failed, made.invited) == ("KEYPROV", 20, {}, [])
    assert (book.locale, book.time_zone) == ("vi_VN", "Asia/Ho_Chi_Minh")
    titles = [s.title for s in book.sheets]
    assert titles == ["Hướng dẫn", *[u.sheet for u in tracker.units], "Duyệt"]
    unit_tab = book.sheet(tracker.units[0].sheet)
    assert unit_tab is not None
    assert unit_tab.rows[1] == [c.header for c in tracker.columns]
    assert unit_tab.frozen_rows == 2
    kinds = [v["rule"]["condition"]["type"] for v in unit_tab.validations]
    assert kinds.count("ONE_OF_LIST") == 3 and "DATE_BETWEEN" in kinds and kinds.count("NUMBER_GREATER_THAN_EQ") == 2
    dates = next(v for v in unit_tab.validations if v["rule"]["condition"]["type"] == "DATE_BETWEEN")
    assert dates["parsed"] == [DateCell.of(tracker.campaign.start), DateCell.of(tracker.campaign.end)]
    editors = unit_tab.protected[-1]["editors"]["users"]
    assert set(editors) == set(tracker.units[0].contacts) | set(tracker.province.staff_addresses()) | {DEFAULT_ACCOUNT}
    assert {p["emailAddress"] for p in book.permissions} >= set(tracker.units[0].contacts)
    # a district types a row; a tab is deleted; provisioning again restores the tab and keeps the row
    unit_tab.rows.append([1, DateCell.of(date(2023, 7, 28)), "1", "Hội nghị", "Đã nhập", "Nhân dân"])
    book.sheets = [s for s in book.sheets if s.title != tracker.units[1].sheet]
    before = [list(r) for r in unit_tab.rows]
    provision(tracker, "Theo dõi 2023", key=book.id, policy=FAST)
    assert book.sheet(tracker.units[1].sheet) is not None
    assert unit_tab.rows == before
    assert len(unit_tab.validations) == 6  # not added twice
    assert [s.title for s in book.sheets].count("Duyệt") == 1


def test_write_back_makes_the_summary_tab(tracker: Tracker, emulator: SheetsEmulator, unmerged_sample_book: Path) -> None:
    load_into(emulator, unmerged_sample_book, "KEYW")
    result = check(tracker, GSheetsSource.from_spec("KEYW", tracker), AS_OF)
    write_back(result, policy=FAST)
    book = emulator.books["KEYW"]
    summary = book.sheet("Tổng hợp")
    assert summary is not None and summary.index == 0
    assert "18/08/2023" in summary.rows[0][0]
    row = next(r for r in summary.rows if r and r[0] == tracker.unit("con-co-trung-tam").name)
    assert row[-1] == "Quá hạn: 1a, 1b, 3a"
    unit_tab = book.sheet(tracker.units[0].sheet)
    assert unit_tab is not None and unit_tab.rows[1][0] == "STT"


def test_cli_check_against_the_emulator(emulator: SheetsEmulator, unmerged_sample_book: Path, tmp_path: Path) -> None:
    load_into(emulator, unmerged_sample_book, "KEYCLI")
    result = CliRunner().invoke(app, ["check", str(bundled_tracker_path()), "-s",
                                      "https://docs.google.com/spreadsheets/d/KEYCLI/edit", "--as-of", "2023-08-18",
                                      "--no-history", "--write-back", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["counts"]["rows_read"] == 120
    assert emulator.books["KEYCLI"].sheet("Tổng hợp") is not None


class FakeClock:
    """Time that passes only when the retry loop sleeps: a quota window in milliseconds of test."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def _quota_policy(clock: FakeClock) -> RetryPolicy:
    return RetryPolicy(attempts=3, base=0.5, budget=5, timeout=2, quota_window=60, sleep=clock.sleep,
                       clock=lambda: clock.now)


def test_429_is_retried_over_a_whole_quota_window(tracker: Tracker, emulator: SheetsEmulator,
                                                  unmerged_sample_book: Path) -> None:
    load_into(emulator, unmerged_sample_book, "KEYQ")
    emulator.faults = [Fault("KEYQ", 429, times=7, message="Quota exceeded for quota metric 'Read requests'")]
    clock = FakeClock()
    result = check(tracker, GSheetsSource(tracker, {"KEYQ": list(tracker.units)}, policy=_quota_policy(clock)), AS_OF)
    assert result.intake.counts.rows_read == 120
    assert emulator.requests_for("KEYQ") == 8  # more than the 3 attempts a 5xx gets


def test_persistent_429_gives_up_only_after_the_window(tracker: Tracker, emulator: SheetsEmulator,
                                                       unmerged_sample_book: Path) -> None:
    load_into(emulator, unmerged_sample_book, "KEYQQ")
    emulator.faults = [Fault("KEYQQ", 429, times=1000, message="Quota exceeded")]
    clock = FakeClock()
    source = GSheetsSource(tracker, {"KEYQQ": list(tracker.units)}, policy=_quota_policy(clock))
    with pytest.raises(SourceError, match=r"KEYQQ: spreadsheets.get still failing after \d+ attempts \(429: Quota"):
        check(tracker, source, AS_OF)
    assert sum(clock.slept) >= 60


def test_a_server_that_drips_its_answer_ends_in_a_clear_timeout(tracker: Tracker, emulator: SheetsEmulator,
                                                                unmerged_sample_book: Path) -> None:
    load_into(emulator, unmerged_sample_book, "KEYDRIP")
    emulator.faults = [Fault("KEYDRIP", status=200, trickle=0.2)]  # each byte well inside the 2 s timeout
    policy = RetryPolicy(attempts=3, base=0.01, budget=5, timeout=2, deadline=1.5, sleep=lambda s: None)
    with pytest.raises(SourceError, match=r"^spreadsheet KEYDRIP: spreadsheets.get gave no complete answer within 1.5 s"):
        check(tracker, GSheetsSource(tracker, {"KEYDRIP": list(tracker.units)}, policy=policy), AS_OF)


@pytest.mark.parametrize("token_answer", ["unreachable", "revoked"])
def test_google_sign_in_failure_is_one_clear_line(tracker: Tracker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  token_answer: str) -> None:
    """A real service-account key whose token endpoint is down, or answers that the key was revoked."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    class Token(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            body = json.dumps({"error": "invalid_grant", "error_description": "Invalid JWT Signature."}).encode()
            self.send_response(400)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Token)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1] if token_answer == "revoked" else 1
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    creds = tmp_path / "sa.json"
    creds.write_text(json.dumps({"type": "service_account", "project_id": "p", "private_key_id": "k",
                                  "private_key": pem, "client_email": "tracker@p.iam.gserviceaccount.com",
                                  "client_id": "1", "token_uri": f"http://127.0.0.1:{port}/token"}), encoding="utf-8")
    monkeypatch.delenv("SHEETS_EMULATOR_HOST", raising=False)
    import tracker.sources.gsheets as gs

    monkeypatch.setattr(gs, "RetryPolicy", lambda: RetryPolicy(attempts=2, base=0.01, budget=5, timeout=2,
                                                               sleep=lambda s: None))
    try:
        run = CliRunner().invoke(app, ["check", str(bundled_tracker_path()), "-s", "KEYAUTH" + "x" * 25,
                                       "--credentials", str(creds), "--no-history"])
    finally:
        server.shutdown()
        server.server_close()
    assert run.exit_code == 1
    assert "Traceback" not in run.output and len(run.output.strip().splitlines()) == 1
    expected = ("Lỗi nguồn dữ liệu: Google từ chối đăng nhập (invalid_grant: Invalid JWT Signature.): kiểm tra khóa của "
                "tài khoản dịch vụ; khóa bị thu hồi thì tạo khóa mới (docs/google-sheets.md, bước 3)\n"
                if token_answer == "revoked"
                else "Lỗi nguồn dữ liệu: bảng tính KEYAUTHxxxxxxxxxxxxxxxxxxxxxxxxx: spreadsheets.get vẫn lỗi sau 2 lần thử "
                     "(Google sign-in unreachable")
    assert run.output.startswith(expected), run.output


def test_the_developer_metadata_keys_never_change() -> None:
    """The keys that find what the tool made in a spreadsheet are a wire format: spreadsheets provisioned by any
    earlier version carry them, and a renamed key would no longer find their review tab (its decisions unread),
    summary tab, feedback column or notes. (A module move once renamed two of them with the module.)"""
    from tracker.sources import gsheets

    assert (gsheets.MARK_REVIEW, gsheets.MARK_SUMMARY, gsheets.MARK_FEEDBACK, gsheets.MARK_NOTES) == (
        "tracker.review", "tracker.summary", "tracker.feedback", "tracker.notes")
