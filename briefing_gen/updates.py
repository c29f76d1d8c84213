"""How current a briefing is, shown on its page: its edition and last-updated date, and what changed in each edition.

Plain data in (a briefing's ``history.BriefingHistory``), Markdown or plain
lines out. The caller supplies how a source is labelled and where a fact is
shown, so this module needs no page of its own (as ``editorial`` does).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from briefing_gen import markdown_text as md
from briefing_gen.history import BriefingHistory, ChangeKind, Edition, FactChange, Withheld
from briefing_gen.retelling import Place, Retelling, Whereabouts

WHAT_CHANGED = "What changed"
WHAT_CHANGED_ANCHOR = "what-changed"
# What a change to a briefing's own text or to a fact's other fields is called on the page.
DEFINITION_WORDS = {
    "title": "the title",
    "as_of": "the as-of date",
    "lede": "the introduction",
    "key_points": "the key points",
    "sections": "the sections",
}
FIELD_WORDS = {
    "date": "its date",
    "date_basis": "how we date it",
    "editors_note": "the editors' note",
    "differs_on": "how the reports differ",
    "difference": "how the reports differ",
    "other_windows": "its figures for other periods",
    "topic": "its topic",
    "citations": "the editors' reading of a passage or a report's figure",
}
# Why an earlier wording is not quoted (``recheck``), ending "an earlier wording, not shown because …".
WITHHELD_WORDS = {
    Withheld.MALFORMED: "it is not written as the site requires",
    Withheld.SOURCE_GONE: "a report it cites is no longer archived here",
    Withheld.QUOTE: "a quote it gives is not in the report it cites",
    Withheld.CLAIM: "it says more than its quotes",
}
KIND_WORDS = {ChangeKind.ADDED: "Added", ChangeKind.CHANGED: "Changed", ChangeKind.REMOVED: "Removed"}


def edition_anchor(number: int) -> str:
    return f"edition-{number}"


@dataclass(frozen=True)
class EditionMark:
    """What the page header and the PDF cover say of a briefing's edition (plain text)."""

    label: str  # "Edition 3", or why there is none
    date: str  # "25 November 2026", or ""
    iso_date: str  # "2026-11-25", or ""
    number: int | None
    uncommitted: bool


def edition_mark(history: BriefingHistory | None, reason: str) -> EditionMark:
    """The edition and its date; where history is unavailable, the label says why and the date is empty."""
    if history is None:
        return EditionMark(f"Edition unknown: {reason}", "", "", None, False)
    latest = history.latest
    if latest is None:
        return EditionMark("Not yet in an edition: its files are not committed", "", "", None, True)
    date = latest.commit.date
    return EditionMark(f"Edition {latest.number}", md.human_date(date), date, latest.number, history.uncommitted)


def edition_line(mark: EditionMark, cite_anchor: str) -> list[str]:
    """The line under the as-of line: edition, last updated, and links to what changed and how to cite."""
    links = f"[{WHAT_CHANGED}](#{WHAT_CHANGED_ANCHOR}) · [Cite this briefing](#{cite_anchor})"
    if mark.number is None:
        text = f"{md.text(mark.label)} · {links}"
    else:
        pending = ", with changes not yet committed" if mark.uncommitted else ""
        text = f"{mark.label}, last updated {mark.date}{pending} · {links}"
    return [f"*{text}*", "{: .edition .web-only }", ""]


@dataclass(frozen=True)
class ChangeLine:
    """One line of what changed, as plain text: 'Added', the claim, and what else to say."""

    kind: str
    claim: str  # the claim, or "" for a change to the briefing's own text or a wording not shown
    fact_id: str
    note: str  # plain text after the claim ("" if none)
    withheld: str = ""  # in the claim's place, where its wording is not shown: that it is not, and why
    places: tuple[Place, ...] = ()  # the pages ``kind`` names: where a fact moved to or from, or is now

    @property
    def wording(self) -> str:
        """What the line shows of the fact: its claim, or why it is not shown ("" for the briefing's own text)."""
        return self.claim or self.withheld


def change_lines(
    edition: Edition, label: Callable[[str], str], briefing_id: str = "", retelling: Retelling | None = None
) -> list[ChangeLine]:
    """Every change an edition made to a briefing, in a fixed order: its own text, then facts added, changed, removed.

    ``label`` names a source in plain text; ``retelling`` says where a fact moved and which wordings are withdrawn.
    """
    told = retelling or Retelling()
    lines = []
    if edition.definition:
        parts = joined([DEFINITION_WORDS[part] for part in edition.definition])
        lines.append(ChangeLine("Revised", "", "", parts[:1].upper() + parts[1:] + "."))
    order = [ChangeKind.ADDED, ChangeKind.CHANGED, ChangeKind.REMOVED]
    for change in sorted(edition.facts, key=lambda c: order.index(c.kind)):
        lines.append(_fact_line(change, label, told, told.whereabouts(briefing_id, edition.commit.sha, change)))
    return lines


def _fact_line(
    change: FactChange, label: Callable[[str], str], told: Retelling, where: Whereabouts | None
) -> ChangeLine:
    kind, places = (where.way.value, where.places) if where else (KIND_WORDS[change.kind], ())
    reason = told.withdrawal(change.fact_id, change.claim)
    if reason is not None:  # and the claim before, if any, goes unsaid: the line already says the fact is withdrawn
        return ChangeLine(kind, "", change.fact_id, _note(change, label, ""), withdrawn(reason), places)
    withheld = not_shown(change.claim_withheld) if change.claim_withheld else ""
    return ChangeLine(kind, change.claim, change.fact_id, _note(change, label, _before(change, told)), withheld, places)


def _before(change: FactChange, told: Retelling) -> str:
    """What a changed fact's line says of the claim before ("" where the claim did not change)."""
    if change.before is not None:
        reason = told.withdrawal(change.fact_id, change.before)
        return f"before: {withdrawn(reason)}" if reason is not None else f"before: “{change.before}”"
    return f"before: {not_shown(change.before_withheld)}" if change.before_withheld is not None else ""


def withdrawn(reason: str) -> str:
    """What a page says in place of a wording the editors withdrew (``content/withdrawn.yaml``)."""
    return f"withdrawn: {reason}"


def _note(change: FactChange, label: Callable[[str], str], before: str) -> str:
    """What else a changed fact's line says: the claim before (``before``), the quotes and other fields that changed."""
    said = [before] if before else []
    replaced = sorted(set(change.quotes_added) & set(change.quotes_dropped))
    said += [f"a quote from {label(s)} replaced" for s in replaced]
    said += [f"a quote from {label(s)} added" for s in change.quotes_added if s not in replaced]
    said += [f"a quote from {label(s)} dropped" for s in change.quotes_dropped if s not in replaced]
    if change.fields:
        said.append(joined(list(dict.fromkeys(FIELD_WORDS.get(f, f) for f in change.fields))) + " changed")
    return "; ".join(said)


def not_shown(reason: Withheld) -> str:
    """What a page says in place of an earlier wording that does not pass today's checks."""
    return f"an earlier wording, not shown because {WITHHELD_WORDS[reason]}"


def joined(words: list[str]) -> str:
    """Words as a list in a sentence: "a", "a and b", "a, b and c"."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


@dataclass(frozen=True)
class PageLinks:
    """How a briefing's page writes what its lines of what changed name, as Markdown."""

    briefing_id: str
    label: Callable[[str], str]  # a source
    link: Callable[[str, str], str]  # (fact id, claim): the claim, a link where the fact is on the page
    files_at: Callable[[str], str | None]  # (commit): the address of an edition's files
    place: Callable[[Place, str], str]  # (page, fact id): the page's title, a link to the fact there
    retelling: Retelling


def what_changed(history: BriefingHistory | None, reason: str, page: PageLinks) -> list[str]:
    """The "What changed" section: each edition, newest first, with its date and changes."""
    lines = [f"## {WHAT_CHANGED}", ""]
    if history is None:
        return [*lines, f"The history of this briefing is unavailable: {md.text(reason)}.", ""]
    if history.uncommitted:
        lines += ["This page is built from files with changes not yet committed; they are in no edition yet.", ""]
    for edition in reversed(history.editions):
        lines += _edition_lines(edition, page)
    return lines


def _edition_lines(edition: Edition, page: PageLinks) -> list[str]:
    files = page.files_at(edition.commit.sha)
    where = f" · [its files]({md.url(files)})" if files else f" · commit `{edition.commit.sha[:12]}`"
    head = f"**Edition {edition.number}**, {md.human_date(edition.commit.date)}{where}"
    lines = [head, f"{{: #{edition_anchor(edition.number)} .edition-entry }}", ""]
    if edition.number == 1:
        return [*lines, "First edition.", ""]
    for line in change_lines(edition, page.label, page.briefing_id, page.retelling):
        claim = page.link(line.fact_id, line.claim) if line.claim else md.text(line.withheld)
        note = md.text(line.note) if line.note else ""
        kind = " ".join(
            [line.kind, joined([page.place(p, line.fact_id) for p in line.places])] if line.places else [line.kind]
        )
        lines.append(
            f"- {kind}: " + " ".join(part for part in (claim, f"({note})" if claim and note else note) if part)
        )
    return [*lines, ""]
