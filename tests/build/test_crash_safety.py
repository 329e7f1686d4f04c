"""A build that fails or is killed part-way leaves readers on the previous complete index."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import whoosh.writing
from buildhelp import all_ids, ids_matching, write_doc

from indexer.archive import current_generation
from indexer.build import update_index, write_index
from indexer.engine import writer
from indexer.engine.archive import open_index
from indexer.store import generations

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# Enough documents that the killed build is still writing when the kill comes.
CRASH_DOCUMENTS = 1500
# New bytes in the unfinished generation that show documents are being written.
UNDER_WAY_BYTES = 500_000


@pytest.fixture
def built(tmp_path, seed_path):
    """A complete index of three files, and its folders."""
    docs, index_dir = tmp_path / "docs", tmp_path / "index"
    docs.mkdir()
    shutil.copy(seed_path, docs)
    write_doc(docs, 1, "marker1x")
    write_doc(docs, 2, "marker2x")
    update_index([docs], index_dir, workers=1)
    return docs, index_dir


def assert_previous_index_answers(index_dir, live, count=3):
    assert current_generation(index_dir) == live
    assert open_index(index_dir).doc_count() == count
    assert len(ids_matching(index_dir, "marker1x")) == 1
    assert ids_matching(index_dir, "Bamako") != []


def folder_bytes(folder: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(root, name))
            except OSError:
                pass  # whoosh renamed or removed it meanwhile
    return total


@pytest.mark.slow
def test_killed_build_leaves_the_previous_index_and_the_next_build_recovers(built):
    docs, index_dir = built
    live = current_generation(index_dir)
    for number in range(10, 10 + CRASH_DOCUMENTS):
        write_doc(docs / "bulk", number, f"bulk{number}x")
    process = subprocess.Popen(
        [sys.executable, "-m", "indexer.cli", "index", str(docs), "--index", str(index_dir),
         "--workers", "2"],
        cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            unfinished = [n for n in generations.list_generations(index_dir)
                          if generations.generation_number(n) > generations.generation_number(live)]
            if unfinished and folder_bytes(index_dir / unfinished[-1]) > UNDER_WAY_BYTES:
                break
            time.sleep(0.01)
        assert process.poll() is None, (
            "the build ended before it could be killed: " + process.stderr.read().decode())
        process.send_signal(signal.SIGKILL)
        process.wait()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL

    # Readers still get the previous complete index; the unfinished one is there but unused.
    assert_previous_index_answers(index_dir, live)
    assert len(generations.list_generations(index_dir)) == 2

    # The next run gets the lock at once (no orphaned reader process holds it),
    # removes the unfinished generation and indexes everything.
    report = update_index([docs], index_dir, workers=2)
    assert report.documents == 3 + CRASH_DOCUMENTS
    assert len(report.added) == CRASH_DOCUMENTS and len(report.unchanged) == 3
    assert len(ids_matching(index_dir, f"bulk{10 + CRASH_DOCUMENTS - 1}x")) == 1
    assert generations.list_generations(index_dir) == [live, report.generation]


class Boom(RuntimeError):
    pass


def fail_on_third(original):
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise Boom("disk full")
        return original(*args, **kwargs)
    return failing


@pytest.mark.parametrize("target", ["add_document", "commit"])
def test_failing_writer_leaves_the_previous_index_answering(built, monkeypatch, target):
    docs, index_dir = built
    live = current_generation(index_dir)
    for number in range(10, 20):
        write_doc(docs, number, f"new{number}x")
    if target == "commit":
        def broken_commit(self, *args, **kwargs):
            raise Boom("disk full")
        monkeypatch.setattr(whoosh.writing.SegmentWriter, "commit", broken_commit)
    else:
        monkeypatch.setattr(writer._SegmentWriter, "add_document",
                            fail_on_third(writer._SegmentWriter.add_document))
    with pytest.raises(Boom):
        update_index([docs], index_dir, workers=1)
    assert_previous_index_answers(index_dir, live)
    assert ids_matching(index_dir, "new10x") == []
    assert generations.list_generations(index_dir) == [live]  # nothing left behind

    monkeypatch.undo()
    report = update_index([docs], index_dir, workers=1)
    assert len(report.added) == 10 and open_index(index_dir).doc_count() == 13


def test_failing_rebuild_leaves_the_previous_index_answering(built, monkeypatch):
    docs, index_dir = built
    live = current_generation(index_dir)
    monkeypatch.setattr(writer, "document_fields", fail_on_third(writer.document_fields))
    with pytest.raises(Boom):
        update_index([docs], index_dir, workers=1, rebuild=True)
    assert_previous_index_answers(index_dir, live)


def test_failing_write_index_leaves_the_previous_index_answering(built, monkeypatch,
                                                                 document_factory):
    _docs, index_dir = built
    live = current_generation(index_dir)
    before = all_ids(index_dir)
    monkeypatch.setattr(writer, "document_fields", fail_on_third(writer.document_fields))
    documents = [document_factory(id=f"d{n}", path=f"d{n}.txt") for n in range(5)]
    with pytest.raises(Boom):
        write_index(index_dir, documents)
    assert current_generation(index_dir) == live
    assert all_ids(index_dir) == before


def test_leftovers_of_a_killed_build_are_removed_by_the_next_one(built):
    docs, index_dir = built
    live = current_generation(index_dir)
    leftover = generations.new_generation(index_dir, index_dir / live)
    (leftover / "half-written.seg").write_bytes(b"\0" * 100)
    (index_dir / ".CURRENT.999.tmp").write_text("gen-000099-abcdef")
    assert_previous_index_answers(index_dir, live)
    write_doc(docs, 5, "marker5x")
    report = update_index([docs], index_dir, workers=1)
    assert not leftover.exists()
    assert not (index_dir / ".CURRENT.999.tmp").exists()
    assert generations.list_generations(index_dir) == [live, report.generation]
    assert len(ids_matching(index_dir, "marker5x")) == 1


def test_an_atomic_write_the_disk_refuses_leaves_the_old_file_and_no_temporary_one(tmp_path,
                                                                                     monkeypatch):
    import errno

    target = tmp_path / "manifest.json"
    target.write_bytes(b"old")

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError):
        generations.write_atomically(target, b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.json"]
    assert target.read_bytes() == b"old"
