"""The whole rendered tree for the fixture corpus matches the committed golden tree."""

from __future__ import annotations

from tests.golden import GOLDEN, render_fixture


def test_rendered_tree_matches_golden_files() -> None:
    rendered = render_fixture()
    committed = {p.relative_to(GOLDEN).as_posix(): p.read_bytes() for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(rendered) == sorted(committed), "files differ; run `make golden` and review the diff"
    for path, content in rendered.items():
        assert content == committed[path], f"{path} differs; run `make golden` and review the diff"


def test_rendering_twice_gives_identical_bytes() -> None:
    assert render_fixture() == render_fixture()
