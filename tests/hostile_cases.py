"""The hostile corpus in tests/hostile/: what each input gets, computed the way a contributor would see it.

``<kind>--<name>.yaml`` is a hostile or broken input; ``<kind>--<name>.expected``
is exactly what it must get. Kinds:

- ``fact``: replaces the fixture corpus's fact file; expected is what ``build`` says.
- ``source``: replaces one source's metadata file; likewise.
- ``briefing``: replaces the briefing definition; likewise.
- ``context``: replaces the background file; ``config``: replaces mkdocs.yml; likewise.
- ``page``, ``html``, ``htm``, ``svg``, ``xhtml``, ``js``, ``png``: a hand-written
  page (Markdown) or a file added under ``content/pages/`` (``js`` and ``png``
  at the theme's own file names); expected is what ``build`` says.
- ``inert``: a valid fact whose text carries markup; ``check`` must pass and the
  expected line is the fact's paragraph exactly as the page's HTML shows it.
- ``built-briefing``, ``built-source``, ``built-context``, ``built-config``,
  ``built-page``: a
  valid file whose strings carry markup; ``build`` must pass, and expected is
  the built page's title and first heading as a browser parses them, and what
  the scan finds in the whole site (nothing).

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
from selectolax.lexbor import LexborHTMLParser

from briefing_gen.build import Project, load_and_check, theme_of
from briefing_gen.cli import main
from briefing_gen.render import render_site
from briefing_gen.scan import active_content
from briefing_gen.site import Site

HOSTILE = Path(__file__).parent / "hostile"
FIXTURE = Path(__file__).parent / "fixtures" / "corpus"
REPO_CONFIG = Path(__file__).parent.parent / "mkdocs.yml"
TARGETS = {
    "fact": "content/facts/port.yaml",
    "inert": "content/facts/port.yaml",
    "source": "sources/shipping-wire.yaml",
    "briefing": "content/briefings/port-delays.yaml",
    "context": "content/context.yaml",
    "config": "mkdocs.yml",
    "page": "content/pages/extra.md",
    "html": "content/pages/extra.html",
    "htm": "content/pages/old.htm",
    "svg": "content/pages/assets/logo.svg",
    "xhtml": "content/pages/old.xhtml",
    "js": "content/pages/assets/javascripts/workers/search.a7633da7.min.js",  # the theme's search worker
    "png": "content/pages/assets/images/favicon.png",  # the theme's icon
    "built-briefing": "content/briefings/port-delays.yaml",
    "built-source": "sources/shipping-wire.yaml",
    "built-context": "content/context.yaml",
    "built-config": "mkdocs.yml",
    "built-page": "content/pages/extra.md",
}
# The page each built case looks at, as a reader would open it.
BUILT_PAGES = {
    "built-briefing": "site/briefings/port-delays/index.html",
    "built-source": "site/sources/shipping-wire/index.html",
    "built-context": "site/background/index.html",
    "built-config": "site/briefings/port-delays/index.html",
    "built-page": "site/extra/index.html",
}
PREVIOUS_SITE = {"site/index.html": b"<p>the site as last published</p>"}
PREVIOUS_DOCS = {"build/docs/index.md": b"# as last generated\n"}  # rewritten only once every check has passed
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
        shutil.copy(REPO_CONFIG, root / "mkdocs.yml")
        kind = case.name.split("--", 1)[0]
        (root / TARGETS[kind]).parent.mkdir(parents=True, exist_ok=True)
        (root / TARGETS[kind]).write_bytes(case.read_bytes())
        if kind == "inert":
            code, said = _run(root, "check")
            return f"exit {code}\n{said}{fact_paragraph(root)}\n"
        if kind.startswith("built-"):
            code, said = _run(root, "build")
            return f"exit {code}\n{said}{as_a_browser_reads(root, BUILT_PAGES[kind])}"
        previous = {**PREVIOUS_SITE, **PREVIOUS_DOCS}
        for path, content in previous.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_bytes(content)
        code, said = _run(root, "build")
        kept = previous if "nothing was written" in said else PREVIOUS_SITE
        unchanged = all((root / path).read_bytes() == content for path, content in kept.items())
        notes = ("" if unchanged else "PREVIOUS OUTPUT CHANGED\n") + ("TRACEBACK\n" if "Traceback" in said else "")
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
    return code, said.getvalue().replace(str(root), "<project>")  # the same text whatever the temporary folder


def as_a_browser_reads(root: Path, page: str) -> str:
    """The page's title and first heading as parsed text, and the scan of the whole built site."""
    if not (root / page).is_file():
        return "(page not built)\n"
    tree = LexborHTMLParser((root / page).read_text(encoding="utf-8"))
    title, heading = tree.css_first("title"), tree.css_first("article h1")
    site = root / "site"
    findings = active_content(site, theme_of(Project(root), site))
    return (
        f"title: {title.text() if title else '(none)'}\n"
        f"h1: {heading.text(deep=True).strip() if heading else '(none)'}\n"
        f"scan: {'; '.join(findings) or 'nothing active'}\n"
    )


def fact_paragraph(root: Path) -> str:
    """The HTML paragraph of the fact the inert cases edit, as the briefing page renders it."""
    page = render_site(Site.of(load_and_check(Project(root))))["briefings/port-delays.md"].decode("utf-8")
    html = markdown.markdown(page, extensions=EXTENSIONS)
    found = re.search(r'<p class="fact" id="fact-delays-will-end">.*?</p>', html, re.S)
    return found.group(0) if found else "(fact paragraph not found)"


def rendered_page(root: Path) -> str:
    page = render_site(Site.of(load_and_check(Project(root))))["briefings/port-delays.md"].decode("utf-8")
    return str(markdown.markdown(page, extensions=EXTENSIONS))
