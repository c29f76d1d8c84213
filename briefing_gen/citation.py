"""How to cite a briefing: one citation as text, BibTeX and CSL-JSON, each with the edition's permanent address.

The permanent address of an edition is the briefing's page with the edition's
anchor (``…/briefings/<id>/#edition-3``): the page keeps an entry
for every edition, newest first, with its date, what it changed and a link to
its files at that commit, so the address always leads to what that edition
was and to what has changed since. Plain data in, strings out: the PDF's
colophon prints ``text``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from briefing_gen import markdown_text as md
from briefing_gen.address import absolute, published_path
from briefing_gen.config import Settings
from briefing_gen.models import Briefing
from briefing_gen.updates import EditionMark, edition_anchor

CITE_HEADING = "Cite this briefing"
CITE_ANCHOR = "cite-this-briefing"


@dataclass(frozen=True)
class Cite:
    """What a citation of one edition of a briefing says."""

    key: str  # a citation key: letters, digits and hyphens
    title: str
    publisher: str  # the site's name
    edition: int | None  # None where the history is unavailable
    date: str  # YYYY-MM-DD of the edition, or ""
    as_of: str  # the briefing's as-of date (YYYY, YYYY-MM or YYYY-MM-DD)
    address: str | None  # the edition's permanent address; None where the site's address is unknown
    path: str  # where it is on the site: its address relative to the site's root
    language: str


def cite_for(settings: Settings, briefing: Briefing, mark: EditionMark, docs_path: str) -> Cite:
    """The citation of the edition a page shows; a page built with changes not yet committed is no edition, so it
    is cited by its as-of date, as a page built without history is."""
    edition = mark.number if not mark.uncommitted else None
    fragment = edition_anchor(edition) if edition is not None else ""
    key = f"{briefing.id}-edition-{edition}" if edition is not None else briefing.id
    return Cite(
        key=key,
        title=" ".join(briefing.title.split()),
        publisher=" ".join(settings.site_name.split()),
        edition=edition,
        date=mark.iso_date if edition is not None else "",
        as_of=briefing.as_of,
        address=absolute(settings.site_url, docs_path, fragment),
        path=published_path(docs_path, fragment),
        language=settings.language,
    )


def text(cite: Cite) -> str:
    """The citation as a sentence: 'Site, “Title”, briefing, edition 3, 25 November 2026, address.'"""
    when = (
        f"edition {cite.edition}, {md.human_date(cite.date)}"
        if cite.edition is not None
        else f"as of {md.human_date(cite.as_of)}"
    )
    where = cite.address or f"{cite.path} on the {cite.publisher} site"
    return f"{cite.publisher}, “{cite.title}”, briefing, {when}, {where}."


_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
}
_BIBTEX_ESCAPE = str.maketrans(_BIBTEX_SPECIAL)


def _bibtex_value(value: str) -> str:
    return "{" + value.translate(_BIBTEX_ESCAPE) + "}"


def bibtex(cite: Cite) -> str:
    """A biblatex ``@report`` entry (the publisher is also the author: the site is a body, in double braces)."""
    fields = [
        ("author", "{" + _bibtex_value(cite.publisher) + "}"),
        ("title", _bibtex_value(cite.title)),
        ("type", "{Briefing}"),
        ("institution", _bibtex_value(cite.publisher)),
    ]
    if cite.edition is not None:
        fields += [("version", f"{{{cite.edition}}}"), ("date", f"{{{cite.date}}}")]
    else:
        fields += [("note", _bibtex_value(f"As of {md.human_date(cite.as_of)}"))]
    fields += [("url", _url_value(cite.address))] if cite.address else []
    langid = _LANGID.get(cite.language.split("-")[0].lower())
    fields += [("langid", _bibtex_value(langid))] if langid else []
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@report{{{_key(cite.key)},\n{body}\n}}"


# biblatex's langid names a babel or polyglossia language, not a language tag; others are left out.
_LANGID = {
    "de": "ngerman",
    "en": "english",
    "es": "spanish",
    "fr": "french",
    "it": "italian",
    "ja": "japanese",
    "nl": "dutch",
    "pl": "polish",
    "pt": "portuguese",
    "ru": "russian",
    "sv": "swedish",
}


def _url_value(address: str) -> str:
    """An address for biblatex's url field, which takes it verbatim but for braces, backslashes and spaces
    (percent-encoded; a '%' already there is the address's own encoding and stays)."""
    return "{" + re.sub(r"[{}\\\s]", lambda m: f"%{ord(m.group(0)):02X}", address) + "}"


def _key(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9-]", "-", key)


def csl_json(cite: Cite) -> dict[str, Any]:
    """A CSL-JSON item (the format Zotero, Pandoc and citeproc read)."""
    item: dict[str, Any] = {
        "id": _key(cite.key),
        "type": "report",
        "genre": "Briefing",
        "title": cite.title,
        "author": [{"literal": cite.publisher}],
        "publisher": cite.publisher,
        "language": cite.language,
    }
    if cite.address:
        item["URL"] = cite.address
    if cite.edition is not None:
        year, month, day = (int(part) for part in cite.date.split("-"))
        item |= {"edition": str(cite.edition), "issued": {"date-parts": [[year, month, day]]}}
    else:
        item["note"] = f"As of {md.human_date(cite.as_of)}"
    return item


def safe_json(value: Any) -> str:
    """JSON with no '<', '>' or '&' (each written as a \\u escape): inert inside HTML, even unescaped."""
    dumped = json.dumps(value, ensure_ascii=False)
    return dumped.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def cite_lines(cite: Cite) -> list[str]:
    """The "Cite this briefing" section: the citation as text, then as BibTeX and CSL-JSON in code blocks."""
    return [
        f"## {CITE_HEADING}",
        "",
        md.text(text(cite)),
        "{: .cite-text }",
        "",
        "**BibTeX**",
        "",
        *_code(bibtex(cite)),
        "**CSL-JSON**",
        "",
        *_code("[\n  " + safe_json(csl_json(cite)) + "\n]"),
    ]


def _code(block: str) -> list[str]:
    """An indented code block (plain Markdown): shown as written, never read as markup."""
    return [*("    " + line for line in block.splitlines()), ""]
