"""Where two processes meet: real processes, a real SMTP server on loopback, kill -9 in the middle of a write.

Two `tracker remind --send` at once (and the notebook's send beside the command line) deliver each
message exactly once; two officers recording decisions at once lose no line; a process killed while
it rewrites the reviews file leaves the old file or the new one, never a broken one.
"""

from __future__ import annotations

import email
import email.policy
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.smtp import SMTP, Envelope, Session
from helpers import build_workbook, loopback_smtp
from test_directives import ROWS

from tracker.definition import Tracker, load_tracker

HERE = Path(__file__).parent
SMALL = HERE / "data" / "trackers" / "xa-mau.yaml"
AS_OF = "2026-06-19"


class Inbox:
    """What the loopback server accepted, by Message-ID."""

    def __init__(self) -> None:
        self.ids: list[str] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        assert isinstance(envelope.content, bytes)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.ids.append(str(message["Message-ID"]))
        return "250 Message accepted"


@pytest.fixture()
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    with loopback_smtp(inbox) as port:
        yield inbox, port


@pytest.fixture(scope="module")
def small() -> Tracker:
    return load_tracker(SMALL)


@pytest.fixture(scope="module")
def fast(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small tracker sending 5 messages a second: each run sends for about a second, so two overlap."""
    path = tmp_path_factory.mktemp("fast") / "xa-mau.yaml"
    path.write_text(SMALL.read_text(encoding="utf-8") + "reminders: {rate_per_minute: 300}\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def book(small: Tracker, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_workbook(small, tmp_path_factory.mktemp("race") / "xa.xlsx", ROWS)


def _env(port: int, workspace: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    return {**env, "TRACKER_SMTP_HOST": "127.0.0.1", "TRACKER_SMTP_PORT": str(port), "TRACKER_SMTP_SECURITY": "none",
            "TRACKER_MAIL_FROM": "so@example.org", "TRACKER_WORKSPACE": str(workspace)}


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "from tracker.cli import main; main()", *args]


NOTEBOOK_SEND = textwrap.dedent("""
    import sys
    from datetime import date
    import tracker.notebook as nb
    t = nb.load(sys.argv[1])
    result = nb.run(t, sys.argv[2], date.fromisoformat(sys.argv[3]))
    report = nb.send(result, nb.emails(result))
    print(f"sent {len(report.sent)} skipped {len(report.skipped)}")
""")


def _race(commands: list[list[str]], env: dict[str, str]) -> list[subprocess.CompletedProcess[str]]:
    procs = [subprocess.Popen(c, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for c in commands]
    done = []
    for proc, command in zip(procs, commands, strict=True):
        out, errors = proc.communicate(timeout=240)
        done.append(subprocess.CompletedProcess(command, proc.returncode, out, errors))
    return done


@pytest.mark.slow
@pytest.mark.parametrize("second", ["cli", "notebook"])
def test_two_runs_sending_at_once_deliver_each_message_exactly_once(smtp: tuple[Inbox, int], fast: Path, book: Path,
                                                                   tmp_path: Path, second: str) -> None:
    inbox, port = smtp
    remind = _cli("remind", str(fast), "-s", str(book), "--as-of", AS_OF, "--send")
    other = remind if second == "cli" else [sys.executable, "-c", NOTEBOOK_SEND, str(fast), str(book), AS_OF]
    trials = 3
    for trial in range(trials):
        before = len(inbox.ids)
        done = _race([remind, other], _env(port, tmp_path / f"ws{trial}"))
        assert [p.returncode for p in done] == [0, 0], [p.stderr[-1500:] for p in done]
        sent = inbox.ids[before:]
        assert sent, "the runs sent nothing: the race proves nothing"
        assert {m: n for m, n in Counter(sent).items() if n > 1} == {}, f"trial {trial}: delivered twice"
    again = _race([remind], _env(port, tmp_path / f"ws{trials - 1}"))  # a third run finds everything sent
    assert again[0].returncode == 0 and len(inbox.ids) == before + len(sent)


# --- the province's reviews file: two officers at once, and a process killed while it writes

DECIDE_LOOP = textwrap.dedent("""
    import sys
    from tracker.check import check
    from tracker.review.decide import NewDecision, decide
    from tracker.definition import load_tracker
    from tracker.sources import XlsxSource
    from test_directives import AS_OF
    tracker, book, target, name, count = load_tracker(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
    result = check(tracker, XlsxSource([__import__("pathlib").Path(book)]), AS_OF)
    print("ready", flush=True)
    sys.stdin.readline()  # the go, given to both officers at once
    for i in range(count):
        decide(result, [NewDecision("Xã A", "Không chấp nhận", f"{name}-{i}", "Nguyễn Văn An", row=6)], to=target)
""")


def _decider(book: Path, target: Path, name: str, count: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen([sys.executable, "-c", DECIDE_LOOP, str(SMALL), str(book), str(target), name, str(count)],
                            env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _go(*procs: subprocess.Popen[str]) -> None:
    """Wait until every child has its check, then let them all write at once."""
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()


def _reasons(target: Path) -> list[str]:
    """The reasons of the decision lines in a reviews file, read as every check reads it."""
    from tracker.review.decisions import COLUMNS
    from tracker.review.files import read_review_file

    [sheet] = read_review_file(target)
    assert [c for c in sheet.rows[0]] == [c.header for c in COLUMNS]
    column = [c.key for c in COLUMNS].index("reason")
    return [str(row[column]) for row in sheet.rows[1:]]


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_two_officers_deciding_at_once_both_keep_every_line(book: Path, tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"reviews{suffix}"
    procs = [_decider(book, target, name, 15) for name in ("one", "two")]
    _go(*procs)
    for proc in procs:
        _, errors = proc.communicate(timeout=240)
        assert proc.returncode == 0, errors[-1500:]
    assert sorted(_reasons(target)) == sorted(f"{name}-{i}" for name in ("one", "two") for i in range(15))


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_process_killed_while_writing_the_reviews_file_leaves_the_old_or_the_new_file(
        book: Path, tmp_path: Path, suffix: str) -> None:
    rng = random.Random(23)
    target = tmp_path / f"reviews{suffix}"
    kept = 0
    for _trial in range(5):
        proc = _decider(book, target, f"t{_trial}", 10_000)
        _go(proc)
        deadline = time.monotonic() + 120
        while not target.exists() or len(_reasons(target)) <= kept:  # at least one line written by this child
            assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read() if proc.stderr else ""
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 0.4))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        reasons = _reasons(target)  # a whole file: every earlier line is there, in order
        assert len(reasons) > kept and reasons[:kept] == [r for r in reasons if not r.startswith(f"t{_trial}-")]
        kept = len(reasons)


def test_the_workspace_keeps_history_ledger_and_reviews_under_its_root(small: Tracker, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.weekly import WORKSPACE_ENV, Workspace

    monkeypatch.setenv(WORKSPACE_ENV, str(tmp_path / "ws"))
    ws = Workspace.of(small)
    assert (ws.history, ws.ledger, ws.reviews) == tuple(tmp_path / "ws" / small.id / name for name in (
        "history.sqlite", "ledger.sqlite", "reviews.xlsx"))
