"""Regenerate tests/golden/ from the fixture corpus: `make golden`, then review the diff."""

from __future__ import annotations

from briefing_gen.write import sync_folder
from tests.golden import GOLDEN, render_fixture

if __name__ == "__main__":
    changed = sync_folder(render_fixture(), GOLDEN)
    print(f"{len(changed)} golden file(s) changed: " + (", ".join(changed) or "none"))
