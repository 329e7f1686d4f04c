"""Every call the relevance benchmark makes into refsearch, in one place.

Searches and citation lookups go through the engine-neutral archive
(``indexer.archive``), as the CLI and the web app do; reading and index
writing through the reader and the builder. Anything else in
``bench.relevance`` sees only plain paths, snippets and confidences, so a
change of refsearch's API touches this file alone.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from indexer import config
from indexer.archive import Archive, open_archive
from indexer.build import write_index
from indexer.citations.lookup import lookup
from indexer.dates import parse_date
from indexer.documents.reader import parse_document
from indexer.errors import DocumentError
from indexer.records import Country, Document  # noqa: F401  (the record types callers build)
from indexer.refworld_urls import parse_refworld_url
from indexer.request import parse_request

# What the reader raises for a file it cannot read (re-exported for callers).
Unreadable = DocumentError


@dataclass(frozen=True)
class Ranked:
    """One hit: the file it came from and its passages (HTML, ``<mark>`` around matches)."""

    path: str
    snippets: tuple[str, ...]


@dataclass(frozen=True)
class Answer:
    """A results page reduced to what the relevance measures read."""

    hits: tuple[Ranked, ...]
    suggestion: str | None
    any_word: bool


def readable_suffixes() -> tuple[str, ...]:
    """The file endings refsearch reads as documents."""
    return tuple(config.DOCUMENT_SUFFIXES)


def read_file(data: bytes, path: str) -> Document:
    """The Document refsearch reads from a file's bytes, named ``path``; raises ``Unreadable``."""
    return parse_document(data, path)


def date_of(text: str | None) -> str | None:
    """A date as refsearch writes one (ISO, at the precision given)."""
    return parse_date(text)


def refworld_address(url: str):
    """What refsearch reads from a Refworld address (docid, type, year), or None."""
    return parse_refworld_url(url)


def build_index(index_dir: Path, documents: Sequence[Document]) -> None:
    """A fresh refsearch index of exactly ``documents`` in ``index_dir``."""
    write_index(Path(index_dir), documents)


class Refsearch:
    """An open refsearch index answering searches and citation lookups."""

    def __init__(self, archive: Archive) -> None:
        self._archive = archive
        self._paths: dict[str, str] = {}

    def _path(self, doc_id: str) -> str:
        if doc_id not in self._paths:
            self._paths[doc_id] = self._archive.document(doc_id).path
        return self._paths[doc_id]

    def search(self, query: str, filters: Mapping[str, Sequence[str] | str] | None = None,
               limit: int = 20) -> Answer:
        """The first ``limit`` hits for ``query`` with URL-style ``filters`` (country, tier, ...)."""
        args: dict[str, str | list[str]] = {"q": query, "per_page": str(limit)}
        args.update({name: value if isinstance(value, str) else list(value) for name, value in (filters or {}).items()})
        results = self._archive.search(parse_request(args))
        hits = tuple(Ranked(self._path(hit.id), tuple(hit.snippets)) for hit in results.hits)
        return Answer(hits, results.suggestion, results.notice is not None)

    def cite(self, text: str) -> list[tuple[str, float, str]]:
        """The documents a pasted citation may name, best first, as (path, confidence, verdict)."""
        return [(self._path(c.id), c.confidence, c.verdict) for c in lookup(self._archive, text)]


@contextmanager
def refsearch(index_dir: Path) -> Iterator[Refsearch]:
    """The index in ``index_dir``, open for searching until the block ends."""
    with open_archive(Path(index_dir)) as archive:
        yield Refsearch(archive)
