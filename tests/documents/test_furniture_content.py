"""Learned furniture never takes content: numbers a document holds alone, sentences that decide."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from bench.reliability.identity import BANNER, DECISIONS, FOOTER, kept_lines, write_decisions
from indexer.build import update_index
from indexer.cli import main
from indexer.documents.batch import read_archive
from indexer.documents.furniture import FurnitureModel, Observation, decides, edge_key, observe
from indexer.documents.learner import learn
from tests.build.test_furniture_build import texts


@pytest.fixture
def decisions(tmp_path):
    """Ten decisions of one tribunal: unique appeal numbers, three allowed and seven dismissed."""
    return write_decisions(tmp_path / "decisions")


def test_decisions_keep_their_appeal_numbers_and_outcomes_in_the_extracted_text(decisions):
    docs = {doc.path.rsplit("/", 1)[-1]: doc for doc in read_archive([decisions[0].parent]).documents}
    for n, path in enumerate(decisions):
        for line in kept_lines(n):
            assert line in docs[path.name].text, (path.name, line)


def test_decisions_keep_their_appeal_numbers_and_outcomes_in_the_index(decisions, tmp_path):
    update_index([decisions[0].parent], tmp_path / "index", workers=1)
    indexed = texts(tmp_path / "index")
    for n, path in enumerate(decisions):
        for line in kept_lines(n):
            assert line in indexed[path.name], (path.name, line)


def test_the_sites_banner_and_footer_are_still_learned_beside_them(decisions, tmp_path):
    update_index([decisions[0].parent], tmp_path / "index", workers=1)
    for path, text in texts(tmp_path / "index").items():
        assert BANNER not in text and FOOTER not in text, path
        assert text.startswith("Appeal Number: PA/") and text.endswith(".") and "Appeal " in text[-20:]


@pytest.mark.parametrize("line, decisive", [
    ("Appeal allowed.", True),
    ("Appeal dismissed.", True),
    ("The claim for asylum is refused.", True),
    ("The decision of the First-tier Tribunal is set aside.", True),
    ("Permission to appeal is granted.", True),
    ("This site is managed by the Bureau of Public Affairs.", False),
    ("Home | Search | Contact us | Copyright 2006", False),
    ("APPEAL ALLOWED", True),
    ("The Tribunal found an Error Of\tLaw.", True),
    ("The order was Struck   Out.", True),
    ("Set up by the Ministry; an upset, a reset and a settlement.", False),
    ("The appeal is disallowed and the grant was granted-ish", True),
    ("Appeal diſmissed.", True),  # long s: a case-blind match the pattern finds
    ("L'appel est rejeté.", False),
    ("Recours rejected — décision", True),
])
def test_which_lines_decide_something(line, decisive):
    assert decides(line) is decisive


@pytest.mark.parametrize("seen, documents, learned", [
    (10, 10, True),   # the copyright year on every page
    (5, 10, True),
    (4, 10, False),   # a hearing date four decisions share
    (3, 10, False),
])
def test_a_line_with_a_number_must_be_at_the_edge_of_half_the_sites_documents(seen, documents, learned):
    line = "Heard at Field House on 9 January 2024"
    observations = [Observation("site", frozenset({edge_key(line)} if n < seen else {edge_key(f"own {n}")}))
                    for n in range(documents)]
    assert (edge_key(line) in learn(observations).lines_of("site")) is learned


def test_a_line_that_decides_is_neither_observed_nor_trimmed():
    lines = ["Intro.", "", "# Reasons", "", "Text.", "", "Appeal dismissed.", "", "Footer"]
    seen = observe("site", lines)
    assert edge_key("Appeal dismissed.") not in seen.edges and edge_key("Footer") in seen.edges
    model = FurnitureModel({"site": {edge_key(x): 5 for x in ("Appeal dismissed.", "Footer")}}, {"site": 5})
    assert model.trim("site", lines) == lines[:-1]


def test_extract_explain_on_one_file_of_an_indexed_archive_shows_what_the_archive_taught(decisions, tmp_path):
    index_dir = tmp_path / "index"
    update_index([decisions[0].parent], index_dir, workers=1)
    result = CliRunner().invoke(main, ["extract", str(decisions[2]), "--explain", "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    removed = [line for line in result.output.splitlines() if line.startswith("  removed:")]
    site = f"layout:html:{decisions[0].parent.resolve()}"
    assert removed == [f"  removed:   {text!r}  (learned: at the edge of 10 of the 10 documents from {site})"
                       for text in (BANNER, FOOTER)]
    assert f"  learning:  from the index in {index_dir}: " in result.output
    assert "Appeal allowed." in json.loads(CliRunner().invoke(
        main, ["extract", str(decisions[2]), "--json", "--index", str(index_dir)]).stdout)["text"]


def test_extract_explain_on_one_file_alone_says_how_furniture_is_learned(decisions, tmp_path):
    result = CliRunner().invoke(main, ["extract", str(decisions[0]), "--explain", "--json",
                                       "--index", str(tmp_path / "no-index")])
    record = json.loads(result.stdout)
    assert record["removed"] == []
    assert record["learning"].startswith("nothing learned for its site (layout:html:")
    assert "at least 3 documents of a site" in record["learning"] and "--index" in record["learning"]


def test_extract_explain_on_the_folder_learns_from_the_files_given(decisions):
    result = CliRunner().invoke(main, ["extract", str(decisions[0].parent), "--explain", "--json"])
    records = json.loads(result.stdout)
    assert len(records) == len(DECISIONS)
    assert all(r["learning"].startswith("from the 10 files given of its site") for r in records)
    assert all({x["text"] for x in r["removed"]} == {BANNER, FOOTER} for r in records)
