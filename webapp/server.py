"""Gunicorn as `refsearch serve` runs it: configured from its options, with the security
headers on gunicorn's own error answers, and whole requests read before a thread answers.

Gunicorn answers a request it cannot parse (a malformed request line, an
overlong one, bad headers) itself, before the app sees it, with a bare page
and no headers. ``SecureWorker`` writes those answers through a socket
wrapper that adds the app's security headers (``webapp.security.HEADERS``)
after the status line, so every response of the server carries them.

Gunicorn's threaded worker gives a connection a thread as soon as its first
byte arrives, and that thread then waits for the rest of the request
however long it takes: eight connections sending their headers a byte at a
time held every thread of a two-process server, for as long as they liked.
``ReadingWorker`` reads each request, head and body, in the process's event
loop (``webapp.framing`` says when it is whole) and only then hands it to a
thread, which finds it all in the parser's buffer. A connection costs a
thread only while its request is answered; one that sends nothing is closed
after ``SERVER_KEEPALIVE`` seconds, and a request still arriving
``SERVER_REQUEST_READ_TIMEOUT`` seconds after its first byte is answered 408.
A connection done with is drained and closed by the same loop, never
waited on (``ReadingWorker.finish_request``).
"""
from __future__ import annotations

import selectors
import socket
import threading
import time
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.workers.gthread import ThreadWorker

from indexer import config

from .framing import Arrival, Limits, arrival
from .security import HEADERS

_EXTRA = "".join(f"{name}: {value}\r\n" for name, value in HEADERS.items()).encode("latin-1")


def with_security_headers(data: bytes) -> bytes:
    """An HTTP response with the security headers added after its status line (once), and
    its HTML declared as UTF-8."""
    if not data.startswith(b"HTTP/") or b"\r\n" not in data or b"Content-Security-Policy:" in data:
        return data
    status, rest = data.split(b"\r\n", 1)
    rest = rest.replace(b"Content-Type: text/html\r\n", b"Content-Type: text/html; charset=utf-8\r\n", 1)
    return status + b"\r\n" + _EXTRA + rest


class HeaderAddingSocket:
    """A client socket whose first write (gunicorn's error answer) gains the security headers."""

    def __init__(self, sock) -> None:
        self._sock = sock
        self._first = True

    def sendall(self, data: bytes, *args):
        if self._first:
            self._first = False
            data = with_security_headers(bytes(data))
        return self._sock.sendall(data, *args)

    def send(self, data: bytes, *args):
        if self._first:
            self.sendall(data, *args)
            return len(data)
        return self._sock.send(data, *args)

    def __getattr__(self, name):
        return getattr(self._sock, name)


class SecureWorker(ThreadWorker):
    """Gunicorn's threaded worker, whose own error answers carry the security headers."""

    def handle_error(self, req, client, addr, exc):
        return super().handle_error(req, HeaderAddingSocket(client), addr, exc)


# Bytes read from a connection at a time.
_RECEIVE = 65_536
_REFUSALS = {
    Arrival.HEAD_TOO_LARGE: ("431 Request Header Fields Too Large",
                             f"The request's headers are over {config.SERVER_HEAD_LIMIT:,} bytes: "
                             "clear this site's cookies, or send fewer headers."),
    Arrival.BODY_TOO_LARGE: ("413 Content Too Large",
                             f"The request's body is over {config.SERVER_BODY_LIMIT:,} bytes: searches "
                             "take none, so put the query in the address of a GET."),
}
_TIMED_OUT = ("408 Request Timeout", f"The request did not arrive within "
              f"{config.SERVER_REQUEST_READ_TIMEOUT:g} seconds of its first byte: send it again.")


def refusal(status: str, message: str) -> bytes:
    """A whole plain-text answer that closes the connection, with the security headers."""
    body = message.encode("utf-8")
    return with_security_headers(
        f"HTTP/1.1 {status}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\n\r\n".encode("latin-1") + body)


@dataclass(eq=False)
class _Reading:
    """A connection whose request is still arriving, and when it must have arrived by."""
    conn: Any                    # gunicorn's connection (TConn), extended with the arrived request
    deadline: float
    data: bytearray = field(default_factory=bytearray)
    continued: bool = False      # "100 Continue" sent


class ReadingWorker(SecureWorker):
    """Gunicorn's threaded worker, whose event loop reads each request whole before a thread
    answers it (see the module's docstring).

    Every way to the threads goes through ``enqueue_req``: a new connection,
    a kept-alive one readable again, one with the next request already read
    ahead. Here that first registers the connection with the loop's selector
    and gathers its bytes; a complete request then goes to the thread pool,
    and ``handle`` puts its bytes back in front of gunicorn's parser.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.reading: dict[int, _Reading] = {}
        self.closing: dict[int, tuple[object, float]] = {}  # connections draining, until when
        self.limits = Limits(line=self.cfg.limit_request_line, head=config.SERVER_HEAD_LIMIT,
                             body=config.SERVER_BODY_LIMIT)

    def enqueue_req(self, conn) -> None:
        held = conn.parser.unreader.take_buffered() if conn.parser is not None else b""
        reading = _Reading(conn, time.monotonic() + config.SERVER_KEEPALIVE)
        self.reading[id(reading)] = reading
        conn.sock.setblocking(False)
        if held:
            self._received(reading, held)
        else:  # the request is often there already: read it without waiting for the next turn
            self._readable(reading, conn.sock)
        if id(reading) in self.reading:
            self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._readable, reading))

    def _readable(self, reading: _Reading, sock) -> None:
        try:
            data = sock.recv(_RECEIVE)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:  # the client left
            self._close(reading)
        else:
            self._received(reading, data)

    def _received(self, reading: _Reading, data: bytes) -> None:
        if not reading.data:  # the request begins: it has the read timeout from now
            reading.deadline = time.monotonic() + config.SERVER_REQUEST_READ_TIMEOUT
        reading.data += data
        state = arrival(bytes(reading.data), self.limits)
        if state is Arrival.EXPECTS_CONTINUE and not reading.continued:
            reading.continued = True
            self._send(reading, b"HTTP/1.1 100 Continue\r\n\r\n")
        elif state in _REFUSALS:
            self._refuse(reading, *_REFUSALS[state])
        elif state is Arrival.COMPLETE:
            self._forget(reading)
            reading.conn.arrived = bytes(reading.data)
            reading.conn.data_ready = True
            super().enqueue_req(reading.conn)

    def handle(self, conn):
        """Answer a connection's request in a thread, its bytes read already."""
        arrived, conn.arrived = getattr(conn, "arrived", None), None
        if arrived is not None:
            try:
                conn.init()  # the parser, for a new connection
            except OSError:
                return False
            conn.parser.unreader.unread(arrived)
        return super().handle(conn)

    def finish_request(self, conn, fs) -> None:
        """As gunicorn's, except that a connection done with is closed without stopping the
        event loop. Gunicorn half-closes it and waits there, up to 2 s, for the client to close
        its end (so that bytes the client sent late do not reset the answer on their way):
        clients that never close stopped every other connection of the process. Here the loop
        drains it beside the others."""
        if fs.cancelled() or (fs.exception() is None and fs.result() is False):
            self.nr_conns -= 1
            try:
                conn.sock.shutdown(socket.SHUT_WR)
                conn.sock.setblocking(False)
                self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._drain, conn))
            except (OSError, ValueError, KeyError):
                conn.close()
                return
            self.closing[id(conn)] = (conn, time.monotonic() + config.SERVER_CLOSE_LINGER)
            return
        super().finish_request(conn, fs)

    def _drain(self, conn, sock) -> None:
        try:
            if sock.recv(_RECEIVE):
                return
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            pass
        self._closed(conn)

    def _closed(self, conn) -> None:
        self.closing.pop(id(conn), None)
        try:
            self.poller.unregister(conn.sock)
        except (KeyError, ValueError, OSError):
            pass
        conn.close()

    def murder_pending(self) -> None:
        """Close connections past their time (called once a turn of the event loop); a stopping
        process closes those that have not begun a request at once."""
        super().murder_pending()
        now = time.monotonic()
        for reading in list(self.reading.values()):
            if reading.deadline <= now or (not self.alive and not reading.data):
                if reading.data:
                    self._refuse(reading, *_TIMED_OUT)
                else:
                    self._close(reading)
        for conn, deadline in list(self.closing.values()):
            if deadline <= now:
                self._closed(conn)

    def _send(self, reading: _Reading, data: bytes) -> None:
        """Best effort, never waiting: a client that does not read loses the answer."""
        try:
            reading.conn.sock.send(data)
        except OSError:
            pass

    def _refuse(self, reading: _Reading, status: str, message: str) -> None:
        self._send(reading, refusal(status, message))
        try:
            reading.conn.sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        self._close(reading)

    def _forget(self, reading: _Reading) -> None:
        self.reading.pop(id(reading), None)
        try:
            self.poller.unregister(reading.conn.sock)
        except (KeyError, ValueError, OSError):
            pass  # never registered: the request was read ahead whole

    def _close(self, reading: _Reading) -> None:
        self._forget(reading)
        self.nr_conns -= 1
        reading.conn.close()


class Server(BaseApplication):
    """Gunicorn, configured from ``serve``'s options rather than its own command line.

    A search is Python work that holds the interpreter lock, so gunicorn runs
    several processes (one per CPU by default). Each answers one request at a
    time (``one_at_a_time``); its threads write answers to clients and take
    the next request as soon as the app is free (slow clients hold none:
    ``ReadingWorker``). Each process makes its own app after forking, so no
    open index or searcher is ever shared between processes.
    """

    def __init__(self, make_app, options: dict) -> None:
        self.make_app = make_app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            self.cfg.set(name, value)

    def load(self):
        return one_at_a_time(self.make_app())


def one_at_a_time(app):
    """``app`` answering one request at a time in this process, however many threads call it.

    A request releases the interpreter lock many times (numpy, zlib, reading
    the index's files), and each release let another thread's request run a
    little: at 10,000 documents, one process with four threads and eight
    clients spent 31 ms of CPU a request against 18 ms with one thread, the
    requests taking turns evicting each other's data from the processor's
    caches (``bench/analysis.md``, "Threads of a server process"). Requests
    now wait for the one before to be answered, which they did for the
    interpreter lock anyway; writing the answer to its client comes after,
    outside the lock, so a slow reader holds only its own thread.
    """
    turn = threading.Lock()

    def answer(environ, start_response):
        with turn:
            return app(environ, start_response)

    return answer
