"""Bad input, missing things and failures: a clear page or JSON body with the right status."""
from __future__ import annotations

from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup

from indexer import config
from webapp import create_app


def message_of(response) -> str:
    """The message of an error page, or of the plain-text error of a download (CSV, Atom...)."""
    if response.mimetype == "text/plain":
        return response.get_data(as_text=True)
    page = BeautifulSoup(response.get_data(as_text=True), "lxml")
    return page.select_one(".error-message").get_text()


BAD_SEARCHES = [
    ("q=x&from=notadate", "not a date"),
    ("q=x&to=2004-13-45", "date"),
    ("q=x&from=2008&to=2004", "after"),
    ("q=x&page=0", "page"),
    (f"q=x&page={10 ** 9}", "page"),
    ("q=x&page=two", "page"),
    (f"q=x&per_page={10 ** 6}", "per_page"),
    ("q=x&per_page=-1", "per_page"),
    ("q=x&tier=Tier+9", "tier"),
    ("q=x&country=Atlantis", "country"),
    ("q=x&year=abc", "year"),
    ("q=x&report_year=abc", "report_year"),
    ("q=x&sort=sideways", "sort"),
]


BAD_DATES = BAD_SEARCHES[:3]


@pytest.mark.parametrize("query_string, word", BAD_SEARCHES[3:])
def test_bad_search_parameters_give_a_400_page_with_the_reason(client, query_string, word):
    response = client.get(f"/search?{query_string}")
    assert response.status_code == 400
    assert word in message_of(response).lower()
    assert "Traceback" not in response.get_data(as_text=True)


@pytest.mark.parametrize("query_string, word", BAD_DATES)
def test_a_bad_date_on_the_results_page_is_an_error_next_to_its_field_and_keeps_the_results(
        client, query_string, word):
    response = client.get(f"/search?{query_string}".replace("q=x", "q=trafficking"))
    assert response.status_code == 200
    page = BeautifulSoup(response.get_data(as_text=True), "lxml")
    field = page.select_one('input[aria-invalid="true"]')
    assert field["name"] in ("from", "to")
    assert field["value"] == dict(p.split("=") for p in query_string.split("&"))[field["name"]]
    error = page.find(id=field["aria-describedby"])
    assert word in error.get_text().lower() and "field-error" in error["class"]
    kept = "&".join(p for p in query_string.replace("q=x", "q=trafficking").split("&")
                    if not p.startswith(field["name"] + "="))
    fresh = client.get(f"/api/search?{kept}").get_json()
    assert page.select(".hit") and f"{fresh['total']} documents" in page.select_one("#results-count").get_text()
    assert page.select_one('[role="alert"]') is not None
    # Links of the page leave the bad date out, so following one does not repeat the error.
    assert not any("notadate" in a["href"] or "2004-13" in a["href"] for a in page.select("a.facet-link"))


@pytest.mark.parametrize("query_string, word", BAD_SEARCHES)
def test_bad_search_parameters_give_a_400_json_error_from_the_api(client, query_string, word):
    response = client.get(f"/api/search?{query_string}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["status"] == 400 and word in error["message"].lower()


# Values Python's int or str.isdigit take that are not a number as a user types one ('²'.isdigit()
# is true, int('²') fails), and one too long for int to read.
MALFORMED_NUMBERS = ["²", "１２", "٣", "1_0", "+5", "0x10", "1e3", "1.5", "-1", "9" * 5000]
NUMERIC_PARAMETERS = [("/search?q=x&", "page"), ("/search?q=x&", "per_page"), ("/search?q=x&", "year"),
                      ("/api/search?q=x&", "page"), ("/api/search?q=x&", "per_page"), ("/api/search?q=x&", "year"),
                      ("/search?q=x&", "report_year"), ("/api/search?q=x&", "report_year"),
                      ("/search.csv?q=x&", "page"), ("/search.atom?q=x&", "per_page"),
                      ("/documents/tip-mli-2004?", "part")]


@pytest.mark.parametrize("path, name", NUMERIC_PARAMETERS)
@pytest.mark.parametrize("value", MALFORMED_NUMBERS, ids=lambda value: ascii(value)[:12])
def test_a_malformed_number_in_any_numeric_parameter_is_a_400_naming_it(client, path, name, value):
    response = client.get(path + urlencode({name: value}))
    assert response.status_code == 400
    message = response.get_json()["error"]["message"] if response.is_json else message_of(response)
    assert f"'{name}' must be" in message


@pytest.mark.parametrize("path", ["/search.csv", "/search.atom", "/search.ris", "/search.bib"])
def test_exports_refuse_bad_parameters_too(client, path):
    assert client.get(f"{path}?q=x&page=0").status_code == 400


def test_unparsable_query_is_searched_as_words_not_refused(client):
    for query in ['"unbalanced', "(open", "title:", "bogus:field"]:
        assert client.get("/search", query_string={"q": query}).status_code == 200
        assert client.get("/api/search", query_string={"q": query}).status_code == 200


def test_overlong_query_is_refused_with_413(client):
    long_query = "a" * (config.MAX_QUERY_LENGTH + 1)
    page = client.get("/search", query_string={"q": long_query})
    assert page.status_code == 413
    assert str(config.MAX_QUERY_LENGTH) in message_of(page)
    api = client.get("/api/search", query_string={"q": long_query})
    assert api.status_code == 413 and api.get_json()["error"]["status"] == 413


def test_the_lookup_takes_a_paragraph_longer_than_a_query_but_refuses_an_overlong_one(client):
    paragraph = "a" * (config.MAX_QUERY_LENGTH + 1)
    assert client.get("/cite", query_string={"q": paragraph}).status_code == 200
    assert client.get("/api/cite", query_string={"q": paragraph}).status_code == 200
    overlong = "a" * (config.MAX_CITATION_LENGTH + 1)
    page = client.get("/cite", query_string={"q": overlong})
    assert page.status_code == 413 and str(config.MAX_CITATION_LENGTH) in message_of(page)
    assert client.get("/api/cite", query_string={"q": overlong}).get_json()["error"]["status"] == 413


def test_overlong_raw_query_string_is_refused_with_413(client):
    many = "&".join(f"tier=Tier+2&x{i}=y" for i in range(config.MAX_QUERY_STRING // 10))
    assert client.get(f"/search?q=x&{many}").status_code == 413
    assert client.get(f"/api/search?q=x&{many}").get_json()["error"]["status"] == 413


def test_query_length_limit_is_a_setting(web_index):
    client = create_app({"INDEX_DIR": web_index, "TESTING": True, "MAX_QUERY_LENGTH": 10}).test_client()
    assert client.get("/search?q=mali").status_code == 200
    assert client.get("/search?q=trafficking+children").status_code == 413


@pytest.mark.parametrize("doc_id", ["nope", "tip-mli-1999", "a" * 64])
def test_unknown_document_is_a_404_page(client, doc_id):
    response = client.get(f"/documents/{doc_id}")
    assert response.status_code == 404
    assert "Not found" in response.get_data(as_text=True)
    api = client.get(f"/api/documents/{doc_id}")
    assert api.status_code == 404 and api.get_json()["error"]["status"] == 404
    assert client.get(f"/api/documents/{doc_id}/citation").status_code == 404


@pytest.mark.parametrize("doc_id", ["..%2F..%2Fetc%2Fpasswd", "a.b", "a" * 65, "%00", "id%20x", "%3Cscript%3E"])
def test_ids_outside_the_pattern_never_reach_the_index(client, doc_id):
    response = client.get(f"/documents/{doc_id}")
    assert response.status_code == 404
    assert "<script>" not in response.get_data(as_text=True)
    assert client.get(f"/api/documents/{doc_id}").status_code == 404


def test_unknown_citation_style_is_a_400(client):
    assert client.get("/documents/tip-mli-2004?style=harvard").status_code == 400
    api = client.get("/api/documents/tip-mli-2004/citation?style=harvard")
    assert api.status_code == 400 and "harvard" in api.get_json()["error"]["message"]


def test_cite_api_needs_a_query(client):
    response = client.get("/api/cite")
    assert response.status_code == 400 and "q=" in response.get_json()["error"]["message"]


def test_unknown_path_is_a_404_page_and_json_under_the_api(client):
    assert client.get("/no/such/page").status_code == 404
    api = client.get("/api/nothing")
    assert api.status_code == 404 and api.get_json()["error"]["status"] == 404


def test_other_methods_are_refused_with_405(client):
    response = client.post("/api/search")
    assert response.status_code == 405
    assert response.get_json()["error"]["status"] == 405


@pytest.fixture
def missing_index_client(tmp_path):
    return create_app({"INDEX_DIR": tmp_path / "no-index", "TESTING": True}).test_client()


@pytest.mark.parametrize("path", ["/", "/search?q=x", "/documents/tip-mli-2004", "/cite?q=x",
                                  "/search.csv?q=x", "/search.atom"])
def test_missing_index_is_a_503_page_saying_how_to_build_it(missing_index_client, path):
    response = missing_index_client.get(path)
    assert response.status_code == 503
    text = response.get_data(as_text=True)
    assert "refsearch index" in text and "Traceback" not in text


@pytest.mark.parametrize("path", ["/api/search?q=x", "/api/documents/x", "/api/cite?q=x", "/search.json"])
def test_missing_index_is_a_503_json_error_from_the_api(missing_index_client, path):
    response = missing_index_client.get(path)
    assert response.status_code == 503
    assert "refsearch index" in response.get_json()["error"]["message"]


def test_healthz_is_503_without_an_index(missing_index_client):
    response = missing_index_client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["ok"] is False


def test_pages_that_need_no_index_work_without_one(missing_index_client):
    assert missing_index_client.get("/help").status_code == 200
    assert missing_index_client.get("/opensearch.xml").status_code == 200


def test_unexpected_errors_are_a_plain_500_without_traceback(web_index):
    app = create_app({"INDEX_DIR": web_index, "TESTING": True})

    @app.get("/api/explode")
    def explode_api():
        raise RuntimeError("secret internal detail")

    @app.get("/explode")
    def explode():
        raise RuntimeError("secret internal detail")

    client = app.test_client()
    page = client.get("/explode")
    assert page.status_code == 500
    assert "secret internal detail" not in page.get_data(as_text=True)
    assert "Traceback" not in page.get_data(as_text=True)
    api = client.get("/api/explode")
    assert api.status_code == 500 and api.get_json()["error"]["status"] == 500
    assert "secret" not in api.get_json()["error"]["message"]
