"""The web loads of ``bench/run``: the request log replayed against ``refsearch serve``.

Each number of clients with the results cache on and off, with one process per core, and
the fewest clients with one process and the cache off; each load's figures as the report
keeps them (``report.Figures.web_loads`` and ``web_single``).
"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from bench.speed.stream import Stream, repeat_share

from . import web


def web_loads(index_dir: Path, stream: Stream, args, log: Callable[[str], None]) -> list[dict]:
    """The log replayed against ``refsearch serve`` by each number of clients, cache on and off."""
    loads = []
    for clients in args.clients:
        for cache in (True, False):
            log(f"web: {clients} clients for {args.web_seconds:.0f} s after {args.warm_up} requests per "
                f"server process, results cache {'on' if cache else 'off'}")
            done = web.load(index_dir, stream, args.web_seconds, clients, cache=cache,
                            warm_up=args.warm_up, processes=os.cpu_count() or 1)
            log(f"web: {len(done.latencies)} answers, {done.errors} errors")
            loads.append(_load_figures(done, stream))
    return loads


def single_process_load(index_dir: Path, stream: Stream, args, log: Callable[[str], None]) -> dict:
    """The log replayed against ``refsearch serve`` with one process, the fewest clients, cache
    off: the throughput each load with a process per core is also set against, both over HTTP,
    so that what a second process adds is told apart from what HTTP and the server cost."""
    clients = min(args.clients)
    log(f"web: {clients} clients for {args.web_seconds:.0f} s after {args.warm_up} requests, one server "
        "process, results cache off")
    done = web.load(index_dir, stream, args.web_seconds, clients, cache=False, warm_up=args.warm_up,
                    processes=1)
    log(f"web: {len(done.latencies)} answers, {done.errors} errors")
    return _load_figures(done, stream)


def _load_figures(done: web.LoadResult, stream: Stream) -> dict:
    """What the report keeps of one load (see ``report.Figures.web_loads``)."""
    return {"clients": done.clients, "cache": done.cache, "latencies": done.latencies,
            "kinds": done.kinds, "errors": done.errors, "seconds": done.seconds,
            "cache_hits": done.cache_hits, "cache_misses": done.cache_misses,
            "repeat_share": repeat_share(stream, done.first, done.last),
            "workers": [worker.to_dict() for worker in done.workers],
            "server_cpu": done.server_cpu, "client_cpu": done.client_cpu,
            "warm_up": done.warm_up}
