"""Every memory a process keeps because of what it was asked stays within its setting.

The near-copy signatures and the filter masks have theirs in ``test_readercache`` and
``test_filtercache``; the analyser's table of spellings in ``test_engine_analysis``.
"""
from __future__ import annotations

import pytest
from web_archive import build_web_index

from indexer import config
from indexer.build import write_index
from indexer.engine.archive import open_index
from indexer.engine.readercache import bounded
from indexer.engine.spelling import FrequentTerms, near_terms
from webapp import create_app

WORDS = ("labour", "labor", "lawyers", "market", "markets", "minors", "migrant", "traffic",
         "trafficking", "children", "child", "border", "borders")


def test_frequent_terms_are_kept_for_no_more_word_beginnings_than_the_setting(
        tmp_path, document_factory, monkeypatch):
    docs = [document_factory(id=f"d{n}", text=" ".join(WORDS[n:] + WORDS[:n]) + f" record{n}.")
            for n in range(6)]
    write_index(tmp_path, docs)
    with open_index(tmp_path).searcher() as searcher:
        reader = searcher.reader()
        first = {w: near_terms(reader, "body", w, 2, 1, 1) for w in ("labr", "markt", "chld", "bordr")}
        monkeypatch.setattr(config, "SPELLING_CACHE", 2)
        again = {w: near_terms(reader, "body", w, 2, 1, 1) for w in ("labr", "markt", "chld", "bordr")}
        assert again == first and first["labr"]
        cache = bounded(reader, FrequentTerms, config.SPELLING_CACHE)
        assert cache.keys() == [FrequentTerms("body", "c"), FrequentTerms("body", "b")]


@pytest.fixture(scope="module")
def web_index(tmp_path_factory):
    return build_web_index(tmp_path_factory.mktemp("bounds") / "index")


def test_results_pages_are_kept_for_no_more_searches_than_the_setting(web_index):
    app = create_app({"INDEX_DIR": web_index, "TESTING": True, "SEARCH_CACHE": 3})
    client = app.test_client()
    for query in ("labor", "Mali", "trafficking", "children", "tier", "report", "labor"):
        assert client.get(f"/api/search?q={query}").status_code == 200
    kept = app.extensions["refsearch_results"]
    assert [key.request.query for key in kept.keys()] == ["tier", "report", "labor"]


def _memoised():
    from indexer import countries
    from indexer.citations import similarity
    from indexer.engine import highlight

    return [(highlight._candidates_pattern, "HIGHLIGHT_PATTERN_CACHE"),
            (countries.lookup, "COUNTRY_LOOKUP_CACHE"),
            (similarity.fold, "FOLD_CACHE"),
            (similarity._word_ratio, "WORD_RATIO_CACHE")]


@pytest.mark.parametrize("index", range(4))
def test_memoised_pure_functions_keep_no_more_than_their_setting(index):
    function, setting = _memoised()[index]
    assert function.cache_info().maxsize == getattr(config, setting) > 0
