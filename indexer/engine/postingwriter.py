"""Writing a new segment's postings a word at a time, and its array file beside them.

Whoosh's field writer takes the sorted stream of postings one at a time:
a handful of method calls, checks and statistics per posting, which made
it the largest single cost of a build after reading the files. Here the
postings arrive already grouped by word (``postingpool``), and each word's
postings are written as Whoosh's blocks whole: the block's
document gaps, weights and values are built with list operations, pickled
and compressed as Whoosh does (in a newer pickle protocol, ``BLOCK_PICKLE``),
and the block and term statistics computed from the word's lists. Whoosh
reads back exactly the postings and statistics its own writer would have
written (``tests/build/test_build_writer.py`` compares the segments).

Words of the text fields in at least ``arrayfile.MIN_DOCS`` documents also
go to the segment's array file, their positions decoded in bulk
(``postings.decode_positions``).
"""
from __future__ import annotations

import zlib
from array import array
from collections.abc import Iterable
from itertools import chain
from pickle import dumps

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3FieldWriter, W3TermInfo
from whoosh.formats import Positions
from whoosh.system import pack_ushort
from whoosh.util.numeric import length_to_byte

from . import arrayfile
from .columns import field_lengths
from .postings import decode_positions

# The pickle protocol of a block's data. Whoosh writes protocol 2, in which
# every posting value (bytes) is stored as a call that re-encodes a string;
# protocol 5 stores bytes as bytes: blocks 40% smaller, six times faster to
# write and three times faster to read, and Whoosh reads them as before
# (it unpickles whatever protocol it finds).
BLOCK_PICKLE = 5


def write_words(fieldwriter: W3FieldWriter, schema, lengths_reader, words: Iterable[tuple],
                arrays: arrayfile.ArrayFileWriter | None) -> None:
    """Write ``words`` ((field, word, docnums, weights, values, places), in (field, word)
    order, each word's postings in document order, as ``postingpool.WordPool.iter_words``
    gives them) through ``fieldwriter``'s files, and the frequent words of text fields to
    ``arrays``, their positions from ``places`` where the pool kept them, else decoded."""
    writer = _Words(fieldwriter, schema, lengths_reader, arrays)
    for fieldname, text, docnums, weights, values, places in words:
        writer.word((fieldname, text), docnums, weights, values, places)
    writer.finish()


class _Words:
    """Writes one word at a time into a Whoosh field writer's postings and terms files."""

    def __init__(self, fieldwriter: W3FieldWriter, schema, lengths_reader, arrays) -> None:
        self.fw = fieldwriter
        self.schema = schema
        self.lengths_reader = lengths_reader
        self.arrays = arrays
        codec = fieldwriter._codec
        self.blocklimit = codec._blocklimit
        self.compression = codec._compression
        self.inlinelimit = codec._inlinelimit
        self.field: str | None = None
        self.lengths: list[int] = []
        self.array_field = False

    def _start_field(self, fieldname: str) -> None:
        if self.field is not None:
            self.fw.finish_field()
        fieldobj = self.schema[fieldname]
        self.fw.start_field(fieldname, fieldobj)
        self.field = fieldname
        self.fieldobj = fieldobj
        self.fixedsize = fieldobj.format.fixed_value_size()
        self.lengths = (field_lengths(self.lengths_reader, fieldname).astype(np.int64).tolist()
                        if self.lengths_reader is not None else [])
        self.array_field = (self.arrays is not None and isinstance(fieldobj.format, Positions)
                            and fieldobj.scorable)

    def finish(self) -> None:
        if self.field is not None:
            self.fw.finish_field()
        if self.arrays is not None:
            self.arrays.close()

    def word(self, key, docnums: list, weights: list, values: list, places=None) -> None:
        fieldname, text = key
        if fieldname != self.field:
            self._start_field(fieldname)
        if docnums[0] == -1:  # Whoosh's marker for spelling words, never postings
            keep = [i for i, d in enumerate(docnums) if d != -1]
            if not keep:
                return
            docnums = [docnums[i] for i in keep]
            weights = [weights[i] for i in keep]
            values = [values[i] for i in keep]
            places = None
        if len(docnums) < self.inlinelimit:
            self._one_by_one(text, docnums, weights, values)
            return
        self._blocks(text, docnums, weights, values)
        if self.array_field and len(docnums) >= arrayfile.MIN_DOCS and values[0] is not None:
            counts, positions = decode_positions(values) if places is None else places
            self.arrays.add(fieldname, text, docnums, weights, counts, positions)

    def _one_by_one(self, text: bytes, docnums, weights, values) -> None:
        """Whoosh's own path, for a word its codec inlines in the terms file."""
        length = self.lengths
        self.fw.start_term(text)
        for docnum, weight, value in zip(docnums, weights, values):
            self.fw.add(docnum, weight, value or b"", length[docnum] if length else 0)
        self.fw.finish_term()

    def _blocks(self, text: bytes, docnums: list, weights: list, values: list) -> None:
        """The word's postings as Whoosh's blocks, and its row in the terms file."""
        postfile = self.fw._postfile
        lengths = self.lengths
        limit = self.blocklimit
        info = W3TermInfo()
        start_offset = postfile.tell()
        postfile.write(WHOOSH3_HEADER_MAGIC)
        count = len(docnums)
        for first in range(0, count, limit):
            ids = docnums[first:first + limit]
            raw_weights = weights[first:first + limit]
            stored = array("f", raw_weights)
            found = [lengths[d] for d in ids] if lengths else []
            found = [n for n in found if n]
            min_length = min(found) if found else None
            max_length = max(found) if found else 0
            max_weight = max(0, max(raw_weights))
            # W3TermInfo.add_block, on this block's figures
            info._weight += sum(stored)
            info._df += len(ids)
            info._minlength = min_length if info._minlength is None else min(info._minlength, min_length)
            info._maxlength = max(info._maxlength, max_length)
            info._maxweight = max(info._maxweight, max_weight)
            if info._minid is None:
                info._minid = ids[0]
            info._maxid = ids[-1]
            data = dumps((tuple(_gaps(ids)), _mini_weights(stored),
                          self._mini_values(values[first:first + limit])), BLOCK_PICKLE)
            if self.compression:
                data = zlib.compress(data, self.compression)
            header = dumps((len(ids), ids[-1], max_weight, self.compression,
                            length_to_byte(min_length), length_to_byte(max_length)), 2)
            size = len(header) + len(data)
            postfile.write_int(-size if first + limit >= count else size)
            postfile.write(header)
            postfile.write(data)
        info.set_extent(start_offset, postfile.tell() - start_offset)
        self.fw._tindex.add(pack_ushort(self.fw._fieldid) + text, info.to_bytes())

    def _mini_values(self, values: list):
        fixedsize = self.fixedsize
        present = [v for v in values if v]
        if fixedsize is None or fixedsize < 0:
            return tuple(present)
        if fixedsize == 0:
            return None
        return b"".join(present)


def _gaps(ids: list) -> map:
    return map(int.__sub__, ids, chain((0,), ids))


def _mini_weights(stored: array):
    first = stored[0]
    if first == 1.0 and stored.count(1.0) == len(stored):
        return None
    if stored.count(first) == len(stored):
        return first
    return tuple(stored)
