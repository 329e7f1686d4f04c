"""The texts a rewritten analysis step is compared on with the step it replaced: the shared
corpus's real documents (every text, Markdown and HTML file) and a spread of the benchmark's
generated documents, so that a shortcut is proven equal on what users index, not only on
texts written for the test."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from bench.corpus.generate import make_document

REAL_SUFFIXES = (".md", ".txt", ".html")


def real_texts(corpus_dir: Path) -> list[str]:
    """Every real document's text, in path order."""
    files = sorted(p for p in corpus_dir.rglob("*") if p.suffix in REAL_SUFFIXES)
    return [path.read_text(encoding="utf-8", errors="replace") for path in files]


def generated_texts(corpus_dir: Path, count: int = 400, every: int = 5) -> Iterator[str]:
    """The text form of every ``every``-th of the first ``count`` generated documents."""
    for i in range(0, count, every):
        yield make_document(i, forms=("text",), corpus_dir=corpus_dir)[1]
