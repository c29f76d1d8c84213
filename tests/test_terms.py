"""Which terms a sentence is held to, and the form in which they are compared."""

from __future__ import annotations

import pytest

from briefing_gen.terms import (
    Attribution,
    Kind,
    attributions,
    date_supported,
    dates_in,
    extract_terms,
    name_forms,
    searchable,
)


def terms(sentence: str) -> list[tuple[str, str]]:
    return [(term.kind.value, term.text) for term in extract_terms(sentence)]


@pytest.mark.parametrize(
    ("written", "compared"),
    [
        ("five years", " 5 year "),
        ("5 years", " 5 year "),
        ("a five-year term", " a 5 year term "),
        ("twenty-four suspects", " 24 suspects "),
        ("the first time", " the 1st time "),
        ("South Korea's regulator", " south korea regulator "),
        ("the country\u2019s largest", " the country largest "),
        ("the suspects' phones", " the suspects phones "),
        ("€33,923", " 33923 euro "),
        ("33,923 euros", " 33923 euro "),
        ("₩50 million", " 50 million won "),
        ("88k", " 88 thousand "),
        ("53 per cent", " 53 percent "),
        ("53%", " 53 percent "),
        ("35.000 euros", " 35.000 euro "),
        ("a U.S. startup", " a us startup "),
        ("“unfortunate,”", " unfortunate "),
        ("Cho Joo-bin", " cho joo bin "),
    ],
)
def test_searchable_form(written: str, compared: str) -> None:
    assert searchable(written) == compared


def test_number_words_and_digits_compare_equal() -> None:
    assert searchable("jailed for up to five years") == searchable("jailed for up to 5 years")
    assert searchable("a five-year sentence") == searchable("a 5-year sentence")
    assert searchable("six of whom") == searchable("6 of whom")


def test_figures_with_their_units_and_scales() -> None:
    assert terms("A fine of up to 50 million won (€33,923), or 53% of cases, over five years.") == [
        ("figure", "50 million won"),
        ("figure", "€33,923"),
        ("figure", "53%"),
        ("figure", "five years"),
    ]
    assert terms("Dozens of women; seven suspects, six of them teenagers, questioned twice.") == [
        ("figure", "Dozens"),
        ("figure", "seven"),
        ("figure", "six"),
        ("figure", "twice"),
    ]


def test_one_is_framing_not_a_figure() -> None:
    assert terms("One of the reports says one official spoke.") == []


def test_dates_are_terms_of_their_own() -> None:
    assert [(t.text, t.date) for t in extract_terms("On 22 August 2024, in 2019 and by early September.")] == [
        ("22 August 2024", (2024, 8, 22)),
        ("2019", (2019, None, None)),
        ("September", (None, 9, None)),
    ]


def test_dates_written_in_reports() -> None:
    assert dates_in("SEOUL, Sept 2 (Reuters); the arrest on August 28 in France; Aug. 28, 2024") == [
        (None, 9, 2),
        (None, 8, 28),
        (2024, 8, 28),
    ]


def test_a_date_is_supported_part_by_part() -> None:
    # "August 28" in a report plus a fact dated 2024-08 support "28 August 2024"...
    candidates = [(2024, 8, None), (None, 8, 28)]
    assert date_supported((2024, 8, 28), candidates)
    # ...but not another year or another day.
    assert not date_supported((2023, 8, 28), candidates)
    assert not date_supported((2024, 8, 27), candidates)


def test_names_skip_a_sentence_opening_function_word_and_split_at_a_possessive() -> None:
    assert terms("The Seoul Metropolitan Police Agency met Telegram's Russian-born founder.") == [
        ("name", "Seoul Metropolitan Police Agency"),
        ("name", "Telegram's"),
        ("name", "Russian-born"),
    ]
    assert terms("In South Korea, the regulator spoke. It named The Guardian.") == [
        ("name", "South Korea"),
        ("name", "The Guardian"),  # not opening a sentence: part of the name
    ]


def test_hyphenated_names_stay_whole() -> None:
    assert terms("Police named Cho Joo-bin and Woo Jong-soo.") == [
        ("name", "Police"),
        ("name", "Cho Joo-bin"),
        ("name", "Woo Jong-soo"),
    ]


def test_korean_names_match_in_either_order() -> None:
    assert searchable("Joo-bin Cho") in name_forms("Cho Joo-bin")
    assert searchable("Cho Joo-bin") in name_forms("Joo-bin Cho")
    assert searchable("Suk-yeol Yoon") in name_forms("Yoon Suk-yeol")
    # The given name is one word: it is never split to make another name.
    assert searchable("Bin Cho Joo") not in name_forms("Cho Joo-bin")


def test_quoted_phrases_are_terms_and_their_words_are_not_names() -> None:
    assert terms('Telegram said the situation was "Unfortunate For Everyone" and “regrettable”.') == [
        ("name", "Telegram"),
        ("quoted phrase", "Unfortunate For Everyone"),
        ("quoted phrase", "regrettable"),
    ]


@pytest.mark.parametrize(
    ("sentence", "kinds"),
    [
        ("Reports say the fine is 50 million won.", [Attribution.SEVERAL]),
        ("The reports word the accusation differently.", [Attribution.SEVERAL]),
        ("According to reports, police acted.", [Attribution.SEVERAL]),
        ("Two reports say the probe began after the arrest.", [Attribution.SEVERAL]),
        ("Two versions of one story say the fine is 35.000 euros.", [Attribution.SEVERAL]),
        ("One report says police acted.", [Attribution.ONE]),
        ("According to one report, police acted.", [Attribution.ONE]),
        ("Citing the agency, one report says police acted.", [Attribution.ONE]),
        ("Police acted, one report says.", [Attribution.ONE]),
        ("Police acted, according to one report.", [Attribution.ONE]),
        ("Police acted; one report adds that they met.", [Attribution.ONE_OF_SEVERAL]),
        ("Durov (spelled Pavle in one report) was charged.", [Attribution.ONE_OF_SEVERAL]),
        ("Police said so, one report says; another describes a rise.", [Attribution.ONE_OF_SEVERAL] * 2),
        ("Police say it withholds data or, according to one report, refuses.", [Attribution.ONE_OF_SEVERAL]),
        ("Police received 88 reports of abuse.", []),
    ],
)
def test_attribution_phrases(sentence: str, kinds: list[Attribution]) -> None:
    assert [phrase.kind for phrase in attributions(sentence)] == kinds


def test_attribution_is_framing_not_a_term() -> None:
    assert terms("Two reports say it happened; one report adds that a third report differs.") == []


def test_every_kind_is_extracted_in_sentence_order() -> None:
    found = extract_terms('On 2 September 2024 Woo Jong-soo said 88 reports came in, "last week alone".')
    assert [term.kind for term in found] == [Kind.DATE, Kind.NAME, Kind.FIGURE, Kind.QUOTED]
