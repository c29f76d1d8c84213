"""Earlier versions of files, read from git in windows, the next window read while the last is replayed.

The history replays every commit that touched a fact or briefing file and reads the versions each one
changed. They are read in windows of steps, one ``git cat-file --batch`` each, so that a long history's
versions of large files are never all in memory at once. Each window's ``cat-file`` is begun as the
window before it is handed over: git, a process of its own, reads on another core while the build
parses, and writes to a temporary file rather than a pipe, so that it never waits for the build to read.
At most two windows are held: the one being replayed and the one being read. Where no temporary file can
be written (no temporary folder, a full disk), a window is read through a pipe when it is wanted, as
before: slower, never a reason to call the history unavailable.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from briefing_gen import git
from briefing_gen.git import Unreadable


class BlobWindows:
    """The contents of each window's blobs, window by window (``next``); a context manager that ends any read
    still running when the replay stops."""

    def __init__(self, root: Path, windows: Sequence[Sequence[str]]) -> None:
        self.root = root
        self.windows = windows
        self.begun = 0  # windows whose reading has begun
        self.reading: tuple[list[str], git.Background | None] | None = None

    def __enter__(self) -> BlobWindows:
        self._begin_next()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self.reading is not None and self.reading[1] is not None:
            self.reading[1].stop()

    def next(self) -> dict[str, bytes]:
        """The next window's contents by blob id (one the clone lacks is left out); the one after is begun."""
        if self.reading is None:
            raise IndexError("every window has been read")
        wanted, running = self.reading
        self.reading = None  # this read is finished here, whatever happens: ``__exit__`` must not stop it
        found = self._read(wanted, running) if wanted else {}
        self._begin_next()
        return found

    def _begin_next(self) -> None:
        if self.begun < len(self.windows):
            wanted = sorted(set(self.windows[self.begun]))
            self.begun += 1
            self.reading = (wanted, self._begun(wanted) if wanted else None)

    def _begun(self, wanted: list[str]) -> git.Background | None:
        try:
            return git.start(self.root, _request(wanted), "cat-file", "--batch")
        except OSError:
            return None  # no temporary file could be made: read when wanted, through a pipe (``_read``)

    def _read(self, wanted: list[str], running: git.Background | None) -> dict[str, bytes]:
        """A window's contents: as read ahead, or, where that could not be done or failed, read now through a
        pipe (a temporary folder that is missing or full is no reason to call the repository unreadable)."""
        if running is not None:
            try:
                return _contents(wanted, running.finish())
            except Unreadable:
                pass  # read again below: a failure that is the repository's fails there too, and says so
        result = git.run_with_input(self.root, _request(wanted), "cat-file", "--batch")
        if result.returncode != 0:
            raise Unreadable.failed(result.stderr)
        return _contents(wanted, result.stdout)


def _request(wanted: list[str]) -> bytes:
    return "\n".join(wanted).encode() + b"\n"


def _contents(wanted: list[str], out: bytes) -> dict[str, bytes]:
    """Each blob's content from ``cat-file --batch``'s answer: a header line per blob asked for, in that order,
    then its bytes ("<id> missing" for one the clone lacks)."""
    found, position = {}, 0
    for blob in wanted:
        end = out.find(b"\n", position)
        header = out[position:end].split()
        if end < 0 or not header or header[0].decode("utf-8", "replace") != blob:
            raise Unreadable(f"cat-file did not answer for {blob}")
        position = end + 1
        if len(header) == 3 and header[1] == b"blob" and header[2].isdigit():
            size = int(header[2])
            found[blob] = out[position : position + size]
            position += size + 1
    return found
