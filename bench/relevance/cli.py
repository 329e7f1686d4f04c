"""The command line of the relevance benchmark (``python -m bench.relevance``, ``bench/run --relevance``)."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import judgements, report, runner, sheet

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"
DEFAULT_WORK = PROJECT_ROOT / "bench" / "out" / "relevance"
DEFAULT_REPORT = PROJECT_ROOT / "bench" / "RELEVANCE.md"


def log(message: str) -> None:
    print(f"[relevance {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.relevance",
        description="Rank the judged needs with refsearch and SQLite FTS5, look up the citation "
                    "cases, and write the figures as Markdown.")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="the shared corpus folder (default ../shared/corpus)")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK,
                        help="folder for the refsearch index (default bench/out/relevance)")
    parser.add_argument("--report", type=Path, default=DEFAULT_REPORT,
                        help="Markdown file to write (default bench/RELEVANCE.md)")
    parser.add_argument("--needs", type=Path, default=judgements.NEEDS_FILE,
                        help="judged needs (default bench/relevance/needs.json)")
    parser.add_argument("--citations", type=Path, default=judgements.CITATIONS_FILE,
                        help="citation cases (default bench/relevance/citations.json)")
    parser.add_argument("--sheet", type=Path, default=None,
                        help="also write a judging sheet of the unjudged documents in either "
                             "engine's top 20 to this file")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.corpus.is_dir():
        print(f"error: no corpus folder at {args.corpus}; pass --corpus", file=sys.stderr)
        return 2
    try:
        needs = judgements.load_needs(args.needs)
        cases = judgements.load_citations(args.citations)
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    result = runner.run(args.corpus, args.work, needs, cases, log=log)
    text = report.markdown(result)
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(text, encoding="utf-8")
    log(f"wrote {args.report} ({result.seconds:.0f} s)")
    if args.sheet:
        args.sheet.parent.mkdir(parents=True, exist_ok=True)
        args.sheet.write_text(sheet.markdown(result), encoding="utf-8")
        log(f"wrote {args.sheet}")
    return 0
