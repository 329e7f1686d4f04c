"""Every producer's files read as a perfect reader would: the shared corpus's producers/ folder.

The same report text, made by the programs real archives' files come from
(Typst, fpdf2, groff with Ghostscript, LibreOffice, Chromium's "Save as PDF",
pandoc, and web pages in three sites' styles), each beside a ``.ref.md`` of
the text a perfect reader recovers. The folder is read as ``refsearch
extract`` reads it (``read_archive``: the furniture its HTML pages name
applies to their PDF print).
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from indexer.documents.batch import read_archive
from indexer.duplicates import copy_groups
from indexer.records import Document

PRODUCER_FILES = ["chromium-statedept-ghana.pdf", "ecoi-ghana-a.html", "fpdf2-colombia.pdf", "groff-srilanka.pdf",
                  "libreoffice-ukraine.pdf", "pandoc-ukraine.docx", "refworld-old-ghana.html",
                  "statedept-ghana.html", "typst-ghana.pdf"]
WITH_FOOTNOTES = ["fpdf2-colombia.pdf", "groff-srilanka.pdf", "libreoffice-ukraine.pdf", "pandoc-ukraine.docx",
                  "typst-ghana.pdf"]
_WORD_RE = re.compile(r"\w+")
_HEADING_RE = re.compile(r"^#{1,6}\s+(.*)$")


@pytest.fixture(scope="module")
def producers(corpus_dir: Path) -> dict[str, Document]:
    folder = corpus_dir / "producers"
    if not folder.is_dir():
        pytest.skip("the shared corpus has no producers/ folder")
    return {Path(doc.path).name: doc for doc in read_archive([folder]).documents}


def reference(corpus_dir: Path, name: str) -> list[str]:
    """The reference text's lines, without its own title line ("# Ghana — reference")."""
    lines = (corpus_dir / "producers" / (Path(name).stem + ".ref.md")).read_text(encoding="utf-8").split("\n")
    return lines[1:] if lines and lines[0].endswith("— reference") else lines


def words(text: str) -> Counter[str]:
    """Words as a search finds them: lower case, ligatures and soft hyphens not folded away."""
    return Counter(word.lower() for word in _WORD_RE.findall(text))


@pytest.mark.parametrize("name", PRODUCER_FILES)
def test_every_producer_file_is_read_with_the_words_of_its_reference(producers, corpus_dir, name):
    read, ref = words(producers[name].text), words("\n".join(reference(corpus_dir, name)))
    both = sum((read & ref).values())
    assert both / sum(ref.values()) >= 0.995, (ref - read).most_common(20)
    assert both / sum(read.values()) >= 0.98, (read - ref).most_common(20)


@pytest.mark.parametrize("name", PRODUCER_FILES)
def test_every_heading_of_the_reference_is_a_section(producers, corpus_dir, name):
    titles = {" ".join(section.title.split()).casefold() for section in producers[name].sections}
    headings = [match.group(1) for line in reference(corpus_dir, name) if (match := _HEADING_RE.match(line))]
    assert headings
    assert [h for h in headings if " ".join(h.split()).casefold() not in titles] == []


@pytest.mark.parametrize("name", PRODUCER_FILES)
def test_no_paragraph_is_furniture(producers, corpus_dir, name):
    vocabulary = set(words("\n".join(reference(corpus_dir, name))))
    doc = producers[name]
    foreign = []
    for paragraph in doc.paragraphs:
        found = list(words(doc.text[paragraph.start:paragraph.end]).elements())
        if sum(word in vocabulary for word in found) < 0.5 * len(found):
            foreign.append(doc.text[paragraph.start:paragraph.end][:80])
    assert foreign == []


@pytest.mark.parametrize("name", WITH_FOOTNOTES)
def test_footnotes_are_paragraphs_of_their_own_after_the_paragraph_citing_them(producers, name):
    doc = producers[name]
    notes = {p.footnote: doc.text[p.start:p.end] for p in doc.paragraphs if p.footnote}
    assert notes == {"1": "Test footnote one: figures quoted from a July report of the UN secretary-general.",
                     "2": "Test footnote two: the commission publishes its caseload every quarter."}
    spliced = [p for p in doc.paragraphs if not p.footnote and "footnote" in doc.text[p.start:p.end]]
    assert spliced == []


@pytest.mark.parametrize("name", ["fpdf2-colombia.pdf", "typst-ghana.pdf", "groff-srilanka.pdf"])
def test_ligatures_and_soft_hyphens_are_read_as_letters(producers, name):
    text = producers[name].text
    assert re.findall("[\u00ad\ufb00-\ufb06]", text) == []


def test_a_web_page_printed_to_pdf_takes_its_address_and_title_from_the_page(producers):
    printed, page = producers["chromium-statedept-ghana.pdf"], producers["statedept-ghana.html"]
    assert printed.source_url == "https://www.state.gov/reports/2024-country-reports-on-human-rights-practices/ghana/"
    assert printed.title == page.title == "2024 Country Reports on Human Rights Practices - Ghana"


def test_the_ghostscript_copy_of_a_report_is_grouped_with_its_markdown_twin_and_no_other_country(corpus_dir):
    folders = [corpus_dir / "producers", corpus_dir / "hrr-2024", corpus_dir / "hrr-2024-more"]
    report = read_archive([f for f in folders if f.is_dir()])
    docs = [doc for doc in report.documents if not doc.path.endswith((".ref.md", "PROVENANCE.md"))]
    groups = copy_groups(docs, key=lambda doc: doc.path)
    countries = sorted({Path(doc.path).stem for doc in docs if doc.path.endswith(".md")}, key=len, reverse=True)
    country = {doc.path: next((c for c in countries if c in Path(doc.path).stem.replace("-", "")), doc.path)
               for doc in docs}
    assert any({Path(p).name for p in group} >= {"groff-srilanka.pdf", "srilanka.md"} for group in groups)
    assert [group for group in groups if len({country[p] for p in group}) > 1] == []
