"""A synthetic corpus of any size, the same for the same seed.

N facts with about three citations each, over N/10 sources whose archived
texts contain every quoted passage, in briefings of about 50 facts (five
sections of ten), with one fact in twenty reporting a conflict between two
sources. Written as a real project folder: the generator reads it like any other.
Every source is published under an open licence, so its full text is on the
site (the larger case). The folder is a git repository with a history the
editions are read from: the corpus, then corrections to one fact in each of
five fact files, then a briefing that rewrites its introduction and hands a
fact to another briefing.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import subprocess
from pathlib import Path

from tests.conftest import REPO

WORDS = [
    "police",
    "regulator",
    "report",
    "platform",
    "court",
    "ministry",
    "agency",
    "statement",
    "investigation",
    "evidence",
    "network",
    "content",
    "request",
    "account",
    "review",
    "minister",
    "officials",
    "video",
    "channel",
    "victims",
    "suspects",
    "fine",
    "penalty",
    "prison",
    "cooperation",
    "authority",
    "commission",
    "press",
    "briefing",
    "week",
    "month",
    "year",
    "data",
]
# People and bodies the synthetic reports name, so claims carry names, figures and dates to align.
NAMES = ["Kim Min-jun", "Lee Seo-yeon", "Park Ji-ho", "Alice Martin", "Omar Haddad", "Maria Rossi"]
BODIES = ["Harbour Authority", "Transport Ministry", "National Police Agency", "Media Regulator"]
MONTHS = ["August", "September"]
FACTS_PER_BRIEFING = 50
SECTIONS_PER_BRIEFING = 5
FACTS_PER_FILE = 500


def sentence(rng: random.Random, number: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 20))]
    return f"Passage {number}: " + " ".join(words).capitalize() + "."


def statement(rng: random.Random) -> str:
    """What a fact asserts: who said it, a figure and a date, as a report and the claim both give them."""
    name, body = rng.choice(NAMES), rng.choice(BODIES)
    return f"{name} of the {body} counted {rng.randint(2, 999)} cases on {rng.randint(1, 28)} {rng.choice(MONTHS)}"


def write_corpus(
    root: Path, facts: int, seed: int = 2024, edits: int = 0, per_briefing: int = FACTS_PER_BRIEFING
) -> Path:
    """Write a project with ``facts`` facts under ``root``, in briefings of ``per_briefing`` facts, and ``edits``
    more commits (one claim each); return ``root``."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    (root / "content" / "facts").mkdir(parents=True)
    (root / "content" / "briefings").mkdir(parents=True)
    (root / "sources").mkdir(parents=True)
    shutil.copytree(REPO / "content" / "pages", root / "content" / "pages")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    sources = max(2, facts // 10)
    texts: list[list[str]] = [[] for _ in range(sources)]
    fact_docs = []
    for number in range(facts):
        cited = rng.sample(range(sources), k=min(sources, rng.choice([2, 3, 3, 4])))
        said = statement(rng)
        citations: list[dict[str, str]] = []
        for source in cited:
            passage = sentence(rng, len(texts[source]))[:-1] + f", and {said} 2024."
            texts[source].append(passage)
            citations.append({"source": f"source-{source}", "quote": passage})
        fact: dict[str, object] = {
            "id": f"fact-{number}",
            "topic": "ship-delays",
            "date": "2024",
            "claim": f"Reports say {said} 2024; " + sentence(rng, number).split(": ", 1)[1].lower(),
        }
        if number % 20 == 0:
            fact["differs_on"] = "the figure reported"
            for citation in citations:
                citation["reports"] = citation["quote"].split(":", 1)[1].split()[0]
            if len({c["reports"] for c in citations}) < 2:
                del fact["differs_on"]
                for citation in citations:
                    del citation["reports"]
        fact["citations"] = citations
        fact_docs.append(fact)
    _write_facts(root, fact_docs)
    _write_sources(root, texts)
    _write_briefings(root, facts, per_briefing)
    topics = {"topics": [{"id": "ship-delays", "title": "Ships delayed", "description": "Delays at the ports."}]}
    (root / "content" / "topics.yaml").write_text(_yaml(topics), encoding="utf-8")
    _commit_history(root)
    _edit_history(root, edits)
    return root


def _git(root: Path, *args: str, day: int = 1, minute: int = 0) -> None:
    """git in ``root``, as a fixed author at a fixed time (2024-09-``day``, ``minute`` minutes after noon), so every
    run makes the same commits."""
    when = f"2024-09-{day:02d}T{12 + minute // 60:02d}:{minute % 60:02d}:00+00:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    identity = ["-c", "user.name=Bench", "-c", "user.email=bench@example.invalid", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "-C", str(root), *identity, *args], check=True, capture_output=True, env=env)


def _commit_history(root: Path) -> None:
    """Three commits: the corpus; corrections to five facts in five files; one briefing revised."""
    _git(root, "init", "-q", "-b", "main")
    (root / ".gitignore").write_text("build/\nsite/\n", encoding="utf-8")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "The corpus", day=1)
    for path in sorted((root / "content" / "facts").glob("*.yaml"))[:5]:
        text = path.read_text(encoding="utf-8")
        claim = json.loads(text)["facts"][3]["claim"]
        path.write_text(text.replace(claim, claim.replace("; ", "; corrected, ", 1), 1), encoding="utf-8")
    _git(root, "commit", "-q", "-a", "-m", "Corrections to five facts", day=2)
    first, second = (root / "content" / "briefings" / f"briefing-{n}.yaml" for n in (0, 1))
    data = json.loads(first.read_text(encoding="utf-8"))
    other = json.loads(second.read_text(encoding="utf-8")) if second.is_file() else data  # a tiny corpus has one
    data["lede"] = "What the reports say about the cases they counted."
    other["sections"][0]["facts"].append(data["sections"][-1]["facts"].pop())  # moved to another briefing
    first.write_text(_yaml(data), encoding="utf-8")
    if other is not data:
        second.write_text(_yaml(other), encoding="utf-8")
    _git(root, "commit", "-q", "-a", "-m", "A briefing revised, and a fact moved to another", day=3)


def _edit_history(root: Path, edits: int) -> None:
    """``edits`` commits after the first three, each rewording one claim (a different fact each time), as a
    long-lived site's history has: one small pull request after another."""
    files = sorted((root / "content" / "facts").glob("*.yaml"))
    facts = sum(len(json.loads(path.read_text(encoding="utf-8"))["facts"]) for path in files)
    for edit in range(min(edits, facts)):
        number = edit * 7919 % facts  # a prime step: a different fact each time, spread over every file
        path = files[number // FACTS_PER_FILE]
        data = json.loads(path.read_text(encoding="utf-8"))
        fact = data["facts"][number % FACTS_PER_FILE]
        fact["claim"] = fact["claim"].replace("; ", "; as revised, ", 1)
        path.write_text(_yaml(data), encoding="utf-8")
        _git(root, "commit", "-q", "-a", "-m", f"Reword {fact['id']}", day=4 + edit // 600, minute=edit % 600)


def _write_facts(root: Path, facts: list[dict[str, object]]) -> None:
    for start in range(0, len(facts), FACTS_PER_FILE):  # files of 500 facts, as a team would split them
        chunk = facts[start : start + FACTS_PER_FILE]
        (root / "content" / "facts" / f"facts-{start // FACTS_PER_FILE:03d}.yaml").write_text(
            _yaml({"facts": chunk}), encoding="utf-8"
        )


LICENCE_STATEMENT = "Published under a Creative Commons Attribution 4.0 licence."


def _write_sources(root: Path, texts: list[list[str]]) -> None:
    for number, passages in enumerate(texts):
        body = f"Synthetic report {number}\n\n" + "\n".join(passages) + f"\n{LICENCE_STATEMENT}\n"
        raw = body.encode("utf-8")
        (root / "sources" / f"source-{number}.txt").write_bytes(raw)
        meta = {
            "id": f"source-{number}",
            "title": f"Synthetic report {number}",
            "publisher": "unknown",
            "credits": [],
            "published": "unknown",
            "language": "en",
            "translation": "unknown",
            "original_language": "unknown",
            "url": "unknown",
            "archived": "2026-11-24",
            "text": f"source-{number}.txt",
            "sha256": hashlib.sha256(raw).hexdigest(),
            "received_as": f"source-{number}.txt",
            "rights": {
                "status": "open-licence",
                "licence": "https://creativecommons.org/licenses/by/4.0/",
                "statement": LICENCE_STATEMENT,
            },
        }
        (root / "sources" / f"source-{number}.yaml").write_text(_yaml(meta), encoding="utf-8")


def _write_briefings(root: Path, facts: int, per_briefing: int) -> None:
    per_section = per_briefing // SECTIONS_PER_BRIEFING
    for briefing, start in enumerate(range(0, facts, per_briefing)):
        ids = [f"fact-{n}" for n in range(start, min(start + per_briefing, facts))]
        sections = [
            {"title": f"Section {s + 1}", "facts": ids[s * per_section : (s + 1) * per_section]}
            for s in range(SECTIONS_PER_BRIEFING)
        ]
        definition = {
            "id": f"briefing-{briefing}",
            "title": f"Synthetic briefing {briefing}",
            "as_of": "2024-09",
            "lede": "What the reports say about the cases counted.",
            "key_points": [{"text": "The reports say cases were counted.", "facts": [ids[k]]} for k in range(3)],
            "sections": [section for section in sections if section["facts"]],
        }
        (root / "content" / "briefings" / f"briefing-{briefing}.yaml").write_text(_yaml(definition), encoding="utf-8")


def _yaml(data: object) -> str:
    # JSON is YAML: quoted strings stay text for our strict loader.
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"
