"""What the editors set beside a fact, as a reader gets it on the web page, the source page and the PDF.

The fixture corpus has one of each: a conflict (120 or 150 ships), wording
that varies ("will end soon" / "to finish shortly"), a figure over another
period (90 ships in five days), a garbled passage with the editors' reading
("downloaded 30 containers"), an undated fact, a date the editors worked out,
and a fact linked from a briefing rather than repeated on it.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from pypdf import PdfReader

from briefing_gen.cli import main
from briefing_gen.labels import display_title
from briefing_gen.models import Source
from tests.conftest import FIXTURE, REPO, Run

READING = (
    "Editors' reading: Where the unattributed report “Officials expect the delays…” says “downloaded 30 containers”, we read “unloaded 30 containers”: "
    "a likely translation slip. Containers are unloaded, not downloaded."
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture corpus built once: site and PDFs."""
    root = tmp_path_factory.mktemp("editorial") / "corpus"
    shutil.copytree(FIXTURE, root)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    assert main(["--root", str(root), "build"]) == 0
    return root


def page(root: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((root / "site" / path).read_text(encoding="utf-8"), "html.parser")


def text(tag: Tag | None) -> str:
    assert tag is not None
    return (
        " ".join(tag.get_text(" ").split()).replace(" ,", ",").replace(" :", ":").replace(" .", ".").replace(" )", ")")
    )


def classes(tag: Tag) -> list[str]:
    return [str(name) for name in tag.get_attribute_list("class") if name]


def after(soup: BeautifulSoup, fact_id: str) -> list[Tag]:
    """The elements between a fact's paragraph and the next fact or heading."""
    fact = soup.find(id=f"fact-{fact_id}")
    assert isinstance(fact, Tag), fact_id
    found = []
    for sibling in fact.find_next_siblings():
        if {"fact", "footnote"} & set(classes(sibling)) or sibling.name == "h2":
            break
        found.append(sibling)
    return found


def test_a_reading_sits_beside_the_reports_words_and_is_marked_as_the_editors(site: Path) -> None:
    soup = page(site, "briefings/port-delays/index.html")
    fact = soup.find(id="fact-containers-unloaded")
    assert text(fact).startswith("One report says dock workers unloaded 30 containers")  # undated: no date label
    (reading,) = [tag for tag in after(soup, "containers-unloaded") if "editors-reading" in classes(tag)]
    assert text(reading) == READING
    call = fact.find("a", class_="footnote-ref") if isinstance(fact, Tag) else None
    assert isinstance(call, Tag)
    note = soup.find(id=str(call["href"]).lstrip("#"))
    assert (
        "“Dock workers downloaded 30 containers from the stranded ships.” (we read “downloaded 30 containers” as "
        "“unloaded 30 containers”: a likely translation slip) Passage" in text(note)
    )
    assert "Sources differ" not in " ".join(text(tag) for tag in after(soup, "containers-unloaded"))


def test_the_source_page_gives_the_reading_under_the_quoted_passage(site: Path) -> None:
    soup = page(site, "sources/dock-bulletin/index.html")
    quote = next(q for q in soup.find_all("blockquote") if "Dock workers downloaded" in q.get_text())
    reading = quote.find_next_sibling("p")
    assert text(reading) == (
        "Editors' reading: Where the report says “downloaded 30 containers”, we read “unloaded 30 containers”: "
        "a likely translation slip. Containers are unloaded, not downloaded."
    )


def test_a_conflict_is_a_warning_and_wording_a_quiet_note_closed_until_opened(site: Path) -> None:
    soup = page(site, "briefings/port-delays/index.html")
    (warning,) = [tag for tag in after(soup, "ships-delayed") if tag.name == "div"]
    assert warning["class"] == ["admonition", "warning"]
    assert text(warning).startswith("Sources differ The reports differ on the number of delayed ships")
    (note,) = [tag for tag in after(soup, "delays-expected-to-end") if tag.name == "details"]
    assert note["class"] == ["note", "wording-varies"] and not note.has_attr("open")
    assert text(note) == (
        "Wording varies The reports word how soon the delays will end differently: "
        "Example Wire via Harbour Daily: “will end soon” 3 Unattributed report “Officials expect the delays…”: "
        "“to finish shortly” 4"
    )
    assert not [tag for tag in after(soup, "delays-expected-to-end") if "warning" in classes(tag)]


def test_figures_over_other_periods_link_to_each_other_not_as_a_disagreement(site: Path) -> None:
    briefing = page(site, "briefings/port-delays/index.html")
    (other,) = [tag for tag in after(briefing, "ships-delayed") if "other-window" in classes(tag)]
    assert text(other) == (
        "A figure for another period: One report says 90 ships were delayed in the past five days. (in Background)"
    )
    assert other.a is not None and other.a["href"] == "../../background/#fact-ships-delayed-five-days"
    background = page(site, "background/index.html")
    (back,) = [tag for tag in after(background, "ships-delayed-five-days") if "other-window" in classes(tag)]
    assert back.a is not None and back.a["href"] == "#fact-ships-delayed"


def test_a_fact_shown_on_another_page_is_linked_not_repeated(site: Path) -> None:
    soup = page(site, "briefings/port-delays/index.html")
    assert soup.find(id="fact-ships-delayed-five-days") is None
    heading = soup.find("p", class_="see-also")
    assert text(heading) == "See also, on other pages:"
    assert isinstance(heading, Tag)
    listed = heading.find_next_sibling("ul")
    links = listed.find_all("a") if isinstance(listed, Tag) else []
    assert [(a["href"], text(a)) for a in links] == [
        (
            "../../background/#fact-ships-delayed-five-days",
            "One report says 90 ships were delayed in the past five days.",
        )
    ]


def test_a_worked_out_date_is_given_as_the_editors(site: Path) -> None:
    soup = page(site, "background/index.html")
    (basis,) = [tag for tag in after(soup, "ships-delayed-five-days") if "editors-date" in classes(tag)]
    assert text(basis) == (
        "How we date this: The bulletin gives no year; its dateline is March 4, and it came with a report of "
        "4 March 2024."
    )


def test_the_source_page_says_whose_story_it_is_whom_it_cites_and_its_dateline(site: Path) -> None:
    rows = {
        text(row.th or row.find("td")): text(row.find_all("td")[-1])
        for row in page(site, "sources/harbour-daily/index.html").find_all("tr")[1:]
    }
    assert (rows["Story by"], rows["Cites"], rows["Title"]) == ("Example Wire", "Port Authority", "its headline")
    wire = {
        text(row.find("td")): text(row.find_all("td")[-1])
        for row in page(site, "sources/dock-bulletin/index.html").find_all("tr")[1:]
    }
    assert wire["Published"] == "dateline “March 4” (no year given)"


def test_opening_words_are_not_shown_as_a_headline() -> None:
    fields = dict(
        id="r0",
        title="In South Korea, Telegram is suspected",
        publisher="unknown",
        credits=[],
        published="unknown",
        language="en",
        translation="unknown",
        original_language="unknown",
        url="unknown",
        archived="2026-11-24",
        text="r0.txt",
        sha256="0" * 64,
        received_as="000.txt",
    )
    assert display_title(Source.model_validate(fields)) == "In South Korea, Telegram is suspected"
    fields["title_is"] = "opening-words"
    assert display_title(Source.model_validate(fields)) == (
        "Untitled report beginning “In South Korea, Telegram is suspected…”"
    )


def pdf_text(site: Path) -> str:
    reader = PdfReader(io.BytesIO((site / "site" / "pdf" / "port-delays.pdf").read_bytes()))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_pdf_shows_the_same_reading_and_kinds_of_difference(site: Path) -> None:
    printed = pdf_text(site)
    conflict = printed.index("Sources differ The reports differ on the number of delayed ships:")
    wording = printed.index("Wording varies The reports word how soon the delays will end differently:")
    reading = printed.index(READING.replace("Containers are", "Containers\nare").split("\n")[0])
    assert conflict < wording < reading
    # A difference's rows refer to the fact's own notes; they are not printed a second time.
    assert (
        "Example Wire via Harbour Daily: “will end soon” (note 3) Unattributed report “Officials expect the delays…”: "
        "“to finish shortly” (note 4)" in printed
    )
    assert "(we read “downloaded 30 containers” as “unloaded 30 containers”: a likely translation slip)" in printed
    assert "A figure for another period: One report says 90 ships were delayed in the past five days." in printed


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "content/facts/port.yaml",
            "    differs_on: the number of delayed ships\n",
            "    differs_on: the number of delayed ships\n    difference: wording\n",
            "content/facts/port.yaml:7:17: facts[0].difference: the reports give different figures, which is a "
            "conflict unless "
            "they are one figure put two ways (converted, rounded); say why in editors_note, or leave 'difference' out",
        ),
        (
            "content/facts/port.yaml",
            "        reports: About 150 ships\n",
            "        reports: About 150 ships\n        reading:\n          words: 150 ships\n"
            "          means: 105 ships\n          reason: typo\n",
            "content/facts/port.yaml:2:5: facts[0]: a citation's reported value is words the editors read as a "
            "slip; a slip is never a difference between reports: drop 'differs_on' if the reports agree once read",
        ),
        (
            "sources/dock-bulletin.yaml",
            "dateline: March 4",
            "dateline: March 5",
            "sources/dock-bulletin.yaml:7:11: dateline: 'March 5' is not in sources/dock-bulletin.txt; copy the "
            "date as the text gives it",
        ),
        (
            "sources/dock-bulletin.yaml",
            "dateline: March 4",
            "dateline: March 4, 2024",
            "sources/dock-bulletin.yaml:7:11: dateline: 'March 4, 2024' gives a year, so it is a date: record it in "
            "'published' (YYYY-MM-DD or YYYY-MM)",
        ),
        (
            "content/facts/editorial.yaml",
            "        reports: to finish shortly\n",
            "        reports: to finish shortly\n        reading:\n          words: expect the delays to finish shortly\n"
            "          means: end soon\n          reason: typo\n",
            "content/facts/editorial.yaml:4:5: facts[0]: a citation's reported value is words the editors read as a "
            "slip; a slip is never a difference between reports: drop 'differs_on' if the reports agree once read",
        ),
        (
            "content/facts/editorial.yaml",
            "          words: downloaded 30 containers",
            "          words: downloaded 40 containers",
            'content/facts/editorial.yaml:34:18: facts[2].citations[0].reading.words: "downloaded 40 containers" is not '
            "in this citation's quote; a reading is of words the quote gives",
        ),
        (
            "content/facts/editorial.yaml",
            "          reason: translation-slip",
            "          reason: slip",
            "content/facts/editorial.yaml:36:19: facts[2].citations[0].reading.reason: 'slip' is not allowed here; use "
            "'translation-slip', 'scraping-artifact', 'misplaced-figure' or 'typo'",
        ),
        (
            "content/facts/port.yaml",
            "    editors_note: Only one report",
            "    difference: wording\n    editors_note: Only one report",
            "content/facts/port.yaml:21:5: facts[2]: 'difference' says how the sources differ, so it needs "
            "'differs_on' too",
        ),
        (
            "content/facts/editorial.yaml",
            "    date_basis: The bulletin gives no year; its dateline is March 4, and it came with a report of 4 March 2024.\n",
            "",
            "content/facts/editorial.yaml:19:11: facts[1].date: no report this fact cites gives the date 2024-03; say in "
            "date_basis how the editors worked it out, or give only as much of it as the reports do",
        ),
        (
            "content/facts/editorial.yaml",
            "    other_windows: [ships-delayed]",
            "    other_windows: [ships-delayd]",
            "content/facts/editorial.yaml:22:21: facts[1].other_windows[0]: no fact with id 'ships-delayd'; did you mean "
            "'ships-delayed'?",
        ),
        (
            "content/briefings/port-delays.yaml",
            "    see_also: [ships-delayed-five-days]",
            "    see_also: [containers-unloaded]",
            "content/briefings/port-delays.yaml:15:16: sections[0].see_also[0]: fact 'containers-unloaded' is shown "
            "on this page already; a link is for another page",
        ),
    ],
    ids=[
        "figures-as-wording",
        "slip-inside-a-conflict",
        "dateline-not-in-text",
        "dateline-with-a-year",
        "slip-as-conflict",
        "reading-not-in-quote",
        "unknown-reason",
        "difference-alone",
        "date-no-report-gives",
        "unknown-window",
        "see-also-here",
    ],
)
def test_each_editorial_mistake_gets_its_own_message(
    corpus: Path, run: Run, file: str, old: str, new: str, message: str
) -> None:
    path = corpus / file
    content = path.read_text(encoding="utf-8")
    assert old in content
    path.write_text(content.replace(old, new, 1), encoding="utf-8")
    code, _, err = run(corpus, "check")
    assert (code, err.strip().splitlines()[:-1]) == (1, [message])


def test_a_conflict_may_not_rest_on_words_another_fact_reads_as_a_slip(corpus: Path, run: Run) -> None:
    facts = corpus / "content" / "facts" / "editorial.yaml"
    facts.write_text(
        facts.read_text(encoding="utf-8")
        + "  - id: slip-as-conflict-elsewhere\n    topic: context\n    date: 2024-03\n"
        "    claim: Reports differ on what dock workers did with 30 containers.\n"
        "    differs_on: what dock workers did\n    citations:\n"
        "      - source: dock-bulletin\n        quote: Dock workers downloaded 30 containers from the stranded ships.\n"
        "        reports: workers downloaded 30 containers\n"
        "      - source: harbour-daily\n        quote: The port authority said on Monday that 120 ships were delayed.\n"
        "        reports: 120 ships were delayed\n",
        encoding="utf-8",
    )
    context = corpus / "content" / "context.yaml"
    context.write_text(
        context.read_text(encoding="utf-8").replace(
            "ships-delayed-five-days]", "ships-delayed-five-days, slip-as-conflict-elsewhere]"
        ),
        encoding="utf-8",
    )
    code, _, err = run(corpus, "check")
    assert (code, err.strip().splitlines()[:-1]) == (
        1,
        [
            'content/facts/editorial.yaml:46:18: facts[3].citations[0].reports: "workers downloaded 30 containers" '
            "rests on words the editors read as a slip (in fact 'containers-unloaded'); a slip is never a conflict "
            "between reports: report words that are not the slip, or drop 'differs_on'"
        ],
    )


def test_markup_in_what_the_editors_write_is_shown_as_text(corpus: Path, run: Run) -> None:
    shutil.copy(REPO / "mkdocs.yml", corpus / "mkdocs.yml")
    path = corpus / "content" / "facts" / "editorial.yaml"
    replacements = {
        "means: unloaded 30 containers": "means: 'unloaded <script>alert(1)</script> 30 containers'",
        "why: Containers are unloaded, not downloaded.": "why: '</p><img src=x onerror=alert(2)> [x](javascript:y)'",
        "differs_on: how soon the delays will end": "differs_on: '</summary></details><script>alert(3)</script>'",
        "date_basis: The bulletin": "date_basis: <b onclick=alert(4)>The bulletin",
    }
    content = path.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in content
        content = content.replace(old, new)
    path.write_text(content, encoding="utf-8")
    code, _, err = run(corpus, "build")
    assert (code, err) == (0, "")  # the scan fails the build on anything active
    briefing = page(corpus, "briefings/port-delays/index.html")
    (reading,) = [tag for tag in after(briefing, "containers-unloaded") if "editors-reading" in classes(tag)]
    assert "we read “unloaded <script>alert(1)</script> 30 containers”" in text(reading)
    assert "</p><img src=x onerror=alert(2)> [x](javascript:y)" in text(reading)
    (note,) = [tag for tag in after(briefing, "delays-expected-to-end") if tag.name == "details"]
    assert "The reports word </summary></details><script>alert(3)</script> differently:" in text(note)
    background = page(corpus, "background/index.html")
    (basis,) = [tag for tag in after(background, "ships-delayed-five-days") if "editors-date" in classes(tag)]
    assert text(basis).startswith("How we date this: <b onclick=alert(4)>The bulletin")
