"""Slow and idle connections against a real `refsearch serve`: they hold no thread, searches
beside them are answered at once, and requests that never finish arriving are cut off.

Bounded-time tests, as the behaviour is about time: each slow-client case
keeps its connections open for 30 s.
"""
from __future__ import annotations

import http.client
import socket
import time

import pytest
from web_archive import build_web_index
from web_server import SECURITY_HEADERS, raw_request, serve

from bench.reliability.slowclients import CASES, HOLD, IDLE_CPU, QUICK_ANSWER, SlowClients, after_leaving, normal_searches
from indexer import config

pytestmark = pytest.mark.slow

WORKERS, THREADS = 2, config.SERVER_THREADS


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("slow-clients")
    index = build_web_index(folder / "index")
    with serve(index, folder / "serve.log", "--workers", str(WORKERS)) as (base, _):
        yield base, index


def address(base: str) -> tuple[str, int]:
    host, port = base.rsplit("/", 1)[1].split(":")
    return host, int(port)


def trickled(base: str, data: bytes, gap: float, limit: float) -> tuple[bytes, float]:
    """``data`` sent a byte every ``gap`` seconds until the server answers or closes (or
    ``limit`` seconds pass); all it sent back until it closed, and the seconds taken."""
    started, answer = time.monotonic(), b""
    with socket.create_connection(address(base), timeout=gap) as conn:
        for k in range(len(data)):
            if time.monotonic() - started > limit:
                break
            try:
                answer = conn.recv(65536)
                break  # an answer, or closed
            except TimeoutError:
                conn.sendall(data[k:k + 1])
        conn.settimeout(limit)
        while chunk := conn.recv(65536):
            answer += chunk
    return answer, time.monotonic() - started


@pytest.mark.parametrize("kind, count", CASES)
def test_searches_beside_slow_or_idle_connections_are_answered_at_once_and_the_server_idles_after(
        served, kind, count):
    base, index = served
    with SlowClients(base, kind, count):
        searches = normal_searches(base, HOLD["full"])
    after = after_leaving(base, index, WORKERS * THREADS)
    assert searches.failed == 0 and searches.worst < QUICK_ANSWER, searches.summary()
    assert after.cpu < IDLE_CPU and after.burst.failed == 0 and after.burst.worst < QUICK_ANSWER, after.summary()


def test_a_request_still_arriving_after_the_read_timeout_is_answered_408_and_closed(served):
    base, _ = served
    answer, took = trickled(base, b"GET /search?q=mali HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + b"a" * 1000,
                            gap=0.5, limit=config.SERVER_REQUEST_READ_TIMEOUT + 10)
    assert answer.startswith(b"HTTP/1.1 408 "), answer[:200]
    assert all(name.encode() in answer.lower() for name in SECURITY_HEADERS)
    assert config.SERVER_REQUEST_READ_TIMEOUT - 1 <= took < config.SERVER_REQUEST_READ_TIMEOUT + 3


def test_a_request_sent_slowly_but_within_the_read_timeout_is_answered(served):
    base, _ = served
    answer, _ = trickled(base, b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                         gap=0.05, limit=config.SERVER_REQUEST_READ_TIMEOUT)
    assert answer.startswith(b"HTTP/1.1 200 "), answer[:200]


def test_a_connection_that_sends_nothing_is_closed_after_the_keepalive_time(served):
    base, _ = served
    started = time.monotonic()
    with socket.create_connection(address(base), timeout=config.SERVER_KEEPALIVE + 10) as conn:
        assert conn.recv(1) == b""
    assert time.monotonic() - started < config.SERVER_KEEPALIVE + 2


@pytest.mark.parametrize("data, status", [
    (b"POST /search HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: %d\r\n\r\n" % (config.SERVER_BODY_LIMIT + 1),
     413),
    (b"GET /search?q=a HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + b"a" * config.SERVER_HEAD_LIMIT + b"\r\n\r\n",
     431),
], ids=["body", "headers"])
def test_a_request_over_the_size_the_server_reads_is_refused_with_the_security_headers(served, data, status):
    answer_status, headers, body = raw_request(served[0], data)
    assert answer_status == status and all(name in headers for name in SECURITY_HEADERS)
    assert body.strip()


def test_a_client_expecting_100_continue_is_told_to_send_its_body_then_answered(served):
    with socket.create_connection(address(served[0]), timeout=10) as conn:
        conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                     b"Content-Length: 5\r\nExpect: 100-continue\r\n\r\n")
        assert conn.recv(65536).startswith(b"HTTP/1.1 100 Continue\r\n\r\n")
        conn.sendall(b"hello")
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    assert b"HTTP/1.1 200 " in answer


def test_pipelined_requests_are_all_answered_in_order(served):
    request = b"GET /healthz?n=%d HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n"
    data = request % (1, b"") + request % (2, b"") + request % (3, b"Connection: close\r\n")
    with socket.create_connection(address(served[0]), timeout=10) as conn:
        conn.sendall(data)
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    assert answer.count(b"HTTP/1.1 200 ") == 3


def test_requests_on_one_kept_alive_connection_are_each_answered(served):
    conn = http.client.HTTPConnection(*address(served[0]), timeout=10)
    statuses, sockets = [], []
    for query in ("mali", "chad", "niger"):
        conn.request("GET", f"/api/search?q={query}")
        response = conn.getresponse()
        response.read()
        statuses.append(response.status)
        sockets.append(conn.sock)
    conn.close()
    assert statuses == [200, 200, 200]
    assert all(sock is sockets[0] for sock in sockets)  # one connection throughout
