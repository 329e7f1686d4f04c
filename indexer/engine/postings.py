"""A word's postings in one segment as arrays: document numbers, term weights, positions.

Whoosh stores a posting list as blocks of up to 128 postings, each block a
compressed pickle of (document-number gaps, weights, values). Its matcher
hands them out one posting per method call; here every block's gaps and
weights are gathered with list operations and turned into arrays once, so
the cost per posting is a few bytes copied in C rather than several Python
calls. Given the documents wanted, blocks that cannot hold any of them are
stepped over without being decompressed (the block header says its last
document number).

The block layout is read through the private attributes of Whoosh's
posting reader (``W3LeafMatcher``), stable in the whoosh-reloaded 2.7 line
the project pins.
"""
from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate
from pickle import loads
from typing import NamedTuple

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import WrappingMatcher
from whoosh.system import _INT_SIZE

from .scoresets import DOCNUM, where_in

# Below this share of a word's documents, the wanted documents are reached by
# stepping over the blocks that cannot hold them instead of reading every block.
SKIP_SHARE = 0.125


class Postings(NamedTuple):
    """A word's postings: document numbers (ascending), weights, and, when asked for, the
    encoded posting values (positions) aligned with them."""

    docs: np.ndarray
    weights: np.ndarray
    values: list | None


def raw_postings(reader, fieldname: str, text: bytes) -> W3LeafMatcher | None:
    """The raw posting reader of a term (deleted documents included), or None if not Whoosh 3's."""
    postings = reader.postings(fieldname, text)
    while isinstance(postings, WrappingMatcher):  # deletions are dropped by the caller
        postings = postings.child
    return postings if type(postings) is W3LeafMatcher else None


def read_postings(postings: W3LeafMatcher, frequency: int, wanted: np.ndarray | None = None,
                  values: bool = False) -> Postings:
    """The postings of ``wanted`` documents (every posting when None), ascending.

    ``frequency`` is the word's document frequency, which decides whether
    few enough documents are wanted to step over blocks.
    """
    stepping = wanted is not None and len(wanted) < SKIP_SHARE * frequency
    wanted_list = wanted.tolist() if stepping else None
    last_wanted = int(wanted[-1]) if wanted is not None and len(wanted) else None
    gaps: list = []
    weights: list = []
    found_values: list | None = [] if values else None
    lengths: list[int] = []
    last_max = -1
    while postings.is_active():
        block_max = postings._maxid
        if stepping:
            # Wanted documents in (last_max, block_max]: none means the block is skipped.
            if bisect_right(wanted_list, block_max) == bisect_right(wanted_list, last_max):
                if bisect_right(wanted_list, block_max) == len(wanted_list):
                    break
                last_max = block_max
                postings._next_block()
                continue
        last_max = block_max
        if postings._data is None:
            postings._read_data()
        data = postings._data
        count = postings._blocklength
        gaps.extend(data[0])
        block_weights = data[1]
        if block_weights is None:
            weights.extend([1.0] * count)
        elif isinstance(block_weights, float):
            weights.extend([block_weights] * count)
        else:
            weights.extend(block_weights)
        if values:
            found_values.extend(data[2])
        lengths.append(count)
        if last_wanted is not None and block_max >= last_wanted:
            break
        postings._next_block()
    docs = _docnums(gaps, lengths)
    weight_array = np.array(weights, dtype=np.float64)
    if wanted is not None:
        keep = where_in(wanted, docs)
        if not keep.all():
            docs, weight_array = docs[keep], weight_array[keep]
            if values:
                found_values = [v for v, k in zip(found_values, keep.tolist()) if k]
    return Postings(docs, weight_array, found_values)


def _docnums(gaps: list, lengths: list[int]) -> np.ndarray:
    """Document numbers from the gaps of consecutive blocks (each block's first gap counts
    from 0, so each block restarts the running sum)."""
    if not gaps:
        return np.empty(0, DOCNUM)
    running = np.cumsum(np.array(gaps, dtype=DOCNUM))
    if len(lengths) == 1:
        return running
    ends = np.cumsum(lengths)
    bases = np.zeros(len(lengths), DOCNUM)
    bases[1:] = running[ends[:-1] - 1]
    return running - np.repeat(bases, lengths)


def positions(value: bytes) -> accumulate:
    """The positions a ``Positions`` posting value holds (Whoosh's decoding, done in C)."""
    return accumulate(loads(value[_INT_SIZE:] + b"."))
