"""W3C Web Annotations (JSON-LD): one per citation, tying a quoted passage to the fact it backs.

Each annotation's body is the fact's claim and its address on the site; its
target is the passage in the archived copy, selected by a
``TextQuoteSelector`` (``exact``, with up to ``AFFIX`` characters of
``prefix`` and ``suffix``, all from the archived text) and a
``TextPositionSelector`` (code-point offsets in the text as decoded from
UTF-8), one target per part of a quote with ellipses. The archived copy is its
address on the site where the full text is published, and otherwise the copy
itself named by its SHA-256 (an RFC 6920 ``ni:`` name) with the source's page
as its ``scope``. Where the report gives its own address, the original is a
target too, with the quote selector alone (Hypothesis and other annotation
tools anchor on it there).
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Iterator
from typing import Any

from briefing_gen.address import absolute
from briefing_gen.export_schemas import DATA_DIR
from briefing_gen.exports import json_lines
from briefing_gen.models import Citation, Fact, Source
from briefing_gen.site import Site, archived_text_name, fact_anchor, source_path

ANNOTATIONS = f"{DATA_DIR}/annotations.jsonld"
CONTEXT = "http://www.w3.org/ns/anno.jsonld"
AFFIX = 32  # characters of prefix and suffix, as annotation tools use
Span = tuple[int, int]  # offsets in the raw text: start, end


def render_annotations(site: Site) -> bytes:
    """The collection, one annotation per line (``json_lines``)."""
    collection_id = _id(site, "", "collection")
    archived = {source_id: _archived_copy(site, source) for source_id, source in site.sources.items()}
    head = {
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": f"{site.settings.site_name}: the passages quoted as evidence for each fact",
        "total": sum(len(fact.citations) for fact in site.facts.values()),
    }
    page = {"id": _id(site, "page-1", "page-1"), "type": "AnnotationPage", "startIndex": 0}
    opening = json.dumps(head, ensure_ascii=False)[:-1] + ', "first": ' + json.dumps(page, ensure_ascii=False)[:-1]
    items = (item for fact in site.facts.values() for item in fact_annotations(site, fact, archived, collection_id))
    return json_lines(opening + ', "items": [', items, "]}}")


def _id(site: Site, fragment: str, name: str) -> str:
    """An address where the site's is known; else a name made from the site's name and ``name``, the same every build."""
    found = absolute(site.settings.site_url, ANNOTATIONS, fragment)
    return found or uuid.uuid5(uuid.NAMESPACE_URL, f"briefing_gen {site.settings.site_name} {name}").urn


def fact_annotations(
    site: Site, fact: Fact, archived: dict[str, dict[str, str]], collection_id: str
) -> Iterator[dict[str, Any]]:
    """One annotation per citation of a fact: the claim (and where the fact is shown) on the passage it quotes.

    ``archived`` is each source's archived copy as a target (``source``, and ``scope`` where it applies);
    without the site's address, an annotation's id is the collection's with a fragment. The body and the
    creator are the fact's and the site's: made once, written into each of its annotations.
    """
    creator = {"type": "Organization", "name": site.settings.site_name}
    body = _body(site, fact)
    for number, citation in enumerate(fact.citations, start=1):
        fragment = f"{fact.id}-{number}"
        yield {
            "id": absolute(site.settings.site_url, ANNOTATIONS, fragment) or f"{collection_id}#{fragment}",
            "type": "Annotation",
            "motivation": "linking",
            "creator": creator,
            "body": body,
            "target": _targets(site, citation, archived[citation.source]),
        }


def _body(site: Site, fact: Fact) -> list[dict[str, Any]]:
    """The fact's claim, and the address of the first page that shows it where the site's address is known."""
    body: list[dict[str, Any]] = [
        {
            "type": "TextualBody",
            "value": fact.flat_claim,
            "format": "text/plain",
            "language": site.settings.language,
            "purpose": "describing",
        }
    ]
    shown = site.pages_showing(fact.id)
    where = absolute(site.settings.site_url, shown[0][0], fact_anchor(fact.id)) if shown else None
    if where is not None:
        body.append({"id": where, "type": "Text", "purpose": "linking"})
    return body


def _targets(site: Site, citation: Citation, archived: dict[str, str]) -> list[dict[str, Any]]:
    """Each part of the quote in the archived copy, then, where the report gives its address, in the original."""
    source = site.sources[citation.source]
    text = site.texts[source.id]
    selectors = [[quote_selector(text.raw, span), _position_selector(span)] for span in text.raw_spans(citation.quote)]
    targets = [{"type": "SpecificResource", **archived, "selector": chosen} for chosen in selectors]
    if source.has_url:
        targets += [_target(source.url, [chosen[0]]) for chosen in selectors]
    return targets


def _archived_copy(site: Site, source: Source) -> dict[str, str]:
    """The archived copy as a target's ``source``: its address where published, else its content's name,
    with the source's page as ``scope``."""
    published = absolute(site.settings.site_url, f"sources/{archived_text_name(source)}")
    if source.rights.full_text_allowed and published is not None:
        return {"source": published}
    page = absolute(site.settings.site_url, source_path(source.id))
    return {"source": named_copy(source.sha256), **({"scope": page} if page is not None else {})}


def _position_selector(span: Span) -> dict[str, Any]:
    return {"type": "TextPositionSelector", "start": span[0], "end": span[1]}


def _target(source: str, selectors: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "SpecificResource", "source": source, "selector": selectors}


def quote_selector(raw: str, span: Span) -> dict[str, Any]:
    return {
        "type": "TextQuoteSelector",
        "exact": raw[span[0] : span[1]],
        "prefix": raw[max(0, span[0] - AFFIX) : span[0]],
        "suffix": raw[span[1] : span[1] + AFFIX],
    }


def named_copy(sha256: str) -> str:
    """The archived copy named by its content (RFC 6920): ``ni:///sha-256;<base64url digest, unpadded>``."""
    digest = base64.urlsafe_b64encode(bytes.fromhex(sha256)).decode("ascii").rstrip("=")
    return f"ni:///sha-256;{digest}"
