"""``refsearch serve`` with its results-page caches counted, for the web benchmark's hit rate.

``python -m bench.speed.countserve COUNTS_FILE serve --index ...`` runs exactly
the server ``refsearch serve`` runs (same app, gunicorn, processes and
threads) after wrapping ``LRU.remembered`` to count, in every server
process, the results pages (``PageKey`` entries) answered from the cache
(hits) and computed (misses). The counts live in ``COUNTS_FILE``, two integers that
every process maps and updates under one lock made before gunicorn forks
its processes; the benchmark reads the file once the load is over. With
``--search-cache 0`` the cache is never asked and both counts stay 0.
"""
from __future__ import annotations

import mmap
import multiprocessing
import struct
import sys
from pathlib import Path

_COUNTS = struct.Struct("<qq")   # hits, misses


def read_counts(path: Path) -> tuple[int, int]:
    """(hits, misses) written by a counted server."""
    return _COUNTS.unpack(Path(path).read_bytes()[:_COUNTS.size])


def install(path: Path) -> None:
    """Count every results-page lookup of this process and of the processes it forks."""
    from indexer.cache import LRU
    from webapp.searcher import PageKey

    Path(path).write_bytes(bytes(_COUNTS.size))
    handle = open(path, "r+b")  # noqa: SIM115 - mapped for the server's whole life
    counts = mmap.mmap(handle.fileno(), _COUNTS.size)
    lock = multiprocessing.Lock()   # shared with the forked server processes
    remembered = LRU.remembered

    def counted(self, key, compute):
        if not isinstance(key, PageKey):
            return remembered(self, key, compute)
        computed = []

        def compute_and_note():
            computed.append(True)
            return compute()

        value = remembered(self, key, compute_and_note)
        with lock:
            hits, misses = _COUNTS.unpack_from(counts)
            _COUNTS.pack_into(counts, 0, hits + (not computed), misses + bool(computed))
        return value

    LRU.remembered = counted  # type: ignore[method-assign]


def main() -> None:
    path = Path(sys.argv.pop(1))
    install(path)
    from webapp.cli import main as serve_main

    serve_main()


if __name__ == "__main__":
    main()
