"""Whoosh's posting values of term positions, made for a whole segment's postings at once.

A ``Positions`` posting value is the count of a term's positions in one
document (a big-endian uint32) and the pickled (protocol 2) list of gaps
between them. Made one posting at a time, that is a Python call, a list and
a pickle per term of every document. Here the values of every posting of a
field are laid out in one byte array with numpy, the pickle's bytes written
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

``SortedPlaces`` is a pool field's kept positions in the postings' sorted
order, from which its values and each word's positions are taken.
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


class SortedPlaces:
    """One field's kept positions in the postings' sorted order: each posting's count
    (``freqs``, 0 without positions), all of them in turn (``gathered``, ``bounds`` where
    each posting's begin), the words' ends, and which postings' values are still to make."""

    def __init__(self, has: np.ndarray, freqs: np.ndarray, gathered: np.ndarray, bounds: np.ndarray,
                 ends: list[int], deferred: np.ndarray) -> None:
        self.has, self.freqs, self.gathered, self.bounds = has, freqs, gathered, bounds
        self.ends, self.deferred = ends, deferred

    def values(self, values: list | None) -> list:
        """``values`` (in sorted order; None when every one is deferred) with the deferred
        postings' made from their positions."""
        if values is None:
            return encode_all(self.freqs, self.gathered)
        made = encode_all(self.freqs[self.deferred], self.gathered[np.repeat(self.deferred, self.freqs)])
        out = np.empty(len(values), dtype=object)
        out[:] = values
        out[np.flatnonzero(self.deferred)] = made
        return out.tolist()

    def of_words(self) -> Iterator[Places | None]:
        """For each word, its postings' positions (as ``decode_positions`` gives them), or None
        for a word with a posting whose document gave none."""
        ends = self.ends
        if not self.has.any():
            return repeat(None, len(ends))
        missing = np.concatenate(([0], np.cumsum(~self.has)))[[0, *ends]].tolist()
        bounds_at = self.bounds[[0, *ends]].tolist()
        freqs, gathered = self.freqs, self.gathered
        return (None if missing[i + 1] > missing[i] else
                (freqs[s:e], gathered[bounds_at[i]:bounds_at[i + 1]].astype(np.int64))
                for i, (s, e) in enumerate(zip([0, *ends], ends)))
