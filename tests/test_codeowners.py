"""A change to the code or its configuration needs a maintainer's review; facts and sources anyone's."""

from __future__ import annotations

import subprocess

import pytest

from tests.conftest import REPO

CODEOWNERS = REPO / ".github" / "CODEOWNERS"

# What runs, or decides what runs: a change to any of these needs a maintainer.
OWNED = [
    "briefing_gen/cli.py",
    "tests/conftest.py",
    "tests/tools/package.json",
    "tests/tools/package-lock.json",
    "pyproject.toml",
    "requirements.lock",
    "Makefile",
    "mkdocs.yml",
    ".ci/run",
    ".github/workflows/publish.yml",
    ".github/dependabot.yml",
    ".github/CODEOWNERS",
    ".pre-commit-config.yaml",
    ".gitattributes",
    ".gitignore",
]


def rules() -> list[tuple[str, list[str]]]:
    """(pattern, owners) for each line, in order."""
    found = []
    for line in CODEOWNERS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            pattern, *owners = line.split()
            found.append((pattern, owners))
    return found


def matches(pattern: str, path: str) -> bool:
    # Only the forms this file uses: `/dir/` (everything under it) and `/file`.
    if pattern.endswith("/"):
        return path.startswith(pattern[1:])
    return path == pattern[1:]


def owners(path: str) -> list[str]:
    """Who GitHub asks to review a change to `path`: the owners of the last line that matches it."""
    found: list[str] = []
    for pattern, who in rules():
        if matches(pattern, path):
            found = who
    return found


def maintainers() -> list[str]:
    teams = {tuple(who) for _, who in rules()}
    assert len(teams) == 1, f"every line should name the same maintainers, not {teams}"
    return list(teams.pop())


def test_every_line_is_a_form_the_tests_read_and_names_a_team() -> None:
    for pattern, who in rules():
        assert pattern.startswith("/") and "*" not in pattern, pattern
        assert (REPO / pattern.lstrip("/")).exists(), f"{pattern} names nothing in the repository"
        assert who and all(owner.startswith("@") for owner in who), (pattern, who)


@pytest.mark.parametrize("path", OWNED)
def test_code_and_configuration_need_a_maintainer(path: str) -> None:
    assert (REPO / path).exists(), path
    assert owners(path) == maintainers()


def test_facts_and_sources_need_no_maintainer() -> None:
    tracked = subprocess.run(
        ["git", "ls-files", "content", "sources"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    assert any(path.startswith("content/facts/") for path in tracked)
    assert any(path.startswith("sources/") for path in tracked)
    assert [path for path in tracked if owners(path)] == []


def test_a_new_file_outside_content_and_sources_gets_an_owner() -> None:
    tracked = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
    unowned = [path for path in tracked if not owners(path) and not path.startswith(("content/", "sources/"))]
    assert unowned == ["README.md"], (
        "give these an owner in .github/CODEOWNERS (or list them here if anyone may approve them)"
    )
