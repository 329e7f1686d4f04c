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
import heapq
import weakref

from whoosh import query as wq
from whoosh.searching import Searcher

from .. import deadline
from ..documents.structure import paragraph_at, pinpoint
from ..facets import FACETS
from ..querylang import Parsed
from ..records import Hit, SearchRequest, SearchResults
from ..summary import describe, plain_words, word_count
from .analysis import analyse
from .compile import Highlight, build_query, query_marks
from .copies import collapse, unique_copies
from .facetcounts import NO_DATE, column_values, facet_counts
from .fallback import by_coverage
from .filtercache import filter_docs
from .highlight import passages
from .prepare import executable
from .proximity import PROXIMITY_WEIGHT, RESCORE_DEPTH, pair_query
from .ranking import match_scores
from .schema import indexed_values, stored_document
from .suggest import correction

# A filter allowing at most this share of the documents is applied while
# matching (only the allowed documents are scored, reached by skipping the
# postings in between) rather than to every match of the words afterwards.
SKIP_TO_SHARE = 0.05

# Per searcher: the last query's matches and scores (``_all_matches``).
_LAST_MATCHES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def search(searcher: Searcher, request: SearchRequest, parsed: Parsed, *,
           facets: bool = True, suggestion: bool = True) -> SearchResults:
    """Answer ``request`` (whose query ``parsed`` is): the page of hits, the total, facets,
    a suggestion and notes. Without ``facets`` and ``suggestion`` it ranks and shows hits only.

    When no document holds all the words, a corrected query that finds documents is
    searched instead (and the notice says so); failing that, the documents holding most
    of the words (``fallback``), each hit naming the words it lacks.
    """
    request = _as_indexed(searcher, request)
    words = executable(build_query(parsed), searcher)
    allowed = filter_docs(searcher, request)
    sort = _sort(request, parsed)
    shown = request.page * request.per_page
    pairs = pair_query(parsed)
    pairs = executable(pairs, searcher) if pairs is not None else None
    ranked = _ranked(searcher, words, allowed, sort, shown, pairs)
    searched, notice, missing = parsed, None, {}
    found = None
    if suggestion or not ranked:
        found = correction(searcher, request, parsed, len(ranked), allowed,
                           lambda query, within: len(_matches_allowed(searcher, query, within)))
    typed = ", ".join(plain_words(parsed)) or request.query
    if not ranked and found is not None and found.unknown:
        searched = found.parsed
        words = executable(build_query(searched), searcher)
        pairs = pair_query(searched)
        ranked = _ranked(searcher, words, allowed, sort, shown,
                         executable(pairs, searcher) if pairs is not None else None)
        notice = f"No document contains all of {typed}; showing documents for {found.text}"
    any_word = False
    if not ranked and word_count(parsed) > 1:
        loose = executable(build_query(parsed, any_word=True), searcher)
        coverage = by_coverage(searcher, parsed, _scored(searcher, loose, allowed))
        if coverage.ranked:
            any_word, words, missing = True, loose, coverage.missing
            ranked = coverage.ranked if sort == "relevance" else _by_date(searcher, coverage.ranked, sort)
            notice = f"No document contains all of {typed}; showing documents with most of them"
    ranked, copies = collapse(searcher, ranked)
    start = (request.page - 1) * request.per_page
    page = ranked[start:start + request.per_page]
    marks = query_marks(searched, words) if request.query.strip() else Highlight()
    hits = tuple(hit(searcher, docnum, score, marks, request.snippets, missing.get(docnum, ()),
                     tuple(_id(searcher, d) for d in copies.get(docnum, ())))
                 for score, docnum in page)
    matched = [docnum for _, docnum in ranked]
    counted, totals = (facet_counts(searcher, request, matched, _matches_without(searcher, request, words))
                       if facets else ({}, {}))
    return SearchResults(
        request=request,
        total=len(ranked),
        hits=hits,
        facets=counted,
        facet_totals=totals,
        suggestion=found.text if suggestion and found is not None else None,
        interpreted_query=describe(searched, any_word=any_word, searchable=lambda word: bool(analyse(word))),
        notice=notice,
    )


def _scored(searcher: Searcher, words: wq.Query, allowed: set[int] | None) -> dict[int, float]:
    """Every document ``words`` match within ``allowed`` (None: all), with its score."""
    if _few(searcher, allowed):
        return match_scores(searcher, words, only=allowed)
    scores = _all_matches(searcher, words)
    return scores if allowed is None else {d: s for d, s in scores.items() if d in allowed}


def _by_date(searcher: Searcher, ranked: list[tuple[float, int]], sort: str) -> list[tuple[float, int]]:
    """``ranked`` ordered by publication date (newest or oldest first), undated last."""
    published = dict(zip((d for _, d in ranked), column_values(searcher, "published", [d for _, d in ranked])))
    sign = -1 if sort == "newest" else 1
    return sorted(ranked, key=lambda p: (published[p[1]] == NO_DATE, sign * published[p[1]], p[1]))


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


def _few(searcher: Searcher, allowed: set[int] | None) -> bool:
    return allowed is not None and len(allowed) <= SKIP_TO_SHARE * searcher.doc_count_all()


def _all_matches(searcher: Searcher, words: wq.Query) -> dict[int, float]:
    """Every document ``words`` match with its score; the last answer is kept per searcher,
    so the ranking, the facet counts and the total of one page compute it once."""
    try:
        last = _LAST_MATCHES.get(searcher)
    except TypeError:
        last = None
    if last is not None and last[0] == words:
        return last[1]
    scores = match_scores(searcher, words)
    try:
        _LAST_MATCHES[searcher] = (words, scores)
    except TypeError:
        pass
    return scores


def _matches_allowed(searcher: Searcher, words: wq.Query, allowed: set[int] | None) -> list[int]:
    """The docnums ``words`` match that the filter set ``allowed`` lets through, ascending."""
    if _few(searcher, allowed):
        return sorted(match_scores(searcher, words, only=allowed))
    docnums = sorted(_all_matches(searcher, words))
    return docnums if allowed is None else [d for d in docnums if d in allowed]


def _best_first(pairs: list[tuple[float, int]], shown: int) -> list[tuple[float, int]]:
    """``pairs`` with the best ``shown`` first (higher score, then lower docnum), ties with
    the last of them included; the rest follow unordered."""
    def order(p):
        return (-p[0], p[1])

    if len(pairs) <= 4 * shown + 64:
        return sorted(pairs, key=order)
    top = heapq.nsmallest(shown, pairs, key=order)
    floor = top[-1][0] if top else float("inf")
    head = sorted((p for p in pairs if p[0] >= floor), key=order)
    return head + [p for p in pairs if p[0] < floor]


def _ranked(searcher: Searcher, words: wq.Query, allowed: set[int] | None,
            sort: str, shown: int, pairs_query: wq.Query | None = None) -> list[tuple[float, int]]:
    """Every match as (score, docnum), in display order at least for the first ``shown``.

    ``allowed`` is the filter as a set of docnums (None: unfiltered);
    ``pairs_query`` rescores the best matches (``proximity``).
    """
    if sort == "relevance":
        depth = max(shown, RESCORE_DEPTH) if pairs_query is not None else shown
        if _few(searcher, allowed):
            pairs = _best_first([(score, d) for d, score in
                                 match_scores(searcher, words, only=allowed).items()], depth)
        else:
            scores = _all_matches(searcher, words)
            pairs = _best_first([(score, d) for d, score in scores.items()
                                 if allowed is None or d in allowed], depth)
        if pairs_query is not None and pairs:
            head = pairs[:depth]
            near = match_scores(searcher, pairs_query, only={d for _, d in head})
            head = [(score + PROXIMITY_WEIGHT * near.get(d, 0.0), d) for score, d in head]
            pairs[:depth] = sorted(head, key=lambda p: (-p[0], p[1]))
        # Equal scores go to the newer document; only the shown part needs ordering.
        end = min(shown, len(pairs))
        while 0 < end < len(pairs) and pairs[end][0] == pairs[end - 1][0]:
            end += 1
        published = dict(zip((d for _, d in pairs[:end]),
                             column_values(searcher, "published", [d for _, d in pairs[:end]])))
        pairs[:end] = sorted(pairs[:end], key=lambda p: (-p[0], published[p[1]] == NO_DATE,
                                                         -published[p[1]], p[1]))
        return pairs
    docnums = _matches_allowed(searcher, words, allowed)
    published = column_values(searcher, "published", docnums)
    sign = -1 if sort == "newest" else 1
    order = sorted(range(len(docnums)),
                   key=lambda i: (published[i] == NO_DATE, sign * published[i], docnums[i]))
    return [(0.0, docnums[i]) for i in order]


def _matches_without(searcher: Searcher, request: SearchRequest, words: wq.Query):
    """``matches_for(facet)``: what the words match under every filter but that facet's own.

    What the words match unfiltered is read once for all the facets that need it.
    """
    unfiltered: list[int] = []

    def matches_for(facet: str) -> list[int]:
        others = filter_docs(searcher, request, exclude_facet=facet)
        if _few(searcher, others):
            return unique_copies(searcher, _matches_allowed(searcher, words, others))
        if not unfiltered:
            unfiltered.extend(_all_matches(searcher, words))
        return unique_copies(searcher, list(unfiltered) if others is None
                             else [d for d in unfiltered if d in others])

    return matches_for


def _id(searcher: Searcher, docnum: int) -> str:
    return searcher.stored_fields(docnum)["id"]


def hit(searcher: Searcher, docnum: int, score: float, marks: Highlight,
        limit: int = 0, missing: tuple[str, ...] = (), copies: tuple[str, ...] = ()) -> Hit:
    """The result record of one document, with at most ``limit`` snippets of what it matched,
    the query words it lacks (``missing``) and the ids of its copies (shown once, as it)."""
    deadline.check()
    doc = stored_document(searcher.stored_fields(docnum))
    found = passages(doc.text, marks, limit) if marks and limit else ()
    places = tuple(pinpoint(doc, start) or "" for _, start in found)
    anchors = tuple(getattr(paragraph_at(doc, start), "anchor", "") for _, start in found)
    return Hit(id=doc.id, title=doc.title, publisher=doc.publisher, published=doc.published,
               tier=doc.tier, countries=doc.countries, doc_type=doc.doc_type, score=round(score, 4),
               snippets=tuple(html for html, _ in found), report_year=doc.report_year, source_url=doc.source_url, missing=missing,
               copies=copies, places=places, anchors=anchors)
