"""Compiling a parsed query and a request's filters into Whoosh queries: compared with ``==``."""
from __future__ import annotations

import datetime as dt

import pytest
from whoosh.query import (
    And,
    AndNot,
    ConstantScoreQuery,
    DateRange,
    Every,
    NullQuery,
    NumericRange,
    Or,
    Phrase,
    Prefix,
    Term,
)

from indexer.engine.compile import (
    COUNTRY_ABOUT_SCORE,
    build_filter,
    build_query,
    country_query,
    highlight_terms,
)
from indexer.querylang import parse
from indexer.records import SearchRequest

FIELDS = ("title", "body")


def words(term: str) -> Or:
    """One analysed word looked for in the title and the body."""
    return Or([Term(f, term) for f in FIELDS])


def phrase(*terms: str, slop: int = 1) -> Or:
    return Or([Phrase(f, list(terms), slop=slop) for f in FIELDS])


def query(text: str, any_word: bool = False):
    return build_query(parse(text), any_word=any_word)


# ---- build_query ----------------------------------------------------------------

MALI = country_query("MLI")
MALIAN = country_query("MLI", demonym=True)


@pytest.mark.parametrize("text, expected", [
    ("", Every()),
    ("trafficking", words("traffick")),
    ("Trafficked CHILDREN", And([words("traffick"), words("children")])),
    ("trafficking OR smuggling", Or([words("traffick"), words("smuggl")])),
    ("forced trafficking OR smuggling", And([words("forced"), Or([words("traffick"), words("smuggl")])])),
    ("trafficking -smuggling", AndNot(words("traffick"), words("smuggl"))),
    ("trafficking NOT smuggling", AndNot(words("traffick"), words("smuggl"))),
    ("-smuggling", AndNot(Every(), words("smuggl"))),
    ("trafficking (smuggling OR labour)", And([words("traffick"), Or([words("smuggl"), words("labor")])])),
    ('"forced labour"', phrase("forced", "labor")),
    ('"worst forms of child labour"', phrase("worst", "form", "child", "labor")),
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
    ("year:2004", Or([NumericRange("year", 2004, 2004), NumericRange("report_year", 2004, 2004)])),
    ("year:2004..2008", Or([NumericRange("year", 2004, 2008), NumericRange("report_year", 2004, 2008)])),
    ("year:2008-2004", Or([NumericRange("year", 2004, 2008), NumericRange("report_year", 2004, 2008)])),
    ("published:2025", NumericRange("year", 2025, 2025)),
    ("reportyear:2024", NumericRange("report_year", 2024, 2024)),
    ("reportyear:2020..2024", NumericRange("report_year", 2020, 2024)),
    ("traffick*", Or([Prefix(f, "traffick") for f in FIELDS])),
    ("Trafficking*", Or([Prefix(f, "traffick") for f in FIELDS])),
    ("Malian", MALIAN),
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
     And([Term("tier", "Tier 3"), Or([NumericRange("year", 2004, 2004), NumericRange("report_year", 2004, 2004)]),
          Or([words("traffick"), words("children")])])),
])
def test_any_word_turns_the_top_level_and_into_or(text, expected):
    assert query(text, any_word=True) == expected


def _about(built):
    """The one part of a country's query that says a document is about the country."""
    found = [q for q in built.subqueries if isinstance(q, ConstantScoreQuery)]
    assert len(found) == 1
    return found[0]


def test_a_country_name_expands_to_every_name_and_demonym_also_among_the_countries_a_document_is_about():
    burma = query("Burma")
    assert Term("body", "myanmar") in burma.subqueries
    assert Term("title", "burmes") in burma.subqueries
    about = _about(burma)
    assert about.score == COUNTRY_ABOUT_SCORE
    assert Term("country_text", "myanmar") in about.child.subqueries
    assert Term("country_text", "burma") in about.child.subqueries
    ivory = query("Ivory Coast")
    assert Phrase("body", ["cote", "ivoir"], boost=0.5) in ivory.subqueries
    assert Phrase("country_text", ["ivori", "coast"]) in _about(ivory).child.subqueries


def test_a_several_word_name_weighs_as_one_word_and_being_about_a_country_counts_once():
    ivory = query("Ivory Coast")
    assert Phrase("title", ["ivori", "coast"], boost=0.5) in ivory.subqueries
    assert Phrase("title", ["republ", "cote", "ivoir"], boost=1 / 3) in ivory.subqueries
    assert not any(getattr(q, "fieldname", None) == "country_text" for q in ivory.subqueries)


def test_a_demonym_looks_for_its_people_and_the_country_in_the_text_not_for_the_country_a_report_is_about():
    malian = query("Malian")
    assert Term("body", "malian") in malian.subqueries and Term("title", "malian") in malian.subqueries
    assert Term("body", "mali") in malian.subqueries
    assert Term("title", "mali") not in malian.subqueries
    assert not any(getattr(q, "fieldname", None) == "country_text" for q in malian.subqueries)


@pytest.mark.parametrize("text", ["democratic", "islamic federal", "Russian Federation"])
def test_plain_words_never_match_the_country_names_a_document_is_filed_under(text):
    built = query(text)
    fields = {leaf.fieldname for leaf in built.leaves() if hasattr(leaf, "fieldname")}
    assert ("country_text" in fields) == (text == "Russian Federation")  # the last names a country


def test_unparsable_input_keeps_its_words():
    assert query('"forced labour') == And([words("forced"), words("labor")])
    assert query("(trafficking children") == And([words("traffick"), words("children")])
    assert query("colour:red") == And([words("color"), words("red")])


def test_a_quoted_phrase_is_never_expanded():
    assert parse('"Ivory Coast"').tree.__class__.__name__ == "Phrase"
    assert query('"Ivory Coast"') != query("Ivory Coast")


def test_highlight_terms_leave_out_excluded_words():
    marks = highlight_terms(query('trafficking "forced labour" -smuggling year:2004 title:report'))
    assert marks.terms == {"traffick", "report"}
    assert marks.phrases == {("forced", "labor")}


# ---- build_filter -----------------------------------------------------------------


def test_no_selection_means_no_filter():
    assert build_filter(SearchRequest(query="x")) is None


def test_values_of_one_facet_are_ored_and_facets_anded():
    request = SearchRequest(filters={"tier": ("Tier 2", "Tier 3"), "country": ("MLI",), "year": (2004, 2005)})
    assert build_filter(request) == And([
        Or([Term("tier", "Tier 2"), Term("tier", "Tier 3")]),
        Term("countries", "MLI"),
        Or([Term("year", 2004), Term("year", 2005)]),
    ])


def test_a_facet_can_be_left_out_of_the_filter():
    request = SearchRequest(filters={"tier": ("Tier 2",), "country": ("MLI", "NER")})
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
    # A document's date overlaps the range: it starts by its end and ends by its start.
    parts = ([DateRange("published", None, end)] if end else []) + \
        ([DateRange("published_end", start, None)] if start else [])
    assert built == (parts[0] if len(parts) == 1 else And(parts))


def test_not_is_kept_inside_groups():
    assert query("(trafficking NOT smuggling) OR labour") == Or([
        AndNot(words("traffick"), words("smuggl")), words("labor")])
