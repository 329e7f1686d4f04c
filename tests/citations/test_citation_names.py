"""Authors as names: several people are several names in every style and format, each person
with family and given names, and an organisation one name as written.

Read back with the parsers reference managers use (bibtexparser's name parts, rispy, CSL-JSON),
and APA and Chicago held against citeproc-py in the official styles for every document of the
shared corpus (``citeproc_render`` lists the differences kept on purpose, with their reasons).
"""
from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts
from citeproc_render import CORPUS_DIFFERENCES, KEPT_DIFFERENCES, citeproc_reference

from indexer.citations.formats import format_citation
from indexer.citations.names import Name, apa_authors, chicago_authors, is_organisation, read_name, split_authors
from indexer.errors import DocumentError

ACCESSED = dt.date(2024, 5, 1)
SEVERAL = "Jane Anne Doe; John Smith; Jean-Paul van der Berg"


@pytest.mark.parametrize("field, authors", [
    ("Marina Sharpe", ["Marina Sharpe"]),
    ("Sharpe, Marina", ["Sharpe, Marina"]),
    ("Jane Doe; John Smith", ["Jane Doe", "John Smith"]),
    ("Jane Doe and John Smith", ["Jane Doe", "John Smith"]),
    ("Jane Doe & John Smith", ["Jane Doe", "John Smith"]),
    ("Jane Doe, John Smith, and Ann Lee", ["Jane Doe", "John Smith", "Ann Lee"]),
    ("Jane Doe, John Smith and Ann Lee", ["Jane Doe", "John Smith", "Ann Lee"]),
    ("Doe, Jane and Smith, John", ["Doe, Jane", "Smith, John"]),
    ("Doe, J., & Smith, J. A.", ["Doe, J.", "Smith, J. A."]),
    ("Doe, Jane, and John Smith", ["Doe, Jane", "John Smith"]),
    ("García Márquez, Gabriel", ["García Márquez, Gabriel"]),
    ("Martin Luther King, Jr. and Maria de la Cruz", ["Martin Luther King, Jr.", "Maria de la Cruz"]),
    # organisations stay whole, their commas and "and" included
    ("Office to Monitor and Combat Trafficking in Persons", ["Office to Monitor and Combat Trafficking in Persons"]),
    ("Bureau of Democracy, Human Rights, and Labor", ["Bureau of Democracy, Human Rights, and Labor"]),
    ("Research Directorate, Immigration and Refugee Board, Canada",
     ["Research Directorate, Immigration and Refugee Board, Canada"]),
    ("Human Rights Watch; Amnesty International", ["Human Rights Watch", "Amnesty International"]),
    (None, []),
    ("  ", []),
])
def test_an_author_field_becomes_one_entry_per_author(field, authors):
    assert split_authors(field) == authors


@pytest.mark.parametrize("text", [
    "U.S. Department of State", "United States Department of State", "Human Rights Watch",
    "Amnesty International", "UNHCR", "UN High Commissioner for Refugees",
    "Canada: Immigration and Refugee Board of Canada", "Office to Monitor and Combat Trafficking in Persons",
    "Freedom House", "International Crisis Group", "ecoi.net", "Refworld", "UN Women", "IOM",
])
def test_an_organisation_is_recognised_as_one(text):
    assert is_organisation(text)
    assert read_name(text) == Name(literal=text)


@pytest.mark.parametrize("text, name", [
    ("Marina Sharpe", Name(family="Sharpe", given="Marina")),
    ("Sharpe, Marina", Name(family="Sharpe", given="Marina")),
    ("Jane Anne Doe", Name(family="Doe", given="Jane Anne")),
    ("Jean-Paul van der Berg", Name(family="van der Berg", given="Jean-Paul")),
    ("de la Cruz, Maria", Name(family="de la Cruz", given="Maria")),
    ("Martin Luther King, Jr.", Name(family="King", given="Martin Luther", suffix="Jr.")),
    ("Dr. Jane Doe", Name(family="Doe", given="Jane")),
    ("García Márquez, Gabriel", Name(family="García Márquez", given="Gabriel")),
    ("J.R.R. Tolkien", Name(family="Tolkien", given="J.R.R.")),
    ("Doe, JA", Name(family="Doe", given="JA")),
])
def test_a_person_is_read_into_family_and_given_names(text, name):
    assert not is_organisation(text)
    assert read_name(text) == name


DOE, SMITH, LEE = (Name(family="Doe", given="Jane Anne"), Name(family="Smith", given="John"),
                   Name(family="Lee", given="Ann"))
WATCH = Name(literal="Human Rights Watch")


@pytest.mark.parametrize("names, apa, chicago", [
    ([DOE], "Doe, J. A.", "Doe, Jane Anne"),
    ([DOE, SMITH], "Doe, J. A., & Smith, J.", "Doe, Jane Anne, and John Smith"),
    ([DOE, SMITH, LEE], "Doe, J. A., Smith, J., & Lee, A.", "Doe, Jane Anne, John Smith, and Ann Lee"),
    ([WATCH, DOE], "Human Rights Watch, & Doe, J. A.", "Human Rights Watch, and Jane Anne Doe"),
    ([Name(family="King", given="Martin Luther", suffix="Jr.")], "King, M. L., Jr.", "King, Martin Luther, Jr."),
    ([Name(family="van der Berg", given="Jean-Paul")], "van der Berg, J.-P.", "van der Berg, Jean-Paul"),
    ([WATCH], "Human Rights Watch", "Human Rights Watch"),
    ([Name(family="Tolkien", given="J.R.R.")], "Tolkien, J. R. R.", "Tolkien, J.R.R."),
])
def test_each_style_lists_several_authors_by_its_own_rules(names, apa, chicago):
    assert apa_authors(names) == apa
    assert chicago_authors(names) == chicago


def test_many_authors_are_cut_as_each_manual_says():
    people = [Name(family=f"Family{chr(65 + i)}", given=f"Given{chr(65 + i)}") for i in range(21)]
    assert apa_authors(people).endswith("FamilyS, G., \u2026 FamilyU, G.")   # 19 listed, then the last
    assert apa_authors(people).count("&") == 0
    assert apa_authors(people[:20]).count(", ") == 39 and ", & FamilyT, G." in apa_authors(people[:20])
    assert chicago_authors(people[:7]) == "FamilyA, GivenA, GivenB FamilyB, GivenC FamilyC, et al."
    assert chicago_authors(people[:6]).endswith(", and GivenF FamilyF")


@pytest.fixture
def several(document_factory):
    return document_factory(author=SEVERAL, title="Returnees to Mali", publisher="Some Institute")


def test_several_people_are_never_joined_by_a_semicolon_in_apa_or_chicago(several):
    apa, chicago = format_citation(several, "apa", ACCESSED), format_citation(several, "chicago", ACCESSED)
    assert apa.startswith("Doe, J. A., Smith, J., & van der Berg, J.-P. (")
    assert chicago.startswith("Doe, Jane Anne, John Smith, and Jean-Paul van der Berg. ")
    assert ";" not in apa and ";" not in chicago


def test_bibtex_names_each_person_with_their_parts_and_an_organisation_as_one(several, document_factory):
    middleware = [SeparateCoAuthors(), SplitNameParts()]
    entry = bibtexparser.parse_string(format_citation(several, "bibtex"), append_middleware=middleware).entries[0]
    assert [(n.last, n.first, n.von) for n in entry["author"]] == [
        (["Doe"], ["Jane", "Anne"], []), (["Smith"], ["John"], []), (["Berg"], ["Jean-Paul"], ["van", "der"])]
    office = document_factory()   # the seed's author: an office whose name holds "and"
    entry = bibtexparser.parse_string(format_citation(office, "bibtex"), append_middleware=middleware).entries[0]
    assert [n.last for n in entry["author"]] == [["{Office to Monitor and Combat Trafficking in Persons}"]]


def test_ris_gives_one_au_per_person_family_first(several, document_factory):
    record = rispy.loads(format_citation(several, "ris"))[0]
    assert record["authors"] == ["Doe, Jane Anne", "Smith, John", "van der Berg, Jean-Paul"]
    office = rispy.loads(format_citation(document_factory(author="U.S. Department of State"), "ris"))[0]
    assert office["authors"] == ["U.S. Department of State"]


def test_csl_json_gives_people_name_parts_and_organisations_literals(several, document_factory):
    item = json.loads(format_citation(several, "csl-json"))[0]
    assert item["author"] == [{"family": "Doe", "given": "Jane Anne"}, {"family": "Smith", "given": "John"},
                              {"family": "van der Berg", "given": "Jean-Paul"}]
    item = json.loads(format_citation(document_factory(author="Human Rights Watch"), "csl-json"))[0]
    assert item["author"] == [{"literal": "Human Rights Watch"}]


def test_a_page_naming_each_author_in_its_own_meta_tag_keeps_them_all():
    from indexer.documents.reader import parse_document

    page = ("<html><head><title>Returnees to Mali</title>"
            '<meta name="citation_author" content="Doe, Jane Anne">'
            '<meta name="citation_author" content="Smith, John">'
            "</head><body><h1>Returnees to Mali</h1><p>Text of the report on returnees.</p></body></html>")
    doc = parse_document(page.encode("utf-8"), "archive/returnees.html")
    item = json.loads(format_citation(doc, "csl-json"))[0]
    assert item["author"] == [{"family": "Doe", "given": "Jane Anne"}, {"family": "Smith", "given": "John"}]


# ---- every document of the shared corpus against citeproc-py ------------------

@pytest.fixture(scope="module")
def corpus_documents(corpus_dir, record_documents):
    """Every file of the corpus the reader reads, and the Refworld records as documents."""
    from indexer.documents.reader import read_document

    docs = []
    for path in sorted(p for p in corpus_dir.rglob("*") if p.is_file()):
        try:
            docs.append(read_document(path))
        except DocumentError:
            continue   # not a document: a table, a scanned page, an encrypted file
    return docs + record_documents


@pytest.fixture(scope="module")
def styles_dir(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("csl"))


@pytest.mark.parametrize("style", ["apa", "chicago"])
def test_citeproc_renders_every_corpus_document_as_refsearch_does(corpus_dir, corpus_documents, styles_dir, style):
    """Equal, character for character, but for the documented differences of ``CORPUS_DIFFERENCES``."""
    differ = set()
    for doc in corpus_documents:
        expected = citeproc_reference(doc, style, False, ACCESSED, styles_dir)
        if format_citation(doc, style, ACCESSED) != html.unescape(expected):
            path = Path(doc.path)
            differ.add((style, path.relative_to(corpus_dir).as_posix() if path.is_absolute() else doc.path))
    assert len(corpus_documents) > 100
    assert differ == {key for key in CORPUS_DIFFERENCES if key[0] == style}


def test_every_documented_difference_has_its_reason_in_the_table():
    reasons = {what for _, what, _ in KEPT_DIFFERENCES}
    assert all(any(r.startswith(reason) for r in reasons) for reason in CORPUS_DIFFERENCES.values())


def test_a_pasted_apa_or_chicago_citation_names_the_authors_of_the_document(tmp_path, several):
    from indexer.archive import open_archive
    from indexer.build import write_index
    from indexer.citations.lookup import lookup

    write_index(tmp_path, [several])
    with open_archive(tmp_path) as archive:
        for style in ("apa", "chicago"):
            found = lookup(archive, format_citation(several, style, ACCESSED))
            assert found[0].id == several.id and "author matches" in found[0].reasons
