"""Editions from git: what each commit changed in a briefing, dated; never a wrong date where history is missing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from briefing_gen import factitems
from briefing_gen import history as history_module
from briefing_gen.build import Project, load_site
from briefing_gen.history import Availability, ChangeKind, FactChange, History, Withheld, read_history
from briefing_gen.load import load_corpus
from briefing_gen.pdf import briefing_body
from briefing_gen.printing import edition_of
from briefing_gen.publish import site_files
from briefing_gen.recheck import Recheck
from tests.history_repo import BRIEFING, FIXTURE, PORT_FACTS, commit, edit, git, make_repo

CLAIM = 'The minister called the backlog "unacceptable" and promised a review, due in March.'


def history(root: Path) -> History:
    corpus = load_corpus(root)[0]
    return read_history(root, corpus, Recheck(corpus))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


def test_the_first_commit_is_each_briefings_first_edition(repo: Path) -> None:
    found = history(repo)
    assert found.available
    (edition,) = found.briefings["port-delays"].editions
    assert (edition.number, edition.commit.date, edition.facts, edition.definition) == (1, "2024-03-01", (), ())
    assert found.briefings["port-delays"].uncommitted is False


def test_a_changed_claim_is_a_new_edition_with_the_claim_before_and_after(repo: Path) -> None:
    edit(repo, PORT_FACTS, "promised a review, due in March.", "promised a review, due in April.")
    sha = commit(repo, "The review is due in April", day=4)
    editions = history(repo).briefings["port-delays"].editions
    assert [(e.number, e.commit.date) for e in editions] == [(1, "2024-03-01"), (2, "2024-03-04")]
    assert editions[1].commit.sha == sha
    assert editions[1].facts == (
        FactChange(ChangeKind.CHANGED, "minister-review", CLAIM.replace("March.", "April."), CLAIM),
    )


def test_rewrapping_a_claim_or_editing_a_comment_makes_no_edition(repo: Path) -> None:
    edit(
        repo,
        PORT_FACTS,
        "    claim: The minister called the backlog",
        "    # reworded after review\n    claim: >-\n      The minister called the backlog",
    )
    commit(repo, "Fold a line", day=2)
    assert len(history(repo).briefings["port-delays"].editions) == 1


def test_facts_added_removed_and_quotes_changed_are_listed_with_the_definition(repo: Path) -> None:
    edit(
        repo,
        BRIEFING,
        "Review\n    facts: [minister-review]",
        "Review\n    facts: [minister-review, ships-delayed-five-days]",
    )
    edit(repo, BRIEFING, "containers-unloaded]", "]")
    edit(
        repo,
        BRIEFING,
        "lede: What the reports say about the delays at the port.",
        "lede: What the reports say of the delays.",
    )
    edit(repo, PORT_FACTS, "      - source: shipping-wire\n        quote: The review will report in March.\n", "")
    commit(repo, "Review section", day=5)
    (_, second) = history(repo).briefings["port-delays"].editions
    assert second.definition == ("lede",)
    kinds = [(c.kind, c.fact_id) for c in second.facts]
    assert kinds == [
        (ChangeKind.ADDED, "ships-delayed-five-days"),
        (ChangeKind.CHANGED, "minister-review"),
        (ChangeKind.REMOVED, "containers-unloaded"),
    ]
    changed = second.facts[1]
    assert (changed.before, changed.quotes_added, changed.quotes_dropped) == (None, (), ("shipping-wire",))
    assert second.facts[2].claim == "One report says dock workers unloaded 30 containers from the stranded ships."


def test_a_fact_added_or_removed_is_worded_as_it_stood_then_not_as_it_reads_today(repo: Path) -> None:
    """Leaving and rejoining a briefing without being reworded: each entry quotes the wording of its day."""
    then = "One report says dock workers unloaded 30 containers from the stranded ships."
    today = "One report says dock workers unloaded 30 containers from stranded ships."
    edit(repo, BRIEFING, "containers-unloaded]", "]")
    commit(repo, "Containers out of the briefing", day=2)
    edit(repo, "content/facts/editorial.yaml", then, today)
    commit(repo, "Containers reworded", day=3)
    edit(repo, BRIEFING, "delays-expected-to-end, ]", "delays-expected-to-end, containers-unloaded]")
    commit(repo, "Containers back", day=4)
    editions = history(repo).briefings["port-delays"].editions
    assert [(e.number, [(c.kind, c.claim) for c in e.facts]) for e in editions[1:]] == [
        (2, [(ChangeKind.REMOVED, then)]),
        (3, [(ChangeKind.ADDED, today)]),
    ]


def test_a_briefing_file_broken_then_mended_is_no_new_edition(repo: Path) -> None:
    """A commit that leaves the file unreadable, and the next that mends it, change nothing a reader saw."""
    good = (repo / BRIEFING).read_text(encoding="utf-8")
    (repo / BRIEFING).write_text(good.replace("sections:", "sections: [", 1), encoding="utf-8")
    commit(repo, "A typo", day=2)
    (repo / BRIEFING).write_text(good, encoding="utf-8")
    commit(repo, "The typo mended", day=3)
    assert [e.number for e in history(repo).briefings["port-delays"].editions] == [1]
    edit(repo, BRIEFING, "containers-unloaded]", "]")
    (repo / BRIEFING).write_text((repo / BRIEFING).read_text(encoding="utf-8") + "\t", encoding="utf-8")
    commit(repo, "A fact out, and a tab", day=4)
    (repo / BRIEFING).write_text((repo / BRIEFING).read_text(encoding="utf-8").rstrip("\t"), encoding="utf-8")
    commit(repo, "The tab mended", day=5)
    editions = history(repo).briefings["port-delays"].editions
    assert [(e.number, [(c.kind, c.fact_id) for c in e.facts]) for e in editions] == [
        (1, []),
        (2, [(ChangeKind.REMOVED, "containers-unloaded")]),
    ]


def test_a_merged_branch_is_one_edition_however_many_commits_it_had(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "topic")
    edit(repo, PORT_FACTS, "due in March.", "due in April.")
    commit(repo, "one", day=2)
    edit(repo, PORT_FACTS, "due in April.", "due in May.")
    commit(repo, "two", day=3)
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "-m", "Merge topic", "topic", day=6)
    editions = history(repo).briefings["port-delays"].editions
    assert [(e.number, e.commit.date) for e in editions] == [(1, "2024-03-01"), (2, "2024-03-06")]
    assert editions[1].facts[0].claim.endswith("due in May.") and editions[1].facts[0].before == CLAIM


def publish(repo: Path, name: str, day: int) -> None:
    """Tag the commit checked out as the publishing workflow tags each deployment."""
    git(repo, "tag", "-a", f"published/{name}", "-m", "Published on GitHub Pages", "HEAD", day=day)


def test_published_editions_keep_their_numbers_and_dates_when_main_takes_in_an_older_branch(repo: Path) -> None:
    publish(repo, "1", day=1)
    git(repo, "checkout", "-q", "-b", "topic")  # a branch from edition 1, with an older commit than edition 2
    edit(repo, BRIEFING, "the delays at the port.", "the delays at the port, and what was promised.")
    commit(repo, "Lede", day=2)
    git(repo, "checkout", "-q", "main")
    edit(repo, PORT_FACTS, "due in March.", "due in May.")
    commit(repo, "May", day=3)
    publish(repo, "2", day=3)
    git(repo, "checkout", "-q", "topic")
    git(repo, "merge", "-q", "--no-ff", "-m", "Update branch", "main", day=4)  # GitHub's "Update branch"
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--ff-only", "topic")  # main fast-forwarded to it: the branch is now its first parent

    def editions() -> list[tuple[int, str, tuple[str, ...], tuple[str, ...]]]:
        found = history(repo).briefings["port-delays"].editions
        return [(e.number, e.commit.date, tuple(c.fact_id for c in e.facts), e.definition) for e in found]

    published = [
        (1, "2024-03-01", (), ()),
        (2, "2024-03-03", ("minister-review",), ()),
        (3, "2024-03-04", (), ("lede",)),  # what the commit being built adds to what was published
    ]
    assert editions() == published
    git(repo, "tag", "-d", "published/1", "published/2")
    # Counted along the main line instead, the branch's older commit would take edition 2 and its date.
    assert editions() == [
        (1, "2024-03-01", (), ()),
        (2, "2024-03-02", (), ("lede",)),
        (3, "2024-03-04", ("minister-review",), ()),
    ]


def editions_of(repo: Path) -> list[tuple[int, str, tuple[str, ...], tuple[str, ...]]]:
    found = history(repo).briefings["port-delays"].editions
    return [(e.number, e.commit.date, tuple(c.fact_id for c in e.facts), e.definition) for e in found]


def test_the_first_deployment_tagged_keeps_the_editions_counted_before_it(repo: Path) -> None:
    edit(repo, PORT_FACTS, "due in March.", "due in May.")
    commit(repo, "May", day=2)
    before = editions_of(repo)
    assert before == [(1, "2024-03-01", (), ()), (2, "2024-03-02", ("minister-review",), ())]
    publish(repo, "1", day=2)  # the site was deployed untagged before; now a deployment is tagged
    assert editions_of(repo) == before
    edit(repo, BRIEFING, "the delays at the port.", "the delays at the port, and what was promised.")
    commit(repo, "Lede", day=3)
    assert editions_of(repo) == [*before, (3, "2024-03-03", (), ("lede",))]


def test_a_commit_published_again_is_an_edition_again(repo: Path) -> None:
    publish(repo, "1", day=1)
    first = git(repo, "rev-parse", "HEAD")
    edit(repo, PORT_FACTS, "due in March.", "due in May.")
    commit(repo, "May", day=2)
    publish(repo, "2", day=2)
    git(repo, "checkout", "-q", first)  # a rollback: the first commit is deployed again
    rolled_back = [(1, "2024-03-01", (), ()), (2, "2024-03-02", ("minister-review",), ())]
    assert editions_of(repo) == [*rolled_back, (3, "2024-03-01", ("minister-review",), ())]
    publish(repo, "3", day=5)
    assert editions_of(repo) == [*rolled_back, (3, "2024-03-01", ("minister-review",), ())]


def test_changes_published_together_are_one_edition(repo: Path) -> None:
    publish(repo, "1", day=1)
    edit(repo, PORT_FACTS, "due in March.", "due in May.")
    commit(repo, "May", day=2)
    edit(repo, BRIEFING, "the delays at the port.", "the delays at the port, and what was promised.")
    commit(repo, "Lede", day=3)
    publish(repo, "2", day=3)
    edit(repo, PORT_FACTS, "due in May.", "due in June.")
    commit(repo, "June", day=4)  # not yet published: the edition this build would publish
    found = history(repo).briefings["port-delays"].editions
    assert [(e.number, e.commit.date, e.definition) for e in found] == [
        (1, "2024-03-01", ()),
        (2, "2024-03-03", ("lede",)),
        (3, "2024-03-04", ()),
    ]
    assert [[c.fact_id for c in e.facts] for e in found] == [[], ["minister-review"], ["minister-review"]]


def test_uncommitted_changes_mark_only_the_briefings_they_touch(repo: Path) -> None:
    edit(repo, "content/facts/editorial.yaml", "90 ships", "91 ships")  # a fact only the background shows
    assert history(repo).briefings["port-delays"].uncommitted is False
    edit(repo, PORT_FACTS, "due in March.", "due in April.")
    assert history(repo).briefings["port-delays"].uncommitted is True


def test_outside_a_checkout_and_in_a_shallow_clone_the_history_is_unavailable(repo: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(FIXTURE, copy)
    assert history(copy).availability is Availability.NOT_A_CHECKOUT
    edit(repo, PORT_FACTS, "due in March.", "due in April.")
    commit(repo, "April", day=4)
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", repo.as_uri(), str(shallow)], check=True)
    found = history(shallow)
    assert found.availability is Availability.SHALLOW and found.of("port-delays") is None
    assert found.reason == "this copy was built from a shallow clone, which lacks the earlier history"


def test_the_page_shows_the_edition_what_changed_and_how_to_cite_it(repo: Path) -> None:
    edit(repo, PORT_FACTS, "due in March.", "to report in March.")
    sha = commit(repo, "April", day=4)
    env = {"GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": "acme/ports", "GITHUB_SERVER_URL": "https://github.com"}
    page = site_files(load_site(Project(repo), env))["briefings/port-delays.md"].decode()
    assert (
        "*Edition 2, last updated 4 March 2024 · [What changed](#what-changed) · [Cite this briefing](#cite-this-briefing)*"
        in page
    )
    assert (
        f"**Edition 2**, 4 March 2024 · [its files](https://github.com/acme/ports/tree/{sha})\n{{: #edition-2 .edition-entry }}\n\n"
        '- Changed: [The minister called the backlog "unacceptable" and promised a review, to report in March.](#fact-minister-review) '
        f"(before: “{CLAIM}”)\n"
    ) in page
    assert "**Edition 1**, 1 March 2024" in page and "First edition." in page
    assert (
        "Briefings, “Port delays”, briefing, edition 2, 4 March 2024, "
        "https://acme.github.io/ports/briefings/port-delays/\\#edition-2." in page  # '#' escaped in text
    )


def test_the_same_repository_gives_the_same_history(repo: Path) -> None:
    edit(repo, PORT_FACTS, "due in March.", "due in April.")
    commit(repo, "April", day=4)
    assert history(repo) == history(repo)


def test_the_history_read_a_few_commits_at_a_time_is_the_history_read_at_once(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for day, (old, new) in enumerate([("March.", "April."), ("April.", "March."), ("March.", "May.")], start=2):
        edit(repo, PORT_FACTS, f"due in {old}", f"due in {new}")  # back to a version read before, then on
        commit(repo, f"Due in {new}", day=day)
    at_once = history(repo)
    editions = at_once.briefings["port-delays"].editions
    # April's wording says more than its quotes (check would refuse it): withheld; March's is shown again.
    assert [e.facts[0].claim for e in editions[1:]] == ["", CLAIM, CLAIM.replace("March.", "May.")]
    for window in (1, 2):
        monkeypatch.setattr(history_module, "BLOBS_AT_ONCE", window)
        assert history(repo) == at_once


def test_fact_files_read_item_by_item_give_the_history_read_whole(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    quoted = """claim: "The minister called the backlog 'unacceptable' and promised a review,\n  - due in April.\""""
    steps = [
        (f"claim: {CLAIM}", quoted),  # a quoted claim running on to a line that looks like an item's start
        ("  - due in April.", "  - due in May."),  # only that line changed
        (quoted.replace("April", "May"), f"claim: {CLAIM}"),  # back
        ("  - id: delays-will-end", "  # the next fact\n  - id: delays-will-end"),  # a comment: no edition
    ]
    for day, (old, new) in enumerate(steps, start=2):
        edit(repo, PORT_FACTS, old, new)
        commit(repo, f"Step {day}", day=day)
    by_items = history(repo)
    monkeypatch.setattr(factitems.ItemReader, "_by_items", lambda self, path, text: None)
    assert history(repo) == by_items
    changes = [edition.facts for edition in by_items.briefings["port-delays"].editions[1:]]
    # Both quoted wordings say more than their quotes: withheld. Read as the cut would, they would be new facts.
    assert [(c.kind, c.fact_id, c.claim_withheld) for (c,) in changes] == [
        (ChangeKind.CHANGED, "minister-review", Withheld.CLAIM),
        (ChangeKind.CHANGED, "minister-review", Withheld.CLAIM),
        (ChangeKind.CHANGED, "minister-review", None),
    ]


def test_a_file_name_with_a_control_character_in_the_history_breaks_nothing(repo: Path) -> None:
    odd = ["content/facts/notes\x01.txt", "content/facts/odd\nname\x01.yaml", "content/briefings/a\x01b.txt"]
    for name in odd:
        (repo / name).write_text("notes\n", encoding="utf-8")
    git(repo, "add", "-A")
    commit(repo, "Add notes", day=2)
    git(repo, "rm", "-q", "--", *odd)
    commit(repo, "Remove them again", day=3)
    edit(repo, PORT_FACTS, "due in March.", "to report in March.")
    commit(repo, "Reword", day=4)
    found = history(repo)
    assert found.available
    editions = found.briefings["port-delays"].editions
    assert [(e.number, e.commit.date) for e in editions] == [(1, "2024-03-01"), (2, "2024-03-04")]
    page = site_files(load_site(Project(repo), {}))["briefings/port-delays.md"].decode()
    assert "**Edition 2**, 4 March 2024" in page


def test_without_git_the_page_and_the_pdf_say_so_rather_than_blame_the_copy(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    site = load_site(Project(repo), {})
    assert site.history.availability is Availability.NO_GIT
    page = site_files(site)["briefings/port-delays.md"].decode()
    assert "*Edition unknown: git is not installed where this copy was built · [What changed]" in page
    edition = edition_of(repo)
    briefing = next(b for b in site.briefings if b.id == "port-delays")
    text = " ".join(BeautifulSoup(briefing_body(site, briefing, edition), "html.parser").get_text().split())
    assert "when this PDF was built, from a copy whose commit is unknown (git is not installed where this" in text
    assert "uncommitted" not in text


def test_a_partial_clone_built_offline_says_git_could_not_read_it(repo: Path, tmp_path: Path) -> None:
    git(repo, "config", "uploadpack.allowFilter", "true")
    edit(repo, PORT_FACTS, "due in March.", "to report in March.")
    commit(repo, "Reword", day=2)
    clone = tmp_path / "blobless"
    subprocess.run(["git", "clone", "-q", "--filter=blob:none", repo.as_uri(), str(clone)], check=True)
    repo.rename(tmp_path / "gone")  # the remote is out of reach: the missing blobs cannot be fetched
    found = history(clone)
    assert found.availability is Availability.UNREADABLE
    assert found.reason == "git could not read the repository"
    assert edition_of(clone).commit  # the commit checked out is known all the same: the PDF names it
