"""Searching a real index of real and generated documents; expectations computed from the Documents."""
from __future__ import annotations

import re
from collections import Counter

import pytest

from indexer import config, dates
from indexer.errors import DocumentNotFound
from indexer.facets import document_year
from indexer.records import TIERS, SearchRequest
from indexer.request import parse_request
from indexer.series import series_key

SEED_ID_WORDS = "Burkinabe children Koranic rice"


def run(archive, **args):
    return archive.search(parse_request(args))


def all_ids(archive, **args) -> list[str]:
    """Ids of every match, over all pages."""
    ids: list[str] = []
    page = 1
    while True:
        results = run(archive, per_page=str(config.MAX_PER_PAGE), page=str(page), **args)
        ids += [hit.id for hit in results.hits]
        if page >= results.pages:
            return ids
        page += 1


def facet_counts(results, name) -> dict[str, int]:
    return {v.value: v.count for v in results.facets[name]}


def expected_counts(docs, name) -> dict[str, int]:
    counts: Counter = Counter()
    for doc in docs:
        if name == "tier" and doc.tier:
            counts[doc.tier] += 1
        elif name == "country":
            counts.update(c.code for c in doc.countries)
        elif name == "publisher" and doc.publisher:
            counts[doc.publisher] += 1
        elif name == "doc_type" and doc.doc_type:
            counts[doc.doc_type] += 1
        elif name == "year" and document_year(doc):
            counts[str(document_year(doc))] += 1
    return dict(counts)


@pytest.fixture(scope="module")
def seed_doc(search_documents):
    return search_documents[0]


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


@pytest.mark.parametrize("facet", ["tier", "country", "publisher", "doc_type", "year"])
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


# ---- snippets ----------------------------------------------------------------------


def test_snippets_mark_every_query_word_they_show(archive, seed_doc):
    hit = run(archive, q="trafficked Burkinabe children")
    seed = next(h for h in hit.hits if h.id == seed_doc.id)
    assert 1 <= len(seed.snippets) <= config.SNIPPETS_PER_HIT
    for snippet in seed.snippets:
        plain = re.sub(r"<mark>.*?</mark>", "", snippet)
        assert not re.search(r"(?i)\b(trafficked|trafficking|burkinabe|children)\b", plain), snippet
        assert "<mark>" in snippet
        assert len(re.sub(r"</?mark>", "", snippet)) <= 2 * config.SNIPPET_SURROUND + 40



def test_snippets_escape_markup_in_documents(archive):
    results = run(archive, q="hostile markup alert onerror")
    hit = next(h for h in results.hits if h.id == "hostile01")
    joined = " ".join(hit.snippets)
    assert "&lt;script&gt;" in joined and "&lt;img" in joined
    without_marks = re.sub(r"</?mark>", "", joined)
    assert "<" not in without_marks and ">" not in without_marks
    assert '"' not in without_marks


def test_the_passage_with_most_distinct_words_comes_first(archive):
    results = run(archive, q="quokka zeppelin marmalade")
    hit = next(h for h in results.hits if h.id == "passage01")
    first = hit.snippets[0]
    assert "last paragraph" in first
    assert all(f"<mark>{w}</mark>" in first for w in ("quokka", "zeppelin", "marmalade"))


# ---- country names -----------------------------------------------------------------


@pytest.mark.parametrize("words, code", [
    ("Malian", "MLI"), ("Mali", "MLI"), ("Burma", "MMR"), ("Burmese", "MMR"),
    ("Ivory Coast", "CIV"), ("Cote d'Ivoire", "CIV"), ("Ivorian", "CIV"), ("Nigerian", "NGA"),
])
def test_any_name_of_a_country_finds_its_documents(archive, search_documents, words, code):
    found = set(all_ids(archive, q=words))
    about = {d.id for d in search_documents if code in {c.code for c in d.countries}}
    assert about and about <= found


def test_a_quoted_phrase_is_not_expanded(archive, search_documents):
    expanded = set(all_ids(archive, q="Burkinabe"))
    exact = set(all_ids(archive, q='"Burkinabe"'))
    assert exact < expanded
    by_id = {d.id: d for d in search_documents}
    assert any("burkinab" not in by_id[i].text.lower() and "burkina faso" in by_id[i].text.lower()
               for i in expanded - exact)


# ---- did you mean, fallback ----------------------------------------------------------


@pytest.mark.parametrize("typed, suggested", [
    ("trafficing", "trafficking"),
    ("Nigerai", "Nigeria"),
    ("trafficking Nigerai", "trafficking Nigeria"),
])
def test_misspelt_words_get_a_suggestion(archive, typed, suggested):
    assert run(archive, q=typed).suggestion == suggested


@pytest.mark.parametrize("typed", ["trafficking", "Nigeria", SEED_ID_WORDS, ""])
def test_well_spelt_queries_get_no_suggestion(archive, typed):
    assert run(archive, q=typed).suggestion is None


def test_no_document_with_all_words_falls_back_to_any_word(archive, seed_doc):
    results = run(archive, q="Koranic qqzzxxyy")
    assert results.total >= 1 and results.hits[0].id == seed_doc.id
    assert results.notice == ("No document contains all of Koranic, qqzzxxyy; "
                              "showing documents with most of them")
    assert results.interpreted_query.startswith("any of:")
    assert results.hits[0].missing == ("qqzzxxyy",)


def test_one_unknown_word_is_not_a_fallback(archive):
    results = run(archive, q="qqzzxxyy")
    assert results.total == 0 and results.notice is None


# ---- query language end to end -------------------------------------------------------


def test_query_language_against_the_index(archive, search_documents):
    def ids(text):
        return set(all_ids(archive, q=text))

    koranic, rice = ids("Koranic"), ids("rice")
    assert ids("Koranic OR rice") == koranic | rice
    assert ids("rice -Koranic") == rice - koranic
    assert ids("rice NOT Koranic") == rice - koranic
    assert ids("tier:3") == {d.id for d in search_documents if d.tier == "Tier 3"}
    assert ids("year:2004..2006 tier:1") == {
        d.id for d in search_documents if d.tier == "Tier 1" and 2004 <= (document_year(d) or 0) <= 2006}
    assert ids("country:Burma") == {d.id for d in search_documents if "MMR" in {c.code for c in d.countries}}
    schools = ids('"Koranic schools"')
    assert schools and schools <= koranic  # "Koranic" also finds the Quran, however it is spelt
    assert ids("(unbalanced rice") == ids("unbalanced rice")


def _words_of(text: str | None) -> list[str]:
    return re.findall(r"\w+", (text or "").lower())


def _contains_run(text: str | None, run_of_words: str) -> bool:
    return f" {run_of_words} " in f" {' '.join(_words_of(text))} "


@pytest.mark.parametrize("text, keep", [
    ('publisher:"united states department of state"',
     lambda d: _contains_run(d.publisher, "united states department of state")),
    ("publisher:UNITED", lambda d: "united" in _words_of(d.publisher)),
    ('type:"annual report"', lambda d: _contains_run(d.doc_type, "annual report")),
    ('type:"Country report"', lambda d: _contains_run(d.doc_type, "country report")),
    ("title:mali", lambda d: "mali" in _words_of(d.title)),
    ("year:2005", lambda d: document_year(d) == 2005),
    ("year:2004..2006", lambda d: 2004 <= (document_year(d) or 0) <= 2006),
    ('tier:"tier 2 watch list"', lambda d: d.tier == "Tier 2 Watch List"),
    ("Koran*", lambda d: re.search(r"(?i)\b(koran|quran|qur['’]an)", f"{d.title} {d.text}") is not None),
])
def test_each_field_and_wildcard_finds_exactly_its_documents(archive, search_documents, text, keep):
    """Expectations read from the Documents themselves; publisher and type values match
    whatever their case."""
    expected = {d.id for d in search_documents if keep(d)}
    assert expected, "the test corpus must have documents for this query"
    assert set(all_ids(archive, q=text)) == expected



def test_get_document_returns_the_stored_document(archive, seed_doc):
    assert archive.document(seed_doc.id) == seed_doc
    with pytest.raises(DocumentNotFound):
        archive.document("no-such-id")


def test_more_like_this_finds_documents_about_the_same_country_and_never_the_document(archive, seed_doc):
    similar = archive.similar(seed_doc.id, config.MORE_LIKE_THIS)
    assert 0 < len(similar) <= config.MORE_LIKE_THIS
    assert seed_doc.id not in {h.id for h in similar}
    assert "MLI" in {c.code for h in similar[:3] for c in h.countries}


@pytest.mark.parametrize("title, expected", [
    ("U.S. Department of State 2004 Trafficking in Persons Report - Mali", "trafficking in persons report"),
    ("Trafficking in Persons Report 2008 - Mali", "trafficking in persons report"),
    ("Mali — Country Reports on Human Rights Practices", "country reports on human rights practices"),
])
def test_series_key_sets_aside_years_and_countries(title, expected):
    from indexer.records import Country
    assert series_key(title, [Country("Mali", "MLI")]) == expected


def test_series_lists_the_countrys_tip_chapters_by_year(archive, search_documents):
    counts = Counter(d.countries[0].code for d in search_documents
                     if d.tier and d.title and "Trafficking in Persons" in d.title)
    code = counts.most_common(1)[0][0]
    chapters = [d for d in search_documents if d.countries and d.countries[0].code == code
                and d.title and "Trafficking in Persons Report" in d.title]
    found = archive.series(chapters[-1])
    assert {d.id for d in found} == {d.id for d in chapters}
    years = [d.report_year for d in found]
    assert years == sorted(years)


def test_archive_stats_count_what_the_archive_holds(archive, search_documents):
    stats = archive.stats().to_dict()
    years = [document_year(d) for d in search_documents if document_year(d)]
    assert stats == {
        "documents": len(search_documents),
        "countries": len({c.code for d in search_documents for c in d.countries}),
        "first_year": min(years),
        "last_year": max(years),
        "tiers": {t: sum(1 for d in search_documents if d.tier == t) for t in TIERS},
    }


def test_results_as_json_have_the_documented_keys(archive):
    data = run(archive, q="Malian", per_page="2").to_dict()
    assert set(data) == {"total", "page", "per_page", "pages", "hits", "facets", "suggestion",
                         "interpreted_query", "notice", "facet_totals", "request"}
    assert all(data["facet_totals"][name] >= len(values) for name, values in data["facets"].items())
    assert set(data["facets"]) == {"tier", "country", "publisher", "doc_type", "year"}
    assert {"id", "title", "publisher", "published", "tier", "countries", "doc_type", "score",
            "snippets"} <= set(data["hits"][0])
    assert set(data["facets"]["tier"][0]) == {"value", "count", "selected", "label"}


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


def test_the_any_word_fallback_keeps_field_conditions(archive, seed_doc):
    results = run(archive, q="Koranic qqzzxxyy tier:2", per_page="100")
    assert results.notice is not None
    assert results.hits[0].id == seed_doc.id
    assert {h.tier for h in results.hits} == {"Tier 2"}
    assert results.interpreted_query == "any of: Koranic (also quranic), qqzzxxyy; tier: Tier 2"



@pytest.mark.parametrize("typed", ["trafficing", "Nigerai", "trafficking Nigerai", "forced labour",
                                   "goverment trafficing", "victms OR laber", "trafficing -Nigerai",
                                   "childen"])
def test_suggestions_settled_by_frequencies_are_the_ones_counting_finds(archive, typed, monkeypatch):
    from indexer.engine import suggest as suggest_module

    bounded = run(archive, q=typed).suggestion
    monkeypatch.setattr(suggest_module, "most_matches", lambda query, reader: 10**9)
    monkeypatch.setattr(suggest_module, "least_matches", lambda query, reader: 0)
    counted = run(archive, q=typed).suggestion
    assert bounded == counted
