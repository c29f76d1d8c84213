"""What a source page publishes of a report: its full text where the rights allow, else its quoted passages.

Every archived text stays in the repository and every quote is still checked
against it; only what the site publishes changes. Where the full text is not
published, each quoted passage is shown within its paragraph, with up to
``CONTEXT_WORDS`` words either side, and the page says why and where the
report can be read in full (``source_page`` renders both).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing_gen import markdown_text as md
from briefing_gen.models import UNKNOWN, Source


def rights_text(source: Source) -> str:
    """The metadata table's "Rights" cell: status, holder, the text's own words and licence."""
    rights = source.rights
    said = [rights.status_text]
    if rights.holder != UNKNOWN:
        said.append(f"held by {md.text(rights.holder)}")
    if rights.statement is not None:
        said.append(f"the text says “{md.text(rights.statement)}”")
    if rights.licence is not None:
        said.append(f"licence: <{md.url(rights.licence)}>")
    return "; ".join(said)


def full_text_note(source: Source, archived_name: str) -> list[str]:
    """What the page says of the full text: a link to it, or why it is not here and where to read it."""
    if source.rights.full_text_allowed:
        return [f"The [archived text]({archived_name}) is kept byte for byte as received.", ""]
    return [
        f"**The full text is not published here:** {source.rights.status_text}. {where_to_read(source)} "
        "The project keeps the archived copy, unchanged (its SHA-256 is in the table above), and checked every quotation on "
        "this site against it word for word; each passage quoted is shown below in its context.",
        "{: .full-text-note }",
        "",
    ]


def where_to_read(source: Source) -> str:
    """Where a reader can find the whole report, as far as the text says."""
    if source.has_url:
        return f"Read it in full at <{md.url(source.url)}>."
    if source.credits:
        names = " and ".join(md.text(name) for name in source.credits)
        return f"The text gives no address where it can be read in full; it is credited to {names}."
    return "The text gives no address, publisher or author by which it could be found in full."


CONTEXT_WORDS = 25  # words shown either side of a quoted passage where the full text is not published


@dataclass(frozen=True)
class Window:
    """The stretch of a paragraph shown around a quoted passage: raw offsets, and whether words were cut."""

    start: int
    end: int
    cut_before: bool
    cut_after: bool


def context_window(raw: str, spans: tuple[tuple[int, int], ...], words: int = CONTEXT_WORDS) -> Window:
    """The passage's raw spans with up to ``words`` words either side, within the paragraph (line) it starts in."""
    first, last = spans[0][0], spans[-1][1]
    line_start = raw.rfind("\n", 0, first) + 1
    line_end = raw.find("\n", last)
    line_end = len(raw) if line_end < 0 else line_end
    before = [m.start() for m in _WORD.finditer(raw, line_start, first)]
    after = [m.end() for m in _WORD.finditer(raw, last, line_end)]
    start = before[-words] if len(before) >= words else line_start
    end = after[words - 1] if len(after) >= words else line_end
    return Window(start, end, len(before) > words, len(after) > words)


_WORD = re.compile(r"\S+")
