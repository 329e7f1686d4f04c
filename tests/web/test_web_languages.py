"""Documents in other languages on the web pages and in the API: the language facet named in
words and filtered by code, right-to-left text laid out right to left."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from indexer.build import write_index
from indexer.documents.reader import read_document
from webapp import create_app

PAGES = ("udhr-arb.html", "udhr-fra.html", "udhr-eng.html", "udhr-urd.html")


@pytest.fixture(scope="module")
def udhr_docs(corpus_dir):
    return {name: read_document(corpus_dir / "udhr" / name) for name in PAGES}


@pytest.fixture(scope="module")
def client(udhr_docs, tmp_path_factory):
    folder = tmp_path_factory.mktemp("udhr-web")
    write_index(folder, list(udhr_docs.values()))
    return create_app({"INDEX_DIR": folder, "TESTING": True}).test_client()


def test_the_language_facet_names_each_language_in_words(client):
    data = client.get("/api/search?q=").get_json()
    labels = {v["value"]: v["label"] for v in data["facets"]["language"]}
    assert labels == {"ar": "Arabic", "fr": "French", "en": "English", "ur": "Urdu"}


@pytest.mark.parametrize("code", ["ar", "ara", "arb"])
def test_the_api_filters_by_an_iso_639_1_or_639_3_code(client, udhr_docs, code):
    data = client.get(f"/api/search?language={code}").get_json()
    assert [hit["id"] for hit in data["hits"]] == [udhr_docs["udhr-arb.html"].id]


def test_an_unknown_language_is_a_bad_request_that_says_what_to_give(client):
    response = client.get("/api/search?language=klingonese")
    assert response.status_code == 400
    assert "ISO 639" in response.get_json()["error"]["message"]


def test_an_arabic_document_page_shows_its_text_right_to_left(client, udhr_docs):
    page = BeautifulSoup(client.get(f"/documents/{udhr_docs['udhr-arb.html'].id}").data, "lxml")
    text = page.select_one(".text-body")
    assert (text["dir"], text["lang"]) == ("rtl", "ar")
    assert page.select_one("#doc-title")["dir"] == "rtl"


def test_an_arabic_snippet_is_right_to_left_and_a_french_one_left_to_right(client, udhr_docs):
    page = BeautifulSoup(client.get("/search?q=التعذيب").data, "lxml")
    assert [p["dir"] for p in page.select(".snippet")] == ["rtl"] * len(page.select(".snippet")) != []
    page = BeautifulSoup(client.get("/search?q=asile").data, "lxml")
    assert {p["dir"] for p in page.select(".snippet")} == {"ltr"}


def test_an_english_document_page_is_left_to_right(client, udhr_docs):
    page = BeautifulSoup(client.get(f"/documents/{udhr_docs['udhr-eng.html'].id}").data, "lxml")
    assert page.select_one(".text-body")["dir"] == "ltr"


def test_an_arabic_snippet_marks_the_word_in_the_form_the_text_writes_it(client):
    page = BeautifulSoup(client.get("/search?q=تعذيب").data, "lxml")
    assert [m.get_text() for m in page.select(".snippet mark")] == ["للتعذيب"]


def test_a_french_document_page_marks_the_inflections_of_the_query_word(client, udhr_docs):
    page = BeautifulSoup(client.get(f"/documents/{udhr_docs['udhr-fra.html'].id}?q=asiles").data, "lxml")
    assert {m.get_text() for m in page.select(".text-body mark")} == {"asile", "l’asile"}
