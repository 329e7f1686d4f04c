"""Writing on every core: the same index as one writer, and failures that leave the previous index."""
from __future__ import annotations

import multiprocessing
import shutil

import pytest
from buildhelp import all_ids, ids_matching, write_doc

from indexer import build
from indexer.archive import current_generation
from indexer.build import update_index
from indexer.engine import writer
from indexer.engine.archive import open_index
from indexer.store import generations
from indexer.store.locking import index_lock

DOCUMENTS = 240  # more than one job of Whoosh's writer (100 documents) per process


@pytest.fixture
def many(tmp_path, seed_path, monkeypatch):
    """A folder of the seed and DOCUMENTS small files; every build of it writes on two processes."""
    monkeypatch.setattr(build, "PARALLEL_WRITE_MIN_DOCS", 2)
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(seed_path, docs)
    for number in range(DOCUMENTS):
        write_doc(docs, number, f"many{number}x")
    return docs, tmp_path / "index"


def assert_no_writing_processes_left():
    assert multiprocessing.active_children() == []


def test_a_parallel_build_holds_every_document_once_and_updates_incrementally(many):
    docs, index_dir = many
    report = update_index([docs], index_dir, workers=2)
    assert report.documents == DOCUMENTS + 1 == len(report.added)
    ix = open_index(index_dir)
    assert len(ix.reader().leaf_readers()) >= 2  # one segment per writing process
    assert len(set(all_ids(index_dir))) == DOCUMENTS + 1
    assert all(len(ids_matching(index_dir, f"many{n}x")) == 1 for n in (0, 99, 100, DOCUMENTS - 1))
    write_doc(docs, 7, "changed7x")
    again = update_index([docs], index_dir, workers=2)
    assert len(again.updated) == 1 and again.documents == DOCUMENTS + 1
    assert ids_matching(index_dir, "many7x") == [] and len(ids_matching(index_dir, "changed7x")) == 1
    assert_no_writing_processes_left()


def test_a_writing_process_that_fails_leaves_the_previous_index(many, monkeypatch):
    docs, index_dir = many
    (docs / "first").mkdir()
    write_doc(docs / "first", 999, "firstx")
    update_index([docs / "first"], index_dir, workers=1)
    live = current_generation(index_dir)

    def broken(self, **fields):  # runs in the forked writing processes
        raise OSError("disk full")

    monkeypatch.setattr(writer._SegmentWriter, "add_document", broken)
    with pytest.raises(RuntimeError, match="writing the index failed"):
        update_index([docs], index_dir, workers=2)
    assert current_generation(index_dir) == live
    assert generations.list_generations(index_dir) == [live]
    assert open_index(index_dir).doc_count() == 1
    assert_no_writing_processes_left()


def test_a_build_failing_while_processes_write_stops_them_and_frees_the_lock(many, monkeypatch):
    docs, index_dir = many
    original = writer.document_fields
    calls = []

    def fail_late(*args, **kwargs):  # after the first jobs went to the writing processes
        calls.append(1)
        if len(calls) == 180:
            raise ValueError("bad document")
        return original(*args, **kwargs)

    monkeypatch.setattr(writer, "document_fields", fail_late)
    with pytest.raises(ValueError):
        update_index([docs], index_dir, workers=2)
    assert_no_writing_processes_left()
    assert current_generation(index_dir) is None
    with index_lock(index_dir):  # free at once
        pass
