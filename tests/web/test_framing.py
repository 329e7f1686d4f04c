"""When a request has arrived whole, so that the server's event loop hands it to a thread."""
from __future__ import annotations

import pytest

from webapp.framing import Arrival, Limits, arrival

LIMITS = Limits(line=100, head=1000, body=50)
GET = b"GET /search?q=mali HTTP/1.1\r\nHost: localhost\r\n"
CHUNKED = b"POST /search HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"


def post(length: bytes, body: bytes = b"", *extra: bytes) -> bytes:
    return b"POST /search HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + length + b"\r\n" \
        + b"".join(extra) + b"\r\n" + body


@pytest.mark.parametrize("data, expected", [
    (b"", Arrival.PARTIAL),
    (b"G", Arrival.PARTIAL),
    (GET, Arrival.PARTIAL),
    (GET + b"\r\n", Arrival.COMPLETE),
    (b"\r\n" + GET + b"\r\n", Arrival.COMPLETE),                       # one empty line before it
    (GET + b"\r\n" + GET + b"\r\n", Arrival.COMPLETE),                 # pipelined
    (b"GET / HTTP/1.0\n\n", Arrival.COMPLETE),                         # bare LF: the parser refuses it
    (b"NOT A REQUEST LINE AT ALL\r\n\r\n", Arrival.COMPLETE),         # the parser refuses it
    (b"GET /" + b"a" * 200, Arrival.PARTIAL),                          # under the head limit: wait
    (b"GET /" + b"a" * 1200, Arrival.COMPLETE),                        # an overlong line: the parser's 414
    (GET + b"X-Padding: " + b"a" * 1000, Arrival.HEAD_TOO_LARGE),
    (GET + b"X-Padding: " + b"a" * 1000 + b"\r\n\r\n", Arrival.HEAD_TOO_LARGE),
], ids=["nothing", "one byte", "headers unfinished", "head", "leading empty line", "pipelined",
        "bare LF", "not HTTP", "long line arriving", "line over the limit", "headers arriving over the limit",
        "headers over the limit"])
def test_a_head_has_arrived_once_its_blank_line_has(data, expected):
    assert arrival(data, LIMITS) is expected


@pytest.mark.parametrize("data, expected", [
    (post(b"5", b"ab"), Arrival.PARTIAL),
    (post(b"5", b"abcde"), Arrival.COMPLETE),
    (post(b"0"), Arrival.COMPLETE),
    (post(b"51"), Arrival.BODY_TOO_LARGE),
    (post(b"99999999999999999999"), Arrival.BODY_TOO_LARGE),
    (post(b"five"), Arrival.COMPLETE),                                    # the parser refuses it
    (post(b"\xb2"), Arrival.COMPLETE),                                    # not an ASCII digit
    (post(b"5", b"", b"Content-Length: 6\r\n"), Arrival.COMPLETE),        # two lengths: refused
    (post(b"5", b"", b"Expect: 100-continue\r\n"), Arrival.EXPECTS_CONTINUE),
    (post(b"5", b"ab", b"Expect: 100-continue\r\n"), Arrival.PARTIAL),
    (post(b"5", b"abcde", b"Expect: 100-continue\r\n"), Arrival.COMPLETE),
], ids=["body arriving", "body whole", "empty body", "body over the limit", "huge length",
        "length not a number", "superscript two", "two lengths", "expects continue",
        "continued", "continued and whole"])
def test_a_body_with_a_length_has_arrived_once_that_many_bytes_have(data, expected):
    assert arrival(data, LIMITS) is expected


@pytest.mark.parametrize("body, expected", [
    (b"", Arrival.PARTIAL),
    (b"5\r\nab", Arrival.PARTIAL),
    (b"5\r\nhello\r\n", Arrival.PARTIAL),
    (b"5\r\nhello\r\n0\r\n", Arrival.PARTIAL),
    (b"5\r\nhello\r\n0\r\n\r\n", Arrival.COMPLETE),
    (b"5;name=value\r\nhello\r\n0\r\n\r\n", Arrival.COMPLETE),
    (b"5\r\nhello\r\n0\r\nX-Sum: 1\r\n", Arrival.PARTIAL),
    (b"5\r\nhello\r\n0\r\nX-Sum: 1\r\n\r\n", Arrival.COMPLETE),
    (b"zz\r\n", Arrival.COMPLETE),                                        # the parser refuses it
    (b"0x5\r\nhello\r\n0\r\n\r\n", Arrival.COMPLETE),                     # likewise
    (b"33\r\n", Arrival.BODY_TOO_LARGE),                                  # 51 bytes
    (b"a" * 2000, Arrival.COMPLETE),                                      # a size line without end
], ids=["nothing", "chunk arriving", "chunk", "last chunk arriving", "whole", "extension",
        "trailer arriving", "trailer", "bad size", "prefixed size", "over the limit", "endless size line"])
def test_a_chunked_body_has_arrived_with_its_last_chunk_and_trailers(body, expected):
    assert arrival(CHUNKED + body, LIMITS) is expected


def test_a_request_with_a_length_and_a_coding_goes_to_the_parser_which_refuses_it():
    data = CHUNKED.replace(b"\r\n\r\n", b"\r\nContent-Length: 5\r\n\r\n")
    assert arrival(data, LIMITS) is Arrival.COMPLETE
