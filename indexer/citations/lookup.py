"""Finding the document a pasted citation refers to.

The citation is parsed (``parsing``), the archive offers candidates
(``Archive.candidates``: documents an identifier names, and documents whose
titles share the rarest words), and each is rescored (``similarity``). An
exact docid, address, new-site id or document symbol is certain
(confidence 1.0); every other candidate is ranked by title similarity,
date agreement, publisher similarity and the country named.
"""
from __future__ import annotations

from .. import config
from ..archive import Archive
from ..countries import countries_in
from ..duplicates import text_key
from ..folding import fold, normalise_text
from ..records import Candidate, Document
from .parsing import parse_citation
from .similarity import mentions, score_candidate

# A document the citation rules out (another year or country of the series) keeps this
# share of its confidence: it is listed as another document of the series, never as found.
RULED_OUT_FACTOR = 0.5


def verdict(confidence: float) -> str:
    """What a fuzzy candidate's confidence says: "found", "probably", or "nearest" (the cited
    document is probably not in this archive and this is only the nearest one)."""
    if confidence >= config.CITE_FOUND:
        return "found"
    return "probably" if confidence >= config.CITE_PROBABLY else "nearest"


def lookup(archive: Archive, text: str, limit: int = config.CITE_CANDIDATES) -> tuple[Candidate, ...]:
    """The documents ``text`` may cite, best first, each with a confidence, a verdict and reasons.

    Documents an identifier names come first, found with confidence 1.0 (their
    fuzzy score only orders them among themselves); then the best fuzzy
    matches, found, probably or only the nearest; then the documents of the
    same series that the citation rules out (another year, another country),
    as "other", their confidence halved, never found.
    """
    parsed = parse_citation(text, archive.publishers())
    found = archive.candidates(parsed)
    exact: dict[str, tuple[Document, list[str]]] = {}
    for doc, reason in found.exact:
        reasons = exact.setdefault(doc.id, (doc, []))[1]
        if reason not in reasons:
            reasons.append(reason)
    pool = list(found.similar)
    folded_text = fold(normalise_text(text))
    mentioned = {c.name for doc in pool + [d for d, _ in exact.values()] for c in doc.countries
                 if mentions(folded_text, c.name)}
    # A country the citation names counts even when no candidate is about it, so
    # that "... Report 2008 - Mali" does not look like a good match for Algeria's.
    mentioned.update(c.name for c in countries_in(text))
    # Rank the pool cheaply, then compare characters only for the front of it.
    pool.sort(key=lambda d: -score_candidate(parsed, d, mentioned, precise=False).confidence)
    considered = {d.id: d for d in pool[: max(config.CITE_RESCORE, limit)]}
    considered.update({doc_id: doc for doc_id, (doc, _) in exact.items()})
    ranked = []
    for doc in considered.values():
        score = score_candidate(parsed, doc, mentioned)
        if doc.id in exact:
            ranked.append((0, 1.0, score.confidence, "found", tuple(exact[doc.id][1]) + score.reasons, doc))
        elif score.ruled_out:
            other = score.confidence * RULED_OUT_FACTOR
            if other >= config.CITE_MIN_CONFIDENCE:
                ranked.append((2, other, other, "other", score.reasons, doc))
        elif score.confidence >= config.CITE_MIN_CONFIDENCE:
            ranked.append((1, score.confidence, score.confidence, verdict(score.confidence), score.reasons, doc))
    ranked.sort(key=lambda item: (item[0], -item[1], -item[2], item[5].id))
    shown, seen = [], set()
    for item in ranked:
        key = text_key(item[5])
        if key not in seen:  # a copy of the same text is one document, listed once
            seen.add(key)
            shown.append(item)
    return tuple(
        Candidate(id=doc.id, title=doc.title, publisher=doc.publisher, published=doc.published,
                  confidence=round(confidence, 3), reasons=reasons, verdict=kind)
        for _, confidence, _, kind, reasons, doc in shown[:limit])
