from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from helpers import Row, build_workbook
from typer.testing import CliRunner

from tracker.check import CheckResult, check
from tracker.cli import app
from tracker.definition import Tracker, bundled_tracker_path
from tracker.errors import HistoryError
from tracker.notices import compose_notices
from tracker.result import Changes
from tracker.sources import XlsxSource
from tracker.storage.history import SCHEMA_VERSION, History

SHEET = "Gio Linh - Phòng VHTT"
OFF = "Cán bộ, công chức, viên chức, người lao động"
A = (1, date(2023, 7, 10), "1", "Hội nghị", "Hội nghị triển khai Luật phòng, chống mua bán người", OFF, 100, 1)
B = (2, date(2023, 7, 20), "2a", "Tin bài", "Đăng tin cảnh báo thủ đoạn lừa đảo qua mạng xã hội", "Nhân dân", 50, 1)
B_EDITED = (2, date(2023, 7, 20), "2a", "Tin bài", "Đăng tin cảnh báo thủ đoạn lừa đảo việc làm qua mạng xã hội", "Nhân dân", 50, 1)
C = (3, date(2023, 7, 28), "1", "Phát thanh", "Phát thanh hưởng ứng Ngày toàn dân phòng, chống mua bán người", "Nhân dân", 900, 3)
D = (4, date(2023, 8, 3), "2b", "Tin bài", "Giới thiệu cơ sở trợ giúp xã hội hỗ trợ nạn nhân", "Nhân dân", 40, 1)
E = (5, date(2023, 8, 4), "3", "Tin bài", "Tin về công tác tuyên truyền thường xuyên", "Nhân dân", 40, 2)


def _week(tracker: Tracker, tmp: Path, name: str, rows: Sequence[Row], as_of: date) -> CheckResult:
    path = build_workbook(tracker, tmp / f"{name}.xlsx", {SHEET: rows})
    return check(tracker, XlsxSource([path]), as_of)


def test_weekly_sequence_gives_exactly_the_expected_changes(tracker: Tracker, tmp_path: Path) -> None:
    with History(tmp_path / "h.sqlite") as h:
        first = h.record(_week(tracker, tmp_path, "w1", [A, B, C, E], date(2023, 8, 4)))
        assert first["previous_check"] is None and len(first["new"]) == 4
        # week 2: re-sorted (E first, A moved down), B's content edited, C deleted, D added, E's count edited
        e2 = (*E[:6], 45, 2)
        changes = h.record(_week(tracker, tmp_path, "w2", [e2, B_EDITED, A, D], date(2023, 8, 11)))
    assert [r["values"]["content"] for r in changes["new"]] == [D[4]]
    assert sorted(r["values"]["content"] for r in changes["edited"]) == sorted([B_EDITED[4], E[4]])
    edited_b = next(r for r in changes["edited"] if r["values"]["content"] == B_EDITED[4])
    assert edited_b["before"]["content"] == B[4]
    assert [r["values"]["content"] for r in changes["deleted"]] == [C[4]]
    assert changes["previous_as_of"] == "2023-08-04"


def test_identical_recheck_has_no_changes(tracker: Tracker, tmp_path: Path) -> None:
    with History(tmp_path / "h.sqlite") as h:
        h.record(_week(tracker, tmp_path, "w1", [A, B], date(2023, 8, 4)))
        again = h.record(_week(tracker, tmp_path, "w1b", [B, A], date(2023, 8, 11)))
    assert (again["new"], again["edited"], again["deleted"]) == ([], [], [])


def test_changes_count_from_the_last_check_of_an_earlier_week_then_of_an_earlier_date(tracker: Tracker,
                                                                                     tmp_path: Path) -> None:
    """A rerun the same day, or a check on Monday of the next week, compares with the week before's last check; the
    first week's later checks compare with its earlier ones; a check stored out of order is never the base."""
    with History(tmp_path / "h.sqlite") as h:
        h.record(_week(tracker, tmp_path, "w1", [A], date(2023, 8, 4)))
        h.record(_week(tracker, tmp_path, "w2", [A, B], date(2023, 8, 11)))
        monday = h.record(_week(tracker, tmp_path, "w3", [A, B, C], date(2023, 8, 14)))
        friday = h.record(_week(tracker, tmp_path, "w4", [A, B, C, D], date(2023, 8, 18)))
        rerun = h.record(_week(tracker, tmp_path, "w4", [A, B, C, D], date(2023, 8, 18)))
        late = h.record(_week(tracker, tmp_path, "w0", [A, B, C, D, E], date(2023, 8, 3)))
    assert [(c["previous_as_of"], [r["values"]["content"] for r in c["new"]]) for c in (monday, friday, rerun)] == [
        ("2023-08-11", [C[4]]), ("2023-08-11", [C[4], D[4]]), ("2023-08-11", [C[4], D[4]])]
    assert (late["previous_check"], len(late["new"])) == (None, 5)


def test_crash_before_commit_leaves_previous_snapshot(tracker: Tracker, tmp_path: Path) -> None:
    class Crashing(History):
        def _before_commit(self) -> None:
            raise KeyboardInterrupt

    path = tmp_path / "h.sqlite"
    with History(path) as h:
        h.record(_week(tracker, tmp_path, "w1", [A, B], date(2023, 8, 4)))
    with Crashing(path) as h, pytest.raises(KeyboardInterrupt):
        h.record(_week(tracker, tmp_path, "w2", [A], date(2023, 8, 11)))
    with History(path) as h:
        assert [c.as_of for c in h.checks()] == ["2023-08-04"]
        assert len(h.rows(h.checks()[0].id)) == 2


def test_process_killed_mid_write_leaves_a_readable_file(tracker: Tracker, tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    book = build_workbook(tracker, tmp_path / "w.xlsx", {SHEET: [A, B, C]})
    with History(path) as h:
        h.record(check(tracker, XlsxSource([book]), date(2023, 8, 4)))
    script = textwrap.dedent(f"""
        import os
        from datetime import date
        from tracker.check import check
        from tracker.definition import load_tracker
        from tracker.storage.history import History
        from tracker.sources import XlsxSource

        class Dying(History):
            def _before_commit(self):
                os._exit(9)  # the process dies with rows inserted and nothing committed

        t = load_tracker({str(bundled_tracker_path())!r})
        with Dying({str(path)!r}) as h:
            h.record(check(t, XlsxSource([__import__('pathlib').Path({str(book)!r})]), date(2023, 8, 11)))
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert proc.returncode == 9
    with History(path) as h:
        assert [c.as_of for c in h.checks()] == ["2023-08-04"]
        assert len(h.rows(1)) == 3
        assert h.findings(1)["counts"]["rows_read"] == 3


def test_readers_in_other_processes_while_one_writes(tracker: Tracker, tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    book = build_workbook(tracker, tmp_path / "w.xlsx", {SHEET: [A, B, C, D]})
    with History(path):
        pass
    writer = textwrap.dedent(f"""
        from dataclasses import replace
        from datetime import date, timedelta
        from pathlib import Path
        from tracker.check import check
        from tracker.definition import load_tracker
        from tracker.storage.history import History
        from tracker.sources import XlsxSource
        t = load_tracker({str(bundled_tracker_path())!r})
        result = check(t, XlsxSource([Path({str(book)!r})]), date(2023, 8, 4))
        with History({str(path)!r}) as h:
            for i in range(12):
                h.record(replace(result, as_of=date(2023, 8, 4) + timedelta(days=i)))
    """)
    reader = textwrap.dedent(f"""
        import json, time
        from tracker.storage.history import History
        seen = 0
        deadline = time.time() + 60
        while time.time() < deadline:
            with History({str(path)!r}) as h:
                checks = h.checks()
                for c in checks:
                    data = h.findings(c.id)
                    assert data["counts"]["rows_read"] == 4, data  # never a half-written check
                    assert len(h.rows(c.id)) == 4
                seen = len(checks)
            if seen >= 12:
                break
        print(seen)
    """)
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for code in (writer, reader, reader)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [o[1].decode()[-500:] for o in outs]
    assert [int(o[0]) for o in outs[1:]] == [12, 12]


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(HistoryError, match="newer tracker"):
        History(path)


def test_deleted_row_shows_in_next_report_and_digest_and_restores(tracker: Tracker, tmp_path: Path) -> None:
    runner = CliRunner()
    hist = str(tmp_path / "h.sqlite")
    w1 = build_workbook(tracker, tmp_path / "w1.xlsx", {SHEET: [A, B, C]})
    w2 = build_workbook(tracker, tmp_path / "w2.xlsx", {SHEET: [A, B]})
    base = ["check", str(bundled_tracker_path()), "--history", hist]
    assert runner.invoke(app, [*base, "-s", str(w1), "--as-of", "2023-08-04", "-o", str(tmp_path / "r1")]).exit_code == 0
    second = runner.invoke(app, [*base, "-s", str(w2), "--as-of", "2023-08-11", "-o", str(tmp_path / "r2")])
    assert second.exit_code == 0, second.output
    findings = json.loads((tmp_path / "r2" / "findings.json").read_text(encoding="utf-8"))
    deleted = findings["changes"]["deleted"]
    assert [d["values"]["content"] for d in deleted] == [C[4]]
    html = (tmp_path / "r2" / "report.html").read_text(encoding="utf-8")
    assert "Đã xóa" in html and C[4] in html
    import openpyxl

    wb = openpyxl.load_workbook(tmp_path / "r2" / "report.xlsx")
    assert any(row[0] == "Đã xóa" and C[4] in row for row in wb["Thay đổi"].iter_rows(values_only=True))
    # the digest names the deleted row
    with History(hist) as h:
        result = check(tracker, XlsxSource([w2]), date(2023, 8, 11))
        stored = h.diff(1, 2)
        result = replace(result, changes=Changes(**stored, reported_late=[], previous_check=1, previous_as_of=None))
    digest = next(n for n in compose_notices(result, report_xlsx=b"x") if n.level == "digest")
    assert C[4] in digest.text and deleted[0]["id"] in digest.text
    # list, diff and restore
    listed = runner.invoke(app, ["history", "list", str(bundled_tracker_path()), "--history", hist])
    assert listed.exit_code == 0, listed.output
    assert "04/08/2023" in listed.output and "11/08/2023" in listed.output and "2023-08-04" not in listed.output
    assert re.search(r"\d\d/\d\d/20\d\d \d\d:\d\d", listed.output)  # when it ran, as the officer reads a time
    diff = runner.invoke(app, ["history", "diff", str(bundled_tracker_path()), "1", "2", "--history", hist])
    assert diff.exit_code == 0, diff.output
    assert "Đã xóa: 1" in diff.output and deleted[0]["id"] in diff.output
    restored = runner.invoke(app, ["history", "restore", str(bundled_tracker_path()), deleted[0]["id"][:8], "--history", hist])
    assert restored.exit_code == 0, restored.output
    lines = restored.output.strip().split("\n")
    assert lines[0].split("\t")[1:] == [c.header for c in tracker.columns]
    assert lines[1].split("\t")[:6] == [SHEET, "3", "28/07/2023", "1", "Phát thanh", C[4]]
    out = tmp_path / "restore.xlsx"
    assert runner.invoke(app, ["history", "restore", str(bundled_tracker_path()), "--out", str(out), "--history", hist]).exit_code == 0
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert rows[1][5] == C[4]
    shown = runner.invoke(app, ["history", "show", str(bundled_tracker_path()), "2", "--history", hist])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.output)["as_of"] == "2023-08-11"


def test_history_commands_asked_for_what_is_not_there_exit_1_naming_it(tracker: Tracker, tmp_path: Path) -> None:
    runner = CliRunner()
    hist = str(tmp_path / "h.sqlite")
    with History(hist) as h:
        h.record(_week(tracker, tmp_path, "w1", [A, B], date(2023, 8, 4)))
    base = [str(bundled_tracker_path()), "--history", hist]
    shown = runner.invoke(app, ["history", "show", *base[:1], "7", *base[1:]])
    assert (shown.exit_code, shown.output.splitlines()[0]) == (1, f"Lỗi: không có lần kiểm tra số 7 trong “{hist}”")
    diff = runner.invoke(app, ["history", "diff", *base[:1], "1", "9", *base[1:]])
    assert (diff.exit_code, diff.output.splitlines()[0]) == (1, f"Lỗi: không có lần kiểm tra số 9 trong “{hist}”")
    restored = runner.invoke(app, ["history", "restore", *base[:1], "ffff", *base[1:]])
    assert (restored.exit_code, restored.output) == (1, "Không có dòng đã xóa nào khớp mã này.\n")
    nothing = runner.invoke(app, ["history", "restore", *base])
    assert (nothing.exit_code, nothing.output) == (1, "Không có dòng nào đã bị xóa.\n")


def test_first_seen_and_status_trend(tracker: Tracker, tmp_path: Path) -> None:
    with History(tmp_path / "h.sqlite") as h:
        h.record(_week(tracker, tmp_path, "w1", [A], date(2023, 8, 4)))
        h.record(_week(tracker, tmp_path, "w2", [A, C], date(2023, 8, 11)))
        seen = h.first_seen(tracker.id)
        trend = h.status_trend(tracker.id)
        silent_streak = h.overdue_streaks(tracker.id, ["gio-linh-trung-tam"], date(2023, 8, 11), 4)
    assert sorted(seen.values()) == ["2023-08-04", "2023-08-11"]
    gio = [t for t in trend if t["unit"] == "gio-linh-phong-vhtt" and t["task"] == "1"]
    assert [t["status"] for t in gio] == ["in_progress", "done_on_time"]
    assert silent_streak == {"gio-linh-trung-tam": 2}


def test_rows_reported_late_and_the_trend_reach_the_reports(tracker: Tracker, tmp_path: Path) -> None:
    late = (6, date(2023, 8, 1), "2b", "Tin bài", "Tin hỗ trợ nạn nhân đăng từ đầu tháng", "Nhân dân", 40, 1)
    fresh = (7, date(2023, 8, 10), "3", "Tin bài", "Tin tuần này", "Nhân dân", 40, 1)
    with History(tmp_path / "h.sqlite") as h:
        first = h.record(_week(tracker, tmp_path, "w1", [A, B], date(2023, 8, 4)))
        assert first["reported_late"] == []  # the first check has nothing to be late against
        checked = _week(tracker, tmp_path, "w2", [A, B, late, fresh], date(2023, 8, 11))
        result = h.record_check(checked)
        changes = result.changes
    assert checked.changes is None and checked.trend is None  # history returns what it adds
    assert changes is not None
    assert [(r["values"]["content"], r["days_late"]) for r in changes["reported_late"]] == [(late[4], 10)]
    assert result.trend is not None and {t["as_of"] for t in result.trend} == {"2023-08-04", "2023-08-11"}
    from tracker.report.write import write_reports

    paths = write_reports(result, tmp_path / "r")
    html = paths["html"].read_text(encoding="utf-8")
    assert "Hoạt động báo cáo muộn (1)" in html and late[4] in html
    trend = html.split("Diễn biến qua các lần kiểm tra", 1)[1].split("</table>", 1)[0]
    assert ">04/08<" in trend and ">11/08<" in trend and "st-overdue" in trend
    import openpyxl

    rows = list(openpyxl.load_workbook(paths["xlsx"])["Thay đổi"].iter_rows(values_only=True))
    assert any(r[0] == "Báo cáo muộn" and r[6] == late[4] for r in rows)


def test_reworded_rows_are_paired_with_comparisons_linear_in_the_edits(monkeypatch: pytest.MonkeyPatch) -> None:
    """200 re-worded rows in one tab: each is found as edited with at most two character comparisons
    (pairing every vanished row with every new one took 40,000, and 279 s for 1,000 rows)."""
    import difflib

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from history_diff import snapshots

    from tracker.storage.history import diff_rows

    real = difflib.SequenceMatcher.ratio
    calls = 0

    def counted(self: difflib.SequenceMatcher[str]) -> float:
        nonlocal calls
        calls += 1
        return real(self)

    monkeypatch.setattr(difflib.SequenceMatcher, "ratio", counted)
    before, after = snapshots(200)
    changes = diff_rows(before, after)
    assert (len(changes["edited"]), changes["new"], changes["deleted"]) == (200, [], [])
    assert all(e["row"] == e["before_row"] for e in changes["edited"])
    assert calls <= 2 * 200


@pytest.mark.slow
def test_four_first_checks_started_at_once_on_a_new_file_all_succeed(tracker: Tracker, tmp_path: Path) -> None:
    import time

    path = tmp_path / "new.sqlite"
    book = build_workbook(tracker, tmp_path / "w.xlsx", {SHEET: [A, B]})
    start = time.time() + 6  # all four open the new file at this moment, after their imports
    code = textwrap.dedent(f"""
        import time
        from datetime import date
        from pathlib import Path
        from tracker.check import check
        from tracker.definition import load_tracker
        from tracker.storage.history import History
        from tracker.sources import XlsxSource
        result = check(load_tracker({str(bundled_tracker_path())!r}), XlsxSource([Path({str(book)!r})]), date(2023, 8, 4))
        time.sleep(max(0.0, {start} - time.time()))
        with History({str(path)!r}) as h:
            h.record(result)
    """)
    procs = [subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE) for _ in range(4)]
    errors = [p.communicate(timeout=120)[1].decode()[-800:] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    with History(path) as h:
        assert len(h.checks()) == 4


def test_corrupt_history_is_one_line_that_names_no_history(tracker: Tracker, tmp_path: Path) -> None:
    book = build_workbook(tracker, tmp_path / "w.xlsx", {SHEET: [A]})
    bad = tmp_path / "h.sqlite"
    bad.write_bytes(b"\x00garbage, not SQLite" * 500)
    args = ["check", str(bundled_tracker_path()), "-s", str(book), "--as-of", "2023-08-04"]
    run = CliRunner().invoke(app, [*args, "--history", str(bad)])
    assert run.exit_code == 1
    assert run.output == (f"Lỗi: không mở được tệp lịch sử “{bad}” (file is not a database)\n"
                          "  (chạy lại với --no-history để có báo cáo tuần này mà không dùng lịch sử)\n")
    assert CliRunner().invoke(app, [*args, "--no-history"]).exit_code == 0


def test_a_check_number_not_in_history_gets_no_hint_about_no_history(tracker: Tracker, tmp_path: Path) -> None:
    book = build_workbook(tracker, tmp_path / "w.xlsx", {SHEET: [A]})
    path = tmp_path / "h.sqlite"
    stored = CliRunner().invoke(app, ["check", str(bundled_tracker_path()), "-s", str(book), "--as-of", "2023-08-04",
                                      "--history", str(path)])
    assert stored.exit_code == 0, stored.output
    run = CliRunner().invoke(app, ["history", "show", str(bundled_tracker_path()), "99", "--history", str(path)])
    assert (run.exit_code, run.output) == (1, f"Lỗi: không có lần kiểm tra số 99 trong “{path}”\n")


def test_check_and_remind_say_where_the_snapshot_was_stored(tracker: Tracker, tmp_path: Path) -> None:
    book = build_workbook(tracker, tmp_path / "w1.xlsx", {SHEET: [A, B]})
    hist = tmp_path / "h.sqlite"
    runner = CliRunner()
    checked = runner.invoke(app, ["check", str(bundled_tracker_path()), "-s", str(book), "--as-of", "04/08/2023",
                                  "--history", str(hist)])
    reminded = runner.invoke(app, ["remind", str(bundled_tracker_path()), "-s", str(book), "--as-of", "11/08/2023",
                                   "--history", str(hist), "--outbox", str(tmp_path / "ob")])
    assert (checked.exit_code, reminded.exit_code) == (0, 0), checked.output + reminded.output
    assert checked.output.splitlines()[-1] == f"Lịch sử: đã lưu lần kiểm tra số 1 (tính đến 04/08/2023) vào {hist}"
    assert reminded.output.splitlines()[0] == f"Lịch sử: đã lưu lần kiểm tra số 2 (tính đến 11/08/2023) vào {hist}"


def test_restore_gives_back_only_the_deleted_row_not_the_old_version_of_an_edited_one(tracker: Tracker,
                                                                                     tmp_path: Path) -> None:
    runner = CliRunner()
    hist = str(tmp_path / "h.sqlite")
    for name, rows, day in (("w1", [A, B, C], "2023-08-04"), ("w2", [A, B_EDITED], "2023-08-11")):
        book = build_workbook(tracker, tmp_path / f"{name}.xlsx", {SHEET: rows})
        assert runner.invoke(app, ["check", str(bundled_tracker_path()), "-s", str(book), "--as-of", day,
                                   "--history", hist]).exit_code == 0
    diff = runner.invoke(app, ["history", "diff", str(bundled_tracker_path()), "1", "2", "--history", hist])
    assert [line for line in diff.output.splitlines() if not line.startswith(" ")] == ["Mới: 0", "Đã sửa: 1", "Đã xóa: 1"]
    header = "\t".join(["Đơn vị", *[c.header for c in tracker.columns]])
    restored = runner.invoke(app, ["history", "restore", str(bundled_tracker_path()), "--history", hist])
    assert (restored.exit_code, restored.output) == (0, header + "\n" + "\t".join(
        [SHEET, "3", "28/07/2023", "1", "Phát thanh", C[4], "Nhân dân", "900", "3", "", ""]) + "\n")
    both = runner.invoke(app, ["history", "restore", str(bundled_tracker_path()), "--history", hist, "--edited"])
    assert both.output.splitlines() == [
        "Gồm 1 bản cũ của dòng đã sửa (dòng đã sửa vẫn còn trên trang tính): chỉ dán lại bản cũ để thay bản mới, "
        "không để thêm.", header,
        "\t".join([SHEET, "2", "20/07/2023", "2a", "Tin bài", B[4], "Nhân dân", "50", "1", "", ""]),
        "\t".join([SHEET, "3", "28/07/2023", "1", "Phát thanh", C[4], "Nhân dân", "900", "3", "", ""])]
