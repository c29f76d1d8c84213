"""The PDF's tags, finished before it is written: pagination as artifacts, links that print.

WeasyPrint tags what it draws in the page margins (our running head and
"Page X of Y") as marked content that no structure element of the document
holds. PDF/UA asks for pagination to be an artifact, which screen readers
skip, so each such marked-content sequence becomes ``/Artifact`` with
``/Type /Pagination`` and leaves the parent tree. Link annotations get the
print flag, which PDF/UA requires of every annotation that is shown.

``finish_tags`` is WeasyPrint's ``finisher``: it gets the pydyf document
after layout and before the file is written, and changes its objects.
"""

from __future__ import annotations

from typing import Any

PRINT_FLAG = 1 << 2  # annotation flag bit 3: print the annotation when the page is printed


def finish_tags(document: Any, pdf: Any) -> None:
    """WeasyPrint's finisher: mark pagination as artifacts and let every link annotation print."""
    for item in pdf.objects:
        if isinstance(item, dict) and item.get("Subtype") == "/Link":
            item["F"] = PRINT_FLAG
    root = _resolve(pdf, pdf.catalog.get("StructTreeRoot"))
    if root is not None:
        _pagination_as_artifacts(pdf, root)


def _pagination_as_artifacts(pdf: Any, root: Any) -> None:
    reachable = _reachable(pdf, root)
    parent_tree = _resolve(pdf, root["ParentTree"])
    numbers = parent_tree["Nums"]
    pages = [_resolve(pdf, reference) for reference in pdf.page_references]
    for index in range(0, len(numbers), 2):
        key, value = numbers[index], numbers[index + 1]
        if key >= len(pages) or not isinstance(value, list):
            continue  # an annotation's entry, not a page's
        margins = {mcid for mcid, element in enumerate(value) if _number(element) not in reachable}
        if margins:
            _mark_as_artifacts(_resolve(pdf, pages[key]["Contents"]), margins)
            for mcid in margins:
                value[mcid] = b"null"


def _mark_as_artifacts(stream: Any, mcids: set[int]) -> None:
    """Turn each marked-content sequence ``/Tag <</MCID n>> BDC`` with ``n`` in ``mcids`` into a pagination artifact."""
    from pydyf import Dictionary

    items = stream.stream
    for index in range(1, len(items) - 1):
        properties = items[index]
        if isinstance(properties, dict) and properties.get("MCID") in mcids and items[index + 1] == b"BDC":
            items[index - 1] = "/Artifact"
            items[index] = Dictionary({"Type": "/Pagination"})


def _reachable(pdf: Any, root: Any) -> set[int]:
    """The object numbers of every structure element the document's tree holds."""
    found: set[int] = set()
    pending = list(_kids(root))
    while pending:
        reference = pending.pop()
        number = _number(reference)
        if number is None or number in found:
            continue
        found.add(number)
        element = pdf.objects[number]
        if isinstance(element, dict):
            pending.extend(_kids(element))
    return found


def _kids(element: Any) -> list[Any]:
    kids = element.get("K", [])
    return list(kids) if isinstance(kids, list) else [kids]


def _number(reference: Any) -> int | None:
    """The object number of a reference (``b'12 0 R'``), or None for anything else."""
    if isinstance(reference, bytes) and reference.endswith(b" R"):
        return int(reference.split()[0])
    return None


def _resolve(pdf: Any, reference: Any) -> Any:
    number = _number(reference)
    return pdf.objects[number] if number is not None else reference
