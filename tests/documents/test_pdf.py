"""PDFs: the shared corpus's report PDFs and PDFs built here for the edge cases."""
from __future__ import annotations

import re

import pytest
from pdf_maker import Text, make_pdf, report_page
from pypdf import PdfReader

from indexer.documents.reader import parse_reading, read_all, read_document
from indexer.errors import DocumentError
from indexer.locations import page_at, pinpoint

REPORTS = {"mali": ("Mali", "MLI", 6), "nigeria": ("Nigeria", "NGA", 7),
           "eritrea": ("Eritrea", "ERI", 5), "burma": ("Burma", "MMR", 9)}
RUNNING = ("2024 HUMAN RIGHTS REPORT", "Country Reports on Human Rights Practices for 2024",
           "Bureau of Democracy, Human Rights, and Labor")


@pytest.fixture(scope="module")
def reports(corpus_dir):
    return {name: read_document(corpus_dir / "pdf" / f"{name}-2024-human-rights-report.pdf") for name in REPORTS}


@pytest.mark.parametrize("name", REPORTS)
def test_a_report_pdf_is_described_from_its_metadata_and_title(reports, name):
    doc = reports[name]
    country, code, pages = REPORTS[name]
    assert doc.title == f"{country} 2024 Human Rights Report"   # the PDF's Title, not its capitalised heading
    assert doc.countries[0].code == code and doc.report_year == 2024
    assert (doc.publisher, doc.author, doc.doc_type) == (
        "United States Department of State", "U.S. Department of State", "Country report")
    # The files were made on 2026-12-04; the 2024 reports were published in 2025.
    assert (doc.published, doc.published_source) == ("2025", "report year")
    assert len(doc.pages) == pages and doc.pages[0] == 0 and list(doc.pages) == sorted(doc.pages)


@pytest.mark.parametrize("name", REPORTS)
def test_running_header_footer_and_page_numbers_leave_the_text(reports, name):
    doc = reports[name]
    lines = [line.casefold() for line in doc.text.split("\n")]
    for furniture in RUNNING:
        assert not any(line.endswith(furniture.casefold()) for line in lines), furniture
    assert "United States Department of State •" not in doc.text
    assert not re.search(r"^\d{1,2}$", doc.text, re.M)  # no page number left as a line


@pytest.mark.parametrize("name", REPORTS)
def test_every_page_start_is_where_that_pages_text_begins(corpus_dir, reports, name):
    doc = reports[name]
    pdf = PdfReader(corpus_dir / "pdf" / f"{name}-2024-human-rights-report.pdf")
    for number, start in enumerate(doc.pages, start=1):
        words = " ".join(doc.text[start:start + 200].split()[:4])
        page_text = " ".join(pdf.pages[number - 1].extract_text().split())
        assert words in page_text, (number, words)
        assert page_at(doc, start) == number


@pytest.mark.parametrize("name", REPORTS)
def test_report_headings_become_numbered_sections(reports, name):
    doc = reports[name]
    anchors = [s.anchor for s in doc.sections]
    assert anchors[0] == "executive-summary"
    assert {"s1", "s1.a", "s2", "s2.a", "s3"} <= set(anchors)
    freedom = next(s for s in doc.sections if s.anchor == "s2.a")
    assert freedom.title == "a. Freedom of the Press" and freedom.number == "2.a"
    assert doc.text[freedom.start:].startswith("a. Freedom of the Press")


def test_a_pinpoint_in_a_report_pdf_names_its_page_section_and_paragraph(reports):
    doc = reports["mali"]
    offset = doc.text.index("On April 11, the High Authority for Communication")
    label = pinpoint(doc, offset)
    assert re.fullmatch(r"p\. \d, section 2\.a, para\. 1", label), label


@pytest.mark.parametrize("file, reason", [
    ("scanned-no-text-layer.pdf", "no text: needs OCR"),
    ("encrypted-needs-password.pdf", "encrypted PDF: it needs a password"),
])
def test_unreadable_corpus_pdfs_are_skipped_with_their_reason(corpus_dir, file, reason):
    with pytest.raises(DocumentError, match=re.escape(reason)):
        read_document(corpus_dir / "pdf" / file)


def test_the_pdf_folder_is_read_around_the_two_unreadable_files(corpus_dir):
    report = read_all([corpus_dir / "pdf"])
    assert sorted(d.path.rsplit("/", 1)[-1] for d in report.documents if d.path.endswith(".pdf")) == [
        f"{name}-2024-human-rights-report.pdf" for name in sorted(REPORTS)]
    assert sorted(e.path.rsplit("/", 1)[-1] for e in report.skipped) == [
        "encrypted-needs-password.pdf", "scanned-no-text-layer.pdf"]


# ---- PDFs built here --------------------------------------------------------------

def two_page_report(**metadata) -> bytes:
    first = report_page(1, ["The first paragraph starts here and", "goes on to a second line.", "",
                            "Another paragraph that runs", "over the page"],
                        headings={0: ("Section 1. Scope", 13)})
    second = report_page(2, ["break and ends here.", "", "Last words of the report."],
                         headings={2: ("a. Details of the Matter", 11)})
    return make_pdf([first, second], metadata=metadata or None)


def test_a_built_pdf_keeps_paragraphs_across_a_page_break_and_marks_the_page():
    reading = parse_reading(two_page_report(), "acme.pdf", explain=True)
    doc = reading.document
    assert doc.text == ("Section 1. Scope\n\nThe first paragraph starts here and goes on to a second line.\n\n"
                        "Another paragraph that runs over the page break and ends here.\n\n"
                        "a. Details of the Matter\n\nLast words of the report.")
    assert doc.pages == (0, doc.text.index("break and ends"))
    assert [p.anchor for p in doc.paragraphs] == ["s1-p1", "s1-p2", "s1.a-p1"]
    assert pinpoint(doc, doc.text.index("Last words")) == "p. 2, section 1.a, para. 1"
    reason = "running header, footer or page number: at the edge of 2 of the 2 pages"
    assert [(r.text, r.reason) for r in reading.removed] == [
        ("ACME 2023 COUNTRY REPORT", reason), ("Published by the Acme Office", reason), ("1 … 2", reason)]


def test_a_wrapped_word_keeps_its_hyphen_and_loses_the_line_break():
    pages = [report_page(1, ["Security forces used self-", "defense as a reason to shoot. They were not"]),
             report_page(2, ["prosecuted."])]
    doc = parse_reading(make_pdf(pages), "two.pdf").document
    assert doc.text == "Security forces used self-defense as a reason to shoot. They were not prosecuted."


@pytest.mark.parametrize("metadata, published, source", [
    ({"/CreationDate": "D:20240301120000Z"}, "2024-03-01", "pdf metadata"),
    # A report for 2023 created in 2026 was re-saved: its report year dates it instead.
    ({"/Title": "Acme 2023 Trafficking in Persons Report", "/CreationDate": "D:20261204"}, "2023", "report year"),
    ({"/Title": "Acme 2023 Trafficking in Persons Report", "/CreationDate": "D:20230615"}, "2023-06-15",
     "pdf metadata"),
])
def test_a_pdf_creation_date_dates_the_document_only_when_plausible(metadata, published, source):
    doc = parse_reading(two_page_report(**metadata), "acme.pdf").document
    assert (doc.published, doc.published_source) == (published, source)


@pytest.mark.parametrize("title, expected", [
    ("Microsoft Word - report_final.docx", "Section 1. Scope"),   # a program's name: the first heading instead
    ("untitled", "Section 1. Scope"),
    ("Acme Report on Returns", "Acme Report on Returns"),
])
def test_a_weak_pdf_title_gives_way_to_the_first_heading(title, expected):
    assert parse_reading(two_page_report(**{"/Title": title}), "x9f3a7b2c1.pdf").document.title == expected


@pytest.mark.parametrize("data, options, reason", [
    (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer <<>>\n%%EOF", {}, "broken PDF"),
    (b"%PDF-1.4\n" + bytes(range(256)) * 4, {}, "broken PDF"),
    (make_pdf([[Text("Only a line.", 700)]] * 3), {"max_pdf_bytes": 100}, "PDF too large"),
    (make_pdf([[]]), {}, "no text: needs OCR"),
    (make_pdf([[Text("Secret.", 700)]], user_password="s3cret"), {}, "encrypted PDF"),
])
def test_bad_pdfs_are_refused_with_a_clear_reason(data, options, reason):
    with pytest.raises(DocumentError, match=re.escape(reason)):
        parse_reading(data, "bad.pdf", **options)


def test_a_pdf_longer_than_the_page_limit_is_refused(monkeypatch):
    from indexer.documents import pdf
    data = make_pdf([[Text(f"Page {n} text.", 700)] for n in range(5)])
    with pytest.raises(Exception, match=r"PDF too long \(5 pages; the limit is 4 pages\)"):
        pdf.read_pdf(data, max_pages=4)


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_a_pdf_with_only_an_owner_password_is_read(algorithm):
    data = make_pdf([[Text("Open to read, closed to edit.", 700)]], owner_password="owner", algorithm=algorithm)
    assert parse_reading(data, "owner.pdf").document.text == "Open to read, closed to edit."


def test_a_pdf_saved_under_another_name_is_read_as_a_pdf(tmp_path):
    path = tmp_path / "saved-page.html"
    path.write_bytes(two_page_report())
    assert read_document(path).pages[0] == 0
