"""The `tracker` command's entry point: Ctrl-C is caught before anything heavy is imported.

Importing the command line (typer, rich, pydantic, openpyxl, the whole package) takes most of a second; a Ctrl-C
then would end in a KeyboardInterrupt traceback from inside some import. This module imports nothing heavy (the
exit code from tracker.errors, which imports nothing), so the handler is in place from the first line the program runs; inside a command, tracker.cli says what was done
(how many messages went out before the stop, for instance).
"""

from __future__ import annotations

import sys

from tracker.errors import INTERRUPTED


def main() -> None:
    try:
        from tracker.cli import main as run

        run()
    except KeyboardInterrupt:
        sys.stderr.write("Đã dừng (Ctrl-C).\n")
        raise SystemExit(INTERRUPTED) from None
