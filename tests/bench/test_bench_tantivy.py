"""The tantivy baseline does the same results-page work as FTS5 over the same documents."""
from __future__ import annotations

import pytest

from bench.speed import fts5, tantivy_page
from indexer.records import SearchRequest
from tests.bench.test_bench_fts5 import DOCS
from tests.conftest import make_document

REQUESTS = [
    SearchRequest(query="gold"),
    SearchRequest(query='"rice fields"'),
    SearchRequest(query="gold mines"),
    SearchRequest(query="gold", filters={"tier": ("Tier 2",)}),
    SearchRequest(query="gold", filters={"country": ("NGA",)}),
    SearchRequest(query="gold", filters={"year": (2009,)}),
    SearchRequest(query="gold", date_from="2009", date_to="2012-03"),
    SearchRequest(query="gold", date_to="2008-06"),
    SearchRequest(query="", filters={"publisher": ("Canada: Immigration and Refugee Board of Canada",)}),
    SearchRequest(query="camel"),
]


@pytest.fixture
def pages(tmp_path):
    index = tantivy_page.create(tmp_path / "tantivy")
    assert tantivy_page.load(index, DOCS, threads=2) == len(DOCS)
    return tantivy_page.TantivyPages(tantivy_page.open_index(tmp_path / "tantivy"))


@pytest.fixture
def conn(tmp_path):
    conn = fts5.create(tmp_path / "base.db")
    fts5.load(conn, DOCS)
    return conn


@pytest.mark.parametrize("request_", REQUESTS, ids=lambda r: repr(r.to_dict()))
def test_a_page_finds_the_same_documents_and_total_as_fts5(pages, conn, request_):
    ours, theirs = pages.search_page(request_), fts5.search_page(conn, request_)
    assert ours.total == theirs.total
    assert {h.id for h in ours.hits} == {h.id for h in theirs.hits}


@pytest.mark.parametrize("request_", REQUESTS, ids=lambda r: repr(r.to_dict()))
def test_a_page_counts_the_same_facets_as_fts5(pages, conn, request_):
    ours, theirs = pages.search_page(request_), fts5.search_page(conn, request_)
    assert {name: dict(values) for name, values in ours.facets.items()} == \
        {name: dict(values) for name, values in theirs.facets.items()}


def test_a_word_in_the_title_outranks_the_same_word_in_the_body(tmp_path):
    titled = make_document(id="t", path="t.txt", title="Desert crossings", text="Herders moved north.")
    bodied = make_document(id="b", path="b.txt", title="Herders", text="Herders crossed the desert north.")
    index = tantivy_page.create(tmp_path / "tantivy")
    tantivy_page.load(index, [bodied, titled])
    assert [h.id for h in tantivy_page.TantivyPages(index).search_page(
        SearchRequest(query="desert")).hits] == ["t", "b"]


def test_a_snippet_marks_the_matched_words(pages):
    snippet = pages.search_page(SearchRequest(query="europe")).hits[0].snippets[0]
    assert "<mark>Europe</mark>" in snippet


def test_a_hit_shows_the_documents_metadata(pages):
    hit = pages.search_page(SearchRequest(query="journalists")).hits[0]
    assert (hit.id, hit.title, hit.published, hit.tier) == \
        ("c1", "Nigeria: Treatment of journalists", "2012-03-01", None)
    assert [c["code"] for c in hit.countries] == ["NGA", "MLI"]


@pytest.mark.parametrize("sort, order", [("newest", ["c1", "a2", "a1"]), ("oldest", ["a1", "a2", "c1"])])
def test_a_page_by_date_orders_the_matches_by_publication_date_with_snippets(pages, sort, order):
    page = pages.search_page(SearchRequest(query="gold", sort=sort))
    assert [h.id for h in page.hits] == order
    assert all("<mark>" in h.snippets[0].lower() for h in page.hits)


def test_an_undated_match_comes_last_whichever_way_dates_run(tmp_path):
    undated = make_document(id="u1", path="u1.txt", title="Undated", published=None, text="Gold again.")
    index = tantivy_page.create(tmp_path / "tantivy")
    tantivy_page.load(index, [*DOCS, undated])
    pages = tantivy_page.TantivyPages(index)
    for sort in ("newest", "oldest"):
        assert pages.search_page(SearchRequest(query="gold", sort=sort)).hits[-1].id == "u1"


def test_replace_reindexes_a_changed_document(tmp_path):
    index = tantivy_page.create(tmp_path / "tantivy")
    tantivy_page.load(index, DOCS)
    changed = make_document(id="a1-new", path="a1.txt", title="Trafficking in Persons Report 2008 - Mali",
                            text="Camel herders crossed the desert.")
    tantivy_page.replace(index, [changed])
    pages = tantivy_page.TantivyPages(index)
    assert {h.id for h in pages.search_page(SearchRequest(query="gold")).hits} == {"a2", "c1"}
    assert [h.id for h in pages.search_page(SearchRequest(query="camel")).hits] == ["a1-new"]
