"""Shared fixtures: throwaway copies of the fixture corpus and of the real project."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing_gen.cli import main

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "corpus"

Run = Callable[..., tuple[int, str, str]]
TEST_REPO_URL = "https://github.com/example/briefings"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A private copy of the small fixture corpus."""
    root = tmp_path / "corpus"
    shutil.copytree(FIXTURE, root)
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A private copy of the real project's inputs (facts, sources, site config)."""
    root = tmp_path / "project"
    for name in ("content", "sources"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project built once (site and PDFs) into a temporary folder, with a repository address."""
    root = tmp_path_factory.mktemp("built") / "project"
    for name in ("content", "sources"):
        shutil.copytree(REPO / name, root / name)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config + f"repo_url: {TEST_REPO_URL}\n", encoding="utf-8")
    assert main(["--root", str(root), "build"]) == 0
    return root


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """Run the command line in-process; return (exit code, stdout, stderr)."""

    def run_cli(root: Path, *args: str) -> tuple[int, str, str]:
        code = main(["--root", str(root), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run_cli
