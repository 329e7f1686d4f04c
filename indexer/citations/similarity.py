"""How well a document fits a parsed citation: title, date, publisher and country, with reasons.

Titles are compared forgivingly for typos and words run together but
strictly for the numbers (report years) that tell similar titles apart;
only the signals a citation gives count, and a fuzzy match is never as
certain as an identifier (``FUZZY_CEILING``).
"""
from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .. import config
from ..editions import address_date, address_report_year, same_symbol, symbol_series, symbol_years, years_in
from ..edits import edit_distance
from ..folding import fold
from ..records import Document, ParsedCitation, Reading
from ..series import cited_title
from .acronyms import expand
from .names import author_forms

# Weights of the signals that rescore a fuzzy candidate (only known signals count).
TITLE_WEIGHT = 0.6
DATE_WEIGHT = 0.2
PUBLISHER_WEIGHT = 0.1
COUNTRY_WEIGHT = 0.1
# A fuzzy match is never as certain as an exact identifier.
FUZZY_CEILING = 0.95
# A pasted title at least this long may be the start of a longer title...
TRUNCATED_MIN_CHARS = 30
# ...and matches it at this discount.
TRUNCATED_TITLE_FACTOR = 0.9
# Two words whose spelling is at least this similar count as the same word mistyped.
WORD_TYPO_RATIO = 0.75
# How far an undated document agrees with a citation's date (doubt, not a match).
UNDATED_AGREEMENT = 0.5
# A citation of fewer title words than this, without date or publisher, is too weak to be sure.
WEAK_TITLE_WORDS = 3
WEAK_CEILING = 0.5


def title_similarity(a: str | None, b: str | None) -> float:
    """How alike two titles are, in [0, 1].

    Half is the character-level ratio (forgiving of typos and of words run
    together), half ``word_similarity``. A long title that matches the start
    of ``b`` is taken as ``b`` cut short, at a small discount.
    """
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return 0.0
    if fa == fb:
        return 1.0
    chars = difflib.SequenceMatcher(None, fa, fb, autojunk=False).ratio()
    whole = 0.5 * chars + 0.5 * word_similarity(a, b)
    if len(fa) >= TRUNCATED_MIN_CHARS and len(fb) > len(fa) + 5 and fb[:3] == fa[:3]:
        # A long title cut short when pasted: compare with the same length of b.
        start = difflib.SequenceMatcher(None, fa, fb[: len(fa)], autojunk=False).ratio()
        return max(whole, TRUNCATED_TITLE_FACTOR * start)
    return whole


def word_similarity(a: str | None, b: str | None) -> float:
    """A word-level F1 in which a mistyped word earns its spelling similarity, but a
    number (a report year) counts only when it is exactly the same. Cheap: lookup
    ranks its whole pool with it before comparing characters."""
    words_a, words_b = fold(a).split(), fold(b).split()
    if not words_a or not words_b:
        return 0.0
    precision = _word_matches(words_a, words_b) / len(words_a)
    recall = _word_matches(words_b, words_a) / len(words_b)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _word_matches(words: list[str], others: list[str]) -> float:
    """Sum over ``words`` of how well each is matched in ``others``."""
    others_set = set(others)
    total = 0.0
    for word in words:
        if word in others_set:
            total += 1.0
        elif not word.isdigit() and len(word) > 3:
            best = max((_word_ratio(word, o) for o in others_set), default=0.0)
            total += best if best >= WORD_TYPO_RATIO else 0.0
    return total


@functools.lru_cache(maxsize=config.WORD_RATIO_CACHE)
def _word_ratio(word: str, other: str) -> float:
    """Spelling similarity of two words: one minus their edit distance (a swap of
    neighbouring letters counting as one edit) over the longer length.
    Numbers never resemble each other."""
    longest = max(len(word), len(other))
    if other.isdigit() or abs(len(word) - len(other)) > longest * (1 - WORD_TYPO_RATIO):
        return 0.0
    return 1.0 - edit_distance(word, other) / longest


def publisher_similarity(a: str, b: str) -> float:
    """How alike two publisher names are, in [0, 1] (few distinct names: cached)."""
    return difflib.SequenceMatcher(None, fold(a), fold(b)).ratio()


def date_agreement(cited: str, published: str) -> tuple[float, str]:
    """How far a cited date agrees with a document's, and the reason to show."""
    a, b = cited.split("-"), published.split("-")
    common = min(len(a), len(b))
    if a[:common] == b[:common]:
        return (1.0, "date matches") if common == len(a) else (0.8, "date matches as far as given")
    if a[0] != b[0]:
        return 0.0, f"date differs ({published})"
    if common >= 2 and a[1] == b[1]:
        return 0.6, "same month"
    return 0.3, "same year"


def mentions(text: str, name: str) -> bool:
    return bool(re.search(r"\b" + re.escape(fold(name)) + r"\b", text))


@dataclass(frozen=True)
class Score:
    """How well a document fits a citation: a confidence, the reasons, and what rules the
    document out when it is another document of the series (another year, another country)."""

    confidence: float
    reasons: tuple[str, ...]
    ruled_out: str | None = None


def score_candidate(parsed: ParsedCitation, doc: Document, mentioned_countries: Iterable[str] = (),
                    precise: bool = True) -> Score:
    """A fuzzy candidate's score (at most ``FUZZY_CEILING``) under the reading of the citation
    that fits ``doc`` best. ``precise=False`` compares titles word by word only: a cheap first
    ranking."""
    readings = parsed.readings or (Reading(parsed.publisher, ""),)
    mentioned = set(mentioned_countries)
    if len(readings) > 1:
        # The reading that fits best word by word is the one compared letter by letter.
        readings = (max(readings, key=lambda r: _score_reading(parsed, r, doc, mentioned, False).confidence),)
    return _score_reading(parsed, readings[0], doc, mentioned, precise)


def _edition_year(doc: Document) -> str | None:
    """The year of ``doc``'s edition: its date's, else the year its address files it under."""
    if doc.published:
        return doc.published[:4]
    filed = address_date(doc.source_url) if doc.source_url else None
    return filed[:4] if filed else None


def cited_years(parsed: ParsedCitation, reading: Reading) -> set[str]:
    """The years a citation names for its report: in the title, as the report year its address
    names ("MALI-2023-HUMAN-RIGHTS-REPORT.pdf") and inside its document symbol."""
    return (years_in(reading.title) | symbol_years(parsed.document_symbol)
            | {y for y in (address_report_year(parsed.url),) if y})


def cited_date(parsed: ParsedCitation) -> str | None:
    """The date a citation gives, else the date its address files the document under."""
    return parsed.date or (address_date(parsed.url) if parsed.url else None)


def ruled_out(reading: Reading, doc: Document, mentioned_countries: set[str],
              parsed: ParsedCitation | None = None) -> str | None:
    """Why ``doc`` cannot be the cited document though it may be of the same series.

    Another edition of an annual series differs in a year and hardly in any
    word, so any year the citation names that the document contradicts rules
    it out: a year in the title, the address or the symbol that is not the
    document's (its title's years and report year; without those, a report
    names its own year or the one before), a date or an address filed in
    another year than the document's edition, another symbol of the same series
    (another session's ``A/HRC/53/...``; a pinpoint read as a symbol is of no series);
    and a citation that names another country.
    """
    parsed = parsed or ParsedCitation(title=reading.title, publisher=reading.publisher)
    cited = cited_years(parsed, reading)
    held = years_in(doc.title) | ({str(doc.report_year)} if doc.report_year else set())
    edition = _edition_year(doc)
    if cited and held and not cited & held:
        return f"another year of the series ({', '.join(sorted(held))}, not {', '.join(sorted(cited))})"
    if cited and not held and edition and not cited & {edition, str(int(edition) - 1)}:
        return f"another year of the series ({edition}, not {', '.join(sorted(cited))})"
    date = cited_date(parsed)
    if date and edition and date[:4] != edition:
        return f"another edition ({edition}, not {date[:4]})"
    cited_symbol, held_symbol = parsed.document_symbol, doc.document_symbol
    if (cited_symbol and held_symbol and symbol_series(cited_symbol) == symbol_series(held_symbol)
            and not same_symbol(cited_symbol, held_symbol)):
        return f"another document symbol ({doc.document_symbol}, not {parsed.document_symbol})"
    if mentioned_countries and doc.countries and not any(c.name in mentioned_countries for c in doc.countries):
        return (f"about {doc.countries[0].name}, not {', '.join(sorted(mentioned_countries))}")
    return None


def _score_reading(parsed: ParsedCitation, reading: Reading, doc: Document,
                   mentioned_countries: set[str], precise: bool) -> Score:
    parts: list[tuple[float, float]] = []
    reasons: list[str] = []
    names = (doc.title, doc.publisher, doc.author)
    expanded = Reading(expand(reading.publisher, *names), expand(reading.title, *names) or "")
    if expanded != reading:
        reasons.append("abbreviations read as the document's own words")
        reading = expanded
    if reading.title:
        similarity = title_similarity if precise else word_similarity
        # The title refsearch cites the document by counts as its own ("2024 Country
        # Reports on Human Rights Practices: Mali" for "Mali — Country Reports on ...").
        # So does the title any other copy of its work gives itself ("Mali 2024 Human Rights
        # Report", the PDF's, for the Markdown's "Mali — Country Reports on ...").
        copies = tuple(c.title for c in doc.work.copies) if doc.work is not None else ()
        titles = [title for title in (doc.title, cited_title(doc), *copies) if title]
        sim = max((similarity(reading.title, title) for title in titles),
                  default=similarity(reading.title, doc.title))
        parts.append((sim, TITLE_WEIGHT))
        reasons.append(f"title {round(sim * 100)}% similar")
    if parsed.date and doc.published:
        agreement, reason = date_agreement(parsed.date, doc.published)
        parts.append((agreement, DATE_WEIGHT))
        reasons.append(reason)
    elif parsed.date:
        # A citation's date that the document cannot confirm is doubt, not agreement.
        parts.append((UNDATED_AGREEMENT, DATE_WEIGHT))
        reasons.append("the document has no date to compare")
    if reading.publisher and (doc.publisher or doc.author):
        # Refworld names the author where there is no publisher ("Marina Sharpe, ...").
        by_publisher = publisher_similarity(reading.publisher, doc.publisher) if doc.publisher else 0.0
        by_author = max((publisher_similarity(reading.publisher, form) for form in author_forms(doc.author)),
                        default=0.0)
        sim = max(by_publisher, by_author)
        parts.append((sim, PUBLISHER_WEIGHT))
        who = "publisher" if by_publisher >= by_author else "author"
        reasons.append(f"{who} matches" if sim >= 0.9 else f"{who} {round(sim * 100)}% similar")
    if mentioned_countries:
        named = [c.name for c in doc.countries if c.name in mentioned_countries]
        parts.append((1.0 if named else 0.0, COUNTRY_WEIGHT))
        if named:
            reasons.append(f"country mentioned: {named[0]}")
    if not parts:
        return Score(0.0, ())
    confidence = FUZZY_CEILING * sum(s * w for s, w in parts) / sum(w for _, w in parts)
    if not parsed.date and not reading.publisher and len(fold(reading.title).split()) < WEAK_TITLE_WORDS:
        # A word or two ("Mali") names a subject, not a document.
        confidence = min(confidence, WEAK_CEILING)
        reasons.append("too little to identify a document")
    out = ruled_out(reading, doc, mentioned_countries, parsed)
    if out:
        reasons.append(out)
    return Score(confidence, tuple(reasons), out)
