"""Country names, aliases, demonyms and codes all resolve to one Country."""
from __future__ import annotations

import csv
from collections import Counter

import pytest

from indexer.countries import (
    DEMONYMS,
    SHARED_DEMONYMS,
    by_code,
    by_demonym,
    countries_in,
    lookup,
    normalise,
    search_terms,
)
from indexer.records import Country


@pytest.mark.parametrize("name, code", [
    ("Mali", "MLI"), ("MALI", "MLI"), ("mali", "MLI"),
    ("Burma", "MMR"), ("Myanmar", "MMR"),
    ("Cote D'Ivoire", "CIV"), ("Côte d'Ivoire", "CIV"), ("Cote d’Ivoire", "CIV"), ("Ivory Coast", "CIV"),
    ("Swaziland", "SWZ"), ("Eswatini", "SWZ"), ("Turkey", "TUR"), ("Türkiye", "TUR"),
    ("Congo", "COG"), ("Republic of the Congo", "COG"), ("Congo-Brazzaville", "COG"),
    ("Democratic Republic of the Congo", "COD"), ("DRC", "COD"), ("Congo-Kinshasa", "COD"),
    ("North Korea", "PRK"), ("DPRK", "PRK"), ("Korea, Democratic People's Republic of", "PRK"),
    ("South Korea", "KOR"), ("Republic of Korea", "KOR"), ("Korea, Republic of", "KOR"),
    ("Macedonia", "MKD"), ("North Macedonia", "MKD"), ("Russia", "RUS"), ("Iran", "IRN"),
    ("Syria", "SYR"), ("Laos", "LAO"), ("Vietnam", "VNM"), ("Viet Nam", "VNM"), ("Bolivia", "BOL"),
    ("Venezuela", "VEN"), ("Tanzania", "TZA"), ("Moldova", "MDA"), ("Czech Republic", "CZE"),
    ("Czechia", "CZE"), ("Cabo Verde", "CPV"), ("Cape Verde", "CPV"), ("Timor-Leste", "TLS"),
    ("East Timor", "TLS"), ("Kosovo", "XKX"), ("Taiwan", "TWN"), ("Gambia", "GMB"),
    ("The Gambia", "GMB"), ("Bahamas", "BHS"), ("Brunei", "BRN"), ("Micronesia", "FSM"),
    ("Vatican", "VAT"), ("Palestine", "PSE"), ("UK", "GBR"), ("Britain", "GBR"), ("USA", "USA"),
    ("United States", "USA"), ("Guinea-Bissau", "GNB"), ("Niger", "NER"), ("Nigeria", "NGA"),
])
def test_lookup_resolves_names_and_aliases(name, code):
    assert lookup(name).code == code


@pytest.mark.parametrize("demonym, code", [
    ("Malian", "MLI"), ("Nigerian", "NGA"), ("Burmese", "MMR"), ("Ivorian", "CIV"), ("Afghan", "AFG"),
    ("Congolese", "COG"), ("Burkinabe", "BFA"), ("Nigerien", "NER"), ("Malians", "MLI"),
])
def test_lookup_resolves_demonyms(demonym, code):
    assert lookup(demonym).code == code
    assert by_demonym(demonym).code == code


@pytest.mark.parametrize("code, expected", [
    ("MLI", "MLI"), ("mli", "MLI"), ("ML", "MLI"), ("KOS", "XKX"), ("XKX", "XKX"), ("ZZZ", None), ("", None),
])
def test_by_code_accepts_alpha3_alpha2_and_customary_codes(code, expected):
    found = by_code(code)
    assert (found.code if found else None) == expected


@pytest.mark.parametrize("word, expected", [
    ("MLI", "MLI"), ("NG", "NGA"), ("in", None), ("is", None), ("per", None), ("and", None),
    ("CAR", "CAF"), ("car", None), ("ROK", "KOR"), ("rok", None),
    ("trafficking", None), ("", None), ("   ", None),
])
def test_lookup_takes_codes_only_in_capitals_so_query_words_stay_words(word, expected):
    found = lookup(word)
    assert (found.code if found else None) == expected


@pytest.mark.parametrize("code, name", [
    ("MLI", "Mali"), ("CIV", "Côte d'Ivoire"), ("MMR", "Myanmar"), ("RUS", "Russia"), ("KOR", "South Korea"),
    ("PRK", "North Korea"), ("COG", "Republic of the Congo"), ("COD", "Democratic Republic of the Congo"),
    ("VNM", "Vietnam"), ("IRN", "Iran"), ("BOL", "Bolivia"), ("TZA", "Tanzania"), ("LAO", "Laos"),
    ("TUR", "Turkey"), ("SWZ", "Eswatini"), ("XKX", "Kosovo"),
])
def test_display_names_are_the_short_names_users_expect(code, name):
    assert by_code(code) == Country(name, code)


def test_a_shared_demonym_names_one_country_but_expands_to_both():
    assert lookup("Congolese").code == "COG"
    assert "Congolese" in search_terms(by_code("COD")) and "Congolese" in search_terms(by_code("COG"))


def test_search_terms_hold_display_name_aliases_and_demonyms():
    terms = search_terms(lookup("Myanmar"))
    assert terms[0] == "Myanmar"
    assert {"Burma", "Burmese"} <= set(terms)
    assert {"Côte d'Ivoire", "Ivory Coast", "Ivorian"} <= set(search_terms(by_code("CIV")))


@pytest.mark.parametrize("text, codes", [
    ("Malian children are trafficked to Guinea and Côte d'Ivoire.", ["GIN", "CIV"]),
    ("Agreements with Burkina Faso and Senegal; also Mali.", ["BFA", "SEN", "MLI"]),
    ("Equatorial Guinea, then Guinea-Bissau, then Guinea.", ["GNQ", "GNB", "GIN"]),
    ("Democratic Republic of the Congo and the Republic of the Congo", ["COD", "COG"]),
    ("Niger borders Nigeria.", ["NER", "NGA"]),
    ("Let us talk about it in the UK.", ["GBR"]),
    ("No country here.", []),
])
def test_countries_in_lists_named_countries_in_order_of_first_mention(text, codes):
    assert [c.code for c in countries_in(text)] == codes


def test_normalise_folds_case_diacritics_and_apostrophes():
    assert normalise("Côte d’Ivoire") == normalise("COTE D'IVOIRE") == "cote d'ivoire"


@pytest.fixture(scope="module")
def tier_rows(corpus_dir):
    with (corpus_dir / "tiers" / "tip_tiers_2001_2015_normalized.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_spelling_in_the_tier_table_resolves_to_its_code(tier_rows):
    for row in tier_rows:
        expected = by_code(row["iso3"])
        assert expected is not None, row
        assert lookup(row["country"]) == expected, row["country"]
        assert lookup(row["source_country_name"]) == expected, row["source_country_name"]


def test_the_most_frequent_tip_countries_all_have_demonyms(tier_rows):
    counts = Counter(by_code(row["iso3"]).code for row in tier_rows)
    for code, _ in counts.most_common(60):
        assert DEMONYMS.get(code), code


HRR_COUNTRIES = ("MLI", "NGA", "AFG", "BGD", "BLR", "BFA", "MMR", "CMR", "TCD", "CHN", "COL", "COG", "CIV",
                 "CUB", "EGY", "SLV", "ERI", "ETH", "GHA", "GTM", "GIN", "HTI", "HND", "IRN", "IRQ", "LBY",
                 "NIC", "NER", "PRK", "PAK", "RUS", "SEN", "SOM", "SSD", "LKA", "SDN", "SYR", "TUR", "UKR",
                 "VEN", "VNM", "YEM")


@pytest.mark.parametrize("code", HRR_COUNTRIES)
def test_every_human_rights_report_country_has_demonyms_in_its_search_terms(code):
    country = by_code(code)
    demonyms = DEMONYMS[code]
    assert set(demonyms) <= set(search_terms(country))
    assert all(lookup(word) == country for word in demonyms if word not in SHARED_DEMONYMS)
