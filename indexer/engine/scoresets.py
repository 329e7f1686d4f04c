"""Sets of scored documents as arrays, and the algebra queries combine them with.

A ``Scored`` is two aligned arrays: document numbers, ascending and
distinct, and their scores. Whoosh combines matches one posting at a time
through matcher objects; here ``union`` (sum where documents meet),
``intersection`` (sum, only where all meet) and ``minus`` work on whole
arrays, so a query matching most of the archive costs a few passes in C.

Scores are summed in the order the parts are given, the same order for
every document, so two documents with equal inputs always get equal scores.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

DOCNUM = np.int64


class Scored(NamedTuple):
    """Document numbers (ascending, distinct) and their scores, aligned."""

    docs: np.ndarray
    scores: np.ndarray

    def __len__(self) -> int:
        return len(self.docs)

    def boosted(self, boost: float) -> Scored:
        return self if boost == 1.0 else Scored(self.docs, self.scores * boost)

    def shifted(self, offset: int) -> Scored:
        return self if not offset else Scored(self.docs + offset, self.scores)


def empty() -> Scored:
    return Scored(np.empty(0, DOCNUM), np.empty(0, np.float64))


def docs_array(docs) -> np.ndarray:
    """``docs`` (any iterable of document numbers) as an ascending array of distinct ones."""
    if isinstance(docs, np.ndarray):
        return docs.astype(DOCNUM, copy=False)
    return np.unique(np.fromiter(docs, DOCNUM))


def where_in(sorted_docs: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """A mask over ``wanted``: which of them ``sorted_docs`` holds (both ascending)."""
    if not len(sorted_docs) or not len(wanted):
        return np.zeros(len(wanted), bool)
    at = np.searchsorted(sorted_docs, wanted)
    at[at == len(sorted_docs)] = 0
    return sorted_docs[at] == wanted


def restrict(found: Scored, wanted: np.ndarray | None) -> Scored:
    """The part of ``found`` whose documents are in ``wanted`` (ascending; None keeps all)."""
    if wanted is None:
        return found
    if len(wanted) < len(found.docs):
        keep = where_in(found.docs, wanted)
        at = np.searchsorted(found.docs, wanted[keep])
        return Scored(found.docs[at], found.scores[at])
    keep = where_in(wanted, found.docs)
    return Scored(found.docs[keep], found.scores[keep])


def without(found: Scored, excluded: np.ndarray) -> Scored:
    """``found`` less the documents of ``excluded`` (ascending)."""
    if not len(excluded) or not len(found):
        return found
    keep = ~where_in(excluded, found.docs)
    return Scored(found.docs[keep], found.scores[keep])


def in_segment(wanted: np.ndarray, offset: int, end: int | None) -> np.ndarray:
    """The documents of ``wanted`` (ascending, top-level numbers) from ``offset`` up to ``end``
    (None: to the last), as numbers within the segment that starts at ``offset``."""
    stop = end if end is not None else np.iinfo(DOCNUM).max
    low, high = np.searchsorted(wanted, [offset, stop])
    return wanted[low:high] - offset


def joined(parts: list[Scored]) -> Scored:
    """The segments' parts (each ascending, each segment's documents after the one before)
    as one, in order: no document is in two parts, so nothing is summed."""
    if not parts:
        return empty()
    if len(parts) == 1:
        return parts[0]
    return Scored(np.concatenate([p.docs for p in parts]), np.concatenate([p.scores for p in parts]))


def union(parts: list[Scored]) -> Scored:
    """Every document of any part, its scores summed over the parts that hold it."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return empty()
    if len(parts) == 1:
        return parts[0]
    docs = np.concatenate([p.docs for p in parts])
    scores = np.concatenate([p.scores for p in parts])
    # A stable sort keeps each document's scores in part order; the parts are
    # sorted runs, which the merge sort joins in linear time.
    order = np.argsort(docs, kind="stable")
    docs, scores = docs[order], scores[order]
    starts = np.flatnonzero(np.concatenate(([True], docs[1:] != docs[:-1])))
    return Scored(docs[starts], np.add.reduceat(scores, starts))


def intersection(first: Scored, second: Scored) -> Scored:
    """The documents of both, each scored by the sum of its two scores."""
    if not len(first) or not len(second):
        return empty()
    keep = where_in(second.docs, first.docs)
    docs = first.docs[keep]
    at = np.searchsorted(second.docs, docs)
    return Scored(docs, first.scores[keep] + second.scores[at])


def gather_runs(starts: np.ndarray, values: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The runs ``values[starts[r]:starts[r + 1]]`` of each of ``rows``, end to end, and
    how long each run is."""
    first = starts[rows].astype(DOCNUM, copy=False)
    lengths = starts[rows + 1].astype(DOCNUM, copy=False) - first
    total = int(lengths.sum())
    if not total:
        return values[:0], lengths
    # The index of each value taken: its run's start plus its place within the run.
    shift = np.repeat(first - (np.cumsum(lengths) - lengths), lengths)
    return values[shift + np.arange(total)], lengths


def best(found: Scored, count: int) -> Scored:
    """The ``count`` best of ``found``, best first: higher score, then lower document number
    (the order of Whoosh's top-N collector)."""
    if count <= 0 or not len(found):
        return empty()
    if count < len(found):
        edge = np.partition(found.scores, len(found) - count)[len(found) - count]
        keep = np.flatnonzero(found.scores >= edge)
    else:
        keep = np.arange(len(found))
    order = keep[np.lexsort((found.docs[keep], -found.scores[keep]))][:count]
    return Scored(found.docs[order], found.scores[order])
