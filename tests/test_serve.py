"""The preview: `serve` regenerates the pages when a fact file changes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

PAGE = "briefings/legal-penalties/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_serve_shows_an_edited_fact_after_one_rebuild(project: Path, stop: signal.Signals) -> None:
    port = free_port()
    command = [sys.executable, "-m", "briefing_gen", "--root", str(project), "serve", "--dev-addr", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=as_from_a_terminal,
    )
    try:
        url = f"http://127.0.0.1:{port}/{PAGE}"
        assert wait_for(lambda: "Legal penalties" in fetch(url), 60), "preview never came up"
        facts = project / "content" / "facts" / "legal-penalties.yaml"
        text = facts.read_text(encoding="utf-8")
        claim = "up to five years in prison."
        assert text.count(claim) == 1  # the claim only; the quotes that read alike have no full stop there
        facts.write_text(text.replace(claim, claim.replace("five", "5")), encoding="utf-8")
        assert wait_for(lambda: "can be sentenced to up to 5 years" in fetch(url), 60), "edit never reached the preview"
    finally:
        server.send_signal(stop)  # as a process manager (SIGTERM) or Ctrl-C (SIGINT) stops it
        try:
            server.wait(timeout=10)
        finally:
            left = processes_in_group(server.pid)
            for pid in left:  # never leave a server behind, even when the test fails (or serve does not stop)
                os.kill(pid, signal.SIGKILL)
    assert left == [], "serve left MkDocs running after it was stopped"


def as_from_a_terminal() -> None:
    """Ctrl-C and SIGTERM as a preview started from a terminal receives them. A shell ignores SIGINT in what it
    starts in the background (``make test &`` in a script, say), and a process that holds signals passes the mask
    on: the preview would inherit either and never see the signal."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})


def processes_in_group(group: int) -> list[int]:
    """Live processes of a process group (the preview and the MkDocs it started)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found
