"""SQLite files the tracker keeps (history, the send ledger): opened the same way, safe to open at once."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), in WAL mode, waiting up to 30 s for locks."""
    db = sqlite3.connect(path, timeout=30, isolation_level=None)
    wal(db)
    return db


def wal(db: sqlite3.Connection, attempts: int = 50) -> None:
    """Switch a file to WAL. SQLite answers 'locked' at once, without its busy wait, when another
    connection switches the same new file at that moment: a few short retries settle it."""
    for attempt in range(attempts):
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.05 + 0.01 * attempt)
