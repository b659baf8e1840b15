"""The `tracker` command's entry point: Ctrl-C is caught before anything heavy is imported.

Importing the command line (typer, rich, pydantic, openpyxl, the whole package) takes most of a second; a Ctrl-C
then would end in a KeyboardInterrupt traceback from inside some import. This module imports nothing heavy (the
exit code from tracker.errors, which imports nothing), so the handler is in place from the first line the program runs; inside a command, tracker.cli says what was done
(how many messages went out before the stop, for instance).
"""

from __future__ import annotations

import signal
import sys
from types import FrameType

from tracker.errors import Terminated, stopped_by


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated


def main() -> None:
    # SIGTERM stops the run as Ctrl-C does (what went out is recorded and said), instead of ending it without a word.
    signal.signal(signal.SIGTERM, _terminate)
    try:
        from tracker.cli import main as run

        run()
    except KeyboardInterrupt as exc:
        words, code = stopped_by(exc)
        sys.stderr.write(f"Đã dừng ({words}).\n")
        raise SystemExit(code) from None
