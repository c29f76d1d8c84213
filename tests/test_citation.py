"""A citation as text, BibTeX and CSL-JSON: the edition's permanent address, and contributor text kept inert."""

from __future__ import annotations

import json

from briefing_gen.citation import bibtex, cite_for, cite_lines, csl_json, text
from briefing_gen.config import Settings
from briefing_gen.models import Briefing
from briefing_gen.updates import EditionMark

SETTINGS = Settings(site_name="Deepfake briefings", site_url="https://acme.github.io/briefings/")
EDITION_3 = EditionMark("Edition 3", "25 November 2026", "2026-11-25", 3, False)
UNKNOWN = EditionMark("Edition unknown: this copy was built outside a git checkout of its own", "", "", None, False)


def briefing(title: str = "Legal penalties") -> Briefing:
    point = {"text": "A point.", "facts": ["a"]}
    return Briefing.model_validate(
        {
            "id": "legal-penalties",
            "title": title,
            "as_of": "2024-09",
            "lede": "What the law provides.",
            "key_points": [point, point, point],
            "sections": [{"title": "Law", "facts": ["a"]}],
        }
    )


def test_a_citation_names_the_site_edition_date_and_permanent_address() -> None:
    cite = cite_for(SETTINGS, briefing(), EDITION_3, "briefings/legal-penalties.md")
    assert text(cite) == (
        "Deepfake briefings, “Legal penalties”, briefing, edition 3, 25 November 2026, "
        "https://acme.github.io/briefings/briefings/legal-penalties/#edition-3."
    )
    assert bibtex(cite) == (
        "@report{legal-penalties-edition-3,\n"
        "  author = {{Deepfake briefings}},\n"
        "  title = {Legal penalties},\n"
        "  type = {Briefing},\n"
        "  institution = {Deepfake briefings},\n"
        "  version = {3},\n"
        "  date = {2026-11-25},\n"
        "  url = {https://acme.github.io/briefings/briefings/legal-penalties/#edition-3},\n"
        "  langid = {english}\n"
        "}"
    )
    item = csl_json(cite)
    assert (item["type"], item["edition"], item["issued"], item["URL"]) == (
        "report",
        "3",
        {"date-parts": [[2026, 11, 25]]},
        "https://acme.github.io/briefings/briefings/legal-penalties/#edition-3",
    )


def test_without_history_or_address_a_citation_gives_neither_a_date_nor_an_address_it_does_not_know() -> None:
    cite = cite_for(Settings(site_name="Briefings"), briefing(), UNKNOWN, "briefings/legal-penalties.md")
    assert text(cite) == (
        "Briefings, “Legal penalties”, briefing, as of September 2024, briefings/legal-penalties/ on the Briefings site."
    )
    assert "url" not in bibtex(cite) and "date" not in bibtex(cite) and "note = {As of September 2024}" in bibtex(cite)
    assert "URL" not in csl_json(cite) and "issued" not in csl_json(cite)


def test_contributor_text_stays_inert_in_bibtex_and_json() -> None:
    title = "A {b}ad_title & 100% </code><script>x</script>"
    cite = cite_for(SETTINGS, briefing(title), EDITION_3, "briefings/legal-penalties.md")
    entry = bibtex(cite)
    assert r"title = {A \{b\}ad\_title \& 100\% \textless{}/code\textgreater{}\textless{}script" in entry
    assert entry.count("{") == entry.count("}") + entry.count(r"\{") - entry.count(r"\}")
    block = "\n".join(cite_lines(cite))
    assert "<" not in block.split("**BibTeX**")[1]  # neither code block holds markup
    csl = block.split("**CSL-JSON**")[1].strip()
    assert json.loads(csl)[0]["title"] == " ".join(title.split())


def test_bibtex_keeps_an_encoded_address_and_names_languages_as_biblatex_does() -> None:
    settings = Settings(site_name="S", site_url="https://example.org/r%C3%A9sum%C3%A9s/", language="fr")
    entry = bibtex(cite_for(settings, briefing(), EDITION_3, "briefings/legal-penalties.md"))
    assert "  url = {https://example.org/r%C3%A9sum%C3%A9s/briefings/legal-penalties/#edition-3},\n" in entry
    assert "  langid = {french}\n" in entry
    unknown = bibtex(cite_for(Settings(site_name="S", language="tlh"), briefing(), EDITION_3, "b.md"))
    assert "langid" not in unknown  # a language biblatex has no name for is left out, not guessed


def test_a_source_is_a_news_article_only_where_its_file_says_it_is_news() -> None:
    from briefing_gen.models import Source
    from briefing_gen.structured import cited_work

    fields = {
        "id": "r",
        "title": "Minutes of the airport board",
        "publisher": "unknown",
        "credits": [],
        "published": "unknown",
        "language": "unknown",
        "translation": "unknown",
        "original_language": "unknown",
        "url": "unknown",
        "archived": "2026-01-02",
        "text": "r.txt",
        "sha256": "0" * 64,
        "received_as": "r.txt",
    }
    assert cited_work(Source.model_validate(fields)) == {
        "@type": "CreativeWork",
        "headline": "Minutes of the airport board",
    }
    news = cited_work(Source.model_validate({**fields, "kind": "news", "language": "en"}))
    assert (news["@type"], news["inLanguage"]) == ("NewsArticle", "en")


def test_a_page_built_with_uncommitted_changes_is_not_cited_as_an_edition() -> None:
    """Its text differs from edition 3's, so citing edition 3 would send a reader to other words."""
    changed = EditionMark("Edition 3, with changes not yet committed", "25 November 2026", "2026-11-25", 3, True)
    cite = cite_for(SETTINGS, briefing(), changed, "briefings/legal-penalties.md")
    assert text(cite) == (
        "Deepfake briefings, “Legal penalties”, briefing, as of September 2024, "
        "https://acme.github.io/briefings/briefings/legal-penalties/."
    )
    assert "version" not in bibtex(cite) and "edition" not in csl_json(cite)
