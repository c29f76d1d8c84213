"""A briefing's web Markdown as print HTML, transformed as a document tree.

The PDF starts from exactly the Markdown the site publishes. Python-Markdown
parses it; ``PrintTreeprocessor`` then reworks the tree for paper, keyed on
the classes and ids the pages carry (never on wording):

- each note moves to the first place the body calls it, as a CSS
  ``float: footnote`` that WeasyPrint sets at the foot of that page, so the
  notes at the foot of a page come in ascending order and each once; a later
  call of the same note, and the calls in key points and in boxes about how
  the sources differ, refer to it by number instead;
- a call stays on the line of the word before it;
- what only works on the web (download and edit links, the Notes heading)
  goes; links between pages become the published address, or plain text
  where the site's address is unknown;
- the colophon follows the key points.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import markdown
from markdown.extensions import Extension
from markdown.extensions.footnotes import NBSP_PLACEHOLDER
from markdown.treeprocessors import Treeprocessor

from briefing_gen.call_words import GROUP_CLASS, is_call, take_last_word

MARKDOWN_EXTENSIONS = ["admonition", "attr_list", "footnotes", "md_in_html", "tables", "toc"]
# Boxes whose calls refer to notes printed with the facts: key points sum up the
# facts set out below; a row of how the sources differ repeats its fact's citations.
REFERS_BACK = ("key-points", "warning", "wording-varies")
WEB_ONLY = "web-only"
NOTES_HEADING_ID = "notes"


@dataclass(frozen=True)
class PrintContext:
    """What the tree needs to know of where the page lives, and what to add to it."""

    page: str  # the docs path of the page, e.g. briefings/runway-closures.md
    site_url: str | None  # the published site's address, ending in '/', if known
    colophon: etree.Element | None = None  # set after the key points
    id_prefix: str = ""  # keeps ids apart when several briefings share one document


def print_body(page_markdown: str, context: PrintContext) -> str:
    """The Markdown of one page as the HTML of its printed body."""
    converter = markdown.Markdown(extensions=[*MARKDOWN_EXTENSIONS, _PrintExtension(context)], output_format="html")
    return converter.convert(page_markdown)


class _PrintExtension(Extension):
    def __init__(self, context: PrintContext) -> None:
        super().__init__()
        self.context = context

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After the footnotes' passes (50, 15), inline processing (20), attributes (8) and heading ids (toc, 5);
        # before backslash escapes are undone (0).
        md.treeprocessors.register(PrintTreeprocessor(md, self.context), "print", 4)


class PrintTreeprocessor(Treeprocessor):
    def __init__(self, md: markdown.Markdown, context: PrintContext) -> None:
        super().__init__(md)
        self.context = context

    def run(self, root: etree.Element) -> None:
        notes = _take_notes(root)
        parents = _parents(root)
        _drop(root, parents, lambda el: WEB_ONLY in _classes(el) or el.get("id") == NOTES_HEADING_ID)
        _place_notes(root, notes)
        _links_for_paper(root, self.context)
        if self.context.colophon is not None:
            _after_key_points(root, self.context.colophon)
        if self.context.id_prefix:
            _prefix_ids(root, self.context.id_prefix)


# --- Notes ----------------------------------------------------------------------------------------------------------


def _take_notes(root: etree.Element) -> dict[str, etree.Element]:
    """Remove the notes list from the tree; return each note's paragraph by number, without its back links."""
    notes: dict[str, etree.Element] = {}
    for block in [el for el in root.iter("div") if "footnote" in _classes(el)]:
        for item in block.iter("li"):
            paragraph = item.find("p")
            if paragraph is not None:
                _remove_back_links(paragraph)
                notes[str(item.get("id", "")).removeprefix("fn:")] = paragraph
        _parents(root)[block].remove(block)
    return notes


def _remove_back_links(paragraph: etree.Element) -> None:
    for link in [a for a in paragraph if "footnote-backref" in _classes(a)]:
        paragraph.remove(link)
    last = paragraph[-1] if len(paragraph) else None
    if last is not None:
        last.tail = (last.tail or "").replace(NBSP_PLACEHOLDER, "").rstrip()
    paragraph.text = (paragraph.text or "").replace(NBSP_PLACEHOLDER, "").rstrip() if last is None else paragraph.text


@dataclass
class _Calls:
    """One run of adjacent calls in the text, and whether it only refers back."""

    parent: etree.Element
    sups: list[etree.Element] = field(default_factory=list)
    refers_back: bool = False


def _place_notes(root: etree.Element, notes: dict[str, etree.Element]) -> None:
    placed: set[str] = set()
    for run in list(_call_runs(root)):
        numbers = [_number(sup) for sup in run.sups]
        if run.refers_back:
            replacement = [_reference(numbers)]
        else:
            replacement = [_note_or_again(number, notes, placed) for number in numbers]
        _replace_run(run, replacement)


def _call_runs(root: etree.Element, refers_back: bool = False) -> Iterator[_Calls]:
    """Runs of adjacent note calls, in document order."""
    current: _Calls | None = None
    for child in list(root):
        if is_call(child):
            if current is None:
                current = _Calls(root, refers_back=refers_back)
            current.sups.append(child)
            if (child.tail or "").strip():
                yield current
                current = None
            continue
        if current is not None:
            yield current
            current = None
        yield from _call_runs(child, refers_back or bool(set(REFERS_BACK) & set(_classes(child))))
    if current is not None:
        yield current


def _number(sup: etree.Element) -> str:
    link = next(a for a in sup if "footnote-ref" in _classes(a))
    return str(link.get("href", "")).removeprefix("#fn:")


def _note_or_again(number: str, notes: dict[str, etree.Element], placed: set[str]) -> etree.Element:
    """The note itself, floated to the foot of the page, where it is first called; a reference to it after."""
    if number in placed:
        again = etree.Element("a", {"class": "fn-again", "href": f"#note-{number}"})
        again.text = number
        return again
    placed.add(number)
    note = etree.Element("span", {"class": "fn", "data-n": number, "id": f"note-{number}"})
    paragraph = notes[number]
    note.text = paragraph.text
    note.extend(list(paragraph))
    return note


def _reference(numbers: list[str]) -> etree.Element:
    reference = etree.Element("span", {"class": "fn-ref"})
    reference.text = f"(note{'s' if len(numbers) > 1 else ''} {', '.join(numbers)})"
    return reference


def _replace_run(run: _Calls, replacement: list[etree.Element]) -> None:
    """Put the replacement where the calls were, in one unbreakable group with the word before them."""
    parent, first, last = run.parent, run.sups[0], run.sups[-1]
    group = etree.Element("span", {"class": GROUP_CLASS})
    group.text = take_last_word(parent, first)
    group.extend(replacement)
    group.tail = last.tail
    if replacement and replacement[0].get("class") == "fn-ref":
        group.text = (group.text or "") + " "
    index = list(parent).index(first)
    for sup in run.sups:
        parent.remove(sup)
    parent.insert(index, group)


# --- Links and what only the web needs ------------------------------------------------------------------------------


def _links_for_paper(root: etree.Element, context: PrintContext) -> None:
    parents = _parents(root)
    for link in list(root.iter("a")):
        href = str(link.get("href", ""))
        if href.startswith(("http://", "https://", "#")) or not href:
            continue
        target, _, anchor = href.partition("#")
        address = site_path(posixpath.normpath(posixpath.join(posixpath.dirname(context.page), target)))
        if context.site_url is not None:
            link.set("href", context.site_url + address + (f"#{anchor}" if anchor else ""))
        elif "passage-link" in _classes(link):
            _drop_element(parents, link)
        else:
            _as_site_path(link, address)


def _as_site_path(link: etree.Element, address: str) -> None:
    """A link that cannot be followed on paper: its text, then where it is on the site."""
    link.tag = "span"
    link.attrib.clear()
    path = etree.SubElement(link, "span", {"class": "site-path"})
    path.text = address
    path.tail = " on the briefing site)"
    last = link[-2] if len(link) > 1 else None
    if last is not None:
        last.tail = (last.tail or "") + " ("
    else:
        link.text = (link.text or "") + " ("


def site_path(docs_path: str) -> str:
    """Where a docs page is published, relative to the site: ``a/index.md`` -> ``a/``, ``a/b.md`` -> ``a/b/``."""
    if docs_path == "index.md" or docs_path.endswith("/index.md"):
        return docs_path.removesuffix("index.md")
    return docs_path.removesuffix(".md") + "/"


def _drop(
    root: etree.Element, parents: dict[etree.Element, etree.Element], unwanted: Callable[[etree.Element], bool]
) -> None:
    """Remove every element ``unwanted`` picks, and a paragraph left empty by it."""
    for element in [el for el in root.iter() if unwanted(el)]:
        parent = parents[element]
        _drop_element(parents, element)
        if parent.tag == "p" and not len(parent) and not (parent.text or "").strip(" ·"):
            _drop_element(parents, parent)


def _drop_element(parents: dict[etree.Element, etree.Element], element: etree.Element) -> None:
    """Remove an element with any ' · ' that joined it to its neighbours, keeping the text after it."""
    parent = parents[element]
    index = list(parent).index(element)
    tail = (element.tail or "").removeprefix(" · ")
    if index:
        before = parent[index - 1]
        before.tail = (before.tail or "").removesuffix(" · ") + tail
    else:
        parent.text = (parent.text or "").removesuffix(" · ") + tail
    parent.remove(element)


def _after_key_points(root: etree.Element, colophon: etree.Element) -> None:
    parents = _parents(root)
    for box in root.iter("div"):
        if "key-points" in _classes(box):
            parent = parents[box]
            parent.insert(list(parent).index(box) + 1, colophon)
            return


def _prefix_ids(root: etree.Element, prefix: str) -> None:
    for element in root.iter():
        if element.get("id"):
            element.set("id", f"{prefix}--{element.get('id')}")
        href = str(element.get("href", ""))
        if href.startswith("#"):
            element.set("href", f"#{prefix}--{href[1:]}")


def _classes(element: etree.Element) -> list[str]:
    return str(element.get("class", "")).split()


def _parents(root: etree.Element) -> dict[etree.Element, etree.Element]:
    return {child: parent for parent in root.iter() for child in parent}
