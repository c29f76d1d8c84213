"""Reading a project's input files: only regular files inside the project.

A pull request can commit a symbolic link as easily as a file. Followed, a
link to ``/proc/self/environ`` would publish the build's environment, one to
a private file would be echoed in an error message, one to ``/dev/zero``
would never end. So every input (facts, briefings, sources, archived texts,
pages, assets) is refused unless it is a regular file whose real path lies
inside the project, and its size is checked on the bytes actually read.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from briefing_gen import git
from briefing_gen.errors import CorpusError, Problem

# A name that is safe in a URL, a Markdown link and a shell: no spaces, quotes, brackets or markup.
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


@dataclass
class ProjectFiles:
    """Reads a project's inputs; each folder's real path is worked out once per load."""

    root: Path
    _real_root: Path = field(init=False)
    _folders_inside: dict[Path, bool] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._real_root = self.root.resolve()

    def refusal(self, path: Path) -> str | None:
        """Why ``path`` may not be read as an input, or None if it may."""
        try:
            info = path.lstat()
        except OSError as error:
            return f"cannot be read: {error.strerror or error}"
        if stat.S_ISLNK(info.st_mode):
            return "is a symbolic link; commit the file itself, inside the project"
        if not stat.S_ISREG(info.st_mode):
            return "is not a regular file (a device, a pipe or a folder); commit a file"
        if not self._inside(path.parent):
            return "lies outside the project (through a linked folder); commit the file itself, inside the project"
        return None

    def _inside(self, folder: Path) -> bool:
        if folder not in self._folders_inside:
            self._folders_inside[folder] = folder.resolve().is_relative_to(self._real_root)
        return self._folders_inside[folder]

    def read(self, path: Path, limit: int, too_large: str) -> bytes:
        """A project file's bytes, or CorpusError with a located problem (never following a link)."""
        why = self.refusal(path)
        if why is not None:
            raise CorpusError([Problem(relative(self.root, path), 1, 1, "(file)", why)])
        try:
            descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            with os.fdopen(descriptor, "rb") as file:
                content = file.read(limit + 1)  # the bytes read decide, whatever the size the file claims
        except OSError as error:
            message = f"cannot be read: {error.strerror or error}"
            raise CorpusError([Problem(relative(self.root, path), 1, 1, "(file)", message)]) from None
        if len(content) > limit:
            raise CorpusError([Problem(relative(self.root, path), 1, 1, "(file)", too_large)])
        return content


def name_problem(root: Path, base: Path, path: Path) -> Problem | None:
    """A name under ``base`` that would not be safe in the site's addresses and links."""
    for part in path.relative_to(base).parts:
        if not SAFE_NAME.fullmatch(part):
            return Problem(
                relative(root, path),
                1,
                1,
                "(file)",
                f"the name '{part}' may use only letters, digits, '.', '_' and '-' (no spaces, quotes or brackets); "
                "rename it",
            )
    return None


def files_under(folder: Path) -> list[Path]:
    """Every entry under ``folder`` that is not a folder, without following linked folders."""
    found: list[Path] = []
    if folder.is_symlink():
        return [folder]  # refused as a link, not walked
    if not folder.is_dir():
        return []
    for current, folders, names in os.walk(folder, followlinks=False):
        base = Path(current)
        found += [base / name for name in names]
        found += [base / name for name in folders if (base / name).is_symlink()]  # refused as links, not walked
    return sorted(found)


OUTPUT_FOLDERS = ("build", "site")  # the generator's own: caches, fonts, the docs it writes, the site


def committed_outputs(root: Path) -> list[Problem]:
    """Files a commit put in the build's own folders, where the build would take them for its own work.

    A font or a cached PDF committed under build/ would be used as is; the
    folders are ignored, but ``git add -f`` commits them all the same.
    """
    if not git.own_checkout(root):
        return []  # not a checkout of its own: nothing can have been committed into it
    listed = git.run(root, "ls-files", "-z", "--", *OUTPUT_FOLDERS).stdout.decode(errors="replace")
    names = [name for name in listed.split("\0") if name]  # NUL-separated: any name, as it is
    message = (
        "build/ and site/ hold what the build makes; a committed file there would be used as is. Remove it (git rm)"
    )
    return [Problem(name, 1, 1, "(file)", message) for name in names]
