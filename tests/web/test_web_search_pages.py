"""The home, results, help and service pages against a real index: what each shows, that
facets, paging, sorting and dates lead where they say, and that every page is labelled."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from page_reading import DOCS, api, query_of, soup_of

from indexer.archive import open_archive


def test_home_page_shows_search_box_statistics_and_entry_points(client):
    page = soup_of(client.get("/"))
    box = page.find("input", attrs={"name": "q"})
    assert page.find("label", attrs={"for": box["id"]}) is not None
    assert page.find("form", attrs={"role": "search"})["method"] == "get"
    stats = {dt.get_text(strip=True): dd.get_text(strip=True)
             for dt, dd in zip(page.select(".stat-list dt"), page.select(".stat-list dd"))}
    assert stats["Documents"] == str(len(DOCS))
    assert stats["Years covered"] == "2004–2025"
    tier_links = [a["href"] for a in page.select("#entry-tier ~ ul a")]
    assert any(("tier", "Tier 3") in query_of(href) for href in tier_links)
    year_links = [a["href"] for a in page.select("#entry-year ~ ul a")]
    assert any(("year", "2004") in query_of(href) for href in year_links)


def test_base_layout_has_landmarks_skip_link_and_opensearch(client):
    page = soup_of(client.get("/help"))
    assert page.html["lang"] == "en"
    assert page.find("meta", attrs={"name": "viewport"}) is not None
    for landmark in ("header", "nav", "main", "footer"):
        assert page.find(landmark) is not None
    assert page.find("a", class_="skip-link")["href"] == "#main"
    assert page.find("main")["id"] == "main"
    assert page.find("link", rel="search")["href"] == "/opensearch.xml"
    assert page.find("a", attrs={"aria-current": "page"}).get_text() == "Search help"


def test_results_page_lists_ranked_hits_with_links_carrying_the_query(client):
    data = api(client, "/api/search?q=forced+labour")
    page = soup_of(client.get("/search?q=forced+labour"))
    titles = page.select(".hit-title a")
    assert [a.get_text() for a in titles] == [h["title"] for h in data["hits"]]
    first = titles[0]["href"]
    assert urlsplit(first).path == f"/documents/{data['hits'][0]['id']}"
    assert ("q", "forced labour") in query_of(first)
    assert f"{data['total']} documents" in page.select_one("#results-count").get_text()
    assert page.select(".snippet mark"), "snippets highlight the query's words"
    badges = page.select(".hit .badge")
    assert badges and all(b.get_text(strip=True) for b in badges), "tier badges carry their text"


def test_facet_value_toggles_its_filter_and_the_chip_removes_it(client):
    before = api(client, "/api/search?q=trafficking")
    page = soup_of(client.get("/search?q=trafficking"))
    link = page.select_one('a.facet-link[data-facet="country"]')
    url = link["href"]
    assert query_of(url) == [("q", "trafficking"), ("country", "MLI")] or \
        query_of(url)[0] == ("q", "trafficking")
    filtered = soup_of(client.get(url))
    after = api(client, "/api/search?" + urlsplit(url).query)
    assert after["total"] < before["total"]
    assert f"{after['total']} document" in filtered.select_one("#results-count").get_text()
    chips = filtered.select("a.chip")
    assert len(chips) == 1
    assert query_of(chips[0]["href"]) == [("q", "trafficking")]
    selected = filtered.select("a.facet-link.selected")
    assert len(selected) == 1 and query_of(selected[0]["href"]) == [("q", "trafficking")]
    assert api(client, "/api/search?" + urlsplit(chips[0]["href"]).query)["total"] == before["total"]


def test_two_values_of_one_filter_widen_and_another_filter_narrows(client):
    mali = api(client, "/api/search?q=trafficking&country=MLI")["total"]
    both = api(client, "/api/search?q=trafficking&country=MLI&country=NGA")["total"]
    narrowed = api(client, "/api/search?q=trafficking&country=MLI&country=NGA&tier=Tier+3")["total"]
    assert both > mali > 0
    assert 0 < narrowed < both


def test_pagination_links_move_between_pages_and_keep_the_search(client):
    page = soup_of(client.get("/search?q=trafficking&tier=Tier+2"))
    pager = page.select_one("nav.pager")
    assert pager["aria-label"]
    assert pager.select_one('[aria-current="page"]').get_text() == "1"
    next_url = pager.select_one('a[rel="next"]')["href"]
    assert ("page", "2") in query_of(next_url) and ("tier", "Tier 2") in query_of(next_url)
    second = soup_of(client.get(next_url))
    assert second.select_one('nav.pager [aria-current="page"]').get_text() == "2"
    assert second.select_one('nav.pager a[rel="prev"]') is not None
    first_ids = [a["href"] for a in page.select(".hit-title a")]
    second_ids = [a["href"] for a in second.select(".hit-title a")]
    assert not set(first_ids) & set(second_ids)
    assert second.select_one("ol.hits")["start"] == "11"


def test_sort_newest_and_oldest_order_by_date(client):
    newest = api(client, "/api/search?q=trafficking&sort=newest")["hits"]
    oldest = api(client, "/api/search?q=trafficking&sort=oldest")["hits"]
    dates = [h["published"] for h in newest]
    assert dates == sorted(dates, reverse=True)
    assert [h["published"] for h in oldest] == sorted(h["published"] for h in oldest)
    page = soup_of(client.get("/search?q=trafficking&sort=newest"))
    assert page.select_one("#sort option[selected]")["value"] == "newest"
    assert [a.get_text() for a in page.select(".hit-title a")] == [h["title"] for h in newest]


def test_date_range_inputs_keep_their_values_and_filter(client):
    page = soup_of(client.get("/search?q=trafficking&from=2006&to=2007"))
    assert page.select_one("#from")["value"] == "2006"
    assert page.select_one("#to")["value"] == "2007"
    data = api(client, "/api/search?q=trafficking&from=2006&to=2007&per_page=100")
    assert data["total"] > 0
    assert all("2006" <= h["published"][:4] <= "2007" for h in data["hits"])
    chips = {c.get_text(" ", strip=True) for c in page.select("a.chip")}
    assert any(c.startswith("From: 2006") for c in chips) and any(c.startswith("To: 2007") for c in chips)


def test_zero_results_page_suggests_what_to_do(client):
    page = soup_of(client.get("/search?q=trafficking&country=MLI&tier=Special+Case"))
    assert "No documents found" in page.select_one("#results-count").get_text()
    empty = page.select_one(".empty")
    links = [a["href"] for a in empty.find_all("a")]
    assert "/help" in links
    assert any(query_of(h) == [("q", "trafficking"), ("tier", "Special Case")] for h in links)
    assert any(query_of(h) == [("q", "trafficking"), ("country", "MLI")] for h in links)


@pytest.mark.parametrize("typed", ["Nigerai", "bondge"])
def test_did_you_mean_links_to_the_suggested_query_keeping_filters(client, typed):
    data = api(client, f"/api/search?q={typed}&tier=Tier+2")
    assert data["suggestion"]
    page = soup_of(client.get(f"/search?q={typed}&tier=Tier+2"))
    link = page.select_one("a.suggestion-link")
    assert link.get_text() == data["suggestion"]
    assert query_of(link["href"]) == [("tier", "Tier 2"), ("q", data["suggestion"])]
    assert api(client, "/api/search?" + urlsplit(link["href"]).query)["total"] > 0


def test_notice_of_any_word_fallback_is_shown(client):
    data = api(client, "/api/search?q=forcd+labour")
    assert data["notice"]
    page = soup_of(client.get("/search?q=forcd+labour"))
    assert page.select_one(".notice").get_text(strip=True) == data["notice"]
    assert soup_of(client.get("/search?q=forced+labour")).select_one(".notice") is None


def test_help_page_documents_the_syntax_with_example_links(client):
    page = soup_of(client.get("/help"))
    text = page.get_text()
    for needle in ("OR", "-sex", '"debt bondage"', "title:", "country:", "publisher:", "tier:",
                   "type:", "year:2004..2008", "traffick*", "demonym"):
        assert needle in text
    for link in page.select(".syntax a"):
        assert client.get(link["href"]).status_code == 200, link["href"]


def test_healthz_reports_documents_and_generation(client, web_index):
    data = client.get("/healthz").get_json()
    assert data["ok"] is True
    assert data["documents"] == len(DOCS)
    assert data["generation"] and data["generation"] in {p.name for p in web_index.iterdir()}


def test_opensearch_description_points_at_the_search(client):
    import xml.etree.ElementTree as ET

    response = client.get("/opensearch.xml")
    assert response.mimetype == "application/opensearchdescription+xml"
    root = ET.fromstring(response.data)
    templates = [u.get("template") for u in root.iter("{http://a9.com/-/spec/opensearch/1.1/}Url")]
    assert "http://localhost/search?q={searchTerms}" in templates


def test_static_files_are_served(client):
    assert client.get("/static/style.css").status_code == 200
    assert b"clipboard" in client.get("/static/app.js").data


def test_a_page_past_the_last_links_back_to_the_first(client):
    page = soup_of(client.get("/search?q=trafficking&country=MLI&page=5"))
    assert page.select(".hit") == []
    link = page.select_one(".empty a")
    assert query_of(link["href"]) == [("q", "trafficking"), ("country", "MLI"), ("page", "1")]


def test_a_new_query_keeps_the_filters_and_dates(client):
    page = soup_of(client.get("/search?q=trafficking&country=MLI&tier=Tier+2&from=2005&sort=newest"))
    form = page.select_one("form.search-form")
    hidden = [(i["name"], i["value"]) for i in form.select('input[type="hidden"]')]
    assert hidden == [("country", "MLI"), ("tier", "Tier 2"), ("from", "2005"), ("sort", "newest")]
    refine = page.select_one("form.refine")
    names = [i["name"] for i in refine.select("input, select")]
    assert names.count("from") == 1 and names.count("sort") == 1


def test_the_results_page_says_how_the_query_was_read(client):
    data = api(client, "/api/search?q=Malian")
    page = soup_of(client.get("/search?q=Malian"))
    assert page.select_one(".interpreted").get_text() == f"Searched for: {data['interpreted_query']}"


def test_snippet_and_facet_limits_are_settings(web_index):
    from webapp import create_app

    client = create_app({"INDEX_DIR": web_index, "TESTING": True, "SNIPPETS": 1,
                         "FACET_LIMIT": 2}).test_client()
    page = soup_of(client.get("/search?q=trafficking+children"))
    assert all(len(hit.select(".snippet")) == 1 for hit in page.select(".hit"))
    countries = page.select('a.facet-link[data-facet="country"]')
    assert len(countries) == 2
    show_all = page.select_one("#facet-country").find_next("p", class_="show-all").a
    total = int(show_all.get_text(" ", strip=True).split()[2])
    assert total > 2
    listing = soup_of(client.get(show_all["href"]))
    assert len(listing.select('a.facet-link[data-facet="country"]')) == total


@pytest.mark.parametrize("path", ["/", "/search?q=trafficking&tier=Tier+2", "/documents/tip-mli-2006",
                                  "/cite?q=Mali", "/help"])
def test_every_control_is_labelled_and_every_page_has_one_h1(client, path):
    page = soup_of(client.get(path))
    for control in page.select("input, select, textarea"):
        if control.get("type") == "hidden":
            continue
        assert control.get("id") and page.find("label", attrs={"for": control["id"]}), control
    assert len(page.find_all("h1")) == 1
    for button in page.find_all("button"):
        assert button.get_text(strip=True)


@pytest.mark.parametrize("facet, param", [("tier", "tier"), ("country", "country"), ("publisher", "publisher"),
                                          ("doc_type", "type"), ("year", "year")])
def test_every_facet_cut_by_the_limit_offers_all_its_values(web_index, facet, param):
    from webapp import create_app

    client = create_app({"INDEX_DIR": web_index, "TESTING": True, "FACET_LIMIT": 1}).test_client()
    from indexer.request import parse_request

    with open_archive(web_index) as archive:
        every = archive.search(parse_request({}, facet_limit=0)).facets[facet]
    page = soup_of(client.get("/search?per_page=5"))
    section = page.select_one(f"#facet-{facet}").parent
    assert len(section.select("a.facet-link")) == 1
    link = section.select_one(".show-all a")
    assert link.get_text(" ", strip=True).startswith(f"Show all {len(every)}")
    listing = soup_of(client.get(link["href"]))
    shown = [(query_of(a["href"]), a.select_one(".count").contents[1].strip())
             for a in listing.select("a.facet-link")]
    assert [(dict(q)[param], int(c)) for q, c in shown] == [(v.value, v.count) for v in every]
    assert listing.select_one(".back a")["href"] == "/search?per_page=5"


def test_facet_listing_of_an_unknown_facet_is_not_found(client):
    assert client.get("/search/facets/colour").status_code == 404


def test_home_page_browses_by_country_too(client):
    page = soup_of(client.get("/"))
    country_links = [a["href"] for a in page.select("#entry-country ~ ul a")]
    assert any(("country", "MLI") in query_of(href) for href in country_links)
