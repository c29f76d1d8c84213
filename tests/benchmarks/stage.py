"""Run one stage of the build on a project, in this process; print its time and peak memory as JSON.

``python -m tests.benchmarks.stage STAGE ROOT`` with STAGE one of load, check, alignment (part of check, alone),
history (the editions, from git), render (the pages), export (timeline, feed and open data), write, mkdocs, scan (the post-build checks), markdown (the
Python-Markdown floor), pdf-serial and
pdf-parallel. Each stage first does, untimed, what it needs from the ones
before it, so that one process measures one stage.
"""

from __future__ import annotations

import io
import json
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import markdown
from pypdf import PdfReader

from briefing_gen.alignment import check_alignment
from briefing_gen.build import Project, load_and_check, load_site, run_mkdocs, theme_files, theme_of
from briefing_gen.check import check_corpus
from briefing_gen.history import read_history
from briefing_gen.load import load_corpus
from briefing_gen.print_html import MARKDOWN_EXTENSIONS
from briefing_gen.printing import print_all
from briefing_gen.publish import site_files, whole_site_files
from briefing_gen.recheck import Recheck
from briefing_gen.render import render_site
from briefing_gen.scan import scan_site
from briefing_gen.site import Site
from briefing_gen.write import sync_folder

PDF_BRIEFINGS = 8  # PDFs are measured on the first few briefings of every size


def main(stage: str, root: Path) -> dict[str, float]:
    project = Project(root)
    start = time.perf_counter()
    extra = STAGES[stage](project, start)
    seconds = extra.pop("seconds", time.perf_counter() - start)
    # MkDocs runs as a child process: its memory is the children's peak.
    peak_kb = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    peak_mb = peak_kb / 1024
    return {"seconds": seconds, "peak_mb": peak_mb, **extra}


def _load(project: Project, start: float) -> dict[str, float]:
    _, problems = load_corpus(project.root)
    assert not problems
    return {}


def _check(project: Project, start: float) -> dict[str, float]:
    corpus, _ = load_corpus(project.root)
    begin = time.perf_counter()
    assert not check_corpus(corpus)
    return {"seconds": time.perf_counter() - begin}


def _alignment(project: Project, start: float) -> dict[str, float]:
    """The alignment stage alone (it is part of check): every sentence held to its quotes."""
    corpus, _ = load_corpus(project.root)
    begin = time.perf_counter()
    assert not check_alignment(corpus, set())
    return {"seconds": time.perf_counter() - begin}


def _history(project: Project, start: float) -> dict[str, float]:
    """The editions of every briefing, read from the corpus's git history (see corpus._commit_history)."""
    corpus = load_and_check(project)
    begin = time.perf_counter()
    history = read_history(project.root, corpus, Recheck(corpus))
    seconds = time.perf_counter() - begin
    assert history.available, history.reason
    return {"seconds": seconds, "editions": sum(len(h.editions) for h in history.briefings.values())}


def _render(project: Project, start: float) -> dict[str, float]:
    site = load_site(project, env={})
    begin = time.perf_counter()
    render_site(site)
    return {"seconds": time.perf_counter() - begin}


def _export(project: Project, start: float) -> dict[str, float]:
    """What the whole site publishes beside the pages: the timeline, the feed and the open data."""
    site = load_site(project, env={})
    render_site(site)  # as in a build, where the pages come first (and work out where each passage stands)
    begin = time.perf_counter()
    files = whole_site_files(site)
    return {"seconds": time.perf_counter() - begin, "megabytes": sum(len(c) for c in files.values()) / 1e6}


def _write(project: Project, start: float) -> dict[str, float]:
    files = _docs_without_pdfs(project)
    shutil.rmtree(project.docs_dir, ignore_errors=True)  # measure a full write, not a no-op
    begin = time.perf_counter()
    changed = sync_folder(files, project.docs_dir)
    return {"seconds": time.perf_counter() - begin, "files_written": len(changed)}


def _docs_without_pdfs(project: Project) -> dict[str, bytes]:
    """The docs, with each PDF a placeholder so links resolve without printing (PDFs are their own stage)."""
    site = load_site(project, env={})
    files = site_files(site)
    sync_folder(theme_files(), project.theme_dir)  # as generate_docs puts the theme's templates in place
    files.update({f"pdf/{b.id}.pdf": b"%PDF-placeholder" for b in site.briefings})
    files["pdf/all-briefings.pdf"] = b"%PDF-placeholder"
    return files


def _mkdocs(project: Project, start: float) -> dict[str, float]:
    files = _docs_without_pdfs(project)
    sync_folder(files, project.docs_dir)
    site_dir = project.root / "build" / "bench-site"
    begin = time.perf_counter()
    run_mkdocs(project, site_dir, "1725148800")
    return {"seconds": time.perf_counter() - begin}


def _scan(project: Project, start: float) -> dict[str, float]:
    site_dir = project.root / "build" / "bench-site"
    if not (site_dir / "index.html").is_file():  # the mkdocs stage normally left it
        sync_folder(_docs_without_pdfs(project), project.docs_dir)
        run_mkdocs(project, site_dir, "1725148800")
    begin = time.perf_counter()
    scan = scan_site(site_dir, theme_of(project, site_dir))  # the theme's scripts are found as a build finds them
    assert not scan.active_content and not scan.broken_links
    return {"seconds": time.perf_counter() - begin}


def _markdown(project: Project, start: float) -> dict[str, float]:
    pages = [content.decode("utf-8") for path, content in _docs_without_pdfs(project).items() if path.endswith(".md")]
    begin = time.perf_counter()
    converter = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS)
    for page in pages:
        converter.reset().convert(page)
    return {"seconds": time.perf_counter() - begin, "pages": len(pages)}


def _pdf(project: Project, workers: int) -> dict[str, float]:
    site = Site.of(load_and_check(project))
    subset = Site(site.sources, site.facts, site.briefings[:PDF_BRIEFINGS], site.context, site.pages, site.texts)
    with tempfile.TemporaryDirectory() as fresh:  # an empty PDF cache: every PDF is really printed
        begin = time.perf_counter()
        pdfs = print_all(subset, project.root, Path(fresh) / "assets", workers=workers, combined=False)
        seconds = time.perf_counter() - begin
    pages = sum(len(PdfReader(io.BytesIO(content)).pages) for content in pdfs.values())
    return {"seconds": seconds, "pdfs": len(pdfs), "pages": pages}


STAGES: dict[str, Callable[[Project, float], dict[str, float]]] = {
    "load": _load,
    "check": _check,
    "alignment": _alignment,
    "history": _history,
    "render": _render,
    "export": _export,
    "write": _write,
    "mkdocs": _mkdocs,
    "scan": _scan,
    "markdown": _markdown,
    "pdf-serial": lambda project, start: _pdf(project, 1),
    "pdf-parallel": lambda project, start: _pdf(project, 2),
}

if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], Path(sys.argv[2]))))
