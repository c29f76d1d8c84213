"""How a report is named to readers: a short label for notes, a full reference for the list of sources.

A label says whose story a report is and when it appeared, as far as its
metadata establishes either, and no further: "AFP via techxplore.com,
2 September 2024", "Reuters, dated “Sept 2”, no year", "Unattributed report
“Shipping news”, undated". A report with neither author nor
publisher, or one whose name another report shares, is told apart by the
first words of its title. A source file may give its own ``label`` for the
name; the date part is always worked out from the metadata.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from briefing_gen import markdown_text as md
from briefing_gen.models import UNKNOWN, Source

UNATTRIBUTED = "Unattributed report"
HINT_WORDS = 4


@dataclass(frozen=True)
class Label:
    """A source's name (whose story, told apart from the others) and when it appeared. Plain text."""

    name: str
    when: str

    @property
    def note(self) -> str:
        """As a note gives it: 'Reuters, dated “Sept 2”, no year'."""
        return f"{self.name}, {self.when}"


def source_labels(sources: Iterable[Source]) -> dict[str, Label]:
    """Every source's label by id; names that two sources would share get their titles' first words."""
    sources = list(sources)
    names = {source.id: source.label or _author(source) for source in sources}
    shared = Counter(names.values())
    return {
        source.id: Label(_told_apart(source, names[source.id], shared[names[source.id]] > 1), _when(source))
        for source in sources
    }


def _author(source: Source) -> str:
    """Whose story: the credited authors, and the publisher where it is someone else."""
    credits = " and ".join(source.credits)
    publisher = source.publisher if source.publisher != UNKNOWN else ""
    if credits and publisher and publisher not in source.credits:
        return f"{credits} via {publisher}"
    return credits or publisher or UNATTRIBUTED


def _told_apart(source: Source, name: str, shared: bool) -> str:
    if source.label is None and (shared or name == UNATTRIBUTED):
        return f"{name} “{title_hint(source)}”"
    return name


def title_hint(source: Source) -> str:
    """The first few words of a report's title, enough to recognise it."""
    words = source.title.split()
    return " ".join(words) if len(words) <= HINT_WORDS else " ".join(words[:HINT_WORDS]).rstrip(",;:") + "…"


def _when(source: Source) -> str:
    if source.published != UNKNOWN:
        return md.human_date(source.published)
    if source.dateline is not None:
        return f"dated “{source.dateline}”, no year"
    return "undated"


def display_title(source: Source) -> str:
    """The title as a reader should take it: a headline, or an untitled report's opening words, marked as such."""
    if source.title_is == "opening-words":
        return f"Untitled report beginning “{source.title}…”"
    return source.title


def quoted_title(source: Source) -> str:
    """A headline in quotation marks, as references give it; opening words said to be such. Markdown."""
    return md.text(display_title(source)) if source.title_is == "opening-words" else f"“{md.text(source.title)}”"


def published_text(source: Source, unknown: str) -> str:
    """The date of publication, else the dateline's own words (which give no full date), else ``unknown``."""
    if source.published != UNKNOWN:
        return md.human_date(source.published)
    if source.dateline is not None:
        return f"dateline “{md.text(source.dateline)}” (no year given)"
    return unknown


def source_reference(source: Source) -> str:
    """The full reference, as the list of sources gives it: publisher (whose story, whom it cites), title, date."""
    publisher = md.text(source.publisher) if source.publisher != UNKNOWN else "Publisher unknown"
    origin = [f"{_names(source.credits)} story"] if source.credits else []
    origin += [f"citing {_names(source.cites)}"] if source.cites else []
    about = f" ({', '.join(origin)})" if origin else ""
    return f"{publisher}{about}, {quoted_title(source)}, {published_text(source, 'date unknown')}"


def _names(names: list[str]) -> str:
    return " and ".join(md.text(name) for name in names)
