"""Exact phrases matched by comparing position sets, not through Whoosh's span objects.

Whoosh answers a phrase query with its general "near" machinery: for every
document holding all the words it builds a Span object per occurrence of
each word and walks them pairwise, allowing for slop, order and distance.
A quoted phrase in refsearch is always exact (consecutive words, in
order), which a set of positions answers directly: the phrase starts at
``p`` when the first word is at ``p``, the second at ``p + 1`` and so on.
On phrases of common words this does the same job several times faster.

Scores are unchanged: as in Whoosh, a phrase scores what the intersection
of its words scores in each document where the phrase occurs. Phrases
with slop other than 1 keep Whoosh's own matcher.
"""
from __future__ import annotations

import numpy as np
from whoosh import matching
from whoosh import query as wq
from whoosh.query.spans import Span, SpanNear2

from .postings import positions


class _ConsecutiveMatcher(SpanNear2.SpanNear2Matcher):
    """Whoosh's phrase matcher with the check for consecutive positions done on sets."""

    def __init__(self, ms):
        super().__init__(ms, slop=1, ordered=True, mindist=1)

    def copy(self):
        return self.__class__([m.copy() for m in self.ms])

    def _get_spans(self):
        ms = self.ms
        starts = set(ms[0].value_as("positions"))
        for offset in range(1, len(ms)):
            if not starts:
                return []
            starts.intersection_update(p - offset for p in ms[offset].value_as("positions"))
        last = len(ms) - 1
        return [Span(p, p + last) for p in sorted(starts)]


class ExactPhrase(wq.Phrase):
    """A ``Phrase`` whose documents are found by ``_ConsecutiveMatcher``."""

    def matcher(self, searcher, context=None):
        if self.slop != 1 or len(self.words) < 2:
            return super().matcher(searcher, context)
        field = searcher.schema[self.fieldname] if self.fieldname in searcher.schema else None
        if field is None or not field.format or not field.format.supports("positions"):
            return super().matcher(searcher, context)  # Whoosh's own answer or error
        reader = searcher.reader()
        matchers = []
        for word in self.words:
            try:
                term = field.to_bytes(word)
            except ValueError:
                return matching.NullMatcher()
            if (self.fieldname, term) not in reader:
                return matching.NullMatcher()
            matchers.append(wq.Term(self.fieldname, term).matcher(searcher, context))
        found = _ConsecutiveMatcher(matchers)
        return matching.WrappingMatcher(found, boost=self.boost) if self.boost != 1.0 else found


def exact_phrases(query: wq.Query) -> wq.Query:
    """``query`` with every exact ``Phrase`` replaced by an ``ExactPhrase``."""
    def swap(node: wq.Query) -> wq.Query:
        if type(node) is wq.Phrase and node.slop == 1:
            return ExactPhrase(node.fieldname, node.words, slop=1, boost=node.boost,
                               char_ranges=node.char_ranges)
        return node

    return query.accept(swap)


class StartPositions:
    """Where an exact phrase may start, per document still in the running (bulk scoring).

    Built from the encoded positions of the first word read (the phrase's
    ``index``-th word); they are decoded only for documents where a second
    word is read, since most documents of a rare word drop out before.
    """

    def __init__(self, values: list, index: int) -> None:
        self._starts = values   # per document: encoded positions, or a set of starts
        self._index = index

    def narrowed(self, at: np.ndarray, values: list, index: int) -> tuple[np.ndarray, "StartPositions"]:
        """Keep the starts that the ``index``-th word's positions also allow.

        ``at[j]`` is the running document that ``values[j]`` (the word's encoded
        positions there) belongs to. Answers a mask over ``values`` (documents
        where the phrase may still start) and the starts left in them.
        """
        first_start_at = (-self._index).__add__
        start_at = (-index).__add__  # a word at p starts the phrase at p - index
        kept_starts, keep = [], []
        for j, value in zip(at.tolist(), values):
            possible = self._starts[j]
            if type(possible) is bytes:
                possible = set(map(first_start_at, positions(possible)))
            kept = possible.intersection(map(start_at, positions(value)))
            keep.append(bool(kept))
            if kept:
                kept_starts.append(kept)
        return np.array(keep, dtype=bool), StartPositions(kept_starts, self._index)
