"""What the built site tells browsers, search engines and feed readers about itself, built as GitHub Actions
builds acme/briefings: canonical addresses, descriptions, link previews, schema.org data, sitemap and feed."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

from bs4 import BeautifulSoup

from tests.conftest import REPO, SITE_URL, Run, on_github_actions

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def pages(built: Path) -> list[Path]:
    return sorted(p for p in (built / "site").rglob("index.html"))


def head(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def address_of(built: Path, page: Path) -> str:
    return (
        SITE_URL
        + page.parent.relative_to(built / "site").as_posix().removeprefix(".")
        + ("/" if page.parent != built / "site" else "")
    )


def test_every_page_has_its_canonical_address_under_the_pages_address(built: Path) -> None:
    found = pages(built)
    assert len(found) >= 15
    for page in found:
        soup = head(page)
        canonical = soup.find("link", rel="canonical")
        assert canonical is not None, page
        assert canonical["href"] == address_of(built, page)
        og_url = soup.find("meta", property="og:url")
        assert og_url is not None and og_url["content"] == canonical["href"]


def test_the_sitemap_lists_every_page_and_nothing_else(built: Path) -> None:
    tree = ET.parse(built / "site" / "sitemap.xml")
    listed = sorted(loc.text or "" for loc in tree.iter(f"{SITEMAP}loc"))
    assert listed == sorted(address_of(built, page) for page in pages(built))
    assert {lastmod.text for lastmod in tree.iter(f"{SITEMAP}lastmod")} == {"2024-09-25"}  # the last edition


def test_a_briefing_page_describes_itself_for_link_previews(built: Path) -> None:
    soup = head(built / "site" / "briefings" / "legal-penalties" / "index.html")
    found = soup.find("meta", attrs={"name": "description"})
    assert found is not None
    description = str(found["content"])
    assert description.startswith("What the reports of early September 2024 say South Korean law imposes")
    meta = {
        tag.get("property") or tag.get("name"): tag["content"] for tag in soup.find_all("meta") if tag.get("content")
    }
    assert meta["og:title"] == meta["twitter:title"] == "Legal penalties for sexual deepfakes in South Korea"
    assert meta["og:description"] == meta["twitter:description"] == description
    assert (meta["og:type"], meta["og:site_name"], meta["twitter:card"]) == ("article", "Deepfake briefings", "summary")


def test_every_page_links_the_updates_feed_from_its_head(built: Path) -> None:
    for page in [*pages(built), built / "site" / "404.html"]:
        link = head(page).find("link", rel="alternate", type="application/atom+xml")
        assert link is not None, page
        target = (page.parent / str(link["href"])).resolve() if not str(link["href"]).startswith("/") else None
        assert target is None or target == (built / "site" / "feed.xml").resolve(), page


def test_a_briefing_page_carries_schema_org_data_citing_each_report(built: Path) -> None:
    soup = head(built / "site" / "briefings" / "legal-penalties" / "index.html")
    (script,) = soup.find_all("script", type="application/ld+json")
    data = json.loads(script.string or "")
    assert data["@type"] == "Report" and data["@context"] == "https://schema.org"
    assert data["url"] == SITE_URL + "briefings/legal-penalties/"
    assert (data["version"], data["dateModified"]) == ("1", "2024-09-25")
    assert data["publisher"] == {"@type": "Organization", "name": "Deepfake briefings", "url": SITE_URL}
    afp = next(c for c in data["citation"] if c.get("url", "").startswith("https://techxplore.com/"))
    assert afp == {
        "@type": "NewsArticle",
        "headline": "South Korea opens Telegram deepfake porn probe",
        "publisher": {"@type": "Organization", "name": "techxplore.com"},
        "author": [{"@type": "Organization", "name": "AFP"}],
        "datePublished": "2024-09-02",
        "url": "https://techxplore.com/news/2024-09-south-korea-telegram-deepfake-porn.html",
        "inLanguage": "en",
    }
    assert all(c["@type"] == "NewsArticle" for c in data["citation"]) and len(data["citation"]) == 5
    untitled = [c for c in data["citation"] if "name" in c]  # opening words are a name, not a headline
    assert len(untitled) == 2 and not [c for c in untitled if "headline" in c]


def test_the_feed_has_one_entry_per_edition_linking_to_its_permanent_address(built: Path) -> None:
    feed = ET.parse(built / "site" / "feed.xml").getroot()
    assert feed.findtext(f"{ATOM}id") == SITE_URL + "feed.xml"
    assert feed.findtext(f"{ATOM}updated") == "2024-09-25T12:00:00Z"
    entries = feed.findall(f"{ATOM}entry")
    links = sorted(str(e.find(f"{ATOM}link").get("href")) for e in entries)  # type: ignore[union-attr]
    assert links == [
        f"{SITE_URL}briefings/{name}/#edition-1"
        for name in ("international-cooperation", "legal-penalties", "platform-accountability")
    ]
    for entry in entries:
        assert str(entry.findtext(f"{ATOM}id")).startswith("urn:uuid:")
        assert "First edition." in str(entry.findtext(f"{ATOM}content"))


def test_the_pdfs_name_the_sites_address(built: Path) -> None:
    from pypdf import PdfReader

    first = " ".join(PdfReader(built / "site" / "pdf" / "legal-penalties.pdf").pages[0].extract_text().split())
    assert f"{SITE_URL}briefings/legal-penalties/" in first


def test_built_without_history_no_page_or_pdf_is_given_a_date(corpus: Path, run: Run) -> None:
    """An as-of date says when the reports were current, not when a page changed: with no edition known, the
    sitemap lists every page undated and the PDFs carry no creation date."""
    from pypdf import PdfReader

    shutil.copy(REPO / "mkdocs.yml", corpus / "mkdocs.yml")
    with on_github_actions():
        code, _, err = run(corpus, "build")
    assert (code, err) == (0, "")
    tree = ET.parse(corpus / "site" / "sitemap.xml")
    assert len(list(tree.iter(f"{SITEMAP}loc"))) == len(list((corpus / "site").rglob("index.html")))
    assert list(tree.iter(f"{SITEMAP}lastmod")) == []
    metadata = PdfReader(corpus / "site" / "pdf" / "port-delays.pdf").metadata
    assert metadata is not None and "/CreationDate" not in metadata and "/ModDate" not in metadata
