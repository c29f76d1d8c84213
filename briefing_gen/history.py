"""Editions: what changed in each briefing, and when, read from the repository's history at build time.

The history is the first-parent line of the commit checked out (on main, one
entry per merged pull request, whatever commits the branch had), limited to
the fact and briefing files. A commit makes a new **edition** of a briefing
when, compared with its first parent, it changes what the briefing shows: its
definition (title, as-of date, introduction, key points, sections), the facts
it lists, or the content of one of those facts (claim, quotes, dates, notes).
Files are compared as parsed data, so re-wrapping a line or editing a comment
makes no edition. An edition's date is the commit's (committer) date.

Once deployments are tagged (``published/…``, by the publishing workflow), the
steps are the commits published instead, then the commit checked out
(``_published``): an edition is what a deployment published that the one
before did not, and keeps its number and date however the history is later
rewritten.

Cheap at scale: one ``git log`` for the commits and the blobs they touched,
one ``git cat-file --batch`` per 25 commits for the blobs (each begun while the
window before is replayed: ``blobs``), and only the blobs of
fact files a later commit modified or deleted are read (a file's first version
needs no reading: a briefing's first edition lists no changes, and facts a
briefing gains are read from the briefing file). Of those, only the facts
whose text differs from one already read, or from the files as the build
loaded them, are parsed (``factitems``).

Only wordings that pass today's checks are quoted: a version of a fact from
the history (work in progress of a pull request merged by rebase, say) is held
to them first (``recheck``), and where it fails, the change says why instead.

Degrading, never wrong: outside a checkout of its own, in a shallow clone or
before the first commit, the history is ``unavailable`` with the reason, and
pages say so instead of giving dates. A work tree with uncommitted changes to
the files a briefing draws on marks that briefing ``uncommitted``.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from briefing_gen import git
from briefing_gen.blobs import BlobWindows
from briefing_gen.factitems import ItemReader, read_whole
from briefing_gen.git import Unreadable
from briefing_gen.load import BRIEFINGS_DIR, FACTS_DIR, Corpus

HISTORY_PATHS = (FACTS_DIR, BRIEFINGS_DIR)
BLOBS_AT_ONCE = 25  # steps whose file versions are read from git in one call (see ``blobs``)
NO_BLOB = "0" * 40
DEFINITION_PARTS = ("title", "as_of", "lede", "key_points", "sections")


class Availability(enum.Enum):
    READ = "read"
    NOT_READ = "not read"  # a rendering without the repository (diff, golden files)
    NO_GIT = "no git"
    NOT_A_CHECKOUT = "not a checkout"
    NOT_OWNED = "not owned"  # git refuses a repository another user owns (safe.directory)
    SHALLOW = "shallow clone"
    NO_COMMITS = "no commits"
    UNREADABLE = "unreadable"  # a git command failed (a partial clone offline, say) or its answer did not parse


UNAVAILABLE = {
    Availability.NOT_READ: "it was not read for this rendering",
    Availability.NO_GIT: git.REASONS[git.Access.NO_GIT],
    Availability.NOT_A_CHECKOUT: git.REASONS[git.Access.NOT_A_CHECKOUT],
    Availability.NOT_OWNED: git.REASONS[git.Access.NOT_OWNED],
    Availability.SHALLOW: "this copy was built from a shallow clone, which lacks the earlier history",
    Availability.NO_COMMITS: git.REASONS[git.Access.NO_COMMITS],
    Availability.UNREADABLE: git.REASONS[git.Access.FAILED],
}
# What git can tell of the project folder, where it is not a checkout with commits to read.
FROM_ACCESS = {
    git.Access.NO_GIT: Availability.NO_GIT,
    git.Access.NOT_A_CHECKOUT: Availability.NOT_A_CHECKOUT,
    git.Access.NOT_OWNED: Availability.NOT_OWNED,
    git.Access.FAILED: Availability.UNREADABLE,
    git.Access.NO_COMMITS: Availability.NO_COMMITS,
}


class Withheld(enum.Enum):
    """Why an earlier wording of a fact is not shown: the first of today's checks its version fails."""

    MALFORMED = "malformed"  # not a fact as the model reads one (a control character, a missing field, …)
    SOURCE_GONE = "source gone"  # a source it cites is no longer archived, so its quotes cannot be verified
    QUOTE = "quote"  # a quote, or what a citation reports, is not in the archived text
    CLAIM = "claim"  # the claim says more than its quotes


@dataclass(frozen=True)
class Wording:
    """A claim as a page may quote it: its text, or "" and why it is withheld."""

    text: str
    withheld: Withheld | None = None


class Wordings(Protocol):
    """Earlier versions of facts held to today's checks (``recheck.Recheck``)."""

    def wording(self, fact_id: str, version: dict[str, Any] | None) -> Wording:
        """A version's claim as a page may show it (None: the fact as it is now, which ``check`` has passed)."""
        ...


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
    # Where a wording is not shown (claim "" or before None): why. See ``recheck``.
    claim_withheld: Withheld | None = None
    before_withheld: Withheld | None = None


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


def read_history(root: Path, corpus: Corpus, recheck: Wordings) -> History:
    """Every briefing's editions, from the repository at ``root``; never an exception from what git says.

    ``recheck`` gives an earlier version's claim as a page may quote it, or why it may not.
    """
    found = git.checkout(root)
    availability = _availability(root, found)
    if availability is not Availability.READ:
        return History(availability)
    try:
        commits = _published(root, found.head) or _log(root)
        if not commits:
            return History(Availability.NO_COMMITS)
        replay = _Replay(root, commits, _work_tree_changes(root), recheck, corpus)
        return History(Availability.READ, replay.briefing_histories())  # reads the blobs as it goes
    except (Unreadable, OSError):
        return History(Availability.UNREADABLE)


def _availability(root: Path, found: git.Checkout) -> Availability:
    """Whether the history can be read, or the true reason it cannot (git missing, refusing, failing, …)."""
    if found.access is not git.Access.READ:
        return FROM_ACCESS[found.access]
    if git.output(root, "rev-parse", "--is-shallow-repository") != "false":
        return Availability.SHALLOW
    return Availability.READ


def _git_fields(root: Path, *args: str) -> Iterator[str]:
    """The NUL-separated fields of what a git command with ``-z`` prints (Unreadable if it fails).

    Only NUL separates: a file name may hold any other character, a newline or a control character included.
    """
    return iter(_git_text(root, *args).split("\0"))


def _git_text(root: Path, *args: str) -> str:
    """What a git command prints (Unreadable if it fails)."""
    result = git.run(root, *args)
    if result.returncode != 0:
        raise Unreadable.failed(result.stderr)
    return result.stdout.decode("utf-8", "replace")


def _log(root: Path, last: str = "HEAD") -> list[tuple[Commit, list[FileChange]]]:
    """Oldest first: each first-parent commit up to ``last`` that touched the fact or briefing files, and what
    it changed.

    Read by position: each commit is its id, date and time, then ``:meta`` and path fields, one pair per file.
    """
    fields = _git_fields(
        root,
        *("log", "--first-parent", "--diff-merges=first-parent", "--reverse", "--raw", "-z", "--no-renames"),
        *("--no-abbrev", "--format=%H%x00%cs%x00%cI", "--end-of-options", last, "--", *HISTORY_PATHS),
    )
    commits: list[tuple[Commit, list[FileChange]]] = []
    for value in fields:
        value = value.lstrip("\n")  # git ends each commit's header with a newline before its first file
        if value.startswith(":") and commits:
            commits[-1][1].append(_file_change(value, next(fields, None)))
        elif value:
            commits.append((_commit(value, next(fields, ""), next(fields, "")), []))
    return [(commit, [c for c in changes if _tracked(c.path)]) for commit, changes in commits]


def _published(root: Path, head: str) -> list[tuple[Commit, list[FileChange]]]:
    """Oldest first: each commit a deployment published (tagged ``published/…``), then the commit checked out,
    each with what changed since the one before; [] where no deployment has been tagged.

    Editions counted this way keep their numbers and dates whatever later happens to the history (a rebase, a
    merge that puts a branch's older commits on the main line, a force-push): each tag keeps its commit. Commits
    published together (pull requests merged while a deployment ran) make one edition. Up to the first tagged
    deployment, editions are counted along the main line, as they were before it. A build of a branch that lacks
    the latest deployment lists that deployment's changes as undone: deploying the branch would undo them.
    """
    lines = _git_text(
        root, "for-each-ref", "--sort=refname", "--sort=creatordate", f"--format={TAG_FORMAT}", PUBLISHED_TAGS
    ).splitlines()
    tagged = [sha for sha in (_tagged(line) for line in lines if line) if sha]
    # One deployment of a commit after another of the same is no change; a commit published again later (a
    # rollback) is, and counts again.
    shas = [sha for index, sha in enumerate(tagged) if index == 0 or sha != tagged[index - 1]]
    if not shas:
        return []
    if head != shas[-1]:
        shas.append(head)  # the commit being built is the next edition
    commits = _commits(root, shas[1:]) if len(shas) > 1 else {}
    # Up to the first deployment tagged, editions are counted as they were before any was: along the main line.
    steps = _log(root, shas[0])
    steps += [(commits[new], _changes(root, old, new)) for old, new in itertools.pairwise(shas)]
    return steps


PUBLISHED_TAGS = "refs/tags/published/"
# A tag's object, the commit an annotated tag points to, and their types.
TAG_FORMAT = "%(objectname)%00%(objecttype)%00%(*objectname)%00%(*objecttype)"


def _tagged(line: str) -> str:
    """The commit a tag points to ("" for a tag of anything else)."""
    parts = line.split("\0")
    if len(parts) != 4:
        raise Unreadable(f"not a tag: {line[:50]!r}")
    sha, kind, peeled, peeled_kind = parts
    return peeled if peeled_kind == "commit" else sha if kind == "commit" else ""


def _commits(root: Path, shas: list[str]) -> dict[str, Commit]:
    fields = _git_fields(root, "show", "--no-patch", "-z", "--format=%H%x00%cs%x00%cI", "--end-of-options", *shas)
    commits = {}
    for value in fields:
        if value.strip():
            commit = _commit(value.lstrip("\n"), next(fields, ""), next(fields, ""))
            commits[commit.sha] = commit
    if set(shas) - commits.keys():
        raise Unreadable("a published commit is missing")
    return commits


def _changes(root: Path, old: str, new: str) -> list[FileChange]:
    """The fact and briefing files that differ between two commits."""
    fields = _git_fields(
        root,
        "diff-tree",
        "-r",
        "-z",
        "--raw",
        "--no-renames",
        "--no-abbrev",
        "--no-commit-id",
        old,
        new,
        "--",
        *HISTORY_PATHS,
    )
    return [change for change in _file_changes(fields) if _tracked(change.path)]


SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _commit(sha: str, date: str, time: str) -> Commit:
    if not (SHA.fullmatch(sha) and DAY.fullmatch(date)):
        raise Unreadable(f"not a commit: {sha[:50]!r}")
    try:
        dt.datetime.fromisoformat(time).astimezone(dt.UTC)
    except (ValueError, OverflowError) as error:
        raise Unreadable(f"not a time: {time[:50]!r}") from error
    return Commit(sha, date, time)


def _file_change(meta: str, path: str | None) -> FileChange:
    """One ``:mode mode old new status`` field and the path field after it."""
    parts = meta.lstrip(":").split()
    if len(parts) < 5 or path is None:
        raise Unreadable(f"not a file change: {meta[:50]!r}")
    return FileChange(path, parts[2], parts[3], parts[4][:1])


def _file_changes(fields: Iterator[str]) -> list[FileChange]:
    """Every ``:meta`` and path pair of what ``git diff --raw -z`` prints."""
    return [_file_change(meta, next(fields, None)) for meta in fields if meta]


def _tracked(path: str) -> bool:
    folder, _, name = path.rpartition("/")
    return folder in HISTORY_PATHS and name.endswith(".yaml")


def _work_tree_changes(root: Path) -> list[FileChange]:
    """Fact and briefing files that differ from HEAD in the work tree (staged or not), and new ones."""
    fields = _git_fields(root, "diff", "HEAD", "--raw", "-z", "--no-renames", "--no-abbrev", "--", *HISTORY_PATHS)
    changes = [  # the work tree's side has no blob id: its files are read from disk
        FileChange(c.path, c.old, NO_BLOB if c.status == "D" else "", c.status) for c in _file_changes(fields)
    ]
    others = _git_fields(root, "ls-files", "--others", "--exclude-standard", "-z", "--", *HISTORY_PATHS)
    changes += [FileChange(p, NO_BLOB, "", "A") for p in others if p]
    return [c for c in changes if _tracked(c.path) and (c.new == NO_BLOB or (root / c.path).is_file())]


def _parsed(path: str, content: bytes | None, read: Callable[[str, str], Any] = read_whole) -> Any:
    """A file's data as the loader reads it (dates and numbers stay text), or None if unreadable; ``read`` reads
    the text (a fact file's, item by item: ``factitems``)."""
    if content is None:
        return None
    try:
        return read(path, content.decode("utf-8-sig"))
    except UnicodeDecodeError:
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

    def __init__(
        self,
        root: Path,
        commits: list[tuple[Commit, list[FileChange]]],
        pending: list[FileChange],
        recheck: Wordings,
        corpus: Corpus,
    ) -> None:
        self.root = root
        self.commits = commits
        self.pending = pending
        self.steps = [changes for _, changes in commits] + [pending]
        self.needed = {blob for step in self.steps for c in step for blob in self._needed(c, step)}
        self.contents: dict[str, bytes] = {}  # the needed blobs of the steps being replayed (``_read_blobs``)
        self.events: dict[str, dict[int, _Event]] = {}  # by fact id, then by step, in order
        self.files: dict[str, _Shown] = {}  # each briefing file as of the step replayed last
        self.shown: dict[str, _Shown] = {}  # each briefing as of the step replayed last, by id
        self.showing: dict[str, set[str]] = {}  # the briefings that show each fact, by fact id
        self.fact_files: dict[str, dict[str, dict[str, Any]]] = {}  # facts by id, by blob id of the current versions
        self.standing: dict[str, dict[str, Any]] = {}  # each fact's version as of the step replayed last
        self.recheck = recheck  # holds earlier wordings to today's checks
        self.corpus = corpus
        self.items = ItemReader()  # fact files read item by item: only what differs is parsed

    def _windows(self) -> list[list[str]]:
        """The blobs each window of BLOBS_AT_ONCE steps needs read (``blobs``): every side of its changes that any
        step needs (a file's first version is parsed where a later commit modifies the file)."""
        windows = [self.steps[index : index + BLOBS_AT_ONCE] for index in range(0, len(self.steps), BLOBS_AT_ONCE)]
        return [
            [b for step in window for c in step for b in (c.old, c.new) if b in self.needed and b not in ("", NO_BLOB)]
            for window in windows
        ]

    def _read_blobs(self, index: int, blobs: BlobWindows) -> None:
        """At every BLOBS_AT_ONCE-th step, take its window's versions in place of the last window's."""
        if index % BLOBS_AT_ONCE:
            return
        self.contents = {}  # let the last window's go before taking the next
        self.contents = blobs.next()

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

    def briefing_histories(self) -> dict[str, BriefingHistory]:
        with BlobWindows(self.root, self._windows()) as blobs:
            self.items = _items_known(self.corpus)  # while git reads the first window
            return self._replayed(blobs)

    def _replayed(self, blobs: BlobWindows) -> dict[str, BriefingHistory]:
        states: dict[str, _Shown] = {}
        last_seen: dict[str, _Shown] = {}  # a briefing as it was last readable: a file broken then mended
        editions: dict[str, list[Edition]] = {}  # is compared with what it was, not made a new first edition
        for index, (commit, changes) in enumerate(self.commits):
            self._read_blobs(index, blobs)
            changed_facts = self._record_facts(index, changes)
            after = self._apply_briefings(changes)
            for briefing_id in self._touched(states, after, changed_facts):
                before = states.get(briefing_id) or last_seen.get(briefing_id)
                edition = self._edition(index, commit, before, after[briefing_id], editions.get(briefing_id, []))
                if edition is not None:
                    editions.setdefault(briefing_id, []).append(edition)
            last_seen.update(after)
            states = after
        final = len(self.commits)
        self._read_blobs(final, blobs)
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
        return any(final in self.events.get(fact_id, {}) for fact_id in now.facts)

    def _touched(self, before: dict[str, _Shown], after: dict[str, _Shown], changed_facts: set[str]) -> set[str]:
        """The briefings a step may make a new edition of: those whose file changed, or one of whose facts did.

        Any other briefing shows the same definition and the same facts as before, so it has no edition here.
        """
        redefined = {briefing_id for briefing_id, shown in after.items() if before.get(briefing_id) is not shown}
        showing = {briefing_id for fact_id in changed_facts for briefing_id in self.showing.get(fact_id, ())}
        return redefined | showing

    def _apply_briefings(self, changes: list[FileChange]) -> dict[str, _Shown]:
        """The briefings shown after a step, by id (the same objects as before where no briefing file changed)."""
        briefing_changes = [c for c in changes if c.path.startswith(BRIEFINGS_DIR + "/")]
        if not briefing_changes:
            return self.shown
        for change in briefing_changes:
            data = _parsed(change.path, self.content(change, "new")) if change.new != NO_BLOB else None
            self.files.pop(change.path, None)
            if isinstance(data, dict) and flat_text(data.get("id")):
                self.files[change.path] = _shown(data)
        after = {shown.definition["id"]: shown for _, shown in sorted(self.files.items())}
        self._index_facts(self.shown, after)
        self.shown = after
        return after

    def _index_facts(self, before: dict[str, _Shown], after: dict[str, _Shown]) -> None:
        """Keep ``showing`` (the briefings by fact) up to date for the briefings a step redefined."""
        for briefing_id in before.keys() | after.keys():
            old, new = before.get(briefing_id), after.get(briefing_id)
            if old is new:
                continue
            for fact_id in old.facts if old is not None else ():
                self.showing[fact_id].discard(briefing_id)
            for fact_id in new.facts if new is not None else ():
                self.showing.setdefault(fact_id, set()).add(briefing_id)

    def _record_facts(self, index: int, changes: list[FileChange]) -> set[str]:
        """Record an event for each fact the step adds, removes or changes; return their ids."""
        before: dict[str, dict[str, Any]] = {}
        after: dict[str, dict[str, Any]] = {}
        for change in changes:
            if not change.path.startswith(FACTS_DIR + "/"):
                continue
            if change.old != NO_BLOB:
                before |= self._facts_of(change, "old")
            if change.new != NO_BLOB:
                after |= self._facts_of(change, "new")
        changed: set[str] = set()
        differ = (i for i in before.keys() | after.keys() if before.get(i) is not after.get(i))  # most are one object
        for fact_id in sorted(differ):
            old, new = before.get(fact_id), after.get(fact_id)
            if old is None or new is None or (old != new and _comparable(old) != _comparable(new)):
                self.events.setdefault(fact_id, {})[index] = _Event(index, old, new)
                changed.add(fact_id)
        for change in changes:  # a version replaced is not read again (unless it comes back, then it is reparsed)
            self.fact_files.pop(change.old, None)
        self._stand(before, after)
        return changed

    def _stand(self, before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]) -> None:
        """Keep ``standing`` up to date: the facts of the changed files as they are after the step."""
        for fact_id in before.keys() - after.keys():
            self.standing.pop(fact_id, None)
        self.standing.update(after)

    def _facts_of(self, change: FileChange, side: str) -> dict[str, dict[str, Any]]:
        """The facts in one side of a fact file's change, by id; each blob parsed once while it is current.

        A commit's old side is the new side of the last commit that changed the file, so parsing each blob
        once halves the parsing, and large fact files with one fact reworded per commit are most of the cost.
        """
        blob = change.old if side == "old" else change.new
        if blob == "":  # the work tree's own file
            return _facts_in(_parsed(change.path, self.content(change, side), self.items.read))
        if blob not in self.fact_files:
            self.fact_files[blob] = _facts_in(_parsed(change.path, self.contents.get(blob), self.items.read))
        return self.fact_files[blob]

    def _edition(
        self, index: int, commit: Commit, before: _Shown | None, after: _Shown, earlier: list[Edition]
    ) -> Edition | None:
        number = len(earlier) + 1
        if before is None:
            return Edition(number, commit)
        shown_before, shown_after = set(before.facts), set(after.facts)
        common = shown_before & shown_after
        definition = tuple(
            part for part in DEFINITION_PARTS if _part(before, part, common) != _part(after, part, common)
        )
        changes = [
            *(self._added(fact_id, index) for fact_id in after.facts if fact_id not in shown_before),
            *(self._changed(fact_id, index) for fact_id in after.facts if fact_id in common),
            *(self._removed(fact_id, index) for fact_id in before.facts if fact_id not in shown_after),
        ]
        facts = tuple(change for change in changes if change is not None)
        return Edition(number, commit, facts, definition) if facts or definition else None

    def _event_at(self, fact_id: str, index: int) -> _Event | None:
        return self.events.get(fact_id, {}).get(index)

    def _added(self, fact_id: str, index: int) -> FactChange:
        """A fact a briefing shows from this step on, worded as it stood then (not as it reads today)."""
        found = self.recheck.wording(fact_id, self.standing.get(fact_id))
        return FactChange(ChangeKind.ADDED, fact_id, found.text, claim_withheld=found.withheld)

    def _removed(self, fact_id: str, index: int) -> FactChange:
        """A fact a briefing no longer shows, worded as it stood just before this step."""
        event = self._event_at(fact_id, index)
        found = self.recheck.wording(fact_id, event.before if event is not None else self.standing.get(fact_id))
        return FactChange(ChangeKind.REMOVED, fact_id, found.text, claim_withheld=found.withheld)

    def _changed(self, fact_id: str, index: int) -> FactChange | None:
        event = self._event_at(fact_id, index)
        if event is None or event.before is None or event.after is None:
            return None
        return fact_change(fact_id, event.before, event.after, self.recheck.wording)


def _items_known(corpus: Corpus) -> ItemReader:
    """An item reader that knows the facts of each fact file as the build loaded it (most of them unchanged
    in most earlier versions)."""
    reader = ItemReader()
    docs = {id(fact.doc): fact.doc for fact in corpus.facts}
    for doc in docs.values():
        listed = doc.data.get("facts") if isinstance(doc.data, dict) else None
        if doc.text and isinstance(listed, list):
            lines = [doc.recorded.get(("facts", i), (None,))[0] for i in range(len(listed))]  # recorded: shallow
            reader.know(doc.text, doc.data, lines)
    return reader


def _as_written(fact_id: str, version: dict[str, Any] | None) -> Wording:
    return Wording(flat_text(version.get("claim")) if version is not None else "")


def fact_change(
    fact_id: str,
    before: dict[str, Any],
    after: dict[str, Any],
    wording: Callable[[str, dict[str, Any] | None], Wording] = _as_written,
) -> FactChange:
    """What changed in one fact, in the terms a reader is shown; ``wording`` gives each version's claim as shown."""
    old_claim, new_claim = flat_text(before.get("claim")), flat_text(after.get("claim"))
    old, new = wording(fact_id, before), wording(fact_id, after)
    old_quotes, new_quotes = _quotes(before), _quotes(after)
    old_rest, new_rest = _comparable(before), _comparable(after)
    fields = tuple(
        name
        for name in sorted(old_rest.keys() | new_rest.keys(), key=str)
        if name not in ("id", "claim", "citations") and old_rest.get(name) != new_rest.get(name)
    )
    readings = _citation_details(before) != _citation_details(after)
    reworded = old_claim != new_claim
    return FactChange(
        ChangeKind.CHANGED,
        fact_id,
        new.text,
        old.text if reworded and old.withheld is None else None,
        tuple(sorted({source for source, quote in new_quotes - old_quotes})),
        tuple(sorted({source for source, quote in old_quotes - new_quotes})),
        fields + (("citations",) if readings and old_quotes == new_quotes else ()),
        new.withheld,
        old.withheld if reworded else None,
    )


def _shown(data: dict[str, Any]) -> _Shown:
    found = data.get("sections")
    sections = found if isinstance(found, list) else []
    facts = [f for s in sections if isinstance(s, dict) for f in _listed(s.get("facts")) if isinstance(f, str)]
    return _Shown(_comparable(data), tuple(dict.fromkeys(facts)))


def _part(shown: _Shown, part: str, common: set[str]) -> Any:
    """A part of a briefing's definition. Sections: their titles and links, and where the facts shown before
    and after stand; a fact added or removed is a change of its own."""
    value = shown.definition.get(part)
    if part != "sections" or not isinstance(value, list):
        return value
    return [
        (s.get("title"), s.get("see_also"), [f for f in _listed(s.get("facts")) if f in common])
        for s in value
        if isinstance(s, dict)
    ]


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


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


def flat_text(value: Any) -> str:
    """Text as a page shows it: whitespace collapsed ("" for anything that is not text)."""
    return " ".join(value.split()) if isinstance(value, str) else ""


def _citations(fact: dict[str, Any]) -> list[dict[str, Any]]:
    citations = fact.get("citations")
    return [c for c in citations if isinstance(c, dict)] if isinstance(citations, list) else []


def _quotes(fact: dict[str, Any]) -> set[tuple[str, str]]:
    return {(flat_text(c.get("source")), flat_text(c.get("quote"))) for c in _citations(fact)}


def _citation_details(fact: dict[str, Any]) -> list[Any]:
    return [_comparable(c) for c in _citations(fact)]
