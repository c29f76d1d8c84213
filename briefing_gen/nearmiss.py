"""A quote that is not in its source: the passage it most likely meant, and the words that differ.

A contributor who retyped a passage needs to know which word is wrong, not
only the passage to compare with: "'major' where the source has
'significant'". Words are compared as the quote check compares text (after
``quotes.normalise``), one paragraph of the source at a time.
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass

from briefing_gen.quotes import SourceText, pasteable, segments

_WORD = re.compile(r"\w+(?:'\w+)*")  # after normalise(): apostrophes are straight
MAX_DIFFERENCES = 3  # beyond this the passage is another passage, not a near miss
MIN_SHARED = 0.5  # the share of the quote's words the passage must have to be called a near miss


@dataclass(frozen=True)
class NearMiss:
    passage: str  # as the source writes it
    differences: tuple[str, ...]  # each in the contributor's words; empty if the words are not close enough
    same_words: bool = False  # every word matches: only punctuation or spacing within words differs

    def explained(self) -> str:
        """'' or ": 'major' where the source has 'significant'" (to follow what was not found)."""
        if self.same_words:
            return ": the words are the source's, but not its punctuation"
        return f": {'; '.join(self.differences)}" if self.differences else ""


@dataclass(frozen=True)
class _Word:
    text: str
    start: int  # in the normalised text
    end: int


def _words(text: str, offset: int = 0) -> list[_Word]:
    return [_Word(m.group(), m.start() + offset, m.end() + offset) for m in _WORD.finditer(text)]


def near_miss(source: SourceText, quote: str) -> NearMiss:
    """The passage of ``source`` most like ``quote`` and how they differ."""
    wanted = " ".join(segments(quote))
    quoted = [word.text for word in _words(wanted)]
    paragraph = _paragraph_near(source, wanted)
    if not quoted or not paragraph:
        return NearMiss(source.closest_passage(quote), ())
    matcher = difflib.SequenceMatcher(None, quoted, [word.text for word in paragraph], autojunk=False)
    blocks = [block for block in matcher.get_matching_blocks() if block.size]
    if not blocks:
        return NearMiss(source.closest_passage(quote), ())
    first, last = _span(blocks, len(quoted), len(paragraph))
    passage = _raw(source, paragraph[first].start, paragraph[last - 1].end)
    shared = sum(block.size for block in blocks)
    if shared == len(quoted) and last - first == len(quoted):
        return NearMiss(passage, (), same_words=True)
    said = differences(quoted, [word.text for word in paragraph[first:last]])
    close = shared >= MIN_SHARED * len(quoted) and len(said) <= MAX_DIFFERENCES
    return NearMiss(passage, tuple(said) if close else ())


def _paragraph_near(source: SourceText, wanted: str) -> list[_Word]:
    """The words of the paragraph holding the longest run of characters the quote shares with the source."""
    text = source.text
    matcher = difflib.SequenceMatcher(None, text, wanted, autojunk=False)
    block = matcher.find_longest_match(0, len(text), 0, len(wanted))
    starts = source.paragraph_starts
    index = bisect.bisect_right(starts, block.a) - 1
    start = starts[index] if index >= 0 else 0
    end = starts[index + 1] - 1 if index + 1 < len(starts) else len(text)
    return _words(text[start:end], start)


def _span(blocks: list[difflib.Match], quoted: int, available: int) -> tuple[int, int]:
    """The paragraph's words the quote lines up with: the matched run, widened by the quote's unmatched ends."""
    head = blocks[0].a  # quote words before the first match
    tail = quoted - (blocks[-1].a + blocks[-1].size)  # and after the last
    first = max(0, blocks[0].b - head)
    last = min(available, blocks[-1].b + blocks[-1].size + tail)
    return first, last


def differences(quoted: list[str], source: list[str]) -> list[str]:
    """Each run of words that differs, as "'major' where the source has 'significant'"."""
    said = []
    matcher = difflib.SequenceMatcher(None, quoted, source, autojunk=False)
    for kind, q1, q2, s1, s2 in matcher.get_opcodes():
        ours, theirs = " ".join(quoted[q1:q2]), " ".join(source[s1:s2])
        if kind == "replace":
            said.append(f"'{ours}' where the source has '{theirs}'")
        elif kind == "delete":
            said.append(f"'{ours}' is not in the source")
        elif kind == "insert":
            where = f"after '{source[s1 - 1]}'" if s1 > 0 else f"before '{source[s2]}'" if s2 < len(source) else ""
            said.append(f"the source has '{theirs}' {where}".rstrip())
    return said


def _raw(source: SourceText, start: int, end: int) -> str:
    """The source's own characters for the normalised span, widened to whole words with their punctuation."""
    text = source.text
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return pasteable(source.raw[source.origin[start] : source.origin[end - 1] + 1])


def elsewhere(texts: dict[str, SourceText], quote: str, cited: str) -> list[str]:
    """The other sources that hold the quote word for word, in id order."""
    return sorted(source_id for source_id, text in texts.items() if source_id != cited and text.contains(quote))
