"""The hostile corpus (tests/hostile/): every case gets exactly its expected outcome.

Broken and hostile fact and source files get their exact messages and exit 1;
valid files carrying markup render it as inert text, with footnote numbering
and page structure unchanged. See tests/hostile_cases.py for the layout and
`python -m tests.update_hostile` to rewrite the expected files.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from briefing_gen.scan import active_content
from tests.hostile_cases import FIXTURE, TARGETS, cases, outcome, rendered_page

CASES = cases()


def test_the_corpus_has_at_least_forty_cases_of_every_kind() -> None:
    assert len(CASES) >= 40
    assert {case.name.split("--")[0] for case in CASES} == set(TARGETS)


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_case_gets_exactly_its_expected_outcome(case: Path) -> None:
    expected = case.with_suffix(".expected").read_text(encoding="utf-8")
    got = outcome(case)
    assert got == expected
    if case.name.startswith("built-"):
        assert got.startswith("exit 0\n") and got.endswith("scan: nothing active\n")
    elif not case.name.startswith("inert--"):
        assert got.startswith("exit 1\n")
        assert "TRACEBACK" not in got and "Traceback" not in got
        assert "PREVIOUS OUTPUT CHANGED" not in got


INERT = [c for c in CASES if c.name.startswith("inert--")]


@pytest.mark.parametrize("case", INERT, ids=[c.stem for c in INERT])
def test_markup_in_a_claim_changes_neither_structure_nor_footnotes(case: Path, tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    shutil.copytree(FIXTURE, root)
    original = rendered_page(root)
    (root / TARGETS["inert"]).write_bytes(case.read_bytes())
    page = rendered_page(root)
    tags = re.compile(r"<(\w+)[\s>]")
    assert tags.findall(page) == tags.findall(original), "the claim added or removed HTML elements"
    assert re.findall(r'id="fn(?:ref)?\d*:\d+"', page) == re.findall(r'id="fn(?:ref)?\d*:\d+"', original)
    (tmp_path / "page.html").write_text(f'<article class="md-content__inner">{page}</article>', encoding="utf-8")
    assert active_content(tmp_path) == []
