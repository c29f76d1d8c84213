"""Finding the words to quote: passages of the archived texts, ranked, each as a citation to paste.

``quote "words"`` looks for the words the way the quote check compares them
(``quotes.normalise``: whitespace, quotation marks, invisible marks; "…"
between parts that must come in order). Passages that have the words come
first, each widened to its whole sentence so it passes as evidence; then
sentences that share most of the words, with the words that differ, for a
contributor who remembers a passage only roughly.
"""

from __future__ import annotations

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
    """The passages that have the words, then the sentences most like them, best first."""
    parts = segments(words)
    if not parts:
        return []
    exact = [passage for source_id, text in sorted(texts.items()) for passage in _exact(source_id, text, parts)]
    seen = {(p.source, p.quote) for p in exact}
    close = [p for p in _close(texts, " ".join(parts)) if (p.source, p.quote) not in seen]
    close.sort(key=lambda p: (-p.shared, len(p.differences), p.source, p.line))
    return (exact + close)[:limit]


def _exact(source_id: str, text: SourceText, parts: tuple[str, ...]) -> Iterator[Passage]:
    start = find_parts(text.text, parts)
    while start >= 0:
        if len(parts) == 1:
            begin, end = _sentence_around(text, start, start + len(parts[0]))
            yield Passage(source_id, _line(text, begin), _raw(text, begin, end))
        else:
            yield Passage(source_id, _line(text, start), _raw_parts(text, parts, start))
        start = find_parts(text.text, parts, start + 1)


def _close(texts: dict[str, SourceText], wanted: str) -> Iterator[Passage]:
    words = _WORD.findall(wanted)
    folded = {word.casefold() for word in words}
    for source_id, text in sorted(texts.items()):
        for begin, end in _sentences(text):
            sentence = text.text[begin:end]
            theirs = _WORD.findall(sentence)
            shared = len(folded & {word.casefold() for word in theirs}) / len(folded) if folded else 0.0
            if shared >= MIN_SHARED:
                said = tuple(differences(words, _aligned(words, theirs)))
                yield Passage(source_id, _line(text, begin), _raw(text, begin, end), said, shared)


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


def _sentence_around(text: SourceText, start: int, end: int) -> tuple[int, int]:
    for begin, finish in _sentences(text):
        if begin <= start < finish or start <= begin < end:
            sentence_start = begin if begin <= start else start
            return sentence_start, _sentence_end(text, max(end, finish))
    return start, end  # pragma: no cover - every position lies in a sentence


def _sentence_end(text: SourceText, position: int) -> int:
    for begin, finish in _sentences(text):
        if begin < position <= finish:
            return finish
    return position


def _line(text: SourceText, position: int) -> int:
    return text.raw.count("\n", 0, text.origin[position]) + 1 if position < len(text.origin) else 1


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
