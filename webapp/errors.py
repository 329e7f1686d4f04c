"""Every failure becomes a page (or a JSON body) with the right status, never a traceback.

``RefsearchError.http_status`` is translated in one handler: 400 for a
malformed query, 413 for an overlong one, 404 for an unknown document (a 308
redirect for an id the index gave out before, to the document's id now), 503
when there is no index yet or it is damaged (with how to build it). HTTP errors raised by
Flask itself get the same treatment, and anything unexpected is logged and
answered with a plain 500 page.

An error comes in the form the client asked for, so the program that
fetched it can show it: JSON (``{"error": {...}}``) from the API and the
JSON and CSL-JSON downloads, one line of plain text from the CSV, RIS,
BibTeX and plain-text downloads and the Atom feed (a spreadsheet, reference
manager or feed reader shows that line, where an HTML page would be read
as a broken file), an HTML page everywhere else.
"""
from __future__ import annotations

from flask import Flask, current_app, jsonify, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException, InternalServerError

from indexer.errors import DocumentGone, DocumentMoved, IndexBusy, IndexDamaged, IndexMissing, RefsearchError

TITLES = {400: "Bad request", 404: "Not found", 405: "Method not allowed",
          413: "Query too long", 422: "Unreadable document", 500: "Server error",
          503: "Search unavailable"}


# Downloads whose errors are one line of plain text, by the end of their address.
PLAIN_TEXT_SUFFIXES = (".csv", ".ris", ".bib", ".atom", ".txt")


def wants_json() -> bool:
    """Whether the failing request came to the JSON API (or a JSON export)."""
    return request.path.startswith("/api/") or request.path.endswith(".json")


def wants_text() -> bool:
    """Whether the failing request asked for a download that is not JSON (CSV, RIS, ...)."""
    return request.path.endswith(PLAIN_TEXT_SUFFIXES)


def error_response(status: int, message: str, *, build_hint: str | None = None,
                   search: str | None = None):
    if wants_json():
        body = {"error": {"status": status, "message": message}}
        return jsonify(body), status
    if wants_text():
        hint = f" To build it: {build_hint}" if build_hint else ""
        return f"Error {status}: {message}{hint}\n", status, {"Content-Type": "text/plain; charset=utf-8"}
    html = render_template("error.html", status=status, title=TITLES.get(status, "Error"),
                           message=message, build_hint=build_hint, search=search)
    return html, status


def handle_refsearch_error(error: RefsearchError):
    status = error.http_status
    hint = None
    if isinstance(error, (IndexMissing, IndexBusy, IndexDamaged)):
        hint = f"refsearch index --index {current_app.config['INDEX_DIR']}"
    if status >= 500 and not isinstance(error, (IndexMissing, IndexBusy, IndexDamaged)):
        current_app.logger.error("refsearch error: %s", error)
    search = error.title or None if isinstance(error, DocumentGone) else None
    return error_response(status, str(error), build_hint=hint, search=search)


def handle_moved(error: DocumentMoved):
    """A saved link to an id the document no longer has: the same address, page or API, under
    its id now, with the same parameters (a paragraph's ``at``, a style)."""
    args = dict(request.view_args or {})
    if request.endpoint is None or args.get("doc_id") != error.doc_id:
        return error_response(404, str(error))
    args["doc_id"] = error.now
    location = url_for(request.endpoint, **args)
    if request.query_string:
        location += "?" + request.query_string.decode("utf-8", "replace")
    return redirect(location, code=308)


def handle_http_error(error: HTTPException):
    if isinstance(error, InternalServerError):
        return handle_unexpected(error)
    messages = {404: "There is no page at this address. Try a search instead.",
                405: "This address only answers GET requests."}
    status = error.code or 500
    return error_response(status, messages.get(status, error.description or TITLES.get(status, "Error")))


def handle_unexpected(error: Exception):
    current_app.logger.exception("unexpected error", exc_info=error)
    return error_response(500, "Something went wrong on our side. Try again, or go back to the search.")


def init_app(app: Flask) -> None:
    app.register_error_handler(DocumentMoved, handle_moved)
    app.register_error_handler(RefsearchError, handle_refsearch_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
