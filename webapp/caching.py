"""Conditional GET and compression, so a feed reader or API client polling costs nothing.

What a feed, an export or an API answer holds depends only on the index
generation it was computed from, the request's address, the configured base
URL and, for the formats that carry an access date, the day. ``conditional``
turns that into a weak ETag before the view runs, so a client that sends it
back (``If-None-Match``), or a ``If-Modified-Since`` no older than the
generation, gets ``304 Not Modified`` without a search. ``Last-Modified`` is
when the generation was written.

``compress`` gzips every textual answer of some size when the client
accepts it. The ETags are weak, so they hold for the compressed and the
plain body alike.
"""
from __future__ import annotations

import datetime as dt
import functools
import gzip
import hashlib
from email.utils import format_datetime, parsedate_to_datetime

from flask import Flask, Response, current_app, request

from .searcher import get_archive

# Bodies shorter than this are sent as they are (compressing them gains nothing).
GZIP_MIN_BYTES = 512
GZIP_LEVEL = 6
# Media types that are text, whatever their name says.
_TEXTUAL = ("text/", "application/json", "application/atom+xml", "application/xml",
            "application/opensearchdescription+xml", "application/x-bibtex",
            "application/x-research-info-systems", "application/vnd.citationstyles.csl+json",
            "image/svg+xml", "application/javascript")


def _validators(dated: bool) -> tuple[str, dt.datetime | None]:
    archive = get_archive()  # pins this request's generation
    generation = archive.generation
    today = dt.date.today().isoformat() if dated else ""
    base = current_app.config.get("BASE_URL") or request.host_url
    key = "\n".join((str(generation), request.full_path, base, today))
    etag = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    modified = archive.built_at()
    if modified and dated:
        midnight = dt.datetime.combine(dt.date.today(), dt.time(), dt.UTC)
        modified = max(modified, midnight)
    return etag, modified


def _not_modified(etag: str, modified: dt.datetime | None) -> bool:
    if request.if_none_match:
        return request.if_none_match.contains_weak(etag)
    since = request.headers.get("If-Modified-Since")
    if since and modified:
        try:
            return modified <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


def conditional(dated: bool = False):
    """Answer the view with 304 when the client holds its current answer; set ETag and
    Last-Modified on a full answer. ``dated``: the answer also changes with the day."""
    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            etag, modified = _validators(dated)
            if _not_modified(etag, modified):
                response = Response(status=304)
                del response.headers["Content-Type"]  # a 304 has no body to describe
            else:
                response = current_app.make_response(view(*args, **kwargs))
                if response.status_code != 200:
                    return response
            response.set_etag(etag, weak=True)
            if modified:
                response.headers["Last-Modified"] = format_datetime(modified, usegmt=True)
            response.headers["Cache-Control"] = "no-cache"  # may be kept, but ask each time
            return response
        return wrapper
    return decorate


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
    app.after_request(compress)
