"""Which documents a search returns and in what order, on a real index of real and
generated documents: ranking, filters, facet counts, sorting and paging; expectations
are computed from the Documents."""
from __future__ import annotations

import pytest
from search_help import SEED_ID_WORDS, all_ids, expected_counts, facet_counts, run
from search_help import seed_doc as seed_doc

from indexer import config, dates
from indexer.facets import document_year
from indexer.records import TIERS, SearchRequest

# ---- ranking --------------------------------------------------------------------


def test_the_seed_is_the_top_hit_for_words_from_its_body(archive, seed_doc):
    results = run(archive, q=SEED_ID_WORDS)
    assert results.hits[0].id == seed_doc.id
    assert results.hits[0].title == "U.S. Department of State 2004 Trafficking in Persons Report - Mali"


def test_relevance_scores_never_increase_down_the_list(archive):
    results = run(archive, q="trafficking children", per_page="50")
    scores = [hit.score for hit in results.hits]
    assert scores == sorted(scores, reverse=True) and len(scores) == 50


def test_equal_scores_go_to_the_newer_document(archive):
    results = run(archive, q="tier:3", per_page="100")
    by_score: dict[float, list] = {}
    for hit in results.hits:
        by_score.setdefault(hit.score, []).append(hit.published or "")
    assert any(len(group) > 1 for group in by_score.values())
    for group in by_score.values():
        dated = [p for p in group if p]
        assert dated == sorted(dated, reverse=True)


# ---- filters and facets ------------------------------------------------------------


@pytest.mark.parametrize("args, keep", [
    ({"tier": "3"}, lambda d: d.tier == "Tier 3"),
    ({"tier": ["1", "Special Case"]}, lambda d: d.tier in ("Tier 1", "Special Case")),
    ({"country": "Mali"}, lambda d: "MLI" in {c.code for c in d.countries}),
    ({"country": ["Burma", "NGA"]}, lambda d: {c.code for c in d.countries} & {"MMR", "NGA"}),
    ({"type": "Country report"}, lambda d: d.doc_type == "Country report"),
    ({"publisher": "United States Department of State"}, lambda d: d.publisher == "United States Department of State"),
    ({"year": ["2004", "2010"]}, lambda d: document_year(d) in (2004, 2010)),
    ({"from": "2004", "to": "2006"},
     lambda d: d.published is not None and "2004" <= d.published[:4] <= "2006"),
    ({"from": "June 2005", "to": "2008-06-10"},
     lambda d: d.published is not None and dates.to_date("2005-06") <= dates.to_date(d.published)
     <= dates.to_date("2008-06-10")),
    ({"tier": ["2", "3"], "year": ["2005", "2006", "2007"]},
     lambda d: d.tier in ("Tier 2", "Tier 3") and document_year(d) in (2005, 2006, 2007)),
])
def test_filters_keep_exactly_the_documents_that_qualify(archive, search_documents, args, keep):
    expected = sorted(d.id for d in search_documents if keep(d))
    assert expected, "the test corpus must have documents for this filter"
    assert sorted(all_ids(archive, **args)) == expected
    assert run(archive, **args).total == len(expected)


@pytest.mark.parametrize("args, field, value", [
    ({"publisher": "united states department of state"}, "publisher", "United States Department of State"),
    ({"type": "COUNTRY REPORT"}, "doc_type", "Country report"),
])
def test_publisher_and_type_filters_ignore_case(archive, search_documents, args, field, value):
    expected = sorted(d.id for d in search_documents if getattr(d, field) == value)
    assert expected
    assert sorted(all_ids(archive, **args)) == expected
    facet = run(archive, **args).facets[field]
    assert [v.value for v in facet if v.selected] == [value]


@pytest.mark.parametrize("facet", ["tier", "country", "publisher", "doc_type", "year", "report_year"])
def test_facet_counts_over_the_whole_archive_match_the_documents(archive, search_documents, facet):
    results = run(archive, per_page="1")
    expected = expected_counts(search_documents, facet)
    shown = facet_counts(results, facet)
    if facet == "country":  # the most frequent ones, up to the limit
        assert len(shown) == min(config.FACET_LIMIT, len(expected))
        assert all(expected[value] == count for value, count in shown.items())
        assert min(shown.values()) >= sorted(expected.values(), reverse=True)[len(shown) - 1]
    else:
        assert shown == expected


def test_facet_counts_cover_every_match_not_only_the_page(archive, search_documents):
    results = run(archive, tier="2", per_page="3")
    matching = [d for d in search_documents if d.tier == "Tier 2"]
    assert len(results.hits) == 3
    assert facet_counts(results, "year") == expected_counts(matching, "year")
    assert facet_counts(results, "doc_type") == expected_counts(matching, "doc_type")


def test_multi_select_ors_within_a_facet_ands_across_and_ignores_its_own_selection(archive, search_documents):
    tiers, codes = {"Tier 2", "Tier 3"}, {"NGA", "MLI", "MMR", "CIV"}
    results = run(archive, tier=["2", "3"], country=["Nigeria", "Mali", "Burma", "CIV"], per_page="100")

    def in_tiers(d):
        return d.tier in tiers

    def in_countries(d):
        return bool({c.code for c in d.countries} & codes)

    both = [d for d in search_documents if in_tiers(d) and in_countries(d)]
    assert results.total == len(both) > 0
    assert sorted(h.id for h in results.hits) == sorted(d.id for d in both)
    # Tier counts ignore the tier selection but respect the country selection, and vice versa.
    assert facet_counts(results, "tier") == expected_counts([d for d in search_documents if in_countries(d)], "tier")
    countries = facet_counts(results, "country")
    expected_countries = expected_counts([d for d in search_documents if in_tiers(d)], "country")
    assert all(expected_countries.get(code, 0) == countries[code] for code in codes)
    assert facet_counts(results, "year") == expected_counts(both, "year")
    selected = {v.value for v in results.facets["tier"] if v.selected}
    assert selected == tiers
    assert {v.value for v in results.facets["country"] if v.selected} == codes


def test_selected_values_are_listed_even_when_nothing_has_them(archive, search_documents):
    assert not any(d.tier == "Special Case" and d.countries[0].code == "TGO" for d in search_documents)
    results = run(archive, tier="Special Case", country="Togo")
    assert results.total == 0
    tier_values = {v.value: v for v in results.facets["tier"]}
    assert tier_values["Special Case"].selected
    assert tier_values["Special Case"].count == 0
    country = {v.value: v for v in results.facets["country"]}["TGO"]
    assert country.selected and country.label == "Togo"


def test_facet_values_are_ordered_and_labelled(archive):
    results = run(archive, q="trafficking")
    tiers = [v.value for v in results.facets["tier"]]
    assert tiers == [t for t in TIERS if t in tiers]
    years = [int(v.value) for v in results.facets["year"]]
    assert years == sorted(years, reverse=True)
    countries = results.facets["country"]
    assert len(countries) <= config.FACET_LIMIT
    assert [-v.count for v in countries] == sorted(-v.count for v in countries)
    labels = {v.value: v.label for v in countries}
    assert labels.get("MLI") == "Mali" and labels.get("CIV", "Côte d'Ivoire") == "Côte d'Ivoire"


# ---- sorting and paging --------------------------------------------------------------


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_date_order_puts_undated_documents_last(archive, search_documents, sort):
    results = run(archive, sort=sort, per_page="100", page="1")
    ids = all_ids(archive, sort=sort)
    by_id = {d.id: d for d in search_documents}
    published = [by_id[i].published for i in ids]
    dated = [dates.to_date(p) for p in published if p]
    assert dated == sorted(dated, reverse=(sort == "newest"))
    assert published[len(dated):] == [None] * (len(published) - len(dated))
    assert results.total == len(ids) == len(search_documents)


def test_a_search_without_words_shows_the_newest_first_without_snippets(archive):
    results = run(archive, tier="1", per_page="20")
    dated = [h.published for h in results.hits if h.published]
    assert [dates.to_date(p) for p in dated] == sorted((dates.to_date(p) for p in dated), reverse=True)
    assert all(h.snippets == () for h in results.hits)


def test_pages_split_the_results_without_overlap(archive):
    first = run(archive, q="trafficking", per_page="7", page="1")
    second = run(archive, q="trafficking", per_page="7", page="2")
    both = run(archive, q="trafficking", per_page="14", page="1")
    assert [h.id for h in first.hits + second.hits] == [h.id for h in both.hits]
    assert first.total == second.total == both.total


def test_a_page_past_the_end_has_no_hits_but_the_right_total(archive):
    total = run(archive, q="Malian").total
    results = run(archive, q="Malian", page="50", per_page="10")
    assert results.hits == () and results.total == total > 0
    assert results.to_dict()["pages"] == -(-total // 10)


def test_per_page_bounds_the_hits(archive):
    assert len(run(archive, per_page="1").hits) == 1
    assert len(run(archive, per_page=str(config.MAX_PER_PAGE)).hits) == config.MAX_PER_PAGE


def test_a_word_in_the_title_outranks_the_same_word_in_the_body(tmp_path, document_factory):
    from indexer.archive import open_archive
    from indexer.build import write_index
    from indexer.records import Country

    make_document = document_factory

    body_only = make_document(id="body", title="Annual overview", text="The quagga census was late. " * 3,
                              countries=(Country("Chad", "TCD"),), published="2015-01-01")
    in_title = make_document(id="title", title="The quagga census", text="The census was late. " * 3,
                             countries=(Country("Chad", "TCD"),), published="2001-01-01")
    write_index(tmp_path, [body_only, in_title])
    with open_archive(tmp_path) as opened:
        assert [h.id for h in opened.search(SearchRequest(query="quagga")).hits] == ["title", "body"]
