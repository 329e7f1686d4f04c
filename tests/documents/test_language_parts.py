"""A page's parts in another language, as its markup marks them: found in the clean text."""
from __future__ import annotations

import pytest

from indexer.documents.languageparts import language_parts
from indexer.documents.reader import read_document
from indexer.records import Document, LanguagePart

FRENCH = "Les personnes renvoyées risquent la torture et des traitements inhumains."
ARABIC = "تعرضت للتعذيب في السجن بعد عودتي وطلبت اللجوء في بلد آخر"
ENGLISH = "The authorities detained several returnees at the airport and questioned them."


def page(body: str, lang: str = "en") -> str:
    return f'<!doctype html><html lang="{lang}"><head><title>A page</title></head><body><h1>A page</h1>{body}</body></html>'


# (body of an English page, the parts' text and language)
CASES = [
    (f'<p>{ENGLISH}</p><div lang="fr"><p>{FRENCH}</p></div>', [(FRENCH, "fr")]),
    (f'<p>{ENGLISH}</p><p lang="ar" dir="rtl">{ARABIC}</p>', [(ARABIC, "ar")]),
    (f'<p lang="fr-CA">{FRENCH}</p><p>{ENGLISH}</p>', [(FRENCH, "fr")]),
    (f'<div lang="fr"><p>{FRENCH}</p><p>{FRENCH.upper()}</p></div>', [(f"{FRENCH}\n\n{FRENCH.upper()}", "fr")]),
    (f'<div lang="fr"><p>{FRENCH}</p><p lang="en">{ENGLISH}</p><p>{FRENCH.upper()}</p></div>',
     [(FRENCH, "fr"), (FRENCH.upper(), "fr")]),
    (f'<p><span lang="EN-GB">{ENGLISH}</span></p>', []),
    (f'<p lang="zz">{FRENCH}</p>', []),
    (f'<p>{ENGLISH}</p><p>{FRENCH}</p>', []),
]


@pytest.mark.parametrize("body, expected", CASES)
def test_each_part_the_markup_marks_in_another_language_is_found_in_the_text(tmp_path, body, expected):
    path = tmp_path / "page.html"
    path.write_text(page(body), encoding="utf-8")
    doc = read_document(path)
    assert [(doc.text[p.start:p.end], p.language) for p in doc.language_parts] == expected


def test_a_page_in_french_has_its_english_part_marked(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(page(f'<p>{FRENCH}</p><blockquote lang="en">{ENGLISH}</blockquote>', lang="fr"),
                    encoding="utf-8")
    doc = read_document(path)
    assert doc.language == "fr"
    assert [(doc.text[p.start:p.end], p.language) for p in doc.language_parts] == [(ENGLISH, "en")]


def test_a_part_the_text_does_not_hold_is_left_out():
    html = page(f'<p lang="fr">{FRENCH}</p>')
    assert language_parts(html, "Some other text entirely.", "en") == ()


def test_the_parts_survive_the_documents_json_form(document_factory):
    doc = document_factory(text=f"{ENGLISH}\n\n{FRENCH}",
                           language_parts=(LanguagePart(len(ENGLISH) + 2, len(ENGLISH) + 2 + len(FRENCH), "fr"),))
    assert Document.from_dict(doc.to_dict()) == doc
    assert doc.to_dict()["language_parts"] == [{"start": len(ENGLISH) + 2, "end": len(ENGLISH) + 2 + len(FRENCH),
                                                "language": "fr"}]
