"""`refsearch index` learns each site's furniture while it reads, and keeps the index trimmed of it."""
from __future__ import annotations

import json

import pytest
from buildhelp import SITE_COUNTRIES as COUNTRIES
from buildhelp import table_site
from click.testing import CliRunner

from indexer.archive import open_archive
from indexer.build import update_index
from indexer.cli import main
from indexer.store.generations import read_current
from indexer.store.manifest import load_manifest
from tests.documents.test_furniture import table_page

BANNER = "Country Information Centre"
FOOTER = "Home | Search | Contact us | Copyright 2006"


def texts(index_dir) -> dict[str, str]:
    """Each indexed document's text, by file name."""
    with open_archive(index_dir) as archive:
        manifest = load_manifest(index_dir / read_current(index_dir))
        return {path.rsplit("/", 1)[-1]: archive.document(record.doc_id).text
                for path, record in manifest.records.items()}


@pytest.fixture
def site(tmp_path, monkeypatch):
    """Thirty pages of one table-layout site, read two at a time; the model is learned every two."""
    return table_site(tmp_path / "docs" / "centre", monkeypatch)


def test_the_index_holds_no_furniture_learned_from_the_archive(site, tmp_path):
    index_dir = tmp_path / "index"
    report = update_index([site.parent], index_dir, workers=1)
    assert len(report.added) == len(COUNTRIES)
    for n, country in enumerate(COUNTRIES):
        text = texts(index_dir)[f"{n:02d}-{country.lower()}.html"]
        assert BANNER not in text and "Copyright 2006" not in text
        assert text.startswith(f"Returnees to {country} were questioned on arrival in {2000 + n}.")
    with open_archive(index_dir) as archive:
        assert archive.count() == len(COUNTRIES)


def test_a_first_build_reads_again_only_what_it_read_before_it_knew_the_furniture(site, tmp_path):
    report = update_index([site.parent], tmp_path / "index", workers=1)
    # The first pages were read before three had shown the banner (and while the next
    # were already being read); the rest were trimmed as they were read.
    assert 0 < len(report.retrimmed) < len(COUNTRIES) // 2
    assert "read again for their site's learned furniture" in report.summary()


def test_a_new_page_of_a_known_site_is_trimmed_and_nothing_else_is_read(site, tmp_path):
    index_dir = tmp_path / "index"
    update_index([site.parent], index_dir, workers=1)
    (site / "40-niger.html").write_text(table_page("Eritrea", 41), encoding="utf-8")
    report = update_index([site.parent], index_dir, workers=1)
    assert report.added == [str((site / "40-niger.html").resolve())]
    assert report.retrimmed == []
    assert texts(index_dir)["40-niger.html"].startswith("Returnees to Eritrea")


def test_a_line_that_stops_repeating_comes_back_into_the_documents_that_have_it(site, tmp_path):
    index_dir = tmp_path / "index"
    update_index([site.parent], index_dir, workers=1)
    for page in sorted(site.iterdir())[2:]:
        page.unlink()
    report = update_index([site.parent], index_dir, workers=1)
    assert len(report.removed) == len(COUNTRIES) - 2
    # Two pages are too few for a line to be furniture: both are read again, whole.
    assert len(report.retrimmed) == 2
    for text in texts(index_dir).values():
        assert BANNER in text and FOOTER in text


def test_the_manifest_keeps_what_was_learned_for_the_next_build(site, tmp_path):
    index_dir = tmp_path / "index"
    update_index([site.parent], index_dir, workers=1)
    manifest = load_manifest(index_dir / read_current(index_dir))
    [(site_name, learned)] = manifest.furniture["sites"].items()
    assert site_name.startswith("layout:html:") and len(learned) >= 2
    assert all(record.site == site_name and record.edges for record in manifest.records.values())
    # An unchanged archive is not read again at all.
    report = update_index([site.parent], index_dir, workers=1)
    assert report.retrimmed == [] and len(report.unchanged) == len(COUNTRIES)


def test_search_no_longer_finds_a_page_by_its_furniture(site, tmp_path):
    index_dir = tmp_path / "index"
    update_index([site.parent], index_dir, workers=1)
    runner = CliRunner()
    result = runner.invoke(main, ["search", "--index", str(index_dir), "--json", '"contact us"'])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["total"] == 0
    result = runner.invoke(main, ["search", "--index", str(index_dir), "--json", "questioned airport"])
    assert json.loads(result.output)["total"] == len(COUNTRIES)


# ---- a web page printed to PDF beside the site's HTML pages ------------------------------------------

SITE = "https://www.example.gov/reports/"
MENU = "Skip to content Zephyrmenu Home Countries Topics Press Contact"
FOOTNOTE_OF_SITE = "This site is managed by the Bureau of Quillfoot Affairs"


def site_page(country: str) -> str:
    return (f"<html><head><title>{country} - Example Office</title><link rel='canonical' href='{SITE}{country.lower()}/'>"
            f"</head><body><header>{MENU}</header><nav>Countries Topics Press</nav><main><h1>{country} report</h1>"
            f"<p>The report on {country} says the courts heard cases of forced labour.</p></main>"
            f"<footer>{FOOTNOTE_OF_SITE}</footer></body></html>")


def chromium_print(country: str) -> bytes:
    """The page as Chromium's "Save as PDF" prints it: the page's text, menus and footer included,
    the date and title at the head of each page and the address and counter at its foot."""
    from pdf_maker import Text, make_pdf

    url = f"{SITE}{country.lower()}/"
    pages = []
    for n in (1, 2):
        body = [Text(f"Line {k} of page {n} of the printed report on {country} names the quokkaword office",
                     680 - 13 * k) for k in range(4)]
        edge = ([Text(MENU, 730), Text(f"{country} report", 712, 14, bold=True)] if n == 1
                else [Text(FOOTNOTE_OF_SITE, 500)])
        pages.append([Text("12/7/26, 10:00 AM", 770, 8), Text(f"{country} - Example Office", 770, 8, x=300),
                      Text(url, 20, 8), Text(f"{n}/2", 20, 8, x=560), *edge, *body])
    return make_pdf(pages)


@pytest.fixture
def printed_site(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for country in ("Mali", "Niger", "Chad"):
        (folder / f"{country.lower()}.html").write_text(site_page(country), encoding="utf-8")
    (folder / "mali-print.pdf").write_bytes(chromium_print("Mali"))
    return folder


def found_paths(index_dir, query: str) -> set[str]:
    from indexer.records import SearchRequest

    with open_archive(index_dir) as archive:
        hits = archive.search(SearchRequest(query=query, per_page=50)).hits
        return {archive.document(h.id).path.rsplit("/", 1)[-1] for h in hits}


@pytest.mark.parametrize("word", ["zephyrmenu", "quillfoot"])
def test_the_index_removes_the_site_s_furniture_from_its_pdf_print(printed_site, tmp_path, word):
    update_index([printed_site], tmp_path / "index", workers=1)
    assert found_paths(tmp_path / "index", word) == set()


def test_the_body_of_a_pdf_print_is_indexed(printed_site, tmp_path):
    update_index([printed_site], tmp_path / "index", workers=1)
    assert found_paths(tmp_path / "index", "quokkaword") == {"mali-print.pdf"}
    assert "Line 3 of page 2 of the printed report on Mali" in texts(tmp_path / "index")["mali-print.pdf"]


def test_a_print_added_to_an_indexed_site_is_trimmed_of_its_furniture(printed_site, tmp_path):
    (printed_site / "mali-print.pdf").rename(tmp_path / "later.pdf")
    update_index([printed_site], tmp_path / "index", workers=1)
    (tmp_path / "later.pdf").rename(printed_site / "mali-print.pdf")
    update_index([printed_site], tmp_path / "index", workers=1)   # the HTML pages are not read again
    assert found_paths(tmp_path / "index", "zephyrmenu") == set()
    assert found_paths(tmp_path / "index", "quokkaword") == {"mali-print.pdf"}
