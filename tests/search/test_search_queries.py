"""What a search makes of the words typed, on a real index of real and generated
documents: snippets, country names, did-you-mean and the any-word fallback, the query
language and fields, and the document, series and statistics calls."""
from __future__ import annotations

import re
from collections import Counter

import pytest
from search_help import SEED_ID_WORDS, all_ids, run
from search_help import seed_doc as seed_doc

from indexer import config
from indexer.errors import DocumentNotFound
from indexer.facets import document_year
from indexer.records import TIERS
from indexer.series import series_key

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
    assert set(data["facets"]) == {"tier", "country", "publisher", "doc_type", "year", "report_year", "language"}
    assert {"id", "title", "publisher", "published", "tier", "countries", "doc_type", "score",
            "snippets", "language"} <= set(data["hits"][0])
    assert set(data["facets"]["tier"][0]) == {"value", "count", "selected", "label"}


def test_the_any_word_fallback_keeps_field_conditions(archive, seed_doc):
    results = run(archive, q="Koranic qqzzxxyy tier:2", per_page="100")
    assert results.notice is not None
    assert results.hits[0].id == seed_doc.id
    assert {h.tier for h in results.hits} == {"Tier 2"}
    assert results.interpreted_query == "any of: Koranic, qqzzxxyy; tier: Tier 2"


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
