"""The one highlighter: query words marked in snippets and in whole paragraphs, everything escaped."""
from __future__ import annotations

import re
from collections import Counter

import pytest

from indexer import config, deadline
from indexer.engine.compile import Highlight, build_query, highlight_terms, query_marks
from indexer.engine.highlight import passages, scanned_matches, snippets
from indexer.engine.prepare import bound_wildcards
from indexer.engine.reading import highlight_paragraphs, paragraphs
from indexer.errors import SearchTimeout
from indexer.querylang import parse
from indexer.request import parse_request


def marks_for(query: str) -> Highlight:
    return highlight_terms(build_query(parse(query))) if query.strip() else Highlight()


@pytest.mark.parametrize("query, text, expected", [
    ("trafficked", "Trafficking grew.", "<mark>Trafficking</mark> grew."),
    ("children", "Of <b>children</b> & adults", "Of &lt;b&gt;<mark>children</mark>&lt;/b&gt; &amp; adults"),
    ("bond*", "Debt bondage and bonds", "Debt <mark>bondage</mark> and <mark>bonds</mark>"),
    ("labour -children", "Child labour, children", "Child <mark>labour</mark>, children"),
    ("labour NOT children", "labour children", "<mark>labour</mark> children"),
    ('tier:"Tier 2" mali', "Tier 2 in Mali", "Tier 2 in <mark>Mali</mark>"),
    ('"forced labour"', "Forced labour; labour forced", "<mark>Forced labour</mark>; labour forced"),
    ("cote", "Côte d'Ivoire", "<mark>Côte</mark> d&#x27;Ivoire"),
    ("Malian", "Mali and Malians", "<mark>Mali</mark> and <mark>Malians</mark>"),
    ("", "<script>", "&lt;script&gt;"),
])
def test_a_paragraph_is_escaped_with_the_query_words_marked(query, text, expected):
    assert highlight_paragraphs(text, marks_for(query)).paragraphs == (expected,)


def test_query_marks_skip_operators_and_non_text_fields():
    marks = marks_for('forced OR labour year:2004 -boys traff* "debt bondage"')
    assert marks.terms == {"forced", "labor"}
    assert marks.prefixes == {"traff"}
    assert marks.phrases == {("debt", "bondag")}


@pytest.mark.parametrize("text, expected", [
    ("One.\n\nTwo\nstill two.\n\n\nThree.", ("One.", "Two\nstill two.", "Three.")),
    ("Line one\nLine two", ("Line one", "Line two")),
    ("", ()),
])
def test_paragraphs_split_on_blank_lines_else_lines(text, expected):
    assert paragraphs(text) == expected


def test_highlight_paragraphs_marks_each_paragraph():
    assert highlight_paragraphs("Mali.\n\nNot here.", marks_for("mali")).paragraphs == ("<mark>Mali</mark>.", "Not here.")


def test_stemming_and_accents_match_in_snippets():
    text = "Victims were trafficked from Côte d'Ivoire. Nothing else."
    marks = Highlight(terms=frozenset({"traffick"}), phrases=frozenset({("cote", "ivoir")}))
    (snippet,) = snippets(text, marks)
    assert "<mark>trafficked</mark>" in snippet
    assert "<mark>Côte d&#x27;Ivoire</mark>" in snippet



@pytest.mark.parametrize("text, marks, marked", [
    ("MALI (Tier 2). Malians left.", Highlight(terms=frozenset({"mali", "malian"})), ["MALI", "Malians"]),
    ("Forced labour, forced LABOUR and labourers.", Highlight(phrases=frozenset({("forced", "labor")})),
     ["Forced labour", "forced LABOUR"]),
    ("the worst forms of child labor here", Highlight(phrases=frozenset({("worst", "form", "child", "labor")})),
     ["worst forms of child labor"]),
    ("worst forms, mostly child labor", Highlight(phrases=frozenset({("worst", "form", "child", "labor")})), []),
    ("Trafficking, trafficked, traffickers; traffic.", Highlight(prefixes=frozenset({"traffick"})),
     ["Trafficking", "trafficked", "traffickers"]),
    ("SÉGOU and Segou", Highlight(terms=frozenset({"segou"})), ["SÉGOU", "Segou"]),
])
def test_marks_follow_the_index_analysis(text, marks, marked):
    (snippet,) = snippets(text, marks)
    assert re.findall(r"<mark>(.*?)</mark>", snippet) == marked


def test_snippets_and_paragraphs_mark_the_same_words():
    text = "Forced labour of children; Malians and forced LABOUR in Mali."
    marks = marks_for('"forced labour" Malian')
    (snippet,) = snippets(text, marks)
    (paragraph,) = highlight_paragraphs(text, marks).paragraphs
    assert re.findall(r"<mark>(.*?)</mark>", snippet) == re.findall(r"<mark>(.*?)</mark>", paragraph)


def test_wildcards_expand_to_a_bounded_number_of_words(searcher, archive, monkeypatch):
    unbounded = bound_wildcards(build_query(parse("tra*")), searcher)
    monkeypatch.setattr(config, "MAX_WILDCARD_TERMS", 3)
    bounded = bound_wildcards(build_query(parse("tra*")), searcher)
    def per_field(built):
        return Counter(leaf.fieldname for leaf in built.leaves() if hasattr(leaf, "fieldname"))

    assert max(per_field(bounded).values()) == 3 == per_field(bounded)["body"]
    assert per_field(unbounded)["body"] > 3
    body = [leaf for leaf in bounded.leaves() if getattr(leaf, "fieldname", None) == "body"]
    assert "traffick" in {t.text for t in body}  # the most frequent are kept
    assert archive.search(parse_request({"q": "traffick*"})).total >= \
        archive.search(parse_request({"q": "trafficking"})).total


def test_snippets_do_not_overlap_and_are_limited():
    text = " ".join(f"Sentence {i} names trafficking once." for i in range(100))
    found = snippets(text, Highlight(terms=frozenset({"traffick"})), limit=3, surround=40)
    assert len(found) == 3
    assert len(set(found)) == 3


FILLER = "Nothing to report in this sentence at all. " * 25  # about 1,100 characters


def concept_marks(query: str) -> Highlight:
    parsed = parse(query)
    return query_marks(parsed, build_query(parsed))


def test_a_long_text_is_searched_for_passages_only_as_far_as_its_first_matches():
    text = ("Trafficking is named here. " + FILLER) * 40
    found = scanned_matches(text, concept_marks("trafficking"), stretch=3000)
    assert len(found) == 3  # the stretch of about 3,000 characters, not the 40 of the text
    assert passages(text, concept_marks("trafficking"), stretch=3000)[0][1] == 0


def test_the_search_goes_on_until_a_stretch_holds_every_word_asked_about():
    text = f"Forced work began. {FILLER}" * 3 + f"Then forced labour spread. {FILLER}" + \
        f"Forced labour again. {FILLER}" * 3
    found = scanned_matches(text, concept_marks("forced labour"), stretch=1000)
    assert {text[a:b].lower() for a, b, _ in found} == {"forced", "labour"}
    assert max(a for a, _, _ in found) < text.index("Forced labour again")
    (best, _), *_ = passages(text, concept_marks("forced labour"), stretch=1000)
    assert "Then <mark>forced</mark> <mark>labour</mark> spread" in best


def test_a_word_named_only_at_the_end_of_a_long_text_still_gets_its_passage():
    text = FILLER * 60 + "Debt bondage appears at the very end."
    ((best, start),) = passages(text, concept_marks('"debt bondage"'), limit=1, stretch=2000)
    assert "<mark>Debt bondage</mark>" in best and start > 60 * len(FILLER) - 200


def test_searching_a_long_text_for_passages_stops_when_the_time_budget_is_spent():
    with deadline.time_budget(1e-9), pytest.raises(SearchTimeout):
        scanned_matches(FILLER * 100, concept_marks("trafficking"), stretch=1000)


LEAD_TEXT = ("The opening paragraph says nothing of interest here.\n\n"
             "Police used excessive force against demonstrators in the capital.\n\n"
             "Journalists covering the protests were detained overnight.")


def test_a_passage_holding_the_query_words_comes_before_the_one_closest_in_meaning():
    lead = LEAD_TEXT.index("Police")
    first, start = passages(LEAD_TEXT, marks_for("journalists detained"), limit=1, surround=30, lead=lead)[0]
    assert "<mark>Journalists</mark>" in first and start > lead


def test_a_text_without_any_query_word_opens_at_its_passage_closest_in_meaning():
    lead = LEAD_TEXT.index("Police")
    first, start = passages(LEAD_TEXT, marks_for("beaten marchers"), limit=1, surround=30, lead=lead)[0]
    assert start <= lead and "excessive force" in first
