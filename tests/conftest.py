"""Shared fixtures: throwaway copies of the fixture corpus and of the real project."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Route, sync_playwright

from briefing_gen.cli import main

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "corpus"

Run = Callable[..., tuple[int, str, str]]
TEST_REPO_URL = "https://github.com/example/briefings"
# The real project is built as GitHub Actions would build the repository acme/briefings: its site's address
# is then https://acme.github.io/briefings/ (repo_url, set too, still names the repository for edit links).
ACTIONS_ENV = {
    "GITHUB_ACTIONS": "true",
    "GITHUB_REPOSITORY": "acme/briefings",
    "GITHUB_SERVER_URL": "https://github.com",
}
SITE_URL = "https://acme.github.io/briefings/"


@contextlib.contextmanager
def on_github_actions() -> Iterator[None]:
    """The environment GitHub Actions gives a build, for the time of the block."""
    before = {name: os.environ.get(name) for name in ACTIONS_ENV}
    os.environ.update(ACTIONS_ENV)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def unnest(quote: str) -> list[str]:
    """What a quote shown in notes and boxes may be in the report: as shown, or with the single quotation
    marks that stand for the report's own double ones (a quotation within a quotation) put back."""
    return [quote, re.sub(r"‘(.*?)’(?![A-Za-z])", r'"\1"', quote)]  # a closing mark, not an apostrophe


@pytest.fixture(scope="session", autouse=True)
def no_process_left_behind() -> Iterator[None]:
    """After the whole suite, no process a test started may still run (servers, MkDocs, printers).

    Every process the tests start inherits a marker in its environment, which it
    keeps even when its parent dies and it is adopted by another process.
    """
    marker = f"{os.getpid()}-{time.time_ns()}"
    os.environ[MARKER] = marker
    yield
    deadline = time.monotonic() + 10
    while (left := started_by_tests(marker)) and time.monotonic() < deadline:
        time.sleep(0.2)  # a process told to stop may take a moment
    for pid in left:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    assert not left, f"the tests left processes running: {left}"


MARKER = "BRIEFING_GEN_TEST_SESSION"


def started_by_tests(marker: str) -> list[int]:
    """Live processes, other than this one, whose environment carries the marker."""
    needle = f"{MARKER}={marker}".encode()
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        pid = int(environ.parent.name)
        try:
            alive = (environ.parent / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
            if pid != os.getpid() and alive and needle in environ.read_bytes().split(b"\0"):
                found.append(pid)
        except OSError:
            continue
    return sorted(found)


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
    """The real project built once (site and PDFs) into a temporary folder, with a repository address, as
    GitHub Actions builds it, from a repository of its own with one commit (its first edition)."""
    from tests.history_repo import git

    root = tmp_path_factory.mktemp("built") / "project"
    for name in ("content", "sources"):
        shutil.copytree(REPO / name, root / name)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config + f"repo_url: {TEST_REPO_URL}\n", encoding="utf-8")
    (root / ".gitignore").write_text("build/\nsite/\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "The corpus", day=25, month=9)
    with on_github_actions():
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


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# No background traffic: this machine's network is closed, and readers' pages must not need it.
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """A built site served on 127.0.0.1 for as long as the block runs; its address."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def base_url(built: Path) -> Iterator[str]:
    """The real project's built site, served."""
    with serving(built / "site") as address:
        yield address


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, driven by Playwright; the tests fail, rather than skip, without it."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: `make test` installs Debian's chromium package")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


def answer_github_api(route: Route) -> None:
    """With repo_url set, the theme's header asks GitHub's API for the repository's
    stars and latest release. This sandbox has no route to GitHub, so the test
    answers those two requests itself; every other request goes to our server."""
    latest = route.request.url.endswith("/releases/latest")
    route.fulfill(json={"tag_name": "v0"} if latest else {"stargazers_count": 0, "forks_count": 0})
