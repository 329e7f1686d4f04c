"""Documents in many languages, on the Universal Declaration of Human Rights in 20 of them:
each page's language identified, and each found by a word form its text does not use."""
from __future__ import annotations

import re

import pytest

from indexer.archive import open_archive
from indexer.build import write_index
from indexer.documents.reader import read_document
from indexer.request import parse_request

# File of each UDHR page -> the language it is filed under.
LANGUAGES = {
    "udhr-amh.html": "am", "udhr-arb.html": "ar", "udhr-cmn_hans.html": "zh", "udhr-deu_1996.html": "de",
    "udhr-eng.html": "en", "udhr-fra.html": "fr", "udhr-hin.html": "hi", "udhr-ita.html": "it",
    "udhr-nld.html": "nl", "udhr-pbu.html": "ps", "udhr-pes_1.html": "fa", "udhr-por_PT.html": "pt",
    "udhr-rus.html": "ru", "udhr-som.html": "so", "udhr-spa.html": "es", "udhr-swh.html": "sw",
    "udhr-tir.html": "ti", "udhr-tur.html": "tr", "udhr-ukr.html": "uk", "udhr-urd.html": "ur",
}

# (page, a form of "torture" (Article 5), a form of "asylum" (Article 14)): neither form is
# a word of the page, whose Articles 5 and 14 use other inflections of the same words.
FORMS = [
    ("udhr-fra.html", "tortures", "asiles"),
    ("udhr-spa.html", "tortura", "asilos"),
    ("udhr-deu_1996.html", "Foltern", "Asyls"),
    ("udhr-rus.html", "пытка", "убежище"),
    ("udhr-arb.html", "تعذيب", "والالتجاء"),
    ("udhr-por_PT.html", "torturas", "asilos"),
    ("udhr-ita.html", "torture", "asili"),
    ("udhr-tur.html", "işkenceler", "mültecinin"),
    ("udhr-nld.html", "foltering", "asielen"),
    ("udhr-pes_1.html", "شکنجه‌ها", "پناهگاه"),
    ("udhr-hin.html", "यातनाओं", "शरणों"),
]


@pytest.fixture(scope="module")
def udhr_docs(corpus_dir):
    return {path.name: read_document(path) for path in sorted((corpus_dir / "udhr").glob("udhr-*.html"))}


@pytest.fixture(scope="module")
def udhr_index(udhr_docs, tmp_path_factory):
    folder = tmp_path_factory.mktemp("udhr-index")
    write_index(folder, list(udhr_docs.values()))
    return folder


@pytest.fixture(scope="module")
def udhr(udhr_index):
    archive = open_archive(udhr_index)
    yield archive
    archive.close()


def found(archive, query: str, **args) -> list[str]:
    return [hit.id for hit in archive.search(parse_request({"q": [query], **args})).hits]


def page_words(doc) -> set[str]:
    return {w.casefold() for w in re.findall(r"[\w\u200c\u0900-\u097f]+", doc.text)}


@pytest.mark.parametrize("name, language", sorted(LANGUAGES.items()))
def test_each_udhr_page_is_filed_under_its_language(udhr_docs, name, language):
    from indexer.facets import BY_NAME

    assert BY_NAME["language"].values(udhr_docs[name]) == (language,)


@pytest.mark.parametrize("name, torture, asylum", FORMS)
def test_a_form_of_torture_the_page_does_not_use_finds_it(udhr, udhr_docs, name, torture, asylum):
    doc = udhr_docs[name]
    assert torture.casefold() not in page_words(doc)
    assert doc.id in found(udhr, torture)


@pytest.mark.parametrize("name, torture, asylum", FORMS)
def test_a_form_of_asylum_the_page_does_not_use_finds_it(udhr, udhr_docs, name, torture, asylum):
    doc = udhr_docs[name]
    assert asylum.casefold() not in page_words(doc)
    assert doc.id in found(udhr, asylum)


@pytest.mark.parametrize("query", ["التعذيب", "تعذيب", "بالتعذيب", "والتعذيب", "للتعذيب",
                                   "الالتجاء", "التجاء", "بالالتجاء"])
def test_arabic_is_found_with_and_without_the_article_and_prefixes(udhr, udhr_docs, query):
    assert found(udhr, query) == [udhr_docs["udhr-arb.html"].id]


@pytest.mark.parametrize("query", ["庇护", "酷刑", "迫害"])
def test_chinese_is_found_by_a_two_character_word(udhr, udhr_docs, query):
    assert found(udhr, query) == [udhr_docs["udhr-cmn_hans.html"].id]


def test_a_chinese_word_of_more_characters_is_found_as_a_phrase(udhr, udhr_docs):
    assert found(udhr, "享受庇护") == [udhr_docs["udhr-cmn_hans.html"].id]


def test_french_stop_words_are_not_required(udhr, udhr_docs):
    assert udhr_docs["udhr-fra.html"].id in found(udhr, "le droit de la torture")


def test_an_english_query_finds_the_english_page_as_before(udhr, udhr_docs):
    assert found(udhr, "tortured", language=["en"]) == [udhr_docs["udhr-eng.html"].id]


@pytest.mark.parametrize("name, query", [
    ("udhr-ukr.html", "ТОРТУР"),        # Ukrainian: no stemmer, folded case only
    ("udhr-amh.html", "ስቃይ"),           # Amharic, words parted by the Ethiopic word space
    ("udhr-tir.html", "ስቓይ"),           # Tigrinya
    ("udhr-som.html", "SILIC"),          # Somali
    ("udhr-rus.html", "ПЫТКАМ"),         # Cyrillic capitals fold to the text's lower case
])
def test_a_language_without_a_stemmer_or_in_capitals_is_found_by_its_folded_word(udhr, udhr_docs, name, query):
    assert udhr_docs[name].id in found(udhr, query)


@pytest.mark.parametrize("value", ["fr", "fra", "fre", "French", "french"])
def test_the_language_filter_takes_a_code_or_a_name(udhr, udhr_docs, value):
    assert found(udhr, "torture", language=[value]) == [udhr_docs["udhr-fra.html"].id]



@pytest.mark.parametrize("typed, suggested", [
    ("пыткм", "пыткам"),     # a Russian typo, corrected from the Russian pages' words
    ("Foltr", "Folter"),     # German
    ("asylym", "asylum"),    # English, though French and Spanish write "asile", "asilo"
])
def test_did_you_mean_comes_from_the_same_languages_words(udhr, typed, suggested):
    assert udhr.search(parse_request({"q": [typed]})).suggestion == suggested


def test_a_word_of_one_language_is_not_corrected_to_another_languages_word(udhr):
    assert udhr.search(parse_request({"q": ["asilo"]})).suggestion is None


@pytest.mark.parametrize("args, languages", [
    ({}, ("am", "ar", "de", "es", "fa", "fr", "hi", "it", "nl", "ps", "pt", "ru", "so", "sw", "ti", "tr", "uk",
          "ur", "zh")),
    ({"language": ["es", "fra"]}, ("es", "fr")),
    ({"language": ["en"]}, ()),
])
def test_a_query_is_analysed_in_the_archives_languages_or_those_the_filter_selects(udhr_index, args, languages):
    from indexer.engine.archive import open_index
    from indexer.engine.languagesearch import archive_languages

    with open_index(udhr_index).searcher() as searcher:
        assert archive_languages(searcher, parse_request(args)) == languages


def test_the_archives_languages_are_read_from_its_lexicons_once_per_index_generation(udhr_index, monkeypatch):
    from indexer.engine import languagesearch
    from indexer.engine.archive import open_index

    walks = []
    real = languagesearch.indexed_values
    monkeypatch.setattr(languagesearch, "indexed_values", lambda searcher, field: walks.append(field) or real(searcher, field))
    with open_index(udhr_index).searcher() as searcher:
        first = [languagesearch.archive_languages(searcher, parse_request({})) for _ in range(3)]
        narrowed = languagesearch.archive_languages(searcher, parse_request({"language": ["fr"]}))
    assert len(walks) <= 2
    assert first[0] == first[1] == first[2] and "fr" in first[0]
    assert narrowed == ("fr",)


@pytest.mark.parametrize("value", ["Spanish", "es", "spa"])
def test_the_cli_filters_by_language_named_or_coded(udhr_index, udhr_docs, value):
    import json

    from click.testing import CliRunner

    from indexer.cli import main

    result = CliRunner().invoke(main, ["search", "tortura", "--language", value, "--index", str(udhr_index), "--json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert [hit["id"] for hit in printed["hits"]] == [udhr_docs["udhr-spa.html"].id]
    assert {"value": "es", "count": 1, "selected": True, "label": "Spanish"} in printed["facets"]["language"]


def test_the_language_facet_keeps_the_other_languages_a_query_finds_in_view(udhr):
    results = udhr.search(parse_request({"q": ["tortura"], "language": ["es"]}))
    counts = {v.value: v.count for v in results.facets["language"]}
    assert counts == {"es": 1, "fr": 1, "it": 1, "pt": 1}


# Pages whose language their text alone tells: all but Amharic and Tigrinya, which share
# the Ethiopic script.
TOLD_BY_TEXT = sorted((name, code) for name, code in LANGUAGES.items() if code not in ("am", "ti"))


@pytest.mark.parametrize("name, language", TOLD_BY_TEXT)
def test_a_page_that_does_not_declare_its_language_is_identified_by_its_text(corpus_dir, tmp_path, name, language):
    undeclared = re.sub(r"<html[^>]*>", "<html>", (corpus_dir / "udhr" / name).read_text(encoding="utf-8"))
    (tmp_path / name).write_text(undeclared, encoding="utf-8")
    assert read_document(tmp_path / name).language == language
