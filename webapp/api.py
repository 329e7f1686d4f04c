"""The JSON API: the same results and records the pages render, as JSON.

``/api/search`` answers exactly ``SearchResults.to_dict()``, the structure
``refsearch search --json`` prints. Errors come back as
``{"error": {"status": ..., "message": ...}}`` from ``webapp.errors``.
"""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, current_app, jsonify, request

from indexer.citations.formats import STYLES, format_citation
from indexer.citations.lookup import lookup
from indexer.errors import QueryError

from .params import checked_doc_id, search_request, text_param
from .searcher import get_archive, search_results

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
def api_search():
    return jsonify(search_results(search_request(request.args)).to_dict())


@bp.get("/documents/<doc_id>")
def api_document(doc_id: str):
    return jsonify(get_archive().document(checked_doc_id(doc_id)).to_dict())


@bp.get("/documents/<doc_id>/citation")
def api_citation(doc_id: str):
    doc = get_archive().document(checked_doc_id(doc_id))
    style = (request.args.get("style") or STYLES[0]).strip().lower()
    return jsonify({"style": style, "citation": format_citation(doc, style, dt.date.today()), "id": doc.id})


@bp.get("/cite")
def api_cite():
    text = text_param(request.args, "q")
    if not text:
        raise QueryError("Give the citation, URL, docid or document symbol to look up as ?q=...")
    candidates = lookup(get_archive(), text, current_app.config["CITE_CANDIDATES"])
    return jsonify({"query": text, "candidates": [c.to_dict() for c in candidates]})
