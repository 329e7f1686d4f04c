"""An abbreviated citation ("USDOS, TIP Report 2008: Mali") finds its document, found or
probably; an abbreviated citation of a document the archive does not hold, or of another
year of a series it holds, is never found. The acronyms are read from each candidate's own
title, publisher and author, not from a list."""
from __future__ import annotations

import pytest
from lookup_cases import archive as archive
from lookup_cases import seed_id as seed_id

from indexer import config
from indexer.citations.acronyms import expand
from indexer.citations.lookup import lookup

RECORD_08 = "rec-08_old_tip2008_mali"


@pytest.mark.parametrize("text, doc_id", [
    ("USDOS, TIP Report 2008: Mali", RECORD_08),
    ("US DOS, TIP Report 2004 - Nigeria, 14 June 2004", "rec-02_old_tip2004_nigeria"),
    ("USDOS, TIP Report 2011 - Senegal", "tip2011sen"),
    ("IRB, Nigeria: Information on whether the Nigerian embassy in Canada is closed, 1997",
     "rec-10_old_irb_rir_1997_nigeria"),
])
def test_an_abbreviated_real_citation_is_found_or_probably(archive, text, doc_id):
    first = lookup(archive, text)[0]
    assert first.id == doc_id
    assert first.verdict in ("found", "probably")


def test_the_abbreviated_seed_citation_reads_its_acronyms_as_the_documents_words(archive, seed_id):
    first = lookup(archive, "USDOS, TIP Report 2004: Mali, 14 June 2004")[0]
    assert (first.id, first.verdict) == (seed_id, "found")
    assert "abbreviations read as the document's own words" in first.reasons


@pytest.mark.parametrize("text", [
    "USDOS, TIP Report 2008: Mauritania",
    "HRW, World Report 2024: Mali",
    "UNHCR, Eligibility Guidelines for Assessing the Protection Needs of Asylum-Seekers from Eritrea",
])
def test_an_abbreviated_citation_of_a_document_not_held_is_not_found(archive, text):
    assert all(c.verdict not in ("found", "probably") for c in lookup(archive, text))


@pytest.mark.parametrize("text", ["USDOS, TIP Report 2016: Mali", "USDOS, TIP Report 2009: Mauritania"])
def test_an_abbreviated_citation_of_another_year_or_country_is_never_found(archive, text):
    assert all(c.verdict in ("other", "nearest") for c in lookup(archive, text))


def test_abbreviated_and_absent_citations_are_far_apart_in_confidence(archive):
    held = lookup(archive, "USDOS, TIP Report 2008: Mali")[0].confidence
    absent = max(c.confidence for text in ("USDOS, TIP Report 2008: Mauritania", "HRW, World Report 2024: Mali")
                 for c in lookup(archive, text))
    assert held >= config.CITE_PROBABLY > absent


@pytest.mark.parametrize("cited, names, expected", [
    ("TIP Report 2004: Mali", ("U.S. Department of State 2004 Trafficking in Persons Report - Mali",),
     "Trafficking in Persons Report 2004: Mali"),
    ("USDOS", ("Trafficking in Persons Report", "United States Department of State"),
     "United States Department of State"),
    ("UNHCR", ("UN High Commissioner for Refugees",), "UN High Commissioner for Refugees"),
    ("IRB", ("Canada: Immigration and Refugee Board of Canada",), "Immigration and Refugee Board"),
    ("TIP Report 2008 - MALI", ("Trafficking in Persons Report 2008 - Mali",),
     "Trafficking in Persons Report 2008 - MALI"),
    ("UN General Assembly", ("UN General Assembly",), "UN General Assembly"),
    ("HRW, World Report", ("Trafficking in Persons Report 2008 - Mali",), "HRW, World Report"),
])
def test_an_acronym_becomes_the_words_of_the_name_that_spells_it(cited, names, expected):
    assert expand(cited, *names) == expected
