"""Printable briefings: the site's own Markdown, printed by WeasyPrint.

Each PDF starts from exactly the Markdown the site publishes (``render``), so
facts, order and note numbers are the web page's; ``print_html`` reworks its
document tree for paper (notes at the foot of the page where they are first
called, links as addresses). Building the HTML does no I/O; ``print_pdf`` is
the one call that renders, its URL fetcher reads nothing outside the build
folder, and its fonts are the bundled ones alone (``fonts``), never the
machine's. ``pdf_tags`` then marks the running heads and page numbers as
pagination, not content, and lets links print.
"""

from __future__ import annotations

import contextlib
import html
import os
import tempfile
import xml.etree.ElementTree as etree
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing_gen import citation
from briefing_gen import markdown_text as md
from briefing_gen.errors import BuildError
from briefing_gen.fonts import FONTCONFIG_FILE, FONTS_DIR
from briefing_gen.git import REASONS, Access
from briefing_gen.models import Briefing
from briefing_gen.pdf_tags import finish_tags
from briefing_gen.print_html import PrintContext, print_body, site_path
from briefing_gen.render import render_briefing
from briefing_gen.site import Site, briefing_path
from briefing_gen.updates import EditionMark

STYLESHEET = Path(__file__).with_name("pdf.css")


@dataclass(frozen=True)
class Edition:
    """What the PDFs say about their own making, fixed for one build."""

    commit: str  # short hash, or "" where none is known
    commit_date: str  # YYYY-MM-DD of that commit, or ""
    site_url: str | None  # the published site's address, from mkdocs.yml
    language: str
    access: Access = Access.READ  # what git could tell of the project folder: where no commit is known, why


def briefing_document(briefing: Briefing, body: str, edition: Edition) -> str:
    """A whole HTML document for one briefing's PDF, around its ``briefing_body``."""
    return _document(briefing.title, briefing.lede, edition, body)


def combined_document(site: Site, bodies: dict[str, str], edition: Edition) -> str:
    """All briefings in one PDF (``bodies`` by briefing id), after a title page listing them with their pages."""
    items = "".join(
        # One run of text in each link: PDF/UA wants each link annotation inside its Link element, and
        # WeasyPrint makes a child element of a link an annotation of its own, outside it.
        f"<li><a href='#{_section_id(b)}'>{html.escape(b.title)} (as of {md.human_date(b.as_of)})</a></li>"
        for b in site.briefings
    )
    cover = (
        f"<section class='cover'><h1>{html.escape(site.title)}</h1><ol class='contents'>{items}</ol>"
        f"{_colophon_html(edition, None)}</section>"
    )
    sections = "".join(
        f"<section class='briefing' id='{_section_id(b)}'>{bodies[b.id]}</section>" for b in site.briefings
    )
    return _document(site.title, "All briefings in one document.", edition, cover + sections)


def _section_id(briefing: Briefing) -> str:
    return f"briefing-{briefing.id}"


def briefing_body(site: Site, briefing: Briefing, edition: Edition) -> str:
    """The briefing's web Markdown as print HTML: notes at the foot of the page, links absolute, colophon added.

    Its ids start with the briefing's, so the body serves the combined PDF as it is.
    """
    page = briefing_path(briefing)
    mark = site.edition(briefing)
    cite = citation.text(citation.cite_for(site.settings, briefing, mark, page))
    colophon = etree.fromstring(_colophon_html(edition, page, _edition_html(mark, cite)))
    context = PrintContext(page, edition.site_url, colophon, briefing.id)
    return print_body(render_briefing(site, briefing), context)


def _edition_html(mark: EditionMark, cite: str) -> str:
    """The edition and its date, and how to cite it: what the web page says under its title and at its end."""
    date = f", {mark.date}" if mark.date else ""
    changes = ", with changes not yet committed" if mark.uncommitted and mark.number is not None else ""
    return (
        f"<p class='edition'><strong>{html.escape(mark.label)}</strong>{html.escape(date + changes)}.</p>"
        f"<p class='cite-as'><strong>Cite as.</strong> {html.escape(cite)}</p>"
    )


def _colophon_html(edition: Edition, page: str | None, about: str = "") -> str:
    """The colophon, as well-formed markup (it is parsed into the document tree); ``about``: the edition's."""
    made = _made_from(edition)
    where = "the briefing site"
    if page is not None:
        path = html.escape(site_path(page))
        where = (
            f"<a href='{html.escape(edition.site_url)}{path}'>{html.escape(edition.site_url)}{path}</a>"
            if edition.site_url
            else f"<span class='site-path'>{path}</span> on the briefing site"
        )
    return (
        "<section class='colophon'><p><strong>How to check this briefing.</strong> Every statement rests on facts "
        "whose quotations were checked word for word against archived copies of the reports when this PDF was "
        f"built, from {made}. Each note gives the report and the quoted passage; the note numbers given with "
        f"the key points are those of the facts they rest on. The same briefing, with the archived reports, is at "
        f"{where}.</p>{about}</section>"
    )


def _made_from(edition: Edition) -> str:
    """What the PDF was built from, as markup: its commit, or why none is known (never a guess)."""
    if edition.commit:
        return f"commit <code>{html.escape(edition.commit)}</code> of {md.human_date(edition.commit_date)}"
    if edition.access is Access.NO_COMMITS:
        return "an uncommitted working tree"
    return f"a copy whose commit is unknown ({html.escape(REASONS.get(edition.access, REASONS[Access.FAILED]))})"


def _document(title: str, description: str, edition: Edition, body: str) -> str:
    """The PDF is dated by the commit it was printed from; built from no commit, it carries no date (an as-of
    date is when the reports were current, not when the document was made)."""
    meta = {"description": description, "generator": "briefing_gen"}
    if edition.commit_date:
        meta |= {"dcterms.created": edition.commit_date, "dcterms.modified": edition.commit_date}
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
    from weasyprint.urls import FatalURLFetchingError

    fetcher = _guarded_fetcher(assets)
    base_url = assets.resolve().as_uri() + "/"
    try:
        with _scratch_folder():
            return _render(document, assets, base_url, fetcher)
    except FatalURLFetchingError as error:
        raise BuildError(f"PDF rendering stopped: {error.__cause__ or error}") from None


def _render(document: str, assets: Path, base_url: str, fetcher: Any) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    with _fontconfig_file(assets / FONTCONFIG_FILE):
        fonts = FontConfiguration()  # @font-face rules only apply through a shared configuration
    _only_bundled_fonts(fonts, assets / FONTS_DIR)
    stylesheet = CSS(
        string=STYLESHEET.read_text(encoding="utf-8"), base_url=base_url, url_fetcher=fetcher, font_config=fonts
    )
    page = HTML(string=document, base_url=base_url, url_fetcher=fetcher)
    pdf = page.write_pdf(stylesheets=[stylesheet], font_config=fonts, pdf_variant="pdf/ua-1", finisher=finish_tags)
    return bytes(pdf)


@contextlib.contextmanager
def _scratch_folder() -> Iterator[None]:
    """Give the renderer a temporary folder of its own, and remove it, whatever it left there.

    WeasyPrint copies each @font-face font into a folder it makes with
    ``tempfile`` and removes it only when its font configuration is garbage
    collected, which a printer process that ends never does: every build left
    14 MB of fonts behind in the system's temporary folder.
    """
    before = tempfile.tempdir
    with tempfile.TemporaryDirectory(prefix="briefing-gen-print-") as scratch:
        tempfile.tempdir = scratch
        try:
            yield
        finally:
            tempfile.tempdir = before


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
