"""Work handed to a forked process on a machine with a second core (issue 29: the national check).

A forked child starts with the parent's memory (copy-on-write: nothing is pickled on the way in), computes, and
sends its answer back pickled. It is only an acceleration: when the child fails in any way, `Forked.result` says
so (None) and the caller does the work itself, so nothing is lost and no answer differs.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

T = TypeVar("T")


def may_fork() -> bool:
    """Whether forking is possible and worth it: POSIX, a second core this process may run on (its CPU affinity, as
    a container or `taskset` limits it), and no other thread in this process. A fork
    copies locks another thread may hold (a notebook's kernel, a caller's pool), and the child could wait on them
    for ever; there the work is done in turn. Nor in a daemonic process (a script's multiprocessing.Pool worker),
    which multiprocessing allows no child."""
    import os
    import threading
    from multiprocessing import current_process

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return hasattr(os, "fork") and cores > 1 and threading.active_count() == 1 and not current_process().daemon


def die_with_parent(parent: int) -> None:
    """In a forked child: be killed when the process that forked it dies (Linux's PR_SET_PDEATHSIG).

    A parent killed outright (the out-of-memory killer, `kill -9`, a scheduler's timeout) cannot stop its child, which
    would go on writing into the reports folder, perhaps while the next run writes there too. Elsewhere nothing is
    done: the child's work is whole files written atomically, and it ends by itself."""
    import os
    import signal
    import sys

    # SIGTERM (systemd stops every process of the service) ends a child outright, as it did before tracker.entry made
    # it a stop the parent says: the parent, stopped too, says it once, and a child's traceback is never printed.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):  # no C library to ask: the child ends by itself, as elsewhere
        return
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


BATCH = 64
"""Items the child sends in one message: the parent unpickles a few at a time, never the whole answer at once (an
unpickler holds every object it has made in its memo until the end: at national scale some 100 MB more)."""


class Forked(Generic[T]):
    """The items of `fn(*args)` (an iterable) computed in a forked child from now on; `result()` waits for them."""

    def __init__(self, fn: Callable[..., Iterable[T]], *args: Any) -> None:
        import multiprocessing
        import os

        context = multiprocessing.get_context("fork")
        self._answer, sender = context.Pipe(duplex=False)
        self._child = context.Process(target=_run, args=(sender, fn, args, os.getpid()), daemon=True)
        self._child.start()
        sender.close()  # the child holds its own copy: the parent's end sees EOF if the child dies

    def result(self) -> list[T] | None:
        """The child's items in order, or None when it failed (raised, was killed, sent what cannot be read)."""
        items: list[T] = []
        try:
            while (message := self._answer.recv()) is not None:
                ok, batch = message
                if not ok:
                    return None
                items += batch
        except Exception:  # a dead child (EOFError), or an answer that cannot be unpickled
            return None
        finally:
            self._answer.close()
            self._child.join()
        return items if self._child.exitcode == 0 else None


    def cancel(self) -> None:
        """The child stopped and reaped, its answer unread: this process failed (or was interrupted) first."""
        self._answer.close()
        self._child.kill()
        self._child.join()


def _run(sender: Connection, fn: Callable[..., Iterable[Any]], args: tuple[Any, ...], parent: int) -> None:
    die_with_parent(parent)
    try:
        from multiprocessing.reduction import ForkingPickler

        # Made whole, and pickled whole, before the first message: the parent reads none until its own share is done,
        # and a pipe holds a few kilobytes, so a child sending as it went would wait on the parent instead of working;
        # and a child pickling as it sent would make the parent wait on its pickling (national scale: 0.8 s) after
        # its own share, instead of doing it while the parent still works.
        items = iter(list(fn(*args)))
        messages = [ForkingPickler.dumps((True, batch)) for batch in iter(lambda: list(islice(items, BATCH)), [])]
        for message in messages:
            sender.send_bytes(message)
        sender.send(None)
    except BaseException:  # the parent does the work itself; its own run reports any error the user must see
        with contextlib.suppress(Exception):
            sender.send((False, None))
    finally:
        sender.close()


class Shares:
    """Items 0..count-1 dealt out a chunk at a time, on demand, to this process and a child it forks next (issue 29:
    the unit pages of a national check, written by whichever process is free first).

    The parent takes chunks from the front, the child from the back, each marking a chunk its own in shared memory
    (made before the fork) before it takes it, and each stops at the first chunk the other has marked. No lock: a
    process killed while it held one would leave the other waiting for ever. Where the two meet, both may take the
    same chunk (each saw it free before the other's mark): work done twice, each time whole, never an item missed.
    `drawn(who)` lists the items a process took, so that when the child fails the parent does them itself.
    """

    PARENT, CHILD = 1, 2

    def __init__(self, count: int, chunk: int = 32) -> None:
        import multiprocessing

        self.count, self.chunk = count, chunk
        # 0: not yet taken; else PARENT or CHILD. One byte per chunk: a store is never seen half made.
        self._owners = multiprocessing.get_context("fork").RawArray("b", -(-count // chunk))

    def draw(self, who: int) -> Iterator[int]:
        """The items `who` is dealt, in order of its walk, a chunk marked each time the last one is used up."""
        chunks = range(len(self._owners)) if who == self.PARENT else range(len(self._owners) - 1, -1, -1)
        for index in chunks:
            owner = self._owners[index]
            if owner == who:
                continue  # taken on an earlier walk
            if owner != 0:
                return  # the other process got here first: the rest of the way is its
            self._owners[index] = who
            yield from self._items(index)

    def drawn(self, who: int) -> list[int]:
        return [item for i, owner in enumerate(self._owners) if owner == who for item in self._items(i)]

    def touched(self, who: int) -> list[int]:
        """The items `who` drew, and those of the chunk where its walk met the other's: `who` may have been writing
        that chunk when the other's mark replaced its own."""
        marked = [i for i, owner in enumerate(self._owners) if owner == who]
        ends = (max(marked, default=-1) + 1 if who == self.PARENT else min(marked, default=len(self._owners)) - 1,)
        met = [i for i in ends if 0 <= i < len(self._owners) and self._owners[i] not in (0, who)]
        return [item for i in sorted(marked + met) for item in self._items(i)]

    def _items(self, index: int) -> range:
        return range(index * self.chunk, min(self.count, (index + 1) * self.chunk))
