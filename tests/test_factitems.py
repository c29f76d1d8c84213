"""Fact files read item by item give what reading them whole gives, and parse only what differs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from briefing_gen import factitems
from briefing_gen.factitems import ItemReader
from briefing_gen.yamlload import parse_yaml
from tests.conftest import FIXTURE, REPO

FACT_FILES = [
    *sorted((REPO / "content" / "facts").glob("*.yaml")),
    *sorted((FIXTURE / "content" / "facts").glob("*.yaml")),
    REPO / "briefing_gen" / "starter" / "facts.yaml",
]


def whole(text: str) -> Any:
    return parse_yaml("facts.yaml", text, positions=False).data


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """From now on, the texts the item reader parses."""
    parsed: list[str] = []
    real = parse_yaml

    def counting(path: str, text: str, positions: bool = True) -> Any:
        parsed.append(text)
        return real(path, text, positions)

    monkeypatch.setattr(factitems, "parse_yaml", counting)
    return parsed


@pytest.mark.parametrize("path", FACT_FILES, ids=lambda path: path.name)
def test_a_version_differing_in_one_fact_parses_that_fact_alone(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = path.read_text(encoding="utf-8")
    reader = ItemReader()
    assert reader.read("facts.yaml", text) == whole(text)
    parsed = count_parses(monkeypatch)
    renamed = text.replace("- id: ", "- id: renamed-", 1)
    assert reader.read("facts.yaml", renamed) == whole(renamed)
    assert len(parsed) == 1 and "renamed-" in parsed[0]


def test_a_file_the_build_loaded_is_read_again_without_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    path = REPO / "content" / "facts" / "legal-penalties.yaml"
    doc = parse_yaml("facts.yaml", path.read_text(encoding="utf-8"))
    starts = [doc.values[("facts", index)][0] for index in range(len(doc.data["facts"]))]
    reader, misplaced = ItemReader(), ItemReader()
    reader.know(doc.text, doc.data, starts)
    misplaced.know(doc.text, doc.data, [line + 1 for line in starts])  # not where the cut puts them: not kept
    parsed = count_parses(monkeypatch)
    assert reader.read("facts.yaml", doc.text) == doc.data
    assert parsed == [doc.text[: doc.text.index("facts:")] + "facts:\n"]  # to know the file holds only the list
    assert misplaced.read("facts.yaml", doc.text) == doc.data
    assert len(parsed) == 2 + len(starts)


# Versions read one after another by one reader, each compared with the version read whole. Some cannot be cut
# at their items' starts (a quote running on to a line that looks like one, another key after the list, …):
# they must be read whole, never as the items a cut would make.
VERSIONS = {
    "block": "facts:\n  - id: a\n    claim: x\n  - id: b\n    claim: y\n",
    "reworded": "facts:\n  - id: a\n    claim: x\n  - id: b\n    claim: z\n",
    "quote runs on": 'facts:\n  - id: a\n    claim: "x\n  - id: b"\n  - id: c\n',
    "only its end changed": 'facts:\n  - id: a\n    claim: "x\n  - id: d"\n  - id: c\n',
    "single quote runs on": "facts:\n  - id: a\n    claim: 'x\n  - id: b'\n",
    "flow runs on": "facts:\n  - id: a\n    citations: [x,\n  - id: b]\n",
    "block text": "facts:\n  - id: a\n    claim: |\n      x\n      - y\n  - id: b\n",
    "unindented list": "facts:\n- id: a\n  claim: x\n- id: b\n",
    "quote runs on, unindented": 'facts:\n- id: a\n  claim: "x\n- id: b"\n',
    "comments": "# facts\nfacts:  # the list\n\n  # first\n  - id: a\n# between\n  - id: b\n",
    "key after the list": "facts:\n  - id: a\nsources: 1\n",
    "another list after": "facts:\n  - id: a\nsources:\n  - id: b\n",
    "key before the list": "sources: 1\nfacts:\n  - id: a\n",
    "less indented item": "facts:\n  - id: a\n- id: b\n",
    "not an item": "facts:\n  - id: a\n  -id: b\n",
    "dash alone": "facts:\n  -\n    id: a\n  -\n    id: b\n",
    "windows lines": "facts:\r\n  - id: a\r\n    claim: x\r\n\r\n  - id: b\r\n",
    "json": '{\n "facts": [\n  {\n   "id": "a"\n  },\n  {\n   "id": "b"\n  }\n ]\n}\n',
    "json reworded": '{\n "facts": [\n  {\n   "id": "a"\n  },\n  {\n   "id": "c"\n  }\n ]\n}\n',
    "json quote runs on": '{\n "facts": [\n  {\n   "id": "a", "claim": "x\n  {y"\n  },\n  {\n   "id": "b"\n  }\n ]\n}\n',
    "json, a comma missing": 'facts: [\n  {"id": "a"}\n  {"id": "b"}\n]\n',
    "json, the list closed already": 'facts: []\n  {"id": "a"}\n',
    "json, an item after the list": '{\n"facts": [],\n  {"id": "a"}\n}\n',
    "json, the key twice": '{\n "facts": [\n  {"id": "a"}\n ], "facts": [\n  {"id": "b"}\n ]\n}\n',
    "block key, one flow item": "facts:\n  {id: a}\n",  # after a block file with the same head: not a list
    "flow key, block items": "facts: [\n  - id: a\n]\n",
    "empty list": "facts: []\n",
    "one line": "facts:\n  - id: a",
    "not yaml": "facts:\n  - id: a\n    claim: [x\n",
}


def test_every_version_reads_as_it_reads_whole() -> None:
    reader = ItemReader()
    for name, text in VERSIONS.items():
        try:
            expected = whole(text)
        except Exception:
            expected = None
        assert reader.read("facts.yaml", text) == expected, name


def test_a_quote_running_on_to_a_line_like_an_items_start_is_read_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    reader = ItemReader()
    parsed = count_parses(monkeypatch)
    assert reader.read("facts.yaml", VERSIONS["quote runs on"]) == {
        "facts": [{"id": "a", "claim": "x - id: b"}, {"id": "c"}]
    }
    assert parsed[-1] == VERSIONS["quote runs on"]


def test_a_list_at_the_margin_is_read_by_items(monkeypatch: pytest.MonkeyPatch) -> None:
    reader = ItemReader()
    reader.read("facts.yaml", "facts:\n- id: a\n  claim: x\n- id: b\n")
    parsed = count_parses(monkeypatch)
    assert reader.read("facts.yaml", "facts:\n- id: a\n  claim: y\n- id: b\n") == {
        "facts": [{"id": "a", "claim": "y"}, {"id": "b"}]
    }
    assert parsed == ["facts:\n- id: a\n  claim: y\n"]


def test_a_file_with_line_breaks_yaml_counts_and_the_cut_does_not_is_not_known_in_advance() -> None:
    # U+2028 ends a line for YAML: with a quote running on, the loader's lines match a wrong cut exactly.
    loaded = 'facts:\n  - id: a\n    claim: A\u2028  - id: b\n  - claim: "C one\n  - C two"\n    id: c\n'
    doc = parse_yaml("facts.yaml", loaded)
    reader = ItemReader()
    reader.know(doc.text, doc.data, [doc.values[("facts", index)][0] for index in range(len(doc.data["facts"]))])
    earlier = "facts:\n  - id: a\n    claim: A\u2028  - id: b\n"
    assert reader.read("facts.yaml", earlier) == whole(earlier) == {"facts": [{"id": "a", "claim": "A"}, {"id": "b"}]}
