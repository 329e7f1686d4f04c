"""Benchmark helpers: query sets from a corpus, the lever variants, percentiles, the lever table."""
from __future__ import annotations

import pytest

from bench.speed import levers, report
from bench.speed.queries import CLASSES, QuerySet, build_queries, url_params
from bench.speed.run import time_requests
from indexer.build import write_index
from indexer.records import Country, SearchRequest
from tests.conftest import make_document

TEXTS = [
    "Forced labor in gold mines continued while rice fields employed children.",
    "Gold mines near the border employed children; inspectors visited rice fields.",
    "Journalists faced threats and detention after reporting on gold mines.",
    "Domestic servitude and forced begging affected children in the capital.",
]


@pytest.fixture(scope="module")
def documents():
    docs = []
    for i in range(40):
        country = (Country("Mali", "MLI"), Country("Nigeria", "NGA"))[i % 2]
        docs.append(make_document(
            id=f"d{i:03d}", path=f"d{i:03d}.txt", text=TEXTS[i % 4] + f" Case number {i}.",
            title=f"Trafficking in Persons Report {2001 + i % 15} - {country.name}",
            countries=(country,), tier=("Tier 1", "Tier 2", "Tier 3")[i % 3],
            published=f"{2001 + i % 15}-06-05", report_year=2001 + i % 15))
    return docs


@pytest.mark.parametrize("values, q, expected", [
    ([1.0], 95, 1.0),
    ([1.0, 2.0, 3.0, 4.0, 5.0], 50, 3.0),
    ([1.0, 2.0, 3.0, 4.0, 5.0], 95, 4.8),
    ([5.0, 1.0], 0, 1.0),
])
def test_percentile_interpolates(values, q, expected):
    assert report.percentile(values, q) == pytest.approx(expected)


def test_queries_cover_every_class_and_are_deterministic(documents):
    first = build_queries(documents, per_class=3, seed=1)
    assert first == build_queries(documents, per_class=3, seed=1)
    assert set(first.classes) == set(CLASSES)
    assert all(len(requests) == 3 for requests in first.classes.values())
    assert all(r.query.startswith('"') for r in first.classes["phrase"])
    for r in first.classes["filtered"]:
        assert r.selected("tier") and r.selected("country") and r.date_from and r.date_to
    for r in first.classes["3+ words, filter, newest"]:
        assert len(r.query.split()) >= 3 and r.selected("country") and r.date_from and r.sort == "newest"
    assert QuerySet.from_dict(first.to_dict()) == first


def test_url_params_ask_the_web_app_for_the_same_request():
    request = SearchRequest(query="gold",
                            date_from="2004", date_to="2010", filters={"tier": ("Tier 2",), "country": ("MLI",)})
    assert url_params(request) == [("q", "gold"), ("tier", "Tier 2"), ("country", "MLI"),
                                   ("from", "2004"), ("to", "2010")]
    newest = SearchRequest(query="gold", filters={"doc_type": ("Annual report",)}, sort="newest", page=2)
    assert url_params(newest) == [("q", "gold"), ("type", "Annual report"), ("sort", "newest"),
                                  ("page", "2")]


def test_results_cache_answers_a_repeat_without_calling_again():
    calls = []
    cached = levers.results_cache(lambda r: calls.append(r) or len(calls), size=2)
    a, b, c = (SearchRequest(query=q) for q in "abc")
    assert [cached(a), cached(a), cached(b), cached(c), cached(a)] == [1, 1, 2, 3, 4]


def test_levers_time_every_class_for_every_variant(tmp_path, documents):
    write_index(tmp_path / "index", documents)
    queries = build_queries(documents, per_class=2)
    timings = levers.measure_levers(tmp_path / "index", queries, 3, time_requests)
    assert set(timings) == {"as built", "no spelling suggestion", "array files ignored",
                            "archive per request", "repeated page, cached"}
    for variant in timings.values():
        assert {name: len(times) for name, times in variant.items()} == {
            name: 3 for name in CLASSES}
    figures = report.Figures(
        n=40, documents=40, corpus_bytes=1, build_seconds=1, build_cpu_seconds=1,
        build_peak_mb=1, index_bytes=1, fts_parse_seconds=1, fts_load_seconds=1,
        fts_peak_mb=1, fts_cpu_seconds=1, fts_bytes=1, changed=1, incremental_seconds=1,
        fts_update_seconds=1, levers=timings)
    table = report.lever_table(figures)
    assert all(f"| {variant} | " in table for variant in timings)
