"""Facets and filters stay right when a segment has no value at all for a field."""
from __future__ import annotations

from collections import Counter

import pytest
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from indexer.engine.columns import column_reader
from indexer.engine.schema import SCHEMA, document_fields
from indexer.engine.searching import search as engine_search
from indexer.facets import document_year
from indexer.querylang import parse
from indexer.request import parse_request


@pytest.fixture(scope="module")
def split_index(tmp_path_factory, search_documents):
    """Documents with a tier in the first segment, then two segments of documents without one."""
    with_tier = [d for d in search_documents if d.tier][:60]
    without = [d for d in search_documents if not d.tier][:40]
    assert len(with_tier) == 60 and len(without) == 40
    folder = tmp_path_factory.mktemp("split-index")
    ix = whoosh_index.create_in(str(folder), SCHEMA)
    for batch in (with_tier, without[:20], without[20:]):
        writer = SegmentWriter(ix)
        for doc in batch:
            writer.add_document(**document_fields(doc))
        writer.commit(merge=False)
    ix = whoosh_index.open_dir(str(folder))
    assert len(ix._segments()) == 3
    return ix, with_tier + without


def test_a_column_has_one_value_per_document_across_segments(split_index):
    ix, documents = split_index
    with ix.searcher() as searcher:
        reader = searcher.reader()
        tiers = list(column_reader(reader, "tier", translate=True))
        assert len(tiers) == reader.doc_count_all() == len(documents)
        stored = [searcher.stored_fields(n)["id"] for n in range(len(documents))]
        by_id = {d.id: d for d in documents}
        column = column_reader(reader, "tier", translate=True)
        for docnum in (0, 59, 60, 79, 80, 99):
            assert bool(column[docnum]) == bool(by_id[stored[docnum]].tier)


def test_facet_counts_and_filters_see_every_segment(split_index):
    ix, documents = split_index
    with ix.searcher() as searcher:
        results = search(searcher, parse_request({"per_page": "1"}))
        assert results.total == len(documents)
        tiers = {v.value: v.count for v in results.facets["tier"]}
        assert tiers == dict(Counter(d.tier for d in documents if d.tier))
        years = {v.value: v.count for v in results.facets["year"]}
        assert years == dict(Counter(str(document_year(d)) for d in documents if document_year(d)))
        dated = [d for d in documents if d.published and d.published[:4] >= "2005"]
        since = search(searcher, parse_request({"from": "2005-01-01", "per_page": "1"}))
        assert since.total == len(dated)


def search(searcher, request):
    """A results page from a raw searcher, as the engine's archive runs it."""
    return engine_search(searcher, request, parse(request.query))
