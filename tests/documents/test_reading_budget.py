"""Each file is read on a time and memory budget: a file over it is skipped, the rest indexed.

The pathological parsers are monkeypatched in: the reading processes are
forked, so they inherit the patch.
"""
from __future__ import annotations

import os
import signal
import time

import pytest
from buildhelp import ids_matching, write_doc

from indexer import config
from indexer.archive import current_generation
from indexer.build import update_index
from indexer.documents import pool
from indexer.documents.pool import Budget
from indexer.engine.archive import open_index

SLOW = "099_slowslowslowslow.txt"


@pytest.fixture
def sources(tmp_path):
    folder = tmp_path / "docs"
    for number in range(1, 31):
        write_doc(folder, number, f"marker{number}x")
    (folder / SLOW).write_text((folder / "001_0000000000000001.txt").read_text()
                               .replace("marker1x", "slowmarker"))
    return folder


def pathological(monkeypatch, behaviour):
    """Make reading the file named SLOW do ``behaviour()`` (in the reading process)."""
    real = pool.read_reading

    def read(path, **kwargs):
        if path.name == SLOW:
            behaviour()
        return real(path, **kwargs)
    monkeypatch.setattr(pool, "read_reading", read)


def spin():
    while True:  # a parser gone quadratic, as far as anyone can tell
        pass


def hog_memory():
    chunks = []
    while True:  # a parse tree that keeps growing
        chunks.append(bytearray(8 * 2**20))


def spin_without_letting_the_timer_through():
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # as C code that never returns
    spin()


def sleep_without_letting_the_timer_through():
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # a deadlock in C: no processor used
    time.sleep(3600)


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("behaviour, budget, reason", [
    (spin, Budget(seconds=1, megabytes=None), "took longer than 1 s to read"),
    (hog_memory, Budget(seconds=None, megabytes=200), "needed more than 200 MB to read"),
])
def test_a_first_build_skips_the_file_over_budget_and_publishes_the_rest(
        sources, tmp_path, monkeypatch, workers, behaviour, budget, reason):
    pathological(monkeypatch, behaviour)
    monkeypatch.setattr(config, "INDEX_POOL_MIN_FILES", 2)
    index_dir = tmp_path / "index"
    started = time.monotonic()
    report = update_index([sources], index_dir, workers=workers, budget=budget)
    assert time.monotonic() - started < 60
    [skipped] = report.skipped
    assert skipped.path == str((sources / SLOW).resolve())
    assert skipped.reason.startswith(reason)
    assert len(report.added) == 30 and current_generation(index_dir) is not None
    assert open_index(index_dir).doc_count() == 30
    assert ids_matching(index_dir, "slowmarker") == []
    assert len(ids_matching(index_dir, "marker30x")) == 1


@pytest.mark.parametrize("behaviour", [spin_without_letting_the_timer_through,
                                       sleep_without_letting_the_timer_through])
def test_a_parser_that_never_lets_the_timer_through_is_killed_and_reported(
        sources, tmp_path, monkeypatch, behaviour):
    pathological(monkeypatch, behaviour)
    monkeypatch.setattr(config, "INDEX_POOL_MIN_FILES", 2)
    monkeypatch.setattr(config, "INDEX_CHUNK_FILES", 4)
    monkeypatch.setattr(pool, "_HARD_LIMIT_SLACK", 0.5)
    monkeypatch.setattr(pool, "_WATCHDOG_SLACK", 0.5)
    report = update_index([sources], tmp_path / "index", workers=2, budget=Budget(0.5, None))
    assert [(e.path, e.reason.split(" (")[0]) for e in report.skipped] == [
        (str((sources / SLOW).resolve()), "took longer than 0.5 s to read")]
    assert len(report.added) == 30


def test_each_file_gets_its_own_full_budget(sources, tmp_path, monkeypatch):
    """Two files read one after the other by one process: the second starts with the whole time
    budget, not what the first left of it, and its memory limit counts from what the first kept.

    The time left is read from the reading process's timer as each file starts and ends (a
    shared timer would have less left at the second start than at the first end), so the
    outcome does not depend on how fast a busy machine reads."""
    leaked = []
    timers = tmp_path / "timers"
    real = pool.read_reading

    def read(path, **kwargs):
        if path.name.startswith(("001_", "002_")):
            with open(timers, "a") as out:
                out.write(f"{signal.getitimer(signal.ITIMER_REAL)[0]}\n")
                leaked.append(bytearray(150 * 2**20))  # kept: the next file's limit counts from here
                out.write(f"{signal.getitimer(signal.ITIMER_REAL)[0]}\n")
        return real(path, **kwargs)
    monkeypatch.setattr(pool, "read_reading", read)
    report = update_index([sources], tmp_path / "index", workers=1, budget=Budget(600, 200))
    assert report.skipped == [] and len(report.added) == 31, report.skipped_reasons()
    first_start, first_end, second_start, second_end = map(float, timers.read_text().split())
    assert 0 < first_end < first_start <= 600 and 0 < second_end < second_start <= 600
    assert second_start > first_end  # the timer was armed afresh for the second file


def test_the_cli_takes_the_limits_as_options(sources, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from indexer import cli
    pathological(monkeypatch, spin)
    result = CliRunner().invoke(cli.main, ["index", str(sources), "--index", str(tmp_path / "ix"),
                                           "--file-time-limit", "1", "--file-memory-limit", "500"])
    assert result.exit_code == 0
    assert f"skipped {(sources / SLOW).resolve()}: took longer than 1 s to read" in result.stderr
    assert "30 added" in result.stdout


def test_a_named_pipe_is_refused_not_read(tmp_path):
    docs = tmp_path / "docs"
    write_doc(docs, 1, "marker1x")
    os.mkfifo(docs / "pipe.txt")
    report = update_index([docs], tmp_path / "index", workers=1)
    assert [(e.path.rsplit("/", 1)[-1], e.reason.split(" (")[0]) for e in report.skipped] == [
        ("pipe.txt", "not a regular file")]
    assert len(report.added) == 1


def test_the_limits_come_from_the_configuration(sources, tmp_path, monkeypatch):
    pathological(monkeypatch, spin)
    monkeypatch.setattr(config, "INDEX_FILE_SECONDS", 1)
    report = update_index([sources], tmp_path / "index", workers=1)
    assert [e.reason.split(" (")[0] for e in report.skipped] == ["took longer than 1 s to read"]
