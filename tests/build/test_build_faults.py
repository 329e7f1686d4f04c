"""A full disk or Ctrl-C near the end of a build: one clear message, the cleanup, no traceback.

Each case runs a real `refsearch index` in a process group of its own with
a fault injected (``bench.reliability.faults``), so the writing and reading processes it
forks get the fault too, and Ctrl-C reaches all of them as from a terminal.
"""
from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from buildhelp import all_ids, write_doc
from click.testing import CliRunner

from bench.reliability.common import default_sigint
from indexer import cli, errors
from indexer.archive import current_generation
from indexer.build import update_index
from indexer.engine import writer
from indexer.store import generations

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DISK_FULL = re.compile(r"Error: the disk is full: [\d,]+ MB free, the build needs about [\d,]+ MB\. "
                       r"Free space on the disk that holds .* and run refsearch index again")
INTERRUPTED = "Error: interrupted; the previous index is unchanged"


@pytest.fixture
def built(tmp_path):
    """An index of 5 documents, and 60 new files waiting to be indexed."""
    docs, index_dir = tmp_path / "docs", tmp_path / "index"
    for number in range(5):
        write_doc(docs, number, f"first{number}x")
    update_index([docs], index_dir, workers=1)
    for number in range(100, 160):
        write_doc(docs / "new", number, f"new{number}x")
    return docs, index_dir


def run_with_fault(fault: str, docs: Path, index_dir: Path, *args: str):
    return subprocess.run(
        [sys.executable, "-m", "bench.reliability.faults", fault, "--", "index", str(docs),
         "--index", str(index_dir), *args],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300, start_new_session=True,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}, preexec_fn=default_sigint)


@pytest.mark.slow
@pytest.mark.parametrize("fault, workers, message, status", [
    ("disk-full-writing", "1", DISK_FULL, 1),
    ("disk-full-writing,parallel-writing", "2", DISK_FULL, 1),
    ("disk-full-manifest,parallel-writing", "2", DISK_FULL, 1),
    ("disk-full-flush", "1", DISK_FULL, 1),
    ("disk-full-publish", "1", DISK_FULL, 1),
    ("ctrl-c-commit", "1", INTERRUPTED, 130),
    ("ctrl-c-commit,parallel-writing", "2", INTERRUPTED, 130),
    ("ctrl-c-flush,parallel-writing", "2", INTERRUPTED, 130),
])
def test_a_full_disk_or_ctrl_c_near_the_end_gives_one_message_and_keeps_the_index(
        built, fault, workers, message, status):
    docs, index_dir = built
    live = current_generation(index_dir)
    before = all_ids(index_dir)
    result = run_with_fault(fault, docs, index_dir, "--workers", workers, "--rebuild")
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr and "Aborted" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2, result.stderr
    if isinstance(message, str):
        assert lines[0] == message
    else:
        assert message.fullmatch(lines[0]), lines[0]
    assert lines[1] == f"The unfinished index was removed; searches still use the previous one ({live})."
    assert current_generation(index_dir) == live and all_ids(index_dir) == before
    assert generations.list_generations(index_dir)[-1] == live  # nothing unfinished left behind


@pytest.mark.slow
def test_a_full_disk_when_only_touched_files_are_remembered_leaves_no_temporary_file(built):
    docs, index_dir = built
    shutil.rmtree(docs / "new")
    live = current_generation(index_dir)
    for path in docs.glob("*.txt"):  # the same bytes, a new modification time
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    result = run_with_fault("disk-full-manifest-write", docs, index_dir, "--workers", "1")
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("Error: the disk is full: ") and len(lines) == 2, result.stderr
    assert lines[1] == f"The unfinished index was removed; searches still use the previous one ({live})."
    assert [p for p in index_dir.rglob("*") if p.name.endswith(".tmp")] == []
    assert current_generation(index_dir) == live
    assert generations.list_generations(index_dir) == [live]
    assert CliRunner().invoke(cli.main, ["check", "--index", str(index_dir)]).exit_code == 0


def test_a_full_disk_on_a_first_build_says_there_is_no_index_yet(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    for number in range(3):
        write_doc(docs, number, f"first{number}x")
    monkeypatch.setattr(writer._SegmentWriter, "add_document",
                        lambda self, **fields: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full")))
    result = CliRunner().invoke(cli.main, ["index", str(docs), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 1
    assert DISK_FULL.fullmatch(result.stderr.splitlines()[0])
    assert result.stderr.splitlines()[1] == "The unfinished index was removed; there is no index yet."
    assert generations.list_generations(tmp_path / "ix") == []


def test_the_estimate_counts_the_bytes_to_read(built, monkeypatch):
    docs, index_dir = built
    monkeypatch.setattr(writer._SegmentWriter, "add_document",
                        lambda self, **fields: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full")))
    with pytest.raises(errors.DiskFull) as caught:
        update_index([docs], index_dir, workers=1)
    read = sum(p.stat().st_size for p in (docs / "new").iterdir())
    assert caught.value.needed_bytes == read * 3
    assert caught.value.free_bytes == pytest.approx(shutil.disk_usage(index_dir).free, rel=0.01)


@pytest.mark.parametrize("exitcode, error", [
    (writer._EXIT_DISK_FULL, errors.DiskFull),
    (1, errors.IndexWriteFailed),
    (-9, errors.IndexWriteFailed),
])
def test_a_failed_writing_process_is_a_member_of_the_error_family(exitcode, error):
    failure = writer._task_failure(exitcode)
    assert isinstance(failure, error) and isinstance(failure, errors.BuildFailed)
    if error is errors.IndexWriteFailed:
        assert isinstance(failure, RuntimeError)
        assert "run it with --workers 1" in str(failure)
