"""One build at a time: a second build waits for the first, then both have built a whole site."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

from briefing_gen import build, serve
from briefing_gen.build import Project
from briefing_gen.lock import exclusive_lock, lock_holder
from tests.conftest import Run
from tests.test_build_safety import tree

WAITING = "briefing_gen: waiting for another build"


def never_waits(holder: int | None) -> None:
    raise AssertionError(f"waited for pid {holder}")


@contextmanager
def started(*commands: list[str]) -> Iterator[list[subprocess.Popen[str]]]:
    """Start each command in its own process group; kill what is left however the test ends."""
    processes = [
        subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
        for c in commands
    ]
    try:
        yield processes
    finally:
        for process in processes:
            with suppress(ProcessLookupError):  # the group may be gone already
                os.killpg(process.pid, signal.SIGKILL)
            process.communicate()


def test_two_builds_started_at_once_both_build_a_whole_site(project: Path, run: Run, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "briefing_gen", "--root", str(project), "build"]
    with started(command, command) as builds:
        said = [b.communicate(timeout=300) for b in builds]
        codes = [b.returncode for b in builds]
        pids = [b.pid for b in builds]
    for out, err in said:
        assert "Traceback" not in out + err, err
    assert codes == [0, 0], said
    waits = [err.count(WAITING) for _, err in said]
    assert sorted(waits) == [0, 1], said  # one waited, and said so once
    waiter = waits.index(1)
    assert f"{WAITING} (pid {pids[1 - waiter]}) to finish" in said[waiter][1]
    assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == []
    assert run(project, "build", "--site-dir", str(tmp_path / "alone"))[0] == 0
    assert tree(project / "site") == tree(tmp_path / "alone"), "the site is not the one a build alone makes"


@pytest.mark.parametrize("command", ["build", "pdf"])
def test_a_build_gives_up_waiting_with_a_clear_error(
    project: Path, run: Run, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.setattr(build, "LOCK_WAIT_SECONDS", 0.5)
    with exclusive_lock(Project(project).lock_file, 0, never_waits):  # as another build would
        code, out, err = run(project, command)
    assert code == 1
    assert err == (
        f"{WAITING} (pid {os.getpid()}) to finish (giving up after 0.5 seconds)\n"
        f"error: gave up after 0.5 seconds waiting for another build (pid {os.getpid()}) to finish"
        f" (it holds {Project(project).lock_file})\n"
        "The previous site was kept.\n"
    )
    assert out == ""
    assert sorted(p.name for p in (project / "build").iterdir()) == [".lock"]
    assert not (project / "site").exists()


def test_the_preview_keeps_its_pages_when_a_build_holds_the_lock_too_long(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(build, "LOCK_WAIT_SECONDS", 0.5)
    with exclusive_lock(Project(project).lock_file, 0, never_waits):
        serve._regenerate(Project(project))  # as the preview does after an edit
    err = capsys.readouterr().err
    assert "error: gave up after 0.5 seconds waiting for another build" in err
    assert err.endswith("; the preview shows the last good version.\n")
    assert not (project / "build" / "docs").exists()


HOLD = """
import sys, time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from briefing_gen.lock import exclusive_lock

with exclusive_lock(Path(sys.argv[1]), 0, print):
    printer = ProcessPoolExecutor(1)  # forked, as the PDF printers are
    printer.submit(time.sleep, 120)
    print("locked", *[p.pid for p in printer._processes.values()], flush=True)
    time.sleep(120)
"""


def test_a_killed_holder_leaves_no_stale_lock_even_with_its_forked_children_alive(tmp_path: Path) -> None:
    lock = tmp_path / "build" / ".lock"
    with started([sys.executable, "-c", HOLD, str(lock)]) as (holder,):
        assert holder.stdout is not None
        said, child = holder.stdout.readline().split()
        assert said == "locked"
        assert lock_holder(lock) == holder.pid
        os.kill(holder.pid, signal.SIGKILL)  # the holder only: its child lives on, as after a killed build
        holder.wait()
        assert Path(f"/proc/{child}").exists()
        with exclusive_lock(lock, 0, never_waits):
            assert lock_holder(lock) == os.getpid()


def children_of(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(stat.parent.name))
    return found


def test_a_killed_build_takes_its_pdf_printers_with_it(project: Path) -> None:
    import time

    command = [sys.executable, "-m", "briefing_gen", "--root", str(project), "pdf", "--out", str(project / "out")]
    with started(command) as (printing,):
        deadline = time.monotonic() + 120
        while len(printers := children_of(printing.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(printers) >= 2, "the printers never started"
        printing.kill()  # the build alone, as an out-of-memory killer would
        printing.wait()
        deadline = time.monotonic() + 10
        while (
            alive := [p for p in printers if Path(f"/proc/{p}").exists() and not _zombie(p)]
        ) and time.monotonic() < deadline:
            time.sleep(0.05)
        for pid in alive:
            with suppress(OSError):
                os.kill(pid, signal.SIGKILL)
    assert alive == [], "printers outlived the build that started them"


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True
