"""Alignment stage: every sentence a reader sees is held to the quotes behind it.

A claim is held to its own fact's evidence: the quotes, the ``reports``
values, the fact's date, the cited sources' recorded metadata, and what the
editors say in the fact's ``editors_note`` and readings, and the dates of its
``date_basis`` (which the page shows as theirs). A fact's date must be one its reports give, or the
editors must say in ``date_basis`` how they worked it out.
A key point is held to the claims and evidence of the facts it lists; a lede
to those of every fact its page shows. Each figure, date, name and quoted
phrase (``terms``) must be found there; attribution ("reports say", "one
report says") must match the number of sources cited.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from typing import Any

from briefing_gen.errors import Problem
from briefing_gen.load import Broken, Corpus, Located
from briefing_gen.models import UNKNOWN, Fact, Source
from briefing_gen.parallel import in_two
from briefing_gen.quotes import find_parts, find_words, segments
from briefing_gen.terms import (
    SOURCES_NEEDED,
    Attribution,
    DateParts,
    Kind,
    Term,
    attributions,
    date_supported,
    dates_in,
    extract_terms,
    iso_date,
    searchable,
)
from briefing_gen.yamlload import Loc

METADATA = "(recorded details)"
CLAIMS_WORTH_SPLITTING = 200  # claims: holding fewer takes less than forking a child to share them costs
# What a sentence may rest on in each of a source's recorded details: when one was set aside as bad
# (``recovery``), a term of these kinds may be one it would have given, so it is not reported as missing.
METADATA_KINDS = {
    "published": frozenset({Kind.DATE}),
    "dateline": frozenset({Kind.DATE, Kind.FIGURE, Kind.NAME}),
    "publisher": frozenset({Kind.NAME}),
    "credits": frozenset({Kind.NAME}),
    "cites": frozenset({Kind.NAME}),
}


class FactEvidence:
    """One fact's evidence, gathered once for its claim and every key point and lede resting on it.

    Plain attributes rather than cached properties: this is built for every fact,
    and on Python 3.11 a cached property takes a lock on each first use.
    """

    __slots__ = ("dates", "fact", "folded", "source_ids", "sources", "unread_kinds")

    def __init__(
        self, fact: Fact, sources: dict[str, Source], unread: dict[str, frozenset[Kind]] | None = None
    ) -> None:
        self.fact = fact
        self.source_ids = tuple(fact.sources)  # the distinct sources cited
        self.sources = tuple(sources[source_id] for source_id in self.source_ids if source_id in sources)
        # The kinds of term a cited source's set-aside details might have given.
        self.unread_kinds = frozenset().union(*((unread or {}).get(s, frozenset()) for s in self.source_ids))
        # The texts case-folded, apart from one another: most terms are found here.
        self.folded = "\0".join(text for _, text in self.texts()).casefold()
        # The fact's own date, its sources' dates, and the dates the editors worked out (only dates: the
        # reasoning around them, "the wire report dates it…", is no evidence for anything else a claim says).
        worked_out = dates_in(fact.date_basis) if fact.date_basis else []
        self.dates = (iso_date(fact.date), *(iso_date(source.published) for source in self.sources), *worked_out)

    def texts(self) -> list[tuple[str, str]]:
        """(label, text): the quotes, reported values, editors' note and sources' recorded details."""
        fact = self.fact
        texts = [(f"{fact.id} (editors' note)", fact.editors_note)] if fact.editors_note else []
        for citation in fact.citations:  # each part between ellipses apart: "20 … years" is not "20 years"
            texts += [(citation.source, part) for part in segments(citation.quote)]
            texts += [(citation.source, part) for part in segments(citation.reports or "")]
            if citation.reading is not None:
                texts.append((f"{citation.source} (editors' reading)", citation.reading.means))
        return texts + [(f"{source.id} {METADATA}", value) for source in self.sources for value in _recorded(source)]


def _recorded(source: Source) -> list[str]:
    """What is recorded of a source's origin that a sentence may name: who, and the dateline's own words."""
    values = [source.publisher, *source.credits, *source.cites, source.dateline or UNKNOWN]
    return [value for value in values if value != UNKNOWN]


def _written_dates(fact: Fact, sources: tuple[Source, ...]) -> list[DateParts]:
    """The dates the fact's reports write: in its quotes, and in their datelines (their published dates are apart)."""
    written = [date for citation in fact.citations for part in segments(citation.quote) for date in dates_in(part)]
    datelines = [date for source in sources for date in dates_in(source.dateline or "")]
    return written + datelines


class Evidence:
    """What a sentence may rest on: some facts' evidence, and their claims for key points and ledes."""

    __slots__ = ("_dates_written", "_haystack", "_texts", "dates", "facts", "folded", "unread_kinds", "with_claims")

    def __init__(self, facts: tuple[FactEvidence, ...], with_claims: bool = False) -> None:
        self.facts = facts
        self.with_claims = with_claims
        # Every text as written but for case: most terms are found here, at no cost of normalising.
        if len(facts) == 1 and not with_claims:
            self.folded = facts[0].folded
        else:
            claims = [item.fact.claim.casefold() for item in facts] if with_claims else []
            self.folded = "\0".join([*claims, *(item.folded for item in facts)])
        self.dates = [date for item in facts for date in item.dates]
        self.unread_kinds = frozenset().union(*(item.unread_kinds for item in facts))
        self._texts: list[tuple[str, str]] | None = None
        self._haystack: str | None = None
        self._dates_written: list[DateParts] | None = None

    @property
    def texts(self) -> list[tuple[str, str]]:
        if self._texts is None:
            claims = [(item.fact.id, item.fact.claim) for item in self.facts] if self.with_claims else []
            self._texts = claims + [text for item in self.facts for text in item.texts()]
        return self._texts

    @property
    def quotes(self) -> list[tuple[str, str]]:
        return [(c.source, c.quote) for item in self.facts for c in item.fact.citations]

    @property
    def sources(self) -> set[str]:
        return {source for item in self.facts for source in item.source_ids}

    @property
    def haystack(self) -> str:
        """Every text in searchable form, kept apart so no term spans two of them."""
        if self._haystack is None:
            self._haystack = "\0".join(searchable(text) for _, text in self.texts)
        return self._haystack

    @property
    def dates_written(self) -> list[DateParts]:
        """The dates the texts themselves give ("August 28"), looked for only when a date needs them."""
        if self._dates_written is None:
            self._dates_written = [date for _, text in self.texts for date in dates_in(text)]
        return self._dates_written


def check_alignment(corpus: Corpus, unverified: set[str]) -> list[Problem]:
    """Every claim, key point and lede that says more than its evidence, or misattributes it.

    A fact in ``unverified`` has a quote its source does not contain: its claim is
    not held to that quote, since the quote, not the claim, is then what to fix.
    """
    sources: dict[str, Source] = {}
    for source in corpus.sources:
        sources.setdefault(source.model.id, source.model)  # a duplicate id is reported as such; the first counts
    unread = _unread_metadata(corpus)
    own = [(fact, FactEvidence(fact.model, sources, unread)) for fact in corpus.facts]
    evidence: dict[str, FactEvidence] = {}  # by id, the first fact of an id (a duplicate is reported as such)
    for fact, gathered in own:
        evidence.setdefault(fact.model.id, gathered)
    held = [(fact, gathered) for fact, gathered in own if fact.model.id not in unverified]
    problems = in_two(_claim_problems, held, worth_it=len(held) >= CLAIMS_WORTH_SPLITTING)
    if Broken.FACTS in corpus.broken:
        return problems  # key points and ledes would be held to facts that failed to load
    for briefing in corpus.briefings:
        for index, point in enumerate(briefing.model.key_points):
            problems += _held_to_facts(briefing, ("key_points", index, "text"), point.text, point.facts, evidence)
        problems += _held_to_facts(briefing, ("lede",), briefing.model.lede, briefing.model.fact_ids, evidence)
    if corpus.context is not None:
        context = corpus.context
        problems += _held_to_facts(context, ("lede",), context.model.lede, context.model.facts, evidence)
    return problems


def _claim_problems(facts: Sequence[tuple[Located[Fact], FactEvidence]]) -> list[Problem]:
    """Each claim held to its own fact's evidence, and its date to the dates the evidence gives."""
    problems = []
    for fact, own in facts:
        if ("claim",) not in fact.unread:
            problems += _sentence_problems(fact, ("claim",), fact.model.claim, Evidence((own,)))
            if ("date",) not in fact.unread and ("date_basis",) not in fact.unread:
                problems += _date_problems(fact, own)
    return problems


def _unread_metadata(corpus: Corpus) -> dict[str, frozenset[Kind]]:
    """For each source with a recorded detail set aside as bad, the kinds of term that detail might give."""
    found: dict[str, frozenset[Kind]] = {}
    for source in corpus.sources:
        kinds = [METADATA_KINDS[str(loc[0])] for loc in source.unread if loc and str(loc[0]) in METADATA_KINDS]
        if kinds:
            found[source.model.id] = found.get(source.model.id, frozenset()).union(*kinds)
    return found


def _date_problems(fact: Located[Fact], own: FactEvidence) -> list[Problem]:
    """A date the reports do not give is the editors' own, and the page says how they reached it."""
    model = fact.model
    if not model.dated or model.date_basis is not None or Kind.DATE in own.unread_kinds:
        return []  # (a cited source's date was set aside as bad: that is reported, and may be the date)
    wanted = iso_date(model.date)
    published = [iso_date(source.published) for source in own.sources]
    if date_supported(wanted, published) or _year_written(model):
        return []  # most facts are dated as their report is, or by a year a quote writes: no need to parse dates
    if date_supported(wanted, published + _written_dates(model, own.sources)):
        return []
    return [
        fact.problem(
            ("date",),
            f"no report this fact cites gives the date {model.date}; say in date_basis how the editors worked it "
            "out, or give only as much of it as the reports do",
        )
    ]


def _year_written(fact: Fact) -> bool:
    """A fact dated by a year alone, which one of its quotes writes as a word ("In 2019, …")."""
    if len(fact.date) != 4:
        return False
    return any(find_words(part, fact.date) >= 0 for c in fact.citations for part in segments(c.quote))


def _held_to_facts(
    entry: Located[Any], loc: Loc, sentence: str, fact_ids: list[str], evidence: dict[str, FactEvidence]
) -> list[Problem]:
    """A key point or lede against the facts it rests on (not at all if one is unknown: that is reported)."""
    if any(fact_id not in evidence for fact_id in fact_ids):
        return []
    facts = Evidence(tuple(evidence[fact_id] for fact_id in dict.fromkeys(fact_ids)), with_claims=True)
    return _sentence_problems(entry, loc, sentence, facts, "lede" if loc == ("lede",) else "key point")


def _sentence_problems(
    entry: Located[Any], loc: Loc, sentence: str, evidence: Evidence, what: str = "claim"
) -> list[Problem]:
    return [entry.problem_at(loc, words, message) for words, message in _unsupported(sentence, evidence, what)]


def _unsupported(sentence: str, evidence: Evidence, what: str) -> Iterator[tuple[str, str]]:
    """(words, message) for each term the evidence does not give, then each attribution it does not bear out."""
    for term in extract_terms(sentence):
        if term.kind not in evidence.unread_kinds and not _supported(term, evidence):
            yield term.text, _missing(term, evidence, what)
    yield from _attribution(sentence, evidence)


def claim_holds(fact: Fact, sources: dict[str, Source]) -> bool:
    """Whether a fact's claim passes this stage against the fact's own evidence, as ``check_alignment`` holds it.

    For a fact that is not in the corpus: an earlier version of one, before its wording is shown again.
    """
    evidence = Evidence((FactEvidence(fact, sources),))
    return next(_unsupported(fact.claim, evidence, "claim"), None) is None


def _supported(term: Term, evidence: Evidence) -> bool:
    if term.kind is Kind.QUOTED:
        return any(_verbatim(term.key, quote) for _, quote in evidence.quotes)
    if term.kind is Kind.DATE:
        # Written alike counts only with a figure in it: "May" alone is also the verb "may".
        written = any(char.isdigit() for char in term.text) and find_words(evidence.folded, term.text.casefold()) >= 0
        if written or date_supported(term.date, evidence.dates):
            return True
        return date_supported(term.date, evidence.dates + evidence.dates_written)
    if find_words(evidence.folded, term.text.casefold()) >= 0:
        return True  # the common case: the term is written just as in a quote
    return any(form in evidence.haystack for form in term.forms)


def carries(term: Term, quote: str) -> bool:
    """A quote gives this figure, name, date or quoted phrase, as this stage would find it there."""
    if term.kind is Kind.QUOTED:
        return _verbatim(term.key, quote)
    parts = segments(quote)
    if term.kind is Kind.DATE and term.date[1] is not None:  # "22 August 2024" is given by "On August 22"
        _, month, day = term.date
        return any(d[1] == month and day in (None, d[2]) for part in parts for d in dates_in(part))
    if find_words("\0".join(parts).casefold(), term.text.casefold()) >= 0:
        return True
    haystack = "\0".join(searchable(part) for part in parts)
    return any(form in haystack for form in term.forms)


def _verbatim(phrase: str, quote: str) -> bool:
    """The phrase is words of the quote, as written but for the case of its first letter.

    A phrase with an ellipsis is its parts, in order, in one quote.
    """
    text = " … ".join(segments(quote))
    variants = dict.fromkeys((phrase, phrase[:1].upper() + phrase[1:], phrase[:1].lower() + phrase[1:]))
    return any(find_parts(text, segments(variant)) >= 0 for variant in variants)


# --- Messages ----------------------------------------------------------------------------------------------------------


def _missing(term: Term, evidence: Evidence, what: str) -> str:
    where = _where(evidence, what)
    closest = _closest(term, evidence)
    hint = f" (closest: {closest})" if closest else ""
    if term.kind is Kind.QUOTED:
        return f'the {what} puts "{term.text}" in quotation marks, but none of {where} has these words{hint}'
    advice = "; if the editors add it, say so in the fact's editors_note" if what == "claim" else ""
    return f'"{term.text}" is in the {what} but in none of {where}{hint}{advice}'


def _where(evidence: Evidence, what: str) -> str:
    if what == "claim":
        return f"its {_count(len(evidence.quotes), 'quote')}"
    if what == "key point":
        return f"the claims and quotes of its {_count(len(evidence.facts), 'fact')}"
    return f"the claims and quotes of the {_count(len(evidence.facts), 'fact')} this page shows"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


def _closest(term: Term, evidence: Evidence) -> str:
    """The most similar term of the same kind in the evidence, and where it is."""
    if term.kind is Kind.QUOTED:
        return _closest_passage(term, evidence)
    quoted = [(label, text) for label, text in evidence.texts if not label.endswith(METADATA)]
    candidates = {
        other.text: label
        for label, text in reversed(quoted)  # the first text with a term names it
        for other in extract_terms(text)
        if other.kind is term.kind or {other.kind, term.kind} <= {Kind.FIGURE, Kind.DATE}
    }
    # Any figure or date is a useful pointer; a name only if it looks like the one written.
    cutoff = 0.0 if term.kind in (Kind.FIGURE, Kind.DATE) else 0.5
    match = difflib.get_close_matches(term.text, list(candidates), n=1, cutoff=cutoff)
    return f'"{match[0]}" in {candidates[match[0]]}' if match else ""


def _closest_passage(term: Term, evidence: Evidence) -> str:
    """The run of a quote's words most like a misquoted phrase, and where it is."""
    size = len(term.key.split())
    scored = (
        (difflib.SequenceMatcher(None, term.key.casefold(), window.casefold()).ratio(), window, label)
        for label, quote in evidence.quotes
        for window in _windows(" ".join(segments(quote)).split(), size)
    )
    ratio, best, label = max(scored, default=(0.0, "", ""))
    return f'"{best}" in {label}' if ratio > 0 else ""


def _windows(words: list[str], size: int) -> Iterator[str]:
    """Runs of about ``size`` words, without the punctuation at their ends."""
    for length in (size - 1, size, size + 1):
        for start in range(max(1, len(words) - length + 1)):
            window = " ".join(words[start : start + max(1, length)]).strip(_EDGE_PUNCTUATION)
            if window:
                yield window


_EDGE_PUNCTUATION = " \"'.,;:!?()\u201c\u201d\u2018\u2019\u2026"


# --- Attribution -------------------------------------------------------------------------------------------------------


def _too_few_sources(phrase: str, needed: int, count: int, cited: str) -> str:
    if needed == 2:
        return (
            f'"{phrase}" speaks of more than one report, but only 1 source is cited ({cited}); '
            'write "one report says" or cite the other reports'
        )
    return (
        f'"{phrase}" speaks of {needed} reports, but {_count(count, "source")} {"is" if count == 1 else "are"} '
        f"cited ({cited}); say how many reports say it, or cite the others"
    )


def _attribution(sentence: str, evidence: Evidence) -> Iterator[tuple[str, str]]:
    """(words, message) for each attribution the sources behind the sentence do not bear out."""
    phrases = attributions(sentence)
    if not phrases:
        return
    count = len(evidence.sources)
    cited = ", ".join(sorted(evidence.sources))
    for phrase in phrases:
        needed = SOURCES_NEEDED.get(phrase.text.split()[0].casefold(), 2)
        if phrase.kind is not Attribution.ONE and count < needed:
            yield (
                phrase.text,
                _too_few_sources(phrase.text, needed, count, cited),
            )
        if phrase.kind is Attribution.ONE and count != 1:
            yield (
                phrase.text,
                (
                    f'"{phrase.text}" attributes the whole sentence to one report, but {count} sources are cited '
                    f'({cited}); write "reports say", or say which report says what'
                ),
            )
