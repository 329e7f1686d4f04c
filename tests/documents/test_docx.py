"""Word .docx files: paragraphs, headings by style, metadata, and clear reasons for bad files."""
from __future__ import annotations

import io
import re
import zipfile

import pytest

from indexer.documents.reader import parse_document
from indexer.errors import DocumentError
from indexer.locations import pinpoint

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def paragraph(text: str, style: str | None = None) -> str:
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    runs = "".join(f"<w:r><w:t xml:space='preserve'>{part}</w:t></w:r>" for part in text.split("|"))
    return f"<w:p>{props}{runs}</w:p>"


def make_docx(paragraphs: list[str], core: str | None = None, body: str | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", body or f"<w:document {W}><w:body>{''.join(paragraphs)}</w:body></w:document>")
        if core:
            archive.writestr("docProps/core.xml", core)
    return out.getvalue()


CORE = ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Eligibility Guidelines for Eritrea</dc:title>'
        "<dc:creator>UN High Commissioner for Refugees</dc:creator></cp:coreProperties>")


def test_a_word_document_gives_its_metadata_headings_and_paragraphs():
    data = make_docx([paragraph("Eligibility Guidelines for Eritrea", "Title"),
                      paragraph("II. Main Groups at Risk", "Heading1"),
                      paragraph("a. Draft Evaders", "Heading2"),
                      paragraph("Persons who evade |national service are at risk."),
                      paragraph("Returnees are questioned on arrival."),
                      "<w:tbl><w:tr><w:tc>" + paragraph("A cell of a table.") + "</w:tc></w:tr></w:tbl>"],
                     core=CORE)
    doc = parse_document(data, "guidelines.docx")
    assert (doc.title, doc.author) == ("Eligibility Guidelines for Eritrea", "UN High Commissioner for Refugees")
    assert doc.countries[0].code == "ERI"
    assert doc.text == ("II. Main Groups at Risk\n\na. Draft Evaders\n\nPersons who evade national service are "
                        "at risk.\n\nReturnees are questioned on arrival.\n\nA cell of a table.")
    assert [s.anchor for s in doc.sections] == ["sii", "sii.a"]
    assert pinpoint(doc, doc.text.index("Returnees")) == "section II.a, para. 2"


@pytest.mark.parametrize("data, reason", [
    (b"PK\x03\x04word/document.xml" + b"\x00" * 40, "broken Word document"),
    (make_docx([], body="<w:document><unclosed>"), "broken Word document"),
    (make_docx([paragraph("")]), "empty Word document"),
])
def test_bad_word_documents_are_refused_with_a_reason(data, reason):
    with pytest.raises(DocumentError, match=re.escape(reason)):
        parse_document(data, "bad.docx")


def test_a_part_that_unpacks_far_beyond_the_size_limit_is_refused():
    data = make_docx([paragraph("x" * 200_000)])
    with pytest.raises(DocumentError, match="too large once unpacked"):
        parse_document(data, "bomb.docx", max_bytes=10_000)
