"""A damaged index file is found, reported in one line with what to do, never served, and rebuilt.

The archive is built here: 60 documents, then 3 more in a second build, so
the live generation has a large and a small segment. Each test damages a
copy of it with one flipped byte (``damage.KINDS``: every kind of file a
generation holds).
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import struct

import pytest
from buildhelp import write_doc
from click.testing import CliRunner

from bench.reliability.damage import KINDS, damage, flip, largest_segment
from indexer import cli
from indexer.archive import current_generation, open_archive
from indexer.build import update_index
from indexer.errors import IndexDamaged
from indexer.request import parse_request
from indexer.store import integrity
from indexer.store.generations import CHECKSUMS_NAME
from webapp import create_app

FIRST, MORE = range(60), range(100, 103)
ONE_LINE = re.compile(r"Error: the index in \S+ is damaged: gen-\d+-[0-9a-f]+/\S+ (does not match "
                      r"its checksum|has [\d,]+ bytes, not [\d,]+|is damaged)\. Run refsearch index "
                      r"with the folders it was built from \(and --index \S+\) to rebuild the damaged "
                      r"part; until then it is not searched")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The sources and an index of them in two segments (60 documents, then 3 more)."""
    root = tmp_path_factory.mktemp("archive")
    docs, index_dir = root / "docs", root / "index"
    for number in FIRST:
        write_doc(docs, number, f"marker{number}x")
    update_index([docs], index_dir, workers=1)
    for number in MORE:
        write_doc(docs / "more", number, f"marker{number}x")
    update_index([docs], index_dir, workers=1)
    return docs, index_dir


@pytest.fixture
def index(built, tmp_path):
    """A copy of the built index for one test to damage; and its sources."""
    docs, index_dir = built
    copy = tmp_path / "index"
    shutil.copytree(index_dir, copy, symlinks=True)
    return docs, copy


def run(*args):
    return CliRunner().invoke(cli.main, [*map(str, args)])


def every_marker_found(index_dir) -> bool:
    with open_archive(index_dir) as archive:
        return all(archive.search(parse_request({"q": f"marker{n}x"})).total == 1
                   for n in (*FIRST, *MORE))


def test_a_build_records_the_checksum_of_every_file_of_its_generation(index):
    _, index_dir = index
    generation = index_dir / current_generation(index_dir)
    recorded = json.loads((generation / CHECKSUMS_NAME).read_text())["files"]
    on_disk = {p.name for p in generation.iterdir()
               if p.stat().st_size and not p.name.startswith(".") and p.name != CHECKSUMS_NAME}
    assert set(recorded) == on_disk
    for name, entry in recorded.items():
        data = (generation / name).read_bytes()
        assert (entry["size"], entry["sha256"]) == (len(data), hashlib.sha256(data).hexdigest())


@pytest.mark.parametrize("kind", KINDS)
def test_a_flipped_byte_is_reported_in_one_line_when_the_index_is_opened(index, kind):
    _, index_dir = index
    damaged = damage(index_dir, kind)
    result = run("search", "forced labour", "--index", index_dir)
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "Aborted" not in result.output
    [line] = result.stderr.splitlines()
    assert ONE_LINE.fullmatch(line), line
    assert f"/{damaged.name} " in line


@pytest.mark.parametrize("kind", KINDS)
def test_refsearch_check_names_the_damaged_file_in_one_line(index, kind):
    _, index_dir = index
    damaged = damage(index_dir, kind)
    result = run("check", "--index", index_dir)
    assert result.exit_code == 1 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert ONE_LINE.fullmatch(line) and f"/{damaged.name} " in line, line


def test_refsearch_check_says_an_intact_index_is_intact(index):
    _, index_dir = index
    result = run("check", "--index", index_dir)
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"gen-\S+: 4 files, [\d.]+ MB, every one matches its checksum \([\d.]+ s\)\n",
                        result.stdout)


@pytest.mark.parametrize("kind", KINDS)
def test_a_damaged_index_is_never_served(index, kind):
    _, index_dir = index
    damage(index_dir, kind)
    client = create_app({"INDEX_DIR": index_dir, "TESTING": True}).test_client()
    health = client.get("/healthz")
    assert health.status_code == 503 and health.get_json()["ok"] is False
    assert "is damaged" in health.get_json()["message"]
    assert client.get("/search?q=forced+labour").status_code == 503
    answer = client.get("/api/search?q=forced+labour")
    assert answer.status_code == 503 and "is damaged" in answer.get_json()["error"]["message"]


def test_healthz_says_not_ok_once_the_served_index_is_damaged(index):
    _, index_dir = index
    client = create_app({"INDEX_DIR": index_dir, "TESTING": True}).test_client()
    assert client.get("/healthz").get_json()["ok"] is True
    damage(index_dir, "segment postings")
    health = client.get("/healthz")
    assert health.status_code == 503 and health.get_json()["ok"] is False
    assert client.get("/api/search?q=forced+labour").status_code == 503


@pytest.mark.parametrize("kind", KINDS)
def test_the_next_build_rebuilds_the_damaged_part_instead_of_carrying_it_forward(index, kind):
    docs, index_dir = index
    damaged = damage(index_dir, kind)
    result = run("index", docs, "--index", index_dir, "--workers", "1")
    assert result.exit_code == 0, result.output
    assert "was damaged" in result.stderr and "Traceback" not in result.output
    live = index_dir / current_generation(index_dir)
    assert damaged.stat().st_ino not in {p.stat().st_ino for p in live.iterdir()}
    assert run("check", "--index", index_dir).exit_code == 0
    assert every_marker_found(index_dir)
    # and the build after it finds nothing to do
    assert update_index([docs], index_dir, workers=1).summary() == (
        "0 added, 0 updated, 0 removed, 63 unchanged, 0 skipped")


def test_damage_to_one_segment_has_only_its_documents_read_again(index):
    docs, index_dir = index
    generation = index_dir / current_generation(index_dir)
    small = min(generation.glob("MAIN_*.seg"), key=lambda p: p.stat().st_size)
    flip(small, small.stat().st_size // 2)
    report = update_index([docs], index_dir, workers=1)
    assert report.repaired == sorted(str(p.resolve()) for p in (docs / "more").iterdir())
    assert len(report.unchanged) == 60 and not report.changed
    assert every_marker_found(index_dir)


def test_a_damaged_segment_whose_files_are_gone_leaves_the_index(tmp_path):
    docs, index_dir = tmp_path / "docs", tmp_path / "index"
    for number in range(5):
        write_doc(docs, number, f"marker{number}x")
    update_index([docs], index_dir, workers=1)
    gone = [write_doc(docs / "gone", number, f"marker{number}x") for number in (7, 8)]
    update_index([docs], index_dir, workers=1)
    generation = index_dir / current_generation(index_dir)
    small = min(generation.glob("MAIN_*.seg"), key=lambda p: p.stat().st_size)
    flip(small, small.stat().st_size // 2)
    shutil.rmtree(docs / "gone")
    report = update_index([docs], index_dir, workers=1)
    assert report.removed == sorted(str(p.resolve()) for p in gone)
    assert (report.repaired, len(report.unchanged)) == ([], 5)
    with open_archive(index_dir) as archive:
        assert archive.count() == 5


def test_damage_that_came_without_a_write_is_found_by_check_then_rebuilt(index):
    docs, index_dir = index
    damage(index_dir, "stored fields", keep_times=True)  # a failing disk: no write, same mtime
    assert run("check", "--index", index_dir).exit_code == 1
    result = run("index", docs, "--index", index_dir, "--workers", "1")
    assert result.exit_code == 0 and "was damaged" in result.stderr, result.output
    assert run("check", "--index", index_dir).exit_code == 0
    assert every_marker_found(index_dir)


def test_a_build_failing_on_damage_its_checks_did_not_see_says_so_and_the_next_one_repairs(
        index, monkeypatch):
    from indexer import build

    docs, index_dir = index
    open_archive(index_dir).close()  # checked and remembered: the damage below goes unseen
    damage(index_dir, "segment postings", keep_times=True)
    write_doc(docs / "newer", 300, "marker300x")
    try:
        with monkeypatch.context() as patched:  # as Whoosh fails reading the bytes it merges
            patched.setattr(build, "write_documents",
                            lambda *args, **kwargs: (_ for _ in ()).throw(EOFError()))
            with pytest.raises(IndexDamaged, match="does not match its checksum"):
                update_index([docs], index_dir, workers=1)
        report = update_index([docs], index_dir, workers=1)
    finally:
        shutil.rmtree(docs / "newer")
    assert len(report.repaired) == 60 and report.added
    assert run("check", "--index", index_dir).exit_code == 0


def failing_search(monkeypatch):
    """Make every search fail as Whoosh does on bytes it cannot decode."""
    from indexer.engine import archive as engine_archive

    monkeypatch.setattr(engine_archive, "search",
                        lambda *args, **kwargs: (_ for _ in ()).throw(struct.error("bad data")))


def test_a_search_failing_on_damage_unseen_at_opening_reports_the_damage(index, monkeypatch):
    _, index_dir = index
    failing_search(monkeypatch)
    with open_archive(index_dir) as archive:
        flip(largest_segment(index_dir / archive.generation), 100, keep_times=True)
        with pytest.raises(IndexDamaged, match="does not match its checksum"):
            archive.search(parse_request({"q": "forced"}))


def test_a_search_failing_on_an_intact_index_fails_as_it_is(index, monkeypatch):
    _, index_dir = index
    failing_search(monkeypatch)
    with open_archive(index_dir) as archive:
        for _ in range(2):
            with pytest.raises(struct.error):
                archive.search(parse_request({"q": "forced"}))


def test_opening_a_checked_generation_reads_none_of_its_files(built, monkeypatch):
    _, index_dir = built
    monkeypatch.setattr(integrity, "_verdicts", {})  # a new process
    monkeypatch.setattr(integrity, "file_sha256", lambda path: pytest.fail(f"read {path}"))
    with open_archive(index_dir) as archive:
        assert archive.count() == 63


def test_a_process_that_cannot_keep_the_verdict_reads_each_file_once(index, monkeypatch):
    _, index_dir = index
    (index_dir / current_generation(index_dir) / integrity.STAMP_NAME).unlink()
    monkeypatch.setattr(integrity, "_write_stamp", lambda *args: None)  # a read-only folder
    read = []
    real = integrity.file_sha256
    monkeypatch.setattr(integrity, "file_sha256", lambda path: read.append(path.name) or real(path))
    for _ in range(3):
        with open_archive(index_dir) as archive:
            assert archive.count() == 63
    assert sorted(read) == sorted(json.loads(
        (index_dir / current_generation(index_dir) / CHECKSUMS_NAME).read_text())["files"])


def test_an_incremental_build_reads_only_the_files_it_wrote_to_checksum_them(index, monkeypatch):
    docs, index_dir = index
    big = largest_segment(index_dir / current_generation(index_dir)).name
    open_archive(index_dir).close()  # the copy's files checked (they are new files to it)
    read = []
    real = integrity.file_sha256
    monkeypatch.setattr(integrity, "file_sha256", lambda path: read.append(path.name) or real(path))
    write_doc(docs / "newer", 200, "marker200x")
    try:
        assert update_index([docs], index_dir, workers=1).added
    finally:
        shutil.rmtree(docs / "newer")
    assert (index_dir / current_generation(index_dir) / big).is_file()  # linked, not read
    assert read and big not in read


def test_a_generation_that_lost_its_checksums_is_damaged(index):
    _, index_dir = index
    (index_dir / current_generation(index_dir) / CHECKSUMS_NAME).unlink()
    with pytest.raises(IndexDamaged, match="checksums.json is missing"):
        open_archive(index_dir)


def test_a_generation_from_before_checksums_is_searched_but_cannot_be_checked(index):
    _, index_dir = index
    generation = index_dir / current_generation(index_dir)
    (generation / CHECKSUMS_NAME).unlink()
    manifest = json.loads((generation / "manifest.json").read_text())
    del manifest["checksums"]
    (generation / "manifest.json").write_text(json.dumps(manifest))
    with open_archive(index_dir) as archive:
        assert archive.count() == 63
    result = run("check", "--index", index_dir)
    assert result.exit_code == 1 and "without checksums, and cannot be checked" in result.stderr
