"""The seam between refsearch and its search engine: an ``Archive`` is one open index generation.

Everything outside ``indexer/engine/`` (the CLI, the web app, the citation
lookup, the benchmarks' searches) reaches the index only through this
protocol, and speaks only in the records of ``records`` (two benchmarks reach
inside on purpose: ``bench/speed/levers.py`` turns the engine's speed-ups off,
``bench/reliability/faults.py`` makes its writer fail): a ``SearchRequest`` goes in,
``SearchResults``, ``Document``, ``Hit`` and ``CitationCandidates`` come
out. No engine object crosses it. The lifecycle is explicit:

- ``open_archive(index_dir)`` opens the live generation (``IndexMissing``
  when there is none); ``close()`` (or leaving a ``with`` block) releases it.
- An archive never changes under its user: it stays on the generation it
  opened. ``LiveArchive`` is what a long-running process holds instead: it
  notices a newer generation (one cheap read of the ``CURRENT`` pointer per
  ``acquire``), opens it, and closes the old one when its last user has
  released it.

``indexer/engine/`` implements the protocol with Whoosh (``WhooshArchive``)
and is the only package that imports ``whoosh``; ``tests/project/test_engine_seam.py``
walks the source to keep it so. A second backend (tantivy through its
Python binding, or OpenSearch for archives that outgrow one machine) would
be a sibling package, say ``indexer/engine_tantivy/``, with its own schema,
writer and a class implementing ``Archive``; ``open_archive`` and
``build``'s writer would choose it from the index folder's manifest. The
tests that pin behaviour through the facade (``test_search``,
``test_lookup``, ``test_web_*``, ``test_cli_*``) are the ones every backend
must pass; the oracle tests that compare the Whoosh speed-ups with stock
Whoosh (``test_ranking``, ``test_phrases``, ``test_postings``,
``test_page_oracle``) belong to the Whoosh engine alone.
"""
from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Protocol

from .records import (
    ArchiveStats,
    CitationCandidates,
    Document,
    DocumentText,
    Hit,
    ParsedCitation,
    SearchRequest,
    SearchResults,
)
from .skips import SkippedFile
from .store import generations, integrity, readers


class Archive(Protocol):
    """One open index generation, searched through records only."""

    generation: str

    def search(self, request: SearchRequest) -> SearchResults:
        """A results page: ranked hits with snippets, the total, facet counts, a suggestion."""

    def hits(self, request: SearchRequest) -> SearchResults:
        """Ranked hits and the total only (no facets, no suggestion), for exports and feeds;
        ``request.per_page`` may be up to ``config.EXPORT_LIMIT``."""

    def document(self, doc_id: str) -> Document:
        """The document with this id; ``DocumentNotFound`` when there is none."""

    def similar(self, doc_id: str, limit: int) -> tuple[Hit, ...]:
        """Documents like this one, best first."""

    def copies(self, doc_id: str) -> tuple[Document, ...]:
        """The other saved copies of a document: the same text saved again (other files,
        addresses, encodings) and the same document republished (a report and its PDF)."""

    def series(self, doc: Document) -> tuple[Document, ...]:
        """The documents of ``doc``'s series (``series``), ``doc`` included, oldest first."""

    def stats(self) -> ArchiveStats:
        """What the archive holds."""

    def count(self) -> int:
        """How many documents the archive holds."""

    def built_at(self) -> dt.datetime | None:
        """When this generation was written (UTC, to the second)."""

    def entry_dates(self) -> dict[str, dt.datetime]:
        """When each document entered the archive (its file's modification time, UTC), by id;
        documents indexed without a file are left out."""

    def publishers(self) -> list[str]:
        """Every publisher the archive holds, as written."""

    def skipped(self) -> tuple[SkippedFile, ...]:
        """The files the build that wrote this generation did not index, with its reasons."""

    def roots(self) -> tuple[str, ...]:
        """The folders the build that wrote this generation read, resolved (empty when unknown)."""

    def candidates(self, parsed: ParsedCitation) -> CitationCandidates:
        """The documents a parsed citation may refer to, before rescoring."""

    def highlight(self, doc: Document, query: str, part: int = 1, at: str | None = None) -> DocumentText:
        """Page ``part`` of ``doc``'s text (the page holding the heading or paragraph ``at``,
        when given) as headings and paragraphs of escaped HTML with their anchors, the words
        ``query`` matches in ``<mark>`` (a bounded number per page), and its contents."""

    def close(self) -> None:
        """Release the generation's files."""

    def __enter__(self) -> Archive: ...

    def __exit__(self, *exc) -> None: ...


def open_archive(index_dir: Path | str) -> Archive:
    """The live generation of the index in ``index_dir``; ``IndexMissing`` when there is none.

    The process holds the generation it opened (``store.readers``) until the
    archive is closed or the process opens a newer one, so a build does not
    remove it from under a reader; the hold is taken after reading
    ``CURRENT`` and before opening anything, and a generation removed in
    between sends the reader to the newer one.
    """
    from .engine.archive import WhooshArchive

    index_dir = Path(index_dir)
    for _attempt in range(5):
        name = generations.live_generation(index_dir)
        if name is None:
            break
        held = readers.hold(index_dir, name)
        if held is None:
            continue  # removed just now: CURRENT names a newer one
        try:
            archive = WhooshArchive.open(index_dir)
        except BaseException:
            held.release()
            raise
        if archive.generation != name:  # a build was published in between
            archive.close()
            held.release()
            continue
        archive.on_close(held.release)
        readers.announce(index_dir, held)
        return archive
    return WhooshArchive.open(index_dir)


def engine_version() -> str:
    """The search engine and its version, for reports."""
    from .engine import version

    return version()


def searchable(word: str) -> bool:
    """Whether the engine looks for ``word`` at all (it drops very common words)."""
    from .engine.analysis import analyse

    return bool(analyse(word))


def current_generation(index_dir: Path | str) -> str | None:
    """The name of the live generation: cheap to poll, it changes whenever a build is published.

    When the ``CURRENT`` pointer is damaged, the newest complete generation (``generations``).
    """
    return generations.live_generation(Path(index_dir))


class LiveArchive:
    """The newest generation of an index, for a process that lives across rebuilds.

    ``acquire()`` answers the archive of the live generation, opening a newer
    one when a build has published it; ``release(archive)`` gives it back. A
    replaced archive is closed once every user has released it, so a request
    that acquired it keeps a consistent view until it ends. Safe to share
    between threads.
    """

    def __init__(self, index_dir: Path | str, opener=open_archive) -> None:
        self.index_dir = Path(index_dir)
        self._opener = opener
        self._lock = threading.Lock()
        self._current: Archive | None = None
        self._users: dict[int, int] = {}   # id(archive) -> requests using it
        self._retired: dict[int, Archive] = {}

    def acquire(self) -> Archive:
        """The archive of the live generation, counted as in use until ``release``.

        ``IndexDamaged`` when its files no longer match their checksums: a few
        ``stat`` calls per request tell, and a generation damaged while served
        is not searched again.
        """
        generation = current_generation(self.index_dir)
        with self._lock:
            current = self._current
            if current is None or current.generation != generation:
                fresh = self._opener(self.index_dir)
                if current is not None:
                    self._retire(current)
                self._current = current = fresh
            self._users[id(current)] = self._users.get(id(current), 0) + 1
        try:
            integrity.require_intact(self.index_dir, current.generation)
        except BaseException:
            self.release(current)
            raise
        return current

    def release(self, archive: Archive) -> None:
        """Give back an archive ``acquire`` answered; a retired one is closed by its last user."""
        with self._lock:
            left = self._users.get(id(archive), 1) - 1
            if left > 0:
                self._users[id(archive)] = left
                return
            self._users.pop(id(archive), None)
            retired = self._retired.pop(id(archive), None)
        if retired is not None:
            retired.close()

    def _retire(self, archive: Archive) -> None:
        if self._users.get(id(archive)):
            self._retired[id(archive)] = archive
        else:
            archive.close()

    @property
    def generation(self) -> str | None:
        """The generation last opened (None before the first ``acquire``)."""
        current = self._current
        return current.generation if current is not None else None

    def close(self) -> None:
        with self._lock:
            archives = [a for a in (self._current, *self._retired.values()) if a is not None]
            self._current, self._retired, self._users = None, {}, {}
        for archive in archives:
            archive.close()
