"""Check stage: every character the PDFs print is one the bundled fonts have.

The PDFs use the bundled fonts and nothing else (``fonts``), so a character
none of them has would print as an empty box (and garble the text layer
around it). Every text field that reaches a PDF is checked: each fact's claim,
editors' note, what its sources differ on, quotes and reported values (any
fact may be shown in a briefing); each briefing's title, lede, key points and
section titles; each source's title, publisher and credits (the notes); and
the site's title (the cover of the combined PDF). Whitespace is printed as a
space, and invisible characters are refused when files are loaded.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

from briefing_gen.errors import Problem
from briefing_gen.fonts import missing_glyphs
from briefing_gen.load import PAGES_DIR, Corpus, Located
from briefing_gen.models import Briefing, Fact, Source
from briefing_gen.site import HOME_INTRO
from briefing_gen.yamlload import Loc

_PRINTABLE_ASCII = frozenset(map(chr, range(0x20, 0x7F)))
# What to do about one character, and about several: own words can be reworded, quotes cannot.
_OWN_WORDS = ("write it another way", "write them another way")
_QUOTED = ("quote a passage without it", "quote a passage without them")

Field = tuple[Loc, str | None, tuple[str, str]]  # where, the text (None where absent), what to advise


def unprintable_characters(corpus: Corpus) -> Iterator[Problem]:
    """A problem for each printed text field holding a character no bundled font has."""
    fast = not missing_glyphs(set(_PRINTABLE_ASCII))  # then ASCII text needs no look-up at all
    for fact in corpus.facts:
        yield from _fields(fact, _fact_fields(fact.model), fast)
    for briefing in corpus.briefings:
        yield from _fields(briefing, _briefing_fields(briefing.model), fast)
    for source in corpus.sources:
        yield from _fields(source, _source_fields(source.model), fast)
    yield from _site_title(corpus)


def _fact_fields(fact: Fact) -> list[Field]:
    fields: list[Field] = [
        (("claim",), fact.claim, _OWN_WORDS),
        (("editors_note",), fact.editors_note, _OWN_WORDS),
        (("differs_on",), fact.differs_on, _OWN_WORDS),
        (("date_basis",), fact.date_basis, _OWN_WORDS),
    ]
    for index, citation in enumerate(fact.citations):
        fields.append((("citations", index, "quote"), citation.quote, _QUOTED))
        fields.append((("citations", index, "reports"), citation.reports, _QUOTED))
        if citation.reading is not None:
            reading = citation.reading
            fields.append((("citations", index, "reading", "words"), reading.words, _QUOTED))
            fields.append((("citations", index, "reading", "means"), reading.means, _OWN_WORDS))
            fields.append((("citations", index, "reading", "why"), reading.why, _OWN_WORDS))
    return fields


def _briefing_fields(briefing: Briefing) -> list[Field]:
    fields: list[Field] = [(("title",), briefing.title, _OWN_WORDS), (("lede",), briefing.lede, _OWN_WORDS)]
    fields += [(("key_points", i, "text"), point.text, _OWN_WORDS) for i, point in enumerate(briefing.key_points)]
    fields += [(("sections", i, "title"), section.title, _OWN_WORDS) for i, section in enumerate(briefing.sections)]
    return fields


def _source_fields(source: Source) -> list[Field]:
    fields: list[Field] = [(("title",), source.title, _OWN_WORDS), (("publisher",), source.publisher, _OWN_WORDS)]
    fields.append((("dateline",), source.dateline, _QUOTED))
    fields += [(("credits", i), credit, _OWN_WORDS) for i, credit in enumerate(source.credits)]
    return fields + [(("cites", i), cited, _OWN_WORDS) for i, cited in enumerate(source.cites)]


def _fields(entry: Located[Any], fields: list[Field], fast: bool) -> Iterator[Problem]:
    for loc, text, advice in fields:
        if text is None or (fast and text.isascii()):
            continue
        missing = missing_glyphs(set(text))  # one look-up per distinct character
        if missing:
            first = min(missing, key=text.index)
            yield entry.problem_at(loc, first, _message(first, len(missing) - 1, advice))


def _site_title(corpus: Corpus) -> Iterator[Problem]:
    """The home page's first heading is the title on the combined PDF's cover."""
    intro = corpus.pages.get(HOME_INTRO, b"").decode("utf-8", errors="replace")
    for number, line in enumerate(intro.splitlines(), start=1):
        if line.startswith("# "):
            missing = missing_glyphs(set(line[2:].strip()))
            if missing:
                first = min(missing, key=line.index)
                where = f"{PAGES_DIR}/{HOME_INTRO}"
                yield Problem(
                    where, number, line.index(first) + 1, "(title)", _message(first, len(missing) - 1, _OWN_WORDS)
                )
            return


def _message(char: str, others: int, advice: tuple[str, str]) -> str:
    """Names the first such character; the others are counted (they are found again once it is fixed)."""
    name = unicodedata.name(char, "")
    described = f"the character '{char}' (U+{ord(char):04X}{' ' + name if name else ''})"
    if others == 0:
        return f"{described} cannot be printed in the PDFs: none of the bundled fonts has it; {advice[0]}"
    also = f"{others} other character{'s' if others > 1 else ''}"
    return f"{described} and {also} here cannot be printed in the PDFs: none of the bundled fonts has them; {advice[1]}"
