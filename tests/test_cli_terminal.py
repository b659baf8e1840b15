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
    leader, follower = os.openpty()
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "TERM": "xterm"}
    proc = subprocess.Popen([sys.executable, "-c", "from tracker.entry import main; main()", *args],
                            stdin=subprocess.DEVNULL, stdout=follower, stderr=follower, env=env)
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
