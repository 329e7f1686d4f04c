"""Citations read back by the parsers reference managers use, and APA/Chicago held against
citeproc-py rendering the same CSL-JSON in the official ``apa`` and ``chicago-author-date`` styles,
with the differences refsearch keeps on purpose undone (``citeproc_render.KEPT_DIFFERENCES``, each
with its reason); everything else must be equal, character for character.
"""
from __future__ import annotations

import datetime as dt
import html

import bibtexparser
import pytest
import rispy
from citeproc_render import citeproc_reference
from conftest import make_document, symbol_documents
from web_archive import web_documents

from indexer.citations.exchange import bibtex_key
from indexer.citations.formats import citation_html, format_citation, format_citations

ACCESSED = dt.date(2024, 5, 1)


def sample_documents() -> list:
    """The web archive (tiers, an UNHCR guidance, hostile titles), documents with symbols,
    one by a named author with a question for a title, several people (a particle, a suffix),
    an organisation as author, and one without any metadata."""
    safe = [d for d in web_documents() if not d.id.startswith("xss")]
    return safe + symbol_documents() + [
        make_document(id="asks", title="Who is at risk? Returnees to Mali", author="Jane Doe",
                      publisher="Some Institute", published="2019-02-03", document_symbol=None,
                      source_url="https://example.org/asks"),
        make_document(id="three", title="Returnees to Mali and Niger", publisher="Some Institute",
                      author="Jane Anne Doe; John Smith; Jean-Paul van der Berg", published="2020-05",
                      document_symbol=None, source_url="https://example.org/three"),
        make_document(id="suffix", title="Forced labour in Mali", publisher="Some Institute",
                      author="Martin Luther King, Jr. and Maria de la Cruz", published="2018",
                      document_symbol=None),
        make_document(id="watch", title="Mali: Abuses in the north", author="Human Rights Watch",
                      publisher="Refworld", published="2012-04-30", document_symbol=None),
        make_document(id="amp", title="Q&A on forced labour & debt bondage <in brief>", author=None,
                      publisher="Anti-Slavery International", published="2021", countries=()),
        make_document(id="bare", title=None, publisher=None, author=None, published=None, countries=(),
                      tier=None, report_year=None, doc_type=None, path="archive/untitled-note.txt"),
    ]


DOCS = sample_documents()


@pytest.fixture(scope="module")
def styles_dir(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("csl"))


@pytest.mark.parametrize("style", ["apa", "chicago"])
@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.id)
def test_apa_and_chicago_match_citeproc_in_the_official_styles(doc, style, styles_dir):
    expected = citeproc_reference(doc, style, False, ACCESSED, styles_dir)
    assert format_citation(doc, style, ACCESSED) == html.unescape(expected)
    assert citation_html(doc, style, ACCESSED) == citeproc_reference(doc, style, True, ACCESSED, styles_dir)


def test_the_comparison_covers_the_cases_it_explains():
    assert any(d.author is None and d.publisher for d in DOCS)  # publisher as author
    assert any(d.author and d.publisher and d.author != d.publisher for d in DOCS)
    assert any(not d.author and not d.publisher for d in DOCS)  # the title in the author's place
    assert any(d.document_symbol for d in DOCS)
    assert any(d.author and ";" in d.author for d in DOCS)  # several people: Chicago's full names
    assert any("&" in (d.title or "") and "<" in (d.title or "") for d in DOCS)  # escaping


def test_bibtexparser_reads_every_entry_with_its_key_and_fields():
    text = format_citations(DOCS, "bibtex", ACCESSED)
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    assert [e.key for e in library.entries] == [bibtex_key(d) for d in DOCS]
    assert len({e.key for e in library.entries}) == len(DOCS)
    by_key = {e.key: e for e in library.entries}
    mali = by_key[bibtex_key(next(d for d in DOCS if d.id == "tip-mli-2004"))]
    assert mali.entry_type == "techreport"
    assert mali["title"] == "{Trafficking in Persons Report 2004 - Mali}"
    assert mali["institution"] == "United States Department of State"
    assert mali["year"] == "2004" and mali["urldate"] == "2024-05-01"
    bare = by_key[bibtex_key(DOCS[-1])]
    assert bare.entry_type == "misc" and bare["title"] == "{untitled-note}"


def test_rispy_reads_every_record_as_a_report():
    text = format_citations(DOCS, "ris", ACCESSED) + "\n"
    records = rispy.loads(text)
    assert len(records) == len(DOCS)
    assert all(r["type_of_reference"] == "RPRT" for r in records)
    assert all(r.get("title") for r in records)
    tip = records[[d.id for d in DOCS].index("tip-mli-2004")]
    assert tip["authors"] == ["Office to Monitor and Combat Trafficking in Persons"]
    assert tip["publisher"] == "United States Department of State"
    assert tip["urls"] == ["https://www.refworld.org/docid/2004mlitip.html"]
    symbol = records[[d.id for d in DOCS].index("sym-hcr-gip-02-01")]
    assert symbol["issn"] == "HCR/GIP/02/01"  # rispy's name for SN: Zotero and EndNote read a report number
    assert symbol["authors"] == ["UN High Commissioner for Refugees"]


@pytest.mark.parametrize("where", ["p. 12, section 2.a, para. 14", "pp. 3\u20135, section 2.a, para. 4"])
def test_a_pinpoint_is_kept_as_a_note_never_as_the_work_s_pages(where):
    """BibTeX's pages, RIS's SP and CSL's page are the work's own page range: the place cited
    goes in the notes, where the parsers keep it as written."""
    doc = DOCS[0]
    ris = rispy.loads(format_citation(doc, "ris", ACCESSED, where))[0]
    assert "start_page" not in ris and where in ris["notes"]
    bib = bibtexparser.parse_string(format_citation(doc, "bibtex", ACCESSED, where)).entries[0]
    assert "pages" not in bib.fields_dict and where in bib.fields_dict["note"].value
    csl = __import__("json").loads(format_citation(doc, "csl-json", ACCESSED, where))[0]
    assert "page" not in csl and csl["note"] == where
