"""Write stage: put rendered files on disk without ever leaving half a file.

Docs are synced in place: a file is rewritten only when its bytes change (so
a preview server reloads only what changed), each through a temporary file
and an atomic rename, and files no longer rendered are removed.

A finished folder (the site, the PDFs) is filled beside the published one,
on the same file system, and swapped in only once it is complete:

- On Linux (glibc 2.28 or later) on a file system that can exchange two
  names (ext4, XFS, Btrfs, tmpfs and most local ones), the two folders are
  exchanged in one ``renameat2(RENAME_EXCHANGE)`` call, then the old one is
  removed. At every instant the published path holds either the whole
  previous folder or the whole new one, whenever the build is killed.
- Elsewhere (macOS, NFS, ...) a folder that has files cannot be renamed over,
  so the published folder is first moved aside, then the new one renamed in.
  Between those two renames the published path does not exist. A build killed
  there leaves the previous folder in ``.<name>.old-*/<name>``, and
  ``recover_folder`` (which every publish calls first) puts it back.

The first publish (nothing published yet) is a single rename. Staging and
retired folders a killed build left behind are removed by the next publish.
All of this assumes one publisher at a time: callers hold the build lock
(``lock.exclusive_lock``), so the leftovers removed are never another live build's.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from briefing_gen.errors import BuildError


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


# Publishing a folder

Step = Callable[[str], None]


def _no_step(name: str) -> None:
    pass


def staging_folder_for(target: Path) -> Path:
    """A fresh empty folder beside ``target``, on the same file system."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.new-"))


def publish_folder(target: Path, fill: Callable[[Path], None], on_step: Step = _no_step) -> None:
    """Fill a fresh folder beside ``target``; only if that succeeds, swap it into place.

    Call it holding the build lock. ``on_step`` is told the name of each step
    as it is done, so tests can kill the process between any two.
    """
    recover_folder(target)
    on_step("leftovers removed")
    staging = staging_folder_for(target)
    on_step("staging made")
    try:
        fill(staging)
        on_step("staging filled")
        replace_folder(target, staging, on_step)
    finally:
        _remove(staging)  # half-filled, unused, or (after an exchange) the old folder
    on_step("done")


def recover_folder(target: Path) -> None:
    """Undo what a killed publish left: put back a folder it moved aside, remove the rest."""
    leftovers = _leftovers(target)
    if not os.path.lexists(target):
        retired = [folder / target.name for folder in leftovers if _leftover_kind(folder, target) == "old"]
        if found := [path for path in retired if os.path.lexists(path)]:
            os.rename(max(found, key=lambda path: path.lstat().st_mtime_ns), target)
    for leftover in leftovers:
        _remove(leftover)


def _leftovers(target: Path) -> list[Path]:
    """Staging (``.<name>.new-*``) and retired (``.<name>.old-*``) folders beside ``target``."""
    return [p for p in target.parent.glob(f".{target.name}.*-*") if _leftover_kind(p, target)]


def _leftover_kind(folder: Path, target: Path) -> str:
    kind, _, suffix = folder.name.removeprefix(f".{target.name}.").partition("-")
    return kind if kind in ("new", "old") and suffix and "." not in suffix else ""


def _remove(path: Path) -> None:
    """Remove what is at ``path``, if anything; a symlink (a published folder can be one) itself, not its target."""
    if path.is_symlink() or path.is_file():
        with contextlib.suppress(OSError):
            path.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)  # what cannot be removed now, the next publish tries again


def replace_folder(target: Path, finished: Path, on_step: Step = _no_step) -> None:
    """Put ``finished`` at ``target``; afterwards ``finished`` holds the old folder, or nothing."""
    try:
        if not os.path.lexists(target):
            os.rename(finished, target)
            on_step("new moved in")
        elif exchange(finished, target):
            on_step("exchanged")
        else:
            _move_aside_then_in(target, finished, on_step)
    except OSError as error:
        raise BuildError(f"could not put the new {target.name} in place at {target}: {error}") from error


def _move_aside_then_in(target: Path, finished: Path, on_step: Step) -> None:
    """Two renames, for systems without an exchange; ``target`` is missing between them."""
    retired = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.old-")) / target.name
    os.rename(target, retired)
    on_step("old moved aside")
    try:
        os.rename(finished, target)
    except OSError:
        os.rename(retired, target)
        raise
    on_step("new moved in")
    shutil.rmtree(retired.parent, ignore_errors=True)


# Linux's atomic exchange of two names (renameat2 is in glibc since 2.28).
AT_FDCWD = -100
RENAME_EXCHANGE = 2
# What a kernel or file system without the exchange answers; any other error is a real failure.
CANNOT_EXCHANGE = frozenset({errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP})

Renameat2 = Callable[[int, bytes, int, bytes, int], int]


def _load_renameat2() -> Renameat2 | None:
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError, TypeError):  # another C library, another system
        return None
    function.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    function.restype = ctypes.c_int
    return function


_renameat2 = _load_renameat2()


def exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths in one atomic step; False, with nothing changed, where the system cannot."""
    if _renameat2 is None:
        return False
    if _renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in CANNOT_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))
