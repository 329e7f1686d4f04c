"""Citations in every style: Refworld's own "Cite as" line reproduced exactly, the other
styles' key parts, well-formed BibTeX, RIS and CSL-JSON, and graceful omission of
whatever a document does not say."""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from indexer.citations.exchange import bibtex_key
from indexer.citations.formats import STYLES, citation_html, format_citation, format_citations, headline_case
from indexer.citations.parts import citation_url, web_address
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
    assert text.startswith(f"@techreport{{{bibtex_key(doc)},\n")
    assert text.endswith("\n}")
    assert braces_balanced(text)
    fields = bibtex_fields(text)
    assert fields["author"] == "{{Office to Monitor and Combat Trafficking in Persons}}"
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


def test_bibtex_of_a_sparse_document_is_a_misc_entry_titled_by_its_file(sparse_doc):
    assert format_citation(sparse_doc, "bibtex") == (
        f"@misc{{{bibtex_key(sparse_doc)},\n  title = {{{{mali-2008}}}},\n}}")
    assert bibtex_key(sparse_doc).startswith("docnd-")
    doc = sparse_doc.__class__(**{**sparse_doc.__dict__, "title": "Handbook on Procedures"})
    text = format_citation(doc, "bibtex")
    assert text.startswith("@misc{docndhandbook-") and braces_balanced(text)


@pytest.mark.parametrize("overrides, key", [
    (dict(), "usdos2008mali"),
    (dict(publisher="Canada: Immigration and Refugee Board of Canada", published="1997-04-01",
          countries=(Country("Nigeria", "NGA"),)), "ciarboc1997nigeria"),
    (dict(countries=(Country("Côte d'Ivoire", "CIV"),)), "usdos2008cotedivoire"),
    (dict(published=None, report_year=2010), "usdos2010mali"),
])
def test_bibtex_key_is_who_when_what_then_a_hash_of_the_id(document_factory, overrides, key):
    readable, tag = bibtex_key(document_factory(**overrides)).split("-")
    assert readable == key
    assert re.fullmatch(r"[a-z2-7]{8}", tag)


def test_bibtex_key_depends_on_the_document_alone(document_factory):
    one, same_kind = document_factory(id="a1"), document_factory(id="a2", title="Another")
    assert bibtex_key(one) == bibtex_key(document_factory(id="a1"))
    assert bibtex_key(one) != bibtex_key(same_kind)
    assert bibtex_key(one).split("-")[0] == bibtex_key(same_kind).split("-")[0]


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
    assert tags["AU"] == ["Research Directorate, Immigration and Refugee Board, Canada"]
    assert "A2" not in tags
    assert tags["PB"] == ["Canada: Immigration and Refugee Board of Canada"]
    assert tags["TI"][0].startswith("Nigeria: Information on whether")
    assert (tags["PY"], tags["DA"]) == (["1997"], ["1997/04/01/"])
    assert tags["SN"] == ["NGA26574.E"]
    assert tags["UR"] == ["https://www.refworld.org/docid/3ae6ab005c.html"]
    assert tags["Y2"] == ["2023/05/20"]


@pytest.mark.parametrize("published, da", [("2013-01", "2013/01//"), ("2004", "2004///")])
def test_ris_date_keeps_its_precision(document_factory, published, da):
    assert ris_tags(format_citation(document_factory(published=published), "ris"))["DA"] == [da]


def test_ris_of_a_sparse_document_is_a_report_titled_by_its_file(sparse_doc):
    assert format_citation(sparse_doc, "ris") == "TY  - RPRT\nTI  - mali-2008\nER  - "


@pytest.mark.parametrize("author, expected", [
    ("Jane Doe; John Roe", ["Jane Doe", "John Roe"]),
    (None, ["United States Department of State"]),
])
def test_ris_has_one_author_line_per_author(document_factory, author, expected):
    assert ris_tags(format_citation(document_factory(author=author), "ris"))["AU"] == expected


# ---- csl-json ---------------------------------------------------------------

def test_csl_json_item_for_the_irb_document(irb_doc):
    items = json.loads(format_citation(irb_doc, "csl-json", IRB_ACCESSED))
    assert len(items) == 1
    item = items[0]
    assert item["type"] == "report"
    assert item["id"] == irb_doc.id
    assert item["title"] == irb_doc.title
    assert item["publisher"] == "Canada: Immigration and Refugee Board of Canada"
    assert item["author"] == [{"literal": "Research Directorate, Immigration and Refugee Board, Canada"}]
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


def test_csl_json_of_a_sparse_document_has_id_type_and_the_file_as_title(sparse_doc):
    assert json.loads(format_citation(sparse_doc, "csl-json")) == [
        {"id": "sparse", "type": "report", "title": "mali-2008"}]


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

def test_bibliography_keys_are_unique_and_the_same_in_any_order(document_factory):
    docs = [document_factory(id=f"d{i}", title=f"Report {i} - Mali") for i in range(3)]
    text = format_citations(docs, "bibtex")
    keys = re.findall(r"^@techreport\{([\w-]+),$", text, re.M)
    assert keys == [bibtex_key(d) for d in docs] and len(set(keys)) == 3
    assert all(k.startswith("usdos2008mali-") for k in keys)
    backwards = re.findall(r"^@techreport\{([\w-]+),$", format_citations(docs[::-1], "bibtex"), re.M)
    assert backwards == keys[::-1]
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
