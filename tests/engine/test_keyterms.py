"""The key terms of "more like this" (``engine.keyterms``) are Whoosh's own, read from one table
of the index's word frequencies instead of a look-up per word."""
from __future__ import annotations

import pytest

from indexer.engine import keyterms
from indexer.engine.archive import open_index
from indexer.engine.schema import stored_document
from indexer.engine.similar import MORE_LIKE_THIS_TERMS, MORE_LIKE_THIS_TEXT


@pytest.fixture
def web_searcher(web_index):
    with open_index(web_index).searcher() as opened:
        yield opened


def _texts(searcher) -> list[str]:
    return [f"{doc.title or ''}\n{doc.text[:MORE_LIKE_THIS_TEXT]}"
            for doc in (stored_document(searcher.stored_fields(n)) for n in range(searcher.doc_count_all()))]


def test_the_key_terms_of_every_web_document_are_whooshs(web_searcher):
    for text in _texts(web_searcher):
        assert keyterms.key_terms(web_searcher, "body", text, MORE_LIKE_THIS_TERMS) == \
            web_searcher.key_terms_from_text("body", text, numterms=MORE_LIKE_THIS_TERMS)


def test_the_key_terms_of_every_real_document_are_whooshs(searcher):
    for text in _texts(searcher):
        assert keyterms.key_terms(searcher, "body", text, MORE_LIKE_THIS_TERMS) == \
            searcher.key_terms_from_text("body", text, numterms=MORE_LIKE_THIS_TERMS)


def test_every_indexed_word_has_its_index_frequency(web_searcher):
    reader = web_searcher.reader()
    words = [term.decode("utf-8") for term in reader.lexicon("body")]
    found = keyterms.index_frequencies(web_searcher, "body", words).tolist()
    assert found == [reader.frequency("body", word) for word in words]


@pytest.mark.parametrize("word", ["zzqxunheardof", "", "trafficking zzq"])
def test_a_word_the_index_never_holds_has_no_frequency(web_searcher, word):
    assert keyterms.index_frequencies(web_searcher, "body", [word]).tolist() == [0.0]


def test_a_text_without_indexed_words_has_no_key_terms(web_searcher):
    assert keyterms.key_terms(web_searcher, "body", "zzqxunheardof qqzzyx", MORE_LIKE_THIS_TERMS) == []
