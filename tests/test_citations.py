"""Citations in every style: Refworld's own "Cite as" line reproduced exactly, the other
styles' key parts, well-formed BibTeX, RIS and CSL-JSON, and graceful omission of
whatever a document does not say."""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from indexer.citations.formats import STYLES, bibtex_key, citation_url, format_citation, format_citations
from indexer.errors import QueryError
from indexer.records import Country

SEED_ACCESSED = dt.date(2016, 5, 25)
IRB_ACCESSED = dt.date(2023, 5, 20)


@pytest.fixture
def seed_doc(seed_as_extracted):
    return seed_as_extracted


@pytest.fixture
def irb_doc(refworld_records, record_documents):
    return next(d for d in record_documents if d.document_symbol == "NGA26574.E")


@pytest.fixture
def sparse_doc(document_factory):
    """A document that says almost nothing about itself."""
    return document_factory(id="sparse", title=None, publisher=None, author=None,
                            published=None, countries=(), report_year=None, language=None,
                            document_symbol=None, source_url=None, refworld_docid=None)


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
     "available at: https://www.refworld.org/reference/annualreport/usdos/2003/en/26145"),
    (dict(title="  A   title\nover two lines  ", publisher=" Some  Body "),
     "Some Body, A title over two lines"),
])
def test_refworld_style_omits_what_is_missing(sparse_doc, overrides, expected):
    doc = sparse_doc.__class__(**{**sparse_doc.__dict__, **overrides})
    assert format_citation(doc, "refworld") == expected


def test_refworld_style_of_an_empty_document_with_access_date(sparse_doc):
    assert format_citation(sparse_doc, "refworld", dt.date(2020, 5, 1)) == "[accessed 1 May 2020]"


# ---- chicago and apa --------------------------------------------------------

def test_chicago_bibliography_entry_for_the_seed(seed_doc):
    doc = seed_doc.__class__(**{**seed_doc.__dict__, "refworld_docid": "4680d7f3c"})
    assert format_citation(doc, "chicago", SEED_ACCESSED) == (
        "United States Department of State. \u201cU.S. Department of State 2004 Trafficking in "
        "Persons Report - Mali.\u201d June 14, 2004. Accessed May 25, 2016. "
        "https://www.refworld.org/docid/4680d7f3c.html.")


def test_chicago_puts_the_symbol_after_the_title(irb_doc):
    text = format_citation(irb_doc, "chicago")
    assert text.startswith("Canada: Immigration and Refugee Board of Canada. \u201cNigeria: Information")
    assert "Nigerian authorities.\u201d NGA26574.E. April 1, 1997. https://" in text
    assert "Accessed" not in text


def test_apa_reference_for_the_seed(seed_doc):
    assert format_citation(seed_doc, "apa") == (
        "United States Department of State. (2004, June 14). U.S. Department of State 2004 "
        "Trafficking in Persons Report - Mali.")


def test_apa_with_symbol_url_and_retrieval_date(irb_doc):
    text = format_citation(irb_doc, "apa", IRB_ACCESSED)
    assert text.startswith("Canada: Immigration and Refugee Board of Canada. (1997, April 1). Nigeria:")
    assert "Nigerian authorities (NGA26574.E). Retrieved May 20, 2023, from https://" in text
    assert text.endswith("/docid/3ae6ab005c.html")


@pytest.mark.parametrize("overrides, expected", [
    (dict(), "(n.d.)."),
    (dict(title="A title"), "A title. (n.d.)."),
    (dict(title="A title", published="2013-01"), "A title. (2013, January)."),
    (dict(publisher="UNHCR", published="2013"), "UNHCR. (2013)."),
])
def test_apa_without_author_date_or_title(sparse_doc, overrides, expected):
    doc = sparse_doc.__class__(**{**sparse_doc.__dict__, **overrides})
    assert format_citation(doc, "apa") == expected


# ---- bibtex -----------------------------------------------------------------

def braces_balanced(text: str) -> bool:
    depth = 0
    unescaped = re.sub(r"\\[{}]", "", text)
    for ch in unescaped:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def bibtex_fields(text: str) -> dict[str, str]:
    return dict(re.findall(r"^  ([a-z]+) = (.*?),?$", text, re.M))


def test_bibtex_entry_for_the_seed(seed_doc):
    doc = seed_doc.__class__(**{**seed_doc.__dict__, "refworld_docid": "4680d7f3c"})
    text = format_citation(doc, "bibtex", SEED_ACCESSED)
    assert text.startswith("@techreport{usdos2004mali,\n")
    assert text.endswith("\n}")
    assert braces_balanced(text)
    fields = bibtex_fields(text)
    assert fields["author"] == "{{United States Department of State}}"
    assert fields["title"] == "{{U.S. Department of State 2004 Trafficking in Persons Report - Mali}}"
    assert fields["institution"] == "{United States Department of State}"
    assert (fields["year"], fields["month"], fields["date"]) == ("{2004}", "jun", "{2004-06-14}")
    assert fields["url"] == "{https://www.refworld.org/docid/4680d7f3c.html}"
    assert fields["urldate"] == "{2016-05-25}"


def test_bibtex_notes_the_document_symbol(irb_doc):
    text = format_citation(irb_doc, "bibtex")
    assert braces_balanced(text)
    fields = bibtex_fields(text)
    assert fields["note"] == "{Document symbol: NGA26574.E}"
    assert fields["number"] == "{NGA26574.E}"
    assert "urldate" not in fields


def test_bibtex_escapes_special_characters(sparse_doc):
    doc = sparse_doc.__class__(**{**sparse_doc.__dict__,
                                  "title": "Costs & 50% {rise} of fees_$ #1 ~ ^ \\ end"})
    text = format_citation(doc, "bibtex")
    assert braces_balanced(text)
    assert (r"Costs \& 50\% \{rise\} of fees\_\$ \#1 \textasciitilde{} "
            r"\textasciicircum{} \textbackslash{} end") in text


def test_bibtex_of_a_sparse_document_is_a_misc_entry(sparse_doc):
    assert format_citation(sparse_doc, "bibtex") == "@misc{docnd,\n}"
    doc = sparse_doc.__class__(**{**sparse_doc.__dict__, "title": "Handbook on Procedures"})
    text = format_citation(doc, "bibtex")
    assert text.startswith("@misc{docndhandbook,\n") and braces_balanced(text)


@pytest.mark.parametrize("overrides, key", [
    (dict(), "usdos2008mali"),
    (dict(publisher="Canada: Immigration and Refugee Board of Canada", published="1997-04-01",
          countries=(Country("Nigeria", "NGA"),)), "ciarboc1997nigeria"),
    (dict(countries=(Country("Côte d'Ivoire", "CIV"),)), "usdos2008cotedivoire"),
    (dict(published=None, report_year=2010), "usdos2010mali"),
])
def test_bibtex_key_is_who_when_what(document_factory, overrides, key):
    assert bibtex_key(document_factory(**overrides)) == key


# ---- ris --------------------------------------------------------------------

RIS_LINE = re.compile(r"^[A-Z][A-Z0-9]  - (\S.*)?$")


def ris_tags(text: str) -> dict[str, list[str]]:
    tags: dict[str, list[str]] = {}
    for line in text.split("\n"):
        tags.setdefault(line[:2], []).append(line[6:])
    return tags


@pytest.mark.parametrize("fixture", ["seed_doc", "irb_doc", "sparse_doc"])
def test_ris_lines_are_well_formed(request, fixture):
    text = format_citation(request.getfixturevalue(fixture), "ris", SEED_ACCESSED)
    lines = text.split("\n")
    assert all(RIS_LINE.match(line) for line in lines), lines
    assert lines[0].startswith("TY  - ")
    assert lines[-1] == "ER  - "


def test_ris_record_for_the_irb_document(irb_doc):
    tags = ris_tags(format_citation(irb_doc, "ris", IRB_ACCESSED))
    assert tags["TY"] == ["RPRT"]
    assert tags["AU"] == ["Canada: Immigration and Refugee Board of Canada"]
    assert tags["A2"] == ["Research Directorate, Immigration and Refugee Board, Canada"]
    assert tags["PB"] == ["Canada: Immigration and Refugee Board of Canada"]
    assert tags["TI"][0].startswith("Nigeria: Information on whether")
    assert (tags["PY"], tags["DA"]) == (["1997"], ["1997/04/01/"])
    assert tags["M1"] == ["NGA26574.E"]
    assert tags["UR"] == ["https://www.refworld.org/docid/3ae6ab005c.html"]
    assert tags["Y2"] == ["2023/05/20"]


@pytest.mark.parametrize("published, da", [("2013-01", "2013/01//"), ("2004", "2004///")])
def test_ris_date_keeps_its_precision(document_factory, published, da):
    assert ris_tags(format_citation(document_factory(published=published), "ris"))["DA"] == [da]


def test_ris_of_a_sparse_document_is_generic(sparse_doc):
    assert format_citation(sparse_doc, "ris") == "TY  - GEN\nER  - "


# ---- csl-json ---------------------------------------------------------------

def test_csl_json_item_for_the_irb_document(irb_doc):
    items = json.loads(format_citation(irb_doc, "csl-json", IRB_ACCESSED))
    assert len(items) == 1
    item = items[0]
    assert item["type"] == "report"
    assert item["id"] == irb_doc.id
    assert item["title"] == irb_doc.title
    assert item["publisher"] == "Canada: Immigration and Refugee Board of Canada"
    assert item["author"] == [{"literal": "Canada: Immigration and Refugee Board of Canada"}]
    assert item["issued"] == {"date-parts": [[1997, 4, 1]]}
    assert item["number"] == "NGA26574.E"
    assert item["URL"] == "https://www.refworld.org/docid/3ae6ab005c.html"
    assert item["accessed"] == {"date-parts": [[2023, 5, 20]]}


@pytest.mark.parametrize("published, parts", [
    ("2004-06-14", [[2004, 6, 14]]), ("2013-01", [[2013, 1]]), ("2004", [[2004]]),
])
def test_csl_json_date_parts_keep_their_precision(document_factory, published, parts):
    item = json.loads(format_citation(document_factory(published=published), "csl-json"))[0]
    assert item["issued"] == {"date-parts": parts}


def test_csl_json_of_a_sparse_document_has_only_id_and_type(sparse_doc):
    assert json.loads(format_citation(sparse_doc, "csl-json")) == [{"id": "sparse", "type": "report"}]


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


# ---- several documents ------------------------------------------------------

def test_bibliography_keeps_bibtex_keys_unique(document_factory):
    docs = [document_factory(id=f"d{i}", title=f"Report {i} - Mali") for i in range(3)]
    text = format_citations(docs, "bibtex")
    assert re.findall(r"^@techreport\{(\w+),$", text, re.M) == [
        "usdos2008mali", "usdos2008malib", "usdos2008malic"]
    assert braces_balanced(text)
    assert text.count("\n\n@techreport") == 2


def test_bibliography_in_csl_json_is_one_list(document_factory):
    docs = [document_factory(id="a"), document_factory(id="b", published="2013-01")]
    items = json.loads(format_citations(docs, "csl-json"))
    assert [(i["id"], i["issued"]["date-parts"]) for i in items] == [
        ("a", [[2008, 6, 4]]), ("b", [[2013, 1]])]


@pytest.mark.parametrize("style", ["refworld", "ris"])
def test_bibliography_separates_entries_with_a_blank_line(document_factory, style):
    docs = [document_factory(id="a"), document_factory(id="b", title="Another report")]
    text = format_citations(docs, style, dt.date(2020, 1, 2))
    assert text.split("\n\n") == [format_citation(d, style, dt.date(2020, 1, 2)) for d in docs]


def test_bibliography_of_nothing_is_empty():
    assert format_citations([], "bibtex") == ""
    assert json.loads(format_citations([], "csl-json")) == []


def test_bibliography_in_an_unknown_style_is_a_query_error(document_factory):
    for docs in ([document_factory()], []):
        with pytest.raises(QueryError):
            format_citations(docs, "mla")
