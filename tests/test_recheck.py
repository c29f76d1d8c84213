"""Earlier wordings from the history are shown only if they pass today's checks; the feed always parses.

A pull request merged by rebase puts its work in progress on main's first-parent
line: each commit becomes an edition, though only the last passed ``check``.
"""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from briefing_gen.build import Project, load_site
from briefing_gen.feed import render_feed
from briefing_gen.history import Availability, ChangeKind, FactChange, History, Withheld, read_history
from briefing_gen.load import load_corpus
from briefing_gen.publish import site_files
from briefing_gen.recheck import Recheck
from tests.history_repo import PORT_FACTS, commit, edit, git, make_repo

ATOM = "{http://www.w3.org/2005/Atom}"
QUOTE = 'quote: The minister called the backlog "unacceptable" and promised a review.'
CLAIM = 'claim: The minister called the backlog "unacceptable" and promised a review, due in March.'


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


def history(root: Path) -> History:
    corpus = load_corpus(root)[0]
    return read_history(root, corpus, Recheck(corpus))


def rebase_merged(repo: Path, wip: list[tuple[str, str]], day: int = 2) -> None:
    """A branch whose first commit (work in progress: ``wip`` edits of the port facts) is undone by the second,
    which rewords the review's claim, merged into main by fast-forward (GitHub's "Rebase and merge")."""
    git(repo, "checkout", "-q", "-b", "pr")
    for old, new in wip:
        edit(repo, PORT_FACTS, old, new)
    commit(repo, "wip", day=day)
    git(repo, "checkout", "-q", "main", "--", PORT_FACTS)
    edit(repo, PORT_FACTS, "due in March.", "to report in March.")
    commit(repo, "Reword", day=day + 1)
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--ff-only", "pr")


def port_page(repo: Path) -> str:
    return site_files(load_site(Project(repo), {}))["briefings/port-delays.md"].decode()


def test_a_work_in_progress_wording_whose_quote_is_not_in_its_source_is_not_shown(repo: Path) -> None:
    rebase_merged(
        repo,
        [
            ('backlog "unacceptable" and promised a review, due', "backlog a disgrace, due"),
            (QUOTE, "quote: The minister called the backlog a disgrace."),
        ],
    )
    wip, reword = history(repo).briefings["port-delays"].editions[1:]
    assert wip.facts[0].claim_withheld is Withheld.QUOTE and wip.facts[0].claim == ""
    assert reword.facts[0].before_withheld is Withheld.QUOTE and reword.facts[0].before is None
    page = port_page(repo)
    assert "disgrace" not in page
    assert (
        "- Changed: an earlier wording, not shown because a quote it gives is not in the report it cites "
        '(before: “The minister called the backlog "unacceptable" and promised a review, due in March.”; '
        "a quote from Example Wire via Harbour Daily replaced)\n"
    ) in page
    assert (
        '- Changed: [The minister called the backlog "unacceptable" and promised a review, to report in March.]'
        "(#fact-minister-review) (before: an earlier wording, not shown because a quote it gives is not in the "
        "report it cites; a quote from Example Wire via Harbour Daily replaced)\n"
    ) in page


def test_a_work_in_progress_wording_that_says_more_than_its_quotes_is_not_shown(repo: Path) -> None:
    rebase_merged(repo, [("promised a review, due in March.", "promised a review, due in March, by Jane Roe.")])
    page = port_page(repo)
    assert "Jane Roe" not in page
    assert "- Changed: an earlier wording, not shown because it says more than its quotes (before: “" in page


def test_a_wording_that_passes_today_is_shown_though_it_is_not_the_current_one(repo: Path) -> None:
    edit(repo, PORT_FACTS, "due in March.", "to report in March.")
    commit(repo, "Reword", day=2)
    edit(repo, PORT_FACTS, "to report in March.", "due to report in March.")
    commit(repo, "Reword again", day=3)
    changed = history(repo).briefings["port-delays"].editions[1].facts[0]
    assert changed.claim.endswith("promised a review, to report in March.") and changed.claim_withheld is None


def test_a_control_character_in_an_earlier_wording_never_reaches_the_page_or_the_feed(repo: Path) -> None:
    rebase_merged(repo, [(CLAIM, 'claim: "The minister called the backlog \\"unacceptable\\" \\x01\\u202e."')])
    site = site_files(load_site(Project(repo), {}))
    assert history(repo).briefings["port-delays"].editions[1].facts[0].claim_withheld is Withheld.MALFORMED
    assert "not shown because it is not written as the site requires" in site["briefings/port-delays.md"].decode()
    feed = site["feed.xml"].decode()
    assert "\x01" not in feed and "\u202e" not in feed
    entries = ET.fromstring(feed).findall(f"{ATOM}entry")
    assert any("not shown because it is not written" in (e.findtext(f"{ATOM}content") or "") for e in entries)


def test_the_feed_parses_whatever_the_history_holds(repo: Path) -> None:
    """Should a control character reach an edition by some other way, the feed still parses: it becomes U+FFFD."""
    site = load_site(Project(repo), {})
    (first,) = site.history.briefings["port-delays"].editions
    odd = FactChange(ChangeKind.CHANGED, "minister-review", "a\x01b\x0bc\x7fd", "e\x1ff")
    second = dataclasses.replace(first, number=2, facts=(odd,))
    briefings = {"port-delays": dataclasses.replace(site.history.briefings["port-delays"], editions=(first, second))}
    history = History(Availability.READ, briefings)
    feed = render_feed(dataclasses.replace(site, history=history))
    content = [e.findtext(f"{ATOM}content") or "" for e in ET.fromstring(feed).findall(f"{ATOM}entry")]
    assert any("Changed: a\ufffdb\ufffdc\x7fd (before: “e\ufffdf”)" in text for text in content)
