"""The one place the web app opens the index.

The index is opened once per process and reopened only when a newer
complete index appears: every request makes one cheap check (the index's
``CURRENT`` generation pointer) and the reopen happens under a lock, so a threaded WSGI
server opens each generation once. Whoosh searchers read their files through
their own file positions, so each worker thread keeps its own searcher on
the shared index and replaces it, closing the old one, when the generation
changes. A request takes its searcher once, on first use (``get_searcher``),
and keeps it until it ends, so a rebuild never changes the index under a
request halfway through.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g

from indexer import build
from indexer.engine.searching import search
from indexer.records import SearchRequest, SearchResults


class IndexHolder:
    """A long-lived index and one searcher per thread, refreshed when the index is rebuilt."""

    def __init__(self, index_dir: Path | str) -> None:
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._state: tuple[Any, Any] | None = None  # (index, generation), swapped atomically
        self._local = threading.local()
        self._results: OrderedDict = OrderedDict()  # (generation, request) -> SearchResults

    def _index(self) -> tuple[Any, Any]:
        """The open index and its generation, reopened if a newer complete index exists."""
        generation = build.current_generation(self.index_dir)
        state = self._state
        if state is not None and state[1] == generation:
            return state
        with self._lock:
            state = self._state
            if state is None or state[1] != generation:
                state = build.open_generation(self.index_dir)
                self._state = state
        return state

    def searcher(self):
        """This thread's searcher on the newest complete index (IndexMissing when there is none)."""
        return self.current()[0]

    def current(self) -> tuple[Any, Any]:
        """This thread's searcher on the newest complete index, and that index's generation."""
        index, generation = self._index()
        local = self._local
        old = getattr(local, "searcher", None)
        if old is None or local.generation != generation:
            local.searcher = index.searcher()
            local.generation = generation
            if old is not None:
                old.close()
        return local.searcher, generation

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

    def generation(self) -> Any:
        """The generation of the index last opened (None before the first request)."""
        return self._state[1] if self._state else None


def init_app(app: Flask) -> None:
    app.extensions["refsearch_index"] = IndexHolder(app.config["INDEX_DIR"])


def holder() -> IndexHolder:
    return current_app.extensions["refsearch_index"]


def get_searcher():
    """The searcher this request uses, taken on first use and kept until the request ends."""
    if "searcher" not in g:
        g.searcher, g.generation = holder().current()
    return g.searcher


def search_results(request: SearchRequest) -> SearchResults:
    """The results of ``request`` on this request's searcher, remembered per process.

    Paging back, removing a filter just added and searches many people run
    come back without searching again. A page is remembered with the index
    generation it was computed on, so a rebuilt index is never answered
    from pages of the old one; ``SEARCH_CACHE`` pages are kept (0: none).
    Each facet holds every value (the sidebar's "show all N" needs them all);
    what is shown or published trims them (``webapp.facets``, ``webapp.public``).
    """
    searcher = get_searcher()
    size = current_app.config["SEARCH_CACHE"]

    def compute() -> SearchResults:
        return search(searcher, request, facet_limit=None)

    if not size:
        return compute()
    return holder().remembered((g.generation, request), compute, size)
