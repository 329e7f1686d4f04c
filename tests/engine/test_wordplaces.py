"""Snippets found where the index says the query's words are: the same passages a scan of the text gives."""
from __future__ import annotations

import numpy as np
import pytest

from indexer import config
from indexer.engine import searching, wordplaces
from indexer.engine.analysis import TOKEN_RE, index_term
from indexer.engine.compile import build_query, query_marks
from indexer.engine.highlight import passages
from indexer.engine.wordplaces import END, spans_of, word_marks, word_spans
from indexer.querylang import parse
from indexer.records import Country, SearchRequest

TEXTS = [
    "Mali is a source country for trafficked children.",
    "The of and a: it begins with words that are not indexed, then Mali.",
    "Anti-government protesters in Côte d'Ivoire; the U.S.A. and the UN's NGOs replied.",
    "Baha'i and Qur'an readers fled; l'Etat said so. " * 5,
    "  \n\n  Leading space, a title\n\nthen paragraphs 3, 4 and Article 1325.\n" * 7,
    "",
    "a the of",
]


def _word_starts(text: str) -> dict[int, int]:
    """Where each position's word begins, numbered as the analyser numbers positions."""
    out, position = {}, -1
    for number, match in enumerate(TOKEN_RE.finditer(text)):
        if index_term(match.group()) is None:
            continue
        position = number if position < 0 else position + 1
        out[position] = match.start()
    return out


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("every", [1, 2, 3, 16])
def test_every_word_lies_inside_the_stretch_its_position_is_given(text, every):
    marks = word_marks(text, every)
    for position, start in _word_starts(text).items():
        [(first, end)] = spans_of(np.array([position]), marks, every)
        assert first <= start < (len(text) if end == END else end)


@pytest.mark.parametrize("text", ["", "a the of", "  \n "])
def test_a_text_without_indexed_words_has_no_word_marks(text):
    assert word_marks(text) == b""


def test_positions_in_neighbouring_marks_make_one_stretch():
    marks = np.array([0, 10, 20, 30], dtype="<u4").tobytes()
    assert spans_of(np.array([0, 2, 3, 7]), marks, every=2) == [(0, 20), (30, END)]


def test_passages_look_for_the_query_words_only_inside_the_spans_given():
    text = "Mali opens the report. " + "Filler words here. " * 20 + "Mali closes it."
    marks = query_marks(parse("mali"), build_query(parse("mali")))
    inside = [(len(text) - len("Mali closes it."), len(text))]
    [(html, start)] = passages(text, marks, limit=3, spans=inside)
    assert start > 0 and "<mark>Mali</mark> closes" in html


DOCUMENTS = [
    dict(id="names", text="The Eritrean Defense Forces held the north. " + "Other matters came next. " * 60
         + "Refugees fled Eritrea; the Syrian Arab Army and the Kenya Defence Forces replied.",
         countries=(Country("Eritrea", "ERI"),)),
    dict(id="hyphens", text=("Anti-government and antigovernment groups; the re-integration of "
                             "child soldiers. Debt bondage and forced labour in Côte d'Ivoire. ") * 40),
    dict(id="stops", text="The of and a it. " * 50 + "Forced labour of children, the bonded labourers. " * 3),
    dict(id="title only", title="Quagga census report", text="a the of it"),
    dict(id="long", text=("Filler text about other matters and places. " * 400
                          + "A rare quagga was seen. ") * 3),
]
QUERIES = ["eritrea", "syria", "syrian", '"Syrian Democratic Forces"', "antigovernment", "anti-government",
           "reintegration", '"forced labour"', "labour children", "bond*", "quagga", "cote d'ivoire",
           "labour -children", "kenya forces", "rare quagga filler"]


@pytest.fixture(scope="module")
def crafted(tmp_path_factory, document_factory):
    from indexer.build import write_index
    from indexer.engine.archive import open_index

    folder = tmp_path_factory.mktemp("wordplaces")
    write_index(folder, [document_factory(**values) for values in DOCUMENTS])
    with open_index(folder).searcher() as opened:
        yield opened


@pytest.fixture(scope="module")
def document_factory():
    from conftest import make_document

    return make_document


def _same_as_a_scan(searcher, queries, stretch: int = config.SNIPPET_SCAN_CHARS) -> int:
    """How many (query, document) passages were compared; fails at the first that differs."""
    from indexer.engine.schema import stored_document

    compared = 0
    docnums = list(range(searcher.doc_count_all()))
    for query in queries:
        parsed = parse(query)
        marks = query_marks(parsed, build_query(parsed))
        spans = word_spans(searcher, docnums, marks)
        for docnum in docnums:
            text = stored_document(searcher.stored_fields(docnum)).text
            scanned = passages(text, marks, config.SNIPPETS_PER_HIT, stretch=stretch)
            assert passages(text, marks, config.SNIPPETS_PER_HIT, stretch=stretch,
                            spans=spans.get(docnum)) == scanned, query
            compared += docnum in spans
    return compared


def test_snippets_from_the_index_are_those_a_scan_of_the_text_gives(crafted):
    assert _same_as_a_scan(crafted, QUERIES) > 0


def test_a_long_text_searched_a_stretch_at_a_time_gives_the_passages_a_scan_gives(crafted):
    assert _same_as_a_scan(crafted, QUERIES, stretch=300) > 0


def test_snippets_from_the_index_of_the_shared_corpus_are_those_a_scan_gives(searcher):
    queries = ["trafficking children", '"forced labour"', "mali", "torture detention", "women*",
               "Wagner Group abuses", "female genital mutilation", "asylum seekers Libya"]
    assert _same_as_a_scan(searcher, queries) > 0


def test_a_wildcard_standing_for_too_many_words_leaves_the_text_to_a_scan(crafted, monkeypatch):
    monkeypatch.setattr(config, "SNIPPET_PREFIX_TERMS", 1)
    parsed = parse("bond*")
    assert word_spans(crafted, [0, 1, 2], query_marks(parsed, build_query(parsed))) == {}


def test_a_document_whose_text_has_no_indexed_word_is_scanned(crafted):
    parsed = parse("quagga")
    docnum = next(d for d in range(crafted.doc_count_all()) if crafted.stored_fields(d)["id"] == "title only")
    assert docnum not in word_spans(crafted, [docnum], query_marks(parsed, build_query(parsed)))


def test_a_results_page_shows_the_snippets_a_scan_would(archive, monkeypatch):
    requests = [SearchRequest(query=q) for q in ("trafficking", "forced labour Mali", '"debt bondage"')]
    from_index = [archive.search(r).hits for r in requests]
    monkeypatch.setattr(searching, "word_spans", lambda *args: {})
    assert [archive.search(r).hits for r in requests] == from_index
    assert any(h.snippets for hits in from_index for h in hits)


def test_the_page_reads_the_positions_of_its_shown_documents(archive, monkeypatch):
    asked = []
    real = wordplaces.word_spans

    def spy(searcher, docnums, marks):
        asked.append(list(docnums))
        return real(searcher, docnums, marks)

    monkeypatch.setattr(searching, "word_spans", spy)
    results = archive.search(SearchRequest(query="trafficking", per_page=5))
    assert len(asked) == 1 and len(asked[0]) == len(results.hits) == 5
