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
from typing import Any

from briefing_gen.address import absolute
from briefing_gen.export_schemas import DATA_DIR
from briefing_gen.models import Citation, Fact, Source
from briefing_gen.site import Site, archived_text_name, fact_anchor, source_path

ANNOTATIONS = f"{DATA_DIR}/annotations.jsonld"
CONTEXT = "http://www.w3.org/ns/anno.jsonld"
AFFIX = 32  # characters of prefix and suffix, as annotation tools use
Span = tuple[int, int]  # offsets in the raw text: start, end


def render_annotations(site: Site) -> bytes:
    items = [
        annotation(site, fact, number, citation)
        for fact in site.facts.values()
        for number, citation in enumerate(fact.citations, start=1)
    ]
    collection = {
        "@context": CONTEXT,
        "id": _id(site, ANNOTATIONS, "", "collection"),
        "type": "AnnotationCollection",
        "label": f"{site.settings.site_name}: the passages quoted as evidence for each fact",
        "total": len(items),
        "first": {
            "id": _id(site, ANNOTATIONS, "page-1", "page-1"),
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    }
    return (json.dumps(collection, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _id(site: Site, docs_path: str, fragment: str, name: str) -> str:
    """An address where the site's is known; else a name made from the site's name and ``name``, the same every build."""
    found = absolute(site.settings.site_url, docs_path, fragment)
    return found or uuid.uuid5(uuid.NAMESPACE_URL, f"briefing_gen {site.settings.site_name} {name}").urn


def annotation(site: Site, fact: Fact, number: int, citation: Citation) -> dict[str, Any]:
    source = site.sources[citation.source]
    raw = site.texts[source.id].raw
    text = site.texts[source.id]
    spans = [text.raw_span(start, end) for start, end in text.segment_spans(citation.quote)]
    body: list[dict[str, Any]] = [
        {
            "type": "TextualBody",
            "value": " ".join(fact.claim.split()),
            "format": "text/plain",
            "language": site.settings.language,
            "purpose": "describing",
        }
    ]
    shown = site.pages_showing(fact.id)
    where = absolute(site.settings.site_url, shown[0][0], fact_anchor(fact.id)) if shown else None
    if where is not None:
        body.append({"id": where, "type": "Text", "purpose": "linking"})
    targets = [_archived_target(site, source, raw, span) for span in spans]
    if source.has_url:
        targets += [_target(source.url, [quote_selector(raw, span)]) for span in spans]
    return {
        "id": _id(site, ANNOTATIONS, f"{fact.id}-{number}", f"{fact.id} {number}"),
        "type": "Annotation",
        "motivation": "linking",
        "creator": {"type": "Organization", "name": site.settings.site_name},
        "body": body,
        "target": targets,
    }


def _archived_target(site: Site, source: Source, raw: str, span: Span) -> dict[str, Any]:
    selectors = [quote_selector(raw, span), {"type": "TextPositionSelector", "start": span[0], "end": span[1]}]
    published = absolute(site.settings.site_url, f"sources/{archived_text_name(source)}")
    if source.rights.full_text_allowed and published is not None:
        return _target(published, selectors)
    target = _target(named_copy(source.sha256), selectors)
    page = absolute(site.settings.site_url, source_path(source.id))
    return {**target, "scope": page} if page is not None else target


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
