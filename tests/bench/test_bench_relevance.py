"""The relevance benchmark's own logic: measures, the FTS5 baseline, the judgement files.

Ranking quality is never asserted here (that is what ``bench/RELEVANCE.md``
reports); these tests pin that the measuring is right.
"""
from __future__ import annotations

import json
import math
from types import SimpleNamespace

import pytest

from bench.relevance import collection, judgements, metrics, report, runner
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


TEXT = ("Mali is large. The law prohibited FGM/C. According to UNICEF, 89 percent of women were cut. "
        "Girls married young. Wage laws existed.\nA second line about “morality police” in cities.")


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


# ---- scoring one answer --------------------------------------------------------------


def _need(**overrides) -> judgements.Need:
    values = dict(id="n", kind="ordinary", cls="keyword", query="q", want="w",
                  judgements={"a.md": judgements.Judgement(2, ("89 percent of women were cut",)),
                              "b.md": judgements.Judgement(0)})
    values.update(overrides)
    return judgements.Need(**values)


def _answer(*hits, suggestion=None):
    return SimpleNamespace(hits=tuple(SimpleNamespace(path=p, snippets=(s,)) for p, s in hits),
                           suggestion=suggestion, any_word=False)


def test_score_reads_the_first_hits_snippet_against_its_quoted_answer():
    texts = {"a.md": TEXT, "b.md": "Nothing here."}
    good = runner.score(_need(), _answer(("a.md", "89 percent"), ("b.md", "x")), {}, texts, True)
    assert (good.ndcg, good.rr, good.snippet) == (1.0, 1.0, True)
    wrong_first = runner.score(_need(), _answer(("b.md", "x"), ("a.md", "89 percent")), {}, texts, True)
    assert wrong_first.snippet is False and wrong_first.rr == 0.5


@pytest.mark.parametrize("expected, suggested, suggests, right", [
    ("Uyghurs", "uyghurs", True, True),
    ("Uyghurs", None, True, False),
    ("", None, True, True),            # a right word must not be corrected
    ("", "Hazards", True, False),
    (None, "anything", True, None),    # the need states no expectation
    ("Uyghurs", None, False, None),    # the engine offers no suggestions
])
def test_did_you_mean_is_right_only_against_a_stated_expectation(expected, suggested, suggests, right):
    outcome = runner.score(_need(did_you_mean=expected), _answer(suggestion=suggested), {}, {}, suggests)
    assert outcome.dym_right is right


# ---- the judgement files ----------------------------------------------------------------


@pytest.mark.parametrize("item, message", [
    ({"kind": "ordinary"}, "missing field 'id'"),
    ({"id": "x", "kind": "easy", "class": "keyword", "query": "q", "want": "w", "judgements": {"a": 2}},
     "kind"),
    ({"id": "x", "kind": "hard", "class": "keyword", "query": "q", "want": "w", "judgements": {"a": 2}},
     "not a hard class"),
    ({"id": "x", "kind": "ordinary", "class": "keyword", "query": "q", "want": "w", "judgements": {"a": 3}},
     "grade 3"),
    ({"id": "x", "kind": "ordinary", "class": "keyword", "query": "q", "want": "w", "judgements": {"a": 0}},
     "no document is judged relevant"),
    ({"id": "x", "kind": "ordinary", "class": "keyword", "query": "q", "want": "w",
      "judgements": {"a": {"grade": 0, "passages": ["p"]}}}, "graded 0"),
    ({"id": "x", "kind": "ordinary", "class": "keyword", "query": "q", "want": "w",
      "filters": {"colour": "red"}, "judgements": {"a": 2}}, "filters"),
])
def test_malformed_needs_are_refused_with_the_field_named(item, message):
    with pytest.raises(ValueError, match=message):
        judgements.parse_need(item)


def test_did_you_mean_null_means_no_suggestion_is_expected():
    item = {"id": "x", "kind": "hard", "class": "hard:did-you-mean", "query": "Hazaras", "want": "w",
            "did_you_mean": None, "judgements": {"a": 2}}
    assert judgements.parse_need(item).did_you_mean == ""
    del item["did_you_mean"]
    assert judgements.parse_need(item).did_you_mean is None


def test_the_collection_has_enough_needs_of_every_class():
    needs = judgements.load_needs()
    assert len(needs.needs) >= 80
    classes = {n.cls for n in needs.needs}
    assert set(judgements.HARD_CLASSES) <= classes
    assert {"ordinary", "hard"} == {n.kind for n in needs.needs}
    for need in needs.needs:
        assert all(j.grade in judgements.GRADES for j in need.judgements.values())


def test_the_citation_cases_have_positives_in_every_form_and_negatives():
    cases = judgements.load_citations()
    assert len(cases) >= 40
    forms = {c.form for c in cases if c.expect}
    assert {"refworld", "chicago", "apa", "bibtex", "ris", "csl-json", "url", "docid", "symbol"} <= forms
    assert sum(1 for c in cases if c.expect is None) >= 10
    for case in cases:
        if case.form == "csl-json":
            json.loads(case.text)


@pytest.fixture(scope="module")
def corpus_documents(corpus_dir):
    return {doc.path: doc for doc in collection.load(corpus_dir).documents}


def test_every_judged_and_cited_file_is_in_the_corpus(corpus_dir):
    needs = judgements.load_needs()
    named = {p for split in judgements.SPLITS for n in judgements.load_split(split).needs
             for p in n.judgements}
    named |= {p for group in needs.same_document for p in group}
    named |= {c.expect for c in judgements.load_citations() if c.expect}
    missing = sorted(p for p in named if not (corpus_dir / p).is_file())
    assert not missing


def test_every_quoted_passage_is_found_in_its_document(corpus_documents):
    quotes: dict[str, list[str]] = {}
    for need in (n for split in judgements.SPLITS for n in judgements.load_split(split).needs):
        for path, judgement in need.judgements.items():
            quotes.setdefault(path, []).extend(judgement.passages)
    lost = [path for path, found in quotes.items() if path in corpus_documents
            and len(metrics.answer_spans(corpus_documents[path].text, found)) != len(found)]
    assert not lost


def test_the_collection_reads_the_reports_the_seed_and_the_record_documents(corpus_documents):
    names = set(corpus_documents)
    assert sum(1 for p in names if p.startswith("hrr-2024")) == 42
    assert "seeds/000_68d998b4ddf15f34.txt" in names
    assert not any(p.endswith(("PROVENANCE.md", "README.md", "CITATION_EXAMPLES.md")) for p in names)
    assert set(f"{collection.RECORDS_DIR}/{n}" for n in collection.RECORD_DOCUMENTS) <= names


def test_the_record_of_the_seeds_page_carries_the_seeds_text(corpus_documents):
    for record, source in collection.TEXT_FROM.items():
        assert corpus_documents[record].text == corpus_documents[source].text
        assert corpus_documents[record].refworld_docid
        group = next(g for g in judgements.load_needs().same_document if record in g)
        assert source in group


@pytest.mark.parametrize("line, text", [
    ("Nigeria (Tier 2)", "Nigeria (Tier 2)"),
    ('(no heading; body starts directly with prose "In a 10 April 1997 interview, ...")',
     "In a 10 April 1997 interview, ..."),
    ('editorial note: "This is an unchanged reissue"', "This is an unchanged reissue"),
    ("(a description without quotes)", ""),
])
def test_a_record_gives_its_first_body_line_or_the_words_it_quotes(line, text):
    assert collection.record_text(line) == text


# ---- the report -------------------------------------------------------------------------


@pytest.mark.parametrize("path, name", [
    ("hrr-2024-more/somalia.md", "somalia"),
    ("refworld-records/09_old_tip2004_mali_same_as_seed.txt", "record 09"),
    ("seeds/000_68d998b4ddf15f34.txt", "seed"),
    ("pdf/mali-2024-human-rights-report.pdf", "mali-2024-human-rights-report (pdf)"),
])
def test_report_names_files_briefly(path, name):
    assert report.short(path) == name


def test_report_lists_each_need_refsearch_loses_and_the_citation_separation():
    need = _need(id="lost-one")
    texts = {"a.md": TEXT, "b.md": ""}
    run = runner.Run(needs=judgements.Needs((need,), ()))
    run.outcomes["lost-one"] = {
        "refsearch": runner.score(need, _answer(("b.md", ""), ("a.md", "")), {}, texts, True),
        "fts5": runner.score(need, _answer(("a.md", "89 percent")), {}, texts, False),
        "tantivy": runner.score(need, _answer(("a.md", "89 percent")), {}, texts, False),
    }
    case = judgements.CitationCase("c1", "docid", "4680d7a222", "a.md", "")
    negative = judgements.CitationCase("c2", "bare", "Mali", None, "a bare word")
    run.citations = [runner.CitationOutcome(case, (("a.md", 0.9, "found"),), 1, 0.9),
                     runner.CitationOutcome(negative, (("a.md", 0.95, "found"),), None, 0.95)]
    text = report.markdown({"dev": run})
    assert "| lost-one | keyword |" in text
    assert "Gap (lowest positive − highest negative): -0.05, they overlap." in text
    assert "| 0.90 | 1/1 | 1/1 |" in text and "| 0.95 | 0/1 | 1/1 |" in text
    assert "Positives whose document comes first as found: 1 of 1" in text
    assert "Negatives answered with a document found: 1 of 1" in text


# ---- the command line -------------------------------------------------------------------


@pytest.mark.parametrize("make_args, message", [
    (lambda tmp: ["--corpus", str(tmp / "nowhere")], "no corpus folder"),
    (lambda tmp: ["--corpus", str(tmp), "--needs", str(tmp / "absent")], "needs.json"),
])
def test_the_command_refuses_a_missing_corpus_or_needs_file(tmp_path, capsys, make_args, message):
    from bench.relevance import cli

    assert cli.main(make_args(tmp_path)) == 2
    assert message in capsys.readouterr().err


def test_bench_run_hands_relevance_to_the_relevance_command(monkeypatch, tmp_path):
    from bench.relevance import cli
    from bench.speed import run

    seen = []
    monkeypatch.setattr(cli, "main", lambda argv: seen.append(argv) or 0)
    assert run.main(["--relevance", "--out", str(tmp_path)]) == 0
    assert run.main(["--relevance", "--out", str(tmp_path), "--results", str(tmp_path / "R.md")]) == 0
    assert seen == [["--work", str(tmp_path / "relevance")],
                    ["--work", str(tmp_path / "relevance"), "--results", str(tmp_path / "R.md")]]


# ---- the judging sheet ------------------------------------------------------------------


def test_the_sheet_shows_the_sentences_sharing_most_query_words():
    from bench.relevance.sheet import best_sentences

    text = "Gold was found. Children worked in gold mines. Rain fell.\nMines closed."
    assert best_sentences(text, "children gold mines") == [
        "Children worked in gold mines.", "Gold was found.", "Mines closed."]


def test_the_sheet_lists_only_documents_no_judgement_covers():
    from bench.relevance import sheet

    need = _need(id="n1")
    texts = {"a.md": TEXT, "b.md": "", "c.md": "Nothing about it.", "copy.md": TEXT}
    run = runner.Run(needs=judgements.Needs((need,), (("a.md", "copy.md"),)), texts=texts)
    key_of = run.needs.key_of()
    run.outcomes["n1"] = {
        "refsearch": runner.score(need, _answer(("copy.md", ""), ("c.md", "")), key_of, texts, True),
        "fts5": runner.score(need, _answer(("c.md", ""), ("b.md", "")), key_of, texts, False),
        "tantivy": runner.score(need, _answer(), key_of, texts, False),
    }
    assert sheet.unjudged_pool(run) == {"n1": [("c.md", "refsearch", 2)]}
    assert "### c.md (refsearch rank 2)" in sheet.markdown(run)
