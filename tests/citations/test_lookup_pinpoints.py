"""Pinpointed citations pasted into the lookup: the notes and key citations refsearch writes
for a paragraph, and the pinpointed references it wrote before, find their document (not
"probably") and name the paragraph; a locator is never read as part of a title."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from indexer.archive import open_archive
from indexer.build import update_index
from indexer.citations.exchange import bibtex_key
from indexer.citations.formats import format_citation
from indexer.citations.intext import quotation, short_forms
from indexer.citations.locators import CitedPlace, cited_place, without_locators
from indexer.citations.lookup import lookup
from indexer.locations import pinpoint_of, place_of
from indexer.request import parse_request

REPORTS = (("hrr-2024", "mali.md"), ("hrr-2024", "nigeria.md"), ("pdf", "eritrea-2024-human-rights-report.pdf"))


@pytest.fixture(scope="module")
def reports(corpus_dir, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pinpoints")
    documents = folder / "documents"
    documents.mkdir()
    for sub, name in REPORTS:
        (documents / name).write_bytes((corpus_dir / sub / name).read_bytes())
    update_index([documents], folder / "index", workers=1)
    with open_archive(folder / "index") as archive:
        yield archive


def report(archive, country: str):
    hit = next(h for h in archive.search(parse_request({"q": country, "per_page": "10"})).hits
               if h.title and country in h.title)
    return archive.document(hit.id)


def pasted_forms(doc, anchor: str) -> dict[str, str]:
    """What a user copies from the passage panel and pastes back, the address left out (an
    address alone would find the document)."""
    bare = dataclasses.replace(doc, source_url=None, refworld_docid=None)
    where = place_of(doc, anchor)
    forms = {f"{style} {form.kind}": form.text
             for style in ("refworld", "chicago", "bibtex", "csl-json")
             for form in short_forms(bare, style, where, dt.date.today())
             if form.kind != "Author-date citation"}
    pinpoint = pinpoint_of(doc, anchor)
    for style in ("apa", "chicago"):
        # The reference entries refsearch wrote with the pinpoint after the title.
        reference = format_citation(bare, style)
        title = reference.split(". ", 2)[-1].split(". ")[0] if style == "chicago" else None
        if style == "apa":
            title = reference.split("). ", 1)[1].split(". ")[0]
        forms[f"{style} pinpointed reference"] = reference.replace(title, f"{title}, {pinpoint}", 1)
    return forms


@pytest.mark.parametrize("country", ["Mali", "Eritrea"])
def test_a_pasted_pinpointed_citation_is_found_and_names_its_paragraph(reports, country):
    doc = report(reports, country)
    anchor = next(p.anchor for p in doc.paragraphs if p.section and p.ordinal == 1 and "." in p.section)
    forms = pasted_forms(doc, anchor)
    assert len(forms) == 6
    for kind, text in forms.items():
        best = lookup(reports, text)[0]
        assert (best.id, best.verdict, best.at) == (doc.id, "found", anchor), (kind, text, best)


@pytest.mark.parametrize("template", ["[@{key}, sec. {section}, para. 1]", "[@{id}, sec. {section}, para. 1]",
                                      "\\autocite[sec.~{section}, para.~1]{{{key}}}"])
def test_a_pandoc_or_latex_citation_by_key_or_id_is_found(reports, template):
    doc = report(reports, "Mali")
    paragraph = next(p for p in doc.paragraphs if p.section and p.ordinal == 1 and "." in p.section)
    section = next(s.number for s in doc.sections if s.anchor == paragraph.section)
    text = template.format(key=bibtex_key(doc), id=doc.id, section=section)
    (best,) = lookup(reports, text)
    assert (best.id, best.verdict, best.confidence, best.at) == (doc.id, "found", 1.0, paragraph.anchor)


def test_a_citation_key_of_no_document_finds_nothing(reports):
    doc = report(reports, "Mali")
    (cite,) = short_forms(doc, "bibtex", None)
    assert cite.text.endswith("}") and cite.text[-10] == "-"
    assert lookup(reports, cite.text[:-9] + "aaaaaaaa}") == ()  # the right form, another hash
    assert lookup(reports, json.dumps({"id": "no-such-document", "locator": "3", "label": "page"})) == ()


@pytest.mark.parametrize("text, expected", [
    ("USDOS, Mali report, July 2025, p. 3, section 2.a, para. 4, available at: x",
     "USDOS, Mali report, July 2025, available at: x"),
    ("USDOS. 2025. Mali Report, pp. 3-5, sec. 2.a, para. 4. USDOS.", "USDOS. 2025. Mali Report. USDOS."),
    ('USDOS, Mali Report, under "Prosecution," para. 2.', "USDOS, Mali Report."),
    ("USDOS, Mali Report, 3-5, sec. 2.a, para. 4.", "USDOS, Mali Report."),
    ("USDOS, Mali Report, 12.", "USDOS, Mali Report."),
    ("Trafficking in Persons Report, 2008", "Trafficking in Persons Report, 2008"),
    ("Nigeria: Section 2 of the Act, 2004", "Nigeria: Section 2 of the Act, 2004"),
    ("UNHCR, Guidelines, HCR/GIP/02/01, 7 May 2002", "UNHCR, Guidelines, HCR/GIP/02/01, 7 May 2002"),
])
def test_a_locator_after_a_comma_is_taken_out_and_nothing_else(text, expected):
    assert without_locators(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("X, Title, pp. 3-5, section 2.a, para. 4.", CitedPlace(3, "2.a", 4)),
    ("X, Title, 3, sec. 1.c, para. 12.", CitedPlace(None, "1.c", 12)),
    ("X, Title, 2008", None),
])
def test_the_place_a_locator_names_is_read(text, expected):
    assert cited_place(text) == expected


@pytest.mark.parametrize("style", ["apa", "chicago", "refworld", "ris"])
def test_a_quotation_copied_with_its_citation_is_found_at_its_paragraph(reports, style):
    doc = report(reports, "Eritrea")
    paragraph = next(p for p in doc.paragraphs if 40 < len(doc.text[p.start:p.end].split()) < 400)
    forms = short_forms(doc, style, place_of(doc, paragraph.anchor), dt.date.today())
    pasted = quotation(doc.text[paragraph.start:paragraph.end], forms[0] if forms else None,
                       format_citation(doc, style))
    best = lookup(reports, pasted)[0]
    assert (best.id, best.verdict, best.at) == (doc.id, "found", paragraph.anchor)
