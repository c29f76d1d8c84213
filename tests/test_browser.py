"""The built site in a real browser: Playwright driving Debian's Chromium on 127.0.0.1.

`make test` installs Chromium (Debian's package) when it is missing; these
tests fail, rather than skip, without it.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.conftest import TEST_REPO_URL, answer_github_api, serving


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    page = browser.new_page()
    page.route("https://api.github.com/**", answer_github_api)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    page.close()
    assert errors == [], f"the page logged errors: {errors}"


def test_hovering_a_footnote_call_shows_its_citation(page: Page, base_url: str) -> None:
    page.goto(base_url + "briefings/legal-penalties/")
    page.locator("#fact-deepfake-penalty-fine a.footnote-ref").first.hover()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(timeout=5000)
    assert "and fined up to 50 million won (€33,923).”" in tooltip.inner_text()


def test_search_finds_a_fact_by_a_word_of_its_claim(page: Page, base_url: str) -> None:
    page.goto(base_url)
    page.wait_for_load_state("networkidle")
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("Humiliate", delay=30)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=10000)
    texts = results.all_inner_texts()
    assert any("Legal penalties" in text and "Room to Humiliate Acquaintances" in text for text in texts), texts


def test_download_pdf_and_edit_links_point_where_they_should(page: Page, base_url: str, built: Path) -> None:
    page.goto(base_url + "briefings/legal-penalties/")
    download = page.get_by_role("link", name="Download PDF")
    pdf = page.request.get(page.url + str(download.get_attribute("href")))
    assert pdf.status == 200 and pdf.body()[:5] == b"%PDF-"
    assert pdf.body() == (built / "site" / "pdf" / "legal-penalties.pdf").read_bytes()
    edit = page.locator("#fact-deepfake-penalty-prison a.edit-link")
    href = str(edit.get_attribute("href"))
    assert href.startswith(f"{TEST_REPO_URL}/blob/main/content/facts/legal-penalties.yaml#L")
    line = int(href.rsplit("#L", 1)[1])
    assert (built / "content/facts/legal-penalties.yaml").read_text().splitlines()[
        line - 1
    ] == "  - id: deepfake-penalty-prison"


def test_wording_that_varies_is_closed_until_opened_and_a_conflict_is_open(page: Page, base_url: str) -> None:
    page.goto(base_url + "briefings/platform-accountability/")
    note = page.locator("details.wording-varies").first
    assert note.locator("summary").inner_text() == "Wording varies"
    assert not note.locator("ul").is_visible()
    note.locator("summary").click()
    assert note.locator("ul").is_visible()
    conflict = page.locator(".admonition.warning").first
    assert conflict.locator(".admonition-title").inner_text() == "Sources differ"
    assert conflict.locator("ul").is_visible()


def test_the_timeline_lists_dated_facts_by_month_and_leads_to_each(page: Page, base_url: str) -> None:
    page.goto(base_url)
    page.get_by_role("link", name="Timeline").first.click()
    page.wait_for_url("**/timeline/")
    headings = [h.rstrip("¶") for h in page.locator("article h2").all_inner_texts()]
    assert "August 2024" in headings and "2024, month not given" in headings
    entry = page.locator("article li", has_text="279 fake pornographic videos")
    assert entry.inner_text().startswith("22 August 2024.")
    entry.get_by_role("link", name="Legal penalties for sexual deepfakes in South Korea").click()
    page.wait_for_url("**/briefings/legal-penalties/#fact-suspect-arrested-august-22")
    assert page.locator("#fact-suspect-arrested-august-22").is_visible()


def test_the_cite_block_gives_the_editions_permanent_address(page: Page, base_url: str) -> None:
    page.goto(base_url + "briefings/legal-penalties/")
    page.locator(".edition").get_by_role("link", name="Cite this briefing").click()
    cite = page.locator(".cite-text")
    assert cite.is_visible()
    assert cite.inner_text() == (
        "Deepfake briefings, “Legal penalties for sexual deepfakes in South Korea”, briefing, edition 1, "
        "25 September 2024, https://acme.github.io/briefings/briefings/legal-penalties/#edition-1."
    )
    blocks = page.locator("article pre").all_inner_texts()
    assert any(b.startswith("@report{legal-penalties-edition-1,") for b in blocks)
    assert any('"URL": "https://acme.github.io/briefings/briefings/legal-penalties/#edition-1"' in b for b in blocks)
    assert page.locator("#edition-1").inner_text().startswith("Edition 1, 25 September 2024")


@pytest.mark.parametrize(
    "path",
    ["", "briefings/platform-accountability/", "sources/bbc-serbian-apology/", "methodology/", "timeline/", "data/"],
)
def test_pages_load_without_console_errors(page: Page, base_url: str, path: str) -> None:
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.is_visible()


INJECTIONS = [
    "<script>window.pwned = 1</script>",
    '<img src=x onerror="window.pwned = 2">',
    "[click me](javascript:window.pwned=3)",
    "<a href='&#106;avascript:window.pwned=4'>entity link</a>",
    "a forged call[^1] and [^1]: a forged note",
    '{: onclick="window.pwned = 5" }',
    "<iframe src='https://evil.example'></iframe>",
    "{{ config.site_name }} {% raw %}",
    "![tracker](https://evil.example/p.png)",
]


# A title as the theme would un-escape it into <title> if it took it from the heading.
TITLE_ATTACK = (
    "Background &lt;/title&gt;&lt;script&gt;window.pwned = 8&lt;/script&gt; </title><script>window.pwned = 9</script>"
)


@pytest.fixture(scope="module")
def stuffed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project plus a report and facts carrying every injection, in claims and in quotes."""
    import hashlib

    from briefing_gen.cli import main
    from tests.conftest import REPO

    root = tmp_path_factory.mktemp("stuffed") / "project"
    for name in ("content", "sources"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    text = "Hostile report\n\n" + "\n".join(f"Line {n}: {attack}" for n, attack in enumerate(INJECTIONS)) + "\n"
    (root / "sources" / "hostile-report.txt").write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    (root / "sources" / "hostile-report.yaml").write_text(
        "id: hostile-report\ntitle: '</title><script>window.pwned = 6</script> &lt;/title&gt;&lt;script&gt;window.pwned = 7&lt;/script&gt;'\npublisher: '[pub](javascript:x)'\ncredits: []\n"
        "published: unknown\nlanguage: en\ntranslation: unknown\noriginal_language: unknown\nurl: unknown\n"
        f"archived: 2026-11-24\ntext: hostile-report.txt\nsha256: {digest}\nreceived_as: hostile.txt\n",
        encoding="utf-8",
    )
    facts = "facts:\n" + "".join(
        f"  - id: hostile-{n}\n    topic: crimes-and-people\n    date: unknown\n    claim: {json.dumps('One report says: ' + attack)}\n"
        f"    citations:\n      - source: hostile-report\n        quote: {json.dumps(f'Line {n}: {attack}')}\n"
        for n, attack in enumerate(INJECTIONS)
    )
    (root / "content" / "facts" / "hostile.yaml").write_text(facts, encoding="utf-8")
    context = root / "content" / "context.yaml"
    context_text = context.read_text(encoding="utf-8").replace(
        "\ntitle: ", f"\ntitle: {json.dumps(TITLE_ATTACK)} # ", 1
    )
    context.write_text(
        context_text + "".join(f"  - hostile-{n}\n" for n in range(len(INJECTIONS))),
        encoding="utf-8",
    )
    assert main(["--root", str(root), "build"]) == 0  # includes the post-build scan for active content
    return root


def test_every_injection_stays_inert_in_a_real_browser(browser: Browser, stuffed: Path) -> None:
    from briefing_gen.build import Project, theme_of
    from briefing_gen.scan import active_content

    assert active_content(stuffed / "site", theme_of(Project(stuffed), stuffed / "site")) == []
    with serving(stuffed / "site") as address:
        page = browser.new_page()
        page.route("https://evil.example/**", lambda route: route.abort())
        for path in ("background/", "sources/hostile-report/"):
            page.goto(address + path)
            page.wait_for_load_state("networkidle")
            assert page.evaluate("typeof window.pwned") == "undefined", path
            assert "</title><script>" in page.title() or "&lt;/title&gt;" in page.title(), "the title is shown as text"
            shown = page.locator("article").inner_text()
            for attack in INJECTIONS[:2]:
                assert attack in shown, f"{path}: {attack!r} is not shown as text"
            assert page.locator("article script, article iframe, article [onerror], article [onclick]").count() == 0
        # The search index holds the same text; its results are built in the page from it.
        page.goto(address + "background/")
        query = page.locator("input[name=query]")
        query.click()
        query.press_sequentially("onerror", delay=20)  # typed: the theme searches on key events
        results = page.locator(".md-search-result__item")
        results.first.wait_for(timeout=15000)
        assert 'onerror="window.pwned = 2"' in page.locator(".md-search-result").inner_text()
        assert page.evaluate("typeof window.pwned") == "undefined", "search results"
        assert page.locator(".md-search-result script, .md-search-result [onerror]").count() == 0
        page.close()
