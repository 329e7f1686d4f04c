"""Run the benchmarks: index build, incremental re-index, results-page latency, web load.

The build, the re-index and the results pages are measured for refsearch
and for two baselines, SQLite FTS5 and tantivy, on the same generated
corpus (see ``bench.corpus.generate``) in the same run, and written as
Markdown tables with ratios (``bench.speed.report``).

``python -m bench.speed.run --n 10000 --n 100000`` (or ``bench/run ...``);
``--smoke`` is a quick end-to-end run at N=500. Corpora, indexes and the
FTS5 databases live under ``bench/out/`` (git-ignored); a corpus is
generated once per (N, seed) and reused.

Order of work for each N: generate (or reuse) the corpus; parse it and load
FTS5 in a child process (which also draws the queries and the web request
log); build the refsearch index in a child process; parse the corpus again
and build the tantivy index in a child process; time results pages in this
process with one long-lived searcher, one FTS5 connection and one tantivy
searcher; replay the request log through the web app in a fresh process (one
caller, results cache off); serve the index with a real ``refsearch serve``
and replay the log from 8 and from 32 concurrent clients, results cache on
and off; finally rewrite 1% of the files with new bodies, re-index
incrementally with all three, and put the original files back.
"""
from __future__ import annotations

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
from typing import Any

from bench.corpus import generate
from bench.speed.queries import CLASSES, QuerySet, sample
from bench.speed.stream import Stream, build_stream

from . import fts5, report, tantivy_page, webloads
from .options import parse_args

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BENCH_DIR = PROJECT_ROOT / "bench"
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
        "tantivy": tantivy_version(),
    }


def tantivy_version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("tantivy")
    except PackageNotFoundError:
        return "unknown"


def ensure_corpus(out: Path, n: int, seed: int, workers: int,
                  other_languages: float = 0.0) -> tuple[Path, list]:
    """The corpus for (n, seed) with a share ``other_languages`` of documents in other
    languages under ``out``, generated unless a matching one is there."""
    corpus = out / (f"corpus-{n}-seed{seed}" + (f"-other{other_languages:g}" if other_languages else ""))
    found = generate.read_manifest(corpus)
    if (found and found[0]["n"] == n and found[0]["seed"] == seed
            and found[0].get("other_languages", 0.0) == other_languages):
        log(f"reusing corpus {corpus}")
        return corpus, found[1]
    if corpus.exists():
        shutil.rmtree(corpus)
    log(f"generating {n:,} documents into {corpus}")
    started = time.perf_counter()
    docs = generate.write_corpus(corpus, n, seed, workers=workers, other_languages=other_languages)
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


def latency_tantivy(folder: Path, queries: QuerySet, runs: int) -> dict[str, list[float]]:
    pages = tantivy_page.TantivyPages(tantivy_page.open_index(folder))
    return time_requests(pages.search_page, queries, runs)


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


def replay_in_process(index_dir: Path, stream_path: Path, seconds: float, warm_up: int) -> dict:
    """The log answered by the web app in a fresh process, one request at a time, no results
    cache, after ``warm_up`` requests (as many as each server process is given)."""
    done = run_job("web-in-process", str(index_dir), str(stream_path), "--seconds", str(seconds),
                   "--warm-up", str(warm_up))
    return {key: done[key] for key in ("latencies", "kinds", "errors", "replay_cpu_seconds", "warm_up")}


def incremental(corpus: Path, docs: list, index_dir: Path, db: Path, peer: Path, out: Path,
                seed: int, workers: int, other_languages: float = 0.0) -> tuple[int, dict, dict, dict]:
    """Rewrite 1% of the files with new bodies, re-index with all three, restore the files and
    re-index them again."""
    chosen = [d for d in docs if d.index % CHANGED_SHARE == CHANGED_SHARE // 2] or docs[:1]
    originals = {d.path: (corpus / d.path).read_bytes() for d in chosen}
    listing = out / f"changed-{len(docs)}.txt"
    listing.write_text("\n".join(str(corpus / d.path) for d in chosen) + "\n", encoding="utf-8")
    # New bodies differ from run to run, so a reused index never already holds them.
    change_seed = seed + CHANGE_SEED_OFFSET + time.time_ns() % 1_000_000_007
    try:
        for d in chosen:
            _, text = generate.make_document(d.index, change_seed, (d.form,),
                                             other_languages=other_languages)
            (corpus / d.path).write_bytes(text.encode("utf-8"))
        build = run_job("build", str(corpus), str(index_dir), "--workers", str(workers))
        update = run_job("fts5-update", str(db), str(listing))
        peer_update = run_job("tantivy-update", str(peer), str(listing))
    finally:
        for path, data in originals.items():
            (corpus / path).write_bytes(data)
    # Index the original files again (not timed), so that a later --reuse run finds the
    # documents its request log names.
    run_job("build", str(corpus), str(index_dir), "--workers", str(workers))
    run_job("fts5-update", str(db), str(listing))
    run_job("tantivy-update", str(peer), str(listing))
    return len(chosen), build, update, peer_update


def bench_one(n: int, args) -> report.Figures:
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    corpus, docs = ensure_corpus(out, n, args.seed, args.workers, args.other_languages)
    tag = f"{n}-other{args.other_languages:g}" if args.other_languages else f"{n}"  # --reuse finds its own
    index_dir, db, queries_path = out / f"index-{tag}", out / f"fts5-{tag}.db", out / f"queries-{tag}.json"
    stream_path, peer = out / f"stream-{tag}.json", out / f"tantivy-{tag}"

    jobs_path = out / f"jobs-{tag}.json"
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
    jobs = json.loads(jobs_path.read_text(encoding="utf-8"))
    if args.reuse and "tantivy-load" in jobs and peer.is_dir():
        log("reusing the tantivy index and its build figures")
        tv = jobs["tantivy-load"]
    else:
        log("tantivy: parsing and building")
        tv = run_job("tantivy-load", str(corpus), str(peer), "--workers", str(args.workers))
        log(f"tantivy: parse {tv['parse_seconds']:.1f} s, build {tv['load_seconds']:.1f} s")
        jobs_path.write_text(json.dumps({**jobs, "tantivy-load": tv}), encoding="utf-8")
    queries = QuerySet.from_dict(json.loads(queries_path.read_text(encoding="utf-8")))
    size = index_bytes(index_dir)

    log("results pages: refsearch")
    latency = latency_refsearch(index_dir, queries, args.runs)
    log("results pages: FTS5")
    fts_latency = latency_fts5(db, queries, args.runs)
    log("results pages: tantivy")
    tantivy_latency = latency_tantivy(peer, queries, args.runs)

    stream = ensure_stream(corpus, stream_path, args.seed, args.workers)
    log("web app in process: replaying the request log")
    in_process = replay_in_process(index_dir, stream_path, max(3.0, args.web_seconds / 2), args.warm_up)
    loads = webloads.web_loads(index_dir, stream, args, log)
    single = webloads.single_process_load(index_dir, stream, args, log)

    levers = {}
    if args.levers:
        log("levers: results pages with one part of the work changed")
        from bench.speed.levers import measure_levers
        levers = measure_levers(index_dir, queries, max(10, args.runs // 2), time_requests)

    log("incremental re-index of 1%")
    changed, again, update, peer_update = incremental(corpus, docs, index_dir, db, peer, out,
                                                      args.seed, args.workers, args.other_languages)
    log(f"incremental: refsearch {again['seconds']:.2f} s, FTS5 "
        f"{update['parse_seconds'] + update['load_seconds']:.2f} s, tantivy "
        f"{peer_update['parse_seconds'] + peer_update['load_seconds']:.2f} s")

    workers = args.workers or 1
    build_peak = build["peak_self_mb"] + (workers * build["peak_children_mb"]
                                         if build["peak_children_mb"] > 0 else 0)
    fts_peak = fts["peak_self_mb"] + workers * fts["peak_children_mb"]
    tantivy_peak = tv["peak_self_mb"] + workers * tv["peak_children_mb"]
    return report.Figures(
        n=n, documents=fts["documents"], corpus_bytes=sum(d.size for d in docs),
        build_seconds=build["seconds"], build_cpu_seconds=build["cpu_seconds"],
        build_peak_mb=build_peak, index_bytes=size,
        fts_parse_seconds=fts["parse_seconds"], fts_load_seconds=fts["load_seconds"],
        fts_peak_mb=fts_peak, fts_cpu_seconds=fts["cpu_seconds"], fts_bytes=fts["size_bytes"],
        changed=changed, incremental_seconds=again["seconds"],
        fts_update_seconds=update["parse_seconds"] + update["load_seconds"],
        tantivy_parse_seconds=tv["parse_seconds"], tantivy_load_seconds=tv["load_seconds"],
        tantivy_peak_mb=tantivy_peak, tantivy_cpu_seconds=tv["cpu_seconds"],
        tantivy_bytes=tv["size_bytes"],
        tantivy_update_seconds=peer_update["parse_seconds"] + peer_update["load_seconds"],
        latency=latency, fts_latency=fts_latency, tantivy_latency=tantivy_latency, web_loads=loads, web_single=single,
        in_process=in_process,
        stream={"requests": len(stream.requests), "distinct": stream.distinct(),
                **{kind: stream.distinct(kind) for kind in ("search", "page 2", "document", "cite")}},
        cores=os.cpu_count() or 1, levers=levers)


def web_only(n: int, args) -> str:
    """Measure the web part alone on the index and request log of an earlier run at ``n``; keep
    its figures in that run's saved figures (when there are any); the web tables and targets."""
    tag = f"{n}-other{args.other_languages:g}" if args.other_languages else f"{n}"
    index_dir, stream_path = args.out / f"index-{tag}", args.out / f"stream-{tag}.json"
    if not index_dir.is_dir() or not stream_path.is_file():
        raise SystemExit(f"bench/run: no index or request log at {args.out} for {n} documents: "
                         f"run bench/run --n {n} first")
    stream = Stream.from_dict(json.loads(stream_path.read_text(encoding="utf-8")))
    log("web app in process: replaying the request log")
    in_process = replay_in_process(index_dir, stream_path, max(3.0, args.web_seconds / 2), args.warm_up)
    loads = webloads.web_loads(index_dir, stream, args, log)
    web: dict[str, Any] = {"web_loads": loads, "web_single": webloads.single_process_load(index_dir, stream, args, log),
                           "in_process": in_process, "cores": os.cpu_count() or 1,
           "stream": {"requests": len(stream.requests), "distinct": stream.distinct(),
                      **{kind: stream.distinct(kind) for kind in ("search", "page 2", "document", "cite")}}}
    saved = figures_path(args.out, n, args.other_languages)
    if saved.is_file():
        saved.write_text(json.dumps({**json.loads(saved.read_text(encoding="utf-8")), **web}), encoding="utf-8")
    figures = report.Figures(n=n, documents=0, corpus_bytes=0, build_seconds=0, build_cpu_seconds=0,
                             build_peak_mb=0, index_bytes=index_bytes(index_dir), fts_parse_seconds=0,
                             fts_load_seconds=0, fts_peak_mb=0, fts_cpu_seconds=0, fts_bytes=0, changed=0,
                             incremental_seconds=0, fts_update_seconds=0, **web)
    met = [f"- {'met' if ok else 'missed'}: {name}: {detail}" for name, ok, detail in report.targets(figures)
           if name.startswith("web")]
    return "\n".join([f"## {n:,} documents, web only", "", report.web_table(figures), "", *met, ""])


def figures_path(out: Path, n: int, other_languages: float = 0.0) -> Path:
    return out / (f"figures-{n}-other{other_languages:g}.json" if other_languages else f"figures-{n}.json")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.relevance:
        from bench.relevance.cli import main as relevance_main
        results = ["--results", str(args.relevance_results)] if args.relevance_results else []
        return relevance_main(["--work", str(args.out / "relevance"), *results])
    if args.web_only:
        print("\n".join(web_only(n, args) for n in args.ns))
        return 0
    if args.report_only:
        runs = [report.Figures(**json.loads(figures_path(args.out, n, args.other_languages).read_text(
                    encoding="utf-8")))
                for n in args.ns]
    else:
        runs = []
        for n in args.ns:
            figures = bench_one(n, args)
            figures_path(args.out, n, args.other_languages).write_text(json.dumps(asdict(figures)),
                                                                       encoding="utf-8")
            runs.append(figures)
    analysis = ANALYSIS.read_text(encoding="utf-8") if ANALYSIS.is_file() and not args.smoke else ""
    machine = machine_info(args.ns)
    if args.other_languages:
        machine["Documents in other languages"] = (f"{args.other_languages:.0%} (bodies learned from the "
                                                   f"Universal Declaration of Human Rights)")
    if args.report_only:
        machine["Date"] = dt.datetime.fromtimestamp(
            figures_path(args.out, args.ns[0], args.other_languages).stat().st_mtime, dt.UTC).strftime(
            "%Y-%m-%d %H:%M UTC")
    text = report.markdown(runs, machine, analysis)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(text, encoding="utf-8")
    log(f"wrote {args.results}")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
