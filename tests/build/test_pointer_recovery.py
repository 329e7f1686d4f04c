"""A damaged or lost ``CURRENT`` pointer: the newest complete generation is found, nothing is deleted.

Before, an unreadable pointer made the next build start from nothing (and
delete every generation), even of a source folder that was emptied, and
``refsearch serve`` built and served the sample document in its place.
"""
from __future__ import annotations

import shutil

import pytest
from buildhelp import write_doc
from click.testing import CliRunner

from indexer import cli, config
from indexer.archive import current_generation, open_archive
from indexer.build import update_index
from indexer.errors import SourcesUnreadable
from indexer.request import parse_request
from indexer.store import generations
from webapp import cli as web_cli

DAMAGE = {
    "garbage": b"\x00\xff\xfe garbage",
    "empty": b"",
    "cut short": b"gen-0000",
    "a folder outside": b"../../etc\n",
    "a generation that does not exist": b"gen-000099-abcdef\n",
}


@pytest.fixture
def archive(tmp_path, monkeypatch):
    """Two complete generations of 6 documents (the second kept within its grace period)."""
    monkeypatch.setattr(config, "PREVIOUS_INDEX_GRACE", 3600)
    docs, index_dir = tmp_path / "docs", tmp_path / "index"
    for number in range(5):
        write_doc(docs, number, f"marker{number}x")
    update_index([docs], index_dir, workers=1)
    write_doc(docs, 5, "marker5x")
    update_index([docs], index_dir, workers=1)
    assert len(generations.list_generations(index_dir)) == 2
    return docs, index_dir


def damage_pointer(index_dir, how: str) -> str:
    """Damage ``CURRENT`` (or remove it); the generation it named."""
    live = current_generation(index_dir)
    if how == "missing":
        (index_dir / "CURRENT").unlink()
    else:
        (index_dir / "CURRENT").write_bytes(DAMAGE[how])
    return live


def empty(folder):
    """Empty ``folder`` as an unmounted drive leaves its mount point."""
    shutil.move(folder, folder.with_name("away"))
    folder.mkdir()


@pytest.mark.parametrize("how", [*DAMAGE, "missing"])
def test_a_damaged_pointer_is_recovered_from_the_newest_complete_generation(archive, how):
    _, index_dir = archive
    live = damage_pointer(index_dir, how)
    assert current_generation(index_dir) == live
    with open_archive(index_dir) as searched:
        assert searched.generation == live and searched.count() == 6


def test_an_unfinished_generation_is_not_taken_for_the_live_one(archive):
    _, index_dir = archive
    live = damage_pointer(index_dir, "garbage")
    unfinished = generations.new_generation(index_dir, index_dir / live)  # a build killed early
    assert current_generation(index_dir) == live
    assert generations.remove_stale(index_dir) == [unfinished.name]


def test_a_damaged_pointer_deletes_no_complete_generation(archive, monkeypatch):
    _, index_dir = archive
    monkeypatch.setattr(config, "PREVIOUS_INDEX_GRACE", 0)
    before = generations.list_generations(index_dir)
    damage_pointer(index_dir, "empty")
    assert generations.remove_stale(index_dir) == []
    assert generations.list_generations(index_dir) == before


def test_indexing_an_emptied_folder_past_a_damaged_pointer_keeps_every_document(archive):
    docs, index_dir = archive
    before = generations.list_generations(index_dir)
    live = damage_pointer(index_dir, "garbage")
    empty(docs)
    result = CliRunner().invoke(cli.main, ["index", str(docs), "--index", str(index_dir)])
    assert result.exit_code == 1
    assert "holds no document files now, but 6 indexed documents come from it" in result.stderr
    assert f"{live}, the newest complete generation, is live again" in result.stderr
    assert generations.list_generations(index_dir) == before  # nothing deleted
    assert generations.read_current(index_dir) == live  # the pointer written again
    with open_archive(index_dir) as searched:
        assert searched.search(parse_request({"q": "forced labour"})).total == 6


def test_a_rebuild_of_an_emptied_folder_past_a_damaged_pointer_is_refused(archive):
    docs, index_dir = archive
    before = generations.list_generations(index_dir)
    damage_pointer(index_dir, "missing")
    empty(docs)
    with pytest.raises(SourcesUnreadable, match="--rebuild would lose 6 indexed documents"):
        update_index([docs], index_dir, rebuild=True, workers=1)
    assert generations.list_generations(index_dir) == before


class NotServed:
    """Stands in for gunicorn: makes the app as the server would, serves nothing."""

    made = []

    def __init__(self, make_app, options):
        NotServed.made.append(make_app())

    def run(self):
        pass


def test_serve_past_a_damaged_pointer_serves_the_recovered_archive_and_builds_nothing(
        archive, monkeypatch):
    docs, index_dir = archive
    live = damage_pointer(index_dir, "garbage")
    empty(docs)
    monkeypatch.setattr(web_cli, "Server", NotServed)
    result = CliRunner().invoke(web_cli.main, ["serve", "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    assert "building" not in result.output
    health = NotServed.made[-1].test_client().get("/healthz").get_json()
    assert (health["ok"], health["generation"], health["documents"]) == (True, live, 6)


def test_serve_never_builds_the_sample_into_a_folder_holding_another_index(archive, monkeypatch):
    _, index_dir = archive
    before = generations.list_generations(index_dir)
    for name in before:  # no generation complete any more
        (index_dir / name / generations.CHECKSUMS_NAME).unlink()
        (index_dir / name / "manifest.json").unlink()
    (index_dir / "CURRENT").unlink()
    monkeypatch.setattr(web_cli, "Server", NotServed)
    result = CliRunner().invoke(web_cli.main, ["serve", "--index", str(index_dir)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: No search index at {index_dir}. Build it with: "
                                    "refsearch index")
    assert generations.list_generations(index_dir) == before
