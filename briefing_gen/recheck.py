"""Earlier wordings held to today's checks before *What changed* and the feed show them again.

The history (``history``) reads every version a fact file had on the main
line, and most of those versions never passed ``check``: a pull request merged
by rebase or fast-forward puts each of its commits on that line, work in
progress included. So a claim from an earlier version is shown only if that
version passes what ``check`` holds a fact to today:

- the model (``models.Fact``): visible characters only, every field as it
  must be written;
- every quote, against the archived texts as they are now (they never change:
  ``check`` holds each to its digest); a source no longer archived cannot be
  verified, so its quotes do not pass;
- the claim, against that version's own quotes (``alignment``).

A version that does not pass is not quoted; the page says that an earlier
wording is not shown, and why. Only the versions a page would quote are held
(those of facts changed or removed, once each), and a claim that reads as the
fact's current one, which ``check`` has passed, needs no second look.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from briefing_gen.alignment import claim_holds
from briefing_gen.check import citation_holds
from briefing_gen.history import Withheld, Wording, flat_text
from briefing_gen.load import Corpus
from briefing_gen.models import Fact, Source


class Recheck:
    """Holds earlier versions of facts to today's checks, each version once."""

    def __init__(self, corpus: Corpus) -> None:
        self.sources: dict[str, Source] = {}
        for source in corpus.sources:
            self.sources.setdefault(source.model.id, source.model)  # as check counts a duplicate id: the first
        self.texts = corpus.texts
        self.current = {fact.model.id: fact.model.flat_claim for fact in corpus.facts}
        self.verdicts: dict[str, Withheld | None] = {}  # by the version's data, as JSON

    def wording(self, fact_id: str, version: dict[str, Any] | None) -> Wording:
        """The claim of one version of a fact as a reader would see it, or why that version is not shown (None:
        the fact as it is now, which ``check`` has passed)."""
        if version is None:
            return Wording(self.current.get(fact_id, ""))
        claim = flat_text(version.get("claim"))
        if claim and claim == self.current.get(fact_id):
            return Wording(claim)  # the wording check has passed today, whatever else that version said
        key = json.dumps(version, sort_keys=True, ensure_ascii=False, default=repr)
        if key not in self.verdicts:
            self.verdicts[key] = Withheld.MALFORMED if version.get("id") != fact_id else self._fails(version)
        withheld = self.verdicts[key]
        return Wording(claim) if withheld is None else Wording("", withheld)

    def _fails(self, version: dict[str, Any]) -> Withheld | None:
        """The first check the version fails, or None if it passes them all."""
        try:
            fact = Fact.model_validate(version)
        except ValidationError:
            return Withheld.MALFORMED
        if any(c.source not in self.texts or c.source not in self.sources for c in fact.citations):
            return Withheld.SOURCE_GONE
        if not all(citation_holds(citation, self.sources, self.texts) for citation in fact.citations):
            return Withheld.QUOTE
        return None if claim_holds(fact, self.sources) else Withheld.CLAIM
