"""Running a ``SearchRequest`` against an open index: ranking, filters, facets, snippets.

One search makes one pass over the matching documents. With relevance
order, every match is scored with BM25F (``ranking``: title and country
names weigh more than body, through the schema's field boosts) and ties go
to the newer ``published``; with newest/oldest order, the matches are sorted
on the ``published`` column, undated documents last. Facet counts read the
facet columns over the matching document numbers (``facetcounts``), never
the stored documents; only the hits of the page shown are loaded, and only
they get snippets. The query arrives parsed, and nothing here reads its
text again.
"""
from __future__ import annotations

import dataclasses
import weakref
from typing import NamedTuple

import numpy as np
from whoosh import query as wq
from whoosh.searching import Searcher

from .. import deadline
from ..facets import FACETS
from ..querylang import Parsed
from ..records import Hit, SearchRequest, SearchResults
from ..summary import describe, plain_words, word_count
from .analysis import analyse
from .compile import Highlight, build_query, highlight_terms
from .facetcounts import NO_DATE, facet_counts, published
from .filtercache import filter_docs
from .highlight import snippets
from .prepare import executable
from .ranking import match_arrays
from .schema import indexed_values, stored_document
from .scoresets import Scored, restrict
from .suggest import suggest

# A filter allowing at most this share of the documents is applied while
# matching (only the allowed documents are scored, reached by stepping over
# the postings in between) rather than to every match of the words afterwards.
SKIP_TO_SHARE = 0.05

# Per searcher: the last query's matches and scores (``_all_matches``).
_LAST_MATCHES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


class Ranked(NamedTuple):
    """Every match (``docs`` ascending, with ``scores``), and ``order``: the indices of the
    matches in display order, at least as far as the page shown."""

    docs: np.ndarray
    scores: np.ndarray
    order: np.ndarray

    def __len__(self) -> int:
        return len(self.docs)

    def page(self, start: int, size: int) -> list[tuple[float, int]]:
        shown = self.order[start:start + size]
        return list(zip(self.scores[shown].tolist(), self.docs[shown].tolist()))


def search(searcher: Searcher, request: SearchRequest, parsed: Parsed, *,
           facets: bool = True, suggestion: bool = True) -> SearchResults:
    """Answer ``request`` (whose query ``parsed`` is): the page of hits, the total, facets,
    a suggestion and notes. Without ``facets`` and ``suggestion`` it ranks and shows hits only."""
    request = _as_indexed(searcher, request)
    words = executable(build_query(parsed), searcher)
    allowed = filter_docs(searcher, request)
    sort = _sort(request, parsed)
    any_word = False
    notice = None
    shown = request.page * request.per_page
    ranked = _ranked(searcher, words, allowed, sort, shown)
    strict_total = len(ranked)
    if not len(ranked) and word_count(parsed) > 1:
        loose = executable(build_query(parsed, any_word=True), searcher)
        loose_ranked = _ranked(searcher, loose, allowed, sort, shown)
        if len(loose_ranked):
            any_word, words, ranked = True, loose, loose_ranked
            typed = ", ".join(plain_words(parsed)) or request.query
            notice = f"No document contains all of {typed}; showing documents with any of them"
    start = (request.page - 1) * request.per_page
    marks = highlight_terms(words) if request.query.strip() else Highlight()
    hits = tuple(hit(searcher, docnum, score, marks, request.snippets)
                 for score, docnum in ranked.page(start, request.per_page))
    counted, totals = (facet_counts(searcher, request, ranked.docs,
                                    _matches_without(searcher, request, words))
                       if facets else ({}, {}))
    return SearchResults(
        request=request,
        total=len(ranked),
        hits=hits,
        facets=counted,
        facet_totals=totals,
        suggestion=suggest(searcher, request, parsed, strict_total, allowed,
                           lambda query, within: len(_matches_allowed(searcher, query, within)))
        if suggestion else None,
        interpreted_query=describe(parsed, any_word=any_word, searchable=lambda word: bool(analyse(word))),
        notice=notice,
    )


def _as_indexed(searcher: Searcher, request: SearchRequest) -> SearchRequest:
    """Selections of worded facets (publisher, type) spelt as the index spells them, whatever
    case was typed ("annual report" selects "Annual report"); a value the index lacks stays as typed."""
    filters = dict(request.filters)
    for facet in FACETS:
        values = filters.get(facet.name)
        if not values or not facet.worded:
            continue
        known = {}
        for value in indexed_values(searcher, facet.index_field):
            known.setdefault(value.casefold(), value)
        filters[facet.name] = tuple(dict.fromkeys(known.get(v.casefold(), v) for v in values))
    return dataclasses.replace(request, filters=filters)


def _sort(request: SearchRequest, parsed: Parsed) -> str:
    """A search without words has no relevance, so it shows the newest first."""
    if request.sort == "relevance" and parsed.tree is None:
        return "newest"
    return request.sort


def _few(searcher: Searcher, allowed: np.ndarray | None) -> bool:
    return allowed is not None and len(allowed) <= SKIP_TO_SHARE * searcher.doc_count_all()


def _all_matches(searcher: Searcher, words: wq.Query) -> Scored:
    """Every document ``words`` match with its score; the last answer is kept per searcher,
    so the ranking, the facet counts and the total of one page compute it once."""
    try:
        last = _LAST_MATCHES.get(searcher)
    except TypeError:
        last = None
    if last is not None and last[0] == words:
        return last[1]
    found = match_arrays(searcher, words)
    try:
        _LAST_MATCHES[searcher] = (words, found)
    except TypeError:
        pass
    return found


def _matching(searcher: Searcher, words: wq.Query, allowed: np.ndarray | None) -> Scored:
    """What ``words`` match among the ``allowed`` documents (None: unfiltered), with scores."""
    if _few(searcher, allowed):
        return match_arrays(searcher, words, only=allowed)
    return restrict(_all_matches(searcher, words), allowed)


def _matches_allowed(searcher: Searcher, words: wq.Query, allowed: np.ndarray | None) -> np.ndarray:
    """The docnums ``words`` match that the filter ``allowed`` lets through, ascending."""
    return _matching(searcher, words, allowed).docs


def _first(keys: np.ndarray, shown: int) -> np.ndarray:
    """Indices of the ``shown`` smallest ``keys`` and of every key equal to the last of
    them (ties at the edge of the page all stay in), unordered."""
    if shown >= len(keys):
        return np.arange(len(keys))
    edge = np.partition(keys, shown - 1)[shown - 1]
    return np.flatnonzero(keys <= edge)


def _ranked(searcher: Searcher, words: wq.Query, allowed: np.ndarray | None,
            sort: str, shown: int) -> Ranked:
    """Every match, in display order at least for the first ``shown``.

    ``allowed`` is the filter as ascending docnums (None: unfiltered).
    Relevance order is higher score first, equal scores going to the newer
    document, then the lower docnum; newest/oldest order puts undated
    documents last, then the lower docnum.
    """
    found = _matching(searcher, words, allowed)
    docs, scores = found.docs, found.scores
    if not len(docs) or shown <= 0:
        return Ranked(docs, scores, np.empty(0, np.intp))
    dates = published(searcher)[docs]
    undated = dates == np.uint64(NO_DATE)
    if sort == "relevance":
        first = _first(-scores, shown)
        # np.lexsort sorts by the last key first; ~dates puts the newest first.
        order = np.lexsort((docs[first], ~dates[first], undated[first], -scores[first]))
    else:
        # One unsigned key per document: its date (newest: reversed), undated after every date.
        keys = dates if sort == "oldest" else np.where(undated, dates, np.uint64(NO_DATE - 1) - dates)
        first = _first(keys, shown)
        order = np.lexsort((docs[first], keys[first]))
        scores = np.zeros(len(docs))
    return Ranked(docs, scores, first[order])


def _matches_without(searcher: Searcher, request: SearchRequest, words: wq.Query):
    """``matches_for(facet)``: what the words match under every filter but that facet's own."""

    def matches_for(facet: str) -> np.ndarray:
        return _matches_allowed(searcher, words, filter_docs(searcher, request, exclude_facet=facet))

    return matches_for


def hit(searcher: Searcher, docnum: int, score: float, marks: Highlight,
        limit: int = 0) -> Hit:
    """The result record of one document, with at most ``limit`` snippets of what it matched."""
    deadline.check()
    doc = stored_document(searcher.stored_fields(docnum))
    found = snippets(doc.text, marks, limit) if marks and limit else ()
    return Hit(id=doc.id, title=doc.title, publisher=doc.publisher, published=doc.published,
               tier=doc.tier, countries=doc.countries, doc_type=doc.doc_type, score=round(score, 4),
               snippets=found, report_year=doc.report_year, source_url=doc.source_url)
