"""Request validation and query building: pure functions, checked against built Whoosh queries."""
from __future__ import annotations

import datetime as dt

import pytest
from whoosh.query import And, AndNot, DateRange, Every, NullQuery, NumericRange, Or, Phrase, Prefix, Term

from indexer import config
from indexer.errors import QueryError, QueryTooLong
from indexer.query import (
    build_filter,
    build_query,
    country_query,
    describe,
    highlight_terms,
    normalise_tier,
    parse,
    parse_request,
    plain_words,
)
from indexer.records import TIERS, SearchRequest

FIELDS = ("title", "country_text", "body")


def words(term: str) -> Or:
    """One analysed word looked for in title, country names and body."""
    return Or([Term(f, term) for f in FIELDS])


def phrase(*terms: str, slop: int = 1) -> Or:
    return Or([Phrase(f, list(terms), slop=slop) for f in FIELDS])


def query(text: str, any_word: bool = False):
    return build_query(SearchRequest(query=text), any_word=any_word)


# ---- parse_request ------------------------------------------------------------


@pytest.mark.parametrize("value, expected", [
    ("Tier 1", "Tier 1"), ("1", "Tier 1"), ("tier 2", "Tier 2"), ("TIER2", "Tier 2"), ("t3", "Tier 3"),
    ("Tier 2 Watch List", "Tier 2 Watch List"), ("2wl", "Tier 2 Watch List"), ("watch list", "Tier 2 Watch List"),
    ("tier-2-watchlist", "Tier 2 Watch List"), ("special case", "Special Case"), ("Special", "Special Case"),
    ("4", None), ("tier", None), ("watch", None), ("", None),
])
def test_tier_values_are_read_in_short_and_long_forms(value, expected):
    assert normalise_tier(value) == expected


def test_parse_request_reads_every_parameter():
    request = parse_request({
        "q": "  forced labour ", "tier": ["2", "2wl"], "country": ["Malian", "CIV", "Burma"],
        "publisher": "United States Department of State", "type": ["Annual report"], "year": ["2004", "2005"],
        "from": "June 2004", "to": "2008", "sort": "Newest", "page": "3", "per_page": "25"})
    assert request == SearchRequest(
        query="forced labour", tiers=("Tier 2", "Tier 2 Watch List"), countries=("MLI", "CIV", "MMR"),
        publishers=("United States Department of State",), doc_types=("Annual report",), years=(2004, 2005),
        date_from="2004-06", date_to="2008", sort="newest", page=3, per_page=25)


def test_parse_request_defaults_and_ignores_empty_form_fields():
    request = parse_request({"q": "", "tier": [""], "country": "", "from": "", "page": ""})
    assert request == SearchRequest()


@pytest.mark.parametrize("args, message", [
    ({"tier": "Tier 4"}, "Unknown tier 'Tier 4'; use one of: " + ", ".join(TIERS)),
    ({"country": "Atlantis"}, "Unknown country 'Atlantis'"),
    ({"from": "yesterday"}, "'yesterday' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD"),
    ({"to": "2004-13-01"}, "'2004-13-01' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD"),
    ({"from": "2009", "to": "2004"}, "'from' (2009) is after 'to' (2004)"),
    ({"sort": "best"}, "Unknown sort 'best'; use one of: relevance, newest, oldest"),
    ({"page": "0"}, "'page' must be from 1 to"),
    ({"page": str(config.MAX_PAGE + 1)}, "'page' must be from 1 to"),
    ({"page": "two"}, "'page' must be a whole number"),
    ({"per_page": "0"}, "'per_page' must be from 1 to"),
    ({"per_page": str(config.MAX_PER_PAGE + 1)}, f"'per_page' must be from 1 to {config.MAX_PER_PAGE}"),
    ({"year": "04"}, "'year' must be from 1900 to 2100"),
    ({"page": ["1", "2"]}, "Give 'page' once"),
])
def test_bad_parameters_raise_query_error_naming_the_value(args, message):
    with pytest.raises(QueryError) as caught:
        parse_request(args)
    assert message in str(caught.value)


def test_a_query_longer_than_the_limit_is_refused_as_too_long():
    parse_request({"q": "a" * config.MAX_QUERY_LENGTH})
    with pytest.raises(QueryTooLong):
        parse_request({"q": "a" * (config.MAX_QUERY_LENGTH + 1)})


@pytest.mark.parametrize("page, per_page", [(1, 1), (config.MAX_PAGE, config.MAX_PER_PAGE)])
def test_page_bounds_are_inclusive(page, per_page):
    request = parse_request({"page": str(page), "per_page": str(per_page)})
    assert (request.page, request.per_page) == (page, per_page)


# ---- build_query ----------------------------------------------------------------

MALI = country_query("MLI")


@pytest.mark.parametrize("text, expected", [
    ("", Every()),
    ("trafficking", words("traffick")),
    ("Trafficked CHILDREN", And([words("traffick"), words("children")])),
    ("trafficking OR smuggling", Or([words("traffick"), words("smuggl")])),
    ("forced trafficking OR smuggling", And([words("forc"), Or([words("traffick"), words("smuggl")])])),
    ("trafficking -smuggling", AndNot(words("traffick"), words("smuggl"))),
    ("trafficking NOT smuggling", AndNot(words("traffick"), words("smuggl"))),
    ("-smuggling", AndNot(Every(), words("smuggl"))),
    ("trafficking (smuggling OR labour)", And([words("traffick"), Or([words("smuggl"), words("labour")])])),
    ('"forced labour"', phrase("forc", "labour")),
    ('"worst forms of child labour"', phrase("worst", "form", "child", "labour")),
    ('"Ivory Coast"', phrase("ivori", "coast")),
    ("title:trafficking", Term("title", "traffick")),
    ('title:"persons report"', Phrase("title", ["person", "report"])),
    ("country:Burma", Term("countries", "MMR")),
    ("country:CIV", Term("countries", "CIV")),
    ("tier:2wl", Term("tier", "Tier 2 Watch List")),
    ('tier:"Tier 3"', Term("tier", "Tier 3")),
    ('publisher:"United States Department of State"',
     Or([Term("publisher", "United States Department of State"),
         Phrase("publisher_text", ["unit", "state", "depart", "state"])])),
    ("publisher:UNHCR", Or([Term("publisher", "UNHCR"), Term("publisher_text", "unhcr")])),
    ('type:"Annual report"', Or([Term("doc_type", "Annual report"), Phrase("doc_type_text", ["annual", "report"])])),
    ("type:of", Term("doc_type", "of")),
    ("year:2004", NumericRange("year", 2004, 2004)),
    ("year:2004..2008", NumericRange("year", 2004, 2008)),
    ("year:2008-2004", NumericRange("year", 2004, 2008)),
    ("traffick*", Or([Prefix(f, "traffick") for f in FIELDS])),
    ("Trafficking*", Or([Prefix(f, "traffick") for f in FIELDS])),
    ("Malian", MALI),
    ("mali children", And([MALI, words("children")])),
    ("Burma", country_query("MMR")),
    ("Ivory Coast", country_query("CIV")),
    ("Cote d'Ivoire", country_query("CIV")),
    ("car", words("car")),
    ("the", NullQuery),
])
def test_build_query(text, expected):
    assert query(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("trafficking children", Or([words("traffick"), words("children")])),
    ("trafficking children -smuggling", AndNot(Or([words("traffick"), words("children")]), words("smuggl"))),
    ("trafficking", words("traffick")),
    ("trafficking children tier:3 year:2004",
     And([Term("tier", "Tier 3"), NumericRange("year", 2004, 2004), Or([words("traffick"), words("children")])])),
])
def test_any_word_turns_the_top_level_and_into_or(text, expected):
    assert query(text, any_word=True) == expected


def test_country_words_expand_to_every_name_and_demonym_in_every_field():
    mali = query("Malian")
    assert Term("body", "mali") in mali.subqueries
    assert Term("title", "malian") in mali.subqueries
    burma = query("Burma")
    assert Term("body", "myanmar") in burma.subqueries
    ivory = query("Ivory Coast")
    assert Phrase("body", ["cote", "ivoir"]) in ivory.subqueries
    assert Phrase("country_text", ["ivori", "coast"]) in ivory.subqueries


@pytest.mark.parametrize("text, note", [
    ('"unbalanced quote', "unbalanced quote"),
    ("(unbalanced parenthesis", "unbalanced parenthesis"),
    ("closing) first", "unbalanced parenthesis"),
    ("colour:red trafficking", "'colour:' is not a field"),
    ("title: trafficking", "'title:' has no value"),
    ("tier:7 trafficking", "'tier:7' is not a known tier"),
    ("traf*ing", "only a trailing * is a wildcard"),
])
def test_unparsable_input_becomes_plain_words_with_a_note(text, note):
    built = query(text)  # never raises
    assert built is not None
    assert note in describe(text)


def test_unparsable_input_keeps_its_words():
    assert query('"forced labour') == And([words("forc"), words("labour")])
    assert query("(trafficking children") == And([words("traffick"), words("children")])
    assert query("colour:red") == And([words("colour"), words("red")])


@pytest.mark.parametrize("text, expected", [
    ("trafficking children", "all of: trafficking, children"),
    ("trafficking children", "all of: trafficking, children"),
    ("Malian", "Malian (any name of Mali)"),
    ('"forced labour" -smuggling', '"forced labour" (exact); not smuggling'),
    ("year:2004..2008 tier:3", "all of: year 2004–2008, tier: Tier 3"),
    ("", "all documents"),
    ("the trafficking", "all of: the (too common to search for), trafficking"),
])
def test_describe_reads_the_query_back(text, expected):
    assert describe(text) == expected


def test_describe_says_when_any_word_is_enough():
    assert describe("trafficking children", any_word=True) == "any of: trafficking, children"
    assert describe("trafficking children tier:3 -smuggling", any_word=True) == (
        "any of: trafficking, children; tier: Tier 3; not smuggling")


def test_a_quoted_phrase_is_never_expanded():
    assert parse('"Ivory Coast"').tree.__class__.__name__ == "Phrase"
    assert query('"Ivory Coast"') != query("Ivory Coast")


def test_plain_words_lists_what_the_user_typed():
    assert plain_words('trafficking "forced labour" Malian -smuggling traffick*') == (
        "trafficking", '"forced labour"', "Malian", "traffick*")


def test_highlight_terms_leave_out_excluded_words():
    marks = highlight_terms(query('trafficking "forced labour" -smuggling year:2004 title:report'))
    assert marks.terms == {"traffick", "report"}
    assert marks.phrases == {("forc", "labour")}


# ---- build_filter -----------------------------------------------------------------


def test_no_selection_means_no_filter():
    assert build_filter(SearchRequest(query="x")) is None


def test_values_of_one_facet_are_ored_and_facets_anded():
    request = SearchRequest(tiers=("Tier 2", "Tier 3"), countries=("MLI",), years=(2004, 2005))
    assert build_filter(request) == And([
        Or([Term("tier", "Tier 2"), Term("tier", "Tier 3")]),
        Term("countries", "MLI"),
        Or([Term("year", 2004), Term("year", 2005)]),
    ])


def test_a_facet_can_be_left_out_of_the_filter():
    request = SearchRequest(tiers=("Tier 2",), countries=("MLI", "NER"))
    assert build_filter(request, exclude_facet="tier") == Or([Term("countries", "MLI"), Term("countries", "NER")])
    assert build_filter(request, exclude_facet="country") == Term("tier", "Tier 2")


@pytest.mark.parametrize("date_from, date_to, start, end", [
    ("2004", "2004", dt.datetime(2004, 1, 1), dt.datetime(2004, 12, 31, 23, 59, 59, 999999)),
    ("2004-06", None, dt.datetime(2004, 6, 1), None),
    (None, "2008-02", None, dt.datetime(2008, 2, 29, 23, 59, 59, 999999)),
    ("2004-06-14", "2004-06-14", dt.datetime(2004, 6, 14), dt.datetime(2004, 6, 14, 23, 59, 59, 999999)),
])
def test_date_bounds_are_inclusive_at_any_precision(date_from, date_to, start, end):
    built = build_filter(SearchRequest(date_from=date_from, date_to=date_to))
    assert built == DateRange("published", start, end)


def test_not_is_kept_inside_groups():
    assert query("(trafficking NOT smuggling) OR labour") == Or([
        AndNot(words("traffick"), words("smuggl")), words("labour")])
