"""Exact phrases found on position sets match and score exactly as Whoosh's phrase query."""
from __future__ import annotations

import pytest
from whoosh import query as wq

from indexer.engine.analysis import analyse
from indexer.engine.phrases import ExactPhrase, exact_phrases

PHRASES = [
    "forced labor",
    "trafficking in persons",   # a stop word inside: positions renumbered around it
    "human rights",
    "the government did not",
    "labor labor",              # a repeated word
    "persons trafficking",      # both words common, the order rare
    "sex trafficking victims",
    "qqzzxx trafficking",       # a word the index lacks
]


def run(searcher, query) -> list[tuple[int, float]]:
    results = searcher.search(query, limit=None, terms=False)
    return sorted((hit.docnum, round(hit.score, 9)) for hit in results)


@pytest.mark.parametrize("text", PHRASES)
@pytest.mark.parametrize("field", ["body", "title"])
def test_exact_phrase_finds_and_scores_what_whoosh_phrase_does(searcher, field, text):
    words = analyse(text)
    expected = run(searcher, wq.Phrase(field, words))
    assert run(searcher, ExactPhrase(field, words)) == expected
    if text == "forced labor" and field == "body":
        assert len(expected) > 3  # the comparison is not between two empty lists


def test_word_order_matters(searcher):
    forward = {d for d, _ in run(searcher, ExactPhrase("body", analyse("forced labor")))}
    backward = {d for d, _ in run(searcher, ExactPhrase("body", analyse("labor forced")))}
    assert forward and forward != backward


def test_boost_and_skipping_behave_as_in_whoosh(searcher):
    words = analyse("forced labor")
    boosted = run(searcher, ExactPhrase("body", words, boost=2.5))
    plain = run(searcher, wq.Phrase("body", words, boost=2.5))
    assert boosted == plain
    # stepping straight to a document (as filtered searches do) agrees with walking
    reader_matches = [d for d, _ in plain]
    target = reader_matches[len(reader_matches) // 2]
    matcher = ExactPhrase("body", words).matcher(searcher.leaf_searchers()[0][0], searcher.context())
    matcher.skip_to(target)
    assert matcher.is_active() and matcher.id() == target


def test_only_exact_phrases_are_swapped():
    loose = wq.Phrase("body", ["forced", "labor"], slop=3)
    query = wq.And([wq.Term("body", "child"), wq.Phrase("body", ["forced", "labor"]), loose])
    swapped = exact_phrases(query)
    assert [type(q) for q in swapped.subqueries] == [wq.Term, ExactPhrase, wq.Phrase]
    assert swapped.subqueries[2] is loose
