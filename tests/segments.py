"""An index of the search documents in four segments of tiny posting blocks, for tests that
compare a reading shortcut with Whoosh's own reading over every segment layout: segments
written by Whoosh's writer, by refsearch's (with array files) or alternately by both, with
some documents replaced so that the reader has deletions."""
from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.writing import SegmentWriter

from indexer.engine import arrayfile
from indexer.engine.schema import SCHEMA, document_fields
from indexer.engine.writer import _SegmentWriter

WRITERS = {
    "whoosh": (SegmentWriter,) * 4,
    "refsearch": (_SegmentWriter,) * 4,
    "both": (SegmentWriter, _SegmentWriter, SegmentWriter, _SegmentWriter),
}


def four_segment_index(folder: Path, layout: str, documents):
    """Three thirds of ``documents`` and then thirty of them again (deleted and re-added), each
    batch its own segment written by the writer ``WRITERS[layout]`` names for it."""
    index = whoosh_index.create_in(str(folder), SCHEMA)
    codec = W3Codec(blocklimit=5)
    thirds = [documents[:100], documents[100:200], documents[200:]]
    replaced = documents[50:70] + documents[150:160]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(arrayfile, "MIN_DOCS", 2)
        for writer_class, batch in zip(WRITERS[layout], thirds + [replaced]):
            writer = writer_class(index, codec=codec)
            for doc in batch:
                if batch is replaced:
                    writer.delete_by_term("id", doc.id)
                writer.add_document(**document_fields(doc))
            writer.commit(merge=False)
    return index


def bodies_index(folder: Path, segments, make_document, **fields):
    """An index of one segment per tuple of ``segments``, each body a document of its own
    (``make_document(id=..., text=body, **fields)``), written by Whoosh's writer unmerged."""
    index = whoosh_index.create_in(str(folder), SCHEMA)
    number = 0
    for bodies in segments:
        writer = SegmentWriter(index)
        for body in bodies:
            number += 1
            writer.add_document(**document_fields(make_document(id=f"d{number}", text=body, **fields)))
        writer.commit(merge=False)
    index = whoosh_index.open_dir(str(folder))
    assert len(index._segments()) == len(segments)
    return index
