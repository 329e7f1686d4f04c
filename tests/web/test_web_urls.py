"""The pure helpers behind facet links, filter chips and pagination."""
from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from werkzeug.datastructures import MultiDict

from indexer.records import Country, FacetValue, SearchRequest, SearchResults
from webapp.facets import active_filters, facet_groups
from webapp.urls import page_links, url_with, url_with_toggled, url_without


def pairs(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query, keep_blank_values=True)


ARGS = MultiDict([("q", "forced labour"), ("tier", "Tier 2"), ("country", "MLI"), ("page", "3")])


@pytest.mark.parametrize("name, value, expected", [
    ("tier", "Tier 3", [("q", "forced labour"), ("tier", "Tier 2"), ("country", "MLI"), ("tier", "Tier 3")]),
    ("tier", "Tier 2", [("q", "forced labour"), ("country", "MLI")]),
    ("country", "MLI", [("q", "forced labour"), ("tier", "Tier 2")]),
    ("publisher", "UNHCR", [("q", "forced labour"), ("tier", "Tier 2"), ("country", "MLI"), ("publisher", "UNHCR")]),
    ("year", 2004, [("q", "forced labour"), ("tier", "Tier 2"), ("country", "MLI"), ("year", "2004")]),
])
def test_toggling_adds_or_removes_exactly_one_filter_and_resets_the_page(name, value, expected):
    assert pairs(url_with_toggled(ARGS, name, value, "/search")) == expected


def test_toggling_a_single_valued_filter_replaces_its_value():
    args = MultiDict([("q", "x"), ("publisher", "UNHCR")])
    assert pairs(url_with_toggled(args, "publisher", "USDOS")) == [("q", "x"), ("publisher", "USDOS")]


@pytest.mark.parametrize("name, value, expected", [
    ("tier", "Tier 2", [("q", "forced labour"), ("country", "MLI")]),
    ("country", None, [("q", "forced labour"), ("tier", "Tier 2")]),
    ("tier", "Tier 1", [("q", "forced labour"), ("tier", "Tier 2"), ("country", "MLI")]),
])
def test_without_removes_the_named_value_and_resets_the_page(name, value, expected):
    assert pairs(url_without(ARGS, name, value)) == expected


@pytest.mark.parametrize("changes, expected", [
    ({"page": 4}, [("q", "forced labour"), ("tier", "Tier 2"), ("country", "MLI"), ("page", "4")]),
    ({"sort": "newest"}, [("q", "forced labour"), ("tier", "Tier 2"), ("country", "MLI"), ("sort", "newest")]),
    ({"q": "debt bondage", "tier": None},
     [("country", "MLI"), ("q", "debt bondage")]),
    ({"from": "2004"}, [("q", "forced labour"), ("tier", "Tier 2"), ("country", "MLI"), ("from", "2004")]),
])
def test_url_with_replaces_parameters(changes, expected):
    assert pairs(url_with(ARGS, "/search", **changes)) == expected


def test_urls_keep_the_path_and_escape_values():
    url = url_with_toggled(MultiDict([("q", 'a&b="c"')]), "tier", "Tier 2 Watch List", "/search")
    assert url.startswith("/search?")
    assert pairs(url) == [("q", 'a&b="c"'), ("tier", "Tier 2 Watch List")]
    assert '"' not in url and " " not in url


def test_empty_values_are_dropped_from_urls():
    assert pairs(url_with(MultiDict([("q", "x"), ("from", ""), ("to", "")]), sort="oldest")) == [
        ("q", "x"), ("sort", "oldest")]


@pytest.mark.parametrize("page, pages, expected", [
    (1, 1, [1]),
    (1, 3, [1, 2, 3]),
    (1, 10, [1, 2, 3, None, 10]),
    (6, 10, [1, None, 4, 5, 6, 7, 8, None, 10]),
    (10, 10, [1, None, 8, 9, 10]),
    (4, 10, [1, 2, 3, 4, 5, 6, None, 10]),
])
def test_page_links_show_the_ends_and_the_neighbourhood(page, pages, expected):
    links = page_links(MultiDict([("q", "x")]), page, pages, around=2, path="/search")
    assert [link.number for link in links] == expected
    assert [link.number for link in links if link.current] == [page]
    for link in links:
        if link.number:
            assert ("page", str(link.number)) in pairs(link.url)


def results_with_facets(request: SearchRequest) -> SearchResults:
    facets = {
        "tier": (FacetValue("Tier 2", 5, "Tier 2" in request.selected("tier")), FacetValue("Tier 3", 2, False)),
        "country": (FacetValue("MLI", 4, "MLI" in request.selected("country"), "Mali"),
                    FacetValue("NGA", 3, False, "Nigeria"), FacetValue("NER", 1, False, "Niger")),
    }
    return SearchResults(request, 7, (), facets, None, request.query)


def test_facet_groups_carry_labels_counts_and_toggle_urls():
    request = SearchRequest(query="forced labour", filters={"tier": ("Tier 2",)})
    args = MultiDict([("q", "forced labour"), ("tier", "Tier 2")])
    groups = {g.name: g for g in facet_groups(results_with_facets(request), args, 30, "/search")}
    tier2, tier3 = groups["tier"].values
    assert (tier2.selected, tier2.count) == (True, 5)
    assert pairs(tier2.url) == [("q", "forced labour")]
    assert pairs(tier3.url) == [("q", "forced labour"), ("tier", "Tier 2"), ("tier", "Tier 3")]
    assert [v.label for v in groups["country"].values] == ["Mali", "Nigeria", "Niger"]
    assert groups["country"].param == "country"


def test_facet_limit_keeps_selected_values_and_counts_the_rest():
    request = SearchRequest(filters={"country": ("NER",)})
    results = results_with_facets(request)
    results.facets["country"] = tuple(
        FacetValue(v.value, v.count, v.value == "NER", v.label) for v in results.facets["country"])
    groups = {g.name: g for g in facet_groups(results, MultiDict([("country", "NER")]), 1, "/search")}
    assert [v.value for v in groups["country"].values] == ["MLI", "NER"]
    assert groups["country"].hidden == 1


def test_a_chip_removes_every_spelling_of_its_value():
    request = SearchRequest(query="x", filters={"country": ("MLI",), "tier": ("Tier 2 Watch List",)})
    args = MultiDict([("q", "x"), ("country", "mli"), ("country", "Mali"), ("tier", "2wl")])
    chips = active_filters(request, None, args, "/search")
    assert pairs(chips[0].remove_url) == [("q", "x"), ("country", "mli"), ("country", "Mali")]
    assert pairs(chips[1].remove_url) == [("q", "x"), ("tier", "2wl")]


def test_each_chip_removes_its_own_filter():
    request = SearchRequest(query="x", date_from="2004", filters={"tier": ("Tier 2",), "country": ("MLI",)})
    args = MultiDict([("q", "x"), ("tier", "Tier 2"), ("country", "mli"), ("from", "2004")])
    chips = active_filters(request, results_with_facets(request), args, "/search")
    assert [(c.title, c.label) for c in chips] == [("Tier", "Tier 2"), ("Country", "Mali"), ("From", "2004")]
    assert pairs(chips[0].remove_url) == [("q", "x"), ("country", "mli"), ("from", "2004")]
    assert pairs(chips[1].remove_url) == [("q", "x"), ("tier", "Tier 2"), ("from", "2004")]
    assert pairs(chips[2].remove_url) == [("q", "x"), ("tier", "Tier 2"), ("country", "mli")]


def test_hit_countries_render_in_results_facets_only_as_data():
    # Facet values are data: a label with markup stays text for the template to escape.
    request = SearchRequest()
    results = SearchResults(request, 1, (), {"country": (FacetValue("XSS", 1, False, "<b>x</b>"),)}, None, "")
    (group,) = facet_groups(results, MultiDict(), 30, "/search")
    assert group.values[0].label == "<b>x</b>"
    assert Country("Mali", "MLI").to_dict() == {"name": "Mali", "code": "MLI"}
