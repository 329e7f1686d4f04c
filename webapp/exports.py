"""Downloads of a result list (CSV, JSON, RIS, BibTeX, CSL-JSON), an Atom feed of any search,
and one document's citation as a RIS, BibTeX or CSL-JSON file.

Exports take the same parameters as the results page and write up to
``EXPORT_LIMIT`` results in ranking order, fetched page by page through the
ordinary search call. RIS, BibTeX and CSL-JSON records are the citation styles of
``indexer.citations.formats``, so an export cites exactly as a document page does
(BibTeX keys included). Every export is UTF-8 and says so; the CSV starts
with a byte order mark so that Excel reads it as UTF-8, and a cell that a
spreadsheet would run as a formula is written as text. A download is named
for what it holds (``webapp.downloads``). Exports and the feed answer
conditional requests (``webapp.caching``); their errors come in the export's
own form (``webapp.errors``).
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from pathlib import Path

from flask import Blueprint, Response, current_app, jsonify, request, send_file

from indexer import config
from indexer.citations.exchange import bibtex_key
from indexer.citations.formats import format_citation, format_citations
from indexer.citations.parts import web_address
from indexer.records import Hit, SearchRequest

from .caching import conditional
from .downloads import attachment, search_file_stem
from .feeds import atom_feed, external_url
from .originals import inline_pdf_headers, open_unchanged
from .params import checked_doc_id, search_request
from .public import public_hit
from .searcher import get_archive

bp = Blueprint("exports", __name__)

CSV_COLUMNS = ("id", "title", "publisher", "published", "countries", "country_codes", "tier",
               "report_year", "doc_type", "source_url", "url", "score")
# The media type and the citation style of each reference manager's format, by extension.
CITATION_FILES = {
    "ris": ("application/x-research-info-systems", "ris"),
    "bib": ("application/x-bibtex", "bibtex"),
    "json": ("application/vnd.citationstyles.csl+json", "csl-json"),
}
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
    """The export as a file named for the search it holds."""
    return attachment(body, mimetype, f"{search_file_stem(search_request(request.args))}.{extension}")


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
    response.headers["Content-Disposition"] = f'attachment; filename="{search_file_stem(search_req)}.json"'
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


@bp.get("/search.csl.json")
@conditional(dated=True)
def export_csl_json():
    """The results as one CSL-JSON list, which Zotero, Mendeley, pandoc and citeproc read."""
    return _download(_bibliography("csl-json"), CITATION_FILES["json"][0], "csl.json")


@bp.get("/documents/<doc_id>/citation.<any(ris, bib, json):extension>")
@conditional(dated=True)
def document_citation_file(doc_id: str, extension: str):
    """One document's citation as a file a reference manager imports, named by its BibTeX key."""
    doc = get_archive().document(checked_doc_id(doc_id))
    mimetype, style = CITATION_FILES[extension]
    body = format_citation(doc, style, dt.date.today()) + "\n"
    return attachment(body, mimetype, f"{bibtex_key(doc)}.{'csl.json' if extension == 'json' else extension}")


@bp.get("/documents/<doc_id>/original.pdf")
def original_pdf(doc_id: str):
    """The PDF a document was read from, as indexed, shown in the browser's tab (a link's
    ``#page=N`` opens it at that page); saved under its own name (``webapp.originals``)."""
    doc = get_archive().document(checked_doc_id(doc_id))
    file, size = open_unchanged(doc)
    response = send_file(file, mimetype="application/pdf", conditional=True, etag=doc.sha256[:32])
    if response.status_code == 200:
        response.content_length = size
    response.headers.update(inline_pdf_headers(Path(doc.path)))
    return response


@bp.get("/search.atom")
@conditional()
def export_atom():
    """The search as a feed, newest first, so a saved search can be followed in a reader."""
    search_req, _, hits = export_hits(current_app.config["FEED_ENTRIES"], sort="newest")
    body = atom_feed(search_req, hits)
    return Response(body, content_type="application/atom+xml; charset=utf-8")
