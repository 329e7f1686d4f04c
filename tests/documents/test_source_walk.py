"""The one walk over the sources: links followed, loops and broken links reported, names quoted."""
from __future__ import annotations

import json
import os
import shutil

import pytest
from buildhelp import ids_matching, write_doc

from indexer import cli
from indexer.build import update_index
from indexer.documents.reader import read_all
from indexer.documents.walk import walk_sources
from indexer.engine.archive import open_index
from indexer.errors import DocumentError, shown_path


@pytest.mark.parametrize("name, shown", [
    ("plain.txt", "plain.txt"),
    ("Côte d’Ivoire 2008.txt", "Côte d’Ivoire 2008.txt"),
    ("a\nskipped /etc/passwd: forged.txt", "'a\\nskipped /etc/passwd: forged.txt'"),
    ("bell\x07.txt", "'bell\\x07.txt'"),
    ("escape\x1b[31m.txt", "'escape\\x1b[31m.txt'"),
    ("right\u202eto-left.txt", "'right\\u202eto-left.txt'"),
    (os.fsdecode(b"caf\xe9.txt"), "'caf\\xe9.txt'"),
    ("'quoted'.txt", "\"'quoted'.txt\""),
])
def test_shown_path_quotes_only_names_that_could_mislead(name, shown):
    assert shown_path(name) == shown
    assert "\n" not in str(DocumentError(name, "empty file"))


def test_a_newline_in_a_file_name_cannot_forge_a_line_of_the_skip_report(tmp_path, runner, seed_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(seed_path, docs)
    (docs / "x\nskipped forged.txt: no problem.txt").write_bytes(b"")
    for args in (["index", str(docs), "--index", str(tmp_path / "ix"), "--workers", "1"],
                 ["extract", str(docs)]):
        result = runner.invoke(cli.main, args)
        skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
        assert skipped == [f"skipped '{docs}/x\\nskipped forged.txt: no problem.txt': "
                           "empty file (no text to read)"], args


def test_extract_and_index_refuse_a_name_that_is_not_utf8_the_same_way(tmp_path, runner, seed_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(seed_path, docs)
    odd = os.path.join(os.fsencode(docs), b"report-\xff.txt")
    with open(odd, "wb") as stream:
        stream.write(seed_path.read_bytes().replace(b"Mali", b"Niger"))
    expected = f"skipped '{docs}/report-\\xff.txt': the file name is not valid UTF-8; rename the file"
    extracted = runner.invoke(cli.main, ["extract", "--json", str(docs)])
    indexed = runner.invoke(cli.main, ["index", str(docs), "--index", str(tmp_path / "ix")])
    assert expected in extracted.stderr.splitlines() and expected in indexed.stderr.splitlines()
    assert extracted.exit_code == 1 and indexed.exit_code == 0
    assert len(json.loads(extracted.stdout)["id"]) > 0  # the one good file, as one object
    assert open_index(tmp_path / "ix").doc_count() == 1


@pytest.fixture
def linked(tmp_path):
    """docs/ with a file, a linked folder (elsewhere/, followed when named with
    ``link_targets``), a link back to docs/, a broken and a looping link."""
    docs = tmp_path / "docs"
    write_doc(docs, 1, "own1x")
    elsewhere = tmp_path / "elsewhere"
    write_doc(elsewhere, 2, "linked2x")
    (docs / "shared").symlink_to(elsewhere)
    (docs / "again").symlink_to(elsewhere)  # the same folder twice: read once
    (docs / "sub").mkdir()
    (docs / "sub" / "up").symlink_to(docs)  # a loop
    (docs / "broken.txt").symlink_to(docs / "gone" / "nowhere.txt")
    (docs / "self.txt").symlink_to(docs / "self.txt")
    return docs


def test_linked_folders_are_read_once_and_loops_and_broken_links_are_reported(linked):
    walk = walk_sources([linked], link_targets=[linked.parent / "elsewhere"])
    names = sorted(p.relative_to(linked).as_posix() for p in walk.files)
    assert names == [p for p in names if p.endswith(".txt")] and len(names) == 2
    assert "again/002_0000000000000002.txt" in names  # walked in name order: again/ first
    refused = {e.path.rsplit("/", 1)[-1]: e.reason for e in walk.refused}
    assert refused["up"] == f"a symbolic link loop: it leads back to {linked}, not followed"
    assert refused["shared"] == f"a link to {linked / 'again'}, which is read already"
    problems = {p.path.name: p.reason for p in walk.problems}
    assert problems["broken.txt"].startswith("a broken symbolic link to")
    assert problems["self.txt"].startswith("a symbolic link loop")


def test_index_reports_loops_and_broken_links_and_exits_non_zero(linked, tmp_path, runner):
    result = runner.invoke(cli.main, ["index", str(linked), "--index", str(tmp_path / "ix"),
                                      "--follow-links-to", str(tmp_path / "elsewhere")])
    assert result.exit_code == 1
    assert f"cannot read {linked / 'broken.txt'}: a broken symbolic link" in result.stderr
    assert f"cannot read {linked / 'self.txt'}: a symbolic link loop" in result.stderr
    assert f"skipped {linked / 'sub' / 'up'}: a symbolic link loop" in result.stderr
    assert len(ids_matching(tmp_path / "ix", "linked2x")) == 1


def test_extract_reports_broken_links_too(linked):
    report = read_all([linked], link_targets=[linked.parent / "elsewhere"])
    reasons = {e.path.rsplit("/", 1)[-1]: e.reason for e in report.skipped}
    assert "no such file" in reasons["broken.txt"]
    assert "loop" in reasons["up"]
    assert len(report.documents) == 2


def test_a_linked_folder_that_goes_missing_keeps_its_documents(linked, tmp_path):
    index_dir, allowed = tmp_path / "ix", [tmp_path / "elsewhere"]
    update_index([linked], index_dir, workers=1, link_targets=allowed)
    assert len(ids_matching(index_dir, "linked2x")) == 1
    (tmp_path / "elsewhere").rename(tmp_path / "unmounted")
    report = update_index([linked], index_dir, workers=1, link_targets=allowed)
    assert report.removed == []
    assert len(ids_matching(index_dir, "linked2x")) == 1
    assert {e.path.rsplit("/", 1)[-1] for e in report.unreadable} >= {"shared", "again"}
