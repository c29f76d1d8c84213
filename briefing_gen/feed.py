"""An Atom feed of briefing updates: one entry per edition, with what it changed.

Entries come from the editions (``history``), newest first, each linking to
the edition's permanent address (the briefing's page at ``#edition-N``). Ids
are ``urn:uuid`` names made from the briefing and the edition's commit, so an
entry keeps its id wherever the site moves. Where the history is unavailable
the feed has no entries and says why. Every string is escaped for XML, and the
HTML of each entry's content for HTML as well; a character XML forbids (a
control character) becomes U+FFFD, so the feed always parses.
"""

from __future__ import annotations

import calendar
import datetime as dt
import html
import re
import uuid
from xml.sax.saxutils import escape, quoteattr

from briefing_gen import markdown_text as md
from briefing_gen.address import absolute, published_path
from briefing_gen.history import Edition
from briefing_gen.models import Briefing
from briefing_gen.site import Site, briefing_path
from briefing_gen.updates import ChangeLine, change_lines, edition_anchor, joined

FEED = "feed.xml"
ATOM = "http://www.w3.org/2005/Atom"
# Characters XML 1.0 allows nowhere, not even escaped: one would make the whole feed unreadable to a feed reader.
NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def feed_id(site: Site) -> str:
    return absolute(site.settings.site_url, FEED) or _urn(f"briefing_gen feed {site.settings.site_name}")


def _urn(name: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, name).urn


def render_feed(site: Site) -> str:
    entries = sorted(
        ((briefing, edition) for briefing in site.briefings for edition in _editions(site, briefing)),
        key=lambda item: (_utc(item[1].commit.time), item[0].id),
        reverse=True,
    )
    updated = max((_utc(e.commit.time) for _, e in entries), default=_as_of_time(site))
    title = f"{site.settings.site_name}: briefing updates"
    subtitle = (
        "Each new edition of a briefing, with what it changed."
        if site.history.available
        else f"The history of the briefings is unavailable: {site.history.reason}."
    )
    head = [
        f'<feed xmlns="{ATOM}" xml:lang={quoteattr(site.settings.language)}>',
        f"<title>{escape(title)}</title>",
        f"<subtitle>{escape(subtitle)}</subtitle>",
        f"<id>{escape(feed_id(site))}</id>",
        f"<updated>{updated}</updated>",
        f"<author><name>{escape(site.settings.site_name)}</name></author>",
        "<generator>briefing_gen</generator>",
        *_links(site),
    ]
    body = [line for briefing, edition in entries for line in _entry(site, briefing, edition)]
    document = '<?xml version="1.0" encoding="utf-8"?>\n' + "\n".join([*head, *body, "</feed>"]) + "\n"
    return NOT_XML.sub("\ufffd", document)  # U+FFFD, as a reader shows text it cannot read


def _editions(site: Site, briefing: Briefing) -> tuple[Edition, ...]:
    history = site.history.of(briefing.id)
    return history.editions if history is not None else ()


def _links(site: Site) -> list[str]:
    if site.settings.site_url is None:
        return ['<link rel="alternate" type="text/html" href="./"/>']
    return [
        f'<link rel="self" type="application/atom+xml" href={quoteattr(site.settings.site_url + FEED)}/>',
        f'<link rel="alternate" type="text/html" href={quoteattr(site.settings.site_url)}/>',
    ]


def _entry(site: Site, briefing: Briefing, edition: Edition) -> list[str]:
    address = _address(site, briefing, edition)
    return [
        "<entry>",
        f"<title>{escape(f'{briefing.title}: edition {edition.number}')}</title>",
        f"<id>{_urn(f'briefing_gen {briefing.id} {edition.commit.sha}')}</id>",
        f"<updated>{_utc(edition.commit.time)}</updated>",
        f'<link rel="alternate" type="text/html" href={quoteattr(address)}/>',
        f'<content type="html">{escape(_content(site, briefing, edition, address))}</content>',
        "</entry>",
    ]


def _address(site: Site, briefing: Briefing, edition: Edition) -> str:
    fragment = edition_anchor(edition.number)
    path = briefing_path(briefing)
    return absolute(site.settings.site_url, path, fragment) or f"{published_path(path)}#{fragment}"


def _content(site: Site, briefing: Briefing, edition: Edition, address: str) -> str:
    """The entry's HTML: which edition, of what, when, and each change."""
    when = md.human_date(edition.commit.date)
    intro = f'<p>Edition {edition.number} of <a href="{html.escape(address)}">{html.escape(briefing.title)}</a>, {when}.</p>'
    if edition.number == 1:
        return intro + "<p>First edition.</p>"

    def label(source_id: str) -> str:
        return site.labels[source_id].name if source_id in site.labels else source_id

    lines = change_lines(edition, label, briefing.id, site.retelling)
    items = "".join(f"<li>{_kind(site, line)}: {html.escape(_said(line))}</li>" for line in lines)
    return f"{intro}<ul>{items}</ul>"


def _said(line: ChangeLine) -> str:
    return " ".join(p for p in (line.wording, f"({line.note})" if line.wording and line.note else line.note) if p)


def _kind(site: Site, line: ChangeLine) -> str:
    """How a line begins, as HTML: "Added", or "Moved to" and the pages it names, linked to the fact there."""
    links = []
    for path, title in line.places:
        fragment = site.anchor_on(path, line.fact_id)
        address = absolute(site.settings.site_url, path, fragment) or published_path(path, fragment)
        links.append(f'<a href="{html.escape(address)}">{html.escape(title)}</a>')
    return " ".join([html.escape(line.kind), *([joined(links)] if links else [])])


def _utc(time: str) -> str:
    """An ISO 8601 time as UTC, second precision, 'Z'-suffixed (RFC 3339, as Atom wants)."""
    moment = dt.datetime.fromisoformat(time).astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _as_of_time(site: Site) -> str:
    """Without history, the feed is as current as the briefings' latest as-of date (midnight UTC that day)."""
    latest = max((b.as_of for b in site.briefings), default="1970")
    year, month, day = ([int(part) for part in latest.split("-")] + [1, 1])[:3]
    moment = dt.datetime.fromtimestamp(calendar.timegm((year, month, day, 0, 0, 0)), dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
