"""Where edit links point: repo_url, else the repository GitHub Actions is building."""

from __future__ import annotations

from briefing_gen.config import Repository, repository

ACTIONS = {"GITHUB_ACTIONS": "true", "GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "org/briefings"}


def test_repo_url_wins_and_edit_uri_names_the_branch() -> None:
    config = {"repo_url": "https://github.com/a/b/", "edit_uri": "edit/trunk/content/"}
    assert repository(config, ACTIONS) == Repository("https://github.com/a/b", "trunk")


def test_github_actions_names_the_repository_when_repo_url_is_unset() -> None:
    assert repository({}, ACTIONS) == Repository("https://github.com/org/briefings", "main")


def test_no_repository_means_no_edit_links() -> None:
    assert repository({}, {}) is None
    assert repository({}, {**ACTIONS, "GITHUB_ACTIONS": "false"}) is None
    assert repository({"repo_url": "http://insecure.example"}, {}) is None
