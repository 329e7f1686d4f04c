"""One pass over a text gives exactly the terms, positions and word marks the word-by-word
analysis gave (``analysis_before``), on awkward texts, generated documents and real reports."""
from __future__ import annotations

import re

import pytest
from analysis_before import indexed_positions as indexed_before
from analysis_before import word_marks as marks_before
from analysis_before import word_positions as positions_before
from texts import generated_texts, real_texts
from whoosh.formats import Positions

from indexer.engine.analysis import SPLIT_RE, TOKEN_RE, encode_positions, indexed_positions, indexed_positions_and_marks, word_positions
from indexer.engine.wordplaces import WORD_MARK_EVERY, word_marks

AWKWARD = [
    "",
    "   \n\t ",
    "a an the of",
    "the of anti-government forces",
    "-lead -in- word- -word a-b a-1 1-a x-y-z anti--government anti-\ngovernment",
    "non-governmental organization-led self-employed post-2011 co-op re-integration so-called",
    "Mid-term Anti-Government Ultra-High-Frequency-Radio-Set-Up one-two-three-four-five-six",
    "the-the of-anti the-x-y and-or-not Côte-d'Ivoire Baha'i-led U.S.-backed e-mail_x-y *star-x",
    "internally displaced persons (IDPs) and civil society organizations (CSOs), (FGM/C) female genital mutilation/cutting",
    "Eritrean Defense Forces and Syrian Democratic Forces; the Kenya Defence Forces. Eritrean refugees",
    "İstanbul ǅemal ﬁnance Straße ÆSIR Ωmega µg ½ ² ab-² x-ǅemal",
    "\u0660\u0661\u0662 арабский-текст русский текст 中文-字符 日本語",
    "word " * 40 + "of the " * 20 + "end-game",
]


@pytest.mark.parametrize("text", AWKWARD)
def test_awkward_text_has_the_terms_and_positions_it_had(text):
    assert indexed_positions(text) == indexed_before(text)
    assert word_positions(text) == positions_before(text)


@pytest.mark.parametrize("text", AWKWARD)
@pytest.mark.parametrize("every", [1, 3, WORD_MARK_EVERY])
def test_awkward_text_has_the_word_marks_it_had(text, every):
    assert word_marks(text, every) == marks_before(text, every)
    assert indexed_positions_and_marks(text, every) == (indexed_before(text), marks_before(text, every))


@pytest.mark.parametrize("positions", [[0], [7], [70000], [3, 4], list(range(0, 3000, 3)), [5, 1 << 20, 1 << 31]])
def test_positions_are_encoded_as_whoosh_encodes_them(positions):
    assert encode_positions(positions) == Positions().encode(positions)


def _same_analysis(text: str) -> None:
    positions, marks = indexed_positions_and_marks(text, WORD_MARK_EVERY)
    assert positions == indexed_before(text)
    assert list(positions) == list(indexed_before(text))  # the same order too
    assert marks == marks_before(text, WORD_MARK_EVERY)


def test_generated_documents_have_the_terms_positions_and_marks_they_had(corpus_dir):
    for text in generated_texts(corpus_dir):
        _same_analysis(text)


def test_real_documents_have_the_terms_positions_and_marks_they_had(corpus_dir):
    texts = real_texts(corpus_dir)
    assert len(texts) > 20
    for text in texts:
        _same_analysis(text)


def _cut_as_tokens(text: str) -> None:
    assert SPLIT_RE.split(text) == re.compile(f"({TOKEN_RE.pattern})").split(text)


@pytest.mark.parametrize("text", AWKWARD + ["U.S. U.S.A. a.b.c. 'quoted' ’s x'y'z a..b a.'b Qur’an. *x* **", "it's.end"])
def test_awkward_text_is_cut_into_the_tokenizers_words(text):
    _cut_as_tokens(text)


def test_real_documents_are_cut_into_the_tokenizers_words(corpus_dir):
    for text in real_texts(corpus_dir):
        _cut_as_tokens(text)
