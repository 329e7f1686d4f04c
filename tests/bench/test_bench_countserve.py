"""The web benchmark's counted server counts results pages answered from memory and computed."""
from __future__ import annotations

from web_archive import build_web_index

from bench.speed import countserve
from indexer.cache import LRU
from webapp import create_app


def test_the_counted_cache_counts_page_hits_and_misses_and_no_other_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(LRU, "remembered", LRU.remembered)   # restored after the test
    counts = tmp_path / "counts"
    countserve.install(counts)
    client = create_app({"INDEX_DIR": build_web_index(tmp_path / "index"), "TESTING": True,
                         "SEARCH_CACHE": 8}).test_client()
    for query in ("labor", "Mali", "labor", "labor"):
        assert client.get(f"/api/search?q={query}").status_code == 200
    assert LRU(2).remembered(("not", "a page"), lambda: 1) == 1
    assert countserve.read_counts(counts) == (2, 2)
