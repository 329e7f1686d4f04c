"""Whoosh's posting values of term positions, made for many postings at once.

A ``Positions`` posting value is the count of a term's positions in one
document (a big-endian uint32) and the pickled (protocol 2) list of gaps
between them. Made one posting at a time, that is a Python call, a list and
a pickle per term of every document. Here the values of the postings of a
block of words are laid out in one byte array with numpy, the pickle's bytes written
as its C pickler writes them: the protocol header, an empty list put in memo
0, its one item and APPEND or MARK, the items and APPENDS, STOP; each gap as
BININT1, BININT2 or BININT by its size. Lists longer than the pickler's
batch of 1,000 items, and gaps outside BININT's range, are encoded one by one
by ``analysis.encode_positions``, the one-posting encoder this equals
(``tests/engine/test_position_bytes.py``).

A one-position value for a position below ``analysis.ONE_POSITION_LIMIT`` is
the shared bytes object of ``analysis.encode_positions``'s table, as it was
when each document encoded its own: a block pickles a value repeated within
it once and refers to it after, so which values are one object is part of
the segment's bytes.

``KeptPlaces`` is a pool field's kept positions, from which its values and
each word's positions are taken a block of words at a time: made for a whole
field at once, the values and the 64-bit arrays they are made with held some
250 bytes a posting (140 a position) of the segment beside the pool, which its
estimate did not count (a writing process peaked at 920 MB instead of 540 at
10,000 documents); a block's are about ten megabytes whatever the segment.
"""
from __future__ import annotations

from collections.abc import Iterator
from itertools import repeat

import numpy as np

from .analysis import ONE_POSITION_LIMIT, encode_positions, one_positions

# One word's postings' positions, as ``postings.decode_positions`` gives them: each posting's
# count, then every position.
Places = tuple[np.ndarray, np.ndarray]
# The C pickler appends at most this many items with one MARK ... APPENDS.
_BATCH = 1000
_K, _M, _J = ord("K"), ord("M"), ord("J")
_HEADER = np.frombuffer(b"\x80\x02]q\x00", np.uint8)
# Positions and postings together whose values are made at a time (at least one word's): making
# them holds some 100 bytes a position beyond the positions themselves, so a block's are a
# dozen megabytes, where a whole segment's were hundreds.
BLOCK_POSITIONS = 1 << 17


def encode_all(counts: np.ndarray, positions: np.ndarray) -> list[bytes]:
    """The ``Positions`` value of each posting: ``counts[i]`` positions each, taken in turn
    from ``positions``; what ``encode_positions`` gives for each, byte for byte (and for one
    position below ``ONE_POSITION_LIMIT``, the same object)."""
    counts = np.asarray(counts, dtype=np.int64)
    positions = np.asarray(positions, dtype=np.int64)
    n = len(counts)
    values = np.empty(n, dtype=object)
    if not n:
        return []
    starts = np.cumsum(counts) - counts
    firsts = np.where(counts > 0, positions[np.minimum(starts, max(len(positions) - 1, 0))]
                      if len(positions) else -1, -1)
    single = (counts == 1) & (firsts >= 0) & (firsts < ONE_POSITION_LIMIT)
    shared = np.flatnonzero(single)
    if len(shared):
        values[shared] = one_positions(firsts[shared].tolist())
    rest = np.flatnonzero(~single)
    if len(rest):
        values[rest] = _packed(counts[rest], positions[np.repeat(~single, counts)])
    return values.tolist()


def _packed(counts: np.ndarray, positions: np.ndarray) -> list[bytes]:
    """``encode_positions`` of each posting (``counts[i]`` of ``positions`` each), laid out
    in one byte array and cut from it, each a bytes object of its own."""
    n = len(counts)
    ends = np.cumsum(counts)
    starts = ends - counts
    gaps = np.diff(positions, prepend=0)
    present = counts > 0
    gaps[starts[present]] = positions[starts[present]]
    # Postings left to the one-by-one encoder: none or too many positions, or a gap out of range.
    bad_gap = np.concatenate(([0], np.cumsum((gaps < 0) | (gaps > 0x7FFFFFFF))))
    alone = (counts < 1) | (counts > _BATCH) | (bad_gap[ends] > bad_gap[starts])
    widths = np.where(gaps <= 0xFF, 2, np.where(gaps <= 0xFFFF, 3, 5))
    width_sums = np.concatenate(([0], np.cumsum(widths)))
    many = counts > 1
    sizes = 4 + len(_HEADER) + many + (width_sums[ends] - width_sums[starts]) + 2
    sizes[alone] = 0
    value_ends = np.cumsum(sizes)
    at = value_ends - sizes
    out = np.zeros(int(value_ends[-1]), np.uint8)
    ok = ~alone
    for k in range(4):  # the count, big-endian
        out[at[ok] + k] = (counts[ok] >> (8 * (3 - k))) & 0xFF
    for k, byte in enumerate(_HEADER):
        out[at[ok] + 4 + k] = byte
    out[at[ok & many] + 9] = ord("(")
    # Each gap's opcode: where its posting's items begin plus the widths before it in the posting.
    owner = np.repeat(np.arange(n), counts)
    gap_ok = ok[owner]
    op_at = (at[owner] + 9 + many[owner] + width_sums[:-1] - width_sums[starts][owner])[gap_ok]
    g = gaps[gap_ok]
    w = widths[gap_ok]
    out[op_at] = np.where(w == 2, _K, np.where(w == 3, _M, _J))
    out[op_at + 1] = g & 0xFF
    wide = w > 2
    out[op_at[wide] + 2] = (g[wide] >> 8) & 0xFF
    widest = w == 5
    out[op_at[widest] + 3] = (g[widest] >> 16) & 0xFF
    out[op_at[widest] + 4] = (g[widest] >> 24) & 0xFF
    out[value_ends[ok] - 2] = np.where(many[ok], ord("e"), ord("a"))
    out[value_ends[ok] - 1] = ord(".")
    blob = out.tobytes()
    values = list(map(blob.__getitem__, map(slice, at.tolist(), value_ends.tolist())))
    for i in np.flatnonzero(alone).tolist():
        values[i] = encode_positions(positions[starts[i]:ends[i]].tolist())
    return values


class KeptPlaces:
    """One field's kept positions as the documents gave them (``flat``, int32), and for
    each posting, in the order they came: how many it has (``freqs``, int32, 0 without
    positions), where they begin in ``flat`` (``first``), whether it came with positions
    (``has``) and whether its value is still to make (``deferred``). ``block`` reads the
    postings of a block of words in their sorted order: only a block's positions are
    gathered, and only its values made, at a time."""

    def __init__(self, flat: np.ndarray, freqs: np.ndarray, has: np.ndarray, deferred: np.ndarray) -> None:
        self.flat, self.freqs, self.has, self.deferred = flat, freqs, has, deferred
        self.first = np.cumsum(freqs, dtype=np.int64) - freqs
        self.any_deferred = bool(deferred.any())
        self.every_deferred = bool(deferred.all())

    def block_ends(self, order: np.ndarray, ends: np.ndarray) -> list[int]:
        """The words' ``ends`` (in postings, sorted order) at which blocks of about
        ``BLOCK_POSITIONS`` positions and postings together end; a word is never split."""
        if not len(order):  # a field whose documents gave no postings
            return []
        load = np.cumsum(self.freqs[order], dtype=np.int64)[ends - 1] + ends
        block = (load - 1) // BLOCK_POSITIONS
        last = np.append(np.flatnonzero(np.diff(block)), len(ends) - 1)
        return ends[last].tolist()

    def block(self, taken: np.ndarray, given: list | None) -> tuple[list, np.ndarray, np.ndarray, np.ndarray]:
        """The postings at ``taken`` (indexes in the order they came, in sorted order): their
        values (``given``, the values that came, None when every one is deferred, with the
        deferred made from positions), their counts (int64), their positions in turn (int32)
        and where each posting's begin among them."""
        freqs = self.freqs[taken].astype(np.int64)
        bounds = np.zeros(len(freqs) + 1, np.int64)
        np.cumsum(freqs, out=bounds[1:])
        gathered = self.flat[np.arange(int(bounds[-1])) - np.repeat(bounds[:-1] - self.first[taken], freqs)]
        if given is None:
            values = encode_all(freqs, gathered)
        else:
            values = list(map(given.__getitem__, taken.tolist()))
            if self.any_deferred:
                deferred = self.deferred[taken]
                made = encode_all(freqs[deferred], gathered[np.repeat(deferred, freqs)])
                for at, value in zip(np.flatnonzero(deferred).tolist(), made):
                    values[at] = value
        return values, freqs, gathered, bounds

    def of_words(self, taken: np.ndarray, starts: list[int], freqs: np.ndarray, gathered: np.ndarray,
                 bounds: np.ndarray) -> Iterator[Places | None]:
        """For each word of a block (its postings from ``starts[i]`` to ``starts[i + 1]`` of
        ``taken``), its postings' positions as ``decode_positions`` gives them, or None for
        a word with a posting whose document gave none."""
        has = self.has[taken]
        if not has.all():
            if not has.any():
                return repeat(None, len(starts) - 1)
            missing = np.concatenate(([0], np.cumsum(~has)))[starts].tolist()
        else:
            missing = [0] * len(starts)
        bounds_at = bounds[starts].tolist()
        return (None if missing[i + 1] > missing[i] else
                (freqs[s:e], gathered[bounds_at[i]:bounds_at[i + 1]].astype(np.int64))
                for i, (s, e) in enumerate(zip(starts, starts[1:])))
