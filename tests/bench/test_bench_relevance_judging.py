"""The relevance benchmark's judging: scoring one answer, the judgement files and the
collection they read, the report, the command line and the judging sheet."""
from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from relevance_text import TEXT

from bench.relevance import collection, judgements, metrics, report, runner

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


def test_report_gives_tantivys_ndcg_beside_fts5s_on_every_split():
    texts = {"a.md": TEXT, "b.md": ""}
    runs = {}
    for split in ("dev", "test"):
        need = _need(id=f"{split}-one")
        run = runner.Run(needs=judgements.Needs((need,), ()))
        run.outcomes[need.id] = {
            "refsearch": runner.score(need, _answer(("a.md", "")), {}, texts, False),
            "fts5": runner.score(need, _answer(("b.md", ""), ("a.md", "")), {}, texts, False),
            "tantivy": runner.score(need, _answer(("b.md", "")), {}, texts, False),
        }
        runs[split] = run
    text = report.markdown(runs)
    for title in ("## Development split", "## Test split (sealed)"):
        section = text.split(title, 1)[1].split("\n## ", 1)[0]
        table = section.split("### nDCG@10 against both baselines", 1)[1]
        assert "| needs | n | refsearch | FTS5 | tantivy | refsearch − FTS5 [95% CI] | W/L/T " \
               "| refsearch − tantivy [95% CI] | W/L/T |" in table
        assert "| **all needs** | 1 | 1.000 | 0.631 | 0.000 | +0.369 [+0.369, +0.369] | 1/0/0 | +1.000 [+1.000, +1.000] | 1/0/0 |" in table


def test_report_gives_a_class_both_kinds_use_one_row_per_kind():
    needs = (_need(id="o", cls="typo"), _need(id="h", kind="hard", cls="typo"),
             _need(id="p", kind="hard", cls="paraphrase"))
    texts = {"a.md": TEXT, "b.md": ""}
    run = runner.Run(needs=judgements.Needs(needs, ()))
    for need in needs:
        run.outcomes[need.id] = {engine: runner.score(need, _answer(("a.md", "89 percent")), {}, texts, False)
                                 for engine in runner.ENGINES}
    labels = [label for label, _ in report._groups(run)]
    assert labels == ["all needs", "ordinary", "hard", "typo (ordinary)", "typo (hard)", "paraphrase"]


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


def test_every_quotation_case_resolves_to_words_of_its_paragraph(corpus_documents):
    from bench.relevance.runner import quoted_text

    quoted = [c for c in judgements.load_citations() if c.quote]
    assert {c.form for c in quoted} == {"quotation"} and len(quoted) >= 5
    for case in quoted:
        text = quoted_text(case.quote, corpus_documents)
        assert len(text.split()) >= 10, case.id
        assert case.expect is None or case.expect == case.quote.file


def test_a_quotation_case_is_kept_as_its_place_not_its_words():
    """No text of the shared corpus is copied into the collection: a quotation of a corpus
    file is a file, a paragraph and a word range."""
    data = json.loads(judgements.CITATIONS_FILE.read_text(encoding="utf-8"))
    for item in data["cases"]:
        if item["form"] == "quotation" and item["expect"]:
            assert "text" not in item and set(item["quote"]) <= {"file", "at", "start", "words", "omit"}
