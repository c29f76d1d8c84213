"""Finding the words to quote: passages of the archived texts, ranked, each as a citation to paste.

``quote "words"`` looks for the words the way the quote check compares them
(``quotes.normalise``: whitespace, quotation marks, invisible marks; "…"
between parts that must come in order). Passages that have the words come
first, each widened to its whole sentence so it passes as evidence; then
sentences that share most of the words, with the words that differ, for a
contributor who remembers a passage only roughly.
"""

from __future__ import annotations

import bisect
import difflib
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from briefing_gen.errors import CommandError, CorpusError
from briefing_gen.load import load_corpus
from briefing_gen.nearmiss import differences
from briefing_gen.quotes import SourceText, find_parts, pasteable, segments
from briefing_gen.yamlload import parse_yaml

MAX_RESULTS = 5
MIN_SHARED = 0.5  # a sentence sharing fewer of the words is not worth showing
_WORD = re.compile(r"\w+(?:'\w+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*(?= )")
CITATION_INDENT = " " * 6  # where '- source:' stands in a fact file's citations


@dataclass(frozen=True)
class Passage:
    """A passage to quote from one source."""

    source: str
    line: int  # the line of the archived text it starts on
    quote: str  # as the source writes it
    differences: tuple[str, ...] = ()  # empty when it has the words as given
    shared: float = 1.0  # the share of the words it has

    @property
    def exact(self) -> bool:
        return not self.differences and self.shared == 1.0


def find_passages(texts: dict[str, SourceText], words: str, limit: int = MAX_RESULTS) -> list[Passage]:
    """The passages that have the words, then the sentences most like them, best first.

    The work grows with the size of the texts, not with its square: each text is split into sentences
    once, the search only moves forward, and only the passages shown are placed and copied out.
    """
    parts = segments(words)
    if not parts:
        return []
    indexed = [_Indexed.of(source_id, text) for source_id, text in sorted(texts.items())]
    found: list[Passage] = []
    seen: set[tuple[str, str]] = set()
    exact = (passage for text in indexed for passage in _exact(text, parts))
    for passage in itertools.chain(exact, _close(indexed, " ".join(parts))):
        if (passage.source, passage.quote) not in seen:
            seen.add((passage.source, passage.quote))
            found.append(passage)
        if len(found) == limit:
            break
    return found


@dataclass(frozen=True)
class _Indexed:
    """An archived text with its sentences and lines found once, for lookups by position."""

    source: str
    text: SourceText
    sentences: list[tuple[int, int]]  # (start, end) in the normalised text, in order
    starts: list[int]  # each sentence's start, to look one up by position
    newlines: list[int]  # where each line break of the raw text stands

    @classmethod
    def of(cls, source: str, text: SourceText) -> _Indexed:
        sentences = list(_sentences(text))
        newlines = [found.start() for found in re.finditer("\n", text.raw)]
        return cls(source, text, sentences, [begin for begin, _ in sentences], newlines)

    def line(self, position: int) -> int:
        """The line of the archived text that a position of the normalised text comes from."""
        origin = self.text.origin
        return bisect.bisect_left(self.newlines, origin[position]) + 1 if position < len(origin) else 1

    def sentence_around(self, start: int, end: int) -> tuple[int, int]:
        """From the start of the sentence ``start`` is in to the end of the sentence ``end`` reaches into."""
        index = bisect.bisect_right(self.starts, start) - 1
        if index < 0 or start >= self.sentences[index][1]:
            index += 1  # between two sentences: the next one
        if index >= len(self.sentences) or self.sentences[index][0] >= end:
            return start, end
        begin, finish = self.sentences[index]
        return min(begin, start), self.sentence_end(max(end, finish))

    def sentence_end(self, position: int) -> int:
        index = bisect.bisect_left(self.starts, position) - 1
        return self.sentences[index][1] if index >= 0 and position <= self.sentences[index][1] else position

    def passage(self, begin: int, end: int, said: tuple[str, ...] = (), shared: float = 1.0) -> Passage:
        return Passage(self.source, self.line(begin), _raw(self.text, begin, end), said, shared)


def _exact(indexed: _Indexed, parts: tuple[str, ...]) -> Iterator[Passage]:
    """Each sentence with the words, in order; the search goes on after it, so no stretch is searched twice.

    Words with '…' are their parts, whichever sentences they are found in: the citation reads the same
    wherever they are, so it is given once.
    """
    text = indexed.text
    start = find_parts(text.text, parts)
    if start >= 0 and len(parts) > 1:
        yield Passage(indexed.source, indexed.line(start), _raw_parts(text, parts, start))
        return
    while start >= 0:
        begin, end = indexed.sentence_around(start, start + len(parts[0]))
        yield indexed.passage(begin, end)
        start = find_parts(text.text, parts, max(end, start + 1))


@dataclass(frozen=True)
class _Candidate:
    """A sentence sharing enough of the words, not yet placed or copied out."""

    indexed: _Indexed
    begin: int
    end: int
    words: list[str]
    shared: float


def _close(indexed: list[_Indexed], wanted: str) -> Iterator[Passage]:
    """The sentences sharing most of the words, best first; the words that differ are worked out only for
    sentences that may be shown (those sharing as many words as the last one shown, and more)."""
    words = _WORD.findall(wanted)
    folded = {word.casefold() for word in words}
    if not folded:
        return
    candidates = []
    for text in indexed:
        for begin, end in text.sentences:
            theirs = _WORD.findall(text.text.text[begin:end])
            shared = len(folded & {word.casefold() for word in theirs}) / len(folded)
            if shared >= MIN_SHARED:
                candidates.append(_Candidate(text, begin, end, theirs, shared))
    candidates.sort(key=lambda c: -c.shared)  # stable: sources, then sentences, stay in order
    for shared, group in itertools.groupby(candidates, key=lambda c: c.shared):
        said = [(tuple(differences(words, _aligned(words, c.words))), c) for c in group]
        said.sort(key=lambda pair: len(pair[0]))  # stable, as above
        for differ, c in said:
            yield c.indexed.passage(c.begin, c.end, differ, shared)


def _aligned(words: list[str], sentence: list[str]) -> list[str]:
    """The run of the sentence's words that the given words line up with."""
    blocks = [b for b in difflib.SequenceMatcher(None, words, sentence, autojunk=False).get_matching_blocks() if b.size]
    if not blocks:
        return sentence
    first = max(0, blocks[0].b - blocks[0].a)
    last = min(len(sentence), blocks[-1].b + blocks[-1].size + len(words) - blocks[-1].a - blocks[-1].size)
    return sentence[first:last]


def _sentences(text: SourceText) -> Iterator[tuple[int, int]]:
    """(start, end) of every sentence, paragraph by paragraph, in the normalised text."""
    starts = [*text.paragraph_starts, len(text.text) + 1]
    for start, following in itertools.pairwise(starts):
        paragraph_end = following - 1
        begin = start
        for found in _SENTENCE_END.finditer(text.text, start, paragraph_end):
            yield begin, found.end()
            begin = found.end() + 1
        if begin < paragraph_end:
            yield begin, paragraph_end


def _raw(text: SourceText, start: int, end: int) -> str:
    """The normalised span in the source's own characters, on one line, without invisible marks."""
    return pasteable(text.raw[text.origin[start] : text.origin[end - 1] + 1])


def _raw_parts(text: SourceText, parts: tuple[str, ...], start: int) -> str:
    """Each part between ellipses as the source writes it, joined by ' … '."""
    said, position = [], start
    for part in parts:
        found = find_parts(text.text, (part,), position)
        said.append(_raw(text, found, found + len(part)))
        position = found + len(part)
    return " … ".join(said)


def as_citation(passage: Passage) -> str:
    """The passage as a citation to paste under a fact's ``citations:``, read back exactly by the loader."""
    if _reads_back(f"quote: {passage.quote}", passage.quote):
        quote = [f"  quote: {passage.quote}"]
    else:  # a folded block takes any text as it stands: quotation marks, ': ', a leading '-'
        quote = ["  quote: >-", f"    {passage.quote}"]
    return "\n".join(CITATION_INDENT + line for line in [f"- source: {passage.source}", *quote])


def _reads_back(line: str, quote: str) -> bool:
    try:
        doc = parse_yaml("-", line + "\n")
    except CorpusError:
        return False
    return not doc.problems and isinstance(doc.data, dict) and doc.data.get("quote") == quote


def describe(number: int, passage: Passage) -> str:
    """A comment line above the citation: where the passage is and how it matches."""
    how = "has the words as given" if passage.exact else "; ".join(passage.differences) or "shares most of the words"
    return f"{CITATION_INDENT}# {number}. {passage.source}, line {passage.line}: {how}"


def passages_for(root: Path, words: str, source: str | None = None) -> str:
    """What ``quote`` prints: the passages found, each as a citation; CommandError if there is none."""
    texts = load_corpus(root)[0].texts
    if source is not None:
        if source not in texts:
            close = difflib.get_close_matches(source, list(texts), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise CommandError(f"no source with id '{source}'{hint}")
        texts = {source: texts[source]}
    found = find_passages(texts, words)
    if not found:
        where = f"source '{source}'" if source else "the archived texts"
        raise CommandError(
            f"no passage of {where} has these words, or most of them; try fewer words, as the source writes them"
        )
    lines = ["Passages with these words, best first; paste one under a fact's 'citations:'.", ""]
    for number, passage in enumerate(found, start=1):
        lines += [describe(number, passage), as_citation(passage), ""]
    return "\n".join(lines)
