"""A bilingual page on the web pages: each stretch in another language than the document's is
shown in an element of its own with its ``lang`` and ``dir``, on the document page, in the
results' snippets and in the passage panel's quotation, its marked words included."""
from __future__ import annotations

import re

import pytest
from bilingual_pages import read_bilingual_pages
from bs4 import BeautifulSoup, NavigableString
from conftest import make_document

from indexer.build import write_index
from indexer.documents.reader import read_document
from webapp import create_app

ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
LATIN_LETTER = re.compile(r"[A-Za-z]")
# The two scripts as their text must be laid out: (script, lang, dir).
LAID_OUT = {("arabic", "ar", "rtl"), ("latin", "en", "ltr")}


@pytest.fixture(scope="module")
def pages(corpus_dir, tmp_path_factory):
    return read_bilingual_pages(corpus_dir, tmp_path_factory.mktemp("bilingual-pages"))


@pytest.fixture(scope="module")
def client(pages, tmp_path_factory):
    folder = tmp_path_factory.mktemp("bilingual-web")
    write_index(folder, list(pages.values()))
    return create_app({"INDEX_DIR": folder, "TESTING": True}).test_client()


def soup(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.get_data(as_text=True), "lxml")


def laid_out(node) -> tuple[str | None, str | None]:
    """The (lang, dir) the nearest element with a ``dir`` gives ``node``'s text."""
    element = node if not isinstance(node, NavigableString) else node.parent
    while element is not None and not element.get("dir"):
        element = element.parent
    return (element.get("lang"), element.get("dir")) if element is not None else (None, None)


def scripts_laid_out(elements) -> set[tuple[str, str | None, str | None]]:
    """(script, lang, dir) of every piece of text in ``elements`` written in Arabic or Latin letters."""
    found = set()
    for element in elements:
        for text in element.find_all(string=True):
            for script, letters in (("arabic", ARABIC_LETTER), ("latin", LATIN_LETTER)):
                if letters.search(text):
                    found.add((script, *laid_out(text)))
    return found


@pytest.mark.parametrize("name", ["english-with-arabic", "arabic-with-english"])
def test_each_paragraph_of_the_document_page_is_laid_out_in_its_own_language(client, pages, name):
    page = soup(client, f"/documents/{pages[name].id}")
    paragraphs = page.select(".text-body .para > p")
    assert len(paragraphs) >= 10
    assert scripts_laid_out(paragraphs) == LAID_OUT


@pytest.mark.parametrize("name, words, lang, direction", [
    ("english-with-arabic", "لا يعرض أي إنسان للتعذيب", "ar", "rtl"),
    ("arabic-with-english", "No one shall be subjected to torture", "en", "ltr"),
])
def test_a_paragraph_in_the_other_language_is_its_own_element_with_lang_and_dir(client, pages, name, words,
                                                                                 lang, direction):
    page = soup(client, f"/documents/{pages[name].id}")
    [paragraph] = [p for p in page.select(".text-body .para > p") if p.get_text().startswith(words)]
    assert (paragraph.get("lang"), paragraph.get("dir")) == (lang, direction)


@pytest.mark.parametrize("name", ["english-with-arabic", "arabic-with-english"])
def test_the_marked_words_of_both_languages_are_laid_out_in_their_own(client, pages, name):
    page = soup(client, f"/documents/{pages[name].id}?q=torture+OR+تعذيب")
    marks = page.select(".text-body mark")
    assert {(m.get_text(), *laid_out(m)) for m in marks} == {("torture", "en", "ltr"), ("للتعذيب", "ar", "rtl")}


@pytest.mark.parametrize("query, expected", [("تعذيب", ("ar", "rtl")), ("torture", ("en", "ltr"))])
def test_a_snippet_taken_from_a_part_is_laid_out_in_its_language(client, query, expected):
    page = soup(client, f"/search?q={query}")
    marks = page.select(".snippet mark")
    assert len(marks) >= 2  # a mark in each of the two pages
    assert {laid_out(m) for m in marks} == {expected}


def test_every_snippet_lays_out_each_language_in_its_own_direction(client):
    page = soup(client, "/search?q=torture+OR+تعذيب")
    snippets = page.select(".snippet")
    assert snippets
    assert scripts_laid_out(snippets) == LAID_OUT


def test_the_api_gives_each_snippet_cut_where_its_language_changes(client, pages):
    data = client.get("/api/search?q=تعذيب").get_json()
    hit = next(h for h in data["hits"] if h["id"] == pages["english-with-arabic"].id)
    runs = hit["snippet_runs"][0]
    assert "".join(run["html"] for run in runs) == hit["snippets"][0]
    assert [run["language"] for run in runs if "<mark>" in run["html"]] == ["ar"]


@pytest.mark.parametrize("name, anchor, expected", [
    ("english-with-arabic", "article-5-p2", ("ar", "rtl")),
    ("english-with-arabic", "article-5-p1", ("en", "ltr")),
    ("arabic-with-english", "5-p1", ("ar", "rtl")),
    ("arabic-with-english", "5-p2", ("en", "ltr")),
])
def test_the_passage_panel_quotes_a_paragraph_in_its_language(client, pages, name, anchor, expected):
    doc = pages[name]
    paragraph = next(p for p in doc.paragraphs if p.anchor == anchor)
    words = " ".join(doc.text[paragraph.start:paragraph.end].split())
    page = soup(client, f"/documents/{doc.id}?at={anchor}")
    quotation = page.select_one("#passage-panel #passage-quotation")
    [quoted] = [t for t in quotation.find_all(string=True) if words in t]
    assert laid_out(quoted) == expected
    assert laid_out(quotation) == ("en", "ltr")  # the citation around it is English


def test_the_citation_api_gives_the_quotation_with_its_quoted_words_apart(client, pages):
    doc = pages["english-with-arabic"]
    data = client.get(f"/api/documents/{doc.id}/citation?at=article-5-p2").get_json()
    runs = data["quotation_runs"]
    assert "".join(run["text"] for run in runs) == data["quotation"]
    assert [(run["lang"], run["dir"]) for run in runs] == [(None, None), ("ar", "rtl"), (None, None)]
    assert runs[1]["text"].startswith("لا يعرض أي إنسان للتعذيب")


def test_an_arabic_heading_in_the_contents_is_laid_out_right_to_left(tmp_path):
    page = tmp_path / "mixed.html"
    page.write_text('<!doctype html><html lang="en"><head><title>Mixed report</title></head><body>'
                    "<h1>Mixed report</h1><h2>Background</h2><p>The authorities detained returnees.</p>"
                    '<h2 lang="ar">شهادات العائدين من الخارج</h2><p lang="ar">تعرضت للتعذيب في السجن بعد عودتي</p>'
                    "</body></html>", encoding="utf-8")
    doc = read_document(page)
    write_index(tmp_path / "index", [doc])
    client = create_app({"INDEX_DIR": tmp_path / "index", "TESTING": True}).test_client()
    entries = soup(client, f"/documents/{doc.id}").select(".contents a")
    assert {a.get_text(): laid_out(a) for a in entries} == {
        "Background": (None, None), "شهادات العائدين من الخارج": ("ar", "rtl")}


@pytest.mark.parametrize("language, attributes", [
    (None, {"dir": "auto"}),
    ("ar", {"lang": "ar", "dir": "rtl"}),
    ("en", {"lang": "en", "dir": "ltr"}),
])
def test_a_title_is_laid_out_in_its_documents_language_or_by_its_first_letter(tmp_path, language, attributes):
    doc = make_document(id="title-language", title="تقرير الاتجار بالأشخاص (2008) - مالي", language=language)
    write_index(tmp_path / "index", [doc])
    client = create_app({"INDEX_DIR": tmp_path / "index", "TESTING": True}).test_client()
    for url, selector in (("/search?q=trafficked", ".hit-title"), (f"/documents/{doc.id}", "#doc-title")):
        title = soup(client, url).select_one(selector)
        assert {name: title.get(name) for name in ("lang", "dir") if title.get(name)} == attributes
