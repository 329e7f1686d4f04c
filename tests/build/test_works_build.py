"""One report saved as two files is one work: one record, one citation, listed once everywhere.

The shared corpus holds the 2024 Country Report on Mali as Markdown
(``hrr-2024/mali.md``, saved from the State Department's dated address) and as
a PDF (``pdf/mali-2024-human-rights-report.pdf``, dated by its report year
only); Nigeria's report is a different work beside them.
"""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from indexer.archive import open_archive
from indexer.build import update_index
from indexer.citations.formats import STYLES
from indexer.citations.lookup import lookup
from indexer.records import SearchRequest

MD, PDF, OTHER = "mali.md", "mali-2024-human-rights-report.pdf", "nigeria.md"


def _copy_reports(corpus: Path, folder: Path, names=(MD, PDF, OTHER)) -> Path:
    sources = {MD: corpus / "hrr-2024" / MD, PDF: corpus / "pdf" / PDF, OTHER: corpus / "hrr-2024" / OTHER}
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(sources[name], folder / name)
    return folder


@pytest.fixture(scope="module")
def work_index(tmp_path_factory, corpus_dir) -> Path:
    root = tmp_path_factory.mktemp("works")
    update_index([_copy_reports(corpus_dir, root / "docs")], root / "index", workers=1)
    return root / "index"


@pytest.fixture(scope="module")
def ids(work_index) -> dict[str, str]:
    """Each file's document id, by file name."""
    with open_archive(work_index) as archive:
        hits = archive.hits(SearchRequest(query="", per_page=100)).hits
        docs = [archive.document(h.id) for h in hits]
        return {Path(c.path).name: c.id for d in docs for c in (d.work.copies if d.work else ())} | \
            {Path(d.path).name: d.id for d in docs}


@pytest.fixture
def client(work_index):
    from webapp import create_app

    return create_app({"INDEX_DIR": work_index, "TESTING": True}).test_client()


def test_both_files_are_indexed_as_copies_of_one_work(work_index, ids):
    with open_archive(work_index) as archive:
        md, pdf = archive.document(ids[MD]), archive.document(ids[PDF])
        assert archive.count() == 3
    assert md.work is not None and md.work == pdf.work
    assert {c.kind for c in md.work.copies} == {"Markdown", "PDF"}


@pytest.fixture
def no_near_window(monkeypatch):
    """Searches find no near copies of their own (they look among the first 50 results only):
    what is listed once is so because the index holds one work, on any page."""
    monkeypatch.setattr("indexer.engine.searching.NEAR_WINDOW", 0)


@pytest.mark.parametrize("query", ["Mali", "human rights", ""])
def test_the_work_is_one_result_in_searches_and_the_listing_of_all_documents(work_index, query, no_near_window):
    with open_archive(work_index) as archive:
        results = archive.search(SearchRequest(query=query, sort="newest" if not query else "relevance"))
    malian = [h for h in results.hits if h.countries and h.countries[0].code == "MLI"]
    assert len(malian) == 1
    assert results.total == (1 if query == "Mali" else 2)
    assert dict((v.value, v.count) for v in results.facets["country"]).get("MLI") == 1


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_a_listing_by_date_shows_the_work_as_its_page(work_index, ids, sort):
    with open_archive(work_index) as archive:
        hits = archive.search(SearchRequest(sort=sort)).hits
    assert [h.id for h in hits if h.id in (ids[MD], ids[PDF])] == [ids[MD]]


def test_the_countrys_series_lists_the_work_once(work_index, ids):
    with open_archive(work_index) as archive:
        series = archive.series(archive.document(ids[PDF]))
    assert [d.id for d in series] == [ids[PDF]]   # from the PDF's page, the PDF stands for its work


def test_the_works_record_takes_each_field_from_the_copy_the_rules_name(work_index, ids):
    with open_archive(work_index) as archive:
        pdf = archive.document(ids[PDF])
    assert pdf.published == "2025-07"                 # the Markdown's dated address beats the report year
    assert pdf.published_source == "address"
    assert pdf.source_url and pdf.source_url.startswith("https://www.state.gov/")
    assert pdf.author == "U.S. Department of State"   # only the PDF names an author
    assert dict(pdf.work.sources)["published"] == ids[MD]
    assert dict(pdf.work.sources)["author"] == ids[PDF]


@pytest.mark.parametrize("style", STYLES)
def test_either_copys_page_gives_the_same_citation(client, ids, style):
    cited = [client.get(f"/api/documents/{ids[name]}/citation?style={style}").get_json()["citation"]
             for name in (MD, PDF)]
    assert cited[0] == cited[1]


def test_lookup_of_the_works_citation_lists_it_once(work_index, ids, client):
    citation = client.get(f"/api/documents/{ids[PDF]}/citation?style=chicago").get_json()["citation"]
    with open_archive(work_index) as archive:
        candidates = lookup(archive, citation, 5)
    malian = [c for c in candidates if c.id in (ids[MD], ids[PDF])]
    assert len(malian) == 1 and malian[0].verdict == "found"
    assert malian[0].id == ids[MD]   # the work's page


@pytest.mark.parametrize(("export", "count"), [
    ("/search.csv?q=Mali", lambda body: len(list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))) - 1),
    ("/search.json?q=Mali", lambda body: len(json.loads(body)["hits"])),
    ("/search.ris?q=Mali", lambda body: body.count("TY  - ")),
    ("/search.bib?q=Mali", lambda body: body.count("@techreport{")),
    ("/search.atom?q=Mali", lambda body: body.count("<entry>") + body.count("<ns0:entry>")),
])
def test_exports_and_the_feed_list_the_work_once(client, export, count, no_near_window):
    response = client.get(export)
    assert response.status_code == 200
    assert count(response.get_data(as_text=True)) == 1


def test_the_works_page_links_each_file_and_each_file_opens_with_its_own_text(client, ids):
    page = client.get(f"/documents/{ids[MD]}").get_data(as_text=True)
    assert "Also in this archive as:" in page
    assert f'href="/documents/{ids[PDF]}"' in page and ">PDF</a>" in page
    pdf_page = client.get(f"/documents/{ids[PDF]}")
    assert pdf_page.status_code == 200
    assert f'href="/documents/{ids[MD]}"' in pdf_page.get_data(as_text=True)
    texts = [client.get(f"/documents/{ids[name]}/text.txt").get_data(as_text=True) for name in (MD, PDF)]
    assert texts[0] != texts[1] and all("Mali" in text for text in texts)


def test_the_details_name_the_copy_each_field_came_from(client, ids):
    page = client.get(f"/documents/{ids[PDF]}").get_data(as_text=True)
    assert f"from the Markdown ({MD})" in page
    assert f"from the PDF ({PDF}), this file" in page


def test_the_api_shows_no_server_folder_of_the_works_copies(client, ids):
    work = client.get(f"/api/documents/{ids[PDF]}").get_json()["work"]
    assert sorted(c["path"] for c in work["copies"]) == sorted([MD, PDF])
    assert work["sources"]["published"] == ids[MD]


def test_an_index_whose_works_are_up_to_date_has_no_copy_to_write_again(work_index):
    from indexer.engine.works import regroup
    from indexer.store import generations

    folder = work_index / generations.live_generation(work_index)
    assert regroup(folder) == [] and regroup(folder, base=folder) == []


def test_a_copy_added_later_joins_the_work_and_leaves_it_when_removed(tmp_path, corpus_dir):
    docs, index = _copy_reports(corpus_dir, tmp_path / "docs", (PDF,)), tmp_path / "index"
    update_index([docs], index, workers=1)
    with open_archive(index) as archive:
        (alone,) = archive.hits(SearchRequest()).hits
        assert archive.document(alone.id).work is None and alone.published == "2025"
    _copy_reports(corpus_dir, docs, (MD,))
    update_index([docs], index, workers=1)
    with open_archive(index) as archive:
        assert archive.search(SearchRequest()).total == 1
        assert archive.document(alone.id).published == "2025-07"
    (docs / MD).unlink()
    update_index([docs], index, workers=1)
    with open_archive(index) as archive:
        again = archive.document(alone.id)
        assert again.work is None and again.published == "2025" and again.source_url is None


GHANA = ("refworld-old-ghana.html", "statedept-ghana.html", "ecoi-ghana-a.html", "typst-ghana.pdf",
         "chromium-statedept-ghana.pdf")


def test_one_report_from_five_producers_is_one_work_cited_by_its_refworld_record(tmp_path, corpus_dir):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in GHANA:
        shutil.copy(corpus_dir / "producers" / name, docs / name)
    update_index([docs], tmp_path / "index", workers=1)
    with open_archive(tmp_path / "index") as archive:
        results = archive.search(SearchRequest(query="Ghana"))
        shown = [archive.document(h.id) for h in results.hits]
        copies = [archive.document(c.id) for c in shown[0].work.copies] if shown[0].work else []
    assert results.total == 1 and len(copies) == len(GHANA)
    assert {(d.refworld_docid, d.published, d.published_source) for d in copies} == {("68a1b2c3d", "2025-08-12", "text")}
    assert {d.citation for d in copies} == {shown[0].citation} and "68a1b2c3d" in (shown[0].citation or "")
    assert shown[0].work.id == "68a1b2c3d"   # the Refworld page is the work's page


def test_a_snippet_of_the_markdown_copy_names_the_page_of_the_pdf_copy_where_its_passage_lies(work_index, ids):
    with open_archive(work_index) as archive:
        results = archive.search(SearchRequest(query="forced labor", snippets=3))
        [hit] = [h for h in results.hits if h.countries and h.countries[0].code == "MLI"]
        md, pdf = archive.document(ids[MD]), archive.document(ids[PDF])
    assert hit.id == ids[MD] and hit.pdf == ids[PDF]  # the Markdown copy ranks, the PDF's pages are named
    assert len(hit.pages) == len(hit.snippets) and all(hit.pages)
    ends = [*pdf.pages[1:], len(pdf.text)]
    for anchor, page, place in zip(hit.anchors, hit.pages, hit.places):
        assert place.startswith(f"p. {page},")
        paragraph = next(p for p in md.paragraphs if p.anchor == anchor)
        words = " ".join(md.text[paragraph.start:paragraph.end].split()[:6])
        on_page = " ".join(pdf.text[pdf.pages[page - 1]:ends[page - 1]].split())
        assert words in on_page, (anchor, page)


def test_the_results_page_links_the_pdf_copy_at_the_page_of_a_markdown_snippet(client, ids):
    hit = next(h for h in client.get("/api/search?q=forced+labor").get_json()["hits"] if h["id"] == ids[MD])
    html = client.get("/search?q=forced+labor").get_data(as_text=True)
    assert f'href="/documents/{ids[PDF]}/original.pdf#page={hit["pages"][0]}"' in html
