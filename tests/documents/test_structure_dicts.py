"""The JSON form of a document's sections, paragraphs and language parts, which every stored document holds."""
from __future__ import annotations

from dataclasses import asdict

from indexer.documents.reader import parse_document
from indexer.records import LanguagePart, Paragraph, Section


def test_sections_paragraphs_and_language_parts_give_every_field_in_order(corpus_dir):
    seen = 0
    paths = [*sorted((corpus_dir / "hrr-2024").glob("*.md")),
             *sorted((corpus_dir / "refworld-records").glob("*.txt"))]
    for path in paths:
        doc = parse_document(path.read_bytes(), str(path))
        for section in doc.sections:
            assert list(section.to_dict().items()) == list(asdict(section).items())
        for paragraph in doc.paragraphs:
            expected = {k: v for k, v in asdict(paragraph).items() if k != "footnote" or v is not None}
            assert list(paragraph.to_dict().items()) == list(expected.items())
            seen += 1
    assert seen > 50


def test_a_footnote_paragraph_names_its_footnote_and_others_leave_it_out():
    plain = Paragraph("s1-p2", "s1", 2, 10, 40)
    note = Paragraph("p9", None, 9, 50, 70, footnote="3")
    assert plain.to_dict() == {"anchor": "s1-p2", "section": "s1", "ordinal": 2, "start": 10, "end": 40}
    assert note.to_dict() == {"anchor": "p9", "section": None, "ordinal": 9, "start": 50, "end": 70,
                              "footnote": "3"}
    assert Section("s2.a", "2.a", "Prosecution", 2, 0, 99).to_dict() == {
        "anchor": "s2.a", "number": "2.a", "title": "Prosecution", "level": 2, "start": 0, "end": 99}
    assert LanguagePart(5, 9, "fr").to_dict() == {"start": 5, "end": 9, "language": "fr"}
