"""Open data: every export validates against the schema published with it, and every annotation's selectors
point at exactly the text they quote in the archived report."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from briefing_gen.annotations import named_copy
from briefing_gen.build import Project, load_site
from briefing_gen.exports import csv_row
from briefing_gen.publish import site_files
from tests.conftest import SITE_URL
from tests.golden import FIXTURE

DATA = ("facts.json", "sources.json", "annotations.jsonld")


def schema(site: Path, name: str) -> Draft202012Validator:
    loaded = json.loads((site / "data" / name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(loaded)
    return Draft202012Validator(loaded)


def problems(validator: Draft202012Validator, instance: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


@pytest.mark.parametrize("name", DATA)
def test_each_json_export_validates_against_its_schema(built: Path, name: str) -> None:
    data = json.loads((built / "site" / "data" / name).read_text(encoding="utf-8"))
    stem = name.removesuffix(".jsonld").removesuffix(".json")
    assert problems(schema(built / "site", f"{stem}.schema.json"), data) == []


def test_every_row_of_the_csv_validates_against_its_schema(built: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((built / "site" / "data" / "facts.csv").read_text(encoding="utf-8"))))
    validator = schema(built / "site", "facts.csv.schema.json")
    assert [p for row in rows for p in problems(validator, row)] == []
    facts = json.loads((built / "site" / "data" / "facts.json").read_text(encoding="utf-8"))["facts"]
    assert len(rows) == sum(len(f["citations"]) for f in facts) >= 90  # one row per citation


def test_the_facts_export_says_what_the_pages_say(built: Path) -> None:
    facts = {f["id"]: f for f in json.loads((built / "site" / "data" / "facts.json").read_text())["facts"]}
    fine = facts["deepfake-penalty-fine"]
    assert fine["briefings"] == ["legal-penalties"] and fine["date_precision"] == "year"
    assert fine["pages"] == [
        {
            "title": "Legal penalties for sexual deepfakes in South Korea",
            "path": "briefings/legal-penalties/#fact-deepfake-penalty-fine",
            "url": SITE_URL + "briefings/legal-penalties/#fact-deepfake-penalty-fine",
        }
    ]
    assert [c["reported_value"] for c in fine["citations"]] == ["50 million won (€33,923)", "35.000 euros"]
    readings = [c["reading"] for f in facts.values() for c in f["citations"] if c["reading"]]
    assert {"words", "means", "reason", "why"} == set(readings[0]) and len(readings) >= 3


def test_every_annotation_quotes_the_archived_text_where_its_selectors_say(built: Path) -> None:
    texts = {p.stem: p.read_bytes() for p in (built / "sources").glob("*.txt")}
    by_name = {named_copy(hashlib.sha256(raw).hexdigest()): raw.decode("utf-8-sig") for raw in texts.values()}
    collection = json.loads((built / "site" / "data" / "annotations.jsonld").read_text(encoding="utf-8"))
    items = collection["first"]["items"]
    assert collection["total"] == len(items) >= 90
    checked = 0
    for annotation in items:
        archived = [t for t in annotation["target"] if t["source"].startswith("ni:///sha-256;")]
        assert archived, annotation["id"]
        for target in archived:
            raw = by_name[target["source"]]
            quote = next(s for s in target["selector"] if s["type"] == "TextQuoteSelector")
            position = next(s for s in target["selector"] if s["type"] == "TextPositionSelector")
            start, end = position["start"], position["end"]
            assert raw[start:end] == quote["exact"]
            assert raw[:start].endswith(quote["prefix"]) and raw[end:].startswith(quote["suffix"])
            assert len(quote["prefix"]) == min(32, start) and len(quote["suffix"]) == min(32, len(raw) - end)
            assert target["scope"].startswith(SITE_URL + "sources/")
            checked += 1
    assert checked >= 90


def test_an_annotation_targets_the_original_too_where_the_report_gives_its_address(built: Path) -> None:
    items = json.loads((built / "site" / "data" / "annotations.jsonld").read_text(encoding="utf-8"))["first"]["items"]
    originals = [t for a in items for t in a["target"] if t["source"].startswith("https://techxplore.com/")]
    assert originals and all([s["type"] for s in t["selector"]] == ["TextQuoteSelector"] for t in originals)
    assert all(
        a["body"][1]["id"].startswith(SITE_URL + "briefings/") or "background" in a["body"][1]["id"] for a in items
    )


def test_a_published_text_is_the_annotations_target_and_its_file_is_on_the_site() -> None:
    env = {"GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": "acme/ports", "GITHUB_SERVER_URL": "https://github.com"}
    files = site_files(load_site(Project(FIXTURE), env))
    assert "sources/harbour-daily.txt" in files  # under an open licence
    assert "sources/shipping-wire.txt" not in files  # rights unknown
    items = json.loads(files["data/annotations.jsonld"])["first"]["items"]
    sources = {t["source"] for a in items for t in a["target"]}
    assert "https://acme.github.io/ports/sources/harbour-daily.txt" in sources
    sources_json = json.loads(files["data/sources.json"])["sources"]
    harbour = next(s for s in sources_json if s["id"] == "harbour-daily")
    assert harbour["archived_text"] == {
        "path": "sources/harbour-daily.txt",
        "url": "https://acme.github.io/ports/sources/harbour-daily.txt",
    }
    assert harbour["rights"]["full_text_published"] is True


def test_a_cell_a_spreadsheet_would_run_is_defused(corpus: Path) -> None:
    facts = corpus / "content" / "facts" / "port.yaml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace("claim: The minister called", "claim: =The minister called", 1), encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(site_files(load_site(Project(corpus), {}))["data/facts.csv"].decode())))
    claims = {row["claim"] for row in rows if row["fact_id"] == "minister-review"}
    assert claims == {'\'=The minister called the backlog "unacceptable" and promised a review, due in March.'}


CELLS = [
    "plain",
    "",
    " leading and trailing ",
    "a, comma",
    'a "quoted" word',
    '"',
    "line\nbreak",
    "carriage\rreturn",
    "crlf\r\nend",
    "'=1+1",
    "Korean 딥페이크 and \u2028 a separator",
    "tab\there",
]


@pytest.mark.parametrize("cells", [CELLS, [""], ["", ""], ["a"], ['"']])
def test_a_csv_row_is_written_as_the_csv_module_writes_it_and_reads_back(cells: list[str]) -> None:
    expected = io.StringIO(newline="")
    csv.writer(expected, lineterminator="\r\n").writerow(cells)
    assert csv_row(cells) == expected.getvalue()
    assert next(csv.reader(io.StringIO(csv_row(cells), newline=""))) == cells
