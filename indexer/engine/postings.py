"""A word's postings in one segment as arrays: document numbers, term weights, positions.

``read_word`` answers them from the segment's array file (``arrayfile``)
when the word is there: views of the mapped file, nothing decoded. Else
from Whoosh's own posting list, blocks of up to 128 postings, each a
compressed pickle of (document-number gaps, weights, values): every
block's gaps and weights are gathered with list operations and turned into
arrays once, and positions are decoded in bulk (``decode_positions``), so
the cost per posting is a few bytes copied in C rather than several Python
calls. Given the documents wanted, blocks that cannot hold any of them are
stepped over without being decompressed (the block header says its last
document number).

The block layout is read through the private attributes of Whoosh's
posting reader (``W3LeafMatcher``), stable in the whoosh-reloaded 2.7 line
the project pins.
"""
from __future__ import annotations

import gc
from bisect import bisect_right
from contextlib import contextmanager
from itertools import chain
from pickle import loads
from typing import NamedTuple

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import WrappingMatcher
from whoosh.reading import TermNotFound
from whoosh.system import _INT_SIZE

from .arrayfile import WordArrays, array_file
from .scoresets import DOCNUM, gather_runs, where_in

# Below this share of a word's documents, the wanted documents are reached by
# stepping over the blocks that cannot hold them instead of reading every block.
SKIP_SHARE = 0.125


class Postings(NamedTuple):
    """A word's postings: document numbers (ascending) and weights and, when asked for,
    positions: those of the ``i``-th document are ``positions[starts[i]:starts[i + 1]]``."""

    docs: np.ndarray
    weights: np.ndarray
    starts: np.ndarray | None = None
    positions: np.ndarray | None = None


def read_word(reader, fieldname: str, text: bytes, frequency: int, wanted: np.ndarray | None = None,
              positions: bool = False) -> Postings | None:
    """A word's postings in a segment (at ``wanted`` documents only, when given), from the
    segment's array file if the word is there, else from Whoosh's blocks; None when
    Whoosh's reader is not the one this module reads."""
    arrays = array_file(reader)
    found = arrays.word(fieldname, text) if arrays is not None else None
    if found is not None:
        return _from_arrays(found, wanted, positions)
    raw = raw_postings(reader, fieldname, text)
    if raw is None:
        return None
    return read_postings(raw, frequency, wanted, positions)


def read_term(reader, fieldname: str, text: bytes, terminfo, wanted: np.ndarray | None = None) -> Postings | None:
    """A word's postings in a segment (at ``wanted`` documents only, when given) from its
    term information, already looked up (``reader.term_info``), deleted documents included:
    ``read_word`` without looking the word up again. None when Whoosh's reader is not the
    one this module reads."""
    if terminfo.is_inlined():   # a word of one or two documents: its postings are in the term table
        ids, weights, _values = terminfo.inlined_postings()
        docs = np.array(ids, dtype=DOCNUM)
        found = Postings(docs, np.array(weights, dtype=np.float64) if weights else np.ones(len(docs)))
        if wanted is None:
            return found
        keep = where_in(wanted, found.docs)
        return Postings(found.docs[keep], found.weights[keep])
    postings = _blocks(reader, fieldname, text, terminfo)
    return None if postings is None else read_postings(postings, terminfo.doc_frequency(), wanted)


def _blocks(reader, fieldname: str, text: bytes, terminfo) -> W3LeafMatcher | None:
    """Whoosh's reader of a word's posting blocks, from its term information; None when the
    segment's codec is not the one this module reads."""
    terms = getattr(reader, "_terms", None)
    codec, postfile = getattr(terms, "_codec", None), getattr(terms, "_postfile", None)
    if codec is None or postfile is None:
        return None
    postings = codec.postings_reader(postfile, terminfo, reader.schema[fieldname].format, term=(fieldname, text))
    return postings if type(postings) is W3LeafMatcher else None


def located(reader, fieldname: str, text: bytes) -> tuple[int, object]:
    """A word's document count in a segment (0: not there) and its term information (None
    when the segment's array file holds the word, or it is not there), from one look-up:
    the array file's directory, else the term table. Read its postings with
    ``read_located``."""
    arrays = array_file(reader)
    entry = arrays.word(fieldname, text) if arrays is not None else None
    if entry is not None:
        return len(entry.docs), None
    try:
        info = reader.term_info(fieldname, text)
    except TermNotFound:
        return 0, None
    return info.doc_frequency(), info


def read_located(reader, fieldname: str, text: bytes, frequency: int, info, wanted: np.ndarray | None = None,
                 positions: bool = False) -> Postings | None:
    """``read_word`` for a word ``located`` answered ``frequency`` and ``info`` for."""
    if info is not None:
        return read_looked_up(reader, fieldname, text, info, wanted, positions)
    return read_word(reader, fieldname, text, frequency, wanted, positions)


def read_looked_up(reader, fieldname: str, text: bytes, terminfo, wanted: np.ndarray | None = None,
                   positions: bool = False) -> Postings | None:
    """``read_word`` for a word not in the segment's array file whose term information is
    looked up already: Whoosh's blocks read without looking the word up again. None where
    ``read_word`` answers None: the postings of a word of one or two documents are in its
    term information, which Whoosh's own matcher reads."""
    if terminfo.is_inlined():
        return None
    postings = _blocks(reader, fieldname, text, terminfo)
    return None if postings is None else read_postings(postings, terminfo.doc_frequency(), wanted, positions)


def _from_arrays(word: WordArrays, wanted: np.ndarray | None, positions: bool) -> Postings:
    if wanted is None:
        rows = None
        docs = word.docs.astype(DOCNUM)
    else:
        at = np.searchsorted(word.docs, wanted)
        at[at == len(word.docs)] = 0
        rows = at[word.docs[at] == wanted] if len(word.docs) else at[:0]
        docs = word.docs[rows].astype(DOCNUM)
    weights = (word.weights if rows is None else word.weights[rows]).astype(np.float64)
    if not positions:
        return Postings(docs, weights)
    if rows is None:
        return Postings(docs, weights, word.starts(), word.positions.astype(DOCNUM))
    taken, counts = gather_runs(word.starts(), word.positions, rows)
    starts = np.zeros(len(rows) + 1, DOCNUM)
    np.cumsum(counts, out=starts[1:])
    return Postings(docs, weights, starts, taken.astype(DOCNUM))


def raw_postings(reader, fieldname: str, text: bytes) -> W3LeafMatcher | None:
    """The raw posting reader of a term (deleted documents included), or None if not Whoosh 3's."""
    postings = reader.postings(fieldname, text)
    while isinstance(postings, WrappingMatcher):  # deletions are dropped by the caller
        postings = postings.child
    return postings if type(postings) is W3LeafMatcher else None


def read_postings(postings: W3LeafMatcher, frequency: int, wanted: np.ndarray | None = None,
                  positions: bool = False) -> Postings:
    """The postings of ``wanted`` documents (every posting when None), ascending, from
    Whoosh's blocks.

    ``frequency`` is the word's document frequency, which decides whether
    few enough documents are wanted to step over blocks.
    """
    values = positions
    if wanted is not None and not len(wanted):
        empty = np.empty(0, DOCNUM)
        return Postings(empty, np.empty(0), np.zeros(1, DOCNUM), empty) if values else Postings(empty, np.empty(0))
    stepping = wanted is not None and len(wanted) < SKIP_SHARE * frequency
    wanted_list: list[int] = wanted.tolist() if stepping and wanted is not None else []
    last_wanted = int(wanted[-1]) if wanted is not None and len(wanted) else None
    gaps: list = []
    weights: list = []
    found_values: list[bytes] = []  # filled only when positions are read
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
    if not values:
        return Postings(docs, weight_array)
    counts, found_positions = decode_positions(found_values)
    starts = np.zeros(len(counts) + 1, DOCNUM)
    np.cumsum(counts, out=starts[1:])
    return Postings(docs, weight_array, starts, found_positions)


def _docnums(gaps: list, lengths: list[int]) -> np.ndarray:
    """Document numbers from the gaps of consecutive blocks (each block's first gap counts
    from 0, so each block restarts the running sum)."""
    if not gaps:
        return np.empty(0, DOCNUM)
    return _running_sums(np.array(gaps, dtype=DOCNUM), np.array(lengths, dtype=DOCNUM))


def decode_positions(values: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """How many positions each ``Positions`` value holds, and all the positions, in order.

    Each value is a 4-byte count and a pickled list of position gaps
    (Whoosh's ``Positions.encode``): protocol 2's two header bytes, the list,
    a stop byte. The values are joined, their headers and stop bytes cut out
    with one mask, and the bodies read as one pickle of a list of lists; the
    gaps are then summed per value at once. Values in any other form are
    read one by one, as Whoosh reads them.
    """
    if not values:
        return np.empty(0, DOCNUM), np.empty(0, DOCNUM)
    raw = np.frombuffer(b"".join(values), np.uint8)
    sizes = np.fromiter(map(len, values), DOCNUM, len(values))
    ends = np.cumsum(sizes)
    starts = ends - sizes
    with _collector_paused():
        lists = None
        if (sizes >= 7).all() and (raw[starts + 4] == 0x80).all() and (raw[starts + 5] == 2).all() \
                and (raw[ends - 1] == ord(".")).all():
            keep = np.ones(len(raw), bool)
            for k in range(6):
                keep[starts + k] = False
            keep[ends - 1] = False
            try:
                lists = loads(b"\x80\x02(" + raw[keep].tobytes() + b"l.")
            except Exception:  # noqa: BLE001 - not the form expected: read one by one
                lists = None
            if lists is not None and len(lists) != len(values):
                lists = None
        if lists is None:
            lists = [loads(v[_INT_SIZE:] + b".") for v in values]
        counts = np.fromiter(map(len, lists), DOCNUM, len(lists))
        gaps = np.fromiter(chain.from_iterable(lists), DOCNUM, int(counts.sum()))
    return counts, _running_sums(gaps, counts)


@contextmanager
def _collector_paused():
    """Pause the cyclic garbage collector while many small lists are made and dropped:
    they hold only numbers, and tracking them costs more than decoding them."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _running_sums(gaps: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The running sums of ``gaps``, restarting at each group of ``counts``. One group (a
    rare word's single block, a single document's positions) is one running sum, without
    the half dozen array operations of restarting, which cost more than the sum itself."""
    if not len(gaps):
        return gaps
    running = np.cumsum(gaps)
    if len(counts) == 1:
        return running
    return running - np.repeat(_group_bases(running, counts), counts)


def _group_bases(running: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """For each group, the running sum just before it (0 for the first)."""
    ends = np.cumsum(counts)
    bases = np.zeros(len(counts), DOCNUM)
    before = ends[:-1] - 1
    bases[1:] = np.where(before >= 0, running[np.maximum(before, 0)], 0)
    return bases
