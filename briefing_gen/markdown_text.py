"""Putting contributor text into Markdown so it reads exactly as written.

Claims, quotes and titles are text, never markup: characters that Markdown,
its extensions or HTML would act on are escaped, and runs of whitespace become
one space so no line of a contributor's can start a block of its own.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import quote

# Characters Python-Markdown (with footnotes, attr_list and tables) acts on inline.
_INLINE = str.maketrans({char: "\\" + char for char in "\\`*_[]{}|"})
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
    escaped = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").translate(_INLINE)
    if escaped[:1] in ("#", "+", "-"):  # opening a line, these start a heading or a list
        return "\\" + escaped
    return _LIST_NUMBER.sub(r"\1\\\2", escaped) if escaped[:1].isdigit() else escaped


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
