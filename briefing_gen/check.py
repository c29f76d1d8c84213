"""Check stage: the rules that span files.

Every citation names a source that exists and quotes it verbatim; ids are
unique; briefings refer to facts that exist; every fact is shown somewhere;
archived texts are still the bytes we received; the PDFs' fonts have every
character they print (``glyphs``). Each rule returns problems;
``check_corpus`` runs them all so a contributor sees everything in one run.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from briefing_gen.alignment import check_alignment
from briefing_gen.errors import Problem
from briefing_gen.evidence import quote_problems, reports_inside_quote
from briefing_gen.glyphs import unprintable_characters
from briefing_gen.load import BRIEFINGS_DIR, CONTEXT_FILE, SOURCES_DIR, TOPICS_FILE, Broken, Corpus, Located
from briefing_gen.models import RESERVATIONS, Citation, Fact, Source
from briefing_gen.nearmiss import elsewhere, near_miss
from briefing_gen.quotes import SourceText
from briefing_gen.recovery import is_unread
from briefing_gen.yamlload import Loc


def check_corpus(corpus: Corpus, shown_before: Mapping[str, list[str]] | None = None) -> list[Problem]:
    """Every cross-file problem in the corpus.

    ``shown_before`` is where each fact was shown before the change being checked (``places`` of the base
    revision), so a fact the change leaves shown nowhere is reported with where it was removed from.
    """
    problems = [
        *_duplicate_ids(corpus.sources, "source"),
        *_duplicate_ids(corpus.facts, "fact"),
        *_duplicate_ids(corpus.briefings, "briefing"),
        *_duplicate_ids(_topics(corpus), "topic"),
        *_topics_declared(corpus),
        *_withdrawn_once(corpus),
        *_reserved_ids([*corpus.sources, *corpus.briefings]),
        *_archived_texts_unchanged(corpus),
        *_datelines_as_written(corpus),
        *_rights_statements_as_written(corpus),
        *_open_rights_in_the_texts_words(corpus),
        *_facts_used(corpus, shown_before or {}),
        *_briefing_references(corpus),
        *_links_between_facts(corpus),
        *_something_to_publish(corpus),
        *unprintable_characters(corpus),
    ]
    if Broken.SOURCE not in corpus.broken:
        unverified: set[str] = set()
        problems += _citations(corpus, unverified)
        problems += _slips_in_conflicts(corpus)
        problems += _other_figures_as_wording(corpus)
        problems += check_alignment(corpus, unverified)
    return problems


def _topics(corpus: Corpus) -> list[Located[Any]]:
    if corpus.topics is None:
        return []
    return [
        Located(topic, corpus.topics.doc, ("topics", index)) for index, topic in enumerate(corpus.topics.model.topics)
    ]


def _topics_declared(corpus: Corpus) -> Iterator[Problem]:
    """Every fact is filed under a topic the site declares (the subjects are the editors', not the generator's)."""
    if Broken.TOPICS in corpus.broken:
        return
    topics = [topic.model.id for topic in _topics(corpus)]
    for fact in corpus.facts:
        if fact.model.topic not in topics and not is_unread(fact.unread, ("topic",)) and not fact.reported(("topic",)):
            message = _unknown("topic", fact.model.topic, topics)
            yield fact.problem(("topic",), message if topics else f"{message}; declare the topics in {TOPICS_FILE}")


def _withdrawn_once(corpus: Corpus) -> Iterator[Problem]:
    """A fact is withdrawn once, for one reason (two would leave the page to pick one)."""
    if corpus.withdrawn is None:
        return
    first: dict[str, int] = {}
    for index, entry in enumerate(corpus.withdrawn.model.withdrawn):
        earlier = first.setdefault(entry.id, index)
        if earlier != index:
            where = f"{corpus.withdrawn.path}:{corpus.withdrawn.line(('withdrawn', earlier, 'id'))}"
            message = f"fact '{entry.id}' is already withdrawn at {where}; give it one entry, with one reason"
            yield corpus.withdrawn.problem(("withdrawn", index, "id"), message)


def _something_to_publish(corpus: Corpus) -> Iterator[Problem]:
    if not corpus.briefings and Broken.BRIEFING not in corpus.broken:
        yield Problem(BRIEFINGS_DIR, 1, 1, "(folder)", "there is no briefing here yet; a site needs at least one")


def _duplicate_ids(entries: Iterable[Located[Any]], kind: str) -> Iterator[Problem]:
    first: dict[str, Located[Any]] = {}
    for entry in entries:
        earlier = first.setdefault(entry.model.id, entry)
        if earlier is not entry:
            where = f"{earlier.path}:{earlier.line(('id',))}"
            yield entry.problem(("id",), f"{kind} id '{entry.model.id}' is already used at {where}")


RESERVED_IDS = {"index"}  # sources/index.md and briefings/index.md are the list pages


def _reserved_ids(entries: Iterable[Located[Any]]) -> Iterator[Problem]:
    for entry in entries:
        if entry.model.id in RESERVED_IDS:
            yield entry.problem(("id",), f"'{entry.model.id}' is reserved for the list page; choose another id")


def _archived_texts_unchanged(corpus: Corpus) -> Iterator[Problem]:
    seen: set[str] = set()
    for source in corpus.sources:
        if source.model.id in seen:
            continue  # a duplicate id is reported as such; its text was not loaded
        seen.add(source.model.id)
        digest = corpus.digests.get(source.model.id)
        if digest is not None and digest != source.model.sha256:
            yield source.problem(
                ("sha256",),
                f"{SOURCES_DIR}/{source.model.text} is no longer the text we archived; "
                "sources are kept exactly as received (add a new source for a new version)",
            )


def _datelines_as_written(corpus: Corpus) -> Iterator[Problem]:
    """A dateline is recorded as the text gives it, so it must be in the text."""
    for source in corpus.sources:
        text = corpus.texts.get(source.model.id)
        dateline = source.model.dateline
        if dateline is not None and text is not None and not text.contains(dateline):
            yield source.problem(
                ("dateline",),
                f"'{dateline}' is not in {SOURCES_DIR}/{source.model.text}; copy the date as the text gives it",
            )


def _rights_statements_as_written(corpus: Corpus) -> Iterator[Problem]:
    """A rights statement is the text's own words, so it must be in the text."""
    for source in corpus.sources:
        text = corpus.texts.get(source.model.id)
        statement = source.model.rights.statement
        if statement is not None and text is not None and not text.contains(statement):
            yield source.problem(
                ("rights", "statement"),
                f"this statement is not in {SOURCES_DIR}/{source.model.text}; copy the text's own words on its rights",
            )


# What a statement must say for each status under which the site publishes a text whole.
_OPEN_WORDS = {
    "open-licence": re.compile(r"licen[cs]|creative\s+commons|\bcc[\s-]?(by|0)\b", re.IGNORECASE),
    "public-domain": re.compile(r"public[\s-]+domain|\bcc0\b", re.IGNORECASE),
}


def _open_rights_in_the_texts_words(corpus: Corpus) -> Iterator[Problem]:
    """An open licence or the public domain is what the text says of itself, and the text reserves nothing."""
    for source in corpus.sources:
        text, rights = corpus.texts.get(source.model.id), source.model.rights
        if text is None or not rights.full_text_allowed:
            continue
        file = f"{SOURCES_DIR}/{source.model.text}"
        if rights.statement is not None and not _OPEN_WORDS[rights.status].search(rights.statement):
            said = "names no licence" if rights.status == "open-licence" else "does not say it is in the public domain"
            yield source.problem(
                ("rights", "statement"),
                f"this statement {said}; copy the words in which {file} says so, or, if it does not, set "
                "status 'reserved' or 'unknown'",
            )
        folded = text.text.casefold()  # once, not once for each reservation looked for
        reserved = next((words for words in RESERVATIONS if words in folded), None)
        if reserved is not None:
            yield source.problem(
                ("rights", "status"),
                f"{file} says “{reserved}”, so its rights are reserved, whatever else it says: set status "
                "'reserved' (the site then publishes only the passages it quotes)",
            )


def _slips_in_conflicts(corpus: Corpus) -> Iterator[Problem]:
    """No conflict rests on words the editors read as a slip, in this fact or in any other that quotes them."""
    garbled: dict[str, list[tuple[str, str]]] = {}
    for fact in corpus.facts:
        for citation in fact.model.citations:
            if citation.reading is not None:
                garbled.setdefault(citation.source, []).append((citation.reading.words.casefold(), fact.model.id))
    for fact in corpus.facts:
        if fact.model.differs_on is None or fact.model.difference != "conflict":
            continue
        for index, citation in enumerate(fact.model.citations):
            reported = (citation.reports or "").casefold()
            for words, reader in garbled.get(citation.source, []):
                if reported and (words in reported or reported in words):
                    yield fact.problem(
                        ("citations", index, "reports"),
                        f"\"{citation.reports}\" rests on words the editors read as a slip (in fact '{reader}'); "
                        "a slip is never a conflict between reports: report words that are not the slip, or drop "
                        "'differs_on'",
                    )
                    break


def _other_figures_as_wording(corpus: Corpus) -> Iterator[Problem]:
    """Reports that give different figures conflict, unless the editors say why they are one figure put two ways."""
    for fact in corpus.facts:
        model = fact.model
        if model.differs_on is None or model.difference != "wording" or model.editors_note is not None:
            continue
        if len({_figures(c.reports or "") for c in model.citations}) > 1:
            yield fact.problem(
                ("difference",),
                "the reports give different figures, which is a conflict unless they are one figure put two ways "
                "(converted, rounded); say why in editors_note, or leave 'difference' out",
            )


def _figures(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\d[\d.,]*\d|\d", text))


def _citations(corpus: Corpus, unverified: set[str]) -> Iterator[Problem]:
    """Every citation's problems; ``unverified`` collects the facts whose quotes could not be found."""
    sources = {s.model.id: s.model for s in corpus.sources}
    for fact in corpus.facts:
        for index, citation in enumerate(fact.model.citations):
            loc = ("citations", index)
            if is_unread(fact.unread, loc):
                unverified.add(fact.model.id)  # its claim is not held to the quotes that could be read
            elif citation.source not in sources:
                unverified.add(fact.model.id)
                yield fact.problem((*loc, "source"), _unknown("source", citation.source, sources))
            elif citation.source in corpus.texts:
                text = corpus.texts[citation.source]
                start = text.position(citation.quote)
                if start < 0:
                    unverified.add(fact.model.id)
                    message = _quote_not_found(sources[citation.source], sources, corpus.texts, citation.quote)
                    yield fact.problem((*loc, "quote"), message)
                else:
                    yield from _quoted_as_evidence(fact, loc, citation, sources[citation.source], text, start)


def _quoted_as_evidence(
    fact: Located[Fact], loc: Loc, citation: Citation, source: Source, text: SourceText, start: int
) -> Iterator[Problem]:
    for sub, message in _evidence_problems(citation, source, text, start):
        yield fact.problem((*loc, *sub), message)


def _evidence_problems(citation: Citation, source: Source, text: SourceText, start: int) -> Iterator[tuple[Loc, str]]:
    """A quote found at ``start`` carries substance; what the citation reports is in the source and in its quote."""
    for message in quote_problems(citation.quote, text, start):
        yield ("quote",), message
    if citation.reading is not None and not reports_inside_quote(citation.reading.words, citation.quote):
        yield (
            ("reading", "words"),
            f'"{citation.reading.words}" is not in this citation\'s quote; a reading is of words the quote gives',
        )
    if citation.reports is None:
        return
    if not text.contains(citation.reports):
        yield ("reports",), "reported value " + _not_found(source, text, citation.reports)
    elif not reports_inside_quote(citation.reports, citation.quote):
        yield (
            ("reports",),
            f'reported value "{citation.reports}" is in the source but not in this citation\'s quote; '
            "a reported value must be words of its own quote",
        )


def citation_holds(citation: Citation, sources: Mapping[str, Source], texts: Mapping[str, SourceText]) -> bool:
    """Whether a citation passes ``check`` against the archived texts: its source is archived, its quote is in it
    and carries substance, and what it reports is in the quote. (For an earlier version of a fact, before its
    wording is shown again: a source no longer archived cannot be verified.)"""
    source, text = sources.get(citation.source), texts.get(citation.source)
    if source is None or text is None:
        return False
    start = text.position(citation.quote)
    return start >= 0 and next(_evidence_problems(citation, source, text, start), None) is None


def _quote_not_found(source: Source, sources: dict[str, Source], texts: dict[str, SourceText], quote: str) -> str:
    """Which source has the quote, if another does; else how it differs from the closest passage in this one."""
    others = elsewhere(texts, quote, source.id)
    if not others:
        return "quote " + _not_found(source, texts[source.id], quote)
    named = " and ".join(f"source '{other}' ({SOURCES_DIR}/{sources[other].text})" for other in others[:2])
    return (
        f"quote not found in source '{source.id}' ({SOURCES_DIR}/{source.text}), but it is in {named}: "
        "cite the source that has it, or quote this one's own words"
    )


def _not_found(source: Source, text: SourceText, wanted: str) -> str:
    miss = near_miss(text, wanted)
    where = f"source '{source.id}' ({SOURCES_DIR}/{source.text})"
    return f'not found in {where}{miss.explained()}; closest passage: "{miss.passage}"'


def _unknown(kind: str, wanted: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(wanted, list(known), n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"no {kind} with id '{wanted}'{hint}"


def _briefing_references(corpus: Corpus) -> Iterator[Problem]:
    if Broken.FACTS in corpus.broken:
        return  # unknown-fact errors would only echo the broken fact file
    facts = {f.model.id: f.model for f in corpus.facts}
    for briefing in corpus.briefings:
        shown = set(briefing.model.fact_ids)
        yield from _listed_twice(briefing, ("sections",), [s.facts for s in briefing.model.sections])
        for s_index, section in enumerate(briefing.model.sections):
            yield from _fact_refs(briefing, ("sections", s_index, "facts"), section.facts, facts)
        for k_index, point in enumerate(briefing.model.key_points):
            loc = ("key_points", k_index, "facts")
            yield from _fact_refs(briefing, loc, point.facts, facts)
            for f_index, fact_id in enumerate(point.facts):
                if fact_id in facts and fact_id not in shown:
                    yield briefing.problem(
                        (*loc, f_index), f"key point rests on fact '{fact_id}', which no section of this briefing shows"
                    )
    if corpus.context is not None:
        yield from _fact_refs(corpus.context, ("facts",), corpus.context.model.facts, facts)


def _links_between_facts(corpus: Corpus) -> Iterator[Problem]:
    """'see_also' links to a fact shown on another page; 'other_windows' names facts that exist.

    (Every fact is shown on some page, ``_facts_used``, so one not shown here is shown elsewhere.)
    """
    if {Broken.FACTS, Broken.BRIEFING, Broken.CONTEXT} & corpus.broken:
        return
    facts = {f.model.id: f.model for f in corpus.facts}
    for fact in corpus.facts:
        yield from _fact_refs(fact, ("other_windows",), fact.model.other_windows, facts)
    for briefing in corpus.briefings:
        here = set(briefing.model.fact_ids)
        for s_index, section in enumerate(briefing.model.sections):
            loc = ("sections", s_index, "see_also")
            yield from _fact_refs(briefing, loc, section.see_also, facts)
            for index, fact_id in enumerate(section.see_also):
                if fact_id in here:
                    yield briefing.problem(
                        (*loc, index), f"fact '{fact_id}' is shown on this page already; a link is for another page"
                    )


def _listed_twice(entry: Located[Any], loc: Loc, lists: list[list[str]]) -> Iterator[Problem]:
    """A fact is shown once per page: its footnotes and its anchor would otherwise be doubled.

    (Twice in one list is reported where lists are read.)
    """
    first: dict[str, tuple[int, Loc]] = {}
    for l_index, fact_ids in enumerate(lists):
        for f_index, fact_id in enumerate(fact_ids):
            here: Loc = (*loc, l_index, "facts", f_index)
            earlier_list, earlier = first.setdefault(fact_id, (l_index, here))
            if earlier_list != l_index:
                line = entry.line(earlier)
                yield entry.problem(here, f"fact '{fact_id}' is already shown on this page (line {line}); list it once")


def _fact_refs(entry: Located[Any], loc: Loc, ids: list[str], facts: dict[str, Fact]) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, fact_id in enumerate(ids):
        if fact_id not in facts and not entry.reported((*loc, index)):
            yield entry.problem((*loc, index), _unknown("fact", fact_id, facts))
        elif fact_id in seen:
            yield entry.problem((*loc, index), f"fact '{fact_id}' is listed twice here")
        seen.add(fact_id)


def _facts_used(corpus: Corpus, shown_before: Mapping[str, list[str]]) -> Iterator[Problem]:
    if {Broken.BRIEFING, Broken.CONTEXT} & corpus.broken:
        return  # a briefing that failed to load may be the one using the fact
    used = places(corpus)
    for fact in corpus.facts:
        if fact.model.id not in used:
            before = shown_before.get(fact.model.id)
            removed = f" (this change removed it from {' and '.join(before)})" if before else ""
            yield fact.problem(
                ("id",),
                f"fact '{fact.model.id}' is not shown anywhere{removed}; "
                f"add it to a briefing section or to {CONTEXT_FILE}",
            )


def places(corpus: Corpus) -> dict[str, list[str]]:
    """Where each fact is shown: "content/briefings/runway-closures.yaml, section 'Review'", or the background file."""
    found: dict[str, list[str]] = {}
    for briefing in corpus.briefings:
        for section in briefing.model.sections:
            for fact_id in section.facts:
                found.setdefault(fact_id, []).append(f"{briefing.path}, section '{section.title}'")
    if corpus.context is not None:
        for fact_id in corpus.context.model.facts:
            found.setdefault(fact_id, []).append(corpus.context.path)
    return found
