"""Downloads of a result list (CSV, JSON, RIS, BibTeX) and an Atom feed of any search.

Exports take the same parameters as the results page and write up to
``EXPORT_LIMIT`` results in ranking order, fetched page by page through the
ordinary search call. RIS and BibTeX records are the citation styles of
``indexer.citations.formats``, so an export cites exactly as a document page does.
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import html
import io
import re
import xml.etree.ElementTree as ET

from flask import Blueprint, Response, current_app, jsonify, request, url_for

from indexer import config
from indexer.citations.formats import format_citations
from indexer.records import Hit, SearchRequest

from .params import search_request
from .searcher import get_archive

bp = Blueprint("exports", __name__)

CSV_COLUMNS = ("id", "title", "publisher", "published", "countries", "country_codes", "tier",
               "report_year", "doc_type", "source_url", "url", "score")
ATOM_NS = "http://www.w3.org/2005/Atom"
_TAG = re.compile(r"</?mark>")


def export_hits(limit: int | None = None, **overrides: str) -> tuple[SearchRequest, int, list[Hit]]:
    """The request, its total and its first ``limit`` hits, in one ranking (no facets, no suggestion)."""
    search_request(request.args)  # the parameters as given must be valid, page and size included
    limit = limit or current_app.config["EXPORT_LIMIT"]
    wanted = dataclasses.replace(search_request(request.args, page="1", **overrides), per_page=limit)
    results = get_archive().hits(wanted)
    first_page = dataclasses.replace(wanted, per_page=min(limit, config.MAX_PER_PAGE))
    return first_page, results.total, list(results.hits)


def document_url(doc_id: str) -> str:
    return url_for("pages.document_page", doc_id=doc_id, _external=True)


def _download(body: str, mimetype: str, extension: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="refsearch-results.{extension}"'
    return response


@bp.get("/search.csv")
def export_csv():
    _, _, hits = export_hits()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for hit in hits:
        writer.writerow([hit.id, hit.title or "", hit.publisher or "", hit.published or "",
                         "; ".join(c.name for c in hit.countries),
                         "; ".join(c.code for c in hit.countries), hit.tier or "",
                         hit.report_year or "", hit.doc_type or "", hit.source_url or "",
                         document_url(hit.id), f"{hit.score:.4f}"])
    return _download(out.getvalue(), "text/csv", "csv")


@bp.get("/search.json")
def export_json():
    search_req, total, hits = export_hits()
    response = jsonify({"total": total, "exported": len(hits), "request": search_req.to_dict(),
                        "hits": [h.to_dict() for h in hits]})
    response.headers["Content-Disposition"] = 'attachment; filename="refsearch-results.json"'
    return response


def _bibliography(style: str) -> str:
    """The exported hits cited in ``style``, accessed today, with unique BibTeX keys."""
    archive = get_archive()
    _, _, hits = export_hits()
    docs = [archive.document(hit.id) for hit in hits]
    return format_citations(docs, style, dt.date.today()).strip() + "\n"


@bp.get("/search.ris")
def export_ris():
    return _download(_bibliography("ris"), "application/x-research-info-systems", "ris")


@bp.get("/search.bib")
def export_bibtex():
    return _download(_bibliography("bibtex"), "application/x-bibtex", "bib")


def atom_time(iso: str | None) -> str | None:
    """An ISO date of any precision as an RFC 3339 timestamp at its first moment."""
    if not iso:
        return None
    parts = [int(p) for p in iso[:10].split("-")] + [1, 1]
    return dt.datetime(parts[0], parts[1], parts[2], tzinfo=dt.timezone.utc).isoformat().replace("+00:00", "Z")


@bp.get("/search.atom")
def export_atom():
    """The search as a feed, newest first, so a saved search can be followed in a reader."""
    search_req, _, hits = export_hits(current_app.config["FEED_ENTRIES"], sort="newest")
    ET.register_namespace("", ATOM_NS)

    def sub(parent, tag, text=None, **attrs):
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    query = search_req.query or "all documents"
    sub(feed, "title", f"refsearch: {query}")
    sub(feed, "id", request.url)
    sub(feed, "link", rel="self", href=request.url)
    page_url = request.url_root.rstrip("/") + request.full_path.replace("/search.atom", "/search", 1)
    sub(feed, "link", rel="alternate", type="text/html", href=page_url.rstrip("?"))
    dates = [atom_time(h.published) for h in hits if h.published]
    sub(feed, "updated", max(dates) if dates else atom_time(dt.date.today().isoformat()))
    author = sub(feed, "author")
    sub(author, "name", "refsearch")
    for hit in hits:
        entry = sub(feed, "entry")
        sub(entry, "title", hit.title or hit.id)
        sub(entry, "id", document_url(hit.id))
        sub(entry, "link", rel="alternate", type="text/html", href=document_url(hit.id))
        # Atom requires a date: the publication date, else the report's year, else today.
        sub(entry, "updated", atom_time(hit.published or (str(hit.report_year) if hit.report_year else None))
            or atom_time(dt.date.today().isoformat()))
        if hit.publisher:
            sub(sub(entry, "author"), "name", hit.publisher)
        if hit.tier:
            sub(entry, "category", term=hit.tier)
        summary = " … ".join(_TAG.sub("", s) for s in hit.snippets)
        if summary:
            sub(entry, "summary", html.unescape(summary))
    body = ET.tostring(feed, encoding="unicode", xml_declaration=True)
    return Response(body, mimetype="application/atom+xml")

