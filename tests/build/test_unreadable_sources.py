"""Folders and files that cannot be read keep their documents, are named, and fail the run.

Tests run as root, where permission bits do not stop reads, so unreadability
is simulated at the system-call edge (``os.scandir``, ``os.stat``, reading a
file's bytes) for one path; the real ``chmod`` case runs when not root.
"""
from __future__ import annotations

import errno
import os
import pathlib
import shutil

import pytest
from buildhelp import all_ids, ids_matching, write_doc
from click.testing import CliRunner

from indexer import cli, config
from indexer.archive import current_generation
from indexer.build import update_index
from indexer.engine.archive import open_index
from indexer.errors import SourcesUnreadable
from indexer.store import generations

IS_ROOT = os.geteuid() == 0


@pytest.fixture
def archive(tmp_path, seed_path):
    """docs/ with the seed, docs/keep/ (two files) and docs/mount/ (two files), indexed once."""
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(seed_path, docs)
    write_doc(docs / "keep", 1, "keep1x")
    write_doc(docs / "keep", 2, "keep2x")
    write_doc(docs / "mount", 3, "mount3x")
    write_doc(docs / "mount", 4, "mount4x")
    index_dir = tmp_path / "index"
    update_index([docs], index_dir, workers=1)
    assert open_index(index_dir).doc_count() == 5
    return docs, index_dir


def fail_for(monkeypatch, name, target, error_number=errno.EACCES):
    """Make ``os.<name>`` fail for ``target`` (and only it) with ``error_number``."""
    real = getattr(os, name)
    target = os.fspath(target)

    def failing(path, *args, **kwargs):
        if os.fspath(path) == target:
            raise OSError(error_number, os.strerror(error_number), target)
        return real(path, *args, **kwargs)
    monkeypatch.setattr(os, name, failing)


def run_cli(*args):
    return CliRunner().invoke(cli.main, ["index", *map(str, args), "--workers", "1"])


@pytest.mark.parametrize("error_number", [errno.EACCES, errno.EIO, errno.ENOTCONN])
def test_an_unreadable_folder_keeps_its_documents_is_named_and_fails_the_run(
        archive, monkeypatch, error_number):
    docs, index_dir = archive
    before = all_ids(index_dir)
    write_doc(docs / "keep", 5, "keep5x")  # the rest of the archive is still updated
    fail_for(monkeypatch, "scandir", docs / "mount", error_number)
    result = run_cli(docs, "--index", index_dir)
    assert result.exit_code == 1
    assert f"cannot read {docs / 'mount'}: the folder cannot be read ({os.strerror(error_number).lower()})" \
        in result.stderr
    assert "1 added, 0 updated, 0 removed" in result.stdout
    assert "1 unreadable (2 documents kept as they were)" in result.stdout
    assert set(before) < set(all_ids(index_dir))
    assert len(ids_matching(index_dir, "mount3x")) == 1 and len(ids_matching(index_dir, "keep5x")) == 1
    # Once readable again nothing is re-read: the kept records are the indexed ones.
    monkeypatch.undo()
    again = update_index([docs], index_dir, workers=1)
    assert (again.added, again.removed, again.unreadable) == ([], [], [])
    assert len(again.unchanged) == 6


@pytest.mark.skipif(IS_ROOT, reason="root reads folders whatever their permission bits")
def test_a_folder_made_unreadable_with_chmod_keeps_its_documents(archive):
    docs, index_dir = archive
    (docs / "mount").chmod(0)
    try:
        report = update_index([docs], index_dir, workers=1)
    finally:
        (docs / "mount").chmod(0o755)
    assert report.removed == [] and len(report.kept) == 2
    assert "permission denied" in report.unreadable[0].reason
    assert open_index(index_dir).doc_count() == 5


@pytest.mark.parametrize("how", ["moved away", "parent replaced by a file", "emptied"])
def test_a_vanished_source_root_never_empties_the_index(archive, tmp_path, how):
    docs, index_dir = archive
    root = tmp_path / "mnt" / "share"
    root.parent.mkdir()
    docs.rename(root)
    update_index([root], index_dir, workers=1)  # the archive now lives on a mount point
    assert open_index(index_dir).doc_count() == 5
    live = current_generation(index_dir)
    if how == "moved away":
        root.rename(tmp_path / "elsewhere")
    elif how == "parent replaced by a file":
        root.rename(tmp_path / "elsewhere")
        root.parent.rmdir()
        root.parent.write_text("not a folder")
    else:  # an unmounted drive leaves an empty mount point
        (tmp_path / "elsewhere").mkdir()
        for child in list(root.iterdir()):
            child.rename(tmp_path / "elsewhere" / child.name)
    report = update_index([root], index_dir, workers=1)
    assert report.removed == [] and len(report.kept) == 5
    assert [e.path for e in report.unreadable] == [str(root)]
    assert open_index(index_dir).doc_count() == 5
    assert current_generation(index_dir) == live  # nothing to change, nothing written


def test_the_default_sources_vanishing_fail_the_cli_run_and_keep_the_index(archive, monkeypatch):
    docs, index_dir = archive
    gone = docs.parent / "gone"
    monkeypatch.setattr(config, "DOCUMENTS_DIR", docs.parent / "user-docs")
    monkeypatch.setattr(config, "DEFAULT_SOURCES", (gone,))
    update_index([docs], index_dir, workers=1)
    docs.rename(gone)
    update_index([gone], index_dir, workers=1)
    gone.rename(docs)  # the drive holding the default source is disconnected
    result = run_cli("--index", index_dir)
    assert result.exit_code == 1
    assert f"cannot read {gone}: no such file or folder" in result.stderr
    assert open_index(index_dir).doc_count() == 5


def test_an_emptied_root_is_removed_when_indexed_without_it(archive, tmp_path):
    docs, index_dir = archive
    other = tmp_path / "other"
    write_doc(other, 9, "other9x")
    for child in list(docs.iterdir()):
        shutil.rmtree(child) if child.is_dir() else child.unlink()
    kept = update_index([docs, other], index_dir, workers=1)
    assert "if you emptied it on purpose, run refsearch index naming only the other folders" \
        in kept.unreadable[0].reason
    assert open_index(index_dir).doc_count() == 6
    report = update_index([other], index_dir, workers=1)
    assert len(report.removed) == 5 and report.unreadable == []
    assert all_ids(index_dir) == ids_matching(index_dir, "other9x")


def test_a_file_that_cannot_be_looked_at_keeps_its_document(archive, monkeypatch):
    docs, index_dir = archive
    [target] = (docs / "keep").glob("001_*")
    fail_for(monkeypatch, "stat", target.resolve(), errno.EIO)
    report = update_index([docs], index_dir, workers=1)
    assert report.kept == [str(target.resolve())] and report.removed == []
    assert "input/output error" in report.unreadable[0].reason
    assert len(ids_matching(index_dir, "keep1x")) == 1


@pytest.mark.parametrize("workers", [1, 2])
def test_a_changed_file_that_cannot_be_read_keeps_its_old_document(archive, monkeypatch, workers):
    docs, index_dir = archive
    [target] = (docs / "keep").glob("001_*")
    write_doc(docs / "keep", 1, "keep1changed")  # changed, then unreadable
    real = pathlib.Path.read_bytes

    def refusing(self):  # runs in the reading process, which inherits the patch
        if self.name == target.name:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)
    monkeypatch.setattr(pathlib.Path, "read_bytes", refusing)
    monkeypatch.setattr(config, "INDEX_POOL_MIN_FILES", 1)
    result = run_cli(docs, "--index", index_dir, "--workers", str(workers))
    assert result.exit_code == 1
    assert f"cannot read {target.resolve()}: cannot be read (permission denied)" in result.stderr
    assert len(ids_matching(index_dir, "keep1x")) == 1  # the old document, as it was
    assert ids_matching(index_dir, "keep1changed") == []
    monkeypatch.undo()
    again = update_index([docs], index_dir, workers=1)
    assert again.updated == [str(target.resolve())]
    assert len(ids_matching(index_dir, "keep1changed")) == 1 and ids_matching(index_dir, "keep1x") == []


def test_a_really_deleted_folder_is_removed(archive):
    docs, index_dir = archive
    shutil.rmtree(docs / "mount")
    report = update_index([docs], index_dir, workers=1)
    assert len(report.removed) == 2 and report.unreadable == []
    assert ids_matching(index_dir, "mount3x") == []


def test_a_rebuild_refuses_to_lose_documents_that_cannot_be_read(archive, monkeypatch):
    docs, index_dir = archive
    live = current_generation(index_dir)
    fail_for(monkeypatch, "scandir", docs / "mount")
    with pytest.raises(SourcesUnreadable, match="--rebuild would lose 2 indexed documents"):
        update_index([docs], index_dir, workers=1, rebuild=True)
    assert current_generation(index_dir) == live
    assert generations.list_generations(index_dir)[-1] == live
    result = run_cli(docs, "--index", index_dir, "--rebuild")
    assert result.exit_code == 1 and "without --rebuild the index is updated" in result.stderr


def test_a_first_build_names_an_unreadable_folder_and_indexes_the_rest(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    write_doc(docs / "a", 1, "a1x")
    write_doc(docs / "b", 2, "b2x")
    fail_for(monkeypatch, "scandir", docs / "b")
    result = run_cli(docs, "--index", tmp_path / "index")
    assert result.exit_code == 1 and f"cannot read {docs / 'b'}" in result.stderr
    assert open_index(tmp_path / "index").doc_count() == 1
