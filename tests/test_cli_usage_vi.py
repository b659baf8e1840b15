"""What the command line's parser (typer's click) says itself, in Vietnamese: a usage error in Vietnamese with the
English original on the next line and exit code 2; the help's headings and every command's and option's first words.

Each usage error runs the installed `tracker` entry point in a process of its own, as a person or a cron job runs it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import Annotated, Literal

import typer
from typer.testing import CliRunner

from tracker.cli import app, command_paths
from tracker.cli_usage import SHOWN, UsageGroup, vietnamese_part

TRACKER = "quang-tri-2023-phong-chong-mua-ban-nguoi"
VIETNAMESE = set("ăâđêôơưáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


def tracker(*args: str | bytes, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The `tracker` console script, as installed beside this Python, with its output decoded as the terminal would."""
    script = Path(sys.executable).with_name("tracker")
    done = subprocess.run([script, *args], capture_output=True, cwd=cwd, timeout=120,
                          env={**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "TRACKER_LOG": "warning"})
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode("utf-8", "replace"),
                                       done.stderr.decode("utf-8", "replace"))


def assert_usage_error(done: subprocess.CompletedProcess[str], usage: str, vi: str, en: str) -> None:
    """Exit 2, nothing on stdout, and on stderr exactly: the usage in Vietnamese, where to find help, the Vietnamese
    line, the English original."""
    help_command = usage.split(" [")[0]
    assert (done.returncode, done.stdout) == (2, ""), done.stderr
    assert done.stderr.splitlines() == [f"Cách dùng: {usage}", f"Xem hướng dẫn: {help_command} --help", "", vi, en]
    assert unicodedata.is_normalized("NFC", done.stderr)


def test_an_unknown_option_is_named_with_the_suggestion_in_vietnamese() -> None:
    assert_usage_error(tracker("check", "--bogus"), "tracker check [TÙY CHỌN] {tracker}",
                       "Lỗi: lệnh “tracker check” không có tùy chọn “--bogus”. Có phải ý bạn là --out?",
                       "Error: No such option: --bogus (Possible options: --out)")


def test_an_unknown_command_is_named_with_the_suggestion_in_vietnamese() -> None:
    assert_usage_error(tracker("chek"), "tracker [TÙY CHỌN] LỆNH [ĐỐI SỐ]...",
                       "Lỗi: “tracker” không có lệnh “chek”. Có phải ý bạn là tracker check?",
                       "Error: No such command 'chek'. Did you mean 'check'?")
    assert_usage_error(tracker("history", "lsit"), "tracker history [TÙY CHỌN] LỆNH [ĐỐI SỐ]...",
                       "Lỗi: “tracker history” không có lệnh “lsit”. Có phải ý bạn là tracker history list?",
                       "Error: No such command 'lsit'. Did you mean 'list'?")


def test_a_missing_argument_is_named_with_what_it_is() -> None:
    assert_usage_error(tracker("check"), "tracker check [TÙY CHỌN] {tracker}",
                       "Lỗi: thiếu đối số “tracker”: đường dẫn tệp YAML của tracker, hoặc mã tracker (tìm trong "
                       "trackers/).",
                       "Error: Missing argument 'tracker'.")


def test_a_missing_option_is_named_with_what_it_is() -> None:
    assert_usage_error(tracker("check", TRACKER), "tracker check [TÙY CHỌN] {tracker}",
                       "Lỗi: thiếu tùy chọn bắt buộc “--source” / “-s”: tệp .xlsx, thư mục chứa các tệp .csv/.xlsx, "
                       "hoặc đường link (hay mã) Google Sheets.",
                       "Error: Missing option '--source' / '-s'.")


def test_a_value_that_is_not_a_whole_number_is_refused_in_vietnamese() -> None:
    assert_usage_error(tracker("history", "show", TRACKER, "abc"),
                       "tracker history show [TÙY CHỌN] {tracker} {check_id}",
                       "Lỗi: đối số “check_id” phải là một số nguyên; đã ghi “abc”.",
                       "Error: Invalid value for 'check_id': Input should be a valid integer, unable to parse string "
                       "as an integer")


def test_a_check_number_too_large_for_the_history_is_a_usage_error_not_a_traceback() -> None:
    # SQLite's integers stop at 2**63 - 1: a larger number used to end in an OverflowError's traceback.
    assert_usage_error(tracker("history", "diff", TRACKER, "1", "9" * 30),
                       "tracker history diff [TÙY CHỌN] {tracker} {check_a} {check_b}",
                       "Lỗi: đối số “check_b” phải nhỏ hơn hoặc bằng 9223372036854775807; đã ghi “" + "9" * 30 + "”.",
                       "Error: Invalid value for 'check_b': Input should be less than or equal to 9223372036854775807")


def test_a_file_that_does_not_exist_is_refused_before_the_command_runs(tmp_path: Path) -> None:
    missing = tmp_path / "khong-co.csv"
    assert_usage_error(tracker("new", "--province", "Quảng Trị", "--id", "x", "--title", "Kế hoạch", "--units",
                               str(missing), "-o", str(tmp_path / "x.yaml")),
                       "tracker new [TÙY CHỌN]",
                       f"Lỗi: tùy chọn “--units”: không có tệp “{missing}”.",
                       f"Error: Invalid value for '--units': file '{missing}' does not exist.")
    assert_usage_error(tracker("new", "--province", "Quảng Trị", "--id", "x", "--title", "Kế hoạch", "--units",
                               str(tmp_path), "-o", str(tmp_path / "x.yaml")),
                       "tracker new [TÙY CHỌN]",
                       f"Lỗi: tùy chọn “--units”: “{tmp_path}” là một thư mục, ở đây cần một tệp.",
                       f"Error: Invalid value for '--units': file '{tmp_path}' is a directory.")
    assert not (tmp_path / "x.yaml").exists()


def test_an_option_without_its_value_and_a_flag_given_one_are_said_in_vietnamese() -> None:
    done = tracker("check", TRACKER, "-s")
    assert (done.returncode, done.stderr.splitlines()) == (2, [
        "Lỗi: tùy chọn “-s” cần một giá trị đi sau (ví dụ: -s <giá trị>).",
        "Error: Option '-s' requires an argument."])
    done = tracker("check", TRACKER, "-s", "x", "--json=1")
    assert (done.returncode, done.stderr.splitlines()) == (2, [
        "Lỗi: tùy chọn “--json” không nhận giá trị: chỉ ghi --json.",
        "Error: Option '--json' does not take a value."])


def test_extra_arguments_say_that_a_value_with_spaces_needs_quotes() -> None:
    assert_usage_error(tracker("check", TRACKER, "-s", "a", "b c"), "tracker check [TÙY CHỌN] {tracker}",
                       "Lỗi: thừa đối số “b c” (một giá trị có dấu cách phải đặt trong ngoặc kép).",
                       "Error: Got unexpected extra argument(s) (b c)")


def test_bytes_that_are_not_utf8_and_a_very_long_name_are_shown_escaped_and_short() -> None:
    assert_usage_error(tracker(os.fsencode("che\udcffk")), "tracker [TÙY CHỌN] LỆNH [ĐỐI SỐ]...",
                       "Lỗi: “tracker” không có lệnh “che\\xffk”. Có phải ý bạn là tracker check?",
                       "Error: No such command 'che\\udcffk'. Did you mean 'check'?")
    done = tracker("check", "--" + "x" * 5000)
    assert done.returncode == 2
    vi = done.stderr.splitlines()[3]
    assert vi == f"Lỗi: lệnh “tracker check” không có tùy chọn “--{'x' * (SHOWN - 3)}…” (5002 ký tự)."


def test_check_help_speaks_vietnamese_first() -> None:
    done = tracker("check", "--help")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[:7] == ["Cách dùng: tracker check [TÙY CHỌN] {tracker}", "",
                         "  Kiểm tra hằng tuần: đọc trang tính của từng đơn vị, đánh giá từng phần việc,",
                         "  ghi báo cáo.", "",
                         "  Run the weekly check: read every unit's sheet, judge each task part, write",
                         "  the gap report."]
    assert "Đối số:" in lines and "Tùy chọn:" in lines
    assert lines[lines.index("Đối số:") + 1:lines.index("Tùy chọn:") + 2] == [
        "  tracker <giá trị>  Đường dẫn tệp YAML của tracker, hoặc mã tracker (tìm",
        "                     trong trackers/) — Tracker YAML path or id (looked up in",
        "                     trackers/).  [bắt buộc]", "", "Tùy chọn:",
        "  -s, --source <giá trị>   Tệp .xlsx, thư mục chứa các tệp .csv/.xlsx, hoặc"]
    assert "  -o, --out <đường dẫn>    Thư mục ghi report.xlsx, report.html, findings.json" in lines
    assert lines[-2:] == ["  --help                   Hiện hướng dẫn này rồi thoát — Show this message",
                          "                           and exit."]
    assert "Options:" not in lines and "Usage:" not in done.stdout


def test_no_command_help_names_what_an_option_takes_in_english(tmp_path: Path) -> None:
    # typer names it by its type (<str>, <path>, FILE) and a number's range as '1<=x<=9223372036854775807': the help
    # says them in Vietnamese (cli_usage.METAVARS, _range_vi). Every command's and subcommand's help, as docs/cli.md.
    done = tracker("docs", "cli", "--path", str(tmp_path / "cli.md"))
    assert done.returncode == 0, done.stderr
    helps = (tmp_path / "cli.md").read_text(encoding="utf-8")
    assert helps.count("## `tracker ") >= 20 and "`tracker history show`" in helps
    assert re.findall(r"<(?:str|path|integer|int range|float|text)>|\d<=x|\bFILE\b", helps) == []
    assert "check_id <số>" in helps and "[từ 1 trở lên; bắt buộc]" in helps


def test_the_group_help_lists_the_commands_in_vietnamese() -> None:
    done = tracker("--help")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Cách dùng: tracker [TÙY CHỌN] LỆNH [ĐỐI SỐ]..."
    assert "Lệnh:" in lines and "Commands:" not in lines
    assert "  check                Kiểm tra hằng tuần: đọc trang tính của từng đơn..." in lines


def _vietnamese(text: str) -> bool:
    return bool(VIETNAMESE & set(text.lower())) and unicodedata.is_normalized("NFC", text)


def test_every_command_and_every_option_and_argument_has_a_vietnamese_first_sentence() -> None:
    from typer.main import get_command

    root = get_command(app)
    seen = 0
    for path in command_paths():
        command = root
        for name in path:
            command = command.commands[name]  # type: ignore[attr-defined]
        assert _vietnamese(vietnamese_part(command.help or "")), path
        for param in command.params:
            assert _vietnamese(vietnamese_part(param.help or "")), (path, param.name)  # type: ignore[attr-defined]
            seen += 1
    assert seen > 50


def test_a_history_option_that_names_no_file_is_said_not_a_traceback() -> None:
    # Path('.') has an empty name: the ledger and reviews named after it ended in a ValueError's traceback. ('' is
    # refused before, as every blank value.)
    for given in (".", "/"):
        done = tracker("history", "list", TRACKER, "--history", given)
        assert (done.returncode, done.stderr) == (2, f"Lỗi: --history “{given}” không phải tên một tệp; ghi đường dẫn "
                                                     f"tệp lịch sử, ví dụ --history {TRACKER}.history.sqlite\n")
    done = tracker("history", "list", TRACKER, "--history", "")
    assert (done.returncode, done.stderr.splitlines()[0]) == (
        2, "Lỗi: “tracker history list”: tùy chọn “--history” có giá trị trống (một biến chưa đặt?): hãy ghi giá trị, "
           "hoặc bỏ hẳn nó. Xem hướng dẫn: tracker history list --help")


def test_docs_commands_refuse_a_file_they_cannot_use_in_one_line(tmp_path: Path) -> None:
    workbook = tmp_path / "bao-cao.xlsx"
    workbook.write_bytes(b"PK\x03\x04\x8d\xff not text")
    done = tracker("docs", "problems", "--check", "--path", str(workbook))
    assert (done.returncode, done.stderr) == (1, f"Lỗi: “{workbook}” không phải tệp văn bản UTF-8\n")
    done = tracker("docs", "cli", "--path", str(tmp_path / "khong-co" / "cli.md"))
    assert (done.returncode, done.stderr) == (
        1, f"Lỗi: không dùng được “{tmp_path / 'khong-co' / 'cli.md'}”: không có tệp hoặc thư mục này\n")


ODD_ARGV: list[list[str | bytes]] = [
    [""], ["check", ""], ["--"], ["-"], ["check", "--", "--bogus"], ["check", "-oq"], ["history", "show", TRACKER, ""],
    ["history", "show", TRACKER, "0"], ["history", "show", TRACKER, "1.5"], ["history", "show", TRACKER, "-5"],
    ["history", "diff", TRACKER, "1", "9" * 40], ["check", TRACKER, "-s", "x", "-s"], ["check", os.fsencode("--\udcff")],
    ["history", "show", TRACKER, os.fsencode("\udcfe")], ["check", "--\x1b[31mđỏ"],
    ["check", TRACKER, "--source=", "--source", "", "--no-history", "--history", "."], ["docs", "findings", "--path", "/"],
    ["new", "--province", "Quảng Trị", "--id", "x", "--title", "Kế", "hoạch"],
]


def test_odd_command_lines_end_in_a_vietnamese_line_never_a_traceback() -> None:
    for argv in ODD_ARGV:
        done = tracker(*argv)
        assert done.returncode in (1, 2), (argv, done.stderr)
        assert "Traceback" not in done.stderr + done.stdout and "╭─" not in done.stderr, (argv, done.stderr)
        assert "Lỗi" in done.stderr, (argv, done.stderr)


def _kinds_app() -> typer.Typer:
    """A command with a value of each kind typer checks that tracker's own commands do not use (yet): a choice, a
    date, a number, a flag, a pair; the same UsageGroup says what is wrong with them."""
    kinds = typer.Typer(cls=UsageGroup, rich_markup_mode=None)

    @kinds.command("x")
    def x(kind: Annotated[Literal["weekly", "final"], typer.Option("--kind")] = "weekly",
          day: Annotated[datetime | None, typer.Option("--day")] = None,
          rate: Annotated[float, typer.Option("--rate")] = 0.5,
          yes: Annotated[bool, typer.Option("--yes/--no")] = True,
          pair: Annotated[tuple[int, int] | None, typer.Option("--pair")] = None) -> None:
        """Một lệnh."""

    @kinds.command("y")
    def y(both: Annotated[tuple[str, str], typer.Argument()]) -> None:
        """Một lệnh khác."""

    return kinds


KINDS = {
    ("x", "--kind", "monthly"): "Lỗi: tùy chọn “--kind” phải là một trong: weekly, final; đã ghi “monthly”.",
    ("x", "--day", "31/12/2026"): "Lỗi: tùy chọn “--day” phải là một ngày (YYYY-MM-DD); đã ghi “31/12/2026”.",
    ("x", "--rate", "nhiều"): "Lỗi: tùy chọn “--rate” phải là một số; đã ghi “nhiều”.",
    ("x", "--pair", "1"): "Lỗi: tùy chọn “--pair” cần 2 giá trị đi sau.",
    ("x", "--pair", "1", "a"): "Lỗi: tùy chọn “--pair” phải là một số nguyên; đã ghi “a”.",
    ("x", "--yes=1"): "Lỗi: tùy chọn “--yes” không nhận giá trị: chỉ ghi --yes.",
    ("y", "a"): "Lỗi: đối số “both” cần 2 giá trị.",
}


def test_values_of_every_kind_typer_checks_are_refused_in_vietnamese_with_the_english_after() -> None:
    kinds = _kinds_app()
    for args, vi in KINDS.items():
        done = CliRunner().invoke(kinds, list(args), prog_name="t")
        lines = done.output.splitlines()
        assert (done.exit_code, lines[-2], lines[-1][:7]) == (2, vi, "Error: "), (args, done.output)
