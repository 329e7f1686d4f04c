"""The SQLite FTS5 baseline does a results page's work over the same documents."""
from __future__ import annotations

import pytest

from bench.speed import fts5
from indexer.records import Country, SearchRequest
from tests.conftest import make_document

DOCS = [
    make_document(id="a1", path="a1.txt", title="Trafficking in Persons Report 2008 - Mali", tier="Tier 2",
                  published="2008-06-04", text="Malian children work in rice fields and gold mines."),
    make_document(id="a2", path="a2.txt", title="Trafficking in Persons Report 2009 - Mali", tier="Tier 2 Watch List",
                  published="2009-06-16", report_year=2009,
                  text="Forced labor in gold mines continued. Rice fields employ children."),
    make_document(id="b1", path="b1.txt", title="Trafficking in Persons Report 2008 - Nigeria", tier="Tier 2",
                  countries=(Country("Nigeria", "NGA"),), published="2008-06-04",
                  text="Nigerian women were trafficked to Europe for sexual exploitation."),
    make_document(id="c1", path="c1.txt", title="Nigeria: Treatment of journalists", tier=None,
                  publisher="Canada: Immigration and Refugee Board of Canada",
                  doc_type="Query response", report_year=None,
                  countries=(Country("Nigeria", "NGA"), Country("Mali", "MLI")),
                  published="2012-03-01", text="Journalists reported threats; gold mines too."),
]


@pytest.fixture
def conn(tmp_path):
    conn = fts5.create(tmp_path / "base.db")
    assert fts5.load(conn, DOCS, batch=3) == len(DOCS)
    return conn


@pytest.mark.parametrize("query, expected", [
    ("gold", '"gold"'),
    ("gold mines", '"gold" "mines"'),
    ('"rice fields" children', '"rice fields" "children"'),
    ('say "hi', '"say" "hi"'),
    ("", ""),
])
def test_match_expression_quotes_words_and_keeps_phrases(query, expected):
    assert fts5.match_expression(query) == expected


@pytest.mark.parametrize("request_, ids", [
    (SearchRequest(query="gold"), {"a1", "a2", "c1"}),
    (SearchRequest(query='"rice fields"'), {"a1", "a2"}),
    (SearchRequest(query="gold", filters={"tier": ("Tier 2",)}), {"a1"}),
    (SearchRequest(query="gold", filters={"country": ("NGA",)}), {"c1"}),
    (SearchRequest(query="gold", date_from="2009", date_to="2012-03"), {"a2", "c1"}),
    (SearchRequest(query="", filters={"publisher": ("Canada: Immigration and Refugee Board of Canada",)}),
     {"c1"}),
])
def test_search_page_finds_and_filters(conn, request_, ids):
    page = fts5.search_page(conn, request_)
    assert page.total == len(ids)
    assert {h.id for h in page.hits} == ids


def test_search_page_counts_facets_over_the_match_set(conn):
    page = fts5.search_page(conn, SearchRequest(query="gold"))
    assert dict(page.facets["tier"]) == {"Tier 2": 1, "Tier 2 Watch List": 1}
    assert dict(page.facets["country"]) == {"MLI": 3, "NGA": 1}
    assert dict(page.facets["year"]) == {2008: 1, 2009: 1, 2012: 1}
    assert sum(n for _, n in page.facets["publisher"]) == 3


def test_title_outranks_body_and_snippets_mark_matches(conn):
    page = fts5.search_page(conn, SearchRequest(query="nigeria"))
    assert page.hits[0].id in {"b1", "c1"}
    snippet = fts5.search_page(conn, SearchRequest(query="europe")).hits[0].snippets[0]
    assert "<mark>Europe</mark>" in snippet


def test_replace_reindexes_a_changed_document(conn):
    changed = make_document(id="a1-new", path="a1.txt", title="Trafficking in Persons Report 2008 - Mali",
                            text="Camel herders crossed the desert.")
    fts5.replace(conn, [changed])
    assert {h.id for h in fts5.search_page(conn, SearchRequest(query="gold")).hits} == {"a2", "c1"}
    assert [h.id for h in fts5.search_page(conn, SearchRequest(query="camel")).hits] == ["a1-new"]


@pytest.mark.parametrize("sort, order", [("newest", ["c1", "a2", "a1"]), ("oldest", ["a1", "a2", "c1"])])
def test_a_page_by_date_orders_the_matches_by_publication_date_with_snippets(conn, sort, order):
    page = fts5.search_page(conn, SearchRequest(query="gold", sort=sort))
    assert [h.id for h in page.hits] == order
    assert all("<mark>" in h.snippets[0].lower() for h in page.hits)
