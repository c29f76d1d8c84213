"""A table of broken fact files and the exact message each one gets.

Each case replaces the fixture corpus's fact file with a broken one and runs
``check``: the contributor must get every problem as path:line:column: field:
message, exit code 1, and no traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_gen.errors import plural
from tests.conftest import Run

FACTS = "content/facts/port.yaml"
VALID = (Path(__file__).parent / "fixtures" / "corpus" / FACTS).read_text(encoding="utf-8")


def edit(old: str, new: str) -> str:
    assert old in VALID, old
    return VALID.replace(old, new, 1)


CASES: list[tuple[str, str | bytes, list[str]]] = [
    (
        "missing field",
        edit(
            "    claim: Reports say ships were delayed at the port, 120 by one count; they give different counts.\n", ""
        ),
        [
            "content/facts/port.yaml:2:5: facts[0].claim: required field is missing",
        ],
    ),
    (
        "unknown field with a did-you-mean",
        edit("        quote: The review will report in March.", "        qoute: The review will report in March."),
        [
            "content/facts/port.yaml:30:9: facts[2].citations[1].qoute: unknown field 'qoute'; did you mean 'quote'?",
        ],
    ),
    (
        "unknown source id",
        edit(
            "      - source: shipping-wire\n        quote: The review",
            "      - source: shiping-wire\n        quote: The review",
        ),
        [
            "content/facts/port.yaml:29:17: facts[2].citations[1].source: no source with id 'shiping-wire'; did you mean 'shipping-wire'?",
        ],
    ),
    (
        "quote not in source",
        edit('quote: Officials say the delays "will end soon".', 'quote: Officials say the delays "will end shortly".'),
        [
            "content/facts/port.yaml:20:16: facts[1].citations[0].quote: quote not found in source 'harbour-daily' (sources/harbour-daily.txt): 'shortly' where the source has 'soon'; closest passage: \"Officials say the delays “will end soon”.\"",
        ],
    ),
    (
        "duplicate fact id",
        edit("  - id: minister-review", "  - id: delays-will-end"),
        [
            "content/briefings/port-delays.yaml:11:13: key_points[2].facts[0]: no fact with id 'minister-review'",
            "content/briefings/port-delays.yaml:17:13: sections[1].facts[0]: no fact with id 'minister-review'",
            "content/facts/port.yaml:21:9: facts[2].id: fact id 'delays-will-end' is already used at content/facts/port.yaml:14",
        ],
    ),
    (
        "duplicate key",
        edit("    date: 2024-03-04\n", "    date: 2024-03-04\n    date: 2024-03-05\n"),
        [
            "content/facts/port.yaml:5:5: facts[0].date: duplicate key 'date' (first written at line 4)",
        ],
    ),
    (
        "yes as a boolean",
        edit("    topic: ship-delays\n", "    topic: ship-delays\n    single_source: yes\n"),
        [
            "content/facts/port.yaml:4:5: facts[0].single_source: unknown field 'single_source'; allowed fields: id, topic, date, date_basis, claim, citations, differs_on, difference, other_windows, editors_note",
            "content/facts/port.yaml:4:20: facts[0].single_source: 'yes' is ambiguous in YAML; write true or false, or put it in quotes if you mean the text",
        ],
    ),
    (
        "impossible date",
        edit("    date: 2024-03-04\n", "    date: 2024-02-30\n"),
        [
            "content/facts/port.yaml:4:11: facts[0].date: '2024-02-30' is not a real date",
        ],
    ),
    (
        "tab-indented line",
        edit(
            "    topic: official-response\n    date: 2024-03\n    claim: The minister",
            "\ttopic: official-response\n    date: 2024-03\n    claim: The minister",
        ),
        [
            "content/facts/port.yaml:22:1: (syntax): a tab character; YAML is indented with spaces only: replace the tab with spaces",
        ],
    ),
    (
        "empty file",
        "",
        [
            "content/facts/port.yaml:1:1: (file): the file is empty; expected a mapping with 'facts'",
        ],
    ),
    (
        "anchor and alias",
        edit("    date: 2024-03-04\n", "    date: &day 2024-03-04\n").replace(
            "    date: 2024-03\n", "    date: *day\n", 1
        ),
        [
            "content/facts/port.yaml:4:11: facts[0].date: anchors (&day) are not allowed; write each value out",
            "content/facts/port.yaml:16:11: facts[1].date: aliases (*day) are not allowed; write the value out",
        ],
    ),
    (
        "explicit tag",
        edit("    date: 2024-03-04\n", "    date: !!timestamp 2024-03-04\n"),
        [
            "content/facts/port.yaml:4:11: facts[0].date: tags (!!timestamp) are not allowed; write plain values",
        ],
    ),
    (
        "differs_on without reported values",
        edit("        reports: About 150 ships\n", ""),
        [
            "content/facts/port.yaml:2:5: facts[0]: 'differs_on' is set, so every citation needs 'reports': that source's own figure or wording",
        ],
    ),
    (
        "scraping artifact as a value",
        edit("        reports: About 150 ships\n", "        reports: About XNUMX ships\n"),
        [
            "content/facts/port.yaml:13:18: facts[0].citations[1].reports: 'XNUMX' is a scraping artifact, not a figure; leave that value out",
        ],
    ),
    (
        "several problems at once",
        edit(
            "    topic: official-response\n    date: 2024-03\n    claim: The minister",
            "    topic: oficial-response\n    date: 2024-03\n    claim: The minister",
        ).replace("date: 2024-03-04", "date: 04/03/2024"),
        [
            "content/facts/port.yaml:4:11: facts[0].date: '04/03/2024' is not a date; write it as YYYY-MM-DD, YYYY-MM or YYYY",
            "content/facts/port.yaml:22:12: facts[2].topic: no topic with id 'oficial-response'; did you mean 'official-response'?",
        ],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [(text, expected) for _, text, expected in CASES], ids=[c[0] for c in CASES]
)
def test_bad_fact_file_gets_exact_messages(corpus: Path, run: Run, text: str | bytes, expected: list[str]) -> None:
    (corpus / FACTS).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    code, out, err = run(corpus, "check")
    assert code == 1
    assert out == ""
    assert err.splitlines() == [*expected, f"{plural(len(expected), 'problem')} found; nothing was written."]


def test_github_format_prints_annotations_on_the_broken_line(corpus: Path, run: Run) -> None:
    text = VALID.replace(
        'quote: Officials say the delays "will end soon".', 'quote: Officials say the delays "will end shortly".'
    )
    (corpus / FACTS).write_text(text, encoding="utf-8")
    code, out, err = run(corpus, "check", "--format", "github")
    assert code == 1
    assert out.splitlines() == [
        "::error file=content/facts/port.yaml,line=20,col=16,title=fact delays-will-end%3A facts[1].citations[0].quote::"
        "quote not found in source 'harbour-daily' (sources/harbour-daily.txt): 'shortly' where the source has 'soon'; "
        'closest passage: "Officials say the delays “will end soon”."'
    ]
    assert err == "1 problem found; nothing was written.\n"


def test_annotation_escapes_what_github_would_misread() -> None:
    from briefing_gen.errors import Problem

    problem = Problem("a,b:c.yaml", 1, 2, "x", "100% sure\nreally")
    assert problem.as_github_annotation() == "::error file=a%2Cb%3Ac.yaml,line=1,col=2,title=x::100%25 sure%0Areally"


@pytest.mark.parametrize(
    ("hidden", "name"),
    [("\u202e", "RIGHT-TO-LEFT OVERRIDE"), ("\u200b", "ZERO WIDTH SPACE"), ("\u00ad", "SOFT HYPHEN")],
)
def test_invisible_characters_are_refused_in_claims(corpus: Path, run: Run, hidden: str, name: str) -> None:
    text = VALID.replace("claim: Reports say ships", f"claim: Reports{hidden} say ships")
    (corpus / FACTS).write_text(text, encoding="utf-8")
    code, _, err = run(corpus, "check")
    assert code == 1
    assert err.splitlines()[0] == (
        f"content/facts/port.yaml:5:12: facts[0].claim: contains an invisible character, "
        f"U+{ord(hidden):04X} {name}, at character 8; remove it"
    )


def test_a_control_character_yaml_refuses_is_located(corpus: Path, run: Run) -> None:
    (corpus / FACTS).write_text(
        VALID.replace("claim: Reports say ships", "claim: Reports\u0007 say ships"), encoding="utf-8"
    )
    code, _, err = run(corpus, "check")
    assert code == 1
    assert err.splitlines()[0] == (
        "content/facts/port.yaml:5:19: (file): contains the control character U+0007, which YAML does not allow; remove it"
    )
