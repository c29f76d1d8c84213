"""YAML syntax errors in the contributor's words: what is wrong on which line, and what to do.

The parser (libyaml) says where it gave up and in its own terms ("did not find
expected '-' indicator", "mapping values are not allowed in this context").
A contributor needs where the mistake is, which is often another place (the
opening quotation mark that is never closed, the line that lost its colon), and
what to type. Each explanation below recognises one common mistake from what the
parser said and the line it points at; anything else keeps the parser's words.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import Any

import yaml

Position = tuple[int, int]
Explanation = tuple[Position, str]

_FIELD = re.compile(r"(?P<indent> *)(?P<dash>- +)?(?P<name>[\w-]+):(?:\s|$)")
_QUOTE_LINES = 40  # how far up to look for where a quoted value opened
_VALUE_OPENS = re.compile(r"^ *(?:- +)?[\w-]+: +([\"'])")
_GLUED = re.compile(r"(?P<indent> *)(?P<dash>- +)?(?P<name>[\w-]+):(?P<value>[^\s:].*)")
_LOOKS_LIKE_FIELD = re.compile(r" *(?:- +)?[\w-]+$")
_GLUED_DASH = re.compile(r"(?P<indent> *)-(?P<name>\w[\w-]*):(?P<value>\s.*)?$")
_INDENTATION_ERRORS = (
    "did not find expected '-' indicator",
    "did not find expected key",
    "did not find expected <document start>",
)


class _Error:
    """What the parser said, and the lines it said it about."""

    def __init__(self, error: yaml.MarkedYAMLError, lines: list[str]) -> None:
        self.problem = str(error.problem or "")
        self.context = str(error.context or "")
        self.problem_mark = _position(error.problem_mark)
        self.context_mark = _position(error.context_mark)
        self.lines = lines

    def line(self, number: int) -> str:
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""


def _position(mark: Any) -> Position | None:
    return (mark.line + 1, mark.column + 1) if mark is not None else None


def explain(error: yaml.MarkedYAMLError, text: str) -> Explanation:
    """Where the contributor should look, and what to tell them."""
    said = _Error(error, text.split("\n"))
    for explanation in _EXPLANATIONS:
        found = explanation(said)
        if found is not None:
            return found
    where = said.problem_mark or said.context_mark or (1, 1)
    return where, f"YAML syntax error: {said.problem or said.context or 'not valid YAML'}"


def _tab(said: _Error) -> Explanation | None:
    line = said.problem_mark[0] if said.problem_mark else 0
    if "tab" not in said.problem and "\t" not in said.line(line):
        return None
    column = said.line(line).find("\t") + 1 or (said.problem_mark or (1, 1))[1]
    return (line, column), "a tab character; YAML is indented with spaces only: replace the tab with spaces"


def _unclosed_quote(said: _Error) -> Explanation | None:
    if said.context != "while scanning a quoted scalar" or said.context_mark is None:
        return None
    line, column = said.context_mark
    mark = said.line(line)[column - 1 : column] or '"'
    return said.context_mark, (
        f"the quotation mark ({mark}) that starts this value is never closed: end the value with {mark}, "
        "or, if the text only begins with a quotation mark, write it on the next line after '>-'"
    )


def _missing_colon(said: _Error) -> Explanation | None:
    if said.context != "while scanning a simple key" or said.context_mark is None:
        return None
    if (glued := _glued(said, said.context_mark[0])) is not None:
        return glued
    return said.context_mark, (
        "this line is neither 'name: value' nor part of the value above it: if it is a field, write a colon "
        "and a space after its name; if it continues the text above, indent it more than that text's field name"
    )


def _glued(said: _Error, line: int) -> Explanation | None:
    text = said.line(line)
    glued = _GLUED.match(text)
    if glued is None:
        return None
    name, value = glued.group("name"), glued.group("value")
    column = len(glued.group("indent")) + len(glued.group("dash") or "") + 1
    return (line, column), f"'{name}:' needs a space after the colon: write '{name}: {value}'"


def _glued_colon_above(said: _Error) -> Explanation | None:
    """A 'name:value' line reads as text, so the fields under it seem misplaced: the colon is the mistake."""
    if said.problem_mark is None:
        return None
    for number in range(said.problem_mark[0] - 1, 0, -1):
        if said.line(number).strip():
            return _glued(said, number)
    return None


def _unclosed_bracket(said: _Error) -> Explanation | None:
    closing = re.search(r"expected ',' or '([\]}])'", said.problem)
    if closing is None or said.context_mark is None:
        return None
    opening = "[" if closing.group(1) == "]" else "{"
    return said.context_mark, (
        f"the '{opening}' that opens this value is never closed: end it with '{closing.group(1)}' "
        "and separate its items with ', '"
    )


def _text_after_closing_quote(said: _Error) -> Explanation | None:
    if said.problem_mark is None or said.problem not in _INDENTATION_ERRORS:
        return None
    line, column = said.problem_mark
    before = said.line(line)[: column - 1].rstrip()
    if not before.endswith(('"', "'")) or _indentation(said.line(line)) == column - 1:
        return None
    opened = _opened_above(said, line, before[-1])
    if opened is not None:
        return opened, (
            f"the quotation mark ({before[-1]}) that starts this value is not closed on its line, so YAML reads on "
            f"to the next one, on line {line}: end the value with {before[-1]}, or write it on the next line after '>-'"
        )
    return said.problem_mark, (
        f"text after the closing quotation mark ({before[-1]}): a value in quotation marks ends there. "
        "Write the whole value after '>-' on the next line, where quotation marks are plain text"
    )


def _opened_above(said: _Error, line: int, mark: str) -> Position | None:
    """Where a quoted value that the parser closed on ``line`` was opened, if on an earlier line.

    A quoted value may run over several lines, so a missing closing mark makes the parser read on
    to the next such mark, lines later: the mistake is where the value opened.
    """
    if _VALUE_OPENS.search(said.line(line).split(mark, 1)[0] + mark):
        return None  # it opened on this line
    for number in range(line - 1, max(0, line - _QUOTE_LINES), -1):
        found = _VALUE_OPENS.search(said.line(number))
        if found and found.group(1) == mark:
            closed = mark in said.line(number)[found.end() :]
            return None if closed else (number, found.start(1) + 1)
    return None


def _dash_glued_to_field(said: _Error) -> Explanation | None:
    """'-id: x' reads as a field named '-id', so the item's other fields seem misplaced: the dash is the mistake.

    The parser stops on that line or on the field after it: the two nearest fields at or above say which.
    """
    if said.problem_mark is None:
        return None
    fields = itertools.islice((n for n in range(said.problem_mark[0], 0, -1) if _FIELD.match(said.line(n))), 2)
    for number in fields:
        glued = _GLUED_DASH.match(said.line(number))
        if glued is None:
            continue
        name, value = glued.group("name"), (glued.group("value") or "").strip()
        written = f"- {name}: {value}" if value else f"- {name}:"
        return (number, len(glued.group("indent")) + 1), (
            f"'-{name}:' needs a space after the '-', which starts a new item: write '{written}'"
        )
    return None


def _indentation_problem(said: _Error) -> Explanation | None:
    mark = said.problem_mark
    if mark is None:
        return None
    line = mark[0]
    text = said.line(line)
    start = _indentation(text) + 1
    if said.problem in _INDENTATION_ERRORS and mark[1] == start:
        return (line, start), _misaligned(said, line)
    # A field indented under a value reads as more of that value, until its ': '.
    looks_like_field = _LOOKS_LIKE_FIELD.fullmatch(text[: mark[1] - 1]) is not None
    if said.problem.startswith("mapping values are not allowed") and looks_like_field and line > 1:
        return ((line, start), _misaligned(said, line)) if _field_before(said, line) is not None else None
    return None


def _misaligned(said: _Error, line: int) -> str:
    spaces = _indentation(said.line(line))
    before = _field_before(said, line)
    if before is None:
        return f"this line is indented {spaces} spaces, unlike the lines above it; line it up with its neighbours"
    name, number, column = before
    return (
        f"this line is indented {spaces} spaces, but the field before it ('{name}', line {number}) is indented "
        f"{column}: the fields of one item line up, and a new item starts with '- ' in line with the others"
    )


def _field_before(said: _Error, line: int) -> tuple[str, int, int] | None:
    """The nearest field above ``line``: its name, line and the column (in spaces) its name starts at."""
    for number in range(line - 1, 0, -1):
        found = _FIELD.match(said.line(number))
        if found:
            column = len(found.group("indent")) + len(found.group("dash") or "")
            return found.group("name"), number, column
    return None


def _colon_in_value(said: _Error) -> Explanation | None:
    if not said.problem.startswith("mapping values are not allowed") or said.problem_mark is None:
        return None
    return said.problem_mark, (
        "': ' inside a value, where YAML expects a new field: put the whole value in quotation marks, "
        "or write it on the next line after '>-'"
    )


def _reserved_character(said: _Error) -> Explanation | None:
    mark = said.problem_mark
    if said.context in ("while scanning an anchor", "while scanning an alias", "while scanning a tag"):
        mark = said.context_mark
    elif said.problem != "found character that cannot start any token":
        return None
    if mark is None:
        return None
    line, column = mark
    char = said.line(line)[column - 1 : column]
    return mark, (
        f"a value may not start with '{char}', which YAML keeps for itself: put the value in quotation marks, "
        "or write it on the next line after '>-'"
    )


def _indentation(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


_EXPLANATIONS: list[Callable[[_Error], Explanation | None]] = [
    _tab,
    _unclosed_quote,
    _missing_colon,
    _unclosed_bracket,
    _text_after_closing_quote,
    _glued_colon_above,
    _dash_glued_to_field,
    _indentation_problem,
    _colon_in_value,
    _reserved_character,
]
