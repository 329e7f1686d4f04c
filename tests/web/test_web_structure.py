"""A long report as a lawyer cites it: contents, the section of each snippet, a link straight to
the paragraph, and a citation of that paragraph in every style; PDFs by page."""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from indexer.archive import open_archive
from indexer.build import update_index
from indexer.citations.formats import STYLES
from indexer.request import parse_request
from webapp import create_app


@pytest.fixture(scope="module")
def structured_index(corpus_dir, tmp_path_factory):
    folder = tmp_path_factory.mktemp("structured")
    documents = folder / "documents"
    documents.mkdir()
    for name in ("mali.md", "nigeria.md"):
        (documents / name).write_bytes((corpus_dir / "hrr-2024" / name).read_bytes())
    (documents / "eritrea.pdf").write_bytes((corpus_dir / "pdf" / "eritrea-2024-human-rights-report.pdf").read_bytes())
    update_index([documents], folder / "index", workers=1)
    return folder / "index"


@pytest.fixture(scope="module")
def client(structured_index):
    return create_app({"INDEX_DIR": structured_index, "TESTING": True}).test_client()


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.get_data(as_text=True), "lxml")


def mali_id(structured_index) -> str:
    with open_archive(structured_index) as archive:
        return next(h.id for h in archive.search(parse_request({"q": "Mali"})).hits
                    if h.title and "Mali" in h.title)


def test_search_results_name_the_section_of_each_snippet_and_link_to_its_paragraph(client):
    page = soup(client.get("/search?q=forced+labor"))
    places = page.select(".hit .place a")
    assert places, "snippets say where they are"
    assert all(re.search(r"section [\w.]+|para\. \d+|p\. \d+", a.get_text()) for a in places)
    href = places[0]["href"]
    assert "at=" in href and href.split("#", 1)[1] in href.split("at=", 1)[1]
    target = soup(client.get(href.split("#")[0]))
    anchor = href.split("#", 1)[1]
    assert target.select_one(f'[id="{anchor}"]') is not None
    panel = target.select_one("#passage-panel")
    assert "Cite this passage" in panel.select_one("#passage-title").get_text()
    assert panel.find_previous_sibling()["id"] == anchor  # right under the paragraph it cites


def test_a_document_page_has_contents_linking_to_its_sections(client, structured_index):
    page = soup(client.get(f"/documents/{mali_id(structured_index)}"))
    entries = page.select("nav.contents a")
    assert len(entries) >= 5
    for entry in entries[:5]:
        anchor = entry["href"].split("#", 1)[1]
        assert page.select_one(f'[id="{anchor}"]') is not None or "part=" in entry["href"]


@pytest.mark.parametrize("style", STYLES)
def test_a_paragraph_is_cited_in_every_style_with_its_locator_in_the_in_text_forms(client, structured_index, style):
    """The passage panel shows the style's in-text forms, which carry the paragraph, and its
    reference entry, which names the work alone (the data records keep it as a note); the
    page and the API say the same."""
    doc_id = mali_id(structured_index)
    page = soup(client.get(f"/documents/{doc_id}"))
    link = page.select_one(".para a.para-link")
    anchor = link["href"].split("#", 1)[1]
    cited = soup(client.get(link["href"].split("#")[0] + f"&style={style}"))
    panel = cited.select_one("#passage-panel")
    in_text = [p.get_text() for p in panel.select(".citation.in-text")]
    reference = panel.select_one("#passage-reference").get_text()
    assert all(re.search(r"para\. \d+|para\.~\d+|\"paragraph\"", form) for form in in_text), in_text
    assert bool(in_text) == (style != "ris")
    assert bool(re.search(r"para\. \d+", reference)) == (style in ("bibtex", "ris", "csl-json"))
    api = client.get(f"/api/documents/{doc_id}/citation?style={style}&at={anchor}").get_json()
    assert api["citation"] == reference
    assert [form["text"] for form in api["in_text"]] == in_text
    assert api["pinpoint"] in panel.select_one("#passage-title").get_text()


def test_a_pdf_is_searchable_and_its_snippets_say_the_page(structured_index):
    with open_archive(structured_index) as archive:
        hits = archive.search(parse_request({"q": "Eritrea national service"})).hits
        pdf = next(h for h in hits if h.title and "Eritrea" in h.title)
        assert any(place.startswith("p. ") for place in pdf.places)


def test_paragraph_anchors_survive_reindexing_after_an_edit_elsewhere(corpus_dir, tmp_path):
    source = tmp_path / "docs"
    source.mkdir()
    report = source / "mali.md"
    text = (corpus_dir / "hrr-2024" / "mali.md").read_text(encoding="utf-8")
    report.write_text(text, encoding="utf-8")
    update_index([source], tmp_path / "index", workers=1)
    with open_archive(tmp_path / "index") as archive:
        (hit,) = archive.search(parse_request({"q": "Mali", "per_page": "1"})).hits
        before = archive.document(hit.id)
    # An edit near the end of the report: every paragraph before it keeps its address.
    edited = text.rstrip() + "\n\nA paragraph added by a later edit of the report.\n"
    report.write_text(edited, encoding="utf-8")
    update_index([source], tmp_path / "index", workers=1)
    with open_archive(tmp_path / "index") as archive:
        (hit,) = archive.search(parse_request({"q": "Mali", "per_page": "1"})).hits
        after = archive.document(hit.id)
    old = {p.anchor: before.text[p.start:p.end] for p in before.paragraphs}
    new = {p.anchor: after.text[p.start:p.end] for p in after.paragraphs}
    assert len(old) >= 10 and len(new) == len(old) + 1
    assert all(new[anchor] == paragraph for anchor, paragraph in old.items())
