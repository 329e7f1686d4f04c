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

import threading
from collections import OrderedDict

from flask import Flask, current_app, g

from indexer.archive import Archive, LiveArchive
from indexer.records import SearchRequest, SearchResults


class ResultsCache:
    """The last ``size`` results pages, keyed by (generation, request); safe between threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._results: OrderedDict = OrderedDict()

    def remembered(self, key, compute, size: int):
        """``compute()``, or what it returned before for ``key``; the last ``size`` kept."""
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
                return self._results[key]
        value = compute()  # outside the lock: other threads keep answering
        with self._lock:
            self._results[key] = value
            self._results.move_to_end(key)
            while len(self._results) > size:
                self._results.popitem(last=False)
        return value


def init_app(app: Flask) -> None:
    app.extensions["refsearch_archive"] = LiveArchive(app.config["INDEX_DIR"])
    app.extensions["refsearch_results"] = ResultsCache()
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
    size = current_app.config["SEARCH_CACHE"]
    if not size:
        return archive.search(request)
    cache: ResultsCache = current_app.extensions["refsearch_results"]
    return cache.remembered((archive.generation, request), lambda: archive.search(request), size)
