"""`update_index` on real files: only what changed costs work, and nothing is lost silently."""
from __future__ import annotations

import hashlib
import io
import os
import shutil
import threading
from pathlib import Path

import pytest
from buildhelp import all_ids, ids_matching, write_doc
from whoosh.qparser import QueryParser

from indexer import config
from indexer.archive import current_generation
from indexer.build import update_index
from indexer.documents import pool
from indexer.engine.archive import open_index
from indexer.errors import IndexBusy
from indexer.store import generations
from indexer.store.locking import index_lock
from indexer.store.manifest import MANIFEST_NAME, load_manifest, save_manifest


@pytest.fixture
def sources(tmp_path, seed_path):
    """Four seed-shaped files (the seed itself among them), each with a unique marker word."""
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(seed_path, folder / seed_path.name)
    for number in range(1, 4):
        write_doc(folder / "sub", number, f"marker{number}x")
    return folder


@pytest.fixture
def index_dir(tmp_path):
    return tmp_path / "index"


def resolved(*paths):
    return sorted(str(p.resolve()) for p in paths)


def all_files(folder):
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_first_build_adds_every_file(sources, index_dir):
    report = update_index([sources], index_dir, workers=1)
    assert report.added == resolved(*all_files(sources))
    assert (report.updated, report.removed, report.unchanged, report.skipped) == ([], [], [], [])
    assert report.documents == 4 == open_index(index_dir).doc_count()
    assert report.generation == current_generation(index_dir)
    assert report.summary() == "4 added, 0 updated, 0 removed, 0 unchanged, 0 skipped"
    assert ids_matching(index_dir, "Bamako") != []  # the seed's text is searchable


def test_second_run_changes_nothing_and_writes_nothing(sources, index_dir):
    update_index([sources], index_dir, workers=1)
    live = current_generation(index_dir)
    files_before = {p.name: p.stat().st_mtime_ns for p in (index_dir / live).iterdir()}
    report = update_index([sources], index_dir, workers=1)
    assert report.unchanged == resolved(*all_files(sources))
    assert not report.changed and report.skipped == []
    assert report.summary() == "0 added, 0 updated, 0 removed, 4 unchanged, 0 skipped"
    assert current_generation(index_dir) == live
    assert {p.name: p.stat().st_mtime_ns for p in (index_dir / live).iterdir()} == files_before


def test_touched_file_with_same_content_is_unchanged(sources, index_dir):
    update_index([sources], index_dir, workers=1)
    live = index_dir / current_generation(index_dir)
    inodes = {p.name: p.stat().st_ino for p in live.iterdir() if p.suffix in (".seg", ".toc")}
    path = all_files(sources)[0]
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    report = update_index([sources], index_dir, workers=1)
    assert not report.changed and len(report.unchanged) == 4
    # The new mtime is remembered, so the next run need not hash the file again: in a new
    # generation holding the very same index files, as the live one is never changed.
    new = index_dir / current_generation(index_dir)
    assert {p.name: p.stat().st_ino for p in new.iterdir() if p.suffix in (".seg", ".toc")} == inodes
    record = load_manifest(new).records[str(path.resolve())]
    assert record.mtime_ns == path.stat().st_mtime_ns
    assert load_manifest(live).records[str(path.resolve())].mtime_ns == stat.st_mtime_ns


def test_changed_file_replaces_its_document(sources, index_dir):
    update_index([sources], index_dir, workers=1)
    changed = write_doc(sources / "sub", 2, "newmarker2y")
    report = update_index([sources], index_dir, workers=1)
    assert report.updated == resolved(changed)
    assert (report.added, report.removed) == ([], [])
    assert len(report.unchanged) == 3
    assert ids_matching(index_dir, "marker2x") == []
    assert len(ids_matching(index_dir, "newmarker2y")) == 1
    assert open_index(index_dir).doc_count() == 4


def test_new_file_is_added(sources, index_dir):
    update_index([sources], index_dir, workers=1)
    new = write_doc(sources / "other", 7, "marker7x")
    report = update_index([sources], index_dir, workers=1)
    assert report.added == resolved(new)
    assert len(report.unchanged) == 4
    assert len(ids_matching(index_dir, "marker7x")) == 1
    assert open_index(index_dir).doc_count() == 5


def test_deleted_file_is_removed_with_its_document(sources, index_dir):
    update_index([sources], index_dir, workers=1)
    [gone_id] = ids_matching(index_dir, "marker3x")
    gone = next(p for p in all_files(sources) if "marker3x" in p.read_text())
    gone.unlink()
    report = update_index([sources], index_dir, workers=1)
    assert report.removed == resolved(gone)
    assert gone_id not in all_ids(index_dir)
    assert open_index(index_dir).doc_count() == 3
    assert str(gone.resolve()) not in load_manifest(index_dir / current_generation(index_dir)).records


def test_rebuild_reads_everything_again(sources, index_dir):
    first = update_index([sources], index_dir, workers=1)
    gone = next(p for p in all_files(sources) if "marker3x" in p.read_text())
    gone.unlink()
    report = update_index([sources], index_dir, workers=1, rebuild=True)
    assert report.added == [p for p in first.added if p != str(gone.resolve())]
    assert report.removed == resolved(gone)
    assert report.unchanged == []
    assert report.generation != first.generation
    assert all_ids(index_dir) == sorted(
        r.doc_id for r in load_manifest(index_dir / report.generation).records.values())


@pytest.mark.parametrize("name, content", [
    ("empty.txt", b""),
    ("blank.txt", b"   \n\n"),
    ("binary.txt", bytes(range(256)) * 8),
])
def test_malformed_file_is_skipped_with_its_reason_and_the_rest_indexed(
        sources, index_dir, name, content):
    bad = sources / name
    bad.write_bytes(content)
    report = update_index([sources], index_dir, workers=1)
    assert [e.path for e in report.skipped] == [str(bad.resolve())]
    assert report.skipped_reasons()[0].startswith(str(bad.resolve()) + ": ")
    assert report.skipped[0].reason
    assert len(report.added) == 4
    assert open_index(index_dir).doc_count() == 4
    # Still reported on the next run, not forgotten.
    again = update_index([sources], index_dir, workers=1)
    assert [e.path for e in again.skipped] == [str(bad.resolve())]
    assert len(again.unchanged) == 4


def test_file_that_turns_malformed_loses_its_stale_document(sources, index_dir):
    update_index([sources], index_dir, workers=1)
    broken = next(p for p in all_files(sources) if "marker1x" in p.read_text())
    broken.write_bytes(b"")
    report = update_index([sources], index_dir, workers=1)
    assert [e.path for e in report.skipped] == [str(broken.resolve())]
    assert ids_matching(index_dir, "marker1x") == []
    assert open_index(index_dir).doc_count() == 3


def test_same_document_in_two_files_is_kept_once_and_reported(sources, index_dir, seed_path):
    twin = sources / "copy" / seed_path.name
    twin.parent.mkdir()
    shutil.copy(seed_path, twin)
    report = update_index([sources], index_dir, workers=1)
    [duplicate] = report.skipped
    assert "duplicate" in duplicate.reason
    kept, dropped = resolved(sources / seed_path.name, twin)
    assert duplicate.path == dropped and kept in duplicate.reason
    assert open_index(index_dir).doc_count() == 4
    # Deleting the kept copy lets the other one in on the next run.
    os.unlink(kept)
    again = update_index([sources], index_dir, workers=1)
    assert again.removed == [kept] and again.added == [dropped]
    assert again.skipped == []
    assert open_index(index_dir).doc_count() == 4


def test_reading_in_a_process_pool_indexes_the_same(sources, index_dir, tmp_path, monkeypatch):
    for number in range(10, 40):
        write_doc(sources / "many", number, f"marker{number}x")
    (sources / "many" / "empty.txt").write_bytes(b"")
    monkeypatch.setattr(config, "INDEX_POOL_MIN_FILES", 2)
    monkeypatch.setattr(config, "INDEX_CHUNK_FILES", 3)
    pooled = update_index([sources], index_dir, workers=2)
    serial = update_index([sources], tmp_path / "serial", workers=1)
    assert pooled.added == serial.added and len(pooled.added) == 34
    assert [e.path for e in pooled.skipped] == [e.path for e in serial.skipped]
    assert all_ids(index_dir) == all_ids(tmp_path / "serial")


def test_by_default_files_are_read_by_one_process_per_core(sources, index_dir, monkeypatch):
    for number in range(10, 20):
        write_doc(sources / "many", number, f"marker{number}x")
    monkeypatch.setattr(config, "INDEX_POOL_MIN_FILES", 2)
    monkeypatch.setattr(config, "INDEX_WORKERS", None)
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    started = []
    real_pool = pool._new_pool

    def counting_pool(workers, close_fds):
        started.append(workers)
        return real_pool(workers, close_fds)

    monkeypatch.setattr(pool, "_new_pool", counting_pool)
    report = update_index([sources], index_dir)
    assert started == [3]
    assert len(report.added) == 14 and not report.skipped


def test_index_written_under_another_schema_is_rebuilt(sources, index_dir):
    update_index([sources], index_dir, workers=1)
    live = index_dir / current_generation(index_dir)
    old = load_manifest(live)
    save_manifest(live, type(old)(old.records, "an older schema"))
    report = update_index([sources], index_dir, workers=1)
    assert len(report.added) == 4 and report.unchanged == []
    assert open_index(index_dir).doc_count() == 4


def test_a_new_index_format_rebuilds_an_index_whose_files_did_not_change(sources, index_dir,
                                                                           monkeypatch):
    from indexer.engine import schema

    update_index([sources], index_dir, workers=1)
    assert update_index([sources], index_dir, workers=1).added == []
    monkeypatch.setattr(schema, "INDEX_FORMAT", schema.INDEX_FORMAT + 1)
    report = update_index([sources], index_dir, workers=1)
    assert len(report.added) == 4 and report.unchanged == []
    assert update_index([sources], index_dir, workers=1).added == []


def test_damaged_manifest_means_a_full_build(sources, index_dir):
    update_index([sources], index_dir, workers=1)
    (index_dir / current_generation(index_dir) / MANIFEST_NAME).write_text("{not json")
    report = update_index([sources], index_dir, workers=1)
    assert len(report.added) == 4
    assert open_index(index_dir).doc_count() == 4


def test_empty_sources_give_an_empty_index(tmp_path, index_dir):
    (tmp_path / "nothing").mkdir()
    report = update_index([tmp_path / "nothing"], index_dir, workers=1)
    assert report.documents == 0
    assert open_index(index_dir).doc_count() == 0


def test_second_run_fails_at_once_while_the_lock_is_held(sources, index_dir):
    with index_lock(index_dir):
        with pytest.raises(IndexBusy) as caught:
            update_index([sources], index_dir, workers=1)
    assert str(caught.value).startswith(
        f"another refsearch index run is updating {index_dir}; wait for it to finish")
    assert current_generation(index_dir) is None


def test_waiting_run_proceeds_once_the_lock_is_released(sources, index_dir):
    outcome = {}
    with index_lock(index_dir):
        def run():
            try:
                outcome["report"] = update_index([sources], index_dir, workers=1, wait=True)
            except Exception as error:  # recorded and asserted on below
                outcome["error"] = error
        waiter = threading.Thread(target=run)
        waiter.start()
        waiter.join(0.2)
        assert "report" not in outcome  # it cannot have built while we hold the lock
    waiter.join()
    assert "error" not in outcome
    assert len(outcome["report"].added) == 4


def test_old_generations_are_pruned_after_each_build(sources, index_dir):
    for number in range(3):
        write_doc(sources, 20 + number, f"marker{20 + number}x")
        update_index([sources], index_dir, workers=1)
    assert len(generations.list_generations(index_dir)) == 2


def test_the_documents_folder_readme_is_not_indexed(sources, index_dir, monkeypatch):
    user_docs = sources / "documents"
    user_docs.mkdir()
    (user_docs / "README.md").write_text("# Your documents\n\nPut saved documents here.\n")
    (user_docs / "notes").mkdir()
    (user_docs / "notes" / "README.md").write_text("# Field notes\n\nMali, forced labour, 2009.\n")
    monkeypatch.setattr(config, "DOCUMENTS_DIR", user_docs)
    report = update_index([sources], index_dir, workers=1)
    assert str((user_docs / "README.md").resolve()) not in report.added
    assert str((user_docs / "notes" / "README.md").resolve()) in report.added


@pytest.mark.parametrize("inside_project", [True, False])
def test_documents_name_their_file_relative_to_the_project_when_inside_it(
        tmp_path, index_dir, seed_path, inside_project):
    source = seed_path if inside_project else shutil.copy(seed_path, tmp_path)
    update_index([source], index_dir, workers=1)
    with open_index(index_dir).searcher() as searcher:
        [stored] = list(searcher.all_stored_fields())
    expected = "seeds/" + seed_path.name if inside_project else str(Path(source).resolve())
    assert stored["path"] == expected


def test_an_incremental_build_never_alters_the_previous_generation(sources, index_dir):
    update_index([sources], index_dir, workers=1)
    previous = index_dir / current_generation(index_dir)
    before = {p.name: p.read_bytes() for p in previous.iterdir()}
    write_doc(sources, 30, "marker30x")
    next(p for p in all_files(sources) if "marker1x" in p.read_text()).unlink()
    update_index([sources], index_dir, workers=1)
    assert current_generation(index_dir) != previous.name
    assert {p.name: p.read_bytes() for p in previous.iterdir()} == before


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize("progress, stream, shown", [
    (True, FakeTerminal, True),
    (True, io.StringIO, False),   # redirected to a file or pipe: silent
    (False, FakeTerminal, False),
])
def test_progress_bar_only_on_a_terminal_when_asked(sources, index_dir, monkeypatch,
                                                    progress, stream, shown):
    err = stream()
    monkeypatch.setattr("sys.stderr", err)
    update_index([sources], index_dir, workers=1, progress=progress)
    assert ("4/4" in err.getvalue()) is shown


def test_real_corpus_is_indexed_and_a_second_copy_of_the_seed_is_a_duplicate(
        corpus_dir, seed_path, index_dir):
    folders = [corpus_dir / "refworld-records", corpus_dir / "hrr-2024", corpus_dir / "seeds"]
    files = [p for folder in folders for p in folder.rglob("*")
             if p.is_file() and p.suffix in config.DOCUMENT_SUFFIXES]
    report = update_index([seed_path.parent, *folders], index_dir, workers=2)
    [duplicate] = report.skipped
    copies = resolved(seed_path, corpus_dir / "seeds" / seed_path.name)
    kept, dropped = copies if duplicate.path == copies[1] else copies[::-1]
    assert duplicate.path == dropped and kept in duplicate.reason
    assert report.documents == len(files)  # one of the two copies of the seed
    assert ids_matching(index_dir, "Bamako") != []


def test_a_file_that_kills_its_reading_process_is_reported_and_the_rest_indexed(
        sources, index_dir, monkeypatch):
    for number in range(10, 40):
        write_doc(sources / "many", number, f"marker{number}x")
    deadly = write_doc(sources / "many", 99, "marker99x")
    real_read = pool.read_reading

    def crashing_read(path, **kwargs):  # stands in for a parser that crashes the process
        if path.name == deadly.name:
            os._exit(70)
        return real_read(path, **kwargs)
    monkeypatch.setattr(pool, "read_reading", crashing_read)
    monkeypatch.setattr(config, "INDEX_POOL_MIN_FILES", 2)
    monkeypatch.setattr(config, "INDEX_CHUNK_FILES", 4)
    report = update_index([sources], index_dir, workers=2)
    assert [e.path for e in report.skipped] == [str(deadly.resolve())]
    assert "died" in report.skipped[0].reason
    assert len(report.added) == 34 and open_index(index_dir).doc_count() == 34


def test_a_searcher_opened_before_later_builds_keeps_answering(sources, index_dir):
    update_index([sources], index_dir, workers=1)
    first = current_generation(index_dir)
    searcher = open_index(index_dir).searcher()
    try:
        for number in range(3):  # enough builds that the first generation is deleted
            write_doc(sources, 50 + number, f"marker{50 + number}x")
            update_index([sources], index_dir, workers=1)
        assert first not in generations.list_generations(index_dir)
        assert searcher.doc_count() == 4
        assert searcher.document(id=ids_matching(index_dir, "marker2x")[0]) is not None
        assert len(list(searcher.all_stored_fields())) == 4
        query = QueryParser("body", searcher.schema).parse("marker1x")
        assert len(searcher.search(query)) == 1
    finally:
        searcher.close()
    assert open_index(index_dir).doc_count() == 7


def test_manifest_records_each_file_with_its_content_hash_and_document_id(sources, index_dir):
    update_index([sources], index_dir, workers=1)
    records = load_manifest(index_dir / current_generation(index_dir)).records
    assert sorted(records) == resolved(*all_files(sources))
    for path, record in records.items():
        stat = os.stat(path)
        assert (record.size, record.mtime_ns) == (stat.st_size, stat.st_mtime_ns)
        assert record.sha256 == hashlib.sha256(Path(path).read_bytes()).hexdigest()
    assert sorted(r.doc_id for r in records.values()) == all_ids(index_dir)


def test_a_file_name_that_is_not_utf8_is_skipped_with_its_reason(sources, index_dir, seed_path):
    odd = os.path.join(os.fsencode(sources), b"report-\xff.txt")
    with open(odd, "wb") as stream:
        stream.write(seed_path.read_bytes().replace(b"Mali", b"Niger"))
    report = update_index([sources], index_dir, workers=1)
    [skipped] = report.skipped
    assert "not valid UTF-8" in skipped.reason
    assert len(report.added) == 4
    again = update_index([sources], index_dir, workers=1)  # and the manifest stays readable
    assert len(again.unchanged) == 4 and len(again.skipped) == 1
