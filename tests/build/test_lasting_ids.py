"""Links that last: a document's address and its paragraphs' links open the same text after its
file is edited, re-saved or moved and the archive is indexed again; an id it lost redirects."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from indexer.archive import open_archive
from indexer.build import update_index
from indexer.cli import main
from indexer.errors import DocumentMoved
from indexer.store.generations import read_current
from indexer.store.manifest import load_manifest
from webapp import create_app

NOTE = """Field note on labour recruitment in Kayes

Prepared by the legal clinic for its caseworkers.

## Recruitment

Recruiters in Kayes promised work in the gold mines to boys from the border villages.

Families paid a recruitment fee that became a debt the boys worked off for years.

## Prosecution

The regional court heard two cases of forced begging in Koranic schools.

Neither case ended in a conviction by the close of the year.

## Protection

The shelter in Bamako received forty children referred by the labour inspectors.
"""
ANCHORS = ("recruitment-p1", "recruitment-p2", "prosecution-p1", "prosecution-p2", "protection-p1")


@pytest.fixture
def archive_dirs(tmp_path):
    docs, index_dir = tmp_path / "docs", tmp_path / "index"
    (docs / "mali").mkdir(parents=True)
    (docs / "mali" / "kayes-note.txt").write_text(NOTE, encoding="utf-8")
    update_index([docs], index_dir, workers=1)
    return docs, index_dir


def the_id(index_dir) -> str:
    """The id of the one document the archive holds."""
    with open_archive(index_dir) as archive:
        assert archive.count() == 1
        return next(iter(archive.entry_dates()))


def opened(client, doc_id: str) -> dict[str, str]:
    """What the document page at ``doc_id`` shows: its title and each paragraph link's text,
    each paragraph opened by its own link."""
    response = client.get(f"/documents/{doc_id}")
    assert response.status_code == 200, response.status_code
    page = BeautifulSoup(response.get_data(as_text=True), "lxml")
    shown = {"title": page.find("h1").get_text()}
    for anchor in ANCHORS:
        at = BeautifulSoup(client.get(f"/documents/{doc_id}?at={anchor}").get_data(as_text=True), "lxml")
        cited = at.select_one(f'.para.cited[id="{anchor}"]')
        shown[anchor] = cited.get_text(" ", strip=True).removesuffix("¶").strip() if cited else ""
    return shown


@pytest.fixture
def before(archive_dirs):
    docs, index_dir = archive_dirs
    doc_id = the_id(index_dir)
    client = create_app({"INDEX_DIR": index_dir, "TESTING": True}).test_client()
    shown = opened(client, doc_id)
    assert shown["recruitment-p2"].startswith("Families paid") and all(shown.values())
    return doc_id, shown, client


def index_again(docs, index_dir):
    report = update_index([docs], index_dir, workers=1)
    assert not report.skipped and not report.unreadable
    return report


def test_a_document_edited_elsewhere_keeps_its_address_and_paragraph_links(archive_dirs, before):
    docs, index_dir = archive_dirs
    doc_id, shown, client = before
    path = docs / "mali" / "kayes-note.txt"
    path.write_text(NOTE.replace("forty children", "forty-two children"), encoding="utf-8")
    report = index_again(docs, index_dir)
    assert report.updated == [str(path.resolve())]
    assert the_id(index_dir) == doc_id
    after = opened(client, doc_id)
    assert after["protection-p1"] != shown["protection-p1"]     # the edit is there
    assert {k: v for k, v in after.items() if k != "protection-p1"} == {
        k: v for k, v in shown.items() if k != "protection-p1"}


def test_a_document_saved_again_with_other_line_endings_and_encoding_keeps_its_links(archive_dirs, before):
    docs, index_dir = archive_dirs
    doc_id, shown, client = before
    path = docs / "mali" / "kayes-note.txt"
    path.write_bytes(NOTE.replace("\n", "\r\n").encode("utf-16"))
    result = CliRunner().invoke(main, ["index", str(docs), "--index", str(index_dir)])
    assert result.exit_code == 0 and "1 updated" in result.output, result.output
    assert the_id(index_dir) == doc_id
    assert opened(client, doc_id) == shown


def test_a_document_moved_to_another_folder_keeps_its_links(archive_dirs, before):
    docs, index_dir = archive_dirs
    doc_id, shown, client = before
    path = docs / "mali" / "kayes-note.txt"
    path.write_text(NOTE.replace("Bamako", "Bamako (Mali)"), encoding="utf-8")  # no longer its first bytes
    index_again(docs, index_dir)
    shown = opened(client, doc_id)
    (docs / "archive-2024").mkdir()
    path.rename(docs / "archive-2024" / "kayes-note.txt")
    report = index_again(docs, index_dir)
    assert len(report.added) == 1 and len(report.removed) == 1
    assert the_id(index_dir) == doc_id
    assert opened(client, doc_id) == shown


def test_a_document_moved_and_edited_keeps_its_links(archive_dirs, before):
    docs, index_dir = archive_dirs
    doc_id, shown, client = before
    (docs / "mali" / "kayes-note.txt").unlink()
    (docs / "kayes-note-final.txt").write_text(NOTE.replace("two cases", "three cases"), encoding="utf-8")
    index_again(docs, index_dir)
    assert the_id(index_dir) == doc_id
    after = opened(client, doc_id)
    assert after["prosecution-p1"].startswith("The regional court heard three cases")
    assert after["recruitment-p2"] == shown["recruitment-p2"]


def test_ids_are_kept_through_a_rebuild(archive_dirs, before):
    docs, index_dir = archive_dirs
    doc_id, shown, client = before
    (docs / "mali" / "kayes-note.txt").write_text(NOTE + "\nA closing line.\n", encoding="utf-8")
    update_index([docs], index_dir, workers=1, rebuild=True)
    assert the_id(index_dir) == doc_id


def test_an_id_the_document_no_longer_has_redirects_to_the_one_it_has(archive_dirs, before):
    docs, index_dir = archive_dirs
    old_id, shown, client = before
    path = docs / "mali" / "kayes-note.txt"
    # The note is now the Refworld page it was saved from: its own address names it.
    path.write_text(NOTE + "\nSource URL: https://www.refworld.org/docid/4e5f6a7b2.html\n", encoding="utf-8")
    index_again(docs, index_dir)
    assert the_id(index_dir) == "4e5f6a7b2"
    for address in (f"/documents/{old_id}?at=prosecution-p2&style=apa", f"/api/documents/{old_id}",
                    f"/api/documents/{old_id}/citation?at=recruitment-p1", f"/documents/{old_id}/text.txt"):
        response = client.get(address)
        assert response.status_code == 308, address
        assert response.headers["Location"] == address.replace(old_id, "4e5f6a7b2")
    assert opened(client, "4e5f6a7b2") == shown
    with open_archive(index_dir) as archive, pytest.raises(DocumentMoved) as moved:
        archive.document(old_id)
    assert moved.value.now == "4e5f6a7b2"


def test_a_chain_of_ids_redirects_in_one_step(archive_dirs, before):
    docs, index_dir = archive_dirs
    first_id, _, client = before
    path = docs / "mali" / "kayes-note.txt"
    for docid in ("4e5f6a7b2", "5a6b7c8d9"):
        path.write_text(NOTE + f"\nSource URL: https://www.refworld.org/docid/{docid}.html\n", encoding="utf-8")
        index_again(docs, index_dir)
    for old in (first_id, "4e5f6a7b2"):
        assert client.get(f"/documents/{old}").headers["Location"] == "/documents/5a6b7c8d9"


def test_a_document_removed_from_the_archive_is_named_in_its_not_found_page(archive_dirs, before):
    docs, index_dir = archive_dirs
    doc_id, shown, client = before
    (docs / "mali" / "kayes-note.txt").unlink()
    (docs / "other.txt").write_text("An unrelated memo about shelters in Gao.\n", encoding="utf-8")
    index_again(docs, index_dir)
    page = client.get(f"/documents/{doc_id}")
    assert page.status_code == 404
    text = page.get_data(as_text=True)
    assert shown["title"] in text and "kayes-note.txt" in text and "no longer in the archive" in text
    search = BeautifulSoup(text, "lxml").find("a", string=f"Search for “{shown['title']}”")
    assert search is not None and client.get(search["href"]).status_code == 200
    answer = client.get(f"/api/documents/{doc_id}")
    assert answer.status_code == 404 and shown["title"] in answer.get_json()["error"]["message"]
    never = client.get("/documents/0123456789abcdef")
    assert never.status_code == 404 and "No document with id" in never.get_data(as_text=True)


def test_a_document_put_back_takes_its_id_back(archive_dirs, before):
    docs, index_dir = archive_dirs
    doc_id, shown, client = before
    path = docs / "mali" / "kayes-note.txt"
    path.unlink()
    (docs / "other.txt").write_text("An unrelated memo about shelters in Gao.\n", encoding="utf-8")
    index_again(docs, index_dir)
    path.write_text(NOTE, encoding="utf-8")
    index_again(docs, index_dir)
    assert opened(client, doc_id) == shown
    ids = load_manifest(index_dir / read_current(index_dir)).ids
    assert doc_id not in ids.gone and doc_id not in ids.moved


def test_a_paragraph_link_of_the_former_anchor_numbering_opens_the_paragraph_it_named(tmp_path):
    docs, index_dir = tmp_path / "docs", tmp_path / "index"
    docs.mkdir()
    chapters = "".join(f"## {country} (Tier 2)\n\n### Prosecution\n\n{country} convicted few traffickers.\n\n"
                       for country in ("Mali", "Niger", "Chad"))
    (docs / "sahel.md").write_text(f"# Trafficking in the Sahel\n\nOverview.\n\n{chapters}", encoding="utf-8")
    update_index([docs], index_dir, workers=1)
    client = create_app({"INDEX_DIR": index_dir, "TESTING": True}).test_client()
    doc_id = the_id(index_dir)
    page = BeautifulSoup(client.get(f"/documents/{doc_id}?at=prosecution-2-p1").get_data(as_text=True), "lxml")
    cited = page.select_one(".para.cited")
    assert cited["id"] == "niger/prosecution-p1" and "Niger convicted" in cited.get_text()
    assert page.select_one(".notice") is None or "no section" not in page.select_one(".notice").get_text()
    api = client.get(f"/api/documents/{doc_id}/citation?at=prosecution-3-p1").get_json()
    assert "notice" not in api


def test_refsearch_show_of_an_id_the_document_no_longer_has_says_so_and_shows_it(archive_dirs, before, runner):
    docs, index_dir = archive_dirs
    old_id, shown, _ = before
    path = docs / "mali" / "kayes-note.txt"
    path.write_text(NOTE + "\nSource URL: https://www.refworld.org/docid/4e5f6a7b2.html\n", encoding="utf-8")
    index_again(docs, index_dir)
    result = runner.invoke(main, ["show", old_id, "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    assert f"Document {old_id} is now document 4e5f6a7b2" in result.stderr
    assert "Families paid a recruitment fee" in result.stdout
