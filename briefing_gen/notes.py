"""Notes and the list of sources on a page: short notes that point at the passage, each source once in full.

A note is what a reader needs at the call: which report (its short label),
the words quoted and a link to the passage on the report's page. The page
ends with a list of its sources, each given once in full. Notes are numbered
by first use in the page's body, so the notes of a section come in order;
key points, which sum up the body, call the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from briefing_gen import markdown_text as md
from briefing_gen.models import Citation, Reading, Source
from briefing_gen.quotes import segments
from briefing_gen.site import Site, relative, source_path

NOTES_HEADING = "Notes"
SOURCES_HEADING = "Sources"
# Where Python-Markdown's footnotes extension puts the notes (else at the very end of the page).
NOTES_PLACE = "///Footnotes Go Here///"
PASSAGE_LINK = "Passage"
ORIGINAL_LINK = "Original"


@dataclass
class Notes:
    """One note per distinct citation on a page, numbered by first use."""

    site: Site
    page: str
    numbers: dict[tuple[str, tuple[str, ...], str], int] = field(default_factory=dict)
    citations: list[Citation] = field(default_factory=list)

    def call(self, citation: Citation) -> str:
        # Quotes of the same words (in other quotation marks or spacing) are one note.
        key = (citation.source, segments(citation.quote), citation.reading.means if citation.reading else "")
        if key not in self.numbers:
            self.numbers[key] = len(self.numbers) + 1
            self.citations.append(citation)
        return f"[^{self.numbers[key]}]"

    def calls(self, citations: Iterable[Citation]) -> str:
        """The calls of several citations, each once, in ascending order."""
        called = dict.fromkeys(self.call(c) for c in citations)
        return "".join(sorted(called, key=lambda call: int(call[2:-1])))

    def sources(self) -> list[str]:
        """The ids of the sources the notes cite."""
        return sorted({c.source for c in self.citations})

    def lines(self) -> list[str]:
        """The notes, then the list of sources; nothing if the page calls no note."""
        if not self.citations:
            return []
        definitions = [f"[^{n}]: {note_text(self.site, self.page, c)}" for n, c in enumerate(self.citations, 1)]
        return [
            f"## {NOTES_HEADING}",
            "",
            NOTES_PLACE,
            "",
            *source_list(self.site, self.page, self.sources()),
            *definitions,
        ]


def note_text(site: Site, page: str, citation: Citation) -> str:
    """'Label: “quoted words” (reading) Passage · Original', as Markdown."""
    label = site.labels[citation.source].note
    reading = f" ({_reading_in_note(citation.reading)})" if citation.reading else ""
    links = " · ".join(_note_links(site, page, citation))
    return f"{md.text(label)}: {md.quoted(citation.quote)}{reading} {links}"


def _reading_in_note(reading: Reading) -> str:
    return f"we read {md.quoted(reading.words)} as {md.quoted(reading.means)}: {reading.reason_text}"


def _note_links(site: Site, page: str, citation: Citation) -> list[str]:
    source = site.sources[citation.source]
    passage = f"{relative(page, source_path(source.id))}#{site.passage_anchor(citation)}"
    links = [f"[{PASSAGE_LINK}]({passage}){{: .passage-link }}"]
    if source.has_url:
        words = site.texts[source.id].raw_passage(citation.quote)
        links.append(f"[{ORIGINAL_LINK}]({md.url(source.url)}#{md.text_fragment(words)}){{: .original-link }}")
    return links


def source_list(site: Site, page: str, source_ids: list[str]) -> list[str]:
    """Each source once, in full, in the order of its label."""
    if not source_ids:
        return []
    ordered = sorted(source_ids, key=lambda source_id: site.labels[source_id].note.casefold())
    items = [f"- {_full_reference(site, page, site.sources[source_id])}" for source_id in ordered]
    return [f"## {SOURCES_HEADING}", "", *items, ""]


def _full_reference(site: Site, page: str, source: Source) -> str:
    key = (page.count("/"), source.id)  # the links differ only with how deep the page is
    line = site.full_references.get(key)
    if line is None:  # a source is listed on most pages that cite it: made once
        line = site.full_references[key] = _reference_line(site, page, source)
    return line


def _reference_line(site: Site, page: str, source: Source) -> str:
    label = md.text(site.labels[source.id].note)
    links = [f"[Archived copy and quoted passages]({relative(page, source_path(source.id))})"]
    if source.has_url:
        links.append(f"[{ORIGINAL_LINK}]({md.url(source.url)})")
    return f"**{label}.** {site.references[source.id]}. {' · '.join(links)}"
