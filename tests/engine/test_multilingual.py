"""Analysis of text in languages other than English: a term space per language, its stems,
stop words and letters written one way; English terms exactly as before."""
from __future__ import annotations

import pytest

from indexer.engine.analysis import analyse, analysis_language, indexed_positions
from indexer.engine.multilingual import language_terms


@pytest.mark.parametrize("code, language", [
    ("en", None), (None, None), ("", None), ("en-GB", None),
    ("fr", "fr"), ("fre", "fr"), ("de-1996", "de"), ("arb", "ar"), ("pt_PT", "pt"), ("gsw", "gsw"),
])
def test_a_document_is_analysed_in_its_language_and_english_or_unknown_as_english(code, language):
    assert analysis_language(code) == language


def test_english_text_gives_the_english_terms_whatever_the_archive_holds():
    text = "Refugees fled the organization's forced labour camps in Côte d'Ivoire"
    assert analyse(text, None) == analyse(text)
    assert not any(":" in term for term in indexed_positions(text))


@pytest.mark.parametrize("language, text, terms", [
    ("fr", "le droit à la torture", ["fr:droit", "fr:tortur"]),
    ("es", "de las torturas", ["es:tortur"]),
    ("de", "der Folter und dem Asyl", ["de:folt", "de:asyl"]),
    ("ru", "и пыткам", ["ru:пытк"]),
])
def test_stop_words_of_the_language_are_dropped_and_the_rest_stemmed(language, text, terms):
    assert language_terms(text, language) == terms


@pytest.mark.parametrize("one, other", [
    ("إنسان", "انسان"),          # alef with hamza below
    ("أسرة", "اسره"),            # alef with hamza above, taa marbuta
    ("تـعـذيـب", "تعذيب"),        # tatweel
    ("تَعْذِيب", "تعذيب"),          # diacritics
    ("بالتعذيب", "تعذيب"),        # preposition and article
    ("والالتجاء", "الالتجاء"),     # conjunction and article
    ("للتعذيب", "تعذيب"),         # preposition fused with the article
])
def test_arabic_forms_of_one_word_are_one_term(one, other):
    assert language_terms(one, "ar") == language_terms(other, "ar")


@pytest.mark.parametrize("language, one, other", [
    ("el", "ΒΑΣΑΝΙΣΤΉΡΙΑ", "βασανιστήρια"),   # Greek capitals and final sigma
    ("ru", "ПЫТКАМ", "пыткам"),
    ("uk", "ТОРТУР", "тортур"),               # no Ukrainian stemmer: case folded only
    ("so", "Café", "cafe"),                   # no Somali stemmer: diacritics folded
    ("fa", "شکنجه‌ها", "شكنجه‌ها"),            # Persian and Arabic kaf
])
def test_case_and_letter_forms_fold_in_every_language(language, one, other):
    assert language_terms(one, language) == language_terms(other, language)


def test_a_language_without_a_stemmer_keeps_its_words_whole():
    assert language_terms("ማንም፡ሰው፡ቢሆን", "am") == ["am:ማንም", "am:ሰው", "am:ቢሆን"]


def test_chinese_is_indexed_as_overlapping_character_pairs():
    assert language_terms("寻求庇护", "zh") == ["zh:寻求", "zh:求庇", "zh:庇护"]
    assert language_terms("人", "zh") == ["zh:人"]


def test_the_english_spelling_table_applies_to_english_only():
    assert analyse("labour") == analyse("labor")
    assert language_terms("labour", "fr") != language_terms("labor", "fr")


def test_devanagari_vowel_signs_stay_inside_their_word():
    assert language_terms("यातना", "hi") == language_terms("यातनाओं", "hi")
    assert len(language_terms("शारीरिक यातना", "hi")) == 2


def test_terms_of_two_languages_never_meet():
    assert set(language_terms("torture", "fr")).isdisjoint(language_terms("torture", "it"))
    assert set(language_terms("torture", "fr")).isdisjoint(analyse("torture"))


def test_a_query_is_compiled_in_english_alone_when_the_archive_holds_no_other_language():
    from whoosh import query as wq

    from indexer.engine.compile import build_query
    from indexer.engine.querylanguages import query_languages
    from indexer.querylang import parse

    english = build_query(parse("torture asylum"))
    assert english == wq.And([wq.Or([wq.Term("title", "tortur"), wq.Term("body", "tortur")]),
                              wq.Or([wq.Term("title", "asylum"), wq.Term("body", "asylum")])])
    with query_languages(("fr",)):
        both = build_query(parse("torture asylum"))
    assert both == wq.Or([english, wq.And([wq.Or([wq.Term("title", "fr:tortur"), wq.Term("body", "fr:tortur")]),
                                           wq.Or([wq.Term("title", "fr:asylum"), wq.Term("body", "fr:asylum")])])])


def _constant_parts(query) -> list:
    """Every ConstantScoreQuery inside ``query``."""
    from whoosh import query as wq

    found = [query] if isinstance(query, wq.ConstantScoreQuery) else []
    for child in query.children():
        found += _constant_parts(child)
    return found


def test_a_document_about_the_named_country_counts_once_however_many_languages_the_query_is_in():
    from indexer.engine.compile import build_query
    from indexer.engine.querylanguages import query_languages
    from indexer.querylang import parse

    english = _constant_parts(build_query(parse("Macao")))
    with query_languages(("fr", "de", "es", "ar", "ru")):
        every = _constant_parts(build_query(parse("Macao")))
    assert len(english) == 1
    assert every == english
