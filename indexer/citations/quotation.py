"""Finding a pasted quotation in a document's text: how much of it is there, and where.

The index offers the documents that hold a quotation's rarest words
(``Archive.candidates``); this module reads each one's text to tell a real
quotation from text about the same things. Both texts become folded words;
the quotation's runs of ``SHINGLE`` words are looked up in the document, and
the place where most of them line up is where it was quoted from. Its
coverage (the share of its words in runs found there) is what separates a quotation,
even one with a word changed or a passage left out ("[...]"), from a
paragraph the archive does not hold, which shares words but rarely three in a
row.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .. import config
from ..folding import fold
from ..locations import paragraph_at
from ..records import Document

# Words per run compared: two in a row are common between unrelated texts, three rarely.
SHINGLE = 3
# A quotation's words may lie this many times its length apart in the text (a passage
# left out of it with "[...]"), and still be one quotation.
SPREAD = 3
# A quotation found nearly whole is at most this sure, below an identifier (1.0).
QUOTE_CEILING = 0.97
_WORD_RE = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class QuoteMatch:
    """Where a quotation stands in a document: the share of its words found there in runs, the
    offset in ``Document.text`` where it starts, and the paragraph holding that offset."""

    coverage: float
    start: int
    anchor: str | None
    words: int


def words_of(text: str) -> list[tuple[str, int]]:
    """The folded words of ``text`` with the offset where each starts."""
    out = []
    for match in _WORD_RE.finditer(text):
        word = fold(match.group(0)).replace(" ", "")
        if word:
            out.append((word, match.start()))
    return out


def is_quotation(text: str) -> bool:
    """Whether ``text`` is long enough to be looked for as a quotation."""
    return len(words_of(text)) >= config.QUOTE_MIN_WORDS


def locate(quotation: str, doc: Document) -> QuoteMatch | None:
    """Where ``doc``'s text holds ``quotation``, or None when too little of it is there."""
    quoted = [w for w, _ in words_of(quotation)]
    runs = [tuple(quoted[i: i + SHINGLE]) for i in range(len(quoted) - SHINGLE + 1)]
    if not runs:
        return None
    wanted = set(runs)
    openings = {run[0] for run in runs}
    text = words_of(doc.text)
    words = [w for w, _ in text]
    places: dict[tuple[str, ...], list[int]] = {}
    for k in range(len(words) - SHINGLE + 1):
        if words[k] not in openings:
            continue
        run = tuple(words[k: k + SHINGLE])
        if run in wanted:
            places.setdefault(run, []).append(k)
    if not places:
        return None
    # Each run found votes for where the quotation would start if it were there.
    votes = Counter(k - i for i, run in enumerate(runs) for k in places.get(run, ()))
    origin = votes.most_common(1)[0][0]
    low, high = origin - len(quoted), origin + SPREAD * len(quoted)
    # Each run's place nearest to where it would stand in an unbroken quotation.
    found: list[tuple[int, int]] = []
    for i, run in enumerate(runs):
        near = [k for k in places.get(run, ()) if low <= k <= high]
        if near:
            found.append((i, min(near, key=lambda k: abs(k - origin - i))))
    # A quoted word counts as there when a run holding it is: one word changed costs
    # one word, not the SHINGLE runs it is part of.
    covered = {i + j for i, _ in found for j in range(SHINGLE)}
    coverage = len(covered) / len(quoted)
    if coverage < config.QUOTE_MIN_COVERAGE:
        return None
    start = text[found[0][1]][1]
    paragraph = paragraph_at(doc, start) or next((p for p in doc.paragraphs if p.start >= start), None)
    return QuoteMatch(coverage, start, paragraph.anchor if paragraph else None, len(quoted))


def quotation_confidence(match: QuoteMatch) -> float:
    """How sure a quotation's document is: its coverage, discounted for a quotation too short
    to be anything but a stock phrase."""
    length = min(1.0, match.words / config.QUOTE_SURE_WORDS) ** 0.5
    return QUOTE_CEILING * match.coverage * length


def quotation_reasons(match: QuoteMatch) -> tuple[str, ...]:
    where = f", paragraph {match.anchor}" if match.anchor else ""
    if match.coverage >= 0.999:
        said = "the quotation is in the text word for word"
    else:
        said = f"{round(match.coverage * 100)}% of the quotation is in the text"
    reasons = [said + where]
    if match.words < config.QUOTE_SURE_WORDS:
        reasons.append(f"a short quotation ({match.words} words) may be a phrase other documents use")
    return tuple(reasons)
