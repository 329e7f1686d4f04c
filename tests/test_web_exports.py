"""Exports of a result list parse in their formats and hold the same documents as the search."""
from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest

from webapp import create_app

ATOM = "{http://www.w3.org/2005/Atom}"


def all_ids(client, query_string: str) -> list[str]:
    data = client.get(f"/api/search?{query_string}&per_page=100").get_json()
    return [h["id"] for h in data["hits"]]


def test_csv_export_parses_and_lists_every_result_in_order(client):
    response = client.get("/search.csv?q=trafficking&country=MLI")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["id"] for r in rows] == all_ids(client, "q=trafficking&country=MLI")
    first = rows[0]
    assert first["country_codes"] == "MLI" and first["url"].endswith(f"/documents/{first['id']}")


def test_json_export_holds_every_result(client):
    data = json.loads(client.get("/search.json?q=trafficking").get_data(as_text=True))
    assert data["total"] == len(all_ids(client, "q=trafficking"))
    assert [h["id"] for h in data["hits"]] == all_ids(client, "q=trafficking")


def test_exports_stop_at_the_export_limit(web_index):
    client = create_app({"INDEX_DIR": web_index, "TESTING": True, "EXPORT_LIMIT": 7}).test_client()
    rows = list(csv.reader(io.StringIO(client.get("/search.csv?q=trafficking").get_data(as_text=True))))
    assert len(rows) == 1 + 7
    assert client.get("/search.json?q=trafficking").get_json()["exported"] == 7


def test_ris_export_has_one_record_per_result(client):
    body = client.get("/search.ris?q=trafficking&country=NGA").get_data(as_text=True)
    records = [r for r in re.split(r"^ER  -.*$", body, flags=re.M) if r.strip()]
    assert len(records) == len(all_ids(client, "q=trafficking&country=NGA"))
    assert all(re.search(r"^TY  - ", r, flags=re.M) for r in records)
    assert "TI  - Trafficking in Persons Report 2004 - Nigeria" in body


def test_bibtex_export_has_one_entry_per_result(client):
    body = client.get("/search.bib?q=trafficking&country=GHA").get_data(as_text=True)
    entries = re.findall(r"^@\w+\{([^,]+),", body, flags=re.M)
    assert len(entries) == len(all_ids(client, "q=trafficking&country=GHA"))
    assert len(set(entries)) == len(entries), "citation keys are unique"
    assert body.count("{") == body.count("}")


def test_atom_feed_is_valid_xml_newest_first(client):
    response = client.get("/search.atom?q=trafficking&country=MLI")
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    assert feed.tag == f"{ATOM}feed"
    assert "trafficking" in feed.find(f"{ATOM}title").text
    entries = feed.findall(f"{ATOM}entry")
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert len(entries) == len(all_ids(client, "q=trafficking&country=MLI"))
    assert updated == sorted(updated, reverse=True)
    assert feed.find(f"{ATOM}updated").text == updated[0]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert re.search(r"/documents/tip-mli-\d{4}$", link) or "/documents/" in link
    assert all(e.find(f"{ATOM}id").text for e in entries)


def test_atom_feed_of_no_query_lists_the_newest_documents(client):
    feed = ET.fromstring(client.get("/search.atom").data)
    titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]
    assert titles[0] == "2024 Country Reports on Human Rights Practices: Mali"


@pytest.mark.parametrize("ext", ["csv", "json", "ris", "bib", "atom"])
def test_results_page_links_every_export_with_the_same_parameters(client, ext):
    html = client.get("/search?q=trafficking&tier=Tier+3").get_data(as_text=True)
    assert f'href="/search.{ext}?q=trafficking&amp;tier=Tier+3"' in html
