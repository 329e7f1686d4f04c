"""Citations written for reference managers: BibTeX, RIS and CSL-JSON records of one
document, and bibliographies of several."""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from citation_docs import IRB_ACCESSED, SEED_ACCESSED
from citation_docs import irb_doc as irb_doc
from citation_docs import seed_doc as seed_doc
from citation_docs import sparse_doc as sparse_doc

from indexer.citations.exchange import bibtex_key
from indexer.citations.formats import format_citation, format_citations
from indexer.errors import QueryError
from indexer.records import Country

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
    ("Jane Doe; John Roe", ["Doe, Jane", "Roe, John"]),
    ("Jane Doe and John Roe", ["Doe, Jane", "Roe, John"]),
    ("Bureau of Democracy, Human Rights, and Labor", ["Bureau of Democracy, Human Rights, and Labor"]),
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
