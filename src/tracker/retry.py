"""Retrying a call that may fail for a moment: one loop for the Sheets API, SMTP and SQLite's WAL switch.

Each caller says, for a failure, whether to try again and after how long (`decide`); the loop itself
(call, decide, sleep, call again) and the jittered exponential back-off live here once.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
Decide = Callable[[Exception, int], float | None]
"""(the failure, the attempt that failed, from 0) -> seconds to wait before the next attempt, or None to give
up (the failure is raised). It may raise an error of its own instead: the caller's words for the failure."""


def retry(fn: Callable[[], T], decide: Decide, sleep: Callable[[float], None] = time.sleep) -> T:
    """fn's result, calling it again after each failure `decide` gives a delay for."""
    attempt = 0
    while True:
        try:
            return fn()
        except Exception as exc:
            delay = decide(exc, attempt)
            if delay is None:
                raise
        sleep(delay)
        attempt += 1


def backoff(attempt: int, base: float, cap: float = float("inf"), jitter: bool = True) -> float:
    """base * 2^attempt seconds, at most `cap`; with jitter a random half to whole of it, so that runs that
    failed together do not all come back at the same moment."""
    delay = base * (2.0 ** attempt) * ((0.5 + random.random() / 2) if jitter else 1.0)
    return min(cap, delay)
