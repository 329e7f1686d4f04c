"""Security headers on every response, and the raw size limit on every request.

The pages need nothing from other origins and run no inline script or
style, so the Content-Security-Policy allows only this origin.
"""
from __future__ import annotations

from flask import Flask, Response, current_app, request

from indexer.errors import QueryTooLong

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
))
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def check_request_size() -> None:
    """Refuse an overlong query string before any view parses it."""
    limit = current_app.config["MAX_QUERY_STRING"]
    if len(request.query_string) > limit:
        raise QueryTooLong(f"The address is {len(request.query_string)} bytes long; "
                           f"the limit is {limit}. Shorten the query or remove some filters.")


def add_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def init_app(app: Flask) -> None:
    app.before_request(check_request_size)
    app.after_request(add_headers)
