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

from whoosh.columns import MultiColumnReader


def column_reader(reader, field: str, *, translate: bool):
    """The column of ``field`` over every document of ``reader``, one value per document."""
    leaves = reader.leaf_readers()
    if len(leaves) == 1 and leaves[0][0] is reader:
        return reader.column_reader(field, translate=translate)
    return MultiColumnReader([leaf.column_reader(field, translate=translate) for leaf, _ in leaves],
                             [offset for _, offset in leaves])
