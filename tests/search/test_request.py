"""Request validation: raw CLI and URL strings into a SearchRequest, every bad value named."""
from __future__ import annotations

import pytest

from indexer import config
from indexer.errors import QueryError, QueryTooLong
from indexer.facets import normalise_tier
from indexer.records import TIERS, SearchRequest
from indexer.request import parse_request


@pytest.mark.parametrize("value, expected", [
    ("Tier 1", "Tier 1"), ("1", "Tier 1"), ("tier 2", "Tier 2"), ("TIER2", "Tier 2"), ("t3", "Tier 3"),
    ("Tier 2 Watch List", "Tier 2 Watch List"), ("2wl", "Tier 2 Watch List"), ("watch list", "Tier 2 Watch List"),
    ("tier-2-watchlist", "Tier 2 Watch List"), ("special case", "Special Case"), ("Special", "Special Case"),
    ("4", None), ("tier", None), ("watch", None), ("", None),
])
def test_tier_values_are_read_in_short_and_long_forms(value, expected):
    assert normalise_tier(value) == expected


def test_parse_request_reads_every_parameter():
    request = parse_request({
        "q": "  forced labour ", "tier": ["2", "2wl"], "country": ["Malian", "CIV", "Burma"],
        "publisher": "United States Department of State", "type": ["Annual report"], "year": ["2004", "2005"],
        "from": "June 2004", "to": "2008", "sort": "Newest", "page": "3", "per_page": "25"})
    assert request == SearchRequest(
        query="forced labour",
        date_from="2004-06", date_to="2008", sort="newest", page=3, per_page=25,
        filters={"tier": ("Tier 2", "Tier 2 Watch List"), "country": ("MLI", "CIV", "MMR"),
                 "publisher": ("United States Department of State",), "doc_type": ("Annual report",), "year": (2004, 2005)})


def test_parse_request_defaults_and_ignores_empty_form_fields():
    request = parse_request({"q": "", "tier": [""], "country": "", "from": "", "page": ""})
    assert request == SearchRequest()


@pytest.mark.parametrize("args, message", [
    ({"tier": "Tier 4"}, "Unknown tier 'Tier 4'; use one of: " + ", ".join(TIERS)),
    ({"country": "Atlantis"}, "Unknown country 'Atlantis'"),
    ({"from": "yesterday"}, "'yesterday' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD"),
    ({"to": "2004-13-01"}, "'2004-13-01' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD"),
    ({"from": "2009", "to": "2004"}, "'from' (2009) is after 'to' (2004)"),
    ({"sort": "best"}, "Unknown sort 'best'; use one of: relevance, newest, oldest"),
    ({"page": "0"}, "'page' must be from 1 to"),
    ({"page": str(config.MAX_PAGE + 1)}, "'page' must be from 1 to"),
    ({"page": "two"}, "'page' must be a whole number"),
    ({"page": "²"}, "'page' must be a whole number from 1 to"),          # '²'.isdigit() is true
    ({"page": "1_0"}, "'page' must be a whole number from 1 to"),        # int() would take it
    ({"page": "9" * 5000}, "'page' must be from 1 to"),                  # too long for int() to read
    ({"per_page": "0"}, "'per_page' must be from 1 to"),
    ({"per_page": str(config.MAX_PER_PAGE + 1)}, f"'per_page' must be from 1 to {config.MAX_PER_PAGE}"),
    ({"year": "04"}, "'year' must be from 1900 to 2100"),
    ({"page": ["1", "2"]}, "Give 'page' once"),
])
def test_bad_parameters_raise_query_error_naming_the_value(args, message):
    with pytest.raises(QueryError) as caught:
        parse_request(args)
    assert message in str(caught.value)


def test_a_query_longer_than_the_limit_is_refused_as_too_long():
    parse_request({"q": "a" * config.MAX_QUERY_LENGTH})
    with pytest.raises(QueryTooLong):
        parse_request({"q": "a" * (config.MAX_QUERY_LENGTH + 1)})


@pytest.mark.parametrize("page, per_page", [(1, 1), (config.MAX_PAGE, config.MAX_PER_PAGE)])
def test_page_bounds_are_inclusive(page, per_page):
    request = parse_request({"page": str(page), "per_page": str(per_page)})
    assert (request.page, request.per_page) == (page, per_page)


def test_a_request_keeps_its_filters_in_facet_order_and_is_hashable():
    a = SearchRequest(filters={"year": (2004,), "tier": ("Tier 2",)})
    b = SearchRequest(filters={"tier": ("Tier 2",), "year": (2004,), "country": ()})
    assert a == b and hash(a) == hash(b)
    assert a.filters == (("tier", ("Tier 2",)), ("year", (2004,)))
    assert a.selected("country") == ()


def test_a_request_round_trips_through_its_json_form():
    request = SearchRequest(query="x", filters={"country": ("MLI",), "year": (2004,)}, sort="newest",
                            facet_limit=0, snippets=1)
    data = request.to_dict()
    assert data["countries"] == ["MLI"] and data["tiers"] == []
    assert SearchRequest.from_dict(data) == request


def test_an_unknown_facet_is_a_programming_error():
    with pytest.raises(ValueError):
        SearchRequest(filters={"colour": ("red",)})
