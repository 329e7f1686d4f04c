"""Links to other states of a search page, built on the server by small pure functions.

A search page is entirely described by its query string, so every facet
value, filter chip, sort order and page number is a link to the same path
with one thing changed. Arguments arrive as a werkzeug ``MultiDict`` (or any
mapping of a name to a value or list of values) and keep their order; empty
values are dropped so shared URLs stay short. Any change other than the page
number sends the reader back to page 1, because the old page may no longer
exist.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode

from werkzeug.datastructures import MultiDict

from indexer.facets import FACETS

# Filters that may be given several times (their values are OR'ed).
REPEATABLE = frozenset(f.param for f in FACETS if f.repeatable)
# Parameters that describe a results page (and nothing else may come back through "back").
RESULTS_PARAMS = frozenset({"q", "from", "to", "sort", "page", "per_page", *(f.param for f in FACETS)})
# The URL parameter of each facet (``SearchResults.facets`` names).
FACET_PARAMS = {f.name: f.param for f in FACETS}

Args = Mapping[str, Any]


def arg_pairs(args: Args | Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (name, value) pairs of ``args`` in order, one per value."""
    if isinstance(args, MultiDict):
        return [(k, str(v)) for k, v in args.items(multi=True)]
    items = args.items() if isinstance(args, Mapping) else args
    pairs: list[tuple[str, str]] = []
    for name, value in items:
        if isinstance(value, (list, tuple)):
            pairs.extend((name, str(v)) for v in value)
        elif value is not None:
            pairs.append((name, str(value)))
    return pairs


def query_string(pairs: Iterable[tuple[str, str]], path: str = "") -> str:
    """``path`` followed by the non-empty pairs as a query string."""
    kept = [(k, v) for k, v in pairs if v != ""]
    return f"{path}?{urlencode(kept)}" if kept else (path or "?")


def url_with(args: Args, path: str = "", **changes: Any) -> str:
    """``args`` with each named parameter replaced (None removes it, a list repeats it).

    Use ``**{"from": ...}`` for the date parameters, whose names are Python keywords.
    """
    pairs = [(k, v) for k, v in arg_pairs(args) if k not in changes]
    if set(changes) - {"page"}:
        pairs = [(k, v) for k, v in pairs if k != "page"]
    for name, value in changes.items():
        if value is None:
            continue
        values = value if isinstance(value, (list, tuple)) else [value]
        pairs.extend((name, str(v)) for v in values)
    return query_string(pairs, path)


def url_with_toggled(args: Args, name: str, value: Any, path: str = "") -> str:
    """``args`` with the filter ``name=value`` removed if present, otherwise added.

    A repeatable filter gains the value beside the others; a single-valued
    one has its value replaced.
    """
    value = str(value)
    pairs = [(k, v) for k, v in arg_pairs(args) if k != "page"]
    if (name, value) in pairs:
        return query_string([p for p in pairs if p != (name, value)], path)
    if name not in REPEATABLE:
        pairs = [(k, v) for k, v in pairs if k != name]
    return query_string(pairs + [(name, value)], path)


def url_without(args: Args, name: str, value: Any = None, path: str = "") -> str:
    """``args`` without ``name=value`` (a list or tuple: each of them; None: every ``name``)."""
    pairs = [(k, v) for k, v in arg_pairs(args) if k != "page"]
    if value is None:
        kept = [(k, v) for k, v in pairs if k != name]
    else:
        values = {str(v) for v in value} if isinstance(value, (list, tuple)) else {str(value)}
        kept = [(k, v) for k, v in pairs if not (k == name and v in values)]
    return query_string(kept, path)


@dataclass(frozen=True)
class PageLink:
    """One entry of a pager: a page number and its URL, or a gap (number None)."""

    number: int | None
    url: str | None
    current: bool = False


def page_links(args: Args, page: int, pages: int, around: int = 2, path: str = "",
               name: str = "page") -> list[PageLink]:
    """Links to the first and last pages and to ``around`` pages either side of ``page``
    (``name`` is the parameter that numbers them)."""
    wanted = {1, pages} | set(range(max(1, page - around), min(pages, page + around) + 1))
    links: list[PageLink] = []
    previous = 0
    for number in sorted(wanted):
        if number - previous > 1:
            links.append(PageLink(None, None))
        links.append(PageLink(number, url_with(args, path, **{name: number}), number == page))
        previous = number
    return links


def results_link(back: str | None, query: str, path: str) -> str | None:
    """The results page a document was opened from: ``back`` is that page's query string,
    kept to the parameters of a results page; without it, the search for ``query``."""
    pairs = [(k, v) for k, v in parse_qsl(back or "", keep_blank_values=False) if k in RESULTS_PARAMS]
    if pairs:
        return query_string(pairs, path)
    return query_string([("q", query)], path) if query else None
