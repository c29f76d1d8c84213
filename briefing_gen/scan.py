"""A last look at the built site, read as a browser reads it.

Generated text is escaped where it lands, but hand-written pages are Markdown
(Python-Markdown passes raw HTML through), contributors can add files under
``content/pages/``, and the theme writes some of our strings into the page's
head. So after MkDocs has built the site, and before it replaces the
published one, every file a browser would read as HTML or SVG is parsed,
whole, by a WHATWG-conformant parser (Lexbor, through selectolax): what the
scan sees is what Chromium builds, whatever the markup's tricks (``<!-->``,
``<svg><style>``, stray end tags). Any script, event handler, frame,
script-bearing URL or SVG animation of a link that is not the theme's own
fails the build.

The theme's own scripts are recognised, not assumed: a script file must be
byte-identical to the installed theme's file of that name (or listed in
``extra_javascript``), and an inline script must match one written in the
theme's templates, where each template value may only be a plain path-like
word (so no value can close a string or name a ``javascript:`` URL).

One difference from Chromium: Lexbor parses ``<noscript>`` as if scripts
were off (as elements), where Chromium reads its content as text, so markup
hidden in an attribute there would be real to Chromium alone. ``<noscript>``
(and its kin) is therefore refused wherever it appears.
"""

from __future__ import annotations

import functools
import json
import os
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from briefing_gen.errors import printable

# Files a browser renders as documents that can hold markup.
DOCUMENT_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml", ".xht", ".svg", ".xml", ".xsl", ".xslt")
ACTIVE_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "fencedframe"}
# Never needed by content, and read differently by the scan and by browsers: a template is inert
# until a script copies it; a browser with scripts on reads noscript (noembed, noframes) as text,
# so markup the parser takes for an attribute inside one is real markup to Chromium.
INERT_HOLDERS = {"template", "noscript", "noembed", "noframes"}
SVG_ANIMATIONS = {"set", "animate", "animatemotion", "animatetransform", "discard"}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "srcset",
    "background",
    "codebase",
    "to",
    "from",
    "values",
}
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
THEME_CONFIG_ID = "__config"  # the theme reads its settings from the first element with this id
# A template value in a theme script: a path or a plain word, never a quote, a colon or markup.
TEMPLATE_VALUE = r"[\w./-]*"


@dataclass(frozen=True)
class ThemeScripts:
    """What the theme itself puts in pages: its script files and its inline scripts."""

    files: frozenset[str] = frozenset()  # site paths of script files that are the theme's own
    inline: re.Pattern[str] = re.compile(r"(?!)")
    replaced: tuple[str, ...] = ()  # site paths where a page's file took the place of the theme's
    base_path: str = "/"  # the path part of site_url: absolute links start with it

    def allows_inline(self, text: str) -> bool:
        return self.inline.fullmatch(text.strip()) is not None


@dataclass
class _Page:
    """One document read once: its ids, its relative links, and what it must not publish."""

    name: str
    findings: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)
    config_blocks: int = 0

    def find(self, node: LexborNode, what: str) -> None:
        self.findings.append(f"{self.name}: {what}{_where(node)}")


@dataclass(frozen=True)
class SiteScan:
    """Every built document read once: what the build refuses to publish."""

    active_content: list[str]
    broken_links: list[str]


def theme_scripts(site_dir: Path, theme_dirs: list[Path], extra_javascript: list[str], site_url: str) -> ThemeScripts:
    """The theme's scripts, from the installed theme's files and templates."""
    own, replaced = set(), []
    for rel, originals in sorted(_static_files(theme_dirs).items()):
        built = site_dir / rel
        if not built.is_file():
            continue
        if any(_same_bytes(built, original) for original in originals):
            own.add(rel)
        else:  # MkDocs lets a docs file replace a theme file: a worker or a style sheet of a contributor's
            replaced.append(rel)
    own |= {posixpath.normpath(script.lstrip("/")) for script in extra_javascript if "://" not in script}
    base_path = (urlsplit(site_url).path or "/").rstrip("/") + "/"
    return ThemeScripts(frozenset(own), _inline_pattern(tuple(theme_dirs)), tuple(replaced), base_path)


TEMPLATE_SUFFIXES = (".html", ".xml")  # rendered from the theme's templates, so never the same bytes


def _static_files(theme_dirs: list[Path]) -> dict[str, list[Path]]:
    """The files themes give the site as they are, by site path (not templates; not hidden, as MkDocs skips those).

    A theme has a few dozen; walking them, not the site's thousands of pages, finds what a page's file replaced.
    """
    found: dict[str, list[Path]] = {}
    for theme in theme_dirs:
        for current, folders, names in os.walk(theme):
            folders[:] = [folder for folder in folders if not folder.startswith(".")]
            for name in names:
                if not name.startswith(".") and not name.endswith(TEMPLATE_SUFFIXES):
                    path = Path(current) / name
                    found.setdefault(path.relative_to(theme).as_posix(), []).append(path)
    return found


def _same_bytes(built: Path, original: Path) -> bool:
    return built.stat().st_size == original.stat().st_size and built.read_bytes() == original.read_bytes()


@functools.lru_cache(maxsize=4)
def _inline_pattern(theme_dirs: tuple[Path, ...]) -> re.Pattern[str]:
    """One pattern matching any inline script written in the theme's templates."""
    bodies = {
        body.strip()
        for theme in theme_dirs
        for template in sorted(theme.rglob("*.html"))
        if template.name != "redirect.html"  # it sends the reader to a page's metadata: never ours
        for body in re.findall(r"<script>(.+?)</script>", template.read_text(encoding="utf-8"), re.S)
    }
    alternatives = sorted(_template_regex(body) for body in bodies if body)
    return re.compile("|".join(f"(?:{a})" for a in alternatives) or r"(?!)", re.S)


def _template_regex(body: str) -> str:
    parts = re.split(r"\{\{.*?\}\}|\{%.*?%\}", body)
    return TEMPLATE_VALUE.join(re.escape(part) for part in parts)


def scan_site(site_dir: Path, theme: ThemeScripts | None = None) -> SiteScan:
    """Parse each document once; resolve links against one listing of the site's files."""
    theme = theme or ThemeScripts()
    files = _files(site_dir)
    folders = {posixpath.dirname(f) for f in files} | {""}
    folders |= {parent for folder in list(folders) for parent in _parents(folder)}
    documents = sorted(f for f in files if f.lower().endswith(DOCUMENT_SUFFIXES))
    pages = {name: _scan_document(name, (site_dir / name).read_bytes(), theme) for name in documents}
    findings = [f"{name}: replaces the theme's own file of that name" for name in theme.replaced]
    findings += [finding for page in pages.values() for finding in page.findings]
    broken = [
        f"{name}: link to {_shown(href)} leads nowhere"
        for name, page in pages.items()
        for href in page.links
        if not _resolves(name, _within_site(href, theme.base_path), files, folders, pages)
    ]
    return SiteScan(findings, broken)


def active_content(site_dir: Path, theme: ThemeScripts | None = None) -> list[str]:
    """Every finding, as ``path: what (inside #id)``, over all built documents."""
    return scan_site(site_dir, theme).active_content


def broken_links(site_dir: Path, theme: ThemeScripts | None = None) -> list[str]:
    """Relative links and #anchors in the built pages that lead nowhere."""
    return scan_site(site_dir, theme).broken_links


def _files(site_dir: Path) -> set[str]:
    return {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file()}


def _scan_document(name: str, content: bytes, theme: ThemeScripts) -> _Page:
    page = _Page(name)
    try:
        text = content.decode("utf-8")  # a byte-order mark of another encoding, or other bytes, fail here
    except UnicodeDecodeError:
        page.findings.append(f"{name}: not UTF-8 (a browser would guess its encoding, and read other markup)")
        text = content.decode("utf-8", errors="replace")
    page.findings += [f"{name}: {what}" for what in _xml_findings(text)]
    root = LexborHTMLParser(text).root
    for node in root.traverse() if root is not None else ():
        _inspect(page, node, theme)
    if page.config_blocks > 1:
        page.findings.append(f"{name}: a second element with id {THEME_CONFIG_ID} (the theme's settings)")
    return page


XML_PROLOG_ENCODING = re.compile(r"""<\?xml[^>]*\bencoding\s*=\s*["']([^"']*)""")


def _xml_findings(text: str) -> list[str]:
    """What an XML parser (SVG, XHTML) would act on that an HTML parser reads as nothing.

    These are declarations before or around the markup, not the markup itself.
    """
    found = []
    if "<?xml-stylesheet" in text:
        found.append("<?xml-stylesheet?> (a style sheet that can rewrite the document)")
    if "<!ENTITY" in text:
        found.append("<!ENTITY> (an XML entity can hold markup that only an XML parser expands)")
    declared = XML_PROLOG_ENCODING.match(text.lstrip("\ufeff"))
    if declared and declared.group(1).lower() not in ("utf-8", "utf8"):
        found.append(
            f"an XML declaration of the encoding {_shown(declared.group(1))} (only UTF-8 is read as the scan reads it)"
        )
    return found


def _inspect(page: _Page, node: LexborNode, theme: ThemeScripts) -> None:
    tag, attributes = _local(node.tag or ""), node.attributes
    _collect(page, tag, attributes)
    if tag == "script":
        _inspect_script(page, node, attributes, theme)
    elif tag in ACTIVE_ELEMENTS or tag in INERT_HOLDERS:
        page.find(node, f"<{tag}>")
    elif tag == "form" and (_inside_content(node) or "action" in attributes):
        page.find(node, "<form>")
    elif tag == "meta" and (attributes.get("http-equiv") or "").strip().lower() == "refresh":
        page.find(node, '<meta http-equiv="refresh">')
    elif tag == "meta" and _declares_other_encoding(attributes):
        page.find(node, "<meta> declaring an encoding other than UTF-8 (browsers would read the page otherwise)")
    elif tag in SVG_ANIMATIONS and _animated_attribute(attributes).endswith("href"):
        page.find(node, f"<{tag}> that changes a link")
    for name, value in attributes.items():
        _inspect_attribute(page, node, tag, _local(name.lower()), value or "")


def _local(name: str) -> str:
    """A name without its XML namespace prefix (``s:script`` is a script to an XML parser)."""
    return name.rpartition(":")[2] if ":" in name and name != "xlink:href" else name


def _declares_other_encoding(attributes: dict[str, str | None]) -> bool:
    declared = attributes.get("charset")
    if declared is None and (attributes.get("http-equiv") or "").strip().lower() == "content-type":
        declared = (attributes.get("content") or "").lower().partition("charset=")[2] or None
    return declared is not None and declared.strip().strip("'\"").lower() not in ("utf-8", "utf8")


def _inspect_attribute(page: _Page, node: LexborNode, tag: str, name: str, value: str) -> None:
    if name.startswith("on"):
        page.find(node, f"<{tag} {name}=…> event handler")
    elif name == "id" and value == THEME_CONFIG_ID and tag != "script":
        page.find(node, f'<{tag} id="{THEME_CONFIG_ID}"> (the theme reads its settings from it)')
    elif name in URL_ATTRIBUTES and _unsafe_url(name, value):
        page.find(node, f'<{tag} {name}="{_shown(value)}">')


def _inspect_script(page: _Page, node: LexborNode, attributes: dict[str, str | None], theme: ThemeScripts) -> None:
    kind = (attributes.get("type") or "").strip().lower()
    if attributes.get("id") == THEME_CONFIG_ID:
        page.config_blocks += 1
    if "src" in attributes:
        if _site_path(page.name, _within_site(attributes["src"] or "", theme.base_path)) not in theme.files:
            page.find(node, f'<script src="{_shown(attributes["src"] or "")}">')
    elif kind in DATA_SCRIPT_TYPES:
        problem = data_block_problem(node.text(deep=True))  # a data block: browsers never run it, if it is data
        if problem:
            page.find(node, f'<script type="{kind}"> {problem}')
    elif not theme.allows_inline(node.text(deep=True)):
        page.find(node, "<script>")


def data_block_problem(text: str) -> str:
    """What makes a data block (JSON, JSON-LD) unsafe or not data: "" if it is plain JSON.

    Browsers never run a data block, but '<!--' or '<script' inside one changes
    where the HTML parser ends it, so the markup after it could be read as a
    script; and what is not JSON is not the data it claims to be.
    """
    folded = text.casefold()
    if "<!--" in folded or "<script" in folded or "</script" in folded:
        return "holding '<!--' or '<script' (a browser could read the markup after it as script)"
    try:
        json.loads(text)
    except ValueError:
        return "that is not valid JSON"
    return ""


def _collect(page: _Page, tag: str, attributes: dict[str, str | None]) -> None:
    if attributes.get("id"):
        page.ids.add(str(attributes["id"]))
    href = attributes.get("href") or ""
    if tag == "a" and href and not href.startswith(("http:", "https:", "mailto:", "//")):
        page.links.append(href)


def _animated_attribute(attributes: dict[str, str | None]) -> str:
    """What an SVG animation changes (its attributeName, whatever the case the parser kept)."""
    return next(((v or "").strip().lower() for k, v in attributes.items() if k.lower() == "attributename"), "")


def _ancestors(node: LexborNode) -> Iterator[LexborNode]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _inside_content(node: LexborNode) -> bool:
    """Within a page's article (the content), not the theme around it."""
    return any(parent.tag == "article" for parent in _ancestors(node))


def _where(node: LexborNode) -> str:
    """The nearest enclosing id, so the finding can be traced to a fact or heading."""
    found = next((parent.attributes["id"] for parent in _ancestors(node) if parent.attributes.get("id")), None)
    return f" inside #{_shown(found)}" if found else ""


def _unsafe_url(name: str, value: str) -> bool:
    """A URL that runs code, after dropping what browsers ignore and folding case."""
    candidates = value.split(",") if name in ("srcset", "values") else [value]
    return any(_folded(c).startswith(UNSAFE_SCHEMES) for c in candidates)


def _folded(url: str) -> str:
    return "".join(c for c in url if c.isprintable() and not c.isspace()).casefold()


def _shown(value: str) -> str:
    """A value as the message shows it: short, and without control characters."""
    visible = printable(value)
    return visible if len(visible) <= 80 else visible[:79] + "…"


def _site_path(page: str, src: str) -> str:
    """The site file a relative script address points at ("" for one elsewhere)."""
    if "://" in src or src.startswith("//"):
        return ""
    path = urlsplit(src).path
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(posixpath.dirname(page), path)
    return posixpath.normpath(joined)


def _within_site(href: str, base_path: str) -> str:
    """An absolute-path link made relative to the site root (the site may live under a folder)."""
    if href.startswith(base_path) and base_path != "/":
        return "/" + href[len(base_path) :]
    return href


def _parents(folder: str) -> list[str]:
    parts = folder.split("/") if folder else []
    return ["/".join(parts[:n]) for n in range(len(parts))]


def _resolves(page: str, href: str, files: set[str], folders: set[str], pages: dict[str, _Page]) -> bool:
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
