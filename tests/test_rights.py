"""A source page publishes the full text only where the rights allow; otherwise each quoted passage in context."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from tests.conftest import Run


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
    # Context: the words around a quote are the report's, within its paragraph.
    fine = next(p for p in passages if "Yoon Suk Yeol" in p.get_text())
    assert "thoroughly investigate" in fine.get_text()


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
