"""Where edit links point: repo_url, else the repository GitHub Actions is building."""

from __future__ import annotations

from pathlib import Path

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


def test_the_sites_address_is_site_url_else_the_repositorys_pages_address_in_github_actions() -> None:
    from briefing_gen.config import site_url

    assert site_url({"site_url": "https://briefings.example.org"}, ACTIONS) == "https://briefings.example.org/"
    assert site_url({}, ACTIONS) == "https://org.github.io/briefings/"
    assert (
        site_url({"site_url": None}, {**ACTIONS, "GITHUB_REPOSITORY": "Org/org.github.io"}) == "https://org.github.io/"
    )
    assert site_url({}, {**ACTIONS, "GITHUB_ACTIONS": "false"}) is None
    assert site_url({}, {}) is None


def test_site_url_read_from_another_variable_is_refused(tmp_path: Path) -> None:
    from briefing_gen.config import config_problems

    (tmp_path / "mkdocs.yml").write_text("site_name: x\ndocs_dir: build/docs\nsite_url: !ENV [MY_URL, null]\n")
    assert [str(p) for p in config_problems(tmp_path)] == [
        "mkdocs.yml:3:11: site_url: write the site's address itself, or '!ENV [BRIEFING_GEN_SITE_URL, null]' to let "
        "the build give MkDocs the address it works out; the generator must know the address MkDocs publishes at"
    ]
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ndocs_dir: build/docs\nsite_url: !ENV BRIEFING_GEN_SITE_URL\n")
    assert config_problems(tmp_path) == []
