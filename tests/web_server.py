"""A real `refsearch serve` process for tests (``webapp.process``), failing the test if it cannot start,
and raw requests to it."""
from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from webapp.process import PROJECT_ROOT, ServerDidNotStart, get_json, serve_process  # noqa: F401


@contextlib.contextmanager
def serve(index_dir: Path, log: Path, *extra: str) -> Iterator[tuple[str, Path]]:
    """``refsearch serve`` over ``index_dir``; yields its base URL and log once /healthz is ok."""
    try:
        with serve_process(index_dir, *extra, log=log) as base:
            yield base, log
    except ServerDidNotStart as error:
        pytest.fail(str(error))


def raw_request(base: str, data: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send ``data`` as it is and read the answer: status, headers (lower-case names), body."""
    host, port = base.rsplit("/", 1)[1].split(":")
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall(data)
        chunks = []
        while True:
            chunk = conn.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(lines[0].split()[1]), headers, body


SECURITY_HEADERS = ("content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy")
