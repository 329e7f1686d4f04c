"""Every match of a query with its BM25F score, computed a posting block at a time.

Whoosh scores a match through a tree of matcher objects: for each posting
of each word in each field it moves matchers, asks them for the document,
the term weight and the field length, and adds the scores up the tree,
several method calls deep per posting. A results page needs the score of
every match (the total and the facet counts cover them all), so for common
words that walk is most of the page's time, and it grows with the archive.

``match_scores`` computes the same numbers in bulk for the queries
refsearch builds: a word in a text field is scored straight from its
posting blocks (document numbers and term weights are arrays already)
with the field lengths read once per segment, and ``Or``, ``And`` and
``AndNot`` combine the per-word scores as Whoosh's union, intersection and
exclusion matchers do (sums; the excluded side adds nothing). Any other
part of a query (phrases, date and number ranges, exact-value fields) is
scored by walking its own Whoosh matcher, so the result is always what
Whoosh would compute, up to the order in which floating-point scores are
added. ``tests/test_ranking.py`` compares the two on every query class.
"""
from __future__ import annotations

import weakref
from itertools import accumulate
from pickle import loads

from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.formats import Positions
from whoosh.matching import WrappingMatcher
from whoosh.scoring import BM25F, BM25FScorer
from whoosh.searching import Searcher
from whoosh.system import _INT_SIZE

from .. import deadline
from .phrases import ExactPhrase

# Per segment reader: each text field's length in every document, and (under
# None) the deleted documents, read once.
_LENGTHS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def match_scores(searcher: Searcher, query: wq.Query, only: set[int] | None = None) -> dict[int, float]:
    """Each document (top-level docnum) that ``query`` matches, with its score.

    ``only``: consider just these documents (a narrow filter), which are then
    reached by skipping over the postings between them.
    """
    bulk = isinstance(searcher.weighting, BM25F) and not searcher.weighting.use_final
    context = searcher.context()
    out: dict[int, float] = {}
    leaves = searcher.leaf_searchers()
    for n, (leaf, offset) in enumerate(leaves):
        reader = leaf.reader()
        local = None
        if only is not None:
            end = leaves[n + 1][1] if n + 1 < len(leaves) else searcher.doc_count_all()
            local = {d - offset for d in only if offset <= d < end}
            if not local:
                continue
        scores = _scores(query, leaf, context, local) if bulk else _walk(query, leaf, context, local)
        if reader.has_deletions():
            deleted = _deleted(reader)
            if len(deleted) < len(scores):
                for docnum in deleted:
                    scores.pop(docnum, None)
            else:
                scores = {d: s for d, s in scores.items() if d not in deleted}
        if offset:
            out.update((d + offset, s) for d, s in scores.items())
        else:
            out.update(scores)
    return out


def _per_reader(reader) -> dict:
    """What is kept for this open segment reader (a throwaway dict if it cannot be weakly referenced)."""
    try:
        return _LENGTHS.setdefault(reader, {})
    except TypeError:
        return {}


def _deleted(reader) -> frozenset[int]:
    """The deleted documents of a segment, found once per open reader."""
    cache = _per_reader(reader)
    deleted = cache.get(None)
    if deleted is None:
        is_deleted = reader.is_deleted
        deleted = cache[None] = frozenset(d for d in range(reader.doc_count_all()) if is_deleted(d))
    return deleted


def _walk(query: wq.Query, leaf: Searcher, context, only=None) -> dict[int, float]:
    """Whoosh's own matcher for ``query`` on one segment, walked to the end (or stepped
    to each document of ``only``)."""
    matcher = query.matcher(leaf, context)
    out = {}
    if only is None:
        while matcher.is_active():
            out[matcher.id()] = matcher.score()
            matcher.next()
            if not len(out) % 4096:
                deadline.check()
        return out
    for docnum in sorted(only):
        if not matcher.is_active():
            break
        if matcher.id() < docnum:
            matcher.skip_to(docnum)
            if not matcher.is_active():
                break
        if matcher.id() == docnum:
            out[docnum] = matcher.score()
    return out


def _boosted(scores: dict[int, float], boost: float) -> dict[int, float]:
    if boost == 1.0:
        return scores
    return {d: s * boost for d, s in scores.items()}


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
    return 0


def _scores(query: wq.Query, leaf: Searcher, context, only=None) -> dict[int, float]:
    """``query``'s matches on one segment (among ``only`` when given) with their scores."""
    deadline.check()
    kind = type(query)
    if query is wq.NullQuery or (only is not None and not only):
        return {}
    if kind is wq.Term:
        found = _term_scores(query, leaf, only)
        return found if found is not None else _walk(query, leaf, context, only)
    if kind is wq.Or and query.scale is None and not query.minmatch:
        parts = sorted((_scores(q, leaf, context, only) for q in query.subqueries), key=len, reverse=True)
        if not parts:
            return {}
        total = dict(parts[0])
        for part in parts[1:]:
            for d, s in part.items():
                total[d] = total.get(d, 0.0) + s
        return _boosted(total, query.boost)
    if kind is wq.And:
        reader = leaf.reader()
        total = None
        for q in sorted(query.subqueries, key=lambda q: most_matches(q, reader)):
            part = _scores(q, leaf, context, only if total is None else total.keys())
            total = part if total is None else {d: s + part[d] for d, s in total.items() if d in part}
            if not total:
                return {}
        return _boosted(total or {}, query.boost)
    if kind is ExactPhrase and query.slop == 1 and len(query.words) > 1:
        found = _phrase_scores(query, leaf, only)
        return found if found is not None else _walk(query, leaf, context, only)
    if kind is wq.AndNot:
        positive = _scores(query.a, leaf, context, only)
        if not positive:
            return {}
        negative = _scores(query.b, leaf, context, positive.keys())
        return _boosted({d: s for d, s in positive.items() if d not in negative}, query.boost)
    return _walk(query, leaf, context, only)


def _phrase_scores(phrase: ExactPhrase, leaf: Searcher, only=None) -> dict[int, float] | None:
    """An exact phrase on one segment: the documents with all its words, scored in bulk,
    kept where the words stand at consecutive positions (``phrases`` explains the score).

    The words are read rarest first, each in one pass for both its weight and
    its positions: the rarest whole (or at ``only``), the others only at the
    documents still in the running, stepping over the rest when those are few.
    A document stays in while some start position fits every word read so far.
    With one word, every document holding it matches.
    """
    field = leaf.schema[phrase.fieldname]
    if not isinstance(field.format, Positions) or not field.scorable:
        return None
    words = [wq.Term(phrase.fieldname, word) for word in phrase.words]
    parts = [_bm25_parts(word, leaf) for word in words]
    if any(part is None for part in parts):
        return None
    if any(not part for part in parts):
        return {}
    order = sorted(range(len(words)), key=lambda i: parts[i][1])
    first_start_at = (-order[0]).__add__
    # docnum -> (score so far, possible start positions); the rarest word's positions
    # stay encoded until a second word is found in the same document.
    running: dict[int, tuple[float, set[int] | bytes]] | None = None
    for i in order:
        postings, frequency, lengths, idf, avgfl, b, k1 = parts[i]
        start_at = (-i).__add__  # a word at p starts the phrase at p - i
        wanted = only if running is None else running
        found: dict[int, tuple[float, set[int] | bytes]] = {}
        for docnum, tf, value in _postings_at(postings, wanted, frequency, values=True):
            score = idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * lengths[docnum] / avgfl)))
            if running is None:
                found[docnum] = (score, value)
                continue
            so_far, possible = running[docnum]
            if type(possible) is bytes:
                possible = set(map(first_start_at, _positions(possible)))
            kept = possible.intersection(map(start_at, _positions(value)))
            if kept:
                found[docnum] = (so_far + score, kept)
        running = found
        if not running:
            return {}
    boost = phrase.boost
    return {d: score * boost if boost != 1.0 else score for d, (score, _) in running.items()}


# Documents wanted out of a term's postings below which they are reached by
# skipping (a call or two per document) rather than by reading every block.
SKIP_SHARE = 0.125


def _postings_at(postings: W3LeafMatcher, wanted, frequency: int, values: bool = False):
    """(docnum, term weight, posting value or None) of the postings of ``wanted`` documents
    (every posting when None), ascending; values are read only when asked for."""
    if wanted is not None and len(wanted) < SKIP_SHARE * frequency:
        for docnum in sorted(wanted):
            if not postings.is_active():
                return
            postings.skip_to(docnum)
            if postings.is_active() and postings.id() == docnum:
                yield docnum, postings.weight(), postings.value() if values else None
        return
    for ids, weights, block_values in _blocks(postings, values=values):
        if wanted is None:
            yield from zip(ids, weights, block_values if values else [None] * len(ids))
        else:
            for i, docnum in enumerate(ids):
                if docnum in wanted:
                    yield docnum, weights[i], block_values[i] if values else None


def _positions(value: bytes) -> accumulate:
    """The positions a ``Positions`` posting value holds (Whoosh's decoding, done in C)."""
    return accumulate(loads(value[_INT_SIZE:] + b"."))


def _leaf_postings(reader, fieldname: str, text: bytes) -> W3LeafMatcher | None:
    """The raw posting reader of a term (deleted documents included), or None if not Whoosh 3's."""
    postings = reader.postings(fieldname, text)
    while isinstance(postings, WrappingMatcher):  # deletions are dropped by ``match_scores``
        postings = postings.child
    return postings if type(postings) is W3LeafMatcher else None


def _blocks(postings: W3LeafMatcher, values: bool = False):
    """(document numbers, term weights, posting values or None) of each posting block, in order.

    Reads the block arrays of Whoosh's posting reader: private, but stable in
    the whoosh-reloaded 2.7 line this project pins.
    """
    while postings.is_active():
        if postings._ids is None:
            postings._read_ids()
        if postings._weights is None:
            postings._read_weights()
        if values and postings._values is None:
            postings._read_values()
        yield postings._ids, postings._weights, postings._values if values else None
        postings._next_block()


def _bm25_parts(term: wq.Term, leaf: Searcher):
    """What scoring one word in one field of a segment needs: (raw postings, document
    frequency, field lengths, idf, average field length, B, K1); ``()`` when the word is
    not in the segment, None when only Whoosh can score it."""
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
    reader = leaf.reader()
    if (term.fieldname, text) not in reader:
        return ()
    scorer = leaf.weighting.scorer(leaf, term.fieldname, text)
    if type(scorer) is not BM25FScorer:
        return None
    postings = _leaf_postings(reader, term.fieldname, text)
    if postings is None:
        return None
    return (postings, reader.doc_frequency(term.fieldname, text),
            _field_lengths(reader, term.fieldname), scorer.idf, scorer.avgfl, scorer.B, scorer.K1)


def _term_scores(term: wq.Term, leaf: Searcher, only=None) -> dict[int, float] | None:
    """BM25F scores of one word in one field on one segment; None when only Whoosh can tell.

    ``only``: just the documents in this collection (all when None).
    """
    parts = _bm25_parts(term, leaf)
    if not parts:
        return None if parts is None else {}
    postings, frequency, lengths, idf, avgfl, b, k1 = parts
    boost = term.boost
    out: dict[int, float] = {}
    if only is None:
        blocks = _blocks(postings)
    else:
        found = list(_postings_at(postings, only, frequency))
        blocks = [([d for d, _, _ in found], [w for _, w, _ in found], None)]
    for ids, weights, _ in blocks:
        for docnum, tf in zip(ids, weights):
            # whoosh.scoring.bm25, written out so the numbers are the same
            score = idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * lengths[docnum] / avgfl)))
            out[docnum] = score * boost if boost != 1.0 else score
    return out


def _field_lengths(reader, fieldname: str) -> list[int]:
    """The length of ``fieldname`` in every document of a segment (1 where it has none, as Whoosh's scorer assumes)."""
    cache = _per_reader(reader)
    lengths = cache.get(fieldname)
    if lengths is None:
        length = reader.doc_field_length
        lengths = cache[fieldname] = [length(d, fieldname, 1) for d in range(reader.doc_count_all())]
    return lengths
