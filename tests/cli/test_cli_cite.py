"""`refsearch show` and `refsearch cite` against a real index in a temp folder."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from indexer.cli import main

SEED_CITE = ("United States Department of State, U.S. Department of State 2004 Trafficking in "
             "Persons Report - Mali, 14 June 2004, available at: [accessed 25 May 2016]")


@pytest.fixture
def seed_id(seed_as_extracted):
    return seed_as_extracted.id


@pytest.fixture
def run(citation_index):
    runner = CliRunner()

    def invoke(*args, index=citation_index, input=None):
        return runner.invoke(main, [*args, "--index", str(index)], input=input)

    return invoke


def test_show_prints_metadata_then_text(run, seed_as_extracted):
    result = run("show", seed_as_extracted.id)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Title:           U.S. Department of State 2004 Trafficking in Persons Report - Mali"
    assert "Publisher:       United States Department of State" in lines
    assert "Published:       14 June 2004 (stated in the document)" in lines
    assert "Report year:     2004 (stated in the document's title)" in lines
    assert "Countries:       Mali (MLI)" in lines
    assert "Tier:            Tier 2" in lines
    assert not any(line.startswith("Document symbol:") for line in lines)
    assert "None" not in result.output
    header, text = result.output.split("\n\n", 1)
    assert "Cite as:" in header
    assert text.strip() == seed_as_extracted.text.strip()
    assert text.startswith("Mali (Tier 2)")


@pytest.mark.parametrize("style, start", [
    ("refworld", "United States Department of State, U.S. Department of State 2004 Trafficking"),
    ("chicago", "Office to Monitor and Combat Trafficking in Persons. 2004. U.S. Department of State 2004"),
    ("apa", "Office to Monitor and Combat Trafficking in Persons. (2004). U.S. Department"),
    ("bibtex", "@techreport{usdos2004mali-"),
    ("ris", "TY  - RPRT"),
    ("csl-json", "["),
])
def test_show_format_prints_the_citation(run, seed_id, style, start):
    result = run("show", seed_id, "--format", style)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(start)


def test_show_format_adds_the_access_date(run, seed_id):
    result = run("show", seed_id, "--format", "refworld", "--accessed", "2016-05-25")
    assert result.output.strip() == SEED_CITE.replace(", available at: [", " [")
    items = json.loads(run("show", seed_id, "--format", "csl-json", "--accessed", "2016-05-25").output)
    assert items[0]["accessed"] == {"date-parts": [[2016, 5, 25]]}


def test_show_bad_access_date_is_a_usage_error(run, seed_id):
    result = run("show", seed_id, "--format", "apa", "--accessed", "yesterday")
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_show_unknown_style_is_a_usage_error(run, seed_id):
    result = run("show", seed_id, "--format", "mla")
    assert result.exit_code == 2
    assert "csl-json" in result.output


def test_show_unknown_id_says_so(run):
    result = run("show", "no-such-id")
    assert result.exit_code == 1
    assert "No document with id" in result.output and "no-such-id" in result.output


def test_show_without_an_index_says_how_to_build_one(run, seed_id, tmp_path):
    result = run("show", seed_id, index=tmp_path / "missing")
    assert result.exit_code == 1
    assert "refsearch index" in result.output


def test_cite_lists_ranked_candidates_with_reasons(run, seed_id):
    result = run("cite", SEED_CITE)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "1. [95% found] U.S. Department of State 2004 Trafficking in Persons Report - Mali"
    assert lines[1] == f"   id {seed_id} | United States Department of State | 2004-06-14"
    assert "date matches" in lines[2] and "title 100% similar" in lines[2]
    assert lines[3].startswith("2. [")


def test_cite_accepts_unquoted_words_and_standard_input(run):
    words = run("cite", "Trafficking", "in", "Persons", "Report", "2008", "-", "Niger", "--limit", "1")
    assert words.exit_code == 0
    assert "Trafficking in Persons Report 2008 - Niger\n" in words.output
    piped = run("cite", "-", "--limit", "1", input="NGA26574.E\n")
    assert piped.exit_code == 0
    assert "[100% found] Nigeria: Information on whether" in piped.output


def test_cite_json_is_a_list_of_candidates(run):
    result = run("cite", "https://www.refworld.org/docid/484f9a2ac.html", "--json")
    assert result.exit_code == 0
    candidates = json.loads(result.output)
    assert candidates[0]["id"] == "rec-08_old_tip2008_mali"
    assert candidates[0]["confidence"] == 1.0
    assert "docid matches" in candidates[0]["reasons"]
    assert set(candidates[0]) == {"id", "title", "publisher", "published", "confidence", "reasons", "verdict",
                                 "at"}
    assert candidates[0]["verdict"] == "found"


def test_cite_without_a_match_says_so(run):
    result = run("cite", "Zebra quantum marmalade")
    assert result.exit_code == 1
    assert "No document in the index matches" in result.output
    as_json = run("cite", "Zebra quantum marmalade", "--json")
    assert as_json.exit_code == 1
    assert as_json.output.startswith("[]")


def test_cite_blank_text_is_an_error(run):
    result = run("cite", "   ")
    assert result.exit_code == 1
    assert "Paste a citation" in result.output


# ---- end to end: real Refworld pages, indexed by `refsearch index` -----------

@pytest.fixture(scope="module")
def record_pages_index(tmp_path_factory, refworld_records):
    """The recorded Refworld document pages rendered as files (text and HTML layouts in
    turn), indexed by `refsearch index`; returns the index folder and (record, layout) pairs."""
    from bench.corpus.forms import FORMS, RefworldPage, render
    from indexer.refworld_urls import find_refworld_url

    folder = tmp_path_factory.mktemp("record-pages")
    cited = [(r, FORMS[i % 4]) for i, r in enumerate(r for r in refworld_records
                                                       if r["fields"].get("Cite as"))]
    for record, form in cited:
        fields = record["fields"]
        page = RefworldPage(
            title=fields["<title line>"], publisher=fields.get("Publisher"),
            author=fields.get("Author"), publication_date=fields.get("Publication Date"),
            document_symbol=fields.get("Citation / Document Symbol"), cite_as=fields["Cite as"],
            last_updated=fields.get("Last Updated"), heading=record["first_body_line"],
            source_url=find_refworld_url(record["url"]),
            paragraphs=("A paragraph written for the test about trafficking and protection.",))
        suffix = ".txt" if form == "text" else ".html"
        (folder / "docs").mkdir(exist_ok=True)
        (folder / "docs" / f"{record['name']}{suffix}").write_text(render(page, form), encoding="utf-8")
    index = folder / "index"
    result = CliRunner().invoke(main, ["index", "--index", str(index), "--workers", "1",
                                       str(folder / "docs")])
    assert result.exit_code == 0, result.output
    return index, cited


def test_every_recorded_cite_as_finds_its_page_in_a_built_index(record_pages_index):
    index, cited = record_pages_index
    assert len(cited) >= 8
    runner = CliRunner()
    for record, _ in cited:
        result = runner.invoke(main, ["cite", record["fields"]["Cite as"], "--json", "--index", str(index)])
        assert result.exit_code == 0, result.output
        best = json.loads(result.output)[0]
        assert best["title"] == record["fields"]["<title line>"], record["name"]
        assert best["confidence"] >= 0.9


def test_shown_refworld_citation_reproduces_the_recorded_cite_as(record_pages_index):
    """Refworld's line, with the docid address the text dumps lost when the page
    (an HTML layout, with its canonical link) still says where it came from."""
    from indexer.refworld_urls import parse_refworld_url

    index, cited = record_pages_index
    runner = CliRunner()
    for record, form in cited:
        printed = " ".join(record["fields"]["Cite as"].split())
        accessed = dt.datetime.strptime(printed.rsplit("[accessed ", 1)[1].rstrip("]"), "%d %B %Y")
        found = json.loads(runner.invoke(main, ["cite", printed, "--json", "--index", str(index)]).output)
        shown = runner.invoke(main, ["show", found[0]["id"], "--format", "refworld", "--accessed",
                                     accessed.date().isoformat(), "--index", str(index)])
        assert shown.exit_code == 0, shown.output
        docid = parse_refworld_url(record["url"]).docid
        if "available at: http" in printed:
            expected = printed
        elif form == "text":
            expected = printed.replace(", available at: [", " [")
        else:
            expected = printed.replace(
                "available at: [", f"available at: https://www.refworld.org/docid/{docid}.html [")
        assert shown.output.strip() == expected, (record["name"], form)


def test_cite_reads_a_bibtex_record_from_standard_input(run, seed_as_extracted):
    from indexer.citations.formats import format_citation

    record = format_citation(seed_as_extracted, "bibtex")
    result = run("cite", "-", "--json", input=record)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)[0]["id"] == seed_as_extracted.id
