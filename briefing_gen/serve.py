"""Local preview: MkDocs serves the docs folder; we regenerate it on edits.

MkDocs watches only its docs folder, so this loop watches the inputs
(content/ and sources/) and re-runs load, check, render and write whenever one
changes. A broken edit prints its problems and leaves the preview as it was.
Each regeneration holds the build lock, so a `build` or `pdf` started
meanwhile waits for it (and it for them) instead of writing the same files.
"""

from __future__ import annotations

import gc
import signal
import subprocess
import sys
import time
from pathlib import Path

from briefing_gen.build import Project, build_lock, generate_docs
from briefing_gen.config import site_config
from briefing_gen.errors import CorpusError, plural
from briefing_gen.lock import LockTimeout

POLL_SECONDS = 0.5


def serve(project: Project, dev_addr: str) -> None:
    site_config(project.root)  # MkDocs reads mkdocs.yml itself: refuse a tag that could run code first
    _regenerate(project)
    command = [sys.executable, "-m", "mkdocs", "serve", "--config-file", str(project.config), "--dev-addr", dev_addr]
    server = subprocess.Popen(command, cwd=project.root)
    # Stopped by a signal (a test, a process manager), stop as on Ctrl-C: MkDocs goes too.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        _watch(project, server)
    finally:
        server.terminate()
        server.wait()
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _watch(project: Project, server: subprocess.Popen[bytes]) -> None:
    seen = _snapshot(project)
    while server.poll() is None:
        time.sleep(POLL_SECONDS)
        now = _snapshot(project)
        if now != seen:
            seen = now
            _regenerate(project)


def _snapshot(project: Project) -> dict[Path, tuple[int, int]]:
    """Size and modification time of every input file."""
    files = [p for folder in ("content", "sources") for p in (project.root / folder).rglob("*") if p.is_file()]
    return {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in files}


def _regenerate(project: Project) -> None:
    try:
        with build_lock(project):
            _, changed = generate_docs(project)
    except CorpusError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"{plural(len(error.problems), 'problem')}; the preview shows the last good version.", file=sys.stderr)
        return
    except LockTimeout as error:  # a build outlasted the wait; the next edit tries again
        print(f"error: {error}; the preview shows the last good version.", file=sys.stderr)
        return
    finally:
        gc.unfreeze()  # loading set the corpus aside from the collector; this one is done with
    print(f"briefing_gen: regenerated {plural(len(changed), 'file')}", file=sys.stderr)
