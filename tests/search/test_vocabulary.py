"""Vocabulary learned from the archive, typos and questions, on the real reports of the corpus.

Acronyms come from the reports' own definitions, hyphenated and closed spellings find each
other, a misspelt inflection is compared with every form of its word, a word the archive
holds or an acronym in capitals is never replaced silently, question words do not decide
what is found, and a country inside another entity's name is not that country.
"""
from __future__ import annotations

import re

import pytest
from conftest import make_document
from whoosh import query as wq

from indexer.archive import open_archive
from indexer.build import write_index
from indexer.engine.acronyms import definitions
from indexer.engine.analysis import indexed_positions, learned_positions, word_positions
from indexer.engine.names import in_name
from indexer.engine.proximity import pair_query
from indexer.querylang import AllOf, AnyOf, Parsed, Word
from indexer.records import Country, SearchRequest
from indexer.request import parse_request


def search(archive, query: str):
    return archive.search(parse_request({"q": query, "per_page": "100"}))


def found(archive, query: str) -> set[str]:
    return {hit.id for hit in search(archive, query).hits}


def holding(documents, pattern: str) -> set[str]:
    """The ids of the documents whose text matches ``pattern`` (case aside)."""
    return {doc.id for doc in documents if re.search(pattern, doc.text, re.IGNORECASE)}


@pytest.mark.parametrize("text, expected", [
    ("assisted internally displaced persons (IDPs) in camps", ("idp", "internally displaced persons")),
    ("the Rapid Support Forces (RSF) attacked", ("rsf", "rapid support forces")),
    ("The law prohibited female genital mutilation/cutting (FGM/C)", ("fgm", "female genital mutilation cutting")),
    ("Local nongovernmental organizations (NGOs) said", ("ngo", "nongovernmental organizations")),
])
def test_definitions_are_read_as_the_text_writes_them(text, expected):
    assert expected in definitions(text)


@pytest.mark.parametrize("text", ["He was 45 (NB) years old.", "They met in Paris (France).", "(UN)"])
def test_a_parenthesis_that_defines_nothing_is_not_a_definition(text):
    assert definitions(text) == set()


def test_an_acronym_the_reports_define_finds_documents_that_only_write_its_long_form(archive, search_documents):
    expected = holding(search_documents, r"\bIDPs?\b|internally displaced persons?\b")
    assert holding(search_documents, r"internally displaced persons?\b") - holding(search_documents, r"\bIDPs?\b")
    assert found(archive, "IDPs") == expected


def test_a_long_form_finds_documents_that_only_write_the_acronym(tmp_path, search_documents):
    nigeria = next(doc for doc in search_documents if "(IDPs)" in doc.text)
    camp = make_document(id="camp", title="Camp visit", text="IDPs in the camp lacked water.",
                         path="written/camp.txt")
    write_index(tmp_path, [nigeria, camp])
    with open_archive(tmp_path) as opened:
        hits = opened.search(SearchRequest(query="internally displaced persons")).hits
        assert {hit.id for hit in hits} == {nigeria.id, "camp"}


@pytest.mark.parametrize("closed, hyphenated", [("makeshift", "make-shift"), ("postelection", "post-election")])
def test_hyphenated_and_closed_spellings_find_each_other(archive, search_documents, closed, hyphenated):
    expected = holding(search_documents, rf"\b{closed}\b|\b{hyphenated}\b")
    assert holding(search_documents, rf"\b{hyphenated}\b") - holding(search_documents, rf"\b{closed}\b")
    assert holding(search_documents, rf"\b{closed}\b") - holding(search_documents, rf"\b{hyphenated}\b")
    assert found(archive, closed) == expected
    assert found(archive, hyphenated) == expected


@pytest.mark.parametrize("typed, word", [
    ("harrasment", "harassment"), ("intimidatted", "intimidated"), ("disapeared", "disappeared"),
    ("persecusion", "persecution"),
])
def test_a_misspelt_inflection_is_searched_as_its_own_form(archive, typed, word):
    results = search(archive, typed)
    assert results.suggestion == word
    assert results.notice == f"No document contains all of {typed}; showing documents for {word}"
    assert results.total > 0


@pytest.mark.parametrize("query, searched", [("alter harrassed", "alter harassed"), ("annul harrassed", "annul harassed")])
def test_a_word_the_archive_holds_is_never_replaced_while_a_typo_beside_it_is(archive, query, searched):
    assert search(archive, query).notice.endswith(f"showing documents for {searched}")


def test_an_acronym_in_capitals_is_never_corrected(archive):
    results = search(archive, "RSS")
    assert (results.suggestion, results.notice, results.total) == (None, None, 0)


def test_the_any_word_fallback_does_not_count_stop_words(archive, search_documents):
    results = search(archive, "may yet zanzibarquux Tigray")
    assert results.notice.endswith("showing documents with most of them")
    assert {hit.id for hit in results.hits} == holding(search_documents, r"\bTigray\b")
    assert all(hit.missing == ("zanzibarquux",) for hit in results.hits)


@pytest.mark.parametrize("question, words", [
    ("how are Eritrean asylum seekers treated in Ethiopia", "Eritrean asylum seekers treated Ethiopia"),
    ("what happened to protesters after the Venezuelan presidential election",
     "happened protesters Venezuelan presidential election"),
    ("which countries deport Afghan refugees", "countries deport Afghan refugees"),
])
def test_question_words_do_not_decide_what_is_found(archive, question, words):
    asked, plain = search(archive, question), search(archive, words)
    assert [hit.id for hit in asked.hits] == [hit.id for hit in plain.hits]
    assert "question and filler words not searched for" in asked.interpreted_query


def test_a_query_of_question_words_only_is_searched_as_typed(archive):
    assert "not searched for" not in search(archive, "what about").interpreted_query


def test_a_demonym_inside_an_army_s_name_is_indexed_as_a_name(corpus_dir):
    text = (corpus_dir / "hrr-2024-more" / "sudan.md").read_text(encoding="utf-8")
    positions = indexed_positions(text)
    named, plain = positions["sudanes#name"], positions["sudanes"]
    assert len(named) >= text.count("Sudanese Armed Forces")
    assert sorted(named + plain) == word_positions(text)["sudanes"]


NAMES = [
    make_document(id="army", title="Border report", text="The Kenya Defence Forces patrolled the border town.",
                  countries=(Country("Somalia", "SOM"),), path="written/army.txt"),
    make_document(id="hosts", title="Camp report", text="Kenya hosted refugees from the border town.",
                  countries=(Country("Somalia", "SOM"),), path="written/hosts.txt"),
]


@pytest.mark.parametrize("query, expected", [
    ("Kenya border town", {"hosts"}),
    ("Kenyan border town", {"hosts"}),
    ('"Kenya Defence Forces"', {"army"}),
    ("Defence Forces border", {"army"}),
])
def test_a_country_never_matches_inside_another_entity_s_name(tmp_path, query, expected):
    write_index(tmp_path, NAMES)
    with open_archive(tmp_path) as opened:
        # The documents holding every word (those holding some follow them, saying what they lack).
        hits = opened.search(SearchRequest(query=query)).hits
        assert {hit.id for hit in hits if not hit.missing} == expected


def test_indexing_keeps_every_word_where_the_analyser_puts_it(search_documents):
    for document in search_documents[:20]:
        words, indexed = word_positions(document.text), indexed_positions(document.text)
        learned = learned_positions(document.text)
        for term, places in words.items():
            if term not in learned:
                assert sorted(indexed.get(term, []) + indexed.get(in_name(term), [])) == places, term


def test_two_typed_words_also_find_their_closed_spelling(archive, search_documents):
    closed = holding(search_documents, r"\bpostelection\b")
    assert closed - holding(search_documents, r"\bpost\b")
    assert closed <= found(archive, "post election")


def test_words_an_expansion_keeps_still_count_as_standing_together():
    typed = AllOf((AnyOf((AllOf((Word("air"), Word("strikes"))), Word("airstrikes"))), Word("civilians")))
    pairs = pair_query(Parsed(typed))
    assert wq.Phrase("body", ["air", "strike"]) in pairs.subqueries
    assert wq.Phrase("body", ["strike", "civilian"]) in pairs.subqueries
