"""Render stage: the validated corpus as Markdown pages, with no I/O.

``render_site`` returns ``{path inside docs: file content}``. Pages use plain
Markdown plus Python-Markdown's own extensions (footnotes, admonition,
attr_list, md_in_html, tables), so any site engine that reads Python-Markdown
can publish them. Notes (``notes``) are numbered by first use in a page's
body, one per distinct citation; source pages are ``source_page``'s.
"""

from __future__ import annotations

from collections.abc import Sequence

from briefing_gen import markdown_text as md
from briefing_gen.address import absolute
from briefing_gen.alignment import carries
from briefing_gen.citation import CITE_ANCHOR, cite_for, cite_lines
from briefing_gen.editorial import Apparatus, editorial_lines
from briefing_gen.labels import display_title
from briefing_gen.models import Briefing, Citation, Context, Fact, KeyPoint, Source
from briefing_gen.notes import Notes
from briefing_gen.parallel import meanwhile
from briefing_gen.retelling import Place
from briefing_gen.site import (
    BACKGROUND,
    COMBINED_PDF,
    HOME_INTRO,
    TOPICS,
    Site,
    archived_text_name,
    briefing_path,
    fact_anchor,
    pdf_path,
    relative,
    slug,
    source_path,
)
from briefing_gen.source_page import Passage, quoted_passages, render_source_index, render_sources
from briefing_gen.structured import report
from briefing_gen.terms import extract_terms
from briefing_gen.updates import PageLinks, edition_line, what_changed


def render_site(site: Site) -> dict[str, bytes]:
    """Every file of the docs folder, by path."""
    # Where each quoted passage stands is worked out here, before the source pages are given to a child
    # (``parallel``): the annotations select the same words later.
    sources = [(source, quoted_passages(site, source.id)) for source in site.sources.values()]
    worth_it = len(sources) >= SOURCES_WORTH_A_CHILD
    with meanwhile(lambda part: _source_pages(site, part), sources, worth_it) as source_pages:
        pages = _other_pages(site)
        for (source, _), page in zip(sources, source_pages.result(), strict=True):
            pages[source_path(source.id)] = page
            if source.rights.full_text_allowed:  # the repository keeps every text; the site only those it may publish
                pages[f"sources/{archived_text_name(source)}"] = _encode(site.texts[source.id].file_text)
    return dict(sorted(pages.items()))


def _other_pages(site: Site) -> dict[str, bytes]:
    """Every page but the sources' own."""
    pages = {path: _hand_written(path, content) for path, content in site.pages.items() if path != HOME_INTRO}
    pages["index.md"] = _page(site.title, render_home(site))
    pages["briefings/index.md"] = _page("Briefings", render_briefing_index(site))
    pages["sources/index.md"] = _page("Sources", render_source_index(site))
    for briefing in site.briefings:
        meta: dict[str, object] = {"jsonld": briefing_data(site, briefing)}
        pages[briefing_path(briefing)] = _page(briefing.title, render_briefing(site, briefing), briefing.lede, meta)
    if site.context is not None:
        pages[BACKGROUND] = _page(site.context.title, render_background(site, site.context))
    if site.topics:
        pages[TOPICS] = _page("Topics", render_topics(site))
    return pages


SOURCES_WORTH_A_CHILD = 100  # source pages: fewer are made in less time than a child costs


def _source_pages(site: Site, sources: Sequence[tuple[Source, list[Passage]]]) -> list[bytes]:
    return [_page(display_title(source), markdown) for source, markdown in render_sources(site, sources)]


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


def render_fact(site: Site, fact: Fact, notes: Notes) -> list[str]:
    """A fact as a paragraph with its note calls, anchor and any differences."""
    single = " *Single source.*{: .single-source }" if len(fact.sources) == 1 else ""
    edit = " · ".join(link for link in (site.edit_link(f"fact:{fact.id}", "edit"), site.report_link(fact.id)) if link)
    date = f"**{md.human_date(fact.date)}.** " if fact.dated else ""
    lines = [
        f"{date}{md.text(fact.claim)}{notes.calls(fact.citations)}{single}{' ' + edit if edit else ''}",
        f"{{: #{fact_anchor(fact.id)} .fact }}",
        "",
    ]
    apparatus = Apparatus(
        label=lambda source_id: md.text(site.labels[source_id].name),
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
    return f"[{claim}]({relative(page, target)}#{fact_anchor(fact_id)}) (in *{md.text(title)}*)"


def render_briefing(site: Site, briefing: Briefing) -> str:
    """Title, as-of line, lede, key points, the sections of facts, then the notes and the list of sources.

    The sections are rendered first, so notes are numbered in the order a
    reader meets them there; the key points call the same notes.
    """
    page = briefing_path(briefing)
    notes = Notes(site, page)
    sources = site.sources_of(briefing.fact_ids)
    body = _sections(site, briefing, notes)
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
        f'!!! abstract {KEY_POINTS_CLASS} "Key points"',
        "",
    ]
    for point in briefing.key_points:
        lines.append(f"    - {md.text(point.text)}{notes.calls(_backing(site, point))}")
    cite = cite_lines(cite_for(site.settings, briefing, site.edition(briefing), page))
    # On the web only: the PDF gives its edition on the cover and its citation in the colophon.
    updates = ['<div class="web-only" markdown="1">', "", *_editions(site, briefing), *cite, "</div>"]
    return _joined([*lines, "", *body, *notes.lines(), "", *updates, *_pager(site, briefing)])


def _editions(site: Site, briefing: Briefing) -> list[str]:
    """The "What changed" section: each edition with what it changed, the claims linked where shown here."""
    shown = set(briefing.fact_ids)

    def link(fact_id: str, claim: str) -> str:
        return f"[{md.text(claim)}](#{fact_anchor(fact_id)})" if fact_id in shown else md.text(claim)

    def label(source_id: str) -> str:
        return md.text(site.labels[source_id].name) if source_id in site.labels else source_id

    def files_at(commit: str) -> str | None:
        return f"{site.repository.url}/tree/{commit}" if site.repository else None

    def place(where: Place, fact_id: str) -> str:
        path, title = where
        anchor = site.anchor_on(path, fact_id)
        target = relative(briefing_path(briefing), path) + (f"#{anchor}" if anchor else "")
        return f"[{md.text(title)}]({target})"

    page = PageLinks(briefing.id, label, link, files_at, place, site.retelling)
    return what_changed(site.history.of(briefing.id), site.history.reason, page)


def _pager(site: Site, briefing: Briefing) -> list[str]:
    """Links to the previous and next briefing, in the site's order (web only: paper has its own order)."""
    index = site.briefings.index(briefing)
    here = briefing_path(briefing)
    links = []
    if index > 0:
        before = site.briefings[index - 1]
        links.append(f"[← Previous: {md.text(before.title)}]({relative(here, briefing_path(before))})")
    if index + 1 < len(site.briefings):
        after = site.briefings[index + 1]
        links.append(f"[Next: {md.text(after.title)} →]({relative(here, briefing_path(after))})")
    return ["", " ".join(links), "{: .briefing-pager .web-only }"] if links else []


KEY_POINTS_CLASS = "key-points"


def _sections(site: Site, briefing: Briefing, notes: Notes) -> list[str]:
    lines: list[str] = []
    for section in briefing.sections:
        lines += [f"## {md.text(section.title)}", ""]
        for fact_id in section.facts:
            lines += render_fact(site, site.facts[fact_id], notes)
        lines += _see_also(site, notes.page, section.see_also)
    return lines


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


def _joined(lines: list[str]) -> str:
    return "\n".join(lines).rstrip("\n") + "\n"


def render_background(site: Site, context: Context) -> str:
    notes = Notes(site, BACKGROUND)
    lines = [f"# {md.text(context.title)}", "", md.text(context.lede), ""]
    for fact_id in context.facts:
        lines += render_fact(site, site.facts[fact_id], notes)
    return _joined([*lines, *notes.lines()])


def render_home(site: Site) -> str:
    intro = site.pages.get(HOME_INTRO, b"# Briefings\n").decode("utf-8-sig").rstrip("\n")
    lines = [intro, "", "## Briefings", ""]
    for briefing in site.briefings:
        facts, sources = len(briefing.fact_ids), len(site.sources_of(briefing.fact_ids))
        lines += [
            f"- [{md.text(briefing.title)}]({briefing_path(briefing)})  ",
            f"  As of {md.human_date(briefing.as_of)} · {facts} facts from {sources} sources · "
            f"[PDF]({pdf_path(briefing.id)})",
        ]
    lines += ["", f"[Download all briefings as one PDF]({pdf_path(COMBINED_PDF)}){{: .download-pdf .web-only }}"]
    lines += ["", f"All {len(site.facts)} facts rest on {len(site.sources)} [archived reports](sources/index.md)."]
    if site.context is not None:
        lines.append(f"[{md.text(site.context.title)}]({BACKGROUND}) gathers the context a reader needs.")
    if site.topics:
        lines.append(f"[Topics]({TOPICS}) lists every fact by subject.")
    lines += ["", *HOME_LINKS]
    return "\n".join(lines) + "\n"


# Built beside the pages (see publish.py): the timeline, the open data and the feed of new editions.
HOME_LINKS = [
    "[Timeline](timeline.md) of every dated fact · [Open data](data.md): the facts, sources and quotations "
    "as JSON, CSV and Web Annotations · [Updates feed](feed.xml) (Atom) of each new edition",
    "{: .site-links }",
]


def render_topics(site: Site) -> str:
    """Every fact by the topic the editors filed it under, each linked to where it is shown in full."""
    filed: dict[str, list[str]] = {}
    for fact in site.facts.values():
        filed.setdefault(fact.topic, []).append(fact.id)
    lines = ["# Topics", "", "The facts on this site by subject; each links to the page that shows it in full.", ""]
    for topic in site.topics:
        lines += [f"## {md.text(topic.title)} {{: #topic-{slug(topic.id)} }}", "", md.text(topic.description), ""]
        links = [f"- {fact_link(site, TOPICS, fact_id)}" for fact_id in filed.get(topic.id, [])]
        lines += links or ["No fact is filed here yet."]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


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
