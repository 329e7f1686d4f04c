"""The report year and the sources of dates in the web app and its API, the country filter
box's other names, and the home page's count of documents, on an index of their own."""
from __future__ import annotations

import dataclasses

import pytest
from conftest import make_document
from page_reading import soup_of
from web_archive import build_web_index

from indexer.records import Country
from webapp import create_app

MALI = (Country("Mali", "MLI"),)
HRR = "Mali — Country Reports on Human Rights Practices"


def documents() -> list:
    hrr = make_document(
        id="hrr-2024", title=HRR, report_year=2024, report_year_source="text", published="2025-07",
        published_source="address", doc_type="Country report", tier=None, path="hrr/mali.md",
        source_url="https://www.state.gov/wp-content/uploads/2025/07/624521_MALI-2024-HUMAN-RIGHTS-REPORT.pdf")
    pdf = make_document(
        id="hrr-2024-pdf", title="Mali 2024 Human Rights Report", report_year=2024, report_year_source="title",
        published="2025", published_source="report year", doc_type="Country report", tier=None,
        path="pdf/mali.pdf", text="The PDF edition of the report on Mali, with text of its own.")
    tip = make_document(
        id="tip-2024", title="Trafficking in Persons Report 2024 - Mali", report_year=2024,
        report_year_source="title", published="2024-06-24", published_source="text",
        last_updated="2024-07-01", last_updated_source="text", path="reports/tip-2024.txt")
    # The same text saved twice: one work, two files, shown as the first by path.
    copy = dataclasses.replace(tip, id="tip-2024-copy", path="saved-again/tip-2024.txt")
    burma = make_document(id="hrr-mmr", title="Burma — Country Reports on Human Rights Practices",
                          countries=(Country("Myanmar", "MMR"),), report_year=2024, published="2025-07",
                          path="hrr/burma.md", tier=None, doc_type="Country report",
                          text="The regime's arbitrary detentions claimed more lives in Burma.")
    ivory = make_document(id="civ-2012", title="Guidance on Côte d'Ivoire", report_year=None, published="2012-03",
                          countries=(Country("Côte d'Ivoire", "CIV"),), path="civ.txt", tier=None,
                          text="Refugees returning to Côte d'Ivoire need protection.")
    return [hrr, pdf, tip, copy, burma, ivory]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    index = build_web_index(tmp_path_factory.mktemp("report-year"), documents())
    return create_app({"INDEX_DIR": index, "TESTING": True}).test_client()


def details(client, doc_id: str) -> dict[str, str]:
    page = soup_of(client.get(f"/documents/{doc_id}"))
    return {th.get_text(): td.get_text(" ", strip=True)
            for th, td in zip(page.select(".metadata th"), page.select(".metadata td"))}


# ---- the report year ------------------------------------------------------------

@pytest.mark.parametrize("query, expected", [
    ("q=year:2024", {"hrr-2024", "hrr-2024-pdf", "tip-2024", "hrr-mmr"}),
    ("q=reportyear:2024+mali", {"hrr-2024", "hrr-2024-pdf", "tip-2024"}),
    ("q=published:2025", {"hrr-2024", "hrr-2024-pdf", "hrr-mmr"}),
    ("report_year=2024&country=MLI", {"hrr-2024", "hrr-2024-pdf", "tip-2024"}),
    ("from=2024&to=2024", {"tip-2024"}),
])
def test_the_api_searches_by_report_year_and_by_publication(client, query, expected):
    data = client.get(f"/api/search?{query}&per_page=100").get_json()
    assert {hit["id"] for hit in data["hits"]} == expected


def test_the_results_page_offers_the_report_year_as_a_facet(client):
    page = soup_of(client.get("/search?q=mali"))
    assert page.select_one("#facet-report_year").get_text() == "Report year"
    links = {a.select_one(".facet-label").get_text(): a["href"]
             for a in page.select('a.facet-link[data-facet="report_year"]')}
    assert "report_year=2024" in links["2024"]
    assert page.select_one("#facet-year").get_text() == "Year published"


def test_a_hit_and_the_api_carry_the_report_year(client):
    hit = next(h for h in client.get("/api/search?q=year:2024").get_json()["hits"] if h["id"] == "hrr-2024")
    assert (hit["report_year"], hit["published"]) == (2024, "2025-07")


def test_the_citation_names_the_report_year_in_the_title(client):
    data = client.get("/api/documents/hrr-2024/citation?style=apa").get_json()
    assert "(2025). 2024 Country Reports on Human Rights Practices: Mali." in data["citation"]
    page = soup_of(client.get("/documents/hrr-2024?style=chicago"))
    assert "2024 Country Reports on Human Rights Practices: Mali" in page.select_one("#citation-text").get_text()


# ---- where each date came from --------------------------------------------------

@pytest.mark.parametrize("doc_id, label, shown", [
    ("hrr-2024", "Published", "July 2025 (from the document's address)"),
    ("hrr-2024", "Report year", "2024 (stated in the document)"),
    ("hrr-2024-pdf", "Published", "2025 (inferred from the report year)"),
    ("hrr-2024-pdf", "Report year", "2024 (stated in the document's title)"),
    ("tip-2024", "Published", "24 June 2024 (stated in the document; from the Text (reports/tip-2024.txt), this file)"),
    ("tip-2024", "Last updated", "1 July 2024 (stated in the document; from the Text (reports/tip-2024.txt), this file)"),
])
def test_the_document_page_says_where_each_date_came_from(client, doc_id, label, shown):
    assert details(client, doc_id)[label] == shown


@pytest.mark.parametrize("doc_id, note", [
    ("hrr-2024", "(from the document's address)"),
    ("hrr-2024-pdf", "(inferred from the report year)"),
    ("tip-2024", None),   # a date the document states needs no note
])
def test_the_heading_marks_a_date_the_document_does_not_state(client, doc_id, note):
    page = soup_of(client.get(f"/documents/{doc_id}"))
    found = page.select_one(".hit-meta .date-source")
    assert (found.get_text() if found else None) == note


def test_the_api_gives_each_date_with_its_source(client):
    dates = client.get("/api/documents/hrr-2024-pdf").get_json()["dates"]
    assert dates["published"] == {"field": "published", "value": "2025", "source": "report year",
                                  "says": "inferred from the report year", "stated": False}
    assert dates["report_year"] == {"field": "report_year", "value": "2024", "source": "title",
                                    "says": "stated in the document's title", "stated": True}
    assert "last_updated" not in dates


# ---- the country filter box -----------------------------------------------------

@pytest.mark.parametrize("code, name", [
    ("MMR", "Burma"), ("MMR", "Burmese"), ("CIV", "Ivory Coast"), ("CIV", "Ivorian"), ("MLI", "Malian"),
])
def test_each_country_value_carries_the_names_the_search_box_knows(client, code, name):
    page = soup_of(client.get("/search/facets/country"))
    item = next(li for li in page.select("ul.facet-values li")
                if f"country={code}" in li.select_one("a")["href"])
    assert name in item["data-names"].split("|")


# ---- the home page's count --------------------------------------------------------

def test_the_home_page_counts_documents_as_all_documents_does(client):
    page = soup_of(client.get("/"))
    stats = {dt.get_text(strip=True): dd for dt, dd in
             zip(page.select(".stat-list dt"), page.select(".stat-list dd"))}
    shown = int(stats["Documents"].get_text(strip=True))
    all_documents = client.get("/api/search").get_json()["total"]
    listed = soup_of(client.get("/search")).select_one("#results-count").get_text()
    assert shown == all_documents == len(documents()) - 1   # the two files of one text: once
    assert listed.strip().startswith(f"{shown} documents")
    assert stats["Documents"].select_one("a")["href"] == "/search"
    rule = page.select_one("#count-rule").get_text(" ", strip=True)
    assert "counts once, with its copies" in rule and f"({len(documents())} files indexed)" in rule


@pytest.mark.parametrize("doc_id, shown", [("hrr-2024", "Report year 2024"), ("tip-2024", None)])
def test_a_result_names_its_report_year_when_it_is_not_the_year_published(client, doc_id, shown):
    page = soup_of(client.get("/search?q=mali&per_page=50"))
    hit = next(li for li in page.select("li.hit") if f"/documents/{doc_id}" in li.select_one("h2 a")["href"])
    found = hit.select_one(".report-year")
    assert (found.get_text() if found else None) == shown
