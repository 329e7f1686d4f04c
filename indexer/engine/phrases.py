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

from .postings import Postings
from .scoresets import DOCNUM, where_in


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


class PhraseStarts:
    """Where an exact phrase may start in each document still in the running (bulk scoring).

    Made from the first word read, the phrase's ``index``-th: every position
    ``p`` of it is a possible start ``p - index``. Each later word keeps the
    starts ``s`` where it stands at ``s + its index``, compared for all
    documents at once as sorted keys (document, position).
    """

    def __init__(self, read: Postings, index: int) -> None:
        assert read.starts is not None and read.positions is not None, "read with positions"
        counts = np.diff(read.starts)
        owner = np.repeat(np.arange(len(read.docs), dtype=DOCNUM), counts)
        start = read.positions - index
        keep = start >= 0
        self.docs = read.docs
        self._owner, self._start = owner[keep], start[keep]

    def narrowed(self, read: Postings, index: int) -> np.ndarray:
        """Keep the starts that the phrase's ``index``-th word, read at (some of) the running
        documents, also allows; answers which of ``read.docs`` stay in the running."""
        assert read.starts is not None and read.positions is not None, "read with positions"
        slot = np.full(len(self.docs), -1, DOCNUM)
        slot[np.searchsorted(self.docs, read.docs)] = np.arange(len(read.docs))
        owner = slot[self._owner]
        keep = owner >= 0
        owner, start = owner[keep], self._start[keep]
        counts = np.diff(read.starts)
        here = (np.repeat(np.arange(len(read.docs), dtype=DOCNUM), counts) << 32) + read.positions
        found = where_in(here, (owner << 32) + (start + index))
        owner, start = owner[found], start[found]
        alive = np.zeros(len(read.docs), bool)
        alive[owner] = True
        self._owner, self._start = (np.cumsum(alive) - 1)[owner], start
        self.docs = read.docs[alive]
        return alive
