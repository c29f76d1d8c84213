"""Load stage: read every source, fact and briefing file into validated models.

Each file is parsed strictly (``yamlload``) and validated (``models``). A file
with problems contributes its problems, not a half-read model; loading goes
on so that one run reports everything wrong in every file.
"""

from __future__ import annotations

import codecs
import contextlib
import difflib
import enum
import gc
import hashlib
import os
import types
import typing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from briefing_gen.errors import CorpusError, Problem, plural
from briefing_gen.files import ProjectFiles, files_under, name_problem, relative
from briefing_gen.models import Briefing, Context, Fact, FactFile, Source, TopicFile, WithdrawnFile, visible
from briefing_gen.parallel import meanwhile
from briefing_gen.quotes import SourceText
from briefing_gen.recovery import recover
from briefing_gen.yamlload import MAX_YAML_BYTES, Document, Loc, decode_utf8, format_loc, parse_yaml

M = TypeVar("M", bound=BaseModel)

FACTS_DIR = "content/facts"
BRIEFINGS_DIR = "content/briefings"
CONTEXT_FILE = "content/context.yaml"
TOPICS_FILE = "content/topics.yaml"
WITHDRAWN_FILE = "content/withdrawn.yaml"
PAGES_DIR = "content/pages"
SOURCES_DIR = "sources"
MAX_TEXT_BYTES = 5 * 1024 * 1024  # a news report is tens of KiB
MAX_PAGE_BYTES = 10 * 1024 * 1024  # an image
MAX_MARKUP_BYTES = (
    256 * 1024
)  # a hand-written page is a few KiB; parsing deeply nested markup grows faster than its size
# Addresses the generator writes: a hand-written file there would replace or pass for its pages.
GENERATED_PATHS = (
    "index.md",
    "background.md",
    "topics.md",
    "timeline.md",
    "data.md",
    "feed.xml",
    "briefings/",
    "sources/",
    "pdf/",
    "search/",
    "data/",
)
# What content/pages/ may publish: text a browser shows (read by the post-build scan) and images and fonts.
PAGE_TEXT_TYPES = (".md", ".html", ".htm", ".svg", ".css", ".txt", ".csv")
PAGE_BINARY_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".woff", ".woff2", ".ttf", ".otf")


@dataclass(frozen=True)
class Located(Generic[M]):
    """A validated model and where it was written, for messages about it."""

    model: M
    doc: Document
    loc: Loc = ()
    # Values set aside because they were bad (``recovery``): reported already, and skipped by the checks.
    unread: frozenset[Loc] = frozenset()

    @property
    def path(self) -> str:
        return self.doc.path

    def line(self, sub: Loc = ()) -> int:
        return self.doc.position((*self.loc, *sub))[0]

    @property
    def about(self) -> str:
        """What this is, for a reviewer: 'fact runway-closed' ('' for a file with no id)."""
        return about(type(self.model).__name__, getattr(self.model, "id", None))

    def reported(self, sub: Loc) -> bool:
        """The YAML layer already reported the value at ``sub`` (a 'NO' that may mean false): say nothing more."""
        if not self.doc.problems:
            return False  # asked of every fact: without problems, its positions need not be read
        position = self.doc.values.get((*self.loc, *sub))
        return position is not None and any((p.line, p.column) == position for p in self.doc.problems)

    def problem(self, sub: Loc, message: str) -> Problem:
        loc = (*self.loc, *sub)
        return Problem(self.doc.path, *self.doc.position(loc), format_loc(loc), message, self.about)

    def problem_at(self, sub: Loc, words: str, message: str) -> Problem:
        """A problem pointing at the first place ``words`` appear in the value at ``sub``."""
        loc = (*self.loc, *sub)
        return Problem(self.doc.path, *self.doc.position_of_words(loc, words), format_loc(loc), message, self.about)


KINDS = {"Fact": "fact", "FactFile": "fact", "Source": "source", "Briefing": "briefing", "Topic": "topic"}


def about(model_name: str, identifier: object) -> str:
    kind = KINDS.get(model_name)
    return f"{kind} {identifier}" if kind and isinstance(identifier, str) and identifier else ""


def _raw_about(doc: Document, model: type[BaseModel], loc: Loc) -> str:
    """What a problem found before validation is in, from the file's raw data ('fact runway-closed')."""
    data = doc.data
    if model is FactFile and len(loc) > 1 and isinstance(data, dict) and isinstance(data.get("facts"), list):
        facts, index = data["facts"], loc[1]
        data = facts[index] if isinstance(index, int) and index < len(facts) else None
    return about(model.__name__, data.get("id") if isinstance(data, dict) else None)


class Broken(enum.Enum):
    """A kind of file of which one failed to load (the checks that rest on it would only echo its problems)."""

    SOURCE = "source"
    FACTS = "facts"
    BRIEFING = "briefing"
    CONTEXT = "context"
    TOPICS = "topics"
    WITHDRAWN = "withdrawn"


@dataclass
class Corpus:
    """Everything the build reads, validated file by file."""

    sources: list[Located[Source]] = field(default_factory=list)
    texts: dict[str, SourceText] = field(default_factory=dict)  # normalised once, for check and render
    digests: dict[str, str] = field(default_factory=dict)  # sha256 of each archived text
    facts: list[Located[Fact]] = field(default_factory=list)
    briefings: list[Located[Briefing]] = field(default_factory=list)
    context: Located[Context] | None = None
    topics: Located[TopicFile] | None = None
    withdrawn: Located[WithdrawnFile] | None = None  # facts whose earlier wordings are never quoted again
    pages: dict[str, bytes] = field(default_factory=dict)
    # Kinds of file that failed to load: cross-file checks skip what they would mislead on.
    broken: set[Broken] = field(default_factory=set)


def load_corpus(root: Path) -> tuple[Corpus, list[Problem]]:
    """Read the whole corpus under ``root``; return it with every problem found."""
    with _long_lived():
        return _load_corpus(root)


@contextlib.contextmanager
def _long_lived() -> Iterator[None]:
    """Make the corpus's objects without the cyclic collector, then set them aside from it.

    A large corpus is hundreds of thousands of small objects that live until the
    build ends. The collector would scan them over and over while they are made,
    and again on every collection while the corpus is checked and rendered; it
    finds nothing to free in them. (Objects set aside are still freed when no
    longer referenced; ``serve`` hands them back to the collector after each
    regeneration.) At 10,000 facts this saves about half a second a build.
    """
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.freeze()


def _load_corpus(root: Path) -> tuple[Corpus, list[Problem]]:
    corpus, problems, files = Corpus(), [], ProjectFiles(root)
    fact_files = _yaml_files(root, FACTS_DIR)

    def parse(paths: Sequence[Path]) -> list[Document | list[Problem]]:
        return [_read_facts(files, path) for path in paths]

    # The fact files are parsed in a child (``parallel``), but for a quarter of them, which this process parses
    # after the sources: reading the sources takes about as long as parsing half the fact files (at 10,000 facts).
    here = len(fact_files) // 4
    with meanwhile(parse, fact_files[here:], _worth_it(fact_files)) as facts:
        for path in _yaml_files(root, SOURCES_DIR):
            problems += _load_source(files, path, corpus)
        parsed = parse(fact_files[:here]) + facts.result()
    for read in parsed:
        problems += _load_facts(read, corpus)
    for path in _yaml_files(root, BRIEFINGS_DIR):
        problems += _load_into(files, path, Briefing, corpus, lambda c, b: c.briefings.append(b))
    if os.path.lexists(root / CONTEXT_FILE):
        problems += _load_into(files, root / CONTEXT_FILE, Context, corpus, _set_context)
    if os.path.lexists(root / TOPICS_FILE):
        problems += _load_into(files, root / TOPICS_FILE, TopicFile, corpus, _set_topics)
    if os.path.lexists(root / WITHDRAWN_FILE):
        problems += _load_into(files, root / WITHDRAWN_FILE, WithdrawnFile, corpus, _set_withdrawn)
    corpus.pages, page_problems = _read_pages(files, root / PAGES_DIR)
    return corpus, problems + page_problems


def _yaml_files(root: Path, folder: str) -> list[Path]:
    return sorted((root / folder).glob("*.yaml"))


def _set_context(corpus: Corpus, located: Located[Context]) -> None:
    corpus.context = located


def _set_topics(corpus: Corpus, located: Located[TopicFile]) -> None:
    corpus.topics = located


def _set_withdrawn(corpus: Corpus, located: Located[WithdrawnFile]) -> None:
    corpus.withdrawn = located


def _worth_it(paths: list[Path]) -> bool:
    """Whether fact files are large enough to be parsed in two processes (``parallel``)."""
    return sum(_size(path) for path in paths) >= FACTS_WORTH_SPLITTING


FACTS_WORTH_SPLITTING = 1_000_000  # bytes of fact files (about 800 facts): parsing them takes a tenth of a second


def _size(path: Path) -> int:
    try:
        return os.lstat(path).st_size
    except OSError:
        return 0  # what is wrong with it, reading it says


def _read_facts(files: ProjectFiles, path: Path) -> Document | list[Problem]:
    """A fact file parsed, or the problems that keep it from being parsed at all."""
    try:
        return read_document(files, path, FactFile)
    except CorpusError as error:
        return error.problems


def _load_facts(read: Document | list[Problem], corpus: Corpus) -> list[Problem]:
    """Every fact of a file that can be read, even with a bad field (``recovery``), and every problem."""
    if isinstance(read, list):
        corpus.broken.add(Broken.FACTS)
        return read
    doc = read
    try:
        facts = FactFile.model_validate(doc.data).facts
    except ValidationError as error:
        problems = _new_problems(doc.problems, _validation_problems(doc, FactFile, error))
        corpus.facts += _recovered_facts(doc, corpus)
        return doc.problems + problems
    corpus.facts += [Located(fact, doc, ("facts", index)) for index, fact in enumerate(facts)]
    return doc.problems


def _recovered_facts(doc: Document, corpus: Corpus) -> list[Located[Fact]]:
    items = doc.data.get("facts") if isinstance(doc.data, dict) else None
    if not isinstance(items, list) or not items or set(doc.data) != {"facts"}:
        corpus.broken.add(Broken.FACTS)
        return []
    facts = []
    for index, item in enumerate(items):
        read = recover(Fact, item)
        if read is None:
            corpus.broken.add(Broken.FACTS)  # references to it would only echo its problems
            continue
        facts.append(Located(read[0], doc, ("facts", index), read[1]))
    return facts


def _load_into(files: ProjectFiles, path: Path, model: type[M], corpus: Corpus, add: Any) -> list[Problem]:
    try:
        add(corpus, read_model(files, path, model))
    except CorpusError as error:
        corpus.broken.add(BROKEN[model])
        return error.problems
    return []


BROKEN: dict[type[BaseModel], Broken] = {
    Briefing: Broken.BRIEFING,
    Context: Broken.CONTEXT,
    TopicFile: Broken.TOPICS,
    WithdrawnFile: Broken.WITHDRAWN,
}


def _load_source(files: ProjectFiles, path: Path, corpus: Corpus) -> list[Problem]:
    try:
        doc = read_document(files, path, Source)
        located = Located(Source.model_validate(doc.data), doc)
        problems = doc.problems
    except CorpusError as error:
        corpus.broken.add(Broken.SOURCE)
        return error.problems
    except ValidationError as error:
        problems = doc.problems + _new_problems(doc.problems, _validation_problems(doc, Source, error))
        read = recover(Source, doc.data)
        if read is None:
            corpus.broken.add(Broken.SOURCE)
            return problems
        located = Located(read[0], doc, (), read[1])
    corpus.sources.append(located)
    return problems + _load_text(files, path, located, corpus)


def _load_text(files: ProjectFiles, path: Path, located: Located[Source], corpus: Corpus) -> list[Problem]:
    if located.model.id in corpus.texts or located.model.id in corpus.digests:
        return []  # a duplicate id: check reports the clash; the first source keeps its own text
    text_path = path.parent / located.model.text
    if not os.path.lexists(text_path):
        return [located.problem(("text",), f"the archived text {SOURCES_DIR}/{located.model.text} does not exist")]
    too_large = f"the archived text is larger than {MAX_TEXT_BYTES // 1024 // 1024} MiB; archive the report's text only"
    try:
        raw = files.read(text_path, MAX_TEXT_BYTES, too_large)
    except CorpusError as error:
        return error.problems
    corpus.digests[located.model.id] = hashlib.sha256(raw).hexdigest()
    try:
        text = decode_utf8(relative(files.root, text_path), raw)
    except CorpusError as error:
        return error.problems
    corpus.texts[located.model.id] = SourceText.of(text, bom=raw.startswith(codecs.BOM_UTF8))
    return []


def _read_pages(files: ProjectFiles, folder: Path) -> tuple[dict[str, bytes], list[Problem]]:
    """Hand-written pages and assets, copied into the site as they are (the scan reads them once built)."""
    pages, problems = {}, []
    for path in files_under(folder):
        try:
            pages[path.relative_to(folder).as_posix()] = _read_page(files, folder, path)
        except CorpusError as error:
            problems += error.problems
    return pages, problems


def _read_page(files: ProjectFiles, folder: Path, path: Path) -> bytes:
    bad_name = name_problem(files.root, folder, path)
    if bad_name is not None:
        raise CorpusError([bad_name])
    suffix = path.suffix.lower()
    rel = relative(files.root, path)
    why = files.refusal(path)  # a link or a folder is named as such, whatever its name
    if why is not None:
        raise CorpusError([Problem(rel, 1, 1, "(file)", why)])
    if path.relative_to(folder).as_posix().startswith(GENERATED_PATHS):
        message = (
            "the generator writes this address itself; a page here could pass for a briefing or a report. Rename it"
        )
        raise CorpusError([Problem(rel, 1, 1, "(file)", message)])
    if suffix not in PAGE_TEXT_TYPES + PAGE_BINARY_TYPES:
        allowed = ", ".join(PAGE_TEXT_TYPES + PAGE_BINARY_TYPES)
        message = f"'{suffix or path.name}' files are not published from {PAGES_DIR}/ (scripts and other active files never are); allowed: {allowed}"
        raise CorpusError([Problem(rel, 1, 1, "(file)", message)])
    if suffix in PAGE_TEXT_TYPES:
        content = files.read(path, MAX_MARKUP_BYTES, f"larger than {MAX_MARKUP_BYTES // 1024} KiB; split the page")
        decode_utf8(rel, content)  # a browser would guess another encoding, and read other markup
    else:
        content = files.read(path, MAX_PAGE_BYTES, f"larger than {MAX_PAGE_BYTES // 1024 // 1024} MiB")
    if suffix == ".md" and content.startswith(b"---"):
        message = "front matter is not read in hand-written pages: the first '# heading' is the page's title"
        raise CorpusError([Problem(rel, 1, 1, "(file)", message)])
    return content


def read_document(files: ProjectFiles, path: Path, model: type[M]) -> Document:
    """Parse one file; CorpusError if it cannot be read as YAML at all (its other problems are in the document)."""
    rel = relative(files.root, path)
    bad_name = name_problem(files.root, path.parent, path)
    if bad_name is not None:
        raise CorpusError([bad_name])
    too_large = f"larger than {MAX_YAML_BYTES // 1024} KiB; split it into smaller files"
    doc = parse_yaml(rel, decode_utf8(rel, files.read(path, MAX_YAML_BYTES, too_large)))
    doc.file = path
    if doc.data is None and not doc.problems:
        raise CorpusError([Problem(rel, 1, 1, "(file)", f"the file is empty; expected {_expected(model)}")])
    return doc


def read_model(files: ProjectFiles, path: Path, model: type[M]) -> Located[M]:
    """Parse and validate one file, or raise CorpusError with all its problems."""
    doc = read_document(files, path, model)
    try:
        located = Located(model.model_validate(doc.data), doc)
    except ValidationError as error:
        raise CorpusError(doc.problems + _new_problems(doc.problems, _validation_problems(doc, model, error))) from None
    if doc.problems:
        raise CorpusError(doc.problems)
    return located


def _new_problems(known: list[Problem], found: list[Problem]) -> list[Problem]:
    """Validation problems, less those at a value the YAML layer already reported."""
    reported = {(problem.line, problem.column) for problem in known}
    return [problem for problem in found if (problem.line, problem.column) not in reported]


def _expected(model: type[BaseModel]) -> str:
    required = [name for name, info in model.model_fields.items() if info.is_required()]
    return "a mapping with " + ", ".join(f"'{name}'" for name in required)


def _validation_problems(doc: Document, model: type[BaseModel], error: ValidationError) -> list[Problem]:
    problems = []
    details = error.errors()
    misspelt = _misspelt_fields(model, details)
    for detail in details:
        loc: Loc = tuple(detail["loc"])
        kind = detail["type"]
        if kind == "missing" and loc in misspelt:
            continue  # the unknown field's did-you-mean says it all: one mistake, one message
        if kind == "extra_forbidden":
            position = doc.key_position(loc)
            message = _unknown_field(model, loc)
        else:
            position = doc.position(loc[:-1] if kind == "missing" else loc)
            message = _message(detail, model, loc)
        problems.append(Problem(doc.path, *position, format_loc(loc), message, _raw_about(doc, model, loc)))
    return problems


def _misspelt_fields(model: type[BaseModel], details: list[Any]) -> set[Loc]:
    """Where a required field is missing because it was written under a misspelt name."""
    found = set()
    for detail in details:
        loc: Loc = tuple(detail["loc"])
        if detail["type"] == "extra_forbidden" and (meant := _meant_field(model, loc)) is not None:
            found.add((*loc[:-1], meant))
    return found


def _meant_field(model: type[BaseModel], loc: Loc) -> str | None:
    close = difflib.get_close_matches(str(loc[-1]), list(_model_at(model, loc[:-1]).model_fields), n=1)
    return close[0] if close else None


def _unknown_field(model: type[BaseModel], loc: Loc) -> str:
    name, meant = str(loc[-1]), _meant_field(model, loc)
    allowed = list(_model_at(model, loc[:-1]).model_fields)
    hint = f"; did you mean '{meant}'?" if meant else f"; allowed fields: {', '.join(allowed)}"
    return f"unknown field '{name}'{hint}"


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel]:
    """The model class that validates the mapping at ``loc``."""
    current: Any = model
    for part in loc:
        if isinstance(part, str):
            current = _unwrap(current.model_fields[part].annotation)
        elif typing.get_origin(current) is list:
            current = _unwrap(typing.get_args(current)[0])
    return typing.cast(type[BaseModel], current)


def _unwrap(annotation: Any) -> Any:
    """``list[X]`` stays; ``X | None`` becomes ``X``."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return next(arg for arg in typing.get_args(annotation) if arg is not type(None))
    return annotation


def message_for(detail: Any, model: type[BaseModel]) -> str:
    """A validation error of ``model`` in the contributor's words (as ``check`` reports it, without the place)."""
    return _message(detail, model, tuple(detail["loc"]))


def _message(detail: Any, model: type[BaseModel], loc: Loc) -> str:
    kind, ctx, value = detail["type"], detail.get("ctx", {}), detail.get("input")
    if kind == "missing":
        return "required field is missing"
    if kind == "value_error":
        return str(ctx.get("error", detail["msg"]))
    if kind == "literal_error":
        return f"'{value}' is not allowed here; use {ctx['expected']}"
    if kind == "string_pattern_mismatch":
        return _pattern_message(value, loc)
    if kind in ("too_short", "too_long", "string_too_short"):
        return _length_message(kind, ctx, value)
    if kind == "string_type":
        return f"must be text, not {_kind_of(value)}"
    if kind == "list_type":
        return f"must be a list (one '- ' item per line), not {_kind_of(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"must be a mapping of fields, not {_kind_of(value)}"
    return str(detail["msg"])


def _pattern_message(value: Any, loc: Loc) -> str:
    try:
        visible(str(value))  # name an invisible character rather than echo it back
    except ValueError as hidden:
        return str(hidden)
    name = str(loc[-1]) if loc and isinstance(loc[-1], str) else str(loc[-2]) if len(loc) > 1 else ""
    if name in ("id", "source", "facts"):
        return f"'{value}' is not a valid id; use lowercase letters, digits and single hyphens, like 'max-fine'"
    if name == "text":
        return f"'{value}' is not a file name in {SOURCES_DIR}/; give the archived text's name, like 'report.txt'"
    if name in ("language", "original_language"):
        return f"'{value}' is not a language code; write the code (en, fr, en-GB), or 'unknown'"
    if name == "sha256":
        return (
            f"'{value}' is not a SHA-256 digest (64 characters, 0-9 and a-f); write what sha256sum prints for the text"
        )
    return f"'{value}' is not in the expected form for {name}"


def _length_message(kind: str, ctx: dict[str, Any], value: Any) -> str:
    if isinstance(value, str):
        return "must not be empty"
    if kind == "too_short":
        return f"needs at least {plural(ctx['min_length'], 'item')}, has {len(value)}"
    return f"has {len(value)} items; at most {ctx['max_length']} allowed"


def _kind_of(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    return f"'{value}'"
