"""Contributor text stays text: Markdown and HTML in it are shown, never acted on."""

from __future__ import annotations

import markdown
import pytest

from briefing_gen import markdown_text as md

EXTENSIONS = ["admonition", "attr_list", "footnotes", "tables", "toc"]


def rendered(value: str) -> str:
    return str(markdown.markdown(f"Claim: {md.text(value)}", extensions=EXTENSIONS))


@pytest.mark.parametrize(
    ("value", "html"),
    [
        ("<script>alert(1)</script>", "<p>Claim: &lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ("Fines of 5 & 6 < 7", "<p>Claim: Fines of 5 &amp; 6 &lt; 7</p>"),
        ("*bold* and _em_", "<p>Claim: *bold* and _em_</p>"),
        ("[link](javascript:alert(1))", "<p>Claim: [link](javascript:alert(1))</p>"),
        ("a footnote[^1] call", "<p>Claim: a footnote[^1] call</p>"),
        ("an attribute {: #x onclick=y }", "<p>Claim: an attribute {: #x onclick=y }</p>"),
        ("`code`", "<p>Claim: `code`</p>"),
    ],
)
def test_markup_in_contributor_text_is_inert(value: str, html: str) -> None:
    assert rendered(value) == html


@pytest.mark.parametrize("value", ["# heading", "- item", "1. item", "+ item"])
def test_text_cannot_open_a_block_at_the_start_of_a_line(value: str) -> None:
    assert markdown.markdown(md.text(value)) == f"<p>{value}</p>"


def test_newlines_cannot_start_blocks() -> None:
    assert markdown.markdown(md.text("one\n\n# two\n- three")) == "<p>one # two - three</p>"


def test_dates_read_as_people_write_them() -> None:
    assert [md.human_date(d) for d in ("2024-09-02", "2024-09", "2019")] == [
        "2 September 2024",
        "September 2024",
        "2019",
    ]


def test_text_fragment_encodes_reserved_characters() -> None:
    assert md.text_fragment("a-b, c & d") == ":~:text=a%2Db%2C%20c%20%26%20d"
    assert md.text_fragment("one two three four five six seven eight nine") == (
        ":~:text=one%20two%20three%20four,six%20seven%20eight%20nine"
    )


@pytest.mark.parametrize(
    ("quote", "shown"),
    [
        ('police accuse Telegram of "abetting" crimes', "“police accuse Telegram of ‘abetting’ crimes”"),
        ('"abetting"', "“‘abetting’”"),
        ('"In light of these crimes," said Woo', "“‘In light of these crimes,’ said Woo”"),
        ('to "eradicate them."', "“to ‘eradicate them.’”"),
        ('On August 30, " Yonhap " cited the agency', "“On August 30, ‘ Yonhap ’ cited the agency”"),
        ("Telegram's “inciting”", "“Telegram's ‘inciting’”"),
        ("no marks *here*", "“no marks \\*here\\*”"),
    ],
)
def test_a_quote_is_in_quotation_marks_once_with_its_own_marks_nested(quote: str, shown: str) -> None:
    assert md.quoted(quote) == shown


def test_inline_pieces_keep_their_edge_spaces_and_stay_inert() -> None:
    pieces = ["1. Seoul ", "<b>police</b>", " said ", "[^1]"]
    line = md.line_start("".join(md.inline(piece) for piece in pieces))
    assert markdown.markdown(line, extensions=EXTENSIONS) == "<p>1. Seoul &lt;b&gt;police&lt;/b&gt; said [^1]</p>"
