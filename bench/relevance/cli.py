"""The command line of the relevance benchmark (``python -m bench.relevance``, ``bench/run --relevance``).

``python -m bench.relevance [options]`` ranks the needs of the chosen
splits with the three engines and writes the report;
``python -m bench.relevance pool [options]`` writes a blind judging pool of
one split instead.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from . import judgements, report, runner, sheet
from .pool import pool

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"
DEFAULT_WORK = PROJECT_ROOT / "bench" / "out" / "relevance"
DEFAULT_REPORT = PROJECT_ROOT / "bench" / "RELEVANCE.md"


def log(message: str) -> None:
    print(f"[relevance {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="the shared corpus folder (default ../shared/corpus)")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK,
                        help="folder for the refsearch index (default bench/out/relevance)")
    parser.add_argument("--needs", type=Path, default=judgements.HERE,
                        help="folder of the splits: dev/needs.json, test/needs-*.json and each "
                             "split's pool-judgements.json (default bench/relevance)")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.relevance",
        description="Rank the judged needs with refsearch, SQLite FTS5 and tantivy, look up the "
                    "citation cases, and write the figures as Markdown. "
                    "`python -m bench.relevance pool --help`: the blind judging pool.")
    _common(parser)
    parser.add_argument("--results", "--report", dest="results", type=Path, default=DEFAULT_REPORT,
                        help="Markdown file to write (default bench/RELEVANCE.md)")
    parser.add_argument("--split", choices=(*judgements.SPLITS, "all"), default="all",
                        help="which needs to rank: the development split, the sealed test split, "
                             "or both (default all)")
    parser.add_argument("--citations", type=Path, default=judgements.CITATIONS_FILE,
                        help="citation cases, looked up with the development split "
                             "(default bench/relevance/citations.json)")
    parser.add_argument("--sheet", type=Path, default=None,
                        help="also write a judging sheet of the unjudged documents in any engine's "
                             "top 20 for the development split, naming engine and rank")
    return parser.parse_args(argv)


def parse_pool_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.relevance pool",
        description="List, per need of a split, the documents in the three engines' top DEPTH that "
                    "the need does not judge yet, without saying which engine returned them, as JSON "
                    "for judging blind.")
    _common(parser)
    parser.add_argument("--split", choices=judgements.SPLITS, default="test",
                        help="the split to pool (default test)")
    parser.add_argument("--depth", type=int, default=runner.POOL_DEPTH,
                        help=f"results of each engine pooled per need (default {runner.POOL_DEPTH})")
    parser.add_argument("--out", type=Path, required=True, help="JSON file to write")
    return parser.parse_args(argv)


def _check(corpus: Path) -> bool:
    if corpus.is_dir():
        return True
    print(f"error: no corpus folder at {corpus}; pass --corpus", file=sys.stderr)
    return False


def main_pool(argv: list[str]) -> int:
    args = parse_pool_args(argv)
    if args.depth < 1:
        print("error: --depth must be at least 1", file=sys.stderr)
        return 2
    if not _check(args.corpus):
        return 2
    try:
        needs = judgements.load_split(args.split, args.needs)
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    runs = runner.run(args.corpus, args.work, {args.split: needs}, (), log=log,
                      depth=max(args.depth, runner.POOL_DEPTH))
    listed = pool(runs[args.split], args.split, args.depth)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(listed, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    log(f"wrote {args.out}: {sum(len(n['documents']) for n in listed['needs'])} documents "
        f"in {len(listed['needs'])} needs")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["pool"]:
        return main_pool(argv[1:])
    args = parse_args(argv)
    if not _check(args.corpus):
        return 2
    names = judgements.SPLITS if args.split == "all" else (args.split,)
    try:
        splits = {name: judgements.load_split(name, args.needs) for name in names}
        cases = judgements.load_citations(args.citations) if "dev" in splits else ()
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    runs = runner.run(args.corpus, args.work, splits, cases, log=log)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(report.markdown(runs), encoding="utf-8")
    log(f"wrote {args.results} ({next(iter(runs.values())).seconds:.0f} s)")
    if args.sheet and "dev" in runs:
        args.sheet.parent.mkdir(parents=True, exist_ok=True)
        args.sheet.write_text(sheet.markdown(runs["dev"]), encoding="utf-8")
        log(f"wrote {args.sheet}")
    return 0
