"""In-text citations and notes: each style's short forms carry the locator (page, page range,
section, paragraph) in that style's words, while the reference entries name the work alone."""
from __future__ import annotations

import dataclasses
import json

import pytest
from conftest import make_document

from indexer.citations.exchange import bibtex_key
from indexer.citations.formats import format_citation
from indexer.citations.intext import ShortForm, quotation, short_forms
from indexer.citations.parts import Span
from indexer.errors import QueryError
from indexer.locations import Place
from indexer.records import Section

REPORT = make_document(
    id="hrr-mli-2023", title="2023 Country Reports on Human Rights Practices: Mali",
    publisher="U.S. Department of State", author=None, published="2024-04-22",
    document_symbol=None, source_url=None, refworld_docid=None)
NUMBERED = Section(anchor="s2.a", number="2.a", title="a. Freedom of Expression", level=2, start=0, end=10)
TITLED = Section(anchor="prosecution", number=None, title="Prosecution", level=2, start=0, end=10)

PAGE = Place(first_page=3, last_page=3)
PAGES = Place(first_page=3, last_page=5)
PARAGRAPH = Place(section=NUMBERED, paragraph=4)
SECTION = Place(section=TITLED)
TITLED_PARAGRAPH = Place(section=TITLED, paragraph=2)
EVERYTHING = Place(first_page=3, last_page=5, section=NUMBERED, paragraph=4)
KEY = bibtex_key(REPORT)


def forms(style: str, where: Place | None) -> list[str]:
    return [form.text for form in short_forms(REPORT, style, where)]


@pytest.mark.parametrize("where, expected", [
    (None, "(U.S. Department of State, 2024)"),
    (PAGE, "(U.S. Department of State, 2024, p. 3)"),
    (PAGES, "(U.S. Department of State, 2024, pp. 3\u20135)"),
    (PARAGRAPH, "(U.S. Department of State, 2024, Section 2.a, para. 4)"),
    (SECTION, "(U.S. Department of State, 2024, Prosecution section)"),
    (EVERYTHING, "(U.S. Department of State, 2024, pp. 3\u20135, Section 2.a, para. 4)"),
])
def test_apa_parenthetical_citation_gives_author_year_and_locator(where, expected):
    assert forms("apa", where) == [expected]


@pytest.mark.parametrize("where, author_date, note", [
    (None, "(U.S. Department of State 2024)",
     "U.S. Department of State, 2023 Country Reports on Human Rights Practices: Mali."),
    (PAGE, "(U.S. Department of State 2024, 3)",
     "U.S. Department of State, 2023 Country Reports on Human Rights Practices: Mali, 3."),
    (PAGES, "(U.S. Department of State 2024, 3\u20135)",
     "U.S. Department of State, 2023 Country Reports on Human Rights Practices: Mali, 3\u20135."),
    (PARAGRAPH, "(U.S. Department of State 2024, sec. 2.a, para. 4)",
     "U.S. Department of State, 2023 Country Reports on Human Rights Practices: Mali, sec. 2.a, para. 4."),
    (SECTION, "(U.S. Department of State 2024, under \u201cProsecution\u201d)",
     "U.S. Department of State, 2023 Country Reports on Human Rights Practices: Mali, under \u201cProsecution\u201d."),
    (TITLED_PARAGRAPH, "(U.S. Department of State 2024, under \u201cProsecution,\u201d para. 2)",
     "U.S. Department of State, 2023 Country Reports on Human Rights Practices: Mali, "
     "under \u201cProsecution,\u201d para. 2."),
])
def test_chicago_author_date_citation_and_short_note_give_the_locator(where, author_date, note):
    assert forms("chicago", where) == [author_date, note]


@pytest.mark.parametrize("where, expected", [
    (None, "U.S. Department of State, 2023 Country Reports on Human Rights Practices: Mali, 22 April 2024"),
    (PAGE, "U.S. Department of State, 2023 Country Reports on Human Rights Practices: Mali, 22 April 2024, p. 3"),
    (PAGES, "U.S. Department of State, 2023 Country Reports on Human Rights Practices: Mali, 22 April 2024, "
            "pp. 3\u20135"),
    (PARAGRAPH, "U.S. Department of State, 2023 Country Reports on Human Rights Practices: Mali, 22 April 2024, "
                "section 2.a, para. 4"),
    (SECTION, "U.S. Department of State, 2023 Country Reports on Human Rights Practices: Mali, 22 April 2024, "
              "Prosecution"),
])
def test_refworld_note_puts_the_locator_after_the_date(where, expected):
    assert forms("refworld", where) == [expected]


@pytest.mark.parametrize("where, expected", [
    (None, f"\\cite{{{KEY}}}"),
    (PAGE, f"\\cite[p.~3]{{{KEY}}}"),
    (PAGES, f"\\cite[pp.~3\u20135]{{{KEY}}}"),
    (PARAGRAPH, f"\\cite[section 2.a, para.~4]{{{KEY}}}"),
    (SECTION, f"\\cite[Prosecution]{{{KEY}}}"),
])
def test_bibtex_cites_with_the_locator_as_postnote_and_the_entry_s_key(where, expected):
    assert forms("bibtex", where) == [expected]


@pytest.mark.parametrize("where, expected", [
    (None, {"id": "hrr-mli-2023"}),
    (PAGE, {"id": "hrr-mli-2023", "locator": "3", "label": "page"}),
    (PAGES, {"id": "hrr-mli-2023", "locator": "3\u20135", "label": "page"}),
    (PARAGRAPH, {"id": "hrr-mli-2023", "locator": "4", "label": "paragraph", "suffix": ", section 2.a"}),
    (SECTION, {"id": "hrr-mli-2023", "locator": "Prosecution", "label": "section"}),
    (EVERYTHING, {"id": "hrr-mli-2023", "locator": "3\u20135", "label": "page",
                  "suffix": ", section 2.a, para. 4"}),
])
def test_csl_json_cite_item_carries_one_locator_with_its_label(where, expected):
    assert [json.loads(text) for text in forms("csl-json", where)] == [expected]


def test_ris_has_no_in_text_form():
    assert forms("ris", PAGE) == []


@pytest.mark.parametrize("style", ["refworld", "apa", "chicago"])
def test_a_prose_reference_entry_never_carries_the_pinpoint(style):
    assert format_citation(REPORT, style, None, "pp. 3\u20135, section 2.a, para. 4") == format_citation(REPORT, style)


@pytest.mark.parametrize("author, apa, chicago", [
    ("Jane Doe", "(Jane Doe, 2024, p. 3)", "(Jane Doe 2024, 3)"),
    ("Jane Doe; Amal Haddad", "(Jane Doe & Amal Haddad, 2024, p. 3)", "(Jane Doe and Amal Haddad 2024, 3)"),
    ("Jane Doe; Amal Haddad; Li Wei", "(Jane Doe et al., 2024, p. 3)", "(Jane Doe et al. 2024, 3)"),
])
def test_in_text_citations_name_one_two_or_the_first_of_several_authors(author, apa, chicago):
    doc = dataclasses.replace(REPORT, author=author)
    assert short_forms(doc, "apa", PAGE)[0].text == apa
    assert short_forms(doc, "chicago", PAGE)[0].text == chicago


def test_apa_without_author_or_publisher_cites_the_italic_title():
    doc = dataclasses.replace(REPORT, publisher=None, author=None)
    (form,) = short_forms(doc, "apa", PAGE)
    assert form.spans == (Span("("), Span("2023 Country Reports on Human Rights Practices: Mali", True),
                          Span(", 2024, p. 3)"))


def test_an_unknown_style_is_refused_with_the_styles_to_choose_from():
    with pytest.raises(QueryError, match="choose one of"):
        short_forms(REPORT, "mla", PAGE)


@pytest.mark.parametrize("form, expected", [
    (ShortForm("Parenthetical citation", (Span("(U.S. Department of State, 2024, p. 3)"),)),
     "\u201cPolice  detained\n journalists.\u201d (U.S. Department of State, 2024, p. 3)"),
    (None, "\u201cPolice  detained\n journalists.\u201d\n\nTY  - RPRT"),
])
def test_a_quotation_is_followed_by_its_in_text_citation_or_else_its_reference(form, expected):
    expected = expected.replace("  detained\n ", " detained ")
    assert quotation("Police  detained\n journalists.", form, "TY  - RPRT") == expected


def test_a_section_cited_whole_is_located_by_its_heading_not_its_first_paragraph(seed_as_extracted):
    from indexer.locations import place_of

    seed = seed_as_extracted
    section = next(s for s in seed.sections if any(p.section == s.anchor for p in seed.paragraphs))
    where = place_of(seed, section.anchor)
    assert (where.section, where.paragraph) == (section, None)
    assert "para." not in short_forms(seed, "apa", where)[0].text
    assert place_of(seed, "no-such-anchor") is None
