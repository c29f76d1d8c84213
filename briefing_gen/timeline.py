"""The timeline page: every dated fact, in date order across the briefings, grouped by month.

A date is placed only as precisely as it is known. A fact dated "2024-09"
is listed after the days of September 2024 as "September 2024 (day not
given)", never on 1 September; one dated "2024" comes after the months of 2024,
in a group of its own, never in January. Each entry links to the fact on every
page that shows it, and says where the date is the editors' own working-out.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing_gen import markdown_text as md
from briefing_gen.models import Fact
from briefing_gen.site import Site, fact_anchor

TIMELINE = "timeline.md"
TITLE = "Timeline"
AFTER_EVERY_MONTH = 13  # a year-only date sorts after the year's months
AFTER_EVERY_DAY = 32  # a month-only date sorts after the month's days


@dataclass(frozen=True)
class Placed:
    """Where a fact's date puts it: a sort key and the group and label a reader sees."""

    key: tuple[int, int, int]
    group: str
    label: str


def place(date: str) -> Placed:
    """A date as precise as it is given: a day, a month (day not given) or a year (month not given)."""
    parts = [int(part) for part in date.split("-")]
    if len(parts) == 1:
        return Placed((parts[0], AFTER_EVERY_MONTH, 0), f"{parts[0]}, month not given", f"{parts[0]} (month not given)")
    month = md.human_date(date[:7])
    if len(parts) == 2:
        return Placed((parts[0], parts[1], AFTER_EVERY_DAY), month, f"{month} (day not given)")
    return Placed((parts[0], parts[1], parts[2]), month, md.human_date(date))


def render_timeline(site: Site) -> str:
    """The page: an introduction, then one section per month (or year, for dates with no month), oldest first."""
    dated = sorted(
        ((place(fact.date), fact) for fact in site.facts.values() if fact.dated and site.pages_showing(fact.id)),
        key=lambda item: (item[0].key, item[1].id),
    )
    lines = [f"# {TITLE}", "", *_introduction(len(dated)), ""]
    group = None
    for placed, fact in dated:
        if placed.group != group:
            group = placed.group
            lines += [*([""] if lines[-1] else []), f"## {group}", ""]
        lines.append(_entry(site, placed, fact))
    return "\n".join(lines).rstrip("\n") + "\n"


def _introduction(count: int) -> list[str]:
    return [
        f"Every dated fact in the briefings ({count}), oldest first, each linked to where it is shown with its "
        "sources. A date is given only as precisely as the reports give it: a fact dated only to a month is "
        "listed after that month's days, one dated only to a year after that year's months.",
    ]


def _entry(site: Site, placed: Placed, fact: Fact) -> str:
    where = "; ".join(
        f"[{md.text(title)}]({path}#{fact_anchor(fact.id)})" for path, title in site.pages_showing(fact.id)
    )
    worked_out = " *Date worked out by the editors.*" if fact.date_basis is not None else ""
    return f"- **{placed.label}.** {md.text(fact.claim)}{worked_out} ({where})"
