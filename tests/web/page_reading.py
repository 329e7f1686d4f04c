"""Reading the web app's pages in tests: the archive's documents by id, a page parsed
with BeautifulSoup, a link's query, and a JSON answer."""
from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from bs4 import BeautifulSoup
from web_archive import web_documents

DOCS = {d.id: d for d in web_documents()}


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return BeautifulSoup(response.get_data(as_text=True), "lxml")


def query_of(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query)


def api(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_json()
