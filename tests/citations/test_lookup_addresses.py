"""An address written another way than the one a document was saved from still finds it:
another scheme or host form, a fragment, a trailing slash, a folder's default page, a
web-archive capture, tracking parameters, a mirror; parameters that name the document are
kept. The documents are the corpus's 2024 Country Reports, saved from state.gov."""
from __future__ import annotations

import pytest
from conftest import make_document

from indexer import config
from indexer.addresses import canonical, lookup_keys, unwrapped
from indexer.archive import open_archive
from indexer.build import write_index
from indexer.citations.lookup import lookup

ERITREA = "https://www.state.gov/wp-content/uploads/2025/07/62451_ERITREA-2024-HUMAN-RIGHTS-REPORT.pdf"


@pytest.fixture(scope="module")
def reports(corpus_dir):
    from indexer.documents.reader import read_document

    folder = corpus_dir / "hrr-2024-more"
    return {p.stem: read_document(p) for p in sorted(folder.glob("*.md")) if p.stem != "PROVENANCE"}


@pytest.fixture(scope="module")
def archive(tmp_path_factory, reports):
    made = [
        make_document(id="by-id", title="A page named by its id", text="Page twelve.",
                      source_url="https://www.example.org/show.php?id=12&lang=en"),
        make_document(id="tracked", title="Saved with a tracking tag", text="A tracked page.",
                      source_url="https://www.example.org/news/item.html?utm_source=feed"),
        make_document(id="default-page", title="Saved by its default page", text="A folder page.",
                      source_url="http://example.net/reports/2019/index.html"),
    ]
    folder = tmp_path_factory.mktemp("addresses")
    write_index(folder, [*reports.values(), *made])
    with open_archive(folder) as opened:
        yield opened


def test_the_reports_were_saved_from_the_address_the_variants_start_from(reports):
    assert reports["eritrea"].source_url == ERITREA


@pytest.mark.parametrize("text", [
    ERITREA.replace("https://www.", "http://"),
    ERITREA + "?utm_source=newsletter&utm_medium=email",
    ERITREA + "?fbclid=IwAR0abc&gclid=xyz",
    ERITREA + "#page=12",
    ERITREA + "/",
    "https://web.archive.org/web/20250801000000/" + ERITREA,
    "https://web.archive.org/web/20250801000000id_/" + ERITREA.replace("https://", "http://"),
    f"See {ERITREA}?utm_campaign=hrr2024.",
])
def test_an_address_written_another_way_finds_its_document_for_certain(archive, reports, text):
    found = lookup(archive, text)
    assert [c.id for c in found if c.confidence == 1.0] == [reports["eritrea"].id]
    assert found[0].reasons[0] == "address matches"


def test_a_parameter_that_names_the_document_is_kept(archive):
    assert lookup(archive, "https://example.org/show.php?lang=en&id=12&utm_source=x")[0].id == "by-id"
    assert lookup(archive, "https://example.org/show.php?id=13&lang=en") == ()


def test_a_document_saved_with_a_tracking_tag_is_found_by_its_clean_address(archive):
    found = lookup(archive, "https://example.org/news/item.html")
    assert (found[0].id, found[0].confidence) == ("tracked", 1.0)


@pytest.mark.parametrize("text", ["https://example.net/reports/2019/", "example.net/reports/2019/index.htm"])
def test_a_folder_and_its_default_page_are_one_address(archive, text):
    found = lookup(archive, "https://" + text if "://" not in text else text)
    assert (found[0].id, found[0].confidence) == ("default-page", 1.0)


def test_the_same_path_on_another_host_is_found_as_a_mirror(archive, reports):
    mirror = ERITREA.replace("www.state.gov", "2021-2025.state.gov")
    first = lookup(archive, mirror)[0]
    assert (first.id, first.verdict, first.confidence) == (reports["eritrea"].id, "found", config.CITE_MIRROR)
    assert "another host (state.gov)" in first.reasons[0]


def test_a_short_path_on_another_host_is_only_probable(archive):
    first = lookup(archive, "https://mirror.example.com/reports/2019/")[0]
    assert (first.id, first.verdict, first.confidence) == ("default-page", "probably", config.CITE_MIRROR_SHORT)


@pytest.mark.parametrize("text", [
    ERITREA.replace("ERITREA", "KENYA") + "?utm_source=newsletter",
    "https://state.gov/?utm_source=newsletter",
    "https://www.state.gov/",
])
def test_an_address_of_a_document_not_held_finds_nothing(archive, text):
    assert lookup(archive, text) == ()


@pytest.mark.parametrize("url, expected", [
    ("https://web.archive.org/web/20200101000000/https://www.state.gov/a/b.pdf", "https://www.state.gov/a/b.pdf"),
    ("https://webarchive.archive.unhcr.org/20240423022457mp_/https://www.refworld.org/docid/3ae6ab005c.html",
     "https://www.refworld.org/docid/3ae6ab005c.html"),
    ("https://www.state.gov/a/b.pdf", "https://www.state.gov/a/b.pdf"),
])
def test_a_web_archive_capture_is_read_as_the_address_it_holds(url, expected):
    assert unwrapped(url) == expected


@pytest.mark.parametrize("a, b", [
    ("http://www.example.org/a/?utm_source=x&id=3#top", "https://example.org/a/index.html?id=3"),
    ("https://m.example.org/a?b=2&a=1", "example.org/a?a=1&b=2"),
])
def test_addresses_of_one_document_have_one_canonical_form(a, b):
    assert canonical(a) == canonical(b)


def test_another_identifying_parameter_is_another_document():
    assert canonical("https://example.org/show.php?id=12") != canonical("https://example.org/show.php?id=13")


def test_the_address_as_written_is_asked_for_first():
    assert lookup_keys("https://www.example.org/a/?utm_source=x")[0] == "example.org/a/?utm_source=x"
