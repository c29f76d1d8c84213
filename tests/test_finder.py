"""`quote "words"`: the passages that have the words, ranked, each printed as a citation that passes check."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from briefing_gen import finder
from briefing_gen.finder import Passage, as_citation
from briefing_gen.quotes import SourceText, segments
from briefing_gen.yamlload import parse_yaml
from tests.conftest import Run

HEADER = "Passages with these words, best first; paste one under a fact's 'citations:'.\n\n"


def test_passages_with_the_words_come_first_then_near_ones_with_the_words_that_differ(corpus: Path, run: Run) -> None:
    code, out, err = run(corpus, "quote", "120 ships were delayed")
    assert (code, err) == (0, "")
    assert out == HEADER + (
        "      # 1. harbour-daily, line 3: has the words as given\n"
        "      - source: harbour-daily\n"
        "        quote: The port authority said on Monday that 120 ships were delayed.\n"
        "\n"
        "      # 2. dock-bulletin, line 2: '120' where the source has '90'\n"
        "      - source: dock-bulletin\n"
        "        quote: In the past five days, 90 ships were delayed.\n"
        "\n"
        "      # 3. shipping-wire, line 3: '120' where the source has '150'\n"
        "      - source: shipping-wire\n"
        "        quote: About 150 ships were delayed at the port, the union said...\n"
    )


def test_the_words_are_found_as_the_quote_check_finds_them(corpus: Path, run: Run) -> None:
    # Straight for curly quotation marks, any spacing: the passage is printed in the source's own characters.
    code, out, _ = run(corpus, "quote", 'the delays   "will end soon"', "--source", "harbour-daily")
    assert code == 0
    assert out == HEADER + (
        "      # 1. harbour-daily, line 3: has the words as given\n"
        "      - source: harbour-daily\n"
        "        quote: Officials say the delays “will end soon”.\n"
    )


def test_a_printed_citation_passes_check_when_pasted(corpus: Path, run: Run) -> None:
    _, out, _ = run(corpus, "quote", "promised a review")
    citation = out.split("\n\n")[1].split("\n", 1)[1]  # the first result, without its comment
    facts = corpus / "content" / "facts" / "port.yaml"
    text = facts.read_text(encoding="utf-8")
    old = (
        "      - source: harbour-daily\n"
        '        quote: The minister called the backlog "unacceptable" and promised a review.\n'
    )
    assert old in text
    facts.write_text(text.replace(old, citation + "\n"), encoding="utf-8")
    assert run(corpus, "check")[0] == 0


def test_a_passage_yaml_would_misread_is_printed_as_a_folded_block() -> None:
    passage = Passage("harbour-daily", 1, 'Officials said: "no comment" - and left.')
    citation = as_citation(passage)
    assert citation == (
        '      - source: harbour-daily\n        quote: >-\n          Officials said: "no comment" - and left.\n'
    ).rstrip("\n")
    doc = parse_yaml("-", "citations:\n" + citation + "\n")
    assert doc.data == {"citations": [{"source": "harbour-daily", "quote": passage.quote}]}


def test_an_unknown_source_gets_a_did_you_mean(corpus: Path, run: Run) -> None:
    assert run(corpus, "quote", "ships", "--source", "harbor-daily") == (
        1,
        "",
        "error: no source with id 'harbor-daily'; did you mean 'harbour-daily'?\n",
    )


def test_words_no_source_has_are_said_to_be_missing(corpus: Path, run: Run) -> None:
    assert run(corpus, "quote", "zebra crossing") == (
        1,
        "",
        "error: no passage of the archived texts has these words, or most of them; "
        "try fewer words, as the source writes them\n",
    )


def test_a_passage_is_printed_without_the_invisible_marks_check_refuses_and_passes_check(
    corpus: Path, run: Run
) -> None:
    # Texts copied from PDFs and some sites carry soft hyphens and zero-width spaces inside words.
    text = corpus / "sources" / "harbour-daily.txt"
    raw = (
        text.read_text(encoding="utf-8")
        .replace("the delays", "the de\u00adlays\u200b")
        .replace("Officials", "Offi\u200bcials")
    )
    text.write_text(raw, encoding="utf-8")
    record = corpus / "sources" / "harbour-daily.yaml"
    digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    record.write_text(re.sub(r"sha256: \w+", f"sha256: {digest}", record.read_text(encoding="utf-8")), "utf-8")
    code, out, _ = run(corpus, "quote", "the delays will end soon", "--source", "harbour-daily")
    assert code == 0
    assert out == HEADER + (
        "      # 1. harbour-daily, line 3: has the words as given\n"
        "      - source: harbour-daily\n"
        "        quote: Officials say the delays “will end soon”.\n"
    )
    facts = corpus / "content" / "facts" / "port.yaml"
    old = '      - source: harbour-daily\n        quote: Officials say the delays "will end soon".\n'
    pasted = out.split("\n\n")[1].split("\n", 1)[1]
    facts.write_text(facts.read_text(encoding="utf-8").replace(old, pasted + "\n"), encoding="utf-8")
    assert run(corpus, "check")[0:2] == (0, "OK: 6 facts, 9 quotes checked against 3 archived sources, 1 briefing.\n")
    # The closest passage a near-miss quote is shown is pasteable too.
    wrong = facts.read_text(encoding="utf-8").replace("delays “will end soon”", "delays “will end later”")
    facts.write_text(wrong, encoding="utf-8")
    code, _, err = run(corpus, "check")
    assert code == 1
    assert 'closest passage: "Officials say the delays “will end soon”."\n' in err


def counting(monkeypatch: pytest.MonkeyPatch, name: str) -> list[Any]:
    """Record each call of finder.<name>: its arguments and what it returned (a generator's items, in a list)."""
    calls: list[Any] = []
    original = getattr(finder, name)

    def counted(*args: Any) -> Any:
        result = original(*args)
        if isinstance(result, Iterator):
            result = list(result)
            calls.append((args, result))
            return iter(result)
        calls.append((args, result))
        return result

    monkeypatch.setattr(finder, name, counted)
    return calls


SENTENCES = 3000


@pytest.mark.parametrize(
    "words",
    ["the police", "the police said ... the agency", "the police zebra giraffe"],
    ids=["exact", "parts", "close"],
)
def test_the_work_of_a_search_grows_with_the_text_not_with_its_square(
    monkeypatch: pytest.MonkeyPatch, words: str
) -> None:
    """A common phrase in a long text: the text is split into sentences once, the search never goes back over
    what it has searched, and only the passages shown are placed and copied out (it used to start over for
    each match, and place every sentence that shared a word: minutes for a 5 MiB text)."""
    raw = "".join(f"On day {n} the police said the agency had filed case {n}.\n" for n in range(SENTENCES))
    texts = {"long-report": SourceText.of(raw)}
    split = counting(monkeypatch, "_sentences")
    copied = counting(monkeypatch, "_raw")
    searched = counting(monkeypatch, "find_parts")
    found = finder.find_passages(texts, words)
    assert len(found) == finder.MAX_RESULTS and found[0].line == 1
    assert [len(sentences) for _, sentences in split] == [SENTENCES]  # split once
    assert len(copied) <= 2 * finder.MAX_RESULTS  # only the passages shown, or each part of one
    starts = [args[2] if len(args) > 2 else 0 for args, _ in searched if len(args[1]) == len(segments(words))]
    assert starts == sorted(set(starts))  # every search of the whole phrase starts beyond the last one
    assert len(starts) <= SENTENCES + 1
