"""The strict YAML layer: values as written, positions kept, YAML's traps refused."""

from __future__ import annotations

import pytest

from briefing_gen.errors import CorpusError
from briefing_gen.yamlload import decode_utf8, parse_yaml


def messages(text: str) -> list[str]:
    try:
        doc = parse_yaml("f.yaml", text)
    except CorpusError as error:
        return [str(p) for p in error.problems]
    return [str(p) for p in doc.problems]


def test_scalars_stay_as_written_except_true_false_null() -> None:
    doc = parse_yaml("f.yaml", "version: 3.10\nday: 2024-09-02\ncount: 012\nflag: true\nnothing: null\nword: 'no'\n")
    assert doc.data == {
        "version": "3.10",
        "day": "2024-09-02",
        "count": "012",
        "flag": True,
        "nothing": None,
        "word": "no",
    }


def test_positions_of_values_and_keys_are_one_based() -> None:
    doc = parse_yaml("f.yaml", "facts:\n  - id: a\n    claim: b\n")
    assert doc.values[("facts", 0, "claim")] == (3, 12)
    assert doc.keys[("facts", 0, "claim")] == (3, 5)
    assert doc.position(("facts", 0, "missing")) == (2, 5)


def test_a_clean_file_records_its_shallow_positions_and_the_rest_when_first_asked() -> None:
    doc = parse_yaml("f.yaml", "facts:\n  - id: a\n    claim: >\n      b\n  - id: c\n")
    assert doc.recorded == {(): (1, 1), ("facts",): (2, 3), ("facts", 0): (2, 5), ("facts", 1): (5, 5)}
    assert not doc.complete
    assert doc.position(("facts", 0, "claim")) == (4, 7)  # a block scalar's text, not its '>'
    assert doc.complete
    assert doc.position(("facts", 1, "claim")) == (5, 5)  # missing: its fact's position
    assert doc.keys[("facts", 1, "id")] == (5, 5)


@pytest.mark.parametrize("word", ["yes", "No", "ON", "off", "y", "N"])
def test_yaml_11_booleans_are_refused(word: str) -> None:
    assert messages(f"a: {word}\n") == [
        f"f.yaml:1:4: a: '{word}' is ambiguous in YAML; write true or false, or put it in quotes if you mean the text"
    ]


def test_duplicate_keys_are_refused_at_any_depth() -> None:
    assert messages("a:\n  b:\n    c: 1\n    c: 2\n") == [
        "f.yaml:4:5: a.b.c: duplicate key 'c' (first written at line 3)"
    ]


def test_merge_keys_are_refused() -> None:
    assert messages("a:\n  <<: {b: 1}\n") == ["f.yaml:2:3: a: merge keys (<<) are not allowed; write each field out"]


def test_python_object_tags_are_refused() -> None:
    assert messages("a: !!python/object/apply:os.system ['true']\n") == [
        "f.yaml:1:4: a: tags (!!python/object/apply:os.system) are not allowed; write plain values"
    ]


def test_mapping_as_key_is_refused() -> None:
    assert messages("? [a, b]\n: c\n") == [
        "f.yaml:1:3: (file): keys must be plain names, not lists, mappings or aliases"
    ]


def test_second_document_is_refused() -> None:
    assert messages("a: 1\n---\nb: 2\n") == [
        "f.yaml:2:1: (file): only one YAML document per file; remove the '---' and what follows"
    ]


def test_syntax_error_has_a_position() -> None:
    assert messages("a: [b\n") == [
        "f.yaml:1:4: (syntax): the '[' that opens this value is never closed: end it with ']' and separate its items with ', '"
    ]


def test_deep_nesting_is_refused_without_recursion_error() -> None:
    assert messages("a: " + "[" * 60 + "]" * 60 + "\n")[0].endswith("nested more than 40 levels deep")


def test_non_utf8_names_the_line_of_the_first_bad_byte() -> None:
    with pytest.raises(CorpusError) as raised:
        decode_utf8("f.yaml", "a: 1\nb: caf\xe9\n".encode("latin-1"))
    assert [str(p) for p in raised.value.problems] == ["f.yaml:2:7: (file): not UTF-8 text; save the file as UTF-8"]


def test_byte_order_mark_is_dropped() -> None:
    assert decode_utf8("f.yaml", b"\xef\xbb\xbfa: 1\n") == "a: 1\n"


def test_block_scalar_position_is_its_first_line_of_text() -> None:
    doc = parse_yaml("f.yaml", "quote: >-\n  first line\n  second line\nplain: x\n")
    assert doc.values[("quote",)] == (2, 3)
    assert doc.values[("plain",)] == (4, 8)
