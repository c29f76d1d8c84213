"""A Python-Markdown extension that keeps note calls and back links out of the search index.

The theme's search indexes a page's text, superscripts included, so a note
call reads as part of the word before it in a result ("differently.318").
Elements with ``data-search-exclude`` are left out of the index (the theme's
search plugin reads that attribute; other engines ignore it), so note calls
and the notes' back links get it. The Markdown on disk is unchanged: this
runs where the site engine converts it (``markdown_extensions`` in mkdocs.yml).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from briefing_gen.call_words import is_call

EXCLUDE = "data-search-exclude"


class _QuietCalls(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if is_call(element) or "footnote-backref" in str(element.get("class", "")).split():
                element.set(EXCLUDE, "")


class SearchMarkupExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After the footnotes' passes (50, 15) and inline processing (20), which make the calls and back links.
        md.treeprocessors.register(_QuietCalls(md), "quiet-note-calls", 4)


def makeExtension(**kwargs: object) -> SearchMarkupExtension:
    return SearchMarkupExtension(**kwargs)
