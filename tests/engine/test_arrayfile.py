"""A segment's array file holds exactly Whoosh's postings of its frequent words."""
from __future__ import annotations

import pytest
from buildhelp import write_doc
from whoosh import index as whoosh_index

from indexer import build
from indexer.build import update_index
from indexer.engine import arrayfile
from indexer.engine.archive import open_index
from indexer.engine.arrayfile import ArrayFile, array_file
from indexer.engine.schema import SCHEMA, document_fields
from indexer.engine.writer import _SegmentWriter

TEXT_FIELDS = ("title", "country_text", "body", "publisher_text", "doc_type_text")


@pytest.fixture(scope="module")
def written(tmp_path_factory, search_documents):
    """An index of 120 documents written by refsearch's writer, small words in the array file too."""
    folder = tmp_path_factory.mktemp("arrays")
    index = whoosh_index.create_in(str(folder), SCHEMA)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(arrayfile, "MIN_DOCS", 3)
        writer = _SegmentWriter(index)
        for doc in search_documents[:120]:
            writer.add_document(**document_fields(doc))
        writer.commit()
    with index.searcher() as searcher:
        yield searcher.reader()


def test_every_frequent_word_has_whoosh_s_documents_weights_and_positions(written):
    arrays = array_file(written)
    assert arrays is not None
    checked = 0
    for field in TEXT_FIELDS:
        decode = SCHEMA[field].format.decode_positions
        for text in written.lexicon(field):
            found = arrays.word(field, text)
            if written.doc_frequency(field, text) < 3:
                assert found is None
                continue
            postings = list(written.postings(field, text).items_as("weight"))
            values = [v for _, v in written.postings(field, text).all_items()]
            assert found.docs.tolist() == [d for d, _ in postings]
            assert found.weights.tolist() == [w for _, w in postings]
            starts = found.starts()
            assert [found.positions[starts[i]:starts[i + 1]].tolist() for i in range(len(postings))] \
                == [decode(v) for v in values]
            checked += 1
    assert checked > 500


def test_words_of_exact_value_fields_stay_out_of_the_array_file(written):
    arrays = array_file(written)
    assert all(field in TEXT_FIELDS for field, _ in arrays._directory)


def test_every_segment_of_a_parallel_build_has_an_array_file(tmp_path, seed_path, monkeypatch):
    monkeypatch.setattr(build, "PARALLEL_WRITE_MIN_DOCS", 2)
    docs = tmp_path / "docs"
    docs.mkdir()
    # Whoosh hands the writing processes jobs of 100 documents, each to whichever is free.
    for number in range(600):
        write_doc(docs, number, f"word{number % 7}x")
    update_index([docs], tmp_path / "index", workers=2)
    leaves = open_index(tmp_path / "index").reader().leaf_readers()
    # On a busy machine one process may take nearly all the jobs and the other write a segment
    # too small for any frequent word (as may a second writing of the few documents read before
    # their site's furniture was learned): every segment has an array file, every large one words.
    written = [leaf for leaf, _ in leaves if leaf.doc_count_all() >= arrayfile.MIN_DOCS]
    assert written and sum(leaf.doc_count() for leaf, _ in leaves) == 600
    for leaf, _ in leaves:
        assert array_file(leaf) is not None
    for leaf in written:
        assert len(array_file(leaf)) > 0


def test_a_damaged_array_file_is_refused():
    with pytest.raises(ValueError):
        ArrayFile(b"not an array file at all, but long enough to hold a trailer")
