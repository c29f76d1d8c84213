"""The checked corpus as the pages need it, and where each page of the site lives.

``Site`` holds the models by id in a fixed order, with the lookups every page
shares (which pages show a fact, each source's label, the quoted passages of a
source). The path functions are the one place that says where a briefing, a
source page, a passage or a PDF is published.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from briefing_gen import markdown_text as md
from briefing_gen.config import Repository, Settings
from briefing_gen.history import History
from briefing_gen.labels import Label, source_labels, source_reference
from briefing_gen.load import Corpus
from briefing_gen.models import Briefing, Citation, Context, Fact, Reading, Source, Topic
from briefing_gen.quotes import SourceText
from briefing_gen.retelling import Retelling, find_moves
from briefing_gen.updates import EditionMark, edition_mark

HOME_INTRO = "home.md"
COMBINED_PDF = "all-briefings"
BACKGROUND = "background.md"
TOPICS = "topics.md"
REPORT_FORM = "report-an-error.yml"  # .github/ISSUE_TEMPLATE/, whose 'fact' field the link fills in


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
    topics: list[Topic] = field(default_factory=list)  # as the editors declared them, in their order
    settings: Settings = field(default_factory=Settings)  # the site's name, address and language
    history: History = field(default_factory=History)  # editions, from git (build.load_site reads it)
    withdrawn: dict[str, str] = field(default_factory=dict)  # the editors' reason, by fact id (content/withdrawn.yaml)

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
            topics=list(corpus.topics.model.topics) if corpus.topics else [],
            withdrawn={w.id: w.reason for w in corpus.withdrawn.model.withdrawn} if corpus.withdrawn else {},
        )

    def edit_link(self, key: str, label: str) -> str:
        """A link to the file and line where ``key`` is written ('' without a repository)."""
        if self.repository is None or key not in self.origins:
            return ""
        path, line = self.origins[key]
        return f"[{label}]({md.url(self.repository.file_at(path, line))}){{: .edit-link .web-only }}"

    def report_link(self, fact_id: str) -> str:
        """A link that opens the 'report an error' form with the fact's id filled in ('' without a repository)."""
        if self.repository is None:
            return ""
        fields = {"title": f"Error in fact: {fact_id}", "fact": fact_id}
        address = self.repository.issue_form(REPORT_FORM, fields)
        return f"[report an error]({md.url(address)}){{: .report-link .web-only }}"

    def edition(self, briefing: Briefing) -> EditionMark:
        """The briefing's edition and its date, for the page header and the PDF cover."""
        return edition_mark(self.history.of(briefing.id), self.history.reason)

    @property
    def title(self) -> str:
        """The site's title: the first heading of the home page's introduction."""
        return md.heading_text(self.pages.get(HOME_INTRO, b"").decode("utf-8-sig")) or "Briefings"

    @functools.cached_property
    def retelling(self) -> Retelling:
        """Where facts moved between briefings, where they are now, and which wordings the editors withdrew."""
        return Retelling(
            moves=find_moves(self.history),
            briefings={b.id: (briefing_path(b), b.title) for b in self.briefings},
            showing=self.pages_showing,
            withdrawn=self.withdrawn,
            current={fact_id: fact.flat_claim for fact_id, fact in self.facts.items()},
        )

    @functools.cached_property
    def labels(self) -> dict[str, Label]:
        """How notes and boxes name each source, told apart from every other source."""
        return source_labels(self.sources.values())

    def pages_showing(self, fact_id: str) -> list[tuple[str, str]]:
        """(page path, page title) of every page that shows a fact."""
        return self._pages_by_fact.get(fact_id, [])

    def anchor_on(self, path: str, fact_id: str) -> str:
        """The fact's anchor on the page at ``path``, where that page shows it ("" where it does not)."""
        return fact_anchor(fact_id) if any(shown == path for shown, _ in self.pages_showing(fact_id)) else ""

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

    def passage_anchor(self, citation: Citation) -> str:
        """The anchor of a citation's passage on its source page (see ``passage_anchor``)."""
        key = (citation.source, citation.quote)
        anchor = self._anchors.get(key)
        if anchor is None:  # asked by every note and source page that shows the passage: worked out once
            spans = self.texts[citation.source].segment_spans(citation.quote)
            anchor = self._anchors[key] = passage_anchor(spans[0][0], spans[-1][1])
        return anchor

    @functools.cached_property
    def _anchors(self) -> dict[tuple[str, str], str]:
        return {}

    @functools.cached_property
    def full_references(self) -> dict[tuple[int, str], str]:
        """Each source's line in a page's list of sources, by the page's depth and the source id (see ``notes``)."""
        return {}

    @functools.cached_property
    def references(self) -> dict[str, str]:
        """Each source's full reference, as every list of sources gives it (Markdown): made once, used on many pages."""
        return {source_id: source_reference(source) for source_id, source in self.sources.items()}


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@functools.cache  # asked for every link, anchor and path of every page: a corpus has few ids
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


def archived_text_name(source: Source) -> str:
    return f"{slug(source.id)}.txt"


def fact_anchor(fact_id: str) -> str:
    return f"fact-{slug(fact_id)}"


def passage_anchor(start: int, end: int) -> str:
    """A quoted passage's anchor: where it starts and ends in the archived text, once normalised.

    Archived texts never change (their digest is checked), so the anchor of a
    passage never changes either, whatever is quoted before it later.
    """
    return f"passage-{start}-{end}"


def relative(page: str, target: str) -> str:
    """A link from one docs page to another, relative as Markdown wants it."""
    return "../" * page.count("/") + target
