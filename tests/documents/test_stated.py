"""Dates, publishers and symbols a file states about itself, outranking what is only inferred.

Each case is a small file written here: HTML pages with JSON-LD, a site name
or ecoi.net's "Source:" field, and text PDFs (``pdf_maker``) whose first
page prints the date in each form reports use, or a UN cover.
"""
from __future__ import annotations

import pytest
from pdf_maker import Text, make_pdf

from indexer.documents.reader import parse_document
from indexer.documents.stated import is_caption, is_cover_line, printed_date, un_symbol
from indexer.provenance import date_origins

BODY = ("The government took steps to identify and punish officials who committed abuses. "
        "Civil society groups reported arbitrary arrests during the year.")
# A creation date years after the publication: a re-saved copy, which a printed date outranks.
RESAVED = {"/CreationDate": "D:20260301120000+00'00'"}


def page_html(head: str = "", body: str = "") -> bytes:
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Mali report</title>{head}"
            f"</head><body><main><h1>Mali: detention of returnees</h1>{body}<h2>Findings</h2><p>{BODY}</p>"
            f"</main></body></html>").encode()


def cover_pdf(*cover: str, metadata: dict[str, str] | None = None) -> bytes:
    """A one-page PDF: a bold title, the cover lines given, then a heading and a paragraph."""
    lines = [Text("Detention of returnees in Mali", 720, 16, bold=True)]
    y = 690.0
    for line in cover:
        lines.append(Text(line, y, 10))
        y -= 20
    lines += [Text("Findings", y - 10, 13, bold=True), Text(BODY[:80], y - 34), Text(BODY[80:], y - 47)]
    return make_pdf([lines], metadata={"/Title": "Detention of returnees in Mali", **(metadata or RESAVED)})


@pytest.mark.parametrize("lines, expected", [
    (["Published: 12 August 2025"], "2025-08-12"),
    (["Publication date: August 2025"], "2025-08"),
    (["Released August 12, 2025"], "2025-08-12"),
    (["Released: 12 Aug. 2025"], "2025-08-12"),
    (["Date of publication: 2025-08-12"], "2025-08-12"),
    (["General Assembly", "Distr.: General 5 August 2024"], "2024-08-05"),
    (["Distr.: General", "5 August 2024", "Original: English"], "2024-08-05"),
    (["Distr.: Limited", "Original: French"], None),
    (["The report was published: 12 August 2025 in Geneva, after consultations."], None),
    (["Released by the Office to Monitor and Combat Trafficking in Persons in 2025"], None),
])
def test_a_date_the_top_of_the_text_prints_is_read_at_its_precision(lines, expected):
    assert printed_date(lines) == expected


def test_a_date_printed_below_the_cover_is_not_the_documents():
    lines = ["Findings"] + [BODY] * 45 + ["Published: 12 August 2025"]
    assert printed_date(lines) is None


@pytest.mark.parametrize("cover", [
    ["Published: 12 August 2025"],
    ["Released August 12, 2025"],
    ["United Nations", "Distr.: General 12 August 2025"],
    ["Distr.: General", "12 August 2025", "Original: English"],
])
def test_a_date_printed_on_a_pdfs_cover_outranks_its_creation_date(cover):
    doc = parse_document(cover_pdf(*cover), "mali.pdf")
    assert (doc.published, doc.published_source) == ("2025-08-12", "text")
    assert date_origins(doc)["published"].says == "stated in the document"
    assert date_origins(doc)["published"].stated


def test_a_pdf_that_prints_no_date_is_still_dated_by_its_plausible_creation_date():
    doc = parse_document(cover_pdf("Original: English", metadata={"/CreationDate": "D:20250812090000"}), "m.pdf")
    assert (doc.published, doc.published_source) == ("2025-08-12", "pdf metadata")
    assert not date_origins(doc)["published"].stated


@pytest.mark.parametrize("cover", [
    ["Published: 12 August 2025"],
    ["A/HRC/57/24", "Distr.: General 5 August 2024", "Original: English"],
    ["Distr.: General", "5 August 2024"],
])
def test_a_cover_date_or_symbol_is_never_a_section_even_in_bold(cover):
    lines = [Text("Detention of returnees in Mali", 720, 16, bold=True)]
    lines += [Text(line, 690 - 20 * n, 11, bold=True) for n, line in enumerate(cover)]
    lines += [Text("Findings", 560, 13, bold=True), Text(BODY[:80], 536), Text(BODY[80:], 523)]
    doc = parse_document(make_pdf([lines], metadata={"/Title": "Detention of returnees in Mali", **RESAVED}),
                         "cover.pdf")
    assert [s.title for s in doc.sections] == ["Findings"]
    assert all(line in doc.text for line in cover)   # the lines stay in the text


@pytest.mark.parametrize("lines, expected", [
    (["United Nations A/HRC/57/24"], "A/HRC/57/24"),
    (["Security Council", "S/2024/123"], "S/2024/123"),
    (["E/CN.4/2005/7"], "E/CN.4/2005/7"),
    (["CCPR/C/GBR/CO/8"], "CCPR/C/GBR/CO/8"),
    (["A/HRC/57/24/Add.1"], "A/HRC/57/24/Add.1"),
    (["See A/HRC/57/24 for the previous report."], None),   # cited, not its own
    (["and/or 2024/25"], None),
])
def test_united_nations_symbols_printed_on_the_cover_are_read_as_symbols(lines, expected):
    assert un_symbol(lines) == expected


def test_a_un_report_pdf_carries_its_symbol_and_its_cover_date():
    doc = parse_document(cover_pdf("United Nations A/HRC/57/24", "Distr.: General 5 August 2024",
                                   "Original: English"), "un.pdf")
    assert (doc.document_symbol, doc.published) == ("A/HRC/57/24", "2024-08-05")


def test_a_pdf_titled_with_a_un_symbol_has_that_symbol_and_a_title_of_words():
    data = make_pdf([[Text("Report of the Secretary-General", 700, 13, bold=True), Text(BODY, 680)]],
                    metadata={"/Title": "S/2024/123"})
    doc = parse_document(data, "s.pdf")
    assert (doc.document_symbol, doc.title) == ("S/2024/123", "Report of the Secretary-General")


@pytest.mark.parametrize("line, caption", [
    ("Table 1. Cases reported to the national human rights commission", True),
    ("Table 1: Cases reported", True),
    ("Figure 2 – Returns by month", True),
    ("Table 3", True),
    ("Tables and figures", False),
    ("Section 2. Liberty", False),
])
def test_table_and_figure_captions_are_told_apart(line, caption):
    assert is_caption(line) is caption


@pytest.mark.parametrize("line, cover", [
    ("5 August 2024", True), ("Distr.: General", True), ("Original: English", True),
    ("A/HRC/57/24", True), ("Executive Summary", False), ("a. Freedom of the Press", False),
])
def test_cover_lines_are_told_from_headings(line, cover):
    assert is_cover_line(line) is cover


def prose(n: int, y: float) -> list[Text]:
    """Six lines of a paragraph, different on every page ``n``."""
    return [Text(f"Page {n} line {k}: the commission received complaints from detainees and families.",
                 y - 13 * k) for k in range(6)]


def test_a_table_caption_and_its_header_row_are_not_sections_across_a_page_break():
    row = "Category Cases received Cases resolved"
    first = [Text("Freedom of the Press", 720, 13, bold=True), *prose(1, 700),
             Text("Table 1. Cases reported to the commission", 600, 10, bold=True),
             Text(row, 580, 10, bold=True), Text("Arbitrary detention 112 47", 565), *prose(2, 530)]
    second = [Text(row, 720, 10, bold=True), Text("Police abuse 86 31", 705),
              Text("Worker Rights", 670, 13, bold=True), *prose(3, 650)]
    third = [Text("Protection of Children", 720, 13, bold=True), *prose(4, 700)]
    doc = parse_document(make_pdf([first, second, third], metadata={"/Title": "Report", **RESAVED}), "t.pdf")
    assert [s.title for s in doc.sections] == ["Freedom of the Press", "Worker Rights", "Protection of Children"]
    assert doc.text.count(row) == 2
    assert "Table 1. Cases reported to the commission" in doc.text
    assert doc.text[doc.pages[1]:].startswith(row)   # the second page still starts there


@pytest.mark.parametrize("script, expected", [
    ('{"@context":"https://schema.org","@type":"Article","datePublished":"2025-08-12T16:31:05+00:00"}',
     "2025-08-12"),
    ('{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Site"},'
     '{"@type":"WebPage","datePublished":"2025-08-12","dateModified":"2025-08-14"}]}', "2025-08-12"),
    ('[{"@type":"Report","datePublished":"August 2025"}]', "2025-08"),
    ('{"@type": "Article", "datePublished": ', None),   # broken JSON is only missing metadata
])
def test_json_ld_date_published_dates_a_web_page(script, expected):
    doc = parse_document(page_html(f'<script type="application/ld+json">{script}</script>'), "page.html")
    found = None if doc.published_source != "page metadata" else doc.published
    assert found == expected


def test_json_ld_date_modified_is_the_last_update():
    script = '{"@type":"WebPage","datePublished":"2025-08-12","dateModified":"2025-08-14T15:02:11+00:00"}'
    doc = parse_document(page_html(f'<script type="application/ld+json">{script}</script>'), "page.html")
    assert (doc.last_updated, doc.last_updated_source) == ("2025-08-14", "page metadata")


def test_a_date_printed_in_a_web_page_outranks_its_json_ld():
    script = '{"@type":"Article","datePublished":"2025-09-01"}'
    doc = parse_document(page_html(f'<script type="application/ld+json">{script}</script>',
                                   "<p>Published: 12 August 2025</p>"), "page.html")
    assert (doc.published, doc.published_source) == ("2025-08-12", "text")


@pytest.mark.parametrize("head, body, expected", [
    ('<meta property="og:site_name" content="Amnesty International">', "", "Amnesty International"),
    ('<script type="application/ld+json">{"@type":"Article","publisher":{"@type":"Organization",'
     '"name":"Human Rights Watch"}}</script>', "", "Human Rights Watch"),
    # A site that republishes others' documents is not their publisher.
    ('<meta property="og:site_name" content="ecoi.net">', "", None),
    ('<meta property="og:site_name" content="Refworld">', "", None),
    # ecoi.net names the original publisher in its "Source:" field.
    ('<meta property="og:site_name" content="ecoi.net">',
     "<dl><dt>Source:</dt><dd>USDOS – US Department of State</dd><dt>Published:</dt><dd>12 August 2025</dd></dl>",
     "United States Department of State"),
    ("", "<dl><dt>Source:</dt><dd>AI – Amnesty International</dd></dl>", "Amnesty International"),
    ("", "<dl><dt>Source:</dt><dd>Danish Refugee Council</dd></dl>", "Danish Refugee Council"),
    # A labelled publisher wins over the site's name.
    ('<meta property="og:site_name" content="Some Site">',
     "<dl><dt>Publisher:</dt><dd>Freedom House</dd></dl>", "Freedom House"),
])
def test_the_site_name_and_the_source_field_name_the_publisher(head, body, expected):
    assert parse_document(page_html(head, body), "page.html").publisher == expected


def test_an_ecoi_page_says_its_source_and_date_and_keeps_them_out_of_the_text():
    body = "<dl><dt>Source:</dt><dd>USDOS – US Department of State</dd><dt>Published:</dt><dd>12 August 2025</dd></dl>"
    doc = parse_document(page_html('<meta property="og:site_name" content="ecoi.net">', body), "ecoi.html")
    assert (doc.publisher, doc.published, doc.published_source) == (
        "United States Department of State", "2025-08-12", "text")
    assert "USDOS" not in doc.text


def test_the_producers_web_pages_state_their_publisher_and_date(corpus_dir):
    from indexer.documents.reader import read_document
    folder = corpus_dir / "producers"
    state = read_document(folder / "statedept-ghana.html")
    assert (state.publisher, state.published, state.published_source) == (
        "United States Department of State", "2025-08-12", "page metadata")
    ecoi = read_document(folder / "ecoi-ghana-a.html")
    assert (ecoi.publisher, ecoi.published) == ("United States Department of State", "2025-08-12")


def test_the_producers_captioned_table_is_no_section(corpus_dir):
    from indexer.documents.reader import read_document
    doc = read_document(corpus_dir / "producers" / "fpdf2-colombia.pdf")
    assert not [s.title for s in doc.sections if s.title.startswith(("Table", "Category"))]


@pytest.mark.parametrize("lines, expected", [
    (["United Nations A/HRC/57/24 General Assembly Distr.: General 5 August 2024 Original: English"],
     ("A/HRC/57/24", "2024-08-05")),
    (["Security Council S/2024/123"], (None, None)),
])
def test_a_un_cover_read_as_one_paragraph_still_gives_its_symbol_and_date(lines, expected):
    assert (un_symbol(lines), printed_date(lines)) == expected


def test_a_un_symbol_read_from_the_cover_finds_its_document_in_the_citation_lookup(tmp_path):
    from indexer.archive import open_archive
    from indexer.build import write_index
    from indexer.citations.lookup import lookup
    doc = parse_document(cover_pdf("United Nations A/HRC/57/24", "Distr.: General 5 August 2024"), "un.pdf")
    write_index(tmp_path / "index", [doc])
    with open_archive(tmp_path / "index") as archive:
        found = lookup(archive, "A/HRC/57/24", 5)
    assert [(c.id, c.verdict) for c in found[:1]] == [(doc.id, "found")]


def test_a_date_heading_after_the_cover_heads_a_chronologys_entry():
    lines = [Text("Mali chronology", 740, 16, bold=True), Text("Introduction", 720, 13, bold=True),
             Text(BODY[:80], 700), Text("12 March 2024", 670, 11, bold=True), Text(BODY[80:], 650)]
    doc = parse_document(make_pdf([lines], metadata=RESAVED), "c.pdf")
    assert [s.title for s in doc.sections] == ["Mali chronology", "Introduction", "12 March 2024"]


def test_a_cover_date_under_a_title_heading_is_no_section():
    lines = [Text("Mali chronology", 740, 16, bold=True), Text("5 August 2024", 720, 11, bold=True),
             Text("Introduction", 690, 13, bold=True), Text(BODY, 670)]
    doc = parse_document(make_pdf([lines], metadata=RESAVED), "c.pdf")
    assert [s.title for s in doc.sections] == ["Mali chronology", "Introduction"]


def test_a_json_ld_date_is_shown_as_the_pages_own_metadata():
    script = '{"@type":"Article","datePublished":"2025-08-12"}'
    doc = parse_document(page_html(f'<script type="application/ld+json">{script}</script>'), "page.html")
    found = date_origins(doc)["published"]
    assert (found.source, found.says, found.stated) == ("page metadata", "from the page's metadata", True)
