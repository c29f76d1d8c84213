"""A fact file read fact by fact, so that a version differing from another in one fact costs one fact's parse.

The history replays every commit that touched a fact file and reads both
versions of each file a commit changed. A team's files hold hundreds of facts
and a commit usually rewords one, so parsing whole versions was most of what a
build spent on the history. Here a version is cut at the lines that start its
list's items (``  - `` in block style, ``  {`` in flow style such as JSON, at
the first item's indentation). Each distinct item's text is parsed once, on
its own, and kept for every version that holds it unchanged; the files as the
build loaded them are known already (``know``), so in a history of small edits
only the earlier wordings are parsed.

The cut is trusted only where it cannot change what the file says:

- the text before the first item and after the last, read together, must be
  the ``facts`` key and nothing else;
- every item must read, on its own, as exactly one list item, or be one the
  loader read whole and found starting on that line. An item whose quoted text
  runs on to a line that looks like the next item's start cannot be read on its
  own (its quote is left open), and neither can a wrong cut of any other kind.

Where this fails, the version is parsed whole. Either way the data is what
reading the whole file gives, with one difference: the parser's nesting limit
is applied to each item, so a version the whole-file reader refuses only for
stray brackets in the texts of many facts together is read.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from briefing_gen.errors import CorpusError
from briefing_gen.yamlload import parse_yaml

LIST_KEY = re.compile(r"""^ *(?:facts|"facts"|'facts') *:""", re.M)
FIRST_ITEM = re.compile(r"^(?: *(?:#[^\n]*)?\n)*( *)(- |-\n|\{)", re.M)  # after blank and comment lines
BLOCK = r"(?:- |-$)"  # what starts an item in block style: a dash, then a space or the line's end
LONE_CR = re.compile("\r(?!\n)")
INVALID = object()  # an item that does not read as one list item on its own
_UNREAD = object()


@dataclass(frozen=True)
class _Cut:
    head: str  # up to the first item: the facts key, comments
    items: tuple[str, ...]
    tail: str  # after the list: a flow list's closing brackets, comments
    flow: bool


class ItemReader:
    """Reads versions of fact files, keeping each item it has read by its text."""

    def __init__(self) -> None:
        self.items: tuple[dict[str, Any], dict[str, Any]] = ({}, {})  # block, flow: an item's text: its data or INVALID
        self.ends: dict[str, int] = {}  # an item's text: where a line in it ends the list (-1 where none does)
        self.frames: dict[tuple[str, str, bool], bool] = {}  # (head, tail, flow): whether only the facts key

    def know(self, text: str, data: Any, lines: Sequence[int | None]) -> None:
        """Keep the items of a file the loader read whole: ``data`` is what it read, ``lines`` the line (1-based)
        each of its facts starts on. Kept only where the cut puts each item's start on that line."""
        if _other_breaks(text):
            return  # YAML counts lines at these too, the cut does not: their lines cannot be compared
        cut = self._cut(text)
        facts = data.get("facts") if isinstance(data, dict) else None
        if cut is None or not isinstance(facts, list) or len(facts) != len(cut.items) or len(lines) != len(facts):
            return
        line = cut.head.count("\n") + 1
        for item, fact, start in zip(cut.items, facts, lines, strict=True):
            if start != line:
                return
            self.items[cut.flow].setdefault(item, fact)
            line += item.count("\n")

    def read(self, path: str, text: str) -> Any:
        """The file's data as the loader reads it (dates and numbers stay text), or None if unreadable."""
        facts = self._by_items(path, text)
        return {"facts": facts} if facts is not None else read_whole(path, text)

    def _by_items(self, path: str, text: str) -> list[Any] | None:
        cut = self._cut(text)
        if cut is None or not self._only_the_key(path, cut):
            return None
        facts = [self._item(path, item, cut.flow) for item in cut.items]
        return None if any(fact is INVALID for fact in facts) else facts

    def _cut(self, text: str) -> _Cut | None:
        """The file cut at its items' starts, or None where it does not have the shape of a list of facts."""
        key = LIST_KEY.search(text)
        after_key = text.find("\n", key.end()) if key is not None else -1
        first = FIRST_ITEM.match(text, after_key + 1) if after_key >= 0 else None
        if first is None:
            return None
        indent, flow = first.group(1), first.group(2) == "{"
        starts = _starts(text, first.start(1), "\n" + indent + ("{" if flow else "-"), flow)
        pieces = [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
        ends = [self._end(piece, len(indent), flow) for piece in pieces]
        if any(end >= 0 for end in ends[:-1]):
            return None  # the list ends before its last item: not a file of facts alone
        last, tail = (pieces[-1][: ends[-1]], pieces[-1][ends[-1] :]) if ends[-1] >= 0 else (pieces[-1], "")
        cut = _Cut(text[: starts[0]], (*pieces[:-1], last), tail, flow)
        return cut if not flow or _punctuated(cut) else None

    def _end(self, piece: str, indent: int, flow: bool) -> int:
        """Where a line in ``piece`` (after its first) ends the list, or -1: kept by the piece's text."""
        found = self.ends.get(piece)
        if found is None:
            first_line_end = piece.find("\n")
            end = _list_end(indent, flow).search(piece, first_line_end) if first_line_end >= 0 else None
            self.ends[piece] = found = end.start() + 1 if end is not None else -1  # the line after the newline
        return found

    def _only_the_key(self, path: str, cut: _Cut) -> bool:
        frame = (cut.head, cut.tail, cut.flow)
        if frame not in self.frames:
            self.frames[frame] = _data(path, cut.head + cut.tail) == {"facts": [] if cut.flow else None}
        return self.frames[frame]

    def _item(self, path: str, item: str, flow: bool) -> Any:
        """One item's data, read on its own at the depth it has in the file (INVALID unless exactly one item)."""
        known = self.items[flow]  # the same text read in the other style is another item
        found = known.get(item, _UNREAD)
        if found is _UNREAD:
            data = _data(path, '{"facts": [\n' + item + "\n]}" if flow else "facts:\n" + item)
            listed = data.get("facts") if isinstance(data, dict) and len(data) == 1 else None
            known[item] = found = listed[0] if isinstance(listed, list) and len(listed) == 1 else INVALID
        return found


def _punctuated(cut: _Cut) -> bool:
    """In flow style, what each item, read on its own, cannot tell: the list opens before the first, a comma
    follows each but the last, and the list closes after it (a comment anywhere there: read whole)."""
    pieces = [piece.rstrip() for piece in cut.items]
    return (
        cut.head.rstrip().endswith("[")
        and all(piece.endswith("},") for piece in pieces[:-1])
        and pieces[-1].endswith("}")
        and cut.tail.lstrip().startswith("]")
    )


def _starts(text: str, first: int, needle: str, flow: bool) -> list[int]:
    """Where each item starts: the first, then each line at its indentation that starts with its marker."""
    return [first, *(match.start() + 1 for match in _item_start(needle, flow).finditer(text, first))]


@functools.cache  # one pattern for each indentation and style
def _item_start(needle: str, flow: bool) -> re.Pattern[str]:
    """A newline, the items' indentation and their marker: in block style, a dash then a space or the line's end."""
    return re.compile(re.escape(needle) + ("" if flow else r"(?=[ \n]|\Z)"))


@functools.cache  # one pattern for each indentation and style
def _list_end(indent: int, flow: bool) -> re.Pattern[str]:
    """A line less indented than the items, or in block style one as indented that starts no item (in flow
    style an item's closing bracket is as indented as its opening one): where the list ends."""
    fewer = [rf" {{0,{indent - 1}}}[^ \r\n#]"] if indent else []
    same = [] if flow else [rf" {{{indent}}}(?=[^ \r\n#])(?!{BLOCK})"]
    # From the newline before the line: a pattern opening with a plain character is looked for by a fast
    # scan for it, where one opening with ^ is tried at every character (ten times as long).
    return re.compile(rf"\n(?:{'|'.join([*fewer, *same]) or '(?!)'})", re.M)


def _other_breaks(text: str) -> bool:
    """Whether the text holds a line break to YAML besides \\n and \\r\\n (U+0085, U+2028, U+2029, a lone
    carriage return). Asked of whole files: one search per character is quicker than one pattern."""
    return "\x85" in text or "\u2028" in text or "\u2029" in text or ("\r" in text and LONE_CR.search(text) is not None)


def read_whole(path: str, text: str) -> Any:
    """A file's data as the loader reads it (dates and numbers stay text), or None if unreadable."""
    try:
        return parse_yaml(path, text, positions=False).data  # no messages: no positions
    except CorpusError:
        return None


def _data(path: str, text: str) -> Any:
    try:
        return parse_yaml(path, text, positions=False).data
    except CorpusError:
        return INVALID
