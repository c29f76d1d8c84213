"""Problems found in a contributor's files, reported all at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong, at a place a contributor can open in an editor."""

    path: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.field}: {self.message}"

    def as_github_annotation(self) -> str:
        """A GitHub Actions workflow command, shown on the pull request's diff at this line."""
        where = f"file={_property(self.path)},line={self.line},col={self.column},title={_property(self.field)}"
        return f"::error {where}::{_data(self.message)}"


def _data(text: str) -> str:
    # GitHub's escaping for workflow command data.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


class CorpusError(Exception):
    """Raised once a stage has collected every problem it could find."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(f"{len(self.problems)} problem(s)")


class BuildError(Exception):
    """A stage after checking failed (the site engine, the file system)."""
