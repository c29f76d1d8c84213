"""A last look at the built site: no active content inside any page's content.

Generated text is escaped, but hand-written pages are Markdown, and
Python-Markdown passes raw HTML through. So after MkDocs has built the site,
and before it replaces the published one, every page's article (the content,
not the theme around it) is read for scripts, event handlers, frames and
script-bearing URLs. Any finding fails the build.
"""

from __future__ import annotations

import html
import posixpath
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

ACTIVE_TAGS = {"script", "iframe", "frame", "object", "embed", "base", "form"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _PageScanner(HTMLParser):
    """One pass over a page: its ids, its relative links, and active content inside its article."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # > 0 while inside the article
        self.findings: list[str] = []
        self.ids: set[str] = set()
        self.links: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._collect(tag, attrs)
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
        self._collect(tag, attrs)
        if self.depth:
            self._inspect(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag not in VOID_TAGS:
            self.depth -= 1

    def _collect(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        href = values.get("href") or ""
        if tag == "a" and href and not href.startswith(("http:", "https:", "mailto:", "//")):
            self.links.append((self.getpos()[0], href))

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


@dataclass(frozen=True)
class SiteScan:
    """Every built page read once: what the build refuses to publish."""

    active_content: list[str]
    broken_links: list[str]


def scan_site(site_dir: Path) -> SiteScan:
    """Parse each HTML page once; resolve links against one listing of the site's files."""
    files = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file()}
    folders = {posixpath.dirname(f) for f in files} | {""}
    folders |= {parent for folder in list(folders) for parent in _parents(folder)}
    pages = {name: _scan_page(site_dir / name) for name in sorted(f for f in files if f.endswith(".html"))}
    findings = [f"{name}: {finding}" for name, page in pages.items() for finding in page.findings]
    broken = [
        f"{name}: line {line}: link to {href} leads nowhere"
        for name, page in pages.items()
        for line, href in page.links
        if not _resolves(name, href, files, folders, pages)
    ]
    return SiteScan(findings, broken)


def active_content(site_dir: Path) -> list[str]:
    """Every finding, as ``path: line N: what``, over all built HTML pages."""
    return scan_site(site_dir).active_content


def broken_links(site_dir: Path) -> list[str]:
    """Relative links and #anchors in the built pages that lead nowhere."""
    return scan_site(site_dir).broken_links


def _scan_page(page: Path) -> _PageScanner:
    scanner = _PageScanner()
    scanner.feed(page.read_text(encoding="utf-8"))
    return scanner


def _parents(folder: str) -> list[str]:
    parts = folder.split("/") if folder else []
    return ["/".join(parts[:n]) for n in range(len(parts))]


def _resolves(page: str, href: str, files: set[str], folders: set[str], pages: dict[str, _PageScanner]) -> bool:
    """Whether a link leads to a file in the site (and, with #anchor, to an id on that page)."""
    path, _, anchor = unquote(href).partition("#")
    if not path:
        target = page
    else:
        base = "" if path.startswith("/") else posixpath.dirname(page)  # the 404 page links from the site root
        target = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
        target = "" if target == "." else target
        if target == ".." or target.startswith("../"):
            return False  # outside the site
        if target in folders:
            target = posixpath.join(target, "index.html")
    if target not in files:
        return False
    return not anchor or target not in pages or anchor in pages[target].ids
