"""Every file the docs folder holds: the pages (``render``), then what the whole site publishes beside them.

The timeline, the Atom feed of editions and the open data (facts, sources,
annotations and their schemas, with a page that describes them) are built
from the same checked corpus, with no I/O, like the pages.
"""

from __future__ import annotations

from collections.abc import Sequence

from briefing_gen import markdown_text as md
from briefing_gen.annotations import ANNOTATIONS, render_annotations
from briefing_gen.export_schemas import DATA_DIR, schema_files
from briefing_gen.exports import FACTS_CSV, FACTS_JSON, SOURCES_JSON, facts_csv, facts_json, sources_json
from briefing_gen.feed import FEED, render_feed
from briefing_gen.parallel import meanwhile
from briefing_gen.render import render_site
from briefing_gen.site import Site
from briefing_gen.timeline import TIMELINE, TITLE, render_timeline

DATA_PAGE = f"{DATA_DIR}.md"  # published at data/, beside the files (a page, not a section of the navigation)
DATA_TITLE = "Open data"


def site_files(site: Site) -> dict[str, bytes]:
    """Every file of the docs folder, by path."""
    return dict(sorted((render_site(site) | whole_site_files(site)).items()))


def whole_site_files(site: Site) -> dict[str, bytes]:
    """What the whole site publishes beside the pages: timeline, feed, open data."""
    files: dict[str, bytes] = {}
    worth_it = len(site.facts) >= FACTS_WORTH_A_CHILD
    with meanwhile(_annotations, [site], worth_it) as annotations:  # in a child (``parallel``), meanwhile the rest
        files[TIMELINE] = (md.front_matter(TITLE) + render_timeline(site)).encode("utf-8")
        files[FEED] = render_feed(site).encode("utf-8")
        files[FACTS_JSON] = facts_json(site)
        files[FACTS_CSV] = facts_csv(site)
        files[SOURCES_JSON] = sources_json(site)
        files[ANNOTATIONS] = annotations.result()[0]
    files |= schema_files()
    files[DATA_PAGE] = (md.front_matter(DATA_TITLE) + render_data_page(site)).encode("utf-8")
    return files


FACTS_WORTH_A_CHILD = 2000  # facts: the annotations of fewer are written in less time than a child costs


def _annotations(sites: Sequence[Site]) -> list[bytes]:
    return [render_annotations(site) for site in sites]


def render_data_page(site: Site) -> str:
    """What each data file holds, with its schema."""
    rows = [
        (
            "facts.json",
            f"Every fact ({len(site.facts)}): id, topic, date and how precise it is, claim, the "
            "editors' words, the briefings and pages that show it, and its citations (source, quote, reported "
            "value, reading).",
        ),
        (
            "facts.csv",
            "The same facts for spreadsheets, one row per citation. A cell that would start with "
            "=, +, -, @ or a tab starts with a ' so that no spreadsheet runs it as a formula.",
        ),
        (
            "sources.json",
            f"Every archived report ({len(site.sources)}): what is known of its origin and its "
            "rights, the SHA-256 of the archived text, and where its page and (where published) its text are.",
        ),
        (
            "annotations.jsonld",
            "A W3C Web Annotation for each quotation: the passage in the archived text "
            "(quote and position selectors) and in the original where the report gives its address, linked to "
            "the fact it backs.",
        ),
    ]
    lines = [
        f"# {DATA_TITLE}",
        "",
        "The facts and sources behind the briefings, for reuse: built with the site from the same checked "
        "files, so every quote in them has been checked word for word against its archived report.",
        "",
        "| File | What it holds | Schema |",
        "| --- | --- | --- |",
    ]
    for name, what in rows:
        schema = name.removesuffix(".jsonld").removesuffix(".json") + ".schema.json"
        lines.append(f"| [{name}]({DATA_DIR}/{name}) | {what} | [{schema}]({DATA_DIR}/{schema}) |")
    lines += [
        "",
        "The quotations are the reports' own words: their rights stay with the reports' publishers, and "
        "sources.json says what is known of each. New editions of the briefings are announced in the "
        "[updates feed](feed.xml) (Atom), and the [timeline](timeline.md) lists every dated fact.",
    ]
    return "\n".join(lines) + "\n"
