"""Only regular files inside the project are read: links, devices and outside paths are refused by name."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO, Run

FACTS = Path("content/facts/port.yaml")
SECRET = "SECRET-VALUE-4711"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "private.yaml"
    path.write_text(f"facts:\n  - {SECRET}: [\n", encoding="utf-8")  # broken YAML: its error would quote it
    return path


@pytest.mark.parametrize(
    ("inside", "target", "message"),
    [
        (FACTS, "/proc/self/environ", "is a symbolic link; commit the file itself, inside the project"),
        (FACTS, "/dev/zero", "is a symbolic link; commit the file itself, inside the project"),
        (FACTS, "SECRET", "is a symbolic link; commit the file itself, inside the project"),
        (
            Path("content/pages/environ.md"),
            "/proc/self/environ",
            "is a symbolic link; commit the file itself, inside the project",
        ),
        (
            Path("sources/harbour-daily.txt"),
            "/proc/self/environ",
            "is a symbolic link; commit the file itself, inside the project",
        ),
        (Path("content/context.yaml"), "/dev/zero", "is a symbolic link; commit the file itself, inside the project"),
    ],
)
def test_a_link_is_refused_by_name_and_never_read(
    corpus: Path, run: Run, secret: Path, inside: Path, target: str, message: str
) -> None:
    (corpus / inside).unlink(missing_ok=True)
    (corpus / inside).symlink_to(secret if target == "SECRET" else target)
    code, out, err = run(corpus, "check")
    assert code == 1
    assert f"{inside.as_posix()}:1:1: (file): {message}\n" in err
    assert SECRET not in out + err and "PATH=" not in out + err and "Traceback" not in out + err


def test_a_linked_folder_outside_the_project_is_refused(corpus: Path, run: Run, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "leak.md").write_text("# Leak\n", encoding="utf-8")
    (corpus / "content" / "pages" / "shared").symlink_to(outside)
    code, _, err = run(corpus, "check")
    assert code == 1
    assert "content/pages/shared:1:1: (file): is a symbolic link; commit the file itself, inside the project\n" in err


def test_a_pipe_is_refused_without_waiting_for_it(corpus: Path, run: Run) -> None:
    os.mkfifo(corpus / "content" / "pages" / "pipe.md")
    code, _, err = run(corpus, "check")
    assert code == 1
    assert (
        "content/pages/pipe.md:1:1: (file): is not a regular file (a device, a pipe or a folder); commit a file\n"
        in err
    )


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ('x" onmouseover="alert(1).yaml', 'x" onmouseover="alert(1).yaml'),
        ("a\n::error file=x::forged.yaml", "a\\x0a::error file=x::forged.yaml"),
        ("<img src=x>.yaml", "<img src=x>.yaml"),
    ],
)
def test_a_fact_file_name_that_is_not_safe_in_a_link_is_refused(corpus: Path, run: Run, name: str, shown: str) -> None:
    shutil.move(corpus / FACTS, corpus / "content" / "facts" / name)
    code, _, err = run(corpus, "check")
    assert code == 1
    assert err.splitlines()[0] == (
        f"content/facts/{shown}:1:1: (file): the name '{shown}' may use only letters, digits, '.', '_' and '-' "
        "(no spaces, quotes or brackets); rename it"
    )


def test_a_linked_mkdocs_yml_is_refused(corpus: Path, run: Run) -> None:
    (corpus / "mkdocs.yml").symlink_to(REPO / "mkdocs.yml")
    code, _, err = run(corpus, "check")
    assert code == 1
    assert err.splitlines()[0] == "mkdocs.yml:1:1: (file): must be a regular file in the project, not a link"


def test_an_empty_project_is_told_what_it_lacks(tmp_path: Path, run: Run) -> None:
    code, out, err = run(tmp_path, "build")
    assert (code, out) == (1, "")
    assert err == (
        "content/briefings:1:1: (folder): there is no briefing here yet; a site needs at least one\n"
        "1 problem found; nothing was written.\n"
    )


def test_source_date_epoch_must_be_a_number_of_seconds(corpus: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(REPO / "mkdocs.yml", corpus / "mkdocs.yml")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "next tuesday")
    code, _, err = run(corpus, "build")
    assert code == 1
    assert err == (
        "error: SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not 'next tuesday'\n"
        "The previous site was kept.\n"
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")  # set but empty reads as unset: the date comes from the content
    assert run(corpus, "build")[0] == 0


def test_a_file_committed_into_the_builds_own_folders_is_refused(corpus: Path, run: Run) -> None:
    # A font (or a cached PDF) forced into the ignored build/ folder would otherwise be used as is.
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(corpus), *args], check=True, capture_output=True)

    git("init", "-q")
    planted = corpus / "build" / "pdf-cache" / ("0" * 64 + ".pdf")
    planted.parent.mkdir(parents=True, exist_ok=True)
    planted.write_bytes(b"%PDF-1.7 forged")
    git("add", "-f", "build/pdf-cache")
    code, _, err = run(corpus, "check")
    assert code == 1
    assert err.splitlines()[0] == (
        f"build/pdf-cache/{'0' * 64}.pdf:1:1: (file): build/ and site/ hold what the build makes; "
        "a committed file there would be used as is. Remove it (git rm)"
    )


@pytest.mark.parametrize("name", ["sources/fake-report.md", "briefings/extra.md", "index.md", "pdf/x.png"])
def test_a_page_at_an_address_the_generator_writes_is_refused(corpus: Path, run: Run, name: str) -> None:
    # A hand-written sources/fake-report.md would read as an archived report the briefings quote.
    (corpus / "content" / "pages" / name).parent.mkdir(parents=True, exist_ok=True)
    (corpus / "content" / "pages" / name).write_text("# An archived report\n", encoding="utf-8")
    code, _, err = run(corpus, "check")
    assert code == 1
    assert err.splitlines()[0] == (
        f"content/pages/{name}:1:1: (file): the generator writes this address itself; "
        "a page here could pass for a briefing or a report. Rename it"
    )


def test_a_commit_dated_after_2106_does_not_stop_the_build() -> None:
    """The sitemap's gzip stamp holds no later second; a commit from a wrong clock is passed over."""
    from briefing_gen.build import content_epoch

    assert content_epoch(["2106-04-06T00:00:00+00:00", "2024-09-25T12:00:00+00:00"], ["2024-09"]) == 1727265600
    assert content_epoch(["1969-12-31T00:00:00+00:00"], ["2024-09"]) == 1725148800  # 1 September 2024
    assert content_epoch([], []) == 0
