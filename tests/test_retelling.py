"""What changed, beyond one briefing's history: a fact moved is not a fact retracted, and a withdrawn wording is gone.

Each test commits changes to a copy of the fixture corpus (``history_repo``) and reads every file the site
publishes (pages, feed, open data), as a reader or a feed reader would get them.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from briefing_gen.build import Project, load_site
from briefing_gen.publish import site_files
from tests.history_repo import BRIEFING, commit, edit, git, make_repo

EDITORIAL = "content/facts/editorial.yaml"
UNLOADED = "One report says dock workers unloaded 30 containers from the stranded ships."
REWORDED = "Dock workers unloaded 30 containers from the stranded ships, one report says."
EXPECTED = "Officials expect the delays to end soon, reports say."
REVIEW = """id: the-review
title: The review
as_of: 2024-03-05
lede: What the reports say about the review of the delays.
key_points:
  - text: A review will report in March.
    facts: [minister-review]
  - text: Officials expect the delays to end.
    facts: [delays-expected-to-end]
  - text: The reports differ on how soon.
    facts: [delays-expected-to-end]
sections:
  - title: Review
    facts: [minister-review, delays-expected-to-end]
"""
REASON = "it gave a figure the report does not give"


def published(root: Path) -> dict[str, str]:
    """Every file the site publishes, as text, by path (a feed's HTML content read as a feed reader shows it)."""
    files = site_files(load_site(Project(root), {}))
    return {path: html.unescape(content.decode("utf-8", "replace")) for path, content in files.items()}


@pytest.fixture
def two_briefings(tmp_path: Path) -> Path:
    """The fixture corpus, then (2 March) a second briefing that shares a fact with the first."""
    root = make_repo(tmp_path / "repo")
    (root / "content/briefings/the-review.yaml").write_text(REVIEW, encoding="utf-8")
    git(root, "add", "-A")
    commit(root, "A briefing on the review", day=2)
    return root


def test_a_fact_moved_to_another_briefing_reads_moved_to_there_and_moved_from_here(two_briefings: Path) -> None:
    root = two_briefings
    edit(root, BRIEFING, ", delays-expected-to-end, containers-unloaded]", "]")
    section = "facts: [minister-review, delays-expected-to-end]"
    edit(root, "content/briefings/the-review.yaml", section, section.replace("]", ", containers-unloaded]"))
    commit(root, "Move the containers to the review; keep the expectation there only", day=3)
    files = published(root)
    delays, review = files["briefings/port-delays.md"], files["briefings/the-review.md"]
    assert (
        f"- Removed from this briefing, now in [The review](../briefings/the-review.md#fact-delays-expected-to-end): "
        f"{EXPECTED}\n"
        f"- Moved to [The review](../briefings/the-review.md#fact-containers-unloaded): {UNLOADED}\n"
    ) in delays
    assert "- Removed" not in delays.replace("- Removed from this briefing, now in", "")
    assert (
        f"- Moved from [Port delays](../briefings/port-delays.md): [{UNLOADED}](#fact-containers-unloaded)\n" in review
    )
    feed = files["feed.xml"]
    assert (
        f'<li>Moved to <a href="briefings/the-review/#fact-containers-unloaded">The review</a>: {UNLOADED}</li>' in feed
    )
    assert f'<li>Moved from <a href="briefings/port-delays/">Port delays</a>: {UNLOADED}</li>' in feed
    assert "<li>Removed:" not in feed


def test_a_fact_removed_and_gone_everywhere_is_still_removed(two_briefings: Path) -> None:
    root = two_briefings
    edit(root, BRIEFING, ", containers-unloaded]", "]")
    drop_the_containers_fact(root)
    commit(root, "Drop the containers", day=3)
    assert f"- Removed: {UNLOADED}\n" in published(root)["briefings/port-delays.md"]


def drop_the_containers_fact(root: Path) -> None:
    text = (root / EDITORIAL).read_text(encoding="utf-8")
    (root / EDITORIAL).write_text(text[: text.index("  - id: containers-unloaded")], encoding="utf-8")


def withdraw(root: Path, fact_id: str, reason: str) -> None:
    (root / "content/withdrawn.yaml").write_text(
        f"withdrawn:\n  - id: {fact_id}\n    reason: {reason}\n", encoding="utf-8"
    )
    git(root, "add", "-A")
    commit(root, f"Withdraw {fact_id}", day=9)


@pytest.fixture
def reworded_then_removed(tmp_path: Path) -> Path:
    """The containers fact reworded (2 March), then removed (3 March): both its wordings are in What changed."""
    root = make_repo(tmp_path / "repo")
    edit(root, EDITORIAL, f"claim: {UNLOADED}", f"claim: {REWORDED}")
    commit(root, "Reword", day=2)
    edit(root, BRIEFING, ", containers-unloaded]", "]")
    drop_the_containers_fact(root)
    commit(root, "Remove it", day=3)
    return root


def test_a_withdrawn_fact_s_wordings_are_published_nowhere_and_the_reason_is(reworded_then_removed: Path) -> None:
    root = reworded_then_removed
    before = published(root)
    assert f"(before: “{UNLOADED}”)" in before["briefings/port-delays.md"]  # the wordings the withdrawal must hide
    assert f"<li>Removed: {REWORDED}</li>" in before["feed.xml"]
    withdraw(root, "containers-unloaded", REASON)
    files = published(root)
    for wording in (UNLOADED, REWORDED, "30 containers"):
        assert [path for path, text in files.items() if wording in text] == []
    page = files["briefings/port-delays.md"]
    assert f"- Changed: withdrawn: {REASON}\n" in page
    assert f"- Removed: withdrawn: {REASON}\n" in page
    assert f"<li>Removed: withdrawn: {REASON}</li>" in files["feed.xml"]


def test_a_withdrawn_fact_still_published_keeps_its_current_claim_and_loses_its_earlier_ones(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    edit(root, EDITORIAL, f"claim: {UNLOADED}", f"claim: {REWORDED}")
    commit(root, "Reword", day=2)
    withdraw(root, "containers-unloaded", REASON)
    files = published(root)
    assert [path for path, text in files.items() if UNLOADED in text] == []
    page = files["briefings/port-delays.md"]
    assert f"- Changed: [{REWORDED}](#fact-containers-unloaded) (before: withdrawn: {REASON})\n" in page
    assert f"<li>Changed: {REWORDED} (before: withdrawn: {REASON})</li>" in files["feed.xml"]
