"""One build at a time: an exclusive lock on build/.lock, released however its holder ends.

``build``, ``pdf`` and each regeneration of the preview write build/docs,
build/pdf-cache and site/; two at once would interleave those writes. A build
started while another holds the lock waits (saying so once) and gives up after
a bound, so CI never hangs.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from briefing_gen.errors import BuildError

LOCK_POLL_SECONDS = 0.2
_held_locks: set[int] = set()


def _close_held_locks() -> None:
    # A forked child (the PDF printers) shares the lock with its parent: were it
    # to outlive a killed build, stuck on its task queue, the lock would too.
    for descriptor in _held_locks:
        with contextlib.suppress(OSError):
            os.close(descriptor)
    _held_locks.clear()


os.register_at_fork(after_in_child=_close_held_locks)


class LockTimeout(BuildError):
    """Another process held the lock for longer than we were willing to wait."""


@contextlib.contextmanager
def exclusive_lock(path: Path, wait_seconds: float, on_wait: Callable[[int | None], None]) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``path`` (created if missing), with this process's pid written in it.

    While another process holds it, retry every ``LOCK_POLL_SECONDS``, calling
    ``on_wait`` once with that process's pid (None if it has not written it);
    after ``wait_seconds`` raise LockTimeout (a BuildError). The kernel
    releases the lock when its holder exits, however it exits, so a killed
    build never leaves a stale lock: neither executed programs (Python opens
    files non-inheritable) nor forked children keep it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = _wait_for_lock(path, wait_seconds, on_wait)
    _held_locks.add(descriptor)
    try:
        os.ftruncate(descriptor, 0)
        os.write(descriptor, f"{os.getpid()}\n".encode())
        yield
    finally:
        _held_locks.discard(descriptor)
        os.close(descriptor)  # releases the lock; the file stays, so no waiter ever locks a deleted one


def _wait_for_lock(path: Path, wait_seconds: float, on_wait: Callable[[int | None], None]) -> int:
    deadline = time.monotonic() + wait_seconds
    attempts = 0
    while (descriptor := _try_lock(path)) is None:
        attempts += 1
        holder = lock_holder(path)
        if time.monotonic() >= deadline:
            raise LockTimeout(
                f"gave up after {duration(wait_seconds)} waiting for another build{pid_note(holder)} to finish"
                f" (it holds {path})"
            )
        if attempts == 2:  # not on the first: by now the holder has written its pid, and a short wait goes unsaid
            on_wait(holder)
        time.sleep(LOCK_POLL_SECONDS)
    return descriptor


def _try_lock(path: Path) -> int | None:
    """A descriptor holding the lock on the file now at ``path``, or None if another process holds it."""
    while True:
        # Python opens files non-inheritable, so MkDocs never holds the lock; forked children close it.
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            return None
        if _same_file(path, descriptor):
            return descriptor
        os.close(descriptor)  # the file was removed (make clean) after we opened it: lock the one there now


def _same_file(path: Path, descriptor: int) -> bool:
    try:
        return os.path.samestat(os.fstat(descriptor), os.stat(path))
    except FileNotFoundError:
        return False


def lock_holder(path: Path) -> int | None:
    """The pid the lock's holder wrote into it, if any."""
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


def pid_note(holder: int | None) -> str:
    """The holder's pid as a message puts it, or nothing when it is not known."""
    return f" (pid {holder})" if holder is not None else ""


def duration(seconds: float) -> str:
    return f"{seconds / 60:g} minutes" if seconds >= 60 else f"{seconds:g} seconds"
