"""Earlier versions of files, read from git in windows, the next window read while the last is replayed.

The history replays every commit that touched a fact or briefing file and reads the versions each one
changed. They are read in windows of steps, one ``git cat-file --batch`` each, so that a long history's
versions of large files are never all in memory at once. Each window's ``cat-file`` is begun as the
window before it is handed over: git, a process of its own, reads on another core while the build
parses, and writes to a temporary file rather than a pipe, so that it never waits for the build to read.
At most two windows are held: the one being replayed and the one being read.
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
        found = _contents(wanted, running.finish()) if running is not None else {}
        self._begin_next()
        return found

    def _begin_next(self) -> None:
        if self.begun < len(self.windows):
            wanted = sorted(set(self.windows[self.begun]))
            self.begun += 1
            data = "\n".join(wanted).encode() + b"\n"
            self.reading = (wanted, git.start(self.root, data, "cat-file", "--batch") if wanted else None)


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
