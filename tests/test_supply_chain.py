"""What `make install` and `make test` install is pinned to one version and checked against its hash."""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import subprocess
import sys
import tomllib

import pytest
from packaging.requirements import Requirement

from tests.conftest import REPO
from tests.update_lock import Pin, format_lock, normalize, parse_lock

LOCK = parse_lock((REPO / "requirements.lock").read_text(encoding="utf-8"))
PINS = {normalize(pin.name): pin for pin in LOCK}
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
NPM_TOOLS = REPO / "tests" / "tools"


def declared() -> list[Requirement]:
    """Every requirement pyproject.toml states: the build backend, the dependencies and the `dev` extra."""
    texts = [
        *PYPROJECT["build-system"]["requires"],
        *PYPROJECT["project"]["dependencies"],
        *PYPROJECT["project"]["optional-dependencies"]["dev"],
    ]
    return [Requirement(text) for text in texts]


def test_every_locked_package_has_one_version_and_its_hashes() -> None:
    assert len(PINS) == len(LOCK) > 0, "a package is pinned twice"
    for pin in LOCK:
        assert pin.hashes, f"{pin.name}=={pin.version} has no --hash: run `make lock`"


def test_the_lock_pins_every_dependency_pyproject_declares() -> None:
    for requirement in declared():
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": "dev"}):
            continue
        pin = PINS.get(normalize(requirement.name))
        assert pin is not None, f"{requirement.name} is in pyproject.toml but not in requirements.lock: run `make lock`"
        assert requirement.specifier.contains(pin.version, prereleases=True), (
            f"requirements.lock pins {pin.name}=={pin.version}, which pyproject.toml's {requirement} excludes: "
            f'run `make lock UPGRADE="{requirement.name}"`'
        )


def test_the_installed_packages_are_the_locked_versions() -> None:
    installed = {pin.name: importlib.metadata.version(pin.name) for pin in LOCK}
    assert installed == {pin.name: pin.version for pin in LOCK}, (
        "the virtualenv is not what the lock says: `make install`"
    )


def test_a_written_lock_reads_back_as_written() -> None:
    pins = [Pin("PyYAML", "6.0.3", ("a" * 64, "b" * 64)), Pin("click", "8.5.1", ("c" * 64,))]
    text = format_lock(pins)
    assert "click==8.5.1 \\\n    --hash=sha256:" + "c" * 64 + "\n" in text
    assert parse_lock(text) == [pins[1], pins[0]]  # sorted by name, whatever its case


def test_a_lock_entry_pip_would_not_read_is_refused() -> None:
    with pytest.raises(ValueError, match="entry 1 is not"):
        parse_lock("click>=8 --hash=sha256:" + "c" * 64 + "\n")


def makefile_commands() -> list[str]:
    """Every command `make test`, `make site` and `make lock` run, as make prints them without running them."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("MAKE")}
    dry_run = ["make", "--dry-run", "--always-make", "--no-print-directory", "test", "site", "lock"]
    result = subprocess.run(dry_run, cwd=REPO, env=env, capture_output=True, text=True, check=True)
    return result.stdout.replace("\\\n", " ").splitlines()


def test_every_install_in_the_makefile_checks_hashes() -> None:
    commands = makefile_commands()
    pip_installs = [line for line in commands if re.search(r"\bpip\b.* install\b", line)]
    npm_commands = [line for line in commands if re.search(r"\bnpm\b", line)]
    assert len(pip_installs) >= 2 and len(npm_commands) >= 2, commands
    for line in pip_installs:
        # The dependencies come with their hashes; the project itself from this folder, with nothing downloaded.
        assert "--require-hashes" in line or "--no-index" in line, line
    for line in npm_commands:
        assert "npm ci " in line or "--package-lock-only" in line, line


def test_the_npm_tools_are_pinned_with_integrity_hashes() -> None:
    package = json.loads((NPM_TOOLS / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((NPM_TOOLS / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"][""]["dependencies"] == package["dependencies"], "package-lock.json is stale: `make lock`"
    for name, version in package["dependencies"].items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name}: pin one version, not a range ({version})"
    locked = {path: entry for path, entry in lock["packages"].items() if path}
    assert locked
    for path, entry in locked.items():
        assert entry["integrity"].startswith("sha512-"), path


def test_the_installed_npm_tools_are_the_locked_versions() -> None:
    lock = json.loads((NPM_TOOLS / "package-lock.json").read_text(encoding="utf-8"))
    installed = REPO / "build" / "tools"
    for path, entry in lock["packages"].items():
        if path:
            manifest = installed / path / "package.json"
            if not manifest.is_file():
                pytest.fail(f"{path} is not installed: run `make test`, which installs it with npm ci")
            assert json.loads(manifest.read_text(encoding="utf-8"))["version"] == entry["version"], path


def test_the_lock_generator_needs_nothing_but_the_standard_library() -> None:
    # `make lock` runs it with the system Python, before .venv/ can be installed from the lock.
    source = (REPO / "tests" / "update_lock.py").read_text(encoding="utf-8")
    imported = {name.split(".")[0] for name in re.findall(r"^(?:from|import) ([\w.]+)", source, flags=re.MULTILINE)}
    assert imported - {"__future__"} <= sys.stdlib_module_names, imported - sys.stdlib_module_names
