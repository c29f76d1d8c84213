"""Asking git about the project: one way to run it, and one answer to "which commit is this, and if none, why?"."""

from __future__ import annotations

import contextlib
import enum
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

# Never fetch a missing object from a partial clone's remote (git 2.45 and later; older gits ignore it): a build
# reads only what the clone holds, and says so where that is not enough.
QUIET_ENV = {"GIT_NO_LAZY_FETCH": "1", "GIT_TERMINAL_PROMPT": "0"}


def run(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """git with ``args`` in ``root``; its result whatever the exit code (OSError if git is missing)."""
    return subprocess.run(_command(root, args), capture_output=True, check=False, env=_env())


def run_with_input(root: Path, data: bytes, *args: str) -> subprocess.CompletedProcess[bytes]:
    """git with ``args`` in ``root``, reading ``data`` on its standard input."""
    return subprocess.run(_command(root, args), input=data, capture_output=True, check=False, env=_env())


class Unreadable(Exception):
    """git's answer is not what it should be (a failed command, or output that does not parse)."""

    @classmethod
    def failed(cls, said: bytes) -> Unreadable:
        """A git command that failed, with the start of what it wrote to its error output."""
        return cls(said.decode("utf-8", "replace")[:300])


@dataclass
class Background:
    """A git command running while the build goes on; its output goes to temporary files, so git never waits
    for the build to read it (a pipe would hold git back until the build came to read)."""

    process: subprocess.Popen[bytes]
    out: IO[bytes]
    err: IO[bytes]

    def finish(self) -> bytes:
        """What git printed, once it has ended (Unreadable if it failed)."""
        try:
            if self.process.wait() != 0:
                self.err.seek(0)
                raise Unreadable.failed(self.err.read())
            self.out.seek(0)
            return self.out.read()
        finally:
            self.out.close()
            self.err.close()

    def stop(self) -> None:
        """End git where it is still running (its output is not wanted)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.out.close()
        self.err.close()


def start(root: Path, data: bytes, *args: str) -> Background:
    """git with ``args`` in ``root`` begun in the background, reading ``data`` (OSError if git is missing)."""
    # Closed by the Background, once git has ended and what it printed is read.
    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()  # noqa: SIM115
    try:
        process = subprocess.Popen(_command(root, args), stdin=subprocess.PIPE, stdout=out, stderr=err, env=_env())
    except OSError:
        out.close()
        err.close()
        raise
    if process.stdin is not None:  # always, with stdin=PIPE
        with contextlib.suppress(BrokenPipeError), process.stdin:  # git ended early: ``finish`` says why
            process.stdin.write(data)  # git reads it all, as its output never waits on the build
    return Background(process, out, err)


def _command(root: Path, args: tuple[str, ...]) -> list[str]:
    return ["git", "-C", str(root), *args]


def _env() -> dict[str, str]:
    return {**os.environ, **QUIET_ENV}


def output(root: Path, *args: str) -> str:
    """What git says (stripped), or "" where it fails or is missing."""
    try:
        result = run(root, *args)
    except OSError:
        return ""
    return result.stdout.decode(errors="replace").strip() if result.returncode == 0 else ""


def own_checkout(root: Path) -> bool:
    """Whether ``root`` is the top of a git checkout (a copy inside another repository is not)."""
    return checkout(root).access in (Access.READ, Access.NO_COMMITS)


class Access(enum.Enum):
    """What git can tell of the project folder."""

    READ = "read"
    NO_GIT = "no git"
    NOT_A_CHECKOUT = "not a checkout"
    NOT_OWNED = "not owned"
    FAILED = "failed"
    NO_COMMITS = "no commits"


# Why no commit is known, as a clause a page, a PDF or a log can end a sentence with.
REASONS = {
    Access.NO_GIT: "git is not installed where this copy was built",
    Access.NOT_A_CHECKOUT: "this copy was built outside a git checkout of its own",
    Access.NOT_OWNED: (
        "git refused to read the repository, which belongs to another user than the build's "
        "(git's safe.directory setting)"
    ),
    Access.FAILED: "git could not read the repository",
    Access.NO_COMMITS: "nothing has been committed yet",
}


@dataclass(frozen=True)
class Checkout:
    """The project folder as git sees it: the commit checked out, or why there is none."""

    access: Access
    head: str = ""  # the full id of the commit checked out; "" unless access is READ
    date: str = ""  # that commit's date, YYYY-MM-DD, as the committer dated it
    detail: str = ""  # git's own words where it failed: for the build's log, not for pages (they name paths)

    @property
    def reason(self) -> str:
        """Why no commit is known ("" when one is)."""
        return REASONS.get(self.access, "")


def checkout(root: Path) -> Checkout:
    """Which commit ``root`` is a checkout of; where none, the true reason (never a traceback)."""
    try:
        top = run(root, "rev-parse", "--show-toplevel")
    except OSError:
        return Checkout(Access.NO_GIT)
    if top.returncode != 0:
        return _refused(top.stderr.decode(errors="replace"))
    if Path(top.stdout.decode(errors="replace").strip()).resolve() != root.resolve():
        return Checkout(Access.NOT_A_CHECKOUT)  # a copy inside another repository is not built from its commits
    head = run(root, "log", "-1", "--format=%H %cs", "--end-of-options", "HEAD")
    if head.returncode != 0:
        unborn = run(root, "rev-parse", "--verify", "--quiet", "HEAD").returncode != 0
        return Checkout(Access.NO_COMMITS) if unborn else _refused(head.stderr.decode(errors="replace"))
    sha, _, date = head.stdout.decode(errors="replace").strip().partition(" ")
    return Checkout(Access.READ, sha, date)


def _refused(said: str) -> Checkout:
    """What a failed git command means: not a repository, one git will not read, or a failure of another kind."""
    if "not a git repository" in said:
        return Checkout(Access.NOT_A_CHECKOUT)
    first = first_line(said)
    if "dubious ownership" in said:
        return Checkout(Access.NOT_OWNED, detail=first)
    return Checkout(Access.FAILED, detail=first)


def first_line(said: str) -> str:
    """The first line git wrote, without its 'fatal: ' or 'error: ' prefix."""
    line = next((line.strip() for line in said.splitlines() if line.strip()), "no message")
    for prefix in ("fatal: ", "error: "):
        line = line.removeprefix(prefix)
    return line[:300]
