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
import itertools
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
    """A parsed YAML file: its data and where each value and key stands.

    A build asks where most values stand only to report a problem, so a clean
    parse records the positions of the shallow values alone (the file's
    fields and the items of its lists, down to ``SHALLOW``: what edit links and
    the history ask for). The first question about any other position parses
    the text again, recording them all (``complete``).
    """

    path: str
    data: Any
    recorded: dict[Loc, Position] = field(default_factory=dict)  # the values' positions recorded so far
    recorded_keys: dict[Loc, Position] = field(default_factory=dict)
    # Problems that still leave readable data (a 'yes', an anchor, a repeated key),
    # so validation can run too and the contributor sees everything at once.
    problems: list[Problem] = field(default_factory=list)
    file: Path | None = None  # where it was read from: read again only to point inside a value
    text: str = ""  # the text parsed (the history reads earlier versions of fact files against it)
    complete: bool = True  # whether every position is recorded

    @property
    def values(self) -> dict[Loc, Position]:
        """Where each value stands (every one)."""
        self.record_all()
        return self.recorded

    @property
    def keys(self) -> dict[Loc, Position]:
        """Where each mapping key stands (every one)."""
        self.record_all()
        return self.recorded_keys

    def record_all(self) -> None:
        if not self.complete:
            again = _parse(self.path, self.text, _EVERY_POSITION)  # parsed before, so it parses again
            self.recorded, self.recorded_keys, self.complete = again.recorded, again.recorded_keys, True

    def position(self, loc: Loc) -> Position:
        """The position of the value at ``loc``, or of its nearest known parent."""
        found = self.recorded.get(loc)
        if found is not None:
            return found
        values = self.values
        while loc not in values and loc:
            loc = loc[:-1]
        return values.get(loc, (1, 1))

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

    def __init__(self, path: str, events: Iterator[Any], text: str, recorded_depth: int) -> None:
        self.doc = Document(path, None, complete=recorded_depth > MAX_DEPTH)
        self.events = events
        self.text = text
        self.problems: list[Problem] = []
        # Positions are recorded for values this deep or shallower (-1: none, for a reader of old versions,
        # which needs only the data; more than MAX_DEPTH: all).
        self.recorded_depth = recorded_depth

    @functools.cached_property
    def lines(self) -> list[str]:
        """The text's lines: only ``value_position`` reads them."""
        return self.text.split("\n")

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
        if depth <= self.recorded_depth:
            style = getattr(event, "style", None)
            if style == ">" or style == "|":
                self.doc.recorded[loc] = self.value_position(event)
            else:
                self.doc.recorded[loc] = (event.start_mark.line + 1, event.start_mark.column + 1)
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
                first = self.doc.recorded_keys.get(at)
                where = f" (first written at line {first[0]})" if first else ""
                self.problem(_pos(event.start_mark), at, f"duplicate key '{key}'{where}")
                continue
            if depth < self.recorded_depth:  # the key's value is one deeper than its mapping
                self.doc.recorded_keys[at] = _pos(event.start_mark)
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
_NOT_BRACKETS = bytes(byte for byte in range(256) if byte not in b"[]{}")
_OPENING = b"[{"


def too_deep(path: str, text: str) -> Problem | None:
    """Refuse nesting that would exhaust the parser, before it runs."""
    # A plain substring search first: the regular expression costs ten times as much on a large file.
    deep = " " * (MAX_INDENT + 1)
    if (text.startswith(deep) or "\n" + deep in text) and (indented := _DEEP_INDENT.search(text)) is not None:
        line = text.count("\n", 0, indented.start()) + 1
        return Problem(
            path, line, 1, "(file)", f"indented more than {MAX_INDENT} spaces; nesting is limited to {MAX_DEPTH} levels"
        )
    number = _too_deep_bracket(text)
    if number is None:
        return None
    start = next(itertools.islice(_BRACKETS.finditer(text), number, None)).start()
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return Problem(path, line, column, "(file)", f"nested more than {MAX_DEPTH} levels deep")


def _too_deep_bracket(text: str) -> int | None:
    """Which of the text's brackets (0 for the first) opens one level too many, if one does.

    Walked over the brackets alone, taken out by ``bytes.translate`` (a bracket is one byte in UTF-8, and
    no other character's bytes include one): a JSON-style fact file has tens of thousands of them.
    """
    brackets = text.encode("utf-8", "surrogatepass").translate(None, _NOT_BRACKETS)
    if brackets.count(b"[") + brackets.count(b"{") <= MAX_DEPTH:
        return None  # too few to nest that deep
    depth = 0
    for number, bracket in enumerate(brackets):
        depth += 1 if bracket in _OPENING else -1 if depth else 0
        if depth > MAX_DEPTH:
            return number
    return None


SHALLOW = 2  # the depth of a list's items in a file (the file itself is 0, its fields 1)
_EVERY_POSITION = MAX_DEPTH + 1


def parse_yaml(path: str, text: str, positions: bool = True) -> Document:
    """Parse one YAML document strictly.

    A syntax error raises CorpusError; problems that leave the data readable
    are returned in ``Document.problems`` for the caller to report with its own.
    With ``positions``, the shallow values' positions are recorded and the rest
    when first asked for (see ``Document``), but a file with problems is read
    with them all: a repeated key's message says where the key was first written.
    Without, no position is ever recorded (the history reads old versions so: a third quicker).
    """
    if (deep := too_deep(path, text)) is not None:
        raise CorpusError([deep])
    if not positions:
        return _parse(path, text, -1)
    try:
        doc = _parse(path, text, SHALLOW)
    except CorpusError:
        _parse(path, text, _EVERY_POSITION)  # raises the same problems, every position known for their messages
        raise
    return _parse(path, text, _EVERY_POSITION) if doc.problems else doc


def _parse(path: str, text: str, recorded_depth: int) -> Document:
    loader = _Loader(text)
    # The parser's own get_event, called straight: yaml.parse wraps it in a generator that costs
    # as much again, for every one of the hundreds of thousands of events a large corpus has.
    builder = _Builder(path, iter(loader.get_event, None), text, recorded_depth)
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
