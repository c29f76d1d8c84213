"""A list's work done in two halves at once: the second half by a forked copy of the build, on a second core.

The build machines have two cores, and the generator runs on one. Its costliest
step that splits cleanly is holding each claim to its quotes: many items, each
on its own, each answered by a short list of problems. ``in_two`` gives the
second half of the items to a forked child while this process does the first,
and joins the two lists in order, so the answer is exactly what ``work(items)``
gives, in the same order.

The child is a copy of this process made by ``fork``: it starts with
everything already loaded, and sends back only its list, pickled, through a
pipe. Whatever else it works out (caches) stays in the child, so work whose
by-products later stages use, or whose answers are large (the pages), gains
little or loses here: measured, the source pages and the annotations did not
pay for their copying. Where a child cannot help, or might harm, the whole list
is done here, as before:

- a system without ``fork`` (Windows), or other than Linux (macOS warns
  against forking a process that has used its system libraries);
- one core to run on, or ``BRIEFING_GEN_PROCESSES=1``;
- other threads running (a preview server): a fork copies a lock another
  thread holds as held, forever;
- a short list (fewer than ``SMALLEST`` items), where the fork costs more than
  it saves.

If the child fails in any way (the fork itself, an error in the work, a
signal, an answer that does not read), its half is done here, so an error in
the work is raised here as it would have been without the child.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NoReturn, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

SMALLEST = 200  # items: below this, a list is done in one process (a fork costs a few milliseconds)
PROCESSES_VARIABLE = "BRIEFING_GEN_PROCESSES"
INTERRUPTS = {signal.SIGINT, signal.SIGTERM}


def in_two(work: Callable[[Sequence[Item]], list[Result]], items: Sequence[Item]) -> list[Result]:
    """``work(items)``, the second half done by a forked child where that can help."""
    if len(items) < SMALLEST or not can_fork():
        return work(items)
    middle = len(items) // 2
    child = _Child.start(work, items[middle:])
    if child is None:
        return work(items)
    try:
        mine = work(items[:middle])
        theirs: list[Result] | None = child.answer()
    finally:
        child.end()
    return mine + (work(items[middle:]) if theirs is None else theirs)


def can_fork() -> bool:
    """Whether a forked child can share the work here (see the module's notes)."""
    if not hasattr(os, "fork") or sys.platform != "linux" or threading.active_count() > 1:
        return False
    if os.environ.get(PROCESSES_VARIABLE, "").strip() == "1":
        return False
    return len(os.sched_getaffinity(0)) > 1


class _Child:
    """A forked copy of the build doing ``work`` on its items, its answer on a pipe."""

    def __init__(self, pid: int, reading: int) -> None:
        self.pid, self.reading = pid, reading
        self.status: int | None = None  # once the child has ended

    @classmethod
    def start(cls, work: Callable[[Sequence[Item]], list[Result]], items: Sequence[Item]) -> _Child | None:
        """The child, started on ``items``; None if the system would not start it."""
        for stream in (sys.stdout, sys.stderr):  # or what they hold would be written by both processes
            stream.flush()
        parent = os.getpid()
        reading, writing = os.pipe()
        gc.freeze()  # a collection in the child then leaves what both share alone (it would copy all it looked at)
        # Held until the child is inside its own handler: a Ctrl-C at the fork must not send the child back up
        # this process's code (stopping the preview server, say).
        signals = signal.pthread_sigmask(signal.SIG_BLOCK, INTERRUPTS)
        try:
            pid = os.fork()
        except OSError:  # no memory or no process to spare: this process does the work alone
            os.close(reading)
            os.close(writing)
            return None
        finally:
            if os.getpid() == parent:
                gc.unfreeze()
                signal.pthread_sigmask(signal.SIG_SETMASK, signals)
        if pid == 0:
            os.close(reading)
            _do_then_exit(work, items, writing, signals)
        os.close(writing)
        return cls(pid, reading)

    def answer(self) -> list[Any] | None:
        """The child's list, once it has ended; None if it failed."""
        pipe, self.reading = os.fdopen(self.reading, "rb"), -1
        with pipe:
            sent = pipe.read()
        _, self.status = os.waitpid(self.pid, 0)
        if self.status != 0 or not sent:
            return None
        try:
            found = pickle.loads(sent)
        except Exception:  # any answer that does not read: the half is done again here
            return None
        return found if isinstance(found, list) else None

    def end(self) -> None:
        """Once the answer is read, nothing; before (this process failed, or was interrupted), end the child."""
        if self.reading >= 0:
            os.close(self.reading)
            self.reading = -1
        if self.status is None:
            os.kill(self.pid, signal.SIGKILL)
            _, self.status = os.waitpid(self.pid, 0)


def _do_then_exit(
    work: Callable[[Sequence[Item]], list[Result]], items: Sequence[Item], writing: int, signals: Iterable[int]
) -> NoReturn:
    """In the child: the work, its list down the pipe, then the end, without anything the parent would run at
    its own exit (``os._exit``). ``signals``: the mask to restore, here, where an interrupt ends only the child."""
    code = 1
    try:
        signal.pthread_sigmask(signal.SIG_SETMASK, signals)
        sent = pickle.dumps(work(items), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(writing, "wb") as pipe:
            pipe.write(sent)
        code = 0
    except BaseException:  # the parent does this half itself, and raises any error there
        pass
    finally:
        os._exit(code)
