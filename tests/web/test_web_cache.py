"""Each server process remembers recent results pages, per index generation."""
from __future__ import annotations

import pytest
from web_archive import build_web_index

from indexer.engine.archive import WhooshArchive
from webapp import create_app


@pytest.fixture
def counted(monkeypatch):
    """How many times the web app really searched, by query."""
    calls: list[str] = []
    real = WhooshArchive.search

    def counting(archive, request):
        calls.append(request.query)
        return real(archive, request)

    monkeypatch.setattr(WhooshArchive, "search", counting)
    return calls


def client_for(index, size: int):
    return create_app({"INDEX_DIR": index, "TESTING": True, "SEARCH_CACHE": size}).test_client()


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return build_web_index(tmp_path_factory.mktemp("cache") / "index")


def test_a_repeated_search_is_answered_from_memory(index, counted):
    client = client_for(index, 8)
    first = client.get("/api/search?q=trafficking&tier=Tier+2").get_json()
    again = client.get("/api/search?q=trafficking&tier=Tier+2").get_json()
    page = client.get("/search?q=trafficking&tier=Tier+2")
    assert page.status_code == 200
    assert first == again and first["total"] > 0
    assert counted == ["trafficking"]


def test_remembered_pages_equal_fresh_ones(index, counted):
    cached, fresh = client_for(index, 8), client_for(index, 0)
    for args in ("q=labor", "q=labor&page=2&per_page=5", "q=Mali&sort=newest", "tier=Tier+3"):
        cached.get(f"/api/search?{args}")
        assert cached.get(f"/api/search?{args}").get_json() == fresh.get(f"/api/search?{args}").get_json()


def test_different_pages_and_filters_are_different_entries(index, counted):
    client = client_for(index, 8)
    for args in ("q=labor", "q=labor&page=2&per_page=5", "q=labor&tier=Tier+1", "q=labor"):
        client.get(f"/api/search?{args}")
    assert counted == ["labor", "labor", "labor"]


def test_a_zero_size_cache_searches_every_time(index, counted):
    client = client_for(index, 0)
    for _ in range(3):
        client.get("/api/search?q=labor")
    assert counted == ["labor"] * 3


def test_the_least_recently_used_page_is_dropped_first(index, counted):
    client = client_for(index, 2)
    for query in ("alpha", "beta", "alpha", "gamma", "alpha", "beta"):
        client.get(f"/api/search?q={query}")
    # alpha stays (used again before gamma arrived); beta was dropped for gamma
    assert counted == ["alpha", "beta", "gamma", "beta"]


def test_a_rebuilt_index_is_never_answered_from_the_old_pages(tmp_path, counted):
    index = build_web_index(tmp_path / "index")
    client = client_for(index, 8)
    before = client.get("/api/search?q=labor").get_json()
    build_web_index(index)
    after = client.get("/api/search?q=labor").get_json()
    assert after == before
    assert counted == ["labor", "labor"]
