"""The one retry loop (tracker.retry) that the Sheets calls, SMTP and SQLite's WAL switch share."""

from __future__ import annotations

import random

import pytest

from tracker.retry import backoff, retry


class Flaky:
    def __init__(self, failures: list[Exception]) -> None:
        self.failures = failures
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        if self.failures:
            raise self.failures.pop(0)
        return "done"


def test_failures_are_retried_after_the_delays_decide_gives() -> None:
    slept: list[float] = []
    flaky = Flaky([TimeoutError("a"), TimeoutError("b")])
    assert retry(flaky, lambda exc, attempt: 0.5 * (attempt + 1), slept.append) == "done"
    assert (flaky.calls, slept) == (3, [0.5, 1.0])


def test_a_failure_decide_gives_up_on_is_raised_as_it_was() -> None:
    slept: list[float] = []
    first, second = TimeoutError("first"), TimeoutError("second")
    flaky = Flaky([first, second])
    with pytest.raises(TimeoutError) as raised:
        retry(flaky, lambda exc, attempt: 1.0 if attempt == 0 else None, slept.append)
    assert (raised.value, flaky.calls, slept) == (second, 2, [1.0])


def test_decide_may_raise_its_own_words_for_the_failure() -> None:
    def decide(exc: Exception, attempt: int) -> float | None:
        raise LookupError(f"gave up: {exc}") from exc

    with pytest.raises(LookupError, match="gave up: no") as raised:
        retry(Flaky([ValueError("no")]), decide, lambda s: None)
    assert isinstance(raised.value.__cause__, ValueError)


def test_backoff_doubles_up_to_its_cap_and_jitter_keeps_half_to_all_of_it() -> None:
    assert [backoff(a, 0.5, 3.0, jitter=False) for a in range(5)] == [0.5, 1.0, 2.0, 3.0, 3.0]
    random.seed(7)
    assert all(0.25 * 2 ** a <= backoff(a, 0.5) <= 0.5 * 2 ** a for a in range(6) for _ in range(20))
