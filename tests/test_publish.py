"""Publishing a folder: a build killed at any step of the swap leaves a whole site, and the next one cleans up.

Each case runs ``publish_folder`` in a child process that kills itself with
SIGKILL right after one named step, then looks at what is on disk.
"""

from __future__ import annotations

import ctypes
import errno
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing_gen import write
from briefing_gen.errors import BuildError
from tests.conftest import REPO

PAGES = 20
OLD = {**{f"page{i}/index.html": b"old" for i in range(PAGES)}, "only-old.html": b"old"}
NEW = {**{f"page{i}/index.html": b"new" for i in range(PAGES)}, "only-new.html": b"new"}
NEWER = {"index.html": b"newer"}

# Every step of a publish, in order; "half filled" is said by the fill below, halfway through.
FILLING = ["leftovers removed", "staging made", "half filled", "staging filled"]
EXCHANGE = [*FILLING, "exchanged", "done"]
TWO_RENAMES = [*FILLING, "old moved aside", "new moved in", "done"]
FIRST = [*FILLING, "new moved in", "done"]
# The step after which the published folder is the new one.
SWAPPED = {"exchange": "exchanged", "two renames": "new moved in", "first": "new moved in"}

KILLED_AT = """
import os, signal, sys
from pathlib import Path
from briefing_gen import write

target, kill_at, way = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
if way == "two renames":
    write._renameat2 = None  # as on a system without renameat2

def step(name):
    if name == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)

def fill(folder):
    for index in range(PAGES):
        page = folder / f"page{index}" / "index.html"
        page.parent.mkdir()
        page.write_bytes(b"new")
        if index == PAGES // 2:
            step("half filled")
    (folder / "only-new.html").write_bytes(b"new")

write.publish_folder(target, fill, step)
""".replace("PAGES", str(PAGES))


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def writing(files: dict[str, bytes]) -> Callable[[Path], None]:
    def fill(folder: Path) -> None:
        for name, content in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(content)

    return fill


def beside(target: Path) -> list[str]:
    """What else is in the published folder's parent (leftovers)."""
    return sorted(p.name for p in target.parent.iterdir() if p != target)


def published(tmp_path: Path, files: dict[str, bytes] | None) -> Path:
    target = tmp_path / "out" / "site"
    target.parent.mkdir()
    if files is not None:
        write.publish_folder(target, writing(files))
    return target


CASES = (
    [("exchange", step) for step in EXCHANGE]
    + [("two renames", step) for step in TWO_RENAMES]
    + [("first", step) for step in FIRST]
)


@pytest.mark.parametrize(("way", "step"), CASES)
def test_a_publish_killed_after_any_step_leaves_a_whole_site(tmp_path: Path, way: str, step: str) -> None:
    target = published(tmp_path, None if way == "first" else OLD)
    steps = {"exchange": EXCHANGE, "two renames": TWO_RENAMES, "first": FIRST}[way]
    swapped = steps.index(step) >= steps.index(SWAPPED[way])
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_AT, str(target), step, way], cwd=REPO, capture_output=True, timeout=60
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()
    if swapped:
        assert tree(target) == NEW
    elif way == "first":
        assert not target.exists()
    elif step == "old moved aside":  # the one instant without a site, where the system cannot exchange
        assert not target.exists()
        write.recover_folder(target)
        assert tree(target) == OLD
        assert beside(target) == []
    else:
        assert tree(target) == OLD
    write.publish_folder(target, writing(NEWER))
    assert tree(target) == NEWER
    assert beside(target) == [], "leftovers of the killed publish were not removed"


@pytest.mark.parametrize(("way", "steps"), [("exchange", EXCHANGE), ("two renames", TWO_RENAMES), ("first", FIRST)])
def test_the_steps_killed_above_are_all_the_steps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, way: str, steps: list[str]
) -> None:
    target = published(tmp_path, None if way == "first" else OLD)
    if way == "two renames":
        monkeypatch.setattr(write, "_renameat2", None)
    said: list[str] = []

    def fill(folder: Path) -> None:
        writing(dict(list(NEW.items())[: PAGES // 2 + 1]))(folder)
        said.append("half filled")
        writing(NEW)(folder)

    write.publish_folder(target, fill, said.append)
    assert said == steps
    assert tree(target) == NEW
    assert beside(target) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")
def test_linux_exchanges_the_folders_in_one_step(tmp_path: Path) -> None:
    assert write._renameat2 is not None, "glibc 2.28+ exports renameat2"
    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        folder.mkdir()
        (folder / f"in-{folder.name}").write_bytes(b"")
    assert write.exchange(first, second)
    assert [p.name for p in first.iterdir()] == ["in-second"]
    assert [p.name for p in second.iterdir()] == ["in-first"]


def failing_with(code: int) -> Callable[[int, bytes, int, bytes, int], int]:
    def renameat2(*args: object) -> int:
        ctypes.set_errno(code)
        return -1

    return renameat2


@pytest.mark.parametrize("code", sorted(write.CANNOT_EXCHANGE))
def test_a_file_system_that_cannot_exchange_gets_the_two_renames(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    target = published(tmp_path, OLD)
    monkeypatch.setattr(write, "_renameat2", failing_with(code))
    said: list[str] = []
    write.publish_folder(target, writing(NEW), said.append)
    assert "old moved aside" in said
    assert tree(target) == NEW
    assert beside(target) == []


def test_a_swap_that_fails_keeps_the_old_site_and_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = published(tmp_path, OLD)
    monkeypatch.setattr(write, "_renameat2", failing_with(errno.EACCES))
    with pytest.raises(BuildError, match=r"could not put the new site in place at .*Permission denied"):
        write.publish_folder(target, writing(NEW))
    assert tree(target) == OLD
    assert beside(target) == []


def test_leftovers_of_other_folders_are_not_touched(tmp_path: Path) -> None:
    target = published(tmp_path, OLD)
    for name in (".site.new-abc", ".site.old-def", ".site.pdf.new-ghi", ".sites.new-jkl", ".site.new-x.y"):
        (target.parent / name).mkdir()
    write.publish_folder(target, writing(NEW))
    assert beside(target) == [".site.new-x.y", ".site.pdf.new-ghi", ".sites.new-jkl"]


@pytest.mark.skipif(write._renameat2 is None, reason="the exchange needs renameat2")
def test_a_reader_never_finds_the_site_missing_while_it_is_republished(tmp_path: Path) -> None:
    import threading

    target = published(tmp_path, OLD)
    missing: list[int] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            if not (target / "page0" / "index.html").is_file():
                missing.append(1)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for files in [NEW, OLD] * 15:
            write.publish_folder(target, writing(files))
    finally:
        stop.set()
        reader.join()
    assert missing == []


@pytest.mark.parametrize("way", ["exchange", "two renames"])
def test_a_site_published_as_a_symlink_is_replaced_and_its_target_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, way: str
) -> None:
    elsewhere = published(tmp_path, OLD).rename(tmp_path / "elsewhere")
    target = tmp_path / "out" / "site"
    target.symlink_to(elsewhere, target_is_directory=True)
    if way == "two renames":
        monkeypatch.setattr(write, "_renameat2", None)
    write.publish_folder(target, writing(NEW))
    assert not target.is_symlink()
    assert tree(target) == NEW
    assert tree(elsewhere) == OLD
    assert beside(target) == []
