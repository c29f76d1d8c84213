"""Notes as a reader uses them: short, naming the report, pointing at the passage, in order on paper.

Checked on the real project's built site and PDFs (the ``built`` fixture), and
on the fixture corpus built with a site address, where the PDFs can link each
note to its passage on the site.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString
from pypdf import PdfReader

from briefing_gen.alignment import carries
from briefing_gen.build import Project, load_and_check, load_site
from briefing_gen.cli import main
from briefing_gen.quotes import normalise, segments
from briefing_gen.render import render_site
from briefing_gen.site import Site
from briefing_gen.terms import Kind, extract_terms
from tests.conftest import FIXTURE, REPO, Run, unnest

BRIEFINGS = ("legal-penalties", "platform-accountability", "international-cooperation")
SITE_URL = "https://example.org/briefings/"


def soup_of(root: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((root / "site" / path).read_text(encoding="utf-8"), "html.parser")


def flat(tag: Tag) -> str:
    return " ".join(tag.get_text(" ").split()).replace(" ,", ",").replace(" .", ".").replace(" :", ":")


def notes(soup: BeautifulSoup) -> dict[int, Tag]:
    return {int(str(li["id"]).split(":")[1]): li for li in soup.select(".footnote li")}


@pytest.fixture(scope="module")
def site(built: Path) -> Site:
    return load_site(Project(built))


@pytest.mark.parametrize("name", BRIEFINGS)
def test_a_note_is_the_reports_label_the_quoted_words_and_a_link_to_the_passage(
    built: Path, site: Site, name: str
) -> None:
    labels = {label.note for label in site.labels.values()}
    for number, note in notes(soup_of(built, f"briefings/{name}/index.html")).items():
        text = flat(note)
        label, _, rest = text.partition(": “")
        assert label in labels, f"note {number} starts {label!r}, not a source's label"
        assert rest and "Passage" in rest, text
        for wall in ("Publisher unknown", "date unknown", "Archived copy"):
            assert wall not in text, f"note {number}: {text}"
        assert not re.search('“"|"”|““|””', text), f"note {number} wraps a quote twice: {text}"


def test_the_labels_say_whose_story_and_when_as_far_as_the_reports_do(site: Site) -> None:
    assert {source_id: label.note for source_id, label in site.labels.items()} == {
        "afp-techxplore-probe": "AFP via techxplore.com, 2 September 2024",
        "bbc-serbian-apology": "BBC News in Serbian, undated",
        "reuters-telegram-pressure": "Reuters, dated “Sept 2”, no year",
        "telegram-sorry-report": "Unattributed report “South Korea: Telegram ‘sorry’…”, undated",
        "telegram-suspected-report": "Unattributed report “In South Korea, Telegram…”, undated",
    }


@pytest.mark.parametrize("name", BRIEFINGS)
def test_each_briefing_ends_with_its_sources_each_once_in_full(built: Path, site: Site, name: str) -> None:
    soup = soup_of(built, f"briefings/{name}/index.html")
    heading = soup.find("h2", id="sources")
    assert isinstance(heading, Tag)
    listed = heading.find_next_sibling("ul")
    assert isinstance(listed, Tag)
    entries = [flat(li) for li in listed.find_all("li", recursive=False)]
    cited = {
        str(a["href"]).split("#")[0].rstrip("/").rsplit("/", 1)[-1]
        for li in notes(soup).values()
        for a in li.select("a.passage-link")
    }
    assert len(entries) == len(cited)
    for source_id in cited:
        source = site.sources[source_id]
        (entry,) = [e for e in entries if e.startswith(site.labels[source_id].note + ".")]
        assert " ".join(source.title.split()) in entry, entry
        assert "Archived copy and quoted passages" in entry


def passage_of(built: Path, href: str, page: str) -> tuple[BeautifulSoup, str]:
    """The source page a note's passage link opens, and the anchor it jumps to."""
    target, _, anchor = href.partition("#")
    resolved = (built / "site" / page).parent.joinpath(target, "index.html").resolve()
    return BeautifulSoup(resolved.read_text(encoding="utf-8"), "html.parser"), anchor


def marked_text_from(anchor: Tag, length: int) -> str:
    """The highlighted words that follow a passage's anchor in the archived text, about ``length`` characters."""
    words = ""
    for element in anchor.next_elements:
        if isinstance(element, NavigableString) and element.find_parent("mark") is not None:
            words = normalise(f"{words} {element}")
            if len(words) >= length:
                break
    return words


def test_every_note_links_to_its_passage_highlighted_in_the_archived_text(built: Path) -> None:
    checked = 0
    for path in sorted((built / "site").rglob("index.html")):
        page = str(path.relative_to(built / "site"))
        for note in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select(".footnote li"):
            link = note.select_one("a.passage-link")
            assert link is not None, f"{page}: {flat(note)}"
            quote = flat(note).split(": “", 1)[1].rsplit("” ", 1)[0].split("” (we read", 1)[0]
            source, anchor = passage_of(built, str(link["href"]), page)
            target = source.find(id=anchor)
            assert isinstance(target, Tag), f"{page}: no #{anchor} on the source page"
            assert "passage-start" in (target.get("class") or []), anchor
            marked = marked_text_from(target, len(segments(quote)[0]))
            assert any(marked.startswith(segments(q)[0]) for q in unnest(quote)), f"{page}: #{anchor} is not {quote!r}"
            checked += 1
    assert checked >= 90


def test_each_quoted_passage_is_anchored_in_its_context_and_links_to_every_fact_quoting_it(built: Path) -> None:
    soup = soup_of(built, "sources/reuters-telegram-pressure/index.html")
    passages = soup.find_all("blockquote")
    assert len(passages) >= 10
    for quote in passages:
        # The report's rights are reserved: no archived text on the page; each passage is shown in its
        # context, and carries the anchor its notes link to.
        where = quote.select_one("span.passage-start")
        assert isinstance(where, Tag) and where.find_parent("p") is not None
        assert quote.select("mark")
        cited_for = where.find_next("ul")
        assert isinstance(cited_for, Tag)
        for link in cited_for.find_all("a"):
            briefing, _, fact = str(link["href"]).partition("#")
            page = (built / "site" / "sources" / "reuters-telegram-pressure").joinpath(briefing, "index.html")
            target = BeautifulSoup(page.resolve().read_text(encoding="utf-8"), "html.parser").find(id=fact)
            assert target is not None, link["href"]


# --- On paper -----------------------------------------------------------------------------------------------------


def lines_of(page: Any) -> list[list[tuple[float, str]]]:
    """Each printed line of a page (top to bottom) as its text runs: (font size, text).

    A note call is raised above its line's baseline by less than half a line, so runs
    within 5 points of one another are one line.
    """
    runs: list[tuple[float, float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if text.strip():
            y, x = tm[5] * cm[3] + cm[5], tm[4] * cm[0] + cm[4]
            runs.append((y, x, round(size * tm[0] * cm[0], 1), text))

    page.extract_text(visitor_text=visit)
    lines: list[list[tuple[float, float, float, str]]] = []
    for run in sorted(runs, key=lambda r: -r[0]):
        if lines and lines[-1][0][0] - run[0] < 5:
            lines[-1].append(run)
        else:
            lines.append([run])
    return [[(size, text) for _, _, size, text in sorted(line, key=lambda r: r[1])] for line in lines]


NOTE_MARKER = re.compile(r"^(\d+)\. $")


def foot_notes(page: Any) -> list[int]:
    """The numbers of the notes printed at the foot of a page, top to bottom."""
    return [
        int(marker.group(1))
        for line in lines_of(page)
        for size, text in line[:1]
        if size == 8.0 and (marker := NOTE_MARKER.match(text))
    ]


def pdfs(built: Path) -> Iterator[tuple[str, PdfReader]]:
    for name in (*BRIEFINGS, "all-briefings"):
        yield name, PdfReader(built / "site" / "pdf" / f"{name}.pdf")


def test_notes_at_the_foot_of_each_page_come_in_ascending_order_each_once(built: Path) -> None:
    for name, reader in pdfs(built):
        printed: list[int] = []
        for number, page in enumerate(reader.pages, 1):
            here = foot_notes(page)
            assert here == sorted(set(here)), f"{name}.pdf page {number}: notes {here}"
            printed += here
        if name != "all-briefings":  # there, each briefing numbers its notes from 1
            assert printed == list(range(1, len(printed) + 1)), f"{name}.pdf: {printed}"


def test_no_note_number_stands_alone_on_a_line(built: Path) -> None:
    for name, reader in pdfs(built):
        for number, page in enumerate(reader.pages, 1):
            for line in lines_of(page):
                text = "".join(t for _, t in line).strip()
                assert not re.fullmatch(r"[\d,\s]+", text) or all(size >= 8 for size, _ in line), (
                    f"{name}.pdf page {number}: a line holds only the note call {text!r}"
                )


def test_the_combined_pdfs_contents_give_the_page_each_briefing_starts_on(built: Path, site: Site) -> None:
    reader = PdfReader(built / "site" / "pdf" / "all-briefings.pdf")
    contents = " ".join(reader.pages[0].extract_text().split())
    for briefing in site.briefings:
        found = re.search(re.escape(briefing.title) + r" \(as of [^)]*\)[ .]*(\d+)", contents)
        assert found, f"{briefing.title!r} is not in the contents: {contents}"
        start = reader.pages[int(found.group(1)) - 1].extract_text()
        assert " ".join(start.split()).startswith(" ".join(briefing.title.split())), briefing.title


@pytest.fixture(scope="module")
def addressed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture corpus built with a site address, so the PDFs can link to the site."""
    root = tmp_path_factory.mktemp("addressed") / "corpus"
    shutil.copytree(FIXTURE, root)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config + f"site_url: {SITE_URL}\n", encoding="utf-8")
    assert main(["--root", str(root), "build"]) == 0
    return root


def test_with_a_site_address_every_pdf_note_links_to_its_passage_on_the_site(addressed: Path) -> None:
    reader = PdfReader(addressed / "site" / "pdf" / "port-delays.pdf")
    links = [
        str(annotation.get_object()["/A"]["/URI"])
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if "/URI" in annotation.get_object().get("/A", {})
    ]
    passages = [link for link in links if "#passage-" in link]
    web = soup_of(addressed, "briefings/port-delays/index.html")
    assert len(passages) == len(notes(web))
    for link in passages:
        assert link.startswith(SITE_URL + "sources/"), link
        page, _, anchor = link.removeprefix(SITE_URL).partition("#")
        assert soup_of(addressed, page + "index.html").find(id=anchor) is not None, link


def printed_notes(reader: PdfReader) -> dict[int, str]:
    """Every note printed at the foot of a page, by number, with its whole text."""
    found: dict[int, str] = {}
    for page in reader.pages:
        current = None
        for line in lines_of(page):
            if not line or line[0][0] != 8.0:
                continue
            if marker := NOTE_MARKER.match(line[0][1]):
                current = int(marker.group(1))
                line = line[1:]
            if current is not None:
                found[current] = f"{found.get(current, '')} {''.join(text for _, text in line)}"
    return {number: " ".join(text.split()) for number, text in found.items()}


@pytest.mark.parametrize("name", BRIEFINGS)
def test_every_figure_and_name_of_a_key_point_is_in_a_note_it_calls_on_paper_too(
    built: Path, site: Site, name: str
) -> None:
    reader = PdfReader(built / "site" / "pdf" / f"{name}.pdf")
    cover = " ".join(reader.pages[0].extract_text().split())
    texts = printed_notes(reader)
    briefing = next(b for b in site.briefings if b.id == name)
    checked = 0
    for point in briefing.key_points:
        start = cover.index(" ".join(point.text.split()))
        called = re.search(r"\(notes? ([\d, ]+)\)", cover[start:])
        assert called, f"{name}: no notes called for {point.text!r}"
        notes_text = " ".join(texts[int(n)] for n in called.group(1).split(", "))
        for term in extract_terms(point.text):
            # A figure is a number ("a fourth" report is how the sentence counts reports, not a figure).
            figure = term.kind is Kind.FIGURE and any(char.isdigit() for char in term.text)
            if (figure or term.kind is Kind.NAME) and term.text != "2024":
                assert carries(term, notes_text), f"{name}: {term.text!r} is in none of the notes {called.group(1)}"
                checked += 1
    assert checked >= 3


# --- Edge cases a red-team pass found -------------------------------------------------------------------------------


def rendered(root: Path) -> dict[str, str]:
    return {path: page.decode("utf-8") for path, page in render_site(Site.of(load_and_check(Project(root)))).items()}


def add_fact(root: Path, fact: str, section_fact: str) -> None:
    facts = root / "content" / "facts" / "port.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + fact, encoding="utf-8")
    briefing = root / "content" / "briefings" / "port-delays.yaml"
    head, _, tail = briefing.read_text(encoding="utf-8").rpartition("    facts: [minister-review]")
    briefing.write_text(f"{head}    facts: [minister-review, {section_fact}]{tail}", encoding="utf-8")


def test_quotes_of_the_same_words_in_other_quotation_marks_are_one_passage_and_one_note(corpus: Path) -> None:
    add_fact(
        corpus,
        "  - id: delays-will-end-again\n    topic: official-response\n    date: 2024-03\n"
        "    claim: Officials say the delays will end soon.\n    citations:\n      - source: harbour-daily\n"
        "        quote: Officials say the delays “will end   soon”.\n",
        "delays-will-end-again",
    )
    pages = rendered(corpus)
    source = pages["sources/harbour-daily.md"]
    anchors = re.findall(r'<span id="(passage-[\d-]+)"', source)
    assert len(anchors) == len(set(anchors)) == len(re.findall(r"^> ", source, flags=re.M)) == 3
    briefing = pages["briefings/port-delays.md"]
    assert len(re.findall(r"^\[\^\d+\]: .*will end soon", briefing, flags=re.M)) == 1


def test_a_report_that_reverses_text_has_its_control_characters_shown_as_codes(corpus: Path) -> None:
    text = corpus / "sources" / "harbour-daily.txt"
    raw = text.read_text(encoding="utf-8") + "A fine of \u202e000,05\u202c won was set.\n"
    text.write_text(raw, encoding="utf-8")
    digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    meta = corpus / "sources" / "harbour-daily.yaml"
    meta.write_text(re.sub(r"sha256: \w+", f"sha256: {digest}", meta.read_text(encoding="utf-8")), encoding="utf-8")
    source = rendered(corpus)["sources/harbour-daily.md"]
    assert "A fine of [U+202E]000,05[U+202C] won was set." in source.replace("\\[", "[").replace("\\]", "]")
    assert "\u202e" not in source


@pytest.mark.parametrize(
    ("labels", "notes"),
    [
        (
            ["Wire Service", "Wire Service"],
            ["Wire Service “Harbour report”, 4 March 2024", "Wire Service “Shipping news”, undated"],
        ),
        (["Harbour Daily", None], ["Harbour Daily, 4 March 2024", "Unattributed report “Shipping news”, undated"]),
    ],
)
def test_a_label_names_the_report_and_two_reports_never_share_one(
    corpus: Path, labels: list[str | None], notes: list[str]
) -> None:
    for name, label in zip(("harbour-daily", "shipping-wire"), labels, strict=True):
        if label is not None:
            path = corpus / "sources" / f"{name}.yaml"
            path.write_text(path.read_text(encoding="utf-8") + f"label: {label}\n", encoding="utf-8")
    site = Site.of(load_and_check(Project(corpus)))
    assert [site.labels["harbour-daily"].note, site.labels["shipping-wire"].note] == notes


@pytest.mark.parametrize(
    ("label", "message"),
    [
        (
            "Harbour Daily, 3 March 2024",
            "sources/shipping-wire.yaml:15:8: label: 'Harbour Daily, 3 March 2024' gives a year; a label names the "
            "report, and the date beside it comes from 'published' or 'dateline'",
        ),
        (
            "Harbour 𝄞",
            "sources/shipping-wire.yaml:15:16: label: the character '𝄞' (U+1D11E MUSICAL SYMBOL G CLEF) cannot be "
            "printed in the PDFs: none of the bundled fonts has it; write it another way",
        ),
    ],
)
def test_a_label_is_held_to_what_every_printed_field_is(corpus: Path, run: Run, label: str, message: str) -> None:
    path = corpus / "sources" / "shipping-wire.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f"label: {label}\n", encoding="utf-8")
    code, _, err = run(corpus, "check")
    assert code == 1
    assert message in err.splitlines()
