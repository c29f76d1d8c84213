"""Where a quote stands in an archived text, in the text's own characters.

A quote is checked against the normalised text (``quotes``); readers and
annotation tools need the passage as the source writes it: its character
offsets in the raw text, one span per part of a quote with ellipses. Most
quotes are in the text verbatim and are found by a plain search; the rest are
mapped back through ``SourceText.origin``.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing_gen.quotes import SourceText, find_words, segments

CONTEXT_WORDS = 25  # words shown either side of a quoted passage where the full text is not published


@dataclass(frozen=True)
class Span:
    start: int  # offsets in code points of the raw text (as decoded, without a byte-order mark)
    end: int


def raw_spans(text: SourceText, quote: str) -> list[Span]:
    """The raw span of each part of ``quote``, in order ([] if the quote is not in the text)."""
    parts = segments(quote)
    verbatim = _verbatim(text.raw, parts)
    if verbatim is not None:
        return verbatim
    spans, position = [], 0
    for part in parts:
        found = find_words(text.text, part, position)
        if found < 0:
            return []
        spans.append(Span(text.origin[found], text.origin[found + len(part) - 1] + 1))
        position = found + len(part)
    return spans


def _verbatim(raw: str, parts: tuple[str, ...]) -> list[Span] | None:
    """The parts found as the text writes them, in order (None if one is not there verbatim).

    This may be a later occurrence than the normalised search found first, where
    an earlier one differs only in its quotation marks or spaces: the words are the same.
    """
    spans, position = [], 0
    for part in parts:
        found = find_words(raw, part, position)
        if found < 0:
            return None
        spans.append(Span(found, found + len(part)))
        position = found + len(part)
    return spans if spans else None


def paragraph_of(raw: str, span: Span) -> Span:
    """The line of the raw text (a paragraph of the archived report) that holds a span's start."""
    start = raw.rfind("\n", 0, span.start) + 1
    end = raw.find("\n", span.start)
    return Span(start, len(raw) if end < 0 else end)


def context(raw: str, spans: list[Span], words: int = CONTEXT_WORDS) -> tuple[str, list[str], str]:
    """The words before the first span and after the last (up to ``words`` each, within its paragraph),
    and the raw text of every span and of what lies between them: (before, [span, between, span, …], after)."""
    first, last = spans[0], spans[-1]
    paragraph = paragraph_of(raw, first)
    before = raw[paragraph.start : first.start].split()
    after = raw[last.end : max(last.end, paragraph_of(raw, last).end)].split()
    middle = []
    for index, span in enumerate(spans):
        if index:
            middle.append(raw[spans[index - 1].end : span.start])
        middle.append(raw[span.start : span.end])
    lead = ("… " if len(before) > words else "") + " ".join(before[-words:])
    tail = " ".join(after[:words]) + (" …" if len(after) > words else "")
    return lead, middle, tail
