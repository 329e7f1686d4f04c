"""Slow and idle connections beside normal searches, and the server once they leave.

A slowloris client opens a connection and sends its request a byte at a
time, or sends nothing at all; a server that gives each connection a thread
as soon as it opens has none left for anyone else after a few such clients.
``SlowClients`` holds a number of them open against a real `refsearch
serve` (one thread drives them all, reopening any the server closes, so the
pressure lasts as long as the attack does) while ``normal_searches`` times
ordinary searches on fresh connections. ``after_leaving`` then checks that
the server idles and that every one of its threads answers at once. The
test suite (``tests/web/test_web_slow_clients.py``) and the web rows of
RELIABILITY.md (``bench.reliability.webhostile``) both use it.
"""
from __future__ import annotations

import socket
import threading
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from bench.reliability.common import QUICK_ANSWER, Row
from bench.reliability.webattack import server_cpu

# Seconds between two bytes of a slow client.
GAP = 0.5
# Seconds the slow clients of each row stay (the quick form is the test suite's), the rows'
# cases (kind, connections), and CPU seconds the server may use in the second after they
# leave. A normal search beside them may take QUICK_ANSWER seconds.
HOLD = {"full": 30.0, "quick": 8.0}
CASES = (("headers", 8), ("headers", 50), ("idle", 8), ("idle", 50), ("body", 8), ("linger", 50))
IDLE_CPU = 0.2
# Seconds a normal search may take beside the slow clients; past this it counts as failed.
SEARCH_TIMEOUT = 20.0
NORMAL = ("trafficking", "forced labour", "Mali", "children", '"debt bondage"', "prosecution",
          "police corruption", "domestic workers")
_HEAD = b"GET /search?q=slow HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow-client\r\n"
# What each kind sends at once when it connects, then a byte per GAP (never all of it).
# "linger" asks for a page with "Connection: close" and keeps its end open after the answer.
KINDS = {
    "headers": (b"", _HEAD + b"X-Padding: " + b"a" * 100_000),
    "body": (b"POST /search HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded"
             b"\r\nContent-Length: 10000\r\n\r\n", b"q=" + b"a" * 9_998),
    "idle": (b"", b""),
    "linger": (b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", b""),
}
DESCRIBED = {"headers": "sending their request line and headers a byte every {gap:g} s",
             "body": "sending a request body a byte every {gap:g} s",
             "idle": "open and sending nothing",
             "linger": "asking for a page with `Connection: close` and never closing their end"}


def describe(kind: str, count: int, seconds: float) -> str:
    return f"{count} connections {DESCRIBED[kind].format(gap=GAP)}, for {seconds:g} s"


class SlowClients:
    """``count`` connections of one kind (a key of ``KINDS``) to ``base``, kept open until the
    block ends; a connection the server closes is counted and opened again at once."""

    def __init__(self, base: str, kind: str, count: int, gap: float = GAP) -> None:
        address = urlsplit(base)
        self.address = (address.hostname, address.port)
        self.burst, self.trickle = KINDS[kind]
        self.lingers = kind == "linger"
        self.count, self.gap = count, gap
        self.closed = 0               # connections the server closed
        self.answers: Counter = Counter()  # the status lines it sent before closing them
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> SlowClients:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _open(self) -> tuple[socket.socket, int] | None:
        try:
            sock = socket.create_connection(self.address, timeout=5)
            sock.sendall(self.burst)
        except OSError:
            return None
        sock.setblocking(False)
        return sock, 0

    def _run(self) -> None:
        conns = [self._open() for _ in range(self.count)]
        try:
            while not self._stop.wait(self.gap):
                conns = [self._step(conn) for conn in conns]
        finally:
            for conn in conns:
                if conn is not None:
                    conn[0].close()

    def _step(self, conn: tuple[socket.socket, int] | None):
        """One more byte on ``conn``, or a new connection if the server closed it."""
        if conn is None:
            return self._open()
        sock, sent = conn
        try:
            data = sock.recv(4096)  # anything at all means the server answered or closed
        except BlockingIOError:
            data = None
        except OSError:
            data = b""
        if data is None and self.trickle:
            try:
                sock.send(self.trickle[sent:sent + 1])
                return sock, sent + 1
            except BlockingIOError:
                return conn
            except OSError:
                data = b""
        if data is None:
            return conn
        if data.startswith(b"HTTP/"):
            self.answers[data.split(b"\r\n", 1)[0].decode("latin-1")] += 1
        if data and self.lingers:
            return conn
        self.closed += 1
        sock.close()
        return self._open()


@dataclass(frozen=True)
class Searches:
    latencies: tuple[float, ...]   # seconds each answered search took
    failed: int                    # searches not answered 200 within SEARCH_TIMEOUT

    @property
    def worst(self) -> float:
        return max(self.latencies, default=float("inf"))

    def summary(self) -> str:
        count = len(self.latencies)
        text = (f"{count} search{'es' if count > 1 else ''} answered, the slowest in {self.worst:.2f} s"
                if count else "no search answered")
        return text + (f", {self.failed} not within {SEARCH_TIMEOUT:g} s" if self.failed else "")


def search(base: str, k: int, timeout: float = SEARCH_TIMEOUT) -> float | None:
    """Seconds a normal search took on a new connection, or None if it failed."""
    url = f"{base}/search?" + urlencode({"q": NORMAL[k % len(NORMAL)], "page": 1 + k % 3})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            ok = response.status == 200
    except OSError:  # HTTPError too: anything but 200 fails
        ok = False
    return time.perf_counter() - started if ok else None


def normal_searches(base: str, seconds: float, clients: int = 2) -> Searches:
    """``clients`` visitors searching one after another for ``seconds``."""
    deadline, latencies, failed = time.monotonic() + seconds, [], [0]

    def visitor(k: int) -> None:
        while time.monotonic() < deadline:
            took = search(base, k)
            k += clients
            if took is None:
                failed[0] += 1
            else:
                latencies.append(took)
            time.sleep(0.2)
    threads = [threading.Thread(target=visitor, args=(k,)) for k in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Searches(tuple(latencies), failed[0])


@dataclass(frozen=True)
class Afterwards:
    cpu: float         # CPU seconds the server used in the second after the clients left
    burst: Searches    # one search per server thread, all sent at once

    def summary(self) -> str:
        return (f"{self.cpu:.2f} CPU seconds in the next second; {len(self.burst.latencies)} of "
                f"{len(self.burst.latencies) + self.burst.failed} searches sent at once answered, "
                f"the slowest in {self.burst.worst:.2f} s")


def after_leaving(base: str, index: Path, threads: int) -> Afterwards:
    """The server's CPU use in the second after the clients left, then ``threads`` searches at
    once (one per server thread: a thread still held would leave one of them waiting)."""
    before = server_cpu(index)
    time.sleep(1.0)
    cpu = server_cpu(index) - before
    results: list[float | None] = [None] * threads
    workers = [threading.Thread(target=lambda k=k: results.__setitem__(k, search(base, k)))
               for k in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    answered = tuple(took for took in results if took is not None)
    return Afterwards(cpu, Searches(answered, threads - len(answered)))


def slow_client_rows(base: str, index: Path, threads: int, quick: bool) -> list[Row]:
    """The rows of RELIABILITY.md: each case of ``CASES`` beside normal searches, and the
    server once its slow clients have left."""
    seconds, rows = HOLD["quick" if quick else "full"], []
    for kind, count in CASES:
        with SlowClients(base, kind, count) as slow:
            searches = normal_searches(base, seconds)
        after = after_leaving(base, index, threads)
        cut = ", ".join(f"{n} {status.split(' ', 1)[1]}" for status, n in sorted(slow.answers.items()))
        rows.append(Row(describe(kind, count, seconds),
                        f"every normal search answered within {QUICK_ANSWER:g} s; once they leave, the "
                        f"server idle (under {IDLE_CPU:g} CPU s in a second) and {threads} searches at once "
                        "(one per server thread) answered as fast",
                        f"{searches.summary()}; the server closed {slow.closed} such connections"
                        + (f" ({cut})" if cut else "") + f"; then {after.summary()}",
                        not searches.failed and searches.worst < QUICK_ANSWER and after.cpu < IDLE_CPU
                        and not after.burst.failed and after.burst.worst < QUICK_ANSWER))
    return rows
