"""The facet sidebar and the active-filter chips of a results page, as plain data.

``facet_groups`` pairs every facet value with the URL that toggles it;
``active_filters`` lists what the request filters by, each with the URL that
removes it. Both are computed once in the view, so templates only loop.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from indexer.errors import QueryError
from indexer.facets import BY_NAME, FACETS
from indexer.records import FacetValue, SearchRequest, SearchResults

from .urls import url_with, url_with_toggled, url_without


@dataclass(frozen=True)
class FacetLink:
    value: str
    label: str
    count: int
    selected: bool
    url: str
    # Other names of the value that the box narrowing the list accepts ("Burma" for Myanmar).
    other_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class FacetGroup:
    name: str
    param: str
    title: str
    values: tuple[FacetLink, ...]
    hidden: int  # values left out by the limit
    total: int = 0  # distinct values the facet has for this search
    all_url: str | None = None  # the page listing every value, when some are left out


@dataclass(frozen=True)
class Chip:
    param: str
    title: str
    label: str
    remove_url: str


def _label(value: FacetValue) -> str:
    return value.label if value.label is not None else value.value


def facet_groups(results: SearchResults, args: Any, limit: int | None, path: str) -> tuple[FacetGroup, ...]:
    """Each facet with its values (at most ``limit``, selected ones always kept) and toggle URLs.

    ``total`` is how many values the facet has among the matches
    (``SearchResults.facet_totals``), and ``all_url`` leads to the page that lists
    them all when the limit leaves some out.
    """
    groups = []
    for name, values in results.facets.items():
        facet = BY_NAME[name]
        shown = [v for i, v in enumerate(values) if limit is None or i < limit or v.selected]
        links = tuple(FacetLink(v.value, _label(v), v.count, v.selected,
                                url_with_toggled(args, facet.param, v.value, path),
                                facet.other_names(v.value)) for v in shown)
        total = max(results.facet_totals.get(name, len(values)), len(values))
        hidden = total - len(shown)
        groups.append(FacetGroup(name, facet.param, facet.title, links, hidden, total,
                                 all_values_url(args, name) if hidden else None))
    return tuple(groups)


def all_values_url(args: Any, name: str) -> str:
    """The page listing every value of facet ``name`` for the search ``args`` describe."""
    return url_without(args, "page", None, f"/search/facets/{name}")


def active_filters(request: SearchRequest, results: SearchResults | None, args: Any,
                   path: str) -> tuple[Chip, ...]:
    """One chip per filter the request applies, labelled as the facets label it."""
    labels: dict[tuple[str, str], str] = {}
    if results is not None:
        for name, values in results.facets.items():
            for v in values:
                labels[(BY_NAME[name].param, v.value)] = _label(v)
    chips = []
    for facet in FACETS:
        for value in request.selected(facet.name):
            text = str(value)
            chips.append(Chip(facet.param, facet.title, labels.get((facet.param, text), text),
                              url_without(args, facet.param, _arg_values(args, facet, text), path)))
    if request.date_from:
        chips.append(Chip("from", "From", request.date_from, url_without(args, "from", None, path)))
    if request.date_to:
        chips.append(Chip("to", "To", request.date_to, url_without(args, "to", None, path)))
    return tuple(chips)


def clear_filters_url(args: Any, path: str) -> str:
    """The same query with no filters (sort and page size kept)."""
    return url_with(args, path, **{f.param: None for f in FACETS}, **{"from": None, "to": None})


def _arg_values(args: Any, facet, normalised: str) -> list[str] | None:
    """The values written in the URL that the request normalised to ``normalised``.

    ``parse_request`` normalises what a user typed ("mali" -> "MLI", "2wl" ->
    "Tier 2 Watch List"); a chip must remove the arguments as written, so
    each written value is normalised the same way and compared. None (remove
    every value of ``param``) when none matches.
    """
    matching = []
    for value in args.getlist(facet.param) if hasattr(args, "getlist") else []:
        if value == normalised:
            matching.append(value)
            continue
        try:
            chosen = facet.normalise(value.strip())
        except QueryError:
            continue
        if str(chosen) == normalised:
            matching.append(value)
    return matching or None
