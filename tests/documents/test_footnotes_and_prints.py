"""Footnotes from Word files and Markdown, and a site's furniture named by its HTML pages removed from its PDF prints."""
from __future__ import annotations

import io
import zipfile

import pytest

from indexer.documents.batch import read_archive
from indexer.documents.furniture import FurnitureModel, marked_words, trim_marked
from indexer.documents.reader import parse_document

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def word_file(body: str, notes: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", f"<w:document {W}><w:body>{body}</w:body></w:document>")
        archive.writestr("word/footnotes.xml", f"<w:footnotes {W}>{notes}</w:footnotes>")
    return out.getvalue()


def test_a_word_files_footnotes_follow_the_paragraph_referring_to_them_numbered_as_word_shows_them():
    body = ("<w:p><w:r><w:t>Police abuse was reported.</w:t></w:r><w:r><w:footnoteReference w:id='27'/></w:r></w:p>"
            "<w:p><w:r><w:t>Courts were slow.</w:t></w:r></w:p>")
    notes = ("<w:footnote w:type='separator' w:id='-1'><w:p><w:r><w:separator/></w:r></w:p></w:footnote>"
             "<w:footnote w:id='27'><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t> Figures of the commission.</w:t></w:r>"
             "</w:p></w:footnote>")
    doc = parse_document(word_file(body, notes), "noted.docx")
    assert [(doc.text[p.start:p.end], p.footnote) for p in doc.paragraphs] == [
        ("Police abuse was reported.", None), ("Figures of the commission.", "1"), ("Courts were slow.", None)]


def test_a_markdown_footnote_is_a_paragraph_marked_as_one_and_its_reference_leaves_the_text():
    text = "# Report\n\nPolice abuse was reported.[^a]\n\n[^a]: Figures of the commission.\n\nCourts were slow.\n"
    doc = parse_document(text.encode(), "noted.md")
    assert [(doc.text[p.start:p.end], p.footnote) for p in doc.paragraphs] == [
        ("Police abuse was reported.", None), ("Figures of the commission.", "a"), ("Courts were slow.", None)]


MARKED = (marked_words("Skip to content"), marked_words("Official websites use .gov. A .gov website belongs to an "
                                                        "official government organization."),
          marked_words("Related Articles 2023 Country Reports: Ghana April 22, 2024"),
          marked_words("White House USA.gov Privacy Policy This site is managed by the Bureau of Public Affairs."))


@pytest.mark.parametrize(("lines", "kept"), [
    (["Skip to content Official websites use .gov. A .gov website belongs to an official government organization.",
      "## Ghana", "The report."], ["## Ghana", "The report."]),
    (["## Ghana", "The report.", "", "## Related Articles", "2023 Country Reports: Ghana", "April 22, 2024",
      "White House USA.gov Privacy Policy", "This site is managed by the Bureau of Public Affairs."],
     ["## Ghana", "The report.", ""]),
    (["## Ghana", "The report names the White House.", "Skip to content"], ["## Ghana", "The report names the White House."]),
    (["## Ghana", "Official websites were hacked, the report says.", "The report."],
     ["## Ghana", "Official websites were hacked, the report says.", "The report."]),
])
def test_the_furniture_a_sites_markup_names_leaves_the_ends_of_its_other_documents(lines, kept):
    assert trim_marked(lines, MARKED, "state.gov") == kept


def test_the_furniture_named_by_markup_survives_the_models_round_trip():
    model = FurnitureModel(marked={"state.gov": MARKED})
    assert FurnitureModel.from_dict(model.to_dict()).marked_of("state.gov") == MARKED


def test_an_html_pages_markup_furniture_is_removed_from_its_sites_pdf_print(tmp_path):
    from pdf_maker import Text, make_pdf

    url = "https://www.state.gov/reports/mali/"
    page = (f"<html><head><link rel='canonical' href='{url}'></head><body><header>Skip to content Official "
            "websites use .gov</header><main><h1>Mali</h1><p>The report on Mali.</p></main><footer>This site is "
            "managed by the Bureau of Global Public Affairs</footer></body></html>")
    (tmp_path / "mali.html").write_text(page)
    pages = [[Text(url, 20, size=8), Text(f"{n}/2", 20, size=8, x=560),
              *[Text(f"Line {k} of page {n} of the report on Mali says what it says", 700 - 13 * k) for k in range(4)],
              Text("Skip to content Official websites use .gov", 740) if n == 1 else
              Text("This site is managed by the Bureau of Global Public Affairs", 500)] for n in (1, 2)]
    (tmp_path / "mali.pdf").write_bytes(make_pdf(pages))
    printed = next(doc for doc in read_archive([tmp_path]).documents if doc.path.endswith(".pdf"))
    assert "Skip to content" not in printed.text and "This site is managed" not in printed.text
    assert "Line 3 of page 2 of the report on Mali" in printed.text
