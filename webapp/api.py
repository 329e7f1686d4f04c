"""The JSON API: the same results and records the pages render, as JSON.

``/api/search`` answers exactly ``SearchResults.to_dict()``, the structure
``refsearch search --json`` prints. Errors come back as
``{"error": {"status": ..., "message": ...}}`` from ``webapp.errors``.
"""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, current_app, jsonify, request

from indexer.citations.formats import STYLES, citation_spans
from indexer.citations.lookup import lookup
from indexer.errors import QueryError
from indexer.locations import pinpoint_of, unknown_anchor

from .caching import conditional
from .params import checked_doc_id, citation_param, search_request
from .public import public_document, public_results, public_skipped
from .searcher import get_archive, search_results

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
@conditional()
def api_search():
    return jsonify(public_results(search_results(search_request(request.args))))


@bp.get("/documents/<doc_id>")
@conditional()
def api_document(doc_id: str):
    return jsonify(public_document(get_archive().document(checked_doc_id(doc_id))))


@bp.get("/documents/<doc_id>/citation")
@conditional(dated=True)
def api_citation(doc_id: str):
    """The citation as plain text, and as spans marking what is italic (titles in APA, Chicago);
    ``at`` (a section's or paragraph's anchor) cites that part."""
    doc = get_archive().document(checked_doc_id(doc_id))
    style = (request.args.get("style") or STYLES[0]).strip().lower()
    at = (request.args.get("at") or "").strip()[:200] or None
    cited = pinpoint_of(doc, at)
    spans = citation_spans(doc, style, dt.date.today(), cited)
    answer = {"style": style, "citation": "".join(s.text for s in spans), "id": doc.id,
              "spans": [{"text": s.text, "italic": s.italic} for s in spans]}
    if at and cited is None:
        answer["notice"] = unknown_anchor(at)
    return jsonify(answer)


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
