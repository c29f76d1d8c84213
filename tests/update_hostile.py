"""Rewrite tests/hostile/*.expected from what each case gets now; review the diff before committing."""

from __future__ import annotations

from tests.hostile_cases import cases, outcome

if __name__ == "__main__":
    changed = 0
    for case in cases():
        expected = case.with_suffix(".expected")
        text = outcome(case)
        if not expected.exists() or expected.read_text(encoding="utf-8") != text:
            expected.write_text(text, encoding="utf-8")
            changed += 1
    print(f"{changed} expected file(s) written")
