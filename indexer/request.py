"""From raw request strings to a validated ``SearchRequest``.

The CLI's options and the web app's URL arguments arrive as strings (a
list where a parameter was given several times). ``parse_request`` checks
every one of them and normalises what a user typed ("mali" -> "MLI", "2wl"
-> "Tier 2 Watch List", "June 2004" -> "2004-06"); a bad value raises
``QueryError`` naming it and saying what is allowed. Facet parameters come
from the facet table, so a new facet is accepted here without an edit.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

from . import config, dates
from .errors import QueryError, QueryTooLong
from .facets import FACETS
from .numbers import whole_number
from .records import SORTS, SearchRequest

_DATE_HELP = "use YYYY, YYYY-MM or YYYY-MM-DD"

Args = Mapping[str, "str | list[str]"]


def _values(args: Args, *names: str) -> list[str]:
    """Every non-empty value given under any of ``names`` (forms send empty fields)."""
    out: list[str] = []
    for name in names:
        raw = args.get(name)
        if raw is None:
            continue
        items = [raw] if isinstance(raw, str) else list(raw)
        out.extend(str(item).strip() for item in items if item is not None and str(item).strip())
    return out


def _single(args: Args, *names: str) -> str | None:
    values = _values(args, *names)
    if len(values) > 1:
        raise QueryError(f"Give '{names[0]}' once, not {len(values)} times")
    return values[0] if values else None


def _integer(text: str | None, name: str, low: int, high: int, default: int) -> int:
    return default if text is None else whole_number(text, name, low, high)


def _date(text: str | None) -> str | None:
    if text is None:
        return None
    iso = dates.parse_date(text)
    if iso is None or not re.fullmatch(r"\d{4}(-\d\d){0,2}", iso):
        raise QueryError(f"'{text}' is not a date; {_DATE_HELP}")
    return iso


def check_query_length(text: str | None, limit: int = config.MAX_QUERY_LENGTH) -> None:
    """``QueryTooLong`` when ``text`` is longer than ``limit`` characters."""
    if text and len(text) > limit:
        raise QueryTooLong(f"The query is {len(text)} characters long; the limit is {limit}. "
                           "Shorten it and search again.")


def parse_request(args: Args, *, facet_limit: int = config.FACET_LIMIT,
                  snippets: int = config.SNIPPETS_PER_HIT) -> SearchRequest:
    """Validate raw strings (CLI options or URL arguments) into a ``SearchRequest``.

    Every bad value raises ``QueryError`` naming it and saying what is allowed;
    a query longer than ``config.MAX_QUERY_LENGTH`` raises ``QueryTooLong``.
    ``facet_limit`` and ``snippets`` are the caller's settings, not arguments.
    """
    text = " ".join(_values(args, "q"))
    check_query_length(text)
    filters = {}
    for facet in FACETS:
        typed = _values(args, facet.param, *facet.aliases)
        filters[facet.name] = tuple(dict.fromkeys(facet.normalise(value) for value in typed))
    date_from = _date(_single(args, "from", "date_from"))
    date_to = _date(_single(args, "to", "date_to"))
    if date_from and date_to and dates.to_date(date_from) > dates.end_of(date_to):
        raise QueryError(f"'from' ({date_from}) is after 'to' ({date_to})")
    sort = (_single(args, "sort") or "relevance").lower()
    if sort not in SORTS:
        raise QueryError(f"Unknown sort '{sort}'; use one of: {', '.join(SORTS)}")
    return SearchRequest(
        query=text.strip(),
        filters=filters,
        date_from=date_from,
        date_to=date_to,
        sort=sort,
        page=_integer(_single(args, "page"), "page", 1, config.MAX_PAGE, default=1),
        per_page=_integer(_single(args, "per_page", "per-page"), "per_page", 1, config.MAX_PER_PAGE,
                          default=config.DEFAULT_PER_PAGE),
        facet_limit=facet_limit,
        snippets=snippets,
    )
