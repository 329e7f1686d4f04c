"""Highlighting a query's words in a whole document text: escaped, with <mark> only."""
from __future__ import annotations

import pytest

from indexer.engine.highlight import highlight_paragraphs, highlight_text, paragraphs, query_marks


@pytest.mark.parametrize("query, text, expected", [
    ("trafficked", "Trafficking grew.", "<mark>Trafficking</mark> grew."),
    ("children", "Of <b>children</b> & adults", "Of &lt;b&gt;<mark>children</mark>&lt;/b&gt; &amp; adults"),
    ("bond*", "Debt bondage and bonds", "Debt <mark>bondage</mark> and <mark>bonds</mark>"),
    ("labour -children", "Child labour, children", "Child <mark>labour</mark>, children"),
    ("labour NOT children", "labour children", "<mark>labour</mark> children"),
    ('tier:"Tier 2" mali', "Tier 2 in Mali", "Tier 2 in <mark>Mali</mark>"),
    ('"forced labour"', "Forced labour; labour forced", "<mark>Forced labour</mark>; labour forced"),
    ("cote", "Côte d'Ivoire", "<mark>Côte</mark> d'Ivoire"),
    ("Malian", "Mali and Malians", "<mark>Mali</mark> and <mark>Malians</mark>"),
    ("", "<script>", "&lt;script&gt;"),
])
def test_highlight_text_escapes_everything_and_marks_query_words(query, text, expected):
    assert highlight_text(text, query) == expected


def test_query_marks_skip_operators_and_non_text_fields():
    marks = query_marks('forced OR labour year:2004 -boys traff* "debt bondage"')
    assert marks.terms == {"forc", "labour"}
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
    assert highlight_paragraphs("Mali.\n\nNot here.", "mali") == ("<mark>Mali</mark>.", "Not here.")
