"""The generator is not this site: nothing in briefing_gen/ names the corpus's subjects, sources or people.

Another team must be able to start a site on another subject without touching
the generator, so the subjects (content/topics.yaml), the sources and the people
the reports name live in the content only.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tests.conftest import FIXTURE, REPO

GENERATOR = REPO / "briefing_gen"
# The corpus's subject, places, outlets and people, as the reports write them.
CORPUS_WORDS = [
    "telegram", "deepfake", "korea", "seoul", "yonhap", "reuters", "afp", "bbc", "serbia", "durov", "kcsc",
    "techxplore", "Woo Jong-soo", "Cho Ji-ho", "Yoon Suk Yeol", "Cho Joo-bin", "Pavel Durov",
]  # fmt: skip


def corpus_names(root: Path) -> set[str]:
    """The topic, briefing and fact ids and the sources' ids, publishers, credits and cites a corpus declares."""
    topics = yaml.safe_load((root / "content" / "topics.yaml").read_text(encoding="utf-8"))["topics"]
    names = {topic["id"] for topic in topics}
    for path in (root / "content" / "briefings").glob("*.yaml"):
        names.add(yaml.safe_load(path.read_text(encoding="utf-8"))["id"])
    for path in (root / "content" / "facts").glob("*.yaml"):
        names |= {fact["id"] for fact in yaml.safe_load(path.read_text(encoding="utf-8"))["facts"]}
    for path in (root / "sources").glob("*.yaml"):
        source = yaml.safe_load(path.read_text(encoding="utf-8"))
        names |= {source["id"], *source["credits"], *source.get("cites", [])}
        names |= {source["publisher"]} - {"unknown"}
    return names


def files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def mentions(names: set[str], folder: Path = GENERATOR) -> list[str]:
    """Each file naming one of ``names`` as a whole word, in code, strings or comments ('briefings/<id>.md' too)."""
    found = []
    for path in files(folder):
        text = path.read_text(encoding="utf-8", errors="replace")
        for name in sorted(names):
            if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, re.IGNORECASE):
                found.append(f"{path.relative_to(folder.parent)}: {name}")
    return found


def test_the_generator_names_none_of_the_corpus_subjects_sources_or_people() -> None:
    names = corpus_names(REPO)
    assert {"legal-penalties", "reuters-telegram-pressure", "Yonhap", "deepfake-penalty-fine"} <= names
    assert mentions(names) == []
    # As `grep -ri` reads it: not even inside another word ("Korean").
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in files(GENERATOR)).casefold()
    assert [word for word in CORPUS_WORDS if word.casefold() in text] == []


def test_the_fixture_corpus_has_subjects_of_its_own() -> None:
    real, fixture = corpus_names(REPO), corpus_names(FIXTURE)
    assert fixture.isdisjoint(real)
    assert mentions(fixture - {"Port Authority"}) == []


def test_the_check_catches_a_subject_named_in_the_generator(tmp_path: Path) -> None:
    assert mentions({"how-it-works"}) != []  # the starter's own topic is in briefing_gen/starter/: the search sees it
    # In a comment, as a path: the hole that let 'briefings/legal-penalties.md' through.
    code = tmp_path / "generator"
    code.mkdir()
    (code / "pages.py").write_text("page: str  # the page's docs path, e.g. briefings/legal-penalties.md\n", "utf-8")
    (code / "notes.py").write_text("# see sources/reuters-telegram-pressure.txt, or Yonhap's\n", "utf-8")
    found = mentions(corpus_names(REPO), code)
    assert found == [
        "generator/notes.py: Yonhap",
        "generator/notes.py: reuters-telegram-pressure",
        "generator/pages.py: legal-penalties",
    ]
