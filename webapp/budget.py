"""A time budget for every request: costly work stops, and its worker is free again.

Pages, the API and citation lookup get ``REQUEST_TIME_BUDGET`` seconds of
work, exports and feeds (which write up to ``EXPORT_LIMIT`` results)
``EXPORT_TIME_BUDGET``; the engine checks the budget as it works
(``indexer.deadline``) and a request past it is answered 503 with what to
narrow, instead of computing on after its client has given up.
"""
from __future__ import annotations

from flask import Flask, current_app, g, request

from indexer import deadline

EXPORT_SUFFIXES = (".csv", ".json", ".ris", ".bib", ".atom")


def _start() -> None:
    config = current_app.config
    is_export = request.path.startswith("/search.") and request.path.endswith(EXPORT_SUFFIXES)
    g.time_budget = deadline.start(config["EXPORT_TIME_BUDGET"] if is_export
                                   else config["REQUEST_TIME_BUDGET"])


def _stop(_error=None) -> None:
    token = g.pop("time_budget", None)
    if token is not None:
        deadline.stop(token)


def init_app(app: Flask) -> None:
    app.before_request(_start)
    app.teardown_request(_stop)
