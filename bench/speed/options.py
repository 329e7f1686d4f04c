"""The options of ``bench/run``, with the defaults of a full run and of a smoke run."""
from __future__ import annotations

import argparse
import os
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parents[1]
OUT_DIR = BENCH_DIR / "out"
RESULTS = BENCH_DIR / "RESULTS.md"
RESULTS_LANGUAGES = BENCH_DIR / "RESULTS-languages.md"  # with --other-languages


def _counts(text: str) -> tuple[int, ...]:
    try:
        counts = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of client counts: {text!r}") from None
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError(f"not a list of client counts: {text!r}")
    return counts


def _share(text: str) -> float:
    try:
        share = float(text)
    except ValueError:
        share = -1.0
    if not 0 <= share <= 1:
        raise argparse.ArgumentTypeError(f"not a share between 0 and 1: {text!r}")
    return share


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/run", description="Benchmark refsearch against SQLite FTS5 on generated corpora.")
    parser.add_argument("--n", type=int, action="append", dest="ns",
                        help="corpus size; repeat for several (default 10000)")
    parser.add_argument("--smoke", action="store_true",
                        help="quick end-to-end run: N=500, short web load, few runs")
    parser.add_argument("--seed", type=int, default=0, help="corpus and query seed (default 0)")
    parser.add_argument("--other-languages", type=_share, default=0.0, metavar="SHARE",
                        help="share of the corpus's documents in other languages than English, "
                             "learned from the shared corpus's udhr/ texts, with queries in them "
                             "in every class (default 0; the issue's figure is 0.1)")
    parser.add_argument("--out", type=Path, default=OUT_DIR,
                        help="work folder for corpora, indexes and databases (default bench/out)")
    parser.add_argument("--results", type=Path, default=None,
                        help="Markdown file to write (default bench/RESULTS.md; "
                             "bench/RESULTS-languages.md with --other-languages; "
                             "bench/out/RESULTS-smoke.md with --smoke; "
                             "bench/RELEVANCE.md with --relevance)")
    parser.add_argument("--runs", type=int, default=None,
                        help="timed results pages per query class (default 100; smoke 20)")
    parser.add_argument("--per-class", type=int, default=None,
                        help="distinct queries per class (default 20; smoke 5)")
    parser.add_argument("--web-seconds", type=float, default=None,
                        help="length of each web load (default 60; smoke 3)")
    parser.add_argument("--warm-up", type=int, default=None,
                        help="requests each server process answers before a web load is measured, "
                             "and the web app in process before its replay (default 1000; smoke 20)")
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
    parser.add_argument("--web-only", action="store_true",
                        help="measure the web part only (in process and refsearch serve) on the index "
                             "and request log an earlier run left; print its tables, save them in "
                             "that size's figures (if any) for --report-only")
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
    args.warm_up = args.warm_up if args.warm_up is not None else (20 if smoke else 1000)
    args.levers = (not smoke) if args.levers is None else args.levers
    args.results = args.results or (args.out / "RESULTS-smoke.md" if smoke
                                    else RESULTS_LANGUAGES if args.other_languages else RESULTS)
    return args
