"""Bulk scoring finds the same documents with the same scores as Whoosh's own matchers."""
from __future__ import annotations

import math

import pytest
from whoosh import index as whoosh_index
from whoosh import query as wq

from indexer.engine import postings
from indexer.engine.compile import build_query
from indexer.engine.ranking import least_matches, match_scores, most_matches
from indexer.engine.schema import SCHEMA, document_fields, stored_document
from indexer.engine.searching import executable
from indexer.engine.similar import similar_docnums, similar_query
from indexer.querylang import parse

QUERIES = [
    "trafficking",
    "forced labor",
    "Mali",                       # a country: names, aliases and demonyms in every field
    "Malian children",
    "trafficking OR smuggling",
    "trafficking -Nigeria",
    "NOT trafficking",
    '"forced labor"',
    '"trafficking in persons" Mali',
    "traffick*",
    "title:report",
    "country:Mali trafficking",
    "tier:\"Tier 2\" labor",
    "year:2004..2008 government",
    "publisher:\"department of state\"",
    "qqzzxxyy",                   # in no document
    "(child OR children) AND (labor OR labour) -sex",
]


def whoosh_scores(searcher, query) -> dict[int, float]:
    return {hit.docnum: hit.score for hit in searcher.search(query, limit=None, terms=False)}


def assert_same(found: dict[int, float], expected: dict[int, float]) -> None:
    assert set(found) == set(expected)
    for docnum, score in expected.items():
        assert math.isclose(found[docnum], score, rel_tol=1e-9, abs_tol=1e-12), docnum


@pytest.mark.parametrize("text", QUERIES)
def test_bulk_scores_equal_whoosh_scores(searcher, text):
    query = executable(build_query(parse(text)), searcher)
    expected = whoosh_scores(searcher, query)
    assert_same(match_scores(searcher, query), expected)
    if text in ("trafficking", "Mali", '"forced labor"'):
        assert len(expected) > 3


def test_any_word_fallback_query_scores_as_whoosh(searcher):
    query = executable(build_query(parse("trafficking qqzzxxyy"), any_word=True), searcher)
    assert_same(match_scores(searcher, query), whoosh_scores(searcher, query))


def test_boosted_compounds_score_as_whoosh(searcher):
    query = wq.Or([wq.And([wq.Term("body", "traffick"), wq.Term("title", "mali", boost=2.0)], boost=1.5),
                   wq.Term("body", "labor", boost=0.5)], boost=3.0)
    assert_same(match_scores(searcher, query), whoosh_scores(searcher, query))


def test_scores_skip_deleted_documents_and_span_segments(tmp_path, search_documents):
    """An index updated in place holds several segments and deleted documents."""
    index = whoosh_index.create_in(str(tmp_path), SCHEMA)
    with index.writer() as writer:
        for doc in search_documents[:120]:
            writer.add_document(**document_fields(doc))
    writer = index.writer()
    for doc in search_documents[100:160]:  # deletions in the first segment, a second segment
        writer.delete_by_term("id", doc.id)
        writer.add_document(**document_fields(doc))
    writer.commit(merge=False)
    with index.searcher() as searcher:
        assert len(searcher.leaf_searchers()) == 2
        assert searcher.reader().has_deletions()
        for text in ("trafficking", '"forced labor"', "labor -Mali", "Mali"):
            query = executable(build_query(parse(text)), searcher)
            expected = whoosh_scores(searcher, query)
            assert expected
            found = match_scores(searcher, query)
            assert_same(found, expected)
            ids = [searcher.stored_fields(d)["id"] for d in found]
            assert len(ids) == len(set(ids))  # a replaced document counts once


def test_few_candidates_are_reached_by_skipping(searcher, monkeypatch):
    """Stepping to a few documents and reading every block give the same phrase answer."""
    query = executable(build_query(parse('"forced labor"')), searcher)
    scanned = match_scores(searcher, query)
    monkeypatch.setattr(postings, "SKIP_SHARE", 10.0)  # always step
    assert_same(match_scores(searcher, query), scanned)
    monkeypatch.setattr(postings, "SKIP_SHARE", 0.0)   # never step
    assert_same(match_scores(searcher, query), scanned)


BOUND_QUERIES = ["trafficking", "forced labor", "trafficking OR qqzzxx", "labor -forced",
                 '"forced labor"', "mali OR burma", "the government", "qqzzxx", "child* victims"]


@pytest.mark.parametrize("text", BOUND_QUERIES)
def test_match_bounds_enclose_the_number_of_matches(searcher, text):
    query = executable(build_query(parse(text)), searcher)
    found = len(match_scores(searcher, query))
    reader = searcher.reader()
    assert least_matches(query, reader) <= found <= most_matches(query, reader)


def test_match_bounds_are_tight_for_a_single_word(searcher):
    term = wq.Term("body", "traffick")
    found = len(match_scores(searcher, term))
    assert found > 10
    assert least_matches(term, searcher.reader()) == found == most_matches(term, searcher.reader())


@pytest.mark.parametrize("position", [0, 40, 120, 250])
def test_similar_documents_are_whoosh_s_top_documents(searcher, search_documents, position):
    """Documents like one document: the same ones, in the same order, as Whoosh's top-N search."""
    docnum = searcher.document_number(id=search_documents[position].id)
    doc = stored_document(searcher.stored_fields(docnum))
    found = similar_docnums(searcher, docnum, doc, limit=8)
    expected = [(hit.docnum, hit.score) for hit in
                searcher.search(similar_query(searcher, doc), limit=8, mask={docnum}, terms=False)]
    assert [d for d, _ in found] == [d for d, _ in expected] and len(found) == 8
    for (_, score), (_, whoosh_score) in zip(found, expected):
        assert math.isclose(score, whoosh_score, rel_tol=1e-9)


CITATIONS = [
    "United States Department of State, Trafficking in Persons Report 2008 - Mali, 4 June 2008",
    "Trafficknig in Persons Report 2004 - Burkina Faso",           # a typo: stand-in words
    "Human Rights Watch, World Report 2010 - Nigeria, 20 January 2010",
    "Country Reports on Human Rights Practices 2024: Ghana",
]


@pytest.mark.parametrize("text", CITATIONS)
def test_citation_title_pool_is_whoosh_s_top_documents(searcher, text):
    """The documents a citation's title words rank first: the same, in the same order, as Whoosh's."""
    from indexer import config
    from indexer.citations.parsing import parse_citation
    from indexer.engine.candidates import title_pool, title_words_query

    parsed = parse_citation(text)
    query = title_words_query(searcher, parsed)
    expected = [hit["id"] for hit in searcher.search(query, limit=config.CITE_POOL)]
    assert [doc.id for doc in title_pool(searcher, parsed)] == expected and len(expected) > 5
