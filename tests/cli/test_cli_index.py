"""`refsearch index`: summary, skipped reasons on stderr, exit statuses, default paths."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from buildhelp import write_doc
from click.testing import CliRunner

from indexer import cli, config
from indexer.engine.archive import open_index
from indexer.store.locking import index_lock

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def docs(tmp_path, seed_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(seed_path, folder)
    write_doc(folder, 1, "marker1x")
    return folder


def run(*args):
    return CliRunner().invoke(cli.main, ["index", *map(str, args)])


def test_index_prints_the_summary_and_exits_0(docs, tmp_path):
    result = run(docs, "--index", tmp_path / "ix", "--workers", "1")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("2 added, 0 updated, 0 removed, 0 unchanged, 0 skipped")
    assert open_index(tmp_path / "ix").doc_count() == 2
    again = run(docs, "--index", tmp_path / "ix")
    assert again.stdout.startswith("0 added, 0 updated, 0 removed, 2 unchanged, 0 skipped")


def test_skipped_files_are_listed_on_stderr_and_the_index_is_still_built(docs, tmp_path):
    (docs / "empty.txt").write_bytes(b"")
    result = run(docs, "--index", tmp_path / "ix")
    assert result.exit_code == 0
    assert "1 skipped" in result.stdout
    assert f"skipped {(docs / 'empty.txt').resolve()}: " in result.stderr
    assert open_index(tmp_path / "ix").doc_count() == 2


def test_rebuild_reads_every_file_again(docs, tmp_path):
    run(docs, "--index", tmp_path / "ix")
    result = run(docs, "--index", tmp_path / "ix", "--rebuild")
    assert result.exit_code == 0
    assert result.stdout.startswith("2 added, 0 updated, 0 removed, 0 unchanged")


def test_busy_index_exits_1_with_a_clear_message(docs, tmp_path):
    with index_lock(tmp_path / "ix"):
        result = run(docs, "--index", tmp_path / "ix")
    assert result.exit_code == 1
    assert "another refsearch index run is updating" in result.stderr
    assert "wait for it to finish" in result.stderr


def test_paths_default_to_the_configured_sources(docs, tmp_path, monkeypatch):
    user_docs = tmp_path / "archive" / "documents"
    monkeypatch.setattr(config, "DOCUMENTS_DIR", user_docs)
    monkeypatch.setattr(config, "DEFAULT_SOURCES", (docs, user_docs))
    result = run("--index", tmp_path / "ix")
    assert result.exit_code == 0, result.output
    assert user_docs.is_dir()  # created so the user knows where documents go
    assert result.stdout.startswith("2 added")


@pytest.mark.parametrize("args", [
    ["missing-folder"],
    ["--workers", "0"],
])
def test_bad_arguments_are_usage_errors(tmp_path, args):
    result = run(*args, "--index", tmp_path / "ix")
    assert result.exit_code == 2
    assert not (tmp_path / "ix").exists()


def test_an_index_folder_that_cannot_be_created_exits_1_with_a_message(docs, tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    result = run(docs, "--index", tmp_path / "a-file" / "ix")
    assert result.exit_code == 1
    assert "cannot write the index in" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_a_run_in_another_process_makes_this_one_fail_at_once(docs, tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from pathlib import Path; from indexer.store.locking import index_lock\n"
         "with index_lock(Path(sys.argv[1])):\n"
         "    print('locked', flush=True); sys.stdin.readline()\n",
         str(tmp_path / "ix")],
        cwd=PROJECT_ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        busy = run(docs, "--index", tmp_path / "ix")
        assert busy.exit_code == 1
        assert f"another refsearch index run is updating {tmp_path / 'ix'}" in busy.stderr
    finally:
        holder.communicate("\n")
    assert holder.returncode == 0
    assert run(docs, "--index", tmp_path / "ix").exit_code == 0
