"""A document's id comes from its own metadata; two files claiming one id are both indexed and named."""
from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from bench.reliability.identity import (
    CHAPTER_CITE,
    CHAPTER_DOCID,
    PREVIOUS_DOCID,
    write_dump_citing_previous_edition,
    write_memo_beside_report,
    write_two_claiming_one_id,
)
from indexer.archive import open_archive
from indexer.cli import main
from indexer.documents.reader import read_document
from indexer.store.generations import read_current
from indexer.store.manifest import load_manifest


def refsearch(*args):
    return CliRunner().invoke(main, [str(arg) for arg in args])


def indexed_ids(index_dir) -> dict[str, str]:
    """The document id of each indexed file, by file name."""
    manifest = load_manifest(index_dir / read_current(index_dir))
    return {path.rsplit("/", 1)[-1]: record.doc_id for path, record in manifest.records.items()}


def cited(index_dir, query: str) -> list[dict]:
    result = refsearch("cite", query, "--index", index_dir, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def memo_archive(tmp_path):
    paths = write_memo_beside_report(tmp_path / "docs")
    return tmp_path / "docs", tmp_path / "index", paths


def test_a_memo_citing_a_report_does_not_take_the_reports_id(memo_archive):
    _, _, paths = memo_archive
    memo, chapter = read_document(paths["memo"]), read_document(paths["chapter"])
    assert chapter.id == chapter.refworld_docid == CHAPTER_DOCID
    assert memo.refworld_docid is None and memo.source_url is None
    assert memo.id == memo.sha256[:16]


def test_a_memo_saved_beside_the_report_it_cites_leaves_both_indexed(memo_archive):
    docs, index_dir, _ = memo_archive
    result = refsearch("index", docs, "--index", index_dir)
    assert result.exit_code == 0, result.output
    assert "duplicate" not in result.output and "skipped" not in result.stderr
    assert indexed_ids(index_dir)["tip2008-mali.txt"] == CHAPTER_DOCID
    assert "memo-client-kayes.txt" in indexed_ids(index_dir)
    with open_archive(index_dir) as archive:
        assert archive.count() == 2
        assert archive.document(CHAPTER_DOCID).title == "Trafficking in Persons Report 2008 - Mali"


@pytest.mark.parametrize("query", [
    CHAPTER_CITE,
    f"{CHAPTER_CITE}, available at: http://www.refworld.org/docid/{CHAPTER_DOCID}.html [accessed 24 May 2016]",
    f"https://www.refworld.org/docid/{CHAPTER_DOCID}.html",
    CHAPTER_DOCID,
])
def test_cite_answers_the_reports_citation_with_the_report_not_the_memo(memo_archive, query):
    docs, index_dir, _ = memo_archive
    assert refsearch("index", docs, "--index", index_dir).exit_code == 0
    candidates = cited(index_dir, query)
    assert candidates[0]["id"] == CHAPTER_DOCID and candidates[0]["verdict"] == "found"
    assert [c["title"] for c in candidates if c["verdict"] == "found"] == [
        "Trafficking in Persons Report 2008 - Mali"]


def test_a_dump_whose_cite_as_lost_its_link_and_cites_the_previous_edition_is_indexed_beside_it(tmp_path):
    paths = write_dump_citing_previous_edition(tmp_path / "docs")
    result = refsearch("index", tmp_path / "docs", "--index", tmp_path / "index")
    assert result.exit_code == 0, result.output
    assert "duplicate" not in result.output
    ids = indexed_ids(tmp_path / "index")
    assert ids["tip2007-mali.txt"] == PREVIOUS_DOCID
    assert ids["tip2008-mali-nolink.txt"] == read_document(paths["dump"]).sha256[:16]
    [first, *_] = cited(tmp_path / "index", f"https://www.refworld.org/docid/{PREVIOUS_DOCID}.html")
    assert first["title"] == "Trafficking in Persons Report 2007 - Mali" and first["confidence"] == 1.0


@pytest.fixture
def claimed_twice(tmp_path):
    paths = write_two_claiming_one_id(tmp_path / "docs")
    return tmp_path / "docs", tmp_path / "index", paths


def test_two_files_claiming_one_id_are_both_indexed_and_the_clash_reported(claimed_twice):
    docs, index_dir, paths = claimed_twice
    result = refsearch("index", docs, "--index", index_dir)
    assert result.exit_code == 0, result.output
    second = f"{CHAPTER_DOCID}-{read_document(paths['edited']).sha256[:8]}"
    assert indexed_ids(index_dir) == {"tip2008-mali.txt": CHAPTER_DOCID, "tip2008-mali_annotated.txt": second}
    [line] = [line for line in result.stderr.splitlines() if line.startswith("id clash ")]
    assert line == (f"id clash {paths['edited'].resolve()}: claims document id {CHAPTER_DOCID}, as "
                    f"{paths['saved'].resolve()} does; both are indexed, this one as {second}")
    with open_archive(index_dir) as archive:
        assert archive.count() == 2
        assert "Annotation: compare the 2009 chapter" in archive.document(second).text


def test_a_clash_is_reported_again_on_the_next_run(claimed_twice):
    docs, index_dir, _ = claimed_twice
    refsearch("index", docs, "--index", index_dir)
    again = refsearch("index", docs, "--index", index_dir)
    assert again.exit_code == 0 and "2 unchanged" in again.stdout
    assert sum(line.startswith("id clash ") for line in again.stderr.splitlines()) == 1


def test_when_the_file_holding_an_id_goes_the_other_takes_it_back(claimed_twice):
    docs, index_dir, paths = claimed_twice
    refsearch("index", docs, "--index", index_dir)
    paths["saved"].unlink()
    result = refsearch("index", docs, "--index", index_dir)
    assert result.exit_code == 0 and "id clash" not in result.stderr
    assert indexed_ids(index_dir) == {"tip2008-mali_annotated.txt": CHAPTER_DOCID}
    with open_archive(index_dir) as archive:
        assert archive.count() == 1
        assert "Annotation" in archive.document(CHAPTER_DOCID).text


def test_a_file_with_the_very_bytes_of_an_indexed_one_is_a_duplicate(claimed_twice):
    docs, index_dir, paths = claimed_twice
    shutil.copy(paths["saved"], docs / "z-copy.txt")
    result = refsearch("index", docs, "--index", index_dir)
    assert f"skipped {(docs / 'z-copy.txt').resolve()}: duplicate: the same file as " \
           f"{paths['saved'].resolve()}" in result.stderr
    assert len(indexed_ids(index_dir)) == 2
