"""Strict YAML: a safe subset where what a contributor wrote is what we read.

We build values from the parser's event stream rather than PyYAML's
constructors, because the constructors silently accept duplicate keys, turn
``no`` into False, ``3.10`` into 3.1 and ``2024-02-30`` into an exception
without a position. From events we keep every value's line and column, and
every scalar stays the text the contributor typed, except ``true``, ``false``
and ``null``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from briefing_gen.errors import CorpusError, Problem
from briefing_gen.yamlerrors import explain

Loc = tuple[str | int, ...]
Position = tuple[int, int]

# libyaml's C parser when available (fast); the pure-Python one otherwise.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_SCALAR, _MAPPING_END, _SEQUENCE_END = yaml.ScalarEvent, yaml.MappingEndEvent, yaml.SequenceEndEvent
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
# YAML 1.1 reads these as booleans; we refuse them rather than guess.
_AMBIGUOUS_BOOLS = {"yes", "no", "on", "off", "y", "n"}
MAX_DEPTH = 40
MAX_YAML_BYTES = 1024 * 1024  # a fact file is a few KiB; this is far beyond any honest one
MAX_INDENT = 4 * MAX_DEPTH
_VALUE_LINES = 40  # how far into a value a message may point (a claim is a few lines)
_KEY_LINE = re.compile(r"\s*(?:- )?[\w-]+:(?:\s|$)")  # the next key: where a block value ends at the latest


@dataclass
class Document:
    """A parsed YAML file: its data and where each value and key stands."""

    path: str
    data: Any
    values: dict[Loc, Position] = field(default_factory=dict)
    keys: dict[Loc, Position] = field(default_factory=dict)
    # Problems that still leave readable data (a 'yes', an anchor, a repeated key),
    # so validation can run too and the contributor sees everything at once.
    problems: list[Problem] = field(default_factory=list)
    file: Path | None = None  # where it was read from: read again only to point inside a value
    text: str = ""  # the text parsed (the history reads earlier versions of fact files against it)

    def position(self, loc: Loc) -> Position:
        """The position of the value at ``loc``, or of its nearest known parent."""
        while loc not in self.values and loc:
            loc = loc[:-1]
        return self.values.get(loc, (1, 1))

    def key_position(self, loc: Loc) -> Position:
        return self.keys.get(loc) or self.position(loc)

    @functools.cached_property
    def lines(self) -> list[str]:
        """The file's lines as it is now (kept only by the few documents a message points into)."""
        try:
            return self.file.read_text(encoding="utf-8-sig").split("\n") if self.file else []
        except (OSError, UnicodeDecodeError):
            return []

    def position_of_words(self, loc: Loc, words: str) -> Position:
        """Where ``words`` first appear in the value at ``loc`` (wrapped lines allowed), else the value's start."""
        line, column = self.position(loc)
        pattern = re.compile(r"\s+".join(re.escape(word) for word in words.split()))
        following = self.lines[line : line - 1 + _VALUE_LINES]
        extent = next((n for n, text in enumerate(following) if _KEY_LINE.match(text)), len(following))
        text = "\n".join(self.lines[line - 1 : line + extent])
        found = pattern.search(text, column - 1)
        if found is None:
            return (line, column)
        before = text[: found.start()]
        return (line + before.count("\n"), found.start() - before.rfind("\n"))


def format_loc(loc: Loc) -> str:
    """``('facts', 2, 'citations', 0, 'quote')`` -> ``facts[2].citations[0].quote``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "(file)"


def _pos(mark: Any) -> Position:
    return (mark.line + 1, mark.column + 1)


class _Builder:
    """Turns parser events into plain values, collecting problems as it goes."""

    def __init__(self, path: str, events: Iterator[Any], text: str, positions: bool = True) -> None:
        self.doc = Document(path, None)
        self.events = events
        self.lines = text.split("\n") if positions else []  # only ``value_position`` reads them
        self.problems: list[Problem] = []
        self.positions = positions  # kept for messages; a reader of old versions (history) needs only the data

    def problem(self, position: Position, loc: Loc, message: str) -> None:
        self.problems.append(Problem(self.doc.path, *position, format_loc(loc), message))

    def build(self) -> Document:
        next(self.events)  # StreamStart
        event = next(self.events)
        if isinstance(event, yaml.StreamEndEvent):
            return self.doc  # an empty file: the caller says what was expected
        self.doc.data = self.node(next(self.events), (), 0)
        next(self.events)  # DocumentEnd
        event = next(self.events)
        if not isinstance(event, yaml.StreamEndEvent):
            self.problem(
                _pos(event.start_mark), (), "only one YAML document per file; remove the '---' and what follows"
            )
        return self.doc

    def node(self, event: Any, loc: Loc, depth: int) -> Any:
        # This runs for every value of every file: the common cases stay inline.
        if self.positions:
            style = getattr(event, "style", None)
            if style == ">" or style == "|":
                self.doc.values[loc] = self.value_position(event)
            else:
                self.doc.values[loc] = (event.start_mark.line + 1, event.start_mark.column + 1)
        if type(event) is _SCALAR and event.anchor is None and event.tag is None and depth <= MAX_DEPTH:
            return self.scalar(event, loc)  # the commonest: a scalar with no anchor or tag
        if isinstance(event, yaml.AliasEvent):
            self.problem(_pos(event.start_mark), loc, f"aliases (*{event.anchor}) are not allowed; write the value out")
            return None
        if event.anchor is not None or event.tag is not None:
            self.refuse_anchor_and_tag(event, loc)
        if depth > MAX_DEPTH:
            self.problem(_pos(event.start_mark), loc, f"nested more than {MAX_DEPTH} levels deep")
            self.skip(event)
            return None
        if isinstance(event, yaml.ScalarEvent):
            return self.scalar(event, loc)
        if isinstance(event, yaml.SequenceStartEvent):
            return self.sequence(loc, depth)
        return self.mapping(loc, depth)

    def value_position(self, event: Any) -> Position:
        """Where a value's text starts: for a block scalar (> or |), its first line, not the indicator."""
        line, column = _pos(event.start_mark)
        if isinstance(event, yaml.ScalarEvent) and event.style in (">", "|") and line < len(self.lines):
            text = self.lines[line]  # the line after the indicator (``line`` is 1-based)
            return (line + 1, len(text) - len(text.lstrip(" ")) + 1)
        return (line, column)

    def refuse_anchor_and_tag(self, event: Any, loc: Loc) -> None:
        if event.anchor is not None:
            self.problem(
                _pos(event.start_mark), loc, f"anchors (&{event.anchor}) are not allowed; write each value out"
            )
        if event.tag is not None and event.tag != "!":
            written = event.tag.replace("tag:yaml.org,2002:", "!!")  # as the contributor typed it
            self.problem(_pos(event.start_mark), loc, f"tags ({written}) are not allowed; write plain values")

    def skip(self, event: Any) -> None:
        """Consume the rest of a collection without building it."""
        depth = 0 if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)) else 1
        while depth:
            event = next(self.events)
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1

    def scalar(self, event: Any, loc: Loc) -> Any:
        value: str = event.value
        if not event.implicit[0]:  # quoted or block: always text
            return value
        if value in _NULLS:
            return None
        if value in _BOOLS:
            return _BOOLS[value]
        if value.lower() in _AMBIGUOUS_BOOLS:
            self.problem(
                _pos(event.start_mark),
                loc,
                f"'{value}' is ambiguous in YAML; write true or false, or put it in quotes if you mean the text",
            )
        return value

    def sequence(self, loc: Loc, depth: int) -> list[Any]:
        items: list[Any] = []
        for event in self.events:  # the one shared iterator: nested calls consume their own part
            if type(event) is _SEQUENCE_END:
                return items
            items.append(self.node(event, (*loc, len(items)), depth + 1))
        return items  # pragma: no cover - the parser always closes a sequence

    def mapping(self, loc: Loc, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for event in self.events:
            if type(event) is _MAPPING_END:
                return result
            if type(event) is _SCALAR and event.anchor is None and event.tag is None and event.value != "<<":
                key = event.value  # a plain name, the commonest key: settled inline
            else:
                key = self.key(event, loc)
            at = (*loc, key)  # one tuple for the value's and the key's position: there are hundreds of thousands
            value = self.node(next(self.events), at, depth + 1)
            if key in result:
                first = self.doc.keys.get(at)
                where = f" (first written at line {first[0]})" if first else ""
                self.problem(_pos(event.start_mark), at, f"duplicate key '{key}'{where}")
                continue
            if self.positions:
                self.doc.keys[at] = _pos(event.start_mark)
            result[key] = value
        return result  # pragma: no cover - the parser always closes a mapping

    def key(self, event: Any, loc: Loc) -> str:
        if not isinstance(event, yaml.ScalarEvent):
            self.problem(_pos(event.start_mark), loc, "keys must be plain names, not lists, mappings or aliases")
            self.skip(event)
            return f"<bad key at line {event.start_mark.line + 1}>"
        if event.value == "<<" and event.implicit[0]:
            self.problem(_pos(event.start_mark), loc, "merge keys (<<) are not allowed; write each field out")
        self.refuse_anchor_and_tag(event, loc)
        return str(event.value)


def _parser_problem(path: str, error: yaml.MarkedYAMLError, text: str) -> Problem:
    where, message = explain(error, text)
    if message.startswith("found undefined alias"):
        message = "aliases are not allowed; write the value out"
    return Problem(path, *where, "(syntax)", message)


def _reader_problem(path: str, text: str, error: yaml.reader.ReaderError) -> Problem:
    position = min(max(int(error.position), 0), len(text))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    code = error.character if isinstance(error.character, int) else ord(str(error.character)[:1] or "\0")
    return Problem(
        path,
        line,
        column,
        "(file)",
        f"contains the control character U+{code:04X}, which YAML does not allow; remove it",
    )


def decode_utf8(path: str, raw: bytes) -> str:
    """Decode UTF-8 (a leading byte-order mark is dropped), or name the first bad line."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise CorpusError([Problem(path, line, column, "(file)", "not UTF-8 text; save the file as UTF-8")]) from None


_DEEP_INDENT = re.compile(rf"^ {{{MAX_INDENT + 1},}}", re.M)
_BRACKETS = re.compile(r"[\[\]{}]")


def too_deep(path: str, text: str) -> Problem | None:
    """Refuse nesting that would exhaust the parser, before it runs."""
    # A plain substring search first: the regular expression costs ten times as much on a large file.
    deep = " " * (MAX_INDENT + 1)
    if (text.startswith(deep) or "\n" + deep in text) and (indented := _DEEP_INDENT.search(text)) is not None:
        line = text.count("\n", 0, indented.start()) + 1
        return Problem(
            path, line, 1, "(file)", f"indented more than {MAX_INDENT} spaces; nesting is limited to {MAX_DEPTH} levels"
        )
    depth = 0
    for bracket in _BRACKETS.finditer(text):  # only the brackets, not every character
        depth += 1 if bracket.group() in "[{" else -1 if depth else 0
        if depth > MAX_DEPTH:
            line = text.count("\n", 0, bracket.start()) + 1
            column = bracket.start() - (text.rfind("\n", 0, bracket.start()) + 1) + 1
            return Problem(path, line, column, "(file)", f"nested more than {MAX_DEPTH} levels deep")
    return None


def parse_yaml(path: str, text: str, positions: bool = True) -> Document:
    """Parse one YAML document strictly.

    A syntax error raises CorpusError; problems that leave the data readable
    are returned in ``Document.problems`` for the caller to report with its own.
    Without ``positions``, the document's ``values`` and ``keys`` stay empty (a third quicker to parse).
    """
    if (deep := too_deep(path, text)) is not None:
        raise CorpusError([deep])
    loader = _Loader(text)
    # The parser's own get_event, called straight: yaml.parse wraps it in a generator that costs
    # as much again, for every one of the hundreds of thousands of events a large corpus has.
    builder = _Builder(path, iter(loader.get_event, None), text, positions)
    try:
        doc = builder.build()
    except yaml.MarkedYAMLError as error:
        raise CorpusError([*builder.problems, _parser_problem(path, error, text)]) from None
    except yaml.reader.ReaderError as error:  # a character YAML refuses outright
        raise CorpusError([*builder.problems, _reader_problem(path, text, error)]) from None
    except yaml.YAMLError as error:
        raise CorpusError([*builder.problems, Problem(path, 1, 1, "(syntax)", f"YAML error: {error}")]) from None
    finally:
        loader.dispose()
    doc.problems = builder.problems
    doc.text = text
    return doc
