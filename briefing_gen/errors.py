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
    about: str = ""  # what the problem is in, for a reviewer: "fact runway-closed"

    def __str__(self) -> str:
        """One line for a terminal or a log: what a contributor wrote cannot start a line of its own."""
        return printable(f"{self.path}:{self.line}:{self.column}: {self.field}: {self.message}")

    def as_github_annotation(self) -> str:
        """A GitHub Actions workflow command, shown on the pull request's diff at this line."""
        title = f"{self.about}: {self.field}" if self.about else self.field
        where = f"file={_property(self.path)},line={self.line},col={self.column},title={_property(title)}"
        return f"::error {where}::{_data(self.message)}"


def plural(count: int, noun: str, plural_noun: str = "") -> str:
    """``1 problem``, ``2 problems``: a count as a reader says it."""
    return f"{count} {noun if count == 1 else plural_noun or noun + 's'}"


def printable(text: str) -> str:
    """Text with every control, format and line-breaking character shown as an escape.

    A newline in a file name or a value would otherwise print a line of the
    contributor's choosing (GitHub Actions reads ``::error …`` lines in a log
    as annotations), and an ANSI escape would reach the terminal.
    """
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() or char == " " else _escape(char) for char in text)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _data(text: str) -> str:
    # GitHub's escaping for workflow command data.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


class CorpusError(Exception):
    """Raised once a stage has collected every problem it could find."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(plural(len(self.problems), "problem"))


class BuildError(Exception):
    """A stage after checking failed (the site engine, the file system)."""


class CommandError(Exception):
    """What a command was given cannot be used: a file to add, words to find, a folder to start a site in."""
