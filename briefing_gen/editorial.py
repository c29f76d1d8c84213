"""What the editors set beside a fact, each marked as theirs or as the reports' own words.

A fact's claim is followed, where there is any, by the editors' note, how
they dated it, their readings of garbled passages, how the reports differ and
which figures cover another period. Each is Markdown lines for the page; the
caller supplies how a source is labelled, how a citation is called and where
another fact is shown, so this module needs no page of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from briefing_gen import markdown_text as md
from briefing_gen.labels import UNATTRIBUTED
from briefing_gen.models import Citation, Fact, Reading

EDITORS_NOTE = "Editors' note"
EDITORS_DATE = "How we date this"
EDITORS_READING = "Editors' reading"
CONFLICT_TITLE = "Sources differ"
WORDING_TITLE = "Wording varies"
OTHER_WINDOW = "A figure for another period"


@dataclass(frozen=True)
class Apparatus:
    """How the page names a source, calls a citation's note and links to another fact."""

    label: Callable[[str], str]  # source id -> its short label, as Markdown
    call: Callable[[Citation], str]  # a citation -> its footnote call
    link: Callable[[str], str]  # fact id -> a Markdown link to where that fact is shown


def editorial_lines(fact: Fact, apparatus: Apparatus, other_windows: list[str]) -> list[str]:
    """Everything the page shows under a fact's claim, in a fixed order."""
    lines: list[str] = []
    if fact.editors_note is not None:
        lines += _paragraph(EDITORS_NOTE, md.text(fact.editors_note), "editors-note")
    if fact.date_basis is not None:
        lines += _paragraph(EDITORS_DATE, md.text(fact.date_basis), "editors-note editors-date")
    for citation in fact.citations:
        if citation.reading is not None:
            lines += reading_paragraph(apparatus.label(citation.source), citation.reading)
    if fact.differs_on is not None:
        differ = _conflict if fact.difference == "conflict" else _wording
        lines += differ(fact, apparatus)
    for other in other_windows:
        lines += [f"*{OTHER_WINDOW}:* {apparatus.link(other)}", "{: .other-window }", ""]
    return lines


def _in_sentence(label: str) -> str:
    """A label as the subject of a sentence: 'the unattributed report “…”', a name as it is."""
    return "the u" + label[1:] if label.startswith(UNATTRIBUTED) else label


def _paragraph(label: str, text: str, classes: str) -> list[str]:
    return [f"**{label}:** {text}", "{: " + " ".join(f".{name}" for name in classes.split()) + " }", ""]


def reading_paragraph(label: str, reading: Reading) -> list[str]:
    """The editors' reading as a paragraph of its own, under a fact or under the passage on the source page."""
    text = reading_text(_in_sentence(label), reading)
    return _paragraph(EDITORS_READING, text[:1].upper() + text[1:], "editors-reading")


def reading_text(label: str, reading: Reading) -> str:
    """'where X says “…”, we read “…”: a likely translation slip. Why.'"""
    why = f" {md.text(reading.why)}" if reading.why else ""
    return (
        f"where {label} says {md.quoted(reading.words)}, we read {md.quoted(reading.means)}: "
        f"{reading.reason_text}.{why}"
    )


def _values(fact: Fact, apparatus: Apparatus, indent: str) -> list[str]:
    return [
        f"{indent}- **{apparatus.label(c.source)}**: {md.quoted(c.reports or '')}{apparatus.call(c)}"
        for c in fact.citations
    ]


def _conflict(fact: Fact, apparatus: Apparatus) -> list[str]:
    """A warning every reader sees: the reports give conflicting figures or facts."""
    assert fact.differs_on is not None
    intro = f"    The reports differ on {md.text(fact.differs_on)}:"
    return [f'!!! warning "{CONFLICT_TITLE}"', "", intro, "", *_values(fact, apparatus, "    "), ""]


def _wording(fact: Fact, apparatus: Apparatus) -> list[str]:
    """A quiet note, closed until opened on the web: the reports say the same thing in different words.

    Plain HTML ``<details>`` (Python-Markdown's md_in_html reads the Markdown
    inside), so any site engine shows it; the summary is fixed text, never a
    contributor's, since raw HTML is not escaped as Markdown is.
    """
    assert fact.differs_on is not None
    intro = f"The reports word {md.text(fact.differs_on)} differently:"
    return [
        '<details class="note wording-varies" markdown="1">',
        f"<summary>{WORDING_TITLE}</summary>",
        "",
        intro,
        "",
        *_values(fact, apparatus, ""),
        "",
        "</details>",
        "",
    ]
