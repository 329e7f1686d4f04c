"""The key terms of a text, as Whoosh's ``Searcher.key_terms_from_text`` picks them, without
looking each word up in the index.

Whoosh scores every distinct word of the text with the Bo1 model, its weight in the text
against its frequency in the whole index, and finds that frequency by looking the word up
in every segment's term table: a report of 40,000 characters has a few thousand distinct
words, so "more like this" on a document page made thousands of look-ups, more the more
segments the index had. Here the field's frequencies are read once per index generation
into two arrays, the sorted 64-bit hashes of its words and their frequencies summed over
the segments (16 bytes a word), and a text's words are looked up all at once. The words,
weights and order are Whoosh's (``tests/engine/test_keyterms.py`` compares the two); two
words of one field sharing a hash (about one chance in ten million for a million words)
would share their frequency.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
from whoosh.classify import Bo1Model
from whoosh.searching import Searcher

from .analysis import indexed_positions
from .readercache import shared


class _Frequencies(NamedTuple):
    """A field's words, by hash, and how often the index holds each."""

    hashes: np.ndarray   # int64, ascending, distinct
    counts: np.ndarray   # float64, aligned with ``hashes``


def text_weights(searcher: Searcher, field: str, text: str) -> dict[str, float]:
    """Each term ``field`` indexes of ``text`` with its weight there, as Whoosh's expander
    reads them (``field.index``), without encoding positions."""
    boost = searcher.schema[field].format.field_boost
    return {term: float(len(places)) * boost for term, places in indexed_positions(text).items()}


def key_terms(searcher: Searcher, field: str, text: str, number: int) -> list[tuple[str, float]]:
    """The ``number`` key terms of ``text`` in ``field`` with their normalised weights, best
    first: ``searcher.key_terms_from_text(field, text, numterms=number)``."""
    weights = text_weights(searcher, field, text)
    if not weights:
        return []
    reader = searcher.reader()
    model = Bo1Model(reader.doc_count_all(), reader.field_length(field))
    total = sum(weights.values())
    terms = list(weights)
    frequencies = index_frequencies(searcher, field, terms)
    scored = [(model.score(weights[term], frequency, total), term)
              for term, frequency in zip(terms, frequencies.tolist()) if frequency]
    if not scored:
        return []
    norm = model.normalizer(max(score for score, _ in scored), total)
    ranked = sorted(((score / norm, term) for score, term in scored), key=lambda x: (0 - x[0], x[1]))
    return [(term, score) for score, term in ranked[:number]]


def index_frequencies(searcher: Searcher, field: str, terms: list[str]) -> np.ndarray:
    """How often ``field`` holds each of ``terms`` in the whole index (0 for a word it never
    holds): ``reader.frequency(field, term)`` for each."""
    table = _frequencies(searcher, field)
    hashes = np.fromiter((hash(term.encode("utf-8")) for term in terms), dtype=np.int64, count=len(terms))
    if not len(table.hashes):
        return np.zeros(len(terms))
    at = np.minimum(np.searchsorted(table.hashes, hashes), len(table.hashes) - 1)
    return np.where(table.hashes[at] == hashes, table.counts[at], 0.0)


def _frequencies(searcher: Searcher, field: str) -> _Frequencies:
    """``field``'s word frequencies, read from every segment's term table once per generation."""
    cache = shared(searcher.reader())
    key = ("key term frequencies", field)
    found = cache.get(key)
    if found is None:
        hashes: list[int] = []
        counts: list[float] = []
        for leaf, _offset in searcher.leaf_searchers():
            for term, info in leaf.reader().iter_field(field):
                hashes.append(hash(term))
                counts.append(info.weight())
        words, where = np.unique(np.array(hashes, dtype=np.int64), return_inverse=True)
        found = cache[key] = _Frequencies(words, np.bincount(where, weights=counts, minlength=len(words))
                                          if len(words) else np.zeros(0))
    return found
