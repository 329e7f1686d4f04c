"""A real ``refsearch serve`` on a free loopback port, loaded by concurrent clients replaying a log.

The server is the one ``refsearch serve`` runs, started through
``bench.speed.countserve`` so that its results-page caches are counted. The
clients replay the request log (``bench.speed.stream``) in order, each taking the
next request as soon as its last one is answered, for a warm-up of a number of
requests per server process (not measured: each process opens its searchers,
reads its columns and fills its caches of did-you-mean terms, near-copy
signatures and analysed words on its first requests, which cost more than
its later ones; the web app in process is given as many) and then for the
measured duration. The CPU time of the server's processes and of the clients
is counted over the measured part: what a request costs each, whatever else
the machine was doing. Each client keeps
its connection open between requests, as a browser does. Requests go to
127.0.0.1 only; one that fails to connect, times out or answers anything
but 200 counts as an error.
"""
from __future__ import annotations

import http.client
import os
import resource
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bench.speed.countserve import read_counts
from bench.speed.stream import Stream
from webapp.process import server

from . import memory

REQUEST_TIMEOUT = 30.0   # seconds before one request counts as an error
START_TIMEOUT = 120.0    # seconds to wait for the server to answer
WARM_UP_LIMIT = 900.0    # seconds the warm-up may take at most, however many requests are left


@dataclass
class LoadResult:
    latencies: list[float]   # seconds, successful requests, in the order they finished
    kinds: list[str]         # the kind of each (see ``bench.stream.KINDS``)
    errors: int
    seconds: float
    clients: int
    cache_hits: int = 0      # results pages the servers answered from their caches
    cache_misses: int = 0    # results pages the servers computed
    cache: bool = True       # whether the servers kept a results cache
    first: int = 0           # the measured requests: positions first..last - 1 of the log
    last: int = 0
    workers: list[memory.Memory] = field(default_factory=list)  # each server process, after the load
    server_cpu: float = 0.0  # CPU seconds of the server's processes over the measured part
    client_cpu: float = 0.0  # CPU seconds of the clients (this process) over the measured part
    warm_up: int = 0         # requests answered before the measured part, all processes together


class Client:
    """One client's connection to the server, kept open between requests and reopened after
    a failure."""

    def __init__(self, base: str) -> None:
        address = urllib.parse.urlsplit(base)
        self.host, self.port = address.hostname or "127.0.0.1", address.port
        self.connection: http.client.HTTPConnection | None = None

    def get(self, path: str) -> int:
        """The status of a GET of ``path``; raises OSError (or an HTTP error) on failure.

        A kept connection the server has closed meanwhile is reopened and the
        request sent again once, as browsers do.
        """
        reused = self.connection is not None
        try:
            return self._get(path)
        except (OSError, http.client.HTTPException):
            self.close()
            if not reused:
                raise
        return self._get(path)

    def _get(self, path: str) -> int:
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=REQUEST_TIMEOUT)
        try:
            self.connection.request("GET", path)
            response = self.connection.getresponse()
            response.read()
            return response.status
        except (OSError, http.client.HTTPException):
            self.close()
            raise

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


@contextmanager
def serve(index_dir: Path, *options: str, counts: Path) -> Iterator[tuple[str, int]]:
    """Run ``refsearch serve`` (with ``options``) on the index, its cache lookups counted in
    ``counts``; yield its base URL and process id; stop it afterwards."""
    with tempfile.TemporaryDirectory() as logs:
        with server(index_dir, *options, log=Path(logs) / "serve.log", timeout=START_TIMEOUT,
                    runner=("-m", "bench.speed.countserve", str(counts))) as started:
            yield started


def cpu_seconds(pids: list[int]) -> float:
    """The CPU seconds (user and system) the processes ``pids`` have used so far; 0 for one
    that is gone."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = (memory.PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks   # utime, stime
    return total


def own_cpu_seconds() -> float:
    """The CPU seconds this process (every thread of it: the clients) has used so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _replay(base: str, stream: Stream, start: int, seconds: float, clients: int, stop: int | None = None):
    """``clients`` threads taking the log's requests in order from ``start`` for ``seconds``
    (or until position ``stop``); (latencies, kinds, errors, next position, wall seconds)."""
    requests = stream.requests
    position = [start]
    lock = threading.Lock()
    latencies: list[float] = []
    kinds: list[str] = []
    errors = [0]
    deadline = time.monotonic() + seconds

    def client() -> None:
        connection = Client(base)
        while time.monotonic() < deadline:
            with lock:
                if stop is not None and position[0] >= stop:
                    break
                kind, url = requests[position[0] % len(requests)]
                position[0] += 1
            started = time.perf_counter()
            try:
                ok = connection.get(url) == 200
            except (OSError, http.client.HTTPException):
                ok = False
            took = time.perf_counter() - started
            with lock:
                if ok:
                    latencies.append(took)
                    kinds.append(kind)
                else:
                    errors[0] += 1
        connection.close()

    began = time.monotonic()
    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + REQUEST_TIMEOUT + 5)
    return latencies, kinds, errors[0], position[0], time.monotonic() - began


def _workers(pid: int, expected: int) -> list[int]:
    """The server's answering processes, once all ``expected`` have started (gunicorn's
    arbiter forks them one by one; the first may answer before the last exists)."""
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        found = [worker for worker in memory.leaves(pid) if worker != pid]
        if len(found) >= expected or time.monotonic() > deadline:
            return found or [pid]
        time.sleep(0.05)


def load(index_dir: Path, stream: Stream, seconds: float, clients: int, *, cache: bool,
         warm_up: int, processes: int) -> LoadResult:
    """Serve the index with ``processes`` processes (results cache on or off) and replay the
    log against it: first ``warm_up`` requests per process, then for ``seconds``."""
    with tempfile.TemporaryDirectory() as work:
        counts = Path(work) / "cache-counts"
        options = ("--workers", str(processes), *(() if cache else ("--search-cache", "0")))
        with serve(index_dir, *options, counts=counts) as (base, pid):
            answering = _workers(pid, processes)
            pids = [pid, *(worker for worker in answering if worker != pid)]
            _, _, _, first, _ = _replay(base, stream, 0, WARM_UP_LIMIT, clients, stop=warm_up * len(answering))
            before = read_counts(counts)
            server_before, client_before = cpu_seconds(pids), own_cpu_seconds()
            latencies, kinds, errors, last, took = _replay(base, stream, first, seconds, clients)
            server_cpu, client_cpu = cpu_seconds(pids) - server_before, own_cpu_seconds() - client_before
            after = read_counts(counts)
            workers = memory.workers(pid)
    return LoadResult(latencies, kinds, errors, took, clients, cache_hits=after[0] - before[0],
                      cache_misses=after[1] - before[1], cache=cache, first=first, last=last,
                      workers=workers, server_cpu=server_cpu, client_cpu=client_cpu, warm_up=first)
