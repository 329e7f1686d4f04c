"""A whole results page (order, scores, total, facet counts) equals one computed by stock Whoosh.

The engine scores, filters, ranks and counts in bulk over arrays; the
reference here asks Whoosh's own ``Searcher.search`` for every match of the
same query under the same filter, orders them as a results page promises
(higher score first, equal scores to the newer document, then the lower
document number; newest/oldest by date, undated last), adds the proximity
score of the word pairs to the best ``RESCORE_DEPTH`` as Whoosh scores them,
and counts each facet over the stored documents. The index is written with posting blocks
of a few postings, in several segments with replaced documents, by Whoosh's
own writer, by refsearch's (every word in two or more documents of a
segment in the array file too), or by both in turn, so every path through
the bulk readers (block gaps, stepping over blocks, array files, deleted
documents, segment offsets) is taken.
"""
from __future__ import annotations

import math
from collections import Counter

import pytest
from segments import WRITERS, four_segment_index

from indexer.engine import arrayfile, postings, searching
from indexer.engine.compile import build_filter, build_query
from indexer.engine.prepare import executable
from indexer.engine.proximity import PROXIMITY_WEIGHT, RESCORE_DEPTH, pair_query
from indexer.engine.schema import published_datetime, stored_document
from indexer.engine.searching import search as engine_search
from indexer.engine.writer import _SegmentWriter
from indexer.facets import FACETS
from indexer.querylang import parse
from indexer.request import parse_request
from indexer.summary import word_count

# One request per query class of the benchmark, and the paths a page can take.
REQUESTS = [
    {"q": "Koranic"},                                        # rare word
    {"q": "government"},                                     # common word
    {"q": "trafficking children"},                           # two words
    {"q": '"forced labor"'},                                 # phrase
    {"q": "government", "tier": "2", "from": "2003", "to": "2012"},   # filtered
    {"q": "government police reports", "country": ["Mali", "Nigeria", "Burma"],
     "sort": "newest"},                                      # three words, filter, newest
    {"q": "victims labor", "page": "2"},                     # page 2
    {"q": "trafficking -Nigeria", "sort": "oldest"},
    {"q": "Mali"},                                           # a country: names and aliases
    {"q": '"trafficking in persons" children', "type": "Annual report"},
    {"q": "child* (labor OR labour)"},
    {"q": "", "tier": "3"},                                  # filters only
    {"q": "tier:3", "per_page": "50"},                       # equal scores: newer first
    {"q": "trafficking qqzzxxyy"},                           # falls back to any word
]


@pytest.fixture(scope="module", params=list(WRITERS))
def small_block_index(request, tmp_path_factory, search_documents):
    """The search documents in four segments of tiny posting blocks, some replaced."""
    folder = tmp_path_factory.mktemp("small-blocks")
    index = four_segment_index(folder, request.param, search_documents)
    with index.searcher() as searcher:
        assert len(searcher.leaf_searchers()) == 4 and searcher.reader().has_deletions()
        with_arrays = [arrayfile.array_file(leaf.reader()) is not None for leaf, _ in searcher.leaf_searchers()]
        assert with_arrays == [w is _SegmentWriter for w in WRITERS[request.param]]
        yield searcher


def reference_page(searcher, request):
    """Every match of the request by Whoosh's own search, in page order, and the facet counts."""
    parsed = parse(request.query)
    words = executable(build_query(parsed), searcher)
    found = _whoosh_matches(searcher, words, build_filter(request))
    if not found and word_count(parsed) > 1:
        words = executable(build_query(parsed, any_word=True), searcher)
        found = _whoosh_matches(searcher, words, build_filter(request))
    stored = {d: stored_document(searcher.stored_fields(d)) for d in found}
    sort = request.sort if parsed.tree is not None else "newest"
    pairs = pair_query(parsed)
    if sort == "relevance" and pairs is not None and found:
        depth = min(len(found), max(request.page * request.per_page, RESCORE_DEPTH))
        edge = sorted(found.values(), reverse=True)[depth - 1]
        best = {d for d, score in found.items() if score >= edge}
        near = _whoosh_matches(searcher, executable(pairs, searcher), best)
        found = {d: score + PROXIMITY_WEIGHT * near.get(d, 0.0) for d, score in found.items()}

    def when(docnum):
        date = published_datetime(stored[docnum].published)
        return None if date is None else date.timestamp()

    def key(docnum):
        date = when(docnum)
        if sort == "relevance":
            return (-found[docnum], date is None, -(date or 0), docnum)
        sign = -1 if sort == "newest" else 1
        return (date is None, sign * (date or 0), docnum)

    order = sorted(found, key=key)
    counts = {}
    for facet in FACETS:
        others = build_filter(request, exclude_facet=facet.name)
        docs = found if not request.selected(facet.name) else _whoosh_matches(searcher, words, others)
        counts[facet.name] = Counter(v for d in docs
                                     for v in map(str, facet.values(stored_document(searcher.stored_fields(d)))))
    return order, found, counts


def _whoosh_matches(searcher, words, filter_query) -> dict[int, float]:
    results = searcher.search(words, filter=filter_query, limit=None, terms=False)
    return {hit.docnum: hit.score for hit in results}


@pytest.mark.parametrize("args", REQUESTS)
def test_results_page_equals_stock_whoosh(small_block_index, args):
    searcher = small_block_index
    request = parse_request(args)
    ours = engine_search(searcher, request, parse(request.query))
    order, scores, counts = reference_page(searcher, request)
    assert ours.total == len(order)
    start = (request.page - 1) * request.per_page
    expected = order[start:start + request.per_page]
    assert [hit.id for hit in ours.hits] == [searcher.stored_fields(d)["id"] for d in expected]
    if request.sort == "relevance" and request.query:
        for hit, docnum in zip(ours.hits, expected):
            assert math.isclose(hit.score, round(scores[docnum], 4), abs_tol=1e-4)
    for facet in FACETS:
        shown = {v.value: v.count for v in ours.facets[facet.name] if v.count}
        assert shown == {v: n for v, n in counts[facet.name].items() if v in shown}
        assert ours.facet_totals[facet.name] == len(set(counts[facet.name])
                                                    | set(map(str, request.selected(facet.name))))
    if args.get("q") not in ("", "trafficking qqzzxxyy"):
        assert ours.total > 0


@pytest.mark.parametrize("args", [REQUESTS[1], REQUESTS[3], REQUESTS[4], REQUESTS[5]])
def test_stepping_and_reading_every_block_give_the_same_page(small_block_index, monkeypatch, args):
    searcher = small_block_index
    request = parse_request(args)
    pages = []
    for skip_share, filter_share in ((0.0, 0.0), (10.0, 1.0)):   # never step / always step
        monkeypatch.setattr(postings, "SKIP_SHARE", skip_share)
        monkeypatch.setattr(searching, "SKIP_TO_SHARE", filter_share)
        pages.append(engine_search(searcher, request, parse(request.query)).to_dict())
    assert pages[0] == pages[1] and pages[0]["total"] > 0
