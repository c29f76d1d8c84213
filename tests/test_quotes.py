"""Finding quotes: verbatim up to whitespace and typographic quotation marks."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from briefing_gen.quotes import SourceText, find_parts, find_words

TEXT = SourceText.of(
    "He said the situation was “unfortunate,”\nadding that it\u00a0apologises.\n\nIt\u2019s over... for now."
)


def test_whitespace_and_typographic_quotes_are_normalised() -> None:
    assert TEXT.contains('the situation was "unfortunate," adding that it apologises.')
    assert TEXT.contains("It's over")


def test_one_changed_character_is_not_found() -> None:
    assert not TEXT.contains("the situation was “unfortunale,”")


def test_ellipsis_joins_segments_that_must_appear_in_order() -> None:
    assert TEXT.contains("He said … apologises.")
    assert TEXT.contains("He said ... It's over")
    assert not TEXT.contains("apologises … He said")


def test_case_matters() -> None:
    assert not TEXT.contains("he said")


def test_raw_passage_is_in_the_sources_own_characters() -> None:
    assert TEXT.raw_passage('was "unfortunate," adding') == "was “unfortunate,”\nadding"


def test_closest_passage_points_at_the_likely_typo() -> None:
    assert TEXT.closest_passage("the situation was unfortunate adding") == "the situation was “unfortunate,” adding"


def test_invisible_marks_in_a_source_never_need_quoting() -> None:
    text = SourceText.of("The fine is 50\u200b million won.")
    assert text.contains("The fine is 50 million won.")
    assert text.raw_passage("50 million") == "50\u200b million"


def test_a_quote_is_whole_words_and_whole_numbers_of_the_source() -> None:
    text = "Police received 88 reports, a rise of 5.5 times, which was unfortunate."
    assert find_words(text, "88 reports") == 16
    assert find_words(text, "8 reports") == -1
    assert find_words(text, "5 times") == -1  # the end of "5.5", not a figure of its own
    assert find_words(text, "fortunate") == -1
    assert find_words(text, "unfortunate.") == 59
    assert find_parts(text, ("Police received", "a rise")) == 0
    assert find_parts(text, ("a rise", "Police received")) == -1


STRAIGHTENED = str.maketrans("\u2019\u201c\u00a0", "'\" ")  # what normalising does to this alphabet


def _origin_one_character_at_a_time(raw: str) -> list[int]:
    """The reference: each normalised character's raw position, found one character at a time."""
    origin: list[int] = []
    pending_space = False
    for index, char in enumerate(raw.translate(STRAIGHTENED)):
        if char == "\u200b":  # a format mark: never part of the normalised text
            continue
        if char.isspace():
            pending_space = bool(origin)
            continue
        if pending_space:
            origin.append(index - 1)
            pending_space = False
        origin.append(index)
    return origin


@given(st.text(alphabet=st.sampled_from(list("ab1 .\n\t\u2019\u201c\u00a0\u2003\u200b")), max_size=60))
def test_each_normalised_character_maps_back_to_its_raw_character(raw: str) -> None:
    text = SourceText.of(raw)
    origin = [text.origin[index] for index in range(len(text.origin))]
    assert origin == _origin_one_character_at_a_time(raw)
    assert len(origin) == len(text.text)


def test_a_combining_accent_is_part_of_its_word() -> None:
    """'si' (if) is not in 'sí' (yes) written as 'i' and a combining acute accent: the word goes on."""
    text = SourceText.of("El ministro dijo que si\u0301 firmaría el acuerdo.")
    assert not text.contains("El ministro dijo que si")
    assert text.contains("El ministro dijo que si\u0301 firmaría")
