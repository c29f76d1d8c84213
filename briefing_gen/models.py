"""What a source, a fact and a briefing file may say, in the contributor's terms.

Every model forbids unknown fields, so a misspelt key is an error rather than
a silently ignored value. Cross-field rules are validators whose messages speak
of facts, quotes and sources, not of types.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    WithJsonSchema,
    model_validator,
)

UNKNOWN = "unknown"
# Scraping tools sometimes replace numbers by this token; it is never a figure.
SCRAPING_ARTIFACTS = ("XNUMX",)


def visible(text: str) -> str:
    """Refuse characters a reader cannot see but a browser acts on (bidi overrides, zero-width, controls)."""
    if text.replace("\n", "").isprintable():
        return text  # fast path: isprintable() is False for every control, format and separator character
    for index, char in enumerate(text):
        if char not in "\n" and unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
            name = unicodedata.name(char, "a control character")
            raise ValueError(
                f"contains an invisible character, U+{ord(char):04X} {name}, at character {index + 1}; remove it"
            )
    return text


ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
MAX_ID = 80
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=MAX_ID)]
# An id that names a topic or a fact: any text here, looked up by check, which says which declared id is
# closest ("did you mean 'flight-disruption'?") where a pattern could only say the form is wrong. Editors'
# schemas still show the form of an id.
Reference = Annotated[
    str, StringConstraints(min_length=1), AfterValidator(visible), WithJsonSchema(TypeAdapter(Id).json_schema())
]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True), AfterValidator(visible)]


LAST_YEAR = 2099  # site files carry dates as 32-bit times (gzip), which end in 2106


def _real_date(text: str, pattern: str, example: str) -> str:
    if not re.fullmatch(pattern, text, re.ASCII):
        if re.fullmatch(pattern, text):  # digits of another script, such as full-width ones
            raise ValueError(f"'{text}' uses digits other than 0-9; write it as {example} with the digits 0-9")
        raise ValueError(f"'{text}' is not a date; write it as {example}")
    parts = [int(part) for part in text.split("-")] + [1, 1]
    try:
        dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        raise ValueError(f"'{text}' is not a real date") from None
    if parts[0] > LAST_YEAR:
        raise ValueError(f"'{text}' is after {LAST_YEAR}; write the date the reports give")
    return text


def full_date(text: str) -> str:
    return _real_date(text, r"\d{4}-\d{2}-\d{2}", "YYYY-MM-DD")


def partial_date(text: str) -> str:
    """A date as precise as the reports allow: 2024, 2024-08 or 2024-08-22."""
    return _real_date(text, r"\d{4}(-\d{2}(-\d{2})?)?", "YYYY-MM-DD, YYYY-MM or YYYY")


def as_of_date(text: str) -> str:
    """When a briefing's facts were last checked: it dates the site's files, so not before 1970."""
    partial_date(text)
    if int(text[:4]) < 1970:
        raise ValueError(f"'{text}' is before 1970; an as-of date is when the facts were last checked")
    return text


def date_or_unknown(text: str) -> str:
    return text if text == UNKNOWN else partial_date(text)


DateOrUnknown = Annotated[str, AfterValidator(date_or_unknown)]


def web_url_or_unknown(text: str) -> str:
    visible(text)
    if text != UNKNOWN and not re.fullmatch(r"https?://[^\s<>\"]+", text):
        raise ValueError("must be an http(s) address given by the text itself, or 'unknown'")
    return text


def no_artifacts(text: str) -> str:
    for artifact in SCRAPING_ARTIFACTS:
        if artifact in text:
            raise ValueError(f"'{artifact}' is a scraping artifact, not a figure; leave that value out")
    return text


_YEAR = re.compile(r"(?<!\d)(1[89]|20)\d\d(?!\d)")


def no_year(text: str) -> str:
    if _YEAR.search(text):
        raise ValueError(f"'{text}' gives a year, so it is a date: record it in 'published' (YYYY-MM-DD or YYYY-MM)")
    return text


def no_date_in_label(text: str) -> str:
    if _YEAR.search(text):
        raise ValueError(
            f"'{text}' gives a year; a label names the report, and the date beside it comes from 'published' "
            "or 'dateline'"
        )
    return text


PartialDate = Annotated[str, AfterValidator(partial_date)]
FullDate = Annotated[str, AfterValidator(full_date)]
CleanText = Annotated[Text, AfterValidator(no_artifacts)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


RIGHTS = {
    "reserved": "the text reserves its rights",
    "unknown": "the text states no rights, so they are taken as reserved",
    "open-licence": "published under an open licence",
    "public-domain": "in the public domain",
}

# What the text must itself say for each status that lets the site publish it whole.
OPEN_RIGHTS_SAID = {
    "open-licence": "which licence it is published under",
    "public-domain": "it is in the public domain",
}


# Words by which a text keeps its rights: no statement elsewhere in it makes it free to publish whole (``check``),
# and a saved page's line that says them is kept with its text (``intake``).
RESERVATIONS = ("all rights reserved", "no part may be reproduced", "may not be reproduced")


class Rights(Strict):
    """What is known of who may copy a report, and so whether the site may publish its full text."""

    status: Literal["reserved", "unknown", "open-licence", "public-domain"] = Field(
        "unknown",
        description="'reserved': the text says so (a copyright line, 'no part may be reproduced'); 'unknown': it "
        "says nothing, so the rights are taken as reserved; 'open-licence' (name it in 'licence') or "
        "'public-domain': the full text may be published, where the text says so in the words given in 'statement'",
    )
    holder: Text = Field(
        UNKNOWN, description="who holds the rights, where the text says ('© 2024 Wire Service': Wire Service)"
    )
    statement: Text | None = Field(
        None,
        description="the text's own words on its rights, copied from it; required for 'open-licence' (the words "
        "naming the licence) and 'public-domain' (the words saying so)",
    )
    licence: Annotated[str, AfterValidator(web_url_or_unknown)] | None = Field(
        None, description="the address of the open licence the text is published under"
    )

    @model_validator(mode="after")
    def licence_for_an_open_licence(self) -> Rights:
        if self.status == "open-licence" and (self.licence is None or self.licence == UNKNOWN):
            raise ValueError("'open-licence' needs 'licence': the address of the licence the text names")
        if self.status != "open-licence" and self.licence is not None:
            raise ValueError("'licence' is for status 'open-licence'")
        if self.full_text_allowed and self.statement is None:
            raise ValueError(
                f"'{self.status}' needs 'statement': the words in which the text says {OPEN_RIGHTS_SAID[self.status]}, "
                "copied from it; the site publishes a full text only where the text itself allows it"
            )
        return self

    @property
    def full_text_allowed(self) -> bool:
        """Whether the site may publish the whole archived text (otherwise only the passages it quotes)."""
        return self.status in ("open-licence", "public-domain")

    @property
    def status_text(self) -> str:
        return RIGHTS[self.status]


class Source(Strict):
    """What is known of one archived report's origin ('unknown' where the text does not say)."""

    id: Id
    title: Text
    publisher: Text
    credits: list[Text] = Field(
        description="the wire service or outlet the text credits as its author (a dateline's '(Agency)', "
        "a '© 2024 Agency' line)"
    )
    cites: list[Text] = Field(
        default_factory=list, description="news agencies the text cites for its information, not as its author"
    )
    published: DateOrUnknown
    dateline: Annotated[Text, AfterValidator(no_year)] | None = Field(
        None, description="the date exactly as the text gives it, where it gives no year ('Sept 2')"
    )
    kind: Literal["news", "unknown"] = Field(
        "unknown",
        description="'news' where the text is a news report (its data then calls it a NewsArticle); "
        "'unknown' otherwise",
    )
    title_is: Literal["headline", "opening-words"] = Field(
        "headline", description="'opening-words' where the text has no headline and the title is its opening words"
    )
    language: Annotated[str, StringConstraints(pattern=r"^([a-z]{2,3}(-[A-Za-z0-9]+)*|unknown)$")]
    translation: Literal[True, False, "unknown"]
    original_language: Annotated[str, StringConstraints(pattern=r"^([a-z]{2,3}(-[A-Za-z0-9]+)*|unknown)$")]
    url: Annotated[str, AfterValidator(web_url_or_unknown)]
    archived: FullDate
    text: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._-]+\.txt$")]
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    received_as: Text
    notes: Text | None = None
    label: Annotated[CleanText, AfterValidator(no_date_in_label)] | None = Field(
        None,
        description="how notes name this report, where the name worked out from its credits and publisher would "
        "not do ('Wire Service via an unnamed news site'); the date is always added from 'published' or 'dateline'",
    )
    rights: Rights = Field(
        default_factory=Rights,
        description="what is known of who may copy the report; the site publishes its full text only where the "
        "rights allow, and otherwise the passages it quotes",
    )

    @property
    def has_url(self) -> bool:
        return self.url != UNKNOWN


def has_words(text: str) -> str:
    if not any(char.isalnum() for char in text):
        raise ValueError("has no words (only punctuation or ellipses); quote the source's own words")
    return text


# Why a passage says something other than what it most likely means; each is a slip, never a disagreement.
READING_REASONS = {
    "translation-slip": "a likely translation slip",
    "scraping-artifact": "a scraping artifact",
    "misplaced-figure": "a figure in the wrong place",
    "typo": "a typo",
}


class Reading(Strict):
    """The editors' reading of a garbled passage: what it most likely says, and why."""

    words: Annotated[Text, AfterValidator(has_words)] = Field(description="the garbled words, as in the quote")
    means: CleanText = Field(description="what the passage most likely says, in the editors' words")
    reason: Literal["translation-slip", "scraping-artifact", "misplaced-figure", "typo"]
    why: CleanText | None = Field(None, description="how the editors know, where the reason alone does not say")

    @property
    def reason_text(self) -> str:
        return READING_REASONS[self.reason]


class Citation(Strict):
    source: Id
    quote: Annotated[Text, AfterValidator(has_words)]
    reports: CleanText | None = Field(None, description="this source's own figure or wording, where sources differ")
    reading: Reading | None = Field(None, description="the editors' reading of a garbled passage in this quote")

    # Cached on a frozen model: a copy made with model_copy(update=...) would keep the value of the original, so
    # nothing copies citations or facts (each is made once, by validation).
    @functools.cached_property  # the exports give it in two files, for each of tens of thousands of citations
    def flat_quote(self) -> str:
        """The quote on one line, its whitespace collapsed."""
        return " ".join(self.quote.split())


class Topic(Strict):
    """A subject the site's facts are filed under, declared by the editors of each site."""

    id: Id
    title: Text
    description: CleanText = Field(description="what the topic covers, in a sentence or two: shown to readers")


class TopicFile(Strict):
    topics: list[Topic] = Field(min_length=1)


class Withdrawal(Strict):
    """A fact the editors withdrew: its earlier wordings are never quoted again, the reason is shown instead."""

    id: Id = Field(description="the id of the fact, removed or corrected (an id no fact has now is fine)")
    reason: CleanText = Field(
        description="why it was withdrawn, in a neutral sentence a reader sees as 'withdrawn: <reason>'"
    )


class WithdrawnFile(Strict):
    withdrawn: list[Withdrawal] = Field(min_length=1)


class Fact(Strict):
    id: Id
    topic: Reference = Field(description="the id of one of the topics declared in content/topics.yaml")
    date: DateOrUnknown
    date_basis: CleanText | None = Field(
        None,
        description="how the editors worked the date out, where no cited report gives it (\"'last week' in a "
        "story of Monday 2 September\"): shown to readers as the editors' own words",
    )
    claim: CleanText
    citations: list[Citation] = Field(min_length=1)
    differs_on: Text | None = None
    difference: Literal["conflict", "wording"] = Field(
        "conflict",
        description="'conflict': the reports give conflicting figures or facts (a warning every reader sees); "
        "'wording': they say the same thing in different words or conversions (a quiet note)",
    )
    other_windows: list[Reference] = Field(
        default_factory=list,
        description="facts giving a figure for the same thing over a different period: shown as such, not as a "
        "disagreement",
    )
    editors_note: CleanText | None = Field(
        None,
        description="what the editors add that no quote says (a conversion, a romanisation, a date worked out "
        "from 'last Tuesday'): shown to readers as the editors' own words",
    )

    @model_validator(mode="after")
    def reported_values_match_differs_on(self) -> Fact:
        reported = [c.reports for c in self.citations if c.reports is not None]
        if self.differs_on is None and reported:
            raise ValueError(
                "citations give 'reports' values but the fact has no 'differs_on'; say what the sources differ on"
            )
        if self.differs_on is not None:
            if len(reported) != len(self.citations):
                raise ValueError(
                    "'differs_on' is set, so every citation needs 'reports': that source's own figure or wording"
                )
            if len(set(reported)) < 2 or len({c.source for c in self.citations}) < 2:
                raise ValueError("'differs_on' needs at least two sources reporting different values")
        if self.id in self.other_windows:
            raise ValueError("'other_windows' lists the fact itself; list the facts with figures for other periods")
        return self

    @model_validator(mode="after")
    def differences_are_what_they_say(self) -> Fact:
        """A slip is never a difference between reports."""
        if self.differs_on is None:
            if "difference" in self.model_fields_set:
                raise ValueError("'difference' says how the sources differ, so it needs 'differs_on' too")
            return self
        if any(_read_as_slip(c, self.difference) for c in self.citations):
            raise ValueError(
                "a citation's reported value is words the editors read as a slip; a slip is never a difference "
                "between reports: drop 'differs_on' if the reports agree once read"
            )
        return self

    @functools.cached_property  # the history, the exports and the annotations each ask, for every fact
    def flat_claim(self) -> str:
        """The claim on one line, its whitespace collapsed: as a page shows it."""
        return " ".join(self.claim.split())

    @property
    def dated(self) -> bool:
        return self.date != UNKNOWN

    # Cached, as flat_quote is (and never to be copied with model_copy for the same reason).
    @functools.cached_property  # asked by every page, export and check that shows or weighs the fact
    def sources(self) -> tuple[str, ...]:
        """The distinct sources this fact cites, in citation order."""
        return tuple(dict.fromkeys(c.source for c in self.citations))


def _read_as_slip(citation: Citation, difference: str) -> bool:
    """The value a citation reports rests on words its reading says are garbled.

    A conflict may not touch them at all. Wording that varies may contain one (a
    link's markup around a word is still the report's wording, with the reading
    beside it), but may not be nothing but the slip.
    """
    if citation.reports is None or citation.reading is None:
        return False
    reported, garbled = citation.reports.casefold(), citation.reading.words.casefold()
    return reported in garbled or (difference == "conflict" and garbled in reported)


class FactFile(Strict):
    facts: list[Fact] = Field(min_length=1)


class KeyPoint(Strict):
    text: CleanText
    facts: list[Id] = Field(min_length=1)


class Section(Strict):
    title: Text
    facts: list[Id] = Field(min_length=1)
    see_also: list[Reference] = Field(
        default_factory=list, description="facts shown in full on another page, linked from here instead of repeated"
    )


class Briefing(Strict):
    id: Id
    title: Text
    as_of: Annotated[str, AfterValidator(as_of_date)]
    lede: CleanText
    key_points: list[KeyPoint] = Field(min_length=3, max_length=5)
    sections: list[Section] = Field(min_length=1)

    @property
    def fact_ids(self) -> list[str]:
        return [fact_id for section in self.sections for fact_id in section.facts]


class Context(Strict):
    """Facts a reader needs as background, shown on their own page."""

    title: Text
    lede: CleanText
    facts: list[Id] = Field(min_length=1)
