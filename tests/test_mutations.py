"""Every checkable term of every sentence, mutated: `check` must refuse each change, naming file and line.

The mutations are found here with their own simple rules (digits, number
words, capitalised words, phrases in quotation marks), not with the
generator's term extraction, so a term the generator fails to extract is a
mutation it fails to catch, and this test fails. For every fact of the real
corpus and of the fixture corpus:

- each figure, name and quoted phrase of each claim, key point and lede is
  changed (a figure to one no evidence gives, a name to another name of the
  corpus that the evidence lacks, a quoted phrase by a word);
- each quote is cut to its first word, and stitched across two paragraphs;
- each reported value is moved to words of the source outside its quote.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from briefing_gen.cli import main
from briefing_gen.quotes import normalise
from briefing_gen.yamlload import parse_yaml
from tests.conftest import FIXTURE, REPO

CORPORA = {"real corpus": REPO, "fixture corpus": FIXTURE}
NUMBER_WORDS = "two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred"
NUMBER_WORDS += " thousand million billion dozen dozens twice first second third"
SPARE_NUMBER_WORDS = ("thirteen", "seventeen", "nineteen", "sixty", "ninety")
FIELD_LINE = re.compile(r"\s*(?:- )?[\w-]+:(?:\s|$)")


@dataclass(frozen=True)
class Sentence:
    """A claim, key point or lede, where it is written, and the texts it may rest on."""

    path: str
    field: str  # as messages name it: facts[2].claim, key_points[0].text, lede
    text: str
    line: int
    column: int
    evidence: str  # case-folded


@dataclass(frozen=True)
class Mutation:
    what: str
    path: str
    old: str  # the file's text before and after
    new: str
    lines: range  # a message must name one of these lines
    field: str
    token: str = ""  # a message must contain this, when given


# --- Reading a corpus --------------------------------------------------------------------------------------------------


@dataclass
class Corpus:
    root: Path
    files: dict[str, str]  # path -> text, every YAML file of the content
    sources: dict[str, dict[str, Any]]  # id -> metadata
    texts: dict[str, str]  # id -> archived text
    facts: dict[str, tuple[str, int, dict[str, Any]]]  # id -> (path, index, data)

    @classmethod
    def of(cls, root: Path) -> Corpus:
        files = {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in root.glob("content/**/*.yaml")}
        sources, texts = {}, {}
        for meta in sorted(root.glob("sources/*.yaml")):
            data = yaml.safe_load(meta.read_text(encoding="utf-8"))
            sources[data["id"]] = data
            texts[data["id"]] = (root / "sources" / data["text"]).read_text(encoding="utf-8")
        facts = {}
        for path, text in files.items():
            if path.startswith("content/facts/"):
                for index, fact in enumerate(yaml.load(text, Loader=yaml.BaseLoader)["facts"]):
                    facts[fact["id"]] = (path, index, fact)
        return cls(root, files, sources, texts, facts)

    def fact_evidence(self, fact: dict[str, Any], with_claim: bool = False) -> list[str]:
        texts = [fact["claim"]] if with_claim else []
        texts += [fact.get("editors_note", ""), fact["date"]]
        for citation in fact["citations"]:
            texts += [citation["quote"], citation.get("reports", ""), citation.get("reading", {}).get("means", "")]
            source = self.sources[citation["source"]]
            texts += [source["publisher"], *source["credits"], *source.get("cites", []), str(source["published"])]
            texts += [source.get("dateline", "")]
        return texts

    def sentences(self) -> Iterator[Sentence]:
        for fact_id, (path, index, fact) in self.facts.items():
            yield self.sentence(path, ("facts", index, "claim"), fact["claim"], self.fact_evidence(fact))
            del fact_id
        for path, text in sorted(self.files.items()):
            data = yaml.load(text, Loader=yaml.BaseLoader)
            if path.startswith("content/briefings/"):
                for index, point in enumerate(data["key_points"]):
                    yield self.sentence(
                        path, ("key_points", index, "text"), point["text"], self.evidence(point["facts"])
                    )
                shown = [fact_id for section in data["sections"] for fact_id in section["facts"]]
                yield self.sentence(path, ("lede",), data["lede"], self.evidence(shown))
            elif path == "content/context.yaml":
                yield self.sentence(path, ("lede",), data["lede"], self.evidence(data["facts"]))

    def evidence(self, fact_ids: list[str]) -> list[str]:
        return [text for fact_id in fact_ids for text in self.fact_evidence(self.facts[fact_id][2], with_claim=True)]

    def sentence(self, path: str, loc: tuple[str | int, ...], text: str, evidence: list[str]) -> Sentence:
        line, column = parse_yaml(path, self.files[path]).position(loc)
        field = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".")
        return Sentence(path, field, text, line, column, "\n".join(evidence).casefold())


# --- Changing a file ---------------------------------------------------------------------------------------------------


def value_extent(text: str, line: int) -> tuple[int, int]:
    """(first, last) line of the value that starts at ``line``: up to the next key."""
    lines = text.split("\n")
    last = line
    while last < len(lines) and lines[last].strip() and not FIELD_LINE.match(lines[last]):
        last += 1
    return line, last


def replace_in_value(text: str, line: int, column: int, old: str, new: str) -> str | None:
    """``text`` with the first whole-word ``old`` inside the value at (line, column) replaced by ``new``."""
    first, last = value_extent(text, line)
    lines = text.split("\n")
    start = sum(len(entry) + 1 for entry in lines[: first - 1]) + column - 1
    end = sum(len(entry) + 1 for entry in lines[:last])
    pattern = re.compile(r"(?<![\w-])" + r"\s+".join(map(re.escape, old.split())) + r"(?![\w-])")
    found = pattern.search(text, start, end)
    if found is None:
        return None
    return text[: found.start()] + new + text[found.end() :]


def replace_value(text: str, line: int, column: int, new: str) -> str:
    """``text`` with the whole value at (line, column) replaced by the JSON string ``new`` (valid YAML)."""
    first, last = value_extent(text, line)
    lines = text.split("\n")
    start = sum(len(entry) + 1 for entry in lines[: first - 1]) + column - 1
    end = sum(len(entry) + 1 for entry in lines[:last]) - 1
    if lines[first - 2].rstrip().endswith((">-", ">", "|", "|-")):  # a block scalar: its text is its own lines
        return text[:start] + json.dumps(new) + text[end:]
    return text[:start] + json.dumps(new) + text[end:]


# --- Mutations ---------------------------------------------------------------------------------------------------------


def figures(sentence: str) -> list[str]:
    words = "|".join(NUMBER_WORDS.split())
    return re.findall(rf"(?<![\w.,])\d+(?![\w])|\b(?:{words})\b", sentence, re.IGNORECASE)


def names(sentence: str) -> list[str]:
    """Capitalised words that do not open a sentence, outside quotation marks."""
    bare = re.sub(r"\"[^\"]*\"|“[^”]*”", lambda m: " " * len(m.group()), sentence)
    return [m.group() for m in re.finditer(r"(?<![.;:!?]\s)(?<!^)\b[A-Z][\w'-]*", bare)]


def quoted(sentence: str) -> list[str]:
    return [a or b for a, b in re.findall(r"\"([^\"]+)\"|“([^”]+)”", sentence)]


def spare_figure(token: str, corpus_text: str) -> str:
    """A figure of the same kind that nothing in the corpus gives."""
    if token.isdigit():
        value = int(token) + 1
        while re.search(rf"(?<!\d){value}(?!\d)", corpus_text):
            value += 1
        return str(value)
    spare = next(word for word in SPARE_NUMBER_WORDS if not re.search(rf"\b{word}\b", corpus_text, re.IGNORECASE))
    return spare.capitalize() if token[0].isupper() else spare


def sentence_mutations(corpus: Corpus) -> Iterator[Mutation]:
    corpus_text = "\n".join([*corpus.files.values(), *corpus.texts.values()])
    written = [s.text for s in corpus.sentences()] + list(corpus.texts.values())
    pool = sorted({name.strip("'") for text in written for name in names(text) if len(name) > 2})
    for sentence in corpus.sentences():
        text = corpus.files[sentence.path]
        changes = [("figure", token, spare_figure(token, corpus_text)) for token in figures(sentence.text)]
        for token in names(sentence.text):
            other = next(n for n in pool if not re.search(rf"\b{re.escape(n.casefold())}\b", sentence.evidence))
            changes.append(("name", token, other))
        changes += [("quoted phrase", phrase, f"never {phrase}") for phrase in quoted(sentence.text)]
        for what, token, replacement in changes:
            new = replace_in_value(text, sentence.line, sentence.column, token, replacement)
            assert new is not None, f"{sentence.path}:{sentence.line}: cannot find {token!r} in {sentence.field}"
            first, last = value_extent(text, sentence.line)
            yield Mutation(
                f"{what} {token!r} -> {replacement!r} in {sentence.field}",
                sentence.path,
                text,
                new,
                range(first, last + 1),
                sentence.field,
                replacement.split()[0],
            )


def quote_mutations(corpus: Corpus, kind: str) -> Iterator[Mutation]:
    for fact_id, (path, index, fact) in corpus.facts.items():
        text = corpus.files[path]
        doc = parse_yaml(path, text)
        for number, citation in enumerate(fact["citations"]):
            field = f"facts[{index}].citations[{number}]"
            source = corpus.texts[citation["source"]]
            if kind == "cut":
                loc: tuple[str | int, ...] = ("facts", index, "citations", number, "quote")
                replacement = citation["quote"].split()[0].strip("\"'\u201c\u201d\u2018\u2019,.()")
            elif kind == "stitched":
                loc = ("facts", index, "citations", number, "quote")
                replacement = stitched(citation["quote"], source)
            elif "reports" in citation:
                loc = ("facts", index, "citations", number, "reports")
                replacement = outside(citation["quote"], source)
            else:
                continue
            line, column = doc.position(loc)
            new = replace_value(text, line, column, replacement)
            first, last = value_extent(text, line)
            yield Mutation(
                f"{kind} {field} of {fact_id} -> {replacement!r}", path, text, new, range(first, last + 1), field
            )


def paragraphs(source: str) -> list[str]:
    return [normalise(line) for line in source.split("\n") if normalise(line)]


def stitched(quote: str, source: str) -> str:
    """The quote's first words joined by '…' to the opening words of another paragraph."""
    found = paragraphs(source)
    head = " ".join(normalise(quote).split("…")[0].split()[:5])
    at = next(n for n, paragraph in enumerate(found) if head in paragraph)
    if at + 1 < len(found):
        return f"{head} … {' '.join(found[at + 1].split()[:5])}"
    return f"{' '.join(found[0].split()[:5])} … {head}"


def outside(quote: str, source: str) -> str:
    """Words of the source that are not in the quote."""
    inside = normalise(quote).casefold()
    for paragraph in paragraphs(source):
        words = " ".join(paragraph.split()[:4])
        if words.casefold() not in inside:
            return words
    raise AssertionError("no words outside the quote")


# --- Running them ------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=list(CORPORA), ids=list(CORPORA))
def copy(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    root = tmp_path_factory.mktemp("mutations") / "project"
    shutil.copytree(
        CORPORA[request.param], root, ignore=shutil.ignore_patterns("site", "build", ".venv", ".git", "tests")
    )
    return Corpus.of(root)


def caught(corpus: Corpus, mutation: Mutation, capsys: pytest.CaptureFixture[str]) -> str:
    """'' if check refuses the mutation with a located message; otherwise what went wrong."""
    target = corpus.root / mutation.path
    target.write_text(mutation.new, encoding="utf-8")
    try:
        code = main(["--root", str(corpus.root), "check"])
    finally:
        target.write_text(mutation.old, encoding="utf-8")
    _, err = capsys.readouterr()
    if "Traceback" in err:
        return f"{mutation.what}: traceback"
    located = [
        line
        for line in err.splitlines()
        if any(line.startswith(f"{mutation.path}:{n}:") for n in mutation.lines)
        and f" {mutation.field}" in line
        and mutation.token in line
    ]
    return "" if code == 1 and located else f"{mutation.what}: exit {code}, {err.strip()[:300]!r}"


def test_the_untouched_corpus_passes(copy: Corpus, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(copy.root), "check"]) == 0, capsys.readouterr().err


def test_every_changed_figure_name_and_quoted_phrase_is_caught(
    copy: Corpus, capsys: pytest.CaptureFixture[str]
) -> None:
    mutations = list(sentence_mutations(copy))
    kinds = {m.what.split()[0] for m in mutations}
    assert {"figure", "name", "quoted"} <= kinds  # every kind is tried on both corpora
    missed = [problem for m in mutations if (problem := caught(copy, m, capsys))]
    assert missed == [], f"{len(missed)} of {len(mutations)} mutations got through"


@pytest.mark.parametrize("kind", ["cut", "stitched", "reports"])
def test_every_quote_cut_stitched_or_outrun_is_caught(
    copy: Corpus, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    mutations = list(quote_mutations(copy, kind))
    assert mutations
    missed = [problem for m in mutations if (problem := caught(copy, m, capsys))]
    assert missed == [], f"{len(missed)} of {len(mutations)} mutations got through"
