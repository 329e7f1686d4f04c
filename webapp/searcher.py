"""The one place the web app opens the index.

Each process holds a ``LiveArchive``: the newest complete index generation,
reopened only when a build publishes a newer one (every request makes one
cheap check of the ``CURRENT`` pointer). A request acquires the archive once,
on first use (``get_archive``), and releases it when it ends, so a rebuild
never changes the index under a request halfway through; a replaced
generation is closed when its last request is done.

Results pages are remembered per process with the generation they were
computed on (``search_results``), so paging back, removing a filter just
added and searches many people run come back without searching again.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, g

from indexer.archive import Archive, LiveArchive
from indexer.cache import LRU
from indexer.records import SearchRequest, SearchResults


@dataclass(frozen=True, slots=True)
class PageKey:
    """The key of a remembered results page: the generation it was computed on and its request."""
    generation: str | None
    request: SearchRequest


def init_app(app: Flask) -> None:
    app.extensions["refsearch_archive"] = LiveArchive(app.config["INDEX_DIR"])
    # the last SEARCH_CACHE results pages (``search_results``)
    app.extensions["refsearch_results"] = LRU(app.config["SEARCH_CACHE"])
    app.teardown_appcontext(_release)


def live() -> LiveArchive:
    return current_app.extensions["refsearch_archive"]


def get_archive() -> Archive:
    """The archive this request uses, acquired on first use and released when the request ends."""
    if "archive" not in g:
        g.archive = live().acquire()
    return g.archive


def _release(_error=None) -> None:
    archive = g.pop("archive", None)
    if archive is not None:
        live().release(archive)


def search_results(request: SearchRequest) -> SearchResults:
    """The results of ``request`` on this request's archive, remembered per process.

    A page is remembered with the index generation it was computed on, so a
    rebuilt index is never answered from pages of the old one;
    ``SEARCH_CACHE`` pages are kept (0: none).
    """
    archive = get_archive()
    cache: LRU[PageKey, SearchResults] = current_app.extensions["refsearch_results"]
    if not cache.size:
        return archive.search(request)
    return cache.remembered(PageKey(archive.generation, request), lambda: archive.search(request))
