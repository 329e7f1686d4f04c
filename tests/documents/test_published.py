"""Publication dates at their precision, with the source each was read from."""
from __future__ import annotations

import pytest
from conftest import make_document

from indexer.archive import open_archive
from indexer.build import write_index
from indexer.documents.published import (
    address_date,
    extract_last_updated_dated,
    extract_published_dated,
    extract_report_year_dated,
)
from indexer.documents.reader import parse_document, read_all, read_document
from indexer.documents.source import Source
from indexer.records import DATE_SOURCES, REPORT_YEAR_SOURCES
from indexer.refworld_urls import parse_refworld_url
from indexer.request import parse_request


@pytest.mark.parametrize("url, expected", [
    ("https://www.state.gov/wp-content/uploads/2025/07/624521_MALI-2024-HUMAN-RIGHTS-REPORT.pdf", "2025-07"),
    ("https://2009-2017.state.gov/j/tip/rls/tiprpt/countries/2014/226753.htm", "2014"),
    ("https://www.example.org/news/2019/03/14/returns-resume", "2019-03-14"),
    ("https://www.refworld.org/reference/annualreport/usdos/2003/en/26145", "2003"),
    ("https://www.refworld.org/docid/4680d7f3c.html", None),
    ("https://www.example.org/reports/2019/summary", None),   # a bare year folder says nothing sure
])
def test_dates_written_into_addresses(url, expected):
    assert address_date(url) == expected


def src(labels=None, meta=None, body=""):
    return Source(path="x.txt", sha256="0" * 64, labels=labels or {}, meta=meta or {}, body=body)


@pytest.mark.parametrize("source, title, report_year, expected", [
    (src(labels={"published": "14 June 2004"}), None, 2004, ("2004-06-14", "text")),
    (src(meta={"citation_publication_date": "2012-03"}), None, None, ("2012-03", "page metadata")),
    (src(labels={"source_url": "https://www.state.gov/wp-content/uploads/2025/07/x.pdf"}),
     "Mali — Country Reports on Human Rights Practices", 2024, ("2025-07", "address")),
    # An address dated before the year the report covers is not its publication.
    (src(labels={"source_url": "https://www.example.org/uploads/2019/01/x.pdf"}), "Report for 2024", 2024,
     ("2024", "report year")),
    (src(meta={"pdf:created": "D:20240615093000+02'00'"}), None, None, ("2024-06-15", "pdf metadata")),
    (src(meta={"pdf:created": "D:20261204190039+00'00'", "pdf:subject": "Country Reports on Human Rights Practices"}),
     "Mali 2024 Human Rights Report", 2024, ("2025", "report year")),
    (src(), "Trafficking in Persons Report 2008 - Mali", 2008, ("2008", "report year")),
    (src(), "Mali — Country Reports on Human Rights Practices", 2024, ("2025", "report year")),
    (src(), "Some paper", None, None),
])
def test_the_strongest_date_wins_and_says_where_it_came_from(source, title, report_year, expected):
    found = extract_published_dated(source, title, report_year)
    assert (None if found is None else (found.value, found.source)) == expected


def test_every_country_report_has_a_date_after_the_year_it_covers(corpus_dir):
    report = read_all([corpus_dir / "hrr-2024", corpus_dir / "hrr-2024-more"])
    reports = [d for d in report.documents if not d.path.endswith("PROVENANCE.md")]
    assert len(reports) == 42
    for doc in reports:
        assert doc.report_year == 2024, doc.path
        assert doc.published[:4] == "2025" and doc.published_source == "address", doc.path


def test_no_document_of_the_corpus_is_left_without_a_date_a_source_gives(corpus_dir):
    report = read_all([corpus_dir])
    undated = [d for d in report.documents if d.published is None]
    for doc in undated:  # only files that name no date, address with one, or report year
        assert doc.report_year is None and not address_date(doc.source_url or ""), doc.path
    assert all(d.published_source in DATE_SOURCES for d in report.documents if d.published)


def test_a_tip_page_from_the_state_departments_site_is_dated_by_its_address():
    text = ("https://2009-2017.state.gov/j/tip/rls/tiprpt/countries/2015/243487.htm\n\n"
            "MALI: Tier 2 Watch List\n\nMali is a source, transit, and destination country.\n")
    doc = parse_document(text.encode(), "tip2015-mali.txt")
    assert (doc.published, doc.published_source, doc.tier) == ("2015", "address", "Tier 2 Watch List")
    assert doc.source_url.endswith("/countries/2015/243487.htm")


DATED = {"day": "2024-06-14", "month": "2024-03", "year": "2024", "older": "2023-12-31"}


@pytest.mark.parametrize("date_from, date_to, expected", [
    ("2024-06", "2024-12", {"day", "year"}),          # a year overlaps any range inside it
    ("2024-03-20", "", {"day", "month", "year"}),     # so does a month
    ("2024-06-15", "2024-06-30", {"year"}),           # a day only itself
    ("2024-06-14", "2024-06-14", {"day", "year"}),
    ("", "2023", {"older"}),
    ("2023-12-31", "2024-01-01", {"older", "year"}),
])
def test_a_date_range_finds_every_date_that_overlaps_it(tmp_path, date_from, date_to, expected):
    write_index(tmp_path, [make_document(id=name, title=name, published=date, path=f"d/{name}.txt")
                           for name, date in DATED.items()])
    request = parse_request({"q": "", "from": date_from, "to": date_to, "per_page": "50"})
    with open_archive(tmp_path) as archive:
        assert {hit.id for hit in archive.search(request).hits} == expected
        # With words too: the filter is applied while matching them.
        worded = parse_request({"q": "2024 OR 2023 OR day OR month OR year OR older",
                                "from": date_from, "to": date_to})
        assert {hit.id for hit in archive.search(worded).hits} == expected


@pytest.mark.parametrize("source, title, addr, doc_type, published, expected", [
    (src(), "Trafficking in Persons Report 2008 - Mali", None, None, None, ("2008", "title")),
    (src(), "Country Reports on Human Rights Practices for 2010 - Cote d'Ivoire", None, None, None,
     ("2010", "title")),
    (src(body="Mali — 2024 Human Rights Report\nThe text."), "Mali — Country Reports on Human Rights Practices",
     None, None, None, ("2024", "text")),
    (src(labels={"edition": "2024"}), "Mali — Country Reports on Human Rights Practices", None, None, None,
     ("2024", "text")),
    (src(), None, parse_refworld_url("https://www.refworld.org/reference/annualreport/usdos/2003/en/26145"),
     "Annual report", None, ("2003", "address")),
    (src(), "Annual report of the Office", None, "Annual report", "2019-05", ("2019", "publication date")),
    (src(), "Some paper", None, None, "2019-05", None),
])
def test_the_report_year_says_where_it_was_read(source, title, addr, doc_type, published, expected):
    found = extract_report_year_dated(source, title, addr, doc_type, published)
    assert (None if found is None else (found.value, found.source)) == expected


@pytest.mark.parametrize("source, expected", [
    (src(labels={"last_updated": "Tuesday, 24 May 2016, 11:51 GMT"}), ("2016-05-24", "text")),
    (src(meta={"article:modified_time": "2019-03-14T10:00:00Z"}), ("2019-03-14", "page metadata")),
    (src(), None),
])
def test_the_last_update_says_where_it_was_read(source, expected):
    found = extract_last_updated_dated(source)
    assert (None if found is None else (found.value, found.source)) == expected


@pytest.mark.parametrize("path, published, report_year", [
    # Stated in the text: the seed's "Publication Date" line and its title's year.
    ("seeds/000_68d998b4ddf15f34.txt", ("2004-06-14", "text"), (2004, "title")),
    # The converted Markdown: its heading names the year, its PDF's address the month it was filed.
    ("hrr-2024/mali.md", ("2025-07", "address"), (2024, "text")),
    # The PDF: the title names the year; the date is worked out from it, never its creation date.
    ("pdf/mali-2024-human-rights-report.pdf", ("2025", "report year"), (2024, "title")),
])
def test_real_documents_record_where_each_date_was_read(corpus_dir, path, published, report_year):
    doc = read_document(corpus_dir / path)
    assert (doc.published, doc.published_source) == published
    assert (doc.report_year, doc.report_year_source) == report_year
    assert doc.report_year_source in REPORT_YEAR_SOURCES
