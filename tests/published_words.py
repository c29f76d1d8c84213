"""Which words of an archived report a source page shows a reader, read from the built page's HTML.

Each passage on a page whose report is not published in full is a blockquote:
stretches of the report separated by "[…]", its quoted words in ``<mark>``.
Each stretch is found in the report's own sequence of words, so a word shown
around two passages counts once, and a word one passage shows as context but
another quotes counts as quoted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag

WORD = re.compile(r"\w+")
OMITTED = "[\u2026]"  # what the page puts where it leaves out the report's words
# A sentence ends at closing punctuation, with any closing quotation marks or brackets, before a space.
_SENTENCE_END = re.compile("([.!?\u2026]+[\"'\u201d\u2019\u00bb)\\]]*)\\s+")


@dataclass(frozen=True)
class Shown:
    """Positions, in the report's sequence of words, of the words its page shows."""

    words: list[str]  # the report's words, case-folded
    quoted: set[int]  # shown marked: words of a quoted passage
    context: set[int]  # shown, quoted by no passage

    @property
    def context_share(self) -> float:
        return len(self.context) / len(self.words)


def words_of(text: str) -> list[str]:
    return [word.casefold() for word in WORD.findall(text)]


def shown_on_page(raw: str, html: str) -> Shown:
    words = words_of(raw)
    shown: set[int] = set()
    quoted: set[int] = set()
    for passage in BeautifulSoup(html, "html.parser").select("article blockquote"):
        after = 0
        for stretch in _stretches(passage):
            at = _find(words, [word for word, _ in stretch], after)
            for offset, (_, marked) in enumerate(stretch):
                (quoted if marked else shown).add(at + offset)
            after = at + len(stretch)
    return Shown(words, quoted, shown - quoted)


def _find(words: list[str], wanted: list[str], after: int) -> int:
    """Where a stretch is in the report, looking first after the passage's previous stretch."""
    starts: list[int] = [*range(after, len(words)), *range(after)]
    for start in starts:
        if words[start : start + len(wanted)] == wanted:
            return start
    raise AssertionError(f"not words of the report, in order: {' '.join(wanted)}")


def _stretches(passage: Tag) -> list[list[tuple[str, bool]]]:
    """The passage's stretches, each as its words and whether each is marked (quoted)."""
    chars: list[str] = []
    marked: list[bool] = []

    def walk(node: Tag, inside: bool) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                chars.extend(str(child))
                marked.extend([inside] * len(child))
            elif isinstance(child, Tag):
                walk(child, inside or child.name == "mark")

    walk(passage, False)
    text = "".join(chars)
    found, start = [], 0
    for end in [*(m.start() for m in re.finditer(re.escape(OMITTED), text)), len(text)]:
        words = [
            (m.group(0).casefold(), any(marked[start + m.start() : start + m.end()]))
            for m in WORD.finditer(text[start:end])
        ]
        found += [words] if words else []
        start = end + len(OMITTED)
    return found


def sentences(raw: str) -> list[range]:
    """Each sentence of a report, as the range of its positions in its sequence of words.

    A sentence ends at '.', '!', '?' or '…' (with any closing quotation marks) before a space, or at the end
    of a paragraph.
    """
    found, first = [], 0
    for paragraph in raw.splitlines():
        for sentence in re.sub(_SENTENCE_END, "\\1\n", paragraph).splitlines():
            count = len(WORD.findall(sentence))
            if count:
                found.append(range(first, first + count))
            first += count
    return found
