"""Files the tool writes: whole or not at all, and under a lock where two processes can meet.

A file is written to a temporary file in the same folder, flushed to disk (fsync) and renamed over
the old one (os.replace, atomic on POSIX and Windows): a reader, or a process killed mid-write, sees
the old file or the new one, never half of one. A read-modify-write (decisions appended to the
province's reviews file) also holds an exclusive lock on a lock file beside it, so two writers at once
each add their lines instead of one losing the other's. The lock is the operating system's
(`filelock`: flock on POSIX, msvcrt on Windows), released when its holder dies, even by `kill -9`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
from collections.abc import Iterable, Iterator
from pathlib import Path

from tracker.errors import OutputError

LOCK_WAIT = 600.0
"""Seconds a writer waits for another to finish with the same file before giving up with one line."""


# Why the operating system refused a file, in the words of the person who named it (the English stays in the log).
_OS_REASONS_VI = {
    errno.EEXIST: "ở đó đã có một tệp, mà ở đây cần một thư mục",
    errno.ENOTDIR: "một phần của đường dẫn là tệp, không phải thư mục",
    errno.EISDIR: "đó là một thư mục, không phải tệp",
    errno.ENOENT: "không có tệp hoặc thư mục này",
    errno.EACCES: "không có quyền",
    errno.EPERM: "không có quyền",
    errno.EROFS: "ổ đĩa chỉ cho đọc",
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.ENAMETOOLONG: "tên quá dài",
}


def os_reason_vi(exc: OSError) -> str:
    """'File exists' -> 'ở đó đã có một tệp, mà ở đây cần một thư mục'; an error without known words keeps its own."""
    return _OS_REASONS_VI.get(exc.errno or 0) or exc.strerror or str(exc)


def lock_path(path: Path) -> Path:
    """The lock file of `path`: a hidden file beside it, so that it needs no other folder."""
    return path.with_name(f".{path.name}.lock")


@contextlib.contextmanager
def locked(path: Path, timeout: float = LOCK_WAIT) -> Iterator[None]:
    """Hold the exclusive lock of `path` (not the file itself: readers never wait)."""
    from filelock import FileLock, Timeout  # here: every command imports this module, few of them lock a file

    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(lock_path(path)), timeout=timeout)
    try:
        lock.acquire()
    except Timeout as exc:
        raise OutputError(f"{path} is being written by another process (lock {lock_path(path)} held for more than "
                          f"{timeout:g} s); try again when it has finished") from exc
    try:
        yield
    finally:
        lock.release()


@contextlib.contextmanager
def replacing(path: Path, sync_folder: bool = True) -> Iterator[Path]:
    """A temporary path beside `path` to write to; on leaving without an error it replaces `path`.

    On an error the temporary file is removed and `path` is left as it was. `sync_folder=False` leaves the
    folder's fsync (which makes the rename itself durable) to the caller: write_all_atomic does it once.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    # Created with the usual permissions (mkstemp's would be owner-only): a report stays readable as before.
    temporary = _temporary(path)
    temporary.open("xb").close()
    try:
        yield temporary
        _fsync(temporary)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    if sync_folder:
        _fsync_folder(path.parent)


WRITERS = 4
"""Threads that write, sync and rename write_all_atomic's files while the caller makes the next ones: fsync waits on
the disk without holding the interpreter, so the waits overlap each other and the rendering."""


def write_all_atomic(files: Iterable[tuple[Path, str | bytes]], encoding: str = "utf-8") -> list[Path]:
    """Each path holds its text (or bytes, written as they are), each written whole or not at all as write_atomic writes it, the folders synced once
    at the end instead of after every file: the 3,321 unit pages of a national check spent most of their time
    syncing their folder, then opening each file three times and waiting on each fsync in turn.

    The files are written by WRITERS threads while the next texts are made, at most a few dozen texts waiting
    (memory stays flat); the paths are returned in the order given. On an error (a text that cannot be made, a
    file that cannot be written) the files begun are finished, those already written stay whole, no other is
    begun, and the error is raised."""
    from collections import deque
    from concurrent.futures import Future, ThreadPoolExecutor, wait

    order: list[Path] = []
    written: list[Path] = []  # appended by the threads as each file is in place (list.append is atomic)
    failed: list[Future[None]] = []  # and each write that failed
    try:
        with ThreadPoolExecutor(max_workers=WRITERS, thread_name_prefix="tracker-write") as pool:
            pending: deque[Future[None]] = deque()
            try:
                for path, data in files:
                    if len(pending) >= 8 * WRITERS and pending[0].exception() is None:
                        pending.popleft()
                    if failed or len(pending) >= 8 * WRITERS:
                        break  # a file could not be written: none after it is begun, as in turn
                    pending.append(future := pool.submit(_write_whole, path, data if isinstance(data, bytes)
                                                       else data.encode(encoding), written))
                    future.add_done_callback(lambda f: failed.extend([f] if f.exception() is not None else []))
                    order.append(path)
            except Exception:  # a text that cannot be made: a file before it that failed was the first error
                wait(pending)
                for future in pending:
                    future.result()
                raise
            finally:
                wait(pending)
            for future in pending:  # the first file in order that could not be written is the error
                future.result()
    finally:
        for folder in dict.fromkeys(p.parent for p in written):
            _fsync_folder(folder)
    return order


def _write_whole(path: Path, data: bytes, written: list[Path]) -> None:
    """`path` holds `data`, written whole or not at all: one open of a temporary file beside it (written, synced),
    then a rename; then `path` is added to `written`. The folder is created when missing; its sync is the
    caller's."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = _temporary(path)
    try:
        with temporary.open("xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    written.append(path)


def _temporary(path: Path) -> Path:
    """Where an atomic write of `path` writes first: hidden beside it, named for it (_TEMPORARY reads the name back)."""
    return path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")


_TEMPORARY = re.compile(r"\.(.+)\.[0-9a-f]{12}\.tmp", re.S)
"""A temporary's name (_temporary); its group is the name of the file it was written for."""


def remove_leftovers(paths: Iterable[Path]) -> None:
    """Remove the temporary files a writer of these paths left beside them when it was killed mid-write (a process
    killed cannot remove its own). Only for paths no other writer is writing now: its temporary would go too."""
    # Each folder listed once (a glob per path listed it once per path: 3,321 pages, 11 million names read).
    folders: dict[Path, set[str]] = {}
    for path in paths:
        folders.setdefault(path.parent, set()).add(path.name)
    for folder, names in folders.items():
        with contextlib.suppress(OSError):
            for entry in os.scandir(folder):
                if (found := _TEMPORARY.fullmatch(entry.name)) is not None and found[1] in names:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)


STALE_AFTER = 3600.0
"""Seconds after which a temporary file no writer finished is taken as left by a process that was killed."""


def remove_stale_temporaries(folder: Path, older_than: float = STALE_AFTER) -> None:
    """Remove from `folder` the temporary files of atomic writes ('.NAME.<12 hex>.tmp') untouched for `older_than`
    seconds: a process killed outright (`kill -9`, the out-of-memory killer) leaves its own, which no later run
    would otherwise remove, tens of megabytes each at national scale. A younger one may be another run's at work."""
    import time

    now = time.time()
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if _TEMPORARY.fullmatch(entry.name) is None:
                continue
            with contextlib.suppress(OSError):
                if entry.is_file(follow_symlinks=False) and now - entry.stat(follow_symlinks=False).st_mtime > older_than:
                    os.unlink(entry.path)


def refuse_overwrite(path: Path, force: bool = False, out_is_folder: bool = False) -> None:
    """A file a person may have filled or edited (an entry workbook, a contacts list, a tracker, a Word document) is
    replaced only when they say so: one wording for every command that writes one. `out_is_folder`: the command's
    --out names the folder the file is written in (its name is the command's), so another folder is the way out."""
    if path.exists() and not force:
        what = "a folder" if path.is_dir() else "a file"
        other = "chọn thư mục khác với --out" if out_is_folder else "chọn tên khác với --out"
        raise OutputError(f"{path} already exists ({what}): give another --out, or --force to overwrite it",
                          vi=f"“{path}” đã có; {other}, hoặc thêm --force để ghi đè"
                          if not path.is_dir() else f"“{path}” là một thư mục; hãy ghi tên tệp với --out")


def write_atomic(path: Path, data: bytes | str, encoding: str = "utf-8") -> Path:
    """`path` holds `data` (text is encoded with `encoding`), written whole or not at all."""
    with replacing(path) as temporary:
        temporary.write_bytes(data.encode(encoding) if isinstance(data, str) else data)
    return path


def write_chunks(path: Path, chunks: Iterable[str], encoding: str = "utf-8") -> Path:
    """`path` holds the text of `chunks` joined, written whole or not at all, never held whole in memory."""
    with replacing(path) as temporary, temporary.open("w", encoding=encoding, newline="") as fh:
        for chunk in chunks:
            fh.write(chunk)
    return path


def _fsync(path: Path) -> None:
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())


def _fsync_folder(folder: Path) -> None:
    """The rename itself reaches the disk (POSIX; Windows has no directory handles to sync)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:  # some filesystems refuse fsync on a directory: the rename is still atomic
        pass
    finally:
        os.close(fd)
