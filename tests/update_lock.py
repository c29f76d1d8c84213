"""Regenerate requirements.lock: `make lock` (or `make lock UPGRADE="name ..."`), then review the diff.

    python3 -m tests.update_lock [--upgrade NAME ...]

Every package the project needs (its dependencies, the `dev` extra and the build
backend) is pinned to one version, with the SHA-256 of every file PyPI has for
that version, so `make install` can refuse any file whose hash is not listed, on
any platform. The versions come from a throwaway virtualenv (build/lock-venv/)
into which pip installs the project with the current lock as constraints: pinned
versions stay as they are, a dependency new to pyproject.toml gets the newest
version it allows, one no longer needed drops out, and a name given with
--upgrade is resolved afresh. The hashes come from PyPI's JSON API.

This runs with the system Python and the standard library only: the lock has to
be written before .venv/ can be installed from it.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tomllib
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, NamedTuple

REPO = Path(__file__).resolve().parent.parent
LOCK = REPO / "requirements.lock"
VENV = REPO / "build" / "lock-venv"
PYPI = "https://pypi.org/pypi"
HEADER = (
    "# Every package the project needs, at one version, with the SHA-256 of each file PyPI has for it:\n"
    "# `make install` refuses any other file. Regenerate with `make lock` (see the Makefile).\n"
)
# pip comes with Python's venv and installs the rest; it is not a dependency to pin.
NOT_PINNED = {"pip"}

ENTRY = re.compile(
    r"(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+)(?P<hashes>(?:\s+--hash=sha256:[0-9a-f]{64})*)"
)


class Pin(NamedTuple):
    name: str
    version: str
    hashes: tuple[str, ...]


def normalize(name: str) -> str:
    """The PEP 503 form of a project name: `PyYAML`, `pyyaml` and `py_yaml` are one project."""
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_lock(text: str) -> list[Pin]:
    """The pins of a requirements file in pip's `name==version --hash=sha256:…` form (hashes optional)."""
    pins = []
    for number, line in enumerate(text.replace("\\\n", " ").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = ENTRY.fullmatch(line)
        if match is None:
            raise ValueError(f"requirements.lock: entry {number} is not `name==version --hash=sha256:…`: {line!r}")
        hashes = tuple(re.findall(r"sha256:([0-9a-f]{64})", match["hashes"]))
        pins.append(Pin(match["name"], match["version"], hashes))
    return pins


def format_lock(pins: Iterable[Pin]) -> str:
    entries = []
    for pin in sorted(pins, key=lambda p: normalize(p.name)):
        lines = [f"{pin.name}=={pin.version}", *(f"    --hash=sha256:{digest}" for digest in pin.hashes)]
        entries.append(" \\\n".join(lines) + "\n")
    return HEADER + "".join(entries)


def fetch_hashes(name: str, version: str) -> tuple[str, ...]:
    """The SHA-256 of every file PyPI has for one release (wheels for each platform, and the sdist), sorted."""
    with urllib.request.urlopen(f"{PYPI}/{name}/json", timeout=120) as response:
        project: dict[str, Any] = json.load(response)
    files: list[dict[str, Any]] = project["releases"].get(version) or []
    if not files:
        raise SystemExit(f"PyPI lists no files for {name}=={version}")
    return tuple(sorted(str(file["digests"]["sha256"]) for file in files))


def resolve(old: list[Pin], upgrade: set[str]) -> list[tuple[str, str]]:
    """(name, version) of every package the project needs, resolved in a throwaway virtualenv."""
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV)], check=True)
    constraints = VENV / "constraints.txt"
    kept = [f"{pin.name}=={pin.version}\n" for pin in old if normalize(pin.name) not in upgrade]
    constraints.write_text("".join(kept), encoding="utf-8")
    build_requires = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]["requires"]
    pip = [str(VENV / "bin" / "python"), "-m", "pip", "--disable-pip-version-check"]
    install = [*pip, "install", "--quiet", "--only-binary", ":all:", "-c", str(constraints)]
    subprocess.run([*install, *build_requires], check=True)
    subprocess.run([*install, "--no-build-isolation", "-e", f"{REPO}[dev]"], check=True)
    frozen = subprocess.run([*pip, "freeze", "--all", "--exclude-editable"], check=True, capture_output=True, text=True)
    pins = parse_lock("\n".join(line for line in frozen.stdout.splitlines() if not line.startswith("-e ")))
    return [(pin.name, pin.version) for pin in pins if normalize(pin.name) not in NOT_PINNED]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--upgrade", action="append", default=[], metavar="NAME", help="resolve NAME afresh")
    args = parser.parse_args(argv)
    current = parse_lock(LOCK.read_text(encoding="utf-8")) if LOCK.exists() else []
    resolved = resolve(current, {normalize(name) for name in args.upgrade})
    with ThreadPoolExecutor(max_workers=8) as pool:
        hashes = list(pool.map(lambda pin: fetch_hashes(*pin), resolved))
    pins = [Pin(name, version, digests) for (name, version), digests in zip(resolved, hashes, strict=True)]
    LOCK.write_text(format_lock(pins), encoding="utf-8")
    old = {normalize(pin.name): pin.version for pin in current}
    new = {normalize(pin.name): pin.version for pin in pins}
    for key in sorted(old.keys() | new.keys()):
        if old.get(key) != new.get(key):
            print(f"{key}: {old.get(key, '(none)')} -> {new.get(key, '(removed)')}")
    print(f"requirements.lock: {len(pins)} packages, {sum(len(pin.hashes) for pin in pins)} hashes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
