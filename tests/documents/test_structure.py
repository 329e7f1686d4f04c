"""Sections and paragraphs: headings in every form, stable anchors, and the helpers that read them."""
from __future__ import annotations

import pytest
from conftest import make_document

from indexer import locations
from indexer.documents import structure
from indexer.documents.reader import parse_document, read_document
from indexer.records import Document, Paragraph, Section


@pytest.mark.parametrize("line, expected", [
    ("Section 2. Liberty", ("2", "section", 1)),
    ("SECTION 3: SECURITY OF THE PERSON", ("3", "section", 1)),
    ("a. Freedom of the Press", ("a", "letter", 2)),
    ("II. Background", ("II", "roman", 1)),
    ("2.3 Treatment of returnees", ("2.3", "decimal", 2)),
    ("4. Conclusions", ("4", "decimal", 1)),
    ("a. the applicant said he was afraid", None),          # lower case: a list item
    ("1. The present guidelines replace those of 2007.", None),  # a sentence: a numbered paragraph
    ("Executive Summary", None),                             # unnumbered plain lines are body
    ("a. " + "Very long heading words " * 8, None),
])
def test_plain_numbered_lines_are_headings(line, expected):
    found = structure.plain_heading(line)
    assert (None if found is None else (found.number, found.kind, found.level)) == expected


@pytest.mark.parametrize("title, anchor", [
    ("Executive Summary", "executive-summary"),
    ("Côte d’Ivoire: overview", "cote-divoire-overview"),
    ("P1", "s-p1"),            # never mistaken for a paragraph anchor
    ("!!!", "section"),
])
def test_unnumbered_sections_are_anchored_by_their_title(title, anchor):
    assert structure.slug(title) == anchor


LINES = ["Opening words before any heading.", "", "## Executive Summary", "", "Summary text.", "",
         "## Section 1. Life", "", "### a. Extrajudicial Killings", "", "First killing paragraph.", "",
         "Second killing paragraph.", "", "### b. Coercion", "", "Coercion text.", "",
         "Section 2. Liberty", "", "a. Freedom of the Press", "", "Press text.", "",
         "## Executive Summary", "", "A second summary."]


def test_build_gives_sections_with_numbered_and_titled_anchors():
    built = structure.build(LINES)
    assert [(s.anchor, s.number, s.level) for s in built.sections] == [
        ("executive-summary", None, 2), ("s1", "1", 2), ("s1.a", "1.a", 3), ("s1.b", "1.b", 3),
        ("s2", "2", 1), ("s2.a", "2.a", 2), ("s2/executive-summary", None, 2)]
    life = built.sections[1]
    assert built.text[life.start:].startswith("Section 1. Life")
    assert built.text[life.start:life.end].rstrip().endswith("Coercion text.")
    assert "#" not in built.text


def test_paragraphs_are_numbered_inside_their_section():
    built = structure.build(LINES)
    assert [(p.anchor, p.section, p.ordinal) for p in built.paragraphs] == [
        ("p1", None, 1), ("executive-summary-p1", "executive-summary", 1),
        ("s1.a-p1", "s1.a", 1), ("s1.a-p2", "s1.a", 2), ("s1.b-p1", "s1.b", 1),
        ("s2.a-p1", "s2.a", 1), ("s2/executive-summary-p1", "s2/executive-summary", 1)]
    for p in built.paragraphs:
        assert "\n\n" not in built.text[p.start:p.end] and built.text[p.start:p.end].strip()


def test_an_edit_in_one_section_renumbers_nothing_in_another():
    edited = list(LINES)
    edited[4:5] = ["A new first summary paragraph.", "", "Summary text."]
    before = {p.anchor: structure.build(LINES).text[p.start:p.end] for p in structure.build(LINES).paragraphs}
    built = structure.build(edited)
    after = {p.anchor: built.text[p.start:p.end] for p in built.paragraphs}
    for anchor in ("s1.a-p1", "s1.a-p2", "s1.b-p1", "s2.a-p1"):
        assert after[anchor] == before[anchor]
    assert after["executive-summary-p2"] == "Summary text."


def test_lines_each_written_as_a_paragraph_are_separate_paragraphs():
    long = "This sentence is long enough to be a paragraph of its own in a text without blank lines. " * 2
    built = structure.build([long.strip(), long.strip(), long.strip()])
    assert len(built.paragraphs) == 3
    wrapped = structure.build(["A paragraph wrapped at seventy characters, as text dumps", "often are, over",
                               "three lines."])
    assert len(wrapped.paragraphs) == 1


def test_helpers_find_the_section_paragraph_and_pinpoint_at_an_offset():
    built = structure.build(LINES)
    doc = make_document(text=built.text, sections=built.sections, paragraphs=built.paragraphs)
    offset = doc.text.index("Second killing")
    assert locations.section_at(doc, offset).anchor == "s1.a"
    assert locations.paragraph_at(doc, offset).anchor == "s1.a-p2"
    assert locations.pinpoint(doc, offset) == "section 1.a, para. 2"
    assert locations.pinpoint(doc, doc.text.index("Summary text")) == "Executive Summary, para. 1"
    assert locations.pinpoint(doc, 0) == "para. 1"
    heading = doc.text.index("Section 2. Liberty")
    assert locations.paragraph_at(doc, heading) is None and locations.section_at(doc, heading).anchor == "s2"
    assert locations.page_at(doc, offset) is None
    assert locations.paragraph_by_anchor(doc, "s2.a-p1").ordinal == 1
    assert locations.section_by_anchor(doc, "s1.b").title == "b. Coercion"


def test_structure_round_trips_through_the_json_form():
    built = structure.build(LINES + ["\fPage two text."], paged=True)
    doc = make_document(text=built.text, pages=built.pages, sections=built.sections,
                        paragraphs=built.paragraphs, published_source="text")
    again = Document.from_dict(doc.to_dict())
    assert again == doc
    assert isinstance(again.sections[0], Section) and isinstance(again.paragraphs[0], Paragraph)
    assert again.pages == (0, doc.text.index("Page two text."))
    old_form = {k: v for k, v in doc.to_dict().items()
                if k not in ("published_source", "pages", "sections", "paragraphs")}
    assert Document.from_dict(old_form).sections == ()   # a record stored before these fields existed


def test_markdown_country_report_sections(corpus_dir):
    doc = read_document(corpus_dir / "hrr-2024" / "mali.md")
    anchors = [s.anchor for s in doc.sections]
    assert anchors[:4] == ["mali-2024-human-rights-report", "executive-summary", "s1", "s1.a"]
    assert {"s2.a", "s2.b", "s3.d"} <= set(anchors)
    offset = doc.text.index("On April 11, the High Authority for Communication")
    assert locations.pinpoint(doc, offset) == "section 2.a, para. 1"


def test_html_headings_and_numbered_text_lines_become_sections():
    html = ("<html><body><h1>Mali: Report</h1><h2>Section 2. Liberty</h2><h3>a. Freedom of the Press</h3>"
            "<p>Journalists were arrested.</p><p>Radios were closed.</p></body></html>")
    doc = parse_document(html.encode(), "page.html")
    assert doc.title == "Mali: Report"
    assert [s.anchor for s in doc.sections] == ["s2", "s2.a"]
    assert locations.pinpoint(doc, doc.text.index("Radios")) == "section 2.a, para. 2"
    text = "Mali: Report\n\nIntro.\n\nSection 2. Liberty\n\na. Freedom of the Press\n\nJournalists were arrested.\n"
    doc = parse_document(text.encode(), "page.txt")
    assert [s.anchor for s in doc.sections] == ["s2", "s2.a"]
    assert doc.text.startswith("Intro.")


def test_many_headings_with_one_title_get_distinct_anchors():
    lines = []
    for n in range(20_000):
        lines += ["## Same heading", "", f"Text {n}.", ""]
    built = structure.build(lines)
    anchors = [s.anchor for s in built.sections]
    assert len(set(anchors)) == 20_000 and anchors[:2] == ["same-heading", "same-heading-2"]
    assert anchors[-1] == "same-heading-20000" and built.sections[0].end == built.sections[1].start


def test_a_paragraph_running_over_pages_is_cited_with_its_page_range():
    text = "Opening paragraph on page one.\n\n" + "A long paragraph " * 30 + "that ends here."
    start = text.index("A long")
    paragraph = Paragraph(anchor="p2", section=None, ordinal=2, start=start, end=len(text))
    # Pages start at 0, inside the long paragraph, and once more before it ends.
    pages = (0, start + 100, start + 300)
    doc = make_document(text=text, pages=pages, paragraphs=(
        Paragraph(anchor="p1", section=None, ordinal=1, start=0, end=start - 2), paragraph))
    assert locations.pinpoint_of(doc, "p2") == "pp. 1\u20133, para. 2"
    assert locations.pinpoint_of(doc, "p1") == "p. 1, para. 1"
    # A snippet's place is where it starts.
    assert locations.pinpoint(doc, start + 150) == "p. 2, para. 2"
