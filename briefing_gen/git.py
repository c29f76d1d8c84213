"""Asking git about the project: one way to run it, and one answer to "is this its own checkout?"."""

from __future__ import annotations

import subprocess
from pathlib import Path


def run(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """git with ``args`` in ``root``; its result whatever the exit code (OSError if git is missing)."""
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)


def run_with_input(root: Path, data: bytes, *args: str) -> subprocess.CompletedProcess[bytes]:
    """git with ``args`` in ``root``, reading ``data`` on its standard input."""
    return subprocess.run(["git", "-C", str(root), *args], input=data, capture_output=True, check=False)


def output(root: Path, *args: str) -> str:
    """What git says (stripped), or "" where it fails or is missing."""
    try:
        result = run(root, *args)
    except OSError:
        return ""
    return result.stdout.decode(errors="replace").strip() if result.returncode == 0 else ""


def own_checkout(root: Path) -> bool:
    """Whether ``root`` is the top of a git checkout (a copy inside another repository is not)."""
    top = output(root, "rev-parse", "--show-toplevel")
    return bool(top) and Path(top).resolve() == root.resolve()
