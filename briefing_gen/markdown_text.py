"""Putting contributor text into Markdown so it reads exactly as written.

Claims, quotes and titles are text, never markup: characters that Markdown,
its extensions or HTML would act on are escaped, and runs of whitespace become
one space so no line of a contributor's can start a block of its own.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import quote

_SPACE = re.compile(r"\s+")
# Characters Python-Markdown (with footnotes, attr_list and tables) acts on inline.
_INLINE = re.compile(r"([\\`*_\[\]{}|])")
# Characters that start a block (heading, list) when they open a line.
_LINE_START = re.compile(r"^([#+-])")
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
    flat = _SPACE.sub(" ", value).strip()
    escaped = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = _INLINE.sub(r"\\\1", escaped)
    escaped = _LINE_START.sub(r"\\\1", escaped)
    return _LIST_NUMBER.sub(r"\1\\\2", escaped)


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
