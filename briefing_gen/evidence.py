"""Quotes as evidence: long enough to mean something, joined honestly, and holding what they report.

A quote found in its source (``check``, whole words only) must also carry
substance: at least ``MIN_WORDS`` words, or a whole sentence of the source,
and at least ``MIN_PART_WORDS`` in each part between ellipses. "…" may skip at
most ``MAX_SKIPPED_WORDS`` words, forwards, within one paragraph (a line of the
archived text), so it never stitches one paragraph's opening to another's
close, and it may not leave out a negation. A citation's ``reports`` value
must be whole words of its own quote.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import NamedTuple

from briefing_gen.quotes import SourceText, find_parts, find_words, segments

MIN_WORDS = 5
MIN_PART_WORDS = 2  # each part of a quote between ellipses
MAX_SKIPPED_WORDS = 30
# Words an ellipsis may not leave out: without them the quote says the opposite.
_NEGATION = re.compile(r"\b(?:not|no|never|nor|neither|none|nothing|nobody|without|cannot)\b|n't\b", re.IGNORECASE)
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?][\"')\]]?$")


class Placement(NamedTuple):
    """Where a quote's parts lie in one paragraph of the source, and what its ellipses leave out."""

    start: int
    most_skipped: int  # words, by the ellipsis that skips the most
    skipped: str  # the source's words the ellipses leave out


def quote_problems(quote: str, text: SourceText, start: int) -> Iterator[str]:
    """What is wrong with a quote found in its source at ``start`` (``SourceText.position``), as messages."""
    parts = segments(quote)
    placed = _placement(parts, text, start)
    if placed is None:
        yield (
            '"…" joins words from different paragraphs of the source, or out of order; '
            "quote each passage in a citation of its own"
        )
        return
    if placed.most_skipped > MAX_SKIPPED_WORDS:
        yield (
            f'"…" skips {placed.most_skipped} words of the source; it may skip at most {MAX_SKIPPED_WORDS} '
            "within a paragraph"
        )
    if negation := _NEGATION.search(placed.skipped):
        yield f'"…" leaves out "{negation.group()}"; an ellipsis may not drop a negation, which turns the meaning'
    yield from _too_short(parts, text, placed.start)


def _too_short(parts: tuple[str, ...], text: SourceText, start: int) -> Iterator[str]:
    if len(parts) > 1 and (short := next((p for p in parts if _words(p) < MIN_PART_WORDS), None)):
        yield (
            f'"{short}" between ellipses is too short to be evidence; '
            f"each part of a quote needs at least {MIN_PART_WORDS} words"
        )
    words = sum(len(part.split()) for part in parts)
    if words < MIN_WORDS + 2:  # only a short quote is worth counting precisely (a dash is not a word)
        words = sum(_words(part) for part in parts)
    if words < MIN_WORDS and not (len(parts) == 1 and _whole_sentence(parts[0], start, text)):
        yield (
            f"a quote of {words} word{'s' if words != 1 else ''} is too short to be evidence; "
            f"quote at least {MIN_WORDS} words or a whole sentence of the source"
        )


def _words(part: str) -> int:
    """Words as a reader counts them: "the company's Russian-born founder" is four, a dash none."""
    return sum(1 for token in part.split() if any(char.isalnum() for char in token))


def _placement(parts: tuple[str, ...], text: SourceText, found: int) -> Placement | None:
    """The first placement of the parts within one paragraph that skips least, if there is one."""
    if len(parts) == 1:
        return Placement(found, 0, "")
    best: Placement | None = None
    while found >= 0:
        placed = _place_rest(parts, found, text)
        if placed is not None and (best is None or placed.most_skipped < best.most_skipped):
            best = placed
        if best is not None and best.most_skipped <= MAX_SKIPPED_WORDS:
            return best
        found = find_words(text.text, parts[0], found + 1)
    return best


def _place_rest(parts: tuple[str, ...], start: int, text: SourceText) -> Placement | None:
    """Where the parts lie, if all lie in order in start's paragraph."""
    end = _paragraph_end(start, text)
    position, most, skipped = start + len(parts[0]), 0, []
    for part in parts[1:]:
        found = find_words(text.text, part, position, end)
        if found < 0:
            return None
        skipped.append(text.text[position:found])
        most = max(most, len(_WORD.findall(skipped[-1])))
        position = found + len(part)
    return Placement(start, most, " … ".join(skipped))


def _paragraph_end(position: int, text: SourceText) -> int:
    starts = text.paragraph_starts
    index = bisect.bisect_right(starts, position)
    return starts[index] - 1 if index < len(starts) else len(text.text)


def _whole_sentence(part: str, start: int, text: SourceText) -> bool:
    """The part runs from a sentence's (or paragraph's) start to its end."""
    opens = start in text.paragraph_starts or bool(
        re.search(r"[.!?][\"')\]]?\s$", text.text[max(0, start - 3) : start])
    )
    end = start + len(part)
    closes = bool(_SENTENCE_END.search(part)) or end == _paragraph_end(start, text)
    return opens and closes


def reports_inside_quote(reports: str, quote: str) -> bool:
    """The reported value is words of its own citation's quote, in order."""
    return find_parts(" … ".join(segments(quote)), segments(reports)) >= 0
