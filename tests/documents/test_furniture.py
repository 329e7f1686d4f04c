"""Furniture learned from the archive: lines repeated at the edges of one site's pages go, nothing else does."""
from __future__ import annotations

import json
import random

import pytest
from click.testing import CliRunner

from indexer.cli import main
from indexer.documents.batch import read_archive
from indexer.documents.furniture import (
    FurnitureModel,
    Observation,
    decides,
    edge_key,
    edge_lines,
    fingerprint,
)
from indexer.documents.learner import learn
from indexer.documents.structure import is_heading_line

COUNTRIES = ("Mali", "Niger", "Chad", "Ghana", "Togo")
# A publisher's site in plain divs and spans, as the State Department's TIP pages were saved:
# no <nav>/<header>/<footer> and no class the named rules know.
STATE_TOP = ('<div class="wrap"><div class="row"><span>U.S. Department of State</span></div>'
             '<div class="row"><a href="/">Home</a> | <a href="/j/tip/">Trafficking in Persons</a> | '
             '<a href="/j/tip/rls/tiprpt/">Reports</a></div>'
             "<div><span>Office to Monitor and Combat Trafficking in Persons</span></div></div>")
STATE_BOTTOM = ('<div class="wrap"><p>This site is managed by the Bureau of Public Affairs, U.S. Department of '
                "State. External links to other Internet sites should not be construed as an endorsement of the "
                "views or privacy policies contained therein.</p><p>Back to Top | Privacy | FOIA</p></div>")


def state_page(country: str, n: int, extra: str = "") -> str:
    return (f'<html><head><title>{country}</title>'
            f'<link rel="canonical" href="https://2009-2017.state.gov/j/tip/rls/tiprpt/countries/2015/{24348 + n}.htm">'
            f"</head><body>{STATE_TOP}<h1>{country}</h1><h2>{country.upper()}: Tier 2</h2>"
            f"<p>{country} is a source and destination country for men, women, and children subjected to "
            f"forced labor; case {n}.</p><p>The Government of {country} does not fully meet the minimum "
            f"standards.</p>{extra}{STATE_BOTTOM}</body></html>")


def table_page(country: str, n: int) -> str:
    """An old table-layout page: the site's name in the first row, a row of links in the last."""
    return ("<html><body><table width='100%'>"
            "<tr><td>Country Information Centre</td><td>Est. 1998</td></tr>"
            f"<tr><td colspan=2><h1>{country}: Situation of returnees</h1>"
            f"<p>Returnees to {country} were questioned on arrival in {2000 + n}.</p>"
            f"<p>Some were detained for {n + 2} days at the airport.</p></td></tr>"
            "<tr><td>Home | Search | Contact us | Copyright 2006</td><td>Page last modified</td></tr>"
            "</table></body></html>")


@pytest.fixture
def archive(tmp_path):
    state = tmp_path / "state"
    state.mkdir()
    for n, country in enumerate(COUNTRIES):
        extra = "<p>Only this page thanks its readers.</p>" if n == 0 else ""
        (state / f"tip2015-{country.lower()}.html").write_text(state_page(country, n, extra), encoding="utf-8")
    tables = tmp_path / "tables"
    tables.mkdir()
    for n, country in enumerate(COUNTRIES[:4]):
        (tables / f"{country.lower()}-returnees.html").write_text(table_page(country, n), encoding="utf-8")
    return tmp_path


def by_name(report):
    return {doc.path.rsplit("/", 1)[-1]: doc for doc in report.documents}


def test_a_sites_repeated_banner_and_footer_are_learned_and_removed(archive):
    docs = by_name(read_archive([archive]))
    for n, country in enumerate(COUNTRIES):
        doc = docs[f"tip2015-{country.lower()}.html"]
        for furniture in ("U.S. Department of State", "Home | Trafficking", "This site is managed",
                          "Back to Top", "Office to Monitor"):
            assert furniture not in doc.text, (country, furniture)
        assert doc.text.startswith(f"{country.upper()}: Tier 2")
        assert doc.text.endswith("does not fully meet the minimum standards.") or n == 0
        assert f"case {n}." in doc.text and doc.tier == "Tier 2"


def test_a_table_layouts_first_and_last_rows_are_learned_and_removed(archive):
    docs = by_name(read_archive([archive]))
    for n, country in enumerate(COUNTRIES[:4]):
        doc = docs[f"{country.lower()}-returnees.html"]
        assert doc.text == (f"Returnees to {country} were questioned on arrival in {2000 + n}.\n\n"
                            f"Some were detained for {n + 2} days at the airport.")


def test_a_line_in_only_one_document_is_never_furniture(archive):
    docs = by_name(read_archive([archive]))
    assert docs["tip2015-mali.html"].text.endswith("Only this page thanks its readers.")


def test_without_learning_the_furniture_stays(archive):
    docs = by_name(read_archive([archive], learn_furniture=False))
    assert "This site is managed" in docs["tip2015-chad.html"].text
    assert "Country Information Centre" in docs["chad-returnees.html"].text


def test_a_lone_page_of_a_site_keeps_lines_other_sites_repeat(archive, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "lone.html").write_text(state_page("Benin", 9).replace("2009-2017.state.gov", "example.org"),
                                     encoding="utf-8")
    docs = by_name(read_archive([archive]))
    assert "This site is managed" in docs["lone.html"].text


@pytest.mark.parametrize("seen, documents, learned", [
    (3, 5, True),     # in 3 of 5: furniture
    (2, 2, False),    # never from fewer than 3 documents
    (3, 20, False),   # in 3 of 20 (15%): too rare on this site to be its furniture
    (4, 20, True),
])
def test_how_many_documents_make_a_line_furniture(seen, documents, learned):
    observations = [Observation("site", frozenset({"footer line"} if n < seen else {f"unique {n}"}))
                    for n in range(documents)]
    assert ("footer line" in learn(observations).lines_of("site")) is learned


def test_edges_stop_at_headings_and_trimming_keeps_the_middle():
    lines = ["Banner", "", "## Section 1. Life", "", "Shared sentence.", "", "Own text.", "", "Footer"]
    top, bottom = edge_lines(lines)
    assert [lines[i] for i in top] == ["Banner"]
    assert [lines[i] for i in bottom] == ["Footer", "Own text.", "Shared sentence."]
    model = FurnitureModel({"s": {edge_key(x): 5 for x in ("Banner", "Footer", "Shared sentence.")}}, {"s": 5})
    trimmed = model.trim("s", lines)
    assert trimmed == ["", "## Section 1. Life", "", "Shared sentence.", "", "Own text.", ""]
    # The first paragraph under the last heading stays, however often it repeats.
    only = ["## e. Trafficking in Persons", "", "Shared sentence."]
    assert model.trim("s", only) == only


@pytest.mark.parametrize("one, other, same", [
    ("Back to Top  |  Privacy", "BACK TO TOP | Privacy", True),    # case and spacing do not count
    ("Appeal Number: PA/01003/2023", "Appeal Number: PA/01017/2023", False),  # numbers do
    ("Page 3 of 12", "Page 4 of 12", False),
    ("Some were detained for 2 days in the north.", "Some were detained for 4 days in the north.", False),
])
def test_case_and_spacing_do_not_make_lines_differ_but_numbers_do(one, other, same):
    assert (fingerprint(one) == fingerprint(other)) is same


def test_extract_explain_says_what_was_removed_and_why(archive):
    result = CliRunner().invoke(main, ["extract", str(archive / "state"), "--explain"])
    assert result.exit_code == 0, result.output
    assert "removed:   'This site is managed by the Bureau of Public Affairs" in result.output
    assert "(learned: at the edge of 5 of the 5 documents from 2009-2017.state.gov)" in result.output
    result = CliRunner().invoke(main, ["extract", str(archive / "state" / "tip2015-chad.html"),
                                       str(archive / "state" / "tip2015-togo.html"), "--explain", "--json"])
    records = json.loads(result.stdout)
    assert all(isinstance(r["removed"], list) for r in records)  # two files are too few to learn from
    assert not any(r["reason"].startswith("learned") for rec in records for r in rec["removed"])


def test_the_country_reports_lose_nothing_to_learned_furniture(corpus_dir):
    report = read_archive([corpus_dir / "hrr-2024", corpus_dir / "hrr-2024-more"], explain=True)
    plain = read_archive([corpus_dir / "hrr-2024", corpus_dir / "hrr-2024-more"], learn_furniture=False)
    assert [d.text for d in report.documents] == [d.text for d in plain.documents]


def test_explain_names_the_rule_behind_each_named_removal(tmp_path):
    (tmp_path / "page.html").write_text(
        "<html><body><nav>Home | Countries</nav><div class='cookie-banner'>We use cookies.</div>"
        "<h1>Mali: Report</h1><p>Text of the report.</p><p>Search Refworld</p>"
        "<footer>Contact us</footer></body></html>", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "page.html"), "--explain", "--json"])
    removed = [(r["text"], r["reason"]) for r in json.loads(result.stdout)["removed"]]
    assert removed == [("Home | Countries", "named rule: <nav> element"),
                       ("We use cookies.", "named rule: element marked 'cookie-banner'"),
                       ("Contact us", "named rule: <footer> element"),
                       ("Search Refworld", "named rule: Refworld page furniture or a drawn rule")]


def trim_walking_whole_edges(model: FurnitureModel, site: str, lines: list[str], is_heading) -> list[str]:
    """``FurnitureModel.trim`` as it was (marked furniture aside): every line of both edges
    keyed first, the last heading looked for over the whole text."""
    learned = model.lines_of(site)
    if not learned:
        return lines
    top, bottom = edge_lines(lines, is_heading, limit=len(lines))
    drop: set[int] = set()
    keys = {i: edge_key(lines[i]) for i in top + bottom}
    for run in (top, bottom):
        for i in run:
            if keys[i] not in learned or decides(lines[i]):
                break
            drop.add(i)
    last_heading = max((i for i, line in enumerate(lines) if is_heading(line)), default=None)
    if last_heading is not None and bottom and set(bottom) <= drop:
        drop.discard(bottom[-1])
    if not drop or len(drop) == sum(1 for line in lines if line):
        return lines
    return [line for i, line in enumerate(lines) if i not in drop]


def random_page(rng: random.Random) -> list[str]:
    kinds = ["Banner", "Footer", "Home | Contact", "", "", "# Heading", "## Another heading",
             "Appeal allowed.", "A sentence of its own.", "Another paragraph of content.", "Shared sentence."]
    return [rng.choice(kinds) for _ in range(rng.randrange(0, 14))]


@pytest.mark.parametrize("seed", range(40))
def test_trimming_walks_only_as_far_as_the_furniture_and_trims_as_before(seed):
    rng = random.Random(seed)
    model = FurnitureModel({"s": {edge_key(x): 5 for x in ("Banner", "Footer", "Home | Contact", "Shared sentence.",
                                                           "Appeal allowed.")}}, {"s": 5})
    for _ in range(100):
        lines = random_page(rng)
        assert model.trim("s", lines, is_heading_line) == trim_walking_whole_edges(model, "s", lines,
                                                                                  is_heading_line), lines
