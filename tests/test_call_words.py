"""Each note call kept on the line of the word it follows: the word and the first call of a run in one group."""

from __future__ import annotations

import markdown


def convert(text: str) -> str:
    converter = markdown.Markdown(extensions=["footnotes", "briefing_gen.call_words"])
    return converter.convert(text + "\n\n[^1]: a\n[^2]: b\n[^3]: c").split("<div")[0]


def test_the_word_before_a_call_and_the_call_are_one_group_and_later_calls_may_wrap() -> None:
    assert convert("The reports differ on it.[^1][^2] Then more.") == (
        '<p>The reports differ on <span class="with-calls">it.<sup id="fnref:1"><a class="footnote-ref" '
        'href="#fn:1">1</a></sup></span><sup id="fnref:2"><a class="footnote-ref" href="#fn:2">2</a></sup> '
        "Then more.</p>\n"
    )


def test_a_call_after_markup_is_left_as_it_is() -> None:
    assert convert("Read *this*[^3] too.") == (
        '<p>Read <em>this</em><sup id="fnref:3"><a class="footnote-ref" href="#fn:3">3</a></sup> too.</p>\n'
    )
