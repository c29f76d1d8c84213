"""A report's own page: what is known of its origin, the passages the site quotes, and its archived text.

Every passage a fact quotes is highlighted in the archived text, where each
note links to it (``passage_anchor``): a reader lands on the words quoted, in
their context, and the list of passages links back to every fact that quotes
each one. The markup added to the text is our own (``<mark>`` and an empty
``<span>`` anchor); the report's words are escaped like any contributor text.
"""

from __future__ import annotations

import bisect
import itertools
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from briefing_gen import markdown_text as md
from briefing_gen.editorial import reading_paragraph
from briefing_gen.labels import display_title, published_text
from briefing_gen.models import UNKNOWN, Source
from briefing_gen.quotes import SourceText
from briefing_gen.rights import context_stretches, full_text_note, rights_text
from briefing_gen.site import Site, archived_text_name, fact_anchor, relative, source_path

PASSAGES_HEADING = "Passages quoted on this site"
TEXT_HEADING = "Archived text"
IN_TEXT_LINK = "Show in the archived text"


@dataclass(frozen=True)
class Passage:
    """One distinct passage quoted from a report: where its parts stand in the raw text, and who quotes it.

    Quotes that find the same words (they differ in quotation marks, spacing or
    how they write an ellipsis) are one passage, with one anchor.
    """

    quote: str  # as the first fact to quote it writes it
    anchor: str
    raw_spans: tuple[tuple[int, int], ...]  # every part any of its quotes gives, in the order of the text
    fact_ids: tuple[str, ...]
    quotes: tuple[str, ...]  # each way the facts write it


def render_source_index(site: Site) -> str:
    lines = ["# Sources", "", "Every report the briefings quote, archived exactly as received.", ""]
    for source in site.sources.values():
        credits = ", ".join(md.text(c) for c in source.credits) or "none named"
        cites = ", ".join(md.text(c) for c in source.cites) or "none named"
        lines += [
            f"## [{md.text(display_title(source))}]({source.id}.md)",
            "",
            f"Publisher: {md.text(source.publisher)} · Published: {published_text(source, 'unknown')} · "
            f"Story by: {credits} · Cites: {cites}",
            "",
        ]
    return "\n".join(lines).rstrip("\n") + "\n"


def render_sources(site: Site, sources: Iterable[tuple[Source, list[Passage]]]) -> Iterator[tuple[Source, str]]:
    """Each report with its page, one at a time (together, the pages hold every archived text), given the
    passages quoted from it (``quoted_passages``)."""
    cited_for = CitedFor(site)
    for source, passages in sources:
        yield source, render_source(site, source, passages, cited_for)


class CitedFor(dict[str, str]):
    """Each fact's line in the "Cited for" lists of source pages, by fact id, made the first time a page asks.

    A fact quoting several reports is listed on each of their pages; the line is
    the same on all of them, since every source page is in one folder.
    """

    def __init__(self, site: Site) -> None:
        super().__init__()
        self.site = site

    def __missing__(self, fact_id: str) -> str:
        line = self[fact_id] = _cited_for_line(self.site, fact_id)
        return line


def _cited_for_line(site: Site, fact_id: str) -> str:
    page = source_path("index")  # any page of the sources folder: the links are the same from all of them
    pages = [
        f"[{md.text(title)}]({relative(page, target)}#{fact_anchor(fact_id)})"
        for target, title in site.pages_showing(fact_id)
    ]
    return f"- {md.text(site.facts[fact_id].claim)} ({'; '.join(pages)})"


def render_source(site: Site, source: Source, passages: list[Passage], cited_for: CitedFor) -> str:
    lines = [f"# {md.text(display_title(source))}", "", *_metadata_table(source), ""]
    if source.notes:
        lines += [f"**Notes on origin.** {md.text(source.notes)}", ""]
    lines += full_text_note(source, archived_text_name(source))
    lines += [f"## {PASSAGES_HEADING}", ""]
    if not passages:
        lines += ["No fact quotes this report yet.", ""]
    for passage in passages:
        lines += _passage_entry(site, source, passage, cited_for)
    if source.rights.full_text_allowed:  # otherwise each passage is shown within its sentence, above
        lines += [f"## {TEXT_HEADING}", ""]
        lines += marked_paragraphs(site.texts[source.id], passages)
    return "\n".join(lines).rstrip("\n") + "\n"


def _passage_entry(site: Site, source: Source, passage: Passage, cited_for: CitedFor) -> list[str]:
    published = source.rights.full_text_allowed
    shown = md.text(passage.quote) if published else in_context(site.texts[source.id], passage)
    lines = [f"> {shown}", ""]
    readings = {r: None for quote in passage.quotes for r in site.readings.get((source.id, quote), [])}
    for reading in readings:
        lines += reading_paragraph("the report", reading)
    lines += [f"[{IN_TEXT_LINK}](#{passage.anchor}) · Cited for:" if published else "Cited for:", ""]
    lines += [cited_for[fact_id] for fact_id in passage.fact_ids]
    return [*lines, ""]


def quoted_passages(site: Site, source_id: str) -> list[Passage]:
    """Each distinct passage quoted from a source, in the order of the text, with the facts that quote it."""
    users: dict[str, dict[str, None]] = {}
    quotes: dict[str, dict[str, None]] = {}
    for fact_id, citation in site.citations_by_source.get(source_id, []):
        anchor = site.passage_anchor(citation)
        users.setdefault(anchor, {})[fact_id] = None
        quotes.setdefault(anchor, {})[citation.quote] = None
    text = site.texts[source_id]
    passages = [_passage(text, anchor, tuple(quotes[anchor]), tuple(users[anchor])) for anchor in users]
    return sorted(passages, key=lambda passage: passage.raw_spans[0])


def _passage(text: SourceText, anchor: str, quotes: tuple[str, ...], fact_ids: tuple[str, ...]) -> Passage:
    spans = sorted({span for quote in quotes for span in text.raw_spans(quote)})
    return Passage(quotes[0], anchor, tuple(spans), fact_ids, quotes)


def in_context(text: SourceText, passage: Passage) -> str:
    """A passage where the full text is not published, as a reader needs it to read it.

    Its quoted parts are marked, each within its sentence with up to ``CONTEXT_WORDS`` words either side, and
    the anchor its notes link to is at its start. "[…]" stands wherever the report's words are left out (the
    square brackets say the omission is ours: a report's own ellipses are written "…" or "...").
    """
    marks = Marks.of(list(passage.raw_spans), [passage])
    shown = ""
    for stretch in context_stretches(text.raw, passage.raw_spans):
        shown += OMITTED + " " if stretch.cut_before and not shown.endswith(OMITTED + " ") else ""
        shown += _marked_line(text.raw[stretch.start : stretch.end], stretch.start, marks)
        shown += f" {OMITTED} " if stretch.cut_after else " "
    return shown.rstrip()


OMITTED = "\\[…\\]"  # "[…]" in Markdown, its brackets escaped so that they can never be read as a link


def marked_paragraphs(text: SourceText, passages: list[Passage]) -> list[str]:
    """The archived text, a paragraph per line, with every quoted part marked and each passage's start anchored."""
    marks = Marks.of([span for passage in passages for span in passage.raw_spans], passages)
    lines: list[str] = []
    for start, line in _lines(text.raw):
        if line.strip():
            lines += [_marked_line(line, start, marks), ""]
    return lines


@dataclass(frozen=True)
class Marks:
    """The quoted stretches of a text, merged where they touch or overlap, and where each passage starts.

    ``edges`` is the merged stretches' starts and ends in one sorted list, so a
    position is inside a stretch when an odd number of edges lie at or before it.
    """

    edges: list[int]
    anchors: dict[int, list[str]]
    anchor_points: list[int]

    @classmethod
    def of(cls, spans: list[tuple[int, int]], passages: list[Passage]) -> Marks:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        anchors: dict[int, list[str]] = {}
        for passage in passages:
            anchors.setdefault(passage.raw_spans[0][0], []).append(passage.anchor)
        return cls([edge for pair in merged for edge in pair], anchors, sorted(anchors))

    def cuts(self, start: int, end: int) -> set[int]:
        """The edges and passage starts strictly inside ``start``..``end``."""
        inside = self.edges[bisect.bisect_right(self.edges, start) : bisect.bisect_left(self.edges, end)]
        points = self.anchor_points[
            bisect.bisect_right(self.anchor_points, start) : bisect.bisect_left(self.anchor_points, end)
        ]
        return {*inside, *points}

    def covers(self, position: int) -> bool:
        return bisect.bisect_right(self.edges, position) % 2 == 1


def _lines(raw: str) -> Iterator[tuple[int, str]]:
    offset = 0
    for line in raw.splitlines(keepends=True):
        yield offset, line
        offset += len(line)


def _marked_line(line: str, start: int, marks: Marks) -> str:
    """One line of the text, escaped, with its quoted stretches in one ``<mark>`` each and passage anchors."""
    end = start + len(line)
    edges = sorted({start, end, *marks.cuts(start, end)})
    out, open_mark = [], False
    for left, right in itertools.pairwise(edges):
        piece = md.inline(_visible(line[left - start : right - start]))
        piece = piece.lstrip() if left == start else piece
        piece = piece.rstrip() if right == end else piece
        covered = marks.covers(left)
        if open_mark and not covered:
            out.append("</mark>")
        out += [f'<span id="{anchor}" class="passage-start"></span>' for anchor in marks.anchors.get(left, [])]
        if covered and not open_mark:
            out.append("<mark>")
        out.append(piece)
        open_mark = covered
    return md.line_start("".join(out) + ("</mark>" if open_mark else ""))


def _visible(raw: str) -> str:
    """A report's words with its invisible control and format characters shown as their codes.

    The archived text keeps them (it is evidence), but shown as they are, a
    direction override could reverse the digits of a figure on the page.
    """
    if raw.isprintable():
        return raw
    return "".join(
        f"[U+{ord(char):04X}]" if not char.isspace() and unicodedata.category(char) in ("Cc", "Cf") else char
        for char in raw
    )


def _metadata_table(source: Source) -> list[str]:
    url = f"<{md.url(source.url)}>" if source.has_url else "unknown (the text gives no address)"
    translation = {True: "yes", False: "no", UNKNOWN: "unknown"}[source.translation]
    rows = [
        ("Publisher", md.text(source.publisher)),
        ("Title", "its headline" if source.title_is == "headline" else "its opening words (it has no headline)"),
        ("Story by", ", ".join(md.text(c) for c in source.credits) or "none named in the text"),
        ("Cites", ", ".join(md.text(c) for c in source.cites) or "none named in the text"),
        ("Published", published_text(source, "unknown")),
        ("Language", source.language),
        ("Translation", translation),
        ("Original language", source.original_language),
        ("Address", url),
        ("Archived", md.human_date(source.archived)),
        ("Received as", md.text(source.received_as)),
        ("SHA-256 of the archived text", f"`{source.sha256}`"),
        ("Rights", rights_text(source)),
    ]
    return ["| Field | Value |", "| --- | --- |", *(f"| {name} | {value} |" for name, value in rows)]
