"""A last look at the built site: no active content inside any page's content.

Generated text is escaped, but hand-written pages are Markdown, and
Python-Markdown passes raw HTML through. So after MkDocs has built the site,
and before it replaces the published one, every page's article (the content,
not the theme around it) is read for scripts, event handlers, frames and
script-bearing URLs. Any finding fails the build.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

ACTIVE_TAGS = {"script", "iframe", "frame", "object", "embed", "base", "form"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _ContentScanner(HTMLParser):
    """Collects active content found inside ``<article class="md-content__inner …">``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # > 0 while inside the article
        self.findings: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if self.depth == 0 and tag == "article" and "md-content__inner" in classes:
            self.depth = 1
            return
        if self.depth == 0:
            return
        if tag not in VOID_TAGS:
            self.depth += 1
        self._inspect(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self._inspect(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag not in VOID_TAGS:
            self.depth -= 1

    def _inspect(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag in ACTIVE_TAGS:
            self.findings.append(f"line {line}: <{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.append(f"line {line}: <{tag} {name}=…> event handler")
            elif name in URL_ATTRIBUTES and _unsafe_url(value or ""):
                self.findings.append(f'line {line}: <{tag} {name}="{value}">')


def _unsafe_url(value: str) -> bool:
    """A URL that runs code, after entity decoding, case folding and stripping what browsers ignore."""
    folded = "".join(c for c in html.unescape(value) if c.isprintable() and not c.isspace()).casefold()
    return folded.startswith(UNSAFE_SCHEMES)


def active_content(site_dir: Path) -> list[str]:
    """Every finding, as ``path: line N: what``, over all built HTML pages."""
    findings = []
    for page in sorted(site_dir.rglob("*.html")):
        scanner = _ContentScanner()
        scanner.feed(page.read_text(encoding="utf-8"))
        findings += [f"{page.relative_to(site_dir).as_posix()}: {finding}" for finding in scanner.findings]
    return findings


class _LinkCollector(HTMLParser):
    """Every id on a page, and every relative link inside its content."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        href = values.get("href") or ""
        if tag == "a" and href and not href.startswith(("http:", "https:", "mailto:", "//")):
            self.links.append((self.getpos()[0], href))


def broken_links(site_dir: Path) -> list[str]:
    """Relative links and #anchors in the built pages that lead nowhere."""
    pages = {page: _collect(page) for page in sorted(site_dir.rglob("*.html"))}
    findings = []
    for page, collected in pages.items():
        for line, href in collected.links:
            if not _resolves(site_dir, page, href, pages):
                findings.append(f"{page.relative_to(site_dir).as_posix()}: line {line}: link to {href} leads nowhere")
    return findings


def _collect(page: Path) -> _LinkCollector:
    collector = _LinkCollector()
    collector.feed(page.read_text(encoding="utf-8"))
    return collector


def _resolves(site_dir: Path, page: Path, href: str, pages: dict[Path, _LinkCollector]) -> bool:
    path, _, anchor = unquote(href).partition("#")
    base = site_dir if path.startswith("/") else page.parent  # the 404 page links from the site root
    target = (base / path.lstrip("/")).resolve() if path else page
    if target.is_dir():
        target = target / "index.html"
    if not target.is_file() or not target.resolve().is_relative_to(site_dir.resolve()):
        return False
    return not anchor or target not in pages or anchor in pages[target].ids
