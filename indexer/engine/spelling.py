"""Index terms within a typo or two of a word, for "did you mean".

Whoosh's corrector walks every term of the field that starts like the word
and measures its distance in pure Python, on every search: with a few
thousand terms per first letter that is most of the time a results page
takes. A correction is only offered when it is in several times more
documents than the word as typed, so a term found in fewer than
``min_docs`` documents can never be one. The readers of a generation keep,
per first letters, the terms with their document counts, most used first,
read once in one pass over each segment's term list: every ``min_docs`` is
then a prefix of that one list. (Keeping a list per ``min_docs`` read the
letter's terms again for nearly every word, since ``min_docs`` follows the
word's own frequency, and every server process paid that on its first
thousands of searches.) A lookup measures distance only to the terms
frequent enough and of a near length.
"""
from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from .. import config
from ..edits import edit_distance
from .readercache import bounded


@dataclass(frozen=True, slots=True)
class FrequentTerms:
    """The key of a kept list of terms: a field and a word beginning."""
    field: str
    prefix: str


@dataclass(frozen=True, slots=True)
class _ByFrequency:
    """A word beginning's terms, most used first, and their document counts negated (for
    ``bisect``: the terms in at least ``n`` documents are the first
    ``bisect_right(negated, -n)``)."""
    terms: tuple[str, ...]
    negated: tuple[int, ...]


def _by_frequency(reader, field: str, prefix: str) -> _ByFrequency:
    """The terms of ``field`` starting with ``prefix``, kept for the generation
    (``config.SPELLING_CACHE`` beginnings at most, shared by its readers). Each segment's
    term list gives a term's document count with the term, so no term is looked up again."""
    table = bounded(reader, FrequentTerms, config.SPELLING_CACHE)
    key = FrequentTerms(field, prefix)
    found = table.get(key)
    if found is None:
        counts: dict[bytes, int] = {}
        for leaf, _ in reader.leaf_readers():
            for term, info in leaf.iter_prefix(field, prefix):
                counts[term] = counts.get(term, 0) + info.doc_frequency()
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        found = table.put(key, _ByFrequency(tuple(term.decode("utf-8") for term, _ in ranked),
                                            tuple(-documents for _, documents in ranked)))
    return found


def _frequent_terms(reader, field: str, prefix: str, min_docs: int) -> Iterator[tuple[str, int]]:
    """The terms of ``field`` starting with ``prefix`` in at least ``min_docs`` documents,
    most used first, with their document counts."""
    found = _by_frequency(reader, field, prefix)
    end = bisect.bisect_right(found.negated, -min_docs)
    for term, negated in itertools.islice(zip(found.terms, found.negated), end):
        yield term, -negated


def near_terms(reader, field: str, word: str, max_edits: int, prefix: int,
               min_docs: int) -> list[tuple[int, int, str]]:
    """(edits, -documents, term) of each term of ``field`` within ``max_edits`` of
    ``word``, sharing its first ``prefix`` letters and in at least ``min_docs``
    documents; nearest first, then most used."""
    if len(word) < prefix:
        return []
    out = []
    for term, documents in _frequent_terms(reader, field, word[:prefix], max(1, min_docs)):
        if abs(len(term) - len(word)) > max_edits or term == word:
            continue
        edits = edit_distance(word, term, max_edits)
        if edits <= max_edits:
            out.append((edits, -documents, term))
    out.sort()
    return out
