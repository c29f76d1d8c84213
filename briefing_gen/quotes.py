"""Finding a contributor's quote in an archived report.

A quote must be verbatim, but contributors copy from browsers and editors that
change whitespace and straighten or curl quotation marks. We compare after
normalising exactly those; "…" or "..." in a quote joins segments that must
appear in the source in that order.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Protocol

_TYPOGRAPHIC = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u00a0": " ",
    }
)
# Format characters (zero-width, direction marks): invisible, never part of a quote.
# All of them lie in the BMP or in these few supplementary blocks.
_SUPPLEMENTARY_FORMAT_BLOCKS = (
    (0x110B0, 0x110D0),
    (0x13430, 0x13440),
    (0x1BCA0, 0x1BCA4),
    (0x1D173, 0x1D17B),
    (0xE0000, 0xE0080),
)
_FORMAT_MARKS = {
    code: None
    for start, end in ((0, 0x10000), *_SUPPLEMENTARY_FORMAT_BLOCKS)
    for code in range(start, end)
    if unicodedata.category(chr(code)) == "Cf"
}
_COMPARABLE = {**_TYPOGRAPHIC, **_FORMAT_MARKS}
# What the table changes in ASCII (the backtick): an ASCII text, the commonest, needs only these replaced.
_ASCII_COMPARABLE = [(chr(code), "" if to is None else to) for code, to in _COMPARABLE.items() if code < 128]
_LONG_SPACE = re.compile(r"\s\s+")  # \s is what str.split() splits on
_ELLIPSIS = re.compile(r"\s*(?:\u2026|\.\.\.)\s*")


def pasteable(raw: str) -> str:
    """A stretch of an archived text as a contributor can paste it as a quote: on one line, without the
    invisible marks the check refuses in a quote and drops from the source when comparing."""
    return " ".join(raw.translate(_FORMAT_MARKS).split())


def normalise(text: str) -> str:
    """Straighten quotation marks and apostrophes, drop invisible marks, collapse whitespace."""
    # str.split() splits on exactly what the regex \s+ matches (checked over every code point), faster.
    return " ".join(_comparable_characters(text).split())


def _comparable_characters(text: str) -> str:
    """``text.translate(_COMPARABLE)``; for ASCII, a few replacements (translate costs microseconds a call)."""
    if not text.isascii():
        return text.translate(_COMPARABLE)
    for old, new in _ASCII_COMPARABLE:
        text = text.replace(old, new)
    return text


@functools.lru_cache(maxsize=65536)  # check verifies each quote and render places it: split it once
def segments(quote: str) -> tuple[str, ...]:
    """The parts of a quote between ellipses, normalised; empty parts dropped."""
    if "\u2026" not in quote and "..." not in quote:
        part = normalise(quote)
        return (part,) if part else ()
    return tuple(part for part in (normalise(p) for p in _ELLIPSIS.split(quote)) if part)


@dataclass(frozen=True)
class SourceText:
    """An archived text, normalised once so every quote lookup is a plain search.

    ``origin[i]`` is where character ``i`` of the normalised text came from in
    the raw text, so a found quote can be shown in the source's own characters.
    It is worked out only when a passage is shown, never for a plain check.
    """

    raw: str
    text: str
    # Whether the file began with a UTF-8 byte-order mark, which ``raw`` leaves out: a published copy puts it back.
    bom: bool = field(default=False, compare=False)
    # Where each quote was found: check finds every quote, render sorts the source page by them.
    _positions: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    # Where each part of a quote is: every note and source page anchors its passage by them.
    _spans: dict[str, tuple[tuple[int, int], ...]] = field(default_factory=dict, compare=False, repr=False)
    # The same in the raw text: the source page marks them, the annotations select them.
    _raw_spans: dict[str, tuple[tuple[int, int], ...]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, raw: str, bom: bool = False) -> SourceText:
        return cls(raw, normalise(raw), bom)

    @property
    def file_text(self) -> str:
        """The text as its file holds it: encoded as UTF-8, the archived bytes themselves."""
        return "\ufeff" + self.raw if self.bom else self.raw

    @functools.cached_property
    def origin(self) -> Origin:
        """For each character of the normalised text, the raw character it came from (a space: the raw
        character before the word it follows)."""
        translated = self.raw.translate(_TYPOGRAPHIC)
        if translated.translate(_FORMAT_MARKS) != translated:
            return CharacterOrigin(_origin_by_character(translated))
        return GapOrigin(translated, len(self.text))

    @functools.cached_property
    def paragraph_starts(self) -> tuple[int, ...]:
        """Where each paragraph (a line of the archived text) starts in the normalised text."""
        starts, offset = [], 0
        for line in self.raw.split("\n"):
            part = normalise(line)
            if part:
                starts.append(offset)
                offset += len(part) + 1
        return tuple(starts)

    def raw_passage(self, quote: str) -> str:
        """The first segment of a quote as the source writes it ('' if absent)."""
        parts = segments(quote)
        start = find_words(self.text, parts[0]) if parts else -1
        if start < 0:
            return ""
        return self.raw[self.origin[start] : self.origin[start + len(parts[0]) - 1] + 1]

    def segment_spans(self, quote: str) -> tuple[tuple[int, int], ...]:
        """Where each part of a quote stands in the normalised text, as (start, end); () if it is not all there."""
        found = self._spans.get(quote)
        if found is None:
            found = self._spans[quote] = self._find_spans(quote)
        return found

    def _find_spans(self, quote: str) -> tuple[tuple[int, int], ...]:
        parts = segments(quote)
        found = self._positions.get(quote)
        if len(parts) == 1 and found is not None:  # the check has found it already
            return ((found, found + len(parts[0])),) if found >= 0 else ()
        spans, position = [], 0
        for part in parts:
            found = find_words(self.text, part, position)
            if found < 0:
                return ()
            position = found + len(part)
            spans.append((found, position))
        return tuple(spans)

    def raw_spans(self, quote: str) -> tuple[tuple[int, int], ...]:
        """Where each part of a quote stands in the raw text; () if it is not all there."""
        found = self._raw_spans.get(quote)
        if found is None:
            found = self._raw_spans[quote] = tuple(self.raw_span(*span) for span in self.segment_spans(quote))
        return found

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw characters a stretch of the normalised text came from."""
        return self.origin[start], self.origin[end - 1] + 1

    def position(self, quote: str) -> int:
        """Where the quote starts in the normalised text, or -1 if it is not all there in order."""
        found = self._positions.get(quote)
        if found is None:
            found = self._positions[quote] = self._find(quote)
        return found

    def _find(self, quote: str) -> int:
        return find_parts(self.text, segments(quote))

    def contains(self, quote: str) -> bool:
        return self.position(quote) >= 0

    def closest_passage(self, quote: str) -> str:
        """The passage of the source most like the quote, to help fix a typo."""
        wanted = " ".join(segments(quote))
        matcher = difflib.SequenceMatcher(None, self.text, wanted, autojunk=False)
        block = matcher.find_longest_match(0, len(self.text), 0, len(wanted))
        start = max(0, block.a - block.b)
        end = min(len(self.text), start + len(wanted))
        start, end = _widen_to_words(self.text, start, end)
        return pasteable(self.raw[self.origin[start] : self.origin[end - 1] + 1]) if end > start else ""


class Origin(Protocol):
    """``origin[i]``: where character ``i`` of the normalised text came from in the raw text."""

    def __len__(self) -> int: ...

    def __getitem__(self, index: int) -> int: ...


@dataclass(frozen=True)
class CharacterOrigin:
    """Every character's raw position, listed (for a text with invisible format marks between its words)."""

    positions: list[int]

    def __len__(self) -> int:
        return len(self.positions)

    def __getitem__(self, index: int) -> int:
        return self.positions[index]


class GapOrigin:
    """A character's raw position worked out from the stretches of whitespace that normalising shortens.

    The normalised text is the raw words joined by single spaces. A character
    keeps its raw position less what the whitespace before it lost: the leading
    whitespace, and each run of two or more whitespace characters, which became
    one space (mapped to the run's last character, just before the next word).
    Only those runs are kept, a few per text, found by bisection.
    """

    def __init__(self, translated: str, size: int) -> None:
        self.size = size
        leading = len(translated) - len(translated.lstrip())
        self.positions, self.shifts = [0], [leading]
        for run in _LONG_SPACE.finditer(translated, leading):
            if run.end() == len(translated):
                break  # trailing whitespace: nothing follows it in the normalised text
            space = run.start() - self.shifts[-1]  # where the run's one space stands in the normalised text
            self.positions.append(space)
            self.shifts.append(run.end() - 1 - space)

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, index: int) -> int:
        if index < 0:
            index += self.size
        if not 0 <= index < self.size:
            raise IndexError("position outside the normalised text")
        return index + self.shifts[bisect.bisect_right(self.positions, index) - 1]


def _origin_by_character(translated: str) -> list[int]:
    """``SourceText.origin`` one character at a time, for the rare text with invisible format marks to skip."""
    origin: list[int] = []
    pending_space = False
    for index, char in enumerate(translated):
        if ord(char) in _FORMAT_MARKS:
            continue
        if char.isspace():
            pending_space = bool(origin)
            continue
        if pending_space:
            origin.append(index - 1)
            pending_space = False
        origin.append(index)
    return origin


def find_words(text: str, part: str, start: int = 0, end: int | None = None) -> int:
    """Where ``part`` occurs in ``text`` as whole words, or -1.

    A quote, or a part of one between ellipses, may not begin or end inside a
    word or a number of the source: "8 reports" is not in "88 reports", "5" is
    not in "5.5", nor "fortunate" in "unfortunate".
    """
    end = len(text) if end is None else end
    found = text.find(part, start, end)
    while found >= 0:
        if _ends_there(text, found - 1, -1, part[:1]) and _ends_there(text, found + len(part), 1, part[-1:]):
            return found
        found = text.find(part, found + 1, end)
    return -1


def _ends_there(text: str, index: int, step: int, edge: str) -> bool:
    """Nothing of the word or number that ``edge`` closes goes on at ``index`` (and ``step`` beyond it)."""
    if not edge.isalnum() or not 0 <= index < len(text):
        return True
    beside = text[index]
    if beside.isalnum():
        return False
    if beside > "\x7f" and unicodedata.category(beside).startswith("M"):  # a combining accent is of the word
        return False  # (no ASCII character is one: asking only beyond it spares most look-ups)
    beyond = index + step
    return not (edge.isdigit() and beside in ".," and 0 <= beyond < len(text) and text[beyond].isdigit())


def find_parts(text: str, parts: tuple[str, ...], start: int = 0) -> int:
    """Where the first part starts, if every part stands in ``text`` as whole words, in order; else -1."""
    first, position = -1, start
    for part in parts:
        found = find_words(text, part, position)
        if found < 0:
            return -1
        first = found if first < 0 else first
        position = found + len(part)
    return first


def _widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end
