"""Sentences held to their quotes, and quotes held to be evidence: the messages a contributor gets."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import Run
from tests.test_corpus_errors import problems, replace

FACTS = Path("content/facts/port.yaml")
BRIEFING = Path("content/briefings/port-delays.yaml")
# The shipping report's first paragraphs, which the fixture's other facts quote.
SHIPPING = "Shipping news\n\nAbout 150 ships were delayed at the port, the union said... The authority declined.\n"
EDITORS = "; if the editors add it, say so in the fact's editors_note"


def test_a_changed_figure_is_named_with_the_closest_figure_the_quotes_give(corpus: Path, run: Run) -> None:
    replace(corpus / FACTS, "due in March.", "due in April.")
    assert problems(run, corpus) == [
        'content/facts/port.yaml:24:89: facts[2].claim: "April" is in the claim but in none of its 2 quotes '
        '(closest: "March" in shipping-wire)' + EDITORS
    ]


def test_the_real_corpus_says_which_figure_its_quotes_give(project: Path, run: Run) -> None:
    replace(
        project / "content/facts/legal-penalties.yaml", "up to five years in prison.", "up to eight years in prison."
    )
    assert problems(run, project) == [
        'content/facts/legal-penalties.yaml:11:13: facts[0].claim: "eight years" is in the claim but in none of '
        'its 2 quotes (closest: "five years" in telegram-sorry-report)' + EDITORS
    ]


def test_a_name_no_quote_gives_is_refused(project: Path, run: Run) -> None:
    replace(
        project / "content/facts/platform-accountability.yaml",
        "Agency Commissioner Cho Ji-ho addressed",
        "Agency Commissioner Woo Jong-soo addressed",
    )
    assert problems(run, project) == [
        "content/facts/platform-accountability.yaml:140:65: facts[4].claim: "
        '"National Police Agency Commissioner Woo Jong-soo" is in the claim but in none of its 1 quote '
        '(closest: "National Police Agency Commissioner Cho Ji-ho" in commissioner-probes-complex (editors\' note))'
        + EDITORS
    ]


def test_a_quoted_phrase_must_be_words_of_a_quote(corpus: Path, run: Run) -> None:
    replace(corpus / FACTS, 'the delays "will end soon" &', 'the delays "will end very soon" &')
    assert problems(run, corpus) == [
        'content/facts/port.yaml:17:38: facts[1].claim: the claim puts "will end very soon" in quotation marks, '
        'but none of its 1 quote has these words (closest: "will end soon" in harbour-daily)'
    ]


def test_reports_say_needs_two_sources(corpus: Path, run: Run) -> None:
    replace(corpus / FACTS, "claim: Officials say the delays", "claim: Reports say officials say the delays")
    assert problems(run, corpus) == [
        'content/facts/port.yaml:17:12: facts[1].claim: "Reports say" speaks of more than one report, but only '
        '1 source is cited (harbour-daily); write "one report says" or cite the other reports'
    ]


def test_one_report_says_needs_exactly_one_source(corpus: Path, run: Run) -> None:
    replace(corpus / FACTS, "claim: The minister called", "claim: One report says the minister called")
    assert problems(run, corpus) == [
        'content/facts/port.yaml:24:12: facts[2].claim: "One report says" attributes the whole sentence to one '
        'report, but 2 sources are cited (harbour-daily, shipping-wire); write "reports say", or say which '
        "report says what"
    ]


def test_a_key_point_is_held_to_the_facts_it_lists(corpus: Path, run: Run) -> None:
    replace(corpus / BRIEFING, "A review will report in March.", "A review will report in April.")
    assert problems(run, corpus) == [
        'content/briefings/port-delays.yaml:10:35: key_points[2].text: "April" is in the key point but in none '
        'of the claims and quotes of its 1 fact (closest: "March" in minister-review)'
    ]


def test_a_lede_is_held_to_the_facts_its_page_shows(corpus: Path, run: Run) -> None:
    replace(corpus / BRIEFING, "the delays at the port.", "the delays at the port of Rotterdam.")
    assert problems(run, corpus) == [
        'content/briefings/port-delays.yaml:4:60: lede: "Rotterdam" is in the lede but in none of the claims and '
        "quotes of the 5 facts this page shows"
    ]


def test_the_editors_note_is_where_the_editors_add_what_no_quote_says(corpus: Path, run: Run) -> None:
    replace(
        corpus / FACTS,
        'Officials say the delays "will end soon" &',
        'Officials in Rotterdam say the delays "will end soon" &',
    )
    assert problems(run, corpus) == [
        'content/facts/port.yaml:17:25: facts[1].claim: "Rotterdam" is in the claim but in none of its 1 quote'
        + EDITORS
    ]
    replace(
        corpus / FACTS,
        '        quote: Officials say the delays "will end soon".\n',
        '        quote: Officials say the delays "will end soon".\n'
        "    editors_note: The port is Rotterdam, named in the report's dateline.\n",
    )
    assert run(corpus, "check")[0] == 0


def test_a_claim_is_not_held_to_a_quote_that_is_itself_wrong(corpus: Path, run: Run) -> None:
    replace(
        corpus / FACTS,
        'quote: Officials say the delays "will end soon".',
        'quote: Officials say the delays "will end shortly".',
    )
    assert [line.split(": ", 2)[1] for line in problems(run, corpus)] == ["facts[1].citations[0].quote"]


def test_a_one_word_quote_is_not_evidence(corpus: Path, run: Run) -> None:
    replace(corpus / FACTS, "        quote: The review will report in March.", "        quote: March")
    assert problems(run, corpus) == [
        "content/facts/port.yaml:30:16: facts[2].citations[1].quote: a quote of 1 word is too short to be evidence; "
        "quote at least 5 words or a whole sentence of the source"
    ]


def rewrite_source(root: Path, source: str, text: str) -> None:
    """Give a fixture source another archived text, with its digest, as a contributor would."""
    (root / "sources" / f"{source}.txt").write_text(text, encoding="utf-8")
    meta = root / "sources" / f"{source}.yaml"
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    meta.write_text(re.sub(r"sha256: \w+", f"sha256: {digest}", meta.read_text(encoding="utf-8")), encoding="utf-8")


def test_a_short_quote_that_is_a_whole_sentence_is_evidence(corpus: Path, run: Run) -> None:
    rewrite_source(corpus, "shipping-wire", f"{SHIPPING}The review will report in March. Nobody objected.\n")
    replace(corpus / FACTS, "        quote: The review will report in March.", "        quote: Nobody objected.")
    replace(corpus / FACTS, "due in March.", "due soon.")
    replace(
        corpus / FACTS,
        "    editors_note: Only one report gives the month",
        "    editors_note: Only one report gives a month",
    )
    replace(corpus / BRIEFING, "A review will report in March.", "A review was promised.")
    assert run(corpus, "check")[0] == 0
    replace(corpus / FACTS, "        quote: Nobody objected.", "        quote: Nobody")
    assert problems(run, corpus) == [
        "content/facts/port.yaml:30:16: facts[2].citations[1].quote: a quote of 1 word is too short to be evidence; "
        "quote at least 5 words or a whole sentence of the source"
    ]


def test_an_ellipsis_never_stitches_two_paragraphs(corpus: Path, run: Run) -> None:
    replace(
        corpus / FACTS,
        '        quote: The minister called the backlog "unacceptable" and promised a review.',
        "        quote: The port authority said on Monday … and promised a review.",
    )
    assert problems(run, corpus)[-1] == (
        'content/facts/port.yaml:28:16: facts[2].citations[0].quote: "…" joins words from different paragraphs of '
        "the source, or out of order; quote each passage in a citation of its own"
    )


def test_an_ellipsis_skips_at_most_thirty_words(corpus: Path, run: Run) -> None:
    filler = " ".join(["and then"] * 16)
    rewrite_source(corpus, "shipping-wire", f"{SHIPPING}The review will report {filler} in March.\n")
    replace(
        corpus / FACTS,
        "        quote: The review will report in March.",
        "        quote: The review will report … in March.",
    )
    assert problems(run, corpus) == [
        'content/facts/port.yaml:30:16: facts[2].citations[1].quote: "…" skips 32 words of the source; it may skip '
        "at most 30 within a paragraph"
    ]
    rewrite_source(corpus, "shipping-wire", f"{SHIPPING}The review will report {filler[9:]} in March.\n")
    assert run(corpus, "check")[0] == 0


def test_a_reported_value_must_be_words_of_its_own_quote(corpus: Path, run: Run) -> None:
    replace(corpus / FACTS, "reports: 120 ships", "reports: Officials say")
    assert problems(run, corpus) == [
        'content/facts/port.yaml:10:18: facts[0].citations[0].reports: reported value "Officials say" is in the '
        "source but not in this citation's quote; a reported value must be words of its own quote"
    ]


def test_github_annotations_point_at_the_term(corpus: Path, run: Run) -> None:
    replace(corpus / FACTS, "due in March.", "due in April.")
    code, out, _ = run(corpus, "check", "--format", "github")
    assert code == 1
    assert out.startswith('::error file=content/facts/port.yaml,line=24,col=89,title=facts[2].claim::"April" is in')


@pytest.fixture(scope="module")
def built_pages(built: Path) -> tuple[str, str]:
    page = (built / "site" / "briefings" / "legal-penalties" / "index.html").read_text(encoding="utf-8")
    pdf = "\n".join(p.extract_text() for p in PdfReader(built / "site" / "pdf" / "legal-penalties.pdf").pages)
    return page, pdf


def test_the_editors_note_is_shown_as_the_editors_words_on_the_web(built_pages: tuple[str, str]) -> None:
    page, _ = built_pages
    assert (
        '<p class="editors-note"><strong>Editors\' note:</strong> The ring is the one the reports say was discovered '
        "in 2019. They date its discovery, not the sentence, so this fact carries no date.</p>"
    ) in page


def test_the_editors_note_is_in_the_pdf_too(built_pages: tuple[str, str]) -> None:
    _, pdf = built_pages
    flat = " ".join(pdf.split())
    assert (
        "Editors' note: The ring is the one the reports say was discovered in 2019. They date its discovery, not "
        "the sentence, so this fact carries no date." in flat
    )


# --- Found by a red-team pass: each was a way to say more than the quotes ---------------------------------------------


def test_a_quote_may_not_begin_inside_a_number_or_a_word(corpus: Path, run: Run) -> None:
    replace(corpus / FACTS, "quote: The port authority said on Monday that 120 ships", "quote: 20 ships")
    replace(corpus / FACTS, "reports: 120 ships", "reports: 20 ships")
    replace(corpus / FACTS, "port, 120 by one count", "port, 20 by one count")
    assert problems(run, corpus)[0].startswith(
        "content/facts/port.yaml:9:16: facts[0].citations[0].quote: quote not found in source 'harbour-daily'"
    )


def test_an_ellipsis_may_not_drop_a_negation(corpus: Path, run: Run) -> None:
    rewrite_source(corpus, "shipping-wire", f"{SHIPPING}The review will not report in March, the minister said.\n")
    replace(corpus / FACTS, "quote: The review will report in March.", "quote: The review will … report in March")
    assert problems(run, corpus) == [
        'content/facts/port.yaml:30:16: facts[2].citations[1].quote: "…" leaves out "not"; an ellipsis may not '
        "drop a negation, which turns the meaning"
    ]


def test_every_part_between_ellipses_carries_two_words(corpus: Path, run: Run) -> None:
    replace(corpus / FACTS, "quote: The review will report in March.", "quote: The … review … will … report … March")
    assert problems(run, corpus)[0] == (
        'content/facts/port.yaml:30:16: facts[2].citations[1].quote: "The" between ellipses is too short to be '
        "evidence; each part of a quote needs at least 2 words"
    )


def test_an_ellipsis_does_not_join_a_figure_to_a_unit(project: Path, run: Run) -> None:
    facts = project / "content/facts/legal-penalties.yaml"
    replace(
        facts,
        "Cho Joo-Binwho was 20 at the time, was sentenced\n          to 42 years in prison.",
        "Cho Joo-Binwho was 20 … years in prison.",
    )
    replace(facts, "was sentenced to 42 years in prison. The other", "was sentenced to 20 years in prison. The other")
    assert '"20 years" is in the claim but in none of its 2 quotes' in "\n".join(problems(run, project))


def test_a_reported_value_is_whole_words_of_its_quote(corpus: Path, run: Run) -> None:
    replace(corpus / FACTS, "reports: 120 ships", "reports: 20 ships")
    assert problems(run, corpus)[0].startswith(
        "content/facts/port.yaml:10:18: facts[0].citations[0].reports: reported value not found in source"
    )


def test_the_verb_may_is_not_the_month(corpus: Path, run: Run) -> None:
    rewrite_source(corpus, "shipping-wire", f"{SHIPPING}The review may report in March.\n")
    replace(corpus / FACTS, "quote: The review will report in March.", "quote: The review may report in March.")
    replace(corpus / FACTS, "due in March.", "due in May.")
    assert problems(run, corpus) == [
        'content/facts/port.yaml:24:89: facts[2].claim: "May" is in the claim but in none of its 2 quotes '
        '(closest: "March" in shipping-wire)' + EDITORS
    ]


@pytest.mark.parametrize(
    ("attribution", "message"),
    [
        ("Several outlets report that", '"Several outlets report" speaks of more than one report, but only 1 source'),
        ("It was widely reported that", '"widely reported" speaks of more than one report, but only 1 source'),
    ],
)
def test_other_words_for_several_reports_need_several_sources(
    corpus: Path, run: Run, attribution: str, message: str
) -> None:
    replace(corpus / FACTS, "claim: Officials say the delays", f"claim: {attribution} officials say the delays")
    assert message in problems(run, corpus)[0]


def test_a_number_of_reports_needs_that_many_sources(corpus: Path, run: Run) -> None:
    replace(corpus / FACTS, "claim: Reports say ships were delayed", "claim: Three reports say ships were delayed")
    assert problems(run, corpus) == [
        'content/facts/port.yaml:5:12: facts[0].claim: "Three reports say" speaks of 3 reports, but 2 sources are '
        "cited (harbour-daily, shipping-wire); say how many reports say it, or cite the others"
    ]


def test_quotation_marks_around_nothing_are_not_a_crash(corpus: Path, run: Run) -> None:
    replace(corpus / FACTS, "a review, due in March.", 'a review (" "), due in March.')
    assert run(corpus, "check")[0] == 0


def test_single_curly_quotes_and_guillemets_mark_quoted_phrases_too(corpus: Path, run: Run) -> None:
    replace(corpus / FACTS, 'the delays "will end soon" &', "the delays \u2018will end very soon\u2019 &")
    assert 'the claim puts "will end very soon" in quotation marks' in problems(run, corpus)[0]
    replace(corpus / FACTS, "\u2018will end very soon\u2019", "\u00abwill end soon\u00bb")
    assert run(corpus, "check")[0] == 0


def test_a_claim_may_quote_with_an_ellipsis_in_the_quote_s_order(corpus: Path, run: Run) -> None:
    replace(corpus / FACTS, 'called the backlog "unacceptable"', 'called "the backlog … a review"')
    assert run(corpus, "check")[0] == 0
    replace(corpus / FACTS, 'called "the backlog … a review"', 'called "a review … the backlog"')
    assert 'the claim puts "a review … the backlog" in quotation marks' in problems(run, corpus)[0]


def test_a_currency_written_out_is_the_same_figure(project: Path, run: Run) -> None:
    facts = project / "content/facts/legal-penalties.yaml"
    replace(facts, "up to 50 million won (€33,923), one report", "up to 50 million won (33,923 euros), one report")
    assert run(project, "check")[0] == 0


def test_words_are_counted_as_a_reader_counts_them(project: Path, run: Run) -> None:
    facts = project / "content/facts/context.yaml"
    replace(
        facts, "quote: Pavel Durov, Telegram\u2019s Russian-born founder", "quote: Telegram\u2019s Russian-born founder"
    )
    assert problems(run, project)[-1] == (
        "content/facts/context.yaml:298:16: facts[12].citations[0].quote: a quote of 3 words is too short to be "
        "evidence; quote at least 5 words or a whole sentence of the source"
    )
