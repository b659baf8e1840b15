"""Work handed to a forked process on a machine with a second core (issue 29: the national check).

A forked child starts with the parent's memory (copy-on-write: nothing is pickled on the way in), computes, and
sends its answer back pickled. It is only an acceleration: when the child fails in any way, `Forked.result` says
so (None) and the caller does the work itself, so nothing is lost and no answer differs.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

T = TypeVar("T")


def may_fork() -> bool:
    """Whether forking is possible and worth it: POSIX, a second core, and no other thread in this process. A fork
    copies locks another thread may hold (a notebook's kernel, a caller's pool), and the child could wait on them
    for ever; there the work is done in turn."""
    import os
    import threading

    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1


class Forked(Generic[T]):
    """`fn(*args)` computed in a forked child from now on; `result()` waits for it."""

    def __init__(self, fn: Callable[..., T], *args: Any) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self._answer, sender = context.Pipe(duplex=False)
        self._child = context.Process(target=_run, args=(sender, fn, args), daemon=True)
        self._child.start()
        sender.close()  # the child holds its own copy: the parent's end sees EOF if the child dies

    def result(self) -> T | None:
        """The child's value, or None when it failed (raised, was killed, sent nothing that could be read)."""
        try:
            ok, value = self._answer.recv()
        except (EOFError, OSError, Exception):  # a dead child, or an answer that cannot be unpickled
            ok, value = False, None
        finally:
            self._answer.close()
            self._child.join()
        return value if ok and self._child.exitcode == 0 else None


def _run(sender: Connection, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        answer = (True, fn(*args))
    except BaseException:  # the parent does the work itself; its own run reports any error the user must see
        answer = (False, None)
    try:
        sender.send(answer)
    except Exception:  # an answer that cannot be pickled
        with contextlib.suppress(Exception):
            sender.send((False, None))
    finally:
        sender.close()
