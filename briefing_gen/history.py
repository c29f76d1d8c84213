"""Editions: what changed in each briefing, and when, read from the repository's history at build time.

The history is the first-parent line of the commit checked out (on main, one
entry per merged pull request, whatever commits the branch had), limited to
the fact and briefing files. A commit makes a new **edition** of a briefing
when, compared with its first parent, it changes what the briefing shows: its
definition (title, as-of date, introduction, key points, sections), the facts
it lists, or the content of one of those facts (claim, quotes, dates, notes).
Files are compared as parsed data, so re-wrapping a line or editing a comment
makes no edition. An edition's date is the commit's (committer) date.

Cheap at scale: one ``git log`` for the commits and the blobs they touched,
one ``git cat-file --batch`` for the blobs, and only the blobs of fact files a
later commit modified or deleted are parsed (a file's first version needs no
parsing: a briefing's first edition lists no changes, and facts a briefing
gains are read from the briefing file).

Degrading, never wrong: outside a checkout of its own, in a shallow clone or
before the first commit, the history is ``unavailable`` with the reason, and
pages say so instead of giving dates. A work tree with uncommitted changes to
the files a briefing draws on marks that briefing ``uncommitted``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing_gen import git
from briefing_gen.errors import CorpusError
from briefing_gen.load import BRIEFINGS_DIR, FACTS_DIR, Corpus
from briefing_gen.yamlload import parse_yaml

HISTORY_PATHS = (FACTS_DIR, BRIEFINGS_DIR)
NO_BLOB = "0" * 40
DEFINITION_PARTS = ("title", "as_of", "lede", "key_points", "sections")


class Availability(enum.Enum):
    READ = "read"
    NOT_READ = "not read"  # a rendering without the repository (diff, golden files)
    NOT_A_CHECKOUT = "not a checkout"
    SHALLOW = "shallow clone"
    NO_COMMITS = "no commits"


UNAVAILABLE = {
    Availability.NOT_READ: "it was not read for this rendering",
    Availability.NOT_A_CHECKOUT: "this copy was built outside a git checkout of its own",
    Availability.SHALLOW: "this copy was built from a shallow clone, which lacks the earlier history",
    Availability.NO_COMMITS: "nothing has been committed yet",
}


class ChangeKind(enum.Enum):
    ADDED = "added"
    CHANGED = "changed"
    REMOVED = "removed"


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str  # YYYY-MM-DD, as the committer dated it
    time: str  # ISO 8601 with its UTC offset


@dataclass(frozen=True)
class FactChange:
    """One fact added to, changed on or removed from a briefing in one edition."""

    kind: ChangeKind
    fact_id: str
    claim: str  # as added, after the change, or when removed
    before: str | None = None  # the claim before, where the claim itself changed
    quotes_added: tuple[str, ...] = ()  # source ids of quotes added
    quotes_dropped: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()  # other fields that changed (date, editors_note, …)


@dataclass(frozen=True)
class Edition:
    number: int
    commit: Commit
    facts: tuple[FactChange, ...] = ()
    definition: tuple[str, ...] = ()  # parts of the briefing's own text that changed (DEFINITION_PARTS)


@dataclass(frozen=True)
class BriefingHistory:
    editions: tuple[Edition, ...]
    uncommitted: bool = False  # built from files it draws on that differ from the last commit

    @property
    def latest(self) -> Edition | None:
        return self.editions[-1] if self.editions else None


@dataclass(frozen=True)
class History:
    availability: Availability = Availability.NOT_READ
    briefings: Mapping[str, BriefingHistory] = field(default_factory=dict)

    @property
    def available(self) -> bool:
        return self.availability is Availability.READ

    @property
    def reason(self) -> str:
        """Why there is no history ("" when there is one)."""
        return UNAVAILABLE.get(self.availability, "")

    def of(self, briefing_id: str) -> BriefingHistory | None:
        """A briefing's editions; None when the history is unavailable; none yet if it was never committed."""
        if not self.available:
            return None
        return self.briefings.get(briefing_id, BriefingHistory((), uncommitted=True))


# Reading git


@dataclass(frozen=True)
class FileChange:
    path: str
    old: str  # blob id, NO_BLOB where the file is new
    new: str  # blob id, NO_BLOB where the file is gone; "" for the work tree's own file
    status: str = "M"  # git's letter: A(dded), M(odified), D(eleted)


def read_history(root: Path, corpus: Corpus) -> History:
    """Every briefing's editions, from the repository at ``root``."""
    availability = _availability(root)
    if availability is not Availability.READ:
        return History(availability)
    commits = list(_log(root))
    if not commits:
        return History(Availability.NO_COMMITS)
    pending = _work_tree_changes(root)
    replay = _Replay(root, commits, pending)
    current = {f.model.id: f.model.claim for f in corpus.facts}
    return History(Availability.READ, replay.briefing_histories(current))


def _availability(root: Path) -> Availability:
    if not git.own_checkout(root):
        return Availability.NOT_A_CHECKOUT
    if git.output(root, "rev-parse", "--is-shallow-repository") != "false":
        return Availability.SHALLOW
    if not git.output(root, "rev-parse", "--verify", "--quiet", "HEAD"):
        return Availability.NO_COMMITS
    return Availability.READ


def _log(root: Path) -> Iterator[tuple[Commit, list[FileChange]]]:
    """Oldest first: each first-parent commit that touched the fact or briefing files, and what it changed."""
    result = git.run(
        root,
        *("log", "--first-parent", "--diff-merges=first-parent", "--reverse", "--raw", "-z", "--no-renames"),
        *("--no-abbrev", "--format=%x01%H %cs %cI", "--end-of-options", "HEAD", "--", *HISTORY_PATHS),
    )
    for chunk in result.stdout.decode("utf-8", "replace").split("\x01")[1:]:
        header, _, raw = chunk.partition("\0")
        sha, date, time = header.split()
        yield Commit(sha, date, time), [c for c in _raw_changes(raw.lstrip("\n")) if _tracked(c.path)]


def _raw_changes(raw: str) -> Iterator[FileChange]:
    """``:mode mode old new status\\0path\\0`` entries (``git log --raw -z``)."""
    fields = raw.split("\0")
    for meta, path in zip(fields[0::2], fields[1::2], strict=False):
        parts = meta.lstrip(":").split()
        if len(parts) >= 5:
            yield FileChange(path, parts[2], parts[3], parts[4][:1])


def _tracked(path: str) -> bool:
    folder, _, name = path.rpartition("/")
    return folder in HISTORY_PATHS and name.endswith(".yaml")


def _work_tree_changes(root: Path) -> list[FileChange]:
    """Fact and briefing files that differ from HEAD in the work tree (staged or not), and new ones."""
    result = git.run(root, "diff", "HEAD", "--raw", "-z", "--no-renames", "--no-abbrev", "--", *HISTORY_PATHS)
    changes = [  # the work tree's side has no blob id: its files are read from disk
        FileChange(c.path, c.old, NO_BLOB if c.status == "D" else "", c.status)
        for c in _raw_changes(result.stdout.decode("utf-8", "replace"))
    ]
    others = git.run(root, "ls-files", "--others", "--exclude-standard", "-z", "--", *HISTORY_PATHS)
    changes += [FileChange(p, NO_BLOB, "", "A") for p in others.stdout.decode("utf-8", "replace").split("\0") if p]
    return [c for c in changes if _tracked(c.path) and (c.new == NO_BLOB or (root / c.path).is_file())]


def _blobs(root: Path, ids: Iterable[str]) -> dict[str, bytes]:
    """The content of each blob, read in one ``git cat-file --batch``."""
    wanted = sorted(set(ids) - {NO_BLOB, ""})
    if not wanted:
        return {}
    result = git.run_with_input(root, "\n".join(wanted).encode() + b"\n", "cat-file", "--batch")
    found, out, position = {}, result.stdout, 0
    for blob in wanted:
        end = out.index(b"\n", position)
        header = out[position:end].split()
        position = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            found[blob] = out[position : position + size]
            position += size + 1
    return found


def _parsed(path: str, content: bytes | None) -> Any:
    """A file's data as the loader reads it (dates and numbers stay text), or None if unreadable."""
    if content is None:
        return None
    try:
        return parse_yaml(path, content.decode("utf-8-sig"), positions=False).data  # no messages: no positions
    except (CorpusError, UnicodeDecodeError):
        return None


# Replaying the commits


@dataclass(frozen=True)
class _Shown:
    """What a briefing file says, as compared between commits."""

    definition: dict[str, Any]
    facts: tuple[str, ...]


@dataclass
class _Event:
    index: int  # the commit (len(commits) for the work tree)
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class _Replay:
    """The commits applied in order, remembering per briefing what it showed and per fact what changed."""

    def __init__(self, root: Path, commits: list[tuple[Commit, list[FileChange]]], pending: list[FileChange]) -> None:
        self.root = root
        self.commits = commits
        self.pending = pending
        steps = [changes for _, changes in commits] + [pending]
        self.contents = _blobs(root, (blob for changes in steps for c in changes for blob in self._needed(c, changes)))
        self.events: dict[str, list[_Event]] = {}  # by fact id, in order
        self.files: dict[str, _Shown] = {}  # each briefing file as of the step replayed last
        self.current: dict[str, str] = {}  # each fact's claim in the work tree

    @staticmethod
    def _needed(change: FileChange, changes: list[FileChange]) -> tuple[str, ...]:
        """The blobs a change needs read: briefing files always; fact files once a commit modifies or moves them."""
        if change.path.startswith(BRIEFINGS_DIR + "/") or change.old != NO_BLOB:
            return (change.old, change.new)
        modifies = any(c.old != NO_BLOB and c.path.startswith(FACTS_DIR + "/") for c in changes)
        return (change.new,) if modifies else ()

    def content(self, change: FileChange, side: str) -> bytes | None:
        blob = change.old if side == "old" else change.new
        if side == "new" and blob == "":
            return (self.root / change.path).read_bytes()
        return self.contents.get(blob)

    def briefing_histories(self, current_claims: dict[str, str]) -> dict[str, BriefingHistory]:
        self.current = current_claims
        states: dict[str, _Shown] = {}
        editions: dict[str, list[Edition]] = {}
        for index, (commit, changes) in enumerate(self.commits):
            self._record_facts(index, changes)
            after = self._apply_briefings(changes)
            for briefing_id, shown in after.items():
                edition = self._edition(index, commit, states.get(briefing_id), shown, editions.get(briefing_id, []))
                if edition is not None:
                    editions.setdefault(briefing_id, []).append(edition)
            states = after
        final = len(self.commits)
        self._record_facts(final, self.pending)
        now = self._apply_briefings(self.pending)
        return {
            briefing_id: BriefingHistory(
                tuple(editions.get(briefing_id, [])), self._uncommitted(states.get(briefing_id), shown, final)
            )
            for briefing_id, shown in sorted(now.items())
        }

    def _uncommitted(self, committed: _Shown | None, now: _Shown, final: int) -> bool:
        """Whether the work tree changes the briefing's file, or a fact it shows, since the last commit."""
        if committed != now:
            return True
        return any(event.index == final for fact_id in now.facts for event in self.events.get(fact_id, []))

    def _apply_briefings(self, changes: list[FileChange]) -> dict[str, _Shown]:
        """The briefings shown after a step, by id."""
        for change in changes:
            if change.path.startswith(BRIEFINGS_DIR + "/"):
                data = _parsed(change.path, self.content(change, "new")) if change.new != NO_BLOB else None
                self.files.pop(change.path, None)
                if isinstance(data, dict) and isinstance(data.get("id"), str):
                    self.files[change.path] = _shown(data)
        return {shown.definition["id"]: shown for _, shown in sorted(self.files.items())}

    def _record_facts(self, index: int, changes: list[FileChange]) -> None:
        before: dict[str, dict[str, Any]] = {}
        after: dict[str, dict[str, Any]] = {}
        for change in changes:
            if not change.path.startswith(FACTS_DIR + "/"):
                continue
            if change.old != NO_BLOB:
                before |= _facts_in(_parsed(change.path, self.content(change, "old")))
            if change.new != NO_BLOB:
                after |= _facts_in(_parsed(change.path, self.content(change, "new")))
        for fact_id in sorted(before.keys() | after.keys()):
            old, new = before.get(fact_id), after.get(fact_id)
            if old is None or new is None or _comparable(old) != _comparable(new):
                self.events.setdefault(fact_id, []).append(_Event(index, old, new))

    def claim_after(self, fact_id: str, index: int) -> str:
        """The claim as it stood after step ``index`` (before the next change to it, or as it is now)."""
        later = next((e for e in self.events.get(fact_id, []) if e.index > index and e.before is not None), None)
        if later is not None and later.before is not None:
            return _text(later.before.get("claim"))
        return self.current.get(fact_id, "")

    def _edition(
        self, index: int, commit: Commit, before: _Shown | None, after: _Shown, earlier: list[Edition]
    ) -> Edition | None:
        number = len(earlier) + 1
        if before is None:
            return Edition(number, commit)
        common = set(before.facts) & set(after.facts)
        definition = tuple(
            part for part in DEFINITION_PARTS if _part(before, part, common) != _part(after, part, common)
        )
        changes = [
            *(self._added(fact_id, index) for fact_id in after.facts if fact_id not in before.facts),
            *(self._changed(fact_id, index) for fact_id in after.facts if fact_id in before.facts),
            *(self._removed(fact_id, index) for fact_id in before.facts if fact_id not in after.facts),
        ]
        facts = tuple(change for change in changes if change is not None)
        return Edition(number, commit, facts, definition) if facts or definition else None

    def _event_at(self, fact_id: str, index: int) -> _Event | None:
        return next((e for e in self.events.get(fact_id, []) if e.index == index), None)

    def _added(self, fact_id: str, index: int) -> FactChange:
        event = self._event_at(fact_id, index)
        claim = _text(event.after.get("claim")) if event and event.after else self.claim_after(fact_id, index)
        return FactChange(ChangeKind.ADDED, fact_id, claim)

    def _removed(self, fact_id: str, index: int) -> FactChange:
        return FactChange(ChangeKind.REMOVED, fact_id, self.claim_after(fact_id, index - 1))

    def _changed(self, fact_id: str, index: int) -> FactChange | None:
        event = self._event_at(fact_id, index)
        if event is None or event.before is None or event.after is None:
            return None
        return fact_change(fact_id, event.before, event.after)


def fact_change(fact_id: str, before: dict[str, Any], after: dict[str, Any]) -> FactChange:
    """What changed in one fact, in the terms a reader is shown."""
    old_claim, new_claim = _text(before.get("claim")), _text(after.get("claim"))
    old_quotes, new_quotes = _quotes(before), _quotes(after)
    old_rest, new_rest = _comparable(before), _comparable(after)
    fields = tuple(
        name
        for name in sorted(old_rest.keys() | new_rest.keys())
        if name not in ("id", "claim", "citations") and old_rest.get(name) != new_rest.get(name)
    )
    readings = _citation_details(before) != _citation_details(after)
    return FactChange(
        ChangeKind.CHANGED,
        fact_id,
        new_claim,
        old_claim if old_claim != new_claim else None,
        tuple(sorted({source for source, quote in new_quotes - old_quotes})),
        tuple(sorted({source for source, quote in old_quotes - new_quotes})),
        fields + (("citations",) if readings and old_quotes == new_quotes else ()),
    )


def _shown(data: dict[str, Any]) -> _Shown:
    found = data.get("sections")
    sections = found if isinstance(found, list) else []
    facts = [f for s in sections if isinstance(s, dict) for f in (s.get("facts") or []) if isinstance(f, str)]
    return _Shown(_comparable(data), tuple(dict.fromkeys(facts)))


def _part(shown: _Shown, part: str, common: set[str]) -> Any:
    """A part of a briefing's definition. Sections: their titles and links, and where the facts shown before
    and after stand; a fact added or removed is a change of its own."""
    value = shown.definition.get(part)
    if part != "sections" or not isinstance(value, list):
        return value
    return [
        (s.get("title"), s.get("see_also"), [f for f in s.get("facts") or [] if f in common])
        for s in value
        if isinstance(s, dict)
    ]


def _facts_in(data: Any) -> dict[str, dict[str, Any]]:
    facts = data.get("facts") if isinstance(data, dict) else None
    if not isinstance(facts, list):
        return {}
    return {f["id"]: f for f in facts if isinstance(f, dict) and isinstance(f.get("id"), str)}


DEFAULTS: dict[str, Any] = {"difference": "conflict"}


def _comparable(value: Any) -> Any:
    """Data as a reader would tell it apart: whitespace collapsed, empty and default values left out."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [_comparable(item) for item in value]
    if isinstance(value, dict):
        return {
            key: _comparable(item)
            for key, item in value.items()
            if item not in (None, "", [], {}) and DEFAULTS.get(key) != item
        }
    return value


def _text(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _citations(fact: dict[str, Any]) -> list[dict[str, Any]]:
    citations = fact.get("citations")
    return [c for c in citations if isinstance(c, dict)] if isinstance(citations, list) else []


def _quotes(fact: dict[str, Any]) -> set[tuple[str, str]]:
    return {(_text(c.get("source")), _text(c.get("quote"))) for c in _citations(fact)}


def _citation_details(fact: dict[str, Any]) -> list[Any]:
    return [_comparable(c) for c in _citations(fact)]
