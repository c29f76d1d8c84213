"""A copy of the fixture corpus as a git repository of its own, with commits made on fixed days."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

FIXTURE = Path(__file__).parent / "fixtures" / "corpus"
PORT_FACTS = "content/facts/port.yaml"
BRIEFING = "content/briefings/port-delays.yaml"


def git(root: Path, *args: str, day: int = 1, month: int = 3) -> str:
    """git in ``root`` as a fixed author, committing on 2024-``month``-``day`` (noon UTC)."""
    when = f"2024-{month:02d}-{day:02d}T12:00:00+00:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    identity = ["-c", "user.name=Editor", "-c", "user.email=editor@example.invalid", "-c", "commit.gpgsign=false"]
    result = subprocess.run(["git", "-C", str(root), *identity, *args], check=True, capture_output=True, env=env)
    return result.stdout.decode().strip()


def make_repo(root: Path) -> Path:
    """The fixture corpus committed once, on 1 March 2024, on branch main."""
    shutil.copytree(FIXTURE, root)
    (root / ".gitignore").write_text("build/\nsite/\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "The corpus")
    return root


def edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def commit(root: Path, message: str, day: int) -> str:
    git(root, "commit", "-q", "-a", "-m", message, day=day)
    return git(root, "rev-parse", "HEAD")
