"""Printable briefings: the site's own Markdown, printed by WeasyPrint.

Each PDF starts from exactly the Markdown the site publishes (``render``), so
facts, order and footnote numbers are the web page's. Python-Markdown turns it
into HTML; we then move each footnote's text to where it is called, as a CSS
``float: footnote`` that WeasyPrint sets at the foot of that page, numbered as
on the web. Building the HTML does no I/O; ``print_pdf`` is the one call that
renders, its URL fetcher reads nothing outside the build folder, and its fonts
are the bundled ones alone (``fonts``), never the machine's.
"""

from __future__ import annotations

import contextlib
import html
import os
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown

from briefing_gen import markdown_text as md
from briefing_gen.errors import BuildError
from briefing_gen.fonts import FONTCONFIG_FILE, FONTS_DIR
from briefing_gen.models import Briefing
from briefing_gen.render import Site, briefing_path, render_briefing

MARKDOWN_EXTENSIONS = ["admonition", "attr_list", "footnotes", "md_in_html", "tables", "toc"]
STYLESHEET = Path(__file__).with_name("pdf.css")

_NOTES_BLOCK = re.compile(r'\s*<div class="footnote">.*</div>\s*$', re.S)
_NOTE = re.compile(
    r'<li id="fn:(\d+)">\s*<p>(.*?)&#160;(?:<a class="footnote-backref"[^>]*>&#8617;</a>)+</p>\s*</li>', re.S
)
_CALL = re.compile(r'<sup id="fnref\d*:(\d+)"><a class="footnote-ref" href="#fn:\d+">\d+</a></sup>')
_CALLS = re.compile(rf"(?:{_CALL.pattern})+")
# Calls here refer to a note printed with the fact itself (a key point rests on
# facts set out below; a row of how the sources differ repeats the fact's own citations).
_REFERS_BACK = re.compile(
    r'<div class="admonition (?:warning|abstract)">.*?</div>|<details class="[^"]*wording-varies[^"]*">.*?</details>',
    re.S,
)
_KEY_POINTS_END = re.compile(r'(<div class="admonition abstract">.*?</div>)', re.S)
# Links that only make sense on the web (download this PDF, edit on GitHub).
_WEB_ONLY = re.compile(r'(?: · )?<a class="[^"]*\bweb-only\b[^"]*"[^>]*>.*?</a>')
_EMPTY_PARAGRAPH = re.compile(r"<p>\s*</p>\s*")
_DOCS_LINK = re.compile(r'<a href="([^":]+\.md)(#[^"]*)?">(.*?)</a>')
_ARCHIVED_COPY = re.compile(r'(?: · )?<a href="[^":]+\.md">Archived copy</a>')


@dataclass(frozen=True)
class Edition:
    """What the PDFs say about their own making, fixed for one build."""

    commit: str  # short hash, or "" outside a git checkout
    commit_date: str  # YYYY-MM-DD of that commit, or ""
    site_url: str | None  # the published site's address, from mkdocs.yml
    language: str


def briefing_document(briefing: Briefing, body: str, edition: Edition) -> str:
    """A whole HTML document for one briefing's PDF, around its ``briefing_body``."""
    return _document(briefing.title, briefing.lede, briefing.as_of, edition, body)


def combined_document(site: Site, bodies: dict[str, str], edition: Edition) -> str:
    """All briefings in one PDF (``bodies`` by briefing id), after a title page that lists them."""
    title = site.title
    latest = max(b.as_of for b in site.briefings)
    items = "".join(
        f"<li>{html.escape(b.title)} <span class='as-of'>(as of {md.human_date(b.as_of)})</span></li>"
        for b in site.briefings
    )
    cover = f"<section class='cover'><h1>{html.escape(title)}</h1><ol class='contents'>{items}</ol>{_colophon(edition, None)}</section>"
    sections = "".join(
        f"<section class='briefing'>{_prefixed_ids(bodies[b.id], b.id)}</section>" for b in site.briefings
    )
    return _document(title, "All briefings in one document.", latest, edition, cover + sections)


def briefing_body(site: Site, briefing: Briefing, edition: Edition) -> str:
    """The briefing's web Markdown as print HTML: footnotes inline, links absolute, colophon added."""
    page = briefing_path(briefing)
    converted = markdown.markdown(render_briefing(site, briefing), extensions=MARKDOWN_EXTENSIONS, output_format="html")
    body = _inline_footnotes(_EMPTY_PARAGRAPH.sub("", _WEB_ONLY.sub("", converted)))
    body = _KEY_POINTS_END.sub(lambda m: m.group(1) + _colophon(edition, page), body, count=1)
    if edition.site_url is None:
        body = _ARCHIVED_COPY.sub("", body)  # no address to give; the colophon says where to look
    return _DOCS_LINK.sub(lambda m: _site_link(edition, page, m.group(1), m.group(3)), body)


def _inline_footnotes(body: str) -> str:
    """Put each footnote's text where a fact calls it; key points and 'Sources differ' rows only refer to it."""
    block = _NOTES_BLOCK.search(body)
    notes = dict(_NOTE.findall(block.group(0))) if block else {}
    body = _NOTES_BLOCK.sub("", body)

    def inline(match: re.Match[str]) -> str:
        number = match.group(1)
        return f'<span class="fn" data-n="{number}">{notes[number]}</span>'

    def refer(match: re.Match[str]) -> str:
        numbers = _CALL.findall(match.group(0))
        return f' <span class="fn-ref">(note{"s" if len(numbers) > 1 else ""} {", ".join(numbers)})</span>'

    parts, position = [], 0
    for box in _REFERS_BACK.finditer(body):
        parts.append(_CALL.sub(inline, body[position : box.start()]))
        parts.append(_CALLS.sub(refer, box.group(0)))
        position = box.end()
    parts.append(_CALL.sub(inline, body[position:]))
    return "".join(parts)


def _site_link(edition: Edition, page: str, target: str, label: str) -> str:
    """A link between site pages becomes the published address (or plain text if unknown)."""
    path = _site_path(posixpath.normpath(posixpath.join(posixpath.dirname(page), target)))
    if edition.site_url is None:
        return f"{label} (<span class='site-path'>{html.escape(path)}</span> on the briefing site)"
    return f'<a href="{html.escape(edition.site_url + path)}">{label}</a>'


def _site_path(docs_path: str) -> str:
    """Where a docs page is published, relative to the site: ``a/index.md`` -> ``a/``, ``a/b.md`` -> ``a/b/``."""
    if docs_path == "index.md" or docs_path.endswith("/index.md"):
        return docs_path.removesuffix("index.md")
    return docs_path.removesuffix(".md") + "/"


def _colophon(edition: Edition, page: str | None) -> str:
    made = (
        f"commit <code>{edition.commit}</code> of {md.human_date(edition.commit_date)}"
        if edition.commit
        else "an uncommitted working tree"
    )
    where = "the briefing site"
    if page is not None:
        path = _site_path(page)
        where = (
            f"<a href='{html.escape(edition.site_url + path)}'>{html.escape(edition.site_url + path)}</a>"
            if edition.site_url
            else f"<span class='site-path'>{path}</span> on the briefing site"
        )
    return (
        "<section class='colophon'><p><strong>How to check this briefing.</strong> Every statement rests on facts "
        "whose quotations were checked word for word against archived copies of the reports when this PDF was "
        f"built, from {made}. Each footnote gives the report and the quoted passage; the note numbers given with "
        f"the key points are those of the facts they rest on. The same briefing, with the archived reports, is at "
        f"{where}.</p></section>"
    )


def _prefixed_ids(body: str, prefix: str) -> str:
    """Keep anchors unique when several briefings share one document."""
    body = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}--{m.group(1)}"', body)
    return re.sub(r'\bhref="#([^"]+)"', lambda m: f'href="#{prefix}--{m.group(1)}"', body)


def _document(title: str, description: str, date: str, edition: Edition, body: str) -> str:
    meta = {"description": description, "generator": "briefing_gen", "dcterms.created": date, "dcterms.modified": date}
    head = "".join(f'<meta name="{name}" content="{html.escape(value)}">' for name, value in meta.items())
    return (
        f'<!DOCTYPE html><html lang="{html.escape(edition.language)}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>{head}</head><body>{body}</body></html>"
    )


def print_pdf(document: str, assets: Path) -> bytes:
    """Render one HTML document to PDF/UA; fetch only files under ``assets``, use only the fonts there.

    ``assets`` is prepared by ``fonts.copy_fonts``: the bundled fonts and the
    fontconfig file that makes them the only fonts the renderer knows.
    """
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError

    fetcher = _guarded_fetcher(assets)
    base_url = assets.resolve().as_uri() + "/"
    try:
        with _fontconfig_file(assets / FONTCONFIG_FILE):
            fonts = FontConfiguration()  # @font-face rules only apply through a shared configuration
        _only_bundled_fonts(fonts, assets / FONTS_DIR)
        stylesheet = CSS(
            string=STYLESHEET.read_text(encoding="utf-8"), base_url=base_url, url_fetcher=fetcher, font_config=fonts
        )
        page = HTML(string=document, base_url=base_url, url_fetcher=fetcher)
        return bytes(page.write_pdf(stylesheets=[stylesheet], font_config=fonts, pdf_variant="pdf/ua-1"))
    except FatalURLFetchingError as error:
        raise BuildError(f"PDF rendering stopped: {error.__cause__ or error}") from None


@contextlib.contextmanager
def _fontconfig_file(path: Path) -> Iterator[None]:
    """Let fontconfig read ``path`` instead of the system's configuration, while a font configuration is made.

    Fontconfig reads FONTCONFIG_FILE each time a configuration is loaded; the
    variable is put back afterwards, for whatever else runs in this process.
    """
    if not path.is_file():
        raise BuildError(f"PDF rendering stopped: {path} is missing; the fonts were not put in place")
    before = os.environ.get("FONTCONFIG_FILE")
    os.environ["FONTCONFIG_FILE"] = str(path.resolve())
    try:
        yield
    finally:
        if before is None:
            del os.environ["FONTCONFIG_FILE"]
        else:
            os.environ["FONTCONFIG_FILE"] = before


def _only_bundled_fonts(fonts: Any, folder: Path) -> None:
    """Stop unless every font the renderer could fall back on is one of the bundled fonts in ``folder``.

    A fontconfig file that cannot be read makes fontconfig fall back to the
    system's font folders: that must stop the print, not change its fonts.
    """
    from weasyprint.text.ffi import ffi, fontconfig

    allowed = folder.resolve()
    found = fontconfig.FcConfigGetFonts(fonts._config, fontconfig.FcSetSystem)
    files = ffi.new("FcChar8 **")
    others = set()
    for index in range(found.nfont if found != ffi.NULL else 0):
        if fontconfig.FcPatternGetString(found.fonts[index], b"file", 0, files) == 0:  # FcResultMatch
            path = Path(os.fsdecode(ffi.string(files[0])))
            if not path.resolve().is_relative_to(allowed):
                others.add(str(path))
    if others:
        raise BuildError(
            f"PDF rendering stopped: the renderer would use fonts other than the bundled ones: {', '.join(sorted(others))}"
        )


def _guarded_fetcher(assets: Path) -> Any:
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    allowed = assets.resolve()

    class GuardedFetcher(URLFetcher):  # type: ignore[misc]
        """Reads files under the build's asset folder; refuses everything else."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith("file://") or not _inside(url, allowed):
                raise FatalURLFetchingError(f"refused to fetch {url}: PDFs may only use files in {allowed}")
            return super().fetch(url, headers)

    return GuardedFetcher(fail_on_errors=True, allowed_protocols={"file"})


def _inside(url: str, folder: Path) -> bool:
    from urllib.parse import unquote, urlparse

    return Path(unquote(urlparse(url).path)).resolve().is_relative_to(folder)
