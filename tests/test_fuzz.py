"""Property tests: whatever bytes arrive, loading ends in our own error or a valid model."""

from __future__ import annotations

import contextlib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing_gen.errors import CorpusError
from briefing_gen.files import ProjectFiles
from briefing_gen.load import read_model
from briefing_gen.models import FactFile
from briefing_gen.yamlload import decode_utf8, parse_yaml
from tests.conftest import FIXTURE

VALID = (FIXTURE / "content" / "facts" / "port.yaml").read_bytes()
YAML_BITS = [
    b":",
    b"- ",
    b"\n",
    b"  ",
    b"\t",
    b"&a ",
    b"*a",
    b"!!python/object:os.system ",
    b"<<: ",
    b"[",
    b"]",
    b"{",
    b"}",
    b'"',
    b"'",
    b"|",
    b">-",
    b"---\n",
    b"? ",
    b"%YAML 1.1\n",
    b"\xef\xbb\xbf",
    b"\x00",
    b"\xff",
    b"yes",
    b"2024-02-30",
    b"#",
]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """The valid fact file with pieces of YAML syntax inserted, replaced or cut out."""
    data = bytearray(VALID)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["insert", "delete", "replace"]))
        bit = draw(st.sampled_from(YAML_BITS))
        if kind == "insert":
            data[at:at] = bit
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 20))]
        else:
            data[at : at + len(bit)] = bit
    return bytes(data)


def load(tmp: Path, raw: bytes) -> None:
    path = tmp / "content" / "facts" / "f.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    try:
        read_model(ProjectFiles(tmp), path, FactFile)
    except CorpusError as error:
        assert error.problems, "an error with no problem in it"
        for problem in error.problems:
            assert problem.path == "content/facts/f.yaml" and problem.line >= 1 and problem.column >= 1


# 1,000 + 700 + 500 examples: at least 2,000 in every normal test run.
@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=mutated())
def test_mutated_fact_files_give_only_our_errors(tmp_path: Path, raw: bytes) -> None:
    load(tmp_path, raw)


@settings(max_examples=700, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=400))
def test_random_bytes_give_only_our_errors(tmp_path: Path, raw: bytes) -> None:
    load(tmp_path, raw)


@settings(max_examples=500, deadline=None)
@given(text=st.text(max_size=300))
def test_random_text_gives_only_our_errors(text: str) -> None:
    with contextlib.suppress(CorpusError):  # our error is fine; anything else fails the test
        parse_yaml("f.yaml", decode_utf8("f.yaml", text.encode("utf-8", "surrogatepass")))


def test_deep_nesting_is_refused_before_parsing() -> None:
    for text in ("a: " + "[" * 100_000, "a:\n" + "".join(" " * (2 * n) + "- \n" for n in range(200))):
        try:
            parse_yaml("f.yaml", text)
        except CorpusError as error:
            assert "nest" in str(error.problems[0]) or "indented" in str(error.problems[0])
        else:
            raise AssertionError("deep nesting was accepted")


def test_oversized_files_are_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "content" / "facts" / "big.yaml"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"facts:\n" + b"# padding\n" * 200_000)
    try:
        read_model(ProjectFiles(tmp_path), path, FactFile)
    except CorpusError as error:
        assert [str(p) for p in error.problems] == [
            "content/facts/big.yaml:1:1: (file): larger than 1024 KiB; split it into smaller files"
        ]
    else:
        raise AssertionError("an oversized file was read")
