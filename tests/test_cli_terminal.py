"""The command line in a terminal (a pseudo-terminal here): rich draws its progress bar there and nowhere else."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="a pseudo-terminal is POSIX only")


def _in_terminal(*args: str) -> tuple[int, str]:
    """Run `tracker *args` with its standard output and error on a pseudo-terminal: its exit code and text."""
    return _on_terminal([sys.executable, "-c", "from tracker.entry import main; main()", *args],
                        {"COLUMNS": "100", "NO_COLOR": "1"})


def _on_terminal(command: list[str], env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run a command with its standard output and error on a pseudo-terminal: its exit code and text."""
    leader, follower = os.openpty()
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=follower, stderr=follower,
                            env={**os.environ, "TERM": "xterm", **(env or {})})
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return proc.wait(timeout=120), b"".join(chunks).decode("utf-8", "replace")


def test_check_in_a_terminal_draws_its_progress_and_prints_the_summary(sample_book: Path, tmp_path: Path) -> None:
    code, text = _in_terminal("check", "quang-tri-2023-phong-chong-mua-ban-nguoi", "--source", str(sample_book),
                              "--as-of", "18/08/2023", "--no-history")
    assert "Traceback" not in text and "TypeError" not in text
    assert code == 0, text
    assert "Dòng đã đọc:" in text


def test_the_progress_bar_in_a_terminal_runs_no_thread_so_the_national_check_may_fork() -> None:
    # rich's refresh thread would make forking.may_fork() say no for the whole check: intake's child and
    # report.xlsx's writer would never run beside this process in a terminal.
    code = ("import threading; from tracker import cli, forking; "
            "seen = cli._with_progress(lambda p: (p('x', 1, 2), (threading.active_count(), forking.may_fork()))[1], "
            "'Đang đọc'); print('SEEN', seen, cli.err.is_terminal)")
    exit_code, text = _on_terminal([sys.executable, "-c", code])
    assert exit_code == 0, text
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    assert f"SEEN (1, {cores > 1}) True" in text, text


def test_a_log_level_that_is_not_one_is_said_once_and_the_command_goes_on(sample_book: Path) -> None:
    run = subprocess.run([sys.executable, "-c", "from tracker.entry import main; main()", "check",
                          "quang-tri-2023-phong-chong-mua-ban-nguoi", "--source", str(sample_book), "--as-of",
                          "18/08/2023", "--no-history"], capture_output=True, text=True,
                         env={**os.environ, "TRACKER_LOG": "rac"})
    assert run.returncode == 0, run.stderr
    assert run.stderr.count("TRACKER_LOG='rac' không phải mức ghi nhật ký") == 1
    quiet = subprocess.run([sys.executable, "-c", "from tracker.entry import main; main()", "check",
                            "quang-tri-2023-phong-chong-mua-ban-nguoi", "--source", str(sample_book), "--as-of",
                            "18/08/2023", "--no-history"], capture_output=True, text=True,
                           env={**os.environ, "TRACKER_LOG": "info"})
    assert quiet.returncode == 0 and "TRACKER_LOG" not in quiet.stderr  # a real level: no word of it


def test_a_workspace_that_does_not_exist_yet_is_said_before_anything_is_read(sample_book: Path, tmp_path: Path) -> None:
    command = [sys.executable, "-c", "from tracker.entry import main; main()", "check",
               "quang-tri-2023-phong-chong-mua-ban-nguoi", "--source", str(sample_book), "--as-of", "18/08/2023"]
    typo = tmp_path / "khong-co" / "ws"
    first = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "TRACKER_WORKSPACE": str(typo)})
    assert first.returncode == 0, first.stderr
    assert f"TRACKER_WORKSPACE=“{typo}” chưa có: sẽ tạo mới" in first.stderr
    again = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "TRACKER_WORKSPACE": str(typo)})
    assert again.returncode == 0 and "TRACKER_WORKSPACE" not in again.stderr  # it exists now: nothing to say


def test_a_workspace_that_does_not_exist_is_not_said_by_commands_that_keep_no_workspace(tmp_path: Path) -> None:
    """`tracker week` keeps the office's history and ledger in the office's folder, and validate-definition keeps
    none: each said 'TRACKER_WORKSPACE=… chưa có: sẽ tạo mới, với lịch sử và sổ thư đã gửi trống' (a new, empty
    send ledger), which is not what they do."""
    env = {**os.environ, "TRACKER_WORKSPACE": str(tmp_path / "khong-co")}
    for args in (["validate-definition", "quang-tri-2023-phong-chong-mua-ban-nguoi"], ["week", str(tmp_path)]):
        run = subprocess.run([sys.executable, "-c", "from tracker.entry import main; main()", *args],
                             capture_output=True, text=True, env=env, cwd=tmp_path)
        assert "Traceback" not in run.stderr and run.stdout + run.stderr, args
        assert "TRACKER_WORKSPACE" not in run.stdout + run.stderr, args


def test_a_workspace_name_the_system_refuses_is_a_line_not_a_traceback(sample_book: Path) -> None:
    run = subprocess.run([sys.executable, "-c", "from tracker.entry import main; main()", "check",
                          "quang-tri-2023-phong-chong-mua-ban-nguoi", "--source", str(sample_book), "--as-of",
                          "18/08/2023"], capture_output=True, text=True,
                         env={**os.environ, "TRACKER_WORKSPACE": "a" * 5000})  # longer than a name may be
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    assert "chưa có: sẽ tạo mới" in run.stderr and "Lỗi: không dùng được" in run.stderr


@pytest.mark.parametrize("typed", ["~/theo-doi", "  ~/theo-doi  ", " "])
def test_a_workspace_set_with_a_tilde_or_blanks_is_one_folder_whatever_folder_the_command_runs_from(
        typed: str, sample_book: Path, tmp_path: Path) -> None:
    """cron and systemd never expand `~`: taken literally it was a folder named `~` in the current folder, so a run
    from another folder found an empty send ledger and sent the reminders again. Blanks alone are unset."""
    home = tmp_path / "home"
    expected = (home / "theo-doi" if typed.strip() else home / ".local" / "share" / "tracker") / \
        "quang-tri-2023-phong-chong-mua-ban-nguoi" / "history.sqlite"
    for cwd in (tmp_path / "a", tmp_path / "b"):
        cwd.mkdir()
        run = subprocess.run([sys.executable, "-c", "from tracker.entry import main; main()", "check",
                              "quang-tri-2023-phong-chong-mua-ban-nguoi", "--source", str(sample_book), "--as-of",
                              "18/08/2023", "--out", str(cwd / "r")], capture_output=True, text=True, cwd=cwd,
                             env={**os.environ, "HOME": str(home), "XDG_DATA_HOME": "", "TRACKER_WORKSPACE": typed})
        assert run.returncode == 0, run.stderr
        assert sorted(p.name for p in cwd.iterdir()) == ["r"]  # no `~` folder, no blank-named folder
        assert f"vào {expected}\n" in run.stdout
    assert expected.is_file()


@pytest.mark.parametrize("blank", ["", "  "])
def test_a_blank_log_level_is_unset_and_said_nothing_of(blank: str) -> None:
    """`TRACKER_LOG=` in a cron line or an .env file: the default level, without a warning on every run."""
    run = subprocess.run([sys.executable, "-c", "from tracker.entry import main; main()", "validate-definition",
                          "quang-tri-2023-phong-chong-mua-ban-nguoi"], capture_output=True, text=True,
                         env={**os.environ, "TRACKER_LOG": blank})
    assert (run.returncode, run.stderr) == (0, "")
