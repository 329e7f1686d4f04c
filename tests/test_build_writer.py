"""The build's segment writer writes exactly the index Whoosh's own writer writes."""
from __future__ import annotations

from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from indexer.build import _SegmentWriter
from indexer.schema import SCHEMA, document_fields


def write(folder, writer_class, documents):
    folder.mkdir()
    index = whoosh_index.create_in(str(folder), SCHEMA)
    writer = writer_class(index)
    for doc in documents:
        writer.add_document(**document_fields(doc))
    writer.commit()
    return index


def postings_summary(index):
    """Every term with its statistics (lengths come from the writer) and its postings."""
    out = []
    with index.searcher() as searcher:
        reader = searcher.reader()
        for field in ("title", "body", "country_text"):
            for term in reader.lexicon(field):
                info = reader.term_info(field, term)
                postings = reader.postings(field, term)
                out.append((field, term, info.weight(), info.doc_frequency(), info.min_length(),
                            info.max_length(), info.max_weight(), tuple(postings.all_ids())))
        lengths = [(d, f, reader.doc_field_length(d, f)) for d in range(reader.doc_count_all())
                   for f in ("title", "body", "country_text")]
    return out, lengths


def test_remembered_lengths_write_the_same_index(tmp_path, search_documents):
    documents = search_documents[:80]
    ours = postings_summary(write(tmp_path / "ours", _SegmentWriter, documents))
    whooshs = postings_summary(write(tmp_path / "whoosh", SegmentWriter, documents))
    assert len(ours[0]) > 1000
    assert ours == whooshs
