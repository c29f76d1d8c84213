"""Render stage: the validated corpus as Markdown pages, with no I/O.

``render_site`` returns ``{path inside docs: file content}``. Pages use plain
Markdown plus Python-Markdown's own extensions (footnotes, admonition,
attr_list, tables), so any site engine that reads Python-Markdown can publish
them. Footnotes are numbered by first use on each page, one per distinct
citation.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from briefing_gen import markdown_text as md
from briefing_gen.address import absolute
from briefing_gen.alignment import carries
from briefing_gen.citation import CITE_ANCHOR, cite_for, cite_lines
from briefing_gen.config import Repository, Settings
from briefing_gen.editorial import (
    EDITORS_READING,
    UNTITLED,
    Apparatus,
    editorial_lines,
    reading_paragraph,
    reading_text,
)
from briefing_gen.history import History
from briefing_gen.load import Corpus
from briefing_gen.models import UNKNOWN, Briefing, Citation, Context, Fact, KeyPoint, Reading, Source
from briefing_gen.quotes import SourceText
from briefing_gen.rights import archived_text_lines, full_text_note, passage_text, rights_text
from briefing_gen.structured import report
from briefing_gen.terms import extract_terms
from briefing_gen.updates import EditionMark, edition_line, edition_mark, what_changed

HOME_INTRO = "home.md"
COMBINED_PDF = "all-briefings"
BACKGROUND = "background.md"


@dataclass(frozen=True)
class Site:
    """The corpus as the pages need it: models by id, in a fixed order."""

    sources: dict[str, Source]
    facts: dict[str, Fact]
    briefings: list[Briefing]
    context: Context | None
    pages: dict[str, bytes]
    texts: dict[str, SourceText]
    # Where each fact and briefing is written, for 'edit' links (when a repository is known).
    origins: dict[str, tuple[str, int]] = field(default_factory=dict)
    repository: Repository | None = None
    settings: Settings = field(default_factory=Settings)  # the site's name, address and language
    history: History = field(default_factory=History)  # editions, from git (build.load_site reads it)

    @classmethod
    def of(cls, corpus: Corpus, repository: Repository | None = None) -> Site:
        origins = {f"fact:{f.model.id}": (f.path, f.line()) for f in corpus.facts}
        origins |= {f"briefing:{b.model.id}": (b.path, 1) for b in corpus.briefings}
        return cls(
            sources={s.model.id: s.model for s in sorted(corpus.sources, key=lambda s: s.model.id)},
            facts={f.model.id: f.model for f in corpus.facts},
            briefings=sorted((b.model for b in corpus.briefings), key=lambda b: b.id),
            context=corpus.context.model if corpus.context else None,
            pages=corpus.pages,
            texts=dict(sorted(corpus.texts.items())),
            origins=origins,
            repository=repository,
        )

    def edit_link(self, key: str, label: str) -> str:
        """A link to the file and line where ``key`` is written ('' without a repository)."""
        if self.repository is None or key not in self.origins:
            return ""
        path, line = self.origins[key]
        return f"[{label}]({md.url(self.repository.file_at(path, line))}){{: .edit-link .web-only }}"

    @property
    def title(self) -> str:
        """The site's title: the first heading of the home page's introduction."""
        return md.heading_text(self.pages.get(HOME_INTRO, b"").decode("utf-8-sig")) or "Briefings"

    def pages_showing(self, fact_id: str) -> list[tuple[str, str]]:
        """(page path, page title) of every page that shows a fact."""
        return self._pages_by_fact.get(fact_id, [])

    @functools.cached_property
    def _pages_by_fact(self) -> dict[str, list[tuple[str, str]]]:
        # Built once: asking every briefing about every fact is quadratic at scale.
        pages: dict[str, list[tuple[str, str]]] = {}
        for briefing in self.briefings:
            for fact_id in dict.fromkeys(briefing.fact_ids):
                pages.setdefault(fact_id, []).append((briefing_path(briefing), briefing.title))
        for fact_id in self.context.facts if self.context else []:
            pages.setdefault(fact_id, []).append((BACKGROUND, self.context.title if self.context else ""))
        return pages

    @functools.cached_property
    def citations_by_source(self) -> dict[str, list[tuple[str, Citation]]]:
        """(fact id, citation) of every citation, by source, in fact order."""
        found: dict[str, list[tuple[str, Citation]]] = {}
        for fact in self.facts.values():
            for citation in fact.citations:
                found.setdefault(citation.source, []).append((fact.id, citation))
        return found

    @functools.cached_property
    def other_windows(self) -> dict[str, list[str]]:
        """Each fact's facts over other periods, both ways round (a fact lists them on one side only)."""
        found: dict[str, list[str]] = {}
        for fact in self.facts.values():
            for other in fact.other_windows:
                found.setdefault(fact.id, []).append(other)
                found.setdefault(other, []).append(fact.id)
        return {fact_id: list(dict.fromkeys(others)) for fact_id, others in found.items()}

    @functools.cached_property
    def readings(self) -> dict[tuple[str, str], list[Reading]]:
        """The editors' readings of each quoted passage, by (source, quote), each once: gathered in one pass."""
        found: dict[tuple[str, str], dict[Reading, None]] = {}
        for fact in self.facts.values():
            for citation in fact.citations:
                if citation.reading is not None:
                    found.setdefault((citation.source, citation.quote), {})[citation.reading] = None
        return {key: list(readings) for key, readings in found.items()}

    def sources_of(self, fact_ids: Iterable[str]) -> list[str]:
        return sorted({source for fact_id in fact_ids for source in self.facts[fact_id].sources})

    def edition(self, briefing: Briefing) -> EditionMark:
        """The briefing's edition and its date, for the page header and the PDF cover."""
        return edition_mark(self.history.of(briefing.id), self.history.reason)


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def slug(identifier: str) -> str:
    """The one way an id becomes part of a file name or an anchor.

    Ids are checked on load to be lowercase words joined by single hyphens, so
    the slug is the id itself: never empty, never '..', '/' or an absolute
    path, and two ids never share one. Anything else is a bug, not input.
    """
    if not _SLUG.fullmatch(identifier):
        raise ValueError(f"not a safe id for a file name or anchor: {identifier!r}")
    return identifier


def briefing_path(briefing: Briefing) -> str:
    return f"briefings/{slug(briefing.id)}.md"


def pdf_path(briefing_id: str) -> str:
    return f"pdf/{slug(briefing_id)}.pdf"


def source_path(source_id: str) -> str:
    return f"sources/{slug(source_id)}.md"


def fact_anchor(fact_id: str) -> str:
    return f"fact-{slug(fact_id)}"


def render_site(site: Site) -> dict[str, bytes]:
    """Every file of the docs folder, by path."""
    pages = {path: _hand_written(path, content) for path, content in site.pages.items() if path != HOME_INTRO}
    pages["index.md"] = _page(site.title, render_home(site))
    pages["briefings/index.md"] = _page("Briefings", render_briefing_index(site))
    pages["sources/index.md"] = _page("Sources", render_source_index(site))
    for briefing in site.briefings:
        meta: dict[str, object] = {"jsonld": briefing_data(site, briefing)}
        pages[briefing_path(briefing)] = _page(briefing.title, render_briefing(site, briefing), briefing.lede, meta)
    for source in site.sources.values():
        pages[source_path(source.id)] = _page(display_title(source), render_source(site, source))
        if source.rights.full_text_allowed:  # the repository keeps every text; the site only those it may publish
            pages[f"sources/{archived_text_name(source)}"] = _encode(site.texts[source.id].raw)
    if site.context is not None:
        pages[BACKGROUND] = _page(site.context.title, render_background(site, site.context))
    return dict(sorted(pages.items()))


def _encode(page: str) -> bytes:
    return page.encode("utf-8")


def _page(title: str, markdown: str, description: str | None = None, data: dict[str, object] | None = None) -> bytes:
    """A page with its title (and description, and data for its head) in front matter, where the theme takes
    them as written (see ``md.front_matter``)."""
    return _encode(md.front_matter(title, description, data) + markdown)


def briefing_data(site: Site, briefing: Briefing) -> dict[str, object]:
    """The briefing page's schema.org data: the briefing as a Report citing each report it rests on."""
    sources = [site.sources[source_id] for source_id in site.sources_of(briefing.fact_ids)]
    address = absolute(site.settings.site_url, briefing_path(briefing))
    return report(briefing, sources, site.settings, site.edition(briefing), address)


def _hand_written(path: str, content: bytes) -> bytes:
    """A hand-written Markdown page gets its first heading's text as its title; other files pass as they are."""
    if not path.endswith(".md"):
        return content
    markdown = content.decode("utf-8-sig")
    return _page(md.heading_text(markdown) or path.rsplit("/", 1)[-1].removesuffix(".md"), markdown)


@dataclass
class Footnotes:
    """One footnote per distinct citation on a page, numbered by first use."""

    site: Site
    page: str
    numbers: dict[tuple[str, str, str], int] = field(default_factory=dict)
    citations: list[Citation] = field(default_factory=list)

    def call(self, citation: Citation) -> str:
        key = (citation.source, citation.quote, citation.reading.means if citation.reading else "")
        if key not in self.numbers:
            self.numbers[key] = len(self.numbers) + 1
            self.citations.append(citation)
        return f"[^{self.numbers[key]}]"

    def calls(self, citations: Iterable[Citation]) -> str:
        return "".join(dict.fromkeys(self.call(c) for c in citations))

    def definitions(self) -> list[str]:
        return [f"[^{n}]: {self.definition(c)}" for n, c in enumerate(self.citations, start=1)]

    def definition(self, citation: Citation) -> str:
        source = self.site.sources[citation.source]
        links = [f"[Archived copy]({_relative(self.page, source_path(source.id))})"]
        if source.has_url:
            passage = self.site.texts[source.id].raw_passage(citation.quote)
            links.insert(0, f"[Original]({md.url(source.url)}#{md.text_fragment(passage)})")
        reading = (
            f" ({EDITORS_READING.lower()}: {reading_text('the report', citation.reading)})" if citation.reading else ""
        )
        return f"{source_reference(source)}: “{md.text(citation.quote)}”{reading} {' · '.join(links)}"


def source_reference(source: Source) -> str:
    """Publisher (whose story, whom it cites), title, date: as much as is known, and no more."""
    publisher = md.text(source.publisher) if source.publisher != UNKNOWN else "Publisher unknown"
    origin = [f"{_names(source.credits)} story"] if source.credits else []
    origin += [f"citing {_names(source.cites)}"] if source.cites else []
    about = f" ({', '.join(origin)})" if origin else ""
    return f"{publisher}{about}, {_quoted_title(source)}, {published_text(source, 'date unknown')}"


def _names(names: list[str]) -> str:
    return " and ".join(md.text(name) for name in names)


def display_title(source: Source) -> str:
    """The title as a reader should take it: a headline, or an untitled report's opening words, marked as such."""
    if source.title_is == "opening-words":
        return f"Untitled report beginning “{source.title}…”"
    return source.title


def _quoted_title(source: Source) -> str:
    """A headline in quotation marks, as references give it; opening words said to be such."""
    return md.text(display_title(source)) if source.title_is == "opening-words" else f"“{md.text(source.title)}”"


def published_text(source: Source, unknown: str) -> str:
    """The date of publication, else the dateline's own words (which give no full date), else ``unknown``."""
    if source.published != UNKNOWN:
        return md.human_date(source.published)
    if source.dateline is not None:
        return f"dateline “{md.text(source.dateline)}” (no year given)"
    return unknown


def short_label(source: Source) -> str:
    """The publisher where known, else the report's headline, else its first few words, said to be such."""
    if source.publisher != UNKNOWN:
        return md.text(source.publisher)
    if source.title_is == "opening-words":
        return f"{UNTITLED} “{md.text(' '.join(source.title.split()[:4]))}…”"
    return _quoted_title(source)


def _relative(page: str, target: str) -> str:
    """A link from one docs page to another, relative as Markdown wants it."""
    depth = page.count("/")
    return "../" * depth + target


def render_fact(site: Site, fact: Fact, notes: Footnotes) -> list[str]:
    """A fact as a paragraph with its footnote calls, anchor and any differences."""
    single = " *Single source.*{: .single-source }" if len(fact.sources) == 1 else ""
    edit = site.edit_link(f"fact:{fact.id}", "edit")
    date = f"**{md.human_date(fact.date)}.** " if fact.dated else ""
    lines = [
        f"{date}{md.text(fact.claim)}{notes.calls(fact.citations)}{single}{' ' + edit if edit else ''}",
        f"{{: #{fact_anchor(fact.id)} .fact }}",
        "",
    ]
    apparatus = Apparatus(
        label=lambda source_id: short_label(site.sources[source_id]),
        call=notes.call,
        link=lambda fact_id: fact_link(site, notes.page, fact_id),
    )
    # The editors' own words, set apart so no reader takes them for the reports'.
    return lines + editorial_lines(fact, apparatus, site.other_windows.get(fact.id, []))


def fact_link(site: Site, page: str, fact_id: str) -> str:
    """A link to where a fact is shown: on this page if it is here, else on the first page that shows it."""
    shown = dict(site.pages_showing(fact_id))
    claim = md.text(gist(site.facts[fact_id].claim))
    if page in shown or not shown:
        return f"[{claim}](#{fact_anchor(fact_id)})"
    target, title = next(iter(shown.items()))
    return f"[{claim}]({_relative(page, target)}#{fact_anchor(fact_id)}) (in *{md.text(title)}*)"


def render_briefing(site: Site, briefing: Briefing) -> str:
    page = briefing_path(briefing)
    notes = Footnotes(site, page)
    sources = site.sources_of(briefing.fact_ids)
    lines = [
        f"# {md.text(briefing.title)}",
        "",
        f"*As of {md.human_date(briefing.as_of)} · {len(briefing.fact_ids)} facts from {len(sources)} sources*{{: .as-of }}",
        "",
        *edition_line(site.edition(briefing), CITE_ANCHOR),
        " · ".join(
            link
            for link in (
                f"[Download PDF](../{pdf_path(briefing.id)}){{: .download-pdf .web-only }}",
                site.edit_link(f"briefing:{briefing.id}", "Edit this briefing's definition"),
            )
            if link
        ),
        "",
        md.text(briefing.lede),
        "",
        '!!! abstract "Key points"',
        "",
    ]
    for point in briefing.key_points:
        lines.append(f"    - {md.text(point.text)}{notes.calls(_backing(site, point))}")
    lines.append("")
    for section in briefing.sections:
        lines += [f"## {md.text(section.title)}", ""]
        for fact_id in section.facts:
            lines += render_fact(site, site.facts[fact_id], notes)
        lines += _see_also(site, page, section.see_also)
    lines += _editions(site, briefing)
    lines += cite_lines(cite_for(site.settings, briefing, site.edition(briefing), page))
    return _with_footnotes(lines, notes)


def _editions(site: Site, briefing: Briefing) -> list[str]:
    """The "What changed" section: each edition with what it changed, the claims linked where shown here."""
    shown = set(briefing.fact_ids)

    def link(fact_id: str, claim: str) -> str:
        return f"[{md.text(claim)}](#{fact_anchor(fact_id)})" if fact_id in shown else md.text(claim)

    def label(source_id: str) -> str:
        return short_label(site.sources[source_id]) if source_id in site.sources else source_id

    def files_at(commit: str) -> str | None:
        return f"{site.repository.url}/tree/{commit}" if site.repository else None

    return what_changed(site.history.of(briefing.id), site.history.reason, label, link, files_at)


GIST_WORDS = 12


def gist(claim: str) -> str:
    """A claim's opening words, as the text of a link to it: enough to recognise, not the fact again."""
    words = claim.split()
    return claim if len(words) <= GIST_WORDS else " ".join(words[:GIST_WORDS]).rstrip(",;:") + "…"


def _see_also(site: Site, page: str, fact_ids: list[str]) -> list[str]:
    """Facts that belong on another page, linked rather than repeated."""
    if not fact_ids:
        return []
    links = [f"- {fact_link(site, page, fact_id)}" for fact_id in fact_ids]
    return ["*See also, on other pages:*", "{: .see-also }", "", *links, ""]


def _backing(site: Site, point: KeyPoint) -> list[Citation]:
    """A key point's calls: every citation whose quote gives one of its figures, names, dates or quoted words,
    then the first citation of each other source behind its facts, so every report it rests on is called."""
    terms = extract_terms(point.text)
    citations = [c for fact_id in point.facts for c in site.facts[fact_id].citations]
    carrying = [c for c in citations if any(carries(term, c.quote) for term in terms)]
    called = {c.source for c in carrying}
    others = {c.source: c for c in reversed(citations) if c.source not in called}  # the first of each source
    return [c for c in citations if c in carrying or others.get(c.source) is c]


def _with_footnotes(lines: list[str], notes: Footnotes) -> str:
    definitions = notes.definitions()
    body = [*lines, *definitions] if definitions else lines
    return "\n".join(body).rstrip("\n") + "\n"


def render_background(site: Site, context: Context) -> str:
    notes = Footnotes(site, BACKGROUND)
    lines = [f"# {md.text(context.title)}", "", md.text(context.lede), ""]
    for fact_id in context.facts:
        lines += render_fact(site, site.facts[fact_id], notes)
    return _with_footnotes(lines, notes)


def render_home(site: Site) -> str:
    intro = site.pages.get(HOME_INTRO, b"# Briefings\n").decode("utf-8-sig").rstrip("\n")
    lines = [intro, "", "| Briefing | As of | Facts | Sources | PDF |", "| --- | --- | --: | --: | --- |"]
    for briefing in site.briefings:
        facts, sources = len(briefing.fact_ids), len(site.sources_of(briefing.fact_ids))
        title = f"[{md.text(briefing.title)}]({briefing_path(briefing)})"
        pdf = f"[PDF]({pdf_path(briefing.id)})"
        lines.append(f"| {title} | {md.human_date(briefing.as_of)} | {facts} | {sources} | {pdf} |")
    lines += ["", f"[Download all briefings as one PDF]({pdf_path(COMBINED_PDF)}){{: .download-pdf .web-only }}"]
    lines += ["", f"All {len(site.facts)} facts rest on {len(site.sources)} [archived reports](sources/index.md)."]
    if site.context is not None:
        lines.append(f"[{md.text(site.context.title)}]({BACKGROUND}) gathers the context a reader needs.")
    lines += ["", *HOME_LINKS]
    return "\n".join(lines) + "\n"


# Built beside the pages (see publish.py): the timeline, the open data and the feed of new editions.
HOME_LINKS = [
    "[Timeline](timeline.md) of every dated fact · [Open data](data/index.md): the facts, sources and quotations "
    "as JSON, CSV and Web Annotations · [Updates feed](feed.xml) (Atom) of each new edition",
    "{: .site-links }",
]


def render_briefing_index(site: Site) -> str:
    lines = ["# Briefings", ""]
    for briefing in site.briefings:
        lines += [
            f"## [{md.text(briefing.title)}]({briefing.id}.md)",
            "",
            f"*As of {md.human_date(briefing.as_of)}*",
            "",
        ]
        lines += [md.text(briefing.lede), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def render_source_index(site: Site) -> str:
    lines = ["# Sources", "", "Every report the briefings quote, archived exactly as received.", ""]
    lines += ["| Report | Publisher | Published | Story by | Cites |", "| --- | --- | --- | --- | --- |"]
    for source in site.sources.values():
        credits = ", ".join(md.text(c) for c in source.credits) or "none named"
        cites = ", ".join(md.text(c) for c in source.cites) or "none named"
        title = md.text(display_title(source))
        lines.append(
            f"| [{title}]({source.id}.md) | {md.text(source.publisher)} | {published_text(source, 'unknown')} "
            f"| {credits} | {cites} |"
        )
    return "\n".join(lines) + "\n"


def render_source(site: Site, source: Source) -> str:
    page = source_path(source.id)
    lines = [f"# {md.text(display_title(source))}", "", *_metadata_table(source), ""]
    if source.notes:
        lines += [f"**Notes on origin.** {md.text(source.notes)}", ""]
    lines += full_text_note(source, archived_text_name(source))
    lines += ["## Passages quoted on this site", ""]
    quoted = _passages(site, source.id)
    if not quoted:
        lines += ["No fact quotes this report yet.", ""]
    for quote, fact_ids in quoted.items():
        lines += [f"> {passage_text(source, site.texts[source.id], quote)}", ""]
        for reading in site.readings.get((source.id, quote), []):
            lines += reading_paragraph("the report", reading)
        lines += ["Cited for:", ""]
        for fact_id in fact_ids:
            pages = [
                f"[{md.text(title)}]({_relative(page, target)}#{fact_anchor(fact_id)})"
                for target, title in site.pages_showing(fact_id)
            ]
            lines.append(f"- {md.text(site.facts[fact_id].claim)} ({'; '.join(pages)})")
        lines.append("")
    lines += archived_text_lines(source, site.texts[source.id])
    return "\n".join(lines).rstrip("\n") + "\n"


def archived_text_name(source: Source) -> str:
    return f"{slug(source.id)}.txt"


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


def _passages(site: Site, source_id: str) -> dict[str, list[str]]:
    """Each distinct passage quoted from a source, in the order of the text, with the facts that quote it."""
    passages: dict[str, list[str]] = {}
    for fact_id, citation in site.citations_by_source.get(source_id, []):
        users = passages.setdefault(citation.quote, [])
        if fact_id not in users:
            users.append(fact_id)
    text = site.texts[source_id]
    return dict(sorted(passages.items(), key=lambda item: text.position(item[0])))
