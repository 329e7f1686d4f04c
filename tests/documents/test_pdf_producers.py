"""What every producer's PDFs need, on small built PDFs: footnotes apart, columns in order, no text that is not language.

Each is read with poppler's pdftotext when it is installed and with pypdf
alone (the fallback), and both must read it alike.
"""
from __future__ import annotations

import pytest
from pdf_maker import Text, make_pdf

from indexer.documents import pdf as pdf_module
from indexer.documents import poppler
from indexer.documents.reader import parse_document
from indexer.errors import DocumentError


@pytest.fixture(params=["pdftotext", "pypdf"])
def reader(request, monkeypatch):
    """Read with pdftotext (skipped when it is not installed) or with pypdf alone."""
    if request.param == "pdftotext" and not poppler.available():
        pytest.skip("poppler's pdftotext is not installed")
    if request.param == "pypdf":
        monkeypatch.setattr(pdf_module, "read_boxes", lambda data: None)
    return request.param


def footnoted_pages() -> list[list[Text]]:
    first = [Text("There were no reports of killings during the year.1 Police", 700),
             Text("investigated every case brought to them, and courts", 687),
             Text("1 Figures quoted from a July report of the secretary-general.", 60, size=7)]
    second = [Text("heard most of them within the year.", 700), Text("A second paragraph follows, on", 670),
              Text("three lines, as paragraphs", 657), Text("do.", 644)]
    return [first, second]


def test_a_footnote_at_the_foot_of_a_page_is_not_spliced_into_the_paragraph_it_interrupts(reader):
    doc = parse_document(make_pdf(footnoted_pages()), "noted.pdf")
    paragraphs = [(doc.text[p.start:p.end], p.footnote) for p in doc.paragraphs]
    assert paragraphs == [
        ("There were no reports of killings during the year. Police investigated every case brought to them, "
         "and courts heard most of them within the year.", None),
        ("Figures quoted from a July report of the secretary-general.", "1"),
        ("A second paragraph follows, on three lines, as paragraphs do.", None)]


def test_a_footnote_numbered_with_a_dot_as_css_footnotes_print_it_is_a_footnote(reader):
    pages = footnoted_pages()
    pages[0][2] = Text("1. Figures quoted from a July report of the secretary-general.", 60, size=7)
    doc = parse_document(make_pdf(pages), "noted.pdf")
    notes = [(doc.text[p.start:p.end], p.footnote) for p in doc.paragraphs if p.footnote]
    assert notes == [("Figures quoted from a July report of the secretary-general.", "1")]


def test_a_page_of_two_columns_is_read_down_the_left_column_first():
    """pdftotext's order, made column by column (pypdf alone reads in the order the page draws)."""
    if not poppler.available():
        pytest.skip("poppler's pdftotext is not installed")
    left = [Text(f"Left column line {n} says something of the country here.", 700 - 13 * n, x=50) for n in range(6)]
    right = [Text("Section 2. Liberty", 700, size=14, bold=True, x=320)]
    right += [Text(f"Right column line {n} goes on about the press.", 680 - 13 * n, x=320) for n in range(6)]
    doc = parse_document(make_pdf([right + left]), "columns.pdf")
    assert doc.text.index("Left column line 5") < doc.text.index("Section 2. Liberty") < doc.text.index("Right column")
    assert [s.title for s in doc.sections] == ["Section 2. Liberty"]


@pytest.mark.parametrize("text", [
    "!\"#$%&'()*+,-./ !\"#$% &'()*+ ,-./!\"#$",
    "Xkq zrt bhvp qwx zzkr tpl mnb vcx Xkq zrt bhvp qwx",
])
def test_a_text_layer_that_is_not_language_needs_ocr(reader, text):
    pages = [[Text(text, 700 - 13 * n) for n in range(10)]]
    with pytest.raises(DocumentError, match=r"no readable text: needs OCR \(its text layer is not language"):
        parse_document(make_pdf(pages), "glyphs.pdf")


def test_a_browser_print_takes_its_address_from_its_footer_and_its_title_from_its_heading():
    """Read with pdftotext, which keeps the margins' date and title, address and page counter apart."""
    if not poppler.available():
        pytest.skip("poppler's pdftotext is not installed")
    url = "https://www.state.gov/reports/2024-country-reports-on-human-rights-practices/mali/"
    pages = [[Text("12/7/26, 3:00 AM", 770, size=8), Text("Mali - United States Department of State", 770, size=8, x=250),
              Text(f"{url}", 20, size=8), Text(f"{n}/2", 20, size=8, x=560),
              Text(f"Text of page {n} of the report on Mali, as the page shows it.", 650)] for n in (1, 2)]
    pages[0].append(Text("Mali", 700, size=24, bold=True))
    doc = parse_document(make_pdf(pages, metadata={"/Title": "Mali - United States Department of State"}), "mali.pdf")
    assert doc.source_url == url
    assert doc.title.endswith("Mali") and "United States Department of State" not in doc.title
