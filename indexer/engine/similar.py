"""Documents related to one document: similar ones, and the other members of its series."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from whoosh import query as wq
from whoosh.searching import Searcher

from .. import config
from ..records import Document
from ..series import of_series, series_id, series_order
from ..works import cited_id, work_key
from . import keyterms
from .analysis import analyse
from .facetcounts import column_values
from .likeness import WeightedWord, best_matches
from .ranking import match_arrays
from .readercache import bounded
from .scoresets import best, without

# Key terms of a document that find documents like it.
MORE_LIKE_THIS_TERMS = 12
# Boost of a similar document's sharing the primary country.
MORE_LIKE_THIS_COUNTRY_BOOST = 2.0
# Characters of a document read for its key terms (long reports say what they are about early).
MORE_LIKE_THIS_TEXT = 40_000


def similar_query(searcher: Searcher, doc: Document) -> wq.Query | None:
    """What finds documents like ``doc``: its key body terms, its primary country weighing extra."""
    key_terms = keyterms.key_terms(searcher, "body", f"{doc.title or ''}\n{doc.text[:MORE_LIKE_THIS_TEXT]}",
                                   MORE_LIKE_THIS_TERMS)
    parts: list[wq.Query] = [wq.Term("body", term, boost=weight) for term, weight in key_terms]
    if doc.countries:
        for term in analyse(doc.countries[0].name):
            parts.append(wq.Term("country_text", term, boost=MORE_LIKE_THIS_COUNTRY_BOOST))
    return wq.Or(parts) if parts else None


def similar_docnums(searcher: Searcher, docnum: int, doc: Document,
                    limit: int = config.MORE_LIKE_THIS) -> list[tuple[int, float]]:
    """(docnum, score) of the ``limit`` documents most like ``doc``, best first.

    Scored in bulk, the common words' postings read only at the documents
    that can be among the best (``likeness``); the best are picked as
    Whoosh's top-N search picks them (``tests/search/test_ranking.py``
    compares the two).
    """
    query = similar_query(searcher, doc)
    if query is None:
        return []
    words = [WeightedWord(term.fieldname, term.text, term.boost) for term in query.subqueries]
    found = best_matches(searcher, words, limit, docnum)
    if found is None:
        found = best(without(match_arrays(searcher, query), np.array([docnum])), limit)
    return list(zip(found.docs.tolist(), found.scores.tolist()))


@dataclass(frozen=True, slots=True)
class SimilarTo:
    """The key of a kept ranking of documents like one: its number in its generation."""
    docnum: int


def remembered_similar(searcher: Searcher, docnum: int, stored: Callable[[int], Document],
                       limit: int) -> list[tuple[int, float]]:
    """``similar_docnums`` of document ``docnum``, ranked once per generation and kept
    (``config.SIMILAR_CACHE`` documents): a document page asks for the documents like it
    twice, to list them and to look for its copies among them, and each ranking reads the
    whole text for its key terms. The ranking is a total order (``scoresets.best``), so the
    first ``limit`` of a longer one kept are the ``limit`` best. ``stored(docnum)`` reads
    the stored Document, only when the ranking is not kept."""
    cache = bounded(searcher.reader(), SimilarTo, config.SIMILAR_CACHE)
    key = SimilarTo(docnum)
    kept = cache.get(key)
    if kept is None or kept[0] < limit:
        kept = cache.put(key, (limit, tuple(similar_docnums(searcher, docnum, stored(docnum), limit))))
    return list(kept[1][:limit])


def series_members(searcher: Searcher, doc: Document, stored) -> tuple[Document, ...]:
    """The documents of ``doc``'s series for its primary country, ``doc`` included, oldest first,
    each work once.

    The members are the documents holding ``doc``'s series term (``series.series_id``), so
    only they are read, however many documents the archive holds about the country; an
    index written before that term was kept is searched by country, publisher and type,
    and every document found read. A member's work is told by the key the index keeps
    for it (``copy_key``, ``work_key``'s value), not by normalising its text again.
    ``stored(docnum)`` reads a stored Document.
    """
    if not doc.countries:
        return (doc,)
    members = {work_key(doc): doc}   # one per work: ``doc`` for its own, else the work's page
    member = of_series(doc)
    docnums = list(searcher.docs_for_query(_members_query(searcher, doc)))
    # Each document's work key as the index keeps it (``copy_key``), not made again from its text.
    for docnum, kept in zip(docnums, column_values(searcher, "copy_key", docnums)):
        other = stored(docnum)
        key = kept or work_key(other)
        if member(other) and (key not in members or (
                members[key] is not doc and other.id == cited_id(other))):
            members[key] = other
    return tuple(sorted(members.values(), key=series_order))


def _members_query(searcher: Searcher, doc: Document) -> wq.Query:
    """What finds the documents that may be of ``doc``'s series (it has a country)."""
    if "series" in searcher.schema:
        return wq.Term("series", series_id(doc))
    parts = [wq.Term("countries", doc.countries[0].code)]
    if doc.publisher:
        parts.append(wq.Term("publisher", doc.publisher))
    if doc.doc_type:
        parts.append(wq.Term("doc_type", doc.doc_type))
    return wq.And(parts)
