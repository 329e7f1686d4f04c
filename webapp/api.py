"""The JSON API: the same results and records the pages render, as JSON.

``/api/search`` answers exactly ``SearchResults.to_dict()``, the structure
``refsearch search --json`` prints, with a ``Link`` header (RFC 8288) to
its first, previous, next and last pages, so a client pages through by
following links instead of counting. Errors come back as
``{"error": {"status": ..., "message": ...}}`` from ``webapp.errors``.
"""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, current_app, jsonify, request

from indexer.citations.lookup import lookup
from indexer.errors import QueryError
from indexer.locations import current_anchor

from . import urls
from .caching import conditional
from .citing import cited_part
from .feeds import external_url
from .params import checked_doc_id, citation_param, search_request
from .public import public_document, public_results, public_skipped
from .searcher import get_archive, search_results

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
@conditional()
def api_search():
    results = search_results(search_request(request.args))
    response = jsonify(public_results(results))
    response.headers["Link"] = paging_links(results.page, results.pages)
    return response


def paging_links(page: int, pages: int) -> str:
    """The ``Link`` header of a results page: the same search at its first, previous, next
    and last pages, as absolute addresses (there is no previous to the first, no next to the last)."""
    wanted = [("first", 1)] + ([("prev", min(page - 1, pages))] if page > 1 else [])
    wanted += ([("next", page + 1)] if page < pages else []) + [("last", pages)]
    return ", ".join(f'<{external_url(urls.url_with(request.args, request.path, page=number))}>; rel="{rel}"'
                     for rel, number in wanted)


@bp.get("/documents/<doc_id>")
@conditional()
def api_document(doc_id: str):
    return jsonify(public_document(get_archive().document(checked_doc_id(doc_id))))


@bp.get("/documents/<doc_id>/citation")
@conditional(dated=True)
def api_citation(doc_id: str):
    """The reference entry as plain text and as spans marking what is italic (titles in APA,
    Chicago), and the in-text citations and notes (``in_text``); ``at`` (a section's or
    paragraph's anchor) cites that part: its locator in the in-text forms (``pinpoint``),
    and for a paragraph the ``quotation`` with its citation."""
    doc = get_archive().document(checked_doc_id(doc_id))
    at = (request.args.get("at") or "").strip()[:200] or None
    at = current_anchor(doc, at) or at  # a link of the former anchors still names its part
    return jsonify(cited_part(doc, request.args.get("style"), at, dt.date.today()).to_dict())


@bp.get("/skipped")
@conditional()
def api_skipped():
    """The files the last index run did not index: each one's ``path`` inside the archive
    folder, the ``reason`` and the ``advice`` (what to do)."""
    archive = get_archive()
    files = public_skipped(archive.skipped())
    return jsonify({"generation": archive.generation, "count": len(files), "files": files})


@bp.get("/cite")
@conditional()
def api_cite():
    text = citation_param(request.args, "q")
    if not text:
        raise QueryError("Give the citation, URL, docid or document symbol to look up as ?q=...")
    candidates = lookup(get_archive(), text, current_app.config["CITE_CANDIDATES"])
    return jsonify({"query": text, "candidates": [c.to_dict() for c in candidates]})
