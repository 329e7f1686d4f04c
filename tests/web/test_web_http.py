"""HTTP as caches, feed readers, downloaders and API clients read it: ETags of what was served,
304s that say what they vary on, errors in each download's own form, file names that say what a
download holds, Link headers for paging and a feed id that lasts."""
from __future__ import annotations

import re
from pathlib import Path

import feedparser
import pytest
from web_archive import web_documents

from indexer.archive import open_archive
from indexer.build import update_index, write_index
from indexer.citations.exchange import bibtex_key
from indexer.engine.archive import WhooshArchive
from indexer.records import SearchRequest
from webapp import create_app
from webapp.downloads import search_file_stem

# Every kind of answer: pages, feeds, exports, per-document files and the API.
SERVED = ["/", "/search?q=trafficking", "/search?q=trafficking&tier=Tier+2&page=2&per_page=5",
          "/documents/tip-mli-2004", "/documents/tip-mli-2004?at=nothing", "/search/facets/country?q=labour",
          "/cite?q=Mali", "/help", "/documents/tip-mli-2004/text.txt",
          "/search.atom?q=trafficking", "/search.csv?q=trafficking", "/search.json?q=trafficking",
          "/search.ris?q=trafficking", "/search.bib?q=trafficking", "/search.csl.json?q=trafficking",
          "/documents/tip-mli-2004/citation.ris", "/documents/tip-mli-2004/citation.bib",
          "/documents/tip-mli-2004/citation.json",
          "/api/search?q=trafficking", "/api/documents/tip-mli-2004",
          "/api/documents/tip-mli-2004/citation?style=apa", "/api/cite?q=Mali"]


def client_of(index: Path, **settings):
    return create_app({"INDEX_DIR": index, "TESTING": True, **settings}).test_client()


def generation_of(index: Path) -> str:
    with open_archive(index) as archive:
        return archive.generation


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    """The ETags of every answer before, and the answers after, a rebuild of the same documents."""
    index = tmp_path_factory.mktemp("rebuilt")
    write_index(index, web_documents())
    client = client_of(index)
    before = {path: client.get(path).headers.get("ETag") for path in SERVED}
    first = generation_of(index)
    write_index(index, web_documents())
    assert generation_of(index) != first, "the rebuild published a new generation"
    return before, client


@pytest.mark.parametrize("path", SERVED)
def test_an_index_run_that_changes_nothing_keeps_the_etag_of_every_answer(rebuilt, path):
    before, client = rebuilt
    assert before[path] and before[path].startswith('W/"')
    again = client.get(path, headers={"If-None-Match": before[path]})
    assert again.status_code == 304, path
    assert again.headers["ETag"] == before[path]


def test_a_second_index_run_over_unchanged_files_keeps_every_etag(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    for name in ("Mali", "Niger"):
        (archive / f"{name.lower()}.txt").write_text(
            f"{name} trafficking report\n\nForced labour of children in {name}.\n", encoding="utf-8")
    update_index([archive], tmp_path / "index")
    client = client_of(tmp_path / "index")
    before = {path: client.get(path).headers["ETag"] for path in SERVED if "tip-mli" not in path}
    update_index([archive], tmp_path / "index")
    for path, etag in before.items():
        assert client.get(path, headers={"If-None-Match": etag}).status_code == 304, path


def test_a_changed_document_changes_the_etag_of_the_answers_that_show_it(tmp_path):
    docs = web_documents()
    write_index(tmp_path, docs)
    client = client_of(tmp_path)
    page, feed = client.get("/documents/tip-mli-2004"), client.get("/search.atom?q=mali")
    changed = [d if d.id != "tip-mli-2004" else d.__class__(**{**d.__dict__, "title": "Renamed report"})
               for d in docs]
    write_index(tmp_path, changed)
    for path, old in (("/documents/tip-mli-2004", page), ("/search.atom?q=mali", feed)):
        fresh = client.get(path, headers={"If-None-Match": old.headers["ETag"]})
        assert fresh.status_code == 200 and fresh.headers["ETag"] != old.headers["ETag"]


def test_a_client_polling_the_same_index_again_is_answered_without_a_search(client, monkeypatch):
    searches: list[str] = []
    real = WhooshArchive.hits
    monkeypatch.setattr(WhooshArchive, "hits", lambda archive, req: searches.append(req.query) or real(archive, req))
    etag = client.get("/search.atom?q=forced+labour").headers["ETag"]
    for _ in range(3):
        assert client.get("/search.atom?q=forced+labour", headers={"If-None-Match": etag}).status_code == 304
    assert searches == ["forced labour"]


@pytest.mark.parametrize("path", ["/search.atom?q=trafficking", "/api/search?q=trafficking", "/search.csv?q=x",
                                  "/documents/tip-mli-2004", "/search?q=trafficking"])
def test_a_304_says_what_the_full_answer_varies_on(client, path):
    full = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert "Accept-Encoding" in full.headers["Vary"]
    again = client.get(path, headers={"If-None-Match": full.headers["ETag"], "Accept-Encoding": "gzip"})
    assert again.status_code == 304
    assert "Accept-Encoding" in again.headers["Vary"]
    assert again.headers["ETag"] == full.headers["ETag"]


def test_a_page_held_by_the_client_is_a_304_and_a_stale_one_is_sent_again(client):
    page = client.get("/documents/tip-mli-2004")
    assert page.headers["Cache-Control"] == "no-cache"
    assert client.get("/documents/tip-mli-2004", headers={"If-None-Match": page.headers["ETag"]}).status_code == 304
    stale = client.get("/documents/tip-mli-2004", headers={"If-None-Match": 'W/"0123"'})
    assert stale.status_code == 200 and stale.data == page.data


# ---- errors in the export's own form ----------------------------------------------------------

JSON_DOWNLOADS = ["/search.json?q=x&page=0", "/search.csl.json?q=x&page=0", "/documents/nope/citation.json"]
TEXT_DOWNLOADS = ["/search.csv?q=x&page=0", "/search.ris?q=x&page=0", "/search.bib?q=x&page=0",
                  "/search.atom?q=x&page=0", "/documents/nope/citation.ris", "/documents/nope/citation.bib",
                  "/documents/nope/text.txt"]


@pytest.mark.parametrize("path", JSON_DOWNLOADS)
def test_a_json_download_that_fails_answers_a_json_error(client, path):
    response = client.get(path)
    assert response.status_code in (400, 404)
    assert response.mimetype == "application/json"
    assert response.get_json()["error"]["status"] == response.status_code
    assert "Content-Disposition" not in response.headers


@pytest.mark.parametrize("path", TEXT_DOWNLOADS)
def test_a_text_download_that_fails_answers_one_line_of_plain_text(client, path):
    response = client.get(path)
    assert response.status_code in (400, 404)
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    body = response.get_data(as_text=True)
    assert body.startswith(f"Error {response.status_code}: ") and body.count("\n") == 1
    assert "<" not in body and "Content-Disposition" not in response.headers


def test_a_csv_export_without_an_index_says_how_to_build_it_in_plain_text(tmp_path):
    response = client_of(tmp_path / "no-index").get("/search.csv?q=x")
    assert response.status_code == 503 and response.mimetype == "text/plain"
    assert "refsearch index" in response.get_data(as_text=True)


# ---- file names ---------------------------------------------------------------------------------

@pytest.mark.parametrize("query_string, name", [
    ("q=trafficking&tier=Tier+3&year=2009", "refsearch-trafficking-tier-3-2009.csv"),
    ("", "refsearch-all-documents.csv"),
    ("q=forced+labour&country=CIV", "refsearch-forced-labour-cote-d-ivoire.csv"),
    ("q=Mali&from=2004&to=2006-06", "refsearch-mali-from-2004-to-2006-06.csv"),
    ("q=%22child+soldiers%22+OR+title%3Amali&type=Country+report", "refsearch-child-soldiers-or-title-mali-country-report.csv"),
    ("tier=Tier+2&tier=Tier+3&q=x", "refsearch-x-tier-2-tier-3.csv"),
])
def test_an_export_is_named_for_its_query_and_filters(client, query_string, name):
    response = client.get(f"/search.csv?{query_string}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="{name}"'
    for ext in ("json", "ris", "bib", "csl.json"):
        disposition = client.get(f"/search.{ext}?{query_string}").headers["Content-Disposition"]
        assert disposition == f'attachment; filename="{name[:-4]}.{ext}"'


def test_a_long_query_makes_a_name_cut_at_a_word():
    stem = search_file_stem(SearchRequest(query="protection " * 30), limit=40)
    assert stem == "refsearch-" + "-".join(["protection"] * 3)


@pytest.mark.parametrize("ext, name_ext", [("ris", "ris"), ("bib", "bib"), ("json", "csl.json")])
def test_a_document_s_citation_file_is_named_by_its_bibtex_key(client, ext, name_ext):
    doc = next(d for d in web_documents() if d.id == "tip-mli-2004")
    disposition = client.get(f"/documents/tip-mli-2004/citation.{ext}").headers["Content-Disposition"]
    assert disposition == f'attachment; filename="{bibtex_key(doc)}.{name_ext}"'


# ---- Link header for API paging ---------------------------------------------------------------

def links_of(response) -> dict[str, str]:
    """{rel: address} of a Link header (RFC 8288)."""
    return {rel: url for url, rel in re.findall(r'<([^>]*)>;\s*rel="([^"]+)"', response.headers.get("Link", ""))}


def test_following_next_links_walks_every_result_once(client):
    everything = client.get("/api/search?q=trafficking&per_page=100").get_json()
    seen, url = [], "/api/search?q=trafficking&per_page=7"
    while url:
        response = client.get(url)
        seen += [h["id"] for h in response.get_json()["hits"]]
        url = links_of(response).get("next")
    assert seen == [h["id"] for h in everything["hits"]]


def expected_links(page: int, pages: int) -> dict[str, int]:
    wanted = {"first": 1, "last": pages}
    if page > 1:
        wanted["prev"] = min(page - 1, pages)
    if page < pages:
        wanted["next"] = page + 1
    return wanted


@pytest.mark.parametrize("where", ["first", "second", "last", "beyond"])
def test_the_link_header_names_first_previous_next_and_last_pages(client, where):
    total = client.get("/api/search?q=Mali").get_json()["total"]
    pages = -(-total // 3)
    assert pages >= 3
    page = {"first": 1, "second": 2, "last": pages, "beyond": pages + 5}[where]
    links = links_of(client.get(f"/api/search?q=Mali&per_page=3&page={page}"))
    assert {rel: int(re.search(r"[?&]page=(\d+)", url).group(1)) for rel, url in links.items()} == \
        expected_links(page, pages)
    assert all(url.startswith("http://localhost/api/search?q=Mali&per_page=3&page=") for url in links.values())


# ---- the feed's id --------------------------------------------------------------------------------

def feed_id(client, query_string: str, **headers) -> str:
    feed = feedparser.parse(client.get(f"/search.atom?{query_string}", headers=headers).data)
    assert not feed.bozo
    return feed.feed.id


def test_a_feed_keeps_its_id_whatever_the_form_of_its_address(client):
    ids = {feed_id(client, "q=trafficking&tier=Tier+2&country=MLI"),
           feed_id(client, "country=MLI&tier=Tier+2&q=trafficking"),
           feed_id(client, "q=%20trafficking&country=mli&tier=2&per_page=5&sort=oldest&page=1"),
           feed_id(client, "q=trafficking&tier=Tier+2&country=MLI", Host="127.0.0.1:8000")}
    assert len(ids) == 1
    assert ids.pop().startswith("urn:uuid:")


def test_a_feed_keeps_its_id_across_rebuilds_and_different_searches_have_different_ids(tmp_path):
    write_index(tmp_path, web_documents())
    client = client_of(tmp_path)
    before = feed_id(client, "q=trafficking&tier=Tier+3")
    write_index(tmp_path, web_documents()[:10])
    assert feed_id(client_of(tmp_path), "q=trafficking&tier=Tier+3") == before
    others = {feed_id(client, q) for q in ("q=trafficking", "q=trafficking&tier=Tier+2", "q=labour&tier=Tier+3",
                                           "q=trafficking&tier=Tier+3&from=2005")}
    assert before not in others and len(others) == 4
