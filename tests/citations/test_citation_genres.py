"""The kind of report a citation names, and what BibTeX styles print for it (pybtex's plain style)."""
from __future__ import annotations

import datetime as dt

import pytest
from conftest import make_document
from pybtex.backends.plaintext import Backend
from pybtex.database import parse_string
from pybtex.style.formatting.plain import Style

from indexer.citations.formats import format_citation, format_citations
from indexer.citations.genres import report_kind

STATE = "United States Department of State"


@pytest.mark.parametrize("title, doc_type, kind", [
    ("Trafficking in Persons Report 2008 - Mali", "Annual report", "Trafficking in Persons Report"),
    ("U.S. Department of State 2004 Trafficking in Persons Report - Mali", None, "Trafficking in Persons Report"),
    ("2024 Country Reports on Human Rights Practices: Mali", "Country report", "Country report"),
    ("Country Report on Human Rights Practices for 2003 - Chad", None, "Country report"),
    ("2019 Report on International Religious Freedom: Mali", "Annual report", "International Religious Freedom Report"),
    ("Nigeria: Treatment of witnesses", "Query response", "Query response"),
    ("Guidance on protection needs in Côte d'Ivoire", "Policy document", "Policy document"),
    ("A report of no known kind", None, "Report"),
    (None, None, "Report"),
])
def test_a_report_is_named_by_its_series_else_its_type_else_report(title, doc_type, kind):
    assert report_kind(make_document(title=title, doc_type=doc_type)) == kind


def plain_style(bibtex: str) -> list[str]:
    """The entries as pybtex's plain style (BibTeX's plain.bst) prints them."""
    entries = parse_string(bibtex, "bibtex").entries
    return [entry.text.render(Backend()) for entry in Style().format_entries(entries.values())]


@pytest.mark.parametrize("title, doc_type, printed", [
    ("Trafficking in Persons Report 2008 - Mali", "Annual report", "Trafficking in Persons Report, United States"),
    ("2024 Country Reports on Human Rights Practices: Mali", "Country report", "Country report, United States"),
    ("A report of no known kind", None, "Report, United States"),
])
def test_bibtex_styles_print_the_kind_of_report_never_technical_report(title, doc_type, printed):
    doc = make_document(title=title, doc_type=doc_type, publisher=STATE, author=None)
    [entry] = plain_style(format_citation(doc, "bibtex", dt.date(2026, 1, 2)))
    assert printed in entry
    assert "Technical Report" not in entry


def test_every_report_of_a_bibliography_says_its_kind():
    docs = [make_document(id=f"d{i}", title=title, publisher=STATE)
            for i, title in enumerate(("Trafficking in Persons Report 2005 - Chad", "Untitled memo"))]
    rendered = plain_style(format_citations(docs, "bibtex"))
    assert len(rendered) == 2 and not any("Technical Report" in entry for entry in rendered)
