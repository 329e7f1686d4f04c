"""What the engine remembers about an open index, shared by every reader of the same segments.

The engine keeps work done for one index generation: field lengths, facet
codes, date arrays, filter masks, array files. A web server process holds
one searcher, so one reader, per thread; keyed by reader object, each thread
would build and hold its own copy. Here they are keyed by what the reader
reads: each segment's id and how many of its documents are deleted (a
segment's deletions only ever grow, so the pair names one state of it).
Readers of the same generation, in any thread, share one dictionary; it is
dropped once no reader of that state is left, so a newer generation starts
afresh. Whatever is put in a shared dictionary must be safe to read from
several threads (arrays, tuples, objects with their own lock). What grows
with the questions asked rather than with the archive is kept in a bounded
cache (``bounded``, an ``indexer.cache.LRU``) named by the type of its keys.
"""
from __future__ import annotations

import threading
import weakref

from ..cache import LRU

_LOCK = threading.Lock()
# state key -> (the shared dictionary, the readers using it)
_SHARED: dict[tuple, tuple[dict, "weakref.WeakSet"]] = {}
# reader -> its shared dictionary, found once per reader
_BY_READER: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _state(reader) -> tuple:
    """The segments a reader reads, each as (id, deleted documents, documents)."""
    return tuple((leaf._segment.segment_id(), leaf._segment.deleted_count(), leaf.doc_count_all())
                 for leaf, _ in reader.leaf_readers())


def shared(reader) -> dict:
    """The dictionary shared by every open reader of the same segments in the same state.

    A reader that cannot be keyed (no segments, or not weakly referable) gets a
    dictionary of its own, which lives as long as it can be found again.
    """
    try:
        return _BY_READER[reader]
    except KeyError:
        pass
    except TypeError:
        return {}
    try:
        key = _state(reader)
    except AttributeError:
        key = None
    with _LOCK:
        if key is None or not key:
            found = {}
        else:
            entry = _SHARED.get(key)
            if entry is None:
                entry = _SHARED[key] = ({}, weakref.WeakSet())
            entry[1].add(reader)
            found = entry[0]
            for stale in [k for k, (_, readers) in _SHARED.items() if not readers]:
                del _SHARED[stale]
        _BY_READER[reader] = found
    return found


def bounded(reader, kind: type, size: int) -> LRU:
    """The bounded cache of ``kind`` keys (``kind`` names it: its keys' own type) shared by
    every reader of ``reader``'s segments, ``size`` entries at most (a changed setting
    applies to a cache already made)."""
    cache = shared(reader)
    found = cache.get(kind)
    if found is None:
        with _LOCK:
            found = cache.setdefault(kind, LRU(size))
    if found.size != size:
        found.resize(size)
    return found
