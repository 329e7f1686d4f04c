"""A segment's frequent words with their postings stored as plain arrays, read in place.

Whoosh stores a posting list as compressed pickles of 128 postings each,
positions pickled posting by posting; a common word's list at 100,000
documents is hundreds of blocks to decompress and unpickle on every search.
Beside Whoosh's own postings (which stay complete, and which Whoosh's
matchers keep using), each segment written by refsearch gets one more file,
``<segment>.arp``, holding every word of the text fields found in at least
``MIN_DOCS`` documents of the segment as four little-endian arrays:

- document numbers (int32, ascending),
- term weights (float32: the values Whoosh stores),
- how many positions each document has (uint16, or uint32 if any needs it),
- the positions, document after document (uint16, or int32 if any needs it).

The file sits inside the segment's compound file, which readers map into
memory, so a search takes each array with ``np.frombuffer``: no copy, no
decoding. A directory at the end maps (field, word) to where the arrays
are; a segment without the file (written by Whoosh itself, or before this
file existed) is read from Whoosh's blocks as before. ``tests/test_arrayfile``
holds the two equal.
"""
from __future__ import annotations

import pickle
import struct
from typing import NamedTuple

import numpy as np

from .readercache import shared

# The file's extension within a segment (Whoosh lists a segment's files by its id prefix).
EXTENSION = ".arp"
MAGIC = b"RSARP02\n"
# Words in fewer documents of a segment than this are left to Whoosh's blocks alone
# (a block or two, cheap to read either way).
MIN_DOCS = 48
_TRAILER = struct.Struct("<QQ8s")   # directory offset, directory length, magic


class Entry(NamedTuple):
    """Where one word's arrays are and how they are stored: byte offset, documents,
    positions, and the types of the counts and positions."""

    offset: int
    docs: int
    positions: int
    counts_type: str
    positions_type: str


def _narrowest(values: np.ndarray, narrow: str, wide: str) -> np.ndarray:
    return values.astype(narrow if not len(values) or int(values.max()) < 2 ** 16 else wide)


class ArrayFileWriter:
    """Writes one segment's array file, word after word, then its directory."""

    def __init__(self, file) -> None:
        self._file = file
        self._file.write(MAGIC)
        self._at = len(MAGIC)
        self._directory: dict[tuple[str, bytes], Entry] = {}

    def add(self, fieldname: str, text: bytes, docs, weights, counts: np.ndarray,
            positions: np.ndarray) -> None:
        """One word's postings: ``docs`` and ``weights`` per document, and the positions
        of each document (``counts`` of them) one document after another."""
        start = self._at
        counts = _narrowest(counts, "<u2", "<u4")
        positions = _narrowest(positions, "<u2", "<i4")
        for array in (np.asarray(docs, dtype="<i4"), np.asarray(weights, dtype="<f4"), counts, positions):
            data = array.tobytes()
            self._file.write(data)
            self._at += len(data)
        if self._at % 4:  # keep every word's arrays aligned
            self._file.write(bytes(4 - self._at % 4))
            self._at += 4 - self._at % 4
        self._directory[(fieldname, text)] = Entry(start, len(counts), len(positions),
                                                   counts.dtype.str, positions.dtype.str)

    def close(self) -> None:
        directory = pickle.dumps(self._directory, pickle.HIGHEST_PROTOCOL)
        self._file.write(directory)
        self._file.write(_TRAILER.pack(self._at, len(directory), MAGIC))
        self._file.close()


class WordArrays(NamedTuple):
    """One word's postings in one segment: views of the mapped file (``starts`` is made
    from the counts, one more than documents)."""

    docs: np.ndarray
    weights: np.ndarray
    counts: np.ndarray
    positions: np.ndarray

    def starts(self) -> np.ndarray:
        starts = np.zeros(len(self.counts) + 1, np.int64)
        np.cumsum(self.counts, out=starts[1:])
        return starts


class ArrayFile:
    """A segment's array file, read in place."""

    def __init__(self, buffer) -> None:
        self._buffer = memoryview(buffer)
        end = len(self._buffer)
        offset, length, magic = _TRAILER.unpack(self._buffer[end - _TRAILER.size:end])
        if magic != MAGIC or bytes(self._buffer[:len(MAGIC)]) != MAGIC:
            raise ValueError("not a refsearch array file")
        self._directory: dict = pickle.loads(self._buffer[offset:offset + length])

    def word(self, fieldname: str, text: bytes) -> WordArrays | None:
        entry = self._directory.get((fieldname, text))
        if entry is None:
            return None
        buffer, n, at = self._buffer, entry.docs, entry.offset
        docs = np.frombuffer(buffer, "<i4", n, at)
        weights = np.frombuffer(buffer, "<f4", n, at + 4 * n)
        counts = np.frombuffer(buffer, entry.counts_type, n, at + 8 * n)
        positions = np.frombuffer(buffer, entry.positions_type, entry.positions, at + 8 * n + counts.nbytes)
        return WordArrays(docs, weights, counts, positions)

    def __len__(self) -> int:
        return len(self._directory)


def array_file(reader) -> ArrayFile | None:
    """The array file of a segment reader, opened once per segment; None when it has none."""
    cache = shared(reader)
    try:
        return cache[("arrays",)]
    except KeyError:
        found = cache[("arrays",)] = _open(reader)
        return found


def _open(reader) -> ArrayFile | None:
    segment = getattr(reader, "_segment", None)
    storage = getattr(reader, "_storage", None)
    if segment is None or storage is None:
        return None
    name = segment.make_filename(EXTENSION)
    if not storage.file_exists(name):
        return None
    handle = storage.open_file(name)
    buffer = getattr(handle, "_buf", None)  # a mapped file (see ``mapped``): read in place
    if buffer is None:
        buffer = handle.read()
    try:
        return ArrayFile(buffer)
    except (ValueError, struct.error, pickle.UnpicklingError):
        return None  # damaged: Whoosh's own postings still answer
