"""End to end: the real corpus through the real MkDocs build, read back as HTML."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader

from briefing_gen.alignment import carries
from briefing_gen.quotes import SourceText
from briefing_gen.terms import Kind, extract_terms
from tests.conftest import REPO, TEST_REPO_URL, Run, on_github_actions, unnest

BRIEFINGS = ("legal-penalties", "platform-accountability", "international-cooperation")


def page(root: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((root / "site" / path).read_text(encoding="utf-8"), "html.parser")


def html_pages(root: Path) -> list[Path]:
    return sorted(p for p in (root / "site").rglob("*.html") if p.name != "404.html")


def test_site_has_every_page_a_reader_needs(built: Path) -> None:
    for name in BRIEFINGS:
        assert (built / "site" / "briefings" / name / "index.html").is_file()
    for path in ("index.html", "methodology/index.html", "background/index.html", "sources/index.html"):
        assert (built / "site" / path).is_file()
    sources = sorted(p.stem for p in (built / "sources").glob("*.yaml"))
    assert len(sources) == 5
    for source_id in sources:
        assert (built / "site" / "sources" / source_id / "index.html").is_file()
        # Every report is copyrighted or of unknown rights: its page shows the passages quoted, not the full text.
        assert not (built / "site" / "sources" / f"{source_id}.txt").exists()
    for path in ("timeline/index.html", "data/index.html", "data/facts.json", "feed.xml", "sitemap.xml"):
        assert (built / "site" / path).is_file()


def test_home_page_lists_briefings_with_as_of_dates_and_counts(built: Path) -> None:
    items = [" ".join(li.get_text(" ").split()) for li in page(built, "index.html").select("article ul li")]
    shown = {
        path.stem: sum(len(s["facts"]) for s in yaml.safe_load(path.read_text(encoding="utf-8"))["sections"])
        for path in (built / "content" / "briefings").glob("*.yaml")
    }  # facts shown in full, not linked
    titles = {
        "international-cooperation": "International cooperation in the Telegram deepfake investigation",
        "legal-penalties": "Legal penalties for sexual deepfakes in South Korea",
        "platform-accountability": "Telegram, the police and the regulator in South Korea's deepfake cases",
    }
    assert [item.split(" As of ")[0] for item in items] == list(titles.values())
    for item, name in zip(items, titles, strict=True):
        meta = re.fullmatch(r".* As of September 2024 · (\d+) facts from (\d+) sources · PDF", item)
        assert meta is not None, item
        assert int(meta.group(1)) == shown[name] and 1 <= int(meta.group(2)) <= 5


def test_briefing_page_has_title_as_of_lede_key_points_and_sections(built: Path) -> None:
    soup = page(built, "briefings/legal-penalties/index.html")
    assert soup.h1 is not None and soup.h1.get_text(strip=True).startswith("Legal penalties for sexual deepfakes")
    as_of = soup.select_one(".as-of")
    assert as_of is not None and as_of.get_text().startswith("As of September 2024")
    key_points = soup.select(".admonition.abstract li")
    assert 3 <= len(key_points) <= 5
    assert [h.get_text(strip=True).rstrip("¶") for h in soup.select("article h2")][:2] == [
        "What the law provides",
        "The 2019 blackmail ring on Telegram",
    ]


def test_every_note_call_resolves_and_numbers_follow_first_use_in_the_sections(built: Path) -> None:
    for path in html_pages(built):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        calls = [str(a["href"]) for a in soup.select("a.footnote-ref")]
        for href in calls:
            assert soup.find(id=href.lstrip("#")) is not None, f"{path}: {href} does not resolve"
        in_body = [str(a["href"]) for a in soup.select("a.footnote-ref") if not a.find_parent(class_="key-points")]
        first_use = list(dict.fromkeys(in_body))
        assert first_use == [f"#fn:{n}" for n in range(1, len(first_use) + 1)], path
        assert set(calls) == set(in_body), f"{path}: a key point calls a note the sections do not"


def test_every_quoted_passage_in_the_html_is_in_its_archived_source(built: Path) -> None:
    texts = {p.stem: SourceText.of(p.read_text(encoding="utf-8")) for p in (built / "sources").glob("*.txt")}
    checked = 0
    for path in html_pages(built):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for note in soup.select(".footnote li"):
            passage = note.find("a", string="Passage")
            assert passage is not None
            source_id = str(passage["href"]).split("#")[0].rstrip("/").split("/")[-1]
            text = note.get_text(" ", strip=False)
            quoted = re.search(r": “(.*)”(?: \(we read .*\))?\s+Passage", text)
            assert quoted is not None, note
            words = quoted.group(1)
            assert any(texts[source_id].contains(w) for w in unnest(words)), f"{path}: {words!r} not in {source_id}"
            checked += 1
    assert checked >= 90


def test_two_conversions_of_one_fine_are_wording_that_varies_not_a_conflict(built: Path) -> None:
    soup = page(built, "briefings/legal-penalties/index.html")
    assert not [n for n in soup.select(".admonition.warning") if "fine" in n.get_text()]
    (fine,) = [n.get_text(" ", strip=True) for n in soup.select("details.wording-varies") if "fine" in n.get_text()]
    assert fine.startswith("Wording varies The reports word the maximum fine differently:")
    assert "“50 million won (€33,923)”" in fine
    assert "“35.000 euros”" in fine


def test_no_sources_differ_warning_rests_on_a_slip_or_a_conversion(built: Path) -> None:
    warnings = [
        n.get_text(" ", strip=True)
        for path in html_pages(built)
        for n in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select(".admonition.warning")
    ]
    assert warnings, "the corpus has real conflicts; they must still be shown"
    for slip in ("downloaded", "42 years old", "€33,923", "35.000 euros", "XNUMX"):
        assert not [w for w in warnings if slip in w], slip


def test_single_source_claims_are_marked(built: Path) -> None:
    soup = page(built, "briefings/legal-penalties/index.html")
    fact = soup.find(id="fact-suspect-arrested-august-22")
    assert fact is not None and fact.select_one(".single-source") is not None
    several = soup.find(id="fact-deepfake-penalty-prison")
    assert several is not None and several.select_one(".single-source") is None


def test_original_link_jumps_to_the_quote_where_a_url_is_known(built: Path) -> None:
    soup = page(built, "briefings/legal-penalties/index.html")
    originals = [str(a["href"]) for a in soup.select(".footnote a") if a.get_text() == "Original"]
    assert originals
    assert all(
        href.startswith("https://techxplore.com/news/2024-09-south-korea-telegram-deepfake-porn.html#:~:text=")
        for href in originals
    )


def test_site_builds_twice_to_identical_bytes(built: Path, run: Run, tmp_path: Path) -> None:
    second = tmp_path / "again"
    with on_github_actions():
        code, _, err = run(built, "build", "--site-dir", str(second))
    assert code == 0, err
    first_tree = {p.relative_to(built / "site"): p.read_bytes() for p in (built / "site").rglob("*") if p.is_file()}
    second_tree = {p.relative_to(second): p.read_bytes() for p in second.rglob("*") if p.is_file()}
    assert first_tree.keys() == second_tree.keys()
    assert [path for path in first_tree if first_tree[path] != second_tree[path]] == []


def test_edit_links_point_at_each_facts_line_on_github(built: Path) -> None:
    soup = page(built, "briefings/legal-penalties/index.html")
    fact = soup.find(id="fact-deepfake-penalty-fine")
    assert fact is not None
    edit = fact.find("a", string="edit")
    assert edit is not None
    path = "content/facts/legal-penalties.yaml"
    line = next(
        n for n, text in enumerate((built / path).read_text().splitlines(), 1) if "id: deepfake-penalty-fine" in text
    )
    assert edit["href"] == f"{TEST_REPO_URL}/blob/main/{path}#L{line}"
    definition = soup.find("a", string="Edit this briefing's definition")
    assert definition is not None
    assert definition["href"] == f"{TEST_REPO_URL}/blob/main/content/briefings/legal-penalties.yaml#L1"
    printed = PdfReader(built / "site" / "pdf" / "legal-penalties.pdf")
    assert not any("edit" in p.extract_text().split() for p in printed.pages), "web-only links must not print"


def test_each_fact_links_to_the_error_form_with_its_id_filled_in(built: Path) -> None:
    soup = page(built, "briefings/legal-penalties/index.html")
    fact = soup.find(id="fact-deepfake-penalty-fine")
    assert fact is not None
    report = fact.find("a", string="report an error")
    assert report is not None and "report-link" in report["class"]
    # GitHub fills an issue form's field from the query parameter named as the field's id.
    assert report["href"] == (
        f"{TEST_REPO_URL}/issues/new?template=report-an-error.yml"
        "&title=Error%20in%20fact%3A%20deepfake-penalty-fine&fact=deepfake-penalty-fine"
    )
    form = yaml.safe_load((REPO / ".github" / "ISSUE_TEMPLATE" / "report-an-error.yml").read_text(encoding="utf-8"))
    assert "fact" in [field.get("id") for field in form["body"]]
    facts = soup.select(".fact")
    assert len(facts) == len([a for a in soup.find_all("a", string="report an error")])
    printed = PdfReader(built / "site" / "pdf" / "legal-penalties.pdf")
    assert not any("report an error" in p.extract_text() for p in printed.pages), "web-only links must not print"


def test_every_figure_and_name_in_a_key_point_is_in_a_note_it_calls(built: Path) -> None:
    checked = 0
    for name in ("legal-penalties", "platform-accountability", "international-cooperation"):
        soup = page(built, f"briefings/{name}/index.html")
        for point in soup.select(".admonition.abstract li"):
            called = [soup.find(id=str(call["href"]).lstrip("#")) for call in point.select("a.footnote-ref")]
            notes = " ".join(" ".join(note.get_text(" ").split()) for note in called if note is not None)
            text = "".join(s for s in point.find_all(string=True) if s.parent is not None and s.parent.name != "a")
            for figure in re.findall(r"\d[\d,]*\d|\d", text):
                if figure in ("2024",):  # a year the facts' dates give, not a quote
                    continue
                found = re.search(rf"(?<!\d)(?<!\d,){re.escape(figure)}(?!,?\d)", notes)
                assert found, f"{name}: {figure} in {text!r} is in none of its notes"
                checked += 1
            for term in extract_terms(text):
                if term.kind is Kind.NAME:
                    assert carries(term, notes), f"{name}: {term.text!r} in {text!r} is in none of its notes"
                    checked += 1
    assert checked >= 20
