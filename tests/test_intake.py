"""`add-source FILE`: a saved web page or a text file archived with only what it establishes, fetching nothing."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import socket
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run

PAGES = Path(__file__).parent / "fixtures" / "pages"
NOT_ESTABLISHED = "Not established, so recorded as unknown or left empty; fill in what the text itself states:\n"
CREDITS = "- credits, cites: read them from the text (a dateline's '(Agency)', a '© Agency' line)\n"
TRANSLATION = "- translation, original_language: unknown unless the text says whether it is a translation\n"
NO_RIGHTS = "- rights: the text says nothing of them, so they are taken as reserved (status: unknown)\n"
ALWAYS = CREDITS + NO_RIGHTS + TRANSLATION
RESERVED = (
    '- rights: the text says "© Example News. All rights reserved. Subscribe to our newsletter."; record status '
    "(reserved, or the open licence it names), holder and statement, copied from it\n"
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
        out
        == f"Added source '{source}': sources/{source}.txt and sources/{source}.yaml\n"
        + NOT_ESTABLISHED
        + CREDITS
        + RESERVED
        + TRANSLATION
    )
    text = (corpus / "sources" / f"{source}.txt").read_bytes()
    assert text.decode("utf-8") == (
        "Drones ground flights at Northfield Airport\n"
        "Flights at Northfield Airport were suspended for three hours on Thursday after two drones were seen near "
        "the runway, the airport said.\n"
        "About 40 flights were diverted to other airports, according to the airport's operator. Police said they "
        "were searching for the people flying the drones.\n"
        '"Safety is our first priority," a spokesperson for the airport said in a statement.\n'
        "© Example News. All rights reserved. Subscribe to our newsletter.\n"
    )  # no navigation or script; of the footer, only its line on the rights, which the extractor leaves out
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
        "archived. The last line is the page's own words on its rights, from outside its main text, kept so they "
        "can be recorded. The address is the one the page gives as its own.\n"
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
        "- published: the page's metadata states no publication date; record one only if the text gives it "
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
        "- published: a text file states no publication date; record one only if the text gives it "
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


ARTICLE = (
    "<article><p>The runway at Eastfield was closed for four hours on Friday after repeated drone sightings, "
    "the operator said in a short statement to reporters.</p>"
    "<p>About 30 flights were diverted to other airports, according to the operator. Police said they were "
    "searching the area around the perimeter fence for the people flying the drones.</p>{inside}</article>"
)


def saved_page(folder: Path, head: str = "", inside: str = "", after: str = "") -> Path:
    page = folder / "page.html"
    page.write_text(
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Runway closed</title>{head}</head>'
        f"<body>{ARTICLE.format(inside=inside)}{after}</body></html>",
        encoding="utf-8",
    )
    return page


def published(corpus: Path, run: Run, page: Path) -> tuple[str, str]:
    """The `published` add-source records for a page, and what it printed."""
    code, out, err = run(corpus, "add-source", str(page), "--id", "runway")
    assert (code, err) == (0, "")
    recorded = (corpus / "sources" / "runway.yaml").read_text(encoding="utf-8")
    return recorded.split("published: ", 1)[1].split("\n", 1)[0], out


@pytest.mark.parametrize(
    ("head", "inside", "after"),
    [
        ('<meta property="article:modified_time" content="2025-06-01T10:00:00Z">', "", ""),
        ("", "", '<aside><h3>Related</h3><ul><li><a href="/a">Older drone story</a> '
         '<time datetime="2019-01-05">5 Jan 2019</time></li></ul></aside><footer>© 2023 Example Corp</footer>'),
        ("", "", '<div class="comments"><p>Comment posted 2024-02-03 by Bob</p></div>'
         "<footer>Last updated: 12/03/2024 · © 2023 Example Corp</footer>"),
        ("", '<p class="byline">Updated <time datetime="2024-03-12">12 March</time></p>', ""),
        ("", "", '<aside><article><time itemprop="datePublished" datetime="2019-01-05">5 Jan</time></article></aside>'),
        ('<script type="application/ld+json">{"@type": "NewsArticle", "dateModified": "2025-06-01", '
         '"relatedLink": {"@type": "NewsArticle", "datePublished": "2019-01-05"}}</script>', "", ""),
        ('<script type="application/ld+json">{"@type": "Organization", "datePublished": "2019-01-05"}</script>', "", ""),
    ],
    ids=["modified", "related-story", "footer-and-comments", "undescribed-time", "aside-article", "nested", "not-article"],
)  # fmt: skip
def test_a_page_date_that_is_not_its_stated_publication_date_is_never_recorded(
    corpus: Path, run: Run, tmp_path: Path, head: str, inside: str, after: str
) -> None:
    date, out = published(corpus, run, saved_page(tmp_path, head, inside, after))
    assert date == "unknown"
    assert (
        "- published: the page's metadata states no publication date; record one only if the text gives it "
        "(a date without a year goes in dateline)\n" in out
    )


@pytest.mark.parametrize(
    ("head", "inside"),
    [
        ('<meta property="article:published_time" content="2024-09-02T10:00:00+09:00">', ""),
        ('<meta name="date" content="2024-09-02">', ""),
        ('<meta name="DC.date.issued" content="2024-09-02">', ""),
        ('<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type": "WebSite", '
         '"datePublished": "2001-01-01"}, {"@type": ["NewsArticle"], "datePublished": "2024-09-02T01:00:00Z"}]}'
         "</script>", ""),
        ("", '<p>By a reporter, <time itemprop="datePublished" datetime="2024-09-02">2 September</time></p>'),
        ("", '<time pubdate datetime="2024-09-02T08:00">2 Sept</time>'),
    ],
    ids=["article-published-time", "meta-date", "dc-date-issued", "json-ld", "time-itemprop", "time-pubdate"],
)  # fmt: skip
def test_a_publication_date_the_pages_markup_states_is_recorded(
    corpus: Path, run: Run, tmp_path: Path, head: str, inside: str
) -> None:
    date, out = published(corpus, run, saved_page(tmp_path, head, inside))
    assert date == "2024-09-02"
    assert "published:" not in out


def test_a_date_that_reads_two_ways_or_two_dates_that_disagree_are_hints_not_records(
    corpus: Path, run: Run, tmp_path: Path
) -> None:
    date, out = published(corpus, run, saved_page(tmp_path, '<meta name="date" content="12/03/2024">'))
    assert date == "unknown"
    assert out.endswith(
        "- note: the page's metadata gives '12/03/2024' as its publication date, which is not written YYYY-MM-DD "
        "and may read more than one way; record it in published only if the text gives it\n"
    )
    (corpus / "sources" / "runway.txt").unlink()
    (corpus / "sources" / "runway.yaml").unlink()
    two = (
        '<meta property="article:published_time" content="2024-09-02T23:30:00Z">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024-09-03T08:30:00+09:00"}'
        "</script>"
    )
    date, out = published(corpus, run, saved_page(tmp_path, two))
    assert date == "unknown"
    assert out.endswith(
        "- note: the page's metadata gives more than one publication date (2024-09-02, 2024-09-03); "
        "record the one the text gives, if it gives one\n"
    )


def test_a_modification_date_is_a_hint_never_the_publication_date(corpus: Path, run: Run, tmp_path: Path) -> None:
    page = saved_page(tmp_path, '<meta property="article:modified_time" content="2025-06-01T10:00:00Z">')
    assert published(corpus, run, page)[1].endswith(
        "- note: the page's metadata gives '2025-06-01T10:00:00Z' as when it was modified, not published; "
        "record a date in published only if the text gives it\n"
    )


def test_invisible_marks_in_a_texts_opening_words_are_left_out_of_its_title(
    corpus: Path, run: Run, tmp_path: Path
) -> None:
    # Copies from PDFs carry soft hyphens and zero-width spaces; a title may not (check refuses them).
    report = tmp_path / "report.txt"
    report.write_text(
        "Drone sight\u00adings closed the run\u200bway at Eastfield for four hours on Friday, the operator said.\n",
        encoding="utf-8",
    )
    code, out, err = run(corpus, "add-source", str(report))
    assert (code, err) == (0, "")
    assert out.startswith(
        "Added source 'drone-sightings-closed-the-runway-at': sources/drone-sightings-closed-the-runway-at.txt and "
        "sources/drone-sightings-closed-the-runway-at.yaml\n"
    )
    recorded = (corpus / "sources" / "drone-sightings-closed-the-runway-at.yaml").read_text(encoding="utf-8")
    assert "title: Drone sightings closed the runway at Eastfield for four hours on Friday\n" in recorded
    assert (corpus / "sources" / "drone-sightings-closed-the-runway-at.txt").read_bytes() == report.read_bytes()


def test_a_text_larger_than_check_accepts_is_refused_and_nothing_written(
    corpus: Path, run: Run, tmp_path: Path
) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"The runway was closed again on Friday.\n" * (5 * 1024 * 1024 // 39 + 1))
    before = sorted((corpus / "sources").iterdir())
    assert run(corpus, "add-source", str(big)) == (
        1,
        "",
        f"error: the text to archive from {big} is larger than 5 MiB, the most an archived text may be; "
        "archive the report's text only\n",
    )
    assert sorted((corpus / "sources").iterdir()) == before


def test_a_page_whose_main_text_is_larger_than_check_accepts_is_refused(
    corpus: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing_gen import intake

    monkeypatch.setattr(intake, "MAX_TEXT_BYTES", 200)  # the page's main text is about 250 bytes
    before = sorted((corpus / "sources").iterdir())
    code, out, err = run(corpus, "add-source", str(saved_page(tmp_path)))
    assert (code, out) == (1, "")
    assert err.startswith(f"error: the text to archive from {tmp_path / 'page.html'} is larger than ")
    assert sorted((corpus / "sources").iterdir()) == before


def test_a_file_where_the_sources_folder_should_be_is_a_message(corpus: Path, run: Run) -> None:
    shutil.rmtree(corpus / "sources")
    (corpus / "sources").write_text("not a folder", encoding="utf-8")
    assert run(corpus, "add-source", str(PAGES / "sightings.txt")) == (
        1,
        "",
        "error: sources is a file, not a folder; the archived sources go in a folder of that name\n",
    )


def test_a_failed_write_leaves_no_text_without_its_record(
    corpus: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = Path.open

    def full_disk_for_yaml(path: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if mode == "xb" and path.suffix == ".yaml":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return opened(path, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", full_disk_for_yaml)
    before = sorted((corpus / "sources").iterdir())
    assert run(corpus, "add-source", str(PAGES / "sightings.txt")) == (
        1,
        "",
        "error: cannot write in sources/: No space left on device; nothing was added\n",
    )
    assert sorted((corpus / "sources").iterdir()) == before


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        (
            "--id",
            "Bad_ID",
            "--id 'Bad_ID' is not a valid id; use lowercase letters, digits and single hyphens (at most 80 "
            "characters), like 'airport-drones'",
        ),
        (
            "--url",
            "javascript:alert(1)",
            "--url 'javascript:alert(1)' is not a web address; give the address the report was published at, "
            "starting with http:// or https://",
        ),
        ("--archived", "2025-13-01", "--archived '2025-13-01' is not a real date"),
        ("--archived", "15/03/2025", "--archived '15/03/2025' is not a date; write it as YYYY-MM-DD"),
    ],
)
def test_an_option_in_the_wrong_form_is_said_in_the_contributors_words(
    corpus: Path, run: Run, option: str, value: str, message: str
) -> None:
    before = sorted((corpus / "sources").iterdir())
    assert run(corpus, "add-source", str(PAGES / "sightings.txt"), option, value) == (1, "", f"error: {message}\n")
    assert sorted((corpus / "sources").iterdir()) == before


def test_a_pages_rights_line_is_kept_so_its_rights_can_be_recorded_and_checked(corpus: Path, run: Run) -> None:
    """The footer's '© … All rights reserved.' is boilerplate to the extractor, but it is what the rights rest on."""
    source = "drones-ground-flights-at-northfield-airport"
    assert run(corpus, "add-source", str(PAGES / "drones-northfield.html"))[0] == 0
    metadata = corpus / "sources" / f"{source}.yaml"
    metadata.write_text(
        metadata.read_text(encoding="utf-8")
        + "rights:\n  status: reserved\n  holder: Example News\n  statement: All rights reserved.\n",
        encoding="utf-8",
    )
    assert run(corpus, "check")[0] == 0


def test_a_mere_mention_of_copyright_is_not_taken_for_the_pages_rights(corpus: Path, run: Run, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        (PAGES / "drones-northfield.html")
        .read_text(encoding="utf-8")
        .replace("<footer>", "<nav><a href='/policy'>Copyright policy</a></nav><footer>"),
        encoding="utf-8",
    )
    assert run(corpus, "add-source", str(page), "--id", "northfield")[0] == 0
    archived = (corpus / "sources" / "northfield.txt").read_text(encoding="utf-8")
    assert archived.endswith("\n© Example News. All rights reserved. Subscribe to our newsletter.\n")
    assert "Copyright policy" not in archived
