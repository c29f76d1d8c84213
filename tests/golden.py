"""The golden tree: the Markdown the fixture corpus must render to."""

from __future__ import annotations

from pathlib import Path

from briefing_gen.build import Project, load_and_check
from briefing_gen.render import render_site
from briefing_gen.site import Site

FIXTURE = Path(__file__).parent / "fixtures" / "corpus"
GOLDEN = Path(__file__).parent / "golden"


def render_fixture() -> dict[str, bytes]:
    return render_site(Site.of(load_and_check(Project(FIXTURE))))
