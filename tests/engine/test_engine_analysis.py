"""The fast indexing path of text fields yields exactly what Whoosh's analyser would."""
from __future__ import annotations

import pytest
from whoosh.fields import TEXT

from indexer.engine import analysis, schema, terms
from indexer.engine.analysis import AnalysedText, word_positions
from indexer.engine.schema import SCHEMA

TEXT_FIELDS = ("title", "country_text", "body", "publisher_text", "doc_type_text")

AWKWARD = [
    "",
    "   \n\t ",
    "a an the of",  # stop words only
    "The the THE trafficking Trafficked TRAFFICKERS traffic",
    "Côte d'Ivoire, COTE D'IVOIRE and Cote d\u2019Ivoire; Türkiye/Turkey; São Tomé",
    "İstanbul ǅemal ﬁnance Straße ÆSIR Ωmega µg ½ ²",
    "version 3.141 and U.S.A. e.g. i.e. 1,000,000 people; 2024-06-14",
    "under_score snake_case *star wild* card*s **",
    "x y z 1 2 a1 b22",  # below the minimum length
    "He said: «non» — 'quoted' \"double\" (paren) [bracket] {brace}",
    "ab " * 50 + "word " * 3 + "of the " * 20 + "end",
    "line one\r\nline two\rline three\nTier 2 Watch List\u00a0Mali",
    "\u0660\u0661\u0662 арабский текст русский текст 中文字符 日本語",
]


def analysed_by_whoosh(field, text: str) -> list:
    """What ``TEXT.index`` yields for ``text``: the analyser, token by token."""
    return sorted(TEXT.index(field, text))


def analysed_fast(field, text: str) -> list:
    return sorted(field.index(text))


@pytest.fixture(autouse=True)
def words_only(monkeypatch):
    """The fast path without what only indexing adds (``indexed_positions``: closed forms of
    hyphenated words, acronym definitions, country words inside names), which the analyser
    never makes."""
    monkeypatch.setattr(analysis, "indexed_positions", analysis.word_positions)


@pytest.mark.parametrize("name", TEXT_FIELDS)
def test_text_fields_use_the_fast_path(name):
    assert isinstance(SCHEMA[name], AnalysedText)


@pytest.mark.parametrize("text", AWKWARD)
@pytest.mark.parametrize("name", ["body", "title"])
def test_awkward_text_indexes_as_the_analyser_does(name, text):
    field = SCHEMA[name]
    assert analysed_fast(field, text) == analysed_by_whoosh(field, text)


def test_real_reports_index_as_the_analyser_does(corpus_dir):
    reports = sorted(p for p in corpus_dir.glob("hrr-2024*/*.md") if p.stem != "PROVENANCE")
    assert reports, "the shared corpus has human-rights reports"
    field = SCHEMA["body"]
    for report in reports[:12]:
        text = report.read_text(encoding="utf-8")
        fast = analysed_fast(field, text)
        assert fast == analysed_by_whoosh(field, text), report.name
        assert len(fast) > 500  # a real report has many distinct terms


def test_positions_skip_stop_words_after_the_first_kept_word():
    # "the" and "of" are dropped; the first kept word keeps its place in the
    # text, later kept words are numbered consecutively (as Whoosh renumbers).
    assert word_positions("the trafficking of persons of persons") == {
        "traffick": [1], "person": [2, 3]}


def test_field_boost_weighs_each_occurrence():
    title = SCHEMA["title"]
    (term, freq, weight, _), = [item for item in title.index("Mali Mali") if item[0] == b"mali"]
    assert (freq, weight) == (2, 2 * schema.TITLE_BOOST)


def test_remembered_spellings_stay_bounded(monkeypatch):
    monkeypatch.setattr(terms, "_TERMS", {})
    monkeypatch.setattr(terms, "_TERMS_LIMIT", 10)
    words = " ".join(f"word{i}" for i in range(40))
    word_positions(words)
    word_positions(words)
    assert len(terms._TERMS) <= 40 + 1
    # and the answer does not depend on what was remembered
    assert word_positions(words) == word_positions(words + " ")
