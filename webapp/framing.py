"""How much of an HTTP/1 request has arrived: the server reads whole requests before a thread
answers them.

The server's event loop gathers a connection's bytes until ``arrival`` says
the first request in them is complete (its head, and its body by
``Content-Length`` or chunked coding), and only then hands the connection to
a thread. This only decides *when* a request has arrived; whether it is well
formed is for gunicorn's parser to say, so anything this cannot frame (a
malformed length, a bare-LF head, a conflicting coding) counts as complete
and goes to the parser, which refuses it with its own 400.
"""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass

_CHUNK_SIZE = re.compile(rb"[0-9A-Fa-f]{1,16}")
# Bytes a chunk-size line may take before the parser is left to refuse it.
_CHUNK_LINE = 1024


class Arrival(enum.Enum):
    PARTIAL = "partial"              # wait for more bytes
    COMPLETE = "complete"            # hand the connection to a thread
    EXPECTS_CONTINUE = "continue"    # the head is in; the client waits for "100 Continue"
    HEAD_TOO_LARGE = "head"          # headers past the limit: 431
    BODY_TOO_LARGE = "body"          # a body past the limit: 413


@dataclass(frozen=True)
class Limits:
    line: int   # longest request line the parser takes (gunicorn's limit_request_line)
    head: int   # most bytes of request line and headers read
    body: int   # largest body read


def arrival(data: bytes, limits: Limits) -> Arrival:
    """How far the first request in ``data`` has arrived."""
    end, separator = _head_end(data)
    if end < 0:
        if len(data) <= limits.head:
            return Arrival.PARTIAL
        # An overlong request line is the parser's to refuse (414); long headers are ours.
        return Arrival.COMPLETE if b"\n" not in data[:limits.line + 3] else Arrival.HEAD_TOO_LARGE
    if end > limits.head:
        return Arrival.HEAD_TOO_LARGE
    fields = _fields(data[:end])
    body = data[end + separator:]
    lengths, codings = fields.get(b"content-length", []), fields.get(b"transfer-encoding", [])
    if codings:
        if lengths or not codings[-1].lower().rstrip().endswith(b"chunked"):
            return Arrival.COMPLETE
        arrived = _chunked(body, limits.body)
    elif not lengths:
        return Arrival.COMPLETE
    elif len(lengths) > 1 or not lengths[0].strip().isdigit():
        return Arrival.COMPLETE
    elif int(lengths[0]) > limits.body:
        return Arrival.BODY_TOO_LARGE
    else:
        arrived = Arrival.COMPLETE if len(body) >= int(lengths[0]) else Arrival.PARTIAL
    if arrived is Arrival.PARTIAL and not body \
            and any(value.strip().lower() == b"100-continue" for value in fields.get(b"expect", [])):
        return Arrival.EXPECTS_CONTINUE
    return arrived


def _head_end(data: bytes) -> tuple[int, int]:
    """Where the head ends and the length of the blank line that ends it; (-1, 0) if not yet."""
    ends = [(data.find(mark), len(mark)) for mark in (b"\r\n\r\n", b"\n\n")]
    found = [end for end in ends if end[0] >= 0]
    return min(found) if found else (-1, 0)


def _fields(head: bytes) -> dict[bytes, list[bytes]]:
    """The header values of a head by lower-case name (the request line skipped)."""
    fields: dict[bytes, list[bytes]] = {}
    for line in head.split(b"\n")[1:]:
        name, _, value = line.partition(b":")
        fields.setdefault(name.strip().lower(), []).append(value.strip())
    return fields


def _chunked(body: bytes, limit: int) -> Arrival:
    """How far a chunked body has arrived (its trailers included)."""
    position, total = 0, 0
    while True:
        line_end = body.find(b"\r\n", position)
        if line_end < 0:
            return Arrival.PARTIAL if len(body) - position <= _CHUNK_LINE else Arrival.COMPLETE
        size = body[position:line_end].split(b";", 1)[0].strip()
        if not _CHUNK_SIZE.fullmatch(size):
            return Arrival.COMPLETE
        total += int(size, 16)
        if total > limit:
            return Arrival.BODY_TOO_LARGE
        position = line_end + 2
        if size.strip(b"0") == b"":  # the last chunk: then trailers and a blank line
            return Arrival.COMPLETE if body.find(b"\r\n\r\n", position - 2) >= 0 else Arrival.PARTIAL
        position += int(size, 16) + 2
        if len(body) < position:
            return Arrival.PARTIAL
