"""CPU time to read a page: HTML by BeautifulSoup, HTML by the lxml fast path, the same documents as text dumps.

Generates the same documents twice (seed 0): once in the four HTML layouts,
once as text dumps, so the three figures are for the same words. Files are
read into memory first and ``parse_reading`` is timed with
``time.process_time`` (CPU, not wall clock, so a busy machine distorts it
less); the three readers take turns round after round and the median
round is reported.

Command line: ``python -m bench.speed.reading WORK_DIR [-n 2000] [--rounds 3]``.
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from bench.corpus.forms import HTML_FORMS
from bench.corpus.generate import write_corpus
from indexer.documents.reader import parse_reading


def _files(folder: Path, n: int, forms: tuple[str, ...]) -> list[tuple[str, bytes]]:
    if not (folder / "generated.json").is_file():
        write_corpus(folder, n, forms=forms)
    paths = sorted(p for p in folder.rglob("*") if p.suffix in (".html", ".txt"))
    return [(str(p), p.read_bytes()) for p in paths]


def _ms_per_file(files: list[tuple[str, bytes]], fast_html: bool) -> float:
    start = time.process_time()
    for path, data in files:
        parse_reading(data, path, fast_html=fast_html)
    return (time.process_time() - start) * 1000 / len(files)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("work", type=Path, help="folder for the generated documents (reused when present)")
    parser.add_argument("-n", type=int, default=2000, help="documents in each form")
    parser.add_argument("--rounds", type=int, default=3, help="turns each reader takes")
    args = parser.parse_args(argv)
    html = _files(args.work / f"html-{args.n}", args.n, HTML_FORMS)
    text = _files(args.work / f"text-{args.n}", args.n, ("text",))
    runs: dict[str, list[float]] = {"html, BeautifulSoup": [], "html, lxml fast path": [], "text dump": []}
    for _ in range(args.rounds):
        runs["html, BeautifulSoup"].append(_ms_per_file(html, fast_html=False))
        runs["html, lxml fast path"].append(_ms_per_file(html, fast_html=True))
        runs["text dump"].append(_ms_per_file(text, fast_html=True))
    print(f"{len(html)} HTML pages ({sum(len(d) for _, d in html) / len(html) / 1000:.1f} KB each), "
          f"{len(text)} text dumps ({sum(len(d) for _, d in text) / len(text) / 1000:.1f} KB each)")
    for name, values in runs.items():
        print(f"{name:22} {statistics.median(values):6.2f} CPU ms per file "
              f"(rounds: {', '.join(f'{v:.2f}' for v in values)})")


if __name__ == "__main__":
    main()
