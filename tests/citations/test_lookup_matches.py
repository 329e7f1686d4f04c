"""Citation lookup by identifiers and addresses (docids, new-site ids, symbols, other
sites' addresses) found for certain, hand-typed citations, and the verdicts that rule
out another year or country."""
from __future__ import annotations

import pytest
from lookup_cases import archive as archive
from lookup_cases import example_lines
from lookup_cases import seed_id as seed_id

from indexer.archive import open_archive
from indexer.build import write_index
from indexer.citations.lookup import lookup
from indexer.errors import QueryError
from indexer.records import Country

RECORD_08 = "rec-08_old_tip2008_mali"


@pytest.mark.parametrize("text, doc_id, reason", [
    ("484f9a2ac", RECORD_08, "docid matches"),
    ("https://www.refworld.org/docid/484f9a2ac.html", RECORD_08, "docid matches"),
    ("http://www.refworld.org/cgi-bin/texis/vtx/rwmain?docid=484f9a2ac", RECORD_08, "docid matches"),
    ("http://www.refworld.org/cgi-bin/texis/vtx/rwmain/opendocpdf.pdf?reldoc=y&docid=484f9a2ac",
     RECORD_08, "docid matches"),
    ("http://www.refworld.org/publisher,USDOS,,MLI,484f9a2ac,0.html", RECORD_08, "docid matches"),
    ("http://www.refworld.org/type,ANNUALREPORT,USDOS,MLI,484f9a2ac,0.html", RECORD_08, "docid matches"),
    ("http://www.refworld.org/country,,,ANNUALREPORT,MLI,,484f9a2ac,0.html", RECORD_08, "docid matches"),
    ("https://webarchive.archive.unhcr.org/20240423022457mp_/https://www.refworld.org/docid/3ae6ab005c.html",
     "rec-10_old_irb_rir_1997_nigeria", "docid matches"),
    ("https://www.refworld.org/reference/annualreport/usdos/2003/en/26145",
     "rec-14_new_site_tip2003_nigeria", "new-site id matches"),
    ("26145", "rec-14_new_site_tip2003_nigeria", "new-site id matches"),
    ("refworld.org/policy/countrypos/unhcr/2007/en/52516",
     "rec-16_new_site_unhcr_eligibility_guidelines_2007_afghanistan", "new-site id matches"),
    ("NGA26574.E", "rec-10_old_irb_rir_1997_nigeria", "document symbol matches"),
    ("nga31045.e", "sym-nga31045-e", "document symbol matches"),
    ("HCR/GIP/02/01", "sym-hcr-gip-02-01", "document symbol matches"),
    ("217A(III)", "sym-217-a-iii", "document symbol matches"),
    ("UN General Assembly, Universal Declaration of Human Rights, 10 December 1948, 217 A (III), "
     "available at: http://www.refworld.org/docid/3ae6b3712c.html [accessed 26 April 2014]",
     "sym-217-a-iii", "document symbol matches"),
])
def test_identifiers_find_their_documents_for_certain(archive, text, doc_id, reason):
    found = lookup(archive, text)
    assert found[0].id == doc_id
    assert found[0].confidence == 1.0
    assert reason in found[0].reasons


def test_exact_identifier_is_more_certain_than_any_fuzzy_match(archive):
    exact = lookup(archive, "484f9a2ac")[0]
    fuzzy = lookup(archive, "United States Department of State, Trafficking in Persons Report "
                             "2008 - Mali, 4 June 2008")[0]
    assert exact.id == fuzzy.id == RECORD_08
    assert exact.confidence > fuzzy.confidence >= 0.9


def test_the_real_cite_as_strings_find_their_documents(archive, corpus_dir, seed_id):
    citations, _ = example_lines(corpus_dir)
    expected = {
        "Report 2008 - Mali": RECORD_08,
        "2004 Trafficking in Persons Report - Mali": seed_id,
        "2007 Trafficking in Persons Report - Mali": "tip2007mli",
        "2005 Trafficking in Persons Report - Nigeria": "tip2005nga",
        "NGA26574.E": "rec-10_old_irb_rir_1997_nigeria",
        "HCR/GIP/16/12": "sym-hcr-gip-16-12",
    }
    for marker, doc_id in expected.items():
        line = next(l for l in citations if marker in l)
        assert lookup(archive, line)[0].id == doc_id, line


@pytest.mark.parametrize("text, doc_id", [
    ("Trafficking in Persons Report 2009 - Mlai, June 16, 2009", "tip2009mli"),
    ("Trafficking in Persons Report 2009 - Niger", "tip2009ner"),
    ("Trafficking in Persons Report 2009 - Nigeria", "tip2009nga"),
    ("Trafficking in Persons Report 2011 - Guinea", "tip2011gin"),
    ("Trafficking in Persons Report 2011 - Equatorial Guinea", "tip2011gnq"),
    ("Traficking in Persons Report 2012 - Congo, Republic of the", "tip2012cog"),
    ("Nigeria: Information on whether the Nigerian embasy in Canada is closed, and if so, "
     "since when and why, 1997", "rec-10_old_irb_rir_1997_nigeria"),
    ("Nigeria: Treatment of returnees, including students, by the authorities at Lagos airport",
     "sym-nga31045-e"),
    ("Canada: Immigration and Refugee Board of Canada, Nigeria: Treatment of students returning "
     "from Canada, and whether the embassy in Ottawa issues travel documents, September 1997",
     "sym-nga27764-e"),
])
def test_hand_typed_citations_find_their_documents(archive, text, doc_id):
    found = lookup(archive, text)
    assert found[0].id == doc_id
    assert found[0].confidence < 1.0
    assert len(found) < 2 or found[1].confidence < found[0].confidence


def test_limit_bounds_the_candidates(archive):
    assert len(lookup(archive, "Trafficking in Persons Report - Mali", limit=4)) == 4
    assert len(lookup(archive, "Trafficking in Persons Report - Mali", limit=1)) == 1


def test_nothing_found_is_an_empty_answer(archive):
    assert lookup(archive, "Zebra quantum marmalade") == ()
    assert lookup(archive, "ffffffffff") == ()
    assert lookup(archive, "https://www.refworld.org/reference/annualreport/usdos/2003/en/99999") == ()


def test_empty_lookup_is_a_query_error(archive):
    with pytest.raises(QueryError):
        lookup(archive, "  ")


# ---- addresses beyond Refworld docids ---------------------------------------

@pytest.fixture(scope="module")
def small_archive(tmp_path_factory):
    from conftest import make_document as make

    docs = [
        make(id="state-2015-mali", title="Mali", published="2015-07-27",
             source_url="https://2009-2017.state.gov/j/tip/rls/tiprpt/countries/2015/243487.htm"),
        # Published in 2002, filed by the new site under 2003.
        make(id="new-2003", title="U.S. Department of State 2003 Trafficking in Persons Report - Nigeria",
             published="2002-12-30",
             source_url="https://www.refworld.org/reference/annualreport/usdos/2003/en/26145"),
        make(id="copy-a", title="Trafficking in Persons Report 2008 - Mali", refworld_docid="484f9a2ac"),
        make(id="copy-b", title="Some other page saved with the same docid", refworld_docid="484f9a2ac"),
    ]
    index_dir = tmp_path_factory.mktemp("small")
    write_index(index_dir, docs)
    with open_archive(index_dir) as opened:
        yield opened


@pytest.mark.parametrize("text, doc_id, reason", [
    ("https://2009-2017.state.gov/j/tip/rls/tiprpt/countries/2015/243487.htm",
     "state-2015-mali", "address matches"),
    ("See http://2009-2017.state.gov/j/tip/rls/tiprpt/countries/2015/243487.htm/ (Mali).",
     "state-2015-mali", "address matches"),
    ("https://www.refworld.org/reference/annualreport/usdos/2003/en/26145",
     "new-2003", "new-site id matches"),
])
def test_other_addresses_find_their_documents(small_archive, text, doc_id, reason):
    found = lookup(small_archive, text)
    assert found[0].id == doc_id
    assert found[0].confidence == 1.0
    assert found[0].reasons[0] == reason
    assert all(c.confidence < 1.0 for c in found[1:])


def test_documents_sharing_a_docid_are_ordered_by_the_rest_of_the_citation(small_archive):
    found = lookup(small_archive, "Trafficking in Persons Report 2008 - Mali, available at: "
                                   "https://www.refworld.org/docid/484f9a2ac.html")
    assert [c.id for c in found[:2]] == ["copy-a", "copy-b"]
    assert found[0].confidence == found[1].confidence == 1.0


def test_an_unknown_address_falls_back_on_the_rest_of_the_citation(archive):
    found = lookup(archive, "United States Department of State, Trafficking in Persons Report "
                             "2008 - Mali, 4 June 2008, available at: "
                             "https://www.refworld.org/docid/ffffffffff.html [accessed 1 May 2020]")
    assert found[0].id == RECORD_08
    assert 0.9 <= found[0].confidence < 1.0
    assert "docid matches" not in found[0].reasons


@pytest.mark.parametrize("text", [
    "http://2009-2017.state.gov/j/tip/rls/tiprpt/countries/2015/243487.htm",
    "https://www.2009-2017.STATE.gov/j/tip/rls/tiprpt/countries/2015/243487.htm/",
    "https://2009-2017.state.gov/j/tip/rls/tiprpt/countries/2015/243487.htm#prosecution",
])
def test_an_address_is_found_whatever_its_scheme_www_case_fragment_or_trailing_slash(small_archive, text):
    found = lookup(small_archive, text)
    assert [c.id for c in found if c.confidence == 1.0] == ["state-2015-mali"]


def test_addresses_are_looked_up_in_the_index_not_by_reading_stored_documents(small_archive,
                                                                              monkeypatch):
    """The address and new-site id are indexed fields: lookup asks the index for them
    instead of decoding every stored document."""
    def refuse(*args, **kwargs):
        raise AssertionError("lookup read every stored document")

    searcher = small_archive._searcher()  # the engine's own searcher, to catch a full scan
    monkeypatch.setattr(searcher, "all_stored_fields", refuse)
    assert lookup(small_archive, "https://2009-2017.state.gov/j/tip/rls/tiprpt/countries/2015/"
                                  "243487.htm")[0].id == "state-2015-mali"
    assert lookup(small_archive, "https://www.refworld.org/reference/annualreport/usdos/2003/en/"
                                  "26145")[0].id == "new-2003"
    assert searcher.doc_frequency("source_url", "2009-2017.state.gov/j/tip/rls/tiprpt/"
                                  "countries/2015/243487.htm") == 1
    assert searcher.doc_frequency("new_site_id", "26145") == 1


@pytest.mark.parametrize("text, doc_id", [
    ("Trafficking in Persons Report 2011 - Sengeal", "tip2011sen"),
    ("Trafficking in Persons Report 2011 - Mlai", "tip2011mli"),
    ("Trafficking in Persons Report 2013 - Burkina Fsao", "tip2013bfa"),
])
def test_a_mistyped_word_still_draws_its_document_into_a_small_pool(archive, monkeypatch, text, doc_id):
    """The candidate search reaches the words a typo nearly spells, so the document is
    among the few rescored even when many titles share every other rare word."""
    from indexer import config

    monkeypatch.setattr(config, "CITE_POOL", 3)
    assert lookup(archive, text)[0].id == doc_id


def test_an_author_named_where_the_publisher_goes_counts_as_agreement(small_archive):
    found = lookup(small_archive, "Office to Monitor and Combat Trafficking in Persons, "
                                   "Trafficking in Persons Report 2008 - Mali, 4 June 2008")
    assert found[0].id == "copy-a"
    assert "author matches" in found[0].reasons


def test_a_candidate_about_another_country_is_ruled_out_and_says_why(tmp_path):
    from conftest import make_document as make

    docs = [make(id=f"tip-2008-{code.lower()}", title=f"Trafficking in Persons Report 2008 - {name}",
                 countries=(Country(name, code),))
            for name, code in [("Algeria", "DZA"), ("Albania", "ALB"), ("Angola", "AGO")]]
    write_index(tmp_path, docs)
    with open_archive(tmp_path) as s:
        wrong_country = lookup(s, "Trafficking in Persons Report 2008 - Mali")
        right_country = lookup(s, "Trafficking in Persons Report 2008 - Algeria")
    assert wrong_country, "look-alike titles are still offered, as other documents of the series"
    assert all(c.verdict == "other" for c in wrong_country)
    assert all("not Mali" in " ".join(c.reasons) for c in wrong_country)
    assert right_country[0].id == "tip-2008-dza" and right_country[0].verdict == "found"
    assert max(c.confidence for c in wrong_country) < 0.5 <= right_country[0].confidence


@pytest.mark.parametrize("text, reason", [
    ("United States Department of State, Trafficking in Persons Report 2009 - Algeria, 16 June 2009",
     "another year of the series"),
    ("U.S. Department of State 2008 Trafficking in Persons Report - Morocco", "not Morocco"),
])
def test_another_year_or_country_of_an_annual_report_is_never_found(tmp_path, text, reason):
    from conftest import make_document as make

    docs = [make(id="tip-2008-dza", title="Trafficking in Persons Report 2008 - Algeria",
                 countries=(Country("Algeria", "DZA"),), published="2008-06-04", report_year=2008)]
    write_index(tmp_path, docs)
    with open_archive(tmp_path) as archive:
        found = lookup(archive, text)
    assert all(c.verdict == "other" for c in found)
    assert not found or reason in " ".join(found[0].reasons)


def test_a_missing_date_is_doubt_and_a_bare_word_is_too_little(tmp_path):
    from conftest import make_document as make

    docs = [make(id="undated", title="Trafficking in Persons Report - Mali", published=None, report_year=None),
            make(id="stub", title="Mali", countries=(Country("Mali", "MLI"),))]
    write_index(tmp_path, docs)
    with open_archive(tmp_path) as archive:
        dated = lookup(archive, "Trafficking in Persons Report - Mali, 4 June 2008")
        bare = lookup(archive, "Mali")
    assert dated[0].id == "undated" and dated[0].verdict != "found"
    assert "the document has no date to compare" in dated[0].reasons
    assert bare and bare[0].confidence <= 0.5 and bare[0].verdict == "nearest"


@pytest.fixture(scope="module")
def editions_archive(tmp_path_factory):
    from conftest import make_document as make

    docs = [
        make(id="hrr-2024", title="2024 Country Reports on Human Rights Practices: Mali",
             publisher="United States Department of State", published="2025-08-12", report_year=2024),
        make(id="guidelines-2007", publisher=None, published=None, report_year=None,
             title="UNHCR's Eligibility Guidelines for Assessing the International Protection Needs "
                   "of Afghan Asylum-Seekers",
             source_url="https://www.refworld.org/policy/countrypos/unhcr/2007/en/52516"),
    ]
    index_dir = tmp_path_factory.mktemp("editions")
    write_index(index_dir, docs)
    with open_archive(index_dir) as opened:
        yield opened


@pytest.mark.parametrize("text, doc_id", [
    # The 2023 edition, published in April 2024: the 2024 edition is another one.
    ("United States Department of State, Country Reports on Human Rights Practices: Mali, 22 April 2024",
     "hrr-2024"),
    # A later edition of guidelines the archive holds only as filed under 2007.
    ("UNHCR Eligibility Guidelines for Assessing the International Protection Needs of "
     "Asylum-Seekers from Afghanistan, 17 December 2009", "guidelines-2007"),
])
def test_a_citation_dated_another_year_is_another_edition_never_found_or_probable(editions_archive, text, doc_id):
    found = {c.id: c for c in lookup(editions_archive, text)}
    assert doc_id in found
    assert found[doc_id].verdict not in ("found", "probably")
    assert any("another edition" in reason for reason in found[doc_id].reasons)


def test_a_citation_dated_the_document_s_year_still_finds_it(editions_archive):
    found = lookup(editions_archive, "United States Department of State, 2024 Country Reports on Human "
                                     "Rights Practices: Mali, 12 August 2025")
    assert found[0].id == "hrr-2024" and found[0].verdict == "found"
