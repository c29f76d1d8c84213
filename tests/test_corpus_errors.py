"""Problems in source and briefing files, and the rules that span files."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_gen.cli import main
from tests.conftest import Run


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(run: Run, root: Path) -> list[str]:
    code, out, err = run(root, "check")
    assert code == 1 and out == ""
    *lines, summary = err.splitlines()
    assert summary == f"{len(lines)} problem(s) found; nothing was written."
    return lines


def test_source_metadata_refuses_yes_and_guessed_urls(corpus: Path, run: Run) -> None:
    source = corpus / "sources" / "shipping-wire.yaml"
    replace(source, "translation: unknown", "translation: yes")
    replace(source, "url: unknown", "url: ftp://example.org/x")
    assert problems(run, corpus) == [
        "sources/shipping-wire.yaml:7:14: translation: 'yes' is ambiguous in YAML; write true or false, "
        "or put it in quotes if you mean the text",
        "sources/shipping-wire.yaml:9:6: url: must be an http(s) address given by the text itself, or 'unknown'",
    ]


def test_changed_archived_text_is_refused(corpus: Path, run: Run) -> None:
    text = corpus / "sources" / "shipping-wire.txt"
    text.write_bytes(text.read_bytes().replace(b"declined", b"refused"))
    assert problems(run, corpus) == [
        "sources/shipping-wire.yaml:12:9: sha256: sources/shipping-wire.txt is no longer the text we archived; "
        "sources are kept exactly as received (add a new source for a new version)"
    ]


def test_missing_archived_text_is_named(corpus: Path, run: Run) -> None:
    (corpus / "sources" / "shipping-wire.txt").unlink()
    assert problems(run, corpus) == [
        "sources/shipping-wire.yaml:11:7: text: the archived text sources/shipping-wire.txt does not exist"
    ]


def test_briefing_references_resolve_with_a_did_you_mean(corpus: Path, run: Run) -> None:
    replace(
        corpus / "content" / "briefings" / "port-delays.yaml",
        "facts: [minister-review]\n",
        "facts: [minister-reveiw]\n",
    )
    assert problems(run, corpus) == [
        "content/briefings/port-delays.yaml:11:13: key_points[2].facts[0]: "
        "no fact with id 'minister-reveiw'; did you mean 'minister-review'?",
    ]


def test_key_point_must_rest_on_a_fact_the_briefing_shows(corpus: Path, run: Run) -> None:
    replace(
        corpus / "content" / "briefings" / "port-delays.yaml", "  - title: Review\n    facts: [minister-review]\n", ""
    )
    assert problems(run, corpus) == [
        "content/briefings/port-delays.yaml:11:13: key_points[2].facts[0]: "
        "key point rests on fact 'minister-review', which no section of this briefing shows",
        "content/facts/port.yaml:21:9: facts[2].id: fact 'minister-review' is not shown anywhere; "
        "add it to a briefing section or to content/context.yaml",
    ]


def test_every_fact_must_be_shown_somewhere(corpus: Path, run: Run) -> None:
    briefing = corpus / "content" / "briefings" / "port-delays.yaml"
    replace(
        briefing,
        "    facts: [ships-delayed, delays-will-end, delays-expected-to-end, containers-unloaded]\n",
        "    facts: [ships-delayed, delays-expected-to-end, containers-unloaded]\n",
    )
    replace(
        briefing,
        "  - text: Officials expect the delays to end.\n    facts: [delays-will-end]\n",
        "  - text: The counts of delayed ships differ.\n    facts: [ships-delayed]\n",
    )
    assert problems(run, corpus) == [
        "content/facts/port.yaml:14:9: facts[1].id: fact 'delays-will-end' is not shown anywhere; "
        "add it to a briefing section or to content/context.yaml",
    ]


def test_briefing_needs_three_to_five_key_points(corpus: Path, run: Run) -> None:
    replace(
        corpus / "content" / "briefings" / "port-delays.yaml",
        "  - text: A review will report in March.\n    facts: [minister-review]\n",
        "",
    )
    assert problems(run, corpus) == [
        "content/briefings/port-delays.yaml:6:3: key_points: needs at least 3 item(s), has 2",
    ]


def test_reported_value_must_be_in_the_source_too(corpus: Path, run: Run) -> None:
    replace(corpus / "content" / "facts" / "port.yaml", "reports: 120 ships", "reports: 125 ships")
    assert problems(run, corpus) == [
        "content/facts/port.yaml:10:18: facts[0].citations[0].reports: reported value not found in source "
        "'harbour-daily' (sources/harbour-daily.txt); closest passage: \"120 ships\"",
    ]


def test_help_names_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["--help"])
    assert raised.value.code == 0
    out, _ = capsys.readouterr()
    for command in ("check", "build", "serve"):
        assert command in out


def test_an_unreadable_file_is_named_without_a_traceback(corpus: Path, run: Run) -> None:
    # A folder where a fact file should be: the file system refuses to read it, even for root.
    (corpus / "content" / "facts" / "broken.yaml").mkdir()
    code, out, err = run(corpus, "check")
    assert code == 1 and "Traceback" not in out + err
    assert err.splitlines()[0] == (
        "content/facts/broken.yaml:1:1: (file): is not a regular file (a device, a pipe or a folder); commit a file"
    )


def test_slug_refuses_anything_that_could_escape_a_folder() -> None:
    from briefing_gen.site import slug

    assert slug("max-fine-2") == "max-fine-2"
    for bad in ("", "..", "../x", "/etc/passwd", "a/b", "Index", "a--b", "-a"):
        with pytest.raises(ValueError):
            slug(bad)
