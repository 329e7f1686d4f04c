"""Benchmark steps that run in their own process, so their time and memory are theirs alone.

``python -m bench.speed.jobs <job> ...`` prints one JSON line: the step's figures,
its wall time, its CPU time and the peak resident memory of the process and
of its children (``resource.getrusage``; Linux reports kilobytes). Jobs:

- ``build``: ``indexer.build.update_index`` over a corpus (full or incremental).
- ``fts5-load``: parse every file with the refsearch reader (on every core),
  then load the parsed documents into SQLite FTS5; parse and load are timed
  apart. Also writes the benchmark queries and the web request log
  (``bench.speed.stream``) drawn from the parsed documents.
- ``fts5-update``: parse the listed changed files and replace them in FTS5.
- ``tantivy-load``: parse every file again the same way, then build a tantivy
  index of the parsed documents with one writer on every core
  (``bench.speed.tantivy_page``); parse and load are timed apart.
- ``tantivy-update``: parse the listed changed files and replace them in tantivy.
- ``web-in-process``: the web request log answered by the web app in this fresh
  process, one request at a time, no results cache (``bench.speed.stream.replay``),
  after the same warm-up in requests as each server process gets: a server
  process starts as fresh, and the caches a process fills as it answers
  (did-you-mean terms, near-copy signatures, analysed words) make its first
  thousand requests cost more than its later ones.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

from indexer import config


def usage() -> dict:
    """Peak memory (MB) and CPU seconds of this process and its waited-for children."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"peak_self_mb": me.ru_maxrss / 1024, "peak_children_mb": kids.ru_maxrss / 1024,
            "cpu_seconds": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime}


def corpus_files(corpus: Path) -> list[Path]:
    """The documents of a corpus folder in a stable order (the manifest is not one)."""
    return sorted(p for p in corpus.rglob("*")
                  if p.is_file() and p.suffix.lower() in config.DOCUMENT_SUFFIXES)


def _parse(path: Path):
    from indexer.documents.reader import read_document
    from indexer.errors import DocumentError
    try:
        return read_document(path)
    except DocumentError:
        return None


def parse_all(paths: list[Path], workers: int) -> list:
    """Read every file with the refsearch reader; files it refuses are left out."""
    if workers > 1 and len(paths) > 50:
        import multiprocessing
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            docs = list(pool.imap(_parse, paths, chunksize=32))
    else:
        docs = [_parse(p) for p in paths]
    return [d for d in docs if d is not None]


def job_build(args) -> dict:
    from indexer.build import update_index
    started = time.perf_counter()
    report = update_index([args.corpus], args.index, rebuild=args.rebuild, progress=False,
                          workers=args.workers)
    seconds = time.perf_counter() - started
    counts = {name: len(getattr(report, name))
              for name in ("added", "updated", "removed", "unchanged", "skipped")}
    return {"seconds": seconds, "documents": report.documents, **counts}


def job_fts5_load(args) -> dict:
    from bench.speed import fts5
    from bench.speed.queries import build_queries, sample
    from bench.speed.stream import build_stream
    paths = corpus_files(args.corpus)
    started = time.perf_counter()
    docs = parse_all(paths, args.workers)
    parsed = time.perf_counter()
    conn = fts5.create(args.db)
    fts5.load(conn, docs)
    conn.close()
    loaded = time.perf_counter()
    queries = build_queries(docs, per_class=args.per_class, seed=args.seed)
    args.queries.write_text(json.dumps(queries.to_dict()), encoding="utf-8")
    if args.stream:
        args.stream.write_text(json.dumps(build_stream(sample(docs), seed=args.seed).to_dict()),
                               encoding="utf-8")
    return {"files": len(paths), "documents": len(docs), "parse_seconds": parsed - started,
            "load_seconds": loaded - parsed, "size_bytes": fts5.size_bytes(args.db)}


def job_fts5_update(args) -> dict:
    from bench.speed import fts5
    paths = [Path(line) for line in args.changed.read_text(encoding="utf-8").splitlines() if line]
    started = time.perf_counter()
    docs = parse_all(paths, 1)
    parsed = time.perf_counter()
    conn = fts5.connect(args.db)
    fts5.replace(conn, docs)
    conn.close()
    done = time.perf_counter()
    return {"documents": len(docs), "parse_seconds": parsed - started,
            "load_seconds": done - parsed}


def job_tantivy_load(args) -> dict:
    from bench.speed import tantivy_page
    paths = corpus_files(args.corpus)
    started = time.perf_counter()
    docs = parse_all(paths, args.workers)
    parsed = time.perf_counter()
    tantivy_page.load(tantivy_page.create(args.index), docs, threads=args.workers)
    loaded = time.perf_counter()
    size = sum(p.stat().st_size for p in args.index.rglob("*") if p.is_file())
    return {"files": len(paths), "documents": len(docs), "parse_seconds": parsed - started,
            "load_seconds": loaded - parsed, "size_bytes": size}


def job_tantivy_update(args) -> dict:
    from bench.speed import tantivy_page
    paths = [Path(line) for line in args.changed.read_text(encoding="utf-8").splitlines() if line]
    started = time.perf_counter()
    docs = parse_all(paths, 1)
    parsed = time.perf_counter()
    tantivy_page.replace(tantivy_page.open_index(args.index), docs)
    done = time.perf_counter()
    return {"documents": len(docs), "parse_seconds": parsed - started,
            "load_seconds": done - parsed}


def job_web_in_process(args) -> dict:
    from bench.speed.stream import Stream, replay
    from webapp import create_app
    stream = Stream.from_dict(json.loads(args.stream.read_text(encoding="utf-8")))
    app = create_app({"INDEX_DIR": args.index, "SEARCH_CACHE": 0})
    done = replay(app, stream, args.seconds, warm_up=args.warm_up)
    return {"latencies": done.latencies, "kinds": done.kinds, "errors": done.errors,
            "replay_cpu_seconds": done.cpu_seconds, "warm_up": args.warm_up}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.speed.jobs")
    sub = parser.add_subparsers(dest="job", required=True)
    build = sub.add_parser("build", help="index a corpus with refsearch")
    build.add_argument("corpus", type=Path)
    build.add_argument("index", type=Path)
    build.add_argument("--rebuild", action="store_true")
    build.add_argument("--workers", type=int, default=None)
    load = sub.add_parser("fts5-load", help="parse a corpus and load it into SQLite FTS5")
    load.add_argument("corpus", type=Path)
    load.add_argument("db", type=Path)
    load.add_argument("queries", type=Path, help="where to write the benchmark queries (JSON)")
    load.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    load.add_argument("--per-class", type=int, default=20)
    load.add_argument("--seed", type=int, default=0)
    load.add_argument("--stream", type=Path, default=None,
                      help="where to write the web benchmark's request log (JSON)")
    update = sub.add_parser("fts5-update", help="replace changed files in SQLite FTS5")
    update.add_argument("db", type=Path)
    update.add_argument("changed", type=Path, help="file listing the changed paths, one a line")
    peer = sub.add_parser("tantivy-load", help="parse a corpus and index it with tantivy")
    peer.add_argument("corpus", type=Path)
    peer.add_argument("index", type=Path, help="the tantivy index folder (replaced)")
    peer.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    peer_update = sub.add_parser("tantivy-update", help="replace changed files in tantivy")
    peer_update.add_argument("index", type=Path)
    peer_update.add_argument("changed", type=Path, help="file listing the changed paths, one a line")
    web = sub.add_parser("web-in-process", help="replay the web request log through the app in process")
    web.add_argument("index", type=Path)
    web.add_argument("stream", type=Path, help="the request log (JSON)")
    web.add_argument("--seconds", type=float, default=30.0, help="measured seconds")
    web.add_argument("--warm-up", type=int, default=0, help="requests answered first, not measured")
    args = parser.parse_args(argv)
    jobs = {"build": job_build, "fts5-load": job_fts5_load, "fts5-update": job_fts5_update,
            "tantivy-load": job_tantivy_load, "tantivy-update": job_tantivy_update,
            "web-in-process": job_web_in_process}
    result = jobs[args.job](args)
    result.update(usage())
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
