"""Pages in two languages: each part analysed in the language the page marks it with, found by
a query in either language, counted under the page's main language."""
from __future__ import annotations

import pytest

from indexer.archive import open_archive
from indexer.build import write_index
from indexer.documents.reader import read_document
from indexer.engine.analysis import analyse, indexed_positions
from indexer.engine.multilingual import language_terms
from indexer.engine.positions import in_parts
from indexer.request import parse_request

ENGLISH = ("The authorities detained several returnees at the airport and questioned them about "
           "their activities abroad.")
FRENCH = ("Les autorités ont arrêté plusieurs demandeurs d'asile déboutés à l'aéroport et les ont "
          "interrogés. Les personnes renvoyées risquent la torture.")
ARABIC = "تعرضت للتعذيب في السجن بعد عودتي وطلبت اللجوء في بلد آخر"
PAGES = {
    "english-french": f'<p>{ENGLISH}</p><div lang="fr"><p>{FRENCH}</p></div><p>Returnees were released.</p>',
    "english-arabic": f'<p>{ENGLISH}</p><p lang="ar" dir="rtl">{ARABIC}</p>',
    "english": "<p>Prison conditions remained harsh and detainees reported torture by guards.</p>",
}
# (query, the page it finds, the word of the page it matches): forms the page does not use,
# which only the part's own stemmer joins to the page's ("interrogeait" and "interrogés").
ONLY_THE_PARTS_STEMMER = [
    ("interrogeait", "english-french", "interrogés"),
    ("renvoyer", "english-french", "renvoyées"),
    ("arrêtait", "english-french", "arrêté"),
    ("تعذيب", "english-arabic", "للتعذيب"),
]


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bilingual")
    docs = {}
    for name, body in PAGES.items():
        path = folder / f"{name}.html"
        path.write_text(f'<!doctype html><html lang="en"><head><title>{name}</title></head>'
                        f"<body><h1>{name}</h1>{body}</body></html>", encoding="utf-8")
        docs[name] = read_document(path)
    return docs


@pytest.fixture(scope="module")
def archive(pages, tmp_path_factory):
    folder = tmp_path_factory.mktemp("bilingual-index")
    write_index(folder, list(pages.values()))
    opened = open_archive(folder)
    yield opened
    opened.close()


def search(archive, query: str, **args):
    return archive.search(parse_request({"q": [query], **args}))


def found(archive, pages, query: str) -> list[str]:
    names = {doc.id: name for name, doc in pages.items()}
    return [names[hit.id] for hit in search(archive, query).hits]


@pytest.mark.parametrize("query, name, word", ONLY_THE_PARTS_STEMMER)
def test_a_form_only_the_parts_own_stemmer_joins_finds_the_page(archive, pages, query, name, word):
    language = pages[name].language_parts[0].language
    assert analyse(query) != analyse(word)  # English analysis would not find it
    assert language_terms(query, language) == language_terms(word, language)
    assert found(archive, pages, query) == [name]


@pytest.mark.parametrize("query, name", [("questioning", "english-french"), ("detaining", "english-arabic")])
def test_the_english_part_of_a_bilingual_page_is_found_in_english(archive, pages, query, name):
    assert name in found(archive, pages, query)


def test_a_phrase_of_the_french_part_finds_the_page(archive, pages):
    assert found(archive, pages, '"plusieurs demandeurs"') == ["english-french"]


def test_a_bilingual_page_is_counted_under_its_main_language_only(archive):
    facet = search(archive, "interrogeait").facets["language"]
    assert [(value.value, value.count) for value in facet] == [("en", 1)]


@pytest.mark.parametrize("query, marked", [("renvoyer", "<mark>renvoyées</mark>"), ("تعذيب", "<mark>للتعذيب</mark>")])
def test_the_snippet_marks_the_parts_word_as_its_language_reads_it(archive, query, marked):
    assert marked in search(archive, query).hits[0].snippets[0]


def test_the_document_page_marks_the_parts_word(archive, pages):
    text = archive.highlight(pages["english-arabic"], "تعذيب")
    assert any("<mark>للتعذيب</mark>" in block.html for block in text.blocks)


def test_each_stretch_is_analysed_in_its_language_and_numbered_after_the_last():
    text = f"{ENGLISH} {FRENCH}"
    positions = in_parts(text, None, ((len(ENGLISH) + 1, len(text), "fr"),), indexed_positions)
    english = indexed_positions(ENGLISH)
    assert {t: p for t, p in positions.items() if not t.startswith("fr:")} == english
    last_english = max(p for places in english.values() for p in places)
    french = [p for t, places in positions.items() if t.startswith("fr:") for p in places]
    assert "fr:interrog" in positions and min(french) > last_english
