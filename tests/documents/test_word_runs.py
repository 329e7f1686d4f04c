r"""Words cut without a regular expression step per word are the words of ``\w+``.

``wordruns.words`` feeds the passage vectors and the copies' signatures; both
must stay what they were when ``re.findall(r"\w+", ...)`` cut the words, so
the index a build writes is the same. Compared on the shared corpus's real
documents, generated documents and texts written to be awkward.
"""
from __future__ import annotations

import re
import sys
import unicodedata
import zlib

import numpy as np
import pytest
from texts import generated_texts, real_texts

from indexer import config, duplicates, wordruns

AWKWARD = [
    "",
    "!!! ... ---",
    "ÉTAT civil – l’Europe naïve ﬁnance ½ Ⅻ ٣ 𝔘nicode_word x² «quoted» ＡＢＣ",
    "İstanbul ΣΑΣ ΌΣΟΣ ß straße ǅemal ﬀ",
    "a\ud800b c\x1cd e\u2028f g\xa0h i\u3000j k\x85l m\u200bn",
    "tab\tnew\nline\r\nform\ffeed __init__ 3.14 x-y O'Brien _",
]


@pytest.fixture(scope="module")
def texts(corpus_dir) -> list[str]:
    return [*real_texts(corpus_dir), *generated_texts(corpus_dir, count=200, every=10)]


def plain_quick_signature(text: str, k: int = config.MINHASH_VALUES) -> np.ndarray:
    """``quick_signature`` as first written: a word at a time."""
    words = [w.casefold() for w in re.findall(r"\w+", unicodedata.normalize("NFKC", text))]
    if not words:
        return np.zeros(0, dtype=np.uint64)
    vocabulary: dict[str, int] = {}
    ids = np.array([vocabulary.setdefault(w, len(vocabulary)) for w in words], dtype=np.int64)
    hashes = np.array([zlib.crc32(w.encode("utf-8")) for w in vocabulary], dtype=np.uint64)
    word_hashes = duplicates._mixed(hashes)[ids]
    size = min(config.SHINGLE_WORDS, len(words))
    runs = word_hashes[: len(words) - size + 1].copy()
    with np.errstate(over="ignore"):
        for offset in range(1, size):
            runs = runs * duplicates._MIX + word_hashes[offset: len(words) - size + 1 + offset]
        return np.unique(duplicates._mixed(runs))[:k]


def test_no_word_character_is_whitespace_or_folds_to_a_space():
    for code in range(sys.maxunicode + 1):
        character = chr(code)
        if character.isalnum() or character == "_":
            assert not character.isspace() and " " not in character.casefold(), hex(code)


def test_a_character_is_a_word_character_exactly_when_it_is_alphanumeric_or_the_underscore():
    word = re.compile(r"\w")
    for code in range(sys.maxunicode + 1):
        character = chr(code)
        assert bool(word.fullmatch(character)) == (character.isalnum() or character == "_"), hex(code)


@pytest.mark.parametrize("text", AWKWARD)
def test_an_awkward_text_s_words_are_those_of_the_regular_expression(text):
    assert wordruns.words(text) == re.findall(r"\w+", text)
    assert duplicates.folded_words(text) == [w.casefold() for w in re.findall(r"\w+", unicodedata.normalize("NFKC", text))]


def test_every_real_and_generated_text_s_words_are_those_of_the_regular_expression(texts):
    for text in texts:
        assert wordruns.words(text) == re.findall(r"\w+", text)
        assert wordruns.words(text.lower()) == re.findall(r"\w+", text.lower())


def test_every_real_and_generated_text_s_folded_words_are_those_folded_one_by_one(texts):
    for text in texts:
        normal = unicodedata.normalize("NFKC", text)
        assert duplicates.folded_words(text) == [w.casefold() for w in re.findall(r"\w+", normal)]


def test_every_signature_and_sample_is_the_one_computed_a_word_at_a_time(texts):
    for text in [*texts, *AWKWARD]:
        assert np.array_equal(duplicates.quick_signature(text), plain_quick_signature(text))
        middle, half = len(text) // 2, config.SAMPLE_CHARS // 2
        sample = plain_quick_signature(text[max(0, middle - half): middle + half], config.SAMPLE_VALUES)
        assert duplicates.sample_signature(text) == sample.tobytes()
