"""Facet counts over a search's matches, read from the facet columns held as integer codes.

A facet's values come from its sortable column, never from stored
documents. The first search on an index generation reads each facet's
column once and keeps it (``readercache``) as integer codes, one per document (a document with
several values, such as countries, has a run of codes), with the list of
values the codes stand for. Counting a facet over any set of matches is
then one ``np.bincount`` over the codes of those documents, however many
there are; the ``published`` column is kept as one array of integers for
sorting and date filters. Columns that are not facets (a document's copy
key, its report year, as ``copies`` needs them) are read by
``column_values``, whole when a search needs much of one.
"""
from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

import numpy as np
from whoosh.searching import Searcher

from .. import deadline
from ..facets import BY_NAME, FACETS, Facet
from ..records import FacetValue, SearchRequest
from .columns import column_reader, numeric_array
from .readercache import shared
from .scoresets import DOCNUM, gather_runs

# What a numeric column holds for a document without a value.
NO_NUMBER = 2 ** 31 - 1
# What the ``published`` column holds for a document without a date.
NO_DATE = 2 ** 64 - 1
# ``column_values`` reads a whole column (and keeps it with the reader) when a search
# needs the values of more than this share of the documents; fewer are looked up one by one.
WHOLE_COLUMN_SHARE = 0.25

# Per open reader: the column readers ``column_values`` has opened.
_COLUMNS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class Codes(NamedTuple):
    """A facet's values for every document: document ``d`` has the values
    ``labels[codes[i]]`` for ``i`` in ``starts[d]:starts[d + 1]``. When no
    document has more than one value, ``single[d]`` is its code plus one (0: none)."""

    starts: np.ndarray
    codes: np.ndarray
    labels: list[str]
    single: np.ndarray | None


def _values_of(facet: Facet, value) -> tuple[str, ...]:
    if facet.kind == "texts":
        return tuple(v for v in value.split(",") if v) if value else ()
    if facet.kind == "number":
        return (str(value),) if value != NO_NUMBER else ()
    return (value,) if value else ()


def column_values(searcher: Searcher, name: str, docnums: list[int]) -> list:
    """The values of column ``name`` for ``docnums``: a facet's values as tuples, any other
    column's values as stored (``published`` as the raw number it is sorted by)."""
    reader = searcher.reader()
    try:
        cache = _COLUMNS.setdefault(reader, {})
    except TypeError:  # a reader that cannot be weakly referenced: no caching
        cache = {}
    facet = BY_NAME.get(name)
    field = name if facet is None else facet.index_field
    translate = name != "published"

    def convert(value):
        return value if facet is None else _values_of(facet, value)

    whole = shared(reader)   # whole columns: read-only lists, one copy for every thread
    values = whole.get(("column values", name))
    if values is None and len(docnums) <= WHOLE_COLUMN_SHARE * reader.doc_count_all():
        # Opening a column reader reads the offsets of every document, so keep it (one per
        # reader: a column reader reads its file and is not shared between threads).
        column = cache.get(("reader", name))
        if column is None:
            column = cache[("reader", name)] = column_reader(reader, field, translate=translate)
        return [convert(column[d]) for d in docnums]
    if values is None:
        column = column_reader(reader, field, translate=translate)
        values = whole.setdefault(("column values", name), [convert(value) for value in column])
    return list(map(values.__getitem__, docnums))


def facet_codes(searcher: Searcher, name: str) -> Codes:
    """The codes of facet ``name`` for every document, read once per index generation."""
    cache = shared(searcher.reader())
    found = cache.get(("facet", name))
    if found is None:
        facet = BY_NAME[name]
        column = column_reader(searcher.reader(), facet.index_field, translate=True)
        index: dict[str, int] = {}
        runs: dict = {}  # a column value -> the codes of its facet values
        counts: list[int] = []
        codes: list[int] = []
        for value in column:
            run = runs.get(value)
            if run is None:
                run = runs[value] = [index.setdefault(v, len(index)) for v in _values_of(facet, value)]
            counts.append(len(run))
            codes.extend(run)
        starts = np.zeros(len(counts) + 1, DOCNUM)
        np.cumsum(counts, out=starts[1:])
        code_array = np.array(codes, dtype=np.intp)
        single = None
        if not counts or max(counts) <= 1:
            single = np.zeros(len(counts), np.intp)
            single[np.array(counts, dtype=bool)] = code_array + 1
        found = cache[("facet", name)] = Codes(starts, code_array, list(index), single)
    return found


def facet_values(searcher: Searcher, name: str, docnums: list[int]) -> list[tuple[str, ...]]:
    """``column_values`` of facet ``name``, read from its codes (``facet_codes``), which every
    results page has read for its counts: no column is read again document by document."""
    facet = facet_codes(searcher, name)
    starts, codes, labels = facet.starts, facet.codes, facet.labels
    return [tuple(labels[c] for c in codes[starts[d]:starts[d + 1]].tolist()) for d in docnums]


def published(searcher: Searcher, column: str = "published") -> np.ndarray:
    """The ``published`` column of every document (``NO_DATE`` where undated), read once;
    or another date column (``published_end``: the last day each date covers)."""
    cache = shared(searcher.reader())
    found = cache.get((column,))
    if found is None:
        reader = searcher.reader()
        parts = []
        for leaf, _ in reader.leaf_readers():
            values = leaf.column_reader(column, translate=False)
            array = numeric_array(values, np.uint64)
            parts.append(array if array is not None else np.array(list(values), dtype=np.uint64))
        found = cache[(column,)] = (np.concatenate(parts) if parts else np.empty(0, np.uint64))
    return found


def count(searcher: Searcher, name: str, docs) -> Counter:
    """How many of ``docs`` (document numbers) have each value of facet ``name``."""
    facet = facet_codes(searcher, name)
    docs = np.asarray(docs, dtype=DOCNUM)
    if facet.single is not None:
        tally = np.bincount(facet.single[docs], minlength=len(facet.labels) + 1)[1:]
    else:
        tally = np.bincount(gather_runs(facet.starts, facet.codes, docs)[0], minlength=len(facet.labels))
    return Counter({facet.labels[i]: int(tally[i]) for i in np.flatnonzero(tally).tolist()})


@lru_cache(maxsize=8_192)
def _label(label: Callable[[str], str], value: str) -> str:
    """``label(value)``: how a facet shows a value (a country's name for its code), kept, since
    a page sorts every counted value by it, a few hundred, and they repeat page after page."""
    return label(value)


def ordered(facet: Facet, counts: Counter, selected: tuple[str, ...], limit: int) -> tuple[FacetValue, ...]:
    """The counted values in the facet's display order, at most ``limit`` (0: all) plus the selected.

    Values are ordered before they are made records, so only those shown are made."""
    values = list(dict.fromkeys(list(counts) + list(selected)))
    if facet.order == "rank":
        rank = {t: i for i, t in enumerate(facet.ranks)}
        values.sort(key=lambda v: (rank.get(v, len(facet.ranks)), v))
    elif facet.order == "descending":
        values.sort(key=lambda v: -int(v))
    else:
        values.sort(key=lambda v: (-counts.get(v, 0), (_label(facet.label, v) or v).casefold()))
    if limit:
        values = values[:limit] + [v for v in values[limit:] if v in selected]
    return tuple(FacetValue(v, counts.get(v, 0), v in selected, _label(facet.label, v)) for v in values)


def facet_counts(searcher: Searcher, request: SearchRequest, matched: np.ndarray,
                 matches_for) -> tuple[dict[str, tuple[FacetValue, ...]], dict[str, int]]:
    """Counts of every facet value over all matches; a facet's own selection is left out of its counts.

    A facet with no selection counts the matches as they are; a facet with
    a selection counts ``matches_for(facet)``, the matches of the words and
    every OTHER filter, so its unselected values stay visible with the
    number they would add. Also answers how many distinct values each facet has.
    """
    out, totals = {}, {}
    for facet in FACETS:
        deadline.check()
        selected = tuple(str(v) for v in request.selected(facet.name))
        docnums = matched if not selected else matches_for(facet.name)
        counts = count(searcher, facet.name, docnums)
        out[facet.name] = ordered(facet, counts, selected, request.facet_limit)
        totals[facet.name] = len(set(counts) | set(selected))
    return out, totals
