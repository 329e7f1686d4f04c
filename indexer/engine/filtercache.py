"""The documents a request's facet selections and date range allow, as sets of docnums.

A filtered results page needs its filter several times: once for the
ranking and once per selected facet with that facet's own selection left
out. Evaluating the Whoosh filter queries each time re-reads every posting
of the facet terms and, worst, of the many-term range a date range becomes.
Here each part of the filter (one facet's selection, the date range) is
turned into a mask over the document numbers once, kept in a bounded cache per
index generation (the same tiers, countries and years recur across
requests; ``readercache``), and the filters a page needs are intersections
of those masks, answered as ascending arrays of document numbers. A
searcher on a newer index generation starts with an empty cache.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from whoosh.searching import Searcher
from whoosh.util.times import datetime_to_long

from .. import config
from ..cache import LRU
from ..facets import FACETS
from ..records import SearchRequest
from .compile import date_bounds, facet_filter
from .facetcounts import NO_DATE, published
from .readercache import bounded
from .scoresets import DOCNUM


@dataclass(frozen=True, slots=True)
class Mask:
    """The key of a kept document mask; the masks of one generation share one bounded cache."""


@dataclass(frozen=True, slots=True)
class FacetMask(Mask):
    """The documents one facet's selection allows: the facet and its values, sorted."""
    facet: str
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DateMask(Mask):
    """The documents a date range allows: its ``published`` bounds, inclusive (None: open)."""
    low: int | None
    high: int | None


def _selection(request: SearchRequest, facet: str) -> tuple[str, ...]:
    values = request.selected(facet)
    return tuple(sorted({str(v) for v in values}))


def _date_bounds(request: SearchRequest) -> tuple[int | None, int | None] | None:
    """The ``published`` column values a date range allows, inclusive, or None without a range."""
    if not request.date_from and not request.date_to:
        return None
    start, end = date_bounds(request)
    return (datetime_to_long(start) if start else None, datetime_to_long(end) if end else None)


def _deleted_mask(reader) -> np.ndarray | None:
    """Which documents are deleted (None when none are)."""
    if not reader.has_deletions():
        return None
    mask = np.zeros(reader.doc_count_all(), bool)
    for leaf, offset in reader.leaf_readers():
        if leaf.has_deletions():
            mask[np.fromiter(leaf.deleted_docs_set, DOCNUM) + offset] = True
    return mask


def _masks(searcher: Searcher) -> LRU[Mask, np.ndarray]:
    """The document masks kept for the generation ``searcher`` reads (``config.FILTER_CACHE``)."""
    return bounded(searcher.reader(), Mask, config.FILTER_CACHE)


def _facet_docs(searcher: Searcher, request: SearchRequest, facet: str) -> np.ndarray:
    cache = _masks(searcher)
    key = FacetMask(facet, _selection(request, facet))
    found = cache.get(key)
    if found is None:
        found = np.zeros(searcher.doc_count_all(), bool)
        found[np.fromiter(searcher.docs_for_query(facet_filter(request, facet)), DOCNUM)] = True
        cache.put(key, found)
    return found


def _date_docs(searcher: Searcher, bounds: tuple[int | None, int | None]) -> np.ndarray:
    """Documents whose date overlaps ``bounds``, read from the sortable date columns.

    A date covers a day, a month or a year: it overlaps the range when it
    starts by its end (``published``) and ends by its start
    (``published_end``), so a report dated only "2024" is found by a range
    from June 2024. One pass over columns of integers is much cheaper than
    the union of the many index terms a range over a DATETIME field expands to.
    """
    cache = _masks(searcher)
    key = DateMask(*bounds)
    found = cache.get(key)
    if found is None:
        starts, ends = published(searcher), published(searcher, "published_end")
        low = np.uint64(bounds[0] if bounds[0] is not None else 0)
        high = np.uint64(bounds[1] if bounds[1] is not None else NO_DATE - 1)
        found = (ends >= low) & (starts <= high)
        deleted = _deleted_mask(searcher.reader())
        if deleted is not None:
            found &= ~deleted
        cache.put(key, found)
    return found


def filter_docs(searcher: Searcher, request: SearchRequest,
                exclude_facet: str | None = None) -> np.ndarray | None:
    """The docnums every selected facet (but ``exclude_facet``) and the date range allow,
    ascending.

    None when nothing is selected, so the caller searches unfiltered. The
    answer is a fresh array, safe to change.
    """
    parts = [_facet_docs(searcher, request, facet.name) for facet in FACETS
             if facet.name != exclude_facet and request.selected(facet.name)]
    bounds = _date_bounds(request)
    if bounds is not None:
        parts.append(_date_docs(searcher, bounds))
    if not parts:
        return None
    allowed = parts[0].copy()
    for part in parts[1:]:
        allowed &= part
    return np.flatnonzero(allowed).astype(DOCNUM, copy=False)
