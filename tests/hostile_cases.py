"""The hostile corpus in tests/hostile/: what each input gets, computed the way a contributor would see it.

``<kind>--<name>.yaml`` is a hostile or broken input; ``<kind>--<name>.expected``
is exactly what it must get. Kinds:

- ``fact``: replaces the fixture corpus's fact file; expected is what ``build`` says.
- ``source``: replaces one source's metadata file; likewise.
- ``briefing``: replaces the briefing definition; likewise.
- ``inert``: a valid fact whose text carries markup; ``check`` must pass and the
  expected line is the fact's paragraph exactly as the page's HTML shows it.

``python -m tests.update_hostile`` rewrites the expected files; review the diff.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import tempfile
from pathlib import Path

import markdown

from briefing_gen.build import Project, load_and_check
from briefing_gen.cli import main
from briefing_gen.render import Site, render_site

HOSTILE = Path(__file__).parent / "hostile"
FIXTURE = Path(__file__).parent / "fixtures" / "corpus"
TARGETS = {
    "fact": "content/facts/port.yaml",
    "inert": "content/facts/port.yaml",
    "source": "sources/shipping-wire.yaml",
    "briefing": "content/briefings/port-delays.yaml",
}
PREVIOUS = {"site/index.html": b"<p>the site as last published</p>", "build/docs/index.md": b"# as last generated\n"}
EXTENSIONS = ["admonition", "attr_list", "footnotes", "tables", "toc"]


def cases() -> list[Path]:
    return sorted(HOSTILE.glob("*.yaml"))


def outcome(case: Path) -> str:
    """What the case gets, as it is written in its .expected file.

    Broken cases run ``build`` over a previous output; the outcome also says
    whether that output survived and whether a traceback escaped.
    """
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "corpus"
        shutil.copytree(FIXTURE, root)
        kind = case.name.split("--", 1)[0]
        (root / TARGETS[kind]).write_bytes(case.read_bytes())
        if kind == "inert":
            code, said = _run(root, "check")
            return f"exit {code}\n{said}{fact_paragraph(root)}\n"
        for path, content in PREVIOUS.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_bytes(content)
        code, said = _run(root, "build")
        kept = all((root / path).read_bytes() == content for path, content in PREVIOUS.items())
        notes = ("" if kept else "PREVIOUS OUTPUT CHANGED\n") + ("TRACEBACK\n" if "Traceback" in said else "")
        return f"exit {code}\n{said}{notes}"


def _run(root: Path, command: str) -> tuple[int, str]:
    said = io.StringIO()
    with contextlib.redirect_stderr(said), contextlib.redirect_stdout(said):
        try:
            code = main(["--root", str(root), command])
        except Exception:  # the outcome records what escaped instead of raising
            import traceback

            traceback.print_exc(file=said)
            code = -1
    return code, said.getvalue()


def fact_paragraph(root: Path) -> str:
    """The HTML paragraph of the fact the inert cases edit, as the briefing page renders it."""
    page = render_site(Site.of(load_and_check(Project(root))))["briefings/port-delays.md"].decode("utf-8")
    html = markdown.markdown(page, extensions=EXTENSIONS)
    found = re.search(r'<p class="fact" id="fact-delays-will-end">.*?</p>', html, re.S)
    return found.group(0) if found else "(fact paragraph not found)"


def rendered_page(root: Path) -> str:
    page = render_site(Site.of(load_and_check(Project(root))))["briefings/port-delays.md"].decode("utf-8")
    return str(markdown.markdown(page, extensions=EXTENSIONS))
