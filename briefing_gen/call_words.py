"""A Python-Markdown extension that keeps note calls on the line of the word they follow.

A note call is a small box (a 24 px tap target on the web), and a browser may
break a line before a box, so on a phone a call could start a line alone, away
from the words it backs. The word before a run of calls and the run's first call
go into one ``span.with-calls`` that the stylesheet keeps unbroken. The Markdown on
disk is unchanged: this runs where the site engine converts it
(``markdown_extensions`` in mkdocs.yml). The PDF groups its calls the same way
(``print_html``), with the same ``take_last_word``.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Iterator

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

GROUP_CLASS = "with-calls"


def is_call(element: etree.Element) -> bool:
    """A note call as Python-Markdown's footnotes write it: ``<sup><a class="footnote-ref">``."""
    return element.tag == "sup" and any("footnote-ref" in str(a.get("class", "")).split() for a in element)


def take_last_word(parent: etree.Element, before: etree.Element) -> str:
    """Cut the last word of the text just before ``before`` and return it (it moves into the call's group)."""
    index = list(parent).index(before)
    holder = parent[index - 1] if index else None
    text = (holder.tail if holder is not None else parent.text) or ""
    cut = len(text) - len(text.split()[-1]) if text and not text[-1].isspace() else len(text)
    if holder is not None:
        holder.tail = text[:cut]
    else:
        parent.text = text[:cut]
    return text[cut:]


def _first_calls(parent: etree.Element) -> Iterator[etree.Element]:
    """Each call among ``parent``'s children that follows text, not another call (the first of a run)."""
    before: etree.Element | None = None
    for child in list(parent):
        after_call = before is not None and is_call(before) and not (before.tail or "").strip()
        if is_call(child) and not after_call:
            yield child
        before = child


def _group(parent: etree.Element, call: etree.Element) -> None:
    """The word before ``call`` and the call in one group; the calls after it may wrap between them, so a long
    run never runs off a narrow screen."""
    word = take_last_word(parent, call)
    if not word:  # the call follows markup, not a word of plain text: nothing to keep it with
        return
    group = etree.Element("span", {"class": GROUP_CLASS})
    group.text = word
    index = list(parent).index(call)
    parent.remove(call)
    group.append(call)
    group.tail, call.tail = call.tail, None
    parent.insert(index, group)


class _GroupCalls(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for call in list(_first_calls(parent)):
                _group(parent, call)


class CallWordsExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After the footnotes' passes (50, 15) and inline processing (20), which make the calls.
        md.treeprocessors.register(_GroupCalls(md), "call-words", 3)


def makeExtension(**kwargs: object) -> CallWordsExtension:
    return CallWordsExtension(**kwargs)
