"""`add-source FILE`: a saved web page or a text file archived with only what it establishes, fetching nothing."""

from __future__ import annotations

import hashlib
import socket
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run

PAGES = Path(__file__).parent / "fixtures" / "pages"
NOT_ESTABLISHED = "Not established, so recorded as unknown or left empty; fill in what the text itself states:\n"
ALWAYS = (
    "- credits, cites: read them from the text (a dateline's '(Agency)', a '© Agency' line)\n"
    "- translation, original_language: unknown unless the text says whether it is a translation\n"
)


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """add-source never fetches: any connection fails the test."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("add-source tried to connect to the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_a_saved_page_gives_its_main_text_and_the_metadata_it_states(corpus: Path, run: Run) -> None:
    code, out, err = run(corpus, "add-source", str(PAGES / "drones-northfield.html"), "--archived", "2025-03-15")
    assert (code, err) == (0, "")
    source = "drones-ground-flights-at-northfield-airport"
    assert (
        out == f"Added source '{source}': sources/{source}.txt and sources/{source}.yaml\n" + NOT_ESTABLISHED + ALWAYS
    )
    text = (corpus / "sources" / f"{source}.txt").read_bytes()
    assert text.decode("utf-8") == (
        "Drones ground flights at Northfield Airport\n"
        "Flights at Northfield Airport were suspended for three hours on Thursday after two drones were seen near "
        "the runway, the airport said.\n"
        "About 40 flights were diverted to other airports, according to the airport's operator. Police said they "
        "were searching for the people flying the drones.\n"
        '"Safety is our first priority," a spokesperson for the airport said in a statement.\n'
    )  # no navigation, footer or script
    assert (corpus / "sources" / f"{source}.yaml").read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../content/schemas/source.schema.json\n"
        f"id: {source}\n"
        "title: Drones ground flights at Northfield Airport\n"
        "title_is: headline\n"
        "publisher: Example News\n"
        "credits: []\n"
        "cites: []\n"
        "published: 2025-03-14\n"
        "language: en-GB\n"
        "translation: unknown\n"
        "original_language: unknown\n"
        "url: https://news.example.org/drones-northfield\n"
        "archived: 2025-03-15\n"
        f"text: {source}.txt\n"
        f"sha256: {hashlib.sha256(text).hexdigest()}\n"
        "received_as: drones-northfield.html, a saved web page\n"
        "notes: The main text was extracted from the saved web page by trafilatura 2.3.1; the page's markup is not "
        "archived. The address is the one the page gives as its own.\n"
    )
    assert run(corpus, "check")[0] == 0


def test_what_a_page_does_not_state_is_unknown_never_guessed(corpus: Path, run: Run) -> None:
    # The page gives a date only in its prose and no site name: neither is taken from the prose or the address.
    code, out, _ = run(corpus, "add-source", str(PAGES / "drones-unlabelled.html"), "--id", "drones-again")
    assert code == 0
    assert out == (
        "Added source 'drones-again': sources/drones-again.txt and sources/drones-again.yaml\n"
        + NOT_ESTABLISHED
        + "- title: the page's metadata states none; the opening words are recorded (title_is: opening-words)\n"
        "- publisher: the page's metadata states none; record the site only if the text names it\n"
        "- published: the page's metadata states no date; record one only if the text gives it "
        "(a date without a year goes in dateline)\n"
        "- language: the page's metadata states none; write its code (en, fr, ...)\n" + ALWAYS
    )
    recorded = (corpus / "sources" / "drones-again.yaml").read_text(encoding="utf-8")
    assert "title: Drones were seen again near Northfield Airport on 21 March 2025, and\n" in recorded
    assert "publisher: unknown\npublished: unknown\nlanguage: unknown\n" in recorded.replace(
        "credits: []\ncites: []\n", ""
    )


def test_a_text_file_is_archived_byte_for_byte_with_the_address_given(corpus: Path, run: Run) -> None:
    page = PAGES / "sightings.txt"
    code, out, _ = run(corpus, "add-source", str(page), "--url", "https://aviation.example.org/sightings")
    assert code == 0
    assert out == (
        "Added source 'airport-drone-sightings-rise': sources/airport-drone-sightings-rise.txt and "
        "sources/airport-drone-sightings-rise.yaml\n"
        + NOT_ESTABLISHED
        + "- title: a text file states none; the opening words are recorded (title_is: opening-words)\n"
        "- publisher: a text file states none; record the site only if the text names it\n"
        "- published: a text file states no date; record one only if the text gives it "
        "(a date without a year goes in dateline)\n"
        "- language: a text file states none; write its code (en, fr, ...)\n" + ALWAYS
    )
    assert (corpus / "sources" / "airport-drone-sightings-rise.txt").read_bytes() == page.read_bytes()
    recorded = (corpus / "sources" / "airport-drone-sightings-rise.yaml").read_text(encoding="utf-8")
    assert "url: https://aviation.example.org/sightings\n" in recorded
    assert "notes: The address was given by the contributor who saved the file.\n" in recorded
    assert run(corpus, "check")[0] == 0


def test_an_existing_source_is_never_overwritten(corpus: Path, run: Run) -> None:
    before = (corpus / "sources" / "harbour-daily.yaml").read_bytes()
    code, out, err = run(corpus, "add-source", str(PAGES / "sightings.txt"), "--id", "harbour-daily")
    assert (code, out) == (1, "")
    assert err == "error: sources/harbour-daily.txt already exists; choose another id with --id\n"
    assert (corpus / "sources" / "harbour-daily.yaml").read_bytes() == before


def test_a_text_that_is_not_utf8_is_refused(corpus: Path, run: Run, tmp_path: Path) -> None:
    latin = tmp_path / "report.txt"
    latin.write_bytes("Caf\xe9 owners said the port was closed.\n".encode("latin-1"))
    assert run(corpus, "add-source", str(latin)) == (
        1,
        "",
        f"error: {latin} is not UTF-8 text; save it as UTF-8 and add it again\n",
    )


def test_a_page_with_no_main_text_is_refused(corpus: Path, run: Run, tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_text("<!DOCTYPE html><html><head><title>Nothing</title></head><body></body></html>", "utf-8")
    assert run(corpus, "add-source", str(empty)) == (
        1,
        "",
        "error: found no main text in the page; copy the report's text into a .txt file and add that\n",
    )
