"""What a source page publishes of a report: its full text where the rights allow, else its quoted passages.

Every archived text stays in the repository and every quote is still checked
against it; only what the site publishes changes. Where the full text is not
published, each quoted passage is shown with only what a reader needs to read
it: the rest of the sentence it is in, and at most ``CONTEXT_WORDS`` words of
it either side (``context_stretches``). A sentence none of whose words is
quoted is never shown, and the page says why and where the report can be read
in full (``source_page`` renders both).
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
        "this site against it word for word; each passage quoted is shown below within its sentence, with at most "
        f"{CONTEXT_WORDS} of the report's words either side.",
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


CONTEXT_WORDS = 12  # at most this many of a report's words either side of a quoted part, within its sentence


@dataclass(frozen=True)
class Stretch:
    """A stretch of a report shown around quoted words: raw offsets, and whether its paragraph goes on either side."""

    start: int
    end: int
    cut_before: bool
    cut_after: bool


def context_stretches(raw: str, spans: tuple[tuple[int, int], ...], words: int = CONTEXT_WORDS) -> list[Stretch]:
    """Each quoted part with up to ``words`` words either side, never beyond the sentence(s) it is in.

    Parts whose stretches meet are shown as one; the words between two parts
    further apart are left out (the page shows an ellipsis there).
    """
    merged: list[list[int]] = []
    for start, end in spans:
        left, right = _around(raw, start, end, words)
        if merged and left <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], right)
        else:
            merged.append([left, right])
    return [Stretch(left, right, _more_before(raw, left), _more_after(raw, right)) for left, right in merged]


def _around(raw: str, start: int, end: int, words: int) -> tuple[int, int]:
    """``start``..``end`` widened by up to ``words`` words each way, within the sentences it begins and ends in."""
    sentence_start, sentence_end = _sentence_start(raw, start), _sentence_end(raw, end)
    before = [m.start() for m in _WORD.finditer(raw, sentence_start, start)]
    after = [m.end() for m in _WORD.finditer(raw, end, sentence_end)]
    return (before[-words] if len(before) >= words else sentence_start), (
        after[words - 1] if len(after) >= words else sentence_end
    )


def _sentence_start(raw: str, position: int) -> int:
    """Where the sentence holding ``position`` begins: after the last sentence end before it in its paragraph."""
    line_start = raw.rfind("\n", 0, position) + 1
    ends = [m.end() for m in _SENTENCE_END.finditer(raw, line_start, position)]
    return ends[-1] if ends else line_start


def _sentence_end(raw: str, position: int) -> int:
    """Where the sentence holding the character before ``position`` ends, its closing punctuation included."""
    line_end = _line_end(raw, position)
    found = _SENTENCE_END.search(raw, max(position - 1, 0), line_end)
    return found.start() + len(found.group(1)) if found else line_end


def _more_before(raw: str, position: int) -> bool:
    return bool(raw[raw.rfind("\n", 0, position) + 1 : position].strip())


def _more_after(raw: str, position: int) -> bool:
    return bool(raw[position : _line_end(raw, position)].strip())


def _line_end(raw: str, position: int) -> int:
    """Where the line (paragraph) holding ``position`` ends."""
    found = raw.find("\n", position)
    return len(raw) if found < 0 else found


_WORD = re.compile(r"\S+")
# The end of a sentence: closing punctuation (and any closing quotation marks or brackets), then a space. An
# abbreviation ("Sept. 2") reads as one too, which only ever shows less of a report, never more.
_SENTENCE_END = re.compile("([.!?\u2026]+[\"'\u201d\u2019\u00bb)\\]]*)\\s+")
