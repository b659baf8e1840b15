"""SQLite files the tracker keeps (history, the send ledger): opened the same way, safe to open at once, and
moved forward by numbered migrations.

Every file is opened by `open_database`: autocommit (transactions are explicit), a busy wait of 30 s, WAL
(readers never block the writer), foreign keys enforced, then its migrations applied. A file's schema
version is `PRAGMA user_version`: migration N (1-based) has run when the version is N or more. A file
written by a newer tracker (a version above the migrations this one knows) is refused, never rewritten.

A migration is a sequence of steps, each one SQL statement (a trigger's body with its inner `;` is one
statement: SQL is never split on `;`) or a function of the connection, for the steps that must look at
the file first (a column some files written before the version was kept already hold).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

from tracker.retry import retry

Step = str | Callable[[sqlite3.Connection], None]
"""One SQL statement, or a function that changes the file through the connection it is given."""
Migration = Sequence[Step]
BUSY_TIMEOUT = 30.0
"""Seconds a connection waits for another's write lock before SQLite answers 'database is locked'."""


class NewerSchemaError(Exception):
    """The file was written by a newer tracker: `found` is its version, `known` the newest this one knows."""

    def __init__(self, path: Path, found: int, known: int) -> None:
        super().__init__(f"{path} was written by a newer tracker (schema {found} > {known}); upgrade tracker to read it")
        self.path, self.found, self.known = path, found, known


class CannotOpenError(sqlite3.OperationalError):
    """The file cannot be opened at all (a folder in its place, no permission): not a damaged file."""


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), in WAL mode, waiting up to 30 s for locks,
    with foreign keys enforced."""
    try:
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
    except sqlite3.Error as exc:
        raise CannotOpenError(str(exc)) from exc
    try:
        wal(db)
        db.execute("PRAGMA foreign_keys=ON")
    except BaseException:
        db.close()
        raise
    return db


def open_database(path: Path, migrations: Sequence[Migration]) -> sqlite3.Connection:
    """`connect`, then bring the file to the newest schema; raises NewerSchemaError for a newer file and
    sqlite3 errors for one that is not a database (the connection is closed either way)."""
    db = connect(path)
    try:
        migrate(db, migrations, path)
    except BaseException:
        db.close()
        raise
    return db


def schema_version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: sqlite3.Connection, migrations: Sequence[Migration], path: Path) -> None:
    """Run the migrations the file has not had, all in one write transaction: a crash or an error leaves the
    file as it was. Several processes may open a new file at once: the version is read again under the write
    lock, so only the first migrates and the others find the work done."""
    known = len(migrations)
    if _checked_version(db, known, path) == known:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        for number in range(_checked_version(db, known, path), known):
            for step in migrations[number]:
                if isinstance(step, str):
                    db.execute(step)
                else:
                    step(db)
            db.execute(f"PRAGMA user_version = {number + 1}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def add_column(table: str, column: str, kind: str) -> Step:
    """A step adding a column unless the table has it already: files written before their version was kept
    (the send ledger's) may hold any of the columns added since."""

    def step(db: sqlite3.Connection) -> None:
        if column not in {str(r[1]) for r in db.execute(f"PRAGMA table_info({table})")}:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")

    return step


def _checked_version(db: sqlite3.Connection, known: int, path: Path) -> int:
    version = schema_version(db)
    if version > known:
        raise NewerSchemaError(path, version, known)
    return version


def wal(db: sqlite3.Connection, attempts: int = 50) -> None:
    """Switch a file to WAL. SQLite answers 'locked' at once, without its busy wait, when another
    connection switches the same new file at that moment: a few short retries settle it."""

    def decide(exc: Exception, attempt: int) -> float | None:
        locked = isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)
        return 0.05 + 0.01 * attempt if locked and attempt + 1 < attempts else None

    retry(lambda: db.execute("PRAGMA journal_mode=WAL"), decide)
