"""What *What changed* says of a fact beyond one briefing's history: where it moved, and what the editors withdrew.

**Moves.** The history (``history``) is read briefing by briefing, so a fact
taken from one briefing and put in another is "removed" from the first, which
reads as a retraction. Where one commit removes a fact from a briefing and adds
it to another, the first says "Moved to" the other and the other "Moved from"
the first. A fact removed from a briefing but published elsewhere today (kept in
another briefing, or put on the background page, which has no history) says
where it is now. Only current briefings are named: a move to a briefing since
retired says nothing more than "Removed".

**Withdrawals** (``content/withdrawn.yaml``). A fact the editors removed or
corrected because it was wrong is listed there with their reason. What changed
and the feed then never quote a wording of it other than its current one (a fact
that is gone has none), and say "withdrawn: <reason>" instead. A fact that is
still published may be listed: that withdraws its earlier wordings, while its
current claim, which ``check`` has passed, stays on its page.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from briefing_gen.history import ChangeKind, FactChange, History

Place = tuple[str, str]  # a page that shows facts: its path in the docs folder, and its title


class Way(enum.Enum):
    """How a fact went from one page to another, as the line of what changed begins."""

    MOVED_TO = "Moved to"
    MOVED_FROM = "Moved from"
    NOW_IN = "Removed from this briefing, now in"


@dataclass(frozen=True)
class Whereabouts:
    way: Way
    places: tuple[Place, ...]


# By (briefing id, commit, fact id): how the fact went, and the other briefings, by id.
Moves = dict[tuple[str, str, str], tuple[Way, tuple[str, ...]]]


def find_moves(history: History) -> Moves:
    """Every fact one commit took from a briefing and added to another, seen from both briefings."""
    events: dict[tuple[str, str], dict[ChangeKind, list[str]]] = {}
    for briefing_id, found in history.briefings.items():
        for edition in found.editions:
            for change in edition.facts:
                kinds = events.setdefault((edition.commit.sha, change.fact_id), {})
                kinds.setdefault(change.kind, []).append(briefing_id)
    moves: Moves = {}
    for (commit, fact_id), kinds in events.items():
        left, arrived = sorted(kinds.get(ChangeKind.REMOVED, [])), sorted(kinds.get(ChangeKind.ADDED, []))
        if left and arrived:
            moves |= {(b, commit, fact_id): (Way.MOVED_TO, tuple(arrived)) for b in left}
            moves |= {(b, commit, fact_id): (Way.MOVED_FROM, tuple(left)) for b in arrived}
    return moves


def _nowhere(fact_id: str) -> list[Place]:
    return []


@dataclass(frozen=True)
class Retelling:
    """What a page knows of each fact beyond its own history (nothing, by default)."""

    moves: Moves = field(default_factory=dict)
    briefings: Mapping[str, Place] = field(default_factory=dict)  # each current briefing's page, by id
    showing: Callable[[str], list[Place]] = _nowhere  # the pages that show a fact today
    withdrawn: Mapping[str, str] = field(default_factory=dict)  # the editors' reason, by fact id
    current: Mapping[str, str] = field(default_factory=dict)  # each fact's claim today, by id

    def whereabouts(self, briefing_id: str, commit: str, change: FactChange) -> Whereabouts | None:
        """Where a fact added to or removed from a briefing came from or went, where that is known."""
        way, others = self.moves.get((briefing_id, commit, change.fact_id), (None, ()))
        places = tuple(self.briefings[b] for b in others if b in self.briefings)
        if way is not None and places:
            return Whereabouts(way, places)
        if change.kind is ChangeKind.REMOVED:
            here = self.briefings.get(briefing_id)
            now = tuple(place for place in self.showing(change.fact_id) if place != here)
            return Whereabouts(Way.NOW_IN, now) if now else None
        return None

    def withdrawal(self, fact_id: str, claim: str) -> str | None:
        """The editors' reason, where a wording of a withdrawn fact must not be quoted (None where it may)."""
        reason = self.withdrawn.get(fact_id)
        if reason is None or (claim and claim == self.current.get(fact_id)):
            return None
        return reason
