"""The benchmark runs end to end at N=500 and reports every figure with its ratios.

Speed is never asserted: only that each row is there with numbers, refsearch's
beside FTS5's and tantivy's with both ratios.
"""
from __future__ import annotations

import json
import os
import re
import shutil

import pytest

from bench.speed import run
from bench.speed.queries import CLASSES

pytestmark = pytest.mark.slow

NUMBER = r"-?[\d,]+(?:\.\d+)?"
MAIN_ROWS = [
    "Full build, s (refsearch incl. parsing; baselines parse + load)",
    "Full build, s (refsearch incl. parsing; baselines load only)",
    "Build throughput, docs/s",
    "Build throughput, MB/s",
    "Build CPU use, % of all cores",
    "Peak memory, MB",
    "Size on disk, MB",
    "Incremental re-index of 1% (5 files), s",
    "Incremental re-index, % of full build",
] + [f"Results page, {name}, p{q}, ms" for name in CLASSES for q in (50, 95)]
WEB_ROWS = [f"Web, {clients} clients, cache {cache}: {measure}"
            for clients in (8, 32) for cache in ("on", "off")
            for measure in ("p50, ms", "p95, ms", "requests per second")]
WEB_ROWS += [f"Web, {clients} clients, cache on: results-cache hit rate, %" for clients in (8, 32)]
WEB_ROWS += [f"Web, {clients} clients, cache {cache}: {measure}"
             for clients in (8, 32) for cache in ("on", "off")
             for measure in ("server CPU per request, ms", "cores used (server; in process)")]
WEB_ROWS += [f"Web, 8 clients, cache off, one server process: {measure}"
             for measure in ("requests per second", "server CPU per request, ms", "cores used (server; in process)")]
WARM_UP = 10   # requests per server process before each web load is measured


def _cells(text: str, label: str) -> list[str]:
    rows = [line for line in text.splitlines() if line.startswith(f"| {label}")]
    assert len(rows) == 1, f"row {label!r}: found {len(rows)}"
    return [cell.strip() for cell in rows[0].strip("|").split("|")][1:]


@pytest.fixture(scope="module")
def bench_out(tmp_path_factory, corpus_dir):
    out = tmp_path_factory.mktemp("bench")
    assert run.main(["--smoke", "--out", str(out), "--results", str(out / "RESULTS.md"),
                     "--web-seconds", "2", "--warm-up", str(WARM_UP), "--runs", "10", "--workers", "2"]) == 0
    return out


@pytest.fixture(scope="module")
def results(bench_out):
    return (bench_out / "RESULTS.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("label", MAIN_ROWS)
def test_every_row_has_refsearch_fts5_and_tantivy_and_both_ratios(results, label):
    cells = _cells(results, label)
    assert len(cells) == 5, f"{label}: {cells!r}"
    for cell in cells:
        assert re.fullmatch(NUMBER, cell), f"{label}: {cell!r}"


def test_the_main_table_heads_the_tantivy_columns(results):
    assert "| Measure | refsearch | SQLite FTS5 | tantivy | refsearch/FTS5 | refsearch/tantivy |" in results


@pytest.mark.parametrize("label", WEB_ROWS)
def test_every_web_row_has_both_figures_and_their_ratio(results, label):
    ours, theirs, ratio = _cells(results, label)
    for cell in (ours, theirs, ratio):
        assert re.fullmatch(NUMBER, cell), f"{label}: {cell!r}"


@pytest.mark.parametrize("name", CLASSES)
def test_the_summary_gives_each_page_class_at_tantivy_and_its_ratio(results, name):
    summary = results.split("Summary at N = 500", 1)[1]
    cells = _cells(summary, f"{name[:1].upper() + name[1:]} page p50 / p95")
    pair = rf"{NUMBER} / {NUMBER}"
    assert re.fullmatch(rf"{pair} ms", cells[2]), cells
    assert re.fullmatch(rf"{pair}x", cells[4].replace("x / ", " / ")), cells


def test_the_tantivy_index_is_built_and_its_build_figures_saved(bench_out):
    jobs = json.loads((bench_out / "jobs-500.json").read_text(encoding="utf-8"))
    assert jobs["tantivy-load"]["documents"] == jobs["fts5-load"]["documents"] > 0
    assert (bench_out / "tantivy-500" / "meta.json").is_file()


def test_web_load_counts_errors_and_machine_is_described(results):
    for clients in (8, 32):
        for cache in ("on", "off"):
            assert re.fullmatch(r"\d+", _cells(results, f"Web, {clients} clients, cache {cache}: errors")[0])
    for field in ("Cores", "Python", "Engine", "SQLite", "tantivy", "Date"):
        assert f"| {field} |" in results
    assert "### N = 500 " in results
    assert "#### Targets at N = 500" in results


def test_report_only_rerenders_the_same_tables_from_saved_figures(bench_out, results):
    again = bench_out / "again.md"
    assert run.main(["--smoke", "--out", str(bench_out), "--results", str(again),
                     "--report-only"]) == 0
    def tables(text: str) -> str:
        return text.split("### N = ", 1)[1]

    assert tables(again.read_text(encoding="utf-8")) == tables(results)


def test_each_load_reports_the_memory_of_every_server_process(results):
    table = results.split("Memory of each server process", 1)[1]
    for clients in (8, 32):
        for cache in ("on", "off"):
            cells = _cells(table, f"{clients} clients, cache {cache}")
            assert int(cells[0]) >= 1
            for cell in cells[1:4]:
                mean, largest = (float(part.replace(",", "")) for part in cell.split(" / "))
                assert 0 <= mean <= largest
            assert float(cells[1].split(" / ")[0].replace(",", "")) > 0  # resident
    assert re.search(r"\| Web server process, largest \(32 clients, cache on\) \| [\d,]+ MB resident", results)


@pytest.mark.parametrize("clients", [8, 32])
def test_each_web_load_reports_the_clients_cpu_per_request(results, clients):
    for cache in ("on", "off"):
        ours, theirs, ratio = _cells(results, f"Web, {clients} clients, cache {cache}: client CPU per request, ms")
        assert re.fullmatch(NUMBER, ours) and theirs == ratio == "n/a"


def test_every_server_process_and_the_app_in_process_are_warmed_alike(bench_out):
    figures = json.loads((bench_out / "figures-500.json").read_text(encoding="utf-8"))
    assert figures["in_process"]["warm_up"] == WARM_UP
    for load in figures["web_loads"]:
        assert len(load["workers"]) == (os.cpu_count() or 1)   # one server process per core
        assert load["warm_up"] == WARM_UP * len(load["workers"])


def test_one_server_process_is_measured_and_each_cold_load_set_against_it(bench_out, results):
    figures = json.loads((bench_out / "figures-500.json").read_text(encoding="utf-8"))
    single = figures["web_single"]
    assert len(single["workers"]) == 1 and single["warm_up"] == WARM_UP
    assert single["cache"] is False and single["clients"] == 8 and single["latencies"]
    table = results.split("server processes against one", 1)[1].split("Per kind of request", 1)[0]
    rate = len(single["latencies"]) / single["seconds"]
    for clients in (8, 32):
        load = next(load for load in figures["web_loads"] if load["clients"] == clients and not load["cache"])
        served = len(load["latencies"]) / load["seconds"]
        two, one, ratio = _cells(table, f"{clients} clients, cache off")
        assert float(two.replace(",", "")) == pytest.approx(served, abs=0.06)
        assert float(one.replace(",", "")) == pytest.approx(rate, abs=0.06)
        assert float(ratio) == pytest.approx(served / rate, abs=0.006)
        assert f"web, {clients} clients, cache off: throughput >= 1.8x one server process" in results


def test_web_only_measures_the_web_part_again_and_keeps_it_for_the_report(bench_out, tmp_path, capsys):
    out = shutil.copytree(bench_out, tmp_path / "out")
    saved = out / "figures-500.json"
    before = json.loads(saved.read_text(encoding="utf-8"))
    assert run.main(["--smoke", "--out", str(out), "--web-only", "--clients", "8",
                     "--web-seconds", "1", "--warm-up", "2"]) == 0
    printed = capsys.readouterr().out
    assert "## 500 documents, web only" in printed
    assert re.search(rf"\| Web, 8 clients, cache off: server CPU per request, ms \| {NUMBER} \|", printed)
    after = json.loads(saved.read_text(encoding="utf-8"))
    assert [load["clients"] for load in after["web_loads"]] == [8, 8]
    assert len(after["web_single"]["workers"]) == 1
    assert "server processes against one" in printed
    assert after["in_process"]["warm_up"] == 2
    assert after["latency"] == before["latency"]
