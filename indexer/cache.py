"""One bounded least-recently-used cache, safe to share between threads.

A server process answers for weeks, and what its searches ask for (a document's
near-copy signature, the frequent words of a word beginning, the documents a
filter allows, a whole results page) would otherwise pile up for as long. Every
such memory is an ``LRU`` whose size is a setting in ``config``: when full, the
entry used longest ago is dropped, so the process holds no more after weeks
than after its first hours.

Each cache has its own key type, a tuple or a small frozen dataclass, never a
string spelled by hand: two kinds of entries cannot collide, and a key says
what it stands for.

Two memories are not ``LRU``\\s, on purpose. The analyser's table of spellings
(``engine.analysis``, ``config.TERM_CACHE``) is consulted once per word of every
document built, where a lock per word would cost a build a large share of its
time; it is a plain dictionary emptied when full. Pure functions memoised with
``functools.lru_cache`` keep its C implementation; their sizes are settings too.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

_ABSENT = object()


class LRU(Generic[K, V]):
    """At most ``size`` entries, the least recently used dropped first; 0 keeps nothing.

    Every method holds the cache's lock only while it reads or changes the
    entries, so threads sharing one cache see whole entries and a bound that
    is never exceeded.
    """

    __slots__ = ("size", "_items", "_lock")

    def __init__(self, size: int) -> None:
        self.size = max(0, size)
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        # Under the lock: ``put`` holds one entry over the bound until it drops the oldest.
        with self._lock:
            return len(self._items)

    def keys(self) -> list[K]:
        """The keys held, the least recently used first (the next to be dropped)."""
        with self._lock:
            return list(self._items)

    def resize(self, size: int) -> None:
        """Hold at most ``size`` entries from now on, dropping the least recently used now."""
        with self._lock:
            self.size = max(0, size)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def get(self, key: K, default: V | None = None) -> V | None:
        """The value kept under ``key`` (now the most recently used), or ``default``."""
        with self._lock:
            try:
                self._items.move_to_end(key)
            except KeyError:
                return default
            return self._items[key]

    def put(self, key: K, value: V) -> V:
        """Keep ``value`` under ``key`` as the most recently used, and return it."""
        if not self.size:
            return value
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def remembered(self, key: K, compute: Callable[[], V]) -> V:
        """The value kept under ``key``, else ``compute()`` kept and returned.

        ``compute`` runs outside the lock, so other threads keep being answered
        meanwhile; two threads missing the same key at once both compute it,
        and the later value is kept.
        """
        found = self.get(key, _ABSENT)  # type: ignore[arg-type]
        if found is not _ABSENT:
            return found  # type: ignore[return-value]
        return self.put(key, compute())
