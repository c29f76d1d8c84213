"""Write stage: put rendered files on disk without ever leaving half a file.

Docs are synced in place: a file is rewritten only when its bytes change (so
a preview server reloads only what changed), each through a temporary file
and an atomic rename, and files no longer rendered are removed. A finished
site folder replaces the published one in one rename.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


def sync_folder(files: dict[str, bytes], folder: Path) -> list[str]:
    """Make ``folder`` hold exactly ``files``; return the paths that changed."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = [path for path, content in files.items() if _write_if_changed(folder / path, content)]
    for stale in sorted(_existing(folder) - set(files)):
        (folder / stale).unlink()
        changed.append(stale)
    _remove_empty_dirs(folder)
    return sorted(changed)


def _write_if_changed(target: Path, content: bytes) -> bool:
    if target.is_file() and target.read_bytes() == content:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, content)
    return True


def write_atomically(target: Path, content: bytes) -> None:
    """Write through a temporary file in the same folder, then rename over."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")  # one writer per process
    try:
        temporary.write_bytes(content)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _existing(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def _remove_empty_dirs(folder: Path) -> None:
    for directory in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
        if not any(directory.iterdir()):
            directory.rmdir()


def staging_folder_for(target: Path) -> Path:
    """A fresh empty folder beside ``target``, on the same file system."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.new-"))


def publish_folder(target: Path, fill: Callable[[Path], None]) -> None:
    """Fill a fresh folder beside ``target``; only if that succeeds, swap it into place."""
    _remove_leftovers(target)
    staging = staging_folder_for(target)
    try:
        fill(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    replace_folder(target, staging)


def _remove_leftovers(target: Path) -> None:
    """Staging and retired folders a killed build left beside ``target``."""
    for leftover in target.parent.glob(f".{target.name}.*-*"):
        if leftover.is_dir() and leftover.name.split(".")[-1].startswith(("new-", "old-")):
            shutil.rmtree(leftover, ignore_errors=True)


def replace_folder(target: Path, finished: Path) -> None:
    """Swap a finished folder into place; the old one is removed only afterwards."""
    retired = None
    if target.exists():
        retired = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.old-"))
        os.replace(target, retired / target.name)
    os.replace(finished, target)
    if retired is not None:
        shutil.rmtree(retired)
