"""Every Refworld address form yields the docid, type, publisher, country, year and language it carries."""
import pytest

from indexer.refworld_urls import find_refworld_url, parse_refworld_url

CASES = [
    ("http://www.refworld.org/docid/3ae6ab005c.html", dict(docid="3ae6ab005c")),
    ("https://www.refworld.org/cgi-bin/texis/vtx/rwmain?docid=484f9a312d", dict(docid="484f9a312d")),
    ("http://www.refworld.org/cgi-bin/texis/vtx/rwmain?page=topic&tocid=4565c22535&toid=4565c25f42b"
     "&publisher=&type=&coi=MLI&docid=4680d7f3c&skip=0", dict(docid="4680d7f3c", country_code="MLI")),
    ("http://www.refworld.org/cgi-bin/texis/vtx/rwmain?page=topic&tocid=4565c22535&toid=4565c25f42b"
     "&publisher=USDOS&type=&coi=MLI&docid=484f9a2ac&skip=0",
     dict(docid="484f9a2ac", country_code="MLI", publisher_code="USDOS")),
    ("https://www.refworld.org/cgi-bin/texis/vtx/rwmain/opendocpdf.pdf?reldoc=y&docid=60c3cf0b4",
     dict(docid="60c3cf0b4")),
    ("http://www.refworld.org/publisher,USDOS,,MLI,5b3e0addf,0.html",
     dict(docid="5b3e0addf", publisher_code="USDOS", country_code="MLI")),
    ("http://www.refworld.org/type,COUNTRYREP,USDOS,NGA,4b8e7a6f23,0.html",
     dict(docid="4b8e7a6f23", doc_type_code="COUNTRYREP", publisher_code="USDOS", country_code="NGA",
          doc_type="Country report")),
    ("http://www.refworld.org/country,,,COUNTRYREP,MLI,,4b8e7a72c,0.html",
     dict(docid="4b8e7a72c", doc_type_code="COUNTRYREP", country_code="MLI")),
    ("https://www.refworld.org/reference/annualreport/usdos/2003/en/26145",
     dict(new_site_id="26145", doc_type_code="annualreport", doc_type="Annual report",
          publisher_code="usdos", year=2003, language="en", docid=None)),
    ("https://www.refworld.org/reference/countryrep/amnesty/1997/fr/22296",
     dict(new_site_id="22296", doc_type="Country report", publisher_code="amnesty", year=1997,
          language="fr")),
    ("https://www.refworld.org/policy/countrypos/unhcr/2007/en/52516",
     dict(new_site_id="52516", doc_type="Country position", publisher_code="unhcr", year=2007)),
    ("https://webarchive.archive.unhcr.org/20240423022457mp_/https://www.refworld.org/docid/3ae6ab005c.html",
     dict(docid="3ae6ab005c", url="https://www.refworld.org/docid/3ae6ab005c.html")),
    ("refworld.org/docid/47036d562.html", dict(docid="47036d562")),
]


@pytest.mark.parametrize("url, expected", CASES)
def test_parse_refworld_url_reads_every_address_form(url, expected):
    address = parse_refworld_url(url)
    assert address is not None
    for name, value in expected.items():
        assert getattr(address, name) == value, name


@pytest.mark.parametrize("url", [
    "https://www.state.gov/j/tip/rls/tiprpt/2008/105387.htm",
    "https://www.refworld.org/search",
    "http://www.refworld.org/docid/nothex!!.html",
    "",
])
def test_addresses_without_a_document_give_none(url):
    assert parse_refworld_url(url) is None


def test_find_refworld_url_picks_the_address_out_of_a_citation():
    cite = ("UN General Assembly, Universal Declaration of Human Rights, 10 December 1948, 217 A (III), "
            "available at: http://www.refworld.org/docid/3ae6b3712c.html [accessed 26 April 2014]")
    assert find_refworld_url(cite) == "http://www.refworld.org/docid/3ae6b3712c.html"
