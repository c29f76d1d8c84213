"""Messages in the contributor's words: YAML mistakes explained, near-miss quotes, every problem in one run.

Each case breaks the fixture corpus the way a contributor would and pins what ``check`` says, exactly.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from briefing_gen.errors import plural
from tests.conftest import Run

FACTS = "content/facts/port.yaml"
VALID = (Path(__file__).parent / "fixtures" / "corpus" / FACTS).read_text(encoding="utf-8")
SECOND_FACT = "    topic: official-response\n    date: 2024-03\n    claim: Officials"


def edit(old: str, new: str) -> str:
    assert VALID.count(old) == 1, old
    return VALID.replace(old, new)


def check(run: Run, root: Path, *args: str) -> list[str]:
    code, out, err = run(root, "check", *args)
    assert code == 1 and out == ""
    *lines, summary = err.splitlines()
    assert summary == f"{plural(len(lines), 'problem')} found; nothing was written."
    return lines


INDENTED = "the fields of one item line up, and a new item starts with '- ' in line with the others"
AFTER_GT = "write it on the next line after '>-'"
YAML_CASES = [
    (
        "a field indented less than the others",
        edit(SECOND_FACT, SECOND_FACT.replace("    date:", "   date:")),
        f"content/facts/port.yaml:16:4: (syntax): this line is indented 3 spaces, but the field before it "
        f"('topic', line 15) is indented 4: {INDENTED}",
    ),
    (
        "a field indented more than the others",
        edit(SECOND_FACT, SECOND_FACT.replace("    date:", "      date:")),
        f"content/facts/port.yaml:16:7: (syntax): this line is indented 6 spaces, but the field before it "
        f"('topic', line 15) is indented 4: {INDENTED}",
    ),
    (
        "a list item out of line",
        edit(
            "      - source: shipping-wire\n        quote: The review",
            "     - source: shipping-wire\n        quote: The review",
        ),
        f"content/facts/port.yaml:29:6: (syntax): this line is indented 5 spaces, but the field before it "
        f"('quote', line 28) is indented 8: {INDENTED}",
    ),
    (
        "a missing colon",
        edit(SECOND_FACT, SECOND_FACT.replace("topic: ", "topic ")),
        "content/facts/port.yaml:15:5: (syntax): this line is neither 'name: value' nor part of the value above it: "
        "if it is a field, write a colon and a space after its name; if it continues the text above, indent it more "
        "than that text's field name",
    ),
    (
        "a missing space after the colon",
        edit(SECOND_FACT, SECOND_FACT.replace("topic: ", "topic:")),
        "content/facts/port.yaml:15:5: (syntax): 'topic:' needs a space after the colon: "
        "write 'topic: official-response'",
    ),
    (
        "a tab",
        edit(SECOND_FACT, SECOND_FACT.replace("    topic", "\ttopic")),
        "content/facts/port.yaml:15:1: (syntax): a tab character; YAML is indented with spaces only: "
        "replace the tab with spaces",
    ),
    (
        "an unclosed quotation mark",
        edit('quote: Officials say the delays "will end soon".', 'quote: "Officials say the delays will end soon.'),
        'content/facts/port.yaml:20:16: (syntax): the quotation mark (") that starts this value is not closed on its '
        f'line, so YAML reads on to the next one, on line 24: end the value with ", or {AFTER_GT}',
    ),
    (
        "an unclosed quotation mark at the end of the file",
        VALID + '  - id: last\n    claim: "Officials say\n',
        'content/facts/port.yaml:32:12: (syntax): the quotation mark (") that starts this value is never closed: '
        f'end the value with ", or, if the text only begins with a quotation mark, {AFTER_GT}',
    ),
    (
        "text after a closing quotation mark",
        edit('quote: Officials say the delays "will end soon".', 'quote: "Officials say" the delays will end soon.'),
        'content/facts/port.yaml:20:32: (syntax): text after the closing quotation mark ("): a value in quotation '
        "marks ends there. Write the whole value after '>-' on the next line, where quotation marks are plain text",
    ),
    (
        "a colon and a space inside a value",
        edit("claim: Officials say the delays", "claim: Officials say: the delays"),
        "content/facts/port.yaml:17:25: (syntax): ': ' inside a value, where YAML expects a new field: "
        f"put the whole value in quotation marks, or {AFTER_GT}",
    ),
    (
        "a dash glued to the first field of the first item",
        edit("  - id: ships-delayed\n", "  -id: ships-delayed\n"),
        "content/facts/port.yaml:2:3: (syntax): '-id:' needs a space after the '-', which starts a new item: "
        "write '- id: ships-delayed'",
    ),
    (
        "a dash glued to the first field of a later item",
        edit("  - id: delays-will-end\n", "  -id: delays-will-end\n"),
        "content/facts/port.yaml:14:3: (syntax): '-id:' needs a space after the '-', which starts a new item: "
        "write '- id: delays-will-end'",
    ),
    (
        "a dash glued to a citation's first field",
        edit(
            "      - source: shipping-wire\n        quote: About", "      -source: shipping-wire\n        quote: About"
        ),
        "content/facts/port.yaml:11:7: (syntax): '-source:' needs a space after the '-', which starts a new item: "
        "write '- source: shipping-wire'",
    ),
    (
        "a continued line that starts with a character YAML keeps",
        edit('"will end soon" & <promise> a review.\n', '"will end soon"\n    & <promise> a review.\n'),
        "content/facts/port.yaml:18:5: (syntax): a value may not start with '&', which YAML keeps for itself: "
        f"put the value in quotation marks, or {AFTER_GT}",
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in YAML_CASES], ids=[c[0] for c in YAML_CASES])
def test_a_yaml_mistake_is_explained_where_it_is(corpus: Path, run: Run, text: str, expected: str) -> None:
    (corpus / FACTS).write_text(text, encoding="utf-8")
    assert check(run, corpus) == [expected]


def test_a_fact_with_a_bad_field_still_has_every_other_rule_checked(corpus: Path, run: Run) -> None:
    text = edit("date: 2024-03-04", "date: 2024-13-04")
    text = text.replace("quote: The port authority said on Monday", "quote: The port authority said on Tuesday")
    text = text.replace(SECOND_FACT, SECOND_FACT.replace("official-response", "oficial-response"))
    text = text.replace("promised a review, due in March.", "promised a review, due in April.")
    (corpus / FACTS).write_text(text, encoding="utf-8")
    assert check(run, corpus) == [
        "content/facts/port.yaml:4:11: facts[0].date: '2024-13-04' is not a real date",
        "content/facts/port.yaml:9:16: facts[0].citations[0].quote: quote not found in source 'harbour-daily' "
        "(sources/harbour-daily.txt): 'Tuesday' where the source has 'Monday'; closest passage: "
        '"The port authority said on Monday that 120 ships were delayed."',
        "content/facts/port.yaml:15:12: facts[1].topic: no topic with id 'oficial-response'; "
        "did you mean 'official-response'?",
        'content/facts/port.yaml:24:89: facts[2].claim: "April" is in the claim but in none of its 2 quotes '
        '(closest: "March" in shipping-wire); if the editors add it, say so in the fact\'s editors_note',
    ]


def test_a_source_with_a_bad_field_still_has_its_quotes_checked(corpus: Path, run: Run) -> None:
    source = corpus / "sources" / "shipping-wire.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("url: unknown", "url: ftp://x.example"), "utf-8")
    (corpus / FACTS).write_text(edit("will report in March.", "will report in April."), encoding="utf-8")
    assert check(run, corpus) == [
        "content/facts/port.yaml:30:16: facts[2].citations[1].quote: quote not found in source 'shipping-wire' "
        "(sources/shipping-wire.txt): 'April' where the source has 'March'; closest passage: "
        '"The review will report in March."',
        "sources/shipping-wire.yaml:9:6: url: must be an http(s) address given by the text itself, or 'unknown'",
    ]


def test_a_typo_in_a_sources_date_is_one_problem_not_one_per_fact_citing_it(project: Path, run: Run) -> None:
    """The real corpus: the date set aside is not read as 'this report gives no date' by the facts' date rule."""
    source = project / "sources" / "afp-techxplore-probe.yaml"
    text = source.read_text(encoding="utf-8")
    assert text.count("published: 2024-09-02\n") == 1
    source.write_text(text.replace("published: 2024-09-02\n", "published: 2024-9-02\n"), encoding="utf-8")
    assert check(run, project) == [
        "sources/afp-techxplore-probe.yaml:8:12: published: '2024-9-02' is not a date; "
        "write it as YYYY-MM-DD, YYYY-MM or YYYY"
    ]


def test_a_claim_naming_a_sources_credit_is_not_faulted_when_the_credits_are_bad(corpus: Path, run: Run) -> None:
    source = corpus / "sources" / "harbour-daily.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("credits:\n  - Example Wire\n", "credits: Example Wire\n"), "utf-8")
    facts = edit("claim: Officials say the delays", "claim: Officials told Example Wire the delays")
    (corpus / FACTS).write_text(facts, encoding="utf-8")
    assert check(run, corpus) == [
        "sources/harbour-daily.yaml:4:10: credits: must be a list (one '- ' item per line), not 'Example Wire'"
    ]


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("Official-Response", "official-response"),
        ("official response", "official-response"),
        ("Ship delays", "ship-delays"),
    ],
)
def test_a_topic_written_as_its_title_or_in_capitals_gets_a_did_you_mean(
    corpus: Path, run: Run, written: str, meant: str
) -> None:
    (corpus / FACTS).write_text(edit(SECOND_FACT, SECOND_FACT.replace("official-response", written)), "utf-8")
    assert check(run, corpus) == [
        f"content/facts/port.yaml:15:12: facts[1].topic: no topic with id '{written}'; did you mean '{meant}'?"
    ]


def test_a_fact_id_mistyped_in_other_windows_or_see_also_gets_a_did_you_mean(corpus: Path, run: Run) -> None:
    facts = corpus / "content" / "facts" / "editorial.yaml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace("other_windows: [ships-delayed]", "other_windows: [Ships-Delayed]"), "utf-8")
    briefing = corpus / "content" / "briefings" / "port-delays.yaml"
    text = briefing.read_text(encoding="utf-8")
    briefing.write_text(
        text.replace("see_also: [ships-delayed-five-days]", "see_also: [ships delayed five days]"), "utf-8"
    )
    assert check(run, corpus) == [
        "content/briefings/port-delays.yaml:15:16: sections[0].see_also[0]: no fact with id 'ships delayed five days'; "
        "did you mean 'ships-delayed-five-days'?",
        "content/facts/editorial.yaml:22:21: facts[1].other_windows[0]: no fact with id 'Ships-Delayed'; "
        "did you mean 'ships-delayed'?",
    ]


def test_a_yes_or_no_where_a_fact_id_goes_is_one_message(corpus: Path, run: Run) -> None:
    facts = corpus / "content" / "facts" / "editorial.yaml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace("other_windows: [ships-delayed]", "other_windows: [NO]"), "utf-8")
    assert check(run, corpus) == [
        "content/facts/editorial.yaml:22:21: facts[1].other_windows[0]: 'NO' is ambiguous in YAML; write true or "
        "false, or put it in quotes if you mean the text"
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "\nlanguage: en\n",
            "\nlanguage: English\n",
            "sources/harbour-daily.yaml:7:11: language: 'English' is not a language code; write the code "
            "(en, fr, en-GB), or 'unknown'",
        ),
        (
            "sha256: 3c7f",
            "sha256: 3C7F",
            "sources/harbour-daily.yaml:13:9: sha256: '3C7Ffe1b2ad841f25af3c73da6efd120ebf218f03250978ecefab782f91a6298' "
            "is not a SHA-256 digest (64 characters, 0-9 and a-f); write what sha256sum prints for the text",
        ),
    ],
    ids=["language", "sha256"],
)
def test_a_source_field_in_the_wrong_form_says_what_form(
    corpus: Path, run: Run, old: str, new: str, expected: str
) -> None:
    source = corpus / "sources" / "harbour-daily.yaml"
    text = source.read_text(encoding="utf-8")
    assert text.count(old) == 1
    source.write_text(text.replace(old, new), encoding="utf-8")
    assert check(run, corpus) == [expected]


def test_a_near_miss_quote_names_the_word_the_source_does_not_have(corpus: Path, run: Run) -> None:
    quote = 'quote: The minister called the backlog "unacceptable" and promised a review.'
    (corpus / FACTS).write_text(edit(quote, quote.replace("the backlog", "the major backlog")), encoding="utf-8")
    assert check(run, corpus) == [
        "content/facts/port.yaml:28:16: facts[2].citations[0].quote: quote not found in source 'harbour-daily' "
        "(sources/harbour-daily.txt): 'major' is not in the source; closest passage: "
        '"The minister called the backlog "unacceptable" and promised a review."',
    ]


def test_a_quote_from_another_source_says_which_source_has_it(corpus: Path, run: Run) -> None:
    text = edit(
        "quote: The review will report in March.",
        'quote: The minister called the backlog "unacceptable" and promised a review.',
    )
    (corpus / FACTS).write_text(text, encoding="utf-8")
    assert check(run, corpus) == [
        "content/facts/port.yaml:30:16: facts[2].citations[1].quote: quote not found in source 'shipping-wire' "
        "(sources/shipping-wire.txt), but it is in source 'harbour-daily' (sources/harbour-daily.txt): "
        "cite the source that has it, or quote this one's own words",
    ]


def test_punctuation_alone_is_said_to_differ(corpus: Path, run: Run) -> None:
    quote = 'quote: The minister called the backlog "unacceptable" and promised a review.'
    (corpus / FACTS).write_text(edit(quote, quote.replace('"unacceptable"', "unacceptable")), encoding="utf-8")
    assert check(run, corpus) == [
        "content/facts/port.yaml:28:16: facts[2].citations[0].quote: quote not found in source 'harbour-daily' "
        "(sources/harbour-daily.txt): the words are the source's, but not its punctuation; closest passage: "
        '"The minister called the backlog "unacceptable" and promised a review."',
    ]


def test_a_site_without_topics_is_told_where_to_declare_them(corpus: Path, run: Run) -> None:
    (corpus / "content" / "topics.yaml").unlink()
    assert check(run, corpus)[:1] == [
        "content/facts/editorial.yaml:5:12: facts[0].topic: no topic with id 'official-response'; "
        "declare the topics in content/topics.yaml",
    ]


def test_annotations_are_titled_with_the_fact_id(corpus: Path, run: Run) -> None:
    (corpus / FACTS).write_text(edit("date: 2024-03-04", "date: 2024-13-04"), encoding="utf-8")
    code, out, err = run(corpus, "check", "--format", "github")
    assert code == 1 and err == "1 problem found; nothing was written.\n"
    assert out == (
        "::error file=content/facts/port.yaml,line=4,col=11,title=fact ships-delayed%3A facts[0].date::"
        "'2024-13-04' is not a real date\n"
    )


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def remove_the_review_section(corpus: Path) -> None:
    git(corpus, "init", "-q")
    git(corpus, "add", "-A")
    git(corpus, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base")
    briefing = corpus / "content" / "briefings" / "port-delays.yaml"
    text = briefing.read_text(encoding="utf-8").replace("  - title: Review\n    facts: [minister-review]\n", "")
    text = text.replace(
        "A review will report in March.\n    facts: [minister-review]",
        "Ships were delayed.\n    facts: [ships-delayed]",
    )
    briefing.write_text(text, encoding="utf-8")


def test_a_fact_the_change_took_off_every_page_says_where_it_was(corpus: Path, run: Run) -> None:
    remove_the_review_section(corpus)
    assert check(run, corpus, "--base", "HEAD") == [
        "content/facts/port.yaml:21:9: facts[2].id: fact 'minister-review' is not shown anywhere (this change removed "
        "it from content/briefings/port-delays.yaml, section 'Review'); add it to a briefing section or to "
        "content/context.yaml",
    ]
    code, out, _ = run(corpus, "diff", "HEAD")
    assert code == 0
    assert (
        "### Facts no longer shown anywhere (1)\n\n"
        "- `minister-review`: removed from content/briefings/port-delays.yaml, section 'Review'\n"
    ) in out


WITHDRAWN = "content/withdrawn.yaml"


def test_a_bad_withdrawn_file_gets_every_problem_in_the_editors_words(corpus: Path, run: Run) -> None:
    (corpus / WITHDRAWN).write_text(
        "withdrawn:\n"
        "  - id: containers-unloaded\n"
        "    reson: it gave a figure the report does not give\n"
        "  - id: Containers Unloaded\n"
        "    reason: wrong\n"
        '  - id: old-fact\n    reason: "it named the wrong port\\u202e"\n'
        '  - id: older-fact\n    reason: ""\n',
        encoding="utf-8",
    )
    assert check(run, corpus) == [
        "content/withdrawn.yaml:3:5: withdrawn[0].reson: unknown field 'reson'; did you mean 'reason'?",
        "content/withdrawn.yaml:4:9: withdrawn[1].id: 'Containers Unloaded' is not a valid id; "
        "use lowercase letters, digits and single hyphens, like 'max-fine'",
        "content/withdrawn.yaml:7:13: withdrawn[2].reason: contains an invisible character, "
        "U+202E RIGHT-TO-LEFT OVERRIDE, at character 24; remove it",
        "content/withdrawn.yaml:9:13: withdrawn[3].reason: must not be empty",
    ]


def test_a_fact_withdrawn_twice_is_refused_and_an_unknown_or_current_one_is_fine(corpus: Path, run: Run) -> None:
    (corpus / WITHDRAWN).write_text(
        "withdrawn:\n"
        "  - id: a-fact-long-gone\n    reason: it named the wrong port\n"
        "  - id: minister-review\n    reason: an earlier wording gave the wrong month\n"
        "  - id: a-fact-long-gone\n    reason: it was wrong\n",
        encoding="utf-8",
    )
    assert check(run, corpus) == [
        "content/withdrawn.yaml:6:9: withdrawn[2].id: fact 'a-fact-long-gone' is already withdrawn at "
        "content/withdrawn.yaml:2; give it one entry, with one reason",
    ]
    (corpus / WITHDRAWN).write_text(
        "withdrawn:\n  - id: a-fact-long-gone\n    reason: it named the wrong port\n"
        "  - id: minister-review\n    reason: an earlier wording gave the wrong month\n",
        encoding="utf-8",
    )
    assert run(corpus, "check")[0] == 0


def test_an_empty_withdrawn_file_or_list_says_what_it_should_hold(corpus: Path, run: Run) -> None:
    (corpus / WITHDRAWN).write_text("", encoding="utf-8")
    assert check(run, corpus) == [
        "content/withdrawn.yaml:1:1: (file): the file is empty; expected a mapping with 'withdrawn'"
    ]
    (corpus / WITHDRAWN).write_text("withdrawn: []\n", encoding="utf-8")
    assert check(run, corpus) == ["content/withdrawn.yaml:1:12: withdrawn: needs at least 1 item, has 0"]


def test_an_empty_text_field_is_called_empty(corpus: Path, run: Run) -> None:
    topics = corpus / "content" / "topics.yaml"
    text = topics.read_text(encoding="utf-8")
    topics.write_text(text.replace("description: How many ships", 'description: ""\n    # How many ships', 1), "utf-8")
    assert check(run, corpus) == ["content/topics.yaml:4:18: topics[0].description: must not be empty"]
