"""The relevance benchmark's measuring: nDCG, reciprocal rank and success over graded
judgements, finding the quoted answer in a snippet, and the FTS5 baseline it compares with.

Ranking quality is never asserted here (that is what ``bench/RELEVANCE.md``
reports); these tests pin that the measuring is right."""
from __future__ import annotations

import math

import pytest
from relevance_text import TEXT

from bench.relevance import metrics
from bench.relevance.baseline import Baseline, terms
from indexer.records import Country
from tests.conftest import make_document

LOG2_3 = math.log2(3)


# ---- measures -------------------------------------------------------------------


@pytest.mark.parametrize("gains, judged, expected", [
    ([2, 1, 0], [2, 1], 1.0),                                   # ideal order
    ([1, 2], [2, 1], (1 + 2 / LOG2_3) / (2 + 1 / LOG2_3)),      # swapped
    ([0, 2], [2], (2 / LOG2_3) / 2),                            # relevant second
    ([0, 0, 0], [2, 1], 0.0),                                   # nothing relevant shown
    ([2], [2, 2], 2 / (2 + 2 / LOG2_3)),                        # a relevant document missing
    ([0], [0, 0], 0.0),                                         # no relevant document judged
    ([0] * 10 + [2], [2], 0.0),                                 # rank 11 is past the cutoff
])
def test_ndcg_uses_graded_gains_log2_discount_and_all_judged_grades(gains, judged, expected):
    assert metrics.ndcg(gains, judged) == pytest.approx(expected)


@pytest.mark.parametrize("gains, rr, s1, s3", [
    ([2, 0, 0], 1.0, True, True),
    ([0, 1, 0], 0.5, False, True),
    ([0, 0, 0, 2], 0.25, False, False),
    ([0] * 10 + [2], 0.0, False, False),
    ([], 0.0, False, False),
])
def test_reciprocal_rank_and_success_count_any_relevant_grade(gains, rr, s1, s3):
    assert metrics.reciprocal_rank(gains) == rr
    assert metrics.success(gains, 1) is s1
    assert metrics.success(gains, 3) is s3


def test_a_second_copy_of_a_document_earns_nothing_and_unjudged_files_are_listed():
    key_of = {"seed.txt": "seed.txt", "copy.txt": "seed.txt"}
    graded = metrics.grade_ranking(["copy.txt", "seed.txt", "other.txt", "mali.md"],
                                   {"seed.txt": 2, "mali.md": 1}, key_of)
    assert graded.gains == (2, 0, 0, 1)
    assert graded.keys == ("seed.txt", "seed.txt", "other.txt", "mali.md")
    assert graded.unjudged == ("other.txt",)


def test_unjudged_files_are_counted_only_in_the_top_ten():
    paths = [f"d{i}.md" for i in range(12)]
    graded = metrics.grade_ranking(paths, {"d0.md": 2}, {})
    assert graded.unjudged == tuple(paths[1:10])


def test_a_duplicate_group_takes_the_best_grade_of_its_files():
    key_of = {"a.txt": "a.txt", "b.pdf": "a.txt"}
    assert metrics.group_grades({"a.txt": 1, "b.pdf": 2, "c.md": 0}, key_of) == {"a.txt": 2, "c.md": 0}


@pytest.mark.parametrize("snippet, shown", [
    ("…According to UNICEF, <mark>89</mark> percent of women were…", True),     # the quoted sentence
    ("…The law prohibited <mark>FGM/C</mark>…", True),                         # one sentence before
    ("Girls married &amp; young…".replace("&amp; ", ""), True),                # one sentence after
    ("Wage laws existed.", False),                                             # two sentences after
    ("Mali is large.", False),                                                 # two sentences before
    ("…about “<mark>morality</mark> police” in cities.", False),               # another line
    ("", False),
])
def test_the_first_snippet_shows_the_answer_when_it_overlaps_the_quoted_sentence_or_a_neighbour(
        snippet, shown):
    assert metrics.snippet_shows_answer(snippet, TEXT, ["89 percent of women were cut"]) is shown


def test_a_quote_that_is_not_in_the_document_locates_no_answer():
    assert metrics.answer_spans(TEXT, ["a sentence nobody wrote"]) == []
    assert metrics.snippet_shows_answer("Mali is large.", TEXT, ["a sentence nobody wrote"]) is False


def test_answers_are_found_across_curly_quotes_and_spacing():
    assert metrics.snippet_shows_answer('…about "morality   police" in cities', TEXT,
                                        ["about “morality police” in cities"])


# ---- the FTS5 baseline ------------------------------------------------------------

BASE_DOCS = [
    make_document(id="b1", path="b1.txt", title="Gold mines of Mali", tier="Tier 2",
                  text="Children worked in the rice fields.", published="2008-06-04"),
    make_document(id="b2", path="b2.txt", title="Report on Nigeria", tier="Tier 3",
                  countries=(Country("Nigeria", "NGA"),), published="2012-01-01", report_year=2012,
                  text="Gold mines employed children. Rice fields were flooded."),
    make_document(id="b3", path="b3.txt", title="Report on Niger", tier=None,
                  countries=(Country("Niger", "NER"),), published="2016", report_year=None,
                  text="Qur'an schools and the 1951 Convention."),
]


@pytest.fixture
def baseline():
    engine = Baseline(BASE_DOCS)
    yield engine
    engine.close()


def paths(answer) -> list[str]:
    return [hit.path for hit in answer.hits]


@pytest.mark.parametrize("query, expected, any_word", [
    ("gold children", ["b1.txt", "b2.txt"], False),       # all words, title weighted above body
    ("gold flooded", ["b2.txt"], False),                   # all words required
    ("gold zanzibar", ["b1.txt", "b2.txt"], True),         # none has both: any word
    ("zanzibar", [], False),                               # one word: no fallback
    ('"rice fields" flooded', ["b2.txt"], False),          # a quoted phrase is a phrase
    ('"fields rice"', [], False),
    ("Qur'an", ["b3.txt"], False),                         # the tokenizer splits the apostrophe
    ("1951 convention", ["b3.txt"], False),                # numbers are words
    ("", [], False),
])
def test_baseline_requires_every_word_and_falls_back_to_any_word(baseline, query, expected, any_word):
    answer = baseline.search(query)
    assert paths(answer) == expected
    assert answer.any_word is any_word
    assert answer.suggestion is None


@pytest.mark.parametrize("filters, expected", [
    ({"country": ["NGA"]}, ["b2.txt"]),
    ({"tier": ["Tier 2"]}, ["b1.txt"]),
    ({"year": ["2012"]}, ["b2.txt"]),
    ({"from": ["2010"], "to": ["2013"]}, ["b2.txt"]),
    ({"country": ["NER"]}, []),
])
def test_baseline_filters_on_the_documents_metadata(baseline, filters, expected):
    assert paths(baseline.search("gold", filters)) == expected


def test_baseline_fallback_respects_filters(baseline):
    answer = baseline.search("gold zanzibar", {"country": ["NGA"]})
    assert paths(answer) == ["b2.txt"] and answer.any_word


def test_baseline_snippets_are_escaped_html_with_marks(baseline):
    snippet = baseline.search("flooded").hits[0].snippets[0]
    assert "<mark>flooded</mark>" in snippet and "\x01" not in snippet


@pytest.mark.parametrize("query, expected", [
    ('gold "rice fields"', ['"gold"', '"rice fields"']),
    ('say "it', ['"say"', '"""it"']),   # a stray quote is doubled, never breaks the syntax
    ("- ? gold", ['"gold"']),
])
def test_baseline_terms_quote_every_word_and_keep_phrases(query, expected):
    assert terms(query) == expected


def test_baseline_survives_unbalanced_quotes(baseline):
    assert paths(baseline.search('gold "rice')) == ["b1.txt", "b2.txt"]
