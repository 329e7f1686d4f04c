"""The HTML pages: home, results, document, citation lookup, help, and the service routes.

Each view reads its arguments, makes one library call (plus, on a document
page, the few calls that page shows) and renders a template. Facet links,
chips and pagination are plain data from ``facets`` and ``urls``.
"""
from __future__ import annotations

import dataclasses
import datetime as dt

from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from indexer import facets as facet_table
from indexer.citations.formats import STYLES, citation_spans
from indexer.citations.lookup import lookup
from indexer.errors import IndexBusy, IndexDamaged, IndexMissing
from indexer.locations import pinpoint_of, unknown_anchor
from indexer.records import SORTS, Document, SearchRequest, SearchResults

from . import facets, urls
from .citing import example_citation, looks_like_citation
from .confidence import FOUND, PROBABLY, confidence_class
from .details import metadata_rows
from .feeds import external_url
from .params import checked_doc_id, citation_param, page_param, search_request, text_param
from .refine import checked_dates
from .searcher import get_archive, search_results
from .timeline import tier_timeline

bp = Blueprint("pages", __name__)

STYLE_LABELS = {"refworld": "Refworld", "chicago": "Chicago", "apa": "APA", "bibtex": "BibTeX",
                "ris": "RIS", "csl-json": "CSL-JSON"}
SORT_LABELS = {"relevance": "Relevance", "newest": "Newest first", "oldest": "Oldest first"}
EXPORTS = (("csv", "CSV"), ("json", "JSON"), ("ris", "RIS"), ("bib", "BibTeX"), ("atom", "Atom feed"))


def kept_filters() -> frozenset[str]:
    """The parameters a new query or a change of dates or sort keeps from the current page:
    every facet's, read from the facet table, and the page size."""
    return frozenset({*(f.param for f in facet_table.FACETS), "per_page"})


def entry_points() -> frozenset[str]:
    """The facets whose values the home page offers as ready-made searches (the table says)."""
    return frozenset(f.name for f in facet_table.FACETS if f.entry_point)


@bp.get("/")
def home():
    """The search box, what the archive holds, and the values of the table's entry-point facets
    (tiers, countries, years) as ready-made searches."""
    archive = get_archive()
    no_args = MultiDict()
    overview = search_results(search_request(no_args, per_page="1"))
    offered = entry_points()
    groups = [g for g in facets.facet_groups(overview, no_args, current_app.config["FACET_LIMIT"],
                                             url_for(".search_page"))
              if g.name in offered]
    return render_template("home.html", stats=archive.stats().to_dict(), groups=groups)


@bp.get("/search")
def search_page():
    args, date_errors = checked_dates(request.args)
    search_req = search_request(args)
    results = search_results(search_req)
    return render_template("search.html", **results_context(search_req, results, args),
                           date_errors=date_errors)


@bp.get("/search/facets/<name>")
def facet_page(name: str):
    """Every value of one facet for a search, each a link to the search filtered by it."""
    if name not in facet_table.BY_NAME:
        abort(404)
    args, _ = checked_dates(request.args)
    search_req = dataclasses.replace(search_request(args, page="1"), facet_limit=0)
    results = search_results(search_req)
    group = next(g for g in facets.facet_groups(results, args, None, url_for(".search_page"))
                 if g.name == name)
    return render_template("facet.html", req=search_req, results=results, group=group,
                           back_url=urls.url_with(args, url_for(".search_page")))


def results_context(search_req: SearchRequest, results: SearchResults, args=None) -> dict:
    """Everything the results template shows, computed once from the request and its results."""
    args, path = (request.args if args is None else args), request.path
    config = current_app.config
    pages = results.pages
    kept = kept_filters()
    return {
        "req": search_req,
        "results": results,
        "hits": results.hits,
        "snippet_limit": config["SNIPPETS"],
        "groups": facets.facet_groups(results, args, config["FACET_LIMIT"], path),
        "chips": facets.active_filters(search_req, results, args, path),
        "clear_url": facets.clear_filters_url(args, path),
        "page_links": urls.page_links(args, results.page, pages, config["PAGE_LINKS"], path),
        "prev_url": urls.url_with(args, path, page=results.page - 1) if results.page > 1 else None,
        "next_url": urls.url_with(args, path, page=results.page + 1) if results.page < pages else None,
        "first_url": urls.url_with(args, path, page=1),
        "suggestion_url": (urls.url_with(args, path, q=results.suggestion)
                           if results.suggestion else None),
        "sorts": [(s, SORT_LABELS.get(s, s)) for s in SORTS],
        "exports": [(label, urls.query_string(urls.arg_pairs(args), f"/search.{ext}"))
                    for ext, label in EXPORTS],
        "first_hit": (results.page - 1) * results.per_page + 1,
        # Filters a new query keeps: the refine form shows the dates itself, the search box does not.
        "filter_args": [(k, v) for k, v in urls.arg_pairs(args) if k in kept],
        "query_form_args": [(k, v) for k, v in urls.arg_pairs(args) if k in kept | {"from", "to"}],
        # The results' own address, which a document page's "Back to results" returns to.
        "back": urls.query_string(urls.arg_pairs(args))[1:],
        "lookup_url": (urls.query_string([("q", search_req.query)], url_for(".cite_page"))
                       if looks_like_citation(search_req.query) else None),
        "active_filters": sum(1 for k, _ in urls.arg_pairs(args) if k in kept - {"per_page"}
                              or k in ("from", "to")),
    }


@bp.get("/documents/<doc_id>")
def document_page(doc_id: str):
    archive = get_archive()
    doc = archive.document(checked_doc_id(doc_id))
    query = text_param(request.args, "q")
    part = page_param(request.args, "part")
    at = (request.args.get("at") or "").strip()[:200] or None
    cited = pinpoint_of(doc, at)
    style = (request.args.get("style") or STYLES[0]).strip().lower()
    citation = citation_spans(doc, style, dt.date.today(), cited)
    others = tuple(d for d in archive.series(doc) if d.id != doc.id)
    similar = archive.similar(doc.id, current_app.config["MORE_LIKE_THIS"])
    copies = archive.copies(doc.id)
    path = request.path
    text = archive.highlight(doc, query, part, at if cited else None)
    part_links = (urls.page_links(request.args, text.part, text.parts, current_app.config["PAGE_LINKS"],
                                  path, name="part") if text.parts > 1 else ())
    return render_template(
        "document.html", doc=doc, query=query, text=text, paragraphs=text.paragraphs, copies=copies,
        part_links=part_links, at=at if cited else None, cited=cited,
        anchor_notice=unknown_anchor(at) if at and not cited else None,
        anchor_url=lambda anchor: urls.url_with(request.args, path, at=anchor, part=None) + f"#{anchor}",
        part_url=lambda number: urls.url_with(request.args, path, part=number, at=None),
        metadata=metadata_rows(doc), style=style, citation=citation,
        styles=[(s, STYLE_LABELS.get(s, s), urls.url_with(request.args, path, style=s)) for s in STYLES],
        similar=similar, series=sorted((doc, *others), key=_series_key),
        timeline=tier_timeline((doc, *others), doc.id),
        back_url=urls.results_link(request.args.get("back"), query, url_for(".search_page")))


def _series_key(doc: Document) -> tuple:
    return (doc.report_year or 0, doc.published or "", doc.id)


@bp.get("/documents/<doc_id>/text.txt")
def document_text(doc_id: str):
    """The whole clean text of a document, however long, as plain UTF-8 text."""
    doc = get_archive().document(checked_doc_id(doc_id))
    return Response(doc.text, content_type="text/plain; charset=utf-8")


@bp.get("/cite")
def cite_page():
    text = citation_param(request.args, "q")
    candidates = lookup(get_archive(), text, current_app.config["CITE_CANDIDATES"]) if text else ()
    return render_template("cite.html", text=text, example=example_citation(),
                           candidates=[(c, confidence_class(c.verdict)) for c in candidates],
                           found=FOUND, probably=PROBABLY)


@bp.get("/help")
def help_page():
    return render_template("help.html")


@bp.get("/healthz")
def healthz():
    """Liveness and index state: 200 with the document count, 503 when there is no index or
    the index is damaged (its files no longer match their checksums)."""
    try:
        archive = get_archive()
    except (IndexMissing, IndexBusy, IndexDamaged) as error:
        return jsonify(ok=False, documents=0, generation=None, message=str(error)), 503
    return jsonify(ok=True, documents=archive.count(), generation=archive.generation)


@bp.get("/opensearch.xml")
def opensearch():
    body = render_template("opensearch.xml", root=external_url(""))
    return body, 200, {"Content-Type": "application/opensearchdescription+xml; charset=utf-8"}

