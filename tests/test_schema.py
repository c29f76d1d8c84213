"""The committed JSON Schemas match the models, and every file contributors edit names its schema."""

from __future__ import annotations

import json

from briefing_gen.schema import SCHEMA_DIR, modeline, schema_files
from tests.conftest import REPO


def test_committed_schemas_are_up_to_date() -> None:
    committed = {p.name: p.read_bytes() for p in (REPO / SCHEMA_DIR).glob("*.json")}
    assert committed == schema_files(), "run `python -m briefing_gen schema` and commit the result"


def test_every_yaml_file_starts_with_its_schema_line() -> None:
    files = [*REPO.glob("content/**/*.yaml"), *REPO.glob("sources/*.yaml")]
    assert len(files) >= 13
    for path in files:
        relative = path.relative_to(REPO).as_posix()
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first == modeline(relative), relative
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target.is_file(), f"{relative} names a schema that does not exist"


def test_schema_forbids_unknown_fields_and_leaves_the_topics_to_the_content() -> None:
    facts = json.loads(schema_files()["facts.schema.json"])
    fact = facts["$defs"]["Fact"]
    assert fact["additionalProperties"] is False
    assert "enum" not in fact["properties"]["topic"]  # each site declares its own, in content/topics.yaml
    assert fact["properties"]["topic"]["pattern"] == "^[a-z0-9]+(?:-[a-z0-9]+)*$"
    topics = json.loads(schema_files()["topics.schema.json"])
    assert topics["$defs"]["Topic"]["required"] == ["id", "title", "description"]
