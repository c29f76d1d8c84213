"""The date a saved web page states as its own publication date, and no other.

A page carries many dates: when it was last modified, other stories' dates in a
sidebar, a copyright year in the footer, comments. Only markup that names a date
as this page's publication date is read: the meta tags for it
(``article:published_time``, ``date``, ``dc.date.issued``, ``dcterms.issued``,
``datePublished``), ``datePublished`` of an article in the page's JSON-LD, and a
``<time>`` marked ``itemprop="datePublished"`` or ``pubdate`` inside an
``<article>`` (not in an aside, a navigation bar or a footer). Nothing is read
from the page's prose. A date must be written YYYY-MM-DD (``12/03/2024`` reads
two ways), and where the markup gives two different dates, neither is taken:
the contributor reads the date from the text. What was set aside is said, as a
hint, never recorded.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

# Meta tags (by property, name or itemprop, in any case) that name the publication date.
PUBLISHED_META = ("article:published_time", "date", "dc.date.issued", "dcterms.issued", "datepublished")
MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified", "last-modified")
# JSON-LD types whose datePublished is a report's (a page's graph also describes its site, its authors...).
_ARTICLE_TYPES = ("BlogPosting", "LiveBlogPosting", "Report", "SocialMediaPosting")
_OUTSIDE = "ancestor::aside or ancestor::nav or ancestor::footer"
_ISO_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")


@dataclass
class PageDate:
    """The publication date the page states (None if it states none, or not clearly), and what was set aside."""

    published: str | None = None
    hints: list[str] = field(default_factory=list)


def publication_date(tree: Any) -> PageDate:
    """What the page's markup says of when it was published; ``tree`` is an lxml HTML element."""
    stated = [*_meta(tree, PUBLISHED_META), *_json_ld_dates(tree), *_time_elements(tree)]
    found = PageDate()
    days = sorted({day for value in stated if (day := _day(value)) is not None})
    for value in dict.fromkeys(value for value in stated if _day(value) is None):
        found.hints.append(
            f"the page's metadata gives '{value}' as its publication date, which is not written YYYY-MM-DD "
            "and may read more than one way; record it in published only if the text gives it"
        )
    if len(days) == 1:
        found.published = days[0]
    elif days:
        found.hints.append(
            f"the page's metadata gives more than one publication date ({', '.join(days)}); "
            "record the one the text gives, if it gives one"
        )
    if found.published is None:
        for value in dict.fromkeys(_meta(tree, MODIFIED_META)):
            found.hints.append(
                f"the page's metadata gives '{value}' as when it was modified, not published; "
                "record a date in published only if the text gives it"
            )
    return found


def _day(value: str) -> str | None:
    """The day of an ISO 8601 date or date and time, as written; None for any other form or no real day."""
    written = _ISO_DAY.fullmatch(value.strip())
    if written is None:
        return None
    try:
        day = dt.date.fromisoformat(written.group(1))
    except ValueError:
        return None
    return day.isoformat() if 1900 <= day.year <= 2099 else None


def _meta(tree: Any, names: tuple[str, ...]) -> list[str]:
    found = []
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        value = (meta.get("content") or "").strip()
        if key in names and value and not meta.xpath(_OUTSIDE):
            found.append(value)
    return found


def _json_ld_dates(tree: Any) -> list[str]:
    found = []
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue  # a page's broken structured data states nothing
        for item in _top_level_items(data):
            published = item.get("datePublished")
            if _is_article(item.get("@type")) and isinstance(published, str) and published.strip():
                found.append(published.strip())
    return found


def _top_level_items(data: Any) -> list[dict[str, Any]]:
    """The objects the page describes itself with; nested ones (a related story, a citation) are others'."""
    items = data if isinstance(data, list) else [data]
    graph = [node for item in items if isinstance(item, dict) for node in _as_list(item.get("@graph"))]
    return [item for item in [*items, *graph] if isinstance(item, dict)]


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _is_article(kind: Any) -> bool:
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and (k.endswith("Article") or k in _ARTICLE_TYPES) for k in kinds)


def _time_elements(tree: Any) -> list[str]:
    marked = "translate(@itemprop, 'DATEPUBLISHED', 'datepublished') = 'datepublished' or @pubdate"
    times = tree.xpath(f"//article//time[@datetime][{marked}][not({_OUTSIDE})]")
    return [value for time in times if (value := (time.get("datetime") or "").strip())]
