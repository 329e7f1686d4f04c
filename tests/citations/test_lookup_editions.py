"""Another edition of an annual report is never the cited document: a year that differs in the
title, the date, the address or the document symbol rules it out.

The archive holds the real 2024 Country Reports on Human Rights Practices (published in 2025)
as Markdown, the State Department's PDFs and the Ghana pages; the citations are of the 2023
edition (published in April 2024), written the way APA, Chicago, Refworld and the reference
managers' formats write them.
"""
from __future__ import annotations

import pytest
from conftest import make_document

from indexer.archive import open_archive
from indexer.build import write_index
from indexer.citations.lookup import lookup
from indexer.editions import address_report_year, symbol_years

STATE = "https://www.state.gov/reports/2023-country-reports-on-human-rights-practices/mali/"
PDF_2023 = "https://www.state.gov/wp-content/uploads/2024/04/528267_MALI-2023-HUMAN-RIGHTS-REPORT.pdf"
GHANA = ("refworld-old-ghana.html", "statedept-ghana.html", "ecoi-ghana-a.html", "typst-ghana.pdf")


@pytest.fixture(scope="module")
def reports_2024(corpus_dir, tmp_path_factory):
    """An archive of the 2024 edition only: every Country Report of the corpus, in each form."""
    from indexer.documents.reader import read_document

    files = [p for p in sorted(corpus_dir.glob("hrr-2024*/*.md")) if p.name != "PROVENANCE.md"]
    files += sorted((corpus_dir / "pdf").glob("*-2024-human-rights-report.pdf"))
    files += [corpus_dir / "producers" / name for name in GHANA]
    folder = tmp_path_factory.mktemp("reports-2024")
    write_index(folder, [read_document(p) for p in files])
    with open_archive(folder) as opened:
        yield opened


CITATIONS_OF_2023 = [
    # APA 7 (sentence-case title, the year of publication, the State Department's page)
    f"U.S. Department of State. (2024). 2023 country reports on human rights practices: Mali. {STATE}",
    # Chicago author-date
    "U.S. Department of State. 2024. \u201c2023 Country Reports on Human Rights Practices: Mali.\u201d "
    f"Washington, DC: Bureau of Democracy, Human Rights, and Labor. {STATE}.",
    # Refworld's Cite as
    "United States Department of State, 2023 Country Reports on Human Rights Practices: Mali, "
    f"22 April 2024, available at: {STATE} [accessed 10 May 2024]",
    # the title as the 2024 edition's own page writes it, dated April 2024
    "United States Department of State, Mali \u2014 Country Reports on Human Rights Practices, April 2024",
    # no date at all: only the report year in the title, or in the PDF's title
    "2023 Country Reports on Human Rights Practices: Mali",
    "Mali 2023 Human Rights Report",
    # a title without a year, and the 2023 PDF's address: uploaded in 2024 for the 2023 report
    f"United States Department of State, Country Reports on Human Rights Practices - Mali, {PDF_2023}",
    # a title without a year, filed by Refworld's new site under 2024
    "United States Department of State, Mali \u2014 Country Reports on Human Rights Practices, "
    "available at: https://www.refworld.org/reference/annualreport/usdos/2024/en/147681",
    # the reference managers' records
    "@techreport{usdos2024mali,\n  author = {{U.S. Department of State}},\n"
    "  title = {{2023 Country Reports on Human Rights Practices: Mali}},\n"
    f"  institution = {{United States Department of State}},\n  year = {{2024}},\n  url = {{{STATE}}}\n}}",
    f"TY  - RPRT\nAU  - U.S. Department of State\nTI  - Country Reports on Human Rights Practices: Mali\n"
    f"PY  - 2024\nDA  - 2024/04/22/\nUR  - {STATE}\nER  - ",
    '[{"id": "mali2023", "type": "report", "title": "Country Reports on Human Rights Practices: Mali", '
    '"author": [{"literal": "U.S. Department of State"}], "issued": {"date-parts": [[2024, 4, 22]]}, '
    f'"URL": "{STATE}"}}]',
]


@pytest.mark.parametrize("text", CITATIONS_OF_2023)
def test_a_citation_of_the_2023_edition_is_neither_found_nor_probable_in_an_archive_of_2024(
        reports_2024, text):
    found = lookup(reports_2024, text)
    assert [c for c in found if c.verdict in ("found", "probably")] == []
    mali = [c for c in found if c.title and c.title.startswith("Mali")]
    assert all(c.verdict == "other" for c in mali)


@pytest.mark.parametrize("text", [
    "U.S. Department of State. (2025). 2024 country reports on human rights practices: Mali. "
    "https://www.state.gov/reports/2024-country-reports-on-human-rights-practices/mali/",
    "United States Department of State, Mali \u2014 Country Reports on Human Rights Practices, July 2025",
    "Mali 2024 Human Rights Report",
])
def test_the_2024_edition_cited_the_same_ways_is_found(reports_2024, text):
    found = lookup(reports_2024, text)
    assert found[0].title.startswith("Mali") and found[0].verdict == "found"


@pytest.mark.parametrize("text, reason", [
    ("2023 Country Reports on Human Rights Practices: Mali", "another year of the series (2024, not 2023)"),
    (f"United States Department of State, Country Reports on Human Rights Practices - Mali, {PDF_2023}",
     "another year of the series (2024, not 2023)"),
    ("United States Department of State, Mali \u2014 Country Reports on Human Rights Practices, April 2024",
     "another edition (2025, not 2024)"),
])
def test_the_year_that_rules_the_edition_out_is_named(reports_2024, text, reason):
    mali = next(c for c in lookup(reports_2024, text) if c.id and c.title.startswith("Mali \u2014"))
    assert reason in mali.reasons


ERITREA = ("Situation of human rights in Eritrea: Report of the Special Rapporteur on the "
           "situation of human rights in Eritrea")


@pytest.fixture(scope="module")
def symbols_archive(tmp_path_factory):
    """A Human Rights Council session's report (its symbol names the session) and an undated
    Commission report without a symbol."""
    docs = [
        make_document(id="hrc-56", title=ERITREA, publisher="UN Human Rights Council", author=None,
                      published="2024-05-06", report_year=None, document_symbol="A/HRC/56/24",
                      countries=()),
        make_document(id="cn4-2006", title="Report of the Working Group on Enforced or Involuntary "
                      "Disappearances", publisher="UN Commission on Human Rights", author=None,
                      published="2006-01-02", report_year=None, document_symbol=None, countries=()),
    ]
    folder = tmp_path_factory.mktemp("symbols")
    write_index(folder, docs)
    with open_archive(folder) as opened:
        yield opened


@pytest.mark.parametrize("text, doc_id, reason", [
    # another session's report: the same title, another symbol
    (f"UN Human Rights Council, {ERITREA}, A/HRC/53/20", "hrc-56",
     "another document symbol (A/HRC/56/24, not A/HRC/53/20)"),
    # a year inside the symbol, years before the document held
    ("UN Commission on Human Rights, Report of the Working Group on Enforced or Involuntary "
     "Disappearances, E/CN.4/2003/70", "cn4-2006", "another year of the series"),
])
def test_another_symbol_or_a_year_inside_one_rules_the_document_out(symbols_archive, text, doc_id, reason):
    found = {c.id: c for c in lookup(symbols_archive, text)}
    assert doc_id in found and found[doc_id].verdict == "other"
    assert any(reason in r for r in found[doc_id].reasons)


def test_the_same_symbol_written_otherwise_still_finds_the_document(symbols_archive):
    found = lookup(symbols_archive, f"UN Human Rights Council, {ERITREA}, 6 May 2024, A/HRC/56/24")
    assert found[0].id == "hrc-56" and found[0].verdict == "found"


@pytest.mark.parametrize("url, year", [
    (STATE, "2023"),
    (PDF_2023, "2023"),
    ("https://www.state.gov/reports/2019-trafficking-in-persons-report/mali/", "2019"),
    ("https://2001-2009.state.gov/g/tip/rls/tiprpt/2008/105387.htm", "2008"),
    ("https://www.state.gov/wp-content/uploads/2025/07/624521_CONGO-REP-2024-HUMAN-RIGHTS-REPORT.pdf", "2024"),
    ("https://www.refworld.org/docid/4680d7f3c.html", None),
    ("https://www.state.gov/j/drl/rls/hrrpt/", None),
])
def test_the_report_year_an_address_names_is_read(url, year):
    assert address_report_year(url) == year


@pytest.mark.parametrize("symbol, years", [
    ("E/CN.4/2005/7", {"2005"}), ("S/2024/123", {"2024"}), ("A/HRC/55/22", set()),
    ("NGA26574.E", set()), ("217 A (III)", set()),
])
def test_a_year_is_read_inside_a_symbol_only_as_one_of_its_parts(symbol, years):
    assert symbol_years(symbol) == years


@pytest.mark.parametrize("cited, held, same_series", [
    ("A/HRC/53/20", "A/HRC/56/24", True), ("NGA26574.E", "NGA31045.E", True),
    ("217 A (III)", "260 A (III)", True), ("p. 12", "NGA26574.E", False), ("HCR/GIP/02/01", "A/HRC/56/24", False),
])
def test_symbols_of_one_series_share_what_comes_before_their_first_number(cited, held, same_series):
    from indexer.editions import symbol_series

    assert (symbol_series(cited) == symbol_series(held)) is same_series
