"""What a source page publishes of a report: its full text where the rights allow, else its quoted passages.

Every archived text stays in the repository and every quote is still checked
against it; only what the site publishes changes. Where the full text is not
published, each quoted passage is shown within its paragraph, with up to
``passages.CONTEXT_WORDS`` words either side, and the page says why and where
the report can be read in full.
"""

from __future__ import annotations

from briefing_gen import markdown_text as md
from briefing_gen.models import UNKNOWN, Source
from briefing_gen.passages import context, raw_spans
from briefing_gen.quotes import SourceText


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


def archived_text_lines(source: Source, text: SourceText) -> list[str]:
    """The "Archived text" section, where the rights allow the full text ([] otherwise)."""
    if not source.rights.full_text_allowed:
        return []
    lines = ["## Archived text", ""]
    for paragraph in text.raw.splitlines():
        if paragraph.strip():
            lines += [md.text(paragraph), ""]
    return lines


def passage_text(source: Source, text: SourceText, quote: str) -> str:
    """A quoted passage as the source page shows it: the quote, or, where the full text is not published,
    the passage in the source's own words within its context, the quoted words in bold."""
    if source.rights.full_text_allowed:
        return md.text(quote)
    spans = raw_spans(text, quote)
    if not spans:
        return md.text(quote)
    before, middle, after = context(text.raw, spans)
    shown = "".join(
        f"**{md.text(part)}**" if index % 2 == 0 else f" {md.text(part)} " for index, part in enumerate(middle)
    )
    return " ".join(part for part in (md.text(before), shown, md.text(after)) if part)
