"""A replaced index generation stays only while a process reads it (and a short grace period).

Readers announce the generation they read with a shared lock on its
``.readers`` file; builds remove a replaced generation only when no reader
holds it and its grace period is over.
"""
from __future__ import annotations

import gc
import time

import pytest
from buildhelp import ids_matching, write_doc

from indexer import config
from indexer.archive import current_generation, open_archive
from indexer.build import update_index
from indexer.request import parse_request
from indexer.store import generations, readers


@pytest.fixture
def docs(tmp_path):
    folder = tmp_path / "docs"
    for number in range(3):
        write_doc(folder, number, f"first{number}x")
    return folder


@pytest.fixture
def no_grace(monkeypatch):
    monkeypatch.setattr(config, "PREVIOUS_INDEX_GRACE", 0)


def rebuild(docs, index_dir):
    return update_index([docs], index_dir, workers=1, rebuild=True).generation


def test_without_readers_a_rebuild_leaves_one_generation(docs, tmp_path, no_grace):
    index_dir = tmp_path / "index"
    update_index([docs], index_dir, workers=1)
    new = rebuild(docs, index_dir)
    assert generations.list_generations(index_dir) == [new]


def test_the_previous_generation_stays_while_a_process_reads_it(docs, tmp_path, no_grace):
    index_dir = tmp_path / "index"
    update_index([docs], index_dir, workers=1)
    held = open_archive(index_dir)  # a long-lived reader, such as a web server process
    first = held.generation
    new = rebuild(docs, index_dir)
    assert generations.list_generations(index_dir) == [first, new]
    assert held.count() == 3
    # The reader moves to the live generation: the previous one goes at once (no grace here).
    live = open_archive(index_dir)
    assert live.generation == new
    assert generations.list_generations(index_dir) == [new]
    assert held.count() == 3  # files open before the removal keep answering
    held.close()
    live.close()


def test_a_reader_that_closes_lets_the_next_build_remove_its_generation(docs, tmp_path, no_grace):
    index_dir = tmp_path / "index"
    update_index([docs], index_dir, workers=1)
    held = open_archive(index_dir)
    first = held.generation
    second = rebuild(docs, index_dir)
    assert first in generations.list_generations(index_dir)
    del held
    gc.collect()
    third = rebuild(docs, index_dir)
    assert generations.list_generations(index_dir) == [third]
    assert second != third


def test_the_previous_generation_stays_for_the_grace_period_then_goes(docs, tmp_path, monkeypatch):
    monkeypatch.setattr(config, "PREVIOUS_INDEX_GRACE", 0.5)
    index_dir = tmp_path / "index"
    update_index([docs], index_dir, workers=1)
    first = current_generation(index_dir)
    new = rebuild(docs, index_dir)
    assert generations.list_generations(index_dir) == [first, new]  # within the grace period
    open_archive(index_dir).close()  # a reader of the live generation schedules the removal
    deadline = time.monotonic() + 10
    while first in generations.list_generations(index_dir) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert generations.list_generations(index_dir) == [new]


def test_a_reader_between_reading_current_and_opening_is_safe(docs, tmp_path, no_grace, monkeypatch):
    """The generation a reader has just read in CURRENT is removed before it can hold it."""
    index_dir = tmp_path / "index"
    update_index([docs], index_dir, workers=1)
    write_doc(docs, 7, "later7x")
    real_hold = readers.hold
    raced = []

    def hold_after_a_rebuild(index_dir_, name):
        if not raced:  # between reading CURRENT and taking the hold, a build replaces it
            raced.append(rebuild(docs, index_dir))
            assert name not in generations.list_generations(index_dir)
        return real_hold(index_dir_, name)
    monkeypatch.setattr(readers, "hold", hold_after_a_rebuild)
    with open_archive(index_dir) as archive:
        assert archive.generation == raced[0] and archive.count() == 4


def test_a_held_generation_is_never_removed_between_hold_and_open(docs, tmp_path, no_grace, monkeypatch):
    index_dir = tmp_path / "index"
    update_index([docs], index_dir, workers=1)
    first = current_generation(index_dir)
    real_hold = readers.hold
    during = []

    def hold_then_rebuild(index_dir_, name):
        hold = real_hold(index_dir_, name)
        if not during:  # held, not yet opened: a build now must keep it
            during.append(rebuild(docs, index_dir))
            assert first in generations.list_generations(index_dir)
        return hold
    monkeypatch.setattr(readers, "hold", hold_then_rebuild)
    with open_archive(index_dir) as archive:
        assert archive.generation == during[0]  # CURRENT moved, so the reader opened the newer one
        assert archive.count() == 3


def test_generations_older_than_the_previous_go_even_if_read(docs, tmp_path, no_grace):
    index_dir = tmp_path / "index"
    update_index([docs], index_dir, workers=1)
    held = open_archive(index_dir)
    first = held.generation
    held.count()  # its files are open
    rebuild(docs, index_dir)
    rebuild(docs, index_dir)
    assert first not in generations.list_generations(index_dir)
    assert held.count() == 3 and held.search(parse_request({"per_page": "10"})).total == 3
    held.close()


def test_the_web_app_lets_go_of_the_previous_generation_at_its_next_request(docs, tmp_path, no_grace):
    from webapp import create_app

    index_dir = tmp_path / "index"
    update_index([docs], index_dir, workers=1)
    first = current_generation(index_dir)
    client = create_app({"INDEX_DIR": index_dir, "TESTING": True}).test_client()
    assert client.get("/api/search?q=first1x").get_json()["total"] == 1
    write_doc(docs, 8, "later8x")
    new = update_index([docs], index_dir, workers=1).generation
    assert generations.list_generations(index_dir) == [first, new]  # the app still reads it
    assert client.get("/api/search?q=later8x").get_json()["total"] == 1
    assert generations.list_generations(index_dir) == [new]
    assert len(ids_matching(index_dir, "first1x")) == 1


def test_a_generation_written_before_readers_announced_themselves_is_read(docs, tmp_path):
    index_dir = tmp_path / "index"
    update_index([docs], index_dir, workers=1)
    (index_dir / current_generation(index_dir) / generations.READERS_NAME).unlink()
    readers._holds.clear()
    with open_archive(index_dir) as archive:
        assert archive.count() == 3
