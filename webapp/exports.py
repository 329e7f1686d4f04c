"""Downloads of a result list (CSV, JSON, RIS, BibTeX) and an Atom feed of any search.

Exports take the same parameters as the results page and write up to
``EXPORT_LIMIT`` results in ranking order, fetched page by page through the
ordinary search call. RIS and BibTeX records are the citation styles of
``indexer.citations.formats``, so an export cites exactly as a document page does
(BibTeX keys included). Every export is UTF-8 and says so; the CSV starts
with a byte order mark so that Excel reads it as UTF-8, and a cell that a
spreadsheet would run as a formula is written as text. Exports and the feed
answer conditional requests (``webapp.caching``).
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io

from flask import Blueprint, Response, current_app, jsonify, request

from indexer import config
from indexer.citations.formats import format_citations
from indexer.citations.parts import web_address
from indexer.records import Hit, SearchRequest

from .caching import conditional
from .feeds import atom_feed, external_url
from .params import search_request
from .public import public_hit
from .searcher import get_archive

bp = Blueprint("exports", __name__)

CSV_COLUMNS = ("id", "title", "publisher", "published", "countries", "country_codes", "tier",
               "report_year", "doc_type", "source_url", "url", "score")
# A cell starting with one of these is a formula to Excel and LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def export_hits(limit: int | None = None, passages: bool = True,
                **overrides: str) -> tuple[SearchRequest, int, list[Hit]]:
    """The request, its total and its first ``limit`` hits, in one ranking (no facets, no
    suggestion); without ``passages`` for a format that shows none, whose hits then cost no
    snippets (most of the work of a thousand hits)."""
    search_request(request.args)  # the parameters as given must be valid, page and size included
    limit = limit or current_app.config["EXPORT_LIMIT"]
    wanted = dataclasses.replace(search_request(request.args, page="1", **overrides), per_page=limit)
    if not passages:
        wanted = dataclasses.replace(wanted, snippets=0)
    results = get_archive().hits(wanted)
    first_page = dataclasses.replace(wanted, per_page=min(limit, config.MAX_PER_PAGE))
    return first_page, results.total, list(results.hits)


def document_url(doc_id: str) -> str:
    return external_url(f"/documents/{doc_id}")


def _download(body: str, mimetype: str, extension: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Type"] = f"{mimetype}; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="refsearch-results.{extension}"'
    return response


def spreadsheet_cell(value) -> str:
    """``value`` as CSV text that no spreadsheet runs: a would-be formula gets a leading quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@bp.get("/search.csv")
@conditional()
def export_csv():
    _, _, hits = export_hits(passages=False)
    out = io.StringIO()
    out.write("\ufeff")  # the byte order mark: Excel reads the file as UTF-8
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for hit in hits:
        writer.writerow(spreadsheet_cell(cell) for cell in (
            hit.id, hit.title, hit.publisher, hit.published,
            "; ".join(c.name for c in hit.countries), "; ".join(c.code for c in hit.countries),
            hit.tier, hit.report_year, hit.doc_type, web_address(hit.source_url),
            document_url(hit.id), f"{hit.score:.4f}"))
    return _download(out.getvalue(), "text/csv", "csv")


@bp.get("/search.json")
@conditional()
def export_json():
    search_req, total, hits = export_hits()
    response = jsonify({"total": total, "exported": len(hits), "request": search_req.to_dict(),
                        "hits": [public_hit(h) for h in hits]})
    response.headers["Content-Disposition"] = 'attachment; filename="refsearch-results.json"'
    return response


def _bibliography(style: str) -> str:
    """The exported hits cited in ``style``, accessed today; each record ends its own lines."""
    archive = get_archive()
    _, _, hits = export_hits(passages=False)
    docs = [archive.document(hit.id) for hit in hits]
    text = format_citations(docs, style, dt.date.today())
    return text + "\n" if text else ""


@bp.get("/search.ris")
@conditional(dated=True)
def export_ris():
    return _download(_bibliography("ris"), "application/x-research-info-systems", "ris")


@bp.get("/search.bib")
@conditional(dated=True)
def export_bibtex():
    return _download(_bibliography("bibtex"), "application/x-bibtex", "bib")


@bp.get("/search.atom")
@conditional()
def export_atom():
    """The search as a feed, newest first, so a saved search can be followed in a reader."""
    search_req, _, hits = export_hits(current_app.config["FEED_ENTRIES"], sort="newest")
    body = atom_feed(search_req.query, hits)
    return Response(body, content_type="application/atom+xml; charset=utf-8")
