"""The relevance benchmark's measuring side: splits, tantivy, bootstrap intervals, the blind pool.

As in ``test_bench_relevance``, no ranking quality is asserted: these tests
pin that the needs are read, the engines asked and the figures computed
the way ``bench/README.md`` says.
"""
from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from bench.relevance import bootstrap, judgements, runner
from bench.relevance.pool import pool, pooled_documents
from bench.relevance.tantivy_engine import TantivyBaseline, terms
from indexer.records import Country
from tests.conftest import make_document

DEV_NEED = {"id": "d1", "kind": "ordinary", "class": "keyword", "query": "gold", "want": "w",
            "judgements": {"a.md": 2}}
TEST_NEED = {"id": "t1", "class": "paraphrase", "query": "gold", "want": "w",
             "judgements": {"a.md": {"grade": 2, "passages": ["gold"]}, "b.md": 0}}


def write_json(path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.fixture
def splits(tmp_path):
    """A folder of splits: a dev file with a copy group, and a test split of two files."""
    write_json(tmp_path / "dev" / "needs.json",
               {"same_document": [["a.md", "a.pdf"]], "needs": [DEV_NEED]})
    write_json(tmp_path / "test" / "needs-t1.json", {"needs": [TEST_NEED]})
    write_json(tmp_path / "test" / "needs-t2.json", {"needs": [dict(TEST_NEED, id="t2")]})
    (tmp_path / "test" / "notes.json").write_text("not needs", encoding="utf-8")
    return tmp_path


# ---- the split loader ---------------------------------------------------------------------


@pytest.mark.parametrize("item, kind, cls", [
    (DEV_NEED, "ordinary", "keyword"),
    (dict(DEV_NEED, kind="hard", **{"class": "paraphrase"}), "hard", "paraphrase"),
    (TEST_NEED, None, "paraphrase"),
    (dict(TEST_NEED, filters={"country": "CUB"}), None, "paraphrase"),
])
def test_a_need_is_read_in_the_development_form_with_kind_and_in_the_test_form_without(item, kind, cls):
    need = judgements.parse_need(item)
    assert (need.kind, need.cls) == (kind, cls)


@pytest.mark.parametrize("item, message", [
    (dict(TEST_NEED, **{"class": "hard:acronyms"}), "not a test-split class"),
    (dict(DEV_NEED, **{"class": "paraphrase"}), "not a ordinary class"),
])
def test_a_class_foreign_to_the_needs_form_is_refused(item, message):
    with pytest.raises(ValueError, match=message):
        judgements.parse_need(item)


def test_the_test_split_is_every_needs_file_of_its_folder(splits):
    assert [p.name for p in judgements.split_files("test", splits)] == ["needs-t1.json", "needs-t2.json"]
    assert [n.id for n in judgements.load_split("test", splits).needs] == ["t1", "t2"]


def test_the_development_copy_groups_apply_to_the_test_split(splits):
    needs = judgements.load_split("test", splits)
    assert needs.key_of() == {"a.md": "a.md", "a.pdf": "a.md"}


def test_a_need_id_repeated_across_the_test_files_is_refused(splits):
    write_json(splits / "test" / "needs-t3.json", {"needs": [TEST_NEED]})
    with pytest.raises(ValueError, match="need ids repeat"):
        judgements.load_split("test", splits)


def test_a_malformed_test_file_is_named(splits):
    write_json(splits / "test" / "needs-t3.json", {"needs": [dict(TEST_NEED, id="t3", judgements={})]})
    with pytest.raises(ValueError, match="needs-t3.json: need t3"):
        judgements.load_split("test", splits)


@pytest.mark.parametrize("split, message", [("test", "no needs-"), ("train", "no split 'train'")])
def test_a_missing_split_is_refused(tmp_path, split, message):
    write_json(tmp_path / "dev" / "needs.json", {"needs": [DEV_NEED]})
    with pytest.raises(ValueError, match=message):
        judgements.load_split(split, tmp_path)


def test_the_sealed_split_loads_from_its_files_with_the_test_classes():
    needs = judgements.load_split("test")
    assert len(judgements.split_files("test")) >= 2
    assert {n.cls for n in needs.needs} == set(judgements.TEST_CLASSES)
    assert all(n.kind is None for n in needs.needs)


# ---- pooled judgements ----------------------------------------------------------------------


def test_pooled_grades_fill_the_gaps_of_the_writers_judgements(splits):
    write_json(splits / "test" / judgements.POOL_FILE,
               {"t1": {"c.md": 1, "d.md": {"grade": 2, "passages": ["gold"]}}})
    needs = judgements.load_split("test", splits)
    t1 = needs.needs[0].judgements
    assert t1["c.md"] == judgements.Judgement(1)
    assert t1["d.md"] == judgements.Judgement(2, ("gold",))
    assert needs.pooled == 2


def test_a_pooled_grade_never_overrides_the_writers_nor_reaches_a_copy_of_a_judged_document(splits):
    write_json(splits / "test" / judgements.POOL_FILE, {"t1": {"b.md": 2, "a.pdf": 0}})
    needs = judgements.load_split("test", splits)
    assert needs.needs[0].judgements == judgements.parse_need(TEST_NEED).judgements
    assert needs.pooled == 0


@pytest.mark.parametrize("pooled, message", [
    ({"t9": {"c.md": 1}}, "needs the split does not have: t9"),
    ({"t1": {"c.md": 3}}, "grade 3"),
    ({"t1": {"c.md": {"grade": 0, "passages": ["x"]}}}, "graded 0"),
    ([1, 2], "expected"),
])
def test_malformed_pooled_judgements_are_refused(splits, pooled, message):
    write_json(splits / "test" / judgements.POOL_FILE, pooled)
    with pytest.raises(ValueError, match=message):
        judgements.load_split("test", splits)


def test_a_splits_pooled_judgements_do_not_reach_the_other_split(splits):
    write_json(splits / "test" / judgements.POOL_FILE, {"t1": {"c.md": 1}})
    assert judgements.load_split("dev", splits).pooled == 0


# ---- the tantivy baseline ---------------------------------------------------------------------

DOCS = [
    make_document(id="b1", path="b1.txt", title="Gold mines of Mali", tier="Tier 2",
                  text="Children worked in the rice fields.", published="2008-06-04"),
    make_document(id="b2", path="b2.txt", title="Report on Nigeria", tier="Tier 3",
                  countries=(Country("Nigeria", "NGA"),), published="2012-01-01", report_year=2012,
                  text="Gold mines employed children. Rice fields were flooded."),
    make_document(id="b3", path="b3.txt", title="Report on Niger", tier=None,
                  countries=(Country("Niger", "NER"),), published="2016", report_year=None,
                  text="Qur'an schools and the 1951 Convention."),
]


@pytest.fixture(scope="module")
def peer():
    return TantivyBaseline(DOCS)


def paths(answer) -> list[str]:
    return [hit.path for hit in answer.hits]


@pytest.mark.parametrize("query, expected, any_word", [
    ("gold children", ["b1.txt", "b2.txt"], False),       # all words, title weighted above body
    ("gold flooding", ["b2.txt"], False),                  # all words required, stemmed
    ("gold zanzibar", ["b1.txt", "b2.txt"], True),         # none has both: any word
    ("zanzibar", [], False),                               # one word: no fallback
    ('"rice fields" flooded', ["b2.txt"], False),          # a quoted phrase is a phrase
    ('"fields rice"', [], False),
    ("Qur'an", ["b3.txt"], False),
    ("1951 conventions", ["b3.txt"], False),
    ('gold "rice', ["b1.txt", "b2.txt"], False),           # a stray quote breaks nothing
    ("+gold -children", ["b1.txt", "b2.txt"], False),      # query syntax is read as words
    ("", [], False),
])
def test_tantivy_requires_every_word_and_falls_back_to_any_word(peer, query, expected, any_word):
    answer = peer.search(query)
    assert paths(answer) == expected
    assert answer.any_word is any_word
    assert answer.suggestion is None


@pytest.mark.parametrize("filters, expected", [
    ({"country": ["NGA"]}, ["b2.txt"]),
    ({"tier": ["Tier 2"]}, ["b1.txt"]),
    ({"from": ["2010"], "to": ["2013"]}, ["b2.txt"]),
    ({"country": ["NER"]}, []),
])
def test_tantivy_filters_on_the_documents_metadata(peer, filters, expected):
    assert paths(peer.search("gold", filters)) == expected


def test_tantivy_keeps_the_limit_and_its_snippets_mark_the_words(peer):
    assert paths(peer.search("gold children", limit=1)) == ["b1.txt"]
    snippet = peer.search("flooded").hits[0].snippets[0]
    assert "<mark>flooded</mark>" in snippet and "<b>" not in snippet


@pytest.mark.parametrize("query, expected", [
    ('gold "rice fields"', ['"gold"', '"rice fields"']),
    ('say "it', ['"say"', '"it"']),
    ("- ? _ gold\\", ['"gold"']),
])
def test_tantivy_terms_quote_every_word_and_keep_phrases(query, expected):
    assert terms(query) == expected


# ---- the paired bootstrap ---------------------------------------------------------------------


def test_identical_engines_differ_by_an_interval_of_zero():
    scores = [0.2, 0.9, 0.5, 1.0, 0.0]
    c = bootstrap.paired_bootstrap(scores, scores)
    assert (c.mean, c.low, c.high) == (0.0, 0.0, 0.0)
    assert (c.won, c.lost, c.tied) == (0, 0, 5)


def test_an_engine_better_on_every_need_has_an_interval_above_zero():
    c = bootstrap.paired_bootstrap([0.5, 0.8, 0.7, 0.9], [0.4, 0.1, 0.6, 0.5])
    assert 0 < c.low <= c.mean <= c.high
    assert (c.won, c.lost, c.tied) == (4, 0, 0)


def test_a_mixed_difference_has_an_interval_spanning_zero_and_is_the_same_on_a_rerun():
    a, b = [1.0, 0.0, 0.6, 0.3, 0.5, 0.2], [0.0, 1.0, 0.5, 0.4, 0.5, 0.1]
    c = bootstrap.paired_bootstrap(a, b)
    assert c.low < 0 < c.high
    assert (c.won, c.lost, c.tied) == (3, 2, 1)
    assert bootstrap.paired_bootstrap(a, b) == c


def test_the_bootstrap_refuses_unpaired_scores():
    with pytest.raises(ValueError, match="differ in length"):
        bootstrap.paired_bootstrap([1.0], [1.0, 0.0])


# ---- the blind pool ------------------------------------------------------------------------------


def _answer(*files):
    return SimpleNamespace(hits=tuple(SimpleNamespace(path=p, snippets=()) for p in files),
                           suggestion=None, any_word=False)


def pool_run(rankings: dict[str, tuple[str, ...]]) -> runner.Run:
    """A run of one need (judging a.md 2 and b.md 0; a.pdf is a copy of a.md) answered as given."""
    need = judgements.parse_need(TEST_NEED)
    needs = judgements.Needs((need,), (("a.md", "a.pdf"), ("c.md", "c.pdf")))
    run = runner.Run(needs)
    run.outcomes["t1"] = {engine: runner.score(need, _answer(*rankings[engine]), needs.key_of(), {}, False)
                          for engine in runner.ENGINES}
    return run


RANKINGS = {"refsearch": ("a.md", "c.pdf", "d.md", "e.md"),
            "fts5": ("b.md", "a.pdf", "f.md", "c.md"),
            "tantivy": ("g.md", "d.md", "h.md", "i.md")}


def test_the_pool_lists_the_unjudged_documents_of_every_engines_top_once_per_copy_group():
    assert sorted(pooled_documents(pool_run(RANKINGS), "t1")) == [
        "c.md", "d.md", "e.md", "f.md", "g.md", "h.md", "i.md"]


def test_the_pool_reads_only_each_engines_top_depth():
    assert sorted(pooled_documents(pool_run(RANKINGS), "t1", depth=2)) == ["c.md", "d.md", "g.md"]


def test_the_pool_order_is_seeded_and_carries_nothing_of_the_rankings():
    listed = pooled_documents(pool_run(RANKINGS), "t1")
    reversed_rankings = {e: tuple(reversed(r)) for e, r in RANKINGS.items()}
    swapped = dict(RANKINGS, refsearch=RANKINGS["tantivy"], tantivy=RANKINGS["refsearch"])
    assert pooled_documents(pool_run(RANKINGS), "t1") == listed
    assert pooled_documents(pool_run(reversed_rankings), "t1") == listed
    assert pooled_documents(pool_run(swapped), "t1") == listed
    assert listed != sorted(listed)   # shuffled (this seed's order of these seven names)


def test_the_pool_file_names_no_engine_and_no_rank():
    listed = pool(pool_run(RANKINGS), "test")
    text = json.dumps(listed).casefold()
    for word in ("refsearch", "fts5", "tantivy", "sqlite", "rank", "score", "engine"):
        assert word not in text
    assert listed["needs"] == [{"id": "t1", "query": "gold", "want": "w",
                                "documents": pooled_documents(pool_run(RANKINGS), "t1")}]


def test_a_need_with_nothing_unjudged_is_left_out_of_the_pool():
    judged_only = {e: ("a.md", "b.md") for e in runner.ENGINES}
    assert pool(pool_run(judged_only), "test")["needs"] == []


# ---- the command line ----------------------------------------------------------------------------


@pytest.fixture
def corpus_splits(tmp_path):
    """A dev and a test split of one need each, over real files of the shared corpus."""
    write_json(tmp_path / "needs" / "dev" / "needs.json", {
        "same_document": [["hrr-2024/mali.md", "pdf/mali-2024-human-rights-report.pdf"]],
        "needs": [{"id": "d-wagner", "kind": "ordinary", "class": "keyword", "query": "Wagner Group",
                   "want": "Wagner", "judgements": {"hrr-2024/mali.md": 2}}]})
    write_json(tmp_path / "needs" / "test" / "needs-t1.json", {"needs": [
        {"id": "t-wagner", "class": "name", "query": "armed groups killings", "want": "Wagner",
         "judgements": {"hrr-2024/mali.md": 2}}]})
    return tmp_path


def test_the_command_runs_the_engines_on_both_splits_and_writes_the_report(corpus_dir, tmp_path):
    from bench.relevance import cli

    dev = {"same_document": [["hrr-2024/mali.md", "pdf/mali-2024-human-rights-report.pdf"]], "needs": [
        {"id": "somali", "kind": "hard", "class": "hard:demonym-host", "query": "Somali refugees",
         "want": "hosts", "judgements": {"hrr-2024-more/yemen.md": 2, "hrr-2024-more/somalia.md": 0}},
        {"id": "uyghers", "kind": "hard", "class": "hard:did-you-mean", "query": "Uyghers",
         "want": "typo", "did_you_mean": "Uyghurs", "judgements": {"hrr-2024-more/china.md": 2}},
    ]}
    test = {"needs": [{"id": "t-wagner", "class": "name", "query": "Wagner Group", "want": "Wagner",
                       "judgements": {"hrr-2024/mali.md": 2}}]}
    cases = {"cases": [
        {"id": "docid", "form": "docid", "text": "4680d7a222",
         "expect": "refworld-records/05_old_tip2002_mali.txt"},
        {"id": "mali", "form": "bare", "text": "Mali", "expect": None},
    ]}
    write_json(tmp_path / "needs" / "dev" / "needs.json", dev)
    write_json(tmp_path / "needs" / "test" / "needs-a.json", test)
    write_json(tmp_path / "citations.json", cases)
    out = tmp_path / "RELEVANCE.md"
    sheet = tmp_path / "sheet.md"
    code = cli.main(["--corpus", str(corpus_dir), "--work", str(tmp_path / "work"), "--report", str(out),
                     "--needs", str(tmp_path / "needs"), "--citations", str(tmp_path / "citations.json"),
                     "--sheet", str(sheet)])
    assert code == 0
    text = out.read_text(encoding="utf-8")
    assert "| **hard** | 2 |" in text and "| hard:demonym-host | 1 |" in text
    assert "| docid | docid | record 05 | 1 | 1.00 |" in text
    assert "| uyghers | `Uyghers` | Uyghurs |" in text
    assert "## Test split (sealed)" in text and "| name | 1 |" in text
    assert "| tantivy |" in text
    assert sheet.read_text(encoding="utf-8").startswith("# Judging sheet")


def test_the_command_writes_the_report_of_the_split_asked_where_results_says(
        corpus_dir, corpus_splits, tmp_path):
    from bench.relevance import cli

    out = tmp_path / "elsewhere" / "R.md"
    assert cli.main(["--corpus", str(corpus_dir), "--work", str(tmp_path / "work"),
                     "--needs", str(tmp_path / "needs"), "--split", "test", "--results", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "## Test split (sealed)" in text and "| name | 1 |" in text
    assert "## Development split" not in text and "## Citation lookup" not in text
    assert "t-wagner" not in text   # the sealed split lists no need


def test_the_pool_command_writes_the_unjudged_documents_blind(corpus_dir, corpus_splits, tmp_path):
    from bench.relevance import cli

    out = tmp_path / "pool.json"
    assert cli.main(["pool", "--corpus", str(corpus_dir), "--work", str(tmp_path / "work"),
                     "--needs", str(tmp_path / "needs"), "--split", "test", "--depth", "5",
                     "--out", str(out)]) == 0
    listed = json.loads(out.read_text(encoding="utf-8"))
    assert (listed["split"], listed["depth"]) == ("test", 5)
    [need] = listed["needs"]
    assert need["id"] == "t-wagner" and 0 < len(need["documents"]) <= 15
    assert "hrr-2024/mali.md" not in need["documents"]
    assert "pdf/mali-2024-human-rights-report.pdf" not in need["documents"]


def test_the_pool_command_refuses_a_depth_below_one(tmp_path, capsys):
    from bench.relevance import cli

    assert cli.main(["pool", "--corpus", str(tmp_path), "--depth", "0", "--out", str(tmp_path / "p")]) == 2
    assert "--depth" in capsys.readouterr().err
