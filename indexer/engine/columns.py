"""Whole-index column readers that keep every segment in place.

Whoosh's multi-segment reader builds a field's column from the segments
that have that column and silently leaves out a segment in which no
document has the field (an incremental update of documents none of which
has a tier, say). Every later document then reads the value of another
document, and iterating the column yields fewer values than there are
documents. A segment's own reader answers with the field's default for a
missing column, so the whole-index column here is built from every
segment's own reader at its own offset.
"""
from __future__ import annotations

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3PerDocReader, _lenfield
from whoosh.columns import MultiColumnReader, NumericColumn
from whoosh.util.numeric import byte_to_length


def column_reader(reader, field: str, *, translate: bool):
    """The column of ``field`` over every document of ``reader``, one value per document."""
    leaves = reader.leaf_readers()
    if len(leaves) == 1 and leaves[0][0] is reader:
        return reader.column_reader(field, translate=translate)
    return MultiColumnReader([leaf.column_reader(field, translate=translate) for leaf, _ in leaves],
                             [offset for _, offset in leaves])


def numeric_array(column, dtype) -> np.ndarray | None:
    """A Whoosh numeric column's values as one array (read in one piece), or None when
    ``column`` is not a plain numeric column reader."""
    if type(column) is not NumericColumn.Reader:
        return None
    width = column._fixedlen
    raw = column._dbfile.get(column._basepos, column._count * width)
    values = np.frombuffer(raw, dtype=np.dtype(">" + column._typecode)).astype(dtype)
    if len(values) < column._doccount:
        values = np.concatenate([values, np.full(column._doccount - len(values), column._default, dtype)])
    return values


# Field length of each of the 256 length bytes Whoosh stores (0: no length).
_LENGTH_OF_BYTE = np.array([0] + [byte_to_length(b) for b in range(1, 256)], dtype=np.float64)


def field_lengths(reader, fieldname: str) -> np.ndarray:
    """The length Whoosh records for ``fieldname`` in every document of a segment reader
    or per-document reader (0 where it has none), as BM25F reads it."""
    perdoc = reader if isinstance(reader, W3PerDocReader) else getattr(reader, "_perdoc", None)
    column = None
    if isinstance(perdoc, W3PerDocReader):
        column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None:
            return np.zeros(reader.doc_count_all(), np.float64)
    codes = numeric_array(column, np.intp) if column is not None else None
    if codes is not None:
        return _LENGTH_OF_BYTE[codes]
    length = reader.doc_field_length
    return np.array([length(d, fieldname, 0) or 0 for d in range(reader.doc_count_all())],
                    dtype=np.float64)
