"""A build keeps within ``config.BUILD_MEMORY_MB``: its writers get smaller posting pools, which
spill to run files sooner and write the same index, and its reading processes are forked once,
before the build process grows."""
from __future__ import annotations

import os
import pickle
import tracemalloc

import pytest
from buildhelp import table_site, write_doc
from conftest import make_document

from indexer import config
from indexer.build import memory, update_index
from indexer.build.steps import record_of
from indexer.build.trimming import Trimming
from indexer.documents import readers
from indexer.documents.furniture import edge_key
from indexer.documents.pool import Parsed
from indexer.engine.archive import open_index
from indexer.engine.postingpool import WordPool
from indexer.store.packed import PackedRecords


def postings(index_dir):
    """Every word of the text fields with its postings, as the index's reader gives them."""
    out = []
    with open_index(index_dir).searcher() as searcher:
        reader = searcher.reader()
        for field in ("title", "body", "country_text"):
            for term in reader.lexicon(field):
                out.append((field, term, tuple(reader.postings(field, term).all_items())))
    return out


def test_a_build_within_a_tiny_memory_bound_writes_the_same_index(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    for number in range(12):
        write_doc(docs, number, f"case{number}x")
    update_index([docs], tmp_path / "roomy", workers=1)
    spills = []
    saving = WordPool.save
    monkeypatch.setattr(WordPool, "save", lambda pool: (spills.append(pool.size), saving(pool)))
    monkeypatch.setattr(config, "BUILD_MEMORY_MB", 1)
    monkeypatch.setattr(memory, "MIN_POOL_MB", 0)  # a pool of 0 MB: every field spills
    update_index([docs], tmp_path / "tight", workers=1)
    assert len([size for size in spills if size]) > 12
    assert postings(tmp_path / "tight") == postings(tmp_path / "roomy")


@pytest.mark.parametrize("bound, writers, readers, files, expected", [
    (2048, 2, 2, 0, 256),            # room enough: the pool's own limit
    (2048, 2, 2, 300_000, 256),
    (1600, 2, 2, 300_000, 204),      # 1600 - 5 x 180 - 292 records, shared by two writers
    (700, 1, 2, 1000, 160),          # one writer is the main process: 700 - 3 x 180
    (800, 2, 2, 300_000, 1),         # nothing left: the smallest pool
])
def test_the_writers_pools_share_what_the_bound_leaves(monkeypatch, bound, writers, readers, files,
                                                       expected):
    monkeypatch.setattr(config, "BUILD_MEMORY_MB", bound)
    monkeypatch.setattr(config, "BUILD_PROCESS_MB", 180)
    monkeypatch.setattr(config, "BUILD_RECORD_BYTES", 1024)
    monkeypatch.setattr(config, "INDEX_WRITER_MB", 256)
    assert memory.pool_mb(writers, readers, files) == expected


@pytest.fixture
def started(tmp_path, monkeypatch):
    """A folder that gains a file for each reading process the build starts."""
    folder = tmp_path / "started"
    folder.mkdir()
    init = readers.init_worker

    def noted(parent_pid, close_fds):  # runs in each reading process as it starts
        (folder / str(os.getpid())).touch()
        init(parent_pid, close_fds)

    monkeypatch.setattr(readers, "init_worker", noted)
    return folder


def test_a_build_reads_again_with_the_reading_processes_it_started_with(tmp_path, monkeypatch, started):
    """The second writing (files read before their site's furniture was known) forks no new
    reading processes: they would start at the size the build process has grown to."""
    site = table_site(tmp_path / "docs" / "centre", monkeypatch)
    # Three cores: this process writes (too few files for writing processes) and two read.
    report = update_index([site.parent], tmp_path / "index", workers=3)
    assert report.retrimmed  # the build read some files a second time
    assert len(list(started.iterdir())) == 2


def test_a_build_this_process_writes_reads_on_one_process_fewer(tmp_path, started):
    """Under ``PARALLEL_WRITE_MIN_DOCS`` files the build process analyses and writes them itself,
    on one core: the reading processes take the others, one on two cores (an update of 1%)."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for n in range(3 * config.INDEX_POOL_MIN_FILES):
        (folder / f"note-{n:03d}.txt").write_text(f"Note {n}\n\nA short note number {n} on reading.\n",
                                                  encoding="utf-8")
    report = update_index([folder], tmp_path / "index", workers=2)
    assert len(report.added) == 3 * config.INDEX_POOL_MIN_FILES
    assert len(list(started.iterdir())) == 1


def test_the_furniture_state_kept_per_file_read_is_two_table_entries(monkeypatch):
    """What the build keeps per file for its furniture: the keys its reading model knew and its
    site's marked furniture digest, which the files of a site share, kept once for them all."""
    site = "example.org"
    arrived = [pickle.loads(pickle.dumps(Parsed(f"/archive/{n:05d}.html", site=site, known="a1b2c3d4e5f6",
                                                marked_with="0f1e2d3c4b5a")))
               for n in range(2000)]  # each string its own object, as from a reading process
    kept = Trimming({}, ())
    kept.read(arrived[0].observation(), arrived[0].known, arrived[0].path, arrived[0].marked_with)
    tracemalloc.start()
    try:
        for parsed in arrived[1:]:
            kept.read(parsed.observation(), parsed.known, parsed.path, parsed.marked_with)
        per_file = tracemalloc.get_traced_memory()[0] / (len(arrived) - 1)
    finally:
        tracemalloc.stop()
    assert per_file < 100, per_file  # two table entries, about 50 bytes; a set and strings of its own: 270


def _arrived(count: int, **fields) -> list[bytes]:
    """``count`` results as a reading process sends them (unpickled, each string is an object
    of its own)."""
    return [pickle.dumps(Parsed(f"/archive/{n:05d}.html", **{
        name: value(n) if callable(value) else value for name, value in fields.items()})) for n in range(count)]


def _traced_per_file(keep, arrived: list[bytes]) -> float:
    """Bytes still held per file once ``keep`` has kept each result that ``arrived`` (the first
    before counting)."""
    keep(pickle.loads(arrived[0]))
    tracemalloc.start()
    try:
        for sent in arrived[1:]:
            keep(pickle.loads(sent))
        return tracemalloc.get_traced_memory()[0] / (len(arrived) - 1)
    finally:
        tracemalloc.stop()


def test_the_furniture_learner_keeps_a_file_s_edge_keys_in_a_few_bytes_each():
    """Every file's own edge keys (its first and last lines, seen once) are counted as numbers in
    arrays, not as strings with a count in a table (about 100 bytes a key)."""
    edges = 10
    arrived = _arrived(4000, site="example.org", edges=lambda n: "".join(
        edge_key(f"line {edge} of document {n}") for edge in range(edges)))
    kept = Trimming({}, ())
    paths = iter([f"/archive/{n:05d}.html" for n in range(len(arrived))])  # the build holds them already
    per_file = _traced_per_file(lambda parsed: kept.read(parsed.observation(), parsed.known, next(paths)),
                                arrived)
    # About 20 bytes a key with the merges' slack, and the two table entries of the test above;
    # as strings with a count, about 90 bytes a key.
    assert per_file < 30 * edges, per_file


def test_a_build_keeps_a_file_s_manifest_record_in_a_few_hundred_bytes():
    """The record of a file read, kept until the manifest is written, is one packed string of
    bytes, not a record object holding the strings that came from the reading process."""
    arrived = _arrived(2000, size=lambda n: 40_000 + n, mtime_ns=lambda n: 1_700_000_000_000_000_000 + n,
                       sha256=lambda n: f"{n:064x}", site="example.org",
                       edges=lambda n: "".join(edge_key(f"line {e} of {n}") for e in range(10)),
                       document=lambda n: make_document(id=f"{n:016x}", path=f"archive/{n:05d}.html",
                                                        title=f"Trafficking in Persons Report {n}: Country {n}",
                                                        text=f"The text of document {n}.", sha256=f"{n:064x}"))
    records = PackedRecords()
    paths = [f"/archive/{n:05d}.html" for n in range(len(arrived))]  # the build holds them already

    def keep(parsed: Parsed) -> None:
        records[paths[len(records)]] = record_of(parsed, parsed.document.id)

    per_file = _traced_per_file(keep, arrived)
    assert per_file < 400, per_file  # about 270 bytes; a FileRecord and its strings: 870 here, 2 KB in a build
