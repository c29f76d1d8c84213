"""Adding a source from what a contributor has: a saved web page or a plain-text file.

``add-source FILE`` archives the report's text as ``sources/<id>.txt`` and
describes it in ``sources/<id>.yaml`` with its digest and the archive date.
Only what the file itself establishes is recorded; everything else is
``unknown`` (or an empty list) and printed, for the contributor to fill in
from the text. Nothing is fetched: a saved page's main text is extracted
from the file (trafilatura), and its title, date, publisher, address and
language are taken only from what the page states in its markup (meta tags,
structured data, the ``<title>`` and ``<html lang>``), never guessed from
its address or its prose.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from briefing_gen.errors import CommandError, CorpusError
from briefing_gen.load import MAX_TEXT_BYTES, SOURCES_DIR, message_for
from briefing_gen.models import ID_PATTERN, MAX_ID, RESERVATIONS, UNKNOWN, Source, full_date
from briefing_gen.pagedates import publication_date
from briefing_gen.schema import modeline
from briefing_gen.yamlload import decode_utf8, parse_yaml

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
MAX_INPUT_BYTES = 20 * 1024 * 1024  # a saved page with its inline styles and scripts
OPENING_WORDS = 12  # an untitled text is named by its opening words, as many as a title would have
_ID_WORDS = 6


@dataclass
class Described:
    """What a file establishes about the report it holds; None where it establishes nothing."""

    text: bytes  # the text to archive, byte for byte
    kind: str  # how it was received, for 'received_as'
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    url: str | None = None
    language: str | None = None
    notes: list[str] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)  # what the page says that the text must confirm


@dataclass(frozen=True)
class Added:
    source: Source
    text_path: str
    yaml_path: str
    missing: list[str]  # what could not be established, one line each


def add_source(root: Path, file: Path, url: str | None, source_id: str | None, archived: str | None) -> Added:
    _check_options(url, source_id, archived)
    raw = _read(file)
    described = describe_page(raw) if _is_html(file, raw) else describe_text(file, raw)
    if len(described.text) > MAX_TEXT_BYTES:  # check would refuse it: refuse it before anything is written
        raise CommandError(
            f"the text to archive from {file} is larger than {MAX_TEXT_BYTES // 1024 // 1024} MiB, the most an "
            "archived text may be; archive the report's text only"
        )
    if url is not None:
        described.url = url
        described.notes = [n for n in described.notes if not n.startswith("The address")]
        described.notes.append("The address was given by the contributor who saved the file.")
    source = _source(described, file, source_id, archived or dt.datetime.now(dt.UTC).date().isoformat())
    return _write(root, source, described)


def _check_options(url: str | None, source_id: str | None, archived: str | None) -> None:
    """What the contributor gave on the command line, held to the rules of the record, in their words."""
    if source_id is not None and (len(source_id) > MAX_ID or not re.fullmatch(ID_PATTERN, source_id)):
        raise CommandError(
            f"--id '{source_id}' is not a valid id; use lowercase letters, digits and single hyphens "
            f"(at most {MAX_ID} characters), like 'airport-drones'"
        )
    if url is not None and (not url.isprintable() or _web_address(url) is None):
        raise CommandError(
            f"--url '{url}' is not a web address; give the address the report was published at, "
            "starting with http:// or https://"
        )
    if archived is not None:
        try:
            full_date(archived)
        except ValueError as error:
            raise CommandError(f"--archived {error}") from None


def _read(file: Path) -> bytes:
    try:
        with file.open("rb") as handle:
            raw = handle.read(MAX_INPUT_BYTES + 1)
    except OSError as error:
        raise CommandError(f"cannot read {file}: {error.strerror or error}") from None
    if len(raw) > MAX_INPUT_BYTES:
        raise CommandError(f"{file} is larger than {MAX_INPUT_BYTES // 1024 // 1024} MiB; save the report alone")
    return raw


def _is_html(file: Path, raw: bytes) -> bool:
    start = raw[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return file.suffix.lower() in HTML_SUFFIXES or start.startswith((b"<!doctype html", b"<html"))


def describe_text(file: Path, raw: bytes) -> Described:
    """A plain-text file is archived as it is: it states no title, date or publisher of its own."""
    try:
        text = decode_utf8(file.name, raw)
    except CorpusError:
        raise CommandError(f"{file} is not UTF-8 text; save it as UTF-8 and add it again") from None
    if not text.strip():
        raise CommandError(f"{file} has no text")
    return Described(raw, "a text file")


def describe_page(raw: bytes) -> Described:
    """A saved web page: its main text, and the metadata its markup states."""
    import trafilatura
    from trafilatura.metadata import examine_meta, extract_meta_json, extract_url
    from trafilatura.utils import load_html

    tree = load_html(raw)
    text = (
        trafilatura.extract(tree, output_format="txt", include_comments=False, favor_precision=True)
        if tree is not None
        else None
    )
    if tree is None or not text or not text.strip():
        raise CommandError("found no main text in the page; copy the report's text into a .txt file and add that")
    meta = extract_meta_json(tree, examine_meta(tree))
    title_element = tree.findtext(".//head/title")
    said = _clean(text) or ""
    kept = [line for line in rights_lines(tree) if line not in said]
    archived = text.strip() + "\n" + "".join(f"{line}\n" for line in kept)
    described = Described(archived.encode("utf-8"), "a saved web page")
    described.title = _clean(meta.title or title_element)
    described.publisher = _clean(meta.sitename)
    dated = publication_date(tree)
    described.published = dated.published
    described.hints += dated.hints
    described.url = _web_address(meta.url or extract_url(tree))
    described.language = _language(tree.get("lang") or tree.findtext(".//html[@lang]"))
    described.notes.append(
        f"The main text was extracted from the saved web page by trafilatura {trafilatura.__version__}; "
        "the page's markup is not archived."
    )
    if kept:
        described.notes.append(
            f"The last {'line is' if len(kept) == 1 else f'{len(kept)} lines are'} the page's own words on its "
            "rights, from outside its main text, kept so they can be recorded."
        )
    if described.url:
        described.notes.append("The address is the one the page gives as its own.")
    if meta.author:
        described.hints.append(
            f"the page's metadata names '{_clean(meta.author)}' as author; add it to credits only if the text "
            "credits them"
        )
    return described


# Words with which a page states its rights: a copyright line, a reservation, an open licence (not a mere
# mention, such as a "Copyright policy" link in the navigation).
RIGHTS_WORDS = re.compile(
    "|".join(
        (
            *(r"©", r"\(c\)\s*\d{4}", r"copyright\s+\d{4}"),  # a copyright line
            *map(re.escape, RESERVATIONS),
            *(r"creative commons", r"licen[cs]ed under", r"in the public domain"),  # an open licence
        )
    ),
    re.IGNORECASE,
)
_NOT_TEXT = {"script", "style", "noscript", "template", "head"}


def rights_lines(tree: Any) -> list[str]:
    """The page's lines on its rights (a footer's '© 2025 Example News. All rights reserved.'), each the whole text
    of the smallest element that says it, in page order; text extractors leave footers out as boilerplate."""
    found: list[str] = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or _inside(element, _NOT_TEXT):
            continue
        own = " ".join(part for part in [element.text or ""] + [child.tail or "" for child in element])
        if not RIGHTS_WORDS.search(own):
            continue
        line = _clean(" ".join(element.itertext()))
        if line and len(line) <= MAX_RIGHTS_LINE and line not in found:
            found.append(line)
    return found


MAX_RIGHTS_LINE = 400  # longer is prose that mentions copyright, not a rights line


def _inside(element: Any, tags: set[str]) -> bool:
    return any(str(node.tag).lower() in tags for node in [element, *element.iterancestors()])


def _clean(value: str | None) -> str | None:
    """Metadata as one line of visible text (pages carry invisible marks and runs of spaces)."""
    if not value:
        return None
    text = "".join(char for char in value if char.isprintable() or char.isspace())
    return " ".join(text.split()) or None


def _web_address(value: str | None) -> str | None:
    return value if value and re.fullmatch(r"https?://[^\s<>\"]+", value) else None


def _language(value: str | None) -> str | None:
    if not value:
        return None
    primary, _, rest = value.strip().partition("-")
    tag = primary.lower() + (f"-{rest}" if rest else "")
    return tag if re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)*", tag) else None


def _source(described: Described, file: Path, source_id: str | None, archived: str) -> Source:
    title = described.title
    text = described.text.decode("utf-8-sig")
    identifier = source_id or make_id(title or opening_words(text) or file.stem)
    values: dict[str, object] = {
        "id": identifier,
        "title": title or opening_words(text) or identifier,
        "title_is": "headline" if title else "opening-words",
        "publisher": described.publisher or UNKNOWN,
        "credits": [],
        "cites": [],
        "published": described.published or UNKNOWN,
        "language": described.language or UNKNOWN,
        "translation": UNKNOWN,
        "original_language": UNKNOWN,
        "url": described.url or UNKNOWN,
        "archived": archived,
        "text": f"{identifier}.txt",
        "sha256": hashlib.sha256(described.text).hexdigest(),
        "received_as": f"{file.name}, {described.kind}",
        "notes": " ".join(described.notes) or None,
    }
    try:
        return Source.model_validate(values)
    except ValidationError as error:  # (what the file gives is cleaned, and the options checked, before this)
        detail = error.errors()[0]
        name = ".".join(str(part) for part in detail["loc"])
        raise CommandError(f"cannot record {name}: {message_for(detail, Source)}") from None


def opening_words(text: str) -> str:
    """The text's first sentence, or its first words: the name of a report without a headline.

    Without invisible marks (a soft hyphen, a zero-width space): a title may not have them.
    """
    first = next((line for line in map(_clean, text.splitlines()) if line), "")
    sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0]
    return " ".join(sentence.split()[:OPENING_WORDS]).rstrip(".,;:!?")


def make_id(title: str) -> str:
    words = re.findall(r"[a-z0-9]+", title.lower().encode("ascii", "ignore").decode())
    return "-".join(words[:_ID_WORDS])[:60].strip("-") or "source"


def _write(root: Path, source: Source, described: Described) -> Added:
    folder = root / SOURCES_DIR
    text_path, yaml_path = folder / source.text, folder / f"{source.id}.yaml"
    if folder.exists() and not folder.is_dir():
        raise CommandError(f"{SOURCES_DIR} is a file, not a folder; the archived sources go in a folder of that name")
    for path in (text_path, yaml_path):
        if path.exists() or path.is_symlink():
            raise CommandError(f"{SOURCES_DIR}/{path.name} already exists; choose another id with --id")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _write_both({text_path: described.text, yaml_path: source_yaml(source).encode("utf-8")})
    except OSError as error:
        raise CommandError(f"cannot write in {SOURCES_DIR}/: {error.strerror or error}; nothing was added") from None
    return Added(
        source, f"{SOURCES_DIR}/{text_path.name}", f"{SOURCES_DIR}/{yaml_path.name}", _missing(source, described)
    )


def _write_both(files: dict[Path, bytes]) -> None:
    """Write each new file (never over an existing one), or none: a text without its record is half a source."""
    written: list[Path] = []
    try:
        for path, content in files.items():
            with path.open("xb") as handle:
                written.append(path)
                handle.write(content)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise


FIELDS = (
    "id", "title", "title_is", "publisher", "credits", "cites", "published", "language", "translation",
    "original_language", "url", "archived", "text", "sha256", "received_as", "notes",
)  # fmt: skip


def source_yaml(source: Source) -> str:
    """The metadata file, in the order the existing sources use, each value read back exactly as written."""
    lines = [modeline(f"{SOURCES_DIR}/{source.id}.yaml")]
    for name in FIELDS:
        value = getattr(source, name)
        if value is not None:
            lines.append(f"{name}: {_yaml_value(value)}")
    return "\n".join(lines) + "\n"


def _yaml_value(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_yaml_value(item) for item in value) + "]"
    text = str(value).lower() if isinstance(value, bool) else str(value)
    try:
        doc = parse_yaml("-", f"v: {text}\n")
        if not doc.problems and isinstance(doc.data, dict) and doc.data.get("v") == value:
            return text
    except CorpusError:
        pass
    return json.dumps(text, ensure_ascii=False)  # a double-quoted YAML string: JSON's escapes are YAML's


def _missing(source: Source, described: Described) -> list[str]:
    """What the file did not establish, in the contributor's words."""
    page = described.kind == "a saved web page"
    says = "the page's metadata states" if page else "a text file states"
    missing = []
    if source.title_is == "opening-words":
        missing.append(f"title: {says} none; the opening words are recorded (title_is: opening-words)")
    if source.publisher == UNKNOWN:
        missing.append(f"publisher: {says} none; record the site only if the text names it")
    if source.published == UNKNOWN:
        missing.append(
            f"published: {says} no publication date; record one only if the text gives it (a date without a year goes in dateline)"
        )
    if source.url == UNKNOWN:
        missing.append(f"url: {says} no address; give --url if you know where the report was published")
    if source.language == UNKNOWN:
        missing.append(f"language: {says} none; write its code (en, fr, ...)")
    missing.append("credits, cites: read them from the text (a dateline's '(Agency)', a '© Agency' line)")
    missing.append(_rights_hint(described.text.decode("utf-8-sig")))
    missing.append("translation, original_language: unknown unless the text says whether it is a translation")
    return missing + [f"note: {hint}" for hint in described.hints]


def _rights_hint(text: str) -> str:
    said = next((line.strip() for line in text.splitlines() if RIGHTS_WORDS.search(line)), None)
    if said is None:
        return "rights: the text says nothing of them, so they are taken as reserved (status: unknown)"
    shown = said if len(said) <= 80 else said[:79] + "…"
    return (
        f'rights: the text says "{shown}"; record status (reserved, or the open licence it names), holder and '
        "statement, copied from it"
    )
