"""Gunicorn as `refsearch serve` runs it: configured from its options, with the security
headers on gunicorn's own error answers.

Gunicorn answers a request it cannot parse (a malformed request line, an
overlong one, bad headers) itself, before the app sees it, with a bare page
and no headers. ``SecureWorker`` writes those answers through a socket
wrapper that adds the app's security headers (``webapp.security.HEADERS``)
after the status line, so every response of the server carries them.
"""
from __future__ import annotations

from gunicorn.app.base import BaseApplication
from gunicorn.workers.gthread import ThreadWorker

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


class Server(BaseApplication):
    """Gunicorn, configured from ``serve``'s options rather than its own command line.

    A search is Python work that holds the interpreter lock, so threads of
    one process answer concurrent searches one at a time; gunicorn runs
    several processes (one per CPU by default), each with a few threads for
    slow clients. Each process makes its own app after forking, so no open
    index or searcher is ever shared between processes.
    """

    def __init__(self, make_app, options: dict) -> None:
        self.make_app = make_app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            self.cfg.set(name, value)

    def load(self):
        return self.make_app()
