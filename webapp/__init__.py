"""The Flask front end of refsearch: search pages, document pages, exports and a JSON API.

``create_app`` is the only way in. Every setting has its default in
``DEFAULTS`` (taken from ``indexer.config``), and a test or a deployment
overrides it with ``test_config``. The views are thin: request arguments
become a ``SearchRequest``, one library call answers it, and the same result
object is rendered as HTML or as JSON.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from flask.json.provider import DefaultJSONProvider

from indexer import config

# Every setting of the web app, with its default; `create_app(test_config)` overrides them.
DEFAULTS: dict[str, Any] = {
    # Folder of the search index the app serves.
    "INDEX_DIR": config.INDEX_DIR,
    # Results per page when the request does not say.
    "PER_PAGE": config.DEFAULT_PER_PAGE,
    # Values listed per facet in the sidebar (selected values are always listed).
    "FACET_LIMIT": config.FACET_LIMIT,
    # Longest query accepted, in characters (longer: HTTP 413).
    "MAX_QUERY_LENGTH": config.MAX_QUERY_LENGTH,
    # Longest text the citation lookup takes, in characters: a quoted paragraph is longer
    # than a query (longer: HTTP 413).
    "MAX_CITATION_LENGTH": config.MAX_CITATION_LENGTH,
    # Longest raw query string accepted, in bytes (longer: HTTP 413).
    "MAX_QUERY_STRING": config.MAX_QUERY_STRING,
    # Highlighted passages shown per hit.
    "SNIPPETS": config.SNIPPETS_PER_HIT,
    # Similar documents listed on a document page.
    "MORE_LIKE_THIS": config.MORE_LIKE_THIS,
    # Candidates listed by the citation lookup.
    "CITE_CANDIDATES": config.CITE_CANDIDATES,
    # Most results written by one export (CSV, JSON, RIS, BibTeX).
    "EXPORT_LIMIT": config.EXPORT_LIMIT,
    # Entries in an Atom feed of a search.
    "FEED_ENTRIES": config.FEED_ENTRIES,
    # Results pages remembered per server process and index generation (0: none).
    "SEARCH_CACHE": config.SEARCH_CACHE_SIZE,
    # Page numbers linked on each side of the current page.
    "PAGE_LINKS": 2,
    # Seconds of work a request may take before it is stopped (503): pages and API, exports.
    "REQUEST_TIME_BUDGET": config.REQUEST_TIME_BUDGET,
    "EXPORT_TIME_BUDGET": config.EXPORT_TIME_BUDGET,
    # Public address of the site (e.g. https://search.example.org/) for links in feeds and
    # OpenSearch; None: the address each request came to.
    "BASE_URL": None,
    # Host names the server answers for besides localhost forms, IP addresses and BASE_URL's host.
    "ALLOWED_HOSTS": (),
}


class _RecordOrderJSON(DefaultJSONProvider):
    """JSON keeps the order of the records' to_dict(), as the CLI prints it."""

    sort_keys = False


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """The refsearch web app; ``test_config`` overrides any of ``DEFAULTS``."""
    app = Flask(__name__)
    app.config.from_mapping(DEFAULTS)
    if test_config:
        app.config.from_mapping(test_config)
    app.json = _RecordOrderJSON(app)

    from . import api, budget, caching, errors, exports, filters, searcher, security, views

    if app.config["BASE_URL"]:
        app.config["ALLOWED_HOSTS"] = (*app.config["ALLOWED_HOSTS"], urlsplit(app.config["BASE_URL"]).netloc)
    budget.init_app(app)
    searcher.init_app(app)
    security.init_app(app)
    caching.init_app(app)
    filters.init_app(app)
    errors.init_app(app)
    app.register_blueprint(views.bp)
    app.register_blueprint(exports.bp)
    app.register_blueprint(api.bp)
    return app
