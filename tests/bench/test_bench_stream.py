"""The web benchmark's request log: many distinct requests, a few popular, all answerable."""
from __future__ import annotations

from collections import Counter

import pytest

from bench.speed import report
from bench.speed.stream import KINDS, Stream, build_stream, repeat_share, replay
from webapp import create_app


@pytest.fixture(scope="module")
def stream(search_documents):
    return build_stream(search_documents, seed=3, distinct_searches=300, length=1500)


def test_the_log_is_the_same_for_a_seed_and_survives_json(search_documents, stream):
    assert build_stream(search_documents, seed=3, distinct_searches=300, length=1500) == stream
    assert build_stream(search_documents, seed=4, distinct_searches=300, length=1500) != stream
    assert Stream.from_dict(stream.to_dict()) == stream


def test_the_log_holds_every_kind_and_many_distinct_searches(stream):
    assert len(stream.requests) == 1500
    assert stream.distinct("search") == 300
    assert {kind for kind, _ in stream.requests} == set(KINDS)
    searches = [url for kind, url in stream.requests if kind == "search"]
    assert any("sort=newest" in url for url in searches)
    assert any("%22" in url for url in searches)                  # phrases
    assert any("from=" in url or "country=" in url for url in searches)


def test_a_few_requests_are_popular_and_most_are_rare(stream):
    counts = sorted(Counter(url for _, url in stream.requests).values(), reverse=True)
    assert counts[-1] == 1 and counts[0] >= 20 * counts[len(counts) // 2]
    share = repeat_share(stream, 0, len(stream.requests))
    assert 0.3 < share < 0.9


def test_every_kind_of_request_is_answered_by_the_web_app(stream, search_index):
    app = create_app({"INDEX_DIR": search_index, "SEARCH_CACHE": 0})
    client = app.test_client()
    for kind in KINDS:
        urls = list(dict.fromkeys(url for k, url in stream.requests if k == kind))[:40]
        assert urls
        for url in urls:
            assert client.get(url).status_code == 200, url
    replayed = replay(app, stream, seconds=0.5, warm_up=2)
    assert replayed.latencies and len(replayed.kinds) == len(replayed.latencies) and replayed.errors == 0
    assert replayed.cpu_seconds > 0


@pytest.mark.parametrize("values, expected", [
    ([1.0, 10.0, 100.0], 1.0),
    ([5.0, 5.0, 5.0], 0.0),
    ([2.0, 8.0, 32.0], 2 * 0.30103),   # x4 per x10: log10(4)
])
def test_growth_exponent_is_the_slope_against_n(values, expected):
    assert report.exponent([1_000, 10_000, 100_000], values) == pytest.approx(expected, abs=1e-3)
