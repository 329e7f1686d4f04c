"""The query language: text read once into a tree, and the tree read back."""
from __future__ import annotations

import pytest

from indexer.archive import searchable
from indexer.querylang import AllOf, CountryName, FieldValue, Phrase, Word, YearRange, parse, with_corrections
from indexer.summary import describe, plain_words, word_count


@pytest.mark.parametrize("text, note", [
    ('"unbalanced quote', "unbalanced quote"),
    ("(unbalanced parenthesis", "unbalanced parenthesis"),
    ("closing) first", "unbalanced parenthesis"),
    ("colour:red trafficking", "'colour:' is not a field"),
    ("title: trafficking", "'title:' has no value"),
    ("tier:7 trafficking", "'tier:7' is not a known tier"),
    ("traf*ing", "only a trailing * is a wildcard"),
])
def test_unparsable_input_becomes_plain_words_with_a_note(text, note):
    assert note in describe(parse(text))  # never raises


@pytest.mark.parametrize("text, expected", [
    ("trafficking children", "all of: trafficking, children"),
    ("trafficking children", "all of: trafficking, children"),
    ("Malian", "Malian (any name of Mali)"),
    ('"forced labour" -smuggling', '"forced labour" (exact); not smuggling'),
    ("year:2004..2008 tier:3", "all of: year 2004–2008, tier: Tier 3"),
    ("", "all documents"),
    ("the trafficking", "all of: the (too common to search for), trafficking"),
])
def test_describe_reads_the_query_back(text, expected):
    assert describe(parse(text), searchable=searchable) == expected


def test_describe_says_when_any_word_is_enough():
    assert describe(parse("trafficking children"), any_word=True) == "any of: trafficking, children"
    assert describe(parse("trafficking children tier:3 -smuggling"), any_word=True) == (
        "any of: trafficking, children; tier: Tier 3; not smuggling")


def test_a_quoted_phrase_is_one_phrase_node():
    assert isinstance(parse('"Ivory Coast"').tree, Phrase)
    assert isinstance(parse("Ivory Coast").tree, CountryName)


def test_fields_become_facet_names_with_normalised_values():
    tree = parse("country:Burma tier:2wl type:report year:2004..2008").tree
    assert tree == AllOf((FieldValue("country", "MMR"), FieldValue("tier", "Tier 2 Watch List"),
                          FieldValue("doc_type", "report"), YearRange(2004, 2008)))


def test_plain_words_lists_what_the_user_typed():
    assert plain_words(parse('trafficking "forced labour" Malian -smuggling traffick*')) == (
        "trafficking", '"forced labour"', "Malian", "traffick*")


def test_word_count_counts_the_words_and_phrases_required():
    assert word_count(parse('trafficking "forced labour" -smuggling tier:3')) == 2
    assert word_count(parse("")) == 0


def test_corrections_replace_words_and_recognise_countries_without_reading_text_again():
    parsed = parse("trafficing Nigerai")
    corrected = with_corrections(parsed, {"trafficing": "trafficking", "Nigerai": "Nigeria"})
    assert corrected.tree == AllOf((Word("trafficking"), CountryName("Nigeria", "NGA")))


@pytest.mark.parametrize("text, expected", [
    ("forced labour", "all of: forced, labour (also labor)"),
    ("Koran organisations", "all of: Koran (also quran), organisations (also organizations)"),
    ("forced labor", "all of: forced, labor"),
])
def test_the_summary_says_which_spellings_were_folded_together(text, expected):
    assert describe(parse(text), searchable=searchable) == expected
