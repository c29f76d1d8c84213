"""A failing check or a failing site build writes nothing and keeps the previous output."""

from __future__ import annotations

from pathlib import Path

from briefing_gen.build import Project, load_and_check
from tests.conftest import Run


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_changing_one_character_in_any_quote_fails_check_naming_file_line_and_source(project: Path, run: Run) -> None:
    corpus = load_and_check(Project(project))
    tested = 0
    for fact in corpus.facts:
        for index, citation in enumerate(fact.model.citations):
            line = fact.line(("citations", index, "quote"))
            path = project / fact.path
            original = path.read_text(encoding="utf-8")
            path.write_text(_change_one_character(original, line), encoding="utf-8")
            code, _, err = run(project, "check")
            path.write_text(original, encoding="utf-8")
            assert code == 1
            assert f"{fact.path}:{line}:" in err, err
            assert f"quote not found in source '{citation.source}'" in err, err
            tested += 1
    assert tested == sum(len(f.model.citations) for f in corpus.facts) > 90


def _change_one_character(text: str, line: int) -> str:
    """Swap the first letter of the quote written at ``line`` (or, for a block, on the next line)."""
    lines = text.split("\n")
    number = line if lines[line - 1].rstrip().endswith(">-") else line - 1
    row = lines[number]
    start = row.index("quote:") + len("quote:") if "quote:" in row else 0
    column = next(i for i in range(start, len(row)) if row[i].isalpha())
    lines[number] = row[:column] + ("Q" if row[column] != "Q" else "Z") + row[column + 1 :]
    return "\n".join(lines)


def test_failed_check_leaves_previous_site_and_docs_untouched(project: Path, run: Run) -> None:
    assert run(project, "build")[0] == 0
    site, docs = tree(project / "site"), tree(project / "build" / "docs")
    facts = project / "content" / "facts" / "context.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("88 reports", "89 reports"), encoding="utf-8")
    code, out, err = run(project, "build")
    assert code == 1
    assert err.endswith("1 problem(s) found; nothing was written.\n")
    assert "Traceback" not in err + out
    assert tree(project / "site") == site
    assert tree(project / "build" / "docs") == docs


def test_site_engine_failure_keeps_previous_site(project: Path, run: Run) -> None:
    assert run(project, "build")[0] == 0
    site = tree(project / "site")
    methodology = project / "content" / "pages" / "methodology.md"
    methodology.write_text(methodology.read_text(encoding="utf-8") + "\nSee [nowhere](missing.md).\n", encoding="utf-8")
    code, _, err = run(project, "build")
    assert code == 1
    assert "MkDocs could not build the site" in err
    assert "missing.md" in err
    assert err.endswith("The previous site was kept.\n")
    assert tree(project / "site") == site
    assert not [p for p in project.iterdir() if p.name.startswith(".site")], "staging folder left behind"


def test_unchanged_rebuild_rewrites_no_markdown_file(project: Path, run: Run) -> None:
    assert run(project, "build")[0] == 0
    docs = project / "build" / "docs"
    stamps = {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}
    assert run(project, "build")[0] == 0
    assert {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()} == stamps


def test_check_reports_success_and_writes_nothing(project: Path, run: Run) -> None:
    code, out, err = run(project, "check")
    assert code == 0, err
    assert out == "OK: 51 facts, 96 quotes checked against 5 archived sources, 3 briefings.\n"
    assert not (project / "build").exists() and not (project / "site").exists()


def test_a_build_killed_midway_leaves_the_previous_site_complete(project: Path, run: Run) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    assert run(project, "build")[0] == 0
    site = tree(project / "site")
    facts = project / "content" / "facts" / "context.yaml"
    facts.write_text(
        facts.read_text(encoding="utf-8").replace(
            "Two versions of one story say police received 118",
            "Two versions of one story say the police received 118",
        ),
        encoding="utf-8",
    )
    build = subprocess.Popen(
        [sys.executable, "-m", "briefing_gen", "--root", str(project), "build"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not list(project.glob(".site.new-*")) and time.monotonic() < deadline and build.poll() is None:
        time.sleep(0.02)
    assert build.poll() is None, "the build ended before it could be killed"
    os.killpg(build.pid, signal.SIGKILL)  # MkDocs is writing the new site now
    build.wait()
    assert tree(project / "site") == site
    assert run(project, "build")[0] == 0, "the next build must succeed"
    assert not [p for p in project.iterdir() if p.name.startswith(".site.")], "leftovers were not cleaned up"
    assert (
        b"Two versions of one story say the police received 118"
        in (project / "site" / "background" / "index.html").read_bytes()
    )
