"""Printing stage: every briefing's PDF, and one of them all, in parallel.

Gathers what the PDFs need from outside the corpus (the commit, the site's
address and language, the font files) and prints each document in its own
process, since WeasyPrint spends its time in pure-Python layout. The fonts are
put in place (and checked) before every print: see ``fonts``.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from briefing_gen import git
from briefing_gen.config import site_config
from briefing_gen.fonts import copy_fonts
from briefing_gen.parallel import end_with
from briefing_gen.pdf import STYLESHEET, Edition, briefing_body, briefing_document, combined_document, print_pdf
from briefing_gen.site import COMBINED_PDF, Site, pdf_path
from briefing_gen.write import write_atomically


def print_all(
    site: Site, root: Path, assets: Path, workers: int | None = None, combined: bool = True
) -> dict[str, bytes]:
    """``{"pdf/<id>.pdf": bytes}`` for each briefing and (unless asked not to) for the combined PDF."""
    fonts = copy_fonts(assets)
    edition = edition_of(root, site.settings.site_url)
    bodies = {b.id: briefing_body(site, b, edition) for b in site.briefings}  # once, for both kinds of PDF
    documents = {pdf_path(b.id): briefing_document(b, bodies[b.id], edition) for b in site.briefings}
    if combined:
        documents[pdf_path(COMBINED_PDF)] = combined_document(site, bodies, edition)
    return _print_changed(documents, assets, workers, fonts)


# The code that turns a document into PDF bytes (the HTML itself is keyed as it is).
PRINTERS = (Path(__file__).with_name("pdf.py"), Path(__file__).with_name("pdf_tags.py"))


def _print_changed(documents: dict[str, str], assets: Path, workers: int | None, fonts: str) -> dict[str, bytes]:
    """Print only documents whose HTML (or the stylesheet, or the fonts) changed since a PDF was last printed.

    PDFs are kept by the hash of what they were printed from, so an edit to one
    fact reprints only the briefings that show it, and the combined PDF. The
    code that prints and finishes them is part of the key: a PDF printed by an
    earlier version of it is not reused.
    ``fonts`` is the fonts' digest: a PDF printed with other fonts is not reused.
    """
    cache = assets.parent / "pdf-cache"
    cache.mkdir(parents=True, exist_ok=True)
    style = fonts.encode("ascii") + STYLESHEET.read_bytes() + b"".join(path.read_bytes() for path in PRINTERS)
    keys = {name: hashlib.sha256(style + document.encode("utf-8")).hexdigest() for name, document in documents.items()}
    missing = [name for name in documents if not (cache / f"{keys[name]}.pdf").is_file()]
    for name, pdf in zip(missing, _print_each([documents[n] for n in missing], assets, workers), strict=True):
        write_atomically(cache / f"{keys[name]}.pdf", pdf)
    for stale in set(cache.glob("*.pdf")) - {cache / f"{key}.pdf" for key in keys.values()}:
        stale.unlink()
    return {name: (cache / f"{keys[name]}.pdf").read_bytes() for name in documents}


def _print_each(documents: list[str], assets: Path, workers: int | None) -> list[bytes]:
    workers = workers or min(len(documents), os.cpu_count() or 1)
    if workers <= 1:
        return [print_pdf(document, assets) for document in documents]
    # A printer ends when the build that started it ends, however it ends: else a build killed outright leaves
    # its printers waiting for work forever.
    with ProcessPoolExecutor(max_workers=workers, initializer=end_with, initargs=(os.getpid(),)) as pool:
        return list(pool.map(print_pdf, documents, [assets] * len(documents)))


def edition_of(root: Path, site_url: str | None = None) -> Edition:
    """The commit the PDFs are built from and the site's address (as the build resolved it) and language."""
    config = site_config(root)
    theme = config.get("theme") or {}
    language = theme.get("language", "en") if isinstance(theme, dict) else "en"
    # Only a checkout of its own: a copy inside another repository is not built from that commit.
    found = git.checkout(root)
    commit = git.output(root, "rev-parse", "--short", found.head) if found.access is git.Access.READ else ""
    address = site_url.rstrip("/") + "/" if site_url else None
    return Edition(commit, found.date if commit else "", address, str(language), found.access)
