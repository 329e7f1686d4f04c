"""Producers beyond the shared producers/ folder read as well as its files: the same report made at test time.

``report_makers`` writes a reference of the folder (Ghana, from Typst's) with
each producer found on the machine (enscript with Ghostscript, WeasyPrint in
one and in two justified columns, MuPDF, ReportLab, python-docx); a producer
that is not installed is skipped.
Each file is scored as ``test_producers`` scores the folder's: word recall
and precision against exactly the text the file holds, every heading a
section, and the footnotes (where the producer sets them) paragraphs of their own.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from report_makers import MAKERS, Report, report_from_reference

from indexer.documents.reader import parse_document
from indexer.records import Document

_WORD_RE = re.compile(r"\w+")
NOTES = {"1": "Test footnote one: figures quoted from a July report of the UN secretary-general.",
         "2": "Test footnote two: the commission publishes its caseload every quarter."}


def words(text: str) -> Counter[str]:
    """Words as a search finds them, as ``test_producers`` counts them."""
    return Counter(word.lower() for word in _WORD_RE.findall(text))


@pytest.fixture(scope="module")
def report(corpus_dir: Path) -> Report:
    path = corpus_dir / "producers" / "typst-ghana.ref.md"
    if not path.is_file():
        pytest.skip("the shared corpus has no producers/typst-ghana.ref.md")
    return report_from_reference(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=sorted(MAKERS))
def made(request, report: Report, tmp_path_factory) -> tuple[Document, bool]:
    """The report made by one producer and read by refsearch, and whether the file holds its footnotes."""
    maker, installed = MAKERS[request.param]
    if not installed():
        pytest.skip(f"{request.param} is not installed")
    path, with_notes = maker(report, tmp_path_factory.mktemp(request.param))
    return parse_document(path.read_bytes(), str(path)), with_notes


def test_every_word_of_the_report_is_read_and_nothing_else(made, report):
    doc, with_notes = made
    read, ref = words(doc.text), words(report.reference(with_notes))
    both = sum((read & ref).values())
    assert both / sum(ref.values()) >= 0.995, (ref - read).most_common(20)
    assert both / sum(read.values()) >= 0.98, (read - ref).most_common(20)


def test_every_heading_of_the_report_is_a_section(made, report):
    doc, _ = made
    titles = {" ".join(section.title.split()).casefold() for section in doc.sections}
    assert [b.text for b in report.blocks if b.level and b.text.casefold() not in titles] == []


def test_footnotes_are_paragraphs_of_their_own_not_spliced_into_the_text(made):
    doc, with_notes = made
    notes = {p.footnote: doc.text[p.start:p.end] for p in doc.paragraphs if p.footnote}
    assert notes == (NOTES if with_notes else {})
    spliced = [p for p in doc.paragraphs if not p.footnote and "footnote" in doc.text[p.start:p.end]]
    assert spliced == []


def test_the_paragraphs_are_the_reports_paragraphs(made, report):
    """No paragraph is cut in two by a page break or run into the next by the layout."""
    doc, _ = made
    paragraphs = [doc.text[p.start:p.end] for p in doc.paragraphs if not p.footnote]
    expected = [b.text for b in report.blocks if not b.level]
    assert Counter(len(words(p)) for p in paragraphs) == Counter(len(words(p)) for p in expected)
