"""Filter document sets: the same documents as the Whoosh filter queries, cached per open reader."""
from __future__ import annotations

import pytest

from indexer import config
from indexer.build import write_index
from indexer.engine import filtercache
from indexer.engine.archive import open_index
from indexer.engine.compile import build_filter
from indexer.engine.filtercache import filter_docs
from indexer.engine.searching import search as engine_search
from indexer.facets import FACETS
from indexer.querylang import parse
from indexer.records import Country
from indexer.request import parse_request


def query_docs(searcher, request, exclude_facet=None):
    query = build_filter(request, exclude_facet=exclude_facet)
    return None if query is None else sorted(searcher.docs_for_query(query))


def filter_list(searcher, request, exclude_facet=None):
    """``filter_docs`` as a list (None stays None): its answer is an ascending array."""
    found = filter_docs(searcher, request, exclude_facet=exclude_facet)
    return None if found is None else found.tolist()


@pytest.mark.parametrize("args", [
    {},
    {"tier": "3"},
    {"tier": ["2", "3"], "country": ["Nigeria", "Mali", "Burma"]},
    {"from": "2004", "to": "2006"},
    {"from": "June 2005"},
    {"to": "2003-06-10"},
    {"tier": "2", "country": "Mali", "from": "2001", "to": "2010"},
    {"type": "Country report", "year": ["2004", "2010"], "publisher": "United States Department of State"},
])
def test_filter_sets_match_the_filter_queries_with_and_without_each_facet(searcher, args):
    request = parse_request(args)
    assert filter_list(searcher, request) == query_docs(searcher, request)
    for facet in FACETS:
        assert (filter_list(searcher, request, exclude_facet=facet.name)
                == query_docs(searcher, request, facet.name))


def test_a_repeated_filter_gives_the_same_documents_and_the_cache_stays_bounded(searcher, monkeypatch):
    monkeypatch.setattr(config, "FILTER_CACHE", 3)
    requests = [parse_request({"from": str(year), "to": str(year + 2)}) for year in range(2000, 2010)]
    first = [filter_list(searcher, r) for r in requests]
    assert [filter_list(searcher, r) for r in requests] == first
    assert first == [query_docs(searcher, r) for r in requests]
    assert len(filtercache._masks(searcher)) == 3
    mine = filter_docs(searcher, requests[0])
    assert len(mine)
    mine[:] = -1  # the caller's array is its own: changing it leaves the cache alone
    assert -1 not in filter_docs(searcher, requests[0])


def test_a_searcher_on_a_new_generation_sees_new_documents(tmp_path, document_factory):
    mali = (Country("Mali", "MLI"),)
    old = document_factory(id="old", countries=mali, published="2005-06-01", tier="Tier 2")
    new = document_factory(id="new", countries=mali, published="2006-06-01", tier="Tier 2")
    request = parse_request({"tier": "2", "from": "2005", "to": "2006"})
    write_index(tmp_path, [old])
    with open_index(tmp_path).searcher() as first:
        assert [h.id for h in search(first, request).hits] == ["old"]
        write_index(tmp_path, [old, new])
        with open_index(tmp_path).searcher() as second:
            assert sorted(h.id for h in search(second, request).hits) == ["new", "old"]


@pytest.mark.parametrize("args", [
    {"q": "trafficking", "tier": "2", "country": ["Mali", "Nigeria"], "from": "2003", "to": "2010"},
    {"q": "children labor", "from": "2005", "to": "2005", "per_page": "50"},
    {"q": '"forced labor"', "country": "Burma", "sort": "newest"},
    {"q": "Koranic qqzzxxyy", "tier": "2"},
    {"tier": "3", "year": ["2004", "2005"]},
])
def test_stepping_to_allowed_documents_gives_the_same_page_as_walking_every_match(searcher, monkeypatch, args):
    from indexer.engine import searching as search_module

    request = parse_request(args)
    pages = []
    for share in (0.0, 1.0):  # never step / always step
        monkeypatch.setattr(search_module, "SKIP_TO_SHARE", share)
        pages.append(search(searcher, request).to_dict())
    assert pages[0]["total"] > 0
    assert pages[0] == pages[1]


def search(searcher, request):
    """A results page from a raw searcher, as the engine's archive runs it."""
    return engine_search(searcher, request, parse(request.query))
