"""Open data: the facts and sources as files anyone can reuse, each with a JSON Schema.

- ``data/facts.json``: every fact with its id, topic, date (and how precise it
  is), claim, the editors' words, the briefings and pages that show it, and its
  citations (source, quote, reported value, reading).
- ``data/facts.csv``: the same facts, one row per citation (the fact's columns
  repeated), for spreadsheets. A cell a spreadsheet would run as a formula
  (starting with =, +, -, @, a tab or a carriage return) starts with a "'".
- ``data/sources.json``: each source's metadata, the SHA-256 of its archived
  text, its rights, and where its page and (where published) its text are.

Built from the checked corpus only (no dates from git), so the same corpus
gives the same bytes. ``export_schemas`` holds the schemas.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from typing import Any

from briefing_gen.address import absolute, published_path
from briefing_gen.export_schemas import CSV_COLUMNS, DATA_DIR
from briefing_gen.models import Citation, Fact, Source
from briefing_gen.site import Site, archived_text_name, fact_anchor, source_path

FACTS_JSON = f"{DATA_DIR}/facts.json"
FACTS_CSV = f"{DATA_DIR}/facts.csv"
SOURCES_JSON = f"{DATA_DIR}/sources.json"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# json.dumps(item, ensure_ascii=False), without making an encoder for each of the tens of thousands of records.
_COMPACT = json.JSONEncoder(ensure_ascii=False)


def records_document(head: dict[str, Any], key: str, records: Iterable[dict[str, Any]]) -> bytes:
    """``head``'s fields, then ``key``: the records, one a line (``json_lines``)."""
    return json_lines(json.dumps(head, ensure_ascii=False)[:-1] + f", {json.dumps(key)}: [", records, "]}")


def json_lines(opening: str, items: Iterable[dict[str, Any]], closing: str) -> bytes:
    """``opening``, each item as compact JSON on a line of its own, then ``closing``, in UTF-8.

    Compact, by the encoder's C implementation: a pretty-printed document at 10,000 facts takes the
    pure-Python encoder several times as long. Written line by line into one buffer: the annotations are
    tens of megabytes at 10,000 facts, and joining the lines as text, then encoding them, held four copies.
    """
    out = io.BytesIO()
    out.write(f"{opening}\n".encode())
    separator = b""
    for item in items:
        out.write(separator)
        out.write(_COMPACT.encode(item).encode("utf-8"))
        separator = b",\n"
    out.write(f"\n{closing}\n".encode())
    return out.getvalue()


def precision(date: str) -> str:
    """How precise a fact's date is: day, month, year, or unknown."""
    return "unknown" if date == "unknown" else ("year", "month", "day")[date.count("-")]


def _location(site: Site, docs_path: str, fragment: str = "") -> dict[str, Any]:
    path = published_path(docs_path, fragment)
    return {"path": path, "url": absolute(site.settings.site_url, docs_path, fragment)}


def fact_record(site: Site, fact: Fact, briefings: list[str]) -> dict[str, Any]:
    pages = [
        {"title": title, **_location(site, path, fact_anchor(fact.id))} for path, title in site.pages_showing(fact.id)
    ]
    return {
        "id": fact.id,
        "topic": fact.topic,
        "date": fact.date,
        "date_precision": precision(fact.date),
        "date_basis": fact.date_basis,
        "claim": fact.flat_claim,
        "editors_note": fact.editors_note,
        "differs_on": fact.differs_on,
        "difference": fact.difference if fact.differs_on is not None else None,
        "other_windows": site.other_windows.get(fact.id, []),
        "single_source": len(fact.sources) == 1,
        "briefings": briefings,
        "pages": pages,
        "citations": [citation_record(c) for c in fact.citations],
    }


def citation_record(citation: Citation) -> dict[str, Any]:
    reading = citation.reading
    return {
        "source": citation.source,
        "quote": citation.flat_quote,
        "reported_value": citation.reports,
        "reading": None
        if reading is None
        else {"words": reading.words, "means": reading.means, "reason": reading.reason, "why": reading.why},
    }


def _briefings_by_fact(site: Site) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for briefing in site.briefings:
        for fact_id in dict.fromkeys(briefing.fact_ids):
            found.setdefault(fact_id, []).append(briefing.id)
    return found


def facts_json(site: Site) -> bytes:
    shown = _briefings_by_fact(site)
    records = (fact_record(site, fact, shown.get(fact.id, [])) for fact in site.facts.values())
    return records_document({"$schema": "facts.schema.json", "site": _site(site)}, "facts", records)


def _site(site: Site) -> dict[str, Any]:
    return {"name": site.settings.site_name, "url": site.settings.site_url}


def facts_csv(site: Site) -> bytes:
    """One row per citation, the fact's columns repeated, with RFC 4180 line endings. Ids, dates, topics and
    reasons cannot start a formula (the models' patterns); the texts are defused."""
    shown = _briefings_by_fact(site)
    lines = [csv_row(CSV_COLUMNS)]
    for fact in site.facts.values():
        pages = "; ".join(published_path(path, fact_anchor(fact.id)) for path, _ in site.pages_showing(fact.id))
        head = [fact.id, fact.topic, fact.date, fact.flat_claim, "; ".join(shown.get(fact.id, [])), pages]
        head[3] = _cell(head[3])
        lines += [
            csv_row(head + _citation_cells(number, citation)) for number, citation in enumerate(fact.citations, 1)
        ]
    return "".join(lines).encode("utf-8")


def csv_row(cells: list[str]) -> str:
    """One CSV record as RFC 4180 writes it, and as ``csv.writer`` would, CRLF-terminated: a cell holding a
    comma, a quotation mark or a line break is quoted, its quotation marks doubled.

    Written here because the csv module copies a cell a character at a time: at 10,000 facts (16 MB) it took
    twice as long as these string methods. ``test_exports`` holds the two to the same bytes.
    """
    if cells == [""]:
        return '""\r\n'  # a record of one empty cell, quoted so that it is not read as an empty line
    return ",".join([_csv_cell(cell) for cell in cells]) + "\r\n"


def _csv_cell(cell: str) -> str:
    if '"' in cell or "," in cell or "\n" in cell or "\r" in cell:
        return '"' + cell.replace('"', '""') + '"'
    return cell


def _citation_cells(number: int, citation: Citation) -> list[str]:
    reading = citation.reading
    text = [citation.flat_quote, citation.reports or ""]
    text += [reading.words, reading.means] if reading else ["", ""]
    return [str(number), citation.source, *(_cell(value) for value in text), reading.reason if reading else ""]


def _cell(value: str) -> str:
    """A cell no spreadsheet runs as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def source_record(site: Site, source: Source) -> dict[str, Any]:
    rights = source.rights
    published = rights.full_text_allowed
    return {
        **source.model_dump(mode="json", exclude={"rights", "text"}),
        "rights": {**rights.model_dump(mode="json"), "full_text_published": published},
        "page": _location(site, source_path(source.id)),
        "archived_text": _location(site, f"sources/{archived_text_name(source)}") if published else None,
        "citations": len(site.citations_by_source.get(source.id, [])),
    }


def sources_json(site: Site) -> bytes:
    records = (source_record(site, source) for source in site.sources.values())
    return records_document({"$schema": "sources.schema.json", "site": _site(site)}, "sources", records)
