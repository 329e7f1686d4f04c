"""What each selected facet counts: the query's matches under every filter but the facet's own.

A facet with a selection counts the documents its other values would add,
so its counts leave out its own selection: with a tier and a country
chosen, the tier facet counts the query's matches in that country and the
country facet its matches in that tier. Matching the query again under each
such filter made up to six matches per page. Here the query is matched once,
among the documents any of those filters allows (their union: every facet's
matches lie in it), and each facet's matches are that one match set
intersected with the facet's own filter, an array operation.

Only where each facet's filter is narrow enough to be stepped through
(``few``) while their union is not, and the filters together hold fewer
documents than the query's narrowest part, are the facets matched one by one
as before: stepping over a few thousand allowed documents per facet then
costs less than one match over the whole archive. The language facet, whose
query is analysed in every language (``languagesearch.every_language``), is
matched on its own.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
from whoosh import query as wq
from whoosh.searching import Searcher

from ..facets import FACETS
from ..records import SearchRequest
from .copies import copy_groups, first_of_groups
from .filtercache import filter_docs
from .ranking import most_matches
from .scoresets import DOCNUM, Scored, restrict

# What a page's matching gives: a query's matches among the allowed docnums (None: all).
Matching = Callable[[wq.Query, "np.ndarray | None"], Scored]


def matches_without(searcher: Searcher, request: SearchRequest, words: wq.Query,
                    every_language: wq.Query | None, matching: Matching,
                    few: Callable[[np.ndarray | None], bool]) -> Callable[[str], np.ndarray]:
    """``matches_for(facet)``: what ``words`` match under every filter but that facet's own
    (for the language facet, ``every_language`` when given), each document counted once
    with its copies. ``matching`` matches a query under a filter, ``few`` tells a filter
    narrow enough to be stepped through."""
    groups = copy_groups(searcher)
    own = {f.name: filter_docs(searcher, request, exclude_facet=f.name)
           for f in FACETS if request.selected(f.name)}
    apart = {"language"} if every_language is not None else set()
    shared = {name: allowed for name, allowed in own.items() if name not in apart}
    together: Scored | None = None
    if len(shared) > 1:
        union = _union(searcher, list(shared.values()))
        if _one_match(searcher, words, list(shared.values()), union, few):
            together = matching(words, union)

    def matches_for(facet: str) -> np.ndarray:
        allowed = own[facet] if facet in own else filter_docs(searcher, request, exclude_facet=facet)
        if together is not None and facet in shared:
            docs = restrict(together, allowed).docs
        else:
            docs = matching(every_language if facet in apart else words, allowed).docs
        if groups is None or not len(docs):
            return docs
        keep, _ = first_of_groups(docs, groups[docs], (docs,))
        return docs[keep]

    return matches_for


def _union(searcher: Searcher, filters: list[np.ndarray | None]) -> np.ndarray | None:
    """The docnums any of ``filters`` allows, ascending (None: one of them allows all)."""
    mask = np.zeros(searcher.doc_count_all(), bool)
    for allowed in filters:
        if allowed is None:
            return None
        mask[allowed] = True
    return np.flatnonzero(mask).astype(DOCNUM, copy=False)


def _one_match(searcher: Searcher, words: wq.Query, filters: list[np.ndarray | None],
               union: np.ndarray | None, few: Callable[[np.ndarray | None], bool]) -> bool:
    """Whether one match over ``union``, that of ``filters``, costs less than one match per filter.

    A filter allowing everything, or one too wide to step through, needs the
    whole match anyway, and every other filter's matches are then had by
    intersection; a union narrow enough to step through is stepped through once,
    never more than the filters are one by one. Left is a wide union of narrow
    filters: a whole match reads at least the postings of the query's narrowest
    part (``most_matches``, from document frequencies), stepping visits each
    filter's documents, so the smaller of the two sizes decides.
    """
    narrow = [allowed for allowed in filters if allowed is not None and few(allowed)]
    if len(narrow) < len(filters) or few(union):
        return True
    return sum(len(allowed) for allowed in narrow) >= most_matches(words, searcher.reader())
