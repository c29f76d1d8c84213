"""Quotes as evidence: long enough to mean something, joined honestly, and holding what they report.

A quote found in its source (``check``) must also carry substance: at least
``MIN_WORDS`` words, or a whole sentence of the source. "…" may skip at most
``MAX_SKIPPED_WORDS`` words, forwards, within one paragraph (a line of the
archived text), so it never stitches one paragraph's opening to another's
close. A citation's ``reports`` value must be words of its own quote.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from briefing_gen.quotes import SourceText, normalise, segments

MIN_WORDS = 5
MAX_SKIPPED_WORDS = 30
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?][\"')\]]?$")


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
    start, skipped = placed
    if skipped > MAX_SKIPPED_WORDS:
        yield f'"…" skips {skipped} words of the source; it may skip at most {MAX_SKIPPED_WORDS} within a paragraph'
    words = sum(len(part.split()) for part in parts)
    if words < MIN_WORDS + 2:  # only a short quote is worth counting precisely (a dash is not a word)
        words = sum(len(_WORD.findall(part)) for part in parts)
    if words < MIN_WORDS and not (len(parts) == 1 and _whole_sentence(parts[0], start, text)):
        yield (
            f"a quote of {words} word{'s' if words != 1 else ''} is too short to be evidence; "
            f"quote at least {MIN_WORDS} words or a whole sentence of the source"
        )


def _placement(parts: tuple[str, ...], text: SourceText, found: int) -> tuple[int, int] | None:
    """(start, most words one '…' skips) of the first placement of the parts within one paragraph."""
    if len(parts) == 1:
        return found, 0
    best: tuple[int, int] | None = None
    while found >= 0:
        placed = _place_rest(parts, found, text)
        if placed is not None and (best is None or placed < best[1]):
            best = (found, placed)
        if best is not None and best[1] <= MAX_SKIPPED_WORDS:
            return best
        found = text.text.find(parts[0], found + 1)
    return best


def _place_rest(parts: tuple[str, ...], start: int, text: SourceText) -> int | None:
    """The most words skipped between consecutive parts, if all lie in order in start's paragraph."""
    end = _paragraph_end(start, text)
    position, most = start + len(parts[0]), 0
    for part in parts[1:]:
        found = text.text.find(part, position, end)
        if found < 0:
            return None
        most = max(most, len(_WORD.findall(text.text[position:found])))
        position = found + len(part)
    return most


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
    quote_text = " … ".join(segments(quote))
    position = 0
    for part in segments(reports):
        found = quote_text.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return bool(normalise(reports))
