"""The JSON Schemas published with the open data (draft 2020-12), one per file.

They describe exactly what ``exports`` and ``annotations`` write
(``additionalProperties: false`` throughout), so a test that validates every
export against its schema fails when either side changes without the other.
The CSV's schema describes one row, read as an object keyed by the header.
"""

from __future__ import annotations

import json
from typing import Any

DATA_DIR = "data"
DRAFT = "https://json-schema.org/draft/2020-12/schema"
CSV_COLUMNS = [
    "fact_id",
    "topic",
    "date",
    "claim",
    "briefings",
    "pages",
    "citation",
    "source",
    "quote",
    "reported_value",
    "reading_words",
    "reading_means",
    "reading_reason",
]

ID = {"type": "string", "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"}
TEXT = {"type": "string", "minLength": 1}
OPTIONAL_TEXT = {"type": ["string", "null"], "minLength": 1}
DATE = {"type": "string", "pattern": r"^(unknown|\d{4}(-\d{2}(-\d{2})?)?)$"}
URL = {"type": "string", "pattern": "^https?://"}
OPTIONAL_URL = {"type": ["string", "null"], "pattern": "^https?://"}
READING_REASONS = ["translation-slip", "scraping-artifact", "misplaced-figure", "typo"]


def _object(properties: dict[str, Any], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [name for name in properties if name not in optional],
        "properties": properties,
    }


LOCATION = _object(
    {
        "path": {"type": "string", "description": "the address on the site, relative to its root"},
        "url": {**OPTIONAL_URL, "description": "the full address; null where the site's address is not set"},
    }
)
SITE = _object({"name": TEXT, "url": OPTIONAL_URL})
READING = _object(
    {"words": TEXT, "means": TEXT, "reason": {"enum": READING_REASONS}, "why": OPTIONAL_TEXT},
)
CITATION = _object(
    {
        "source": ID,
        "quote": {**TEXT, "description": "verbatim from the archived text (whitespace collapsed)"},
        "reported_value": {**OPTIONAL_TEXT, "description": "this report's own figure or wording, where reports differ"},
        "reading": {"oneOf": [{"type": "null"}, READING], "description": "the editors' reading of a garbled passage"},
    }
)
FACT = _object(
    {
        "id": ID,
        "topic": TEXT,
        "date": DATE,
        "date_precision": {"enum": ["day", "month", "year", "unknown"]},
        "date_basis": OPTIONAL_TEXT,
        "claim": TEXT,
        "editors_note": OPTIONAL_TEXT,
        "differs_on": OPTIONAL_TEXT,
        "difference": {"enum": ["conflict", "wording", None]},
        "other_windows": {"type": "array", "items": ID},
        "single_source": {"type": "boolean"},
        "briefings": {"type": "array", "items": ID},
        "pages": {"type": "array", "minItems": 1, "items": _object({"title": TEXT, **LOCATION["properties"]})},
        "citations": {"type": "array", "minItems": 1, "items": CITATION},
    }
)
FACTS = {
    **_object({"$schema": {"const": "facts.schema.json"}, "site": SITE, "facts": {"type": "array", "items": FACT}}),
    "title": "Facts",
    "description": "Every fact on the site, with the pages that show it and the quotes that back it.",
}

RIGHTS = _object(
    {
        "status": {"enum": ["reserved", "unknown", "open-licence", "public-domain"]},
        "holder": TEXT,
        "statement": OPTIONAL_TEXT,
        "licence": OPTIONAL_URL,
        "full_text_published": {"type": "boolean"},
    }
)
SOURCE = _object(
    {
        "id": ID,
        "title": TEXT,
        "title_is": {"enum": ["headline", "opening-words"]},
        "kind": {"enum": ["news", "unknown"]},
        "publisher": TEXT,
        "credits": {"type": "array", "items": TEXT},
        "cites": {"type": "array", "items": TEXT},
        "published": DATE,
        "dateline": OPTIONAL_TEXT,
        "language": TEXT,
        "translation": {"enum": [True, False, "unknown"]},
        "original_language": TEXT,
        "url": {"type": "string", "pattern": "^(unknown|https?://.+)$"},
        "archived": DATE,
        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
        "received_as": TEXT,
        "notes": OPTIONAL_TEXT,
        "label": {**OPTIONAL_TEXT, "description": "how notes name the report, where the editors set it"},
        "rights": RIGHTS,
        "page": LOCATION,
        "archived_text": {"oneOf": [{"type": "null"}, LOCATION]},
        "citations": {"type": "integer", "minimum": 0},
    }
)
SOURCES = {
    **_object(
        {"$schema": {"const": "sources.schema.json"}, "site": SITE, "sources": {"type": "array", "items": SOURCE}}
    ),
    "title": "Sources",
    "description": "Every archived report, with what is known of its origin and rights, and its text's SHA-256.",
}

NO_FORMULA = {"type": "string", "not": {"pattern": "^[=+\\-@\\t\\r]"}}
CSV_ROW = {
    **_object({column: NO_FORMULA for column in CSV_COLUMNS}),
    "title": "A row of facts.csv",
    "description": "One citation of one fact, read as an object keyed by the CSV's header. A cell that would "
    'start with =, +, -, @, a tab or a carriage return starts with a "\'" so no spreadsheet runs it.',
}

SELECTORS = {
    "type": "array",
    "minItems": 1,
    "items": {
        "oneOf": [
            _object(
                {
                    "type": {"const": "TextQuoteSelector"},
                    "exact": TEXT,
                    "prefix": {"type": "string"},
                    "suffix": {"type": "string"},
                }
            ),
            _object(
                {
                    "type": {"const": "TextPositionSelector"},
                    "start": {"type": "integer", "minimum": 0},
                    "end": {"type": "integer", "minimum": 1},
                }
            ),
        ]
    },
}
TARGET = _object(
    {
        "type": {"const": "SpecificResource"},
        "source": {"type": "string", "pattern": "^(https?://|ni:///sha-256;)"},
        "scope": URL,
        "selector": SELECTORS,
    },
    optional=("scope",),
)
BODY = {
    "oneOf": [
        _object(
            {
                "type": {"const": "TextualBody"},
                "value": TEXT,
                "format": {"const": "text/plain"},
                "language": TEXT,
                "purpose": {"const": "describing"},
            }
        ),
        _object({"id": URL, "type": {"const": "Text"}, "purpose": {"const": "linking"}}),
    ]
}
ANNOTATION = _object(
    {
        "id": {"type": "string", "pattern": "^(https?://|urn:uuid:)"},
        "type": {"const": "Annotation"},
        "motivation": {"const": "linking"},
        "creator": _object({"type": {"const": "Organization"}, "name": TEXT}),
        "body": {"type": "array", "minItems": 1, "items": BODY},
        "target": {"type": "array", "minItems": 1, "items": TARGET},
    }
)
ANNOTATIONS = {
    **_object(
        {
            "@context": {"const": "http://www.w3.org/ns/anno.jsonld"},
            "id": {"type": "string", "pattern": "^(https?://|urn:uuid:)"},
            "type": {"const": "AnnotationCollection"},
            "label": TEXT,
            "total": {"type": "integer", "minimum": 0},
            "first": _object(
                {
                    "id": {"type": "string", "pattern": "^(https?://|urn:uuid:)"},
                    "type": {"const": "AnnotationPage"},
                    "startIndex": {"const": 0},
                    "items": {"type": "array", "items": ANNOTATION},
                }
            ),
        }
    ),
    "title": "Web Annotations",
    "description": "One W3C Web Annotation per citation: the quoted passage in the archived text, and in the "
    "original where the report gives its address, linked to the fact it backs.",
}

SCHEMAS = {
    "facts.schema.json": FACTS,
    "facts.csv.schema.json": CSV_ROW,
    "sources.schema.json": SOURCES,
    "annotations.schema.json": ANNOTATIONS,
}


def schema_files() -> dict[str, bytes]:
    """Each schema, by its path in the docs folder."""
    return {
        f"{DATA_DIR}/{name}": (json.dumps({"$schema": DRAFT, **schema}, ensure_ascii=False, indent=1) + "\n").encode()
        for name, schema in SCHEMAS.items()
    }
