"""The golden tree: the files the fixture corpus must render to (pages, timeline, feed and open data)."""

from __future__ import annotations

from pathlib import Path

from briefing_gen.build import Project, load_site
from briefing_gen.publish import site_files

FIXTURE = Path(__file__).parent / "fixtures" / "corpus"
GOLDEN = Path(__file__).parent / "golden"


def render_fixture() -> dict[str, bytes]:
    """As the build renders it, with no site address or repository (an empty environment); the fixture is
    not a checkout of its own, so its pages say the history is unavailable."""
    return site_files(load_site(Project(FIXTURE), env={}))
