"""Reading what can be read of a fact or a source with a bad field, so every other rule still runs.

A fact with a misspelt date still has quotes to check and a claim to hold to
them; a source with a bad address still has a text that facts quote. The
field's own problem is reported where it was found (``load``); here the bad
value is set aside (an optional field dropped, a required one given a neutral
stand-in) and the model validated again. What was set aside is recorded as
*unread*, so the checks that would read it skip it instead of reporting on a
stand-in. Only an id, or a value that cannot be set aside, leaves the whole
fact or source unread.
"""

from __future__ import annotations

import copy
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from briefing_gen.models import UNKNOWN, Citation, Fact, Source
from briefing_gen.yamlload import Loc

M = TypeVar("M", bound=BaseModel)

UNREAD = "unread"  # a stand-in the checks never see: the field is recorded as unread
# Neutral values for required fields: each asserts nothing a check would hold against the rest.
STAND_INS: dict[type[BaseModel], dict[str, Any]] = {
    Fact: {"topic": UNREAD, "date": UNKNOWN, "claim": UNREAD},
    Citation: {},
    Source: {
        "title": UNREAD,
        "publisher": UNKNOWN,
        "credits": [],
        "published": UNKNOWN,
        "language": UNKNOWN,
        "translation": UNKNOWN,
        "original_language": UNKNOWN,
        "url": UNKNOWN,
        "archived": "1970-01-01",
        "received_as": UNREAD,
    },
}
# What a rule across a fact's fields (``differs_on`` and its reported values) rests on.
CROSS_FIELD = ("differs_on", "difference", "other_windows")
CITATION_STAND_IN = {"source": UNREAD, "quote": UNREAD}
MAX_ROUNDS = 4  # setting a value aside can bring a rule across fields into play: a few rounds settle it


def recover(model: type[M], data: Any) -> tuple[M, frozenset[Loc]] | None:
    """The model read with its bad fields set aside, and where they were; None if it cannot be read."""
    if not isinstance(data, dict):
        return None
    data, unread = copy.deepcopy(data), set[Loc]()
    for _ in range(MAX_ROUNDS):
        try:
            return model.model_validate(data), frozenset(unread)
        except ValidationError as error:
            for detail in error.errors():
                where = _set_aside(model, data, tuple(detail["loc"]), detail["type"])
                if where is None:
                    return None
                unread.add(where)
    return None


def _set_aside(model: type[BaseModel], data: dict[str, Any], loc: Loc, kind: str) -> Loc | None:
    """Set aside the value at ``loc``; return what is now unread (``()`` for nothing), or None if it cannot be."""
    if kind == "extra_forbidden":
        _parent(data, loc).pop(str(loc[-1]), None)  # reported as an unknown field; the value is never read
        return ()
    if not loc:
        return _set_aside_cross_field(data) if model is Fact else None
    name = str(loc[0])
    if name == "citations" and model is Fact and len(loc) > 1 and isinstance(loc[1], int):
        return _set_aside_citation(data, loc[1], loc[2:], kind)
    if name in STAND_INS.get(model, {}):
        data[name] = copy.deepcopy(STAND_INS[model][name])
        return (name,)
    info = model.model_fields.get(name)
    if info is not None and not info.is_required():
        data.pop(name, None)
        return (name,)
    return None


def _set_aside_citation(data: dict[str, Any], index: int, loc: Loc, kind: str) -> Loc | None:
    citations = data.get("citations")
    if not isinstance(citations, list) or index >= len(citations):
        return None
    item = citations[index]
    if isinstance(item, dict) and loc and (where := _set_aside(Citation, item, loc, kind)) is not None:
        return ("citations", index, *where) if where else ()
    citations[index] = dict(CITATION_STAND_IN)
    return ("citations", index)


def _set_aside_cross_field(data: dict[str, Any]) -> Loc:
    """A rule across fields failed: set aside what it reads (differs_on, its reported values, other_windows)."""
    for name in CROSS_FIELD:
        data.pop(name, None)
    for citation in data.get("citations") or []:
        if isinstance(citation, dict):
            citation.pop("reports", None)
    return ("differs_on",)


def _parent(data: dict[str, Any], loc: Loc) -> dict[str, Any]:
    node: Any = data
    for part in loc[:-1]:
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return {}
    return node if isinstance(node, dict) else {}


def is_unread(unread: frozenset[Loc], loc: Loc) -> bool:
    """The value at ``loc``, or one that holds it, was set aside."""
    return any(loc[: len(where)] == where for where in unread if where)
