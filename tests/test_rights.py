"""A source page publishes the full text only where the rights allow; otherwise each quoted passage in context."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from briefing_gen.quotes import SourceText
from briefing_gen.source_page import _passage, in_context
from tests.conftest import REPO, Run
from tests.published_words import sentences, shown_on_page, words_of

RESTRICTED = [
    meta["id"]
    for meta in (yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted((REPO / "sources").glob("*.yaml")))
    if meta.get("rights", {}).get("status", "unknown") in ("reserved", "unknown")
]
MOST_CONTEXT = 0.05  # of a reserved report's words, at most this share is shown on its page outside the quoted words


def test_a_report_whose_rights_are_reserved_shows_its_passages_in_context_and_where_to_read_it(built: Path) -> None:
    soup = BeautifulSoup(
        (built / "site" / "sources" / "afp-techxplore-probe" / "index.html").read_text(), "html.parser"
    )
    text = " ".join(soup.get_text(" ").split())
    assert "Archived text" not in [h.get_text(strip=True).rstrip("¶") for h in soup.select("h2")]
    note = " ".join(soup.select_one(".full-text-note").get_text(" ").split())  # type: ignore[union-attr]
    assert note.startswith("The full text is not published here: the text reserves its rights.")
    assert "Read it in full at https://techxplore.com/news/2024-09-south-korea-telegram-deepfake-porn.html" in note
    assert "held by AFP; the text says “This document is subject to copyright." in text
    passages = soup.select("article blockquote")
    assert passages
    for passage in passages:
        assert passage.select("mark"), passage  # the quoted words, marked, within their context
        assert passage.select_one("span.passage-start[id^=passage-]") is not None  # where its notes lead
    # Context: the words around a quote are the report's, within its sentence.
    fine = next(p for p in passages if "Yoon Suk Yeol" in p.get_text())
    assert "thoroughly investigate" in fine.get_text()


@pytest.mark.parametrize("source_id", RESTRICTED)
def test_a_reserved_reports_page_shows_no_sentence_it_does_not_quote_and_little_else(
    built: Path, source_id: str
) -> None:
    """What the page shows beyond the quoted words: a few words of the quoted sentences, never another sentence."""
    raw = (built / "sources" / f"{source_id}.txt").read_text(encoding="utf-8-sig")
    shown = shown_on_page(raw, (built / "site" / "sources" / source_id / "index.html").read_text(encoding="utf-8"))
    assert shown.quoted, "no passage is shown"
    unquoted = [sentence for sentence in sentences(raw) if not shown.quoted.intersection(sentence)]
    leaked = {" ".join(shown.words[i] for i in sentence if i in shown.context) for sentence in unquoted}
    assert leaked <= {""}, leaked
    assert shown.context_share <= MOST_CONTEXT, f"{shown.context_share:.1%} of the report is shown as context"


def passage_in_context(raw: str, *quotes: str) -> str:
    text = SourceText.of(raw)
    return in_context(text, _passage(text, "passage-x", quotes, ("a-fact",)))


def test_a_passage_is_shown_with_at_most_twelve_words_of_its_sentence_either_side() -> None:
    raw = (
        "Headline\n\nAn earlier sentence nobody quotes. One two three four five six seven eight nine ten eleven "
        "twelve thirteen fourteen the quoted words are here and then one two three four five six seven eight nine "
        "ten eleven twelve thirteen. A later sentence nobody quotes.\n"
    )
    shown = passage_in_context(raw, "the quoted words are here")
    assert shown == (
        "\\[…\\] three four five six seven eight nine ten eleven twelve thirteen fourteen "
        '<span id="passage-x" class="passage-start"></span><mark>the quoted words are here</mark> and then one two '
        "three four five six seven eight nine ten \\[…\\]"
    )


def test_the_sentences_between_the_parts_of_a_quote_are_left_out() -> None:
    raw = "Headline\n\nThe port was closed on Monday. Nobody said why. The ships waited for three days, crews said.\n"
    shown = passage_in_context(raw, "The port was closed … The ships waited for three days")
    assert shown == (
        '<span id="passage-x" class="passage-start"></span><mark>The port was closed</mark> on Monday. \\[…\\] '
        "<mark>The ships waited for three days</mark>, crews said."
    )
    words = words_of(shown)
    assert "nobody" not in words and "why" not in words


def test_a_report_with_no_address_says_whose_it_is(built: Path) -> None:
    soup = BeautifulSoup(
        (built / "site" / "sources" / "reuters-telegram-pressure" / "index.html").read_text(), "html.parser"
    )
    note = " ".join(soup.select_one(".full-text-note").get_text(" ").split())  # type: ignore[union-attr]
    assert "the text states no rights, so they are taken as reserved" in note
    assert "The text gives no address where it can be read in full; it is credited to Reuters." in note


def test_a_rights_statement_must_be_the_texts_own_words(corpus: Path, run: Run) -> None:
    source = corpus / "sources" / "shipping-wire.yaml"
    source.write_text(
        source.read_text(encoding="utf-8") + "rights:\n  status: reserved\n  statement: All rights reserved.\n",
        encoding="utf-8",
    )
    code, _, err = run(corpus, "check")
    assert code == 1
    assert err.splitlines()[0] == (
        "sources/shipping-wire.yaml:17:14: rights.statement: this statement is not in sources/shipping-wire.txt; "
        "copy the text's own words on its rights"
    )


def test_an_open_licence_must_name_its_licence(corpus: Path, run: Run) -> None:
    source = corpus / "sources" / "shipping-wire.yaml"
    source.write_text(source.read_text(encoding="utf-8") + "rights:\n  status: open-licence\n", encoding="utf-8")
    code, _, err = run(corpus, "check")
    assert code == 1
    assert "rights: 'open-licence' needs 'licence': the address of the licence the text names" in err


def afp_rights(project: Path, rights: str) -> None:
    """The AFP report's rights block replaced (the report says "no part may be reproduced")."""
    source = project / "sources" / "afp-techxplore-probe.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(text[: text.index("rights:\n")] + rights, encoding="utf-8")


def test_a_report_is_in_the_public_domain_only_where_its_text_says_so(project: Path, run: Run) -> None:
    afp_rights(project, "rights:\n  status: public-domain\n")
    assert run(project, "check") == (
        1,
        "",
        "sources/afp-techxplore-probe.yaml:26:3: rights: 'public-domain' needs 'statement': the words in which the "
        "text says it is in the public domain, copied from it; the site publishes a full text only where the text "
        "itself allows it\n"
        "1 problem found; nothing was written.\n",
    )


def test_a_text_that_reserves_its_rights_is_never_published_whole_whatever_its_metadata_says(
    project: Path, run: Run
) -> None:
    afp_rights(
        project,
        "rights:\n  status: public-domain\n  statement: >-\n    This document is subject to copyright.\n",
    )
    code, out, err = run(project, "check")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "sources/afp-techxplore-probe.yaml:26:11: rights.status: sources/afp-techxplore-probe.txt says “no part may "
        "be reproduced”, so its rights are reserved, whatever else it says: set status 'reserved' (the site then "
        "publishes only the passages it quotes)",
        "sources/afp-techxplore-probe.yaml:28:5: rights.statement: this statement does not say it is in the public "
        "domain; copy the words in which sources/afp-techxplore-probe.txt says so, or, if it does not, set status "
        "'reserved' or 'unknown'",
        "2 problems found; nothing was written.",
    ]
    assert not (project / "site").exists()


def test_an_open_licence_is_the_texts_own_statement_naming_it(corpus: Path, run: Run) -> None:
    source = corpus / "sources" / "harbour-daily.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(text[: text.index("  statement:")], encoding="utf-8")
    assert run(corpus, "check")[2].splitlines()[0] == (
        "sources/harbour-daily.yaml:18:3: rights: 'open-licence' needs 'statement': the words in which the text says "
        "which licence it is published under, copied from it; the site publishes a full text only where the text "
        "itself allows it"
    )
    source.write_text(text.replace("a Creative Commons Attribution 4.0 licence.", "Harbour Daily."), encoding="utf-8")
    assert run(corpus, "check")[2].splitlines()[0] == (
        "sources/harbour-daily.yaml:21:14: rights.statement: this statement is not in sources/harbour-daily.txt; "
        "copy the text's own words on its rights"
    )
    source.write_text(text.replace("published under a Creative Commons Attribution 4.0 licence.", "published"), "utf-8")
    assert run(corpus, "check")[2].splitlines()[0] == (
        "sources/harbour-daily.yaml:21:14: rights.statement: this statement names no licence; copy the words in "
        "which sources/harbour-daily.txt says so, or, if it does not, set status 'reserved' or 'unknown'"
    )


def test_a_published_full_text_is_the_archived_file_byte_for_byte(corpus: Path) -> None:
    """The page says "kept byte for byte as received": a byte-order mark and Windows line ends included."""
    import hashlib

    from briefing_gen.build import Project, load_site
    from briefing_gen.render import render_site

    archived = corpus / "sources" / "harbour-daily.txt"
    data = b"\xef\xbb\xbf" + archived.read_bytes().replace(b"\n", b"\r\n")
    archived.write_bytes(data)
    metadata = corpus / "sources" / "harbour-daily.yaml"
    text = metadata.read_text(encoding="utf-8")
    old = yaml.safe_load(text)["sha256"]
    metadata.write_text(text.replace(old, hashlib.sha256(data).hexdigest()), encoding="utf-8")
    assert render_site(load_site(Project(corpus)))["sources/harbour-daily.txt"] == data
