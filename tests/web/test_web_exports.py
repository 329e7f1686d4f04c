"""Exports and feeds read by the parsers reference managers, spreadsheets and feed readers use
(Python's csv, bibtexparser, rispy, feedparser, lxml), holding the same documents as the search."""
from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import os
import re
import time

import bibtexparser
import feedparser
import pytest
import rispy
from conftest import make_document
from lxml import etree
from web_archive import web_documents

from indexer.build import update_index, write_index
from indexer.citations.exchange import bibtex_key
from indexer.records import Country
from webapp import create_app

ATOM = "{http://www.w3.org/2005/Atom}"
CONTROL = "\x1b[31m\x08\x00"  # ESC, backspace, NUL: all forbidden in XML 1.0
STATE = "United States Department of State"


def extra_documents() -> list:
    """Documents that trip exports: formula-like titles, control characters, an unsafe
    address, and two documents of one publisher, year and country."""
    return [
        make_document(id="formula", title="=HYPERLINK(\"http://evil.example\",\"click\") trafficking",
                      publisher="@evil press", published="2015-02-02", countries=(Country("Mali", "MLI"),),
                      source_url="https://example.org/formula", text="Trafficking report with a formula."),
        make_document(id="minus", title="-2+3 trafficking sums", publisher="+Plus", published="2015-02-03",
                      countries=(Country("Mali", "MLI"),), text="Trafficking minus report."),
        make_document(id="control", title=f"Control{CONTROL} trafficking title", publisher=f"Pub{CONTROL}",
                      published="2016-01-01", countries=(Country("Niger", "NER"),),
                      text=f"Trafficking text with{CONTROL} control characters."),
        make_document(id="twin-a", title="Twin report A on trafficking", publisher=STATE, published="2014-05-05",
                      countries=(Country("Ghana", "GHA"),), text="Trafficking twin A."),
        make_document(id="twin-b", title="Twin report B on trafficking", publisher=STATE, published="2014-07-07",
                      countries=(Country("Ghana", "GHA"),), text="Trafficking twin B."),
        make_document(id="undated", title="Undated trafficking note", published=None, report_year=None,
                      countries=(), text="An undated trafficking note."),
    ]


@pytest.fixture(scope="module")
def export_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export-index")
    write_index(folder, web_documents() + extra_documents())
    return folder


@pytest.fixture(scope="module")
def client(export_index):
    return create_app({"INDEX_DIR": export_index, "TESTING": True}).test_client()


def all_ids(client, query_string: str) -> list[str]:
    data = client.get(f"/api/search?{query_string}&per_page=100").get_json()
    return [h["id"] for h in data["hits"]]


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))


# ---- CSV ----------------------------------------------------------------------

def test_csv_export_parses_and_lists_every_result_in_order(client):
    response = client.get("/search.csv?q=trafficking&country=GHA")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = csv_rows(response)
    assert [r["id"] for r in rows] == all_ids(client, "q=trafficking&country=GHA")
    first = rows[0]
    assert first["country_codes"] == "GHA" and first["url"] == f"http://localhost/documents/{first['id']}"


def test_csv_starts_with_a_byte_order_mark_so_excel_reads_utf8(client):
    body = client.get("/search.csv?q=protection").data
    assert body.startswith(b"\xef\xbb\xbfid,title,")
    assert "Côte d'Ivoire" in body.decode("utf-8-sig")


def test_csv_cells_that_would_be_formulas_are_text(client):
    rows = {r["id"]: r for r in csv_rows(client.get("/search.csv?q=trafficking&per_page=100"))}
    assert rows["formula"]["title"].startswith("'=HYPERLINK(")
    assert rows["formula"]["publisher"] == "'@evil press"
    assert rows["minus"]["title"] == "'-2+3 trafficking sums" and rows["minus"]["publisher"] == "'+Plus"
    for row in rows.values():
        assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in row.values() if v), row


def test_exports_stop_at_the_export_limit(export_index):
    client = create_app({"INDEX_DIR": export_index, "TESTING": True, "EXPORT_LIMIT": 7}).test_client()
    assert len(csv_rows(client.get("/search.csv?q=trafficking"))) == 7
    assert client.get("/search.json?q=trafficking").get_json()["exported"] == 7


# ---- JSON -----------------------------------------------------------------------

def test_json_export_holds_every_result(client):
    data = json.loads(client.get("/search.json?q=trafficking").get_data(as_text=True))
    assert data["total"] == len(all_ids(client, "q=trafficking"))
    assert [h["id"] for h in data["hits"]] == all_ids(client, "q=trafficking")


@pytest.mark.parametrize("path", ["/search.json?q=injected", "/api/search?q=injected",
                                  "/api/documents/xss-title", "/search.csv?q=injected"])
def test_unsafe_addresses_are_never_exported_as_addresses(client, path):
    body = client.get(path).get_data(as_text=True)
    assert "injected" in body.lower()
    assert "javascript:" not in body.lower()


@pytest.mark.parametrize("style", ["refworld", "chicago", "apa", "bibtex", "ris", "csl-json"])
def test_no_citation_of_the_api_exports_an_unsafe_address(client, style):
    data = client.get(f"/api/documents/xss-title/citation?style={style}").get_json()
    assert "javascript" not in data["citation"].lower()


def test_the_api_shows_file_names_inside_the_archive_not_server_paths(export_index):
    absolute = make_document(id="abs", path="/home/someone/private/archive-x/reports/mali.txt")
    folder = export_index.parent / "abs-index"
    write_index(folder, [absolute])
    client = create_app({"INDEX_DIR": folder, "TESTING": True}).test_client()
    assert client.get("/api/documents/abs").get_json()["path"] == "mali.txt"
    page = client.get("/documents/abs").get_data(as_text=True)
    assert "/home/someone" not in page and "mali.txt" in page


# ---- BibTeX and RIS ----------------------------------------------------------------

def bib_keys(client, query: str) -> dict[str, str]:
    """{title: key} of a BibTeX export, parsed by bibtexparser."""
    response = client.get(f"/search.bib?{query}")
    assert response.headers["Content-Type"] == "application/x-bibtex; charset=utf-8"
    library = bibtexparser.parse_string(response.get_data(as_text=True))
    assert library.failed_blocks == []
    return {e["title"].strip("{}"): e.key for e in library.entries}


def test_bibtex_keys_are_the_same_in_every_export_order_and_in_the_api(client):
    exports = [bib_keys(client, q) for q in ("q=trafficking", "q=trafficking&sort=newest",
                                             "q=trafficking&sort=oldest", "q=trafficking&country=GHA",
                                             "q=twin", "q=trafficking&per_page=3&page=2")]
    key_of: dict[str, str] = {}
    for keys in exports:
        for title, key in keys.items():
            assert key_of.setdefault(title, key) == key, title
    assert len(set(key_of.values())) == len(key_of), "one key names one document"
    for doc_id in ("twin-a", "twin-b", "tip-gha-2006"):
        api = client.get(f"/api/documents/{doc_id}/citation?style=bibtex").get_json()["citation"]
        key = re.match(r"@\w+\{([^,]+),", api).group(1)
        title = client.get(f"/api/documents/{doc_id}").get_json()["title"]
        assert key_of[title] == key
        page = client.get(f"/documents/{doc_id}?style=bibtex").get_data(as_text=True)
        assert f"{{{key}," in page


def test_two_documents_of_one_publisher_year_and_country_get_different_keys(client):
    keys = bib_keys(client, "q=twin")
    a, b = keys["Twin report A on trafficking"], keys["Twin report B on trafficking"]
    assert a != b and a.split("-")[0] == b.split("-")[0] == "usdos2014ghana"


def test_every_document_of_the_archive_has_its_own_key():
    docs = web_documents() + extra_documents()
    assert len({bibtex_key(d) for d in docs}) == len(docs)


def test_ris_export_is_read_by_rispy_with_every_record_closed(client):
    response = client.get("/search.ris?q=trafficking&country=NGA")
    assert response.headers["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    body = response.get_data(as_text=True)
    records = rispy.loads(body)
    assert len(records) == len(all_ids(client, "q=trafficking&country=NGA"))
    assert all(r["type_of_reference"] == "RPRT" for r in records)
    assert body.endswith("ER  - \n")
    assert body.count("ER  - \n") == len(records)
    assert {r["publisher"] for r in records} == {STATE}
    assert "Trafficking in Persons Report 2004 - Nigeria" in [r["title"] for r in records]


# ---- XML: Atom and OpenSearch ------------------------------------------------------------

def strict_xml(body: bytes):
    return etree.fromstring(body, etree.XMLParser(recover=False, resolve_entities=False))


@pytest.mark.parametrize("query", ["trafficking", f"trafficking{CONTROL}", "control", CONTROL])
def test_atom_feed_stays_valid_xml_whatever_the_text_or_the_query(client, query):
    response = client.get("/search.atom", query_string={"q": query})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.bozo_exception
    root = strict_xml(response.data)
    assert root.tag == f"{ATOM}feed"
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", response.get_data(as_text=True))


def test_atom_feed_keeps_the_words_around_a_control_character(client):
    feed = feedparser.parse(client.get("/search.atom?q=control").data)
    assert [e.title for e in feed.entries] == ["Control[31m trafficking title"]
    assert feed.entries[0].author == "Pub[31m"


def test_opensearch_description_stays_valid_xml_with_a_control_character_in_the_base_url(export_index):
    client = create_app({"INDEX_DIR": export_index, "TESTING": True,
                         "BASE_URL": f"https://search.example.org/{CONTROL}"}).test_client()
    response = client.get("/opensearch.xml")
    assert response.headers["Content-Type"] == "application/opensearchdescription+xml; charset=utf-8"
    root = strict_xml(response.data)
    templates = [u.get("template") for u in root]
    assert templates and all(t.startswith("https://search.example.org/[31m/") for t in templates if t)


def test_atom_feed_is_newest_first_and_updated_is_its_newest_entry(client):
    response = client.get("/search.atom?q=trafficking&country=MLI")
    feed = strict_xml(response.data)
    entries = feed.findall(f"{ATOM}entry")
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert len(entries) == len(all_ids(client, "q=trafficking&country=MLI"))
    assert updated == sorted(updated, reverse=True)
    assert feed.find(f"{ATOM}updated").text == max(updated)
    assert all(e.find(f"{ATOM}id").text.startswith("http://localhost/documents/") for e in entries)


def test_atom_feed_of_no_query_lists_the_newest_documents(client):
    feed = feedparser.parse(client.get("/search.atom").data)
    assert feed.entries[0].title == "2024 Country Reports on Human Rights Practices: Mali"


def test_an_undated_entry_carries_the_index_date_never_now(client, export_index):
    from indexer.archive import open_archive

    first = client.get("/search.atom?q=undated").data
    time.sleep(1.1)
    assert client.get("/search.atom?q=undated").data == first
    with open_archive(export_index) as archive:
        written = archive.built_at()
    feed = feedparser.parse(first)
    assert feed.entries[0].updated == written.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert feed.feed.updated == feed.entries[0].updated


def test_an_undated_file_is_dated_by_its_modification_time(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    note = archive / "note.txt"
    note.write_text("Zanzibarquux note\n\nAn undated note about zanzibarquux.\n", encoding="utf-8")
    stamp = dt.datetime(2021, 3, 4, 5, 6, 7, tzinfo=dt.UTC).timestamp()
    os.utime(note, (stamp, stamp))
    update_index([archive], tmp_path / "index")
    client = create_app({"INDEX_DIR": tmp_path / "index", "TESTING": True}).test_client()
    feed = feedparser.parse(client.get("/search.atom?q=zanzibarquux").data)
    assert [e.updated for e in feed.entries] == ["2021-03-04T05:06:07Z"]
    assert client.get("/api/search?q=zanzibarquux").get_json()["hits"][0]["published"] is None


# ---- base URL, conditional GET, compression, charset ---------------------------------------------

def test_links_in_feeds_opensearch_and_csv_use_the_configured_base_url(export_index):
    client = create_app({"INDEX_DIR": export_index, "TESTING": True,
                         "BASE_URL": "https://search.example.org/refs/"}).test_client()
    feed = feedparser.parse(client.get("/search.atom?q=trafficking").data)
    assert feed.entries[0].link.startswith("https://search.example.org/refs/documents/")
    assert feed.feed.link.startswith("https://search.example.org/refs/search?q=trafficking")
    opensearch = client.get("/opensearch.xml").get_data(as_text=True)
    assert 'template="https://search.example.org/refs/search?q={searchTerms}"' in opensearch
    rows = csv_rows(client.get("/search.csv?q=trafficking"))
    assert all(r["url"].startswith("https://search.example.org/refs/documents/") for r in rows)


@pytest.mark.parametrize("path", ["/search.atom?q=trafficking", "/api/search?q=trafficking",
                                  "/api/documents/tip-mli-2004", "/search.csv?q=trafficking",
                                  "/search.bib?q=trafficking", "/api/documents/tip-mli-2004/citation?style=apa"])
def test_a_client_holding_the_current_answer_gets_304(client, path):
    first = client.get(path)
    assert first.status_code == 200
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag.startswith('W/"')
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    assert "Content-Type" not in again.headers and again.headers["Content-Security-Policy"]
    assert client.get(path, headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get(path, headers={"If-None-Match": 'W/"something-else"'}).status_code == 200
    other = client.get(path.replace("trafficking", "labour").replace("tip-mli-2004", "tip-mli-2005"))
    assert other.headers["ETag"] != etag


def test_a_rebuilt_index_changes_the_etag(tmp_path):
    write_index(tmp_path, web_documents())
    client = create_app({"INDEX_DIR": tmp_path, "TESTING": True}).test_client()
    before = client.get("/search.atom?q=trafficking").headers["ETag"]
    write_index(tmp_path, web_documents()[:5])
    after = client.get("/search.atom?q=trafficking", headers={"If-None-Match": before})
    assert after.status_code == 200 and after.headers["ETag"] != before


@pytest.mark.parametrize("path", ["/search.atom?q=trafficking", "/api/search?q=trafficking",
                                  "/search?q=trafficking", "/search.ris?q=trafficking"])
def test_feeds_api_and_pages_are_gzipped_for_clients_that_accept_it(client, path):
    plain = client.get(path)
    zipped = client.get(path, headers={"Accept-Encoding": "gzip, deflate"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    assert "Content-Encoding" not in plain.headers
    assert gzip.decompress(zipped.data) == plain.data
    assert len(zipped.data) < len(plain.data)


@pytest.mark.parametrize("path", ["/", "/search?q=x", "/search.csv?q=trafficking", "/search.json?q=x",
                                  "/search.ris?q=trafficking", "/search.bib?q=trafficking",
                                  "/search.atom?q=x", "/opensearch.xml", "/api/search?q=x", "/help",
                                  "/static/style.css", "/static/app.js", "/documents/nope", "/healthz"])
def test_every_text_response_says_its_charset(client, path):
    content_type = client.get(path).headers["Content-Type"]
    assert content_type.endswith("charset=utf-8"), content_type


@pytest.mark.parametrize("ext", ["csv", "json", "ris", "bib", "atom"])
def test_results_page_links_every_export_with_the_same_parameters(client, ext):
    html = client.get("/search?q=trafficking&tier=Tier+3").get_data(as_text=True)
    assert f'href="/search.{ext}?q=trafficking&amp;tier=Tier+3"' in html
