"""Work on a list done by a forked copy of the build while this process does other work: a second core.

The build machines have two cores, and the generator runs on one. Four of its
costly steps can be done apart from the rest, and answer with something that
can be sent back whole: the fact files parsed (while this process reads the
sources), the claims held to their quotes (half of them), the source pages
(while this process makes the other pages) and the annotations (while it
writes the other open data).

``meanwhile(work, items, worth_it)`` starts ``work(items)`` in a forked child
and gives a handle whose ``result()`` is that list, taken once this process
has done what it had to do in between; ``in_two(work, items, worth_it)`` gives
the child the second half of a list while this process does the first, and
joins the two in order. Either way the answer is exactly what ``work`` gives
here, in the same order.

The child is a copy of this process made by ``fork``: it starts with
everything already loaded, and sends back only its list, pickled, through a
pipe. Whatever else it works out (caches) stays in the child, so what later
stages need from the work is worked out here first (where each quoted passage
stands, which the annotations use too). A child also runs slower than this
process would, since every page of memory the two share is copied the first
time either writes to it: the earlier it starts, the less there is to copy.
Where a child cannot help, or might harm, the work is done here, as before:

- a system without ``fork`` (Windows), or other than Linux (macOS warns
  against forking a process that has used its system libraries);
- one core to run on, or ``BRIEFING_GEN_PROCESSES=1``;
- other threads running: a fork copies a lock another thread holds as held,
  forever;
- work too small to be worth it (the caller says), where the fork and the
  copying cost more than they save.

If the child fails in any way (the fork itself, an error in the work, a
signal, an answer that does not read), its work is done here, so an error in
the work is raised here as it would have been without the child. A child not
asked for its answer (this process failed in between) is ended.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Generic, NoReturn, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
Work = Callable[[Sequence[Item]], list[Result]]

PROCESSES_VARIABLE = "BRIEFING_GEN_PROCESSES"
INTERRUPTS = {signal.SIGINT, signal.SIGTERM}


def in_two(work: Work[Item, Result], items: Sequence[Item], worth_it: bool) -> list[Result]:
    """``work(items)``, the second half done by a forked child where that can help.

    ``worth_it``: whether the work is large enough to gain from a child (the caller knows its items' weight).
    """
    if not worth_it or len(items) < 2:
        return work(items)
    middle = len(items) // 2
    with meanwhile(work, items[middle:], worth_it) as second:
        first = work(items[:middle])
        return first + second.result()


@contextlib.contextmanager
def meanwhile(work: Work[Item, Result], items: Sequence[Item], worth_it: bool) -> Iterator[Later[Item, Result]]:
    """``work(items)`` started in a forked child where that can help, its answer taken by ``result()``;
    the child is ended if the block ends without taking it."""
    later: Later[Item, Result] = Later(work, items)
    try:
        if worth_it and can_fork():
            _Child.start(later)
        yield later
    finally:
        if later.child is not None:
            later.child.end()


class Later(Generic[Item, Result]):
    """Work started elsewhere (or, where no child could take it, to be done here when asked)."""

    def __init__(self, work: Work[Item, Result], items: Sequence[Item]) -> None:
        self.work, self.items = work, items
        self.child: _Child | None = None

    def result(self) -> list[Result]:
        """The child's answer, or, without one, the work done here now."""
        answer = self.child.answer() if self.child is not None else None
        return self.work(self.items) if answer is None else answer


def can_fork() -> bool:
    """Whether a forked child can share the work here (see the module's notes)."""
    if not hasattr(os, "fork") or sys.platform != "linux" or threading.active_count() > 1:
        return False
    if os.environ.get(PROCESSES_VARIABLE, "").strip() == "1":
        return False
    if signal.getsignal(signal.SIGCHLD) is signal.SIG_IGN:  # the system would reap the child before we could
        return False
    return len(os.sched_getaffinity(0)) > 1


class _Child:
    """A forked copy of the build doing some work, its answer on a pipe."""

    def __init__(self, pid: int, reading: int) -> None:
        self.pid, self.reading = pid, reading
        self.status: int | None = None  # once the child has ended

    @staticmethod
    def start(later: Later[Item, Result]) -> None:
        """Start a child on ``later``'s work and hand it to ``later`` (nothing, where the system would not)."""
        if not _output_flushed():
            return
        parent, pid, reading, writing = os.getpid(), 0, -1, -1
        with _interrupts_held() as mask:
            try:
                reading, writing = os.pipe()
                pid = os.fork()
                if pid == 0:
                    _do_then_exit(later.work, later.items, (reading, writing), mask, parent)
                later.child, reading = _Child(pid, reading), -1
            except OSError:  # no memory or no process to spare: this process does the work alone
                pass
            finally:
                _close(reading, writing)
                if pid and later.child is None:  # interrupted before the handing over
                    _Child(pid, -1).end()

    def answer(self) -> list[Any] | None:
        """The child's list, once it has ended; None if it failed."""
        pipe, self.reading = os.fdopen(self.reading, "rb"), -1
        with pipe:
            sent = pipe.read()
        self._reap()
        if self.status != 0 or not sent:
            return None
        try:
            found = pickle.loads(sent)
        except Exception:  # any answer that does not read: the work is done again here
            return None
        return found if isinstance(found, list) else None

    def end(self) -> None:
        """Once the answer is read, nothing; before (this process failed, or was interrupted), end the child."""
        _close(self.reading)
        self.reading = -1
        if self.status is None:
            os.kill(self.pid, signal.SIGKILL)  # not reaped yet, so the id is still the child's
            self._reap()

    def _reap(self) -> None:
        try:
            _, self.status = os.waitpid(self.pid, 0)
        except ChildProcessError:  # reaped already, by something else: its answer is not to be trusted
            self.status = -1


@contextlib.contextmanager
def _interrupts_held() -> Iterator[Iterable[int]]:
    """SIGINT and SIGTERM held, not lost, by this thread in the block; the mask before is given, and put back
    however the block ends.

    A Ctrl-C at the fork must not send the child back up this process's code (stopping the preview server, say):
    the child takes it only inside its own handler, and this process once the child is handed over. The mask is
    read before it is changed, so that even an interrupt raised by the change itself cannot leave it held (and
    every process started afterwards deaf to it).
    """
    before = signal.pthread_sigmask(signal.SIG_BLOCK, ())
    try:
        signal.pthread_sigmask(signal.SIG_BLOCK, INTERRUPTS)
        yield before
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _output_flushed() -> bool:
    """Flush what this process has yet to write, or a child would write it too; False where that fails."""
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):  # a closed or broken output: this process writes alone, as it would anyway
        return False
    return True


def _close(*descriptors: int) -> None:
    for descriptor in descriptors:
        if descriptor >= 0:
            os.close(descriptor)


def _do_then_exit(
    work: Work[Item, Result], items: Sequence[Item], pipe: tuple[int, int], signals: Iterable[int], parent: int
) -> NoReturn:
    """In the child: the work, its list down the pipe, then the end, without anything the parent would run at
    its own exit (``os._exit``). ``signals``: the mask to restore, here, where an interrupt ends only the child."""
    gc.disable()  # a collection would look at every object the two share, and so copy them all; nothing lives long
    code = 1
    try:
        end_with(parent)
        os.close(pipe[0])
        signal.pthread_sigmask(signal.SIG_SETMASK, signals)
        sent = pickle.dumps(work(items), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(pipe[1], "wb") as writing:
            writing.write(sent)
        code = 0
    except BaseException:  # the parent does this work itself, and raises any error there
        pass
    finally:
        os._exit(code)


def end_with(parent: int) -> None:
    """Have this process end when ``parent`` does, however it ends (Linux; elsewhere a no-op).

    Without this, a build killed outright leaves its children at work (or, for the PDF printers, waiting for
    work) with its output still open.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent ended before the line above took effect
        os._exit(1)


PR_SET_PDEATHSIG = 1
