"""A run that changed nothing costs what listing the archive's folders costs: no file is
read or hashed, and nothing is loaded to read documents with."""
from __future__ import annotations

import os

import pytest
from buildhelp import write_doc

from indexer import meaning
from indexer.build import plan as build_plan
from indexer.build import steps, update_index


@pytest.fixture
def indexed(tmp_path):
    """An index of three document files, and a counter of the files hashed from then on."""
    sources, index_dir = tmp_path / "docs", tmp_path / "index"
    paths = [write_doc(sources, n, f"marker{n}") for n in range(3)]
    update_index([sources], index_dir, workers=1)
    return sources, index_dir, paths


@pytest.fixture
def hashed(monkeypatch) -> list[str]:
    seen: list[str] = []
    real = build_plan.file_sha256

    def counting(path):
        seen.append(str(path))
        return real(path)

    monkeypatch.setattr(build_plan, "file_sha256", counting)
    return seen


def test_a_run_that_changed_nothing_reads_and_hashes_no_file(indexed, hashed, monkeypatch):
    sources, index_dir, _ = indexed

    def refuse(*args, **kwargs):
        raise AssertionError("a run that changed nothing read documents")

    monkeypatch.setattr(steps, "parse_files", refuse)
    monkeypatch.setattr(meaning, "embedder", refuse)
    report = update_index([sources], index_dir, workers=1)
    assert hashed == []
    assert len(report.unchanged) == 3 and report.documents == 3


def test_a_touched_file_of_the_same_size_is_the_only_one_hashed(indexed, hashed):
    sources, index_dir, paths = indexed
    later = paths[1].stat().st_mtime_ns + 5_000_000_000
    os.utime(paths[1], ns=(later, later))
    report = update_index([sources], index_dir, workers=1)
    assert hashed == [str(paths[1].resolve())]
    assert len(report.unchanged) == 3
    update_index([sources], index_dir, workers=1)  # the new time was recorded: no hash again
    assert hashed == [str(paths[1].resolve())]


def test_links_and_plain_files_are_surveyed_at_their_real_paths(tmp_path):
    real = tmp_path / "real"
    first = write_doc(real, 1, "one")
    second = write_doc(tmp_path / "elsewhere", 2, "two")
    (real / "link.txt").symlink_to(second)
    (tmp_path / "alias").symlink_to(real)
    found = build_plan.survey_sources([tmp_path / "alias"], link_targets=[tmp_path / "elsewhere"])
    assert found.paths == sorted([str(first.resolve()), str(second.resolve())])
