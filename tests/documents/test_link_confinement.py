"""Links are followed only inside the archive: what lies outside is never indexed, printed or served."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from buildhelp import all_ids, ids_matching, seed_like_text, write_doc

from indexer import cli
from indexer.documents.reader import parse_document

SECRET = "quillomorph"
LEADS_OUT = "a symbolic link leading out of the folders being read"


@pytest.fixture
def planted(tmp_path):
    """An archive folder with its own document and links planted in it, and the folder outside.

    docs/secret.txt -> outside/secret.txt, docs/reports -> outside/reports/,
    docs/environ.txt -> /proc/self/environ, and docs/chapter.txt ->
    docs/store/chapter.body (inside, and reached only through the link).
    """
    docs, outside = tmp_path / "archive" / "documents", tmp_path / "outside"
    write_doc(docs, 1, "own1x")
    outside.mkdir()
    (outside / "secret.txt").write_text(seed_like_text("Mali", 2008, "Tier 2", f"Key {SECRET}."),
                                        encoding="utf-8")
    write_doc(outside / "reports", 2, f"{SECRET}2")
    (docs / "secret.txt").symlink_to(outside / "secret.txt")
    (docs / "reports").symlink_to(outside / "reports")
    (docs / "environ.txt").symlink_to("/proc/self/environ")
    (docs / "store").mkdir()
    (docs / "store" / "chapter.body").write_text(
        seed_like_text("Niger", 2009, "Tier 2", "Reached through the link insidelink3x."),
        encoding="utf-8")
    (docs / "chapter.txt").symlink_to(Path("store") / "chapter.body")
    return docs


def run(runner, command: str, docs: Path, tmp_path: Path, *options: str):
    """`refsearch extract --json` or `refsearch index` over ``docs``: (result, texts read)."""
    if command == "extract":
        result = runner.invoke(cli.main, ["extract", "--json", str(docs), *options])
        records = json.loads(result.stdout)
        records = records if isinstance(records, list) else [records]
        return result, [record["text"] for record in records]
    index_dir = tmp_path / "ix"
    result = runner.invoke(cli.main, ["index", str(docs), "--index", str(index_dir),
                                      "--workers", "1", *options])
    from indexer.archive import open_archive

    with open_archive(index_dir) as archive:
        return result, [archive.document(doc_id).text for doc_id in all_ids(index_dir)]


def skip_lines(result) -> dict[str, str]:
    """The files a run named as skipped, by name, with the reason."""
    lines = [line[len("skipped "):] for line in result.stderr.splitlines() if line.startswith("skipped ")]
    return {line.split(": ", 1)[0].rsplit("/", 1)[-1]: line.split(": ", 1)[1] for line in lines}


@pytest.mark.parametrize("command", ["extract", "index"])
def test_a_link_to_a_file_outside_the_archive_is_skipped_and_named(runner, planted, tmp_path, command):
    result, texts = run(runner, command, planted, tmp_path)
    reason = skip_lines(result)["secret.txt"]
    assert reason == (f"{LEADS_OUT} (to {tmp_path / 'outside' / 'secret.txt'}), not followed; "
                      "if it should be read, name that folder with --follow-links-to")
    assert not any(SECRET in text for text in texts)


@pytest.mark.parametrize("command", ["extract", "index"])
def test_a_link_to_a_folder_outside_the_archive_is_skipped_and_named(runner, planted, tmp_path, command):
    result, texts = run(runner, command, planted, tmp_path)
    assert skip_lines(result)["reports"].startswith(f"{LEADS_OUT} (to {tmp_path / 'outside' / 'reports'})")
    assert not any(f"{SECRET}2" in text for text in texts)


@pytest.mark.parametrize("command", ["extract", "index"])
def test_a_link_to_the_indexers_environment_is_never_read(runner, planted, tmp_path, command,
                                                           monkeypatch):
    monkeypatch.setenv("REFSEARCH_TEST_MARKER", "environmentmarker")
    result, texts = run(runner, command, planted, tmp_path)
    assert skip_lines(result)["environ.txt"].startswith(f"{LEADS_OUT} (to /proc/")
    assert not any("environmentmarker" in text for text in texts)


@pytest.mark.parametrize("command", ["extract", "index"])
def test_a_link_inside_the_archive_is_still_followed(runner, planted, tmp_path, command):
    result, texts = run(runner, command, planted, tmp_path)
    assert "chapter.txt" not in skip_lines(result)
    assert sum("insidelink3x" in text for text in texts) == 1
    assert sum("own1x" in text for text in texts) == 1


@pytest.mark.parametrize("command", ["extract", "index"])
def test_follow_links_to_reads_the_outside_folder_it_names(runner, planted, tmp_path, command):
    result, texts = run(runner, command, planted, tmp_path,
                        "--follow-links-to", str(tmp_path / "outside"))
    assert {"secret.txt", "reports"}.isdisjoint(skip_lines(result))
    assert sum(SECRET in text for text in texts) == 2
    assert skip_lines(result)["environ.txt"].startswith(LEADS_OUT)  # /proc is still outside


def test_the_web_app_never_serves_the_text_of_a_file_outside_the_archive(runner, planted, tmp_path):
    from webapp import create_app

    index_dir = tmp_path / "ix"
    result = runner.invoke(cli.main, ["index", str(planted), "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    client = create_app({"INDEX_DIR": index_dir, "TESTING": True}).test_client()
    secret_file = tmp_path / "outside" / "secret.txt"
    would_be = parse_document(secret_file.read_bytes(), str(secret_file)).id
    assert client.get(f"/documents/{would_be}/text.txt").status_code == 404
    served = [client.get(f"/documents/{doc_id}/text.txt") for doc_id in all_ids(index_dir)]
    assert len(served) == 2 and all(page.status_code == 200 for page in served)
    assert not any(SECRET in page.get_data(as_text=True) for page in served)
    assert client.get(f"/api/search?q={SECRET}").get_json()["total"] == 0


def test_a_document_indexed_through_a_link_leaves_the_index_once_the_link_is_not_allowed(
        runner, planted, tmp_path):
    index_dir, outside = tmp_path / "ix", str(tmp_path / "outside")
    runner.invoke(cli.main, ["index", str(planted), "--index", str(index_dir),
                             "--follow-links-to", outside])
    assert len(ids_matching(index_dir, SECRET)) == 1
    result = runner.invoke(cli.main, ["index", str(planted), "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    assert ids_matching(index_dir, SECRET) == [] and ids_matching(index_dir, f"{SECRET}2") == []
    assert "2 removed" in result.stdout
