"""Where a docs file is published: its path on the site and, where the site's address is known, its address."""

from __future__ import annotations


def published_path(docs_path: str, fragment: str = "") -> str:
    """``a/b.md`` -> ``a/b/``, ``a/index.md`` -> ``a/``, ``index.md`` -> ``""``; other files keep their path.
    With ``fragment``, ``#fragment`` follows."""
    return _page_path(docs_path) + (f"#{fragment}" if fragment else "")


def _page_path(docs_path: str) -> str:
    if docs_path == "index.md" or docs_path.endswith("/index.md"):
        return docs_path.removesuffix("index.md")
    if docs_path.endswith(".md"):
        return docs_path.removesuffix(".md") + "/"
    return docs_path


def absolute(site_url: str | None, docs_path: str, fragment: str = "") -> str | None:
    """The published address of a docs file (with ``#fragment``), or None where the site's address is unknown."""
    if site_url is None:
        return None
    return site_url + published_path(docs_path, fragment)
