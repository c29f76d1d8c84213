"""Finding a contributor's quote in an archived report.

A quote must be verbatim, but contributors copy from browsers and editors that
change whitespace and straighten or curl quotation marks. We compare after
normalising exactly those; "…" or "..." in a quote joins segments that must
appear in the source in that order.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

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
_ELLIPSIS = re.compile(r"\s*(?:\u2026|\.\.\.)\s*")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Straighten quotation marks and apostrophes, drop invisible marks, collapse whitespace."""
    visible_only = "".join(c for c in text.translate(_TYPOGRAPHIC) if unicodedata.category(c) != "Cf")
    return _SPACE.sub(" ", visible_only).strip()


def segments(quote: str) -> list[str]:
    """The parts of a quote between ellipses, normalised; empty parts dropped."""
    return [part for part in (normalise(p) for p in _ELLIPSIS.split(quote)) if part]


@dataclass(frozen=True)
class SourceText:
    """An archived text, normalised once so every quote lookup is a plain search.

    ``origin[i]`` is where character ``i`` of the normalised text came from in
    the raw text, so a found quote can be shown in the source's own characters.
    """

    raw: str
    text: str
    origin: tuple[int, ...]

    @classmethod
    def of(cls, raw: str) -> SourceText:
        chars: list[str] = []
        origin: list[int] = []
        for index, char in enumerate(raw.translate(_TYPOGRAPHIC)):
            if unicodedata.category(char) == "Cf":
                continue  # zero-width and direction marks: invisible, never part of a quote
            if char.isspace():
                if not chars or chars[-1] == " ":
                    continue
                char = " "
            chars.append(char)
            origin.append(index)
        if chars and chars[-1] == " ":
            chars.pop()
            origin.pop()
        return cls(raw, "".join(chars), tuple(origin))

    def raw_passage(self, quote: str) -> str:
        """The first segment of a quote as the source writes it ('' if absent)."""
        parts = segments(quote)
        start = self.text.find(parts[0]) if parts else -1
        if start < 0:
            return ""
        return self.raw[self.origin[start] : self.origin[start + len(parts[0]) - 1] + 1]

    def position(self, quote: str) -> int:
        """Where the quote starts in the normalised text, or -1 if it is not all there in order."""
        start, position = -1, 0
        for part in segments(quote):
            found = self.text.find(part, position)
            if found < 0:
                return -1
            start = found if start < 0 else start
            position = found + len(part)
        return start

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
        return " ".join(self.raw[self.origin[start] : self.origin[end - 1] + 1].split()) if end > start else ""


def _widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end
