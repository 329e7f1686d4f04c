"""The best documents for a weighted list of words, reading a long posting list whole only
when it can change which documents are best.

"More like this" (``similar``) ranks the archive by a dozen key words of a
document and its country's name, each a BM25F score times a weight. Ranked
as a search (``ranking.match_arrays``), every word's postings are read whole
in every segment, and each word is looked up in each segment's term table
four or five times (is it there, how many documents, its scorer, its
postings); the key words of a long report include common ones held by a
third of the archive. Only the first few dozen documents are wanted, so here:

1. each word is looked up once per segment (its array-file entry, else its
   term information), which gives its document frequency and so its IDF;
2. the words are read whole, the shortest posting lists first, while what
   the words not yet read could add to any document (each word's weight times
   its IDF times ``K1 + 1``, more than BM25 ever gives) could still lift a
   document not yet seen among the ``limit`` best: once it cannot, no
   document outside those already found can be among the best;
3. the words left are read only at those documents (``postings.read_word``
   steps to them), and every word's scores are added in the query's order,
   so each document's score is the very sum ``match_arrays`` makes.

The ranking is therefore the same as ``match_arrays`` then ``scoresets.best``
(``tests/engine/test_likeness.py`` compares the two), while the postings read
whole are those of the rare words and of the country, whatever the length of
the common words' lists.
"""
from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from .. import deadline
from .arrayfile import array_file
from .postings import read_term
from .ranking import Word, deleted_docs, segment_lengths
from .scoresets import DOCNUM, Scored, best, empty, in_segment, joined, union, without

# Relative slack on the bound of what unread words could add, for rounding in the sums.
BOUND_SLACK = 1e-9


class WeightedWord(NamedTuple):
    """One word of the ranking: its field, its text and its weight (a query Term's boost)."""

    fieldname: str
    text: str
    weight: float


class _Located(NamedTuple):
    """A word found in the index: what scores it in each segment, and its bound."""

    weight: float
    frequency: int                       # documents holding it, deleted ones included
    # Where it occurs: (segment number, its scorer there, its term information there or
    # None when the segment's array file holds it)
    segments: tuple[tuple[int, Word, object], ...]
    bound: float                         # more than it can add to any document's score


# A word no segment holds.
_NOWHERE = _Located(0.0, 0, (), 0.0)


def best_matches(searcher: Searcher, words: list[WeightedWord], limit: int,
                 excluded: int | None = None) -> Scored | None:
    """The ``limit`` best documents (``excluded`` left out) for the sum of ``words``'
    weighted BM25F scores, best first: ``best(without(match_arrays(searcher, Or(words)),
    [excluded]), limit)``. None when the searcher does not score by BM25F or a segment is
    not one ``postings`` reads (the caller then ranks by ``match_arrays``)."""
    weighting = searcher.weighting
    if not isinstance(weighting, BM25F) or weighting.use_final:
        return None
    leaves = searcher.leaf_searchers()
    located: list[_Located] = []
    for word in words:
        found = _locate(searcher, leaves, word)
        if found is None:
            return None
        located.append(found)
    excluded_docs = np.array([] if excluded is None else [excluded], DOCNUM)
    whole: dict[int, Scored] = {}
    unread = sum(found.bound for found in located)
    seen = empty()
    for i in sorted(range(len(located)), key=lambda i: located[i].frequency):
        if len(seen) >= limit and unread * (1 + BOUND_SLACK) < _edge(seen, limit):
            break
        read = _scores(located[i], leaves, None)
        if read is None:
            return None
        whole[i] = read
        unread -= located[i].bound
        seen = without(union([seen, read]), excluded_docs)
    parts: list[Scored] = []
    for i, found in enumerate(located):
        part = whole[i] if i in whole else _scores(found, leaves, seen.docs)
        if part is None:
            return None
        parts.append(part)
    return best(without(union(parts), excluded_docs), limit)


def _edge(found: Scored, limit: int) -> float:
    """The ``limit``-th best score of ``found`` (which holds at least ``limit``)."""
    return float(np.partition(found.scores, len(found) - limit)[len(found) - limit])


def _locate(searcher: Searcher, leaves, word: WeightedWord) -> _Located | None:
    """Where ``word`` occurs (nowhere when its field is not indexed), with Whoosh's IDF and
    average length for it; None when only Whoosh can score it."""
    schema = searcher.schema
    if word.fieldname not in schema:
        return _NOWHERE
    field = schema[word.fieldname]
    if not field.scorable:
        return None
    text = field.to_bytes(word.text)
    counts: list[tuple[int, object, int, object]] = []
    for n, (leaf, _offset) in enumerate(leaves):
        reader = leaf.reader()
        arrays = array_file(reader)
        entry = arrays.word(word.fieldname, text) if arrays is not None else None
        if entry is not None:
            counts.append((n, reader, len(entry.docs), None))
            continue
        try:
            info = reader.term_info(word.fieldname, text)
        except TermNotFound:
            continue
        counts.append((n, reader, info.doc_frequency(), info))
    frequency = sum(count for _, _, count, _ in counts)
    if not frequency:
        return _NOWHERE
    weighting = searcher.weighting
    # As BM25FScorer computes them: the IDF and average length of the whole index.
    idf = math.log(searcher.doc_count_all() / (frequency + 1)) + 1
    avgfl = searcher.avg_field_length(word.fieldname) or 1
    b = getattr(weighting, "_field_B", {}).get(word.fieldname, weighting.B)
    segments = tuple((n, Word(reader, word.fieldname, text, count, segment_lengths(reader, word.fieldname),
                              idf, avgfl, b, weighting.K1), info) for n, reader, count, info in counts)
    return _Located(word.weight, frequency, segments, abs(word.weight) * abs(idf) * (weighting.K1 + 1))


def _scores(found: _Located, leaves, only: np.ndarray | None) -> Scored | None:
    """A located word's weighted scores over the whole index (at ``only``, ascending, when
    given), deleted documents left out; None when a segment is not one ``postings`` reads."""
    deadline.check()
    parts: list[Scored] = []
    for n, word, info in found.segments:
        offset = leaves[n][1]
        local = None
        if only is not None:
            local = in_segment(only, offset, leaves[n + 1][1] if n + 1 < len(leaves) else None)
            if not len(local):
                continue
        read = word.read(local) if info is None else read_term(word.reader, word.fieldname, word.text, info, local)
        if read is None:
            return None
        scored = without(Scored(read.docs, word.bm25(read)).boosted(found.weight), deleted_docs(word.reader))
        parts.append(scored.shifted(offset))
    return joined(parts)
