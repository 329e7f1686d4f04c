"""A build keeps within ``config.BUILD_MEMORY_MB``: its writers get smaller posting pools, which
spill to run files sooner and write the same index, and its reading processes are forked once,
before the build process grows."""
from __future__ import annotations

import os
import pickle
import tracemalloc

import pytest
from buildhelp import table_site, write_doc

from indexer import config
from indexer.build import memory, update_index
from indexer.build.trimming import Trimming
from indexer.documents import readers
from indexer.documents.pool import Parsed
from indexer.engine.archive import open_index
from indexer.engine.postingpool import WordPool


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


def test_a_build_reads_again_with_the_reading_processes_it_started_with(tmp_path, monkeypatch):
    """The second writing (files read before their site's furniture was known) forks no new
    reading processes: they would start at the size the build process has grown to."""
    site = table_site(tmp_path / "docs" / "centre", monkeypatch)
    started = tmp_path / "started"
    started.mkdir()
    init = readers.init_worker

    def noted(parent_pid, close_fds):  # runs in each reading process as it starts
        (started / str(os.getpid())).touch()
        init(parent_pid, close_fds)

    monkeypatch.setattr(readers, "init_worker", noted)
    report = update_index([site.parent], tmp_path / "index", workers=2)
    assert report.retrimmed  # the build read some files a second time
    assert len(list(started.iterdir())) == 2


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
