"""The web app lists the files the last index run did not index, why, and what to do."""
from __future__ import annotations

import pytest
from skipped_archive import GOOD, build_skipped_index, write_skipped_archive

from indexer.build import update_index
from indexer.skips import advice
from webapp import create_app


@pytest.fixture(scope="module")
def skipped_client(tmp_path_factory):
    root = tmp_path_factory.mktemp("skipped")
    index = build_skipped_index(write_skipped_archive(root / "documents"), root / "index")
    return create_app({"INDEX_DIR": index, "TESTING": True}).test_client()


def test_the_api_lists_each_file_not_indexed_with_its_reason_and_what_to_do(skipped_client):
    answer = skipped_client.get("/api/skipped").get_json()
    files = {item["path"]: item for item in answer["files"]}
    assert answer["count"] == 4 and sorted(files) == [".draft.txt", "empty.txt", "saved-again.txt", "scan.pdf"]
    assert files["scan.pdf"]["reason"].startswith("no text: needs OCR")
    assert "OCR" in files["scan.pdf"]["advice"]
    assert files["empty.txt"]["reason"].startswith("empty file")
    assert "hidden file" in files[".draft.txt"]["reason"]
    assert "Rename it" in files[".draft.txt"]["advice"]


def test_the_paths_shown_never_name_a_folder_of_the_server(skipped_client, tmp_path_factory):
    body = skipped_client.get("/skipped").get_data(as_text=True) + skipped_client.get("/api/skipped").get_data(
        as_text=True)
    assert str(tmp_path_factory.getbasetemp()) not in body
    copy = next(f for f in skipped_client.get("/api/skipped").get_json()["files"] if f["path"] == "saved-again.txt")
    assert copy["reason"].startswith("duplicate: the same file as mali.txt, which is indexed")


def test_the_page_shows_every_file_with_why_and_what_to_do(skipped_client):
    page = skipped_client.get("/skipped")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<h1>Files not indexed</h1>" in html
    for name in ("scan.pdf", "empty.txt", ".draft.txt", "saved-again.txt"):
        assert f"<code>{name}</code>" in html
    assert "no text: needs OCR" in html and "OCRmyPDF" in html


def test_the_home_page_links_to_the_files_not_indexed_when_there_are_any(skipped_client, client):
    assert 'href="/skipped">4 files not indexed</a>' in skipped_client.get("/").get_data(as_text=True)
    assert 'href="/skipped"' not in client.get("/").get_data(as_text=True)   # every file was indexed


def test_an_archive_with_every_file_indexed_says_so(client):
    assert client.get("/api/skipped").get_json() == {"generation": client.get("/healthz").get_json()["generation"],
                                                     "count": 0, "files": []}
    assert "indexed every file" in client.get("/skipped").get_data(as_text=True)


def test_a_file_fixed_or_removed_leaves_the_list_at_the_next_run(tmp_path):
    folder = write_skipped_archive(tmp_path / "documents")
    index = build_skipped_index(folder, tmp_path / "index")
    client = create_app({"INDEX_DIR": index, "TESTING": True}).test_client()
    (folder / "empty.txt").write_text(GOOD.replace("Mali", "Niger"), encoding="utf-8")
    (folder / "scan.pdf").unlink()
    (folder / "saved-again.txt").unlink()
    update_index([folder], index, workers=1)
    assert [item["path"] for item in client.get("/api/skipped").get_json()["files"]] == [".draft.txt"]


def test_a_run_with_nothing_to_read_still_updates_the_list(tmp_path):
    # Only a hidden file goes: nothing is read, yet the list must no longer name it.
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "mali.txt").write_text(GOOD, encoding="utf-8")
    (folder / ".draft.txt").write_text(GOOD, encoding="utf-8")
    update_index([folder], tmp_path / "index", workers=1)
    client = create_app({"INDEX_DIR": tmp_path / "index", "TESTING": True}).test_client()
    assert client.get("/api/skipped").get_json()["count"] == 1
    (folder / ".draft.txt").unlink()
    report = update_index([folder], tmp_path / "index", workers=1)
    assert not report.changed
    assert client.get("/api/skipped").get_json()["count"] == 0


@pytest.mark.parametrize("reason, words", [
    ("duplicate: the same file as a.txt, which is indexed (document id x)", "Nothing to do"),
    ("no text: needs OCR (its one page is an image without a text layer)", "OCR"),
    ("encrypted PDF: it needs a password to open", "without one"),
    ("broken PDF: it cannot be parsed (PdfReadError: x)", "download it again"),
    ("PDF too long (4,000 pages; the limit is 3,000 pages)", "Split it"),
    ("took longer than 60 s to read (the limit per file; see --file-time-limit)", "--file-time-limit"),
    ("undecodable text: too many bytes are invalid in every encoding tried", "UTF-8"),
    ("a symbolic link leading out of the folders being read (to /etc), not followed", "--follow-links-to"),
    ("permission denied: the file cannot be read", "readable"),
    ("something new", "Fix or replace the file"),
])
def test_each_reason_comes_with_what_to_do(reason, words):
    assert words in advice(reason)
