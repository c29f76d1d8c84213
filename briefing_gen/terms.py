"""The terms a reader holds a sentence to, and the form in which they are compared.

A term is a figure ("five years", "50 million won", "53%"), a date ("22 August
2024"), a name ("Kim Min-jun", "Northfield Port Authority") or a phrase
the sentence puts in quotation marks. ``extract_terms`` finds them in a claim,
a key point or a lede; ``searchable`` puts any text into the form in which a
term is looked for: case folded, punctuation and typographic quotes dropped,
possessives and hyphens undone, number words as digits ("five-year" and
"5 years" both become "5 year").

Attribution phrases ("reports say", "according to one report") are the
editors' framing, not terms: ``attributions`` finds them for their own rule.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from briefing_gen.quotes import normalise


class Kind(enum.Enum):
    FIGURE = "figure"
    DATE = "date"
    NAME = "name"
    QUOTED = "quoted phrase"


class Term(NamedTuple):  # made by the thousand: a tuple is the quickest to build
    """One thing a sentence asserts, as written; its searchable forms are worked out only when asked."""

    kind: Kind
    text: str  # as written in the sentence
    start: int  # where it starts in the sentence
    date: tuple[int | None, int | None, int | None] = (None, None, None)  # year, month, day (dates)

    @property
    def key(self) -> str:
        """The phrase normalised (quoted phrases), or its searchable form (the others)."""
        return normalise(self.text) if self.kind is Kind.QUOTED else searchable(self.text)

    @property
    def forms(self) -> tuple[str, ...]:
        """Every searchable form that counts as this term (a name in either order)."""
        return name_forms(self.text) if self.kind is Kind.NAME else (self.key,)


# --- Numbers ----------------------------------------------------------------------------------------------------------

_UNITS = {
    "zero": 0, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}  # fmt: skip
# Words that are figures without a value of their own; kept as they are.
_SCALES = ("hundred", "thousand", "million", "billion", "trillion")
# "billion" alone ("a billion won") is a figure too, and so are these.
_QUANTITY_WORDS = (
    *_SCALES,
    *("dozen", "dozens", "scores", "tens", "hundreds", "thousands", "millions", "billions", "twice", "thrice", "half"),
)
# "one" is left out on purpose: "one report", "one of the", "no one" are far more
# often framing than figures, and a figure "one" is rare in a briefing.
NUMBER_WORDS = (*_UNITS, *_TENS, *_ORDINALS, *_QUANTITY_WORDS)
# Units that travel with a figure, singular and plural alike ("five-year" = "5 years").
_UNIT_WORDS = {
    "year": "year", "years": "year", "month": "month", "months": "month", "week": "week", "weeks": "week",
    "day": "day", "days": "day", "hour": "hour", "hours": "hour", "minute": "minute", "minutes": "minute",
    "decade": "decade", "decades": "decade", "century": "century", "centuries": "century", "percent": "percent",
    "won": "won", "euro": "euro", "euros": "euro", "dollar": "dollar", "dollars": "dollar",
    "pound": "pound", "pounds": "pound", "yen": "yen", "yuan": "yuan",
}  # fmt: skip
_CURRENCY_SIGNS = {"€": " euro ", "$": " dollar ", "£": " pound ", "₩": " won ", "¥": " yen ", "%": " percent "}

MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip

# --- Searchable form ---------------------------------------------------------------------------------------------------

_ACRONYM_DOTS = re.compile(r"\b(?:[A-Z]\.){2,}")  # "U.S." is "US"
_DIGIT_GROUP = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_POSSESSIVE = re.compile(r"(?<=\w)'s\b|(?<=s)'(?=\s|$)")
_NOT_WORD = re.compile(r"(?:[^\w.]|_|(?<!\d)\.|\.(?!\d))+")
_SIGNS = str.maketrans(_CURRENCY_SIGNS)
_SIGN_FIRST = re.compile(r"([€$£₩¥])\s?(\d[\d.,]*(?:\s+(?:" + "|".join(_SCALES) + r"))?)")
_SHORT_SCALES = {"k": "thousand", "m": "million", "bn": "billion"}
_SHORT_SCALE = re.compile(r"(?<=\d)(k|m|bn)\b")


@functools.lru_cache(maxsize=131072)  # quotes are searched by every claim, key point and lede that rests on them
def searchable(text: str) -> str:
    """``text`` as terms are compared: " "-padded tokens, lower case, number words as digits."""
    flat = _ACRONYM_DOTS.sub(lambda m: m.group().replace(".", ""), normalise(text))
    flat = _POSSESSIVE.sub("", flat.casefold().replace("per cent", "percent"))
    flat = _SIGN_FIRST.sub(r"\2 \1", _DIGIT_GROUP.sub("", flat))  # "€33,923" is "33923 euro", as written out
    flat = _NOT_WORD.sub(" ", _SHORT_SCALE.sub(lambda m: " " + _SHORT_SCALES[m.group(1)], flat.translate(_SIGNS)))
    return " " + " ".join(_numbers_as_digits(flat.split())) + " "


def _numbers_as_digits(tokens: list[str]) -> Iterator[str]:
    """Number words become digits ("twenty four" -> "24", "third" -> "3rd"); units lose their plural."""
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token in _TENS:
            value = _TENS[token]
            if index + 1 < len(tokens) and tokens[index + 1] in _UNITS:
                value += _UNITS[tokens[index + 1]]
                index += 1
            yield str(value)
        elif token in _UNITS:
            yield str(_UNITS[token])
        elif token in _ORDINALS:
            yield _ordinal(_ORDINALS[token])
        elif token in _UNIT_WORDS:
            yield _UNIT_WORDS[token]
        else:
            yield token
        index += 1


def _ordinal(value: int) -> str:
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(value % 10 if value % 100 not in (11, 12, 13) else 0, "th")
    return f"{value}{suffix}"


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# --- Attribution -------------------------------------------------------------------------------------------------------


class Attribution(enum.Enum):
    SEVERAL = "several reports"  # "reports say", "the reports", "according to reports"
    ONE = "one report, for the whole claim"  # "One report says …", "…, according to one report."
    ONE_OF_SEVERAL = "one report among several"  # "…; one report adds …", "(spelled … in one report)"


class AttributionPhrase(NamedTuple):
    kind: Attribution
    text: str
    start: int
    end: int


_VERBS = (
    r"say|says|said|add|adds|added|describe|describes|described|give|gives|gave|word|words|worded|name|names|named"
    r"|differ|differs|differed|agree|agree|note|notes|noted|put|puts|date|dates|dated|report|reports|reported"
    r"|call|calls|called|quote|quotes|quoted|cite|cites|cited|spell|spells|spelt|spelled"
)
# Who the editors say is speaking, when that is several of the sources.
# "Two versions of one story": texts that share one story are still as many sources as they are texts.
_SOURCES = (
    r"(?:reports|outlets|news\s+outlets|news\s+agencies|newspapers|broadcasters|versions\s+of\s+one\s+(?:story|report))"
)
_SEVERAL = re.compile(
    rf"\b(?:(?:the|both|all|several|most|many|two|three|four|five|six|other)\s+)?{_SOURCES}\s+(?:{_VERBS})\b"
    rf"|\baccording\s+to\s+(?:the\s+|both\s+|several\s+|most\s+|many\s+|two\s+|three\s+)?{_SOURCES}"
    r"|\bthe\s+(?:other\s+)?reports\b"
    r"|\b(?:widely|repeatedly)\s+reported\b",
    re.IGNORECASE,
)
# How many sources a phrase such as "three reports say" needs at the least.
SOURCES_NEEDED = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5, "six": 6}
# Words near which attribution phrases are looked for (looking everywhere is slow).
_SOURCE_WORDS = ("report", "outlet", "agencies", "newspaper", "broadcaster", "versions")
_ANOTHER = re.compile(
    rf"\b(?:another|the\s+other|a\s+second|a\s+third|a\s+fourth|a\s+fifth)(?:\s+report)?(?=\s+(?:{_VERBS}|that)\b)",
    re.IGNORECASE,
)
_ONE = re.compile(
    rf"\b(?:according\s+to\s+(?:only\s+)?one\s+report|(?:only\s+)?one\s+report(?:\s+(?:{_VERBS}))?|in\s+one\s+report)\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[;.!?](?=\s|$)")


@functools.lru_cache(maxsize=4096)  # asked by the term extraction and by the attribution rule
def attributions(text: str) -> tuple[AttributionPhrase, ...]:
    """Every attribution phrase in a sentence, with whether it speaks for one report or several."""
    lowered = text.casefold()
    words = [word for word in _SOURCE_WORDS if word in lowered]
    if not words:
        return ()
    several: dict[int, re.Match[str]] = {}
    ones: dict[int, re.Match[str]] = {}
    for start, end in (window for word in words for window in _windows(text, lowered, word)):
        several.update((m.start(), m) for m in _SEVERAL.finditer(text, start, end))
        ones.update((m.start(), m) for m in _ONE.finditer(text, start, end))
    if any(word in lowered for word in _ANOTHER_WORDS):
        several.update((m.start(), m) for m in _ANOTHER.finditer(text))
    found = [
        AttributionPhrase(
            Attribution.SEVERAL if _SEVERAL.fullmatch(m.group()) else Attribution.ONE_OF_SEVERAL, *_span(m)
        )
        for m in several.values()
    ]
    others = bool(found)  # "one report says X; another says Y" speaks of several reports
    for match in ones.values():
        governs = not others and _governs_first_clause(text, match.start(), match.end())
        found.append(AttributionPhrase(Attribution.ONE if governs else Attribution.ONE_OF_SEVERAL, *_span(match)))
    return tuple(sorted(found, key=lambda phrase: phrase.start))


def _span(match: re.Match[str]) -> tuple[str, int, int]:
    return match.group(), match.start(), match.end()


_ANOTHER_WORDS = ("another", "other", "second", "third", "fourth", "fifth")
_WINDOW = 48  # wider than any attribution phrase on either side of "report"


def _windows(text: str, lowered: str, word: str) -> Iterator[tuple[int, int]]:
    """Stretches of the text around each occurrence of ``word``: the phrases are looked for only there."""
    if len(lowered) != len(text):  # case folding changed the length: look everywhere
        yield 0, len(text)
        return
    at = lowered.find(word)
    while at >= 0:
        yield max(0, at - _WINDOW), min(len(text), at + _WINDOW)
        at = lowered.find(word, at + 1)


def _governs_first_clause(text: str, start: int, end: int) -> bool:
    """'One report says' opens the first clause (after at most an introductory phrase), or closes it."""
    first_end = next((m.start() for m in _CLAUSE_END.finditer(text)), len(text))
    if start > first_end:
        return False
    before, after = text[:start].strip(), text[end:first_end]
    introductory = before.endswith(",") and before.count(",") == 1 and before.split()[0].casefold() in _OPENERS
    return not before or introductory or not after.strip(" ,")


# Words that open an introductory phrase ("Citing the agency, one report says …").
_OPENERS = _word_set("citing quoting in on at after before earlier later since during by from like unlike as")


# --- Extraction --------------------------------------------------------------------------------------------------------

_OPENING_MARKS = ('"', "\u201c", "\u2018", "\u00ab", "\u201e")
# Phrases in quotation marks: straight, curly (double or single), guillemets, low-high.
_QUOTED = re.compile(
    '"([^"\n]+)"|\u201c([^\u201d\n]+)\u201d|\u2018([^\u2019\n]+)\u2019|\u00ab([^\u00bb\n]+)\u00bb'
    "|\u201e([^\u201c\u201d\n]+)[\u201c\u201d]"
)
_MONTH = (
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?)"
)
# A date is found from its month's name (fast to look for), with a day before or
# after it and a year after it; or it is a year on its own.
_MONTH_NAME = re.compile(rf"\b{_MONTH}")
_MONTH_NUMBER = {name[:3].capitalize(): number for number, name in enumerate(MONTHS, start=1)}
_DAY_BEFORE = re.compile(r"\b(\d{1,2})\s+$")
_DAY_AND_YEAR_AFTER = re.compile(r"(?:\s+(\d{1,2})(?!\d))?(?:,?\s+(\d{4}))?\b")
# The patterns looked for across whole sentences open with a set of characters, the word boundary before it
# checked just after it ("[12](?<!\w[12])" is "\b[12]"): the regular expression engine then skips to the
# characters that can open a match, where a pattern opening with "\b" is tried at each (twice as long).
_LONE_YEAR = re.compile(r"[12](?<!\w[12])(?:(?<=1)[89]|(?<=2)0)\d\d\b(?![.,]\d)(?!\s*(?:%|percent|per cent))")
_NUMBER_WORD = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_FIGURE = re.compile(
    rf"(?:[€$£₩¥]\s?)?(?:\d+(?:[.,]\d+)*(?:st|nd|rd|th|k|m|bn)?|\b(?:{_NUMBER_WORD})(?:[\s-](?:{_NUMBER_WORD}))?\b)"
    rf"(?:\s+(?:{'|'.join(_SCALES)})\b)?"
    rf"(?:\s*%|[\s-](?:per\s+cent|{'|'.join(_UNIT_WORDS)})\b)?",
    re.IGNORECASE,
)
# Where a figure may start: a digit, a currency sign, or a word with a number word's first letter.
_FIGURE_START = re.compile(r"[€$£₩¥\d]|\b[" + "".join(sorted({w[0] + w[0].upper() for w in NUMBER_WORDS})) + r"][a-z]+")
_NUMBER_WORD_SET = frozenset(NUMBER_WORDS)
_DIGIT_START = re.compile(r"[€$£₩¥\d]")
_WORD_SPLIT = re.compile(r"[^a-z]+")
# A date needs a month's name or four digits: without either, the date pattern is not tried.
# "\d{4}|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)", opening with a set (see _LONE_YEAR).
_MAYBE_DATE = re.compile(
    r"[\dJFMASOND](?:(?<=\d)\d{3}|(?<!\w.)(?:(?<=J)(?:an|un|ul)|(?<=F)eb|(?<=M)(?:ar|ay)|(?<=A)(?:pr|ug)"
    r"|(?<=S)ep|(?<=O)ct|(?<=N)ov|(?<=D)ec))"
)
_WORD_REST = r"[\w]*(?:[-'\u2019][\w]+)*"  # a capitalised word after its capital
_CAPITALISED = re.compile(rf"\b[A-Z]{_WORD_REST}")
_NAME = re.compile(rf"[A-Z](?<!\w[A-Z]){_WORD_REST}(?:\s+{_CAPITALISED.pattern})*")  # opening with a set
# Words capitalised only because they open a sentence or a heading: never names.
CLOSED_CLASS = _word_set(
    """a about above according across after against all also although among an and another any are as at
    because been before being both but by can citing could did do does during each earlier either even every
    for from had has have he her here his how however if in into is it its later many may might more most
    much neither no nor not of on once one only or other our over several she should since so some such than
    that the their them then there these they this those though through thus to too under unlike until up
    upon was we were what when where whether which while who whom whose why will with within without would
    yet"""
)


def extract_terms(text: str) -> list[Term]:
    """Every figure, date, name and quoted phrase in a sentence a reader would hold it to.

    Each kind is taken out of the text before the next is looked for, so the
    words of a quoted phrase are not names, "22" in "22 August" is not a figure,
    and "Two reports say" is framing, not a figure.
    """
    terms: list[Term] = []
    taken: list[tuple[int, int]] = []
    if any(mark in text for mark in _OPENING_MARKS):
        for match in _QUOTED.finditer(text):
            phrase = next(group for group in match.groups() if group).strip()
            if phrase:  # quotation marks around nothing but space quote nothing
                terms.append(Term(Kind.QUOTED, phrase, match.start()))
            taken.append(match.span())
    taken += [(phrase.start, phrase.end) for phrase in attributions(text)]
    rest = _blank(text, taken)
    taken = []
    if _MAYBE_DATE.search(rest):
        dates = _dates(rest)
        terms += dates
        rest = _blank(rest, [(term.start, term.start + len(term.text)) for term in dates])
    for match in _figures(rest):
        if match.group().strip().casefold() != "half" or _is_figure_half(rest, match.end()):
            terms.append(Term(Kind.FIGURE, match.group().strip(), match.start()))
        taken.append(match.span())
    terms += _names(_blank(rest, taken))
    terms.sort(key=_start)
    return terms


def _start(term: Term) -> int:
    return term.start


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with each span turned to spaces (so positions stay where they were)."""
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _figures(text: str) -> Iterator[re.Match[str]]:
    """Figures, tried only where a digit, a currency sign or a number word starts (trying everywhere is slow)."""
    words = _NUMBER_WORD_SET.intersection(_WORD_SPLIT.split(text.lower()))
    starts = _FIGURE_START if words else _DIGIT_START
    end = 0
    for token in starts.finditer(text):
        if token.start() < end or (token.group().isalpha() and token.group().casefold() not in _NUMBER_WORD_SET):
            continue
        match = _FIGURE.match(text, token.start())
        if match:
            end = match.end()
            yield match


def _is_figure_half(text: str, end: int) -> bool:
    return text[end : end + 4] == " of " or text[end : end + 1] == "-"


def _month_names(text: str) -> Iterator[re.Match[str]]:
    """Each month's name in the text, found from its first three letters (quicker than one pattern)."""
    starts = sorted(at for prefix in _MONTH_NUMBER for at in _occurrences(text, prefix))
    for at in starts:
        match = _MONTH_NAME.match(text, at)
        if match:
            yield match


def _occurrences(text: str, word: str) -> Iterator[int]:
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)


def _dates(text: str) -> list[Term]:
    """Every date in the text: day, month and year as far as given, or a year alone."""
    found: list[Term] = []
    for month in _month_names(text):
        before = _DAY_BEFORE.search(text, max(0, month.start() - 4), month.start())
        after = _DAY_AND_YEAR_AFTER.match(text, month.end())
        start = before.start() if before else month.start()
        end = after.end() if after and after.group() else month.end()
        day = (before.group(1) if before else None) or (after.group(1) if after else None)
        year = after.group(2) if after else None
        parts = (int(year) if year else None, _MONTH_NUMBER[month.group()[:3]], int(day) if day else None)
        found.append(Term(Kind.DATE, text[start:end], start, parts))
    dated = _blank(text, [(term.start, term.start + len(term.text)) for term in found]) if found else text
    found += [Term(Kind.DATE, m.group(), m.start(), (int(m.group()), None, None)) for m in _LONE_YEAR.finditer(dated)]
    return found


def _names(text: str) -> list[Term]:
    """Runs of capitalised words, less a sentence-opening function word, split after a possessive."""
    names: list[Term] = []
    for match in _NAME.finditer(text):
        words: list[str] = []
        start = at = match.start()
        for word in match.group().split():
            at = text.find(word, at)
            if not words:
                if word.casefold() in CLOSED_CLASS and _opens_sentence(text, at):
                    at += len(word)
                    continue
                start = at
            words.append(word)
            at += len(word)
            if word.endswith(("'s", "\u2019s")):
                names.append(Term(Kind.NAME, " ".join(words), start))
                words = []
        if words:
            names.append(Term(Kind.NAME, " ".join(words), start))
    return names


def _opens_sentence(text: str, at: int) -> bool:
    """Nothing but a sentence's end, an opening bracket or a quotation mark comes before ``at``."""
    index = at - 1
    while index >= 0 and text[index].isspace():
        index -= 1
    return index < 0 or text[index] in '.!?:;("\u201c\u201d'


@functools.lru_cache(maxsize=4096)
def name_forms(name: str) -> tuple[str, ...]:
    """A name's searchable forms: as written, and with its first or last word moved.

    Some names come family name first or last ("Kim Min-jun", "Min-jun Kim");
    a hyphenated given name stays one word.
    """
    words = name.split()
    forms = [words]
    if 2 <= len(words) <= 3:
        forms += [words[1:] + words[:1], words[-1:] + words[:-1]]
    return tuple(dict.fromkeys(searchable(" ".join(form)) for form in forms))


# --- Dates in evidence -------------------------------------------------------------------------------------------------

DateParts = tuple[int | None, int | None, int | None]


def dates_in(text: str) -> list[DateParts]:
    """Every date an evidence text gives (a year, a month, a day with its month)."""
    return [term.date for term in sorted(_dates(text), key=_start)]


@functools.lru_cache(maxsize=4096)  # a corpus has few distinct dates, asked for by every fact
def iso_date(value: str) -> DateParts:
    """'2024-08-22' / '2024-08' / '2024' as parts ('unknown' gives no parts)."""
    parts = [int(part) for part in value.split("-")] if re.fullmatch(r"\d{4}(-\d\d){0,2}", value) else []
    padded = [*parts, None, None, None]
    return (padded[0], padded[1], padded[2])


def date_supported(wanted: DateParts, candidates: Sequence[DateParts]) -> bool:
    """The year is one a candidate gives, and the month (with the day) one a candidate gives.

    Reports write "August 28" without a year and facts carry "2024-08": the two
    together support "28 August 2024", and neither alone supports "28 August 2023".
    """
    year, month, day = wanted
    year_found = year is None or any(c[0] == year and (month is None or c[1] in (None, month)) for c in candidates)
    month_found = month is None or any(c[1] == month and (day is None or c[2] == day) for c in candidates)
    return year_found and month_found
