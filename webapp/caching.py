"""Conditional GET and compression, so a feed reader or API client polling costs nothing.

An ETag is a hash of the body that was served, so it changes exactly when
what a client would read changes: an index run that changes nothing (a
rebuild, files only touched) leaves every page, feed, export and API answer
with the ETag it had, and a feed reader polling after each nightly run gets
``304 Not Modified``. The views marked ``conditional`` (feeds, exports, the
API) also remember, per process, the ETag they served for an address on an
index generation (and, for the formats that carry an access date, on a day);
a client sending that ETag back (``If-None-Match``), or an
``If-Modified-Since`` no older than the generation, is answered 304 before
any search. Elsewhere, and for a new generation, the answer is computed and
its hash compared. Every other page gets its ETag the same way
(``tag_page``). ``Last-Modified`` is when the generation was written.

A 304 carries the headers that would have come with the full answer and say
how it may be kept: ``ETag``, ``Last-Modified``, ``Cache-Control`` and
``Vary: Accept-Encoding``, without which a cache could hand the gzipped body
to a client that never asked for it.

``compress`` gzips every textual answer of some size when the client
accepts it. The ETags are weak and computed before compression, so they
hold for the compressed and the plain body alike.
"""
from __future__ import annotations

import datetime as dt
import functools
import gzip
import hashlib
from dataclasses import dataclass
from email.utils import format_datetime, parsedate_to_datetime

from flask import Flask, Response, current_app, request

from indexer import config
from indexer.cache import LRU

from .searcher import get_archive

# Bodies shorter than this are sent as they are (compressing them gains nothing).
GZIP_MIN_BYTES = 512
GZIP_LEVEL = 6
# Hex digits of the body's SHA-256 an ETag keeps (128 bits).
ETAG_DIGITS = 32
# Media types that are text, whatever their name says.
_TEXTUAL = ("text/", "application/json", "application/atom+xml", "application/xml",
            "application/opensearchdescription+xml", "application/x-bibtex",
            "application/x-research-info-systems", "application/vnd.citationstyles.csl+json",
            "image/svg+xml", "application/javascript")


@dataclass(frozen=True, slots=True)
class ServedKey:
    """What an answer of a ``conditional`` view depends on besides the index's content."""

    generation: str | None
    address: str
    base: str
    day: str


def body_etag(body: bytes) -> str:
    """The ETag of a body: a hash of its bytes, so equal answers have equal ETags."""
    return hashlib.sha256(body).hexdigest()[:ETAG_DIGITS]


def _served_key(dated: bool) -> ServedKey:
    archive = get_archive()  # pins this request's generation
    base = current_app.config.get("BASE_URL") or request.host_url
    return ServedKey(archive.generation, request.full_path, base, dt.date.today().isoformat() if dated else "")


def _last_modified(dated: bool) -> dt.datetime | None:
    modified = get_archive().built_at()
    if modified and dated:
        midnight = dt.datetime.combine(dt.date.today(), dt.time(), dt.UTC)
        modified = max(modified, midnight)
    return modified


def _client_holds(etag: str | None, modified: dt.datetime | None) -> bool:
    """Whether the client's validators name this answer: its ETag when it sends any
    (``If-None-Match`` wins), else an ``If-Modified-Since`` no older than ``modified``."""
    if request.if_none_match:
        return etag is not None and request.if_none_match.contains_weak(etag)
    since = request.headers.get("If-Modified-Since")
    if since and modified:
        try:
            return modified <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


def _validated(response: Response, etag: str, modified: dt.datetime | None) -> Response:
    response.set_etag(etag, weak=True)
    if modified:
        response.headers["Last-Modified"] = format_datetime(modified, usegmt=True)
    response.headers["Cache-Control"] = "no-cache"  # may be kept, but ask each time
    return response


def not_modified(etag: str, modified: dt.datetime | None) -> Response:
    """The 304 answer: no body, and the headers the full answer would have had."""
    response = Response(status=304)
    del response.headers["Content-Type"]  # a 304 has no body to describe
    response.vary.add("Accept-Encoding")
    return _validated(response, etag, modified)


def _memory() -> LRU[ServedKey, str]:
    return current_app.extensions["refsearch_etags"]


def conditional(dated: bool = False):
    """Answer the view with 304 when the client holds its current answer; set ETag and
    Last-Modified on a full answer. ``dated``: the answer also changes with the day."""
    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            key, modified = _served_key(dated), _last_modified(dated)
            known = _memory().get(key)
            if known and _client_holds(known, modified):
                return not_modified(known, modified)
            response = current_app.make_response(view(*args, **kwargs))
            if response.status_code != 200:
                return response
            etag = _memory().put(key, body_etag(response.get_data()))
            if _client_holds(etag, modified):
                return not_modified(etag, modified)
            return _validated(response, etag, modified)
        return wrapper
    return decorate


def tag_page(response: Response) -> Response:
    """Give a full answer of any other GET its ETag (the hash of its body), and answer 304
    to a client that holds it."""
    if (request.method != "GET" or response.status_code != 200 or response.direct_passthrough
            or response.is_streamed or "ETag" in response.headers or not textual(response)):
        return response
    etag = body_etag(response.get_data())
    if request.if_none_match and request.if_none_match.contains_weak(etag):
        return not_modified(etag, None)
    response.set_etag(etag, weak=True)
    response.headers.setdefault("Cache-Control", "no-cache")
    return response


def textual(response: Response) -> bool:
    return (response.mimetype or "").startswith(_TEXTUAL)


def compress(response: Response) -> Response:
    """The response gzipped when the client accepts it and it is text worth compressing."""
    if (response.status_code != 200 or response.direct_passthrough or response.is_streamed
            or "Content-Encoding" in response.headers or not textual(response)):
        return response
    response.vary.add("Accept-Encoding")
    if request.accept_encodings["gzip"] <= 0:
        return response
    body = response.get_data()
    if len(body) < GZIP_MIN_BYTES:
        return response
    response.set_data(gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    return response


def init_app(app: Flask) -> None:
    app.extensions["refsearch_etags"] = LRU(config.ETAG_MEMORY_SIZE)
    # after_request functions run last registered first: a page is tagged, then compressed
    app.after_request(compress)
    app.after_request(tag_page)
