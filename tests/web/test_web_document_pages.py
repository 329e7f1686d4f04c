"""The document and citation-lookup pages against a real index: what a document page shows,
its citation styles and way back to the results, and the lookup's candidates and meters."""
from __future__ import annotations

import datetime as dt

import pytest
from page_reading import DOCS, query_of, soup_of
from web_archive import TIP_SERIES

from indexer.archive import open_archive
from indexer.citations.formats import STYLES, format_citation


def test_document_page_shows_metadata_text_citation_and_source(client):
    doc = DOCS["tip-mli-2006"]
    page = soup_of(client.get("/documents/tip-mli-2006"))
    assert page.find("h1").get_text() == doc.title
    rows = {th.get_text(): td.get_text(" ", strip=True) for th, td in
            zip(page.select(".metadata th"), page.select(".metadata td"))}
    assert rows["Publisher"] == doc.publisher
    published = page.select_one(".metadata td time").get_text()
    assert published == "6 June 2006" or published.endswith("2006")
    assert rows["Tier"] == doc.tier
    assert rows["Countries"] == "Mali (MLI)"
    assert "Last updated" not in rows, "unset fields are left out"
    paragraphs = [p.get_text() for p in page.select(".document-text p")]
    assert paragraphs[1].startswith("Mali is a source")
    assert page.select_one("#citation-text").get_text() == format_citation(doc, "refworld", dt.date.today())
    assert page.find("a", string="View the source document")["href"] == doc.source_url


def test_document_page_highlights_the_query_when_arriving_from_a_search(client):
    page = soup_of(client.get("/documents/tip-mli-2006?q=debt+bondage"))
    marked = [m.get_text().lower() for m in page.select(".document-text mark")]
    assert marked == ["debt", "bondage"]
    back = page.select_one(".back a")
    assert query_of(back["href"]) == [("q", "debt bondage")]
    plain = soup_of(client.get("/documents/tip-mli-2006"))
    assert plain.select(".document-text mark") == []


@pytest.mark.parametrize("style", STYLES)
def test_citation_style_links_work_without_javascript(client, web_index, style):
    page = soup_of(client.get(f"/documents/tip-nga-2005?style={style}"))
    with open_archive(web_index) as archive:
        doc = archive.document("tip-nga-2005")
    assert page.select_one("#citation-text").get_text() == format_citation(doc, style, dt.date.today())
    current = page.select('.citation-box .style-switch a[aria-current="true"]')
    assert [a["data-style"] for a in current] == [style]
    links = {a["data-style"]: a["href"] for a in page.select(".style-switch a")}
    assert set(links) == set(STYLES)
    assert all(("style", s) in query_of(href) for s, href in links.items())


def test_document_page_shows_the_series_tier_timeline_and_table(client):
    page = soup_of(client.get("/documents/tip-tcd-2006"))
    name, code, tiers = next(s for s in TIP_SERIES if s[1] == "TCD")
    svg = page.select_one("figure.timeline svg")
    assert svg["role"] == "img"
    assert len(svg.select("circle")) == len(tiers)
    assert len(svg.select("circle.current")) == 1
    rows = [[td.get_text(strip=True) for td in tr.find_all("td")] for tr in page.select(".series-table tbody tr")]
    assert [(r[0], r[1]) for r in rows] == [(str(2004 + i), t) for i, t in enumerate(tiers)]
    links = [a["href"] for a in page.select(".series-table a")]
    assert "/documents/tip-tcd-2004" in links and "/documents/tip-tcd-2006" not in links


def test_document_page_lists_more_like_this(client):
    page = soup_of(client.get("/documents/tip-gha-2007"))
    similar = [a["href"] for a in page.select(".similar a")]
    assert similar and "/documents/tip-gha-2007" not in similar


def test_citation_lookup_page_ranks_the_cited_document_first(client):
    doc = DOCS["tip-ner-2008"]
    citation = format_citation(doc, "refworld")
    page = soup_of(client.get("/cite", query_string={"q": citation}))
    assert page.select_one("#cite-q").get_text() == citation
    first = page.select_one(".candidate h3 a")
    assert first["href"] == "/documents/tip-ner-2008"
    assert "Confidence" in page.select_one(".candidate .confidence").get_text()
    assert page.select(".candidate .reasons li")


def test_citation_lookup_page_without_a_query_shows_the_form(client):
    page = soup_of(client.get("/cite"))
    assert page.find("label", attrs={"for": "cite-q"}) is not None
    assert page.select(".candidate") == []


@pytest.mark.parametrize("query, offered", [
    ("https://www.refworld.org/docid/3ae6ab005c.html", True), ("refworld.org/docid/4680d7f3c.html", True),
    ("4680d7f3c", True), ("NGA26574.E", True), ("HCR/GIP/02/01", True), ("http://example.org/x", True),
    ("forced labour", False), ("deadbeef", False), ("2004", False), ("Mali", False), ("", False),
])
def test_a_citation_like_query_offers_the_lookup(client, query, offered):
    page = soup_of(client.get("/search", query_string={"q": query}))
    offer = page.select_one(".lookup-offer a")
    assert (offer is not None) == offered
    if offered:
        assert query_of(offer["href"]) == [("q", query)] and offer["href"].startswith("/cite?")


@pytest.mark.parametrize("back, expected", [
    ("q=labour&tier=Tier+2&sort=oldest&page=3", "/search?q=labour&tier=Tier+2&sort=oldest&page=3"),
    ("q=labour&evil=1&next=//attacker.example", "/search?q=labour"),
    ("//attacker.example/x", "/search?q=debt"),
    ("", "/search?q=debt"),
])
def test_back_to_results_leads_only_to_a_results_page(client, back, expected):
    page = soup_of(client.get("/documents/tip-mli-2004", query_string={"q": "debt", "back": back}))
    assert page.select_one(".back a")["href"] == expected


def test_results_link_documents_with_their_way_back(client):
    page = soup_of(client.get("/search?q=trafficking&tier=Tier+2&page=2"))
    href = page.select_one(".hit-title a")["href"]
    assert ("back", "q=trafficking&tier=Tier+2&page=2") in query_of(href) and ("q", "trafficking") in query_of(href)


def test_cite_page_example_is_found_in_the_archive(client):
    page = soup_of(client.get("/cite"))
    example = page.select_one("a.cite-example")
    found = soup_of(client.get(example["href"]))
    first = found.select_one(".candidate")
    assert "confidence-found" in first["class"]
    assert first.select_one(".verdict-label").get_text() == "Found"


@pytest.mark.parametrize("confidence, kind, label", [
    (1.0, "found", "Found"), (0.85, "found", "Found"), (0.84, "probably", "Probably this document"),
    (0.6, "probably", "Probably this document"), (0.59, "absent", "Probably not in this archive (nearest match)"),
    (0.3, "absent", "Probably not in this archive (nearest match)"),
])
def test_confidence_classes_come_from_the_lookup_s_one_set_of_thresholds(confidence, kind, label):
    from indexer.citations.lookup import verdict
    from webapp.confidence import confidence_class

    assert (confidence_class(verdict(confidence)).name, confidence_class(verdict(confidence)).label) == (kind, label)


def test_a_citation_of_another_year_lists_the_series_document_as_other(client):
    page = soup_of(client.get("/cite", query_string={
        "q": "United States Department of State, Trafficking in Persons Report 2012 - Ghana, 19 June 2012"}))
    candidates = page.select(".candidate")
    assert candidates and all("confidence-other" in c["class"] for c in candidates)
    assert "another year of the series" in candidates[0].get_text()


def test_candidate_meters_colour_by_the_same_thresholds(client):
    from webapp.confidence import FOUND, PROBABLY

    page = soup_of(client.get("/cite", query_string={"q": "Trafficking in Persons Report 2006 - Ghana"}))
    for meter in page.select(".candidate meter"):
        assert (float(meter["low"]), float(meter["high"]), float(meter["optimum"])) == (PROBABLY, FOUND, 1.0)


def test_the_document_citation_has_italic_titles_in_apa(client):
    page = soup_of(client.get("/documents/tip-mli-2004?style=apa"))
    assert page.select_one("#citation-text i").get_text() == "Trafficking in Persons Report 2004 - Mali"


def test_cite_page_example_of_an_archive_without_addresses_is_a_citation_it_finds(tmp_path, seed_as_extracted):
    from indexer.build import write_index
    from webapp import create_app

    write_index(tmp_path, [seed_as_extracted])
    client = create_app({"INDEX_DIR": tmp_path, "TESTING": True}).test_client()
    example = soup_of(client.get("/cite")).select_one("a.cite-example")
    assert example.get_text().startswith("United States Department of State, U.S. Department of State 2004")
    first = soup_of(client.get(example["href"])).select_one(".candidate")
    assert "confidence-found" in first["class"] and first.h3.a["href"] == f"/documents/{seed_as_extracted.id}"
