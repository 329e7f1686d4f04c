"""Security headers on every response, the host names the server answers for, and the raw
size limit on every request.

The pages need nothing from other origins and run no inline script or
style, so the Content-Security-Policy allows only this origin. The same
headers go on the server's own error pages (``webapp.server``).

A page on another site can make a browser send requests to this server
under the other site's name (DNS rebinding) and read the answers, so a
request whose ``Host`` is not a name this server serves is refused with
400: the allowed names are the localhost forms, the host it listens on,
the host of the configured base URL and any name given with
``--allow-host``. An IP address is always accepted: a rebinding page can
only use a name it controls, never a numeric address.
"""
from __future__ import annotations

import ipaddress

from flask import Flask, Response, abort, current_app, request

from indexer.errors import QueryTooLong

from .caching import textual

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
# Names of this machine a browser may use for a server on it.
LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def host_name(host: str) -> str:
    """The name in a Host header, without port, brackets or trailing dot, in lower case."""
    host = (host or "").strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    if host.count(":") == 1:
        host = host.rsplit(":", 1)[0]
    return host.rstrip(".")


def is_ip_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def allowed_host(host: str, allowed: frozenset[str] | set[str] | tuple[str, ...]) -> bool:
    """Whether this server answers for the Host header ``host`` (see the module docstring)."""
    name = host_name(host)
    if not name:
        return False
    return (name in LOCAL_NAMES or name.endswith(".localhost") or is_ip_address(name)
            or name in {host_name(a) for a in allowed})


def check_host() -> None:
    if not allowed_host(request.host, current_app.config["ALLOWED_HOSTS"]):
        abort(400, description=f"This server does not answer for the host name {host_name(request.host)!r}. "
                               "Use its address, or start it with --allow-host for this name.")


def check_request_size() -> None:
    """Refuse an overlong query string before any view parses it."""
    limit = current_app.config["MAX_QUERY_STRING"]
    if len(request.query_string) > limit:
        raise QueryTooLong(f"The address is {len(request.query_string)} bytes long; "
                           f"the limit is {limit}. Shorten the query or remove some filters.")


def add_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if textual(response) and "charset" not in response.mimetype_params:
        response.headers["Content-Type"] = f"{response.mimetype}; charset=utf-8"
    return response


def init_app(app: Flask) -> None:
    app.before_request(check_host)
    app.before_request(check_request_size)
    app.after_request(add_headers)
