"""Every match of a query with its BM25F score, computed in bulk as arrays.

Whoosh scores a match through a tree of matcher objects: for each posting
of each word in each field it moves matchers, asks them for the document,
the term weight and the field length, and adds the scores up the tree,
several method calls deep per posting. A results page needs the score of
every match (the total and the facet counts cover them all), so for common
words that walk is most of the page's time, and it grows with the archive.

``match_arrays`` computes the same numbers in bulk for the queries
refsearch builds: a word in a text field is scored straight from its
postings read as arrays (``postings``), with the field lengths read once
per segment, and ``Or``, ``And`` and ``AndNot`` combine the per-word
scores as Whoosh's union, intersection and exclusion matchers do (sums;
the excluded side adds nothing), on whole arrays (``scoresets``). Any other
part of a query (date and number ranges, exact-value fields) is scored by
walking its own Whoosh matcher, so the result is always what Whoosh would
compute, up to the order in which floating-point scores are added.
``tests/search/test_ranking.py`` compares the two on every query class.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
from whoosh import query as wq
from whoosh.formats import Positions
from whoosh.scoring import BM25F, BM25FScorer
from whoosh.searching import Searcher

from .. import deadline
from .columns import field_lengths
from .phrases import ExactPhrase, PhraseStarts
from .postings import Postings, located, read_located
from .readercache import shared
from .scoresets import DOCNUM, Scored, docs_array, empty, in_segment, intersection, joined, union, without


def match_arrays(searcher: Searcher, query: wq.Query, only=None) -> Scored:
    """The documents (top-level docnums) ``query`` matches, with their scores.

    ``only``: consider just these documents (a narrow filter; ascending array
    or any collection), which are then reached by stepping over the posting
    blocks between them.
    """
    bulk = isinstance(searcher.weighting, BM25F) and not searcher.weighting.use_final
    context = searcher.context()
    wanted = None if only is None else docs_array(only)
    parts: list[Scored] = []
    leaves = searcher.leaf_searchers()
    for n, (leaf, offset) in enumerate(leaves):
        reader = leaf.reader()
        local = None
        if wanted is not None:
            end = leaves[n + 1][1] if n + 1 < len(leaves) else searcher.doc_count_all()
            local = in_segment(wanted, offset, end)
            if not len(local):
                continue
        found = _scores(query, leaf, context, local) if bulk else _walk(query, leaf, context, local)
        if reader.has_deletions():
            found = without(found, deleted_docs(reader))
        parts.append(found.shifted(offset))
    return joined(parts)


def match_scores(searcher: Searcher, query: wq.Query, only=None) -> dict[int, float]:
    """``match_arrays`` as a dictionary of docnum -> score."""
    found = match_arrays(searcher, query, only)
    return dict(zip(found.docs.tolist(), found.scores.tolist()))


def deleted_docs(reader) -> np.ndarray:
    """The deleted documents of a segment, ascending, found once per segment state."""
    cache = shared(reader)
    deleted = cache.get(("deleted",))
    if deleted is None:
        deleted = cache[("deleted",)] = np.array(sorted(reader.deleted_docs_set), dtype=DOCNUM)
    return deleted


def _walk(query: wq.Query, leaf: Searcher, context, only: np.ndarray | None = None) -> Scored:
    """Whoosh's own matcher for ``query`` on one segment, walked to the end (or stepped
    to each document of ``only``)."""
    matcher = query.matcher(leaf, context)
    docs: list[int] = []
    scores: list[float] = []
    if only is None:
        while matcher.is_active():
            docs.append(matcher.id())
            scores.append(matcher.score())
            matcher.next()
            if not len(docs) % 4096:
                deadline.check()
    else:
        for docnum in only.tolist():
            if not matcher.is_active():
                break
            if matcher.id() < docnum:
                matcher.skip_to(docnum)
                if not matcher.is_active():
                    break
            if matcher.id() == docnum:
                docs.append(docnum)
                scores.append(matcher.score())
    return Scored(np.array(docs, dtype=DOCNUM), np.array(scores, dtype=np.float64))


def most_matches(query: wq.Query, reader) -> int:
    """At most how many documents ``query`` matches, from document frequencies alone.

    Used to evaluate the narrowest part of an And first, and to settle a
    spelling suggestion without running it (``least_matches`` is the other bound).
    """
    kind = type(query)
    if kind is wq.Term:
        try:
            return reader.doc_frequency(query.fieldname, query.text)
        except (KeyError, ValueError, TypeError):
            return reader.doc_count_all()
    if kind is wq.Or:
        return sum(most_matches(q, reader) for q in query.subqueries)
    if kind is wq.And or kind is ExactPhrase:
        parts = query.subqueries if kind is wq.And else [wq.Term(query.fieldname, w) for w in query.words]
        return min((most_matches(q, reader) for q in parts), default=0)
    if kind is wq.AndNot:
        return most_matches(query.a, reader)
    if kind is wq.ConstantScoreQuery:
        return most_matches(query.child, reader)
    if query is wq.NullQuery:
        return 0
    return reader.doc_count_all()


def least_matches(query: wq.Query, reader) -> int:
    """At least how many documents ``query`` matches, from document frequencies alone
    (0 where they cannot tell). Frequencies count deleted documents too, so
    every deleted document is assumed to have been a match."""
    kind = type(query)
    if kind is wq.Term:
        try:
            frequency = reader.doc_frequency(query.fieldname, query.text)
        except (KeyError, ValueError, TypeError):
            return 0
        return max(0, frequency - (reader.doc_count_all() - reader.doc_count()))
    if kind is wq.Or:
        return max((least_matches(q, reader) for q in query.subqueries), default=0)
    if kind is wq.And and query.subqueries:
        # |A and B| >= |A| + |B| - all documents
        parts = [least_matches(q, reader) for q in query.subqueries]
        return max(0, sum(parts) - (len(parts) - 1) * reader.doc_count())
    if kind is wq.AndNot:
        return max(0, least_matches(query.a, reader) - most_matches(query.b, reader))
    if kind is wq.ConstantScoreQuery:
        return least_matches(query.child, reader)
    return 0


def _scores(query: wq.Query, leaf: Searcher, context, only: np.ndarray | None = None) -> Scored:
    """``query``'s matches on one segment (among ``only`` when given) with their scores."""
    deadline.check()
    kind = type(query)
    if query is wq.NullQuery or (only is not None and not len(only)):
        return empty()
    if kind is wq.Term:
        found = _term_scores(query, leaf, only)
        return found if found is not None else _walk(query, leaf, context, only)
    if kind is wq.Or and query.scale is None and not query.minmatch:
        return union([_scores(q, leaf, context, only) for q in query.subqueries]).boosted(query.boost)
    if kind is wq.And:
        reader = leaf.reader()
        total = None
        for q in sorted(query.subqueries, key=lambda q: most_matches(q, reader)):
            part = _scores(q, leaf, context, only if total is None else total.docs)
            total = part if total is None else intersection(total, part)
            if not len(total):
                return empty()
        return total.boosted(query.boost) if total is not None else empty()
    if kind is ExactPhrase and query.slop == 1 and len(query.words) > 1:
        found = _phrase_scores(query, leaf, only)
        return found if found is not None else _walk(query, leaf, context, only)
    if kind is wq.AndNot:
        positive = _scores(query.a, leaf, context, only)
        if not len(positive):
            return empty()
        negative = _scores(query.b, leaf, context, positive.docs)
        return without(positive, negative.docs).boosted(query.boost)
    if kind is wq.ConstantScoreQuery:
        found = _scores(query.child, leaf, context, only)
        return Scored(found.docs, np.full(len(found.docs), float(query.score)))
    if kind is wq.Every and query.fieldname in (None, "", "*"):
        docs = np.arange(leaf.reader().doc_count_all(), dtype=DOCNUM)
        if only is not None:
            docs = only[only < len(docs)]
        return Scored(docs, np.full(len(docs), float(query.boost)))
    return _walk(query, leaf, context, only)


class Word(NamedTuple):
    """What scoring one word in one field of a segment needs."""

    reader: object
    fieldname: str
    text: bytes
    frequency: int
    lengths: np.ndarray
    idf: float
    avgfl: float
    b: float
    k1: float
    info: object = None  # the word's term information, when looked up already (not in the array file)

    def read(self, wanted: np.ndarray | None = None, positions: bool = False) -> Postings | None:
        return read_located(self.reader, self.fieldname, self.text, self.frequency, self.info, wanted, positions)

    def bm25(self, read: Postings) -> np.ndarray:
        """Whoosh's ``scoring.bm25`` for every posting at once, operation for operation."""
        tf, b, k1 = read.weights, self.b, self.k1
        return self.idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * self.lengths[read.docs] / self.avgfl)))


def _phrase_scores(phrase: ExactPhrase, leaf: Searcher, only=None) -> Scored | None:
    """An exact phrase on one segment: the documents with all its words, scored in bulk,
    kept where the words stand at consecutive positions (``phrases`` explains the score).

    The words are read rarest first, each for both its weights and its
    positions: the rarest whole (or at ``only``), the others only at the
    documents still in the running.
    """
    field = leaf.schema[phrase.fieldname]
    if not isinstance(field.format, Positions) or not field.scorable:
        return None
    # A word missing from the segment ends the phrase there: a query compiled in several
    # languages holds many phrases (country names in each) whose words a segment lacks.
    words: list[Word] = []
    for text in phrase.words:
        word = _word(wq.Term(phrase.fieldname, text), leaf)
        if word is None:
            return None
        if not word:
            return empty()
        words.append(word)
    order = sorted(range(len(words)), key=lambda i: words[i].frequency)
    docs: np.ndarray | None = None
    scores: np.ndarray | None = None
    starts: PhraseStarts | None = None
    for i in order:
        read = words[i].read(only if docs is None else docs, positions=True)
        if read is None:
            return None
        score = words[i].bm25(read)
        if docs is None:
            docs, scores, starts = read.docs, score, PhraseStarts(read, i)
        else:
            assert scores is not None and starts is not None  # set with docs
            at = np.searchsorted(docs, read.docs)
            alive = starts.narrowed(read, i)
            docs, scores = read.docs[alive], (scores[at] + score)[alive]
        if not len(docs):
            return empty()
    assert docs is not None and scores is not None  # a phrase has words
    return Scored(docs, scores).boosted(phrase.boost)


def _word(term: wq.Term, leaf: Searcher) -> Word | tuple[()] | None:
    """What scoring ``term`` on a segment needs; ``()`` when the word is not in the
    segment, None when only Whoosh can score it.

    With Whoosh's own BM25F the word is looked up once: in the segment's array file,
    else in its term table, whose entry gives the document count and then the postings
    (``Word.info``). Whoosh's scorer would look it up three times more (is it there, its
    term information, its document count) and reading its postings once again, and a
    page looks up every word of its query in every field and segment: a few dozen words
    on a small archive, where this lookup is much of what a match costs. The numbers are
    the scorer's: the index-wide IDF (``Searcher.idf``, which keeps it) and average length.
    """
    schema = leaf.schema
    if term.fieldname not in schema or term.minquality:
        return None
    field = schema[term.fieldname]
    if not field.scorable:
        return None
    try:
        text = field.to_bytes(term.text)
    except ValueError:
        return ()
    weighting = leaf.weighting
    if type(weighting) is not BM25F:
        return _word_by_scorer(term.fieldname, text, leaf)
    reader = leaf.reader()
    frequency, info = located(reader, term.fieldname, text)
    if not frequency:
        return ()
    top = leaf.get_parent()
    return Word(reader, term.fieldname, text, frequency, segment_lengths(reader, term.fieldname),
                top.idf(term.fieldname, text), top.avg_field_length(term.fieldname) or 1,
                weighting._field_B.get(term.fieldname, weighting.B), weighting.K1, info)


def _word_by_scorer(fieldname: str, text: bytes, leaf: Searcher) -> Word | tuple[()] | None:
    """``_word`` for a weighting derived from BM25F: its scorer says whether the bulk
    formula applies."""
    reader = leaf.reader()
    if (fieldname, text) not in reader:
        return ()
    scorer = leaf.weighting.scorer(leaf, fieldname, text)
    if type(scorer) is not BM25FScorer:
        return None
    return Word(reader, fieldname, text, reader.doc_frequency(fieldname, text),
                segment_lengths(reader, fieldname), scorer.idf, scorer.avgfl, scorer.B, scorer.K1)


def _term_scores(term: wq.Term, leaf: Searcher, only: np.ndarray | None = None) -> Scored | None:
    """BM25F scores of one word in one field on one segment; None when only Whoosh can tell.

    ``only``: just these documents (all when None).
    """
    word = _word(term, leaf)
    if not word:
        return None if word is None else empty()
    read = word.read(only)
    if read is None:
        return None
    return Scored(read.docs, word.bm25(read)).boosted(term.boost)


def segment_lengths(reader, fieldname: str) -> np.ndarray:
    """The length of ``fieldname`` in every document of a segment, read once per segment."""
    cache = shared(reader)
    lengths = cache.get(("lengths", fieldname))
    if lengths is None:
        lengths = cache[("lengths", fieldname)] = field_lengths(reader, fieldname)
    return lengths
