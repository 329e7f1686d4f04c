"""Every request has a bounded cost: costly queries are refused up front with what to narrow,
work past its time budget stops, and long documents are shown a page at a time."""
from __future__ import annotations

import json
import re
import time

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from conftest import make_document
from web_archive import build_web_index

from indexer import config, deadline
from indexer.archive import open_archive
from indexer.cli import main
from indexer.errors import QueryTooCostly, SearchTimeout
from indexer.querylang import parse
from indexer.request import parse_request
from webapp import create_app

NESTED = "(" * 250 + "trafficking" + ")" * 250
COSTLY = [
    (NESTED, "nests parentheses 250 deep"),
    ("NOT " * 40 + "trafficking", "NOTs in a row"),
    ("a*", "at least 3 letters"),
    ("tr* children", "at least 3 letters"),
    (" ".join(f"word{i}" for i in range(80)), "80 words and conditions"),
]
PATHS = ["/search", "/api/search", "/search.csv", "/search.json", "/search.atom", "/search.bib"]


@pytest.mark.parametrize("text, message", COSTLY)
def test_costly_queries_are_refused_before_running(text, message):
    with pytest.raises(QueryTooCostly, match=message):
        parse(text)


def test_a_query_at_the_bounds_is_still_searched():
    parse("(" * config.MAX_QUERY_DEPTH + "trafficking" + ")" * config.MAX_QUERY_DEPTH)
    parse(" ".join(f"word{i}" for i in range(config.MAX_QUERY_CLAUSES)))
    parse("tra*")


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("text, message", COSTLY)
def test_the_web_app_answers_costly_queries_with_400_saying_what_to_narrow(client, path, text, message):
    response = client.get(path, query_string={"q": text})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    if path == "/api/search" or path.endswith(".json"):
        assert message in json.loads(body)["error"]["message"]
    elif path.endswith((".csv", ".ris", ".bib", ".atom")):  # a download's error is a line of text
        assert response.mimetype == "text/plain" and message in body
    else:
        assert message in BeautifulSoup(body, "lxml").select_one(".error-message").get_text()
    assert "Traceback" not in body


def test_the_cli_answers_a_deeply_nested_query_with_one_line(web_index):
    result = CliRunner().invoke(main, ["search", "--index", str(web_index), NESTED])
    assert result.exit_code == 1
    assert "nests parentheses" in result.output
    assert "Traceback" not in result.output and len(result.output.splitlines()) == 1


def test_wildcards_standing_for_too_many_words_are_refused(web_index, monkeypatch):
    monkeypatch.setattr(config, "MAX_EXPANDED_TERMS", 3)
    with open_archive(web_index) as archive:
        assert archive.search(parse_request({"q": "tra*"})).total  # one wildcard: a few words
        with pytest.raises(QueryTooCostly, match="wildcards of this query stand for more than 3"):
            archive.search(parse_request({"q": "tra* OR gov* OR deb* OR chi* OR for*"}))


def test_a_search_past_its_budget_stops_with_a_timeout(web_index):
    with open_archive(web_index) as archive:
        with deadline.time_budget(0.001):
            time.sleep(0.01)
            with pytest.raises(SearchTimeout, match="stopped after 0.001 seconds"):
                archive.search(parse_request({"q": "trafficking children"}))
        assert archive.search(parse_request({"q": "trafficking children"})).total  # no budget: runs


def test_outside_a_budget_nothing_is_ever_stopped():
    deadline.check()
    with deadline.time_budget(None):
        deadline.check()


@pytest.mark.parametrize("path, setting", [("/search", "REQUEST_TIME_BUDGET"),
                                           ("/api/search", "REQUEST_TIME_BUDGET"),
                                           ("/search.bib", "EXPORT_TIME_BUDGET"),
                                           ("/search.atom", "EXPORT_TIME_BUDGET")])
def test_web_requests_past_their_budget_answer_503_and_free_the_worker(web_index, path, setting):
    client = create_app({"INDEX_DIR": web_index, "TESTING": True, "SEARCH_CACHE": 0,
                         setting: 1e-9}).test_client()
    response = client.get(path, query_string={"q": "trafficking children"})
    assert response.status_code == 503
    assert "stopped after" in response.get_data(as_text=True)
    other = "/search" if setting == "EXPORT_TIME_BUDGET" else "/search.csv"
    assert client.get(other, query_string={"q": "trafficking"}).status_code == 200  # the other budget


@pytest.fixture(scope="module")
def long_document_client(tmp_path_factory):
    paragraph = ("Debt bondage in brick kilns persisted across the region and inspectors rarely "
                 "visited. ") * 10
    text = "\n\n".join(f"Paragraph {n}. {paragraph}" for n in range(3000))  # about 2.6 MB
    one_line = "bondage " * 200_000  # 1.6 MB without a single paragraph break
    tiny = "\n\n".join(f"n{k % 97}" for k in range(3000))  # 3,000 paragraphs in 14,000 characters
    docs = [make_document(id="long", title="A very long report", text=text, path="long.txt"),
            make_document(id="oneline", title="One enormous paragraph", text=one_line, path="line.txt"),
            make_document(id="tiny", title="Paragraphs of two letters", text=tiny, path="tiny.txt")]
    index = build_web_index(tmp_path_factory.mktemp("long"), docs)
    return create_app({"INDEX_DIR": index, "TESTING": True}).test_client()


def test_a_long_document_is_shown_a_page_at_a_time(long_document_client):
    first = long_document_client.get("/documents/long?q=bondage")
    assert first.status_code == 200
    assert len(first.get_data()) < 3 * config.DOCUMENT_PART_CHARS
    page = BeautifulSoup(first.get_data(as_text=True), "lxml")
    assert "Page 1 of" in page.select_one(".document-text").get_text()
    links = [a["href"] for a in page.select('nav.pager a[href*="part="]')]
    assert links and all("q=bondage" in link for link in links)
    last = int(re.search(r"Page 1 of (\d+)", page.get_text()).group(1))
    later = long_document_client.get(f"/documents/long?q=bondage&part={last}")
    assert later.status_code == 200 and "Paragraph 2999." in later.get_data(as_text=True)
    assert long_document_client.get(f"/documents/long?part={last + 1}").status_code == 400


def test_a_text_of_very_short_paragraphs_is_paged_by_their_number(long_document_client):
    query = " ".join(['"detention of journalists reported"'] * 27)  # each paragraph's link repeats it
    response = long_document_client.get("/documents/tiny", query_string={"q": query})
    page = BeautifulSoup(response.get_data(as_text=True), "lxml")
    assert len(page.select(".document-text .para")) == config.DOCUMENT_PART_BLOCKS
    assert "Page 1 of 6" in page.select_one(".document-text").get_text()
    assert len(response.get_data()) < 2_000_000  # all 3,000 on one page, each link repeating the query: 4 MB


def test_marks_per_page_are_capped_and_the_page_says_so(long_document_client):
    page = long_document_client.get("/documents/oneline?q=bondage").get_data(as_text=True)
    assert page.count("<mark>") == config.MAX_MARKS_PER_PART
    assert "occur more often on this page than are highlighted" in page


def test_the_whole_text_is_available_as_plain_text(long_document_client):
    response = long_document_client.get("/documents/long/text.txt")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.get_data(as_text=True).count("Paragraph ") == 3000


@pytest.mark.parametrize("path, made", [("/search.csv", False), ("/search.ris", False), ("/search.bib", False),
                                        ("/search.json", True), ("/search.atom", True)])
def test_exports_make_passages_only_for_formats_that_show_them(web_index, monkeypatch, path, made):
    from indexer.engine import searching

    calls = []
    real = searching.passage_windows
    monkeypatch.setattr(searching, "passage_windows", lambda *args, **kwargs: calls.append(1) or real(*args, **kwargs))
    client = create_app({"INDEX_DIR": web_index, "TESTING": True, "SEARCH_CACHE": 0}).test_client()
    response = client.get(path, query_string={"q": "trafficking"})
    assert response.status_code == 200 and b"Mali" in response.data
    assert bool(calls) is made
