"""Everything the reports say is covered: each sentence of each archived report is quoted by some fact,
or is listed here with the reason it is left out.

An edit that drops a fact drops what its quotes covered; this test then names
the sentences no fact quotes any more, so coverage is a decision in review,
never an accident.
"""

from __future__ import annotations

import re

from briefing_gen.build import Project, load_and_check
from briefing_gen.quotes import find_words, normalise, segments
from briefing_gen.site import Site
from tests.conftest import REPO

# Sentences no fact quotes, by source, each with why. Kept exact: a sentence
# that becomes covered must leave this list, too.
LEFT_OUT: dict[str, dict[str, str]] = {
    "afp-techxplore-probe": {
        "# South Korea opens Telegram deepfake porn probe": "the headline, recorded as the source's title",
        "September 2 2024": "the date line, recorded as the source's date",
        "---": "page furniture",
        "images of teenagers.": (
            "the end of a sentence the scrape broke across two lines (a quote cannot join them); the point is quoted "
            "from telegram-suspected-report in police-probe-telegram"
        ),
        "© 2024 AFP": "the credit line, recorded as the source's credit",
        "Citation: South Korea opens Telegram deepfake porn probe (2024, September 2) retrieved 2 September 2024 "
        "from": "the page's citation line, recorded as the source's address and date",
        "<https://techxplore.com/news/2024-09-south-korea-telegram-deepfake-porn.html>": "the address, recorded",
        "<p>This document is subject to copyright.": "the publisher's copyright footer",
        "Apart from any fair dealing for the purpose of private study or research, no part may be reproduced "
        "without the written permission.": "the publisher's copyright footer",
        "The content is provided for information purposes only.</p>": "the publisher's copyright footer",
        "--": "page furniture",
    },
    "bbc-serbian-apology": {
        '- Telegram: "Dark web in your pocket"': "a link to another story",
        "- Telegram refused several times to join the protection of children on the Internet": (
            "a link to another story, not archived; quoting one of three such links was selective"
        ),
        "- What they say in Russia about the arrest of Telegram's founder": "a link to another story",
        "BBC is in Serbian from now on and on YouTube, follow us HERE.": "the service's footer, used as evidence of origin",
        "Follow us on Facebook, Twitter, Instagram, YouTube i Viber.": "the service's footer",
        "If you have a topic proposal for us, contact us at bbcnasrpskom@bbc.co.uk": (
            "the service's footer, used as evidence of origin"
        ),
        "Bonus video:": "page furniture",
    },
    "reuters-telegram-pressure": {
        "Telegram Faces Pressure Over Deepfake Content": "the headline, recorded as the source's title",
        "Telegram CEO Pavel Durov Banned from Leaving France": (
            "the headline of another story on the republishing site; the ban on leaving France is quoted from "
            "telegram-sorry-report (durov-judicial-supervision)"
        ),
        "X Marks the Spot: How to Avoid Elon Musk\u2019s AI Data Harvesting": "an unrelated headline of the republishing site",
        "Follow us on our social media platforms here:\u00a0Twitter\u00a0\u00a0WHATSAPP CHANNEL\u00a0FACEBOOK PAGE": (
            "the site's footer"
        ),
        "Comments are closed, but trackbacks and pingbacks are open.": "the site's footer",
    },
    "telegram-suspected-report": {
        "In South Korea, Telegram is suspected of facilitating the distribution of pornographic videos made using "
        "the images of teenagers using deepfake technology, which serves to animate images.": (
            "the opening sentence, a summary of what the facts quote from the report's body"
        ),
        "The spread of pornographic fakes on Telegram": "a subheading",
    },
}


def sentences(raw: str) -> list[str]:
    """The report's sentences: each line, split after a full stop, question or exclamation mark."""
    found = []
    for line in raw.splitlines():
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“<©])", line.strip()):
            if sentence.strip():
                found.append(sentence.strip())
    return found


def uncovered(site: Site, source_id: str) -> list[str]:
    """The sentences of a source that no citation's quote reaches (by at least one whole segment's words)."""
    text = site.texts[source_id].text
    spans = []
    for _, citation in site.citations_by_source.get(source_id, []):
        for part in segments(citation.quote):
            start = find_words(text, part)
            if start >= 0:
                spans.append((start, start + len(part)))
    left = []
    for sentence in sentences(site.texts[source_id].raw):
        start = find_words(text, normalise(sentence))
        end = start + len(normalise(sentence))
        if start < 0 or not any(a < end and start < b for a, b in spans):
            left.append(sentence)
    return left


def test_every_sentence_of_every_report_is_quoted_or_left_out_for_a_stated_reason() -> None:
    site = Site.of(load_and_check(Project(REPO)))
    found = {source_id: uncovered(site, source_id) for source_id in site.sources}
    listed = {source_id: list(LEFT_OUT.get(source_id, {})) for source_id in site.sources}
    assert found == listed
