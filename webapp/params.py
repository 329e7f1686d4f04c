"""Request arguments checked and turned into the library's typed requests.

The web app adds only what is about HTTP: the raw size limits, the default
page size from the app's settings, and the document id pattern that keeps a
URL segment from ever being anything but an index term. Everything about
what a search means is left to ``indexer.request.parse_request``; the app's
settings (page size, facet values listed, snippets per hit) go in with it.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from flask import current_app

from indexer import config
from indexer.errors import DocumentNotFound, QueryTooLong
from indexer.numbers import whole_number
from indexer.records import SearchRequest
from indexer.request import check_query_length as check_length
from indexer.request import parse_request

from .urls import REPEATABLE

# A document id: letters, digits, "_" and "-", at most 64 of them. Anything
# else is answered 404 before the index is consulted.
DOC_ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def request_mapping(args: Any) -> dict[str, str | list[str]]:
    """A werkzeug MultiDict as ``parse_request`` takes it: lists for repeatable filters."""
    out: dict[str, str | list[str]] = {}
    for name in args.keys():
        values = args.getlist(name)
        out[name] = list(values) if name in REPEATABLE else values[-1]
    return out


def check_query_length(text: str | None) -> None:
    check_length(text, current_app.config["MAX_QUERY_LENGTH"])


def search_request(args: Any, **overrides: Any) -> SearchRequest:
    """The SearchRequest that ``args`` (request.args) asks for; QueryError when malformed."""
    check_query_length(args.get("q"))
    mapping: Mapping[str, Any] = request_mapping(args)
    if "per_page" not in mapping:
        mapping = {**mapping, "per_page": str(current_app.config["PER_PAGE"])}
    mapping = {**mapping, **overrides}
    settings = current_app.config
    return parse_request(mapping, facet_limit=settings["FACET_LIMIT"], snippets=settings["SNIPPETS"])


def checked_doc_id(doc_id: str) -> str:
    """``doc_id`` when it has the shape of a document id; DocumentNotFound otherwise."""
    if not DOC_ID_PATTERN.fullmatch(doc_id or ""):
        raise DocumentNotFound("No document has that id. Check the address, or search for the document.")
    return doc_id


def text_param(args: Any, name: str) -> str:
    """A free-text parameter, bounded like a query."""
    value = (args.get(name) or "").strip()
    check_query_length(value)
    return value


def citation_param(args: Any, name: str) -> str:
    """The text to look up as a citation: bounded like a citation, which may be a quoted
    paragraph, not like a query."""
    value = (args.get(name) or "").strip()
    limit = current_app.config["MAX_CITATION_LENGTH"]
    if len(value) > limit:
        raise QueryTooLong(f"The citation is {len(value):,} characters long; paste at most {limit}.")
    return value


def page_param(args: Any, name: str) -> int:
    """A page number parameter (1 when absent); ``QueryError`` when it is not one."""
    value = (args.get(name) or "").strip()
    return whole_number(value, name, 1, config.MAX_DOCUMENT_PART) if value else 1
