"""Citations written for reading: Refworld's cite-as, Chicago and APA, what every style
names and leaves out, and the address a citation gives."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from citation_docs import IRB_ACCESSED, SEED_ACCESSED
from citation_docs import irb_doc as irb_doc
from citation_docs import seed_doc as seed_doc
from citation_docs import sparse_doc as sparse_doc

from indexer.citations.formats import STYLES, citation_html, format_citation, headline_case
from indexer.citations.parts import citation_url, web_address
from indexer.errors import QueryError


def seed_cite_as(seed_path) -> str:
    line = next(l for l in seed_path.read_text(encoding="utf-8").splitlines()
                if l.startswith("Cite as "))
    # The dump writes non-breaking spaces around "available at:"; the words are what count.
    return " ".join(line[len("Cite as "):].split())


# ---- refworld ---------------------------------------------------------------

def test_seed_regenerates_its_printed_cite_as_without_the_empty_address(seed_doc, seed_path):
    printed = seed_cite_as(seed_path)
    assert printed.endswith("available at: [accessed 25 May 2016]")
    assert format_citation(seed_doc, "refworld", SEED_ACCESSED) == printed.replace(
        ", available at: [accessed", " [accessed")


def test_seed_regenerates_the_cite_as_the_reader_extracted(seed_doc):
    assert seed_doc.citation.endswith("available at: [accessed 25 May 2016]")
    assert format_citation(seed_doc, "refworld", SEED_ACCESSED) == seed_doc.citation.replace(
        ", available at: [accessed", " [accessed")


def test_seed_with_its_docid_cites_the_refworld_docid_page(seed_doc):
    doc = seed_doc.__class__(**{**seed_doc.__dict__, "refworld_docid": "4680d7f3c"})
    assert format_citation(doc, "refworld", SEED_ACCESSED) == (
        "United States Department of State, U.S. Department of State 2004 Trafficking in "
        "Persons Report - Mali, 14 June 2004, available at: "
        "https://www.refworld.org/docid/4680d7f3c.html [accessed 25 May 2016]")


def test_irb_document_regenerates_the_printed_cite_as_exactly(irb_doc):
    # The record's address is a web-archive capture; Refworld cites its own docid page.
    doc = irb_doc.__class__(**{**irb_doc.__dict__, "source_url": None})
    assert format_citation(doc, "refworld", IRB_ACCESSED) == irb_doc.citation


def test_every_recorded_cite_as_is_regenerated(record_documents):
    cited = [d for d in record_documents if d.citation]
    assert len(cited) >= 8
    for doc in cited:
        accessed = dt.datetime.strptime(
            re.search(r"\[accessed (.+?)\]", doc.citation).group(1), "%d %B %Y").date()
        printed_url = re.search(r"available at: (\S+) \[", doc.citation)
        doc = doc.__class__(**{**doc.__dict__, "source_url": None,
                               "refworld_docid": doc.refworld_docid if printed_url else None})
        expected = doc.citation if printed_url else doc.citation.replace(
            ", available at: [accessed", " [accessed")
        assert format_citation(doc, "refworld", accessed) == expected


@pytest.mark.parametrize("overrides, expected", [
    (dict(title="Only a title"), "Only a title"),
    (dict(title="A title", published="2013-01"), "A title, January 2013"),
    (dict(title="A title", published="2013"), "A title, 2013"),
    (dict(author="Marina Sharpe", title="A paper", published="2013-01",
          source_url="http://www.refworld.org/docid/50fd3edb2.html"),
     "Marina Sharpe, A paper, January 2013, available at: https://www.refworld.org/docid/50fd3edb2.html"),
    (dict(publisher="UN General Assembly", title="Universal Declaration of Human Rights",
          published="1948-12-10", document_symbol="217 A (III)", refworld_docid="3ae6b3712c"),
     "UN General Assembly, Universal Declaration of Human Rights, 10 December 1948, 217 A (III), "
     "available at: https://www.refworld.org/docid/3ae6b3712c.html"),
    (dict(source_url="https://www.refworld.org/reference/annualreport/usdos/2003/en/26145"),
     "mali-2008, available at: https://www.refworld.org/reference/annualreport/usdos/2003/en/26145"),
    (dict(title="  A   title\nover two lines  ", publisher=" Some  Body "),
     "Some Body, A title over two lines"),
])
def test_refworld_style_omits_what_is_missing(sparse_doc, overrides, expected):
    doc = sparse_doc.__class__(**{**sparse_doc.__dict__, **overrides})
    assert format_citation(doc, "refworld") == expected


def test_refworld_style_of_an_empty_document_names_its_file_and_access_date(sparse_doc):
    assert format_citation(sparse_doc, "refworld", dt.date(2020, 5, 1)) == "mali-2008 [accessed 1 May 2020]"


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("path, title", [("test/mali-2008.txt", "mali-2008"),
                                         ("C:\\archive\\Niger report.html", "Niger report"),
                                         ("", "sparse")])
def test_a_document_without_metadata_is_cited_by_its_file_never_emptily(sparse_doc, style, path, title):
    doc = sparse_doc.__class__(**{**sparse_doc.__dict__, "path": path})
    text = format_citation(doc, style, dt.date(2020, 5, 1))
    assert title in text or headline_case(title) in text
    assert text.strip()


# ---- chicago and apa --------------------------------------------------------

def test_chicago_author_date_entry_for_the_seed(seed_doc):
    doc = seed_doc.__class__(**{**seed_doc.__dict__, "refworld_docid": "4680d7f3c"})
    assert format_citation(doc, "chicago", SEED_ACCESSED) == (
        "Office to Monitor and Combat Trafficking in Persons. 2004. U.S. Department of State 2004 "
        "Trafficking in Persons Report - Mali. United States Department of State. "
        "https://www.refworld.org/docid/4680d7f3c.html.")
    assert citation_html(doc, "chicago", SEED_ACCESSED).startswith(
        "Office to Monitor and Combat Trafficking in Persons. 2004. <i>U.S. Department of State 2004 "
        "Trafficking in Persons Report - Mali</i>. United States Department of State. https://")


def test_chicago_puts_the_symbol_and_publisher_after_the_italic_title(irb_doc):
    text = format_citation(irb_doc, "chicago")
    assert text.startswith("Research Directorate, Immigration and Refugee Board, Canada. 1997. Nigeria: Information")
    assert ("Nigerian Authorities. NGA26574.E. Canada: Immigration and Refugee Board of Canada. https://"
            in text)
    assert "Accessed" not in text
    html = citation_html(irb_doc, "chicago")
    assert re.search(r"1997\. <i>Nigeria: Information[^<]*Nigerian Authorities</i>\. NGA26574\.E\.", html)


@pytest.mark.parametrize("title, expected", [
    ("Guidance on protection needs in Côte d'Ivoire: a review of the state of things",
     "Guidance on Protection Needs in Côte d'Ivoire: A Review of the State of Things"),
    ("Trafficking in Persons Report 2008 - Mali", "Trafficking in Persons Report 2008 - Mali"),
    ("the UNHCR view of it", "The UNHCR View of It"),
    ("who is at risk?", "Who Is at Risk?"),
])
def test_chicago_titles_are_in_headline_style(title, expected):
    assert headline_case(title) == expected


def test_chicago_gives_an_access_date_only_to_an_undated_document(sparse_doc):
    dated = sparse_doc.__class__(**{**sparse_doc.__dict__, "title": "A report", "published": "2012",
                                    "source_url": "https://example.org/r"})
    undated = dated.__class__(**{**dated.__dict__, "published": None})
    assert format_citation(dated, "chicago", dt.date(2020, 5, 1)) == "A Report. 2012. https://example.org/r."
    assert format_citation(undated, "chicago", dt.date(2020, 5, 1)) == (
        "A Report. n.d. Accessed May 1, 2020. https://example.org/r.")


def test_apa_reference_for_the_seed_gives_the_year_alone(seed_doc):
    assert format_citation(seed_doc, "apa") == (
        "Office to Monitor and Combat Trafficking in Persons. (2004). U.S. Department of State 2004 "
        "Trafficking in Persons Report - Mali. United States Department of State.")
    assert "<i>U.S. Department of State 2004 Trafficking in Persons Report - Mali</i>. United" in (
        citation_html(seed_doc, "apa"))


def test_apa_with_symbol_and_url_gives_no_retrieval_date_for_a_dated_report(irb_doc):
    text = format_citation(irb_doc, "apa", IRB_ACCESSED)
    assert text.startswith("Research Directorate, Immigration and Refugee Board, Canada. (1997). Nigeria:")
    assert ("Nigerian authorities (NGA26574.E). Canada: Immigration and Refugee Board of Canada. https://"
            in text)
    assert "Retrieved" not in text
    assert text.endswith("/docid/3ae6ab005c.html")


def test_apa_leaves_out_the_publisher_when_it_is_the_author(sparse_doc):
    doc = sparse_doc.__class__(**{**sparse_doc.__dict__, "publisher": "UNHCR", "title": "Guidelines",
                                  "published": "2012-03"})
    assert format_citation(doc, "apa") == "UNHCR. (2012). Guidelines."


@pytest.mark.parametrize("overrides, expected", [
    (dict(), "mali-2008. (n.d.)."),
    (dict(title="A title"), "A title. (n.d.)."),
    (dict(title="A title", published="2013-01"), "A title. (2013)."),
    (dict(publisher="UNHCR", published="2013"), "UNHCR. (2013). mali-2008."),
    (dict(title="A title", source_url="https://example.org/a"), "A title. (n.d.). https://example.org/a"),
])
def test_apa_without_author_date_or_title(sparse_doc, overrides, expected):
    doc = sparse_doc.__class__(**{**sparse_doc.__dict__, **overrides})
    assert format_citation(doc, "apa") == expected


def test_apa_retrieval_date_only_for_an_undated_document(sparse_doc):
    doc = sparse_doc.__class__(**{**sparse_doc.__dict__, "title": "A title", "source_url": "https://example.org/a"})
    assert format_citation(doc, "apa", dt.date(2020, 5, 1)) == (
        "A title. (n.d.). Retrieved May 1, 2020, from https://example.org/a")


@pytest.mark.parametrize("style", ["apa", "chicago"])
def test_html_citations_escape_everything_but_the_italics(sparse_doc, style):
    doc = sparse_doc.__class__(**{**sparse_doc.__dict__, "title": "<script>alert(1)</script> & co",
                                  "publisher": "A <b>bold</b> press"})
    html = citation_html(doc, style)
    assert "<script>" not in html and "<b>" not in html
    assert re.fullmatch(r"[^<]*<i>[^<]*</i>[^<]*", html), html
    assert "&lt;script&gt;" in html and "&amp; " in html


# ---- every style ------------------------------------------------------------

@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("overrides", [
    dict(), dict(title="A title"), dict(publisher="UNHCR"), dict(published="2004-06"),
    dict(document_symbol="HCR/GIP/02/01"), dict(refworld_docid="3ae6ab005c"),
    dict(title="A title", document_symbol="HCR/GIP/02/01"),
])
def test_missing_fields_leave_no_trace(sparse_doc, style, overrides):
    doc = sparse_doc.__class__(**{**sparse_doc.__dict__, **overrides})
    for accessed in (None, dt.date(2020, 1, 2)):
        text = format_citation(doc, style, accessed)
        assert "None" not in text and "null" not in text
        for debris in (", ,", ",,", "()", "[]", "{}", " ,", ". .", "..", "available at: [",
                       '""', "\u201c\u201d"):
            assert debris not in text, (debris, text)
        if style != "bibtex":  # BibTeX fields end in commas by design
            assert not re.search(r",\s*$", text)


@pytest.mark.parametrize("style", STYLES)
def test_every_style_names_title_publisher_and_year(seed_doc, style):
    text = format_citation(seed_doc, style)
    assert "2004 Trafficking in Persons Report - Mali" in text
    assert "United States Department of State" in text
    assert "2004" in text


def test_style_names_are_case_and_space_tolerant(seed_doc):
    assert format_citation(seed_doc, " APA ") == format_citation(seed_doc, "apa")


def test_unknown_style_lists_the_styles(seed_doc):
    with pytest.raises(QueryError) as error:
        format_citation(seed_doc, "mla")
    assert "mla" in str(error.value)
    assert all(style in str(error.value) for style in STYLES)


@pytest.mark.parametrize("overrides, url", [
    (dict(), None),
    (dict(refworld_docid="3ae6ab005c"), "https://www.refworld.org/docid/3ae6ab005c.html"),
    (dict(source_url="http://www.refworld.org/publisher,USDOS,,MLI,5b3e0addf,0.html"),
     "https://www.refworld.org/docid/5b3e0addf.html"),
    (dict(source_url="https://webarchive.archive.unhcr.org/20240423022457mp_/"
                     "https://www.refworld.org/docid/3ae6ab005c.html"),
     "https://www.refworld.org/docid/3ae6ab005c.html"),
    (dict(source_url="http://www.refworld.org/cgi-bin/texis/vtx/rwmain?page=topic&coi=NGA"
                     "&docid=4680d7f523&skip=0", refworld_docid="4680d7f523"),
     "https://www.refworld.org/docid/4680d7f523.html"),
    (dict(source_url="https://www.refworld.org/reference/annualreport/usdos/2003/en/26145"),
     "https://www.refworld.org/reference/annualreport/usdos/2003/en/26145"),
    (dict(source_url="https://2009-2017.state.gov/j/tip/rls/tiprpt/countries/2015/243487.htm"),
     "https://2009-2017.state.gov/j/tip/rls/tiprpt/countries/2015/243487.htm"),
])
def test_citation_url_is_refworlds_docid_page_when_there_is_a_docid(sparse_doc, overrides, url):
    assert citation_url(sparse_doc.__class__(**{**sparse_doc.__dict__, **overrides})) == url


# ---- addresses --------------------------------------------------------------

@pytest.mark.parametrize("url, expected", [
    ("https://www.refworld.org/docid/3ae6ab005c.html", "https://www.refworld.org/docid/3ae6ab005c.html"),
    ("  http://example.org/a?b=c  ", "http://example.org/a?b=c"),
    ("www.refworld.org/docid/3ae6ab005c.html", "https://www.refworld.org/docid/3ae6ab005c.html"),
    ("javascript:alert(1)", None),
    ("JavaScript:alert('refworld.org/docid/3ae6ab005c.html')", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("file:///etc/passwd", None),
    ("/home/someone/archive/x.html", None),
    ("https://", None),
    ("https://example.org/a\x1bb", None),
    ("vbscript:msgbox", None),
    (None, None),
])
def test_only_http_addresses_and_refworld_forms_are_addresses(url, expected):
    assert web_address(url) == expected


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("unsafe", ["javascript:alert(1)", "data:text/html,hi", "file:///etc/passwd",
                                    "javascript:x='refworld.org/docid/3ae6ab005c.html'"])
def test_no_style_exports_an_unsafe_address(sparse_doc, style, unsafe):
    doc = sparse_doc.__class__(**{**sparse_doc.__dict__, "title": "A title", "source_url": unsafe})
    text = format_citation(doc, style, dt.date(2020, 1, 2))
    for scheme in ("javascript", "data:", "file:", "refworld.org"):
        assert scheme not in text.lower(), text
