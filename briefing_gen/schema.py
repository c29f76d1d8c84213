"""JSON Schemas for the files contributors edit, generated from the models.

Editors with the YAML language server read the ``# yaml-language-server:
$schema=…`` line at the top of each file and then complete field names and
underline mistakes as the contributor types. ``python -m briefing_gen schema``
regenerates the committed schemas; a test fails when they are out of date.
"""

from __future__ import annotations

import json
import posixpath
from typing import Any

from pydantic import BaseModel

from briefing_gen.load import BRIEFINGS_DIR, CONTEXT_FILE, FACTS_DIR, SOURCES_DIR, TOPICS_FILE, WITHDRAWN_FILE
from briefing_gen.models import Briefing, Context, FactFile, Source, TopicFile, WithdrawnFile

SCHEMA_DIR = "content/schemas"
# Which schema describes the files in which place.
SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "facts.schema.json": (FactFile, f"{FACTS_DIR}/*.yaml"),
    "briefing.schema.json": (Briefing, f"{BRIEFINGS_DIR}/*.yaml"),
    "context.schema.json": (Context, CONTEXT_FILE),
    "source.schema.json": (Source, f"{SOURCES_DIR}/*.yaml"),
    "topics.schema.json": (TopicFile, TOPICS_FILE),
    "withdrawn.schema.json": (WithdrawnFile, WITHDRAWN_FILE),
}


def schema_files() -> dict[str, bytes]:
    """Every schema file, by name."""
    return {name: _schema_json(model) for name, (model, _) in SCHEMAS.items()}


def _schema_json(model: type[BaseModel]) -> bytes:
    schema = _plain_scalars_as_text(model.model_json_schema())
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return (json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def _plain_scalars_as_text(node: Any) -> Any:
    """Let text fields hold what an editor reads as a number.

    Our loader keeps ``date: 2019`` or ``reports: 20`` as the text typed, but an
    editor's YAML 1.2 parser reads them as numbers; the schema must not
    underline what the build accepts.
    """
    if isinstance(node, dict):
        node = {key: _plain_scalars_as_text(value) for key, value in node.items()}
        if node.get("type") == "string":
            node["type"] = ["string", "number"]
    elif isinstance(node, list):
        node = [_plain_scalars_as_text(item) for item in node]
    return node


def modeline(path: str) -> str:
    """The first line a YAML file at ``path`` (relative to the project) should carry."""
    name = next(name for name, (_, pattern) in SCHEMAS.items() if _matches(path, pattern))
    target = posixpath.relpath(f"{SCHEMA_DIR}/{name}", posixpath.dirname(path) or ".")
    return f"# yaml-language-server: $schema={target}"


def _matches(path: str, pattern: str) -> bool:
    folder, _, name = pattern.rpartition("/")
    return path == pattern or (name == "*.yaml" and posixpath.dirname(path) == folder and path.endswith(".yaml"))
