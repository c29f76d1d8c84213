"""Finding a contributor's quote in an archived report.

A quote must be verbatim, but contributors copy from browsers and editors that
change whitespace and straighten or curl quotation marks. We compare after
normalising exactly those; "…" or "..." in a quote joins segments that must
appear in the source in that order.
"""

from __future__ import annotations

import difflib
import re
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
    """Straighten quotation marks and apostrophes, collapse whitespace."""
    return _SPACE.sub(" ", text.translate(_TYPOGRAPHIC)).strip()


def segments(quote: str) -> list[str]:
    """The parts of a quote between ellipses, normalised; empty parts dropped."""
    return [part for part in (normalise(p) for p in _ELLIPSIS.split(quote)) if part]


@dataclass(frozen=True)
class SourceText:
    """An archived text, normalised once so every quote lookup is a plain search."""

    text: str

    @classmethod
    def of(cls, raw: str) -> SourceText:
        return cls(normalise(raw))

    def contains(self, quote: str) -> bool:
        position = 0
        for part in segments(quote):
            found = self.text.find(part, position)
            if found < 0:
                return False
            position = found + len(part)
        return True

    def closest_passage(self, quote: str) -> str:
        """The passage of the source most like the quote, to help fix a typo."""
        wanted = " ".join(segments(quote))
        matcher = difflib.SequenceMatcher(None, self.text, wanted, autojunk=False)
        block = matcher.find_longest_match(0, len(self.text), 0, len(wanted))
        start = max(0, block.a - block.b)
        end = min(len(self.text), start + len(wanted))
        return _widen_to_words(self.text, start, end)


def _widen_to_words(text: str, start: int, end: int) -> str:
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]
