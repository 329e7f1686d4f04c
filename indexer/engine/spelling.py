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
frequent enough and of a near length, and only to those whose letters could be that near:
each kept term also has a 64-bit summary of its letters (``letter_mask``), and a term
whose summary differs from the word's in more bits than the edits allowed is passed
over without measuring (an edit adds or removes at most one bit on each side), so a
page's suggestion measures a few terms instead of every one of a near length.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

import numpy as np

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
    lengths: np.ndarray  # each term's length in characters
    masks: np.ndarray    # each term's ``letter_mask``, uint64


# Bits of a letter summary: a-z present (0-25), a-z twice or more (26-51), any other
# character present, by its code point modulo 12 (52-63).
_TWICE = 26
_OTHER = 52
_OTHERS = 12


def letter_mask(word: str) -> int:
    """A 64-bit summary of ``word``'s letters: which of a-z it has, which twice or more, and
    which of twelve buckets its other characters fall in. Deleting a character clears at most
    one bit and inserting one sets at most one (a substitution does both, a transposition
    neither), so two words ``k`` edits apart differ in at most ``k`` bits each way."""
    mask = 0
    for char in word:
        code = ord(char) - 97
        if 0 <= code < 26:
            bit = 1 << code
            mask |= (bit << _TWICE) if mask & bit else bit
        else:
            mask |= 1 << (_OTHER + ord(char) % _OTHERS)
    return mask


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
        terms = tuple(term.decode("utf-8") for term, _ in ranked)
        found = table.put(key, _ByFrequency(terms, tuple(-documents for _, documents in ranked),
                                            np.fromiter(map(len, terms), np.int32, len(terms)),
                                            np.fromiter(map(letter_mask, terms), np.uint64, len(terms))))
    return found


def _near_by_letters(found: _ByFrequency, word: str, max_edits: int, end: int) -> list[int]:
    """Of the first ``end`` terms of ``found``, those of a length and letters within
    ``max_edits`` of ``word``'s (every term within ``max_edits`` edits is among them), in order."""
    mask = np.uint64(letter_mask(word))
    masks = found.masks[:end]
    close = ((np.abs(found.lengths[:end] - len(word)) <= max_edits)
             & (np.bitwise_count(masks & ~mask) <= max_edits)
             & (np.bitwise_count(mask & ~masks) <= max_edits))
    return np.flatnonzero(close).tolist()


def near_terms(reader, field: str, word: str, max_edits: int, prefix: int,
               min_docs: int) -> list[tuple[int, int, str]]:
    """(edits, -documents, term) of each term of ``field`` within ``max_edits`` of
    ``word``, sharing its first ``prefix`` letters and in at least ``min_docs``
    documents; nearest first, then most used."""
    if len(word) < prefix:
        return []
    found = _by_frequency(reader, field, word[:prefix])
    end = bisect.bisect_right(found.negated, -max(1, min_docs))
    out = []
    for i in _near_by_letters(found, word, max_edits, end):
        term = found.terms[i]
        if term == word:
            continue
        edits = edit_distance(word, term, max_edits)
        if edits <= max_edits:
            out.append((edits, found.negated[i], term))
    out.sort()
    return out
