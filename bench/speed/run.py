"""Run the benchmarks: index build, incremental re-index, results-page latency, web load.

Every figure is measured for refsearch and for the SQLite FTS5 baseline on
the same generated corpus (see ``bench.corpus.generate``) in the same run, and
written as Markdown tables with ratios (``bench.speed.report``).

``python -m bench.speed.run --n 10000 --n 100000`` (or ``bench/run ...``);
``--smoke`` is a quick end-to-end run at N=500. Corpora, indexes and the
FTS5 databases live under ``bench/out/`` (git-ignored); a corpus is
generated once per (N, seed) and reused.

Order of work for each N: generate (or reuse) the corpus; parse it and load
FTS5 in a child process (which also draws the queries and the web request
log); build the refsearch index in a child process; time results pages in
this process with one long-lived searcher and one FTS5 connection; replay
the request log through the web app in this process (one caller, results
cache off); serve the index with a real ``refsearch serve`` and replay the
log from 8 and from 32 concurrent clients, results cache on and off;
finally rewrite 1% of the files with new bodies, re-index incrementally
with both, and put the original files back.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

from bench.corpus import generate
from bench.speed.queries import CLASSES, QuerySet, sample
from bench.speed.stream import Stream, build_stream, repeat_share, replay

from . import fts5, report, web

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BENCH_DIR = PROJECT_ROOT / "bench"
OUT_DIR = BENCH_DIR / "out"
RESULTS = BENCH_DIR / "RESULTS.md"
ANALYSIS = BENCH_DIR / "analysis.md"
CHANGED_SHARE = 100          # one file in this many is rewritten for the incremental run
CHANGE_SEED_OFFSET = 1_000_003


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run_job(*args: str) -> dict:
    """Run ``python -m bench.speed.jobs ARGS`` and return the JSON it prints."""
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT))
    done = subprocess.run([sys.executable, "-m", "bench.speed.jobs", *args], cwd=PROJECT_ROOT,
                          env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"bench job {args[0]} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def index_bytes(index_dir: Path) -> int:
    """The size of the live generation (older ones share most files with it through links)."""
    from indexer.archive import current_generation
    live = current_generation(index_dir)
    return folder_bytes(index_dir / live) if live else folder_bytes(index_dir)


def machine_info(ns: list[int]) -> dict[str, str]:
    from indexer.archive import engine_version
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kb / 1024 / 1024:.1f} GB"
    except (OSError, ValueError, IndexError):
        pass
    return {
        "Date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "N": ", ".join(f"{n:,}" for n in ns),
        "Cores": str(os.cpu_count()),
        "CPU": cpu,
        "Memory": memory,
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "Engine": engine_version(),
        "SQLite": sqlite3.sqlite_version,
    }


def ensure_corpus(out: Path, n: int, seed: int, workers: int) -> tuple[Path, list]:
    """The corpus for (n, seed) under ``out``, generated unless a matching one is there."""
    corpus = out / f"corpus-{n}-seed{seed}"
    found = generate.read_manifest(corpus)
    if found and found[0]["n"] == n and found[0]["seed"] == seed:
        log(f"reusing corpus {corpus}")
        return corpus, found[1]
    if corpus.exists():
        shutil.rmtree(corpus)
    log(f"generating {n:,} documents into {corpus}")
    started = time.perf_counter()
    docs = generate.write_corpus(corpus, n, seed, workers=workers)
    log(f"generated in {time.perf_counter() - started:.1f} s")
    return corpus, docs


def time_requests(call, queries: QuerySet, runs: int) -> dict[str, list[float]]:
    """Per class: warm up on every query once, then time ``runs`` calls cycling the queries."""
    timings: dict[str, list[float]] = {}
    for name in CLASSES:
        requests = queries.classes.get(name) or []
        if not requests:
            continue
        for request in requests:
            call(request)
        times = []
        for k in range(runs):
            request = requests[k % len(requests)]
            started = time.perf_counter()
            call(request)
            times.append(time.perf_counter() - started)
        timings[name] = times
    return timings


def latency_refsearch(index_dir: Path, queries: QuerySet, runs: int) -> dict[str, list[float]]:
    from indexer.archive import open_archive
    with open_archive(index_dir) as archive:
        return time_requests(archive.search, queries, runs)


def latency_fts5(db: Path, queries: QuerySet, runs: int) -> dict[str, list[float]]:
    conn = fts5.connect(db)
    try:
        return time_requests(lambda request: fts5.search_page(conn, request), queries, runs)
    finally:
        conn.close()


def ensure_stream(corpus: Path, path: Path, seed: int, workers: int) -> Stream:
    """The web request log of a corpus: the one its FTS5 load wrote, else drawn from a sample
    of its documents read now (an output folder from before the log existed)."""
    if path.is_file():
        return Stream.from_dict(json.loads(path.read_text(encoding="utf-8")))
    from bench.speed.jobs import corpus_files, parse_all
    log("drawing the web request log from a sample of the corpus")
    stream = build_stream(parse_all(sample(corpus_files(corpus)), workers), seed=seed)
    path.write_text(json.dumps(stream.to_dict()), encoding="utf-8")
    return stream


def replay_in_process(index_dir: Path, stream: Stream, seconds: float) -> dict:
    """The log answered by the web app in this process, one request at a time, no results cache."""
    from webapp import create_app
    latencies, kinds, errors = replay(create_app({"INDEX_DIR": index_dir, "SEARCH_CACHE": 0}),
                                      stream, seconds)
    return {"latencies": latencies, "kinds": kinds, "errors": errors}


def web_loads(index_dir: Path, stream: Stream, args) -> list[dict]:
    """The log replayed against ``refsearch serve`` by each number of clients, cache on and off."""
    loads = []
    for clients in args.clients:
        for cache in (True, False):
            log(f"web: {clients} clients for {args.web_seconds:.0f} s, results cache {'on' if cache else 'off'}")
            done = web.load(index_dir, stream, args.web_seconds, clients, cache=cache,
                            warm_up=args.warm_up)
            log(f"web: {len(done.latencies)} answers, {done.errors} errors")
            loads.append({"clients": clients, "cache": cache, "latencies": done.latencies,
                          "kinds": done.kinds, "errors": done.errors, "seconds": done.seconds,
                          "cache_hits": done.cache_hits, "cache_misses": done.cache_misses,
                          "repeat_share": repeat_share(stream, done.first, done.last),
                          "workers": [worker.to_dict() for worker in done.workers]})
    return loads


def incremental(corpus: Path, docs: list, index_dir: Path, db: Path, out: Path, seed: int,
                workers: int) -> tuple[int, dict, dict]:
    """Rewrite 1% of the files with new bodies, re-index with both, restore the files and
    re-index them again."""
    chosen = [d for d in docs if d.index % CHANGED_SHARE == CHANGED_SHARE // 2] or docs[:1]
    originals = {d.path: (corpus / d.path).read_bytes() for d in chosen}
    listing = out / f"changed-{len(docs)}.txt"
    listing.write_text("\n".join(str(corpus / d.path) for d in chosen) + "\n", encoding="utf-8")
    # New bodies differ from run to run, so a reused index never already holds them.
    change_seed = seed + CHANGE_SEED_OFFSET + time.time_ns() % 1_000_000_007
    try:
        for d in chosen:
            _, text = generate.make_document(d.index, change_seed, (d.form,))
            (corpus / d.path).write_bytes(text.encode("utf-8"))
        build = run_job("build", str(corpus), str(index_dir), "--workers", str(workers))
        update = run_job("fts5-update", str(db), str(listing))
    finally:
        for path, data in originals.items():
            (corpus / path).write_bytes(data)
    # Index the original files again (not timed), so that a later --reuse run finds the
    # documents its request log names.
    run_job("build", str(corpus), str(index_dir), "--workers", str(workers))
    run_job("fts5-update", str(db), str(listing))
    return len(chosen), build, update


def bench_one(n: int, args) -> report.Figures:
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    corpus, docs = ensure_corpus(out, n, args.seed, args.workers)
    index_dir, db, queries_path = out / f"index-{n}", out / f"fts5-{n}.db", out / f"queries-{n}.json"
    stream_path = out / f"stream-{n}.json"

    jobs_path = out / f"jobs-{n}.json"
    if args.reuse and jobs_path.is_file() and index_dir.is_dir() and db.is_file():
        log("reusing the FTS5 database, the index and their build figures")
        jobs = json.loads(jobs_path.read_text(encoding="utf-8"))
        fts, build = jobs["fts5-load"], jobs["build"]
    else:
        log("FTS5: parsing and loading")
        fts = run_job("fts5-load", str(corpus), str(db), str(queries_path),
                      "--workers", str(args.workers), "--per-class", str(args.per_class),
                      "--seed", str(args.seed), "--stream", str(stream_path))
        log(f"FTS5: parse {fts['parse_seconds']:.1f} s, load {fts['load_seconds']:.1f} s")
        log("refsearch: full build")
        if index_dir.exists():
            shutil.rmtree(index_dir)
        build = run_job("build", str(corpus), str(index_dir), "--rebuild",
                        "--workers", str(args.workers))
        log(f"refsearch: built in {build['seconds']:.1f} s")
        jobs_path.write_text(json.dumps({"fts5-load": fts, "build": build}), encoding="utf-8")
    queries = QuerySet.from_dict(json.loads(queries_path.read_text(encoding="utf-8")))
    size = index_bytes(index_dir)

    log("results pages: refsearch")
    latency = latency_refsearch(index_dir, queries, args.runs)
    log("results pages: FTS5")
    fts_latency = latency_fts5(db, queries, args.runs)

    stream = ensure_stream(corpus, stream_path, args.seed, args.workers)
    log("web app in process: replaying the request log")
    in_process = replay_in_process(index_dir, stream, max(3.0, args.web_seconds / 2))
    loads = web_loads(index_dir, stream, args)

    levers = {}
    if args.levers:
        log("levers: results pages with one part of the work changed")
        from bench.speed.levers import measure_levers
        levers = measure_levers(index_dir, queries, max(10, args.runs // 2), time_requests)

    log("incremental re-index of 1%")
    changed, again, update = incremental(corpus, docs, index_dir, db, out, args.seed,
                                         args.workers)
    log(f"incremental: refsearch {again['seconds']:.2f} s, FTS5 "
        f"{update['parse_seconds'] + update['load_seconds']:.2f} s")

    workers = args.workers or 1
    build_peak = build["peak_self_mb"] + (workers * build["peak_children_mb"]
                                         if build["peak_children_mb"] > 0 else 0)
    fts_peak = fts["peak_self_mb"] + workers * fts["peak_children_mb"]
    return report.Figures(
        n=n, documents=fts["documents"], corpus_bytes=sum(d.size for d in docs),
        build_seconds=build["seconds"], build_cpu_seconds=build["cpu_seconds"],
        build_peak_mb=build_peak, index_bytes=size,
        fts_parse_seconds=fts["parse_seconds"], fts_load_seconds=fts["load_seconds"],
        fts_peak_mb=fts_peak, fts_cpu_seconds=fts["cpu_seconds"], fts_bytes=fts["size_bytes"],
        changed=changed, incremental_seconds=again["seconds"],
        fts_update_seconds=update["parse_seconds"] + update["load_seconds"],
        latency=latency, fts_latency=fts_latency, web_loads=loads, in_process=in_process,
        stream={"requests": len(stream.requests), "distinct": stream.distinct(),
                **{kind: stream.distinct(kind) for kind in ("search", "page 2", "document", "cite")}},
        cores=os.cpu_count() or 1, levers=levers)


def _counts(text: str) -> tuple[int, ...]:
    try:
        counts = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of client counts: {text!r}") from None
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError(f"not a list of client counts: {text!r}")
    return counts


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/run", description="Benchmark refsearch against SQLite FTS5 on generated corpora.")
    parser.add_argument("--n", type=int, action="append", dest="ns",
                        help="corpus size; repeat for several (default 10000)")
    parser.add_argument("--smoke", action="store_true",
                        help="quick end-to-end run: N=500, short web load, few runs")
    parser.add_argument("--seed", type=int, default=0, help="corpus and query seed (default 0)")
    parser.add_argument("--out", type=Path, default=OUT_DIR,
                        help="work folder for corpora, indexes and databases (default bench/out)")
    parser.add_argument("--results", type=Path, default=None,
                        help="Markdown file to write (default bench/RESULTS.md; "
                             "bench/out/RESULTS-smoke.md with --smoke; "
                             "bench/RELEVANCE.md with --relevance)")
    parser.add_argument("--runs", type=int, default=None,
                        help="timed results pages per query class (default 100; smoke 20)")
    parser.add_argument("--per-class", type=int, default=None,
                        help="distinct queries per class (default 20; smoke 5)")
    parser.add_argument("--web-seconds", type=float, default=None,
                        help="length of each web load (default 60; smoke 3)")
    parser.add_argument("--warm-up", type=float, default=None,
                        help="seconds of web load before each measured one (default 5; smoke 1)")
    parser.add_argument("--clients", type=_counts, default=(8, 32),
                        help="concurrent web clients, comma-separated (default 8,32)")
    parser.add_argument("--levers", action=argparse.BooleanOptionalAction, default=None,
                        help="also time results pages with one part of the work changed "
                             "(default: on, off with --smoke)")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the last run's index, FTS5 database and build figures; "
                             "measure queries, web load and incremental re-index again")
    parser.add_argument("--relevance", action="store_true",
                        help="measure ranking quality instead: the judged needs of "
                             "bench/relevance against FTS5 and tantivy, written to "
                             "bench/RELEVANCE.md or --results FILE "
                             "(python -m bench.relevance --help for its options)")
    parser.add_argument("--report-only", action="store_true",
                        help="only rewrite the results file from the figures the last run saved")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="processes for generating, parsing and building (default: every core)")
    args = parser.parse_args(argv)
    args.relevance_results = args.results  # only where the user says: the relevance default differs
    smoke = args.smoke
    args.ns = args.ns or ([500] if smoke else [10_000])
    args.runs = args.runs or (20 if smoke else 100)
    args.per_class = args.per_class or (5 if smoke else 20)
    args.web_seconds = args.web_seconds or (3.0 if smoke else 60.0)
    args.warm_up = args.warm_up if args.warm_up is not None else (1.0 if smoke else 5.0)
    args.levers = (not smoke) if args.levers is None else args.levers
    args.results = args.results or (args.out / "RESULTS-smoke.md" if smoke else RESULTS)
    return args


def figures_path(out: Path, n: int) -> Path:
    return out / f"figures-{n}.json"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.relevance:
        from bench.relevance.cli import main as relevance_main
        results = ["--results", str(args.relevance_results)] if args.relevance_results else []
        return relevance_main(["--work", str(args.out / "relevance"), *results])
    if args.report_only:
        runs = [report.Figures(**json.loads(figures_path(args.out, n).read_text(encoding="utf-8")))
                for n in args.ns]
    else:
        runs = []
        for n in args.ns:
            figures = bench_one(n, args)
            figures_path(args.out, n).write_text(json.dumps(asdict(figures)), encoding="utf-8")
            runs.append(figures)
    analysis = ANALYSIS.read_text(encoding="utf-8") if ANALYSIS.is_file() and not args.smoke else ""
    machine = machine_info(args.ns)
    if args.report_only:
        machine["Date"] = dt.datetime.fromtimestamp(
            figures_path(args.out, args.ns[0]).stat().st_mtime, dt.UTC).strftime(
            "%Y-%m-%d %H:%M UTC")
    text = report.markdown(runs, machine, analysis)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(text, encoding="utf-8")
    log(f"wrote {args.results}")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
