"""`refsearch search`: the same request as the web app, printed as text or as the JSON results."""
from __future__ import annotations

import json

from click.testing import CliRunner

from indexer.archive import open_archive
from indexer.cli import main
from indexer.request import parse_request


def invoke(*args: str):
    return CliRunner().invoke(main, ["search", *args])


def test_json_output_is_exactly_the_results_dictionary(search_index):
    result = invoke("Malian", "children", "--tier", "2", "--tier", "3", "--country", "Mali", "--sort",
                    "relevance", "--per-page", "3", "--index", str(search_index), "--json")
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    request = parse_request({"q": "Malian children", "tier": ["2", "3"], "country": ["Mali"], "per_page": "3"})
    with open_archive(search_index) as archive:
        expected = archive.search(request).to_dict()
    assert printed == json.loads(json.dumps(expected))
    assert printed["request"]["tiers"] == ["Tier 2", "Tier 3"]
    assert printed["facets"]["country"][0] == {"value": "MLI", "count": printed["facets"]["country"][0]["count"],
                                               "selected": True, "label": "Mali"}


def test_text_output_lists_hits_with_bracketed_matches_and_facets(search_index, search_documents):
    seed = search_documents[0]
    result = invoke("Burkinabe", "children", "Koranic", "rice", "--index", str(search_index))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    # One document holds all four words; the documents holding most of them follow it.
    assert lines[0].startswith("Only 1 document contains all of Burkinabe, children, Koranic, rice")
    assert f"1. {seed.title}" in result.output
    assert f"id {seed.id}" in result.output and "2004-06-14" in result.output and "Tier 2" in result.output
    assert "[Koranic]" in result.output and "<mark>" not in result.output
    assert any(line.startswith("tier: ") and "Tier 2 (" in line for line in lines)


def test_text_output_shows_suggestion_and_notice(search_index):
    result = invoke("trafficing", "--index", str(search_index))
    assert "Did you mean: trafficking" in result.output
    result = invoke("Koranic", "qqzzxxyy", "--index", str(search_index))
    assert "No document contains all of Koranic, qqzzxxyy" in result.output


def test_filters_only_search_works_without_a_query(search_index, search_documents):
    result = invoke("--tier", "Tier 3", "--from", "2010", "--to", "June 2012", "--index", str(search_index),
                    "--json")
    assert result.exit_code == 0, result.output
    expected = [d for d in search_documents if d.tier == "Tier 3" and d.published
                and "2010" <= d.published[:7] <= "2012-06"]
    assert json.loads(result.output)["total"] == len(expected) > 0


def test_bad_values_exit_1_with_the_message(search_index):
    for args, message in [(["--tier", "7"], "Unknown tier '7'"),
                          (["--country", "Atlantis"], "Unknown country 'Atlantis'"),
                          (["--from", "soon"], "'soon' is not a date"),
                          (["--per-page", "500"], "'per_page' must be from 1 to 100")]:
        result = invoke("x", *args, "--index", str(search_index))
        assert result.exit_code == 1
        assert message in result.output


def test_a_missing_index_is_reported(tmp_path):
    result = invoke("trafficking", "--index", str(tmp_path / "none"))
    assert result.exit_code == 1
    assert "No search index" in result.output and "refsearch index" in result.output
