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
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g

from indexer import build


class IndexHolder:
    """A long-lived index and one searcher per thread, refreshed when the index is rebuilt."""

    def __init__(self, index_dir: Path | str) -> None:
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._state: tuple[Any, Any] | None = None  # (index, generation), swapped atomically
        self._local = threading.local()

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
        index, generation = self._index()
        local = self._local
        old = getattr(local, "searcher", None)
        if old is None or local.generation != generation:
            local.searcher = index.searcher()
            local.generation = generation
            if old is not None:
                old.close()
        return local.searcher

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
        g.searcher = holder().searcher()
    return g.searcher
