"""The exception tree: exceptions mean "cannot continue"; problems in data are values, not raises."""

from __future__ import annotations

INTERRUPTED = 130
"""The exit code of a program stopped by Ctrl-C (128 + SIGINT), as shells report it (tracker.entry, tracker.cli)."""
TERMINATED = 143
"""The exit code of a program stopped by SIGTERM (128 + 15): a service stopped, `kill`, a scheduler's timeout."""


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is (tracker.entry installs the handler): stopped as Ctrl-C stops it, so
    a sending run records what went out and says so, but said as what it was."""


def stopped_by(exc: BaseException) -> tuple[str, int]:
    """How a stop is said in Vietnamese and the exit code it gives: ('Ctrl-C', 130) or ('tín hiệu SIGTERM', 143)."""
    if isinstance(exc, Terminated) or getattr(exc, "terminated", False):
        return "tín hiệu SIGTERM", TERMINATED
    return "Ctrl-C", INTERRUPTED


class TrackerError(Exception):
    """Root of every error the library raises on purpose.

    The message (str) is English, for logs; `vi`, where given, is the same in Vietnamese for the person at the
    command line or in the notebook."""

    def __init__(self, *args: object, vi: str | None = None) -> None:
        super().__init__(*args)
        self.vi = vi


class UnknownTrackerError(TrackerError):
    """A tracker named by an id that is neither a file nor a tracker in ./trackers or among the bundled ones."""


class DefinitionError(TrackerError):
    """The tracker definition (YAML) is wrong; carries every problem found, not only the first."""

    def __init__(self, path: str, problems: list[DefinitionProblem]) -> None:
        self.path = path
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        vi = "\n".join(f"  {p.vi_line()}" for p in problems)
        super().__init__(f"{path}: {len(problems)} problem(s) in the tracker definition:\n{lines}",
                         vi=f"{path}: {len(problems)} lỗi trong tệp định nghĩa tracker:\n{vi}")


class SourceError(TrackerError):
    """A source (workbook, CSV folder, Google spreadsheet) could not be read in full."""


class SourceMismatchError(SourceError):
    """The source holds none of the units' sheets, or far fewer than the last check found: it is the wrong source
    (or the sheets were deleted or renamed en masse), not every unit that failed. Its message is for the user;
    `found` of `total` units' sheets were found, `before` by the last stored check (None without one)."""

    def __init__(self, message: str, *, found: int, total: int, before: int | None = None) -> None:
        super().__init__(message)
        self.found, self.total, self.before = found, total, before


class DeliveryError(TrackerError):
    """Mail could not be delivered or the SMTP settings are unusable."""


class LedgerError(DeliveryError):
    """The send ledger cannot be opened or read (corrupt, locked, not a database)."""


class SmtpAuthError(DeliveryError):
    """The SMTP server refused the login: retrying with the same password cannot help."""


class OutputError(TrackerError):
    """A report, outbox or workbook cannot be written where the user asked."""


class HistoryError(TrackerError):
    """The history database cannot be opened or is newer than this program."""


class DecisionError(TrackerError):
    """Decisions an officer asked to record cannot stand; carries one Vietnamese line per bad decision."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        super().__init__("\n".join(lines))


class Worded(str):
    """An English problem message that carries its own Vietnamese words (`vi`): made from an error that had them (a
    contacts file that cannot be read), where definition_vi's table of known wordings cannot guess them."""

    vi: str

    def __new__(cls, en: str, vi: str = "") -> Worded:
        self = super().__new__(cls, en)
        self.vi = vi
        return self


class DefinitionProblem:
    """One thing wrong with a definition file, located by line and field path."""

    __slots__ = ("field", "file", "line", "message")

    def __init__(self, file: str, line: int | None, field: str, message: str) -> None:
        self.file = file
        self.line = line
        self.field = field
        self.message = message

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field or '(top)'}: {self.message}"

    def vi_line(self) -> str:
        """The same line for the person who wrote the file: the message in Vietnamese where its wording is known."""
        from tracker.definition_vi import in_vietnamese

        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field or '(đầu tệp)'}: {in_vietnamese(self.message)}"

    def __repr__(self) -> str:
        return f"DefinitionProblem({self!s})"
