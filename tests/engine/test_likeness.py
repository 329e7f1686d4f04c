"""The documents like one (``engine.likeness``) are exactly those a whole match of its words
ranks best, though the common words' postings are read only where they can matter."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import make_document
from segments import WRITERS, four_segment_index
from whoosh import query as wq

from indexer.build import write_index
from indexer.engine import likeness
from indexer.engine.archive import open_index
from indexer.engine.likeness import WeightedWord, best_matches
from indexer.engine.ranking import match_arrays
from indexer.engine.schema import stored_document
from indexer.engine.scoresets import best, without
from indexer.engine.similar import similar_query

LIMIT = 25   # the documents a page ranks: the ones it lists and those its copies are looked for in


@pytest.fixture(scope="module", params=list(WRITERS))
def segmented_searcher(request, tmp_path_factory, search_documents):
    """The search documents in four segments of tiny posting blocks, some replaced (deleted and
    added again), written by Whoosh's writer, refsearch's (with array files) or both."""
    folder = tmp_path_factory.mktemp("likeness")
    index = four_segment_index(folder, request.param, search_documents)
    with index.searcher() as searcher:
        assert len(searcher.leaf_searchers()) == 4 and searcher.reader().has_deletions()
        yield searcher


def _words(query: wq.Or) -> list[WeightedWord]:
    return [WeightedWord(term.fieldname, term.text, term.boost) for term in query.subqueries]


def _whole_match(searcher, query, docnum: int):
    """The ranking as a search makes it: every posting of every word read."""
    return best(without(match_arrays(searcher, query), np.array([docnum])), LIMIT)


def _assert_ranks_like_a_whole_match(searcher, docnums) -> None:
    for docnum in docnums:
        query = similar_query(searcher, stored_document(searcher.stored_fields(docnum)))
        found = best_matches(searcher, _words(query), LIMIT, docnum)
        expected = _whole_match(searcher, query, docnum)
        assert found.docs.tolist() == expected.docs.tolist()
        assert found.scores.tolist() == expected.scores.tolist()   # the very same sums


def test_every_segment_layout_ranks_the_documents_like_one_as_a_whole_match(segmented_searcher):
    reader = segmented_searcher.reader()
    live = [n for n in range(segmented_searcher.doc_count_all()) if not reader.is_deleted(n)]
    _assert_ranks_like_a_whole_match(segmented_searcher, live[::5])


def test_the_documents_like_each_real_document_are_those_a_whole_match_ranks(searcher):
    _assert_ranks_like_a_whole_match(searcher, range(searcher.doc_count_all()))


def _doc(n: int, text: str):
    return make_document(id=f"doc{n:03d}", title=f"Note {n}", text=text, path=f"notes/{n}.txt")


@pytest.fixture(scope="module")
def common_word_searcher(tmp_path_factory):
    """Sixty notes that all say "report"; six of them also name a rare place."""
    folder = tmp_path_factory.mktemp("common-word")
    docs = [_doc(n, f"The report of week {n} is filed." + (" Zanzibar ferries." if n % 10 == 0 else ""))
            for n in range(60)]
    write_index(folder, docs)
    with open_index(folder).searcher() as searcher:
        yield searcher


def test_a_common_word_is_read_only_at_the_documents_the_rare_ones_found(common_word_searcher, monkeypatch):
    searcher = common_word_searcher
    words = [WeightedWord("body", "zanzibar", 1.0), WeightedWord("body", "report", 0.01)]
    reads: list[tuple[str, int | None]] = []
    scores = likeness._scores

    def recorded(found, leaves, only):
        reads.append((found.segments[0][1].text.decode(), None if only is None else len(only)))
        return scores(found, leaves, only)

    monkeypatch.setattr(likeness, "_scores", recorded)
    found = best_matches(searcher, words, 3)
    query = wq.Or([wq.Term(w.fieldname, w.text, boost=w.weight) for w in words])
    assert reads == [("zanzibar", None), ("report", 6)]
    assert found.docs.tolist() == best(match_arrays(searcher, query), 3).docs.tolist()


def test_too_few_documents_found_by_the_rare_words_has_every_word_read_whole(common_word_searcher, monkeypatch):
    searcher = common_word_searcher
    words = [WeightedWord("body", "zanzibar", 1.0), WeightedWord("body", "report", 0.01)]
    wanted: list[object] = []
    scores = likeness._scores

    def recorded(found, leaves, only):
        wanted.append(only)
        return scores(found, leaves, only)

    monkeypatch.setattr(likeness, "_scores", recorded)
    found = best_matches(searcher, words, 10)
    assert wanted == [None, None] and len(found) == 10


@pytest.mark.parametrize("word", [WeightedWord("body", "qqzzxxyy", 1.0), WeightedWord("nosuchfield", "report", 1.0)])
def test_a_word_the_index_does_not_hold_adds_nothing(common_word_searcher, word):
    searcher = common_word_searcher
    alone = best_matches(searcher, [WeightedWord("body", "zanzibar", 1.0)], 5)
    found = best_matches(searcher, [WeightedWord("body", "zanzibar", 1.0), word], 5)
    assert found.docs.tolist() == alone.docs.tolist() and found.scores.tolist() == alone.scores.tolist()
