"""Every reader: axe-core and the Nu HTML checker on the pages, PDF/UA on the PDFs, a phone's screen.

axe-core (npm) is injected with Playwright into Debian's Chromium; the Nu HTML
checker (vnu-jar, npm) runs with Debian's Java; `make test` installs all three.
A finding in the theme's own markup is listed below with the theme's issue,
and allowed; any other finding fails.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import page as pdf_checker
import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page
from pypdf import PdfReader

from tests.conftest import REPO, answer_github_api

PAGES = ("", "briefings/legal-penalties/", "sources/reuters-telegram-pressure/", "methodology/")
TOOLS = REPO / "build" / "tools" / "node_modules"
AXE = TOOLS / "axe-core" / "axe.min.js"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# Findings in mkdocs-material's own markup (its header, navigation and footer), by rule and the element
# they are on. None is in what the generator writes or in our stylesheet.
THEME_AXE = {
    # The search dialog has no accessible name; mkdocs-material#4101 (accessibility of search and navigation).
    ("aria-dialog-name", ".md-search"),
}
# A navigation section whose label holds only an icon when the section has an index page
# (navigation.indexes): its <nav> has an empty name, like the next one's; mkdocs-material#4101. The theme
# numbers the sections in the order of the navigation, so the number moves as pages are added.
THEME_NAV_SECTION = re.compile(r'nav\[aria-labelledby="__nav_\d+_label"\]')


def theirs(finding: tuple[str, str]) -> bool:
    rule, target = finding
    return finding in THEME_AXE or (rule == "landmark-unique" and THEME_NAV_SECTION.fullmatch(target) is not None)


THEME_VNU = (
    # The drawer and search toggles are checkboxes with autocomplete="off"; mkdocs-material#1513 (closed as
    # intended: the attribute keeps browsers from restoring the toggles' state).
    "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, “datetime-local”, “email”, "
    "“hidden”, “month”, “number”, “password”, “range”, “search”, “tel”, “text”, “time”, “url”, or “week”.",
    # A navigation section label rendered with tabindex="" (navigation.indexes); no issue found in the theme.
    "Bad value “” for attribute “tabindex” on element “label”: The empty string is not a valid integer.",
    # The table of contents' title is a label for the drawer's hidden toggle; mkdocs-material#4101.
    "The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control.",
)


@pytest.fixture
def reader_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A page in a light or dark colour scheme (``request.param``), or at a phone's width."""
    options: dict[str, Any] = getattr(request, "param", {})
    context = browser.new_context(**options)
    page = context.new_page()
    page.route("https://api.github.com/**", answer_github_api)
    yield page
    context.close()


def axe_findings(page: Page) -> list[tuple[str, str]]:
    """(rule, element) of every axe-core violation on the page."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: `make test` installs axe-core with npm")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
    return [(v["id"], ", ".join(node["target"])) for v in result["violations"] for node in v["nodes"]]


@pytest.mark.parametrize("reader_page", [{"color_scheme": "light"}, {"color_scheme": "dark"}], indirect=True)
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violation_in_our_markup_or_stylesheet(reader_page: Page, base_url: str, path: str) -> None:
    reader_page.goto(base_url + path)
    reader_page.wait_for_load_state("networkidle")
    ours = [finding for finding in axe_findings(reader_page) if not theirs(finding)]
    assert ours == []


def test_axe_would_find_links_told_apart_by_colour_alone(reader_page: Page, base_url: str) -> None:
    """The check above can fail: without our underline, axe finds the links the issue reported."""
    reader_page.goto(base_url + "briefings/legal-penalties/")
    reader_page.add_style_tag(content=".md-typeset p a, .md-typeset li a { text-decoration: none !important; }")
    assert "link-in-text-block" in {rule for rule, _ in axe_findings(reader_page)}


def vnu_errors(paths: list[Path]) -> list[dict[str, Any]]:
    if not VNU.is_file():
        pytest.fail(f"{VNU} is missing: `make test` installs vnu-jar with npm")
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--errors-only", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )
    return list(json.loads(result.stderr)["messages"])


def test_the_nu_html_checker_finds_no_error_in_our_markup(built: Path) -> None:
    files = [built / "site" / path / "index.html" for path in PAGES]
    ours = [
        f"{m['url'].rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in vnu_errors(files)
        if m["message"] not in THEME_VNU
    ]
    assert ours == []


def test_the_nu_html_checker_reports_an_error_in_a_page(tmp_path: Path) -> None:
    broken = tmp_path / "broken.html"
    broken.write_text('<!DOCTYPE html><html lang="en"><title>x</title><p><mark id="a" id="b">x</mark>', "utf-8")
    assert [m["message"] for m in vnu_errors([broken])] == ["Duplicate attribute “id”."]


# --- The PDFs -------------------------------------------------------------------------------------------------------


def pdf_files(built: Path) -> list[Path]:
    return sorted((built / "site" / "pdf").glob("*.pdf"))


def test_every_pdf_passes_pdf_ua_1(built: Path) -> None:
    for path in pdf_files(built):
        report = pdf_checker.validate_pdf(path, profile="ua1")
        assert report.is_compliant, (path.name, [(f.rule_id, f.message) for f in report.failures])


def without_artifacts(path: Path, number: int) -> str:
    """A page's text, less what is drawn inside marked content tagged as an artifact."""
    kept: list[str] = []
    depth = 0

    def operator(op: bytes, operands: list[Any], cm: Any, tm: Any) -> None:
        nonlocal depth
        if op in (b"BDC", b"BMC") and (depth or operands[0] == "/Artifact"):
            depth += 1
        elif op == b"EMC" and depth:
            depth -= 1

    def text(value: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if not depth:
            kept.append(value)

    PdfReader(path).pages[number].extract_text(visitor_operand_before=operator, visitor_text=text)
    return " ".join("".join(kept).split())


def test_running_heads_and_page_numbers_are_pagination_artifacts(built: Path) -> None:
    path = built / "site" / "pdf" / "legal-penalties.pdf"
    head = "Legal penalties for sexual deepfakes in South Korea"
    total = len(PdfReader(path).pages)
    for number in range(1, total):
        shown = " ".join(PdfReader(path).pages[number].extract_text().split())
        assert f"Page {number + 1} of {total}" in shown and head in shown
        content = without_artifacts(path, number)
        assert f"Page {number + 1} of {total}" not in content and head not in content, content[-120:]


def test_every_link_in_the_pdfs_prints(tmp_path: Path, built: Path) -> None:
    links = 0
    for path in pdf_files(built):
        for page in PdfReader(path).pages:
            for annotation in page.get("/Annots") or []:
                annotation = annotation.get_object()
                if annotation["/Subtype"] == "/Link":
                    assert int(annotation.get("/F", 0)) & 4, f"{path.name}: a link without the print flag"
                    links += 1
    assert links >= 10


# --- Phones, navigation, search -------------------------------------------------------------------------------------

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.mark.parametrize("reader_page", [PHONE], indirect=True)
@pytest.mark.parametrize("path", PAGES)
def test_on_a_390_px_screen_nothing_scrolls_out_of_view(reader_page: Page, base_url: str, path: str) -> None:
    reader_page.goto(base_url + path)
    reader_page.wait_for_load_state("networkidle")
    assert reader_page.evaluate("document.documentElement.scrollWidth") <= 390
    hidden = reader_page.evaluate(
        """() => [...document.querySelectorAll('article *')]
            .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')
            .map(e => e.outerHTML.slice(0, 80))"""
    )
    assert hidden == []


@pytest.mark.parametrize("reader_page", [PHONE], indirect=True)
def test_on_a_phone_key_points_read_at_body_size_and_note_calls_are_24_px_targets(
    reader_page: Page, base_url: str
) -> None:
    reader_page.goto(base_url + "briefings/legal-penalties/")
    size = "(selector) => getComputedStyle(document.querySelector(selector)).fontSize"
    assert reader_page.evaluate(size, ".key-points li") == reader_page.evaluate(size, "p.fact")
    calls = [link for link in reader_page.locator("a.footnote-ref").all() if link.is_visible()]
    boxes = [link.bounding_box() for link in calls]
    assert len(boxes) > 40
    assert all(box is not None and box["width"] >= 24 and box["height"] >= 24 for box in boxes), boxes[:3]


@pytest.mark.parametrize("reader_page", [PHONE], indirect=True)
def test_on_a_phone_no_note_call_starts_a_line_alone(reader_page: Page, base_url: str) -> None:
    """A call that follows a word stays on that word's line (the word and the call are kept together)."""
    reader_page.goto(base_url + "briefings/legal-penalties/")
    reader_page.wait_for_load_state("networkidle")
    alone = reader_page.evaluate(
        """() => [...document.querySelectorAll('article sup[id^="fnref"]')].filter(sup => {
            const before = sup.previousSibling;
            if (!before || before.nodeType !== Node.TEXT_NODE || /\\s$/.test(before.textContent)) {
                const group = sup.parentElement;
                if (!group.classList.contains('with-calls') || group.firstChild === sup) return false;
            }
            const range = document.createRange();
            const text = sup.parentElement.classList.contains('with-calls') ? sup.parentElement.firstChild : before;
            range.setStart(text, text.textContent.length - 1);
            range.setEnd(text, text.textContent.length);
            const word = range.getBoundingClientRect(), call = sup.getBoundingClientRect();
            return call.top > word.bottom - 2;  // the call sits on a lower line than the word it follows
        }).map(sup => sup.id)"""
    )
    groups = reader_page.locator(".with-calls").count()
    assert alone == []
    assert groups > 20
    unseparated = reader_page.evaluate(
        """() => [...document.querySelectorAll('article sup[id^="fnref"]')].filter(sup => {
            const before = sup.previousSibling;  // a call right after another call, or after a word and its call
            const follows = before && before.nodeType === Node.ELEMENT_NODE
                && (before.matches('sup[id^="fnref"]') || before.classList.contains('with-calls'));
            return follows && getComputedStyle(sup, '::before').content !== '","';
        }).map(sup => sup.id)"""
    )
    assert unseparated == []  # "1, 2", never "1 2" or "12"


def test_the_home_page_speaks_to_touch_screens_too(built: Path) -> None:
    text = BeautifulSoup((built / "site" / "index.html").read_text(encoding="utf-8"), "html.parser").get_text()
    assert "hover" not in text.lower()


def test_briefings_are_in_the_navigation_with_previous_and_next_and_sources_are_not(built: Path) -> None:
    soup = BeautifulSoup(
        (built / "site" / "briefings" / "legal-penalties" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    navigation = [str(a["href"]) for a in soup.select("nav.md-nav--primary a.md-nav__link")]
    assert {"../international-cooperation/", "../platform-accountability/"} <= set(navigation)
    assert not [href for href in navigation if "/sources/" in href and not href.endswith("sources/")]
    pager = soup.select_one("p.briefing-pager")
    assert pager is not None
    assert [(a.get_text(), str(a["href"])) for a in pager.find_all("a")] == [
        (
            "← Previous: International cooperation in the Telegram deepfake investigation",
            "../international-cooperation/",
        ),
        (
            "Next: Telegram, the police and the regulator in South Korea's deepfake cases →",
            "../platform-accountability/",
        ),
    ]


def test_note_numbers_stay_out_of_the_search_index(built: Path) -> None:
    index = json.loads((built / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = [doc["text"] for doc in index["docs"] if doc["location"].startswith("briefings/legal-penalties/")]
    assert any("five years in prison." in text for text in texts)
    assert not [text for text in texts if "<sup>" in text or "↩" in text]


def test_a_search_result_shows_no_note_numbers_after_words(reader_page: Page, base_url: str) -> None:
    reader_page.goto(base_url)
    reader_page.wait_for_load_state("networkidle")
    search = reader_page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("differently", delay=30)
    results = reader_page.locator(".md-search-result__item")
    results.first.wait_for(timeout=10000)
    shown = " ".join(results.all_inner_texts())
    assert "differently:" in shown and "differently.3" not in shown
