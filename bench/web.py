"""A real ``refsearch serve`` on a free loopback port, and ``/search`` under concurrent load.

The load is bounded: each client thread loops over the query list until the
duration has passed, then stops by itself. Requests go to 127.0.0.1 only.
A request that fails to connect, times out or answers anything but 200
counts as an error.
"""
from __future__ import annotations

import tempfile
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from urllib.parse import urlencode

from webapp.process import serve_process

PROJECT_ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
REQUEST_TIMEOUT = 30.0   # seconds before one request counts as an error
START_TIMEOUT = 120.0    # seconds to wait for the server to answer


@dataclass
class LoadResult:
    latencies: list[float]   # seconds, successful requests
    errors: int
    seconds: float
    clients: int


def get(url: str) -> int:
    """The status of a GET; raises on connection failure."""
    try:
        with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@contextmanager
def serve(index_dir: Path, *options: str) -> Iterator[str]:
    """Run ``refsearch serve`` (with ``options``) on the index; yield its base URL; stop it afterwards."""
    with tempfile.TemporaryDirectory() as logs:
        with serve_process(index_dir, *options, log=Path(logs) / "serve.log",
                           timeout=START_TIMEOUT) as base:
            yield base


def load(base: str, param_lists: list[list[tuple[str, str]]], seconds: float,
         clients: int = 8) -> LoadResult:
    """``clients`` threads asking ``/search`` in turn for each query until ``seconds`` pass."""
    urls = [f"{base}/search?{urlencode(params)}" for params in param_lists]
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(k: int) -> None:
        mine, failed = [], 0
        i = k
        while time.monotonic() < deadline:
            url = urls[i % len(urls)]
            i += clients
            started = time.perf_counter()
            try:
                ok = get(url) == 200
            except OSError:
                ok = False
            if ok:
                mine.append(time.perf_counter() - started)
            else:
                failed += 1
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + REQUEST_TIMEOUT + 5)
    return LoadResult(latencies, errors[0], time.monotonic() - started, clients)
