"""What a results page costs with one part of the work changed, to find where the time goes.

Each lever is a variant of the same in-process measurement as the main
table (same queries, warm-up, timed runs), changed only inside this
process, never in the indexer's code:

- ``as built``: ``Archive.search`` on one long-lived archive.
- ``no spelling suggestion``: the engine's ``correction`` answers None, so a
  page costs what it would if suggestions were computed only when needed
  (for example only when a query finds nothing).
- ``array files ignored``: every posting list is read from Whoosh's own
  blocks, as for an index written before segments had array files (see
  ``indexer/engine/arrayfile.py``): what the array files save.
- ``archive per request``: the index opened for every page, as a web app
  that opens the index per request would do.
- ``repeated page, cached``: the same request served from a small
  results cache (an LRU keyed by the request), i.e. the cost of a repeat.
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.speed.queries import QuerySet


@contextmanager
def patched(module, name: str, value) -> Iterator[None]:
    old = getattr(module, name)
    setattr(module, name, value)
    try:
        yield
    finally:
        setattr(module, name, old)


def results_cache(call: Callable, size: int = 256) -> Callable:
    cache: OrderedDict = OrderedDict()

    def cached(request):
        if request in cache:
            cache.move_to_end(request)
            return cache[request]
        result = cache[request] = call(request)
        if len(cache) > size:
            cache.popitem(last=False)
        return result

    return cached


def measure_levers(index_dir: Path, queries: QuerySet, runs: int,
                   time_requests: Callable) -> dict[str, dict[str, list[float]]]:
    """Per lever, per query class: the timed calls in seconds."""
    from indexer.archive import open_archive
    from indexer.engine import postings
    from indexer.engine import searching as search_module
    out: dict[str, dict[str, list[float]]] = {}
    with open_archive(index_dir) as archive:
        out["as built"] = time_requests(archive.search, queries, runs)
        with patched(search_module, "correction", lambda *args, **kwargs: None):
            out["no spelling suggestion"] = time_requests(archive.search, queries, runs)
        with patched(postings, "array_file", lambda reader: None):
            out["array files ignored"] = time_requests(archive.search, queries, runs)
        out["repeated page, cached"] = time_requests(results_cache(archive.search), queries, runs)

    def fresh(request):
        with open_archive(index_dir) as own:
            return own.search(request)

    out["archive per request"] = time_requests(fresh, queries, runs)
    return out
