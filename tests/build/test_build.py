"""Writing and opening the index: round trips, generations, the lock."""
from __future__ import annotations

import pytest
from conftest import make_document
from whoosh.qparser import QueryParser
from whoosh.query import Term

from indexer.archive import current_generation
from indexer.build import write_index
from indexer.engine.archive import open_generation, open_index
from indexer.engine.schema import stored_document
from indexer.errors import IndexBusy, IndexDamaged, IndexMissing
from indexer.records import Country
from indexer.store import generations
from indexer.store.locking import index_lock


def search_ids(index_dir, field, text):
    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        query = QueryParser(field, ix.schema).parse(text)
        return sorted(hit["id"] for hit in searcher.search(query, limit=None))


@pytest.fixture
def two_documents():
    mali = make_document()
    ivory = make_document(
        id="civ2010", title="Trafficking in Persons Report 2010 - Côte d'Ivoire",
        countries=(Country("Côte d'Ivoire", "CIV"),), tier="Tier 2 Watch List",
        report_year=2010, published="2010-06-14", path="test/civ-2010.txt",
        text="Côte d'Ivoire is a source and destination country for forced labour.")
    return mali, ivory


def test_written_document_comes_back_whole(tmp_path, two_documents):
    write_index(tmp_path, two_documents)
    ix = open_index(tmp_path)
    assert ix.doc_count() == 2
    with ix.searcher() as searcher:
        stored = searcher.document(id="civ2010")
    assert stored_document(stored) == two_documents[1]


@pytest.mark.parametrize("field, text, expected", [
    ("body", "Cote", ["civ2010"]),            # diacritics folded
    ("body", "côte", ["civ2010"]),
    ("body", "trafficked", ["test0001"]),
    ("title", "ivoire", ["civ2010"]),
    ("country_text", "Mali", ["test0001"]),
    ("tier", '"Tier 2 Watch List"', ["civ2010"]),
    ("countries", "MLI", ["test0001"]),
    ("publisher", '"United States Department of State"', ["civ2010", "test0001"]),
])
def test_written_fields_are_searchable(tmp_path, two_documents, field, text, expected):
    write_index(tmp_path, two_documents)
    assert search_ids(tmp_path, field, text) == expected


def test_tier_is_an_exact_term(tmp_path, two_documents):
    write_index(tmp_path, two_documents)
    with open_index(tmp_path).searcher() as searcher:
        assert [h["id"] for h in searcher.search(Term("tier", "Tier 2"))] == ["test0001"]


def test_writing_again_replaces_the_index(tmp_path, two_documents):
    write_index(tmp_path, two_documents)
    first = current_generation(tmp_path)
    write_index(tmp_path, two_documents[:1])
    assert current_generation(tmp_path) != first
    assert open_index(tmp_path).doc_count() == 1
    assert search_ids(tmp_path, "body", "Cote") == []


def test_only_the_live_and_previous_generations_are_kept(tmp_path, two_documents):
    for _ in range(4):
        write_index(tmp_path, two_documents)
    names = generations.list_generations(tmp_path)
    assert len(names) == 2
    assert names[-1] == current_generation(tmp_path)


def test_open_generation_names_what_it_opened(tmp_path, two_documents):
    write_index(tmp_path, two_documents)
    ix, name = open_generation(tmp_path)
    assert name == current_generation(tmp_path)
    assert ix.doc_count() == 2


def test_an_empty_document_list_gives_an_empty_searchable_index(tmp_path):
    write_index(tmp_path, [])
    assert open_index(tmp_path).doc_count() == 0


def test_duplicate_ids_are_refused_and_the_old_index_stays(tmp_path, two_documents):
    write_index(tmp_path, two_documents)
    before = current_generation(tmp_path)
    twin = make_document(path="test/other.txt")
    with pytest.raises(ValueError, match="test0001"):
        write_index(tmp_path, [make_document(), twin])
    assert current_generation(tmp_path) == before
    assert generations.list_generations(tmp_path)[-1] == before
    assert open_index(tmp_path).doc_count() == 2


@pytest.mark.parametrize("damage", ["no folder", "empty folder", "missing generation"])
def test_open_index_reports_a_missing_index(tmp_path, two_documents, damage):
    index_dir = tmp_path / "index"
    if damage != "no folder":
        index_dir.mkdir()
    if damage == "missing generation":
        write_index(index_dir, two_documents)
        for path in index_dir.glob("gen-*"):
            for f in path.iterdir():
                f.unlink()
            path.rmdir()
    with pytest.raises(IndexMissing, match="refsearch index --index"):
        open_index(index_dir)


def test_open_index_reports_a_broken_table_of_contents_as_damage(tmp_path, two_documents):
    index_dir = tmp_path / "index"
    write_index(index_dir, two_documents)
    for toc in (index_dir / current_generation(index_dir)).glob("*.toc"):
        toc.write_bytes(b"garbage")
    with pytest.raises(IndexDamaged, match=r"\.toc has 7 bytes, not .*refsearch index"):
        open_index(index_dir)


def test_current_generation_is_none_without_an_index(tmp_path):
    assert current_generation(tmp_path) is None


def test_a_held_lock_makes_writing_fail_at_once(tmp_path, two_documents):
    with index_lock(tmp_path):
        with pytest.raises(IndexBusy, match="another refsearch index run is updating"):
            write_index(tmp_path, two_documents)
    write_index(tmp_path, two_documents)  # free again once released
    assert open_index(tmp_path).doc_count() == 2
