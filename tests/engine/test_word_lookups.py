"""Scoring a word on a segment looks it up in the segment's term table once.

A results page scores every word of its query in every field on every
segment; Whoosh's scorer looked a word up four times (is it there, its term
information for the scorer, its document count, its postings), which on a
small archive was much of what a match cost. The scores stay Whoosh's
(``test_ranking``, ``test_page_oracle``); here the look-ups are counted.
"""
from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from segments import bodies_index
from whoosh.codec.whoosh3 import W3TermsReader

from indexer.engine.compile import build_query
from indexer.engine.ranking import match_scores
from indexer.engine.searching import executable
from indexer.engine.wordplaces import _positions
from indexer.querylang import parse

# Each segment's bodies: "lawyers" in many documents, "market" in one of each of the two
# first segments (its postings then lie in its term information), "labour" in every body.
SEGMENTS = (("lawyers market labour", "lawyers labour", "labour lawyers", "lawyers labour market"),
            ("labour", "lawyers labour", "lawyers labour", "lawyers labour"),
            ("labour market", "lawyers labour market", "labour", "labour"))
LOOK_UPS = ("__contains__", "term_info", "doc_frequency", "frequency", "matcher")


@pytest.fixture
def searcher(tmp_path, document_factory):
    ix = bodies_index(tmp_path, SEGMENTS, document_factory, title="A report")
    with ix.searcher() as found:
        yield found


@pytest.fixture
def look_ups(monkeypatch) -> Counter:
    """How many times each (segment's terms, field, word) is looked up."""
    counted: Counter = Counter()
    for name in LOOK_UPS:
        original = getattr(W3TermsReader, name)

        def counting(self, *args, _original=original):
            fieldname, text = args[0] if len(args) == 1 else args[:2]
            counted[(id(self), fieldname, text)] += 1
            return _original(self, *args)

        monkeypatch.setattr(W3TermsReader, name, counting)
    return counted


# Words that must all be there are looked up once more, for their document counts, to
# read the rarest first (``ranking.most_matches``).
@pytest.mark.parametrize(("query", "most"), [("lawyers", 1), ("lawyers labour", 2), ('"lawyers labour"', 1),
                                             ("labour OR market", 1)])
def test_a_word_is_looked_up_once_a_segment_and_field_when_a_query_is_scored(searcher, look_ups, query, most):
    words = executable(build_query(parse(query)), searcher)
    match_scores(searcher, words)  # the searcher keeps each word's IDF, counted over every segment
    look_ups.clear()
    scores = match_scores(searcher, words)
    assert scores
    assert look_ups and max(look_ups.values()) == most, look_ups


def test_the_positions_of_a_page_s_words_are_looked_up_once_a_segment(searcher, look_ups):
    for leaf, _offset in searcher.leaf_searchers():
        reader = leaf.reader()
        look_ups.clear()
        found = _positions(reader, ["labour", "lawyer"], np.arange(reader.doc_count_all()))
        assert found
        assert look_ups and max(look_ups.values()) == 1, look_ups
