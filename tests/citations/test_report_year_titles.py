"""A Country Report is cited with the year it reports on, as the State Department titles it
("2024 Country Reports on Human Rights Practices: Mali"), whatever its saved copy is called;
a title that already names the edition is cited as written; and the citation finds its
document again."""
from __future__ import annotations

import datetime as dt

import pytest
from conftest import make_document

from indexer.citations.formats import STYLES, format_citation
from indexer.citations.lookup import lookup
from indexer.documents.reader import read_document
from indexer.records import Country
from indexer.series import cited_title

MALI = (Country("Mali", "MLI"),)
ACCESSED = dt.date(2026, 12, 7)


@pytest.mark.parametrize("title, countries, expected", [
    ("Mali — Country Reports on Human Rights Practices", MALI,
     "2024 Country Reports on Human Rights Practices: Mali"),
    ("Mali 2024 Human Rights Report", MALI, "2024 Country Reports on Human Rights Practices: Mali"),
    ("SRI LANKA 2024 HUMAN RIGHTS REPORT", (Country("Sri Lanka", "LKA"),),
     "2024 Country Reports on Human Rights Practices: Sri Lanka"),
    ("Burma — Country Reports on Human Rights Practices", (Country("Myanmar", "MMR"),),
     "2024 Country Reports on Human Rights Practices: Burma"),   # the country as the report names it
    # Titles that name the series and the year are the document's own: cited as written.
    ("2024 Country Report on Human Rights Practices: Ghana", (Country("Ghana", "GHA"),), None),
    ("Trafficking in Persons Report 2024 - Mali", MALI, None),
    ("A note on returns to Mali", MALI, None),
])
def test_a_country_report_is_cited_with_the_year_it_reports_on(title, countries, expected):
    doc = make_document(title=title, countries=countries, report_year=2024, published="2025-07",
                        doc_type="Country report")
    assert cited_title(doc) == expected


@pytest.mark.parametrize("style", ["refworld", "apa", "chicago", "bibtex", "ris", "csl-json"])
def test_every_style_cites_the_report_year_in_the_title(style):
    doc = make_document(title="Mali — Country Reports on Human Rights Practices", report_year=2024,
                        published="2025-07", doc_type="Country report", tier=None)
    cited = format_citation(doc, style, ACCESSED)
    assert "2024 Country Reports on Human Rights Practices: Mali" in cited
    assert "2025" in cited   # published in 2025, and dated so


def test_a_report_without_its_report_year_keeps_its_own_title():
    doc = make_document(title="Mali — Country Reports on Human Rights Practices", report_year=None)
    assert cited_title(doc) is None
    assert "Mali — Country Reports on Human Rights Practices" in format_citation(doc, "apa", ACCESSED)


def test_the_markdown_and_the_pdf_of_one_report_are_cited_by_one_title(corpus_dir):
    copies = [read_document(corpus_dir / "hrr-2024" / "mali.md"),
              read_document(corpus_dir / "pdf" / "mali-2024-human-rights-report.pdf")]
    assert {cited_title(doc) for doc in copies} == {"2024 Country Reports on Human Rights Practices: Mali"}


@pytest.mark.parametrize("style", [s for s in STYLES if s in ("refworld", "apa", "chicago")])
def test_the_citation_with_the_report_year_finds_its_report(archive, search_documents, style):
    doc = next(d for d in search_documents if d.path.endswith("hrr-2024/mali.md"))
    found = lookup(archive, format_citation(doc, style, ACCESSED))
    assert found[0].id == doc.id and found[0].verdict == "found", found[:2]
