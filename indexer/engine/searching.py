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

from .. import config, deadline
from ..facets import FACETS
from ..languages import language_code
from ..querylang import Parsed
from ..records import Hit, SearchRequest, SearchResults
from ..summary import describe, plain_words, word_count
from ..textlanguages import document_stretches
from ..workpages import snippet_places
from .analysis import analyse
from .compile import Highlight, build_query, query_marks
from .copies import NEAR_WINDOW, copy_groups, first_of_groups, near_copies, work_pages
from .facetcounts import NO_DATE, facet_counts, published
from .facetmatches import matches_without
from .fallback import Lacking, by_coverage
from .filtercache import filter_docs
from .highlight import passage_windows, render_written
from .languagesearch import archive_languages, every_language
from .meaning import leads, rerank
from .prepare import executable
from .proximity import PROXIMITY_WEIGHT, RESCORE_DEPTH, pair_query
from .querylanguages import query_languages
from .ranking import match_arrays
from .reading import text_languages
from .schema import indexed_values, stored_document
from .scoresets import DOCNUM, Scored, restrict
from .suggest import correction
from .wordplaces import word_spans

# A filter allowing at most this share of the documents is applied while
# matching (only the allowed documents are scored, reached by stepping over
# the postings in between) rather than to every match of the words afterwards.
SKIP_TO_SHARE = 0.05

# Per searcher: the last query's matches and scores (``_all_matches``).
_LAST_MATCHES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class Ranked(NamedTuple):
    """Every match shown once (``docs``: each document that is not a copy of a better-ranked
    one), the first of them in display order as (score, docnum) (``head``: at least as far
    as the page shown), and the copies each kept document stands for."""

    docs: np.ndarray
    head: list[tuple[float, int]]
    copies: dict[int, list[int]]

    def __len__(self) -> int:
        return len(self.docs)

    def page(self, start: int, size: int) -> list[tuple[float, int]]:
        return self.head[start:start + size]


def search(searcher: Searcher, request: SearchRequest, parsed: Parsed, *,
           facets: bool = True, suggestion: bool = True) -> SearchResults:
    """``_search`` with the query analysed in every language of ``archive_languages``."""
    with query_languages(archive_languages(searcher, request)):
        return _search(searcher, request, parsed, facets=facets, suggestion=suggestion)


def _search(searcher: Searcher, request: SearchRequest, parsed: Parsed, *,
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
    meant = " ".join(plain_words(parsed))
    searched, notice = parsed, None
    missing: Lacking | dict[int, tuple[str, ...]] = {}
    ranked = _ranked(searcher, words, allowed, sort, shown, _pairs(searcher, parsed), meant)
    found = None
    if suggestion or not len(ranked):
        found = correction(searcher, request, parsed, len(ranked), allowed,
                           lambda query, within: len(_matches_allowed(searcher, query, within)))
    typed = ", ".join(plain_words(parsed)) or request.query
    if not len(ranked) and found is not None and found.unknown:
        searched = found.parsed
        words = executable(build_query(searched), searcher)
        ranked = _ranked(searcher, words, allowed, sort, shown, _pairs(searcher, searched),
                         " ".join(plain_words(searched)))
        notice = f"No document contains all of {typed}; showing documents for {found.text}"
    any_word = False
    if not len(ranked) and word_count(parsed) > 1:
        fallback = _fallback(searcher, parsed, allowed, sort, shown, meant)
        if fallback is not None:
            any_word = True
            ranked, words, missing = fallback.ranked, fallback.words, fallback.missing
            notice = f"No document contains all of {typed}; showing documents with {fallback.holding}"
    elif 0 < len(ranked) < config.FEW_MATCHES and searched is parsed and sort == "relevance" \
            and word_count(parsed) >= config.TOP_UP_WORDS:
        fallback = _fallback(searcher, parsed, allowed, sort, shown, meant)
        if fallback is not None and len(fallback.ranked) > len(ranked):
            alone, any_word = len(ranked), True
            ranked, words, missing = _topped_up(ranked, fallback.ranked), fallback.words, fallback.missing
            notice = (f"Only {alone} document{'s' if alone > 1 else ''} contain{'' if alone > 1 else 's'} "
                      f"all of {typed}; after {'them' if alone > 1 else 'it'}, documents with {fallback.holding}")
    start = (request.page - 1) * request.per_page
    marks = query_marks(searched, words) if request.query.strip() else Highlight()
    page = ranked.page(start, request.per_page)
    # A hit found by meaning with none of the words in its text opens with its passage closest to the query.
    first = leads(searcher, [d for _, d in page], meant) if any_word and request.snippets else {}
    # Where each shown document's query words are, read from the index for the whole page at once.
    spans = word_spans(searcher, [d for _, d in page], marks) if request.snippets else {}
    hits = tuple(hit(searcher, docnum, score, marks, request.snippets, missing.get(docnum, ()),
                     tuple(_id(searcher, d) for d in ranked.copies.get(docnum, ())), first.get(docnum),
                     spans.get(docnum))
                 for score, docnum in page)
    counted, totals = (facet_counts(searcher, request, ranked.docs,
                                    matches_without(searcher, request, words,
                                                    every_language(searcher, request, searched, any_word),
                                                    lambda query, within: _matching(searcher, query, within),
                                                    lambda within: _few(searcher, within)))
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


def _topped_up(ranked: Ranked, more: Ranked) -> Ranked:
    """``ranked`` followed by the documents of ``more`` it does not hold, in ``more``'s order."""
    held = set(ranked.docs.tolist()) | {d for group in ranked.copies.values() for d in group}
    extra = [(s, d) for s, d in more.head if d not in held]
    rest = more.docs[~np.isin(more.docs, np.fromiter(held, DOCNUM, len(held)))]
    copies = {**{d: c for d, c in more.copies.items() if d not in held}, **ranked.copies}
    return Ranked(np.concatenate([ranked.docs, rest]), ranked.head + extra, copies)


class Fallback(NamedTuple):
    """What is shown when no document holds every word: the ranking, the any-word query
    that found it, the words each document lacks, and which documents these are."""

    ranked: Ranked
    words: wq.Query
    missing: Lacking | dict[int, tuple[str, ...]]
    holding: str


def _fallback(searcher: Searcher, parsed: Parsed, allowed: np.ndarray | None, sort: str,
              shown: int, meant: str) -> Fallback | None:
    """The documents holding most of the words (``fallback.by_coverage``), or any when none
    holds most. By relevance, those holding most are followed by those holding any when
    they are fewer than a page; each group is ranked by BM25F over the words held fused
    with the order by meaning (without meaning, most words first), and when the query
    names a country the documents filed under it come first. None: no word is found."""
    loose = executable(build_query(parsed, any_word=True), searcher)
    candidates = _matching(searcher, loose, allowed)
    coverage = by_coverage(searcher, parsed, dict(zip(candidates.docs.tolist(), candidates.scores.tolist())))

    def ranking(docs: np.ndarray, scores: np.ndarray, own_order: bool) -> Ranked:
        rank = rerank(searcher, docs, scores, meant, config.MEANING_FALLBACK_WEIGHT)
        if rank is None and own_order:
            rank = np.arange(len(docs))
        return _shown_once(searcher, docs, scores, sort, shown, rank)

    if not len(candidates.docs):
        return None
    docs = np.array([d for _, d in coverage.ranked], dtype=DOCNUM)
    scores = np.array([s for s, _ in coverage.ranked], dtype=np.float64)
    holding = "most of them" if coverage.ranked else "any of them"
    if sort != "relevance":
        shown_docs, shown_scores = (docs, scores) if coverage.ranked else (candidates.docs, candidates.scores)
        return Fallback(_shown_once(searcher, shown_docs, shown_scores, sort, shown), loose,
                        coverage.missing, holding)
    rest = ~np.isin(candidates.docs, docs)
    # Most words first, then, to fill a page, any; a query naming a country is about it: the
    # documents filed under it come first in each.
    groups = [(docs, scores, True), (candidates.docs[rest], candidates.scores[rest], False)]
    if coverage.named is not None:
        named = np.fromiter(coverage.named, DOCNUM, len(coverage.named))
        groups = [(d[inside], s[inside], own) for wanted in (True, False) for d, s, own in groups
                  for inside in [np.isin(d, named) == wanted]]
    ranked: Ranked | None = None
    for group_docs, group_scores, most in groups:
        if not len(group_docs) or (ranked is not None and not most and len(ranked) >= config.FEW_MATCHES):
            continue
        part = ranking(group_docs, group_scores, most)
        ranked = part if ranked is None else _topped_up(ranked, part)
    assert ranked is not None
    if coverage.ranked and len(ranked) > len(docs):
        holding = "most of them, then with any"
    return Fallback(ranked, loose, coverage.missing, holding)


def _pairs(searcher: Searcher, parsed: Parsed) -> wq.Query | None:
    """The proximity query of ``parsed``'s words, ready to run (None: nothing to rescore)."""
    pairs = pair_query(parsed)
    return executable(pairs, searcher) if pairs is not None else None


def _as_indexed(searcher: Searcher, request: SearchRequest) -> SearchRequest:
    """Selections of worded facets (publisher, type) spelt as the index spells them, whatever
    case was typed ("annual report" selects "Annual report"); a value the index lacks stays as typed."""
    filters = dict(request.filters)
    for facet in FACETS:
        values = filters.get(facet.name)
        if not values or not facet.worded:
            continue
        known: dict[str, str] = {}
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
            sort: str, shown: int, pairs: wq.Query | None = None, meant: str = "") -> Ranked:
    """Every match shown once, in display order at least for the first ``shown``.

    ``allowed`` is the filter as ascending docnums (None: unfiltered). By
    relevance, the best ``RESCORE_DEPTH`` are rescored by how closely their
    words stand (``pairs``, see ``proximity``), and the best ``MEANING_DEPTH``
    re-ranked by how close their best passage is in meaning to ``meant``, the
    query's words (``meaning``).
    """
    found = _matching(searcher, words, allowed)
    docs, scores = found.docs, found.scores
    if sort == "relevance" and pairs is not None and len(docs):
        best = np.sort(docs[_first(-scores, max(shown, RESCORE_DEPTH))])
        near = match_arrays(searcher, pairs, only=best)
        if len(near):
            scores = scores.copy()
            scores[np.searchsorted(docs, near.docs)] += PROXIMITY_WEIGHT * near.scores
    rank = rerank(searcher, docs, scores, meant, config.MEANING_FUSION_WEIGHT) if sort == "relevance" and meant else None
    return _shown_once(searcher, docs, scores, sort, shown, rank)


def _order_keys(searcher: Searcher, docs: np.ndarray, scores: np.ndarray, sort: str,
                rank: np.ndarray | None) -> tuple[np.ndarray, ...]:
    """The keys of the display order, for ``np.lexsort`` (the last key first).

    Relevance order is higher score first, equal scores going to the newer
    document, then the lower docnum; newest/oldest order puts undated
    documents last, then the lower docnum; ``rank`` is an order given. Before
    the docnum, a work's page goes before its other copies, so that a work its
    copies tie for (they share its date) is always shown as the same copy.
    """
    if rank is not None:
        return (rank,)
    dates = published(searcher)[docs]
    undated = dates == np.uint64(NO_DATE)
    pages = work_pages(searcher)
    last = (docs, ~pages[docs]) if pages is not None else (docs,)
    if sort == "relevance":
        return (*last, ~dates, undated, -scores)
    # One unsigned key per document: its date (newest: reversed), undated after every date.
    return (*last, dates if sort == "oldest" else np.where(undated, dates, np.uint64(NO_DATE - 1) - dates))


def _shown_once(searcher: Searcher, docs: np.ndarray, scores: np.ndarray, sort: str, shown: int,
                rank: np.ndarray | None = None) -> Ranked:
    """``docs`` (with ``scores``) ordered for display, each document shown once.

    Exact copies (``copies``) give way to their best-ranked copy among all the
    matches; near copies to an earlier one among the first ``NEAR_WINDOW``.
    """
    if sort != "relevance":
        scores = np.zeros(len(docs))
    keys = _order_keys(searcher, docs, scores, sort, rank)
    copies: dict[int, list[int]] = {}
    groups = copy_groups(searcher)
    if groups is not None and len(docs):
        keep, copies = first_of_groups(docs, groups[docs], keys)
        if not keep.all():
            docs, scores, keys = docs[keep], scores[keep], tuple(k[keep] for k in keys)
    if not len(docs) or shown <= 0:
        return Ranked(docs, [], copies)
    first = _first(keys[-1], shown + NEAR_WINDOW)
    order = first[np.lexsort(tuple(k[first] for k in keys))]
    head = list(zip(scores[order].tolist(), docs[order].tolist()))
    near = near_copies(searcher, [d for _, d in head[:NEAR_WINDOW]], copies)
    if near:
        head = [(s, d) for s, d in head if d not in near]
        docs = docs[~np.isin(docs, np.fromiter(near, DOCNUM))]
    return Ranked(docs, head, copies)


def _id(searcher: Searcher, docnum: int) -> str:
    return searcher.stored_fields(docnum)["id"]


def hit(searcher: Searcher, docnum: int, score: float, marks: Highlight,
        limit: int = 0, missing: tuple[str, ...] = (), copies: tuple[str, ...] = (),
        lead: int | None = None, spans: list[tuple[int, int]] | None = None) -> Hit:
    """The result record of one document, with at most ``limit`` snippets of what it matched
    (the first at ``lead`` when given), the query words it lacks (``missing``) and the ids of
    its copies (shown once, as it). ``spans`` are where in its text the query's words are
    (``wordplaces``; None: the text is scanned for them)."""
    deadline.check()
    doc = stored_document(searcher.stored_fields(docnum))
    language = text_languages(doc)
    # Positions of the words of another language are not marked: its text is scanned.
    windows = (passage_windows(doc.text, marks, limit, lead=lead, spans=spans if language is None else None,
                               language=language)
               if (marks or lead is not None) and limit else ())
    own = language_code(doc.language)
    found = [render_written(doc.text, start, end, marked,
                            document_stretches(doc, start, end) if doc.language_parts else None, own)
             for start, end, marked in windows]
    places, anchors, pages, pdf = snippet_places(doc, [start for start, _, _ in windows])
    runs = tuple(r for _, r in found) if any(r for _, r in found) else ()
    return Hit(id=doc.id, title=doc.title, publisher=doc.publisher, published=doc.published,
               tier=doc.tier, countries=doc.countries, doc_type=doc.doc_type, score=round(score, 4),
               snippets=tuple(html for html, _ in found), report_year=doc.report_year, source_url=doc.source_url, missing=missing,
               copies=copies, places=places, anchors=anchors, language=doc.language, pages=pages, pdf=pdf,
               snippet_runs=runs)
