"""schema.org data for a briefing page (JSON-LD): what search engines and reference managers read of it.

A ``Report`` with its edition and dates where the history gives them, and a
``citation`` for each report it rests on, as a ``NewsArticle`` where the
source file says the text is news (``kind``), else as a ``CreativeWork``, with
what is known of it and nothing more. The data goes in
the page's front matter; the theme's template writes it into the page's head
as JSON with '<', '>' and '&' escaped.
"""

from __future__ import annotations

from typing import Any

from briefing_gen.config import Settings
from briefing_gen.models import UNKNOWN, Briefing, Source
from briefing_gen.updates import EditionMark

SCHEMA_ORG = "https://schema.org"


def report(
    briefing: Briefing, sources: list[Source], settings: Settings, mark: EditionMark, address: str | None
) -> dict[str, Any]:
    """The briefing as a schema.org Report."""
    data: dict[str, Any] = {
        "@context": SCHEMA_ORG,
        "@type": "Report",
        "headline": " ".join(briefing.title.split()),
        "description": " ".join(briefing.lede.split()),
        "inLanguage": settings.language,
        "publisher": _organisation(settings.site_name, settings.site_url),
    }
    if address is not None:
        data["url"] = address
    if mark.number is not None and not mark.uncommitted:
        data |= {"version": str(mark.number), "dateModified": mark.iso_date}
    data["citation"] = [cited_work(source) for source in sources]
    return data


def cited_work(source: Source) -> dict[str, Any]:
    """A source as schema.org has it: its headline (or opening words), publisher, authors, date, address."""
    article: dict[str, Any] = {"@type": "NewsArticle" if source.kind == "news" else "CreativeWork"}
    key = "headline" if source.title_is == "headline" else "name"
    article[key] = " ".join(source.title.split())
    if source.publisher != UNKNOWN:
        article["publisher"] = _organisation(source.publisher, None)
    if source.credits:
        article["author"] = [_organisation(name, None) for name in source.credits]
    if source.published != UNKNOWN:
        article["datePublished"] = source.published
    if source.has_url:
        article["url"] = source.url
    if source.language != UNKNOWN:
        article["inLanguage"] = source.language
    return article


def _organisation(name: str, url: str | None) -> dict[str, Any]:
    found: dict[str, Any] = {"@type": "Organization", "name": " ".join(name.split())}
    if url is not None:
        found["url"] = url
    return found
