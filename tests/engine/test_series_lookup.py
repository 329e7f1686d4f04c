"""A document's series (its other editions and years) is found by the series term the index
keeps for it (``series.series_id``), reading only the series' documents."""
from __future__ import annotations

import pytest
from conftest import make_document

from indexer import works
from indexer.build import write_index
from indexer.engine import similar
from indexer.engine.archive import open_index
from indexer.engine.schema import stored_document
from indexer.records import Country
from indexer.series import same_series, series_id

STATE = "United States Department of State"
MALI, NIGER = Country("Mali", "MLI"), Country("Niger", "NER")


def _doc(doc_id: str, title: str, **overrides):
    return make_document(id=doc_id, title=title, path=f"series/{doc_id}.txt",
                         text=f"{title}: forced labour and trafficked children ({doc_id}).", **overrides)


# Each document: whether it is of the series of "Trafficking in Persons Report 2008 - Mali".
ARCHIVE = (
    (_doc("tip-mli-2004", "U.S. Department of State 2004 Trafficking in Persons Report - Mali",
          report_year=2004), True),
    (_doc("tip-mli-2009", "Trafficking in Persons Report 2009 - Mali", report_year=2009), True),
    (_doc("tip-ner-2008", "Trafficking in Persons Report 2008 - Niger", countries=(NIGER,)), False),
    (_doc("other-mli-2008", "Mali: child labour in gold mines 2008"), False),
    (_doc("fh-mli-2008", "Trafficking in Persons Report 2008 - Mali", publisher="Freedom House"), False),
    (_doc("qr-mli-2008", "Trafficking in Persons Report 2008 - Mali", doc_type="Query response"), False),
)
PAGE = _doc("tip-mli-2008", "Trafficking in Persons Report 2008 - Mali")


@pytest.fixture(scope="module")
def series_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("series-index")
    write_index(folder, [PAGE, *(doc for doc, _ in ARCHIVE)])
    return folder


@pytest.mark.parametrize(("other", "same"), ARCHIVE, ids=[doc.id for doc, _ in ARCHIVE])
def test_documents_share_a_series_id_exactly_when_they_are_one_series(other, same):
    assert (series_id(other) == series_id(PAGE)) is same
    assert same_series(PAGE, other) is same


def test_a_document_without_a_country_has_no_series_id():
    assert series_id(make_document(countries=())) is None


def _members(searcher, doc, reads: list[int]):
    def stored(docnum: int):
        reads.append(docnum)
        return stored_document(searcher.stored_fields(docnum))
    return similar.series_members(searcher, doc, stored)


def test_the_series_is_every_document_of_the_series_and_only_those(series_index):
    with open_index(series_index).searcher() as searcher:
        found = _members(searcher, PAGE, [])
    assert [doc.id for doc in found] == ["tip-mli-2004", "tip-mli-2008", "tip-mli-2009"]


def test_the_series_lookup_reads_only_the_series_documents(series_index):
    """The Mali report of the same publisher and type but another title is not read."""
    reads: list[int] = []
    with open_index(series_index).searcher() as searcher:
        _members(searcher, PAGE, reads)
        read_ids = {searcher.stored_fields(docnum)["id"] for docnum in reads}
    assert read_ids == {"tip-mli-2004", "tip-mli-2008", "tip-mli-2009"}


class _WithoutSeriesField:
    """A searcher of an index written before the series term was kept."""

    def __init__(self, searcher):
        self._searcher = searcher
        self.schema = {name: field for name, field in searcher.schema.items() if name != "series"}

    def docs_for_query(self, query):
        return self._searcher.docs_for_query(query)

    def reader(self):
        return self._searcher.reader()


def test_an_index_without_series_terms_still_finds_the_series(series_index):
    with open_index(series_index).searcher() as searcher:
        found = similar.series_members(_WithoutSeriesField(searcher), PAGE,
                                       lambda docnum: stored_document(searcher.stored_fields(docnum)))
    assert [doc.id for doc in found] == ["tip-mli-2004", "tip-mli-2008", "tip-mli-2009"]


def test_the_series_members_works_are_told_by_their_kept_keys_not_their_texts(series_index, monkeypatch):
    """Only the page's own text is keyed; each member's work key is the one the index keeps."""
    keyed: list[str] = []
    text_key = works.text_key

    def counted(doc):
        keyed.append(doc.id)
        return text_key(doc)

    monkeypatch.setattr(works, "text_key", counted)
    with open_index(series_index).searcher() as searcher:
        found = _members(searcher, PAGE, [])
    assert [doc.id for doc in found] == ["tip-mli-2004", "tip-mli-2008", "tip-mli-2009"]
    assert keyed == [PAGE.id]


def test_every_web_document_has_the_series_the_whole_archive_gives_it(web_index):
    with open_index(web_index).searcher() as searcher:
        docs = [stored_document(searcher.stored_fields(n)) for n in range(searcher.doc_count_all())]
        for doc in docs:
            expected = sorted(other.id for other in docs if other is doc or same_series(doc, other))
            assert sorted(member.id for member in _members(searcher, doc, [])) == expected
