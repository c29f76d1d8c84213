"""Putting contributor text into Markdown so it reads exactly as written.

Claims, quotes and titles are text, never markup: characters that Markdown,
its extensions or HTML would act on are escaped, and runs of whitespace become
one space so no line of a contributor's can start a block of its own.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import markdown
from selectolax.lexbor import LexborHTMLParser

# Characters Python-Markdown (with footnotes, attr_list and tables) acts on inline; '#' because a heading
# drops a closing run of them ("Learning C#" would read "Learning C").
_INLINE = str.maketrans({char: "\\" + char for char in "\\`*_[]{}|#"})
_ACTIVE = re.compile(r"[\\`*_\[\]{}|#]")
# Where Python-Markdown's footnotes extension puts the notes: any text containing it (notes.NOTES_PLACE).
_NOTES_PLACE = "///Footnotes Go Here///"
# A number with a dot or bracket opening a line would start a numbered list.
_LIST_NUMBER = re.compile(r"^(\d+)([.)])(?=\s|$)")
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@functools.lru_cache(maxsize=65536)  # the same titles and publishers recur in every footnote
def text(value: str) -> str:
    """Contributor text as inert inline Markdown."""
    flat = " ".join(value.split())  # the same as collapsing \s+ and stripping, and faster
    return line_start(_escaped(flat))


def _escaped(flat: str) -> str:
    escaped = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if _ACTIVE.search(escaped):  # most text has none of these; translate() looks at every character
        escaped = escaped.translate(_INLINE)
    if _NOTES_PLACE in escaped:  # the notes would move there; "&#47;" shows as "/" but is not the marker
        escaped = escaped.replace(_NOTES_PLACE, "&#47;" + _NOTES_PLACE[1:])
    return escaped


def line_start(escaped: str) -> str:
    """Escaped text that opens a line: what would start a list, a box or a fenced code block there is escaped too."""
    if escaped[:1] in ("+", "-", "!"):  # opening a line, these start a list or a box ("!!!")
        return "\\" + escaped
    if escaped[:1] == "~":  # "~~~" opens a code block (MkDocs always has fenced_code); "\~" is no escape
        return "&#126;" + escaped[1:]
    return _LIST_NUMBER.sub(r"\1\\\2", escaped) if escaped[:1].isdigit() else escaped


_DOUBLE_QUOTES = '"“”'
_BEFORE_AN_OPENING_MARK = " ([{\u2014\u2013-/"  # a space, a bracket, a dash or a slash


def quoted(value: str) -> str:
    """Words quoted from a report, in quotation marks, as inert Markdown.

    Double quotation marks inside the words become single ones, as a quotation
    within a quotation is set, so a quote that opens with the report's own
    quotation mark does not read “"like this"”.
    """
    flat = " ".join(value.split())
    marks = _quotation_marks(flat)
    if marks:  # most quotes have none: no need to take them apart
        nested = list(flat)
        for count, i in enumerate(marks):
            nested[i] = "\u2018" if _opens(flat, i, count) else "\u2019"  # single quotation marks
        flat = "".join(nested)
    return f"“{_escaped(flat)}”"  # after “, nothing in it opens a line


def _quotation_marks(words: str) -> list[int]:
    """Where the double quotation marks are, less one that stands for inches when the marks do not pair up
    ('a 55" television', '6\'2"'): a figure must read as the source writes it."""
    if '"' not in words and "“" not in words and "”" not in words:
        return []  # most quotes: nothing to look at character by character
    marks = [i for i, char in enumerate(words) if char in _DOUBLE_QUOTES]
    inches = [i for i in marks if i and words[i - 1].isdigit() and words[i] == '"']
    if len(marks) % 2 and inches:
        marks.remove(inches[-1])
    return marks


def _opens(words: str, i: int, count: int) -> bool:
    """Whether the quotation mark at ``i`` opens a quotation: by what stands beside it, else by alternation."""
    before = words[i - 1] if i else " "
    after = words[i + 1] if i + 1 < len(words) else " "
    if before in _BEFORE_AN_OPENING_MARK and not after.isspace():
        return True
    if not before.isspace() and (after.isspace() or not after.isalnum()):
        return False
    return count % 2 == 0


def inline(value: str) -> str:
    """Contributor text as inert Markdown inside a line: escaped as ``text`` does, its edge spaces kept.

    For pieces of one line set between inline tags; ``line_start`` then escapes
    the start of the whole line.
    """
    core = " ".join(value.split())
    lead = " " if value[:1].isspace() else ""
    trail = " " if core and value[-1:].isspace() else ""
    return _escaped(lead + core + trail)


def url(address: str) -> str:
    """An http(s) address made safe inside ``[label](...)``."""
    return quote(address, safe=":/?#@!$&'*+,;=%~[]")


def text_fragment(passage: str) -> str:
    """A ``#:~:text=`` fragment that makes a browser scroll to the passage."""
    words = passage.split()
    if len(words) <= 8:
        return ":~:text=" + _fragment_part(" ".join(words))
    return ":~:text=" + _fragment_part(" ".join(words[:4])) + "," + _fragment_part(" ".join(words[-4:]))


def _fragment_part(value: str) -> str:
    # '-', ',' and '&' have meanings of their own inside a text fragment.
    return quote(value, safe="").replace("-", "%2D")


def human_date(value: str) -> str:
    """``2024-09-02`` -> ``2 September 2024``; ``2024-09`` -> ``September 2024``."""
    parts = value.split("-")
    if len(parts) == 1:
        return value
    month = _MONTHS[int(parts[1]) - 1]
    return f"{int(parts[2])} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"


# In a title, '&' is escaped only where a browser would read a character reference.
_AMPERSAND = re.compile(r"&(?=[A-Za-z0-9#])")


def front_matter(title: str, description: str | None = None, data: Mapping[str, Any] | None = None) -> str:
    """The page's title (and description, and data for the page's head) as YAML front matter.

    The theme writes a page's title into the head (``<title>``), the header and
    the navigation, and its description into a ``<meta>`` attribute. Given in
    front matter they are written as they stand, so they are escaped here once
    for all of them; taken from the first heading, the theme would un-escape
    the title for ``<title>``, where ``</title><script>`` would run. ``data``
    (schema.org JSON-LD) is not escaped: the template writes it through a JSON
    encoder that escapes '<', '>' and '&'.
    """
    lines = [f"title: {json.dumps(_attribute_text(title), ensure_ascii=False)}"]
    if description is not None:
        lines.append(f"description: {json.dumps(_attribute_text(description), ensure_ascii=False)}")
    lines += [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in (data or {}).items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def _attribute_text(value: str) -> str:
    """Text escaped for HTML, as the theme writes it unescaped into elements and attributes."""
    flat = " ".join(value.split())
    escaped = _AMPERSAND.sub("&amp;", flat)
    return escaped.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#39;")


def heading_text(markdown_page: str) -> str:
    """The text a reader sees in a page's first ``# heading`` ("" if it has none)."""
    line = next((line for line in markdown_page.splitlines() if line.startswith("# ")), "")
    if not line:
        return ""
    html = markdown.markdown(line)
    node = LexborHTMLParser(html).body
    return " ".join((node.text() if node is not None else "").split())


def code_span(value: str) -> str:
    """A file name inside a Markdown code span: printable, and no backtick to close it early."""
    return "".join(c if c.isprintable() and c != "`" else "?" for c in value)
