"""The did-you-mean's terms of a word beginning: read once per generation, right across segments."""
from __future__ import annotations

import pytest
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from indexer import config
from indexer.engine.readercache import bounded
from indexer.engine.schema import SCHEMA, document_fields
from indexer.engine.spelling import FrequentTerms, near_terms

# Each segment's bodies: over the three, "lawyers" is in 4 documents, "market" in 2.
SEGMENTS = (("lawyers", "market"),
            ("lawyers", "lawyers"),
            ("lawyers", "market"))


@pytest.fixture
def reader(tmp_path, document_factory):
    ix = whoosh_index.create_in(str(tmp_path), SCHEMA)
    number = 0
    for bodies in SEGMENTS:
        writer = SegmentWriter(ix)
        for body in bodies:
            number += 1
            writer.add_document(**document_fields(document_factory(id=f"d{number}", text=body)))
        writer.commit(merge=False)
    ix = whoosh_index.open_dir(str(tmp_path))
    assert len(ix._segments()) == len(SEGMENTS)
    with ix.searcher() as searcher:
        yield searcher.reader()


@pytest.mark.parametrize(("word", "min_docs", "expected"), [
    ("lawyr", 1, [(1, -4, "lawyer")]),
    ("lawyr", 4, [(1, -4, "lawyer")]),
    ("lawyr", 5, []),
    ("markt", 2, [(1, -2, "market")]),
    ("markt", 3, []),
])
def test_near_terms_count_a_terms_documents_over_every_segment(reader, word, min_docs, expected):
    assert near_terms(reader, "body", word, 2, 1, min_docs) == expected


def test_a_word_beginning_is_read_once_whatever_the_fewest_documents_asked(reader):
    for min_docs in (1, 2, 3, 4, 5):
        near_terms(reader, "body", "lawyr", 2, 1, min_docs)
    assert bounded(reader, FrequentTerms, config.SPELLING_CACHE).keys() == [FrequentTerms("body", "l")]
