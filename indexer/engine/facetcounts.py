"""Facet counts over a search's matches, read from the facet columns.

A facet's values for a set of document numbers come from its sortable
column, never from stored documents. A long-lived searcher reads a whole
column once, on the first search that needs much of it, and later searches
use list look-ups; a search that needs few values reads just those, through
a column reader kept with the segment reader.
"""
from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import Iterable
from itertools import chain

from whoosh.searching import Searcher

from .. import deadline
from ..facets import BY_NAME, FACETS, Facet
from ..records import FacetValue, SearchRequest
from .columns import column_reader

# What a numeric column holds for a document without a value.
NO_NUMBER = 2 ** 31 - 1
# What the ``published`` column holds for a document without a date.
NO_DATE = 2 ** 64 - 1
# Read a whole column (and keep it with the reader) when a search needs the
# values of more than this share of the documents; fewer are looked up one by one.
WHOLE_COLUMN_SHARE = 0.25

# Per open reader: each facet's values (and the publication date) for every
# document, read once from the columns when a search needs many of them.
_COLUMNS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


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

    if name not in cache and len(docnums) <= WHOLE_COLUMN_SHARE * reader.doc_count_all():
        # Opening a column reader reads the offsets of every document, so keep it.
        column = cache.get(("reader", name))
        if column is None:
            column = cache[("reader", name)] = column_reader(reader, field, translate=translate)
        return [convert(column[d]) for d in docnums]
    if name not in cache:
        column = column_reader(reader, field, translate=translate)
        cache[name] = [convert(value) for value in column]
    return list(map(cache[name].__getitem__, docnums))


def count(searcher: Searcher, facet: str, docnums: Iterable[int]) -> Counter:
    """How many of ``docnums`` have each value of ``facet``."""
    return Counter(chain.from_iterable(column_values(searcher, facet, list(docnums))))


def ordered(facet: Facet, counts: Counter, selected: tuple[str, ...], limit: int) -> tuple[FacetValue, ...]:
    """The counted values in the facet's display order, at most ``limit`` (0: all) plus the selected."""
    values = [FacetValue(v, counts.get(v, 0), v in selected, facet.label(v))
              for v in dict.fromkeys(list(counts) + list(selected))]
    if facet.order == "rank":
        rank = {t: i for i, t in enumerate(facet.ranks)}
        values.sort(key=lambda f: (rank.get(f.value, len(facet.ranks)), f.value))
    elif facet.order == "descending":
        values.sort(key=lambda f: -int(f.value))
    else:
        values.sort(key=lambda f: (-f.count, f.label.casefold()))
    if not limit:
        return tuple(values)
    return tuple(values[:limit] + [v for v in values[limit:] if v.selected])


def facet_counts(searcher: Searcher, request: SearchRequest, matched: list[int],
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
