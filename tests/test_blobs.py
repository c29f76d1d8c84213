"""Earlier versions of files read from git window by window, the next read while the last is used."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest

from briefing_gen import git as git_module
from briefing_gen.blobs import BlobWindows
from briefing_gen.git import Unreadable
from tests.history_repo import BRIEFING, PORT_FACTS, commit, edit, git, make_repo


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


def blob(repo: Path, revision: str, path: str) -> str:
    return git(repo, "rev-parse", f"{revision}:{path}")


def test_each_window_gives_its_versions_in_turn(repo: Path) -> None:
    first = blob(repo, "HEAD", PORT_FACTS)
    edit(repo, PORT_FACTS, "due in March.", "due in April.")
    commit(repo, "April", day=2)
    second, briefing = blob(repo, "HEAD", PORT_FACTS), blob(repo, "HEAD", BRIEFING)
    missing = "1" * 40  # a version this clone does not have
    with BlobWindows(repo, [[first, first], [], [second, missing, briefing]]) as windows:
        assert windows.next() == {first: (repo / PORT_FACTS).read_bytes().replace(b"April.", b"March.")}
        assert windows.next() == {}
        assert windows.next() == {second: (repo / PORT_FACTS).read_bytes(), briefing: (repo / BRIEFING).read_bytes()}
        with pytest.raises(IndexError):
            windows.next()


def test_the_next_window_is_read_while_the_one_before_is_in_hand(repo: Path) -> None:
    large = repo / "content" / "large.txt"
    large.write_text("words " * 100_000, encoding="utf-8")  # more than a pipe holds: git would wait to be read
    git(repo, "add", "-A")
    commit(repo, "A large file", day=2)
    first, second = blob(repo, "HEAD", PORT_FACTS), blob(repo, "HEAD", "content/large.txt")
    with BlobWindows(repo, [[first], [second]]) as windows:
        windows.next()
        assert windows.reading is not None  # begun as the first window was handed over
        running = windows.reading[1]
        assert running is not None
        running.process.wait(timeout=30)  # git ends without being read: its output goes to a file
        assert windows.next() == {second: large.read_bytes()}


def test_a_read_still_running_when_the_replay_stops_is_ended(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[git_module.Background] = []
    real_start = git_module.start

    def start(root: Path, data: bytes, *args: str) -> git_module.Background:
        # The second window's read never ends by itself (in the place of a slow git): it has to be stopped.
        started.append(real_start(root, data, *args) if not started else _never_ending())
        return started[-1]

    monkeypatch.setattr(git_module, "start", start)
    first = blob(repo, "HEAD", PORT_FACTS)
    with pytest.raises(RuntimeError), BlobWindows(repo, [[first], [first]]) as windows:
        windows.next()
        raise RuntimeError("the replay failed")
    assert len(started) == 2
    assert all(b.process.poll() is not None and b.out.closed and b.err.closed for b in started)


def _never_ending() -> git_module.Background:
    return git_module.Background(subprocess.Popen(["sleep", "600"]), tempfile.TemporaryFile(), tempfile.TemporaryFile())


def test_a_failing_git_is_unreadable_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "not-a-repository").mkdir()
    with BlobWindows(tmp_path / "not-a-repository", [["2" * 40]]) as windows, pytest.raises(Unreadable):
        windows.next()


def test_without_a_temporary_folder_each_window_is_read_through_a_pipe(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-folder"))
    first = blob(repo, "HEAD", PORT_FACTS)
    with BlobWindows(repo, [[first], [first]]) as windows:
        assert windows.next() == windows.next() == {first: (repo / PORT_FACTS).read_bytes()}


def test_a_read_ahead_that_fails_is_read_again_through_a_pipe(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """git could not write its answer (a full disk, say): the repository is still readable, and is read."""
    real_start = git_module.start

    def failing(root: Path, data: bytes, *args: str) -> git_module.Background:
        return real_start(root, data, "cat-file", "--no-such-option")

    monkeypatch.setattr(git_module, "start", failing)
    first = blob(repo, "HEAD", PORT_FACTS)
    with BlobWindows(repo, [[first]]) as windows:
        assert windows.next() == {first: (repo / PORT_FACTS).read_bytes()}
