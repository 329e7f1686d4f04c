"""The original PDF one click away, at the cited page: served inline and safely, linked from the
document's header, from the page markers of its reading view, from a paragraph's passage panel
and from a search hit's snippet; never a file outside the archive."""
from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import make_document
from paged_report import write_report

from indexer.archive import open_archive
from indexer.build import update_index, write_index
from webapp import create_app
from webapp.originals import download_names
from webapp.security import CONTENT_SECURITY_POLICY

NAME = "Côte report.pdf"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("originals")
    pdf = write_report(root / "archive" / NAME)
    update_index([root / "archive"], root / "index", workers=1)
    return root, pdf


@pytest.fixture
def client(built):
    return create_app({"INDEX_DIR": built[0] / "index", "TESTING": True}).test_client()


@pytest.fixture
def doc_id(client) -> str:
    [hit] = client.get("/api/search?q=betaword").get_json()["hits"]
    return hit["id"]


def page_soup(client, address: str) -> BeautifulSoup:
    response = client.get(address)
    assert response.status_code == 200
    return BeautifulSoup(response.get_data(as_text=True), "lxml")


def test_the_original_is_served_inline_as_a_pdf_the_browser_never_sniffs(client, doc_id, built):
    response = client.get(f"/documents/{doc_id}/original.pdf")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"] == \
        "inline; filename=\"Cote_report.pdf\"; filename*=UTF-8''C%C3%B4te%20report.pdf"
    assert response.data == built[1].read_bytes()


def test_only_the_pdf_response_allows_the_browser_s_pdf_viewer(client, doc_id):
    policy = client.get(f"/documents/{doc_id}/original.pdf").headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["object-src"] == "'self'" and directives["default-src"] == "'none'"
    assert "script-src" not in directives  # no script of any origin: default-src 'none'
    assert client.get(f"/documents/{doc_id}").headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "object-src 'none'" in CONTENT_SECURITY_POLICY


@pytest.mark.parametrize(("name", "ascii_name", "quoted"), [
    ("mali.pdf", "mali.pdf", "mali.pdf"),
    ("Côte d'Ivoire 2024.pdf", "Cote_d_Ivoire_2024.pdf", "C%C3%B4te%20d%27Ivoire%202024.pdf"),
    ('a"b;c\\d.pdf', "a_b_c_d.pdf", "a%22b%3Bc%5Cd.pdf"),
    ("تقرير.pdf", "original.pdf", "%D8%AA%D9%82%D8%B1%D9%8A%D8%B1.pdf"),
    ("report.PDF", "report.pdf", "report.PDF"),
])
def test_the_file_name_is_plain_ascii_with_the_exact_name_beside_it(name, ascii_name, quoted):
    assert download_names(Path(name)) == (ascii_name, quoted)


def test_the_document_header_opens_the_original_at_page_one(client, doc_id):
    link = page_soup(client, f"/documents/{doc_id}").select_one("p.original a")
    assert link["href"] == f"/documents/{doc_id}/original.pdf#page=1"


def test_each_page_of_the_original_begins_with_a_marker_linking_to_that_page(client, doc_id):
    text = page_soup(client, f"/documents/{doc_id}").select_one(".text-body")
    markers = text.select("div.page-start")
    assert [m["id"] for m in markers] == ["page-1", "page-2", "page-3"]
    for number, marker in enumerate(markers, start=1):
        assert marker.get_text(" ", strip=True).startswith(f"Page {number}")
        assert marker.a["href"] == f"/documents/{doc_id}/original.pdf#page={number}"
        first = marker.find_next_sibling(class_=["section-heading", "para"])
        assert first.get_text(" ", strip=True).startswith(f"Section {number}.")


def test_a_paragraph_s_passage_panel_opens_the_original_at_its_page(client, doc_id):
    panel = page_soup(client, f"/documents/{doc_id}?at=s2-p2").select_one("#passage-panel")
    link = panel.select_one(".passage-original a")
    assert link["href"] == f"/documents/{doc_id}/original.pdf#page=2"
    assert "page 2" in link.get_text(" ", strip=True)
    data = client.get(f"/api/documents/{doc_id}/citation?at=s3-p1").get_json()
    assert (data["page"], data["original"]) == (3, f"/documents/{doc_id}/original.pdf#page=3")


@pytest.mark.parametrize(("word", "page"), [("alphaword", 1), ("betaword", 2), ("gammaword", 3)])
def test_a_search_hit_links_the_original_at_the_page_of_its_snippet(client, doc_id, word, page):
    [hit] = client.get(f"/api/search?q={word}&snippets=3").get_json()["hits"]
    assert hit["pdf"] == doc_id and page in hit["pages"]
    html = client.get(f"/search?q={word}").get_data(as_text=True)
    assert f'href="/documents/{doc_id}/original.pdf#page={page}"' in html


def test_a_document_without_pages_has_no_markers_and_no_original(tmp_path):
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "note.md").write_text("# A note\n\nThe deltaword office reported.\n")
    update_index([tmp_path / "archive"], tmp_path / "index", workers=1)
    client = create_app({"INDEX_DIR": tmp_path / "index", "TESTING": True}).test_client()
    [hit] = client.get("/api/search?q=deltaword").get_json()["hits"]
    page = page_soup(client, f"/documents/{hit['id']}")
    assert page.select("div.page-start") == [] and page.select("p.original") == []
    assert client.get(f"/documents/{hit['id']}/original.pdf").status_code == 404


# ---- never a file outside the archive --------------------------------------------------------------

def test_a_stored_path_outside_the_archive_folders_is_never_served(tmp_path):
    outside = write_report(tmp_path / "elsewhere" / "secret.pdf")
    doc = make_document(id="outside", path=str(outside), text="The secretword office reported.",
                        sha256=hashlib.sha256(outside.read_bytes()).hexdigest(), pages=(0,))
    write_index(tmp_path / "index", [doc])   # an index that names no folder: the default sources
    client = create_app({"INDEX_DIR": tmp_path / "index", "TESTING": True}).test_client()
    assert client.get("/documents/outside/original.pdf").status_code == 404
    page = page_soup(client, "/documents/outside")
    assert page.select("p.original") == [] and "original.pdf" not in str(page)


def _indexed_copy(root, tmp_path):
    """A copy of the built archive in ``tmp_path``, indexed, and a client of its index."""
    archive = tmp_path / "archive"
    shutil.copytree(root / "archive", archive)
    update_index([archive], tmp_path / "index", workers=1)
    return archive, create_app({"INDEX_DIR": tmp_path / "index", "TESTING": True}).test_client()


def test_a_link_put_in_place_of_the_original_leading_out_of_the_archive_is_not_followed(built, tmp_path):
    root, pdf = built
    archive, client = _indexed_copy(root, tmp_path)
    [hit] = client.get("/api/search?q=betaword").get_json()["hits"]
    address = f"/documents/{hit['id']}/original.pdf"
    assert client.get(address).status_code == 200
    outside = tmp_path / "outside.pdf"
    shutil.copy(archive / NAME, outside)  # the very bytes indexed, but outside the archive
    (archive / NAME).unlink()
    os.symlink(outside, archive / NAME)
    response = client.get(address)
    assert response.status_code == 404
    assert "refsearch index" in response.get_data(as_text=True)


def test_a_link_inside_the_archive_to_a_file_inside_it_is_served(built, tmp_path):
    root, _ = built
    archive = tmp_path / "archive"
    shutil.copytree(root / "archive", archive)
    (archive / "kept").mkdir()
    os.replace(archive / NAME, archive / "kept" / "report.pdf")
    os.symlink(archive / "kept" / "report.pdf", archive / NAME)
    update_index([archive], tmp_path / "index", workers=1)
    client = create_app({"INDEX_DIR": tmp_path / "index", "TESTING": True}).test_client()
    ids = {h["id"] for h in client.get("/api/search?q=betaword").get_json()["hits"]}
    assert ids and all(client.get(f"/documents/{i}/original.pdf").status_code == 200 for i in ids)


def test_a_marker_names_its_page_without_a_link_when_the_original_cannot_be_served(built, tmp_path):
    root, _ = built
    archive, client = _indexed_copy(root, tmp_path)
    [hit] = client.get("/api/search?q=betaword").get_json()["hits"]
    (archive / NAME).unlink()
    markers = page_soup(client, f"/documents/{hit['id']}").select("div.page-start")
    assert [m.get_text(strip=True) for m in markers] == ["Page 1", "Page 2", "Page 3"]
    assert all(m.a is None for m in markers)
    assert re.search(r"original\.pdf", str(page_soup(client, f"/documents/{hit['id']}").select_one("article"))) is None


def test_a_pdf_in_the_project_s_own_archive_folder_is_served(tmp_path, monkeypatch):
    monkeypatch.setattr("indexer.config.PROJECT_ROOT", tmp_path)  # its documents are named relative to it
    write_report(tmp_path / "archive" / "documents" / "report.pdf")
    update_index([tmp_path / "archive" / "documents"], tmp_path / "index", workers=1)
    client = create_app({"INDEX_DIR": tmp_path / "index", "TESTING": True}).test_client()
    [hit] = client.get("/api/search?q=betaword").get_json()["hits"]
    with open_archive(tmp_path / "index") as archive:
        assert archive.document(hit["id"]).path == "archive/documents/report.pdf"
    assert client.get(f"/documents/{hit['id']}/original.pdf").status_code == 200
    assert page_soup(client, f"/documents/{hit['id']}").select_one("p.original a")["href"].endswith("#page=1")
