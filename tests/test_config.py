"""Where edit links point: repo_url, else the repository GitHub Actions is building."""

from __future__ import annotations

from pathlib import Path

import pytest

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


def test_the_default_of_site_url_env_is_the_sites_address(tmp_path: Path) -> None:
    """MkDocs falls back on the default when the variable is unset; the generator reads the same address."""
    from briefing_gen.config import settings

    (tmp_path / "mkdocs.yml").write_text(
        'site_name: x\ndocs_dir: build/docs\nsite_url: !ENV [BRIEFING_GEN_SITE_URL, "https://briefings.example.org"]\n'
    )
    assert settings(tmp_path, {}).site_url == "https://briefings.example.org/"
    assert settings(tmp_path, ACTIONS).site_url == "https://briefings.example.org/"  # the maintainer's, not Pages'


@pytest.mark.parametrize(
    ("name", "server"),
    [
        ("evil.example#/briefings", "https://github.com"),
        ('acme/x"><svg onload=alert(1)>', "https://github.com"),
        ("acme/..", "https://github.com"),
        ("acme/briefings/extra", "https://github.com"),
        ("acme/briefings", "https://github.example.com"),  # Enterprise Server: its Pages address is its own
    ],
)
def test_no_pages_address_is_made_up_from_what_github_actions_does_not_vouch_for(name: str, server: str) -> None:
    from briefing_gen.config import site_url

    assert site_url({}, {**ACTIONS, "GITHUB_REPOSITORY": name, "GITHUB_SERVER_URL": server}) is None


def test_edit_links_only_for_a_repository_github_would_name() -> None:
    assert repository({}, {**ACTIONS, "GITHUB_REPOSITORY": "evil.example#/x"}) is None
    assert repository({}, {**ACTIONS, "GITHUB_SERVER_URL": "javascript:alert(1)//"}) is None
    enterprise = {**ACTIONS, "GITHUB_SERVER_URL": "https://github.example.com"}
    assert repository({}, enterprise) == Repository("https://github.example.com/org/briefings", "main")
